"""The answer on top of the report, computed from small literal tables: which measured sizes the
overhead passes 100 ns and 1 us between, the call rate of 1% of a core, and where the small cost
comes from (the interleaved set's interval, or the matrix's median)."""
import unittest

import fixture  # noqa: F401

from bb.analysis import answer


def row(size, overhead, allocator="glibc", mode="box", state="warm", pattern="pending"):
    return {"mode": mode, "size": size, "depth": 1, "pattern": pattern, "state": state,
            "allocator": allocator, "overhead_ns": overhead}


class AnswerTest(unittest.TestCase):
    def test_thresholds_between_measured_sizes(self):
        data = {"summary": [row(16, 20), row(64, 22), row(1024, 99.9), row(4096, 100),
                            row(65536, 1500), row(65536, 9999, pattern="ready"),
                            row(16, 5000, state="heap-cold"), row(16, 30, allocator="jemalloc"),
                            row(64, 40, allocator="jemalloc")]}
        t = answer.thresholds(data)
        self.assertEqual(t["glibc"][100], (1024, 99.9, 4096, 100))
        self.assertEqual(t["glibc"][1000], (4096, 100, 65536, 1500))
        self.assertEqual(t["jemalloc"], {100: None, 1000: None})
        t = answer.thresholds({"summary": [row(16, 150), row(64, 160)]})
        self.assertEqual(t["glibc"][100], (None, None, 16, 150))

    def test_the_set_first_then_the_median(self):
        data = {"summary": [row(64, 25), row(64, 30, allocator="jemalloc")],
                "figures": [{"set": "small", "figure": "box-inline/64/pending",
                             "allocator": "glibc", "mean": 20.0, "low": 19.0, "high": 21.0,
                             "processes": 10}]}
        small = {s["allocator"]: s for s in answer.small_cost(data)}
        self.assertEqual((small["glibc"]["ns"], small["glibc"]["how"]), (20.0, "set"))
        self.assertEqual((small["jemalloc"]["ns"], small["jemalloc"]["how"]), (30, "median"))
        a = answer.answer(data, [{"id": "C3"}, {"id": "C9"}, {"id": "C1"}])
        self.assertEqual(a["typical_ns"], 25.0)
        self.assertAlmostEqual(a["rate"], 0.01 / 25e-9)
        self.assertEqual([r["id"] for r in a["headlines"]], ["C1", "C3"])

    def test_both_shapes_where_both_were_measured(self):
        data = {"summary": [row(64, 25), row(64, 14, mode="box-inplace"), row(4096, 90),
                            row(4096, 60, mode="box-inplace"), row(65536, 2000),
                            row(64, 30, allocator="jemalloc")]}
        self.assertEqual(answer.shapes(data), [
            dict(allocator="glibc", size=64, moved=25, built=14),
            dict(allocator="glibc", size=4096, moved=90, built=60)])

    def test_nothing_measured_says_nothing(self):
        a = answer.answer({}, None)
        self.assertEqual((a["small"], a["thresholds"], a["rate"], a["headlines"]),
                         ([], {}, None, []))


if __name__ == "__main__":
    unittest.main()
