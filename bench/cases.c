/* The case table and the measured loops of the vtable modes. Preparing a case (building its
 * services, sizing its storage) happens here, never inside bb_case_run. */
#include <stdio.h>

#include "bb_cases.h"

static const char *const bb__mode_names[] = {
#define BB__NAME(id, name, what) name,
    BB_MODES(BB__NAME)
#undef BB__NAME
};

static const bool bb__pattern_pending[] = {
#define BB__PENDING(id, name, pending) pending,
    BB_PATTERNS(BB__PENDING)
#undef BB__PENDING
};

static const char *const bb__pattern_names[] = {
#define BB__NAME(id, name, pending) name,
    BB_PATTERNS(BB__NAME)
#undef BB__NAME
};

static const char *const bb__state_names[] = {
#define BB__NAME(id, name) name,
    BB_ALLOC_STATES(BB__NAME)
#undef BB__NAME
};

const char *bb_alloc_state_name(bb_alloc_state_t s) {
  return s < BB_STATE_COUNT ? bb__state_names[s] : "?";
}

const char *bb_mode_name(bb_mode_t m) { return m < BB_MODE_COUNT ? bb__mode_names[m] : "?"; }
const char *bb_pattern_name(bb_pattern_t p) {
  return p < BB_PATTERN_COUNT ? bb__pattern_names[p] : "?";
}

void bb_case_name(const bb_case_t *c, char *buf, size_t len) {
  snprintf(buf, len, "%s/size:%zu/depth:%u/pattern:%s/state:%s", bb_mode_name(c->mode), c->size,
           c->depth, bb_pattern_name(c->pattern), bb_alloc_state_name(c->state));
}

static const size_t bb__sizes[] = {
#define BB__SIZE(S) S,
    BB_SIZES(BB__SIZE)
#undef BB__SIZE
};

static const unsigned bb__depths[] = {
#define BB__DEPTH(a, D) D,
    BB_DEPTHS(BB__DEPTH, _)
#undef BB__DEPTH
};

#define BB__COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool bb__allocates(bb_mode_t m) {
  return m == BB_MODE_BOX || m == BB_MODE_BOX_INPLACE || m == BB_MODE_ALLOC;
}

static bool bb__built(const bb_case_t *c) {
  if (c->mode == BB_MODE_ALLOC && (c->depth != 1 || c->pattern != BB_PATTERN_READY)) return false;
  return c->state != BB_STATE_CROSS_THREAD || bb__allocates(c->mode);
}

size_t bb_cases_all(bb_case_t *out, size_t max) {
  size_t n = 0;
  for (unsigned st = 0; st < BB_STATE_COUNT; st++)
    for (unsigned m = 0; m < BB_MODE_COUNT; m++)
      for (size_t s = 0; s < BB__COUNT(bb__sizes); s++)
        for (size_t d = 0; d < BB__COUNT(bb__depths); d++)
          for (unsigned p = 0; p < BB_PATTERN_COUNT; p++) {
            bb_case_t c = {(bb_mode_t)m, bb__sizes[s], bb__depths[d], (bb_pattern_t)p,
                           (bb_alloc_state_t)st};
            if (!bb__built(&c)) continue;
            if (n == max) return n;
            out[n++] = c;
          }
  return n;
}

unsigned bb_case_allocs_per_call(const bb_case_t *c) {
  if (c->mode == BB_MODE_ALLOC) return 1;
  return bb__allocates(c->mode) ? c->depth : 0;
}

uint64_t bb_case_expected(const bb_case_t *c, uint64_t first, uint64_t n) {
  uint64_t sum = 0;
  for (uint64_t seed = first; seed < first + n; seed++)
    sum += seed + (seed & 0xff) + c->size + c->depth - 1;
  return sum;
}

bool bb_case_prepare(const bb_case_t *c, bb_prepared_t *p) {
  *p = (bb_prepared_t){.c = *c};
  const bb_service_t *payload = bb__payload_service(c->size);
  if (payload == NULL || c->depth < 1 || c->depth > BB_DEPTH_MAX || c->mode >= BB_MODE_COUNT ||
      c->pattern >= BB_PATTERN_COUNT || c->state >= BB_STATE_COUNT || !bb__built(c))
    return false;
  if (c->mode == BB_MODE_ALLOC) return true;
  if (c->mode == BB_MODE_INLINE) {
    p->inline_run = bb__inline_runner(c->size, c->depth, &p->future_bytes);
    return p->inline_run != NULL;
  }

  /* depth - 1 layers, each forwarding to the next, the last to the payload service. */
  unsigned layers = c->depth - 1;
  p->future_bytes = layers * bb__layer_future_bytes() + bb__payload_future_bytes(c->size);
  if (layers > 0) {
    p->services = calloc(layers, sizeof(bb_service_t));
    if (p->services == NULL) return false;
    for (unsigned i = 0; i < layers; i++)
      p->services[i] = (bb_service_t){&bb__layer_service_vtable,
                                      i + 1 < layers ? &p->services[i + 1] : payload};
  }
  if (c->mode == BB_MODE_DYN) {
    p->slot = aligned_alloc(64, (p->future_bytes + 63) & ~(size_t)63);
    if (p->slot == NULL) {
      bb_case_release(p);
      return false;
    }
  }
  return true;
}

void bb_case_release(bb_prepared_t *p) {
  free(p->services);
  free(p->slot);
  p->services = NULL;
  p->slot = NULL;
}

const bb_service_t *bb_case_service(const bb_prepared_t *p) {
  if (p->c.mode == BB_MODE_INLINE || p->c.mode == BB_MODE_ALLOC) return NULL;
  return p->services != NULL ? p->services : bb__payload_service(p->c.size);
}

/* dyn: the method builds the future in the caller's storage; poll and drop go through vtables. */
static uint64_t bb__run_dyn(const bb_service_t *svc, void *slot, uint64_t first, uint64_t n,
                            bool pending) {
  uint64_t acc = 0;
  for (uint64_t i = 0; i < n; i++) {
    const bb_future_vtable_t *vt = svc->vt->call_into(svc, slot, first + i, pending);
    acc += bb_block_on(vt->poll, slot);
    vt->drop(slot);
  }
  return acc;
}

/* box and box-inplace: the method returns Pin<Box<dyn Future>>; awaiting it polls through the
 * vtable, and dropping it drops and frees. */
static uint64_t bb__run_box(const bb_service_t *svc, bool inplace, uint64_t first, uint64_t n,
                            bool pending) {
  uint64_t acc = 0;
  for (uint64_t i = 0; i < n; i++) {
    bb_box_t b = inplace ? svc->vt->call_box_inplace(svc, first + i, pending)
                         : svc->vt->call_box(svc, first + i, pending);
    acc += bb_block_on(b.vt->poll, b.ptr);
    bb_box_drop(b);
  }
  return acc;
}

/* alloc: the allocator's own price for the size, the block never touched (Box::new_uninit). */
static uint64_t bb__run_alloc(size_t size, uint64_t first, uint64_t n) {
  uint64_t acc = 0;
  for (uint64_t seed = first; seed < first + n; seed++) {
    void *block = bb_alloc(size, 1);
    bb_escape(block);
    bb_dealloc(block);
    acc += seed + (seed & 0xff) + size;
  }
  return acc;
}

uint64_t bb_case_run(const bb_prepared_t *p, uint64_t first, uint64_t n) {
  bool pending = bb__pattern_pending[p->c.pattern];
  switch (p->c.mode) {
  case BB_MODE_INLINE:
    return p->inline_run(first, n, pending);
  case BB_MODE_ALLOC:
    return bb__run_alloc(p->c.size, first, n);
  case BB_MODE_DYN:
    return bb__run_dyn(bb_case_service(p), p->slot, first, n, pending);
  case BB_MODE_BOX:
    return bb__run_box(bb_case_service(p), false, first, n, pending);
  case BB_MODE_BOX_INPLACE:
    return bb__run_box(bb_case_service(p), true, first, n, pending);
  default:
    abort();
  }
}
