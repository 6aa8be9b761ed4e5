"""The CI workflow a user can copy (.github/workflows/reproduce.yml) cannot run here: its shape is
checked instead (python3-yaml): a Debian container, setup.sh, the quick reproduction, the artifact
and the gated comparison, and every boxbench command it runs is one the CLI accepts."""
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
        cls.runs = [s["run"] for s in cls.steps if "run" in s]

    def test_shape(self):
        on = self.flow.get("on", self.flow.get(True))  # YAML 1.1 reads a bare `on` as true.
        self.assertIn("workflow_dispatch", on)
        job = self.flow["jobs"]["reproduce"]
        self.assertTrue(job["container"].startswith("debian:"))
        self.assertLessEqual(job["timeout-minutes"], 90)
        uses = [s.get("uses", "") for s in self.steps]
        self.assertTrue(any(u.startswith("actions/checkout@") for u in uses))
        artifact = next(s for s in self.steps if s.get("uses", "").startswith("actions/upload-artifact@"))
        self.assertEqual(artifact["with"]["path"], "results/ci")
        self.assertEqual(artifact.get("if"), "always()")
        self.assertIn("scripts/setup.sh", self.runs)

    def test_every_command_exists(self):
        commands = [shlex.split(r) for r in self.runs if r.startswith("./boxbench")]
        self.assertEqual([c[1] for c in commands], ["reproduce", "compare"])
        for c in commands:
            cli.parser().parse_args(c[1:])  # Exits (status 2) on an unknown command or flag.
        reproduce = cli.parser().parse_args(commands[0][1:])
        self.assertTrue(reproduce.quick)
        compare = cli.parser().parse_args(commands[1][1:])
        self.assertEqual((compare.a, compare.b), ("results/reference", reproduce.out))
        self.assertIsNotNone(compare.fail_above)
        self.assertTrue(os.path.isdir(os.path.join(fixture.ROOT, compare.a)))
        self.assertTrue(os.access(os.path.join(fixture.ROOT, "scripts", "setup.sh"), os.X_OK))


if __name__ == "__main__":
    unittest.main()
