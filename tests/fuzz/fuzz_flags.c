/* libFuzzer over the runner's own flag parser (bench/flags.c), built with AddressSanitizer and
 * UndefinedBehaviorSanitizer: the fuzzer's bytes, split at each newline, are the arguments after
 * argv[0]. Besides memory errors and undefined behaviour, a result that breaks the parser's promise
 * (bb_flags.h) aborts, and libFuzzer keeps the input.
 *
 * Build: see tests/fuzz/run.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_flags.h"

enum { BB__ARGS_MAX = 64 };

static void bb__require(int ok, const char *what) {
  if (ok) return;
  fprintf(stderr, "fuzz_flags: broken promise: %s\n", what);
  abort();
}

/* Every argument that is not the runner's own stays, in its order. */
static void bb__check_rest(int argc, char **argv, int n, char **given) {
  int j = 1;
  for (int i = 1; i < n; i++)
    if (strncmp(given[i], "--bb_", 5) != 0) {
      bb__require(j < argc && argv[j] == given[i], "google-benchmark's arguments kept in order");
      j++;
    }
  bb__require(j == argc && argv[argc] == NULL, "argc counts the arguments kept, argv ends in NULL");
}

static void bb__check(const bb__flags_t *f) {
  bb__require(f->cpu >= -1 && f->cpu < BB__CPU_MAX, "cpu in range");
  bb__require(f->units == 0 || (f->units >= 2 && f->units <= BB__UNITS_MAX), "2 to 32 units");
  for (int i = 0; i < f->units; i++) {
    size_t len = strnlen(f->names[i], BB__UNIT_NAME_MAX);
    bb__require(len > 0 && len < BB__UNIT_NAME_MAX, "a name is 1 to 95 characters");
    bb__require(strchr(f->names[i], ',') == NULL, "a name holds no comma");
  }
  bb__require(f->round_ms >= 0.01 && f->round_ms <= 60000, "round_ms in range");
  bb__require(f->rounds >= 1, "one round or more");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* One copy of the bytes, NUL-terminated, cut into arguments at each newline. */
  char *text = malloc(size + 1);
  if (text == NULL) return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  char *given[BB__ARGS_MAX + 1], *argv[BB__ARGS_MAX + 1];
  int n = 0;
  given[n++] = "bb-run-glibc";
  for (char *p = text; n < BB__ARGS_MAX; n++) {
    given[n] = p;
    char *nl = strchr(p, '\n');
    if (nl == NULL) {
      n++;
      break;
    }
    *nl = '\0';
    p = nl + 1;
  }
  given[n] = NULL;
  memcpy(argv, given, sizeof given);
  int argc = n;
  bb__flags_t f;
  memset(&f, 0xA5, sizeof f); /* Nothing may be left as it was before the call. */
  if (bb__flags_take(&argc, argv, &f)) {
    bb__check(&f);
    bb__check_rest(argc, argv, n, given);
  } else {
    bb__require(memchr(f.why, '\0', sizeof f.why) != NULL && f.why[0] != '\0',
                "a failure names its problem");
  }
  free(text);
  return 0;
}
