/* The suites as runner cases: "eventloop/variant:NAME", whose unit is one iteration of 256
 * request/response transactions; "tree/form:NAME", one top-level call; "net/tcp-loopback", one
 * TCP round trip. Each checks what it computes: a wrong result is reported as an error. */
#include <stdio.h>
#include <string.h>

#include "bb_eventloop.h"
#include "bb_runner.h"
#include "bb_tree.h"

/* Every suite case, named once: registration and the interleaved mode both look here. */
typedef struct bb__suite_case_s {
  char name[64];
  int kind, which;
} bb__suite_case_t;
enum { BB__SUITE_CASES = BB_EV_VARIANT_COUNT + BB_TREE_FORM_COUNT + 1 };
static bb__suite_case_t bb__suite[BB__SUITE_CASES];

static const bb__suite_case_t *bb__suite_cases(void) {
  if (bb__suite[0].name[0] != '\0') return bb__suite;
  int k = 0;
  for (int v = 0; v < BB_EV_VARIANT_COUNT; v++, k++) {
    snprintf(bb__suite[k].name, sizeof bb__suite[k].name, "eventloop/variant:%s",
             bb_ev_variant_name((bb_ev_variant_t)v));
    bb__suite[k].kind = BB__UNIT_EVENTLOOP;
    bb__suite[k].which = v;
  }
  for (int f = 0; f < BB_TREE_FORM_COUNT; f++, k++) {
    snprintf(bb__suite[k].name, sizeof bb__suite[k].name, "tree/form:%s",
             bb_tree_form_name((bb_tree_form_t)f));
    bb__suite[k].kind = BB__UNIT_TREE;
    bb__suite[k].which = f;
  }
  snprintf(bb__suite[k].name, sizeof bb__suite[k].name, "net/tcp-loopback");
  bb__suite[k].kind = BB__UNIT_NET;
  return bb__suite;
}

bool bb__unit_open(const char *name, bb__unit_t *u) {
  memset(u, 0, sizeof *u);
  const bb__suite_case_t *all = bb__suite_cases();
  for (int k = 0; k < BB__SUITE_CASES; k++) {
    if (strcmp(name, all[k].name) != 0) continue;
    u->kind = all[k].kind;
    u->which = all[k].which;
    switch (u->kind) {
    case BB__UNIT_EVENTLOOP:
      u->served = bb_ev_expected_served(); /* Computed here, not in the timed runs. */
      return bb_ev_net_open(&u->net, bb_ev_variant_syscalls((bb_ev_variant_t)u->which));
    case BB__UNIT_NET:
      return bb__loopback_open(&u->lb);
    default:
      return true;
    }
  }
  return false;
}

bool bb__unit_run(bb__unit_t *u, uint64_t first, uint64_t n) {
  if (u->kind == BB__UNIT_NET) return bb__loopback_run(&u->lb, n);
  if (u->kind == BB__UNIT_TREE) {
    uint64_t acc = bb_tree_run((bb_tree_form_t)u->which, first, n);
    bb_do_not_optimize(acc);
    return true;
  }
  bool ok = true;
  for (uint64_t i = 0; i < n; i++) ok &= bb_ev_run((bb_ev_variant_t)u->which, &u->net) == u->served;
  return ok;
}

void bb__unit_close(bb__unit_t *u) {
  if (u->kind == BB__UNIT_EVENTLOOP) bb_ev_net_close(&u->net);
  if (u->kind == BB__UNIT_NET) bb__loopback_close(&u->lb);
}

static void bb__bench_unit(bb_state_t *st, const void *arg) {
  bb__unit_t u;
  if (!bb__unit_open(arg, &u)) {
    bb_state_skip(st, "cannot open the case (no pipe for the syscalls, no loopback socket?)");
    return;
  }
  bb_perf_t perf;
  bb_perf_open(&perf);
  uint64_t n, done = 0;
  bool ok = true;
  bb_perf_start(&perf); /* Outside the timer, as for the matrix's warm cases (main.c). */
  while ((n = bb_state_next_batch(st, UINT64_MAX)) != 0) {
    ok &= bb__unit_run(&u, done, n);
    done += n;
  }
  bb_perf_stop(&perf);
  /* The tree's forms must agree: the first measured calls again, untimed, in the plain form. */
  if (u.kind == BB__UNIT_TREE && u.which != BB_TREE_SYNC) {
    uint64_t again = done < 4096 ? done : 4096;
    ok &= bb_tree_run((bb_tree_form_t)u.which, 0, again) == bb_tree_run(BB_TREE_SYNC, 0, again);
  }
  if (!ok) bb_state_skip(st, "wrong output: the case is broken");
  if (u.kind == BB__UNIT_EVENTLOOP) {
    bb_state_counter(st, "requests", BB_EV_TRANSACTIONS, BB_COUNTER_TOTAL);
    bb_state_counter(st, "allocs_per_iteration",
                     (double)bb_ev_variant_allocs((bb_ev_variant_t)u.which), BB_COUNTER_TOTAL);
  } else if (u.kind == BB__UNIT_TREE) {
    bb_state_counter(st, "async_calls", BB_TREE_CALLS, BB_COUNTER_TOTAL);
  }
  bb__report_perf(st, &perf, done);
  bb_perf_close(&perf);
  bb__unit_close(&u);
}

void bb__register_suites(void) {
  const bb__suite_case_t *all = bb__suite_cases();
  for (int k = 0; k < BB__SUITE_CASES; k++) bb_register(all[k].name, bb__bench_unit, all[k].name);
}
