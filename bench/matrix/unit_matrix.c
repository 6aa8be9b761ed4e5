/* The matrix's cases as units: one unit is one top-level call. Warm cases run back to back and are
 * timed as a batch; the cold states prepare their state before every call, untimed, and time each
 * call alone (states.c). */
#include <stdlib.h>

#include "bb_allocator.h"
#include "bb_cases.h"
#include "bb_states.h"
#include "bb_unit.h"

static bb_case_t bb__cases[BB_CASES_MAX];

typedef struct bb__matrix_unit_s {
  bb_unit_t head;
  bb_prepared_t p;
  bb_cold_t *cold; /* NULL when warm */
} bb__matrix_unit_t;

static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__matrix_unit_t *u = calloc(1, sizeof *u);
  if (u == NULL) return NULL;
  u->head.desc = d;
  const bb_case_t *c = &bb__cases[d->which];
  if (!bb_case_prepare(c, &u->p)) {
    free(u);
    return NULL;
  }
  bb_case_settle(&u->p); /* Untimed, before any state is prepared. */
  if (c->state != BB_STATE_WARM) {
    u->cold = bb_cold_new(c->state, bb_allocator_purge);
    if (u->cold == NULL) {
      bb_case_release(&u->p);
      free(u);
      return NULL;
    }
  }
  return &u->head;
}

static bool bb__run(bb_unit_t *unit, uint64_t first, uint64_t n, double *ns) {
  bb__matrix_unit_t *u = (bb__matrix_unit_t *)unit;
  uint64_t got = u->cold != NULL ? bb_cold_run(u->cold, &u->p, first, n, ns, NULL, NULL)
                                 : bb_case_run(&u->p, first, n);
  bb_do_not_optimize(got);
  return got == bb_case_expected(&u->p.c, first, n);
}

/* Cold: the counters' own syscalls come between each state's preparation and its call, which is
 * why these calls are not the timed ones. */
static bool bb__count(bb_unit_t *unit, uint64_t first, uint64_t n, bb_perf_t *perf,
                      uint64_t *faults) {
  bb__matrix_unit_t *u = (bb__matrix_unit_t *)unit;
  if (u->cold == NULL) return bb_unit_count_batch(unit, first, n, perf, faults);
  double untimed = 0;
  uint64_t got = bb_cold_run(u->cold, &u->p, first, n, &untimed, faults, perf);
  return got == bb_case_expected(&u->p.c, first, n);
}

static void bb__close(bb_unit_t *unit) {
  bb__matrix_unit_t *u = (bb__matrix_unit_t *)unit;
  bb_cold_free(u->cold);
  bb_case_release(&u->p);
  free(u);
}

static const bb_unit_vtable_t bb__matrix_vt = {bb__open, bb__run, bb__count, bb__close};

size_t bb__matrix_units(bb_unit_desc_t *out, size_t max) {
  size_t n = bb_cases_all(bb__cases, BB_CASES_MAX);
  if (n > max) n = max;
  for (size_t i = 0; i < n; i++) {
    const bb_case_t *c = &bb__cases[i];
    bb_unit_desc_t d = bb_unit_desc(BB_SUITE_MATRIX);
    bb_case_name(c, d.name, sizeof d.name);
    d.mode = bb_mode_name(c->mode);
    d.lang = "c";
    d.pattern = bb_pattern_name(c->pattern);
    d.state = bb_alloc_state_name(c->state);
    d.size = (int64_t)c->size;
    d.depth = c->depth;
    d.async_calls = bb_mode_future(c->mode) ? c->depth : 0;
    d.allocs = bb_case_allocs_per_call(c);
    d.syscalls = 0;
    d.future_bytes = (double)bb_case_future_bytes(c);
    d.timing = c->state == BB_STATE_WARM ? BB_UNIT_BATCH : BB_UNIT_EACH;
    d.iterations = c->state == BB_STATE_WARM ? 0 : BB_COLD_CALLS;
    d.vt = &bb__matrix_vt;
    d.which = (int)i;
    out[i] = d;
  }
#ifdef BB_HAVE_RUST
  n += bb__rust_units(out + n, max - n); /* The Rust beside them (unit_rust.c). */
#endif
  return n;
}
