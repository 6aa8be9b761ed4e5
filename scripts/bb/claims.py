"""The claims table: every published figure boxbench checks (docs/claims.md), as data. Each claim
is one row of CLAIMS: its id, the claim, its source, the published figure, the band the measured
figure is held against, the function that computes the figure from a results folder's tables, and
the function that words it. Arithmetic (the `figure_*` functions, tested on fixture tables) is kept
apart from formatting (the `words_*` functions); the verdict follows from the figure and the band
alone.

A band is the published figure within a factor of two either way unless the claim says otherwise:
a microbenchmark on another machine that lands within 2x reproduces the claim's magnitude; one
that lands outside is a finding to explain, which the explanation does from this run's own
figures.
"""
import collections
import statistics

REPRODUCED, NOT, INCONCLUSIVE, NOT_C, MISSING = (
    "reproduced", "not reproduced", "inconclusive", "not reproducible in C", "not measured")
COLUMNS = ("id", "claim", "source", "published", "measured", "band", "verdict",
           "explanation")
SMALL = (16, 64, 256)  # "a small future": the sizes C1 and C10 speak of


class Band(collections.namedtuple("Band", "low high unit what")):
    """[low, high] in unit, around `what` (the figure that is held against it)."""

    def holds(self, value):
        return value is not None and self.low <= value <= self.high

    def __str__(self):
        return "%s: %g .. %g %s" % (self.what, self.low, self.high, self.unit)


# judge(band, figure) gives the verdict where a claim's figure is not one number (default: the
# band holds the figure's value or not).
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
    """(overheads, whole calls) of box at the small sizes."""
    rows = [r for r in pick(summary, mode="box", allocator=allocator, state=state, depth=depth)
            if r["size"] in SMALL and (pattern is None or r["pattern"] == pattern)
            and r["overhead_ns"] is not None]
    return [r["overhead_ns"] for r in rows], [r["ns_per_call"] for r in rows]


def ratio(t, numerator, denominator):
    return one(t.get("ratios"), numerator=numerator, denominator=denominator)


def syscall_ns(t):
    """One syscall of the event loop: manual with syscalls minus manual, per syscall."""
    ev = t.get("eventloop")
    m, ms = one(ev, variant="manual"), one(ev, variant="manual+syscalls")
    if m and ms and ms.get("syscalls_per_request"):
        return (ms["ns_per_request"] - m["ns_per_request"]) / ms["syscalls_per_request"]
    return None


# The figures: each returns a dict whose "value" is held against the band, or None.

def figure_c1(t):
    s = t.get("summary")
    found = {a: box_overheads(s, a) for a in allocators(s)}
    found = {a: v for a, v in found.items() if v[0]}
    if not found:
        return None
    head = head_allocator([{"allocator": a} for a in found])
    alloc = one(s, mode="alloc", allocator=head, state="warm", size=64)
    return {"value": statistics.median(found[head][0]), "head": head, "per": found,
            "alloc64": alloc["ns_per_call"] if alloc else None}


def figure_c2(t):
    """Per fan-out: boxed minus inline per top-level call, and per boxed call."""
    tree = t.get("tree")
    per = {}
    for boxed in pick(tree, form="boxed"):
        inline = one(tree, form="inline", fanout=boxed.get("fanout"), allocator=boxed["allocator"])
        sync = one(tree, form="sync", fanout=boxed.get("fanout"), allocator=boxed["allocator"])
        if inline is None or boxed["allocator"] != head_allocator(tree):
            continue
        diff = boxed["ns_per_call"] - inline["ns_per_call"]
        per[boxed.get("fanout")] = {
            "diff": diff, "boxed": boxed["ns_per_call"], "inline": inline["ns_per_call"],
            "sync": sync["ns_per_call"] if sync else None, "calls": boxed["async_calls"],
            "per_box": diff / boxed["allocs_per_call"] if boxed.get("allocs_per_call") else None}
    if not per:
        return None
    boxes = [r for r in t.get("summary") or () if r["mode"] == "box" and r["overhead_ns"] is not None]
    return {"value": per, "sweep": len(boxes),
            "sweep_1us": sum(r["overhead_ns"] >= 1000 for r in boxes)}


BAND_C2 = Band(590, 2360, "ns", "tree: boxed minus inline per top-level call, each fan-out")


def judge_c2(band, f):
    """Reproduced when every fan-out's figure is in the band, not when none is, inconclusive
    between: the source does not say which fan-out it had."""
    inside = [k for k, v in f["value"].items() if band.holds(v["diff"])]
    return REPRODUCED if len(inside) == len(f["value"]) else NOT if not inside else INCONCLUSIVE


def _box_costs(t, r):
    """What one box costs in the event loop, per box, on the ratio's allocator: between syscalls
    (from the interleaved ratio), warm (from the table), and the matrix's cache-cold box of 256 B
    (the size next above the loop's 128-byte buffer) over inline. None where not measured."""
    ev, a = t.get("eventloop"), r["allocator"]
    box, nonbox, base = (one(ev, variant=v, allocator=a) for v in ("box", "nonbox", "nonbox+syscalls"))
    cold = one(t.get("summary"), mode="box", size=256, depth=1, pattern="pending",
               state="cache-cold", allocator=a)
    if not (box and nonbox and base) or box["allocs_per_iteration"] <= nonbox["allocs_per_iteration"]:
        return None, None, None
    boxes = box["allocs_per_iteration"] - nonbox["allocs_per_iteration"]
    return ((r["median"] - 1) * base["us_per_iteration"] * 1e3 / boxes,
            (box["us_per_iteration"] - nonbox["us_per_iteration"]) * 1e3 / boxes,
            cold["overhead_ns"] if cold else None)


def figure_c3(t):
    r = ratio(t, "box+syscalls", "nonbox+syscalls")
    if r is None:
        return None
    between, warm, cold = _box_costs(t, r)
    ev = one(t.get("eventloop"), variant="box+syscalls", allocator=r["allocator"])
    return {"value": 100 * (r["median"] - 1), "ratio": r, "syscall": syscall_ns(t),
            "between": between, "warm": warm, "cold": cold,
            "syscalls_per_request": ev.get("syscalls_per_request") if ev else None}


def _c1_overhead(t):
    f = figure_c1(t)
    return f["value"] if f else None


def figure_c4(t):
    o = _c1_overhead(t)
    # ms per million calls equals ns per call; the share of a core at 1 M calls/s is o / 1e3 * 100.
    return None if o is None else {"value": o, "ms_per_million": o, "core_pct": o / 10}


def figure_c5(t):
    o = _c1_overhead(t)
    rtt = one(t.get("net"), what="tcp-loopback")
    if o is None or rtt is None:
        return None
    return {"value": 100 * o / 5e5, "rtt": rtt["ns_per_round_trip"],
            "of_rtt": 100 * o / rtt["ns_per_round_trip"], "of_1ms": 100 * o / 1e6,
            "of_10ms": 100 * o / 1e7}


def figure_c6(t):
    ev = t.get("eventloop")
    m, n, b = (one(ev, variant=v) for v in ("manual", "nonbox", "box"))
    if not (m and n and b):
        return None
    ms = one(ev, variant="manual+syscalls")
    return {"value": b["ns_per_request"] - n["ns_per_request"], "manual": m["ns_per_request"],
            "nonbox": n["ns_per_request"], "box": b["ns_per_request"],
            "executor": n["ns_per_request"] - m["ns_per_request"],
            "with_syscalls": ratio(t, "nonbox+syscalls", "manual+syscalls"),
            "syscall": syscall_ns(t),
            "syscalls_per_request": ms.get("syscalls_per_request") if ms else None,
            "polls_per_request": n["task_polls"] / n["requests"] if n.get("task_polls") else None}


def figure_c7(t):
    rows = pick(t.get("summary"), mode="alloc", size=16384)
    if not rows:
        return None
    warm = {r["allocator"]: r["ns_per_call"] for r in rows if r["state"] == "warm"}
    cold = [r["ns_per_call"] for r in rows if r["state"] != "warm"]
    near = min(rows, key=lambda r: abs(r["ns_per_call"] - 465))
    return {"value": warm.get("glibc", next(iter(warm.values()), None)), "warm": warm,
            "cold": (min(cold), max(cold)) if cold else None, "near": near}


def figure_c8(t):
    rc = ratio(t, "box+rc+syscalls", "box+arc+syscalls")
    chk = ratio(t, "box+chkrc+syscalls", "box+arc+syscalls")
    if rc is None or chk is None:
        return None
    ev = t.get("eventloop")
    ms = one(ev, variant="box+rc+syscalls")
    per_request = syscall_ns(t) * ms["syscalls_per_request"] \
        if ms and ms.get("syscalls_per_request") is not None and syscall_ns(t) else None
    arc, chkrc = one(ev, variant="box+arc+syscalls"), one(ev, variant="box+chkrc+syscalls")
    per_req = lambda row, col: row[col] / row["requests"] if row and row.get(col) else None
    return {"value": -100 * (rc["median"] - 1), "rc": rc, "chk": chk,
            "chk_slowest": chk["median"] > max(1.0, rc["median"]), "syscalls_ns": per_request,
            "atomics": per_req(arc, "atomic_refs"), "checks": per_req(chkrc, "thread_checks")}


def figure_c9(t):
    s, vals = t.get("summary"), []
    for size in SMALL:
        rows = [one(s, mode=m, size=size, depth=1, pattern=p, state="warm", allocator="glibc")
                for m in ("dyn", "inline") for p in ("pending", "ready")]
        if all(rows):
            dp, dr, ip, ir = (r["ns_per_call"] for r in rows)
            vals.append((dp - dr) - (ip - ir))
    return {"value": statistics.median(vals), "each": vals} if vals else None


def figure_c10(t):
    o, _ = box_overheads(t.get("summary"), "glibc", pattern="ready")
    if not o:
        return None
    alloc = one(t.get("summary"), mode="alloc", allocator="glibc", state="warm", size=64)
    return {"value": statistics.median(o), "each": o,
            "alloc64": alloc["ns_per_call"] if alloc else None}


def figure_c11(t):
    per = {}
    for a in ("glibc", "jemalloc"):
        deep = [r for r in pick(t.get("summary"), mode="box", allocator=a, state="warm", size=64)
                if r["overhead_ns"] is not None]
        if deep:
            r = max(deep, key=lambda r: r["depth"])
            per[a] = (r["overhead_ns"] / r["depth"], r["depth"])
    return {"value": per["glibc"][0], "per": per} if "glibc" in per else None


# The words: each turns a figure into (measured, explanation).

def ns(v):
    if v is None:
        return "?"
    if abs(v) >= 1e6:
        return "%.2f ms" % (v / 1e6)
    if abs(v) >= 1e3:
        return "%.2f us" % (v / 1e3)
    return "%.1f ns" % v


def pct(r):
    return "%+.2f%%" % (100 * (r - 1))


def interval(r):
    return "%s (95%%: %s .. %s)" % (pct(r["median"]), pct(r["low"]), pct(r["high"]))


def words_c1(f):
    parts = ["%s %s-%s (call %s-%s)" % (a, ns(min(o)), ns(max(o)), ns(min(c)), ns(max(c)))
             for a, (o, c) in f["per"].items()]
    return ("box minus inline, 16-256 B: " + "; ".join(parts),
            "the boxed call's overhead over inline is %s on %s (median over sizes and patterns)%s"
            % (ns(f["value"]), f["head"], "; malloc+free of 64 B alone costs %s" % ns(f["alloc64"])
               if f["alloc64"] is not None else ""))


def words_c2(f):
    sweep = "; the sweep: %d of %d box configurations cost 1 us or more over inline" % (
        f["sweep_1us"], f["sweep"]) if f["sweep"] else ""
    parts = ["fan-out %s (%d calls): boxed %s - inline %s = %s, %s per box" % (
        k, v["calls"], ns(v["boxed"]), ns(v["inline"]), ns(v["diff"]), ns(v["per_box"]))
        for k, v in sorted(f["value"].items(), key=lambda kv: kv[0] or 0)]
    inside = [str(k) for k, v in sorted(f["value"].items(), key=lambda kv: kv[0] or 0)
              if BAND_C2.holds(v["diff"])]
    return ("tree, per top-level call: " + "; ".join(parts) + sweep,
            "the source gives depth 5, ready leaves and 512 copies, not the fan-out or what a node "
            "does: generated at fan-outs 1-3 with nodes that only mix their inputs, the boxing "
            "difference falls in the band at fan-out %s" % (", ".join(inside) or "none"))


def words_c3(f):
    r = f["ratio"]
    costs = ""
    if f["between"] is not None:
        costs = "; between syscalls a box costs %s" % ns(f["between"])
        if f["warm"] > 0:
            costs += ", %.1fx the warm table's %s" % (f["between"] / f["warm"], ns(f["warm"]))
        if f["cold"] is not None:
            costs += ", and the matrix's cache-cold box of 256 B costs %s over inline" % ns(f["cold"])
    return ("box+syscalls / nonbox+syscalls " + interval(r) +
            ("; predicted from the warm table %s" % pct(r["predicted"]) if r.get("predicted") else ""),
            "a read() on the empty pipe costs %s here, and the port makes %s of them per request "
            "(one per statistics count, as the original)%s; that every kernel entry leaves the boxed "
            "path's caches, TLB and branch predictors cold is a hypothesis this run did not test"
            % (ns(f["syscall"]), "%.2f" % f["syscalls_per_request"]
               if f["syscalls_per_request"] is not None else "?", costs))


def words_c4(f):
    return ("%.1f ms per million calls; %.1f%% of one core at 1 M calls/s"
            % (f["ms_per_million"], f["core_pct"]),
            "the arithmetic holds; what differs is the per-call overhead it starts from: %s here "
            "(C1) against the 30 ns assumed" % ns(f["value"]))


def words_c5(f):
    return ("%.4f%% of a loopback TCP round trip (%s); %.4f%% of 500 us, %.4f%% of 1 ms, %.5f%% "
            "of 10 ms" % (f["of_rtt"], ns(f["rtt"]), f["value"], f["of_1ms"], f["of_10ms"]),
            "the loopback round trip measured here is the cheapest TCP round trip there is, so "
            "against it boxing weighs most; against a real network's or a query's it is a few "
            "thousandths of a percent")


def words_c6(f):
    rs = f["with_syscalls"]
    return ("manual %s, nonbox %s, box %s per request (box - nonbox %s)%s" % (
                ns(f["manual"]), ns(f["nonbox"]), ns(f["box"]), ns(f["value"]),
                "; with syscalls nonbox / manual " + interval(rs) if rs else ""),
            "the executor costs %s per request here (published 243 ns)%s%s" % (
                ns(f["executor"]), ", for %.2f task polls per request" % f["polls_per_request"]
                if f["polls_per_request"] else "",
                "; each syscall costs %s and the port makes %.2f per request, so with syscalls the "
                "executor's share almost vanishes" % (ns(f["syscall"]), f["syscalls_per_request"])
                if f["syscall"] and f["syscalls_per_request"] else ""))


def words_c7(f):
    near = f["near"]
    return ("warm: " + ", ".join("%s %s" % (a, ns(v)) for a, v in f["warm"].items()) +
            "; cold states: %s" % ("%s .. %s" % (ns(f["cold"][0]), ns(f["cold"][1]))
                                   if f["cold"] else "-"),
            "the nearest measured figure is %s %s at %s: the published one looks like an "
            "allocation that is not warm" % (near["allocator"], near["state"],
                                             ns(near["ns_per_call"])))


def words_c8(f):
    return ("rc / arc %s; chkrc / arc %s" % (interval(f["rc"]), interval(f["chk"])),
            "the checked Rc is %s here; per request the Arc waker makes %s atomic count changes "
            "and the checked Rc %s thread look-ups (the runner's counts), beside %s of syscalls"
            % ("slower than both" if f["chk_slowest"] else "not slower than both",
               "%g" % f["atomics"] if f["atomics"] else "?", "%g" % f["checks"] if f["checks"] else "?",
               ns(f["syscalls_ns"])))


def words_c9(f):
    return ("one more poll through the vtable, minus one more direct poll: %s (16-256 B, glibc: "
            "%s)" % (ns(f["value"]), ", ".join(ns(v) for v in f["each"])),
            "the pending pattern polls twice and the ready one once, so the difference isolates "
            "one poll; inline, the compiler folds the poll into its caller, so here the vtable "
            "poll costs a whole call, not only a second indirect jump")


def words_c10(f):
    return ("box minus inline, ready at first poll, 16-256 B, glibc: %s"
            % ", ".join(ns(v) for v in f["each"]),
            "every boxed call here pays a malloc and free (%s alone for 64 B), a copy and two "
            "vtable calls; the published figure is below what the allocator alone costs on this "
            "machine" % ns(f["alloc64"]))


def words_c11(f):
    per = f["per"]
    parts = ["%s %s (depth %d)" % (a, ns(v), d) for a, (v, d) in per.items()]
    why = ("each level of the chain pays a malloc, a free, a copy of its future and its dispatch; "
           "jemalloc is %s glibc here, the published run had it slower"
           % ("slower than" if per["jemalloc"][0] > per["glibc"][0] else "faster than")
           if "jemalloc" in per else "jemalloc was not measured")
    return "box minus inline over the chain, per level, 64 B: " + "; ".join(parts), why


BLOG = "blog post 'eager to remove async_trait?'"
CLAIMS = (
    Claim("C1", "one Box::pin of a small future, warm allocator: roughly 20-30 ns per call",
          BLOG + ", section 'the overhead everyone talks about'",
          "20-30 ns", Band(10, 60, "ns", "box minus inline, median of 16-256 B, glibc"),
          figure_c1, words_c1, "box at 16-256 B, warm, depth 1"),
    Claim("C2", "adversarial conditions (large futures, cold allocator, deep chains) reach up to "
          "1.2 us per call", "wg-async story 'Barbara benchmarks async_trait' (Fuchsia netstack)",
          "tree: boxed 1.82 us - native 639 ns = 1.18 us per top-level call",
          BAND_C2, figure_c2, words_c2, "the tree port", judge_c2),
    Claim("C3", "with real syscalls in the loop, boxed async trait methods were only 1.3% slower",
          "jkarneges/rust-async-bench README (nonbox+syscalls 1.0821 ms, box+syscalls 1.0967 ms)",
          "+1.35% (1.0967 / 1.0821 ms)",
          Band(0.65, 2.7, "%", "box+syscalls / nonbox+syscalls - 1"),
          figure_c3, words_c3, "the event-loop ratios"),
    Claim("C4", "30 ns per call accumulates to 30 ms per million packets",
          BLOG,
          "30 ms per million calls (3% of a core at 1 M/s)",
          Band(15, 60, "ms", "C1's overhead per million calls"),
          figure_c4, words_c4, "C1's overhead"),
    Claim("C5", "against a TCP round trip (~500 us) or a database query (1-10 ms) boxing is ~0.003%",
          BLOG, "~0.003%",
          Band(0.0015, 0.006, "%", "C1's overhead over 500 us"),
          figure_c5, words_c5, "C1's overhead and the loopback round trip"),
    Claim("C6", "executor overhead vs a hand-written poll loop: manual 26.3 us, nonbox 88.5 us, box "
          "96.4 us per 256 requests; with syscalls nonbox 9.4% slower than manual",
          "jkarneges/rust-async-bench README",
          "manual 103, nonbox 346, box 377 ns per request; +9.4% with syscalls",
          Band(15, 62, "ns", "box - nonbox per request"),
          figure_c6, words_c6, "the event-loop table"),
    Claim("C7", "allocating a 16 KiB uninitialised box takes ~465 ns",
          "jkarneges/rust-async-bench README", "465 ns",
          Band(233, 930, "ns", "malloc+free of 16 KiB, glibc, warm"),
          figure_c7, words_c7, "malloc+free of 16 KiB"),
    Claim("C8", "an Rc waker is ~0.9% faster than an Arc waker with syscalls; a checked Rc is slower",
          "jkarneges/rust-async-bench README", "rc / arc -0.9%; chkrc slowest",
          Band(0.45, 1.8, "%", "1 - box+rc+syscalls / box+arc+syscalls"),
          figure_c8, words_c8, "the waker ratios"),
    Claim("C9", "a second indirect call through a boxed dyn future costs about 1 ns per poll",
          "tokio-rs/tokio PR 8439 (large-task harness)", "~1 ns per poll",
          Band(0.5, 2, "ns", "one more vtable poll minus one more direct poll"),
          figure_c9, words_c9, "dyn and inline in both patterns"),
    Claim("C10", "a boxed local future adds 4-5 ns per message over a synchronous trait",
          "DataDog/glommio PR 268, a review comment", "4-5 ns per message",
          Band(2, 10, "ns", "box minus inline, ready, median of 16-256 B, glibc"),
          figure_c10, words_c10, "box and inline, ready pattern"),
    Claim("C11", "async-trait over a nested stream: about 13 ns per boxed future on glibc, 22 ns "
          "on jemalloc", "Matthias247/async_trait_experiments README",
          "glibc 13 ns, jemalloc 22 ns per boxed future",
          Band(6.5, 26, "ns", "box minus inline per level of the deepest chain, 64 B, glibc"),
          figure_c11, words_c11, "a deep boxed chain"),
)

NOT_IN_C = (
    ("X1", "axum 0.8 without async_trait: P99 latency about halved", "about -50% P99",
     "a property of a whole Rust web stack under load, not of one boxed call: a C emulation of the "
     "call cannot reproduce it"),
    ("X2", "removing async_trait: 12% faster incremental builds (3 s of 25 s)", "-12% build time",
     "a property of Rust's compiler and proc macros; there is no C counterpart"),
)


def row(c, t):
    """One claim's row from the tables t: the figure, worded, and its verdict from the band."""
    f = c.figure(t)
    if f is None:
        return {"id": c.id, "claim": c.claim, "source": c.source, "published": c.published,
                "measured": "-",
                "band": str(c.band), "verdict": MISSING,
                "explanation": "this run did not measure %s" % c.missing}
    measured, explanation = c.words(f)
    verdict = c.judge(c.band, f) if c.judge else REPRODUCED if c.band.holds(f["value"]) else NOT
    return {"id": c.id, "claim": c.claim, "source": c.source, "published": c.published,
            "measured": measured, "band": str(c.band), "verdict": verdict,
            "explanation": explanation}


def rows(t):
    out = [row(c, t) for c in CLAIMS]
    for cid, claim, published, why in NOT_IN_C:
        out.append({"id": cid, "claim": claim, "source": BLOG, "published": published,
                    "measured": "-",
                    "band": "-", "verdict": NOT_C, "explanation": why})
    return out


def markdown(claim_rows, machine=None, partial=False):
    head = ["# Claims, as measured on this machine", ""]
    if partial:
        head += ["**Partial report: the run was interrupted; rows marked \"not measured\" may be "
                 "missing for that reason.**", ""]
    if machine:
        head += ["Machine: %s" % machine.get("summary", ""), ""]
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in claim_rows:
        lines.append("| " + " | ".join(str(r[c]).replace("|", "/") for c in COLUMNS) + " |")
    return "\n".join(head + lines) + "\n"
