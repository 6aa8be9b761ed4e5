"""The claims table as data: every figure computed by hand from fixture tables (each figure one value
per runner process, its interval over them), the three verdicts at the band's edges, a missing
table worded as "not measured", and the markdown."""
import tempfile
import unittest

import fixture
import test_summary
from bb.analysis import answer, claims, summary
from bb.analysis.claims import c12, got, words
from bb.model import catalogue, figures, roles, stats
from bb.output import claimsmd

T2 = stats.t975(2) / 3 ** 0.5  # t(0.975, 2) / sqrt(3): the half-width over 3 processes of sd 1.

# (set, figure, allocator): the value of process 2; processes 1 and 3 are it -+ step (sd = step).
FIGURES = {
    ("small", "box-inline/16/pending", "glibc"): (10, 1), ("small", "box-inline/16/ready", "glibc"): (12, 1),
    ("small", "box-inline/64/pending", "glibc"): (14, 1), ("small", "box-inline/64/ready", "glibc"): (16, 1),
    ("small", "box-inline/256/pending", "glibc"): (18, 1),
    ("small", "box-inline/256/ready", "glibc"): (20, 1),
    ("small", "poll/16", "glibc"): (1.1, 0.1), ("small", "poll/64", "glibc"): (1.2, 0.1),
    ("small", "poll/256", "glibc"): (1.3, 0.1),
    ("small", "poll-dyn/16", "glibc"): (2.1, 0.1), ("small", "poll-dyn/64", "glibc"): (2.2, 0.1),
    ("small", "poll-dyn/256", "glibc"): (2.3, 0.1),
    ("small", "poll-inline/16", "glibc"): (1.0, 0.1), ("small", "poll-inline/64", "glibc"): (1.0, 0.1),
    ("small", "poll-inline/256", "glibc"): (1.0, 0.1),
    ("small", "alloc/64", "glibc"): (6, 1), ("small", "alloc/16384", "glibc"): (20, 1),
    ("small", "box-inline/16384/pending", "glibc"): (400, 10),
    ("chain", "box-inline/per-box", "glibc"): (13, 1),
    ("chain", "box-inline/per-box", "jemalloc"): (22, 1),
    ("tree", "boxed-inline/fanout:1", "glibc"): (226, 10),
    ("tree", "boxed-inline/fanout:2", "glibc"): (900, 10),
    ("tree", "boxed-inline/fanout:3", "glibc"): (1940, 10),
    ("nosyscalls", "box-nonbox/per-request", "glibc"): (30, 1),
    ("nosyscalls", "nonbox/manual", "glibc"): (3.4, 0.1),
    ("nosyscalls", "box-nonbox/per-box", "glibc"): (20, 1),
    ("syscalls", "box/nonbox+syscalls", "glibc"): (1.035, 0.005),
    ("syscalls", "nonbox/manual+syscalls", "glibc"): (1.02, 0.001),
    ("syscalls", "box/nonbox+spin", "glibc"): (1.01, 0.005),
    ("syscalls", "kernel-entry/per-box", "glibc"): (200, 10),
    ("wakers", "rc/arc+syscalls", "glibc"): (0.99, 0.001),
    ("wakers", "chkrc/arc+syscalls", "glibc"): (1.01, 0.001),
    ("crates", "box-buf", "glibc"): (11, 1), ("crates", "box/buf", "glibc"): (3.5, 0.1),
    ("crates", "box-inplace", "glibc"): (15, 1), ("crates", "dyn", "glibc"): (17, 1),
    ("crates", "inline-buf-64", "glibc"): (4.3, 0.1), ("crates", "inline", "glibc"): (2.5, 0.1),
    ("crates", "rust:box-buf", "glibc"): (12, 1), ("crates", "rust:box/buf", "glibc"): (3.6, 0.1),
    ("crates", "box-inplace", "mimalloc"): (13, 1), ("crates", "inline-buf-64", "mimalloc"): (4, 1),
}
# malloc+free of 16 KiB, cache-cold, from the summary: 3 processes of 2 repetitions, sd 10% of 500.
COLD_ALLOC = {"mode": "alloc", "size": 16384, "depth": 1, "pattern": "pending",
              "state": "cache-cold", "allocator": "glibc", "ns_per_call": 500.0,
              "process_cv": 0.1, "repetitions": 6, "overhead_ns": None, "allocs_per_call": 1}


def tables():
    with tempfile.TemporaryDirectory() as d:
        test_summary.make(d)
        _, t, _ = summary.summarise(d)
    t["figure_processes"] = [
        {"set": s, "figure": f, "allocator": a, "process": k + 1, "value": v + (k - 1) * step,
         "rounds": 10} for (s, f, a), (v, step) in FIGURES.items() for k in range(3)]
    t["summary"] = t["summary"] + [COLD_ALLOC]
    t["run"] = {"inner_repetitions": 2}
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
        self.assertEqual(str(claims.Band(0, float("inf"), "ns", "y")), "y: above 0 ns")

    def test_edge_sensitive_within_half_the_width(self):
        band = claims.Band(10, 60, "ns", "x")
        self.assertTrue(band.edge_sensitive(12, 16))   # 2 from the edge, half-width 2: not more
        self.assertFalse(band.edge_sensitive(13, 16))  # 3 from the edge, half-width 1.5
        self.assertTrue(band.edge_sensitive(61, 65))   # outside, 1 from the edge
        self.assertFalse(claims.Band(0, float("inf"), "ns", "y").edge_sensitive(5, 7))

    def test_rules(self):
        R, N, I, M = claims.REPRODUCED, claims.NOT, claims.INCONCLUSIVE, claims.MISSING
        self.assertEqual(claims.combine(claims.ALL, [R, R, R]), R)
        self.assertEqual(claims.combine(claims.ALL, [R, N, R]), N)
        self.assertEqual(claims.combine(claims.ALL, [R, I, R]), I)
        self.assertEqual(claims.combine(claims.ALL, [R, M]), I)  # a part not measured
        self.assertEqual(claims.combine(claims.ANY, [N, R, I]), R)
        self.assertEqual(claims.combine(claims.ANY, [N, N]), N)
        self.assertEqual(claims.combine(claims.ANY, [N, I]), I)
        self.assertEqual(claims.combine(claims.ANY, [M, M]), M)
        # An ALL row is turned by any edge-sensitive part; an ANY row only if every fitting part is.
        self.assertTrue(claims.turnable(claims.ALL, R, {"a": (R, False), "b": (R, True)}))
        self.assertFalse(claims.turnable(claims.ANY, R, {"a": (R, False), "b": (R, True)}))
        self.assertTrue(claims.turnable(claims.ANY, R, {"a": (N, False), "b": (R, True)}))

    def test_a_verdict_is_a_value_shown_as_its_text(self):
        v = claims.Verdict(claims.REPRODUCED, edge=True)
        self.assertEqual((v, v.kind, v.edge), ("reproduced (edge-sensitive)", claims.REPRODUCED,
                                               True))
        self.assertEqual(claims.Verdict(claims.INCONCLUSIVE, edge=True), claims.INCONCLUSIVE)
        self.assertEqual(claims.Verdict(claims.NOT, premise="C1"), "not reproduced (C1's)")
        self.assertEqual(claims.kind("not reproduced (edge-sensitive)"), claims.NOT)  # read back

    def test_every_claim_is_one_row_of_data(self):
        ids = [c.id for c in claims.CLAIMS]
        self.assertEqual(ids, ["C%d" % i for i in range(1, len(claims.CLAIMS) + 1)])
        for c in claims.CLAIMS:
            self.assertTrue(c.source and c.published and c.missing and c.parts, c.id)
            self.assertTrue(c.rests, c.id)  # a PREMISE claim rests on its premise's figures
            self.assertEqual(c.premise is not None, c.rule == claims.PREMISE, c.id)
            for p in c.parts:
                if c.rule == claims.PREMISE:
                    self.assertIsNone(p.band, c.id)
                else:
                    self.assertLess(p.band.low, p.band.high, c.id)


class FigureTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.t = tables()
        cls.rows = {r["id"]: r for r in claims.rows(cls.t)}

    def interval(self, e, value, half, processes=3):
        self.assertAlmostEqual(e["value"], value)
        self.assertAlmostEqual(e["high"] - e["value"], half)
        self.assertAlmostEqual(e["value"] - e["low"], half)
        self.assertEqual(e["processes"], processes)

    def part(self, cid, name):
        return claims.figure(cid, self.t)["parts"][name]

    def test_figures(self):
        # C1: per process the median of six, 14 .. 16 (the middle two's mean moves with them).
        self.interval(self.part("C1", "overhead"), 15, T2)
        self.interval(self.part("C4", "ms per million calls"), 15, T2)
        self.interval(self.part("C5", "of 1 ms"), 15 * 100 / 1e6, T2 * 100 / 1e6)
        self.interval(self.part("C5", "of 10 ms"), 15 * 100 / 1e7, T2 * 100 / 1e7)
        self.interval(self.part("C5", "of the loopback round trip"), 15 * 100 / 30000,
                      T2 * 100 / 30000)
        self.interval(self.part("C10", "overhead"), 16, T2)  # the ready ones: 12, 16, 20
        self.interval(self.part("C9", "one more vtable poll"), 1.2, 0.1 * T2)
        self.interval(self.part("C7", "malloc+free, warm"), 20, T2)
        self.interval(self.part("C7", "box with its copy, warm"), 400, 10 * T2)
        # From the summary: 500 +- t(0.975, 2) 0.1 500 / sqrt(3), over 6 / 2 processes.
        self.interval(self.part("C7", "malloc+free, cache-cold"), 500, 50 * T2)
        c2 = claims.figure("C2", self.t)
        self.assertEqual(list(c2["parts"]), ["fan-out 1", "fan-out 2", "fan-out 3"])
        self.interval(c2["parts"]["fan-out 2"], 900, 10 * T2)
        self.assertEqual((c2["calls"]["fan-out 2"], c2["per_box"]["fan-out 2"]), (31, 900 / 31))
        c3 = claims.figure("C3", self.t)
        self.interval(c3["parts"]["box / nonbox with syscalls"], 3.5, 0.5 * T2)
        self.interval(c3["kernel"], 200, 10 * T2)
        self.assertAlmostEqual(c3["syscall"], 1000)  # (9115.625 - 100) ns over 2308 / 256
        self.interval(self.part("C6", "boxing per request"), 30, T2)
        self.interval(self.part("C6", "executor, no syscalls"), 3.4, 0.1 * T2)
        self.interval(self.part("C6", "executor, syscalls"), 2, 0.1 * T2)
        self.interval(self.part("C8", "rc / arc"), -1, 0.1 * T2)
        self.interval(self.part("C8", "chkrc / arc"), 1, 0.1 * T2)
        c11 = claims.figure("C11", self.t)["parts"]
        self.interval(c11["glibc"], 13, T2)
        self.interval(c11["jemalloc"], 22, T2)
        # Welch over 3 + 3 processes of sd 1: 9 +- t(0.975, 4) sqrt(2 / 3).
        self.interval(c11["jemalloc minus glibc"], 9, stats.t975(4) * (2 / 3) ** 0.5, processes=6)

    def test_verdicts_follow_the_parts_and_the_rules(self):
        verdicts = {i: r["verdict"] for i, r in self.rows.items()}
        for i in ("C1", "C9", "C11"):
            self.assertEqual(verdicts[i], claims.REPRODUCED, i)
        self.assertEqual(verdicts["C3"], claims.INCONCLUSIVE)  # 2.26 .. 4.74 against 0.65 .. 2.7
        # C4 and C5 are arithmetic: their verdict is C1's, said to be so.
        for i in ("C4", "C5"):
            self.assertEqual(verdicts[i], verdicts["C1"], i)
            self.assertIn("holds as arithmetic", self.rows[i]["explanation"])
            self.assertIn("no band of its own", self.rows[i]["band"])
        # C2: fan-outs 2 and 3 in the band, 1 wholly below; one fan-out reproduces the row.
        self.assertEqual(verdicts["C2"], claims.REPRODUCED)
        self.assertIn("fan-out 1 not reproduced, fan-out 2 reproduced", self.rows["C2"]["explanation"])
        # C6: the executor reproduced without syscalls (3.4x against 1.68 .. 6.73), the boxing too,
        # but +2% with syscalls is below 4.7 .. 18.8: all parts must hold.
        self.assertEqual(verdicts["C6"], claims.NOT)
        self.assertIn("executor, syscalls not reproduced", self.rows["C6"]["explanation"])
        # C7: warm malloc+free (20 ns) no, a 16 KiB box with its copy (400 ns) yes: one reading fits.
        self.assertEqual(verdicts["C7"], claims.REPRODUCED)
        self.assertIn("the figure fits box with its copy, warm", self.rows["C7"]["explanation"])
        self.assertIn("2020-10 to 2022-07", self.rows["C7"]["explanation"])
        # C8: rc / arc -1% is in -1.8 .. -0.45, chkrc 1% slower in 0.405 .. 1.62: both halves.
        self.assertEqual(verdicts["C8"], claims.REPRODUCED)
        self.assertEqual(verdicts["C10"], claims.NOT)  # 16 ns against 2 .. 10
        self.assertEqual(verdicts["X1"], claims.NOT_C)
        self.assertEqual((self.rows["C1"]["figure"], self.rows["C1"]["interval"]),
                         ("15", "%.4g .. %.4g" % (15 - T2, 15 + T2)))

    def test_an_edge_is_marked(self):
        # C1 at 15 +- 2.5 against 10 .. 60: 2.5 from the edge, half-width 2.5: edge-sensitive.
        t = dict(self.t, figure_processes=[dict(r, value=r["value"] - 2.5)
                                           if r["figure"].startswith("box-inline/") and
                                           r["set"] == "small" else r
                                           for r in self.t["figure_processes"]])
        c1 = next(r for r in claims.rows(t) if r["id"] == "C1")
        self.assertEqual(c1["verdict"], "%s (%s)" % (claims.REPRODUCED, claims.EDGE))

    def test_words(self):
        self.assertIn("+3.50% (95%: +2.26% .. +4.74%, 3 processes)", self.rows["C3"]["measured"])
        self.assertIn("a read() on the empty pipe costs 1.00 us", self.rows["C3"]["explanation"])
        self.assertIn("the kernel entry itself, against a busy wait as long, adds 200.0 ns",
                      self.rows["C3"]["explanation"])
        self.assertIn("fan-out 2 (31 calls): 900.0 ns (95%: 875.2 ns .. 924.8 ns, 3 processes)",
                      self.rows["C2"]["measured"])
        self.assertIn("jemalloc is slower than glibc here", self.rows["C11"]["explanation"])
        self.assertIn("one more poll through the vtable costs 2.20 ns", self.rows["C9"]["explanation"])
        self.assertIn("makes 1 allocation(s)", self.rows["C10"]["explanation"])

    def test_two_modes_are_said(self):
        values = [14.9] * 17 + [20.6] * 3
        e = got.estimate([v + 0.01 * (k % 3) for k, v in enumerate(values)])
        self.assertEqual([m[1] for m in e["modes"]], [17, 3])
        self.assertIn("two modes: 14.91 ns in 17 of 20 processes, 20.61 ns in 3 of 20 processes",
                      words.interval(e, words.ns))
        self.assertIsNone(got.estimate([1.0, 1.1, 0.9, 1.05, 0.95])["modes"])

    def test_modes_name_the_code_layouts_they_ran_in(self):
        # Four layouts, the processes round them: layout 3's run slow, the rest fast.
        layouts = [k % 4 + 1 for k in range(20)]
        values = [20.6 + 0.01 * (k % 3) if l == 3 else 14.9 + 0.01 * (k % 3)
                  for k, l in enumerate(layouts)]
        said = words.interval(got.estimate(values, layouts=layouts), words.ns)
        self.assertIn("in 15 of 20 processes (layouts 1, 2, 4), 20.61 ns in 5 of 20 processes "
                      "(layout 3), split by the code's layout", said)
        # One layout: the split is not the code's, and no layout is named.
        said = words.interval(got.estimate(values, layouts=[1] * 20), words.ns)
        self.assertNotIn("layout", said)

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

    def test_a_figure_resting_on_a_cell_that_differs_says_so(self):
        cell = "box/size:64/depth:1/pattern:pending/state:warm"
        t = dict(self.t, run={"inner_repetitions": 2, "sets": [
            {"set": "small", "claims": ["C1"], "units": [cell]}]},
            fidelity=[dict(mode="box", size=64, depth=1, pattern="pending", allocator="glibc",
                           c_over_rust=1.6, verdict="differs", unit=cell)])
        rows = {r["id"]: r for r in claims.rows(t)}
        self.assertIn("C differs from Rust beyond 25% in cells this figure rests on (C / Rust: "
                      "box 64 B depth 1 pending on glibc 1.60)", rows["C1"]["explanation"])
        self.assertNotIn("C differs from Rust", rows["C9"]["explanation"])

    def test_a_verdict_bound_to_the_machine_says_what_it_costs_here(self):
        control = lambda name, a, ns: {"mode": name, "size": None, "depth": None,
                                       "pattern": None, "state": None, "allocator": a,
                                       "ns_per_call": ns}
        t = dict(self.t, summary=self.t["summary"] + [
            control(roles.SYSCALL, "glibc", 95.2), control(roles.SYSCALL, "jemalloc", 97.0),
            control(roles.MALLOC_FREE, "glibc", 7.45), control(roles.MALLOC_FREE, "jemalloc", 3.7)])
        rows = {r["id"]: r for r in claims.rows(t)}
        for cid in ("C3", "C6", "C8"):  # One syscall's price, the first runner's.
            self.assertEqual(rows[cid]["bound"], (roles.SYSCALL, {"glibc": 95.2}))
            self.assertIn("which costs 95.2 ns here", rows[cid]["explanation"])
        self.assertIn("7.45 ns on glibc, 3.7 ns on jemalloc", rows["C1"]["explanation"])
        self.assertIsNone(rows["C2"]["bound"])  # bound to no control
        bare = dict(self.t, summary=[r for r in self.t["summary"] if r["size"] is not None])
        self.assertIsNone(claims.row(claims.BY_ID["C3"], bare)["bound"])  # none measured
        got = answer.machine_bound(rows.values())
        self.assertEqual(sorted((c, ids) for c, ids, _ in got),
                         [(roles.MALLOC_FREE, ["C1", "C10", "C11", "C12"]),
                          (roles.SYSCALL, ["C3", "C6", "C8"])])

    def test_missing_and_markdown(self):
        t = dict(self.t, figure_processes=[r for r in self.t["figure_processes"]
                                           if r["set"] != "wakers"])
        (c8,) = [r for r in claims.rows(t) if r["id"] == "C8"]
        self.assertEqual(c8["verdict"], claims.MISSING)
        self.assertIn("this run did not measure the waker set", c8["explanation"])
        md = claimsmd.markdown(list(self.rows.values()), {"summary": "a machine"}, partial="the run was interrupted")
        self.assertIn("Partial report", md)
        self.assertIn("Machine: a machine", md)
        self.assertEqual(md.count("\n| C"), len(claims.CLAIMS))

    def test_the_original_beside_the_port(self):
        """`reproduce --original`: the original's figures in sets of their own, judged against the
        same bands, said beside the port's with who decides the verdict."""
        rows = [{"set": "original.1", "figure": "box/nonbox+syscalls", "allocator": "glibc",
                 "process": k + 1, "value": v, "rounds": 10} for k, v in
                enumerate((1.014, 1.015, 1.016))]
        rows += [{"set": "original.5", "figure": "rc/arc+syscalls", "allocator": "glibc",
                  "process": k + 1, "value": v, "rounds": 10} for k, v in
                 enumerate((0.99, 0.991, 0.992))]
        t = dict(self.t, figure_processes=self.t["figure_processes"] + rows)
        got = {r["id"]: r for r in claims.rows(t)}
        c3 = got["C3"]
        self.assertIn("the original event loop (rust-async-bench, built here and interleaved as "
                      "the port): box / nonbox with syscalls +1.50%", c3["explanation"])
        self.assertEqual([p.get("original") for p in c3["parts"]], [claims.REPRODUCED])
        # The port's +3.5% (3.0 .. 4.0) is not reproduced, and apart from the original's.
        self.assertIn("another verdict than the port's for box / nonbox with syscalls, the two "
                      "figures apart: there the port decides", c3["explanation"])
        self.assertIn("this machine decides them", got["C8"]["explanation"])
        self.assertIn("rc / arc -0.90%", got["C8"]["explanation"])
        self.assertNotIn("original event loop", got["C1"]["explanation"])

    def test_c12_the_crate_table(self):
        f12 = claims.figure("C12", self.t)
        self.interval(f12["parts"]["box minus buffer"], 11, T2)
        self.assertEqual(f12["head"], "glibc")
        self.assertEqual(self.rows["C12"]["verdict"], claims.REPRODUCED)
        measured, why = claims.BY_ID["C12"].say(f12)
        self.assertIn("in real Rust (bench/rust's twins): 12.00 ns", measured)
        self.assertIn("C on glibc: native async fn 2.50 ns < stackfuture, dyn-utils 4.30 ns < "
                      "async_trait, dynosaur 15.00 ns < dynify 17.00 ns", why)
        self.assertIn("C on mimalloc: stackfuture, dyn-utils 4.00 ns < async_trait, dynosaur "
                      "13.00 ns", why)

    def test_each_claim_reads_what_it_rests_on(self):
        # With only the figures a claim declares in the tables, every part it judges is computed:
        # it reads nothing it does not rest on, so the sets derived from the claims measure it.
        cat = fixture.fixture_catalogue()
        for c in claims.CLAIMS:
            rests = {(f.set, f.name) for f in figures.bound(cat, c.rests)}
            t = dict(self.t, figure_processes=[r for r in self.t["figure_processes"]
                                               if (r["set"], r["figure"]) in rests])
            found = claims.figure(c.id, t)["parts"]
            self.assertEqual([p.name for p in c.parts if found.get(p.name) is None],
                             ["malloc+free, heap-cold"] if c.id == "C7" else [], c.id)

    def test_the_sets_derive_from_the_claims(self):
        found = {s.label: s for s in claims.sets(fixture.fixture_catalogue())}
        self.assertEqual(sorted(found), ["chain", "crates", "nosyscalls", "rust", "rust-tree",
                                         "small", "syscalls", "tree", "wakers"])
        # C12's: each crate's way at 16 B, ready, C and Rust, on every allocator.
        crates = found["crates"]
        self.assertEqual(crates.allocators, (figures.EVERY,))
        self.assertEqual(len(crates.units), 2 * len(c12.CRATE_MODES))
        small = found["small"]
        self.assertEqual(len(small.units), 3 * 2 * 3 + 2 + 2)  # box, inline, dyn; alloc; 16 KiB
        self.assertEqual(len({f.name for f in small.figures}), len(small.figures))
        self.assertEqual(found["chain"].allocators, ("glibc", "jemalloc"))
        # The Rust twins: C1's, C9's and C10's figures over the Rust units, in a set of their own;
        # C11's in its own set (both allocators), beside the C one.
        rust = found["rust"]
        self.assertEqual(len(rust.units), 3 * 2 * 3)  # box, inline, dyn at 16-256 B, two patterns
        self.assertTrue(all(u.endswith(catalogue.RUST_SUFFIX) for u in rust.units))
        self.assertTrue(all(f.name.startswith("rust:") for f in rust.figures))
        self.assertEqual(sorted(f.name for f in found["chain"].figures),
                         ["box-inline/per-box", "rust:box-inline/per-box"])
        self.assertEqual(len(found["chain"].units), 4)
        # C2's: the Rust trees (bench/rust) per fan-out, in a set of their own (sharing the C
        # trees' rounds, their allocations moved the C figure).
        self.assertEqual(sorted(f.name for f in found["rust-tree"].figures),
                         ["rust:boxed-inline/fanout:%d" % k for k in (1, 2, 3)])
        self.assertTrue(all(u.endswith(catalogue.RUST_SUFFIX) for f in found["rust-tree"].figures
                            for _, u in f.terms))
        self.assertFalse([u for u in found["tree"].units if u.endswith(catalogue.RUST_SUFFIX)])

    def test_a_figure_is_bound_to_the_catalogue_when_measured(self):
        cat = fixture.fixture_catalogue()
        f = claims.BY_ID["C1"].rests[0]  # box minus inline, 16 B, pending: units by coordinates
        bound = figures.bind(cat, f)
        self.assertEqual([u for _, u in bound.terms],
                         ["box/size:16/depth:1/pattern:pending/state:warm",
                          "inline/size:16/depth:1/pattern:pending/state:warm"])
        self.assertEqual((bound.set, bound.name), (f.set, f.name))
        # A Rust twin the catalogue cannot measure is left out; a C figure's missing unit is an
        # error naming it (a runner of another build).
        bare = fixture.fixture_catalogue()
        bare.units = [u for u in bare.units if u.lang != roles.RUST]
        self.assertIsNone(figures.bind(bare, figures.twin(f)))
        gone = f._replace(terms=((1, figures.matrix("box", 3)),))
        with self.assertRaisesRegex(Exception, "0 units at"):
            figures.bind(cat, gone)

    def test_redraws(self):
        # Drawing the three processes anew: shares of the verdicts per claim, summing to one; C9
        # (1.1 .. 1.3 per process against 0.5 .. 2) holds in every draw.
        got = claims.redraws(self.t, 3, draws=20)
        self.assertEqual(sorted(got), sorted(c.id for c in claims.CLAIMS))
        for cid, shares in got.items():
            self.assertAlmostEqual(sum(shares.values()), 1.0, msg=cid)
        self.assertEqual(got["C9"], {claims.REPRODUCED: 1.0})
        self.assertEqual(got, claims.redraws(self.t, 3, draws=20))  # seeded

    def test_an_empty_folder_measures_nothing(self):
        for r in claims.rows({}):
            self.assertIn(r["verdict"], (claims.MISSING, claims.NOT_C))


if __name__ == "__main__":
    unittest.main()
