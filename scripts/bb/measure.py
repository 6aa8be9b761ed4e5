"""Measuring a plan: the runner processes, repetition after repetition with the allocators
alternating, then the interleaved ratios; and writing the tables a results folder holds. `run`
and `reproduce` share it."""
import json
import resource
import sys
import time

from . import suites
from .cases import axes
from .drive import Progress, chunks, run_repetition
from .summary import load_json, merge, rows_to_csv, summarise, table, to_csv
from . import UsageError


class Plan:
    """What to measure: {allocator: runner}, the cases (matrix and suites), how."""

    def __init__(self, runners, cases, built, chosen, repetitions, min_time, cpu,
                 pair_time=180, pair_processes=3, pair_target=0.25, pair_runners=None):
        self.runners, self.cases, self.built, self.chosen = runners, cases, built, chosen
        self.pair_runners = pair_runners or runners  # Where the interleaved ratios run.
        self.repetitions, self.min_time, self.cpu = repetitions, min_time, cpu
        self.pair_time, self.pair_processes, self.pair_target = (pair_time, pair_processes,
                                                                 pair_target)


class Tables:
    def __init__(self):
        self.rows, self.suite_rows, self.ratios, self.files = [], {}, [], {}
        self.partial = False


def _pairs(plan, suite_rows, log):
    """The event-loop's interleaved ratios, on every allocator, after the table is measured."""
    times = {(r["allocator"], r["variant"]): r["us_per_iteration"] for r in suite_rows["eventloop"]}
    rows = []
    for a, runner in plan.pair_runners.items():
        for label, names, ratios in suites.PAIRS:
            say = lambda text: print("boxbench: interleaved %s on %s: %s" % (label, a, text),
                                     file=sys.stderr, flush=True)
            say("%d processes, up to %gs, until every interval is within +-%g%%"
                % (plan.pair_processes, plan.pair_time, plan.pair_target))
            # Several processes: one process's memory layout can tilt a ratio by more than its
            # own interval; the spread of the processes' medians shows by how much.
            runs = []
            for p in range(plan.pair_processes):
                runs.append(suites.run_interleaved(
                    runner, ["eventloop/variant:" + n for n in names], ratios, plan.cpu,
                    plan.pair_time / plan.pair_processes, plan.pair_target / 100, log,
                    lambda text: say("process %d/%d: %s" % (p + 1, plan.pair_processes, text))))
            rows += suites.ratio_rows(a, runs, ratios, times)
            say("%d rounds in %.0f s" % (sum(len(r[0]) for r in runs), sum(r[2] for r in runs)))
    return rows


def measure(plan, out, keep_partial=False):
    """Run the plan into the RunDir out (raw JSON under raw/, the runners' output in runner.log).
    With keep_partial, Ctrl-C stops the measuring and what was measured is kept (partial=True);
    otherwise it propagates."""
    t = Tables()
    t.files = {a: [] for a in plan.runners}
    progress = Progress(len(plan.cases) * plan.repetitions * len(plan.runners))
    with open(out.path("runner.log"), "w") as log:
        try:
            # Allocators alternate within each repetition, so a drift of the machine is shared.
            for rep in range(plan.repetitions):
                for a, runner in plan.runners.items():
                    parts = chunks(plan.cases, seed=rep)
                    for k, part in enumerate(parts):
                        name = "rep-%02d.json" % (rep + 1) if len(parts) == 1 else \
                            "rep-%02d-%d.json" % (rep + 1, k + 1)
                        path = out.path("raw", a, name)
                        run_repetition(runner, part, path, plan.min_time, plan.cpu, log, progress,
                                       "rep %d/%d %s" % (rep + 1, plan.repetitions, a))
                        t.files[a].append(path)
            _summarise(plan, t)
            if "eventloop" in plan.chosen:
                t.ratios = _pairs(plan, t.suite_rows, log)
        except KeyboardInterrupt:
            if not keep_partial:
                raise
            t.partial = True
            _summarise(plan, t)
    return t


def _summarise(plan, t):
    t.files = {a: [p for p in files if _readable(p)] for a, files in t.files.items()}
    t.files = {a: files for a, files in t.files.items() if files}
    t.rows = summarise(t.files, axes(plan.built)["mode"])
    t.suite_rows = suites.summarise(t.files, [c.name for c in plan.cases])


def _readable(path):
    try:
        load_json(path)
        return True
    except UsageError:
        return False  # A repetition cut short by Ctrl-C: left out of a partial result.


def write(out, plan, t, started, extra=None):
    """The tables, merged raw JSON and run.json into the RunDir; returns each allocator's runner
    context ({allocator: google-benchmark context})."""
    contexts = {}
    for a, files in t.files.items():
        merged = merge(files)
        contexts[a] = merged["context"]
        out.write(a + ".json", json.dumps(merged, indent=1))
    if "matrix" in plan.chosen and t.rows:
        out.write("summary.csv", to_csv(t.rows))
    for s in suites.SUITES[1:]:
        if s in plan.chosen and t.suite_rows.get(s):
            out.write(s + ".csv", rows_to_csv(suites.COLUMNS[s], t.suite_rows[s]))
    if t.ratios:
        out.write("ratios.csv", rows_to_csv(suites.RATIO_COLUMNS, t.ratios))
    run = {"command": ["boxbench"] + sys.argv[1:],
           "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
           "duration_s": round(time.time() - started, 1), "partial": t.partial,
           "allocators": list(plan.runners), "repetitions": plan.repetitions,
           "min_time_s": plan.min_time, "cpu": plan.cpu, "suites": plan.chosen,
           "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}
    run.update(extra or {})
    run["cases"] = [c.name for c in plan.cases]
    out.write("run.json", json.dumps(run, indent=1) + "\n")
    return contexts


def show(plan, t, contexts):
    """The tables on stdout, the warnings on stderr."""
    unavailable = next(iter(contexts.values()), {}).get("bb_perf_unavailable", "")
    if "matrix" in plan.chosen and t.rows:
        print(table(t.rows))
    for s in suites.SUITES[1:]:
        if s in plan.chosen and t.suite_rows.get(s):
            print("\n" + suites.table(s, t.suite_rows[s]))
    if t.ratios:
        print("\n" + suites.ratio_table(t.ratios))
    if unavailable:
        print("\nnote: perf counters this machine refused (their columns are empty): %s"
              % unavailable, file=sys.stderr)
    noisy = [r for r in t.rows if r["cv"] is not None and r["cv"] > 0.05]
    if noisy:
        print("\nwarning: %d of %d cases vary by more than 5%% between repetitions (cv): the machine "
              "was noisy. Medians resist it; compare runs with care, or rerun with more "
              "--repetitions." % (len(noisy), len(t.rows)), file=sys.stderr)
