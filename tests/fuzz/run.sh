#!/bin/sh
# libFuzzer over everything that reads outside input: the CLI's argument and range parsing
# (target selection), the results reader that plot and the report use (target table), and the
# runner's own flags (target flags). The first two are Python: fuzz_python.c embeds it, and a line
# tracer gives libFuzzer Python's own coverage. The third is C, fuzzed under AddressSanitizer and
# UndefinedBehaviorSanitizer (fuzz_flags.c). Each target starts from the committed seed corpus (tests/fuzz/corpus/TARGET, copied,
# never changed) and runs for SECONDS; a crash leaves its input in BUILD_DIR/fuzz and fails.
#
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]   (ctest runs it for 10 s a target)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]}/fuzz
seconds=${2:-60}
mkdir -p "$out"
clang -O1 -g -fsanitize=fuzzer $(python3-config --includes) "$here/fuzz_python.c" \
  -o "$out/fuzz_python" $(python3-config --ldflags --embed)
clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I"$root/bench" \
  "$here/fuzz_flags.c" "$root/bench/flags.c" -o "$out/fuzz_flags" -lm
for target in selection table flags; do
  work="$out/corpus-$target"
  rm -rf "$work"
  cp -r "$here/corpus/$target" "$work"
  fuzzer="$out/fuzz_python"
  [ "$target" = flags ] && fuzzer="$out/fuzz_flags"
  # A fixed hash seed, so the tracer's edges mean the same in every run.
  PYTHONHASHSEED=0 BB_FUZZ_SCRIPTS="$root/scripts:$here" BB_FUZZ_TARGET="${target}_traced" \
    "$fuzzer" -max_total_time="$seconds" -artifact_prefix="$out/crash-$target-" \
    -print_final_stats=1 "$work" >"$out/$target.log" 2>&1 || {
      tail -30 "$out/$target.log"
      echo "fuzz: $target crashed; the input is in $out/crash-$target-*"
      exit 1
    }
  echo "fuzz: $target: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$target.log" | grep -o '[0-9]*$') executions in ${seconds} s, corpus $(ls "$work" | wc -l) inputs, no crash"
done
