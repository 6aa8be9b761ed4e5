"""Instructions per call, counted by valgrind's callgrind: a figure the machine's load cannot move.

Each allocator's counter (bb-count-<allocator>, bench/count.c) runs every selected case under
callgrind, which counts only inside bb_count_measured and writes one profile each time it returns:
two per case, CALLS and 2 * CALLS calls, whose difference is CALLS calls without the fixed cost of
entering the loop. Counters of different allocators run side by side, one per CPU: instruction
counts do not depend on what else the machine does.
"""
import csv
import glob
import io
import os
import re
import subprocess
import sys

from .. import UsageError, need
from ..model import roles
from .drive import RunError
from ..folder import results
from ..model import catalogue

COLUMNS = ("mode", "size", "depth", "pattern", "lang", "allocator", "instructions_per_call",
           "ns_per_call", "c_over_rust")
_TOTAL = re.compile(r"^(?:summary|totals):\s*(\d+)", re.M)


def valgrind():
    return need("valgrind", "valgrind")


def counter_path(build_dir, allocator):
    path = os.path.join(build_dir, catalogue.counter_name(allocator))
    if not os.access(path, os.X_OK):
        raise UsageError("the %s instruction counter is not built (%s is missing): run "
                         "scripts/setup.sh" % (allocator, path))
    return path


def _start(counter, cases, calls, workdir, log):
    out = os.path.join(workdir, "callgrind.out")
    cmd = [valgrind(), "--tool=callgrind", "--toggle-collect=bb_count_measured",
           "--dump-after=bb_count_measured", "--callgrind-out-file=" + out,
           counter, str(calls)] + [c.name for c in cases]
    log.write("$ %s <%d cases>\n" % (" ".join(cmd[:7]), len(cases)))
    log.flush()
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.PIPE, text=True), out


def _profiles(out):
    """The totals of callgrind's profiles, in the order they were written (out.1, out.2, ...)."""
    paths = sorted(glob.glob(out + ".*"), key=lambda p: int(p.rsplit(".", 1)[1]))
    totals = []
    for p in paths:
        with open(p) as f:
            m = _TOTAL.search(f.read())
        if m is None:
            raise RunError("callgrind profile %s has no totals" % p)
        totals.append(int(m.group(1)))
    return totals


def count(counters, cases, calls, workdir, log):
    """{(allocator, case name): instructions per call} for every case on every allocator's counter
    ({allocator: path}), at most one valgrind per CPU at a time."""
    result, pending = {}, list(counters.items())
    jobs = max(1, len(os.sched_getaffinity(0)))
    running = []
    while pending or running:
        while pending and len(running) < jobs:
            allocator, counter = pending.pop(0)
            wd = os.path.join(workdir, allocator)
            os.makedirs(wd, exist_ok=True)
            print("boxbench: counting %d cases on %s under callgrind" % (len(cases), allocator),
                  file=sys.stderr)
            running.append((allocator, counter) + _start(counter, cases, calls, wd, log))
        allocator, counter, proc, out = running.pop(0)
        _, err = proc.communicate()
        log.write(err)
        if proc.returncode != 0:
            tail = [l for l in err.splitlines() if not l.startswith("==")][-4:]
            raise RunError("%s under callgrind exited with status %d:\n  %s"
                           % (os.path.basename(counter), proc.returncode, "\n  ".join(tail)))
        totals = _profiles(out)
        if len(totals) < 2 * len(cases):
            raise RunError("callgrind wrote %d profiles for %d cases on %s, not two per case"
                           % (len(totals), len(cases), allocator))
        for i, c in enumerate(cases):
            result[(allocator, c.name)] = (totals[2 * i + 1] - totals[2 * i]) / calls
    return result


def rows(cases, allocators, counts, times=None):
    """Rows over COLUMNS; ns_per_call from a run's summary ({(allocator, key): ns}) where given;
    on a C row whose Rust counterpart was counted too, C's instructions over Rust's."""
    times = times or {}
    rust = {c.key(): c.name for c in cases if c.lang == roles.RUST}
    out = []
    for a in allocators:
        for c in cases:
            twin = rust.get(c.rust_key()) if c.lang == roles.C else None
            n = counts[(a, c.name)]
            out.append({"mode": c.mode, "size": c.size, "depth": c.depth, "pattern": c.pattern,
                        "lang": c.lang, "allocator": a, "instructions_per_call": n,
                        "ns_per_call": times.get((a, c.key())) if c.lang == roles.C else None,
                        "c_over_rust": n / counts[(a, twin)] if twin and counts[(a, twin)] else
                        None})
    return out


def run_times(summary_csv):
    """{(allocator, case key): ns per call} of a run's summary.csv, to show beside the counts."""
    times = {}
    for r in results.table(summary_csv, "summary"):
        if r["size"] is not None:  # The harness's own row (empty) has no size.
            key = (r["mode"], r["size"], r["depth"], r["pattern"], r["state"])
            times[(r["allocator"], key)] = r["ns_per_call"]
    if not times:
        raise UsageError("%s holds no case rows: is it a boxbench summary.csv?" % summary_csv)
    return times


def to_csv(rows_):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows_:
        w.writerow(["" if r[c] is None else ("%.3f" if c == "c_over_rust" else "%.1f") % r[c]
                    if isinstance(r[c], float) else r[c] for c in COLUMNS])
    return out.getvalue()


