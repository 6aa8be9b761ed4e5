/* The deep-tree port's measured loop; the trees themselves are generated (gen_tree.py). */
#include "bb_tree.h"

static const struct {
  const char *name, *what;
} bb__forms[] = {
#define BB__ROW(id, name, what) {name, what},
    BB_TREE_FORMS(BB__ROW)
#undef BB__ROW
};

const char *bb_tree_form_name(bb_tree_form_t form) { return bb__forms[form].name; }
const char *bb_tree_form_what(bb_tree_form_t form) { return bb__forms[form].what; }

uint32_t bb_tree_calls(unsigned fanout) {
  uint32_t calls = 0, level = 1;
  for (int l = 0; l < BB_TREE_LEVELS; l++, level *= fanout) calls += level;
  return calls;
}

const bb_tree_fn *bb_tree_copies(bb_tree_form_t form, unsigned fanout) {
#define BB__CASE(F)                                                                                \
  if (fanout == F)                                                                                 \
    return form == BB_TREE_SYNC     ? bb_tree_sync_##F                                             \
           : form == BB_TREE_INLINE ? bb_tree_inline_##F                                           \
                                    : bb_tree_boxed_##F;
  BB_TREE_FANOUTS(BB__CASE)
#undef BB__CASE
  return NULL;
}

uint64_t bb_tree_run(bb_tree_form_t form, unsigned fanout, uint64_t first, uint64_t n) {
  /* The table is laundered so that the calls stay indirect in every form, each as dear as the
   * others: the loop is the same, only the copies differ. */
  const bb_tree_fn *fns = bb_tree_copies(form, fanout);
  fns = bb_launder(fns);
  uint64_t acc = 0;
  for (uint64_t i = first; i < first + n; i++) acc += fns[i % BB_TREE_COPIES](i);
  return acc;
}
