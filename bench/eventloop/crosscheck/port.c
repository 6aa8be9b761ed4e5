/* bb-crosscheck-port VARIANT N: the port's side of `boxbench crosscheck` under callgrind.
 *
 * The variant is made ready and iterated twice untimed, as a runner's unit opens, then N and 2 N
 * iterations run inside bb_crosscheck_measured, which callgrind alone counts
 * (--toggle-collect) and dumps after each call (--dump-after): the difference of the two
 * profiles is N iterations without the fixed cost of entering the loop. The original's side
 * (driver.rs) does the same with the same function name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_eventloop.h"

__attribute__((noinline)) bool bb_crosscheck_measured(bb_ev_bench_t *b, uint64_t n) {
  bool ok = true;
  for (uint64_t i = 0; i < n; i++) ok &= bb_ev_iterate(b);
  return ok;
}

int main(int argc, char **argv) {
  char *end = NULL;
  unsigned long long n = argc == 3 ? strtoull(argv[2], &end, 10) : 0;
  if (argc != 3 || *end != '\0' || n == 0) {
    fprintf(stderr, "usage: %s VARIANT N (N > 0)\n", argv[0]);
    return 2;
  }
  int v = 0;
  while (v < BB_EV_VARIANT_COUNT && strcmp(bb_ev_variant_name((bb_ev_variant_t)v), argv[1]) != 0)
    v++;
  if (v == BB_EV_VARIANT_COUNT) {
    fprintf(stderr, "%s: no variant %s\n", argv[0], argv[1]);
    return 2;
  }
  bb_ev_bench_t *b = bb_ev_open((bb_ev_variant_t)v);
  if (b == NULL || !bb_ev_iterate(b) || !bb_ev_iterate(b) || !bb_crosscheck_measured(b, n) ||
      !bb_crosscheck_measured(b, 2 * n)) {
    fprintf(stderr, "%s: %s cannot be made ready or served a request wrong\n", argv[0], argv[1]);
    return 1;
  }
  bb_ev_close(b);
  return 0;
}
