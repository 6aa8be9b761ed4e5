"""`boxbench advise` on real rustc output (tests/fixtures/rustc) and a fixture folder: the sizes
parsed, the overhead measured or interpolated with its interval, the share of a core, the
thresholds, and an unmeasured size refused."""
import os
import shutil
import tempfile
import unittest

import fixture
from bb import UsageError
from bb.analysis import advise, summary
from bb.model import catalogue, stats

RUSTC = os.path.join(fixture.ROOT, "tests", "fixtures", "rustc", "print-type-sizes.txt")
M = "/depth:1/pattern:pending/state:warm"


def reps(box, inline, extra=None):
    """Two runner processes: in each, every case's repetitions as given (box - inline per process:
    the two processes differ by 2 ns)."""
    out = []
    for k in (0, 1):
        d = {"box/size:%d" % s + M: [v + 2 * k] * 2 for s, v in box.items()}
        d.update({"inline/size:%d" % s + M: [v] * 2 for s, v in inline.items()})
        for name, v in (extra or {}).items():
            d[name + M] = [v + 2 * k] * 2
        out.append(d)
    return out


# box - inline (process 1, process 2): 16 B 18, 20; 64 B 28, 30; 1 KiB 100, 102; 16 KiB 900, 902.
BOX = {16: 20.0, 64: 30.0, 1024: 110.0, 16384: 1000.0}
INLINE = {16: 2.0, 64: 2.0, 1024: 10.0, 16384: 100.0}
REUSE = {"reuse/size:16": 4.0, "reuse/size:64": 4.0, "reuse/size:1024": 12.0,
         "reuse/size:16384": 102.0, "dyn/size:64": 5.0, "dyn/size:1024": 13.0}


class AdviseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        fixture.write_folder(cls.tmp.name, reps(BOX, INLINE, REUSE))
        cls.measured = advise.Measured(cls.tmp.name, None, "warm", "pending", 1)
        cls.T1 = stats.t975(1) * 2 ** 0.5 / 2 ** 0.5  # sd sqrt(2) of (x, x + 2), over sqrt(2)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_real_rust_figures_where_the_folder_has_them(self):
        """A folder with Rust units: the C figures by default (said so, never mixed with the Rust
        units at the same coordinates), real Rust's with --lang rust (said so), with the ways
        around the box bench/rust has (every one the C side has: each mode has its Rust twin)."""
        rust = {"box/size:64" + M + catalogue.RUST_SUFFIX: [40.0] * 2,
                "inline/size:64" + M + catalogue.RUST_SUFFIX: [3.0] * 2}
        with tempfile.TemporaryDirectory() as d:
            fixture.write_folder(d, [dict(r, **rust) for r in reps(BOX, INLINE, REUSE)])
            c = advise.Measured(d, None, "warm", "pending", 1)
            self.assertEqual(c.at("box", 64)[0], 29.0)
            self.assertIn("--lang rust", " ".join(c.notes))
            r = advise.Measured(d, None, "warm", "pending", 1, lang="rust")
            self.assertEqual(r.at("box", 64), (37.0, 37.0, 37.0, "measured"))
            self.assertEqual(r.sizes(), [64])
            self.assertIn("real Rust", " ".join(r.notes))
            self.assertEqual(sorted(r.rust), sorted(c.rust))
            self.assertIn("reuse", r.rust)
            self.assertIn("inline-buf-64", c.rust)
        with tempfile.TemporaryDirectory() as d:  # Rust's figures only from raw repetitions.
            with self.assertRaisesRegex(UsageError, "no raw repetitions"):
                advise.Measured(d, None, "warm", "pending", 1, lang="rust")

    def test_rustc_output_parsed(self):
        futures = advise.futures_of(RUSTC)
        self.assertEqual(futures, [("handle()", 16040), ("async block at futs.rs:38:13: 38:18", 16016),
                                   ("render_page()", 16003), ("read_body()", 1003),
                                   ("parse_header()", 51)])
        self.assertEqual(advise.futures_of("64,1K"), [(None, 64), (None, 1024)])
        with self.assertRaises(UsageError):
            advise.futures_of(os.path.join(fixture.ROOT, "tests", "fixtures", "rustc", "futs.rs"))

    def test_one_overhead_per_process(self):
        m, lo, hi, how = self.measured.at("box", 64)
        self.assertEqual((m, how), (29.0, "measured"))  # 28 and 30
        self.assertAlmostEqual(hi - m, self.T1)
        self.assertAlmostEqual(m - lo, self.T1)

    def test_interpolation_counts_its_own_error(self):
        # Predicting 64 B from 16 B and 1 KiB misses it by |19 + (48 / 1008) 82 - 29| / 29.
        miss64 = abs(19 + 48 / 1008 * (101 - 19) - 29) / 29
        m, lo, hi, how = self.measured.at("box", 51)
        w = (51 - 16) / (64 - 16)
        self.assertAlmostEqual(m, 19 + 10 * w)
        err = miss64 * m  # 16 B is an end: only 64 B's miss counts
        self.assertAlmostEqual(hi, m + self.T1 + err)
        self.assertAlmostEqual(lo, m - self.T1 - err)
        self.assertIn("interpolated between 16 B and 64 B", how)
        self.assertIsNone(self.measured.at("box", 20000))

    def test_two_sizes_alone_span_both(self):
        with tempfile.TemporaryDirectory() as d:
            fixture.write_folder(d, reps({16: 20.0, 16384: 1000.0}, {16: 2.0, 16384: 100.0}))
            m, lo, hi, how = advise.Measured(d, None, "warm", "pending", 1).at("box", 64)
            self.assertAlmostEqual(lo, 19 - self.T1)
            self.assertAlmostEqual(hi, 901 + self.T1)
            self.assertIn("spanning both", how)

    def test_the_check_predicts_each_inner_size(self):
        got = self.measured.check()
        self.assertEqual([s for s, *_ in got], [64, 1024])
        s, measured, (m, lo, hi, how), inside = got[0]
        self.assertEqual(measured, 29.0)
        self.assertIn("interpolated between 16 B and 1 KiB", how)
        self.assertEqual(inside, lo <= 29.0 <= hi)
        self.assertEqual(self.measured.at("box", 64)[3], "measured")  # Put back.
        self.assertIn("64 B: measured +29.0 ns", advise.check_report(self.measured))

    def test_only_what_a_rust_user_can_choose(self):
        rows = advise.advise([(None, 64)], self.measured, 1e6)
        self.assertEqual(sorted(rows[0]["others"]), ["reuse"])  # Not dyn.
        text = advise.report(rows, self.measured, 1e6, 1, "pending", "warm")
        self.assertIn("instead, tokio-util's ReusableBoxFuture (reuse)", text)

    def test_thresholds_as_each_tool_applies_them(self):
        words = lambda n: advise.advise([(None, n)], self.measured, 1e6)[0]["thresholds"]
        self.assertEqual(words(64), [])
        self.assertEqual(len(words(1024)), 1)
        self.assertEqual(len(words(2048)), 1)  # tokio's debug threshold is "larger than 2048"
        self.assertEqual(len(words(16384)), 3)  # clippy fires at 16384, tokio boxes above it
        self.assertIn("clippy", words(16384)[-1])

    def test_advice_for_the_rustc_futures(self):
        rows = advise.advise(advise.futures_of(RUSTC), self.measured, 1e6)
        by = {r["name"]: r for r in rows}
        self.assertAlmostEqual(by["parse_header()"]["share"], by["parse_header()"]["box"][0] / 1e3)
        text = advise.report(rows, self.measured, 1e6, 1, "pending", "warm")
        self.assertIn("handle(), 16040 B: box costs", text)
        self.assertIn("tokio-console", text)

    def test_a_folder_kept_with_its_tables(self):
        with tempfile.TemporaryDirectory() as d:
            kept = os.path.join(d, "kept")
            fixture.write_folder(kept, reps(BOX, INLINE))
            summary.write(kept)
            shutil.rmtree(os.path.join(kept, "raw"))
            self.assertEqual(advise.latest(d), kept)
            m = advise.Measured(kept, None, "warm", "pending", 1)
            self.assertTrue(any("tables only" in n for n in m.notes))
            o, lo, hi, how = m.at("box", 64)
            self.assertEqual(how, "measured")
            self.assertAlmostEqual(o, 29.0)  # the medians: 31 - 2
            self.assertLess(lo, o)
            fixture.write_folder(os.path.join(d, "run"), reps(BOX, INLINE))
            self.assertEqual(advise.latest(d), os.path.join(d, "run"))  # raw ones first
            with self.assertRaises(UsageError):
                advise.latest(os.path.join(d, "nothing"))

    def test_an_unmeasured_size_is_refused_with_a_built_command(self):
        with self.assertRaises(UsageError) as e:
            advise.advise([(None, 20000)], self.measured, 1e5)
        self.assertIn("not extrapolated", str(e.exception))
        self.assertIn("the runners build sizes 16 B to 16 KiB only", str(e.exception))  # trimmed
        with tempfile.TemporaryDirectory() as d:
            fixture.write_folder(d, reps({16: 20.0, 64: 30.0}, {16: 2.0, 64: 2.0}))
            with self.assertRaises(UsageError) as e:
                advise.advise([(None, 1000)], advise.Measured(d, None, "warm", "pending", 1), 1e5)
            self.assertIn("`boxbench run --mode box --size 256,1024 --allocator glibc`",
                          str(e.exception))
        with self.assertRaises(UsageError):
            advise.Measured(self.tmp.name, None, "heap-cold", "pending", 1)  # No box there.
        with self.assertRaises(UsageError):
            advise.Measured(self.tmp.name, "jemalloc", "warm", "pending", 1)


if __name__ == "__main__":
    unittest.main()
