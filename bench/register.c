/* Every unit registered with the harness (google-benchmark), and the one measured loop they share:
 * open, run batch after batch under the timer, count untimed, close. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bb_harness.h"
#include "bb_register.h"
#include "bb_timer.h"

/* Units per case that the counters (page faults, perf) see, run after the timed ones: a
 * BB_UNIT_EACH unit's counters are syscalls that would change the state between its preparation
 * and its call, so none of its timed calls has them. A batch unit counts a tenth of what it ran. */
enum { BB__COUNTED_EACH = 20, BB__COUNTED_SHARE = 10 };

/* --bb_running's file, or -1. */
static int bb__running_fd = -1;

/* Around each call of a unit's loop, outside any timing: the file holds the unit's name while it
 * runs and nothing between units, so that if the runner dies (a signal, the OOM killer) the CLI
 * can say which case it was in, a case whose results cannot be in the runner's output yet. */
static void bb__note_running(const bb_unit_desc_t *d) {
  if (bb__running_fd < 0) return;
  size_t len = d != NULL ? strlen(d->name) : 0;
  if ((len > 0 && pwrite(bb__running_fd, d->name, len, 0) != (ssize_t)len) ||
      ftruncate(bb__running_fd, (off_t)len) != 0)
    bb__running_fd = -1; /* A full disk must not stop the measuring: the name is a courtesy. */
}

#ifdef BB_FAULT_HOOK
/* A test build's runner aborts in the unit that BB_FAULT_ABORT names, as a crashing case would:
 * the tests of the CLI's fault handling need a runner that dies at a known place. Never built into
 * a measuring runner (tests/CMakeLists.txt builds it apart). */
static void bb__fault_hook(const bb_unit_desc_t *d) {
  const char *victim = getenv("BB_FAULT_ABORT");
  if (victim != NULL && strcmp(victim, d->name) == 0) abort();
}
#else
static void bb__fault_hook(const bb_unit_desc_t *d) { (void)d; }
#endif

static void bb__bench(bb_state_t *st, const void *arg) {
  const bb_unit_desc_t *d = arg;
  bb__note_running(d);
  bb__fault_hook(d);
  bb_unit_t *u = d->vt->open(d);
  if (u == NULL) {
    bb_state_skip(st, "cannot open the unit (out of memory, no pipe, no loopback socket?)");
    bb__note_running(NULL);
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
  uint64_t counted = d->timing == BB_UNIT_EACH   ? BB__COUNTED_EACH
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
  bb__note_running(NULL);
}

void bb__benchmark_name(const bb_unit_desc_t *d, char *buf, size_t len) {
  /* google-benchmark appends what a registration fixes to the name it reports. */
  if (d->timing == BB_UNIT_EACH)
    snprintf(buf, len, "%s/iterations:%llu/manual_time", d->name,
             (unsigned long long)d->iterations);
  else
    snprintf(buf, len, "%s", d->name);
}

bool bb__register_units(const char *running) {
  if (running != NULL) {
    bb__running_fd = open(running, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (bb__running_fd < 0) {
      fprintf(stderr, "boxbench: --bb_running=%s: cannot write it\n", running);
      return false;
    }
  }
  const bb_unit_desc_t *all;
  size_t n = bb_units(&all);
  for (size_t i = 0; i < n; i++) {
    bb_bench_t *b = bb_register(all[i].name, bb__bench, &all[i]);
    if (all[i].timing == BB_UNIT_EACH) {
      bb_bench_manual_time(b);
      bb_bench_iterations(b, all[i].iterations);
    }
  }
  return true;
}
