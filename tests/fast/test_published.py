"""Every published figure and band in the claims table (the claim modules, scripts/bb/analysis/claims/) against the table of
the sources' own numbers in docs/claims.md: each part's figure is that arithmetic, each band the
figure within a factor of two or the one the row names, and neither table has a part the other
lacks. A transcription slip on either side fails."""
import ast
import math
import operator
import os
import re
import unittest

import fixture
from bb.analysis import claims

DOC = os.path.join(fixture.ROOT, "docs", "claims.md")
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv}


def arithmetic(text):
    """The value of a sum, difference, product or quotient of numbers, or a negated one; nothing
    else is read."""
    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        raise ValueError("not plain arithmetic: %s" % text)
    return value(ast.parse(text, mode="eval").body)


def documented():
    """{(id, part): ((low, high), band cell)} from the doc's table of parts."""
    with open(DOC) as f:
        text = f.read()
    table = text[text.index("| id | part | the source's numbers | band |"):]
    out = {}
    for line in table.splitlines()[2:]:
        if not line.startswith("| C"):
            break
        cid, part, numbers, band = [c.strip() for c in line.strip("|").split("|")]
        found = [arithmetic(x) for x in re.findall(r"`([^`]*)`", numbers)]
        out[cid, part] = ((found[0], found[-1]), band)
    return out


class PublishedTest(unittest.TestCase):
    def test_every_part_as_its_source_has_it(self):
        doc = documented()
        table = {(c.id, p.name): (c, p) for c in claims.CLAIMS for p in c.parts}
        self.assertEqual(sorted(doc), sorted(table))
        for key, ((low, high), band) in doc.items():
            c, p = table[key]
            self.assertTrue(math.isclose(p.published[0], low, rel_tol=1e-9) and
                            math.isclose(p.published[1], high, rel_tol=1e-9),
                            (key, p.published, (low, high)))
            if band == "x2":
                self.assertEqual(c.rule != claims.PREMISE, True, key)
                # Within a factor of two either way: for a negative figure, from twice its size
                # to half of it.
                want = sorted((low / 2, high * 2))
                self.assertTrue(math.isclose(p.band.low, want[0], rel_tol=1e-9) and
                                math.isclose(p.band.high, want[1], rel_tol=1e-9), (key, p.band))
            elif band == "C1's":
                self.assertEqual((c.rule, p.band), (claims.PREMISE, None), key)
            elif band == "above 0":
                self.assertEqual((p.band.low, p.band.high), (0, math.inf), key)
            else:
                self.fail("%s: band %r is none the test knows" % (key, band))

    def test_the_arithmetic_reader_reads_only_arithmetic(self):
        self.assertEqual(arithmetic("(96.4 - 88.5) * 1000 / 256"), (96.4 - 88.5) * 1000 / 256)
        for bad in ("__import__('os')", "2 ** 3", "x"):
            with self.assertRaises(ValueError):
                arithmetic(bad)


if __name__ == "__main__":
    unittest.main()
