/* Counters read with perf_event_open around the measured calls. Each event is opened on its own,
 * so a machine that refuses the hardware ones (most VMs) still gets the software ones; what could
 * not be opened is recorded as unavailable, with the kernel's reason, never reported as zero. */
#ifndef BB_PERF_H
#define BB_PERF_H

#include <stdbool.h>
#include <stdint.h>

/* id, name in the results, perf type, perf config */
#define BB_PERF_EVENTS(X)                                                                          \
  X(INSTRUCTIONS, "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS)                  \
  X(CYCLES, "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES)                                \
  X(BRANCH_MISSES, "branch_misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES)               \
  X(CACHE_MISSES, "cache_misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES)                  \
  X(MINOR_FAULTS, "minor_faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN)               \
  X(MAJOR_FAULTS, "major_faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ)               \
  X(CONTEXT_SWITCHES, "context_switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES)

typedef enum bb_perf_event_e {
#define BB__ENUM(id, name, type, config) BB_PERF_##id,
  BB_PERF_EVENTS(BB__ENUM) /* a constant per row */
#undef BB__ENUM
  BB_PERF_COUNT
} bb_perf_event_t;

typedef struct bb_perf_s {
  int fd[BB_PERF_COUNT];         /* -1 where the event is unavailable */
  uint64_t total[BB_PERF_COUNT]; /* Counted while enabled, summed over start/stop pairs. */
} bb_perf_t;

/* Open every event for the calling thread, disabled. Events already found unavailable in this
 * process are not tried again. */
void bb_perf_open(bb_perf_t *p);
void bb_perf_start(bb_perf_t *p);
void bb_perf_stop(bb_perf_t *p); /* Adds what was counted since start to total. */
void bb_perf_close(bb_perf_t *p);

const char *bb_perf_name(bb_perf_event_t e);
bool bb_perf_available(const bb_perf_t *p, bb_perf_event_t e);

/* "cycles (No such file or directory); ..." for every event this process could not open, or "". */
const char *bb_perf_unavailable(void);

#endif
