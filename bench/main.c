/* A runner: every case registered with the harness, under whichever allocator this runner was
 * linked with (allocators/). One runner per allocator, as a Rust binary has one global allocator.
 *
 * Its own flags (bb_flags.h), taken out before google-benchmark reads the rest: --bb_cpu=N pins
 * the measuring thread to CPU N (the cross-thread state's helper goes to another CPU if the
 * process may use one); --bb_interleave runs suite cases interleaved for paired ratios, instead of
 * google-benchmark (interleave.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_allocator.h"
#include "bb_cases.h"
#include "bb_cpu.h"
#include "bb_flags.h"
#include "bb_harness.h"
#include "bb_perf.h"
#include "bb_runner.h"
#include "bb_states.h"
#include "bb_timer.h"

/* Calls per repetition of a cold state: each is prepared alone (a sweep of several MiB, a purge),
 * so min_time's iteration growth would take minutes; a fixed count keeps a case under 0.1 s (a
 * heap-cold purge alone costs about 0.6 ms on glibc). */
enum { BB__COLD_CALLS = 100 };

/* Calls per run of a cold state that the counters (page faults, perf) see, after the timed ones.
 * The counters are syscalls, and between a state's preparation and its call they change that
 * state: on the development VM a boxed 64 B call took 100-130 ns cache-cold and 34-37 ns
 * fragmented with nothing in between, 170-340 ns and 94-134 ns with them. So no timed call has
 * them, and these calls are not timed. */
enum { BB__COUNTED_CALLS = 20 };

static bb_case_t bb__cases[BB_CASES_MAX];
static char bb__names[BB_CASES_MAX][BB_CASE_NAME_MAX];

void bb__report_perf(bb_state_t *st, const bb_perf_t *perf, uint64_t units) {
  for (int e = 0; e < BB_PERF_COUNT; e++) {
    if (!bb_perf_available(perf, (bb_perf_event_t)e)) continue;
    char name[48];
    snprintf(name, sizeof name, "perf_%s", bb_perf_name((bb_perf_event_t)e));
    bb_state_counter(st, name, units ? (double)perf->total[e] / (double)units : 0,
                     BB_COUNTER_TOTAL);
  }
}

/* Counters of the measured calls. */
static void bb__report(bb_state_t *st, const bb_prepared_t *p, uint64_t calls, uint64_t faults,
                       const bb_perf_t *perf) {
  bb_state_counter(st, "future_bytes", (double)p->future_bytes, BB_COUNTER_TOTAL);
  bb_state_counter(st, "allocs_per_call", bb_case_allocs_per_call(&p->c), BB_COUNTER_TOTAL);
  bb_state_counter(st, "faults_per_call", calls ? (double)faults / (double)calls : 0,
                   BB_COUNTER_TOTAL);
  bb__report_perf(st, perf, calls);
}

static bool bb__prepare(bb_state_t *st, const bb_case_t *c, bb_prepared_t *p) {
  if (bb_case_prepare(c, p)) return true;
  bb_state_skip(st, "could not prepare the case (out of memory?)");
  return false;
}

/* warm: calls back to back, timed as one batch. */
static void bb__bench_warm(bb_state_t *st, const void *arg) {
  const bb_case_t *c = arg;
  bb_prepared_t p;
  if (!bb__prepare(st, c, &p)) return;
  bb_perf_t perf;
  bb_perf_open(&perf);
  /* The counters start before google-benchmark's timer and stop after it: their ioctls are
   * syscalls, a few tens of microseconds here, and stay out of the timed batch. They count the
   * timer's own start and stop with the calls, a few hundred instructions per run. */
  uint64_t n, seed = 0, acc = 0, f0 = bb_faults();
  bb_perf_start(&perf);
  while ((n = bb_state_next_batch(st, UINT64_MAX)) != 0) {
    acc += bb_case_run(&p, seed, n);
    seed += n;
  }
  bb_perf_stop(&perf);
  bb_do_not_optimize(acc);
  if (acc != bb_case_expected(c, 0, seed)) bb_state_skip(st, "wrong output: the case is broken");
  bb__report(st, &p, seed, bb_faults() - f0, &perf);
  bb_perf_close(&perf);
  bb_case_release(&p);
}

/* The cold states: each call prepared, then timed alone; the time reported is the calls' own. */
static void bb__bench_cold(bb_state_t *st, const void *arg) {
  const bb_case_t *c = arg;
  bb_prepared_t p;
  if (!bb__prepare(st, c, &p)) return;
  bb_cold_t *cold = bb_cold_new(c->state, bb_allocator_purge);
  if (cold == NULL) {
    bb_state_skip(st, "could not prepare the allocator state");
    bb_case_release(&p);
    return;
  }
  uint64_t n, seed = 0, acc = 0, faults = 0;
  while ((n = bb_state_next_batch(st, UINT64_MAX)) != 0) {
    double ns = 0;
    acc += bb_cold_run(cold, &p, seed, n, &ns, NULL, NULL);
    bb_state_set_iteration_time(st, ns * 1e-9);
    seed += n;
  }
  bb_perf_t perf;
  bb_perf_open(&perf);
  double untimed = 0;
  acc += bb_cold_run(cold, &p, seed, BB__COUNTED_CALLS, &untimed, &faults, &perf);
  seed += BB__COUNTED_CALLS;
  if (acc != bb_case_expected(c, 0, seed)) bb_state_skip(st, "wrong output: the case is broken");
  bb__report(st, &p, BB__COUNTED_CALLS, faults, &perf);
  bb_perf_close(&perf);
  bb_state_counter(st, "timer_overhead_ns", bb_timer_overhead_ns(), BB_COUNTER_TOTAL);
  bb_cold_free(cold);
  bb_case_release(&p);
}

/* The harness's own cost per iteration: a loop that does nothing but keep its counter alive. */
static void bb__bench_empty(bb_state_t *st, const void *arg) {
  (void)arg;
  uint64_t n;
  while ((n = bb_state_next_batch(st, UINT64_MAX)) != 0)
    for (uint64_t i = 0; i < n; i++) bb_do_not_optimize(i);
}

int main(int argc, char **argv) {
  const char *why = bb_allocator_describe();
  if (why != NULL) {
    fprintf(stderr, "boxbench: %s\n", why);
    return 2;
  }
  bb__flags_t flags;
  if (!bb__flags_take(&argc, argv, &flags)) {
    fprintf(stderr, "boxbench: %s\n", flags.why);
    return 2;
  }
  if (flags.cpu >= 0) {
    if (!bb_cpu_pin_main(flags.cpu)) {
      fprintf(stderr, "boxbench: --bb_cpu=%d: not a CPU this process may use\n", flags.cpu);
      return 2;
    }
    char buf[16];
    snprintf(buf, sizeof buf, "%d", flags.cpu);
    bb_context_add("bb_cpu", buf);
  }
  if (flags.units > 0) return bb__interleave_main(&flags);
  bb_context_describe_build();
  char timer[32];
  snprintf(timer, sizeof timer, "%.1f", bb_timer_overhead_ns());
  bb_context_add("bb_timer_overhead_ns", timer);
  /* Learn once which counters this machine gives, and say so: every event, and those refused. */
  bb_perf_t probe;
  bb_perf_open(&probe);
  bb_perf_close(&probe);
  char events[256] = "";
  for (int e = 0; e < BB_PERF_COUNT; e++) {
    size_t len = strlen(events);
    snprintf(events + len, sizeof events - len, "%s%s", e ? "," : "",
             bb_perf_name((bb_perf_event_t)e));
  }
  bb_context_add("bb_perf_events", events);
  bb_context_add("bb_perf_unavailable", bb_perf_unavailable());
  if (bb_perf_unavailable()[0] != '\0')
    fprintf(stderr, "***WARNING*** boxbench: perf counters unavailable: %s\n", bb_perf_unavailable());

  bb_register("empty", bb__bench_empty, NULL);
  size_t n = bb_cases_all(bb__cases, BB_CASES_MAX);
  for (size_t i = 0; i < n; i++) {
    bb_case_name(&bb__cases[i], bb__names[i], BB_CASE_NAME_MAX);
    if (bb__cases[i].state == BB_STATE_WARM) {
      bb_register(bb__names[i], bb__bench_warm, &bb__cases[i]);
    } else {
      bb_bench_t *b = bb_register(bb__names[i], bb__bench_cold, &bb__cases[i]);
      bb_bench_manual_time(b);
      bb_bench_iterations(b, BB__COLD_CALLS);
    }
  }
  bb__register_suites();
  return bb_main(argc, argv);
}
