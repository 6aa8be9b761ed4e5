"""C8: an Rc waker is ~0.9% faster than an Arc waker with syscalls; a checked Rc one is slower."""
from ...model import figures, roles
from . import common, words
from .common import variant as v
from .verdict import ALL, part

ID = "C8"
CLAIM = ("an Rc waker is ~0.9% faster than an Arc waker with syscalls; a checked Rc waker is "
         "slower than both (+0.81% over Arc)")
SOURCE = common.RAB
PUBLISHED = "rc / arc -0.9%; chkrc / arc +0.81%"
PARTS = (part("rc / arc", -0.9, unit="%", what="box+rc+syscalls / box+arc+syscalls - 1"),
         part("chkrc / arc", 0.81, unit="%", what="box+chkrc+syscalls / box+arc+syscalls - 1"))
RULE = ALL
MISSING = "the waker set"
BOUND = roles.SYSCALL

RC, CHKRC = (figures.ratio("wakers", "%s/arc+syscalls" % k, v("box+%s+syscalls" % k),
                           v("box+arc+syscalls")) for k in ("rc", "chkrc"))
RESTS = [RC, CHKRC]
ORIGINAL = {"rc / arc": (RC, 100.0, -100.0), "chkrc / arc": (CHKRC, 100.0, -100.0)}


def figure(got, t):
    parts = {"rc / arc": got.pct(RC), "chkrc / arc": got.pct(CHKRC)}
    if not any(parts.values()):
        return None
    ev = t.get("eventloop")
    arc = common.one(ev, variant="box+arc+syscalls")
    chkrc = common.one(ev, variant="box+chkrc+syscalls")
    per_req = lambda row, col: row[col] / row["requests"] if row and row.get(col) else None
    return {"parts": parts, "atomics": per_req(arc, "atomic_refs"),
            "checks": per_req(chkrc, "thread_checks"), "syscall": common.syscall_ns(t),
            "syscalls_per_request": arc.get("syscalls_per_request") if arc else None}


def say(f):
    p = f["parts"]
    return ("rc / arc - 1 %s; chkrc / arc - 1 %s" % (
                words.interval(p["rc / arc"], words.pct),
                words.interval(p["chkrc / arc"], words.pct)),
            "both halves judged, the row by both; per request the Arc waker makes %s atomic count "
            "changes and the checked Rc %s thread look-ups (the runner's counts), beside %s "
            "syscalls of %s each"
            % ("%g" % f["atomics"] if f["atomics"] else "?",
               "%g" % f["checks"] if f["checks"] else "?",
               "%.2f" % f["syscalls_per_request"] if f["syscalls_per_request"] else "?",
               words.ns(f["syscall"])))
