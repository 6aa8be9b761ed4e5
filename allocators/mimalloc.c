/* mimalloc, linked so that it replaces malloc process-wide (Debian's build overrides malloc). */
#include <mimalloc.h>
#include <stdio.h>
#include <stdlib.h>

#include "bb_allocator.h"

const char *bb_allocator_identify(bb_allocator_id_t *id) {
  if (!bb__malloc_lives_in("libmimalloc.so"))
    return "the mimalloc runner's malloc is not mimalloc's (is another allocator preloaded?)";
  void *p = malloc(64);
  bool owned = mi_is_in_heap_region(p);
  free(p);
  if (!owned) return "malloc resolves into mimalloc but its blocks are not in mimalloc's heap";
  int v = mi_version(); /* major * 100 + minor * 10 + patch, e.g. 209 for 2.0.9 */
  id->name = "mimalloc";
  snprintf(id->version, sizeof id->version, "%d.%d.%d", v / 100, v / 10 % 10, v % 10);
  return NULL;
}

/* Collect every free page of this thread's heap and return it to the OS. */
void bb_allocator_purge(void) { mi_collect(true); }
