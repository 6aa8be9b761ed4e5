#define _GNU_SOURCE
#include "bb_perf.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
  const char *name;
  uint32_t type;
  uint64_t config;
} bb__events[] = {
#define BB__ROW(id, name, type, config) {name, type, config},
    BB_PERF_EVENTS(BB__ROW)
#undef BB__ROW
};

/* Why each event failed, once known: an event the kernel refused stays refused for the process. */
static int bb__refused[BB_PERF_COUNT];
static char bb__unavailable[512];

const char *bb_perf_name(bb_perf_event_t e) { return bb__events[e].name; }

static void bb__refuse(bb_perf_event_t e, int err) {
  bb__refused[e] = err;
  size_t len = strlen(bb__unavailable);
  snprintf(bb__unavailable + len, sizeof bb__unavailable - len, "%s%s (%s)", len ? "; " : "",
           bb__events[e].name, strerror(err));
}

void bb_perf_open(bb_perf_t *p) {
  /* BB_PERF=off refuses every event: how a test sees a machine with no counters at all. */
  const char *env = getenv("BB_PERF");
  bool off = env != NULL && strcmp(env, "off") == 0;
  for (int e = 0; e < BB_PERF_COUNT; e++) {
    p->fd[e] = -1;
    p->total[e] = 0;
    if (bb__refused[e]) continue;
    if (off) {
      bb__refuse((bb_perf_event_t)e, EACCES);
      continue;
    }
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = bb__events[e].type;
    attr.config = bb__events[e].config;
    attr.disabled = 1;
    attr.exclude_kernel =
        bb__events[e].type == PERF_TYPE_HARDWARE; /* Faults happen in the kernel. */
    attr.exclude_hv = 1;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0)
      bb__refuse((bb_perf_event_t)e, errno);
    else
      p->fd[e] = (int)fd;
  }
}

void bb_perf_start(bb_perf_t *p) {
  for (int e = 0; e < BB_PERF_COUNT; e++)
    if (p->fd[e] >= 0) {
      ioctl(p->fd[e], PERF_EVENT_IOC_RESET, 0);
      ioctl(p->fd[e], PERF_EVENT_IOC_ENABLE, 0);
    }
}

void bb_perf_stop(bb_perf_t *p) {
  for (int e = 0; e < BB_PERF_COUNT; e++)
    if (p->fd[e] >= 0) {
      ioctl(p->fd[e], PERF_EVENT_IOC_DISABLE, 0);
      uint64_t v;
      if (read(p->fd[e], &v, sizeof v) == (ssize_t)sizeof v) p->total[e] += v;
    }
}

void bb_perf_close(bb_perf_t *p) {
  for (int e = 0; e < BB_PERF_COUNT; e++)
    if (p->fd[e] >= 0) {
      close(p->fd[e]);
      p->fd[e] = -1;
    }
}

bool bb_perf_available(const bb_perf_t *p, bb_perf_event_t e) { return p->fd[e] >= 0; }

const char *bb_perf_unavailable(void) { return bb__unavailable; }
