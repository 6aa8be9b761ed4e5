"""C6: the executor's overhead against a hand-written poll loop, with syscalls and without."""
from ...model import figures, roles
from . import common, words
from .common import variant as v
from .verdict import ALL, part

ID = "C6"
CLAIM = ("executor overhead vs a hand-written poll loop: manual 26.3 us, nonbox 88.5 us, box "
         "96.4 us per 256 requests; with syscalls nonbox 9.4% slower than manual")
SOURCE = common.RAB
PUBLISHED = "nonbox / manual 3.37x; +9.4% with syscalls; box - nonbox 30.9 ns per request"
PARTS = (part("executor, no syscalls", 88.5 / 26.3, unit="x", what="nonbox / manual"),
         part("executor, syscalls", 9.4, unit="%", what="nonbox+syscalls / manual+syscalls - 1"),
         part("boxing per request", (96.4 - 88.5) * 1000 / 256, what="box - nonbox per request"))
RULE = ALL
MISSING = "the event-loop sets"
BOUND = roles.SYSCALL

# The executor over the hand-written loop, without syscalls and with them; boxing per request.
EXECUTOR = figures.ratio("nosyscalls", "nonbox/manual", v("nonbox"), v("manual"))
EXECUTOR_SYSCALLS = figures.ratio("syscalls", "nonbox/manual+syscalls", v("nonbox+syscalls"),
                                  v("manual+syscalls"))
BOXING = figures.diff("nosyscalls", "box-nonbox/per-request", v("box"), v("nonbox"),
                      common.per_request)
RESTS = [EXECUTOR, EXECUTOR_SYSCALLS, BOXING]
ORIGINAL = {"executor, no syscalls": (EXECUTOR, 1.0, 0.0),
            "executor, syscalls": (EXECUTOR_SYSCALLS, 100.0, -100.0),
            "boxing per request": (BOXING, 1.0, 0.0)}


def figure(got, t):
    parts = {"executor, no syscalls": got(EXECUTOR),
             "executor, syscalls": got.pct(EXECUTOR_SYSCALLS),
             "boxing per request": got(BOXING)}
    if not any(parts.values()):
        return None
    ev = t.get("eventloop")
    n = common.one(ev, variant="nonbox")
    return {"parts": parts,
            "rows": {x: common.one(ev, variant=x) for x in ("manual", "nonbox", "box")},
            "polls_per_request": n["task_polls"] / n["requests"]
            if n and n.get("task_polls") else None}


def say(f):
    ns, interval = words.ns, words.interval
    p = f["parts"]
    table = ", ".join("%s %s" % (x, ns(row["ns_per_request"])) for x, row in f["rows"].items()
                      if row)
    per_request = ""
    if p["executor, no syscalls"] and f["rows"].get("manual"):
        m = f["rows"]["manual"]["ns_per_request"]
        per_request = "; the executor over the loop: %s per request" % ns(
            (p["executor, no syscalls"]["value"] - 1) * m)
    return ("nonbox / manual %s; with syscalls %s; box - nonbox per request %s (the tables' "
            "medians: %s)" % (interval(p["executor, no syscalls"], words.times),
                             interval(p["executor, syscalls"], words.pct),
                             interval(p["boxing per request"], ns), table),
            "each part judged on its own and the row by all three%s%s" % (
                per_request, "; %.2f task polls per request" % f["polls_per_request"]
                if f["polls_per_request"] else ""))
