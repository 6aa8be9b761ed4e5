"""The statistics every figure goes through, tested on literal samples (tests/fast)."""
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


# Student's t, the 97.5% quantile by degrees of freedom (a two-sided 95% interval); beyond the table
# the next smaller entry's, which errs on the wide side.
_T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
         9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
         17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 25: 2.060, 30: 2.042, 40: 2.021, 60: 2.000,
         120: 1.980}


def t975(df):
    if df < 1:
        raise ValueError("a t quantile needs one degree of freedom at least")
    return _T975[max(k for k in _T975 if k <= df)]


def t_interval(values):
    """(mean, low, high): the 95% t-interval of the mean of independent estimates (one per runner
    process), mean +- t(0.975, n - 1) s / sqrt(n). It needs two values at least."""
    n = len(values)
    if n < 2:
        raise ValueError("an interval over processes needs two of them at least")
    mean = statistics.fmean(values)
    half = t975(n - 1) * statistics.stdev(values) / math.sqrt(n)
    return mean, mean - half, mean + half
