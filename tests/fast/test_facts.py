"""Every fact once: the scripts take every list from the runner's catalogue, and type a name of it
(alone, in a comma-separated list, or joined into a composite name such as "/lang:rust")
only where they single one out (bb/model/roles.py, with why), where a claim names what it rests on
(a claim's module, analysis/claims/c<N>.py, and what claims share, common.py) or where the suites' registry is keyed (suites.py). A name typed anywhere else would
drift the day the C tables rename it."""
import ast
import glob
import json
import os
import re
import unittest

from fixture import CATALOGUE, ROOT

from bb.model import roles, suites

BB = os.path.join(ROOT, "scripts", "bb")
# The modules allowed to type a catalogue name, and what for.
OWNERS = {
    os.path.join("model", "roles.py"): "the names the scripts single out",
    os.path.join("analysis", "claims", "common.py"): "the coordinates claims share",
    os.path.join("model", "suites.py"): "the suites' registry, keyed by their names",
    os.path.join("model", "catalogue.py"): "the runner's naming, checked against the catalogue's",
}
NAMED_LISTS = ("suites", "modes", "patterns", "states", "variants", "forms", "perf_events")


def catalogue_names():
    with open(CATALOGUE) as f:
        cat = json.load(f)
    names = {e["name"] for k in NAMED_LISTS for e in cat[k]}
    names |= {u["lang"] for u in cat["units"] if "lang" in u}  # The matrix units' languages.
    names |= {u["name"] for u in cat["units"] if u["suite"] == roles.HARNESS}  # The controls.
    allocators = {os.path.basename(p)[:-2] for p in glob.glob(os.path.join(ROOT, "allocators", "*.c"))}
    return cat, names, allocators


def composite(v):
    """The catalogue names a literal joins into one name with punctuation ("/lang:rust",
    "box/nonbox+syscalls", "alloc/%d"): its parts, if it is such a literal. Prose (with spaces),
    regular expressions (with |) and file paths (with an extension) are not."""
    if re.search(r"\s|\|", v) or re.search(r"\.[a-z]{1,4}$", v) or not re.search(r"[,/:+=]", v):
        return set()
    return {p for p in re.split(r"[,/:+=]", v) if p}


def literals(path):
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


class FactsTest(unittest.TestCase):
    def test_every_role_is_a_name_of_the_catalogue(self):
        cat, names, allocators = catalogue_names()
        def flat(v):  # A role's names: a name, a tuple or dict of them, a tuple of pairs.
            if isinstance(v, dict):
                return [x for kv in v.items() for x in flat(kv)]
            return [x for e in v for x in flat(e)] if isinstance(v, tuple) else [v]
        for k, v in vars(roles).items():
            if k.isupper():
                for name in flat(v):
                    self.assertIn(name, names | allocators, "roles.%s = %r" % (k, v))
        self.assertEqual(roles.INLINE, cat["baseline_mode"])
        # Every suite but the matrix and the harness has its row; the matrix's Rust units have
        # theirs too (the summary holds its C ones).
        self.assertEqual(sorted(suites.SUITES),
                         sorted([s["name"] for s in cat["suites"]
                                 if s["name"] not in (roles.MATRIX, roles.HARNESS)] + [roles.RUST]))

    def test_every_suite_has_its_terminal_table(self):
        from bb.output import terminal
        self.assertEqual(sorted(terminal.SUITES), sorted(suites.SUITES))

    def test_no_module_retypes_a_name(self):
        _, names, allocators = catalogue_names()
        found = []
        for path in sorted(glob.glob(os.path.join(BB, "**", "*.py"), recursive=True)):
            rel = os.path.relpath(path, BB)
            if rel in OWNERS or re.fullmatch(r"analysis/claims/c\d+\.py", rel):
                continue  # An owner, or a claim's module: its coordinates, what it rests on.
            found += ["%s:%d %r" % (rel, line, v) for line, v in literals(path)
                      if set(v.split(",")) <= names | allocators
                      or composite(v) & (names | allocators)]
        self.assertEqual(found, [], "catalogue names typed outside %s" % ", ".join(OWNERS))

    def test_the_check_would_see_one(self):
        """The scan finds a name typed as a literal (so the test above can fail)."""
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".py") as f:
            f.write('x = "box" if y else "warm"\n')
            f.flush()
            self.assertEqual([v for _, v in literals(f.name)], ["box", "warm"])
        _, names, _ = catalogue_names()
        # A name inside a composite one is seen; a name in prose, a path or a pattern is not.
        self.assertEqual(composite("/lang:rust") & names, {"rust"})
        self.assertIn("box", composite("box/nonbox+syscalls") & names)
        self.assertFalse(composite("the box mode") | composite("a|box") | composite("box/x.rs"))


if __name__ == "__main__":
    unittest.main()
