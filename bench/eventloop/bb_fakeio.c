/* The fake network's statistics: the pipe its syscalls read, and the test build's counters. */
#define _GNU_SOURCE
#include "bb_fakeio.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "bb_timer.h"

#ifdef BB_EV_COUNTING
bb_ev_counted_t bb_ev_counted;
#endif

static int bb__cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of seven batches of what(fd, n), in ns per step: a batch the machine interrupted
 * lands at an end of the order, not in the median. */
static double bb__ns_per_step(void (*what)(int fd, uint64_t n), int fd, uint64_t n) {
  double each[7];
  what(fd, n / 8); /* A warm-up. */
  for (int i = 0; i < 7; i++) {
    uint64_t t0 = bb_now_ns();
    what(fd, n);
    each[i] = (double)(bb_now_ns() - t0) / (double)n;
  }
  qsort(each, 7, sizeof each[0], bb__cmp);
  return each[3];
}

static void bb__reads(int fd, uint64_t n) {
  char c;
  for (uint64_t i = 0; i < n; i++)
    if (read(fd, &c, 1) != -1) __builtin_trap();
}

static void bb__spins(int fd, uint64_t n) {
  (void)fd;
  bb_ev_spin(n);
}

/* Busy-wait steps as long as one read() on an empty pipe, measured once per process, so every
 * busy-wait variant of a process waits alike; 0 if the pipe cannot be made. */
static uint64_t bb__spin_steps(void) {
  static uint64_t steps;
  if (steps != 0) return steps;
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return 0;
  double read_ns = bb__ns_per_step(bb__reads, fds[0], 2000);
  close(fds[0]);
  close(fds[1]);
  double step_ns = bb__ns_per_step(bb__spins, -1, 1000000);
  steps = step_ns > 0 && read_ns > step_ns ? (uint64_t)(read_ns / step_ns + 0.5) : 1;
  return steps;
}

void bb_ev_inc(bb_ev_stats_t *s, uint64_t *metric) {
  bb_ev_borrow_mut(&s->borrow);
  /* One test, as the original's of its Option of pipe ends; the control's busy wait behind it. */
  if (s->io != BB_EV_IO_NONE) {
    if (s->pipe_rd >= 0) {
      char c;
      BB_EV_COUNT(syscalls, 1);
      if (read(s->pipe_rd, &c, 1) != -1) __builtin_trap();
    } else {
      BB_EV_COUNT(spins, 1);
      bb_ev_spin(s->spin);
    }
  }
  (*metric)++;
  bb_ev_release_mut(&s->borrow);
}

/* std's Error::kind: the tag decoded; a simple error's kind checked against the kinds there are
 * (kind_from_prim). The other tags are never made here. */
uint64_t bb_ev_ioerr_kind(bb_ev_ioerr_t e) {
  switch (e & 3) {
  case BB_EV_ERR_SIMPLE: {
    uint64_t kind = e >> 32;
    BB_EV_CHECK(kind < BB_EV_KINDS);
    return kind;
  }
  default:
    __builtin_trap();
  }
}

/* The drop of an io::Error: only a custom error (tag 1) owns a box to free; the fake network never
 * makes one. */
void bb_ev_ioerr_drop(bb_ev_ioerr_t e) {
  if ((e & 3) == 1) __builtin_trap();
}

void bb_ev_register(bb_ev_poll_t *p, bb_ev_object_t *o, uint64_t token, uint8_t interest) {
  bb_ev_inc(p->stats, &p->stats->register_);
  bb_ev_borrow_mut(&p->borrow);
  uint64_t i = bb__slab_items_insert(&p->items, (bb_ev_item_t){interest, token});
  bb_ev_release_mut(&p->borrow);
  o->poll_index = bb_ev_some(i);
}

void bb_ev_unregister(bb_ev_poll_t *p, bb_ev_object_t *o) {
  bb_ev_inc(p->stats, &p->stats->unregister);
  if (!o->poll_index.some) return;
  bb_ev_borrow_mut(&p->borrow);
  bb__slab_items_remove(&p->items, o->poll_index.value);
  bb_ev_release_mut(&p->borrow);
  o->poll_index.some = 0;
}

void bb_ev_poll(bb_ev_poll_t *p, bb_ev_events_t *events) {
  bb_ev_inc(p->stats, &p->stats->poll);
  bb__slab_events_clear(events);
  bb_ev_borrow(&p->borrow);
  BB_EV_SLAB_EACH(const bb__slab_items_entry_t, e, &p->items) {
    bb__slab_events_insert(events, (bb_ev_event_t){e->value.token, e->value.interest});
  }
  bb_ev_release(&p->borrow);
}

bool bb_ev_stats_open(bb_ev_stats_t *s, bb_ev_io_t io) {
  memset(s, 0, sizeof *s);
  s->pipe_rd = s->pipe_wr = -1;
  s->refs = 1;
  s->io = io;
  if (io == BB_EV_IO_SPIN && (s->spin = bb__spin_steps()) == 0) return false;
  if (io == BB_EV_IO_SYSCALL) {
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return false;
    s->pipe_rd = fds[0];
    s->pipe_wr = fds[1]; /* Kept open, so a read finds the pipe empty (EAGAIN), not closed. */
  }
  return true;
}

void bb_ev_stats_close(bb_ev_stats_t *s) {
  if (s->pipe_rd >= 0) close(s->pipe_rd);
  if (s->pipe_wr >= 0) close(s->pipe_wr);
  s->pipe_rd = s->pipe_wr = -1;
}
