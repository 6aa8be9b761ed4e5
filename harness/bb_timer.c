#include "bb_timer.h"

#include <stdlib.h>
#include <sys/resource.h>

#include "bb_barrier.h"

static int bb__cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

double bb_timer_overhead_ns(void) {
  static double overhead = -1;
  if (overhead < 0) {
    enum { N = 10001 };
    static uint64_t d[N];
    for (int i = 0; i < N; i++) {
      uint64_t t0 = bb_now_ns();
      bb_clobber_memory();
      d[i] = bb_now_ns() - t0;
    }
    qsort(d, N, sizeof d[0], bb__cmp_u64);
    overhead = (double)d[N / 2];
  }
  return overhead;
}

uint64_t bb_faults(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (uint64_t)u.ru_minflt + (uint64_t)u.ru_majflt;
}
