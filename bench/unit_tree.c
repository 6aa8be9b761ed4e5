/* The deep-tree port's forms and fan-outs as units: one unit is one top-level call, on copy
 * (number mod BB_TREE_COPIES) with the number as its argument. */
#include <stdio.h>

#include "bb_tree.h"
#include "bb_unit.h"

static bb_unit_t bb__trees[BB_TREE_FORM_COUNT * BB_TREE_FANOUT_COUNT];

/* Nothing to prepare: the copies are code. */
static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__trees[d->which].desc = d;
  return &bb__trees[d->which];
}

static bb_tree_form_t bb__form(const bb_unit_t *u) {
  return (bb_tree_form_t)(u->desc->which % BB_TREE_FORM_COUNT);
}

static bool bb__run(bb_unit_t *u, uint64_t first, uint64_t n, double *ns) {
  (void)ns;
  uint64_t acc = bb_tree_run(bb__form(u), (unsigned)u->desc->fanout, first, n);
  bb_do_not_optimize(acc);
  return true;
}

/* The forms must agree: the counted calls again, untimed and uncounted, in the plain form. */
static bool bb__count(bb_unit_t *u, uint64_t first, uint64_t n, bb_perf_t *perf, uint64_t *faults) {
  unsigned fanout = (unsigned)u->desc->fanout;
  uint64_t f0 = bb_faults();
  bb_perf_start(perf);
  uint64_t got = bb_tree_run(bb__form(u), fanout, first, n);
  bb_perf_stop(perf);
  *faults += bb_faults() - f0;
  return got == bb_tree_run(BB_TREE_SYNC, fanout, first, n);
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
    for (int f = 0; f < BB_TREE_FORM_COUNT && n < max; f++) {
      bb_unit_desc_t d = bb_unit_desc(BB_SUITE_TREE);
      snprintf(d.name, sizeof d.name, "tree/form:%s/fanout:%u",
               bb_tree_form_name((bb_tree_form_t)f), fanouts[k]);
      d.form = bb_tree_form_name((bb_tree_form_t)f);
      d.fanout = fanouts[k];
      d.async_calls = bb_tree_calls(fanouts[k]);
      d.allocs = f == BB_TREE_BOXED ? d.async_calls : 0;
      d.syscalls = 0;
      d.depth = BB_TREE_LEVELS;
      d.vt = &bb__tree_vt;
      d.which = k * BB_TREE_FORM_COUNT + f;
      out[n++] = d;
    }
  return n;
}
