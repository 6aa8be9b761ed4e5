"""From raw google-benchmark JSON to the flat summary: one row per case and allocator, the median of
its repetitions, their coefficient of variation, the overhead over the matching inline case, and on
each box row that overhead split in three: dispatch (dyn - inline), allocation and free
(box-inplace - dyn) and copy (box - box-inplace)."""
import collections
import csv
import io
import json
import statistics

from . import UsageError
from .cases import Case, human_size

# perf_* are the runner's perf_event counters per call (bench/main.c); a counter the machine
# refused is an empty cell, never a zero (run.json says which and why).
PERF = ("perf_instructions", "perf_cycles", "perf_branch_misses", "perf_cache_misses",
        "perf_minor_faults", "perf_major_faults", "perf_context_switches")
COLUMNS = ("mode", "size", "depth", "pattern", "state", "allocator", "ns_per_call", "cv",
           "overhead_ns", "dispatch_ns", "alloc_ns", "copy_ns", "faults_per_call", "future_bytes",
           "repetitions") + PERF
BREAKDOWN = (("dispatch_ns", "dyn", "inline"), ("alloc_ns", "box-inplace", "dyn"),
             ("copy_ns", "box", "box-inplace"))

_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load_json(path):
    """A google-benchmark JSON file, refused with a UsageError naming it if it is not one."""
    try:
        with open(path) as f:
            data = json.load(f)
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (path, e.strerror)) from e
    except ValueError as e:
        raise UsageError("%s is not valid JSON (truncated or corrupted?): %s" % (path, e)) from e
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list) \
            or not isinstance(data.get("context"), dict):
        raise UsageError("%s is not google-benchmark JSON (no context or benchmarks)" % path)
    return data


def iterations(data, path):
    """(name, ns per call, counters) of every repetition that ran without error."""
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        try:
            ns = float(b["real_time"]) * _NS[b.get("time_unit", "ns")]
            yield b["name"], ns, b
        except (KeyError, TypeError, ValueError) as e:
            raise UsageError("%s: a benchmark entry lacks a usable time: %r" % (path, b)) from e


def merge(files):
    """All repetitions of one allocator in one google-benchmark JSON, so compare.py reads them. A
    case's repetitions are numbered in the order of the files (a repetition may span several)."""
    merged, runs, seen = None, [], collections.Counter()
    for path in files:
        data = load_json(path)
        merged = merged or {"context": data["context"], "benchmarks": []}
        for b in data["benchmarks"]:
            if b.get("run_type", "iteration") == "iteration":
                runs.append(dict(b, repetition_index=seen[b["name"]]))
                seen[b["name"]] += 1
    for b in runs:
        b["repetitions"] = seen[b["name"]]
    merged["benchmarks"] = sorted(runs, key=lambda b: (b.get("family_index", 0),
                                                       b.get("per_family_instance_index", 0),
                                                       b["repetition_index"]))
    return merged


def summarise(files_by_allocator, modes=()):
    """Rows (dicts over COLUMNS) from {allocator: [rep json paths]}, grouped by allocator, state,
    pattern, depth and size, with the modes in the order given."""
    rows = []
    for allocator, files in files_by_allocator.items():
        times, runs, cases = {}, {}, {}
        for path in files:
            for name, ns, b in iterations(load_json(path), path):
                case = Case.parse(name)
                if case is None:
                    continue
                times.setdefault(case.key(), []).append(ns)
                runs.setdefault(case.key(), []).append(b)
                cases[case.key()] = case
        medians = {k: statistics.median(t) for k, t in times.items()}
        for key, case in cases.items():
            t = times[key]
            mean = statistics.fmean(t)
            base = next((medians[k] for k in case.baseline_keys() if k in medians), None)
            row = dict(zip(("mode", "size", "depth", "pattern", "state"), key),
                       allocator=allocator, ns_per_call=medians[key],
                       cv=statistics.stdev(t) / mean if len(t) > 1 and mean > 0 else None,
                       overhead_ns=medians[key] - base if base is not None else None,
                       future_bytes=runs[key][-1].get("future_bytes"), repetitions=len(t))
            for counter in ("faults_per_call",) + PERF:
                seen = [b[counter] for b in runs[key] if counter in b]
                row[counter] = statistics.median(seen) if seen else None
            for column, minuend, subtrahend in BREAKDOWN:
                a, b = medians.get(case.key(mode=minuend)), medians.get(case.key(mode=subtrahend))
                row[column] = a - b if case.mode == "box" and a is not None and b is not None else None
            rows.append(row)
    rank = {m: i for i, m in enumerate(modes)}
    rows.sort(key=lambda r: (r["allocator"], r["size"] is not None, r["state"] or "",
                             r["pattern"] or "", r["depth"] or 0, r["size"] or 0,
                             rank.get(r["mode"], len(rank)), r["mode"]))
    return rows


def _cell(column, value):
    if value is None:
        return ""
    if column.endswith("_ns") or column == "ns_per_call":
        return "%.3f" % value
    if column in ("cv", "faults_per_call") or column in PERF:
        return "%.4f" % value
    if column == "future_bytes":
        return "%d" % value
    return str(value)


def to_csv(rows):
    return rows_to_csv(COLUMNS, rows, _cell)


def table(rows):
    """The summary as a terminal table: ns per call with cv, overhead and its breakdown."""
    head = ("mode", "size", "depth", "pattern", "state", "allocator", "ns/call", "cv",
            "overhead", "dispatch", "alloc", "copy")
    signed = lambda v: "%+.1f" % v if v is not None else ""
    lines = [head]
    for r in rows:
        lines.append((r["mode"], human_size(r["size"]) if r["size"] is not None else "",
                      str(r["depth"] or ""), r["pattern"] or "", r["state"] or "", r["allocator"],
                      "%.2f" % r["ns_per_call"],
                      "%.1f%%" % (100 * r["cv"]) if r["cv"] is not None else "",
                      signed(r["overhead_ns"]), signed(r["dispatch_ns"]), signed(r["alloc_ns"]),
                      signed(r["copy_ns"])))
    return format_table("times in ns per top-level call; overhead is over inline, and splits into "
                        "dispatch, alloc and copy", lines, {1, 2} | set(range(6, len(head))))


def format_table(title, lines, right):
    """A title, then lines (the first is the head) in columns; the columns in right flush right."""
    widths = [max(len(l[i]) for l in lines) for i in range(len(lines[0]))]
    fmt = lambda l: "  ".join(c.rjust(w) if i in right else c.ljust(w)
                              for i, (c, w) in enumerate(zip(l, widths)))
    return "\n".join([title, fmt(lines[0]), "  ".join("-" * w for w in widths)]
                     + [fmt(l) for l in lines[1:]])


def rows_to_csv(columns, rows, cell=None):
    """Rows (dicts) as CSV over columns; floats to 6 significant digits unless cell(column, value)
    says otherwise."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r[c] is None else cell(c, r[c]) if cell else
                    "%.6g" % r[c] if isinstance(r[c], float) else r[c] for c in columns])
    return out.getvalue()
