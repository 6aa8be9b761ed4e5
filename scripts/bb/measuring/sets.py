"""One process of an interleaved set (figures.py defines the sets): a runner running the set's
units in turn, round after round, every round kept as it ends."""
import json
import os
import signal
import subprocess
import time

from .drive import RunError, RunnerFailed, ended, pin_flag
from ..model.figures import MIN_ROUNDS


def run_process(runner, units, round_ms, cpu, seconds, out_path, log, who):
    """One runner process running the units interleaved for `seconds`, every line it prints kept
    in out_path; returns (seconds spent, rounds). who: the allocator and the set, to name them if
    the runner ends before it is stopped (RunnerFailed; the rounds it finished stay in out_path)."""
    cmd = [runner] + pin_flag(cpu) + ["--bb_interleave=" + ",".join(units),
                                      "--bb_round_ms=%g" % round_ms]
    log.write("$ %s\n" % " ".join(cmd))
    log.flush()
    started, rounds, stopped = time.monotonic(), 0, False
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
                if time.monotonic() - started >= seconds:
                    stopped = True
                    break
        finally:
            proc.send_signal(signal.SIGTERM)
            status = proc.wait()
    if not stopped:
        raise RunnerFailed(dict(who, ended=ended(status) if status else "stopped on its own",
                                last_words=["(its messages are in runner.log)"],
                                file=os.path.basename(out_path)))
    if rounds < MIN_ROUNDS:
        raise RunError("%s gave %d interleaved rounds (see the runner log)" % (runner, rounds))
    return time.monotonic() - started, rounds
