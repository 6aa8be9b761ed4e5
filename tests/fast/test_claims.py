"""The claims table as data: every figure computed from fixture tables by hand, the verdict from
the band alone (its edges included), a missing table worded as "not measured", and the markdown."""
import tempfile
import unittest

import fixture  # noqa: F401
import test_summary
from bb import claims, summary


class BandTest(unittest.TestCase):
    def test_edges(self):
        band = claims.Band(10, 60, "ns", "x")
        for value, holds in ((10, True), (60, True), (35, True), (9.99, False), (60.01, False),
                             (None, False)):
            self.assertEqual(band.holds(value), holds, value)
        self.assertEqual(str(band), "x: 10 .. 60 ns")

    def test_every_claim_is_one_row_of_data(self):
        ids = [c.id for c in claims.CLAIMS]
        self.assertEqual(ids, ["C%d" % i for i in range(1, 12)])
        for c in claims.CLAIMS:
            self.assertLess(c.band.low, c.band.high, c.id)
            self.assertTrue(c.source and c.published and c.missing, c.id)


class FigureTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory() as d:
            test_summary.make(d)
            _, cls.t, _ = summary.summarise(d)
        cls.rows = {r["id"]: r for r in claims.rows(cls.t)}

    def test_figures(self):
        self.assertEqual(claims.figure_c1(self.t)["value"], 15)
        c2 = claims.figure_c2(self.t)["value"]
        self.assertEqual(sorted(c2), [1, 2, 3])
        self.assertEqual((c2[2]["diff"], c2[2]["per_box"], c2[2]["calls"]), (900, 900 / 31, 31))
        self.assertEqual((c2[1]["diff"], c2[3]["diff"], c2[3]["per_box"]), (226, 1940, 1940 / 121))
        c3 = claims.figure_c3(self.t)
        self.assertAlmostEqual(c3["value"], 3.5)
        # (9115.625 - 100) ns per request over 2308 / 256 syscalls per request.
        self.assertAlmostEqual(c3["syscall"], 1000)
        self.assertAlmostEqual(c3["warm"], (64000 - 51200) / 257)
        self.assertAlmostEqual(c3["between"], 0.035 * 2359200 / 257)
        self.assertEqual(claims.figure_c4(self.t)["core_pct"], 1.5)
        self.assertAlmostEqual(claims.figure_c5(self.t)["value"], 0.003)
        self.assertAlmostEqual(claims.figure_c5(self.t)["of_rtt"], 0.05)
        c6 = claims.figure_c6(self.t)
        self.assertEqual((c6["value"], c6["executor"]), (50, 100))

    def test_verdicts_follow_the_band(self):
        verdicts = {i: r["verdict"] for i, r in self.rows.items()}
        for i in ("C1", "C4", "C5", "C6", "C11"):
            self.assertEqual(verdicts[i], claims.REPRODUCED, i)
        # Fan-outs 2 and 3 in the band (900, 1940 ns), 1 not (226 ns): the source has one of them.
        self.assertEqual(verdicts["C2"], claims.INCONCLUSIVE)
        self.assertIn("in the band at fan-out 2, 3", self.rows["C2"]["explanation"])
        self.assertEqual(verdicts["C3"], claims.NOT)  # +3.5% against 0.65 .. 2.7
        self.assertEqual(verdicts["C10"], claims.NOT)  # 15 ns against 2 .. 10
        for i in ("C7", "C8", "C9"):
            self.assertEqual(verdicts[i], claims.MISSING, i)
        self.assertEqual(verdicts["X1"], claims.NOT_C)

    def test_words(self):
        self.assertIn("+3.50% (95%: +1.00% .. +4.00%)", self.rows["C3"]["measured"])
        self.assertIn("a read() on the empty pipe costs 1.00 us", self.rows["C3"]["explanation"])
        self.assertIn("this run did not measure the waker ratios", self.rows["C8"]["explanation"])
        self.assertIn("fan-out 2 (31 calls): boxed 930.0 ns - inline 30.0 ns = 900.0 ns, 29.0 ns per "
                      "box", self.rows["C2"]["measured"])
        self.assertIn("makes 9.02 of them per request", self.rows["C3"]["explanation"])

    def test_c2_verdicts(self):
        f = lambda *diffs: {"value": {k + 1: {"diff": d} for k, d in enumerate(diffs)}}
        self.assertEqual(claims.judge_c2(claims.BAND_C2, f(600, 900, 2000)), claims.REPRODUCED)
        self.assertEqual(claims.judge_c2(claims.BAND_C2, f(100, 200, 3000)), claims.NOT)
        self.assertEqual(claims.judge_c2(claims.BAND_C2, f(100, 900, 3000)), claims.INCONCLUSIVE)
        md = claims.markdown(list(self.rows.values()), {"summary": "a machine"}, partial=True)
        self.assertIn("Partial report", md)
        self.assertIn("Machine: a machine", md)
        self.assertEqual(md.count("\n| C"), 11)

    def test_an_empty_folder_measures_nothing(self):
        for r in claims.rows({}):
            self.assertIn(r["verdict"], (claims.MISSING, claims.NOT_C))


if __name__ == "__main__":
    unittest.main()
