"""machine.json's key and costs: a key made of what moves the figures and never of a reading, the
same for the same parts and another for another kernel; the costs from the controls' rows."""
import json
import unittest

import fixture  # noqa: F401  (puts scripts/ on the path)
from bb.model import machine, roles
from bb.measuring import probe


class KeyTest(unittest.TestCase):
    def test_the_key_is_made_of_parts_and_never_of_readings(self):
        parts = probe.key_parts("2.36")
        text = json.dumps(parts).lower()
        for reading in ("bogomips", "mhz", "load"):
            self.assertNotIn(reading, text)
        self.assertEqual(machine.key(parts), machine.key(json.loads(json.dumps(parts))))
        self.assertEqual(len(machine.key(parts)), 16)
        other = dict(parts, kernel=str(parts["kernel"]) + "-other")
        self.assertNotEqual(machine.key(parts), machine.key(other))

    def test_the_costs_are_the_controls_rows(self):
        rows = [{"mode": roles.SYSCALL, "size": None, "allocator": "glibc", "ns_per_call": 95.0},
                {"mode": roles.MALLOC_FREE, "size": None, "allocator": "glibc",
                 "ns_per_call": 7.5},
                {"mode": roles.MALLOC_FREE, "size": None, "allocator": "jemalloc",
                 "ns_per_call": 3.7},
                {"mode": roles.BOX, "size": 64, "allocator": "glibc", "ns_per_call": 30.0}]
        self.assertEqual(machine.costs(rows, "18.0"), {
            roles.SYSCALL: {"glibc": 95.0},
            roles.MALLOC_FREE: {"glibc": 7.5, "jemalloc": 3.7}, "timer": {"all": 18.0}})


if __name__ == "__main__":
    unittest.main()
