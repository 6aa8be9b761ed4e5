/* glibc's malloc (ptmalloc2): the system allocator, and Rust's default global allocator on Linux. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <stdlib.h>
#include <string.h>

#include "bb_allocator.h"
#include "bb_harness.h"

const char *bb_allocator_describe(void) {
  /* The malloc this process calls must be libc's own: a preloaded allocator would replace it. */
  Dl_info info;
  if (dladdr((void *)malloc, &info) == 0 || info.dli_fname == NULL ||
      strstr(info.dli_fname, "libc.so") == NULL)
    return "the glibc runner's malloc is not glibc's (is another allocator preloaded?)";
  bb_context_add("bb_allocator", "glibc");
  bb_context_add("bb_allocator_version", gnu_get_libc_version());
  return NULL;
}
