/* Every unit registered with the harness (google-benchmark), and the one measured loop they share:
 * open, run batch after batch under the timer, count untimed, close. */
#include <stdio.h>

#include "bb_harness.h"
#include "bb_register.h"
#include "bb_timer.h"

/* Units per case that the counters (page faults, perf) see, run after the timed ones: a
 * BB_UNIT_EACH unit's counters are syscalls that would change the state between its preparation
 * and its call, so none of its timed calls has them. A batch unit counts a tenth of what it ran. */
enum { BB__COUNTED_EACH = 20, BB__COUNTED_SHARE = 10 };

static void bb__bench(bb_state_t *st, const void *arg) {
  const bb_unit_desc_t *d = arg;
  bb_unit_t *u = d->vt->open(d);
  if (u == NULL) {
    bb_state_skip(st, "cannot open the unit (out of memory, no pipe, no loopback socket?)");
    return;
  }
  uint64_t n, done = 0;
  bool ok = true;
  while ((n = bb_state_next_batch(st, UINT64_MAX)) != 0) {
    double ns = 0;
    ok &= d->vt->run(u, done, n, &ns);
    if (d->timing == BB_UNIT_EACH) bb_state_set_iteration_time(st, ns * 1e-9);
    done += n;
  }
  uint64_t counted = d->timing == BB_UNIT_EACH ? BB__COUNTED_EACH
                     : done >= BB__COUNTED_SHARE ? done / BB__COUNTED_SHARE
                                                 : 1;
  uint64_t faults = 0;
  bb_perf_t perf;
  bb_perf_open(&perf);
  ok &= d->vt->count(u, done, counted, &perf, &faults);
  bb_state_counter(st, "faults_per_unit", (double)faults / (double)counted, BB_COUNTER_TOTAL);
  bb_state_perf(st, &perf, counted);
  bb_perf_close(&perf);
  if (d->timing == BB_UNIT_EACH)
    bb_state_counter(st, "timer_overhead_ns", bb_timer_overhead_ns(), BB_COUNTER_TOTAL);
  if (!ok) bb_state_skip(st, "wrong output: the unit is broken");
  d->vt->close(u);
}

void bb__benchmark_name(const bb_unit_desc_t *d, char *buf, size_t len) {
  /* google-benchmark appends what a registration fixes to the name it reports. */
  if (d->timing == BB_UNIT_EACH)
    snprintf(buf, len, "%s/iterations:%llu/manual_time", d->name,
             (unsigned long long)d->iterations);
  else
    snprintf(buf, len, "%s", d->name);
}

void bb__register_units(void) {
  const bb_unit_desc_t *all;
  size_t n = bb_units(&all);
  for (size_t i = 0; i < n; i++) {
    bb_bench_t *b = bb_register(all[i].name, bb__bench, &all[i]);
    if (all[i].timing == BB_UNIT_EACH) {
      bb_bench_manual_time(b);
      bb_bench_iterations(b, all[i].iterations);
    }
  }
}
