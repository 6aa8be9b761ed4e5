/* The event-loop port's table, what each variant does per iteration, and a variant made ready,
 * run and closed. */
#include <stdio.h>
#include <stdlib.h>

#include "bb_eventloop.h"
#include "bb_reactor.h"

static const struct {
  const char *name;
  bb_ev_storage_t storage;
  unsigned buffer;
  bb_ev_waker_t waker;
  bb_ev_io_t io;
} bb__variants[BB_EV_VARIANT_COUNT] = {
#define BB__ROW(id, name, storage, buf, waker, io) {name, storage, buf, waker, BB_EV_IO_##io},
    BB_EV_VARIANTS(BB__ROW)
#undef BB__ROW
};

const char *bb_ev_variant_name(bb_ev_variant_t v) { return bb__variants[v].name; }

const char *bb_ev_variant_what(bb_ev_variant_t v) {
  static const char *const storages[] = {
#define BB__WHAT(id, what) what,
      BB_EV_STORAGES(BB__WHAT)};
  static const char *const wakers[] = {BB_EV_WAKERS(BB__WHAT)};
  static const char *const ios[] = {BB_EV_IOS(BB__WHAT)};
#undef BB__WHAT
  static char lines[BB_EV_VARIANT_COUNT][320];
  if (lines[v][0] == '\0') {
    bool manual = bb__variants[v].storage == BB_EV_STORE_MANUAL;
    snprintf(lines[v], sizeof lines[v], "%s%s%s; a %u-byte request buffer%s",
             storages[bb__variants[v].storage], manual ? "" : "; ",
             manual ? "" : wakers[bb__variants[v].waker], bb__variants[v].buffer,
             ios[bb__variants[v].io]);
  }
  return lines[v];
}

/* Per iteration of T transactions, from the original's flow: the listener accepts T streams, each
 * operation blocking once; each poll reports every registered object, so the listener accepts one
 * connection per poll and T + 2 polls end it. The async variants poll the listener T + 1 times and
 * each connection 3 times; each poll binds the waker once per I/O try (a clone: the reactor took
 * the last one, or the finished future dropped it), the reactor wakes each waiting task (3 T
 * wakes), and each finished I/O future drops its binding (3 T drops). README.md gives each count's
 * source. */
bb_ev_expected_t bb_ev_variant_expected(bb_ev_variant_t v) {
  const uint64_t T = BB_EV_TRANSACTIONS;
  bb_ev_expected_t e = {0};
  e.stats = (bb_ev_stats_t){.register_ = T + 1,
                            .unregister = T + 1,
                            .poll = T + 2,
                            .accept = 2 * T,
                            .read = 2 * T,
                            .write = 2 * T};
  bb_ev_counted_t *c = &e.counted;
  c->syscalls = bb__variants[v].io == BB_EV_IO_SYSCALL ? 9 * T + 4 : 0;
  c->spins = bb__variants[v].io == BB_EV_IO_SPIN ? 9 * T + 4 : 0;
  c->bytes_zeroed = T * bb__variants[v].buffer;
  c->bytes_read = T * BB_EV_READ_BYTES;
  if (bb__variants[v].storage == BB_EV_STORE_MANUAL) {
    c->bytes_moved = T * bb_ev_manual_conn_bytes();
    return e;
  }
  const bb_ev_exec_t kind = BB_EV_EXEC(bb__variants[v].storage, bb__variants[v].waker);
  const bb_ev_waker_t waker = bb__variants[v].waker;
  const bool boxed = kind != BB_EV_EXEC_ARG || bb__variants[v].storage == BB_EV_STORE_CALLERBOX;
  c->task_polls = 4 * T + 1;
  c->indirect_polls = boxed ? c->task_polls : 0;
  /* The spawner's function (ArgSpawner::spawn, BoxSpawner::spawn_boxed), the strong-count
   * closures (BoxRcExecutor, which spawns directly). */
  c->indirect_calls = T + 1;
  c->waker_clones = 6 * T;
  c->waker_drops = 6 * T;
  c->wakes = 3 * T;
  c->upgrades = kind == BB_EV_EXEC_BOXRC ? 3 * T : 0;
  c->task_refs = 2 * c->upgrades;
  c->thread_checks = waker == BB_EV_WAKER_CHKRC ? 12 * T : 0;
  c->waker_refs = waker == BB_EV_WAKER_ARC ? 0 : 12 * T;
  c->waker_atomic_refs = waker == BB_EV_WAKER_ARC ? 12 * T : 0;
  c->shared_refs = kind == BB_EV_EXEC_ARG ? 0 : 6 * T + 8;
  /* nonbox writes each future in place, its arguments only: nothing is moved. */
  c->bytes_moved = kind == BB_EV_EXEC_ARG
                       ? (boxed ? (T + 1) * bb__ev_fut_bytes(1, bb__variants[v].buffer) : 0)
                       : bb__ev_fut_bytes(0, bb__variants[v].buffer) +
                             T * bb__ev_fut_bytes(1, bb__variants[v].buffer);
  /* Every task boxed: T + 1. box+reuse, once its slots are filled: a new box (and the old one
   * freed) only where a slot gets the other task type than it held, listener and connection
   * having different layouts; the slab's order of keys makes that 2, 1 and 3 times in turn,
   * 2 per iteration on average (tests/test_ports.c counts three). box+arena, once its chunk holds
   * an iteration's tasks (from the third iteration): none. */
  const bb_ev_storage_t store = bb__variants[v].storage;
  e.allocs = !boxed                           ? 0
             : store == BB_EV_STORE_BOX_REUSE ? 2
             : store == BB_EV_STORE_BOX_ARENA ? 0
                                              : T + 1;
  e.setup_allocs =
      kind == BB_EV_EXEC_BOXRC ? 2 * (T + 1) : 0; /* a waker and a strong-count closure per slot */
  return e;
}

struct bb_ev_bench_s {
  bb_ev_variant_t v;
  bb_ev_stats_t stats;
  bb_ev_reactor_t reactor;
  void *exec;
  bb_ev_manual_t *manual;
};

bb_ev_bench_t *bb_ev_open(bb_ev_variant_t v) {
  bb_ev_bench_t *b = calloc(1, sizeof *b);
  if (b == NULL) return NULL;
  b->v = v;
  if (!bb_ev_stats_open(&b->stats, bb__variants[v].io)) {
    free(b);
    return NULL;
  }
  if (bb__variants[v].storage == BB_EV_STORE_MANUAL) {
    b->manual = calloc(1, bb_ev_manual_bytes());
    if (b->manual != NULL) bb_ev_manual_init(b->manual, &b->stats);
  } else {
    bb_ev_reactor_init(&b->reactor, &b->stats, BB_EV_TRANSACTIONS + 1);
    b->exec = bb__exec_new(&b->stats, &b->reactor,
                           BB_EV_EXEC(bb__variants[v].storage, bb__variants[v].waker),
                           bb__variants[v].storage == BB_EV_STORE_BYVAL, bb__variants[v].buffer,
                           bb__variants[v].waker);
  }
  if (b->manual == NULL && b->exec == NULL) {
    bb_ev_close(b);
    return NULL;
  }
  return b;
}

bool bb_ev_iterate(bb_ev_bench_t *b) {
  uint64_t written = b->stats.written;
  if (b->manual != NULL)
    bb_ev_manual_run(b->manual);
  else
    bb__ev_iterates[b->v](b->exec);
  return b->stats.written - written == BB_EV_TRANSACTIONS * BB_EV_READ_BYTES;
}

const bb_ev_stats_t *bb_ev_bench_stats(const bb_ev_bench_t *b) { return &b->stats; }

void bb_ev_close(bb_ev_bench_t *b) {
  if (b == NULL) return;
  bb__exec_free(b->exec);
  free(b->manual);
  bb_ev_stats_close(&b->stats);
  free(b);
}
