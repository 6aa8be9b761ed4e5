/* The two ports behind the published figures, checked as the runners build them, and the
 * harness's controls.
 *
 * Event loop: this test links a build of the port with its operation counters on (BB_EV_COUNTING;
 * the runners' build has none), and checks, for every variant, that one iteration serves every
 * request and makes exactly the operations bench/eventloop/README.md counts from the original's
 * code: its statistics, syscalls, task polls (direct and through a vtable), other indirect calls,
 * waker clones, drops, wakes and upgrades, thread checks, reference-count changes, bytes zeroed,
 * moved and read, and heap allocations inside the iteration (each freed in it) and when the
 * executor is built. Tree: the three forms compute the same value for every one of the 512
 * copies; the boxed form makes exactly one box per async call, 31 per top-level call, the others
 * none. */
#include "bb_eventloop.h"
#include "bb_malloc_count.h"
#include "bb_test.h"
#include "bb_tree.h"
#include "bb_unit.h"

static void check_eventloop(void) {
  for (int v = 0; v < BB_EV_VARIANT_COUNT; v++) {
    const char *name = bb_ev_variant_name((bb_ev_variant_t)v);
    bb_ev_expected_t want = bb_ev_variant_expected((bb_ev_variant_t)v);
    count(true);
    bb_ev_bench_t *b = bb_ev_open((bb_ev_variant_t)v);
    count(false);
    BB_CHECK(b != NULL, "%s: open", name);
    if (b == NULL) continue;
    /* Made when the executor is built: the port's own bench and executor (two blocks, three for
     * the by-value array), and what the original allocates there beyond them. */
    unsigned long setup = allocs;
    /* Lazy set-up; box+arena's chunks settle in two iterations (the newest chunk after the first
     * may hold less than a whole iteration's tasks). */
    for (int warm = 0; warm < 2; warm++)
      BB_CHECK(bb_ev_iterate(b), "%s: a first iteration served wrong", name);
    bb_ev_stats_t before = *bb_ev_bench_stats(b);
    bb_ev_counted = (bb_ev_counted_t){0};
    allocs = frees = 0;
    count(true);
    bool served = bb_ev_iterate(b);
    count(false);
    const bb_ev_stats_t *after = bb_ev_bench_stats(b);
    BB_CHECK(served, "%s: served wrong", name);
#define BB__STAT(field)                                                                            \
  BB_CHECK(after->field - before.field == want.stats.field, "%s: " #field " %llu, not %llu", name, \
           (unsigned long long)(after->field - before.field),                                      \
           (unsigned long long)want.stats.field);
    BB_EV_STATS(BB__STAT)
#undef BB__STAT
#define BB__COUNTED(field)                                                                         \
  BB_CHECK(bb_ev_counted.field == want.counted.field, "%s: " #field " %llu, not %llu", name,       \
           (unsigned long long)bb_ev_counted.field, (unsigned long long)want.counted.field);
    BB_EV_COUNTERS(BB__COUNTED)
#undef BB__COUNTED
    BB_CHECK(frees == allocs, "%s: %lu allocations, %lu frees", name, allocs, frees);
    /* Allocations over three iterations: box+reuse's vary from one to the next (they follow the
     * slab's order of keys, which repeats every three), the others' do not. */
    count(true);
    for (int i = 0; i < 3; i++) bb_ev_iterate(b);
    count(false);
    BB_CHECK(!BB_COUNTED || allocs == 3 * want.allocs,
             "%s: %lu allocations in three iterations, not 3 x %llu", name, allocs,
             (unsigned long long)want.allocs);
    BB_CHECK(frees == allocs, "%s: %lu allocations, %lu frees in three iterations", name, allocs,
             frees);
    unsigned long own = 2 + (unsigned long)(v == BB_EV_NONBOX || v == BB_EV_LARGE_NONBOX ||
                                            v == BB_EV_NONBOX_SYSCALLS || v == BB_EV_NONBOX_SPIN);
    BB_CHECK(!BB_COUNTED || setup == own + want.setup_allocs,
             "%s: %lu allocations when built, not %lu + %llu", name, setup, own,
             (unsigned long long)want.setup_allocs);
    bb_ev_close(b);
  }
}

static void check_tree(void) {
  static const unsigned fanouts[] = {1, 2, 3}, calls[] = {5, 31, 121};
  for (int k = 0; k < BB_TREE_FANOUT_COUNT; k++) {
    unsigned fo = fanouts[k];
    BB_CHECK(bb_tree_calls(fo) == calls[k], "fan-out %u: %u calls", fo, bb_tree_calls(fo));
    const bb_tree_fn *sync = bb_tree_copies(BB_TREE_SYNC, fo),
                     *inl = bb_tree_copies(BB_TREE_INLINE, fo),
                     *boxed = bb_tree_copies(BB_TREE_BOXED, fo);
    for (uint64_t c = 0; c < BB_TREE_COPIES; c++) {
      uint64_t x = c * 1000003u + 17u;
      uint64_t s = sync[c](x), i = inl[c](x);
      count(true);
      uint64_t b = boxed[c](x);
      count(false);
      BB_CHECK(s == i && s == b, "fan-out %u, copy %llu: sync %llx, inline %llx, boxed %llx", fo,
               (unsigned long long)c, (unsigned long long)s, (unsigned long long)i,
               (unsigned long long)b);
      BB_CHECK(!BB_COUNTED || (allocs == calls[k] && frees == calls[k]),
               "fan-out %u, copy %llu: boxed made %lu allocations, %lu frees, not %u", fo,
               (unsigned long long)c, allocs, frees, calls[k]);
      allocs = frees = 0;
    }
    /* The copies differ: a generator that emitted one copy 512 times would pass the checks above.
     */
    BB_CHECK(sync[0](5) != sync[1](5), "fan-out %u: copies 0 and 1 compute the same", fo);
    for (int f = 0; f < BB_TREE_FORM_COUNT; f++) {
      count(true);
      uint64_t a = bb_tree_run((bb_tree_form_t)f, fo, 0, 2 * BB_TREE_COPIES);
      count(false);
      BB_CHECK(a == bb_tree_run(BB_TREE_SYNC, fo, 0, 2 * BB_TREE_COPIES),
               "%s, fan-out %u: the loop's sum differs", bb_tree_form_name((bb_tree_form_t)f), fo);
      unsigned per_call = f == BB_TREE_BOXED ? calls[k] : 0;
      BB_CHECK(!BB_COUNTED || allocs == 2ul * BB_TREE_COPIES * per_call,
               "%s, fan-out %u: %lu allocations in the loop", bb_tree_form_name((bb_tree_form_t)f),
               fo, allocs);
      allocs = frees = 0;
    }
  }
  /* The fan-outs differ. */
  BB_CHECK(bb_tree_copies(BB_TREE_SYNC, 1)[0](5) != bb_tree_copies(BB_TREE_SYNC, 2)[0](5),
           "fan-outs 1 and 2 compute the same");
}

/* Each of the harness's units does its work: it runs, and makes the allocations its descriptor
 * says, each freed (the malloc-free control really calls the allocator). */
static void check_controls(void) {
  bb_unit_desc_t d[BB_HARNESS_UNITS_MAX];
  size_t n = bb__harness_units(d, BB_HARNESS_UNITS_MAX);
  BB_CHECK(n >= 2, "%zu harness units", n);
  for (size_t i = 0; i < n; i++) {
    bb_unit_t *u = d[i].vt->open(&d[i]);
    BB_CHECK(u != NULL, "%s: open", d[i].name);
    if (u == NULL) continue;
    double ns = 0;
    allocs = frees = 0;
    count(true);
    bool ok = d[i].vt->run(u, 7, 1000, &ns);
    count(false);
    BB_CHECK(ok, "%s: ran wrong", d[i].name);
    BB_CHECK(!BB_COUNTED || (allocs == 1000 * (unsigned long)d[i].allocs && frees == allocs),
             "%s: %lu allocations, %lu frees in 1000 units, not 1000 x %g", d[i].name, allocs,
             frees, d[i].allocs);
    d[i].vt->close(u);
  }
}

int main(void) {
  check_controls();
  check_eventloop();
  check_tree();
  return bb_test_done("test_ports");
}
