"""`boxbench layout CASE`: what in a process's memory layout moves a case's time.

A case measured in several runner processes can disagree between them far more than its
repetitions inside one process do (the summary's layout warning). The hypothesis is the layout:
where the kernel put the stack, the heap and the code, which address-space layout randomisation
(ASLR) chooses anew for each process. This command tests it by controlling that factor:

  random  N processes as every run starts them: ASLR on, a new layout each;
  fixed   N processes with ASLR off (setarch -R): the same layout in every one, so what is left
          of the spread between processes is the machine's noise, not the layout;
  stack   ASLR off, and the stack alone moved: the environment is padded by a step more in each
          process, the steps spanning one 4 KiB page over the processes, which shifts where the
          stack starts (and every stack address after it) while the heap, the data and the code
          stay put; a spread here that the fixed processes lack is the stack's position against
          them (for example 4 KiB aliasing: a load and an earlier store whose addresses agree in
          their low 12 bits are taken for dependent by the CPU and wait);
  stack+4096  the same sweep 4096 bytes further: an effect of the stack's address modulo 4096
          (4 KiB aliasing, or two addresses on the same L1 cache set) repeats there;
  code    ASLR off, and the code alone moved: the processes go round the build's code layouts
          (the runner linked with its functions shuffled, CMakeLists.txt's BB_LAYOUTS), so a
          spread here that the fixed processes lack is where the code landed (its alignment, which
          ASLR never moves within a page).

Each process runs the case with a few repetitions inside it; its figure is their median.
"""
import json
import os
import platform
import statistics
import subprocess

from .. import UsageError
from ..model import stats
from .drive import RunError, case_filter, layouts_of, pin_flag

REPETITIONS = 3


def _setarch():
    return ["setarch", platform.machine(), "-R"]


def one_process(runner, unit, cpu, min_time, fixed, pad=0):
    """(median ns per unit, [each repetition's ns]) of one runner process."""
    cmd = (_setarch() if fixed else []) + [runner] + pin_flag(cpu) + [
        "--benchmark_filter=" + case_filter([unit]), "--benchmark_min_time=%g" % min_time,
        "--benchmark_repetitions=%d" % REPETITIONS, "--benchmark_format=json"]
    env = dict(os.environ, BB_LAYOUT_PAD="x" * pad)
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    except OSError as e:
        raise RunError("cannot run %s: %s" % (cmd[0], e.strerror)) from e
    if r.returncode != 0:
        raise RunError("%s exited with status %d: %s" % (os.path.basename(runner), r.returncode,
                                                       r.stderr.strip()[-300:]))
    got = [b["real_time"] for b in json.loads(r.stdout)["benchmarks"]
           if b.get("run_type") == "iteration"]
    if len(got) != REPETITIONS:
        raise RunError("%s gave %d repetitions of %s, not %d" % (
            os.path.basename(runner), len(got), unit.name, REPETITIONS))
    return statistics.median(got), got


def spread(processes):
    """One mode's row: the processes' medians, their cv, and the median within-process cv."""
    medians = [m for m, _ in processes]
    within = [stats.cv(reps) for _, reps in processes]
    return {"processes": len(medians), "median_ns": statistics.median(medians),
            "min_ns": min(medians), "max_ns": max(medians), "process_cv": stats.cv(medians),
            "within_cv": statistics.median(w for w in within if w is not None)}


def measure(runner, unit, cpu, n, min_time, say):
    """{mode: row}, and the stack sweep: (pad bytes, median ns, median ns with 4096 bytes more)."""
    if subprocess.run(_setarch() + ["true"], capture_output=True).returncode != 0:
        raise UsageError("setarch -R (util-linux) cannot turn off address-space randomisation "
                         "here; the fixed and stack modes need it")
    pads = [4096 * k // n // 16 * 16 for k in range(n)]
    layouts = layouts_of(runner)
    one = [runner] * n
    plan = (("random", False, [0] * n, one), ("fixed", True, [0] * n, one),
            ("stack", True, pads, one), ("stack+4096", True, [p + 4096 for p in pads], one))
    if len(layouts) > 1:
        plan += (("code", True, [0] * n, [layouts[k % len(layouts)] for k in range(n)]),)
    rows, got = {}, {}
    for mode, fixed, mode_pads, runners in plan:
        got[mode] = [one_process(r, unit, cpu, min_time, fixed, p)
                     for p, r in zip(mode_pads, runners)]
        rows[mode] = spread(got[mode])
        say("%s: %d processes, cv between %.1f%%"
            % (mode, n, 100 * (rows[mode]["process_cv"] or 0)))
    a, b = [m for m, _ in got["stack"]], [m for m, _ in got["stack+4096"]]
    rows["stack"]["repeat_correlation"] = _correlation(a, b)
    return rows, list(zip(pads, a, b))


def _correlation(a, b):
    """Pearson's r of the two stack passes, None where one of them does not vary."""
    try:
        return statistics.correlation(a, b)
    except statistics.StatisticsError:
        return None


def verdict(rows):
    """What the three modes say, in a sentence."""
    r, f, s = (rows[m]["process_cv"] or 0 for m in ("random", "fixed", "stack"))
    within = rows["fixed"]["within_cv"] or 0
    if r <= max(3 * within, 0.02):
        return "the processes agree within their own noise: this case is not layout-sensitive here"
    if f > r / 2:
        return ("with the layout fixed the processes still disagree: the spread is not the "
                "layout's (the machine's noise, or state the process builds for itself)")
    if s > r / 2:
        c = rows["stack"].get("repeat_correlation")
        again = ("; the sweep repeated 4096 bytes further gives the same times (r = %.2f): the "
                 "stack's address modulo 4096 decides, as 4 KiB aliasing or L1 set conflicts "
                 "would (telling them apart needs the hardware counters)" % c if c is not None
                 and c >= 0.7 else "; the sweep repeated 4096 bytes further does not repeat it "
                 "(r = %s): not the address modulo 4096 alone" % (
                     "%.2f" % c if c is not None else "?"))
        return ("the layout: fixed, the processes agree; moving the stack alone brings the spread "
                "back, so the stack's position (against the heap, the data and the code) moves "
                "this case" + again)
    code = rows.get("code")
    if code is not None and (code["process_cv"] or 0) > r / 2:
        return ("the code's layout: fixed, the processes agree; moving the code alone (the build's "
                "layouts) brings the spread back, so where the code landed moves this case")
    return ("the layout, but not the stack alone%s: fixed, the processes agree, and moving the "
            "stack does not bring the spread back (the heap's position, which ASLR also moves)"
            % (" nor the code" if code is not None else ""))
