"""`boxbench compare`: two results folders case by case."""
import argparse
import collections
import json
import os
import sys

from .. import UsageError
from ..analysis import against_history, compare as comparing
from ..folder import history
from ..folder.rundir import RunDir
from ..model.tables import to_csv as tables_to_csv
from ..output import plots, terminal
from . import cmd_history, common


def add(sub, describe):
    """compare's options."""
    cmp = common.command(
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
    cmp.add_argument("a", metavar="A", help="the baseline results folder (or, with --baseline "
                                            "history, B alone)")
    cmp.add_argument("b", metavar="B", nargs="?", help="the results folder compared with it")
    cmp.add_argument("--baseline", choices=("folder", "history"), default="folder",
                     help="history: compare the one folder given with the history store's last "
                          "--last runs of its machine key and toolchain, each case against the "
                          "95%% prediction interval they give for one more run (the store: "
                          "--history, else $BOXBENCH_HISTORY, else results/history.sqlite)")
    cmp.add_argument("--last", type=common.at_least("last", against_history.MIN_RUNS),
                     default=against_history.LAST, metavar="K",
                     help="with --baseline history: the runs it takes (default %(default)s)")
    cmp.add_argument("--history", metavar="PATH", help=argparse.SUPPRESS)
    cmp.add_argument("--fail-above", type=common.positive("fail-above", float), metavar="PCT",
                     help="exit 1 when a case is shown slower than in A by more than PCT percent: "
                          "its one-sided p against 1 + PCT/100, Holm-adjusted over the cases, "
                          "under 0.05 (a regression gate for CI); also when B lacks a case A has. "
                          "Exit 3, judging nothing, when the machine moved between A and B: a "
                          "control (the harness's empty loop, spin, indirect call, malloc and "
                          "free, syscall, which no code change moves) has its 95%% interval wholly "
                          "beyond +-PCT/2 percent; rerun A and B on a machine that holds")
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


def against(args):
    """--baseline history: the one folder given against the store's last runs."""
    if args.b is not None:
        raise UsageError("--baseline history compares one folder with the store, not two (%s, %s)"
                         % (args.a, args.b))
    path = cmd_history.store_path(args) or cmd_history.DEFAULT
    conn = history.open_store(path, create=False)
    try:
        header, rows = against_history.compare(conn, args.a, args.last)
    finally:
        conn.close()
    if args.json:
        print(json.dumps({"header": header, "cases": rows}, indent=1))
    else:
        print(terminal.against_history(header, rows))
    if args.fail_above is None:
        return 0
    shifted = against_history.moved(rows, args.fail_above)
    if shifted:
        print("boxbench: the gate judges nothing: the machine moved against the history's runs "
              "(%s); a regression cannot be told from the machine (exit 3)" % ", ".join(
                  "%s (%s) %.2fx" % (r["case"], r["allocator"], r["ratio"]) for r in shifted),
              file=sys.stderr)
        return 3
    failed = against_history.gate(rows, args.fail_above)
    for r in failed:
        print("boxbench: regression: %s (%s) is %.1f%% slower than the history's runs (their 95%% "
              "prediction interval ends at %+.1f%%)" % (r["case"], r["allocator"],
                                                        100 * (r["ratio"] - 1),
                                                        100 * (r["high"] - 1)), file=sys.stderr)
    if not failed:
        print("gate: no case slower than the history's runs by more than %g%%" % args.fail_above,
              file=sys.stderr if args.json else sys.stdout)
    return 1 if failed else 0


def run(args):
    if getattr(args, "baseline", "folder") == "history":
        return against(args)
    if args.b is None:
        raise UsageError("compare needs two folders, A and B (or --baseline history and one)")
    c = comparing.Comparison(args.a, args.b, args.only)
    failed = c.gate(args.fail_above) if args.fail_above is not None else []
    if args.out:
        with RunDir(args.out) as out:
            out.write("compare.csv", tables_to_csv("compare", c.rows))
            plots.draw_compare(os.path.dirname(out.path("plots", "compare.svg")), c.header, c.rows)
    counts = collections.Counter(r["verdict"] for r in c.rows)
    tolerance = comparing.TOLERANCE_PCT if args.fail_above is None else args.fail_above / 2
    machine = c.machine_words(tolerance)
    if args.json:
        shown = lambda rows: [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
        print(json.dumps({"header": c.header, "cases": shown(c.rows),
                          "controls": shown(c.controls), "machine": machine,
                          "machine_moved": bool(c.moved(tolerance)), "only_a": c.only_a,
                          "only_b": c.only_b, "verdicts": counts}, indent=1))
    else:
        print(terminal.compare(c.header, c.rows))
        print("\n%d cases: %s" % (len(c.rows), ", ".join("%d %s" % (n, v)
                                                          for v, n in sorted(counts.items()))))
        if c.controls:
            print("\n" + terminal.compare(["The controls (operations no code change moves), "
                                          "apart from the cases"], c.controls))
        print("\n" + machine)
    if args.fail_above is None:
        return 0
    if c.moved(tolerance):
        print("boxbench: the gate judges nothing: %s; a regression cannot be told from the "
              "machine (exit 3)" % machine, file=sys.stderr)
        return 3
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
