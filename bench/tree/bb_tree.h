/* The deep-tree port (docs/design.md, claim C2): a top-level call runs a tree of async calls
 * BB_TREE_LEVELS deep, every call awaiting two children in turn, the leaves always ready, in
 * BB_TREE_COPIES slightly different generated copies called in turn (gen_tree.py), in three forms:
 * synchronous functions, inline futures, and futures boxed at every call. */
#ifndef BB_TREE_H
#define BB_TREE_H

#include <stdint.h>

#include "bb_future.h"

#define BB_TREE_COPIES 512
#define BB_TREE_LEVELS 5
/* Async calls per top-level call, the top one included: 1 + 2 + 4 + 8 + 16. */
#define BB_TREE_CALLS ((1u << BB_TREE_LEVELS) - 1u)

/* Forms: enum suffix, name, what it stands for. */
#define BB_TREE_FORMS(X)                                                                           \
  X(SYNC, "sync", "plain functions")                                                               \
  X(INLINE, "inline", "native async fn: every child future embedded in its parent")                \
  X(BOXED, "boxed", "Box::pin at every async call: allocate, move, poll and drop by vtable, free")

typedef enum bb_tree_form_e {
#define BB__ENUM(id, name, what) BB_TREE_##id,
  BB_TREE_FORMS(BB__ENUM)
#undef BB__ENUM
  BB_TREE_FORM_COUNT
} bb_tree_form_t;

/* One copy of the tree in one form: the value of the tree for the argument x. */
typedef uint64_t (*bb_tree_fn)(uint64_t x);
extern const bb_tree_fn bb_tree_sync[BB_TREE_COPIES];
extern const bb_tree_fn bb_tree_inline[BB_TREE_COPIES];
extern const bb_tree_fn bb_tree_boxed[BB_TREE_COPIES];

const char *bb_tree_form_name(bb_tree_form_t form);
const char *bb_tree_form_what(bb_tree_form_t form);

/* n top-level calls, the i-th (from first) on copy i mod BB_TREE_COPIES with argument i: the sum
 * of their values. The measured loop. */
uint64_t bb_tree_run(bb_tree_form_t form, uint64_t first, uint64_t n);

#endif
