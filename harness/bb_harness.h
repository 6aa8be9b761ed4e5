/* The C API over google-benchmark. bb_shim.cc implements it; it is the only C++ in boxbench.
 *
 * A C benchmark runs its own counted loop: it asks for a batch of iterations, runs them without
 * crossing back into C++, and asks again until the harness says it is done:
 *
 *   static void my_case(bb_state_t *st, const void *arg) {
 *     uint64_t n;
 *     while ((n = bb_state_next_batch(st, UINT64_MAX)) != 0)
 *       for (uint64_t i = 0; i < n; i++) ...;
 *   }
 *
 * Every google-benchmark flag (filter, repetitions, JSON output, ...) keeps working through
 * bb_main.
 */
#ifndef BB_HARNESS_H
#define BB_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "bb_perf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bb_state_s bb_state_t; /* A running benchmark: google-benchmark's State. */
typedef struct bb_bench_s bb_bench_t; /* A registered benchmark. */
typedef void (*bb_bench_fn)(bb_state_t *st, const void *arg);

/* How a counter is reported. */
typedef enum bb_counter_e {
  BB_COUNTER_TOTAL,    /* As given, once per run. */
  BB_COUNTER_PER_CALL, /* Divided by the number of iterations. */
  BB_COUNTER_RATE,     /* Divided by the elapsed seconds. */
} bb_counter_t;

/* Registration; `arg` is handed back to fn untouched and must outlive the run. */
bb_bench_t *bb_register(const char *name, bb_bench_fn fn, const void *arg);
void bb_bench_manual_time(bb_bench_t *b); /* Time is what bb_state_set_iteration_time reports. */
void bb_bench_iterations(bb_bench_t *b, uint64_t n); /* Exactly n iterations, not min_time's. */

/* The loop: the next batch of at most max_batch iterations, or 0 when the run is over. The timer
 * runs from the first call until the call that returns 0. */
uint64_t bb_state_next_batch(bb_state_t *st, uint64_t max_batch);
void bb_state_set_iteration_time(bb_state_t *st, double seconds); /* Adds to the manual time. */

/* Reporting. */
void bb_state_counter(bb_state_t *st, const char *name, double value, bb_counter_t kind);
/* Report an error: before the loop, the loop does not run; after it, the run is marked failed. */
void bb_state_skip(bb_state_t *st, const char *why);

/* perf counters per unit of work (a call, an iteration), as perf_<event> counters; events that
 * could not be opened are left out, not zeroed: the context's bb_perf_unavailable says which and
 * why (bb_report.c). */
void bb_state_perf(bb_state_t *st, const bb_perf_t *perf, uint64_t units);

/* A key and value added to the JSON output's context block. */
void bb_context_add(const char *key, const char *value);

/* Add the build (type, compiler, flags) and the machine's load to the context, and print and record
 * a warning for whatever makes a timing doubtful (bb_context.c). */
void bb_context_describe_build(void);

/* Add the perf events, and those this machine refused with the kernel's reason, to the context,
 * and warn of the refused ones (bb_report.c). */
void bb_context_describe_perf(void);

/* Parse google-benchmark's flags, run the benchmarks they select. Returns the process exit status:
 * 0, or 2 for an unknown flag or a filter that selects nothing. */
int bb_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
