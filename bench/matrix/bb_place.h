/* Placements: where a vtable call puts the future it returns, and so what its caller holds, polls
 * and releases. Every mode of the matrix that calls through the Service trait is one placement
 * (inline-buf with its buffer's size); the placement decides the mode's allocations and storage,
 * and the services and layers are written once for all of them (payload.c, layer.c, cases.c).
 *
 * A placement is either `value` (the future is built by value in the callee's frame, then moved by
 * the placement function, which takes the value and its vtable as Box::pin does), `at` (the
 * placement says where to build it, and it is built there: no move) or `fit` (at where the future
 * fits the caller's buffer, by value into a box where it does not: rustc decides StackFuture's
 * from_or_box by the future's type, and writes a future that fits straight into the buffer). */
#ifndef BB_PLACE_H
#define BB_PLACE_H

#include "bb_arena.h"
#include "bb_future.h"
#include "bb_reuse.h"
#include "bb_stackfut.h"

/* The argument `a` is passed through to X, so the table can be crossed with another. Columns: id,
 * name, how it builds (VALUE, AT or FIT), what the caller holds (the `at` every call takes), the
 * allocations one call makes per level (bb_allocs_t), whether every call frees what it allocated
 * (so a free on another thread means something), whether the placement keeps memory from call to
 * call (so a case settles it before any measured call), what the caller provides besides the
 * services (bb_storage_t), and what the placement is. */
#define BB_SERVICE_PLACEMENTS(X, a)                                                                \
  X(a, INTO, into, AT, bb_box_t, BB_ALLOCS_NONE, false, false, BB_STORAGE_SLOT,                    \
    "built in storage the caller provides (Pin<&mut dyn Future>)")                                 \
  X(a, BOX, box, VALUE, bb_box_t, BB_ALLOCS_EACH_LEVEL, true, false, BB_STORAGE_NONE,              \
    "built by value, then moved into a box of its own (Box::pin)")                                 \
  X(a, INPLACE, inplace, AT, bb_box_t, BB_ALLOCS_EACH_LEVEL, true, false, BB_STORAGE_NONE,         \
    "built directly in a fresh box: no move")                                                      \
  X(a, STACK, stack, FIT, bb_stackfut_t, BB_ALLOCS_OVER_BUFFER, false, false, BB_STORAGE_NONE,     \
    "built in an inline buffer where it fits, else built by value and moved into a box")           \
  X(a, REUSE, reuse, VALUE, bb_reusable_t, BB_ALLOCS_NONE, false, true, BB_STORAGE_SITES,          \
    "built by value, then moved into the call site's reusable box")                                \
  X(a, ARENA, arena, VALUE, bb_arena_hold_t, BB_ALLOCS_NONE, false, true, BB_STORAGE_ARENA,        \
    "built by value, then moved into the request's arena, reset after each top-level call")

/* The placements of the modes that make no vtable call: the future embedded in its caller's state
 * (native), embedded after being built apart and moved in (native as rustc compiles a moved
 * child), and no future at all (the allocator alone). */
#define BB_PLACEMENTS(X, a)                                                                        \
  X(a, EMBED, embed, NONE, void, BB_ALLOCS_NONE, false, false, BB_STORAGE_NONE,                    \
    "embedded in the caller's own state: a direct call, no move")                                  \
  X(a, MOVED, moved, NONE, void, BB_ALLOCS_NONE, false, false, BB_STORAGE_NONE,                    \
    "built apart, then moved into the caller's own state at the .await")                           \
  X(a, NOTHING, nothing, NONE, void, BB_ALLOCS_ONE, true, false, BB_STORAGE_NONE,                  \
    "no future: malloc and free of the size")                                                      \
  BB_SERVICE_PLACEMENTS(X, a)

typedef enum bb_place_e {
#define BB__ENUM(a, id, ...) BB_PLACE_##id,
  BB_PLACEMENTS(BB__ENUM, _) /* a constant per row */
#undef BB__ENUM
  BB_PLACE_COUNT
} bb_place_t;

/* Allocations per top-level call, once warm. */
typedef enum bb_allocs_e {
  BB_ALLOCS_NONE,        /* none (reuse and arena allocate only in their first calls) */
  BB_ALLOCS_ONE,         /* one, whatever the depth */
  BB_ALLOCS_EACH_LEVEL,  /* one per level */
  BB_ALLOCS_OVER_BUFFER, /* one per level whose future does not fit the buffer */
} bb_allocs_t;

/* What a case prepares for its calls besides the services. */
typedef enum bb_storage_e {
  BB_STORAGE_NONE,
  BB_STORAGE_SLOT,  /* one block for the whole chain's futures, each layer's child after it */
  BB_STORAGE_SITES, /* a reusable box per call site */
  BB_STORAGE_ARENA, /* the requests' arena */
} bb_storage_t;

/* arena: the caller holds the arena it places into and, once placed, the future there. */
typedef struct bb_arena_hold_s {
  bb_arena_t *arena;
  bb_box_t child;
} bb_arena_hold_t;

/* What a held future is polled with: its poll function and its state. */
typedef struct bb_held_s {
  bb_poll_fn poll;
  void *ptr;
} bb_held_t;

/* The value placements: move a future built by value to where its caller will hold it. */
static inline void bb_place_box(bb_box_t *at, size_t cap, const void *value,
                                const bb_future_vtable_t *vt, const bb_stackfut_boxed_t *boxed) {
  (void)cap, (void)boxed;
  *at = bb_box_pin(value, vt);
}
static inline void bb_place_stack(bb_stackfut_t *at, size_t cap, const void *value,
                                  const bb_future_vtable_t *vt, const bb_stackfut_boxed_t *boxed) {
  bb_stackfut_from_or_box(at, cap, value, vt, boxed);
}
static inline void bb_place_reuse(bb_reusable_t *at, size_t cap, const void *value,
                                  const bb_future_vtable_t *vt, const bb_stackfut_boxed_t *boxed) {
  (void)cap, (void)boxed;
  bb_reusable_set(at, value, vt);
}
static inline void bb_place_arena(bb_arena_hold_t *at, size_t cap, const void *value,
                                  const bb_future_vtable_t *vt, const bb_stackfut_boxed_t *boxed) {
  (void)cap, (void)boxed;
  at->child = bb_arena_box(at->arena, value, vt);
}

/* The at placements: where the future is to be built. into's caller has set at->ptr. */
static inline void *bb_place_into(bb_box_t *at, const bb_future_vtable_t *vt) {
  at->vt = vt;
  return at->ptr;
}
static inline void *bb_place_inplace(bb_box_t *at, const bb_future_vtable_t *vt) {
  *at = bb_box_uninit(vt);
  return at->ptr;
}

/* A placed future, to poll. */
static inline bb_held_t bb_held_into(const bb_box_t *b) { return (bb_held_t){b->vt->poll, b->ptr}; }
static inline bb_held_t bb_held_box(const bb_box_t *b) { return bb_held_into(b); }
static inline bb_held_t bb_held_inplace(const bb_box_t *b) { return bb_held_into(b); }
static inline bb_held_t bb_held_stack(const bb_stackfut_t *sf) {
  return (bb_held_t){sf->poll, (void *)sf->data};
}
static inline bb_held_t bb_held_reuse(const bb_reusable_t *r) {
  return (bb_held_t){r->vt->poll, r->ptr};
}
static inline bb_held_t bb_held_arena(const bb_arena_hold_t *h) { return bb_held_into(&h->child); }

/* A placed future released once it is ready (or its holder is dropped while awaiting it): dropped
 * in place (into), dropped and freed (box), dropped and freed if boxed (stack), kept in the site
 * until the next call replaces it (reuse), dropped with its memory back at the arena's reset. */
static inline void bb_release_into(bb_box_t *b) { b->vt->drop(b->ptr); }
static inline void bb_release_box(bb_box_t *b) { bb_box_drop(*b); }
static inline void bb_release_inplace(bb_box_t *b) { bb_box_drop(*b); }
static inline void bb_release_stack(bb_stackfut_t *sf) { bb_stackfut_drop(sf); }
static inline void bb_release_reuse(bb_reusable_t *r) { (void)r; }
static inline void bb_release_arena(bb_arena_hold_t *h) { bb_arena_box_drop(h->child); }

/* The body of a service's call for placement p (its arguments self, at, cap, seed and pending),
 * its future of type T initialised by init(f, self, at, seed, pending): by value (the escape makes
 * the move a real copy of the whole future, uninitialised bytes included, as Rust's memcpy of the
 * state machine is), or where the placement says. */
#define BB__BUILD_VALUE(p, T, init, vt, boxed)                                                     \
  T value_;                                                                                        \
  init(&value_, self, at, seed, pending);                                                          \
  bb_escape(&value_);                                                                              \
  bb_place_##p(at, cap, &value_, vt, boxed)
#define BB__BUILD_AT(p, T, init, vt, boxed)                                                        \
  (void)cap;                                                                                       \
  init((T *)bb_place_##p(at, vt), self, at, seed, pending)
#define BB__BUILD_FIT(p, T, init, vt, boxed)                                                       \
  if (bb_stackfut_fits(cap, vt)) {                                                                 \
    init((T *)bb_stackfut_at(at, vt), self, at, seed, pending);                                    \
  } else {                                                                                         \
    BB__BUILD_VALUE(p, T, init, vt, boxed);                                                        \
  }
#define BB_BUILD(how, p, T, init, vt, boxed) BB__BUILD_##how(p, T, init, vt, boxed)

#endif
