/* The out-of-line half of the future runtime: the block_on waker and the panics. */
#include <stdio.h>
#include <stdlib.h>

#include "bb_future.h"

static void bb__flag_wake_by_ref(const void *data) { *(volatile bool *)data = true; }
static void bb__flag_wake(const void *data) { bb__flag_wake_by_ref(data); }
static void bb__flag_drop(const void *data) { (void)data; }
static bb_waker_t bb__flag_clone(const void *data) {
  return (bb_waker_t){&bb__flag_waker_vtable, data};
}

const bb_waker_vtable_t bb__flag_waker_vtable = {bb__flag_clone, bb__flag_wake,
                                                 bb__flag_wake_by_ref, bb__flag_drop};

void bb__poll_after_ready(void) {
  fputs("boxbench: a future was polled after it returned Ready\n", stderr);
  abort();
}

void bb__lost_wakeup(void) {
  fputs("boxbench: a future returned Pending without waking its waker\n", stderr);
  abort();
}
