"""What the end-to-end tests share: where things are, running the CLI, and a test class whose
tests all read one command's output folder."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLI = os.path.join(ROOT, "scripts", "boxbench")
BUILD = os.environ.get("BOXBENCH_BUILD_DIR", os.path.join(ROOT, "build"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from bb.model import catalogue, roles  # noqa: E402

RUNNER = os.path.join(BUILD, catalogue.runner_name(roles.DEFAULT_ALLOCATOR))
# The commands the tests run add their folders to no history store unless a test names one: the
# repository's results/history.sqlite is the user's.
os.environ.setdefault("BOXBENCH_HISTORY", "")


def boxbench(*args, **kw):
    return subprocess.run([sys.executable, CLI] + list(args), capture_output=True, text=True, **kw)


class OneRun(unittest.TestCase):
    """Runs `boxbench ARGS --out <tmp>/out` once for the class: self.r is the result, self.out
    the folder."""
    ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "out")
        cls.r = boxbench(*cls.ARGS, "--out", cls.out)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
