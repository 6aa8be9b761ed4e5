#include "bb_cold.h"

#include <stdlib.h>
#include <unistd.h>

#include "bb_barrier.h"

#define BB__SWEEP_MIN (8u << 20)

bool bb_sweep_init(bb_sweep_t *s) {
  long l1 = sysconf(_SC_LEVEL1_DCACHE_SIZE), l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
  size_t private_caches = (size_t)(l1 > 0 ? l1 : 0) + (size_t)(l2 > 0 ? l2 : 0);
  s->bytes = 4 * private_caches > BB__SWEEP_MIN ? 4 * private_caches : BB__SWEEP_MIN;
  s->buf = malloc(s->bytes);
  if (s->buf == NULL) return false;
  for (size_t i = 0; i < s->bytes; i += 64) s->buf[i] = (uint8_t)i; /* Fault it in once. */
  return true;
}

/* Write every line, so each becomes ours and dirty and pushes out what was there. */
void bb_sweep(bb_sweep_t *s) {
  for (size_t i = 0; i < s->bytes; i += 64) s->buf[i]++;
  bb_clobber_memory();
}

void bb_sweep_release(bb_sweep_t *s) {
  free(s->buf);
  s->buf = NULL;
}

static uint64_t bb__next(uint64_t *x) { /* xorshift64*: fast, good enough to scatter sizes */
  *x ^= *x >> 12;
  *x ^= *x << 25;
  *x ^= *x >> 27;
  return *x * 0x2545F4914F6CDD1Dull;
}

static void *bb__random_block(uint64_t *rng) {
  unsigned shift = 4 + (unsigned)(bb__next(rng) % 10); /* 16 B .. 8 KiB, log-uniform */
  size_t size = ((size_t)1 << shift) + bb__next(rng) % ((size_t)1 << shift);
  void *p = malloc(size);
  if (p != NULL) *(volatile uint8_t *)p = 1; /* A live block is a used one. */
  return p;
}

bool bb_liveset_init(bb_liveset_t *l, size_t count) {
  l->count = count;
  l->rng = 0x9E3779B97F4A7C15ull;
  l->blocks = calloc(count, sizeof(void *));
  void **holes = calloc(count, sizeof(void *));
  if (l->blocks == NULL || holes == NULL) {
    free(holes);
    bb_liveset_release(l);
    return false;
  }
  /* Interleave the live blocks with as many freed ones, so holes of every size sit between them. */
  for (size_t i = 0; i < count; i++) {
    l->blocks[i] = bb__random_block(&l->rng);
    holes[i] = bb__random_block(&l->rng);
  }
  for (size_t i = 0; i < count; i++) free(holes[i]);
  free(holes);
  return true;
}

void bb_liveset_churn(bb_liveset_t *l, unsigned replace) {
  for (unsigned k = 0; k < replace; k++) {
    size_t i = bb__next(&l->rng) % l->count;
    free(l->blocks[i]);
    l->blocks[i] = bb__random_block(&l->rng);
  }
}

void bb_liveset_release(bb_liveset_t *l) {
  if (l->blocks != NULL)
    for (size_t i = 0; i < l->count; i++) free(l->blocks[i]);
  free(l->blocks);
  l->blocks = NULL;
}
