/* The build and the machine's state, recorded in every result's context. A warning is printed and
 * recorded for whatever makes a timing doubtful, as google-benchmark does for CPU scaling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bb_harness.h"

#ifndef BB_BUILD_TYPE
#define BB_BUILD_TYPE "unknown"
#endif
#ifndef BB_COMPILER
#define BB_COMPILER "unknown"
#endif
#ifndef BB_C_FLAGS
#define BB_C_FLAGS "unknown"
#endif

void bb_context_describe_build(void) {
  char warnings[512] = "";
  bb_context_add("bb_build_type", BB_BUILD_TYPE);
  bb_context_add("bb_compiler", BB_COMPILER);
  bb_context_add("bb_c_flags", BB_C_FLAGS);
#ifdef BB_RUSTC_VERSION
  bb_context_add("bb_rustc", BB_RUSTC_VERSION); /* the rustc of bench/rust, where it is built */
#endif
#ifndef NDEBUG
  strcat(warnings, "debug build: timings are not representative; ");
#endif
  double load[1];
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (getloadavg(load, 1) == 1) {
    char buf[32];
    snprintf(buf, sizeof buf, "%.2f", load[0]);
    bb_context_add("bb_loadavg_1min", buf);
    if (cpus > 0 && load[0] > 0.5 * (double)cpus)
      strcat(warnings, "the machine is loaded (1-minute load average over half the CPUs); ");
  }
  bb_context_add("bb_warnings", warnings);
  if (warnings[0] != '\0') fprintf(stderr, "***WARNING*** boxbench: %s\n", warnings);
}
