"""The statistics every figure, comparison and verdict goes through, tested on literal samples
(tests/fast/test_stats.py). The runner process is the unit of replication: each process has its own
memory layout, which alone can move a figure by more than its repetitions' noise, so every interval
here is over independent per-process estimates, never over repetitions of one process."""
import math
import statistics


def median_interval(values):
    """(median, low, high): the distribution-free 95% interval of a median. With n values sorted,
    the ranks floor(n/2 - h) and ceil(1 + n/2 + h), h = 1.96 sqrt(n) / 2, bound it (the binomial's
    normal approximation), whatever the noise's shape; clamped to the sample at small n."""
    r = sorted(values)
    n = len(r)
    if n == 0:
        raise ValueError("no values")
    half = 1.96 * math.sqrt(n) / 2
    lo = max(0, int(math.floor(n / 2 - half)) - 1)         # rank floor(n/2 - h), 0-based
    hi = min(n - 1, int(math.ceil(1 + n / 2 + half)) - 1)  # rank ceil(1 + n/2 + h)
    return statistics.median(r), r[lo], r[hi]


def cv(values):
    """The coefficient of variation (sample standard deviation over mean), None below two values
    or for a mean that is not positive."""
    if len(values) < 2:
        return None
    mean = statistics.fmean(values)
    return statistics.stdev(values) / mean if mean > 0 else None


def _betacf(a, b, x):
    """The continued fraction of the incomplete beta function (modified Lentz), as in Numerical
    Recipes' betacf: converges fast for x < (a + 1) / (a + b + 2)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                    -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + num * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return h


def betainc(a, b, x):
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) +
                     a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def t_sf(t, df):
    """P(T > t) for Student's t with df degrees of freedom (df need not be whole: Welch's)."""
    tail = 0.5 * betainc(df / 2, 0.5, df / (df + t * t))
    return tail if t >= 0 else 1 - tail


def t_quantile(p, df):
    """The p quantile of Student's t with df degrees of freedom, by bisection of t_sf."""
    if not 0 < p < 1:
        raise ValueError("a quantile needs 0 < p < 1")
    if df <= 0:
        raise ValueError("a t quantile needs a positive number of degrees of freedom")
    if p < 0.5:
        return -t_quantile(1 - p, df)
    lo, hi = 0.0, 1.0
    while t_sf(hi, df) > 1 - p:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if t_sf(mid, df) > 1 - p else (lo, mid)
    return (lo + hi) / 2


def t975(df):
    """The 97.5% quantile of t (a two-sided 95% interval)."""
    if df < 1:
        raise ValueError("a t quantile needs one degree of freedom at least")
    return t_quantile(0.975, df)


def t_interval(values):
    """(mean, low, high): the 95% t-interval of the mean of independent estimates (one per runner
    process), mean +- t(0.975, n - 1) s / sqrt(n). It needs two values at least."""
    n = len(values)
    if n < 2:
        raise ValueError("an interval over processes needs two of them at least")
    mean = statistics.fmean(values)
    half = t975(n - 1) * statistics.stdev(values) / math.sqrt(n)
    return mean, mean - half, mean + half


class Welch:
    """Two groups of independent estimates (one per runner process) compared on the log scale, so
    that the difference of means is the log of a ratio: B / A = exp(mean log b - mean log a), its
    standard error from both groups' variances, Welch-Satterthwaite's degrees of freedom. Built
    from the groups' (mean, variance, count) of log values, so that a folder kept with its
    tables only (a median, a cv over processes and a count) enters as one with its values."""

    def __init__(self, a, b):
        (ma, va, na), (mb, vb, nb) = a, b
        if na < 2 or nb < 2:
            raise ValueError("a comparison needs two processes at least on each side")
        self.diff = mb - ma  # the log of B / A, the groups being logs
        sa, sb = va / na, vb / nb
        self.se = math.sqrt(sa + sb)
        self.df = (sa + sb) ** 2 / (sa * sa / (na - 1) + sb * sb / (nb - 1)) if self.se > 0 \
            else float(na + nb - 2)

    @staticmethod
    def group(values):
        """(mean, variance, count) of the logs of positive values."""
        logs = [math.log(v) for v in values]
        return statistics.fmean(logs), statistics.variance(logs), len(logs)

    @property
    def ratio(self):
        return math.exp(self.diff)

    def interval(self, level=0.95):
        """The two-sided interval of B / A at the level."""
        half = t_quantile(0.5 + level / 2, self.df) * self.se
        return math.exp(self.diff - half), math.exp(self.diff + half)

    def p_above(self, ratio):
        """One-sided p of 'B / A > ratio' (the null: B / A <= ratio)."""
        if self.se == 0:
            return 0.0 if self.diff > math.log(ratio) else 1.0
        return t_sf((self.diff - math.log(ratio)) / self.se, self.df)

    def p_differ(self):
        """Two-sided p of 'B / A differs from 1'."""
        if self.se == 0:
            return 0.0 if self.diff != 0 else 1.0
        return min(1.0, 2 * t_sf(abs(self.diff) / self.se, self.df))


def group_share(values, groups):
    """The share of values' variance that lies between groups (a one-way random-effects model,
    the ANOVA estimator for unequal groups): sigma2_between / (sigma2_between + sigma2_within),
    0 where the groups' means differ less than their members predict; None with fewer than two
    groups or no group of two values. What share of a figure's spread over processes the code
    layout they ran in makes."""
    by = {}
    for v, g in zip(values, groups):
        by.setdefault(g, []).append(v)
    k, n = len(by), len(values)
    if k < 2 or n <= k:
        return None
    mean = sum(values) / n
    ss_between = sum(len(vs) * (sum(vs) / len(vs) - mean) ** 2 for vs in by.values())
    ss_within = sum((v - sum(vs) / len(vs)) ** 2 for vs in by.values() for v in vs)
    ms_between, ms_within = ss_between / (k - 1), ss_within / (n - k)
    n0 = (n - sum(len(vs) ** 2 for vs in by.values()) / n) / (k - 1)
    between = max(0.0, (ms_between - ms_within) / n0)
    total = between + ms_within
    return between / total if total > 0 else 0.0


def holm(pvalues):
    """Holm's step-down adjustment of a family of p values (each adjusted p compared with the
    level controls the chance of any false alarm in the family at that level, whatever their
    dependence): sorted ascending, the k-th (from 0) times (m - k), kept monotone, capped at 1."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    out, running = [0.0] * m, 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (m - k) * pvalues[i]))
        out[i] = running
    return out


# Two groups of process estimates are two modes (two layouts, say) when the widest gap between
# sorted estimates is this many times the larger spread within either side, and each side has two
# processes at least: a normal sample's widest gap is rarely more than its spread.
MODE_GAP = 8.0


def modes(values):
    """[(centre, count), (centre, count)] when the estimates split into two modes across their
    widest gap, else None. A side's spread is its standard deviation, at least 0.5% of its centre
    (processes that agree to the last digit are not infinitely tight)."""
    r = sorted(values)
    if len(r) < 4:
        return None
    k = max(range(1, len(r)), key=lambda i: r[i] - r[i - 1])
    low, high = r[:k], r[k:]
    if min(len(low), len(high)) < 2:
        return None
    spread = max(max(statistics.stdev(s), 0.005 * abs(statistics.median(s))) for s in (low, high))
    if r[k] - r[k - 1] <= MODE_GAP * spread:
        return None
    return [(statistics.median(low), len(low)), (statistics.median(high), len(high))]
