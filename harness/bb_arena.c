/* The bump arena's slow path (a new chunk), its reset and its end. */
#include "bb_arena.h"

/* Each chunk's bookkeeping sits at its start; the bump pointer stops above it. */
struct bb__chunk_s {
  bb__chunk_t *prev;
  size_t bytes; /* The whole chunk, this header included. */
};

/* bumpalo's first chunk holds about 512 bytes; each next one at least doubles. */
enum { BB__ARENA_FIRST = 512 };
#define BB__HEADER ((sizeof(bb__chunk_t) + 15) & ~(size_t)15)

void *bb__arena_alloc_slow(bb_arena_t *a, size_t size, size_t align) {
  size_t need = BB__HEADER + size + align,
         bytes = a->chunk != NULL ? 2 * a->chunk->bytes : BB__ARENA_FIRST;
  while (bytes < need) bytes *= 2;
  bb__chunk_t *c = bb_alloc(bytes, 16);
  *c = (bb__chunk_t){a->chunk, bytes};
  a->chunk = c;
  a->start = (unsigned char *)c + BB__HEADER;
  a->ptr = (unsigned char *)c + bytes;
  return bb_arena_alloc(a, size, align);
}

void bb_arena_reset(bb_arena_t *a) {
  if (a->chunk == NULL) return;
  for (bb__chunk_t *c = a->chunk->prev, *prev; c != NULL; c = prev) {
    prev = c->prev;
    bb_dealloc(c);
  }
  a->chunk->prev = NULL;
  a->ptr = (unsigned char *)a->chunk + a->chunk->bytes;
}

void bb_arena_free(bb_arena_t *a) {
  bb_arena_reset(a);
  if (a->chunk != NULL) bb_dealloc(a->chunk);
  *a = (bb_arena_t){0};
}
