"""Faults that lose nothing, in their pure parts: a runner's JSON cut short read back as far as it
got, what a resume still has to measure, files replaced together or not at all, the identity a
resume checks, and the folders a resume refuses."""
import json
import os
import tempfile
import unittest

import fixture
from bb import UsageError, WriteFailed
from bb.measuring import measure, resume
from bb.model import catalogue, machine, roles
from bb.folder.rundir import Staged, write_file
from bb.folder import rawfile, results


def runner_json(n):
    """google-benchmark's JSON as the runner writes it, n cases."""
    return json.dumps({"context": {"bb_allocator": "glibc"},
                       "benchmarks": [fixture.bench("case%d" % i, 10.0 + i) for i in range(n)]},
                      indent=2)


class CutJsonTest(unittest.TestCase):
    def test_every_cut_keeps_exactly_the_whole_entries(self):
        text = runner_json(4)
        ends = []  # Where each entry's closing brace is.
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "{"
            depth -= ch == "}"
            if ch == "}" and depth == 1:
                ends.append(i)
        head = text.index('"benchmarks": [') + len('"benchmarks": [')
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "rep-01.json")
            for cut in range(head, len(text) + 1):
                with open(path, "w") as f:
                    f.write(text[:cut])
                data, whole = rawfile.read(path)
                self.assertEqual(whole, cut == len(text))
                self.assertEqual(len(data["benchmarks"]), sum(head < e < cut for e in ends), cut)
                self.assertEqual(data["context"]["bb_allocator"], "glibc")

    def test_what_is_not_runner_json_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "rep-01.json")
            for text in ('{"context": {"bb_al', "", "garbage", '{"benchmarks": 3}'):
                with open(path, "w") as f:
                    f.write(text)
                with self.assertRaises(UsageError):
                    rawfile.read(path)
            with open(path, "w") as f:
                f.write(runner_json(2)[:-40])
            data, whole = rawfile.read(path)  # Cut inside its second entry.
            self.assertFalse(whole)
            self.assertEqual([b["name"] for b in data["benchmarks"]], ["case0"])


class ResumeJobsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        cat = fixture.fixture_catalogue()
        self.units = [u for u in cat.units if u.state == "warm"][:6]
        self.plan = measure.Plan({roles.DEFAULT_ALLOCATOR: catalogue.runner_name(roles.DEFAULT_ALLOCATOR)}, cat, self.units, ["matrix"],
                                 repetitions=2, min_time=0.01, cpu=0)
        self.out = fixture.RunFolder(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, units, cut=False):
        text = json.dumps({"context": {}, "benchmarks": [fixture.bench(u.benchmark_name, 1.0)
                                                         for u in units]})
        with open(self.out.path("raw", "glibc", name), "w") as f:
            f.write(text[:-2] if cut else text)

    def test_a_new_run_measures_everything(self):
        jobs = measure._jobs(self.plan, self.out, [])
        self.assertEqual([(j.rep, j.file, len(j.cases)) for j in jobs],
                         [(0, "rep-01.json", 6), (1, "rep-02.json", 6)])

    def test_only_what_no_file_holds(self):
        self.write("rep-01.json", self.units)
        self.write("rep-02.json", self.units[:4], cut=True)  # Killed in its fifth case.
        self.write("rep-02.r1.json", self.units[4:5])  # A first resume, killed too.
        skipped = []
        jobs = measure._jobs(self.plan, self.out, skipped)
        self.assertEqual([(j.rep, j.file, [c.name for c in j.cases]) for j in jobs],
                         [(1, "rep-02.r2.json", [self.units[5].name])])
        self.assertEqual(skipped, [])

    def test_skipped_cases_are_named_not_measured(self):
        self.write("rep-01.json", self.units[:5])
        self.plan.skip = {("glibc", self.units[5].name)}
        skipped = []
        jobs = measure._jobs(self.plan, self.out, skipped)
        self.assertEqual([j.file for j in jobs], ["rep-02.json"])
        self.assertNotIn(self.units[5], jobs[0].cases)
        self.assertEqual(skipped, [("glibc", self.units[5].name)] * 2)


class StagedTest(unittest.TestCase):
    def test_all_files_or_none(self):
        with tempfile.TemporaryDirectory() as d:
            for name in ("a.csv", "b.csv"):
                with open(os.path.join(d, name), "w") as f:
                    f.write("old " + name)
            os.mkdir(os.path.join(d, "b.csv.new"))  # Its staged copy cannot be written.
            with self.assertRaisesRegex(WriteFailed, "b.csv"):
                with Staged(d) as s:
                    s.write("a.csv", "new a")
                    s.write("b.csv", "new b")
            os.rmdir(os.path.join(d, "b.csv.new"))
            self.assertEqual(sorted(os.listdir(d)), ["a.csv", "b.csv"])
            with open(os.path.join(d, "a.csv")) as f:
                self.assertEqual(f.read(), "old a.csv")
            with Staged(d) as s:
                s.write("a.csv", "new a")
                with open(os.path.join(s.directory("plots"), "p.svg"), "w") as f:
                    f.write("<svg/>")
            self.assertEqual(sorted(os.listdir(d)), ["a.csv", "b.csv", "plots"])
            with open(os.path.join(d, "a.csv")) as f:
                self.assertEqual(f.read(), "new a")

    def test_a_failed_write_keeps_the_old_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "run.json")
            write_file(path, "old")
            os.mkdir(path + ".new")
            with self.assertRaises(WriteFailed):
                write_file(path, "new")
            with open(path) as f:
                self.assertEqual(f.read(), "old")


IDENTITY = {"machine": {"cpu_model": "AMD EPYC", "cpus_online": 2, "kernel": "6.1",
                        "host": "abc"}, "runners": {"glibc": "11", "jemalloc": "22"}}


class IdentityTest(unittest.TestCase):
    def test_differences_are_named(self):
        self.assertEqual(machine.identity_differences(IDENTITY, IDENTITY), [])
        now = json.loads(json.dumps(IDENTITY))
        now["machine"]["kernel"] = "6.2"
        now["runners"]["jemalloc"] = "33"
        self.assertEqual(machine.identity_differences(IDENTITY, now),
                         ["the kernel differs (6.1 then, 6.2 now)",
                          "the jemalloc runner is another build (its SHA-256 differs)"])
        now["machine"]["host"] = "xyz"
        self.assertIn("another machine (machine-id and host name)",
                      machine.identity_differences(IDENTITY, now))


class ResumeRefusalTest(unittest.TestCase):
    def folder(self, d, **run):
        run = dict({"command": ["boxbench", "run"], "partial": True, "plan": {},
                    "identity": IDENTITY}, **run)
        with open(os.path.join(d, "run.json"), "w") as f:
            json.dump(run, f)
        return d

    def test_refusals(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaisesRegex(UsageError, "no run.json"):
                resume.load(d, "run")
            self.folder(d, partial=False)
            with self.assertRaisesRegex(UsageError, "complete: there is nothing to resume"):
                resume.load(d, "run")
            self.folder(d, command=["boxbench", "reproduce", "--quick"])
            with self.assertRaisesRegex(UsageError, "boxbench reproduce --resume"):
                resume.load(d, "run")
            self.folder(d)
            del_plan = self.folder(d)
            with open(os.path.join(del_plan, "run.json"), "w") as f:
                json.dump({"command": ["boxbench", "run"], "partial": True}, f)
            with self.assertRaisesRegex(UsageError, "records no plan"):
                resume.load(d, "run")
            self.folder(d)
            self.assertTrue(resume.load(d, "run")["partial"])

    def test_crashes_are_counted_per_allocator_and_case(self):
        run = {"failures": [{"allocator": "glibc", "case": "x"}, {"allocator": "glibc", "case": "x"},
                            {"allocator": "jemalloc", "case": "x"}, {"allocator": "glibc"}]}
        self.assertEqual(dict(resume.crashed(run)), {("glibc", "x"): 2, ("jemalloc", "x"): 1})


class PartialWordsTest(unittest.TestCase):
    def test_what_made_a_folder_partial(self):
        self.assertIsNone(results.partial_words({"partial": False}))
        self.assertEqual(results.partial_words({"partial": True}), "the run was interrupted")
        failed = {"partial": True, "failure": {"allocator": "glibc", "case": "box/x",
                                               "ended": "was killed by SIGKILL"}}
        self.assertEqual(results.partial_words(failed),
                         "a runner failed (glibc in box/x, was killed by SIGKILL)")
        self.assertIn("skipped on resume", results.partial_words(
            {"partial": True, "skipped": [{"allocator": "glibc", "case": "box/x"}]}))


if __name__ == "__main__":
    unittest.main()
