#define _GNU_SOURCE
#include "bb_fakeio.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The requests the clients send, made once: reading one is a copy, as from a socket buffer. */
static struct {
  uint8_t len;
  char line[BB_EV_LINE_MAX];
} bb__requests[BB_EV_TRANSACTIONS];

bool bb_ev_net_open(bb_ev_net_t *net, bool syscalls) {
  for (unsigned k = 0; k < BB_EV_TRANSACTIONS; k++)
    bb__requests[k].len = (uint8_t)snprintf(bb__requests[k].line, BB_EV_LINE_MAX, "GET /%u\n", k);
  memset(net, 0, sizeof *net);
  net->pipe_rd = net->pipe_wr = -1;
  if (syscalls) {
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return false;
    net->pipe_rd = fds[0];
    net->pipe_wr = fds[1]; /* Kept open, so a read finds the pipe empty (EAGAIN), not closed. */
  }
  return true;
}

void bb_ev_net_close(bb_ev_net_t *net) {
  if (net->pipe_rd >= 0) close(net->pipe_rd);
  if (net->pipe_wr >= 0) close(net->pipe_wr);
  net->pipe_rd = net->pipe_wr = -1;
}

void bb_ev_net_reset(bb_ev_net_t *net) {
  int rd = net->pipe_rd, wr = net->pipe_wr;
  memset(net, 0, sizeof *net);
  net->pipe_rd = rd;
  net->pipe_wr = wr;
}

__attribute__((noreturn)) static void bb__broken(const char *what) {
  fprintf(stderr, "boxbench: event loop: %s\n", what);
  abort();
}

/* Where a real server would have entered the kernel. */
static inline void bb__io(bb_ev_net_t *net) {
  if (net->pipe_rd >= 0) {
    char c;
    if (read(net->pipe_rd, &c, 1) != -1) bb__broken("the empty pipe was not empty");
  }
}

static uint32_t bb__register(bb_ev_net_t *net, uint32_t conn) {
  for (uint32_t r = 0; r < BB_EV_MAX_REGS; r++) {
    if (!net->regs[r].used) {
      net->regs[r] = (bb_ev_reg_t){.used = true, .conn = conn};
      net->stats.register_++;
      return r;
    }
  }
  bb__broken("more objects in flight than registrations");
}

uint32_t bb_ev_listen(bb_ev_net_t *net) { return bb__register(net, UINT32_MAX); }

void bb_ev_close(bb_ev_net_t *net, uint32_t reg) {
  bb_ev_reg_t *r = &net->regs[reg];
  if (r->has_waker) r->waker.vt->drop(r->waker.data);
  r->used = false;
  r->has_waker = false;
  for (uint32_t i = 0; i < net->n_armed; i++) /* Armed readiness dies with the object. */
    if (net->armed[i] == reg) net->armed[i] = net->armed[--net->n_armed];
  net->stats.unregister++;
}

/* Try an operation that needs `want`: consume the readiness if it is there, else arm it for the
 * next poll and say the operation would block. */
static bool bb__ready(bb_ev_net_t *net, uint32_t reg, uint8_t want) {
  bb_ev_reg_t *r = &net->regs[reg];
  if (r->ready & want) {
    r->ready &= (uint8_t)~want;
    return true;
  }
  if (!r->armed) net->armed[net->n_armed++] = reg;
  r->armed |= want;
  return false;
}

int bb_ev_accept(bb_ev_net_t *net, uint32_t listener) {
  net->stats.accept++;
  bb__io(net);
  if (net->accepted == BB_EV_TRANSACTIONS) bb__broken("accept after the last connection");
  if (!bb__ready(net, listener, BB_EV_READABLE)) return BB_EV_WOULD_BLOCK;
  return (int)bb__register(net, net->accepted++);
}

int bb_ev_read(bb_ev_net_t *net, uint32_t stream, uint8_t *buf) {
  net->stats.read++;
  bb__io(net);
  if (!bb__ready(net, stream, BB_EV_READABLE)) return BB_EV_WOULD_BLOCK;
  uint32_t k = net->regs[stream].conn;
  memcpy(buf, bb__requests[k].line, BB_EV_LINE_MAX);
  return bb__requests[k].len;
}

static uint64_t bb__checksum(uint64_t sum, const uint8_t *buf, size_t len) {
  for (size_t i = 0; i < len; i++) sum = sum * 31 + buf[i];
  return sum;
}

int bb_ev_write(bb_ev_net_t *net, uint32_t stream, const uint8_t *buf, size_t len) {
  net->stats.write++;
  bb__io(net);
  if (!bb__ready(net, stream, BB_EV_WRITABLE)) return BB_EV_WOULD_BLOCK;
  net->served = bb__checksum(net->served, buf, len);
  return (int)len;
}

size_t bb_ev_poll(bb_ev_net_t *net, bb_ev_event_t *events) {
  net->stats.poll++;
  size_t n = net->n_armed;
  for (size_t i = 0; i < n; i++) {
    bb_ev_reg_t *r = &net->regs[net->armed[i]];
    r->ready |= r->armed;
    events[i] = (bb_ev_event_t){net->armed[i], r->armed};
    r->armed = 0;
  }
  net->n_armed = 0;
  if (n == 0) bb__broken("poll with nothing armed would sleep forever");
  return n;
}

size_t bb_ev_respond(uint8_t *buf, size_t len) {
  /* "GET /<n>\n" -> "200 <n>\n" */
  if (len < 6 || memcmp(buf, "GET /", 5) != 0) bb__broken("a malformed request");
  size_t digits = len - 6;
  memmove(buf + 4, buf + 5, digits + 1);
  memcpy(buf, "200 ", 4);
  return digits + 5;
}

uint64_t bb_ev_expected_served(void) {
  uint64_t sum = 0;
  for (unsigned k = 0; k < BB_EV_TRANSACTIONS; k++) {
    char line[BB_EV_LINE_MAX];
    int n = snprintf(line, sizeof line, "200 %u\n", k);
    sum = bb__checksum(sum, (const uint8_t *)line, (size_t)n);
  }
  return sum;
}
