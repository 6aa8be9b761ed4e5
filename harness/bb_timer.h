/* Timing one call at a time, where a state must be prepared between calls: the clock, its own cost
 * calibrated once (the median of back-to-back reads), and the page faults a call causes. */
#ifndef BB_TIMER_H
#define BB_TIMER_H

#include <stdint.h>
#include <time.h>

static inline __attribute__((always_inline)) uint64_t bb_now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t); /* The vDSO: no system call. */
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* What an empty timed region measures, in ns: subtract it from each timed call. */
double bb_timer_overhead_ns(void);

/* Minor plus major page faults of the process so far. */
uint64_t bb_faults(void);

#endif
