"""`boxbench history`: the runs a store keeps, each figure's series with its steps and drifts, the
machines, pooled figures; `history add` back-fills folders, `history merge` combines stores."""
import json
import os
import re
import sqlite3
import sys

from .. import UsageError
from ..analysis import runrecord, trends_of
from ..folder import history, results
from ..folder.rundir import RunDir
from ..output import plots, terminal
from . import common

DEFAULT = os.path.join(common.ROOT, "results", "history.sqlite")


def store_path(args):
    """The store a command adds to (None: --no-history): --history, else $BOXBENCH_HISTORY (empty:
    none), else results/history.sqlite."""
    if getattr(args, "no_history", False):
        return None
    if getattr(args, "history", None):
        return args.history
    env = os.environ.get("BOXBENCH_HISTORY")
    if env is not None:
        return env or None
    return DEFAULT


def add_options(p, what="the committed folder is added to (and whose runs of this machine "
                         "the report's history section draws)"):
    """--history and --no-history, for the commands that add their folder when committed (and
    plot, which draws the report's history section from the store)."""
    p.add_argument("--history", metavar="PATH",
                   help="the history store %s (default: $BOXBENCH_HISTORY, else "
                        "results/history.sqlite)" % what)
    p.add_argument("--no-history", action="store_true", help="use no history store")


def record_committed(args, folder):
    """Add a just-committed folder to the store, saying so on stderr; a store that refuses it
    costs the folder nothing (the folder stays, the warning says why)."""
    path = store_path(args)
    if path is None:
        return
    try:
        conn = history.open_store(path)
        try:
            _, new = history.add(conn, runrecord.of_folder(folder))
        finally:
            conn.close()
    except (UsageError, sqlite3.Error, OSError) as e:  # A locked, full or unwritable store.
        print("boxbench: warning: the results are kept, but not added to the history store "
              "(`boxbench history add %s` adds them later): %s" % (common.shown(folder), e),
              file=sys.stderr)
        return
    if not args.quiet:
        print("boxbench: %s %s" % ("added to" if new else "already in", path), file=sys.stderr)


def print_pooled(args, folder):
    """reproduce --pool: the claims judged on this folder's machine's runs pooled."""
    path = store_path(args)
    if path is None or not os.path.exists(path):
        print("boxbench: --pool: no history store (%s) to pool runs from" % (path or "none"),
              file=sys.stderr)
        return
    m = os.path.join(folder, "machine.json")
    key = runrecord.machine_row(results.read_json(m) if os.path.exists(m) else None)[0]
    conn = history.open_store(path, create=False)
    try:
        rows = trends_of.pooled_claims(conn, key)
    finally:
        conn.close()
    print("\n" + terminal.pooled_claims(rows))


def add(sub, describe):
    h = common.command(
        sub, "history", "the history store: figures over runs, steps and drifts, machines",
        description="The history store (SQLite): every run, reproduce and crosscheck adds its "
                    "folder when committed (--history, --no-history). Without an action, print "
                    "each figure's series per machine (the runs oldest first, the newest values) "
                    "with the steps and drifts found in it: a two-sided rank test around a split "
                    "located by search (Bonferroni over the splits), a Theil-Sen slope tested by "
                    "Mann-Kendall, whichever explains the series better, Benjamini-Hochberg at "
                    "5% over the family; each step attributed to what changed at it (commit, "
                    "toolchain). A family whose findings all point one way is flagged.")
    h.add_argument("action", nargs="?", default="show",
                   choices=("show", "add", "machines", "merge", "pool"),
                   help="show (default); add FOLDER...: back-fill folders; machines: the machines "
                        "and each claim's verdicts on them; merge STORE...: add other stores' "
                        "runs; pool: each figure pooled over a machine's runs (random effects)")
    h.add_argument("paths", nargs="*", metavar="PATH", help="add's folders, merge's stores")
    h.add_argument("--history", metavar="PATH", help="the store (default: $BOXBENCH_HISTORY, "
                                                     "else results/history.sqlite)")
    h.add_argument("--figure", metavar="REGEX", help="only the figures whose name matches")
    h.add_argument("--machine", metavar="KEY", help="only this machine key (or a prefix of it)")
    h.add_argument("--since", metavar="DATE", help="only runs started on or after DATE (ISO)")
    h.add_argument("--json", action="store_true", help="print JSON instead of the tables")
    h.add_argument("--plot", metavar="DIR",
                   help="show: also draw each figure's series (its runs with their intervals, a "
                        "step or drift found in it marked; at most %d, those with a finding "
                        "first) as SVG and PNG into this new folder" % plots.HISTORY_MOST)


def _store(args, create):
    """The store a history command reads or adds to: as store_path, and never none."""
    path = store_path(args) or DEFAULT
    return path, history.open_store(path, create=create)


def run(args):
    if args.action in ("add", "merge") and not args.paths:
        raise UsageError("history %s needs at least one %s" % (
            args.action, "folder" if args.action == "add" else "store"))
    if args.plot and args.action != "show":
        raise UsageError("--plot goes with history show, not %s" % args.action)
    if args.action not in ("add", "merge") and args.paths:
        raise UsageError("history %s takes no paths (%s)" % (args.action, " ".join(args.paths)))
    if args.figure:
        try:
            re.compile(args.figure)
        except re.error as e:
            raise UsageError("--figure %r is not a regular expression: %s" % (args.figure, e))
    path, conn = _store(args, create=args.action in ("add", "merge"))
    try:
        if args.action == "add":
            records = [runrecord.of_folder(f) for f in args.paths]  # All read before any is added.
            for folder, record in zip(args.paths, records):
                _, new = history.add(conn, record)
                print("%s: %s" % (folder, "added" if new else "already in the store"))
            return 0
        if args.action == "merge":
            for other in args.paths:
                if os.path.abspath(other) == os.path.abspath(path):
                    raise UsageError("%s is the store itself" % other)
                print("%s: %d run(s) added" % (other, history.merge(conn, other)))
            return 0
        view = trends_of.view(conn, args.action, args.figure, args.machine, args.since)
    finally:
        conn.close()
    if args.plot:
        with RunDir(args.plot) as out:
            made = plots.draw_history(out.tmp, view)
    if args.json:
        print(json.dumps(view, indent=1, default=str))
    else:
        print(terminal.history(args.action, view))
    if args.plot:
        print("%d plots in %s" % (len([m for m in made if m.endswith(".svg")]),
                                  common.shown(args.plot)), file=sys.stderr)
    return 0
