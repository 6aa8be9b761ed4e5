/* The suites as runner cases: "eventloop/variant:NAME", whose unit is one iteration of 256
 * request/response transactions; "tree/form:NAME", one top-level call; "net/tcp-loopback", one
 * TCP round trip. Each checks what it computes: a wrong result is reported as an error. */
#include <stdio.h>
#include <string.h>

#include "bb_eventloop.h"
#include "bb_runner.h"
#include "bb_tree.h"

#define BB__LOOPBACK "net/tcp-loopback"

static char bb__names[BB_EV_VARIANT_COUNT + BB_TREE_FORM_COUNT][64];

bool bb__unit_open(const char *name, bb__unit_t *u) {
  memset(u, 0, sizeof *u);
  for (int v = 0; v < BB_EV_VARIANT_COUNT; v++) {
    char want[64];
    snprintf(want, sizeof want, "eventloop/variant:%s", bb_ev_variant_name((bb_ev_variant_t)v));
    if (strcmp(name, want) != 0) continue;
    u->kind = BB__UNIT_EVENTLOOP;
    u->which = v;
    return bb_ev_net_open(&u->net, bb_ev_variant_syscalls((bb_ev_variant_t)v));
  }
  for (int f = 0; f < BB_TREE_FORM_COUNT; f++) {
    char want[64];
    snprintf(want, sizeof want, "tree/form:%s", bb_tree_form_name((bb_tree_form_t)f));
    if (strcmp(name, want) != 0) continue;
    u->kind = BB__UNIT_TREE;
    u->which = f;
    return true;
  }
  if (strcmp(name, BB__LOOPBACK) == 0) {
    u->kind = BB__UNIT_NET;
    return bb__loopback_open(&u->lb);
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
  uint64_t want = bb_ev_expected_served();
  bool ok = true;
  for (uint64_t i = 0; i < n; i++) ok &= bb_ev_run((bb_ev_variant_t)u->which, &u->net) == want;
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
  while ((n = bb_state_next_batch(st, UINT64_MAX)) != 0) {
    bb_perf_start(&perf);
    ok &= bb__unit_run(&u, done, n);
    bb_perf_stop(&perf);
    done += n;
  }
  /* The tree's forms must agree: the measured calls again, untimed, in the plain form. */
  if (u.kind == BB__UNIT_TREE && u.which != BB_TREE_SYNC) {
    bb_tree_form_t form = (bb_tree_form_t)u.which;
    ok &= bb_tree_run(form, 0, done < 4096 ? done : 4096) ==
          bb_tree_run(BB_TREE_SYNC, 0, done < 4096 ? done : 4096);
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
  int k = 0;
  for (int v = 0; v < BB_EV_VARIANT_COUNT; v++, k++) {
    snprintf(bb__names[k], sizeof bb__names[k], "eventloop/variant:%s",
             bb_ev_variant_name((bb_ev_variant_t)v));
    bb_register(bb__names[k], bb__bench_unit, bb__names[k]);
  }
  for (int f = 0; f < BB_TREE_FORM_COUNT; f++, k++) {
    snprintf(bb__names[k], sizeof bb__names[k], "tree/form:%s", bb_tree_form_name((bb_tree_form_t)f));
    bb_register(bb__names[k], bb__bench_unit, bb__names[k]);
  }
  bb_register(BB__LOOPBACK, bb__bench_unit, BB__LOOPBACK);
}
