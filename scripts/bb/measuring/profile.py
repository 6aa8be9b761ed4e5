"""One case under linux-perf: `perf stat` with the counters, `perf record` with call graphs, and
`perf report` as text, for a user who wants to see where a call's time goes."""
import difflib
import subprocess

from .. import UsageError, need
from .drive import RunError, runner_cmd


def stat_events(cat):
    """perf stat's names for the runner's counters (its catalogue's, with hyphens), and the task
    clock to read them by. perf marks what the machine refuses "<not supported>": it stays in the
    text, as it is."""
    return ",".join(["task-clock"] + [e.replace("_", "-") for e in cat.perf_events()])


def perf():
    return need("perf", "linux-perf")


def _run(cmd, what, log):
    log.write("$ %s\n" % " ".join(cmd))
    log.flush()
    r = subprocess.run(cmd, capture_output=True, text=True)
    log.write(r.stdout + r.stderr)
    if r.returncode != 0:
        tail = (r.stderr or r.stdout).strip().splitlines()[-4:]
        raise RunError("%s exited with status %d:\n  %s" % (what, r.returncode, "\n  ".join(tail)))
    return r


def profile(runner, case, events, min_time, cpu, call_graph, out, log):
    """Write stat.txt, report.txt and perf.data into the RunDir out; return stat and report text."""
    cmd = runner_cmd(runner, [case], min_time, cpu)
    stat = _run([perf(), "stat", "-e", events, "--"] + cmd, "perf stat", log)
    # perf stat prints its counts on stderr, after the runner's own output.
    stat_text = "# %s\n# counts are of the whole runner process: set-up, calibration and the " \
                "case\n%s\n%s" % (" ".join(stat.args), stat.stdout, stat.stderr)
    out.write("stat.txt", stat_text)
    data = out.path("perf.data")
    # 999 samples a second: thousands over a run, and a perf.data of tens of MiB, not hundreds.
    _run([perf(), "record", "-F", "999", "--call-graph", call_graph, "-o", data, "--"] + cmd,
         "perf record", log)
    report = _run([perf(), "report", "--stdio", "-i", data, "--no-children", "--sort",
                   "dso,symbol", "--percent-limit", "1", "-g", "caller,1,callee,function,percent"],
                  "perf report", log).stdout
    out.write("report.txt", report)
    return stat_text, report


def find_case(cases, text):
    """The unit named text, as `boxbench list` prints it (or as google-benchmark reports it)."""
    for c in cases:
        if text in (c.name, c.benchmark_name):
            return c
    near = difflib.get_close_matches(text, [c.name for c in cases], n=3, cutoff=0.6)
    raise UsageError("no case named %r%s; `boxbench list` prints every name"
                     % (text, " (did you mean %s?)" % ", ".join(near) if near else ""))
