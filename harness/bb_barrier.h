/* Optimisation barriers: what google-benchmark's DoNotOptimize and ClobberMemory do, for C.
 *
 * A benchmark the compiler can see through measures nothing, so every measured path ends in one of
 * these. They emit no instruction; they only stop the optimiser from assuming things.
 */
#ifndef BB_BARRIER_H
#define BB_BARRIER_H

/* The compiler must assume `lvalue` is read and may have been changed, so the computation that
 * produced it happens and later uses reload it. Takes an lvalue, as google-benchmark's does. */
#define bb_do_not_optimize(lvalue) __asm__ volatile("" : "+r,m"(lvalue) : : "memory")

/* The memory behind `ptr` escapes: the compiler must assume anything may read or write it, so
 * stores into it are kept (an initialised payload stays initialised) and reads after it reload. */
static inline __attribute__((always_inline)) void bb_escape(const void *ptr) {
  __asm__ volatile("" : : "g"(ptr) : "memory");
}

/* All memory may have been read and written: pending stores are flushed, values are reloaded. */
static inline __attribute__((always_inline)) void bb_clobber_memory(void) {
  __asm__ volatile("" : : : "memory");
}

/* The same pointer, but the compiler no longer knows where it points. A future must not be able to
 * devirtualise its executor's waker: in Rust the waker comes from whichever executor polls it. */
#define bb_launder(ptr)                                                                            \
  ({                                                                                               \
    __typeof__(ptr) bb__p = (ptr);                                                                 \
    __asm__("" : "+r"(bb__p));                                                                     \
    bb__p;                                                                                         \
  })

#endif
