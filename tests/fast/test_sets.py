"""A set process runs until it has both its time and its rounds (with a ceiling); a set none of
whose processes got its rounds leaves its figures unmeasured, said so, and the folder complete; an
error after the first measurement keeps the folder, partial, for --resume. The runner is a fake
one that prints rounds, and the clock a fake one, so that nothing here depends on timing."""
import io
import json
import os
import sys
import tempfile
import textwrap
import unittest
from unittest import mock

import fixture
from bb import Kept
from bb.analysis import claims, sequential
from bb.commands import lifecycle
from bb.measuring import measure, sets
from bb.measuring.drive import RunError
from bb.folder.rundir import RunDir
from bb.model import figures
from bb.folder import processes

# A runner as the sets see it: a header, then a round per line until it is stopped.
FAKE = textwrap.dedent("""\
    import json, sys, time
    units = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--bb_interleave=")][0]
    units = units.split(",")
    print(json.dumps({"units": units, "units_per_round": [1] * len(units)}), flush=True)
    for r in range(100000):
        print(json.dumps({"round": r, "ns": [10.0 + r % 3] * len(units)}), flush=True)
        time.sleep(0.001)
    """)


class Clock:
    """A clock that moves `step` seconds each time it is read."""

    def __init__(self, step):
        self.now, self.step = 0.0, step

    def __call__(self):
        self.now += self.step
        return self.now


class SetProcessTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.runner = os.path.join(self.tmp.name, "fake.py")
        with open(self.runner, "w") as f:
            f.write(FAKE)
        self.log = open(os.path.join(self.tmp.name, "runner.log"), "w")

    def tearDown(self):
        self.log.close()
        self.tmp.cleanup()

    def run_one(self, seconds, clock):
        out = os.path.join(self.tmp.name, "set-small-1.jsonl")
        who = {"allocator": "glibc", "case": "set small"}
        with mock.patch("sys.stderr", new=io.StringIO()) as err:
            spent, rounds = sets.run_process([sys.executable, self.runner], ["a", "b"], 2, None,
                                             seconds, out, self.log, who, clock=clock)
        return rounds, len(processes.rounds_of(out)), err.getvalue()

    def test_a_process_whose_time_is_up_goes_on_for_its_rounds(self):
        # Each line takes a second and the process has half of one: its time is up at the header,
        # yet it stops only at its third round.
        rounds, kept, err = self.run_one(0.5, Clock(1.0))
        self.assertEqual((rounds, kept), (figures.MIN_ROUNDS, figures.MIN_ROUNDS))
        self.assertEqual(err, "")

    def test_a_process_stops_at_its_ceiling_with_a_warning(self):
        step = sets.ceiling(0.5) / 1.5  # The ceiling comes at the first round.
        rounds, kept, err = self.run_one(0.5, Clock(step))
        self.assertEqual((rounds, kept), (1, 1))
        self.assertIn("set small on glibc: a process reached its ceiling", err)
        self.assertIn("1 round(s)", err)

    def test_the_rule(self):
        self.assertFalse(sets.enough(10, figures.MIN_ROUNDS - 1, 5))
        self.assertTrue(sets.enough(10, figures.MIN_ROUNDS, 5))
        self.assertFalse(sets.enough(1, 100, 5))
        self.assertTrue(sets.enough(sets.ceiling(5), 0, 5))
        self.assertGreaterEqual(sets.ceiling(0.1), sets.CEILING_MIN_S)


def small_plan(folder, set_time, set_processes, extra_time=0):
    """A plan of the claims' small set, its claims resting on it, run by the fake runner."""
    runner = os.path.join(folder, "fake.py")
    with open(runner, "w") as f:
        f.write(FAKE)
    cat = fixture.fixture_catalogue()
    small = [s for s in claims.sets(cat) if s.label == "small"]
    plan = measure.Plan({"glibc": [sys.executable, runner]}, cat, [], [], repetitions=0,
                        min_time=0.01, cpu=None, set_list=small, set_time=set_time,
                        set_processes=set_processes, extra_time=extra_time)
    plan.entries[0].update(claims=claims.resting(cat)["small"], files=[])
    return plan


class ShortSetTest(unittest.TestCase):
    """A set whose every process reaches its ceiling short of rounds: the set loop runs every
    process it planned and ends whole; the set's row says what it got and its claim why it is not
    measured."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def test_short_set_is_named_not_measured_and_the_run_whole(self):
        plan = small_plan(self.tmp.name, 1, 2)
        out, done = fixture.RunFolder(self.tmp.name), measure.Measured(None)
        real = sets.run_process
        with mock.patch.object(sets, "run_process", lambda *a, **k: real(
                *a, clock=Clock(sets.ceiling(1) / 1.5))), \
                mock.patch("sys.stderr", new=io.StringIO()), \
                open(os.path.join(self.tmp.name, "runner.log"), "w") as log:
            measure._run_sets(plan, out, log, done)
        self.assertFalse(done.partial)
        entry = plan.entries[0]
        self.assertEqual(len(entry["files"]), 2)  # Every planned process ran, and is kept.
        got, _ = processes.set_figures(self.tmp.name, entry)
        self.assertEqual(got, [])
        row = processes.set_row(self.tmp.name, entry)
        self.assertEqual((row["processes"], row["counted"], row["rounds"]), (2, 0, "1 1"))
        self.assertIn("C1", row["claims"].split())
        (c1,) = [r for r in claims.rows({"sets": [row]}) if r["id"] == "C1"]
        self.assertEqual(c1["verdict"], claims.MISSING)
        self.assertIn("not measured: the set small on glibc got 1, 1 round(s)", c1["explanation"])


class KeptTest(unittest.TestCase):
    """An error after the first measurement keeps the folder, partial, saying why; before any, the
    folder is not written."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.final = os.path.join(self.tmp.name, "run-1")

    def started(self, measured):
        out = RunDir(self.final)
        out.write("run.json", json.dumps({"partial": True, "state": "running"}))
        if measured:
            out.write(os.path.join("raw", "glibc", "set-small-1.jsonl"), '{"units": []}\n')
        return out

    def fail(self, out, error):
        def work():
            raise error
        with mock.patch("sys.stderr", new=io.StringIO()):
            lifecycle.written(out, work, "reproduce")

    def test_a_run_error_after_measuring_keeps_the_folder(self):
        with self.assertRaises(Kept) as got:
            self.fail(self.started(True), RunError("a set's runner said nothing"))
        self.assertEqual(got.exception.status, 1)
        self.assertIn("--resume", str(got.exception))
        with open(os.path.join(self.final, "run.json")) as f:
            run = json.load(f)
        self.assertTrue(run["partial"])
        self.assertIn("a set's runner said nothing", run["error"])
        self.assertTrue(os.path.exists(os.path.join(self.final, "raw", "glibc",
                                                    "set-small-1.jsonl")))

    def test_an_interrupt_after_measuring_keeps_it_too(self):
        with self.assertRaises(Kept) as got:
            self.fail(self.started(True), KeyboardInterrupt())
        self.assertEqual(got.exception.status, 130)
        self.assertTrue(os.path.isdir(self.final))

    def test_a_fault_in_boxbench_keeps_it_and_is_raised_on(self):
        with self.assertRaises(ZeroDivisionError):
            self.fail(self.started(True), ZeroDivisionError("a bug"))
        with open(os.path.join(self.final, "run.json")) as f:
            self.assertIn("ZeroDivisionError", json.load(f)["error"])

    def test_nothing_measured_writes_nothing(self):
        with self.assertRaises(RunError):
            self.fail(self.started(False), RunError("no runner"))
        self.assertFalse(os.path.exists(self.final))
        self.assertEqual([n for n in os.listdir(self.tmp.name)], [])


if __name__ == "__main__":
    unittest.main()


class OriginalSetsTest(unittest.TestCase):
    def test_the_original_sets_are_the_ports_figures_over_its_variants(self):
        """`reproduce --original`: each figure the claims hold the original to, over the
        original's variants of the port's names, a pair per set (its driver interleaves two)."""
        from bb.measuring import original
        cat = fixture.fixture_catalogue()
        got = original.entries(figures.bound(cat, claims.original_figures()), cat)
        self.assertEqual([(e["units"], e["figures"][0]["name"]) for e in got], [
            (["box+syscalls", "nonbox+syscalls"], "box/nonbox+syscalls"),
            (["nonbox", "manual"], "nonbox/manual"),
            (["nonbox+syscalls", "manual+syscalls"], "nonbox/manual+syscalls"),
            (["box", "nonbox"], "box-nonbox/per-request"),
            (["box+rc+syscalls", "box+arc+syscalls"], "rc/arc+syscalls"),
            (["box+chkrc+syscalls", "box+arc+syscalls"], "chkrc/arc+syscalls")])
        per_request = got[3]["figures"][0]
        self.assertEqual((per_request["terms"], per_request["over"], per_request["scale"]),
                         ([[1, "box"], [-1, "nonbox"]], None, 1 / 256))
        self.assertEqual((got[0]["figures"][0]["terms"], got[0]["figures"][0]["over"]),
                         ([[1, "box+syscalls"]], "nonbox+syscalls"))
        self.assertTrue(all(e["original"] and e["set"].startswith("original.") for e in got))


class StubRule:
    """The sequential rule's interface, with a claim that stays undecided until its set has
    `until` processes."""
    K_MIN, DECIDED, BUDGET = 2, "decided", "out of time"

    def __init__(self, until):
        self.until = until

    def open_sets(self, entries, t, k_max):
        open_ = [e for e in entries if len(e["files"]) < min(self.until, k_max)]
        return open_, {(e["set"], e["allocator"]): self.DECIDED for e in entries
                       if e not in open_}


class SequentialTest(unittest.TestCase):
    """A claim's set runs K_MIN processes, then more while its claim is undecided and the plan's
    time lasts, and records why it stopped; a set without a claim runs what it planned."""

    def run_sets(self, rule, extra_time):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        plan = small_plan(tmp.name, 0.03, 3, extra_time)
        plan.rule = rule
        plan.entries.append(dict(plan.entries[0], set="small.free", claims=[], files=[]))
        with mock.patch("sys.stderr", new=io.StringIO()), \
                open(os.path.join(tmp.name, "runner.log"), "w") as log:
            measure._run_sets(plan, fixture.RunFolder(tmp.name), log, measure.Measured(None))
        return plan.entries

    def test_an_undecided_claim_gets_processes_until_it_is_decided(self):
        judged, free = self.run_sets(StubRule(until=5), extra_time=60)
        self.assertEqual((len(judged["files"]), judged["stopped"]), (5, "decided"))
        self.assertEqual(len(free["files"]), 3)  # planned, never judged
        self.assertNotIn("stopped", free)

    def test_a_decided_claim_stops_at_the_minimum(self):
        judged, _ = self.run_sets(StubRule(until=0), extra_time=60)
        self.assertEqual((len(judged["files"]), judged["stopped"]), (2, "decided"))

    def test_the_plans_time_bounds_it(self):
        judged, _ = self.run_sets(StubRule(until=99), extra_time=0)
        self.assertEqual(judged["stopped"], "out of time")
        self.assertLess(len(judged["files"]), 6)  # twice the plan's processes at most


class RuleTest(unittest.TestCase):
    """The real rule on the claims' fixture tables: the sets of undecided claims stay open."""

    def test_open_sets_and_error_rate(self):
        import test_claims
        t = test_claims.tables()
        cat = fixture.fixture_catalogue()
        entries = [{"set": s, "allocator": "glibc", "claims": c, "files": ["x"] * 3, "units": []}
                   for s, c in claims.resting(cat).items()]
        pending = sequential.undecided(t)
        open_, why = sequential.open_sets(entries, t, 6)
        for e in entries:
            if pending & set(e["claims"]):
                self.assertIn(e, open_)
            else:
                self.assertEqual(why[e["set"], "glibc"], sequential.DECIDED)
        self.assertEqual(sequential.open_sets(entries, t, 3)[0], [])  # at its most processes
        t["run"] = dict(t["run"], sets=entries)
        got = sequential.error_rate(t, 6, draws=3)
        self.assertTrue(0 <= got["wrong_share"] <= 1)
        self.assertGreaterEqual(got["processes"], sequential.K_MIN)
