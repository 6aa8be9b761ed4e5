"""The claims: every published figure boxbench checks (docs/claims.md), one module each (c1.py,
c2.py, ...), found here by their names, so a new claim is a new module and its row in
docs/claims.md.

A claim's module holds its words of record (ID, CLAIM, SOURCE, PUBLISHED), its parts (the published
figures, each with the band it is held against: verdict.py), its RULE, the Figure objects it RESTS
on (model/figures.py; the sets a run measures derive from them), its `figure(got, t)`, which
computes every part's estimate from the figures it rests on (handed to it by Figure: got.py) and
the run's tables, and its `say(f)`, which words them as (measured, explanation). Optional: BOUND,
the machine cost its figure is bound to; ORIGINAL, the parts the original event loop measures too;
PREMISE_OF, for a PREMISE claim, the claim whose figure it rests on and whose verdict it repeats
(in place of RESTS and MISSING).

This engine judges each row: the parts against their bands, the row by its rule, the edges and
modes, the original's figures beside the port's, and what the run says of the machine.
"""
import collections
import importlib
import math
import pkgutil
import random
import re

from ...model import figures
from .context import (bound, bound_words, differing_cells, original_parts, original_words,
                      processes_words, short_sets)
from .got import Got
from .verdict import (ALL, ANY, EDGE, INCONCLUSIVE, MISSING, NOT, NOT_C, PREMISE, REPRODUCED, Band,
                      Part, Verdict, combine, judge, kind, of_row, turnable)

# The verdict's names are the claims' readers' too (sequential.py, the plots, the tests).
__all__ = ["ALL", "ANY", "EDGE", "INCONCLUSIVE", "MISSING", "NOT", "NOT_C", "PREMISE",
           "REPRODUCED", "Band", "Part", "Verdict", "combine", "judge", "kind", "turnable",
           "CLAIMS", "BY_ID", "NOT_IN_C", "sets", "resting", "original_figures", "figure", "row",
           "rows", "redraws"]

Claim = collections.namedtuple("Claim", "id claim source published parts rule rests figure say "
                                        "missing bound original premise")


def _load():
    """The claim modules of this package (c<N>.py), in their numbers' order."""
    names = sorted((int(m.name[1:]), m.name) for m in pkgutil.iter_modules(__path__)
                   if re.fullmatch(r"c\d+", m.name))
    out = []
    for _, name in names:
        m = importlib.import_module("." + name, __name__)
        premise = getattr(m, "PREMISE_OF", None)  # A PREMISE claim rests on its premise's sets.
        out.append(Claim(m.ID, m.CLAIM, m.SOURCE, m.PUBLISHED, m.PARTS, m.RULE,
                         tuple(m.RESTS if premise is None else premise.RESTS), m.figure, m.say,
                         m.MISSING if premise is None else "%s's figure" % premise.ID,
                         getattr(m, "BOUND", None), getattr(m, "ORIGINAL", {}),
                         premise.ID if premise else None))
    return tuple(out)


CLAIMS = _load()
BY_ID = {c.id: c for c in CLAIMS}
NOT_IN_C = (
    ("X1", "axum 0.8 without async_trait: P99 latency about halved", "about -50% P99",
     "a property of a whole Rust web stack under load, not of one boxed call: a C emulation of the "
     "call cannot reproduce it"),
    ("X2", "removing async_trait: 12% faster incremental builds (3 s of 25 s)", "-12% build time",
     "a property of Rust's compiler and proc macros; there is no C counterpart"),
)
NOT_IN_C_SOURCE = "blog post 'eager to remove async_trait?'"


def sets(cat):
    """The interleaved sets every claim's figures are measured in, bound to the catalogue."""
    return figures.sets_of(figures.bound(cat, [f for c in CLAIMS for f in c.rests]))


def resting(cat):
    """{set label: the ids of the claims whose figures it measures}."""
    out = collections.defaultdict(list)
    for c in CLAIMS:
        for label in dict.fromkeys(f.set for f in figures.bound(cat, c.rests)):
            out[label].append(c.id)
    return dict(out)


def original_figures():
    """The port's figures the original event loop measures too, once each."""
    return list(dict.fromkeys(f for c in CLAIMS for f, _, _ in c.original.values()))


def figure(cid, t):
    """Claim cid's figure from a run's tables (None where the run measured nothing it rests on)."""
    return BY_ID[cid].figure(Got(t), t)


def _g(v):
    """A figure as the claims table shows it, in its band's unit."""
    return "%.4g" % v


def _cells(estimates):
    """(figure, interval) as the claims table shows them, in the bands' units."""
    parts = [(k, e) for k, e in estimates.items() if e]
    if len(parts) == 1:
        (_, e), = parts
        return _g(e["value"]), "%s .. %s" % (_g(e["low"]), _g(e["high"]))
    return ("; ".join("%s: %s" % (k, _g(e["value"])) for k, e in parts),
            "; ".join("%s: %s .. %s" % (k, _g(e["low"]), _g(e["high"])) for k, e in parts))


def _bands(c):
    if c.rule == PREMISE:
        return "arithmetic on %s: no band of its own" % c.premise
    if len(c.parts) == 1 or all(p.band is c.parts[0].band for p in c.parts):
        return str(c.parts[0].band)
    return "; ".join("%s: %s" % (p.name, p.band) for p in c.parts)


def _part_rows(c, estimates):
    """Each measured part's row: its figure, interval, band and the values the plots draw."""
    return [{"part": p.name, "figure": _g(e["value"]), "interval": "%s .. %s" % (
                _g(e["low"]), _g(e["high"])), "band": str(p.band) if p.band else _bands(c),
             "unit": p.band.unit if p.band else "", "values": (e["value"], e["low"], e["high"]),
             "published_values": p.published,
             # An open band ("above x") has no high end: None, as JSON has no infinity.
             "band_values": (p.band.low, p.band.high if math.isfinite(p.band.high) else None)
             if p.band else None}
            for p in c.parts for e in [estimates.get(p.name)] if e]


def row(c, t, premises=None, got=None):
    """One claim's row from the tables t: the figure, its interval, the band, the verdict that
    follows from those three by the claim's rule (for PREMISE, the premise's verdict, from
    premises: {id: row}), and the words."""
    got = got or Got(t)
    base = {"id": c.id, "claim": c.claim, "source": c.source, "published": c.published,
            "band": _bands(c)}
    f = c.figure(got, t)
    short = short_sets(t, c.id)
    if f is None:
        return dict(base, measured="-", figure="-", interval="-", verdict=Verdict(MISSING),
                    explanation="not measured: %s" % short if short else
                    "this run did not measure %s" % c.missing)
    measured, explanation = c.say(f)
    if short:
        explanation += "; parts not measured: %s" % short
    far = differing_cells(t, c.id)
    if far:
        explanation = ("C differs from Rust beyond 25%% in cells this figure rests on (C / Rust: "
                       "%s); " % far) + explanation
    parts = _part_rows(c, f["parts"])
    if c.rule == PREMISE:
        premise = (premises or {}).get(c.premise, {}).get("verdict", Verdict(MISSING))
        verdict = Verdict(kind(premise), getattr(premise, "edge", False))
        explanation += " (%s: %s)" % (c.premise, premise)
        for p in parts:
            p["verdict"] = Verdict(kind(premise), getattr(premise, "edge", False), c.premise)
    else:
        judged = judge(c.parts, f["parts"])
        verdict = of_row(c.rule, judged, f["parts"])
        if len(judged) > 1:
            explanation += "; parts: " + ", ".join("%s %s" % (k, v) for k, (v, _) in judged.items())
        for p in parts:
            p["verdict"] = Verdict(*judged[p["part"]])
        found = original_parts(got, c)
        if found:
            explanation += "; " + original_words(c, found, judged, f["parts"])
            for p in parts:
                if p["part"] in found:
                    p["original"] = found[p["part"]][1]
    for said in (bound_words(t, c), processes_words(t, c.id)):
        if said:
            explanation += "; " + said
    figure_, interval = _cells(f["parts"])
    return dict(base, measured=measured, figure=figure_, interval=interval, verdict=verdict,
                explanation=explanation, parts=parts, bound=bound(t, c))


def rows(t):
    """Every claim's row, then the claims C cannot reproduce."""
    got, out = Got(t), []
    for c in CLAIMS:
        out.append(row(c, t, {r["id"]: r for r in out}, got))
    for cid, claim, published, why in NOT_IN_C:
        out.append({"id": cid, "claim": claim, "source": NOT_IN_C_SOURCE, "published": published,
                    "measured": "-", "figure": "-", "interval": "-", "band": "-",
                    "verdict": Verdict(NOT_C), "explanation": why})
    return out


def redraws(t, processes, draws=200, seed=1):
    """How the verdicts move when each set's runner processes are drawn anew: {id: {verdict kind:
    share of draws}} over `draws` draws, with replacement, of `processes` processes per set and
    allocator (the bootstrap, at the run's own number or at another plan's), the rest of the
    tables as they are. A claim whose verdict holds in every draw does not depend on which
    processes ran."""
    rng = random.Random(seed)
    groups = collections.defaultdict(list)
    for r in t.get("figure_processes") or ():
        groups[r["set"], r["allocator"]].append(r)
    by_process = {g: sorted({r["process"] for r in found}) for g, found in groups.items()}
    counts = collections.defaultdict(collections.Counter)
    for _ in range(draws):
        drawn = []
        for g, found in groups.items():
            for k, p in enumerate(rng.choices(by_process[g], k=processes)):
                drawn += [dict(r, process=k + 1) for r in found if r["process"] == p]
        for r in rows(dict(t, figure_processes=drawn)):
            if r["verdict"].kind != NOT_C:
                counts[r["id"]][r["verdict"].kind] += 1
    return {cid: {v: n / draws for v, n in c.items()} for cid, c in counts.items()}
