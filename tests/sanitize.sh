#!/bin/sh
# The sanitizer build (AddressSanitizer and UndefinedBehaviorSanitizer) and the correctness checks
# under it, never timed: every future in every mode (test_futures), both ports (test_ports; no
# allocation counts, AddressSanitizer owns malloc), and the glibc runner over every mode, pattern
# and allocator state at two sizes and two depths, the event-loop variants, the tree's forms and
# the loopback, each briefly. Any report of either sanitizer aborts, and fails the test. The
# trees are generated in 8 copies, not 512 (BB_TREE_COPIES): every copy is the same code with
# other constants, so a few check it as well, and 512 of them cost minutes of compiling under
# AddressSanitizer. The build is reused when ctest runs again (cmake builds what changed).
#
# Usage: tests/sanitize.sh BUILD_DIR   (ctest runs it with build/sanitize)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: tests/sanitize.sh BUILD_DIR}
cmake -S "$src" -B "$out" -DBB_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBB_TESTS=ON \
  -DBB_TREE_COPIES=8 >/dev/null
cmake --build "$out" -j"$(nproc)" --target test_futures test_ports bb-run-glibc >/dev/null
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$out/tests/test_futures"
"$out/tests/test_ports"
log="$out/runner.log"
"$out/bb-run-glibc" --benchmark_filter='size:(64|16384)/depth:(1|8)/|^(eventloop|tree|net)/' \
  --benchmark_min_time=0.001 >"$log" 2>&1 || { tail -40 "$log"; exit 1; }
if grep -q "ERROR OCCURRED" "$log"; then
  grep "ERROR OCCURRED" "$log" | head
  exit 1
fi
echo "sanitize: $(grep -c '^[a-z]' "$log") runner lines, no sanitizer report, no case error"
