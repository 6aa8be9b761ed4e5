/* The benchmark cases: one table each of sizes, modes, depths and poll patterns, and the API that
 * both the runners and the tests use, so the tests check exactly the loop that is measured.
 */
#ifndef BB_CASES_H
#define BB_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bb_place.h"

/* Payload sizes in bytes: the array a future holds across its suspension point. Each is a distinct
 * future type, as each monomorphised Rust future is. */
#define BB_SIZES(X) X(16) X(64) X(256) X(1024) X(4096) X(16384) X(65536) X(262144)

/* Call depths: level i awaits level i+1; the last level is the payload future. The argument `a` is
 * passed through to X, so the table can be crossed with another (X(size, depth) for each depth). */
#define BB_DEPTHS(X, a) X(a, 1) X(a, 2) X(a, 4) X(a, 8) X(a, 16) X(a, 32) X(a, 64)
#define BB_DEPTH_MAX 64

/* The two tables as arrays, in their order (cases.c), for the code that walks them. */
#define BB__ONE(...) +1
enum { BB_SIZE_COUNT = 0 BB_SIZES(BB__ONE), BB_DEPTH_COUNT = 0 BB_DEPTHS(BB__ONE, _) };
#undef BB__ONE
extern const size_t bb_sizes[BB_SIZE_COUNT];
extern const unsigned bb_depths[BB_DEPTH_COUNT];

/* Dispatch modes: enum suffix, name, whether it runs a future (one that does is measured against
 * inline, the baseline, at the same coordinates), where its calls place their futures (bb_place.h:
 * the placement decides its allocations and storage), the inline buffer's bytes (inline-buf),
 * what a Rust user writes to get it (NULL for a mode that only takes the cost apart: no Rust code
 * chooses it), what it stands for. After box come the ways Rust code avoids the box:
 * docs/mitigations.md. A new mode is a row here; a new placement, a row of bb_place.h with its
 * placement function. */
/* The inline-buf modes' buffers, in bytes. Each is a mode (BB_MODES' inline-buf-N row is made from
 * it) and a layer type (bb_layer.h), so a new size is one entry here. `a` is passed through to X,
 * so the list can be expanded inside another table. */
#define BB_INLINE_BUFS(X, a) X(a, 64) X(a, 256) X(a, 1024) X(a, 4096)

#define BB_MODES(X)                                                                                \
  X(INLINE, "inline", true, EMBED, 0, "native async fn in the trait",                              \
    "native async fn in traits: direct call, child future embedded")                               \
  X(DYN, "dyn", true, INTO, 0, NULL,                                                               \
    "trait object without a box: vtable call, future in storage the caller provides")              \
  X(BOX, "box", true, BOX, 0, "#[async_trait] awaiting an async fn not inlined into it",           \
    "#[async_trait] awaiting an async fn made by a call rustc does not inline (another crate's "   \
    "without LTO): vtable call, the future built by value, then moved into the box")               \
  X(BOX_INPLACE, "box-inplace", true, INPLACE, 0,                                                  \
    "#[async_trait] awaiting an async fn inlined into it (same crate, #[inline] or LTO)",          \
    "#[async_trait] awaiting an async fn rustc inlines: vtable call, the future built in the "     \
    "box, no copy")                                                                                \
  BB_INLINE_BUFS(BB__INLINE_BUF_MODE, X)                                                           \
  X(REUSE, "reuse", true, REUSE, 0, "tokio-util's ReusableBoxFuture",                              \
    "tokio-util's ReusableBoxFuture: one box per call site, the next future moved into it while "  \
    "its layout is the same")                                                                      \
  X(ARENA, "arena", true, ARENA, 0, "a per-request bumpalo arena",                                 \
    "bumpalo: each future bump-allocated in a per-request arena (moved in), the arena reset "      \
    "after the request")                                                                           \
  X(NATIVE_MOVED, "native-moved", true, MOVED, 0,                                                  \
    "native async fn, as rustc compiles a moved child",                                            \
    "native, but each child future built apart and moved into its parent at .await (a copy of "    \
    "its size per level)")                                                                         \
  X(ALLOC, "alloc", false, NOTHING, 0, NULL,                                                       \
    "malloc and free of exactly size bytes: no future, no copy, no dispatch")
#define BB__INLINE_BUF_MODE(X, N)                                                                  \
  X(INLINE_BUF_##N, "inline-buf-" #N, true, STACK, N, BB__INLINE_BUF_RUST(#N),                     \
    BB__INLINE_BUF_WHAT(#N))
#define BB__INLINE_BUF_RUST(n) "stackfuture's StackFuture<" n ">::from_or_box"
#define BB__INLINE_BUF_WHAT(n)                                                                     \
  "stackfuture's StackFuture<" n ">::from_or_box: each future moved into a " n "-byte buffer "     \
  "when it fits, boxed when not"
#define BB_MODE_BASELINE BB_MODE_INLINE

/* Poll patterns: enum suffix, name, whether the payload future suspends once, what it does. */
#define BB_PATTERNS(X)                                                                             \
  X(READY, "ready", false, "ready at the first poll")                                              \
  X(PENDING, "pending", true,                                                                      \
    "pending once (wakes its waker and suspends), ready at the second poll")

/* Allocator states: enum suffix, name, what is done before each call. Only warm runs calls back to
 * back; the others prepare the state before every call, outside the timer, and time each call
 * alone. */
#define BB_ALLOC_STATES(X)                                                                         \
  X(WARM, "warm", "the same size allocated and freed in a loop, calls back to back")               \
  X(CACHE_COLD, "cache-cold", "the core's private caches swept before each call")                  \
  X(HEAP_COLD, "heap-cold", "the allocator purged, its memory back to the OS, before each call")   \
  X(FRAGMENTED, "fragmented",                                                                      \
    "a long-lived random-size live set with holes, churned before each call")                      \
  X(CROSS_THREAD, "cross-thread", "boxed on one thread, polled, dropped and freed on another")

typedef enum bb_alloc_state_e {
#define BB__ENUM(id, name, what) BB_STATE_##id,
  BB_ALLOC_STATES(BB__ENUM) /* a constant per row */
#undef BB__ENUM
  BB_STATE_COUNT
} bb_alloc_state_t;

typedef enum bb_mode_e {
#define BB__ENUM(id, name, future, place, buf, rust, what) BB_MODE_##id,
  BB_MODES(BB__ENUM) /* a constant per row */
#undef BB__ENUM
  BB_MODE_COUNT
} bb_mode_t;

typedef enum bb_pattern_e {
#define BB__ENUM(id, name, pending, what) BB_PATTERN_##id,
  BB_PATTERNS(BB__ENUM) /* a constant per row */
#undef BB__ENUM
  BB_PATTERN_COUNT
} bb_pattern_t;

typedef struct bb_case_s {
  bb_mode_t mode;
  size_t size;    /* Payload bytes of the innermost future. */
  unsigned depth; /* Async calls per top-level call, the payload future's included. */
  bb_pattern_t pattern;
  bb_alloc_state_t state;
} bb_case_t;

/* The trait `Service { async fn call(&self, seed: u64, pending: bool) -> u64; }` in the forms the
 * modes call it: one call per placement (bb_place.h), which builds the future and places it at
 * `at` (what the caller holds: a bb_box_t, a StackFuture of `cap` bytes, a reusable box, an arena
 * hold). Implemented by the payload futures' services (one per size) and by the layer that
 * forwards to an inner service. */
typedef struct bb_service_s bb_service_t;
typedef void (*bb_build_fn)(const bb_service_t *self, void *at, size_t cap, uint64_t seed,
                            bool pending);
typedef struct bb_service_vtable_s {
  bb_build_fn build[BB_PLACE_COUNT]; /* NULL for the placements without a vtable call */
} bb_service_vtable_t;

/* A call of svc placed as p. */
static inline void bb_call(const bb_service_t *svc, bb_place_t p, void *at, size_t cap,
                           uint64_t seed, bool pending);

struct bb_service_s {
  const bb_service_vtable_t *vt;
  const bb_service_t *inner; /* The next level down; NULL for a payload service. */
  bb_reusable_t *site;       /* reuse: the box of this service's own call to inner. */
};

static inline void bb_call(const bb_service_t *svc, bb_place_t p, void *at, size_t cap,
                           uint64_t seed, bool pending) {
  svc->vt->build[p](svc, at, cap, seed, pending);
}

typedef uint64_t (*bb__inline_run_fn)(uint64_t first, uint64_t n, bool pending);

/* A case made ready to run: its services and storage, built outside any timed region. */
typedef struct bb_prepared_s {
  bb_case_t c;
  bb__inline_run_fn inline_run; /* inline: the measured loop of its size and depth. */
  bb_service_t *services;       /* depth of them; services[0] is the top level. */
  void *slot;                   /* dyn: the caller-provided storage for the whole chain. */
  bb_reusable_t *sites;         /* reuse: depth call sites; sites[0] is the top-level caller's. */
  bb_arena_t *arena;            /* arena: the requests' arena, reset after every top-level call. */
  size_t future_bytes;          /* All futures of one call added up: what inline embeds. */
} bb_prepared_t;

/* Case names: "box/size:64/depth:1/pattern:pending/state:warm". */
#define BB_CASE_NAME_MAX 80
const char *bb_mode_name(bb_mode_t m);
const char *bb_pattern_name(bb_pattern_t p);
const char *bb_alloc_state_name(bb_alloc_state_t s);
/* One line each on what a mode, pattern or state is; and whether a mode runs a future. */
const char *bb_mode_what(bb_mode_t m);
bool bb_mode_future(bb_mode_t m);
/* What a Rust user writes to get the mode, or NULL for one that only takes the cost apart. */
const char *bb_mode_rust(bb_mode_t m);
size_t bb_mode_buffer(bb_mode_t m);    /* inline-buf: the buffer's bytes; 0 for the other modes */
bb_place_t bb_mode_place(bb_mode_t m); /* where its calls place their futures */
const char *bb_pattern_what(bb_pattern_t p);
const char *bb_alloc_state_what(bb_alloc_state_t s);
void bb_case_name(const bb_case_t *c, char *buf, size_t len);

/* Every built combination of the tables, in table order; returns how many were written (at most
 * max). alloc has no future, so it is built at depth 1, ready only; cross-thread only for the
 * modes that allocate and free every call (box, box-inplace, alloc); native-moved only where its
 * moved children fit a 2 MiB stack (a tokio worker's) at depth x size <= 2 MiB. */
size_t bb_cases_all(bb_case_t *out, size_t max);
#define BB_CASES_MAX 8192

/* false if the case is not built or memory is short. */
bool bb_case_prepare(const bb_case_t *c, bb_prepared_t *p);
/* Whether the runners build this case (bb_cases_all lists exactly those): a Rust twin stands only
 * beside a built case. */
bool bb_case_built(const bb_case_t *c);
void bb_case_release(bb_prepared_t *p);

/* reuse and arena keep what their first calls take (a box per call site; the arena's chunk, which
 * holds a whole request from the second): make those calls, as a long-running service has made
 * them, so that no measured call pays for them. Nothing for the other modes. */
void bb_case_settle(const bb_prepared_t *p);

/* The service a top-level call of a vtable mode calls (NULL for inline, which has none). */
const bb_service_t *bb_case_service(const bb_prepared_t *p);

/* Run n top-level calls with seeds first .. first+n-1 and return the sum of their outputs. */
uint64_t bb_case_run(const bb_prepared_t *p, uint64_t first, uint64_t n);

/* What bb_case_run must return: each call answers seed + (seed mod 256) + size + depth - 1 (alloc,
 * which has no future, computes the same from its seed). */
uint64_t bb_case_expected(const bb_case_t *c, uint64_t first, uint64_t n);

/* Allocations (and frees) one top-level call makes once warm: depth for the boxed modes, one for
 * alloc, for inline-buf one per level whose future does not fit the buffer, none otherwise (reuse
 * and arena allocate only in their first calls). */
unsigned bb_case_allocs_per_call(const bb_case_t *c);

/* Bytes of future state one top-level call builds: every level's future added up, what inline
 * embeds in the caller's frame (alloc: none). */
size_t bb_case_future_bytes(const bb_case_t *c);

/* Internals shared between the bench files. */
bb__inline_run_fn bb__inline_runner(size_t size, unsigned depth, bool moved, size_t *future_bytes);
const bb_service_t *bb__payload_service(size_t size);
size_t bb__payload_future_bytes(size_t size);
extern const bb_service_vtable_t bb__layer_service_vtable;
/* A layer's future under placement p (stack: with a buffer of cap bytes). */
size_t bb__layer_future_bytes(bb_place_t p, size_t cap);

#endif
