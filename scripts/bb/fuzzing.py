"""Entry points for the libFuzzer harness (tests/fuzz): each takes the fuzzer's bytes and feeds
them to one reader of outside input. A UsageError is the reader refusing bad input, as it must;
anything else escaping is a bug."""
import os
import sys
import tempfile

from . import UsageError, cases, results, suites

# The built values the parsers are given (a runner lists them; the fuzzer runs without one).
_BUILT = {"mode": ["inline", "dyn", "box", "box-inplace", "alloc"],
          "size": [16, 64, 256, 1024, 4096, 16384, 65536, 262144],
          "depth": [1, 2, 4, 8, 16, 32, 64], "pattern": ["ready", "pending"],
          "state": ["warm", "cache-cold", "heap-cold", "fragmented", "cross-thread"]}


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
    for parse in (cases.parse_size, suites.parse_suites):
        try:
            parse(text)
        except UsageError:
            pass


def table(data):
    """The results reader: a CSV table as plot and the report read it."""
    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as f:
        f.write(data)
    try:
        for columns in results.TABLES.values():
            try:
                results.read_table(f.name, columns)
            except UsageError:
                pass
        try:
            results.read_json(f.name)
        except UsageError:
            pass
    finally:
        os.unlink(f.name)


def _traced(fn):
    """fn under a line tracer that reports (previous line, line) edges of boxbench's own code to
    the harness's coverage counters, so libFuzzer sees which Python paths an input took."""
    import bb_fuzz_coverage
    here = os.path.dirname(os.path.abspath(__file__))
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
