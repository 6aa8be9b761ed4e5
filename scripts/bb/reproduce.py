"""`boxbench reproduce`: everything CLAIMS.md needs, measured in one run, then the claims table,
the machine description, summary.json and the plots.

Full: the whole matrix (every allocator, state, size, depth and pattern), the event-loop, tree and
loopback suites, and the event-loop ratios. --quick: a reduced matrix that still feeds every claim
(every mode at 16 B - 64 KiB warm, a depth sweep, 16 KiB cold), the suites, and short interleaved
sets: about 75 seconds on a 2-core VM. The ratios run on the first allocator (glibc: Rust's
default allocator on Linux, the published figures' own).
"""
import json
import os
import shutil
import tempfile

from . import claims, measure, plots, results, suites
from .cases import Case, built_cases, built_names, select
from .summary import format_table

FULL = [dict(mode="all", size="all", depth="all", pattern="all", state="all")]
QUICK = [
    dict(mode="all", size="16,64,256,4K,16K,64K", depth="1", pattern="all", state="warm"),
    dict(mode="inline,box", size="64", depth="1,8,64", pattern="pending", state="warm"),
    dict(mode="box,alloc", size="16K", depth="1", pattern="all", state="cache-cold,heap-cold"),
]
# quick: (repetitions, min_time, pair_time, pair_processes); full: the --full run's settings.
SETTINGS = {True: (2, 0.02, 16, 2), False: (3, 0.05, 180, 3)}


def plan(runners, cpu, quick):
    runner = runners[next(iter(runners))]
    built = built_cases(runner)
    names = {}
    for given in QUICK if quick else FULL:
        for c in select(built, **given):
            names.setdefault(c.name, c)
    cases = [c for c in built if c.name in names]  # The runner's order, each case once.
    everything = built_names(runner)
    for s in suites.SUITES[1:]:
        cases += [Case(n, n) for n in suites.suite_cases(everything, s)]
    reps, min_time, pair_time, processes = SETTINGS[quick]
    return measure.Plan(runners, cases, built, list(suites.SUITES), reps, min_time, cpu,
                        pair_time, processes, pair_runners=dict([next(iter(runners.items()))]))


def report(out_dir, machine, partial):
    """claims.md, summary.json and the plots, from what the folder holds; returns the claims."""
    data = results.load(out_dir)
    data["machine"] = machine
    rows = claims.rows(data)
    _replace(os.path.join(out_dir, "claims.md"), claims.markdown(rows, machine, partial))
    tables = {k: v for k, v in data.items() if k not in ("run", "machine")}
    tables["claims"] = rows
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump(tables, f, indent=1)
    plots.draw_all(out_dir, data)
    return rows


def _replace(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def claims_table(rows):
    lines = [("id", "verdict", "measured")]
    lines += [(r["id"], r["verdict"], r["measured"] if len(r["measured"]) < 110
               else r["measured"][:107] + "...") for r in rows]
    return format_table("claims (the whole rows, with published figures, bands and explanations: "
                        "claims.md)", lines, set())


def redraw(folder):
    """`boxbench plot`: the plots, and the claims table where the folder has one, again from saved
    results; the plots are swapped in whole."""
    data = results.load(folder)
    if os.path.exists(os.path.join(folder, "claims.md")):
        rows = claims.rows(data)
        partial = bool((data.get("run") or {}).get("partial"))
        _replace(os.path.join(folder, "claims.md"), claims.markdown(rows, data.get("machine"), partial))
    tmp = tempfile.mkdtemp(prefix=".plots-", dir=folder)
    try:
        made = plots.draw_all(tmp, data)
        final = os.path.join(folder, "plots")
        if os.path.isdir(final):
            shutil.rmtree(final)
        os.rename(os.path.join(tmp, "plots"), final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [os.path.join(final, os.path.basename(m)) for m in made]

