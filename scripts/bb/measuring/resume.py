"""`--resume FOLDER`: a partial folder (interrupted, or a runner failed) continued with the plan
its run.json recorded, on the same machine and build, measuring only what is missing (measure.py
finds what that is from the files themselves)."""
import collections
import os

from .. import UsageError
from . import measure, probe
from ..model import machine
from ..folder import results


def load(folder, command):
    """The run.json of a folder that `boxbench COMMAND --resume` can continue, or a UsageError
    saying why it cannot."""
    if not os.path.isdir(folder):
        raise UsageError("%s is not a folder" % folder)
    path = os.path.join(folder, "run.json")
    if not os.path.exists(path):
        raise UsageError("%s holds no run.json: it is not a folder that run or reproduce wrote"
                         % folder)
    run = results.read_json(path)
    if not isinstance(run, dict) or "plan" not in run or "identity" not in run:
        raise UsageError("%s/run.json records no plan (a boxbench older than --resume wrote it): "
                         "it cannot be resumed" % folder)
    wrote = (run.get("command") or ["", ""])[1:2]
    if wrote != [command]:
        raise UsageError("%s was written by `boxbench %s`: resume it with `boxbench %s --resume "
                         "%s`" % (folder, " ".join(wrote), " ".join(wrote), folder))
    if not run.get("partial"):
        raise UsageError("%s is complete: there is nothing to resume" % folder)
    return run


def check_identity(folder, run, runners):
    """Refuse (UsageError) to resume on another machine or build than the one that wrote folder:
    its figures and the new ones would not be comparable."""
    differs = machine.identity_differences(run["identity"], probe.identity(runners))
    if differs:
        raise UsageError("%s was measured on another machine or build: %s. Resuming would mix "
                         "two setups' figures in one table: start a new run" % (folder,
                                                                               "; ".join(differs)))


def crashed(run):
    """{(allocator, case): how many times it crashed its runner} over every attempt."""
    return collections.Counter((f["allocator"], f["case"]) for f in run.get("failures", ())
                               if f.get("case"))


def plan(run, runners, cat, skip_failing):
    """The recorded plan, with the catalogue's units; with skip_failing, every (allocator, case)
    that crashed its runner before is left out (and named: measure.py records them skipped)."""
    by = {u.name: u for u in cat.units}
    lost = [n for n in run["units"] if n not in by]
    if lost:  # The same build has the same units: only an edited run.json gets here.
        raise UsageError("run.json names %d unit(s) the runner does not have, e.g. %s"
                         % (len(lost), lost[0]))
    out = measure.Plan(runners, cat, [by[n] for n in run["units"]], run["suites"],
                       repetitions=run["repetitions"], min_time=run["min_time_s"], cpu=run["cpu"],
                       inner=run["inner_repetitions"], set_time=run["plan"]["set_time"],
                       set_processes=run["set_processes"], extra_time=run["plan"]["extra_time"])
    out.entries = [dict(e) for e in run.get("sets", ())]
    out.previous = run
    out.skip = set(crashed(run)) if skip_failing else set()
    return out
