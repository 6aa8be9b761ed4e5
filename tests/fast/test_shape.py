"""`boxbench shape`'s reading of a disassembly: a memcpy of a constant size after a call, in an
async body's poll, is the moving shape; a body that builds in place, a copy before any call, a
copy of unknown size or outside an async body is not; generic instances of one name count apart."""
import unittest

import fixture  # noqa: F401 (the scripts on the path)
from bb.analysis import shape

DISASSEMBLY = """
0000000000001000 <<app::Svc as app::Trait>::call::{{closure}}>:
    1000:\tsub    $0x1000,%rsp
    1004:\tcall   2000 <app::payload_apart>
    1009:\tlea    0x8(%rbx),%rdi
    100d:\tmov    $0x418,%edx
    1012:\tmov    %r15,%rsi
    1015:\tcall   *0x7d0c61(%rip)        # f275a8 <memcpy@GLIBC_2.14>
    101b:\tret

0000000000001100 <<app::Svc as app::Trait>::call::{{closure}}>:
    1104:\tcall   2000 <app::payload_apart>
    110d:\tmov    $0x80,%edx
    1115:\tcall   3000 <memcpy@plt>

0000000000001200 <<app::Inline as app::Trait>::call::{{closure}}>:
    1200:\tmov    $0x1000,%edx
    1204:\tcall   3000 <memcpy@plt>
    1209:\tcall   *0x10(%rax)

0000000000001300 <app::not_async>:
    1300:\tcall   2000 <app::payload_apart>
    1304:\tmov    $0x4000,%edx
    1309:\tcall   3000 <memcpy@plt>

0000000000001400 <<app::Gen<T> as app::Trait>::call::{{closure}}>:
    1400:\tcall   2000 <app::make>
    1404:\tmov    %rcx,%rdx
    1409:\tcall   3000 <memcpy@plt>
"""


class ShapeTest(unittest.TestCase):
    def test_the_moving_shape_is_found_and_nothing_else(self):
        self.assertEqual(shape.moves(DISASSEMBLY, 256),
                         [("<app::Svc as app::Trait>::call::{{closure}}", 0x418)])
        # The second instance's copy is below the threshold, not missing.
        self.assertEqual([b for _, b in shape.moves(DISASSEMBLY, 64)], [0x418, 0x80])
        self.assertEqual(shape.async_bodies(DISASSEMBLY), 4)

    def test_the_words(self):
        found = shape.moves(DISASSEMBLY, 256)
        self.assertIn("1 moves of a future of 256 bytes or more", shape.report("app", found, 4,
                                                                                256))
        self.assertIn("built where they are held", shape.report("app", [], 4, 256))
        self.assertIn("no async body found", shape.report("app", [], 0, 256))


if __name__ == "__main__":
    unittest.main()
