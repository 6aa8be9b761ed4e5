"""From a results folder to the claims table: one row per claim of CLAIMS.md, each with the
published figure, the figure measured here, the band it is held against, a verdict and one
sentence of explanation computed from the numbers.

A band is the published figure within a factor of two either way unless the claim says otherwise:
a microbenchmark on another machine that lands within 2x reproduces the claim's magnitude; one
that lands outside is a finding to explain, which the sentence tries to do from this run's own
figures.
"""
import statistics

REPRODUCED, NOT, NOT_C, QUICK = ("reproduced", "not reproduced", "not reproducible in C",
                                 "not measured")
COLUMNS = ("id", "claim", "published", "measured", "band", "verdict", "explanation")
SMALL = (16, 64, 256)  # "a small future": the sizes C1 and C10 speak of


def _pick(rows, **want):
    return [r for r in rows or () if all(r.get(k) == v for k, v in want.items())]


def _one(rows, **want):
    found = _pick(rows, **want)
    return found[0] if found else None


def _ns(v):
    if v is None:
        return "?"
    if abs(v) >= 1e6:
        return "%.2f ms" % (v / 1e6)
    if abs(v) >= 1e3:
        return "%.2f us" % (v / 1e3)
    return "%.1f ns" % v


def _pct(ratio):
    return "%+.2f%%" % (100 * (ratio - 1))


def _band(value, lo, hi):
    return REPRODUCED if value is not None and lo <= value <= hi else NOT


def _allocators(rows):
    return list(dict.fromkeys(r["allocator"] for r in rows or ()))


def _missing(cid, claim, published, what):
    return {"id": cid, "claim": claim, "published": published, "measured": "-", "band": "-",
            "verdict": QUICK, "explanation": "this run did not measure %s" % what}


def _box_overhead(summary, allocator, sizes=SMALL, pattern=None, state="warm", depth=1):
    rows = [r for r in _pick(summary, mode="box", allocator=allocator, state=state, depth=depth)
            if r["size"] in sizes and (pattern is None or r["pattern"] == pattern)
            and r["overhead_ns"] is not None]
    return [r["overhead_ns"] for r in rows], [r["ns_per_call"] for r in rows]


def c1(d):
    claim = "one Box::pin of a small future, warm allocator: roughly 20-30 ns per call"
    found = {a: _box_overhead(d.get("summary"), a) for a in _allocators(d.get("summary"))}
    found = {a: v for a, v in found.items() if v[0]}
    if not found:
        return _missing("C1", claim, "20-30 ns", "box at 16-256 B, warm, depth 1")
    parts = ["%s %s-%s (call %s-%s)" % (a, _ns(min(o)), _ns(max(o)), _ns(min(c)), _ns(max(c)))
             for a, (o, c) in found.items()]
    head = "glibc" if "glibc" in found else next(iter(found))
    med = statistics.median(found[head][0])
    alloc = _one(d.get("summary"), mode="alloc", allocator=head, state="warm", size=64)
    return {"id": "C1", "claim": claim, "published": "20-30 ns",
            "measured": "box minus inline, 16-256 B: " + "; ".join(parts),
            "band": "10-60 ns (%s median)" % head, "verdict": _band(med, 10, 60),
            "explanation": "the boxed call's overhead over inline is %s on %s (median over sizes "
                           "and patterns)%s" % (
                               _ns(med), head, "; malloc+free of 64 B alone costs %s"
                               % _ns(alloc["ns_per_call"]) if alloc else "")}


def c2(d):
    claim = ("adversarial conditions (large futures, cold allocator, deep chains) reach up to "
             "1.2 us per call")
    tree = d.get("tree")
    boxed, inline = _one(tree, form="boxed"), _one(tree, form="inline")
    summary = d.get("summary") or []
    big = [r for r in summary if r["mode"] == "box" and (r["overhead_ns"] or 0) >= 1000]
    boxes = [r for r in summary if r["mode"] == "box" and r["overhead_ns"] is not None]
    sweep = ("; the sweep: %d of %d box configurations cost 1 us or more over inline" %
             (len(big), len(boxes))) if boxes else ""
    if boxed is None or inline is None:
        return _missing("C2", claim, "1.18 us (boxed 1.82 us - native 639 ns)", "the tree port")
    diff = boxed["ns_per_call"] - inline["ns_per_call"]
    return {"id": "C2", "claim": claim,
            "published": "tree: boxed 1.82 us - native 639 ns = 1.18 us per top-level call",
            "measured": "tree: boxed %s - inline %s = %s (sync %s)%s" % (
                _ns(boxed["ns_per_call"]), _ns(inline["ns_per_call"]), _ns(diff),
                _ns(_one(tree, form="sync")["ns_per_call"]) if _one(tree, form="sync") else "?",
                sweep),
            "band": "0.59-2.36 us", "verdict": _band(diff, 590, 2360),
            "explanation": "31 boxed async calls per top-level call make %s per box; the "
                           "original's nodes do real work, ours almost none, so sync and inline "
                           "are far cheaper here while the boxing difference keeps its size"
                           % _ns(diff / 31)}


def _ratio(d, text):
    return _one(d.get("ratios"), ratio=text)


SYSCALLS_PER_REQUEST = 6  # accept, read and write, each tried once in vain and once for real


def _syscall_ns(d):
    """One read() on the empty pipe: manual with syscalls minus manual, per syscall."""
    ev = d.get("eventloop")
    m, ms = _one(ev, variant="manual"), _one(ev, variant="manual+syscalls")
    if m and ms:
        return (ms["ns_per_request"] - m["ns_per_request"]) / SYSCALLS_PER_REQUEST
    return None


def _interval(r):
    return "%s (95%%: %s .. %s)" % (_pct(r["median"]), _pct(r["low"]), _pct(r["high"]))


def _box_costs(d, r):
    """What one box costs in the event loop, per box, on the ratio's allocator: between syscalls
    (from the interleaved ratio), warm (from the table), and the matrix's cache-cold box of 256 B
    (the size next above the loop's 128-byte buffer) over inline. None where not measured."""
    ev, a = d.get("eventloop"), r["allocator"]
    box, nonbox, base = (_one(ev, variant=v, allocator=a) for v in ("box", "nonbox", "nonbox+syscalls"))
    cold = _one(d.get("summary"), mode="box", size=256, depth=1, pattern="pending",
                state="cache-cold", allocator=a)
    if not (box and nonbox and base) or box["allocs_per_iteration"] <= nonbox["allocs_per_iteration"]:
        return None, None, None
    boxes = box["allocs_per_iteration"] - nonbox["allocs_per_iteration"]
    return ((r["median"] - 1) * base["us_per_iteration"] * 1e3 / boxes,
            (box["us_per_iteration"] - nonbox["us_per_iteration"]) * 1e3 / boxes,
            cold["overhead_ns"] if cold else None)


def c3(d):
    claim = "with real syscalls in the loop, boxed async trait methods were only 1.3% slower"
    r = _ratio(d, "box+syscalls / nonbox+syscalls")
    if r is None:
        return _missing("C3", claim, "+1.3%", "the event-loop ratios")
    pred = r.get("predicted")
    between, warm, cold = _box_costs(d, r)
    costs = ""
    if between is not None:
        costs = "; between syscalls a box costs %s, %.1fx the warm table's %s" % (
            _ns(between), between / warm, _ns(warm)) if warm > 0 else \
            "; between syscalls a box costs %s" % _ns(between)
        costs += (", and the matrix's cache-cold box of 256 B costs %s over inline" % _ns(cold)
                  if cold is not None else "")
    return {"id": "C3", "claim": claim, "published": "+1.35% (1.0967 / 1.0821 ms)",
            "measured": "box+syscalls / nonbox+syscalls " + _interval(r) +
                        ("; predicted from the warm table %s" % _pct(pred) if pred else ""),
            "band": "+0.65% .. +2.7%", "verdict": _band(100 * (r["median"] - 1), 0.65, 2.7),
            "explanation": "a read() on the empty pipe costs %s here%s: likely every kernel entry "
                           "leaves the boxed path's caches, TLB and branch predictors cold"
                           % (_ns(_syscall_ns(d)), costs)}


def _c1_overhead(d):
    o, _ = _box_overhead(d.get("summary"), "glibc" if "glibc" in _allocators(d.get("summary"))
                         else (_allocators(d.get("summary")) or [None])[0])
    return statistics.median(o) if o else None


def c4(d):
    claim = "30 ns per call accumulates to 30 ms per million packets"
    o = _c1_overhead(d)
    if o is None:
        return _missing("C4", claim, "30 ms per 1e6 calls", "C1's overhead")
    return {"id": "C4", "claim": claim, "published": "30 ms per million calls (3% of a core at 1 M/s)",
            "measured": "%.1f ms per million calls; %.1f%% of one core at 1 M calls/s"
                        % (o * 1e6 / 1e6, o / 10),
            "band": "15-60 ms", "verdict": _band(o, 15, 60),
            "explanation": "the arithmetic holds; what differs is the per-call overhead it starts "
                           "from: %s here (C1) against the 30 ns assumed" % _ns(o)}


def c5(d):
    claim = "against a TCP round trip (~500 us) or a database query (1-10 ms) boxing is ~0.003%"
    o = _c1_overhead(d)
    rtt = _one(d.get("net"), what="tcp-loopback")
    if o is None or rtt is None:
        return _missing("C5", claim, "~0.003%", "C1's overhead and the loopback round trip")
    share = o / rtt["ns_per_round_trip"]
    return {"id": "C5", "claim": claim, "published": "~0.003%",
            "measured": "%.4f%% of a loopback TCP round trip (%s); %.4f%% of 500 us, %.4f%% of "
                        "1 ms, %.5f%% of 10 ms" % (100 * share, _ns(rtt["ns_per_round_trip"]),
                                                   100 * o / 5e5, 100 * o / 1e6, 100 * o / 1e7),
            "band": "0.0015-0.006% of 500 us", "verdict": _band(100 * o / 5e5, 0.0015, 0.006),
            "explanation": "the loopback round trip measured here is the cheapest TCP round trip "
                           "there is, so against it boxing weighs most; against a real network's "
                           "or a query's it is a few thousandths of a percent"}


def c6(d):
    claim = ("executor overhead vs a hand-written poll loop: manual 26.3 us, nonbox 88.5 us, box "
             "96.4 us per 256 requests; with syscalls nonbox 9.4% slower than manual")
    ev = d.get("eventloop")
    m, n, b = (_one(ev, variant=v) for v in ("manual", "nonbox", "box"))
    rs = _ratio(d, "nonbox+syscalls / manual+syscalls")
    if not (m and n and b):
        return _missing("C6", claim, "box - nonbox: 31 ns per request", "the event-loop table")
    per = (b["ns_per_request"] - n["ns_per_request"])
    return {"id": "C6", "claim": claim,
            "published": "manual 103, nonbox 346, box 377 ns per request; +9.4% with syscalls",
            "measured": "manual %s, nonbox %s, box %s per request (box - nonbox %s)%s" % (
                _ns(m["ns_per_request"]), _ns(n["ns_per_request"]), _ns(b["ns_per_request"]),
                _ns(per), "; with syscalls nonbox / manual " + _interval(rs) if rs else ""),
            "band": "box - nonbox 15-62 ns per request", "verdict": _band(per, 15, 62),
            "explanation": "the executor costs %s per request here (published 243 ns)%s" % (
                _ns(n["ns_per_request"] - m["ns_per_request"]),
                "; each syscall costs %s, so with six per request the executor's share almost "
                "vanishes" % _ns(_syscall_ns(d)) if _syscall_ns(d) else "")}


def c7(d):
    claim = "allocating a 16 KiB uninitialised box takes ~465 ns"
    rows = [r for r in _pick(d.get("summary"), mode="alloc", size=16384)]
    if not rows:
        return _missing("C7", claim, "465 ns", "malloc+free of 16 KiB")
    warm = {r["allocator"]: r["ns_per_call"] for r in rows if r["state"] == "warm"}
    near = min(rows, key=lambda r: abs(r["ns_per_call"] - 465))
    head = warm.get("glibc", next(iter(warm.values()), None))
    return {"id": "C7", "claim": claim, "published": "465 ns",
            "measured": "warm: " + ", ".join("%s %s" % (a, _ns(v)) for a, v in warm.items()) +
                        "; cold states: %s .. %s" % (
                            _ns(min(r["ns_per_call"] for r in rows if r["state"] != "warm"))
                            if any(r["state"] != "warm" for r in rows) else "-",
                            _ns(max(r["ns_per_call"] for r in rows if r["state"] != "warm"))
                            if any(r["state"] != "warm" for r in rows) else "-"),
            "band": "233-930 ns (glibc, warm)", "verdict": _band(head, 233, 930),
            "explanation": "the nearest measured figure is %s %s at %s: the published one looks "
                           "like an allocation that is not warm" % (
                               near["allocator"], near["state"], _ns(near["ns_per_call"]))}


def c8(d):
    claim = "an Rc waker is ~0.9% faster than an Arc waker with syscalls; a checked Rc is slower"
    rc = _ratio(d, "box+rc+syscalls / box+arc+syscalls")
    chk = _ratio(d, "box+chkrc+syscalls / box+arc+syscalls")
    if rc is None or chk is None:
        return _missing("C8", claim, "rc / arc -0.9%", "the waker ratios")
    order = "slower than both" if chk["median"] > max(1.0, rc["median"]) else "not slower than both"
    return {"id": "C8", "claim": claim, "published": "rc / arc -0.9%; chkrc slowest",
            "measured": "rc / arc %s; chkrc / arc %s" % (_interval(rc), _interval(chk)),
            "band": "rc / arc -0.45% .. -1.8%",
            "verdict": _band(-100 * (rc["median"] - 1), 0.45, 1.8),
            "explanation": "the checked Rc is %s here; the counts' cost is a few ns per wake, "
                           "small beside %s of syscalls per request" % (
                               order, _ns(SYSCALLS_PER_REQUEST * _syscall_ns(d)) if _syscall_ns(d) else "the cost")}


def c9(d):
    claim = "a second indirect call through a boxed dyn future costs about 1 ns per poll"
    s = d.get("summary")
    vals = []
    for size in SMALL:
        g = lambda mode, pattern: _one(s, mode=mode, size=size, depth=1, pattern=pattern,
                                       state="warm", allocator="glibc")
        rows = [g(m, p) for m in ("dyn", "inline") for p in ("pending", "ready")]
        if all(rows):
            (dp, dr, ip, ir) = (r["ns_per_call"] for r in rows)
            vals.append((dp - dr) - (ip - ir))
    if not vals:
        return _missing("C9", claim, "~1 ns per poll", "dyn and inline in both patterns")
    med = statistics.median(vals)
    return {"id": "C9", "claim": claim, "published": "~1 ns per poll",
            "measured": "one more poll through the vtable, minus one more direct poll: %s "
                        "(16-256 B, glibc: %s)" % (_ns(med), ", ".join(_ns(v) for v in vals)),
            "band": "0.5-2 ns", "verdict": _band(med, 0.5, 2),
            "explanation": "the pending pattern polls twice and the ready one once, so the "
                           "difference isolates one poll; inline, the compiler folds the poll "
                           "into its caller, so here the vtable poll costs a whole call, not "
                           "only a second indirect jump"}


def c10(d):
    claim = "a boxed local future adds 4-5 ns per message over a synchronous trait"
    o, _ = _box_overhead(d.get("summary"), "glibc", pattern="ready")
    if not o:
        return _missing("C10", claim, "4-5 ns", "box and inline, ready pattern")
    med = statistics.median(o)
    alloc = _one(d.get("summary"), mode="alloc", allocator="glibc", state="warm", size=64)
    return {"id": "C10", "claim": claim, "published": "4-5 ns per message",
            "measured": "box minus inline, ready at first poll, 16-256 B, glibc: %s" % ", ".join(
                _ns(v) for v in o), "band": "2-10 ns", "verdict": _band(med, 2, 10),
            "explanation": "every boxed call here pays a malloc and free (%s alone for 64 B), a "
                           "copy and two vtable calls; the published figure is below what the "
                           "allocator alone costs on this machine" % (
                               _ns(alloc["ns_per_call"]) if alloc else "?")}


def c11(d):
    claim = "async-trait over a nested stream: about 13 ns per boxed future on glibc, 22 ns on jemalloc"
    s = d.get("summary")
    parts, per = [], {}
    for a in ("glibc", "jemalloc"):
        deep = [r for r in _pick(s, mode="box", allocator=a, state="warm", size=64)
                if r["overhead_ns"] is not None]
        if deep:
            r = max(deep, key=lambda r: r["depth"])
            per[a] = r["overhead_ns"] / r["depth"]
            parts.append("%s %s (depth %d)" % (a, _ns(per[a]), r["depth"]))
    if "glibc" not in per:
        return _missing("C11", claim, "13 ns glibc, 22 ns jemalloc", "a deep boxed chain")
    return {"id": "C11", "claim": claim, "published": "glibc 13 ns, jemalloc 22 ns per boxed future",
            "measured": "box minus inline over the chain, per level, 64 B: " + "; ".join(parts),
            "band": "glibc 6.5-26 ns", "verdict": _band(per["glibc"], 6.5, 26),
            "explanation": ("each level of the chain pays a malloc, a free, a copy of its future "
                            "and its dispatch; jemalloc is %s glibc here, the published run had it "
                            "slower" % ("slower than" if per.get("jemalloc", 0) > per["glibc"]
                                         else "faster than"))
            if "jemalloc" in per else "jemalloc was not measured"}


NOT_IN_C = (
    ("X1", "axum 0.8 without async_trait: P99 latency about halved", "about -50% P99",
     "a property of a whole Rust web stack under load, not of one boxed call: a C emulation of the "
     "call cannot reproduce it"),
    ("X2", "removing async_trait: 12% faster incremental builds (3 s of 25 s)", "-12% build time",
     "a property of Rust's compiler and proc macros; there is no C counterpart"),
)


def rows(data):
    out = [f(data) for f in (c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11)]
    for cid, claim, published, why in NOT_IN_C:
        out.append({"id": cid, "claim": claim, "published": published, "measured": "-",
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
