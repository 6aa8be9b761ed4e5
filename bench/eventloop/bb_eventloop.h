/* The event-loop port (docs/design.md, claims C3, C6, C8): the fake network server of
 * jkarneges/rust-async-bench, in every variant of its benchmark, doing what the original's code
 * does operation for operation (README.md here counts them, with their source lines). */
#ifndef BB_EVENTLOOP_H
#define BB_EVENTLOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "bb_fakeio.h"
#include "bb_future.h"

#define BB_EV_SMALL 128   /* SMALL_BUFSIZE: the request buffer a connection holds */
#define BB_EV_LARGE 16384 /* LARGE_BUFSIZE: ... in the large variants */

/* How tasks are kept: enum suffix, what it does. */
#define BB_EV_STORAGES(X)                                                                          \
  X(MANUAL, "no futures: the hand-written poll loop")                                              \
  X(BYVAL, "ArgExecutor: one future type, written by value into a fixed array")                    \
  X(CALLERBOX, "ArgExecutor over the caller's Pin<Box<F>>")                                        \
  X(BOX, "BoxExecutor: each task its own type, boxed once as a dyn Future")                        \
  X(BOX_CALLERBOX, "BoxExecutor given the caller's box (spawn_boxed): boxed once")                 \
  X(BOX_REUSE, "BoxExecutor with a ReusableBoxFuture per task slot: each spawn moves the task "    \
               "into its slot's box, a new one only when the slot last held the other task type")  \
  X(BOX_ARENA, "BoxExecutor with the tasks bump-allocated in an arena reset after each iteration")

typedef enum bb_ev_storage_e {
#define BB__ENUM(id, what) BB_EV_STORE_##id,
  BB_EV_STORAGES(BB__ENUM)
#undef BB__ENUM
} bb_ev_storage_t;

/* How a task's waker is made: enum suffix, what it does. */
#define BB_EV_WAKERS(X)                                                                            \
  X(EMBED, "the waker embedded in the executor's task slot, a count in a cell")                    \
  X(RC, "a waker per slot allocated when the executor is built, an Rc")                            \
  X(CHKRC, "... an Rc that checks its thread at every use")                                        \
  X(ARC, "... an Arc")

typedef enum bb_ev_waker_e {
#define BB__ENUM(id, what) BB_EV_WAKER_##id,
  BB_EV_WAKERS(BB__ENUM)
#undef BB__ENUM
} bb_ev_waker_t;

/* The executor a variant runs on: ArgExecutor (one future type), BoxExecutor (boxed, wakers
 * embedded) or BoxRcExecutor (boxed, wakers allocated apart). Derived, never tabled twice. */
typedef enum bb_ev_exec_e { BB_EV_EXEC_ARG, BB_EV_EXEC_BOX, BB_EV_EXEC_BOXRC } bb_ev_exec_t;
#define BB_EV_EXEC(storage, waker)                                                                 \
  ((storage) == BB_EV_STORE_BYVAL || (storage) == BB_EV_STORE_CALLERBOX ? BB_EV_EXEC_ARG           \
   : (waker) == BB_EV_WAKER_EMBED                                       ? BB_EV_EXEC_BOX           \
                                                                        : BB_EV_EXEC_BOXRC)

/* The variants, the original's in its order, then the mitigations (not in the original: its box
 * variant with tokio-util's reusable boxes or a bumpalo arena), then the busy-wait controls: id,
 * name, storage, buffer, waker, what a statistics count does (BB_EV_IO_*). */
#define BB_EV_VARIANTS(X)                                                                          \
  X(MANUAL, "manual", BB_EV_STORE_MANUAL, BB_EV_SMALL, BB_EV_WAKER_EMBED, NONE)                    \
  X(NONBOX, "nonbox", BB_EV_STORE_BYVAL, BB_EV_SMALL, BB_EV_WAKER_EMBED, NONE)                     \
  X(CALLERBOX, "callerbox", BB_EV_STORE_CALLERBOX, BB_EV_SMALL, BB_EV_WAKER_EMBED, NONE)           \
  X(LARGE_NONBOX, "large+nonbox", BB_EV_STORE_BYVAL, BB_EV_LARGE, BB_EV_WAKER_EMBED, NONE)         \
  X(BOX, "box", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_EMBED, NONE)                             \
  X(BOX_CALLERBOX, "box+callerbox", BB_EV_STORE_BOX_CALLERBOX, BB_EV_SMALL, BB_EV_WAKER_EMBED,     \
    NONE)                                                                                          \
  X(LARGE_BOX, "large+box", BB_EV_STORE_BOX, BB_EV_LARGE, BB_EV_WAKER_EMBED, NONE)                 \
  X(BOX_RC, "box+rc", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_RC, NONE)                          \
  X(BOX_CHKRC, "box+chkrc", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_CHKRC, NONE)                 \
  X(BOX_ARC, "box+arc", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_ARC, NONE)                       \
  X(MANUAL_SYSCALLS, "manual+syscalls", BB_EV_STORE_MANUAL, BB_EV_SMALL, BB_EV_WAKER_EMBED,        \
    SYSCALL)                                                                                       \
  X(NONBOX_SYSCALLS, "nonbox+syscalls", BB_EV_STORE_BYVAL, BB_EV_SMALL, BB_EV_WAKER_EMBED,         \
    SYSCALL)                                                                                       \
  X(BOX_SYSCALLS, "box+syscalls", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_EMBED, SYSCALL)        \
  X(BOX_RC_SYSCALLS, "box+rc+syscalls", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_RC, SYSCALL)     \
  X(BOX_CHKRC_SYSCALLS, "box+chkrc+syscalls", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_CHKRC,     \
    SYSCALL)                                                                                       \
  X(BOX_ARC_SYSCALLS, "box+arc+syscalls", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_ARC, SYSCALL)  \
  X(BOX_REUSE, "box+reuse", BB_EV_STORE_BOX_REUSE, BB_EV_SMALL, BB_EV_WAKER_EMBED, NONE)           \
  X(BOX_ARENA, "box+arena", BB_EV_STORE_BOX_ARENA, BB_EV_SMALL, BB_EV_WAKER_EMBED, NONE)           \
  X(BOX_REUSE_SYSCALLS, "box+reuse+syscalls", BB_EV_STORE_BOX_REUSE, BB_EV_SMALL,                  \
    BB_EV_WAKER_EMBED, SYSCALL)                                                                    \
  X(BOX_ARENA_SYSCALLS, "box+arena+syscalls", BB_EV_STORE_BOX_ARENA, BB_EV_SMALL,                  \
    BB_EV_WAKER_EMBED, SYSCALL)                                                                    \
  X(MANUAL_SPIN, "manual+spin", BB_EV_STORE_MANUAL, BB_EV_SMALL, BB_EV_WAKER_EMBED, SPIN)          \
  X(NONBOX_SPIN, "nonbox+spin", BB_EV_STORE_BYVAL, BB_EV_SMALL, BB_EV_WAKER_EMBED, SPIN)           \
  X(BOX_SPIN, "box+spin", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_EMBED, SPIN)

typedef enum bb_ev_variant_e {
#define BB__ENUM(id, name, storage, buf, waker, io) BB_EV_##id,
  BB_EV_VARIANTS(BB__ENUM) /* a constant per row */
#undef BB__ENUM
  BB_EV_VARIANT_COUNT
} bb_ev_variant_t;

const char *bb_ev_variant_name(bb_ev_variant_t v);
/* What the variant does, in one line: how tasks are kept, the waker, the buffer, the syscalls. */
const char *bb_ev_variant_what(bb_ev_variant_t v);

/* What one iteration does, per the original's code (README.md): the statistics, the counters, the
 * heap allocations inside the timed iteration (each freed in it), and those made when the
 * executor is built. test_ports checks every one. */
typedef struct bb_ev_expected_s {
  bb_ev_stats_t stats;
  bb_ev_counted_t counted;
  uint64_t allocs, setup_allocs;
} bb_ev_expected_t;
bb_ev_expected_t bb_ev_variant_expected(bb_ev_variant_t v);

/* A variant made ready, as the original builds its executor, reactor and stats outside the timed
 * closure; NULL if memory or the pipe is short. */
typedef struct bb_ev_bench_s bb_ev_bench_t;
bb_ev_bench_t *bb_ev_open(bb_ev_variant_t v);
/* One iteration: BB_EV_TRANSACTIONS transactions served; false if one was served wrong. */
bool bb_ev_iterate(bb_ev_bench_t *b);
const bb_ev_stats_t *bb_ev_bench_stats(const bb_ev_bench_t *b);
void bb_ev_close(bb_ev_bench_t *b);

/* The internals the files share. */
typedef struct bb_ev_manual_s bb_ev_manual_t;
void bb_ev_manual_init(bb_ev_manual_t *m, bb_ev_stats_t *stats);
void bb_ev_manual_run(bb_ev_manual_t *m);
size_t bb_ev_manual_bytes(void);
size_t bb_ev_manual_conn_bytes(void);

typedef void (*bb__ev_iterate_fn)(void *ex);
extern const bb__ev_iterate_fn bb__ev_iterates[BB_EV_VARIANT_COUNT];
struct bb_ev_reactor_s;
void *bb__exec_new(bb_ev_stats_t *stats, struct bb_ev_reactor_s *r, bb_ev_exec_t kind, bool byval,
                   size_t n, bb_ev_waker_t waker);
void bb__exec_free(void *ex);
size_t bb__ev_fut_bytes(int conn, size_t n);

#endif
