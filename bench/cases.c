/* The case table and the measured loops of the vtable modes. Preparing a case (building its
 * services, sizing its storage) happens here, never inside bb_case_run. */
#include <stdio.h>

#include "bb_cases.h"

/* The largest inline buffer of the modes table: the caller's StackFuture storage is this big. */
#define BB__STACK_MAX 4096

static const struct {
  const char *name, *what, *rust;
  bool future;
  size_t buffer;
} bb__modes[] = {
#define BB__ROW(id, name, future, buf, rust, what) {name, what, rust, future, buf},
    BB_MODES(BB__ROW)
#undef BB__ROW
};

static const struct {
  const char *name, *what;
  bool pending;
} bb__patterns[] = {
#define BB__ROW(id, name, pending, what) {name, what, pending},
    BB_PATTERNS(BB__ROW)
#undef BB__ROW
};

static const struct {
  const char *name, *what;
} bb__states[] = {
#define BB__ROW(id, name, what) {name, what},
    BB_ALLOC_STATES(BB__ROW)
#undef BB__ROW
};

const char *bb_mode_name(bb_mode_t m) { return m < BB_MODE_COUNT ? bb__modes[m].name : "?"; }
const char *bb_mode_what(bb_mode_t m) { return m < BB_MODE_COUNT ? bb__modes[m].what : "?"; }
bool bb_mode_future(bb_mode_t m) { return m < BB_MODE_COUNT && bb__modes[m].future; }
const char *bb_mode_rust(bb_mode_t m) { return m < BB_MODE_COUNT ? bb__modes[m].rust : NULL; }
size_t bb_mode_buffer(bb_mode_t m) { return m < BB_MODE_COUNT ? bb__modes[m].buffer : 0; }
const char *bb_pattern_name(bb_pattern_t p) {
  return p < BB_PATTERN_COUNT ? bb__patterns[p].name : "?";
}
const char *bb_pattern_what(bb_pattern_t p) {
  return p < BB_PATTERN_COUNT ? bb__patterns[p].what : "?";
}
const char *bb_alloc_state_name(bb_alloc_state_t s) {
  return s < BB_STATE_COUNT ? bb__states[s].name : "?";
}
const char *bb_alloc_state_what(bb_alloc_state_t s) {
  return s < BB_STATE_COUNT ? bb__states[s].what : "?";
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

/* The modes whose every call allocates and frees: the only ones a free on another thread means
 * something for. */
static bool bb__frees_each_call(bb_mode_t m) {
  return m == BB_MODE_BOX || m == BB_MODE_BOX_INPLACE || m == BB_MODE_ALLOC;
}

/* native-moved's temporaries may all be live at once, one per level on the stack. */
#define BB__MOVED_STACK (2u << 20)

static bool bb__built(const bb_case_t *c) {
  if (c->mode == BB_MODE_ALLOC && (c->depth != 1 || c->pattern != BB_PATTERN_READY)) return false;
  if (c->mode == BB_MODE_NATIVE_MOVED && c->size * c->depth > BB__MOVED_STACK) return false;
  return c->state != BB_STATE_CROSS_THREAD || bb__frees_each_call(c->mode);
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
  size_t cap = bb_mode_buffer(c->mode);
  if (cap > 0) /* Every level whose future is larger than the buffer is boxed. */
    return (c->depth - 1) * (bb__layer_future_bytes(c->mode) > cap) +
           (bb__payload_future_bytes(c->size) > cap);
  if (c->mode == BB_MODE_ALLOC) return 1;
  return c->mode == BB_MODE_BOX || c->mode == BB_MODE_BOX_INPLACE ? c->depth : 0;
}

/* The sum of (s mod 256) over s in [0, x): 256 whole runs of 0..255, then 0..r-1. */
static uint64_t bb__low_byte_sum(uint64_t x) {
  uint64_t r = x & 0xff;
  return (x >> 8) * (255u * 256u / 2) + r * (r - 1) / 2;
}

/* In closed form, so that a unit can check every batch it runs without a loop of its own: the sum
 * over seeds of seed + (seed mod 256) + size + depth - 1, modulo 2^64 as the outputs add up. */
uint64_t bb_case_expected(const bb_case_t *c, uint64_t first, uint64_t n) {
  /* n * (2 first + n - 1) / 2, halving whichever factor is even (their sum is odd). */
  uint64_t ends = 2 * first + n - 1;
  uint64_t seeds = n % 2 == 0 ? (n / 2) * ends : n * (ends / 2);
  return seeds + bb__low_byte_sum(first + n) - bb__low_byte_sum(first) + n * (c->size + c->depth - 1);
}

size_t bb_case_future_bytes(const bb_case_t *c) {
  if (c->mode == BB_MODE_ALLOC) return 0;
  size_t bytes = 0;
  if (c->mode == BB_MODE_INLINE || c->mode == BB_MODE_NATIVE_MOVED) {
    bb__inline_runner(c->size, c->depth, false, &bytes);
    return bytes;
  }
  /* depth - 1 layers, each forwarding to the next, the last to the payload service. */
  return (c->depth - 1) * bb__layer_future_bytes(c->mode) + bb__payload_future_bytes(c->size);
}

bool bb_case_prepare(const bb_case_t *c, bb_prepared_t *p) {
  *p = (bb_prepared_t){.c = *c};
  const bb_service_t *payload = bb__payload_service(c->size);
  if (payload == NULL || c->depth < 1 || c->depth > BB_DEPTH_MAX || c->mode >= BB_MODE_COUNT ||
      c->pattern >= BB_PATTERN_COUNT || c->state >= BB_STATE_COUNT || !bb__built(c))
    return false;
  if (c->mode == BB_MODE_ALLOC) return true;
  if (c->mode == BB_MODE_INLINE || c->mode == BB_MODE_NATIVE_MOVED) {
    p->inline_run = bb__inline_runner(c->size, c->depth, c->mode == BB_MODE_NATIVE_MOVED,
                                      &p->future_bytes);
    return p->inline_run != NULL;
  }
  if (bb_mode_buffer(c->mode) > BB__STACK_MAX) return false;

  unsigned layers = c->depth - 1;
  bool reuse = c->mode == BB_MODE_REUSE;
  p->future_bytes = bb_case_future_bytes(c);
  /* reuse: one site per call of the chain, empty until its first call fills it. */
  if (reuse && (p->sites = calloc(c->depth, sizeof(bb_reusable_t))) == NULL) return false;
  if (c->mode == BB_MODE_ARENA && (p->arena = calloc(1, sizeof(bb_arena_t))) == NULL) return false;
  if (layers > 0) {
    p->services = calloc(layers, sizeof(bb_service_t));
    if (p->services == NULL) {
      bb_case_release(p);
      return false;
    }
    for (unsigned i = 0; i < layers; i++)
      p->services[i] = (bb_service_t){&bb__layer_service_vtable,
                                      i + 1 < layers ? &p->services[i + 1] : payload,
                                      reuse ? &p->sites[i + 1] : NULL};
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
  if (p->sites != NULL)
    for (unsigned i = 0; i < p->c.depth; i++) bb_reusable_release(&p->sites[i]);
  if (p->arena != NULL) bb_arena_free(p->arena);
  free(p->arena);
  free(p->sites);
  free(p->services);
  free(p->slot);
  p->sites = NULL;
  p->arena = NULL;
  p->services = NULL;
  p->slot = NULL;
}

void bb_case_settle(const bb_prepared_t *p) {
  if (p->c.mode == BB_MODE_REUSE || p->c.mode == BB_MODE_ARENA) bb_case_run(p, 0, 2);
}

const bb_service_t *bb_case_service(const bb_prepared_t *p) {
  if (p->c.mode == BB_MODE_INLINE || p->c.mode == BB_MODE_NATIVE_MOVED ||
      p->c.mode == BB_MODE_ALLOC)
    return NULL;
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

/* inline-buf: the method returns a StackFuture<cap> into this frame; awaiting it polls through its
 * function pointer, and dropping it drops the future (and frees it, if it was boxed). */
static uint64_t bb__run_stack(const bb_service_t *svc, size_t cap, uint64_t first, uint64_t n,
                              bool pending) {
  BB_STACKFUT_OF(BB__STACK_MAX) storage;
  bb_stackfut_t *sf = &storage.h;
  uint64_t acc = 0;
  for (uint64_t i = 0; i < n; i++) {
    svc->vt->call_stack(svc, sf, cap, first + i, pending);
    acc += bb_block_on(sf->poll, sf->data);
    bb_stackfut_drop(sf);
  }
  return acc;
}

/* reuse: the caller's site refilled for every call, its future polled through the box's vtable. */
static uint64_t bb__run_reuse(const bb_service_t *svc, bb_reusable_t *site, uint64_t first,
                              uint64_t n, bool pending) {
  uint64_t acc = 0;
  for (uint64_t i = 0; i < n; i++) {
    svc->vt->call_reuse(svc, site, first + i, pending);
    acc += bb_block_on(site->vt->poll, site->ptr);
  }
  return acc;
}

/* arena: one request per call, its futures in the arena, which is reset once the request ends. */
static uint64_t bb__run_arena(const bb_service_t *svc, bb_arena_t *arena, uint64_t first,
                              uint64_t n, bool pending) {
  uint64_t acc = 0;
  for (uint64_t i = 0; i < n; i++) {
    bb_box_t b = svc->vt->call_arena(svc, arena, first + i, pending);
    acc += bb_block_on(b.vt->poll, b.ptr);
    bb_arena_box_drop(b);
    bb_arena_reset(arena);
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
  bool pending = bb__patterns[p->c.pattern].pending;
  switch (p->c.mode) {
  case BB_MODE_INLINE:
  case BB_MODE_NATIVE_MOVED:
    return p->inline_run(first, n, pending);
  case BB_MODE_REUSE:
    return bb__run_reuse(bb_case_service(p), &p->sites[0], first, n, pending);
  case BB_MODE_ARENA:
    return bb__run_arena(bb_case_service(p), p->arena, first, n, pending);
  case BB_MODE_ALLOC:
    return bb__run_alloc(p->c.size, first, n);
  case BB_MODE_DYN:
    return bb__run_dyn(bb_case_service(p), p->slot, first, n, pending);
  case BB_MODE_BOX:
    return bb__run_box(bb_case_service(p), false, first, n, pending);
  case BB_MODE_BOX_INPLACE:
    return bb__run_box(bb_case_service(p), true, first, n, pending);
  default:
    if (bb_mode_buffer(p->c.mode) > 0)
      return bb__run_stack(bb_case_service(p), bb_mode_buffer(p->c.mode), first, n, pending);
    abort();
  }
}
