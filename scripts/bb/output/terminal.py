"""Every terminal table a command prints, in one place: each takes the rows a table of the model
or the analysis holds and lays them out in columns under a title (format_table). The files a run
writes (CSV, JSON, claims.md, report.html, plots) are rendered by their own modules here."""
from ..analysis import fidelity as fidelity_, mitigations as mitigations_
from ..model import roles, text


def _cv(r):
    return "" if r["cv"] is None else "%.1f%%" % (100 * r["cv"])


def format_table(title, lines, right):
    """A title, then lines (the first is the head) in columns; the columns in right flush right."""
    widths = [max(len(l[i]) for l in lines) for i in range(len(lines[0]))]
    fmt = lambda l: "  ".join(c.rjust(w) if i in right else c.ljust(w)
                              for i, (c, w) in enumerate(zip(l, widths)))
    return "\n".join([title, fmt(lines[0]), "  ".join("-" * w for w in widths)]
                     + [fmt(l) for l in lines[1:]])


def summary(rows):
    """The summary as a terminal table: ns per call with cv, overhead and its breakdown."""
    head = ("mode", "size", "depth", "pattern", "state", "allocator", "ns/call", "cv",
            "overhead", "dispatch", "allocation", "copy")
    signed = lambda v: "%+.1f" % v if v is not None else ""
    lines = [head]
    for r in rows:
        lines.append((r["mode"], text.size(r["size"]) if r["size"] is not None else "",
                      str(r["depth"] or ""), r["pattern"] or "", r["state"] or "", r["allocator"],
                      "%.2f" % r["ns_per_call"],
                      "%.1f%%" % (100 * r["cv"]) if r["cv"] is not None else "",
                      signed(r["overhead_ns"]), signed(r["dispatch_ns"]), signed(r["alloc_ns"]),
                      signed(r["copy_ns"])))
    return format_table("times in ns per top-level call; overhead is over inline, and splits into "
                        "dispatch, alloc and copy", lines, {1, 2} | set(range(6, len(head))))


def mitigations(rows):
    """Per allocator: the overhead of each mode by coordinates and size."""
    columns = mitigations_.mode_columns(rows)
    modes = [c[:-3] for c in columns]
    out = []
    for a in dict.fromkeys(r["allocator"] for r in rows):
        lines = [("state", "pattern", "depth", "size") + tuple(modes)]
        for r in (r for r in rows if r["allocator"] == a):
            lines.append((r["state"], r["pattern"], str(r["depth"]), text.size(r["size"])) +
                         tuple("" if r.get(c) is None else "%+.1f" % r[c] for c in columns))
        out.append(format_table("%s: overhead over inline, ns per top-level call, box and the ways "
                                "around it" % a, lines, set(range(2, len(lines[0])))))
    return "\n\n".join(out)


def crossover(rows):
    lines = [("allocator", "state", "pattern", "depth", "native-moved cheaper to",
              "box cheaper from")]
    size = lambda v: "-" if v is None else text.size(v)
    lines += [(r["allocator"], r["state"], r["pattern"], str(r["depth"]),
               size(r["moved_cheaper_to"]), size(r["box_cheaper_from"])) for r in rows]
    return format_table("where a native chain that moves each child (native-moved) costs as much "
                        "as boxing it: the sizes measured on either side ('-': none)",
                        lines, {3, 4, 5})


def fidelity(rows):
    lines = [("mode", "size", "depth", "pattern", "allocator", "C / Rust", "95% interval",
              "verdict", "C bytes", "Rust bytes")]
    lines += [(r["mode"], "%d" % r["size"], "%d" % r["depth"], r["pattern"], r["allocator"],
               "%.2f" % r["c_over_rust"], "%.2f .. %.2f" % (r["low"], r["high"]), r["verdict"],
               "%d" % r["c_future_bytes"], "%d" % r["rust_future_bytes"]) for r in rows]
    return format_table("C / Rust: each C unit's ns per call over its Rust counterpart's, "
                        "interleaved in the same processes, 95%% interval over them; agrees "
                        "within %d%% either way" % round(100 * (fidelity_.BAND[1] - 1)), lines,
                        {1, 2, 5, 6, 8, 9})


def compare(header, rows):
    lines = [("case", "allocator", "A ns", "B ns", "B/A", "95% interval", "detectable", "p_family",
              "verdict")]
    for r in rows:
        lines.append((r["case"], r["allocator"], "%.2f" % r["a_ns"], "%.2f" % r["b_ns"],
                      "%.3f" % r["ratio"],
                      "" if r["low"] is None else "%.3f .. %.3f" % (r["low"], r["high"]),
                      "" if r["detectable_pct"] is None else "+-%.1f%%" % r["detectable_pct"],
                      "" if r["p_family"] is None else "%.3g" % r["p_family"], r["verdict"]))
    title = "\n".join(header + [
        "B against A per case: geometric means of the processes' medians, the ratio with its 95% "
        "interval, the difference it can tell at that level (half the interval's width), the "
        "family's p"])
    return format_table(title, lines, {2, 3, 4, 5, 6, 7})


def claims(rows):
    """The verdicts with what they follow from: per claim, its verdict, then each part's figure,
    95% interval, band and verdict (a claim of one part on one line)."""
    lines = [("id", "verdict", "part", "figure", "95% interval", "band")]
    for r in rows:
        parts = r.get("parts") or [{"part": "", "figure": r["figure"], "interval": r["interval"],
                                    "band": r["band"], "verdict": r["verdict"]}]
        for k, p in enumerate(parts):
            lines.append((r["id"] if k == 0 else "", r["verdict"] if k == 0 else "",
                          p["part"] + ("" if len(parts) == 1 else ": " + p["verdict"]),
                          p["figure"], p["interval"], p["band"].split(": ", 1)[-1]))
    return format_table("claims (each part's figure, its interval over runner processes and its "
                        "band; the whole rows, with what was measured and why: claims.md)", lines,
                        set())


def count(rows_):
    with_time = any(r["ns_per_call"] is not None for r in rows_)
    with_rust = any(r["c_over_rust"] is not None for r in rows_)
    head = ("mode", "size", "depth", "pattern", "lang", "allocator", "instr/call") + \
        (("ns/call", "ns/kinstr") if with_time else ()) + (("C / Rust",) if with_rust else ())
    lines = [head]
    for r in rows_:
        line = (r["mode"], text.size(r["size"]), str(r["depth"]), r["pattern"], r["lang"],
                r["allocator"], "%.1f" % r["instructions_per_call"])
        if with_time:
            ns, ins = r["ns_per_call"], r["instructions_per_call"]
            line += ("%.2f" % ns if ns is not None else "",
                     "%.1f" % (1000 * ns / ins) if ns is not None and ins > 0 else "")
        if with_rust:
            line += ("%.2f" % r["c_over_rust"] if r["c_over_rust"] is not None else "",)
        lines.append(line)
    return format_table("instructions per top-level call, counted by callgrind (warm); C / Rust: "
                        "a C case's over its Rust counterpart's", lines,
                        {1, 2} | set(range(6, len(head))))


def _number(v):
    return "" if v is None else "%.4g" % v


def figures(rows):
    lines = [("set", "figure", "allocator", "mean", "95% interval", "processes", "between sd",
              "within se", "layout share", "rounds")]
    lines += [(r["set"], r["figure"], r["allocator"], _number(r["mean"]),
               "%s .. %s" % (_number(r["low"]), _number(r["high"])), "%d" % r["processes"],
               _number(r["between_sd"]), _number(r["within_se"]),
               "" if r.get("layout_share") is None else "%.0f%%" % (100 * r["layout_share"]),
               "%d" % r["rounds"])
              for r in rows]
    return format_table("the interleaved sets' figures (ns, or a ratio where the figure is a/b): "
                        "one estimate per runner process, the t-interval over processes; between "
                        "sd is the processes' spread, within se one process's own, layout share "
                        "the part of the spread between processes that their code layouts make",
                        lines, {3, 4, 5, 6, 7, 8, 9})


def eventloop(rows):
    lines = [("variant", "allocator", "us/iteration", "ns/request", "cv", "allocs/iter",
              "syscalls/req")]
    lines += [(r["variant"], r["allocator"], "%.2f" % r["us_per_iteration"],
               "%.1f" % r["ns_per_request"], _cv(r), "%d" % r["allocs_per_iteration"],
               "%g" % r["syscalls_per_request"]) for r in rows]
    return format_table("event-loop port: %d request/response transactions per iteration"
                        % rows[0]["requests"], lines, {2, 3, 4, 5, 6})


def tree(rows):
    lines = [("form", "lang", "fan-out", "allocator", "ns/call", "cv", "minus inline",
              "async calls")]
    lines += [(r["form"], r["lang"] or "", "%d" % r["fanout"], r["allocator"],
               "%.1f" % r["ns_per_call"], _cv(r),
               "" if r["minus_inline_ns"] is None else "%+.1f" % r["minus_inline_ns"],
               "%d" % r["async_calls"]) for r in rows]
    return format_table("deep-tree port: ns per top-level call (its generated copies in turn), per "
                        "fan-out; lang rust: the same trees in Rust (bench/rust)", lines,
                        {2, 4, 5, 6, 7})


def rust(rows):
    lines = [("mode", "size", "depth", "pattern", "state", "allocator", "ns/call", "cv",
              "minus inline", "C ns/call", "C / Rust")]
    lines += [(r["mode"], "%d" % r["size"], "%d" % r["depth"], r["pattern"], r["state"],
               r["allocator"], "%.2f" % r["ns_per_call"],
               _cv(r), "" if r["minus_inline_ns"] is None else "%+.1f" % r["minus_inline_ns"],
               "" if r["c_ns"] is None else "%.2f" % r["c_ns"],
               "" if r["c_over_rust"] is None else "%.2f" % r["c_over_rust"]) for r in rows]
    return format_table("the Rust beside the emulation (bench/rust): ns per call, and the C "
                        "counterpart's in the same run (medians of the repetitions)", lines,
                        {1, 2, 6, 7, 8, 9, 10})


def net(rows):
    lines = [("what", "allocator", "us/round trip", "cv")]
    lines += [(r["what"], r["allocator"], "%.2f" % (r["ns_per_round_trip"] / 1e3), _cv(r))
              for r in rows]
    return format_table("a TCP round trip on 127.0.0.1 (one byte, Nagle off)", lines, {2, 3})

def against_history(header, rows):
    """`compare --baseline history`: each case against the history's prediction interval."""
    lines = [("case", "allocator", "B ns", "runs", "baseline ns", "B/baseline",
              "95% prediction", "verdict")]
    lines += [(r["case"], r["allocator"], "%.2f" % r["b_ns"], "%d" % r["runs"],
               _g(r.get("baseline_ns")), "" if "ratio" not in r else "%.3f" % r["ratio"],
               "" if "low" not in r else "%.3f .. %.3f" % (r["low"], r["high"]), r["verdict"])
              for r in rows]
    return format_table("\n".join(header + [
        "B against the history's runs per case: the ratio to their geometric mean, and the 95% "
        "interval in which one more of their runs would fall"]), lines, {2, 3, 4, 5, 6})


def layout(case, allocator, rows):
    """boxbench layout's modes: one case's runner processes, per way of moving its code."""
    lines = [("mode", "processes", "median ns", "min .. max", "cv between", "cv within")]
    lines += [(m, "%d" % r["processes"], "%.2f" % r["median_ns"],
               "%.2f .. %.2f" % (r["min_ns"], r["max_ns"]), "%.1f%%" % (100 * r["process_cv"]),
               "%.1f%%" % (100 * r["within_cv"])) for m, r in rows.items()]
    return format_table("%s (%s): runner processes with the layout random (ASLR), fixed (ASLR "
                        "off), the stack alone moved (over a 4 KiB page, and again 4 KiB "
                        "further), and the code alone moved (going round the build's code "
                        "layouts)" % (case, allocator), lines, {1, 2, 3, 4, 5})


# Each suite's table beside the matrix (model/suites.py's SUITES), by its name.
SUITES = {roles.EVENTLOOP: eventloop, roles.TREE: tree, roles.NET: net, roles.RUST: rust}


def _g(v):
    return "" if v is None else "%.4g" % v


def pooled_claims(rows):
    """Each claim judged on a machine's runs pooled, beside the runs' own verdicts."""
    lines = [("claim", "machine", "toolchain", "runs", "pooled verdict", "each run's verdict",
              "pooled parts")]
    lines += [(r["claim"], r["machine"][:12], r["toolchain"][:8], "%d" % r["runs"], r["verdict"],
               ", ".join("%d %s" % (n, k) for k, n in sorted(r["single"].items())), r["parts"])
              for r in rows]
    return format_table("the claims judged on each machine's runs of one toolchain pooled (each "
                        "part's figure by random effects over the runs, against its band)",
                        lines, {3})


def _verdicts(got):
    counts = ", ".join("%d %s" % (n, k) for k, n in sorted(got["counts"].items()))
    return "%s [%s]" % (got["latest"], counts)


def history(action, view):
    """`boxbench history`'s view (analysis/trends_of.py) as tables."""
    if action == "machines":
        lines = [("machine", "runs", "first", "last", "what")]
        lines += [(m["machine"] + (" (derived)" if m["derived"] else ""), "%d" % m["runs"],
                   m["first"] or "", m["last"] or "", m["summary"] or "")
                  for m in view["machines"]]
        out = [format_table("the machines of the store (a derived key: a folder from before the "
                            "stable key, keyed by its CPU, count, kernel and glibc)", lines, {1})]
        claims = sorted({c for m in view["machines"] for c in m["claims"]},
                        key=lambda c: (c[0], int(c[1:])))
        if claims:
            lines = [("claim",) + tuple(m["machine"][:12] for m in view["machines"])]
            lines += [(c,) + tuple(_verdicts(m["claims"][c]) if c in m["claims"] else ""
                                   for m in view["machines"]) for c in claims]
            out.append(format_table("each claim's newest verdict per machine, then how many of "
                                    "the machine's runs gave each kind", lines, set()))
        return "\n\n".join(out)
    if action == "pool":
        lines = [("figure", "allocator", "machine", "runs", "pooled", "95% interval", "tau",
                  "single runs' span")]
        lines += [(r["figure"], r["allocator"], r["machine"][:12], "%d" % r["runs"], _g(r["mean"]),
                   "%s .. %s" % (_g(r["low"]), _g(r["high"])), _g(r["tau"]),
                   "%s .. %s" % (_g(r["single_low"]), _g(r["single_high"])))
                  for r in view["figures"]]
        c = view["coverage"]
        claims = view.get("claims")
        return "\n".join(([pooled_claims(claims), ""] if claims else []) + [format_table(
            "each figure pooled over a machine's runs of one toolchain: %s" % view["method"],
            lines, {3, 4, 5, 6, 7}),
            "\ncoverage: %d of %d held-out runs inside the others' 95%% prediction interval"
            % (c["inside"], c["held_out"]) if c["held_out"] else "\ncoverage: no figure has "
            "three runs to hold one out"])
    lines = [("figure", "allocator", "machine", "runs", "first", "newest", "newest values")]
    lines += [(s["figure"], s["allocator"], s["machine"][:12], "%d" % s["runs"], s["first"][:10],
               s["newest"][:10], " ".join(_g(v) for v in s["last"])) for s in view["series"]]
    out = [format_table("%d run(s); each figure's series per machine" % view["runs"], lines, {3})]
    found = view["findings"]
    lines = [("figure", "allocator", "machine", "found", "p", "what", "changed at it")]
    lines += [(f["figure"], f["allocator"], f["machine"][:12], f["kind"], "%.2g" % f["p"],
               "%s -> %s at %s" % (_g(f["before"]), _g(f["after"]), f["at"][:16])
               if f["kind"] == "step" else "%+.3g per run" % f["slope_per_run"],
               "; ".join(f.get("changed", ()))) for f in found]
    out.append(format_table("steps and drifts: %d of %d tests kept (%s)" % (
        len(found), view["tests"], view["method"]), lines, {4}) if found else
        "no step or drift found in %d test(s) (%s)" % (view["tests"], view["method"]))
    if view["one_sided"]:
        out.append("warning: every finding points the same way: a change of code moves figures "
                   "both ways, a machine that changed (or a key that split one machine's "
                   "history) one way: check the machine before the code")
    return "\n\n".join(out)
