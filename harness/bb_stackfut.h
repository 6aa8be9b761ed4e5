/* StackFuture (microsoft/stackfuture): a future kept in a fixed buffer the caller owns, with the
 * poll and drop functions of its concrete type beside it, so a trait method can return it by value
 * and no allocation is made. `from_or_box` is the crate's escape hatch for a future that does not
 * fit: the future is boxed (one allocation of its size, the move into it) and the StackFuture holds
 * the box, whose poll function calls the boxed type's poll directly.
 *
 * A StackFuture of capacity N is the header below followed by N bytes (BB_STACKFUT_OF(N)); the
 * functions take the header and the capacity, as the crate's code is the same for every N. */
#ifndef BB_STACKFUT_H
#define BB_STACKFUT_H

#include "bb_future.h"

typedef struct bb_stackfut_s {
  bb_poll_fn poll; /* The stored type's poll (or, boxed, the Box<F>'s). */
  bb_drop_fn drop; /* Its drop_in_place (or, boxed, the drop and the free). */
  _Alignas(16) unsigned char data[];
} bb_stackfut_t;

/* The storage type of a StackFuture of capacity n bytes. */
#define BB_STACKFUT_OF(n)                                                                          \
  struct {                                                                                         \
    bb_stackfut_t h;                                                                               \
    _Alignas(16) unsigned char bytes[n];                                                           \
  }

/* The pair of functions a future type F gives for its boxed form Pin<Box<F>>: poll F through the
 * pointer kept in the buffer (a direct call, F being known), and drop F then free its box. */
typedef struct bb_stackfut_boxed_s {
  bb_poll_fn poll;
  bb_drop_fn drop;
} bb_stackfut_boxed_t;

#define BB_STACKFUT_BOXED(name, poll_fn, drop_fn)                                                  \
  static bb_poll_t name##_boxed_poll(void *self, bb_context_t *cx, uint64_t *out) {                \
    return poll_fn(*(void **)self, cx, out);                                                       \
  }                                                                                                \
  static void name##_boxed_drop(void *self) {                                                      \
    drop_fn(*(void **)self);                                                                       \
    bb_dealloc(*(void **)self);                                                                    \
  }                                                                                                \
  static const bb_stackfut_boxed_t name##_boxed = {name##_boxed_poll, name##_boxed_drop};

static inline bool bb_stackfut_fits(size_t cap, const bb_future_vtable_t *vt) {
  return vt->size <= cap && vt->align <= 16;
}

/* StackFuture::from_or_box(value): the value (a future built by value, of the type vt describes)
 * moved into the buffer when it fits, else into a Box::pin of its exact size. */
static inline void bb_stackfut_from_or_box(bb_stackfut_t *sf, size_t cap, const void *value,
                                           const bb_future_vtable_t *vt,
                                           const bb_stackfut_boxed_t *boxed) {
  if (bb_stackfut_fits(cap, vt)) {
    memcpy(sf->data, value, vt->size);
    sf->poll = vt->poll;
    sf->drop = vt->drop;
  } else {
    *(void **)sf->data = bb_box_pin(value, vt).ptr;
    sf->poll = boxed->poll;
    sf->drop = boxed->drop;
  }
}

/* Where a future of the type vt describes, known to fit, is to be built in the buffer: what
 * from_or_box compiles to when the future's construction is written straight into the buffer. */
static inline void *bb_stackfut_at(bb_stackfut_t *sf, const bb_future_vtable_t *vt) {
  sf->poll = vt->poll;
  sf->drop = vt->drop;
  return sf->data;
}

static inline bb_poll_t bb_stackfut_poll(bb_stackfut_t *sf, bb_context_t *cx, uint64_t *out) {
  return sf->poll(sf->data, cx, out);
}

static inline void bb_stackfut_drop(bb_stackfut_t *sf) { sf->drop(sf->data); }

#endif
