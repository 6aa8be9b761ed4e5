"""`boxbench run`: measure the selected cases into a results folder."""
import os

from ..analysis import claims
from ..measuring import measure
from ..folder.rundir import RunDir, default_path
from ..model import figures, roles
from . import cmd_history, common, lifecycle, reproduce


# `run`'s defaults, by --full: runner processes per case and seconds per repetition (the full
# matrix as reproduce's full plan runs it); and the interleaved sets' time and processes.
RUN = {False: dict(repetitions=5, min_time=0.05),
       True: dict(repetitions=reproduce.SETTINGS[False][roles.MATRIX][0],
                  min_time=reproduce.SETTINGS[False][roles.MATRIX][2])}
SETS_RUN = dict(set_time=60.0, set_processes=5)


def add(sub, describe):
    """run's options."""
    run = common.command(sub, "run", "measure the selected cases and write a results folder",
                         epilog=common.SELECTION + "\n")
    common.add_selection(run)
    run.add_argument("--allocator", default=None,
                     help="allocators, each its own runner, alternating within every repetition: "
                          "%s or all (default %s)"
                          % (", ".join(common.ALLOCATORS), roles.DEFAULT_ALLOCATOR))
    run.add_argument("--repetitions", type=common.positive("repetitions", int), default=None,
                     help="runner processes per case, each running it twice; the summary gives "
                          "the median, the cv, and the spread between processes beside the spread "
                          "within one (default %d, or %d with --full)"
                          % (RUN[False]["repetitions"], RUN[True]["repetitions"]))
    run.add_argument("--min-time", type=common.positive("min-time", float), default=None,
                     help="seconds each warm case runs per repetition, at least (default %g, or "
                          "%g with --full, as reproduce's full plan); a cold case always makes "
                          "the fixed number of timed calls its catalogue entry gives (iterations), "
                          "then untimed ones for its page faults and perf counters"
                          % (RUN[False]["min_time"], RUN[True]["min_time"]))
    run.add_argument("--cpu", default=None,
                     help="CPU the runners are pinned to, or 'none' (default: the first CPU this "
                          "process may use). On a VM the vCPUs can differ a lot: pinning keeps "
                          "repetitions comparable")
    common.add_suite(run, None)
    run.add_argument("--set-time", type=common.positive("set-time", float), default=None,
                     help="seconds per interleaved set (the figures of the suites chosen, e.g. "
                          "eventloop's ratios), all its processes together (default %g)"
                          % SETS_RUN["set_time"])
    run.add_argument("--set-processes", type=common.at_least("set-processes", 2), default=None,
                     help="runner processes per interleaved set, each with its own memory layout; "
                          "a figure's interval is taken over them (default %d)"
                          % SETS_RUN["set_processes"])
    common.add_out(run, "run")
    common.add_resume(run)
    cmd_history.add_options(run)


def _plan(args, runners, cpu):
    """The selection, and the interleaved sets of the ports chosen (the matrix's claims' sets are
    reproduce's); with C and Rust units both, the fidelity sets of the pairs, on every allocator."""
    chosen, cat, units = common.suite_units(args, runners[next(iter(runners))])
    picked = [s for s in claims.sets(cat) if s.suite in chosen and s.suite != roles.MATRIX]
    names = {u.name for u in units}
    paired = [u for u in units if u.suite == roles.MATRIX and u.lang == roles.C and
              getattr(cat.rust_of(u), "name", None) in names]
    picked += [s._replace(allocators=(figures.EVERY,))
               for s in figures.sets_of(figures.fidelity(cat, paired))]
    return measure.Plan(runners, cat, units, chosen, repetitions=args.repetitions,
                        min_time=args.min_time, cpu=cpu, set_list=picked, set_time=args.set_time,
                        set_processes=args.set_processes)


def run(args):
    if lifecycle.resuming(args, ("mode", "size", "depth", "pattern", "state", "full", "allocator",
                        "repetitions", "min_time", "cpu", "suite", "set_time", "set_processes",
                        "out")):
        return lifecycle.resume_from(args, "run")
    args.allocator = args.allocator or roles.DEFAULT_ALLOCATOR
    args.suite = args.suite or roles.MATRIX
    for k, v in dict(SETS_RUN, **RUN[bool(args.full)]).items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    runners = common.allocators("all" if args.full else args.allocator, args.build_dir)
    plan = _plan(args, runners, common.cpu(args.cpu))
    out = RunDir(args.out or default_path(os.path.join(common.ROOT, "results")))
    return lifecycle.finish_run(out, plan, {}, args)
