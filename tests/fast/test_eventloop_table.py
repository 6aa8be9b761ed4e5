"""bench/eventloop/README.md's table of what the original does per iteration equals what the runner
says its port does (the catalogue's counts, from the same C table test_ports proves the port
reaches): the table cannot drift from the code."""
import os
import re
import unittest

import fixture

README = os.path.join(fixture.ROOT, "bench", "eventloop", "README.md")
# The table's columns, each the variants it stands for (the first is the small-buffer one).
COLUMNS = (("manual",), ("nonbox", "large+nonbox"), ("callerbox",),
           ("box", "box+callerbox", "large+box"), ("box+rc",), ("box+chkrc",), ("box+arc",))
# Row label (its start) -> the counts its cell gives, " / " apart.
ROWS = {"register / unregister / poll": ("register_", "unregister", "poll"),
        "accept / read / write": ("accept", "read", "write"),
        "syscalls": ("syscalls",), "busy waits": ("spins",),
        "heap allocations in the iteration": ("heap_allocs",),
        "heap allocations when the executor is built": ("setup_allocs",),
        "task polls": ("direct_polls", "indirect_polls"),
        "other calls through a pointer": ("indirect_calls",),
        "waker clones": ("waker_clones",), "wakes by value": ("wakes",),
        "waker drops": ("waker_drops",), "`Weak<Tasks>::upgrade`": ("upgrades",),
        "thread checks": ("thread_checks",),
        "waker count changes": ("waker_refs", "waker_atomic_refs"),
        "`Rc<Tasks>` count changes": ("task_refs",),
        "count changes of the `Rc` handles": ("shared_refs",),
        "bytes zeroed": ("bytes_zeroed",), "bytes moved": ("bytes_moved",),
        "request bytes copied": ("bytes_read",)}


def table_rows():
    with open(README) as f:
        lines = [l for l in f.read().splitlines() if l.startswith("| ")]
    start = next(i for i, l in enumerate(lines) if l.startswith("| operation |"))
    out = {}
    for line in lines[start + 1:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        label = next((k for k in ROWS if cells[0].startswith(k)), None)
        if label is not None:
            out[label] = cells[1:1 + len(COLUMNS)]
    return out


def cell_values(cell, large):
    """A cell's numbers: '-' is none, 'A, large B' gives B for a large variant."""
    if cell == "-":
        return None
    m = re.fullmatch(r"(.+?), large (\d+)", cell)
    if m:
        cell = m.group(2) if large else m.group(1)
    return [int(v) for v in cell.split(" / ")]


class EventloopTableTest(unittest.TestCase):
    def test_every_cell_is_the_ports_count(self):
        cat = fixture.fixture_catalogue()
        counts = {u.variant: u.counts for u in cat.of_suite("eventloop")}
        rows = table_rows()
        self.assertEqual(sorted(rows), sorted(ROWS))
        checked = 0
        for label, names in ROWS.items():
            for cell, variants in zip(rows[label], COLUMNS):
                for v in variants:
                    suffix = {"syscalls": "+syscalls", "busy waits": "+spin"}.get(label)
                    if suffix:
                        v += suffix
                        if v not in counts:
                            continue
                    c = dict(counts[v], direct_polls=counts[v]["task_polls"] -
                             counts[v]["indirect_polls"])
                    got = cell_values(cell, v.startswith("large"))
                    want = [c[n] for n in names]
                    with self.subTest(row=label, variant=v):
                        self.assertEqual(got or [0] * len(names), want)
                    checked += 1
        self.assertGreater(checked, 150)


if __name__ == "__main__":
    unittest.main()
