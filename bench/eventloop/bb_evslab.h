/* The two containers the original builds everything on, doing what the code rustc makes of them
 * does (not less): a slab (the slab crate: a vector of entries, each vacant with the next free key
 * or occupied; keys reused last-freed first; iteration in key order) and an intrusive doubly linked
 * list over a slab's keys (the original's list.rs), whose links are Option<usize>: a tag and a
 * value, each link read, tested and taken as one. Every index into a slab checks the key against
 * the vector's length and the entry's tag, as Slab's Index does (a panic there is a trap here), and
 * a RefCell's borrow checks and sets its flag (bb_ev_borrow). Neither container allocates once
 * made: the original's never grow past the capacity they are made with. */
#ifndef BB_EVSLAB_H
#define BB_EVSLAB_H

#include <stdbool.h>
#include <stdint.h>

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

typedef struct bb_ev_slab_s {
  uint64_t len;     /* occupied entries */
  uint64_t next;    /* the key the next insert takes */
  uint64_t entries; /* the vector's length: entries ever used */
  uint64_t cap;     /* the vector's capacity, as made (with_capacity) */
  uint64_t vacant[BB_EV_SLAB_CAP]; /* a vacant entry's next free key */
  bool used[BB_EV_SLAB_CAP];       /* the entry's tag: occupied */
} bb_ev_slab_t;

static inline void bb_ev_slab_init(bb_ev_slab_t *s, uint64_t cap) {
  if (cap > BB_EV_SLAB_CAP) __builtin_trap();
  s->len = s->next = s->entries = 0;
  s->cap = cap;
}

/* Slab::clear: the vector emptied (its entries need no drop), len and next back to 0. */
static inline void bb_ev_slab_clear(bb_ev_slab_t *s) { s->len = s->next = s->entries = 0; }

/* `&slab[key]`: the bounds and the tag checked. */
static inline void bb_ev_slab_index(const bb_ev_slab_t *s, uint64_t key) {
  BB_EV_CHECK(key < s->entries && s->used[key]);
}

/* `slab.get(key).is_some()`. */
static inline bool bb_ev_slab_has(const bb_ev_slab_t *s, uint64_t key) {
  return key < s->entries && s->used[key];
}

/* Slab::insert_at: a push at the end (the vector's capacity checked, as Vec::push does), or the
 * vacant entry's next key taken. */
static inline void bb_ev_slab_insert_at(bb_ev_slab_t *s, uint64_t key) {
  s->len++;
  if (key == s->entries) {
    BB_EV_CHECK(s->entries < s->cap); /* Vec::push would grow: never here */
    s->entries++;
    s->next = key + 1;
  } else {
    BB_EV_CHECK(key < s->entries && !s->used[key]);
    s->next = s->vacant[key];
  }
  s->used[key] = true;
}

/* Slab::insert: the next key, filled. */
static inline uint64_t bb_ev_slab_insert(bb_ev_slab_t *s) {
  uint64_t key = s->next;
  bb_ev_slab_insert_at(s, key);
  return key;
}

/* Slab::remove (try_remove, expected to succeed): the entry made vacant with the old next key. */
static inline void bb_ev_slab_remove(bb_ev_slab_t *s, uint64_t key) {
  BB_EV_CHECK(key < s->entries && s->used[key]);
  s->used[key] = false;
  s->vacant[key] = s->next;
  s->len--;
  s->next = key;
}

typedef struct bb_ev_node_s {
  bb_ev_opt_t prev, next;
} bb_ev_node_t;

typedef struct bb_ev_list_s {
  bb_ev_opt_t head, tail;
} bb_ev_list_t;

static inline bb_ev_list_t bb_ev_list(void) { return (bb_ev_list_t){{0, 0}, {0, 0}}; }

/* list.rs's insert after `after` (None: at the head), every node it touches indexed through the
 * slab that holds it. */
static inline void bb_ev_list_insert(bb_ev_list_t *l, const bb_ev_slab_t *s, bb_ev_node_t *nodes,
                                     bb_ev_opt_t after, uint64_t key) {
  bb_ev_opt_t next;
  if (after.some) {
    bb_ev_slab_index(s, after.value);
    next = nodes[after.value].next;
    nodes[after.value].next = bb_ev_some(key);
    bb_ev_slab_index(s, key);
    nodes[key].prev = after;
  } else {
    next = l->head;
    l->head = bb_ev_some(key);
    bb_ev_slab_index(s, key);
    nodes[key].prev.some = 0;
  }
  bb_ev_slab_index(s, key);
  nodes[key].next = next;
  if (next.some) {
    bb_ev_slab_index(s, next.value);
    nodes[next.value].prev = bb_ev_some(key);
  } else {
    l->tail = bb_ev_some(key);
  }
}

/* list.rs's remove: the node's links taken, its neighbours joined, head and tail moved if they
 * were the node; a node that is not linked changes nothing. */
static inline void bb_ev_list_remove(bb_ev_list_t *l, const bb_ev_slab_t *s, bb_ev_node_t *nodes,
                                     uint64_t key) {
  bb_ev_slab_index(s, key);
  bb_ev_opt_t prev = bb_ev_take(&nodes[key].prev), next = bb_ev_take(&nodes[key].next);
  if (prev.some) {
    bb_ev_slab_index(s, prev.value);
    nodes[prev.value].next = next;
  }
  if (next.some) {
    bb_ev_slab_index(s, next.value);
    nodes[next.value].prev = prev;
  }
  if (l->head.some && l->head.value == key) l->head = next;
  if (l->tail.some && l->tail.value == key) l->tail = prev;
}

/* The calls rustc's code makes rather than inlining (List::insert, which push_back is, List::remove
 * where a wake removes and where the box executors take a task off their list, and
 * VacantEntry::insert where the box executors add a task): out of line here too. */
BB_EV_NOINLINE void bb_ev_slab_vacant_insert(bb_ev_slab_t *s, uint64_t key);
BB_EV_NOINLINE void bb_ev_list_push_back(bb_ev_list_t *l, const bb_ev_slab_t *s,
                                         bb_ev_node_t *nodes, uint64_t key);
BB_EV_NOINLINE void bb_ev_list_remove_call(bb_ev_list_t *l, const bb_ev_slab_t *s,
                                           bb_ev_node_t *nodes, uint64_t key);

#endif
