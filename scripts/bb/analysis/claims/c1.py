"""C1: one Box::pin of a small future, warm, costs roughly 20-30 ns per call."""
from ...model import figures, roles
from . import common, words
from .verdict import ALL, part

ID = "C1"
CLAIM = "one Box::pin of a small future, warm allocator: roughly 20-30 ns per call"
SOURCE = common.BLOG + ", section 'the overhead everyone talks about'"
PUBLISHED = "20-30 ns"
PARTS = (part("overhead", 20, 30, what="box minus inline, median of 16-256 B in both patterns, "
              "glibc"),)
RULE = ALL
MISSING = "the small set (box and inline at 16-256 B)"
BOUND = roles.MALLOC_FREE

# Box minus inline at the small sizes, and malloc+free of 64 B beside them; the same in real Rust,
# where the runner has it.
BOX = common.box_inlines()
ALLOC64 = common.alloc(64)
RUST = figures.twins(BOX)
RESTS = BOX + [ALLOC64] + RUST


def box_overheads(summary, allocator):
    """(overheads, whole calls) of box at the small sizes, warm, depth 1, from the summary."""
    rows = [r for r in common.pick(summary, mode="box", allocator=allocator, state=roles.WARM,
                                   depth=1)
            if r["size"] in common.SMALL and r["overhead_ns"] is not None]
    return [r["overhead_ns"] for r in rows], [r["ns_per_call"] for r in rows]


def figure(got, t):
    e = got.median(BOX)
    if e is None:
        return None
    s = t.get("summary")
    return {"parts": {"overhead": e}, "head": got.head(BOX[0]), "alloc64": got(ALLOC64),
            "rust": got.median(RUST),
            "per": {a: box_overheads(s, a) for a in common.allocators(s)
                    if box_overheads(s, a)[0]}}


def say(f):
    ns = words.ns
    parts = ["%s %s-%s" % (a, ns(min(o)), ns(max(o))) for a, (o, c) in f["per"].items()]
    return ("box minus inline, median of 16-256 B in both patterns, %s: %s" % (
                f["head"], words.interval(f["parts"]["overhead"], ns)) +
            ("; the matrix's range per allocator: " + "; ".join(parts) if parts else "") +
            words.rust(f.get("rust"), ns),
            "malloc+free of 64 B alone costs %s here (the same set), so the allocator is %.0f%% "
            "of the overhead; the rest is the copy, the dispatch and the drop" % (
                words.interval(f["alloc64"], ns), 100 * f["alloc64"]["value"] /
                f["parts"]["overhead"]["value"]) if f["alloc64"] else
            "malloc+free alone was not measured in this run")
