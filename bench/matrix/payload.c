/* The payload future of each size behind the Service trait: its vtable and the ways the modes call
 * it. */
#include "bb_payload.h"

/* The payload future owns nothing (its array is plain bytes), but a vtable always has a drop and
 * Box's drop always calls it. */
static void bb__payload_drop(void *self) { (void)self; }

/* One call of the payload's service per placement: the same future, placed as each mode places
 * it. */
#define BB__PAYLOAD_BUILDER(S, id, p, how, held, ...)                                              \
  static void bb__payload_##S##_build_##p(const bb_service_t *self, void *at_, size_t cap,         \
                                          uint64_t seed, bool pending) {                           \
    held *at = at_;                                                                                \
    BB_BUILD(how, p, bb_payload_##S##_t, bb__payload_##S##_make, &bb__payload_##S##_vt,            \
             &bb__payload_##S##_boxed);                                                            \
  }
#define BB__PAYLOAD_ENTRY(S, id, p, ...) [BB_PLACE_##id] = bb__payload_##S##_build_##p,

#define BB__PAYLOAD_SERVICE(S)                                                                     \
  static bb_poll_t bb__payload_##S##_poll_dyn(void *self, bb_context_t *cx, uint64_t *out) {       \
    return bb_payload_##S##_poll(self, cx, out);                                                   \
  }                                                                                                \
  static const bb_future_vtable_t bb__payload_##S##_vt = {                                         \
      bb__payload_drop, sizeof(bb_payload_##S##_t), _Alignof(bb_payload_##S##_t),                  \
      bb__payload_##S##_poll_dyn};                                                                 \
  BB_STACKFUT_BOXED(bb__payload_##S, bb__payload_##S##_poll_dyn, bb__payload_drop)                 \
  static inline void bb__payload_##S##_make(bb_payload_##S##_t *f, const bb_service_t *self,       \
                                            const void *at, uint64_t seed, bool pending) {         \
    (void)self, (void)at;                                                                          \
    bb_payload_##S##_init(f, seed, pending);                                                       \
  }                                                                                                \
  BB_SERVICE_PLACEMENTS(BB__PAYLOAD_BUILDER, S)                                                    \
  static const bb_service_vtable_t bb__payload_##S##_service_vt = {                                \
      {BB_SERVICE_PLACEMENTS(BB__PAYLOAD_ENTRY, S)}};                                              \
  static const bb_service_t bb__payload_##S##_service = {&bb__payload_##S##_service_vt, NULL, NULL};
BB_SIZES(BB__PAYLOAD_SERVICE)
#undef BB__PAYLOAD_SERVICE
#undef BB__PAYLOAD_ENTRY
#undef BB__PAYLOAD_BUILDER

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
