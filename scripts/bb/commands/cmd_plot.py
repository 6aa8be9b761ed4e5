"""`boxbench plot`: redraw a folder's plots and report."""
import os

from .. import WriteFailed
from . import cmd_history, common, reproduce


def add(sub, describe):
    """plot's options."""
    plot = common.command(sub, "plot", "redraw the plots (and the claims table, where there is "
                          "one) of a results folder, measuring nothing")
    plot.add_argument("results", metavar="RESULTS_DIR", help="a folder written by run or reproduce")
    cmd_history.add_options(plot, "whose runs of the folder's machine the report's history "
                                  "section draws")


def run(args):
    try:
        _, made = reproduce.report(args.results, with_claims=False,
                                   store=cmd_history.store_path(args))
    except WriteFailed as e:
        raise WriteFailed("%s. %s is as it was" % (e, args.results)) from None
    print("%d plots in %s" % (len(made), os.path.join(common.shown(os.path.abspath(args.results)),
                                                      "plots")))
    return 0
