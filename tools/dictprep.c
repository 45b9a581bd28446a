/*
** tools/dictprep.c — kronika-dictprep DICT OUTDIR: side files of the
** PoliMorf dictionary (build time).
**
** Walks the automaton once and writes, beside DICT's base name in OUTDIR:
**   NAME.tags   the atomic NKJP tag set, one per line (ids = line order)
**   NAME.ptags  the packed tag strings of the automaton, one per line
**   NAME.rev    the reverse index lemma + tag → form (format in
**               src/morph/dict.c): forms are stored as endings relative to
**               the lemma ("pre" + lemma minus `cut` bytes + "tail") and
**               lemmas that inflect alike share one paradigm, so the index
**               is a few MB.
** All three are generated — do not edit. Memory: about 100 MB while running.
*/
#include "morph/cfsa2.h"
#include "morph/morph.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_PRE 8  /* bytes of a form before the part shared with its lemma */

static void die(const char *msg) {
  fprintf(stderr, "kronika-dictprep: %s\n", msg);
  exit(1);
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) die("out of memory");
  return p;
}

/* ---- growable byte buffer and v-ints ---- */
typedef struct bytes {
  uint8_t *p;
  size_t n, cap;
} bytes;

static void put(bytes *b, const void *s, size_t n) {
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2 + 1024;
    b->p = xrealloc(b->p, b->cap);
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
}

static void put_vint(bytes *b, uint32_t v) {
  uint8_t t[5];
  size_t n = 0;
  while (v >= 0x80) {
    t[n++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  t[n++] = (uint8_t)v;
  put(b, t, n);
}

static void put32(bytes *b, uint32_t v) {
  uint8_t t[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  put(b, t, 4);
}

/* ---- interning map: byte strings → dense ids ---- */
typedef struct strmap {
  bytes data;
  size_t *off;   /* id → offset in data; off[n] = end */
  uint32_t n, cap_ids, mask;
  uint32_t *slots;
} strmap;

static uint32_t hash(const uint8_t *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 16777619u;
  return h;
}

static const uint8_t *map_get(const strmap *m, uint32_t id, size_t *len) {
  *len = m->off[id + 1] - m->off[id];
  return m->data.p + m->off[id];
}

static void map_grow(strmap *m) {
  uint32_t size = m->mask ? (m->mask + 1) * 2 : 1u << 16;
  free(m->slots);
  m->slots = calloc(size, sizeof *m->slots);
  if (!m->slots) die("out of memory");
  m->mask = size - 1;
  for (uint32_t id = 0; id < m->n; id++) {
    size_t len;
    const uint8_t *s = map_get(m, id, &len);
    uint32_t i = hash(s, len) & m->mask;
    while (m->slots[i]) i = (i + 1) & m->mask;
    m->slots[i] = id + 1;
  }
}

static uint32_t map_intern(strmap *m, const uint8_t *s, size_t len) {
  if (!m->mask || m->n * 2 >= m->mask) map_grow(m);
  uint32_t i = hash(s, len) & m->mask;
  for (; m->slots[i]; i = (i + 1) & m->mask) {
    size_t l;
    const uint8_t *t = map_get(m, m->slots[i] - 1, &l);
    if (l == len && memcmp(t, s, len) == 0) return m->slots[i] - 1;
  }
  if (m->n + 2 > m->cap_ids) {
    m->cap_ids = m->cap_ids * 2 + 1024;
    m->off = xrealloc(m->off, m->cap_ids * sizeof *m->off);
  }
  if (m->n == 0) m->off[0] = 0;
  put(&m->data, s, len);
  m->off[m->n + 1] = m->data.n;
  m->slots[i] = ++m->n;
  return m->n - 1;
}

/* ---- enumeration ---- */
typedef struct rec {
  uint32_t lemma, ending, ptag;
} rec;

typedef struct prep {
  const kr_dict *d;
  strmap lemmas, endings;
  rec *recs;
  size_t n_recs, cap_recs;
  uint64_t bad;
} prep;

static size_t common_prefix(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
  size_t i = 0;
  while (i < an && i < bn && a[i] == b[i]) i++;
  return i;
}

static int on_entry(void *ctx, const uint8_t *seq, size_t len) {
  prep *p = ctx;
  const uint8_t *s1 = memchr(seq, ';', len);
  const uint8_t *s2 = s1 ? memchr(s1 + 1, ';', len - (size_t)(s1 + 1 - seq)) : NULL;
  if (!s2) {
    p->bad++;
    return 0;
  }
  const uint8_t *form = seq, *enc = s1 + 1;
  size_t form_len = (size_t)(s1 - seq), enc_len = (size_t)(s2 - enc);
  const char *tag = (const char *)s2 + 1;
  size_t tag_len = len - (size_t)(s2 + 1 - seq);
  uint8_t lemma[4096];
  int ll = kr__dict_decode_lemma(form, form_len, enc, enc_len, lemma, sizeof lemma);
  int pid = kr__dict_ptag_id(p->d, tag, tag_len);
  if (ll <= 0 || pid < 0) {
    p->bad++;
    return 0;
  }
  /* the ending: pre + lemma[0..ll-cut) + tail, with the longest shared part */
  size_t best_i = 0, best_c = common_prefix(lemma, (size_t)ll, form, form_len);
  for (size_t i = 1; i <= MAX_PRE && i < form_len; i++) {
    size_t c = common_prefix(lemma, (size_t)ll, form + i, form_len - i);
    if (c > best_c + 1) best_i = i, best_c = c;
  }
  bytes e = {0};
  uint8_t buf[8192];
  e.p = buf;
  e.cap = sizeof buf;
  put_vint(&e, (uint32_t)best_i);
  put(&e, form, best_i);
  put_vint(&e, (uint32_t)((size_t)ll - best_c));
  put_vint(&e, (uint32_t)(form_len - best_i - best_c));
  put(&e, form + best_i + best_c, form_len - best_i - best_c);
  if (e.p != buf) die("entry too long");
  if (p->n_recs == p->cap_recs) {
    p->cap_recs = p->cap_recs * 2 + (1u << 20);
    p->recs = xrealloc(p->recs, p->cap_recs * sizeof *p->recs);
  }
  rec *r = &p->recs[p->n_recs++];
  r->lemma = map_intern(&p->lemmas, lemma, (size_t)ll);
  r->ending = map_intern(&p->endings, e.p, e.n);
  r->ptag = (uint32_t)pid;
  return 0;
}

static int cmp_rec(const void *a, const void *b) {
  const rec *x = a, *y = b;
  if (x->lemma != y->lemma) return x->lemma < y->lemma ? -1 : 1;
  if (x->ending != y->ending) return x->ending < y->ending ? -1 : 1;
  return (x->ptag > y->ptag) - (x->ptag < y->ptag);
}

static int cmp_pair(const void *a, const void *b) {
  const uint32_t *x = a, *y = b;
  if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
  return (x[1] > y[1]) - (x[1] < y[1]);
}

static const strmap *g_lemmas;
static int cmp_lemma_id(const void *a, const void *b) {
  size_t la, lb;
  const uint8_t *x = map_get(g_lemmas, *(const uint32_t *)a, &la);
  const uint8_t *y = map_get(g_lemmas, *(const uint32_t *)b, &lb);
  int c = memcmp(x, y, la < lb ? la : lb);
  return c ? c : (la > lb) - (la < lb);
}

static void write_file(const char *dir, const char *base, const char *ext, const void *data, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s%s", dir, base, ext);
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0 || rename(tmp, path) != 0) {
    fprintf(stderr, "kronika-dictprep: cannot write %s\n", path);
    exit(1);
  }
  printf("  %s%s: %zu bytes\n", base, ext, n);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: kronika-dictprep DICT OUTDIR\n");
    return 2;
  }
  kr_error err = {0};
  kr_dict *d;
  if (kr__dict_open_ex(&d, argv[1], KR_DICT_NO_SIDE_FILES, &err)) {
    fprintf(stderr, "kronika-dictprep: %s\n", err.message);
    return 1;
  }
  const char *slash = strrchr(argv[1], '/');
  char base[1024];
  snprintf(base, sizeof base, "%s", slash ? slash + 1 : argv[1]);
  size_t bl = strlen(base);
  if (bl > 5 && strcmp(base + bl - 5, ".dict") == 0) base[bl - 5] = '\0';

  /* tag set and packed tags */
  bytes t = {0};
  const char *hdr = "# generated by kronika-dictprep from the PoliMorf dictionary — do not edit\n";
  put(&t, hdr, strlen(hdr));
  for (unsigned i = 0; i < kr__dict_n_tags(d); i++) {
    put(&t, kr__dict_tag(d, i), strlen(kr__dict_tag(d, i)));
    put(&t, "\n", 1);
  }
  write_file(argv[2], base, KR_DICT_TAGS_EXT, t.p, t.n);
  t.n = 0;
  put(&t, hdr, strlen(hdr));
  for (unsigned i = 0; i < kr__dict_n_ptags(d); i++) {
    put(&t, kr__dict_ptag(d, i), strlen(kr__dict_ptag(d, i)));
    put(&t, "\n", 1);
  }
  write_file(argv[2], base, KR_DICT_PTAGS_EXT, t.p, t.n);

  /* every entry → (lemma, ending, packed tag) */
  prep p = {0};
  p.d = d;
  const kr_cfsa2 *fsa = kr__dict_fsa(d);
  int rc = kr__cfsa2_enum(fsa, fsa->root, on_entry, &p, 0);
  if (rc < 0) die("cannot enumerate the automaton");
  qsort(p.recs, p.n_recs, sizeof *p.recs, cmp_rec);

  /* paradigms: the sorted (ending, atomic tag) pairs of each lemma */
  uint32_t *par_of = calloc(p.lemmas.n, sizeof *par_of);
  uint32_t *pairs = NULL;
  size_t cap_pairs = 0;
  strmap pars = {0};
  bytes pb = {0};
  for (size_t i = 0; i < p.n_recs;) {
    size_t j = i, np = 0;
    while (j < p.n_recs && p.recs[j].lemma == p.recs[i].lemma) {
      const uint16_t *ids;
      unsigned n = kr__dict_ptag_atoms(d, p.recs[j].ptag, &ids);
      if (np + n + 1 > cap_pairs) {
        cap_pairs = (np + n + 1) * 2;
        pairs = xrealloc(pairs, cap_pairs * 2 * sizeof *pairs);
      }
      for (unsigned k = 0; k < n; k++) {
        pairs[2 * np] = p.recs[j].ending;
        pairs[2 * np + 1] = ids[k];
        np++;
      }
      j++;
    }
    qsort(pairs, np, 2 * sizeof *pairs, cmp_pair);
    pb.n = 0;
    size_t nu = 0;
    for (size_t k = 0; k < np; k++)
      if (k == 0 || cmp_pair(pairs + 2 * k, pairs + 2 * (k - 1)) != 0) nu++;
    put_vint(&pb, (uint32_t)nu);
    for (size_t k = 0; k < np; k++)
      if (k == 0 || cmp_pair(pairs + 2 * k, pairs + 2 * (k - 1)) != 0) {
        put_vint(&pb, pairs[2 * k]);
        put_vint(&pb, pairs[2 * k + 1]);
      }
    par_of[p.recs[i].lemma] = map_intern(&pars, pb.p, pb.n);
    i = j;
  }

  /* lemmas in byte order, front-coded in blocks of 16 */
  uint32_t *order = malloc(p.lemmas.n * sizeof *order);
  if (!order || !par_of) die("out of memory");
  for (uint32_t i = 0; i < p.lemmas.n; i++) order[i] = i;
  g_lemmas = &p.lemmas;
  qsort(order, p.lemmas.n, sizeof *order, cmp_lemma_id);
  bytes blocks = {0}, lem = {0};
  uint32_t n_blocks = 0;
  const uint8_t *prev = NULL;
  size_t prev_len = 0;
  for (uint32_t i = 0; i < p.lemmas.n; i++) {
    size_t len;
    const uint8_t *s = map_get(&p.lemmas, order[i], &len);
    if (i % 16 == 0) {
      put32(&blocks, (uint32_t)lem.n);
      n_blocks++;
      put_vint(&lem, (uint32_t)len);
      put(&lem, s, len);
    } else {
      size_t c = common_prefix(prev, prev_len, s, len);
      put_vint(&lem, (uint32_t)c);
      put_vint(&lem, (uint32_t)(len - c));
      put(&lem, s + c, len - c);
    }
    put_vint(&lem, par_of[order[i]]);
    prev = s;
    prev_len = len;
  }
  put32(&blocks, (uint32_t)lem.n);

  /* assemble */
  bytes out = {0};
  put(&out, KR_REV_MAGIC, 8);
  for (int i = 0; i < 14; i++) put32(&out, 0);
  uint32_t h[14] = {0};
  h[0] = (uint32_t)kr__dict_fsa(d)->n + 8 + kr__dict_fsa(d)->n_labels;
  h[1] = kr__dict_n_tags(d);
  h[2] = p.lemmas.n;
  h[3] = n_blocks;
  h[4] = p.endings.n;
  h[5] = pars.n;
  h[6] = (uint32_t)out.n;
  put(&out, blocks.p, blocks.n);
  h[7] = (uint32_t)out.n;
  put(&out, lem.p, lem.n);
  h[8] = (uint32_t)out.n;
  for (uint32_t i = 0; i <= p.endings.n; i++) put32(&out, (uint32_t)p.endings.off[i]);
  h[9] = (uint32_t)out.n;
  put(&out, p.endings.data.p, p.endings.data.n);
  h[10] = (uint32_t)out.n;
  for (uint32_t i = 0; i <= pars.n; i++) put32(&out, (uint32_t)pars.off[i]);
  h[11] = (uint32_t)out.n;
  put(&out, pars.data.p, pars.data.n);
  h[12] = (uint32_t)out.n;
  for (int i = 0; i < 14; i++) {
    uint8_t *q = out.p + 8 + 4 * i;
    q[0] = (uint8_t)h[i], q[1] = (uint8_t)(h[i] >> 8), q[2] = (uint8_t)(h[i] >> 16), q[3] = (uint8_t)(h[i] >> 24);
  }
  write_file(argv[2], base, KR_DICT_REV_EXT, out.p, out.n);
  printf("  %zu entries (%llu skipped), %u lemmas, %u endings, %u paradigms, %u atomic tags, %u packed\n",
         p.n_recs, (unsigned long long)p.bad, p.lemmas.n, p.endings.n, pars.n, kr__dict_n_tags(d),
         kr__dict_n_ptags(d));
  kr__dict_close(d);
  strmap *maps[] = {&p.lemmas, &p.endings, &pars};
  for (int i = 0; i < 3; i++) {
    free(maps[i]->data.p);
    free(maps[i]->off);
    free(maps[i]->slots);
  }
  free(p.recs);
  free(par_of);
  free(pairs);
  free(order);
  free(pb.p);
  free(t.p);
  free(blocks.p);
  free(lem.p);
  free(out.p);
  return 0;
}
