"""`boxbench list`: the units a selection would run."""
import json
import sys

from ..model import roles, text
from . import common


def add(sub, describe):
    """list's options."""
    ls = common.command(sub, "list", "list the units a selection would run (the harness's empty "
                        "loop and controls, measured with every run, among them)",
                        epilog=common.SELECTION + "\n" +
                        (common.built_values() if describe else "") + "\n")
    common.add_selection(ls)
    common.add_suite(ls)
    ls.add_argument("--json", action="store_true",
                    help="print the units' catalogue entries (coordinates and constants) as a "
                         "JSON array instead of their names")


def run(args):
    _, cat, units = common.suite_units(args, common.runner(roles.DEFAULT_ALLOCATOR, args.build_dir))
    if args.json:
        print(json.dumps([{k: getattr(u, k) for k in u.__slots__ if getattr(u, k) is not None}
                          for u in units], indent=1))
    else:
        for u in units:
            print(u.name)
    matrix = [u for u in units if u.suite == roles.MATRIX]
    harness = [u for u in units if u.suite == roles.HARNESS]
    axes = cat.axes()
    ports = len(units) - len(matrix) - len(harness)
    print("%d units: %d of the matrix, %sthe harness's %d (its empty loop and the machine's "
          "controls, measured with every run); built sizes %s, depths %s"
          % (len(units), len(matrix), "%d of the ports' suites, " % ports if ports else "",
             len(harness),
             ", ".join(text.size(s) for s in axes["size"]), ", ".join(map(str, axes["depth"]))),
          file=sys.stderr)
    return 0
