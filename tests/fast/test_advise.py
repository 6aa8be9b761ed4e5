"""`boxbench advise` on real rustc output (tests/fixtures/rustc) and a fixture folder: the sizes
parsed, the overhead measured or interpolated with its interval, the share of a core, the
thresholds, and an unmeasured size refused."""
import os
import tempfile
import unittest

import fixture
from bb import UsageError, advise

RUSTC = os.path.join(fixture.ROOT, "tests", "fixtures", "rustc", "print-type-sizes.txt")
M = "/depth:1/pattern:pending/state:warm"
# box - inline: 18 ns at 16 B, 28 at 64 B, 900 at 16 KiB; every repetition alike.
REPS = {"box/size:16" + M: [20.0] * 4, "inline/size:16" + M: [2.0] * 4,
        "box/size:64" + M: [30.0] * 4, "inline/size:64" + M: [2.0] * 4,
        "box/size:16384" + M: [1000.0] * 4, "inline/size:16384" + M: [100.0] * 4}


class AdviseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        fixture.write_folder(cls.tmp.name, [REPS])
        cls.measured = advise.Measured(cls.tmp.name, None, "warm", "pending", 1)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_rustc_output_parsed(self):
        futures = advise.futures_of(RUSTC)
        self.assertEqual(futures, [("handle()", 16040), ("async block at futs.rs:38:13: 38:18", 16016),
                                   ("render_page()", 16003), ("read_body()", 1003),
                                   ("parse_header()", 51)])
        self.assertEqual(advise.futures_of("64,1K"), [(None, 64), (None, 1024)])
        with self.assertRaises(UsageError):
            advise.futures_of(os.path.join(fixture.ROOT, "tests", "fixtures", "rustc", "futs.rs"))

    def test_measured_and_interpolated(self):
        self.assertEqual(self.measured.at("box", 64), (28.0, 28.0, 28.0, "measured"))
        m, lo, hi, how = self.measured.at("box", 51)
        w = (51 - 16) / (64 - 16)
        self.assertAlmostEqual(m, 18 + 10 * w)
        self.assertIn("interpolated between 16 B and 64 B", how)
        self.assertIsNone(self.measured.at("box", 20000))

    def test_advice_for_the_rustc_futures(self):
        rows = advise.advise(advise.futures_of(RUSTC), self.measured, 1e6)
        by = {r["name"]: r for r in rows}
        self.assertAlmostEqual(by["parse_header()"]["share"], by["parse_header()"]["box"][0] / 1e3)
        # 16040 B is under 16 KiB (16384): past tokio-console's 1 KiB only.
        self.assertEqual(len(by["handle()"]["thresholds"]), 1)
        self.assertEqual(by["parse_header()"]["thresholds"], [])
        (at16k,) = advise.advise([(None, 16384)], self.measured, 1e6)
        self.assertEqual(len(at16k["thresholds"]), 2)
        text = advise.report(rows, self.measured, 1e6, 1, "pending", "warm")
        self.assertIn("handle(), 16040 B: box costs", text)
        self.assertIn("tokio-console warns", text)
        self.assertIn("clippy's large_futures", advise.report([at16k], self.measured, 1e6, 1, "pending", "warm"))

    def test_a_folder_without_raw_repetitions_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            kept = os.path.join(d, "kept")
            os.makedirs(kept)
            with open(os.path.join(kept, "summary.csv"), "w") as f:
                f.write("mode\n")
            with self.assertRaises(UsageError) as e:
                advise.latest(d)
            self.assertIn("no results folder with raw repetitions", str(e.exception))
            with self.assertRaises(UsageError) as e:
                advise.Measured(kept, None, "warm", "pending", 1)
            self.assertIn("holds no raw repetitions", str(e.exception))
            fixture.write_folder(os.path.join(d, "run"), [REPS])
            self.assertEqual(advise.latest(d), os.path.join(d, "run"))

    def test_an_unmeasured_size_is_refused(self):
        with self.assertRaises(UsageError) as e:
            advise.advise([(None, 20000)], self.measured, 1e5)
        self.assertIn("not extrapolated", str(e.exception))
        with self.assertRaises(UsageError):
            advise.Measured(self.tmp.name, None, "heap-cold", "pending", 1)  # No box there.
        with self.assertRaises(UsageError):
            advise.Measured(self.tmp.name, "jemalloc", "warm", "pending", 1)


if __name__ == "__main__":
    unittest.main()
