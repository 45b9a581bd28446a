/*
** morph/cfsa2.c — checked reader of morfologik's CFSA2 automaton.
**
** Exports kr__cfsa2_init (header and whole-image check), kr__cfsa2_walk and
** kr__cfsa2_enum; the per-arc accessors are inline in cfsa2.h.
**
** Decisions:
** - The image is never copied: arcs are read in place from the mapping.
** - kr__cfsa2_init scans every node once (about 3 ms for polish.dict) and
**   rejects a truncated or malformed image up front, using a temporary
**   bitmap of node starts to check that each goto address is a node. After
**   that the hot lookup path runs without bounds checks.
** - A corrupt image can still be cyclic; enumeration is bounded by depth
**   and by an optional budget of visited arcs instead of a full DAG check,
**   which would cost more than the whole load budget.
*/
#include "cfsa2.h"

#include <stdlib.h>

#define FSA_VERSION_CFSA2 0xc6
#define FSA_FLAGS_KNOWN 0x030f /* FLEXIBLE STOPBIT NEXTBIT TAILS NUMBERS SEPARATORS */
#define FSA_FLAG_NUMBERS 0x0100
#define HEADER_LEN 8           /* magic 4, version 1, flags 2, label count 1 */

/* Reads a v-int at a[*pos], at most 5 bytes, not past n. */
static int read_vint(const uint8_t *a, uint32_t n, uint32_t *pos, uint32_t *out) {
  uint32_t v = 0, p = *pos;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (p >= n) return -1;
    uint8_t b = a[p++];
    if (shift == 28 && (b & 0x70)) return -1; /* over 32 bits */
    v |= (uint32_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *pos = p;
      *out = v;
      return 0;
    }
  }
  return -1;
}

/* One pass over all nodes. Pass 1 marks node starts in `starts`; pass 2
** checks goto addresses against them. Returns 0 or the failing offset + 1. */
static uint32_t scan(const kr_cfsa2 *f, uint8_t *starts, int pass, const char **why) {
  const uint8_t *a = f->arcs;
  uint32_t n = f->n, pos = 0, v;
  while (pos < n) {
    uint32_t node = pos;
    if (pass == 1) starts[node >> 3] |= (uint8_t)(1u << (node & 7));
    if (f->numbers && read_vint(a, n, &pos, &v) < 0) {
      *why = "truncated node count";
      return node + 1;
    }
    uint32_t first_next = 0; /* an arc of this node points to the next node */
    for (;;) {
      uint32_t arc = pos;
      if (pos >= n) {
        *why = "truncated node (no last arc)";
        return arc + 1;
      }
      uint8_t flags = a[pos++];
      unsigned idx = flags & KR_CFSA2_INDEX;
      if (idx && idx >= f->n_labels) {
        *why = "label index outside the label table";
        return arc + 1;
      }
      if (!idx && pos++ >= n) {
        *why = "truncated arc label";
        return arc + 1;
      }
      if (!(flags & KR_CFSA2_NEXT)) {
        if (read_vint(a, n, &pos, &v) < 0) {
          *why = "truncated or oversized goto address";
          return arc + 1;
        }
        if (pass == 2 && (v >= n || !(starts[v >> 3] & (1u << (v & 7))))) {
          *why = "goto address is not a node";
          return arc + 1;
        }
      } else if (!first_next) {
        first_next = arc + 1;
      }
      if (flags & KR_CFSA2_LAST) break;
    }
    if (first_next && pos >= n) {
      *why = "arc points past the last node";
      return first_next;
    }
  }
  return 0;
}

int kr__cfsa2_init(kr_cfsa2 *f, const uint8_t *data, size_t len, const char *name,
                   kr_error *err) {
  memset(f, 0, sizeof *f);
  if (len < HEADER_LEN || memcmp(data, "\\fsa", 4) != 0)
    return kr__err_set(err, KR_EDICT, 0, 0, "%s: not an FSA file (bad magic)", name);
  if (data[4] != FSA_VERSION_CFSA2)
    return kr__err_set(err, KR_EDICT, 4, 0, "%s: FSA version 0x%02x, only CFSA2 (0xc6) is supported",
                       name, data[4]);
  unsigned flags = ((unsigned)data[5] << 8) | data[6];
  if (flags & ~(unsigned)FSA_FLAGS_KNOWN)
    return kr__err_set(err, KR_EDICT, 5, 0, "%s: unknown FSA flags 0x%04x", name, flags);
  unsigned n_labels = data[7];
  if (n_labels > 32)
    return kr__err_set(err, KR_EDICT, 7, 0, "%s: label table of %u entries (at most 32)", name,
                       n_labels);
  if (len < HEADER_LEN + n_labels + 1)
    return kr__err_set(err, KR_EDICT, len, 0, "%s: truncated (no arcs)", name);
  if (len - HEADER_LEN - n_labels >= 0x7fffffffu)
    return kr__err_set(err, KR_EDICT, 0, 0, "%s: automaton larger than 2 GiB", name);
  memcpy(f->labels, data + HEADER_LEN, n_labels);
  f->n_labels = (uint8_t)n_labels;
  f->numbers = (flags & FSA_FLAG_NUMBERS) != 0;
  f->arcs = data + HEADER_LEN + n_labels;
  f->n = (uint32_t)(len - HEADER_LEN - n_labels);

  uint8_t *starts = calloc(f->n / 8 + 1, 1);
  if (!starts) return kr__err_set(err, KR_ENOMEM, 0, 0, "%s: out of memory", name);
  const char *why = "";
  uint32_t bad = scan(f, starts, 1, &why);
  if (!bad) bad = scan(f, starts, 2, &why);
  free(starts);
  if (bad)
    return kr__err_set(err, KR_EDICT, HEADER_LEN + n_labels + (uint64_t)bad - 1, 0,
                       "%s: corrupt automaton at byte %llu: %s", name,
                       (unsigned long long)(HEADER_LEN + n_labels + (uint64_t)bad - 1), why);
  f->root = kr__cfsa2_target(f, kr__cfsa2_first_arc(f, 0));
  if (f->root == 0)
    return kr__err_set(err, KR_EDICT, HEADER_LEN + n_labels, 0, "%s: empty automaton", name);
  return 0;
}

uint32_t kr__cfsa2_walk(const kr_cfsa2 *f, uint32_t node, const uint8_t *s, size_t len) {
  for (size_t i = 0; i < len && node; i++) {
    uint32_t arc = kr__cfsa2_find(f, node, s[i]);
    if (!arc) return 0;
    node = kr__cfsa2_target(f, arc);
  }
  return node;
}

int kr__cfsa2_enum(const kr_cfsa2 *f, uint32_t node, kr_cfsa2_cb cb, void *ctx,
                   uint64_t budget) {
  uint32_t stack[KR_CFSA2_MAX_DEPTH];
  uint8_t seq[KR_CFSA2_MAX_DEPTH];
  uint64_t steps = 0;
  int depth = 0, count = 0;
  if (node == 0) return 0;
  stack[0] = kr__cfsa2_first_arc(f, node);
  for (;;) {
    uint32_t arc = stack[depth];
    if (budget && ++steps > budget) return KR_EDICT;
    seq[depth] = kr__cfsa2_label(f, arc);
    if (kr__cfsa2_is_final(f, arc)) {
      int rc = cb(ctx, seq, (size_t)depth + 1);
      if (rc < 0) return rc;
      if (count < INT32_MAX) count++;
    }
    uint32_t t = kr__cfsa2_target(f, arc);
    if (t) {
      if (depth + 1 >= KR_CFSA2_MAX_DEPTH) return KR_EDICT;
      stack[++depth] = kr__cfsa2_first_arc(f, t);
      continue;
    }
    while (kr__cfsa2_is_last(f, stack[depth])) {
      if (depth == 0) return count;
      depth--;
    }
    stack[depth] = kr__cfsa2_skip(f, stack[depth]);
  }
}
