/*
** ner.c — statistical recognition of name mentions (PER, ORG, LOC): a
** first-order structured averaged perceptron over hashed features with
** Viterbi decoding of BILOU labels (Collins 2002; the Liner2 / spaCy family
** of feature sets), trained on NKJP 1M named entities.
**
** Exports kr__ner_load/free/run (resources.h) and, for `kronika train ner`
** and `kronika eval` (ner.h), the TSV reader, the split rule, the gold-label
** mapping and kr__ner_train.
**
** Decisions:
**   - Labels O + {B,I,L,U} × {PER, ORG, LOC}; the decoder only allows
**     well-formed sequences (I/L follow B/I of the same type, a sentence
**     ends outside a name). EVT and PRO come from the knowledge base later.
**   - NKJP's outermost class decides the type: persName → PER, orgName →
**     ORG, placeName (every subtype) and geogName → LOC, date/time → none.
**     NKJP labels adjectives derived from place names ("polski") as
**     placeName; the output contract says they are not mentions, so a
**     single-token LOC that starts lower-case and has an adjective reading
**     is O in training, in evaluation and (as a safety net) at run.
**   - Features of a token (all hashed): lower-cased form, shape with a length
**     class, prefixes and suffixes of 1–4 code points, the tagger's lemma,
**     tag, POS and POS+case+number, flags (capitalised, all caps, sentence-
**     initial, lemma capitalised, a capitalised reading exists, guessed,
**     only adjective readings, token kind), the same for words at ±1 and ±2,
**     gazetteer classes of the form and lemma (first names, SGJP geographical
**     names, KPWr name phrases; stored in the model), the run of capitalised
**     words the token is in (position, length, its first lemma), a few
**     conjunctions, and knowledge-base names (data/kb organisations,
**     countries, places, persons: greedy longest match by form or lemma,
**     position × kinds, at 0 and ±1; only prefix hashes are stored, so run
**     time needs no KB and matches training exactly). A feature's 13 label weights sit in one row of 16 cells
**     of the weight table (2^bits cells, default 2^23); trained in floats,
**     stored as 16-bit integers with one scale (16 MB).
**   - The confidence of a mention is tanh(margin / 4), where margin is the
**     smallest, over its tokens, difference between the best path and the
**     best path giving that token another label (max-marginals).
**   - Model file: magic "KRNER\0\0\0", version 2, sections PARM (bits,
**     labels, holdout, feature version, weight scale), TRAN, WGHT, GAZT (sorted pairs of
**     word hash and class bits), KBGZ (sorted KB name-prefix hashes | kinds), META; memory-mapped, sizes validated, a
**     corrupted file is KR_EMODEL. Run allocates only from the doc's arena.
** Thread-safety: the model is read-only; run allocates from the doc's arena.
*/
#include "ner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <utf8proc.h>

#define NL KR_NER_NLABELS
#define NF 60                  /* features per token */
#define FEAT_VERSION 6u  /* 6: kr__hash_bytes mixes its seed in last */
#define MARGIN_SCALE 30.f    /* margin giving a confidence of tanh(1) = 0.76 */
#define NER_VERSION 2u
static const char NER_MAGIC[8] = {'K', 'R', 'N', 'E', 'R', 0, 0, 0};

typedef struct gaz {         /* sorted (key hash, class bits) pairs */
  const uint64_t *kv;
  uint32_t n;
} gaz;

/* Gazetteer classes of a word (exact form or lemma). */
enum {
  GZ_FIRST = 1, GZ_GEO = 2, GZ_PER_B = 4, GZ_PER_I = 8, GZ_ORG_B = 16, GZ_ORG_I = 32,
  GZ_LOC_B = 64, GZ_LOC_I = 128
};

/* Knowledge-base name phrases (data/kb: organisations, countries, places,
** persons), stored as hashes of word-sequence prefixes: an entry is
** (prefix hash & ~0xff) | KP_* bits, sorted, one per prefix. A word of a name
** is hashed lower-cased, both as written and as each dictionary lemma, so
** "Unii Europejskiej" (lemmas "unia europejski") matches "Unia Europejska". */
typedef struct kbgz {
  const uint64_t *e;
  uint32_t n;
} kbgz;

enum {
  KP_PREFIX = 1, /* a longer name continues this prefix */
  KP_PER = 2, KP_SURN = 4, KP_ORG = 8, KP_CTRY = 16, KP_LOC = 32 /* a name of this kind ends here */
};
#define KP_END (KP_PER | KP_SURN | KP_ORG | KP_CTRY | KP_LOC)
#define KB_MAXW 8              /* longest name matched, in words */
#define KB_SEED 0x4b42ULL

struct kr_ner {
  kr_mfile mf;
  gaz gz;
  kbgz kb;
  const int16_t *w;          /* 2^bits weights, times `scale` */
  float scale;
  float trans[(NL + 1) * NL];/* row NL is the start; forbidden moves NEG */
  uint32_t bits, mask, holdout;
  const kr_dict *dict;
};

/* ======================================================================= */
/* labels                                                                   */

static int lab_type(int l) { return l ? (l - 1) / 4 : -1; }
static int lab_pos(int l) { return l ? (l - 1) % 4 : -1; } /* 0 B, 1 I, 2 L, 3 U */
static int lab_make(int type, int pos) { return 1 + 4 * type + pos; }

/* Allowed transition prev → cur (prev == NL: sentence start). */
static bool lab_allowed(int p, int c) {
  int pin = p != NL && p != 0 && (lab_pos(p) == 0 || lab_pos(p) == 1); /* inside a name */
  if (pin) return c != 0 && (lab_pos(c) == 1 || lab_pos(c) == 2) && lab_type(c) == lab_type(p);
  return c == 0 || lab_pos(c) == 0 || lab_pos(c) == 3;
}
static bool lab_can_end(int l) { return l == 0 || lab_pos(l) >= 2; }

#define NEG (-1e30f)

/* Transition scores with the forbidden ones set to NEG (what decode wants). */
static void trans_masked(const float *tr, float *out) {
  for (int p = 0; p <= NL; p++)
    for (int c = 0; c < NL; c++) out[p * NL + c] = lab_allowed(p, c) ? tr[p * NL + c] : NEG;
}

/* ======================================================================= */
/* hashing and token features                                               */

static inline uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
static inline uint64_t comb(uint64_t a, uint64_t b) { return mix(a * 0x9E3779B97F4A7C15ULL + b); }

typedef struct ntok {        /* hashed properties of one token */
  uint64_t low, shape, lemma, tag, pos, pcase, flags, gz, pre[4], suf[4];
  uint64_t kwf, kwl;         /* KB word hashes of the lower-cased form and lemma */
  uint64_t kb;               /* KB phrase feature (position in the longest match, kinds) */
  uint8_t cap, word;
} ntok;

enum {
  NF_CAP = 1, NF_ALLCAPS = 2, NF_FIRST = 4, NF_LEMCAP = 8, NF_ANYCAP = 16, NF_GUESSED = 32,
  NF_ALLADJ = 64, NF_SOMEADJ = 128
};

static int first_upper(const char *s, size_t len) {
  if (!len) return 0;
  int32_t cp;
  kr__utf8_decode(s, len, &cp);
  return kr__cp_is_upper(cp);
}

/* Lower-cases s[0..len) into out (cap bytes, truncated at a code point). */
static size_t lower_into(const char *s, size_t len, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int b = kr__utf8_decode(s + i, len - i, &cp);
    if (b <= 0) b = 1, cp = (unsigned char)s[i];
    i += (size_t)b;
    char e[4];
    int eb = kr__utf8_encode((int32_t)utf8proc_tolower(cp), e);
    if (o + (size_t)eb > cap) break;
    memcpy(out + o, e, (size_t)eb);
    o += (size_t)eb;
  }
  return o;
}

static uint64_t shape_hash(const char *s, size_t len) {
  char sh[12];
  size_t n = 0, ncp = 0;
  char last = 0;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int b = kr__utf8_decode(s + i, len - i, &cp);
    if (b <= 0) b = 1, cp = (unsigned char)s[i];
    i += (size_t)b;
    ncp++;
    char c = kr__cp_is_upper(cp) ? 'X' : kr__cp_is_lower(cp) ? 'x' : (cp >= '0' && cp <= '9') ? 'd'
             : (cp < 128) ? (char)cp : '*';
    if (c != last && n < sizeof sh - 2) sh[n++] = c;
    last = c;
  }
  sh[n++] = (char)('0' + (ncp <= 1 ? 1 : ncp <= 2 ? 2 : ncp <= 4 ? 3 : ncp <= 8 ? 4 : 5));
  return kr__hash_bytes(sh, n, 11);
}

/* Byte length of the first / last k code points of s. */
static size_t pre_len(const char *s, size_t len, int k) {
  size_t i = 0;
  for (int j = 0; j < k && i < len; j++) {
    i++;
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
  }
  return i;
}
static size_t suf_len(const char *s, size_t len, int k) {
  size_t i = len;
  for (int j = 0; j < k && i > 0; j++) {
    i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
  }
  return len - i;
}

static int tag_starts(const char *tag, const char *p) { return !strncmp(tag, p, strlen(p)); }

/* All readings are adjectives (adj, adja, adjp, adjc). */
static bool only_adj(const kr_dict *dict, const kr_token *t) {
  if (!t->n_readings) return t->tag && tag_starts(t->tag, "adj");
  for (unsigned r = 0; r < t->n_readings; r++) {
    const char *tg = kr__dict_tag(dict, t->readings[r].tag);
    if (!tg || !tag_starts(tg, "adj")) return false;
  }
  return true;
}

/* Some reading is an adjective. */
static bool some_adj(const kr_dict *dict, const kr_token *t) {
  if (t->tag && tag_starts(t->tag, "adj")) return true;
  for (unsigned r = 0; r < t->n_readings; r++) {
    const char *tg = kr__dict_tag(dict, t->readings[r].tag);
    if (tg && tag_starts(tg, "adj")) return true;
  }
  return false;
}

/* The contract's rule: a lone lower-case adjective is not a mention. PoliMorf
** gives "polski", "chiński" noun readings too (language names), so any
** adjective reading counts: a lower-case place noun hardly exists. */
static bool lower_adj(const kr_dict *dict, const kr_doc *doc, const kr_token *t) {
  return !first_upper(doc->text + t->off, t->len) && some_adj(dict, t);
}

static uint64_t gaz_get(const gaz *g, uint64_t key) {
  uint32_t lo = 0, hi = g->n;
  while (lo < hi) {
    uint32_t m = lo + (hi - lo) / 2;
    if (g->kv[2 * m] < key) lo = m + 1;
    else hi = m;
  }
  return lo < g->n && g->kv[2 * lo] == key ? g->kv[2 * lo + 1] : 0;
}
static uint64_t gaz_key(const char *s, size_t len) { return kr__hash_bytes(s, len, 0x6a7); }

static uint64_t kbw_hash(const char *low, size_t len) { return kr__hash_bytes(low, len, 0x4b57); }

/* KP_* bits of a prefix hash; 0 when no name starts so. */
static unsigned kbgz_get(const kbgz *g, uint64_t h) {
  uint64_t key = h & ~(uint64_t)0xff;
  uint32_t lo = 0, hi = g->n;
  while (lo < hi) {
    uint32_t m = lo + (hi - lo) / 2;
    if ((g->e[m] & ~(uint64_t)0xff) < key) lo = m + 1;
    else hi = m;
  }
  return lo < g->n && (g->e[lo] & ~(uint64_t)0xff) == key ? (unsigned)(g->e[lo] & 0xff) : 0;
}

static void tok_props(const kr_dict *dict, const gaz *gz, const kr_doc *doc, const kr_token *t,
                      int first, ntok *o) {
  const char *s = doc->text + t->off;
  char low[256];
  size_t ll = lower_into(s, t->len, low, sizeof low);
  o->low = kr__hash_bytes(low, ll, 1);
  o->shape = shape_hash(s, t->len);
  for (int k = 0; k < 4; k++) {
    o->pre[k] = kr__hash_bytes(low, pre_len(low, ll, k + 1), 20 + (uint64_t)k);
    o->suf[k] = kr__hash_bytes(low + ll - suf_len(low, ll, k + 1), suf_len(low, ll, k + 1), 30 + (uint64_t)k);
  }
  const char *lemma = t->lemma ? t->lemma : "";
  const char *tag = t->tag ? t->tag : "ign";
  o->lemma = kr__hash_bytes(lemma, strlen(lemma), 2);
  o->tag = kr__hash_bytes(tag, strlen(tag), 3);
  const char *c = strchr(tag, ':');
  size_t pl = c ? (size_t)(c - tag) : strlen(tag);
  o->pos = kr__hash_bytes(tag, pl, 4);
  uint64_t pc = o->pos;
  static const char *const cases[] = {"nom", "gen", "dat", "acc", "inst", "loc", "voc", "sg", "pl"};
  for (const char *f = c; f; f = strchr(f + 1, ':')) {
    const char *e = strchr(f + 1, ':');
    size_t fl = e ? (size_t)(e - f - 1) : strlen(f + 1);
    for (unsigned k = 0; k < sizeof cases / sizeof *cases; k++)
      if (strlen(cases[k]) == fl && !memcmp(f + 1, cases[k], fl)) pc = comb(pc, k + 1);
  }
  o->pcase = pc;
  unsigned fl = 0;
  if (t->flags & KR_TOKF_CAP) fl |= NF_CAP;
  if (t->flags & KR_TOKF_ALLCAPS) fl |= NF_ALLCAPS;
  if (first) fl |= NF_FIRST;
  if (first_upper(lemma, strlen(lemma))) fl |= NF_LEMCAP;
  for (unsigned r = 0; r < t->n_readings; r++)
    if (t->readings[r].lemma && first_upper(t->readings[r].lemma, strlen(t->readings[r].lemma)))
      fl |= NF_ANYCAP;
  if (t->flags & KR_TOKF_GUESSED) fl |= NF_GUESSED;
  if (only_adj(dict, t)) fl |= NF_ALLADJ;
  if (some_adj(dict, t)) fl |= NF_SOMEADJ;
  o->flags = comb(fl, (uint64_t)t->kind + 100);
  o->cap = (fl & NF_CAP) != 0;
  o->word = t->kind != KR_TOK_PUNCT;
  o->kwf = kbw_hash(low, ll);
  char llem[256];
  size_t lml = lower_into(lemma, strlen(lemma), llem, sizeof llem);
  o->kwl = kbw_hash(llem, lml);
  o->kb = 0;
  uint64_t gf = gz->n ? gaz_get(gz, gaz_key(s, t->len)) : 0;
  uint64_t gl = gz->n ? gaz_get(gz, gaz_key(lemma, strlen(lemma))) : 0;
  o->gz = comb(gf | gl << 8, 0x9a2);
}

/* Document memory: for each lower-cased form and each lemma of the document,
** how it was seen (capitalised inside a sentence, lower-case, capitalised
** first in a sentence) — a sentence-initial "Kowalski" or an all-caps
** headline word is then a name when the document says so elsewhere. */
typedef struct dtab {
  uint64_t *key;             /* 0 = empty slot */
  uint8_t *bits;
  uint32_t mask;
} dtab;

enum { DT_CAP_INSIDE = 1, DT_LOWER = 2, DT_CAP_FIRST = 4 };

static size_t dtab_slots(uint32_t n_toks) {
  size_t c = 64;
  while (c < (size_t)n_toks * 4) c *= 2;
  return c;
}

static uint8_t *dtab_slot(const dtab *d, uint64_t key, int add) {
  key |= 1;
  for (uint32_t i = (uint32_t)key & d->mask;; i = (i + 1) & d->mask) {
    if (d->key[i] == key) return &d->bits[i];
    if (!d->key[i]) {
      if (!add) return NULL;
      d->key[i] = key;
      d->bits[i] = 0;
      return &d->bits[i];
    }
  }
}

static uint64_t dtab_get(const dtab *d, uint64_t key) {
  const uint8_t *b = dtab_slot(d, key, 0);
  return b ? *b : 0;
}

static uint64_t low_hash(const kr_doc *doc, const kr_token *t) {
  char low[256];
  size_t ll = lower_into(doc->text + t->off, t->len, low, sizeof low);
  return kr__hash_bytes(low, ll, 1);
}
static uint64_t lemma_key(const kr_token *t) {
  const char *lemma = t->lemma ? t->lemma : "";
  return comb(kr__hash_bytes(lemma, strlen(lemma), 2), 0x1e);
}

/* Fills d (key/bits arrays of dtab_slots(doc->n_toks) entries, cleared here). */
static void dtab_build(dtab *d, const kr_doc *doc) {
  memset(d->key, 0, ((size_t)d->mask + 1) * sizeof *d->key);
  for (uint32_t s = 0; s < doc->n_sents; s++) {
    int first = 1;
    for (uint32_t i = doc->sents[s].tok; i < doc->sents[s].tok + doc->sents[s].n_toks; i++) {
      const kr_token *t = &doc->toks[i];
      if (t->kind == KR_TOK_PUNCT) continue;
      if (t->kind == KR_TOK_WORD || t->kind == KR_TOK_ABBREV) {
        uint8_t b = !(t->flags & KR_TOKF_CAP) ? DT_LOWER : first ? DT_CAP_FIRST : DT_CAP_INSIDE;
        *dtab_slot(d, low_hash(doc, t), 1) |= b;
        *dtab_slot(d, lemma_key(t), 1) |= b;
      }
      first = 0;
    }
  }
}

/* Feature base indices of the n tokens of doc starting at t0 into f[n × NF];
** `nt` is scratch for n + 4 ntok. */
static void sent_features(const kr_dict *dict, const gaz *gz, const kbgz *kb, const kr_doc *doc, uint32_t t0,
                          uint32_t n, ntok *nt, const dtab *dt, uint32_t mask, uint32_t *f) {
  ntok *p = nt + 2;
  int first = 1;
  for (uint32_t i = 0; i < n; i++) {
    const kr_token *t = &doc->toks[t0 + i];
    tok_props(dict, gz, doc, t, first, &p[i]);
    if (t->kind != KR_TOK_PUNCT) first = 0;
  }
  for (int k = 0; k < 2; k++) { /* padding */
    ntok *a = &nt[k], *b = &p[n + (uint32_t)k];
    uint64_t v = 0xabcdef + (uint64_t)k;
    a->low = a->shape = a->lemma = a->tag = a->pos = a->pcase = a->flags = a->gz = a->kb = v;
    a->cap = a->word = 0;
    v += 17;
    b->low = b->shape = b->lemma = b->tag = b->pos = b->pcase = b->flags = b->gz = b->kb = v;
    b->cap = b->word = 0;
  }
  /* KB names: greedy longest match from the left; a word matches by its
  ** lower-cased form or lemma. kb = position (1 B, 2 I, 3 L, 4 U) << 8 | kinds. */
  for (uint32_t i = 0; i < n && kb->n;) {
    uint32_t best = 0;
    unsigned bk = 0, ns = 0;
    uint64_t st[8];
    for (uint32_t j = i; j < n && j - i < KB_MAXW && p[j].word; j++) {
      uint64_t cand[2] = {p[j].kwf, p[j].kwl}, nst[8];
      unsigned nc = p[j].kwf == p[j].kwl ? 1 : 2, nn = 0, end = 0;
      for (unsigned a = 0; a < (j == i ? 1u : ns); a++)
        for (unsigned b = 0; b < nc; b++) {
          uint64_t h = comb(j == i ? KB_SEED : st[a], cand[b]);
          unsigned e = kbgz_get(kb, h);
          end |= e & KP_END;
          if ((e & KP_PREFIX) && nn < 8) nst[nn++] = h;
        }
      if (end) best = j - i + 1, bk = end;
      memcpy(st, nst, nn * sizeof *st);
      if (!(ns = nn)) break;
    }
    if (!best) { i++; continue; }
    for (uint32_t k = i; k < i + best; k++)
      p[k].kb = (uint64_t)(best == 1 ? 4 : k == i ? 1 : k + 1 == i + best ? 3 : 2) << 8 | bk;
    i += best;
  }
  uint32_t run0 = 0; /* first token of the current run of capitalised words */
  for (uint32_t i = 0; i < n; i++) {
    if (!p[i].cap || i == 0 || !p[i - 1].cap) run0 = i;
    uint32_t run1 = i;
    while (p[run1].cap && run1 + 1 < n && p[run1 + 1].cap) run1++;
    uint64_t runf = p[i].cap ? comb((uint64_t)(i == run0) + 2 * (uint64_t)(i == run1), run1 - run0 < 3 ? run1 - run0 : 3)
                             : 0x77;
    uint64_t runhead = p[i].cap ? comb(p[run0].lemma, 0x88) : 0x99;
    const ntok *c = &p[i], *l1 = &p[(int)i - 1], *l2 = &p[(int)i - 2], *r1 = &p[i + 1], *r2 = &p[i + 2];
    uint64_t h[NF + 8];
    int k = 0;
    h[k++] = 0x5eed;
    h[k++] = c->low;
    h[k++] = c->shape;
    for (int j = 0; j < 4; j++) h[k++] = c->pre[j];
    for (int j = 0; j < 4; j++) h[k++] = c->suf[j];
    h[k++] = c->lemma;
    h[k++] = c->tag;
    h[k++] = c->pos;
    h[k++] = c->pcase;
    h[k++] = c->flags;
    h[k++] = l1->low;
    h[k++] = r1->low;
    h[k++] = l2->low;
    h[k++] = r2->low;
    h[k++] = l1->lemma;
    h[k++] = r1->lemma;
    h[k++] = l2->lemma;
    h[k++] = r2->lemma;
    h[k++] = l1->shape;
    h[k++] = r1->shape;
    h[k++] = l2->shape;
    h[k++] = r2->shape;
    h[k++] = l1->pcase;
    h[k++] = r1->pcase;
    h[k++] = l1->flags;
    h[k++] = r1->flags;
    h[k++] = comb(l1->low, c->low);
    h[k++] = comb(c->low, r1->low);
    h[k++] = comb(l1->lemma, c->shape);
    h[k++] = comb(c->shape, r1->lemma);
    h[k++] = comb(comb(l1->shape, c->shape), r1->shape);
    h[k++] = comb(c->lemma, c->flags);
    h[k++] = comb(c->suf[2], c->flags);
    h[k++] = comb(c->pos, c->shape);
    h[k++] = comb(l1->flags, c->flags);
    h[k++] = comb(c->flags, r1->flags);
    h[k++] = comb(l1->pos, c->pcase);
    h[k++] = comb(c->pcase, r1->pos);
    h[k++] = comb(l2->lemma, l1->lemma);
    h[k++] = comb(r1->lemma, r2->lemma);
    h[k++] = comb(c->suf[1], c->pcase);
    h[k++] = c->gz;
    h[k++] = comb(l1->gz, 1);
    h[k++] = comb(r1->gz, 2);
    h[k++] = comb(c->gz, c->flags);
    h[k++] = runf;
    h[k++] = runhead;
    h[k++] = comb(runf, r1->low);
    const kr_token *tk = &doc->toks[t0 + i];
    uint64_t db = dtab_get(dt, c->low) | dtab_get(dt, lemma_key(tk)) << 3;
    h[k++] = comb(db, c->flags);
    h[k++] = comb(db, 0x31);
    /* knowledge-base names */
    uint64_t kbc = comb(c->kb, 0x4b1);
    h[k++] = kbc;
    h[k++] = comb(kbc, c->flags);
    h[k++] = comb(l1->kb, 0x4b2);
    h[k++] = comb(r1->kb, 0x4b3);
    for (int j = 0; j < k; j++) /* rows of 16 cells: one cache line per feature */
      f[(size_t)i * NF + (size_t)j] = (uint32_t)mix(h[j] + (uint64_t)(j + 1) * 0x9E3779B97F4A7C15ULL) & mask & ~15u;
    for (int j = k; j < NF; j++) f[(size_t)i * NF + (size_t)j] = f[(size_t)i * NF];
  }
}

/* ======================================================================= */
/* decoding                                                                 */

typedef struct dscratch {    /* per-sentence decoding buffers, n × NL each */
  float *e, *a, *b;
  uint8_t *bp;
} dscratch;

/* Viterbi over emission scores from features f and masked transitions tr;
** labels to out; when margin is not NULL, per-token margins from
** max-marginals. */
static void decode(const float *w, const int16_t *wq, float scale, uint32_t mask, const float *tr,
                   const uint32_t *f, uint32_t n, dscratch *s, uint8_t *out, float *margin) {
  if (!n) return;
  for (uint32_t i = 0; i < n; i++) {
    const uint32_t *fi = f + (size_t)i * NF;
    float acc[16] = {0}; /* a whole row: rows are 16-aligned and inside the table */
    if (wq) {             /* the stored model: 16-bit weights */
#if defined(__GNUC__)
      if (i + 1 < n)
        for (int j = 0; j < NF; j++) __builtin_prefetch(wq + fi[NF + j]);
#endif
      int32_t iacc[16] = {0};
      for (int j = 0; j < NF; j++) {
        const int16_t *wp = wq + (fi[j] & mask & ~15u);
        for (int c = 0; c < 16; c++) iacc[c] += wp[c];
      }
      for (int c = 0; c < 16; c++) acc[c] = (float)iacc[c] * scale;
    } else {              /* training: float weights */
      for (int j = 0; j < NF; j++) {
        const float *wp = w + (fi[j] & mask & ~15u);
        for (int c = 0; c < 16; c++) acc[c] += wp[c];
      }
    }
    memcpy(s->e + (size_t)i * NL, acc, NL * sizeof *acc);
  }
  float *a = s->a;
  for (int c = 0; c < NL; c++) a[c] = tr[NL * NL + c] <= NEG ? NEG : s->e[c] + tr[NL * NL + c];
  for (uint32_t i = 1; i < n; i++) {
    const float *ap = a + (size_t)(i - 1) * NL, *e = s->e + (size_t)i * NL;
    float *ac = a + (size_t)i * NL;
    uint8_t *bp = s->bp + (size_t)i * NL;
    for (int c = 0; c < NL; c++) {
      float best = NEG;
      int bi = 0;
      for (int p = 0; p < NL; p++) {
        float v = ap[p] + tr[p * NL + c];
        if (v > best) best = v, bi = p;
      }
      ac[c] = best <= 0.5f * NEG ? NEG : best + e[c];
      bp[c] = (uint8_t)bi;
    }
  }
  const float *al = a + (size_t)(n - 1) * NL;
  int bl = 0;
  float best = NEG;
  for (int c = 0; c < NL; c++)
    if (lab_can_end(c) && al[c] > best) best = al[c], bl = c;
  for (uint32_t i = n; i-- > 0;) {
    out[i] = (uint8_t)bl;
    if (i) bl = s->bp[(size_t)i * NL + bl];
  }
  if (!margin) return;
  float *b = s->b;
  for (int c = 0; c < NL; c++) b[(size_t)(n - 1) * NL + c] = lab_can_end(c) ? 0 : NEG;
  for (uint32_t i = n - 1; i-- > 0;) {
    const float *bn = b + (size_t)(i + 1) * NL, *en = s->e + (size_t)(i + 1) * NL;
    float *bc = b + (size_t)i * NL;
    for (int c = 0; c < NL; c++) {
      float v = NEG;
      for (int x = 0; x < NL; x++) {
        float y = tr[c * NL + x] + en[x] + bn[x];
        if (y > v) v = y;
      }
      bc[c] = v <= 0.5f * NEG ? NEG : v;
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    float other = NEG;
    for (int c = 0; c < NL; c++) {
      if (c == out[i]) continue;
      float ai = a[(size_t)i * NL + c], bi = b[(size_t)i * NL + c];
      if (ai <= NEG || bi <= NEG) continue;
      if (ai + bi > other) other = ai + bi;
    }
    margin[i] = other <= NEG ? 100.f : best - other;
  }
}

/* ======================================================================= */
/* model loading and running                                                */

void kr__ner_free(kr_ner *n) {
  if (!n) return;
  kr__mfile_close(&n->mf);
  free(n);
}

uint32_t kr__ner_holdout(const kr_ner *n) { return n ? n->holdout : 0; }

int kr__ner_load(kr_ner **out, const char *path, const kr_dict *dict, kr_error *err) {
  *out = NULL;
  kr_ner *n = calloc(1, sizeof *n);
  if (!n) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  int rc = kr__mfile_open(&n->mf, path, NER_MAGIC, NER_VERSION, err);
  if (rc) { free(n); return rc; }
  const kr_msection *parm = kr__mfile_section(&n->mf, "PARM");
  const kr_msection *tran = kr__mfile_section(&n->mf, "TRAN");
  const kr_msection *wght = kr__mfile_section(&n->mf, "WGHT");
  const kr_msection *gazt = kr__mfile_section(&n->mf, "GAZT");
  const kr_msection *kbgs = kr__mfile_section(&n->mf, "KBGZ");
  uint32_t p[5] = {0};
  if (!parm || parm->size != sizeof p || !tran || !wght || !gazt || gazt->size % 16 ||
      gazt->size / 16 > UINT32_MAX || !kbgs || kbgs->size % 8 || kbgs->size / 8 > UINT32_MAX) {
    rc = kr__err_set(err, KR_EMODEL, 0, 0, "%s: missing or bad PARM/TRAN/WGHT/GAZT/KBGZ section", path);
    goto fail;
  }
  memcpy(p, parm->data, sizeof p);
  if (p[0] < 10 || p[0] > 28 || p[1] != NL || p[3] != FEAT_VERSION) {
    rc = kr__err_set(err, KR_EMODEL, 0, 0,
                     "%s: unsupported parameters (bits %u, labels %u, features v%u)", path, p[0], p[1], p[3]);
    goto fail;
  }
  memcpy(&n->scale, &p[4], 4);
  if (!(n->scale > 0 && n->scale < 1e6f)) {
    rc = kr__err_set(err, KR_EMODEL, 0, 0, "%s: bad weight scale", path);
    goto fail;
  }
  if (wght->size != ((uint64_t)2 << p[0]) || tran->size != (uint64_t)(NL + 1) * NL * 4) {
    rc = kr__err_set(err, KR_EMODEL, 0, 0, "%s: weight or transition table of the wrong size", path);
    goto fail;
  }
  n->bits = p[0];
  n->mask = (1u << p[0]) - 1;
  n->holdout = p[2];
  n->w = wght->data;
  trans_masked(tran->data, n->trans);
  n->dict = dict;
  n->gz.kv = gazt->data;
  n->gz.n = (uint32_t)(gazt->size / 16);
  for (uint32_t i = 1; i < n->gz.n; i++)
    if (n->gz.kv[2 * i - 2] >= n->gz.kv[2 * i]) {
      rc = kr__err_set(err, KR_EMODEL, 0, 0, "%s: gazetteer not sorted", path);
      goto fail;
    }
  n->kb.e = kbgs->data;
  n->kb.n = (uint32_t)(kbgs->size / 8);
  for (uint32_t i = 1; i < n->kb.n; i++)
    if ((n->kb.e[i - 1] & ~(uint64_t)0xff) >= (n->kb.e[i] & ~(uint64_t)0xff)) {
      rc = kr__err_set(err, KR_EMODEL, 0, 0, "%s: knowledge-base names not sorted", path);
      goto fail;
    }
  *out = n;
  return 0;
fail:
  kr__ner_free(n);
  return rc;
}

/* Whether a sentence can hold a name at all: it has a capitalised word past
** its first, or its first word may be a name — a reading with a capitalised
** lemma, no reading, a gazetteer or knowledge-base name word ("Sejm",
** "Senat", "Orlen" have only common-noun readings in PoliMorf), or a word
** the document writes capitalised inside a sentence elsewhere. About half
** the sentences of running text have none of these and are not decoded
** (the NER is the costliest stage). */
static int may_hold_name(const kr_ner *m, const dtab *dt, const kr_doc *doc, const kr_sentence *se) {
  for (uint32_t i = se->tok + 1; i < se->tok + se->n_toks; i++)
    if (doc->toks[i].flags & (KR_TOKF_CAP | KR_TOKF_DIGIT)) return 1;
  const kr_token *t = &doc->toks[se->tok];
  if (!(t->flags & KR_TOKF_CAP)) return 0;
  if (!t->n_readings || (t->flags & KR_TOKF_GUESSED)) return 1;
  for (int r = 0; r < t->n_readings; r++)
    if (t->readings[r].lemma && first_upper(t->readings[r].lemma, strlen(t->readings[r].lemma))) return 1;
  const char *s = doc->text + t->off;
  if (m->gz.n && gaz_get(&m->gz, gaz_key(s, t->len))) return 1;
  char low[256];
  size_t ll = lower_into(s, t->len, low, sizeof low);
  if (m->kb.n && kbgz_get(&m->kb, comb(KB_SEED, kbw_hash(low, ll)))) return 1;
  return (dtab_get(dt, kr__hash_bytes(low, ll, 1)) & DT_CAP_INSIDE) != 0;
}

int kr__ner_run(const kr_resources *res, kr_doc *doc, kr_error *err) {
  const kr_ner *m = res ? res->ner : NULL;
  if (!m || !doc->n_toks) return 0;
  const kr_dict *dict = res->dict;
  uint32_t maxn = 0;
  for (uint32_t s = 0; s < doc->n_sents; s++)
    if (doc->sents[s].n_toks > maxn) maxn = doc->sents[s].n_toks;
  if (!maxn) return 0;
  kr_arena *ar = doc->arena;
  ntok *nt = kr__arena_alloc(ar, (maxn + 4) * sizeof *nt);
  uint32_t *f = kr__arena_alloc(ar, (size_t)maxn * NF * sizeof *f);
  dscratch sc;
  sc.e = kr__arena_alloc(ar, (size_t)maxn * NL * sizeof(float));
  sc.a = kr__arena_alloc(ar, (size_t)maxn * NL * sizeof(float));
  sc.b = kr__arena_alloc(ar, (size_t)maxn * NL * sizeof(float));
  sc.bp = kr__arena_alloc(ar, (size_t)maxn * NL);
  uint8_t *lab = kr__arena_alloc(ar, doc->n_toks);
  float *mg = kr__arena_alloc(ar, doc->n_toks * sizeof *mg);
  size_t slots = dtab_slots(doc->n_toks);
  dtab dt = {kr__arena_alloc(ar, slots * sizeof(uint64_t)), kr__arena_alloc(ar, slots), (uint32_t)(slots - 1)};
  if (!nt || !f || !sc.e || !sc.a || !sc.b || !sc.bp || !lab || !mg || !dt.key || !dt.bits)
    return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  dtab_build(&dt, doc);
  memset(lab, 0, doc->n_toks);
  for (uint32_t s = 0; s < doc->n_sents; s++) {
    const kr_sentence *se = &doc->sents[s];
    if (!se->n_toks || !may_hold_name(m, &dt, doc, se)) continue;
    sent_features(dict, &m->gz, &m->kb, doc, se->tok, se->n_toks, nt, &dt, m->mask, f);
    decode(NULL, m->w, m->scale, m->mask, m->trans, f, se->n_toks, &sc, lab + se->tok, mg + se->tok);
  }
  /* count, then append in one allocation */
  uint32_t add = 0;
  for (uint32_t i = 0; i < doc->n_toks; i++)
    if (lab[i] && (lab_pos(lab[i]) == 0 || lab_pos(lab[i]) == 3)) add++;
  if (!add) return 0;
  kr_mention *ms = kr__arena_alloc(ar, (size_t)(doc->n_mentions + add) * sizeof *ms);
  if (!ms) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  if (doc->n_mentions) memcpy(ms, doc->mentions, doc->n_mentions * sizeof *ms);
  uint32_t nm = doc->n_mentions;
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    int l = lab[i];
    if (!l || (lab_pos(l) != 0 && lab_pos(l) != 3)) continue;
    uint32_t j = i;
    float mn = mg[i];
    if (lab_pos(l) == 0)
      while (j + 1 < doc->n_toks && lab[j + 1] && lab_type(lab[j + 1]) == lab_type(l) &&
             lab_pos(lab[j + 1]) != 0 && lab_pos(lab[j + 1]) != 3) {
        j++;
        if (mg[j] < mn) mn = mg[j];
        if (lab_pos(lab[j]) == 2) break;
      }
    const kr_token *a = &doc->toks[i], *z = &doc->toks[j];
    if (i == j && lab_type(l) == KR_ENT_LOC && lower_adj(dict, doc, a)) continue;
    kr_mention *mt = &ms[nm];
    memset(mt, 0, sizeof *mt);
    mt->tok = i;
    mt->n_toks = j - i + 1;
    mt->start = a->start;
    mt->end = z->end;
    mt->entity = UINT32_MAX;
    mt->type = (uint8_t)lab_type(l);
    mt->score = tanhf(mn / MARGIN_SCALE);
    mt->text = kr__arena_strndup(ar, doc->text + a->off, z->off + z->len - a->off);
    if (!mt->text) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    mt->lemma = NULL;
    nm++;
    i = j;
  }
  doc->mentions = ms;
  doc->n_mentions = nm;
  return 0;
}

/* ======================================================================= */
/* the NKJP TSV, the split and the gold labels                              */

void kr__nerdata_free(kr_nerdata *d) {
  free(d->buf);
  free(d->form);
  free(d->raw);
  free(d->line);
  free(d->sent);
  free(d->sent_doc);
  memset(d, 0, sizeof *d);
}

/* Maps one NKJP class name (outermost, without B-/I-) to 1 + type, 0 for
** none (date, time), -1 when unknown. */
static int class_type(const char *c, size_t n) {
  static const struct { const char *p; int t; } map[] = {
      {"persName", 1 + KR_ENT_PER}, {"orgName", 1 + KR_ENT_ORG}, {"placeName", 1 + KR_ENT_LOC},
      {"geogName", 1 + KR_ENT_LOC}, {"date", 0}, {"time", 0}};
  for (unsigned k = 0; k < sizeof map / sizeof *map; k++) {
    size_t pl = strlen(map[k].p);
    if (n >= pl && !memcmp(c, map[k].p, pl) && (n == pl || c[pl] == '-')) return map[k].t;
  }
  return -1;
}

int kr__nerdata_read(kr_nerdata *d, const char *name, const char *data, size_t len, kr_error *err) {
  memset(d, 0, sizeof *d);
  int rc = 0;
  size_t n_lines = 1;
  for (size_t i = 0; i < len; i++) n_lines += data[i] == '\n';
  d->buf = malloc(len + 1);
  d->form = malloc(n_lines * sizeof *d->form);
  d->raw = malloc(n_lines);
  d->line = malloc(n_lines * sizeof *d->line);
  d->sent = malloc((n_lines + 1) * sizeof *d->sent);
  d->sent_doc = malloc((n_lines + 1) * sizeof *d->sent_doc);
  if (!d->buf || !d->form || !d->raw || !d->line || !d->sent || !d->sent_doc) {
    rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    goto fail;
  }
  memcpy(d->buf, data, len);
  d->buf[len] = 0;
  uint32_t line = 0, open = 0; /* open: current sentence has tokens */
  int have_doc = 0;
  for (size_t pos = 0; pos < len;) {
    char *s = d->buf + pos, *nl = memchr(s, '\n', len - pos);
    size_t ll = nl ? (size_t)(nl - s) : len - pos;
    pos += ll + (nl ? 1 : 0);
    line++;
    if (ll && s[ll - 1] == '\r') ll--;
    s[ll] = 0;
    if (!ll || !strncmp(s, "-DOCSTART", 9)) {
      if (open) d->sent[++d->n_sents] = d->n_toks, open = 0;
      if (ll) d->n_docs++, have_doc = 1;
      continue;
    }
    char *tab = strchr(s, '\t');
    if (!tab || tab == s) {
      rc = kr__err_set(err, KR_EFORMAT, (uint64_t)(s - d->buf), line,
                       "%s:%u: expected token<TAB>label", name, line);
      goto fail;
    }
    *tab = 0;
    const char *lab = tab + 1;
    size_t cl = strcspn(lab, "#");
    uint8_t raw = 0;
    if (!(cl == 1 && lab[0] == 'O')) {
      int t = (cl > 2 && (lab[0] == 'B' || lab[0] == 'I') && lab[1] == '-') ? class_type(lab + 2, cl - 2) : -1;
      if (t < 0) {
        rc = kr__err_set(err, KR_EFORMAT, (uint64_t)(lab - d->buf), line,
                         "%s:%u: unknown label '%s' (expected O, B-/I- persName, orgName, "
                         "placeName, geogName, date or time)", name, line, lab);
        goto fail;
      }
      raw = (uint8_t)t;
      if (t && lab[0] == 'B') raw |= KR_NER_RAW_BEGIN;
    }
    if (!open) {
      if (!have_doc) d->n_docs = 1, have_doc = 1;
      d->sent[d->n_sents] = d->n_toks;
      d->sent_doc[d->n_sents] = d->n_docs - 1;
      open = 1;
    }
    d->form[d->n_toks] = s;
    d->raw[d->n_toks] = raw;
    d->line[d->n_toks] = line;
    d->n_toks++;
  }
  if (open) d->sent[++d->n_sents] = d->n_toks;
  if (!d->n_toks) {
    rc = kr__err_set(err, KR_EFORMAT, 0, line, "%s: no token<TAB>label line", name);
    goto fail;
  }
  return 0;
fail:
  kr__nerdata_free(d);
  return rc;
}

bool kr__ner_is_heldout(uint32_t doc_index, uint32_t holdout) {
  return holdout && (doc_index + 1) % holdout == 0;
}

int kr__nerdata_doc(const kr_nerdata *d, uint32_t s0, uint32_t *s1, kr_doc *doc, kr_error *err) {
  uint32_t e = s0 + 1;
  while (e < d->n_sents && d->sent_doc[e] == d->sent_doc[s0]) e++;
  *s1 = e;
  uint32_t a = d->sent[s0], n = d->sent[e] - a;
  const char **forms = malloc((size_t)n * sizeof *forms);
  uint8_t *flags = calloc(n, 1);
  int rc = 0;
  if (!forms || !flags) {
    rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    goto cleanup;
  }
  for (uint32_t i = 0; i < n; i++) forms[i] = d->form[a + i];
  for (uint32_t s = s0; s < e; s++) flags[d->sent[s] - a] = KR_PRETOK_SENT_START;
  kr_doc_reset(doc);
  if ((rc = kr_doc_set_tokens(doc, n, forms, flags, err))) {
    err->line = d->line[a];
    goto cleanup;
  }
  if (doc->n_toks != n || doc->n_sents != e - s0)
    rc = kr__err_set(err, KR_EFORMAT, 0, d->line[a], "line %u: document re-tokenised (%u tokens, %u expected)",
                     d->line[a], doc->n_toks, n);
cleanup:
  free(forms);
  free(flags);
  return rc;
}

uint32_t kr__ner_gold(const kr_resources *res, const kr_doc *doc, const uint8_t *raw, uint8_t *out) {
  uint32_t n = doc->n_toks, dropped = 0;
  for (uint32_t i = 0; i < n;) {
    int t = raw[i] & KR_NER_RAW_TYPE;
    if (!t) { out[i++] = KR_NER_O; continue; }
    uint32_t j = i + 1;
    while (j < n && (raw[j] & KR_NER_RAW_TYPE) == t && !(raw[j] & KR_NER_RAW_BEGIN)) j++;
    int type = t - 1;
    if (j == i + 1 && type == KR_ENT_LOC && lower_adj(res->dict, doc, &doc->toks[i])) {
      out[i] = KR_NER_O;
      dropped++;
    } else if (j == i + 1) {
      out[i] = (uint8_t)lab_make(type, 3);
    } else {
      out[i] = (uint8_t)lab_make(type, 0);
      for (uint32_t k = i + 1; k + 1 < j; k++) out[k] = (uint8_t)lab_make(type, 1);
      out[j - 1] = (uint8_t)lab_make(type, 2);
    }
    i = j;
  }
  return dropped;
}

/* ======================================================================= */
/* training                                                                 */


typedef struct gazb {         /* gazetteer being built: (key, bits) pairs */
  uint64_t *kv;
  size_t n, cap;
} gazb;

static int gazb_add(gazb *g, const char *s, size_t len, uint64_t bits) {
  if (!len) return 0;
  if (g->n == g->cap) {
    size_t nc = g->cap ? 2 * g->cap : 65536;
    uint64_t *kv = realloc(g->kv, nc * 2 * sizeof *kv);
    if (!kv) return KR_ENOMEM;
    g->kv = kv, g->cap = nc;
  }
  g->kv[2 * g->n] = gaz_key(s, len);
  g->kv[2 * g->n + 1] = bits;
  g->n++;
  return 0;
}

/* Adds each space-separated word of s[0..len): the first with bit b, the rest with i. */
static int gazb_phrase(gazb *g, const char *s, size_t len, uint64_t b, uint64_t i) {
  size_t k = 0;
  int first = 1;
  while (k < len) {
    while (k < len && s[k] == ' ') k++;
    size_t e = k;
    while (e < len && s[e] != ' ') e++;
    if (e > k && gazb_add(g, s + k, e - k, first ? b : i)) return KR_ENOMEM;
    first = 0;
    k = e;
  }
  return 0;
}

static int u64pair_cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}
#define u64_cmp u64pair_cmp /* compares the first uint64_t only */

/* Reads the name lists of `dir` (NELexicon2 first names, SGJP geographical
** names, KPWr name phrases) into g, sorted, one entry per key. A missing
** file is skipped and reported through progress. */
static int gazb_load(gazb *g, const char *dir, const kr_ner_train_opts *o, kr_error *err) {
  static const char *const files[] = {"nelexicon2_nam_liv_person_first.txt", "sgjp-20160310-geograficzne.tab",
                                      "kpwr-1.2-ne-train-fix.tsv", "kpwr-1.2-ne-tune-fix.tsv"};
  char path[4096], line[4096];
  for (unsigned fi = 0; fi < 4; fi++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[fi]);
    FILE *f = fopen(path, "r");
    if (!f) return kr__err_set(err, KR_EIO, 0, 0, "%s: cannot open", path);
    size_t before = g->n;
    while (fgets(line, sizeof line, f)) {
      char *col[8];
      int nc = 0;
      col[nc++] = line;
      for (char *c = line; *c && nc < 8; c++) {
        if (*c == '\t') *c = 0, col[nc++] = c + 1;
        else if (*c == '\n' || *c == '\r') *c = 0;
      }
      int rc = 0;
      if (fi == 0 && nc >= 2) rc = gazb_add(g, col[1], strlen(col[1]), GZ_FIRST);
      else if (fi == 1 && nc >= 2) {
        rc = gazb_add(g, col[0], strlen(col[0]), GZ_GEO);
        if (!rc) rc = gazb_add(g, col[1], strlen(col[1]), GZ_GEO);
      } else if (fi >= 2 && nc >= 6) {
        const char *cat = col[5];
        uint64_t b = !strncmp(cat, "nam_liv", 7) ? GZ_PER_B : !strncmp(cat, "nam_org", 7) ? GZ_ORG_B
                     : !strncmp(cat, "nam_loc", 7) ? GZ_LOC_B : 0;
        if (b) {
          rc = gazb_phrase(g, col[0], strlen(col[0]), b, b << 1);
          if (!rc) rc = gazb_phrase(g, col[1], strlen(col[1]), b, b << 1);
        }
      }
      if (rc) { fclose(f); return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); }
    }
    fclose(f);
    kr__progressf(o->progress, o->progress_ctx, "ner: gazetteer %s: %zu words", files[fi], g->n - before);
  }
  if (g->n) qsort(g->kv, g->n, 2 * sizeof *g->kv, u64pair_cmp);
  size_t m = 0;
  for (size_t i = 0; i < g->n; i++) {
    if (m && g->kv[2 * (m - 1)] == g->kv[2 * i]) g->kv[2 * (m - 1) + 1] |= g->kv[2 * i + 1];
    else g->kv[2 * m] = g->kv[2 * i], g->kv[2 * m + 1] = g->kv[2 * i + 1], m++;
  }
  g->n = m;
  return 0;
}

/* ---- knowledge-base names (training only: the model keeps the hashes) ---- */

typedef struct kbb {         /* KB phrase entries being built: (hash & ~0xff) | bits */
  uint64_t *e;
  size_t n, cap;
} kbb;

static int kbb_push(kbb *b, uint64_t h, unsigned bits) {
  if (b->n == b->cap) {
    size_t nc = b->cap ? 2 * b->cap : 65536;
    uint64_t *e = realloc(b->e, nc * sizeof *e);
    if (!e) return KR_ENOMEM;
    b->e = e, b->cap = nc;
  }
  b->e[b->n++] = (h & ~(uint64_t)0xff) | bits;
  return 0;
}

typedef struct lemset {      /* distinct lower-cased lemma hashes of a word */
  uint64_t h[4];
  unsigned n;
} lemset;

static int lemma_cb(void *ctx, const char *lemma, size_t len, unsigned tag) {
  (void)tag;
  lemset *ls = ctx;
  char low[256];
  uint64_t h = kbw_hash(low, lower_into(lemma, len, low, sizeof low));
  for (unsigned k = 0; k < ls->n; k++)
    if (ls->h[k] == h) return 0;
  if (ls->n < 4) ls->h[ls->n++] = h;
  return 0;
}

/* Adds the prefixes of name s[0..len) (words split at spaces) with end bits
** `kind`: every combination of a word's lower-cased form and its dictionary
** lemmas, at most 16 per name. */
static int kbb_name(kbb *b, const kr_dict *dict, const char *s, size_t len, unsigned kind) {
  lemset w[KB_MAXW];
  unsigned nw = 0;
  for (size_t k = 0; k < len;) {
    while (k < len && s[k] == ' ') k++;
    size_t e = k;
    while (e < len && s[e] != ' ') e++;
    if (e == k) break;
    if (nw == KB_MAXW) return 0; /* too long to be matched */
    char low[256];
    size_t ll = lower_into(s + k, e - k, low, sizeof low);
    lemset *ls = &w[nw++];
    ls->n = 1;
    ls->h[0] = kbw_hash(low, ll);
    if (dict) {
      kr__dict_lookup_exact(dict, s + k, e - k, lemma_cb, ls);
      if (ll != e - k || memcmp(low, s + k, ll)) kr__dict_lookup_exact(dict, low, ll, lemma_cb, ls);
    }
    k = e;
  }
  if (!nw) return 0;
  unsigned idx[KB_MAXW] = {0};
  for (int combo = 0; combo < 16; combo++) {
    uint64_t h = KB_SEED;
    for (unsigned k = 0; k < nw; k++) {
      h = comb(h, w[k].h[idx[k]]);
      if (kbb_push(b, h, k + 1 < nw ? KP_PREFIX : kind)) return KR_ENOMEM;
    }
    unsigned k = nw; /* next combination: mixed-radix counter, last word fastest */
    while (k > 0 && ++idx[k - 1] == w[k - 1].n) idx[--k] = 0;
    if (!k) break;
  }
  return 0;
}

/* Adds each '|'-separated value of a cell. */
static int kbb_cell(kbb *b, const kr_dict *dict, const char *cell, unsigned kind) {
  while (*cell) {
    size_t l = strcspn(cell, "|");
    if (l && kbb_name(b, dict, cell, l, kind)) return KR_ENOMEM;
    cell += l + (cell[l] == '|');
  }
  return 0;
}

/* Reads the names of dir/{organizations,countries,places,persons}.tsv
** (columns found by header name) into b, sorted, one entry per prefix. */
static int kbb_load(kbb *b, const char *dir, const kr_dict *dict, const kr_ner_train_opts *o, kr_error *err) {
  static const struct { const char *file, *col; unsigned kind; } src[] = {
      {"organizations.tsv", "name_pl", KP_ORG}, {"organizations.tsv", "variants_pl", KP_ORG},
      {"organizations.tsv", "names_en", KP_ORG}, {"countries.tsv", "name_pl", KP_CTRY},
      {"countries.tsv", "official_pl", KP_CTRY}, {"countries.tsv", "variants_pl", KP_CTRY},
      {"countries.tsv", "capital_pl", KP_LOC}, {"places.tsv", "name_pl", KP_LOC},
      {"places.tsv", "variants_pl", KP_LOC}, {"persons.tsv", "name_pl", KP_PER}};
  char path[4096];
  static char line[1 << 18];
  for (unsigned si = 0; si < sizeof src / sizeof *src; si++) {
    snprintf(path, sizeof path, "%s/%s", dir, src[si].file);
    FILE *f = fopen(path, "r");
    if (!f) return kr__err_set(err, KR_EIO, 0, 0, "%s: cannot open", path);
    int col = -1;
    size_t before = b->n;
    while (fgets(line, sizeof line, f)) {
      if (line[0] == '#') continue;
      char *cols[32];
      int nc = 0;
      cols[nc++] = line;
      for (char *c = line; *c && nc < 32; c++) {
        if (*c == '\t') *c = 0, cols[nc++] = c + 1;
        else if (*c == '\n' || *c == '\r') *c = 0;
      }
      if (col < 0) { /* the header */
        for (int k = 0; k < nc; k++)
          if (!strcmp(cols[k], src[si].col)) col = k;
        if (col < 0) { fclose(f); return kr__err_set(err, KR_EIO, 0, 0, "%s: no column %s", path, src[si].col); }
        continue;
      }
      if (col >= nc) continue;
      int rc = kbb_cell(b, dict, cols[col], src[si].kind);
      if (!rc && src[si].kind == KP_PER) { /* the surname alone: last word of a longer name */
        const char *sp = strrchr(cols[col], ' ');
        if (sp && strlen(sp + 1) >= 3 && first_upper(sp + 1, strlen(sp + 1)))
          rc = kbb_name(b, dict, sp + 1, strlen(sp + 1), KP_SURN);
      }
      if (rc) { fclose(f); return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); }
    }
    fclose(f);
    kr__progressf(o->progress, o->progress_ctx, "ner: knowledge base %s %s: %zu prefixes", src[si].file, src[si].col, b->n - before);
  }
  if (b->n) qsort(b->e, b->n, sizeof *b->e, u64_cmp);
  size_t m = 0;
  for (size_t i = 0; i < b->n; i++) {
    if (m && (b->e[m - 1] & ~(uint64_t)0xff) == (b->e[i] & ~(uint64_t)0xff)) b->e[m - 1] |= b->e[i];
    else b->e[m++] = b->e[i];
  }
  b->n = m;
  return 0;
}


static uint64_t rng_next(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* Exact-span-and-type counts of predicted vs gold labels, by type [0..3)
** and in all [3]. */
static void count_spans(const uint8_t *gold, const uint8_t *pred, uint32_t n, uint64_t *tp,
                        uint64_t *n_gold, uint64_t *n_pred) {
  for (uint32_t i = 0; i < n; i++) {
    int g = gold[i], p = pred[i];
    if (g && (lab_pos(g) == 0 || lab_pos(g) == 3)) n_gold[3]++, n_gold[lab_type(g)]++;
    if (p && (lab_pos(p) == 0 || lab_pos(p) == 3)) {
      n_pred[3]++, n_pred[lab_type(p)]++;
      if (p == g) {
        uint32_t j = i;
        int ok = 1;
        if (lab_pos(p) == 0)
          for (j = i + 1; j < n; j++) {
            if (pred[j] != gold[j]) { ok = 0; break; }
            if (lab_pos(pred[j]) == 2) break;
          }
        if (ok && j < n) tp[3]++, tp[lab_type(p)]++;
      }
    }
  }
}

int kr__ner_train(const kr_resources *res, const kr_nerdata *data, const kr_ner_train_opts *opt,
                  const char *out_path, kr_error *err) {
  int rc = 0;
  gazb gb = {0};
  gaz gz = {NULL, 0};
  kbb kbbuf = {0};
  kbgz kbz = {NULL, 0};
  uint8_t *rowc = NULL;
  uint32_t epochs = opt->epochs ? opt->epochs : 10, bits = opt->hash_bits ? opt->hash_bits : 23;
  if (bits < 10 || bits > 28) return kr__err_set(err, KR_EINVAL, 0, 0, "hash bits must be 10..28");
  uint32_t mask = (1u << bits) - 1, holdout = opt->holdout;
  size_t wn = (size_t)1 << bits;
  kr_doc *doc = kr_doc_new();
  uint32_t maxn = 0, maxd = 0;
  for (uint32_t s = 0; s < data->n_sents; s++)
    if (data->sent[s + 1] - data->sent[s] > maxn) maxn = data->sent[s + 1] - data->sent[s];
  for (uint32_t s0 = 0, s1; s0 < data->n_sents; s0 = s1) {
    for (s1 = s0 + 1; s1 < data->n_sents && data->sent_doc[s1] == data->sent_doc[s0]; s1++) {}
    if (data->sent[s1] - data->sent[s0] > maxd) maxd = data->sent[s1] - data->sent[s0];
  }
  uint32_t *feat = malloc((size_t)data->n_toks * NF * sizeof *feat);
  uint8_t *gold = malloc(data->n_toks), *pred = malloc(maxn);
  uint32_t *order = malloc(data->n_sents * sizeof *order), *held = malloc(data->n_sents * sizeof *held);
  ntok *nt = malloc((maxn + 4) * sizeof *nt);
  size_t slots = dtab_slots(maxd);
  dtab dt = {malloc(slots * sizeof(uint64_t)), malloc(slots), 0};
  float *w = calloc(wn, sizeof *w), *wa = malloc(wn * sizeof *wa);
  double *u = calloc(wn, sizeof *u);
  float tw[(NL + 1) * NL] = {0}, ta[(NL + 1) * NL], tm[(NL + 1) * NL];
  double tu[(NL + 1) * NL] = {0};
  dscratch sc = {malloc((size_t)maxn * NL * 4), malloc((size_t)maxn * NL * 4), NULL, malloc((size_t)maxn * NL)};
  if (!doc || !feat || !gold || !pred || !order || !held || !nt || !dt.key || !dt.bits || !w || !wa || !u ||
      !sc.e || !sc.a || !sc.bp) {
    rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    goto done;
  }
  if (opt->names_dir) {
    if ((rc = gazb_load(&gb, opt->names_dir, opt, err))) goto done;
    gz.kv = gb.kv;
    gz.n = (uint32_t)gb.n;
    kr__progressf(opt->progress, opt->progress_ctx, "ner: gazetteer: %u distinct words", gz.n);
  }
  if (opt->kb_dir) {
    if ((rc = kbb_load(&kbbuf, opt->kb_dir, res->dict, opt, err))) goto done;
    kbz.e = kbbuf.e;
    kbz.n = (uint32_t)kbbuf.n;
    kr__progressf(opt->progress, opt->progress_ctx, "ner: knowledge base: %u distinct name prefixes", kbz.n);
  }
  /* 1. analyse every document, features and gold labels */
  uint32_t n_train = 0, n_held = 0, n_dev = 0, dropped = 0, train_docs = 0;
  clock_t t0 = clock();
  for (uint32_t s0 = 0, s1; s0 < data->n_sents; s0 = s1) {
    if ((rc = kr__nerdata_doc(data, s0, &s1, doc, err))) goto done;
    if ((rc = kr_analyze(res, doc, KR_LAYER_TAGGER, err))) goto done;
    uint32_t a0 = data->sent[s0];
    dt.mask = (uint32_t)(dtab_slots(doc->n_toks) - 1);
    dtab_build(&dt, doc);
    for (uint32_t k = 0; k < doc->n_sents; k++)
      sent_features(res->dict, &gz, &kbz, doc, doc->sents[k].tok, doc->sents[k].n_toks, nt, &dt, mask,
                    feat + (size_t)(a0 + doc->sents[k].tok) * NF);
    dropped += kr__ner_gold(res, doc, data->raw + a0, gold + a0);
    /* dev documents (every dev-th of the training ones) take the place of the
    ** held-out ones in `held`, which is then not scored at all */
    int ho = kr__ner_is_heldout(data->sent_doc[s0], holdout);
    int dv = !ho && opt->dev && ++train_docs % opt->dev == 0;
    for (uint32_t s = s0; s < s1; s++) {
      if (dv) held[n_held++] = s, n_dev++;
      else if (ho && !opt->dev) held[n_held++] = s;
      else if (!ho) order[n_train++] = s;
    }
    if (data->sent_doc[s0] % 500 == 499)
      kr__progressf(opt->progress, opt->progress_ctx, "ner: analysed %u/%u documents (%.0f s)", data->sent_doc[s0] + 1, data->n_docs,
               (double)(clock() - t0) / CLOCKS_PER_SEC);
  }
  if (!n_train) {
    rc = kr__err_set(err, KR_EINVAL, 0, 0, "no training sentence (all documents held out?)");
    goto done;
  }
  kr__progressf(opt->progress, opt->progress_ctx, "ner: %u documents, %u training and %u %s sentences, %u tokens; "
           "%u lower-case place adjectives mapped to O", data->n_docs, n_train, n_held,
           opt->dev ? "dev" : "held-out", data->n_toks, dropped);
  if (opt->min_count > 1) { /* rows of features seen in fewer training tokens stay 0 */
    if (!(rowc = calloc(wn >> 4, 1))) {
      rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
      goto done;
    }
    for (uint32_t k = 0; k < n_train; k++)
      for (uint32_t i = data->sent[order[k]] * NF; i < data->sent[order[k] + 1] * NF; i++)
        if (rowc[(feat[i] & mask) >> 4] < 255) rowc[(feat[i] & mask) >> 4]++;
  }
  /* 2. epochs of the structured perceptron */
  uint64_t rng = opt->seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL, c = 1;
  for (uint32_t ep = 0; ep < epochs; ep++) {
    for (uint32_t i = n_train; i > 1; i--) {
      uint32_t j = (uint32_t)(rng_next(&rng) % i), x = order[i - 1];
      order[i - 1] = order[j];
      order[j] = x;
    }
    uint64_t wrong = 0, toks = 0;
    for (uint32_t k = 0; k < n_train; k++, c++) {
      uint32_t s = order[k], a = data->sent[s], n = data->sent[s + 1] - a;
      const uint32_t *f = feat + (size_t)a * NF;
      const uint8_t *g = gold + a;
      trans_masked(tw, tm);
      decode(w, NULL, 1, mask, tm, f, n, &sc, pred, NULL);
      toks += n;
      for (uint32_t i = 0; i < n; i++) {
        int gp = i ? g[i - 1] : NL, pp = i ? pred[i - 1] : NL;
        if (g[i] != pred[i]) {
          wrong++;
          const uint32_t *fi = f + (size_t)i * NF;
          for (int j = 0; j < NF; j++) {
            if (rowc && rowc[(fi[j] & mask) >> 4] < opt->min_count) continue;
            uint32_t ig = (fi[j] + g[i]) & mask, ip = (fi[j] + pred[i]) & mask;
            w[ig] += 1, u[ig] += (double)c;
            w[ip] -= 1, u[ip] -= (double)c;
          }
        }
        if (g[i] != pred[i] || gp != pp) {
          tw[gp * NL + g[i]] += 1, tu[gp * NL + g[i]] += (double)c;
          tw[pp * NL + pred[i]] -= 1, tu[pp * NL + pred[i]] -= (double)c;
        }
      }
    }
    /* averaged weights, and the held-out score with them */
    for (size_t j = 0; j < wn; j++) wa[j] = (float)(w[j] - u[j] / (double)c);
    for (int j = 0; j < (NL + 1) * NL; j++) ta[j] = (float)(tw[j] - tu[j] / (double)c);
    uint64_t tp[4] = {0}, ng[4] = {0}, np[4] = {0}; /* PER, ORG, LOC, all */
    trans_masked(ta, tm);
    for (uint32_t k = 0; k < n_held; k++) {
      uint32_t s = held[k], a = data->sent[s], n = data->sent[s + 1] - a;
      decode(wa, NULL, 1, mask, tm, feat + (size_t)a * NF, n, &sc, pred, NULL);
      count_spans(gold + a, pred, n, tp, ng, np);
    }
    char by[3][16];
    for (int t = 0; t < 3; t++) {
      double p = np[t] ? (double)tp[t] / (double)np[t] : 0, r = ng[t] ? (double)tp[t] / (double)ng[t] : 0;
      snprintf(by[t], sizeof by[t], "%.2f", p + r > 0 ? 200 * p * r / (p + r) : 0);
    }
    double p = np[3] ? 100.0 * (double)tp[3] / (double)np[3] : 0, r = ng[3] ? 100.0 * (double)tp[3] / (double)ng[3] : 0;
    kr__progressf(opt->progress, opt->progress_ctx, "ner: epoch %u/%u: %.2f%% training tokens wrong; %s P %.2f R %.2f F1 %.2f "
             "(PER %s ORG %s LOC %s) (%.0f s)", ep + 1, epochs,
             toks ? 100.0 * (double)wrong / (double)toks : 0, opt->dev ? "dev" : "held-out", p, r,
             p + r > 0 ? 2 * p * r / (p + r) : 0, by[0], by[1], by[2], (double)(clock() - t0) / CLOCKS_PER_SEC);
  }
  /* 3. write */
  {
    float maxw = 0;
    for (size_t j = 0; j < wn; j++) maxw = fabsf(wa[j]) > maxw ? fabsf(wa[j]) : maxw;
    float scale = maxw > 0 ? maxw / 32767.f : 1.f;
    int16_t *wq = (int16_t *)u; /* u is no longer needed: reuse its memory */
    for (size_t j = 0; j < wn; j++) wq[j] = (int16_t)lrintf(wa[j] / scale);
    uint32_t parm[5] = {bits, NL, holdout, FEAT_VERSION, 0};
    memcpy(&parm[4], &scale, 4);
    const char *meta = opt->meta ? opt->meta : "";
    kr_msection sec[6] = {{"PARM", parm, sizeof parm},
                          {"TRAN", ta, sizeof ta},
                          {"WGHT", wq, wn * sizeof *wq},
                          {"GAZT", gz.kv, (uint64_t)gz.n * 16},
                          {"KBGZ", kbz.e, (uint64_t)kbz.n * 8},
                          {"META", meta, strlen(meta)}};
    rc = kr__mfile_write(out_path, NER_MAGIC, NER_VERSION, sec, 6, err);
  }
done:
  free(gb.kv);
  free(kbbuf.e);
  free(rowc);
  kr_doc_free(doc);
  free(feat);
  free(gold);
  free(pred);
  free(order);
  free(held);
  free(nt);
  free(dt.key);
  free(dt.bits);
  free(w);
  free(wa);
  free(u);
  free(sc.e);
  free(sc.a);
  free(sc.bp);
  return rc;
}
