/* glibc's malloc (ptmalloc2): the system allocator, and Rust's default global allocator on Linux.
 * Blocks of 128 KiB and more are mmapped, until a freed mmapped block raises the threshold to its
 * own size (glibc's dynamic mmap threshold, up to 32 MiB). */
#include <gnu/libc-version.h>
#include <malloc.h>
#include <stdio.h>
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#include "bb_allocator.h"

const char *bb_allocator_identify(bb_allocator_id_t *id) {
  id->note_key = id->note = NULL;
#ifdef BB_SANITIZE
  /* AddressSanitizer's malloc wraps glibc's: a correctness build, never a timing one. */
  if (!bb__malloc_lives_in("libasan.so"))
    return "the sanitizer build's malloc is not AddressSanitizer's";
  id->note_key = "bb_sanitizer";
  id->note = "address,undefined";
#else
  if (!bb__malloc_lives_in("libc.so"))
    return "the glibc runner's malloc is not glibc's (is another allocator preloaded?)";
  /* valgrind redirects calls to glibc's malloc to its own, keeping the address: say so. */
  if (RUNNING_ON_VALGRIND) {
    id->note_key = "bb_checker";
    id->note = "valgrind (its malloc, not glibc's)";
  }
#endif
  id->name = "glibc";
  snprintf(id->version, sizeof id->version, "%s", gnu_get_libc_version());
  return NULL;
}

/* malloc_trim releases the free memory of every arena (top and, with madvise, inside the heap). A
 * thread's tcache keeps up to 7 chunks per size class that no call can flush: those stay warm. */
void bb_allocator_purge(void) { malloc_trim(0); }
