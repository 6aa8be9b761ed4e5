/* The harness's own units, measured beside every run: the empty loop, whose cost is part of every
 * unit's, and the machine's controls, operations no code of boxbench changes, so that a run says
 * what the machine was while it ran and a comparison can tell the machine from the code
 * (`boxbench compare`, docs/design.md, "Comparisons and advice"). Each is one thing a claim's
 * figure is bound to:
 * - spin: a chain of dependent multiply-adds, the CPU's clock and nothing else;
 * - indirect-call: a call through a function pointer to the same function every time, predicted,
 *   what a vtable call costs once its target is known;
 * - syscall: one read() of an empty, non-blocking pipe, the system call the event-loop port makes
 *   per statistics count, so its price is the kernel's entry and exit on this machine;
 * - malloc-free-64: a malloc of 64 bytes and its free, by the runner's allocator: what a small
 *   box's allocation costs once the allocator is warm (the matrix's alloc mode measures it too, at
 *   every size and state, when it is selected; this one is measured in every run). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bb_barrier.h"
#include "bb_unit.h"

/* The controls' code stays where it is in every code layout of a build: in a section of its own,
 * which the layouts' shuffle (CMakeLists.txt shuffles .text*) leaves out, each function at the
 * start of a cache line. A control the layout moved would read the code's luck as the machine's:
 * linked in one layout per build, the indirect call took 0.86x and 1.14x from one build to the
 * next while the machine held. The linker puts the section after the shuffled code, whose end
 * differs between layouts by their padding (a few KiB): the section starts at the next 64 KiB
 * (the first function's alignment is the section's), which those differences do not reach; a
 * page's alignment did not, one layout's code ending past the page where the others' ended.
 * tests/test_codegen.py checks the controls' addresses in every layout. */
#define BB__CONTROL __attribute__((section("bb_controls"), aligned(64)))
#define BB__CONTROL_FIRST __attribute__((section("bb_controls"), aligned(65536)))

typedef struct bb__control_s {
  bb_unit_t head;
  int pipe_rd, pipe_wr; /* syscall's; -1 elsewhere */
} bb__control_t;

/* A loop that does nothing but keep its counter alive. */
static BB__CONTROL_FIRST bool bb__empty_run(bb_unit_t *u, uint64_t first, uint64_t n, double *ns) {
  (void)u, (void)ns;
  for (uint64_t i = first; i < first + n; i++) bb_do_not_optimize(i);
  return true;
}

/* 16 multiply-adds, each on the last one's result: their latency, whatever the memory does. */
enum { BB__SPIN_STEPS = 16 };
static BB__CONTROL bool bb__spin_run(bb_unit_t *u, uint64_t first, uint64_t n, double *ns) {
  (void)u, (void)ns;
  uint64_t x = first;
  for (uint64_t i = 0; i < n; i++) {
    for (int s = 0; s < BB__SPIN_STEPS; s++) {
      x = x * 6364136223846793005u + 1442695040888963407u;
      bb_do_not_optimize(x);
    }
  }
  return true;
}

static BB__CONTROL __attribute__((noinline)) uint64_t bb__callee(uint64_t x) {
  bb_do_not_optimize(x);
  return x + 1;
}

/* The pointer read through a volatile each unit, so the compiler can neither inline the call nor
 * hoist the load: each unit is one load and one indirect call, to the same target. */
static uint64_t (*volatile bb__target)(uint64_t) = bb__callee;
static BB__CONTROL bool bb__indirect_run(bb_unit_t *u, uint64_t first, uint64_t n, double *ns) {
  (void)u, (void)ns;
  uint64_t x = first;
  for (uint64_t i = 0; i < n; i++) x = bb__target(x);
  return x == first + n;
}

static BB__CONTROL bool bb__malloc_run(bb_unit_t *u, uint64_t first, uint64_t n, double *ns) {
  (void)u, (void)first, (void)ns;
  for (uint64_t i = 0; i < n; i++) {
    void *p = malloc(64);
    if (p == NULL) return false;
    bb_escape(p);
    free(p);
  }
  return true;
}

static BB__CONTROL bool bb__syscall_run(bb_unit_t *u, uint64_t first, uint64_t n, double *ns) {
  (void)first, (void)ns;
  bb__control_t *c = (bb__control_t *)u;
  char byte;
  for (uint64_t i = 0; i < n; i++)
    if (read(c->pipe_rd, &byte, 1) != -1 || errno != EAGAIN) return false;
  return true;
}

/* The harness's units: name, run, system calls per unit (a unit that makes one reads a pipe),
 * allocations per unit. */
#define BB__CONTROLS(X)                                                                            \
  X("empty", bb__empty_run, 0, 0)                                                                  \
  X("spin", bb__spin_run, 0, 0)                                                                    \
  X("indirect-call", bb__indirect_run, 0, 0)                                                       \
  X("malloc-free-64", bb__malloc_run, 0, 1)                                                        \
  X("syscall", bb__syscall_run, 1, 0)

static bb_unit_t *bb__control_open(const bb_unit_desc_t *d) {
  bb__control_t *c = malloc(sizeof *c);
  if (c == NULL) return NULL;
  *c = (bb__control_t){{d}, -1, -1};
  if (d->syscalls > 0) {
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
      free(c);
      return NULL;
    }
    c->pipe_rd = fds[0], c->pipe_wr = fds[1];
  }
  return &c->head;
}

static void bb__control_close(bb_unit_t *u) {
  bb__control_t *c = (bb__control_t *)u;
  if (c->pipe_rd >= 0) close(c->pipe_rd), close(c->pipe_wr);
  free(c);
}

/* The table as rows: each control's name, constants and vtable. */
static const struct {
  const char *name;
  double syscalls, allocs;
  bb_unit_vtable_t vt;
} bb__controls[] = {
#define BB__ROW(name, run, calls, allocs)                                                          \
  {name, calls, allocs, {bb__control_open, run, bb_unit_count_batch, bb__control_close}},
    BB__CONTROLS(BB__ROW)
#undef BB__ROW
};
enum { BB__CONTROL_COUNT = sizeof bb__controls / sizeof *bb__controls };
_Static_assert((size_t)BB__CONTROL_COUNT <= (size_t)BB_HARNESS_UNITS_MAX,
               "more harness units than bb_unit.h "
               "makes room for");

size_t bb__harness_units(bb_unit_desc_t *out, size_t max) {
  size_t n = 0;
  for (; n < BB__CONTROL_COUNT && n < max; n++) {
    out[n] = bb_unit_desc(BB_SUITE_HARNESS);
    strcpy(out[n].name, bb__controls[n].name);
    out[n].syscalls = bb__controls[n].syscalls;
    out[n].allocs = bb__controls[n].allocs;
    out[n].vt = &bb__controls[n].vt;
  }
  return n;
}
