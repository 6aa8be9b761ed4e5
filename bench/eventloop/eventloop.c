/* The event-loop port's table, read by the runners and the tests. */
#include "bb_eventloop.h"

static const struct {
  const char *name;
  bb_ev_storage_t storage;
  bb_ev_waker_t waker;
  bool syscalls;
} bb__variants[BB_EV_VARIANT_COUNT] = {
#define BB__ROW(id, name, storage, buf, waker, syscalls) {name, storage, waker, syscalls},
    BB_EV_VARIANTS(BB__ROW)
#undef BB__ROW
};

const char *bb_ev_variant_name(bb_ev_variant_t v) { return bb__variants[v].name; }

bool bb_ev_variant_syscalls(bb_ev_variant_t v) { return bb__variants[v].syscalls; }

uint64_t bb_ev_variant_allocs(bb_ev_variant_t v) {
  static const unsigned per_task[] = {[BB_EV_STORE_MANUAL] = 0, [BB_EV_STORE_BYVAL] = 0, [BB_EV_STORE_CALLERBOX] = 1,
                                      [BB_EV_STORE_BOX] = 1, [BB_EV_STORE_BOX_CALLERBOX] = 2};
  unsigned waker = bb__variants[v].waker == BB_EV_WAKER_PLAIN ? 0 : 1;
  unsigned tasks = BB_EV_TRANSACTIONS + 1; /* every connection's, and the accept task */
  return bb__variants[v].storage == BB_EV_STORE_MANUAL
             ? 0
             : (uint64_t)tasks * (per_task[bb__variants[v].storage] + waker);
}

uint64_t bb_ev_run(bb_ev_variant_t v, bb_ev_net_t *net) {
  bb_ev_net_reset(net);
  return bb__ev_runs[v](net);
}
