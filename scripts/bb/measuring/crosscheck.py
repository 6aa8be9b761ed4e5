"""The event-loop port held to the original it ports (jkarneges/rust-async-bench), both measured the
same way on this machine: `boxbench crosscheck --original PATH`.

Two figures, each taken from both sides by one procedure:
  - instructions per request under callgrind, per group of functions (GROUPS): each side iterates
    a variant N then 2 N times inside a function named bb_crosscheck_measured, which callgrind
    alone counts and dumps after each call; the difference of the two profiles is N iterations of
    256 requests. Every instruction goes to the group of the innermost function that holds it,
    inlined or not (addr2line's inline chain from the binaries' debug information); code no group
    names (a library's: a RefCell's borrow, a slab's index, memcpy) goes to its caller's group.
  - the ratios of the original's benchmark (roles.ORIGINAL_PAIRS): the two variants of a pair
    timed in turn in one process, round after round in a random order, the median of the
    per-round ratios, over several processes; the port's side from the runner (--bb_interleave),
    the original's from driver.rs built against the checkout, which prints the runner's lines.
The original's code stays where the user keeps it; only driver.rs, the project's own, links it.
"""
import json
import os
import re
import signal
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict

from .. import UsageError, need
from ..model import roles
from .drive import RunError

REQUESTS = 256  # per iteration, on both sides

# The groups, in the order a frame is tried against them: name, what it holds, the original's
# functions (Rust paths, generic arguments removed), the port's (C names).
GROUPS = (
    ("statistics", "the statistics counts and their syscalls",
     r"\brun::Stats(Data)?\b|fakeio::Stats\b",
     r"^bb_ev_inc$|^bb_ev_spin$"),
    ("reactor", "the reactor, its registrations and the poller",
     r"future::FakeReactor\b|future::FakeReactorRef\b|fakeio::Poll\b|"
     r"drop rust_async_bench::future::RegistrationHandle",
     r"^bb_ev_reactor_|^bb_ev_register$|^bb_ev_unregister$|^bb_ev_poll$"),
    ("io", "the I/O objects and futures: accept, read, write, waker binding",
     r"future::(ReadFuture|WriteFuture|AcceptFuture|RegistrationHandle|AsyncFakeStream|"
     r"AsyncFakeListener)\b|fakeio::(FakeStream|FakeListener|Evented)\b",
     r"^bb_ev_accept|^bb_ev_read|^bb_ev_write|^bb_ev_bind_waker$|^bb_ev_unbind_waker$|"
     r"^bb_ev_async_|^bb_ev_stream_|^bb_ev_listener$|^bb__ev_drop_waker$"),
    ("wakers", "the wakers: clone, wake, drop, and what a wake does to the tasks' list",
     r"\bwaker::|core::task::wake::|alloc::task::|\bWaker\b|\bTaskWaker\b|Tasks::wake\b",
     r"^bb__shared_|^bb__rc_|^bb__chkrc_|^bb__arc_|^bb__task_wake$|^bb__check_thread$|"
     r"^bb__this_thread$|^bb__new_thread_id$|^bb__strong_|^bb__tasks_wake$|^bb_ev_waker_"),
    ("tasks", "the server's tasks: the listener's and the connections' futures, their buffers",
     r"run::(connection|connection_box|listen|listen_box|listen_box_callerbox|listen_rc|"
     r"server_task)\b|run::Connection\b|run::run_\w+::\{\{closure\}\}::\{\{closure\}\}",
     r"^bb__task_poll$|^bb__fut_|^bb__poll_|^bb_ev_has_newline$|^bb__conn_|^bb__listen_"),
    ("heap", "allocation and freeing",
     r"__rust_alloc|__rust_dealloc|__rdl_alloc|__rdl_dealloc|alloc::alloc::|exchange_malloc",
     r"^bb_alloc$|^bb_dealloc$"),
    ("executor", "the executor: spawning, the queue of tasks to poll, polling them, ending them; "
                 "manual's hand-written loop",
     r"\bexecutor::|run::run_\w+|run::RunManual\b",
     r"^bb__spawn|^bb__process_next$|^bb__iterate|^bb_ev_manual_"),
    ("loop", "the loop around the iterations",
     r"bb_crosscheck_measured|\bdriver::",
     r"^bb_crosscheck_measured$|^bb_ev_iterate$"),
)
GROUP_NAMES = tuple(g[0] for g in GROUPS)

# The driver's source, the project's own: built against the user's checkout of the original.
DRIVER = "bench/eventloop/crosscheck/driver.rs"


# ---- building the original's driver ----

def check_original(path):
    """The checkout's absolute path, or UsageError naming what is missing."""
    path = os.path.abspath(path)
    for f in ("Cargo.toml", "src/run.rs", "src/lib.rs"):
        if not os.path.isfile(os.path.join(path, f)):
            raise UsageError("%s is not a checkout of jkarneges/rust-async-bench: it has no %s"
                             % (path, f))
    with open(os.path.join(path, "src/lib.rs")) as f:
        if "pub mod run" not in f.read():
            raise UsageError("%s/src/lib.rs does not export the run module the driver calls"
                             % path)
    return path


def _cached(build_dir, name):
    """A value CMake cached in the build (BB_CARGO, BB_RUSTC, CMAKE_C_COMPILER, ...), or None."""
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt")) as f:
            m = re.search(r"^%s:[A-Z]+=(.*)$" % name, f.read(), re.M)
            return m.group(1) if m and m.group(1) and not m.group(1).endswith("-NOTFOUND") else None
    except OSError:
        return None


def toolchain(build_dir):
    """The cargo, rustc and crate folder bench/rust is built with (Debian's, before a rustup's on
    PATH), as CMake found them."""
    return {"cargo": _cached(build_dir, "BB_CARGO") or need("cargo", "cargo-web"),
            "rustc": _cached(build_dir, "BB_RUSTC") or need("rustc", "rustc-web"),
            "registry": _cached(build_dir, "BB_CARGO_REGISTRY") or "/usr/share/cargo/registry"}


def build_driver(root, build_dir, original, log):
    """driver.rs built against the checkout, offline, in build_dir/crosscheck; its path."""
    tools = toolchain(build_dir)
    work = os.path.join(build_dir, "crosscheck")
    os.makedirs(os.path.join(work, "home"), exist_ok=True)
    driver = os.path.join(root, *DRIVER.split("/"))
    # The original's own release profile, with debug information (the count it leaves unchanged) so
    # that each instruction can be traced to its function.
    manifest = ('[package]\nname = "bb-crosscheck"\nversion = "0.1.0"\nedition = "2021"\n'
                '[workspace]\n[[bin]]\nname = "driver"\npath = %s\n[dependencies]\n'
                'rust-async-bench = { path = %s }\n[profile.release]\ndebug = 1\n'
                % (json.dumps(driver), json.dumps(original)))
    with open(os.path.join(work, "Cargo.toml"), "w") as f:
        f.write(manifest)
    with open(os.path.join(work, "home", "config.toml"), "w") as f:
        f.write('[source.crates-io]\nreplace-with = "debian"\n[source.debian]\n'
                'directory = %s\n[net]\noffline = true\n' % json.dumps(tools["registry"]))
    env = dict(os.environ, CARGO_HOME=os.path.join(work, "home"), RUSTC=tools["rustc"])
    cmd = [tools["cargo"], "build", "--release", "--quiet", "--manifest-path",
           os.path.join(work, "Cargo.toml"), "--target-dir", os.path.join(work, "target")]
    log.write("$ %s\n" % " ".join(cmd))
    log.flush()
    done = subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        log.write(done.stderr)
        raise RunError("cargo could not build the original's driver against %s (librust-libc-dev "
                       "and librust-slab-dev installed?): %s"
                       % (original, done.stderr.strip().splitlines()[-1:] or "no message"))
    return os.path.join(work, "target", "release", "driver")


def tool_versions(build_dir):
    """The compilers' versions, as the tables record them: the rustc the driver is built with, and
    the C compiler the port is."""
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "unknown"
    return {"rustc": first_line([toolchain(build_dir)["rustc"], "--version"]),
            "gcc": first_line([_cached(build_dir, "CMAKE_C_COMPILER") or "cc", "--version"])}


# ---- callgrind, by group ----

def parse_profile(text):
    """One callgrind profile (written with --dump-instr=yes --compress-strings=no
    --compress-pos=no): the object of each function; per (object, function), self cost by address;
    and every call as (caller object, caller function, call-site address, callee object, callee
    function, calls, inclusive cost)."""
    self_cost = defaultdict(lambda: defaultdict(int))
    calls = []
    ob = fn = None
    cob = cfn = None
    pending = None  # a calls= line whose cost line comes next
    for line in text.splitlines():
        if pending is not None:
            parts = line.split()
            calls.append((ob, fn, int(parts[0], 16), pending[1], pending[2], pending[0],
                          int(parts[-1])))
            pending = None
            continue
        if line.startswith("ob="):
            ob = line[3:]
        elif line.startswith("fn="):
            fn, cob, cfn = line[3:], None, None
        elif line.startswith("cob="):
            cob = line[4:]
        elif line.startswith("cfn="):
            cfn = line[4:]
        elif line.startswith("calls="):
            pending = (int(line[6:].split()[0]), cob or ob, cfn)
            cob = cfn = None
        elif line.startswith("0x"):
            parts = line.split()
            self_cost[(ob, fn)][int(parts[0], 16)] += int(parts[-1])
    return self_cost, calls


def inline_chains(binary, addresses):
    """Each address's chain of functions, innermost first (addr2line -i), by address."""
    addresses = sorted(set(addresses))
    if not addresses:
        return {}
    done = subprocess.run([need("addr2line", "binutils"), "-i", "-f", "-C", "-a", "-e", binary],
                          input="".join("0x%x\n" % a for a in addresses), capture_output=True,
                          text=True, check=True)
    chains, current, lines = {}, None, done.stdout.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("0x") and " " not in line:
            current = int(line, 16)
            chains[current] = []
            i += 1
            continue
        chains[current].append(line)
        i += 2  # a function's name, then its file:line
    return chains


def _plain(name):
    """A function's name for matching: generic arguments removed; a drop_in_place named
    "drop" and the type it drops."""
    m = re.match(r"core::ptr::drop_in_place<(.*)>$", name)
    if m:
        name = "drop " + m.group(1)
    before = None
    while before != name:
        before = name
        name = re.sub(r"(?<=\w)<[^<>]*>", "", name)
    return name


def group_of(chain, lang):
    """The group of the innermost function of the chain some group names, or None."""
    col = 2 if lang == roles.RUST else 3
    for frame in chain:
        plain = _plain(frame) if lang == roles.RUST else frame
        for g in GROUPS:
            if re.search(g[col], plain):
                return g[0]
    return None


def addresses(profile, binary):
    """The binary's addresses a profile names: its instructions and its call sites."""
    self_cost, calls = profile
    main = os.path.realpath(binary)
    return [a for key, costs in self_cost.items() if key[0] and os.path.realpath(key[0]) == main
            for a in costs] + [c[2] for c in calls if c[0] and os.path.realpath(c[0]) == main]


def attribute(profile, binary, lang, chains):
    """Instructions by group of one profile, given each address's inline chain: the binary's own
    instructions by their chain; a call into another object (libc's memcpy, read, malloc) by its
    call site; a function of the binary no group names (a library's, not inlined) by its callers'
    call sites, less what it spends in functions that have a group of their own (those count
    themselves)."""
    self_cost, calls = profile
    main = os.path.realpath(binary)
    own = {key: costs for key, costs in self_cost.items() if key[0] and
           os.path.realpath(key[0]) == main}
    groups = defaultdict(int)
    # A function has a group when one of its instructions does.
    owner = {}
    for key, costs in own.items():
        named = [group_of(chains.get(a, []), lang) for a in costs]
        owner[key[1]] = next((g for g in named if g), None)
    into = defaultdict(int)  # calls into each function
    out = defaultdict(list)
    for c in calls:
        into[(c[3], c[4])] += c[5]
        out[(c[0], c[1])].append(c)

    def is_main(obj):
        return bool(obj) and os.path.realpath(obj) == main

    def counted_apart(key, seen=()):
        """Of the inclusive cost of calls into unowned function key, what functions with a group
        count themselves."""
        total = 0
        for c in out.get(key, []):
            callee = (c[3], c[4])
            if not is_main(c[3]):
                continue
            if owner.get(c[4]):
                total += c[6]
            elif callee not in seen and into[callee]:
                total += counted_apart(callee, seen + (key,)) * c[5] / into[callee]
        return total

    for key, costs in own.items():
        if owner[key[1]] is None:
            continue  # Counted at its callers' sites.
        for a, cost in costs.items():
            groups[group_of(chains.get(a, []), lang) or owner[key[1]]] += cost
    for c in calls:
        if not is_main(c[0]) or owner.get(c[1]) is None:
            continue
        callee = (c[3], c[4])
        if is_main(c[3]) and owner.get(c[4]):
            continue  # It counts itself.
        cost = c[6]
        if is_main(c[3]) and into[callee]:
            cost -= counted_apart(callee) * c[5] / into[callee]
        groups[group_of(chains.get(c[2], []), lang) or owner[c[1]]] += cost
    return groups


def count(cmd, binary, lang, n, log):
    """Instructions per request by group (and "total") of the variant cmd runs: the difference of
    its two profiles (kept in a temporary folder), over n iterations."""
    with tempfile.TemporaryDirectory(prefix="bb-crosscheck-") as work:
        return _count(cmd, binary, lang, n, os.path.join(work, "callgrind.out"), log)


def _count(cmd, binary, lang, n, out, log):
    full = [need("valgrind", "valgrind"), "--tool=callgrind", "--dump-instr=yes",
            "--compress-strings=no", "--compress-pos=no",
            "--toggle-collect=bb_crosscheck_measured", "--dump-after=bb_crosscheck_measured",
            "--callgrind-out-file=" + out] + cmd
    log.write("$ %s\n" % " ".join(full))
    log.flush()
    done = subprocess.run(full, stdout=log, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RunError("%s failed under callgrind: %s" % (" ".join(cmd), done.stderr[-500:]))
    log.write(done.stderr[-2000:])
    profiles = []
    for k in (1, 2):
        with open("%s.%d" % (out, k)) as f:
            profile = parse_profile(f.read())
        profiles.append(attribute(profile, binary, lang,
                                  inline_chains(binary, addresses(profile, binary))))
    per = float(n * REQUESTS)
    result = {g: (profiles[1].get(g, 0) - profiles[0].get(g, 0)) / per for g in GROUP_NAMES}
    result["total"] = sum(result.values())
    return result


# ---- ratios, interleaved ----

def interleaved(cmd, seconds, log):
    """One process of an interleaved pair, for `seconds`: its rounds, each the ns per iteration of
    the first and the second variant, as the runner prints them."""
    log.write("$ %s\n" % " ".join(cmd))
    log.flush()
    started, rounds = time.monotonic(), []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True) as proc:
        try:
            for line in proc.stdout:
                try:
                    row = json.loads(line)
                except ValueError:
                    break
                if "round" in row:
                    rounds.append(row["ns"])
                if time.monotonic() - started >= seconds:
                    break
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
    if len(rounds) < 3:
        raise RunError("%s gave %d rounds (see the log)" % (" ".join(cmd), len(rounds)))
    return rounds


def pair_ratio(rounds_per_process):
    """The pair's ratio - 1: the median over processes of each process's median per-round
    ratio (first over second), with the processes' own figures."""
    each = [statistics.median([a / b for a, b in rounds]) - 1 for rounds in rounds_per_process]
    return statistics.median(each), each
