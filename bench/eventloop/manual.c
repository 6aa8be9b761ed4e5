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

/* Made once, outside the timed iterations, as RunManual::new is: the poller and the events' and
 * connections' slabs with the original's capacities. */
struct bb_ev_manual_s {
  bb_ev_stats_t *stats;
  bb_ev_poll_t poll;
  bb_ev_events_t events;
  bb_ev_slab_t conns;
  bb_ev_node_t nodes[BB_EV_SLAB_CAP];
  bb__conn_t conn[BB_EV_SLAB_CAP];
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
  bb_ev_slab_init(&m->events.slab, BB_EV_TRANSACTIONS + 1);
  bb_ev_slab_init(&m->conns, BB_EV_TRANSACTIONS);
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
      /* The connection is built by value, its buffer zeroed, and moved into the slab. */
      bb__conn_t c = {
          .stream = stream, .can_read = true, .can_write = true, .state = BB__RECEIVING};
      BB_EV_COUNT(bytes_zeroed, sizeof c.buf);
      uint64_t key = bb_ev_slab_insert(&m->conns);
      bb_escape(&c);
      memcpy(&m->conn[key], &c, sizeof c);
      BB_EV_COUNT(bytes_moved, sizeof c);
      m->nodes[key] = (bb_ev_node_t){{0, 0}, {0, 0}};
      bb_ev_slab_index(&m->conns, key); /* &mut conns[key].value */
      bb_ev_register(poll, &m->conn[key].stream, key + 1, BB_EV_READABLE | BB_EV_WRITABLE);
      bb_ev_list_push_back(&needs_process, &m->conns, m->nodes, key);
    }
    for (bb_ev_opt_t next = needs_process.head; next.some; next = needs_process.head) {
      uint64_t key = next.value;
      bb_ev_list_remove(&needs_process, &m->conns, m->nodes, key);
      bb_ev_slab_index(&m->conns, key);
      if (bb__conn_process(&m->conn[key])) {
        bb_ev_unregister(poll, &m->conn[key].stream);
        bb_ev_stream_drop(&m->conn[key].stream, false);
        bb_ev_slab_remove(&m->conns, key);
      }
    }
    if (accept_left == 0 && m->conns.len == 0) break;
    bb_ev_poll(poll, &m->events);
    for (uint64_t i = 0; i < m->events.slab.entries; i++) {
      if (!m->events.slab.used[i]) continue;
      const bb_ev_event_t *e = &m->events.ev[i];
      if (e->token == 0) {
        can_accept = true;
        continue;
      }
      uint64_t key = e->token - 1;
      bb_ev_slab_index(&m->conns, key);
      bb__conn_t *c = &m->conn[key];
      bool do_process = false;
      if (e->ready & BB_EV_READABLE) c->can_read = do_process = true;
      if (e->ready & BB_EV_WRITABLE) c->can_write = do_process = true;
      if (do_process) {
        bb_ev_list_remove(&needs_process, &m->conns, m->nodes, key);
        bb_ev_list_push_back(&needs_process, &m->conns, m->nodes, key);
      }
    }
  }
  bb_ev_unregister(poll, &listener);
}

size_t bb_ev_manual_bytes(void) { return sizeof(bb_ev_manual_t); }
size_t bb_ev_manual_conn_bytes(void) { return sizeof(bb__conn_t); }
