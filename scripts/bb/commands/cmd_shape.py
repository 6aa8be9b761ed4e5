"""`boxbench shape BINARY`: which of the two shapes of boxed future a Rust binary is in."""
import json
import os
import subprocess

from .. import UsageError, need
from ..analysis import shape
from . import common


def add(sub, describe):
    """shape's options."""
    p = common.command(sub, "shape", "tell which shape a Rust binary's boxed futures are in: "
                       "built in the box (box-inplace's price) or moved into it (box's, the copy "
                       "included), from its disassembly",
                       epilog="It reads `objdump -d -C` of the binary (binutils) for the mark of "
                              "the moving shape: in an async body's poll, a memcpy of a constant "
                              "size after the call that made the awaited future. Build the "
                              "binary as you ship it (release, your LTO setting), with symbols. "
                              "docs/design.md says how each shape arises.\n")
    p.add_argument("binary", metavar="BINARY", help="a Rust executable or library with symbols")
    p.add_argument("--min-bytes", type=common.at_least("min-bytes", 1), default=256,
                   help="the smallest move reported (default %(default)s: smaller copies cost "
                        "little beside the allocation)")
    p.add_argument("--json", action="store_true", help="print the moves as JSON")


def run(args):
    if not os.path.isfile(args.binary):
        raise UsageError("%s is not a file" % args.binary)
    done = subprocess.run([need("objdump", "binutils"), "-d", "-C", "--no-show-raw-insn",
                           args.binary], capture_output=True, text=True)
    if done.returncode != 0:
        raise UsageError("objdump cannot read %s: %s" % (args.binary, done.stderr.strip()[-300:]))
    found = shape.moves(done.stdout, args.min_bytes)
    bodies = shape.async_bodies(done.stdout)
    if args.json:
        print(json.dumps({"binary": args.binary, "async_bodies": bodies,
                          "min_bytes": args.min_bytes,
                          "moves": [{"function": f, "bytes": b} for f, b in found]}, indent=1))
    else:
        print(shape.report(args.binary, found, bodies, args.min_bytes))
    return 0
