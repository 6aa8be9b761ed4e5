"""C4: 30 ns per call accumulates to 30 ms per million packets (arithmetic on C1's figure)."""
from . import c1, common, words
from .verdict import PREMISE, Part

ID = "C4"
CLAIM = "30 ns per call accumulates to 30 ms per million packets"
SOURCE = common.BLOG
PUBLISHED = "30 ms per million calls (3% of a core at 1 M/s)"
PARTS = (Part("ms per million calls", (30, 30), None),)
RULE = PREMISE
PREMISE_OF = c1


def figure(got, t):
    """C1's overhead per call, as arithmetic: ns per call are ms per million calls, and the share
    of a core at 1 M calls/s is ns / 10 percent."""
    f = c1.figure(got, t)
    return None if f is None else {"parts": {"ms per million calls": f["parts"]["overhead"]}}


def say(f):
    e = f["parts"]["ms per million calls"]
    return ("C1's overhead x 1e6 calls: %.2f ms per million calls (95%%: %.2f .. %.2f); %.2f%% of "
            "one core at 1 M calls/s" % (e["value"], e["low"], e["high"], e["value"] / 10),
            "holds as arithmetic (30 ns x 1e6 = 30 ms, 3%% of a core at 1 M/s); the premise is "
            "C1's per-call figure, %s here against the 30 ns assumed" % words.ns(e["value"]))

