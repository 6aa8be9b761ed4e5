"""`boxbench crosscheck --original PATH`: the event-loop port against the original it ports."""
import json
import os
import platform
import sys
import time

from .. import UsageError
from ..measuring import crosscheck as xc, probe
from ..folder.rundir import RunDir, default_path
from ..model import catalogue, machine, roles
from ..model.text import markdown_table
from . import cmd_history, common


def add(sub, describe):
    """crosscheck's options."""
    p = common.command(
        sub, "crosscheck", "the event-loop port against a checkout of the original "
        "(jkarneges/rust-async-bench): instructions per request by group of functions, and the "
        "original benchmark's ratios, both sides measured the same way",
        epilog="The original is built offline, by the cargo and rustc CMake found, against "
               "Debian's crates (librust-libc-dev, librust-slab-dev), beside "
               "bench/eventloop/crosscheck/driver.rs, in BUILD/crosscheck; nothing is written into "
               "the checkout. Instructions come from callgrind (valgrind), ratios from both sides "
               "timed in turn in one process, round after round. bench/eventloop/README.md says "
               "what the groups hold.\n")
    p.add_argument("--original", required=True, metavar="PATH",
                   help="a checkout of github.com/jkarneges/rust-async-bench")
    p.add_argument("--only", choices=("counts", "ratios"),
                   help="measure one of the two tables only: the instruction counts, or the ratios")
    p.add_argument("--processes", type=common.at_least("processes", 1), default=3,
                   help="processes per pair and side for the ratios (default %(default)s)")
    p.add_argument("--seconds", type=common.positive("seconds", float), default=6,
                   help="seconds each process runs its pair (default %(default)g)")
    p.add_argument("--round-ms", type=common.positive("round-ms", float), default=20,
                   help="ms each variant runs per round (default %(default)g)")
    p.add_argument("--iterations", type=common.at_least("iterations", 1), default=20,
                   help="iterations of 256 requests counted under callgrind, beside twice as many "
                        "(default %(default)s)")
    common.add_out(p, "crosscheck")
    cmd_history.add_options(p)


def _port(build_dir, name):
    path = os.path.join(build_dir, name)
    if not os.access(path, os.X_OK):
        raise UsageError("%s is not built: run scripts/setup.sh" % path)
    return path


def instruction_table(counts):
    """Per variant: total per request on each side, and per group original / port."""
    head = ["variant", "original", "port", "port / original"] + list(xc.GROUP_NAMES)
    rows = []
    for v, c in counts.items():
        o, p = c["original"], c["port"]
        cells = [v, "%.0f" % o["total"], "%.0f" % p["total"], "%.2f" % (p["total"] / o["total"])]
        rows.append(cells + ["%.0f / %.0f" % (o[g], p[g]) for g in xc.GROUP_NAMES])
    return "\n".join(markdown_table(head, rows))


def ratio_table(ratios):
    head = ["ratio - 1", "original (Rust)", "port (C)", "port - original (points)"]
    rows = [[pair, "%+.1f%%" % (100 * r["original"]), "%+.1f%%" % (100 * r["port"]),
             "%+.1f" % (100 * (r["port"] - r["original"]))] for pair, r in ratios.items()]
    return "\n".join(markdown_table(head, rows))


def run(args):
    original = xc.check_original(args.original)
    port_count = _port(args.build_dir, "bb-crosscheck-port")
    runner = _port(args.build_dir, catalogue.runner_name(roles.DEFAULT_ALLOCATOR))
    out = RunDir(args.out or default_path(os.path.join(common.ROOT, "results"), "crosscheck"))
    say = lambda text: print("boxbench: crosscheck: %s" % text, file=sys.stderr, flush=True)
    record = {"command": "boxbench crosscheck", "commit": common.commit_id(),
              # The checkout as the user named it: a results folder holds no absolute path.
              "original": args.original, "date": time.strftime("%Y-%m-%d"),
              "machine": "%s, %d CPUs, Linux %s" % (probe.cpu_model(), os.cpu_count(),
                                                   platform.release()),
              "machine_key": machine.key(probe.key_parts(platform.libc_ver()[1])),
              "versions": xc.tool_versions(args.build_dir)}
    with out:
        with open(out.path("crosscheck.log"), "w") as log:
            say("building the original's driver against %s" % original)
            driver = xc.build_driver(common.ROOT, args.build_dir, original, log)
            if args.only != "ratios":
                record["groups"] = {g[0]: g[1] for g in xc.GROUPS}
                record["counts"] = {}
                n = args.iterations
                for i, v in enumerate(roles.ORIGINAL_VARIANTS):
                    say("instructions %d/%d: %s" % (i + 1, len(roles.ORIGINAL_VARIANTS), v))
                    record["counts"][v] = {
                        "original": xc.count([driver, "count", v, str(n)], driver, roles.RUST, n,
                                             log),
                        "port": xc.count([port_count, v, str(n)], port_count, roles.C, n, log)}
            if args.only != "counts":
                record["ratios"] = {}
                for i, (a, b) in enumerate(roles.ORIGINAL_PAIRS):
                    say("ratios %d/%d: %s / %s, %d processes per side of %gs"
                        % (i + 1, len(roles.ORIGINAL_PAIRS), a, b, args.processes, args.seconds))
                    sides = {"original": [], "port": []}
                    for _ in range(args.processes):  # The sides alternate: drift lands on both.
                        sides["original"].append(xc.interleaved(
                            [driver, "interleave", a, b, "%g" % args.round_ms], args.seconds, log))
                        sides["port"].append(xc.interleaved(
                            [runner, "--bb_interleave=%s/variant:%s,%s/variant:%s"
                             % (roles.EVENTLOOP, a, roles.EVENTLOOP, b),
                             "--bb_round_ms=%g" % args.round_ms], args.seconds, log))
                    (o, o_each), (p, p_each) = (xc.pair_ratio(sides["original"]),
                                                xc.pair_ratio(sides["port"]))
                    record["ratios"]["%s / %s" % (a, b)] = {
                        "original": o, "port": p,
                        "per_process": {"original": o_each, "port": p_each}}
        tables = []
        if "counts" in record:
            tables.append("Instructions per request (callgrind; per group: original / port), %s, "
                          "%s:\n\n%s" % (record["versions"]["rustc"], record["versions"]["gcc"],
                                         instruction_table(record["counts"])))
        if "ratios" in record:
            tables.append("Ratios (median over %d processes per side of the median per-round "
                          "ratio), %s:\n\n%s" % (args.processes, record["date"],
                                                 ratio_table(record["ratios"])))
        text = "\n\n".join(tables) + "\n"
        out.write("crosscheck.json", json.dumps(record, indent=1) + "\n")
        out.write("crosscheck.md", text)
    cmd_history.record_committed(args, out.final)
    print(text)
    print("results: %s" % common.shown(out.final))
    return 0
