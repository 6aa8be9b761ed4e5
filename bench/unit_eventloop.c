/* The event-loop port's variants as units: one unit is one iteration, BB_EV_TRANSACTIONS
 * request/response transactions on the fake network, served right or reported wrong. */
#include <stdio.h>
#include <stdlib.h>

#include "bb_eventloop.h"
#include "bb_unit.h"

typedef struct bb__ev_unit_s {
  bb_unit_t head;
  bb_ev_net_t net;
  uint64_t served; /* the checksum of an iteration served right, computed once, untimed */
} bb__ev_unit_t;

static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__ev_unit_t *u = calloc(1, sizeof *u);
  if (u == NULL) return NULL;
  u->head.desc = d;
  u->served = bb_ev_expected_served();
  if (!bb_ev_net_open(&u->net, bb_ev_variant_syscalls((bb_ev_variant_t)d->which))) {
    free(u);
    return NULL;
  }
  return &u->head;
}

static bool bb__run(bb_unit_t *unit, uint64_t first, uint64_t n, double *ns) {
  (void)first;
  (void)ns;
  bb__ev_unit_t *u = (bb__ev_unit_t *)unit;
  bb_ev_variant_t v = (bb_ev_variant_t)unit->desc->which;
  bool ok = true;
  for (uint64_t i = 0; i < n; i++) ok &= bb_ev_run(v, &u->net) == u->served;
  return ok;
}

static void bb__close(bb_unit_t *unit) {
  bb__ev_unit_t *u = (bb__ev_unit_t *)unit;
  bb_ev_net_close(&u->net);
  free(u);
}

static const bb_unit_vtable_t bb__ev_vt = {bb__open, bb__run, bb_unit_count_batch, bb__close};

size_t bb__eventloop_units(bb_unit_desc_t *out, size_t max) {
  size_t n = 0;
  for (int v = 0; v < BB_EV_VARIANT_COUNT && n < max; v++) {
    bb_unit_desc_t d = bb_unit_desc(BB_SUITE_EVENTLOOP);
    snprintf(d.name, sizeof d.name, "eventloop/variant:%s", bb_ev_variant_name((bb_ev_variant_t)v));
    d.variant = bb_ev_variant_name((bb_ev_variant_t)v);
    d.requests = BB_EV_TRANSACTIONS;
    d.allocs = (double)bb_ev_variant_allocs((bb_ev_variant_t)v);
    d.syscalls = (double)bb_ev_variant_syscalls_per_iteration((bb_ev_variant_t)v);
    d.async_calls = (double)bb_ev_variant_tasks((bb_ev_variant_t)v);
    d.vt = &bb__ev_vt;
    d.which = v;
    out[n++] = d;
  }
  return n;
}
