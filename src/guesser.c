/*
** guesser.c — readings for words PoliMorf lacks, from suffix rules learned
** from the dictionary itself (and from the SGJP geographical names).
**
** Exports kr__guesser_load/free/guess (resources.h) and kr__guesser_train
** (tagger.h).
**
** Decisions:
**   - A word's "signature" is the set of its analyses written relative to the
**     form: (bytes cut from the end, text appended, tag). Forms are grouped by
**     the last k code points (k = 1..6) and for each suffix the most frequent
**     signatures are kept (up to 3, pruned to those seen at least twice).
**   - Two tables: capitalised forms (proper names: "Kimowi" → Kim,
**     "Pjongjangu" → Pjongjang) and the rest. A capitalised unknown word gets
**     the name readings first, then the common-word readings twice: with the
**     lemma capitalised as the form is ("Cintry" → Cintra), then lower-cased
**     (a sentence's first word); the tagger decides among them.
**   - An unknown word whose readings include no noun with the form as lemma
**     also gets INDECL_TAGS readings with that lemma: foreign names and words
**     are often indeclinable ("Kigali", "Yudhoyono", "expose"), and rules
**     learned on Polish endings give them verbs ("Kigać", "yudhoyć"). With --names the name
**     table also learns from the SGJP geographical names, the Polem surname
**     and location inflection rules ("Qiangiem" → Qiang) and the NELexicon
**     first names (nominative, lemma = form: "Thae").
**   - A lower-case word the dictionary lacks that is a dictionary form with
**     one letter's diacritic added, dropped or changed ("mogł" → mógł,
**     "ciężarowek" → ciężarówek) gets that form's readings first (a walk
**     of the automaton: the prefix once, the rest once per swap). Other
**     edits (insertion, deletion, transposition, other letters) were
**     tried: they found the right word for a third of the typos, but the
**     tagger could not tell them from the many wrong ones (10-fold CV: no gain).
**   - Only the part after the last hyphen inflects ("UPR-owską" → UPR-owski,
**     "al-Qaidy" → al-Qaida) when it has 4 letters or more; an acronym (no
**     lower-case letter, 2+ capitals) gets only name-table readings, never
**     lower-cased common-word lemmas ("NFZ" ↛ "nć").
**   - A foreign name with an apostrophe before its ending ("Partridge'a",
**     "Joyce'owi") keeps the part before the apostrophe as lemma; the ending
**     gives the case (APO_ENDINGS, no learning).
**   - Tags are stored as strings and mapped to the dictionary's ids at load.
**   - Model file: magic "KRGUESS\0", sections TAGS, SIGS, SUFF, META
**     (tagger.c's sectioned format, checksummed, memory-mapped).
*/
#include "tagger.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "morph/cfsa2.h"

#define GS_MAGIC "KRGUESS"
#define GS_VERSION 3u  /* 2: suffix keys mix table and k after hashing; 3: kr__hash_bytes mixes its seed in last */
#define MAX_K 6
#define TOPS 3

typedef struct suffent { uint64_t key; uint32_t sig; uint32_t count; } suffent;

/* Endings written after an apostrophe on a foreign name whose written end
** is not pronounced ("Partridge'a", "Joyce'owi", "Sarkozy'ego"): the lemma
** is the part before the apostrophe; the ending gives the case (masculine
** nouns, personal and inanimate). */
#define APO_TAGS 4
static const struct { const char *ending; const char *tags[APO_TAGS]; } APO_ENDINGS[] = {
  {"a", {"subst:sg:gen:m1", "subst:sg:acc:m1", "subst:sg:gen:m3", NULL}},
  {"u", {"subst:sg:loc:m1", "subst:sg:voc:m1", "subst:sg:gen:m3", "subst:sg:loc:m3"}},
  {"owi", {"subst:sg:dat:m1", "subst:sg:dat:m3", NULL, NULL}},
  {"em", {"subst:sg:inst:m1", "subst:sg:inst:m3", NULL, NULL}},
  {"ego", {"subst:sg:gen:m1", "subst:sg:acc:m1", NULL, NULL}},
  {"emu", {"subst:sg:dat:m1", NULL, NULL, NULL}},
  {"m", {"subst:sg:inst:m1", "subst:sg:loc:m1", NULL, NULL}},
  {"ie", {"subst:sg:loc:m1", "subst:sg:loc:m3", NULL, NULL}},
  {"owie", {"subst:pl:nom:m1", NULL, NULL, NULL}},
  {"ów", {"subst:pl:gen:m1", "subst:pl:acc:m1", NULL, NULL}},
  {"om", {"subst:pl:dat:m1", NULL, NULL, NULL}},
  {"ami", {"subst:pl:inst:m1", NULL, NULL, NULL}},
  {"ach", {"subst:pl:loc:m1", NULL, NULL, NULL}},
};
#define N_APO (sizeof APO_ENDINGS / sizeof *APO_ENDINGS)

/* Tags of the form-as-lemma readings an unknown word gets when the rules
** give it no noun reading with that lemma (add_indecl). */
static const char *const INDECL_TAGS[] = {"subst:sg:nom:m1", "subst:sg:nom:m3", "subst:sg:nom:f",
                                          "subst:sg:nom:n:ncol"};
#define N_INDECL (sizeof INDECL_TAGS / sizeof *INDECL_TAGS)

struct kr_guesser {
  kr_mfile mf;
  const suffent *suf; uint32_t n_suf;
  const uint32_t *sig_off; uint32_t n_sig;   /* SIGS: u32 n, u32 off[n+1], data */
  const unsigned char *sig_data; uint64_t sig_len;
  int32_t *tag_map;                           /* model tag index → dict id or -1 (malloc) */
  uint32_t n_tags;
  int32_t apo_tag[N_APO][APO_TAGS];           /* APO_ENDINGS tags → dict ids, -1 none */
  int32_t indecl_tag[N_INDECL];               /* INDECL_TAGS → dict ids, -1 none */
  const kr_dict *dict;
};

static uint64_t suf_key(int table, int k, const char *s, size_t len, size_t *start) {
  size_t i = len;
  for (int j = 0; j < k; j++) {
    if (i == 0) return 0;
    i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
  }
  if (i == 0) return 0;  /* the suffix must be shorter than the word */
  if (start) *start = i;
  /* the table and k are mixed in after hashing the bytes: as an FNV seed
  ** they only flipped low bits that the first byte can flip back, so that
  ** name-table "yono" shared its key with common-table "iono" (v1 models) */
  uint64_t h = kr__hash_bytes(s + i, len - i, 0) ^ ((uint64_t)(table * 16 + k) * 0x9E3779B97F4A7C15ULL);
  return (h * 0xBF58476D1CE4E5B9ULL) | 1;
}

void kr__guesser_free(kr_guesser *g) {
  if (!g) return;
  free(g->tag_map);
  kr__mfile_close(&g->mf);
  free(g);
}

int kr__guesser_load(kr_guesser **out, const char *path, const kr_dict *dict, kr_error *err) {
  *out = NULL;
  kr_guesser *g = calloc(1, sizeof *g);
  if (!g) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  int rc = kr__mfile_open(&g->mf, path, GS_MAGIC, GS_VERSION, err);
  if (rc) { free(g); return rc; }
  const kr_msection *st = kr__mfile_section(&g->mf, "TAGS"), *ss = kr__mfile_section(&g->mf, "SIGS"),
                    *su = kr__mfile_section(&g->mf, "SUFF");
  if (!st || !ss || !su || st->size < 1 || ((const char *)st->data)[st->size - 1] != 0 || ss->size < 8 ||
      su->size % sizeof(suffent))
    goto bad;
  /* tags: NUL-separated strings */
  const char *ts = st->data;
  uint32_t nt = 0;
  for (uint64_t i = 0; i < st->size; i++) nt += ts[i] == 0;
  g->tag_map = malloc((nt + 1) * sizeof *g->tag_map);
  if (!g->tag_map) { kr__guesser_free(g); return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); }
  g->n_tags = nt;
  for (uint32_t i = 0, o = 0; i < nt; i++) {
    size_t l = strlen(ts + o);
    int id = kr__dict_tag_id(dict, ts + o, l);
    if (id < 0) {
      char norm[256];
      if (kr__tag_normalize(ts + o, l, norm, sizeof norm) >= 0) id = kr__dict_tag_id(dict, norm, strlen(norm));
    }
    g->tag_map[i] = id;
    o += (uint32_t)l + 1;
  }
  for (size_t i = 0; i < N_APO; i++)
    for (int j = 0; j < APO_TAGS; j++)
      g->apo_tag[i][j] = APO_ENDINGS[i].tags[j]
                             ? kr__dict_tag_id(dict, APO_ENDINGS[i].tags[j], strlen(APO_ENDINGS[i].tags[j]))
                             : -1;
  for (size_t i = 0; i < N_INDECL; i++) g->indecl_tag[i] = kr__dict_tag_id(dict, INDECL_TAGS[i], strlen(INDECL_TAGS[i]));
  g->dict = dict;
  const unsigned char *sd = ss->data;
  uint32_t ns;
  memcpy(&ns, sd, 4);
  if (ns > 10000000 || 8 + (uint64_t)(ns + 1) * 4 > ss->size) goto bad;
  g->n_sig = ns;
  g->sig_off = (const uint32_t *)(sd + 8);
  g->sig_data = sd + 8 + (uint64_t)(ns + 1) * 4;
  g->sig_len = ss->size - 8 - (uint64_t)(ns + 1) * 4;
  for (uint32_t i = 0; i <= ns; i++)
    if (g->sig_off[i] > g->sig_len || (i && g->sig_off[i] < g->sig_off[i - 1])) goto bad;
  g->suf = su->data;
  g->n_suf = (uint32_t)(su->size / sizeof(suffent));
  for (uint32_t i = 0; i < g->n_suf; i++)
    if (g->suf[i].sig >= ns || (i && g->suf[i].key < g->suf[i - 1].key)) goto bad;
  *out = g;
  return 0;
bad:
  kr__guesser_free(g);
  return kr__err_set(err, KR_EMODEL, 0, 0, "%s: inconsistent sizes or offsets in the guesser model", path);
}

static int suf_find(const kr_guesser *g, uint64_t key) {
  uint32_t lo = 0, hi = g->n_suf;
  while (lo < hi) {
    uint32_t m = (lo + hi) / 2;
    if (g->suf[m].key < key) lo = m + 1;
    else hi = m;
  }
  return lo < g->n_suf && g->suf[lo].key == key ? (int)lo : -1;
}

/* Signature data: u8 n, then n × (u8 cut, u8 add_len, add bytes, u16 tag). */
static int emit_sig(const kr_guesser *g, kr_arena *a, const char *form, size_t len, uint32_t sig,
                    kr_reading *out, int n, int max) {
  const unsigned char *p = g->sig_data + g->sig_off[sig], *e = g->sig_data + g->sig_off[sig + 1];
  if (p >= e) return n;
  unsigned cnt = *p++;
  for (unsigned i = 0; i < cnt && n < max; i++) {
    if (e - p < 4) break;
    unsigned cut = p[0], al = p[1];
    if ((size_t)(e - p) < 4u + al) break;
    const unsigned char *add = p + 2;
    uint16_t tg;
    memcpy(&tg, p + 2 + al, 2);
    p += 4 + al;
    if (cut >= len || tg >= g->n_tags || g->tag_map[tg] < 0) continue;
    /* a rule learned on other words may cut inside this form's character */
    if (((unsigned char)form[len - cut] & 0xC0) == 0x80) continue;
    if (!kr__utf8_valid((const char *)add, al, NULL)) continue;
    char *lem = kr__arena_alloc(a, len - cut + al + 1);
    if (!lem) return KR_ENOMEM;
    memcpy(lem, form, len - cut);
    memcpy(lem + len - cut, add, al);
    lem[len - cut + al] = 0;
    int dup = 0;
    for (int j = 0; j < n; j++) dup |= out[j].tag == g->tag_map[tg] && !strcmp(out[j].lemma, lem);
    if (dup) continue;
    out[n].lemma = lem;
    out[n].tag = (uint16_t)g->tag_map[tg];
    out[n].source = KR_SRC_GUESS;
    out[n].pad_ = 0;
    out[n].score = 0;
    n++;
  }
  return n;
}

static int guess_table(const kr_guesser *g, kr_arena *a, int table, const char *form, size_t len,
                       kr_reading *out, int n, int max, int tops) {
  for (int k = MAX_K; k >= 1; k--) {
    uint64_t key = suf_key(table, k, form, len, NULL);
    if (!key) continue;
    int i = suf_find(g, key);
    if (i < 0) continue;
    uint32_t top = g->suf[i].count;
    for (int j = 0; j < tops && (uint32_t)(i + j) < g->n_suf && g->suf[i + j].key == key; j++) {
      if (j && g->suf[i + j].count * 10 < top) break;
      n = emit_sig(g, a, form, len, g->suf[i + j].sig, out, n, max);
      if (n < 0) return n;
    }
    return n;
  }
  return n;
}

/* Upper- and lower-case letters of form[0..len). */
static void letter_counts(const char *s, size_t len, unsigned *up, unsigned *low) {
  *up = *low = 0;
  for (size_t k = 0; k < len;) {
    int32_t cp;
    int b = kr__utf8_decode(s + k, len - k, &cp);
    if (b <= 0) b = 1;
    k += (size_t)b;
    if (kr__cp_is_upper(cp)) (*up)++;
    else if (kr__cp_is_lower(cp)) (*low)++;
  }
}

static int guess_word(const kr_guesser *g, kr_arena *a, const char *form, size_t len,
                      kr_reading *out, int max);

/* "UPR-owską", "XIV-wiecznego", "al-Qaidy": only the last part inflects, so
** it alone is guessed and the part before the hyphen is kept as written.
** Returns the number of readings, 0 when the rule does not apply. */
static int guess_hyphenated(const kr_guesser *g, kr_arena *a, const char *form, size_t len,
                            kr_reading *out, int max) {
  const char *h = NULL;
  for (size_t k = len; k-- > 1;)
    if (form[k] == '-') { h = form + k; break; }
  if (!h) return 0;
  size_t pl = (size_t)(h - form) + 1, tl = len - pl;
  unsigned up, low;
  letter_counts(h + 1, tl, &up, &low);
  if (up + low < 4) return 0;  /* "NFZ-u", "PKP-owi": an ending, not a word */
  int n = guess_word(g, a, h + 1, tl, out, max);
  for (int i = 0; i < n; i++) {
    size_t ll = strlen(out[i].lemma);
    char *lem = kr__arena_alloc(a, pl + ll + 1);
    if (!lem) return KR_ENOMEM;
    memcpy(lem, form, pl);
    memcpy(lem + pl, out[i].lemma, ll + 1);
    out[i].lemma = lem;
  }
  return n;
}

/* "Partridge'a", "Joyce’owi": an apostrophe (' or ’) followed by one of
** APO_ENDINGS; the lemma is the part before it, which must have 2 letters
** or more. Returns the number of readings, 0 when the rule does not apply. */
static int guess_apostrophe(const kr_guesser *g, kr_arena *a, const char *form, size_t len,
                            kr_reading *out, int max) {
  size_t p = 0, al = 0;
  for (size_t k = len; k-- > 0;) {
    if (form[k] == '\'') { p = k; al = 1; break; }
    if (k + 3 <= len && !memcmp(form + k, "\xE2\x80\x99", 3)) { p = k; al = 3; break; }
  }
  if (!al) return 0;
  unsigned up, low;
  letter_counts(form, p, &up, &low);
  if (up + low < 2) return 0;
  const char *end = form + p + al;
  size_t el = len - p - al;
  int n = 0;
  for (size_t i = 0; i < N_APO; i++) {
    if (strlen(APO_ENDINGS[i].ending) != el || memcmp(APO_ENDINGS[i].ending, end, el)) continue;
    char *lem = kr__arena_strndup(a, form, p);
    if (!lem) return KR_ENOMEM;
    for (int j = 0; j < APO_TAGS && n < max; j++) {
      if (g->apo_tag[i][j] < 0) continue;
      out[n++] = (kr_reading){lem, (uint16_t)g->apo_tag[i][j], KR_SRC_GUESS, 0, 0};
    }
  }
  return n;
}

int kr__guesser_guess(const kr_guesser *g, kr_arena *a, const char *form, size_t len,
                      kr_reading *out, int max) {
  if (!g || !len || max <= 0) return 0;
  int n = guess_apostrophe(g, a, form, len, out, max);
  if (n) return n;
  n = guess_hyphenated(g, a, form, len, out, max);
  return n ? n : guess_word(g, a, form, len, out, max);
}

static int is_subst(const kr_guesser *g, unsigned tag) {
  const char *t = kr__dict_tag(g->dict, tag);
  return t && !strncmp(t, "subst:", 6);
}

/* Appends the INDECL_TAGS readings with the form as lemma to out[0..n)
** when none of them is a noun whose lemma is the form: foreign words and
** names are often indeclinable ("Kigali", "Yudhoyono", "expose"), and the
** tagger offers the form as lemma only with the noun classes it is given.
** Not for initials, codes and abbreviations ("J", "F1", "km": a digit or
** no vowel), nor forms in -a, -ą, -ę (mostly declined: "Schreinera") or
** another oblique or plural ending (-owi, -em, -ego, -emu, -ach, -ami, -om,
** -ów, -owie).
** Returns the new count. */
static int add_indecl(const kr_guesser *g, kr_arena *a, const char *form, size_t len, kr_reading *out,
                      int n, int max) {
  unsigned up, low;
  letter_counts(form, len, &up, &low);
  if (up + low < 2) return n;  /* "J", "F1": initials, codes */
  /* nor for a form in -a, -ą, -ę: a declined case ("Schreinera"), not a nominative */
  if (form[len - 1] == 'a' || (len >= 2 && (!memcmp(form + len - 2, "\xC4\x85", 2) || !memcmp(form + len - 2, "\xC4\x99", 2))))
    return n;
  /* nor for a Polish oblique or plural ending: "Vilbertowi", "Nettauem",
  ** "Orlemańskiego", "Legierkach", "Sknerowie" are declined */
  static const char *const OBLIQUE[] = {"owi", "em", "ego", "emu", "ach", "ami", "om", "\xC3\xB3w", "owie"};
  for (size_t i = 0; i < sizeof OBLIQUE / sizeof *OBLIQUE; i++) {
    size_t el = strlen(OBLIQUE[i]);
    if (len > el + 1 && !memcmp(form + len - el, OBLIQUE[i], el)) return n;
  }
  int vowel = 0;
  for (size_t i = 0; i < len; i++) {
    if (form[i] >= '0' && form[i] <= '9') return n;
    vowel |= strchr("aeiouyAEIOUY", form[i]) != NULL && form[i];
  }
  if (!vowel) return n;  /* "km", "pkt", "mln": abbreviations, not words */
  for (int i = 0; i < n; i++)
    if (is_subst(g, out[i].tag) && strlen(out[i].lemma) == len && !memcmp(out[i].lemma, form, len))
      return n;
  char *lem = NULL;
  for (size_t i = 0; i < N_INDECL && n < max; i++) {
    if (g->indecl_tag[i] < 0) continue;
    if (!lem && !(lem = kr__arena_strndup(a, form, len))) return KR_ENOMEM;
    out[n++] = (kr_reading){lem, (uint16_t)g->indecl_tag[i], KR_SRC_GUESS, 0, 0};
  }
  return n;
}

/* ---- spelling corrections ---------------------------------------------- */

#define CORR_MAX_LEN 64  /* longest form (bytes) corrected */
#define CORR_CAP 8       /* most corrected forms kept */

/* Letters written without their diacritic, or with the wrong one. */
static const char *const DIAC[][3] = {{"a", "\xC4\x85", NULL}, {"c", "\xC4\x87", NULL}, {"e", "\xC4\x99", NULL},
                                      {"l", "\xC5\x82", NULL}, {"n", "\xC5\x84", NULL}, {"o", "\xC3\xB3", NULL},
                                      {"s", "\xC5\x9B", NULL}, {"z", "\xC5\xBA", "\xC5\xBC"}};
#define N_DIAC (sizeof DIAC / sizeof *DIAC)

typedef struct corrset {
  char s[CORR_CAP][CORR_MAX_LEN + 4];
  uint8_t len[CORR_CAP];
  int n;
} corrset;

/* Does s[0..len) followed by the form separator lead on from `node`? */
static int fsa_has(const kr_cfsa2 *f, uint32_t node, const char *s, size_t len) {
  if (node && len) node = kr__cfsa2_walk(f, node, (const uint8_t *)s, len);
  return node && kr__cfsa2_find(f, node, ';') != 0;
}

/* Dictionary forms that differ from form[0..len) by one letter swapped
** within a DIAC group (a ↔ ą, o ↔ ó, z ↔ ź ↔ ż...). The prefix is walked
** once; each swap walks only the rest of the word. */
static void corrections(const kr_cfsa2 *f, corrset *c, const char *form, size_t len) {
  uint32_t node = f->root;
  for (size_t p = 0; p < len && node;) {
    int32_t cp;
    int b = kr__utf8_decode(form + p, len - p, &cp);
    size_t cl = (size_t)(b > 0 ? b : 1), q = p + cl;
    for (size_t gi = 0; gi < N_DIAC; gi++) {
      int in = 0;
      for (int j = 0; j < 3 && DIAC[gi][j]; j++) in |= strlen(DIAC[gi][j]) == cl && !memcmp(DIAC[gi][j], form + p, cl);
      for (int j = 0; in && j < 3 && DIAC[gi][j]; j++) {
        const char *y = DIAC[gi][j];
        size_t yl = strlen(y), l = p + yl + len - q;
        if ((yl == cl && !memcmp(y, form + p, cl)) || l > CORR_MAX_LEN || c->n == CORR_CAP) continue;
        if (!fsa_has(f, kr__cfsa2_walk(f, node, (const uint8_t *)y, yl), form + q, len - q)) continue;
        memcpy(c->s[c->n], form, p);
        memcpy(c->s[c->n] + p, y, yl);
        memcpy(c->s[c->n] + p + yl, form + q, len - q);
        c->len[c->n++] = (uint8_t)l;
      }
    }
    node = kr__cfsa2_walk(f, node, (const uint8_t *)form + p, cl);
    p = q;
  }
}

typedef struct corr_ctx { kr_arena *a; kr_reading *out; int n, max, oom; } corr_ctx;

static int on_corr(void *ctx, const char *lemma, size_t ll, unsigned tag) {
  corr_ctx *x = ctx;
  if (x->n >= x->max) return 0;
  for (int i = 0; i < x->n; i++)
    if (x->out[i].tag == tag && !strncmp(x->out[i].lemma, lemma, ll) && !x->out[i].lemma[ll]) return 0;
  char *l = kr__arena_strndup(x->a, lemma, ll);
  if (!l) { x->oom = 1; return -1; }
  x->out[x->n++] = (kr_reading){l, (uint16_t)tag, KR_SRC_CORR, 0, 0};
  return 0;
}

/* Puts the dictionary readings of the forms a diacritic swap makes of
** form[0..len), a lower-case word the dictionary lacks, before its suffix
** readings out[0..n): "mogł" → mógł, "ciężarowek" → ciężarówek. Returns the
** new count. */
static int add_corrections(const kr_guesser *g, kr_arena *a, const char *form, size_t len, kr_reading *out,
                           int n, int max) {
  if (len > CORR_MAX_LEN || len < 4) return n;
  const kr_cfsa2 *f = kr__dict_fsa(g->dict);
  if (fsa_has(f, f->root, form, len)) return n;  /* a dictionary word ("latka" in "14-latka") */
  corrset c;
  c.n = 0;
  corrections(f, &c, form, len);
  if (!c.n) return n;
  kr_reading front[64];
  corr_ctx x = {a, front, 0, 64, 0};
  for (int i = 0; i < c.n && !x.oom; i++) kr__dict_lookup_exact(g->dict, c.s[i], c.len[i], on_corr, &x);
  if (x.oom) return KR_ENOMEM;
  int m = x.n < max ? x.n : max;
  if (n + m > max) n = max - m;
  memmove(out + m, out, (size_t)n * sizeof *out);
  memcpy(out, front, (size_t)m * sizeof *out);
  n += m;
  return n;
}

static int guess_word(const kr_guesser *g, kr_arena *a, const char *form, size_t len,
                      kr_reading *out, int max) {
  int32_t cp;
  kr__utf8_decode(form, len, &cp);
  int n = 0;
  unsigned up, low;
  letter_counts(form, len, &up, &low);
  /* an acronym ("NFZ", "OHIM") is not a common word written in capitals:
  ** only the name table applies (the tagger then keeps the form as lemma) */
  if (up >= 2 && low == 0) return guess_table(g, a, 1, form, len, out, 0, max, TOPS);
  if (kr__cp_is_upper(cp)) {
    n = guess_table(g, a, 1, form, len, out, 0, max, TOPS);
    if (n < 0) return n;
    size_t ll;
    char *lower = kr__utf8_lower(a, form, len, &ll);
    if (!lower) return KR_ENOMEM;
    int n0 = n;
    n = guess_table(g, a, 0, lower, ll, out, n, max, 2);
    if (n < 0) return n;
    /* the common-word readings twice: with the lemma capitalised as the form
    ** is (a name: "Cintry" → Cintra), then lower-cased (a sentence's first word) */
    int m = n - n0;
    if (n + m > max) m = max - n;
    memmove(out + n0 + m, out + n0, (size_t)(n - n0) * sizeof *out);
    int k = n0;  /* capitalised copies go to out[n0..k), those the name table gave left out */
    for (int i = 0; i < m; i++) {
      size_t ol;
      kr_reading r = out[n0 + m + i];
      char *c = kr__utf8_upper_first(a, r.lemma, strlen(r.lemma), &ol);
      if (!c) return KR_ENOMEM;
      int dup = 0;
      for (int j = 0; j < n0 && !dup; j++) dup = out[j].tag == r.tag && !strcmp(out[j].lemma, c);
      if (dup) continue;
      r.lemma = c;
      out[k++] = r;
    }
    memmove(out + k, out + n0 + m, (size_t)(n - n0) * sizeof *out);
    n = add_indecl(g, a, form, len, out, k + (n - n0), max);
  } else {
    n = guess_table(g, a, 0, form, len, out, 0, max, TOPS);
    if (n >= 0) n = add_indecl(g, a, form, len, out, n, max);
    if (n >= 0) n = add_corrections(g, a, form, len, out, n, max);
  }
  return n;
}

/* ======================================================================= */
/* training                                                                 */

typedef struct sigtab { char **s; uint32_t *len; uint32_t n, cap; uint32_t *slot; uint32_t scap; } sigtab;

static int sig_id(sigtab *t, const char *s, uint32_t len) {
  if (t->scap == 0 || t->n * 2 >= t->scap) {
    uint32_t nc = t->scap ? t->scap * 2 : 1u << 16;
    uint32_t *ns = malloc(nc * sizeof *ns);
    if (!ns) return -1;
    for (uint32_t i = 0; i < nc; i++) ns[i] = UINT32_MAX;
    for (uint32_t i = 0; i < t->n; i++) {
      uint32_t h = (uint32_t)kr__hash_bytes(t->s[i], t->len[i], 0) & (nc - 1);
      while (ns[h] != UINT32_MAX) h = (h + 1) & (nc - 1);
      ns[h] = i;
    }
    free(t->slot);
    t->slot = ns;
    t->scap = nc;
  }
  uint32_t h = (uint32_t)kr__hash_bytes(s, len, 0) & (t->scap - 1);
  while (t->slot[h] != UINT32_MAX) {
    uint32_t i = t->slot[h];
    if (t->len[i] == len && !memcmp(t->s[i], s, len)) return (int)i;
    h = (h + 1) & (t->scap - 1);
  }
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 1024;
    char **x = realloc(t->s, t->cap * sizeof *x);
    uint32_t *y = realloc(t->len, t->cap * sizeof *y);
    if (x) t->s = x;
    if (y) t->len = y;
    if (!x || !y) return -1;
  }
  char *c = malloc(len ? len : 1);
  if (!c) return -1;
  memcpy(c, s, len);
  t->s[t->n] = c;
  t->len[t->n] = len;
  t->slot[h] = t->n;
  return (int)t->n++;
}

static void sigtab_free(sigtab *t) {
  for (uint32_t i = 0; i < t->n; i++) free(t->s[i]);
  free(t->s);
  free(t->len);
  free(t->slot);
}

typedef struct counts { suffent *e; uint64_t cap, n; } counts;

static int count_add_w(counts *c, uint64_t key, uint32_t sig, uint32_t w);
static int count_add(counts *c, uint64_t key, uint32_t sig) { return count_add_w(c, key, sig, 1); }

static int count_add_w(counts *c, uint64_t key, uint32_t sig, uint32_t w) {
  if (c->n * 2 >= c->cap) {
    uint64_t nc = c->cap ? c->cap * 2 : (1u << 22);
    suffent *ne = calloc(nc, sizeof *ne);
    if (!ne) return -1;
    for (uint64_t i = 0; i < c->cap; i++)
      if (c->e[i].key) {
        uint64_t h = (c->e[i].key ^ (c->e[i].sig * 0x9E3779B97F4A7C15ULL)) & (nc - 1);
        while (ne[h].key) h = (h + 1) & (nc - 1);
        ne[h] = c->e[i];
      }
    free(c->e);
    c->e = ne;
    c->cap = nc;
  }
  uint64_t h = (key ^ (sig * 0x9E3779B97F4A7C15ULL)) & (c->cap - 1);
  while (c->e[h].key && !(c->e[h].key == key && c->e[h].sig == sig)) h = (h + 1) & (c->cap - 1);
  if (!c->e[h].key) { c->e[h].key = key; c->e[h].sig = sig; c->n++; }
  c->e[h].count += w;
  return 0;
}

typedef struct ana { uint8_t cut; uint8_t add_len; char add[40]; uint16_t tag; } ana;

typedef struct gtrain {
  const kr_dict *dict;
  sigtab sigs;
  counts cnt;
  ana a[64]; int na;
  const char *form; size_t form_len;
  uint16_t *dtag_to_model;  /* dict tag id → model tag index + 1 (0: none yet) */
  char **tags; uint32_t n_tags;
  char prev[256]; size_t prev_len;
  uint64_t n_forms;
  int oom;
} gtrain;

static int ana_cmp(const void *x, const void *y) { return memcmp(x, y, sizeof(ana)); }

static int model_tag(gtrain *g, unsigned dtag) {
  if (!g->dtag_to_model[dtag]) {
    const char *s = kr__dict_tag(g->dict, dtag);
    char **x = realloc(g->tags, (g->n_tags + 1) * sizeof *x);
    if (!x || !s) return -1;
    g->tags = x;
    g->tags[g->n_tags] = strdup(s);
    if (!g->tags[g->n_tags]) return -1;
    g->dtag_to_model[dtag] = (uint16_t)(++g->n_tags);
  }
  return g->dtag_to_model[dtag] - 1;
}

static int on_analysis(void *ctx, const char *lemma, size_t ll, unsigned tag) {
  gtrain *g = ctx;
  if (g->na >= 64) return 0;
  size_t p = 0, fl = g->form_len;
  while (p < fl && p < ll && g->form[p] == lemma[p]) p++;
  while (p > 0 && ((unsigned char)g->form[p] & 0xC0) == 0x80 && p < fl) p--;
  if (fl - p > 255 || ll - p >= 40) return 0;
  int mt = model_tag(g, tag);
  if (mt < 0) { g->oom = 1; return -1; }
  ana *a = &g->a[g->na++];
  memset(a, 0, sizeof *a);
  a->cut = (uint8_t)(fl - p);
  a->add_len = (uint8_t)(ll - p);
  memcpy(a->add, lemma + p, ll - p);
  a->tag = (uint16_t)mt;
  return 0;
}

static int record_form(gtrain *g, const char *form, size_t len) {
  if (!g->na) return 0;
  qsort(g->a, (size_t)g->na, sizeof(ana), ana_cmp);
  char buf[64 * 44 + 1];
  uint32_t bl = 0;
  buf[bl++] = (char)g->na;
  for (int i = 0; i < g->na; i++) {
    buf[bl++] = (char)g->a[i].cut;
    buf[bl++] = (char)g->a[i].add_len;
    memcpy(buf + bl, g->a[i].add, g->a[i].add_len);
    bl += g->a[i].add_len;
    memcpy(buf + bl, &g->a[i].tag, 2);
    bl += 2;
  }
  int sid = sig_id(&g->sigs, buf, bl);
  if (sid < 0) return -1;
  int32_t cp;
  kr__utf8_decode(form, len, &cp);
  int table = kr__cp_is_upper(cp) ? 1 : 0;
  for (int k = 1; k <= MAX_K; k++) {
    uint64_t key = suf_key(table, k, form, len, NULL);
    if (!key) break;
    if (count_add(&g->cnt, key, (uint32_t)sid)) return -1;
  }
  g->n_forms++;
  return 0;
}

static int on_seq(void *ctx, const uint8_t *seq, size_t len) {
  gtrain *g = ctx;
  const uint8_t *sep = memchr(seq, ';', len);
  if (!sep) return 0;
  size_t fl = (size_t)(sep - seq);
  if (fl == 0 || fl >= sizeof g->prev || memchr(seq, ' ', fl)) return 0;
  if (fl == g->prev_len && !memcmp(g->prev, seq, fl)) return 0;
  memcpy(g->prev, seq, fl);
  g->prev_len = fl;
  g->na = 0;
  g->form = g->prev;
  g->form_len = fl;
  kr__dict_lookup_exact(g->dict, g->prev, fl, on_analysis, g);
  if (g->oom || record_form(g, g->prev, fl)) { g->oom = 1; return -1; }
  return 0;
}

static int suf_cmp(const void *x, const void *y) {
  const suffent *a = x, *b = y;
  if (a->key != b->key) return a->key < b->key ? -1 : 1;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return a->sig < b->sig ? -1 : a->sig > b->sig;
}

/* SGJP geographical names: "form\tlemma\ttag\t..." lines. */
static int read_names(gtrain *g, const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/sgjp-20160310-geograficzne.tab", dir);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    char *form = line, *lemma = strchr(form, '\t');
    if (!lemma) continue;
    *lemma++ = 0;
    char *tag = strchr(lemma, '\t');
    if (!tag) continue;
    *tag++ = 0;
    char *e = strchr(tag, '\t');
    if (e) *e = 0;
    char norm[256];
    int id = -1;
    for (char *t = tag; t && *t;) {   /* tags may be packed with '|' */
      char *bar = strchr(t, '|');
      if (bar) *bar = 0;
      if (kr__tag_normalize(t, strlen(t), norm, sizeof norm) >= 0) id = kr__dict_tag_id(g->dict, norm, strlen(norm));
      if (id < 0) id = kr__dict_tag_id(g->dict, t, strlen(t));
      if (id >= 0) break;
      t = bar ? bar + 1 : NULL;
    }
    if (id < 0 || strchr(form, ' ')) continue;
    g->na = 0;
    g->form = form;
    g->form_len = strlen(form);
    if (on_analysis(g, lemma, strlen(lemma), (unsigned)id) < 0 || record_form(g, form, strlen(form))) {
      fclose(f);
      return -1;
    }
  }
  fclose(f);
  return 0;
}

/* Polem inflection rules "tag formSuffix lemmaSuffix count prob" (person
** surnames, locations): each rule becomes a one-analysis signature counted
** (weight min(count, 20)) under every suffix of formSuffix, in the
** capitalised table. */
static int read_rules(gtrain *g, const char *dir, const char *file) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    char *fld[5];
    int nf = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = 0;
    while (nf < 5) {  /* single spaces separate fields; an empty field is allowed */
      fld[nf++] = p;
      char *sp = strchr(p, ' ');
      if (!sp) break;
      *sp = 0;
      p = sp + 1;
    }
    if (nf < 4) continue;
    const char *tag = fld[0], *fs = fld[1], *ls = fld[2];
    long cnt = strtol(fld[3], NULL, 10);
    size_t fl = strlen(fs), ll = strlen(ls);
    if (cnt < 2 || fl == 0 || fl > 200 || ll >= 40 || strchr(fs, '-') || strchr(ls, '-')) continue;
    char norm[256];
    int id = -1;
    if (kr__tag_normalize(tag, strlen(tag), norm, sizeof norm) >= 0) id = kr__dict_tag_id(g->dict, norm, strlen(norm));
    if (id < 0) id = kr__dict_tag_id(g->dict, tag, strlen(tag));
    if (id < 0) continue;
    int mt = model_tag(g, (unsigned)id);
    if (mt < 0) return -1;
    char buf[64];
    uint32_t bl = 0;
    uint16_t t16 = (uint16_t)mt;
    buf[bl++] = 1;
    buf[bl++] = (char)fl;
    buf[bl++] = (char)ll;
    memcpy(buf + bl, ls, ll);
    bl += (uint32_t)ll;
    memcpy(buf + bl, &t16, 2);
    bl += 2;
    int sid = sig_id(&g->sigs, buf, bl);
    if (sid < 0) return -1;
    /* keys: the last k code points of the form suffix, preceded by at least one
    ** more code point in a real word (suf_key needs the suffix shorter than the word) */
    char tmp[256];
    tmp[0] = 'X';
    memcpy(tmp + 1, fs, fl);
    size_t cps = 0;
    for (size_t i = 0; i < fl; i++) cps += ((unsigned char)fs[i] & 0xC0) != 0x80;
    for (int k = 1; k <= MAX_K && (size_t)k <= cps; k++) {
      uint64_t key = suf_key(1, k, tmp, fl + 1, NULL);
      if (!key) break;
      if (count_add_w(&g->cnt, key, (uint32_t)sid, cnt > 20 ? 20u : (uint32_t)cnt)) return -1;
    }
  }
  fclose(f);
  return 0;
}

/* NELexicon first names (nominative): "category\tname" lines; the form is
** its own lemma (subst:sg:nom, gender f for names in -a, else m1). */
static int read_first_names(gtrain *g, const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/nelexicon2_nam_liv_person_first.txt", dir);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  int idf = kr__dict_tag_id(g->dict, "subst:sg:nom:f", 14), idm = kr__dict_tag_id(g->dict, "subst:sg:nom:m1", 15);
  char line[512];
  while (idf >= 0 && idm >= 0 && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    char *name = strchr(line, '\t');
    if (!name || !*++name || strchr(name, ' ')) continue;
    size_t l = strlen(name);
    g->na = 0;
    g->form = name;
    g->form_len = l;
    if (on_analysis(g, name, l, (unsigned)(name[l - 1] == 'a' ? idf : idm)) < 0 || record_form(g, name, l)) {
      fclose(f);
      return -1;
    }
  }
  fclose(f);
  return 0;
}

int kr__guesser_train(const kr_dict *dict, const kr_guesser_train_opts *opt, const char *out_path,
                      kr_error *err) {
  gtrain g;
  memset(&g, 0, sizeof g);
  g.dict = dict;
  int rc = 0;
  suffent *keep = NULL;
  char *tagbuf = NULL, *sigbuf = NULL;
  g.dtag_to_model = calloc(kr__dict_n_tags(dict) + 1, sizeof *g.dtag_to_model);
  if (!g.dtag_to_model) { rc = KR_ENOMEM; goto done; }
  const kr_cfsa2 *fsa = kr__dict_fsa(dict);
  int r = kr__cfsa2_enum(fsa, fsa->root, on_seq, &g, 0);
  if (g.oom) { rc = KR_ENOMEM; goto done; }
  if (r < 0) { rc = kr__err_set(err, KR_EDICT, 0, 0, "dictionary enumeration failed"); goto done; }
  kr__progressf(opt->progress, opt->progress_ctx, "guesser: %llu dictionary forms, %u signatures",
                (unsigned long long)g.n_forms, g.sigs.n);
  if (opt->names_dir && (read_names(&g, opt->names_dir) ||
                         (!getenv("KR_GUESS_NORULES") &&
                          (read_rules(&g, opt->names_dir, "inflection_nam_liv_person_last.txt") ||
                           read_rules(&g, opt->names_dir, "inflection_nam_loc.txt"))) ||
                         (!getenv("KR_GUESS_NOFIRST") && read_first_names(&g, opt->names_dir)))) {
    rc = KR_ENOMEM;
    goto done;
  }
  /* compact, sort, keep the top signatures of each suffix seen twice */
  uint64_t m = 0;
  for (uint64_t i = 0; i < g.cnt.cap; i++)
    if (g.cnt.e[i].key && g.cnt.e[i].count >= 2) g.cnt.e[m++] = g.cnt.e[i];
  qsort(g.cnt.e, m, sizeof(suffent), suf_cmp);
  keep = malloc((m + 1) * sizeof *keep);
  if (!keep) { rc = KR_ENOMEM; goto done; }
  uint64_t nk = 0;
  uint32_t *used = calloc(g.sigs.n + 1, sizeof *used);
  if (!used) { rc = KR_ENOMEM; goto done; }
  for (uint64_t i = 0; i < m;) {
    uint64_t j = i;
    while (j < m && g.cnt.e[j].key == g.cnt.e[i].key) j++;
    for (uint64_t k = i; k < j && k < i + TOPS; k++) {
      keep[nk++] = g.cnt.e[k];
      used[g.cnt.e[k].sig] = 1;
    }
    i = j;
  }
  /* renumber used signatures */
  uint32_t ns = 0;
  size_t sig_len = 0;
  for (uint32_t i = 0; i < g.sigs.n; i++)
    if (used[i]) { used[i] = ++ns; sig_len += g.sigs.len[i]; }
  for (uint64_t i = 0; i < nk; i++) keep[i].sig = used[keep[i].sig] - 1;
  size_t sb_len = 8 + (size_t)(ns + 1) * 4 + sig_len;
  sigbuf = calloc(1, sb_len);
  if (!sigbuf) { free(used); rc = KR_ENOMEM; goto done; }
  memcpy(sigbuf, &ns, 4);
  uint32_t o = 0, si = 0;
  char *data = sigbuf + 8 + (size_t)(ns + 1) * 4;
  for (uint32_t i = 0; i < g.sigs.n; i++) {
    if (!used[i]) continue;
    memcpy(sigbuf + 8 + (size_t)si * 4, &o, 4);
    memcpy(data + o, g.sigs.s[i], g.sigs.len[i]);
    o += g.sigs.len[i];
    si++;
  }
  memcpy(sigbuf + 8 + (size_t)ns * 4, &o, 4);
  free(used);
  size_t tl = 0;
  for (uint32_t i = 0; i < g.n_tags; i++) tl += strlen(g.tags[i]) + 1;
  tagbuf = malloc(tl + 1);
  if (!tagbuf) { rc = KR_ENOMEM; goto done; }
  tl = 0;
  for (uint32_t i = 0; i < g.n_tags; i++) {
    size_t l = strlen(g.tags[i]) + 1;
    memcpy(tagbuf + tl, g.tags[i], l);
    tl += l;
  }
  const char *meta = opt->meta ? opt->meta : "";
  kr_msection sec[4] = {{"TAGS", tagbuf, tl},
                        {"SIGS", sigbuf, sb_len},
                        {"SUFF", keep, nk * sizeof *keep},
                        {"META", meta, strlen(meta) + 1}};
  rc = kr__mfile_write(out_path, GS_MAGIC, GS_VERSION, sec, 4, err);
  if (!rc)
    kr__progressf(opt->progress, opt->progress_ctx, "guesser: %llu suffix rules, %u signatures, %u tags; wrote %s",
                  (unsigned long long)nk, ns, g.n_tags, out_path);
done:
  if (rc == KR_ENOMEM) kr__err_set(err, rc, 0, 0, "out of memory while training the guesser");
  for (uint32_t i = 0; i < g.n_tags; i++) free(g.tags[i]);
  free(g.tags);
  free(g.dtag_to_model);
  free(g.cnt.e);
  sigtab_free(&g.sigs);
  free(keep);
  free(tagbuf);
  free(sigbuf);
  return rc;
}
