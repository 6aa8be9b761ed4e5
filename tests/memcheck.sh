#!/bin/sh
# valgrind memcheck over a reduced run of every suite with the glibc runner, never timed: every
# mode, pattern and allocator state at 64 B (where every inline buffer but the smallest holds the
# payload and the smallest boxes it, so both paths run), depths 1 and 4, every event-loop variant,
# the tree's forms and the loopback; the Rust units (bench/rust: its unsafe blocks and the calls
# across the C boundary) warm at 64 B, depths 1 and 4, and its trees. Fails on any memcheck error (invalid read or write, use of
# uninitialised memory in a branch, bad free), on any block definitely or indirectly lost, and on
# any run of a case that ends holding more or fewer heap blocks than it began with (the runner
# counts them with memcheck's leak check before and after every run: harness/bb_heapcheck.c).
#
# Usage: tests/memcheck.sh BUILD_DIR   (ctest runs it on the build it belongs to)
set -eu
build=${1:?usage: tests/memcheck.sh BUILD_DIR}
log="$build/memcheck.log"
valgrind --tool=memcheck --error-exitcode=3 --leak-check=full \
  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
  "$build/bb-run-glibc" \
  --benchmark_filter='size:64/depth:(1|4)/pattern:[a-z]+/state:[a-z-]+($|/iterations)|size:64/depth:(1|4)/.*warm/lang:rust|^(eventloop|tree|net)/' \
  --benchmark_min_time=0.0001 >"$log.out" 2>"$log" || {
    status=$?
    grep -A12 "^==[0-9]*== [A-Z]" "$log" | head -60
    echo "memcheck: the runner exited $status (3: memcheck found errors); see $log"
    exit 1
  }
if grep -q "ERROR OCCURRED" "$log.out"; then
  grep "ERROR OCCURRED" "$log.out" | head
  exit 1
fi
# Two leak checks a run, then the one at exit: its summary is the last one in the log.
checks=$(grep -c "LEAK SUMMARY" "$log")
sed -n '/HEAP SUMMARY/,$p' "$log" | grep -E "ERROR SUMMARY|definitely lost|indirectly lost|total heap usage" |
  sed 's/^==[0-9]*== /memcheck: /'
echo "memcheck: $(grep -cE '^(inline|dyn|box|box-inplace|alloc|eventloop|tree|net)/' "$log.out") cases, $(((checks - 1) / 2)) runs, each ending with the heap blocks it began with; no error"
