"""The run life cycle of run and reproduce: measure a plan into a folder written whole, write
its tables, show them, end as the folder stands (done, partial, failed), and resume."""
import json
import os
import resource
import sys
import time

from .. import Kept, UsageError, WriteFailed
from ..analysis import sequential, summary
from ..measuring import drive, measure, original, probe, resume
from ..measuring.drive import RunError, RunnerFailed
from ..folder.rundir import RunDir
from ..model import figures, suites
from ..output import terminal
from . import cmd_history, common, reproduce
from ..measuring.runner import catalogue_of


def announce(plan):
    drive.say("%d units x %d repetitions x %d allocator(s), at least %gs each, %s"
              % (len(plan.units), plan.repetitions, len(plan.runners), plan.min_time,
                 "unpinned" if plan.cpu is None else "on CPU %d" % plan.cpu))


def measure_into(out, plan, extra):
    """Measure the plan into the RunDir out, then write its tables from what it holds; (what was
    measured, the tables, the runners' contexts). A run stopped before any case finished is
    discarded: a runner's failure then as a RunnerFailed, an interrupt as a KeyboardInterrupt."""
    started = time.time()
    extra = dict(extra, commit=common.commit_id())
    announce(plan)
    done = measure.measure(plan, out, started, extra)
    measure.write_run(out, plan, done, started, extra)
    try:
        tables, contexts = summary.write(out.tmp)
    except summary.NothingMeasured:
        out.discard()  # Nothing to keep: the run ends as if it had not started.
        if done.failure:
            raise RunnerFailed(done.failure) from None
        if done.partial:
            raise KeyboardInterrupt from None
        raise
    described = probe.describe(contexts, extra["commit"], plan.cat.perf_events("hardware"),
                                 tables.get("summary"))
    out.write("machine.json", json.dumps(described, indent=1) + "\n")
    return done, tables, contexts


def show(plan, tables, contexts):
    """The tables on stdout, the warnings on stderr."""
    unavailable = next(iter(contexts.values()), {}).get("bb_perf_unavailable", "")
    if tables.get("summary"):
        print(terminal.summary(tables["summary"]))
    if tables.get("mitigations"):
        print("\n" + terminal.mitigations(tables["mitigations"]))
    if tables.get("crossover"):
        print("\n" + terminal.crossover(tables["crossover"]))
    for name, s in suites.SUITES.items():
        if tables.get(name):
            print("\n" + terminal.SUITES[name](tables[name]))
    claimed = [r for r in tables.get("figures") or () if figures.kind(r["set"]) != figures.FIDELITY]
    if claimed:
        print("\n" + terminal.figures(claimed))
    if tables.get("fidelity"):
        print("\n" + terminal.fidelity(tables["fidelity"]))
    if unavailable:
        print("\nnote: perf counters this machine refused (their columns are empty): %s"
              % unavailable, file=sys.stderr)
    rows = tables.get("summary") or []
    print(summary.noise_warning(rows), file=sys.stderr, end="")
    print(summary.spread_warning(rows, tables.get("figures")), file=sys.stderr, end="")


def written(out, work, command):
    """work()'s result once out is committed. A failed write keeps a new run's folder as it
    stood (resumable) and leaves a resumed one as it was; anything else discards out."""
    try:
        result = work()
        out.commit()
        return result
    except WriteFailed as e:
        kept = out.keep()
        if kept:
            raise WriteFailed("%s. What was measured is in %s as it stood after the last write "
                              "that succeeded (run.json says partial): free some space, then "
                              "`boxbench %s --resume %s`"
                              % (e, common.shown(out.final), command, common.shown(out.final))
                              ) from None
        where = common.shown(out.final)
        raise WriteFailed("%s. %s" % (e, "%s is as it was before this resume" % where
                                      if out.resumed else "nothing was written")) from None
    except BaseException as e:
        kept_after(out, e, command)
        raise


def kept_after(out, error, command):
    """After an error or an interrupt in work(): a folder that holds a measurement is kept as it
    stands, partial, its run.json naming what stopped it, and a Kept raised that says how to go on
    (the error itself is raised on after that where it is a fault in boxbench, for its
    traceback); a folder that holds none is discarded. A resumed run's copy is kept too: it holds
    everything the folder it copied held, and what this attempt added."""
    path = os.path.join(out.tmp, "run.json")
    if not os.path.exists(path) or not out.measured():
        out.discard()
        return
    interrupted = isinstance(error, KeyboardInterrupt)
    why = "interrupted" if interrupted else "%s: %s" % (type(error).__name__, error)
    try:
        with open(path) as f:
            run = json.load(f)
        run.update(partial=True, state="stopped", error=why)
        out.write("run.json", json.dumps(run, indent=1) + "\n")
        out.commit()
    except (OSError, ValueError, WriteFailed):
        out.discard()
        return
    where = common.shown(out.final)
    message = ("stopped (%s) after measuring: what was measured is kept in %s, partial; "
               "`boxbench %s --resume %s` goes on" % (why, where, command, where))
    if interrupted or isinstance(error, (RunError, UsageError)):
        raise Kept(message, 130 if interrupted else 1) from None
    print("boxbench: " + message, file=sys.stderr)


def ending(done, out, command, plan):
    """The exit status, and on stderr what made the folder partial and what to do about it."""
    where = common.shown(out.final)
    if done.failure:
        f = done.failure
        print("boxbench: %s" % RunnerFailed(f), file=sys.stderr)
        n = resume.crashed({"failures": [f] + (plan.previous or {}).get("failures", [])})[
            (f["allocator"], f.get("case"))]
        print("boxbench: the results are partial: what every runner finished before is written, "
              "run.json names the failure. `boxbench %s --resume %s%s` measures what is missing%s"
              % (command, where, " --skip-failing" if n > 1 else "",
                 " without %s, which has crashed its runner %d times" % (f["case"], n)
                 if n > 1 else ""), file=sys.stderr)
        return 1
    if done.skipped:
        print("boxbench: skipped, having crashed their runner before: %s (run.json lists them; "
              "the folder stays partial)" % ", ".join("%s on %s" % (c, a)
                                                       for a, c in sorted(set(done.skipped))),
              file=sys.stderr)
        return 0
    if not done.partial:
        return 0
    print("boxbench: interrupted: the results are partial (the repetitions finished before the "
          "signal; run.json says \"partial\": true; `boxbench %s --resume %s` goes on)"
          % (command, where), file=sys.stderr)
    return 130


def resuming(args, names):
    """Whether the command resumes a folder; a UsageError for a plan's option (names) given with
    --resume, or --skip-failing without it."""
    if not args.resume:
        if args.skip_failing:
            raise UsageError("--skip-failing goes with --resume: a new run has no failing case yet")
        return False
    given = [n for n in names if getattr(args, n, None) not in (None, False)]
    if given:
        raise UsageError("--resume goes on with the plan the folder was started with: it takes no "
                         "--%s" % ", --".join(n.replace("_", "-") for n in given))
    return True


def original_driver(checkout, build_dir):
    """{"checkout", "driver"}: the original event loop's driver built for `--original` (said so on
    stderr; cargo's output in the build folder's crosscheck/driver-build.log)."""
    drive.say("building the original event loop's driver against %s" % checkout)
    log = os.path.join(build_dir, "crosscheck", "driver-build.log")
    # The checkout as the user named it: run.json keeps it for a resume, and a results folder
    # holds no absolute path of the machine that wrote it.
    return {"checkout": checkout, "driver": original.driver(common.ROOT, build_dir, checkout, log)}


def resume_from(args, command):
    """`run --resume` and `reproduce --resume`: the folder's plan, checked against this machine
    and build, measured where it is missing."""
    run = resume.load(args.resume, command)
    runners = {a: common.runner(a, args.build_dir) for a in run["allocators"]}
    resume.check_identity(args.resume, run, runners)
    cat = catalogue_of(runners[next(iter(runners))])
    plan = resume.plan(run, runners, cat, args.skip_failing)
    if run["plan"].get("original"):
        plan.original = original_driver(run["plan"]["original"], args.build_dir)
    if command == "reproduce":
        plan.rule = sequential
    try:
        out = RunDir.resume(args.resume)
    except WriteFailed as e:
        raise WriteFailed("%s. %s is as it was" % (e, common.shown(args.resume))) from None
    if command == "run":
        return finish_run(out, plan, {}, args)
    return finish_reproduce(out, plan, {"quick": run.get("quick", False)}, args)


def recorded(args, out, done):
    """A whole run joins the history store once committed; a partial one (interrupted, a runner
    failed, cases skipped) joins when its --resume completes it."""
    if not done.partial:
        cmd_history.record_committed(args, out.final)


def finish_run(out, plan, extra, args):
    """Measure into out (new or resumed), write the tables, commit, show them, add the folder to
    the history."""
    started = time.time()
    done, tables, contexts = written(out, lambda: measure_into(out, plan, extra), "run")
    recorded(args, out, done)
    show(plan, tables, contexts)
    print("\nresults: %s (%.0f s, largest runner %.0f MiB)"
          % (common.shown(out.final), time.time() - started,
             resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))
    return ending(done, out, "run", plan)


def finish_reproduce(out, plan, extra, args):
    started = time.time()

    def work():
        done, tables, contexts = measure_into(out, plan, extra)
        rows, _ = reproduce.report(out.tmp, name=os.path.basename(out.final),
                                   store=cmd_history.store_path(args))
        return done, tables, rows

    done, tables, rows = written(out, work, "reproduce")
    recorded(args, out, done)
    print(terminal.claims(rows))
    if getattr(args, "pool", False):
        cmd_history.print_pooled(args, out.final)
    print(summary.spread_warning(tables.get("summary"), tables.get("figures")), file=sys.stderr,
          end="")
    print("\nreport: %s/claims.md, plots in %s/plots (%.0f s)"
          % (common.shown(out.final), common.shown(out.final), time.time() - started))
    return ending(done, out, "reproduce", plan)
