/* The event-loop port's variants as units: one unit is one iteration, BB_EV_TRANSACTIONS
 * request/response transactions on the fake network, served right or reported wrong. The
 * executor, reactor and statistics are built when the unit opens, outside the timed iterations,
 * as the original builds them outside its timed closure, and two iterations run there untimed. */
#include <stdio.h>
#include <stdlib.h>

#include "bb_eventloop.h"
#include "bb_unit.h"

typedef struct bb__ev_unit_s {
  bb_unit_t head;
  bb_ev_bench_t *bench;
} bb__ev_unit_t;

static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__ev_unit_t *u = calloc(1, sizeof *u);
  if (u == NULL) return NULL;
  u->head.desc = d;
  u->bench = bb_ev_open((bb_ev_variant_t)d->which);
  /* Two untimed iterations, as criterion warms up before the original's timed closure: the lazy
   * set-up of the first, box+reuse's slot boxes and box+arena's chunk (settled by the second) are
   * in no timed iteration. */
  if (u->bench == NULL || !bb_ev_iterate(u->bench) || !bb_ev_iterate(u->bench)) {
    bb_ev_close(u->bench);
    free(u);
    return NULL;
  }
  return &u->head;
}

static bool bb__run(bb_unit_t *unit, uint64_t first, uint64_t n, double *ns) {
  (void)first;
  (void)ns;
  bb__ev_unit_t *u = (bb__ev_unit_t *)unit;
  bool ok = true;
  for (uint64_t i = 0; i < n; i++) ok &= bb_ev_iterate(u->bench);
  return ok;
}

static void bb__close(bb_unit_t *unit) {
  bb__ev_unit_t *u = (bb__ev_unit_t *)unit;
  bb_ev_close(u->bench);
  free(u);
}

static const bb_unit_vtable_t bb__ev_vt = {bb__open, bb__run, bb_unit_count_batch, bb__close};

/* Every operation an iteration makes, by name, for the catalogue (README.md gives their sources).
 */
#define BB__ONE(name) +1
enum { BB__COUNTS = BB_EV_STATS(BB__ONE) BB_EV_COUNTERS(BB__ONE) + 2 };
#undef BB__ONE
static bb_unit_count_t bb__counts[BB_EV_VARIANT_COUNT][BB__COUNTS];

static int bb__fill_counts(bb_ev_variant_t v) {
  bb_ev_expected_t e = bb_ev_variant_expected(v);
  bb_unit_count_t *c = bb__counts[v];
  int k = 0;
#define BB__STAT(name) c[k++] = (bb_unit_count_t){#name, (double)e.stats.name};
  BB_EV_STATS(BB__STAT)
#undef BB__STAT
#define BB__COUNTED(name) c[k++] = (bb_unit_count_t){#name, (double)e.counted.name};
  BB_EV_COUNTERS(BB__COUNTED)
#undef BB__COUNTED
  c[k++] = (bb_unit_count_t){"heap_allocs", (double)e.allocs};
  c[k++] = (bb_unit_count_t){"setup_allocs", (double)e.setup_allocs};
  return k;
}

size_t bb__eventloop_units(bb_unit_desc_t *out, size_t max) {
  size_t n = 0;
  for (int v = 0; v < BB_EV_VARIANT_COUNT && n < max; v++) {
    bb_ev_expected_t e = bb_ev_variant_expected((bb_ev_variant_t)v);
    bb_unit_desc_t d = bb_unit_desc(BB_SUITE_EVENTLOOP);
    snprintf(d.name, sizeof d.name, "eventloop/variant:%s", bb_ev_variant_name((bb_ev_variant_t)v));
    d.variant = bb_ev_variant_name((bb_ev_variant_t)v);
    d.requests = BB_EV_TRANSACTIONS;
    d.allocs = (double)e.allocs;
    d.syscalls = (double)e.counted.syscalls;
    d.async_calls = (double)e.counted.task_polls;
    d.counts = bb__counts[v];
    d.ncounts = bb__fill_counts((bb_ev_variant_t)v);
    d.vt = &bb__ev_vt;
    d.which = v;
    out[n++] = d;
  }
  return n;
}
