/* The layer futures of the async_trait shape (layer.c), visible so the tests can check their
 * vtables. Every placement's layer has the same four fields, then holds its child as its placement
 * says (bb_place.h). */
#ifndef BB_LAYER_H
#define BB_LAYER_H

#include "bb_cases.h"

#define BB__LAYER_FIELDS                                                                           \
  bb_resume_t state;                                                                               \
  bool pending;                                                                                    \
  uint64_t seed;                                                                                   \
  const bb_service_t *inner

/* into, box, inplace: the awaited child, boxed, or for into a fat pointer into the storage after
 * us. */
typedef struct bb__layer_s {
  BB__LAYER_FIELDS;
  bb_box_t child;
} bb__layer_t;

/* reuse: the child lives in this service's call site, which keeps it until the next call. */
typedef struct bb__layer_reuse_s {
  BB__LAYER_FIELDS;
  bb_reusable_t *site;
} bb__layer_reuse_t;

/* arena: the child in the request's arena. */
typedef struct bb__layer_arena_s {
  BB__LAYER_FIELDS;
  bb_arena_hold_t hold;
} bb__layer_arena_t;

/* stack: the child's StackFuture<N> embedded, as the awaited value of the trait's call. So a layer
 * is always larger than N and never fits the buffer of the level above: with one N for the whole
 * trait, only the payload future can stay out of the heap. One type per inline-buf mode's buffer
 * (bb_cases.h's BB_INLINE_BUFS), so every such mode has its layer. */
#define BB__LAYER_BUF_TYPE(_, N)                                                                   \
  typedef struct bb__layer_buf_##N##_s {                                                           \
    BB__LAYER_FIELDS;                                                                              \
    BB_STACKFUT_OF(N) child;                                                                       \
  } bb__layer_buf_##N##_t;
BB_INLINE_BUFS(BB__LAYER_BUF_TYPE, _)
#undef BB__LAYER_BUF_TYPE

#endif
