/* The Rust beside the matrix (bench/rust): each mode the crate has, at every size and pattern,
 * warm, depth 1, as a unit of the matrix with lang "rust" and the coordinates of its C
 * counterpart. A unit's run calls into Rust, which loops over its calls itself; its output is
 * checked against the C formula, as a C unit's is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_cases.h"
#include "bb_unit.h"

/* bench/rust/src/lib.rs. */
bool bb_rust_run(uint32_t mode, uint64_t size, uint64_t first, uint64_t n, bool pending,
                 uint64_t *sum);
uint64_t bb_rust_future_bytes(uint32_t mode, uint64_t size);

/* The crate's modes, in its order: the C mode each stands beside, and its allocations per call
 * (#[async_trait] boxes every call's future). */
#define BB_RUST_MODES(X) X(INLINE, 0) X(BOX, 1) X(DYN, 0)
static const struct {
  bb_mode_t c;
  unsigned allocs;
} bb__rust_modes[] = {
#define BB__ROW(mode, allocs) {BB_MODE_##mode, allocs},
    BB_RUST_MODES(BB__ROW)
#undef BB__ROW
};
#define BB__RUST_MODES (sizeof bb__rust_modes / sizeof bb__rust_modes[0])

static const size_t bb__sizes[] = {
#define BB__SIZE(S) S,
    BB_SIZES(BB__SIZE)
#undef BB__SIZE
};
#define BB__SIZES (sizeof bb__sizes / sizeof bb__sizes[0])
_Static_assert(BB__RUST_MODES *BB__SIZES *BB_PATTERN_COUNT <= BB_RUST_UNITS_MAX,
               "BB_RUST_UNITS_MAX too small for the Rust units");

typedef struct bb__rust_unit_s {
  bb_unit_t head;
  uint32_t mode; /* the crate's mode */
  bb_case_t c;   /* the C counterpart's coordinates, for the expected output */
} bb__rust_unit_t;

static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__rust_unit_t *u = calloc(1, sizeof *u);
  if (u == NULL) return NULL;
  u->head.desc = d;
  u->mode = (uint32_t)(d->which / (BB__SIZES * BB_PATTERN_COUNT));
  u->c = (bb_case_t){bb__rust_modes[u->mode].c, (size_t)d->size, 1, d->which % BB_PATTERN_COUNT,
                     BB_STATE_WARM};
  return &u->head;
}

static bool bb__run(bb_unit_t *unit, uint64_t first, uint64_t n, double *ns) {
  bb__rust_unit_t *u = (bb__rust_unit_t *)unit;
  uint64_t sum = 0;
  (void)ns; /* A batch unit: its caller times it. */
  bool built = bb_rust_run(u->mode, u->c.size, first, n, u->c.pattern == BB_PATTERN_PENDING, &sum);
  return built && sum == bb_case_expected(&u->c, first, n);
}

static void bb__close(bb_unit_t *unit) { free(unit); }

static const bb_unit_vtable_t bb__rust_vt = {bb__open, bb__run, bb_unit_count_batch, bb__close};

size_t bb__rust_units(bb_unit_desc_t *out, size_t max) {
  size_t n = 0;
  for (size_t m = 0; m < BB__RUST_MODES; m++)
    for (size_t s = 0; s < BB__SIZES; s++)
      for (unsigned p = 0; p < BB_PATTERN_COUNT; p++) {
        if (n == max) return n;
        bb_case_t c = {bb__rust_modes[m].c, bb__sizes[s], 1, (bb_pattern_t)p, BB_STATE_WARM};
        bb_unit_desc_t d = bb_unit_desc(BB_SUITE_MATRIX);
        bb_case_name(&c, d.name, sizeof d.name);
        snprintf(d.name + strlen(d.name), sizeof d.name - strlen(d.name), "/lang:rust");
        d.mode = bb_mode_name(c.mode);
        d.lang = "rust";
        d.pattern = bb_pattern_name(c.pattern);
        d.state = bb_alloc_state_name(c.state);
        d.size = (int64_t)c.size;
        d.depth = 1;
        d.async_calls = 1;
        d.allocs = bb__rust_modes[m].allocs;
        d.syscalls = 0;
        d.future_bytes = (double)bb_rust_future_bytes((uint32_t)m, c.size);
        d.timing = BB_UNIT_BATCH;
        d.vt = &bb__rust_vt;
        /* which: mode, size and pattern, as bb__open and bb__run read them back. */
        d.which = (int)((m * BB__SIZES + s) * BB_PATTERN_COUNT + p);
        out[n++] = d;
      }
  return n;
}
