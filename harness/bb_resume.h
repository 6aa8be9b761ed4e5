/* The resume mechanism under the future API, as Dunkels' lc.h sits under pt.h.
 *
 * A future's poll function is a switch on the small integer kept in the future's first field: case
 * 0 is the start, a case label stands at every suspension point, and a terminal value marks a
 * future that has returned. Two traps, as with protothreads: no suspension point inside a nested
 * switch, and locals of poll do not survive a suspension. Whatever must live across one is a field
 * of the future's struct, which is exactly what a Rust generator keeps and what Box::pin copies.
 */
#ifndef BB_RESUME_H
#define BB_RESUME_H

#include <stdint.h>

typedef uint32_t bb_resume_t;

#define BB_RESUME_START 0u        /* Unresumed: only the captured arguments are set. */
#define BB_RESUME_DONE UINT32_MAX /* Returned: polling again is a bug, as it panics in Rust. */

void bb__poll_after_ready(void) __attribute__((noreturn, cold));

#define BB_RESUME_BEGIN(state)                                                                     \
  switch (state) {                                                                                 \
  case BB_RESUME_START:

/* Poll `poll_expr` (which must evaluate to bb_poll_t) until it is ready, returning BB_PENDING to
 * our own caller meanwhile. __COUNTER__ rather than __LINE__ gives each point a distinct label even
 * when a macro puts several futures on one line. */
#define BB_AWAIT(state, poll_expr) BB__AWAIT(state, poll_expr, __COUNTER__ + 1)
#define BB__AWAIT(state, poll_expr, label)                                                         \
  (state) = (label);                                                                               \
  /* fallthrough */                                                                                \
  case (label):                                                                                    \
    if ((poll_expr) == BB_PENDING) return BB_PENDING

/* Mark the future returned and report it ready; the caller has stored the output already. */
#define BB_RETURN_READY(state)                                                                     \
  do {                                                                                             \
    (state) = BB_RESUME_DONE;                                                                      \
    return BB_READY;                                                                               \
  } while (0)

#define BB_RESUME_END(state)                                                                       \
  default:                                                                                         \
    bb__poll_after_ready();                                                                        \
    }

#endif
