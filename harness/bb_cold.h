/* The helpers behind the cold allocator states: none of them ever runs inside a timed region. */
#ifndef BB_COLD_H
#define BB_COLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* cache-cold: a buffer several times the core's private caches (L1d + L2), swept between calls so
 * that the allocator's metadata and the recycled block are no longer in them. The last-level cache
 * is not swept: VMs often report it shared and hundreds of MiB large, too large to sweep per call.
 */
typedef struct bb_sweep_s {
  uint8_t *buf;
  size_t bytes;
} bb_sweep_t;
bool bb_sweep_init(bb_sweep_t *s);
void bb_sweep(bb_sweep_t *s);
void bb_sweep_release(bb_sweep_t *s);

/* fragmented: a long-lived live set of blocks of random sizes (log-uniform, 16 B to 8 KiB) with
 * holes between them, churned between calls so the free lists keep changing. */
typedef struct bb_liveset_s {
  void **blocks;
  size_t count;
  uint64_t rng;
} bb_liveset_t;
bool bb_liveset_init(bb_liveset_t *l, size_t count);
void bb_liveset_churn(bb_liveset_t *l,
                      unsigned replace); /* Free and reallocate `replace` blocks. */
void bb_liveset_release(bb_liveset_t *l);

#endif
