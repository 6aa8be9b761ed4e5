"""Measuring a plan, and nothing else: the runner processes, repetition after repetition with the
allocators alternating, then the interleaved sets (figures.py); every raw output kept under
raw/<allocator>/ with the runner's catalogue, and run.json saying what was planned and which files
hold what. The tables come afterwards, from the folder alone (summary.py). `run` and `reproduce`
share it."""
import glob
import json
import os
import resource
import sys
import time

from .. import UsageError
from . import original, probe, sets
from ..model import figures
from .drive import Progress, RunnerFailed, chunks, layouts_of, run_repetition, say
from ..folder.rundir import FULL, failed
from ..folder import processes, rawfile, results
from .runner import catalogue_of


class Plan:
    """What to measure: {allocator: runner}, the catalogue, the units (matrix and suites), how many
    runner processes (repetitions) and repetitions inside each (inner), and the interleaved sets:
    each in set_processes processes of set_time / set_processes seconds (a set of another share of
    processes or time, figures.SETS, that share of them), the claims' sets sequential under
    `rule` with extra_time more (_run_sets). A resumed plan (resume.py) also has the run it
    continues (previous) and the (allocator, case) pairs to skip."""

    def __init__(self, runners, cat, units, chosen, *, repetitions, min_time, cpu, inner=2,
                 set_list=(), set_time=60, set_processes=5, extra_time=0):
        self.runners, self.cat, self.units, self.chosen = runners, cat, units, chosen
        self.repetitions, self.min_time, self.cpu, self.inner = repetitions, min_time, cpu, inner
        self.set_time, self.set_processes, self.extra_time = set_time, set_processes, extra_time
        # Each runner in every code layout the build linked (drive.layouts_of): processes go round.
        self.layouts = {a: layouts_of(r) for a, r in runners.items()}
        self.entries = [dict(figures.entry(s, a), layouts=len(self.layouts[a])) for s in set_list
                        for a in figures.allocators_of(s, runners)]
        self.previous, self.skip = None, set()
        # With `reproduce --original`: {"checkout": its path, "driver": the driver built for it}.
        self.original = None
        # The sequential rule of the claims' sets (analysis/sequential.py, given by reproduce):
        # None runs every set its planned processes.
        self.rule = None

    def record(self):
        """What a resume needs of the plan beside what run.json says anyway (the units,
        repetitions, min-time, CPU, suites, sets and their processes)."""
        return {"set_time": self.set_time, "extra_time": self.extra_time,
                "original": (self.original or {}).get("checkout")}


class Measured:
    """What measuring did: repetitions complete, whether the folder is partial and why (an
    interrupt, a runner's failure, cases skipped), the extra set time spent so far."""

    def __init__(self, previous):
        self.repetitions, self.partial, self.failure, self.skipped = 0, False, None, []
        self.extra_seconds = (previous or {}).get("extra_seconds", 0.0)
        # {raw file: its runner process's peak resident memory, MiB}, over every attempt.
        self.peak_rss = dict((previous or {}).get("peak_rss_mib_per_process", {}))


class _Job:
    """One runner process to start: these cases of one allocator, into raw/<allocator>/<file>."""

    def __init__(self, rep, allocator, file, cases):
        self.rep, self.allocator, self.file, self.cases = rep, allocator, file, cases


def _finished(folder, stem):
    """The benchmark names that the files of one runner process (stem.json) and its resumptions
    (stem.rN.json) hold results of; a file that is not JSON holds none."""
    got = set()
    paths = glob.glob(os.path.join(folder, stem + ".json"))
    for path in paths + glob.glob(os.path.join(folder, stem + ".r*.json")):
        try:
            got |= rawfile.names(path)
        except UsageError:
            pass
    return got


def _free_name(folder, stem):
    """stem.json, or the next stem.rN.json once that one exists (a resumption)."""
    name, n = stem + ".json", 0
    while os.path.exists(os.path.join(folder, name)):
        n += 1
        name = "%s.r%d.json" % (stem, n)
    return name


def _jobs(plan, out, skipped):
    """The runner processes still to start: per repetition and allocator, the cases of each chunk
    that no file of it holds yet (all of them in a new run), but those to skip, which go into
    skipped."""
    jobs = []
    for rep in range(plan.repetitions):
        for a in plan.runners:
            folder = os.path.dirname(out.path("raw", a, "x"))
            parts = chunks(plan.units, seed=rep)
            for k, part in enumerate(parts):
                stem = "rep-%02d" % (rep + 1) if len(parts) == 1 else \
                    "rep-%02d-%d" % (rep + 1, k + 1)
                have = _finished(folder, stem)
                todo = [c for c in part if c.benchmark_name not in have]
                skipped.extend((a, c.name) for c in todo if (a, c.name) in plan.skip)
                todo = [c for c in todo if (a, c.name) not in plan.skip]
                if todo:
                    jobs.append(_Job(rep, a, _free_name(folder, stem), todo))
    return jobs


def _set_number(path):
    """K of a set's process file set-SET-K.jsonl (None for another file)."""
    k = os.path.basename(path)[:-len(".jsonl")].rsplit("-", 1)[-1]
    return int(k) if k.isdigit() else None


def _counts(path):
    return len(processes.rounds_of(path)) >= figures.MIN_ROUNDS


def _set_files(out, entry):
    """The set's process files on disk, in order, those with too few rounds to count removed (a
    process killed at its start): a resume goes on from the processes that count."""
    prefix = "set-%s-" % entry["set"]
    pattern = out.path("raw", entry["allocator"], prefix + "*.jsonl")
    found = []
    for path in glob.glob(pattern):
        # The set's own files only (set-rust-*.jsonl also matches set-rust-tree-1.jsonl).
        if not os.path.basename(path)[len(prefix):-len(".jsonl")].isdigit():
            continue
        if _counts(path):
            found.append((_set_number(path), os.path.relpath(path, out.tmp)))
        else:
            os.unlink(path)
    return [name for _, name in sorted(found)]


def _one_process(plan, out, log, entry, seconds):
    """The set's next process, in the layout its number falls to."""
    k = max([_set_number(f) for f in entry["files"]], default=0) + 1
    layouts = plan.layouts[entry["allocator"]]
    runner = layouts[figures.layout_of(k, len(layouts)) - 1]
    name = os.path.join("raw", entry["allocator"], "set-%s-%d.jsonl" % (entry["set"], k))
    who = {"allocator": entry["allocator"], "case": "set " + entry["set"]}
    cmd = original.command(plan.original["driver"], entry, plan.cpu) \
        if entry.get("original") else None
    try:
        spent, rounds = sets.run_process(runner, entry["units"], entry["round_ms"], plan.cpu,
                                         seconds, out.path(name), log, who, cmd=cmd)
    except (RunnerFailed, KeyboardInterrupt):
        if _counts(out.path(name)):
            entry["files"].append(name)  # Its rounds count, as any process's.
        raise
    entry["files"].append(name)
    entry["seconds"] = round(entry["seconds"] + spent, 1)
    return rounds


def _tables_so_far(folder, entries, plan):
    """What the claims read of the sets measured so far: their processes' figures."""
    per_process = []
    for e in entries:
        per_process += processes.set_figures(folder, e)[1]
    return {"figure_processes": per_process,
            "run": {"inner_repetitions": plan.inner, "sets": entries}}


def _run_sets(plan, out, log, done):
    """Every set on its runners, taken in turn (a process of each set, then the next of each), so
    each set's processes spread over the whole run and its interval takes in the machine's drift
    over that time: a set without a claim its planned processes, a claim's set the rule's K_MIN
    (plan.rule, analysis/sequential.py). Then the claims' sets are sequential: while the time the
    plan gave them lasts (their planned processes beyond K_MIN, and its extra time), one more goes
    to a set a claim of which is still undecided, the one with the fewest processes first, up to
    twice its planned processes. A resumed run starts each where it stood; each entry records why
    it stopped."""
    entries = []
    for e in plan.entries:
        if (e["allocator"], "set " + e["set"]) in plan.skip:
            done.skipped.append((e["allocator"], "set " + e["set"]))
        else:
            entries.append(e)
    each = plan.set_time / plan.set_processes
    rule = plan.rule
    judged = [e for e in entries if e.get("claims") and not e.get("original")] if rule else []
    planned = {id(e): figures.processes_of_set(e, plan.set_processes) for e in entries}
    first = {id(e): min(rule.K_MIN, planned[id(e)]) if e in judged else planned[id(e)]
             for e in entries}
    for p in range(max(first.values(), default=0)):
        for e in entries:
            if len(e["files"]) > p or p >= first[id(e)]:
                continue
            rounds = _one_process(plan, out, log, e, each * e.get("share", 1))
            say("set %s on %s: process %d/%d, %d rounds" % (
                e["set"], e["allocator"], p + 1, first[id(e)], rounds))
    budget = plan.extra_time + sum((planned[id(e)] - first[id(e)]) * each * e.get("share", 1)
                                   for e in judged)
    started = time.monotonic()
    why = {}
    while judged:
        open_, why = rule.open_sets(judged, _tables_so_far(out.tmp, entries, plan),
                                    2 * plan.set_processes)
        if not open_:
            break
        if done.extra_seconds >= budget:
            why.update({(e["set"], e["allocator"]): rule.BUDGET for e in open_})
            break
        e = min(open_, key=lambda e: len(e["files"]))
        try:
            _one_process(plan, out, log, e, each * e.get("share", 1))
        finally:
            done.extra_seconds = round(done.extra_seconds + time.monotonic() - started, 1)
            started = time.monotonic()
        say("set %s on %s: one more process (%d), a claim of its undecided"
            % (e["set"], e["allocator"], len(e["files"])))
    for e in judged:
        e["stopped"] = why.get((e["set"], e["allocator"]), rule.DECIDED)


def measure(plan, out, started, extra):
    """Run the plan into the RunDir out: a new one, or (plan.previous) a copy of a partial folder,
    of which only what is missing is measured. run.json is written first, with the plan, so that
    the folder can be resumed from then on. Ctrl-C or a runner that fails stops the measuring and
    what was measured is kept (partial)."""
    done = Measured(plan.previous)
    for a, runner in plan.runners.items():
        if not os.path.exists(out.path("raw", a, "catalogue.json")):
            out.write(os.path.join("raw", a, "catalogue.json"),
                      catalogue_of(runner).to_json())
    for e in plan.entries:
        e["files"] = _set_files(out, e)
    jobs = _jobs(plan, out, done.skipped)
    if plan.previous is not None:
        say("resuming: %d runner processes of repetitions to run again, for %d case runs"
             % (len(jobs), sum(len(j.cases) for j in jobs) * plan.inner))
    write_run(out, plan, done, started, extra, finished=False)
    progress = Progress(sum(len(j.cases) for j in jobs) * plan.inner)
    try:  # Closing the log flushes it: a full disk can show first there.
        with open(out.path("runner.log"), "a") as log:
            try:
                # Allocators alternate within each repetition, so a drift of the machine is shared.
                for j in jobs:
                    layouts = plan.layouts[j.allocator]
                    runner = layouts[figures.layout_of(j.rep + 1, len(layouts)) - 1]
                    done.peak_rss[os.path.join("raw", j.allocator, j.file)] = run_repetition(
                        runner, j.cases, out.path("raw", j.allocator, j.file),
                        plan.min_time, plan.inner, plan.cpu, log, progress,
                        "rep %d/%d %s" % (j.rep + 1, plan.repetitions, j.allocator),
                        j.allocator)
                _run_sets(plan, out, log, done)
            except KeyboardInterrupt:
                done.partial = True
            except RunnerFailed as e:
                done.failure, done.partial = e.info, True
    except OSError as e:
        if e.errno in FULL:
            raise failed(e, "into " + out.final) from e
        raise
    left = _jobs(plan, out, [])
    done.repetitions = min([j.rep for j in left] + [plan.repetitions])
    done.partial = done.partial or bool(done.skipped)
    return done


def command_line():
    """The command as given, an absolute path (an --out) only by its last part: a results folder may
    be copied anywhere, and a path of the machine that wrote it means nothing there."""
    return ["boxbench"] + [os.path.basename(a) if os.path.isabs(a) else a for a in sys.argv[1:]]


def _stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(t))


def write_run(out, plan, done, started, extra, finished=True):
    """run.json: what was planned and measured, for the summary, the reader and a resume. Written
    first (finished=False: partial until it is written again at the end), then at the end."""
    prev = plan.previous or {}
    now = time.time()
    run = {"command": prev.get("command") or command_line(),
           "started": prev.get("started") or _stamp(started),
           "duration_s": round(prev.get("duration_s", 0) + (now - started), 1),
           "partial": done.partial or not finished,
           "state": "finished" if finished else "running",
           "allocators": list(plan.runners), "repetitions": plan.repetitions,
           "repetitions_finished": done.repetitions, "inner_repetitions": plan.inner,
           "min_time_s": plan.min_time,
           "cpu": plan.cpu, "suites": plan.chosen,
           "peak_rss_mib": max(prev.get("peak_rss_mib", 0), round(
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)),
           "peak_rss_mib_per_process": done.peak_rss,
           "set_processes": plan.set_processes, "sets": plan.entries,
           "layouts": {a: len(paths) for a, paths in plan.layouts.items()},
           "extra_seconds": done.extra_seconds,
           "failure": done.failure,
           "failures": prev.get("failures", []) + ([done.failure] if done.failure else []),
           "skipped": [{"allocator": a, "case": c} for a, c in sorted(set(done.skipped))],
           "resumed": prev.get("resumed", []),
           "identity": probe.identity(plan.runners), "plan": plan.record()}
    if plan.previous is not None:
        run["resumed"] = run["resumed"] + [{
            "command": command_line(),
            "at": _stamp(started),
            "seconds": round(now - started, 1), "from": resume_state(plan.previous)}]
    run.update({k: v for k, v in extra.items() if k not in run or k == "commit"})
    run["units"] = [u.name for u in plan.units]
    out.write("run.json", json.dumps(run, indent=1) + "\n")


def resume_state(run):
    """What a partial run.json says of how its run ended, for the next one's "resumed" record."""
    if run.get("state") == "running":
        return "stopped while running, before boxbench could write its end (was it killed?)"
    return results.partial_words(run)
