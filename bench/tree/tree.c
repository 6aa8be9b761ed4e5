/* The deep-tree port's measured loop; the trees themselves are generated (gen_tree.py). */
#include "bb_tree.h"

static const bb_tree_fn *const bb__tree_forms[BB_TREE_FORM_COUNT] = {bb_tree_sync, bb_tree_inline,
                                                                     bb_tree_boxed};

static const struct {
  const char *name, *what;
} bb__forms[] = {
#define BB__ROW(id, name, what) {name, what},
    BB_TREE_FORMS(BB__ROW)
#undef BB__ROW
};

const char *bb_tree_form_name(bb_tree_form_t form) { return bb__forms[form].name; }
const char *bb_tree_form_what(bb_tree_form_t form) { return bb__forms[form].what; }

uint64_t bb_tree_run(bb_tree_form_t form, uint64_t first, uint64_t n) {
  /* The table is laundered so that the calls stay indirect in every form, each as dear as the
   * others: the loop is the same, only the copies differ. */
  const bb_tree_fn *fns = bb__tree_forms[form];
  fns = bb_launder(fns);
  uint64_t acc = 0;
  for (uint64_t i = first; i < first + n; i++) acc += fns[i % BB_TREE_COPIES](i);
  return acc;
}
