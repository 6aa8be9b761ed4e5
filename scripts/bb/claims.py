"""The claims table: every published figure boxbench checks (docs/claims.md), as data. Each claim
is one row of CLAIMS: its id, the claim, its source, the published figure, the band the measured
figure is held against, the function that computes the figure from a results folder's tables, and
the function that words it. Arithmetic (the `figure_*` functions, tested on fixture tables) is kept
apart from formatting (the `words_*` functions); the verdict follows from the figure and the band
alone.

Every figure a verdict rests on carries a 95% interval over runner processes (each process has its
own memory layout, which alone can move a figure): reproduced when the whole interval lies in the
band, not reproduced when it lies wholly outside, inconclusive when it straddles an edge.

A band is the published figure within a factor of two either way unless the claim says otherwise:
a microbenchmark on another machine that lands within 2x reproduces the claim's magnitude; one
that lands outside is a finding to explain, which the explanation does from this run's own
figures.
"""
import collections
import statistics

from . import stats

REPRODUCED, NOT, INCONCLUSIVE, NOT_C, MISSING = (
    "reproduced", "not reproduced", "inconclusive", "not reproducible in C", "not measured")
COLUMNS = ("id", "claim", "source", "published", "measured", "figure", "interval", "band",
           "verdict", "explanation")
SMALL = (16, 64, 256)  # "a small future": the sizes C1, C9 and C10 speak of


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

    def __str__(self):
        return "%s: %g .. %g %s" % (self.what, self.low, self.high, self.unit)


# judge(band, figure) gives the verdict where a claim's figure is not one interval (default: the
# band against the figure's interval).
Claim = collections.namedtuple("Claim", "id claim source published band figure words missing judge",
                               defaults=(None,))


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
    return "glibc" if "glibc" in found else (found or [None])[0]


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


# Figures with intervals: every figure a verdict rests on comes from an interleaved set, one
# estimate per runner process, and its 95% t-interval over the processes (stats.t_interval).

def estimate(values, a=1.0, b=0.0):
    """{value, low, high, processes} of a * x + b over the processes' values x."""
    if len(values) < 2:
        return None
    mean, low, high = stats.t_interval(values)
    lo, hi = sorted((a * low + b, a * high + b))
    return {"value": a * mean + b, "low": lo, "high": hi, "processes": len(values)}


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


def interval_words(e, fmt):
    return "%s (95%%: %s .. %s, %d processes)" % (fmt(e["value"]), fmt(e["low"]), fmt(e["high"]),
                                                  e["processes"])


def ns(v):
    if v is None:
        return "?"
    if abs(v) >= 1e6:
        return "%.2f ms" % (v / 1e6)
    if abs(v) >= 1e3:
        return "%.2f us" % (v / 1e3)
    return "%.2f ns" % v if abs(v) < 10 else "%.1f ns" % v


def pct(v):
    return "%+.2f%%" % v


def ratio_pct(t, set_name, name, allocator=None):
    """A ratio figure as a percentage difference, 100 (r - 1)."""
    return figure_of(t, set_name, name, allocator, 100.0, -100.0)


# The figures: each returns a dict with "value", "low" and "high" (the interval the band is held
# against), or None.

def _box_inline(pattern=None):
    return ["box-inline/%d/%s" % (size, p) for size in SMALL
            for p in ("pending", "ready") if pattern in (None, p)]


def figure_c1(t):
    e = estimate(per_process(t, "small", _box_inline()))
    if e is None:
        return None
    s = t.get("summary")
    e.update(head=set_allocator(t, "small"), alloc64=figure_of(t, "small", "alloc/64"),
             per={a: box_overheads(s, a) for a in allocators(s) if box_overheads(s, a)[0]})
    return e


def figure_c2(t):
    """Per fan-out: boxed minus inline per top-level call, with the tree table's rows."""
    per = {}
    for r in pick(t.get("figure_processes"), set="tree"):
        k = int(r["figure"].rsplit(":", 1)[1])
        if k in per:
            continue
        e = figure_of(t, "tree", r["figure"])
        boxed = one(t.get("tree"), form="boxed", fanout=k, allocator=r["allocator"])
        if e is not None:
            e["calls"] = boxed["async_calls"] if boxed else None
            e["per_box"] = e["value"] / boxed["allocs_per_call"] \
                if boxed and boxed.get("allocs_per_call") else None
            per[k] = e
    if not per:
        return None
    boxes = [r for r in t.get("summary") or () if r["mode"] == "box" and r["overhead_ns"] is not None]
    return {"value": per, "sweep": len(boxes),
            "sweep_1us": sum(r["overhead_ns"] >= 1000 for r in boxes)}


BAND_C2 = Band(590, 2360, "ns", "tree: boxed minus inline per top-level call, each fan-out")


def judge_c2(band, f):
    """Reproduced when every fan-out's interval is in the band, not reproduced when every one is
    wholly outside, inconclusive otherwise: the source does not say which fan-out it had."""
    each = [band.verdict(v["low"], v["high"]) for v in f["value"].values()]
    return REPRODUCED if all(v == REPRODUCED for v in each) else \
        NOT if all(v == NOT for v in each) else INCONCLUSIVE


def figure_c3(t):
    e = ratio_pct(t, "syscalls", "box/nonbox+syscalls")
    if e is None:
        return None
    ev = one(t.get("eventloop"), variant="box+syscalls")
    e.update(spin=ratio_pct(t, "syscalls", "box/nonbox+spin"),
             kernel=figure_of(t, "syscalls", "kernel-entry/per-box"),
             between=figure_of(t, "syscalls", "box-nonbox/per-box+syscalls"),
             spinning=figure_of(t, "syscalls", "box-nonbox/per-box+spin"),
             warm=figure_of(t, "nosyscalls", "box-nonbox/per-box"),
             calibration=ratio_pct(t, "syscalls", "spin/syscall"), syscall=syscall_ns(t),
             calibration_each=[100 * (v - 1) for v in per_process(
                 t, "syscalls", ["spin/syscall"], combine=lambda v: v[0])],
             syscalls_per_request=ev.get("syscalls_per_request") if ev else None)
    return e


def figure_c4(t):
    # ms per million calls equals ns per call; the share of a core at 1 M calls/s is o / 10 %.
    return figure_c1(t)


def figure_c5(t):
    e = estimate(per_process(t, "small", _box_inline()), 100 / 5e5)
    if e is None:
        return None
    rtt = one(t.get("net"), what="tcp-loopback")
    e["rtt"] = rtt["ns_per_round_trip"] if rtt else None
    e["ns"] = e["value"] * 5e5 / 100
    return e


def figure_c6(t):
    e = figure_of(t, "nosyscalls", "box-nonbox/per-request")
    if e is None:
        return None
    ev = t.get("eventloop")
    n, ms = one(ev, variant="nonbox"), one(ev, variant="manual+syscalls")
    e.update(executor=ratio_pct(t, "nosyscalls", "nonbox/manual"),
             with_syscalls=ratio_pct(t, "syscalls", "nonbox/manual+syscalls"),
             rows={v: one(ev, variant=v) for v in ("manual", "nonbox", "box")},
             syscall=syscall_ns(t),
             syscalls_per_request=ms.get("syscalls_per_request") if ms else None,
             polls_per_request=n["task_polls"] / n["requests"] if n and n.get("task_polls") else None)
    return e


def figure_c7(t):
    e = figure_of(t, "small", "alloc/16384")
    if e is None:
        return None
    rows = pick(t.get("summary"), mode="alloc", size=16384)
    e["warm"] = {r["allocator"]: r["ns_per_call"] for r in rows if r["state"] == "warm"}
    cold = [r for r in rows if r["state"] != "warm"]
    e["cold"] = (min(cold, key=lambda r: r["ns_per_call"]),
                 max(cold, key=lambda r: r["ns_per_call"])) if cold else None
    return e


def figure_c8(t):
    e = figure_of(t, "wakers", "rc/arc+syscalls", a=-100.0, b=100.0)
    chk = ratio_pct(t, "wakers", "chkrc/arc+syscalls")
    if e is None or chk is None:
        return None
    ev = t.get("eventloop")
    arc, chkrc = one(ev, variant="box+arc+syscalls"), one(ev, variant="box+chkrc+syscalls")
    per_req = lambda row, col: row[col] / row["requests"] if row and row.get(col) else None
    e.update(chk=chk, atomics=per_req(arc, "atomic_refs"), checks=per_req(chkrc, "thread_checks"),
             syscall=syscall_ns(t), syscalls_per_request=arc.get("syscalls_per_request")
             if arc else None)
    return e


def figure_c9(t):
    e = estimate(per_process(t, "small", ["poll/%d" % s for s in SMALL]))
    if e is not None:
        e["each"] = {s: figure_of(t, "small", "poll/%d" % s) for s in SMALL}
    return e


def figure_c10(t):
    e = estimate(per_process(t, "small", _box_inline("ready")))
    if e is not None:
        e["alloc64"] = figure_of(t, "small", "alloc/64")
    return e


def figure_c11(t):
    per = {a: figure_of(t, "chain", "box-inline/per-box", a) for a in ("glibc", "jemalloc")}
    if per["glibc"] is None:
        return None
    return dict(per["glibc"], per={a: e for a, e in per.items() if e is not None})


# The words: each turns a figure into (measured, explanation). Every number in them is this run's
# or its machine's; a cause the run did not measure is written as a hypothesis with its test.

def words_c1(f):
    parts = ["%s %s-%s" % (a, ns(min(o)), ns(max(o))) for a, (o, c) in f["per"].items()]
    return ("box minus inline, median of 16-256 B in both patterns, %s: %s" % (
                f["head"], interval_words(f, ns)) +
            ("; the matrix's range per allocator: " + "; ".join(parts) if parts else ""),
            "malloc+free of 64 B alone costs %s here (the same set)" % (
                interval_words(f["alloc64"], ns) if f["alloc64"] else "?"))


def words_c2(f):
    sweep = "; the sweep: %d of %d box configurations cost 1 us or more over inline" % (
        f["sweep_1us"], f["sweep"]) if f["sweep"] else ""
    parts = ["fan-out %d (%s calls): %s, %s per box" % (
        k, v["calls"] if v["calls"] is not None else "?", interval_words(v, ns), ns(v["per_box"]))
        for k, v in sorted(f["value"].items())]
    verdicts = ["%d %s" % (k, BAND_C2.verdict(v["low"], v["high"]))
                for k, v in sorted(f["value"].items())]
    return ("tree, boxed minus inline per top-level call: " + "; ".join(parts) + sweep,
            "the source gives depth 5, ready leaves and 512 copies, not the fan-out or what a node "
            "does; generated at fan-outs 1-3 with nodes that only mix their inputs, per fan-out: "
            + ", ".join(verdicts))


def words_c3(f):
    k, sp = f["kernel"], f["spin"]
    measured = "box+syscalls / nonbox+syscalls %s" % interval_words(f, pct)
    if sp:
        measured += "; with a busy wait as long in place of each syscall %s" % interval_words(sp, pct)
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
    return ("%s per million calls; %.2f%% of one core at 1 M calls/s (95%%: %.2f .. %.2f ms)" % (
                "%.2f ms" % f["value"], f["value"] / 10, f["low"], f["high"]),
            "the arithmetic holds; what differs is the per-call overhead it starts from: C1's "
            "%s here against the 30 ns assumed" % ns(f["value"]))


def words_c5(f):
    return ("C1's overhead over 500 us: %s%s" % (
                interval_words(f, lambda v: "%.4f%%" % v),
                "; over the loopback TCP round trip measured here (%s): %.4f%%" % (
                    ns(f["rtt"]), 100 * f["ns"] / f["rtt"]) if f["rtt"] else ""),
            "the loopback round trip is what this machine's kernel does for one byte each way; a "
            "real network's round trip or a query is longer, and the share smaller")


def words_c6(f):
    r = f["rows"]
    table = ", ".join("%s %s" % (v, ns(row["ns_per_request"])) for v, row in r.items() if row)
    ex, ws = f["executor"], f["with_syscalls"]
    return ("box - nonbox per request %s (the table's medians: %s)" % (interval_words(f, ns),
                                                                    table),
            "the executor over the hand-written loop: nonbox / manual %s without syscalls%s%s" % (
                interval_words(ex, pct) if ex else "?",
                ", %s with them" % interval_words(ws, pct) if ws else "",
                "; %.2f task polls per request" % f["polls_per_request"]
                if f["polls_per_request"] else ""))


def words_c7(f):
    warm = ", ".join("%s %s" % (a, ns(v)) for a, v in f["warm"].items())
    cold = f["cold"]
    return ("malloc+free of 16 KiB, glibc, warm: %s%s" % (
                interval_words(f, ns), "; the matrix: warm %s" % warm if warm else ""),
            ("the matrix's cold states range %s (%s %s) .. %s (%s %s); that the published figure "
             "is of a cold allocation or one that touches its pages is a hypothesis: the cold "
             "rows test it" % (ns(cold[0]["ns_per_call"]), cold[0]["allocator"], cold[0]["state"],
                               ns(cold[1]["ns_per_call"]), cold[1]["allocator"], cold[1]["state"]))
            if cold else "the cold states were not measured")


def words_c8(f):
    return ("1 - rc / arc %s; chkrc / arc %s" % (
                interval_words(f, lambda v: "%.2f%%" % v), interval_words(f["chk"], pct)),
            "per request the Arc waker makes %s atomic count changes and the checked Rc %s thread "
            "look-ups (the runner's counts), beside %s syscalls of %s each"
            % ("%g" % f["atomics"] if f["atomics"] else "?",
               "%g" % f["checks"] if f["checks"] else "?",
               "%.2f" % f["syscalls_per_request"] if f["syscalls_per_request"] else "?",
               ns(f["syscall"])))


def words_c9(f):
    return ("(dyn pending - dyn ready) - (inline pending - inline ready), median of 16-256 B: %s"
            % interval_words(f, ns) + " (%s)" % ", ".join(
                "%d B %s" % (s, ns(e["value"])) for s, e in f["each"].items() if e),
            "the pending pattern polls twice and the ready one once, so the difference isolates "
            "one poll; that inline the poll is folded into its caller, so that the vtable poll "
            "costs a whole call, is a hypothesis: `boxbench count` gives both patterns' "
            "instructions per call to test it")


def words_c10(f):
    return ("box minus inline, ready at first poll, median of 16-256 B, glibc: %s"
            % interval_words(f, ns),
            "every boxed call here makes one allocation and one free (the catalogue's count, which "
            "the tests prove), and malloc+free of 64 B alone costs %s in the same set" % (
                interval_words(f["alloc64"], ns) if f["alloc64"] else "?"))


def words_c11(f):
    parts = ["%s %s" % (a, interval_words(e, ns)) for a, e in f["per"].items()]
    return ("the source's shape (a stream wrapping a stream, both async-trait methods ready at "
            "once: two boxes of small futures per next()), box minus inline per box: "
            + "; ".join(parts),
            "each box pays a malloc, a free, a copy of its future and its dispatch%s" % (
                "; jemalloc is %s glibc here, the published run had it slower" % (
                    "slower than" if f["per"]["jemalloc"]["value"] > f["value"] else
                    "not slower than") if "jemalloc" in f["per"] else ""))


BLOG = "blog post 'eager to remove async_trait?'"
CLAIMS = (
    Claim("C1", "one Box::pin of a small future, warm allocator: roughly 20-30 ns per call",
          BLOG + ", section 'the overhead everyone talks about'",
          "20-30 ns", Band(10, 60, "ns", "box minus inline, median of 16-256 B in both patterns, glibc"),
          figure_c1, words_c1, "the small set (box and inline at 16-256 B)"),
    Claim("C2", "adversarial conditions (large futures, cold allocator, deep chains) reach up to "
          "1.2 us per call", "wg-async story 'Barbara benchmarks async_trait' (Fuchsia netstack)",
          "tree: boxed 1.82 us - native 639 ns = 1.18 us per top-level call",
          BAND_C2, figure_c2, words_c2, "the tree port", judge_c2),
    Claim("C3", "with real syscalls in the loop, boxed async trait methods were only 1.3% slower",
          "jkarneges/rust-async-bench README (nonbox+syscalls 1.0821 ms, box+syscalls 1.0967 ms)",
          "+1.35% (1.0967 / 1.0821 ms)",
          Band(0.65, 2.7, "%", "box+syscalls / nonbox+syscalls - 1"),
          figure_c3, words_c3, "the event-loop set with syscalls"),
    Claim("C4", "30 ns per call accumulates to 30 ms per million packets",
          BLOG,
          "30 ms per million calls (3% of a core at 1 M/s)",
          Band(15, 60, "ms", "C1's overhead per million calls"),
          figure_c4, words_c4, "C1's figure"),
    Claim("C5", "against a TCP round trip (~500 us) or a database query (1-10 ms) boxing is ~0.003%",
          BLOG, "~0.003%",
          Band(0.0015, 0.006, "%", "C1's overhead over 500 us"),
          figure_c5, words_c5, "C1's figure"),
    Claim("C6", "executor overhead vs a hand-written poll loop: manual 26.3 us, nonbox 88.5 us, box "
          "96.4 us per 256 requests; with syscalls nonbox 9.4% slower than manual",
          "jkarneges/rust-async-bench README",
          "manual 103, nonbox 346, box 377 ns per request; +9.4% with syscalls",
          Band(15, 62, "ns", "box - nonbox per request"),
          figure_c6, words_c6, "the event-loop set without syscalls"),
    Claim("C7", "allocating a 16 KiB uninitialised box takes ~465 ns",
          "jkarneges/rust-async-bench README", "465 ns",
          Band(233, 930, "ns", "malloc+free of 16 KiB, glibc, warm"),
          figure_c7, words_c7, "the small set (malloc+free of 16 KiB)"),
    Claim("C8", "an Rc waker is ~0.9% faster than an Arc waker with syscalls; a checked Rc is slower",
          "jkarneges/rust-async-bench README", "rc / arc -0.9%; chkrc slowest",
          Band(0.45, 1.8, "%", "1 - box+rc+syscalls / box+arc+syscalls"),
          figure_c8, words_c8, "the waker set"),
    Claim("C9", "a second indirect call through a boxed dyn future costs about 1 ns per poll",
          "tokio-rs/tokio PR 8439 (large-task harness)", "~1 ns per poll",
          Band(0.5, 2, "ns", "one more vtable poll minus one more direct poll"),
          figure_c9, words_c9, "the small set (dyn and inline in both patterns)"),
    Claim("C10", "a boxed local future adds 4-5 ns per message over a synchronous trait",
          "DataDog/glommio PR 268, a review comment", "4-5 ns per message",
          Band(2, 10, "ns", "box minus inline, ready, median of 16-256 B, glibc"),
          figure_c10, words_c10, "the small set (box and inline, ready)"),
    Claim("C11", "async-trait over a nested stream: about 13 ns per boxed future on glibc, 22 ns "
          "on jemalloc", "Matthias247/async_trait_experiments README",
          "glibc 13 ns, jemalloc 22 ns per boxed future",
          Band(6.5, 26, "ns", "box minus inline per box, the source's shape, glibc"),
          figure_c11, words_c11, "the chain set (the source's nested stream)"),
)

NOT_IN_C = (
    ("X1", "axum 0.8 without async_trait: P99 latency about halved", "about -50% P99",
     "a property of a whole Rust web stack under load, not of one boxed call: a C emulation of the "
     "call cannot reproduce it"),
    ("X2", "removing async_trait: 12% faster incremental builds (3 s of 25 s)", "-12% build time",
     "a property of Rust's compiler and proc macros; there is no C counterpart"),
)


def _figure_cells(f):
    """(figure, interval) as the claims table shows them, in the band's unit."""
    g = lambda v: "%.4g" % v
    if isinstance(f["value"], dict):  # One interval per fan-out (C2).
        return ("; ".join("%s: %s" % (k, g(v["value"])) for k, v in sorted(f["value"].items())),
                "; ".join("%s: %s .. %s" % (k, g(v["low"]), g(v["high"]))
                          for k, v in sorted(f["value"].items())))
    return g(f["value"]), "%s .. %s" % (g(f["low"]), g(f["high"]))


def row(c, t):
    """One claim's row from the tables t: the figure, its interval, the band, the verdict that
    follows from those three, and the words."""
    base = {"id": c.id, "claim": c.claim, "source": c.source, "published": c.published,
            "band": str(c.band)}
    f = c.figure(t)
    if f is None:
        return dict(base, measured="-", figure="-", interval="-", verdict=MISSING,
                    explanation="this run did not measure %s" % c.missing)
    measured, explanation = c.words(f)
    figure, interval = _figure_cells(f)
    verdict = c.judge(c.band, f) if c.judge else c.band.verdict(f["low"], f["high"])
    return dict(base, measured=measured, figure=figure, interval=interval, verdict=verdict,
                explanation=explanation)


def rows(t):
    out = [row(c, t) for c in CLAIMS]
    for cid, claim, published, why in NOT_IN_C:
        out.append({"id": cid, "claim": claim, "source": BLOG, "published": published,
                    "measured": "-", "figure": "-", "interval": "-", "band": "-",
                    "verdict": NOT_C, "explanation": why})
    return out


def markdown(claim_rows, machine=None, partial=None, notes=()):
    """claims.md: the table, then the notes (paragraphs), such as the layout warning; partial is
    what made the run partial, in words (results.partial_words), or None."""
    head = ["# Claims, as measured on this machine", ""]
    if partial:
        head += ["**Partial report: %s; rows marked \"not measured\" may be missing for that "
                 "reason.**" % partial, ""]
    if machine:
        head += ["Machine: %s" % machine.get("summary", ""), ""]
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in claim_rows:
        lines.append("| " + " | ".join(str(r[c]).replace("|", "/") for c in COLUMNS) + " |")
    for n in notes:
        lines += ["", n]
    return "\n".join(head + lines) + "\n"
