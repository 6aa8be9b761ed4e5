"""The mitigations and crossover tables on literal summary rows: which rows and columns appear,
and where native-moved's cost meets box's."""
import unittest

import fixture  # noqa: F401  (puts scripts/ on the path)
from bb.analysis import mitigations
from bb.output import terminal


def row(mode, size, ns, overhead, depth=8, allocator="glibc", state="warm"):
    return {"mode": mode, "size": size, "depth": depth, "pattern": "pending", "state": state,
            "allocator": allocator, "ns_per_call": ns, "overhead_ns": overhead}


# At depth 8: native-moved cheaper than box at 16 B and 256 B, dearer from 4 KiB.
SUMMARY = [row("inline", s, 10.0, 0.0) for s in (16, 256, 4096)] + [
    row("box", 16, 110.0, 100.0), row("box", 256, 130.0, 120.0), row("box", 4096, 170.0, 160.0),
    row("native-moved", 16, 60.0, 50.0), row("native-moved", 256, 129.0, 119.0),
    row("native-moved", 4096, 300.0, 290.0), row("reuse", 16, 80.0, 70.0),
    {"mode": "empty", "size": None, "depth": None, "pattern": None, "state": None,
     "allocator": "glibc", "ns_per_call": 1.0, "overhead_ns": None}]


class MitigationsTest(unittest.TestCase):
    def test_rows_put_the_modes_side_by_side(self):
        rows, columns = mitigations.rows(SUMMARY, "inline")
        self.assertEqual(columns, ["box_ns", "native-moved_ns", "reuse_ns"])  # Not the baseline.
        self.assertEqual([r["size"] for r in rows], [16, 256, 4096])
        self.assertEqual((rows[0]["box_ns"], rows[0]["reuse_ns"]), (100.0, 70.0))
        self.assertNotIn("reuse_ns", rows[1])  # Not measured there: an empty cell.
        self.assertEqual(mitigations.mode_columns(rows), ["box_ns", "native-moved_ns", "reuse_ns"])

    def test_no_table_without_box_and_another_mode(self):
        only_box = [r for r in SUMMARY if r["mode"] in ("inline", "box")]
        self.assertEqual(mitigations.rows(only_box, "inline"), ([], []))
        self.assertEqual(mitigations.rows([r for r in SUMMARY if r["mode"] != "box"], "inline"),
                         ([], []))

    def test_crossover(self):
        (c,) = mitigations.crossover(SUMMARY)
        self.assertEqual((c["depth"], c["sizes"], c["moved_cheaper_to"], c["box_cheaper_from"]),
                         (8, 3, 256, 4096))

    def test_crossover_outside_the_sizes(self):
        cheaper = [r for r in SUMMARY if r["size"] != 4096]
        (c,) = mitigations.crossover(cheaper)
        self.assertEqual((c["moved_cheaper_to"], c["box_cheaper_from"]), (256, None))
        dearer = [dict(r, ns_per_call=r["ns_per_call"] + 1000) if r["mode"] == "native-moved"
                  else r for r in SUMMARY]
        (c,) = mitigations.crossover(dearer)
        self.assertEqual((c["moved_cheaper_to"], c["box_cheaper_from"]), (None, 16))
        self.assertEqual(mitigations.crossover([r for r in SUMMARY if r["size"] == 16]), [])

    def test_the_last_crossing_counts(self):
        # A tie at 256 B, cheaper again at 1 KiB: the crossover is between 1 KiB and 4 KiB.
        dip = SUMMARY + [row("box", 1024, 150.0, 140.0), row("native-moved", 1024, 140.0, 130.0)]
        dip = [dict(r, ns_per_call=131.0) if (r["mode"], r["size"]) == ("native-moved", 256)
               else r for r in dip]
        (c,) = mitigations.crossover(dip)
        self.assertEqual((c["sizes"], c["moved_cheaper_to"], c["box_cheaper_from"]),
                         (4, 1024, 4096))

    def test_tables_print(self):
        rows, _ = mitigations.rows(SUMMARY, "inline")
        text = terminal.mitigations(rows)
        self.assertIn("glibc: overhead over inline", text)
        self.assertIn("native-moved", text.splitlines()[1])
        self.assertIn("+290.0", text)
        crossing = terminal.crossover(mitigations.crossover(SUMMARY))
        self.assertIn("256 B", crossing)
        self.assertIn("4 KiB", crossing)


if __name__ == "__main__":
    unittest.main()
