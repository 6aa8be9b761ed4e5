"""The catalogue reader and the selection over it, on a real runner's catalogue (trimmed)."""
import json
import os
import unittest

import fixture
from bb import UsageError
from bb.model import catalogue, cases, roles


BUILD = os.environ.get("BOXBENCH_BUILD_DIR")


class LiveTest(unittest.TestCase):
    @unittest.skipUnless(BUILD and os.access(os.path.join(BUILD or "", catalogue.runner_name(roles.DEFAULT_ALLOCATOR)), os.X_OK),
                         "no built runner (ctest gives BOXBENCH_BUILD_DIR)")
    def test_the_fixture_is_the_built_runners_catalogue(self):
        with open(fixture.CATALOGUE) as f:
            self.assertEqual(f.read(), fixture.live_catalogue(BUILD),
                             "tests/fixtures/catalogue.json differs from the built runner's: "
                             "python3 tests/fast/fixture.py BUILD_DIR writes it anew")


class ReaderTest(unittest.TestCase):
    def setUp(self):
        self.cat = fixture.fixture_catalogue()

    def test_rust_units_beside_their_c_counterparts(self):
        """The Rust units (bench/rust) stand at their C counterparts' coordinates, with lang rust,
        one for every mode with a future, allocate as their C counterparts do (the twins are the
        same program), and hold at least their payload; the C matrix, which the selection and the
        figures use, has none of them."""
        rust = self.cat.rust()
        modes = ["arena", "box", "box-inplace", "dyn", "inline", "inline-buf-1024",
                 "inline-buf-256", "inline-buf-4096", "inline-buf-64", "native-moved", "reuse"]
        self.assertEqual(sorted({u.mode for u in rust}), modes)
        c = {u.key(): u for u in self.cat.matrix()}
        for u in rust:
            self.assertEqual(u.lang, "rust")
            self.assertIn(u.key(), c, u.name)
            self.assertEqual(u.name, c[u.key()].name + catalogue.RUST_SUFFIX)
            self.assertEqual(u.allocs, c[u.key()].allocs, u.name)
            self.assertGreaterEqual(u.future_bytes, u.size, u.name)
        self.assertFalse([u for u in self.cat.matrix() if u.lang != "c"])
        # Every size and depth of the fixture warm, and depth 1 in its cold state but
        # cross-thread (cache-cold), both patterns; a cold unit timed call by call, as C's.
        # The cold units only of the modes whose call stands alone (reuse's sites and arena's arena
        # are made by each run of the crate).
        alone = [m for m in modes if m not in ("arena", "reuse")]
        self.assertEqual(len(rust), len(fixture.SIZES) * 2 * (len(modes) * len(fixture.DEPTHS) +
                                                            len(alone)))
        self.assertEqual(sorted({u.mode for u in rust if u.state != "warm"}), alone)
        for u in rust:
            self.assertEqual(u.timing, c[u.key()].timing, u.name)
            self.assertEqual(u.iterations, c[u.key()].iterations, u.name)
        self.assertFalse([u for u in rust if u.state == "cross-thread"])

    def test_lists_and_units(self):
        self.assertEqual(self.cat.suite_names(), ["harness", "matrix", "eventloop", "tree", "net"])
        self.assertEqual(self.cat.baseline_mode, "inline")
        self.assertEqual(self.cat.futureless_modes, ("alloc",))
        ax = self.cat.axes()
        self.assertEqual(ax["size"], list(fixture.SIZES))
        self.assertEqual(ax["depth"], list(fixture.DEPTHS))
        self.assertEqual(ax["state"], ["warm", "cache-cold", "cross-thread"])
        self.assertEqual(ax["mode"], self.cat.names("modes"))
        self.assertEqual(self.cat.rust_choices["reuse"], "tokio-util's ReusableBoxFuture")
        self.assertNotIn("dyn", self.cat.rust_choices)
        u = self.cat.by_name["box/size:64/depth:8/pattern:ready/state:cache-cold"]
        self.assertEqual(u.benchmark_name, u.name + "/iterations:100/manual_time")
        self.assertEqual(self.cat.by_benchmark[u.benchmark_name], u)
        self.assertEqual(u.key(mode="inline"), ("inline", 64, 8, "ready", "cache-cold"))
        self.assertTrue(self.cat.has_baseline(u))
        self.assertFalse(self.cat.has_baseline(self.cat.by_name["alloc/size:64/depth:1/pattern:ready/state:warm"]))
        self.assertFalse(self.cat.has_baseline(self.cat.by_name["tree/form:boxed/fanout:2"]))
        self.assertEqual(self.cat.perf_events("hardware"),
                         ["instructions", "cycles", "branch_misses", "cache_misses"])

    def test_round_trip(self):
        again = catalogue.parse(self.cat.to_json())
        self.assertEqual([u.name for u in again.units], [u.name for u in self.cat.units])

    def test_refusals(self):
        for text, says in (("{", "not valid JSON"), ("[]", "not a boxbench catalogue"),
                           ('{"catalogue": 2, "units": [{}]}', "not a boxbench catalogue"),
                           ('{"catalogue": 1, "units": [{"name": "x"}]}', "lacks or mangles")):
            with self.subTest(text=text), self.assertRaisesRegex(UsageError, says):
                catalogue.parse(text, "X")
        data = json.loads(self.cat.to_json())
        del data["units"][3]["benchmark_name"]
        with self.assertRaisesRegex(UsageError, "without a name"):
            catalogue.Catalogue(data, "X")


class SelectionTest(unittest.TestCase):
    def setUp(self):
        self.cat = fixture.fixture_catalogue()

    def names(self, **given):
        return [u.name for u in cases.select(self.cat, **given)]

    def test_default_adds_the_sweep_and_the_harness(self):
        names = self.names()
        harness = [u.name for u in self.cat.of_suite(roles.HARNESS)]
        self.assertEqual(names[:len(harness)], harness)
        # Every built unit at depth 1, warm, and the depth sweep of inline and box at 64 B, pending.
        m = self.cat.matrix()
        depth1 = [u for u in m if u.depth == 1 and u.state == "warm"]
        sweep = [u for u in m if u.mode in ("inline", "box") and u.size == 64 and
                 u.pattern == "pending" and u.state == "warm" and u.depth != 1]
        self.assertEqual(len(names), len(harness) + len(depth1) + len(sweep))
        self.assertEqual(len(sweep), len(fixture.DEPTHS) * 2 - 2)
        self.assertIn("box/size:64/depth:8/pattern:pending/state:warm", names)

    def test_baselines_are_added(self):
        names = self.names(mode="box", size="16K", depth="8", pattern="ready", state="cache-cold,cross-thread")
        harness = [u.name for u in self.cat.of_suite(roles.HARNESS)]
        self.assertEqual(names, harness + [
                                 "inline/size:16384/depth:8/pattern:ready/state:warm",
                                 "inline/size:16384/depth:8/pattern:ready/state:cache-cold",
                                 "box/size:16384/depth:8/pattern:ready/state:cache-cold",
                                 "box/size:16384/depth:8/pattern:ready/state:cross-thread"])

    def test_bad_values_name_the_problem(self):
        for given, says in ((dict(mode="boxx"), "unknown mode 'boxx'"),
                            (dict(size="100"), "size 100 is not built"),
                            (dict(size="4Q"), "is not a size"),
                            (dict(depth="0"), "at least 1"), (dict(depth="8-1"), "backwards"),
                            (dict(depth="4"), "depth 4 is not built"),
                            (dict(mode="alloc", pattern="pending"), "matches no built case")):
            with self.subTest(given=given), self.assertRaisesRegex(UsageError, says):
                cases.select(self.cat, **given)


if __name__ == "__main__":
    unittest.main()
