/* The async side of the fake network, as the original's future.rs: a reactor with a slab of
 * registrations (ready flag, bound waker) over the poller, the async listener and stream, and
 * their accept, read and write futures.
 *
 * An I/O future is a value the task keeps (a reference to its object, and the buffer's slice);
 * its poll, a call of its own as in the code rustc makes, binds the task's waker (a clone, unless
 * the same waker is bound already), returns Pending while its object is not ready, and otherwise
 * tries the operation: a would-block clears the ready flag and returns Pending. Dropping the
 * future unbinds the waker (a drop). Every one of these reaches the reactor through the handle's
 * reference to it and borrows its RefCell. The reactor's poll marks every registration the poller
 * names ready and takes and wakes its waker. `rc` says whether the handles to the reactor and
 * stats are Rc clones (the box variants) or references (nonbox). */
#ifndef BB_REACTOR_H
#define BB_REACTOR_H

#include "bb_fakeio.h"
#include "bb_future.h"

#define BB__EV_INLINE static inline __attribute__((always_inline))

typedef struct bb_ev_registration_s {
  bool ready, has_waker; /* has_waker: the Option<Waker>'s tag */
  bb_waker_t waker;
} bb_ev_registration_t;
BB_EV_SLAB(bb__slab_regs, bb_ev_registration_t)

/* The reactor: its data (registrations and the events' slab) in a RefCell, and the poller. */
typedef struct bb_ev_reactor_s {
  uint64_t refs; /* the Rc's strong count, in the box variants */
  int64_t borrow;
  bb__slab_regs_t regs;
  bb_ev_events_t events;
  bb_ev_poll_t poll;
} bb_ev_reactor_t;

/* An object registered with the reactor: the object, and its RegistrationHandle (the reactor
 * handle, a reference or an Rc clone, and the registration's key). */
typedef struct bb_ev_async_s {
  bb_ev_object_t io;
  bb_ev_reactor_t *reactor;
  uint64_t key;
} bb_ev_async_t;

/* The original's capacities: registrations CONNS_MAX + 1, the events and the poller 128. */
static inline void bb_ev_reactor_init(bb_ev_reactor_t *r, bb_ev_stats_t *stats, uint32_t cap) {
  r->refs = 1;
  r->borrow = 0;
  bb__slab_regs_init(&r->regs, cap);
  bb__slab_events_init(&r->events, BB_EV_POLL_CAP);
  bb_ev_poll_init(&r->poll, stats, BB_EV_POLL_CAP);
}

/* std's Waker, whose clone, wake and drop each call through the waker's vtable. */
BB__EV_INLINE bb_waker_t bb_ev_waker_clone(const bb_waker_t *w) {
  BB_EV_COUNT(waker_clones, 1);
  return w->vt->clone(w->data);
}
BB__EV_INLINE void bb_ev_waker_drop(const bb_waker_t *w) {
  BB_EV_COUNT(waker_drops, 1);
  w->vt->drop(w->data);
}
BB__EV_INLINE void bb_ev_waker_wake(const bb_waker_t *w) {
  BB_EV_COUNT(wakes, 1);
  BB_EV_COUNT(waker_drops, 1);
  w->vt->wake(w->data);
}

/* An Option<Waker> dropped: the Waker's drop, if it holds one. */
BB__EV_INLINE void bb__ev_drop_waker(bb_ev_registration_t *reg) {
  if (reg->has_waker) bb_ev_waker_drop(&reg->waker);
}

/* FakeReactorRef::register: a registration (not ready, no waker), the object registered with the
 * poller, and the handle: a clone of the reactor handle and the key. */
BB__EV_INLINE void bb_ev_reactor_register(bb_ev_reactor_t *r, bb_ev_async_t *a, uint8_t interest,
                                          bool rc) {
  bb_ev_borrow_mut(&r->borrow);
  BB_EV_CHECK(r->regs.len != r->regs.cap); /* Err(WriteZero), unwrapped */
  uint64_t key = bb__slab_regs_insert(&r->regs, (bb_ev_registration_t){false, false, {0}});
  bb_ev_register(&r->poll, &a->io, key, interest);
  bb_ev_release_mut(&r->borrow);
  bb_ev_ref(&r->refs, rc);
  a->reactor = r;
  a->key = key;
}

/* RegistrationHandle's drop: the registration removed (its Option<Waker> dropped), then the
 * handle's reactor handle. */
BB__EV_INLINE void bb_ev_reactor_deregister(bb_ev_async_t *a, bool rc) {
  bb_ev_reactor_t *r = a->reactor;
  bb_ev_borrow_mut(&r->borrow);
  bb_ev_registration_t reg = bb__slab_regs_remove(&r->regs, a->key);
  bb__ev_drop_waker(&reg);
  bb_ev_release_mut(&r->borrow);
  bb_ev_unref(&r->refs, rc);
}

/* FakeReactor::unregister: the poller's. */
BB__EV_INLINE void bb_ev_reactor_unregister(bb_ev_reactor_t *r, bb_ev_object_t *o) {
  bb_ev_unregister(&r->poll, o);
}

BB__EV_INLINE void bb__ev_set_ready(const bb_ev_async_t *a, bool ready) {
  bb_ev_reactor_t *r = a->reactor;
  bb_ev_borrow_mut(&r->borrow);
  bb__slab_regs_at(&r->regs, a->key)->ready = ready;
  bb_ev_release_mut(&r->borrow);
}

BB__EV_INLINE bool bb__ev_is_ready(const bb_ev_async_t *a) {
  bb_ev_reactor_t *r = a->reactor;
  bb_ev_borrow(&r->borrow);
  bool ready = bb__slab_regs_at(&r->regs, a->key)->ready;
  bb_ev_release(&r->borrow);
  return ready;
}

/* AsyncFakeStream::new, AsyncFakeListener::new: registered, the result unwrapped, and the
 * registration set ready. */
BB__EV_INLINE void bb_ev_async_new(bb_ev_reactor_t *r, bb_ev_async_t *a, uint8_t interest,
                                   bool rc) {
  bb_ev_reactor_register(r, a, interest, rc);
  bb__ev_set_ready(a, true);
}

/* The async object's drop: the reactor (through the handle) unregisters the object from the
 * poller; then its fields drop: the object (a stream's handle to the stats), and the
 * RegistrationHandle. */
BB__EV_INLINE void bb_ev_async_drop(bb_ev_async_t *a, bool stream, bool rc) {
  bb_ev_reactor_unregister(a->reactor, &a->io);
  if (stream) bb_ev_stream_drop(&a->io, rc);
  bb_ev_reactor_deregister(a, rc);
}

/* RegistrationHandle::bind_waker: kept if it will wake the same task (data and vtable equal),
 * else the new one cloned in and the old one dropped. */
BB__EV_INLINE void bb_ev_bind_waker(const bb_ev_async_t *a, const bb_waker_t *w) {
  bb_ev_reactor_t *r = a->reactor;
  bb_ev_borrow_mut(&r->borrow);
  bb_ev_registration_t *reg = bb__slab_regs_at(&r->regs, a->key);
  if (reg->has_waker && reg->waker.vt == w->vt && reg->waker.data == w->data) {
    bb_ev_release_mut(&r->borrow);
    return;
  }
  bb_waker_t fresh = bb_ev_waker_clone(w);
  bb__ev_drop_waker(reg);
  reg->waker = fresh;
  reg->has_waker = true;
  bb_ev_release_mut(&r->borrow);
}

/* RegistrationHandle::unbind_waker, what an I/O future's drop does: the waker set to None (the
 * old one dropped). */
BB__EV_INLINE void bb_ev_unbind_waker(const bb_ev_async_t *a) {
  bb_ev_reactor_t *r = a->reactor;
  bb_ev_borrow_mut(&r->borrow);
  bb_ev_registration_t *reg = bb__slab_regs_at(&r->regs, a->key);
  bb__ev_drop_waker(reg);
  reg->has_waker = false;
  bb_ev_release_mut(&r->borrow);
}

/* The I/O futures as the task keeps them: a reference to the object and the buffer's slice. */
typedef struct bb_ev_io_fut_s {
  bb_ev_async_t *s;
  uint8_t *buf;
  size_t len;
} bb_ev_io_fut_t;

/* Poll<Result<usize, io::Error>>: pending, or ready with the result. */
typedef struct bb_ev_io_poll_s {
  bool pending;
  bb_ev_result_t result;
} bb_ev_io_poll_t;

/* An I/O future's poll around one operation's result (the operation made only when the
 * registration is ready). */
#define BB__EV_IO_POLL(a, cx, op)                                                                  \
  do {                                                                                             \
    bb_ev_bind_waker((a), (cx)->waker);                                                            \
    if (!bb__ev_is_ready(a)) return (bb_ev_io_poll_t){true, {0, 0}};                               \
    bb_ev_result_t res = (op);                                                                     \
    if (bb_ev_blocked(res)) {                                                                      \
      bb__ev_set_ready((a), false);                                                                \
      return (bb_ev_io_poll_t){true, {0, 0}};                                                      \
    }                                                                                              \
    return (bb_ev_io_poll_t){false, res};                                                          \
  } while (0)

/* ReadFuture::poll and WriteFuture::poll. */
static __attribute__((noinline, unused)) bb_ev_io_poll_t bb_ev_read_poll(bb_ev_io_fut_t *f,
                                                                         bb_context_t *cx) {
  BB__EV_IO_POLL(f->s, cx, bb_ev_read(&f->s->io, f->buf, f->len));
}
static __attribute__((noinline, unused)) bb_ev_io_poll_t bb_ev_write_poll(bb_ev_io_fut_t *f,
                                                                          bb_context_t *cx) {
  BB__EV_IO_POLL(f->s, cx, bb_ev_write(&f->s->io, f->buf, f->len));
}

/* AcceptFuture::poll: the new stream registered (with a clone of the reactor handle passed in and
 * dropped once registered: AsyncFakeStream::new(stream, reactor.clone())) into *out. */
static __attribute__((noinline, unused)) bb_ev_io_poll_t
bb_ev_accept_poll(bb_ev_async_t *l, bb_ev_async_t *out, bb_context_t *cx, bool rc) {
  bb_ev_bind_waker(l, cx->waker);
  if (!bb__ev_is_ready(l)) return (bb_ev_io_poll_t){true, {0, 0}};
  bb_ev_result_t res = bb_ev_accept(&l->io, &out->io, rc);
  if (bb_ev_blocked(res)) {
    bb__ev_set_ready(l, false);
    return (bb_ev_io_poll_t){true, {0, 0}};
  }
  bb_ev_reactor_t *r = l->reactor;
  bb_ev_ref(&r->refs, rc);
  bb_ev_async_new(r, out, BB_EV_READABLE | BB_EV_WRITABLE, rc);
  bb_ev_unref(&r->refs, rc);
  return (bb_ev_io_poll_t){false, res};
}

/* FakeReactor::poll (the executor's park): the poller fills the events; every registration an
 * event names is ready, its waker taken and woken by value. */
BB__EV_INLINE void bb_ev_reactor_poll(bb_ev_reactor_t *r) {
  bb_ev_borrow_mut(&r->borrow);
  bb_ev_poll(&r->poll, &r->events);
  BB_EV_SLAB_EACH(const bb__slab_events_entry_t, e, &r->events) {
    bb_ev_registration_t *reg = bb__slab_regs_get(&r->regs, e->value.token);
    if (reg == NULL) continue;
    reg->ready = true;
    if (!reg->has_waker) continue;
    reg->has_waker = false; /* take() */
    bb_ev_waker_wake(&reg->waker);
  }
  bb_ev_release_mut(&r->borrow);
}

#endif
