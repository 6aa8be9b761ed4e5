/* The deep-tree port (docs/design.md, claim C2): a top-level call runs a tree of async calls
 * BB_TREE_LEVELS deep, every call awaiting its children in turn, the leaves always ready, in
 * BB_TREE_COPIES slightly different generated copies called in turn (gen_tree.py), in three forms:
 * synchronous functions, inline futures, and futures boxed at every call; and in three fan-outs,
 * since the published description does not give one. */
#ifndef BB_TREE_H
#define BB_TREE_H

#include <stdint.h>

#include "bb_future.h"

/* The copies of each tree the original benchmark generates: CMake's default for BB_TREE_COPIES and
 * bench/rust/trees' (CMake and the build script read this line). */
#define BB_TREE_ORIGINAL_COPIES 512
#ifndef BB_TREE_COPIES /* CMake's, which gen_tree.py is given too. */
#error "BB_TREE_COPIES comes from CMake (the cache variable of that name)"
#endif
#define BB_TREE_LEVELS 5

/* Fan-outs: children awaited per call above the leaves. CMake and gen_tree.py read this line and
 * the forms' table below: keep each an X-macro of literals. */
#define BB_TREE_FANOUTS(X) X(1) X(2) X(3)
#define BB_TREE_FANOUT_COUNT 3

/* Async calls per top-level call, the top one included: 1 + f + f^2 + ... over the levels. */
uint32_t bb_tree_calls(unsigned fanout);

/* Forms: enum suffix, name, what it stands for. */
#define BB_TREE_FORMS(X)                                                                           \
  X(SYNC, "sync", "plain functions")                                                               \
  X(INLINE, "inline", "native async fn: every child future embedded in its parent")                \
  X(BOXED, "boxed", "Box::pin at every async call: allocate, move, poll and drop by vtable, free")

typedef enum bb_tree_form_e {
#define BB__ENUM(id, name, what) BB_TREE_##id,
  BB_TREE_FORMS(BB__ENUM) /* a constant per row */
#undef BB__ENUM
  BB_TREE_FORM_COUNT
} bb_tree_form_t;

/* One copy of the tree in one form and fan-out: the value of the tree for the argument x. */
typedef uint64_t (*bb_tree_fn)(uint64_t x);
#define BB__TREE_TABLES(F)                                                                         \
  extern const bb_tree_fn bb_tree_sync_##F[BB_TREE_COPIES];                                        \
  extern const bb_tree_fn bb_tree_inline_##F[BB_TREE_COPIES];                                      \
  extern const bb_tree_fn bb_tree_boxed_##F[BB_TREE_COPIES];
BB_TREE_FANOUTS(BB__TREE_TABLES)
#undef BB__TREE_TABLES

const char *bb_tree_form_name(bb_tree_form_t form);
const char *bb_tree_form_what(bb_tree_form_t form);

/* The copies of a form and fan-out (NULL for a fan-out not built). */
const bb_tree_fn *bb_tree_copies(bb_tree_form_t form, unsigned fanout);

/* n top-level calls, the i-th (from first) on copy i mod BB_TREE_COPIES with argument i: the sum
 * of their values. The measured loop. */
uint64_t bb_tree_run(bb_tree_form_t form, unsigned fanout, uint64_t first, uint64_t n);

#endif
