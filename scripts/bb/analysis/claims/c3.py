"""C3: with real syscalls in the loop, boxed async trait methods were only 1.3% slower."""
from ...model import figures, roles
from . import common, words
from .common import variant as v
from .verdict import ALL, part

ID = "C3"
CLAIM = "with real syscalls in the loop, boxed async trait methods were only 1.3% slower"
SOURCE = common.RAB + " (nonbox+syscalls 1.0821 ms, box+syscalls 1.0967 ms)"
PUBLISHED = "+1.3% (the seed) .. +1.35% (1.0967 / 1.0821 ms)"
PARTS = (part("box / nonbox with syscalls", 1.3, 100 * (1.0967 / 1.0821 - 1), "%",
              "box+syscalls / nonbox+syscalls - 1"),)
RULE = ALL
MISSING = "the event-loop set with syscalls"
BOUND = roles.SYSCALL

# Box over nonbox with syscalls, and the busy-wait control: each syscall replaced by a busy wait as
# long, so the kernel entry's own share per box is measured; a box without either.
RATIO = figures.ratio("syscalls", "box/nonbox+syscalls", v("box+syscalls"), v("nonbox+syscalls"))
SPIN = figures.ratio("syscalls", "box/nonbox+spin", v("box+spin"), v("nonbox+spin"))
BETWEEN, SPINNING = (figures.diff("syscalls", "box-nonbox/per-box+" + k, v("box+" + k),
                                  v("nonbox+" + k), common.per_box) for k in ("syscalls", "spin"))
KERNEL = figures.combo("syscalls", "kernel-entry/per-box", (
    (1, v("box+syscalls")), (-1, v("nonbox+syscalls")), (-1, v("box+spin")),
    (1, v("nonbox+spin"))), scale=common.per_box)
CALIBRATION = figures.ratio("syscalls", "spin/syscall", v("manual+spin"), v("manual+syscalls"))
WARM = figures.diff("nosyscalls", "box-nonbox/per-box", v("box"), v("nonbox"), common.per_box)
RESTS = [RATIO, SPIN, BETWEEN, SPINNING, KERNEL, CALIBRATION, WARM]
# The parts the original event loop measures too (`reproduce --original`): part -> (the port's
# figure, a, b), the part in units of a * figure + b.
ORIGINAL = {"box / nonbox with syscalls": (RATIO, 100.0, -100.0)}


def figure(got, t):
    e = got.pct(RATIO)
    if e is None:
        return None
    ev = common.one(t.get("eventloop"), variant="box+syscalls")
    return {"parts": {"box / nonbox with syscalls": e}, "spin": got.pct(SPIN),
            "kernel": got(KERNEL), "between": got(BETWEEN), "spinning": got(SPINNING),
            "warm": got(WARM), "calibration": got.pct(CALIBRATION),
            "syscall": common.syscall_ns(t),
            "calibration_each": [100 * (x - 1) for x in got.each(CALIBRATION)],
            "syscalls_per_request": ev.get("syscalls_per_request") if ev else None}


def say(f):
    ns, pct, interval = words.ns, words.pct, words.interval
    e = f["parts"]["box / nonbox with syscalls"]
    k, sp = f["kernel"], f["spin"]
    measured = "box+syscalls / nonbox+syscalls %s" % interval(e, pct)
    if sp:
        measured += ("; with a busy wait as long in place of each syscall %s"
                     % interval(sp, pct))
    why = ("a read() on the empty pipe costs %s here, %s per request (one per statistics count, "
           "as the original)" % (ns(f["syscall"]), "%.2f" % f["syscalls_per_request"]
                                  if f["syscalls_per_request"] is not None else "?"))
    if f["between"] and f["spinning"] and f["warm"]:
        why += ("; a box costs %s between syscalls, %s between busy waits and %s without either" % (
            interval(f["between"], ns), interval(f["spinning"], ns), interval(f["warm"], ns)))
    sp_each = f.get("calibration_each") or []
    if k and f["spinning"] and f["spinning"]["high"] < 0:
        why += ("; the busy-wait control did not hold in this run: between busy waits a box would "
                "cost less than nothing, and the busy wait ran from %+.1f%% to %+.1f%% of the "
                "syscall it stands for across the processes, so the kernel entry's own share per "
                "box (%s) is not settled" % (min(sp_each), max(sp_each), interval(k, ns))
                if sp_each else "; the busy-wait control did not hold in this run")
    elif k:
        if k["low"] > 0:
            why += ("; the kernel entry itself, against a busy wait as long, adds %s per box: "
                    "measured; that it does so by leaving the boxed path's caches and predictors "
                    "cold is a hypothesis hardware counters would test" % interval(k, ns))
        elif k["high"] < 0:
            why += ("; the kernel entry itself, against a busy wait as long, takes %s off each "
                    "box: the hypothesis that it makes boxing dearer is refuted here"
                    % interval(k, ns))
        else:
            why += ("; the kernel entry's own share per box, against a busy wait as long, is %s: "
                    "not settled by this run" % interval(k, ns))
    if f["calibration"]:
        why += " (the busy wait against the syscall it stands for: %s)" % interval(
            f["calibration"], pct)
    return measured, why
