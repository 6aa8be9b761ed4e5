"""One process of an interleaved set (figures.py defines the sets): a runner running the set's
units in turn, round after round, every round kept as it ends.

A process runs for its share of the plan's time and until it has the rounds a process needs to
count (figures.MIN_ROUNDS), whichever comes later: a slow or busy machine makes rounds longer, and
a run's time is a floor, never a reason to lose a set. A process that has too few rounds when its
ceiling comes is stopped and kept as it is: its set's figures leave it out, and a set none of whose
processes counts is reported as not measured, with the rounds it got."""
import json
import os
import signal
import subprocess
import sys
import time

from .drive import RunnerFailed, ended, pin_flag
from ..model.figures import MIN_ROUNDS

# How long a process may go on past its time for its rounds: this many times its time, and at
# least CEILING_MIN_S seconds (a process of a --quick plan has a second or less).
CEILING_FACTOR = 10
CEILING_MIN_S = 30.0


def ceiling(seconds):
    """The most seconds a process of `seconds` runs while it waits for its rounds."""
    return max(CEILING_FACTOR * seconds, CEILING_MIN_S)


def enough(elapsed, rounds, seconds):
    """Whether a process that has run elapsed seconds for this many rounds stops: its time is up
    and it has its rounds, or its ceiling has come."""
    return (elapsed >= seconds and rounds >= MIN_ROUNDS) or elapsed >= ceiling(seconds)


def run_process(runner, units, round_ms, cpu, seconds, out_path, log, who, clock=time.monotonic,
                cmd=None):
    """One runner process running the units interleaved for `seconds` and at least MIN_ROUNDS
    rounds (up to its ceiling), every line it prints kept in out_path; returns (seconds spent,
    rounds). who: the allocator and the set, to name them if the runner ends before it is stopped
    (RunnerFailed; the rounds it finished stay in out_path) or reaches its ceiling short of rounds
    (a warning on stderr). runner may be a command line (a list), as the tests' fake runner is;
    cmd, where given, is the whole command of a program that prints the runner's lines (the
    original's driver)."""
    if cmd is None:
        cmd = (list(runner) if isinstance(runner, (list, tuple)) else [runner]) + pin_flag(cpu) + [
            "--bb_interleave=" + ",".join(units), "--bb_round_ms=%g" % round_ms]
    log.write("$ %s\n" % " ".join(cmd))
    log.flush()
    started, rounds, stopped = clock(), 0, False
    with open(out_path, "w") as out, \
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True) as proc:
        try:
            for line in proc.stdout:
                out.write(line)
                out.flush()  # Every round on disk as it ends: a runner that dies keeps them.
                try:
                    rounds += "round" in json.loads(line)
                except ValueError:
                    break  # A line cut short: the runner is dying.
                if enough(clock() - started, rounds, seconds):
                    stopped = True
                    break
        finally:
            proc.send_signal(signal.SIGTERM)
            status = proc.wait()
    if not stopped:
        raise RunnerFailed(dict(who, ended=ended(status) if status else "stopped on its own",
                                last_words=["(its messages are in runner.log)"],
                                file=os.path.basename(out_path)))
    spent = clock() - started
    if rounds < MIN_ROUNDS:
        print("boxbench: warning: %s on %s: a process reached its ceiling of %.0f s with %d "
              "round(s), fewer than the %d a process needs: its figures leave it out (%s)"
              % (who["case"], who["allocator"], ceiling(seconds), rounds, MIN_ROUNDS,
                 os.path.basename(out_path)), file=sys.stderr, flush=True)
    return spent, rounds
