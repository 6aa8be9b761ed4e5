"""The interval code on known samples."""
import unittest

import fixture  # noqa: F401  (puts scripts/ on the path)
from bb import stats


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


class TIntervalTest(unittest.TestCase):
    def test_known_sample(self):
        # [1, 2, 3]: mean 2, s = 1, t(0.975, 2) = 4.303: 2 +- 4.303 / sqrt(3).
        mean, low, high = stats.t_interval([3.0, 1.0, 2.0])
        self.assertEqual(mean, 2.0)
        self.assertAlmostEqual(high - mean, 4.303 / 3 ** 0.5)
        self.assertAlmostEqual(mean - low, 4.303 / 3 ** 0.5)

    def test_the_quantile_table(self):
        self.assertEqual(stats.t975(1), 12.706)
        self.assertEqual(stats.t975(9), 2.262)
        self.assertEqual(stats.t975(27), 2.060)  # Between entries: the wider one's.
        self.assertEqual(stats.t975(1000), 1.980)

    def test_equal_values_give_a_point_and_one_value_is_refused(self):
        self.assertEqual(stats.t_interval([5.0, 5.0, 5.0]), (5.0, 5.0, 5.0))
        with self.assertRaises(ValueError):
            stats.t_interval([5.0])


if __name__ == "__main__":
    unittest.main()
