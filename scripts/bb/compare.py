"""`boxbench compare A B`: two results folders side by side, case by case, from their raw
repetitions. Per case: both medians, the ratio B/A with a 95% bootstrap interval, a two-sided
Mann-Whitney U test over the repetitions (as google-benchmark's compare.py tests), and a verdict:
slower or faster when the test says the two differ (p < 0.05), same within noise otherwise. Too
few repetitions for the test ever to reach p < 0.05 is said, never counted as "same".

A folder kept without its raw repetitions (results/reference) has only summary.csv: each case's
median, cv and number of repetitions. Against such a folder the matrix's cases are compared by a
z test on the medians instead, each median's standard error taken as 1.2533 cv median / sqrt(n)
(normal noise assumed), and the ratio's interval from the same errors; the header says so."""
import math
import os
import random
import statistics

from . import UsageError, results, tables
from .summary import Raw, raw_catalogues
from .tables import format_table

ALPHA = 0.05
RESAMPLES = 2000


def _ranks(values):
    """Average ranks (1-based) of values, ties sharing the mean of their ranks."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _exact_counts(n, m):
    """How many arrangements of n + m distinct values give each U (0 .. n m) for the first n."""
    # f[i][j][u]: arrangements of i and j values with statistic u, built one value at a time.
    f = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 or j == 0:
                f[i][j] = [1] + [0] * (i * j)
                continue
            a, b = f[i - 1][j], f[i][j - 1]  # the largest value is from the first or the second
            f[i][j] = [(a[u - j] if 0 <= u - j < len(a) else 0) + (b[u] if u < len(b) else 0)
                       for u in range(i * j + 1)]
    return f[n][m]


def mann_whitney(a, b):
    """(U of a, two-sided p). Exact when both samples are small and have no ties, else the normal
    approximation with the tie correction and a continuity correction."""
    n, m = len(a), len(b)
    ranks = _ranks(list(a) + list(b))
    u = sum(ranks[:n]) - n * (n + 1) / 2
    if n * m <= 400 and len(set(a) | set(b)) == n + m:
        counts = _exact_counts(n, m)
        low = min(u, n * m - u)
        return u, min(1.0, 2 * sum(counts[:int(low) + 1]) / sum(counts))
    groups = {}
    for v in list(a) + list(b):
        groups[v] = groups.get(v, 0) + 1
    N = n + m
    var = n * m / 12 * ((N + 1) - sum(t ** 3 - t for t in groups.values()) / (N * (N - 1)))
    if var <= 0:
        return u, 1.0
    z = (abs(u - n * m / 2) - 0.5) / math.sqrt(var)
    return u, min(1.0, math.erfc(max(z, 0) / math.sqrt(2)))


def smallest_p(n, m):
    """The smallest two-sided p the exact test can give for samples of n and m."""
    return min(1.0, 2 / math.comb(n + m, n))


def ratio_interval(a, b, seed=1):
    """The 95% percentile-bootstrap interval of median(b) / median(a), resampling each sample."""
    rng = random.Random(seed)
    ratios = sorted(statistics.median(rng.choices(b, k=len(b))) /
                    statistics.median(rng.choices(a, k=len(a))) for _ in range(RESAMPLES))
    return ratios[int(0.025 * RESAMPLES)], ratios[int(0.975 * RESAMPLES) - 1]


def compare_case(a, b):
    """One case's row from its repetitions in A and B (ns per unit)."""
    ma, mb = statistics.median(a), statistics.median(b)
    _, p = mann_whitney(a, b)
    low, high = ratio_interval(a, b)
    if smallest_p(len(a), len(b)) >= ALPHA:
        verdict = "too few repetitions"
    elif p >= ALPHA:
        verdict = "same within noise"
    else:
        verdict = "slower" if mb > ma else "faster"
    return dict(a_ns=ma, b_ns=mb, ratio=mb / ma, low=low, high=high, p=p, verdict=verdict,
                a_reps=len(a), b_reps=len(b))


def compare_summaries(a, b):
    """One case's row from two (median, cv, repetitions): the z test on the medians."""
    (ma, cva, na), (mb, cvb, nb) = a, b
    row = dict(a_ns=ma, b_ns=mb, ratio=mb / ma, a_reps=na, b_reps=nb)
    if cva is None or cvb is None or not na or not nb or na < 2 or nb < 2:
        return dict(row, low=None, high=None, p=None, verdict="too few repetitions")
    se_a, se_b = (1.2533 * cv * m / math.sqrt(n) for cv, m, n in ((cva, ma, na), (cvb, mb, nb)))
    se = math.hypot(se_a, se_b)
    if se == 0:
        p = 1.0 if mb == ma else 0.0
    else:
        p = math.erfc(abs(mb - ma) / se / math.sqrt(2))
    spread = 1.96 * math.hypot(se_a / ma, se_b / mb)
    verdict = "same within noise" if p >= ALPHA else "slower" if mb > ma else "faster"
    return dict(row, low=row["ratio"] * math.exp(-spread), high=row["ratio"] * math.exp(spread),
                p=p, verdict=verdict)


def _raw_cases(folder):
    """(run.json, {allocator: {case: [ns of each repetition]}}) from the raw repetitions."""
    raw = Raw(folder)
    return raw.run, {a: {u.name: [ns for ns, _ in reps] for u, reps in raw.measured(a)}
                     for a in raw.allocators}


def _summary_cases(folder):
    """(run.json, {allocator: {case: (median, cv, repetitions)}}) from summary.csv's matrix."""
    path = os.path.join(folder, "summary.csv")
    if not os.path.exists(path):
        raise UsageError("%s has neither raw repetitions nor a summary.csv: not a results folder"
                         % folder)
    out = {}
    for r in tables.read(path, "summary"):
        if r["size"] is None:
            continue
        name = "%s/size:%d/depth:%d/pattern:%s/state:%s" % (r["mode"], r["size"], r["depth"],
                                                            r["pattern"], r["state"])
        out.setdefault(r["allocator"], {})[name] = (r["ns_per_call"], r.get("cv"),
                                                    r.get("repetitions"))
    run = os.path.join(folder, "run.json")
    return (results.read_json(run) if os.path.exists(run) else {}), out


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


def compare(folder_a, folder_b):
    """(header lines, rows): every case both folders measured, on the same allocator; or, when
    each folder holds one allocator and they differ, on those two."""
    header = ["A: %s" % folder_a, "B: %s" % folder_b]
    if raw_catalogues(folder_a) and raw_catalogues(folder_b):
        (run_a, a), (run_b, b) = _raw_cases(folder_a), _raw_cases(folder_b)
        one = compare_case
    else:
        (run_a, a), (run_b, b) = _summary_cases(folder_a), _summary_cases(folder_b)
        one = compare_summaries
        header.append("test: %s has no raw repetitions, so the matrix's cases are compared by a z "
                      "test on summary.csv's medians (standard errors from cv and repetitions), "
                      "not Mann-Whitney" % (folder_b if raw_catalogues(folder_a) else folder_a))
    pairs = [(x, x) for x in a if x in b]
    if not pairs and len(a) == 1 and len(b) == 1:
        pairs = [(next(iter(a)), next(iter(b)))]
    if not pairs:
        raise UsageError("%s (%s) and %s (%s) share no allocator, and do not hold one each: "
                         "nothing to compare" % (folder_a, ", ".join(a), folder_b, ", ".join(b)))
    rows = []
    for x, y in pairs:
        if x != y:
            header.append("allocators: %s (A) against %s (B)" % (x, y))
        for name, got in a[x].items():
            if name in b[y] and got and b[y][name]:
                rows.append(dict(one(got, b[y][name]), case=name,
                                 allocator=x if x == y else "%s/%s" % (x, y)))
    if not rows:
        raise UsageError("%s and %s measured no case in common" % (folder_a, folder_b))
    ma, mb = _machine(run_a, folder_a), _machine(run_b, folder_b)
    if ma is None or mb is None:
        header.append("machines: %s does not record its machine" % (folder_a if ma is None
                                                                     else folder_b))
    elif any(ma.get(k) != mb.get(k) for k in set(ma) & set(mb)):
        header.append("different machines: A ran on %s, B on %s%s; the ratios include the "
                      "machines" % (_described(ma), _described(mb),
                                    " (another host)" if ma.get("host") != mb.get("host") else ""))
    return header, rows


def gate(rows, pct):
    """The rows that fail --fail-above pct: slower, significantly, by more than pct percent."""
    return [r for r in rows if r["verdict"] == "slower" and r["ratio"] > 1 + pct / 100]


def table(header, rows):
    lines = [("case", "allocator", "A ns", "B ns", "B/A", "95% interval", "p", "verdict")]
    for r in rows:
        lines.append((r["case"], r["allocator"], "%.2f" % r["a_ns"], "%.2f" % r["b_ns"],
                      "%.3f" % r["ratio"],
                      "" if r["low"] is None else "%.3f .. %.3f" % (r["low"], r["high"]),
                      "" if r["p"] is None else "%.3g" % r["p"], r["verdict"]))
    title = "\n".join(header + ["B against A per case: medians of the repetitions, the ratio with "
                                "its 95%% interval, a two-sided test (p < %g to differ)" % ALPHA])
    return format_table(title, lines, {2, 3, 4, 5, 6})
