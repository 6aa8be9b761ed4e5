/* ReusableBoxFuture (tokio-util): one Pin<Box<dyn Future>> kept at a call site and refilled for
 * each call. set() compares the new future's layout with the box's: equal, the old future is
 * dropped in place and the new one moved into the same memory; different, a new box is made first
 * (Box::pin of the new future) and the old one then dropped and freed. A finished future stays in
 * the box until the next set (or the site's end) drops it. */
#ifndef BB_REUSE_H
#define BB_REUSE_H

#include "bb_future.h"

typedef struct bb_reusable_s {
  void *ptr; /* NULL until the first set */
  const bb_future_vtable_t *vt;
  size_t size, align; /* The layout of the future it holds. */
} bb_reusable_t;

/* set() for a future of the given layout (a type whose size the vtable does not tell apart). */
static inline void bb_reusable_put(bb_reusable_t *r, const void *value, size_t size, size_t align,
                                   const bb_future_vtable_t *vt) {
  if (r->ptr != NULL && r->size == size && r->align == align) {
    r->vt->drop(r->ptr);
    memcpy(r->ptr, value, size);
    r->vt = vt;
    return;
  }
  void *fresh = bb_alloc(size, align);
  memcpy(fresh, value, size);
  if (r->ptr != NULL) bb_box_drop((bb_box_t){r->ptr, r->vt});
  *r = (bb_reusable_t){fresh, vt, size, align};
}

static inline void bb_reusable_set(bb_reusable_t *r, const void *value,
                                   const bb_future_vtable_t *vt) {
  bb_reusable_put(r, value, vt->size, vt->align, vt);
}

/* The site's end: the future it holds dropped, the box freed. */
static inline void bb_reusable_release(bb_reusable_t *r) {
  if (r->ptr != NULL) bb_box_drop((bb_box_t){r->ptr, r->vt});
  *r = (bb_reusable_t){0};
}

#endif
