"""The summary on a fixture folder of literal times: medians, cv, overheads against the right
baseline, the box breakdown, the suites' per-request figures from the catalogue's constants, and
the interleaved sets' figures with their intervals over processes, the spreads between and
within processes and the layout warning. Then the typed tables written and read back."""
import json
import os
import tempfile
import unittest

import fixture
from bb import UsageError
from bb.analysis import summary
from bb.model import tables
from bb.folder import results

EV = "eventloop/variant:"
M = "/depth:1/pattern:ready/state:"
COLD = "/iterations:100/manual_time"
REPS = [
    {"empty": 0.3, "inline/size:64" + M + "warm": 4, "dyn/size:64" + M + "warm": 7,
     "box-inplace/size:64" + M + "warm": 14, "box/size:64" + M + "warm": 18,
     "inline/size:64" + M + "cache-cold" + COLD: 30, "box/size:64" + M + "cache-cold" + COLD: 100,
     "box/size:64" + M + "cross-thread" + COLD: 50,
     EV + "manual": 25600, EV + "nonbox": 51200, EV + "box": 64000, EV + "box+arc": 70000,
     EV + "box+rc": 66000,
     EV + "manual+syscalls": 2333600, EV + "nonbox+syscalls": 2359200,
     EV + "box+syscalls": 2372000,
     "tree/form:sync/fanout:1": 4, "tree/form:inline/fanout:1": 4, "tree/form:boxed/fanout:1": 230,
     "tree/form:sync/fanout:2": 20, "tree/form:inline/fanout:2": 30, "tree/form:boxed/fanout:2": 930,
     "tree/form:sync/fanout:3": 45, "tree/form:inline/fanout:3": 160,
     "tree/form:boxed/fanout:3": 2100,
     "net/tcp-loopback": 30000, "spin": 17.0, "syscall": 95.0},
    {"inline/size:64" + M + "warm": 5, "dyn/size:64" + M + "warm": 8,
     "box-inplace/size:64" + M + "warm": 15, "box/size:64" + M + "warm": 20,
     "inline/size:64" + M + "cache-cold" + COLD: 30, "box/size:64" + M + "cache-cold" + COLD: 110,
     "box/size:64" + M + "cross-thread" + COLD: 60},
    {"inline/size:64" + M + "warm": 6, "dyn/size:64" + M + "warm": 30,
     "box-inplace/size:64" + M + "warm": 16, "box/size:64" + M + "warm": 22,
     "inline/size:64" + M + "cache-cold" + COLD: 30, "box/size:64" + M + "cache-cold" + COLD: 120,
     "box/size:64" + M + "cross-thread" + COLD: 70},
]
SYSCALLS = ({"set": "syscalls",
             "units": [EV + "manual+syscalls", EV + "nonbox+syscalls", EV + "box+syscalls"],
             "figures": [{"name": "box/nonbox", "terms": [[1, EV + "box+syscalls"]],
                          "over": EV + "nonbox+syscalls", "scale": 1.0},
                         {"name": "box-nonbox/per-box", "terms": [[1, EV + "box+syscalls"],
                                                                  [-1, EV + "nonbox+syscalls"]],
                          "over": None, "scale": 0.5}],
             "seconds": 2.0},
            [[[1000, 1000, 1010], [1000, 1000, 1020], [1000, 1000, 1030]],
             [[900, 1000, 1040], [900, 1000, 1040], [900, 1000, 1040]]])


def make(folder):
    fixture.write_folder(folder, REPS, [SYSCALLS])


class SummaryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        make(cls.tmp.name)
        cls.raw, cls.t, cls.events = summary.summarise(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def row(self, mode, state="warm"):
        return next(r for r in self.t["summary"] if r["mode"] == mode and r["state"] == state)

    def test_each_control_has_its_own_row(self):
        got = {r["mode"]: r["ns_per_call"] for r in self.t["summary"] if r["size"] is None}
        self.assertEqual((got["spin"], got["syscall"]), (17.0, 95.0))

    def test_matrix(self):
        box = self.row("box")
        self.assertEqual(box["ns_per_call"], 20)
        self.assertAlmostEqual(box["cv"], 0.1)
        self.assertEqual((box["overhead_ns"], box["dispatch_ns"], box["alloc_ns"], box["copy_ns"]),
                         (15, 3, 7, 5))
        self.assertEqual((box["allocs_per_call"], box["repetitions"]), (1, 3))
        self.assertEqual(box["faults_per_call"], 0.5)
        self.assertEqual(box["perf_minor_faults"], 0.25)
        self.assertIsNone(box["perf_instructions"])  # Not in the JSON: empty, never zero.
        self.assertEqual(self.row("inline")["overhead_ns"], 0)
        self.assertIsNone(self.row("dyn")["copy_ns"])  # The breakdown is on box rows only.
        self.assertEqual(self.row("box", "cache-cold")["overhead_ns"], 80)  # Against cold inline.
        self.assertEqual(self.row("box", "cross-thread")["overhead_ns"], 55)  # Against warm inline.
        self.assertEqual(self.t["summary"][0]["mode"], "empty")  # the harness's rows first
        states = [r["state"] for r in self.t["summary"] if r["size"] is not None]
        self.assertEqual(states, sorted(states, key=["warm", "cache-cold", "cross-thread"].index))

    def test_suites(self):
        ev = {r["variant"]: r for r in self.t["eventloop"]}
        self.assertEqual(ev["manual"]["ns_per_request"], 100)
        self.assertEqual(ev["box"]["us_per_iteration"], 64)
        self.assertEqual(ev["box"]["allocs_per_iteration"], 257)
        self.assertEqual(ev["box"]["syscalls_per_request"], 0)
        # Every statistics count is a syscall: (257 + 257 + 258 + 512 + 512 + 512) / 256.
        self.assertEqual(ev["box+syscalls"]["syscalls_per_request"], 2308 / 256)
        self.assertEqual((ev["box+arc"]["atomic_refs"], ev["box+rc"]["atomic_refs"]), (3072, 0))
        self.assertEqual(ev["nonbox"]["task_polls"], 1025)
        tree = {(r["form"], r["fanout"]): r for r in self.t["tree"]}
        self.assertEqual((tree["boxed", 2]["minus_inline_ns"], tree["boxed", 2]["async_calls"],
                          tree["boxed", 2]["allocs_per_call"]), (900, 31, 31))
        self.assertEqual((tree["boxed", 3]["minus_inline_ns"], tree["boxed", 3]["async_calls"]),
                         (1940, 121))
        self.assertEqual(tree["sync", 1]["async_calls"], 5)
        self.assertEqual(self.t["net"][0]["ns_per_round_trip"], 30000)

    def test_figures(self):
        ratio, diff = self.t["figures"]
        # Per process the median of its rounds: 1.02 (1.01, 1.02, 1.03) and 1.04; their mean, and
        # t(0.975, 1) = 12.706 times their sd (0.02 / sqrt 2) over sqrt 2.
        self.assertEqual((ratio["figure"], ratio["unit"], ratio["processes"], ratio["rounds"]),
                         ("box/nonbox", "ratio", 2, 6))
        self.assertAlmostEqual(ratio["mean"], 1.03)
        self.assertAlmostEqual(ratio["high"] - ratio["mean"], 12.706 * 0.01, places=5)
        self.assertAlmostEqual(ratio["low"], 1.03 - 0.12706, places=5)
        self.assertAlmostEqual(ratio["between_sd"], 0.02 / 2 ** 0.5)
        # Within: process 1's three rounds give a median interval 1.01 .. 1.03, a standard error
        # of 0.02 / 3.92; process 2's none; the median of the two.
        self.assertAlmostEqual(ratio["within_se"], 0.02 / 3.92 / 2)
        self.assertEqual((diff["unit"], diff["process_min"], diff["process_max"]), ("ns", 10, 20))
        values = [(r["figure"], r["process"], r["value"]) for r in self.t["figure_processes"]]
        self.assertEqual(values[:2], [("box/nonbox", 1, 1.02), ("box/nonbox", 2, 1.04)])
        self.assertEqual(values[2:], [("box-nonbox/per-box", 1, 10), ("box-nonbox/per-box", 2, 20)])
        # Both figures' processes disagree beyond their rounds; the ratio's by less than 2% of it.
        self.assertEqual(summary.beyond_noise(self.t["figures"]), [diff])

    def test_spreads_between_and_within_processes(self):
        reps = [(10, {"process": 0}), (11, {"process": 0}), (20, {"process": 1}),
                (21, {"process": 1})]
        between, within = summary.spreads(reps)
        self.assertAlmostEqual(between, 50 ** 0.5 / 15.5)  # the medians 10.5 and 20.5
        self.assertAlmostEqual(within, (0.5 ** 0.5 / 10.5 + 0.5 ** 0.5 / 20.5) / 2)
        row = {"process_cv": between, "within_cv": within, "mode": "box", "allocator": "glibc"}
        self.assertEqual(summary.beyond_noise([row]), [row])
        row["process_cv"] = 2.5 * within  # Beyond 2%, but within 3 times its repetitions.
        self.assertEqual(summary.beyond_noise([row]), [])
        self.assertEqual(self.row("box")["within_cv"], None)  # One repetition per process here.
        self.assertAlmostEqual(self.row("box")["process_cv"], 0.1)
        with tempfile.TemporaryDirectory() as d:
            fixture.write_folder(d, [{"box/size:64" + M + "warm": [20, 22]},
                                     {"box/size:64" + M + "warm": [30, 32]}])
            _, t, _ = summary.summarise(d)
            (box,) = t["summary"]
            self.assertAlmostEqual(box["within_cv"], (2 ** 0.5 / 21 + 2 ** 0.5 / 31) / 2)
            self.assertIn("box/64/1/ready/warm (glibc)", summary.spread_warning(t["summary"], []))

    def test_written_and_read_back_typed(self):
        with tempfile.TemporaryDirectory() as d:
            make(d)
            summary.write(d)
            back = results.load(d)
            self.assertEqual(sorted(k for k in back if back[k] is not None and k != "run"),
                             ["eventloop", "figure_processes", "figures", "mitigations", "net", "sets",
                              "summary", "tree"])
            box = next(r for r in back["summary"] if r["mode"] == "box" and r["state"] == "warm")
            self.assertEqual((box["size"], box["ns_per_call"], box["allocs_per_call"]), (64, 20.0, 1))
            self.assertIsInstance(box["size"], int)
            self.assertIsNone(box["perf_instructions"])
            self.assertTrue(os.path.exists(os.path.join(d, "glibc.json")))

    def test_peak_memory_is_the_largest_of_the_processes_that_ran_the_case(self):
        box, inline = ("box/size:64/depth:1/pattern:ready/state:warm",
                       "inline/size:64/depth:1/pattern:ready/state:warm")
        with tempfile.TemporaryDirectory() as d:
            fixture.write_folder(d, [{box: 20.0, inline: 1.0}, {box: 21.0}])
            path = os.path.join(d, "run.json")
            with open(path) as f:
                run = json.load(f)
            run["peak_rss_mib_per_process"] = {"raw/glibc/rep-01.json": 10.0,
                                               "raw/glibc/rep-02.json": 12.5}
            with open(path, "w") as f:
                json.dump(run, f)
            _, t, _ = summary.summarise(d)
            got = {r["mode"]: r["peak_rss_mib"] for r in t["summary"]}
            self.assertEqual((got["box"], got["inline"]), (12.5, 10.0))

    def test_a_folder_without_repetitions_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            fixture.write_folder(d, [])
            with self.assertRaises(summary.NothingMeasured):
                summary.summarise(d)

    def test_a_name_outside_the_catalogue_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            fixture.write_folder(d, [{"box/size:99/depth:1/pattern:ready/state:warm": 1}])
            with self.assertRaisesRegex(UsageError, "no unit of the runner's catalogue"):
                summary.summarise(d)


class TablesTest(unittest.TestCase):
    def test_typed_round_trip_and_refusals(self):
        rows = [{"form": "boxed", "lang": "rust", "fanout": 2, "allocator": "glibc",
                 "ns_per_call": 930.25, "cv": None,
                 "minus_inline_ns": 900.0, "async_calls": 31, "allocs_per_call": 31,
                 "repetitions": 3}]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "tree.csv")
            with open(path, "w") as f:
                f.write(tables.to_csv("tree", rows))
            self.assertEqual(results.table(path, "tree"), rows)
            # A tree table from before the Rust trees: no lang column, all of it C.
            old = [{k: v for k, v in r.items() if k != "lang"} for r in rows]
            with open(os.path.join(d, "old.csv"), "w") as f:
                f.write(tables.to_csv("tree", old).replace(",,", ",", 1).replace("lang,", ""))
            self.assertEqual([r["lang"] for r in results.table(os.path.join(d, "old.csv"), "tree")],
                             ["c"])
            with open(path, "a") as f:
                f.write("sync,glibc,c,2,abc,,,,,\n")
            with self.assertRaisesRegex(UsageError, "line 3: ns_per_call is not a number"):
                results.table(path, "tree")
            with open(path, "w") as f:
                f.write("form,allocator\nboxed,glibc\n")
            with self.assertRaisesRegex(UsageError, "lacks the column"):
                results.table(path, "tree")


if __name__ == "__main__":
    unittest.main()
