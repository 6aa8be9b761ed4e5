"""The typed tables of a results folder: each table's columns with their types, in one place, for
the summary that writes them and every reader (plot, the claims, count --beside); the suites' own
tables come from their rows in suites.SUITES. A column missing
from a row is an empty cell, never a zero.

The summary's perf columns are named by the runner's catalogue (perf_<event>), so they are not
listed here: any column of a table that its schema does not name is a number."""
import csv
import io

from .. import UsageError
from . import roles, suites

TEXT, INT, REAL = str, int, float

SCHEMA = {
    "summary": (("mode", TEXT), ("size", INT), ("depth", INT), ("pattern", TEXT),
                ("state", TEXT), ("allocator", TEXT), ("ns_per_call", REAL), ("cv", REAL),
                ("overhead_ns", REAL), ("dispatch_ns", REAL), ("alloc_ns", REAL),
                ("copy_ns", REAL), ("faults_per_call", REAL), ("future_bytes", INT),
                ("allocs_per_call", INT), ("repetitions", INT), ("process_cv", REAL),
                ("within_cv", REAL), ("layout_share", REAL), ("peak_rss_mib", REAL)),
    # One column per mode beside these, <mode>_ns: its overhead over inline (mitigations.py).
    "mitigations": (("allocator", TEXT), ("state", TEXT), ("pattern", TEXT), ("depth", INT),
                    ("size", INT)),
    "crossover": (("allocator", TEXT), ("state", TEXT), ("pattern", TEXT), ("depth", INT),
                  ("sizes", INT), ("moved_cheaper_to", INT), ("box_cheaper_from", INT)),
    "compare": (("case", TEXT), ("allocator", TEXT), ("a_ns", REAL), ("b_ns", REAL),
                ("ratio", REAL), ("low", REAL), ("high", REAL), ("detectable_pct", REAL),
                ("p", REAL), ("p_family", REAL), ("p_gate", REAL), ("verdict", TEXT),
                ("a_processes", INT), ("b_processes", INT)),
    "figures": (("set", TEXT), ("figure", TEXT), ("allocator", TEXT), ("unit", TEXT),
                ("mean", REAL), ("low", REAL), ("high", REAL), ("processes", INT), ("rounds", INT),
                ("process_min", REAL), ("process_max", REAL), ("between_sd", REAL),
                ("within_se", REAL), ("layout_share", REAL), ("seconds", REAL)),
    "figure_processes": (("set", TEXT), ("figure", TEXT), ("allocator", TEXT), ("process", INT),
                         ("value", REAL), ("rounds", INT), ("layout", INT)),
    # One row per interleaved set and allocator: its processes, those that count, their rounds,
    # why it stopped.
    "sets": (("set", TEXT), ("allocator", TEXT), ("processes", INT), ("counted", INT),
             ("rounds", TEXT), ("seconds", REAL), ("claims", TEXT), ("stopped", TEXT)),
    # C / Rust per cell, from the fidelity sets (analysis/fidelity.py).
    "fidelity": (("mode", TEXT), ("size", INT), ("depth", INT), ("pattern", TEXT),
                 ("allocator", TEXT), ("c_over_rust", REAL), ("low", REAL), ("high", REAL),
                 ("processes", INT), ("verdict", TEXT), ("c_future_bytes", INT),
                 ("rust_future_bytes", INT), ("c_allocs_per_call", INT),
                 ("rust_allocs_per_call", INT), ("differences", TEXT), ("unit", TEXT)),
}
# The columns a reader cannot do without (an older or foreign table lacking one is refused).
REQUIRED = {
    "summary": ("mode", "size", "depth", "pattern", "state", "allocator", "ns_per_call",
                "overhead_ns"),
    "mitigations": ("allocator", "state", "pattern", "depth", "size", "box_ns"),
    "crossover": ("allocator", "state", "pattern", "depth", "moved_cheaper_to", "box_cheaper_from"),
    "compare": ("case", "allocator", "a_ns", "b_ns", "ratio", "verdict"),
    "figures": ("set", "figure", "allocator", "mean", "low", "high", "processes"),
    "figure_processes": ("set", "figure", "allocator", "process", "value"),
    "sets": ("set", "allocator", "processes", "counted"),
    "fidelity": ("mode", "size", "depth", "pattern", "allocator", "c_over_rust", "low", "high"),
}
SCHEMA.update((n, suites.schema(n)) for n in suites.SUITES)
REQUIRED.update((n, s.required) for n, s in suites.SUITES.items())


def columns(name, extra=()):
    return tuple(c for c, _ in SCHEMA[name]) + tuple(extra)


def _type(name, column):
    return dict(SCHEMA[name]).get(column, REAL)


def _cell(kind, column, value):
    if value is None:
        return ""
    if kind is TEXT:
        return str(value)
    if kind is INT:
        return "%d" % value
    if column.endswith("_ns") or column == "ns_per_call":
        return "%.3f" % value
    if column in ("cv", "process_cv", "within_cv", "faults_per_call") or column.startswith("perf_"):
        return "%.4f" % value
    return "%.6g" % value


def to_csv(name, rows, extra=()):
    """Rows (dicts) as the CSV text of table `name`, with extra (number) columns after its own."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    cols = columns(name, extra)
    w.writerow(cols)
    for r in rows:
        w.writerow([_cell(_type(name, c), c, r.get(c)) for c in cols])
    return out.getvalue()


def _value(kind, path, line, column, text):
    if text == "":
        return None
    if kind is TEXT:
        return text
    try:
        return kind(text)
    except ValueError:
        raise UsageError("%s line %d: %s is not a number: %r"
                         % (path, line, column, text)) from None


def parse(text, path, name):
    """Table `name` from the text of the file at path, each cell typed; refused with a UsageError
    naming the file if it is not such a table."""
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as e:
        raise UsageError("%s is not a readable CSV table: %s" % (path, e)) from e
    if not rows:
        raise UsageError("%s has no rows (truncated?)" % path)
    missing = [c for c in REQUIRED[name] if c not in rows[0]]
    if missing:
        raise UsageError("%s lacks the column(s) %s: is it a boxbench table?"
                         % (path, ", ".join(missing)))
    # A table from before the Rust units (bench/rust) has no lang column: all of it C.
    lang = {"lang": roles.C} if "lang" in dict(SCHEMA[name]) and "lang" not in rows[0] else {}
    out = []
    for n, r in enumerate(rows, start=2):
        if None in r or any(v is None for v in r.values()):
            raise UsageError("%s line %d has a different number of fields (truncated?)" % (path, n))
        out.append(dict(lang, **{k: _value(_type(name, k), path, n, k, v) for k, v in r.items()}))
    return out

