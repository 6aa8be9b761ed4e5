"""`compare --baseline history`: a new run's cases held to the history store's last K runs of the
same machine key and toolchain, each case against the 95% prediction interval those runs give
for one more run (Student's t on the logs of their ns per call: mean +- t(K-1) s sqrt(1 + 1/K)).
A baseline of several runs carries their spread, which one folder's cannot: a lucky or unlucky
baseline run no longer moves every later verdict."""
import math
import statistics

from .. import UsageError
from ..folder import history
from ..model import stats
from . import runrecord

LAST = 10  # The runs a baseline takes by default.
MIN_RUNS = 3  # The fewest a case needs for a prediction interval.


def baseline(conn, record, last=LAST):
    """(the baseline runs, {(case, allocator): [ns, oldest first]}) of the store: the last `last`
    whole runs of record's machine key and toolchain, record's own run left out."""
    runs = [r for r in history.runs(conn, record["machine"])
            if r["toolchain_key"] == record["toolchain_key"] and not r["partial"]
            and r["uid"] != record["uid"] and r["kind"] != "crosscheck"][-last:]
    values = {}
    for r in runs:
        for name, alloc, ns in conn.execute("SELECT name, allocator, ns FROM cases WHERE run = ?",
                                            (r["id"],)):
            if ns and ns > 0:
                values.setdefault((name, alloc), []).append(ns)
    return runs, values


def compare(conn, folder, last=LAST):
    """The rows of folder's cases against the store's baseline: ratio to the baseline's geometric
    mean, the prediction interval as ratios, a verdict (slower, faster, within the runs' spread,
    too few runs)."""
    record = runrecord.of_folder(folder)
    runs, values = baseline(conn, record, last)
    if not runs:
        raise UsageError("the history store has no run of machine %s with this toolchain (%s) to "
                         "compare %s with: add some (`boxbench history add`), or compare with a "
                         "folder" % (record["machine"], record["toolchain_key"], folder))
    rows = []
    for name, alloc, ns, *_ in record["cases"]:
        if not ns or ns <= 0:
            continue
        base = values.get((name, alloc), [])
        row = {"case": name, "allocator": alloc, "b_ns": ns, "runs": len(base)}
        if len(base) < MIN_RUNS:
            rows.append(dict(row, verdict="too few runs"))
            continue
        logs = [math.log(v) for v in base]
        mean, sd = statistics.mean(logs), statistics.stdev(logs)
        half = stats.t975(len(logs) - 1) * sd * math.sqrt(1 + 1 / len(logs))
        ratio = math.exp(math.log(ns) - mean)
        low, high = math.exp(-half), math.exp(half)
        verdict = ("slower" if ratio > high else "faster" if ratio < low
                   else "within the runs' spread")
        rows.append(dict(row, baseline_ns=math.exp(mean), ratio=ratio, low=low, high=high,
                         verdict=verdict))
    header = ["B: %s; baseline: the last %d run(s) of machine %s with its toolchain in the "
              "history store (%s .. %s)" % (folder, len(runs), record["machine"],
                                            runs[0]["started"][:16], runs[-1]["started"][:16])]
    return header, rows


def is_control(row):
    """The harness's rows (the empty loop and the controls) are named by their mode alone."""
    return "/" not in row["case"]


def moved(rows, pct):
    """The controls (operations no code change moves) outside the history's prediction interval
    and more than pct/2 percent off its mean either way: the machine moved, and the gate cannot
    tell a regression from it."""
    return [r for r in rows if is_control(r) and r["verdict"] in ("slower", "faster")
            and abs(r["ratio"] - 1) > pct / 200]


def gate(rows, pct):
    """The cases shown slower than the baseline by more than pct percent: outside its prediction
    interval and more than pct over its geometric mean."""
    return [r for r in rows if not is_control(r) and r["verdict"] == "slower"
            and r["ratio"] > 1 + pct / 100]
