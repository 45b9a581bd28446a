/*
** tagger.c — the statistical choice among a token's readings: an averaged
** perceptron over hashed features with greedy left-to-right decoding (the
** MorphoDiTa / UDPipe 1 family), restricted to the candidates the dictionary
** (or the guesser) gives.
**
** Exports kr__tagger_load/free/run (resources.h) and, for training and
** evaluation (tagger.h), the model-file helpers kr__mfile_*, the CoNLL-U word
** reader kr__cwords_*, kr__doc_from_words and kr__tagger_train.
**
** Decisions:
**   - A class is a pair (UPOS, XPOS) as found in UD Polish (PDB convention;
**     LFG's "qub" becomes "part", its neuter nouns get ":ncol", its copula
**     "to" is AUX and "oba" DET, see harmonize_upos). Classes
**     are stored as strings in the model and matched to the dictionary's tag
**     ids at load through a coarse "canonical key" (tagset differences such
**     as verb:, refl, col/ncol/pt, person of praet, comp/conj are ignored),
**     so the model does not depend on one dictionary build's tag ids.
**   - A candidate is (class, lemma): from a dictionary/guesser reading whose
**     tag matches the class; from the training lexicon (frequent forms whose
**     gold analysis the dictionary lacks, e.g. "em" → być aglt); or, for a
**     capitalised word inside a sentence, the reading's lemma capitalised
**     ("Wielkiej" → "Wielki"). Words without any reading get the classes most
**     often seen on such words in training, with the form as lemma.
**   - The chosen reading is set with kr__morph_choose; then tag, UPOS and
**     FEATS are overwritten with the class's (UD convention), so that
**     `tag --conllu` prints UD-compatible XPOS.
**   - Features are hashed into one float table (2^bits, default 2^20 = 4 MB):
**     forms in a ±2 window, suffixes, prefixes, shape, ambiguity classes of
**     the token and its neighbours, previous two decisions, agreement of
**     case/number/gender with the previous token and the last preposition,
**     and lemma features of the reading. Version 2 adds the clause state
**     (nominative nominal / finite verb already chosen, their number+gender
**     agreement with the candidate, the verb's lemma and a preceding "nie"
**     × case; reset at punctuation and complementisers), the nearest verb,
**     nominative noun and noun to the right (agreement bits), and a
**     look-ahead: the classes the static features alone prefer for the next
**     two tokens (computed with the same weights, in training too).
**   - Model file: magic "KRTAGGR\0", version, section table with checksums;
**     memory-mapped, every size validated (a corrupted file is KR_EMODEL).
** Thread-safety: the loaded model is read-only; run uses the doc's arena only.
*/
#include "tagger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ======================================================================= */
/* hashing                                                                  */

static inline uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

uint64_t kr__hash_bytes(const void *p, size_t len, uint64_t seed) {
  const unsigned char *s = p;
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < len; i++) {
    h ^= s[i];
    h *= 0x100000001b3ULL;
  }
  /* the seed is mixed in after the bytes: as the FNV basis it could cancel
  ** against the first byte (seed 1 "e…" = seed 5 "a…") */
  return mix64(h ^ mix64(seed + 0x9E3779B97F4A7C15ULL));
}

static uint64_t hstr(const char *s, uint64_t seed) { return kr__hash_bytes(s, strlen(s), seed); }
static inline uint64_t hcomb(uint64_t a, uint64_t b) { return mix64(a * 0x9E3779B97F4A7C15ULL + b); }

/* ======================================================================= */
/* sectioned model file                                                     */

#define MF_HEADER 16u   /* magic[8], version u32, n_sections u32 */
#define MF_ENTRY 32u    /* id[4], pad u32, offset u64, size u64, checksum u64 */

static uint64_t checksum(const void *p, size_t len) {
  const unsigned char *s = p;
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ len;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t v;
    memcpy(&v, s + i, 8);
    h = (h ^ v) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  for (; i < len; i++) h = (h ^ s[i]) * 0x100000001b3ULL;
  return mix64(h);
}

static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

int kr__mfile_open(kr_mfile *m, const char *path, const char magic[8], uint32_t version,
                   kr_error *err) {
  memset(m, 0, sizeof *m);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  return kr__err_set(err, KR_EMODEL, 0, 0, "%s: models are little-endian only", path);
#endif
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return kr__err_set(err, errno == ENOENT ? KR_ENOTFOUND : KR_EMODEL, 0, 0, "%s: %s", path,
                       strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < (off_t)MF_HEADER) {
    close(fd);
    return kr__err_set(err, KR_EMODEL, 0, 0, "%s: not a model file (too short)", path);
  }
  size_t len = (size_t)st.st_size;
  void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) return kr__err_set(err, KR_EMODEL, 0, 0, "%s: cannot map: %s", path, strerror(errno));
  m->map = map;
  m->map_len = len;
  const unsigned char *b = map;
  int rc = KR_EMODEL;
  if (memcmp(b, magic, 8) != 0) {
    kr__err_set(err, rc, 0, 0, "%s: wrong magic (not this kind of model)", path);
    goto fail;
  }
  if (rd32(b + 8) != version) {
    kr__err_set(err, rc, 0, 0, "%s: version %u, expected %u", path, rd32(b + 8), version);
    goto fail;
  }
  uint32_t n = rd32(b + 12);
  if (n > 16 || MF_HEADER + (uint64_t)n * MF_ENTRY > len) {
    kr__err_set(err, rc, 0, 0, "%s: bad section table (%u sections)", path, n);
    goto fail;
  }
  for (uint32_t i = 0; i < n; i++) {
    const unsigned char *e = b + MF_HEADER + i * MF_ENTRY;
    uint64_t off = rd64(e + 8), size = rd64(e + 16), sum = rd64(e + 24);
    if (off > len || size > len - off || (off & 7)) {
      kr__err_set(err, rc, 0, 0, "%s: section %.4s out of the file (truncated?)", path, (const char *)e);
      goto fail;
    }
    if (checksum(b + off, size) != sum) {
      kr__err_set(err, rc, 0, 0, "%s: checksum mismatch in section %.4s (corrupted)", path,
                  (const char *)e);
      goto fail;
    }
    memcpy(m->sec[i].id, e, 4);
    m->sec[i].data = b + off;
    m->sec[i].size = size;
  }
  m->n_sections = n;
  return 0;
fail:
  kr__mfile_close(m);
  return rc;
}

void kr__mfile_close(kr_mfile *m) {
  if (m->map) munmap(m->map, m->map_len);
  memset(m, 0, sizeof *m);
}

const kr_msection *kr__mfile_section(const kr_mfile *m, const char id[4]) {
  for (uint32_t i = 0; i < m->n_sections; i++)
    if (!memcmp(m->sec[i].id, id, 4)) return &m->sec[i];
  return NULL;
}

int kr__mfile_write(const char *path, const char magic[8], uint32_t version,
                    const kr_msection *sec, uint32_t n, kr_error *err) {
  if (n > 16) return kr__err_set(err, KR_EINVAL, 0, 0, "too many sections");
  /* Written beside the target and renamed over it, so that a process that
  ** has the old model memory-mapped keeps a consistent file. */
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
    return kr__err_set(err, KR_EINVAL, 0, 0, "%s: path too long", path);
  FILE *f = fopen(tmp, "wb");
  if (!f) return kr__err_set(err, KR_EIO, 0, 0, "%s: %s", tmp, strerror(errno));
  unsigned char hdr[MF_HEADER + 16 * MF_ENTRY];
  memset(hdr, 0, sizeof hdr);
  memcpy(hdr, magic, 8);
  memcpy(hdr + 8, &version, 4);
  memcpy(hdr + 12, &n, 4);
  uint64_t off = MF_HEADER + (uint64_t)n * MF_ENTRY;
  off = (off + 7) & ~7ULL;
  for (uint32_t i = 0; i < n; i++) {
    unsigned char *e = hdr + MF_HEADER + i * MF_ENTRY;
    uint64_t size = sec[i].size, sum = checksum(sec[i].data, (size_t)size);
    memcpy(e, sec[i].id, 4);
    memcpy(e + 8, &off, 8);
    memcpy(e + 16, &size, 8);
    memcpy(e + 24, &sum, 8);
    off = (off + size + 7) & ~7ULL;
  }
  size_t hlen = MF_HEADER + n * MF_ENTRY, pos = hlen;
  int ok = fwrite(hdr, 1, hlen, f) == hlen;
  static const char zeros[8] = {0};
  for (uint32_t i = 0; i < n && ok; i++) {
    size_t pad = (8 - pos % 8) % 8;
    ok = fwrite(zeros, 1, pad, f) == pad;
    pos += pad;
    if (sec[i].size) ok = ok && fwrite(sec[i].data, 1, (size_t)sec[i].size, f) == sec[i].size;
    pos += (size_t)sec[i].size;
  }
  if (fclose(f) != 0) ok = 0;
  if (ok && rename(tmp, path) != 0) ok = 0;
  if (!ok) {
    remove(tmp);
    return kr__err_set(err, KR_EIO, 0, 0, "%s: write failed: %s", path, strerror(errno));
  }
  return 0;
}

/* ======================================================================= */
/* CoNLL-U words                                                            */

void kr__cwords_free(kr_cwords *c) {
  for (uint32_t i = 0; i < c->n_pools; i++) free(c->pools[i]);
  free(c->pools);
  free(c->buf);
  free(c->w);
  free(c->sent);
  memset(c, 0, sizeof *c);
}

int kr__cwords_read(kr_cwords *c, const char *name, const char *data, size_t len, kr_error *err) {
  memset(c, 0, sizeof *c);
  uint32_t cap_w = 1024, cap_s = 128, line = 0;
  int rc = 0;
  c->buf = malloc(len + 1);
  c->w = malloc(cap_w * sizeof *c->w);
  c->sent = malloc(cap_s * sizeof *c->sent);
  if (!c->buf || !c->w || !c->sent) { rc = KR_ENOMEM; goto fail; }
  memcpy(c->buf, data, len);
  c->buf[len] = 0;
  char *p = c->buf, *end = c->buf + len;
  int in_sent = 0;
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *le = nl ? nl : end;
    line++;
    if (le > p && le[-1] == '\r') le[-1] = 0;
    *le = 0;
    if (*p == 0) {
      in_sent = 0;
    } else if (*p != '#') {
      char *f[10];
      int nf = 0;
      char *q = p;
      f[nf++] = q;
      for (; *q; q++)
        if (*q == '\t') {
          *q = 0;
          if (nf == 10) { nf = 11; break; }
          f[nf++] = q + 1;
        }
      if (nf != 10) {
        rc = kr__err_set(err, KR_ECONLLU, 0, line, "%s:%u: expected 10 tab-separated columns", name, line);
        goto fail;
      }
      char *id = f[0];
      if (!(*id >= '0' && *id <= '9')) {
        rc = kr__err_set(err, KR_ECONLLU, 0, line, "%s:%u: bad word id '%s'", name, line, id);
        goto fail;
      }
      if (strchr(id, '-') || strchr(id, '.')) goto next; /* multiword range / empty node */
      for (char *d = id; *d; d++)
        if (*d < '0' || *d > '9') {
          rc = kr__err_set(err, KR_ECONLLU, 0, line, "%s:%u: bad word id '%s'", name, line, id);
          goto fail;
        }
      if (!*f[1]) {
        rc = kr__err_set(err, KR_ECONLLU, 0, line, "%s:%u: empty FORM", name, line);
        goto fail;
      }
      if (!in_sent) {
        if (c->n_sents + 2 > cap_s) {
          cap_s *= 2;
          uint32_t *ns = realloc(c->sent, cap_s * sizeof *ns);
          if (!ns) { rc = KR_ENOMEM; goto fail; }
          c->sent = ns;
        }
        c->sent[c->n_sents++] = c->n;
        in_sent = 1;
      }
      if (c->n + 1 > cap_w) {
        cap_w *= 2;
        kr_cword *nw = realloc(c->w, cap_w * sizeof *nw);
        if (!nw) { rc = KR_ENOMEM; goto fail; }
        c->w = nw;
      }
      kr_cword *w = &c->w[c->n++];
      w->form = f[1];
      w->lemma = f[2];
      w->upos = f[3];
      w->xpos = f[4];
      w->feats = f[5];
      w->line = line;
    }
  next:
    p = le + 1;
  }
  if (c->n == 0) {
    rc = kr__err_set(err, KR_ECONLLU, 0, 0, "%s: no words (empty or not CoNLL-U)", name);
    goto fail;
  }
  c->sent[c->n_sents] = c->n;
  return 0;
fail:
  if (rc == KR_ENOMEM) kr__err_set(err, rc, 0, 0, "%s: out of memory", name);
  kr__cwords_free(c);
  return rc;
}

static int is_punct_cp(int32_t cp) {
  return (cp < 128 && cp > 32 && !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
                                   (cp >= 'A' && cp <= 'Z'))) ||
         (cp >= 0x2010 && cp <= 0x205F) || cp == 0xAB || cp == 0xBB;
}

int kr__doc_from_words(kr_doc *doc, const kr_cword *w, uint32_t n, kr_error *err) {
  kr_doc_reset(doc);
  size_t len = 0;
  for (uint32_t i = 0; i < n; i++) len += strlen(w[i].form) + 1;
  char *text = kr__arena_alloc(doc->arena, len + 1);
  if (!text) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  size_t o = 0;
  for (uint32_t i = 0; i < n; i++) {
    size_t l = strlen(w[i].form);
    memcpy(text + o, w[i].form, l);
    o += l;
    if (i + 1 < n) text[o++] = ' ';
  }
  int rc = kr_doc_set_text(doc, text, o, err);
  if (rc) return rc;
  doc->toks = kr__arena_calloc(doc->arena, n ? n : 1, sizeof *doc->toks);
  doc->sents = kr__arena_calloc(doc->arena, 1, sizeof *doc->sents);
  if (!doc->toks || !doc->sents) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  uint32_t off = 0, cpo = 0;
  for (uint32_t i = 0; i < n; i++) {
    kr_token *t = &doc->toks[i];
    size_t l = strlen(w[i].form);
    const char *s = doc->text + off;
    t->off = off;
    t->len = (uint32_t)l;
    t->start = cpo;
    unsigned n_up = 0, n_low = 0, n_dig = 0, n_punct = 0, n_cp = 0;
    int first_up = -1;
    for (size_t k = 0; k < l;) {
      int32_t cp;
      int b = kr__utf8_decode(s + k, l - k, &cp);
      if (b <= 0) b = 1;
      k += (size_t)b;
      n_cp++;
      if (kr__cp_is_upper(cp)) n_up++;
      else if (kr__cp_is_lower(cp)) n_low++;
      if (cp >= '0' && cp <= '9') n_dig++;
      else if (is_punct_cp(cp)) n_punct++;
      if (first_up < 0) first_up = kr__cp_is_upper(cp);
    }
    cpo += n_cp;
    t->end = cpo;
    t->sent = 0;
    t->kind = n_punct == n_cp ? KR_TOK_PUNCT
              : (n_dig && n_dig + n_punct == n_cp) ? KR_TOK_NUMBER
              : (n_up + n_low) ? KR_TOK_WORD : KR_TOK_SYMBOL;
    if (t->kind == KR_TOK_WORD && l > 1 && s[l - 1] == '.') t->kind = KR_TOK_ABBREV;
    t->flags = (uint8_t)((i + 1 < n ? KR_TOKF_SPACE_AFTER : 0) | (first_up == 1 ? KR_TOKF_CAP : 0) |
                         (n_up >= 2 && n_low == 0 ? KR_TOKF_ALLCAPS : 0) | (n_dig ? KR_TOKF_DIGIT : 0));
    if (i == 0) t->flags |= KR_TOKF_PARA_START;
    off += (uint32_t)l + 1;
    cpo += 1;
  }
  doc->n_toks = n;
  doc->sents[0].tok = 0;
  doc->sents[0].n_toks = n;
  doc->sents[0].start = 0;
  doc->sents[0].end = (uint32_t)doc->n_cp;
  doc->sents[0].off = 0;
  doc->sents[0].len = (uint32_t)doc->text_len;
  doc->n_sents = 1;
  doc->layers |= KR_LAYER_TOKENS;
  return 0;
}

/* ======================================================================= */
/* tags: canonical keys and attributes                                      */

#define MAX_KEYS 64

static int fld(const char *f, size_t n, const char *s) { return strlen(s) == n && !memcmp(f, s, n); }

/* Coarse keys of a tag (alternatives "a.b" expanded): used only to match a
** class with dictionary readings. Returns the number of keys (≤ max). */
static int canon_keys(const char *tag, uint64_t *keys, int max) {
  const char *fs[16];
  size_t fl[16];
  int nf = 0;
  for (const char *p = tag;;) {
    const char *c = strchr(p, ':');
    size_t l = c ? (size_t)(c - p) : strlen(p);
    if (nf < 16) { fs[nf] = p; fl[nf] = l; nf++; }
    if (!c) break;
    p = c + 1;
  }
  int f0 = 0;
  if (nf > 1 && fld(fs[0], fl[0], "verb")) f0 = 1;
  const char *pos = fs[f0];
  size_t pl = fl[f0];
  if (fld(pos, pl, "qub")) pos = "part", pl = 4;
  if (fld(pos, pl, "comp")) pos = "conj", pl = 4;
  int keep = nf;
  if (fld(pos, pl, "adjp")) keep = f0 + 1;
  if (fld(pos, pl, "siebie") && nf > f0 + 2) keep = f0 + 2;
  if (fld(pos, pl, "adv") && nf == f0 + 2 && fld(fs[f0 + 1], fl[f0 + 1], "pos")) keep = f0 + 1;
  int praet = fld(pos, pl, "praet") || fld(pos, pl, "pot") || fld(pos, pl, "winien");
  /* alternatives per field */
  const char *alt[16][12];
  size_t al[16][12];
  int na[16], nfield = 0;
  alt[0][0] = pos; al[0][0] = pl; na[0] = 1; nfield = 1;
  for (int i = f0 + 1; i < keep; i++) {
    int k = 0;
    for (const char *p = fs[i], *e = fs[i] + fl[i]; p < e;) {
      const char *d = memchr(p, '.', (size_t)(e - p));
      size_t l = d ? (size_t)(d - p) : (size_t)(e - p);
      const char *v = p;
      if (fld(v, l, "n1") || fld(v, l, "n2") || fld(v, l, "p2") || fld(v, l, "p3")) v = "n", l = 1;
      else if (fld(v, l, "p1")) v = "m1", l = 2;
      int drop = fld(v, l, "refl") || fld(v, l, "nonrefl") || fld(v, l, "col") || fld(v, l, "ncol") ||
                 fld(v, l, "pt") || fld(v, l, "agl") || fld(v, l, "nagl") ||
                 (praet && (fld(v, l, "pri") || fld(v, l, "sec") || fld(v, l, "ter")));
      int dup = 0;
      for (int j = 0; j < k; j++) dup |= (al[nfield][j] == l && !memcmp(alt[nfield][j], v, l));
      if (!drop && !dup && k < 12) { alt[nfield][k] = v; al[nfield][k] = l; k++; }
      if (!d) break;
      p = d + 1;
    }
    if (k) { na[nfield] = k; nfield++; }
  }
  int idx[16] = {0}, n = 0;
  for (;;) {
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < nfield; i++) {
      h = hcomb(h, kr__hash_bytes(alt[i][idx[i]], al[i][idx[i]], (uint64_t)i));
    }
    if (n < max) keys[n++] = h;
    else break;
    int i = nfield - 1;
    while (i >= 0 && ++idx[i] == na[i]) idx[i--] = 0;
    if (i < 0) break;
  }
  return n;
}

/* Training-time harmonisation of gold UPOS to the PDB convention, where
** LFG differs systematically (measured on the training files: for these
** lemma+class pairs PDB is consistent and LFG's majority is another UPOS):
** the copula "to" (pred) is AUX, not VERB; "oba"/"obydwa" (num) are DET. */
static const char *harmonize_upos(const char *upos, const char *xpos, const char *lemma) {
  if (!strcmp(upos, "VERB") && !strcmp(lemma, "to") && !strncmp(xpos, "pred", 4)) return "AUX";
  if (!strcmp(upos, "NUM") && (!strcmp(lemma, "oba") || !strcmp(lemma, "obydwa")) &&
      !strncmp(xpos, "num", 3) && (xpos[3] == ':' || !xpos[3]))
    return "DET";
  return upos;
}

/* ======================================================================= */
/* model structures                                                         */

#define TG_MAGIC "KRTAGGR"
#define TG_VERSION 3u  /* 2: clause-state, right-context and look-ahead features; 3: second pass, kr__hash_bytes seed mixed in last */
#define MAX_CANDS 256
#define TG_F_TWOPASS 1u  /* a second pass with the first pass's decisions as context */
#define N_CTX 24

typedef struct tclass {
  const char *xpos;       /* NUL-terminated (model or training memory) */
  uint8_t upos;
  uint8_t is_prep;
  uint8_t cs, nm, gn;     /* case 1..7, number 1..2, gender 1..5; 0 = none */
  uint8_t role;           /* ROLE_*: finite verb, nominal, clause boundary */
  uint16_t ngm;           /* number+gender bits this class can agree with (ng_bits) */
  uint64_t h_full, h_xpos, h_pos, h_case, h_ng, h_upos;
} tclass;

typedef struct lexent {   /* training lexicon entry (file layout) */
  uint64_t key;           /* hash of the lower-cased form */
  uint32_t cls;
  uint32_t lemma;         /* offset in the lexicon strings */
} lexent;

struct kr_tagger {
  kr_mfile mf;
  uint32_t n_cls;
  tclass *cls;            /* malloc */
  const char *feats;      /* unused placeholder */
  float *w_own;           /* training: mutable weights (else NULL) */
  const float *w;
  uint64_t bits;
  const lexent *lex; uint32_t n_lex;
  const char *lex_str; uint64_t lex_str_len;
  const uint32_t *unk; uint32_t n_unk;
  const uint32_t *num; uint32_t n_num;    /* classes seen on numbers ("2010" adj) */
  uint32_t n_dtags;
  uint32_t *dt_start, *dt_cls;     /* dictionary tag id → classes (CSR, malloc) */
  uint32_t *punct_cls, n_punct, *dig_cls, n_dig; /* classes for interp / dig */
  const kr_dict *dict;
  int beam;               /* decoding beam width */
  uint32_t flags;         /* TG_F_*: from the WGHT header */
  char **cfeats;          /* per class: FEATS for an ordinary lemma (malloc) */
  uint8_t *cfeats_lex;    /* per class: FEATS may depend on the lemma (interp) */
  uint64_t lexl[128];     /* sorted hashes of the lemmas with lexical FEATS */
  uint32_t n_lexl;
  uint64_t h_nie;         /* lemma hash of "nie" */
};

static int u64_cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* Fills the per-class FEATS cache. */
static int feats_cache(kr_tagger *t) {
  t->cfeats = calloc(t->n_cls, sizeof *t->cfeats);
  t->cfeats_lex = calloc(t->n_cls, 1);
  if (!t->cfeats || !t->cfeats_lex) return KR_ENOMEM;
  for (uint32_t c = 0; c < t->n_cls; c++) {
    char fb[256];
    int fr = kr__tag_feats(t->cls[c].xpos, "\x01", fb, sizeof fb);
    if (fr < 0 || !fb[0]) strcpy(fb, "_");
    t->cfeats[c] = strdup(fb);
    if (!t->cfeats[c]) return KR_ENOMEM;
    t->cfeats_lex[c] = !strncmp(t->cls[c].xpos, "interp", 6);
  }
  /* FEATS of the closed-class lemmas of tags.c depend on the lemma; those of
  ** all others on the tag alone, computed once per class above */
  const char *lex[128];
  size_t n = kr__tag_lexical_lemmas(lex, 128);
  for (size_t i = 0; i < n; i++) t->lexl[i] = hstr(lex[i], 5);
  t->n_lexl = (uint32_t)n;
  qsort(t->lexl, t->n_lexl, sizeof *t->lexl, u64_cmp);
  return 0;
}

static int lexl_has(const kr_tagger *t, uint64_t h) {
  uint32_t lo = 0, hi = t->n_lexl;
  while (lo < hi) {
    uint32_t m = (lo + hi) / 2;
    if (t->lexl[m] < h) lo = m + 1;
    else hi = m;
  }
  return lo < t->n_lexl && t->lexl[lo] == h;
}

static int upos_from_name(const char *s, size_t n) {
  for (int i = 0; i < KR_UPOS__COUNT; i++) {
    const char *u = kr_upos_name(i);
    if (strlen(u) == n && !memcmp(u, s, n)) return i;
  }
  return KR_UPOS_X;
}

enum { ROLE_OTHER = 0, ROLE_VERB = 1, ROLE_NOMINAL = 2, ROLE_BOUND = 3 };

/* Number+gender agreement bits of a class: bit (number-1)*5 + gender-1; a
** class without gender (fin: "robi") covers every gender of its number. */
static uint16_t ng_bits(const tclass *k) {
  if (!k->nm) return 0;
  unsigned base = (k->nm - 1u) * 5u;
  return (uint16_t)(k->gn ? 1u << (base + k->gn - 1u) : 31u << base);
}

/* 0: no agreement partner; 1: partner disagrees; 2: partner can agree. */
static unsigned ng_match(uint16_t partner, const tclass *k) {
  if (!partner) return 0;
  return (k->ngm & partner) ? 2u : 1u;
}

static void class_init(tclass *c, const char *upos, size_t upos_len, const char *xpos) {
  c->xpos = xpos;
  c->upos = (uint8_t)upos_from_name(upos, upos_len);
  c->h_xpos = hstr(xpos, 11);
  c->h_full = hcomb(c->h_xpos, c->upos + 1000);
  c->h_upos = hcomb(77, c->upos);
  const char *colon = strchr(xpos, ':');
  size_t pl = colon ? (size_t)(colon - xpos) : strlen(xpos);
  c->h_pos = kr__hash_bytes(xpos, pl, 12);
  c->is_prep = fld(xpos, pl, "prep");
  static const char *cases[] = {"nom", "gen", "dat", "acc", "inst", "loc", "voc"};
  static const char *nums[] = {"sg", "pl"};
  static const char *gens[] = {"m1", "m2", "m3", "f", "n"};
  int cs = 0, nm = 0, gn = 0;
  for (const char *p = xpos;;) {
    const char *q = strchr(p, ':');
    size_t l = q ? (size_t)(q - p) : strlen(p);
    for (int i = 0; i < 7; i++) if (fld(p, l, cases[i])) cs = i + 1;
    for (int i = 0; i < 2; i++) if (fld(p, l, nums[i])) nm = i + 1;
    for (int i = 0; i < 5; i++) if (fld(p, l, gens[i])) gn = i + 1;
    if (!q) break;
    p = q + 1;
  }
  c->cs = (uint8_t)cs;
  c->nm = (uint8_t)nm;
  c->gn = (uint8_t)gn;
  c->h_case = hcomb(13, (uint64_t)cs);
  c->role = (fld(xpos, pl, "fin") || fld(xpos, pl, "bedzie") || fld(xpos, pl, "praet") ||
             fld(xpos, pl, "winien")) ? ROLE_VERB
            : (fld(xpos, pl, "subst") || fld(xpos, pl, "depr") || fld(xpos, pl, "ppron12") ||
               fld(xpos, pl, "ppron3")) ? ROLE_NOMINAL
            : (fld(xpos, pl, "interp") || fld(xpos, pl, "comp")) ? ROLE_BOUND : ROLE_OTHER;
  c->ngm = ng_bits(c);
  c->h_ng = hcomb(14, (uint64_t)(nm * 8 + gn));
}

/* Builds dictionary tag → classes and the interp/dig class lists. */
static int tagger_link(kr_tagger *t, const kr_dict *dict) {
  t->dict = dict;
  t->h_nie = hstr("nie", 5);
  uint32_t nd = kr__dict_n_tags(dict);
  t->n_dtags = nd;
  /* hash table of class keys */
  uint32_t cap = 1;
  while (cap < t->n_cls * 4 + 16) cap <<= 1;
  uint64_t *hk = calloc(cap, sizeof *hk);
  int32_t *hv = malloc(cap * sizeof *hv);
  int32_t *next = malloc((size_t)(t->n_cls * MAX_KEYS + 1) * sizeof *next);
  int32_t *ncls = malloc((size_t)(t->n_cls * MAX_KEYS + 1) * sizeof *ncls);
  t->dt_start = calloc((size_t)nd + 1, sizeof *t->dt_start);
  uint32_t dcap = nd * 4 + 64, dn = 0;
  t->dt_cls = malloc(dcap * sizeof *t->dt_cls);
  t->punct_cls = malloc((t->n_cls + 1) * sizeof(uint32_t));
  t->dig_cls = malloc((t->n_cls + 1) * sizeof(uint32_t));
  int rc = 0;
  if (!hk || !hv || !next || !ncls || !t->dt_start || !t->dt_cls || !t->punct_cls || !t->dig_cls) {
    rc = KR_ENOMEM;
    goto done;
  }
  int32_t nn = 0;
  for (uint32_t i = 0; i < cap; i++) hv[i] = -1;
  for (uint32_t c = 0; c < t->n_cls; c++) {
    uint64_t keys[MAX_KEYS];
    int nk = canon_keys(t->cls[c].xpos, keys, MAX_KEYS);
    for (int k = 0; k < nk; k++) {
      uint64_t key = keys[k] | 1;
      uint32_t s = (uint32_t)key & (cap - 1);
      while (hk[s] && hk[s] != key) s = (s + 1) & (cap - 1);
      hk[s] = key;
      next[nn] = hv[s];
      ncls[nn] = (int32_t)c;
      hv[s] = nn++;
    }
    if (!strcmp(t->cls[c].xpos, "interp")) t->punct_cls[t->n_punct++] = c;
    if (!strcmp(t->cls[c].xpos, "dig")) t->dig_cls[t->n_dig++] = c;
  }
  for (uint32_t d = 0; d < nd; d++) {
    t->dt_start[d] = dn;
    const char *tag = kr__dict_tag(dict, d);
    if (!tag) continue;
    uint64_t keys[MAX_KEYS];
    int nk = canon_keys(tag, keys, MAX_KEYS);
    for (int k = 0; k < nk; k++) {
      uint64_t key = keys[k] | 1;
      uint32_t s = (uint32_t)key & (cap - 1);
      while (hk[s] && hk[s] != key) s = (s + 1) & (cap - 1);
      if (!hk[s]) continue;
      for (int32_t e = hv[s]; e >= 0; e = next[e]) {
        uint32_t c = (uint32_t)ncls[e], dup = 0;
        for (uint32_t j = t->dt_start[d]; j < dn; j++) dup |= t->dt_cls[j] == c;
        if (dup) continue;
        if (dn == dcap) {
          dcap *= 2;
          uint32_t *x = realloc(t->dt_cls, dcap * sizeof *x);
          if (!x) { rc = KR_ENOMEM; goto done; }
          t->dt_cls = x;
        }
        t->dt_cls[dn++] = c;
      }
    }
  }
  t->dt_start[nd] = dn;
done:
  free(hk);
  free(hv);
  free(next);
  free(ncls);
  return rc;
}

static void tagger_destroy(kr_tagger *t) {
  if (!t) return;
  free(t->cls);
  free(t->dt_start);
  free(t->dt_cls);
  free(t->punct_cls);
  free(t->dig_cls);
  for (uint32_t c = 0; t->cfeats && c < t->n_cls; c++) free(t->cfeats[c]);
  free(t->cfeats);
  free(t->cfeats_lex);
  free(t->w_own);
  kr__mfile_close(&t->mf);
  free(t);
}

void kr__tagger_free(kr_tagger *t) { tagger_destroy(t); }

int kr__tagger_load(kr_tagger **out, const char *path, const kr_dict *dict, kr_error *err) {
  *out = NULL;
  kr_tagger *t = calloc(1, sizeof *t);
  if (!t) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  int rc = kr__mfile_open(&t->mf, path, TG_MAGIC, TG_VERSION, err);
  if (rc) { free(t); return rc; }
  const kr_msection *sc = kr__mfile_section(&t->mf, "CLAS"), *sw = kr__mfile_section(&t->mf, "WGHT"),
                    *sl = kr__mfile_section(&t->mf, "LEXI"), *ss = kr__mfile_section(&t->mf, "LEXS"),
                    *su = kr__mfile_section(&t->mf, "UNKC");
  rc = KR_EMODEL;
  if (!sc || !sw || !sl || !ss || !su) {
    kr__err_set(err, rc, 0, 0, "%s: missing section", path);
    goto fail;
  }
  /* CLAS: u32 n, u32 off[n], strings "UPOS\0XPOS\0" */
  const unsigned char *b = sc->data;
  if (sc->size < 4) goto bad;
  uint32_t n = rd32(b);
  if (n == 0 || n > 65535 || 4 + (uint64_t)n * 4 >= sc->size) goto bad;
  const char *strs = (const char *)b + 4 + n * 4;
  uint64_t slen = sc->size - 4 - n * 4;
  if (strs[slen - 1] != 0) goto bad;
  t->cls = calloc(n, sizeof *t->cls);
  if (!t->cls) { rc = KR_ENOMEM; goto fail; }
  t->n_cls = n;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t o = rd32(b + 4 + i * 4);
    if (o >= slen) goto bad;
    const char *u = strs + o;
    size_t ul = strlen(u);
    if (o + ul + 1 >= slen) goto bad;
    class_init(&t->cls[i], u, ul, u + ul + 1);
  }
  /* WGHT: u32 bits, u32 pad, float[1<<bits] */
  if (sw->size < 8) goto bad;
  uint32_t bits = rd32(sw->data);
  if (bits < 10 || bits > 26 || sw->size != 8 + ((uint64_t)4 << bits)) goto bad;
  t->bits = bits;
  t->flags = rd32((const unsigned char *)sw->data + 4);
  if (t->flags & ~TG_F_TWOPASS) goto bad;
  t->w = (const float *)((const char *)sw->data + 8);
  /* LEXI: lexent[], sorted by key; LEXS: strings */
  if (sl->size % sizeof(lexent)) goto bad;
  t->lex = sl->data;
  t->n_lex = (uint32_t)(sl->size / sizeof(lexent));
  t->lex_str = ss->data;
  t->lex_str_len = ss->size;
  if (t->n_lex && (ss->size == 0 || t->lex_str[ss->size - 1] != 0)) goto bad;
  for (uint32_t i = 0; i < t->n_lex; i++)
    if (t->lex[i].cls >= n || t->lex[i].lemma >= ss->size || (i && t->lex[i].key < t->lex[i - 1].key))
      goto bad;
  /* UNKC: u32 n_unk, unk[n_unk], then the number classes */
  if (su->size % 4 || su->size < 4) goto bad;
  {
    const uint32_t *u = su->data;
    uint32_t total = (uint32_t)(su->size / 4) - 1;
    if (u[0] > total) goto bad;
    t->unk = u + 1;
    t->n_unk = u[0];
    t->num = u + 1 + u[0];
    t->n_num = total - u[0];
    for (uint32_t i = 0; i < total; i++)
      if (u[1 + i] >= n) goto bad;
  }
  rc = tagger_link(t, dict);
  if (!rc) rc = feats_cache(t);
  if (rc) { kr__err_set(err, rc, 0, 0, "out of memory"); goto fail; }
  /* greedy by default (the weights are trained greedily; a wider beam gave
  ** +0.2 XPOS on PDB at 12 % of the speed); KRONIKA_TAGGER_BEAM=N to experiment */
  const char *bw = getenv("KRONIKA_TAGGER_BEAM");
  t->beam = bw ? atoi(bw) : 1;
  *out = t;
  return 0;
bad:
  rc = KR_EMODEL;
  kr__err_set(err, rc, 0, 0, "%s: inconsistent sizes or offsets in the model (corrupted?)", path);
fail:
  tagger_destroy(t);
  return rc;
}

/* ======================================================================= */
/* features                                                                 */

typedef struct cand {
  uint32_t cls;
  int16_t reading;        /* index into readings, or -1 */
  uint8_t kind;           /* CK_* */
  uint8_t lemma_cap;      /* lemma starts upper-case */
  uint8_t rank;           /* earlier candidates of the same class (dictionary order) */
  uint8_t lemma_eq;       /* 1: lemma = lower-cased form, 2: lemma = form */
  uint8_t twin;           /* another candidate has the same tag and this lemma in the other case */
  const char *lemma;      /* for CK_LEX / CK_CAPV / CK_FORM: the lemma; else reading's */
  uint64_t h_lemma, h_lsuf;
} cand;

enum { CK_READ = 0, CK_LEX = 1, CK_CAPV = 2, CK_FORM = 3 };

typedef struct tokinfo {
  uint64_t ctx[N_CTX];    /* context feature hashes (own form etc.) */
  uint32_t n_ctx;
  uint64_t h_form, h_amb, h_suf2;
  uint32_t c0, nc;        /* candidates [c0, c0+nc) in the sentence's array */
  uint8_t guessed, cap, first;
  uint8_t casem;          /* own candidates: bit c set when some candidate has case c */
  uint64_t cngm[2];       /* own candidates: (case, number, gender) combinations */
  uint8_t nb_case[3];     /* casem of the tokens at +1, +2, -1 */
  uint64_t nb_cng[3][2];  /* cngm of the tokens at +1, +2, -1 */
  uint16_t vngm;          /* own verb candidates' number+gender bits */
  uint16_t nomngm;        /* own nominative nominal candidates' number+gender bits */
  uint16_t rv, rnom;      /* vngm / nomngm of the nearest such token to the right */
  uint8_t nomin;          /* some candidate is a nominal */
  uint8_t rn_dist;        /* distance of the nearest nominal to the right (0 none) */
  uint64_t rn_cng[2];     /* its cngm */
  int32_t la1, la2;       /* look-ahead: best class of tokens +1, +2 by static score, -1 */
} tokinfo;

static inline unsigned cng_bit(const tclass *k) { return (k->cs - 1u) * 10u + (k->nm - 1u) * 5u + (k->gn - 1u); }

static int upper_first_byte(const char *s) {
  unsigned char c = (unsigned char)s[0];
  if (c >= 'A' && c <= 'Z') return 1;
  if (c < 0x80) return 0;
  int32_t cp;
  kr__utf8_decode(s, strlen(s), &cp);
  return kr__cp_is_upper(cp);
}

static uint64_t suffix_hash(const char *s, size_t len, int ncp, uint64_t seed) {
  size_t i = len;
  for (int k = 0; k < ncp && i > 0; k++) {
    i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
  }
  return kr__hash_bytes(s + i, len - i, seed);
}

static uint64_t prefix_hash(const char *s, size_t len, int ncp, uint64_t seed) {
  size_t i = 0;
  for (int k = 0; k < ncp && i < len; k++) {
    i++;
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
  }
  return kr__hash_bytes(s, i, seed);
}

static int lex_find(const kr_tagger *t, uint64_t key) {
  uint32_t lo = 0, hi = t->n_lex;
  while (lo < hi) {
    uint32_t m = (lo + hi) / 2;
    if (t->lex[m].key < key) lo = m + 1;
    else hi = m;
  }
  return (lo < t->n_lex && t->lex[lo].key == key) ? (int)lo : -1;
}

static int add_cand(cand *cs, int n, uint32_t cls, int reading, int kind, const char *lemma) {
  if (n >= MAX_CANDS) return n;
  unsigned rank = 0;
  size_t ll = strlen(lemma);
  uint64_t hl = kr__hash_bytes(lemma, ll, 5);
  for (int i = 0; i < n; i++) {
    if (cs[i].cls != cls) continue;
    if (cs[i].h_lemma == hl && !strcmp(cs[i].lemma, lemma)) return n;
    rank++;
  }
  cs[n].rank = (uint8_t)(rank > 2 ? 2 : rank);
  cs[n].lemma_eq = 0;
  cs[n].h_lsuf = suffix_hash(lemma, ll, 2, 59);
  cs[n].cls = cls;
  cs[n].reading = (int16_t)reading;
  cs[n].kind = (uint8_t)kind;
  cs[n].lemma = lemma;
  cs[n].lemma_cap = (uint8_t)upper_first_byte(lemma);
  cs[n].h_lemma = hl;
  return n + 1;
}

/* A Roman numeral written in capitals ("II", "XXI"). */
static int is_roman(const char *s, size_t len) {
  if (!len || len > 12) return 0;
  for (size_t i = 0; i < len; i++)
    if (!strchr("IVXLCDM", s[i]) || !s[i]) return 0;
  return 1;
}

/* Verb forms, participles, gerunds, predicatives and adverbs: classes a
** capitalised unknown word (a name) does not take. */
static int verbal_class(const tclass *k) {
  const char *x = k->xpos;
  size_t l = strcspn(x, ":");
  static const char *const V[] = {"fin", "praet", "impt", "imps", "inf", "pcon", "pant", "ger",
                                  "pact", "ppas", "bedzie", "aglt", "winien", "pred", "adv", "pot"};
  for (size_t i = 0; i < sizeof V / sizeof *V; i++)
    if (fld(x, l, V[i])) return 1;
  return k->upos == KR_UPOS_VERB || k->upos == KR_UPOS_AUX;
}

/* Candidates of token `tk`; `lower` is its lower-cased form. */
static int gen_cands(const kr_tagger *t, const kr_abbrev *ab, kr_arena *a, const kr_token *tk,
                     const char *form, const char *lower, size_t lower_len, int first, cand *cs) {
  int n = 0;
  for (int r = 0; r < tk->n_readings; r++) {
    unsigned d = tk->readings[r].tag;
    if (d >= t->n_dtags) continue;
    /* a reading of the abbreviation lexicon carries its UPOS ("tzw" ADV,
    ** "ds" ADP): only the classes with that UPOS, when the model has one */
    int au = -1;
    if (ab && tk->readings[r].source == KR_SRC_RULE && form) {
      au = kr__abbrev_upos(ab, form, tk->len, tk->readings[r].lemma, d);
      if (au < 0) au = kr__abbrev_upos(ab, lower, lower_len, tk->readings[r].lemma, d);
      int any = 0;
      for (uint32_t j = t->dt_start[d]; au >= 0 && j < t->dt_start[d + 1] && !any; j++)
        any = t->cls[t->dt_cls[j]].upos == au;
      if (!any) au = -1;
    }
    for (uint32_t j = t->dt_start[d]; j < t->dt_start[d + 1]; j++)
      if (au < 0 || t->cls[t->dt_cls[j]].upos == au)
        n = add_cand(cs, n, t->dt_cls[j], r, CK_READ, tk->readings[r].lemma);
  }
  uint64_t lkey = kr__hash_bytes(lower, lower_len, 3);
  int li = lex_find(t, lkey);
  for (; li >= 0 && (uint32_t)li < t->n_lex && t->lex[li].key == lkey; li++)
    n = add_cand(cs, n, t->lex[li].cls, -1, CK_LEX, t->lex_str + t->lex[li].lemma);
  if ((tk->flags & KR_TOKF_CAP) && !first && a) {
    int n0 = n;
    for (int i = 0; i < n0; i++) {
      uint8_t u = t->cls[cs[i].cls].upos;
      if (cs[i].lemma_cap || !(u == KR_UPOS_ADJ || u == KR_UPOS_PROPN || u == KR_UPOS_NOUN)) continue;
      size_t ol;
      const char *cap = kr__utf8_upper_first(a, cs[i].lemma, strlen(cs[i].lemma), &ol);
      if (!cap) continue;
      int m = add_cand(cs, n, cs[i].cls, cs[i].reading, CK_CAPV, cap);
      n = m;
    }
  }
  /* a capitalised word the dictionary lacks is a name, not a verb form,
  ** participle or adverb ("Silajdżić", "Lili", "Obamy", "Brisbane",
  ** "Salerno"): drop the guesser's readings of those classes when others
  ** remain (inside a sentence; at its start only nominal readings count) */
  if ((tk->flags & KR_TOKF_GUESSED) && (tk->flags & KR_TOKF_CAP) && !first) {
    int m = 0;
    for (int i = 0; i < n; i++) m += !verbal_class(&t->cls[cs[i].cls]);
    if (m > 0) {
      m = 0;
      for (int i = 0; i < n; i++)
        if (!verbal_class(&t->cls[cs[i].cls])) cs[m++] = cs[i];
      n = m;
    }
  }
  /* a word the dictionary lacks: the form itself may be the lemma (foreign
  ** names "America", "Osborne"; words "emoji") — offer it with each noun-like
  ** class; not for an abbreviation the lexicon expands ("km" kilometr) */
  int abbr = 0;
  for (int r = 0; r < tk->n_readings; r++) abbr |= tk->readings[r].source == KR_SRC_RULE;
  if ((tk->flags & KR_TOKF_GUESSED) && form && !abbr) {
    int n0 = n;
    for (int i = 0; i < n0; i++) {
      uint8_t u = t->cls[cs[i].cls].upos;
      if (u == KR_UPOS_PROPN || u == KR_UPOS_NOUN || u == KR_UPOS_X)
        n = add_cand(cs, n, cs[i].cls, cs[i].reading, CK_FORM, form);
    }
  }
  /* acronyms and Roman numerals keep their form as lemma ("MON", "III") */
  if (form && tk->kind == KR_TOK_WORD && (tk->flags & KR_TOKF_ALLCAPS || is_roman(form, tk->len))) {
    int n0 = n, roman = is_roman(form, tk->len);
    for (int i = 0; i < n0; i++) {
      uint8_t u = t->cls[cs[i].cls].upos;
      if (u == KR_UPOS_PROPN || u == KR_UPOS_NOUN || u == KR_UPOS_X || (roman && u == KR_UPOS_ADJ))
        n = add_cand(cs, n, cs[i].cls, cs[i].reading, CK_FORM, form);
    }
    if (roman)
      for (uint32_t i = 0; i < t->n_num; i++)
        if (t->cls[t->num[i]].upos == KR_UPOS_ADJ) n = add_cand(cs, n, t->num[i], -1, CK_FORM, form);
  }
  if (n == 0) {
    const uint32_t *list = t->unk;
    uint32_t nl = t->n_unk;
    if (tk->kind == KR_TOK_PUNCT && t->n_punct) list = t->punct_cls, nl = t->n_punct;
    else if (tk->kind == KR_TOK_NUMBER && t->n_dig) list = t->dig_cls, nl = t->n_dig;
    for (uint32_t i = 0; i < nl; i++) n = add_cand(cs, n, list[i], -1, CK_FORM, form);
  }
  if (tk->kind == KR_TOK_NUMBER)
    for (uint32_t i = 0; i < t->n_num; i++) n = add_cand(cs, n, t->num[i], -1, CK_FORM, form);
  for (int i = 0; i < n; i++) {
    cs[i].lemma_eq = (uint8_t)(form && !strcmp(cs[i].lemma, form) ? 2 : !strcmp(cs[i].lemma, lower) ? 1 : 0);
    cs[i].twin = 0;
  }
  /* "Pekinu": Pekin (a city) and pekin (a fabric) with one tag in the
  ** dictionary (lemmas whose first letter is ASCII) — whether the
  ** proper or the common lemma wins is learned apart from other choices */
  if ((tk->flags & KR_TOKF_CAP) && !(tk->flags & KR_TOKF_GUESSED))
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n && !cs[i].twin; j++)
        if (j != i && cs[j].lemma_cap != cs[i].lemma_cap && !strcmp(t->cls[cs[j].cls].xpos, t->cls[cs[i].cls].xpos) &&
            !strcmp(cs[j].lemma + 1, cs[i].lemma + 1) && cs[i].lemma[0] && (cs[i].lemma[0] ^ cs[j].lemma[0]) == 0x20)
          cs[i].twin = 1;
  return n;
}

static uint64_t amb_hash(const cand *cs, int n) {
  uint64_t h = 0;
  for (int i = 0; i < n; i++) {
    int dup = 0;
    for (int j = 0; j < i; j++) dup |= cs[j].cls == cs[i].cls;
    if (!dup) h += mix64(cs[i].cls + 1);
  }
  return mix64(h + (uint64_t)n);
}

/* Static context of token i (everything but the previous decisions). */
static void ctx_static(tokinfo *ti, int i, int n) {
  tokinfo *me = &ti[i];
  uint64_t wm1 = i > 0 ? ti[i - 1].h_form : 101, wm2 = i > 1 ? ti[i - 2].h_form : 102;
  uint64_t wp1 = i + 1 < n ? ti[i + 1].h_form : 103, wp2 = i + 2 < n ? ti[i + 2].h_form : 104;
  uint64_t am1 = i > 0 ? ti[i - 1].h_amb : 105, ap1 = i + 1 < n ? ti[i + 1].h_amb : 106;
  uint64_t ap2 = i + 2 < n ? ti[i + 2].h_amb : 107;
  uint32_t k = me->n_ctx; /* form-only features already there */
  me->ctx[k++] = hcomb(20, wm1);
  me->ctx[k++] = hcomb(21, wp1);
  me->ctx[k++] = hcomb(22, wm2);
  me->ctx[k++] = hcomb(23, wp2);
  me->ctx[k++] = hcomb(24, me->h_amb);
  me->ctx[k++] = hcomb(25, ap1);
  me->ctx[k++] = hcomb(26, am1);
  me->ctx[k++] = hcomb(hcomb(27, me->h_amb), ap1);
  me->ctx[k++] = hcomb(hcomb(28, me->h_form), wp1);
  me->ctx[k++] = hcomb(hcomb(29, me->h_form), wm1);
  me->ctx[k++] = hcomb(hcomb(30, ap1), ap2);
  me->ctx[k++] = hcomb(31, i + 1 < n ? ti[i + 1].h_suf2 : 108);
  me->n_ctx = k;
  static const int off[3] = {1, 2, -1};
  for (int j = 0; j < 3; j++) {
    int o = i + off[j];
    int in = o >= 0 && o < n;
    me->nb_case[j] = in ? ti[o].casem : 0;
    me->nb_cng[j][0] = in ? ti[o].cngm[0] : 0;
    me->nb_cng[j][1] = in ? ti[o].cngm[1] : 0;
  }
}

typedef struct hist {
  int32_t p1, p2;         /* previous classes, -1 none */
  int32_t prep;           /* class of the last preposition in the sentence, -1 */
  int32_t verb, nom;      /* last finite verb / nominative nominal of the clause, -1 */
  uint32_t prep_dist;     /* tokens since that preposition */
  uint64_t vlemma;        /* lemma hash of the last verb of the clause, 0 none */
  uint32_t neg;           /* "nie" seen in the clause */
} hist;

#define HIST_INIT {-1, -1, -1, -1, -1, 0, 0, 0}
#define MAXF 160

/* Feature indices of candidate c that depend on the previous decisions (h). */
static int cand_feats_hist(const kr_tagger *t, const tokinfo *ti, const hist *h, const cand *c,
                           uint64_t *f) {
  const tclass *k = &t->cls[c->cls];
  int n = 0;
  const tclass *p1 = h->p1 >= 0 ? &t->cls[h->p1] : NULL, *p2 = h->p2 >= 0 ? &t->cls[h->p2] : NULL;
  uint64_t hp1 = p1 ? p1->h_full : 201, hp2 = p2 ? p2->h_full : 202;
  f[n++] = hcomb(hcomb(40, hp1), k->h_full);
  f[n++] = hcomb(hcomb(hcomb(41, hp1), hp2), k->h_full);
  f[n++] = hcomb(hcomb(42, p1 ? p1->h_pos : 203), k->h_pos);
  f[n++] = hcomb(hcomb(hcomb(43, p1 ? p1->h_case : 204), p1 ? p1->h_pos : 205), k->h_case ^ k->h_pos);
  f[n++] = hcomb(hcomb(hcomb(44, p1 ? p1->h_ng : 206), p1 ? p1->h_pos : 207), k->h_ng ^ k->h_pos);
  f[n++] = hcomb(hcomb(45, p1 ? p1->h_case : 208), k->h_case);
  f[n++] = hcomb(hcomb(46, p1 ? p1->h_ng : 209), k->h_ng);
  f[n++] = hcomb(hcomb(47, h->prep >= 0 ? t->cls[h->prep].h_case : 210), k->h_case);
  f[n++] = hcomb(hcomb(48, hp1), hcomb(ti->h_form, k->h_full));
  f[n++] = hcomb(hcomb(49, p1 ? p1->h_upos : 211), k->h_upos);
  f[n++] = hcomb(hcomb(hcomb(64, c->kind), p1 ? p1->h_upos : 212), k->h_upos);
  /* clause state: subject / verb already chosen, agreement with them */
  uint64_t kcp = k->h_case ^ k->h_pos;
  f[n++] = hcomb(hcomb(80, (h->nom >= 0) + 2u * (h->verb >= 0)), kcp);
  if (k->cs && h->verb >= 0) f[n++] = hcomb(hcomb(81, ng_match(t->cls[h->verb].ngm, k)), kcp);
  if (k->role == ROLE_VERB && h->nom >= 0)
    f[n++] = hcomb(hcomb(82, ng_match(t->cls[h->nom].ngm, k)), k->h_full);
  if (h->prep >= 0)
    f[n++] = hcomb(hcomb(hcomb(83, t->cls[h->prep].h_case), h->prep_dist < 4 ? h->prep_dist : 4), kcp);
  f[n++] = hcomb(hcomb(hcomb(85, ti->h_amb), hp1), k->h_full);
  if (k->cs) {
    f[n++] = hcomb(hcomb(86, h->vlemma), kcp);
    f[n++] = hcomb(hcomb(hcomb(87, h->neg), h->vlemma != 0), kcp);
  }
  return n;
}

/* Feature indices of candidate c independent of the previous decisions. */
static int cand_feats_static(const kr_tagger *t, const tokinfo *ti, const cand *c, uint64_t *f) {
  const tclass *k = &t->cls[c->cls];
  int n = 0;
  for (uint32_t i = 0; i < ti->n_ctx; i++) f[n++] = hcomb(ti->ctx[i], k->h_full);
  /* attribute-level generalisation from the nearest context */
  f[n++] = hcomb(ti->ctx[0], k->h_pos);           /* form */
  f[n++] = hcomb(ti->ctx[3], k->h_case);          /* suffix 3 */
  f[n++] = hcomb(ti->ctx[2], k->h_ng);            /* suffix 2 */
  f[n++] = hcomb(ti->ctx[4], k->h_ng);            /* suffix 3.. */
  /* reading: lemma */
  f[n++] = hcomb(hcomb(60, c->h_lemma), k->h_upos);
  f[n++] = hcomb(hcomb(61, c->h_lemma), k->h_pos);
  f[n++] = hcomb(hcomb(hcomb(62, c->lemma_cap), ti->cap + 2u * ti->first), k->h_upos);
  if (c->twin) f[n++] = hcomb(hcomb(hcomb(127, c->lemma_cap), ti->cap + 2u * ti->first), k->h_upos ^ c->kind);
  f[n++] = hcomb(hcomb(63, c->kind), k->h_pos);
  f[n++] = hcomb(hcomb(65, ti->guessed), k->h_full);
  f[n++] = hcomb(hcomb(hcomb(66, c->h_lemma), c->lemma_cap), ti->h_form);
  f[n++] = hcomb(hcomb(67, c->rank), k->h_pos);
  f[n++] = hcomb(hcomb(hcomb(68, c->lemma_eq), ti->cap + 2u * ti->first + 4u * ti->guessed), k->h_full);
  f[n++] = hcomb(hcomb(hcomb(69, c->h_lsuf), ti->guessed), k->h_pos);
  /* agreement: can the neighbours' candidates share this case / case+number+gender? */
  if (k->cs) {
    unsigned b = k->nm && k->gn ? cng_bit(k) : 200u;
    uint64_t a3 = 0;
    for (int j = 0; j < 3; j++) {
      unsigned a = ((ti->nb_case[j] >> k->cs) & 1u) |
                   (b < 128 && ((ti->nb_cng[j][b >> 6] >> (b & 63)) & 1u) ? 2u : 0u) |
                   (ti->nb_case[j] ? 4u : 0u);
      a3 = a3 * 8 + a;
      f[n++] = hcomb(hcomb(70 + (uint64_t)j, a), k->h_pos);
      f[n++] = hcomb(hcomb(73 + (uint64_t)j, a), k->h_full);
    }
    f[n++] = hcomb(hcomb(76, a3), k->h_pos);
    f[n++] = hcomb(hcomb(90, ng_match(ti->rv, k)), k->h_case ^ k->h_pos);
    if (k->role != ROLE_NOMINAL) {
      unsigned a = ti->rn_dist ? 1u + (b < 128 && ((ti->rn_cng[b >> 6] >> (b & 63)) & 1u)) : 0u;
      f[n++] = hcomb(hcomb(hcomb(92, a), ti->rn_dist), k->h_pos);
      f[n++] = hcomb(hcomb(93, a), k->h_full);
    }
  }
  if (k->role == ROLE_VERB) f[n++] = hcomb(hcomb(91, ng_match(ti->rnom, k)), k->h_full);
  f[n++] = hcomb(hcomb(84, c->h_lemma), k->h_ng);
  f[n++] = hcomb(hcomb(88, c->h_lemma), k->h_full);  /* "więcej" num without collectivity */
  if (ti->guessed == 1) /* the guesser's order: name rules first, then the best-supported rules */
    f[n++] = hcomb(hcomb(hcomb(89, c->reading < 0 ? 7 : c->reading < 6 ? c->reading : 6), c->kind), k->h_pos);
  return n;
}

static float score_feats(const kr_tagger *t, const uint64_t *f, int n) {
  float s = 0;
  unsigned sh = (unsigned)(64 - t->bits);
  for (int i = 0; i < n; i++) s += t->w[f[i] >> sh];
  return s;
}

/* Feature indices of candidate c that depend on the look-ahead (the
** classes the static features prefer for the next two tokens). */
static int cand_feats_la(const kr_tagger *t, const tokinfo *ti, const cand *c, uint64_t *f) {
  const tclass *k = &t->cls[c->cls];
  const tclass *n1 = ti->la1 >= 0 ? &t->cls[ti->la1] : NULL, *n2 = ti->la2 >= 0 ? &t->cls[ti->la2] : NULL;
  int n = 0;
  f[n++] = hcomb(hcomb(95, n1 ? n1->h_full : 301), k->h_full);
  f[n++] = hcomb(hcomb(hcomb(96, n1 ? n1->h_pos : 302), n2 ? n2->h_pos : 303), k->h_pos);
  if (k->cs && n1) {
    unsigned a = (n1->cs ? 1u + (n1->cs == k->cs) : 0u) + 4u * ((k->ngm & n1->ngm) != 0);
    f[n++] = hcomb(hcomb(hcomb(97, a), n1->h_pos), k->h_pos);
    f[n++] = hcomb(hcomb(98, n1->h_case ^ n1->h_ng ^ n1->h_pos), k->h_case ^ k->h_ng ^ k->h_pos);
  }
  return n;
}

/* ---- second pass ---------------------------------------------------------
** With TG_F_TWOPASS the sentence is decoded twice: the second pass sees the
** first pass's decisions on both sides, which gives the right context that
** greedy left-to-right decoding lacks: the subject after its verb, the noun
** an adjective or "który" agrees with, the case a later verb asks for. */
typedef struct p2ctx {
  int32_t nn_l, nn_r;     /* nearest nominal (any case) left within 3 / right within 4 */
  int32_t verb_l, verb_r; /* nearest finite verb left / right */
  uint64_t vh_l, vh_r;    /* their lemma hashes (0 none) */
  uint8_t n_nom;          /* nominative nominals in the sentence (capped at 3) */
  int16_t nom_l[10], nom_r[10]; /* per number+gender bit: nearest nominative nominal left / right */
  int16_t any_l[10];      /* per number+gender bit: nearest nominal (any case) to the left */
} p2ctx;

static unsigned dist_bucket(int32_t d) { return d <= 1 ? 1u : d == 2 ? 2u : d <= 5 ? 3u : 4u; }

/* p2 context of every token from the first pass's classes p1[0..nt). */
static void p2_prepare(const kr_tagger *t, const int32_t *p1, const uint64_t *p1h, uint32_t nt,
                       p2ctx *px) {
  int32_t nn = -1, verb = -1;
  int16_t nom[10], any[10];
  unsigned n_nom = 0;
  for (int b = 0; b < 10; b++) nom[b] = any[b] = -1;
  for (uint32_t i = 0; i < nt; i++) {
    px[i].nn_l = nn >= 0 && i - (uint32_t)nn <= 3 ? nn : -1, px[i].verb_l = verb;
    px[i].vh_l = verb >= 0 ? p1h[verb] : 0;
    memcpy(px[i].nom_l, nom, sizeof nom);
    memcpy(px[i].any_l, any, sizeof any);
    const tclass *k = p1[i] >= 0 ? &t->cls[p1[i]] : NULL;
    if (k && k->role == ROLE_NOMINAL) {
      nn = (int32_t)i;
      for (int b = 0; b < 10; b++)
        if (k->ngm >> b & 1u) {
          any[b] = (int16_t)i;
          if (k->cs == 1) nom[b] = (int16_t)i;
        }
      n_nom += k->cs == 1;
    }
    if (k && k->role == ROLE_VERB) verb = (int32_t)i;
  }
  nn = verb = -1;
  for (int b = 0; b < 10; b++) nom[b] = -1;
  for (uint32_t i = nt; i-- > 0;) {
    px[i].nn_r = nn >= 0 && (uint32_t)nn - i <= 4 ? nn : -1, px[i].verb_r = verb;
    px[i].vh_r = verb >= 0 ? p1h[verb] : 0;
    memcpy(px[i].nom_r, nom, sizeof nom);
    px[i].n_nom = (uint8_t)(n_nom < 3 ? n_nom : 3);
    const tclass *k = p1[i] >= 0 ? &t->cls[p1[i]] : NULL;
    if (k && k->role == ROLE_NOMINAL) {
      nn = (int32_t)i;
      if (k->cs == 1)
        for (int b = 0; b < 10; b++)
          if (k->ngm >> b & 1u) nom[b] = (int16_t)i;
    }
    if (k && k->role == ROLE_VERB) verb = (int32_t)i;
  }
}

/* Distance bucket (0 none) of the nearest index in near[bit] over the bits of ngm. */
static unsigned near_ng(const int16_t *near, uint16_t ngm, uint32_t i, int right) {
  int32_t best = -1;
  for (int b = 0; b < 10; b++) {
    if (!(ngm >> b & 1u) || near[b] < 0) continue;
    int32_t d = right ? near[b] - (int32_t)i : (int32_t)i - near[b];
    if (best < 0 || d < best) best = d;
  }
  return best < 0 ? 0u : dist_bucket(best);
}

/* case, number, gender agreement of classes a and b: bit 0 case, 1 number+gender */
static unsigned cng_agree(const tclass *a, const tclass *b) {
  return (a->cs && a->cs == b->cs ? 1u : 0u) | ((a->ngm & b->ngm) ? 2u : 0u);
}

/* Feature indices of candidate c of token i from the first pass. */
static int cand_feats_p2(const kr_tagger *t, const int32_t *p1, uint32_t i, uint32_t nt,
                         const p2ctx *px, const cand *c, uint64_t *f) {
  const tclass *k = &t->cls[c->cls];
  int n = 0;
  const tclass *r1 = i + 1 < nt && p1[i + 1] >= 0 ? &t->cls[p1[i + 1]] : NULL;
  const tclass *r2 = i + 2 < nt && p1[i + 2] >= 0 ? &t->cls[p1[i + 2]] : NULL;
  const tclass *l1 = i > 0 && p1[i - 1] >= 0 ? &t->cls[p1[i - 1]] : NULL;
  uint64_t kcp = k->h_case ^ k->h_pos;
  f[n++] = hcomb(hcomb(110, r1 ? r1->h_full : 401), k->h_full);
  f[n++] = hcomb(hcomb(hcomb(111, r1 ? r1->h_full : 402), r2 ? r2->h_pos : 403), k->h_pos);
  f[n++] = hcomb(hcomb(hcomb(112, l1 ? l1->h_pos : 404), r1 ? r1->h_pos : 405), k->h_full);
  f[n++] = hcomb(hcomb(hcomb(113, r1 ? r1->h_case ^ r1->h_ng : 406), r1 ? r1->h_pos : 407), kcp ^ k->h_ng);
  const p2ctx *x = &px[i];
  /* subject agreement: verbs, predicative adjectives and participles,
  ** nominatives: the nearest nominative nominal that agrees in number and
  ** gender, on each side */
  if (k->ngm && (k->role != ROLE_NOMINAL || k->cs == 1)) {
    unsigned dl = near_ng(x->nom_l, k->ngm, i, 0), dr = near_ng(x->nom_r, k->ngm, i, 1);
    f[n++] = hcomb(hcomb(hcomb(115, dl), dr), k->h_pos ^ k->h_case);
    f[n++] = hcomb(hcomb(hcomb(116, dl), dr), k->h_full);
    f[n++] = hcomb(hcomb(hcomb(117, dl != 0), dr != 0), k->h_ng ^ k->h_pos);
  }
  /* an adjective-like word and the nearest nominal to its left that agrees
  ** in number and gender ("który", "które" and their antecedents) */
  if (k->ngm && k->role != ROLE_NOMINAL) {
    unsigned da = near_ng(x->any_l, k->ngm, i, 0);
    f[n++] = hcomb(hcomb(hcomb(114, da), c->h_lemma), k->h_pos);
    f[n++] = hcomb(hcomb(123, da), k->h_full);
  }
  /* modifier agreement with the nearest noun on each side */
  if (k->cs && k->role != ROLE_NOMINAL) {
    for (int side = 0; side < 2; side++) {
      int32_t j = side ? x->nn_r : x->nn_l;
      unsigned a = j < 0 ? 4u : cng_agree(k, &t->cls[p1[j]]);
      f[n++] = hcomb(hcomb(hcomb(118, (uint64_t)side), a), k->h_pos);
      f[n++] = hcomb(hcomb(hcomb(119, (uint64_t)side), a), kcp ^ k->h_ng);
      if (j >= 0) f[n++] = hcomb(hcomb(hcomb(120, (uint64_t)side), t->cls[p1[j]].h_ng), c->h_lemma ^ k->h_ng);
    }
  }
  /* nominals: the verbs around, the other nominatives */
  if (k->role == ROLE_NOMINAL && k->cs) {
    unsigned self = p1[i] >= 0 && t->cls[p1[i]].cs == 1 && t->cls[p1[i]].role == ROLE_NOMINAL;
    f[n++] = hcomb(hcomb(121, x->n_nom - (x->n_nom > 0 ? self : 0)), kcp);
    for (int side = 0; side < 2; side++) {
      int32_t j = side ? x->verb_r : x->verb_l;
      unsigned m = j < 0 ? 3u : ng_match(t->cls[p1[j]].ngm, k);
      f[n++] = hcomb(hcomb(hcomb(122, (uint64_t)side), m), kcp);
      /* the verb's lemma × case, on both sides (valency) */
      f[n++] = hcomb(hcomb(hcomb(124, (uint64_t)side), side ? x->vh_r : x->vh_l), kcp);
    }
  }
  return n;
}

/* All feature indices of candidate c in context (ti, h). */
static int cand_feats(const kr_tagger *t, const tokinfo *ti, const hist *h, const cand *c,
                      uint64_t *f) {
  int n = cand_feats_static(t, ti, c, f);
  n += cand_feats_la(t, ti, c, f + n);
  return n + cand_feats_hist(t, ti, h, c, f + n);
}

/* Static scores of every candidate of tokens [0, nt) into stat[c0 + j]
** (stat may be NULL), and each token's look-ahead classes. `ti` and its
** candidates are reached through `stride` bytes between tokinfos. */
static void lookahead(const kr_tagger *t, tokinfo *ti0, size_t stride, const cand *cs, uint32_t nt,
                      float *stat, int32_t *best) {
  uint64_t f[MAXF];
  for (uint32_t i = 0; i < nt; i++) {
    tokinfo *ti = (tokinfo *)((char *)ti0 + stride * i);
    best[i] = ti->nc ? (int32_t)cs[ti->c0].cls : -1;
    float bs = 0;
    for (uint32_t j = 0; ti->nc > 1 && j < ti->nc; j++) {
      int nf = cand_feats_static(t, ti, &cs[ti->c0 + j], f);
      float s = score_feats(t, f, nf);
      if (stat) stat[ti->c0 + j] = s;
      if (!j || s > bs) bs = s, best[i] = (int32_t)cs[ti->c0 + j].cls;
    }
  }
  for (uint32_t i = 0; i < nt; i++) {
    tokinfo *ti = (tokinfo *)((char *)ti0 + stride * i);
    ti->la1 = i + 1 < nt ? best[i + 1] : -1;
    ti->la2 = i + 2 < nt ? best[i + 2] : -1;
  }
}

/* Form features (own form only): fills ctx[0..] and h_form, h_suf2. */
static void ctx_form(tokinfo *ti, const char *lower, size_t ll, const kr_token *tk, int first) {
  uint32_t k = 0;
  ti->h_form = kr__hash_bytes(lower, ll, 1);
  ti->h_suf2 = suffix_hash(lower, ll, 2, 52);
  ti->ctx[k++] = hcomb(1, ti->h_form);                   /* 0 form */
  ti->ctx[k++] = suffix_hash(lower, ll, 1, 51);          /* 1 */
  ti->ctx[k++] = ti->h_suf2;                             /* 2 */
  ti->ctx[k++] = suffix_hash(lower, ll, 3, 53);          /* 3 */
  ti->ctx[k++] = suffix_hash(lower, ll, 4, 54);          /* 4 */
  ti->ctx[k++] = suffix_hash(lower, ll, 5, 55);
  ti->ctx[k++] = prefix_hash(lower, ll, 3, 56);
  unsigned shape = (tk->flags & (KR_TOKF_CAP | KR_TOKF_ALLCAPS | KR_TOKF_DIGIT)) | (first ? 64u : 0u) |
                   (tk->kind << 8) | (memchr(lower, '-', ll) ? 4096u : 0u);
  ti->ctx[k++] = hcomb(57, shape);
  ti->ctx[k++] = 58; /* bias */
  ti->n_ctx = k;
  ti->cap = (tk->flags & KR_TOKF_CAP) != 0;
  ti->first = (uint8_t)first;
  ti->guessed = (tk->flags & KR_TOKF_GUESSED) ? 1 : (tk->n_readings == 0 ? 2 : 0);
}

/* Prepares a sentence: token infos and candidates (arena). */
static int prep_sentence(const kr_tagger *t, const kr_abbrev *ab, kr_doc *doc, uint32_t t0, uint32_t nt, tokinfo **out_ti,
                         cand **out_c) {
  tokinfo *ti = kr__arena_alloc(doc->arena, (size_t)nt * sizeof *ti);
  uint32_t cap = nt * 8 + 16, nc = 0;
  cand *cs = kr__arena_alloc(doc->arena, (size_t)cap * sizeof *cs);
  if (!ti || !cs) return KR_ENOMEM;
  cand buf[MAX_CANDS];
  for (uint32_t i = 0; i < nt; i++) {
    kr_token *tk = &doc->toks[t0 + i];
    const char *form = doc->text + tk->off;
    size_t ll;
    char *lower = kr__utf8_lower(doc->arena, form, tk->len, &ll);
    char *fz = kr__arena_strndup(doc->arena, form, tk->len);
    if (!lower || !fz) return KR_ENOMEM;
    ctx_form(&ti[i], lower, ll, tk, i == 0);
    int n = gen_cands(t, ab, doc->arena, tk, fz, lower, ll, i == 0, buf);
    if (nc + (uint32_t)n > cap) {
      cs = kr__arena_grow(doc->arena, cs, &cap, nc + (uint32_t)n, sizeof *cs);
      if (!cs) return KR_ENOMEM;
    }
    memcpy(cs + nc, buf, (size_t)n * sizeof *cs);
    ti[i].c0 = nc;
    ti[i].nc = (uint32_t)n;
    ti[i].h_amb = amb_hash(buf, n);
    ti[i].casem = 0;
    ti[i].cngm[0] = ti[i].cngm[1] = 0;
    ti[i].vngm = ti[i].nomngm = 0;
    ti[i].nomin = 0;
    for (int j = 0; j < n; j++) {
      const tclass *k = &t->cls[buf[j].cls];
      if (k->role == ROLE_VERB) ti[i].vngm |= k->ngm;
      if (k->role == ROLE_NOMINAL) ti[i].nomin = 1;
      if (!k->cs) continue;
      ti[i].casem |= (uint8_t)(1u << k->cs);
      if (k->cs == 1 && k->role == ROLE_NOMINAL) ti[i].nomngm |= k->ngm;
      if (k->nm && k->gn) ti[i].cngm[cng_bit(k) >> 6] |= 1ULL << (cng_bit(k) & 63);
    }
    nc += (uint32_t)n;
  }
  for (uint32_t i = 0; i < nt; i++) ctx_static(ti, (int)i, (int)nt);
  /* nearest verb / nominative nominal to the right (within 8 tokens) */
  for (uint32_t i = 0; i < nt; i++) {
    ti[i].rv = ti[i].rnom = 0;
    ti[i].rn_dist = 0;
    ti[i].rn_cng[0] = ti[i].rn_cng[1] = 0;
    for (uint32_t j = i + 1; j < nt && j <= i + 4; j++)
      if (ti[j].nomin) {
        ti[i].rn_dist = (uint8_t)(j - i);
        ti[i].rn_cng[0] = ti[j].cngm[0];
        ti[i].rn_cng[1] = ti[j].cngm[1];
        break;
      }
    for (uint32_t j = i + 1; j < nt && j <= i + 8 && !(ti[i].rv && ti[i].rnom); j++) {
      if (!ti[i].rv) ti[i].rv = ti[j].vngm;
      if (!ti[i].rnom) ti[i].rnom = ti[j].nomngm;
    }
  }
  *out_ti = ti;
  *out_c = cs;
  return 0;
}

static void hist_push(const kr_tagger *t, hist *h, int32_t cls, uint64_t h_lemma) {
  h->p2 = h->p1;
  h->p1 = cls;
  h->prep_dist++;
  if (cls < 0) return;
  const tclass *k = &t->cls[cls];
  if (k->is_prep) h->prep = cls, h->prep_dist = 0;
  if (k->upos == KR_UPOS_VERB) h->vlemma = h_lemma | 1;
  if (k->upos == KR_UPOS_PART && h_lemma == t->h_nie) h->neg = 1;
  if (k->role == ROLE_BOUND) h->verb = h->nom = -1, h->vlemma = 0, h->neg = 0;
  else if (k->role == ROLE_VERB) h->verb = cls;
  else if (k->role == ROLE_NOMINAL && k->cs == 1) h->nom = cls;
}

static int hist_eq(const hist *a, const hist *b) {
  return a->p1 == b->p1 && a->p2 == b->p2 && a->prep == b->prep && a->verb == b->verb &&
         a->nom == b->nom && a->prep_dist == b->prep_dist && a->vlemma == b->vlemma && a->neg == b->neg;
}

/* Applies candidate c to token tk. */
static int apply_cand(const kr_resources *res, const kr_tagger *t, kr_doc *doc, kr_token *tk,
                      const cand *c) {
  const tclass *k = &t->cls[c->cls];
  if (c->kind == CK_READ) {
    kr__morph_choose(res, tk, c->reading);
  } else {
    uint32_t n = tk->n_readings;
    if (n >= 255) n = 254;
    kr_reading *r = kr__arena_alloc(doc->arena, (size_t)(n + 1) * sizeof *r);
    if (!r) return KR_ENOMEM;
    if (n) memcpy(r + 1, tk->readings, (size_t)n * sizeof *r);
    int id = kr__dict_tag_id(t->dict, k->xpos, strlen(k->xpos));
    if (id < 0 && c->reading >= 0) id = tk->readings[c->reading].tag;
    r[0].lemma = c->lemma;
    r[0].tag = (uint16_t)(id < 0 ? 0 : id);
    r[0].source = c->kind == CK_CAPV && c->reading >= 0 ? tk->readings[c->reading].source : KR_SRC_RULE;
    r[0].pad_ = 0;
    r[0].score = 0;
    tk->readings = r;
    tk->n_readings = (uint8_t)(n + 1);
    kr__morph_choose(res, tk, 0);
    tk->lemma = c->lemma;
  }
  tk->tag = k->xpos;
  tk->upos = k->upos;
  const char *lem = tk->lemma;
  uint64_t hl = lem == c->lemma ? c->h_lemma : lem ? hstr(lem, 5) : 0;
  if (t->cfeats && !t->cfeats_lex[c->cls] && !(lem && lexl_has(t, hl))) {
    tk->feats = t->cfeats[c->cls];
    return 0;
  }
  char fb[256];
  int fr = kr__tag_feats(k->xpos, tk->lemma, fb, sizeof fb);
  if (fr >= 0 && fb[0]) {
    char *s = kr__arena_strndup(doc->arena, fb, strlen(fb));
    if (!s) return KR_ENOMEM;
    tk->feats = s;
  } else {
    tk->feats = "_";
  }
  return 0;
}

/* Beam search over the sentence: `beam` states per position (each with its
** own history); the static part of a candidate's score is computed once. */
typedef struct bstate {
  float score;
  int16_t parent;         /* state index at the previous position, -1 at start */
  int16_t cand;           /* candidate index within the token, -1 none */
  hist h;
} bstate;

#define MAX_BEAM 16

static int decode_sentence(const kr_tagger *t, kr_arena *a, tokinfo *ti, const cand *cs,
                           uint32_t nt, int beam, int32_t *choice) {
  if (beam < 1) beam = 1;
  if (beam > MAX_BEAM) beam = MAX_BEAM;
  bstate *st = kr__arena_alloc(a, (size_t)nt * (size_t)beam * sizeof *st);
  int *nst = kr__arena_alloc(a, (size_t)nt * sizeof *nst);
  float *sc = kr__arena_alloc(a, MAX_CANDS * sizeof *sc);
  uint32_t n_all = nt ? ti[nt - 1].c0 + ti[nt - 1].nc : 0;
  float *stat = kr__arena_alloc(a, (size_t)(n_all + 1) * sizeof *stat);
  int32_t *best = kr__arena_alloc(a, (size_t)nt * sizeof *best);
  if (!st || !nst || !sc || !stat || !best) return KR_ENOMEM;
  lookahead(t, ti, sizeof *ti, cs, nt, stat, best);
  /* for the second pass: each candidate's first-pass score and the history
  ** it was scored with (greedy first pass only) */
  int keep1 = (t->flags & TG_F_TWOPASS) && beam == 1;
  float *tot1 = keep1 ? kr__arena_alloc(a, (size_t)(n_all + 1) * sizeof *tot1) : NULL;
  hist *h1 = keep1 ? kr__arena_alloc(a, (size_t)nt * sizeof *h1) : NULL;
  if (keep1 && (!tot1 || !h1)) return KR_ENOMEM;
  uint64_t f[MAXF];
  bstate start = {0, -1, -1, HIST_INIT};
  for (uint32_t i = 0; i < nt; i++) {
    const bstate *prev = i ? st + (size_t)(i - 1) * (size_t)beam : &start;
    int np = i ? nst[i - 1] : 1;
    bstate *cur = st + (size_t)i * (size_t)beam;
    int nc = 0;
    uint32_t ncand = ti[i].nc;
    if (ncand <= 1) {  /* one (or no) candidate: the states carry over */
      for (int p = 0; p < np; p++) {
        cur[nc] = prev[p];
        cur[nc].parent = (int16_t)p;
        cur[nc].cand = ncand ? 0 : -1;
        hist_push(t, &cur[nc].h, ncand ? (int32_t)cs[ti[i].c0].cls : -1, ncand ? cs[ti[i].c0].h_lemma : 0);
        nc++;
      }
      nst[i] = nc;
      continue;
    }
    for (uint32_t j = 0; j < ncand; j++) {
      int nf = cand_feats_la(t, &ti[i], &cs[ti[i].c0 + j], f);
      sc[j] = stat[ti[i].c0 + j] + score_feats(t, f, nf);
    }
    if (keep1) h1[i] = prev[0].h;
    for (int p = 0; p < np; p++)
      for (uint32_t j = 0; j < ncand; j++) {
        const cand *c = &cs[ti[i].c0 + j];
        int nf = cand_feats_hist(t, &ti[i], &prev[p].h, c, f);
        float own = sc[j] + score_feats(t, f, nf);
        if (keep1) tot1[ti[i].c0 + j] = own;
        float s = prev[p].score + own;
        if (nc == beam && s <= cur[nc - 1].score) continue;
        int q = nc < beam ? nc++ : nc - 1;
        while (q > 0 && cur[q - 1].score < s) { cur[q] = cur[q - 1]; q--; }
        cur[q].score = s;
        cur[q].parent = (int16_t)p;
        cur[q].cand = (int16_t)j;
        cur[q].h = prev[p].h;
        hist_push(t, &cur[q].h, (int32_t)c->cls, c->h_lemma);
      }
    nst[i] = nc;
  }
  int b = 0;
  for (uint32_t i = nt; i-- > 0;) {
    const bstate *x = st + (size_t)i * (size_t)beam + b;
    choice[i] = x->cand;
    b = x->parent < 0 ? 0 : x->parent;
  }
  if (!(t->flags & TG_F_TWOPASS)) return 0;
  /* second pass, greedy, with the first pass's decisions as context */
  int32_t *p1 = kr__arena_alloc(a, (size_t)nt * sizeof *p1);
  p2ctx *px = kr__arena_alloc(a, (size_t)nt * sizeof *px);
  if (!p1 || !px) return KR_ENOMEM;
  uint64_t *p1h = kr__arena_alloc(a, (size_t)nt * sizeof *p1h);
  if (!p1h) return KR_ENOMEM;
  for (uint32_t i = 0; i < nt; i++) {
    const cand *c = choice[i] >= 0 ? &cs[ti[i].c0 + (uint32_t)choice[i]] : NULL;
    p1[i] = c ? (int32_t)c->cls : -1;
    p1h[i] = c ? c->h_lemma : 0;
  }
  p2_prepare(t, p1, p1h, nt, px);
  hist h = HIST_INIT;
  for (uint32_t i = 0; i < nt; i++) {
    uint32_t ncand = ti[i].nc;
    int bj = ncand ? 0 : -1;
    if (ncand > 1) {
      float bs = 0;
      int same = keep1 && hist_eq(&h, &h1[i]);  /* same history: reuse the first pass's score */
      for (uint32_t j = 0; j < ncand; j++) {
        const cand *c = &cs[ti[i].c0 + j];
        float s;
        if (same) {
          s = tot1[ti[i].c0 + j] + score_feats(t, f, cand_feats_p2(t, p1, i, nt, px, c, f));
        } else {
          int nf = cand_feats_la(t, &ti[i], c, f);
          nf += cand_feats_hist(t, &ti[i], &h, c, f + nf);
          nf += cand_feats_p2(t, p1, i, nt, px, c, f + nf);
          s = stat[ti[i].c0 + j] + score_feats(t, f, nf);
        }
        if (!j || s > bs) bs = s, bj = (int)j;
      }
    }
    choice[i] = bj;
    hist_push(t, &h, bj >= 0 ? (int32_t)cs[ti[i].c0 + (uint32_t)bj].cls : -1,
              bj >= 0 ? cs[ti[i].c0 + (uint32_t)bj].h_lemma : 0);
  }
  return 0;
}

int kr__tagger_run(const kr_resources *res, kr_doc *doc, kr_error *err) {
  const kr_tagger *t = res->tagger;
  if (!t) return 0;
  for (uint32_t s = 0; s < doc->n_sents; s++) {
    uint32_t t0 = doc->sents[s].tok, nt = doc->sents[s].n_toks;
    if (!nt) continue;
    tokinfo *ti;
    cand *cs;
    int32_t *choice = kr__arena_alloc(doc->arena, nt * sizeof *choice);
    if (!choice || prep_sentence(t, res->abbrev, doc, t0, nt, &ti, &cs))
      return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    if (decode_sentence(t, doc->arena, ti, cs, nt, t->beam, choice))
      return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    for (uint32_t i = 0; i < nt; i++) {
      if (choice[i] < 0) continue;
      if (apply_cand(res, t, doc, &doc->toks[t0 + i], &cs[ti[i].c0 + (uint32_t)choice[i]]))
        return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    }
  }
  doc->layers |= KR_LAYER_TAGGER;
  return 0;
}

/* ======================================================================= */
/* training                                                                 */

typedef struct strtab {      /* string → id (open addressing) */
  char **s; uint32_t n, cap_s;
  uint32_t *slot; uint32_t cap;
} strtab;

static int strtab_id(strtab *st, const char *s, size_t len, int add) {
  if (st->cap == 0 || st->n * 2 >= st->cap) {
    uint32_t nc = st->cap ? st->cap * 2 : 1024;
    uint32_t *ns = malloc(nc * sizeof *ns);
    if (!ns) return -2;
    for (uint32_t i = 0; i < nc; i++) ns[i] = UINT32_MAX;
    for (uint32_t i = 0; i < st->n; i++) {
      uint32_t h = (uint32_t)kr__hash_bytes(st->s[i], strlen(st->s[i]), 0) & (nc - 1);
      while (ns[h] != UINT32_MAX) h = (h + 1) & (nc - 1);
      ns[h] = i;
    }
    free(st->slot);
    st->slot = ns;
    st->cap = nc;
  }
  uint32_t h = (uint32_t)kr__hash_bytes(s, len, 0) & (st->cap - 1);
  while (st->slot[h] != UINT32_MAX) {
    const char *x = st->s[st->slot[h]];
    if (strlen(x) == len && !memcmp(x, s, len)) return (int)st->slot[h];
    h = (h + 1) & (st->cap - 1);
  }
  if (!add) return -1;
  if (st->n == st->cap_s) {
    st->cap_s = st->cap_s ? st->cap_s * 2 : 256;
    char **x = realloc(st->s, st->cap_s * sizeof *x);
    if (!x) return -2;
    st->s = x;
  }
  char *c = malloc(len + 1);
  if (!c) return -2;
  memcpy(c, s, len);
  c[len] = 0;
  st->s[st->n] = c;
  st->slot[h] = st->n;
  return (int)st->n++;
}

static void strtab_free(strtab *st) {
  for (uint32_t i = 0; i < st->n; i++) free(st->s[i]);
  free(st->s);
  free(st->slot);
  memset(st, 0, sizeof *st);
}

/* ---- LFG → PDB tag convention ------------------------------------------
** UD Polish LFG writes the NKJP tags without some fields PDB (Morfeusz 2)
** has: collectivity (subst "n" without col/ncol/pt, num without col/ncol),
** vocalicity of prepositions (wok/nwok), the degree of adverbs ("adv" for
** PDB's "adv:pos"). A file is in the LFG convention when it has "qub" or a
** four-field neuter subst. Its tags get the missing fields from the
** PDB-convention files of the same training run: the most frequent PDB tag
** of the same lemma whose fields, those fields removed, are the LFG tag;
** failing that, of any lemma (num, prep, adv only); failing that, a neuter
** subst takes the dictionary's collectivity for its lemma (kr__dict lookup
** in `conv_dict_extra`), else ":ncol". */
typedef struct convmap {
  strtab keys;                /* "lemma\tstripped" and "\tstripped" */
  strtab full;                /* "key\tfull" triples */
  uint32_t *tri_n; uint32_t cap_tri;  /* per triple: count */
  uint32_t *best; uint32_t *best_n; uint32_t cap_best;  /* per key: triple id, count */
} convmap;

static int conv_field_extra(const char *f, size_t l) {
  return fld(f, l, "col") || fld(f, l, "ncol") || fld(f, l, "pt") || fld(f, l, "wok") || fld(f, l, "nwok");
}

/* `x` without the fields PDB has and LFG lacks. */
static void conv_strip(const char *x, char *out, size_t cap) {
  size_t o = 0;
  int adv2 = !strncmp(x, "adv:", 4) && !strchr(x + 4, ':');
  for (const char *p = x;;) {
    const char *c = strchr(p, ':');
    size_t l = c ? (size_t)(c - p) : strlen(p);
    int drop = p != x && (conv_field_extra(p, l) || (adv2 && fld(p, l, "pos")));
    if (!drop && o + l + 2 < cap) {
      if (o) out[o++] = ':';
      memcpy(out + o, p, l);
      o += l;
    }
    if (!c) break;
    p = c + 1;
  }
  out[o] = 0;
}

/* A neuter noun's tag without the collectivity field ("subst:sg:nom:n"), as LFG writes it. */
static int neuter_without_coll(const char *x) {
  if (strncmp(x, "subst:", 6)) return 0;
  int nf = 1;
  for (const char *p = x; *p; p++) nf += *p == ':';
  size_t l = strlen(x);
  return nf == 4 && l >= 2 && !strcmp(x + l - 2, ":n");
}

static int file_is_lfg(const kr_cwords *c) {
  for (uint32_t i = 0; i < c->n; i++) {
    const char *x = c->w[i].xpos;
    if ((!strncmp(x, "qub", 3) && (!x[3] || x[3] == ':')) || neuter_without_coll(x)) return 1;
  }
  return 0;
}

static int conv_add(convmap *m, const char *key, const char *fullx) {
  char tri[600];
  int kl = (int)strlen(key);
  int tl = snprintf(tri, sizeof tri, "%s\t%s", key, fullx);
  if (tl < 0 || (size_t)tl >= sizeof tri) return 0;
  int k = strtab_id(&m->keys, key, (size_t)kl, 1), t = strtab_id(&m->full, tri, (size_t)tl, 1);
  if (k < 0 || t < 0) return KR_ENOMEM;
  if ((uint32_t)t >= m->cap_tri) {
    uint32_t nc = m->cap_tri ? m->cap_tri * 2 : 1024;
    uint32_t *x = realloc(m->tri_n, nc * sizeof *x);
    if (!x) return KR_ENOMEM;
    memset(x + m->cap_tri, 0, (nc - m->cap_tri) * sizeof *x);
    m->tri_n = x, m->cap_tri = nc;
  }
  if ((uint32_t)k >= m->cap_best) {
    uint32_t nc = m->cap_best ? m->cap_best * 2 : 1024;
    uint32_t *x = realloc(m->best, nc * sizeof *x), *y;
    if (!x) return KR_ENOMEM;
    m->best = x;
    y = realloc(m->best_n, nc * sizeof *y);
    if (!y) return KR_ENOMEM;
    m->best_n = y;
    memset(m->best_n + m->cap_best, 0, (nc - m->cap_best) * sizeof *y);
    m->cap_best = nc;
  }
  uint32_t c = ++m->tri_n[t];
  if (c > m->best_n[k]) m->best_n[k] = c, m->best[k] = (uint32_t)t;
  return 0;
}

/* Classes whose tag is (nearly) the whole analysis, where LFG and PDB
** differ by lemma ("gdy" adv in LFG, comp in PDB; "znowu" adv / part). */
static int conv_uninflected(const char *x) {
  size_t l = strcspn(x, ":");
  return fld(x, l, "adv") || fld(x, l, "part") || fld(x, l, "qub") || fld(x, l, "conj") ||
         fld(x, l, "comp") || fld(x, l, "prep") || fld(x, l, "interj") || fld(x, l, "pred");
}

/* The most frequent value stored under `key` (NULL when none), and its count. */
static const char *conv_best(const convmap *m, const char *key, uint32_t *count) {
  int k = strtab_id((strtab *)&m->keys, key, strlen(key), 0);
  if (k < 0 || (uint32_t)k >= m->cap_best || !m->best_n[k]) return NULL;
  if (count) *count = m->best_n[k];
  const char *v = strrchr(m->full.s[m->best[k]], '\t');  /* "key\tvalue" */
  return v ? v + 1 : "";
}

/* For an LFG word of an uninflected class its PDB files never give the
** lemma (seen there 3 times or more): the PDB class of the lemma, as
** "UPOS|XPOS" in out. 1 if found. */
static int conv_class(const convmap *m, const char *lemma, const char *x, char *out, size_t cap) {
  if (!conv_uninflected(x)) return 0;
  char key[600];
  size_t pl = strcspn(x, ":");
  snprintf(key, sizeof key, "\x02%s\t%.*s", lemma, (int)pl, x);
  if (conv_best(m, key, NULL)) return 0;  /* PDB has this class too */
  snprintf(key, sizeof key, "\x01%s", lemma);
  uint32_t n = 0;
  const char *v = conv_best(m, key, &n);
  if (!v || n < 3) return 0;
  snprintf(out, cap, "%s", v);
  return 1;
}

/* Learns the map from the PDB-convention files. */
static int conv_build(convmap *m, const kr_cwords *data, uint32_t n_data, const uint8_t *lfg) {
  for (uint32_t d = 0; d < n_data; d++) {
    if (lfg[d]) continue;
    for (uint32_t i = 0; i < data[d].n; i++) {
      const char *x = data[d].w[i].xpos;
      char st[256], key[600];
      conv_strip(x, st, sizeof st);   /* also when equal: "tam" is "adv" in PDB too */
      snprintf(key, sizeof key, "%s\t%s", data[d].w[i].lemma, st);
      int rc = conv_add(m, key, x);
      if (!rc && conv_uninflected(x)) {  /* whole-class conventions: "gdy" comp, "znowu" part */
        char ux[300];
        snprintf(key, sizeof key, "\x01%s", data[d].w[i].lemma);
        snprintf(ux, sizeof ux, "%s|%s", data[d].w[i].upos, x);
        rc = conv_add(m, key, ux);
        size_t pl = strcspn(x, ":");
        snprintf(key, sizeof key, "\x02%s\t%.*s", data[d].w[i].lemma, (int)pl, x);
        if (!rc) rc = conv_add(m, key, "");
      }
      if (!rc && !strncmp(x, "num:", 4)) {  /* a numeral's collectivity, whatever its case */
        const char *e = strrchr(x, ':');
        snprintf(key, sizeof key, "\x03%s", data[d].w[i].lemma);
        rc = conv_add(m, key, e && (!strcmp(e, ":ncol") || !strcmp(e, ":col")) ? e : "-");
      }
      if (!rc && (!strncmp(st, "num", 3) || !strncmp(st, "prep", 4) || !strncmp(st, "adv", 3))) {
        snprintf(key, sizeof key, "\t%s", st);
        rc = conv_add(m, key, x);
      }
      if (rc) return rc;
    }
  }
  return 0;
}

/* Marks the files in LFG's convention (*lfg, malloc) and learns the map
** from the others. KR_ENOMEM only. */
static int conv_prepare(convmap *m, const kr_cwords *data, uint32_t n_data, uint8_t **lfg) {
  *lfg = calloc(n_data ? n_data : 1, 1);
  if (!*lfg) return KR_ENOMEM;
  for (uint32_t d = 0; d < n_data; d++) (*lfg)[d] = (uint8_t)file_is_lfg(&data[d]);
  return conv_build(m, data, n_data, *lfg);
}

/* The PDB tag for LFG tag `x` (already "qub"→"part") of `lemma` into out;
** 1 if the map gave it. */
static int conv_lookup(const convmap *m, const char *lemma, const char *x, char *out, size_t cap) {
  char key[600];
  snprintf(key, sizeof key, "%s\t%s", lemma, x);
  const char *v = conv_best(m, key, NULL);
  if (!v && !strncmp(x, "num:", 4)) {
    /* a numeral PDB has in other forms: its usual collectivity */
    snprintf(key, sizeof key, "\x03%s", lemma);
    const char *e = conv_best(m, key, NULL);
    if (e) {
      snprintf(out, cap, "%s%s", x, strcmp(e, "-") ? e : "");
      return 1;
    }
  }
  if (!v) {
    snprintf(key, sizeof key, "\t%s", x);
    v = conv_best(m, key, NULL);
  }
  if (!v) return 0;
  snprintf(out, cap, "%s", v);
  return 1;
}

static void conv_free(convmap *m) {
  strtab_free(&m->keys);
  strtab_free(&m->full);
  free(m->tri_n);
  free(m->best);
  free(m->best_n);
}

typedef struct collcb {
  const kr_dict *dict;
  const char *lemma, *want;
  size_t wl;
  int found;
} collcb;

/* kr__dict_lookup_exact callback: a reading of the lemma whose tag is
** want + ":col|ncol|pt"; keeps that field. */
static int coll_cb(void *ctx, const char *lemma, size_t ll, unsigned tag) {
  collcb *c = ctx;
  const char *tg = kr__dict_tag(c->dict, tag);
  if (!tg || strlen(c->lemma) != ll || memcmp(c->lemma, lemma, ll)) return 0;
  if (strncmp(tg, c->want, c->wl) || tg[c->wl] != ':') return 0;
  const char *e = tg + c->wl + 1;
  if (!strcmp(e, "pt")) c->found = 3;
  else if (!strcmp(e, "col") && c->found < 2) c->found = 2;
  else if (!strcmp(e, "ncol") && !c->found) c->found = 1;
  return 0;
}

/* Training-time harmonisation of a gold XPOS to the PDB convention: "qub"
** becomes "part"; with `conv` (a file in the LFG convention) the fields LFG
** lacks come from conv_lookup, or for a neuter subst from the dictionary's
** reading of the form and lemma (":pt" for "wyborów" wybory), else ":ncol". */
static void harmonize_xpos(const kr_dict *dict, const convmap *conv, const kr_cword *w, char *out,
                           size_t cap) {
  const char *x = w->xpos;
  char y[256];
  if (!strncmp(x, "qub", 3) && (x[3] == 0 || x[3] == ':')) snprintf(y, sizeof y, "part%s", x + 3);
  else snprintf(y, sizeof y, "%s", x);
  if (!conv || conv_lookup(conv, w->lemma, y, out, cap)) {
    if (!conv) snprintf(out, cap, "%s", y);
    return;
  }
  snprintf(out, cap, "%s", y);
  size_t l = strlen(out);
  if (neuter_without_coll(out) && l + 6 < cap) {
    collcb c = {dict, w->lemma, out, l, 0};
    if (dict) kr__dict_lookup_exact(dict, w->form, strlen(w->form), coll_cb, &c);
    strcat(out, c.found == 3 ? ":pt" : c.found == 2 ? ":col" : ":ncol");
  }
}

/* The gold (UPOS, XPOS) of word w in the PDB convention: XPOS into x,
** the UPOS returned (w's, a constant, or ubuf). conv: the word's file is
** in the LFG convention. */
static const char *harmonize_word(const kr_dict *dict, const convmap *conv, const kr_cword *w,
                                  char *x, size_t xcap, char *ubuf, size_t ucap) {
  harmonize_xpos(dict, conv, w, x, xcap);
  const char *up = harmonize_upos(w->upos, x, w->lemma);
  if (conv && conv_class(conv, w->lemma, x, ubuf, ucap)) {
    char *bar = strchr(ubuf, '|');
    if (bar) *bar = 0, snprintf(x, xcap, "%s", bar + 1), up = ubuf;
  }
  return up;
}

int kr__cwords_harmonize(const kr_resources *res, kr_cwords *data, uint32_t n_data, kr_error *err) {
  convmap conv = {0};
  uint8_t *lfg = NULL;
  int rc = conv_prepare(&conv, data, n_data, &lfg);
  for (uint32_t d = 0; !rc && d < n_data; d++) {
    if (!lfg[d]) continue;
    /* pass 0 sizes the pool, pass 1 fills it and repoints the words */
    size_t need = 0, o = 0;
    char *pool = NULL;
    for (int pass = 0; pass < 2 && !rc; pass++) {
      if (pass) {
        pool = malloc(need ? need : 1);
        if (!pool) { rc = KR_ENOMEM; break; }
      }
      for (uint32_t i = 0; i < data[d].n; i++) {
        kr_cword *w = &data[d].w[i];
        char x[256], ux[300];
        const char *up = harmonize_word(res->dict, &conv, w, x, sizeof x, ux, sizeof ux);
        size_t xl = strlen(x) + 1, ul = strlen(up) + 1;
        int cx = strcmp(x, w->xpos) != 0, cu = strcmp(up, w->upos) != 0;
        if (!pass) { need += (cx ? xl : 0) + (cu ? ul : 0); continue; }
        if (cx) memcpy(pool + o, x, xl), w->xpos = pool + o, o += xl;
        if (cu) memcpy(pool + o, up, ul), w->upos = pool + o, o += ul;
      }
    }
    if (pool) {
      char **x = realloc(data[d].pools, (data[d].n_pools + 1) * sizeof *x);
      if (!x) { free(pool); rc = KR_ENOMEM; break; }
      data[d].pools = x;
      data[d].pools[data[d].n_pools++] = pool;
    }
  }
  conv_free(&conv);
  free(lfg);
  if (rc == KR_ENOMEM) kr__err_set(err, rc, 0, 0, "out of memory");
  return rc;
}

typedef struct tsent {       /* one training sentence, prepared */
  uint32_t tok0, nt;         /* into the global token arrays */
} tsent;

typedef struct ttok {
  tokinfo ti;
  uint32_t c0, nc;           /* into the global candidate array */
  int32_t gold;              /* index of the gold candidate within [0,nc), -1 uncovered */
} ttok;

typedef struct lexacc { uint64_t key; uint32_t cls; uint32_t lemma; uint32_t count; } lexacc;

static int lexacc_cmp(const void *a, const void *b) {
  const lexacc *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  if (x->cls != y->cls) return x->cls < y->cls ? -1 : 1;
  return x->lemma < y->lemma ? -1 : x->lemma > y->lemma;
}

static uint64_t rng_next(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

void kr__progressf(kr_progress_fn fn, void *ctx, const char *fmt, ...) {
  if (!fn) return;
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  fn(ctx, line);
}

#define JK_FOLDS 5

/* The first pass's decisions around training token i, for the second pass's
** features; NULL in the first pass. */
typedef struct p2view {
  const int32_t *p1;
  uint32_t i, nt;
  const p2ctx *px;
} p2view;

/* Feature indices of candidate c of training token tt (both passes). */
static int train_feats(const kr_tagger *t, const ttok *tt, const hist *h, const p2view *v, const cand *c,
                       uint64_t *f) {
  int n = cand_feats(t, &tt->ti, h, c, f);
  if (v) n += cand_feats_p2(t, v->p1, v->i, v->nt, v->px, c, f + n);
  return n;
}

/* The best-scoring candidate of training token tt under the current weights. */
static int train_best(const kr_tagger *t, const ttok *tt, const cand *allc, const hist *h, const p2view *v) {
  uint64_t f[MAXF];
  int best = -1;
  float bs = 0;
  for (uint32_t j = 0; j < tt->nc; j++) {
    int k = train_feats(t, tt, h, v, &allc[tt->c0 + j], f);
    float sc = tt->nc > 1 ? score_feats(t, f, k) : 0;
    if (best < 0 || sc > bs) best = (int)j, bs = sc;
  }
  return best;
}

/* Averaged-perceptron state during training. */
typedef struct pstate {
  float *acc;
  uint32_t *ts;
  uint32_t clock;
  unsigned sh;
} pstate;

/* Decides training token tt and, when it is wrong, moves the weights from
** the chosen candidate's features to the gold one's. Returns the choice
** (-1 none); counts a right choice in *ok. */
static int train_token(kr_tagger *t, pstate *ps, const ttok *tt, const cand *allc, const hist *h,
                       const p2view *v, uint32_t *ok) {
  int best = train_best(t, tt, allc, h, v);
  if (tt->gold >= 0 && best == tt->gold) (*ok)++;
  if (tt->gold >= 0 && best >= 0 && best != tt->gold) {
    uint64_t f[MAXF], fg[MAXF];
    int nf = train_feats(t, tt, h, v, &allc[tt->c0 + (uint32_t)best], f);
    int ng = train_feats(t, tt, h, v, &allc[tt->c0 + (uint32_t)tt->gold], fg);
    for (int pass = 0; pass < 2; pass++) {
      const uint64_t *ff = pass ? f : fg;
      int cnt = pass ? nf : ng;
      float dv = pass ? -1.0f : 1.0f;
      for (int k = 0; k < cnt; k++) {
        uint64_t ix = ff[k] >> ps->sh;
        ps->acc[ix] += (float)(ps->clock - ps->ts[ix]) * t->w_own[ix];
        ps->ts[ix] = ps->clock;
        t->w_own[ix] += dv;
      }
    }
  }
  ps->clock++;
  return best;
}

/* First-pass greedy decoding of a prepared training sentence with the
** current weights (t->w_own), without updates. */
static void greedy_first(const kr_tagger *t, const tsent *s, ttok *toks, const cand *allc,
                         int32_t *la_best, int32_t *out, uint64_t *outh) {
  hist h = HIST_INIT;
  lookahead(t, &toks[s->tok0].ti, sizeof *toks, allc, s->nt, NULL, la_best);
  for (uint32_t i = 0; i < s->nt; i++) {
    const ttok *tt = &toks[s->tok0 + i];
    int best = train_best(t, tt, allc, &h, NULL);
    out[i] = best >= 0 ? (int32_t)allc[tt->c0 + (uint32_t)best].cls : -1;
    outh[i] = best >= 0 ? allc[tt->c0 + (uint32_t)best].h_lemma : 0;
    hist_push(t, &h, out[i], outh[i]);
  }
}

/* The perceptron epochs over the prepared sentences (all, or those whose
** index mod fold_k is not fold), from zero weights; leaves the averaged
** weights in t->w_own. p1_fixed: first-pass classes per token for the
** second pass's features (NULL: the running first pass's own). */
static void train_epochs(kr_tagger *t, const kr_tagger_train_opts *opt, const tsent *sents,
                         uint32_t total_s, ttok *toks, const cand *allc, uint32_t *order,
                         uint32_t epochs, float *acc, uint32_t *ts, int32_t *la_best,
                         int32_t *p1buf, uint64_t *p1hbuf, p2ctx *p2buf, const int32_t *p1_fixed,
                         const uint64_t *p1h_fixed, uint32_t fold_k, uint32_t fold) {
  size_t nw = (size_t)1 << t->bits;
  memset(t->w_own, 0, nw * sizeof *t->w_own);
  memset(acc, 0, nw * sizeof *acc);
  memset(ts, 0, nw * sizeof *ts);
  for (uint32_t i = 0; i < total_s; i++) order[i] = i;
  uint64_t rng = opt->seed ? opt->seed : 0x2545F4914F6CDD1DULL;
  pstate ps = {acc, ts, 1, 64 - t->bits};
  for (uint32_t ep = 0; ep < epochs; ep++) {
    for (uint32_t i = total_s; i > 1; i--) {
      uint32_t j = (uint32_t)(rng_next(&rng) % i), x = order[i - 1];
      order[i - 1] = order[j];
      order[j] = x;
    }
    uint32_t ok = 0, ok2 = 0, n = 0;
    for (uint32_t si = 0; si < total_s; si++) {
      if (fold_k && order[si] % fold_k == fold) continue;
      const tsent *s = &sents[order[si]];
      hist h = HIST_INIT;
      lookahead(t, &toks[s->tok0].ti, sizeof *toks, allc, s->nt, NULL, la_best);
      for (uint32_t i = 0; i < s->nt; i++) {
        const ttok *tt = &toks[s->tok0 + i];
        int best = train_token(t, &ps, tt, allc, &h, NULL, &ok);
        n++;
        p1buf[i] = best >= 0 ? (int32_t)allc[tt->c0 + (uint32_t)best].cls : -1;
        p1hbuf[i] = best >= 0 ? allc[tt->c0 + (uint32_t)best].h_lemma : 0;
        hist_push(t, &h, p1buf[i], p1hbuf[i]);
      }
      if (!(t->flags & TG_F_TWOPASS)) continue;
      /* second pass: the first pass's decisions as context (those of a
      ** model that did not see the sentence, when given) */
      const int32_t *p1 = p1_fixed ? p1_fixed + s->tok0 : p1buf;
      p2_prepare(t, p1, p1_fixed ? p1h_fixed + s->tok0 : p1hbuf, s->nt, p2buf);
      h = (hist)HIST_INIT;
      for (uint32_t i = 0; i < s->nt; i++) {
        const ttok *tt = &toks[s->tok0 + i];
        p2view v = {p1, i, s->nt, p2buf};
        int best = train_token(t, &ps, tt, allc, &h, &v, &ok2);
        hist_push(t, &h, best >= 0 ? (int32_t)allc[tt->c0 + (uint32_t)best].cls : -1,
                  best >= 0 ? allc[tt->c0 + (uint32_t)best].h_lemma : 0);
      }
    }
    if (fold_k) continue;  /* a jackknife model: no progress lines */
    if (t->flags & TG_F_TWOPASS) {
      kr__progressf(opt->progress, opt->progress_ctx, "epoch %u/%u: training accuracy %.2f%% (second pass %.2f%%)", ep + 1, epochs, 100.0 * ok / (n ? n : 1), 100.0 * ok2 / (n ? n : 1));
    } else {
      kr__progressf(opt->progress, opt->progress_ctx, "epoch %u/%u: training accuracy %.2f%%", ep + 1, epochs, 100.0 * ok / (n ? n : 1));
    }
  }
  /* averaged weights */
  for (size_t i = 0; i < ((size_t)1 << t->bits); i++) {
    double a = acc[i] + (double)(ps.clock - ts[i]) * t->w_own[i];
    t->w_own[i] = (float)(a / ps.clock);
  }
}

int kr__tagger_train(const kr_resources *res, const kr_cwords *data, uint32_t n_data,
                     const kr_tagger_train_opts *opt, const char *out_path, kr_error *err) {
  int rc = 0;
  strtab classes = {0}, lemmas = {0};
  convmap conv = {0};
  uint8_t *lfg = NULL;
  kr_tagger *t = calloc(1, sizeof *t);
  kr_doc *doc = kr_doc_new();
  tsent *sents = NULL;
  ttok *toks = NULL;
  cand *allc = NULL;
  char **cls_lem = NULL; /* per candidate: lemma copy (owned by lemmas strtab) */
  lexacc *lex = NULL;
  uint32_t n_lex = 0, cap_lex = 0;
  float *acc = NULL;
  uint32_t *ts = NULL;
  uint32_t *unk_count = NULL;
  char *clas_buf = NULL, *lexs_buf = NULL;
  lexent *lexo = NULL;
  uint32_t *unko = NULL, *gold_cls = NULL, *order = NULL, *num_count = NULL;
  int32_t *la_best = NULL, *p1buf = NULL, *p1_fixed = NULL;
  uint64_t *p1h_fixed = NULL, *p1hbuf = NULL;
  p2ctx *p2buf = NULL;
  if (!t || !doc) { rc = KR_ENOMEM; goto done; }
  uint32_t epochs = opt->epochs ? opt->epochs : 12, bits = opt->hash_bits ? opt->hash_bits : 20;
  /* 1. classes from the gold annotation */
  uint32_t total_w = 0, total_s = 0;
  for (uint32_t d = 0; d < n_data; d++) total_w += data[d].n, total_s += data[d].n_sents;
  if (!total_w) { rc = kr__err_set(err, KR_EINVAL, 0, 0, "no training words"); goto done; }
  gold_cls = malloc(total_w * sizeof *gold_cls);
  if (!gold_cls) { rc = KR_ENOMEM; goto done; }
  if ((rc = conv_prepare(&conv, data, n_data, &lfg))) goto done;
  {
    uint32_t g = 0;
    for (uint32_t d = 0; d < n_data; d++)
      for (uint32_t i = 0; i < data[d].n; i++) {
        char x[256], key[300], ux[300];
        const char *up = harmonize_word(res->dict, lfg[d] ? &conv : NULL, &data[d].w[i], x, sizeof x, ux, sizeof ux);
        int kl = snprintf(key, sizeof key, "%s\t%s", up, x);
        int id = strtab_id(&classes, key, (size_t)kl, 1);
        if (id < 0) { rc = KR_ENOMEM; goto done; }
        gold_cls[g++] = (uint32_t)id;
      }
  }
  t->n_cls = classes.n;
  t->cls = calloc(classes.n, sizeof *t->cls);
  if (!t->cls) { rc = KR_ENOMEM; goto done; }
  for (uint32_t c = 0; c < classes.n; c++) {
    const char *u = classes.s[c], *tab = strchr(u, '\t'); /* "UPOS\tXPOS" */
    class_init(&t->cls[c], u, (size_t)(tab - u), tab + 1);
  }
  rc = tagger_link(t, res->dict);
  if (rc) goto done;
  t->bits = bits;
  t->w_own = calloc((size_t)1 << bits, sizeof(float));
  acc = calloc((size_t)1 << bits, sizeof(float));
  ts = calloc((size_t)1 << bits, sizeof(uint32_t));
  unk_count = calloc(classes.n, sizeof *unk_count);
  num_count = calloc(classes.n, sizeof *num_count);
  if (!t->w_own || !acc || !ts || !unk_count || !num_count) { rc = KR_ENOMEM; goto done; }
  t->w = t->w_own;
  kr__progressf(opt->progress, opt->progress_ctx, "tagger: %u sentences, %u words, %u classes", total_s, total_w, classes.n);

  /* 2. lexicon: gold (form, class, lemma) the dictionary does not give */
  {
    uint32_t g = 0;
    for (uint32_t d = 0; d < n_data; d++)
      for (uint32_t s = 0; s < data[d].n_sents; s++) {
        uint32_t w0 = data[d].sent[s], nw = data[d].sent[s + 1] - w0;
        rc = kr__doc_from_words(doc, data[d].w + w0, nw, err);
        if (!rc) rc = kr__morph_run(res, doc, err);
        if (rc) goto done;
        for (uint32_t i = 0; i < nw; i++, g++) {
          kr_token *tk = &doc->toks[i];
          size_t ll;
          char *lower = kr__utf8_lower(doc->arena, doc->text + tk->off, tk->len, &ll);
          cand buf[MAX_CANDS];
          if (!lower) { rc = KR_ENOMEM; goto done; }
          int n = gen_cands(t, res->abbrev, doc->arena, tk, data[d].w[w0 + i].form, lower, ll, i == 0, buf);
          int found = 0;
          for (int j = 0; j < n; j++)
            if (buf[j].cls == gold_cls[g] && !strcmp(buf[j].lemma, data[d].w[w0 + i].lemma) &&
                buf[j].kind != CK_FORM)
              found = 1;
          if (tk->n_readings == 0 && tk->kind != KR_TOK_PUNCT && tk->kind != KR_TOK_NUMBER)
            unk_count[gold_cls[g]]++;
          if (tk->kind == KR_TOK_NUMBER) num_count[gold_cls[g]]++;
          if (found || tk->kind == KR_TOK_NUMBER) continue;
          int lid = strtab_id(&lemmas, data[d].w[w0 + i].lemma, strlen(data[d].w[w0 + i].lemma), 1);
          if (lid < 0) { rc = KR_ENOMEM; goto done; }
          if (n_lex == cap_lex) {
            cap_lex = cap_lex ? cap_lex * 2 : 4096;
            lexacc *x = realloc(lex, cap_lex * sizeof *x);
            if (!x) { rc = KR_ENOMEM; goto done; }
            lex = x;
          }
          lex[n_lex++] = (lexacc){kr__hash_bytes(lower, ll, 3), gold_cls[g], (uint32_t)lid, 1};
        }
      }
    /* merge duplicates, keep those seen twice */
    if (n_lex) qsort(lex, n_lex, sizeof *lex, lexacc_cmp);   /* lex is NULL when empty */
    uint32_t m = 0;
    for (uint32_t i = 0; i < n_lex; i++) {
      if (m && lex[m - 1].key == lex[i].key && lex[m - 1].cls == lex[i].cls && lex[m - 1].lemma == lex[i].lemma)
        lex[m - 1].count++;
      else
        lex[m++] = lex[i];
    }
    n_lex = 0;
    for (uint32_t i = 0; i < m; i++)
      if (lex[i].count >= 2) lex[n_lex++] = lex[i];
  }
  /* lexicon strings and the in-memory view */
  size_t lexs_len = 1;
  for (uint32_t i = 0; i < lemmas.n; i++) lexs_len += strlen(lemmas.s[i]) + 1;
  lexs_buf = malloc(lexs_len);
  uint32_t *lem_off = malloc((lemmas.n + 1) * sizeof *lem_off);
  lexo = malloc((n_lex + 1) * sizeof *lexo);
  if (!lexs_buf || !lem_off || !lexo) { free(lem_off); rc = KR_ENOMEM; goto done; }
  {
    size_t o = 0;
    lexs_buf[o++] = 0;
    for (uint32_t i = 0; i < lemmas.n; i++) {
      size_t l = strlen(lemmas.s[i]) + 1;
      lem_off[i] = (uint32_t)o;
      memcpy(lexs_buf + o, lemmas.s[i], l);
      o += l;
    }
    for (uint32_t i = 0; i < n_lex; i++) lexo[i] = (lexent){lex[i].key, lex[i].cls, lem_off[lex[i].lemma]};
  }
  free(lem_off);
  t->lex = lexo;
  t->n_lex = n_lex;
  t->lex_str = lexs_buf;
  t->lex_str_len = lexs_len;
  /* classes for words without readings: the most frequent ones */
  unko = malloc(128 * sizeof *unko);
  if (!unko) { rc = KR_ENOMEM; goto done; }
  uint32_t nu = 1;
  for (int pass = 0; pass < 2; pass++) {
    uint32_t *cnt = pass ? num_count : unk_count, first = nu;
    for (uint32_t k = 0; k < 40; k++) {
      uint32_t best = UINT32_MAX, bc = pass ? 1 : 0; /* numbers: classes seen twice */
      for (uint32_t c = 0; c < classes.n; c++)
        if (cnt[c] > bc && strcmp(t->cls[c].xpos, "dig")) {
          int taken = 0;
          for (uint32_t j = first; j < nu; j++) taken |= unko[j] == c;
          if (!taken) best = c, bc = cnt[c];
        }
      if (best == UINT32_MAX) break;
      unko[nu++] = best;
    }
    if (!pass) unko[0] = nu - 1;
  }
  t->unk = unko + 1;
  t->n_unk = unko[0];
  t->num = unko + 1 + unko[0];
  t->n_num = nu - 1 - unko[0];
  kr__progressf(opt->progress, opt->progress_ctx, "tagger: lexicon %u entries, %u fallback classes", n_lex, t->n_unk);

  /* 3. prepared sentences: token infos and candidates with lemma copies */
  sents = malloc(total_s * sizeof *sents);
  toks = malloc(total_w * sizeof *toks);
  uint32_t cap_c = total_w * 8, n_c = 0;
  allc = malloc(cap_c * sizeof *allc);
  if (!sents || !toks || !allc) { rc = KR_ENOMEM; goto done; }
  uint32_t covered = 0;
  {
    uint32_t g = 0, si = 0;
    for (uint32_t d = 0; d < n_data; d++)
      for (uint32_t s = 0; s < data[d].n_sents; s++) {
        uint32_t w0 = data[d].sent[s], nw = data[d].sent[s + 1] - w0;
        rc = kr__doc_from_words(doc, data[d].w + w0, nw, err);
        if (!rc) rc = kr__morph_run(res, doc, err);
        if (rc) goto done;
        tokinfo *ti;
        cand *cs;
        if (prep_sentence(t, res->abbrev, doc, 0, nw, &ti, &cs)) { rc = KR_ENOMEM; goto done; }
        sents[si].tok0 = g;
        sents[si].nt = nw;
        si++;
        for (uint32_t i = 0; i < nw; i++, g++) {
          ttok *tt = &toks[g];
          tt->ti = ti[i];
          tt->c0 = n_c;
          tt->nc = ti[i].nc;
          tt->ti.c0 = n_c;
          tt->gold = -1;
          if (n_c + ti[i].nc > cap_c) {
            cap_c = (n_c + ti[i].nc) * 2;
            cand *x = realloc(allc, cap_c * sizeof *x);
            if (!x) { rc = KR_ENOMEM; goto done; }
            allc = x;
          }
          for (uint32_t j = 0; j < ti[i].nc; j++) {
            cand c = cs[ti[i].c0 + j];
            int lid = strtab_id(&lemmas, c.lemma, strlen(c.lemma), 1);
            if (lid < 0) { rc = KR_ENOMEM; goto done; }
            c.lemma = lemmas.s[lid];
            allc[n_c + j] = c;
            const char *gl = data[d].w[w0 + i].lemma;
            if (c.cls == gold_cls[g] && (tt->gold < 0 || !strcmp(c.lemma, gl)))
              if (tt->gold < 0 || strcmp(allc[n_c + (uint32_t)tt->gold].lemma, gl)) tt->gold = (int32_t)j;
          }
          n_c += ti[i].nc;
          covered += tt->gold >= 0;
        }
      }
  }
  kr__progressf(opt->progress, opt->progress_ctx, "tagger: gold class among candidates for %.2f%% of words", 100.0 * covered / total_w);

  /* 4. perceptron epochs */
  order = malloc(total_s * sizeof *order);
  uint32_t max_nt = 1;
  for (uint32_t i = 0; i < total_s; i++) if (sents[i].nt > max_nt) max_nt = sents[i].nt;
  la_best = malloc(max_nt * sizeof *la_best);
  p1buf = malloc(max_nt * sizeof *p1buf);
  p1hbuf = malloc(max_nt * sizeof *p1hbuf);
  p2buf = malloc(max_nt * sizeof *p2buf);
  if (!order || !la_best || !p1buf || !p1hbuf || !p2buf) { rc = KR_ENOMEM; goto done; }
  t->flags = opt->two_pass ? TG_F_TWOPASS : 0;
  if (t->flags & TG_F_TWOPASS) {
    /* jackknife: the second pass learns from first-pass decisions made by
    ** models that did not see the sentence, as on new text */
    p1_fixed = malloc((size_t)total_w * sizeof *p1_fixed);
    p1h_fixed = malloc((size_t)total_w * sizeof *p1h_fixed);
    if (!p1_fixed || !p1h_fixed) { rc = KR_ENOMEM; goto done; }
    t->flags = 0;
    for (uint32_t fold = 0; fold < JK_FOLDS; fold++) {
      kr__progressf(opt->progress, opt->progress_ctx, "tagger: first-pass model %u/%u for the second pass", fold + 1, JK_FOLDS);
      train_epochs(t, opt, sents, total_s, toks, allc, order, epochs, acc, ts, la_best, p1buf, p1hbuf, p2buf, NULL, NULL, JK_FOLDS, fold);
      for (uint32_t si = 0; si < total_s; si++)
        if (si % JK_FOLDS == fold) greedy_first(t, &sents[si], toks, allc, la_best, p1_fixed + sents[si].tok0, p1h_fixed + sents[si].tok0);
    }
    t->flags = TG_F_TWOPASS;
  }
  train_epochs(t, opt, sents, total_s, toks, allc, order, epochs, acc, ts, la_best, p1buf, p1hbuf, p2buf, p1_fixed, p1h_fixed, 0, 0);
  /* 5. write */
  {
    size_t cb_len = 4 + (size_t)classes.n * 4;
    for (uint32_t c = 0; c < classes.n; c++)
      cb_len += strlen(classes.s[c]) + 1;
    clas_buf = calloc(1, cb_len);
    if (!clas_buf) { rc = KR_ENOMEM; goto done; }
    memcpy(clas_buf, &classes.n, 4);
    size_t o = 4 + (size_t)classes.n * 4;
    for (uint32_t c = 0; c < classes.n; c++) {
      uint32_t off = (uint32_t)(o - 4 - classes.n * 4);
      memcpy(clas_buf + 4 + c * 4, &off, 4);
      size_t l1 = strlen(classes.s[c]) + 1; /* "UPOS\tXPOS\0" → "UPOS\0XPOS\0" */
      memcpy(clas_buf + o, classes.s[c], l1);
      clas_buf[o + (size_t)(strchr(classes.s[c], '\t') - classes.s[c])] = 0;
      o += l1;
    }
    size_t wlen = 8 + ((size_t)4 << bits);
    char *wbuf = malloc(wlen);
    if (!wbuf) { rc = KR_ENOMEM; goto done; }
    uint32_t hdr[2] = {bits, t->flags};
    memcpy(wbuf, hdr, 8);
    memcpy(wbuf + 8, t->w_own, (size_t)4 << bits);
    const char *meta = opt->meta ? opt->meta : "";
    kr_msection sec[6] = {
        {"CLAS", clas_buf, cb_len},
        {"WGHT", wbuf, wlen},
        {"LEXI", lexo, (uint64_t)n_lex * sizeof *lexo},
        {"LEXS", lexs_buf, lexs_len},
        {"UNKC", unko, (uint64_t)(1 + t->n_unk + t->n_num) * 4},
        {"META", meta, strlen(meta) + 1},
    };
    rc = kr__mfile_write(out_path, TG_MAGIC, TG_VERSION, sec, 6, err);
    free(wbuf);
    if (!rc) kr__progressf(opt->progress, opt->progress_ctx, "tagger: wrote %s", out_path);
  }
done:
  if (rc == KR_ENOMEM) kr__err_set(err, rc, 0, 0, "out of memory while training");
  free(gold_cls);
  free(order);
  free(la_best);
  free(p1buf);
  free(p2buf);
  free(p1_fixed);
  free(p1h_fixed);
  free(p1hbuf);
  free(sents);
  free(toks);
  free(allc);
  free(cls_lem);
  free(lex);
  free(acc);
  free(ts);
  free(unk_count);
  free(num_count);
  free(clas_buf);
  free(lexs_buf);
  free(lexo);
  free(unko);
  if (t) {
    t->lex = NULL; t->unk = NULL; t->num = NULL; t->lex_str = NULL;
    tagger_destroy(t);
  }
  kr_doc_free(doc);
  strtab_free(&classes);
  strtab_free(&lemmas);
  conv_free(&conv);
  free(lfg);
  return rc;
}
