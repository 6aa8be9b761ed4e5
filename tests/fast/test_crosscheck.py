"""boxbench crosscheck's attribution of instructions to groups of functions, on a small profile
and the names rustc and gcc give: the figures of its instruction table rest on it."""
import os
import unittest

import fixture  # noqa: F401  (puts scripts/ on the path)
from bb.measuring import crosscheck as xc
from bb.model import roles


class AttributionTest(unittest.TestCase):
    """The profile parser and the groups (fast)."""
    PROFILE = "\n".join([
        "events: Ir", "summary: 100", "ob=/bin/x", "fn=a", "0x10 1 5", "0x11 1 7",
        "cob=/lib/libc.so.6", "cfn=memcpy", "calls=2 0x99 0", "0x12 1 40", "fn=b",
        "cfn=a", "calls=1 0x10 0", "0x20 1 52", "0x21 1 3", ""])

    def test_self_costs_and_calls(self):
        self_cost, calls = xc.parse_profile(self.PROFILE)
        self.assertEqual(dict(self_cost[("/bin/x", "a")]), {0x10: 5, 0x11: 7})
        self.assertEqual(dict(self_cost[("/bin/x", "b")]), {0x21: 3})
        self.assertEqual(calls[0], ("/bin/x", "a", 0x12, "/lib/libc.so.6", "memcpy", 2, 40))
        self.assertEqual(calls[1], ("/bin/x", "b", 0x20, "/bin/x", "a", 1, 52))

    def test_groups_by_innermost_named_function(self):
        self.assertEqual(xc.group_of(["<slab::Slab<T> as core::ops::index::Index<usize>>::index",
                                      "rust_async_bench::fakeio::Poll<T>::poll"], roles.RUST),
                         "reactor")
        self.assertEqual(xc.group_of(["core::ptr::drop_in_place<rust_async_bench::run::"
                                      "connection::{{closure}}>"], roles.RUST), "tasks")
        self.assertEqual(xc.group_of(["bb__slab_items_at", "bb_ev_inc"], roles.C), "statistics")
        self.assertEqual(xc.group_of(["bb__slab_tasks_list_insert", "bb__tasks_wake",
                                      "bb__process_next"], roles.C), "wakers")
        self.assertIsNone(xc.group_of(["core::cell::RefCell<T>::borrow_mut"], roles.RUST))

    def test_generic_arguments_do_not_name_a_group(self):
        # A RefCell of the reactor's data, inlined into an I/O future, is the future's work.
        self.assertEqual(xc.group_of([
            "core::cell::RefCell<rust_async_bench::future::FakeReactorData>::borrow_mut",
            "<rust_async_bench::future::ReadFuture<T,R> as core::future::future::Future>::poll"],
            roles.RUST), "io")

    def test_every_pair_and_counted_variant_is_a_port_variant(self):
        names = {v for p in roles.ORIGINAL_PAIRS for v in p} | set(roles.ORIGINAL_VARIANTS)
        with open(os.path.join(fixture.ROOT, "bench", "eventloop", "bb_eventloop.h")) as f:
            header = f.read()
        for v in names:
            self.assertIn('"%s"' % v, header)


if __name__ == "__main__":
    unittest.main()
