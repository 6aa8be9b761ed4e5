/* Heap blocks held by the program, counted by valgrind's memcheck; 0 when not under it. */
#ifndef BB_HEAPCHECK_H
#define BB_HEAPCHECK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

uint64_t bb__heap_blocks(void);

#ifdef __cplusplus
}
#endif

#endif
