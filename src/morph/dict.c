/*
** morph/dict.c — the PoliMorf dictionary: form → (lemma, tag), case-aware
** lookup, the atomic tag set and the reverse index (lemma + tag → form).
**
** Exports the kr__dict_* and kr__morph_lookup functions of morph.h.
**
** Files, all beside polish.dict and memory-mapped or read once at open:
**   polish.dict   morfologik CFSA2 automaton of "form;lemma-code;tags" (the
**                 lemma PREFIX-encoded against the form: two bytes P, K and a
**                 suffix — drop P bytes in front and K at the end of the form,
**                 append the suffix; P or K of 255 means "drop everything")
**   polish.tags   atomic NKJP tags, one per line: line order gives the ids
**   polish.ptags  the packed tag strings found in the automaton, one per line
**   polish.rev    reverse index (format below)
** The three side files come from kronika-dictprep. Without .tags/.ptags the
** tag set is computed at open by enumerating the automaton (about 1.5 s
** instead of a few ms); without .rev kr__dict_generate returns KR_ENOTFOUND.
**
** Tags: a packed string ("subst:pl:nom.acc.voc:m3+subst:sg:gen:m3") is
** expanded to atomic tags, each normalised to the UD PDB variant of the NKJP
** tagset (tags.c), and deduplicated. A hash of the packed strings gives their
** atomic ids with one probe per dictionary entry during lookup.
**
** Reverse index (.rev), little-endian, offsets relative to their section:
**   header  magic "KRREV1\n\0", then u32: dict_len n_tags n_lemmas n_blocks
**           n_endings n_paradigms off_blocks off_lemmas off_endings
**           off_ending_data off_paradigms off_paradigm_data file_len 0
**   blocks  u32[n_blocks+1] start of each block of 16 lemmas (byte order)
**   lemmas  front-coded: first "vint len, bytes, vint paradigm", then
**           "vint shared, vint len, bytes, vint paradigm"
**   endings u32[n_endings+1] into ending data: "vint pre_len, pre, vint cut,
**           vint tail_len, tail"; form = pre + lemma minus `cut` bytes + tail
**   paradigms u32[n_paradigms+1] into paradigm data: "vint n, n × (vint
**           ending, vint tag)" — lemmas that inflect alike share one paradigm
** Every read is bounds-checked, so a corrupt .rev gives no results, not a
** crash.
**
** Thread safety: after kr__dict_open everything is read-only.
*/
#include "morph.h"
#include "cfsa2.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#define SEP ';'
#define LOOKUP_BUDGET (1u << 20)  /* arcs visited per lookup before giving up */
#define MAX_WORD 1024             /* longest form or lemma handled, bytes */
#define MAX_ATOMS 64              /* atomic tags of one packed string */

struct kr_dict {
  kr_cfsa2 fsa;
  void *map;                 /* polish.dict mapping */
  size_t map_len;
  /* atomic tags */
  uint32_t n_tags, tags_cap;
  char **tag;                /* strings (malloc'd each) */
  uint8_t *upos;
  char **feats;
  uint32_t *tag_slots;       /* hash: id + 1, 0 empty */
  uint32_t tag_mask;
  /* packed tags */
  uint32_t n_ptags;
  char **ptag;
  uint32_t *ptag_len;
  uint32_t *ptag_first;      /* index into ptag_ids */
  uint8_t *ptag_n;
  uint16_t *ptag_ids;
  uint32_t *ptag_slots;
  uint32_t ptag_mask;
  /* reverse index */
  const uint8_t *rev;
  size_t rev_len;
  uint32_t rh[14];           /* header words after the magic */
};

enum { RH_DICT_LEN, RH_N_TAGS, RH_N_LEMMAS, RH_N_BLOCKS, RH_N_ENDINGS, RH_N_PARS,
       RH_OFF_BLOCKS, RH_OFF_LEMMAS, RH_OFF_ENDINGS, RH_OFF_ENDING_DATA, RH_OFF_PARS,
       RH_OFF_PAR_DATA, RH_FILE_LEN, RH_RESERVED };

static uint32_t hash_bytes(const void *s, size_t n) {
  const uint8_t *p = s;
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

/* ---- tag set -------------------------------------------------------------- */

static int tag_find(const kr_dict *d, const char *s, size_t n) {
  if (!d->tag_slots) return -1;
  for (uint32_t i = hash_bytes(s, n) & d->tag_mask;; i = (i + 1) & d->tag_mask) {
    uint32_t v = d->tag_slots[i];
    if (!v) return -1;
    const char *t = d->tag[v - 1];
    if (strncmp(t, s, n) == 0 && t[n] == '\0') return (int)(v - 1);
  }
}

static int rehash_tags(kr_dict *d) {
  uint32_t size = 16;
  while (size < d->n_tags * 2 + 2) size <<= 1;
  free(d->tag_slots);
  d->tag_slots = calloc(size, sizeof *d->tag_slots);
  if (!d->tag_slots) return KR_ENOMEM;
  d->tag_mask = size - 1;
  for (uint32_t id = 0; id < d->n_tags; id++) {
    uint32_t i = hash_bytes(d->tag[id], strlen(d->tag[id])) & d->tag_mask;
    while (d->tag_slots[i]) i = (i + 1) & d->tag_mask;
    d->tag_slots[i] = id + 1;
  }
  return 0;
}

/* Adds an atomic tag (if new); returns its id or a negative code. */
static int tag_add(kr_dict *d, const char *s, size_t n) {
  int id = tag_find(d, s, n);
  if (id >= 0) return id;
  if (d->n_tags >= 65535) return KR_ELIMIT;
  if (d->n_tags == d->tags_cap) {
    uint32_t cap = d->tags_cap ? d->tags_cap * 2 : 1024;
    char **t = realloc(d->tag, cap * sizeof *t);
    if (!t) return KR_ENOMEM;
    d->tag = t;
    d->tags_cap = cap;
  }
  char *copy = malloc(n + 1);
  if (!copy) return KR_ENOMEM;
  memcpy(copy, s, n);
  copy[n] = '\0';
  d->tag[d->n_tags++] = copy;
  if (!d->tag_slots || d->n_tags * 2 > d->tag_mask) {
    int rc = rehash_tags(d);
    if (rc) return rc;
  } else {
    uint32_t i = hash_bytes(s, n) & d->tag_mask;
    while (d->tag_slots[i]) i = (i + 1) & d->tag_mask;
    d->tag_slots[i] = d->n_tags;
  }
  return (int)d->n_tags - 1;
}

/* Tags kronika uses that PoliMorf lacks (punctuation, agglutinates, …). */
static const char *const EXTRA_TAGS[] = {
  "interp", "ign", "dig", "romandig", "frag", "xxx", "sym",
  "aglt:sg:pri:imperf:wok", "aglt:sg:pri:imperf:nwok", "aglt:sg:sec:imperf:wok",
  "aglt:sg:sec:imperf:nwok", "aglt:pl:pri:imperf:wok", "aglt:pl:pri:imperf:nwok",
  "aglt:pl:sec:imperf:wok", "aglt:pl:sec:imperf:nwok",
};

typedef struct expand_ctx {
  uint16_t ids[MAX_ATOMS];
  unsigned n;
  int rc;
  int add;             /* add unknown atomic tags to the set */
  kr_dict *d;
  const kr_dict *cd;
} expand_ctx;

static void atom_found(expand_ctx *x, const char *atom, size_t len) {
  char norm[256];
  int n = kr__tag_normalize(atom, len, norm, sizeof norm);
  if (n < 0) return;
  int id = x->add ? tag_add(x->d, norm, (size_t)n) : tag_find(x->cd, norm, (size_t)n);
  if (id < 0) {
    if (x->add) x->rc = id;
    return;
  }
  for (unsigned i = 0; i < x->n; i++)
    if (x->ids[i] == id) return;
  if (x->n < MAX_ATOMS) x->ids[x->n++] = (uint16_t)id;
}

/* Cartesian product of the '.'-alternatives of fields [f..nf) of one tag. */
static void expand_fields(expand_ctx *x, const char *const *fs, const size_t *fl, unsigned f,
                          unsigned nf, char *buf, size_t o) {
  if (f == nf) {
    atom_found(x, buf, o);
    return;
  }
  const char *p = fs[f], *end = fs[f] + fl[f];
  while (p <= end) {
    const char *q = memchr(p, '.', (size_t)(end - p));
    if (!q) q = end;
    size_t n = (size_t)(q - p), o2 = o;
    if (o2 + n + 2 < 256) {
      if (f) buf[o2++] = ':';
      memcpy(buf + o2, p, n);
      expand_fields(x, fs, fl, f + 1, nf, buf, o2 + n);
    }
    p = q + 1;
  }
}

static void expand_packed(expand_ctx *x, const char *s, size_t len) {
  const char *p = s, *end = s + len;
  while (p < end) {
    const char *plus = memchr(p, '+', (size_t)(end - p));
    if (!plus) plus = end;
    const char *fs[16];
    size_t fl[16];
    unsigned nf = 0;
    for (const char *f = p; f <= plus && nf < 16;) {
      const char *c = memchr(f, ':', (size_t)(plus - f));
      if (!c) c = plus;
      fs[nf] = f;
      fl[nf++] = (size_t)(c - f);
      f = c + 1;
    }
    char buf[256];
    if (plus > p) expand_fields(x, fs, fl, 0, nf, buf, 0);
    p = plus + 1;
  }
}

static int ptag_find(const kr_dict *d, const char *s, size_t n) {
  if (!d->ptag_slots) return -1;
  for (uint32_t i = hash_bytes(s, n) & d->ptag_mask;; i = (i + 1) & d->ptag_mask) {
    uint32_t v = d->ptag_slots[i];
    if (!v) return -1;
    if (d->ptag_len[v - 1] == n && memcmp(d->ptag[v - 1], s, n) == 0) return (int)(v - 1);
  }
}

/* Builds the packed tag table from `list` (n strings, taken over). */
static int build_ptags(kr_dict *d, char **list, uint32_t n) {
  d->ptag = list;
  d->n_ptags = n;
  d->ptag_len = calloc(n + 1, sizeof *d->ptag_len);
  d->ptag_first = calloc(n + 1, sizeof *d->ptag_first);
  d->ptag_n = calloc(n + 1, 1);
  uint32_t size = 16;
  while (size < n * 2 + 2) size <<= 1;
  d->ptag_slots = calloc(size, sizeof *d->ptag_slots);
  d->ptag_mask = size - 1;
  uint32_t ids_cap = n * 4 + 16, n_ids = 0;
  d->ptag_ids = malloc(ids_cap * sizeof *d->ptag_ids);
  if (!d->ptag_len || !d->ptag_first || !d->ptag_n || !d->ptag_slots || !d->ptag_ids)
    return KR_ENOMEM;
  for (uint32_t i = 0; i < n; i++) {
    size_t len = strlen(list[i]);
    expand_ctx x = {.add = 1, .d = d};
    expand_packed(&x, list[i], len);
    if (x.rc) return x.rc;
    if (n_ids + x.n > ids_cap) {
      ids_cap = ids_cap * 2 + x.n;
      uint16_t *p = realloc(d->ptag_ids, ids_cap * sizeof *p);
      if (!p) return KR_ENOMEM;
      d->ptag_ids = p;
    }
    memcpy(d->ptag_ids + n_ids, x.ids, x.n * sizeof *x.ids);
    d->ptag_len[i] = (uint32_t)len;
    d->ptag_first[i] = n_ids;
    d->ptag_n[i] = (uint8_t)x.n;
    n_ids += x.n;
    uint32_t h = hash_bytes(list[i], len) & d->ptag_mask;
    while (d->ptag_slots[h]) h = (h + 1) & d->ptag_mask;
    d->ptag_slots[h] = i + 1;
  }
  return 0;
}

/* ---- reading side files ------------------------------------------------------ */

/* Reads a text side file into a list of its non-comment lines (each
** malloc'd). Returns 0, KR_ENOTFOUND when absent, or an error code. */
static int read_lines(const char *path, char ***out, uint32_t *n_out) {
  FILE *f = fopen(path, "rb");
  if (!f) return errno == ENOENT ? KR_ENOTFOUND : KR_EIO;
  char **list = NULL, line[4096];
  uint32_t n = 0, cap = 0;
  int rc = 0;
  while (fgets(line, sizeof line, f)) {
    size_t len = strcspn(line, "\r\n");
    line[len] = '\0';
    if (len == 0 || line[0] == '#') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 1024;
      char **l = realloc(list, cap * sizeof *l);
      if (!l) {
        rc = KR_ENOMEM;
        break;
      }
      list = l;
    }
    if (!(list[n] = strdup(line))) {
      rc = KR_ENOMEM;
      break;
    }
    n++;
  }
  fclose(f);
  if (rc) {
    while (n) free(list[--n]);
    free(list);
    return rc;
  }
  *out = list;
  *n_out = n;
  return 0;
}

/* Collects the packed tags by walking the whole automaton (slow path). */
typedef struct collect_ctx {
  char **list;
  uint32_t n, cap, mask;
  uint32_t *slots;
  int rc;
} collect_ctx;

static int collect_seq(void *ctx, const uint8_t *seq, size_t len) {
  collect_ctx *c = ctx;
  const uint8_t *s1 = memchr(seq, SEP, len);
  const uint8_t *s2 = s1 ? memchr(s1 + 1, SEP, len - (size_t)(s1 + 1 - seq)) : NULL;
  if (!s2) return 0;
  const char *t = (const char *)s2 + 1;
  size_t n = len - (size_t)(s2 + 1 - seq);
  uint32_t i = hash_bytes(t, n) & c->mask;
  for (; c->slots[i]; i = (i + 1) & c->mask) {
    const char *o = c->list[c->slots[i] - 1];
    if (strncmp(o, t, n) == 0 && o[n] == '\0') return 0;
  }
  if (c->n + 1 >= c->mask / 2) return c->rc = KR_ELIMIT;
  if (!(c->list[c->n] = malloc(n + 1))) return c->rc = KR_ENOMEM;
  memcpy(c->list[c->n], t, n);
  c->list[c->n][n] = '\0';
  c->slots[i] = ++c->n;
  return 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect_ptags(const kr_dict *d, char ***out, uint32_t *n_out) {
  collect_ctx c = {0};
  c.cap = 1u << 17;
  c.mask = c.cap - 1;
  c.list = calloc(c.cap, sizeof *c.list);
  c.slots = calloc(c.cap, sizeof *c.slots);
  int rc = (c.list && c.slots) ? 0 : KR_ENOMEM;
  if (!rc) {
    rc = kr__cfsa2_enum(&d->fsa, d->fsa.root, collect_seq, &c, 0);
    if (c.rc) rc = c.rc;
    else if (rc > 0) rc = 0;
  }
  free(c.slots);
  if (rc) {
    while (c.n) free(c.list[--c.n]);
    free(c.list);
    return rc;
  }
  qsort(c.list, c.n, sizeof *c.list, cmp_str);
  *out = c.list;
  *n_out = c.n;
  return 0;
}

static char *side_path(const char *path, const char *ext) {
  size_t n = strlen(path);
  if (n > 5 && strcmp(path + n - 5, ".dict") == 0) n -= 5;
  char *p = malloc(n + strlen(ext) + 1);
  if (p) {
    memcpy(p, path, n);
    strcpy(p + n, ext);
  }
  return p;
}

static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Maps the reverse index when present and consistent; never fails open. */
static void open_rev(kr_dict *d, const char *path) {
  char *rp = side_path(path, KR_DICT_REV_EXT);
  if (!rp) return;
  int fd = open(rp, O_RDONLY | O_CLOEXEC);
  free(rp);
  if (fd < 0) return;
  struct stat st;
  if (fstat(fd, &st) == 0 && st.st_size >= 64 && (uint64_t)st.st_size < 0xffffffffu) {
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (m != MAP_FAILED) {
      const uint8_t *p = m;
      int ok = memcmp(p, KR_REV_MAGIC, 8) == 0;
      for (int i = 0; i < 14; i++) d->rh[i] = rd32(p + 8 + 4 * i);
      ok = ok && d->rh[RH_FILE_LEN] == (uint32_t)st.st_size && d->rh[RH_DICT_LEN] == d->map_len &&
           d->rh[RH_N_TAGS] <= d->n_tags;
      for (int i = RH_OFF_BLOCKS; ok && i <= RH_OFF_PAR_DATA; i++)
        ok = d->rh[i] >= 64 && d->rh[i] <= st.st_size;
      ok = ok && (uint64_t)d->rh[RH_OFF_BLOCKS] + 4ull * (d->rh[RH_N_BLOCKS] + 1) <= d->rh[RH_OFF_LEMMAS] &&
           (uint64_t)d->rh[RH_OFF_ENDINGS] + 4ull * (d->rh[RH_N_ENDINGS] + 1) <= d->rh[RH_OFF_ENDING_DATA] &&
           (uint64_t)d->rh[RH_OFF_PARS] + 4ull * (d->rh[RH_N_PARS] + 1) <= d->rh[RH_OFF_PAR_DATA];
      if (ok) {
        d->rev = p;
        d->rev_len = (size_t)st.st_size;
      } else {
        munmap(m, (size_t)st.st_size);
      }
    }
  }
  close(fd);
}

/* ---- open / close -------------------------------------------------------------- */

int kr__dict_open_ex(kr_dict **out, const char *path, unsigned flags, kr_error *err) {
  int rc = 0, fd = -1;
  char *tp = NULL, *pp = NULL, **atoms = NULL, **packed = NULL;
  uint32_t n_atoms = 0, n_packed = 0;
  *out = NULL;
  if (!path) return kr__err_set(err, KR_EDICT, 0, 0, "no dictionary path");
  kr_dict *d = calloc(1, sizeof *d);
  if (!d) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");

  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    rc = kr__err_set(err, KR_EDICT, 0, 0, "%s: %s", path, strerror(errno));
    goto cleanup;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 1 ||
      (uint64_t)st.st_size >= 0x7fffffffu) {
    rc = kr__err_set(err, KR_EDICT, 0, 0, "%s: not a regular file of a usable size", path);
    goto cleanup;
  }
  d->map_len = (size_t)st.st_size;
  d->map = mmap(NULL, d->map_len, PROT_READ, MAP_SHARED, fd, 0);
  if (d->map == MAP_FAILED) {
    d->map = NULL;
    rc = kr__err_set(err, KR_EDICT, 0, 0, "%s: cannot map: %s", path, strerror(errno));
    goto cleanup;
  }
  rc = kr__cfsa2_init(&d->fsa, d->map, d->map_len, path, err);
  if (rc) goto cleanup;

  /* tag set: side files, else the automaton itself */
  if (!(flags & KR_DICT_NO_SIDE_FILES)) {
    tp = side_path(path, KR_DICT_TAGS_EXT);
    pp = side_path(path, KR_DICT_PTAGS_EXT);
    if (!tp || !pp) {
      rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
      goto cleanup;
    }
    rc = read_lines(tp, &atoms, &n_atoms);
    if (rc == 0) rc = read_lines(pp, &packed, &n_packed);
    if (rc && rc != KR_ENOTFOUND) {
      rc = kr__err_set(err, KR_EDICT, 0, 0, "%s: cannot read tag set side files: %s", path,
                       kr_strerror(rc));
      goto cleanup;
    }
  }
  if (!packed) {
    rc = collect_ptags(d, &packed, &n_packed);
    if (rc) {
      rc = kr__err_set(err, rc == KR_ENOMEM ? KR_ENOMEM : KR_EDICT, 0, 0,
                       "%s: cannot enumerate the tags of the automaton: %s", path, kr_strerror(rc));
      goto cleanup;
    }
  }
  for (uint32_t i = 0; i < n_atoms && rc >= 0; i++) rc = tag_add(d, atoms[i], strlen(atoms[i]));
  if (!atoms) {
    /* fresh tag set: normalised atoms in byte order, then the extras */
    kr_dict tmp = {0};
    for (uint32_t i = 0; i < n_packed; i++) {
      expand_ctx x = {.add = 1, .d = &tmp};
      expand_packed(&x, packed[i], strlen(packed[i]));
    }
    qsort(tmp.tag, tmp.n_tags, sizeof *tmp.tag, cmp_str);
    for (uint32_t i = 0; i < tmp.n_tags && rc >= 0; i++) rc = tag_add(d, tmp.tag[i], strlen(tmp.tag[i]));
    for (uint32_t i = 0; i < tmp.n_tags; i++) free(tmp.tag[i]);
    free(tmp.tag);
    free(tmp.tag_slots);
  }
  for (size_t i = 0; i < sizeof EXTRA_TAGS / sizeof *EXTRA_TAGS && rc >= 0; i++)
    rc = tag_add(d, EXTRA_TAGS[i], strlen(EXTRA_TAGS[i]));
  if (rc >= 0) {
    rc = build_ptags(d, packed, n_packed);
    packed = NULL;
  }
  if (rc < 0) {
    rc = kr__err_set(err, rc, 0, 0, "%s: cannot build the tag set: %s", path, kr_strerror(rc));
    goto cleanup;
  }
  d->upos = malloc(d->n_tags);
  d->feats = calloc(d->n_tags, sizeof *d->feats);
  if (!d->upos || !d->feats) {
    rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    goto cleanup;
  }
  for (uint32_t i = 0; i < d->n_tags; i++) {
    char buf[512];
    d->upos[i] = kr__tag_upos(d->tag[i], NULL);
    if (kr__tag_feats(d->tag[i], NULL, buf, sizeof buf) < 0) strcpy(buf, "_");
    if (!(d->feats[i] = strdup(buf))) {
      rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
      goto cleanup;
    }
  }
  if (!(flags & KR_DICT_NO_SIDE_FILES)) open_rev(d, path);
  rc = 0;

cleanup:
  if (fd >= 0) close(fd);
  free(tp);
  free(pp);
  for (uint32_t i = 0; i < n_atoms; i++) free(atoms[i]);
  free(atoms);
  if (packed) {
    for (uint32_t i = 0; i < n_packed; i++) free(packed[i]);
    free(packed);
  }
  if (rc) kr__dict_close(d);
  else *out = d;
  return rc;
}

int kr__dict_open(kr_dict **out, const char *path, kr_error *err) {
  return kr__dict_open_ex(out, path, 0, err);
}

void kr__dict_close(kr_dict *d) {
  if (!d) return;
  if (d->map) munmap(d->map, d->map_len);
  if (d->rev) munmap((void *)d->rev, d->rev_len);
  for (uint32_t i = 0; i < d->n_tags; i++) {
    free(d->tag[i]);
    if (d->feats) free(d->feats[i]);
  }
  for (uint32_t i = 0; i < d->n_ptags; i++) free(d->ptag[i]);
  free(d->tag);
  free(d->upos);
  free(d->feats);
  free(d->tag_slots);
  free(d->ptag);
  free(d->ptag_len);
  free(d->ptag_first);
  free(d->ptag_n);
  free(d->ptag_ids);
  free(d->ptag_slots);
  free(d);
}

/* ---- accessors -------------------------------------------------------------------- */

unsigned kr__dict_n_tags(const kr_dict *d) { return d->n_tags; }

const char *kr__dict_tag(const kr_dict *d, unsigned id) {
  return id < d->n_tags ? d->tag[id] : NULL;
}

int kr__dict_tag_id(const kr_dict *d, const char *tag, size_t len) {
  return tag_find(d, tag, len);
}

uint8_t kr__dict_tag_upos(const kr_dict *d, unsigned id) {
  return id < d->n_tags ? d->upos[id] : (uint8_t)KR_UPOS_X;
}

const char *kr__dict_tag_feats(const kr_dict *d, unsigned id) {
  return id < d->n_tags ? d->feats[id] : "_";
}

const struct kr_cfsa2 *kr__dict_fsa(const kr_dict *d) { return &d->fsa; }
unsigned kr__dict_n_ptags(const kr_dict *d) { return d->n_ptags; }
const char *kr__dict_ptag(const kr_dict *d, unsigned id) {
  return id < d->n_ptags ? d->ptag[id] : NULL;
}
int kr__dict_ptag_id(const kr_dict *d, const char *s, size_t len) { return ptag_find(d, s, len); }
unsigned kr__dict_ptag_atoms(const kr_dict *d, unsigned id, const uint16_t **ids) {
  if (id >= d->n_ptags) return 0;
  *ids = d->ptag_ids + d->ptag_first[id];
  return d->ptag_n[id];
}

/* ---- lookup ----------------------------------------------------------------------- */

int kr__dict_decode_lemma(const uint8_t *form, size_t form_len, const uint8_t *enc,
                          size_t enc_len, uint8_t *out, size_t cap) {
  if (enc_len < 2) goto raw;
  size_t p = (uint8_t)(enc[0] - 'A'), k = (uint8_t)(enc[1] - 'A');
  if (p == 255 || k == 255) p = form_len, k = 0;
  if (p + k > form_len) goto raw;
  size_t keep = form_len - p - k;
  if (keep + enc_len - 2 > cap) return -1;
  memcpy(out, form + p, keep);
  memcpy(out + keep, enc + 2, enc_len - 2);
  return (int)(keep + enc_len - 2);
raw:
  if (enc_len > cap) return -1;
  memcpy(out, enc, enc_len);
  return (int)enc_len;
}

typedef struct exact_ctx {
  const kr_dict *d;
  const uint8_t *form;
  size_t len;
  kr_dict_cb cb;
  void *ctx;
  int calls, stop;
} exact_ctx;

static int exact_seq(void *ctx, const uint8_t *seq, size_t n) {
  exact_ctx *x = ctx;
  const uint8_t *sep = memchr(seq, SEP, n);
  if (!sep) return 0;
  uint8_t lemma[MAX_WORD + KR_CFSA2_MAX_DEPTH];
  int ll = kr__dict_decode_lemma(x->form, x->len, seq, (size_t)(sep - seq), lemma, sizeof lemma - 1);
  if (ll < 0) return 0;
  lemma[ll] = '\0';
  const char *tag = (const char *)sep + 1;
  size_t tag_len = n - (size_t)(sep + 1 - seq);
  const uint16_t *ids;
  unsigned n_ids;
  expand_ctx ex;
  int pid = ptag_find(x->d, tag, tag_len);
  if (pid >= 0) {
    n_ids = kr__dict_ptag_atoms(x->d, (unsigned)pid, &ids);
  } else { /* side files older than the dictionary: expand here */
    memset(&ex, 0, sizeof ex);
    ex.cd = x->d;
    expand_packed(&ex, tag, tag_len);
    ids = ex.ids;
    n_ids = ex.n;
  }
  for (unsigned i = 0; i < n_ids; i++) {
    int rc = x->cb(x->ctx, (const char *)lemma, (size_t)ll, ids[i]);
    x->calls++;
    if (rc) {
      x->stop = rc;
      return -1;
    }
  }
  return 0;
}

int kr__dict_lookup_exact(const kr_dict *d, const char *form, size_t len, kr_dict_cb cb,
                          void *ctx) {
  if (!d || !form || len == 0 || len > MAX_WORD || memchr(form, SEP, len)) return 0;
  uint32_t node = kr__cfsa2_walk(&d->fsa, d->fsa.root, (const uint8_t *)form, len);
  uint32_t arc = kr__cfsa2_find(&d->fsa, node, SEP);
  if (!arc || kr__cfsa2_is_final(&d->fsa, arc)) return 0;
  exact_ctx x = {d, (const uint8_t *)form, len, cb, ctx, 0, 0};
  int rc = kr__cfsa2_enum(&d->fsa, kr__cfsa2_target(&d->fsa, arc), exact_seq, &x, LOOKUP_BUDGET);
  if (x.stop) return x.stop;
  if (rc < 0) return rc;
  return x.calls;
}

/* ---- case-aware lookup ---------------------------------------------------------- */

typedef struct morph_ctx {
  const kr_dict *d;
  kr_arena *a;
  kr_reading *out;
  int max, n;
} morph_ctx;

static int add_reading(void *ctx, const char *lemma, size_t len, unsigned tag) {
  morph_ctx *m = ctx;
  const char *same = NULL;
  for (int i = 0; i < m->n; i++) {
    const char *l = m->out[i].lemma;
    if (strncmp(l, lemma, len) == 0 && l[len] == '\0') {
      if (m->out[i].tag == tag) return 0;
      same = l;
    }
  }
  if (m->n >= m->max) return 0;
  if (!same && !(same = kr__arena_strndup(m->a, lemma, len))) return KR_ENOMEM;
  kr_reading *r = &m->out[m->n++];
  r->lemma = same;
  r->tag = (uint16_t)tag;
  r->source = KR_SRC_DICT;
  r->pad_ = 0;
  r->score = 0;
  return 0;
}

/* Forms PoliMorf lacks: the agglutinates of "być". */
static const struct { const char *form, *tag; } AGLT[] = {
  {"m", "aglt:sg:pri:imperf:nwok"}, {"em", "aglt:sg:pri:imperf:wok"},
  {"ś", "aglt:sg:sec:imperf:nwok"}, {"eś", "aglt:sg:sec:imperf:wok"},
  {"śmy", "aglt:pl:pri:imperf:nwok"}, {"eśmy", "aglt:pl:pri:imperf:wok"},
  {"ście", "aglt:pl:sec:imperf:nwok"}, {"eście", "aglt:pl:sec:imperf:wok"},
};

static int add_builtin(morph_ctx *m, const char *form, size_t len) {
  int rc = 0;
  for (size_t i = 0; i < sizeof AGLT / sizeof *AGLT && rc == 0; i++)
    if (strlen(AGLT[i].form) == len && memcmp(AGLT[i].form, form, len) == 0) {
      int id = tag_find(m->d, AGLT[i].tag, strlen(AGLT[i].tag));
      if (id >= 0) rc = add_reading(m, "być", strlen("być"), (unsigned)id);
    }
  /* punctuation only → interp, lemma = form */
  size_t i = 0;
  while (i < len) {
    int32_t cp;
    i += (size_t)kr__utf8_decode(form + i, len - i, &cp);
    utf8proc_category_t c = utf8proc_category(cp);
    if (c < UTF8PROC_CATEGORY_PC || c > UTF8PROC_CATEGORY_PO) return rc;
  }
  int id = tag_find(m->d, "interp", 6);
  if (rc == 0 && id >= 0) rc = add_reading(m, form, len, (unsigned)id);
  return rc;
}

int kr__morph_lookup(const kr_dict *d, kr_arena *a, const char *form, size_t len,
                     kr_reading *out, int max) {
  morph_ctx m = {d, a, out, max, 0};
  if (!d || !form || len == 0 || len > MAX_WORD || max <= 0) return 0;
  int rc = kr__dict_lookup_exact(d, form, len, add_reading, &m);
  if (rc < 0) return m.n;
  /* case variants: lower-case, and for ALL-CAPS also Title-case */
  char lower[MAX_WORD + 8], title[MAX_WORD + 8];
  size_t lo = 0, to = 0, i = 0;
  unsigned letters = 0, uppers = 0;
  while (i < len) {
    int32_t cp;
    i += (size_t)kr__utf8_decode(form + i, len - i, &cp);
    if (kr__cp_is_upper(cp)) uppers++;
    if (kr__cp_is_upper(cp) || kr__cp_is_lower(cp)) letters++;
    int32_t l = utf8proc_tolower(cp);
    lo += (size_t)kr__utf8_encode(l, lower + lo);
    to += (size_t)kr__utf8_encode(to == 0 ? utf8proc_totitle(cp) : l, title + to);
    if (lo > MAX_WORD || to > MAX_WORD) return m.n;
  }
  if (uppers) {
    if (lo != len || memcmp(lower, form, len) != 0) rc = kr__dict_lookup_exact(d, lower, lo, add_reading, &m);
    if (rc >= 0 && uppers == letters && letters >= 2 && (to != len || memcmp(title, form, len) != 0))
      rc = kr__dict_lookup_exact(d, title, to, add_reading, &m);
  }
  if (rc >= 0) add_builtin(&m, form, len);
  return m.n;
}

/* ---- reverse index -------------------------------------------------------------------- */

typedef struct rd {
  const uint8_t *p, *end;
  int bad;
} rd;

static uint32_t rd_vint(rd *r) {
  uint32_t v = 0;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (r->p >= r->end) {
      r->bad = 1;
      return 0;
    }
    uint8_t b = *r->p++;
    v |= (uint32_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  r->bad = 1;
  return 0;
}

static const uint8_t *rd_bytes(rd *r, uint32_t n) {
  if ((size_t)(r->end - r->p) < n) {
    r->bad = 1;
    return NULL;
  }
  const uint8_t *s = r->p;
  r->p += n;
  return s;
}

/* The [start, end) of item i of an offset table, within its data section. */
static int rev_item(const kr_dict *d, int index, int data, int next, uint32_t count, uint32_t i,
                    rd *r) {
  if (i >= count) return -1;
  const uint8_t *tab = d->rev + d->rh[index];
  uint32_t a = rd32(tab + 4 * i), b = rd32(tab + 4 * (i + 1));
  uint32_t base = d->rh[data], limit = next >= 0 ? d->rh[next] : d->rh[RH_FILE_LEN];
  if (a > b || base + (uint64_t)b > limit) return -1;
  r->p = d->rev + base + a;
  r->end = d->rev + base + b;
  r->bad = 0;
  return 0;
}

bool kr__tag_match(const char *tag, const char *pattern) {
  if (!pattern || !*pattern) return true;
  const char *t = tag, *p = pattern;
  for (;;) {
    size_t tn = strcspn(t, ":"), pn = strcspn(p, ":");
    if (!(pn == 0 || (pn == 1 && *p == '*'))) {
      bool ok = false;
      for (const char *a = p; a < p + pn;) {
        size_t an = strcspn(a, ".:");
        if (an > (size_t)(p + pn - a)) an = (size_t)(p + pn - a);
        if (an == tn && memcmp(a, t, tn) == 0) ok = true;
        a += an + 1;
      }
      if (!ok) return false;
    }
    p += pn;
    t += tn;
    if (!*p) return true;  /* pattern shorter: the rest of the tag matches */
    p++;
    if (!*t) {             /* tag shorter: the rest of the pattern must be wildcards */
      for (;;) {
        size_t n = strcspn(p, ":");
        if (!(n == 0 || (n == 1 && *p == '*'))) return false;
        p += n;
        if (!*p) return true;
        p++;
      }
    }
    t++;
  }
}

int kr__dict_generate(const kr_dict *d, const char *lemma, size_t len, const char *tag_pattern,
                      kr_dict_form_cb cb, void *ctx) {
  if (!d || !d->rev) return KR_ENOTFOUND;
  if (!lemma || len == 0 || len > MAX_WORD) return 0;
  uint32_t n_blocks = d->rh[RH_N_BLOCKS];
  rd r;
  /* binary search: last block whose first lemma ≤ lemma */
  uint32_t lo = 0, hi = n_blocks;
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (rev_item(d, RH_OFF_BLOCKS, RH_OFF_LEMMAS, RH_OFF_ENDINGS, n_blocks, mid, &r) < 0) return 0;
    uint32_t n = rd_vint(&r);
    const uint8_t *s = rd_bytes(&r, n);
    if (r.bad) return 0;
    int c = memcmp(s, lemma, n < len ? n : len);
    if (c == 0) c = (n > len) - (n < len);
    if (c <= 0) lo = mid;
    else hi = mid;
  }
  if (rev_item(d, RH_OFF_BLOCKS, RH_OFF_LEMMAS, RH_OFF_ENDINGS, n_blocks, lo, &r) < 0) return 0;
  uint8_t cur[MAX_WORD];
  size_t cur_len = 0;
  int64_t par = -1;
  for (int k = 0; r.p < r.end && !r.bad; k++) {
    uint32_t shared = k ? rd_vint(&r) : 0, n = rd_vint(&r);
    const uint8_t *s = rd_bytes(&r, n);
    uint32_t pid = rd_vint(&r);
    if (r.bad || shared > cur_len || shared + n > sizeof cur) return 0;
    memcpy(cur + shared, s, n);
    cur_len = shared + n;
    if (cur_len == len && memcmp(cur, lemma, len) == 0) {
      par = pid;
      break;
    }
  }
  if (par < 0) return 0;
  rd pr;
  if (rev_item(d, RH_OFF_PARS, RH_OFF_PAR_DATA, -1, d->rh[RH_N_PARS], (uint32_t)par, &pr) < 0) return 0;
  uint32_t n = rd_vint(&pr);
  int matches = 0;
  for (uint32_t i = 0; i < n && !pr.bad; i++) {
    uint32_t eid = rd_vint(&pr), tag = rd_vint(&pr);
    if (pr.bad || tag >= d->n_tags) break;
    if (!kr__tag_match(d->tag[tag], tag_pattern)) continue;
    rd er;
    if (rev_item(d, RH_OFF_ENDINGS, RH_OFF_ENDING_DATA, RH_OFF_PARS, d->rh[RH_N_ENDINGS], eid, &er) < 0)
      continue;
    uint32_t pre_len = rd_vint(&er);
    const uint8_t *pre = rd_bytes(&er, pre_len);
    uint32_t cut = rd_vint(&er), tail_len = rd_vint(&er);
    const uint8_t *tail = rd_bytes(&er, tail_len);
    if (er.bad || cut > len || (uint64_t)pre_len + len - cut + tail_len > MAX_WORD) continue;
    char form[MAX_WORD + 1];
    size_t o = 0;
    memcpy(form, pre, pre_len);
    o += pre_len;
    memcpy(form + o, lemma, len - cut);
    o += len - cut;
    memcpy(form + o, tail, tail_len);
    o += tail_len;
    form[o] = '\0';
    matches++;
    int rc = cb(ctx, form, o, tag);
    if (rc) return rc;
  }
  return matches;
}
