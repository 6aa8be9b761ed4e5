/* The Rust crate (bench/rust) called from C: every mode at every size of the matrix, both
 * patterns, gives each call's output as the C payload does (bb_case_expected), and allocates as
 * Rust does: a native async fn and a future pinned in the caller's frame never, #[async_trait]'s
 * Box::pin once per call, freed within it. The allocations land in this executable's counting
 * malloc (bb_malloc_count.h): Rust's System allocator calls the process's malloc, so in a runner
 * they land in the runner's allocator. */
#include <stdbool.h>
#include <stdint.h>

#include "bb_cases.h"
#include "bb_malloc_count.h"
#include "bb_test.h"

/* bench/rust/src/lib.rs. */
bool bb_rust_run(uint32_t mode, uint64_t size, uint64_t first, uint64_t n, bool pending,
                 uint64_t *sum);

/* The crate's modes, in its order, with the C mode each stands beside and its allocations per
 * call. */
static const struct {
  const char *name;
  bb_mode_t c;
  unsigned long allocs;
} bb__modes[] = {{"inline", BB_MODE_INLINE, 0}, {"box", BB_MODE_BOX, 1}, {"dyn", BB_MODE_DYN, 0}};

static const uint64_t bb__sizes[] = {
#define BB__SIZE(S) S,
    BB_SIZES(BB__SIZE)
#undef BB__SIZE
};

int main(void) {
  const uint64_t calls = 37, first = 250; /* Seeds across a multiple of 256. */
  for (uint32_t m = 0; m < sizeof bb__modes / sizeof bb__modes[0]; m++)
    for (size_t s = 0; s < sizeof bb__sizes / sizeof bb__sizes[0]; s++)
      for (int pending = 0; pending < 2; pending++) {
        bb_case_t c = {bb__modes[m].c, bb__sizes[s], 1,
                       pending ? BB_PATTERN_PENDING : BB_PATTERN_READY, BB_STATE_WARM};
        uint64_t sum = 0;
        count(true);
        bool ok = bb_rust_run(m, bb__sizes[s], first, calls, pending, &sum);
        count(false);
        BB_CHECK(ok, "rust %s at %llu B: not built", bb__modes[m].name,
                 (unsigned long long)bb__sizes[s]);
        BB_CHECK(sum == bb_case_expected(&c, first, calls), "rust %s at %llu B: sum %llu",
                 bb__modes[m].name, (unsigned long long)bb__sizes[s], (unsigned long long)sum);
        if (BB_COUNTED)
          BB_CHECK(allocs == calls * bb__modes[m].allocs && frees == allocs,
                   "rust %s at %llu B: %lu allocations, %lu frees for %llu calls",
                   bb__modes[m].name, (unsigned long long)bb__sizes[s], allocs, frees,
                   (unsigned long long)calls);
      }
  uint64_t sum = 0;
  BB_CHECK(!bb_rust_run(0, 100, 0, 1, false, &sum), "a size not built was run");
  BB_CHECK(!bb_rust_run(3, 64, 0, 1, false, &sum), "a mode not built was run");
  return bb_test_done("test_rust");
}
