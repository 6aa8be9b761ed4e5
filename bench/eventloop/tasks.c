/* The futures variants of the event-loop port: the server's tasks as futures, a single-threaded
 * executor, and wakers, specialised per variant.
 *
 * Two kinds of task: one accepts every connection and spawns a task for each; each connection's
 * task reads its request into a buffer it holds across its awaits, writes the response and closes.
 * In the one-type variants (nonbox, callerbox, box+callerbox) both kinds are one future type, the
 * task picked by an argument, as an executor generic over one F requires; in the box variants each
 * kind is its own type behind the dyn Future vtable, so the accept task's box is small.
 *
 * Every function below takes the variant's parameters as constants and is inlined into one
 * executor per variant (BB__INSTANCE), so each variant pays for its own choices only: a nonbox
 * task is polled by a direct call, a box task through its vtable.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_eventloop.h"

#define BB__MAX_TASKS BB_EV_MAX_REGS
#define BB__INLINE static inline __attribute__((always_inline))

enum { BB__ACCEPT, BB__CONN };

/* The async fn server_task(kind, ...). Its buffer is a local held across the read and the write,
 * so it lives in the future: BB_EV_SMALL or BB_EV_LARGE bytes follow the header. */
typedef struct bb__task_s {
  bb_resume_t state;
  uint8_t kind;
  uint32_t listener, accepted; /* accept */
  uint32_t stream, len;        /* connection */
  struct bb__exec_s *ex;       /* the spawner, captured by reference */
  _Alignas(16) uint8_t buf[];
} bb__task_t;

typedef struct bb__vts_s {
  bb_future_vtable_t accept, conn, forward;
} bb__vts_t;

typedef struct bb__slot_s {
  bool used, queued;
  uint32_t idx;
  void *fut; /* by value: in the executor's storage; otherwise the box */
  const bb_future_vtable_t *vt;
  bb_waker_t waker; /* the task's waker, as its polls see it */
  struct bb__exec_s *ex;
} bb__slot_t;

typedef struct bb__exec_s {
  bb_ev_net_t *net;
  const bb__vts_t *vts;
  uint32_t live, head, tail;
  uint32_t queue[BB__MAX_TASKS]; /* a ring: a task is queued at most once */
  bb__slot_t slots[BB__MAX_TASKS];
} bb__exec_t;

/* The one-type variants' task storage: a fixed array of F, as the executor's Vec<Option<F>>, its
 * stride the variant's future size. */
static _Alignas(64) uint8_t bb__storage[BB__MAX_TASKS * (sizeof(bb__task_t) + BB_EV_LARGE)];

__attribute__((noreturn)) static void bb__broken(const char *what) {
  fprintf(stderr, "boxbench: event loop executor: %s\n", what);
  abort();
}

/* ---- wakers ---- */

static void bb__schedule(bb__slot_t *s) {
  if (s->queued) return;
  s->queued = true;
  s->ex->queue[s->ex->tail++ % BB__MAX_TASKS] = s->idx;
}

/* plain: the waker is the slot's address, which does not move while the task lives. */
static const bb_waker_vtable_t bb__plain_vt;
static bb_waker_t bb__plain_clone(const void *d) { return (bb_waker_t){&bb__plain_vt, d}; }
static void bb__plain_wake(const void *d) { bb__schedule((bb__slot_t *)d); }
static void bb__plain_drop(const void *d) { (void)d; }
static const bb_waker_vtable_t bb__plain_vt = {bb__plain_clone, bb__plain_wake, bb__plain_wake,
                                               bb__plain_drop};

/* rc, chkrc, arc: a waker allocated apart from the task, freed with its last reference. One
 * struct serves the three; each kind touches only its own count. */
typedef struct bb__rc_s {
  uint32_t count;
  _Atomic uint32_t atomic_count;
  pthread_t owner;
  bb__slot_t *slot;
} bb__rc_t;

static inline void bb__rc_check(const bb__rc_t *rc) {
  if (!pthread_equal(rc->owner, pthread_self())) bb__broken("a checked Rc waker crossed threads");
}

#define BB__RC_WAKER(name, check, incr, decr_is_last)                                             \
  static const bb_waker_vtable_t bb__##name##_vt;                                                  \
  static bb_waker_t bb__##name##_clone(const void *d) {                                            \
    bb__rc_t *rc = (bb__rc_t *)d;                                                                  \
    check;                                                                                         \
    incr;                                                                                          \
    return (bb_waker_t){&bb__##name##_vt, d};                                                      \
  }                                                                                                \
  static void bb__##name##_drop(const void *d) {                                                   \
    bb__rc_t *rc = (bb__rc_t *)d;                                                                  \
    check;                                                                                         \
    if (decr_is_last) bb_dealloc(rc);                                                              \
  }                                                                                                \
  static void bb__##name##_wake_by_ref(const void *d) {                                            \
    bb__rc_t *rc = (bb__rc_t *)d;                                                                  \
    check;                                                                                         \
    bb__schedule(rc->slot);                                                                        \
  }                                                                                                \
  static void bb__##name##_wake(const void *d) {                                                   \
    bb__##name##_wake_by_ref(d);                                                                   \
    bb__##name##_drop(d);                                                                          \
  }                                                                                                \
  static const bb_waker_vtable_t bb__##name##_vt = {bb__##name##_clone, bb__##name##_wake,         \
                                                    bb__##name##_wake_by_ref, bb__##name##_drop};
BB__RC_WAKER(rc, (void)0, rc->count++, --rc->count == 0)
BB__RC_WAKER(chkrc, bb__rc_check(rc), rc->count++, --rc->count == 0)
BB__RC_WAKER(arc, (void)0, atomic_fetch_add_explicit(&rc->atomic_count, 1, memory_order_relaxed),
             atomic_fetch_sub_explicit(&rc->atomic_count, 1, memory_order_acq_rel) == 1)
#undef BB__RC_WAKER

BB__INLINE bb_waker_t bb__make_waker(bb__slot_t *s, bb_ev_waker_t kind) {
  if (kind == BB_EV_WAKER_PLAIN) return (bb_waker_t){&bb__plain_vt, s};
  bb__rc_t *rc = bb_alloc(sizeof *rc, _Alignof(bb__rc_t));
  rc->count = 1;
  atomic_init(&rc->atomic_count, 1);
  rc->owner = pthread_self();
  rc->slot = s;
  const bb_waker_vtable_t *vt = kind == BB_EV_WAKER_RC      ? &bb__rc_vt
                                : kind == BB_EV_WAKER_CHKRC ? &bb__chkrc_vt
                                                            : &bb__arc_vt;
  return (bb_waker_t){vt, rc};
}

/* ---- the I/O futures, awaited inline by the tasks ---- */

/* A would-block operation leaves a clone of the task's waker with the object, for the poller. */
static inline bb_poll_t bb__park(bb_ev_net_t *net, uint32_t reg, bb_context_t *cx) {
  bb_ev_reg_t *r = &net->regs[reg];
  if (r->has_waker) r->waker.vt->drop(r->waker.data);
  r->waker = cx->waker->vt->clone(cx->waker->data);
  r->has_waker = true;
  return BB_PENDING;
}

static inline bb_poll_t bb__accept_poll(bb_ev_net_t *net, bb__task_t *f, bb_context_t *cx) {
  int s = bb_ev_accept(net, f->listener);
  if (s == BB_EV_WOULD_BLOCK) return bb__park(net, f->listener, cx);
  f->stream = (uint32_t)s;
  return BB_READY;
}

static inline bb_poll_t bb__read_poll(bb_ev_net_t *net, bb__task_t *f, bb_context_t *cx) {
  int n = bb_ev_read(net, f->stream, f->buf);
  if (n == BB_EV_WOULD_BLOCK) return bb__park(net, f->stream, cx);
  f->len = (uint32_t)n;
  return BB_READY;
}

static inline bb_poll_t bb__write_poll(bb_ev_net_t *net, bb__task_t *f, bb_context_t *cx) {
  if (bb_ev_write(net, f->stream, f->buf, f->len) == BB_EV_WOULD_BLOCK)
    return bb__park(net, f->stream, cx);
  return BB_READY;
}

/* ---- spawning ---- */

BB__INLINE size_t bb__one_type_bytes(size_t buf) { return sizeof(bb__task_t) + buf; }

/* Move a task's future, built by value, to where the variant keeps it. */
BB__INLINE void bb__spawn(bb__exec_t *ex, const bb__task_t *fut, bb_ev_storage_t storage,
                          size_t buf, bb_ev_waker_t waker) {
  uint32_t i = 0;
  while (i < BB__MAX_TASKS && ex->slots[i].used) i++;
  if (i == BB__MAX_TASKS) bb__broken("more tasks in flight than slots");
  bb__slot_t *s = &ex->slots[i];
  s->used = true;
  s->queued = false;
  const size_t one = bb__one_type_bytes(buf);
  switch (storage) {
  case BB_EV_STORE_BYVAL:
    s->fut = bb__storage + i * one;
    memcpy(s->fut, fut, one);
    break;
  case BB_EV_STORE_CALLERBOX: /* Box::pin(fut) by the caller; the executor keeps Pin<Box<F>>. */
    s->fut = bb_alloc(one, _Alignof(bb__task_t));
    memcpy(s->fut, fut, one);
    break;
  case BB_EV_STORE_BOX: { /* Box::pin(fut) as Pin<Box<dyn Future>>: exactly this kind's size. */
    s->vt = fut->kind == BB__ACCEPT ? &ex->vts->accept : &ex->vts->conn;
    s->fut = bb_box_pin(fut, s->vt).ptr;
    break;
  }
  case BB_EV_STORE_BOX_CALLERBOX: { /* The caller's Pin<Box<F>>, boxed again as dyn Future. */
    void *inner = bb_alloc(one, _Alignof(bb__task_t));
    memcpy(inner, fut, one);
    s->vt = &ex->vts->forward;
    s->fut = bb_box_pin(&inner, s->vt).ptr;
    break;
  }
  case BB_EV_STORE_MANUAL:
    bb__broken("the manual variant has no tasks");
  }
  s->waker = bb__make_waker(s, waker);
  ex->live++;
  bb__schedule(s);
}

BB__INLINE void bb__spawn_task(bb__exec_t *ex, uint8_t kind, uint32_t handle,
                               bb_ev_storage_t storage, size_t buf, bb_ev_waker_t waker) {
  /* The future as the async fn call returns it: its arguments set, its buffer not yet written. */
  _Alignas(bb__task_t) uint8_t bytes[sizeof(bb__task_t) + BB_EV_LARGE];
  bb__task_t *f = (bb__task_t *)bytes;
  f->state = BB_RESUME_START;
  f->kind = kind;
  f->ex = ex;
  f->accepted = 0;
  f->listener = f->stream = handle;
  f->len = 0;
  bb_escape(f);
  bb__spawn(ex, f, storage, buf, waker);
}

/* ---- the task ---- */

BB__INLINE bb_poll_t bb__task_poll(bb__task_t *f, bb_context_t *cx, bb_ev_storage_t storage,
                                   size_t buf, bb_ev_waker_t waker) {
  bb_ev_net_t *net = f->ex->net;
  BB_RESUME_BEGIN(f->state)
  if (f->kind == BB__ACCEPT) {
    while (f->accepted < BB_EV_TRANSACTIONS) {
      BB_AWAIT(f->state, bb__accept_poll(net, f, cx));
      bb__spawn_task(f->ex, BB__CONN, f->stream, storage, buf, waker);
      f->accepted++;
    }
  } else {
    BB_AWAIT(f->state, bb__read_poll(net, f, cx));
    f->len = (uint32_t)bb_ev_respond(f->buf, f->len);
    BB_AWAIT(f->state, bb__write_poll(net, f, cx));
    bb_ev_close(net, f->stream);
  }
  BB_RETURN_READY(f->state);
  BB_RESUME_END(f->state)
}

/* A finished task has nothing left to drop; a box of boxes frees the inner one. */
static void bb__task_drop(void *self) { (void)self; }
static void bb__forward_drop(void *self) { bb_dealloc(*(void **)self); }

/* ---- the executor ---- */

BB__INLINE uint64_t bb__run(bb_ev_net_t *net, const bb__vts_t *vts, bb_ev_storage_t storage,
                            size_t buf, bb_ev_waker_t waker) {
  bb__exec_t ex;
  memset(&ex, 0, sizeof ex);
  ex.net = net;
  ex.vts = vts;
  for (uint32_t i = 0; i < BB__MAX_TASKS; i++) {
    ex.slots[i].idx = i;
    ex.slots[i].ex = &ex;
  }
  uint32_t listener = bb_ev_listen(net);
  bb__spawn_task(&ex, BB__ACCEPT, listener, storage, buf, waker);
  bb_ev_event_t events[BB_EV_MAX_REGS];
  for (;;) {
    while (ex.head != ex.tail) {
      bb__slot_t *s = &ex.slots[ex.queue[ex.head++ % BB__MAX_TASKS]];
      s->queued = false;
      bb_context_t cx = {&s->waker};
      uint64_t out;
      bb_poll_t r = storage == BB_EV_STORE_BYVAL || storage == BB_EV_STORE_CALLERBOX
                        ? bb__task_poll(s->fut, &cx, storage, buf, waker)
                        : s->vt->poll(s->fut, &cx, &out);
      if (r == BB_PENDING) continue;
      if (storage == BB_EV_STORE_CALLERBOX) bb_dealloc(s->fut);
      if (storage == BB_EV_STORE_BOX || storage == BB_EV_STORE_BOX_CALLERBOX)
        bb_box_drop((bb_box_t){s->fut, s->vt});
      s->waker.vt->drop(s->waker.data);
      s->used = false;
      ex.live--;
    }
    if (ex.live == 0) break;
    size_t n = bb_ev_poll(net, events);
    for (size_t i = 0; i < n; i++) {
      bb_ev_reg_t *r = &net->regs[events[i].reg];
      if (!r->has_waker) continue;
      bb_waker_t w = r->waker;
      r->has_waker = false;
      w.vt->wake(w.data);
    }
  }
  bb_ev_close(net, listener);
  return net->served;
}

/* One executor, poll function and set of vtables per variant. */
#define BB__INSTANCE(id, name, storage, buf, waker, syscalls)                                     \
  static bb_poll_t bb__poll_##id(void *self, bb_context_t *cx, uint64_t *out) {                   \
    (void)out;                                                                                     \
    return bb__task_poll(self, cx, storage, buf, waker);                                           \
  }                                                                                                \
  static bb_poll_t bb__forward_poll_##id(void *self, bb_context_t *cx, uint64_t *out) {           \
    (void)out;                                                                                     \
    return bb__task_poll(*(bb__task_t **)self, cx, storage, buf, waker);                           \
  }                                                                                                \
  static __attribute__((unused)) const bb__vts_t bb__vts_##id = {                                 \
      {bb__task_drop, sizeof(bb__task_t), _Alignof(bb__task_t), bb__poll_##id},                   \
      {bb__task_drop, sizeof(bb__task_t) + (buf), _Alignof(bb__task_t), bb__poll_##id},           \
      {bb__forward_drop, sizeof(void *), _Alignof(void *), bb__forward_poll_##id}};               \
  static __attribute__((unused)) uint64_t bb__run_##id(bb_ev_net_t *net) {                         \
    return bb__run(net, &bb__vts_##id, storage, buf, waker);                                       \
  }
BB_EV_VARIANTS(BB__INSTANCE) /* The manual rows' instances go unused. */
#undef BB__INSTANCE

const bb__ev_run_fn bb__ev_runs[BB_EV_VARIANT_COUNT] = {
#define BB__ROW(id, name, storage, buf, waker, syscalls)                                          \
  (storage) == BB_EV_STORE_MANUAL ? bb__ev_run_manual : bb__run_##id,
    BB_EV_VARIANTS(BB__ROW)
#undef BB__ROW
};
