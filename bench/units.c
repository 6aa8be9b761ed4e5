/* The runner's units: every kind's descriptors in one table, in the suites' order, built once. */
#include <string.h>

#include "bb_cases.h"
#include "bb_eventloop.h"
#include "bb_tree.h"
#include "bb_unit.h"

/* Each suite's provider, in the order of BB_SUITES. */
static size_t (*const bb__providers[BB_SUITE_COUNT])(bb_unit_desc_t *, size_t) = {
#define BB__PROVIDER(id, name, per, what) bb__##name##_units,
    BB_SUITES(BB__PROVIDER)
#undef BB__PROVIDER
};

enum {
  BB__UNITS_MAX = BB_HARNESS_UNITS_MAX + BB_CASES_MAX + BB_RUST_UNITS_MAX + BB_EV_VARIANT_COUNT +
                  BB_TREE_FORM_COUNT * BB_TREE_FANOUT_COUNT + 1
};
static bb_unit_desc_t bb__all[BB__UNITS_MAX];
static size_t bb__count;

size_t bb_units(const bb_unit_desc_t **all) {
  if (bb__count == 0)
    for (int s = 0; s < BB_SUITE_COUNT; s++)
      bb__count += bb__providers[s](bb__all + bb__count, BB__UNITS_MAX - bb__count);
  *all = bb__all;
  return bb__count;
}

const bb_unit_desc_t *bb_unit_find(const char *name) {
  const bb_unit_desc_t *all;
  size_t n = bb_units(&all);
  for (size_t i = 0; i < n; i++)
    if (strcmp(all[i].name, name) == 0) return &all[i];
  return NULL;
}
