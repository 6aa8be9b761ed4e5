"""Box and the ways Rust code avoids it, side by side. From summary.csv's rows: per allocator,
state, pattern, depth and size, the overhead over inline of every mode that runs a future
(mitigations.csv: one <mode>_ns column each), and where box and native-moved were both measured,
the size from which a native chain that moves its children costs as much as boxing
(crossover.csv). The terminal tables and the plots start from these."""
from ..model import roles

BOX, MOVED = roles.BOX, roles.MOVED
KEY = ("allocator", "state", "pattern", "depth")


def _group(summary):
    """{(allocator, state, pattern, depth): {size: {mode: row}}}, in the summary's order."""
    groups = {}
    for r in summary:
        if r.get("size") is None or r.get("overhead_ns") is None:
            continue  # The harness's row, or a baseline's own.
        groups.setdefault(tuple(r[k] for k in KEY), {}).setdefault(r["size"], {})[r["mode"]] = r
    return groups


def rows(summary, baseline):
    """mitigations.csv: a row per coordinates where box and at least one other mode were measured;
    and the mode columns (every mode but the baseline), in the summary's order."""
    modes = list(dict.fromkeys(r["mode"] for r in summary if r["mode"] != baseline and
                               r.get("size") is not None and r.get("overhead_ns") is not None))
    if BOX not in modes or len(modes) < 2:
        return [], []
    out = []
    for key, sizes in _group(summary).items():
        for size, by in sorted(sizes.items()):
            if BOX in by and len(set(by) & set(modes)) > 1:
                row = dict(zip(KEY, key), size=size)
                row.update({m + "_ns": by[m]["overhead_ns"] for m in by if m in modes})
                out.append(row)
    return out, [m + "_ns" for m in modes]


def crossover(summary):
    """crossover.csv: per coordinates where box and native-moved share two sizes or more, the
    largest size at which the moving chain is cheaper (moved_cheaper_to) and the next measured
    size (box_cheaper_from), from which it costs as much or more at every size measured; empty
    where the measured sizes hold no such size. The last crossing, not the first: near the
    crossover the two differ by less than the noise, and an early tie does not make it."""
    out = []
    for key, sizes in _group(summary).items():
        both = [(s, by[MOVED]["ns_per_call"] - by[BOX]["ns_per_call"])
                for s, by in sorted(sizes.items()) if BOX in by and MOVED in by]
        if len(both) < 2:
            continue
        last = max((i for i, (_, d) in enumerate(both) if d < 0), default=None)
        out.append(dict(zip(KEY, key), sizes=len(both),
                        moved_cheaper_to=None if last is None else both[last][0],
                        box_cheaper_from=both[0][0] if last is None else
                        both[last + 1][0] if last + 1 < len(both) else None))
    return out


def mode_columns(rows):
    """The <mode>_ns columns of mitigations rows, in their order."""
    return list(dict.fromkeys(c for r in rows for c in r if c.endswith("_ns")))


