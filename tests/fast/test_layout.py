"""`boxbench layout`'s arithmetic and verdict on literal process figures: which of the modes
brings the spread between processes back."""
import unittest

import fixture  # noqa: F401  (puts scripts/ on the path)
from bb.measuring import layout
from bb.model import figures


def mode(medians, within=0.01):
    # Each process: its median and three repetitions whose cv is about `within`.
    return layout.spread([(m, [m * (1 - within), m, m * (1 + within)]) for m in medians])


class LayoutTest(unittest.TestCase):
    def test_spread(self):
        r = mode([2.0, 4.0, 3.0])
        self.assertEqual((r["processes"], r["median_ns"], r["min_ns"], r["max_ns"]), (3, 3.0, 2.0, 4.0))
        self.assertAlmostEqual(r["process_cv"], 1 / 3)
        self.assertAlmostEqual(r["within_cv"], 0.01)

    def test_verdicts(self):
        wide, narrow = [2.0, 4.0, 3.0, 2.1], [3.0, 3.02, 2.99, 3.01]
        def says(r, f, s, correlation=0.9):
            rows = {"random": mode(r), "fixed": mode(f), "stack": mode(s)}
            rows["stack"]["repeat_correlation"] = correlation
            return layout.verdict(rows)
        self.assertIn("not layout-sensitive", says(narrow, narrow, narrow))
        self.assertIn("the stack's address modulo 4096 decides", says(wide, narrow, wide))
        self.assertIn("not the address modulo 4096 alone", says(wide, narrow, wide, 0.1))
        self.assertIn("not the stack alone", says(wide, narrow, narrow))
        self.assertIn("still disagree", says(wide, wide, wide))
        rows = {"random": mode(wide), "fixed": mode(narrow), "stack": mode(narrow),
                "code": mode(wide)}
        self.assertIn("the code's layout", layout.verdict(rows))  # the code alone brings it back
        rows["code"] = mode(narrow)
        self.assertIn("nor the code", layout.verdict(rows))


class CodeLayoutTest(unittest.TestCase):
    """A run's processes go round the build's code layouts, by their file's number."""

    def test_the_layout_of_each_process_file(self):
        names = ["raw/glibc/rep-01.json", "rep-02-2.json", "rep-07.r1.json", "rep-12.json",
                 "raw/glibc/set-rust-tree-5.jsonl", "set-fidelity.box.depth8-4.jsonl"]
        self.assertEqual([figures.process_number(n) for n in names], [1, 2, 7, 12, 5, 4])
        self.assertEqual([figures.layout_of(figures.process_number(n), 4) for n in names],
                         [1, 2, 3, 4, 1, 4])
        self.assertEqual(figures.layout_of(7, None), 1)  # a run of one layout


if __name__ == "__main__":
    unittest.main()
