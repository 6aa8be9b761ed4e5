"""What every command shares: the repository and the allocators, the options each command
adds (selection, suite, resume), their parsers, the runners' paths, the commit and the build."""
import argparse
import os
import subprocess

from .. import UsageError
from ..model import catalogue, roles, suites
from ..model.cases import DIMENSIONS, parse_langs, select
from ..measuring.runner import catalogue_of


# The repository: this file (scripts/bb/commands/common.py) is four levels below it.
ROOT = os.path.realpath(__file__)
for _ in range(4):
    ROOT = os.path.dirname(ROOT)


# The allocators boxbench knows: one file each in allocators/, one runner each in the build.
ALLOCATORS = tuple(sorted(f[:-2] for f in os.listdir(os.path.join(ROOT, "allocators"))
                          if f.endswith(".c") and not f.startswith("bb_")))


SELECTION = """\
selection: --mode, --size, --depth, --pattern and --state each take a comma-separated list or
"all"; sizes accept units (64, 4K, 16KiB), depths ranges (1-8). A dimension not given takes every
built value, except depth, which stays at 1, and state, which stays warm. With no selection at all,
run measures the default matrix: every mode, size and pattern at depth 1, warm, plus a depth sweep
(1-64) of inline and box at 64 B, pending. The matching inline cases are always added, so every row
has its overhead. --full is the whole matrix: all modes, sizes, depths, patterns, states and
allocators. The cold states time each call alone, the timer's own cost subtracted. `boxbench list
--help` lists the built modes, patterns, states and suites.
"""


# Each command's exit statuses, shown in its --help.
_MEASURED = ("0 done, 1 a runner failed (what was finished is written, partial), 2 bad input "
             "(nothing is written), 3 a write failed (a full disk), 130 interrupted (partial)")


EXIT = {
    "list": "0 listed, 2 bad input",
    "run": _MEASURED, "reproduce": _MEASURED,
    "count": "0 counted, 1 a counter failed (nothing is written), 2 bad input, 3 a write failed, "
             "130 interrupted (nothing is written)",
    "profile": "0 done, 1 perf failed (nothing is written), 2 bad input, 3 a write failed, 130 "
               "interrupted (nothing is written)",
    "layout": "0 done, 1 a runner failed (nothing is written), 2 bad input, 3 a write failed, 130 "
              "interrupted (nothing is written)",
    "compare": "0 compared, 1 --fail-above found a regression or B lacks cases A has (without "
               "--allow-missing), 2 bad input (a folder compared with itself among it)",
    "advise": "0 advised (or --check shown), 2 bad input (a size the folder cannot answer for)",
    "shape": "0 told, 2 bad input (not a file objdump reads)",
    "plot": "0 drawn, 2 bad input (no table to plot, gnuplot failed), 3 a write failed",
    "history": "0 shown or added, 2 bad input (a file that is not a history store, a folder that "
               "is not a run's: nothing is added), 3 a write failed",
    "crosscheck": "0 done, 1 the original's build or a measurement failed (nothing is written), 2 "
                  "bad input (not a checkout of the original), 3 a write failed, 130 interrupted "
                  "(nothing is written)",
}


def command(sub, name, help, description=None, epilog=""):
    """A subcommand: its one line in the overview, a description heading its help (the line
    itself where no longer one is given), and its exit statuses after its epilog."""
    return sub.add_parser(name, help=help, description=description or help[0].upper() + help[1:]
                          + ".", epilog=epilog + "exit status: %s.\n" % EXIT[name],
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def built_values():
    """The modes, patterns, states and suites as the built runner describes them (its catalogue),
    or how to get them."""
    runner = os.path.join(os.environ.get("BOXBENCH_BUILD_DIR", os.path.join(ROOT, "build")),
                          catalogue.runner_name(roles.DEFAULT_ALLOCATOR))
    try:
        cat = catalogue_of(runner)
    except UsageError:
        return ("modes, patterns, states and suites: run scripts/setup.sh, then `boxbench list "
                "--help` lists them.\n")
    out = []
    for key in ("modes", "patterns", "states", "suites"):
        out.append("%s:" % key)
        out += ["  %-13s %s" % (n, what) for n, what in cat.lists[key] if n != roles.HARNESS]
    return "\n".join(out) + "\n"


def runner(allocator, build_dir):
    if allocator not in ALLOCATORS:
        raise UsageError("unknown allocator %r; known: %s" % (allocator, ", ".join(ALLOCATORS)))
    path = os.path.join(build_dir, catalogue.runner_name(allocator))
    if not os.path.isdir(build_dir):
        raise UsageError("no build folder %s: scripts/setup.sh builds the runners into build/, or "
                         "--build-dir names another" % build_dir)
    if not os.access(path, os.X_OK):
        raise UsageError("the %s runner is not built (%s is missing): run scripts/setup.sh, which "
                         "installs the allocator's Debian package" % (allocator, path))
    return path


def allocators(text, build_dir):
    names = ALLOCATORS if text.strip() == "all" else \
        [a.strip() for a in text.split(",") if a.strip()]
    if not names:
        raise UsageError("--allocator needs at least one allocator")
    return {a: runner(a, build_dir) for a in dict.fromkeys(names)}


def _number(kind, conv, ok, need):
    """An option's parser: conv(text), refused (with the option's kind named) when it is not a
    number of that kind or ok(value) is false, need saying what it must be."""
    def parse(text):
        try:
            v = conv(text)
        except ValueError:
            raise argparse.ArgumentTypeError("%s %r is not a %snumber"
                                             % (kind, text, "whole " if conv is int else ""))
        if not ok(v):
            raise argparse.ArgumentTypeError("%s must be %s (got %s)" % (kind, need, text))
        return v
    return parse


def positive(kind, conv):
    return _number(kind, conv, lambda v: v > 0, "positive")


def at_least(kind, low):
    return _number(kind, int, lambda v: v >= low, "%d or more" % low)


def add_selection(p, states=True):
    """The selection options; count, which counts warm C cases only, takes no --state and no
    --lang."""
    p.add_argument("--mode", help="dispatch modes (`boxbench list --help` lists them)")
    p.add_argument("--size", help="payload sizes in bytes, e.g. 64,4K")
    p.add_argument("--depth", help="call depths, e.g. 1,8 or 1-16 or all")
    p.add_argument("--pattern", help="poll patterns")
    if states:
        p.add_argument("--state", help="allocator states (default warm)")
    p.add_argument("--full", action="store_true",
                   help="the full matrix: every case of every state (and, for run, every "
                        "allocator)" if states else "every warm case of the matrix")
    p.add_argument("--lang", help="c (the emulation, default), rust (the Rust it emulates, "
                                  "bench/rust: the twin of every mode that has one, the "
                                  "cross-thread and allocator-only modes excepted, beside the C "
                                  "cases selected; box and box-inplace are "
                                  "#[async_trait] in the two shapes rustc compiles, the awaited "
                                  "future moved into the box or built there), or c,rust")


def add_suite(p, default=roles.MATRIX):
    p.add_argument("--suite", default=default,
                   help="what to run: matrix (the cases the selection picks) and the ports' suites "
                        "(listed below; eventloop's ratios are then measured interleaved); a "
                        "comma-separated list, or all (default %s)" % (default or roles.MATRIX))


def add_resume(p):
    p.add_argument("--resume", metavar="FOLDER",
                   help="continue a partial folder (interrupted, or a runner failed) with the plan "
                        "it was started with, measuring only what is missing; on the machine and "
                        "build that wrote it, else refused. Takes no other option but "
                        "--skip-failing, --history and --no-history. The folder is replaced when "
                        "done, and run.json says it was resumed and from what")
    p.add_argument("--skip-failing", action="store_true",
                   help="with --resume: leave out every case that crashed its runner before, "
                        "naming each (run.json lists them under \"skipped\")")


def add_out(p, *kinds):
    """--out: the output folder, by default results/<kind>-DATE-TIME (the first kind; reproduce
    names two)."""
    p.add_argument("--out", help="output folder; must not exist or be empty (default: %s)"
                   % ", or ".join("results/%s-DATE-TIME" % k for k in kinds))


def cpu(text):
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


def selection(args):
    given = {d: getattr(args, d, None) for d in DIMENSIONS}
    if getattr(args, "full", False):
        if any(v is not None for v in given.values()):
            raise UsageError("--full runs everything: it takes no --mode, --size, --depth, "
                             "--pattern or --state")
        given = {d: "all" for d in DIMENSIONS}
    return given


def version():
    """boxbench's --version: the commit, and the runners built (which, and the build type)."""
    commit = commit_id()
    build = os.environ.get("BOXBENCH_BUILD_DIR", os.path.join(ROOT, "build"))
    built = [a for a in ALLOCATORS
             if os.access(os.path.join(build, catalogue.runner_name(a)), os.X_OK)]
    kind = "?"
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            kind = next((l.split("=", 1)[1].strip() for l in f
                         if l.startswith("CMAKE_BUILD_TYPE:")), "?") or "?"
    except OSError:
        pass
    runners = ("runners in %s (%s build): %s" % (shown(build), kind, ", ".join(built)) if built
               else "no runner built in %s (scripts/setup.sh builds them)" % shown(build))
    return "boxbench %s; %s" % (commit[:12] if commit else "(not a git checkout)", runners)


def commit_id():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def suite_units(args, runner):
    """(chosen suites, the runner's catalogue, the units: the matrix's selection and every unit of
    the other suites chosen)."""
    cat = catalogue_of(runner)
    chosen = suites.parse_suites(args.suite, [s for s in cat.suite_names() if s != roles.HARNESS])
    given = selection(args)
    if roles.MATRIX in chosen:
        units = select(cat, langs=parse_langs(getattr(args, "lang", None), cat), **given)
    else:
        if any(v is not None for v in given.values()):
            raise UsageError("--mode, --size, --depth, --pattern, --state and --full select cases "
                             "of the matrix suite, which --suite %s leaves out" % args.suite)
        units = cat.of_suite(roles.HARNESS)
    for s in chosen:
        if s != roles.MATRIX:
            units += cat.of_suite(s)
    return chosen, cat, units


def shown(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel
