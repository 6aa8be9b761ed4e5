/* The runner's own flags: bb_flags.h. The runner is usually started by the CLI, but anyone may run
 * it by hand, so every value is checked whole: a number with trailing text, out of range or
 * overflowing is refused, never truncated into another (libFuzzer runs over this file:
 * tests/fuzz/fuzz_flags.c). */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_flags.h"

/* The value of `--name=value` if arg is that flag, "" for a bare `--name` (which every parser
 * below refuses, with what the flag wants), else NULL. */
static const char *bb__value(const char *arg, const char *name) {
  size_t len = strlen(name);
  if (strncmp(arg, name, len) != 0) return NULL;
  return arg[len] == '=' ? arg + len + 1 : arg[len] == '\0' ? "" : NULL;
}

static bool bb__integer(const char *text, uint64_t lo, uint64_t hi, uint64_t *out) {
  if (*text < '0' || *text > '9') return false; /* strtoull would take a sign or spaces. */
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

static bool bb__real(const char *text, double lo, double hi, double *out) {
  char *end;
  double v = strtod(text, &end);
  if (end == text || *end != '\0' || !isfinite(v) || v < lo || v > hi) return false;
  *out = v;
  return true;
}

/* A,B,...: 2 to BB__UNITS_MAX names, none empty or too long. */
static bool bb__names(const char *list, bb__flags_t *f) {
  f->units = 0;
  for (const char *p = list;; p++) {
    size_t len = strcspn(p, ",");
    if (len == 0 || len >= BB__UNIT_NAME_MAX || f->units == BB__UNITS_MAX) return false;
    memcpy(f->names[f->units], p, len);
    f->names[f->units++][len] = '\0';
    p += len;
    if (*p == '\0') break;
  }
  return f->units >= 2;
}

/* The messages below name the limits of bb_flags.h. */
_Static_assert(BB__CPU_MAX == 1024 && BB__UNITS_MAX == 32 && BB__UNIT_NAME_MAX == 96,
               "update the messages of bb__flags_take");

static bool bb__fail(bb__flags_t *f, const char *arg, const char *wants) {
  snprintf(f->why, sizeof f->why, "%.60s: %s", arg, wants);
  return false;
}

bool bb__flags_take(int *argc, char **argv, bb__flags_t *f) {
  *f = (bb__flags_t){.cpu = -1, .round_ms = 20, .rounds = UINT64_MAX};
  int out = 1;
  for (int i = 1; i < *argc; i++) {
    const char *a = argv[i], *v;
    uint64_t n;
    if (strncmp(a, "--bb_", 5) != 0) {
      argv[out++] = argv[i];
    } else if ((v = bb__value(a, "--bb_cpu")) != NULL) {
      if (!bb__integer(v, 0, BB__CPU_MAX - 1, &n))
        return bb__fail(f, a, "wants a CPU number, 0 to 1023");
      f->cpu = (int)n;
    } else if ((v = bb__value(a, "--bb_interleave")) != NULL) {
      if (!bb__names(v, f))
        return bb__fail(f, a, "wants 2 to 32 unit names, each 1 to 95 characters, between commas");
    } else if ((v = bb__value(a, "--bb_round_ms")) != NULL) {
      if (!bb__real(v, 0.01, 60000, &f->round_ms))
        return bb__fail(f, a, "wants milliseconds, 0.01 to 60000");
    } else if ((v = bb__value(a, "--bb_rounds")) != NULL) {
      if (!bb__integer(v, 1, UINT64_MAX, &f->rounds))
        return bb__fail(f, a, "wants a whole number of rounds, 1 or more");
    } else if ((v = bb__value(a, "--bb_running")) != NULL) {
      if (*v == '\0') return bb__fail(f, a, "wants a file's path");
      f->running = v;
    } else if ((v = bb__value(a, "--bb_catalogue")) != NULL) {
      if (*v != '\0') return bb__fail(f, a, "takes no value");
      f->catalogue = true;
    } else {
      return bb__fail(f, a,
                      "no such flag (the runner's own are --bb_cpu, --bb_interleave, "
                      "--bb_round_ms, --bb_rounds, --bb_running and --bb_catalogue)");
    }
  }
  *argc = out;
  argv[out] = NULL;
  return true;
}
