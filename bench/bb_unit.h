/* A unit of measurement: the one interface every measured thing of the runner provides, whether a
 * call of the matrix, an iteration of the event-loop port, a top-level call of the tree port or a
 * loopback round trip. A project about vtables models its own units with one: the runner registers,
 * times, counts, interleaves and describes units without knowing which kind it holds.
 *
 * A descriptor says where a unit sits (its coordinates) and what one unit does (its constants); the
 * catalogue (catalogue.c) prints every descriptor, so the scripts never retype a fact owned here.
 */
#ifndef BB_UNIT_H
#define BB_UNIT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bb_perf.h"
#include "bb_timer.h"

enum { BB_UNIT_NAME_MAX = 96 };
/* A Rust unit's name: its C counterpart's, and this (the catalogue publishes it, and the scripts
 * check theirs against it). */
#define BB_UNIT_RUST_SUFFIX "/lang:rust"
enum { BB_HARNESS_UNITS_MAX = 8 }; /* the harness's empty loop and controls (unit_harness.c) */

/* How a unit is timed. */
typedef enum bb_unit_timing_e {
  BB_UNIT_BATCH, /* units back to back, the batch timed as a whole (warm calls, the ports) */
  BB_UNIT_EACH,  /* each unit prepared, then timed alone; the unit reports its own time (cold) */
} bb_unit_timing_t;

typedef struct bb_unit_s bb_unit_t;
typedef struct bb_unit_desc_s bb_unit_desc_t;
typedef struct bb_unit_count_s {
  const char *name;
  double value;
} bb_unit_count_t;

typedef struct bb_unit_vtable_s {
  /* Make the unit ready, outside any timing: NULL if it cannot (memory, no pipe, no socket). */
  bb_unit_t *(*open)(const bb_unit_desc_t *d);
  /* Run n units, the first numbered `first` (a seed, a copy); false if one gave a wrong result.
   * A BB_UNIT_EACH unit adds its units' own calibrated time, in ns, to *ns; a batch unit leaves
   * *ns alone (its caller times the batch). */
  bool (*run)(bb_unit_t *u, uint64_t first, uint64_t n, double *ns);
  /* Run n more units, untimed, with the counters on around the units only: perf counts them and
   * *faults gains their page faults. False if one gave a wrong result. */
  bool (*count)(bb_unit_t *u, uint64_t first, uint64_t n, bb_perf_t *perf, uint64_t *faults);
  void (*close)(bb_unit_t *u);
} bb_unit_vtable_t;

/* The head of every open unit; each kind's own struct begins with it. */
struct bb_unit_s {
  const bb_unit_desc_t *desc;
};

struct bb_unit_desc_s {
  char name[BB_UNIT_NAME_MAX];
  const char *suite; /* the suites' table below */
  const char *per;   /* what one unit is: "call", "iteration", "round trip" */
  /* Coordinates: NULL, or -1, where one does not apply. */
  const char *mode, *pattern, *state, *variant, *form;
  const char *lang; /* the matrix's: the language of the code measured, "c" or "rust" */
  int64_t size, depth, fanout;
  /* Constants, per unit; NAN where one does not apply. */
  double requests;     /* requests served */
  double async_calls;  /* async calls made (a top-level call's included) */
  double allocs;       /* heap allocations (each freed within the unit) */
  double syscalls;     /* system calls on the measuring thread */
  double future_bytes; /* bytes of future state one unit builds (inline: all of it embedded) */
  /* More counts per unit, by name, where a kind has them (the event-loop port's operations). */
  const struct bb_unit_count_s *counts;
  int ncounts;
  bb_unit_timing_t timing;
  uint64_t iterations; /* BB_UNIT_EACH: units per repetition, fixed; 0 for batch units */
  const bb_unit_vtable_t *vt;
  int which; /* the kind's own index: a matrix case, a variant, a form */
};

/* The suites: enum suffix, name (its units come from bb__<name>_units, in unit_<name>.c), what
 * one of its units is, what it measures. A new suite is a row here, its file of units, and its row
 * of the scripts' registry (scripts/bb/model/suites.py). */
#define BB_SUITES(X)                                                                               \
  X(HARNESS, harness, "iteration", "the harness's own cost: an empty measured loop")               \
  X(MATRIX, matrix, "call",                                                                        \
    "one top-level call of an emulated async trait method, by mode, size, depth, pattern, state")  \
  X(EVENTLOOP, eventloop, "iteration",                                                             \
    "the event-loop port: request/response transactions on a fake network, per variant")           \
  X(TREE, tree, "call",                                                                            \
    "the deep-tree port: one top-level call of a tree of async calls, its copies in turn")         \
  X(NET, net, "round trip", "one byte's TCP round trip on 127.0.0.1, Nagle off")

typedef enum bb_suite_e {
#define BB__ENUM(id, name, per, what) BB_SUITE_##id,
  BB_SUITES(BB__ENUM) /* a constant per row */
#undef BB__ENUM
  BB_SUITE_COUNT
} bb_suite_t;

/* A descriptor with the suite's name and unit, every coordinate unset and every constant zero. */
static inline bb_unit_desc_t bb_unit_desc(bb_suite_t suite) {
  static const char *const names[] = {
#define BB__NAME(id, name, per, what) #name,
      BB_SUITES(BB__NAME)
#undef BB__NAME
  };
  static const char *const pers[] = {
#define BB__PER(id, name, per, what) per,
      BB_SUITES(BB__PER)
#undef BB__PER
  };
  return (bb_unit_desc_t){.suite = names[suite],
                          .per = pers[suite],
                          .size = -1,
                          .depth = -1,
                          .fanout = -1,
                          .requests = NAN,
                          .async_calls = NAN,
                          .allocs = NAN,
                          .syscalls = NAN,
                          .future_bytes = NAN};
}

/* A batch unit's count: its run, with the counters around it. */
static inline bool bb_unit_count_batch(bb_unit_t *u, uint64_t first, uint64_t n, bb_perf_t *perf,
                                       uint64_t *faults) {
  double unused = 0;
  uint64_t f0 = bb_faults();
  bb_perf_start(perf);
  bool ok = u->desc->vt->run(u, first, n, &unused);
  bb_perf_stop(perf);
  *faults += bb_faults() - f0;
  return ok;
}

/* Every suite's units, written into out (at most max); each returns how many it wrote. */
#define BB__UNITS_FN(id, name, per, what)                                                          \
  size_t bb__##name##_units(bb_unit_desc_t *out, size_t max);
BB_SUITES(BB__UNITS_FN)
#undef BB__UNITS_FN

/* The matrix's Rust units (unit_rust.c, where bench/rust is built), after its C ones. */
size_t bb__rust_units(bb_unit_desc_t *out, size_t max);
enum { BB_RUST_UNITS_MAX = 2048 };

/* The runner's units, every kind's in the suites' order, built once (units.c). */
size_t bb_units(const bb_unit_desc_t **all);
const bb_unit_desc_t *bb_unit_find(const char *name);

#endif
