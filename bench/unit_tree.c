/* The deep-tree port's forms as units: one unit is one top-level call, on copy (number mod
 * BB_TREE_COPIES) with the number as its argument. */
#include <stdio.h>

#include "bb_tree.h"
#include "bb_unit.h"

static bb_unit_t bb__trees[BB_TREE_FORM_COUNT];

/* Nothing to prepare: the copies are code. */
static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__trees[d->which].desc = d;
  return &bb__trees[d->which];
}

static bool bb__run(bb_unit_t *u, uint64_t first, uint64_t n, double *ns) {
  (void)ns;
  uint64_t acc = bb_tree_run((bb_tree_form_t)u->desc->which, first, n);
  bb_do_not_optimize(acc);
  return true;
}

/* The forms must agree: the counted calls again, untimed and uncounted, in the plain form. */
static bool bb__count(bb_unit_t *u, uint64_t first, uint64_t n, bb_perf_t *perf,
                      uint64_t *faults) {
  bb_tree_form_t form = (bb_tree_form_t)u->desc->which;
  uint64_t f0 = bb_faults();
  bb_perf_start(perf);
  uint64_t got = bb_tree_run(form, first, n);
  bb_perf_stop(perf);
  *faults += bb_faults() - f0;
  return got == bb_tree_run(BB_TREE_SYNC, first, n);
}

static void bb__close(bb_unit_t *u) { (void)u; }

static const bb_unit_vtable_t bb__tree_vt = {bb__open, bb__run, bb__count, bb__close};

size_t bb__tree_units(bb_unit_desc_t *out, size_t max) {
  size_t n = 0;
  for (int f = 0; f < BB_TREE_FORM_COUNT && n < max; f++) {
    bb_unit_desc_t d = bb_unit_desc(BB_SUITE_TREE);
    snprintf(d.name, sizeof d.name, "tree/form:%s", bb_tree_form_name((bb_tree_form_t)f));
    d.form = bb_tree_form_name((bb_tree_form_t)f);
    d.async_calls = BB_TREE_CALLS;
    d.allocs = f == BB_TREE_BOXED ? BB_TREE_CALLS : 0;
    d.syscalls = 0;
    d.depth = BB_TREE_LEVELS;
    d.vt = &bb__tree_vt;
    d.which = f;
    out[n++] = d;
  }
  return n;
}
