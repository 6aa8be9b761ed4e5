"""The perf tooling: perf_event counters per case (present, or named unavailable with the reason,
never a zero), instruction counts under callgrind and the shapes they must have, and profiles
under linux-perf. No assertion looks at a time."""
import csv
import json
import os
import subprocess
import tempfile
import unittest

from clitest import ROOT, RUNNER, OneRun, boxbench
from bb.measuring.runner import catalogue_of
from bb.model.catalogue import RUST_SUFFIX

PERF = tuple("perf_" + e for e in catalogue_of(RUNNER).perf_events())
WARM = "box/size:64/depth:1/pattern:pending/state:warm"
COLD = "box/size:4096/depth:1/pattern:pending/state:heap-cold/iterations:100/manual_time"


def runner(env=None):
    r = subprocess.run([RUNNER, "--benchmark_filter=^(%s|%s)$" % (WARM, COLD),
                        "--benchmark_min_time=0.01", "--benchmark_format=json"],
                       capture_output=True, text=True, env=env)
    return r, (json.loads(r.stdout) if r.returncode == 0 else None)


class CounterTest(unittest.TestCase):
    def test_every_event_is_counted_or_named_unavailable(self):
        r, out = runner()
        self.assertEqual(r.returncode, 0, r.stderr)
        ctx = out["context"]
        events = ctx["bb_perf_events"].split(",")
        self.assertEqual(["perf_" + e for e in events], list(PERF))  # The summary's columns.
        unavailable = ctx["bb_perf_unavailable"]
        self.assertEqual(len(out["benchmarks"]), 2)
        for b in out["benchmarks"]:
            for e in events:
                named = (e + " (") in unavailable
                with self.subTest(case=b["name"], event=e):
                    self.assertNotEqual("perf_" + e in b, named, "exactly one of counted, unavailable")
                    if not named:
                        self.assertGreaterEqual(b["perf_" + e], 0)
        if unavailable:
            self.assertIn("perf counters unavailable: " + unavailable, r.stderr)

    def test_a_case_runs_and_reports_when_no_counter_opens(self):
        r, out = runner(env=dict(os.environ, BB_PERF="off"))
        self.assertEqual(r.returncode, 0, r.stderr)
        unavailable = out["context"]["bb_perf_unavailable"]
        for e in PERF:
            self.assertIn(e[len("perf_"):] + " (Permission denied)", unavailable)
        for b in out["benchmarks"]:
            self.assertNotIn("error_occurred", b)
            self.assertGreater(b["real_time"], 0)
            self.assertEqual([k for k in b if k.startswith("perf_")], [])
            self.assertIn("faults_per_unit", b)  # getrusage's count does not need perf.
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "run")
            r = boxbench("run", "--mode", "box", "--size", "64", "--pattern", "ready",
                         "--repetitions", "1", "--min-time", "0.01", "--out", out,
                         env=dict(os.environ, BB_PERF="off"))
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(out, "summary.csv")) as f:
                rows = [row for row in csv.DictReader(f) if row["mode"] == "box"]
            self.assertEqual(len(rows), 1)
            self.assertEqual({rows[0][c] for c in PERF}, {""})  # Empty, never a zero.
            self.assertNotEqual(rows[0]["ns_per_call"], "")

    def test_perf_and_getrusage_count_the_same_faults(self):
        r, out = runner()
        self.assertEqual(r.returncode, 0, r.stderr)
        if "minor_faults (" in out["context"]["bb_perf_unavailable"]:
            self.skipTest("this kernel refuses even software perf events")
        # Two clocks around the same calls: perf's fault counters and getrusage's.
        for b in out["benchmarks"]:
            perf = b["perf_minor_faults"] + b["perf_major_faults"]
            self.assertAlmostEqual(perf, b["faults_per_unit"], delta=0.05 + 0.01 * perf, msg=b["name"])
        cold = next(b for b in out["benchmarks"] if "heap-cold" in b["name"])
        self.assertGreater(cold["perf_minor_faults"], 0)  # The purged heap faults its pages again.


class CountTest(OneRun):
    """Instruction counts under callgrind: shapes only, which noise cannot move."""
    ARGS = ("count", "--mode", "box,box-inplace", "--pattern", "pending", "--allocator", "glibc",
            "--calls", "50", "--beside", os.path.join(ROOT, "results", "reference"))

    def counts(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        with open(os.path.join(self.out, "count.csv")) as f:
            rows = list(csv.DictReader(f))
        return {(r["mode"], int(r["size"])): float(r["instructions_per_call"]) for r in rows}

    def test_folder_and_table(self):
        self.counts()
        self.assertEqual(sorted(os.listdir(self.out)), ["count.csv", "count.json", "count.log"])
        self.assertIn("instr/call", self.r.stdout)
        # --beside: the reference run's time of every counted case, from its summary.csv.
        self.assertIn("ns/kinstr", self.r.stdout)
        with open(os.path.join(self.out, "count.csv")) as f:
            self.assertNotIn("", [r["ns_per_call"] for r in csv.DictReader(f)])

    def test_box_executes_more_than_inline_at_every_size(self):
        c = self.counts()
        sizes = sorted({s for _, s in c})
        self.assertEqual(len(sizes), 8)
        self.assertEqual(len(c), 3 * 8)  # inline was added as the baseline.
        for s in sizes:
            self.assertGreater(c[("box", s)], c[("inline", s)], s)
            self.assertGreater(c[("box-inplace", s)], c[("inline", s)], s)
            self.assertGreater(c[("inline", s)], 0, s)

    def test_the_copy_grows_with_size(self):
        c = self.counts()
        sizes = sorted({s for _, s in c})
        copy = [c[("box", s)] - c[("box-inplace", s)] for s in sizes]
        for small, big, s in zip(copy, copy[1:], sizes[1:]):
            self.assertGreaterEqual(big, small - 2, "copy at %d B: %s" % (s, copy))
        # 256 KiB copied takes thousands of instructions, whatever the copy loop's width.
        self.assertGreater(copy[-1] - copy[0], 1000, copy)

    def test_only_warm_cases_are_counted(self):
        """count takes no --state (it counts warm cases only) and says so in its help."""
        r = boxbench("count", "--state", "cache-cold", "--out", os.path.join(self.tmp.name, "x"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("unrecognized arguments: --state", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "x")))
        r = boxbench("count", "--help")
        self.assertNotIn("--state", r.stdout)
        self.assertIn("warm", r.stdout)


class RustCountTest(OneRun):
    """The Rust units counted beside their C counterparts, as instruction counts noise cannot
    move: #[async_trait] in its two shapes, the awaited future moved into the box (box) and built
    in it (box-inplace), each beside the C mode that does the same."""
    ARGS = ("count", "--lang", "c,rust", "--mode", "box,box-inplace", "--size", "64K",
            "--pattern", "pending", "--allocator", "glibc", "--calls", "20")

    def test_each_box_beside_the_rustc_shape_it_is(self):
        if RUST_SUFFIX not in " ".join(u.name for u in catalogue_of(RUNNER).rust()):
            self.skipTest("bench/rust is not built into this runner")
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        with open(os.path.join(self.out, "count.csv")) as f:
            rows = {(r["mode"], r["lang"]): r for r in csv.DictReader(f)}
        n = {k: float(r["instructions_per_call"]) for k, r in rows.items()}
        self.assertEqual(sorted(rows), [("box", "c"), ("box", "rust"), ("box-inplace", "c"),
                                        ("box-inplace", "rust"), ("inline", "c"),
                                        ("inline", "rust")])
        # Each C box within 10% of its Rust shape; the moving shape thousands of instructions
        # over the building one on both sides (whatever the copy loop's width).
        for mode in ("box", "box-inplace"):
            self.assertLess(abs(n[mode, "c"] / n[mode, "rust"] - 1), 0.1, n)
            self.assertAlmostEqual(float(rows[mode, "c"]["c_over_rust"]),
                                   n[mode, "c"] / n[mode, "rust"], places=2)
        for lang in ("c", "rust"):
            self.assertGreater(n["box", lang] - n["box-inplace", lang], 1000, n)


class ShapeTest(unittest.TestCase):
    def test_the_runners_rust_in_both_shapes(self):
        """`boxbench shape` on the runner: box's Rust (the payload made apart) moves its future
        at every size from 256 B, box-inplace's (Payload's own body) never does."""
        if RUST_SUFFIX not in " ".join(u.name for u in catalogue_of(RUNNER).rust()):
            self.skipTest("bench/rust is not built into this runner")
        r = boxbench("shape", RUNNER, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        moves = json.loads(r.stdout)["moves"]
        apart = sorted(m["bytes"] for m in moves if "PayloadApart<" in m["function"])
        self.assertEqual(len(apart), 6, apart)  # 256 B, 1, 4, 16, 64 and 256 KiB
        self.assertFalse([m for m in moves if "<bbrust::Payload<" in m["function"]])
        r = boxbench("shape", os.path.join(ROOT, "README.md"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("objdump cannot read", r.stderr)


class ProfileTest(unittest.TestCase):
    def test_profile_writes_stat_and_report(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "p")
            r = boxbench("profile", "box/size:65536/depth:1/pattern:pending/state:warm",
                         "--min-time", "0.2", "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(sorted(os.listdir(out)),
                             ["perf.data", "profile.log", "report.txt", "stat.txt"])
            with open(os.path.join(out, "stat.txt")) as f:
                stat = f.read()
            self.assertIn("task-clock", stat)
            with open(os.path.join(out, "report.txt")) as f:
                report = f.read()
            self.assertIn("bb__payload_65536", report)  # The case itself, in the call chains.

    def test_unknown_case(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = boxbench("profile", "box/size:65536/depth:1/pattern:pending", "--out",
                         os.path.join(tmp, "p"))
            self.assertEqual(r.returncode, 2)
            self.assertIn("did you mean", r.stderr)
            self.assertEqual(os.listdir(tmp), [])


if __name__ == "__main__":
    unittest.main()
