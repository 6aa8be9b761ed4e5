/* The async_trait shape of a call chain: a layer that forwards to an inner service it knows only as
 * a trait object (a tower-style middleware):
 *
 *   async fn call(&self, seed: u64, pending: bool) -> u64 {
 *       self.inner.call(seed, pending).await + 1
 *   }
 *
 * One future type per placement, differing only in how the child future is held (bb_place.h): a
 * fat pointer into the storage after the layer's own (into), a box (box, inplace), a StackFuture
 * embedded in the layer (stack), the call site's reusable box (reuse), the request's arena (arena).
 * The child is made, polled and released through its placement's functions, so every layer is the
 * same code.
 */
#include "bb_layer.h"

/* into: a layer's child lives right after it in the caller's storage, at the strictest alignment.
 */
#define BB__SLOT_ALIGN _Alignof(max_align_t)
#define BB__LAYER_SLOT ((sizeof(bb__layer_t) + BB__SLOT_ALIGN - 1) & ~(BB__SLOT_ALIGN - 1))

/* What each placement's layer holds its child in (the `at` of the inner call). */
#define BB__HOLD_into(f) (&(f)->child)
#define BB__HOLD_box(f) (&(f)->child)
#define BB__HOLD_inplace(f) (&(f)->child)
#define BB__HOLD_stack(f) (&(f)->child.h)
#define BB__HOLD_reuse(f) ((f)->site)
#define BB__HOLD_arena(f) (&(f)->hold)

/* into: before its child is made, the layer points its holder at the storage after itself. */
#define BB__BEFORE_into(f) ((f)->child.ptr = (char *)(f) + BB__LAYER_SLOT)
#define BB__BEFORE_box(f) ((void)0)
#define BB__BEFORE_inplace(f) ((void)0)
#define BB__BEFORE_stack(f) ((void)0)
#define BB__BEFORE_reuse(f) ((void)0)
#define BB__BEFORE_arena(f) ((void)0)

/* The layer's own call: its fields, and what it will place its child with (reuse: this service's
 * site; arena: the arena its own caller places into). */
#define BB__LAYER_INIT(f, self, seed_, pending_)                                                   \
  ((f)->state = BB_RESUME_START, (f)->pending = (pending_), (f)->seed = (seed_),                   \
   (f)->inner = (self)->inner)
static inline void bb__init_plain(bb__layer_t *f, const bb_service_t *self, const void *at,
                                  uint64_t seed, bool pending) {
  (void)at;
  BB__LAYER_INIT(f, self, seed, pending);
}
#define bb__init_into bb__init_plain
#define bb__init_box bb__init_plain
#define bb__init_inplace bb__init_plain
static inline void bb__init_reuse(bb__layer_reuse_t *f, const bb_service_t *self, const void *at,
                                  uint64_t seed, bool pending) {
  (void)at;
  BB__LAYER_INIT(f, self, seed, pending);
  f->site = self->site;
}
static inline void bb__init_arena(bb__layer_arena_t *f, const bb_service_t *self, const void *at,
                                  uint64_t seed, bool pending) {
  BB__LAYER_INIT(f, self, seed, pending);
  f->hold.arena = ((const bb_arena_hold_t *)at)->arena;
}

static inline bb_poll_t bb__poll_held(bb_held_t h, bb_context_t *cx, uint64_t *out) {
  return h.poll(h.ptr, cx, out);
}

/* A layer future of placement p (enum suffix id), type T, its child placed with a buffer of cap
 * bytes. A layer is awaiting its child between its start and its return; only then does it own
 * one. */
#define BB__LAYER_FUTURE(name, T, id, p, cap)                                                      \
  static void bb__layer_##name##_drop(void *self) {                                                \
    T *f = (T *)self;                                                                              \
    if (f->state != BB_RESUME_START && f->state != BB_RESUME_DONE)                                 \
      bb_release_##p(BB__HOLD_##p(f));                                                             \
  }                                                                                                \
                                                                                                   \
  static bb_poll_t bb__layer_##name##_poll(void *self, bb_context_t *cx, uint64_t *out) {          \
    T *f = (T *)self;                                                                              \
    uint64_t v;                                                                                    \
    BB_RESUME_BEGIN(f->state)                                                                      \
    BB__BEFORE_##p(f);                                                                             \
    bb_call(f->inner, BB_PLACE_##id, BB__HOLD_##p(f), cap, f->seed, f->pending);                   \
    BB_AWAIT(f->state, bb__poll_held(bb_held_##p(BB__HOLD_##p(f)), cx, &v));                       \
    bb_release_##p(BB__HOLD_##p(f));                                                               \
    *out = v + 1;                                                                                  \
    BB_RETURN_READY(f->state);                                                                     \
    BB_RESUME_END(f->state)                                                                        \
  }                                                                                                \
                                                                                                   \
  static const bb_future_vtable_t bb__layer_##name##_vt = {bb__layer_##name##_drop, sizeof(T),     \
                                                           _Alignof(T), bb__layer_##name##_poll};
BB__LAYER_FUTURE(into, bb__layer_t, INTO, into, 0)
BB__LAYER_FUTURE(box, bb__layer_t, BOX, box, 0)
BB__LAYER_FUTURE(inplace, bb__layer_t, INPLACE, inplace, 0)
BB__LAYER_FUTURE(reuse, bb__layer_reuse_t, REUSE, reuse, 0)
BB__LAYER_FUTURE(arena, bb__layer_arena_t, ARENA, arena, 0)

/* stack: one layer type per buffer, its child the StackFuture<N> the inner call returns into it,
 * and the Box<F> it is when a level above cannot hold it. */
#define BB__LAYER_STACK(_, N)                                                                      \
  static inline void bb__init_buf_##N(bb__layer_buf_##N##_t *f, const bb_service_t *self,          \
                                      const void *at, uint64_t seed, bool pending) {               \
    (void)at;                                                                                      \
    BB__LAYER_INIT(f, self, seed, pending);                                                        \
  }                                                                                                \
  BB__LAYER_FUTURE(buf_##N, bb__layer_buf_##N##_t, STACK, stack, N)                                \
  BB_STACKFUT_BOXED(bb__layer_buf_##N, bb__layer_buf_##N##_poll, bb__layer_buf_##N##_drop)
BB_INLINE_BUFS(BB__LAYER_STACK, _)
#undef BB__LAYER_STACK
#undef BB__LAYER_FUTURE

/* The layer's service: one call per placement, its future built and placed as the placement says.
 */
#define BB__LAYER_BUILDER(p, how, held, T)                                                         \
  static void bb__layer_build_##p(const bb_service_t *self, void *at_, size_t cap, uint64_t seed,  \
                                  bool pending) {                                                  \
    held *at = at_;                                                                                \
    BB_BUILD(how, p, T, bb__init_##p, &bb__layer_##p##_vt, NULL);                                  \
  }
BB__LAYER_BUILDER(into, AT, bb_box_t, bb__layer_t)
BB__LAYER_BUILDER(box, VALUE, bb_box_t, bb__layer_t)
BB__LAYER_BUILDER(inplace, AT, bb_box_t, bb__layer_t)
BB__LAYER_BUILDER(reuse, VALUE, bb_reusable_t, bb__layer_reuse_t)
BB__LAYER_BUILDER(arena, VALUE, bb_arena_hold_t, bb__layer_arena_t)
#undef BB__LAYER_BUILDER

static void bb__layer_build_stack(const bb_service_t *self, void *at_, size_t cap, uint64_t seed,
                                  bool pending) {
  bb_stackfut_t *at = at_;
  switch (cap) {
#define BB__CASE(_, N)                                                                             \
  case N: {                                                                                        \
    BB_BUILD(FIT, stack, bb__layer_buf_##N##_t, bb__init_buf_##N, &bb__layer_buf_##N##_vt,         \
             &bb__layer_buf_##N##_boxed);                                                          \
    return;                                                                                        \
  }
    BB_INLINE_BUFS(BB__CASE, _)
#undef BB__CASE
  default:
    abort(); /* No mode has another buffer: each is a row of BB_INLINE_BUFS. */
  }
}

size_t bb__layer_future_bytes(bb_place_t p, size_t cap) {
  switch (p) {
  case BB_PLACE_REUSE:
    return sizeof(bb__layer_reuse_t);
  case BB_PLACE_ARENA:
    return sizeof(bb__layer_arena_t);
  case BB_PLACE_STACK:
#define BB__CASE(_, N)                                                                             \
  if (cap == N) return sizeof(bb__layer_buf_##N##_t);
    BB_INLINE_BUFS(BB__CASE, _)
#undef BB__CASE
    return 0;
  default:
    return BB__LAYER_SLOT;
  }
}

const bb_service_vtable_t bb__layer_service_vtable = {{
#define BB__ENTRY(a, id, p, ...) [BB_PLACE_##id] = bb__layer_build_##p,
    BB_SERVICE_PLACEMENTS(BB__ENTRY, _)
#undef BB__ENTRY
}};
