/* The Rust crate (bench/rust) called from C: every mode at every size of the matrix, both
 * patterns and depths, gives each call's output as the C payload does (bb_case_expected), and
 * allocates as Rust does: a native async fn and a future pinned in the caller's frame never,
 * #[async_trait]'s Box::pin once per level of a call, freed within it, ReusableBoxFuture and
 * bumpalo in a run's first calls only, each as its mechanism does (which tells them apart). The
 * allocations land in this executable's counting malloc (bb_malloc_count.h): Rust's System
 * allocator calls the process's malloc, so in a runner they land in the runner's allocator. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "bb_malloc_count.h"
#include "bb_rust.h"
#include "bb_test.h"
#include "bb_tree.h"

int main(void) {
  /* The crate names each of its modes by the C mode it stands beside: BB_RUST_MODES must list them
   * in the crate's order, or a C unit would be timed against another mode's Rust (two modes swapped
   * give the same sums, so only the names tell). */
  for (uint32_t m = 0; m < BB_RUST_MODE_COUNT; m++) {
    const char *name = bb_rust_mode_name(m);
    BB_CHECK(name != NULL && strcmp(name, bb_mode_name(bb__rust_modes[m].c)) == 0,
             "crate mode %u is %s, BB_RUST_MODES has %s there", m, name ? name : "(none)",
             bb_mode_name(bb__rust_modes[m].c));
  }
  BB_CHECK(bb_rust_mode_name(BB_RUST_MODE_COUNT) == NULL,
           "the crate has more modes than BB_RUST_MODES");
  const uint64_t calls = 37, first = 250; /* Seeds across a multiple of 256. */
  for (uint32_t m = 0; m < BB_RUST_MODE_COUNT; m++)
    for (size_t s = 0; s < BB_SIZE_COUNT; s++)
      for (size_t d = 0; d < BB_DEPTH_COUNT; d++)
        for (int pending = 0; pending < 2; pending++) {
          bb_case_t c = {bb__rust_modes[m].c, bb_sizes[s], bb_depths[d],
                         pending ? BB_PATTERN_PENDING : BB_PATTERN_READY, BB_STATE_WARM};
          if (!bb_case_built(&c)) continue; /* No C case, no twin (native-moved's stack). */
          const char *mode = bb_mode_name(c.mode);
          unsigned long long size = c.size, depth = c.depth;
          /* A run of calls, then one of twice as many: what the second allocates more is what
           * the calls allocate (reuse's sites and arena's chunk come with a run's first calls). */
          unsigned long made[2];
          for (uint64_t k = 1; k <= 2; k++) {
            uint64_t sum = 0;
            allocs = frees = 0;
            count(true);
            bool ok = bb_rust_run(m, c.size, c.depth, first, k * calls, pending, &sum);
            count(false);
            made[k - 1] = allocs;
            BB_CHECK(ok, "rust %s at %llu B, depth %llu: not built", mode, size, depth);
            BB_CHECK(sum == bb_case_expected(&c, first, k * calls),
                     "rust %s at %llu B, depth %llu: sum %llu", mode, size, depth,
                     (unsigned long long)sum);
            if (BB_COUNTED)
              BB_CHECK(frees == allocs, "rust %s at %llu B, depth %llu: %lu allocations, %lu frees",
                       mode, size, depth, allocs, frees);
          }
          unsigned long each = (unsigned long)bb_rust_allocs_per_call(m, c.size, c.depth);
          /* The twins allocate alike: a C mode and its Rust are the same program. */
          BB_CHECK(each == bb_case_allocs_per_call(&c),
                   "rust %s at %llu B, depth %llu: %lu allocations per call, C %u", mode, size,
                   depth, each, bb_case_allocs_per_call(&c));
          if (BB_COUNTED)
            BB_CHECK(made[1] - made[0] == calls * each && made[0] <= calls * each + 2 * depth,
                     "rust %s at %llu B, depth %llu: %lu allocations for %llu calls, %lu for twice "
                     "as many",
                     mode, size, depth, made[0], (unsigned long long)calls, made[1]);
          /* What a run allocates before its calls tells the mechanism apart where the calls
           * allocate alike (every mode but reuse and arena: none). reuse makes a site per level,
           * boxed once with a placeholder and once more when its first future replaces it: two
           * boxes a level. bumpalo takes a chunk and doubles the next, so arena's chain takes
           * at least one chunk and fewer than that. A swap of the two, or of either with a mode
           * that stands alone, shows here; a swap among the modes that allocate nothing shows in
           * their instructions (tests/test_matrix_counts.py). */
          unsigned long setup = made[0] - calls * each;
          bool setup_ok = c.mode == BB_MODE_REUSE   ? setup == 2 * depth
                          : c.mode == BB_MODE_ARENA ? setup >= 1 && setup < 2 * depth
                                                    : setup == 0;
          if (BB_COUNTED)
            BB_CHECK(setup_ok, "rust %s at %llu B, depth %llu: %lu allocations before its calls",
                     mode, size, depth, setup);
          BB_CHECK(bb_rust_future_bytes(m, c.size, c.depth) >= c.size,
                   "rust %s at %llu B, depth %llu: %llu bytes of future", mode, size, depth,
                   (unsigned long long)bb_rust_future_bytes(m, c.size, c.depth));
        }
  /* The Rust trees: each copy computes what its C copy does (the plain C form's sum), the boxed
   * form allocating once per async call and freeing as much, the inline form never. */
  static const unsigned fanouts[] = {
#define BB__FANOUT(F) F,
      BB_TREE_FANOUTS(BB__FANOUT)
#undef BB__FANOUT
  };
  static const struct {
    uint32_t form;
    bool boxed;
  } forms[] = {{BB_RUST_TREE_INLINE, false}, {BB_RUST_TREE_BOXED, true}};
  const uint64_t trees = 2 * BB_TREE_COPIES + 3; /* Every copy, more than once. */
  for (size_t k = 0; k < sizeof fanouts / sizeof fanouts[0]; k++)
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
      uint64_t got = 0;
      allocs = frees = 0;
      count(true);
      bool ok = bb_rust_tree_run(forms[f].form, fanouts[k], 7, trees, &got);
      count(false);
      BB_CHECK(ok && got == bb_tree_run(BB_TREE_SYNC, fanouts[k], 7, trees),
               "rust tree %s, fan-out %u: sum %llu", forms[f].boxed ? "boxed" : "inline",
               fanouts[k], (unsigned long long)got);
      if (BB_COUNTED)
        BB_CHECK(allocs == (forms[f].boxed ? trees * bb_tree_calls(fanouts[k]) : 0) &&
                     frees == allocs,
                 "rust tree %s, fan-out %u: %lu allocations, %lu frees for %llu trees",
                 forms[f].boxed ? "boxed" : "inline", fanouts[k], allocs, frees,
                 (unsigned long long)trees);
    }
  uint64_t sum = 0;
  BB_CHECK(!bb_rust_tree_run(2, 1, 0, 1, &sum), "a tree form not built was run");
  BB_CHECK(!bb_rust_run(0, 100, 1, 0, 1, false, &sum), "a size not built was run");
  BB_CHECK(!bb_rust_run(1, 64, 3, 0, 1, false, &sum), "a depth not built was run");
  BB_CHECK(!bb_rust_run(BB_RUST_MODE_COUNT, 64, 1, 0, 1, false, &sum), "a mode not built was run");
  return bb_test_done("test_rust");
}
