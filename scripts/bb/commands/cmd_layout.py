"""`boxbench layout`: what in a process's memory layout moves one case."""
import json
import os
import sys
import time

from .. import UsageError
from ..measuring import layout, measure, profile as profiling
from ..folder.rundir import RunDir, default_path
from ..model import roles
from ..output import terminal
from . import common
from ..measuring.runner import catalogue_of


def add(sub, describe):
    """layout's options."""
    lay = common.command(sub, "layout", "what in a process's memory layout moves one case: "
                         "runner processes with the layout random, fixed, with the stack alone "
                         "moved, and with the code alone moved (the build's code layouts)")
    lay.add_argument("case", metavar="CASE", help="a case name as `boxbench list` prints it")
    lay.add_argument("--allocator", default=roles.DEFAULT_ALLOCATOR,
                     help="the allocator (default %(default)s)")
    lay.add_argument("--processes", type=common.at_least("processes", 3), default=10,
                     help="runner processes per mode (default %(default)s)")
    lay.add_argument("--min-time", type=common.positive("min-time", float), default=0.05,
                     help="seconds per repetition, at least (default %(default)g)")
    lay.add_argument("--cpu", default=None, help="CPU the runner is pinned to, or 'none'")
    common.add_out(lay, "layout")


def run(args):
    runner = common.allocators(args.allocator, args.build_dir)
    if len(runner) != 1:
        raise UsageError("layout takes one allocator, not %s" % args.allocator)
    runner = next(iter(runner.values()))
    case = profiling.find_case(catalogue_of(runner).units, args.case)
    out = RunDir(args.out or default_path(os.path.join(common.ROOT, "results"), "layout"))
    started = time.time()
    with out:
        say = lambda text: print("boxbench: layout %s: %s" % (case.name, text), file=sys.stderr,
                                 flush=True)
        rows, sweep = layout.measure(runner, case, common.cpu(args.cpu), args.processes,
                                     args.min_time, say)
        out.write("layout.json", json.dumps({
            "command": measure.command_line(), "commit": common.commit_id(), "case": case.name,
            "allocator": args.allocator, "modes": rows,
            "stack_sweep": [{"pad_bytes": p, "ns": v, "ns_4096_further": w} for p, v, w in sweep],
            "verdict": layout.verdict(rows), "duration_s": round(time.time() - started, 1)},
            indent=1) + "\n")
    print(terminal.layout(case.name, args.allocator, rows))
    print("\nstack moved by (bytes): ns, and ns with 4096 bytes more: " + ", ".join(
        "%d: %.2f %.2f" % (p, v, w) for p, v, w in sweep))
    print("\n" + layout.verdict(rows))
    print("\nresults: %s" % common.shown(out.final))
    return 0
