/* Every future completes with the right output in every mode, pattern, size and depth; the vtables
 * describe their futures exactly; the poll patterns really suspend (or not) and wake. */
#include <stdalign.h>

#include "bb_cases.h"
#include "bb_layer.h"
#include "bb_payload.h"
#include "bb_test.h"

static unsigned bb__wakes;
static void bb__count_wake(const void *data) {
  (void)data;
  bb__wakes++;
}
static void bb__no_drop(const void *data) { (void)data; }
static bb_waker_t bb__clone(const void *data);
static const bb_waker_vtable_t bb__counting_vt = {bb__clone, bb__count_wake, bb__count_wake,
                                                  bb__no_drop};
static bb_waker_t bb__clone(const void *data) { return (bb_waker_t){&bb__counting_vt, data}; }
static const bb_waker_t bb__waker = {&bb__counting_vt, NULL};

/* The runs of 20 calls per case, one from each seed of check_all_cases. Under the sanitizers
 * (tests/sanitize.sh) one: the seeds check the outputs' bits, which the build without them does,
 * and every call of a large box is an mmap under AddressSanitizer (60 calls a case took 32 s of
 * the sanitizer test's 100). Each case's code runs under the sanitizers all the same. */
#ifdef BB_SANITIZE
#define BB__SEED_RUNS 1
#else
#define BB__SEED_RUNS 3
#endif

static void check_all_cases(void) {
  static bb_case_t cases[BB_CASES_MAX];
  size_t n = bb_cases_all(cases, BB_CASES_MAX);
  /* Per state: 10 future modes (inline, dyn, box, box-inplace, four inline-buf, reuse, arena) x 8
   * sizes x 7 depths x 2 patterns; native-moved where size x depth <= 2 MiB (sizes to 16 KiB at
   * every depth, 64 KiB to depth 32, 256 KiB to depth 8), both patterns; alloc's 8 sizes.
   * cross-thread only for box, box-inplace and alloc. */
  size_t moved = 2 * (6 * 7 + 6 + 4);
  size_t per_state = 10 * 8 * 7 * 2 + moved + 8, cross = 2 * 8 * 7 * 2 + 8;
  BB_CHECK(n == 4 * per_state + cross, "%zu cases", n);
  for (size_t i = 0; i < n; i++) {
    char name[BB_CASE_NAME_MAX];
    bb_case_name(&cases[i], name, sizeof name);
    bb_prepared_t p;
    BB_CHECK(bb_case_prepare(&cases[i], &p), "%s: prepare", name);
    /* Seeds that cross a multiple of 256, and large ones: the output keeps every bit of the seed.
     */
    const uint64_t firsts[] = {0, 250, (uint64_t)1 << 40};
    for (size_t f = 0; f < BB__SEED_RUNS; f++) {
      uint64_t got = bb_case_run(&p, firsts[f], 20);
      uint64_t want = bb_case_expected(&cases[i], firsts[f], 20);
      BB_CHECK(got == want, "%s from seed %llu: got %llu, want %llu", name,
               (unsigned long long)firsts[f], (unsigned long long)got, (unsigned long long)want);
    }
    /* One call by hand: seed 7 answers 7 + 7 + size + depth - 1, an independent formula. */
    uint64_t one = bb_case_run(&p, 7, 1);
    BB_CHECK(one == 14 + cases[i].size + cases[i].depth - 1, "%s: one call gave %llu", name,
             (unsigned long long)one);
    bb_case_release(&p);
  }
}

/* A vtable's size and align are its future's, whichever method built it, and a box is aligned. A
 * payload is one type for every mode; a layer's type differs for reuse and arena (their sizes). */
static void check_vtable(const char *what, const bb_service_t *svc, size_t size, size_t align,
                         size_t reuse_size, size_t arena_size) {
  alignas(64) static uint8_t slot[(1 << 18) + 256];
  bb_box_t into = {slot, NULL};
  bb_call(svc, BB_PLACE_INTO, &into, 0, 1, false);
  const bb_future_vtable_t *vt = into.vt;
  BB_CHECK(vt->size == size && vt->align == align, "%s dyn: vtable %zu/%zu, type %zu/%zu", what,
           vt->size, vt->align, size, align);
  vt->drop(slot);
  bb_box_t boxes[2];
  bb_call(svc, BB_PLACE_BOX, &boxes[0], 0, 1, false);
  bb_call(svc, BB_PLACE_INPLACE, &boxes[1], 0, 1, false);
  for (int i = 0; i < 2; i++) {
    BB_CHECK(boxes[i].vt->size == size && boxes[i].vt->align == align,
             "%s box %d: vtable %zu/%zu, type %zu/%zu", what, i, boxes[i].vt->size,
             boxes[i].vt->align, size, align);
    BB_CHECK((uintptr_t)boxes[i].ptr % align == 0, "%s box %d: misaligned", what, i);
    bb_box_drop(boxes[i]);
  }
  /* The mitigations move the same future: reuse's site and arena's box hold its vtable. */
  bb_reusable_t site = {0};
  bb_call(svc, BB_PLACE_REUSE, &site, 0, 1, false);
  BB_CHECK(site.vt->size == reuse_size && site.vt->align == align &&
               (uintptr_t)site.ptr % align == 0,
           "%s reuse: vtable %zu/%zu, type %zu/%zu", what, site.vt->size, site.vt->align,
           reuse_size, align);
  bb_reusable_release(&site);
  bb_arena_t arena = {0};
  bb_arena_hold_t hold = {&arena, {NULL, NULL}};
  bb_call(svc, BB_PLACE_ARENA, &hold, 0, 1, false);
  bb_box_t b = hold.child;
  BB_CHECK(b.vt->size == arena_size && b.vt->align == align && (uintptr_t)b.ptr % align == 0,
           "%s arena: vtable %zu/%zu, type %zu/%zu", what, b.vt->size, b.vt->align, arena_size,
           align);
  bb_arena_box_drop(b);
  bb_arena_free(&arena);
}

/* StackFuture::from_or_box keeps the future in the buffer exactly when it fits: then the stored
 * poll is the future's own, otherwise the boxed form's. */
static void check_stack(const char *what, const bb_service_t *svc, size_t size) {
  static BB_STACKFUT_OF(4096) storage;
  const size_t caps[] = {64, 256, 1024, 4096};
  bb_box_t direct;
  bb_call(svc, BB_PLACE_BOX, &direct, 0, 1, false);
  for (size_t i = 0; i < 4; i++) {
    bb_call(svc, BB_PLACE_STACK, &storage.h, caps[i], 1, false);
    bool inline_ = storage.h.poll == direct.vt->poll;
    BB_CHECK(inline_ == (size <= caps[i]), "%s in %zu bytes: %s", what, caps[i],
             inline_ ? "kept inline but does not fit" : "boxed but fits");
    bb_stackfut_drop(&storage.h);
  }
  bb_box_drop(direct);
}

static void check_vtables(void) {
#define BB__SIZE(S)                                                                                \
  check_vtable("payload " #S, bb__payload_service(S), sizeof(bb_payload_##S##_t),                  \
               alignof(bb_payload_##S##_t), sizeof(bb_payload_##S##_t),                            \
               sizeof(bb_payload_##S##_t));                                                        \
  BB_CHECK(sizeof(bb_payload_##S##_t) >= S, "payload " #S " holds its array");                     \
  check_stack("payload " #S, bb__payload_service(S), sizeof(bb_payload_##S##_t));
  BB_SIZES(BB__SIZE)
#undef BB__SIZE
  bb_service_t layer = {&bb__layer_service_vtable, bb__payload_service(16), NULL};
  check_vtable("layer", &layer, sizeof(bb__layer_t), alignof(bb__layer_t),
               sizeof(bb__layer_reuse_t), sizeof(bb__layer_arena_t));
  /* A layer embeds its child's StackFuture<N>, so it never fits N itself. */
#define BB__BUF(_, N)                                                                              \
  BB_CHECK(sizeof(bb__layer_buf_##N##_t) > N, "layer of buffer " #N " fits it");                   \
  BB_CHECK(bb__layer_future_bytes(BB_PLACE_STACK, N) == sizeof(bb__layer_buf_##N##_t),             \
           "layer bytes of buffer " #N);
  BB_INLINE_BUFS(BB__BUF, _)
#undef BB__BUF
}

/* ready: the first poll answers. pending: the first poll wakes the waker once and suspends, and
 * only the second answers; at every depth the suspension reaches the top. */
static void check_patterns(void) {
  bb_context_t cx = {&bb__waker};
  const unsigned depths[] = {1, 2, 64};
  for (size_t d = 0; d < 3; d++) {
    for (unsigned pending = 0; pending < 2; pending++) {
      bb_case_t c = {BB_MODE_BOX, 64, depths[d], pending ? BB_PATTERN_PENDING : BB_PATTERN_READY,
                     BB_STATE_WARM};
      bb_prepared_t p;
      BB_CHECK(bb_case_prepare(&c, &p), "prepare");
      const bb_service_t *top = bb_case_service(&p);
      bb_box_t b;
      bb_call(top, BB_PLACE_BOX, &b, 0, 3, pending);
      uint64_t out = 0;
      bb__wakes = 0;
      bb_poll_t first = bb_box_poll(b, &cx, &out);
      if (pending) {
        BB_CHECK(first == BB_PENDING && bb__wakes == 1, "depth %u: first poll %d, %u wakes",
                 depths[d], first, bb__wakes);
        first = bb_box_poll(b, &cx, &out);
      }
      BB_CHECK(first == BB_READY && bb__wakes == pending, "depth %u pending %u: poll %d, %u wakes",
               depths[d], pending, first, bb__wakes);
      BB_CHECK(out == 3 + 3 + 64 + depths[d] - 1, "depth %u: output %llu", depths[d],
               (unsigned long long)out);
      bb_box_drop(b);
      bb_case_release(&p);
    }
  }
}

/* bb_case_expected's closed form against the sum it stands for, over ranges that start and end on
 * either side of multiples of 256, are empty, odd or even, and start far out. */
static void check_expected(void) {
  const bb_case_t c = {BB_MODE_BOX, 64, 4, BB_PATTERN_READY, BB_STATE_WARM};
  const uint64_t firsts[] = {
      0, 1, 255, 256, 257, 1000, (uint64_t)1 << 40, ((uint64_t)1 << 40) + 13};
  for (size_t f = 0; f < sizeof firsts / sizeof firsts[0]; f++)
    for (uint64_t n = 0; n < 700; n += 1 + n / 7) {
      uint64_t sum = 0;
      for (uint64_t seed = firsts[f]; seed < firsts[f] + n; seed++)
        sum += seed + (seed & 0xff) + c.size + c.depth - 1;
      BB_CHECK(bb_case_expected(&c, firsts[f], n) == sum, "expected from %llu, %llu calls",
               (unsigned long long)firsts[f], (unsigned long long)n);
    }
}

/* Cases that are not built are refused, not run. */
static void check_refusals(void) {
  bb_prepared_t p;
  bb_case_t bad[] = {{BB_MODE_BOX, 100, 1, BB_PATTERN_READY, BB_STATE_WARM},
                     {BB_MODE_BOX, 64, 0, BB_PATTERN_READY, BB_STATE_WARM},
                     {BB_MODE_INLINE, 64, 3, BB_PATTERN_READY, BB_STATE_WARM},
                     {BB_MODE_COUNT, 64, 1, BB_PATTERN_READY, BB_STATE_WARM}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    BB_CHECK(!bb_case_prepare(&bad[i], &p), "bad case %zu was accepted", i);
}

int main(void) {
  check_all_cases();
  check_vtables();
  check_patterns();
  check_refusals();
  check_expected();
  return bb_test_done("test_futures");
}
