"""The Python package's layers: scripts/bb holds five groups, each importing only from the groups
below it (or its own), as bench/ and harness/ do for C. A module that reached up would make the
groups a circle again."""
import ast
import os
import unittest

BB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "bb")
# Bottom first; the package's own __init__ (its errors) is below them all.
LAYERS = ("model", "measuring", "analysis", "output", "commands")


def imports(path, group):
    """The groups a module of `group` imports from (relative imports, resolved)."""
    found = set()
    for node in ast.walk(ast.parse(open(path).read(), path)):
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.level == 1:
                found.add(group)
            elif node.module:
                found.add(node.module.split(".")[0])
            else:
                found.add("")  # from .. import X: the package's own errors
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("bb."):
                    found.add(a.name.split(".")[1])
    return found


class LayersTest(unittest.TestCase):
    def test_every_module_is_in_a_layer(self):
        loose = [f for f in os.listdir(BB) if f.endswith(".py") and f != "__init__.py"]
        self.assertEqual(loose, [], "modules outside the groups")
        self.assertEqual(sorted(d for d in os.listdir(BB) if not d.startswith("__")),
                         sorted(LAYERS))

    def test_each_group_imports_only_from_below(self):
        for rank, group in enumerate(LAYERS):
            folder = os.path.join(BB, group)
            for f in sorted(os.listdir(folder)):
                if not f.endswith(".py"):
                    continue
                for g in imports(os.path.join(folder, f), group):
                    if g == "":
                        continue
                    self.assertIn(g, LAYERS, "%s/%s imports %s" % (group, f, g))
                    self.assertLessEqual(LAYERS.index(g), rank,
                                         "%s/%s reaches up to %s" % (group, f, g))


if __name__ == "__main__":
    unittest.main()
