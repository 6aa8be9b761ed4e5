"""`reproduce --original PATH`: the original event loop (jkarneges/rust-async-bench, a checkout
at PATH) measured in the same run as the port, its figures for C3, C6 and C8 beside the port's.

The original's driver (bench/eventloop/crosscheck/driver.rs, built against the checkout as
`crosscheck` builds it) interleaves two variants round after round and prints the runner's lines,
so each pair of variants is an interleaved set of its own (figures.ORIGINAL), run, resumed and
summarised as any set, on the port's CPU, its figure named as the port's: a verdict the machine
decides (the original and the port agree on it) is told from one the port decides."""
import os

from .. import UsageError
from ..model import figures, roles
from . import crosscheck


def entries(port_figures, cat):
    """The sets of the original's figures, as run.json keeps a set (figures.entry): one per port
    figure given (figures.Figure over the port's event-loop units), the same figure over the
    original's variants of the same names, the pair its driver interleaves."""
    _, _, round_ms, share, processes = figures.SETS[figures.ORIGINAL]
    out = []
    for k, f in enumerate(port_figures):
        variant = lambda unit: cat.by_name[unit].variant
        units = list(dict.fromkeys([variant(u) for _, u in f.terms] +
                                   ([variant(f.over)] if f.over else [])))
        if len(units) != 2:
            raise UsageError("the original's driver interleaves two variants; %s names %d"
                             % (f.name, len(units)))
        out.append({"set": "%s.%d" % (figures.ORIGINAL, k + 1),
                    "allocator": roles.DEFAULT_ALLOCATOR, "units": units, "round_ms": round_ms,
                    "share": share, "processes": processes,
                    "figures": [{"name": f.name, "terms": [[c, variant(u)] for c, u in f.terms],
                                 "over": variant(f.over) if f.over else None,
                                 "scale": f.scale}],
                    "files": [], "seconds": 0.0, "claims": [], "original": True})
    return out


def driver(root, build_dir, checkout, log_path):
    """The original's driver built against the checkout (a UsageError if it is not one); its
    path."""
    path = crosscheck.check_original(checkout)
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "a") as log:
        return crosscheck.build_driver(root, build_dir, path, log)


def command(driver_path, entry, cpu):
    """The driver's command line for one process of an original set, pinned as the runners are."""
    if len(entry["units"]) != 2:
        raise UsageError("an original set interleaves two variants, not %d" % len(entry["units"]))
    pin = [] if cpu is None else ["taskset", "-c", str(cpu)]
    return pin + [driver_path, "interleave"] + entry["units"] + ["%g" % entry["round_ms"]]
