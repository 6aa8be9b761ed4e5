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

    def test_attribution(self):
        """Own instructions by their chain; a call into libc by its site; an unowned function of
        the binary at its callers' sites, less what an owned callee counts itself."""
        profile = xc.parse_profile("\n".join([
            "ob=/bin/x", "fn=stats", "0x10 1 10",
            "cob=/lib/libc.so.6", "cfn=read", "calls=1 0x90 0", "0x11 1 100",
            "fn=helper", "0x20 1 6",
            "cfn=stats", "calls=2 0x10 0", "0x21 1 220",
            "fn=executor", "0x30 1 4",
            "cfn=helper", "calls=1 0x20 0", "0x31 1 120",
            "cfn=helper", "calls=1 0x20 0", "0x32 1 120",
            "ob=/lib/libc.so.6", "fn=read", "0x90 1 100", ""]))
        chains = {0x10: ["bb_ev_inc"], 0x11: ["bb_ev_inc"], 0x20: ["bb__slab_x_at"],
                  0x21: ["bb__slab_x_at"], 0x30: ["bb__process_next"],
                  0x31: ["bb__tasks_wake", "bb__process_next"], 0x32: ["bb__process_next"]}
        self.assertEqual(sorted(set(xc.addresses(profile, "/bin/x"))), sorted(chains))
        groups = xc.attribute(profile, "/bin/x", roles.C, chains)
        # stats: its 10 own and libc's 100 called from it; helper (unowned: 6 own, 220 with two
        # calls of stats which count themselves as 10 + 100 each) lands half at each of its
        # callers' sites: (240 - 220) / 2 = 10 each, beside 4 of the executor's own.
        self.assertEqual(groups["statistics"], 110)
        self.assertEqual(groups["wakers"], 10)
        self.assertEqual(groups["executor"], 14)

    def test_pair_ratio_is_the_median_of_process_medians(self):
        ratio, each = xc.pair_ratio([[(2.0, 1.0), (3.0, 1.0), (2.2, 1.0)], [(1.1, 1.0)] * 3,
                                     [(1.5, 1.0)] * 3])
        self.assertAlmostEqual(ratio, 0.5)
        self.assertEqual([round(e, 6) for e in each], [1.2, 0.1, 0.5])

    def test_every_pair_and_counted_variant_is_a_port_variant(self):
        names = {v for p in roles.ORIGINAL_PAIRS for v in p} | set(roles.ORIGINAL_VARIANTS)
        with open(os.path.join(fixture.ROOT, "bench", "eventloop", "bb_eventloop.h")) as f:
            header = f.read()
        for v in names:
            self.assertIn('"%s"' % v, header)


if __name__ == "__main__":
    unittest.main()
