"""C12: 2026's crates around the box: an inline buffer makes a small call about 3.7x cheaper."""
from ...model import figures, roles
from . import words
from .verdict import ALL, part

ID = "C12"
CLAIM = ("2026's crates around the box: an inline buffer (stackfuture, dyn-utils) makes a small "
         "async trait call about 3.7x cheaper than boxing it (async_trait, dynosaur): 4.3 against "
         "15.9 ns")
SOURCE = "wyfo/dyn-utils benches/README.md (divan, ubuntu-24.04 x86-64)"
PUBLISHED = "async_trait 15.87, dynosaur 16.49, dynify 17.51, dyn-utils 4.87, stackfuture 4.32 ns"
PARTS = (part("box minus buffer", 15.87 - 4.32, what="box-inplace minus inline-buf-64, 16 B, "
              "ready, depth 1"),
         part("box over buffer", 15.87 / 4.32, unit="x", what="box-inplace over inline-buf-64"))
RULE = ALL
MISSING = "the crates set (16 B, ready, each way)"
BOUND = roles.MALLOC_FREE

# The source's call (one async method of a small future, ready at its first poll, through a trait
# object) in each of its rows' ways, as the matrix's modes at 16 B, depth 1, ready: its
# #[async_trait] and dynosaur (a Box per call; the body inlined, so the future is built in the
# box), dynify (built through the trait object in storage the caller provides), stackfuture and
# dyn-utils (an inline buffer; the source's 128 bytes, the matrix's nearest 64), native.
CRATE_MODES = (("async_trait, dynosaur", "box-inplace"), ("dynify", "dyn"),
               ("stackfuture, dyn-utils", "inline-buf-64"), ("native async fn", "inline"))
BOX, BUF = "box-inplace", "inline-buf-64"
UNIT = {m: figures.matrix(m, 16, pattern=roles.READY) for _, m in CRATE_MODES}
WAYS = {m: figures.combo("crates", m, ((1, UNIT[m]),)) for _, m in CRATE_MODES}
GAP = figures.diff("crates", "box-buf", UNIT[BOX], UNIT[BUF])
RATIO = figures.ratio("crates", "box/buf", UNIT[BOX], UNIT[BUF])
RUST = dict(zip(("ways", "gap", "ratio"), (
    figures.twins(WAYS.values(), "crates"), figures.twin(GAP, "crates"),
    figures.twin(RATIO, "crates"))))
RESTS = list(WAYS.values()) + [GAP, RATIO] + RUST["ways"] + [RUST["gap"], RUST["ratio"]]


def figure(got, t):
    """The gap and the ratio on the first allocator, judged; every way per allocator, C and Rust,
    for the words."""
    if not got.allocators(GAP):
        return None
    head = got.head(GAP)
    ways = {"C": list(WAYS.values()), "Rust": RUST["ways"]}
    per = {a: {lang: {m: got(f, a) for (_, m), f in zip(CRATE_MODES, figs)}
               for lang, figs in ways.items()}
           for a in got.allocators(GAP)}
    return {"parts": {"box minus buffer": got(GAP, head), "box over buffer": got(RATIO, head)},
            "head": head, "per": per,
            "rust": {"box minus buffer": got(RUST["gap"], head),
                     "box over buffer": got(RUST["ratio"], head)}}


def say(f):
    ns, interval = words.ns, words.interval

    def order(ways):
        known = [(e["value"], crates) for crates, m in CRATE_MODES for e in [ways[m]] if e]
        return " < ".join("%s %s" % (c, ns(v)) for v, c in sorted(known))
    lines = ["%s on %s: %s" % (lang, a, order(ways)) for a, langs in f["per"].items()
             for lang, ways in langs.items() if any(ways.values())]
    rust = f["rust"]
    return ("one call of a 16-byte future ready at its first poll, through a trait object, on %s: "
            "box (box-inplace) minus inline buffer (inline-buf-64) %s, box over buffer %s%s"
            % (f["head"], interval(f["parts"]["box minus buffer"], ns),
               interval(f["parts"]["box over buffer"], words.times),
               "; in real Rust (bench/rust's twins): %s, %s" % (
                   interval(rust["box minus buffer"], ns),
                   interval(rust["box over buffer"], words.times))
               if rust["box minus buffer"] else ""),
            "each way's ns per call, fastest first: " + "; ".join(lines) +
            ". The source ran each crate's own code (divan, GitHub's x86-64 runner); here each is "
            "the matrix mode that does what the crate does")
