/* The async_trait shape of a call chain: a layer that forwards to an inner service it knows only as
 * a trait object (a tower-style middleware):
 *
 *   async fn call(&self, seed: u64, pending: bool) -> u64 {
 *       self.inner.call(seed, pending).await + 1
 *   }
 *
 * One future type per mode, differing only in how the child future is made, held and released: in
 * the storage after the layer's own (dyn), in a box of its own (box, box-inplace), in a
 * StackFuture embedded in the layer (inline-buf), in the call site's reusable box (reuse), in the
 * request's arena (arena).
 */
#include "bb_layer.h"

/* dyn: a layer's child lives right after it in the caller's storage, at the strictest alignment. */
#define BB__SLOT_ALIGN _Alignof(max_align_t)
#define BB__LAYER_SLOT ((sizeof(bb__layer_t) + BB__SLOT_ALIGN - 1) & ~(BB__SLOT_ALIGN - 1))

#define BB__LAYER_INIT(f, self, seed_, pending_)                                                   \
  ((f)->state = BB_RESUME_START, (f)->pending = (pending_), (f)->seed = (seed_),                   \
   (f)->inner = (self)->inner)

/* How each mode's layer makes its child, polls it, and releases it (once the child is ready, or
 * when the layer is dropped while awaiting it). */
static inline void bb__make_dyn(bb__layer_t *f) {
  void *slot = (char *)f + BB__LAYER_SLOT;
  f->child = (bb_box_t){slot, f->inner->vt->call_into(f->inner, slot, f->seed, f->pending)};
}
static inline void bb__make_box(bb__layer_t *f) {
  f->child = f->inner->vt->call_box(f->inner, f->seed, f->pending);
}
static inline void bb__make_box_inplace(bb__layer_t *f) {
  f->child = f->inner->vt->call_box_inplace(f->inner, f->seed, f->pending);
}
static inline void bb__make_arena(bb__layer_arena_t *f) {
  f->child = f->inner->vt->call_arena(f->inner, f->arena, f->seed, f->pending);
}
static inline void bb__make_reuse(bb__layer_reuse_t *f) {
  f->inner->vt->call_reuse(f->inner, f->site, f->seed, f->pending);
}
#define BB__POLL_CHILD(f, cx, v) bb_box_poll((f)->child, cx, v)
#define BB__POLL_SITE(f, cx, v) bb_reusable_poll((f)->site, cx, v)
#define BB__POLL_STACK(f, cx, v) bb_stackfut_poll(&(f)->child.h, cx, v)
static inline void bb__release_dyn(bb__layer_t *f) { f->child.vt->drop(f->child.ptr); }
static inline void bb__release_box(bb__layer_t *f) { bb_box_drop(f->child); }
static inline void bb__release_arena(bb__layer_arena_t *f) { bb_arena_box_drop(f->child); }
#define BB__RELEASE_NOTHING(f) ((void)(f)) /* reuse: the site keeps its future until the next set */
#define BB__RELEASE_STACK(f) bb_stackfut_drop(&(f)->child.h)

/* A layer is awaiting its child between its start and its return; only then does it own one. */
#define BB__LAYER_FUTURE(name, type, make_child, poll_child, release_child)                        \
  static void bb__layer_##name##_drop(void *self) {                                                \
    type *f = (type *)self;                                                                        \
    if (f->state != BB_RESUME_START && f->state != BB_RESUME_DONE) release_child(f);               \
  }                                                                                                \
                                                                                                   \
  static bb_poll_t bb__layer_##name##_poll(void *self, bb_context_t *cx, uint64_t *out) {          \
    type *f = (type *)self;                                                                        \
    uint64_t v;                                                                                    \
    BB_RESUME_BEGIN(f->state)                                                                      \
    make_child(f);                                                                                 \
    BB_AWAIT(f->state, poll_child(f, cx, &v));                                                     \
    release_child(f);                                                                              \
    *out = v + 1;                                                                                  \
    BB_RETURN_READY(f->state);                                                                     \
    BB_RESUME_END(f->state)                                                                        \
  }                                                                                                \
                                                                                                   \
  static const bb_future_vtable_t bb__layer_##name##_vt = {                                        \
      bb__layer_##name##_drop, sizeof(type), _Alignof(type), bb__layer_##name##_poll};
BB__LAYER_FUTURE(dyn, bb__layer_t, bb__make_dyn, BB__POLL_CHILD, bb__release_dyn)
BB__LAYER_FUTURE(box, bb__layer_t, bb__make_box, BB__POLL_CHILD, bb__release_box)
BB__LAYER_FUTURE(box_inplace, bb__layer_t, bb__make_box_inplace, BB__POLL_CHILD, bb__release_box)
BB__LAYER_FUTURE(reuse, bb__layer_reuse_t, bb__make_reuse, BB__POLL_SITE, BB__RELEASE_NOTHING)
BB__LAYER_FUTURE(arena, bb__layer_arena_t, bb__make_arena, BB__POLL_CHILD, bb__release_arena)

/* inline-buf: the layer's child is the StackFuture<N> the inner call returns into it. */
#define BB__MAKE_STACK(N)                                                                          \
  static inline void bb__make_stack_##N(bb__layer_buf_##N##_t *f) {                                \
    f->inner->vt->call_stack(f->inner, &f->child.h, N, f->seed, f->pending);                       \
  }                                                                                                \
  BB__LAYER_FUTURE(buf_##N, bb__layer_buf_##N##_t, bb__make_stack_##N, BB__POLL_STACK,             \
                   BB__RELEASE_STACK)                                                              \
  BB_STACKFUT_BOXED(bb__layer_buf_##N, bb__layer_buf_##N##_poll, bb__layer_buf_##N##_drop)
BB_INLINE_BUFS(BB__MAKE_STACK)
#undef BB__MAKE_STACK
#undef BB__LAYER_FUTURE

size_t bb__layer_future_bytes(bb_mode_t m) {
  switch (m) {
  case BB_MODE_REUSE:
    return sizeof(bb__layer_reuse_t);
  case BB_MODE_ARENA:
    return sizeof(bb__layer_arena_t);
#define BB__CASE(N)                                                                                \
  case BB_MODE_INLINE_BUF_##N:                                                                     \
    return sizeof(bb__layer_buf_##N##_t);
    BB_INLINE_BUFS(BB__CASE)
#undef BB__CASE
  default:
    return BB__LAYER_SLOT;
  }
}

static const bb_future_vtable_t *bb__layer_call_into(const bb_service_t *self, void *slot,
                                                     uint64_t seed, bool pending) {
  BB__LAYER_INIT((bb__layer_t *)slot, self, seed, pending);
  return &bb__layer_dyn_vt;
}

/* As for the payload, the escape makes every move below a real copy of the whole future. */
static bb_box_t bb__layer_call_box(const bb_service_t *self, uint64_t seed, bool pending) {
  bb__layer_t f;
  BB__LAYER_INIT(&f, self, seed, pending);
  bb_escape(&f);
  return bb_box_pin(&f, &bb__layer_box_vt);
}

static bb_box_t bb__layer_call_box_inplace(const bb_service_t *self, uint64_t seed, bool pending) {
  bb_box_t b = bb_box_uninit(&bb__layer_box_inplace_vt);
  BB__LAYER_INIT((bb__layer_t *)b.ptr, self, seed, pending);
  return b;
}

static void bb__layer_call_stack(const bb_service_t *self, bb_stackfut_t *out, size_t cap,
                                 uint64_t seed, bool pending) {
  switch (cap) {
#define BB__CASE(N)                                                                                \
  case N: {                                                                                        \
    bb__layer_buf_##N##_t f;                                                                       \
    BB__LAYER_INIT(&f, self, seed, pending);                                                       \
    bb_escape(&f);                                                                                 \
    bb_stackfut_from_or_box(out, cap, &f, &bb__layer_buf_##N##_vt, &bb__layer_buf_##N##_boxed);    \
    return;                                                                                        \
  }
    BB_INLINE_BUFS(BB__CASE)
#undef BB__CASE
  default:
    abort(); /* A buffer with no layer type: bb_case_prepare refuses it first. */
  }
}

static void bb__layer_call_reuse(const bb_service_t *self, bb_reusable_t *site, uint64_t seed,
                                 bool pending) {
  bb__layer_reuse_t f;
  BB__LAYER_INIT(&f, self, seed, pending);
  f.site = self->site;
  bb_escape(&f);
  bb_reusable_set(site, &f, &bb__layer_reuse_vt);
}

static bb_box_t bb__layer_call_arena(const bb_service_t *self, bb_arena_t *arena, uint64_t seed,
                                     bool pending) {
  bb__layer_arena_t f;
  BB__LAYER_INIT(&f, self, seed, pending);
  f.arena = arena;
  bb_escape(&f);
  return bb_arena_box(arena, &f, &bb__layer_arena_vt);
}

const bb_service_vtable_t bb__layer_service_vtable = {
    bb__layer_call_into,  bb__layer_call_box,   bb__layer_call_box_inplace,
    bb__layer_call_stack, bb__layer_call_reuse, bb__layer_call_arena};
