/* The payload future of each size behind the Service trait: its vtable and the ways the modes call
 * it. */
#include "bb_payload.h"

/* The payload future owns nothing (its array is plain bytes), but a vtable always has a drop and
 * Box's drop always calls it. */
static void bb__payload_drop(void *self) { (void)self; }

/* The future built by value, as box and the mitigations build it before moving it. The escape
 * keeps it a real object, so the move copies all of it, uninitialised array included, as Rust's
 * memcpy of the whole state machine does. */
#define BB__BUILT(S, f, seed, pending)                                                             \
  bb_payload_##S##_t f;                                                                            \
  bb_payload_##S##_init(&f, seed, pending);                                                        \
  bb_escape(&f)

#define BB__PAYLOAD_SERVICE(S)                                                                     \
  static bb_poll_t bb__payload_##S##_poll_dyn(void *self, bb_context_t *cx, uint64_t *out) {       \
    return bb_payload_##S##_poll(self, cx, out);                                                   \
  }                                                                                                \
  static const bb_future_vtable_t bb__payload_##S##_vt = {                                         \
      bb__payload_drop, sizeof(bb_payload_##S##_t), _Alignof(bb_payload_##S##_t),                  \
      bb__payload_##S##_poll_dyn};                                                                 \
                                                                                                   \
  static const bb_future_vtable_t *bb__payload_##S##_call_into(const bb_service_t *self,           \
                                                               void *slot, uint64_t seed,          \
                                                               bool pending) {                     \
    (void)self;                                                                                    \
    bb_payload_##S##_init((bb_payload_##S##_t *)slot, seed, pending);                              \
    return &bb__payload_##S##_vt;                                                                  \
  }                                                                                                \
                                                                                                   \
  static bb_box_t bb__payload_##S##_call_box(const bb_service_t *self, uint64_t seed,              \
                                             bool pending) {                                       \
    (void)self;                                                                                    \
    BB__BUILT(S, f, seed, pending);                                                                \
    return bb_box_pin(&f, &bb__payload_##S##_vt);                                                  \
  }                                                                                                \
                                                                                                   \
  static bb_box_t bb__payload_##S##_call_box_inplace(const bb_service_t *self, uint64_t seed,      \
                                                     bool pending) {                               \
    (void)self;                                                                                    \
    bb_box_t b = bb_box_uninit(&bb__payload_##S##_vt);                                             \
    bb_payload_##S##_init((bb_payload_##S##_t *)b.ptr, seed, pending);                             \
    return b;                                                                                      \
  }                                                                                                \
                                                                                                   \
  /* The mitigations: built by value as for box, then moved where each keeps it. */               \
  BB_STACKFUT_BOXED(bb__payload_##S, bb__payload_##S##_poll_dyn, bb__payload_drop)                 \
  static void bb__payload_##S##_call_stack(const bb_service_t *self, bb_stackfut_t *out,           \
                                           size_t cap, uint64_t seed, bool pending) {              \
    (void)self;                                                                                    \
    BB__BUILT(S, f, seed, pending);                                                                \
    bb_stackfut_from_or_box(out, cap, &f, &bb__payload_##S##_vt, &bb__payload_##S##_boxed);        \
  }                                                                                                \
  static void bb__payload_##S##_call_reuse(const bb_service_t *self, bb_reusable_t *site,          \
                                           uint64_t seed, bool pending) {                          \
    (void)self;                                                                                    \
    BB__BUILT(S, f, seed, pending);                                                                \
    bb_reusable_set(site, &f, &bb__payload_##S##_vt);                                              \
  }                                                                                                \
  static bb_box_t bb__payload_##S##_call_arena(const bb_service_t *self, bb_arena_t *arena,        \
                                               uint64_t seed, bool pending) {                      \
    (void)self;                                                                                    \
    BB__BUILT(S, f, seed, pending);                                                                \
    return bb_arena_box(arena, &f, &bb__payload_##S##_vt);                                         \
  }                                                                                                \
                                                                                                   \
  static const bb_service_vtable_t bb__payload_##S##_service_vt = {                                \
      bb__payload_##S##_call_into,  bb__payload_##S##_call_box,  bb__payload_##S##_call_box_inplace, \
      bb__payload_##S##_call_stack, bb__payload_##S##_call_reuse, bb__payload_##S##_call_arena};   \
  static const bb_service_t bb__payload_##S##_service = {&bb__payload_##S##_service_vt, NULL, NULL};
BB_SIZES(BB__PAYLOAD_SERVICE)
#undef BB__PAYLOAD_SERVICE

const bb_service_t *bb__payload_service(size_t size) {
#define BB__CASE(S)                                                                                \
  if (size == S) return &bb__payload_##S##_service;
  BB_SIZES(BB__CASE)
#undef BB__CASE
  return NULL;
}

size_t bb__payload_future_bytes(size_t size) {
#define BB__CASE(S)                                                                                \
  if (size == S) return sizeof(bb_payload_##S##_t);
  BB_SIZES(BB__CASE)
#undef BB__CASE
  return 0;
}
