/* The boxed modes really call the allocator, in the optimised build the runners use: a compiler may
 * delete a malloc/free pair it can see through, and then a "boxed" benchmark measures nothing.
 *
 * This executable replaces malloc and friends with counting versions that forward to glibc's, so
 * every call the measured loop (bench/, linked unchanged) makes is counted, on any thread. Checks:
 * a boxed call at depth d makes exactly d allocations and d frees; alloc makes one; inline, dyn and
 * native-moved make none; inline-buf one per level that does not fit its buffer; reuse and arena
 * none once their first call has filled their sites or chunks; dropping a boxed chain while it is
 * suspended frees every level; every allocator state, cross-thread included, leaves allocations and
 * frees balanced and the outputs right.
 */
#include <string.h>

#include "bb_arena.h"
#include "bb_cases.h"
#include "bb_malloc_count.h"
#include "bb_states.h"
#include "bb_test.h"

/* What one warm call allocates (and frees), from the futures' sizes, not asked of the code under
 * test: a box per level for box and box-inplace; one block for alloc; for inline-buf a box per
 * level whose future is larger than the buffer (every layer, which embeds a StackFuture of that
 * size, and the payload when it does not fit); nothing for the others. */
static unsigned long want_per_call(const bb_case_t *c) {
  if (c->mode == BB_MODE_BOX || c->mode == BB_MODE_BOX_INPLACE) return c->depth;
  if (c->mode == BB_MODE_ALLOC) return 1;
  size_t cap = bb_mode_buffer(c->mode);
  return cap > 0 ? (c->depth - 1) + (bb__payload_future_bytes(c->size) > cap) : 0;
}

/* Every warm case: settled (bb_case_settle, as a unit opens), then 7 calls that must allocate and
 * free exactly want_per_call each. Settling fills reuse's boxes, one per call site (depth of
 * them), and frees none; takes arena's chunks, of which it keeps one; and makes nothing for the
 * other modes. Both keep theirs to the end, when they are freed. */
static void check_counts(void) {
  static bb_case_t cases[BB_CASES_MAX];
  size_t n = bb_cases_all(cases, BB_CASES_MAX);
  const uint64_t calls = 7;
  for (size_t i = 0; i < n; i++) {
    const bb_case_t *c = &cases[i];
    char name[BB_CASE_NAME_MAX];
    bb_case_name(c, name, sizeof name);
    if (c->state != BB_STATE_WARM) continue; /* The states are check_states' work. */
    unsigned long want = want_per_call(c);
    bb_prepared_t p;
    BB_CHECK(bb_case_prepare(c, &p), "%s: prepare", name);
    count(true);
    bb_case_settle(&p);
    unsigned long first_allocs = allocs, first_frees = frees;
    count(true);
    uint64_t got = bb_case_run(&p, 11, calls);
    count(false);
    BB_CHECK(got == bb_case_expected(c, 11, calls), "%s: wrong output", name);
    BB_CHECK(allocs == want * calls && frees == want * calls,
             "%s: %lu allocations and %lu frees for %llu calls, want %lu", name, allocs, frees,
             (unsigned long long)calls, want * calls);
    unsigned long kept = first_allocs - first_frees;
    if (c->mode == BB_MODE_REUSE)
      BB_CHECK(first_allocs == c->depth && first_frees == 0, "%s: settling %lu/%lu, want %u/0",
               name, first_allocs, first_frees, c->depth);
    else if (c->mode == BB_MODE_ARENA)
      BB_CHECK(kept == 1, "%s: the arena keeps %lu chunks after a request", name, kept);
    else
      BB_CHECK(first_allocs == 0 && first_frees == 0, "%s: settling made %lu/%lu", name,
               first_allocs, first_frees);
    count(true);
    bb_case_release(&p);
    count(false);
    if (c->mode == BB_MODE_REUSE || c->mode == BB_MODE_ARENA)
      BB_CHECK(frees >= kept, "%s: release freed %lu of the %lu blocks kept", name, frees, kept);
  }
}

/* ReusableBoxFuture's rule: a future of the box's layout goes into the same memory; one of
 * another layout gets a new box and the old one is freed. Counted over many calls: one
 * allocation for N futures of one size. */
static void check_reuse_layouts(void) {
  const bb_service_t *small = bb__payload_service(64), *large = bb__payload_service(4096);
  bb_reusable_t site = {0};
  count(true);
  for (uint64_t i = 0; i < 100; i++) bb_call(small, BB_PLACE_REUSE, &site, 0, i, false);
  BB_CHECK(allocs == 1 && frees == 0, "100 sets of one size: %lu allocations, %lu frees", allocs,
           frees);
  void *kept = site.ptr;
  bb_call(large, BB_PLACE_REUSE, &site, 0, 1, false);
  BB_CHECK(allocs == 2 && frees == 1 && site.vt->size == bb__payload_future_bytes(4096),
           "a larger future: %lu allocations, %lu frees", allocs, frees);
  bb_call(small, BB_PLACE_REUSE, &site, 0, 1, false);
  BB_CHECK(allocs == 3 && frees == 2, "back to the small one: %lu allocations, %lu frees", allocs,
           frees);
  bb_reusable_release(&site);
  count(false);
  BB_CHECK(frees == 3 && kept != NULL, "release: %lu frees", frees);
}

/* The arena grows by chunks at least twice the last, a reset keeps only the newest, and once two
 * requests of a shape have been seen, requests of it allocate nothing. */
static void check_arena(void) {
  bb_arena_t a = {0};
  count(true);
  for (int i = 0; i < 64; i++) {
    void *p = bb_arena_alloc(&a, 200, 8);
    BB_CHECK((uintptr_t)p % 8 == 0, "misaligned");
    memset(p, i, 200);
  }
  unsigned long chunks = allocs;
  BB_CHECK(chunks >= 2 && chunks <= 8, "64 x 200 bytes took %lu chunks", chunks);
  bb_arena_reset(&a);
  BB_CHECK(frees == chunks - 1, "reset freed %lu of %lu chunks", frees, chunks);
  /* The newest chunk may hold less than a whole request; the next request's chunk (at least
   * twice as large) holds all of it. */
  for (int i = 0; i < 64; i++) bb_arena_alloc(&a, 200, 8);
  bb_arena_reset(&a);
  count(true);
  for (int request = 0; request < 10; request++) {
    for (int i = 0; i < 64; i++) bb_arena_alloc(&a, 200, 8);
    bb_arena_reset(&a);
  }
  BB_CHECK(allocs == 0 && frees == 0, "warm requests: %lu allocations, %lu frees", allocs, frees);
  void *big = bb_arena_alloc(&a, 1 << 20, 4096);
  BB_CHECK((uintptr_t)big % 4096 == 0 && allocs == 1, "a large aligned block");
  bb_arena_free(&a);
  count(false);
  BB_CHECK(frees == 2, "free: %lu of 2 chunks", frees);
}

/* Drop a boxed chain suspended at its deepest point: every level frees its child (box,
 * box-inplace, and inline-buf whose levels do not fit). */
static void check_drop_while_suspended(void) {
  volatile bool flag = false;
  bb_waker_t waker = {&bb__flag_waker_vtable, (const void *)&flag};
  bb_context_t cx = {&waker};
  for (unsigned depth = 1; depth <= 64; depth *= 4) {
    for (int inplace = 0; inplace < 2; inplace++) {
      bb_case_t c = {inplace ? BB_MODE_BOX_INPLACE : BB_MODE_BOX, 256, depth, BB_PATTERN_PENDING,
                     BB_STATE_WARM};
      bb_prepared_t p;
      BB_CHECK(bb_case_prepare(&c, &p), "prepare");
      const bb_service_t *top = bb_case_service(&p);
      count(true);
      bb_box_t b;
      bb_call(top, inplace ? BB_PLACE_INPLACE : BB_PLACE_BOX, &b, 0, 5, true);
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
    /* inline-buf: the StackFuture dropped while suspended frees the levels that were boxed. */
    static BB_STACKFUT_OF(64) sf;
    bb_case_t c = {BB_MODE_INLINE_BUF_64, 256, depth, BB_PATTERN_PENDING, BB_STATE_WARM};
    bb_prepared_t p;
    BB_CHECK(bb_case_prepare(&c, &p), "prepare");
    const bb_service_t *top = bb_case_service(&p);
    count(true);
    bb_call(top, BB_PLACE_STACK, &sf.h, 64, 5, true);
    uint64_t out;
    BB_CHECK(bb_stackfut_poll(&sf.h, &cx, &out) == BB_PENDING, "inline-buf depth %u: not suspended",
             depth);
    BB_CHECK(allocs == depth, "inline-buf depth %u: %lu allocations while suspended", depth,
             allocs);
    bb_stackfut_drop(&sf.h);
    count(false);
    BB_CHECK(frees == depth, "inline-buf depth %u: %lu of %u levels freed", depth, frees, depth);
    bb_case_release(&p);
  }
}

static void purge(void) { malloc_trim(0); }

/* Every state, from its preparation to its release, allocates exactly what it frees, and the calls
 * made in it answer right. */
static void check_states(void) {
  static bb_case_t cases[BB_CASES_MAX];
  size_t n = bb_cases_all(cases, BB_CASES_MAX);
  /* glibc keeps a block of the first thread it creates (its thread-stack cache): make that happen
   * before counting, so the count sees only what the states do. */
  bb_cold_free(bb_cold_new(BB_STATE_CROSS_THREAD, purge));
  for (size_t i = 0; i < n; i++) {
    const bb_case_t *c = &cases[i];
    if (c->state == BB_STATE_WARM || (c->size != 64 && c->size != 65536) ||
        (c->depth != 1 && c->depth != 8))
      continue;
    char name[BB_CASE_NAME_MAX];
    bb_case_name(c, name, sizeof name);
    bb_prepared_t p;
    BB_CHECK(bb_case_prepare(c, &p), "%s: prepare", name);
    bb_case_settle(&p); /* As a unit opens: reuse and arena keep what it takes to the end. */
    count(true);
    bb_cold_t *cold = bb_cold_new(c->state, purge);
    BB_CHECK(cold != NULL, "%s: state", name);
    if (cold == NULL) continue;
    double ns = 0;
    uint64_t faults = 0, got = bb_cold_run(cold, &p, 3, 100, &ns, &faults, NULL);
    bb_cold_free(cold);
    count(false);
    BB_CHECK(got == bb_case_expected(c, 3, 100), "%s: wrong output", name);
    BB_CHECK(allocs == frees, "%s: %lu allocations but %lu frees", name, allocs, frees);
    BB_CHECK(ns > 0, "%s: no time measured", name);
    bb_case_release(&p);
  }
}

int main(void) {
  check_counts();
  check_reuse_layouts();
  check_arena();
  check_drop_while_suspended();
  check_states();
  return bb_test_done("test_allocs");
}
