/* The Rust beside the matrix (bench/rust): each mode the crate has, at every size, depth and
 * pattern, warm (and at depth 1 in the cold states the C harness prepares the same way), as a unit
 * of the matrix with lang "rust" and the coordinates of its C counterpart. A unit's run calls into
 * Rust, which loops over its calls itself; its output is checked against the C formula, as a C
 * unit's is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_allocator.h"
#include "bb_rust.h"
#include "bb_states.h"
#include "bb_unit.h"

/* The units: every mode warm at every depth; at depth 1, the modes whose call stands alone
 * (bb_rust.h) in the cold states whose preparation happens between two calls on the measuring
 * thread (not cross-thread, which splits a call between two threads). */
static bool bb__built(uint32_t mode, bb_alloc_state_t st) {
  return st == BB_STATE_WARM || (st != BB_STATE_CROSS_THREAD && bb__rust_modes[mode].alone);
}
#define BB__COLD_STATES (BB_STATE_COUNT - 2)
#define BB__RUST_UNITS                                                                             \
  (BB_SIZE_COUNT * BB_PATTERN_COUNT *                                                              \
   (BB_RUST_MODE_COUNT * BB_DEPTH_COUNT + BB_RUST_ALONE_COUNT * BB__COLD_STATES))
_Static_assert(BB__RUST_UNITS <= BB_RUST_UNITS_MAX,
               "BB_RUST_UNITS_MAX too small for the Rust units");

/* Every Rust unit's crate mode and C coordinates, in the catalogue's order; a unit's `which`. */
static struct {
  uint32_t mode;
  bb_case_t c;
} bb__units[BB__RUST_UNITS];

typedef struct bb__rust_unit_s {
  bb_unit_t head;
  uint32_t mode;   /* the crate's mode */
  bb_case_t c;     /* the C counterpart's coordinates, for the expected output */
  bb_cold_t *cold; /* NULL when warm */
} bb__rust_unit_t;

static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__rust_unit_t *u = calloc(1, sizeof *u);
  if (u == NULL) return NULL;
  u->head.desc = d;
  u->mode = bb__units[d->which].mode;
  u->c = bb__units[d->which].c;
  if (u->c.state != BB_STATE_WARM &&
      (u->cold = bb_cold_new(u->c.state, bb_allocator_purge)) == NULL) {
    free(u);
    return NULL;
  }
  return &u->head;
}

/* One call (a cold state's), its output; 0 if not built (the check then fails). */
static uint64_t bb__one(const void *ctx, uint64_t seed) {
  const bb__rust_unit_t *u = ctx;
  uint64_t out = 0;
  bb_rust_run(u->mode, u->c.size, u->c.depth, seed, 1, u->c.pattern == BB_PATTERN_PENDING, &out);
  return out;
}

static bool bb__run(bb_unit_t *unit, uint64_t first, uint64_t n, double *ns) {
  bb__rust_unit_t *u = (bb__rust_unit_t *)unit;
  uint64_t sum = 0;
  if (u->cold != NULL) {
    sum = bb_cold_each(u->cold, bb__one, u, first, n, ns, NULL, NULL);
  } else if (!bb_rust_run(u->mode, u->c.size, u->c.depth, first, n,
                          u->c.pattern == BB_PATTERN_PENDING, &sum)) {
    return false; /* A batch unit: its caller times it, and *ns is left alone. */
  }
  return sum == bb_case_expected(&u->c, first, n);
}

/* Cold: counted calls of their own, as the C matrix's (the counters' syscalls would come between
 * each preparation and its call). */
static bool bb__count(bb_unit_t *unit, uint64_t first, uint64_t n, bb_perf_t *perf,
                      uint64_t *faults) {
  bb__rust_unit_t *u = (bb__rust_unit_t *)unit;
  if (u->cold == NULL) return bb_unit_count_batch(unit, first, n, perf, faults);
  double untimed = 0;
  return bb_cold_each(u->cold, bb__one, u, first, n, &untimed, faults, perf) ==
         bb_case_expected(&u->c, first, n);
}

static void bb__close(bb_unit_t *unit) {
  bb__rust_unit_t *u = (bb__rust_unit_t *)unit;
  bb_cold_free(u->cold);
  free(unit);
}

static const bb_unit_vtable_t bb__rust_vt = {bb__open, bb__run, bb__count, bb__close};

size_t bb__rust_units(bb_unit_desc_t *out, size_t max) {
  size_t n = 0;
  for (unsigned st = 0; st < BB_STATE_COUNT; st++)
    for (uint32_t m = 0; m < BB_RUST_MODE_COUNT; m++)
      for (size_t s = 0; s < BB_SIZE_COUNT; s++)
        for (size_t k = 0; k < (st == BB_STATE_WARM ? BB_DEPTH_COUNT : 1); k++)
          for (unsigned p = 0; p < BB_PATTERN_COUNT; p++) {
            if (!bb__built(m, (bb_alloc_state_t)st)) continue;
            bb_case_t c = {bb__rust_modes[m].c, bb_sizes[s], bb_depths[k], (bb_pattern_t)p,
                           (bb_alloc_state_t)st};
            if (!bb_case_built(&c)) continue;
            if (n == max || n == BB__RUST_UNITS) return n;
            bb__units[n].mode = m;
            bb__units[n].c = c;
            bb_unit_desc_t d = bb_unit_desc(BB_SUITE_MATRIX);
            bb_case_name(&c, d.name, sizeof d.name);
            snprintf(d.name + strlen(d.name), sizeof d.name - strlen(d.name), BB_UNIT_RUST_SUFFIX);
            d.mode = bb_mode_name(c.mode);
            d.lang = "rust";
            d.pattern = bb_pattern_name(c.pattern);
            d.state = bb_alloc_state_name(c.state);
            d.size = (int64_t)c.size;
            d.depth = c.depth;
            d.async_calls = c.depth;
            d.allocs = (double)bb_rust_allocs_per_call(m, c.size, c.depth);
            d.syscalls = 0;
            d.future_bytes = (double)bb_rust_future_bytes(m, c.size, c.depth);
            d.timing = c.state == BB_STATE_WARM ? BB_UNIT_BATCH : BB_UNIT_EACH;
            d.iterations = c.state == BB_STATE_WARM ? 0 : BB_COLD_CALLS;
            d.vt = &bb__rust_vt;
            d.which = (int)n;
            out[n++] = d;
          }
  return n;
}
