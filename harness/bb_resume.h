/* The resume mechanism under the future API, as Dunkels' lc.h sits under pt.h.
 *
 * A future's poll function is a switch on the small integer kept in the future's first field,
 * numbered as rustc numbers a coroutine's states: 0 is the start (Unresumed), 1 a future that has
 * returned, 2 is rustc's Panicked (never reached here: nothing unwinds), and each suspension point
 * of the body takes the next number from 3 on. Dense numbers let the compiler dispatch a body of
 * many states through a jump table, as LLVM does for rustc's. Two traps, as with protothreads: no
 * suspension point inside a nested switch, and locals of poll do not survive a suspension. Whatever
 * must live across one is a field of the future's struct, which is exactly what a Rust generator
 * keeps and what Box::pin copies.
 */
#ifndef BB_RESUME_H
#define BB_RESUME_H

#include <stdint.h>

typedef uint32_t bb_resume_t;

#define BB_RESUME_START 0u     /* Unresumed: only the captured arguments are set. */
#define BB_RESUME_DONE 1u      /* Returned: polling again is a bug, as it panics in Rust. */
#define BB__RESUME_PANICKED 2u /* rustc's Panicked: no body here unwinds, so never stored */
#define BB__RESUME_FIRST 3u    /* the first suspension point's number */

void bb__poll_after_ready(void) __attribute__((noreturn, cold));

/* The body's first counter value, kept in a constant of the poll function's own scope, from which
 * its suspension points count. One body per function, as rustc makes one resume function per
 * coroutine. */
#define BB_RESUME_BEGIN(state)                                                                     \
  enum { bb__resume_base = __COUNTER__ };                                                          \
  switch (state) {                                                                                 \
  case BB_RESUME_START:

/* Poll `poll_expr` (which must evaluate to bb_poll_t) until it is ready, returning BB_PENDING to
 * our own caller meanwhile. __COUNTER__ rather than __LINE__ gives each point a distinct label even
 * when a macro puts several futures on one line; counted from the body's base, the labels are
 * 3, 4, 5, ... in each poll function. */
#define BB_AWAIT(state, poll_expr)                                                                 \
  BB__AWAIT(state, poll_expr, BB__RESUME_FIRST - 1u + (__COUNTER__ - bb__resume_base))
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

/* The two terminal states panic, in one arm as LLVM merges rustc's two (the bodies of the matrix's
 * Rust twins, bench/rust, compare 0 and 3 and branch to one panic), and no other value: a state is
 * only ever one of the numbers above, so the switch needs no range check, as rustc's needs none.
 * A body of one suspension point is then three targets, which both compilers compare, and one of
 * two or more a jump table (CMakeLists.txt sets GCC's threshold to LLVM's). */
#define BB_RESUME_END(state)                                                                       \
  case BB_RESUME_DONE:                                                                             \
  case BB__RESUME_PANICKED:                                                                        \
    bb__poll_after_ready();                                                                        \
  default:                                                                                         \
    __builtin_unreachable();                                                                       \
    }

#endif
