/* The future runtime: what Rust's core::future, core::task and Box<dyn Future> provide, in C.
 *
 * A future is a struct whose first field is its bb_resume_t; `poll(self, cx, out)` resumes it and
 * returns BB_PENDING, or BB_READY with the output stored in *out. Every future here has the output
 * type u64, so the vtable of a dyn future is exactly Rust's: drop_in_place, size, align, poll.
 */
#ifndef BB_FUTURE_H
#define BB_FUTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bb_barrier.h"
#include "bb_resume.h"

typedef enum bb_poll_e { BB_PENDING = 0, BB_READY = 1 } bb_poll_t;

/* A waker is Rust's RawWaker: a data pointer and a vtable of clone, wake, wake_by_ref and drop. */
typedef struct bb_waker_s bb_waker_t;
typedef struct bb_waker_vtable_s {
  bb_waker_t (*clone)(const void *data);
  void (*wake)(const void *data);        /* Wakes and consumes the waker. */
  void (*wake_by_ref)(const void *data); /* Wakes and keeps it. */
  void (*drop)(const void *data);
} bb_waker_vtable_t;
struct bb_waker_s {
  const bb_waker_vtable_t *vt;
  const void *data;
};

typedef struct bb_context_s {
  const bb_waker_t *waker;
} bb_context_t;

static inline void bb_wake_by_ref(const bb_context_t *cx) {
  cx->waker->vt->wake_by_ref(cx->waker->data);
}

typedef bb_poll_t (*bb_poll_fn)(void *self, bb_context_t *cx, uint64_t *out);
typedef void (*bb_drop_fn)(void *self);

/* The vtable of `dyn Future<Output = u64>`, in Rust's order. */
typedef struct bb_future_vtable_s {
  bb_drop_fn drop; /* drop_in_place: releases what the future owns, not its own storage. */
  size_t size;     /* sizeof the future, in bytes: what Box::pin allocates and copies. */
  size_t align;    /* alignof the future. */
  bb_poll_fn poll;
} bb_future_vtable_t;

/* Pin<Box<dyn Future<Output = u64>>>: the fat pointer, data and vtable. */
typedef struct bb_box_s {
  void *ptr;
  const bb_future_vtable_t *vt;
} bb_box_t;

/* Rust's global allocator on Unix (std's System): malloc when the alignment is no stricter than
 * malloc's own and no larger than the size, posix_memalign otherwise; free for both. */
#define BB_MALLOC_ALIGN 16u

static inline void *bb_alloc(size_t size, size_t align) {
  void *p = NULL;
  if (align <= BB_MALLOC_ALIGN && align <= size) {
    p = malloc(size);
  } else if (posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, size) != 0) {
    p = NULL;
  }
  if (__builtin_expect(p == NULL, 0)) abort(); /* handle_alloc_error */
  return p;
}

static inline void bb_dealloc(void *p) { free(p); }

/* Box::pin(value): allocate exactly the future's size and alignment, move the value in. */
static inline bb_box_t bb_box_pin(const void *value, const bb_future_vtable_t *vt) {
  void *p = bb_alloc(vt->size, vt->align);
  memcpy(p, value, vt->size);
  return (bb_box_t){p, vt};
}

/* The first half of Box::pin without the move: the caller builds the future in the allocation. */
static inline bb_box_t bb_box_uninit(const bb_future_vtable_t *vt) {
  return (bb_box_t){bb_alloc(vt->size, vt->align), vt};
}

static inline bb_poll_t bb_box_poll(bb_box_t b, bb_context_t *cx, uint64_t *out) {
  return b.vt->poll(b.ptr, cx, out);
}

/* Dropping the box: drop_in_place through the vtable, then free the storage. */
static inline void bb_box_drop(bb_box_t b) {
  b.vt->drop(b.ptr);
  bb_dealloc(b.ptr);
}

/* The executor's waker: wake_by_ref sets the flag it points at. Defined out of line and laundered,
 * so a future never learns which executor polls it, as in Rust. */
extern const bb_waker_vtable_t bb__flag_waker_vtable;

/* block_on: poll until ready. A future that returns BB_PENDING must have woken the waker first (a
 * real executor would otherwise sleep forever), and the executor checks that it did. Inlined, so an
 * inline future's poll is a direct call and a boxed future's poll is its vtable's. */
void bb__lost_wakeup(void) __attribute__((noreturn, cold));

static inline __attribute__((always_inline)) uint64_t bb_block_on(bb_poll_fn poll, void *fut) {
  volatile bool woken = false;
  bb_waker_t waker = {bb_launder(&bb__flag_waker_vtable), (const void *)&woken};
  bb_context_t cx = {&waker};
  uint64_t out;
  while (poll(fut, &cx, &out) == BB_PENDING) {
    if (!woken) bb__lost_wakeup();
    woken = false;
  }
  return out;
}

/* A future that is ready at once, or pending once (it wakes its waker and suspends) and then ready:
 * the two poll patterns. Always used inline, as the awaited point of the futures under test. */
typedef struct bb_yield_s {
  bool pending;
} bb_yield_t;

static inline bb_poll_t bb_yield_poll(bb_yield_t *y, bb_context_t *cx) {
  if (y->pending) {
    y->pending = false;
    bb_wake_by_ref(cx);
    return BB_PENDING;
  }
  return BB_READY;
}

#endif
