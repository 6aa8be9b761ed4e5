"""boxbench: what does boxing an async call cost on this machine?"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

from . import UsageError
from .cases import DIMENSIONS, axes, built_cases, human_size, select
from .drive import Progress, RunError, chunks, run_repetition
from .rundir import RunDir, default_path
from .summary import merge, summarise, table, to_csv

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
# The allocators boxbench knows: one file each in allocators/, one runner each in the build.
ALLOCATORS = tuple(sorted(f[:-2] for f in os.listdir(os.path.join(ROOT, "allocators"))
                          if f.endswith(".c") and not f.startswith("bb_")))

EPILOG = """\
selection: --mode, --size, --depth, --pattern and --state each take a comma-separated list or
"all"; sizes accept units (64, 4K, 16KiB), depths ranges (1-8). A dimension not given takes every
built value, except depth, which stays at 1, and state, which stays warm. With no selection at all,
run measures the default matrix: every mode, size and pattern at depth 1, warm, plus a depth sweep
(1-64) of inline and box at 64 B, pending. The matching inline cases are always added, so every row
has its overhead. --full is everything: all modes, sizes, depths, patterns, states and allocators.

modes: inline, dyn, box, box-inplace (see DESIGN), and alloc: malloc+free of the size alone.
states: warm (calls back to back), cache-cold (the core's private caches swept before each call),
heap-cold (the allocator purged before each call), fragmented (a random-size live set, churned
before each call), cross-thread (boxed on one thread, polled, dropped and freed on another). The
cold states time each call alone, the timer's own cost subtracted.

exit status: 0 done, 1 a runner failed, 2 bad input (nothing is written), 130 interrupted.
"""


def _runner(allocator, build_dir):
    if allocator not in ALLOCATORS:
        raise UsageError("unknown allocator %r; known: %s" % (allocator, ", ".join(ALLOCATORS)))
    path = os.path.join(build_dir, "bb-run-" + allocator)
    if not os.access(path, os.X_OK):
        raise UsageError("the %s runner is not built (%s is missing): run scripts/setup.sh, which "
                         "installs the allocator's Debian package" % (allocator, path))
    return path


def _allocators(text, build_dir):
    names = ALLOCATORS if text.strip() == "all" else [a.strip() for a in text.split(",") if a.strip()]
    if not names:
        raise UsageError("--allocator needs at least one allocator")
    return {a: _runner(a, build_dir) for a in dict.fromkeys(names)}


def _positive(kind, conv):
    def parse(text):
        try:
            v = conv(text)
        except ValueError:
            raise argparse.ArgumentTypeError("%s %r is not a number" % (kind, text))
        if v <= 0:
            raise argparse.ArgumentTypeError("%s must be positive (got %s)" % (kind, text))
        return v
    return parse


def _add_selection(p):
    p.add_argument("--mode", help="dispatch modes (inline, dyn, box, box-inplace)")
    p.add_argument("--size", help="payload sizes in bytes (16 .. 256K)")
    p.add_argument("--depth", help="call depths (1 .. 64), e.g. 1,8 or 1-16 or all")
    p.add_argument("--pattern", help="poll patterns (ready, pending)")
    p.add_argument("--state", help="allocator states (warm, cache-cold, heap-cold, fragmented, "
                                   "cross-thread; default warm)")
    p.add_argument("--full", action="store_true",
                   help="the full matrix: every case of every state (and, for run, every allocator)")


def parser():
    ap = argparse.ArgumentParser(prog="boxbench", description=__doc__, epilog=EPILOG,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.environ.get("BOXBENCH_BUILD_DIR",
                                                          os.path.join(ROOT, "build")),
                    help="where the runners are built (default: build/ in the repository)")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    ls = sub.add_parser("list", help="list the cases a selection would run",
                        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_selection(ls)

    run = sub.add_parser("run", help="measure the selected cases and write a results folder",
                         epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_selection(run)
    run.add_argument("--allocator", default="glibc",
                     help="allocators, each its own runner, alternating within every repetition: "
                          "%s or all (default glibc)" % ", ".join(ALLOCATORS))
    run.add_argument("--repetitions", type=_positive("repetitions", int), default=None,
                     help="runner processes per case; the summary gives their median and cv "
                          "(default 5, or 3 with --full)")
    run.add_argument("--min-time", type=_positive("min-time", float), default=0.1,
                     help="seconds each case runs per repetition, at least (default 0.1)")
    run.add_argument("--cpu", default=None,
                     help="CPU the runners are pinned to, or 'none' (default: the first CPU this "
                          "process may use). On a VM the vCPUs can differ a lot: pinning keeps "
                          "repetitions comparable")
    run.add_argument("--out", help="output folder; must not exist or be empty "
                                   "(default: results/run-DATE-TIME)")
    return ap


def _cpu(text):
    allowed = sorted(os.sched_getaffinity(0))
    if text is None:
        return allowed[0]
    if text == "none":
        return None
    try:
        cpu = int(text)
    except ValueError:
        raise UsageError("--cpu %r is not a CPU number or 'none'" % text) from None
    if cpu not in allowed:
        raise UsageError("CPU %d is not available; this process may use CPUs %s"
                         % (cpu, ", ".join(map(str, allowed))))
    return cpu


def _selection(args):
    given = {d: getattr(args, d) for d in DIMENSIONS}
    if getattr(args, "full", False):
        if any(v is not None for v in given.values()):
            raise UsageError("--full runs everything: it takes no --mode, --size, --depth, "
                             "--pattern or --state")
        given = {d: "all" for d in DIMENSIONS}
    return given


def cmd_list(args):
    runner = _runner("glibc", args.build_dir)
    cases = select(built_cases(runner), **_selection(args))
    for c in cases:
        print(c.name)
    ax = axes(cases)
    print("%d cases (sizes %s)" % (len(cases), ", ".join(human_size(s) for s in ax["size"])),
          file=sys.stderr)
    return 0


def _commit_id():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def cmd_run(args):
    runners = _allocators("all" if args.full else args.allocator, args.build_dir)
    if args.repetitions is None:
        args.repetitions = 3 if args.full else 5
    allocators = list(runners)
    cpu = _cpu(args.cpu)
    built = built_cases(runners[allocators[0]])
    cases = select(built, **_selection(args))
    out = RunDir(args.out or default_path(os.path.join(ROOT, "results")))
    started = time.time()
    print("boxbench: %d cases x %d repetitions x %d allocator(s), at least %gs each, %s"
          % (len(cases), args.repetitions, len(allocators), args.min_time,
             "unpinned" if cpu is None else "on CPU %d" % cpu), file=sys.stderr)
    files = {a: [] for a in allocators}
    try:
        progress = Progress(len(cases) * args.repetitions * len(allocators))
        with open(out.path("runner.log"), "w") as log:
            # Allocators alternate within each repetition, so a drift of the machine is shared.
            for rep in range(args.repetitions):
                for a in allocators:
                    parts = chunks(cases, seed=rep)
                    for k, part in enumerate(parts):
                        name = "rep-%02d.json" % (rep + 1) if len(parts) == 1 else \
                            "rep-%02d-%d.json" % (rep + 1, k + 1)
                        path = out.path("raw", a, name)
                        run_repetition(runners[a], part, path, args.min_time, cpu, log, progress,
                                       "rep %d/%d %s" % (rep + 1, args.repetitions, a))
                        files[a].append(path)
        rows = summarise(files, axes(built)["mode"])
        for a in allocators:
            out.write(a + ".json", json.dumps(merge(files[a]), indent=1))
        out.write("summary.csv", to_csv(rows))
        out.write("run.json", json.dumps({
            "command": ["boxbench"] + sys.argv[1:], "commit": _commit_id(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
            "duration_s": round(time.time() - started, 1), "allocators": allocators,
            "repetitions": args.repetitions, "min_time_s": args.min_time, "cpu": cpu,
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
            "cases": [c.name for c in cases]}, indent=1) + "\n")
        out.commit()
    except BaseException:
        out.discard()
        raise
    print(table(rows))
    noisy = [r for r in rows if r["cv"] is not None and r["cv"] > 0.05]
    if noisy:
        print("\nwarning: %d of %d cases vary by more than 5%% between repetitions (cv): the machine "
              "was noisy. Medians resist it; compare runs with care, or rerun with more "
              "--repetitions." % (len(noisy), len(rows)), file=sys.stderr)
    shown = os.path.relpath(out.final)
    print("\nresults: %s (%.0f s, largest runner %.0f MiB)"
          % (out.final if shown.startswith("..") else shown, time.time() - started,
             resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))
    return 0


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return {"list": cmd_list, "run": cmd_run}[args.command](args)
    except UsageError as e:
        print("boxbench: error: %s" % e, file=sys.stderr)
        return 2
    except RunError as e:
        print("boxbench: run failed, nothing was written: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nboxbench: interrupted, nothing was written", file=sys.stderr)
        return 130
