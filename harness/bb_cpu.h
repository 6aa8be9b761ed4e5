/* Pinning: a runner pins its measuring thread to one CPU (on a VM the vCPUs can differ by a factor
 * of two at the same moment), and a helper thread, such as the cross-thread state's, to another. */
#ifndef BB_CPU_H
#define BB_CPU_H

#include <stdbool.h>

/* Remember the CPUs this process may use, then pin the calling thread to `cpu`. false if not one
 * of them. */
bool bb_cpu_pin_main(int cpu);

/* Pin the calling thread to a CPU of the remembered set other than the main thread's, if there is
 * one; returns the CPU, or -1 if it shares the main thread's. */
int bb_cpu_pin_helper(void);

#endif
