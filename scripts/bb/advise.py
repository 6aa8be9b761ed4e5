"""`boxbench advise`: the user's own futures against a measured folder. Sizes come as a list
(64,1K,16K) or as rustc's -Zprint-type-sizes output, from which the async fn and async block
bodies are taken. Per future: the overhead of boxing it per call, measured or interpolated between
the two measured sizes around it (linearly in size, as the bytes a call moves and
touches grow, and said so) with an interval, its share of
one core at the given rate, what each measured way around the box would cost instead, and where it
stands against the ecosystem's size thresholds. A size outside the measured ones is refused."""
import glob
import os
import re

from . import UsageError, stats
from .cases import baseline_keys, human_size, parse_size
from .summary import Raw, raw_catalogues

# The sizes at which the ecosystem reacts to a future (the bytes of its state machine).
THRESHOLDS = ((1024, "tokio-console warns of a large future from 1 KiB"),
              (16384, "clippy's large_futures lint fires, and tokio boxes a spawned future in "
                      "release builds, from 16 KiB"))
_RUSTC = re.compile(r"^print-type-size type: `\{(async fn body of (?P<fn>[^`]*?)\(\)|"
                    r"(?P<block>async block)@(?P<at>[^`}]*))\}`: (?P<size>\d+) bytes")


def parse_rustc(text, source):
    """[(name, bytes)] of the async fn and async block bodies in rustc's -Zprint-type-sizes
    output (their top-level lines; the wrappers around them are other types)."""
    out = []
    for line in text.splitlines():
        m = _RUSTC.match(line)
        if m:
            name = m.group("fn") + "()" if m.group("fn") else "async block at " + m.group("at")
            out.append((name, int(m.group("size"))))
    if not out:
        raise UsageError("%s holds no async fn or async block body: is it rustc's "
                         "-Zprint-type-sizes output?" % source)
    return out


def futures_of(text):
    """The futures to advise on: a file of rustc output, or a comma-separated list of sizes."""
    if os.path.isfile(text):
        with open(text, errors="replace") as f:
            return parse_rustc(f.read(), text)
    sizes = [s for s in text.split(",") if s.strip()]
    if not sizes:
        raise UsageError("no future sizes given (a list such as 64,1K,16K, or a file of rustc's "
                         "-Zprint-type-sizes output)")
    return [(None, parse_size(s)) for s in sizes]


def latest(results_dir):
    """The newest results folder under results_dir that holds its raw repetitions (the intervals
    come from them; results/reference keeps only its tables)."""
    found = sorted((f for f in glob.glob(os.path.join(results_dir, "*")) if raw_catalogues(f)),
                   key=lambda f: os.path.getmtime(os.path.join(f, "run.json"))
                   if os.path.exists(os.path.join(f, "run.json")) else os.path.getmtime(f))
    if not found:
        raise UsageError("no results folder with raw repetitions in %s: run `boxbench run` (with "
                         "the modes and sizes to advise on), or give --from" % results_dir)
    return found[-1]


class Measured:
    """Per mode, {size: (overhead median, low, high)} at one allocator, state, pattern and depth,
    from the folder's raw repetitions: the overhead over inline, its interval the ends of the two
    medians' 95% intervals (conservative)."""

    def __init__(self, folder, allocator, state, pattern, depth):
        if not raw_catalogues(folder):
            raise UsageError("%s holds no raw repetitions (a folder kept with its tables only, as "
                             "results/reference is): advise needs a run's repetitions for its "
                             "intervals; run `boxbench run`, then advise --from its folder"
                             % folder)
        raw = Raw(folder)
        if allocator is None:
            allocator = raw.allocators[0]
        if allocator not in raw.allocators:
            raise UsageError("%s measured no %s (it has %s)" % (folder, allocator,
                                                                ", ".join(raw.allocators)))
        self.folder, self.allocator = folder, allocator
        cat = raw.catalogues[allocator]
        measured = raw.measured(allocator)
        reps = {u.key(): [ns for ns, _ in r] for u, r in measured}
        self.by_mode = {}
        for u, _ in measured:
            base = next((reps[k] for k in baseline_keys(cat, u) if k in reps), None)
            if (u.depth, u.pattern, u.state) != (depth, pattern, state) or \
                    u.mode == cat.baseline_mode or base is None:
                continue
            m, lo, hi = stats.median_interval(reps[u.key()])
            bm, blo, bhi = stats.median_interval(base)
            self.by_mode.setdefault(u.mode, {})[u.size] = (m - bm, lo - bhi, hi - blo)
        if "box" not in self.by_mode:
            raise UsageError("%s has no box case at depth %d, %s, %s on %s with its inline "
                             "baseline: run `boxbench run --mode box --size ... --depth %d "
                             "--pattern %s --state %s --allocator %s`"
                             % (folder, depth, pattern, state, allocator, depth, pattern, state,
                                allocator))

    def at(self, mode, size):
        """(median, low, high, how): measured, or interpolated between the sizes around it; None
        when the size lies outside this mode's measured sizes."""
        known = self.by_mode.get(mode, {})
        if size in known:
            return known[size] + ("measured",)
        below = [s for s in known if s < size]
        above = [s for s in known if s > size]
        if not below or not above:
            return None
        s0, s1 = max(below), min(above)
        w = (size - s0) / (s1 - s0)
        v = tuple(a + w * (b - a) for a, b in zip(known[s0], known[s1]))
        return v + ("interpolated between %s and %s" % (human_size(s0), human_size(s1)),)

    def sizes(self, mode="box"):
        return sorted(self.by_mode.get(mode, {}))


def advise(futures, measured, rate):
    """One row per future; a UsageError for a size outside the measured box sizes."""
    box_sizes = measured.sizes()
    rows = []
    for name, size in futures:
        box = measured.at("box", size)
        if box is None:
            raise UsageError("%s: outside the box sizes measured in %s (%s to %s); it is not "
                             "extrapolated: measure it (`boxbench run --mode box --size %d`)"
                             % (_named(name, size), measured.folder, human_size(box_sizes[0]),
                                human_size(box_sizes[-1]), size))
        others = {}
        for mode in measured.by_mode:
            if mode != "box":
                v = measured.at(mode, size)
                if v is not None:
                    others[mode] = v
        rows.append(dict(name=name, size=size, box=box, share=box[0] * rate / 1e9,
                         others=others, thresholds=[t for b, t in THRESHOLDS if size >= b]))
    return rows


def _named(name, size):
    return human_size(size) if name is None else "%s, %s" % (name, human_size(size))


def report(rows, measured, rate, depth, pattern, state):
    """The advice in words, a block per future."""
    lines = ["boxing your futures on %s, %s, depth %d, %s, at %g calls per second (from %s):"
             % (measured.allocator, state, depth, pattern, rate, measured.folder)]
    for r in rows:
        m, lo, hi, how = r["box"]
        lines.append("")
        lines.append("%s: box costs %+.1f ns per call (%+.1f .. %+.1f; %s), %.3g%% of one core"
                     % (_named(r["name"], r["size"]), m, lo, hi, how, 100 * r["share"]))
        for mode, (om, olo, ohi, ohow) in sorted(r["others"].items()):
            lines.append("  instead, %s: %+.1f ns (%+.1f .. %+.1f; %s), %.3g%% of one core"
                         % (mode, om, olo, ohi, ohow, 100 * om * rate / 1e9))
        for t in r["thresholds"] or ["below every threshold the ecosystem warns at (1 KiB, "
                                     "16 KiB)"]:
            lines.append("  " + t)
    return "\n".join(lines)
