"""C5: against a TCP round trip or a database query, boxing is ~0.003% (arithmetic on C1's)."""
from . import c1, common, words
from .got import share
from .verdict import PREMISE, Part

ID = "C5"
CLAIM = ("against a TCP round trip (~500 us) or a database query (1-10 ms) boxing is ~0.003%")
SOURCE = common.BLOG
PUBLISHED = "~0.003% (30 ns of a 1 ms query)"
PARTS = (Part("of 1 ms", (0.003, 0.003), None), Part("of 10 ms", (0.0003, 0.0003), None),
         Part("of the loopback round trip", (0.006, 0.006), None))
RULE = PREMISE
PREMISE_OF = c1


def figure(got, t):
    """C1's overhead as a share of a 1 ms and a 10 ms database query (the source's case) and of a
    loopback round trip measured here."""
    f = c1.figure(got, t)
    if f is None:
        return None
    o = f["parts"]["overhead"]
    rtt = common.one(t.get("net"), what="tcp-loopback")
    parts = {"of 1 ms": share(o, 1e6), "of 10 ms": share(o, 1e7)}
    if rtt:
        parts["of the loopback round trip"] = share(o, rtt["ns_per_round_trip"])
    return {"parts": parts, "rtt": rtt["ns_per_round_trip"] if rtt else None, "ns": o["value"]}


def say(f):
    return ("C1's overhead as a share: %s" % words.parts(f["parts"], lambda v: "%.3g%%" % v),
            "holds as arithmetic (the source's 0.003%% is 30 ns of a 1 ms query); the premise is "
            "C1's figure, %s here%s" % (
                words.ns(f["ns"]), "; the loopback TCP round trip measured here is %s, what this "
                "machine's kernel does for one byte each way" % words.ns(f["rtt"])
                if f["rtt"] else ""))
