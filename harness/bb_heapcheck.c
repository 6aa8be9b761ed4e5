/* The heap's block count under valgrind's memcheck, so that the runner can check every case gives
 * back every block it took (bb_shim.cc compares the count before and after each run of a case).
 * Outside memcheck the count is always 0 and the check passes without costing anything. */
#include "bb_heapcheck.h"

#if __has_include(<valgrind/memcheck.h>)
#include <pthread.h>
#include <stdbool.h>
#include <valgrind/memcheck.h>

static void *bb__nothing(void *arg) { return arg; }

uint64_t bb__heap_blocks(void) {
  if (!RUNNING_ON_VALGRIND) return 0;
  /* glibc keeps a joined thread's stack for the next thread, with one heap block of its TLS: the
   * first case that starts a thread would end holding a block that is glibc's, not the case's.
   * One thread started and joined before the first count fills that cache. */
  static bool primed;
  if (!primed) {
    pthread_t t;
    if (pthread_create(&t, NULL, bb__nothing, NULL) == 0) pthread_join(t, NULL);
    primed = true;
  }
  /* A leak check classifies every live block; their sum is every block the program holds. Other
   * valgrind tools ignore both requests and leave the counts at 0. */
  unsigned long leaked = 0, dubious = 0, reachable = 0, suppressed = 0;
  VALGRIND_DO_QUICK_LEAK_CHECK;
  VALGRIND_COUNT_LEAK_BLOCKS(leaked, dubious, reachable, suppressed);
  return (uint64_t)leaked + dubious + reachable + suppressed;
}
#else
uint64_t bb__heap_blocks(void) { return 0; }
#endif
