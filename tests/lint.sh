#!/bin/sh
# The code's habits, checked in the fast layer:
# - pyflakes over the scripts and the tests: unused imports and names, undefined names,
#   redefinitions. The tests' `import fixture` is kept though unused: importing it puts scripts/
#   on sys.path.
# - no line of the product's Python (scripts/, bench/) over 100 columns, the C files' limit too.
# - clang-format (.clang-format at the root) over every C, C++ and header file of the source tree:
#   a file it would change fails, with the lines it would change.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
found=$(pyflakes3 "$root/scripts" "$root/tests" 2>&1 | grep -v "'fixture' imported but unused" || true)
if [ -n "$found" ]; then
  echo "$found"
  exit 1
fi
echo "lint: pyflakes finds nothing in scripts/ and tests/"
long=$(awk 'length > 100 {print FILENAME ":" FNR}' "$root/scripts/boxbench" \
  $(find "$root/scripts" "$root/bench" -name '*.py'))
if [ -n "$long" ]; then
  echo "$long"
  echo "lint: the lines above are over 100 columns"
  exit 1
fi
files=$(find "$root/allocators" "$root/bench" "$root/harness" "$root/tests" \
  \( -name '*.c' -o -name '*.h' -o -name '*.cc' \) -not -path '*/corpus/*' | sort)
if ! clang-format --dry-run --Werror $files 2>&1 | head -40 | grep . ; then
  echo "lint: clang-format would change none of $(echo "$files" | wc -l) C files"
  exit 0
fi
echo "lint: apply clang-format -i to the files above"
exit 1
