"""Reading a results folder back: what `boxbench plot` and the claims report start from. Every file
is checked as it is read; a missing, truncated or malformed one is refused with a UsageError that
names it, never half-used."""
import csv
import json
import os

from . import UsageError

# file -> the columns it must have (a folder holds those its suites wrote).
TABLES = {
    "summary.csv": ("mode", "size", "depth", "pattern", "state", "allocator", "ns_per_call",
                    "overhead_ns"),
    "eventloop.csv": ("variant", "allocator", "us_per_iteration", "ns_per_request"),
    "tree.csv": ("form", "allocator", "ns_per_call", "minus_inline_ns"),
    "net.csv": ("what", "allocator", "ns_per_round_trip"),
    "ratios.csv": ("claim", "ratio", "allocator", "median", "low", "high"),
}
TEXT = ("mode", "pattern", "state", "allocator", "variant", "form", "what", "claim", "ratio",
        "prediction")


def _value(column, text):
    if text == "":
        return None
    if column in TEXT:
        return text
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text


def read_table(path, columns):
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (path, e.strerror)) from e
    except (csv.Error, UnicodeDecodeError) as e:
        raise UsageError("%s is not a readable CSV table: %s" % (path, e)) from e
    if not rows:
        raise UsageError("%s has no rows (truncated?)" % path)
    missing = [c for c in columns if c not in rows[0]]
    if missing:
        raise UsageError("%s lacks the column(s) %s: is it a boxbench table?"
                         % (path, ", ".join(missing)))
    out = []
    for n, r in enumerate(rows, start=2):
        if None in r or any(v is None for v in r.values()):
            raise UsageError("%s line %d has a different number of fields (truncated?)" % (path, n))
        out.append({k: _value(k, v) for k, v in r.items()})
    return out


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (path, e.strerror)) from e
    except ValueError as e:
        raise UsageError("%s is not valid JSON (truncated or corrupted?): %s" % (path, e)) from e


def load(folder):
    """{table name without .csv: rows, 'run': run.json, 'machine': machine.json or None}."""
    if not os.path.isdir(folder):
        raise UsageError("%s is not a folder" % folder)
    data = {}
    for name, columns in TABLES.items():
        path = os.path.join(folder, name)
        if os.path.exists(path):
            data[name[:-4]] = read_table(path, columns)
    if not data:
        raise UsageError("%s holds no boxbench results (none of %s)" % (folder, ", ".join(TABLES)))
    for name in ("run", "machine"):
        path = os.path.join(folder, name + ".json")
        data[name] = read_json(path) if os.path.exists(path) else None
    return data
