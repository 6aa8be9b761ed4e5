/* Counting malloc: this header replaces malloc and friends with versions that forward to glibc's
 * and count, on any thread, while counting is on. Include it in exactly one file of a test
 * executable: the bench/ code it links, unchanged, then allocates through it.
 *
 * Under the sanitizers (BB_SANITIZE) AddressSanitizer owns malloc: nothing is replaced, nothing
 * counted, and BB_COUNTED is 0 so the tests skip their count checks and keep the rest. */
#ifndef BB_MALLOC_COUNT_H
#define BB_MALLOC_COUNT_H

#include <malloc.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef BB_SANITIZE
#define BB_COUNTED 0
static unsigned long allocs, frees;
static void count(bool on) { (void)on; }
#else
#define BB_COUNTED 1

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static volatile int counting;
static unsigned long allocs, frees;

static void bb__count_add(unsigned long *counter, int yes) {
  if (yes) __atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

void *malloc(size_t n) {
  bb__count_add(&allocs, counting);
  return __libc_malloc(n);
}
void *calloc(size_t n, size_t m) {
  bb__count_add(&allocs, counting);
  return __libc_calloc(n, m);
}
void *realloc(void *p, size_t n) {
  bb__count_add(&allocs, counting && p == NULL);
  return __libc_realloc(p, n);
}
void *aligned_alloc(size_t align, size_t n) {
  bb__count_add(&allocs, counting);
  return __libc_memalign(align, n);
}
void *memalign(size_t align, size_t n) { return aligned_alloc(align, n); }
int posix_memalign(void **out, size_t align, size_t n) {
  *out = aligned_alloc(align, n);
  return *out == NULL ? 12 /* ENOMEM */ : 0;
}
void free(void *p) {
  bb__count_add(&frees, counting && p != NULL);
  __libc_free(p);
}

static void count(bool on) {
  if (on) allocs = frees = 0;
  counting = on;
}
#endif

#endif
