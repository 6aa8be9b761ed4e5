"""What `boxbench history` shows of a store: each figure's series per machine with the steps and
drifts found in it (model/trends.py) and what changed at each step; the machines with each
claim's verdicts on them; each figure pooled over a machine's runs, with the pooled interval's
coverage checked on the store itself (each run held out in turn against the others' prediction
interval)."""
import collections
import json
import math
import re

from ..folder import history
from ..model import trends
from . import claims, runrecord
from .claims import verdict as rule

METHOD = ("step: two-sided Mann-Whitney rank test at the best split (at least %d runs a side), "
          "Bonferroni over the splits searched; drift: Theil-Sen slope, Mann-Kendall test; each "
          "series gets the one with the smaller absolute residuals; Benjamini-Hochberg at %g over "
          "the family; the last %d runs of each series" % (trends.MIN_SIDE, trends.FDR,
                                                           trends.WINDOW))


def _series(conn, figure_re, machine, since):
    """(runs by id, {(figure, allocator, machine): [(run id, mean, low, high)] oldest first})."""
    runs = {r["id"]: r for r in history.runs(conn, machine, since)}
    pattern = re.compile(figure_re) if figure_re else None
    series = collections.OrderedDict()
    for fig, alloc, key, run_id, mean, low, high in history.series(conn, machine, since):
        if pattern is None or pattern.search(fig):
            series.setdefault((fig, alloc, key), []).append((run_id, mean, low, high))
    return runs, series


def _changed(before, after):
    """What differs between two runs on either side of a step: commit, toolchain, kind of run."""
    out = []
    if before["commit_id"] != after["commit_id"]:
        out.append("commit %s -> %s" % ((before["commit_id"] or "?")[:10],
                                        (after["commit_id"] or "?")[:10]))
    if before["toolchain_key"] != after["toolchain_key"]:
        a, b = json.loads(before["toolchain"]), json.loads(after["toolchain"])
        out.append("toolchain (%s)" % ", ".join(sorted(k for k in set(a) | set(b)
                                                      if a.get(k) != b.get(k))))
    if before["quick"] != after["quick"]:
        out.append("quick and full runs")
    return out or ["nothing recorded (the machine itself, or chance)"]


def show(conn, figure_re, machine, since):
    runs, series = _series(conn, figure_re, machine, since)
    values = {k: [p[1] for p in pts if p[1] is not None] for k, pts in series.items()}
    found, tested = trends.findings(values)
    out = []
    for (fig, alloc, key), kind, p, detail in found:
        pts = [pt for pt in series[fig, alloc, key] if pt[1] is not None]
        item = {"figure": fig, "allocator": alloc, "machine": key, "kind": kind, "p": p}
        if kind == "step":
            k, before, after = detail
            item.update(before=before, after=after, run=k, at=runs[pts[k][0]]["started"],
                        changed=_changed(runs[pts[k - 1][0]], runs[pts[k][0]]))
        else:
            item.update(slope_per_run=detail[0])
        out.append(item)
    rows = [{"figure": fig, "allocator": alloc, "machine": key, "runs": len(pts),
             "last": [pt[1] for pt in pts[-5:]], "first": runs[pts[0][0]]["started"],
             "newest": runs[pts[-1][0]]["started"], "points": [pt[1:4] for pt in pts]}
            for (fig, alloc, key), pts in series.items()]
    return {"runs": len(runs), "series": rows, "findings": out, "tests": tested,
            "one_sided": trends.one_sided([(None, f["kind"], f["p"],
                                            (None, f["before"], f["after"]) if f["kind"] == "step"
                                            else (f["slope_per_run"],)) for f in out]),
            "method": METHOD}


def machines(conn):
    out = []
    for key, derived, summary, count, first, last in history.machines(conn):
        ids = [r["id"] for r in history.runs(conn, key)]
        verdicts = collections.defaultdict(collections.Counter)
        latest = {}
        for run_id, judged in history.verdicts_of(conn, ids).items():
            for claim, verdict in judged.items():
                if runrecord.PART in claim:
                    continue  # A part's verdict: the claim's row counts.
                verdicts[claim][verdict.split(" (")[0]] += 1
                latest[claim] = verdict
        out.append({"machine": key, "derived": bool(derived), "summary": summary, "runs": count,
                    "first": first, "last": last,
                    "claims": {c: {"latest": latest[c], "counts": dict(verdicts[c])}
                               for c in sorted(verdicts, key=lambda c: (c[0], int(c[1:])))}})
    return {"machines": out}


HELD_OUT = 20  # The newest runs of a series held out in turn to check the pooled interval.


def _held_out(estimates):
    """Of runs' (mean, low, high): how many fall in the 95% prediction interval the others pool
    to (their random-effects mean, its variance, tau^2 and the held-out run's own variance)."""
    hit = tried = 0
    for i in range(max(0, len(estimates) - HELD_OUT), len(estimates)):
        m, lo, hi = estimates[i]
        rest = estimates[:i] + estimates[i + 1:]
        got = trends.pooled(rest)
        if got is None:
            continue
        mean, low, high, tau = got
        se_pool, se_own = (high - low) / (2 * 1.96), (hi - lo) / (2 * 1.96)
        half = 1.96 * math.sqrt(se_pool ** 2 + tau ** 2 + se_own ** 2)
        tried += 1
        hit += abs(m - mean) <= half
    return hit, tried


def pool(conn, figure_re, machine, since):
    """Each figure pooled over the last trends.WINDOW runs of one machine and toolchain (random
    effects), and the prediction interval's coverage over the store: each of the newest HELD_OUT
    runs of a series held out in turn against the others."""
    runs, series = _series(conn, figure_re, machine, since)
    rows, hits, tries = [], 0, 0
    for (fig, alloc, key), pts in series.items():
        by_chain = collections.defaultdict(list)
        for run_id, m, lo, hi in pts:
            if None not in (m, lo, hi):
                by_chain[runs[run_id]["toolchain_key"]].append((m, lo, hi))
        for chain, est in by_chain.items():
            est = est[-trends.WINDOW:]
            got = trends.pooled(est)
            if got is None:
                continue
            h, t = _held_out(est)
            hits, tries = hits + h, tries + t
            rows.append({"figure": fig, "allocator": alloc, "machine": key, "toolchain": chain,
                         "runs": len(est), "mean": got[0], "low": got[1], "high": got[2],
                         "tau": got[3], "single_low": min(e[1] for e in est),
                         "single_high": max(e[2] for e in est)})
    return {"figures": rows, "coverage": {"held_out": tries, "inside": hits},
            "method": "DerSimonian-Laird random effects over the last %d runs of one machine "
                      "key and toolchain; coverage: each of the newest %d held out, against the "
                      "95%% prediction interval of the others" % (trends.WINDOW, HELD_OUT)}


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _point(label, figure, interval, verdict):
    """(label, value, low, high, verdict kind) of a claim's figure as its row words it, or None
    where it is not one number with an interval "low .. high" (a claim of several parts)."""
    value = _number(figure)
    ends = (interval or "").split(" .. ")
    low, high = (_number(ends[0]), _number(ends[1])) if len(ends) == 2 else (None, None)
    if None in (value, low, high):
        return None
    return label, value, low, high, verdict.split(" (")[0]


def claim_history(conn, machine, rows, own_uid=None):
    """{claim: {"band": (low, high) or None, "points": [...]}}: each single-figure claim's figure
    over the store's runs of this machine key, oldest first, then this run's (rows); a run already
    in the store (own_uid) only once, as this one."""
    ids = [r["id"] for r in history.runs(conn, machine) if r["uid"] != own_uid]
    started = {r["id"]: r["started"] for r in history.runs(conn, machine)}
    out = collections.OrderedDict()
    got = collections.defaultdict(list)
    for run_id in ids:
        for claim, verdict, figure, interval in conn.execute(
                "SELECT claim, verdict, figure, interval FROM verdicts WHERE run = ?", (run_id,)):
            p = _point(started[run_id][:10], figure, interval, verdict)
            if p:
                got[claim].append(p)
    this = {r["id"]: _point("this run", r.get("figure"), r.get("interval"),
                            str(r.get("verdict", ""))) for r in rows or ()}
    for c in claims.CLAIMS:
        if len(c.parts) != 1 or c.parts[0].band is None:
            continue  # A claim of several parts, or a premise's arithmetic: no one figure.
        points = got[c.id] + ([this[c.id]] if this.get(c.id) else [])
        if points:
            band = c.parts[0].band
            pooled = trends.pooled([p[1:4] for p in points])
            out[c.id] = {"band": (band.low, band.high), "unit": band.unit, "points": points,
                         # Its runs pooled (random effects) and judged against the band.
                         "pooled": pooled and pooled[:3] + (band.verdict(*pooled[1:3]),)}
    return out


def pooled_claims(conn, machine=None, since=None):
    """Each claim judged on a machine's runs of one toolchain pooled: each part's figure pooled
    over the runs (random effects, so its interval takes in the drift between runs), judged
    against the part's band, the parts combined by the claim's rule; a premise's claims follow
    their premise. [{claim, machine, toolchain, runs, verdict, parts, single}] where single
    counts the runs' own verdicts."""
    groups = collections.defaultdict(list)
    for r in history.runs(conn, machine, since):
        if r["kind"] != "crosscheck":
            groups[r["machine"], r["toolchain_key"]].append(r["id"])
    out = []
    for (key, chain), ids in groups.items():
        parts, single = collections.defaultdict(list), collections.defaultdict(collections.Counter)
        for run_id in ids:
            for claim, verdict, figure, interval in conn.execute(
                    "SELECT claim, verdict, figure, interval FROM verdicts WHERE run = ?",
                    (run_id,)):
                if runrecord.PART in claim:
                    p = _point("", figure, interval, verdict)
                    if p:
                        parts[claim].append(p[1:4])
                else:
                    single[claim][verdict.split(" (")[0]] += 1
        judged_rows = {}
        for c in claims.CLAIMS:
            estimates, words = {}, []
            for p in c.parts:
                got = trends.pooled(parts.get(c.id + runrecord.PART + p.name, []))
                if got:
                    estimates[p.name] = {"value": got[0], "low": got[1], "high": got[2]}
                    words.append("%s: %.4g (%.4g .. %.4g, tau %.3g)" % ((p.name,) + got))
            n = max((len(parts.get(c.id + runrecord.PART + p.name, [])) for p in c.parts),
                    default=0)
            if c.rule == rule.PREMISE:
                premise = judged_rows.get(c.premise)
                verdict = "%s (arithmetic on %s)" % (premise, c.premise) if premise else "-"
            elif estimates:
                verdict = rule.of_row(c.rule, rule.judge(c.parts, estimates), estimates)
                judged_rows[c.id] = verdict
            else:
                verdict = "-"
            if n or c.id in single or verdict != "-":
                out.append({"claim": c.id, "machine": key, "toolchain": chain, "runs": n,
                            "verdict": str(verdict), "parts": "; ".join(words),
                            "single": dict(single.get(c.id, {}))})
    return out


def view(conn, action, figure_re=None, machine=None, since=None):
    if action == "machines":
        return machines(conn)
    if action == "pool":
        return dict(pool(conn, figure_re, machine, since),
                    claims=pooled_claims(conn, machine, since))
    return show(conn, figure_re, machine, since)
