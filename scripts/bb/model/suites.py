"""The suites beside the matrix, one row of SUITES each, keyed by the catalogue's suite names: its
table's schema, how its rows come from the measured units and its plot. The code that writes,
reads, prints or plots a suite's table iterates SUITES and never names a suite, so a new suite is
one row here, its terminal table in output/terminal.py's SUITES, and its units in the runner.

The matrix (and the harness's own row) are the summary table's, built by summary.py: their rows
carry baselines, breakdowns and perf columns no other suite has."""
import statistics
from collections import namedtuple

from .. import UsageError
from . import catalogue, roles

TEXT, INT, REAL = str, int, float

# A plot of a suite's rows: "dots" draws one point per row (value +- one sd of the repetitions);
# "clusters" draws a bar per series in each group. label formats a row's (or a group's) label from
# its columns, series a row's series.
Plot = namedtuple("Plot", "kind title value label series log")
Plot.__new__.__defaults__ = ((), None, True)
# picks: which units are the suite's (None: those of the catalogue's suite of that name). rows
# gets [(unit, median ns)] of them, and {unit name: median ns} of every unit the allocator ran.
Suite = namedtuple("Suite", "schema required rows plot picks")
Suite.__new__.__defaults__ = (None,)


def _cv(r):
    return "" if r["cv"] is None else "%.1f%%" % (100 * r["cv"])


def _eventloop_rows(measured, medians):
    out = []
    for u, med in measured:
        c = u.counts
        out.append(dict(
            variant=u.variant, us_per_iteration=med / 1e3, ns_per_request=med / u.requests,
            requests=u.requests, allocs_per_iteration=u.allocs,
            syscalls_per_request=u.syscalls / u.requests, task_polls=c.get("task_polls"),
            indirect_polls=c.get("indirect_polls"), waker_clones=c.get("waker_clones"),
            wakes=c.get("wakes"), upgrades=c.get("upgrades"), thread_checks=c.get("thread_checks"),
            atomic_refs=c.get("waker_atomic_refs"), bytes_zeroed=c.get("bytes_zeroed")))
    return out


def _tree_rows(measured, medians):
    inline = {(u.lang, u.fanout): med for u, med in measured if u.form == roles.INLINE}
    return [dict(form=u.form, lang=u.lang, fanout=u.fanout, ns_per_call=med,
                 async_calls=u.async_calls, allocs_per_call=u.allocs,
                 minus_inline_ns=med - inline[u.lang, u.fanout] if (u.lang, u.fanout) in inline
                 else None)
            for u, med in measured]


def _net_rows(measured, medians):
    return [dict(what=u.variant, ns_per_round_trip=med, syscalls=u.syscalls) for u, med in measured]


def _rust_rows(measured, medians):
    inline = {u.key(mode=None): med for u, med in measured if u.mode == roles.INLINE}
    out = []
    for u, med in measured:
        c = medians.get(u.name[:-len(catalogue.RUST_SUFFIX)])
        at = u.key(mode=None)
        out.append(dict(mode=u.mode, size=u.size, depth=u.depth, pattern=u.pattern, state=u.state,
                        ns_per_call=med, minus_inline_ns=med - inline[at] if at in inline else None,
                        c_ns=c, c_over_rust=c / med if c is not None and med > 0 else None,
                        future_bytes=u.future_bytes, allocs_per_call=u.allocs))
    return out


SUITES = {
    "eventloop": Suite(
        schema=(("variant", TEXT), ("us_per_iteration", REAL), ("ns_per_request", REAL),
                ("requests", INT), ("allocs_per_iteration", INT), ("syscalls_per_request", REAL),
                ("task_polls", INT), ("indirect_polls", INT), ("waker_clones", INT),
                ("wakes", INT), ("upgrades", INT), ("thread_checks", INT), ("atomic_refs", INT),
                ("bytes_zeroed", INT)),
        required=("variant", "allocator", "us_per_iteration", "ns_per_request"),
        rows=_eventloop_rows,
        plot=Plot("dots", "Event-loop variants: ns per request, +- one sd of the repetitions",
                  "ns_per_request", "{variant} ({allocator})")),
    "tree": Suite(
        schema=(("form", TEXT), ("lang", TEXT), ("fanout", INT), ("ns_per_call", REAL),
                ("minus_inline_ns", REAL), ("async_calls", INT), ("allocs_per_call", INT)),
        required=("form", "allocator", "ns_per_call", "minus_inline_ns"),
        rows=_tree_rows,
        plot=Plot("clusters", "Deep tree: ns per top-level call per fan-out, its copies called "
                  "in turn", "ns_per_call", "fan-out {fanout}, {allocator}",
                  series="{form} ({lang})")),
    "net": Suite(
        schema=(("what", TEXT), ("ns_per_round_trip", REAL), ("syscalls", INT)),
        required=("what", "allocator", "ns_per_round_trip"),
        rows=_net_rows, plot=None),
    # The matrix's Rust units, apart from its C ones (which the summary holds).
    roles.RUST: Suite(
        schema=(("mode", TEXT), ("size", INT), ("depth", INT), ("pattern", TEXT),
                ("state", TEXT), ("ns_per_call", REAL),
                ("minus_inline_ns", REAL), ("c_ns", REAL), ("c_over_rust", REAL),
                ("future_bytes", INT), ("allocs_per_call", INT)),
        required=("mode", "size", "pattern", "allocator", "ns_per_call"),
        rows=_rust_rows, plot=None,
        picks=lambda u: u.suite == roles.MATRIX and u.lang == roles.RUST),
}


def schema(name):
    """A suite's table: its first column (what the row is), the allocator, its other columns, and
    the repetitions' spread and count, which every suite's rows have."""
    own = SUITES[name].schema
    return own[:1] + (("allocator", TEXT),) + own[1:] + (("cv", REAL), ("repetitions", INT))


def rows(allocator, measured, cv):
    """{suite: rows} of one allocator's measured units [(unit, [ns per repetition])], the units of
    each suite in the catalogue's order; cv is the statistics' coefficient of variation."""
    out = {}
    medians = {u.name: statistics.median(t) for u, t in measured}
    for name, s in SUITES.items():
        picks = s.picks or (lambda u: u.suite == name)
        mine = [(u, t) for u, t in measured if picks(u)]
        if not mine:
            continue
        made = s.rows([(u, medians[u.name]) for u, _ in mine], medians)
        out[name] = [dict(r, allocator=allocator, cv=cv(t), repetitions=len(t))
                     for r, (_, t) in zip(made, mine)]
    return out


def parse_suites(text, known):
    """The suites a --suite list names, each one of `known` (the catalogue's, less the harness)."""
    names = list(known) if text.strip() == "all" else \
        [s.strip() for s in text.split(",") if s.strip()]
    for s in names:
        if s not in known:
            raise UsageError("unknown suite %r; suites: %s, or all" % (s, ", ".join(known)))
    if not names:
        raise UsageError("--suite needs at least one suite")
    return list(dict.fromkeys(names))
