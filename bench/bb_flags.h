/* The runner's own flags (flags.c), taken out of argv before google-benchmark reads the rest:
 *
 *   --bb_cpu=N                 pin the measuring thread to CPU N (0 to BB__CPU_MAX - 1)
 *   --bb_interleave=A,B[,...]  run 2 to BB__UNITS_MAX units interleaved (interleave.c)
 *   --bb_round_ms=X            each case's share of a round, 0.01 to 60000 ms (default 20)
 *   --bb_rounds=N              stop after N rounds (default: when the reader stops reading)
 *   --bb_running=PATH          keep in PATH the name of the unit being measured, so that whoever
 *                              started the runner can name the case it was in if it dies
 *   --bb_catalogue             print the catalogue of what this runner built, as JSON, and exit */
#ifndef BB_FLAGS_H
#define BB_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

enum { BB__CPU_MAX = 1024, BB__UNITS_MAX = 32, BB__UNIT_NAME_MAX = 96 };

typedef struct bb__flags_s {
  int cpu;   /* -1 when not given */
  int units; /* how many names --bb_interleave gave; 0 when not given */
  char names[BB__UNITS_MAX][BB__UNIT_NAME_MAX];
  double round_ms;
  uint64_t rounds;
  bool catalogue;
  const char *running; /* --bb_running's path (inside argv), or NULL */
  char why[224];       /* the problem, when bb__flags_take fails */
} bb__flags_t;

/* Take every --bb_ flag out of argv (argc shrinks) into f. False, with f->why naming the flag and
 * what is wrong with it, for an unknown --bb_ flag or a bad value; argv is then unspecified. */
bool bb__flags_take(int *argc, char **argv, bb__flags_t *f);

#endif
