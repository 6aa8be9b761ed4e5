"""A results folder as the history store keeps it (folder/history.py): the run, the machine by its
stable key, the toolchain, every case's summary row, every figure with its per-process
estimates, every claim's verdict (a reproduce folder's)."""
import hashlib
import json
import os
import time

from .. import UsageError
from . import claims
from ..folder import history, results
from ..model import machine as machines, roles

KINDS = ("reproduce", "crosscheck", "run")  # A run's kind: the first its command names.
PART = "|"  # Between a claim's id and its part's name, in the verdicts a run keeps.


def _digest(value, n=16):
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:n]


def machine_row(m):
    """(key, derived, summary, parts) of machine.json m. A folder from before the stable key gets
    one derived from what its machine.json holds that is no clock reading (the CPU, its count, the
    kernel, glibc), marked derived: such a key may split or join machines a stable key tells
    apart."""
    m = m or {}
    if m.get("key"):
        return m["key"], 0, m.get("summary"), history.to_json(m.get("key_parts") or {})
    parts = {"cpu_model": m.get("cpu_model"), "cpus_online": m.get("cpus_online"),
             "kernel": m.get("kernel"),
             "libc": (m.get("allocators") or {}).get(roles.DEFAULT_ALLOCATOR)}
    return "derived-" + machines.key(parts)[:8], 1, m.get("summary"), history.to_json(parts)


def toolchain(m):
    """What built the run, from its machine.json: the C compiler and flags, the build type, each
    allocator's version, glibc's, and rustc's where it was recorded."""
    m = m or {}
    return {"compiler": m.get("compiler"), "c_flags": m.get("c_flags"),
            "build_type": m.get("build_type"), "allocators": m.get("allocators") or {},
            "libc": (m.get("key_parts") or {}).get("libc"), "rustc": m.get("rustc")}


def uid_of(run, key):
    """A run's uid in the store: a digest of what identifies it, its command, start and commit,
    and its machine key."""
    return _digest([run.get("command"), run.get("started"), run.get("commit"), key])


def kind_of(command):
    words = command if isinstance(command, list) else str(command or "").split()
    return next((k for k in KINDS if k in words), "run")


def _case_name(r):
    return "/".join(str(r[c]) for c in ("mode", "size", "depth", "pattern", "state")
                    if r.get(c) is not None)


def of_crosscheck(folder, x):
    """The record of a crosscheck folder (its crosscheck.json, x): each pair's ratio - 1, original
    and port, with its per-process values, and each variant's instructions per request."""
    key = x.get("machine_key") or "derived-" + machines.key({"machine": x.get("machine")})[:8]
    chain = {"versions": x.get("versions") or {}}
    figures, processes, on = [], [], roles.DEFAULT_ALLOCATOR  # Both sides run on glibc's malloc.
    for pair, r in (x.get("ratios") or {}).items():
        for side in ("original", "port"):
            name = "crosscheck %s: %s" % (side, pair)
            each = (r.get("per_process") or {}).get(side) or []
            figures.append((name, on, "crosscheck", "ratio", r[side],
                            min(each, default=r[side]), max(each, default=r[side]), len(each)))
            processes += [(name, on, k + 1, v, None) for k, v in enumerate(each)]
    for variant, sides in (x.get("counts") or {}).items():
        for side, groups in sides.items():
            total = groups.get("total") if isinstance(groups, dict) else None
            if total is not None:
                figures.append(("instructions %s: %s" % (side, variant), on, "crosscheck",
                                "per request", total, total, total, 1))
    return {
        "uid": _digest(["crosscheck", x.get("date"), x.get("commit"), key,
                        sorted(x.get("ratios") or ())]),
        "folder": os.path.abspath(folder), "kind": "crosscheck", "commit_id": x.get("commit"),
        "started": x.get("date") or "", "duration_s": None, "quick": 0, "partial": 0,
        "machine": key, "toolchain": history.to_json(chain),
        "toolchain_key": _digest(chain, 12), "plan": None,
        "added": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine_row": (key, int(not x.get("machine_key")), x.get("machine"), history.to_json({})),
        "cases": [], "figures": figures, "processes": processes, "verdicts": [],
    }


def of_folder(folder):
    """The record of a committed results folder (refused, exit 2, if it is not one): a run's or
    reproduce's, or a crosscheck's."""
    xpath = os.path.join(folder, "crosscheck.json")
    if os.path.exists(xpath):
        return of_crosscheck(folder, results.read_json(xpath))
    data = results.load(folder)
    run, m = data.get("run"), data.get("machine")
    if not run:
        raise UsageError("%s has no run.json: not a run's folder" % folder)
    key, derived, summary, parts = machine_row(m)
    chain = toolchain(m)
    verdicts = []
    if os.path.exists(os.path.join(folder, "claims.md")) and data.get("figures"):
        for r in claims.rows(data):
            v = r["verdict"]
            verdicts.append((r["id"], str(v), claims.kind(v),
                             r.get("figure"), r.get("interval")))
            # Each measured part too, as "C<N>|part", its figure and interval exact: what a
            # machine's runs are pooled by (trends_of.pooled_claims).
            for p in r.get("parts") or ():
                value, low, high = p["values"]
                verdicts.append(("%s%s%s" % (r["id"], PART, p["part"]), str(p.get("verdict")),
                                 claims.kind(str(p.get("verdict"))), repr(value),
                                 "%r .. %r" % (low, high)))
    return {
        "uid": uid_of(run, key),
        "folder": os.path.abspath(folder), "kind": kind_of(run.get("command")),
        "commit_id": run.get("commit"), "started": run.get("started") or "",
        "duration_s": run.get("duration_s"), "quick": int(bool(run.get("quick"))),
        "partial": int(bool(run.get("partial"))), "machine": key,
        "toolchain": history.to_json(chain), "toolchain_key": _digest(chain, 12),
        "plan": history.to_json(run.get("plan")),
        "added": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine_row": (key, derived, summary, parts),
        "cases": [(_case_name(r), r["allocator"], r.get("ns_per_call"), r.get("cv"),
                   r.get("process_cv"), r.get("repetitions")) for r in data.get("summary") or ()],
        "figures": [(r["figure"], r["allocator"], r["set"], r.get("unit"), r.get("mean"),
                     r.get("low"), r.get("high"), r.get("processes"))
                    for r in data.get("figures") or ()],
        "processes": [(r["figure"], r["allocator"], r["process"], r.get("value"), r.get("layout"))
                      for r in data.get("figure_processes") or ()],
        "verdicts": verdicts,
    }
