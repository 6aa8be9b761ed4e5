/* The check every allocator file makes: where the live process's malloc comes from. A preloaded
 * allocator, or a link order gone wrong, would put it elsewhere. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "bb_allocator.h"

bool bb__malloc_lives_in(const char *soname_part) {
  Dl_info info;
  void *(*volatile live)(size_t) = malloc; /* The address the dynamic linker bound. */
  return dladdr((void *)live, &info) != 0 && info.dli_fname != NULL &&
         strstr(info.dli_fname, soname_part) != NULL;
}
