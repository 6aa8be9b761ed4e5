"""The user's selection of the matrix's units (--mode, --size, --depth, --pattern, --state).

Every value a selection may take comes from the runner's catalogue (catalogue.py): nothing here
lists a mode, a size or a state.
"""
import re

from .. import UsageError
from . import roles
from .text import size as size_text

DIMENSIONS = ("mode", "size", "depth", "pattern", "state")


_UNITS = {"": 1, "k": 1024, "ki": 1024, "kib": 1024, "kb": 1024,
          "m": 1 << 20, "mi": 1 << 20, "mib": 1 << 20, "mb": 1 << 20, "b": 1}


def parse_size(text):
    m = re.fullmatch(r"\s*(\d+)\s*([a-zA-Z]*)\s*", text)
    if m is None or m.group(2).lower() not in _UNITS:
        raise UsageError("size %r is not a size (examples: 64, 4K, 16KiB)" % text)
    return int(m.group(1)) * _UNITS[m.group(2).lower()]


def _split(text):
    return [t for t in (s.strip() for s in text.split(",")) if t]


def parse_values(dim, text, built):
    """A comma-separated list for one dimension; "all"; depths also as ranges "1-8". Every value
    must be built, else a UsageError that names it and lists what is."""
    if text.strip() == "all":
        return list(built)
    values = []
    for item in _split(text):
        if dim in ("mode", "pattern", "state"):
            if item not in built:
                raise UsageError("unknown %s %r; built %ss: %s"
                                 % (dim, item, dim, ", ".join(built)))
            values.append(item)
        elif dim == "size":
            n = parse_size(item)
            if n not in built:
                raise UsageError("size %s is not built; built sizes: %s"
                                 % (item, ", ".join(size_text(s) for s in built)))
            values.append(n)
        else:
            values.extend(_parse_depths(item, built))
    if not values:
        raise UsageError("--%s needs at least one value" % dim)
    return sorted(set(values), key=list(built).index)


def _parse_depths(item, built):
    m = re.fullmatch(r"(-?\d+)(?:-(\d+))?", item)
    if m is None:
        raise UsageError("depth %r is not a number or a range such as 1-8" % item)
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    if lo < 1:
        raise UsageError("depth must be at least 1 (got %s): depth counts the async calls per "
                         "top-level call" % item)
    if hi < lo:
        raise UsageError("depth range %r runs backwards" % item)
    inside = [d for d in built if lo <= d <= hi]
    if not inside or (m.group(2) is None and lo not in built):
        raise UsageError("depth %s is not built; built depths: %s"
                         % (item, ", ".join(map(str, built))))
    return inside


def parse_langs(text, cat):
    """The languages a --lang list names: c (the emulation), rust (bench/rust, where built)."""
    built = [roles.C] + ([roles.RUST] if cat.rust() else [])
    names = [s.strip() for s in (text or roles.C).split(",") if s.strip()]
    for n in names:
        if n not in built:
            raise UsageError("unknown or unbuilt language %r; built: %s%s" % (
                n, ", ".join(built), "" if cat.rust() else " (bench/rust is built where Debian's "
                "cargo-web and librust-async-trait-dev are installed: scripts/setup.sh)"))
    if not names:
        raise UsageError("--lang needs at least one of %s" % ", ".join(built))
    return names


def select(cat, baseline=True, langs=(roles.C,), **given):
    """The units a run measures, from {dimension: text or None}: the matrix's selected units, and
    the harness's own; with rust in langs, the Rust counterparts of those selected (bench/rust:
    warm), and of their baselines.

    A dimension not given takes every built value, except depth, which stays at 1, and state, which
    stays warm. With no dimension given at all, the default run also sweeps depth for inline and box
    at 64 B, pending. The matching baseline units are added so every row has its overhead.
    """
    ax = cat.axes()
    want = {d: parse_values(d, given[d], ax[d]) if given.get(d) is not None else None
            for d in DIMENSIONS}
    defaults = {"depth": [1], "state": [roles.WARM]}
    for d in DIMENSIONS:
        if want[d] is None:
            want[d] = [v for v in defaults.get(d, ax[d]) if v in ax[d]]

    def wanted(u):
        return all(getattr(u, d) in want[d] for d in DIMENSIONS)

    def sweep(u):
        return (u.mode in (roles.INLINE, roles.BOX) and u.size == 64 and u.pattern == roles.PENDING
                and u.state == roles.WARM)

    default_run = all(given.get(d) is None for d in DIMENSIONS)
    matrix = cat.matrix()
    chosen = [u for u in matrix if wanted(u) or (default_run and sweep(u))]
    if not chosen:
        raise UsageError("the selection matches no built case")
    if baseline:
        by_key = {u.key(): u for u in matrix}
        keys = {u.key() for u in chosen}
        for u in chosen:
            keys.update(next(([k] for k in baseline_keys(cat, u) if k in by_key), []))
        chosen = [u for u in matrix if u.key() in keys]
    keys = {u.rust_key() for u in chosen}
    rust = [u for u in cat.rust() if u.key() in keys] if roles.RUST in langs else []
    if roles.C not in langs:
        chosen = []
    if not chosen and not rust:
        has = lambda axis, kind: ", ".join(v for v in cat.names(kind)
                                           if v in {getattr(u, axis) for u in cat.rust()})
        raise UsageError("the selection matches no built Rust unit (bench/rust has %s; %s)"
                         % (has("mode", "modes"), has("state", "states")))
    return cat.of_suite(roles.HARNESS) + chosen + rust


def baseline_keys(cat, unit):
    """The baseline units this one's overhead is measured against, best first: the same state,
    else warm (cross-thread has no baseline unit: nothing is handed over)."""
    if not cat.has_baseline(unit):
        return []
    return [unit.key(mode=cat.baseline_mode), unit.key(mode=cat.baseline_mode, state=roles.WARM)]
