/* The interleaved mode, for ratios that a machine's drift must not bend:
 *
 *   bb-run-glibc [--bb_cpu=N] --bb_interleave=A,B[,...] [--bb_round_ms=20] [--bb_rounds=N]
 *
 * runs the named cases in turn, A B A B ..., each for about round_ms per round (a number of units
 * fixed once, after a calibration), in a new random order every round so that no case always
 * follows the same other one (whatever state it leaves behind lands on all alike), and prints one
 * JSON line per round: {"round": i, "ns": [A's ns per unit, ...]}.
 * A drift of the machine lands on every case alike, so the per-round ratios stay true; the CLI
 * reads the lines as they come, computes the interval, and stops the runner when it is narrow
 * enough. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_runner.h"
#include "bb_timer.h"

enum { BB__UNITS_MAX = 8 };

static const char *bb__flag(int argc, char **argv, const char *name) {
  size_t len = strlen(name);
  for (int i = 1; i < argc; i++)
    if (strncmp(argv[i], name, len) == 0 && argv[i][len] == '=') return argv[i] + len + 1;
  return NULL;
}

static bool bb__number(const char *text, double lo, double *out) {
  char *end;
  *out = strtod(text, &end);
  return end != text && *end == '\0' && *out >= lo;
}

int bb__interleave_main(int argc, char **argv) {
  const char *list = bb__flag(argc, argv, "--bb_interleave");
  if (list == NULL) return -1;
  double round_ms = 20, rounds = 1e12;
  const char *t = bb__flag(argc, argv, "--bb_round_ms"), *r = bb__flag(argc, argv, "--bb_rounds");
  if ((t && !bb__number(t, 0.01, &round_ms)) || (r && !bb__number(r, 1, &rounds))) {
    fprintf(stderr, "boxbench: --bb_round_ms and --bb_rounds take positive numbers\n");
    return 2;
  }
  static bb__unit_t units[BB__UNITS_MAX];
  char names[BB__UNITS_MAX][64];
  int n = 0;
  for (const char *p = list; *p != '\0' && n < BB__UNITS_MAX; n++) {
    size_t len = strcspn(p, ",");
    snprintf(names[n], sizeof names[n], "%.*s", (int)len, p);
    if (!bb__unit_open(names[n], &units[n])) {
      fprintf(stderr, "boxbench: --bb_interleave: no case named %s (or it cannot open)\n", names[n]);
      return 2;
    }
    p += len + (p[len] == ',');
  }
  if (n < 2) {
    fprintf(stderr, "boxbench: --bb_interleave needs two cases or more, and at most %d\n",
            BB__UNITS_MAX);
    return 2;
  }
  /* Calibrate: how many units make round_ms, each case measured after a warm-up. */
  uint64_t per[BB__UNITS_MAX];
  for (int i = 0; i < n; i++) {
    uint64_t k = 1, ns = 0;
    bb__unit_run(&units[i], 0, 1);
    while (k < (1u << 30)) {
      uint64_t t0 = bb_now_ns();
      bb__unit_run(&units[i], 0, k);
      ns = bb_now_ns() - t0;
      if (ns > 2000000) break;
      k *= 2;
    }
    double want = round_ms * 1e6 / ((double)ns / (double)k);
    per[i] = want < 1 ? 1 : (uint64_t)want;
  }
  printf("{\"cases\": [");
  for (int i = 0; i < n; i++) printf("%s\"%s\"", i ? ", " : "", names[i]);
  printf("], \"units_per_round\": [");
  for (int i = 0; i < n; i++) printf("%s%llu", i ? ", " : "", (unsigned long long)per[i]);
  printf("]}\n");
  fflush(stdout);
  uint64_t rng = 0x9E3779B97F4A7C15ull;
  int order[BB__UNITS_MAX];
  for (int i = 0; i < n; i++) order[i] = i;
  for (uint64_t round = 0; (double)round < rounds; round++) {
    double ns[BB__UNITS_MAX];
    for (int j = n - 1; j > 0; j--) { /* Fisher-Yates with xorshift64: a fixed, fair sequence. */
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      int k = (int)(rng % (uint64_t)(j + 1)), t = order[j];
      order[j] = order[k];
      order[k] = t;
    }
    for (int j = 0; j < n; j++) {
      int i = order[j];
      uint64_t t0 = bb_now_ns();
      bool ok = bb__unit_run(&units[i], round, per[i]); /* A tree starts a copy later. */
      ns[i] = (double)(bb_now_ns() - t0) / (double)per[i];
      if (!ok) {
        fprintf(stderr, "boxbench: %s gave a wrong output\n", names[i]);
        return 1;
      }
    }
    printf("{\"round\": %llu, \"ns\": [", (unsigned long long)round);
    for (int i = 0; i < n; i++) printf("%s%.3f", i ? ", " : "", ns[i]);
    printf("]}\n");
    fflush(stdout);
  }
  for (int i = 0; i < n; i++) bb__unit_close(&units[i]);
  return 0;
}
