"""`boxbench compare` on fixture folders: one estimate per runner process, a clear regression
flagged and gated, a noisy one not, the family adjusted, unmatched cases counted and failing the
gate, a folder compared with itself refused, and a folder kept without its repetitions."""
import argparse
import contextlib
import io
import json
import math
import os
import shutil
import tempfile
import unittest

import fixture
from bb import UsageError
from bb.analysis import compare, summary
from bb.commands import cmd_compare
from bb.model import roles, stats
from bb.output import terminal

BOX = "box/size:64/depth:1/pattern:ready/state:warm"
INLINE = "inline/size:64/depth:1/pattern:ready/state:warm"
# Four runner processes of three repetitions each; the processes' medians 100, 100.5, 99.5, 100.
A = [[100.0, 101.0, 99.0], [100.5, 100.0, 101.0], [99.5, 99.0, 100.0], [100.0, 100.2, 99.8]]


def scaled(procs, k):
    return [[x * k for x in p] for p in procs]


def folder(d, name, box, inline=A, allocator="glibc", machine=None, cases=None):
    path = os.path.join(d, name)
    reps = [dict({BOX: b, INLINE: i}, **(cases or {})) for b, i in zip(box, inline)]
    fixture.write_folder(path, reps, allocator=allocator)
    if machine:
        with open(os.path.join(path, "run.json")) as f:
            run = json.load(f)
        run["identity"] = {"machine": machine}
        with open(os.path.join(path, "run.json"), "w") as f:
            json.dump(run, f)
    return path


def by_case(rows):
    return {r["case"]: r for r in rows}


CONTROLS = [u.name for u in fixture.fixture_catalogue().of_suite(roles.HARNESS)]


class MachineTest(unittest.TestCase):
    """The gate watches its controls: a machine that slowed moves them as much as the cases."""

    def controls(self, k):
        return {c: [x * k for x in [1.0, 1.01, 0.99]] for c in CONTROLS}

    def test_a_machine_forty_percent_slower_is_told_from_the_code(self):
        with tempfile.TemporaryDirectory() as d:
            a = folder(d, "a", A, cases=self.controls(1.0))
            b = folder(d, "b", scaled(A, 1.4), scaled(A, 1.4), cases=self.controls(1.4))
            c = compare.Comparison(a, b)
            self.assertEqual(sorted(r["case"] for r in c.controls), sorted(CONTROLS))
            self.assertNotIn("spin", by_case(c.rows))  # not a case: a family of its own
            self.assertEqual(len(c.moved(2.5)), len(CONTROLS))
            self.assertIn("the machine moved", c.machine_words(2.5))
            self.assertEqual(len(c.gate(5)), 2)  # every case reads as slower ...
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                status = cmd_compare.run(argparse.Namespace(
                    a=a, b=b, only=None, fail_above=5.0, allow_missing=False, out=None,
                    json=False))
            self.assertEqual(status, 3)  # ... so the gate judges nothing
            self.assertIn("the gate judges nothing", out.getvalue())

    def test_a_machine_that_held_lets_the_gate_judge(self):
        with tempfile.TemporaryDirectory() as d:
            c = compare.Comparison(folder(d, "a", A, cases=self.controls(1.0)),
                                   folder(d, "b", scaled(A, 1.1), cases=self.controls(1.0)))
            self.assertEqual(c.moved(2.5), [])
            self.assertIn("held", c.machine_words(2.5))
            self.assertEqual([r["case"] for r in c.gate(5)], [BOX])

    def test_folders_without_controls_say_so(self):
        with tempfile.TemporaryDirectory() as d:
            c = compare.Comparison(folder(d, "a", A), folder(d, "b", A))
            self.assertEqual((c.controls, c.moved()), ([], []))
            self.assertIn("share no control", c.machine_words())


class CompareTest(unittest.TestCase):
    def test_one_estimate_per_process(self):
        with tempfile.TemporaryDirectory() as d:
            c = compare.Comparison(folder(d, "a", A), folder(d, "b", scaled(A, 1.1)))
            box = by_case(c.rows)[BOX]
            self.assertEqual((box["a_processes"], box["b_processes"]), (4, 4))
            medians = [100.0, 100.5, 99.5, 100.0]
            self.assertAlmostEqual(box["a_ns"], math.exp(sum(map(math.log, medians)) / 4))
            self.assertAlmostEqual(box["ratio"], 1.1)

    def test_a_ten_percent_regression_is_flagged_and_gates(self):
        with tempfile.TemporaryDirectory() as d:
            c = compare.Comparison(folder(d, "a", A), folder(d, "b", scaled(A, 1.1)))
            box, inline = by_case(c.rows)[BOX], by_case(c.rows)[INLINE]
            self.assertEqual((box["verdict"], inline["verdict"]), ("slower", "same within noise"))
            self.assertTrue(1.0 < box["low"] <= 1.1 <= box["high"])
            self.assertLess(box["p_family"], 0.05)
            self.assertAlmostEqual(inline["p"], 1.0)
            self.assertEqual([r["case"] for r in c.gate(5)], [BOX])
            self.assertEqual(c.gate(15), [])  # 10% slower is not shown to be 15% slower.
            self.assertIn("slower", terminal.compare(c.header, c.rows))
            back = compare.Comparison(os.path.join(d, "b"), os.path.join(d, "a"))
            self.assertEqual(by_case(back.rows)[BOX]["verdict"], "faster")

    def test_a_noisy_difference_is_not_flagged(self):
        # B's processes spread from 60 to 160: its mean is 10% up, but nothing is shown.
        noisy = [[60.0] * 3, [160.0] * 3, [100.0] * 3, [130.0] * 3]
        with tempfile.TemporaryDirectory() as d:
            c = compare.Comparison(folder(d, "a", A), folder(d, "b", noisy))
            box = by_case(c.rows)[BOX]
            self.assertEqual(box["verdict"], "same within noise")
            self.assertLess(box["low"], 1.0)
            self.assertEqual(c.gate(5), [])
            self.assertGreater(box["detectable_pct"], 30)

    def test_the_point_ratio_alone_never_gates(self):
        # 30% slower at the point, but the interval reaches below +50%: --fail-above 50 passes.
        wide = [[120.0] * 3, [140.0] * 3, [125.0] * 3, [135.0] * 3]
        with tempfile.TemporaryDirectory() as d:
            c = compare.Comparison(folder(d, "a", A), folder(d, "b", wide))
            self.assertEqual(c.gate(50), [])
            self.assertEqual([r["case"] for r in c.gate(10)], [BOX])

    def test_the_family_is_adjusted(self):
        # Holm: sorted p times (m - k), kept monotone.
        self.assertEqual(stats.holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02])
        self.assertEqual(stats.holm([0.5]), [0.5])
        self.assertEqual(stats.holm([0.4, 0.6]), [0.8, 0.8])
        # Rows: a p of 0.03 alone differs; among four cases with three at 0.5 it does not.
        rows = [dict(p=0.03, ratio=1.2, verdict=None)] + [dict(p=0.5, ratio=1.0, verdict=None)
                                                          for _ in range(3)]
        compare.decide(rows)
        self.assertEqual(rows[0]["verdict"], "same within noise")
        self.assertAlmostEqual(rows[0]["p_family"], 0.12)
        self.assertEqual(compare.decide([dict(p=0.03, ratio=1.2)])[0]["verdict"], "slower")

    def test_only_chosen_cases_make_the_family(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = folder(d, "a", A), folder(d, "b", scaled(A, 1.1))
            c = compare.Comparison(a, b, only="^box/")
            self.assertEqual([r["case"] for r in c.rows], [BOX])
            self.assertTrue(any("matching '^box/'" in h for h in c.header))
            self.assertEqual(c.only_a, [])  # The others are out of the family, not missing.
            with self.assertRaisesRegex(UsageError, "no case in common matching"):
                compare.Comparison(a, b, only="^nothing")
            with self.assertRaisesRegex(UsageError, "not a regular expression"):
                compare.Comparison(a, b, only="(")

    def test_unmatched_cases_are_counted_and_fail_the_gate(self):
        extra = "dyn/size:64/depth:1/pattern:ready/state:warm"
        with tempfile.TemporaryDirectory() as d:
            c = compare.Comparison(folder(d, "a", A, cases={extra: [50.0, 50.0]}),
                                   folder(d, "b", A))
            self.assertEqual(c.only_a, [extra + " (glibc)"])
            self.assertTrue(any("1 case(s) only in A" in h for h in c.header))
            self.assertEqual(len(c.rows), 2)

    def test_a_folder_with_itself_and_one_that_does_not_exist_are_refused(self):
        with tempfile.TemporaryDirectory() as d:
            a = folder(d, "a", A)
            with self.assertRaisesRegex(UsageError, "same folder"):
                compare.Comparison(a, a + "/")
            with self.assertRaisesRegex(UsageError, "does not exist"):
                compare.Comparison(a, os.path.join(d, "nothing"))

    def test_one_process_a_side_has_no_interval(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a"), os.path.join(d, "b")
            fixture.write_folder(a, [{BOX: [100, 101, 99]}])
            fixture.write_folder(b, [{BOX: [200, 201, 199]}])
            c = compare.Comparison(a, b)
            (r,) = c.rows
            self.assertEqual(r["verdict"], "too few processes")
            self.assertEqual(c.gate(5), [])

    def test_two_allocators_and_two_machines(self):
        m1 = {"cpu_model": "X", "cpus_online": 2, "kernel": "6.1", "host": "aa"}
        with tempfile.TemporaryDirectory() as d:
            a = folder(d, "a", A, allocator="glibc", machine=m1)
            b = folder(d, "b", A, allocator="jemalloc", machine=dict(m1, host="bb"))
            c = compare.Comparison(a, b)
            self.assertIn("allocators: glibc (A) against jemalloc (B)", c.header)
            self.assertTrue(any("different machines" in h and "another host" in h for h in c.header))
            self.assertEqual(c.rows[0]["allocator"], "glibc/jemalloc")

    def test_against_a_folder_without_raw_repetitions(self):
        with tempfile.TemporaryDirectory() as d:
            a = folder(d, "a", A)
            b = folder(d, "b", scaled(A, 1.1))
            for f in (a, b):
                summary.write(f)
            for f in (a, b):  # Each process ran three repetitions: summary.csv counts them all.
                with open(os.path.join(f, "run.json")) as g:
                    run = json.load(g)
                with open(os.path.join(f, "run.json"), "w") as g:
                    json.dump(dict(run, inner_repetitions=3), g)
            shutil.rmtree(os.path.join(a, "raw"))
            c = compare.Comparison(a, b)
            self.assertTrue(any("summary.csv" in h for h in c.header))
            box = by_case(c.rows)[BOX]
            self.assertAlmostEqual(box["ratio"], 1.1, places=2)  # medians of all repetitions
            self.assertEqual((box["a_processes"], box["b_processes"]), (4, 4))
            self.assertEqual(box["verdict"], "slower")

    def test_nothing_in_common_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a")
            fixture.write_folder(a, [{BOX: [100, 101, 99, 100]}])
            b = os.path.join(d, "b")
            fixture.write_folder(b, [{INLINE: [100, 101, 99, 100]}])
            with self.assertRaises(UsageError):
                compare.Comparison(a, b)


if __name__ == "__main__":
    unittest.main()
