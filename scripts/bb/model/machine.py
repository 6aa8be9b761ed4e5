"""What machine a run ran on (machine.json, written by measuring/probe.py): its stable key, the
costs of its controls, and how a machine or build differs from one recorded."""
import hashlib
import json


def key(parts):
    """The stable key of a machine: a digest of its key parts."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def costs(summary_rows, timer_ns=None):
    """What the machine's controls cost here (the harness's units of summary.csv: the rows
    without a size), {control: {allocator: ns per unit}}, and the timer's overhead: the costs the
    claims' figures are bound to."""
    out = {}
    for r in summary_rows or ():
        if r.get("size") is None and r.get("ns_per_call") is not None:
            out.setdefault(r["mode"], {})[r["allocator"]] = r["ns_per_call"]
    if timer_ns is not None:
        out["timer"] = {"all": float(timer_ns)}
    return out


def identity_differences(recorded, now):
    """In words, each way the machine or build now differs from the recorded identity."""
    out = []
    for key, what in (("cpu_model", "CPU"), ("cpus_online", "CPU count"), ("kernel", "kernel"),
                      ("host", "machine (machine-id and host name)")):
        was, is_ = recorded["machine"].get(key), now["machine"].get(key)
        if was != is_:
            out.append("the %s differs (%s then, %s now)" % (what, was, is_)
                       if key != "host" else "another %s" % what)
    for a, digest in recorded["runners"].items():
        if now["runners"].get(a) != digest:
            out.append("the %s runner is another build (its SHA-256 differs)" % a)
    return out
