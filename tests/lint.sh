#!/bin/sh
# pyflakes over the scripts and the tests: unused imports and names, undefined names, redefinitions.
# The tests' `import fixture` is kept though unused: importing it puts scripts/ on sys.path.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
found=$(pyflakes3 "$root/scripts" "$root/tests" 2>&1 | grep -v "'fixture' imported but unused" || true)
if [ -n "$found" ]; then
  echo "$found"
  exit 1
fi
echo "lint: pyflakes finds nothing in scripts/ and tests/"
