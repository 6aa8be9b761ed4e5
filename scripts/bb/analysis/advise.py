"""`boxbench advise`: the user's own futures against a measured folder.

Sizes come as a list (64,1K,16K) or as rustc's -Zprint-type-sizes output, from which the async fn
and async block bodies are taken. Per future: the overhead of boxing it per call with a 95%
interval over runner processes (stats.py: the process is the unit), its share of one core at the
given rate, what each way around the box a Rust user can choose would cost instead (the modes the
runner's catalogue names a crate or language feature for), and the ecosystem's size thresholds, as
each tool applies them.

A size between two measured ones is interpolated linearly in size, and its interval widened by
the interpolation's own error: how far linear interpolation missed each of the two measured sizes
around it when that size was predicted from its own neighbours (a span of sizes wider than the one
interpolated over). Where a neighbour has no neighbours of its own, the overhead is taken as
monotone between the two sizes and the interval spans both of theirs. `--check` shows the bound
at work: each measured size predicted from its neighbours alone, beside what was measured. A size
outside the measured ones is refused, never extrapolated.

A folder with raw repetitions gives one overhead per runner process (box minus inline in that
process); one kept with its tables only (results/reference) gives the summary's overhead with an
interval from the spread of its processes (process_cv) and their number, said so."""
import glob
import math
import os
import re

from .. import UsageError
from ..model import roles, stats, text
from ..model.cases import baseline_keys, parse_size
from .summary import Raw, process_medians, processes_of, raw_catalogues
from ..folder import results
from ..measuring import probe

# The sizes at which the ecosystem reacts to a future (the bytes of its state machine), each as
# the tool applies it: (is it past the threshold, what the tool does).
THRESHOLDS = (
    (lambda n: n >= 1024, "tokio-console's large-future lint flags it (from 1024 bytes)"),
    (lambda n: n > 2048, "tokio boxes it when spawned from a debug build (larger than 2048 bytes)"),
    (lambda n: n >= 16384, "clippy's large_futures lint fires (from 16384 bytes, its default "
                           "future-size-threshold)"),
    (lambda n: n > 16384, "tokio boxes it when spawned from a release build (larger than 16384 "
                          "bytes)"),
)
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
    """The newest results folder under results_dir (by its run.json): one with raw repetitions,
    else one kept with its tables (summary.csv)."""
    def when(f):
        run = os.path.join(f, "run.json")
        return os.path.getmtime(run) if os.path.exists(run) else os.path.getmtime(f)
    folders = [f for f in glob.glob(os.path.join(results_dir, "*")) if os.path.isdir(f)]
    for usable in (raw_catalogues, lambda f: os.path.exists(os.path.join(f, "summary.csv"))):
        found = sorted((f for f in folders if usable(f)), key=when)
        if found:
            return found[-1]
    raise UsageError("no results folder in %s: run `boxbench run` (with the modes and sizes to "
                     "advise on), or give --from" % results_dir)


def _raw_overheads(folder, allocator, coords, lang=roles.C):
    """({mode: {size: estimate}}, allocator, catalogue) from the raw repetitions of the units of
    lang: per runner process, the mode's median minus its baseline's median in that process."""
    raw = Raw(folder)
    allocator = allocator or raw.allocators[0]
    if allocator not in raw.allocators:
        raise UsageError("%s measured no %s (it has %s)" % (folder, allocator,
                                                            ", ".join(raw.allocators)))
    cat = raw.catalogues[allocator]
    measured = [(u, reps) for u, reps in raw.measured(allocator)
                if u.suite == roles.MATRIX and u.lang == lang]
    medians = {u.key(): process_medians(reps) for u, reps in measured}
    out = {}
    for u, _ in measured:
        if (u.depth, u.pattern, u.state) != coords or u.mode == cat.baseline_mode:
            continue
        base = next((medians[k] for k in baseline_keys(cat, u) if k in medians), None)
        if base is None:
            continue
        per = [medians[u.key()][p] - base[p] for p in medians[u.key()] if p in base]
        if len(per) >= 2:
            mean, low, high = stats.t_interval(per)
        else:
            mean = low = high = per[0]
        out.setdefault(u.mode, {})[u.size] = (mean, low, high, len(per))
    return out, allocator, cat


def _summary_overheads(folder, allocator, coords):
    """The same from summary.csv alone: the overhead of the medians, its interval from both rows'
    process_cv (independent processes' spreads added) over their number of processes."""
    run, rows = results.kept_summary(folder)
    found = list(dict.fromkeys(r["allocator"] for r in rows))
    allocator = allocator or (found or [None])[0]
    if allocator not in found:
        raise UsageError("%s measured no %s (it has %s)" % (folder, allocator, ", ".join(found)))
    by = {(r["mode"], r["size"], r["depth"], r["pattern"], r["state"]): r for r in rows
          if r["allocator"] == allocator and r["size"] is not None}
    out = {}
    for (mode, size, depth, pattern, state), r in by.items():
        base = by.get((roles.INLINE, size, depth, pattern, state))
        if (depth, pattern, state) != coords or mode == roles.INLINE or base is None or \
                r.get("overhead_ns") is None:
            continue
        k = min(processes_of(r, run), processes_of(base, run))
        o = r["overhead_ns"]
        if k >= 2 and r.get("process_cv") is not None and base.get("process_cv") is not None:
            sd = math.hypot(r["process_cv"] * r["ns_per_call"], base["process_cv"] *
                            base["ns_per_call"])
            half = stats.t975(k - 1) * sd / math.sqrt(k)
            out.setdefault(mode, {})[size] = (o, o - half, o + half, k)
        else:
            out.setdefault(mode, {})[size] = (o, o, o, max(k, 1))
    return out, allocator, None


class Measured:
    """Per mode, {size: (overhead, low, high, processes)} at one allocator, state, pattern and
    depth, from the folder's raw repetitions or, without them, its summary.csv; the built sizes
    and the Rust choices from the folder's catalogue, else the one given (the runner's). With
    lang rust, from the real Rust units the folder measured (bench/rust) instead of the C ones."""

    def __init__(self, folder, allocator, state, pattern, depth, catalogue=None, lang=roles.C):
        coords = (depth, pattern, state)
        self.folder, self.notes = folder, []
        if lang == roles.RUST and not raw_catalogues(folder):
            raise UsageError("%s holds no raw repetitions: the Rust units' figures need them "
                             "(a folder of `boxbench run --lang c,rust`)" % folder)
        if raw_catalogues(folder):
            self.by_mode, self.allocator, cat = _raw_overheads(folder, allocator, coords, lang)
            rust = [u for u, _ in Raw(folder).measured(self.allocator) if u.lang == roles.RUST]
            if lang == roles.RUST:
                self.notes.append("the figures are real Rust's (bench/rust, rustc): "
                                  "#[async_trait] for box, over a native async fn")
            elif rust:
                self.notes.append("%s measured real Rust too: --lang rust takes the figures "
                                  "from it" % folder)
        else:
            self.by_mode, self.allocator, cat = _summary_overheads(folder, allocator, coords)
            self.notes.append("%s holds its tables only: intervals from the spread of its runner "
                              "processes in summary.csv" % folder)
            here = probe.cpu_model()
            kept = os.path.join(folder, "machine.json")
            there = results.read_json(kept).get("cpu_model") if os.path.exists(kept) else None
            if here != there:
                self.notes.append("it was measured on another machine (%s; this one is %s): "
                                  "measure here for figures of your own" % (there, here))
        cat = cat or catalogue
        # The ways around the box a Rust user can choose; in real Rust, those bench/rust has.
        self.rust = {m: v for m, v in (cat.rust_choices if cat else {}).items()
                     if lang == roles.C or m in {u.mode for u in cat.rust()}}
        self.built = sorted({u.size for u in cat.matrix() if u.size}) if cat else []
        if roles.BOX not in self.by_mode:
            raise UsageError("%s has no %sbox case at depth %d, %s, %s on %s with its inline "
                             "baseline: run `boxbench run --mode box --size all --depth %d "
                             "--pattern %s --state %s --allocator %s%s`"
                             % (folder, "Rust " if lang == roles.RUST else "", depth, pattern,
                                state, self.allocator, depth, pattern, state, self.allocator,
                                " --lang c,rust" if lang == roles.RUST else ""))

    def sizes(self, mode=roles.BOX):
        return sorted(self.by_mode.get(mode, {}))

    def _miss(self, mode, k):
        """How far (relative) linear interpolation from its two neighbours missed measured size
        number k of the mode; None at either end."""
        sizes, known = self.sizes(mode), self.by_mode[mode]
        if k == 0 or k == len(sizes) - 1:
            return None
        a, s, b = sizes[k - 1], sizes[k], sizes[k + 1]
        predicted = known[a][0] + (s - a) / (b - a) * (known[b][0] - known[a][0])
        return abs(predicted - known[s][0]) / max(abs(known[s][0]), 1e-9)

    def at(self, mode, size):
        """(overhead, low, high, how): measured, or interpolated between the measured sizes around
        it with the interpolation's error in the interval; None outside the mode's sizes."""
        known = self.by_mode.get(mode, {})
        if size in known:
            return known[size][:3] + ("measured",)
        sizes = self.sizes(mode)
        below = [s for s in sizes if s < size]
        above = [s for s in sizes if s > size]
        if not below or not above:
            return None
        s0, s1 = max(below), min(above)
        (m0, lo0, hi0, _), (m1, lo1, hi1, _) = known[s0], known[s1]
        w = (size - s0) / (s1 - s0)
        m = m0 + w * (m1 - m0)
        misses = [x for x in (self._miss(mode, sizes.index(s0)),
                              self._miss(mode, sizes.index(s1))) if x is not None]
        how = "interpolated between %s and %s" % (text.size(s0), text.size(s1))
        if misses:
            err = max(misses) * abs(m)
            low, high = lo0 + w * (lo1 - lo0) - err, hi0 + w * (hi1 - hi0) + err
            how += ", +-%.1f ns for interpolation" % err
        else:
            low, high = min(lo0, lo1), max(hi0, hi1)
            how += ", the interval spanning both"
        return m, low, high, how

    def check(self, mode=roles.BOX):
        """Each measured size but the ends predicted from the others alone (its own measurement
        left out), beside what was measured: [(size, measured, predicted (m, low, high, how),
        inside)]."""
        out = []
        sizes = self.sizes(mode)
        for s in sizes[1:-1]:
            held = self.by_mode[mode].pop(s)
            try:
                p = self.at(mode, s)
            finally:
                self.by_mode[mode][s] = held
            out.append((s, held[0], p, p[1] <= held[0] <= p[2]))
        return out

    def suggest(self, size):
        """A command measuring the built sizes around size, or why there is none."""
        if not self.built:
            return "measure it with `boxbench run --mode box --size ...`"
        if size < self.built[0] or size > self.built[-1]:
            return "the runners build sizes %s to %s only" % (text.size(self.built[0]),
                                                            text.size(self.built[-1]))
        around = sorted({max(s for s in self.built if s <= size),
                         min(s for s in self.built if s >= size)})
        return "measure the built sizes around it: `boxbench run --mode box --size %s " \
               "--allocator %s`" % (",".join(str(s) for s in around), self.allocator)


def advise(futures, measured, rate):
    """One row per future; a UsageError for a size outside the measured box sizes."""
    box_sizes = measured.sizes()
    rows = []
    for name, size in futures:
        box = measured.at(roles.BOX, size)
        if box is None:
            raise UsageError("%s: outside the box sizes measured in %s (%s to %s); it is not "
                             "extrapolated: %s" % (_named(name, size), measured.folder,
                                                   text.size(box_sizes[0]),
                                                   text.size(box_sizes[-1]),
                                                   measured.suggest(size)))
        others = {}
        for mode in measured.by_mode:
            if mode != roles.BOX and mode in measured.rust:
                v = measured.at(mode, size)
                if v is not None:
                    others[mode] = v
        rows.append(dict(name=name, size=size, box=box, share=box[0] * rate / 1e9,
                         others=others, thresholds=[t for past, t in THRESHOLDS if past(size)]))
    return rows


def as_json(rows):
    """advise's rows for --json: each estimate (ns, interval, how) named."""
    named = lambda v: dict(zip(("ns", "low", "high", "how"), v))
    return [dict(r, others={m: named(v) for m, v in r["others"].items()},
                 **{roles.BOX: named(r[roles.BOX])}) for r in rows]


def _named(name, size):
    return text.size(size) if name is None else "%s, %s" % (name, text.size(size))


def report(rows, measured, rate, depth, pattern, state):
    """The advice in words, a block per future."""
    lines = ["boxing your futures on %s, %s, depth %d, %s, at %g calls per second (from %s; "
             "intervals 95%% over runner processes):"
             % (measured.allocator, state, depth, pattern, rate, measured.folder)]
    lines += ["note: " + n for n in measured.notes]
    for r in rows:
        m, lo, hi, how = r[roles.BOX]
        lines.append("")
        lines.append("%s: box costs %+.1f ns per call (%+.1f .. %+.1f; %s), %.3g%% of one core"
                     % (_named(r["name"], r["size"]), m, lo, hi, how, 100 * r["share"]))
        lines.append("  as %s (`boxbench shape YOUR_BINARY` tells which shape your code is)"
                     % measured.rust.get(roles.BOX, roles.BOX))
        for mode, (om, olo, ohi, ohow) in sorted(r["others"].items()):
            lines.append("  instead, %s (%s): %+.1f ns (%+.1f .. %+.1f; %s), %.3g%% of one core"
                         % (measured.rust[mode], mode, om, olo, ohi, ohow,
                            100 * om * rate / 1e9))
        for t in r["thresholds"] or ["below every size threshold of tokio, tokio-console and "
                                     "clippy"]:
            lines.append("  " + t)
    if not any(r["others"] for r in rows):
        choices = sorted(m for m in measured.rust if m not in (roles.BOX, roles.INLINE))
        if choices:
            lines += ["", "to see the ways around the box too: `boxbench run --mode box,%s "
                      "--size all`" % ",".join(choices)]
    return "\n".join(lines)


def check_report(measured, mode=roles.BOX):
    """--check in words: each measured size predicted from its neighbours, and whether the
    measured value falls inside the prediction's interval."""
    lines = ["the interpolation checked on %s (%s): each measured size predicted from the others"
             % (measured.folder, mode)]
    for s, got, (m, lo, hi, how), inside in measured.check(mode):
        lines.append("%s: measured %+.1f ns; predicted %+.1f (%+.1f .. %+.1f; %s): %s" % (
            text.size(s), got, m, lo, hi, how, "inside" if inside else "OUTSIDE"))
    return "\n".join(lines)
