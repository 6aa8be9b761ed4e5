"""The verdict rule: a part's estimate against its band, a row's verdict from its parts' by the
claim's rule, and the verdict as a value (its kind, whether an edge could turn it, whether a part's
processes split in two modes), rendered once as the text the tables show.

- ALL: the claim says all its parts (C6: the executor, with syscalls and without, and boxing; C8
  and C11: both halves): reproduced when every part is, not reproduced when any part is not,
  inconclusive otherwise.
- ANY: the source leaves a choice it did not record (C2: the tree's fan-out; C7: the method):
  reproduced when some reading is, not reproduced when every reading is not, inconclusive
  otherwise; the explanation says which readings fit.
- PREMISE: arithmetic on another claim's figure (C4 and C5 on C1's): no band of its own; the
  arithmetic is shown, and the verdict is the premise's.

Every estimate a verdict rests on carries a 95% interval over runner processes: reproduced when
the whole interval lies in the band, not reproduced when it lies wholly outside, inconclusive when
it straddles an edge. A verdict whose interval ends within one half-width of an edge is marked
edge-sensitive: another draw of processes could move it across.

A band is the published figure within a factor of two either way unless the part says otherwise:
a microbenchmark on another machine that lands within 2x reproduces the claim's magnitude; one
that lands outside is a finding to explain, which the explanation does from the run's figures.
"""
import collections
import math

REPRODUCED, NOT, INCONCLUSIVE, NOT_C, MISSING = (
    "reproduced", "not reproduced", "inconclusive", "not reproducible in C", "not measured")
EDGE = "edge-sensitive"
ALL, ANY, PREMISE = "all", "any", "premise"


class Verdict(str):
    """A verdict: its kind (REPRODUCED ... MISSING), edge (an edge could turn it), premise (the
    claim whose verdict it repeats) and modes (a part's processes split in two); the string is
    how every table shows it."""

    def __new__(cls, kind, edge=False, premise=None, modes=False):
        edge = bool(edge) and kind in (REPRODUCED, NOT)
        text = kind + (" (%s)" % EDGE if edge else "") + (" (%s's)" % premise if premise else "")
        v = super().__new__(cls, text)
        v.kind, v.edge, v.premise, v.modes = kind, edge, premise, modes
        return v


def kind(verdict):
    """A verdict's kind, from a Verdict or from its text read back from a file."""
    return getattr(verdict, "kind", None) or verdict.split(" (")[0]


class Band(collections.namedtuple("Band", "low high unit what")):
    """[low, high] in unit, around `what` (the figure that is held against it)."""

    def verdict(self, low, high):
        """Reproduced when the whole interval lies in the band, not reproduced when it lies wholly
        outside, inconclusive when it straddles an edge."""
        if low is None or high is None:
            return MISSING
        if self.low <= low and high <= self.high:
            return REPRODUCED
        if high < self.low or low > self.high:
            return NOT
        return INCONCLUSIVE

    def edge_sensitive(self, low, high):
        """Whether an edge lies within half the interval's width of either end: a verdict another
        draw of processes could turn."""
        half = (high - low) / 2
        return any(math.isfinite(e) and (low - half <= e <= high + half)
                   for e in (self.low, self.high))

    def __str__(self):
        if math.isinf(self.high):
            return "%s: above %.4g %s" % (self.what, self.low, self.unit)
        return "%s: %.4g .. %.4g %s" % (self.what, self.low, self.high, self.unit)


def twice(low, high=None):
    """The default band: the published figure (or range) within a factor of two either way (a
    negative one too: from twice its size to half of it)."""
    return tuple(sorted((low / 2, (high if high is not None else low) * 2)))


class Part(collections.namedtuple("Part", "name published band")):
    """One published figure of a claim: published is (low, high), equal for a single number; band
    is None for a PREMISE claim's parts."""


def part(name, low, high=None, unit="ns", what=None, band=None):
    """A part whose band is twice its published figure either way, unless one is given."""
    high = low if high is None else high
    return Part(name, (low, high), band or Band(*twice(low, high), unit, what or name))


def judge(parts, estimates):
    """{part name: (verdict kind, edge-sensitive)} of the parts against their estimates."""
    out = {}
    for p in parts:
        e = estimates.get(p.name)
        out[p.name] = (MISSING, False) if e is None else (
            p.band.verdict(e["low"], e["high"]), p.band.edge_sensitive(e["low"], e["high"]))
    return out


def combine(rule, verdicts):
    """A row's verdict kind from its parts' (parts not measured are left out) by the rule."""
    got = [v for v in verdicts if v != MISSING]
    if not got:
        return MISSING
    if rule == ALL:
        return REPRODUCED if all(v == REPRODUCED for v in got) and len(got) == len(verdicts) \
            else NOT if NOT in got else INCONCLUSIVE
    return REPRODUCED if REPRODUCED in got else NOT if all(v == NOT for v in got) \
        else INCONCLUSIVE


def turnable(rule, verdict, judged):
    """Whether edge-sensitive parts could turn the row's verdict: where every part must have it
    (ALL reproduced, ANY not reproduced), any one of them; where one part suffices (ALL not
    reproduced, ANY reproduced), every part that has it."""
    edges = [edge for v, edge in judged.values() if v == verdict]
    every = (rule == ALL) == (verdict == REPRODUCED)
    return any(edges) if every else all(edges)


def of_row(rule, judged, estimates):
    """The row's Verdict from its judged parts."""
    k = combine(rule, [v for v, _ in judged.values()])
    modes = any(e and e.get("modes") for e in estimates.values())
    return Verdict(k, k in (REPRODUCED, NOT) and turnable(rule, k, judged), modes=modes)
