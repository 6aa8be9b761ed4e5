"""From raw google-benchmark JSON to the flat summary: one row per case and allocator, the median of
its repetitions, their coefficient of variation, and the overhead over the matching inline case."""
import csv
import io
import json
import statistics

from . import UsageError
from .cases import Case, human_size

COLUMNS = ("mode", "size", "depth", "pattern", "allocator", "ns_per_call", "cv", "overhead_ns",
           "future_bytes", "repetitions")

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
    """All repetitions of one allocator in one google-benchmark JSON, so compare.py reads them."""
    merged, runs = None, []
    for rep, path in enumerate(files):
        data = load_json(path)
        merged = merged or {"context": data["context"], "benchmarks": []}
        for b in data["benchmarks"]:
            if b.get("run_type", "iteration") == "iteration":
                runs.append(dict(b, repetition_index=rep, repetitions=len(files)))
    merged["benchmarks"] = sorted(runs, key=lambda b: (b.get("family_index", 0),
                                                       b.get("per_family_instance_index", 0),
                                                       b["repetition_index"]))
    return merged


def summarise(files_by_allocator, modes=()):
    """Rows (dicts over COLUMNS) from {allocator: [rep json paths]}, grouped by allocator, pattern,
    depth and size, with the modes in the order given."""
    rows = []
    for allocator, files in files_by_allocator.items():
        times, counters, order = {}, {}, []
        for path in files:
            for name, ns, b in iterations(load_json(path), path):
                if name not in times:
                    order.append(name)
                times.setdefault(name, []).append(ns)
                counters[name] = b
        medians = {n: statistics.median(t) for n, t in times.items()}
        for name in order:
            case, t = Case.parse(name), times[name]
            if case is None:
                continue
            mean = statistics.fmean(t)
            cv = statistics.stdev(t) / mean if len(t) > 1 and mean > 0 else None
            base = medians.get(case.baseline_name()) if case.size is not None else None
            rows.append({
                "mode": case.mode, "size": case.size, "depth": case.depth,
                "pattern": case.pattern, "allocator": allocator,
                "ns_per_call": medians[name], "cv": cv,
                "overhead_ns": medians[name] - base if base is not None else None,
                "future_bytes": counters[name].get("future_bytes"),
                "repetitions": len(t),
            })
    rank = {m: i for i, m in enumerate(modes)}
    rows.sort(key=lambda r: (r["allocator"], r["size"] is not None, r["pattern"] or "",
                             r["depth"] or 0, r["size"] or 0, rank.get(r["mode"], len(rank)), r["mode"]))
    return rows


def _cell(column, value):
    if value is None:
        return ""
    if column in ("ns_per_call", "overhead_ns"):
        return "%.3f" % value
    if column == "cv":
        return "%.4f" % value
    if column == "future_bytes":
        return "%d" % value
    return str(value)


def to_csv(rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([_cell(c, r[c]) for c in COLUMNS])
    return out.getvalue()


def table(rows):
    """The summary as a terminal table, ns per call with cv and overhead."""
    head = ("mode", "size", "depth", "pattern", "allocator", "ns/call", "cv", "overhead ns")
    lines = [head]
    for r in rows:
        lines.append((r["mode"], human_size(r["size"]) if r["size"] is not None else "",
                      str(r["depth"] or ""), r["pattern"] or "", r["allocator"],
                      "%.2f" % r["ns_per_call"],
                      "%.1f%%" % (100 * r["cv"]) if r["cv"] is not None else "",
                      "%+.2f" % r["overhead_ns"] if r["overhead_ns"] is not None else ""))
    widths = [max(len(l[i]) for l in lines) for i in range(len(head))]
    right = {1, 2, 5, 6, 7}
    fmt = lambda l: "  ".join(c.rjust(w) if i in right else c.ljust(w)
                              for i, (c, w) in enumerate(zip(l, widths)))
    return "\n".join([fmt(lines[0]), "  ".join("-" * w for w in widths)] + [fmt(l) for l in lines[1:]])
