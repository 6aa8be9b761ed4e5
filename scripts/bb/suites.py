"""The suites beside the matrix (their names come from the runner's catalogue), and the suites'
and interleaved figures' terminal tables."""
from . import UsageError
from .tables import format_table

def parse_suites(text, known):
    """The suites a --suite list names, each one of `known` (the catalogue's, less the harness)."""
    names = list(known) if text.strip() == "all" else [s.strip() for s in text.split(",") if s.strip()]
    for s in names:
        if s not in known:
            raise UsageError("unknown suite %r; suites: %s, or all" % (s, ", ".join(known)))
    if not names:
        raise UsageError("--suite needs at least one suite")
    return list(dict.fromkeys(names))


def _cv(r):
    return "" if r["cv"] is None else "%.1f%%" % (100 * r["cv"])


def table(suite, rows):
    if suite == "eventloop":
        requests = rows[0]["requests"]
        lines = [("variant", "allocator", "us/iteration", "ns/request", "cv", "allocs/iter",
                  "syscalls/req")]
        lines += [(r["variant"], r["allocator"], "%.2f" % r["us_per_iteration"],
                   "%.1f" % r["ns_per_request"], _cv(r), "%d" % r["allocs_per_iteration"],
                   "%g" % r["syscalls_per_request"]) for r in rows]
        return format_table("event-loop port: %d request/response transactions per iteration"
                            % requests, lines, {2, 3, 4, 5, 6})
    if suite == "net":
        lines = [("what", "allocator", "us/round trip", "cv")]
        lines += [(r["what"], r["allocator"], "%.2f" % (r["ns_per_round_trip"] / 1e3), _cv(r))
                  for r in rows]
        return format_table("a TCP round trip on 127.0.0.1 (one byte, Nagle off)", lines, {2, 3})
    lines = [("form", "fan-out", "allocator", "ns/call", "cv", "minus inline", "async calls")]
    lines += [(r["form"], "%d" % r["fanout"], r["allocator"], "%.1f" % r["ns_per_call"], _cv(r),
               "" if r["minus_inline_ns"] is None else "%+.1f" % r["minus_inline_ns"],
               "%d" % r["async_calls"]) for r in rows]
    return format_table("deep-tree port: ns per top-level call (its generated copies in turn), per "
                        "fan-out", lines, {1, 3, 4, 5, 6})


def _number(v):
    return "" if v is None else "%.4g" % v


def figure_table(rows):
    lines = [("set", "figure", "allocator", "mean", "95% interval", "processes", "between sd",
              "within se", "rounds")]
    lines += [(r["set"], r["figure"], r["allocator"], _number(r["mean"]),
               "%s .. %s" % (_number(r["low"]), _number(r["high"])), "%d" % r["processes"],
               _number(r["between_sd"]), _number(r["within_se"]), "%d" % r["rounds"])
              for r in rows]
    return format_table("the interleaved sets' figures (ns, or a ratio where the figure is a/b): "
                        "one estimate per runner process, the t-interval over processes; between "
                        "sd is the processes' spread, within se one process's own", lines,
                        {3, 4, 5, 6, 7, 8})
