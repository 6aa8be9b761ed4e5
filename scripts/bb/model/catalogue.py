"""The runner's catalogue (`bb-run-* --bb_catalogue`): every unit it built, with its coordinates and
constants, the dimensions' values with their descriptions, the perf events and the allocator.

The C tables are the one source of truth: nothing here lists a mode, a state, an event or a
constant; everything is read from the catalogue, which a results folder keeps beside its raw JSON
(raw/<allocator>/catalogue.json), so a folder is read back without a runner.
"""
import json

from .. import UsageError
from . import roles

COORDINATES = ("mode", "size", "depth", "pattern", "state", "variant", "form", "fanout", "lang")
CONSTANTS = ("requests", "async_calls", "allocs", "syscalls", "future_bytes")
NAMED_LISTS = ("suites", "modes", "patterns", "states", "variants", "forms", "perf_events")


class Unit:
    """One unit of the catalogue; a coordinate or constant that does not apply is None."""
    __slots__ = ("name", "benchmark_name", "suite", "per", "timing", "iterations", "counts") + \
        COORDINATES + CONSTANTS

    def __init__(self, d):
        for k in self.__slots__:
            setattr(self, k, d.get(k))
        self.counts = dict(self.counts or {})
        if self.lang is None:
            self.lang = roles.C  # A catalogue from before the Rust units, or a port: C.

    def key(self, **change):
        """The matrix coordinates (mode, size, depth, pattern, state), some changed; a unit of no
        mode (the harness's) stands in the mode's place by its name, so no two units share one."""
        own = dict((d, getattr(self, d)) for d in COORDINATES[:5])
        if own["mode"] is None:
            own["mode"] = self.name
        return tuple(change.get(d, own[d]) for d in COORDINATES[:5])

    def rust_key(self):
        """The coordinates of the Rust unit this C matrix unit stands beside: its own (the crate
        names each of its modes by its C mode, bench/rust/bb_rust.h)."""
        return self.key()

    def __repr__(self):
        return "Unit(%s)" % self.name


# The runner's naming and limits these scripts rely on (bench/bb_unit.h, bench/bb_flags.h). A
# catalogue publishes the runner's own, and one that says otherwise is refused: the scripts were
# written for another runner. (A catalogue from before they were published holds these.)
RUST_SUFFIX = "/lang:rust"  # A Rust unit's name: its C counterpart's, and this.
UNITS_MAX = 32  # The most units a runner interleaves in one set.
# The build's names for an allocator's runner and instruction counter (CMakeLists.txt's
# bb_add_runner): a folder of them is a build.
RUNNER_PREFIX, COUNTER_PREFIX = "bb-run-", "bb-count-"


def runner_name(allocator):
    return RUNNER_PREFIX + allocator


def counter_name(allocator):
    return COUNTER_PREFIX + allocator


class Catalogue:
    def __init__(self, data, source="the catalogue"):
        if not isinstance(data, dict) or data.get("catalogue") != 1 or \
                not isinstance(data.get("units"), list) or not data["units"]:
            raise UsageError("%s is not a boxbench catalogue (version 1, with units)" % source)
        try:
            self.allocator = dict(data["allocator"])
            self.lists = {k: [(e["name"], e["what"]) for e in data[k]] for k in NAMED_LISTS}
            self.baseline_mode = data["baseline_mode"]
            self.futureless_modes = tuple(data["futureless_modes"])
            # {mode: what a Rust user writes for it}; a catalogue older than the field has none.
            self.rust_choices = dict(data.get("rust_choices", {}))
            self.units = [Unit(u) for u in data["units"]]
        except (KeyError, TypeError, ValueError) as e:
            raise UsageError("%s lacks or mangles a field: %r" % (source, e)) from e
        for u in self.units:
            if not isinstance(u.name, str) or not isinstance(u.benchmark_name, str) or \
                    not isinstance(u.suite, str):
                raise UsageError("%s has a unit without a name, benchmark name or suite" % source)
        published = (data.get("rust_suffix", RUST_SUFFIX),
                     (data.get("limits") or {}).get("interleave_units", UNITS_MAX))
        if published != (RUST_SUFFIX, UNITS_MAX):
            raise UsageError("%s names a Rust unit with %r and interleaves up to %s units, where "
                             "these scripts know %r and %d: a runner of another boxbench"
                             % ((source,) + published + (RUST_SUFFIX, UNITS_MAX)))
        self.data = data
        self.by_name = {u.name: u for u in self.units}
        self.by_benchmark = {u.benchmark_name: u for u in self.units}

    def names(self, listname):
        return [n for n, _ in self.lists[listname]]

    def suite_names(self):
        return self.names("suites")

    def of_suite(self, suite):
        return [u for u in self.units if u.suite == suite]

    def matrix(self):
        """The C matrix: the units the selection picks and every figure is made of."""
        return [u for u in self.of_suite(roles.MATRIX) if u.lang == roles.C]

    def rust(self):
        """The matrix's Rust units (bench/rust), beside their C counterparts."""
        return [u for u in self.of_suite(roles.MATRIX) if u.lang == roles.RUST]

    def rust_of(self, unit):
        """The Rust unit (of the matrix or a port) a C unit stands beside, or None: the same suite
        and coordinates."""
        if not hasattr(self, "_rust_index"):
            self._rust_index = {self._rust_key(u): u for u in self.units if u.lang == roles.RUST}
        return self._rust_index.get(self._rust_key(unit))

    @staticmethod
    def _rust_key(unit):
        return (unit.suite,) + tuple(getattr(unit, k) for k in COORDINATES if k != "lang")

    def perf_events(self, kind=None):
        return [n for n, what in self.lists["perf_events"] if kind is None or what == kind]

    def axes(self):
        """The values each matrix coordinate takes: numbers sorted, names in the tables' order."""
        m = self.matrix()
        ax = {d: list(dict.fromkeys(getattr(u, d) for u in m)) for d in COORDINATES[:5]}
        ax["size"].sort()
        ax["depth"].sort()
        return ax

    def has_baseline(self, unit):
        return unit.suite == roles.MATRIX and unit.mode not in self.futureless_modes

    def to_json(self):
        """The catalogue as JSON, one unit a line (as the runner prints it)."""
        head = {k: v for k, v in self.data.items() if k != "units"}
        lines = [json.dumps(head)[:-1] + ', "units": [']
        lines += [json.dumps(u) + ("," if i + 1 < len(self.data["units"]) else "")
                  for i, u in enumerate(self.data["units"])]
        return "\n".join(lines) + "]}\n"


def parse(text, source="the catalogue"):
    try:
        data = json.loads(text)
    except ValueError as e:
        raise UsageError("%s is not valid JSON: %s" % (source, e)) from e
    return Catalogue(data, source)
