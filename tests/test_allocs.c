/* The boxed modes really call the allocator, in the optimised build the runners use: a compiler may
 * delete a malloc/free pair it can see through, and then a "boxed" benchmark measures nothing.
 *
 * This executable replaces malloc and friends with counting versions that forward to glibc's, so
 * every call the measured loop (bench/, linked unchanged) makes is counted, on any thread. Checks: a
 * boxed call at depth d makes exactly d allocations and d frees; alloc makes one; inline and dyn
 * make none; dropping a boxed chain while it is suspended frees every level; every allocator state,
 * cross-thread included, leaves allocations and frees balanced and the outputs right.
 */
#include <string.h>

#include "bb_cases.h"
#include "bb_malloc_count.h"
#include "bb_states.h"
#include "bb_test.h"

static void check_counts(void) {
  static bb_case_t cases[BB_CASES_MAX];
  size_t n = bb_cases_all(cases, BB_CASES_MAX);
  const uint64_t calls = 7;
  for (size_t i = 0; i < n; i++) {
    const bb_case_t *c = &cases[i];
    char name[BB_CASE_NAME_MAX];
    bb_case_name(c, name, sizeof name);
    if (c->state != BB_STATE_WARM) continue; /* The states are check_states' work. */
    const char *mode = bb_mode_name(c->mode);
    unsigned long want = strncmp(mode, "box", 3) == 0 ? c->depth * calls
                         : strcmp(mode, "alloc") == 0 ? calls
                                                      : 0;
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
      bb_case_t c = {inplace ? BB_MODE_BOX_INPLACE : BB_MODE_BOX, 256, depth, BB_PATTERN_PENDING, BB_STATE_WARM};
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
  check_drop_while_suspended();
  check_states();
  return bb_test_done("test_allocs");
}
