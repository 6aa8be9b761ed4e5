/* The Rust crate's entry points (bench/rust/src/lib.rs) and its modes, for the runners' Rust units
 * (unit_rust.c) and their test (tests/test_rust.c). */
#ifndef BB_RUST_H
#define BB_RUST_H

#include <stdbool.h>
#include <stdint.h>

#include "bb_cases.h"

/* n calls of mode at size and depth (seeds first ..), their outputs summed into *sum; false for a
 * mode, size or depth the crate does not build. */
bool bb_rust_run(uint32_t mode, uint64_t size, uint64_t depth, uint64_t first, uint64_t n,
                 bool pending, uint64_t *sum);
/* The bytes of future state one such call builds, as rustc laid it out (0 where not built). */
uint64_t bb_rust_future_bytes(uint32_t mode, uint64_t size, uint64_t depth);
/* The name of the C mode crate mode `mode` stands beside (NULL past the last): the crate's own
 * word for its order, which tests/test_rust.c holds BB_RUST_MODES to, row by row. */
const char *bb_rust_mode_name(uint32_t mode);

/* n top-level calls of the Rust tree of form (BB_RUST_TREE_FORMS' order) and fan-out, as
 * bb_tree_run makes them; false for a form or fan-out not built. */
bool bb_rust_tree_run(uint32_t form, uint64_t fanout, uint64_t first, uint64_t n, uint64_t *sum);

/* The allocations one such call makes once warm, as the crate counts them (0 where not built). */
uint64_t bb_rust_allocs_per_call(uint32_t mode, uint64_t size, uint64_t depth);

/* The crate's modes, in its order (bb_rust_mode_name names each, and tests/test_rust.c holds this
 * table to it): the C mode each stands beside, and whether its call stands alone: a run of one
 * call is that call and nothing more, as a cold state times it. ReusableBoxFuture's sites and
 * bumpalo's arena are made by each run, so a run of one would time their allocation with the
 * call. */
#define BB_RUST_MODES(X)                                                                           \
  X(INLINE, true)                                                                                  \
  X(BOX, true)                                                                                     \
  X(DYN, true)                                                                                     \
  X(REUSE, false)                                                                                  \
  X(ARENA, false)                                                                                  \
  X(BOX_INPLACE, true)                                                                             \
  X(NATIVE_MOVED, true)                                                                            \
  X(INLINE_BUF_64, true)                                                                           \
  X(INLINE_BUF_256, true)                                                                          \
  X(INLINE_BUF_1024, true)                                                                         \
  X(INLINE_BUF_4096, true)
static const struct {
  bb_mode_t c;
  bool alone;
} bb__rust_modes[] = {
#define BB__ROW(mode, alone) {BB_MODE_##mode, alone},
    BB_RUST_MODES(BB__ROW)
#undef BB__ROW
};
#define BB__ALONE(mode, alone) +(alone ? 1 : 0)
enum { BB_RUST_ALONE_COUNT = 0 BB_RUST_MODES(BB__ALONE) };
#undef BB__ALONE
#define BB_RUST_MODE_COUNT (sizeof bb__rust_modes / sizeof bb__rust_modes[0])

/* The tree's forms the crate has, in its order (gen_tree.py's RUST_FORMS): the C form of each. */
#define BB_RUST_TREE_FORMS(X) X(INLINE) X(BOXED)
enum {
#define BB__ENUM(id) BB_RUST_TREE_##id,
  BB_RUST_TREE_FORMS(BB__ENUM) /* a constant per row: the crate's form */
#undef BB__ENUM
};

#endif
