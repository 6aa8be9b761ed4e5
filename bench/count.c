/* bb-count-<allocator> CALLS CASE...: the instruction counter, run under valgrind's callgrind by
 * `boxbench count` with --toggle-collect=bb_count_measured --dump-after=bb_count_measured.
 *
 * Every case (warm ones only) runs CALLS calls uncounted, so lazy set-up such as the allocator's
 * first use of a size class is not in the count, then CALLS and 2 * CALLS calls inside
 * bb_count_measured. Callgrind counts only inside that function and writes one profile each time it
 * returns, so every case leaves two profiles, in order; their difference is exactly CALLS calls,
 * without the fixed cost of entering the measured loop. Instructions do not depend on the machine's
 * load: they back the timings' shape with figures noise cannot move. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_allocator.h"
#include "bb_barrier.h"
#include "bb_cases.h"

__attribute__((noinline)) uint64_t bb_count_measured(const bb_prepared_t *p, uint64_t first,
                                                     uint64_t calls) {
  uint64_t acc = bb_case_run(p, first, calls);
  bb_do_not_optimize(acc);
  return acc;
}

static const bb_case_t *bb__find(const bb_case_t *cases, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++) {
    char have[BB_CASE_NAME_MAX];
    bb_case_name(&cases[i], have, sizeof have);
    if (strcmp(have, name) == 0) return &cases[i];
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s CALLS CASE...\n", argv[0]);
    return 2;
  }
  bb_allocator_id_t id = {0};
  const char *why = bb_allocator_identify(&id);
  if (why != NULL) {
    fprintf(stderr, "boxbench: %s\n", why);
    return 2;
  }
  char *end;
  unsigned long long calls = strtoull(argv[1], &end, 10);
  if (*end != '\0' || calls == 0) {
    fprintf(stderr, "boxbench: CALLS must be a positive number, not %s\n", argv[1]);
    return 2;
  }
  static bb_case_t cases[BB_CASES_MAX];
  size_t n = bb_cases_all(cases, BB_CASES_MAX);
  /* Every name is checked before anything is counted, so a bad one leaves no profile behind. */
  for (int a = 2; a < argc; a++) {
    const bb_case_t *c = bb__find(cases, n, argv[a]);
    if (c == NULL || c->state != BB_STATE_WARM) {
      fprintf(stderr, "boxbench: no warm case named %s\n", argv[a]);
      return 2;
    }
  }
  for (int a = 2; a < argc; a++) {
    const bb_case_t *c = bb__find(cases, n, argv[a]);
    bb_prepared_t p;
    if (!bb_case_prepare(c, &p)) {
      fprintf(stderr, "boxbench: cannot prepare %s\n", argv[a]);
      return 1;
    }
    uint64_t got = bb_case_run(&p, 0, calls);
    got += bb_count_measured(&p, calls, calls);
    got += bb_count_measured(&p, 2 * calls, 2 * calls);
    bb_case_release(&p);
    if (got != bb_case_expected(c, 0, 4 * calls)) {
      fprintf(stderr, "boxbench: %s gave a wrong output\n", argv[a]);
      return 1;
    }
  }
  return 0;
}
