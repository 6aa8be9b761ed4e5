"""From a folder's raw measurements to its typed tables, read from the folder alone: the runners'
google-benchmark JSON and catalogues under raw/, the interleaved rounds, and run.json's plan.

summary.csv has one row per matrix unit and allocator: the median of its repetitions, their
coefficient of variation, the spread between runner processes beside the spread within one, the
overhead over the baseline unit at the same coordinates, and on each box row that overhead split
in three: dispatch (dyn - inline), allocation and free (box-inplace - dyn) and copy (box -
box-inplace). The suites get a table each; the interleaved sets' figures get figures.csv (each
with its interval over processes) and figure_processes.csv (each process's estimate)."""
import collections
import glob
import json
import os
import statistics

from .. import UsageError
from . import fidelity, mitigations
from ..model import figures, roles, stats, suites, tables
from ..model.cases import baseline_keys
from ..folder.rundir import Staged
from ..folder import processes, rawfile, results

BREAKDOWN = (("dispatch_ns", roles.DYN, roles.INLINE), ("alloc_ns", roles.INPLACE, roles.DYN),
             ("copy_ns", roles.BOX, roles.INPLACE))

class NothingMeasured(UsageError):
    """A folder without one finished repetition: nothing to summarise."""


def raw_catalogues(folder):
    """The catalogues of the runners a folder holds raw repetitions of (none for a folder kept
    with its tables only, as results/reference is)."""
    return sorted(glob.glob(os.path.join(folder, "raw", "*", "catalogue.json")))


class Raw:
    """What a folder measured, per allocator: its catalogue, its repetition files (a runner
    process cut short, by an interrupt or a fault, gives the cases it finished), and the
    interleaved sets."""

    def __init__(self, folder):
        self.folder = folder
        run_path = os.path.join(folder, "run.json")
        self.run = results.read_json(run_path) if os.path.exists(run_path) else {}
        self.catalogues, self.files = {}, {}
        for d in raw_catalogues(folder):
            a = os.path.basename(os.path.dirname(d))
            self.catalogues[a] = results.read_catalogue(d)
            reps = sorted(glob.glob(os.path.join(os.path.dirname(d), "rep-*.json")))
            self.files[a] = [p for p in reps if _holds_cases(p)]
        order = self.run.get("allocators") or list(self.catalogues)
        self.allocators = [a for a in order if self.files.get(a)]
        if not self.allocators:
            raise NothingMeasured("%s holds no finished repetition of any runner" % folder)

    def peak_rss(self, allocator, reps):
        """The largest peak resident memory (MiB) of the runner processes that measured these
        repetitions (a process runs one allocator state's cases: its group), or None if run.json
        does not record them."""
        known = self.run.get("peak_rss_mib_per_process") or {}
        files = self.files[allocator]
        seen = [known.get(os.path.relpath(files[b["process"]], self.folder)) for _, b in reps]
        seen = [v for v in seen if v is not None]
        return max(seen) if seen else None

    def measured(self, allocator):
        """{unit: [(ns, counters) of each repetition]} in the catalogue's order; the counters'
        "process" is the runner process (the file) that measured the repetition."""
        cat, got = self.catalogues[allocator], {}
        layouts = (self.run.get("layouts") or {}).get(allocator, 1)
        for k, path in enumerate(self.files[allocator]):
            layout = figures.layout_of(figures.process_number(path), layouts)
            for name, ns, b in rawfile.iterations(rawfile.read(path)[0], path):
                unit = cat.by_benchmark.get(name)
                if unit is None:
                    raise UsageError("%s: %s is no unit of the runner's catalogue" % (path, name))
                got.setdefault(unit.name, []).append((ns, dict(b, process=k, layout=layout)))
        return [(u, got[u.name]) for u in cat.units if u.name in got]


def _holds_cases(path):
    try:
        return bool(rawfile.read(path)[0]["benchmarks"])
    except UsageError:
        return False


def _median_counter(reps, key):
    seen = [b[key] for _, b in reps if key in b]
    return statistics.median(seen) if seen else None


def by_process(reps):
    """{runner process: [ns of each of its repetitions]} of one unit's repetitions."""
    by = collections.defaultdict(list)
    for ns, b in reps:
        by[b["process"]].append(ns)
    return by


def process_medians(reps):
    """{runner process: the median of its repetitions}: one estimate per process, the unit every
    interval is taken over."""
    return {p: statistics.median(v) for p, v in by_process(reps).items()}


def processes_of(row, run):
    """How many runner processes measured a summary.csv row: its repetitions over those each
    process ran (run.json's inner_repetitions)."""
    return (row.get("repetitions") or 0) // ((run or {}).get("inner_repetitions") or 1)


def spreads(reps):
    """(process_cv, within_cv): the cv of the processes' medians, and the median over processes
    of the cv of each one's own repetitions; None where there are too few of either."""
    by = by_process(reps)
    medians = [statistics.median(v) for v in by.values()]
    within = [stats.cv(v) for v in by.values() if len(v) >= 2]
    within = [w for w in within if w is not None]
    return stats.cv(medians), statistics.median(within) if within else None


def layout_share(reps):
    """The share of the spread between the processes' medians that the code layout each ran in
    makes (stats.group_share), None with one layout."""
    layout = {b["process"]: b.get("layout", 1) for _, b in reps}
    medians = process_medians(reps)
    return stats.group_share(list(medians.values()), [layout[p] for p in medians])


def matrix_rows(raw):
    """summary.csv's rows, grouped by allocator, state, pattern, depth and size, with the modes in
    the tables' order."""
    rows = []
    for a in raw.allocators:
        cat = raw.catalogues[a]
        measured = [(u, reps) for u, reps in raw.measured(a)
                    if u.suite in (roles.MATRIX, roles.HARNESS) and u.lang != roles.RUST]
        medians = {u.key(): statistics.median([ns for ns, _ in reps]) for u, reps in measured}
        for u, reps in measured:
            t = [ns for ns, _ in reps]
            base = next((medians[k] for k in baseline_keys(cat, u) if k in medians), None)
            row = dict(zip(("mode", "size", "depth", "pattern", "state"), u.key()),
                       allocator=a, ns_per_call=medians[u.key()], cv=stats.cv(t),
                       overhead_ns=medians[u.key()] - base if base is not None else None,
                       future_bytes=u.future_bytes, allocs_per_call=u.allocs, repetitions=len(t),
                       faults_per_call=_median_counter(reps, "faults_per_unit"),
                       peak_rss_mib=raw.peak_rss(a, reps))
            row["process_cv"], row["within_cv"] = spreads(reps)
            row["layout_share"] = layout_share(reps)
            if u.suite == roles.HARNESS:
                row["mode"] = u.name
            for e in cat.perf_events():
                row["perf_" + e] = _median_counter(reps, "perf_" + e)
            for column, minuend, subtrahend in BREAKDOWN:
                x, y = medians.get(u.key(mode=minuend)), medians.get(u.key(mode=subtrahend))
                both = u.mode == roles.BOX and x is not None and y is not None
                row[column] = x - y if both else None
            rows.append(row)
    if not any(r["size"] is not None for r in rows):
        return []  # The harness's own row alone: no matrix was measured.
    cat = raw.catalogues[raw.allocators[0]]
    rank = {k: {v: i for i, v in enumerate(cat.names(k))} for k in ("modes", "states", "patterns")}
    rows.sort(key=lambda r: (raw.allocators.index(r["allocator"]), r["size"] is not None,
                             rank["states"].get(r["state"], -1),
                             rank["patterns"].get(r["pattern"], -1), r["depth"] or 0,
                             r["size"] or 0, rank["modes"].get(r["mode"], -1)))
    return rows


def suite_rows(raw):
    """{suite: rows} of every suite beside the matrix (suites.SUITES): medians over repetitions,
    per unit constants from the catalogue, in the catalogue's order."""
    out = {}
    for a in raw.allocators:
        measured = [(u, [ns for ns, _ in reps]) for u, reps in raw.measured(a)]
        for name, rows in suites.rows(a, measured, stats.cv).items():
            out.setdefault(name, []).extend(rows)
    return out


def figure_rows(raw):
    """The figures, process and set tables of every set run.json names."""
    rows, per_process, sets = [], [], []
    for entry in raw.run.get("sets", ()):
        f, p = processes.set_figures(raw.folder, entry)
        rows += f
        per_process += p
        sets.append(processes.set_row(raw.folder, entry))
    return rows, per_process, sets


# A case or figure whose processes disagree by more than this many times the spread its own
# repetitions (or rounds) show is moved by something fixed per process: where its stack, heap and
# code landed, or the machine's state while it ran (processes of a repetition are minutes apart).
SPREAD_FACTOR = 3.0


def beyond_noise(rows):
    """The summary's rows (process_cv against within_cv) and the figures (between_sd against
    within_se) whose processes disagree beyond their own noise, and by more than 2%."""
    out = []
    for r in rows:
        if "process_cv" in r and r.get("process_cv") is not None and r.get("within_cv"):
            if r["process_cv"] > max(SPREAD_FACTOR * r["within_cv"], 0.02):
                out.append(r)
        elif r.get("between_sd") is not None and r.get("within_se"):
            if r["between_sd"] > SPREAD_FACTOR * r["within_se"] and \
                    r["between_sd"] > 0.02 * abs(r["mean"]):
                out.append(r)
    return out


def _case_name(r):
    if "figure" in r:
        return "%s %s (%s)" % (r["set"], r["figure"], r["allocator"])
    return "/".join(str(r[k]) for k in ("mode", "size", "depth", "pattern", "state")
                    if r.get(k) is not None) + " (%s)" % r["allocator"]


def noise_warning(rows):
    """A warning when cases vary by more than 5% between their repetitions, or the empty
    string."""
    noisy = [r for r in rows or () if r["cv"] is not None and r["cv"] > 0.05]
    if not noisy:
        return ""
    return ("\nwarning: %d of %d cases vary by more than 5%% between repetitions (cv): the machine "
            "was noisy. Medians resist it; compare runs with care, or rerun with more "
            "--repetitions.\n" % (len(noisy), len(rows)))


def spread_warning(rows, figure_rows, most=12):
    """A warning naming the cases and figures whose processes disagree beyond their own noise, or
    the empty string."""
    found = beyond_noise(rows or []) + beyond_noise(figure_rows or [])
    if not found:
        return ""
    names = [_case_name(r) for r in found]
    return ("\nwarning: %d case(s) and figure(s) vary between runner processes by more than %g "
            "times the spread of their own repetitions (and by more than 2%%): the layout of each "
            "process, or the machine's drift between them (`boxbench layout CASE` tells them "
            "apart): %s%s\n"
            % (len(names), SPREAD_FACTOR, ", ".join(names[:most]),
               ", ..." if len(names) > most else ""))


def summarise(folder):
    """Every table the folder's raw measurements give: {table name: rows}, and the perf columns."""
    raw = Raw(folder)
    out = {"summary": matrix_rows(raw)}
    out["mitigations"], modes = mitigations.rows(out["summary"],
                                                 raw.catalogues[raw.allocators[0]].baseline_mode)
    out["crossover"] = mitigations.crossover(out["summary"])
    out.update(suite_rows(raw))
    out["figures"], out["figure_processes"], out["sets"] = figure_rows(raw)
    out["fidelity"] = fidelity.rows(out["figures"], raw.catalogues)
    extra = {"summary": ["perf_" + e for e in raw.catalogues[raw.allocators[0]].perf_events()],
             "mitigations": modes}
    return raw, {k: v for k, v in out.items() if v}, extra


def write(folder):
    """Write the folder's tables (and each allocator's repetitions merged in one google-benchmark
    JSON) from its raw measurements; returns (tables, {allocator: runner context})."""
    raw, out, extra = summarise(folder)
    contexts = {}
    with Staged(folder) as staged:  # All of them, or (a write failed) none.
        for name, rows in out.items():
            staged.write(name + ".csv", tables.to_csv(name, rows, extra.get(name, ())))
        for a in raw.allocators:
            merged = rawfile.merge(raw.files[a])
            contexts[a] = merged["context"]
            staged.write(a + ".json", json.dumps(merged, indent=1))
    return out, contexts


