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


if __name__ == "__main__":
    unittest.main()
