"""The event-loop and deep-tree suites: their cases, their summaries, and the paired ratios measured
by running variants interleaved in one runner process (--bb_interleave), with a 95% interval.

A ratio's interval is the distribution-free one for a median: with n per-round ratios sorted, the
ranks floor(n/2 - h) and ceil(1 + n/2 + h), h = 1.96 sqrt(n) / 2, bound it (the binomial's normal
approximation), whatever the noise's shape. Rounds go on until every ratio's interval is narrow
enough or the time budget is spent.
"""
import json
import math
import os
import re
import signal
import statistics
import subprocess
import time

from . import UsageError
from .drive import RunError, pin_flag
from .summary import format_table, iterations, load_json

SUITES = ("matrix", "eventloop", "tree", "net")
EVENTLOOP_RE = re.compile(r"^eventloop/variant:(?P<variant>[a-z+]+)$")
TREE_RE = re.compile(r"^tree/form:(?P<form>[a-z]+)$")
NET_RE = re.compile(r"^net/(?P<what>[a-z-]+)$")
PATTERNS = {"eventloop": EVENTLOOP_RE, "tree": TREE_RE, "net": NET_RE}

# The interleaved sets, and the ratios each reports: (claim, numerator, denominator). A syscall
# ratio also gets its prediction from the no-syscall variants (PREDICT).
PAIRS = (
    ("nosyscalls", ("manual", "nonbox", "box"),
     (("C6", "nonbox", "manual"), ("C6", "box", "nonbox"))),
    ("syscalls", ("manual+syscalls", "nonbox+syscalls", "box+syscalls"),
     (("C3", "box+syscalls", "nonbox+syscalls"), ("C6", "nonbox+syscalls", "manual+syscalls"))),
    ("wakers", ("box+rc+syscalls", "box+arc+syscalls", "box+chkrc+syscalls"),
     (("C8", "box+rc+syscalls", "box+arc+syscalls"), ("C8", "box+chkrc+syscalls", "box+arc+syscalls"))),
)
# ratio -> (the no-syscall pair whose difference is the cost added per iteration, the variant with
# syscalls that cost is set against)
PREDICT = {
    ("box+syscalls", "nonbox+syscalls"): (("box", "nonbox"), "nonbox+syscalls"),
    ("nonbox+syscalls", "manual+syscalls"): (("nonbox", "manual"), "manual+syscalls"),
    ("box+rc+syscalls", "box+arc+syscalls"): (("box+rc", "box+arc"), "box+arc+syscalls"),
    ("box+chkrc+syscalls", "box+arc+syscalls"): (("box+chkrc", "box+arc"), "box+arc+syscalls"),
}


def parse_suites(text):
    names = list(SUITES) if text.strip() == "all" else [s.strip() for s in text.split(",") if s.strip()]
    for s in names:
        if s not in SUITES:
            raise UsageError("unknown suite %r; suites: %s, or all" % (s, ", ".join(SUITES)))
    if not names:
        raise UsageError("--suite needs at least one suite")
    return list(dict.fromkeys(names))


def suite_cases(names, suite):
    """The built case names of a suite, in the runner's order."""
    return [n for n in names if PATTERNS[suite].match(n)]


def interval(ratios):
    """(median, low, high) of per-round ratios: the order-statistic 95% interval of the median."""
    r = sorted(ratios)
    n = len(r)
    half = 1.96 * math.sqrt(n) / 2
    lo = max(0, int(math.floor(n / 2 - half)) - 1)     # rank floor(n/2 - h), 0-based
    hi = min(n - 1, int(math.ceil(1 + n / 2 + half)) - 1)  # rank ceil(1 + n/2 + h)
    return statistics.median(r), r[lo], r[hi]


def _widest(rounds, index, ratios):
    width = 0.0
    for _, a, b in ratios:
        med, lo, hi = interval([x[index[a]] / x[index[b]] for x in rounds])
        width = max(width, (hi - lo) / 2)
    return width


# Rounds and seconds an interleaved set runs at least before its intervals may stop it: an interval
# from a few dozen rounds can be narrow by luck, and a short run sees only one phase of the
# machine's drift.
MIN_ROUNDS, MIN_SECONDS = 200, 20.0


def run_interleaved(runner, names, ratios, cpu, budget_s, target, log, say):
    """Run the cases interleaved until every ratio's 95% half-width is at most target (a fraction),
    after MIN_ROUNDS and MIN_SECONDS, or until budget_s has passed; returns (per-round ns lists,
    {variant: index in a round's list}, seconds spent)."""
    cmd = [runner] + pin_flag(cpu) + ["--bb_interleave=" + ",".join(names)]
    log.write("$ %s\n" % " ".join(cmd))
    log.flush()
    started = time.monotonic()
    rounds, header, index = [], None, {}
    last_say = 0.0
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True) as proc:
        try:
            for line in proc.stdout:
                data = json.loads(line)
                if header is None:
                    header = data
                    index = {n[len("eventloop/variant:"):]: i for i, n in enumerate(data["cases"])}
                    continue
                rounds.append(data["ns"])
                spent = time.monotonic() - started
                width = _widest(rounds, index, ratios) if len(rounds) >= 30 else None
                settled = len(rounds) >= MIN_ROUNDS and spent >= min(MIN_SECONDS, budget_s)
                if spent - last_say >= 10:
                    last_say = spent
                    say("%d rounds, %.0f s, widest interval +-%s" % (
                        len(rounds), spent, "?" if width is None else "%.2f%%" % (100 * width)))
                if (settled and width is not None and width <= target) or spent >= budget_s:
                    break
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
    if len(rounds) < 3:
        raise RunError("%s gave %d interleaved rounds (see the runner log)"
                       % (os.path.basename(runner), len(rounds)))
    return rounds, index, time.monotonic() - started


def ratio_rows(allocator, runs, ratios, times):
    """One row per ratio from the runs [(rounds, index, seconds)] of its set: the median and
    interval of every round pooled, the range of the processes' own medians, and the prediction
    where there is one."""
    rows = []
    for claim, a, b in ratios:
        per = [[x[index[a]] / x[index[b]] for x in rounds] for rounds, index, _ in runs]
        med, lo, hi = interval([r for p in per for r in p])
        medians = [statistics.median(p) for p in per]
        row = {"claim": claim, "ratio": "%s / %s" % (a, b), "allocator": allocator,
               "median": med, "low": lo, "high": hi, "process_min": min(medians),
               "process_max": max(medians), "processes": len(runs),
               "rounds": sum(len(p) for p in per), "seconds": round(sum(r[2] for r in runs), 1),
               "predicted": None, "prediction": None}
        pred = PREDICT.get((a, b))
        if pred is not None:
            (x, y), base = pred
            if all((allocator, v) in times for v in (x, y, base)):
                added = times[(allocator, x)] - times[(allocator, y)]
                row["predicted"] = 1 + added / times[(allocator, base)]
                row["prediction"] = "(%s - %s) / %s, from the table" % (x, y, base)
        rows.append(row)
    return rows


COLUMNS = {
    "eventloop": ("variant", "allocator", "us_per_iteration", "ns_per_request", "cv",
                  "allocs_per_iteration", "repetitions"),
    "tree": ("form", "allocator", "ns_per_call", "cv", "minus_inline_ns", "async_calls",
             "repetitions"),
    "net": ("what", "allocator", "ns_per_round_trip", "cv", "repetitions"),
}
RATIO_COLUMNS = ("claim", "ratio", "allocator", "median", "low", "high", "process_min",
                 "process_max", "processes", "predicted", "rounds", "seconds", "prediction")


def summarise(files_by_allocator, order):
    """{'eventloop': rows, 'tree': rows} from the runners' JSON: medians over repetitions, in the
    order of the case names given."""
    rank = {n: i for i, n in enumerate(order)}
    out = {"eventloop": [], "tree": [], "net": []}
    for allocator, files in files_by_allocator.items():
        times, extra = {}, {}
        for path in files:
            for name, ns, b in iterations(load_json(path), path):
                if any(p.match(name) for p in PATTERNS.values()):
                    times.setdefault(name, []).append(ns)
                    extra[name] = b
        inline = times.get("tree/form:inline")
        for name, t in times.items():
            med = statistics.median(t)
            cv = statistics.stdev(t) / statistics.fmean(t) if len(t) > 1 else None
            m = EVENTLOOP_RE.match(name)
            if NET_RE.match(name):
                out["net"].append({"what": NET_RE.match(name)["what"], "allocator": allocator,
                                   "ns_per_round_trip": med, "cv": cv, "repetitions": len(t)})
            elif m:
                out["eventloop"].append({
                    "variant": m["variant"], "allocator": allocator, "us_per_iteration": med / 1e3,
                    "ns_per_request": med / extra[name]["requests"], "cv": cv,
                    "allocs_per_iteration": extra[name].get("allocs_per_iteration"),
                    "repetitions": len(t)})
            else:
                form = TREE_RE.match(name)["form"]
                out["tree"].append({
                    "form": form, "allocator": allocator, "ns_per_call": med, "cv": cv,
                    "minus_inline_ns": med - statistics.median(inline) if inline else None,
                    "async_calls": extra[name].get("async_calls"), "repetitions": len(t)})
    for suite, key in (("eventloop", "eventloop/variant:%(variant)s"), ("tree", "tree/form:%(form)s"),
                       ("net", "net/%(what)s")):
        out[suite].sort(key=lambda r: (r["allocator"], rank.get(key % r, 0)))
    return out


def _pct(v):
    return "" if v is None else "%+.2f%%" % (100 * (v - 1))


def table(suite, rows):
    if suite == "eventloop":
        lines = [("variant", "allocator", "us/256 req", "ns/request", "cv", "allocs/iter")]
        lines += [(r["variant"], r["allocator"], "%.2f" % r["us_per_iteration"],
                   "%.1f" % r["ns_per_request"], "" if r["cv"] is None else "%.1f%%" % (100 * r["cv"]),
                   "%d" % r["allocs_per_iteration"]) for r in rows]
        return format_table("event-loop port: 256 request/response transactions per iteration",
                            lines, {2, 3, 4, 5})
    if suite == "net":
        lines = [("what", "allocator", "us/round trip", "cv")]
        lines += [(r["what"], r["allocator"], "%.2f" % (r["ns_per_round_trip"] / 1e3),
                   "" if r["cv"] is None else "%.1f%%" % (100 * r["cv"])) for r in rows]
        return format_table("a TCP round trip on 127.0.0.1 (one byte, Nagle off)", lines, {2, 3})
    lines = [("form", "allocator", "ns/call", "cv", "minus inline")]
    lines += [(r["form"], r["allocator"], "%.1f" % r["ns_per_call"],
               "" if r["cv"] is None else "%.1f%%" % (100 * r["cv"]),
               "" if r["minus_inline_ns"] is None else "%+.1f" % r["minus_inline_ns"]) for r in rows]
    return format_table("deep-tree port: ns per top-level call (31 async calls, 512 copies in turn)",
                        lines, {2, 3, 4})


def ratio_table(rows):
    lines = [("claim", "ratio", "allocator", "median", "95% interval", "process medians",
              "predicted", "rounds")]
    lines += [(r["claim"], r["ratio"], r["allocator"], _pct(r["median"]),
               "%s .. %s" % (_pct(r["low"]), _pct(r["high"])),
               "%s .. %s" % (_pct(r["process_min"]), _pct(r["process_max"])), _pct(r["predicted"]),
               "%d" % r["rounds"]) for r in rows]
    return format_table("event-loop ratios, measured interleaved (a ratio of 1.013 shows as +1.30%); "
                        "the interval is of all rounds pooled, the process medians' range shows "
                        "how far one process's layout moves a ratio", lines, {3, 4, 5, 6, 7})
