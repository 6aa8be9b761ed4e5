"""The CI workflow a user can copy (.github/workflows/reproduce.yml) cannot run here: its shape is
checked instead (python3-yaml): a Debian container, setup.sh, the quick reproduction into a store
per runner type, the artifacts and the gated comparison, the last job merging the stores, and
every boxbench command it runs is one the CLI accepts."""
import os
import shlex
import unittest

import yaml

import fixture
from bb.commands import cli

WORKFLOW = os.path.join(fixture.ROOT, ".github", "workflows", "reproduce.yml")


class WorkflowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(WORKFLOW) as f:
            cls.flow = yaml.safe_load(f)
        cls.steps = cls.flow["jobs"]["reproduce"]["steps"]
        # A runner type of the matrix stands in for the expression GitHub substitutes.
        runner = cls.flow["jobs"]["reproduce"]["strategy"]["matrix"]["runner"][0]
        cls.runs = [s["run"].replace("${{ matrix.runner }}", runner)
                    for s in cls.steps if "run" in s]
        cls.merge = [line.strip() for s in cls.flow["jobs"]["merge"]["steps"] if "run" in s
                     for line in s["run"].splitlines() if line.strip().startswith("./boxbench")]

    def test_shape(self):
        on = self.flow.get("on", self.flow.get(True))  # YAML 1.1 reads a bare `on` as true.
        self.assertIn("workflow_dispatch", on)
        job = self.flow["jobs"]["reproduce"]
        self.assertTrue(job["container"].startswith("debian:"))
        self.assertLessEqual(job["timeout-minutes"], 90)
        uses = [s.get("uses", "") for s in self.steps]
        self.assertTrue(any(u.startswith("actions/checkout@") for u in uses))
        artifact = next(s for s in self.steps if s.get("uses", "").startswith("actions/upload-artifact@"))
        self.assertEqual(artifact["with"]["path"].split()[0], "results/ci")
        self.assertIn("history-", artifact["with"]["path"])
        self.assertEqual(self.flow["jobs"]["merge"]["needs"], "reproduce")
        self.assertEqual(artifact.get("if"), "always()")
        self.assertIn("scripts/setup.sh", self.runs)

    def test_every_command_exists(self):
        commands = [shlex.split(r) for r in self.runs if r.startswith("./boxbench")]
        self.assertEqual([c[1] for c in commands], ["reproduce", "compare"])
        for c in commands:
            cli.parser().parse_args(c[1:])  # Exits (status 2) on an unknown command or flag.
        reproduce = cli.parser().parse_args(commands[0][1:])
        self.assertTrue(reproduce.quick)
        self.assertTrue(reproduce.history.endswith(".sqlite"))
        merged = [cli.parser().parse_args(shlex.split(c)[1:]) for c in self.merge]
        self.assertEqual([(m.command, m.action) for m in merged],
                         [("history", "merge"), ("history", "machines")])
        compare = cli.parser().parse_args(commands[1][1:])
        self.assertEqual((compare.a, compare.b), ("results/reference", reproduce.out))
        self.assertIsNotNone(compare.fail_above)
        self.assertTrue(os.path.isdir(os.path.join(fixture.ROOT, compare.a)))
        self.assertTrue(os.access(os.path.join(fixture.ROOT, "scripts", "setup.sh"), os.X_OK))


if __name__ == "__main__":
    unittest.main()
