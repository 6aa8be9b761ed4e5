"""Measuring a plan, and nothing else: the runner processes, repetition after repetition with the
allocators alternating, then the interleaved sets (sets.py); every raw output kept under
raw/<allocator>/ with the runner's catalogue, and run.json saying what was planned and which files
hold what. The tables come afterwards, from the folder alone (summary.py). `run` and `reproduce`
share it."""
import json
import os
import resource
import sys
import time

from . import catalogue, sets, summary
from .drive import Progress, chunks, run_repetition


class Plan:
    """What to measure: {allocator: runner}, the catalogue, the units (matrix and suites), how many
    runner processes (repetitions) and repetitions inside each (inner), and the interleaved sets:
    each in set_processes processes of set_time / set_processes seconds, then extra_time more
    given, process by process, to the set whose interval is widest."""

    def __init__(self, runners, cat, units, chosen, repetitions, min_time, cpu, inner=2,
                 set_list=(), set_time=60, set_processes=5, extra_time=0):
        self.runners, self.cat, self.units, self.chosen = runners, cat, units, chosen
        self.repetitions, self.min_time, self.cpu, self.inner = repetitions, min_time, cpu, inner
        self.sets, self.set_time, self.set_processes = list(set_list), set_time, set_processes
        self.extra_time = extra_time


class Measured:
    def __init__(self):
        self.repetitions, self.sets, self.partial = 0, [], False


def _say(text):
    print("boxbench: " + text, file=sys.stderr, flush=True)


def _one_process(plan, out, log, entry, runner, seconds):
    name = os.path.join("raw", entry["allocator"],
                        "set-%s-%d.jsonl" % (entry["set"], len(entry["files"]) + 1))
    entry["files"].append(name)
    spent, rounds = sets.run_process(runner, entry["units"], entry["round_ms"], plan.cpu, seconds,
                                     out.path(name), log)
    entry["seconds"] = round(entry["seconds"] + spent, 1)
    return rounds


def _widest(folder, entry):
    """The widest relative half-interval of a set's figures so far (0 if none is known)."""
    figures, _ = summary.set_figures(folder, entry)
    return max([(f["high"] - f["low"]) / 2 / max(abs(f["mean"]), 1e-9) for f in figures] or [0])


def _run_sets(plan, out, log, done):
    """Every set on its runners, set_processes processes each, taken in turn (a process of each set,
    then the next of each), so each set's processes spread over the whole run and its interval
    takes in the machine's drift over that time, not over one set's few seconds; then the extra
    time, a process at a time, to the set whose widest interval is widest relative to its figure
    (each set at most twice its processes)."""
    entries = [sets.entry(s, a) for s in plan.sets for a in sets.allocators_of(s, plan.runners)]
    done.sets.extend(entries)
    each = plan.set_time / plan.set_processes
    for p in range(plan.set_processes):
        for e in entries:
            rounds = _one_process(plan, out, log, e, plan.runners[e["allocator"]], each)
            _say("set %s on %s: process %d/%d, %d rounds" % (e["set"], e["allocator"], p + 1,
                                                           plan.set_processes, rounds))
    started = time.monotonic()
    while time.monotonic() - started < plan.extra_time:
        open_ = [e for e in entries if len(e["files"]) < 2 * plan.set_processes]
        if not open_:
            break
        e = max(open_, key=lambda e: _widest(out.tmp, e))
        _one_process(plan, out, log, e, plan.runners[e["allocator"]], each)
        _say("set %s on %s: one more process (%d), its interval being the widest"
             % (e["set"], e["allocator"], len(e["files"])))


def measure(plan, out, keep_partial=False):
    """Run the plan into the RunDir out. With keep_partial, Ctrl-C stops the measuring and what was
    measured is kept (partial); otherwise it propagates."""
    done = Measured()
    for a, runner in plan.runners.items():
        out.write(os.path.join("raw", a, "catalogue.json"), catalogue.of_runner(runner).to_json())
    progress = Progress(len(plan.units) * plan.repetitions * plan.inner * len(plan.runners))
    with open(out.path("runner.log"), "w") as log:
        try:
            # Allocators alternate within each repetition, so a drift of the machine is shared.
            for rep in range(plan.repetitions):
                for a, runner in plan.runners.items():
                    parts = chunks(plan.units, seed=rep)
                    for k, part in enumerate(parts):
                        name = "rep-%02d.json" % (rep + 1) if len(parts) == 1 else \
                            "rep-%02d-%d.json" % (rep + 1, k + 1)
                        run_repetition(runner, part, out.path("raw", a, name), plan.min_time,
                                       plan.inner, plan.cpu, log, progress,
                                       "rep %d/%d %s" % (rep + 1, plan.repetitions, a))
                done.repetitions = rep + 1
            _run_sets(plan, out, log, done)
        except KeyboardInterrupt:
            if not keep_partial:
                raise
            done.partial = True
    return done


def command_line():
    """The command as given, an absolute path (an --out) only by its last part: a results folder may
    be copied anywhere, and a path of the machine that wrote it means nothing there."""
    return ["boxbench"] + [os.path.basename(a) if os.path.isabs(a) else a for a in sys.argv[1:]]


def write_run(out, plan, done, started, extra=None):
    """run.json: what was planned and measured, for the summary and for the reader."""
    run = {"command": command_line(),
           "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
           "duration_s": round(time.time() - started, 1), "partial": done.partial,
           "allocators": list(plan.runners), "repetitions": plan.repetitions,
           "repetitions_finished": done.repetitions, "inner_repetitions": plan.inner,
           "min_time_s": plan.min_time,
           "cpu": plan.cpu, "suites": plan.chosen,
           "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
           "set_processes": plan.set_processes, "sets": done.sets}
    run.update(extra or {})
    run["units"] = [u.name for u in plan.units]
    out.write("run.json", json.dumps(run, indent=1) + "\n")
