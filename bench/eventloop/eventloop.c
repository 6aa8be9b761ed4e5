/* The event-loop port's table, read by the runners and the tests. */
#include <stdio.h>

#include "bb_eventloop.h"

static const struct {
  const char *name;
  bb_ev_storage_t storage;
  unsigned buffer;
  bb_ev_waker_t waker;
  bool syscalls;
} bb__variants[BB_EV_VARIANT_COUNT] = {
#define BB__ROW(id, name, storage, buf, waker, syscalls) {name, storage, buf, waker, syscalls},
    BB_EV_VARIANTS(BB__ROW)
#undef BB__ROW
};

const char *bb_ev_variant_name(bb_ev_variant_t v) { return bb__variants[v].name; }

const char *bb_ev_variant_what(bb_ev_variant_t v) {
  static const char *const storages[] = {
#define BB__WHAT(id, what) what,
      BB_EV_STORAGES(BB__WHAT)};
  static const char *const wakers[] = {BB_EV_WAKERS(BB__WHAT)};
#undef BB__WHAT
  static char lines[BB_EV_VARIANT_COUNT][256];
  if (lines[v][0] == '\0')
    snprintf(lines[v], sizeof lines[v], "%s; %s; a %u-byte buffer per task%s",
             storages[bb__variants[v].storage], wakers[bb__variants[v].waker],
             bb__variants[v].buffer,
             bb__variants[v].syscalls ? "; a read() on an empty pipe at every I/O try" : "");
  return lines[v];
}

bool bb_ev_variant_syscalls(bb_ev_variant_t v) { return bb__variants[v].syscalls; }

uint64_t bb_ev_variant_allocs(bb_ev_variant_t v) {
  static const unsigned per_task[] = {[BB_EV_STORE_MANUAL] = 0, [BB_EV_STORE_BYVAL] = 0, [BB_EV_STORE_CALLERBOX] = 1,
                                      [BB_EV_STORE_BOX] = 1, [BB_EV_STORE_BOX_CALLERBOX] = 2};
  unsigned waker = bb__variants[v].waker == BB_EV_WAKER_PLAIN ? 0 : 1;
  /* Every connection's task, and the accept task. */
  return bb_ev_variant_tasks(v) * (per_task[bb__variants[v].storage] + waker);
}

uint64_t bb_ev_run(bb_ev_variant_t v, bb_ev_net_t *net) {
  bb_ev_net_reset(net);
  return bb__ev_runs[v](net);
}

uint64_t bb_ev_variant_syscalls_per_iteration(bb_ev_variant_t v) {
  if (!bb__variants[v].syscalls) return 0;
  unsigned ops = 0;
#define BB__OPS(name, syscall) ops += syscall;
  BB_EV_STATS(BB__OPS)
#undef BB__OPS
  return (uint64_t)BB_EV_TRANSACTIONS * BB_EV_TRIES * ops;
}

uint64_t bb_ev_variant_tasks(bb_ev_variant_t v) {
  return bb__variants[v].storage == BB_EV_STORE_MANUAL ? 0 : BB_EV_TRANSACTIONS + 1;
}
