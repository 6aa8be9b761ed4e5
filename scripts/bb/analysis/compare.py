"""`boxbench compare A B`: two results folders side by side, case by case.

The runner process is the unit of replication (stats.py): each case enters as one estimate per
runner process (the median of that process's repetitions), never as repetitions pooled across
processes, which would count one layout's luck many times. Per case: B / A as the ratio of the
processes' geometric means, its 95% interval (Welch's t on the logs, stats.Welch), a two-sided p
of "they differ", and a verdict from that p after Holm's adjustment over every case compared, so
that the family, not each case, keeps a 5% chance of any false "slower" or "faster".

The gate (--fail-above PCT) asks of each case "is B slower than A by more than PCT percent?": a
one-sided p against the threshold, Holm-adjusted over the cases, so a case fails only when its
interval's lower bound, at the family's level, clears the threshold, never on a point ratio.
Cases that A holds and B does not fail the gate too (a reduced run passes nothing by omission)
unless --allow-missing says the reduction is meant.

The controls (the harness's units: the empty loop, a spin of dependent multiply-adds, a predicted
indirect call, a malloc and free of 64 B, a syscall) are operations no change of boxbench's code
moves, so when they move between A and B the machine moved: its clock, its load, its kernel. They
are compared apart from the cases, in a family of their own. The machine moved when a control's 95%
interval lies wholly beyond 1 +- the tolerance (half the gate's threshold: a shift that large
could make or hide a regression by itself; 5% without a gate), and the gate then refuses to judge
the pair (cmd_compare's exit status 3) rather than read the machine as the code.

A folder kept without its raw repetitions (results/reference) has summary.csv only: per case the
median, the spread of its processes' medians (process_cv) and the repetitions. It enters with the
log of its median, process_cv squared as the variance of the logs (the delta method) and its
number of processes (repetitions over the repetitions each process ran); the header says so."""
import math
import os
import re

from .. import UsageError
from ..model import roles, stats
from .summary import Raw, process_medians, processes_of, raw_catalogues
from ..folder import results

ALPHA = 0.05
TOLERANCE_PCT = 5.0  # The machine's shift a comparison without a gate calls a move.


def case_row(a, b):
    """One case's row from the two sides' Welch groups (stats.Welch.group), or a row saying there
    are too few processes for an interval."""
    row = dict(a_ns=math.exp(a[0]), b_ns=math.exp(b[0]), ratio=math.exp(b[0] - a[0]),
               a_processes=a[2], b_processes=b[2], low=None, high=None, p=None, p_family=None,
               detectable_pct=None, verdict="too few processes")
    if a[2] < 2 or b[2] < 2:
        return row
    w = stats.Welch(a, b)
    low, high = w.interval()
    return dict(row, low=low, high=high, p=w.p_differ(), _welch=w,
                detectable_pct=100 * (math.sqrt(high / low) - 1))


def decide(rows):
    """Holm's adjustment over the rows with a test, and each row's verdict from it."""
    tested = [r for r in rows if r["p"] is not None]
    for r, adjusted in zip(tested, stats.holm([r["p"] for r in tested])):
        r["p_family"] = adjusted
        r["verdict"] = ("slower" if r["ratio"] > 1 else "faster") if adjusted < ALPHA \
            else "same within noise"
    return rows


def _process_groups(folder):
    """(run.json, {allocator: {case: Welch group of its per-process medians}}, the controls'
    names) from the raw repetitions."""
    raw = Raw(folder)
    out, controls = {}, set()
    for a in raw.allocators:
        for u, reps in raw.measured(a):
            medians = list(process_medians(reps).values())
            if all(m > 0 for m in medians):
                out.setdefault(a, {})[u.name] = (stats.Welch.group(medians) if len(medians) > 1
                                                 else (math.log(medians[0]), 0.0, 1))
                if u.suite == roles.HARNESS:
                    controls.add(u.name)
    return raw.run, out, controls


def _summary_groups(folder):
    """(run.json, {allocator: {case: Welch group}}, the controls' names) from summary.csv's matrix
    rows and the harness's (the rows without a size, named by their mode column)."""
    run, rows = results.kept_summary(folder)
    out, controls = {}, set()
    for r in rows:
        if not r["ns_per_call"] or r["ns_per_call"] <= 0:
            continue
        if r["size"] is None:
            name = r["mode"]
            controls.add(name)
        else:
            name = "%s/size:%d/depth:%d/pattern:%s/state:%s" % (r["mode"], r["size"], r["depth"],
                                                                r["pattern"], r["state"])
        k = processes_of(r, run)
        cv = r.get("process_cv")
        out.setdefault(r["allocator"], {})[name] = (
            math.log(r["ns_per_call"]), cv * cv if cv is not None else 0.0,
            k if cv is not None else min(k, 1))
    return run, out, controls


def _machine(run, folder):
    """The machine a folder ran on: run.json's identity (CPU, count, kernel, a digest of the host),
    else machine.json's CPU, count and kernel; None if it records neither."""
    m = (run.get("identity") or {}).get("machine")
    if m:
        return m
    path = os.path.join(folder, "machine.json")
    if not os.path.exists(path):
        return None
    d = results.read_json(path)
    return {k: d.get(k) for k in ("cpu_model", "cpus_online", "kernel")}


def _described(m):
    return "%s, %s CPUs, kernel %s" % (m.get("cpu_model"), m.get("cpus_online"), m.get("kernel"))


class Comparison:
    """Two folders compared: header lines, one row per case both hold (those matching `only`, a
    regular expression, if given), on the same allocator, or, when each folder holds one
    allocator and they differ, on those two; the cases only one of them holds (only_a, only_b:
    'case (allocator)' names); and the controls both hold, rows of their own (controls)."""

    def __init__(self, folder_a, folder_b, only=None):
        if not os.path.isdir(folder_a) or not os.path.isdir(folder_b):
            missing = folder_a if not os.path.isdir(folder_a) else folder_b
            raise UsageError("%s does not exist (or is not a folder)" % missing)
        if os.path.realpath(folder_a) == os.path.realpath(folder_b):
            raise UsageError("A and B are the same folder (%s): a folder compared with itself "
                             "says nothing; compare two runs" % folder_a)
        self.header = ["A: %s" % folder_a, "B: %s" % folder_b]
        if raw_catalogues(folder_a) and raw_catalogues(folder_b):
            (run_a, a, ca), (run_b, b, cb) = _process_groups(folder_a), _process_groups(folder_b)
            self.header.append("each case: one estimate per runner process (the median of its "
                               "repetitions)")
        else:
            (run_a, a, ca), (run_b, b, cb) = _summary_groups(folder_a), _summary_groups(folder_b)
            self.header.append(
                "each case: %s has no raw repetitions, so both enter from summary.csv: the median, "
                "the spread between its processes (process_cv) and their number"
                % (folder_b if raw_catalogues(folder_a) else folder_a))
        pairs = [(x, x) for x in a if x in b]
        if not pairs and len(a) == 1 and len(b) == 1:
            pairs = [(next(iter(a)), next(iter(b)))]
        if not pairs:
            raise UsageError("%s (%s) and %s (%s) share no allocator, and do not hold one each: "
                             "nothing to compare" % (folder_a, ", ".join(a) or "none", folder_b,
                                                     ", ".join(b) or "none"))
        self.rows, self.controls, self.only_a, self.only_b = [], [], [], []
        controls = ca | cb
        pattern = None
        if only is not None:
            try:
                pattern = re.compile(only)
            except re.error as e:
                raise UsageError("--only %r is not a regular expression: %s" % (only, e)) from None
            self.header.append("the family: the cases matching %r only" % only)
        for x, y in pairs:
            label = x if x == y else "%s/%s" % (x, y)
            if x != y:
                self.header.append("allocators: %s (A) against %s (B)" % (x, y))
            for name, got in a[x].items():
                if name in controls:
                    if name in b[y]:
                        self.controls.append(dict(case_row(got, b[y][name]), case=name,
                                                  allocator=label))
                elif pattern is not None and not pattern.search(name):
                    continue
                elif name in b[y]:
                    self.rows.append(dict(case_row(got, b[y][name]), case=name, allocator=label))
                else:
                    self.only_a.append("%s (%s)" % (name, x))
            self.only_b += ["%s (%s)" % (n, y) for n in b[y] if n not in a[x] and
                            n not in controls and (pattern is None or pattern.search(n))]
        self.only_a += ["(%s)" % x for x in a if x not in dict(pairs)]
        if not self.rows:
            raise UsageError("%s and %s measured no case in common%s" % (
                folder_a, folder_b, " matching %r" % only if only is not None else ""))
        decide(self.rows)
        decide(self.controls)
        tested = sum(r["p"] is not None for r in self.rows)
        self.header.append("verdicts: Welch's t on the logs of the process estimates, two-sided, "
                           "Holm-adjusted over the %d cases tested (p_family < %g to differ)"
                           % (tested, ALPHA))
        for side, names in (("A", self.only_a), ("B", self.only_b)):
            if names:
                self.header.append("%d case(s) only in %s, not compared: %s%s" % (
                    len(names), side, ", ".join(names[:5]), ", ..." if len(names) > 5 else ""))
        ma, mb = _machine(run_a, folder_a), _machine(run_b, folder_b)
        if ma is None or mb is None:
            self.header.append("machines: %s does not record its machine"
                               % (folder_a if ma is None else folder_b))
        elif any(ma.get(k) != mb.get(k) for k in set(ma) & set(mb)):
            self.header.append(
                "different machines: A ran on %s, B on %s%s; the ratios include the machines" % (
                    _described(ma), _described(mb),
                    " (another host)" if ma.get("host") != mb.get("host") else ""))

    def moved(self, tolerance_pct=TOLERANCE_PCT):
        """The controls that show the machine moved: their 95% interval wholly beyond 1 +-
        tolerance_pct percent. Empty when the machine held, or when the folders share no
        control (then self.controls is empty too)."""
        up = 1 + tolerance_pct / 100
        return [r for r in self.controls
                if r["low"] is not None and (r["low"] > up or r["high"] < 1 / up)]

    def machine_words(self, tolerance_pct=TOLERANCE_PCT):
        """What the controls say of the machine, in one sentence."""
        if not self.controls:
            return ("controls: the folders share no control (a folder from before boxbench "
                    "measured them), so a move of the machine cannot be told from the code")
        moved = self.moved(tolerance_pct)
        if not moved:
            return "controls: the machine held within +-%g%% (%d controls)" % (
                tolerance_pct, len(self.controls))
        return ("the machine moved between A and B: %d of %d controls beyond +-%g%%: %s" % (
            len(moved), len(self.controls), tolerance_pct, ", ".join(
                "%s (%s) %.2fx (%.2f .. %.2f)" % (r["case"], r["allocator"], r["ratio"], r["low"],
                                                  r["high"]) for r in moved)))

    def gate(self, pct):
        """The rows that fail --fail-above pct: B slower than A by more than pct percent, each
        case's one-sided p against 1 + pct/100 Holm-adjusted over the cases tested (p_gate)."""
        tested = [r for r in self.rows if r.get("_welch")]
        adjusted = stats.holm([r["_welch"].p_above(1 + pct / 100) for r in tested])
        for r, p in zip(tested, adjusted):
            r["p_gate"] = p
        return [r for r in tested if r["p_gate"] < ALPHA]


