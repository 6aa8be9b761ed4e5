"""What a run measured of the claims' figures: each figure's value per runner process (the tables'
figure_processes), looked up by the Figure object a claim rests on, never by its name, and turned
into an estimate with its 95% interval over the processes.

An estimate is {value, low, high, processes, modes}: modes is [(centre, count, layouts), ...] where
the processes' values split in two (stats.modes), with the code layouts each mode's processes ran
in, so a split that follows the layouts is told from one that does not; else None.
"""
import collections
import math
import statistics

from ...model import figures, roles, stats
from ..summary import processes_of


def estimate(values, a=1.0, b=0.0, layouts=None):
    """The estimate of a * x + b over the processes' values x (layouts: each one's code layout, or
    None); None below two processes."""
    if len(values) < 2:
        return None
    mean, low, high = stats.t_interval(values)
    lo, hi = sorted((a * low + b, a * high + b))
    m = stats.modes(values)
    if m:
        cut = (m[0][0] + m[1][0]) / 2
        side = lambda low_side: sorted({l for v, l in zip(values, layouts or ()) if l is not None
                                        and (v <= cut) == low_side})
        m = [(a * c + b, n, side(k == 0)) for k, (c, n) in enumerate(m)]
    return {"value": a * mean + b, "low": lo, "high": hi, "processes": len(values), "modes": m}


def difference(x, y):
    """mean(y) - mean(x) of two groups of independent processes' values, with Welch's 95%
    interval (in the values' own units); None below two processes a side."""
    if len(x) < 2 or len(y) < 2:
        return None
    w = stats.Welch(*((statistics.fmean(v), statistics.variance(v), len(v)) for v in (x, y)))
    half = stats.t975(w.df) * w.se
    return {"value": w.diff, "low": w.diff - half, "high": w.diff + half,
            "processes": len(x) + len(y), "modes": None}


def summary_estimate(row, run):
    """An estimate from a matrix row of summary.csv (a case outside the interleaved sets): its
    median, the spread of its processes' medians (process_cv) and their number (repetitions over
    those each process ran), as a t-interval; None without two processes."""
    if row is None or row.get("process_cv") is None:
        return None
    k = processes_of(row, run)
    if k < 2:
        return None
    m = row["ns_per_call"]
    half = stats.t975(k - 1) * row["process_cv"] * m / math.sqrt(k)
    return {"value": m, "low": m - half, "high": m + half, "processes": k, "modes": None}


def share(e, whole):
    """An estimate as a percentage of a fixed duration."""
    return dict(e, value=100 * e["value"] / whole, low=100 * e["low"] / whole,
                high=100 * e["high"] / whole, modes=None)


class Got:
    """The figures' per-process values of one run's tables (t), by set, allocator and figure."""

    def __init__(self, t):
        self.t = t
        self._by = collections.defaultdict(dict)  # (set, allocator) -> {process: {name: value}}
        self._layout = {}  # (set, allocator, process) -> layout
        for r in t.get("figure_processes") or ():
            key = (r["set"], r["allocator"])
            self._by[key].setdefault(r["process"], {})[r["figure"]] = r["value"]
            self._layout[key + (r["process"],)] = r.get("layout")

    def allocators(self, figure):
        """The allocators the figure's set ran on, in the run's order."""
        return [a for s, a in self._by if s == figure.set]

    def head(self, figure):
        """The allocator a claim reads the figure on by default: glibc where measured (Rust's
        default on Linux, the published figures' own), else the set's first."""
        found = self.allocators(figure)
        return roles.DEFAULT_ALLOCATOR if roles.DEFAULT_ALLOCATOR in found else \
            (found or [None])[0]

    def values(self, figs, allocator=None, combine=statistics.median):
        """([per process, combine of these figures' values], [each one's layout]): a process
        lacking one of them is left out; the figures are of one set."""
        figs = list(figs)
        if not figs:
            return [], []
        a = allocator if allocator is not None else self.head(figs[0])
        procs = self._by.get((figs[0].set, a), {})
        names = [f.name for f in figs]
        kept = [(p, got) for p, got in sorted(procs.items()) if all(n in got for n in names)]
        return ([combine([got[n] for n in names]) for _, got in kept],
                [self._layout.get((figs[0].set, a, p)) for p, _ in kept])

    def median(self, figs, allocator=None):
        """The estimate of the per-process median of several figures (C1's sizes and patterns)."""
        values, layouts = self.values(figs, allocator)
        return estimate(values, layouts=layouts)

    def __call__(self, figure, allocator=None, a=1.0, b=0.0):
        """One figure's estimate, as a * x + b."""
        values, layouts = self.values([figure], allocator, lambda v: v[0])
        return estimate(values, a, b, layouts)

    def pct(self, figure, allocator=None):
        """A ratio figure as a percentage difference, 100 (r - 1)."""
        return self(figure, allocator, 100.0, -100.0)

    def each(self, figure, allocator=None):
        """The figure's per-process values alone."""
        return self.values([figure], allocator, lambda v: v[0])[0]

    def labels(self, name, kind):
        """The labels of the sets of one kind (figures.kind) that hold a figure of this name (the
        original event loop's sets name their figures as the port's)."""
        return sorted({s for (s, _), procs in self._by.items() if figures.kind(s) == kind
                       and any(name in got for got in procs.values())})
