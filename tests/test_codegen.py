"""What the compiler made of the measured code, read from the Release glibc runner's disassembly
(objdump), as google-benchmark's assembly tests do: a benchmark whose work the compiler deleted or
devirtualised measures nothing. The deep tree (claim C2): every boxed top-level call allocates and
frees its box, and every boxed level above the leaves polls its children through their vtable and
allocates and frees theirs; the inline form neither allocates nor calls through a pointer, and
neither does the synchronous one. The matrix's inline chains (native async fn) never allocate.

Run by ctest (BOXBENCH_BUILD_DIR: the build whose runner is read)."""
import collections
import os
import re
import shutil
import subprocess
import unittest

BUILD = os.environ.get("BOXBENCH_BUILD_DIR", "")
RUNNER = os.path.join(BUILD, "bb-run-glibc")
CALL = re.compile(r"\tcall\s+(\*?)\S*(?:\s+<([^>+]+))?")


def disassembly(path):
    """{(function, k): [(indirect?, callee or None) of each call]}: k tells apart static functions
    of one name in several objects (the tree's fan-outs)."""
    text = subprocess.run(["objdump", "-d", "--no-show-raw-insn", path], capture_output=True,
                          text=True, check=True).stdout
    calls, seen, cur = {}, collections.Counter(), None
    for line in text.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if m:
            seen[m.group(1)] += 1
            cur = (m.group(1), seen[m.group(1)])
            calls[cur] = []
            continue
        c = CALL.search(line)
        if cur is not None and c:
            calls[cur].append((bool(c.group(1)), c.group(2)))
    return calls


@unittest.skipUnless(os.access(RUNNER, os.X_OK) and shutil.which("objdump"),
                     "no built runner or no objdump (ctest gives BOXBENCH_BUILD_DIR)")
class CodegenTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.calls = disassembly(RUNNER)

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

    def test_the_inline_chains_never_allocate(self):
        for f, calls in self.functions(r"bb__run_inline_\d+_\d+").items():
            self.assertFalse({c for _, c in calls} & {"malloc@plt", "free@plt", "bb_box_pin"}, f)


if __name__ == "__main__":
    unittest.main()
