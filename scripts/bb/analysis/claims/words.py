"""The claims' words: an estimate with its interval, its modes and the code layouts they ran in;
the Rust twin's clause; a claim's parts. Every number in a claim's words is its run's or its
machine's; a cause the run did not measure is written as a hypothesis with its test."""
from ...model.text import ns, pct, times  # noqa: F401 (the claims' formatters, one per unit)

FORMAT = {"ns": ns, "%": pct, "x": times}  # A band's unit -> its formatter.


def _layouts(found):
    return " (layout%s %s)" % ("s" if len(found) > 1 else "", ", ".join(map(str, found))) \
        if found else ""


def interval(e, fmt):
    """An estimate in words: the value, its 95% interval and processes; where the processes split
    in two modes, each mode with its count and the code layouts its processes ran in (a split
    that follows the layouts is the build's layout, not the process's)."""
    if e is None:
        return "?"
    text = "%s (95%%: %s .. %s, %d processes)" % (fmt(e["value"]), fmt(e["low"]), fmt(e["high"]),
                                                  e["processes"])
    if e.get("modes"):
        # The layouts are named where the processes ran in more than one.
        sides = [set(m[2]) if len(m) > 2 else set() for m in e["modes"]]
        named = len(sides[0] | sides[1]) > 1
        text += "; two modes: %s" % ", ".join(
            "%s in %d of %d processes%s" % (fmt(m[0]), m[1], e["processes"],
                                            _layouts(sorted(side)) if named else "")
            for m, side in zip(e["modes"], sides))
        if named and sides[0] and sides[1] and not sides[0] & sides[1]:
            text += ", split by the code's layout"
    return text


def rust(e, fmt, what="#[async_trait] against a native async fn"):
    """The Rust twin's figure, as a clause of the measured words (empty where not measured)."""
    return ("; the same in real Rust (rustc, bench/rust: %s), interleaved in its own set: %s"
            % (what, interval(e, fmt))) if e else ""


def parts(estimates, fmt):
    """Each measured part with its estimate."""
    return "; ".join("%s: %s" % (k, interval(e, fmt)) for k, e in estimates.items() if e)
