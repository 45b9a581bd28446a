/*
** arena.c — the per-document bump allocator.
**
** A document's strings and annotation arrays all come from one arena: a
** chain of blocks, each at least twice as big as the one before. Nothing is
** freed piecemeal; kr__arena_reset() keeps the first block (so a loop over a
** million articles allocates once) and kr__arena_free() releases all.
** Allocations are 8-byte aligned. Not thread-safe: one arena per thread.
*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct block {
  struct block *next;
  size_t cap, used;
  /* data follows, 8-byte aligned */
} block;

struct kr_arena {
  block *head;        /* current block (newest) */
  block *first;       /* the block kept by reset */
  size_t total;       /* bytes handed out since the last reset */
};

#define HDR ((sizeof(block) + 7u) & ~(size_t)7u)

static block *block_new(size_t cap) {
  block *b = malloc(HDR + cap);
  if (!b) return NULL;
  b->next = NULL;
  b->cap = cap;
  b->used = 0;
  return b;
}

kr_arena *kr__arena_new(size_t first_block) {
  kr_arena *a = malloc(sizeof *a);
  if (!a) return NULL;
  if (first_block < 4096) first_block = 4096;
  a->first = a->head = block_new(first_block);
  if (!a->first) { free(a); return NULL; }
  a->total = 0;
  return a;
}

void kr__arena_reset(kr_arena *a) {
  if (!a) return;
  block *b = a->head;
  while (b && b != a->first) {
    block *next = b->next;
    free(b);
    b = next;
  }
  a->head = a->first;
  a->first->used = 0;
  a->first->next = NULL;
  a->total = 0;
}

void kr__arena_free(kr_arena *a) {
  if (!a) return;
  block *b = a->head;
  while (b) {
    block *next = b->next;
    free(b);
    b = next;
  }
  free(a);
}

void *kr__arena_alloc(kr_arena *a, size_t size) {
  size = (size + 7u) & ~(size_t)7u;
  if (size == 0) size = 8;
  block *b = a->head;
  if (b->cap - b->used < size) {
    size_t cap = b->cap * 2;
    if (cap < size) cap = size;
    if (cap > ((size_t)1 << 40)) return NULL;
    block *nb = block_new(cap);
    if (!nb) return NULL;
    nb->next = b;
    a->head = b = nb;
  }
  void *p = (char *)b + HDR + b->used;
  b->used += size;
  a->total += size;
  return p;
}

void *kr__arena_calloc(kr_arena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  void *p = kr__arena_alloc(a, n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

char *kr__arena_strndup(kr_arena *a, const char *s, size_t len) {
  char *p = kr__arena_alloc(a, len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = 0;
  return p;
}

char *kr__arena_printf(kr_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *p = kr__arena_alloc(a, (size_t)n + 1);
  if (!p) return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

void *kr__arena_grow(kr_arena *a, void *ptr, uint32_t *cap, uint32_t min_cap, size_t elem) {
  uint64_t ncap = *cap ? (uint64_t)*cap * 2 : 16;
  if (ncap < min_cap) ncap = min_cap;
  if (ncap > UINT32_MAX || (elem && ncap > SIZE_MAX / elem)) return NULL;
  void *p = kr__arena_alloc(a, (size_t)ncap * elem);
  if (!p) return NULL;
  if (ptr && *cap) memcpy(p, ptr, (size_t)*cap * elem);
  *cap = (uint32_t)ncap;
  return p;
}

size_t kr__arena_used(const kr_arena *a) { return a ? a->total : 0; }
