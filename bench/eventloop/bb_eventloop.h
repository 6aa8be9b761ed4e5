/* The event-loop port (docs/design.md, claims C3, C6, C8): one fake network server, served by a
 * hand-written poll loop or by futures on a small executor, in every variant of the table. */
#ifndef BB_EVENTLOOP_H
#define BB_EVENTLOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "bb_fakeio.h"

/* How the executor keeps its tasks: enum suffix, what it does. */
#define BB_EV_STORAGES(X)                                                                          \
  X(MANUAL, "no futures: the hand-written poll loop")                                              \
  X(BYVAL, "one future type, stored by value in a fixed array")                                    \
  X(CALLERBOX, "the caller boxes that one type; the executor keeps the boxes")                     \
  X(BOX, "each task its own future type, boxed behind a vtable (dyn Future)")                      \
  X(BOX_CALLERBOX, "the caller's box, boxed again behind a vtable by the executor")

typedef enum bb_ev_storage_e {
#define BB__ENUM(id, what) BB_EV_STORE_##id,
  BB_EV_STORAGES(BB__ENUM)
#undef BB__ENUM
} bb_ev_storage_t;

/* How a task's waker is made: enum suffix, what it does. */
#define BB_EV_WAKERS(X)                                                                            \
  X(PLAIN, "the waker points at the task's slot: no allocation, no count")                         \
  X(RC, "a waker allocated apart, with a plain reference count (Rc)")                              \
  X(CHKRC, "a waker allocated apart, with a count that checks it is used on its own thread")       \
  X(ARC, "a waker allocated apart, with an atomic reference count (Arc)")

typedef enum bb_ev_waker_e {
#define BB__ENUM(id, what) BB_EV_WAKER_##id,
  BB_EV_WAKERS(BB__ENUM)
#undef BB__ENUM
} bb_ev_waker_t;

#define BB_EV_SMALL 128   /* the buffer a task's future holds */
#define BB_EV_LARGE 16384 /* ... in the large variants */

/* id, name, storage, buffer, waker, syscalls */
#define BB_EV_VARIANTS(X)                                                                          \
  X(MANUAL, "manual", BB_EV_STORE_MANUAL, BB_EV_SMALL, BB_EV_WAKER_PLAIN, false)                         \
  X(NONBOX, "nonbox", BB_EV_STORE_BYVAL, BB_EV_SMALL, BB_EV_WAKER_PLAIN, false)                          \
  X(CALLERBOX, "callerbox", BB_EV_STORE_CALLERBOX, BB_EV_SMALL, BB_EV_WAKER_PLAIN, false)                \
  X(BOX, "box", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_PLAIN, false)                                  \
  X(BOX_CALLERBOX, "box+callerbox", BB_EV_STORE_BOX_CALLERBOX, BB_EV_SMALL, BB_EV_WAKER_PLAIN, false)    \
  X(LARGE_NONBOX, "large+nonbox", BB_EV_STORE_BYVAL, BB_EV_LARGE, BB_EV_WAKER_PLAIN, false)              \
  X(LARGE_BOX, "large+box", BB_EV_STORE_BOX, BB_EV_LARGE, BB_EV_WAKER_PLAIN, false)                      \
  X(BOX_RC, "box+rc", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_RC, false)                               \
  X(BOX_CHKRC, "box+chkrc", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_CHKRC, false)                      \
  X(BOX_ARC, "box+arc", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_ARC, false)                            \
  X(MANUAL_SYSCALLS, "manual+syscalls", BB_EV_STORE_MANUAL, BB_EV_SMALL, BB_EV_WAKER_PLAIN, true)        \
  X(NONBOX_SYSCALLS, "nonbox+syscalls", BB_EV_STORE_BYVAL, BB_EV_SMALL, BB_EV_WAKER_PLAIN, true)         \
  X(BOX_SYSCALLS, "box+syscalls", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_PLAIN, true)                 \
  X(BOX_RC_SYSCALLS, "box+rc+syscalls", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_RC, true)              \
  X(BOX_CHKRC_SYSCALLS, "box+chkrc+syscalls", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_CHKRC, true)     \
  X(BOX_ARC_SYSCALLS, "box+arc+syscalls", BB_EV_STORE_BOX, BB_EV_SMALL, BB_EV_WAKER_ARC, true)

typedef enum bb_ev_variant_e {
#define BB__ENUM(id, name, storage, buf, waker, syscalls) BB_EV_##id,
  BB_EV_VARIANTS(BB__ENUM)
#undef BB__ENUM
  BB_EV_VARIANT_COUNT
} bb_ev_variant_t;

const char *bb_ev_variant_name(bb_ev_variant_t v);
/* What the variant does, in one line: how tasks are kept, the waker, the buffer, the syscalls. */
const char *bb_ev_variant_what(bb_ev_variant_t v);
bool bb_ev_variant_syscalls(bb_ev_variant_t v);
/* Heap allocations one iteration makes (the test counts them). */
uint64_t bb_ev_variant_allocs(bb_ev_variant_t v);
/* System calls one iteration makes: every try of an operation that enters the kernel (the test
 * counts the tries). */
uint64_t bb_ev_variant_syscalls_per_iteration(bb_ev_variant_t v);
/* Tasks (top-level futures) one iteration spawns: every connection's and the accept task; none for
 * the hand-written loop. */
uint64_t bb_ev_variant_tasks(bb_ev_variant_t v);

/* One iteration: serve BB_EV_TRANSACTIONS requests on net (opened with the variant's syscalls,
 * reset here). Returns net->served, which must equal bb_ev_expected_served(). */
uint64_t bb_ev_run(bb_ev_variant_t v, bb_ev_net_t *net);

/* The hand-written poll loop, and the executor of one futures variant (bb__ internals). */
uint64_t bb__ev_run_manual(bb_ev_net_t *net);
typedef uint64_t (*bb__ev_run_fn)(bb_ev_net_t *net);
extern const bb__ev_run_fn bb__ev_runs[BB_EV_VARIANT_COUNT];

#endif
