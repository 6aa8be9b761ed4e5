"""`boxbench reproduce`: measure what every claim needs, then report."""
import os

from ..folder.rundir import RunDir, default_path
from ..output import plots
from . import cmd_history, common, lifecycle, reproduce
from ..measuring.runner import catalogue_of


def add(sub, describe):
    """reproduce's options."""
    rep = common.command(sub, "reproduce", "measure what every claim needs, then write the "
                         "claims table, machine.json, summary.json and plots")
    rep.add_argument("--quick", action="store_true",
                     help="the same interleaved sets as the full plan, in fewer processes for "
                          "less time, and a reduced matrix: under 2.5 minutes on a 2-core VM (the "
                          "full one with --original: about 20 minutes)")
    rep.add_argument("--set-processes", type=common.at_least("set-processes", 2), default=None,
                     help="runner processes per interleaved set, each as long as in the plan "
                          "(default %d with --quick, %d without); a claim's set runs 3, then one "
                          "more while a claim of it is undecided and the plan's time lasts, up "
                          "to twice this (docs/design.md, 'sequential')"
                          % tuple(reproduce.SETTINGS[q]["sets"][0] for q in (True, False)))
    rep.add_argument("--set-time", type=common.positive("set-time", float), default=None,
                     help="seconds per interleaved set, all its processes together (default: the "
                          "plan's, %g with --quick, %g without, scaled with --set-processes)"
                          % tuple(reproduce.SETTINGS[q]["sets"][1] for q in (True, False)))
    rep.add_argument("--cpu", default=None, help="CPU the runners are pinned to, or 'none'")
    rep.add_argument("--original", metavar="PATH",
                     help="a checkout of github.com/jkarneges/rust-async-bench: its event loop is "
                          "built (as `crosscheck` builds it, offline) and its figures for C3, C6 "
                          "and C8 measured in the same run, interleaved as the port's, and shown "
                          "beside them with the verdict each would have")
    common.add_out(rep, "reproduce", "quick")
    common.add_resume(rep)
    cmd_history.add_options(rep)
    rep.add_argument("--pool", action="store_true",
                     help="once the run is in the history store, also judge each claim on this "
                          "machine's runs of this toolchain pooled (random effects over the runs: "
                          "an interval that takes in the drift between runs), beside this run's "
                          "verdicts")


def run(args):
    plots.gnuplot()  # Before an hour of measuring, not after.
    if lifecycle.resuming(args, ("quick", "cpu", "out", "set_processes", "set_time", "original")):
        return lifecycle.resume_from(args, "reproduce")
    runners = common.allocators(",".join(reproduce.ALLOCATORS), args.build_dir)
    first = runners[next(iter(runners))]
    built = lifecycle.original_driver(args.original, args.build_dir) if args.original else None
    plan = reproduce.plan(runners, catalogue_of(first), common.cpu(args.cpu), args.quick,
                          args.set_processes, args.set_time, built)
    out = RunDir(args.out or default_path(os.path.join(common.ROOT, "results"),
                                          "quick" if args.quick else "reproduce"))
    return lifecycle.finish_reproduce(out, plan, {"quick": args.quick}, args)
