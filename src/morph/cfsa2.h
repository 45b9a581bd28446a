/*
** morph/cfsa2.h — reader of morfologik's CFSA2 automaton format (internal).
**
** The image is a byte array that stays alive and unchanged while the reader
** is used (normally the read-only mapping of polish.dict). kr__cfsa2_init()
** checks the whole image once, so that afterwards every arc is well formed
** and every goto address is the start of a node: the accessors below need
** no bounds checks. A corrupt image may still contain cycles; walkers bound
** their depth and work (see KR_CFSA2_MAX_DEPTH).
**
** Layout (CFSA2.java in morfologik-fsa): "\fsa", version 0xc6, flags (big
** endian short), label table size, label table, then nodes. A node is an
** optional v-int (NUMBERS flag) and a run of arcs; an arc is a flags byte
** N|L|F|MMMMM (N: target is the node after this one, L: last arc of the node,
** F: final, M: index of the label in the table or 0 when an explicit label
** byte follows), then, unless N, a v-int goto address. Address 0 is the
** terminal node; the root is the target of the first arc of node 0.
*/
#ifndef KR_CFSA2_H
#define KR_CFSA2_H

#include "../internal.h"
#include <stdint.h>

#define KR_CFSA2_MAX_DEPTH 2048 /* longest byte sequence a walker follows */

enum {
  KR_CFSA2_NEXT = 0x80,   /* target is the node after this node */
  KR_CFSA2_LAST = 0x40,   /* last arc of its node */
  KR_CFSA2_FINAL = 0x20,  /* a sequence may end here */
  KR_CFSA2_INDEX = 0x1f   /* label table index; 0: explicit label byte */
};

typedef struct kr_cfsa2 {
  const uint8_t *arcs;  /* node and arc bytes (after the header) */
  uint32_t n;           /* their count */
  uint32_t root;        /* offset of the root node */
  uint8_t labels[32];   /* labels[i] for index i, 1 ≤ i < n_labels */
  uint8_t n_labels;     /* size of the label table */
  uint8_t numbers;      /* nodes start with a v-int (NUMBERS flag) */
} kr_cfsa2;

/* Checks the image data[0..len) and fills *f. Errors: KR_EDICT with a
** message naming `name` and what is wrong; KR_ENOMEM. */
int kr__cfsa2_init(kr_cfsa2 *f, const uint8_t *data, size_t len, const char *name,
                   kr_error *err);

/* ---- arc access (valid after kr__cfsa2_init) ------------------------------ */

static inline uint32_t kr__cfsa2_first_arc(const kr_cfsa2 *f, uint32_t node) {
  if (f->numbers)
    while (f->arcs[node++] & 0x80) {}
  return node;
}

static inline uint8_t kr__cfsa2_label(const kr_cfsa2 *f, uint32_t arc) {
  unsigned i = f->arcs[arc] & KR_CFSA2_INDEX;
  return i ? f->labels[i] : f->arcs[arc + 1];
}

static inline int kr__cfsa2_is_final(const kr_cfsa2 *f, uint32_t arc) {
  return (f->arcs[arc] & KR_CFSA2_FINAL) != 0;
}

static inline int kr__cfsa2_is_last(const kr_cfsa2 *f, uint32_t arc) {
  return (f->arcs[arc] & KR_CFSA2_LAST) != 0;
}

/* Offset of the byte after the arc. */
static inline uint32_t kr__cfsa2_skip(const kr_cfsa2 *f, uint32_t arc) {
  uint8_t flags = f->arcs[arc++];
  if (!(flags & KR_CFSA2_INDEX)) arc++;
  if (!(flags & KR_CFSA2_NEXT))
    while (f->arcs[arc++] & 0x80) {}
  return arc;
}

/* Next arc of the same node, or 0 after the last one. */
static inline uint32_t kr__cfsa2_next_arc(const kr_cfsa2 *f, uint32_t arc) {
  return kr__cfsa2_is_last(f, arc) ? 0 : kr__cfsa2_skip(f, arc);
}

/* Target node of the arc; 0 for the terminal node (no further arcs). */
static inline uint32_t kr__cfsa2_target(const kr_cfsa2 *f, uint32_t arc) {
  const uint8_t *a = f->arcs;
  if (a[arc] & KR_CFSA2_NEXT) {
    while (!(a[arc] & KR_CFSA2_LAST)) arc = kr__cfsa2_skip(f, arc);
    return kr__cfsa2_skip(f, arc);
  }
  uint32_t p = arc + ((a[arc] & KR_CFSA2_INDEX) ? 1 : 2), v = 0;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    uint8_t b = a[p++];
    v |= (uint32_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  return v;
}

/* The arc of `node` labelled `label`, or 0. */
static inline uint32_t kr__cfsa2_find(const kr_cfsa2 *f, uint32_t node, uint8_t label) {
  if (node == 0) return 0;
  for (uint32_t arc = kr__cfsa2_first_arc(f, node); arc; arc = kr__cfsa2_next_arc(f, arc))
    if (kr__cfsa2_label(f, arc) == label) return arc;
  return 0;
}

/* Follows s[0..len) from `node`; returns the node reached or 0. */
uint32_t kr__cfsa2_walk(const kr_cfsa2 *f, uint32_t node, const uint8_t *s, size_t len);

/* Calls cb for every byte sequence that ends with a final arc below `node`
** (depth first, in arc order); seq is only valid during the call, and cb
** returns 0 to go on or a negative value to stop. Returns the number of
** calls, the negative value cb returned, or KR_EDICT when a path is longer
** than KR_CFSA2_MAX_DEPTH (a corrupt, cyclic image) or more than `budget`
** arcs were visited (0: no budget). */
typedef int (*kr_cfsa2_cb)(void *ctx, const uint8_t *seq, size_t len);
int kr__cfsa2_enum(const kr_cfsa2 *f, uint32_t node, kr_cfsa2_cb cb, void *ctx,
                   uint64_t budget);

#endif /* KR_CFSA2_H */
