"""The claims table: every published figure boxbench checks (docs/claims.md), as data.

A claim is one row of CLAIMS: its id, the claim, its source, and the parts it is judged by. A part
is one published figure (a number or a range, with the source's own numbers it comes from in
docs/claims.md, which a fast test holds to this table) and the band the measured figure is held
against. A claim's `rests` function names the figures of the interleaved sets it reads, built
from the runner catalogue's coordinates, and the sets a run measures derive from them (`sets`):
a new claim is one row, its functions and its docs. Its `figure` function computes every part's
estimate from a results folder's tables; its `words` function words them; the verdicts follow
from the estimates and the bands alone, and the row's verdict from its parts by the claim's rule:

- ALL: the claim says all its parts (C6: the executor, with syscalls and without, and boxing; C8
  and C11: both halves): reproduced when every part is, not reproduced when any part is not,
  inconclusive otherwise.
- ANY: the source leaves a choice it did not record (C2: the tree's fan-out; C7: the method):
  reproduced when some reading is, not reproduced when every reading is not, inconclusive
  otherwise; the explanation says which readings fit.
- PREMISE: arithmetic on another claim's figure (C4 and C5 on C1's): no band of its own; the
  arithmetic is shown, and the verdict is the premise's.

Every estimate a verdict rests on carries a 95% interval over runner processes (stats.py):
reproduced when the whole interval lies in the band, not reproduced when it lies wholly outside,
inconclusive when it straddles an edge. A verdict whose interval ends within one half-width of an
edge is marked edge-sensitive: another draw of processes could move it across. Where a part's
process estimates split into two modes (two layouts), the words say so with the modes' counts.

A band is the published figure within a factor of two either way unless the part says otherwise:
a microbenchmark on another machine that lands within 2x reproduces the claim's magnitude; one
that lands outside is a finding to explain, which the explanation does from this run's figures.
"""
import collections
import math
import random
import statistics

from ..model import figures, machine, roles, stats
from ..model.text import markdown_table
from . import fidelity
from .summary import processes_of

REPRODUCED, NOT, INCONCLUSIVE, NOT_C, MISSING = (
    "reproduced", "not reproduced", "inconclusive", "not reproducible in C", "not measured")
EDGE = "edge-sensitive"
ALL, ANY, PREMISE = "all", "any", "premise"
COLUMNS = ("id", "claim", "source", "published", "measured", "figure", "interval", "band",
           "verdict", "explanation")
SMALL = figures.SMALL  # "a small future": the sizes C1, C9 and C10 speak of
COLD = ("cache-cold", "heap-cold")  # the states in which an allocation is cold (C7)


class Band(collections.namedtuple("Band", "low high unit what")):
    """[low, high] in unit, around `what` (the figure that is held against it)."""

    def verdict(self, low, high):
        """Reproduced when the whole interval lies in the band, not reproduced when it lies wholly
        outside, inconclusive when it straddles an edge."""
        if low is None or high is None:
            return MISSING
        if self.low <= low and high <= self.high:
            return REPRODUCED
        if high < self.low or low > self.high:
            return NOT
        return INCONCLUSIVE

    def edge_sensitive(self, low, high):
        """Whether an edge lies within half the interval's width of either end: a verdict another
        draw of processes could turn."""
        half = (high - low) / 2
        return any(math.isfinite(e) and (low - half <= e <= high + half)
                   for e in (self.low, self.high))

    def __str__(self):
        if math.isinf(self.high):
            return "%s: above %.4g %s" % (self.what, self.low, self.unit)
        return "%s: %.4g .. %.4g %s" % (self.what, self.low, self.high, self.unit)


def twice(low, high=None):
    """The default band: the published figure (or range) within a factor of two either way (a
    negative one too: from twice its size to half of it)."""
    return tuple(sorted((low / 2, (high if high is not None else low) * 2)))


class Part(collections.namedtuple("Part", "name published band")):
    """One published figure of a claim: published is (low, high), equal for a single number."""


Claim = collections.namedtuple("Claim", "id claim source published parts rule rests figure words "
                                        "missing")


# Lookups over a folder's tables (t: {table name: rows}).

def pick(rows, **want):
    return [r for r in rows or () if all(r.get(k) == v for k, v in want.items())]


def one(rows, **want):
    found = pick(rows, **want)
    return found[0] if found else None


def allocators(rows):
    return list(dict.fromkeys(r["allocator"] for r in rows or ()))


def head_allocator(rows):
    """glibc where measured (Rust's default allocator on Linux, the published figures' own)."""
    found = allocators(rows)
    return roles.DEFAULT_ALLOCATOR if roles.DEFAULT_ALLOCATOR in found else (found or [None])[0]


def box_overheads(summary, allocator, pattern=None, state="warm", depth=1):
    """(overheads, whole calls) of box at the small sizes, from the summary."""
    rows = [r for r in pick(summary, mode="box", allocator=allocator, state=state, depth=depth)
            if r["size"] in SMALL and (pattern is None or r["pattern"] == pattern)
            and r["overhead_ns"] is not None]
    return [r["overhead_ns"] for r in rows], [r["ns_per_call"] for r in rows]


def syscall_ns(t):
    """One syscall of the event loop: manual with syscalls minus manual, per syscall (the tables'
    medians)."""
    ev = t.get("eventloop")
    m, ms = one(ev, variant="manual"), one(ev, variant="manual+syscalls")
    if m and ms and ms.get("syscalls_per_request"):
        return (ms["ns_per_request"] - m["ns_per_request"]) / ms["syscalls_per_request"]
    return None


# Estimates with intervals: every figure a verdict rests on comes from an interleaved set, one
# estimate per runner process, and its 95% t-interval over the processes (stats.t_interval).

def estimate(values, a=1.0, b=0.0):
    """{value, low, high, processes, modes} of a * x + b over the processes' values x; modes is
    [(centre, count), ...] where the values split in two (stats.modes), else None."""
    if len(values) < 2:
        return None
    mean, low, high = stats.t_interval(values)
    lo, hi = sorted((a * low + b, a * high + b))
    m = stats.modes(values)
    return {"value": a * mean + b, "low": lo, "high": hi, "processes": len(values),
            "modes": [(a * c + b, n) for c, n in m] if m else None}


def summary_estimate(row, run):
    """An estimate from a matrix row of summary.csv (a case outside the interleaved sets): its
    median, the spread of its processes' medians (process_cv) and their number (repetitions over
    those each process ran), as a t-interval; None without two processes."""
    if row is None or row.get("process_cv") is None:
        return None
    k = processes_of(row, run)
    if k < 2:
        return None
    m = row["ns_per_call"]
    half = stats.t975(k - 1) * row["process_cv"] * m / math.sqrt(k)
    return {"value": m, "low": m - half, "high": m + half, "processes": k, "modes": None}


def set_allocator(t, set_name, allocator=None):
    rows = pick(t.get("figure_processes"), set=set_name)
    return allocator if allocator is not None else head_allocator(rows)


def per_process(t, set_name, names, allocator=None, combine=statistics.median):
    """Per runner process, `combine` of the named figures' values (a process lacking one is left
    out)."""
    a = set_allocator(t, set_name, allocator)
    by = collections.defaultdict(dict)
    for r in pick(t.get("figure_processes"), set=set_name, allocator=a):
        if r["figure"] in names:
            by[r["process"]][r["figure"]] = r["value"]
    return [combine([got[n] for n in names]) for _, got in sorted(by.items())
            if len(got) == len(names)]


def figure_of(t, set_name, name, allocator=None, a=1.0, b=0.0):
    """One figure's estimate, a * x + b."""
    return estimate(per_process(t, set_name, [name], allocator, lambda v: v[0]), a, b)


def ratio_pct(t, set_name, name, allocator=None):
    """A ratio figure as a percentage difference, 100 (r - 1)."""
    return figure_of(t, set_name, name, allocator, 100.0, -100.0)


def difference(x, y):
    """mean(y) - mean(x) of two groups of independent processes' values, with Welch's 95%
    interval (in the values' own units); None below two processes a side."""
    if len(x) < 2 or len(y) < 2:
        return None
    w = stats.Welch(*((statistics.fmean(v), statistics.variance(v), len(v)) for v in (x, y)))
    half = stats.t975(w.df) * w.se
    return {"value": w.diff, "low": w.diff - half, "high": w.diff + half,
            "processes": len(x) + len(y), "modes": None}


# Words.

def ns(v):
    if v is None:
        return "?"
    if abs(v) >= 1e6:
        return "%.2f ms" % (v / 1e6)
    if abs(v) >= 1e3:
        return "%.2f us" % (v / 1e3)
    return "%.2f ns" % v if abs(v) < 100 else "%.1f ns" % v


def pct(v):
    return "%+.2f%%" % v


def times(v):
    return "%.2fx" % v


def interval_words(e, fmt):
    if e is None:
        return "?"
    text = "%s (95%%: %s .. %s, %d processes)" % (fmt(e["value"]), fmt(e["low"]), fmt(e["high"]),
                                                  e["processes"])
    if e.get("modes"):
        text += "; two modes: %s" % ", ".join(
            "%s in %d of %d processes" % (fmt(c), n, e["processes"]) for c, n in e["modes"])
    return text


def box_inline(size, pattern):
    """The small set's figure of box minus inline at a size and pattern (C1's)."""
    return "box-inline/%d/%s" % (size, pattern)


def _box_inline(pattern=None):
    return [box_inline(size, p) for size in SMALL
            for p in ("pending", "ready") if pattern in (None, p)]


# What each claim rests on: the figures of the interleaved sets (figures.py) it reads, built from
# the catalogue's coordinates; the sets a run measures derive from them (sets below). The names
# are the ones its figure function reads back from the folder's tables.

def _alloc(cat, size):
    a = figures.find(cat, suite="matrix", mode="alloc", size=size, state="warm")
    return figures.combo("small", "alloc/%d" % size, ((1, a),))


def rests_c1(cat, patterns=("pending", "ready")):
    """Box minus inline at the small sizes, and malloc+free of 64 B beside them; the same in real
    Rust, where the runner has it."""
    box = [figures.diff("small", box_inline(size, p),
                        figures.matrix(cat, "box", size, pattern=p),
                        figures.matrix(cat, "inline", size, pattern=p))
           for size in SMALL for p in patterns]
    return box + [_alloc(cat, 64)] + figures.rust_twins(cat, box)


def rests_c2(cat):
    """The tree port, boxed minus inline per top-level call, each fan-out; the same in the Rust
    trees, where the runner has them."""
    out = [figures.diff("tree", "boxed-inline/fanout:%d" % k,
                        *(figures.find(cat, suite="tree", form=f, fanout=k)
                          for f in ("boxed", "inline")))
           for k in sorted({u.fanout for u in cat.of_suite("tree")})]
    return out + figures.rust_twins(cat, out, figures.RUST_TREE)


def _variants(cat):
    v = {u.variant: u for u in cat.of_suite("eventloop")}
    return v, 1.0 / (v["box"].allocs - v["nonbox"].allocs)


def rests_c3(cat):
    """Box over nonbox with syscalls, and the busy-wait control: each syscall replaced by a busy
    wait as long, so the kernel entry's own share per box is measured; a box without either."""
    v, per_box = _variants(cat)
    out = [figures.ratio("syscalls", "box/nonbox+syscalls", v["box+syscalls"],
                         v["nonbox+syscalls"]),
           figures.ratio("syscalls", "box/nonbox+spin", v["box+spin"], v["nonbox+spin"])]
    out += [figures.diff("syscalls", "box-nonbox/per-box+" + k, v["box+" + k], v["nonbox+" + k],
                         per_box) for k in ("syscalls", "spin")]
    out += [figures.combo("syscalls", "kernel-entry/per-box", (
                (1, v["box+syscalls"]), (-1, v["nonbox+syscalls"]), (-1, v["box+spin"]),
                (1, v["nonbox+spin"])), scale=per_box),
            figures.ratio("syscalls", "spin/syscall", v["manual+spin"], v["manual+syscalls"]),
            figures.diff("nosyscalls", "box-nonbox/per-box", v["box"], v["nonbox"], per_box)]
    return out


def rests_c6(cat):
    """The executor over the hand-written loop, without syscalls and with them; boxing per
    request."""
    v, _ = _variants(cat)
    return [figures.ratio("nosyscalls", "nonbox/manual", v["nonbox"], v["manual"]),
            figures.ratio("syscalls", "nonbox/manual+syscalls", v["nonbox+syscalls"],
                          v["manual+syscalls"]),
            figures.diff("nosyscalls", "box-nonbox/per-request", v["box"], v["nonbox"],
                         1.0 / v["box"].requests)]


def rests_c7(cat):
    """malloc+free of 16 KiB, and a 16 KiB box with its copy over inline (the cold readings come
    from the matrix)."""
    return [_alloc(cat, 16384),
            figures.diff("small", "box-inline/16384/pending", figures.matrix(cat, "box", 16384),
                         figures.matrix(cat, "inline", 16384))]


def rests_c8(cat):
    v, _ = _variants(cat)
    return [figures.ratio("wakers", "%s/arc+syscalls" % k, v["box+%s+syscalls" % k],
                          v["box+arc+syscalls"]) for k in ("rc", "chkrc")]


def rests_c9(cat):
    """One more poll through the vtable minus one more direct poll: the pending pattern polls
    twice and the ready one once, so pending minus ready is one poll."""
    out = []
    for size in SMALL:
        u = {(m, p): figures.matrix(cat, m, size, pattern=p) for m in ("dyn", "inline")
             for p in ("pending", "ready")}
        out += [figures.diff("small", "poll-%s/%d" % (m, size), u[m, "pending"], u[m, "ready"])
                for m in ("dyn", "inline")]
        out.append(figures.combo("small", "poll/%d" % size, (
            (1, u["dyn", "pending"]), (-1, u["dyn", "ready"]), (-1, u["inline", "pending"]),
            (1, u["inline", "ready"]))))
    return out + figures.rust_twins(cat, out)


def rests_c10(cat):
    return rests_c1(cat, ("ready",))


def rests_c11(cat):
    """The source's shape: a stream wrapping a stream, both async-trait methods ready at once, so
    each next() boxes two small futures; per boxed future, box minus inline."""
    box, inline = (figures.matrix(cat, m, 16, depth=2, pattern="ready") for m in ("box", "inline"))
    out = [figures.diff("chain", "box-inline/per-box", box, inline, 1.0 / box.allocs)]
    return out + figures.rust_twins(cat, out, "chain")


# C12: the source's call (one async method of a small future, ready at its first poll, through a
# trait object) in each of its rows' ways, as the matrix's modes at 16 B, depth 1, ready: its
# #[async_trait] and dynosaur (a Box per call; the body inlined, so the future is built in the box),
# dynify (built through the trait object in storage the caller provides), stackfuture and
# dyn-utils (an inline buffer; the source's 128 bytes, the matrix's nearest 64), native.
CRATE_MODES = (("async_trait, dynosaur", "box-inplace"), ("dynify", "dyn"),
               ("stackfuture, dyn-utils", "inline-buf-64"), ("native async fn", "inline"))
C12_BOX, C12_BUF = "box-inplace", "inline-buf-64"


def rests_c12(cat):
    """Each way's ns per call, the box minus the buffer and the box over the buffer; the same in
    Rust, in the same set."""
    unit = {m: figures.matrix(cat, m, 16, pattern="ready") for _, m in CRATE_MODES}
    out = [figures.combo("crates", m, ((1, unit[m]),)) for _, m in CRATE_MODES]
    out += [figures.diff("crates", "box-buf", unit[C12_BOX], unit[C12_BUF]),
            figures.ratio("crates", "box/buf", unit[C12_BOX], unit[C12_BUF])]
    return out + figures.rust_twins(cat, out, "crates")


def sets(cat):
    """The interleaved sets every claim's figures are measured in, derived from the claims."""
    return figures.sets_of(f for c in CLAIMS for f in c.rests(cat))


def resting(cat):
    """{set label: the ids of the claims whose figures it measures}."""
    out = collections.defaultdict(list)
    for c in CLAIMS:
        for label in dict.fromkeys(f.set for f in c.rests(cat)):
            out[label].append(c.id)
    return dict(out)


def short_sets(t, cid):
    """Why claim cid's sets gave no figure, in words: each of its sets in this run with fewer than
    two processes that have their rounds (figures.short_words); empty where none is short."""
    return "; ".join(figures.short_words(r) for r in t.get("sets") or ()
                     if cid in (r.get("claims") or "").split() and (r["counted"] or 0) < 2)


def processes_words(t, cid):
    """How many processes claim cid's sets ran and why each stopped (sets.csv), in words; empty
    where the run kept no such record."""
    return ", ".join("%s on %s %d processes (%s)" % (r["set"], r["allocator"], r["processes"],
                                                    r["stopped"])
                     for r in t.get("sets") or ()
                     if cid in (r.get("claims") or "").split() and r.get("stopped"))


def differing_cells(t, cid):
    """In words, the cells claim cid's sets measure (run.json's sets naming it) where the fidelity
    sets found C beyond 25% of Rust; empty where none (or no fidelity was measured)."""
    units = {u for e in (t.get("run") or {}).get("sets") or () if cid in e.get("claims", ())
             for u in e["units"]}
    far = [r for r in t.get("fidelity") or ()
           if r.get("unit") in units and r["verdict"] == fidelity.DIFFERS]
    return fidelity.cells_words(far)


# The parts the original event loop measures too (`reproduce --original`): claim, part, the
# figure's name (as the port's), and the part's units as a * figure + b.
ORIGINAL_PARTS = (("C3", "box / nonbox with syscalls", "box/nonbox+syscalls", 100.0, -100.0),
                  ("C6", "executor, no syscalls", "nonbox/manual", 1.0, 0.0),
                  ("C6", "executor, syscalls", "nonbox/manual+syscalls", 100.0, -100.0),
                  ("C6", "boxing per request", "box-nonbox/per-request", 1.0, 0.0),
                  ("C8", "rc / arc", "rc/arc+syscalls", 100.0, -100.0),
                  ("C8", "chkrc / arc", "chkrc/arc+syscalls", 100.0, -100.0))


def original_parts(t, c):
    """{part: (estimate, verdict)} of the original's figures for claim c, where the run measured
    them (`reproduce --original`), each judged against the part's own band."""
    out = {}
    for cid, part, name, a, b in ORIGINAL_PARTS:
        if cid != c.id:
            continue
        labels = {r["set"] for r in t.get("figure_processes") or ()
                  if r["figure"] == name and figures.kind(r["set"]) == figures.ORIGINAL}
        e = figure_of(t, labels.pop(), name, None, a, b) if len(labels) == 1 else None
        band = next(p.band for p in c.parts if p.name == part)
        if e is not None:
            out[part] = (e, band.verdict(e["low"], e["high"]))
    return out


def _original_words(c, got, judged, port):
    """The original's figures beside the port's (port: {part: estimate}), and whether the port or
    the machine decides the verdict: the same verdicts, or the figures apart."""
    unit = {p.name: p.band.unit for p in c.parts}
    fmt = {"%": pct, "x": times}
    each = ["%s %s (%s)" % (part, interval_words(e, fmt.get(unit[part], ns)), v)
            for part, (e, v) in got.items()]
    apart = [part for part, (e, v) in got.items() if judged[part][0] != v]
    if not apart:
        say = "the same verdicts as the port's: this machine decides them"
    else:
        far = [part for part in apart if port.get(part) and
               (port[part]["high"] < got[part][0]["low"] or
                port[part]["low"] > got[part][0]["high"])]
        say = ("another verdict than the port's for %s, the two figures apart: there the port "
               "decides the row's verdict, not the machine" % ", ".join(far) if far else
               "another verdict than the port's for %s, though the two intervals overlap: the "
               "figures agree, and the verdicts differ by where an interval ends"
               % ", ".join(apart))
    return ("the original event loop (rust-async-bench, built here and interleaved as the port): "
            "%s; %s" % ("; ".join(each), say))


def _rust(names):
    """The Rust twins' names of these figures (figures.rust_twin)."""
    return [figures.RUST_PREFIX + n for n in names]


# The figures: each returns {"parts": {part name: estimate or None}, ...what its words need}, or
# None when the run measured nothing the claim rests on.

def figure_c1(t):
    e = estimate(per_process(t, "small", _box_inline()))
    if e is None:
        return None
    s = t.get("summary")
    return {"parts": {"overhead": e}, "head": set_allocator(t, "small"),
            "alloc64": figure_of(t, "small", "alloc/64"),
            "rust": estimate(per_process(t, figures.RUST, _rust(_box_inline()))),
            "per": {a: box_overheads(s, a) for a in allocators(s) if box_overheads(s, a)[0]}}


def figure_c2(t):
    """Per fan-out: boxed minus inline per top-level call, with the tree table's rows."""
    parts, calls, per_box, rust = {}, {}, {}, {}
    for r in pick(t.get("figure_processes"), set="tree"):
        if r["figure"].startswith(figures.RUST_PREFIX):
            continue
        k = int(r["figure"].rsplit(":", 1)[1])
        name = "fan-out %d" % k
        if name in parts:
            continue
        e = figure_of(t, "tree", r["figure"])
        boxed = one(t.get("tree"), form="boxed", fanout=k, allocator=r["allocator"],
                    lang=roles.C)
        if e is not None:
            parts[name] = e
            calls[name] = boxed["async_calls"] if boxed else None
            per_box[name] = e["value"] / boxed["allocs_per_call"] \
                if boxed and boxed.get("allocs_per_call") else None
            rust[name] = figure_of(t, figures.RUST_TREE, figures.RUST_PREFIX + r["figure"])
    if not parts:
        return None
    boxes = [r for r in t.get("summary") or ()
             if r["mode"] == "box" and r["overhead_ns"] is not None]
    worst = max(boxes, key=lambda r: r["overhead_ns"]) if boxes else None
    return {"parts": dict(sorted(parts.items())), "calls": calls, "per_box": per_box,
            "rust": {k: e for k, e in sorted(rust.items()) if e},
            "sweep": len(boxes), "sweep_1us": sum(r["overhead_ns"] >= 1000 for r in boxes),
            "worst": worst}


def figure_c3(t):
    e = ratio_pct(t, "syscalls", "box/nonbox+syscalls")
    if e is None:
        return None
    ev = one(t.get("eventloop"), variant="box+syscalls")
    return {"parts": {"box / nonbox with syscalls": e},
            "spin": ratio_pct(t, "syscalls", "box/nonbox+spin"),
            "kernel": figure_of(t, "syscalls", "kernel-entry/per-box"),
            "between": figure_of(t, "syscalls", "box-nonbox/per-box+syscalls"),
            "spinning": figure_of(t, "syscalls", "box-nonbox/per-box+spin"),
            "warm": figure_of(t, "nosyscalls", "box-nonbox/per-box"),
            "calibration": ratio_pct(t, "syscalls", "spin/syscall"), "syscall": syscall_ns(t),
            "calibration_each": [100 * (v - 1) for v in per_process(
                t, "syscalls", ["spin/syscall"], combine=lambda v: v[0])],
            "syscalls_per_request": ev.get("syscalls_per_request") if ev else None}


def figure_c4(t):
    """C1's overhead per call, as arithmetic: ns per call are ms per million calls, and the share
    of a core at 1 M calls/s is ns / 10 percent."""
    c1 = figure_c1(t)
    if c1 is None:
        return None
    return {"parts": {"ms per million calls": c1["parts"]["overhead"]}}


def figure_c5(t):
    """C1's overhead as a share of a 1 ms and a 10 ms database query (the source's case) and of a
    loopback round trip measured here."""
    c1 = figure_c1(t)
    if c1 is None:
        return None
    o = c1["parts"]["overhead"]
    share = lambda d: dict(o, value=100 * o["value"] / d, low=100 * o["low"] / d,
                           high=100 * o["high"] / d, modes=None)
    rtt = one(t.get("net"), what="tcp-loopback")
    parts = {"of 1 ms": share(1e6), "of 10 ms": share(1e7)}
    if rtt:
        parts["of the loopback round trip"] = share(rtt["ns_per_round_trip"])
    return {"parts": parts, "rtt": rtt["ns_per_round_trip"] if rtt else None, "ns": o["value"]}


def figure_c6(t):
    parts = {"executor, no syscalls": figure_of(t, "nosyscalls", "nonbox/manual"),
             "executor, syscalls": ratio_pct(t, "syscalls", "nonbox/manual+syscalls"),
             "boxing per request": figure_of(t, "nosyscalls", "box-nonbox/per-request")}
    if not any(parts.values()):
        return None
    ev = t.get("eventloop")
    n = one(ev, variant="nonbox")
    return {"parts": parts, "rows": {v: one(ev, variant=v) for v in ("manual", "nonbox", "box")},
            "polls_per_request": n["task_polls"] / n["requests"]
            if n and n.get("task_polls") else None}


def figure_c7(t):
    """Each reading of the 465 ns: malloc+free of 16 KiB, warm; a 16 KiB box with its copy over
    inline, warm; malloc+free of 16 KiB in each cold state measured (the summary's rows)."""
    parts = {"malloc+free, warm": figure_of(t, "small", "alloc/16384"),
             "box with its copy, warm": figure_of(t, "small", "box-inline/16384/pending")}
    head = set_allocator(t, "small")
    for r in pick(t.get("summary"), mode="alloc", size=16384, allocator=head):
        if r["state"] in COLD:
            parts["malloc+free, %s" % r["state"]] = summary_estimate(r, t.get("run"))
    if not any(parts.values()):
        return None
    return {"parts": parts, "head": head}


def figure_c8(t):
    parts = {"rc / arc": ratio_pct(t, "wakers", "rc/arc+syscalls"),
             "chkrc / arc": ratio_pct(t, "wakers", "chkrc/arc+syscalls")}
    if not any(parts.values()):
        return None
    ev = t.get("eventloop")
    arc, chkrc = one(ev, variant="box+arc+syscalls"), one(ev, variant="box+chkrc+syscalls")
    per_req = lambda row, col: row[col] / row["requests"] if row and row.get(col) else None
    return {"parts": parts, "atomics": per_req(arc, "atomic_refs"),
            "checks": per_req(chkrc, "thread_checks"), "syscall": syscall_ns(t),
            "syscalls_per_request": arc.get("syscalls_per_request") if arc else None}


def figure_c9(t):
    e = estimate(per_process(t, "small", ["poll/%d" % s for s in SMALL]))
    if e is None:
        return None
    return {"parts": {"one more vtable poll": e},
            "rust": estimate(per_process(t, figures.RUST, _rust(["poll/%d" % s for s in SMALL]))),
            "dyn": estimate(per_process(t, "small", ["poll-dyn/%d" % s for s in SMALL])),
            "inline": estimate(per_process(t, "small", ["poll-inline/%d" % s for s in SMALL]))}


def figure_c10(t):
    e = estimate(per_process(t, "small", _box_inline("ready")))
    if e is None:
        return None
    head = set_allocator(t, "small")
    boxes = [r["allocs_per_call"] for r in pick(t.get("summary"), mode="box", depth=1,
                                                 allocator=head) if r["size"] in SMALL]
    return {"parts": {"overhead": e}, "alloc64": figure_of(t, "small", "alloc/64"),
            "allocs": boxes[0] if boxes and len(set(boxes)) == 1 else None,
            "rust": estimate(per_process(t, figures.RUST, _rust(_box_inline("ready"))))}


def figure_c12(t):
    """The gap and the ratio on the first allocator, judged; every way per allocator, C and Rust,
    for the words."""
    allocators_ = list(dict.fromkeys(r["allocator"] for r in pick(t.get("figure_processes"),
                                                                  set="crates")))
    if not allocators_:
        return None
    head = set_allocator(t, "crates")
    per = {a: {lang: {m: figure_of(t, "crates", prefix + m, a) for _, m in CRATE_MODES}
               for lang, prefix in (("C", ""), ("Rust", figures.RUST_PREFIX))}
           for a in allocators_}
    return {"parts": {"box minus buffer": figure_of(t, "crates", "box-buf", head),
                      "box over buffer": figure_of(t, "crates", "box/buf", head)},
            "head": head, "per": per,
            "rust": {"box minus buffer": figure_of(t, "crates", figures.RUST_PREFIX + "box-buf",
                                                   head),
                     "box over buffer": figure_of(t, "crates", figures.RUST_PREFIX + "box/buf",
                                                  head)}}


def figure_c11(t):
    per = {a: per_process(t, "chain", ["box-inline/per-box"], a, lambda v: v[0])
           for a in ("glibc", "jemalloc")}
    if not any(per.values()):
        return None
    rust = {a: figure_of(t, "chain", figures.RUST_PREFIX + "box-inline/per-box", a)
            for a in ("glibc", "jemalloc")}
    return {"parts": {"glibc": estimate(per["glibc"]), "jemalloc": estimate(per["jemalloc"]),
                      "jemalloc minus glibc": difference(per["glibc"], per["jemalloc"])},
            "rust": rust if any(rust.values()) else None}


# The words: each turns a figure into (measured, explanation). Every number in them is this run's
# or its machine's; a cause the run did not measure is written as a hypothesis with its test.

def _rust_words(e, fmt):
    """The Rust twin's figure, as a clause of the measured words (empty where not measured)."""
    return ("; the same in real Rust (rustc, bench/rust: #[async_trait] against a native async "
            "fn), interleaved in its own set: %s" % interval_words(e, fmt)) if e else ""


def _parts_words(f, fmt):
    return "; ".join("%s: %s" % (k, interval_words(e, fmt)) for k, e in f["parts"].items() if e)


def words_c1(f):
    parts = ["%s %s-%s" % (a, ns(min(o)), ns(max(o))) for a, (o, c) in f["per"].items()]
    return ("box minus inline, median of 16-256 B in both patterns, %s: %s" % (
                f["head"], interval_words(f["parts"]["overhead"], ns)) +
            ("; the matrix's range per allocator: " + "; ".join(parts) if parts else "") +
            _rust_words(f.get("rust"), ns),
            "malloc+free of 64 B alone costs %s here (the same set), so the allocator is %.0f%% "
            "of the overhead; the rest is the copy, the dispatch and the drop" % (
                interval_words(f["alloc64"], ns), 100 * f["alloc64"]["value"] /
                f["parts"]["overhead"]["value"]) if f["alloc64"] else
            "malloc+free alone was not measured in this run")


def words_c2(f):
    parts = ["%s (%s calls): %s, %s per box" % (
        k, f["calls"][k] if f["calls"][k] is not None else "?", interval_words(e, ns),
        ns(f["per_box"][k])) for k, e in f["parts"].items()]
    worst = f["worst"]
    sweep = ("; the matrix: %d of %d box configurations cost 1 us or more over inline, the most "
             "%s (%s, %s B, depth %s, %s)" % (
                 f["sweep_1us"], f["sweep"], ns(worst["overhead_ns"]), worst["allocator"],
                 worst["size"], worst["depth"], worst["state"]) if worst else "")
    fits = [k for k, e in f["parts"].items() if e and BAND_C2.verdict(e["low"], e["high"]) ==
            REPRODUCED]
    rust = f.get("rust") or {}
    return ("tree, boxed minus inline per top-level call: " + "; ".join(parts) + sweep +
            ("; the same trees in real Rust (rustc, bench/rust: Box::pin of an async block at "
             "every call against native async fns): " + "; ".join(
                 "%s: %s" % (k, interval_words(e, ns)) for k, e in rust.items())
             if rust else ""),
            "the source gives depth 5, ready leaves and 512 copies, not the fan-out or what a node "
            "does; generated at fan-outs 1-3 with nodes that only mix their inputs; the row is "
            "reproduced when one fan-out is (%s)" % (
                "here: " + ", ".join(fits) if fits else "none is here"))


def words_c3(f):
    e = f["parts"]["box / nonbox with syscalls"]
    k, sp = f["kernel"], f["spin"]
    measured = "box+syscalls / nonbox+syscalls %s" % interval_words(e, pct)
    if sp:
        measured += ("; with a busy wait as long in place of each syscall %s"
                     % interval_words(sp, pct))
    why = ("a read() on the empty pipe costs %s here, %s per request (one per statistics count, "
           "as the original)" % (ns(f["syscall"]), "%.2f" % f["syscalls_per_request"]
                                  if f["syscalls_per_request"] is not None else "?"))
    if f["between"] and f["spinning"] and f["warm"]:
        why += ("; a box costs %s between syscalls, %s between busy waits and %s without either" % (
            interval_words(f["between"], ns), interval_words(f["spinning"], ns),
            interval_words(f["warm"], ns)))
    sp_each = f.get("calibration_each") or []
    if k and f["spinning"] and f["spinning"]["high"] < 0:
        why += ("; the busy-wait control did not hold in this run: between busy waits a box would "
                "cost less than nothing, and the busy wait ran from %+.1f%% to %+.1f%% of the "
                "syscall it stands for across the processes, so the kernel entry's own share per "
                "box (%s) is not settled" % (min(sp_each), max(sp_each), interval_words(k, ns))
                if sp_each else "; the busy-wait control did not hold in this run")
    elif k:
        if k["low"] > 0:
            why += ("; the kernel entry itself, against a busy wait as long, adds %s per box: "
                    "measured; that it does so by leaving the boxed path's caches and predictors "
                    "cold is a hypothesis hardware counters would test" % interval_words(k, ns))
        elif k["high"] < 0:
            why += ("; the kernel entry itself, against a busy wait as long, takes %s off each "
                    "box: the hypothesis that it makes boxing dearer is refuted here"
                    % interval_words(k, ns))
        else:
            why += ("; the kernel entry's own share per box, against a busy wait as long, is %s: "
                    "not settled by this run" % interval_words(k, ns))
    if f["calibration"]:
        why += " (the busy wait against the syscall it stands for: %s)" % interval_words(
            f["calibration"], pct)
    return measured, why


def words_c4(f):
    e = f["parts"]["ms per million calls"]
    return ("C1's overhead x 1e6 calls: %.2f ms per million calls (95%%: %.2f .. %.2f); %.2f%% of "
            "one core at 1 M calls/s" % (e["value"], e["low"], e["high"], e["value"] / 10),
            "holds as arithmetic (30 ns x 1e6 = 30 ms, 3%% of a core at 1 M/s); the premise is "
            "C1's per-call figure, %s here against the 30 ns assumed" % ns(e["value"]))


def words_c5(f):
    return ("C1's overhead as a share: %s" % _parts_words(f, lambda v: "%.3g%%" % v),
            "holds as arithmetic (the source's 0.003%% is 30 ns of a 1 ms query); the premise is "
            "C1's figure, %s here%s" % (
                ns(f["ns"]), "; the loopback TCP round trip measured here is %s, what this "
                "machine's kernel does for one byte each way" % ns(f["rtt"]) if f["rtt"] else ""))


def words_c6(f):
    p = f["parts"]
    table = ", ".join("%s %s" % (v, ns(row["ns_per_request"])) for v, row in f["rows"].items()
                      if row)
    per_request = ""
    if p["executor, no syscalls"] and f["rows"].get("manual"):
        m = f["rows"]["manual"]["ns_per_request"]
        per_request = "; the executor over the loop: %s per request" % ns(
            (p["executor, no syscalls"]["value"] - 1) * m)
    return ("nonbox / manual %s; with syscalls %s; box - nonbox per request %s (the tables' "
            "medians: %s)" % (interval_words(p["executor, no syscalls"], times),
                             interval_words(p["executor, syscalls"], pct),
                             interval_words(p["boxing per request"], ns), table),
            "each part judged on its own and the row by all three%s%s" % (
                per_request, "; %.2f task polls per request" % f["polls_per_request"]
                if f["polls_per_request"] else ""))


def words_c7(f):
    verdicts = {k: BAND_C7.verdict(e["low"], e["high"]) for k, e in f["parts"].items() if e}
    fits = [k for k, v in verdicts.items() if v == REPRODUCED]
    return ("%s, 16 KiB: %s" % (f["head"], _parts_words(f, ns)),
            "the figure stood in rust-async-bench's README only in its versions of 2020-10 to "
            "2022-07 (removed 2022-09), beside 32-request figures, with no code that timed it: the "
            "method is unknown, so each reading is judged (%s) and the row is reproduced when one "
            "is; %s" % (", ".join("%s %s" % kv for kv in verdicts.items()),
                        "the figure fits " + " and ".join(fits) if fits else
                        "no reading measured here fits it"))


def words_c8(f):
    p = f["parts"]
    return ("rc / arc - 1 %s; chkrc / arc - 1 %s" % (
                interval_words(p["rc / arc"], pct),
                interval_words(p["chkrc / arc"], pct)),
            "both halves judged, the row by both; per request the Arc waker makes %s atomic count "
            "changes and the checked Rc %s thread look-ups (the runner's counts), beside %s "
            "syscalls of %s each"
            % ("%g" % f["atomics"] if f["atomics"] else "?",
               "%g" % f["checks"] if f["checks"] else "?",
               "%.2f" % f["syscalls_per_request"] if f["syscalls_per_request"] else "?",
               ns(f["syscall"])))


def words_c9(f):
    e = f["parts"]["one more vtable poll"]
    d, i = f["dyn"], f["inline"]
    return ("(dyn pending - dyn ready) - (inline pending - inline ready), median of 16-256 B: %s"
            % interval_words(e, ns) + _rust_words(f.get("rust"), ns).replace(
                "#[async_trait] against a native async fn", "Pin<&mut dyn Future> against a "
                "native async fn"),
            "one more poll through the vtable costs %s, one more direct poll %s (each pending "
            "minus ready, the same set); the difference is the second indirect call" % (
                interval_words(d, ns), interval_words(i, ns)) if d and i else
            "the per-mode polls were not measured in this run")


def words_c10(f):
    a = f["allocs"]
    return ("box minus inline, ready at first poll, median of 16-256 B, glibc: %s"
            % interval_words(f["parts"]["overhead"], ns) + _rust_words(f.get("rust"), ns),
            "every boxed call here makes %s allocation(s) and as many frees (the catalogue's "
            "count, which the tests prove), and malloc+free of 64 B alone costs %s in the same "
            "set" % ("%g" % a if a is not None else "?", interval_words(f["alloc64"], ns)))


def words_c11(f):
    p = f["parts"]
    order = p["jemalloc minus glibc"]
    rust = f.get("rust") or {}
    return ("the source's shape (a stream wrapping a stream, both async-trait methods ready at "
            "once: two boxes of small futures per next()), box minus inline per box: %s"
            % _parts_words(f, ns) + ("; the same in real Rust (rustc, bench/rust): %s" % "; ".join(
                "%s: %s" % (a, interval_words(e, ns)) for a, e in rust.items() if e)
                if any(rust.values()) else ""),
            "each box pays a malloc, a free, a copy of its future and its dispatch; the halves "
            "and the ordering are judged, the row by all three%s" % (
                "; jemalloc is %s glibc here, the published run had it slower" % (
                    "slower than" if order["low"] > 0 else "faster than" if order["high"] < 0
                    else "not told apart from") if order else ""))


def words_c12(f):
    def order(ways):
        known = [(e["value"], crates) for crates, m in CRATE_MODES for e in [ways[m]] if e]
        return " < ".join("%s %s" % (c, ns(v)) for v, c in sorted(known))
    lines = ["%s on %s: %s" % (lang, a, order(ways)) for a, langs in f["per"].items()
             for lang, ways in langs.items() if any(ways.values())]
    rust = f["rust"]
    return ("one call of a 16-byte future ready at its first poll, through a trait object, on %s: "
            "box (box-inplace) minus inline buffer (inline-buf-64) %s, box over buffer %s%s"
            % (f["head"], interval_words(f["parts"]["box minus buffer"], ns),
               interval_words(f["parts"]["box over buffer"], times),
               "; in real Rust (bench/rust's twins): %s, %s" % (
                   interval_words(rust["box minus buffer"], ns),
                   interval_words(rust["box over buffer"], times))
               if rust["box minus buffer"] else ""),
            "each way's ns per call, fastest first: " + "; ".join(lines) +
            ". The source ran each crate's own code (divan, GitHub's x86-64 runner); here each is "
            "the matrix mode that does what the crate does")


BLOG = "blog post 'eager to remove async_trait?'"
RAB = "jkarneges/rust-async-bench README"
BAND_C2 = Band(*twice(1820 - 639), "ns", "the tree, boxed minus inline per top-level call")
BAND_C7 = Band(*twice(465), "ns", "16 KiB")


def _part(name, low, high=None, unit="ns", what=None, band=None):
    high = low if high is None else high
    return Part(name, (low, high), band or Band(*twice(low, high), unit, what or name))


CLAIMS = (
    Claim("C1", "one Box::pin of a small future, warm allocator: roughly 20-30 ns per call",
          BLOG + ", section 'the overhead everyone talks about'", "20-30 ns",
          [_part("overhead", 20, 30, what="box minus inline, median of 16-256 B in both patterns, "
                 "glibc")], ALL, rests_c1, figure_c1, words_c1,
          "the small set (box and inline at 16-256 B)"),
    Claim("C2", "adversarial conditions (large futures, cold allocator, deep chains) reach up to "
          "1.2 us per call", "wg-async story 'Barbara benchmarks async_trait' (Fuchsia netstack)",
          "tree: boxed 1.82 us - native 639 ns = 1.18 us per top-level call",
          [Part("fan-out %d" % k, (1820 - 639,) * 2, BAND_C2) for k in (1, 2, 3)], ANY, rests_c2,
          figure_c2, words_c2, "the tree port"),
    Claim("C3", "with real syscalls in the loop, boxed async trait methods were only 1.3% slower",
          RAB + " (nonbox+syscalls 1.0821 ms, box+syscalls 1.0967 ms)",
          "+1.3% (the seed) .. +1.35% (1.0967 / 1.0821 ms)",
          [_part("box / nonbox with syscalls", 1.3, 100 * (1.0967 / 1.0821 - 1), "%",
                 "box+syscalls / nonbox+syscalls - 1")], ALL, rests_c3, figure_c3, words_c3,
          "the event-loop set with syscalls"),
    Claim("C4", "30 ns per call accumulates to 30 ms per million packets", BLOG,
          "30 ms per million calls (3% of a core at 1 M/s)",
          [Part("ms per million calls", (30, 30), None)], PREMISE, rests_c1, figure_c4, words_c4,
          "C1's figure"),
    Claim("C5", "against a TCP round trip (~500 us) or a database query (1-10 ms) boxing is "
          "~0.003%",
          BLOG, "~0.003% (30 ns of a 1 ms query)",
          [Part("of 1 ms", (0.003, 0.003), None), Part("of 10 ms", (0.0003, 0.0003), None),
           Part("of the loopback round trip", (0.006, 0.006), None)], PREMISE, rests_c1, figure_c5,
          words_c5, "C1's figure"),
    Claim("C6", "executor overhead vs a hand-written poll loop: manual 26.3 us, nonbox 88.5 us, "
          "box 96.4 us per 256 requests; with syscalls nonbox 9.4% slower than manual", RAB,
          "nonbox / manual 3.37x; +9.4% with syscalls; box - nonbox 30.9 ns per request",
          [_part("executor, no syscalls", 88.5 / 26.3, unit="x", what="nonbox / manual"),
           _part("executor, syscalls", 9.4, unit="%", what="nonbox+syscalls / manual+syscalls - 1"),
           _part("boxing per request", (96.4 - 88.5) * 1000 / 256,
                 what="box - nonbox per request")],
          ALL, rests_c6, figure_c6, words_c6, "the event-loop sets"),
    Claim("C7", "allocating a 16 KiB uninitialised box takes ~465 ns",
          RAB + ", versions of 2020-10 to 2022-07 only", "465 ns",
          [Part(k, (465, 465), BAND_C7) for k in (
              "malloc+free, warm", "box with its copy, warm") + tuple(
              "malloc+free, " + s for s in COLD)], ANY, rests_c7, figure_c7, words_c7,
          "the small set (malloc+free and box of 16 KiB)"),
    Claim("C8", "an Rc waker is ~0.9% faster than an Arc waker with syscalls; a checked Rc waker "
          "is slower than both (+0.81% over Arc)", RAB, "rc / arc -0.9%; chkrc / arc +0.81%",
          [_part("rc / arc", -0.9, unit="%",
                 what="box+rc+syscalls / box+arc+syscalls - 1"),
           _part("chkrc / arc", 0.81, unit="%",
                 what="box+chkrc+syscalls / box+arc+syscalls - 1")], ALL, rests_c8, figure_c8,
          words_c8, "the waker set"),
    Claim("C9", "a second indirect call through a boxed dyn future costs about 1 ns per poll",
          "tokio-rs/tokio PR 8439 (large-task harness)", "~1 ns per poll",
          [_part("one more vtable poll", 1,
                 what="one more vtable poll minus one more direct poll")],
          ALL, rests_c9, figure_c9, words_c9, "the small set (dyn and inline in both patterns)"),
    Claim("C10", "a boxed local future adds 4-5 ns per message over a synchronous trait",
          "DataDog/glommio PR 268, a review comment", "4-5 ns per message",
          [_part("overhead", 4, 5, what="box minus inline, ready, median of 16-256 B, glibc")],
          ALL, rests_c10, figure_c10, words_c10, "the small set (box and inline, ready)"),
    Claim("C11", "async-trait over a nested stream: about 13 ns per boxed future on glibc, 22 ns "
          "on jemalloc", "Matthias247/async_trait_experiments README",
          "glibc 12.9 ns, jemalloc 22.4 ns per boxed future ((1.40 us, 2.37 us - 89 ns) / 102)",
          [_part("glibc", (1400 - 89) / 102, what="box minus inline per box, glibc"),
           _part("jemalloc", (2370 - 89) / 102, what="box minus inline per box, jemalloc"),
           Part("jemalloc minus glibc", ((2370 - 1400) / 102,) * 2,
                Band(0, math.inf, "ns", "jemalloc minus glibc per box"))], ALL, rests_c11,
          figure_c11, words_c11, "the chain set (the source's nested stream)"),
    Claim("C12", "2026's crates around the box: an inline buffer (stackfuture, dyn-utils) makes a "
          "small async trait call about 3.7x cheaper than boxing it (async_trait, dynosaur): "
          "4.3 against 15.9 ns", "wyfo/dyn-utils benches/README.md (divan, ubuntu-24.04 x86-64)",
          "async_trait 15.87, dynosaur 16.49, dynify 17.51, dyn-utils 4.87, stackfuture 4.32 ns",
          [_part("box minus buffer", 15.87 - 4.32, what="box-inplace minus inline-buf-64, 16 B, "
                 "ready, depth 1"),
           _part("box over buffer", 15.87 / 4.32, unit="x", what="box-inplace over inline-buf-64")],
          ALL, rests_c12, figure_c12, words_c12, "the crates set (16 B, ready, each way)"),
)

NOT_IN_C = (
    ("X1", "axum 0.8 without async_trait: P99 latency about halved", "about -50% P99",
     "a property of a whole Rust web stack under load, not of one boxed call: a C emulation of the "
     "call cannot reproduce it"),
    ("X2", "removing async_trait: 12% faster incremental builds (3 s of 25 s)", "-12% build time",
     "a property of Rust's compiler and proc macros; there is no C counterpart"),
)


def combine(rule, verdicts):
    """A row's verdict from its parts' verdicts (parts not measured are left out) by the rule."""
    got = [v for v in verdicts if v != MISSING]
    if not got:
        return MISSING
    if rule == ALL:
        return REPRODUCED if all(v == REPRODUCED for v in got) and len(got) == len(verdicts) \
            else NOT if NOT in got else INCONCLUSIVE
    return REPRODUCED if REPRODUCED in got else NOT if all(v == NOT for v in got) \
        else INCONCLUSIVE


def judge(c, f):
    """{part name: (verdict, edge-sensitive)} of a measured claim with bands."""
    out = {}
    for p in c.parts:
        e = f["parts"].get(p.name)
        if e is None:
            out[p.name] = (MISSING, False)
        else:
            out[p.name] = (p.band.verdict(e["low"], e["high"]),
                           p.band.edge_sensitive(e["low"], e["high"]))
    return out


def _turnable(rule, verdict, judged):
    """Whether edge-sensitive parts could turn the row's verdict: where every part must have it
    (ALL reproduced, ANY not reproduced), any one of them; where one part suffices (ALL not
    reproduced, ANY reproduced), every part that has it."""
    edges = [edge for v, edge in judged.values() if v == verdict]
    every = (rule == ALL) == (verdict == REPRODUCED)
    return any(edges) if every else all(edges)


def _cells(f):
    """(figure, interval) as the claims table shows them, in the bands' units."""
    g = lambda v: "%.4g" % v
    parts = [(k, e) for k, e in f["parts"].items() if e]
    if len(parts) == 1:
        (_, e), = parts
        return g(e["value"]), "%s .. %s" % (g(e["low"]), g(e["high"]))
    return ("; ".join("%s: %s" % (k, g(e["value"])) for k, e in parts),
            "; ".join("%s: %s .. %s" % (k, g(e["low"]), g(e["high"])) for k, e in parts))


def _bands(c):
    if c.rule == PREMISE:
        return "arithmetic on C1: no band of its own"
    if len(c.parts) == 1 or all(p.band is c.parts[0].band for p in c.parts):
        return str(c.parts[0].band)
    return "; ".join("%s: %s" % (p.name, p.band) for p in c.parts)


def row(c, t, premises=None):
    """One claim's row from the tables t: the figure, its interval, the band, the verdict that
    follows from those three by the claim's rule (for PREMISE, the premise's verdict, from
    premises: {id: row}), and the words."""
    base = {"id": c.id, "claim": c.claim, "source": c.source, "published": c.published,
            "band": _bands(c)}
    f = c.figure(t)
    short = short_sets(t, c.id)
    if f is None:
        return dict(base, measured="-", figure="-", interval="-", verdict=MISSING,
                    explanation="not measured: %s" % short if short else
                    "this run did not measure %s" % c.missing)
    measured, explanation = c.words(f)
    if short:
        explanation += "; parts not measured: %s" % short
    far = differing_cells(t, c.id)
    if far:
        explanation = ("C differs from Rust beyond 25%% in cells this figure rests on (C / Rust: "
                       "%s); " % far) + explanation
    figure, interval = _cells(f)
    g = lambda v: "%.4g" % v
    parts = [{"part": p.name, "figure": g(e["value"]), "interval": "%s .. %s" % (
                 g(e["low"]), g(e["high"])), "band": str(p.band) if p.band else base["band"],
              "unit": p.band.unit if p.band else "", "values": (e["value"], e["low"], e["high"]),
              "published_values": p.published,
              # An open band ("above x") has no high end: None, as JSON has no infinity.
              "band_values": (p.band.low, p.band.high if math.isfinite(p.band.high) else None)
              if p.band else None}
             for p in c.parts for e in [f["parts"].get(p.name)] if e]
    if c.rule == PREMISE:
        verdict = (premises or {}).get("C1", {}).get("verdict", MISSING)
        explanation += " (C1: %s)" % verdict
        for p in parts:
            p["verdict"] = "%s (C1's)" % verdict
    else:
        judged = judge(c, f)
        verdict = combine(c.rule, [v for v, _ in judged.values()])
        if len(judged) > 1:
            explanation += "; parts: " + ", ".join("%s %s" % (k, v) for k, (v, _) in judged.items())
        if verdict in (REPRODUCED, NOT) and _turnable(c.rule, verdict, judged):
            verdict += " (%s)" % EDGE
        for p in parts:
            v, edge = judged[p["part"]]
            p["verdict"] = v + (" (%s)" % EDGE if edge and v in (REPRODUCED, NOT) else "")
        got = original_parts(t, c)
        if got:
            explanation += "; " + _original_words(c, got, judged, f["parts"])
            for p in parts:
                if p["part"] in got:
                    p["original"] = got[p["part"]][1]
    for said in (bound_words(t, c.id), processes_words(t, c.id)):
        if said:
            explanation += "; " + said
    return dict(base, measured=measured, figure=figure, interval=interval, verdict=verdict,
                explanation=explanation, parts=parts, bound=bound(t, c.id))


# The machine's costs a claim's figure is bound to: the harness's controls, measured in every run.
# Another machine's would move the figure, and the source does not say what its machine's were,
# so the verdict says what this one's are.
BOUND = {"C1": roles.MALLOC_FREE, "C3": roles.SYSCALL, "C6": roles.SYSCALL, "C8": roles.SYSCALL,
         "C9": roles.INDIRECT_CALL, "C10": roles.MALLOC_FREE, "C11": roles.MALLOC_FREE,
         "C12": roles.MALLOC_FREE}
CONTROL_WORDS = {roles.SYSCALL: "a syscall (a read() of an empty pipe, the event loop's)",
                 roles.MALLOC_FREE: "a malloc and free of 64 B",
                 roles.INDIRECT_CALL: "a predicted indirect call"}


def bound(t, cid):
    """(control, {allocator: ns}) of the cost claim cid's figure is bound to, as this run measured
    it (summary.csv's control rows), or None."""
    control = BOUND.get(cid)
    got = machine.costs(t.get("summary")).get(control, {})
    if control != roles.MALLOC_FREE:  # The same on every runner: the first one's.
        got = dict(list(got.items())[:1])
    return (control, got) if control and got else None


def cost_words(got):
    """{allocator: ns} of a control, in words: the allocator named where there are several."""
    return ", ".join("%.3g ns%s" % (ns, " on " + a if len(got) > 1 else "")
                     for a, ns in got.items())


def bound_words(t, cid):
    """The sentence a verdict carries about the cost it is bound to (empty where none)."""
    b = bound(t, cid)
    if b is None:
        return ""
    control, got = b
    return ("bound to %s, which costs %s here; the source's machine's is not known, so another "
            "machine can move this verdict" % (CONTROL_WORDS[control], cost_words(got)))


def rows(t):
    out = []
    for c in CLAIMS:
        out.append(row(c, t, {r["id"]: r for r in out}))
    for cid, claim, published, why in NOT_IN_C:
        out.append({"id": cid, "claim": claim, "source": BLOG, "published": published,
                    "measured": "-", "figure": "-", "interval": "-", "band": "-",
                    "verdict": NOT_C, "explanation": why})
    return out


def redraws(t, processes, draws=200, seed=1):
    """How the verdicts move when each set's runner processes are drawn anew: {id: {verdict:
    share of draws}} over `draws` draws, with replacement, of `processes` processes per set and
    allocator (the bootstrap, at the run's own number or at another plan's), the rest of the
    tables as they are. A claim whose verdict holds in every draw does not depend on which
    processes ran."""
    rng = random.Random(seed)
    groups = collections.defaultdict(list)
    for r in t.get("figure_processes") or ():
        groups[r["set"], r["allocator"]].append(r)
    by_process = {g: sorted({r["process"] for r in got}) for g, got in groups.items()}
    counts = collections.defaultdict(collections.Counter)
    for _ in range(draws):
        drawn = []
        for g, got in groups.items():
            have = by_process[g]
            for k, p in enumerate(rng.choices(have, k=processes)):
                drawn += [dict(r, process=k + 1) for r in got if r["process"] == p]
        for r in rows(dict(t, figure_processes=drawn)):
            if r["verdict"] != NOT_C:
                counts[r["id"]][r["verdict"].split(" (")[0]] += 1
    return {cid: {v: n / draws for v, n in c.items()} for cid, c in counts.items()}


def markdown(claim_rows, machine=None, partial=None, notes=(), after=()):
    """claims.md: the table, then the notes (paragraphs), such as the layout warning, then the
    lines of after (the fidelity section); partial is what made the run partial, in words
    (results.partial_words), or None."""
    head = ["# Claims, as measured on this machine", ""]
    if partial:
        head += ["**Partial report: %s; rows marked \"not measured\" may be missing for that "
                 "reason.**" % partial, ""]
    if machine:
        head += ["Machine: %s" % machine.get("summary", ""), ""]
    lines = markdown_table(COLUMNS, [[r[c] for c in COLUMNS] for r in claim_rows])
    for n in notes:
        lines += ["", n]
    if after:
        lines += [""] + list(after)
    return "\n".join(head + lines) + "\n"
