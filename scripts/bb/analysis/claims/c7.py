"""C7: allocating a 16 KiB uninitialised box takes ~465 ns (the method is unknown: each reading)."""
from ...model import figures
from . import common, words
from .got import summary_estimate
from .verdict import ANY, REPRODUCED, Band, Part, twice

ID = "C7"
CLAIM = "allocating a 16 KiB uninitialised box takes ~465 ns"
SOURCE = common.RAB + ", versions of 2020-10 to 2022-07 only"
PUBLISHED = "465 ns"
BAND = Band(*twice(465), "ns", "16 KiB")
COLD = ("cache-cold", "heap-cold")  # The states in which an allocation is cold.
PARTS = tuple(Part(k, (465, 465), BAND) for k in (
    "malloc+free, warm", "box with its copy, warm") + tuple("malloc+free, " + s for s in COLD))
RULE = ANY
MISSING = "the small set (malloc+free and box of 16 KiB)"

# malloc+free of 16 KiB, and a 16 KiB box with its copy over inline (the cold readings come from
# the matrix).
ALLOC = common.alloc(16384)
BOX = figures.diff("small", "box-inline/16384/pending", figures.matrix("box", 16384),
                   figures.matrix("inline", 16384))
RESTS = [ALLOC, BOX]


def figure(got, t):
    """Each reading of the 465 ns: malloc+free of 16 KiB, warm; a 16 KiB box with its copy over
    inline, warm; malloc+free of 16 KiB in each cold state measured (the summary's rows)."""
    parts = {"malloc+free, warm": got(ALLOC), "box with its copy, warm": got(BOX)}
    head = got.head(ALLOC)
    for r in common.pick(t.get("summary"), mode="alloc", size=16384, allocator=head):
        if r["state"] in COLD:
            parts["malloc+free, %s" % r["state"]] = summary_estimate(r, t.get("run"))
    if not any(parts.values()):
        return None
    return {"parts": parts, "head": head}


def say(f):
    verdicts = {k: BAND.verdict(e["low"], e["high"]) for k, e in f["parts"].items() if e}
    fits = [k for k, x in verdicts.items() if x == REPRODUCED]
    return ("%s, 16 KiB: %s" % (f["head"], words.parts(f["parts"], words.ns)),
            "the figure stood in rust-async-bench's README only in its versions of 2020-10 to "
            "2022-07 (removed 2022-09), beside 32-request figures, with no code that timed it: the "
            "method is unknown, so each reading is judged (%s) and the row is reproduced when one "
            "is; %s" % (", ".join("%s %s" % kv for kv in verdicts.items()),
                        "the figure fits " + " and ".join(fits) if fits else
                        "no reading measured here fits it"))
