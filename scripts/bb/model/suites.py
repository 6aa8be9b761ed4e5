"""The suites beside the matrix, one row of SUITES each, keyed by the catalogue's suite names: its
table's schema, how its rows come from the measured units, its terminal table and its plot. The
code that writes, reads, prints or plots a suite's table iterates SUITES and never names a suite,
so a new suite is one row here (and its units in the runner).

The matrix (and the harness's own row) are the summary table's, built by summary.py: their rows
carry baselines, breakdowns and perf columns no other suite has."""
import statistics
from collections import namedtuple

from .. import UsageError
from . import catalogue, roles
from .text import format_table

TEXT, INT, REAL = str, int, float

# A plot of a suite's rows: "dots" draws one point per row (value +- one sd of the repetitions);
# "clusters" draws a bar per series in each group. label formats a row's (or a group's) label from
# its columns, series a row's series.
Plot = namedtuple("Plot", "kind title value label series log")
Plot.__new__.__defaults__ = ((), None, True)
# picks: which units are the suite's (None: those of the catalogue's suite of that name). rows
# gets [(unit, median ns)] of them, and {unit name: median ns} of every unit the allocator ran.
Suite = namedtuple("Suite", "schema required rows table plot picks")
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


def _eventloop_table(rows):
    lines = [("variant", "allocator", "us/iteration", "ns/request", "cv", "allocs/iter",
              "syscalls/req")]
    lines += [(r["variant"], r["allocator"], "%.2f" % r["us_per_iteration"],
               "%.1f" % r["ns_per_request"], _cv(r), "%d" % r["allocs_per_iteration"],
               "%g" % r["syscalls_per_request"]) for r in rows]
    return format_table("event-loop port: %d request/response transactions per iteration"
                        % rows[0]["requests"], lines, {2, 3, 4, 5, 6})


def _tree_rows(measured, medians):
    inline = {(u.lang, u.fanout): med for u, med in measured if u.form == roles.INLINE}
    return [dict(form=u.form, lang=u.lang, fanout=u.fanout, ns_per_call=med,
                 async_calls=u.async_calls, allocs_per_call=u.allocs,
                 minus_inline_ns=med - inline[u.lang, u.fanout] if (u.lang, u.fanout) in inline
                 else None)
            for u, med in measured]


def _tree_table(rows):
    lines = [("form", "lang", "fan-out", "allocator", "ns/call", "cv", "minus inline",
              "async calls")]
    lines += [(r["form"], r["lang"] or "", "%d" % r["fanout"], r["allocator"],
               "%.1f" % r["ns_per_call"], _cv(r),
               "" if r["minus_inline_ns"] is None else "%+.1f" % r["minus_inline_ns"],
               "%d" % r["async_calls"]) for r in rows]
    return format_table("deep-tree port: ns per top-level call (its generated copies in turn), per "
                        "fan-out; lang rust: the same trees in Rust (bench/rust)", lines,
                        {2, 4, 5, 6, 7})


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


def _rust_table(rows):
    lines = [("mode", "size", "depth", "pattern", "state", "allocator", "ns/call", "cv",
              "minus inline", "C ns/call", "C / Rust")]
    lines += [(r["mode"], "%d" % r["size"], "%d" % r["depth"], r["pattern"], r["state"],
               r["allocator"], "%.2f" % r["ns_per_call"],
               _cv(r), "" if r["minus_inline_ns"] is None else "%+.1f" % r["minus_inline_ns"],
               "" if r["c_ns"] is None else "%.2f" % r["c_ns"],
               "" if r["c_over_rust"] is None else "%.2f" % r["c_over_rust"]) for r in rows]
    return format_table("the Rust beside the emulation (bench/rust): ns per call, and the C "
                        "counterpart's in the same run (medians of the repetitions)", lines,
                        {1, 2, 6, 7, 8, 9, 10})


def _net_table(rows):
    lines = [("what", "allocator", "us/round trip", "cv")]
    lines += [(r["what"], r["allocator"], "%.2f" % (r["ns_per_round_trip"] / 1e3), _cv(r))
              for r in rows]
    return format_table("a TCP round trip on 127.0.0.1 (one byte, Nagle off)", lines, {2, 3})



SUITES = {
    "eventloop": Suite(
        schema=(("variant", TEXT), ("us_per_iteration", REAL), ("ns_per_request", REAL),
                ("requests", INT), ("allocs_per_iteration", INT), ("syscalls_per_request", REAL),
                ("task_polls", INT), ("indirect_polls", INT), ("waker_clones", INT),
                ("wakes", INT), ("upgrades", INT), ("thread_checks", INT), ("atomic_refs", INT),
                ("bytes_zeroed", INT)),
        required=("variant", "allocator", "us_per_iteration", "ns_per_request"),
        rows=_eventloop_rows, table=_eventloop_table,
        plot=Plot("dots", "Event-loop variants: ns per request, +- one sd of the repetitions",
                  "ns_per_request", "{variant} ({allocator})")),
    "tree": Suite(
        schema=(("form", TEXT), ("lang", TEXT), ("fanout", INT), ("ns_per_call", REAL),
                ("minus_inline_ns", REAL), ("async_calls", INT), ("allocs_per_call", INT)),
        required=("form", "allocator", "ns_per_call", "minus_inline_ns"),
        rows=_tree_rows, table=_tree_table,
        plot=Plot("clusters", "Deep tree: ns per top-level call per fan-out, its copies called "
                  "in turn", "ns_per_call", "fan-out {fanout}, {allocator}",
                  series="{form} ({lang})")),
    "net": Suite(
        schema=(("what", TEXT), ("ns_per_round_trip", REAL), ("syscalls", INT)),
        required=("what", "allocator", "ns_per_round_trip"),
        rows=_net_rows, table=_net_table, plot=None),
    # The matrix's Rust units, apart from its C ones (which the summary holds).
    roles.RUST: Suite(
        schema=(("mode", TEXT), ("size", INT), ("depth", INT), ("pattern", TEXT),
                ("state", TEXT), ("ns_per_call", REAL),
                ("minus_inline_ns", REAL), ("c_ns", REAL), ("c_over_rust", REAL),
                ("future_bytes", INT), ("allocs_per_call", INT)),
        required=("mode", "size", "pattern", "allocator", "ns_per_call"),
        rows=_rust_rows, table=_rust_table, plot=None,
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
