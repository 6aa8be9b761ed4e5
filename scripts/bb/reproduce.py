"""`boxbench reproduce`: measure what every claim needs, then report; and the report itself, which
`boxbench plot` redraws from a folder alone.

Full: the whole matrix (every allocator, state, size, depth and pattern), the event-loop, tree and
loopback suites, and the event-loop ratios. --quick: a reduced matrix that still feeds every claim
(every mode at 16 B - 64 KiB warm, a depth sweep, 16 KiB cold), the suites, and short interleaved
sets. The ratios run on the first allocator (glibc: Rust's default allocator on Linux, the
published figures' own).
"""
import json
import os
import shutil
import tempfile

from . import catalogue, claims, measure, plots, results
from .cases import select
from .tables import format_table

FULL = [dict(mode="all", size="all", depth="all", pattern="all", state="all")]
QUICK = [
    dict(mode="all", size="16,64,256,4K,16K,64K", depth="1", pattern="all", state="warm"),
    dict(mode="inline,box", size="64", depth="1,8,64", pattern="pending", state="warm"),
    dict(mode="box,alloc", size="16K", depth="1", pattern="all", state="cache-cold,heap-cold"),
]
# quick: (repetitions, min_time, pair_time, pair_processes); full: the --full run's settings.
SETTINGS = {True: (2, 0.02, 16, 2), False: (3, 0.05, 180, 3)}


def plan(runners, cat, cpu, quick):
    names = set()
    for given in QUICK if quick else FULL:
        names.update(u.name for u in select(cat, **given))
    suites = [s for s in cat.suite_names() if s != "harness"]
    ports = [s for s in suites if s != catalogue.MATRIX]  # Every unit of theirs.
    units = [u for u in cat.units if u.name in names or u.suite in ports]  # The runner's order.
    reps, min_time, pair_time, processes = SETTINGS[quick]
    return measure.Plan(runners, cat, units, suites, reps, min_time, cpu, pair_time, processes,
                        pair_runners=dict([next(iter(runners.items()))]))


def _replace(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def report(folder, with_claims=True):
    """claims.md (with_claims, or where the folder has one), summary.json and the plots, from the
    folder's tables, run.json and machine.json alone; returns the claims' rows (or None). The plots
    are swapped in whole."""
    data = results.load(folder)
    partial = bool((data.get("run") or {}).get("partial"))
    rows = None
    if with_claims or os.path.exists(os.path.join(folder, "claims.md")):
        rows = claims.rows(data)
        _replace(os.path.join(folder, "claims.md"), claims.markdown(rows, data.get("machine"),
                                                                    partial))
    tables = {k: v for k, v in data.items() if k not in ("run", "machine")}
    if rows is not None:
        tables["claims"] = rows
    _replace(os.path.join(folder, "summary.json"), json.dumps(tables, indent=1))
    tmp = tempfile.mkdtemp(prefix=".plots-", dir=folder)
    try:
        made = plots.draw_all(tmp, data)
        final = os.path.join(folder, "plots")
        if os.path.isdir(final):
            shutil.rmtree(final)
        os.rename(os.path.join(tmp, "plots"), final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows, [os.path.join(final, os.path.basename(m)) for m in made]


def claims_table(rows):
    lines = [("id", "verdict", "measured")]
    lines += [(r["id"], r["verdict"], r["measured"] if len(r["measured"]) < 110
               else r["measured"][:107] + "...") for r in rows]
    return format_table("claims (the whole rows, with published figures, bands and explanations: "
                        "claims.md)", lines, set())
