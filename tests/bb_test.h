/* A minimal check library: every check counts, a failed one prints where and why and the test goes
 * on, so one run shows every failure. Independent of NDEBUG: the tests run in the Release build. */
#ifndef BB_TEST_H
#define BB_TEST_H

#include <stdio.h>

static unsigned bb__checks, bb__failed;

#define BB_CHECK(cond, ...)                                                                        \
  do {                                                                                             \
    bb__checks++;                                                                                  \
    if (!(cond)) {                                                                                 \
      bb__failed++;                                                                                \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);                     \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
    }                                                                                              \
  } while (0)

/* The plain closing line, and the exit status. */
static inline int bb_test_done(const char *name) {
  printf("%s: %u passed, %u failed\n", name, bb__checks - bb__failed, bb__failed);
  return bb__failed == 0 ? 0 : 1;
}

#endif
