"""What the compiler made of the measured code, read from the Release glibc runner's disassembly
(objdump), as google-benchmark's assembly tests do: a benchmark whose work the compiler deleted or
devirtualised measures nothing. The matrix: box moves its whole future into the allocation (the
bytes copied equal the bytes allocated), box-inplace allocates and copies nothing, and bb_escape
keeps the future's stores before the move; inline's loop polls by direct calls, box's and dyn's
through a pointer. The Rust beside it (bench/rust), as rustc 1.96 compiled it here:
#[async_trait]'s Box::pin builds the future in its allocation (the future's size, as the
catalogue says it) and moves nothing into it; where the awaited async fn is made by a call that
is not inlined, the future's first poll moves what that call returned into the box's state:
box-inplace's shape and box's. The
deep tree (claim C2): every boxed top-level call allocates and frees its box, and every boxed level
above the leaves polls its children through their vtable and allocates and frees theirs; the
inline form neither allocates nor calls through a pointer, and neither does the synchronous one.
The matrix's inline chains (native async fn) never allocate.

Run by ctest (BOXBENCH_BUILD_DIR: the build whose runner is read)."""
import collections
import json
import os
import re
import shutil
import subprocess
import unittest

from clitest import BUILD, RUNNER

CALL = re.compile(r"\tcall\s+(\*?)(\S*)(?:\s+<([^>+]+))?")
# The waker's wake_by_ref, the third entry of its vtable: a pending payload calls it through the
# waker's vtable in every mode, as Rust's RawWakerVTable does.
WAKE_BY_REF = "*0x10(%"


def disassembly(path):
    """({(function, k): [(indirect?, callee or None) of each call]}, {function: [instruction]}): k
    tells apart static functions of one name in several objects (the tree's fan-outs)."""
    text = subprocess.run(["objdump", "-d", "--no-show-raw-insn", path], capture_output=True,
                          text=True, check=True).stdout
    calls, code, seen, cur = {}, {}, collections.Counter(), None
    for line in text.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if m:
            seen[m.group(1)] += 1
            cur = (m.group(1), seen[m.group(1)])
            calls[cur] = []
            code.setdefault(cur[0], [])
            continue
        if cur is None or "\t" not in line:
            continue
        code[cur[0]].append(line.split("\t", 1)[1].strip())
        c = CALL.search(line)
        if c:
            calls[cur].append((bool(c.group(1)), c.group(3) or c.group(1) + c.group(2)))
    return calls, code


def _immediate(instructions, register):
    """The last constant moved into register among instructions, or None."""
    found = None
    for i in instructions:
        m = re.match(r"mov\s+\$0x([0-9a-f]+),%" + register + r"$", i)
        if m:
            found = int(m.group(1), 16)
    return found


def copied_after_malloc(instructions):
    """(bytes allocated, bytes moved into the allocation) of a function that allocates once: a
    memcpy's length, a rep movs's count times its width, or the vector and 8-byte stores through
    the allocation's pointer."""
    at = next(i for i, x in enumerate(instructions) if x.startswith("call") and "malloc@plt" in x)
    allocated, after = _immediate(instructions[:at], "edi"), instructions[at + 1:]
    for i, x in enumerate(after):
        if x.startswith("call") and "memcpy@plt" in x:
            return allocated, _immediate(after[:i], "edx")
        m = re.match(r"rep movs([bwlq])", x)
        if m:
            width = {"b": 1, "w": 2, "l": 4, "q": 8}[m.group(1)]
            return allocated, _immediate(after[:i], "ecx") * width
    vector = r"mov(ups|dqu|aps|dqa)\s+%xmm\d+,(0x[0-9a-f]+)?\(%rax\)"
    stores = [x for x in after if re.match(vector, x)]
    words = [x for x in after if re.match(r"mov\s+%r\w+,(0x[0-9a-f]+)?\(%rax\)", x)]
    return allocated, 16 * len(stores) + 8 * len(words)


@unittest.skipUnless(os.access(RUNNER, os.X_OK) and shutil.which("objdump"),
                     "no built runner or no objdump (ctest gives BOXBENCH_BUILD_DIR)")
class CodegenTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.calls, cls.code = disassembly(RUNNER)

    def functions(self, pattern):
        found = {k: v for k, v in self.calls.items() if re.fullmatch(pattern, k[0])}
        self.assertTrue(found, "no function matches %s: renamed?" % pattern)
        return found

    def test_every_boxed_tree_call_allocates(self):
        top = self.functions(r"bb__tree_boxed_\d+")
        self.assertEqual(len(top), 512 * 3)  # the copies (BB_TREE_COPIES), at three fan-outs
        for f, calls in top.items():
            callees = {c for _, c in calls}
            self.assertTrue({"malloc@plt", "free@plt"} <= callees, f)

    def test_boxed_levels_poll_through_the_vtable_and_box_their_children(self):
        for f, calls in self.functions(r"b\d+_[1-4]_poll").items():
            callees = {c for _, c in calls}
            self.assertTrue(any(ind for ind, _ in calls),
                            "%s polls no child through a pointer" % (f,))
            self.assertTrue(callees & {"malloc@plt", "bb_box_pin"}, "%s boxes no child" % (f,))
            self.assertIn("free@plt", callees, f)

    def test_inline_and_sync_trees_neither_allocate_nor_call_through_pointers(self):
        for pattern in (r"bb__tree_inline_\d+", r"i\d+_\d_poll(\.isra\.0)?", r"bb__tree_sync_\d+",
                        r"s\d+_\d"):
            for f, calls in self.functions(pattern).items():
                self.assertFalse([c for ind, c in calls if ind or c in ("malloc@plt", "free@plt")],
                                 f)

    def test_box_moves_the_whole_future_and_inplace_moves_nothing(self):
        boxes = self.functions(r"bb__payload_\d+_build_box")
        self.assertEqual(len(boxes), len(self.functions(r"bb__payload_\d+_build_inplace")))
        for (f, _), _ in boxes.items():
            size = int(re.search(r"\d+", f).group())
            allocated, copied = copied_after_malloc(self.code[f])
            self.assertGreaterEqual(allocated, size, f)
            self.assertEqual(copied, allocated, "%s moves %s of the %d bytes it allocates"
                             % (f, copied, allocated))
            inplace = self.code[f.replace("_box", "_inplace")]
            self.assertFalse([x for x in inplace if "memcpy" in x or x.startswith("rep movs")], f)

    def test_the_escape_keeps_the_stores_before_the_move(self):
        """The future's fields (state, pending, seed) are stored to the frame before the
        allocation: were bb_escape dropped, the compiler could build the value in the box."""
        for (f, _), _ in self.functions(r"bb__payload_\d+_build_box").items():
            code = self.code[f]
            at = next(i for i, x in enumerate(code) if "malloc@plt" in x)
            frame = [x for x in code[:at] if re.match(r"mov[lbq]?\s+\S+,(0x[0-9a-f]+)?\(%rsp\)", x)]
            self.assertGreaterEqual(len(frame), 3, "%s: %s" % (f, code[:at]))

    def test_inline_polls_directly_and_the_vtable_modes_through_a_pointer(self):
        for f, calls in self.functions(r"bb__run_inline_\d+_\d+").items():
            self.assertFalse([c for ind, c in calls if ind and not c.startswith(WAKE_BY_REF)], f)
        for mode in ("box", "into", "inplace"):
            for f, calls in self.functions(r"bb__run_%s" % mode).items():
                self.assertTrue([c for ind, c in calls if ind and not c.startswith(WAKE_BY_REF)],
                                "%s calls nothing through a pointer" % (f,))

    def test_async_trait_builds_the_future_in_its_box(self):
        cat = json.loads(subprocess.run([RUNNER, "--bb_catalogue"], capture_output=True,
                                        text=True, check=True).stdout)
        sizes = {u["future_bytes"] for u in cat["units"]
                 if u.get("lang") == "rust" and u.get("mode") == "box" and u["depth"] == 1}
        if not sizes:
            self.skipTest("bench/rust is not built into this runner (no cargo at configure time)")
        calls = self.functions(r"_ZN\d+_\$LT\$bbrust\.\.Payload.*DynService\$GT\$4call17h\w+E")
        allocated = set()
        for (f, _), _ in calls.items():
            code = self.code[f]
            self.assertFalse([x for x in code if "memcpy" in x or x.startswith("rep movs")], f)
            at = next(i for i, x in enumerate(code) if re.match(r"mov\s+\$0x8,%esi", x))
            allocated.add(_immediate(code[:at], "edi"))
            # After the allocation, only the captured arguments and the state are stored.
            stores = [x for x in code[at:]
                      if re.match(r"mov[bwlq]?\s+\S+,(0x[0-9a-f]+)?\(%rax\)", x)]
            self.assertLessEqual(len(stores), 6, (f, stores))
        self.assertEqual(allocated, sizes)

    def test_async_trait_over_a_call_apart_moves_the_future_into_its_box(self):
        """box's Rust shape: the #[async_trait] future's first poll calls the payload's async fn
        (not inlined), which writes the future into a return slot on the stack, then moves all of
        it (its array uninitialised) into the box's state: a memcpy of at least the array, or from
        256 B down the vector and word moves that make one."""
        polls = self.functions(r"_ZN\d+_\$LT\$bbrust\.\.PayloadApart.*closure.*")
        if not polls:
            self.skipTest("bench/rust is not built into this runner (no cargo at configure time)")
        for (f, _), calls in polls.items():
            code = self.code[f]
            at = next(i for i, x in enumerate(code) if "payload_apart" in x)
            callee = re.search(r"<(\S+payload_apart\S+)>", code[at]).group(1)
            # The callee stores the seed after the array: its offset is the array's size.
            size = int(re.match(r"mov\s+%rsi,0x([0-9a-f]+)\(%rdi\)", self.code[callee][0])
                       .group(1), 16)
            after = code[at + 1:]
            copy = next((i for i, x in enumerate(after) if "memcpy" in x), None)
            if copy is not None:
                self.assertGreaterEqual(_immediate(after[:copy], "edx"), size, f)
            else:
                self.assertLess(size, 256, "%s: no memcpy of its %d bytes" % (f, size))
                moved = [x for x in after[:12] if re.match(r"mov(ups|dqu)\s+%xmm\d+,", x)]
                self.assertGreaterEqual(16 * len(moved) + 8, size, (f, after[:12]))

    def test_the_inline_chains_never_allocate(self):
        for f, calls in self.functions(r"bb__run_inline_\d+_\d+").items():
            self.assertFalse({c for _, c in calls} & {"malloc@plt", "free@plt", "bb_box_pin"}, f)



def symbols(path):
    """{function: address} of a runner's local functions (nm)."""
    text = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
    return {f[2]: int(f[0], 16) for f in (line.split() for line in text.splitlines())
            if len(f) == 3 and f[1] in "tT"}


class LayoutTest(unittest.TestCase):
    """The build's code layouts (CMakeLists.txt, BB_LAYOUTS): each runner's functions at other
    addresses in each, the harness's controls at the same ones in all (their section is not
    shuffled: a control the layout moved would read the code's luck as the machine's)."""

    def test_layouts_move_the_code_and_not_the_controls(self):
        layouts = [RUNNER] + [os.path.join(BUILD, "layout-%d" % k, os.path.basename(RUNNER))
                              for k in range(2, 9)]
        layouts = [p for p in layouts if os.path.exists(p)]
        if len(layouts) < 2:
            self.skipTest("one code layout in this build (no lld)")
        got = [symbols(p) for p in layouts]
        moved = [f for f in ("bb__run_box", "bb__payload_64_boxed_poll", "bb_box_pin")
                 if len({g[f] for g in got}) == len(got)]
        self.assertEqual(len(moved), 3, moved)  # another address in every layout
        for f in ("bb__empty_run", "bb__spin_run", "bb__indirect_run", "bb__callee",
                  "bb__malloc_run", "bb__syscall_run"):
            self.assertEqual(len({g[f] for g in got}), 1, f)
            self.assertEqual(got[0][f] % 64, 0, f)


if __name__ == "__main__":
    unittest.main()
