"""Driving the runners: per repetition one process per allocator state (shuffled, and the cases
shuffled inside each), progress on stderr, every runner's console output kept in runner.log."""
import collections
import os
import random
import re
import signal
import subprocess
import sys
import time

from .. import UsageError
from ..model import roles
from ..folder import rawfile


class RunError(Exception):
    """A runner failed: reported with its message and exit status 1."""


class RunnerFailed(RunError):
    """A measuring runner ended abnormally. info is what run.json records of it: the allocator, the
    case it was in (if known), how it ended, its last words, the file it was writing."""

    def __init__(self, info):
        self.info = info
        super().__init__("the %s runner%s %s; it said:\n  %s" % (
            info["allocator"], " in %s" % info["case"] if info.get("case") else "", info["ended"],
            "\n  ".join(info["last_words"]) or "(nothing)"))


def ended(status):
    """How a process with this exit status (Popen's: negative for a signal) ended, in words."""
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = "signal %d" % -status
        return "was killed by %s" % name
    return "exited with status %d" % status


# --quiet: no progress and no running commentary on stderr; warnings and errors are still said.
_QUIET = {"on": False}


def set_quiet(on):
    _QUIET["on"] = bool(on)


def say(text):
    """A line of running commentary on stderr (none with --quiet)."""
    if not _QUIET["on"]:
        print("boxbench: " + text, file=sys.stderr, flush=True)


class Progress:
    """One line that rewrites itself on a terminal; a line per repetition otherwise (CI, logs)."""

    def __init__(self, total_steps, stream=sys.stderr):
        self.total, self.done, self.stream = total_steps, 0, stream
        self.start = time.monotonic()
        self.tty = stream.isatty()

    def step(self, label, final=False):
        self.done += 1
        if _QUIET["on"]:
            return
        elapsed = time.monotonic() - self.start
        left = elapsed / self.done * (self.total - self.done) if self.done else 0
        text = "%s  %d/%d  elapsed %s  left ~%s" % (label, self.done, self.total,
                                                  _clock(elapsed), _clock(left))
        if self.tty:
            self.stream.write("\r\033[K" + text + ("\n" if final else ""))
        elif final:
            self.stream.write(text + "\n")
        self.stream.flush()


def _clock(seconds):
    s = int(seconds + 0.5)
    return "%d:%02d" % (s // 60, s % 60)


FILTER_BYTES = 64 * 1024  # Linux refuses a single argument over 128 KiB.


def chunks(cases, seed):
    """The cases cut into runner processes, one allocator state per process (the ports' units in
    one of their own), each cut again where its filter would not fit on a command line; the
    processes in a random order, a new one each repetition, and the runner shuffles each one's
    cases again. A state's preparation leaves the heap as it leaves it (fragmented, purged, handed
    to another thread), so a warm case that followed a fragmented one in the same process would
    not be warm; mixing them also made a process four times slower."""
    rng = random.Random(seed)
    groups = collections.OrderedDict()
    for c in cases:  # The harness's empty loop goes with the warm cases, whose cost it is part of.
        groups.setdefault(roles.WARM if c.suite == roles.HARNESS else c.state, []).append(c)
    out = []
    for group in groups.values():
        rng.shuffle(group)
        part, size = [], 0
        for c in group:
            if size + len(c.benchmark_name) + 1 > FILTER_BYTES and part:
                out.append(part)
                part, size = [], 0
            part.append(c)
            size += len(c.benchmark_name) + 1
        out.append(part)
    rng.shuffle(out)
    return out


def case_filter(cases):
    """A google-benchmark filter for exactly these cases. Their names hold no regex metacharacter
    but "+" (the event-loop variants'), written "[+]": the runner's regex engine refuses escapes
    such as Python's "\\-"."""
    for c in cases:
        if not re.fullmatch(r"[A-Za-z0-9/:_+-]+", c.benchmark_name):
            raise RunError("unit name %r cannot go into a filter" % c.benchmark_name)
    return "^(" + "|".join(c.benchmark_name.replace("+", "[+]") for c in cases) + ")$"


def layouts_of(runner):
    """The runner in each code layout the build linked it in: itself (layout 1), then
    layout-K/<its name> beside it for K = 2, 3, ... while one is there (CMakeLists.txt,
    BB_LAYOUTS). A runner given as a command line (the tests' fake one) has one layout."""
    if not isinstance(runner, str):
        return [runner]
    out, folder, name = [runner], os.path.dirname(runner), os.path.basename(runner)
    while os.access(os.path.join(folder, "layout-%d" % (len(out) + 1), name), os.X_OK):
        out.append(os.path.join(folder, "layout-%d" % (len(out) + 1), name))
    return out


def pin_flag(cpu):
    """The runner pins itself (and puts a cross-thread helper on another CPU)."""
    return [] if cpu is None else ["--bb_cpu=%d" % cpu]


def runner_cmd(runner, cases, min_time, cpu):
    """A runner's command line for exactly these cases, pinned as asked."""
    return [runner] + pin_flag(cpu) + ["--benchmark_filter=" + case_filter(cases),
                                       "--benchmark_min_time=%g" % min_time,
                                       "--benchmark_color=false"]


def _read(path):
    try:
        with open(path) as f:
            return f.read().strip() or None
    except OSError:
        return None


def _abnormal(status, finished, expected, out_json):
    """How a runner ended, in words, if abnormally (else None): by a signal or a status, before
    its last case run, or leaving a JSON file cut short or unreadable."""
    if status != 0:
        return ended(status)
    if finished != expected:
        return "stopped after %d of %d case runs" % (finished, expected)
    try:
        return None if rawfile.read(out_json)[1] else "wrote a JSON file cut short"
    except UsageError:
        return "wrote output that does not parse"


def run_repetition(runner, cases, out_json, min_time, inner, cpu, log, progress, label, allocator):
    """Run every case `inner` times in one process, in a shuffled order, into out_json
    (google-benchmark's JSON): the spread within a process, beside the spread between them. A
    runner that ends abnormally raises RunnerFailed; the cases it finished stay in out_json.
    Returns the runner process's peak resident memory in MiB (its maxrss)."""
    running = out_json + ".running"  # The runner keeps the case it is in there (--bb_running).
    cmd = runner_cmd(runner, cases, min_time, cpu) + [
        "--benchmark_enable_random_interleaving=true", "--benchmark_repetitions=%d" % inner,
        "--benchmark_out=" + out_json, "--benchmark_out_format=json", "--bb_running=" + running]
    names = {c.benchmark_name for c in cases}
    log.write("$ %s\n" % " ".join("--benchmark_filter=<%d cases>" % len(cases)
                                   if a.startswith("--benchmark_filter=") else a for a in cmd))
    log.flush()
    last = collections.deque(maxlen=4)
    try:
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True) as proc:
            finished = 0
            try:
                for line in proc.stdout:
                    log.write(line)
                    first = line.split(" ", 1)[0]
                    if first not in names and first.rsplit("_", 1)[0] not in names and \
                            first not in ("Benchmark", "") and not first.startswith("---"):
                        last.append(line.rstrip())  # Its words, not its results or their table.
                    if first in names:
                        finished += 1
                        progress.step("%s: %s" % (label, first),
                                      final=finished == len(cases) * inner)
            except BaseException:
                proc.terminate()  # A SIGTERM reaches the CLI alone: its runner must stop too.
                raise
            # wait4, not wait: the process's own peak memory comes with its status.
            _, raw_status, usage = os.wait4(proc.pid, 0)
            status = proc.returncode = os.waitstatus_to_exitcode(raw_status)
        log.flush()
        case = _read(running)
    finally:
        if os.path.exists(running):
            os.unlink(running)
    how = _abnormal(status, finished, len(cases) * inner, out_json)
    if how is not None:
        raise RunnerFailed({"allocator": allocator, "case": case if status != 0 else None,
                            "ended": how, "last_words": list(last),
                            "file": os.path.basename(out_json)})
    return round(usage.ru_maxrss / 1024, 1)
