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
