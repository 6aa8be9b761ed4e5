/* The payload future of each size: the innermost async fn of every call chain.
 *
 *   async fn payload(seed: u64, pending: bool) -> u64 {
 *       let buf = [seed as u8; SIZE];      // held across the await, so it lives in the future
 *       yield_once(pending).await;
 *       seed + buf[SIZE - 1] as u64 + SIZE
 *   }
 *
 * Calling it only stores the arguments; the first poll initialises the array inside the future,
 * wherever the future lives, so every mode pays for that initialisation.
 */
#ifndef BB_PAYLOAD_H
#define BB_PAYLOAD_H

#include "bb_cases.h"

#define BB__PAYLOAD_DEFINE(S)                                                                      \
  typedef struct bb_payload_##S##_s {                                                              \
    bb_resume_t state;                                                                             \
    bb_yield_t yield;                                                                              \
    uint64_t seed;                                                                                 \
    uint8_t buf[S];                                                                                \
  } bb_payload_##S##_t;                                                                            \
                                                                                                   \
  static inline void bb_payload_##S##_init(bb_payload_##S##_t *f, uint64_t seed, bool pending) {   \
    f->state = BB_RESUME_START;                                                                    \
    f->yield.pending = pending;                                                                    \
    f->seed = seed;                                                                                \
  }                                                                                                \
                                                                                                   \
  static inline bb_poll_t bb_payload_##S##_poll(void *self, bb_context_t *cx, uint64_t *out) {     \
    bb_payload_##S##_t *f = (bb_payload_##S##_t *)self;                                            \
    BB_RESUME_BEGIN(f->state)                                                                      \
    memset(f->buf, (uint8_t)f->seed, S);                                                           \
    bb_escape(f->buf);                                                                             \
    BB_AWAIT(f->state, bb_yield_poll(&f->yield, cx));                                              \
    *out = f->seed + f->buf[S - 1] + (uint64_t)S;                                                  \
    BB_RETURN_READY(f->state);                                                                     \
    BB_RESUME_END(f->state)                                                                        \
  }
BB_SIZES(BB__PAYLOAD_DEFINE)
#undef BB__PAYLOAD_DEFINE

#endif
