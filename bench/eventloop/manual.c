/* The manual variant (the original's RunManual): a hand-written poll loop, no futures and no
 * wakers. Connections live in a slab, each with its stream, flags and a zeroed 128-byte buffer;
 * the ones with something to do wait in an intrusive list; every poll hands back every registered
 * object, and each connection it names goes to the back of that list. */
#include <string.h>

#include "bb_eventloop.h"

enum { BB__RECEIVING, BB__SENDING };

typedef struct bb__conn_s {
  bb_ev_object_t stream;
  bool can_read, can_write;
  uint8_t state;
  uint8_t buf[BB_EV_SMALL];
  size_t buf_len, sent;
} bb__conn_t;

/* A connection in its slab: list.rs's Node around it. */
typedef struct bb__conn_node_s {
  bb_ev_node_t node;
  bb__conn_t conn;
} bb__conn_node_t;
BB_EV_SLAB(bb__slab_conns, bb__conn_node_t)
BB_EV_LIST(bb__slab_conns)

/* Made once, outside the timed iterations, as RunManual::new is: the poller and the events' and
 * connections' slabs with the original's capacities. */
struct bb_ev_manual_s {
  bb_ev_stats_t *stats;
  bb_ev_poll_t poll;
  bb_ev_events_t events;
  bb__slab_conns_t conns;
};

/* Connection::process: read the request, then write it back, as far as the stream lets it; true
 * once sent. Every slice of the buffer is checked against its bounds. */
static bool bb__conn_process(bb__conn_t *c) {
  for (;;) {
    if (c->state == BB__RECEIVING) {
      BB_EV_CHECK(c->buf_len <= sizeof c->buf); /* &mut self.buf[self.buf_len..] */
      bb_ev_result_t r = bb_ev_read(&c->stream, c->buf + c->buf_len, sizeof c->buf - c->buf_len);
      if (bb_ev_blocked(r)) {
        c->can_read = false;
        return false;
      }
      c->buf_len += r.value;
      BB_EV_CHECK(c->buf_len <= sizeof c->buf); /* &self.buf[..self.buf_len] */
      if (bb_ev_has_newline(c->buf, c->buf_len)) c->state = BB__SENDING;
    } else {
      BB_EV_CHECK(c->sent <= c->buf_len && c->buf_len <= sizeof c->buf);
      bb_ev_result_t r = bb_ev_write(&c->stream, c->buf + c->sent, c->buf_len - c->sent);
      if (bb_ev_blocked(r)) {
        c->can_write = false;
        return false;
      }
      c->sent += r.value;
      if (c->sent >= c->buf_len) return true;
    }
  }
}

void bb_ev_manual_init(bb_ev_manual_t *m, bb_ev_stats_t *stats) {
  m->stats = stats;
  bb_ev_poll_init(&m->poll, stats, BB_EV_TRANSACTIONS + 1);
  bb__slab_events_init(&m->events, BB_EV_TRANSACTIONS + 1);
  bb__slab_conns_init(&m->conns, BB_EV_TRANSACTIONS);
}

void bb_ev_manual_run(bb_ev_manual_t *m) {
  bb_ev_poll_t *poll = &m->poll;
  bb_ev_list_t needs_process = bb_ev_list();
  bb_ev_object_t listener = bb_ev_listener(m->stats);
  bb_ev_register(poll, &listener, 0, BB_EV_READABLE);
  bool can_accept = true;
  uint32_t accept_left = BB_EV_TRANSACTIONS;
  for (;;) {
    while (accept_left > 0 && can_accept) {
      bb_ev_object_t stream;
      if (bb_ev_blocked(bb_ev_accept(&listener, &stream, false))) {
        can_accept = false;
        continue;
      }
      accept_left--;
      /* The connection is built by value, its buffer zeroed, and moved into the slab in its
       * node. */
      bb__conn_node_t c = {
          .conn = {.stream = stream, .can_read = true, .can_write = true, .state = BB__RECEIVING}};
      BB_EV_COUNT(bytes_zeroed, sizeof c.conn.buf);
      bb_escape(&c);
      uint64_t key = bb__slab_conns_insert(&m->conns, c);
      BB_EV_COUNT(bytes_moved, sizeof c.conn);
      bb__conn_t *in = &bb__slab_conns_at(&m->conns, key)->conn; /* &mut conns[key].value */
      bb_ev_register(poll, &in->stream, key + 1, BB_EV_READABLE | BB_EV_WRITABLE);
      bb__slab_conns_push_back(&needs_process, &m->conns, key);
    }
    for (bb_ev_opt_t next = needs_process.head; next.some; next = needs_process.head) {
      uint64_t key = next.value;
      bb__slab_conns_list_remove(&needs_process, &m->conns, key);
      bb__conn_t *c = &bb__slab_conns_at(&m->conns, key)->conn;
      if (bb__conn_process(c)) {
        bb_ev_unregister(poll, &c->stream);
        bb__conn_node_t gone = bb__slab_conns_remove(&m->conns, key);
        bb_ev_stream_drop(&gone.conn.stream, false);
      }
    }
    if (accept_left == 0 && m->conns.len == 0) break;
    bb_ev_poll(poll, &m->events);
    BB_EV_SLAB_EACH(const bb__slab_events_entry_t, ev, &m->events) {
      const bb_ev_event_t *e = &ev->value;
      if (e->token == 0) {
        can_accept = true;
        continue;
      }
      uint64_t key = e->token - 1;
      bb__conn_t *c = &bb__slab_conns_at(&m->conns, key)->conn;
      bool do_process = false;
      if (e->ready & BB_EV_READABLE) c->can_read = do_process = true;
      if (e->ready & BB_EV_WRITABLE) c->can_write = do_process = true;
      if (do_process) {
        bb__slab_conns_list_remove(&needs_process, &m->conns, key);
        bb__slab_conns_push_back(&needs_process, &m->conns, key);
      }
    }
  }
  bb_ev_unregister(poll, &listener);
}

size_t bb_ev_manual_bytes(void) { return sizeof(bb_ev_manual_t); }
size_t bb_ev_manual_conn_bytes(void) { return sizeof(bb__conn_t); }
