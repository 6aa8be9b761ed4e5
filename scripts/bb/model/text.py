"""Terminal tables (every command's columns are laid out by this one function) and the formatters
of a duration, a size, a percentage and a ratio that every table, page and plot uses."""


def markdown_table(head, rows):
    """A Markdown table: head and rows of cells (strings); a "|" in a cell becomes "/"."""
    fmt = lambda cells: "| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |"
    return [fmt(head), "|" + "---|" * len(head)] + [fmt(r) for r in rows]


# One formatter per unit. A duration reads in the unit that keeps it short; `digits` says how:
# None for the claims' words (two decimals, one above 100), a number for that many significant
# digits (the report's sentences), 0 for a plot's label (whole numbers, no space).

def ns(v, digits=None):
    """A duration given in ns, in ns, us or ms."""
    if v is None:
        return "?"
    unit, x = next(((u, v / d) for u, d in (("ms", 1e6), ("us", 1e3)) if abs(v) >= d),
                   ("ns", v))
    if digits == 0:
        return ("%.0f%s" if unit == "ns" else "%.1f%s") % (x, unit)
    if digits is not None:
        return "%.*g %s" % (digits, x, unit)
    return ("%.1f %s" if unit == "ns" and abs(x) >= 100 else "%.2f %s") % (x, unit)


def size(n, sep=" "):
    """A size in bytes, in MiB or KiB where it is a whole number of them, else in B."""
    for unit, div in (("MiB", 1 << 20), ("KiB", 1024)):
        if n >= div and n % div == 0:
            return "%d%s%s" % (n // div, sep, unit)
    return "%d%sB" % (n, sep)


def pct(v):
    """A percentage difference, signed."""
    return "%+.2f%%" % v


def times(v):
    """A ratio."""
    return "%.2fx" % v
