/* The manual variant: a hand-written poll loop with every connection's state in a fixed table, no
 * futures, no wakers. It tries each operation exactly when the futures variants do (at once, and
 * again after the poller says it is ready), so every variant makes the same calls. */
#include <string.h>

#include "bb_eventloop.h"

typedef struct bb__conn_s {
  enum { BB__READING, BB__WRITING } phase;
  uint32_t len;
  uint8_t buf[BB_EV_SMALL];
} bb__conn_t;

/* Advance one connection as far as it goes; true once it is closed. */
static bool bb__step(bb_ev_net_t *net, uint32_t stream, bb__conn_t *c) {
  if (c->phase == BB__READING) {
    int n = bb_ev_read(net, stream, c->buf);
    if (n == BB_EV_WOULD_BLOCK) return false;
    c->len = (uint32_t)bb_ev_respond(c->buf, (size_t)n);
    c->phase = BB__WRITING;
  }
  if (bb_ev_write(net, stream, c->buf, c->len) == BB_EV_WOULD_BLOCK) return false;
  bb_ev_close(net, stream);
  return true;
}

static void bb__accept_all(bb_ev_net_t *net, uint32_t listener, uint32_t *accepted,
                           uint32_t *done, bb__conn_t *conns) {
  while (*accepted < BB_EV_TRANSACTIONS) {
    int s = bb_ev_accept(net, listener);
    if (s == BB_EV_WOULD_BLOCK) return;
    ++*accepted;
    conns[s].phase = BB__READING;
    if (bb__step(net, (uint32_t)s, &conns[s])) ++*done;
  }
}

uint64_t bb__ev_run_manual(bb_ev_net_t *net) {
  bb__conn_t conns[BB_EV_MAX_REGS]; /* Indexed by registration, as a slab keyed by token. */
  bb_ev_event_t events[BB_EV_MAX_REGS];
  uint32_t listener = bb_ev_listen(net), accepted = 0, done = 0;
  bb__accept_all(net, listener, &accepted, &done, conns);
  while (done < BB_EV_TRANSACTIONS) {
    size_t n = bb_ev_poll(net, events);
    for (size_t i = 0; i < n; i++) {
      if (events[i].reg == listener)
        bb__accept_all(net, listener, &accepted, &done, conns);
      else if (bb__step(net, events[i].reg, &conns[events[i].reg]))
        done++;
    }
  }
  bb_ev_close(net, listener);
  return net->served;
}
