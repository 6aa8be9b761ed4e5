/* The async variants of the event-loop port, as the original's executor.rs, waker.rs and run.rs:
 * the server's two tasks as futures, three executors and four kinds of waker.
 *
 *   ArgExecutor (nonbox, large+nonbox, callerbox): one future type F, the task picked by an
 *     argument; spawning goes through a Spawner (a call through a pointer) that writes F by value
 *     into the executor's fixed array, or (callerbox) a Box::pin(F) the caller made.
 *   BoxExecutor (box, box+callerbox, large+box): each task its own type, boxed once as a
 *     Pin<Box<dyn Future>>; the tasks share the executor, reactor and stats by Rc.
 *   BoxRcExecutor (box+rc, box+chkrc, box+arc): as BoxExecutor, with one waker per task slot
 *     allocated apart when the executor is built (an Rc, a thread-checked Rc or an Arc holding a
 *     weak reference to the tasks), and a strong-count closure per slot to check it at the end.
 *
 * The first two embed each slot's waker in the executor: a count in a cell, no allocation. Every
 * function below takes the variant's parameters as constants; where the code rustc makes of the
 * original calls a function (Tasks::wake, the spawners, listen's poll, the I/O futures' polls, the
 * list's insert), the port calls one too, and the rest is inlined into one executor per variant
 * (BB__INSTANCE), so each variant pays for its own choices only (bench/eventloop/README.md, "Held
 * to the original"). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bb_arena.h"
#include "bb_eventloop.h"
#include "bb_reactor.h"
#include "bb_reuse.h"

#define BB__INLINE static inline __attribute__((always_inline))
#define BB__TASKS (BB_EV_TRANSACTIONS + 1) /* tasks_max: CONNS_MAX + 1 */

typedef bb_ev_exec_t bb__kind_t;
#define BB__ARG BB_EV_EXEC_ARG
#define BB__BOX BB_EV_EXEC_BOX
#define BB__BOXRC BB_EV_EXEC_BOXRC
enum { BB__LISTEN, BB__CONN, BB__EITHER }; /* BB__EITHER: a poll that reads the future's kind */
/* Where BoxExecutor keeps a task: its own box, its slot's reusable box, the iteration's arena. */
typedef enum { BB__BOXED, BB__REUSED, BB__ARENA } bb__keep_t;
#define BB__KEEP(storage)                                                                          \
  ((storage) == BB_EV_STORE_BOX_REUSE   ? BB__REUSED                                               \
   : (storage) == BB_EV_STORE_BOX_ARENA ? BB__ARENA                                                \
                                        : BB__BOXED)

__attribute__((noreturn)) static void bb__broken(const char *what) {
  fprintf(stderr, "boxbench: event loop executor: %s\n", what);
  abort();
}

/* ---- the executor's tasks, what every waker wakes ---- */

typedef struct bb__exec_s bb__exec_t;

/* The embedded waker of a slot (the original's SharedWaker): a count, the tasks, the slot. */
typedef struct bb__shared_waker_s {
  uint64_t refs;
  bb__exec_t *ex;
  uint64_t task;
} bb__shared_waker_t;

/* The waker allocated apart (BoxRcExecutor's TaskWaker in an Rc or Arc): its counts, a weak
 * reference to the tasks, the slot and the thread that made it. */
typedef struct bb__task_waker_s {
  uint64_t strong;
  _Atomic uint64_t atomic_strong;
  bb__exec_t *ex;
  uint64_t task;
  uint64_t thread;
} bb__task_waker_t;

/* A task's slot (list.rs's Node of the executors' Task): its links, its embedded waker
 * (ArgExecutor, BoxExecutor), whether it is awake, and its future (the box executors'
 * Option<Pin<Box<dyn Future>>>: NULL is None), with the vtable of its own type beside it, as the
 * fat pointer keeps it: the listener's and the connections' tasks are polled through one call
 * site whose target alternates between their two poll functions, as the original's are. */
typedef struct bb__task_s {
  bb_ev_node_t node;
  bb__shared_waker_t waker;
  bool awake;
  void *fut;
  const bb_future_vtable_t *vt;
} bb__task_t;
BB_EV_SLAB(bb__slab_tasks, bb__task_t)
BB_EV_LIST(bb__slab_tasks)

/* A slot's strong-count closure (Box<dyn Fn() -> usize>), called through its pointer. */
typedef struct bb__strong_count_s {
  uint64_t (*call)(const struct bb__strong_count_s *self);
  const bb__task_waker_t *waker;
} bb__strong_count_t;

struct bb__exec_s {
  uint64_t refs;          /* Rc<Executor>'s strong count (box variants) */
  uint64_t tasks_rc;      /* Rc<Tasks>'s strong count, which a wake's upgrade raises and lowers */
  int64_t borrow;         /* the RefCell's flag around the tasks' slab and list */
  int64_t spawner_borrow; /* ... around the Spawner's data */
  bb_ev_stats_t *stats;
  bb_ev_reactor_t *reactor;
  bb__slab_tasks_t slab;
  bb_ev_list_t next;
  bb_waker_t wakers[BB_EV_SLAB_CAP]; /* BoxRcExecutor's, made when it is built */
  bb__strong_count_t *strong_counts[BB_EV_SLAB_CAP];
  bb_reusable_t sites[BB_EV_SLAB_CAP]; /* box+reuse: each slot's reusable box */
  bb_arena_t arena;                    /* box+arena: the iteration's tasks */
  const bb_future_vtable_t *vts[2];    /* each future type's vtable: the listener's, a conn's */
  uint8_t *futs;                       /* ArgExecutor's array of F, by value */
  size_t fut_bytes;
  /* The Spawner: the executor's spawn function behind a pointer, as the tasks see it. */
  void (*spawn_fn)(bb__exec_t *ex, uint8_t kind, const bb_ev_async_t *stream);
};

/* Tasks::wake, a call in the original's code: a task not yet awake is moved to the back of the
 * list of tasks to poll. */
static __attribute__((noinline)) void bb__tasks_wake(bb__exec_t *ex, uint64_t task) {
  bb_ev_borrow_mut(&ex->borrow);
  bb__task_t *t = bb__slab_tasks_at(&ex->slab, task);
  if (!t->awake) {
    t->awake = true;
    bb__slab_tasks_list_remove_call(&ex->next, &ex->slab, task);
    bb__slab_tasks_push_back(&ex->next, &ex->slab, task);
  }
  bb_ev_release_mut(&ex->borrow);
}

/* ---- the embedded waker ---- */

static const bb_waker_vtable_t bb__shared_vt;
/* Each of EmbedWaker's functions first turns its data pointer into a reference: as_ref().unwrap(),
 * a null check. */
static bb_waker_t bb__shared_clone(const void *d) {
  BB_EV_CHECK(d != NULL);
  ((bb__shared_waker_t *)d)->refs++;
  BB_EV_COUNT(waker_refs, 1);
  return (bb_waker_t){&bb__shared_vt, d};
}
static void bb__shared_wake_by_ref(const void *d) {
  BB_EV_CHECK(d != NULL);
  const bb__shared_waker_t *w = d;
  bb__tasks_wake(w->ex, w->task);
}
static void bb__shared_drop(const void *d) {
  BB_EV_CHECK(d != NULL);
  bb__shared_waker_t *w = (bb__shared_waker_t *)d;
  BB_EV_CHECK(w->refs > 1); /* assert!(refs > 1) */
  w->refs--;
  BB_EV_COUNT(waker_refs, 1);
}
static void bb__shared_wake(const void *d) {
  bb__shared_wake_by_ref(d);
  bb__shared_drop(d);
}
static const bb_waker_vtable_t bb__shared_vt = {bb__shared_clone, bb__shared_wake,
                                                bb__shared_wake_by_ref, bb__shared_drop};

/* EmbedWaker::as_std: the slot's waker written into the caller's memory as a std Waker, which the
 * Context then refers to. */
static inline const bb_waker_t *bb__shared_as_std(bb__shared_waker_t *w, bb_waker_t *mem) {
  *mem = (bb_waker_t){&bb__shared_vt, w};
  bb_escape(mem);
  return mem;
}

/* ---- the wakers allocated apart: Rc, checked Rc, Arc ---- */

/* The checked Rc's look-up (is_current_thread): a lazily initialised thread-local (its state
 * checked first), a RefCell borrowed mutably around an Option<ThreadId> filled on first use with
 * this thread's id, compared with the waker's. */
static _Thread_local struct {
  uint8_t state; /* 0: not yet initialised; 1: alive */
  int64_t borrow;
  bb_ev_opt_t id;
} bb__current_thread;
static _Atomic uint64_t bb__thread_ids;
static _Thread_local uint64_t bb__thread_id;

/* thread::current().id(): this thread's id, made on first use. */
static __attribute__((noinline)) uint64_t bb__new_thread_id(void) {
  if (bb__thread_id == 0) bb__thread_id = atomic_fetch_add(&bb__thread_ids, 1) + 1;
  return bb__thread_id;
}

static uint64_t bb__this_thread(void) {
  if (!bb__current_thread.id.some) bb__current_thread.id = bb_ev_some(bb__new_thread_id());
  return bb__current_thread.id.value;
}

BB__INLINE void bb__check_thread(const bb__task_waker_t *w) {
  BB_EV_COUNT(thread_checks, 1);
  if (bb__current_thread.state == 0) {
    bb__current_thread.borrow = 0;
    bb__current_thread.id.some = 0;
    bb__current_thread.state = 1;
  }
  bb_ev_borrow_mut(&bb__current_thread.borrow);
  bool same = bb__this_thread() == w->thread; /* *get_or_insert_with(...) == id */
  bb_ev_release_mut(&bb__current_thread.borrow);
  if (!same) bb__broken("local waker used from another thread");
}

/* Rc's strong count: an increment that aborts on overflow, a decrement that frees the value when
 * it reaches 0 (never here: the executor holds each waker). Arc's: an atomic increment that
 * aborts past isize::MAX, an atomic decrement (release) whose last one would free. */
static __attribute__((noreturn, cold)) void bb__rc_freed(void) {
  bb__broken("a waker's last reference dropped while its executor holds it");
}
BB__INLINE void bb__rc_inc(uint64_t *strong) {
  BB_EV_COUNT(waker_refs, 1);
  if (++*strong == 0) abort();
}
BB__INLINE void bb__rc_dec(uint64_t *strong) {
  BB_EV_COUNT(waker_refs, 1);
  if (--*strong == 0) bb__rc_freed();
}
BB__INLINE void bb__arc_inc(_Atomic uint64_t *strong) {
  BB_EV_COUNT(waker_atomic_refs, 1);
  if (atomic_fetch_add_explicit(strong, 1, memory_order_relaxed) > (uint64_t)INT64_MAX) abort();
}
BB__INLINE void bb__arc_dec(_Atomic uint64_t *strong) {
  BB_EV_COUNT(waker_atomic_refs, 1);
  if (atomic_fetch_sub_explicit(strong, 1, memory_order_release) == 1) {
    atomic_thread_fence(memory_order_acquire);
    bb__rc_freed();
  }
}

/* TaskWaker::wake_by_ref: Weak::upgrade (the weak pointer checked, the strong count read, then
 * incremented), the slot woken, the Rc<Tasks> dropped. */
BB__INLINE void bb__task_wake(const bb__task_waker_t *w) {
  BB_EV_COUNT(upgrades, 1);
  bb__exec_t *ex = w->ex;
  if (ex == NULL || ex->tasks_rc == 0) return;
  BB_EV_COUNT(task_refs, 1);
  if (++ex->tasks_rc == 0) abort();
  bb__tasks_wake(ex, w->task);
  BB_EV_COUNT(task_refs, 1);
  if (--ex->tasks_rc == 0) bb__rc_freed();
}

#define BB__RC_WAKER(name, check, incr, decr)                                                      \
  static const bb_waker_vtable_t bb__##name##_vt;                                                  \
  static bb_waker_t bb__##name##_clone(const void *d) {                                            \
    bb__task_waker_t *w = (bb__task_waker_t *)d;                                                   \
    check;                                                                                         \
    incr;                                                                                          \
    return (bb_waker_t){&bb__##name##_vt, d};                                                      \
  }                                                                                                \
  static void bb__##name##_wake_by_ref(const void *d) {                                            \
    const bb__task_waker_t *w = d;                                                                 \
    check;                                                                                         \
    bb__task_wake(w);                                                                              \
  }                                                                                                \
  /* By value: the trait's wake (no second check), then the Rc's own drop. */                      \
  static void bb__##name##_wake(const void *d) {                                                   \
    bb__task_waker_t *w = (bb__task_waker_t *)d;                                                   \
    check;                                                                                         \
    bb__task_wake(w);                                                                              \
    decr;                                                                                          \
  }                                                                                                \
  static void bb__##name##_drop(const void *d) {                                                   \
    bb__task_waker_t *w = (bb__task_waker_t *)d;                                                   \
    check;                                                                                         \
    decr;                                                                                          \
  }                                                                                                \
  static const bb_waker_vtable_t bb__##name##_vt = {bb__##name##_clone, bb__##name##_wake,         \
                                                    bb__##name##_wake_by_ref, bb__##name##_drop};
BB__RC_WAKER(rc, (void)0, bb__rc_inc(&w->strong), bb__rc_dec(&w->strong))
BB__RC_WAKER(chkrc, bb__check_thread(w), bb__rc_inc(&w->strong), bb__rc_dec(&w->strong))
BB__RC_WAKER(arc, (void)0, bb__arc_inc(&w->atomic_strong), bb__arc_dec(&w->atomic_strong))
#undef BB__RC_WAKER

static uint64_t bb__strong_rc(const bb__strong_count_t *c) { return c->waker->strong; }
static uint64_t bb__strong_arc(const bb__strong_count_t *c) {
  return atomic_load_explicit(&((bb__task_waker_t *)c->waker)->atomic_strong, memory_order_relaxed);
}

/* ---- the server's tasks ---- */

/* server_task (one type) or the box spawns' async blocks around listen_box / connection_box (two),
 * as one struct: the outer future's state and argument, the inner future's state, argument and
 * locals, the I/O future it awaits, its buffer of n bytes last (a connection's future holds it
 * across awaits). The stream moves as the original's code moves it: from the spawn's argument
 * into server_task's binding (nonbox), into the inner future's argument, into its local. */
typedef struct bb__fut_s {
  bb_resume_t outer; /* server_task's state, or the box spawn's async block's */
  bb_resume_t state; /* the inner future's: listen or connection */
  uint8_t kind;
  bb__exec_t *ex;       /* the handles to spawner or executor, reactor and stats */
  bb_ev_async_t arg;    /* the argument: the accepted stream, for a connection */
  bb_ev_async_t bound;  /* server_task's `Connection(stream)` binding */
  bb_ev_async_t inner;  /* connection()'s argument */
  bb_ev_async_t stream; /* the accepted stream (listener), the stream (connection) */
  bb_ev_async_t listener;
  bb_ev_io_fut_t io; /* the read or write future awaited */
  uint32_t accepted;
  bb_ev_io_poll_t got;
  size_t buf_len, sent;
  _Alignas(16) uint8_t buf[];
} bb__fut_t;

BB__INLINE size_t bb__fut_bytes(uint8_t kind, size_t n) {
  return sizeof(bb__fut_t) + (kind == BB__CONN ? n : 0);
}

/* The future as the async fn call returns it: its arguments set, nothing else. */
BB__INLINE void bb__fut_new(bb__fut_t *f, bb__exec_t *ex, uint8_t kind, const bb_ev_async_t *s) {
  f->outer = BB_RESUME_START;
  f->kind = kind;
  f->ex = ex;
  if (s != NULL) f->arg = *s;
}

/* The drop of a task's future (drop_in_place, or through its box's vtable): its state read; a
 * future that has returned holds nothing more to drop, and no task is dropped before. */
BB__INLINE void bb__fut_drop(bb__fut_t *f) {
  if (f->outer != BB_RESUME_DONE) bb__broken("a task dropped before it returned");
}

#define BB__P bb__kind_t kind, bool callerbox, size_t n, bb_ev_waker_t waker, bb__keep_t keep
#define BB__A kind, callerbox, n, waker, keep

BB__INLINE void bb__spawn(bb__exec_t *ex, uint8_t fkind, const bb_ev_async_t *s, BB__P);

/* ArgSpawner::spawn, BoxSpawner::spawn_boxed (a call of its own in the original's code): the
 * Spawner's RefCell borrowed, its Option checked, its function called through the pointer. */
static __attribute__((noinline)) void bb__spawner_spawn(bb__exec_t *ex, uint8_t fkind,
                                                        const bb_ev_async_t *s) {
  bb_ev_borrow(&ex->spawner_borrow);
  BB_EV_CHECK(ex->spawn_fn != NULL);
  BB_EV_COUNT(indirect_calls, 1);
  ex->spawn_fn(ex, fkind, s);
  bb_ev_release(&ex->spawner_borrow);
}

/* An I/O future's result, `?`-ed: an error would end the task with it (never here). */
BB__INLINE size_t bb__try(bb_ev_io_poll_t got) {
  BB_EV_CHECK(!got.result.err);
  return got.result.value;
}

/* The listener's future (listen, listen_box, listen_rc): a poll of an async fn, a call of its own
 * in the original's code. */
static __attribute__((noinline)) bb_poll_t bb__listen_poll(bb__fut_t *f, bb_context_t *cx, BB__P) {
  (void)callerbox;
  const bool rc = kind != BB__ARG;
  bb__exec_t *ex = f->ex;
  BB_RESUME_BEGIN(f->state)
  /* AsyncFakeListener::new(reactor, stats): the reactor handle passed in goes at its end. */
  f->listener.io = bb_ev_listener(ex->stats);
  bb_ev_async_new(ex->reactor, &f->listener, BB_EV_READABLE, rc);
  bb_ev_unref(&ex->reactor->refs, rc);
  for (f->accepted = 0; f->accepted < BB_EV_TRANSACTIONS; f->accepted++) {
    BB_AWAIT(f->state, (f->got = bb_ev_accept_poll(&f->listener, &f->stream, cx, rc)).pending
                           ? BB_PENDING
                           : BB_READY);
    bb_ev_unbind_waker(&f->listener); /* the accept future's drop */
    bb__try(f->got);
    if (kind != BB__BOXRC) {
      bb__spawner_spawn(ex, BB__CONN, &f->stream); /* BoxRcExecutor spawns directly. */
    } else {
      bb__spawn(ex, BB__CONN, &f->stream, BB__A);
    }
  }
  bb_ev_async_drop(&f->listener, false, rc);
  bb_ev_unref(&ex->stats->refs, rc); /* the listener's own handle to the stats */
  bb_ev_unref(&ex->refs, rc);        /* the executor handle the task held */
  BB_RETURN_READY(f->state);
  BB_RESUME_END(f->state)
}

/* A connection's future (connection, connection_box): its argument moved into its local, its
 * buffer zeroed, the request read until it holds a newline, then written back, each I/O future
 * made in the task's state (the stream and the buffer's slice, every slice checked against its
 * bounds) and dropped when it is ready. */
BB__INLINE bb_poll_t bb__conn_poll(bb__fut_t *f, bb_context_t *cx, BB__P) {
  (void)callerbox;
  (void)waker;
  (void)keep;
  const bool rc = kind != BB__ARG;
  BB_RESUME_BEGIN(f->state)
  f->stream = f->inner;
  memset(f->buf, 0, n); /* let mut buf = [0; N] */
  BB_EV_COUNT(bytes_zeroed, n);
  f->buf_len = 0;
  /* while !buf[..buf_len].contains(&b'\n'): the slice's bound checked first */
  while (BB_EV_CHECK(f->buf_len <= n), !bb_ev_has_newline(f->buf, f->buf_len)) {
    BB_EV_CHECK(f->buf_len <= n); /* &mut buf[buf_len..] */
    f->io = (bb_ev_io_fut_t){&f->stream, f->buf + f->buf_len, n - f->buf_len};
    BB_AWAIT(f->state, (f->got = bb_ev_read_poll(&f->io, cx)).pending ? BB_PENDING : BB_READY);
    bb_ev_unbind_waker(f->io.s); /* the read future's drop */
    f->buf_len += bb__try(f->got);
  }
  for (f->sent = 0; f->sent < f->buf_len;) {
    BB_EV_CHECK(f->sent <= f->buf_len && f->buf_len <= n); /* &buf[sent..buf_len] */
    f->io = (bb_ev_io_fut_t){&f->stream, f->buf + f->sent, f->buf_len - f->sent};
    BB_AWAIT(f->state, (f->got = bb_ev_write_poll(&f->io, cx)).pending ? BB_PENDING : BB_READY);
    bb_ev_unbind_waker(f->io.s); /* the write future's drop */
    f->sent += bb__try(f->got);
  }
  bb_ev_async_drop(&f->stream, true, rc);
  BB_RETURN_READY(f->state);
  BB_RESUME_END(f->state)
}

/* server_task, or the async block a box spawn wraps around listen_box or connection_box: its own
 * state around the inner future, which its first poll makes from its argument (the stream moved
 * into server_task's binding, nonbox, then into the inner future's argument), and whose Result it
 * unwraps. */
BB__INLINE bb_poll_t bb__task_poll(bb__fut_t *f, bb_context_t *cx, uint8_t fk, BB__P) {
  /* A boxed task's poll is its own type's (fk); ArgExecutor's one future type reads its kind. */
  const uint8_t k = fk == BB__EITHER ? f->kind : fk;
  BB_RESUME_BEGIN(f->outer)
  f->state = BB_RESUME_START;
  if (k == BB__CONN) {
    if (kind == BB__ARG) {
      f->bound = f->arg;
      f->inner = f->bound;
    } else {
      f->inner = f->arg;
    }
  }
  BB_AWAIT(f->outer, k == BB__LISTEN ? bb__listen_poll(f, cx, BB__A) : bb__conn_poll(f, cx, BB__A));
  BB_EV_CHECK(!f->got.result.err); /* .unwrap() */
  BB_RETURN_READY(f->outer);
  BB_RESUME_END(f->outer)
}

/* ---- the executors ---- */

/* Box::pin(future): the future built by value, then moved into a box of its exact size (or, the
 * mitigations, into the slot's reusable box or the iteration's arena); the box. */
BB__INLINE void *bb__box_future(bb__exec_t *ex, uint64_t key, uint8_t fkind, const bb_ev_async_t *s,
                                size_t size, bb__keep_t keep) {
  _Alignas(16) uint8_t bytes[sizeof(bb__fut_t) + BB_EV_LARGE];
  bb__fut_t *f = (bb__fut_t *)bytes;
  bb__fut_new(f, ex, fkind, s);
  bb_escape(f);
  BB_EV_COUNT(bytes_moved, size);
  if (keep == BB__REUSED) {
    bb_reusable_put(&ex->sites[key], f, size, _Alignof(bb__fut_t), ex->vts[fkind]);
    return ex->sites[key].ptr;
  }
  void *p = keep == BB__ARENA ? bb_arena_alloc(&ex->arena, size, _Alignof(bb__fut_t))
                              : bb_alloc(size, _Alignof(bb__fut_t));
  bb_ev_move(p, f, size);
  return p;
}

/* Tasks::add: the RefCell borrowed, the capacity checked, the vacant entry filled with the task
 * (its embedded waker at count 1, awake, and the boxed future of the box executors, which their
 * callers box before spawning; callerbox's spawn closure boxes it after the insert, an order that
 * changes no operation) and queued; nonbox then writes its future in place in ArgExecutor's array
 * (the spawn closure's dest.write(server_task(...)), which rustc builds where it goes). */
BB__INLINE void bb__spawn(bb__exec_t *ex, uint8_t fkind, const bb_ev_async_t *s, BB__P) {
  (void)waker;
  bb_ev_borrow_mut(&ex->borrow);
  BB_EV_CHECK(ex->slab.len != ex->slab.cap); /* Err(()), unwrapped */
  uint64_t key = ex->slab.next;
  bb__task_t task = {{{0, 0}, {0, 0}}, {0, NULL, 0}, true, NULL, NULL};
  if (kind != BB__BOXRC) task.waker = (bb__shared_waker_t){1, ex, key};
  const size_t size = kind == BB__ARG ? bb__fut_bytes(BB__CONN, n) : bb__fut_bytes(fkind, n);
  if (kind != BB__ARG || callerbox) {
    task.fut = bb__box_future(ex, key, fkind, s, size, keep);
    task.vt = ex->vts[fkind];
  }
  if (kind == BB__ARG)
    bb__slab_tasks_insert_at(&ex->slab, key, task);
  else
    bb__slab_tasks_vacant_insert(&ex->slab, key, task);
  bb__slab_tasks_push_back(&ex->next, &ex->slab, key);
  if (kind == BB__ARG && !callerbox) {
    BB_EV_CHECK(key < BB__TASKS); /* &mut futs[key] */
    bb__fut_new((bb__fut_t *)(ex->futs + (size_t)key * ex->fut_bytes), ex, fkind, s);
  }
  bb_ev_release_mut(&ex->borrow);
}

/* Tasks::process_next: each task at the head of the list taken off it (under the RefCell's
 * borrow), polled with its waker in a Context, and if done dropped and its slot freed. */
BB__INLINE void bb__process_next(bb__exec_t *ex, BB__P) {
  for (;;) {
    bb_ev_borrow_mut(&ex->borrow);
    if (!ex->next.head.some) {
      bb_ev_release_mut(&ex->borrow);
      break;
    }
    uint64_t key = ex->next.head.value;
    if (kind == BB__ARG)
      bb__slab_tasks_list_remove(&ex->next, &ex->slab, key);
    else
      bb__slab_tasks_list_remove_call(&ex->next, &ex->slab, key);
    bb__task_t *task = bb__slab_tasks_at(&ex->slab, key);
    task->awake = false;
    if (kind == BB__ARG && !callerbox) BB_EV_CHECK(key < BB__TASKS); /* futs[nkey] */
    bb_ev_release_mut(&ex->borrow);
    /* The Context's waker: the slot's embedded one, written into a Waker (EmbedWaker::as_std), or
     * the slot's own (BoxRcExecutor's). */
    bb_waker_t mem;
    if (kind == BB__BOXRC) BB_EV_CHECK(key < BB__TASKS); /* &self.wakers[nkey] */
    bb_context_t cx = {kind == BB__BOXRC ? &ex->wakers[key]
                                         : bb__shared_as_std(&task->waker, &mem)};
    uint64_t out;
    BB_EV_COUNT(task_polls, 1);
    bb_poll_t done;
    if (kind == BB__ARG && !callerbox) {
      done = bb__task_poll((bb__fut_t *)(ex->futs + (size_t)key * ex->fut_bytes), &cx, BB__EITHER,
                           BB__A);
    } else {
      BB_EV_CHECK(task->fut != NULL); /* task.fut.as_mut().unwrap() */
      BB_EV_COUNT(indirect_polls, 1);
      done = task->vt->poll(task->fut, &cx, &out);
    }
    if (done == BB_PENDING) continue;
    if (kind == BB__ARG && !callerbox) { /* assume_init_drop, under the RefCell's borrow */
      bb_ev_borrow_mut(&ex->borrow);
      bb__fut_drop((bb__fut_t *)(ex->futs + (size_t)key * ex->fut_bytes));
      bb_ev_release_mut(&ex->borrow);
    }
    /* The finished task dropped (task.fut = None), and freed from its own box; a reusable box
     * keeps it until the slot's next spawn, an arena until the iteration's end. */
    if ((kind != BB__ARG || callerbox) && keep == BB__BOXED) {
      bb_box_drop((bb_box_t){task->fut, task->vt});
      task->fut = NULL;
    }
    if (keep == BB__ARENA) bb_arena_box_drop((bb_box_t){task->fut, task->vt});
    if (kind == BB__BOXRC) {
      BB_EV_COUNT(indirect_calls, 1);
      BB_EV_CHECK(key < BB__TASKS);
      bb__strong_count_t *c = ex->strong_counts[key];
      if (c->call(c) != 1) bb__broken("a task's waker outlived it");
    }
    bb_ev_borrow_mut(&ex->borrow);
    task = bb__slab_tasks_at(&ex->slab, key);
    if (kind != BB__BOXRC && task->waker.refs != 1) bb__broken("a task's waker outlived it");
    if (kind == BB__ARG)
      bb__slab_tasks_list_remove(&ex->next, &ex->slab, key);
    else
      bb__slab_tasks_list_remove_call(&ex->next, &ex->slab, key);
    bb__slab_tasks_remove(&ex->slab, key);
    bb_ev_release_mut(&ex->borrow);
  }
}

/* One iteration, the original's run_fn closure: the listener spawned (with its handles, cloned in
 * the box variants), then the executor run: tasks polled, the tasks' slab checked for emptiness
 * (a borrow), the reactor polled to park, its Ok unwrapped. */
BB__INLINE void bb__iterate(bb__exec_t *ex, BB__P) {
  if (kind != BB__ARG) {
    bb_ev_ref(&ex->stats->refs, true);
    bb_ev_ref(&ex->reactor->refs, true);
    bb_ev_ref(&ex->refs, true);
  }
  if (kind != BB__BOXRC) {
    bb__spawner_spawn(ex, BB__LISTEN, NULL);
  } else {
    bb__spawn(ex, BB__LISTEN, NULL, BB__A);
  }
  for (;;) {
    bb__process_next(ex, BB__A);
    bb_ev_borrow(&ex->borrow);
    bool empty = ex->slab.len == 0;
    bb_ev_release(&ex->borrow);
    if (empty) break;
    bb_ev_reactor_poll(ex->reactor);
  }
  if (keep == BB__ARENA) bb_arena_reset(&ex->arena);
}

/* ---- building and freeing an executor (outside the timed iterations) ---- */

void *bb__exec_new(bb_ev_stats_t *stats, bb_ev_reactor_t *r, bb_ev_exec_t kind, bool byval,
                   size_t n, bb_ev_waker_t waker) {
  bb__exec_t *ex = calloc(1, sizeof *ex);
  if (ex == NULL) return NULL;
  ex->refs = ex->tasks_rc = 1;
  ex->stats = stats;
  ex->reactor = r;
  ex->next = bb_ev_list();
  bb__slab_tasks_init(&ex->slab, BB__TASKS);
  if (byval) { /* Vec::with_capacity(tasks_max) of F, never zeroed */
    ex->fut_bytes = (bb__fut_bytes(BB__CONN, n) + 15) & ~(size_t)15;
    ex->futs = bb_alloc(ex->fut_bytes * BB__TASKS, 16);
  }
  if (kind == BB__BOXRC) {
    const bb_waker_vtable_t *vt = waker == BB_EV_WAKER_RC      ? &bb__rc_vt
                                  : waker == BB_EV_WAKER_CHKRC ? &bb__chkrc_vt
                                                               : &bb__arc_vt;
    for (uint32_t i = 0; i < BB__TASKS; i++) {
      bb__task_waker_t *w = bb_alloc(sizeof *w, _Alignof(bb__task_waker_t));
      *w = (bb__task_waker_t){.strong = 1, .ex = ex, .task = i, .thread = bb__new_thread_id()};
      atomic_init(&w->atomic_strong, 1);
      ex->wakers[i] = (bb_waker_t){vt, w};
      ex->strong_counts[i] = bb_alloc(sizeof(bb__strong_count_t), _Alignof(bb__strong_count_t));
      *ex->strong_counts[i] =
          (bb__strong_count_t){waker == BB_EV_WAKER_ARC ? bb__strong_arc : bb__strong_rc, w};
    }
  }
  return ex;
}

void bb__exec_free(void *exec) {
  bb__exec_t *ex = exec;
  if (ex == NULL) return;
  for (uint32_t i = 0; i < BB__TASKS; i++) {
    if (ex->wakers[i].data != NULL) bb_dealloc((void *)ex->wakers[i].data);
    if (ex->strong_counts[i] != NULL) bb_dealloc(ex->strong_counts[i]);
  }
  if (ex->futs != NULL) bb_dealloc(ex->futs);
  for (uint32_t i = 0; i < BB_EV_SLAB_CAP; i++) bb_reusable_release(&ex->sites[i]);
  bb_arena_free(&ex->arena);
  free(ex);
}

/* A future type's poll function and vtable (their drop the same). */
#define BB__TYPE_VT(id, storage, buf, waker, type, fk)                                             \
  static bb_poll_t bb__poll_##type##_##id(void *self, bb_context_t *cx, uint64_t *out) {           \
    (void)out;                                                                                     \
    return bb__task_poll(self, cx, fk, bb__kind_##id, (storage) == BB_EV_STORE_CALLERBOX, buf,     \
                         waker, BB__KEEP(storage));                                                \
  }                                                                                                \
  static const bb_future_vtable_t bb__vt_##type##_##id = {                                         \
      bb__fut_drop_##id, sizeof(bb__fut_t), _Alignof(bb__fut_t), bb__poll_##type##_##id};

/* Whether a storage is the hand-written loop's (manual.c), which has no executor here: 1 for
 * BB_EV_STORE_MANUAL, 0 for every other storage, read off the storage's own token (the probe
 * BB__MANUAL_<storage> exists for that one alone and puts a 1 second), so that an X-macro row
 * keeps or drops its code by its storage column. */
#define BB__SECOND(a, b, ...) b
#define BB__PROBE(...) BB__SECOND(__VA_ARGS__, 0, ~)
#define BB__MANUAL_BB_EV_STORE_MANUAL ~, 1
#define BB__IS_MANUAL(storage) BB__PROBE(BB__MANUAL_##storage)
#define BB__PICK(manual, code, otherwise) BB__PICK_(manual, code, otherwise)
#define BB__PICK_(manual, code, otherwise) BB__PICK_##manual(code, otherwise)
#define BB__PICK_0(code, otherwise) code
#define BB__PICK_1(code, otherwise) otherwise
#define BB__UNLESS_MANUAL(storage, code, otherwise)                                                \
  BB__PICK(BB__IS_MANUAL(storage), code, otherwise)

/* One executor per variant with futures: its two future types' poll functions and vtables, and
 * its spawner. */
#define BB__EXECUTOR(id, name, storage, buf, waker, io)                                            \
  static const bb__kind_t bb__kind_##id = BB_EV_EXEC(storage, waker);                              \
  static void bb__fut_drop_##id(void *self) { bb__fut_drop(self); }                                \
  BB__TYPE_VT(id, storage, buf, waker, listen, BB__LISTEN)                                         \
  BB__TYPE_VT(id, storage, buf, waker, conn, BB__CONN)                                             \
  static void bb__spawn_fn_##id(bb__exec_t *ex, uint8_t fkind, const bb_ev_async_t *s) {           \
    bb__spawn(ex, fkind, s, bb__kind_##id, (storage) == BB_EV_STORE_CALLERBOX, buf, waker,         \
              BB__KEEP(storage));                                                                  \
  }                                                                                                \
  static void bb__iterate_##id(void *ex) {                                                         \
    ((bb__exec_t *)ex)->spawn_fn = bb__spawn_fn_##id;                                              \
    ((bb__exec_t *)ex)->vts[BB__LISTEN] = &bb__vt_listen_##id;                                     \
    ((bb__exec_t *)ex)->vts[BB__CONN] = &bb__vt_conn_##id;                                         \
    bb__iterate(ex, bb__kind_##id, (storage) == BB_EV_STORE_CALLERBOX, buf, waker,                 \
                BB__KEEP(storage));                                                                \
  }
#define BB__NO_EXECUTOR(id, name, storage, buf, waker, io)
#define BB__INSTANCE(id, name, storage, buf, waker, io)                                            \
  BB__UNLESS_MANUAL(storage, BB__EXECUTOR, BB__NO_EXECUTOR)(id, name, storage, buf, waker, io)
BB_EV_VARIANTS(BB__INSTANCE)
#undef BB__INSTANCE

const bb__ev_iterate_fn bb__ev_iterates[BB_EV_VARIANT_COUNT] = {
#define BB__ROW(id, name, storage, buf, waker, io)                                                 \
  [BB_EV_##id] = BB__UNLESS_MANUAL(storage, bb__iterate_##id, NULL),
    BB_EV_VARIANTS(BB__ROW)
#undef BB__ROW
};

size_t bb__ev_fut_bytes(int conn, size_t n) {
  return bb__fut_bytes(conn ? BB__CONN : BB__LISTEN, n);
}
