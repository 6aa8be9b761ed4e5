/* What every allocator file provides. One is linked into each runner (and the tests link glibc's).
 */
#ifndef BB_ALLOCATOR_H
#define BB_ALLOCATOR_H

#include <stdbool.h>

/* Who answers malloc in the live process: its name and version, read from the allocator itself. */
typedef struct bb_allocator_id_s {
  const char *name;
  char version[64];
  /* What a run's context must say of the malloc answering, as a key and a value (a sanitizer's or
   * a checker's in front of it), or NULL: the runner records it. */
  const char *note_key, *note;
} bb_allocator_id_t;

/* Check that the allocator this runner was built for is the one answering malloc in the live
 * process, and fill id with its identity. Returns NULL, or why the runner must not run. */
const char *bb_allocator_identify(bb_allocator_id_t *id);

/* Heap-cold: empty the allocator's caches and hand what it can back to the operating system, so
 * the next allocation finds no recycled memory and its pages fault again. */
void bb_allocator_purge(void);

/* Shared by the allocator files: whether `malloc` as this process resolves it lives in a library
 * whose file name contains `soname_part`. */
bool bb__malloc_lives_in(const char *soname_part);

#endif
