"""The interval code on known samples."""
import math
import unittest

import fixture  # noqa: F401  (puts scripts/ on the path)
from bb.model import stats


class MedianIntervalTest(unittest.TestCase):
    def test_known_ranks(self):
        # n = 100: h = 1.96 * 10 / 2 = 9.8; ranks floor(50 - 9.8) = 40 and ceil(1 + 50 + 9.8) = 61.
        values = list(range(1, 101))  # the value of rank k is k
        med, lo, hi = stats.median_interval(values[::-1])  # order does not matter
        self.assertEqual((med, lo, hi), (50.5, 40, 61))

    def test_small_samples_clamp_to_the_sample(self):
        self.assertEqual(stats.median_interval([3.0]), (3.0, 3.0, 3.0))
        self.assertEqual(stats.median_interval([2.0, 1.0, 9.0]), (2.0, 1.0, 9.0))

    def test_interval_holds_the_median(self):
        for n in (5, 10, 31, 200):
            values = [((i * 7919) % 101) / 7 for i in range(n)]
            med, lo, hi = stats.median_interval(values)
            self.assertLessEqual(lo, med)
            self.assertLessEqual(med, hi)

    def test_empty_is_refused(self):
        with self.assertRaises(ValueError):
            stats.median_interval([])


class CvTest(unittest.TestCase):
    def test_values(self):
        self.assertIsNone(stats.cv([5.0]))
        self.assertIsNone(stats.cv([0.0, 0.0]))
        self.assertAlmostEqual(stats.cv([9.0, 11.0]), 2 ** 0.5 / 10)


class TDistributionTest(unittest.TestCase):
    def test_quantiles_against_published_tables(self):
        # Student's table to its three decimals, and the normal's 1.960 far out.
        for df, q in ((1, 12.706), (2, 4.303), (4, 2.776), (9, 2.262), (27, 2.052), (120, 1.980)):
            self.assertAlmostEqual(stats.t975(df), q, places=3)
        self.assertAlmostEqual(stats.t_quantile(0.975, 1e6), 1.960, places=3)
        self.assertAlmostEqual(stats.t_quantile(0.95, 10), 1.812, places=3)
        self.assertAlmostEqual(stats.t_quantile(0.025, 2), -4.303, places=3)

    def test_the_tail(self):
        self.assertEqual(stats.t_sf(0.0, 3), 0.5)
        self.assertAlmostEqual(stats.t_sf(2.228, 10), 0.025, places=4)
        self.assertAlmostEqual(stats.t_sf(-1.0, 4) + stats.t_sf(1.0, 4), 1.0)
        self.assertAlmostEqual(stats.t_sf(1.0, 1), 0.25)  # Cauchy: 1/2 - atan(1)/pi

    def test_refused(self):
        for bad in ((0.0, 3), (1.0, 3), (0.5, 0)):
            with self.assertRaises(ValueError):
                stats.t_quantile(*bad)


class TIntervalTest(unittest.TestCase):
    def test_known_sample(self):
        # [1, 2, 3]: mean 2, s = 1, t(0.975, 2) = 4.303: 2 +- 4.303 / sqrt(3).
        mean, low, high = stats.t_interval([3.0, 1.0, 2.0])
        self.assertEqual(mean, 2.0)
        self.assertAlmostEqual(high - mean, 4.303 / 3 ** 0.5, places=3)
        self.assertAlmostEqual(mean - low, high - mean)

    def test_equal_values_give_a_point_and_one_value_is_refused(self):
        self.assertEqual(stats.t_interval([5.0, 5.0, 5.0]), (5.0, 5.0, 5.0))
        with self.assertRaises(ValueError):
            stats.t_interval([5.0])


class WelchTest(unittest.TestCase):
    def test_a_ratio_on_the_logs(self):
        a = [100.0, 102.0, 98.0, 100.0]
        b = [x * 1.1 for x in a]
        w = stats.Welch(stats.Welch.group(a), stats.Welch.group(b))
        self.assertAlmostEqual(w.ratio, 1.1)
        # Equal variances and counts: df = 2 (n - 1), se = sqrt(2 var / n).
        var = stats.Welch.group(a)[1]
        self.assertAlmostEqual(w.df, 6)
        self.assertAlmostEqual(w.se, (2 * var / 4) ** 0.5)
        low, high = w.interval()
        half = stats.t975(6) * w.se
        self.assertAlmostEqual(low, 1.1 * math.exp(-half))
        self.assertAlmostEqual(high, 1.1 * math.exp(half))
        self.assertLess(w.p_differ(), 0.001)
        self.assertLess(w.p_above(1.05), 0.05)   # shown above +5%
        self.assertGreater(w.p_above(1.15), 0.5)  # not above +15%
        self.assertAlmostEqual(w.p_above(1.1), 0.5)

    def test_no_spread(self):
        w = stats.Welch((0.0, 0.0, 3), (0.0, 0.0, 3))
        self.assertEqual((w.p_differ(), w.p_above(1.0)), (1.0, 1.0))
        with self.assertRaises(ValueError):
            stats.Welch((0.0, 0.0, 1), (0.0, 0.0, 3))


class ModesTest(unittest.TestCase):
    def test_two_layouts(self):
        values = [14.6, 14.8, 15.0, 15.1, 14.9, 14.7, 15.0, 14.8, 14.9, 15.0,
                  14.6, 14.7, 14.8, 15.1, 15.0, 14.9, 14.8, 20.4, 20.6, 20.9]
        self.assertEqual(stats.modes(values), [(14.9, 17), (20.6, 3)])

    def test_one_mode(self):
        self.assertIsNone(stats.modes([10.0, 10.5, 9.8, 10.2, 9.9, 10.1]))
        self.assertIsNone(stats.modes([10.0, 10.1, 10.2, 30.0]))  # one outlier is no mode
        self.assertIsNone(stats.modes([1.0, 2.0, 3.0]))  # too few to tell


class GroupShareTest(unittest.TestCase):
    """The share of a spread between groups (the code layouts), by hand."""

    def test_by_hand(self):
        # Two layouts of two processes: means 1 and 3, each member 0.5 from its mean. MS between
        # = 2 * (1 + 1) / 1 = 4, MS within = 4 * 0.25 / 2 = 0.5, n0 = 2: between (4 - 0.5) / 2.
        got = stats.group_share([0.5, 1.5, 2.5, 3.5], [1, 1, 2, 2])
        self.assertAlmostEqual(got, 1.75 / (1.75 + 0.5))

    def test_no_effect_and_too_little(self):
        self.assertEqual(stats.group_share([1.0, 2.0, 1.0, 2.0], [1, 1, 2, 2]), 0.0)
        self.assertIsNone(stats.group_share([1.0, 2.0], [1, 1]))  # one layout
        self.assertIsNone(stats.group_share([1.0, 2.0], [1, 2]))  # no layout of two


if __name__ == "__main__":
    unittest.main()
