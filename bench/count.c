/* bb-count-<allocator> CALLS CASE...: the instruction counter, run under valgrind's callgrind by
 * `boxbench count` with --toggle-collect=bb_count_measured --dump-after=bb_count_measured.
 *
 * Every case (warm ones only, C or the Rust units of bench/rust) runs CALLS calls uncounted, so
 * lazy set-up such as the allocator's first use of a size class is not in the count, then CALLS and
 * 2 * CALLS calls inside bb_count_measured. Callgrind counts only inside that function and writes
 * one profile each time it returns, so every case leaves two profiles, in order; their difference
 * is exactly CALLS calls, without the fixed cost of entering the measured loop. Instructions do not
 * depend on the machine's load: they back the timings' shape with figures noise cannot move. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_allocator.h"
#include "bb_barrier.h"
#include "bb_cases.h"
#ifdef BB_HAVE_RUST
#include "bb_rust.h"
#include "bb_unit.h"
#endif

/* A case to count: a C matrix case, or (rust >= 0) the crate's mode `rust` at its coordinates. */
typedef struct bb__counted_s {
  bb_prepared_t p;
  int rust;
} bb__counted_t;

static uint64_t bb__run(const bb__counted_t *c, uint64_t first, uint64_t calls) {
#ifdef BB_HAVE_RUST
  if (c->rust >= 0) {
    uint64_t sum = 0;
    if (!bb_rust_run((uint32_t)c->rust, c->p.c.size, c->p.c.depth, first, calls,
                     c->p.c.pattern == BB_PATTERN_PENDING, &sum))
      return 0; /* Not built: the output check below fails. */
    return sum;
  }
#endif
  return bb_case_run(&c->p, first, calls);
}

__attribute__((noinline)) uint64_t bb_count_measured(const bb__counted_t *c, uint64_t first,
                                                     uint64_t calls) {
  uint64_t acc = bb__run(c, first, calls);
  bb_do_not_optimize(acc);
  return acc;
}

/* A Rust unit's name is its C counterpart's and this. */
static const char bb__rust_suffix[] = BB_UNIT_RUST_SUFFIX;

/* The crate's mode standing beside C mode m, or -1 (none, or a runner without the crate). */
static int bb__rust_mode(bb_mode_t m) {
#ifdef BB_HAVE_RUST
  for (size_t i = 0; i < BB_RUST_MODE_COUNT; i++)
    if (bb__rust_modes[i].c == m) return (int)i;
#else
  (void)m;
#endif
  return -1;
}

/* The warm case a name gives (a Rust unit's: its C counterpart's, *rust its crate mode), or NULL.
 */
static const bb_case_t *bb__find(const bb_case_t *cases, size_t n, const char *name, int *rust) {
  size_t len = strlen(name), suffix = sizeof bb__rust_suffix - 1;
  *rust = -1;
  bool is_rust = len > suffix && strcmp(name + len - suffix, bb__rust_suffix) == 0;
  if (is_rust) len -= suffix;
  for (size_t i = 0; i < n; i++) {
    char have[BB_CASE_NAME_MAX];
    bb_case_name(&cases[i], have, sizeof have);
    if (strlen(have) != len || strncmp(have, name, len) != 0 || cases[i].state != BB_STATE_WARM)
      continue;
    if (is_rust && (*rust = bb__rust_mode(cases[i].mode)) < 0) return NULL;
    return &cases[i];
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
  int rust;
  for (int a = 2; a < argc; a++) {
    if (bb__find(cases, n, argv[a], &rust) == NULL) {
      fprintf(stderr, "boxbench: no warm case named %s\n", argv[a]);
      return 2;
    }
  }
  for (int a = 2; a < argc; a++) {
    const bb_case_t *c = bb__find(cases, n, argv[a], &rust);
    bb__counted_t counted = {.rust = rust};
    /* A Rust unit needs no C preparation, only the coordinates. */
    if (rust >= 0) {
      counted.p.c = *c;
    } else if (!bb_case_prepare(c, &counted.p)) {
      fprintf(stderr, "boxbench: cannot prepare %s\n", argv[a]);
      return 1;
    }
    uint64_t got = bb__run(&counted, 0, calls);
    got += bb_count_measured(&counted, calls, calls);
    got += bb_count_measured(&counted, 2 * calls, 2 * calls);
    if (rust < 0) bb_case_release(&counted.p);
    if (got != bb_case_expected(c, 0, 4 * calls)) {
      fprintf(stderr, "boxbench: %s gave a wrong output\n", argv[a]);
      return 1;
    }
  }
  return 0;
}
