"""C / Rust: the fidelity sets a selection derives (a set per mode and depth, none over what a
runner interleaves, each figure named by its C unit over its Rust counterpart), and the fidelity
table a folder's interleaved rounds give, with its verdicts against 25%."""
import json
import os
import tempfile
import unittest

import fixture
from bb.analysis import fidelity, summary
from bb.measuring import measure
from bb.model import catalogue, figures

C = "box/size:64/depth:1/pattern:pending/state:warm"
RUST = C + catalogue.RUST_SUFFIX


class SetsTest(unittest.TestCase):
    def setUp(self):
        self.cat = fixture.fixture_catalogue()

    def test_a_set_per_mode_and_depth_within_the_runner_limit(self):
        modes = ("box", "box-inplace", "dyn", "inline")
        units = [u for u in self.cat.matrix() if u.mode in modes + ("alloc",) and
                 u.state == "warm" and u.depth in (1, 8)]
        sets = figures.sets_of(figures.fidelity(self.cat, units))
        self.assertEqual(sorted({s.label for s in sets}),
                         sorted("fidelity.%s.depth%d" % (m, d) for m in modes for d in (1, 8)))
        for s in sets:
            self.assertLessEqual(len(s.units), catalogue.UNITS_MAX, s.label)
            self.assertEqual(s.allocators, (figures.HEAD,))
            self.assertLess(s.share * s.processes, 1)  # Less time than a claim's set.
            for f in s.figures:
                c = self.cat.by_name[f.name]
                # Each mode beside the Rust of its own name (box-inplace beside #[async_trait]
                # in the shape rustc builds the future in the box).
                rust = c.name + catalogue.RUST_SUFFIX
                self.assertEqual((f.terms, f.over), (((1, c.name),), rust))
                self.assertEqual(c.lang, "c")
        # Every pair once: 4 modes, the fixture's 5 sizes, 2 depths, 2 patterns (alloc has no Rust
        # counterpart).
        self.assertEqual(sum(len(s.figures) for s in sets), 4 * 5 * 2 * 2)

    def test_a_set_of_fewer_processes_runs_at_least_two(self):
        self.assertEqual(figures.processes_of_set({"processes": 0.5}, 8), 4)
        self.assertEqual(figures.processes_of_set({"processes": 0.5}, 3), 2)
        self.assertEqual(figures.processes_of_set({}, 3), 3)

    def test_a_group_over_the_limit_is_split(self):
        units = [u for u in self.cat.matrix() if u.mode == "box" and u.state == "warm"]
        sets = figures.sets_of(figures.fidelity(self.cat, units * 4))  # Repeats: more figures.
        self.assertTrue(all(len(s.units) <= catalogue.UNITS_MAX for s in sets))
        self.assertIn("fidelity.box.depth1.2", [s.label for s in sets])

    def test_units_without_a_rust_counterpart_have_no_figure(self):
        units = [u for u in self.cat.matrix() if u.mode == "alloc"]  # No future, no Rust.
        self.assertEqual(figures.fidelity(self.cat, units), [])

    def test_the_verdicts(self):
        self.assertEqual(fidelity.verdict(0.9, 1.2), fidelity.AGREES)
        self.assertEqual(fidelity.verdict(1.3, 1.6), fidelity.DIFFERS)
        self.assertEqual(fidelity.verdict(0.5, 0.7), fidelity.DIFFERS)
        self.assertEqual(fidelity.verdict(1.1, 1.4), fidelity.UNCLEAR)


class SetFilesTest(unittest.TestCase):
    def test_a_set_takes_only_its_own_files(self):
        """A set's label may begin another's (rust, rust-tree): each takes its own processes'
        files, as a resume finds them."""
        with tempfile.TemporaryDirectory() as d:
            raw = os.path.join(d, "raw", "glibc")
            os.makedirs(raw)
            for name in ("set-rust-1.jsonl", "set-rust-tree-1.jsonl", "set-rust-2.jsonl"):
                with open(os.path.join(raw, name), "w") as f:
                    f.write(json.dumps({"units": ["a", "b"]}) + "\n")
                    f.writelines(json.dumps({"round": r, "ns": [1, 2]}) + "\n" for r in range(3))

            class Out:
                tmp = d
                path = staticmethod(lambda *p: os.path.join(d, *p))
            found = {label: measure._set_files(Out, {"set": label, "allocator": "glibc"})
                     for label in ("rust", "rust-tree")}
        self.assertEqual(found, {"rust": ["raw/glibc/set-rust-1.jsonl", "raw/glibc/set-rust-2.jsonl"],
                                 "rust-tree": ["raw/glibc/set-rust-tree-1.jsonl"]})


class TableTest(unittest.TestCase):
    def test_the_table_from_the_rounds(self):
        cat = fixture.fixture_catalogue()
        s = figures.sets_of(figures.fidelity(cat, [cat.by_name[C]]))[0]
        entry = dict(figures.entry(s, "glibc"), seconds=1.0)
        # C over Rust per round: process 1 1.5 in every round, process 2 1.6.
        rounds = [[[30, 20]] * 3, [[32, 20]] * 3]
        with tempfile.TemporaryDirectory() as tmp:
            fixture.write_folder(tmp, [{"empty": 1, C: 30, RUST: 20}], [(entry, rounds)])
            _, t, _ = summary.summarise(tmp)
        (row,) = t["fidelity"]
        self.assertEqual((row["mode"], row["size"], row["depth"], row["pattern"], row["allocator"],
                          row["processes"]), ("box", 64, 1, "pending", "glibc", 2))
        self.assertAlmostEqual(row["c_over_rust"], 1.55)
        self.assertEqual(row["verdict"], fidelity.verdict(row["low"], row["high"]))
        c, r = cat.by_name[C], cat.by_name[RUST]
        self.assertEqual((row["c_future_bytes"], row["rust_future_bytes"]),
                         (c.future_bytes, r.future_bytes))
        self.assertIn("future state C %d B, Rust %d B" % (c.future_bytes, r.future_bytes),
                      row["differences"])
        words = fidelity.words(t["fidelity"])
        self.assertTrue(words.startswith("Per mode: box on glibc 0 of 1 agree. C / Rust in 1 "
                                         "cells: within 25% in "), words)

    def test_the_share_per_mode_and_allocator(self):
        rows = [dict(mode=m, allocator=a, verdict=v) for m, a, v in (
            ("inline", "glibc", fidelity.AGREES), ("inline", "glibc", fidelity.DIFFERS),
            ("box", "glibc", fidelity.AGREES), ("inline", "jemalloc", fidelity.UNCLEAR),
            ("inline", "glibc", fidelity.AGREES))]
        self.assertEqual(fidelity.share_words(rows), "inline on glibc 2 of 3 agree, 1 differ; "
                         "box on glibc 1 of 1 agree; inline on jemalloc 0 of 1 agree")


if __name__ == "__main__":
    unittest.main()
