"""The history store (folder/history.py) and what is found in it (model/trends.py): a run is added
whole or not at all, a foreign or newer file is refused and left as it was, merging twice adds
nothing, two writers take turns; a planted step and a planted drift are found, an A/A history
gives no finding; the machine key ignores clock readings; pooling widens with the runs' spread."""
import json
import multiprocessing
import os
import random
import sqlite3
import tempfile
import unittest

from fixture import ROOT  # (and scripts/ on the path)
from bb import UsageError
from bb.analysis import runrecord, trends_of
from bb.folder import history
from bb.model import trends

REFERENCE = os.path.join(ROOT, "results", "reference")


def record(uid, started, mean, machine="m1", commit="c1", chain="t1", figures=None):
    """A small synthetic run: one figure (or those given) and its processes."""
    figs = figures or [("f", "glibc", "set", "ns", mean, mean - 0.2, mean + 0.2, 3)]
    return {"uid": uid, "folder": "/x/" + uid, "kind": "reproduce", "commit_id": commit,
            "started": started, "duration_s": 1.0, "quick": 1, "partial": 0, "machine": machine,
            "toolchain": json.dumps({"chain": chain}), "toolchain_key": chain, "plan": "{}",
            "added": started, "machine_row": (machine, 0, "a machine", "{}"),
            "cases": [("box/64", "glibc", 10.0, 0.01, 0.02, 2)], "figures": figs,
            "processes": [(f[0], f[1], k, f[4], 1) for f in figs for k in (1, 2, 3)],
            "verdicts": [("C1", "reproduced", "reproduced", "1", "0 .. 2")]}


def _add_many(path, prefix, n):
    conn = history.open_store(path)
    for i in range(n):
        history.add(conn, record("%s-%d" % (prefix, i), "2026-01-01T00:00:%02d" % i, 1.0))
    conn.close()


class StoreTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "h.sqlite")

    def tearDown(self):
        self.tmp.cleanup()

    def count(self, table, path=None):
        conn = sqlite3.connect(path or self.path)
        try:
            return conn.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0]
        finally:
            conn.close()

    def test_a_run_is_added_once_and_whole(self):
        conn = history.open_store(self.path)
        self.assertEqual(history.add(conn, record("a", "2026-01-01", 1.0))[1], True)
        self.assertEqual(history.add(conn, record("a", "2026-01-01", 1.0))[1], False)
        conn.close()
        self.assertEqual([self.count(t) for t in ("runs", "figures", "processes", "verdicts")],
                         [1, 1, 3, 1])

    def test_an_insert_that_fails_half_way_leaves_the_store_as_it_was(self):
        conn = history.open_store(self.path)
        history.add(conn, record("a", "2026-01-01", 1.0))
        bad = record("b", "2026-01-02", 1.0)
        bad["processes"].append(("f", "glibc"))  # Too few columns: fails after runs and figures.
        with self.assertRaises(sqlite3.Error):
            history.add(conn, bad)
        conn.close()
        self.assertEqual([self.count(t) for t in ("runs", "figures", "processes")], [1, 1, 3])

    def test_a_killed_writer_leaves_the_store_as_it_was(self):
        """A process killed in the middle of a run's insert (SIGKILL, before its COMMIT): the
        next opener finds the store as it was, the half-run nowhere."""
        history.open_store(self.path).close()
        ctx = multiprocessing.get_context("fork")
        ready, p = ctx.Event(), None

        def writer():
            conn = history.open_store(self.path)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO machines VALUES ('m', 0, '', '{}')")
            conn.execute("INSERT INTO runs (uid, folder, kind, started, partial, machine, "
                         "toolchain, toolchain_key, added) VALUES ('x', '', 'run', '', 0, 'm', "
                         "'{}', '', '')")
            ready.set()
            import time
            time.sleep(60)
        p = ctx.Process(target=writer)
        p.start()
        self.assertTrue(ready.wait(30))
        p.kill()
        p.join()
        conn = history.open_store(self.path)
        self.assertEqual(history.runs(conn), [])
        history.add(conn, record("a", "2026-01-01", 1.0))  # And it takes the next run.
        conn.close()
        self.assertEqual(self.count("runs"), 1)

    def test_two_writers_take_turns(self):
        history.open_store(self.path).close()
        ctx = multiprocessing.get_context("fork")
        ps = [ctx.Process(target=_add_many, args=(self.path, p, 30)) for p in ("a", "b")]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
            self.assertEqual(p.exitcode, 0)
        self.assertEqual(self.count("runs"), 60)
        self.assertEqual(self.count("processes"), 180)

    def test_a_foreign_file_is_refused_and_left_as_it_was(self):
        text = os.path.join(self.tmp.name, "notes.sqlite")
        with open(text, "w") as f:
            f.write("not a database\n")
        other = os.path.join(self.tmp.name, "other.sqlite")
        conn = sqlite3.connect(other)
        conn.execute("CREATE TABLE songs (title TEXT)")
        conn.commit()
        conn.close()
        for path in (text, other):
            with open(path, "rb") as f:
                before = f.read()
            with self.assertRaises(UsageError) as e:
                history.open_store(path)
            self.assertIn("not a boxbench history store", str(e.exception))
            with open(path, "rb") as f:
                self.assertEqual(f.read(), before)

    def test_a_newer_store_is_refused(self):
        history.open_store(self.path).close()
        conn = sqlite3.connect(self.path)
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
        conn.commit()
        conn.close()
        with self.assertRaises(UsageError) as e:
            history.open_store(self.path)
        self.assertIn("newer", str(e.exception))

    def test_merge_adds_what_is_missing_once(self):
        other = os.path.join(self.tmp.name, "other.sqlite")
        conn = history.open_store(other)
        for i in range(3):
            history.add(conn, record("o%d" % i, "2026-01-0%d" % (i + 1), 1.0, machine="m2"))
        conn.close()
        conn = history.open_store(self.path)
        history.add(conn, record("o0", "2026-01-01", 1.0, machine="m2"))
        self.assertEqual(history.merge(conn, other), 2)
        self.assertEqual(history.merge(conn, other), 0)
        self.assertEqual([m[0] for m in history.machines(conn)], ["m2"])
        conn.close()
        self.assertEqual(self.count("runs"), 3)
        self.assertEqual(self.count("processes"), 9)

    def test_the_reference_folder_is_a_record(self):
        r = runrecord.of_folder(REFERENCE)
        with open(os.path.join(REFERENCE, "machine.json")) as f:
            self.assertEqual(r["machine"], json.load(f)["key"])
        self.assertEqual(r["kind"], "reproduce")
        self.assertGreater(len(r["figures"]), 100)
        self.assertTrue({"C1", "C12"} <= {v[0] for v in r["verdicts"]})
        conn = history.open_store(self.path)
        history.add(conn, r)
        view = trends_of.view(conn, "machines")
        conn.close()
        self.assertEqual(view["machines"][0]["machine"], r["machine"])


class CrosscheckRecordTest(unittest.TestCase):
    def test_a_crosscheck_folder_is_its_ratios_and_counts(self):
        x = {"command": "boxbench crosscheck", "commit": "abc", "date": "2026-12-05",
             "machine": "a CPU, 2 CPUs, Linux 6", "machine_key": "0123456789abcdef",
             "versions": {"rustc": "rustc 1.96", "gcc": "gcc 12"},
             "ratios": {"box / nonbox": {"original": 0.013, "port": 0.005,
                                         "per_process": {"original": [0.012, 0.014],
                                                         "port": [0.004, 0.006]}}},
             "counts": {"box": {"original": {"total": 2000.0}, "port": {"total": 1900.0}}}}
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "crosscheck.json"), "w") as f:
                json.dump(x, f)
            r = runrecord.of_folder(tmp)
            conn = history.open_store(os.path.join(tmp, "h.sqlite"))
            self.assertTrue(history.add(conn, r)[1])
            conn.close()
        self.assertEqual((r["kind"], r["machine"], r["machine_row"][1]),
                         ("crosscheck", "0123456789abcdef", 0))
        figs = {f[0]: f for f in r["figures"]}
        self.assertEqual(figs["crosscheck original: box / nonbox"][4:8], (0.013, 0.012, 0.014, 2))
        self.assertEqual(figs["instructions port: box"][4], 1900.0)
        self.assertEqual(len(r["processes"]), 4)


class MachineKeyTest(unittest.TestCase):
    def test_a_key_ignores_the_clock_readings(self):
        """Two boots of one machine differ in MHz, bogomips and load: their keys do not, stable
        (machine.json's) or derived (a folder from before it)."""
        with open(os.path.join(REFERENCE, "machine.json")) as f:
            m = json.load(f)
        rebooted = dict(m, mhz_per_cpu=m.get("mhz_per_cpu", 0) + 37, load_average=["9", "9", "9"],
                        timer_overhead_ns=99.0, bogomips=1234.5)
        self.assertEqual(runrecord.machine_row(m)[0], runrecord.machine_row(rebooted)[0])
        old = {k: v for k, v in m.items() if k not in ("key", "key_parts")}
        old_rebooted = {k: v for k, v in rebooted.items() if k not in ("key", "key_parts")}
        self.assertEqual(runrecord.machine_row(old), runrecord.machine_row(old_rebooted))
        self.assertEqual(runrecord.machine_row(old)[1], 1)  # Said to be derived.
        other = dict(old, cpu_model="another CPU")
        self.assertNotEqual(runrecord.machine_row(old)[0], runrecord.machine_row(other)[0])


class TrendsTest(unittest.TestCase):
    def series(self, rng, n, shape):
        return [shape(i) + rng.gauss(0, 0.3) for i in range(n)]

    def test_a_planted_step_and_drift_are_found_and_aa_gives_none(self):
        rng = random.Random(7)
        family = {"aa%d" % i: self.series(rng, 30, lambda i: 10) for i in range(40)}
        family["step"] = self.series(rng, 30, lambda i: 10 if i < 18 else 11.5)
        family["drift"] = self.series(rng, 30, lambda i: 10 + 0.06 * i)
        found, tested = trends.findings(family)
        self.assertEqual(tested, 42)
        got = {f[0]: f for f in found}
        self.assertEqual(sorted(got), ["drift", "step"])
        self.assertEqual(got["step"][1], "step")
        self.assertEqual(got["step"][3][0], 18)  # Located where it was planted.
        self.assertEqual(got["drift"][1], "drift")
        self.assertAlmostEqual(got["drift"][3][0], 0.06, delta=0.03)
        aa, tested = trends.findings({"aa%d" % i: self.series(rng, 30, lambda i: 10)
                                      for i in range(40)})
        self.assertEqual((aa, tested), ([], 40))

    def test_too_short_a_series_is_not_tested(self):
        self.assertIsNone(trends.tests([1.0] * (trends.MIN_RUNS - 1)))

    def test_benjamini_hochberg(self):
        # Sorted, the k-th smallest p kept while p <= 0.05 k / 4, and all below the last kept.
        self.assertEqual(trends.benjamini_hochberg([0.001, 0.02, 0.03, 0.5], 0.05),
                         [True, True, True, False])
        self.assertEqual(trends.benjamini_hochberg([0.001, 0.03, 0.04, 0.5], 0.05),
                         [True, False, False, False])
        self.assertEqual(trends.benjamini_hochberg([0.01, 0.02, 0.03, 0.04], 0.05),
                         [True, True, True, True])

    def test_one_sided(self):
        up = ("s", "step", 0.001, (5, 1.0, 2.0))
        down = ("s", "step", 0.001, (5, 2.0, 1.0))
        self.assertTrue(trends.one_sided([up, up, up]))
        self.assertFalse(trends.one_sided([up, up, down]))
        self.assertFalse(trends.one_sided([up, up]))

    def test_pooling_takes_in_the_spread_between_runs(self):
        agree = trends.pooled([(10.0, 9.8, 10.2), (10.05, 9.85, 10.25), (9.95, 9.75, 10.15)])
        spread = trends.pooled([(10.0, 9.8, 10.2), (11.0, 10.8, 11.2), (9.0, 8.8, 9.2)])
        self.assertAlmostEqual(agree[3], 0.0)
        self.assertGreater(spread[3], 0.5)
        self.assertGreater(spread[2] - spread[1], 3 * (agree[2] - agree[1]))
        self.assertIsNone(trends.pooled([(1.0, 0.9, 1.1)]))


class PooledClaimsTest(unittest.TestCase):
    def test_a_claim_judged_on_the_runs_pooled(self):
        """C1's one part in three runs: each run's interval straddles the band's low edge
        (inconclusive alone), their pooled one lies above it; C4, arithmetic on C1, follows."""
        from bb.analysis import claims
        band = claims.BY_ID["C1"].parts[0].band
        with tempfile.TemporaryDirectory() as tmp:
            conn = history.open_store(os.path.join(tmp, "h.sqlite"))
            for i, v in enumerate((band.low + 0.6, band.low + 0.8, band.low + 0.7)):
                r = record("p%d" % i, "2026-01-0%d" % (i + 1), 1.0)
                r["verdicts"] = [("C1", "inconclusive", "inconclusive", repr(v),
                                  "%r .. %r" % (v - 1, v + 1)),
                                 ("C1|" + claims.BY_ID["C1"].parts[0].name, "inconclusive",
                                  "inconclusive", repr(v), "%r .. %r" % (v - 1, v + 1))]
                history.add(conn, r)
            rows = {r["claim"]: r for r in trends_of.pooled_claims(conn)}
            conn.close()
        self.assertEqual(rows["C1"]["runs"], 3)
        self.assertEqual(rows["C1"]["single"], {"inconclusive": 3})
        self.assertTrue(rows["C1"]["verdict"].startswith("reproduced"), rows["C1"])
        self.assertTrue(rows["C4"]["verdict"].startswith("reproduced"), rows["C4"])


class PageTest(unittest.TestCase):
    def test_the_history_section_draws_every_run_over_the_band(self):
        from bb.output import page
        h = {"C1": {"band": (10.0, 60.0), "unit": "ns",
                    "points": [("2026-01-0%d" % i, 20.0 + i, 19.0 + i, 21.0 + i, "reproduced")
                               for i in range(1, 4)] + [("this run", 25.0, 24, 26, "reproduced")]}}
        text = page.build("t", {}, None, [], claim_history=h)
        self.assertIn('<h2 id="history">', text)
        section = text.split('id="history-C1"')[1].split("</figure>")[0]
        self.assertEqual(section.count("<circle"), 4)
        self.assertEqual(section.count("<rect"), 1)  # The band.
        self.assertIn("this run: 25.00 ns", section)
        self.assertNotIn("pooled over", section)  # Given no pooled estimate, it says none.
        self.assertNotIn('id="history"', page.build("t", {}, None, []))


class ViewTest(unittest.TestCase):
    def test_a_step_is_attributed_to_what_changed_at_it(self):
        with tempfile.TemporaryDirectory() as tmp:
            conn = history.open_store(os.path.join(tmp, "h.sqlite"))
            rng = random.Random(3)
            for i in range(20):
                after = i >= 12
                history.add(conn, record("r%d" % i, "2026-01-%02dT00:00" % (i + 1),
                                         (12.0 if after else 10.0) + rng.gauss(0, 0.2),
                                         commit="c2" if after else "c1"))
            view = trends_of.view(conn, "show")
            pool = trends_of.view(conn, "pool")
            conn.close()
        self.assertEqual(len(view["findings"]), 1)
        f = view["findings"][0]
        self.assertEqual((f["kind"], f["at"][:10]), ("step", "2026-01-13"))
        self.assertEqual(f["changed"], ["commit c1 -> c2"])
        self.assertEqual(pool["figures"][0]["runs"], 20)
        self.assertEqual(pool["coverage"]["held_out"], 20)


if __name__ == "__main__":
    unittest.main()
