"""The cases a runner has built, and the user's selection of them.

The runner is the one source of truth: its case names
("box/size:64/depth:1/pattern:pending/state:warm", with google-benchmark's "/iterations:200/manual_time"
after a cold state's) come from the C tables, and everything here is parsed from them, never listed
a second time.
"""
import re
import subprocess

from . import UsageError

CASE_RE = re.compile(r"^(?P<mode>[a-z-]+)/size:(?P<size>\d+)/depth:(?P<depth>\d+)"
                     r"/pattern:(?P<pattern>[a-z]+)/state:(?P<state>[a-z-]+)"
                     r"(/iterations:\d+)?(/manual_time)?$")
HARNESS_CASES = ("empty",)  # Cases outside the matrix: the harness's own cost.
DIMENSIONS = ("mode", "size", "depth", "pattern", "state")
NO_FUTURE = ("alloc",)  # Modes that measure the allocator alone: no inline baseline.


class Case:
    __slots__ = ("name",) + DIMENSIONS

    def __init__(self, name, mode, size=None, depth=None, pattern=None, state=None):
        self.name, self.mode, self.size, self.depth = name, mode, size, depth
        self.pattern, self.state = pattern, state

    @classmethod
    def parse(cls, name):
        if name in HARNESS_CASES:
            return cls(name, name)
        m = CASE_RE.match(name)
        if m is None:
            return None
        return cls(name, m["mode"], int(m["size"]), int(m["depth"]), m["pattern"], m["state"])

    def key(self, **change):
        """The case's coordinates, some of them changed: (mode, size, depth, pattern, state)."""
        return tuple(change.get(d, getattr(self, d)) for d in DIMENSIONS)

    def baseline_keys(self):
        """The inline cases this one's overhead is measured against, best first: the same state,
        else warm (cross-thread has no inline case: nothing is handed over)."""
        if self.size is None or self.mode in NO_FUTURE:
            return []
        return [self.key(mode="inline"), self.key(mode="inline", state="warm")]


def built_names(runner):
    """The name of every case the runner registers, the suites' included, in its order."""
    try:
        out = subprocess.run([runner, "--benchmark_list_tests=true"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise UsageError("cannot list the cases of %s: %s" % (runner, e)) from e
    return [line.strip() for line in out.splitlines() if line.strip()]


def built_cases(runner):
    """Every case of the matrix (and the harness's own) the runner registers, in its order."""
    cases = [Case.parse(name) for name in built_names(runner)]
    return [c for c in cases if c is not None]


def axes(cases):
    """The values each dimension takes among the built cases: numbers sorted, names in the order of
    the C tables (the runner registers cases in that order)."""
    matrix = [c for c in cases if c.size is not None]
    ax = {d: list(dict.fromkeys(getattr(c, d) for c in matrix)) for d in DIMENSIONS}
    ax["size"].sort()
    ax["depth"].sort()
    return ax


_UNITS = {"": 1, "k": 1024, "ki": 1024, "kib": 1024, "kb": 1024,
          "m": 1 << 20, "mi": 1 << 20, "mib": 1 << 20, "mb": 1 << 20, "b": 1}


def parse_size(text):
    m = re.fullmatch(r"\s*(\d+)\s*([a-zA-Z]*)\s*", text)
    if m is None or m.group(2).lower() not in _UNITS:
        raise UsageError("size %r is not a size (examples: 64, 4K, 16KiB)" % text)
    return int(m.group(1)) * _UNITS[m.group(2).lower()]


def human_size(n):
    for unit, div in (("MiB", 1 << 20), ("KiB", 1024)):
        if n >= div and n % div == 0:
            return "%d %s" % (n // div, unit)
    return "%d B" % n


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
                raise UsageError("unknown %s %r; built %ss: %s" % (dim, item, dim, ", ".join(built)))
            values.append(item)
        elif dim == "size":
            n = parse_size(item)
            if n not in built:
                raise UsageError("size %s is not built; built sizes: %s"
                                 % (item, ", ".join(human_size(s) for s in built)))
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
        raise UsageError("depth must be at least 1 (got %s): depth counts the async calls per top-level call" % item)
    if hi < lo:
        raise UsageError("depth range %r runs backwards" % item)
    inside = [d for d in built if lo <= d <= hi]
    if not inside or (m.group(2) is None and lo not in built):
        raise UsageError("depth %s is not built; built depths: %s" % (item, ", ".join(map(str, built))))
    return inside


def select(cases, baseline=True, **given):
    """The cases a run measures, from {dimension: text or None}.

    A dimension not given takes every built value, except depth, which stays at 1, and state, which
    stays warm. With no dimension given at all, the default run also sweeps depth for inline and box
    at 64 B, pending. The matching inline cases are added so every row has its overhead, and the
    harness's empty case is always in.
    """
    ax = axes(cases)
    want = {d: parse_values(d, given[d], ax[d]) if given.get(d) is not None else None
            for d in DIMENSIONS}
    defaults = {"depth": [1], "state": ["warm"]}
    for d in DIMENSIONS:
        if want[d] is None:
            want[d] = [v for v in defaults.get(d, ax[d]) if v in ax[d]]

    def wanted(c):
        return all(getattr(c, d) in want[d] for d in DIMENSIONS)

    def sweep(c):
        return (c.mode in ("inline", "box") and c.size == 64 and c.pattern == "pending"
                and c.state == "warm")

    default_run = all(given.get(d) is None for d in DIMENSIONS)
    matrix = [c for c in cases if c.size is not None]
    chosen = [c for c in matrix if wanted(c) or (default_run and sweep(c))]
    if not chosen:
        raise UsageError("the selection matches no built case")
    if baseline:
        by_key = {c.key(): c for c in matrix}
        keys = {c.key() for c in chosen}
        for c in chosen:
            keys.update(next(([k] for k in c.baseline_keys() if k in by_key), []))
        chosen = [c for c in matrix if c.key() in keys]
    return [c for c in cases if c.name in HARNESS_CASES] + chosen
