/* The cold allocator states. Everything that makes a state (sweeping, purging, churning, handing
 * over to another thread) happens between two timed calls, never inside one. */
#include "bb_states.h"

#include <pthread.h>

#include "bb_cold.h"
#include "bb_cpu.h"
#include "bb_timer.h"

enum { BB__LIVESET_BLOCKS = 32768, BB__CHURN = 4, BB__CROSS_BATCH = 64 };

/* cross-thread: the measuring thread builds and boxes a batch of futures, the helper thread polls,
 * drops and frees them, as a work-stealing runtime runs a task spawned elsewhere. */
typedef struct bb__cross_s {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  enum { BB__IDLE, BB__WORK, BB__DONE, BB__STOP } phase;
  const bb_prepared_t *p;
  size_t n;
  bb_box_t boxes[BB__CROSS_BATCH]; /* alloc mode: ptr only */
  uint64_t seeds[BB__CROSS_BATCH];
  uint64_t ns, acc;
} bb__cross_t;

struct bb_cold_s {
  bb_alloc_state_t state;
  bb_purge_fn purge;
  bb_sweep_t sweep;
  bb_liveset_t live;
  bb__cross_t *cross;
};

/* The helper's half of a call: poll to completion, drop, free (alloc: free only). */
static void bb__cross_finish(bb__cross_t *x) {
  for (size_t i = 0; i < x->n; i++) {
    uint64_t t0 = bb_now_ns(), out;
    if (!bb_mode_future(x->p->c.mode)) {
      bb_dealloc(x->boxes[i].ptr);
      out = x->seeds[i] + (x->seeds[i] & 0xff) + x->p->c.size;
    } else {
      out = bb_block_on(x->boxes[i].vt->poll, x->boxes[i].ptr);
      bb_box_drop(x->boxes[i]);
    }
    x->ns += bb_now_ns() - t0;
    x->acc += out;
  }
}

static void *bb__cross_main(void *arg) {
  bb__cross_t *x = arg;
  bb_cpu_pin_helper();
  pthread_mutex_lock(&x->mu);
  for (;;) {
    while (x->phase != BB__WORK && x->phase != BB__STOP) pthread_cond_wait(&x->cv, &x->mu);
    if (x->phase == BB__STOP) break;
    pthread_mutex_unlock(&x->mu);
    bb__cross_finish(x);
    pthread_mutex_lock(&x->mu);
    x->phase = BB__DONE;
    pthread_cond_broadcast(&x->cv);
  }
  pthread_mutex_unlock(&x->mu);
  return NULL;
}

bb_cold_t *bb_cold_new(bb_alloc_state_t state, bb_purge_fn purge) {
  bb_cold_t *c = calloc(1, sizeof *c);
  if (c == NULL) return NULL;
  c->state = state;
  c->purge = purge;
  bool ok = true;
  if (state == BB_STATE_CACHE_COLD) ok = bb_sweep_init(&c->sweep);
  if (state == BB_STATE_FRAGMENTED) ok = bb_liveset_init(&c->live, BB__LIVESET_BLOCKS);
  if (state == BB_STATE_HEAP_COLD) ok = purge != NULL;
  if (state == BB_STATE_CROSS_THREAD) {
    c->cross = calloc(1, sizeof *c->cross);
    ok = c->cross != NULL;
    if (ok) {
      pthread_mutex_init(&c->cross->mu, NULL);
      pthread_cond_init(&c->cross->cv, NULL);
      ok = pthread_create(&c->cross->thread, NULL, bb__cross_main, c->cross) == 0;
      if (!ok) {
        free(c->cross);
        c->cross = NULL;
      }
    }
  }
  if (!ok) {
    bb_cold_free(c);
    return NULL;
  }
  return c;
}

void bb_cold_free(bb_cold_t *c) {
  if (c == NULL) return;
  if (c->cross != NULL) {
    pthread_mutex_lock(&c->cross->mu);
    c->cross->phase = BB__STOP;
    pthread_cond_broadcast(&c->cross->cv);
    pthread_mutex_unlock(&c->cross->mu);
    pthread_join(c->cross->thread, NULL);
    pthread_mutex_destroy(&c->cross->mu);
    pthread_cond_destroy(&c->cross->cv);
    free(c->cross);
  }
  bb_sweep_release(&c->sweep);
  bb_liveset_release(&c->live);
  free(c);
}

static void bb__prepare_call(bb_cold_t *c) {
  switch (c->state) {
  case BB_STATE_CACHE_COLD:
    bb_sweep(&c->sweep);
    break;
  case BB_STATE_HEAP_COLD:
    c->purge();
    break;
  case BB_STATE_FRAGMENTED:
    bb_liveset_churn(&c->live, BB__CHURN);
    break;
  default:
    break;
  }
}

/* A batch of cross-thread calls: the first halves timed here, the second halves on the helper. */
static uint64_t bb__cross_batch(bb__cross_t *x, const bb_prepared_t *p, uint64_t first, size_t n,
                                uint64_t *ns, bb_perf_t *perf) {
  const bb_service_t *svc = bb_case_service(p);
  bool pending = p->c.pattern == BB_PATTERN_PENDING;
  x->p = p;
  x->n = n;
  x->ns = x->acc = 0;
  for (size_t i = 0; i < n; i++) {
    x->seeds[i] = first + i;
    if (perf != NULL) bb_perf_start(perf);
    uint64_t t0 = bb_now_ns();
    if (svc == NULL) /* No future: the allocation alone. */
      x->boxes[i].ptr = bb_alloc(p->c.size, 1);
    else /* A mode that frees every call: a box, made as its placement makes it. */
      bb_call(svc, bb_mode_place(p->c.mode), &x->boxes[i], 0, first + i, pending);
    *ns += bb_now_ns() - t0;
    if (perf != NULL) bb_perf_stop(perf);
  }
  pthread_mutex_lock(&x->mu);
  x->phase = BB__WORK;
  pthread_cond_broadcast(&x->cv);
  while (x->phase != BB__DONE) pthread_cond_wait(&x->cv, &x->mu);
  x->phase = BB__IDLE;
  pthread_mutex_unlock(&x->mu);
  *ns += x->ns;
  return x->acc;
}

/* n single calls, each after the state's preparation and timed alone: CALL(seed) makes one and
 * gives its output. Both entry points below run it, with the call written out, so a C case's timed
 * call is as direct as its warm loop's. */
#define BB__COLD_EACH(CALL)                                                                        \
  for (uint64_t i = 0; i < n; i++) {                                                               \
    bb__prepare_call(c);                                                                           \
    uint64_t f0 = faults != NULL ? bb_faults() : 0;                                                \
    if (perf != NULL) bb_perf_start(perf);                                                         \
    uint64_t t0 = bb_now_ns();                                                                     \
    acc += CALL(first + i);                                                                        \
    ns += bb_now_ns() - t0;                                                                        \
    if (perf != NULL) bb_perf_stop(perf);                                                          \
    timings++;                                                                                     \
    if (faults != NULL) *faults += bb_faults() - f0;                                               \
  }

/* The calls' own time: the timer's cost per timing subtracted. */
static void bb__add_time(double *timed_ns, uint64_t ns, uint64_t timings) {
  double t = (double)ns - (double)timings * bb_timer_overhead_ns();
  *timed_ns += t > 0 ? t : 0;
}

uint64_t bb_cold_run(bb_cold_t *c, const bb_prepared_t *p, uint64_t first, uint64_t n,
                     double *timed_ns, uint64_t *faults, bb_perf_t *perf) {
  uint64_t acc = 0, ns = 0, timings = 0;
  if (c->cross != NULL) {
    for (uint64_t i = 0; i < n;) {
      size_t k = n - i < BB__CROSS_BATCH ? (size_t)(n - i) : BB__CROSS_BATCH;
      uint64_t f0 = faults != NULL ? bb_faults() : 0;
      acc += bb__cross_batch(c->cross, p, first + i, k, &ns, perf);
      timings += 2 * k; /* Each call is timed in two halves. */
      i += k;
      if (faults != NULL) *faults += bb_faults() - f0;
    }
  } else {
#define BB__CASE_CALL(seed) bb_case_run(p, (seed), 1)
    BB__COLD_EACH(BB__CASE_CALL)
#undef BB__CASE_CALL
  }
  bb__add_time(timed_ns, ns, timings);
  return acc;
}

uint64_t bb_cold_each(bb_cold_t *c, bb_call_fn call, const void *ctx, uint64_t first, uint64_t n,
                      double *timed_ns, uint64_t *faults, bb_perf_t *perf) {
  uint64_t acc = 0, ns = 0, timings = 0;
  if (c->cross != NULL) return 0; /* Its calls are split between two threads: bb_cold_run's. */
#define BB__FN_CALL(seed) call(ctx, (seed))
  BB__COLD_EACH(BB__FN_CALL)
#undef BB__FN_CALL
  bb__add_time(timed_ns, ns, timings);
  return acc;
}
