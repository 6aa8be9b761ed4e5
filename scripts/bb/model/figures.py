"""Every measured figure: the interleaved sets the claims' figures are measured with, the
figure arithmetic, and each figure's estimate per runner process with its interval over them.

A set is a few units run in turn in one runner process (--bb_interleave), round after round, in
several processes: each process has its own address-space layout, which can move a figure by more
than the process's own noise, so a figure's estimate is one value per process and its interval is
taken over the processes (set_figures). A figure is a linear combination of the units' ns per unit
in one round, optionally over one unit's ns (a ratio), times a scale:

    value = scale * sum(coef * ns[unit]) / ns[over]    (over: None for a plain combination)

so a difference (box - inline), a difference of differences (one more vtable poll minus one more
direct poll), a ratio (box+syscalls / nonbox+syscalls) or one unit alone are all one shape. The
`reproduce --quick` and the full plan run the same sets with the same units and rounds; they
differ only in how many processes and how long each.

Units are found in the runner's catalogue by their coordinates; the per-unit constants a scale
needs (requests per iteration, boxes per call) come from it too.
"""
import collections
import os

from .. import UsageError
from . import catalogue, roles

FIDELITY = "fidelity"
ORIGINAL = "original"  # The sets of the original event loop's figures (measuring/original.py).
RUST = roles.RUST  # The set of the claims' figures in real Rust.
# C2's in the Rust trees: apart from the C trees, whose figure their allocations moved when they
# shared its rounds (the C boxed tree of fan-out 1 went from 340-440 ns per call to 360-3800 ns
# across processes).
RUST_TREE = "rust-tree"
RUST_PREFIX = roles.RUST + ":"  # A figure's Rust twin: its figure of the Rust units, so named.

Figure = collections.namedtuple("Figure", "set name terms over scale")
Set = collections.namedtuple("Set", "label suite allocators round_ms share processes units "
                                   "figures")
HEAD = "head"  # A set's allocators: the first runner (glibc, Rust's default on Linux).
EVERY = "every"  # A set's allocators: every runner of the run.
SMALL = (16, 64, 256)  # The sizes "a small future" means in the claims (C1, C9, C10).

# The kinds of set: (suite, allocators, ms per unit per round, each process's share of the time
# the plan gives a process, the share of the plan's processes it runs, at least two).
# A claim names the set of each figure it rests on (analysis/claims/); a set's units are its
# figures'.
# A set's label is its kind, or its kind and a part after a dot ("fidelity.box.depth8"): a label
# names files (raw/<allocator>/set-<label>-<process>.jsonl).
SETS = {
    "small": (roles.MATRIX, (HEAD,), 2, 1, 1),
    # C11's source ran on both allocators.
    "chain": (roles.MATRIX, (roles.DEFAULT_ALLOCATOR, roles.JEMALLOC), 2, 1, 1),
    roles.TREE: (roles.TREE, (HEAD,), 5, 1, 1),
    "nosyscalls": (roles.EVENTLOOP, (HEAD,), 20, 1, 1),
    "syscalls": (roles.EVENTLOOP, (HEAD,), 20, 1, 1),
    "wakers": (roles.EVENTLOOP, (HEAD,), 20, 1, 1),
    # The claims' figures in real Rust (bench/rust), beside the C ones, in sets of their own: they
    # are not judged, so 30% of a claim's set's time.
    RUST: (roles.MATRIX, (HEAD,), 2, 0.3, 1),
    RUST_TREE: (roles.TREE, (HEAD,), 5, 0.3, 1),
    # C12's crate table: one small call in each way, C and Rust, on every allocator; read to 2x,
    # so 30% of a claim's set's time.
    "crates": (roles.MATRIX, (EVERY,), 2, 0.3, 1),
    # The original event loop's figures (`reproduce --original`), a set per pair of variants
    # (its driver interleaves two), each in 3 of 8 processes of the plan.
    ORIGINAL: (roles.EVENTLOOP, (HEAD,), 20, 1, 0.375),
    # C / Rust, each C unit of the matrix over its Rust counterpart: a set per mode and depth (a
    # runner interleaves at most catalogue.UNITS_MAX units). C / Rust is read against 25%, not to
    # a percent, so each set runs half the processes, each for 30% of the time.
    FIDELITY: (roles.MATRIX, (HEAD,), 1, 0.3, 0.5),
}


class Query(tuple):
    """A unit named by its coordinates (hashable, so a figure over queries is a value a claim can
    name before any catalogue is read): bind finds it in the catalogue when the figure is
    measured."""

    def __new__(cls, **coords):
        return super().__new__(cls, sorted(coords.items()))

    def rust(self):
        """The same unit in real Rust (bench/rust): the same coordinates, the Rust language."""
        return Query(**dict(self, lang=roles.RUST))

    def __repr__(self):
        return "Query(%s)" % ", ".join("%s=%r" % kv for kv in self)


def _at(cat, coords):
    """The catalogue's units at these coordinates (the C unit, unless the Rust one is asked)."""
    coords = dict({"lang": roles.C}, **coords)
    return [u for u in cat.units if all(getattr(u, k) == v for k, v in coords.items())]


def find(cat, **coords):
    """The one unit of the catalogue at these coordinates."""
    found = _at(cat, coords)
    if len(found) != 1:
        raise UsageError("the runner's catalogue has %d units at %s, not one: a runner of another "
                         "build?" % (len(found), coords))
    return found[0]


def matrix(mode, size, depth=1, pattern=roles.PENDING):
    """A warm matrix unit."""
    return Query(suite=roles.MATRIX, mode=mode, size=size, depth=depth, pattern=pattern,
                 state=roles.WARM)


def combo(set_label, name, terms, over=None, scale=1.0):
    """A figure from (coefficient, unit) terms, optionally over a unit; a unit is a Query (found
    when the figure is bound), a catalogue unit or a unit's name; scale is a number or a function
    of the catalogue (a per-unit constant such as the requests of an iteration)."""
    ref = lambda u: u.name if hasattr(u, "name") else u
    return Figure(set_label, name, tuple((c, ref(u)) for c, u in terms),
                  ref(over) if over is not None else None, scale)


def diff(set_label, name, a, b, scale=1.0):
    return combo(set_label, name, ((1, a), (-1, b)), scale=scale)


def ratio(set_label, name, a, b):
    return combo(set_label, name, ((1, a),), over=b)


def twin(figure, set_label=RUST):
    """The same figure over the Rust counterparts of its units, named RUST_PREFIX + its name, in
    set_label (bound only where the catalogue has every counterpart: bind's optional)."""
    return figure._replace(set=set_label, name=RUST_PREFIX + figure.name,
                           terms=tuple((k, q.rust()) for k, q in figure.terms),
                           over=figure.over.rust() if figure.over else None)


def twins(figs, set_label=RUST):
    return [twin(f, set_label) for f in figs]


def bind(cat, figure):
    """The figure as a runner measures it: each query the name of its unit in the catalogue and
    the scale a number; None for a Rust twin whose units the catalogue lacks (a runner without
    bench/rust), an error for a C figure's."""
    names = {}
    for q in [u for _, u in figure.terms] + ([figure.over] if figure.over else []):
        if not isinstance(q, Query):
            names[q] = q
            continue
        coords = dict(q)
        if coords.get("lang") == roles.RUST:
            found = _at(cat, coords)
            if len(found) != 1:
                return None
            names[q] = found[0].name
        else:
            names[q] = find(cat, **coords).name
    scale = figure.scale(cat) if callable(figure.scale) else figure.scale
    return figure._replace(terms=tuple((k, names[u]) for k, u in figure.terms),
                           over=names[figure.over] if figure.over else None, scale=scale)


def bound(cat, figs):
    """The figures a catalogue can measure, bound (bind)."""
    return [b for b in (bind(cat, f) for f in figs) if b is not None]


def kind(label):
    """The kind of set (a key of SETS) a set's label names."""
    return label.split(".", 1)[0]


def sets_of(figures):
    """The sets that measure these bound figures (each figure once), in SETS's order: a set's units
    are the units its figures name, in the order first named."""
    by = {}
    for f in figures:
        units, named = by.setdefault(f.set, ([], {}))
        named.setdefault(f.name, f)
        for u in [n for _, n in f.terms] + ([f.over] if f.over else []):
            if u not in units:
                units.append(u)
    order = list(SETS)
    return [Set(label, *SETS[kind(label)], units, list(named.values()))
            for label, (units, named) in sorted(by.items(),
                                                key=lambda kv: order.index(kind(kv[0])))]


def allocators_of(s, runners):
    """The runners a set runs on, of those measured: the first one for HEAD, all for EVERY."""
    first = next(iter(runners))
    if s.allocators == (HEAD,):
        return [first]
    return [a for a in runners if s.allocators == (EVERY,) or a in s.allocators]


def fidelity(cat, units):
    """C / Rust for each of these C matrix units that has a Rust counterpart: one figure each, named
    by the C unit, in a set per mode and depth (split where it would hold more units than a runner
    interleaves)."""
    out, count = [], collections.Counter()
    for c in units:
        r = cat.rust_of(c)
        if r is None:
            continue
        group = "%s.%s.depth%d" % (FIDELITY, c.mode, c.depth)
        part = count[group] // (catalogue.UNITS_MAX // 2)
        count[group] += 1
        out.append(ratio(group + ("" if part == 0 else ".%d" % (part + 1)), c.name, c, r))
    return out


def process_number(path):
    """N of a runner process's file: rep-NN.json (and its chunks and resumptions, rep-NN-C.json,
    rep-NN.rK.json) or set-LABEL-N.jsonl."""
    base = os.path.basename(path)
    if base.startswith("rep-"):
        return int(base[len("rep-"):].split(".")[0].split("-")[0])
    return int(base[:-len(".jsonl")].rsplit("-", 1)[-1])


def layout_of(number, layouts):
    """The code layout (1-based) a run's process number (rep-NN, set-X-NN, from 1) ran in, of the
    build's `layouts`: the processes go round them (measure.py)."""
    return (number - 1) % max(1, layouts or 1) + 1


def processes_of_set(entry, planned):
    """How many processes a set runs of the plan's `planned` (at least two)."""
    return max(2, round(planned * entry.get("processes", 1)))


def entry(s, allocator):
    """A set as run.json keeps it, all the summary needs to compute its figures."""
    return {"set": s.label, "allocator": allocator, "units": list(s.units),
            "round_ms": s.round_ms, "share": s.share, "processes": s.processes,
            "figures": [{"name": f.name, "terms": [list(t) for t in f.terms], "over": f.over,
                         "scale": f.scale} for f in s.figures],
            "files": [], "seconds": 0.0}


def value(figure, ns):
    """A figure's value in one round, ns: {unit: ns per unit}."""
    v = figure["scale"] * sum(c * ns[u] for c, u in figure["terms"])
    return v / ns[figure["over"]] if figure["over"] else v


# A process's figure is the median over its rounds, with a distribution-free interval: a process
# with fewer rounds gives no figure (set_figures) and is not counted as one of a set's processes.
MIN_ROUNDS = 3


def short_words(row):
    """Why a set gave no figure, in words: its processes' rounds against those a process needs."""
    return "the set %s on %s got %s round(s) in its %d process(es), and a process needs %d" % (
        row["set"], row["allocator"], (row["rounds"] or "no").replace(" ", ", "), row["processes"],
        MIN_ROUNDS)


