/* jemalloc, linked so that it replaces malloc process-wide (Debian builds it without a prefix). */
#include <jemalloc/jemalloc.h>
#include <stdio.h>

#include "bb_allocator.h"

#define BB__STR(x) #x
#define BB__XSTR(x) BB__STR(x)

const char *bb_allocator_identify(bb_allocator_id_t *id) {
  if (!bb__malloc_lives_in("libjemalloc.so"))
    return "the jemalloc runner's malloc is not jemalloc's (is another allocator preloaded?)";
  const char *version = NULL;
  size_t len = sizeof version;
  if (mallctl("version", &version, &len, NULL, 0) != 0 || version == NULL)
    return "jemalloc answers malloc but not mallctl(\"version\")";
  id->name = "jemalloc";
  snprintf(id->version, sizeof id->version, "%s", version);
  return NULL;
}

/* Flush this thread's cache into the arenas, then purge every arena's unused dirty pages. */
void bb_allocator_purge(void) {
  mallctl("thread.tcache.flush", NULL, NULL, NULL, 0);
  mallctl("arena." BB__XSTR(MALLCTL_ARENAS_ALL) ".purge", NULL, NULL, NULL, 0);
}
