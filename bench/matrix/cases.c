/* The case table and the measured loops of the vtable modes. Preparing a case (building its
 * services, sizing its storage) happens here, never inside bb_case_run. */
#include <stdio.h>

#include "bb_cases.h"
#include "bb_layer.h"

/* The largest inline-buf mode's buffer (bb_cases.h's BB_INLINE_BUFS): the caller's StackFuture
 * storage is this big. */
#define BB__BUF_BYTES(_, N) unsigned char b##N[N];
union bb__stack_max_u {
  BB_INLINE_BUFS(BB__BUF_BYTES, _)
};
#undef BB__BUF_BYTES
#define BB__STACK_MAX sizeof(union bb__stack_max_u)

static const struct {
  const char *name, *what, *rust;
  bool future;
  bb_place_t place;
  size_t buffer;
} bb__modes[] = {
#define BB__ROW(id, name, future, place, buf, rust, what)                                          \
  {name, what, rust, future, BB_PLACE_##place, buf},
    BB_MODES(BB__ROW)
#undef BB__ROW
};

/* The placements' columns (bb_place.h). */
static const struct {
  bool service; /* placed by a vtable call (so the case has services) */
  bb_allocs_t allocs;
  bool frees, keeps;
  bb_storage_t storage;
} bb__places[] = {
#define BB__ROW(a, id, p, how, held, allocs, frees, keeps, storage, what)                          \
  {BB__SERVICE_##how, allocs, frees, keeps, storage},
#define BB__SERVICE_NONE false
#define BB__SERVICE_VALUE true
#define BB__SERVICE_AT true
#define BB__SERVICE_FIT true
    BB_PLACEMENTS(BB__ROW, _)
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
bb_place_t bb_mode_place(bb_mode_t m) { return bb__modes[m].place; }
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

const size_t bb_sizes[BB_SIZE_COUNT] = {
#define BB__SIZE(S) S,
    BB_SIZES(BB__SIZE)
#undef BB__SIZE
};

const unsigned bb_depths[BB_DEPTH_COUNT] = {
#define BB__DEPTH(a, D) D,
    BB_DEPTHS(BB__DEPTH, _)
#undef BB__DEPTH
};

/* native-moved's temporaries may all be live at once, one per level on the stack. */
#define BB__MOVED_STACK (2u << 20)

bool bb_case_built(const bb_case_t *c) {
  bb_place_t pl = bb__modes[c->mode].place;
  /* No future: nothing for a depth or a pattern to change. */
  if (!bb__modes[c->mode].future && (c->depth != 1 || c->pattern != BB_PATTERN_READY)) return false;
  if (pl == BB_PLACE_MOVED && c->size * c->depth > BB__MOVED_STACK) return false;
  return c->state != BB_STATE_CROSS_THREAD || bb__places[pl].frees;
}

size_t bb_cases_all(bb_case_t *out, size_t max) {
  size_t n = 0;
  for (unsigned st = 0; st < BB_STATE_COUNT; st++)
    for (unsigned m = 0; m < BB_MODE_COUNT; m++)
      for (size_t s = 0; s < BB_SIZE_COUNT; s++)
        for (size_t d = 0; d < BB_DEPTH_COUNT; d++)
          for (unsigned p = 0; p < BB_PATTERN_COUNT; p++) {
            bb_case_t c = {(bb_mode_t)m, bb_sizes[s], bb_depths[d], (bb_pattern_t)p,
                           (bb_alloc_state_t)st};
            if (!bb_case_built(&c)) continue;
            if (n == max) return n;
            out[n++] = c;
          }
  return n;
}

unsigned bb_case_allocs_per_call(const bb_case_t *c) {
  size_t cap = bb_mode_buffer(c->mode);
  bb_place_t pl = bb__modes[c->mode].place;
  switch (bb__places[pl].allocs) {
  case BB_ALLOCS_ONE:
    return 1;
  case BB_ALLOCS_EACH_LEVEL:
    return c->depth;
  case BB_ALLOCS_OVER_BUFFER: /* Every level whose future is larger than the buffer is boxed. */
    return (c->depth - 1) * (bb__layer_future_bytes(pl, cap) > cap) +
           (bb__payload_future_bytes(c->size) > cap);
  default:
    return 0;
  }
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
  return seeds + bb__low_byte_sum(first + n) - bb__low_byte_sum(first) +
         n * (c->size + c->depth - 1);
}

size_t bb_case_future_bytes(const bb_case_t *c) {
  if (!bb__modes[c->mode].future) return 0;
  bb_place_t pl = bb__modes[c->mode].place;
  size_t bytes = 0;
  if (!bb__places[pl].service) {
    bb__inline_runner(c->size, c->depth, false, &bytes);
    return bytes;
  }
  /* depth - 1 layers, each forwarding to the next, the last to the payload service. */
  return (c->depth - 1) * bb__layer_future_bytes(pl, bb_mode_buffer(c->mode)) +
         bb__payload_future_bytes(c->size);
}

/* Preparing a case of each placement without services. */
static bool bb__prepare_embed(bb_prepared_t *p) {
  p->inline_run = bb__inline_runner(p->c.size, p->c.depth, false, &p->future_bytes);
  return p->inline_run != NULL;
}
static bool bb__prepare_moved(bb_prepared_t *p) {
  p->inline_run = bb__inline_runner(p->c.size, p->c.depth, true, &p->future_bytes);
  return p->inline_run != NULL;
}
static bool bb__prepare_nothing(bb_prepared_t *p) {
  (void)p;
  return true;
}

/* A chain of services, the top one first, each layer forwarding to the next and the last to the
 * payload, with the storage its placement needs. */
static bool bb__prepare_service(bb_prepared_t *p) {
  const bb_case_t *c = &p->c;
  bb_storage_t storage = bb__places[bb__modes[c->mode].place].storage;
  unsigned layers = c->depth - 1;
  p->future_bytes = bb_case_future_bytes(c);
  /* reuse: one site per call of the chain, empty until its first call fills it. */
  if (storage == BB_STORAGE_SITES && (p->sites = calloc(c->depth, sizeof(bb_reusable_t))) == NULL)
    return false;
  if (storage == BB_STORAGE_ARENA && (p->arena = calloc(1, sizeof(bb_arena_t))) == NULL)
    return false;
  if (storage == BB_STORAGE_SLOT &&
      (p->slot = aligned_alloc(64, (p->future_bytes + 63) & ~(size_t)63)) == NULL)
    return false;
  if (layers > 0 && (p->services = calloc(layers, sizeof(bb_service_t))) == NULL) return false;
  for (unsigned i = 0; i < layers; i++)
    p->services[i] =
        (bb_service_t){&bb__layer_service_vtable,
                       i + 1 < layers ? &p->services[i + 1] : bb__payload_service(c->size),
                       p->sites != NULL ? &p->sites[i + 1] : NULL};
  return true;
}

#define BB__PREPARE_NONE(p) bb__prepare_##p
#define BB__PREPARE_VALUE(p) bb__prepare_service
#define BB__PREPARE_AT(p) bb__prepare_service
#define BB__PREPARE_FIT(p) bb__prepare_service
static bool (*const bb__prepares[])(bb_prepared_t *) = {
#define BB__ROW(a, id, p, how, ...) BB__PREPARE_##how(p),
    BB_PLACEMENTS(BB__ROW, _)
#undef BB__ROW
};

bool bb_case_prepare(const bb_case_t *c, bb_prepared_t *p) {
  *p = (bb_prepared_t){.c = *c};
  if (bb__payload_service(c->size) == NULL || c->depth < 1 || c->depth > BB_DEPTH_MAX ||
      c->mode >= BB_MODE_COUNT || c->pattern >= BB_PATTERN_COUNT || c->state >= BB_STATE_COUNT ||
      !bb_case_built(c))
    return false;
  if (bb__prepares[bb__modes[c->mode].place](p)) return true;
  bb_case_release(p);
  return false;
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
  if (bb__places[bb__modes[p->c.mode].place].keeps) bb_case_run(p, 0, 2);
}

const bb_service_t *bb_case_service(const bb_prepared_t *p) {
  if (!bb__places[bb__modes[p->c.mode].place].service) return NULL;
  return p->services != NULL ? p->services : bb__payload_service(p->c.size);
}

/* What the top-level caller holds for each placement: in its frame (box, stack, arena's hold), or
 * in the case's storage (dyn's slot, reuse's site). */
typedef bb_box_t bb__frame_into_t, bb__frame_box_t, bb__frame_inplace_t;
typedef BB_STACKFUT_OF(BB__STACK_MAX) bb__frame_stack_t;
typedef char bb__frame_reuse_t;
typedef bb_arena_hold_t bb__frame_arena_t;
static bb_box_t *bb__top_into(const bb_prepared_t *p, bb_box_t *frame) {
  frame->ptr = p->slot;
  return frame;
}
static bb_box_t *bb__top_box(const bb_prepared_t *p, bb_box_t *frame) { return (void)p, frame; }
static bb_box_t *bb__top_inplace(const bb_prepared_t *p, bb_box_t *frame) { return (void)p, frame; }
static bb_stackfut_t *bb__top_stack(const bb_prepared_t *p, bb__frame_stack_t *frame) {
  return (void)p, &frame->h;
}
static bb_reusable_t *bb__top_reuse(const bb_prepared_t *p, char *frame) {
  return (void)frame, &p->sites[0];
}
static bb_arena_hold_t *bb__top_arena(const bb_prepared_t *p, bb_arena_hold_t *frame) {
  frame->arena = p->arena;
  return frame;
}
/* After each top-level call: arena's request ends, and its arena is reset. */
#define BB__END_arena(p) bb_arena_reset((p)->arena)
#define BB__END_into(p) ((void)0)
#define BB__END_box(p) ((void)0)
#define BB__END_inplace(p) ((void)0)
#define BB__END_stack(p) ((void)0)
#define BB__END_reuse(p) ((void)0)

/* The measured loop of each placement: n top-level calls, each built and placed by the top
 * service's call, polled to completion through what holds it, released, and its request ended. */
#define BB__RUN(a, id, p, how, held, ...)                                                          \
  static uint64_t bb__run_##p(const bb_prepared_t *pr, uint64_t first, uint64_t n, bool pending) { \
    const bb_service_t *svc = bb_case_service(pr);                                                 \
    size_t cap = bb_mode_buffer(pr->c.mode);                                                       \
    bb__frame_##p##_t frame;                                                                       \
    held *h = bb__top_##p(pr, &frame);                                                             \
    uint64_t acc = 0;                                                                              \
    for (uint64_t i = 0; i < n; i++) {                                                             \
      bb_call(svc, BB_PLACE_##id, h, cap, first + i, pending);                                     \
      bb_held_t f = bb_held_##p(h);                                                                \
      acc += bb_block_on(f.poll, f.ptr);                                                           \
      bb_release_##p(h);                                                                           \
      BB__END_##p(pr);                                                                             \
    }                                                                                              \
    return acc;                                                                                    \
  }
BB_SERVICE_PLACEMENTS(BB__RUN, _)
#undef BB__RUN

/* native and native-moved: the monomorphised chain's own loop. */
static uint64_t bb__run_embed(const bb_prepared_t *p, uint64_t first, uint64_t n, bool pending) {
  return p->inline_run(first, n, pending);
}
static uint64_t bb__run_moved(const bb_prepared_t *p, uint64_t first, uint64_t n, bool pending) {
  return p->inline_run(first, n, pending);
}

/* alloc: the allocator's own price for the size, the block never touched (Box::new_uninit). */
static uint64_t bb__run_nothing(const bb_prepared_t *p, uint64_t first, uint64_t n, bool pending) {
  size_t size = p->c.size;
  uint64_t acc = 0;
  (void)pending;
  for (uint64_t seed = first; seed < first + n; seed++) {
    void *block = bb_alloc(size, 1);
    bb_escape(block);
    bb_dealloc(block);
    acc += seed + (seed & 0xff) + size;
  }
  return acc;
}

static uint64_t (*const bb__runs[])(const bb_prepared_t *, uint64_t, uint64_t, bool) = {
#define BB__ROW(a, id, p, ...) bb__run_##p,
    BB_PLACEMENTS(BB__ROW, _)
#undef BB__ROW
};

uint64_t bb_case_run(const bb_prepared_t *p, uint64_t first, uint64_t n) {
  return bb__runs[bb__modes[p->c.mode].place](p, first, n, bb__patterns[p->c.pattern].pending);
}
