"""The claims table as data: every figure computed by hand from fixture tables (each figure one value
per runner process, its interval over them), the three verdicts at the band's edges, a missing
table worded as "not measured", and the markdown."""
import tempfile
import unittest

import fixture  # noqa: F401
import test_summary
from bb import claims, summary

T2 = 4.303 / 3 ** 0.5  # t(0.975, 2) / sqrt(3): the half-width over three processes of sd 1.

# (set, figure, allocator): the value of process 2; processes 1 and 3 are it -+ step (sd = step).
FIGURES = {
    ("small", "box-inline/16/pending", "glibc"): (10, 1), ("small", "box-inline/16/ready", "glibc"): (12, 1),
    ("small", "box-inline/64/pending", "glibc"): (14, 1), ("small", "box-inline/64/ready", "glibc"): (16, 1),
    ("small", "box-inline/256/pending", "glibc"): (18, 1),
    ("small", "box-inline/256/ready", "glibc"): (20, 1),
    ("small", "poll/16", "glibc"): (1.1, 0.1), ("small", "poll/64", "glibc"): (1.2, 0.1),
    ("small", "poll/256", "glibc"): (1.3, 0.1),
    ("small", "alloc/64", "glibc"): (6, 1), ("small", "alloc/16384", "glibc"): (20, 1),
    ("chain", "box-inline/per-box", "glibc"): (13, 1),
    ("chain", "box-inline/per-box", "jemalloc"): (22, 1),
    ("tree", "boxed-inline/fanout:1", "glibc"): (226, 10),
    ("tree", "boxed-inline/fanout:2", "glibc"): (900, 10),
    ("tree", "boxed-inline/fanout:3", "glibc"): (1940, 10),
    ("nosyscalls", "box-nonbox/per-request", "glibc"): (50, 1),
    ("nosyscalls", "nonbox/manual", "glibc"): (2, 0.01),
    ("nosyscalls", "box-nonbox/per-box", "glibc"): (20, 1),
    ("syscalls", "box/nonbox+syscalls", "glibc"): (1.035, 0.005),
    ("syscalls", "box/nonbox+spin", "glibc"): (1.01, 0.005),
    ("syscalls", "kernel-entry/per-box", "glibc"): (200, 10),
    ("wakers", "rc/arc+syscalls", "glibc"): (0.99, 0.001),
    ("wakers", "chkrc/arc+syscalls", "glibc"): (1.01, 0.001),
}


def tables():
    with tempfile.TemporaryDirectory() as d:
        test_summary.make(d)
        _, t, _ = summary.summarise(d)
    t["figure_processes"] = [
        {"set": s, "figure": f, "allocator": a, "process": k + 1, "value": v + (k - 1) * step,
         "rounds": 10} for (s, f, a), (v, step) in FIGURES.items() for k in range(3)]
    return t


class BandTest(unittest.TestCase):
    def test_three_verdicts_at_the_edges(self):
        band = claims.Band(10, 60, "ns", "x")
        for low, high, verdict in ((10, 60, claims.REPRODUCED), (20, 30, claims.REPRODUCED),
                                   (9.99, 20, claims.INCONCLUSIVE), (59, 60.01, claims.INCONCLUSIVE),
                                   (5, 70, claims.INCONCLUSIVE), (1, 9.99, claims.NOT),
                                   (60.01, 70, claims.NOT), (None, None, claims.MISSING)):
            self.assertEqual(band.verdict(low, high), verdict, (low, high))
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
        cls.t = tables()
        cls.rows = {r["id"]: r for r in claims.rows(cls.t)}

    def interval(self, f, value, half):
        self.assertAlmostEqual(f["value"], value)
        self.assertAlmostEqual(f["high"] - f["value"], half)
        self.assertAlmostEqual(f["value"] - f["low"], half)
        self.assertEqual(f["processes"], 3)

    def test_figures(self):
        # C1: per process the median of six, 14 .. 16 (the middle two's mean moves with them).
        self.interval(claims.figure_c1(self.t), 15, T2)
        self.interval(claims.figure_c4(self.t), 15, T2)
        self.interval(claims.figure_c5(self.t), 15 * 100 / 5e5, T2 * 100 / 5e5)
        self.interval(claims.figure_c10(self.t), 16, T2)  # the ready ones: 12, 16, 20
        self.interval(claims.figure_c9(self.t), 1.2, 0.1 * T2)
        self.interval(claims.figure_c7(self.t), 20, T2)
        c2 = claims.figure_c2(self.t)["value"]
        self.assertEqual(sorted(c2), [1, 2, 3])
        self.interval(c2[2], 900, 10 * T2)
        self.assertEqual((c2[2]["calls"], c2[2]["per_box"]), (31, 900 / 31))
        c3 = claims.figure_c3(self.t)
        self.interval(c3, 3.5, 0.5 * T2)  # 100 (r - 1), r = 1.035 -+ 0.005
        self.interval(c3["kernel"], 200, 10 * T2)
        self.assertAlmostEqual(c3["syscall"], 1000)  # (9115.625 - 100) ns over 2308 / 256
        self.interval(claims.figure_c6(self.t), 50, T2)
        self.interval(claims.figure_c8(self.t), 1, 0.1 * T2)  # -100 (r - 1), r = 0.99 -+ 0.001
        c11 = claims.figure_c11(self.t)
        self.interval(c11, 13, T2)
        self.interval(c11["per"]["jemalloc"], 22, T2)

    def test_verdicts_follow_the_interval_and_the_band(self):
        verdicts = {i: r["verdict"] for i, r in self.rows.items()}
        for i in ("C1", "C5", "C6", "C8", "C9", "C11"):
            self.assertEqual(verdicts[i], claims.REPRODUCED, i)
        self.assertEqual(verdicts["C4"], claims.INCONCLUSIVE)  # 12.5 .. 17.5 against 15 .. 60
        self.assertEqual(verdicts["C3"], claims.INCONCLUSIVE)  # 2.26 .. 4.74 against 0.65 .. 2.7
        # Fan-outs 2 and 3 in the band, 1 wholly below: the source has one of them.
        self.assertEqual(verdicts["C2"], claims.INCONCLUSIVE)
        self.assertIn("1 not reproduced, 2 reproduced, 3 reproduced", self.rows["C2"]["explanation"])
        for i in ("C7", "C10"):  # 20 ns against 233 .. 930; 16 ns against 2 .. 10
            self.assertEqual(verdicts[i], claims.NOT, i)
        self.assertEqual(verdicts["X1"], claims.NOT_C)
        self.assertEqual((self.rows["C1"]["figure"], self.rows["C1"]["interval"]),
                         ("15", "%.4g .. %.4g" % (15 - T2, 15 + T2)))

    def test_words(self):
        self.assertIn("+3.50% (95%: +2.26% .. +4.74%, 3 processes)", self.rows["C3"]["measured"])
        self.assertIn("a read() on the empty pipe costs 1.00 us", self.rows["C3"]["explanation"])
        self.assertIn("the kernel entry itself, against a busy wait as long, adds 200.0 ns",
                      self.rows["C3"]["explanation"])
        self.assertIn("fan-out 2 (31 calls): 900.0 ns (95%: 875.2 ns .. 924.8 ns, 3 processes)",
                      self.rows["C2"]["measured"])

    def test_a_busy_wait_control_that_did_not_hold_is_said_so(self):
        t = dict(self.t, figure_processes=self.t["figure_processes"] + [
            {"set": "syscalls", "figure": f, "allocator": "glibc", "process": k + 1, "value": v,
             "rounds": 10} for f, vals in (("box-nonbox/per-box+spin", (-40, -30, -20)),
                                            ("box-nonbox/per-box+syscalls", (300, 310, 320)),
                                            ("spin/syscall", (0.8, 1.0, 1.1)))
            for k, v in enumerate(vals)])
        (c3,) = [r for r in claims.rows(t) if r["id"] == "C3"]
        self.assertIn("the busy-wait control did not hold in this run", c3["explanation"])
        self.assertIn("from -20.0% to +10.0% of the syscall", c3["explanation"])
        self.assertNotIn("adds 200.0 ns", c3["explanation"])

    def test_missing_and_markdown(self):
        t = dict(self.t, figure_processes=[r for r in self.t["figure_processes"]
                                           if r["set"] != "wakers"])
        (c8,) = [r for r in claims.rows(t) if r["id"] == "C8"]
        self.assertEqual(c8["verdict"], claims.MISSING)
        self.assertIn("this run did not measure the waker set", c8["explanation"])
        md = claims.markdown(list(self.rows.values()), {"summary": "a machine"}, partial="the run was interrupted")
        self.assertIn("Partial report", md)
        self.assertIn("Machine: a machine", md)
        self.assertEqual(md.count("\n| C"), 11)

    def test_c2_verdicts(self):
        f = lambda *lows: {"value": {k + 1: {"low": lo, "high": lo + 100} for k, lo in enumerate(lows)}}
        self.assertEqual(claims.judge_c2(claims.BAND_C2, f(600, 900, 2000)), claims.REPRODUCED)
        self.assertEqual(claims.judge_c2(claims.BAND_C2, f(100, 200, 3000)), claims.NOT)
        self.assertEqual(claims.judge_c2(claims.BAND_C2, f(100, 900, 3000)), claims.INCONCLUSIVE)
        self.assertEqual(claims.judge_c2(claims.BAND_C2, f(550, 900, 2000)), claims.INCONCLUSIVE)

    def test_an_empty_folder_measures_nothing(self):
        for r in claims.rows({}):
            self.assertIn(r["verdict"], (claims.MISSING, claims.NOT_C))


if __name__ == "__main__":
    unittest.main()
