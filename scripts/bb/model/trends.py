"""A figure's series over runs: its steps, its drift, and its runs pooled.

- A step: the split of the series into a before and an after that the two-sided Mann-Whitney
  rank test separates best (searched over every split leaving at least MIN_SIDE runs a side). The
  search is paid for with Bonferroni over the splits searched: the best split's p-value times
  their number (conservative, and tiny for a real step, as a permutation test's cannot be).
- A drift: the Theil-Sen slope (the median of the pairwise slopes) over the runs' order, tested by
  Mann-Kendall's S (normal approximation).
- A step and a drift both look like a change of level, so a series gets the one that explains it
  better: the smaller sum of absolute residuals, about the two sides' medians or about the line.
- Over the family of every series' test, Benjamini-Hochberg at FDR: a finding is a test it keeps.
  Under no change at all (an A/A history) that bounds the chance of any finding by FDR.
- Each series is tested over its last WINDOW runs (a lookback, as conbench's): older runs are
  history, and the tests stay cheap on a store of thousands.
- Pooled: a random-effects mean of the runs' estimates (DerSimonian-Laird: each run's standard
  error from its interval, the between-run variance tau^2 estimated from their spread), so its
  interval takes in the run-to-run drift one run's interval cannot see.

Pure: series in, findings out."""
import math
import statistics

MIN_SIDE = 3  # The fewest runs on either side of a step.
MIN_RUNS = 2 * MIN_SIDE  # The fewest runs a series needs to be tested at all.
FDR = 0.05
WINDOW = 100


def _ranks(values):
    """Mid-ranks, 1-based."""
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


def _best_split(ranks):
    """(|z|, k) of the split after k runs whose rank-sum statistic is the largest."""
    n, best, prefix = len(ranks), (0.0, None), 0.0
    for k in range(1, n - MIN_SIDE + 1):
        prefix += ranks[k - 1]
        if k < MIN_SIDE:
            continue
        u = prefix - k * (k + 1) / 2
        sd = math.sqrt(k * (n - k) * (n + 1) / 12)
        z = abs(u - k * (n - k) / 2) / sd if sd > 0 else 0.0
        if z > best[0]:
            best = (z, k)
    return best


def step(values):
    """(p-value, k) of the best split of values (None if there are too few), k runs before it."""
    if len(values) < MIN_RUNS:
        return None
    z, k = _best_split(_ranks(values))
    if k is None:
        return None
    splits = len(values) - 2 * MIN_SIDE + 1
    return min(1.0, splits * math.erfc(z / math.sqrt(2))), k


def theil_sen(values):
    """The median of the pairwise slopes of values over their order."""
    slopes = [(values[j] - values[i]) / (j - i)
              for i in range(len(values)) for j in range(i + 1, len(values))]
    return statistics.median(slopes) if slopes else 0.0


def mann_kendall(values):
    """The two-sided p-value of Mann-Kendall's trend test (normal approximation, ties ignored)."""
    n = len(values)
    if n < 3:
        return 1.0
    s = sum((values[j] > values[i]) - (values[j] < values[i])
            for i in range(n) for j in range(i + 1, n))
    var = n * (n - 1) * (2 * n + 5) / 18
    z = (s - math.copysign(1, s)) / math.sqrt(var) if s else 0.0
    return math.erfc(abs(z) / math.sqrt(2))


def benjamini_hochberg(pvalues, q=FDR):
    """Which of pvalues the Benjamini-Hochberg procedure keeps at false discovery rate q."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    last = -1
    for rank, i in enumerate(order, start=1):
        if pvalues[i] <= q * rank / m:
            last = rank
    keep = [False] * m
    for rank, i in enumerate(order, start=1):
        keep[i] = rank <= last
    return keep


def tests(values):
    """(kind, p, detail) of one series' change, kind "step" (detail: k runs before it, the medians
    before and after) or "drift" (detail: the slope per run), whichever explains the series
    better; None for a series too short to test."""
    skipped = max(0, len(values) - WINDOW)
    values = values[skipped:]
    found = step(values)
    if found is None:
        return None
    p_step, k = found
    before, after = statistics.median(values[:k]), statistics.median(values[k:])
    slope = theil_sen(values)
    centre = statistics.median(v - slope * i for i, v in enumerate(values))
    off_step = sum(abs(v - (before if i < k else after)) for i, v in enumerate(values))
    off_line = sum(abs(v - centre - slope * i) for i, v in enumerate(values))
    if off_step <= off_line:
        return "step", p_step, (skipped + k, before, after)
    return "drift", mann_kendall(values), (slope,)


def findings(series, q=FDR):
    """series: {name: [values, oldest first]}. [(name, kind, p, detail)] of the tests
    Benjamini-Hochberg keeps over the whole family (tests()), and how many tests it held."""
    family = []
    for name, values in series.items():
        got = tests(values)
        if got:
            family.append((name,) + got)
    keep = benjamini_hochberg([f[2] for f in family], q)
    return [f for f, k in zip(family, keep) if k], len(family)


def one_sided(found, higher_is_worse=True):
    """Whether every finding points the same way (at least three): all regressions, or all
    improvements. A change of code moves figures both ways; a machine or a key that split one
    machine's history moves them one way, so such a family deserves doubt."""
    ways = set()
    for _, kind, _, detail in found:
        up = detail[2] > detail[1] if kind == "step" else detail[0] > 0
        ways.add(up == higher_is_worse)
    return len(found) >= 3 and len(ways) == 1


def pooled(estimates):
    """estimates: [(mean, low, high)] of one figure in several runs (a 95% interval each).
    (mean, low, high, tau) of their random-effects mean (DerSimonian-Laird), or None for fewer
    than two runs. A run with a zero-width interval counts as the narrowest other run's."""
    runs = [(m, (h - l) / (2 * 1.96)) for m, l, h in estimates
            if None not in (m, l, h)]
    if len(runs) < 2:
        return None
    positive = [se for _, se in runs if se > 0]
    floor = min(positive) if positive else 1e-12
    runs = [(m, max(se, floor)) for m, se in runs]
    w = [1 / se ** 2 for _, se in runs]
    fixed = sum(wi * m for wi, (m, _) in zip(w, runs)) / sum(w)
    q = sum(wi * (m - fixed) ** 2 for wi, (m, _) in zip(w, runs))
    c = sum(w) - sum(wi ** 2 for wi in w) / sum(w)
    tau2 = max(0.0, (q - (len(runs) - 1)) / c) if c > 0 else 0.0
    ws = [1 / (se ** 2 + tau2) for _, se in runs]
    mean = sum(wi * m for wi, (m, _) in zip(ws, runs)) / sum(ws)
    half = 1.96 * math.sqrt(1 / sum(ws))
    return mean, mean - half, mean + half, math.sqrt(tau2)
