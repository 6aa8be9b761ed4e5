/* The fake network of the event-loop port (docs/design.md): a listener that hands out connections, each
 * with one request line to read and one response line to take, and a poller that tracks
 * registrations and readiness, all in memory. Every operation would block the first time it is
 * tried, and becomes ready at the next poll: every task really suspends and is woken.
 *
 * With syscalls on, every I/O operation (accept, read, write) also calls read() on an empty
 * non-blocking pipe: a real kernel entry that fails with EAGAIN, as a would-be socket call does. */
#ifndef BB_FAKEIO_H
#define BB_FAKEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bb_future.h"

#define BB_EV_TRANSACTIONS 256 /* request/response transactions per iteration */
#define BB_EV_MAX_REGS 16      /* the listener and the connections in flight (at most 3 here) */
#define BB_EV_LINE_MAX 32      /* a request or response line, at most */

/* Every operation would block the first time it is tried, and succeeds the second. */
#define BB_EV_TRIES 2

/* What every variant must do alike, counted (the test checks that they do): name, whether each
 * try enters the kernel when syscalls are on. */
#define BB_EV_STATS(X)                                                                             \
  X(register_, 0) X(unregister, 0) X(poll, 0) X(accept, 1) X(read, 1) X(write, 1)
typedef struct bb_ev_stats_s {
#define BB__FIELD(name, syscall) uint64_t name;
  BB_EV_STATS(BB__FIELD)
#undef BB__FIELD
} bb_ev_stats_t;

enum { BB_EV_READABLE = 1, BB_EV_WRITABLE = 2 };
#define BB_EV_WOULD_BLOCK (-1)

typedef struct bb_ev_reg_s {
  bool used;
  uint8_t ready;   /* readiness the object knows of; an operation consumes it */
  uint8_t armed;   /* readiness that arrives at the next poll */
  uint32_t conn;   /* a connection's number: which request it carries */
  bool has_waker;  /* the waker of the task waiting on this object (async variants) */
  bb_waker_t waker;
} bb_ev_reg_t;

typedef struct bb_ev_net_s {
  bb_ev_stats_t stats;
  int pipe_rd; /* the empty pipe read at every I/O operation, or -1: no syscalls */
  int pipe_wr;
  uint32_t accepted;
  uint64_t served; /* a checksum of every response written */
  uint32_t n_armed;
  uint32_t armed[BB_EV_MAX_REGS];
  bb_ev_reg_t regs[BB_EV_MAX_REGS];
} bb_ev_net_t;

typedef struct bb_ev_event_s {
  uint32_t reg;
  uint8_t ready;
} bb_ev_event_t;

/* Open (with syscalls: the pipe) and close the network; reset it before every iteration. False if
 * the pipe cannot be made. */
bool bb_ev_net_open(bb_ev_net_t *net, bool syscalls);
void bb_ev_net_close(bb_ev_net_t *net);
void bb_ev_net_reset(bb_ev_net_t *net);

/* Objects register when made and unregister when closed; their registration is their handle. */
uint32_t bb_ev_listen(bb_ev_net_t *net);
void bb_ev_close(bb_ev_net_t *net, uint32_t reg);

/* A connection's registration, or BB_EV_WOULD_BLOCK. */
int bb_ev_accept(bb_ev_net_t *net, uint32_t listener);
/* The request line (its length), or BB_EV_WOULD_BLOCK; buf holds at least BB_EV_LINE_MAX. */
int bb_ev_read(bb_ev_net_t *net, uint32_t stream, uint8_t *buf);
/* Takes the whole response line, or BB_EV_WOULD_BLOCK. */
int bb_ev_write(bb_ev_net_t *net, uint32_t stream, const uint8_t *buf, size_t len);

/* Wait for readiness: what was armed since the last poll becomes ready and is reported. */
size_t bb_ev_poll(bb_ev_net_t *net, bb_ev_event_t *events);

/* The server's one piece of logic, shared by every variant: the response line to a request. */
size_t bb_ev_respond(uint8_t *buf, size_t len);

/* The checksum of serving every request of an iteration correctly. */
uint64_t bb_ev_expected_served(void);

#endif
