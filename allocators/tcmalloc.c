/* gperftools' tcmalloc, linked so that it replaces malloc process-wide (Debian's
 * libgoogle-perftools-dev). tcmalloc_minimal.c builds the same file for the library without the
 * heap profiler and checker. */
#include <gperftools/malloc_extension_c.h>
#include <gperftools/tcmalloc.h>
#include <stdio.h>

#include "bb_allocator.h"

#ifndef BB__TCMALLOC_NAME
#define BB__TCMALLOC_NAME "tcmalloc"
#endif

const char *bb_allocator_identify(bb_allocator_id_t *id) {
  /* The library's file name tells the two apart: libtcmalloc.so, libtcmalloc_minimal.so. */
  if (!bb__malloc_lives_in("lib" BB__TCMALLOC_NAME ".so"))
    return "the " BB__TCMALLOC_NAME " runner's malloc is not lib" BB__TCMALLOC_NAME
           "'s (is another "
           "allocator preloaded?)";
  size_t bytes = 0;
  if (!MallocExtension_GetNumericProperty("generic.current_allocated_bytes", &bytes) || bytes == 0)
    return "malloc resolves into tcmalloc but tcmalloc reports no allocated bytes";
  int major, minor;
  const char *patch;
  tc_version(&major, &minor, &patch);
  id->name = BB__TCMALLOC_NAME;
  snprintf(id->version, sizeof id->version, "%d.%d%s", major, minor, patch ? patch : "");
  return NULL;
}

/* Return this thread's cache to the central lists, then every free page to the OS. */
void bb_allocator_purge(void) {
  MallocExtension_MarkThreadIdle();
  MallocExtension_ReleaseFreeMemory();
}
