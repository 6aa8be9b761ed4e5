"""`boxbench profile`: one case under linux-perf."""
import os
import sys

from .. import UsageError
from ..measuring import profile as profiling
from ..folder.rundir import RunDir, default_path
from ..model import roles
from . import common
from ..measuring.runner import catalogue_of


def add(sub, describe):
    """profile's options."""
    prof = common.command(sub, "profile", "one case under linux-perf: perf stat, perf record "
                          "with call graphs, perf report as text")
    prof.add_argument("case", metavar="CASE", help="a case name as `boxbench list` prints it")
    prof.add_argument("--allocator", default=roles.DEFAULT_ALLOCATOR,
                      help="the allocator to profile with (default %(default)s)")
    prof.add_argument("--min-time", type=common.positive("min-time", float), default=2.0,
                      help="seconds the case runs, at least (default %(default)g)")
    prof.add_argument("--cpu", default=None, help="CPU the runner is pinned to, or 'none'")
    prof.add_argument("--call-graph", default="dwarf,4096",
                      help="perf record's --call-graph: fp, dwarf[,bytes] or lbr (default "
                           "dwarf,4096: the libraries are built without frame pointers; each "
                           "sample keeps that many bytes of stack, so perf.data grows with it)")
    common.add_out(prof, "profile")


def run(args):
    profiling.perf()
    runner = common.allocators(args.allocator, args.build_dir)
    if len(runner) != 1:
        raise UsageError("profile takes one allocator, not %s" % args.allocator)
    runner = next(iter(runner.values()))
    cat = catalogue_of(runner)
    case = profiling.find_case(cat.units, args.case)
    cpu = common.cpu(args.cpu)
    out = RunDir(args.out or default_path(os.path.join(common.ROOT, "results"), "profile"))
    print("boxbench: profiling %s (%s, at least %gs per step)" % (case.name, args.allocator,
                                                                  args.min_time), file=sys.stderr)
    with out:
        with open(out.path("profile.log"), "w") as log:
            stat, report = profiling.profile(runner, case, profiling.stat_events(cat),
                                             args.min_time, cpu, args.call_graph, out, log)
    print(stat.strip())
    print("\n".join(report.splitlines()[:60]))
    print("\nresults: %s (stat.txt, report.txt; perf.data for `perf report -i`)"
          % common.shown(out.final))
    return 0
