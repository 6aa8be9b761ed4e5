"""C2: adversarial conditions reach up to 1.2 us per call (the Fuchsia netstack's tree)."""
from ...model import figures, roles
from ...model.figures import Query
from . import common, words
from .verdict import ANY, REPRODUCED, Band, Part, twice

ID = "C2"
CLAIM = ("adversarial conditions (large futures, cold allocator, deep chains) reach up to 1.2 us "
         "per call")
SOURCE = "wg-async story 'Barbara benchmarks async_trait' (Fuchsia netstack)"
PUBLISHED = "tree: boxed 1.82 us - native 639 ns = 1.18 us per top-level call"
BAND = Band(*twice(1820 - 639), "ns", "the tree, boxed minus inline per top-level call")
FANOUTS = (1, 2, 3)  # The source gives no fan-out: each of the tree port's is a reading.
PARTS = tuple(Part("fan-out %d" % k, (1820 - 639,) * 2, BAND) for k in FANOUTS)
RULE = ANY
MISSING = "the tree port"


def _tree(form, k):
    return Query(suite=roles.TREE, form=form, fanout=k)


# The tree port, boxed minus inline per top-level call, each fan-out; the same in the Rust trees,
# in a set of their own.
TREE = {k: figures.diff(roles.TREE, "boxed-inline/fanout:%d" % k, _tree("boxed", k),
                        _tree("inline", k)) for k in FANOUTS}
RUST = dict(zip(FANOUTS, figures.twins(TREE.values(), figures.RUST_TREE)))
RESTS = list(TREE.values()) + list(RUST.values())


def figure(got, t):
    """Per fan-out: boxed minus inline per top-level call, with the tree table's rows."""
    parts, calls, per_box, rust = {}, {}, {}, {}
    for k, fig in TREE.items():
        e = got(fig)
        if e is None:
            continue
        name = "fan-out %d" % k
        boxed = common.one(t.get("tree"), form="boxed", fanout=k, allocator=got.head(fig),
                           lang=roles.C)
        parts[name] = e
        calls[name] = boxed["async_calls"] if boxed else None
        per_box[name] = e["value"] / boxed["allocs_per_call"] \
            if boxed and boxed.get("allocs_per_call") else None
        rust[name] = got(RUST[k])
    if not parts:
        return None
    boxes = [r for r in t.get("summary") or ()
             if r["mode"] == "box" and r["overhead_ns"] is not None]
    worst = max(boxes, key=lambda r: r["overhead_ns"]) if boxes else None
    return {"parts": parts, "calls": calls, "per_box": per_box,
            "rust": {k: e for k, e in rust.items() if e},
            "sweep": len(boxes), "sweep_1us": sum(r["overhead_ns"] >= 1000 for r in boxes),
            "worst": worst}


def say(f):
    ns = words.ns
    parts = ["%s (%s calls): %s, %s per box" % (
        k, f["calls"][k] if f["calls"][k] is not None else "?", words.interval(e, ns),
        ns(f["per_box"][k])) for k, e in f["parts"].items()]
    worst = f["worst"]
    sweep = ("; the matrix: %d of %d box configurations cost 1 us or more over inline, the most "
             "%s (%s, %s B, depth %s, %s)" % (
                 f["sweep_1us"], f["sweep"], ns(worst["overhead_ns"]), worst["allocator"],
                 worst["size"], worst["depth"], worst["state"]) if worst else "")
    fits = [k for k, e in f["parts"].items() if e and BAND.verdict(e["low"], e["high"]) ==
            REPRODUCED]
    rust = f.get("rust") or {}
    return ("tree, boxed minus inline per top-level call: " + "; ".join(parts) + sweep +
            ("; the same trees in real Rust (rustc, bench/rust: Box::pin of an async block at "
             "every call against native async fns): " + "; ".join(
                 "%s: %s" % (k, words.interval(e, ns)) for k, e in rust.items())
             if rust else ""),
            "the source gives depth 5, ready leaves and 512 copies, not the fan-out or what a node "
            "does; generated at fan-outs 1-3 with nodes that only mix their inputs; the row is "
            "reproduced when one fan-out is (%s)" % (
                "here: " + ", ".join(fits) if fits else "none is here"))
