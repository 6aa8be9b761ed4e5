"""The Python package's layers: scripts/bb holds six groups, each importing only from the groups
below it (or its own), as bench/ and harness/ do for C. A module that reached up would make the
groups a circle again. The bottom one, model/, is pure: it reads no file and starts no process
(folder/ reads a results folder, measuring/ the machine and the runners)."""
import ast
import os
import unittest

BB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "bb")
# Bottom first; the package's own __init__ (its errors) is below them all.
LAYERS = ("model", "folder", "measuring", "analysis", "output", "commands")
# What a pure module never touches: the calls that read or write files, and the modules that start
# processes or walk folders.
IMPURE_CALLS = {"open", "listdir", "exists", "isdir", "isfile", "walk", "scandir", "makedirs"}
IMPURE_MODULES = {"subprocess", "shutil", "glob", "tempfile"}


def tree(path):
    with open(path) as f:
        return ast.parse(f.read(), path)


def imports(path, group):
    """The groups a module of `group` imports from (relative imports, resolved)."""
    found = set()
    for node in ast.walk(tree(path)):
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

    def test_model_reads_no_file_and_starts_no_process(self):
        folder = os.path.join(BB, "model")
        for f in sorted(os.listdir(folder)):
            if not f.endswith(".py"):
                continue
            for node in ast.walk(tree(os.path.join(folder, f))):
                if isinstance(node, ast.Call):
                    fn = node.func
                    name = fn.id if isinstance(fn, ast.Name) else getattr(fn, "attr", None)
                    self.assertNotIn(name, IMPURE_CALLS, "model/%s:%d calls %s" %
                                     (f, node.lineno, name))
                elif isinstance(node, (ast.Import, ast.ImportFrom)):
                    names = {a.name for a in node.names} | {getattr(node, "module", None)}
                    self.assertFalse(names & IMPURE_MODULES, "model/%s imports %s" %
                                     (f, names & IMPURE_MODULES))


if __name__ == "__main__":
    unittest.main()
