"""Measuring a plan, and nothing else: the runner processes, repetition after repetition with the
allocators alternating, then the interleaved sets; every raw output kept under raw/<allocator>/
with the runner's catalogue, and run.json saying what was planned. The tables come afterwards,
from the folder alone (summary.py). `run` and `reproduce` share it."""
import json
import os
import resource
import sys
import time

from . import catalogue, suites
from .drive import Progress, chunks, run_repetition


class Plan:
    """What to measure: {allocator: runner}, the catalogue, the units (matrix and suites), how."""

    def __init__(self, runners, cat, units, chosen, repetitions, min_time, cpu,
                 pair_time=180, pair_processes=3, pair_target=0.25, pair_runners=None):
        self.runners, self.cat, self.units, self.chosen = runners, cat, units, chosen
        self.pair_runners = pair_runners or runners  # Where the interleaved ratios run.
        self.repetitions, self.min_time, self.cpu = repetitions, min_time, cpu
        self.pair_time, self.pair_processes, self.pair_target = (pair_time, pair_processes,
                                                                 pair_target)


class Measured:
    def __init__(self):
        self.repetitions, self.interleaved, self.partial = 0, [], False


def _interleave(plan, out, log, done):
    """The event-loop's interleaved sets on every pair runner, each in several processes: one
    process's memory layout can tilt a ratio by more than its own interval."""
    for a, runner in plan.pair_runners.items():
        for label, units, ratios in suites.PAIRS:
            say = lambda text: print("boxbench: interleaved %s on %s: %s" % (label, a, text),
                                     file=sys.stderr, flush=True)
            say("%d processes, up to %gs, until every interval is within +-%g%%"
                % (plan.pair_processes, plan.pair_time, plan.pair_target))
            entry = {"set": label, "allocator": a, "units": list(units),
                     "ratios": [list(r) for r in ratios], "files": [], "seconds": 0.0}
            done.interleaved.append(entry)
            for p in range(plan.pair_processes):
                name = os.path.join("raw", a, "interleave-%s-%d.jsonl" % (label, p + 1))
                entry["files"].append(name)
                entry["seconds"] += round(suites.run_interleaved(
                    runner, units, ratios, plan.cpu, plan.pair_time / plan.pair_processes,
                    plan.pair_target / 100, out.path(name), log,
                    lambda text: say("process %d/%d: %s" % (p + 1, plan.pair_processes, text))), 1)
            say("%.0f s" % entry["seconds"])


def measure(plan, out, keep_partial=False):
    """Run the plan into the RunDir out. With keep_partial, Ctrl-C stops the measuring and what was
    measured is kept (partial); otherwise it propagates."""
    done = Measured()
    for a, runner in plan.runners.items():
        out.write(os.path.join("raw", a, "catalogue.json"), catalogue.of_runner(runner).to_json())
    progress = Progress(len(plan.units) * plan.repetitions * len(plan.runners))
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
                                       plan.cpu, log, progress,
                                       "rep %d/%d %s" % (rep + 1, plan.repetitions, a))
                done.repetitions = rep + 1
            if "eventloop" in plan.chosen:
                _interleave(plan, out, log, done)
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
           "repetitions_finished": done.repetitions, "min_time_s": plan.min_time,
           "cpu": plan.cpu, "suites": plan.chosen,
           "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
           "interleaved": done.interleaved}
    run.update(extra or {})
    run["units"] = [u.name for u in plan.units]
    out.write("run.json", json.dumps(run, indent=1) + "\n")
