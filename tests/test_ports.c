/* The two ports behind the published figures, checked as the runners build them.
 *
 * Event loop: every variant serves every request correctly and makes exactly the same calls
 * (register, unregister, poll, accept, read, write) as the hand-written loop, with and without
 * syscalls; each makes exactly the heap allocations its design says (none for manual and nonbox,
 * one box per task for box, two for box+callerbox, one more per task for a counted waker), all
 * freed. Tree: the three forms compute the same value for every one of the 512 copies; the boxed
 * form makes exactly one box per async call, 31 per top-level call, and the others none. */
#include "bb_eventloop.h"
#include "bb_malloc_count.h"
#include "bb_test.h"
#include "bb_tree.h"

static void check_eventloop(void) {
  bb_ev_stats_t want = {0};
  uint64_t expected = bb_ev_expected_served();
  for (int v = 0; v < BB_EV_VARIANT_COUNT; v++) {
    const char *name = bb_ev_variant_name((bb_ev_variant_t)v);
    bb_ev_net_t net;
    BB_CHECK(bb_ev_net_open(&net, bb_ev_variant_syscalls((bb_ev_variant_t)v)), "%s: open", name);
    bb_ev_run((bb_ev_variant_t)v, &net); /* A first iteration, uncounted: lazy set-up. */
    count(true);
    uint64_t served = bb_ev_run((bb_ev_variant_t)v, &net);
    count(false);
    BB_CHECK(served == expected, "%s: served %llx, not %llx", name, (unsigned long long)served,
             (unsigned long long)expected);
    BB_CHECK(!BB_COUNTED || allocs == bb_ev_variant_allocs((bb_ev_variant_t)v),
             "%s: %lu allocations, not %llu",
             name, allocs, (unsigned long long)bb_ev_variant_allocs((bb_ev_variant_t)v));
    BB_CHECK(frees == allocs, "%s: %lu allocations, %lu frees", name, allocs, frees);
    if (v == BB_EV_MANUAL) {
      want = net.stats;
      /* The listener and one stream per transaction; each operation would block once, then
       * succeeds. */
      BB_CHECK(want.register_ == BB_EV_TRANSACTIONS + 1 && want.unregister == want.register_,
               "manual: %llu registrations", (unsigned long long)want.register_);
      BB_CHECK(want.accept == 2 * BB_EV_TRANSACTIONS && want.read == 2 * BB_EV_TRANSACTIONS &&
                   want.write == 2 * BB_EV_TRANSACTIONS,
               "manual: %llu accepts, %llu reads, %llu writes", (unsigned long long)want.accept,
               (unsigned long long)want.read, (unsigned long long)want.write);
      BB_CHECK(want.poll > BB_EV_TRANSACTIONS, "manual: %llu polls", (unsigned long long)want.poll);
    }
#define BB__SAME(field, syscall)                                                                          \
  BB_CHECK(net.stats.field == want.field, "%s: " #field " %llu, manual %llu", name,               \
           (unsigned long long)net.stats.field, (unsigned long long)want.field);
    BB_EV_STATS(BB__SAME)
#undef BB__SAME
    /* The catalogue's syscalls per iteration: every try of an operation that enters the kernel. */
    uint64_t tries = 0;
#define BB__TRIES(field, syscall) tries += syscall ? net.stats.field : 0;
    BB_EV_STATS(BB__TRIES)
#undef BB__TRIES
    uint64_t said = bb_ev_variant_syscalls_per_iteration((bb_ev_variant_t)v);
    BB_CHECK(said == (bb_ev_variant_syscalls((bb_ev_variant_t)v) ? tries : 0),
             "%s: %llu syscalls said per iteration, %llu tries of kernel-entering operations", name,
             (unsigned long long)said, (unsigned long long)tries);
    bb_ev_net_close(&net);
  }
}

static void check_tree(void) {
  for (uint64_t c = 0; c < BB_TREE_COPIES; c++) {
    uint64_t x = c * 1000003u + 17u;
    uint64_t s = bb_tree_sync[c](x), i = bb_tree_inline[c](x);
    count(true);
    uint64_t b = bb_tree_boxed[c](x);
    count(false);
    BB_CHECK(s == i && s == b, "copy %llu: sync %llx, inline %llx, boxed %llx",
             (unsigned long long)c, (unsigned long long)s, (unsigned long long)i,
             (unsigned long long)b);
    BB_CHECK(!BB_COUNTED || (allocs == BB_TREE_CALLS && frees == BB_TREE_CALLS),
             "copy %llu: boxed made %lu allocations, %lu frees, not %u", (unsigned long long)c,
             allocs, frees, BB_TREE_CALLS);
  }
  /* The copies differ: a generator that emitted one copy 512 times would pass the checks above. */
  BB_CHECK(bb_tree_sync[0](5) != bb_tree_sync[1](5), "copies 0 and 1 compute the same");
  for (int f = 0; f < BB_TREE_FORM_COUNT; f++) {
    count(true);
    uint64_t a = bb_tree_run((bb_tree_form_t)f, 0, 2 * BB_TREE_COPIES);
    count(false);
    BB_CHECK(a == bb_tree_run(BB_TREE_SYNC, 0, 2 * BB_TREE_COPIES), "%s: the loop's sum differs",
             bb_tree_form_name((bb_tree_form_t)f));
    unsigned per_call = f == BB_TREE_BOXED ? BB_TREE_CALLS : 0;
    BB_CHECK(!BB_COUNTED || allocs == 2ul * BB_TREE_COPIES * per_call,
             "%s: %lu allocations in the loop",
             bb_tree_form_name((bb_tree_form_t)f), allocs);
  }
}

int main(void) {
  check_eventloop();
  check_tree();
  return bb_test_done("test_ports");
}
