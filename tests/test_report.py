"""`boxbench reproduce --quick` end to end, interrupted and resumed, and `boxbench plot`: every
claim has a row, every measured figure is a number with a unit, every plot is a valid SVG and PNG,
the shapes that hold on any machine hold, and bad or partial results are handled as documented.
No timing threshold."""
import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

from clitest import CLI, boxbench
from bb.analysis import claims

CLAIM_IDS = [c.id for c in claims.CLAIMS] + [x[0] for x in claims.NOT_IN_C]
FIGURE = re.compile(r"[-+]?\d+(\.\d+)?\s*(ns|us|ms|%)")


def claim_rows(folder):
    """The rows of claims.md's first table (the claims; the fidelity table follows it)."""
    with open(os.path.join(folder, "claims.md")) as f:
        text = f.read().split("\n## ")[0]
        lines = [l for l in text.splitlines() if l.startswith("| ")]
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(head, (c.strip() for c in l.strip("|").split("|")))) for l in lines[1:]]


class QuickReproduceTest(unittest.TestCase):
    """One `reproduce --quick`, interrupted (Ctrl-C) once a first repetition of every allocator is
    on disk, then resumed to a whole report: what the interrupt keeps is checked, then the whole
    folder. One run serves both (the tests' time), at the plan's fewest, shortest set processes:
    the report's shape, not its precision."""
    ARGS = ("reproduce", "--quick", "--set-processes", "2", "--set-time", "1.5")

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "out")
        # The history store the run adds itself to: not while partial, once resumed to whole.
        cls.store_dir = tempfile.TemporaryDirectory()
        cls.store = os.path.join(cls.store_dir.name, "history.sqlite")
        p = subprocess.Popen([sys.executable, CLI] + list(cls.ARGS) +
                             ["--out", cls.out, "--history", cls.store],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
        # Wait until a first repetition of every allocator is on disk (the allocators take turns,
        # so glibc's second has begun), then interrupt.
        deadline = time.time() + 300
        while time.time() < deadline and p.poll() is None:
            partial = [d for d in os.listdir(cls.tmp.name) if d.startswith(".out.partial-")]
            raw = os.path.join(cls.tmp.name, partial[0], "raw", "glibc") if partial else None
            if raw and os.path.isdir(raw) and any(n.startswith("rep-02") for n in os.listdir(raw)):
                break
            time.sleep(0.2)
        cls.ran_on = p.poll() is not None
        os.killpg(p.pid, signal.SIGINT)
        _, cls.interrupt_err = p.communicate(timeout=300)
        cls.interrupt_status = p.returncode
        cls.partial = {}
        if os.path.exists(os.path.join(cls.out, "run.json")):
            with open(os.path.join(cls.out, "run.json")) as f:
                cls.partial["run"] = json.load(f)
            with open(os.path.join(cls.out, "claims.md")) as f:
                cls.partial["claims"] = f.read()
            cls.partial["rows"] = [r["id"] for r in claim_rows(cls.out)]
            cls.partial["plot"] = boxbench("plot", cls.out)
        cls.partial["stored"] = cls.stored()
        # Resumed, it measures what is missing and becomes a whole report.
        cls.r = boxbench("reproduce", "--resume", cls.out, "--history", cls.store)
        cls.left = sorted(os.listdir(cls.tmp.name))

    @classmethod
    def stored(cls):
        """The runs in the store the run adds itself to (none while there is no store)."""
        if not os.path.exists(cls.store):
            return []
        r = boxbench("history", "--json", "--history", cls.store)
        return json.loads(r.stdout)["runs"] if r.returncode == 0 else r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        cls.store_dir.cleanup()

    def setUp(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr[-3000:])

    def test_it_adds_itself_to_the_history_once_whole(self):
        self.assertIn(self.partial["stored"], ([], 0))  # Not while partial.
        self.assertEqual(self.stored(), 1)
        self.assertIn("added to " + self.store, self.r.stderr)

    def test_ctrl_c_keeps_a_partial_report_that_resumes(self):
        self.assertFalse(self.ran_on, "reproduce --quick ended before it could be interrupted")
        self.assertEqual(self.interrupt_status, 130, self.interrupt_err[-2000:])
        self.assertIn("the results are partial", self.interrupt_err)
        self.assertTrue(self.partial["run"]["partial"])
        self.assertIn("Partial report", self.partial["claims"])
        self.assertEqual(self.partial["rows"], CLAIM_IDS)
        self.assertEqual(self.partial["plot"].returncode, 0, self.partial["plot"].stderr)
        with open(os.path.join(self.out, "run.json")) as f:
            run = json.load(f)
        self.assertFalse(run["partial"])
        self.assertTrue(run["quick"])
        self.assertEqual(run["resumed"][0]["from"], "the run was interrupted")
        with open(os.path.join(self.out, "claims.md")) as f:
            self.assertNotIn("Partial report", f.read())
        self.assertEqual(self.left, ["out"])

    def test_every_claim_has_a_row(self):
        rows = claim_rows(self.out)
        self.assertEqual([r["id"] for r in rows], CLAIM_IDS)
        for r in rows:
            if r["verdict"] in ("not reproducible in C",):
                continue
            with self.subTest(claim=r["id"]):
                # Quick measures all; a verdict near a band edge says so in brackets.
                self.assertIn(r["verdict"].split(" (")[0],
                              ("reproduced", "not reproduced", "inconclusive"))
                self.assertRegex(r["measured"], FIGURE)
                self.assertRegex(r["published"], r"\d")
                self.assertNotEqual(r["explanation"], "")
        self.assertIn("C11", self.r.stdout)  # The claims table is printed at the end.

    def test_it_joins_a_history_store_with_its_verdicts(self):
        store = os.path.join(self.tmp.name, "history.sqlite")
        r = boxbench("history", "add", self.out, "--history", store)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = boxbench("history", "machines", "--json", "--history", store)
        self.assertEqual(r.returncode, 0, r.stderr)
        (machine,) = json.loads(r.stdout)["machines"]
        self.assertEqual(sorted(machine["claims"]), sorted(CLAIM_IDS))
        rows = {row["id"]: row["verdict"] for row in claim_rows(self.out)}
        self.assertEqual({c: v["latest"] for c, v in machine["claims"].items()}, rows)
        drawn = os.path.join(self.tmp.name, "history-plots")
        r = boxbench("history", "--history", store, "--figure", "^box-inline/", "--plot", drawn)
        self.assertEqual(r.returncode, 0, r.stderr)
        svgs = [n for n in os.listdir(drawn) if n.endswith(".svg")]
        self.assertTrue(svgs)
        self.assertEqual(len(svgs), len([n for n in os.listdir(drawn) if n.endswith(".png")]))
        for n in svgs:
            ET.parse(os.path.join(drawn, n))  # Each a whole SVG.

    def test_plots_are_valid(self):
        folder = os.path.join(self.out, "plots")
        names = os.listdir(folder)
        svgs = [n for n in names if n.endswith(".svg")]
        self.assertGreaterEqual(len(svgs), 8)
        for n in svgs:
            self.assertTrue(os.path.exists(os.path.join(folder, n[:-4] + ".png")), n)
            root = ET.parse(os.path.join(folder, n)).getroot()
            self.assertTrue(root.tag.endswith("svg"), n)
            with open(os.path.join(folder, n[:-4] + ".png"), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n", n)
        for want in ("overhead-warm", "breakdown-glibc", "depth", "figures-syscalls-ratio",
                     "tree"):
            self.assertIn(want + ".svg", svgs)

    def test_machine_and_summary(self):
        with open(os.path.join(self.out, "machine.json")) as f:
            m = json.load(f)
        for key in ("cpu_model", "kernel", "allocators", "compiler", "c_flags", "build_type",
                    "frequency_governor", "hardware_perf_counters", "load_average", "commit"):
            self.assertIn(key, m)
        self.assertEqual(sorted(m["allocators"]), ["glibc", "jemalloc", "mimalloc"])
        # The stable key, and what the claims are bound to, per allocator where it is theirs.
        self.assertEqual(len(m["key"]), 16)
        self.assertEqual(sorted(m["costs_ns"]["malloc-free-64"]), sorted(m["allocators"]))
        self.assertGreater(m["costs_ns"]["syscall"]["glibc"], 0)
        with open(os.path.join(self.out, "summary.json")) as f:
            s = json.load(f)
        self.assertEqual([c["id"] for c in s["claims"]], CLAIM_IDS)
        with open(os.path.join(self.out, "run.json")) as f:
            self.assertFalse(json.load(f)["partial"])

    def summary(self):
        with open(os.path.join(self.out, "summary.csv")) as f:
            return [r for r in csv.DictReader(f) if r["size"]]

    def ns(self, rows, **want):
        found = [r for r in rows if all(r[k] == str(v) for k, v in want.items())]
        self.assertEqual(len(found), 1, want)
        return float(found[0]["ns_per_call"])

    def test_shapes_that_hold_anywhere(self):
        rows = self.summary()
        for a in ("glibc", "jemalloc", "mimalloc"):
            at = dict(allocator=a, depth=1, pattern="pending", state="warm")
            sizes = sorted({int(r["size"]) for r in rows if r["state"] == "warm" and r["depth"] == "1"})
            for s in sizes:
                self.assertGreater(self.ns(rows, mode="box", size=s, **at),
                                   self.ns(rows, mode="inline", size=s, **at), (a, s))
            big = [self.ns(rows, mode="box", size=s, **at) for s in sizes if s >= 4096]
            self.assertEqual(big, sorted(big), a)  # Beyond 4 KiB the cost grows with size.
            d1, d8, d64 = (self.ns(rows, mode="box", size=64, allocator=a, depth=d,
                                   pattern="pending", state="warm") for d in (1, 8, 64))
            self.assertTrue(2 < d8 / d1 < 32 and 16 < d64 / d1 < 256, (a, d1, d8, d64))

    def test_plot_redraws_from_saved_results(self):
        before = sorted(os.listdir(os.path.join(self.out, "plots")))
        r = boxbench("plot", self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(os.path.join(self.out, "plots"))), before)
        self.assertEqual([n for n in os.listdir(self.out) if n.startswith(".plots-")], [])


class PlotBadInputTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def refused(self, words, env=None):
        r = boxbench("plot", self.dir, env=env)
        self.assertEqual(r.returncode, 2, r.stderr)
        for w in words:
            self.assertIn(w, r.stderr)
        self.assertNotIn("Traceback", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "plots")))

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def test_folder_without_results(self):
        self.refused(["holds no boxbench results"])

    def test_truncated_table(self):
        self.write("summary.csv", "mode,size,depth,pattern,state,allocator,ns_per_call,overhead_ns\n"
                                  "box,64,1,pending,warm,glibc,16.0,13.0\nbox,256,1\n")
        self.refused(["summary.csv", "truncated"])

    def test_malformed_json(self):
        self.write("tree.csv", "form,allocator,ns_per_call,minus_inline_ns\nboxed,glibc,900,870\n")
        self.write("run.json", '{"started": "2026-')
        self.refused(["run.json", "not valid JSON"])

    def test_missing_gnuplot(self):
        self.write("tree.csv", "form,allocator,ns_per_call,minus_inline_ns\nboxed,glibc,900,870\n")
        # The CLI runs under this Python by its full path; gnuplot is looked up on PATH.
        self.refused(["gnuplot is not installed"], env=dict(os.environ, PATH="/nonexistent"))


if __name__ == "__main__":
    unittest.main()
