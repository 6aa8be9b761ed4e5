/* What the runner's files share: the counters every case reports, the suites' registration, and
 * the interleaved mode for paired ratios. */
#ifndef BB_RUNNER_H
#define BB_RUNNER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "bb_fakeio.h"
#include "bb_flags.h"

#include "bb_harness.h"
#include "bb_perf.h"

/* perf counters per unit of work (a call, an iteration); events that could not be opened are left
 * out, not zeroed: the context's bb_perf_unavailable says which and why. */
void bb__report_perf(bb_state_t *st, const bb_perf_t *perf, uint64_t units);

/* The event-loop and deep-tree suites' cases (suites.c). */
void bb__register_suites(void);

/* One byte's round trip over TCP on 127.0.0.1, to a server thread of the runner (net.c). */
typedef struct bb__loopback_s {
  int client, listener; /* the listener is the server thread's once it runs */
  pthread_t server;
} bb__loopback_t;
bool bb__loopback_open(bb__loopback_t *lb);
bool bb__loopback_run(bb__loopback_t *lb, uint64_t n);
void bb__loopback_close(bb__loopback_t *lb);

/* A unit of a suite, by the case's name: one event-loop iteration of 256 transactions
 * ("eventloop/variant:box"), one top-level call of a tree ("tree/form:boxed"), or one loopback
 * round trip ("net/tcp-loopback"). */
typedef struct bb__unit_s {
  enum { BB__UNIT_EVENTLOOP, BB__UNIT_TREE, BB__UNIT_NET } kind;
  int which;      /* the variant or the form */
  uint64_t served; /* an event-loop iteration's checksum when every request is served right */
  bb_ev_net_t net;
  bb__loopback_t lb;
} bb__unit_t;
bool bb__unit_open(const char *name, bb__unit_t *u);
/* n units from the (first)-th; false if one gave a wrong result. */
bool bb__unit_run(bb__unit_t *u, uint64_t first, uint64_t n);
void bb__unit_close(bb__unit_t *u);

/* --bb_interleave=A,B[,...] (interleave.c): run the named units in turn, round after round, and
 * print each round's ns per unit as a JSON line; returns the exit status. */
int bb__interleave_main(const bb__flags_t *f);

#endif
