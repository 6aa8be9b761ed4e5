"""boxbench: what does boxing an async call cost on this machine?"""
import argparse
import collections
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

from .. import UsageError, WriteFailed
from ..model import catalogue, roles
from ..analysis import advise as advising
from ..analysis import compare as comparing
from ..measuring import count as counting
from ..measuring import profile as profiling
from ..analysis import claims, mitigations, summary
from . import reproduce
from ..measuring import drive, layout, measure, resume
from ..model import figures, machine, suites
from ..output import plots
from ..model.tables import to_csv as tables_to_csv
from ..model.text import format_table
from ..model.cases import DIMENSIONS, human_size, select
from ..measuring.drive import RunError, RunnerFailed
from ..measuring.rundir import RunDir, default_path


# The repository: scripts/bb/commands/cli.py is four levels below it.
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
    "count": "0 counted, 1 a counter failed (nothing is written), 2 bad input, 3 a write failed",
    "profile": "0 done, 1 perf failed (nothing is written), 2 bad input, 3 a write failed",
    "layout": "0 done, 1 a runner failed (nothing is written), 2 bad input, 3 a write failed",
    "compare": "0 compared, 1 --fail-above found a regression or B lacks cases A has (without "
               "--allow-missing), 2 bad input (a folder compared with itself among it)",
    "advise": "0 advised (or --check shown), 2 bad input (a size the folder cannot answer for)",
    "plot": "0 drawn, 2 bad input (no table to plot, gnuplot failed), 3 a write failed",
}


def _command(sub, name, help, description=None, epilog=""):
    """A subcommand: its one line in the overview, a description heading its help (the line
    itself where no longer one is given), and its exit statuses after its epilog."""
    return sub.add_parser(name, help=help, description=description or help[0].upper() + help[1:]
                          + ".", epilog=epilog + "exit status: %s.\n" % EXIT[name],
                          formatter_class=argparse.RawDescriptionHelpFormatter)


# `run`'s defaults, by --full: runner processes per case and seconds per repetition (the full
# matrix as reproduce's full plan runs it); and the interleaved sets' time and processes.
RUN = {False: dict(repetitions=5, min_time=0.05),
       True: dict(repetitions=reproduce.SETTINGS[False][roles.MATRIX][0],
                  min_time=reproduce.SETTINGS[False][roles.MATRIX][2])}
SETS_RUN = dict(set_time=60.0, set_processes=5)


def _built_values():
    """The modes, patterns, states and suites as the built runner describes them (its catalogue),
    or how to get them."""
    runner = os.path.join(os.environ.get("BOXBENCH_BUILD_DIR", os.path.join(ROOT, "build")),
                          "bb-run-glibc")
    try:
        cat = catalogue.of_runner(runner)
    except UsageError:
        return "modes, patterns, states and suites: run scripts/setup.sh, then --help lists them.\n"
    out = []
    for key in ("modes", "patterns", "states", "suites"):
        out.append("%s:" % key)
        out += ["  %-13s %s" % (n, what) for n, what in cat.lists[key] if n != roles.HARNESS]
    return "\n".join(out) + "\n"


def _runner(allocator, build_dir):
    if allocator not in ALLOCATORS:
        raise UsageError("unknown allocator %r; known: %s" % (allocator, ", ".join(ALLOCATORS)))
    path = os.path.join(build_dir, "bb-run-" + allocator)
    if not os.path.isdir(build_dir):
        raise UsageError("no build folder %s: scripts/setup.sh builds the runners into build/, or "
                         "--build-dir names another" % build_dir)
    if not os.access(path, os.X_OK):
        raise UsageError("the %s runner is not built (%s is missing): run scripts/setup.sh, which "
                         "installs the allocator's Debian package" % (allocator, path))
    return path


def _allocators(text, build_dir):
    names = ALLOCATORS if text.strip() == "all" else \
        [a.strip() for a in text.split(",") if a.strip()]
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


def _at_least(kind, low):
    def parse(text):
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError("%s %r is not a whole number" % (kind, text))
        if v < low:
            raise argparse.ArgumentTypeError("%s must be %d or more (got %s)" % (kind, low, text))
        return v
    return parse


def _add_selection(p, states=True):
    """The selection options; count, which counts warm cases only, takes no --state."""
    p.add_argument("--mode", help="dispatch modes (`boxbench list --help` lists them)")
    p.add_argument("--size", help="payload sizes in bytes, e.g. 64,4K")
    p.add_argument("--depth", help="call depths, e.g. 1,8 or 1-16 or all")
    p.add_argument("--pattern", help="poll patterns")
    if states:
        p.add_argument("--state", help="allocator states (default warm)")
    p.add_argument("--full", action="store_true",
                   help="the full matrix: every case of every state (and, for run, every "
                        "allocator)" if states else "every warm case of the matrix")


def _add_suite(p, default=roles.MATRIX):
    p.add_argument("--suite", default=default,
                   help="what to run: matrix (the cases the selection picks) and the ports' suites "
                        "(listed below; eventloop's ratios are then measured interleaved); a "
                        "comma-separated list, or all (default %s)" % (default or roles.MATRIX))


def _add_resume(p):
    p.add_argument("--resume", metavar="FOLDER",
                   help="continue a partial folder (interrupted, or a runner failed) with the plan "
                        "it was started with, measuring only what is missing; on the machine and "
                        "build that wrote it, else refused. Takes no other option but "
                        "--skip-failing. The folder is replaced when done, and run.json says it "
                        "was resumed and from what")
    p.add_argument("--skip-failing", action="store_true",
                   help="with --resume: leave out every case that crashed its runner before, "
                        "naming each (run.json lists them under \"skipped\")")


def parser(describe=True):
    """The argument parser; with describe, `list --help` lists the built modes, patterns, states
    and suites (which asks the runner for its catalogue)."""
    ap = argparse.ArgumentParser(prog="boxbench", description=__doc__,
                                 epilog="Each command's --help says what it does, its options and "
                                        "its exit statuses.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=_version())
    ap.add_argument("--quiet", "-q", action="store_true",
                    help="no progress and no running commentary on stderr (warnings, errors and "
                         "the results stay)")
    ap.add_argument("--build-dir", default=os.environ.get("BOXBENCH_BUILD_DIR",
                                                          os.path.join(ROOT, "build")),
                    help="where the runners are built (default: build/ in the repository)")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    ls = _command(sub, "list", "list the units a selection would run (the harness's empty loop, "
                  "measured with every run, among them)",
                  epilog=SELECTION + "\n" + (_built_values() if describe else "") + "\n")
    _add_selection(ls)
    _add_suite(ls)
    ls.add_argument("--json", action="store_true",
                    help="print the units' catalogue entries (coordinates and constants) as a "
                         "JSON array instead of their names")

    run = _command(sub, "run", "measure the selected cases and write a results folder",
                   epilog=SELECTION + "\n")
    _add_selection(run)
    run.add_argument("--allocator", default=None,
                     help="allocators, each its own runner, alternating within every repetition: "
                          "%s or all (default %s)"
                          % (", ".join(ALLOCATORS), roles.DEFAULT_ALLOCATOR))
    run.add_argument("--repetitions", type=_positive("repetitions", int), default=None,
                     help="runner processes per case, each running it twice; the summary gives "
                          "the median, the cv, and the spread between processes beside the spread "
                          "within one (default %d, or %d with --full)"
                          % (RUN[False]["repetitions"], RUN[True]["repetitions"]))
    run.add_argument("--min-time", type=_positive("min-time", float), default=None,
                     help="seconds each warm case runs per repetition, at least (default %g, or "
                          "%g with --full, as reproduce's full plan); a cold case always makes "
                          "the fixed number of timed calls its catalogue entry gives (iterations), "
                          "then untimed ones for its page faults and perf counters"
                          % (RUN[False]["min_time"], RUN[True]["min_time"]))
    run.add_argument("--cpu", default=None,
                     help="CPU the runners are pinned to, or 'none' (default: the first CPU this "
                          "process may use). On a VM the vCPUs can differ a lot: pinning keeps "
                          "repetitions comparable")
    _add_suite(run, None)
    run.add_argument("--set-time", type=_positive("set-time", float), default=None,
                     help="seconds per interleaved set (the figures of the suites chosen, e.g. "
                          "eventloop's ratios), all its processes together (default %g)"
                          % SETS_RUN["set_time"])
    run.add_argument("--set-processes", type=_at_least("set-processes", 2), default=None,
                     help="runner processes per interleaved set, each with its own memory layout; "
                          "a figure's interval is taken over them (default %d)"
                          % SETS_RUN["set_processes"])
    run.add_argument("--out", help="output folder; must not exist or be empty "
                                   "(default: results/run-DATE-TIME)")
    _add_resume(run)

    cnt = _command(sub, "count", "instructions per call of warm cases under valgrind's "
                                 "callgrind: figures the machine's load cannot move",
                   epilog=SELECTION + "\n")
    _add_selection(cnt, states=False)
    cnt.add_argument("--allocator", default="all",
                     help="allocators, %s or all (default %%(default)s)" % ", ".join(ALLOCATORS))
    cnt.add_argument("--calls", type=_positive("calls", int), default=200,
                     help="calls counted per case (default %(default)s; the count is exact, "
                          "more calls only average over more seeds)")
    cnt.add_argument("--beside", metavar="RUN",
                     help="a run folder (or its summary.csv) whose ns per call to show beside "
                          "the counts")
    cnt.add_argument("--out", help="output folder; must not exist or be empty "
                                   "(default: results/count-DATE-TIME)")

    prof = _command(sub, "profile", "one case under linux-perf: perf stat, perf record "
                                          "with call graphs, perf report as text")
    prof.add_argument("case", metavar="CASE", help="a case name as `boxbench list` prints it")
    prof.add_argument("--allocator", default=roles.DEFAULT_ALLOCATOR,
                      help="the allocator to profile with (default %(default)s)")
    prof.add_argument("--min-time", type=_positive("min-time", float), default=2.0,
                      help="seconds the case runs, at least (default %(default)g)")
    prof.add_argument("--cpu", default=None, help="CPU the runner is pinned to, or 'none'")
    prof.add_argument("--call-graph", default="dwarf,4096",
                      help="perf record's --call-graph: fp, dwarf[,bytes] or lbr (default "
                           "dwarf,4096: the libraries are built without frame pointers; each "
                           "sample keeps that many bytes of stack, so perf.data grows with it)")
    prof.add_argument("--out", help="output folder; must not exist or be empty "
                                    "(default: results/profile-DATE-TIME)")
    lay = _command(sub, "layout", "what in a process's memory layout moves one case: runner "
                                        "processes with the layout random, fixed, and with the "
                                        "stack alone moved")
    lay.add_argument("case", metavar="CASE", help="a case name as `boxbench list` prints it")
    lay.add_argument("--allocator", default=roles.DEFAULT_ALLOCATOR,
                     help="the allocator (default %(default)s)")
    lay.add_argument("--processes", type=_at_least("processes", 3), default=10,
                     help="runner processes per mode (default %(default)s)")
    lay.add_argument("--min-time", type=_positive("min-time", float), default=0.05,
                     help="seconds per repetition, at least (default %(default)g)")
    lay.add_argument("--cpu", default=None, help="CPU the runner is pinned to, or 'none'")
    lay.add_argument("--out", help="output folder; must not exist or be empty "
                                   "(default: results/layout-DATE-TIME)")
    rep = _command(sub, "reproduce", "measure what every claim needs, then write the claims "
                                           "table, machine.json, summary.json and plots")
    rep.add_argument("--quick", action="store_true",
                     help="the same interleaved sets as the full plan, in fewer processes for "
                          "less time, and a reduced matrix: about 150 seconds on a 2-core VM (the "
                          "full one: about 22 minutes)")
    rep.add_argument("--set-processes", type=_at_least("set-processes", 2), default=None,
                     help="runner processes per interleaved set, each as long as in the plan "
                          "(default %d with --quick, %d without, the full plan giving up to twice "
                          "that to the sets whose intervals are widest): more for intervals that "
                          "hold across draws of processes"
                          % tuple(reproduce.SETTINGS[q]["sets"][0] for q in (True, False)))
    rep.add_argument("--set-time", type=_positive("set-time", float), default=None,
                     help="seconds per interleaved set, all its processes together (default: the "
                          "plan's, %g with --quick, %g without, scaled with --set-processes)"
                          % tuple(reproduce.SETTINGS[q]["sets"][1] for q in (True, False)))
    rep.add_argument("--cpu", default=None, help="CPU the runners are pinned to, or 'none'")
    rep.add_argument("--out", help="output folder; must not exist or be empty (default: "
                                   "results/reproduce-DATE-TIME, or results/quick-DATE-TIME)")
    _add_resume(rep)

    cmp = _command(
        sub, "compare", "two results folders case by case: ratios, intervals, verdicts, a gate",
        description="Compare two results folders (two runs, commits, allocators or machines) case "
                    "by case. The runner process is the unit: each case is one estimate per "
                    "runner process (the median of its repetitions). Per case: both sides' "
                    "geometric means, the ratio B/A with its 95% interval (Welch's t on the "
                    "logs), the difference the runs can tell, and a verdict (slower or faster "
                    "when the two-sided p, Holm-adjusted over every case compared, is under "
                    "0.05; same within noise otherwise; too few processes below two a side). "
                    "Cases are matched per allocator; two folders of one allocator each are "
                    "compared with each other.")
    cmp.add_argument("a", metavar="A", help="the baseline results folder")
    cmp.add_argument("b", metavar="B", help="the results folder compared with it")
    cmp.add_argument("--fail-above", type=_positive("fail-above", float), metavar="PCT",
                     help="exit 1 when a case is shown slower than in A by more than PCT percent: "
                          "its one-sided p against 1 + PCT/100, Holm-adjusted over the cases, "
                          "under 0.05 (a regression gate for CI); also when B lacks a case A has")
    cmp.add_argument("--allow-missing", action="store_true",
                     help="with --fail-above: cases A has and B lacks do not fail the gate (B is "
                          "a reduced run on purpose, such as reproduce --quick against a full "
                          "one); they are still counted and named")
    cmp.add_argument("--only", metavar="REGEX",
                     help="compare only the cases whose name matches: the family the verdicts and "
                          "the gate are adjusted over is then these cases, so a few chosen cases "
                          "can tell smaller differences than the whole matrix")
    cmp.add_argument("--out", help="also write compare.csv and plots/compare.svg and .png into "
                                   "this new folder")
    cmp.add_argument("--json", action="store_true",
                     help="print the cases (and the header, the cases one side lacks, the "
                          "verdicts' counts) as JSON instead of the table")

    adv = _command(
        sub, "advise", "your futures' sizes and call rate against a measured folder",
        description="What boxing your futures costs, from a measured folder: per future, the "
                    "overhead of boxing it per call with its 95% interval over runner "
                    "processes (measured, or interpolated linearly in size between the two "
                    "measured sizes around it, the interval widened by how far interpolation "
                    "missed those sizes from their own neighbours: --check shows it), its share "
                    "of one core at --rate, what each way around the box a Rust user can "
                    "choose (stackfuture, ReusableBoxFuture, an arena, native async fn) would "
                    "cost instead where the folder measured it, and the size thresholds of "
                    "tokio, tokio-console and clippy it crosses. Sizes outside the measured ones "
                    "are refused, never extrapolated. A folder kept with its tables only (such "
                    "as results/reference) is read from its summary.csv, and said so.")
    adv.add_argument("futures", metavar="SIZES|FILE", nargs="?",
                     help="future sizes (64,1K,16K), or a file of rustc's -Zprint-type-sizes "
                          "output (RUSTC_BOOTSTRAP=1 rustc -Zprint-type-sizes ...), from which "
                          "the async fn and async block bodies are taken")
    adv.add_argument("--rate", type=_positive("rate", float),
                     help="calls per second (required with sizes)")
    adv.add_argument("--depth", type=_positive("depth", int), default=1,
                     help="async calls per top-level call (default %(default)s)")
    adv.add_argument("--allocator", help="the folder's allocator (default: its first)")
    adv.add_argument("--state", default=roles.WARM, help="allocator state (default %(default)s)")
    adv.add_argument("--pattern", default=roles.PENDING, help="poll pattern (default %(default)s)")
    adv.add_argument("--from", dest="source", metavar="RESULTS_DIR",
                     help="the measured folder (default: the newest in results/)")
    adv.add_argument("--check", action="store_true",
                     help="instead of advice: predict each measured box size from its "
                          "neighbours alone and show whether the measured value falls inside")
    adv.add_argument("--json", action="store_true",
                     help="print the advice per future as JSON instead of in words (box: the "
                          "overhead in ns, its interval and how it was had)")

    plot = _command(sub, "plot", "redraw the plots (and the claims table, where there is "
                                       "one) of a results folder, measuring nothing")
    plot.add_argument("results", metavar="RESULTS_DIR", help="a folder written by run or reproduce")
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
    given = {d: getattr(args, d, None) for d in DIMENSIONS}
    if getattr(args, "full", False):
        if any(v is not None for v in given.values()):
            raise UsageError("--full runs everything: it takes no --mode, --size, --depth, "
                             "--pattern or --state")
        given = {d: "all" for d in DIMENSIONS}
    return given


def cmd_list(args):
    _, cat, units = _suite_units(args, _runner(roles.DEFAULT_ALLOCATOR, args.build_dir))
    if args.json:
        print(json.dumps([{k: getattr(u, k) for k in u.__slots__ if getattr(u, k) is not None}
                          for u in units], indent=1))
    else:
        for u in units:
            print(u.name)
    matrix = [u for u in units if u.suite == roles.MATRIX]
    axes = cat.axes()
    ports = len(units) - len(matrix) - 1
    print("%d units: %d of the matrix, %sthe harness's empty loop (measured with every run); "
          "built sizes %s, depths %s"
          % (len(units), len(matrix), "%d of the ports' suites, " % ports if ports else "",
             ", ".join(human_size(s) for s in axes["size"]), ", ".join(map(str, axes["depth"]))),
          file=sys.stderr)
    return 0


def _version():
    """boxbench's --version: the commit, and the runners built (which, and the build type)."""
    commit = _commit_id()
    build = os.environ.get("BOXBENCH_BUILD_DIR", os.path.join(ROOT, "build"))
    built = [a for a in ALLOCATORS if os.access(os.path.join(build, "bb-run-" + a), os.X_OK)]
    kind = "?"
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            kind = next((l.split("=", 1)[1].strip() for l in f
                         if l.startswith("CMAKE_BUILD_TYPE:")), "?") or "?"
    except OSError:
        pass
    runners = ("runners in %s (%s build): %s" % (_shown(build), kind, ", ".join(built)) if built
               else "no runner built in %s (scripts/setup.sh builds them)" % _shown(build))
    return "boxbench %s; %s" % (commit[:12] if commit else "(not a git checkout)", runners)


def _commit_id():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _suite_units(args, runner):
    """(chosen suites, the runner's catalogue, the units: the matrix's selection and every unit of
    the other suites chosen)."""
    cat = catalogue.of_runner(runner)
    chosen = suites.parse_suites(args.suite, [s for s in cat.suite_names() if s != roles.HARNESS])
    given = _selection(args)
    if roles.MATRIX in chosen:
        units = select(cat, **given)
    else:
        if any(v is not None for v in given.values()):
            raise UsageError("--mode, --size, --depth, --pattern, --state and --full select cases "
                             "of the matrix suite, which --suite %s leaves out" % args.suite)
        units = cat.of_suite(roles.HARNESS)
    for s in chosen:
        if s != roles.MATRIX:
            units += cat.of_suite(s)
    return chosen, cat, units


def _plan(args, runners, cpu):
    """The selection, and the interleaved sets of the ports chosen (the matrix's sets are the
    claims', which reproduce runs)."""
    chosen, cat, units = _suite_units(args, runners[next(iter(runners))])
    picked = [s for s in claims.sets(cat) if s.suite in chosen and s.suite != roles.MATRIX]
    return measure.Plan(runners, cat, units, chosen, repetitions=args.repetitions,
                        min_time=args.min_time, cpu=cpu, set_list=picked, set_time=args.set_time,
                        set_processes=args.set_processes)


def _announce(plan):
    drive.say("%d units x %d repetitions x %d allocator(s), at least %gs each, %s"
              % (len(plan.units), plan.repetitions, len(plan.runners), plan.min_time,
                 "unpinned" if plan.cpu is None else "on CPU %d" % plan.cpu))


def _measure_into(out, plan, extra):
    """Measure the plan into the RunDir out, then write its tables from what it holds; (what was
    measured, the tables, the runners' contexts). A run stopped before any case finished is
    discarded: a runner's failure then as a RunnerFailed, an interrupt as a KeyboardInterrupt."""
    started = time.time()
    extra = dict(extra, commit=_commit_id())
    _announce(plan)
    done = measure.measure(plan, out, started, extra)
    measure.write_run(out, plan, done, started, extra)
    try:
        tables, contexts = summary.write(out.tmp)
    except summary.NothingMeasured:
        if done.failure:
            raise RunnerFailed(done.failure) from None
        if done.partial:
            raise KeyboardInterrupt from None
        raise
    return done, tables, contexts


def show(plan, tables, contexts):
    """The tables on stdout, the warnings on stderr."""
    unavailable = next(iter(contexts.values()), {}).get("bb_perf_unavailable", "")
    if tables.get("summary"):
        print(summary.table(tables["summary"]))
    if tables.get("mitigations"):
        print("\n" + mitigations.table(tables["mitigations"]))
    if tables.get("crossover"):
        print("\n" + mitigations.crossover_table(tables["crossover"]))
    for name, s in suites.SUITES.items():
        if tables.get(name):
            print("\n" + s.table(tables[name]))
    if tables.get("figures"):
        print("\n" + figures.figure_table(tables["figures"]))
    if unavailable:
        print("\nnote: perf counters this machine refused (their columns are empty): %s"
              % unavailable, file=sys.stderr)
    rows = tables.get("summary") or []
    print(summary.noise_warning(rows), file=sys.stderr, end="")
    print(summary.spread_warning(rows, tables.get("figures")), file=sys.stderr, end="")


def cmd_run(args):
    if _resuming(args, ("mode", "size", "depth", "pattern", "state", "full", "allocator",
                        "repetitions", "min_time", "cpu", "suite", "set_time", "set_processes",
                        "out")):
        return _resume(args, "run")
    args.allocator = args.allocator or roles.DEFAULT_ALLOCATOR
    args.suite = args.suite or roles.MATRIX
    for k, v in dict(SETS_RUN, **RUN[bool(args.full)]).items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    runners = _allocators("all" if args.full else args.allocator, args.build_dir)
    plan = _plan(args, runners, _cpu(args.cpu))
    out = RunDir(args.out or default_path(os.path.join(ROOT, "results")))
    return _finish_run(out, plan, {})


def _finish_run(out, plan, extra):
    """Measure into out (new or resumed), write the tables, commit, show them."""
    started = time.time()
    done, tables, contexts = _written(out, lambda: _measure_into(out, plan, extra), "run")
    show(plan, tables, contexts)
    print("\nresults: %s (%.0f s, largest runner %.0f MiB)"
          % (_shown(out.final), time.time() - started,
             resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))
    return _ending(done, out, "run", plan)


def _written(out, work, command):
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
                              "`boxbench %s --resume %s`" % (e, _shown(out.final), command,
                                                              _shown(out.final))) from None
        raise WriteFailed("%s. %s" % (e, "%s is as it was before this resume" % _shown(out.final)
                                      if out.resumed else "nothing was written")) from None
    except BaseException:
        out.discard()
        raise


def _ending(done, out, command, plan):
    """The exit status, and on stderr what made the folder partial and what to do about it."""
    where = _shown(out.final)
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


def _resuming(args, names):
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


def _resume(args, command):
    """`run --resume` and `reproduce --resume`: the folder's plan, checked against this machine
    and build, measured where it is missing."""
    run = resume.load(args.resume, command)
    runners = {a: _runner(a, args.build_dir) for a in run["allocators"]}
    resume.check_identity(args.resume, run, runners)
    cat = catalogue.of_runner(runners[next(iter(runners))])
    plan = resume.plan(run, runners, cat, args.skip_failing)
    try:
        out = RunDir.resume(args.resume)
    except WriteFailed as e:
        raise WriteFailed("%s. %s is as it was" % (e, _shown(args.resume))) from None
    if command == "run":
        return _finish_run(out, plan, {})
    return _finish_reproduce(out, plan, {"quick": run.get("quick", False)})


def cmd_reproduce(args):
    plots.gnuplot()  # Before an hour of measuring, not after.
    if _resuming(args, ("quick", "cpu", "out", "set_processes", "set_time")):
        return _resume(args, "reproduce")
    runners = _allocators(",".join(reproduce.ALLOCATORS), args.build_dir)
    first = runners[next(iter(runners))]
    plan = reproduce.plan(runners, catalogue.of_runner(first), _cpu(args.cpu), args.quick,
                          args.set_processes, args.set_time)
    out = RunDir(args.out or default_path(os.path.join(ROOT, "results"),
                                          "quick" if args.quick else "reproduce"))
    return _finish_reproduce(out, plan, {"quick": args.quick})


def _finish_reproduce(out, plan, extra):
    started = time.time()

    def work():
        done, tables, contexts = _measure_into(out, plan, extra)
        described = machine.describe(contexts, _commit_id(), plan.cat.perf_events("hardware"))
        out.write("machine.json", json.dumps(described, indent=1) + "\n")
        rows, _ = reproduce.report(out.tmp, name=os.path.basename(out.final))
        return done, tables, rows

    done, tables, rows = _written(out, work, "reproduce")
    print(reproduce.claims_table(rows))
    print(summary.spread_warning(tables.get("summary"), tables.get("figures")), file=sys.stderr,
          end="")
    print("\nreport: %s/claims.md, plots in %s/plots (%.0f s)"
          % (_shown(out.final), _shown(out.final), time.time() - started))
    return _ending(done, out, "reproduce", plan)


def cmd_compare(args):
    c = comparing.Comparison(args.a, args.b, args.only)
    failed = c.gate(args.fail_above) if args.fail_above is not None else []
    if args.out:
        out = RunDir(args.out)
        try:
            out.write("compare.csv", tables_to_csv("compare", c.rows))
            plots.draw_compare(os.path.dirname(out.path("plots", "compare.svg")), c.header, c.rows)
            out.commit()
        except BaseException:
            out.discard()
            raise
    counts = collections.Counter(r["verdict"] for r in c.rows)
    if args.json:
        print(json.dumps({"header": c.header, "cases": c.rows, "only_a": c.only_a,
                          "only_b": c.only_b, "verdicts": counts}, indent=1))
    else:
        print(comparing.table(c.header, c.rows))
        print("\n%d cases: %s" % (len(c.rows), ", ".join("%d %s" % (n, v)
                                                          for v, n in sorted(counts.items()))))
    if args.fail_above is None:
        return 0
    for r in failed:
        print("boxbench: regression: %s (%s) is %.1f%% slower (95%%: %.1f%% .. %.1f%%; p against "
              "+%g%%, Holm over the cases: %.3g)"
              % (r["case"], r["allocator"], 100 * (r["ratio"] - 1), 100 * (r["low"] - 1),
                 100 * (r["high"] - 1), args.fail_above, r["p_gate"]), file=sys.stderr)
    missing = c.only_a if not args.allow_missing else []
    if missing:
        print("boxbench: B lacks %d case(s) that A has, so the gate cannot pass them: %s%s (give "
              "--allow-missing if B is reduced on purpose)"
              % (len(missing), ", ".join(missing[:5]), ", ..." if len(missing) > 5 else ""),
              file=sys.stderr)
    if not failed and not missing:
        print("gate: no case shown slower than A by more than %g%%" % args.fail_above,
              file=sys.stderr if args.json else sys.stdout)
    return 1 if failed or missing else 0


def cmd_advise(args):
    if args.check == (args.futures is not None):
        raise UsageError("advise takes future sizes (with --rate) or --check: one of the two")
    if args.futures is not None and args.rate is None:
        raise UsageError("advise needs --rate, the calls per second")
    futures = advising.futures_of(args.futures) if args.futures else None
    folder = args.source or advising.latest(os.path.join(ROOT, "results"))
    try:
        cat = catalogue.of_runner(_runner(roles.DEFAULT_ALLOCATOR, args.build_dir))
    except UsageError:
        cat = None  # The folder's own catalogue, where it has one, serves.
    measured = advising.Measured(folder, args.allocator, args.state, args.pattern, args.depth, cat)
    if args.check:
        print(advising.check_report(measured))
        return 0
    rows = advising.advise(futures, measured, args.rate)
    if args.json:
        print(json.dumps({"folder": measured.folder, "allocator": measured.allocator,
                          "notes": measured.notes, "futures": advising.as_json(rows)}, indent=1,
                         default=str))
    else:
        print(advising.report(rows, measured, args.rate, args.depth, args.pattern, args.state))
    return 0


def cmd_plot(args):
    try:
        _, made = reproduce.report(args.results, with_claims=False)
    except WriteFailed as e:
        raise WriteFailed("%s. %s is as it was" % (e, args.results)) from None
    print("%d plots in %s" % (len(made), os.path.join(_shown(os.path.abspath(args.results)),
                                                      "plots")))
    return 0


def _warm_selection(args):
    """count's selection: warm cases only (a cold state's cost is in its preparation and the
    memory system, which callgrind does not time)."""
    given = _selection(args)
    given["state"] = None if args.full else roles.WARM
    return given


def cmd_count(args):
    counting.valgrind()
    runners = _allocators(args.allocator, args.build_dir)
    counters = {a: counting.counter_path(args.build_dir, a) for a in runners}
    times = None
    if args.beside:
        path = args.beside
        if os.path.isdir(path):
            path = os.path.join(path, "summary.csv")
        times = counting.run_times(path)
    cat = catalogue.of_runner(runners[next(iter(runners))])
    cases = [u for u in select(cat, **_warm_selection(args)) if u.suite == roles.MATRIX]
    out = RunDir(args.out or default_path(os.path.join(ROOT, "results"), "count"))
    started = time.time()
    try:
        with open(out.path("count.log"), "w") as log:
            counts = counting.count(counters, cases, args.calls, out.path("callgrind"), log)
        # Megabytes of per-function profiles: the totals are kept.
        shutil.rmtree(out.path("callgrind"))
        result = counting.rows(cases, list(runners), counts, times)
        out.write("count.csv", counting.to_csv(result))
        out.write("count.json", json.dumps({
            "command": measure.command_line(), "commit": _commit_id(),
            "valgrind": subprocess.run(["valgrind", "--version"], capture_output=True,
                                       text=True).stdout.strip(),
            "calls": args.calls, "allocators": list(runners),
            "duration_s": round(time.time() - started, 1)}, indent=1) + "\n")
        out.commit()
    except BaseException:
        out.discard()
        raise
    print(counting.table(result))
    print("\nresults: %s (%.0f s)" % (_shown(out.final), time.time() - started))
    return 0


def cmd_profile(args):
    profiling.perf()
    runner = _allocators(args.allocator, args.build_dir)
    if len(runner) != 1:
        raise UsageError("profile takes one allocator, not %s" % args.allocator)
    runner = next(iter(runner.values()))
    cat = catalogue.of_runner(runner)
    case = profiling.find_case(cat.units, args.case)
    cpu = _cpu(args.cpu)
    out = RunDir(args.out or default_path(os.path.join(ROOT, "results"), "profile"))
    print("boxbench: profiling %s (%s, at least %gs per step)" % (case.name, args.allocator,
                                                                  args.min_time), file=sys.stderr)
    try:
        with open(out.path("profile.log"), "w") as log:
            stat, report = profiling.profile(runner, case, profiling.stat_events(cat),
                                             args.min_time, cpu, args.call_graph, out, log)
        out.commit()
    except BaseException:
        out.discard()
        raise
    print(stat.strip())
    print("\n".join(report.splitlines()[:60]))
    print("\nresults: %s (stat.txt, report.txt; perf.data for `perf report -i`)"
          % _shown(out.final))
    return 0


def cmd_layout(args):
    runner = _allocators(args.allocator, args.build_dir)
    if len(runner) != 1:
        raise UsageError("layout takes one allocator, not %s" % args.allocator)
    runner = next(iter(runner.values()))
    case = profiling.find_case(catalogue.of_runner(runner).units, args.case)
    out = RunDir(args.out or default_path(os.path.join(ROOT, "results"), "layout"))
    started = time.time()
    try:
        say = lambda text: print("boxbench: layout %s: %s" % (case.name, text), file=sys.stderr,
                                 flush=True)
        rows, sweep = layout.measure(runner, case, _cpu(args.cpu), args.processes, args.min_time,
                                     say)
        out.write("layout.json", json.dumps({
            "command": measure.command_line(), "commit": _commit_id(), "case": case.name,
            "allocator": args.allocator, "modes": rows,
            "stack_sweep": [{"pad_bytes": p, "ns": v, "ns_4096_further": w} for p, v, w in sweep],
            "verdict": layout.verdict(rows), "duration_s": round(time.time() - started, 1)},
            indent=1) + "\n")
        out.commit()
    except BaseException:
        out.discard()
        raise
    lines = [("mode", "processes", "median ns", "min .. max", "cv between", "cv within")]
    lines += [(m, "%d" % r["processes"], "%.2f" % r["median_ns"],
               "%.2f .. %.2f" % (r["min_ns"], r["max_ns"]), "%.1f%%" % (100 * r["process_cv"]),
               "%.1f%%" % (100 * r["within_cv"])) for m, r in rows.items()]
    print(format_table("%s (%s): runner processes with the layout random (ASLR), fixed (ASLR off), "
                       "and the stack alone moved (over a 4 KiB page, and again 4 KiB further)"
                       % (case.name, args.allocator), lines,
                       {1, 2, 3, 4, 5}))
    print("\nstack moved by (bytes): ns, and ns with 4096 bytes more: " + ", ".join(
        "%d: %.2f %.2f" % (p, v, w) for p, v, w in sweep))
    print("\n" + layout.verdict(rows))
    print("\nresults: %s" % _shown(out.final))
    return 0


def _shown(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def _terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM ends a run as Ctrl-C does: what was measured is kept.


def main(argv=None):
    signal.signal(signal.SIGTERM, _terminate)
    argv = sys.argv[1:] if argv is None else argv
    args = parser(describe=any(a in ("-h", "--help") for a in argv)).parse_args(argv)
    drive.set_quiet(args.quiet)
    try:
        return {"list": cmd_list, "run": cmd_run, "count": cmd_count, "profile": cmd_profile,
                "layout": cmd_layout, "compare": cmd_compare, "advise": cmd_advise,
                "reproduce": cmd_reproduce, "plot": cmd_plot}[args.command](args)
    except UsageError as e:
        print("boxbench: error: %s" % e, file=sys.stderr)
        return 2
    except WriteFailed as e:
        print("boxbench: error: %s" % e, file=sys.stderr)
        return 3
    except RunError as e:
        print("boxbench: run failed, nothing was written: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nboxbench: interrupted before anything was measured: nothing was written",
              file=sys.stderr)
        return 130
