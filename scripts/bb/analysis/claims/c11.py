"""C11: async-trait over a nested stream, about 13 ns per boxed future on glibc, 22 on jemalloc."""
import math

from ...model import figures, roles
from . import words
from .got import difference
from .verdict import ALL, Band, Part, part

ID = "C11"
CLAIM = ("async-trait over a nested stream: about 13 ns per boxed future on glibc, 22 ns on "
         "jemalloc")
SOURCE = "Matthias247/async_trait_experiments README"
PUBLISHED = "glibc 12.9 ns, jemalloc 22.4 ns per boxed future ((1.40 us, 2.37 us - 89 ns) / 102)"
PARTS = (part("glibc", (1400 - 89) / 102, what="box minus inline per box, glibc"),
         part("jemalloc", (2370 - 89) / 102, what="box minus inline per box, jemalloc"),
         Part("jemalloc minus glibc", ((2370 - 1400) / 102,) * 2,
              Band(0, math.inf, "ns", "jemalloc minus glibc per box")))
RULE = ALL
MISSING = "the chain set (the source's nested stream)"
BOUND = roles.MALLOC_FREE
ALLOCATORS = (roles.DEFAULT_ALLOCATOR, roles.JEMALLOC)  # The source's two (figures.SETS' chain).


def _per_box(cat):
    """1 / the boxes one call of the chain makes."""
    return 1.0 / figures.find(cat, **dict(BOX_UNIT)).allocs


# The source's shape: a stream wrapping a stream, both async-trait methods ready at once, so each
# next() boxes two small futures; per boxed future, box minus inline.
BOX_UNIT, INLINE_UNIT = (figures.matrix(m, 16, depth=2, pattern=roles.READY)
                         for m in ("box", "inline"))
PER_BOX = figures.diff("chain", "box-inline/per-box", BOX_UNIT, INLINE_UNIT, _per_box)
RUST = figures.twin(PER_BOX, "chain")
RESTS = [PER_BOX, RUST]


def figure(got, t):
    per = {a: got.each(PER_BOX, a) for a in ALLOCATORS}
    if not any(per.values()):
        return None
    glibc, jemalloc = (per[a] for a in ALLOCATORS)
    rust = {a: got(RUST, a) for a in ALLOCATORS}
    return {"parts": {"glibc": got(PER_BOX, ALLOCATORS[0]), "jemalloc": got(PER_BOX, ALLOCATORS[1]),
                      "jemalloc minus glibc": difference(glibc, jemalloc)},
            "rust": rust if any(rust.values()) else None}


def say(f):
    p = f["parts"]
    order = p["jemalloc minus glibc"]
    rust = f.get("rust") or {}
    twins = "; ".join("%s: %s" % (a, words.interval(e, words.ns)) for a, e in rust.items() if e)
    return ("the source's shape (a stream wrapping a stream, both async-trait methods ready at "
            "once: two boxes of small futures per next()), box minus inline per box: %s"
            % words.parts(p, words.ns) +
            ("; the same in real Rust (rustc, bench/rust): %s" % twins if twins else ""),
            "each box pays a malloc, a free, a copy of its future and its dispatch; the halves "
            "and the ordering are judged, the row by all three%s" % (
                "; jemalloc is %s glibc here, the published run had it slower" % (
                    "slower than" if order["low"] > 0 else "faster than" if order["high"] < 0
                    else "not told apart from") if order else ""))
