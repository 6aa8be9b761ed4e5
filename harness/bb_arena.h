/* A bump arena as bumpalo's Bump: memory taken from chunks by moving a pointer down, never freed
 * one object at a time; reset() makes the newest (largest) chunk empty again and frees the others.
 * A chunk too small for a request is followed by one at least twice its size, so after the first
 * requests of a given shape (the warm-up), allocation never reaches malloc again.
 *
 * bumpalo::boxed::Box::new_in(future, &bump) is bb_arena_box: the bump allocation of the future's
 * size, the move into it; its drop runs the future's drop_in_place and frees nothing. */
#ifndef BB_ARENA_H
#define BB_ARENA_H

#include "bb_future.h"

typedef struct bb__chunk_s bb__chunk_t;
typedef struct bb_arena_s {
  unsigned char *ptr;   /* The bump pointer, moving down from the chunk's end. */
  unsigned char *start; /* The current chunk's first byte. */
  bb__chunk_t *chunk;   /* The current chunk, linked to the older ones; NULL before any. */
} bb_arena_t;

void *bb__arena_alloc_slow(bb_arena_t *a, size_t size, size_t align);

static inline void *bb_arena_alloc(bb_arena_t *a, size_t size, size_t align) {
  uintptr_t p = (uintptr_t)a->ptr; /* NULL before the first chunk: too small for anything. */
  if (__builtin_expect(p >= size, 1)) {
    p = (p - size) & ~(uintptr_t)(align - 1);
    if (__builtin_expect(p >= (uintptr_t)a->start, 1)) {
      a->ptr = (unsigned char *)p;
      return a->ptr;
    }
  }
  return bb__arena_alloc_slow(a, size, align);
}

static inline bb_box_t bb_arena_box(bb_arena_t *a, const void *value,
                                    const bb_future_vtable_t *vt) {
  void *p = bb_arena_alloc(a, vt->size, vt->align);
  memcpy(p, value, vt->size);
  return (bb_box_t){p, vt};
}

/* Dropping an arena box: drop_in_place only; the memory goes back at the reset. */
static inline void bb_arena_box_drop(bb_box_t b) { b.vt->drop(b.ptr); }

void bb_arena_reset(bb_arena_t *a);
void bb_arena_free(bb_arena_t *a);

#endif
