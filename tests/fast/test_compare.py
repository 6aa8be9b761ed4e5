"""`boxbench compare` on fixture folders and literal samples: the Mann-Whitney U test against
values worked by hand, a known 10% regression flagged and gated, identical folders the same, and
folders of two allocators compared with each other."""
import json
import os
import shutil
import tempfile
import unittest

import fixture
from bb import UsageError, compare, summary

BOX = "box/size:64/depth:1/pattern:ready/state:warm"
INLINE = "inline/size:64/depth:1/pattern:ready/state:warm"
A = [100.0, 101.0, 99.0, 100.5, 99.5, 100.2]


def folder(d, name, box, inline=A, allocator="glibc", machine=None):
    path = os.path.join(d, name)
    fixture.write_folder(path, [{BOX: box[:3], INLINE: inline[:3]},
                                {BOX: box[3:], INLINE: inline[3:]}], allocator=allocator)
    if machine:
        with open(os.path.join(path, "run.json")) as f:
            run = json.load(f)
        run["identity"] = {"machine": machine}
        with open(os.path.join(path, "run.json"), "w") as f:
            json.dump(run, f)
    return path


class MannWhitneyTest(unittest.TestCase):
    def test_exact_values(self):
        # Fully separated samples: U = 0, and the two-sided p is 2 / C(n + m, n).
        self.assertEqual(compare.mann_whitney([1, 2, 3], [4, 5, 6]), (0, 0.1))
        u, p = compare.mann_whitney([1, 2, 3, 4], [5, 6, 7, 8])
        self.assertEqual(u, 0)
        self.assertAlmostEqual(p, 2 / 70)
        # U of the first sample counts its wins: 3 over 4 and 5 over the lower half.
        u, p = compare.mann_whitney([2, 4, 6], [1, 3, 5])
        self.assertEqual(u, 6)
        self.assertAlmostEqual(p, 0.7)  # P(U >= 6 or U <= 3) with n = m = 3: 14 of 20.
        self.assertAlmostEqual(compare.smallest_p(3, 3), 0.1)

    def test_ties_use_the_normal_approximation(self):
        a, b = [1, 1, 2, 2, 3], [2, 3, 3, 4, 4]
        u, p = compare.mann_whitney(a, b)
        self.assertEqual(u, 3.0)  # Average ranks 1.5, 1.5, 4, 4, 7: 18 - 15.
        self.assertAlmostEqual(p, compare.mann_whitney(b, a)[1])  # Symmetric.
        self.assertTrue(0.02 < p < 0.1, p)
        self.assertEqual(compare.mann_whitney([5, 5, 5], [5, 5, 5])[1], 1.0)


class CompareTest(unittest.TestCase):
    def test_a_ten_percent_regression_is_flagged_and_gates(self):
        with tempfile.TemporaryDirectory() as d:
            a = folder(d, "a", A)
            b = folder(d, "b", [x * 1.1 for x in A])
            header, rows = compare.compare(a, b)
            box = next(r for r in rows if r["case"] == BOX)
            inline = next(r for r in rows if r["case"] == INLINE)
            self.assertEqual((box["verdict"], inline["verdict"]), ("slower", "same within noise"))
            self.assertAlmostEqual(box["ratio"], 1.1)
            self.assertTrue(box["low"] <= 1.1 <= box["high"] and box["low"] > 1.0)
            self.assertLess(box["p"], 0.05)
            self.assertEqual([r["case"] for r in compare.gate(rows, 5)], [BOX])
            self.assertEqual(compare.gate(rows, 15), [])
            self.assertIn("slower", compare.table(header, rows))
            # And the other way round it is faster.
            _, back = compare.compare(b, a)
            self.assertEqual(next(r for r in back if r["case"] == BOX)["verdict"], "faster")

    def test_identical_folders_are_the_same(self):
        with tempfile.TemporaryDirectory() as d:
            _, rows = compare.compare(folder(d, "a", A), folder(d, "b", A))
            self.assertEqual({r["verdict"] for r in rows}, {"same within noise"})
            self.assertEqual({r["p"] for r in rows}, {1.0})

    def test_too_few_repetitions_is_said(self):
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a")
            fixture.write_folder(a, [{BOX: [100, 101, 99]}])
            b = os.path.join(d, "b")
            fixture.write_folder(b, [{BOX: [200, 201, 199]}])
            (r,) = compare.compare(a, b)[1]
            self.assertEqual(r["verdict"], "too few repetitions")
            self.assertEqual(compare.gate([r], 5), [])

    def test_two_allocators_and_two_machines(self):
        m1 = {"cpu_model": "X", "cpus_online": 2, "kernel": "6.1", "host": "aa"}
        with tempfile.TemporaryDirectory() as d:
            a = folder(d, "a", A, allocator="glibc", machine=m1)
            b = folder(d, "b", A, allocator="jemalloc", machine=dict(m1, host="bb"))
            header, rows = compare.compare(a, b)
            self.assertIn("allocators: glibc (A) against jemalloc (B)", header)
            self.assertTrue(any("different machines" in h and "another host" in h for h in header))
            self.assertEqual(rows[0]["allocator"], "glibc/jemalloc")

    def test_against_a_folder_without_raw_repetitions(self):
        slower = compare.compare_summaries((100.0, 0.01, 10), (110.0, 0.01, 10))
        self.assertEqual(slower["verdict"], "slower")
        self.assertTrue(slower["low"] < 1.1 < slower["high"] and slower["low"] > 1.0)
        self.assertEqual(compare.compare_summaries((100.0, 0.05, 3), (101.0, 0.05, 3))["verdict"],
                         "same within noise")
        self.assertEqual(compare.compare_summaries((100.0, None, 3), (101.0, 0.05, 3))["verdict"],
                         "too few repetitions")
        with tempfile.TemporaryDirectory() as d:
            a = folder(d, "a", A)
            b = folder(d, "b", [x * 1.1 for x in A])
            for f in (a, b):
                summary.write(f)
            shutil.rmtree(os.path.join(a, "raw"))
            header, rows = compare.compare(a, b)
            self.assertTrue(any("z test" in h for h in header))
            box = next(r for r in rows if r["case"] == BOX)
            self.assertAlmostEqual(box["ratio"], 1.1, places=2)

    def test_nothing_in_common_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a")
            fixture.write_folder(a, [{BOX: [100, 101, 99, 100]}])
            b = os.path.join(d, "b")
            fixture.write_folder(b, [{INLINE: [100, 101, 99, 100]}])
            with self.assertRaises(UsageError):
                compare.compare(a, b)


if __name__ == "__main__":
    unittest.main()
