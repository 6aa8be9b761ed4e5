/* The two containers the original builds everything on, doing what the code rustc makes of them
 * does (not less): a slab (the slab crate: a vector of entries, each occupied by a value or vacant
 * with the next free key; keys reused last-freed first; iteration in key order) and an intrusive
 * doubly linked list over a slab's keys (the original's list.rs), whose links are Option<usize>: a
 * tag and a value, each link read, tested and taken as one. A slab's entries are reached through
 * the vector's pointer, and every index checks the key against the vector's length and the entry's
 * tag, as Slab's Index does (a panic there is a trap here); a RefCell's borrow checks and sets its
 * flag (bb_ev_borrow). Neither container allocates: the original's never grow past the capacity
 * they are made with, so the vector's buffer is kept inside the slab here. */
#ifndef BB_EVSLAB_H
#define BB_EVSLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BB_EV_SLAB_CAP 264 /* at least the transactions and the listener, plus a margin */
#define BB_EV_NOINLINE __attribute__((noinline))

/* A panic of the original (an index out of bounds, a vacant key, a RefCell borrowed twice). */
#define BB_EV_CHECK(ok) (__builtin_expect(!(ok), 0) ? __builtin_trap() : (void)0)

/* RefCell's flag: borrow_mut needs it 0 and holds it at -1; borrow needs it not negative. */
static inline void bb_ev_borrow_mut(int64_t *flag) {
  BB_EV_CHECK(*flag == 0);
  *flag = -1;
}
static inline void bb_ev_release_mut(int64_t *flag) { (*flag)++; }
static inline void bb_ev_borrow(int64_t *flag) {
  BB_EV_CHECK(*flag >= 0 && *flag != INT64_MAX);
  (*flag)++;
}
static inline void bb_ev_release(int64_t *flag) { (*flag)--; }

/* A move of n bytes, as the code rustc makes moves a value: up to 128 bytes inline (LLVM expands a
 * copy into at most eight 16-byte stores), above that a call to libc's memcpy. */
static inline void bb_ev_move(void *dst, const void *src, size_t n) {
  if (n > 128) __asm__("" : "+r"(n)); /* a size gcc cannot expand inline: libc's memcpy is called */
  memcpy(dst, src, n);
}

/* Option<usize>. */
typedef struct bb_ev_opt_s {
  uint64_t some, value;
} bb_ev_opt_t;
static inline bb_ev_opt_t bb_ev_some(uint64_t v) { return (bb_ev_opt_t){1, v}; }
static inline bb_ev_opt_t bb_ev_take(bb_ev_opt_t *o) {
  bb_ev_opt_t v = *o;
  o->some = 0;
  return v;
}

/* A slab of T, `name`: name_t, and name_init, _clear, _at (Index), _get, _insert_at, _insert,
 * _vacant_insert, _remove; BB_EV_SLAB_EACH walks its occupied entries in key order. */
#define BB_EV_SLAB(name, T)                                                                        \
  typedef struct name##_entry_s {                                                                  \
    uint64_t occupied; /* the entry's tag */                                                       \
    union {                                                                                        \
      uint64_t vacant_next;                                                                        \
      T value;                                                                                     \
    };                                                                                             \
  } name##_entry_t;                                                                                \
  typedef struct name##_s {                                                                        \
    name##_entry_t *ptr; /* the vector: its buffer, capacity and length */                         \
    uint64_t cap, entries;                                                                         \
    uint64_t len, next; /* occupied entries; the key the next insert takes */                      \
    name##_entry_t buffer[BB_EV_SLAB_CAP];                                                         \
  } name##_t;                                                                                      \
  static inline void name##_init(name##_t *s, uint64_t cap) {                                      \
    if (cap > BB_EV_SLAB_CAP) __builtin_trap();                                                    \
    s->ptr = s->buffer;                                                                            \
    s->cap = cap;                                                                                  \
    s->entries = s->len = s->next = 0;                                                             \
  }                                                                                                \
  /* The vector emptied (its values need no drop), len and next back to 0. */                      \
  static inline void name##_clear(name##_t *s) { s->entries = s->len = s->next = 0; }              \
  static inline T *name##_at(name##_t *s, uint64_t key) {                                          \
    BB_EV_CHECK(key < s->entries);                                                                 \
    name##_entry_t *e = &s->ptr[key];                                                              \
    BB_EV_CHECK(e->occupied);                                                                      \
    return &e->value;                                                                              \
  }                                                                                                \
  static inline T *name##_get(name##_t *s, uint64_t key) {                                         \
    if (key >= s->entries) return NULL;                                                            \
    name##_entry_t *e = &s->ptr[key];                                                              \
    return e->occupied ? &e->value : NULL;                                                         \
  }                                                                                                \
  /* Slab::insert_at: a push at the end (Vec::push's capacity check), or the vacant entry's next   \
   * key taken; then the entry written whole. */                                                   \
  static inline void name##_insert_at(name##_t *s, uint64_t key, T value) {                        \
    s->len++;                                                                                      \
    if (key == s->entries) {                                                                       \
      BB_EV_CHECK(s->entries < s->cap); /* Vec::push would grow: never here */                     \
      s->entries++;                                                                                \
      s->next = key + 1;                                                                           \
    } else {                                                                                       \
      BB_EV_CHECK(key < s->entries && !s->ptr[key].occupied);                                      \
      s->next = s->ptr[key].vacant_next;                                                           \
    }                                                                                              \
    name##_entry_t *e = &s->ptr[key];                                                              \
    e->occupied = 1;                                                                               \
    bb_ev_move(&e->value, &value, sizeof value);                                                   \
  }                                                                                                \
  static inline uint64_t name##_insert(name##_t *s, T value) {                                     \
    uint64_t key = s->next;                                                                        \
    name##_insert_at(s, key, value);                                                               \
    return key;                                                                                    \
  }                                                                                                \
  /* VacantEntry::insert, a call of its own where the box executors add a task. */                 \
  static __attribute__((noinline, unused)) void name##_vacant_insert(name##_t *s, uint64_t key,    \
                                                                     T value) {                    \
    name##_insert_at(s, key, value);                                                               \
  }                                                                                                \
  /* Slab::remove (try_remove, expected to succeed): the value moved out, the entry made vacant    \
   * with the old next key. */                                                                     \
  static inline T name##_remove(name##_t *s, uint64_t key) {                                       \
    BB_EV_CHECK(key < s->entries);                                                                 \
    name##_entry_t *e = &s->ptr[key];                                                              \
    BB_EV_CHECK(e->occupied);                                                                      \
    T value = e->value;                                                                            \
    e->occupied = 0;                                                                               \
    e->vacant_next = s->next;                                                                      \
    s->len--;                                                                                      \
    s->next = key;                                                                                 \
    return value;                                                                                  \
  }

/* `for (entry_type *e : the occupied entries of slab s, in key order)`, as Slab's iterator walks
 * the vector and skips the vacant entries. */
#define BB_EV_SLAB_EACH(entry_type, e, s)                                                          \
  for (entry_type *e = (s)->ptr, *e##_end = (s)->ptr + (s)->entries; e != e##_end; e++)            \
    if (!e->occupied) {                                                                            \
    } else

/* list.rs's Node: the links before the value. */
typedef struct bb_ev_node_s {
  bb_ev_opt_t prev, next;
} bb_ev_node_t;

typedef struct bb_ev_list_s {
  bb_ev_opt_t head, tail;
} bb_ev_list_t;

static inline bb_ev_list_t bb_ev_list(void) { return (bb_ev_list_t){{0, 0}, {0, 0}}; }

/* list.rs over the slab `name` of values whose first field is a bb_ev_node_t `node`: insert after
 * `after` (None: at the head), remove (the node's links taken, its neighbours joined, head and
 * tail moved if they were the node; a node not linked changes nothing), every node reached by an
 * index of the slab. name_push_back (List::insert) and name_list_remove_call are calls of their
 * own, as in the code rustc makes of the original's. */
#define BB_EV_LIST(name)                                                                           \
  static inline void name##_list_insert(bb_ev_list_t *l, name##_t *s, bb_ev_opt_t after,           \
                                        uint64_t key) {                                            \
    bb_ev_opt_t next;                                                                              \
    if (after.some) {                                                                              \
      bb_ev_node_t *pn = &name##_at(s, after.value)->node;                                         \
      next = pn->next;                                                                             \
      pn->next = bb_ev_some(key);                                                                  \
      name##_at(s, key)->node.prev = after;                                                        \
    } else {                                                                                       \
      next = l->head;                                                                              \
      l->head = bb_ev_some(key);                                                                   \
      name##_at(s, key)->node.prev.some = 0;                                                       \
    }                                                                                              \
    name##_at(s, key)->node.next = next;                                                           \
    if (next.some)                                                                                 \
      name##_at(s, next.value)->node.prev = bb_ev_some(key);                                       \
    else                                                                                           \
      l->tail = bb_ev_some(key);                                                                   \
  }                                                                                                \
  static inline void name##_list_remove(bb_ev_list_t *l, name##_t *s, uint64_t key) {              \
    bb_ev_node_t *n = &name##_at(s, key)->node;                                                    \
    bb_ev_opt_t prev = bb_ev_take(&n->prev), next = bb_ev_take(&n->next);                          \
    if (prev.some) name##_at(s, prev.value)->node.next = next;                                     \
    if (next.some) name##_at(s, next.value)->node.prev = prev;                                     \
    if (l->head.some && l->head.value == key) l->head = next;                                      \
    if (l->tail.some && l->tail.value == key) l->tail = prev;                                      \
  }                                                                                                \
  static __attribute__((noinline, unused)) void name##_push_back(bb_ev_list_t *l, name##_t *s,     \
                                                                 uint64_t key) {                   \
    name##_list_insert(l, s, l->tail, key);                                                        \
  }                                                                                                \
  static __attribute__((noinline, unused)) void name##_list_remove_call(                           \
      bb_ev_list_t *l, name##_t *s, uint64_t key) {                                                \
    name##_list_remove(l, s, key);                                                                 \
  }

#endif
