"""boxbench: what does boxing an async call cost on this machine?"""
import argparse
import os
import signal
import sys

from .. import Kept, UsageError, WriteFailed
from ..measuring import drive
from ..measuring.drive import RunError
from . import (cmd_advise, cmd_compare, cmd_count, cmd_crosscheck, cmd_history, cmd_layout,
               cmd_list, cmd_plot, cmd_profile, cmd_reproduce, cmd_run, cmd_shape, common)


# The commands in the order --help lists them: each adds its parser and runs its arguments.
COMMANDS = {"list": cmd_list, "run": cmd_run, "count": cmd_count, "profile": cmd_profile,
            "layout": cmd_layout, "reproduce": cmd_reproduce, "compare": cmd_compare,
            "advise": cmd_advise, "shape": cmd_shape, "plot": cmd_plot,
            "crosscheck": cmd_crosscheck, "history": cmd_history}


def parser(describe=True):
    """The argument parser; with describe, `list --help` lists the built modes, patterns, states
    and suites (which asks the runner for its catalogue)."""
    ap = argparse.ArgumentParser(prog="boxbench", description=__doc__,
                                 epilog="Each command's --help says what it does, its options and "
                                        "its exit statuses.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=common.version())
    ap.add_argument("--quiet", "-q", action="store_true",
                    help="no progress and no running commentary on stderr (warnings, errors and "
                         "the results stay)")
    ap.add_argument("--build-dir", default=os.environ.get("BOXBENCH_BUILD_DIR",
                                                          os.path.join(common.ROOT, "build")),
                    help="where the runners are built (default: build/ in the repository)")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    for m in COMMANDS.values():
        m.add(sub, describe)
    return ap


def _terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM ends a run as Ctrl-C does: what was measured is kept.


def main(argv=None):
    signal.signal(signal.SIGTERM, _terminate)
    argv = sys.argv[1:] if argv is None else argv
    args = parser(describe=any(a in ("-h", "--help") for a in argv)).parse_args(argv)
    drive.set_quiet(args.quiet)
    try:
        return COMMANDS[args.command].run(args)
    except UsageError as e:
        print("boxbench: error: %s" % e, file=sys.stderr)
        return 2
    except WriteFailed as e:
        print("boxbench: error: %s" % e, file=sys.stderr)
        return 3
    except Kept as e:
        print("boxbench: %s" % e, file=sys.stderr)
        return e.status
    except RunError as e:
        print("boxbench: run failed, nothing was written: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nboxbench: interrupted before anything was measured: nothing was written",
              file=sys.stderr)
        return 130
