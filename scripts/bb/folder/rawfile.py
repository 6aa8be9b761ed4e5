"""A runner's google-benchmark JSON read back: whole, or from a runner that died (a signal, the OOM
killer, a full disk) as far as it got. The runner flushes its file after every case (bb_shim.cc),
so such a file is a prefix of the JSON: its context and every case the runner finished, the last
perhaps cut in the middle, which is left out."""
import collections
import json

from .. import UsageError
from .results import read_text

_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
_HEAD = '"benchmarks": ['


def _checked(data, path):
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list) \
            or not isinstance(data.get("context"), dict):
        raise UsageError("%s is not google-benchmark JSON (no context or benchmarks)" % path)
    return data


def _salvage(text, path, error):
    """The context and the whole entries of a JSON cut short, or the UsageError of a file that
    is not one."""
    at = text.find(_HEAD)
    try:
        if at < 0:
            raise ValueError("no benchmarks array")
        data = _checked(json.loads(text[:at] + '"benchmarks": []}'), path)
    except (ValueError, RecursionError, UsageError):
        raise UsageError("%s is not valid JSON (truncated or corrupted?): %s" % (path, error)) \
            from None
    decoder, pos = json.JSONDecoder(), at + len(_HEAD)
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        try:
            entry, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            break  # The end of what was written: a cut entry, or the closing bracket.
        if isinstance(entry, dict):
            data["benchmarks"].append(entry)
    return data


def read(path):
    """(google-benchmark JSON, whether the file is whole). A file cut short gives the entries it
    holds whole; one that is not google-benchmark JSON at all is refused with a UsageError."""
    text = read_text(path)
    try:
        return _checked(json.loads(text), path), True
    except (ValueError, RecursionError) as e:
        return _salvage(text, path, e), False


def names(path):
    """The benchmark names a file holds results of (a file cut short: those it holds whole)."""
    return {b.get("name") for b in read(path)[0]["benchmarks"]}


def iterations(data, path):
    """(benchmark name, ns per unit, entry) of every repetition that ran without error."""
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
    unit's repetitions are numbered in the order of the files (a repetition may span several)."""
    merged, runs, seen = None, [], collections.Counter()
    for path in files:
        data = read(path)[0]
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
