/* The round trip that claim C5 sets boxing against, measured on this machine: one byte over TCP on
 * 127.0.0.1, client to server and back, with Nagle off. The server is a thread of the runner
 * (pinned to another CPU when there is one); each unit is one round trip, as a request-response
 * client would see it. The loopback is the cheapest TCP round trip there is: a real network's is
 * longer, so it bounds the claim's ratio from above. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>

#include "bb_cpu.h"
#include "bb_unit.h"

typedef struct bb__loopback_s {
  bb_unit_t head;
  int client, listener; /* the listener is the server thread's once it runs */
  pthread_t server;
} bb__loopback_t;

static void bb__nodelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* The server: accept one client, echo every byte until it closes. The listener is the server's:
 * it closes it once the client is in (the client must not, or accept could race the close). */
static void *bb__echo(void *arg) {
  bb__loopback_t *e = arg;
  bb_cpu_pin_helper();
  int fd = accept(e->listener, NULL, NULL);
  close(e->listener);
  if (fd < 0) return NULL;
  bb__nodelay(fd);
  char c;
  while (read(fd, &c, 1) == 1)
    if (write(fd, &c, 1) != 1) break;
  close(fd);
  return NULL;
}

static bool bb__loopback_open(bb__loopback_t *lb) {
  lb->client = -1;
  lb->listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof addr;
  if (lb->listener < 0 || bind(lb->listener, (struct sockaddr *)&addr, len) != 0 ||
      listen(lb->listener, 1) != 0 ||
      getsockname(lb->listener, (struct sockaddr *)&addr, &len) != 0)
    goto fail;
  if (pthread_create(&lb->server, NULL, bb__echo, lb) != 0) goto fail;
  lb->client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (lb->client < 0 || connect(lb->client, (struct sockaddr *)&addr, len) != 0) {
    if (lb->client >= 0) close(lb->client);
    lb->client = -1;
    shutdown(lb->listener, SHUT_RDWR); /* Wakes the server's accept, which then fails. */
    pthread_join(lb->server, NULL);
    return false;
  }
  bb__nodelay(lb->client);
  return true;
fail:
  if (lb->listener >= 0) close(lb->listener);
  return false;
}

static bool bb__run(bb_unit_t *u, uint64_t first, uint64_t n, double *ns) {
  (void)first;
  (void)ns;
  bb__loopback_t *lb = (bb__loopback_t *)u;
  char c = 'x';
  for (uint64_t i = 0; i < n; i++)
    if (write(lb->client, &c, 1) != 1 || read(lb->client, &c, 1) != 1 || c != 'x') return false;
  return true;
}

static void bb__close(bb_unit_t *u) {
  bb__loopback_t *lb = (bb__loopback_t *)u;
  close(lb->client); /* The server reads end-of-file and returns. */
  pthread_join(lb->server, NULL);
  free(lb);
}

static bb_unit_t *bb__open(const bb_unit_desc_t *d) {
  bb__loopback_t *lb = calloc(1, sizeof *lb);
  if (lb == NULL) return NULL;
  lb->head.desc = d;
  if (!bb__loopback_open(lb)) {
    free(lb);
    return NULL;
  }
  return &lb->head;
}

static const bb_unit_vtable_t bb__net_vt = {bb__open, bb__run, bb_unit_count_batch, bb__close};

size_t bb__net_units(bb_unit_desc_t *out, size_t max) {
  if (max == 0) return 0;
  bb_unit_desc_t d = bb_unit_desc(BB_SUITE_NET);
  d.variant = "tcp-loopback";
  snprintf(d.name, sizeof d.name, "net/%s", d.variant);
  d.requests = 1;
  d.syscalls = 2; /* the client's write and read; the server's are on its own thread */
  d.vt = &bb__net_vt;
  out[0] = d;
  return 1;
}
