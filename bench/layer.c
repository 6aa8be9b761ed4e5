/* The async_trait shape of a call chain: a layer that forwards to an inner service it knows only as
 * a trait object (a tower-style middleware):
 *
 *   async fn call(&self, seed: u64, pending: bool) -> u64 {
 *       self.inner.call(seed, pending).await + 1
 *   }
 *
 * One future type per mode, differing only in how the child future is made and released: in the
 * storage after the layer's own (dyn), or in a box of its own (box, box-inplace).
 */
#include "bb_layer.h"

/* dyn: a layer's child lives right after it in the caller's storage, at the strictest alignment. */
#define BB__SLOT_ALIGN _Alignof(max_align_t)
#define BB__LAYER_SLOT ((sizeof(bb__layer_t) + BB__SLOT_ALIGN - 1) & ~(BB__SLOT_ALIGN - 1))

size_t bb__layer_future_bytes(void) { return BB__LAYER_SLOT; }

static inline void bb__layer_init(bb__layer_t *f, const bb_service_t *inner, uint64_t seed,
                                  bool pending) {
  f->state = BB_RESUME_START;
  f->pending = pending;
  f->seed = seed;
  f->inner = inner;
}

static inline bb_box_t bb__child_dyn(bb__layer_t *f) {
  void *slot = (char *)f + BB__LAYER_SLOT;
  return (bb_box_t){slot, f->inner->vt->call_into(f->inner, slot, f->seed, f->pending)};
}
static inline bb_box_t bb__child_box(bb__layer_t *f) {
  return f->inner->vt->call_box(f->inner, f->seed, f->pending);
}
static inline bb_box_t bb__child_box_inplace(bb__layer_t *f) {
  return f->inner->vt->call_box_inplace(f->inner, f->seed, f->pending);
}
static inline void bb__release_dyn(bb_box_t c) { c.vt->drop(c.ptr); }

/* A layer is awaiting its child between its start and its return; only then does it own one. */
#define BB__LAYER_FUTURE(name, make_child, release_child)                                          \
  static void bb__layer_##name##_drop(void *self) {                                                \
    bb__layer_t *f = (bb__layer_t *)self;                                                          \
    if (f->state != BB_RESUME_START && f->state != BB_RESUME_DONE) release_child(f->child);        \
  }                                                                                                \
                                                                                                   \
  static bb_poll_t bb__layer_##name##_poll(void *self, bb_context_t *cx, uint64_t *out) {          \
    bb__layer_t *f = (bb__layer_t *)self;                                                          \
    uint64_t v;                                                                                    \
    BB_RESUME_BEGIN(f->state)                                                                      \
    f->child = make_child(f);                                                                      \
    BB_AWAIT(f->state, bb_box_poll(f->child, cx, &v));                                             \
    release_child(f->child);                                                                       \
    *out = v + 1;                                                                                  \
    BB_RETURN_READY(f->state);                                                                     \
    BB_RESUME_END(f->state)                                                                        \
  }                                                                                                \
                                                                                                   \
  static const bb_future_vtable_t bb__layer_##name##_vt = {                                        \
      bb__layer_##name##_drop, sizeof(bb__layer_t), _Alignof(bb__layer_t), bb__layer_##name##_poll};
BB__LAYER_FUTURE(dyn, bb__child_dyn, bb__release_dyn)
BB__LAYER_FUTURE(box, bb__child_box, bb_box_drop)
BB__LAYER_FUTURE(box_inplace, bb__child_box_inplace, bb_box_drop)
#undef BB__LAYER_FUTURE

static const bb_future_vtable_t *bb__layer_call_into(const bb_service_t *self, void *slot,
                                                     uint64_t seed, bool pending) {
  bb__layer_init((bb__layer_t *)slot, self->inner, seed, pending);
  return &bb__layer_dyn_vt;
}

/* As for the payload, the escape makes the move into the box a real copy of the whole future. */
static bb_box_t bb__layer_call_box(const bb_service_t *self, uint64_t seed, bool pending) {
  bb__layer_t f;
  bb__layer_init(&f, self->inner, seed, pending);
  bb_escape(&f);
  return bb_box_pin(&f, &bb__layer_box_vt);
}

static bb_box_t bb__layer_call_box_inplace(const bb_service_t *self, uint64_t seed, bool pending) {
  bb_box_t b = bb_box_uninit(&bb__layer_box_inplace_vt);
  bb__layer_init((bb__layer_t *)b.ptr, self->inner, seed, pending);
  return b;
}

const bb_service_vtable_t bb__layer_service_vtable = {
    bb__layer_call_into, bb__layer_call_box, bb__layer_call_box_inplace};
