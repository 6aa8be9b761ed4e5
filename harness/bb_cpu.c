#define _GNU_SOURCE
#include "bb_cpu.h"

#include <sched.h>

static cpu_set_t bb__allowed;
static int bb__main_cpu = -1;

bool bb_cpu_pin_main(int cpu) {
  if (sched_getaffinity(0, sizeof bb__allowed, &bb__allowed) != 0) return false;
  if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &bb__allowed)) return false;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  if (sched_setaffinity(0, sizeof one, &one) != 0) return false;
  bb__main_cpu = cpu;
  return true;
}

int bb_cpu_pin_helper(void) {
  if (bb__main_cpu < 0) return -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
    if (cpu == bb__main_cpu || !CPU_ISSET(cpu, &bb__allowed)) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof one, &one) == 0) return cpu;
  }
  return -1;
}
