"""Entry points for the libFuzzer harness (tests/fuzz): each takes the fuzzer's bytes and feeds
them to one reader of outside input. A UsageError is the reader refusing bad input, as it must;
anything else escaping is a bug."""
import os
import sys
import tempfile

from bb import UsageError
from bb.model import cases, suites, tables
from bb.folder import rawfile, results

# The built values the parsers are given: the fuzzer runs without a runner, so they come from the
# committed fixture catalogue, a runner's own output.
_FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "catalogue.json")
_CAT = results.read_catalogue(_FIXTURE)
_BUILT = _CAT.axes()
_SUITES = [s for s in _CAT.suite_names() if s != "harness"]


def _text(data):
    return data.decode("utf-8", "surrogateescape")


def selection(data):
    """The CLI's argument and range parsing: every dimension, sizes with units, depth ranges."""
    text = _text(data)
    for dim, built in _BUILT.items():
        try:
            values = cases.parse_values(dim, text, built)
            assert values and all(v in built for v in values), (dim, text, values)
        except UsageError:
            pass
    for parse in (cases.parse_size, lambda t: suites.parse_suites(t, _SUITES)):
        try:
            parse(text)
        except UsageError:
            pass


def table(data):
    """The results readers: a CSV table as plot and the report read it, a JSON file, and a
    runner's JSON perhaps cut short (rawfile.py's salvage)."""
    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as f:
        f.write(data)
    try:
        for name in tables.SCHEMA:
            try:
                results.table(f.name, name)
            except UsageError:
                pass
        for read in (results.read_json, rawfile.read):
            try:
                read(f.name)
            except UsageError:
                pass
    finally:
        os.unlink(f.name)


def _traced(fn):
    """fn under a line tracer that reports (previous line, line) edges of boxbench's own code to
    the harness's coverage counters, so libFuzzer sees which Python paths an input took."""
    import bb
    import bb_fuzz_coverage
    here = os.path.dirname(os.path.abspath(bb.__file__))
    last = [0]

    def local(frame, event, arg):
        if event == "line":
            edge = hash((frame.f_code.co_filename, frame.f_lineno, last[0]))
            bb_fuzz_coverage.hit(edge & 0xFFFFFFFF)
            last[0] = frame.f_lineno
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(here) else None

    def run(data):
        sys.settrace(tracer)
        try:
            fn(data)
        finally:
            sys.settrace(None)
    return run


selection_traced = _traced(selection)
table_traced = _traced(table)
