"""C / Rust: how far the emulation is from the Rust it emulates, cell by cell, on this machine.

Each fidelity set (figures.py) interleaves C matrix units with their Rust counterparts (bench/rust)
in one runner process, round after round, over several processes; a cell's figure is the C unit's
ns per call over the Rust unit's, with its 95% interval over the processes. A cell agrees when its
whole interval lies within 25% either way (0.8 .. 1.25), differs when it lies wholly outside, and
is unclear otherwise. Beside each figure are the differences the catalogue measures without a
clock (bytes of future state each side builds, allocations per call), which say what a cell that
differs does differently; `boxbench count` gives instructions per call of either side.
"""
from ..model import figures
from ..model.text import markdown_table

BAND = (0.8, 1.25)  # C / Rust within 25% either way
AGREES, DIFFERS, UNCLEAR = "agrees", "differs", "unclear"


def verdict(low, high):
    if BAND[0] <= low and high <= BAND[1]:
        return AGREES
    if high < BAND[0] or low > BAND[1]:
        return DIFFERS
    return UNCLEAR


def _differences(c, r):
    """What the catalogue says the two sides do differently, in words (empty if nothing)."""
    out = []
    if c.future_bytes != r.future_bytes:
        out.append("future state C %d B, Rust %d B" % (c.future_bytes, r.future_bytes))
    if c.allocs != r.allocs:
        out.append("allocations C %g, Rust %g" % (c.allocs, r.allocs))
    return "; ".join(out)


def rows(figure_rows, catalogues):
    """The fidelity table from the figures table and {allocator: catalogue}: a row per cell and
    allocator, in the figures' order."""
    out = []
    for f in figure_rows or ():
        cat = catalogues.get(f["allocator"])
        if figures.kind(f["set"]) != figures.FIDELITY or cat is None:
            continue
        c = cat.by_name.get(f["figure"])
        r = cat.rust_of(c) if c is not None else None
        if r is None:
            continue
        out.append(dict(mode=c.mode, size=c.size, depth=c.depth, pattern=c.pattern,
                        allocator=f["allocator"], c_over_rust=f["mean"], low=f["low"],
                        high=f["high"], processes=f["processes"],
                        verdict=verdict(f["low"], f["high"]),
                        c_future_bytes=c.future_bytes, rust_future_bytes=r.future_bytes,
                        c_allocs_per_call=c.allocs, rust_allocs_per_call=r.allocs,
                        differences=_differences(c, r), unit=c.name))
    return out


def cells_words(rows):
    """Cells with their C / Rust, in words: "box 256 B depth 1 ready on glibc 0.71, ..."."""
    return ", ".join("%s %d B depth %d %s on %s %.2f" % (
        r["mode"], r["size"], r["depth"], r["pattern"], r["allocator"], r["c_over_rust"])
        for r in rows)


def shares(rows):
    """[(mode, allocator, {verdict: cells})] in the rows' order: how each mode fares on each
    allocator, the fidelity verdict of the run."""
    out = {}
    for r in rows or ():
        got = out.setdefault((r["mode"], r["allocator"]), dict.fromkeys((AGREES, DIFFERS, UNCLEAR),
                                                                        0))
        got[r["verdict"]] += 1
    return [(m, a, n) for (m, a), n in out.items()]


def share_words(rows):
    """The share of cells that agree, per mode and allocator, in words (empty without rows)."""
    return "; ".join("%s on %s %d of %d agree%s" % (
        m, a, n[AGREES], sum(n.values()), ", %d differ" % n[DIFFERS] if n[DIFFERS] else "")
        for m, a, n in shares(rows))


def words(rows):
    """One sentence for the report and claims.md: how many cells agree per mode and allocator,
    then in all, and those that differ most."""
    if not rows:
        return ""
    n = {v: sum(r["verdict"] == v for r in rows) for v in (AGREES, DIFFERS, UNCLEAR)}
    far = sorted((r for r in rows if r["verdict"] == DIFFERS),
                 key=lambda r: -abs(r["c_over_rust"] - 1))
    text = ("Per mode: %s. C / Rust in %d cells: within 25%% in %d, beyond it in %d, unclear in %d"
            % (share_words(rows), len(rows), n[AGREES], n[DIFFERS], n[UNCLEAR]))
    if far:
        text += "; farthest: " + cells_words(far[:5])
    return text + "."


def markdown(rows):
    """The fidelity table as a section of claims.md (nothing without rows)."""
    if not rows:
        return []
    out = ["## The emulation against real Rust", "",
           words(rows) + " Each C unit's ns per call over its Rust counterpart's (bench/rust, "
           "rustc), interleaved in the same runner processes; the 95% interval is over them. "
           "Agrees: the interval within 0.8 .. 1.25.", ""]
    return out + markdown_table(
        ("mode", "size", "depth", "pattern", "allocator", "C / Rust", "95% interval", "verdict",
         "what differs"),
        [(r["mode"], "%d" % r["size"], "%d" % r["depth"], r["pattern"], r["allocator"],
          "%.2f" % r["c_over_rust"], "%.2f .. %.2f" % (r["low"], r["high"]), r["verdict"],
          r["differences"]) for r in rows])
