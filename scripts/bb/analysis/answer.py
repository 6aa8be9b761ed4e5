"""The answer a results folder gives, in a few figures, for the top of the report: what a boxed call
costs here over native for a small future (per allocator, with its interval where an interleaved
set measured it), the same in both shapes rustc compiles it in (moved into the box, built in it)
at a few sizes, the future size from which the cost passes 100 ns and 1 us, the call rate at which
it costs 1% of a core, and the sources' three headline figures against this machine's."""
import statistics

from ..model import roles
from . import fidelity
from .claims.common import box_inline

# The sources' headline figures: about 20-30 ns per boxed call (C1), up to about 1.2 us under
# adversarial conditions (C2), 1.3% with syscalls in the loop (C3).
HEADLINES = ("C1", "C2", "C3")
THRESHOLDS_NS = (100, 1000)
CORE_SHARE = 0.01  # "1% of a core"
SIZE = 64  # The small future the first line speaks of: the middle of the claims' small sizes.


def _chain(summary, allocator, mode=roles.BOX):
    """{size: the mode's overhead over inline in ns}, warm, depth 1, pending: the size sweep."""
    return {r["size"]: r["overhead_ns"] for r in summary or ()
            if r["allocator"] == allocator and r["mode"] == mode and r["state"] == roles.WARM
            and r["depth"] == 1 and r["pattern"] == roles.PENDING and r["overhead_ns"] is not None}


def shapes(data, sizes=(SIZE, 4096, 65536)):
    """[{allocator, size, moved, built}]: box's overhead (the future moved into the box) beside
    box-inplace's (built in it: the other shape rustc compiles #[async_trait] in) at a few sizes,
    the matrix's medians, where both were measured."""
    out = []
    for a in dict.fromkeys(r["allocator"] for r in data.get("summary") or ()):
        moved, built = _chain(data.get("summary"), a), _chain(data.get("summary"), a, roles.INPLACE)
        out += [dict(allocator=a, size=s, moved=moved[s], built=built[s]) for s in sizes
                if s in moved and s in built]
    return out


def small_cost(data):
    """[{allocator, ns, low, high, processes, how}] per allocator: box minus inline for a SIZE-byte
    future, pending, warm; from the interleaved small set where it ran on the allocator (with its
    95% interval over processes), else the matrix's median (no interval): how says which."""
    out, seen, fig = [], set(), box_inline(SIZE, roles.PENDING)
    for f in data.get("figures") or ():
        if (f["set"], f["figure"]) == (fig.set, fig.name):
            out.append(dict(allocator=f["allocator"], ns=f["mean"], low=f["low"], high=f["high"],
                            processes=f["processes"], how="set"))
            seen.add(f["allocator"])
    for a in dict.fromkeys(r["allocator"] for r in data.get("summary") or ()):
        ns = _chain(data.get("summary"), a).get(SIZE)
        if a not in seen and ns is not None:
            out.append(dict(allocator=a, ns=ns, low=None, high=None, processes=None,
                            how="median"))
    return out


def thresholds(data):
    """{allocator: {threshold ns: (size below, its ns, size at or above, its ns) or None}}: between
    which measured sizes box's overhead (warm, depth 1, pending) first reaches each threshold;
    (None, None, size, ns) when the smallest size already does, None when no size does."""
    out = {}
    for a in dict.fromkeys(r["allocator"] for r in data.get("summary") or ()):
        chain = sorted(_chain(data.get("summary"), a).items())
        if len(chain) < 2:
            continue
        out[a] = {}
        for t in THRESHOLDS_NS:
            at = next((i for i, (_, ns) in enumerate(chain) if ns >= t), None)
            out[a][t] = None if at is None else (chain[at - 1] if at else (None, None)) + chain[at]
    return out


def calls_per_core_share(ns):
    """Calls per second at which a cost of ns per call takes CORE_SHARE of one core."""
    return CORE_SHARE / (ns * 1e-9) if ns and ns > 0 else None


def headlines(claim_rows):
    """The headline claims' rows, in HEADLINES' order (those present)."""
    by = {r["id"]: r for r in claim_rows or ()}
    return [by[c] for c in HEADLINES if c in by]


def machine_bound(claim_rows):
    """[(control, [claim ids], {allocator: ns})]: the verdicts another machine would move, grouped
    by the cost they are bound to (each claim module's BOUND), with what it costs here."""
    out = {}
    for r in claim_rows or ():
        if r.get("bound"):
            control, got = r["bound"]
            ids, _ = out.setdefault(control, ([], got))
            ids.append(r["id"])
    return [(c, ids, got) for c, (ids, got) in out.items()]


def answer(data, claim_rows):
    small = small_cost(data)
    typical = statistics.median([s["ns"] for s in small]) if small else None
    return {"small": small, "thresholds": thresholds(data),
            "rate": calls_per_core_share(typical), "typical_ns": typical,
            "headlines": headlines(claim_rows), "shapes": shapes(data),
            "fidelity": fidelity.share_words(data.get("fidelity")),
            "machine_bound": machine_bound(claim_rows)}
