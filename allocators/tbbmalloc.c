/* oneTBB's scalable allocator (Debian's libtbb-dev), put in place of malloc process-wide by its
 * proxy library, libtbbmalloc_proxy, which the build links first. */
#include <oneapi/tbb/scalable_allocator.h>
#include <stdio.h>
#include <stdlib.h>

#include "bb_allocator.h"

/* Exported by libtbb with C linkage; its header, oneapi/tbb/version.h, is C++ only. */
const char *TBB_runtime_version(void);

const char *bb_allocator_identify(bb_allocator_id_t *id) {
  if (!bb__malloc_lives_in("libtbbmalloc_proxy.so"))
    return "the tbbmalloc runner's malloc is not tbbmalloc's proxy (is another allocator "
           "preloaded?)";
  /* A block malloc gave must be one tbbmalloc knows the size of. */
  void *p = malloc(64);
  size_t size = scalable_msize(p);
  free(p);
  if (size < 64) return "malloc resolves into tbbmalloc's proxy but its blocks are not tbbmalloc's";
  id->name = "tbbmalloc";
  snprintf(id->version, sizeof id->version, "%s", TBB_runtime_version());
  return NULL;
}

/* Return every buffer, this thread's and the shared ones, to the OS where it can. */
void bb_allocator_purge(void) { scalable_allocation_command(TBBMALLOC_CLEAN_ALL_BUFFERS, NULL); }
