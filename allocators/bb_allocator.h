/* What every allocator file provides: the allocator's identity, read from the live process. */
#ifndef BB_ALLOCATOR_H
#define BB_ALLOCATOR_H

/* Check that the allocator this runner was built for is the one answering malloc, and add its name
 * and version to the results' context. Returns NULL, or why the runner must not run. */
const char *bb_allocator_describe(void);

#endif
