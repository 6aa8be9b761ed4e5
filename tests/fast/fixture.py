"""Small fixture folders for the fast tests, made from literal numbers: a results folder as a run
writes it (run.json, raw/<allocator>/catalogue.json, google-benchmark JSON per repetition, the
interleaved rounds), so the summary can be checked against sums done by hand. The catalogue is a
real runner's (tests/fixtures/catalogue.json), trimmed by `trim` to the units used here; the fast
test test_catalogue holds it to the built runner's, and

    python3 tests/fast/fixture.py BUILD_DIR

writes it anew from build/bb-run-glibc after a change to the runner's tables."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from bb.model import catalogue, roles
from bb.folder import results

CATALOGUE = os.path.join(ROOT, "tests", "fixtures", "catalogue.json")


# The matrix units the fixture keeps (every mode and pattern, and every unit of the other suites).
SIZES, DEPTHS, STATES = (16, 64, 256, 1024, 16384), (1, 2, 8), ("warm", "cache-cold", "cross-thread")


def trim(data):
    """A runner's catalogue (parsed JSON) cut down to the fixture's units."""
    keep = lambda u: u["suite"] != roles.MATRIX or (
        u["size"] in SIZES and u["depth"] in DEPTHS and u["state"] in STATES)
    return dict(data, units=[u for u in data["units"] if keep(u)])


def live_catalogue(build_dir):
    """The built glibc runner's catalogue, trimmed, as the JSON text the fixture holds."""
    runner = os.path.join(build_dir, catalogue.runner_name(roles.DEFAULT_ALLOCATOR))
    out = subprocess.run([runner, "--bb_catalogue"], capture_output=True, text=True, check=True)
    return json.dumps(trim(json.loads(out.stdout)), indent=0) + "\n"


def fixture_catalogue():
    return results.read_catalogue(CATALOGUE)


class RunFolder:
    """The part of a RunDir (folder/rundir.py) that measure's bookkeeping uses: a folder and
    paths in it, their parent folders made."""

    def __init__(self, tmp):
        self.tmp = tmp

    def path(self, *parts):
        p = os.path.join(self.tmp, *parts)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p


def bench(name, ns, **counters):
    return dict({"name": name, "run_name": name, "run_type": "iteration", "real_time": ns,
                 "time_unit": "ns", "iterations": 1000}, **counters)


def write_folder(folder, reps, interleaved=(), allocator="glibc"):
    """reps: [{benchmark name: ns}] one dict per runner process, a list of ns for several
    repetitions in it; interleaved: [(set entry for run.json, [rounds of each process])]."""
    cat = fixture_catalogue()
    raw = os.path.join(folder, "raw", allocator)
    os.makedirs(raw)
    with open(os.path.join(raw, "catalogue.json"), "w") as f:
        f.write(cat.to_json())
    for i, rep in enumerate(reps):
        data = {"context": {"bb_allocator": allocator},
                "benchmarks": [bench(n, v, faults_per_unit=0.5, perf_minor_faults=0.25)
                               for n, ns in rep.items()
                               for v in (ns if isinstance(ns, list) else [ns])]}
        with open(os.path.join(raw, "rep-%02d.json" % (i + 1)), "w") as f:
            json.dump(data, f)
    entries = []
    for entry, processes in interleaved:
        entry = dict(entry, files=[], allocator=allocator)
        for k, lines in enumerate(processes):
            name = os.path.join("raw", allocator, "set-%s-%d.jsonl" % (entry["set"], k + 1))
            entry["files"].append(name)
            with open(os.path.join(folder, name), "w") as f:
                f.write(json.dumps({"units": entry["units"], "units_per_round": [1] * len(entry["units"])}) + "\n")
                for r, ns in enumerate(lines):
                    f.write(json.dumps({"round": r, "ns": ns}) + "\n")
        entries.append(entry)
    with open(os.path.join(folder, "run.json"), "w") as f:
        json.dump({"allocators": [allocator], "partial": False, "sets": entries}, f)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: fixture.py BUILD_DIR  (rewrites tests/fixtures/catalogue.json)")
    with open(CATALOGUE, "w") as f:
        f.write(live_catalogue(sys.argv[1]))
