/* A runner: every case registered with the harness, under whichever allocator this runner was
 * linked with (allocators/). One runner per allocator, as a Rust binary has one global allocator. */
#include <stdio.h>

#include "bb_allocator.h"
#include "bb_cases.h"
#include "bb_harness.h"

static bb_case_t bb__cases[BB_CASES_MAX];
static char bb__names[BB_CASES_MAX][BB_CASE_NAME_MAX];

static void bb__bench_case(bb_state_t *st, const void *arg) {
  const bb_case_t *c = arg;
  bb_prepared_t p;
  if (!bb_case_prepare(c, &p)) {
    bb_state_skip(st, "could not prepare the case (out of memory?)");
    return;
  }
  uint64_t n, seed = 0, acc = 0;
  while ((n = bb_state_next_batch(st, UINT64_MAX)) != 0) {
    acc += bb_case_run(&p, seed, n);
    seed += n;
  }
  bb_do_not_optimize(acc);
  if (acc != bb_case_expected(c, 0, seed)) bb_state_skip(st, "wrong output: the case is broken");
  bb_state_counter(st, "future_bytes", (double)p.future_bytes, BB_COUNTER_TOTAL);
  bb_state_counter(st, "allocs_per_call", bb_case_allocs_per_call(c), BB_COUNTER_TOTAL);
  bb_case_release(&p);
}

/* The harness's own cost per iteration: a loop that does nothing but keep its counter alive. */
static void bb__bench_empty(bb_state_t *st, const void *arg) {
  (void)arg;
  uint64_t n;
  while ((n = bb_state_next_batch(st, UINT64_MAX)) != 0)
    for (uint64_t i = 0; i < n; i++) bb_do_not_optimize(i);
}

int main(int argc, char **argv) {
  const char *why = bb_allocator_describe();
  if (why != NULL) {
    fprintf(stderr, "boxbench: %s\n", why);
    return 2;
  }
  bb_context_describe_build();
  bb_register("empty", bb__bench_empty, NULL);
  size_t n = bb_cases_all(bb__cases, BB_CASES_MAX);
  for (size_t i = 0; i < n; i++) {
    bb_case_name(&bb__cases[i], bb__names[i], BB_CASE_NAME_MAX);
    bb_register(bb__names[i], bb__bench_case, &bb__cases[i]);
  }
  return bb_main(argc, argv);
}
