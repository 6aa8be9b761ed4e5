/* The two containers the original builds everything on, in fixed capacity: a slab (the slab crate:
 * keys are indices, a removed key is the next one reused, iteration in key order) and an
 * intrusive doubly linked list over a slab's keys (its list.rs). Neither allocates once made. */
#ifndef BB_EVSLAB_H
#define BB_EVSLAB_H

#include <stdbool.h>
#include <stdint.h>

#define BB_EV_NONE UINT32_MAX
#define BB_EV_SLAB_CAP 264 /* at least the transactions and the listener, plus a margin */

typedef struct bb_ev_slab_s {
  uint32_t len;                    /* keys in use */
  uint32_t top;                    /* keys ever used: iteration runs below it */
  uint32_t next;                   /* the key the next insert takes */
  uint32_t vacant[BB_EV_SLAB_CAP]; /* a vacant key's successor in the free chain */
  bool used[BB_EV_SLAB_CAP];
} bb_ev_slab_t;

static inline void bb_ev_slab_clear(bb_ev_slab_t *s) { s->len = s->top = s->next = 0; }

/* The key of a new entry, or BB_EV_NONE when cap keys are in use. */
static inline uint32_t bb_ev_slab_insert(bb_ev_slab_t *s, uint32_t cap) {
  if (s->len == cap) return BB_EV_NONE;
  uint32_t key = s->next;
  s->next = key == s->top ? ++s->top : s->vacant[key];
  s->used[key] = true;
  s->len++;
  return key;
}

static inline void bb_ev_slab_remove(bb_ev_slab_t *s, uint32_t key) {
  s->used[key] = false;
  s->vacant[key] = s->next;
  s->next = key;
  s->len--;
}

typedef struct bb_ev_node_s {
  uint32_t prev, next;
} bb_ev_node_t;

typedef struct bb_ev_list_s {
  uint32_t head, tail;
} bb_ev_list_t;

static inline bb_ev_list_t bb_ev_list(void) { return (bb_ev_list_t){BB_EV_NONE, BB_EV_NONE}; }

static inline void bb_ev_list_push_back(bb_ev_list_t *l, bb_ev_node_t *nodes, uint32_t key) {
  nodes[key] = (bb_ev_node_t){l->tail, BB_EV_NONE};
  if (l->tail != BB_EV_NONE)
    nodes[l->tail].next = key;
  else
    l->head = key;
  l->tail = key;
}

/* Unlink key; a key that is not in the list is left alone. */
static inline void bb_ev_list_remove(bb_ev_list_t *l, bb_ev_node_t *nodes, uint32_t key) {
  bb_ev_node_t n = nodes[key];
  if (n.prev == BB_EV_NONE && n.next == BB_EV_NONE && l->head != key) return;
  if (n.prev != BB_EV_NONE)
    nodes[n.prev].next = n.next;
  else
    l->head = n.next;
  if (n.next != BB_EV_NONE)
    nodes[n.next].prev = n.prev;
  else
    l->tail = n.prev;
  nodes[key] = (bb_ev_node_t){BB_EV_NONE, BB_EV_NONE};
}

#endif
