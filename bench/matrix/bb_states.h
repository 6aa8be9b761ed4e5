/* Running a case in a cold allocator state: the state is prepared before every call, outside the
 * timer, and each call is timed alone (the timer's own cost subtracted). */
#ifndef BB_STATES_H
#define BB_STATES_H

#include "bb_cases.h"
#include "bb_perf.h"

typedef struct bb_cold_s bb_cold_t;

/* Calls per repetition of a cold state: each is prepared alone (a sweep of several MiB, a purge),
 * so google-benchmark's growth of the iteration count towards min_time would take minutes; a fixed
 * count keeps a case short. */
enum { BB_COLD_CALLS = 100 };

/* What heap-cold calls to purge the allocator (the runner's allocators/ file provides it). */
typedef void (*bb_purge_fn)(void);

/* NULL if the state's preparation failed (memory, or the cross-thread helper). */
bb_cold_t *bb_cold_new(bb_alloc_state_t state, bb_purge_fn purge);
void bb_cold_free(bb_cold_t *cold);

/* Run n calls of a prepared case (whose state is `cold`'s) with seeds first .. first+n-1, each
 * after the state's preparation. Returns the sum of outputs, as bb_case_run does; adds the calls'
 * own time (ns, calibrated) to *timed_ns. When faults and perf are not NULL, adds the page faults
 * the calls caused to *faults and counts them in perf (cross-thread: the measuring thread's half
 * only): their syscalls then come between each preparation and its call, so timed calls pass
 * NULL and the counters get calls of their own. */
uint64_t bb_cold_run(bb_cold_t *cold, const bb_prepared_t *p, uint64_t first, uint64_t n,
                     double *timed_ns, uint64_t *faults, bb_perf_t *perf);

/* The same for calls made by call(ctx, seed), one call each, which gives its output (the Rust
 * units'); any state but cross-thread, whose calls are split between two threads (0 for it). */
typedef uint64_t (*bb_call_fn)(const void *ctx, uint64_t seed);
uint64_t bb_cold_each(bb_cold_t *cold, bb_call_fn call, const void *ctx, uint64_t first, uint64_t n,
                      double *timed_ns, uint64_t *faults, bb_perf_t *perf);

#endif
