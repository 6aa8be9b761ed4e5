"""`boxbench count`: instructions per call under callgrind."""
import json
import os
import shutil
import subprocess
import time

from ..measuring import count as counting, measure
from ..folder.rundir import RunDir, default_path
from ..model import roles
from ..model.cases import parse_langs, select
from ..output import terminal
from . import common
from ..measuring.runner import catalogue_of


# count's selection: the same options less --state, warm cases only.
COUNT_SELECTION = """\
selection: --mode, --size, --depth and --pattern each take a comma-separated list or "all"; sizes
accept units (64, 4K, 16KiB), depths ranges (1-8). A dimension not given takes every built value,
except depth, which stays at 1. count counts warm cases only: a cold state's cost is in its
preparation and the memory system, which callgrind does not time. --full counts every warm case.
`boxbench list --help` lists the built modes and patterns.
"""


def add(sub, describe):
    """count's options."""
    cnt = common.command(sub, "count", "instructions per call of warm cases under valgrind's "
                         "callgrind: figures the machine's load cannot move",
                         epilog=COUNT_SELECTION + "\n")
    common.add_selection(cnt, states=False)
    cnt.add_argument("--allocator", default="all",
                     help="allocators, %s or all (default %%(default)s)"
                          % ", ".join(common.ALLOCATORS))
    cnt.add_argument("--calls", type=common.positive("calls", int), default=200,
                     help="calls counted per case (default %(default)s; the count is exact, "
                          "more calls only average over more seeds)")
    cnt.add_argument("--beside", metavar="RUN",
                     help="a run folder (or its summary.csv) whose ns per call to show beside "
                          "the counts")
    common.add_out(cnt, "count")


def run(args):
    counting.valgrind()
    runners = common.allocators(args.allocator, args.build_dir)
    counters = {a: counting.counter_path(args.build_dir, a) for a in runners}
    times = None
    if args.beside:
        path = args.beside
        if os.path.isdir(path):
            path = os.path.join(path, "summary.csv")
        times = counting.run_times(path)
    cat = catalogue_of(runners[next(iter(runners))])
    cases = [u for u in select(cat, langs=parse_langs(args.lang, cat), **warm_selection(args))
             if u.suite == roles.MATRIX]
    out = RunDir(args.out or default_path(os.path.join(common.ROOT, "results"), "count"))
    started = time.time()
    with out:
        with open(out.path("count.log"), "w") as log:
            counts = counting.count(counters, cases, args.calls, out.path("callgrind"), log)
        # Megabytes of per-function profiles: the totals are kept.
        shutil.rmtree(out.path("callgrind"))
        result = counting.rows(cases, list(runners), counts, times)
        out.write("count.csv", counting.to_csv(result))
        out.write("count.json", json.dumps({
            "command": measure.command_line(), "commit": common.commit_id(),
            "valgrind": subprocess.run(["valgrind", "--version"], capture_output=True,
                                       text=True).stdout.strip(),
            "calls": args.calls, "allocators": list(runners),
            "duration_s": round(time.time() - started, 1)}, indent=1) + "\n")
    print(terminal.count(result))
    print("\nresults: %s (%.0f s)" % (common.shown(out.final), time.time() - started))
    return 0


def warm_selection(args):
    """count's selection: warm cases only (a cold state's cost is in its preparation and the
    memory system, which callgrind does not time)."""
    given = common.selection(args)
    given["state"] = None if args.full else roles.WARM
    return given
