/* What the runner reports of the perf counters: per unit of work in each case's counters, and once
 * in the results' context which events this machine gives and which it refused. */
#include <stdio.h>
#include <string.h>

#include "bb_harness.h"
#include "bb_perf.h"

void bb_state_perf(bb_state_t *st, const bb_perf_t *perf, uint64_t units) {
  for (int e = 0; e < BB_PERF_COUNT; e++) {
    if (!bb_perf_available(perf, (bb_perf_event_t)e)) continue;
    char name[48];
    snprintf(name, sizeof name, "perf_%s", bb_perf_name((bb_perf_event_t)e));
    bb_state_counter(st, name, units ? (double)perf->total[e] / (double)units : 0,
                     BB_COUNTER_TOTAL);
  }
}

void bb_context_describe_perf(void) {
  /* Learn once which counters this machine gives: opening every event records those refused. */
  bb_perf_t probe;
  bb_perf_open(&probe);
  bb_perf_close(&probe);
  char events[256] = "";
  for (int e = 0; e < BB_PERF_COUNT; e++) {
    size_t len = strlen(events);
    snprintf(events + len, sizeof events - len, "%s%s", e ? "," : "",
             bb_perf_name((bb_perf_event_t)e));
  }
  bb_context_add("bb_perf_events", events);
  bb_context_add("bb_perf_unavailable", bb_perf_unavailable());
  if (bb_perf_unavailable()[0] != '\0')
    fprintf(stderr, "***WARNING*** boxbench: perf counters unavailable: %s\n",
            bb_perf_unavailable());
}
