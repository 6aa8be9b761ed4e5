/* The interleaved mode, for ratios that a machine's drift must not bend:
 *
 *   bb-run-glibc [--bb_cpu=N] --bb_interleave=A,B[,...] [--bb_round_ms=20] [--bb_rounds=N]
 *
 * runs the named units, of any kind, in turn, A B A B ..., each for about round_ms per round (a
 * number of units fixed once, after a calibration), in a new random order every round so that no
 * unit always follows the same other one (whatever state it leaves behind lands on all alike), and
 * prints one JSON line per round: {"round": i, "ns": [A's ns per unit, ...]}.
 * A drift of the machine lands on every unit alike, so the per-round ratios stay true; the CLI
 * reads the lines as they come and stops the runner when it has enough. */
#include <stdio.h>

#include "bb_interleave.h"
#include "bb_timer.h"
#include "bb_unit.h"

/* ns per unit of n units from first: the unit's own time where it times each unit (its state's
 * preparation left out), else the clock around the batch; *wall_ns gets the clock's in any case.
 * Negative if a unit gave a wrong result. */
static double bb__timed(bb_unit_t *u, uint64_t first, uint64_t n, double *wall_ns) {
  double own = 0;
  uint64_t t0 = bb_now_ns();
  bool ok = u->desc->vt->run(u, first, n, &own);
  *wall_ns = (double)(bb_now_ns() - t0);
  double ns = u->desc->timing == BB_UNIT_EACH ? own : *wall_ns;
  return ok ? ns / (double)n : -1;
}

/* How many units make round_ms of the clock's time, measured after a warm-up; clamped, so that no
 * clock reading makes a count the conversion cannot hold. */
static uint64_t bb__calibrate(bb_unit_t *u, double round_ms) {
  uint64_t k = 1;
  double wall = 0;
  bb__timed(u, 0, 1, &wall);
  while (k < (1u << 30)) {
    bb__timed(u, 0, k, &wall);
    if (wall > 2e6) break;
    k *= 2;
  }
  double want = round_ms * 1e6 / ((wall > 0 ? wall : 1) / (double)k);
  return want < 1 ? 1 : want > 1e15 ? (uint64_t)1e15 : (uint64_t)want;
}

int bb__interleave_main(const bb__flags_t *f) {
  const int n = f->units;
  bb_unit_t *units[BB__UNITS_MAX] = {0};
  int status = 0;
  for (int i = 0; i < n && status == 0; i++) {
    const bb_unit_desc_t *d = bb_unit_find(f->names[i]);
    units[i] = d != NULL ? d->vt->open(d) : NULL;
    if (units[i] == NULL) {
      fprintf(stderr, "boxbench: --bb_interleave: %s %s\n", f->names[i],
              d == NULL ? "is no unit of this runner" : "cannot open");
      status = 2;
    }
  }
  uint64_t per[BB__UNITS_MAX];
  for (int i = 0; i < n && status == 0; i++) per[i] = bb__calibrate(units[i], f->round_ms);
  if (status == 0) {
    printf("{\"units\": [");
    for (int i = 0; i < n; i++) printf("%s\"%s\"", i ? ", " : "", f->names[i]);
    printf("], \"units_per_round\": [");
    for (int i = 0; i < n; i++) printf("%s%llu", i ? ", " : "", (unsigned long long)per[i]);
    printf("]}\n");
    fflush(stdout);
  }
  uint64_t rng = 0x9E3779B97F4A7C15ull;
  int order[BB__UNITS_MAX];
  for (int i = 0; i < n; i++) order[i] = i;
  for (uint64_t round = 0; round < f->rounds && status == 0; round++) {
    double ns[BB__UNITS_MAX];
    for (int j = n - 1; j > 0; j--) { /* Fisher-Yates with xorshift64: a fixed, fair sequence. */
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      int k = (int)(rng % (uint64_t)(j + 1)), t = order[j];
      order[j] = order[k];
      order[k] = t;
    }
    for (int j = 0; j < n && status == 0; j++) {
      int i = order[j];
      double wall;
      ns[i] = bb__timed(units[i], round * per[i], per[i], &wall); /* New seeds, next copies. */
      if (ns[i] < 0) {
        fprintf(stderr, "boxbench: %s gave a wrong output\n", f->names[i]);
        status = 1;
      }
    }
    if (status != 0) break;
    printf("{\"round\": %llu, \"ns\": [", (unsigned long long)round);
    for (int i = 0; i < n; i++) printf("%s%.3f", i ? ", " : "", ns[i]);
    printf("]}\n");
    fflush(stdout);
  }
  for (int i = 0; i < n; i++)
    if (units[i] != NULL) units[i]->desc->vt->close(units[i]);
  return status;
}
