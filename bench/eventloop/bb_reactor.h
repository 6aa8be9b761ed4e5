/* The async side of the fake network, as the original's future.rs: a reactor with a slab of
 * registrations (ready flag, bound waker) over the poller, the async listener and stream, and
 * their accept, read and write futures.
 *
 * An I/O future binds its task's waker at every poll (a clone, unless the same waker is bound
 * already), returns Pending while its object is not ready, and otherwise tries the operation: a
 * would-block clears the ready flag and returns Pending. Dropping the future unbinds the waker (a
 * drop). The reactor's poll marks every registration the poller names ready and takes and wakes
 * its waker. `rc` says whether the handles to the reactor and stats are Rc clones (the box
 * variants) or references (nonbox): every function is inlined with it constant. */
#ifndef BB_REACTOR_H
#define BB_REACTOR_H

#include "bb_fakeio.h"
#include "bb_future.h"

#define BB__EV_INLINE static inline __attribute__((always_inline))

typedef struct bb_ev_registration_s {
  bool ready, has_waker;
  bb_waker_t waker;
} bb_ev_registration_t;

typedef struct bb_ev_reactor_s {
  uint64_t refs; /* the Rc's strong count, in the box variants */
  bb_ev_slab_t regs;
  bb_ev_registration_t reg[BB_EV_SLAB_CAP];
  bb_ev_event_t events[BB_EV_SLAB_CAP];
  bb_ev_poll_t poll;
  uint32_t cap; /* registrations at most: the tasks' */
} bb_ev_reactor_t;

/* An object registered with the reactor: the object, and its registration's key (the original's
 * RegistrationHandle, which holds a clone of the reactor handle). */
typedef struct bb_ev_async_s {
  bb_ev_object_t io;
  uint32_t key;
} bb_ev_async_t;

static inline void bb_ev_reactor_init(bb_ev_reactor_t *r, bb_ev_stats_t *stats, uint32_t cap) {
  r->refs = 1;
  r->cap = cap;
  bb_ev_slab_clear(&r->regs);
  bb_ev_poll_init(&r->poll, stats, BB_EV_POLL_CAP);
}

/* reactor.register(): a registration, the object with the poller, a handle (a reactor clone);
 * then, as AsyncFakeStream::new and AsyncFakeListener::new do, marked ready. */
BB__EV_INLINE void bb_ev_async_new(bb_ev_reactor_t *r, bb_ev_async_t *a, uint8_t interest,
                                   bool rc) {
  uint32_t key = bb_ev_slab_insert(&r->regs, r->cap);
  if (key == BB_EV_NONE) __builtin_trap();
  r->reg[key] = (bb_ev_registration_t){false, false, {0}};
  bb_ev_register(&r->poll, &a->io, key, interest);
  bb_ev_ref(&r->refs, rc);
  a->key = key;
  r->reg[key].ready = true;
}

/* A registration's waker dropped, if it holds one (Option<Waker>'s drop). */
BB__EV_INLINE void bb__ev_drop_waker(bb_ev_registration_t *reg) {
  if (reg->has_waker) {
    BB_EV_COUNT(waker_drops, 1);
    reg->waker.vt->drop(reg->waker.data);
  }
}

/* The async object's drop: unregistered from the poller, the object's own handle to the stats
 * dropped (a stream's), then the registration removed and its reactor handle dropped. */
BB__EV_INLINE void bb_ev_async_drop(bb_ev_reactor_t *r, bb_ev_async_t *a, bool stream, bool rc) {
  bb_ev_unregister(&r->poll, &a->io);
  if (stream) bb_ev_stream_drop(&a->io, rc);
  bb_ev_registration_t *reg = &r->reg[a->key];
  bb__ev_drop_waker(reg);
  bb_ev_slab_remove(&r->regs, a->key);
  bb_ev_unref(&r->refs, rc);
}

BB__EV_INLINE void bb_ev_bind_waker(bb_ev_reactor_t *r, const bb_ev_async_t *a,
                                    const bb_waker_t *w) {
  bb_ev_registration_t *reg = &r->reg[a->key];
  if (reg->has_waker && reg->waker.vt == w->vt && reg->waker.data == w->data)
    return; /* will_wake */
  bb_waker_t fresh = w->vt->clone(w->data);
  BB_EV_COUNT(waker_clones, 1);
  bb__ev_drop_waker(reg);
  reg->waker = fresh;
  reg->has_waker = true;
}

/* An I/O future's drop. */
BB__EV_INLINE void bb_ev_unbind_waker(bb_ev_reactor_t *r, const bb_ev_async_t *a) {
  bb_ev_registration_t *reg = &r->reg[a->key];
  bb__ev_drop_waker(reg);
  reg->has_waker = false;
}

/* An I/O future's poll around one operation, op() returning BB_EV_WOULD_BLOCK or a result. */
#define BB_EV_IO_POLL(r, a, cx, result, op)                                                        \
  (bb_ev_bind_waker((r), (a), (cx)->waker), !(r)->reg[(a)->key].ready ? BB_PENDING                 \
                                            : ((result) = (op)) == BB_EV_WOULD_BLOCK               \
                                                ? ((r)->reg[(a)->key].ready = false, BB_PENDING)   \
                                                : BB_READY)

/* accept() on the async listener: the new stream registered (with a clone of the reactor handle
 * passed in, and dropped when registered, as AsyncFakeStream::new(stream, reactor.clone())). */
BB__EV_INLINE bb_poll_t bb_ev_accept_poll(bb_ev_reactor_t *r, bb_ev_async_t *l, bb_ev_async_t *out,
                                          bb_context_t *cx, bool rc) {
  int got;
  if (BB_EV_IO_POLL(r, l, cx, got, bb_ev_accept(&l->io, &out->io, rc)) == BB_PENDING)
    return BB_PENDING;
  bb_ev_ref(&r->refs, rc);
  bb_ev_async_new(r, out, BB_EV_READABLE | BB_EV_WRITABLE, rc);
  bb_ev_unref(&r->refs, rc);
  return BB_READY;
}

/* The reactor's poll: every registration the poller names is ready, its waker taken and woken. */
BB__EV_INLINE void bb_ev_reactor_poll(bb_ev_reactor_t *r) {
  uint32_t n = bb_ev_poll(&r->poll, r->events);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t key = r->events[i].token;
    if (key >= r->regs.top || !r->regs.used[key]) continue;
    bb_ev_registration_t *reg = &r->reg[key];
    reg->ready = true;
    if (!reg->has_waker) continue;
    reg->has_waker = false;
    BB_EV_COUNT(wakes, 1);
    BB_EV_COUNT(waker_drops, 1);
    reg->waker.vt->wake(reg->waker.data);
  }
}

#endif
