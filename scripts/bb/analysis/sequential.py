"""Sequential sets: a claim's set runs until its verdict is decided.

The rule. Every set of a claim runs K_MIN processes first (taken in turn with the other sets, so
each spreads over the run). Then, while the plan's time lasts, one more process goes to a set one
of whose claims is still inconclusive (its interval straddles an edge of its band), the set whose
claims are nearest to deciding first; a set stops when each of its claims is decided (reproduced
or not reproduced, its interval wholly in or out of the band) or when it has K_MAX processes. The
verdict reported is the 95% interval's over all the processes the set ran.

Looking at an interval after every process and stopping when it clears an edge raises the chance
of a verdict a longer run would not give (optional stopping). `error_rate` measures that chance on
a run's own processes, resampled: each draw runs the rule on processes drawn with replacement
from a finished run's, and is counted wrong when it stops decided on the other verdict than the
run's, or decided where the run was inconclusive."""
import collections
import random

from . import claims

K_MIN = 3  # processes before a set may stop (an interval over two is too wide to decide)
STOPPED, DECIDED, CEILING, BUDGET = "not judged", "decided", "at its most processes", "out of time"


def undecided(t):
    """The claims of the tables t (figures so far) whose verdict is inconclusive: a claim that
    follows another's (PREMISE) is that one's, and a claim not measured yet adds nothing."""
    return {r["id"] for r in claims.rows(t)
            if claims.kind(r["verdict"]) == claims.INCONCLUSIVE}


def open_sets(entries, t, k_max):
    """The entries (run.json's sets) that should run one more process: a claim of theirs
    undecided, fewer than k_max processes; with why each other claims' set stopped."""
    open_, why = [], {}
    pending = undecided(t)
    for e in entries:
        if not e.get("claims"):
            why[e["set"], e["allocator"]] = STOPPED
        elif not pending & set(e["claims"]):
            why[e["set"], e["allocator"]] = DECIDED
        elif len(e["files"]) >= k_max:
            why[e["set"], e["allocator"]] = CEILING
        else:
            open_.append(e)
    return open_, why


def _drawn(processes, chosen):
    return [dict(r, process=k + 1) for k, p in enumerate(chosen) for r in processes[p]]


def error_rate(t, k_max, draws=100, seed=1):
    """How often the rule's verdict differs from a finished run's (t: its tables, with
    figure_processes): {"draws", "wrong", "wrong_share", "processes": mean processes per claim's
    set, "full": the run's processes per set}, over `draws` resamplings of every claim set's
    processes. Sets without claims keep all their processes."""
    rng = random.Random(seed)
    truth = {r["id"]: claims.kind(r["verdict"]) for r in claims.rows(t)}
    groups = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in t.get("figure_processes") or ():
        groups[r["set"], r["allocator"]][r["process"]].append(r)
    resting = {(e["set"], e["allocator"]): e.get("claims") or ()
               for e in (t.get("run") or {}).get("sets") or ()}
    judged = [g for g in groups if resting.get(g)]
    wrong, used = 0, []
    for _ in range(draws):
        chosen = {g: [rng.choice(sorted(groups[g])) for _ in range(K_MIN)] for g in judged}
        fixed = [r for g in groups if g not in judged for p in groups[g] for r in groups[g][p]]
        while True:
            drawn = fixed + [r for g in judged for r in _drawn(groups[g], chosen[g])]
            rows = {r["id"]: claims.kind(r["verdict"])
                    for r in claims.rows(dict(t, figure_processes=drawn))}
            pending = {c for c, v in rows.items() if v == claims.INCONCLUSIVE}
            grow = [g for g in judged if pending & set(resting[g]) and len(chosen[g]) < k_max]
            if not grow:
                break
            for g in grow:
                chosen[g].append(rng.choice(sorted(groups[g])))
        used += [len(chosen[g]) for g in judged]
        wrong += sum(1 for c, v in rows.items()
                     if v in (claims.REPRODUCED, claims.NOT) and v != truth.get(c))
    claimed = sum(1 for v in truth.values() if v in (claims.REPRODUCED, claims.NOT,
                                                     claims.INCONCLUSIVE))
    return {"draws": draws, "wrong": wrong,
            "wrong_share": wrong / (draws * claimed) if claimed else 0.0,
            "processes": sum(used) / len(used) if used else 0.0,
            "full": {"%s on %s" % g: len(groups[g]) for g in judged}}
