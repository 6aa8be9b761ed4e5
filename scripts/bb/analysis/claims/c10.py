"""C10: a boxed local future adds 4-5 ns per message over a synchronous trait."""
from ...model import figures, roles
from . import c1, common, words
from .verdict import ALL, part

ID = "C10"
CLAIM = "a boxed local future adds 4-5 ns per message over a synchronous trait"
SOURCE = "DataDog/glommio PR 268, a review comment"
PUBLISHED = "4-5 ns per message"
PARTS = (part("overhead", 4, 5, what="box minus inline, ready, median of 16-256 B, glibc"),)
RULE = ALL
MISSING = "the small set (box and inline, ready)"
BOUND = roles.MALLOC_FREE

# C1's figures, the ready pattern alone (a message handled at once).
BOX = common.box_inlines((roles.READY,))
RUST = figures.twins(BOX)
RESTS = BOX + [c1.ALLOC64] + RUST


def figure(got, t):
    e = got.median(BOX)
    if e is None:
        return None
    head = got.head(BOX[0])
    boxes = [r["allocs_per_call"] for r in common.pick(t.get("summary"), mode="box", depth=1,
                                                        allocator=head)
             if r["size"] in common.SMALL]
    return {"parts": {"overhead": e}, "alloc64": got(c1.ALLOC64), "head": head,
            "allocs": boxes[0] if boxes and len(set(boxes)) == 1 else None,
            "rust": got.median(RUST)}


def say(f):
    a = f["allocs"]
    return ("box minus inline, ready at first poll, median of 16-256 B, %s: %s"
            % (f["head"], words.interval(f["parts"]["overhead"], words.ns)) +
            words.rust(f.get("rust"), words.ns),
            "every boxed call here makes %s allocation(s) and as many frees (the catalogue's "
            "count, which the tests prove), and malloc+free of 64 B alone costs %s in the same "
            "set" % ("%g" % a if a is not None else "?", words.interval(f["alloc64"], words.ns)))
