"""The command line and the runner end to end: listing, a small real run and what it writes, and
every kind of bad input refused with exit status 2, a message naming it, and nothing written."""
import csv
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from clitest import BUILD, CLI, RUNNER, OneRun, boxbench
from bb.model import catalogue, roles, tables
from bb.measuring.runner import catalogue_of

# The harness's units, listed with every selection: its empty loop and the machine's controls.
HARNESS = [u.name for u in catalogue_of(RUNNER).of_suite(roles.HARNESS)]


class ListTest(unittest.TestCase):
    def test_default_matrix(self):
        r = boxbench("list")
        self.assertEqual(r.returncode, 0, r.stderr)
        names = r.stdout.split()
        self.assertEqual(names[:len(HARNESS)], HARNESS)
        # Every built unit at depth 1, warm, and inline and box at every other depth (64 B,
        # pending): counted from the runner's catalogue, not retyped.
        m = catalogue_of(RUNNER).matrix()
        warm1 = [u for u in m if u.depth == 1 and u.state == "warm"]
        depths = {u.depth for u in m} - {1}
        self.assertEqual(len(names), len(HARNESS) + len(warm1) + 2 * len(depths))
        self.assertIn("inline-buf-4096/size:16/depth:1/pattern:ready/state:warm", names)
        self.assertIn("native-moved/size:262144/depth:1/pattern:pending/state:warm", names)
        self.assertIn("box-inplace/size:262144/depth:1/pattern:ready/state:warm", names)
        self.assertIn("alloc/size:16384/depth:1/pattern:ready/state:warm", names)
        self.assertIn("box/size:64/depth:64/pattern:pending/state:warm", names)
        self.assertNotIn("box/size:16/depth:2/pattern:pending/state:warm", names)
        self.assertFalse([n for n in names if "cold" in n])

    def test_states_and_full(self):
        r = boxbench("list", "--mode", "box", "--size", "64", "--state", "heap-cold,cross-thread")
        self.assertEqual(r.returncode, 0, r.stderr)
        names = r.stdout.split()
        self.assertIn("box/size:64/depth:1/pattern:pending/state:cross-thread", names)
        # The baseline of heap-cold is inline heap-cold; cross-thread has none of its own: warm.
        self.assertIn("inline/size:64/depth:1/pattern:ready/state:heap-cold", names)
        self.assertIn("inline/size:64/depth:1/pattern:ready/state:warm", names)
        full = boxbench("list", "--full").stdout.split()
        # Every unit the runner built (its catalogue's matrix), and the harness's own.
        self.assertEqual(len(full), len(HARNESS) + len(catalogue_of(RUNNER).matrix()))
        self.assertNotIn("native-moved/size:262144/depth:16/pattern:ready/state:warm", full)
        self.assertNotIn("reuse/size:64/depth:1/pattern:ready/state:cross-thread", full)

    def test_selection_adds_inline_baselines(self):
        r = boxbench("list", "--mode", "box", "--size", "1K,4KiB", "--depth", "1-4", "--pattern", "ready")
        self.assertEqual(r.returncode, 0, r.stderr)
        names = set(r.stdout.split())
        for mode in ("inline", "box"):
            for size in (1024, 4096):
                for depth in (1, 2, 4):
                    names.remove("%s/size:%d/depth:%d/pattern:ready/state:warm" % (mode, size, depth))
        self.assertEqual(names, set(HARNESS))

    def test_json_version_and_help(self):
        """list --json gives the same units as list, with their coordinates; --version names the
        commit and the runners; every command's help ends with its own exit statuses, and only
        list's carries the built tables."""
        names = boxbench("list", "--mode", "box", "--size", "64").stdout.split()
        r = boxbench("list", "--mode", "box", "--size", "64", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        units = json.loads(r.stdout)
        self.assertEqual([u["name"] for u in units], names)
        box = next(u for u in units if u["name"].startswith("box/"))
        self.assertEqual((box["mode"], box["size"], box["suite"]), ("box", 64, "matrix"))
        self.assertIn("the harness's 5 (its empty loop and the machine's controls", r.stderr)
        v = boxbench("--version")
        self.assertEqual(v.returncode, 0, v.stderr)
        self.assertRegex(v.stdout, r"^boxbench \S+; runners in .*glibc")
        for command in ("list", "run", "count", "profile", "layout", "reproduce", "compare",
                        "advise", "plot"):
            h = boxbench(command, "--help").stdout
            self.assertIn("exit status: 0", h, command)
            self.assertEqual("inline-buf-64 " in h, command == "list", command)


class BadInputTest(unittest.TestCase):
    """Each bad input: exit 2, the message names the problem, no folder or partial folder left."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "out")

    def tearDown(self):
        self.tmp.cleanup()

    def refused(self, args, words, out=None):
        r = boxbench("run", "--min-time", "0.01", "--repetitions", "1", "--out", out or self.out, *args)
        self.assertEqual(r.returncode, 2, "%s: %s" % (args, r.stderr))
        for w in words:
            self.assertIn(w, r.stderr, args)
        self.assertNotIn("Traceback", r.stderr)
        return r

    def assert_nothing_written(self):
        self.assertEqual(os.listdir(self.tmp.name), [])

    def test_unknown_mode(self):
        self.refused(["--mode", "boxed"], ["unknown mode 'boxed'", "box-inplace"])
        self.assert_nothing_written()

    def test_size_not_built(self):
        self.refused(["--size", "100"], ["size 100 is not built", "256 KiB"])
        self.refused(["--size", "lots"], ["'lots' is not a size"])
        self.assert_nothing_written()

    def test_depth(self):
        self.refused(["--depth", "0"], ["depth must be at least 1"])
        self.refused(["--depth", "3"], ["depth 3 is not built"])
        self.refused(["--depth", "8-2"], ["runs backwards"])
        self.assert_nothing_written()

    def test_unknown_flag_and_values(self):
        self.refused(["--frobnicate"], ["unrecognized arguments: --frobnicate"])
        self.refused(["--repetitions", "0"], ["repetitions must be positive"])
        self.refused(["--allocator", "snmalloc"], ["unknown allocator 'snmalloc'"])
        self.refused(["--cpu", "4096"], ["CPU 4096 is not available"])
        self.refused(["--cpu", "fast"], ["'fast' is not a CPU number"])
        self.refused(["--state", "lukewarm"], ["unknown state 'lukewarm'", "cross-thread"])
        self.refused(["--full", "--mode", "box"], ["--full runs everything"])
        self.assert_nothing_written()

    def test_allocator_not_built(self):
        # A build with only the glibc runner: the others are known but missing.
        build = os.path.join(self.tmp.name, "build")
        os.mkdir(build)
        os.symlink(RUNNER, os.path.join(build, os.path.basename(RUNNER)))
        r = subprocess.run([sys.executable, CLI, "--build-dir", build, "run", "--allocator", "glibc,mimalloc",
                            "--out", self.out], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("the mimalloc runner is not built", r.stderr)
        self.assertEqual(os.listdir(self.tmp.name), ["build"])

    def test_unwritable_output(self):
        blocker = os.path.join(self.tmp.name, "file")
        open(blocker, "w").close()
        self.refused(["--mode", "box"], ["cannot write the output folder"], out=os.path.join(blocker, "sub"))
        self.assertEqual(os.listdir(self.tmp.name), ["file"])

    def test_existing_results_are_not_overwritten(self):
        os.mkdir(self.out)
        keep = os.path.join(self.out, "summary.csv")
        with open(keep, "w") as f:
            f.write("earlier\n")
        self.refused(["--mode", "box"], ["already exists"])
        self.assertEqual(os.listdir(self.tmp.name), ["out"])
        with open(keep) as f:
            self.assertEqual(f.read(), "earlier\n")


class RunTest(OneRun):
    ARGS = ("run", "--mode", "box", "--size", "64,64K", "--pattern", "ready", "--repetitions", "2",
            "--min-time", "0.01")

    def test_succeeds_and_prints_the_table(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        self.assertIn("ns per top-level call", self.r.stdout)
        self.assertIn("overhead", self.r.stdout)
        self.assertIn("rep 1/2 glibc", self.r.stderr)  # Progress: 9 units x 2 repetitions.
        # 9 units (the harness's 5, box and inline at two sizes), 2 processes, twice in each.
        self.assertIn("36/36", self.r.stderr)

    def test_folder(self):
        self.assertEqual(sorted(os.listdir(self.out)),
                         ["glibc.json", "machine.json", "raw", "run.json", "runner.log",
                          "summary.csv"])
        self.assertEqual(sorted(os.listdir(os.path.join(self.out, "raw", "glibc"))),
                         ["catalogue.json", "rep-01.json", "rep-02.json"])
        self.assertEqual([n for n in os.listdir(self.tmp.name) if n != "out"], [])  # No partial left.
        # As the user's umask makes any folder, not private (mkdtemp's 0700).
        mask = os.umask(0)
        os.umask(mask)
        self.assertEqual(os.stat(self.out).st_mode & 0o777, 0o777 & ~mask)

    def test_compare_and_advise_read_it(self):
        r = boxbench("compare", self.out, self.out, "--fail-above", "5")
        self.assertEqual(r.returncode, 2)
        self.assertIn("the same folder", r.stderr)
        copy = os.path.join(self.tmp.name, "copy")
        shutil.copytree(self.out, copy)
        r = boxbench("compare", self.out, copy, "--fail-above", "5")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("4 cases: 4 same within noise", r.stdout)  # the controls apart
        self.assertIn("controls: the machine held", r.stdout)
        self.assertIn("gate: no case shown slower", r.stdout)
        shutil.rmtree(os.path.join(copy, "raw"))  # B keeps its tables only: from summary.csv.
        r = boxbench("compare", self.out, copy)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("has no raw repetitions", r.stdout)
        shutil.rmtree(copy)
        r = boxbench("compare", self.out, os.path.join(self.tmp.name, "nothing"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("does not exist", r.stderr)
        r = boxbench("advise", "--check", "--from", self.out, "--pattern", "ready")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("the interpolation checked", r.stdout)
        r = boxbench("advise", "1K,16K", "--rate", "1e5", "--from", self.out, "--pattern", "ready")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("16 KiB: box costs", r.stdout)
        self.assertIn("interpolated between 64 B and 64 KiB", r.stdout)
        r = boxbench("advise", "16", "--rate", "1e5", "--from", self.out, "--pattern", "ready")
        self.assertEqual(r.returncode, 2)
        self.assertIn("not extrapolated", r.stderr)
        r = boxbench("advise", "64", "--from", self.out)
        self.assertEqual(r.returncode, 2)  # --rate is required.

    def test_summary(self):
        with open(os.path.join(self.out, "summary.csv")) as f:
            rows = list(csv.DictReader(f))
        events = catalogue_of(RUNNER).perf_events()
        self.assertEqual(tuple(rows[0].keys()),
                         tables.columns("summary", ["perf_" + e for e in events]))
        self.assertEqual([(r["mode"], r["size"]) for r in rows],
                         [(h, "") for h in HARNESS] + [("inline", "64"), ("box", "64"),
                                                       ("inline", "65536"), ("box", "65536")])
        self.assertEqual({r["state"] for r in rows[len(HARNESS):]}, {"warm"})
        by = {(r["mode"], r["size"]): r for r in rows}
        for size in ("64", "65536"):
            box, inline = by[("box", size)], by[("inline", size)]
            self.assertAlmostEqual(float(box["overhead_ns"]),
                                   float(box["ns_per_call"]) - float(inline["ns_per_call"]), delta=0.002)
            self.assertEqual(float(inline["overhead_ns"]), 0.0)
            self.assertEqual(box["repetitions"], "4")  # 2 processes x 2
            self.assertGreaterEqual(int(box["future_bytes"]), int(size))
            self.assertTrue(0 <= float(box["cv"]) < 10, box["cv"])
        self.assertEqual({r["allocator"] for r in rows}, {"glibc"})

    def test_raw_json(self):
        with open(os.path.join(self.out, "glibc.json")) as f:
            merged = json.load(f)
        ctx = merged["context"]
        self.assertEqual(ctx["bb_allocator"], "glibc")
        self.assertEqual(ctx["bb_allocator_version"], platform.libc_ver()[1])
        self.assertEqual(ctx["bb_build_type"], "Release")
        box = [b for b in merged["benchmarks"] if b["name"] == "box/size:64/depth:1/pattern:ready/state:warm"]
        self.assertEqual([b["repetition_index"] for b in box], [0, 1, 2, 3])
        self.assertIn("faults_per_unit", box[0])
        with open(os.path.join(self.out, "run.json")) as f:
            run = json.load(f)
        self.assertEqual(run["repetitions"], 2)
        self.assertIn(run["cpu"], os.sched_getaffinity(0))  # Pinned by default.


class HistoryTest(OneRun):
    """A run adds its folder to the history store it is given when committed; `history` reads
    the store back, `history add` adds a folder once, a file that is no store is refused."""
    STORE = os.path.join(tempfile.gettempdir(), "bb-test-history-%d.sqlite" % os.getpid())
    ARGS = ("run", "--mode", "box", "--size", "64", "--pattern", "ready", "--repetitions", "2",
            "--min-time", "0.01", "--history", STORE)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if os.path.exists(cls.STORE):
            os.unlink(cls.STORE)

    def test_the_run_is_in_the_store(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        self.assertIn("added to " + self.STORE, self.r.stderr)
        r = boxbench("history", "add", self.out, "--history", self.STORE)
        self.assertEqual((r.returncode, r.stdout.strip()), (0, self.out + ": already in the store"))
        r = boxbench("history", "machines", "--json", "--history", self.STORE)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.out, "machine.json")) as f:
            key = json.load(f)["key"]
        self.assertEqual([(m["machine"], m["runs"]) for m in json.loads(r.stdout)["machines"]],
                         [(key, 1)])
        r = boxbench("history", "--history", self.STORE)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("1 run(s)", r.stdout)
        with tempfile.TemporaryDirectory() as tmp:
            drawn = os.path.join(tmp, "plots")
            r = boxbench("history", "--history", self.STORE, "--plot", drawn)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(os.listdir(drawn), [])  # A run's folder has no figures to draw.
            r = boxbench("history", "machines", "--history", self.STORE, "--plot", drawn + "2")
            self.assertEqual(r.returncode, 2)
            self.assertFalse(os.path.exists(drawn + "2"))

    def test_bad_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            notes = os.path.join(tmp, "notes.txt")
            with open(notes, "w") as f:
                f.write("mine\n")
            r = boxbench("history", "add", self.out, "--history", notes)
            self.assertEqual(r.returncode, 2)
            self.assertIn("not a boxbench history store", r.stderr)
            with open(notes) as f:
                self.assertEqual(f.read(), "mine\n")
            r = boxbench("history", "add", tmp, "--history", os.path.join(tmp, "h.sqlite"))
            self.assertEqual(r.returncode, 2)
            self.assertIn("no boxbench results", r.stderr)
            self.assertEqual(boxbench("history", "add", "--history", notes).returncode, 2)
            self.assertEqual(boxbench("history", "--figure", "(", "--history", notes).returncode,
                             2)
            r = boxbench("history", "--history", os.path.join(tmp, "none.sqlite"))
            self.assertEqual(r.returncode, 2)
            self.assertIn("does not exist", r.stderr)


class RustRunTest(OneRun):
    """run --lang c,rust: the Rust counterparts of the selected cases, in the same runner
    processes, in their own table beside the C counterparts' figures; the summary stays C."""
    ARGS = ("run", "--mode", "box", "--size", "64", "--pattern", "ready", "--lang", "c,rust",
            "--repetitions", "1", "--min-time", "0.01")

    def test_rust_table(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        with open(os.path.join(self.out, "rust.csv")) as f:
            rows = {r["mode"]: r for r in csv.DictReader(f)}
        self.assertEqual(sorted(rows), ["box", "inline"])
        for r in rows.values():
            self.assertGreater(float(r["ns_per_call"]), 0)
            self.assertGreater(float(r["c_ns"]), 0)
            self.assertGreater(float(r["c_over_rust"]), 0)
        self.assertEqual(rows["box"]["allocs_per_call"], "1")
        with open(os.path.join(self.out, "summary.csv")) as f:
            self.assertFalse([r for r in csv.DictReader(f) if "rust" in r["mode"]])
        self.assertIn("the Rust beside the emulation", self.r.stdout)


class SuiteRunTest(OneRun):
    """The event-loop and tree suites through the CLI: their tables and the interleaved sets'
    figures; run with --quiet."""
    ARGS = ("--quiet", "run", "--suite", "eventloop,tree", "--repetitions", "1", "--min-time",
            "0.01", "--set-time", "2", "--set-processes", "2")

    def test_quiet_says_no_progress(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        self.assertNotIn("elapsed", self.r.stderr)
        self.assertNotIn("units x", self.r.stderr)
        self.assertIn("results:", self.r.stdout)

    def rows(self, name):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        with open(os.path.join(self.out, name)) as f:
            return list(csv.DictReader(f))

    def test_folder(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        self.assertEqual(sorted(os.listdir(self.out)),
                         ["eventloop.csv", "figure_processes.csv", "figures.csv", "glibc.json",
                          "machine.json", "raw", "run.json", "runner.log", "sets.csv", "tree.csv"])

    def test_eventloop_table(self):
        rows = {r["variant"]: r for r in self.rows("eventloop.csv")}
        self.assertEqual(len(rows), 23)
        self.assertEqual(rows["box+spin"]["syscalls_per_request"], "0")  # Busy waits, no syscall.
        self.assertEqual((rows["box+arena"]["allocs_per_iteration"],
                          rows["box+reuse+syscalls"]["allocs_per_iteration"]), ("0", "2"))
        self.assertEqual(rows["nonbox"]["allocs_per_iteration"], "0")
        # The executor takes the caller's box: one box per task, as box; the counted wakers are
        # made when the executor is built, outside the iteration.
        self.assertEqual(rows["box+callerbox"]["allocs_per_iteration"], "257")
        self.assertEqual(rows["box+rc"]["allocs_per_iteration"], "257")
        self.assertEqual(rows["box+syscalls"]["syscalls_per_request"], "9.01562")
        for r in rows.values():  # The CSV keeps 6 significant digits: compare within 1e-5.
            us = float(r["us_per_iteration"])
            self.assertAlmostEqual(float(r["ns_per_request"]) * 256 / 1000, us, delta=1e-5 * us)

    def test_tree_table(self):
        rows = {(r["form"], r["fanout"]): r for r in self.rows("tree.csv")}
        self.assertEqual(sorted(rows), [(f, k) for f in ("boxed", "inline", "sync")
                                        for k in ("1", "2", "3")])
        self.assertEqual(float(rows["inline", "2"]["minus_inline_ns"]), 0.0)
        self.assertEqual([rows["boxed", k]["async_calls"] for k in "123"], ["5", "31", "121"])

    def test_figures(self):
        rows = self.rows("figures.csv")
        # C2's three fan-outs (and as many in the Rust trees, where bench/rust is built, in a set
        # of their own).
        rust = ["rust-tree"] * 3 if catalogue_of(RUNNER).rust() else []
        self.assertEqual([r["set"] for r in rows],
                         ["tree"] * 3 + ["nosyscalls"] * 3 + ["syscalls"] * 7 + ["wakers"] * 2 +
                         rust)
        for r in rows:
            self.assertLessEqual(float(r["low"]), float(r["mean"]))
            self.assertLessEqual(float(r["mean"]), float(r["high"]))
            self.assertEqual(r["processes"], "2")
            self.assertLessEqual(float(r["process_min"]), float(r["process_max"]))
        ratio = next(r for r in rows if r["figure"] == "box/nonbox+syscalls")
        self.assertEqual(ratio["unit"], "ratio")
        self.assertEqual(len(self.rows("figure_processes.csv")), 2 * len(rows))
        self.assertIn("box/nonbox+syscalls", self.r.stdout)

    def test_matrix_selection_needs_the_matrix(self):
        r = boxbench("run", "--suite", "tree", "--size", "64", "--out", os.path.join(self.tmp.name, "x"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("matrix suite", r.stderr)
        r = boxbench("run", "--suite", "trees", "--out", os.path.join(self.tmp.name, "x"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown suite 'trees'", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "x")))

    def test_interleave_refuses_an_unknown_case(self):
        r = subprocess.run([RUNNER, "--bb_interleave=eventloop/variant:box,eventloop/variant:boxx"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("eventloop/variant:boxx is no unit of this runner", r.stderr)

class InterruptTest(unittest.TestCase):
    def test_sigterm_keeps_what_was_measured(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "run")
            p = subprocess.Popen([sys.executable, CLI, "run", "--mode", "box", "--size", "64",
                                  "--repetitions", "200", "--min-time", "0.01", "--out", out],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and p.poll() is None:
                partial = [n for n in os.listdir(tmp) if n.startswith(".run.partial-")]
                # Once the third repetition has started, two are complete.
                if partial and os.path.exists(os.path.join(tmp, partial[0], "raw", "glibc",
                                                           "rep-03.json")):
                    break
                time.sleep(0.05)
            p.send_signal(signal.SIGTERM)  # The CLI alone, as a service manager does.
            _, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 130, err)
            self.assertIn("the results are partial", err)
            with open(os.path.join(out, "run.json")) as f:
                self.assertTrue(json.load(f)["partial"])
            with open(os.path.join(out, "summary.csv")) as f:
                rows = [r for r in csv.DictReader(f) if r["mode"] == "box"]
            self.assertGreaterEqual(int(rows[0]["repetitions"]), 2)
            self.assertLess(int(rows[0]["repetitions"]), 200)
            self.assertEqual([n for n in os.listdir(tmp) if n != "run"], [])  # No partial dir left.
            r = boxbench("plot", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            # One size: its overhead plot is left out (one point per series); the others say
            # the run is partial.
            svgs = [n for n in os.listdir(os.path.join(out, "plots")) if n.endswith(".svg")]
            self.assertTrue(svgs)
            for n in svgs:
                with open(os.path.join(out, "plots", n)) as f:
                    self.assertIn("PARTIAL", f.read(), n)

    def test_ctrl_c_before_a_case_is_measured_leaves_nothing(self):
        """The runner flushes each case as it ends, so a folder is kept once one case is measured;
        before that, nothing is. Each case runs at least 10 s here and the signal comes as soon
        as the runner has begun, so no case can have ended."""
        with tempfile.TemporaryDirectory() as tmp:
            p = subprocess.Popen([sys.executable, CLI, "run", "--repetitions", "2", "--min-time", "10",
                                  "--out", os.path.join(tmp, "run")], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not any(
                    os.path.exists(os.path.join(tmp, n, "runner.log"))
                    for n in os.listdir(tmp) if n.startswith(".run.partial-")):
                time.sleep(0.05)
            time.sleep(0.5)
            os.killpg(p.pid, signal.SIGINT)  # As Ctrl-C does: the CLI and its runner.
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 130, err)
            self.assertIn("interrupted before anything was measured", err)
            self.assertEqual(os.listdir(tmp), [])


class RunnerTest(unittest.TestCase):
    def runner(self, *args):
        return subprocess.run([RUNNER] + list(args), capture_output=True, text=True)

    def test_unknown_flag(self):
        r = self.runner("--frobnicate")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--frobnicate", r.stderr)

    def test_filter_matching_nothing(self):
        r = self.runner("--benchmark_filter=^nothing$")
        self.assertEqual(r.returncode, 2)
        self.assertIn("selects no benchmark", r.stderr)

    def test_google_benchmark_flags_work(self):
        r = self.runner("--benchmark_filter=^dyn/size:16/depth:2/pattern:pending/state:warm$", "--benchmark_min_time=0.01",
                        "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true",
                        "--benchmark_format=json")
        self.assertEqual(r.returncode, 0, r.stderr)
        runs = json.loads(r.stdout)["benchmarks"]
        self.assertEqual([b["aggregate_name"] for b in runs], ["mean", "median", "stddev", "cv"])
        self.assertIn("faults_per_unit", runs[0])
        self.assertNotIn("error_occurred", runs[0])

    def test_bad_bb_flags(self):
        """The runner's own flags: a bad value is refused whole (never truncated into another)."""
        for flag, says in [("--bb_cpu=4294967296", "wants a CPU number"),
                           ("--bb_cpu=1x", "wants a CPU number"), ("--bb_cpu", "wants a CPU number"),
                           ("--bb_interleave=a", "wants 2 to 32 unit names"),
                           ("--bb_interleave=" + ",".join(["eventloop/variant:box"] * 33), "wants 2 to 32 unit names"),
                           ("--bb_round_ms=inf", "wants milliseconds"), ("--bb_rounds=-1", "wants a whole number"),
                           ("--bb_cpus=0", "no such flag")]:
            r = self.runner(flag, "--benchmark_filter=^empty$")
            self.assertEqual(r.returncode, 2, flag)
            self.assertIn(flag[:60] + ": " + says, r.stderr)
            self.assertEqual(r.stdout, "", flag)

    def test_interleave_stops_after_the_rounds_asked(self):
        r = self.runner("--bb_interleave=eventloop/variant:box,eventloop/variant:manual",
                        "--bb_round_ms=0.1", "--bb_rounds=3")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [json.loads(line) for line in r.stdout.splitlines()]
        self.assertEqual(lines[0]["units"], ["eventloop/variant:box", "eventloop/variant:manual"])
        self.assertEqual([line["round"] for line in lines[1:]], [0, 1, 2])


class CatalogueTest(unittest.TestCase):
    """The runner's catalogue names exactly what it registers, and its constants are the ones the
    C tests prove (test_ports, test_allocs)."""

    @classmethod
    def setUpClass(cls):
        cls.cat = catalogue_of(RUNNER)

    def test_names_are_the_registered_ones(self):
        r = subprocess.run([RUNNER, "--benchmark_list_tests=true"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), [u.benchmark_name for u in self.cat.units])

    def test_units_and_constants(self):
        self.assertEqual(self.cat.allocator["name"], "glibc")
        self.assertEqual(self.cat.allocator["version"], platform.libc_ver()[1])
        by = self.cat.by_name
        box = by["box/size:64/depth:8/pattern:pending/state:warm"]
        self.assertEqual((box.suite, box.per, box.mode, box.size, box.depth, box.allocs),
                         ("matrix", "call", "box", 64, 8, 8))
        self.assertEqual(by["inline/size:64/depth:8/pattern:pending/state:warm"].allocs, 0)
        cold = by["alloc/size:16384/depth:1/pattern:ready/state:heap-cold"]
        self.assertEqual((cold.timing, cold.iterations), ("each", 100))
        ev = by["eventloop/variant:box+syscalls"]
        self.assertEqual((ev.requests, ev.allocs), (256, 257))
        self.assertGreater(ev.syscalls, ev.requests)
        self.assertEqual(by["eventloop/variant:box"].syscalls, 0)
        for k in (1, 2, 3):
            boxed = by["tree/form:boxed/fanout:%d" % k]
            self.assertEqual((boxed.fanout, boxed.allocs), (k, boxed.async_calls))
        self.assertEqual(by["tree/form:inline/fanout:3"].allocs, 0)
        # Every statistics count of an iteration is a syscall, as in the original.
        self.assertEqual(ev.syscalls, ev.counts["register_"] + ev.counts["unregister"] +
                         ev.counts["poll"] + ev.counts["accept"] + ev.counts["read"] +
                         ev.counts["write"])
        self.assertEqual(self.cat.futureless_modes, ("alloc",))
        self.assertIn("instructions", self.cat.perf_events("hardware"))
        self.assertIn("minor_faults", self.cat.perf_events("software"))

    def test_catalogue_flag_takes_no_value(self):
        r = subprocess.run([RUNNER, "--bb_catalogue=yes"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--bb_catalogue=yes: takes no value", r.stderr)

    def test_interleave_takes_matrix_units(self):
        r = subprocess.run([RUNNER, "--bb_interleave=box/size:64/depth:1/pattern:ready/state:warm,"
                            "inline/size:64/depth:1/pattern:ready/state:cache-cold",
                            "--bb_round_ms=0.5", "--bb_rounds=2"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [json.loads(line) for line in r.stdout.splitlines()]
        self.assertEqual(len(lines), 3)
        self.assertTrue(all(ns > 0 for line in lines[1:] for ns in line["ns"]))


class AllocatorTest(unittest.TestCase):
    """Each runner's live allocator is the one it claims, read from the live process."""

    def context(self, allocator, env=None):
        r = subprocess.run([os.path.join(BUILD, catalogue.runner_name(allocator)), "--benchmark_filter=^empty$",
                            "--benchmark_min_time=0.001", "--benchmark_format=json"],
                           capture_output=True, text=True, env=env)
        return r, (json.loads(r.stdout)["context"] if r.returncode == 0 else None)

    def test_each_runner_names_its_allocator(self):
        for allocator, version in (("glibc", platform.libc_ver()[1]), ("jemalloc", "5."),
                                   ("mimalloc", "2."), ("tcmalloc", "2."),
                                   ("tcmalloc_minimal", "2."), ("tbbmalloc", "20")):
            with self.subTest(allocator=allocator):
                r, ctx = self.context(allocator)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(ctx["bb_allocator"], allocator)
                self.assertTrue(ctx["bb_allocator_version"].startswith(version), ctx["bb_allocator_version"])

    def test_runner_refuses_a_foreign_malloc(self):
        preload = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
        if not os.path.exists(preload):
            self.skipTest("no libjemalloc to preload")
        for allocator in ("glibc", "mimalloc", "tcmalloc", "tcmalloc_minimal", "tbbmalloc"):
            with self.subTest(allocator=allocator):
                r, _ = self.context(allocator, env=dict(os.environ, LD_PRELOAD=preload))
                self.assertEqual(r.returncode, 2)
                self.assertIn("the %s runner's malloc is not" % allocator, r.stderr)

    def test_cold_states_report_faults_and_timer(self):
        r = subprocess.run([RUNNER, "--bb_cpu=%d" % min(os.sched_getaffinity(0)),
                            "--benchmark_filter=^box/size:256/depth:2/pattern:pending/state:(heap-cold|cross-thread)/",
                            "--benchmark_format=json"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        runs = json.loads(r.stdout)["benchmarks"]
        self.assertEqual(len(runs), 2)
        for b in runs:
            self.assertEqual(b["iterations"], 100)
            self.assertNotIn("error_occurred", b)
            self.assertGreater(b["real_time"], 0)
            self.assertIn("faults_per_unit", b)
            self.assertGreater(b["timer_overhead_ns"], 0)


if __name__ == "__main__":
    unittest.main()
