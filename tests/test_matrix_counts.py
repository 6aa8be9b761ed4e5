"""The matrix held to the Rust it emulates, instruction for instruction: every cell of every mode
with a Rust twin (every size, depth 1 and 8, both patterns, glibc), C's and Rust's instructions
per call under callgrind (`boxbench count --lang c,rust`), each side within 5% of what
bench/rust/counts.json recorded, so that a change that moves either side, or that pairs a C mode
with the wrong Rust, shows here. The record says how far each cell's two sides are apart, and
docs/design.md why where they are more than 15% apart (slow: callgrind).

To record anew after a change that moves a cell on purpose:

    python3 tests/test_matrix_counts.py --record BUILD_DIR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

from clitest import ROOT
from bb.model import catalogue, roles

BUILD = os.environ.get("BOXBENCH_BUILD_DIR", os.path.join(ROOT, "build"))
RECORDED = os.path.join(ROOT, "bench", "rust", "counts.json")
# Every mode with a Rust twin (bench/rust/bb_rust.h's BB_RUST_MODES).
MODES = ("inline,dyn,box,box-inplace,reuse,arena,native-moved,inline-buf-64,inline-buf-256,"
         "inline-buf-1024,inline-buf-4096")
# 10 calls a cell: the count is exact, more calls only average over more seeds (the record, made
# with 40, is within 1.2% of 10 calls' count in every cell), and the counter's time is a quarter.
SELECTION = ["--mode", MODES, "--size", "all", "--depth", "1,8",
             "--pattern", "all", "--allocator", "glibc", "--lang", "c,rust", "--calls", "10"]
MOVE = 0.05  # How far a side may move from its record,
# and at least this many instructions: glibc's memset and memcpy take a few more or fewer for a
# buffer's alignment, which moves with the stack's place (the environment's and the arguments'
# size), so a 1 KiB cell of about 120 instructions moves by 7 between two runs of one build.
SLACK = 12


def counted(build):
    """{"mode size depth pattern": {"c": instructions, "rust": instructions}} as counted now."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "count")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "boxbench"), "--quiet",
                        "--build-dir", build, "count"] + SELECTION + ["--out", out],
                       check=True, capture_output=True, text=True)
        with open(os.path.join(out, "count.csv")) as f:
            rows = list(csv.DictReader(f))
    cells = {}
    for r in rows:
        key = "%s %s %s %s" % (r["mode"], r["size"], r["depth"], r["pattern"])
        cells.setdefault(key, {})[r["lang"]] = float(r["instructions_per_call"])
    return cells


def _cached(build, name):
    """A variable of the build's CMake cache (the compilers it found), or None."""
    with open(os.path.join(build, "CMakeCache.txt")) as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.split("=", 1)[1].strip()
    return None


@unittest.skipUnless(os.access(os.path.join(BUILD, catalogue.counter_name(roles.DEFAULT_ALLOCATOR)),
                               os.X_OK), "the glibc instruction counter is not built")
class CountsTest(unittest.TestCase):
    def test_every_cell_as_recorded(self):
        with open(RECORDED) as f:
            recorded = json.load(f)["cells"]
        now = counted(BUILD)
        self.assertEqual(sorted(now), sorted(recorded), "the cells counted are not those recorded")
        for key, was in recorded.items():
            for lang in ("c", "rust"):
                with self.subTest(cell=key, lang=lang, now=now[key].get(lang), was=was[lang]):
                    self.assertLessEqual(abs(now[key][lang] - was[lang]),
                                         max(MOVE * was[lang], SLACK))


def record(build):
    cells = counted(build)
    for v in cells.values():
        v["c_over_rust"] = round(v["c"] / v["rust"], 3)
    data = {"what": "Instructions per call of each matrix cell, C and Rust (boxbench count "
                    "--lang c,rust %s), held by tests/test_matrix_counts.py" % " ".join(SELECTION),
            "gcc": subprocess.run([_cached(build, "CMAKE_C_COMPILER"), "--version"],
                                  capture_output=True, text=True).stdout.splitlines()[0],
            "rustc": subprocess.run([_cached(build, "BB_RUSTC"), "--version"],
                                    capture_output=True, text=True).stdout.strip(),
            "cells": cells}
    with open(RECORDED, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--record":
        record(sys.argv[2])
    else:
        unittest.main()
