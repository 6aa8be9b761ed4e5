/* The fake network of the event-loop port, as the original's fakeio.rs and the statistics of its
 * run.rs: a listener that hands out streams, streams that read one request line and take one
 * response, and a poller (Mio's Poll) over a slab of registrations, all in memory.
 *
 * Every operation counts itself in the statistics, and with syscalls on every count also reads one
 * byte from an empty non-blocking pipe (a real kernel entry that fails with EAGAIN): register,
 * unregister and poll as well as accept, read and write. The busy-wait control spins instead, as
 * long as that read takes on this machine (calibrated once per process), without entering the
 * kernel: the two differ only in the kernel entry. Every accept, read and write would block
 * on its odd-numbered call and succeeds on the even one (a stream's reads and writes share one
 * call count), and every poll reports every registered object with its whole interest. */
#ifndef BB_FAKEIO_H
#define BB_FAKEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "bb_evslab.h"

#define BB_EV_TRANSACTIONS 256 /* request/response transactions per iteration */
#define BB_EV_POLL_CAP 128     /* the reactor's poller and events capacity, as the original's */
#define BB_EV_READ_BYTES 12    /* "hello world\n", what every successful read delivers */

/* The original's statistics, every one an increment that makes a syscall when they are on. */
#define BB_EV_STATS(X) X(register_) X(unregister) X(poll) X(accept) X(read) X(write)
typedef struct bb_ev_stats_s {
#define BB__FIELD(name) uint64_t name;
  BB_EV_STATS(BB__FIELD)
#undef BB__FIELD
  int64_t borrow;       /* the RefCell's flag around the statistics */
  int io;               /* what a count does besides counting (bb_ev_io_t) */
  int pipe_rd, pipe_wr; /* the empty pipe, or -1: no syscalls (the Option of the original) */
  uint64_t spin;        /* busy-wait steps per count, or 0 */
  uint64_t refs;        /* the Rc's strong count, where the variant shares the stats by Rc */
  uint64_t written;     /* bytes the streams took: every response, for the check */
} bb_ev_stats_t;

/* What the port does, per kind, counted only in the test build (BB_EV_COUNTERS), never in a
 * measured binary; bb_eventloop.h gives the counts each variant must reach. */
#define BB_EV_COUNTERS(X)                                                                          \
  X(syscalls)          /* read() on the empty pipe */                                              \
  X(spins)             /* busy waits in place of that read (the control) */                        \
  X(task_polls)        /* polls of a task's top-level future */                                    \
  X(indirect_polls)    /* ... of them through a dyn Future vtable */                               \
  X(indirect_calls)    /* other calls through a pointer: the spawner, a strong-count closure */    \
  X(waker_clones)      /* Waker::clone through its vtable */                                       \
  X(waker_drops)       /* Waker drops through its vtable (a wake by value included) */             \
  X(wakes)             /* wakes by value, by the reactor */                                        \
  X(upgrades)          /* Weak<Tasks>::upgrade in a wake */                                        \
  X(thread_checks)     /* the checked Rc's is-this-my-thread look-ups */                           \
  X(waker_refs)        /* plain (Rc or cell) count changes of wakers */                            \
  X(waker_atomic_refs) /* atomic count changes of wakers (Arc) */                                  \
  X(task_refs)         /* count changes of the executor's Rc<Tasks> by upgrades */                 \
  X(shared_refs)       /* count changes of the Rc handles to stats, reactor and executor */        \
  X(bytes_zeroed)      /* request buffers zeroed ([0; N]) */                                       \
  X(bytes_moved)       /* futures and connections moved into their storage */                      \
  X(bytes_read)        /* request bytes copied into buffers */

typedef struct bb_ev_counted_s {
#define BB__FIELD(name) uint64_t name;
  BB_EV_COUNTERS(BB__FIELD)
#undef BB__FIELD
} bb_ev_counted_t;

#ifdef BB_EV_COUNTING
extern bb_ev_counted_t bb_ev_counted;
#define BB_EV_COUNT(field, n) (bb_ev_counted.field += (uint64_t)(n))
#else
#define BB_EV_COUNT(field, n) ((void)0)
#endif

/* What a variant does at every statistics count: nothing more, a syscall (the original's +syscalls
 * variants), or, as a control the original does not have, a busy wait as long as that syscall. */
#define BB_EV_IOS(X)                                                                               \
  X(NONE, "")                                                                                      \
  X(SYSCALL, "; a read() on an empty pipe at every statistics count")                              \
  X(SPIN, "; at every statistics count a busy wait as long as a read() on an empty pipe (a "       \
          "control without the kernel entry)")

typedef enum bb_ev_io_e {
#define BB__ENUM(id, what) BB_EV_IO_##id,
  BB_EV_IOS(BB__ENUM)
#undef BB__ENUM
} bb_ev_io_t;

bool bb_ev_stats_open(bb_ev_stats_t *s, bb_ev_io_t io);
void bb_ev_stats_close(bb_ev_stats_t *s);

/* n steps of a loop the compiler must keep, each a dependent register operation: no memory, no
 * call, no kernel entry. */
static inline void bb_ev_spin(uint64_t n) {
  for (uint64_t i = 0; i < n; i++) __asm__ volatile("" : "+r"(i));
}

/* A statistics count (Stats::inc, a call in the original's code): the RefCell borrowed, then with
 * syscalls on a read() of one byte from the empty pipe, which must fail (EAGAIN: a pipe that held
 * data would make it a different call), then the metric. */
BB_EV_NOINLINE void bb_ev_inc(bb_ev_stats_t *s, uint64_t *metric);

/* An Rc handle's clone and drop where the variant shares by Rc (rc), nothing where by reference. */
static inline void bb_ev_ref(uint64_t *refs, bool rc) {
  if (rc) {
    (*refs)++;
    BB_EV_COUNT(shared_refs, 1);
  }
}
static inline void bb_ev_unref(uint64_t *refs, bool rc) {
  if (rc) {
    (*refs)--;
    BB_EV_COUNT(shared_refs, 1);
  }
}

enum { BB_EV_READABLE = 1, BB_EV_WRITABLE = 2 };

/* io::Error as std packs it in a word: the low two bits a tag, a simple error's kind above bit
 * 32. The fake network makes only simple errors (WouldBlock); kind() and the drop decode the tag
 * as std's do, and are calls, as in the original's code. */
typedef uint64_t bb_ev_ioerr_t;
enum { BB_EV_ERR_SIMPLE = 3, BB_EV_KIND_WOULD_BLOCK = 13, BB_EV_KINDS = 41 };
static inline bb_ev_ioerr_t bb_ev_ioerr(uint64_t kind) { return (kind << 32) | BB_EV_ERR_SIMPLE; }
BB_EV_NOINLINE uint64_t bb_ev_ioerr_kind(bb_ev_ioerr_t e);
BB_EV_NOINLINE void bb_ev_ioerr_drop(bb_ev_ioerr_t e);

/* Result<usize, io::Error>. */
typedef struct bb_ev_result_s {
  uint64_t err;
  uint64_t value; /* the size, or the error */
} bb_ev_result_t;
static inline bb_ev_result_t bb_ev_ok(uint64_t v) { return (bb_ev_result_t){0, v}; }
static inline bb_ev_result_t bb_ev_would_block(void) {
  return (bb_ev_result_t){1, bb_ev_ioerr(BB_EV_KIND_WOULD_BLOCK)};
}
/* `Err(e) if e.kind() == WouldBlock`: the error's kind asked, and the error dropped. */
static inline bool bb_ev_blocked(bb_ev_result_t r) {
  if (!r.err) return false;
  bool would_block = bb_ev_ioerr_kind(r.value) == BB_EV_KIND_WOULD_BLOCK;
  BB_EV_CHECK(would_block); /* unreachable!() */
  bb_ev_ioerr_drop(r.value);
  return true;
}

/* A listener or stream: its registration with the poller (a Cell<Option<usize>>), its call count
 * (a RefCell in the listener), its handle to the stats. */
typedef struct bb_ev_object_s {
  bb_ev_opt_t poll_index;
  int64_t calls_borrow;
  uint64_t calls;
  bb_ev_stats_t *stats;
} bb_ev_object_t;

static inline bb_ev_object_t bb_ev_listener(bb_ev_stats_t *stats) {
  return (bb_ev_object_t){{0, 0}, 0, 0, stats};
}

/* FakeListener::accept: the count's RefCell borrowed mutably to add, then again to read; a new
 * stream in *out holding a clone of the stats handle. */
static inline bb_ev_result_t bb_ev_accept(bb_ev_object_t *l, bb_ev_object_t *out, bool rc) {
  bb_ev_inc(l->stats, &l->stats->accept);
  bb_ev_borrow_mut(&l->calls_borrow);
  l->calls++;
  bb_ev_release_mut(&l->calls_borrow);
  bb_ev_borrow(&l->calls_borrow);
  bool odd = l->calls % 2 == 1;
  bb_ev_release(&l->calls_borrow);
  if (odd) return bb_ev_would_block();
  bb_ev_ref(&l->stats->refs, rc);
  *out = (bb_ev_object_t){{0, 0}, 0, 0, l->stats};
  return bb_ev_ok(0);
}

/* A stream's drop: its handle to the stats goes. */
static inline void bb_ev_stream_drop(bb_ev_object_t *s, bool rc) {
  bb_ev_unref(&s->stats->refs, rc);
}

/* FakeStream::read: "hello world\n" into buf, after asserting its room. */
static inline bb_ev_result_t bb_ev_read(bb_ev_object_t *s, uint8_t *buf, size_t len) {
  bb_ev_inc(s->stats, &s->stats->read);
  if (++s->calls % 2 == 1) return bb_ev_would_block();
  BB_EV_CHECK(len >= BB_EV_READ_BYTES);
  memcpy(buf, "hello world\n", BB_EV_READ_BYTES);
  BB_EV_COUNT(bytes_read, BB_EV_READ_BYTES);
  return bb_ev_ok(BB_EV_READ_BYTES);
}

static inline bb_ev_result_t bb_ev_write(bb_ev_object_t *s, const uint8_t *buf, size_t len) {
  (void)buf;
  bb_ev_inc(s->stats, &s->stats->write);
  if (++s->calls % 2 == 1) return bb_ev_would_block();
  s->stats->written += len;
  return bb_ev_ok(len);
}

/* A slab of events, (token, readiness), which the poller fills. */
typedef struct bb_ev_event_s {
  uint64_t token;
  uint8_t ready;
} bb_ev_event_t;
BB_EV_SLAB(bb__slab_events, bb_ev_event_t)
typedef bb__slab_events_t bb_ev_events_t;

/* The poller: a RefCell'd slab of (interest, token) per registered object. */
typedef struct bb_ev_item_s {
  uint8_t interest;
  uint64_t token;
} bb_ev_item_t;
BB_EV_SLAB(bb__slab_items, bb_ev_item_t)
typedef struct bb_ev_poll_s {
  bb_ev_stats_t *stats;
  int64_t borrow;
  bb__slab_items_t items;
} bb_ev_poll_t;

static inline void bb_ev_poll_init(bb_ev_poll_t *p, bb_ev_stats_t *stats, uint32_t cap) {
  p->stats = stats;
  p->borrow = 0;
  bb__slab_items_init(&p->items, cap);
}

/* Poll::register, ::unregister and ::poll, calls in the original's code: poll reports every
 * registered object with its whole interest, in key order, into the events' slab. */
BB_EV_NOINLINE void bb_ev_register(bb_ev_poll_t *p, bb_ev_object_t *o, uint64_t token,
                                   uint8_t interest);
BB_EV_NOINLINE void bb_ev_unregister(bb_ev_poll_t *p, bb_ev_object_t *o);
BB_EV_NOINLINE void bb_ev_poll(bb_ev_poll_t *p, bb_ev_events_t *events);

/* `buf[..len].contains(&b'\n')`: core's memchr, which for a slice this short is its naive loop,
 * byte by byte. */
static inline bool bb_ev_has_newline(const uint8_t *buf, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (buf[i] == '\n') return true;
  return false;
}

#endif
