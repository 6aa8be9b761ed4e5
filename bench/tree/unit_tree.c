/* The deep-tree port's forms and fan-outs as units: one unit is one top-level call, on copy
 * (number mod BB_TREE_COPIES) with the number as its argument. Where bench/rust is built, its
 * Rust trees too (lang rust), generated with the same copies' constants. */
#include <stdio.h>

#include "bb_tree.h"
#include "bb_unit.h"
#ifdef BB_HAVE_RUST
#include "bb_rust.h"
#endif

/* A unit's form: the C forms, then (rust) the crate's. */
static const struct {
  bb_tree_form_t form;
  int rust; /* the crate's form, or -1 for the C port */
} bb__forms[] = {
#define BB__C(id, name, what) {BB_TREE_##id, -1},
    BB_TREE_FORMS(BB__C)
#undef BB__C
#ifdef BB_HAVE_RUST
#define BB__RUST(id) {BB_TREE_##id, BB_RUST_TREE_##id},
        BB_RUST_TREE_FORMS(BB__RUST)
#undef BB__RUST
#endif
};
#define BB__FORMS (sizeof bb__forms / sizeof bb__forms[0])

static bb_unit_t bb__trees[BB__FORMS * BB_TREE_FANOUT_COUNT];

/* Nothing to prepare: the copies are code. */
static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__trees[d->which].desc = d;
  return &bb__trees[d->which];
}

static uint64_t bb__tree(const bb_unit_t *u, uint64_t first, uint64_t n) {
  unsigned fanout = (unsigned)u->desc->fanout;
  size_t f = (size_t)u->desc->which % BB__FORMS;
#ifdef BB_HAVE_RUST
  uint64_t sum = 0;
  if (bb__forms[f].rust >= 0)
    return bb_rust_tree_run((uint32_t)bb__forms[f].rust, fanout, first, n, &sum) ? sum : 0;
#endif
  return bb_tree_run(bb__forms[f].form, fanout, first, n);
}

static bool bb__run(bb_unit_t *u, uint64_t first, uint64_t n, double *ns) {
  (void)ns;
  uint64_t acc = bb__tree(u, first, n);
  bb_do_not_optimize(acc);
  return true;
}

/* The forms must agree: the counted calls again, untimed and uncounted, in the plain form. */
static bool bb__count(bb_unit_t *u, uint64_t first, uint64_t n, bb_perf_t *perf, uint64_t *faults) {
  uint64_t f0 = bb_faults();
  bb_perf_start(perf);
  uint64_t got = bb__tree(u, first, n);
  bb_perf_stop(perf);
  *faults += bb_faults() - f0;
  return got == bb_tree_run(BB_TREE_SYNC, (unsigned)u->desc->fanout, first, n);
}

static void bb__close(bb_unit_t *u) { (void)u; }

static const bb_unit_vtable_t bb__tree_vt = {bb__open, bb__run, bb__count, bb__close};

size_t bb__tree_units(bb_unit_desc_t *out, size_t max) {
  static const unsigned fanouts[] = {
#define BB__FANOUT(F) F,
      BB_TREE_FANOUTS(BB__FANOUT)
#undef BB__FANOUT
  };
  size_t n = 0;
  for (int k = 0; k < BB_TREE_FANOUT_COUNT; k++)
    for (size_t f = 0; f < BB__FORMS && n < max; f++) {
      bb_tree_form_t form = bb__forms[f].form;
      bool rust = bb__forms[f].rust >= 0;
      bb_unit_desc_t d = bb_unit_desc(BB_SUITE_TREE);
      snprintf(d.name, sizeof d.name, "tree/form:%s/fanout:%u%s", bb_tree_form_name(form),
               fanouts[k], rust ? BB_UNIT_RUST_SUFFIX : "");
      d.form = bb_tree_form_name(form);
      d.lang = rust ? "rust" : "c";
      d.fanout = fanouts[k];
      d.async_calls = bb_tree_calls(fanouts[k]);
      d.allocs = form == BB_TREE_BOXED ? d.async_calls : 0;
      d.syscalls = 0;
      d.depth = BB_TREE_LEVELS;
      d.vt = &bb__tree_vt;
      d.which = (int)(k * BB__FORMS + f);
      out[n++] = d;
    }
  return n;
}
