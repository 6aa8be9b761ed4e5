/* The Rust beside the matrix (bench/rust): each mode the crate has, at every size, depth and
 * pattern, warm, as a unit of the matrix with lang "rust" and the coordinates of its C
 * counterpart. A unit's run calls into Rust, which loops over its calls itself; its output is
 * checked against the C formula, as a C unit's is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_rust.h"
#include "bb_unit.h"

static const size_t bb__sizes[] = {
#define BB__SIZE(S) S,
    BB_SIZES(BB__SIZE)
#undef BB__SIZE
};
#define BB__SIZES (sizeof bb__sizes / sizeof bb__sizes[0])
static const unsigned bb__depths[] = {
#define BB__DEPTH(a, D) D,
    BB_DEPTHS(BB__DEPTH, _)
#undef BB__DEPTH
};
#define BB__DEPTHS (sizeof bb__depths / sizeof bb__depths[0])
_Static_assert(BB_RUST_MODE_COUNT *BB__SIZES *BB__DEPTHS *BB_PATTERN_COUNT <= BB_RUST_UNITS_MAX,
               "BB_RUST_UNITS_MAX too small for the Rust units");

typedef struct bb__rust_unit_s {
  bb_unit_t head;
  uint32_t mode; /* the crate's mode */
  bb_case_t c;   /* the C counterpart's coordinates, for the expected output */
} bb__rust_unit_t;

/* which: the crate's mode, then the size, depth and pattern, as bb__rust_units numbers them. */
static void bb__coordinates(int which, uint32_t *mode, bb_case_t *c) {
  size_t k = (size_t)which;
  bb_pattern_t p = (bb_pattern_t)(k % BB_PATTERN_COUNT);
  k /= BB_PATTERN_COUNT;
  unsigned depth = bb__depths[k % BB__DEPTHS];
  k /= BB__DEPTHS;
  size_t size = bb__sizes[k % BB__SIZES];
  *mode = (uint32_t)(k / BB__SIZES);
  *c = (bb_case_t){bb__rust_modes[*mode].c, size, depth, p, BB_STATE_WARM};
}

static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__rust_unit_t *u = calloc(1, sizeof *u);
  if (u == NULL) return NULL;
  u->head.desc = d;
  bb__coordinates(d->which, &u->mode, &u->c);
  return &u->head;
}

static bool bb__run(bb_unit_t *unit, uint64_t first, uint64_t n, double *ns) {
  bb__rust_unit_t *u = (bb__rust_unit_t *)unit;
  uint64_t sum = 0;
  (void)ns; /* A batch unit: its caller times it. */
  bool built = bb_rust_run(u->mode, u->c.size, u->c.depth, first, n,
                           u->c.pattern == BB_PATTERN_PENDING, &sum);
  return built && sum == bb_case_expected(&u->c, first, n);
}

static void bb__close(bb_unit_t *unit) { free(unit); }

static const bb_unit_vtable_t bb__rust_vt = {bb__open, bb__run, bb_unit_count_batch, bb__close};

size_t bb__rust_units(bb_unit_desc_t *out, size_t max) {
  size_t n = 0;
  for (int which = 0; which < (int)(BB_RUST_MODE_COUNT * BB__SIZES * BB__DEPTHS * BB_PATTERN_COUNT);
       which++) {
    if (n == max) return n;
    uint32_t mode;
    bb_case_t c;
    bb__coordinates(which, &mode, &c);
    bb_unit_desc_t d = bb_unit_desc(BB_SUITE_MATRIX);
    bb_case_name(&c, d.name, sizeof d.name);
    snprintf(d.name + strlen(d.name), sizeof d.name - strlen(d.name), "/lang:rust");
    d.mode = bb_mode_name(c.mode);
    d.lang = "rust";
    d.pattern = bb_pattern_name(c.pattern);
    d.state = bb_alloc_state_name(c.state);
    d.size = (int64_t)c.size;
    d.depth = c.depth;
    d.async_calls = c.depth;
    d.allocs = (double)bb__rust_modes[mode].allocs_per_level * c.depth;
    d.syscalls = 0;
    d.future_bytes = (double)bb_rust_future_bytes(mode, c.size, c.depth);
    d.timing = BB_UNIT_BATCH;
    d.vt = &bb__rust_vt;
    d.which = which;
    out[n++] = d;
  }
  return n;
}
