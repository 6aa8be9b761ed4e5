/* The boxed modes really call the allocator, in the optimised build the runners use: a compiler may
 * delete a malloc/free pair it can see through, and then a "boxed" benchmark measures nothing.
 *
 * This executable replaces malloc and friends with counting versions that forward to glibc's, so
 * every call the measured loop (bench/, linked unchanged) makes is counted. Checks: a boxed call at
 * depth d makes exactly d allocations and d frees; inline and dyn make none; dropping a boxed chain
 * while it is suspended frees every level.
 */
#include <string.h>

#include "bb_cases.h"
#include "bb_test.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static volatile int counting;
static unsigned long allocs, frees;

void *malloc(size_t n) {
  allocs += counting;
  return __libc_malloc(n);
}
void *calloc(size_t n, size_t m) {
  allocs += counting;
  return __libc_calloc(n, m);
}
void *realloc(void *p, size_t n) {
  allocs += counting && p == NULL;
  return __libc_realloc(p, n);
}
void *aligned_alloc(size_t align, size_t n) {
  allocs += counting;
  return __libc_memalign(align, n);
}
void *memalign(size_t align, size_t n) { return aligned_alloc(align, n); }
int posix_memalign(void **out, size_t align, size_t n) {
  *out = aligned_alloc(align, n);
  return *out == NULL ? 12 /* ENOMEM */ : 0;
}
void free(void *p) {
  frees += counting && p != NULL;
  __libc_free(p);
}

static void count(bool on) {
  if (on) allocs = frees = 0;
  counting = on;
}

static void check_counts(void) {
  static bb_case_t cases[BB_CASES_MAX];
  size_t n = bb_cases_all(cases, BB_CASES_MAX);
  const uint64_t calls = 7;
  for (size_t i = 0; i < n; i++) {
    const bb_case_t *c = &cases[i];
    char name[BB_CASE_NAME_MAX];
    bb_case_name(c, name, sizeof name);
    const char *mode = bb_mode_name(c->mode);
    unsigned long want = strncmp(mode, "box", 3) == 0 ? c->depth * calls : 0;
    bb_prepared_t p;
    BB_CHECK(bb_case_prepare(c, &p), "%s: prepare", name);
    count(true);
    uint64_t got = bb_case_run(&p, 11, calls);
    count(false);
    BB_CHECK(got == bb_case_expected(c, 11, calls), "%s: wrong output", name);
    BB_CHECK(allocs == want && frees == want, "%s: %lu allocations and %lu frees for %llu calls, want %lu",
             name, allocs, frees, (unsigned long long)calls, want);
    bb_case_release(&p);
  }
}

/* Drop a boxed chain suspended at its deepest point: every level frees its child. */
static void check_drop_while_suspended(void) {
  volatile bool flag = false;
  bb_waker_t waker = {&bb__flag_waker_vtable, (const void *)&flag};
  bb_context_t cx = {&waker};
  for (unsigned depth = 1; depth <= 64; depth *= 4) {
    for (int inplace = 0; inplace < 2; inplace++) {
      bb_case_t c = {inplace ? BB_MODE_BOX_INPLACE : BB_MODE_BOX, 256, depth, BB_PATTERN_PENDING};
      bb_prepared_t p;
      BB_CHECK(bb_case_prepare(&c, &p), "prepare");
      const bb_service_t *top = bb_case_service(&p);
      count(true);
      bb_box_t b = inplace ? top->vt->call_box_inplace(top, 5, true) : top->vt->call_box(top, 5, true);
      uint64_t out;
      bb_poll_t r = bb_box_poll(b, &cx, &out);
      BB_CHECK(r == BB_PENDING && flag, "depth %u: not suspended", depth);
      BB_CHECK(allocs == depth, "depth %u: %lu allocations while suspended", depth, allocs);
      bb_box_drop(b);
      count(false);
      BB_CHECK(frees == depth, "depth %u inplace %d: %lu of %u levels freed", depth, inplace, frees,
               depth);
      bb_case_release(&p);
    }
  }
}

int main(void) {
  check_counts();
  check_drop_while_suspended();
  return bb_test_done("test_allocs");
}
