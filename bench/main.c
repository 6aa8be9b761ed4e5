/* A runner: every unit registered with the harness, under whichever allocator this runner was
 * linked with (allocators/). One runner per allocator, as a Rust binary has one global allocator.
 *
 * Its own flags (bb_flags.h) are taken out before google-benchmark reads the rest. It reads as
 * its phases: check the allocator, take the flags, pin, then either print the catalogue, or
 * interleave units for paired ratios, or describe the machine, register every unit and run what
 * google-benchmark's flags select. */
#include <stdio.h>

#include "bb_allocator.h"
#include "bb_catalogue.h"
#include "bb_cpu.h"
#include "bb_flags.h"
#include "bb_harness.h"
#include "bb_interleave.h"
#include "bb_register.h"
#include "bb_timer.h"

static bb_allocator_id_t bb__allocator;

/* The allocator answering malloc must be the one this runner was built for. */
static bool bb__check_allocator(void) {
  const char *why = bb_allocator_identify(&bb__allocator);
  if (why != NULL) fprintf(stderr, "boxbench: %s\n", why);
  if (why == NULL && bb__allocator.note_key != NULL)
    bb_context_add(bb__allocator.note_key, bb__allocator.note);
  return why == NULL;
}

static bool bb__take_flags(int *argc, char **argv, bb__flags_t *flags) {
  if (bb__flags_take(argc, argv, flags)) return true;
  fprintf(stderr, "boxbench: %s\n", flags->why);
  return false;
}

static bool bb__pin(const bb__flags_t *flags) {
  if (flags->cpu < 0) return true;
  if (!bb_cpu_pin_main(flags->cpu)) {
    fprintf(stderr, "boxbench: --bb_cpu=%d: not a CPU this process may use\n", flags->cpu);
    return false;
  }
  char buf[16];
  snprintf(buf, sizeof buf, "%d", flags->cpu);
  bb_context_add("bb_cpu", buf);
  return true;
}

/* What every result records beside its figures: the allocator, the build, the machine's load, the
 * timer's own cost and the perf counters this machine gives. */
static void bb__describe(void) {
  bb_context_add("bb_allocator", bb__allocator.name);
  bb_context_add("bb_allocator_version", bb__allocator.version);
  bb_context_describe_build();
  char timer[32];
  snprintf(timer, sizeof timer, "%.1f", bb_timer_overhead_ns());
  bb_context_add("bb_timer_overhead_ns", timer);
  bb_context_describe_perf();
}

int main(int argc, char **argv) {
  bb__flags_t flags;
  if (!bb__check_allocator() || !bb__take_flags(&argc, argv, &flags) || !bb__pin(&flags)) return 2;
  if (flags.catalogue) {
    bb__catalogue_print(stdout, &bb__allocator);
    return fflush(stdout) == 0 ? 0 : 1;
  }
  if (flags.units > 0) return bb__interleave_main(&flags);
  bb__describe();
  if (!bb__register_units(flags.running)) return 2;
  return bb_main(argc, argv);
}
