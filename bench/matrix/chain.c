/* The native shape of a call chain: every level is its own concrete type and embeds its child, as
 * monomorphised Rust futures do, so the sizes add up and every poll is a direct call the compiler
 * may inline. Level 1 is the payload future; level N embeds level N-1.
 *
 * Two ways to start the child at the await, one poll function each: in place (inline: what rustc
 * does for a plain chain, the child's fields written straight into the parent's state), or moved
 * (native-moved: the child built in a temporary of the parent's poll and then copied into its
 * state, a copy of the child's whole size, as rustc emits when it cannot build in place).
 *
 * C has no generics, so the chain is spelled out level by level for each size from one table.
 */
#include "bb_payload.h"

/* Each level N with the level M = N-1 it embeds, up to BB_DEPTH_MAX. A table, laid out by hand. */
// clang-format off
#define BB__CHAIN_STEPS(X, S) \
  X(S, 2, 1) X(S, 3, 2) X(S, 4, 3) X(S, 5, 4) X(S, 6, 5) X(S, 7, 6) \
  X(S, 8, 7) X(S, 9, 8) X(S, 10, 9) X(S, 11, 10) X(S, 12, 11) X(S, 13, 12) \
  X(S, 14, 13) X(S, 15, 14) X(S, 16, 15) X(S, 17, 16) X(S, 18, 17) X(S, 19, 18) \
  X(S, 20, 19) X(S, 21, 20) X(S, 22, 21) X(S, 23, 22) X(S, 24, 23) X(S, 25, 24) \
  X(S, 26, 25) X(S, 27, 26) X(S, 28, 27) X(S, 29, 28) X(S, 30, 29) X(S, 31, 30) \
  X(S, 32, 31) X(S, 33, 32) X(S, 34, 33) X(S, 35, 34) X(S, 36, 35) X(S, 37, 36) \
  X(S, 38, 37) X(S, 39, 38) X(S, 40, 39) X(S, 41, 40) X(S, 42, 41) X(S, 43, 42) \
  X(S, 44, 43) X(S, 45, 44) X(S, 46, 45) X(S, 47, 46) X(S, 48, 47) X(S, 49, 48) \
  X(S, 50, 49) X(S, 51, 50) X(S, 52, 51) X(S, 53, 52) X(S, 54, 53) X(S, 55, 54) \
  X(S, 56, 55) X(S, 57, 56) X(S, 58, 57) X(S, 59, 58) X(S, 60, 59) X(S, 61, 60) \
  X(S, 62, 61) X(S, 63, 62) X(S, 64, 63)
// clang-format on
_Static_assert(BB_DEPTH_MAX == 64, "BB__CHAIN_STEPS must reach the deepest depth of BB_DEPTHS");

#define BB__CHAIN_BASE(S)                                                                          \
  typedef bb_payload_##S##_t bb_chain_##S##_1_t;                                                   \
  static inline void bb_chain_##S##_1_init(bb_chain_##S##_1_t *f, const void *svc, uint64_t seed,  \
                                           bool pending) {                                         \
    (void)svc;                                                                                     \
    bb_payload_##S##_init(f, seed, pending);                                                       \
  }                                                                                                \
  static inline bb_poll_t bb_chain_##S##_1_poll(void *self, bb_context_t *cx, uint64_t *out) {     \
    return bb_payload_##S##_poll(self, cx, out);                                                   \
  }

/* async fn call(&self, seed, pending) -> u64 { self.0.call(seed, pending).await + 1 }: the level's
 * future captures its service (&self) beside its arguments, as the Rust method's does, and hands
 * the child its own (self.0, at the same address: the layer is a newtype). */
#define BB__CHAIN_LEVEL(S, N, M)                                                                   \
  typedef struct bb_chain_##S##_##N##_s {                                                          \
    bb_resume_t state;                                                                             \
    bool pending;                                                                                  \
    const void *svc;                                                                               \
    uint64_t seed;                                                                                 \
    bb_chain_##S##_##M##_t child;                                                                  \
  } bb_chain_##S##_##N##_t;                                                                        \
  static inline void bb_chain_##S##_##N##_init(bb_chain_##S##_##N##_t *f, const void *svc,         \
                                               uint64_t seed, bool pending) {                      \
    f->state = BB_RESUME_START;                                                                    \
    f->pending = pending;                                                                          \
    f->svc = svc;                                                                                  \
    f->seed = seed;                                                                                \
  }                                                                                                \
  static inline bb_poll_t bb_chain_##S##_##N##_poll(void *self, bb_context_t *cx, uint64_t *out) { \
    bb_chain_##S##_##N##_t *f = (bb_chain_##S##_##N##_t *)self;                                    \
    uint64_t v;                                                                                    \
    BB_RESUME_BEGIN(f->state)                                                                      \
    bb_chain_##S##_##M##_init(&f->child, f->svc, f->seed, f->pending);                             \
    BB_AWAIT(f->state, bb_chain_##S##_##M##_poll(&f->child, cx, &v));                              \
    *out = v + 1;                                                                                  \
    BB_RETURN_READY(f->state);                                                                     \
    BB_RESUME_END(f->state)                                                                        \
  }

/* The moved start, as rustc compiles a child made by a call it does not inline: the call writes
 * the child into a temporary of this poll's frame (its return slot), and the escape makes the copy
 * into the state a real one of every byte (the child's own child uninitialised, as in Rust). */
#define BB__CHAIN_LEVEL_MOVED(S, N, M)                                                             \
  static __attribute__((noinline)) void bb_chain_##S##_##M##_apart(                                \
      bb_chain_##S##_##M##_t *f, const void *svc, uint64_t seed, bool pending) {                   \
    bb_chain_##S##_##M##_init(f, svc, seed, pending);                                              \
  }                                                                                                \
  static inline bb_poll_t bb_chain_##S##_##N##_poll_moved(void *self, bb_context_t *cx,            \
                                                          uint64_t *out) {                         \
    bb_chain_##S##_##N##_t *f = (bb_chain_##S##_##N##_t *)self;                                    \
    uint64_t v;                                                                                    \
    BB_RESUME_BEGIN(f->state) {                                                                    \
      bb_chain_##S##_##M##_t moved;                                                                \
      bb_chain_##S##_##M##_apart(&moved, f->svc, f->seed, f->pending);                             \
      bb_escape(&moved);                                                                           \
      memcpy(&f->child, &moved, sizeof moved);                                                     \
    }                                                                                              \
    BB_AWAIT(f->state, bb_chain_##S##_##M##_poll_moved(&f->child, cx, &v));                        \
    *out = v + 1;                                                                                  \
    BB_RETURN_READY(f->state);                                                                     \
    BB_RESUME_END(f->state)                                                                        \
  }
#define BB__CHAIN_BASE_MOVED(S)                                                                    \
  static inline bb_poll_t bb_chain_##S##_1_poll_moved(void *self, bb_context_t *cx,                \
                                                      uint64_t *out) {                             \
    return bb_payload_##S##_poll(self, cx, out);                                                   \
  }

// clang-format off
#define BB__CHAIN_FOR_SIZE(S)                                                                      \
  BB__CHAIN_BASE(S) BB__CHAIN_STEPS(BB__CHAIN_LEVEL, S)                                            \
  BB__CHAIN_BASE_MOVED(S) BB__CHAIN_STEPS(BB__CHAIN_LEVEL_MOVED, S)
// clang-format on
BB_SIZES(BB__CHAIN_FOR_SIZE)

/* The chain's service, a value of no size in Rust (its layers are newtypes of the payload's unit
 * struct): only its address travels, laundered as Rust's black_box(&chain) is. */
static const char bb__chain_service;

/* The measured loops of inline and native-moved: the top-level future lives in this frame, and
 * block_on polls it with a direct call to its poll function, which is a function of its own, as
 * the one rustc makes of the top-level future's poll is: rustc inlines every level's poll into
 * that one (as GCC does here), but the executor calls it, so the chain's state lives in memory,
 * each level's fields stored as the level starts and read back at each resumption. Were the top
 * poll inlined into this loop, GCC would keep the whole chain in registers across the waker's call
 * (the future's address never escapes), a state machine no Rust executor runs. */
#define BB__CHAIN_RUN(S, D, kind, poll)                                                            \
  static __attribute__((noinline))                                                                 \
  bb_poll_t bb__top_##kind##_##S##_##D(void *self, bb_context_t *cx, uint64_t *out) {              \
    return poll(self, cx, out);                                                                    \
  }                                                                                                \
  static uint64_t bb__run_##kind##_##S##_##D(uint64_t first, uint64_t n, bool pending) {           \
    uint64_t acc = 0;                                                                              \
    const void *svc = bb_launder(&bb__chain_service);                                              \
    for (uint64_t i = 0; i < n; i++) {                                                             \
      bb_chain_##S##_##D##_t fut;                                                                  \
      bb_chain_##S##_##D##_init(&fut, svc, first + i, pending);                                    \
      acc += bb_block_on(bb__top_##kind##_##S##_##D, &fut);                                        \
    }                                                                                              \
    return acc;                                                                                    \
  }
#define BB__INLINE_RUN(S, D)                                                                       \
  BB__CHAIN_RUN(S, D, inline, bb_chain_##S##_##D##_poll)                                           \
  BB__CHAIN_RUN(S, D, moved, bb_chain_##S##_##D##_poll_moved)
#define BB__INLINE_RUNS_FOR_SIZE(S) BB_DEPTHS(BB__INLINE_RUN, S)
BB_SIZES(BB__INLINE_RUNS_FOR_SIZE)

bb__inline_run_fn bb__inline_runner(size_t size, unsigned depth, bool moved, size_t *future_bytes) {
#define BB__CASE(S, D)                                                                             \
  if (size == S && depth == D) {                                                                   \
    *future_bytes = sizeof(bb_chain_##S##_##D##_t);                                                \
    return moved ? bb__run_moved_##S##_##D : bb__run_inline_##S##_##D;                             \
  }
#define BB__CASES_FOR_SIZE(S) BB_DEPTHS(BB__CASE, S)
  BB_SIZES(BB__CASES_FOR_SIZE)
#undef BB__CASE
  return NULL;
}
