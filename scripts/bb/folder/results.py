"""Reading a results folder back: what `boxbench plot`, the claims table and count --beside start
from. Every table is read typed (model/tables.py) and checked as it is read; a missing, truncated
or malformed file is refused with a UsageError that names it, never half-used."""
import json
import os

from .. import UsageError
from ..model import catalogue, tables


def read_text(path):
    """The text of the file at path, or a UsageError naming it."""
    try:
        with open(path, newline="") as f:
            return f.read()
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (path, e.strerror)) from e
    except UnicodeDecodeError as e:
        raise UsageError("%s is not text (corrupted?): %s" % (path, e)) from e


def table(path, name):
    """Table `name` (model/tables.py's SCHEMA) from the CSV file at path, typed and checked."""
    return tables.parse(read_text(path), path, name)


def read_catalogue(path):
    """A catalogue kept in a folder (raw/<allocator>/catalogue.json), or a fixture's."""
    return catalogue.parse(read_text(path), path)


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (path, e.strerror)) from e
    except ValueError as e:
        raise UsageError("%s is not valid JSON (truncated or corrupted?): %s" % (path, e)) from e


def load(folder):
    """{table name: rows, 'run': run.json, 'machine': machine.json or None}."""
    if not os.path.isdir(folder):
        raise UsageError("%s does not exist (or is not a folder)" % folder)
    data = {}
    for name in tables.SCHEMA:
        path = os.path.join(folder, name + ".csv")
        if os.path.exists(path):
            data[name] = table(path, name)
    if not data:
        raise UsageError("%s holds no boxbench results (none of %s)"
                         % (folder, ", ".join(n + ".csv" for n in tables.SCHEMA)))
    for name in ("run", "machine"):
        path = os.path.join(folder, name + ".json")
        data[name] = read_json(path) if os.path.exists(path) else None
    return data


def kept_summary(folder):
    """(run.json or {}, summary.csv's rows) of a folder read from its tables alone, as compare and
    advise read one kept without its raw repetitions (results/reference); refused when it has no
    summary.csv."""
    if not os.path.isdir(folder):
        raise UsageError("%s does not exist (or is not a folder)" % folder)
    path = os.path.join(folder, "summary.csv")
    if not os.path.exists(path):
        raise UsageError("%s holds neither raw repetitions nor a summary.csv: not a results "
                         "folder" % folder)
    run_path = os.path.join(folder, "run.json")
    return (read_json(run_path) if os.path.exists(run_path) else {}), table(path, "summary")


def partial_words(run):
    """What makes a folder partial, in a sentence, or None for a whole one: an interrupt, a runner
    that failed (which, in which case), cases skipped on resume."""
    if not run.get("partial"):
        return None
    if run.get("error"):
        return "boxbench stopped after measuring (%s)" % run["error"]
    failure, skipped = run.get("failure"), run.get("skipped") or []
    if failure:
        where = " in %s" % failure["case"] if failure.get("case") else ""
        return "a runner failed (%s%s, %s)" % (failure.get("allocator", "?"), where,
                                               failure.get("ended", "?"))
    if skipped:
        return "%d case(s) were skipped on resume, having crashed their runner: %s" % (
            len(skipped), ", ".join("%s on %s" % (s["case"], s["allocator"]) for s in skipped))
    return "the run was interrupted"
