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
import json
import os
import statistics

from . import UsageError, catalogue, stats

Figure = collections.namedtuple("Figure", "name terms over scale")
Set = collections.namedtuple("Set", "label suite allocators round_ms units figures")
HEAD = "head"  # A set's allocators: the first runner (glibc, Rust's default on Linux) ...
SMALL = (16, 64, 256)  # ... and the sizes "a small future" means in the claims (C1, C9, C10).


def _find(cat, **coords):
    found = [u for u in cat.units if all(getattr(u, k) == v for k, v in coords.items())]
    if len(found) != 1:
        raise UsageError("the runner's catalogue has %d units at %s, not one: a runner of another "
                         "build?" % (len(found), coords))
    return found[0]


def _diff(name, a, b, scale=1.0):
    return Figure(name, ((1, a.name), (-1, b.name)), None, scale)


def _ratio(name, a, b):
    return Figure(name, ((1, a.name),), b.name, 1.0)


def _matrix(cat, mode, size, depth=1, pattern="pending"):
    return _find(cat, suite=catalogue.MATRIX, mode=mode, size=size, depth=depth, pattern=pattern,
                 state="warm")


def _small(cat):
    """Box, inline and dyn of the small sizes at depth 1 in both patterns (C1, C4, C5, C9, C10);
    malloc+free of 64 B and 16 KiB, and box and inline of 16 KiB, pending (C7's readings)."""
    units, figures = [], []
    for size in SMALL:
        u = {(m, p): _matrix(cat, m, size, pattern=p) for m in ("box", "inline", "dyn")
             for p in ("pending", "ready")}
        units += u.values()
        for p in ("pending", "ready"):
            figures.append(_diff("box-inline/%d/%s" % (size, p), u["box", p], u["inline", p]))
        # The pending pattern polls twice and the ready one once: their difference is one poll.
        for m in ("dyn", "inline"):
            figures.append(_diff("poll-%s/%d" % (m, size), u[m, "pending"], u[m, "ready"]))
        figures.append(Figure("poll/%d" % size, (
            (1, u["dyn", "pending"].name), (-1, u["dyn", "ready"].name),
            (-1, u["inline", "pending"].name), (1, u["inline", "ready"].name)), None, 1.0))
    for size in (64, 16384):
        a = _find(cat, suite=catalogue.MATRIX, mode="alloc", size=size, state="warm")
        units.append(a)
        figures.append(Figure("alloc/%d" % size, ((1, a.name),), None, 1.0))
    big = [_matrix(cat, m, 16384) for m in ("box", "inline")]
    units += big
    figures.append(_diff("box-inline/16384/pending", *big))
    return Set("small", catalogue.MATRIX, (HEAD,), 2, units, figures)


def _chain(cat):
    """C11's source: a stream wrapping a stream, both async-trait methods ready at once, so each
    next() boxes two small futures; per boxed future, box minus inline."""
    box, inline = (_matrix(cat, m, 16, depth=2, pattern="ready") for m in ("box", "inline"))
    return Set("chain", catalogue.MATRIX, ("glibc", "jemalloc"), 2, [box, inline],
               [_diff("box-inline/per-box", box, inline, 1.0 / box.allocs)])


def _tree(cat):
    """C2: the tree port, boxed minus inline per top-level call, each fan-out."""
    units, figures = [], []
    for k in sorted({u.fanout for u in cat.of_suite("tree")}):
        boxed, inline = (_find(cat, suite="tree", form=f, fanout=k) for f in ("boxed", "inline"))
        units += [boxed, inline]
        figures.append(_diff("boxed-inline/fanout:%d" % k, boxed, inline))
    return Set("tree", "tree", (HEAD,), 5, units, figures)


def _eventloop(cat):
    """C3, C6, C8: the event-loop variants, with syscalls and without, and the busy-wait control
    (each syscall replaced by a busy wait as long), so the kernel entry's share is measured."""
    v = {u.variant: u for u in cat.of_suite("eventloop")}
    per_request = 1.0 / v["box"].requests
    per_box = 1.0 / (v["box"].allocs - v["nonbox"].allocs)
    nosys = Set("nosyscalls", "eventloop", (HEAD,), 20, [v["manual"], v["nonbox"], v["box"]], [
        _ratio("nonbox/manual", v["nonbox"], v["manual"]),
        _diff("box-nonbox/per-request", v["box"], v["nonbox"], per_request),
        _diff("box-nonbox/per-box", v["box"], v["nonbox"], per_box)])
    io = ("syscalls", "spin")
    units = [v["%s+%s" % (m, k)] for k in io for m in ("manual", "nonbox", "box")]
    figures = [_ratio("box/nonbox+syscalls", v["box+syscalls"], v["nonbox+syscalls"]),
               _ratio("nonbox/manual+syscalls", v["nonbox+syscalls"], v["manual+syscalls"]),
               _ratio("box/nonbox+spin", v["box+spin"], v["nonbox+spin"])]
    figures += [_diff("box-nonbox/per-box+" + k, v["box+" + k], v["nonbox+" + k], per_box)
                for k in io]
    figures += [Figure("kernel-entry/per-box", (
        (1, v["box+syscalls"].name), (-1, v["nonbox+syscalls"].name),
        (-1, v["box+spin"].name), (1, v["nonbox+spin"].name)), None, per_box),
        _ratio("spin/syscall", v["manual+spin"], v["manual+syscalls"])]
    sys = Set("syscalls", "eventloop", (HEAD,), 20, units, figures)
    w = [v[n + "+syscalls"] for n in ("box+rc", "box+arc", "box+chkrc")]
    wakers = Set("wakers", "eventloop", (HEAD,), 20, w, [
        _ratio("rc/arc+syscalls", w[0], w[1]), _ratio("chkrc/arc+syscalls", w[2], w[1])])
    return [nosys, sys, wakers]


def build(cat):
    """Every set, its units found in the catalogue."""
    return [_small(cat), _chain(cat), _tree(cat)] + _eventloop(cat)


def allocators_of(s, runners):
    """The runners a set runs on, of those measured: the first one for HEAD."""
    first = next(iter(runners))
    return [first] if s.allocators == (HEAD,) else [a for a in s.allocators if a in runners]


def entry(s, allocator):
    """A set as run.json keeps it, all the summary needs to compute its figures."""
    return {"set": s.label, "allocator": allocator, "units": [u.name for u in s.units],
            "round_ms": s.round_ms,
            "figures": [{"name": f.name, "terms": [list(t) for t in f.terms], "over": f.over,
                         "scale": f.scale} for f in s.figures],
            "files": [], "seconds": 0.0}


def value(figure, ns):
    """A figure's value in one round, ns: {unit: ns per unit}."""
    v = figure["scale"] * sum(c * ns[u] for c, u in figure["terms"])
    return v / ns[figure["over"]] if figure["over"] else v


# A process's figure is the median over its rounds, with a distribution-free interval: a process
# with fewer rounds gives no figure (summary.py) and is not counted as one of a set's processes.
MIN_ROUNDS = 3


def _rounds(path):
    """(unit names, per-round ns lists) of one interleaved process's output."""
    header, rounds = None, []
    with open(path) as f:
        for line in f:
            try:
                data = json.loads(line)
            except ValueError:
                break  # The last line of a process stopped mid-write.
            if header is None:
                header = data
            else:
                rounds.append(data["ns"])
    return (header or {}).get("units", []), rounds


def rounds_of(path):
    """The per-round ns lists of one interleaved process's output (none if it is missing)."""
    return _rounds(path)[1] if os.path.exists(path) else []


def set_figures(folder, entry):
    """(figure rows, process rows) of one interleaved set as run.json keeps it (entry): per
    process, the median over its rounds of each figure's per-round value; per figure, the 95%
    t-interval over processes, the spread between processes (their standard deviation) and within
    one (the median over processes of the standard error of a process's median, from its
    distribution-free interval). Processes with fewer than three rounds are left out; a figure
    needs two processes."""
    per = []  # One {figure name: (median, standard error, rounds)} per process.
    for k, name in enumerate(entry["files"]):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        units, rounds = _rounds(path)
        if len(rounds) < MIN_ROUNDS:
            continue
        index = {n: i for i, n in enumerate(units)}
        got = {}
        for f in entry["figures"]:
            vals = [value(f, {u: r[index[u]] for u in index}) for r in rounds]
            med, lo, hi = stats.median_interval(vals)
            got[f["name"]] = (med, (hi - lo) / (2 * 1.96), len(vals))
        per.append((k + 1, got))
    figures, processes = [], []
    common = {"set": entry["set"], "allocator": entry["allocator"]}
    for f in entry["figures"]:
        est = [(k, got[f["name"]]) for k, got in per]
        for k, (v, _, n) in est:
            processes.append(dict(common, figure=f["name"], process=k, value=v, rounds=n))
        if len(est) < 2:
            continue
        values = [v for _, (v, _, _) in est]
        mean, low, high = stats.t_interval(values)
        figures.append(dict(common, figure=f["name"], unit="ratio" if f["over"] else "ns",
                            mean=mean, low=low, high=high,
                            processes=len(values), rounds=sum(n for _, (_, _, n) in est),
                            process_min=min(values), process_max=max(values),
                            between_sd=statistics.stdev(values),
                            within_se=statistics.median(se for _, (_, se, _) in est),
                            seconds=entry.get("seconds")))
    return figures, processes
