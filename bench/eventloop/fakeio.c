/* The fake network's statistics: the pipe its syscalls read, and the test build's counters. */
#define _GNU_SOURCE
#include "bb_fakeio.h"

#include <fcntl.h>
#include <unistd.h>

#ifdef BB_EV_COUNTING
bb_ev_counted_t bb_ev_counted;
#endif

bool bb_ev_stats_open(bb_ev_stats_t *s, bool syscalls) {
  memset(s, 0, sizeof *s);
  s->pipe_rd = s->pipe_wr = -1;
  s->refs = 1;
  if (syscalls) {
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
