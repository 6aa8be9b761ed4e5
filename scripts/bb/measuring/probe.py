"""What machine this is, read from the system (/proc, /sys, systemd-detect-virt) and from the
runners' own context: machine.json's content, so that every figure travels with what it depends
on, and the identity a resumed run must share."""
import hashlib
import os
import platform
import shutil
import subprocess

from ..model import machine, roles


def _read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def _cpuinfo_fields():
    """The first CPU's fields of /proc/cpuinfo, by name."""
    out = {}
    for line in (_read("/proc/cpuinfo") or "").splitlines():
        key, _, value = line.partition(":")
        if not key.strip() and out:
            break  # The first CPU's block ends.
        out.setdefault(key.strip(), value.strip())
    return out


def _cpuinfo():
    fields = _cpuinfo_fields()
    return fields.get("model name"), set((fields.get("flags") or "").split())


def _vulnerabilities():
    """{vulnerability: the kernel's mitigation of it}, as /sys names them."""
    folder = "/sys/devices/system/cpu/vulnerabilities"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    return {n: _read(os.path.join(folder, n)) for n in names}



# What identifies a machine for its figures: what moves them (the CPU and its microcode, the kernel
# and its mitigations, glibc, SMT, the frequency governor) and nothing that is a reading (bogomips
# and MHz are measured at boot and differ between boots of one machine: a key made of them splits
# one machine's history in two).
def key_parts(libc):
    fields = _cpuinfo_fields()
    return {"cpu_model": fields.get("model name"), "cpu_family": fields.get("cpu family"),
            "cpu_model_number": fields.get("model"), "stepping": fields.get("stepping"),
            "microcode": fields.get("microcode"), "cpus_online": os.cpu_count(),
            "kernel": platform.release(), "libc": libc, "mitigations": _vulnerabilities(),
            "smt": _read("/sys/devices/system/cpu/smt/active"),
            "governor": _read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")}



def cpu_model():
    """This machine's CPU model, as /proc/cpuinfo names it (None where it does not)."""
    return _cpuinfo()[0]


def _virtualization():
    tool = shutil.which("systemd-detect-virt")
    if tool:
        r = subprocess.run([tool], capture_output=True, text=True)
        if r.stdout.strip():
            return r.stdout.strip()
    return None


def describe(contexts, commit, hardware, summary_rows=()):
    """contexts: {allocator: the runner's google-benchmark context}; hardware: the names of the
    catalogue's hardware perf events; summary_rows: summary.csv's, whose controls give the
    costs."""
    model, flags = _cpuinfo()
    first = next(iter(contexts.values()), {})
    governor = _read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")
    unavailable = first.get("bb_perf_unavailable")
    m = {
        "cpu_model": model,
        "cpus_online": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "mhz_per_cpu": first.get("mhz_per_cpu"),
        "hypervisor": "hypervisor" in flags,
        "virtualization": _virtualization(),
        "kernel": platform.release(),
        "meltdown_mitigation": _read("/sys/devices/system/cpu/vulnerabilities/meltdown"),
        "pcid": "pcid" in flags,
        "frequency_governor": governor or "not readable",
        "allocators": {a: c.get("bb_allocator_version") for a, c in contexts.items()},
        "compiler": first.get("bb_compiler"),
        "rustc": first.get("bb_rustc"),
        "c_flags": first.get("bb_c_flags"),
        "build_type": first.get("bb_build_type"),
        "google_benchmark_build": first.get("library_build_type"),
        "timer_overhead_ns": first.get("bb_timer_overhead_ns"),
        "perf_counters_unavailable": unavailable,
        "hardware_perf_counters": None if unavailable is None else
        not any(h + " (" in unavailable for h in hardware),
        "load_average": (_read("/proc/loadavg") or "").split()[:3],
        "commit": commit,
    }
    glibc = m["allocators"].get(roles.DEFAULT_ALLOCATOR) or platform.libc_ver()[1]
    m["key_parts"] = key_parts(glibc)
    m["key"] = machine.key(m["key_parts"])
    m["costs_ns"] = machine.costs(summary_rows, first.get("bb_timer_overhead_ns"))
    m["summary"] = "%s, %s CPUs%s, Linux %s, glibc %s" % (
        model or "unknown CPU", m["cpus_usable"], " (VM)" if m["hypervisor"] else "",
        m["kernel"], m["allocators"].get(roles.DEFAULT_ALLOCATOR, platform.libc_ver()[1]))
    return m


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def identity(runners):
    """What a resumed run must share with the one it continues: the machine (its CPU, CPU count,
    kernel, and a digest of its machine-id and host name, which are not themselves recorded) and
    the build (a digest of each runner)."""
    model, _ = _cpuinfo()
    host = "%s|%s" % (_read("/etc/machine-id") or "", platform.node())
    return {"machine": {"cpu_model": model, "cpus_online": os.cpu_count(),
                        "kernel": platform.release(),
                        "host": hashlib.sha256(host.encode()).hexdigest()[:16]},
            "runners": {a: _sha256(path) for a, path in runners.items()}}
