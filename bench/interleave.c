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

#include "bb_runner.h"
#include "bb_timer.h"

int bb__interleave_main(const bb__flags_t *f) {
  static bb__unit_t units[BB__UNITS_MAX];
  int n = f->units;
  for (int i = 0; i < n; i++) {
    if (!bb__unit_open(f->names[i], &units[i])) {
      fprintf(stderr, "boxbench: --bb_interleave: no case named %s (or it cannot open)\n",
              f->names[i]);
      return 2;
    }
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
    /* Clamped, so that no clock reading makes a count the conversion cannot hold. */
    double want = f->round_ms * 1e6 / ((double)(ns ? ns : 1) / (double)k);
    per[i] = want < 1 ? 1 : want > 1e15 ? (uint64_t)1e15 : (uint64_t)want;
  }
  printf("{\"cases\": [");
  for (int i = 0; i < n; i++) printf("%s\"%s\"", i ? ", " : "", f->names[i]);
  printf("], \"units_per_round\": [");
  for (int i = 0; i < n; i++) printf("%s%llu", i ? ", " : "", (unsigned long long)per[i]);
  printf("]}\n");
  fflush(stdout);
  uint64_t rng = 0x9E3779B97F4A7C15ull;
  int order[BB__UNITS_MAX];
  for (int i = 0; i < n; i++) order[i] = i;
  for (uint64_t round = 0; round < f->rounds; round++) {
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
        fprintf(stderr, "boxbench: %s gave a wrong output\n", f->names[i]);
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
