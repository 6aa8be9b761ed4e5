"""The suites beside the matrix (their names come from the runner's catalogue), the interleaved sets
the event-loop ratios are measured with, and the suites' terminal tables.

An interleaved set runs its units in turn in one runner process (--bb_interleave), round after
round, every round's ns per unit kept as a line of raw/<allocator>/interleave-<set>-<k>.jsonl; the
summary computes the ratios from those lines. While measuring, the rounds are read as they come
only to decide when a set has enough.
"""
import json
import signal
import subprocess
import time

from . import UsageError, stats
from .drive import RunError, pin_flag
from .tables import format_table

EV = "eventloop/variant:"
# The interleaved sets: (label, units, ratios). A ratio is (claim, numerator, denominator,
# prediction): a syscall ratio is predicted from the no-syscall table as the no-syscall pair's
# difference per iteration over the syscall variant's time, (x, y, base), or None.
PAIRS = (
    ("nosyscalls", (EV + "manual", EV + "nonbox", EV + "box"),
     (("C6", EV + "nonbox", EV + "manual", None), ("C6", EV + "box", EV + "nonbox", None))),
    ("syscalls", (EV + "manual+syscalls", EV + "nonbox+syscalls", EV + "box+syscalls"),
     (("C3", EV + "box+syscalls", EV + "nonbox+syscalls",
       (EV + "box", EV + "nonbox", EV + "nonbox+syscalls")),
      ("C6", EV + "nonbox+syscalls", EV + "manual+syscalls",
       (EV + "nonbox", EV + "manual", EV + "manual+syscalls")))),
    ("wakers", (EV + "box+rc+syscalls", EV + "box+arc+syscalls", EV + "box+chkrc+syscalls"),
     (("C8", EV + "box+rc+syscalls", EV + "box+arc+syscalls",
       (EV + "box+rc", EV + "box+arc", EV + "box+arc+syscalls")),
      ("C8", EV + "box+chkrc+syscalls", EV + "box+arc+syscalls",
       (EV + "box+chkrc", EV + "box+arc", EV + "box+arc+syscalls")))),
)


def parse_suites(text, known):
    """The suites a --suite list names, each one of `known` (the catalogue's, less the harness)."""
    names = list(known) if text.strip() == "all" else [s.strip() for s in text.split(",") if s.strip()]
    for s in names:
        if s not in known:
            raise UsageError("unknown suite %r; suites: %s, or all" % (s, ", ".join(known)))
    if not names:
        raise UsageError("--suite needs at least one suite")
    return list(dict.fromkeys(names))


def _widest(rounds, index, ratios):
    width = 0.0
    for _, a, b, _ in ratios:
        med, lo, hi = stats.median_interval([x[index[a]] / x[index[b]] for x in rounds])
        width = max(width, (hi - lo) / 2)
    return width


# Rounds and seconds an interleaved set runs at least before its intervals may stop it: an interval
# from a few dozen rounds can be narrow by luck, and a short run sees only one phase of the
# machine's drift.
MIN_ROUNDS, MIN_SECONDS = 200, 20.0


def run_interleaved(runner, units, ratios, cpu, budget_s, target, out_path, log, say):
    """Run the units interleaved, every line the runner prints kept in out_path, until every
    ratio's 95% half-width is at most target (a fraction), after MIN_ROUNDS and MIN_SECONDS, or
    until budget_s has passed; returns the seconds spent."""
    cmd = [runner] + pin_flag(cpu) + ["--bb_interleave=" + ",".join(units)]
    log.write("$ %s\n" % " ".join(cmd))
    log.flush()
    started = time.monotonic()
    rounds, index, last_say = [], None, 0.0
    with open(out_path, "w") as out, \
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True) as proc:
        try:
            for line in proc.stdout:
                out.write(line)
                data = json.loads(line)
                if index is None:
                    index = {n: i for i, n in enumerate(data["units"])}
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
        raise RunError("%s gave %d interleaved rounds (see the runner log)" % (runner, len(rounds)))
    return time.monotonic() - started


def _pct(v):
    return "" if v is None else "%+.2f%%" % (100 * (v - 1))


def _cv(r):
    return "" if r["cv"] is None else "%.1f%%" % (100 * r["cv"])


def table(suite, rows):
    if suite == "eventloop":
        requests = rows[0]["requests"]
        lines = [("variant", "allocator", "us/iteration", "ns/request", "cv", "allocs/iter",
                  "syscalls/req")]
        lines += [(r["variant"], r["allocator"], "%.2f" % r["us_per_iteration"],
                   "%.1f" % r["ns_per_request"], _cv(r), "%d" % r["allocs_per_iteration"],
                   "%g" % r["syscalls_per_request"]) for r in rows]
        return format_table("event-loop port: %d request/response transactions per iteration"
                            % requests, lines, {2, 3, 4, 5, 6})
    if suite == "net":
        lines = [("what", "allocator", "us/round trip", "cv")]
        lines += [(r["what"], r["allocator"], "%.2f" % (r["ns_per_round_trip"] / 1e3), _cv(r))
                  for r in rows]
        return format_table("a TCP round trip on 127.0.0.1 (one byte, Nagle off)", lines, {2, 3})
    lines = [("form", "fan-out", "allocator", "ns/call", "cv", "minus inline", "async calls")]
    lines += [(r["form"], "%d" % r["fanout"], r["allocator"], "%.1f" % r["ns_per_call"], _cv(r),
               "" if r["minus_inline_ns"] is None else "%+.1f" % r["minus_inline_ns"],
               "%d" % r["async_calls"]) for r in rows]
    return format_table("deep-tree port: ns per top-level call (its generated copies in turn), per "
                        "fan-out", lines, {1, 3, 4, 5, 6})


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
