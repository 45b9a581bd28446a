/*
** quotes.c — direct and reported speech, with speakers (the quotes layer).
**
** Exports kr__quotes_load / kr__quotes_free / kr__quotes_run (resources.h).
**
** Lexicons (data/quotes, see its README): speech_verbs.tsv, hashed by lemma
** (without "się"; a reflexive row needs "się" within three tokens), and
** source_phrases.tsv, hashed by the first word of each pattern. Only the
** patterns that start with a word and hold neither SAY nor „…” are matched
** as phrases ("według {X:gen}", "jak podać {M:nom}"); the others describe
** attributions that the direct-quote rules below find by themselves.
**
** The run, over a document whose entities are done:
**   1. per token: the best mention covering it (longest, a person first);
**      per entity: grammatical gender from its person mentions' tags;
**   2. quotation marks are paired within a paragraph (any of „…” ,,…” “…”
**      "…" «…» »…« ‘…’ ‚…’ '…'; inner marks of another style nest); an
**      opening mark left open at the paragraph's end (or after 400 tokens)
**      is dropped and the scan resumes right after it, so an unbalanced mark
**      never swallows the text. Inside a pair, "– SAYVERB … –" splits the
**      quote around its attribution. A paragraph opening with a dash is a
**      dialogue line: the words up to "– SAYVERB" are a quote, and so are
**      the words after the attribution's closing dash;
**   3. speech verbs: a token whose chosen (or any verbal) reading's lemma is
**      in the lexicon and whose complement pattern ("+nadzieja", "+do:gen")
**      is present; verbs inside quotes are not cues;
**   4. the speaker of each speech verb, in text order: the nominative
**      subject — a mention, a capitalised word naming part of a person in
**      the document ("Pak" → Pak Thae Song), or a common-noun phrase
**      ("rzecznik resortu"); searched after the verb first when the verb
**      follows a dash, comma or quote (inverted attribution), else before
**      it. None found: a dropped subject, resolved to the nearest earlier
**      person (subjects first) within three sentences whose gender fits the
**      verb's ("powiedziała" → a woman). A medium subject (actor …MED, or a
**      noun like "agencja") of a `report` verb is not the speaker;
**   5. each quoted span gets a cue: the verb of an attribution right after
**      it ("…” – powiedział"), before it ("powiedział: „…”", "– dodał –
**      „…”"), a dash attribution later in the sentence, or the nearest
**      speech verb of its sentence; its speaker is that verb's, or, when that
**      is a medium, the speaker of another speech verb in the sentence.
**      A quoted span without a cue is kept only when it fills its sentence(s)
**      (the speaker of the previous quote goes on); titles and scare quotes
**      are left out;
**   6. reported speech: a speech verb followed within its clause by "że"
**      (takes_ze), "by/aby/żeby" (takes_by) or "czy" (ask) — the text is the
**      clause after it up to the sentence end; a pattern verb without it
**      ("wyraził gotowość do …") reports from its pattern noun on;
**   7. source phrases ("według X", "zdaniem X", "jak podała agencja X"):
**      the rest of the sentence is reported speech of X (none when X is a
**      medium).
** Quotes are sorted by start; exact duplicates are dropped.
** Memory: the lexicon is malloc'd once at load (one buffer per file plus
** tables); everything per document lives in the document's arena.
*/
#include "resources.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

/* ---- lexicon ----------------------------------------------------------- */

enum { VK_SAY = 0, VK_REPORT, VK_THINK, VK_ASK, VK_WRITE };
enum { PAT_NONE = 0, PAT_LEMMA, PAT_PREP };

typedef struct verb_row {
  const char *lemma;        /* without " się" */
  const char *pat;          /* pattern lemma or preposition; NULL when none */
  int32_t next;             /* next row with the same lemma, -1 */
  uint8_t kind, takes_ze, takes_by, refl, pat_kind;
} verb_row;

enum { IT_WORD = 0, IT_SLOT, IT_SAY, IT_QUOTE, IT_PUNCT };
#define PH_MAX_ITEMS 8

typedef struct phrase_item {
  const char *word;         /* IT_WORD, IT_PUNCT */
  uint8_t type;
  char slot;                /* 'X', 'M', 'A' */
  char kase[5];             /* "nom"... "inst" */
} phrase_item;

typedef struct phrase_row {
  phrase_item items[PH_MAX_ITEMS];
  uint8_t n_items;
  char speaker;             /* 'X', 'S' (subject), '-' */
  char medium;              /* 'M', '-' */
  uint8_t direct;
  uint8_t usable;           /* starts with a word, no SAY / quote */
  int32_t next;             /* next usable row with the same first word */
} phrase_row;

typedef struct hslot { const char *key; int32_t first; } hslot;
typedef struct htab { hslot *slots; uint32_t mask; } htab;

struct kr_quote_lex {
  char *buf[2];             /* the files' contents, fields NUL-terminated in place */
  verb_row *verbs; uint32_t n_verbs;
  phrase_row *phrases; uint32_t n_phrases;
  htab verb_ix, phrase_ix;
};

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
  return h;
}

static int htab_init(htab *t, uint32_t n) {
  uint32_t cap = 16;
  while (cap < n * 2 + 1) cap <<= 1;
  t->slots = calloc(cap, sizeof *t->slots);
  t->mask = cap - 1;
  return t->slots ? 0 : KR_ENOMEM;
}

static hslot *htab_slot(const htab *t, const char *key) {
  uint32_t i = hash_str(key) & t->mask;
  while (t->slots[i].key && strcmp(t->slots[i].key, key)) i = (i + 1) & t->mask;
  return &t->slots[i];
}

static int32_t htab_get(const htab *t, const char *key) {
  if (!t->slots || !key) return -1;
  const hslot *s = htab_slot(t, key);
  return s->key ? s->first : -1;
}

static int kind_of(const char *s) {
  static const char *const names[] = {"say", "report", "think", "ask", "write"};
  for (int i = 0; i < 5; i++)
    if (!strcmp(s, names[i])) return i;
  return -1;
}

static bool bit01(const char *s) { return (s[0] == '0' || s[0] == '1') && !s[1]; }

static int load_verbs(kr_quote_lex *q, char *buf, const char *path, kr_error *err) {
  char *cur = buf, *line, *f[8];
  uint32_t lineno = 0, cap = 0;
  int header = 1;
  while ((line = kr__data_line(&cur, &lineno))) {
    int n = kr__tab_fields(line, f, 6);
    if (header) {
      header = 0;
      if (n < 5 || strcmp(f[0], "lemma") || strcmp(f[1], "kind"))
        return kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: expected the header 'lemma kind takes_ze takes_by pattern note'", path, lineno);
      continue;
    }
    int kind = n >= 4 ? kind_of(f[1]) : -1;
    if (n < 4 || n > 6 || !f[0][0] || kind < 0 || !bit01(f[2]) || !bit01(f[3]) || (n >= 5 && f[4][0] && f[4][0] != '+'))
      return kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: bad row (lemma, kind say|report|think|ask|write, takes_ze 0|1, takes_by 0|1, pattern '+…')", path, lineno);
    if (q->n_verbs == cap) {
      cap = cap ? cap * 2 : 256;
      verb_row *v = realloc(q->verbs, cap * sizeof *v);
      if (!v) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
      q->verbs = v;
    }
    verb_row *v = &q->verbs[q->n_verbs];
    memset(v, 0, sizeof *v);
    char *sp = strstr(f[0], " się");
    if (sp && !sp[4]) { *sp = '\0'; v->refl = 1; }
    v->lemma = f[0];
    v->kind = (uint8_t)kind;
    v->takes_ze = f[2][0] == '1';
    v->takes_by = f[3][0] == '1';
    if (n >= 5 && f[4][0]) {
      char *p = f[4] + 1, *colon = strchr(p, ':');
      if (!*p) return kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: empty pattern", path, lineno);
      if (colon) { *colon = '\0'; v->pat_kind = PAT_PREP; }
      else v->pat_kind = PAT_LEMMA;
      v->pat = p;
    }
    q->n_verbs++;
  }
  if (header) return kr__err_set(err, KR_EDATA, 0, 0, "%s: no header", path);
  return 0;
}

static int parse_item(char *w, phrase_item *it) {
  memset(it, 0, sizeof *it);
  size_t l = strlen(w);
  if (w[0] == '{') {
    if (l < 7 || w[l - 1] != '}' || w[2] != ':' || !strchr("XMA", w[1])) return -1;
    w[l - 1] = '\0';
    static const char *const cases[] = {"nom", "gen", "dat", "acc", "inst", "loc"};
    int ok = 0;
    for (int i = 0; i < 6; i++) ok |= !strcmp(w + 3, cases[i]);
    if (!ok) return -1;
    it->type = IT_SLOT;
    it->slot = w[1];
    snprintf(it->kase, sizeof it->kase, "%s", w + 3);
  } else if (!strcmp(w, "SAY")) {
    it->type = IT_SAY;
  } else if (!strcmp(w, "„…”")) {
    it->type = IT_QUOTE;
  } else if (!strcmp(w, ",") || !strcmp(w, ":") || !strcmp(w, "–")) {
    it->type = IT_PUNCT;
    it->word = w;
  } else {
    it->type = IT_WORD;
    it->word = w;
  }
  return 0;
}

static int load_phrases(kr_quote_lex *q, char *buf, const char *path, kr_error *err) {
  char *cur = buf, *line, *f[8];
  uint32_t lineno = 0, cap = 0;
  int header = 1;
  while ((line = kr__data_line(&cur, &lineno))) {
    int n = kr__tab_fields(line, f, 6);
    if (header) {
      header = 0;
      if (n < 5 || strcmp(f[0], "pattern") || strcmp(f[2], "speaker"))
        return kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: expected the header 'pattern example speaker medium quote_kind note'", path, lineno);
      continue;
    }
    if (n < 5 || n > 6 || !f[0][0] || (strcmp(f[2], "X") && strcmp(f[2], "subject") && strcmp(f[2], "-")) ||
        (strcmp(f[3], "M") && strcmp(f[3], "-")) || (strcmp(f[4], "direct") && strcmp(f[4], "indirect")))
      return kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: bad row (pattern, example, speaker X|subject|-, medium M|-, quote_kind direct|indirect)", path, lineno);
    if (q->n_phrases == cap) {
      cap = cap ? cap * 2 : 64;
      phrase_row *p = realloc(q->phrases, cap * sizeof *p);
      if (!p) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
      q->phrases = p;
    }
    phrase_row *r = &q->phrases[q->n_phrases];
    memset(r, 0, sizeof *r);
    char *save = NULL;
    for (char *w = strtok_r(f[0], " ", &save); w; w = strtok_r(NULL, " ", &save)) {
      if (r->n_items == PH_MAX_ITEMS || parse_item(w, &r->items[r->n_items]))
        return kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: bad pattern item '%s'", path, lineno, w);
      r->n_items++;
    }
    if (!r->n_items) return kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: empty pattern", path, lineno);
    r->speaker = f[2][0] == 's' ? 'S' : f[2][0];
    r->medium = f[3][0];
    r->direct = f[4][0] == 'd';
    r->usable = r->items[0].type == IT_WORD;
    for (int i = 0; i < r->n_items; i++)
      if (r->items[i].type == IT_SAY || r->items[i].type == IT_QUOTE) r->usable = 0;
    r->next = -1;
    q->n_phrases++;
  }
  if (header) return kr__err_set(err, KR_EDATA, 0, 0, "%s: no header", path);
  return 0;
}

int kr__quotes_load(kr_quote_lex **out, const char *data_dir, const kr_dict *dict, kr_error *err) {
  int rc = 0, missing[2] = {0, 0};
  char path[2][1024];
  *out = NULL;
  if (!data_dir) return 0;
  kr_quote_lex *q = calloc(1, sizeof *q);
  if (!q) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  snprintf(path[0], sizeof path[0], "%s/quotes/speech_verbs.tsv", data_dir);
  snprintf(path[1], sizeof path[1], "%s/quotes/source_phrases.tsv", data_dir);
  for (int i = 0; i < 2; i++) {
    q->buf[i] = kr__file_slurp(path[i], &missing[i]);
    if (!q->buf[i] && !missing[i]) {
      rc = kr__err_set(err, KR_EDATA, 0, 0, "%s: cannot read", path[i]);
      goto cleanup;
    }
  }
  if (missing[0]) {     /* no quote lexicon: the layer stays empty */
    kr__quotes_free(q);
    return 0;
  }
  if ((rc = load_verbs(q, q->buf[0], path[0], err))) goto cleanup;
  if (q->buf[1] && (rc = load_phrases(q, q->buf[1], path[1], err))) goto cleanup;
  if ((rc = htab_init(&q->verb_ix, q->n_verbs)) || (rc = htab_init(&q->phrase_ix, q->n_phrases + 1))) {
    rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    goto cleanup;
  }
  /* chain rows with the same key, keeping file order */
  for (uint32_t i = q->n_verbs; i-- > 0;) {
    hslot *s = htab_slot(&q->verb_ix, q->verbs[i].lemma);
    q->verbs[i].next = s->key ? s->first : -1;
    s->key = q->verbs[i].lemma;
    s->first = (int32_t)i;
  }
  for (uint32_t i = q->n_phrases; i-- > 0;) {
    phrase_row *r = &q->phrases[i];
    if (!r->usable) continue;
    hslot *s = htab_slot(&q->phrase_ix, r->items[0].word);
    r->next = s->key ? s->first : -1;
    s->key = r->items[0].word;
    s->first = (int32_t)i;
  }
  *out = q;
  return 0;
cleanup:
  kr__quotes_free(q);
  return rc;
}

void kr__quotes_free(kr_quote_lex *q) {
  if (!q) return;
  free(q->buf[0]);
  free(q->buf[1]);
  free(q->verbs);
  free(q->phrases);
  free(q->verb_ix.slots);
  free(q->phrase_ix.slots);
  free(q);
}

/* ---- per-document state -------------------------------------------------- */

/* A speaker: an entity, a noun phrase of the text, or nothing. */
typedef struct spk {
  int32_t ent;              /* doc->ents index or -1 */
  uint32_t np0, np1;        /* noun-phrase tokens [np0, np1) when ent < 0 and np1 > np0 */
  uint8_t medium;           /* the subject is a medium (agency, newspaper) */
  uint8_t found;            /* a subject was found (in the clause or by context) */
  uint8_t lemma_first;      /* name the phrase by its first word's lemma ("według prezesa" → prezes) */
} spk;

typedef struct span {
  uint32_t s, e;            /* content tokens [s, e) */
  int32_t cue;              /* cue verb token or -1 */
  uint8_t dialog;
} span;

typedef struct ctx {
  const kr_resources *res;
  const kr_quote_lex *q;
  kr_doc *doc;
  int32_t *ment;            /* best mention covering each token, -1 */
  int32_t *vrow;            /* speech-verb row of each token, -1 */
  int32_t *vsp;             /* index into sp[] for each speech-verb token, -1 */
  int32_t *subj_at;         /* entity that is a resolved subject at this token, -1 */
  uint8_t *inq;             /* token is inside a direct quote */
  char *egender;            /* per entity: 'm', 'f', 0 */
  spk *sp; uint32_t n_sp;
  span *spans; uint32_t n_spans, cap_spans;
  kr_quote *out; uint32_t n_out, cap_out;
} ctx;

static const char *tstr(const ctx *c, uint32_t i) { return c->doc->text + c->doc->toks[i].off; }

static bool form_is(const ctx *c, uint32_t i, const char *s) {
  size_t l = strlen(s);
  return c->doc->toks[i].len == l && !memcmp(tstr(c, i), s, l);
}

/* Case-insensitive comparison of token i's form with a lower-case word. */
static bool form_ieq(const ctx *c, uint32_t i, const char *w) {
  const char *p = tstr(c, i), *e = p + c->doc->toks[i].len;
  while (p < e && *w) {
    int32_t a, b;
    p += kr__utf8_decode(p, (size_t)(e - p), &a);
    w += kr__utf8_decode(w, strlen(w), &b);
    if (utf8proc_tolower(a) != b) return false;
  }
  return p == e && !*w;
}

static bool is_punct(const ctx *c, uint32_t i) { return c->doc->toks[i].kind == KR_TOK_PUNCT; }

static bool is_dash(const ctx *c, uint32_t i) {
  return is_punct(c, i) && (form_is(c, i, "-") || form_is(c, i, "–") || form_is(c, i, "—") ||
                            form_is(c, i, "--") || form_is(c, i, "―"));
}

/* Quotation marks. */
enum { QM_NONE = 0, QM_LOW, QM_RDQ, QM_LDQ, QM_STRAIGHT, QM_LGUIL, QM_RGUIL, QM_LSQ, QM_RSQ,
       QM_SLOW, QM_APOS, QM_LSG, QM_RSG };

static int qmark(const ctx *c, uint32_t i) {
  if (!is_punct(c, i)) return QM_NONE;
  static const struct { const char *s; int k; } m[] = {
    {"„", QM_LOW}, {",,", QM_LOW}, {"”", QM_RDQ}, {"“", QM_LDQ}, {"\"", QM_STRAIGHT},
    {"«", QM_LGUIL}, {"»", QM_RGUIL}, {"‘", QM_LSQ}, {"’", QM_RSQ}, {"‚", QM_SLOW},
    {"'", QM_APOS}, {"‹", QM_LSG}, {"›", QM_RSG}, {"''", QM_STRAIGHT}, {"``", QM_LDQ}};
  for (size_t k = 0; k < sizeof m / sizeof m[0]; k++)
    if (form_is(c, i, m[k].s)) return m[k].k;
  return QM_NONE;
}

/* Does mark `m` close a quote opened by `open`? */
static bool closes(int open, int m) {
  switch (open) {
  case QM_LOW: return m == QM_RDQ || m == QM_LDQ || m == QM_STRAIGHT;
  case QM_LDQ: return m == QM_RDQ || m == QM_STRAIGHT;
  case QM_STRAIGHT: return m == QM_STRAIGHT || m == QM_RDQ || m == QM_LDQ;
  case QM_LGUIL: return m == QM_RGUIL;
  case QM_RGUIL: return m == QM_LGUIL;
  case QM_LSQ: return m == QM_RSQ || m == QM_APOS;
  case QM_SLOW: return m == QM_RSQ || m == QM_LSQ;
  case QM_APOS: return m == QM_APOS || m == QM_RSQ;
  case QM_LSG: return m == QM_RSG;
  default: return false;
  }
}

static bool space_before(const ctx *c, uint32_t i) {
  return i == 0 || (c->doc->toks[i - 1].flags & KR_TOKF_SPACE_AFTER);
}

/* Can mark `m` at token i open a quote? Ambiguous straight marks open only
** when followed by a word without a space. */
static bool can_open(const ctx *c, uint32_t i, int m) {
  const kr_token *t = &c->doc->toks[i];
  switch (m) {
  case QM_LOW: case QM_LDQ: case QM_LGUIL: case QM_LSQ: case QM_SLOW: case QM_LSG:
    return true;
  case QM_RGUIL:    /* »…« style */
  case QM_STRAIGHT: case QM_APOS:
    return !(t->flags & KR_TOKF_SPACE_AFTER) && i + 1 < c->doc->n_toks && space_before(c, i);
  default:
    return false;
  }
}

static bool para_start(const ctx *c, uint32_t i) {
  return i == 0 || (c->doc->toks[i].flags & KR_TOKF_PARA_START);
}

/* Field `n` (0-based) of the tag of token i, copied to out. */
static bool tag_field(const char *tag, int n, char *out, size_t cap) {
  if (!tag) return false;
  const char *p = tag;
  for (int k = 0; k < n; k++) {
    p = strchr(p, ':');
    if (!p) return false;
    p++;
  }
  size_t l = strcspn(p, ":");
  if (l + 1 > cap) return false;
  memcpy(out, p, l);
  out[l] = '\0';
  return true;
}

static bool tag_is(const char *tag, const char *pos) {
  size_t l = strlen(pos);
  return tag && !strncmp(tag, pos, l) && (tag[l] == ':' || !tag[l]);
}

static bool is_case(const char *s) {
  return !strcmp(s, "nom") || !strcmp(s, "gen") || !strcmp(s, "dat") || !strcmp(s, "acc") ||
         !strcmp(s, "inst") || !strcmp(s, "loc") || !strcmp(s, "voc");
}

/* Case of a nominal tag ("subst:sg:gen:m1" → gen); "" when it has none. */
static void tag_case(const char *tag, char out[8]) {
  out[0] = '\0';
  if (!tag) return;
  if (tag_is(tag, "subst") || tag_is(tag, "depr") || tag_is(tag, "adj") || tag_is(tag, "ppron3") ||
      tag_is(tag, "ppron12") || tag_is(tag, "num") || tag_is(tag, "ppas") || tag_is(tag, "pact") ||
      tag_is(tag, "ger")) {
    if (!tag_field(tag, 2, out, 8) || !is_case(out)) out[0] = '\0';
  }
}

static bool tok_case_is(const ctx *c, uint32_t i, const char *kase) {
  char k[8];
  tag_case(c->doc->toks[i].tag, k);
  return !strcmp(k, kase);
}

/* Nominal case of token i is nominative, or unknown. */
static bool tok_nom_or_none(const ctx *c, uint32_t i) {
  char k[8];
  tag_case(c->doc->toks[i].tag, k);
  return !k[0] || !strcmp(k, "nom");
}

static bool verbal_tag(const char *tag) {
  return tag_is(tag, "fin") || tag_is(tag, "praet") || tag_is(tag, "pcon") || tag_is(tag, "pant") ||
         tag_is(tag, "imps") || tag_is(tag, "bedzie");
}

/* Number ('s', 'p' or 0) and gender ('m', 'f', 'n' or 0) of a verb form. */
static void verb_agr(const char *tag, char *num, char *gen) {
  char f[8];
  *num = *gen = 0;
  if (tag_is(tag, "praet") || tag_is(tag, "fin") || tag_is(tag, "bedzie")) {
    if (tag_field(tag, 1, f, sizeof f)) *num = !strcmp(f, "sg") ? 's' : !strcmp(f, "pl") ? 'p' : 0;
  }
  if (tag_is(tag, "praet") && *num == 's' && tag_field(tag, 2, f, sizeof f))
    *gen = f[0] == 'f' ? 'f' : f[0] == 'n' ? 'n' : f[0] == 'm' ? 'm' : 0;
}

static bool lemma_is(const kr_token *t, const char *l) {
  if (t->lemma && !strcmp(t->lemma, l)) return true;
  for (int r = 0; r < t->n_readings; r++)
    if (t->readings[r].lemma && !strcmp(t->readings[r].lemma, l)) return true;
  return false;
}

static bool word_is(const ctx *c, uint32_t i, const char *w) {
  return form_ieq(c, i, w) || (c->doc->toks[i].lemma && !strcmp(c->doc->toks[i].lemma, w));
}

/* The lexicon's verb row for token i (pattern and "się" checked), or -1. */
static int32_t verb_row_of(const ctx *c, uint32_t i) {
  const kr_token *t = &c->doc->toks[i];
  if (t->kind != KR_TOK_WORD) return -1;
  /* the author's own voice is nobody's quote: "uważam", "zauważmy",
  ** "warto dodać", "powiedziałem" (aglt) */
  char pers[8];
  if (tag_is(t->tag, "impt") || tag_is(t->tag, "inf") ||
      ((tag_is(t->tag, "fin") || tag_is(t->tag, "bedzie")) && tag_field(t->tag, 2, pers, sizeof pers) && strcmp(pers, "ter")) ||
      (i + 1 < c->doc->n_toks && tag_is(c->doc->toks[i + 1].tag, "aglt") && !(t->flags & KR_TOKF_SPACE_AFTER)))
    return -1;
  const char *cand[8];
  int n = 0;
  if (verbal_tag(t->tag)) cand[n++] = t->lemma;
  for (int r = 0; r < t->n_readings && n < 8; r++) {
    const char *tg = kr_tag_string(c->res, t->readings[r].tag);
    if (verbal_tag(tg) && t->readings[r].lemma) cand[n++] = t->readings[r].lemma;
  }
  const kr_sentence *s = &c->doc->sents[t->sent];
  uint32_t s0 = s->tok, s1 = s->tok + s->n_toks;
  for (int k = 0; k < n; k++) {
    if (!cand[k] || (k > 0 && cand[k] == cand[k - 1])) continue;
    for (int32_t r = htab_get(&c->q->verb_ix, cand[k]); r >= 0; r = c->q->verbs[r].next) {
      const verb_row *v = &c->q->verbs[r];
      if (v->refl) {
        bool ok = false;
        for (uint32_t j = i > s0 + 3 ? i - 3 : s0; j < s1 && j <= i + 3 && !ok; j++)
          ok = j != i && form_ieq(c, j, "się");
        if (!ok) continue;
      }
      if (v->pat_kind) {
        bool ok = false;
        uint32_t a = v->pat_kind == PAT_LEMMA && i > s0 + 3 ? i - 3 : i + 1;
        if (a < s0) a = s0;
        for (uint32_t j = a; j < s1 && j <= i + 5 && !ok; j++)
          ok = j != i && (v->pat_kind == PAT_PREP ? form_ieq(c, j, v->pat) : lemma_is(&c->doc->toks[j], v->pat));
        if (!ok) continue;
      }
      return r;
    }
  }
  return -1;
}

/* ---- mentions and entities ---------------------------------------------- */

static int prepare_mentions(ctx *c) {
  kr_doc *d = c->doc;
  c->ment = kr__arena_alloc(d->arena, (size_t)d->n_toks * sizeof *c->ment);
  c->egender = kr__arena_calloc(d->arena, d->n_ents + 1, 1);
  if (!c->ment || !c->egender) return KR_ENOMEM;
  for (uint32_t i = 0; i < d->n_toks; i++) c->ment[i] = -1;
  for (uint32_t m = 0; m < d->n_mentions; m++) {
    const kr_mention *mm = &d->mentions[m];
    for (uint32_t k = mm->tok; k < mm->tok + mm->n_toks && k < d->n_toks; k++) {
      int32_t o = c->ment[k];
      if (o < 0) { c->ment[k] = (int32_t)m; continue; }
      const kr_mention *om = &d->mentions[o];
      if (mm->n_toks > om->n_toks || (mm->n_toks == om->n_toks && mm->type == KR_ENT_PER && om->type != KR_ENT_PER))
        c->ment[k] = (int32_t)m;
    }
  }
  /* gender of person entities from their mentions' nouns */
  uint32_t *fc = kr__arena_calloc(d->arena, d->n_ents + 1, 2 * sizeof *fc);
  if (!fc) return KR_ENOMEM;
  for (uint32_t m = 0; m < d->n_mentions; m++) {
    const kr_mention *mm = &d->mentions[m];
    if (mm->entity >= d->n_ents || d->ents[mm->entity].type != KR_ENT_PER) continue;
    /* a role phrase ("premier Korei") by its head noun only, a name by all its words */
    uint32_t end = mm->tok + mm->n_toks;
    if (d->toks[mm->tok].upos == KR_UPOS_NOUN && !(d->toks[mm->tok].flags & KR_TOKF_CAP && mm->n_toks == 1)) end = mm->tok + 1;
    for (uint32_t k = mm->tok; k < end && k < d->n_toks; k++) {
      const char *tag = d->toks[k].tag;
      char g[8];
      if (!tag_is(tag, "subst") || !tag_field(tag, 3, g, sizeof g)) continue;
      if (!strcmp(g, "f")) fc[2 * mm->entity]++;
      else if (!strcmp(g, "m1")) fc[2 * mm->entity + 1]++;
    }
  }
  for (uint32_t e = 0; e < d->n_ents; e++)
    c->egender[e] = fc[2 * e] ? 'f' : fc[2 * e + 1] ? 'm' : 0;
  return 0;
}

/* Person entity one of whose name's words is token i's form ("Pak" → "Pak
** Thae Song"), or -1. Only for capitalised words outside mentions. */
static int32_t entity_by_word(const ctx *c, uint32_t i) {
  const kr_token *t = &c->doc->toks[i];
  if (!(t->flags & KR_TOKF_CAP) || t->kind != KR_TOK_WORD || t->len < 2) return -1;
  if (t->upos == KR_UPOS_ADP || t->upos == KR_UPOS_VERB || t->upos == KR_UPOS_CCONJ ||
      t->upos == KR_UPOS_SCONJ || t->upos == KR_UPOS_AUX)
    return -1;
  const char *f = tstr(c, i);
  int32_t best = -1;
  for (uint32_t e = 0; e < c->doc->n_ents; e++) {
    const kr_entity *en = &c->doc->ents[e];
    if (en->type != KR_ENT_PER || !en->name) continue;
    for (const char *p = en->name; *p;) {
      size_t l = strcspn(p, " ");
      if (l == t->len && !memcmp(p, f, l)) { best = (int32_t)e; break; }
      p += l;
      while (*p == ' ') p++;
    }
    if (best >= 0) break;
  }
  return best;
}

/* Token i of a person's name may be nominative: the tagger chose so, or one
** of its readings is ("powiedział Macron", where the tagger took "Macron"
** for an object). */
static bool tok_can_be_nom(const ctx *c, uint32_t i) {
  if (tok_nom_or_none(c, i)) return true;
  const kr_token *t = &c->doc->toks[i];
  for (int r = 0; r < t->n_readings && c->res && c->res->dict; r++) {
    char k[8];
    tag_case(kr__dict_tag(c->res->dict, t->readings[r].tag), k);
    if (!strcmp(k, "nom")) return true;
  }
  return false;
}

/* Mention m can be a nominative subject: not the object of a preposition,
** and its head (a common noun in it, else its first and
** last words) nominative. */
static bool mention_subject(const ctx *c, uint32_t m) {
  const kr_mention *mm = &c->doc->mentions[m];
  if (mm->tok > 0 && c->doc->toks[mm->tok - 1].upos == KR_UPOS_ADP) return false;

  uint32_t end = mm->tok + mm->n_toks;
  for (uint32_t k = mm->tok; k < end; k++)
    if (c->doc->toks[k].upos == KR_UPOS_NOUN && !(c->doc->toks[k].flags & KR_TOKF_CAP && k > mm->tok))
      return tok_nom_or_none(c, k);
  if (mm->type == KR_ENT_LOC) return tok_case_is(c, mm->tok, "nom") || tok_case_is(c, end - 1, "nom");
  return tok_nom_or_none(c, mm->tok) && tok_nom_or_none(c, end - 1);
}

/* A plural verb does not take one person as its subject ("Kowalski stwierdzają"). */
static bool number_fits(const ctx *c, int32_t m, char vnum) {
  const kr_mention *mm = &c->doc->mentions[m];
  if (vnum != 'p' || mm->type != KR_ENT_PER) return true;
  const char *tag = c->doc->toks[mm->tok + mm->n_toks - 1].tag;
  char f[8];
  return !(tag_is(tag, "subst") && tag_field(tag, 1, f, sizeof f) && !strcmp(f, "sg"));
}

static bool media_noun(const kr_token *t) {
  static const char *const nouns[] = {"agencja", "dziennik", "gazeta", "telewizja", "stacja", "portal",
                                      "radio", "rozgłośnia", "tygodnik", "miesięcznik", "serwis",
                                      "media", "depesza", "nadawca", "witryna", "telewizyjny"};
  for (size_t k = 0; k < sizeof nouns / sizeof nouns[0]; k++)
    if (t->lemma && !strcmp(t->lemma, nouns[k])) return true;
  return false;
}

static bool entity_is_medium(const ctx *c, int32_t e) {
  if (e < 0 || (uint32_t)e >= c->doc->n_ents) return false;
  const char *a = c->doc->ents[e].actor;
  size_t l = a ? strlen(a) : 0;
  return l >= 3 && !strcmp(a + l - 3, "MED");
}

static int32_t ent_of_mention(const ctx *c, int32_t m) {
  if (m < 0) return -1;
  uint32_t e = c->doc->mentions[m].entity;
  return e < c->doc->n_ents ? (int32_t)e : -1;
}

/* Mention m is of a person: typed so by the recogniser, or its entity is
** (a knowledge-base person the recogniser typed otherwise: "Macron"). */
static bool mention_person(const ctx *c, int32_t m) {
  if (c->doc->mentions[m].type == KR_ENT_PER) return true;
  int32_t e = ent_of_mention(c, m);
  return e >= 0 && c->doc->ents[e].type == KR_ENT_PER;
}

/* ---- subjects -------------------------------------------------------------- */

static bool clause_stop_word(const ctx *c, uint32_t i) {
  static const char *const w[] = {"że", "aby", "by", "żeby", "czy", "jak", "gdy", "kiedy", "bo",
                                  "ponieważ", "jeśli", "jeżeli", "gdyż", "ale", "lecz", "a", "jakoby"};
  const kr_token *t = &c->doc->toks[i];
  if (t->kind != KR_TOK_WORD) return false;
  if (t->lemma && (!strcmp(t->lemma, "który") || !strcmp(t->lemma, "co"))) return true;
  for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
    if (form_ieq(c, i, w[k])) return true;
  return false;
}

static bool is_finite_verb(const ctx *c, uint32_t i) {
  const char *tag = c->doc->toks[i].tag;
  return tag_is(tag, "fin") || tag_is(tag, "praet") || tag_is(tag, "imps");
}

/* Number of a nominal tag: 's', 'p' or 0. */
static char noun_num(const char *tag) {
  char f[8];
  if (!tag_field(tag, 1, f, sizeof f)) return 0;
  return !strcmp(f, "sg") ? 's' : !strcmp(f, "pl") ? 'p' : 0;
}

static bool nominal_head(const ctx *c, uint32_t i, char vnum) {
  const kr_token *t = &c->doc->toks[i];
  if (!(tag_is(t->tag, "subst") || tag_is(t->tag, "depr"))) return false;
  if (!tok_case_is(c, i, "nom")) return false;
  char n = noun_num(t->tag);
  return !vnum || !n || n == vnum || media_noun(t);
}

/* Fills *s from mention m (its entity; medium when the entity is a medium
** or `head` is a media noun). */
static void spk_from_mention(const ctx *c, int32_t m, int32_t head, spk *s) {
  s->ent = ent_of_mention(c, m);
  s->np0 = c->doc->mentions[m].tok;
  s->np1 = s->np0 + c->doc->mentions[m].n_toks;
  s->medium = entity_is_medium(c, s->ent) || (head >= 0 && media_noun(&c->doc->toks[head]));
  s->found = 1;
}

/* A noun head at j: an apposed mention within the next three tokens (before
** `lim`) wins ("agencja KCNA", "prezes Jan Kowalski"), else the phrase
** [j, np_end). */
/* The person whose latest mention in the six sentences before token j
** follows a word with the lemma of j ("Premier Jan Nowak" for a later
** "premier"); -1 when none. Only a singular title: not "pan", "pani"
** (address), not a plural or collective ("posłowie", "rząd" has no name after it). */
static int32_t role_antecedent(const ctx *c, uint32_t j) {
  const kr_doc *d = c->doc;
  const kr_token *t = &d->toks[j];
  const char *role = t->lemma;
  if (!role || t->upos != KR_UPOS_NOUN || !t->tag || !strstr(t->tag, ":sg") || !strcmp(role, "pan") ||
      !strcmp(role, "pani"))
    return -1;
  uint32_t sj = t->sent, lo = d->sents[sj >= 6 ? sj - 6 : 0].tok;
  for (uint32_t mi = d->n_mentions; mi-- > 0;) {
    const kr_mention *m = &d->mentions[mi];
    if (m->tok < lo) break;
    if (m->tok >= j || m->type != KR_ENT_PER || !m->tok) continue;
    const kr_token *p = &d->toks[m->tok - 1];
    if (p->sent != d->toks[m->tok].sent || !p->lemma) continue;
    if (strcmp(p->lemma, role)) continue;
    return ent_of_mention(c, (int32_t)mi);
  }
  return -1;
}

static void spk_from_noun(const ctx *c, uint32_t j, uint32_t np_end, uint32_t lim, spk *s) {
  int32_t appo = -1;
  for (uint32_t k = j + 1; k < lim && k <= j + 3; k++) {
    if (is_punct(c, k) || c->doc->toks[k].upos == KR_UPOS_ADP || is_finite_verb(c, k)) break;
    int32_t m = c->ment[k];
    if (m >= 0 && (appo < 0 || c->doc->mentions[m].type == KR_ENT_PER)) {
      appo = m;
      if (c->doc->mentions[m].type == KR_ENT_PER) break;
      k = c->doc->mentions[m].tok + c->doc->mentions[m].n_toks - 1;
    }
  }
  if (appo >= 0) {
    spk_from_mention(c, appo, (int32_t)j, s);
    return;
  }
  if (np_end <= j + 1 && c->doc->toks[j].lemma) {
    /* a bare role noun names the person the text introduced with it:
    ** "Premier Jan Nowak spotkał się … – zapewnił premier" */
    int32_t e = role_antecedent(c, j);
    if (e >= 0) {
      s->ent = e; s->np0 = j; s->np1 = j + 1; s->medium = 0; s->found = 1;
      return;
    }
  }
  uint32_t a = j;
  while (a > 0 && c->doc->toks[a - 1].upos == KR_UPOS_ADJ && c->doc->toks[a - 1].sent == c->doc->toks[j].sent &&
         tok_case_is(c, a - 1, "nom") && j - a < 2)
    a--;
  s->ent = -1;
  s->np0 = a;
  s->np1 = np_end > j ? np_end : j + 1;
  s->medium = media_noun(&c->doc->toks[j]);
  s->found = 1;
}

/* Subject after verb v (inverted order): "– powiedział w poniedziałek prezes X". */
/* names_only: the verb does not stand in an attribution, so a common noun
** after it is more likely its object ("Podkreślił wolę …"). */
static bool subject_after(const ctx *c, uint32_t v, uint32_t s1, char vnum, bool names_only, spk *s) {
  bool after_prep = false;
  for (uint32_t j = v + 1; j < s1 && j <= v + 9; j++) {
    const kr_token *t = &c->doc->toks[j];
    if (is_punct(c, j)) {
      if (form_is(c, j, ".") && j + 1 < s1) continue;   /* abbreviation dot */
      return false;
    }
    if (clause_stop_word(c, j) || (is_finite_verb(c, j) && !form_ieq(c, j, "się"))) return false;
    if (t->upos == KR_UPOS_ADP) { after_prep = true; continue; }
    int32_t m = c->ment[j];
    if (m >= 0) {
      const kr_mention *mm = &c->doc->mentions[m];
      /* a person's name right after the verb may be nominative by any of its
      ** readings: "– … – powiedział Macron", where the tagger took an object */
      bool inverted = j == v + 1 && mention_person(c, m) && tok_can_be_nom(c, mm->tok) &&
                      tok_can_be_nom(c, mm->tok + mm->n_toks - 1);
      if (!after_prep && (inverted || mention_subject(c, (uint32_t)m)) && number_fits(c, m, vnum)) {
        spk_from_mention(c, m, -1, s);
        return true;
      }
      after_prep = false;
      j = mm->tok + mm->n_toks - 1;
      continue;
    }
    if (!after_prep && (c->doc->toks[j].flags & KR_TOKF_CAP)) {
      int32_t e = entity_by_word(c, j);
      if (e >= 0) {
        s->ent = e; s->np0 = j; s->np1 = j + 1; s->medium = 0; s->found = 1;
        return true;
      }
    }
    if (!after_prep && !names_only && nominal_head(c, j, vnum)) {
      uint32_t e = j + 1;
      while (e < s1 && e <= j + 3 && !is_punct(c, e) && (tok_case_is(c, e, "gen") || (c->doc->toks[e].flags & KR_TOKF_CAP)) &&
             c->ment[e] < 0)
        e++;
      spk_from_noun(c, j, e, s1, s);
      return true;
    }
    if (t->upos == KR_UPOS_NOUN || t->upos == KR_UPOS_PROPN || t->upos == KR_UPOS_NUM) after_prep = false;
  }
  return false;
}

/* Subject before verb v: "Rzecznik resortu powiedział", "Xi podkreślił". A
** nominative personal pronoun ("ona powiedziała") counts as no subject. */
static bool subject_before(const ctx *c, uint32_t v, uint32_t s0, char vnum, spk *s) {
  for (uint32_t j = v; j-- > s0 && v - j <= 12;) {
    const kr_token *t = &c->doc->toks[j];
    if (is_punct(c, j)) {
      if (is_dash(c, j) || form_is(c, j, ".") || form_is(c, j, "(") || form_is(c, j, ")")) continue;
      int m = qmark(c, j);
      if (m) {
        /* a quoted title before the verb: „Rzeczpospolita” napisała */
        uint32_t k = j;
        while (k > s0 && j - k < 6 && !(qmark(c, k - 1) && closes(qmark(c, k - 1), m))) k--;
        if (k > s0 && j - k < 6) { j = k - 1; continue; }   /* resume before the opening mark */
      }
      return false;
    }
    if (clause_stop_word(c, j)) return false;
    int32_t m = c->ment[j];
    if (m >= 0) {
      const kr_mention *mm = &c->doc->mentions[m];
      if (mm->tok >= s0 && mention_subject(c, (uint32_t)m) && number_fits(c, m, vnum)) {
        int32_t head = mm->tok > s0 && c->doc->toks[mm->tok - 1].upos == KR_UPOS_NOUN ? (int32_t)mm->tok - 1 : -1;
        spk_from_mention(c, m, head, s);
        return true;
      }
      if (mm->tok <= s0) return false;
      j = mm->tok;      /* loop decrements */
      continue;
    }
    if (t->flags & KR_TOKF_CAP) {
      int32_t e = entity_by_word(c, j);
      if (e >= 0 && !(j > s0 && c->doc->toks[j - 1].upos == KR_UPOS_ADP)) {
        s->ent = e; s->np0 = j; s->np1 = j + 1; s->medium = 0; s->found = 1;
        return true;
      }
    }
    if (nominal_head(c, j, vnum)) {
      if (j > s0 && c->doc->toks[j - 1].upos == KR_UPOS_ADP) continue;
      uint32_t e = j + 1;
      while (e < v && e <= j + 3 && !is_punct(c, e) && c->doc->toks[e].upos != KR_UPOS_ADP &&
             c->doc->toks[e].upos != KR_UPOS_PART && c->doc->toks[e].upos != KR_UPOS_ADV)
        e++;
      spk_from_noun(c, j, e, v, s);
      return true;
    }
  }
  return false;
}

static bool gender_fits(char verb_g, char ent_g) {
  if (!verb_g || !ent_g) return true;
  if (verb_g == 'n') return false;
  return verb_g == ent_g;
}

/* Dropped subject: the nearest earlier resolved subject or person mention
** (nominative ones first) within three sentences whose gender fits. */
static bool subject_context(const ctx *c, uint32_t v, char vgen, spk *s) {
  const kr_doc *d = c->doc;
  uint32_t sv = d->toks[v].sent, s_lo = sv >= 3 ? sv - 3 : 0;
  uint32_t lo = d->sents[s_lo].tok;
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t j = v; j-- > lo;) {
      int32_t e = c->subj_at[j];
      if (e < 0) {
        int32_t m = c->ment[j];
        if (m < 0) continue;
        const kr_mention *mm = &d->mentions[m];
        e = ent_of_mention(c, m);
        if (e < 0 || d->ents[e].type != KR_ENT_PER || (pass == 0 && !mention_subject(c, (uint32_t)m))) {
          j = mm->tok > lo ? mm->tok : lo;
          continue;
        }
      }
      if (gender_fits(vgen, c->egender[e])) {
        s->ent = e; s->np0 = s->np1 = 0; s->medium = 0; s->found = 1;
        return true;
      }
    }
  }
  return false;
}

static int resolve_speakers(ctx *c) {
  kr_doc *d = c->doc;
  uint32_t n = 0;
  for (uint32_t i = 0; i < d->n_toks; i++) n += c->vrow[i] >= 0;
  c->sp = kr__arena_calloc(d->arena, n + 1, sizeof *c->sp);
  if (!c->sp) return KR_ENOMEM;
  for (uint32_t v = 0; v < d->n_toks; v++) {
    if (c->vrow[v] < 0) continue;
    spk *s = &c->sp[c->n_sp];
    c->vsp[v] = (int32_t)c->n_sp++;
    s->ent = -1;
    const kr_token *t = &d->toks[v];
    const kr_sentence *se = &d->sents[t->sent];
    uint32_t s0 = se->tok, s1 = se->tok + se->n_toks;
    char vnum, vgen;
    verb_agr(t->tag, &vnum, &vgen);
    if (tag_is(t->tag, "imps")) continue;     /* "podkreślono" — impersonal */
    bool inverted = v > s0 && (is_dash(c, v - 1) || form_is(c, v - 1, ",") || qmark(c, v - 1) ||
                               form_ieq(c, v - 1, "jak"));
    bool ok = inverted ? subject_after(c, v, s1, vnum, false, s) || subject_before(c, v, s0, vnum, s)
                       : subject_before(c, v, s0, vnum, s) || subject_after(c, v, s1, vnum, true, s);
    if (!ok && tag_is(t->tag, "pcon")) {
      /* "odnosząc się do…, powiedział": the subject of the main verb */
      for (uint32_t j = v + 1; j < s1 && !ok; j++)
        if (is_finite_verb(c, j)) {
          verb_agr(d->toks[j].tag, &vnum, &vgen);
          ok = subject_after(c, j, s1, vnum, false, s) || subject_before(c, v, s0, vnum, s);
        }
    }
    if (!ok) ok = subject_context(c, v, vgen, s);
    if (ok && s->ent >= 0 && s->np1 > s->np0 && !s->medium) c->subj_at[s->np0] = s->ent;
  }
  return 0;
}

/* ---- direct quotes: pairing marks ------------------------------------------ */

static int add_span(ctx *c, uint32_t s, uint32_t e, int32_t cue, uint8_t dialog) {
  /* trim punctuation that belongs to the attribution, keep . ! ? … */
  while (s < e && is_punct(c, s) && !qmark(c, s)) s++;
  while (e > s && is_punct(c, e - 1) && (is_dash(c, e - 1) || form_is(c, e - 1, ",") || form_is(c, e - 1, ":") ||
                                         form_is(c, e - 1, ";")))
    e--;
  if (e <= s) return 0;
  if (c->n_spans == c->cap_spans) {
    span *p = kr__arena_grow(c->doc->arena, c->spans, &c->cap_spans, 16, sizeof *p);
    if (!p) return KR_ENOMEM;
    c->spans = p;
  }
  c->spans[c->n_spans++] = (span){s, e, cue, dialog};
  return 0;
}

/* A speech verb standing right after a dash at token k ("– powiedział"). */
static int32_t attrib_verb_at(const ctx *c, uint32_t k, uint32_t lim) {
  if (!is_dash(c, k) || k + 1 >= lim) return -1;
  uint32_t v = k + 1;
  const char *tag = c->doc->toks[v].tag;
  if (!(tag_is(tag, "praet") || tag_is(tag, "fin"))) return -1;
  return verb_row_of(c, v) >= 0 ? (int32_t)v : -1;
}

/* End of an attribution that starts with the verb at v: the next dash (its
** index), or lim. */
static uint32_t attrib_end(const ctx *c, uint32_t v, uint32_t lim) {
  for (uint32_t k = v + 1; k < lim; k++)
    if (is_dash(c, k) || qmark(c, k)) return k;
  return lim;
}

/* Content [s, e) of one quote, split around "– SAYVERB … –" attributions. */
static int add_split(ctx *c, uint32_t s, uint32_t e, uint8_t dialog) {
  uint32_t from = s;
  int32_t last_v = -1;
  for (uint32_t k = s; k < e; k++) {
    int32_t v = attrib_verb_at(c, k, e);
    if (v < 0) continue;
    uint32_t ae = attrib_end(c, (uint32_t)v, e);
    last_v = v;
    int rc = add_span(c, from, k, v, dialog);
    if (rc) return rc;
    for (uint32_t j = from; j < k; j++) c->inq[j] = 1;
    from = ae < e ? ae + 1 : e;
    k = ae;
  }
  if (from < e) {
    int rc = add_span(c, from, e, last_v, dialog);
    if (rc) return rc;
    for (uint32_t j = from; j < e; j++) c->inq[j] = 1;
  }
  return 0;
}

static int find_marked(ctx *c) {
  kr_doc *d = c->doc;
  uint32_t n = d->n_toks;
  for (uint32_t i = 0; i < n; i++) {
    int m = qmark(c, i);
    if (!m || !can_open(c, i, m)) continue;
    int stack[8], depth = 1;
    stack[0] = m;
    uint32_t j = i + 1, found = UINT32_MAX;
    for (; j < n && j - i <= 400; j++) {
      if (para_start(c, j)) break;
      int k = qmark(c, j);
      if (!k) continue;
      if (closes(stack[depth - 1], k) &&
          !(k == QM_STRAIGHT && stack[depth - 1] != QM_STRAIGHT && depth > 1 && can_open(c, j, k))) {
        if (--depth == 0) { found = j; break; }
      } else if (can_open(c, j, k) && depth < 8 && !(k == QM_STRAIGHT && closes(stack[depth - 1], k))) {
        stack[depth++] = k;
      }
    }
    if (found == UINT32_MAX) continue;      /* unbalanced: drop this mark, go on after it */
    if (found > i + 1 && !c->inq[i + 1]) {
      int rc = add_split(c, i + 1, found, 0);
      if (rc) return rc;
    }
    i = found;
  }
  return 0;
}

/* Dialogue lines: "- Szczepionki przyleciały - powiedział prezes. - Dalej…",
** at the start of a paragraph or of a sentence inside one. */
static int find_dialog(ctx *c) {
  kr_doc *d = c->doc;
  uint32_t n = d->n_toks;
  int32_t prev_dialog_para = -1;      /* paragraph end token of the last dialogue line */
  for (uint32_t i = 0; i < n; i++) {
    /* a dialogue line opens a paragraph, or a sentence inside one when an
    ** attribution follows ("… z kanclerzem. – Europa musi… – powiedział.") */
    bool para = para_start(c, i);
    if (!para && d->sents[d->toks[i].sent].tok != i) continue;
    uint32_t pe = i + 1;
    while (pe < n && !para_start(c, pe)) pe++;
    bool prev_colon = i > 0 && form_is(c, i - 1, ":");
    if (!is_dash(c, i)) continue;
    if (!para) {
      /* inside a paragraph the line ends with its attribution's sentence;
      ** the attribution comes within three sentences, before any quotation
      ** mark */
      uint32_t s_lim = d->toks[i].sent + 3 < d->n_sents ? d->sents[d->toks[i].sent + 3].tok : n;
      int32_t v = -1;
      for (uint32_t k = i + 1; k < pe && k < s_lim && v < 0 && !qmark(c, k); k++) v = attrib_verb_at(c, k, pe);
      if (v >= 0) {
        const kr_sentence *vs = &d->sents[d->toks[v].sent];
        int rc = add_split(c, i + 1, vs->tok + vs->n_toks, 1);
        if (rc) return rc;
        i = vs->tok + vs->n_toks - 1;
      }
      continue;
    }
    bool has_attr = false;
    for (uint32_t k = i + 1; k < pe && !has_attr; k++) has_attr = attrib_verb_at(c, k, pe) >= 0;
    if (has_attr || prev_colon || prev_dialog_para == (int32_t)i - 1) {
      uint32_t before = c->n_spans;
      int rc = add_split(c, i + 1, pe, 1);
      if (rc) return rc;
      if (c->n_spans > before) prev_dialog_para = (int32_t)pe - 1;
    }
    i = pe - 1;
  }
  return 0;
}

/* ---- cues for quoted spans ------------------------------------------------- */

static int32_t speech_verb(const ctx *c, uint32_t j) { return !c->inq[j] && c->vrow[j] >= 0 ? (int32_t)j : -1; }

/* Cue of a quoted span: attribution right after, colon or dash attribution
** before, a dash attribution later in the sentence, the nearest speech verb
** of the sentence (before, then after). */
static int32_t span_cue(const ctx *c, const span *sp, bool *weak) {
  *weak = false;
  const kr_doc *d = c->doc;
  uint32_t o = sp->s > 0 ? sp->s - 1 : 0, cl = sp->e;      /* marks (or neighbours) */
  uint32_t ss = d->toks[sp->s].sent, se = d->toks[sp->e - 1].sent;
  uint32_t s0 = d->sents[ss].tok, s1 = d->sents[se].tok + d->sents[se].n_toks;
  /* right after: "…” – powiedział", "…”, dodał" */
  uint32_t k = cl + (cl < d->n_toks && qmark(c, cl) ? 1 : 0);
  if (k < d->n_toks && (form_is(c, k, ",") || form_is(c, k, ".")) && k + 1 < d->n_toks && is_dash(c, k + 1)) k++;
  if (k + 1 < d->n_toks && (is_dash(c, k) || form_is(c, k, ",")) && speech_verb(c, k + 1) >= 0) return (int32_t)k + 1;
  /* before: "powiedział: „…”", "– dodał – „…”" */
  if (o < sp->s && o > 0 && (qmark(c, o) || is_dash(c, o))) {
    uint32_t p = o - 1;
    if (form_is(c, p, ":") || is_dash(c, p) || form_is(c, p, ",") || is_dash(c, o)) {
      uint32_t lo = p >= 10 ? p - 10 : 0;
      for (uint32_t j = p + 1; j-- > lo;) {
        if (qmark(c, j)) break;
        if (speech_verb(c, j) >= 0) return (int32_t)j;
      }
    }
  }
  if (sp->cue >= 0) return sp->cue;
  /* a dash attribution later in the sentence */
  for (uint32_t j = cl + 1; j + 1 < s1; j++) {
    if (qmark(c, j) && j > cl + 1) break;
    if ((is_dash(c, j) || form_is(c, j, ",")) && speech_verb(c, j + 1) >= 0) return (int32_t)j + 1;
  }
  /* nearest speech verb of the sentence */
  *weak = true;
  for (uint32_t j = sp->s; j-- > s0;)
    if (speech_verb(c, j) >= 0 && !tag_is(d->toks[j].tag, "pcon")) return (int32_t)j;
  for (uint32_t j = sp->e; j < s1; j++)
    if (speech_verb(c, j) >= 0 && !tag_is(d->toks[j].tag, "pcon")) return (int32_t)j;
  return -1;
}

/* The speaker for cue v: its subject unless that is a medium relaying
** someone's words; then another speech verb's subject in the sentence. */
static spk cue_speaker(const ctx *c, int32_t v) {
  spk none = {-1, 0, 0, 0, 0, 0};
  if (v < 0 || c->vsp[v] < 0) return none;
  spk s = c->sp[c->vsp[v]];
  const verb_row *r = &c->q->verbs[c->vrow[v]];
  if (!s.found || !(s.medium && r->kind == VK_REPORT)) return s;
  const kr_sentence *se = &c->doc->sents[c->doc->toks[v].sent];
  for (uint32_t j = se->tok; j < se->tok + se->n_toks; j++) {
    if ((int32_t)j == v || c->vsp[j] < 0) continue;
    const spk *o = &c->sp[c->vsp[j]];
    if (o->found && !o->medium) return *o;
  }
  return none;
}

/* ---- output ------------------------------------------------------------------ */

static int emit(ctx *c, uint32_t s, uint32_t e, uint8_t direct, const spk *sp, int32_t cue) {
  kr_doc *d = c->doc;
  if (e <= s) return 0;
  if (c->n_out == c->cap_out) {
    kr_quote *p = kr__arena_grow(d->arena, c->out, &c->cap_out, 16, sizeof *p);
    if (!p) return KR_ENOMEM;
    c->out = p;
  }
  kr_quote *q = &c->out[c->n_out];
  memset(q, 0, sizeof *q);
  const kr_token *a = &d->toks[s], *b = &d->toks[e - 1];
  q->start = a->start;
  q->end = b->end;
  q->text = kr__arena_strndup(d->arena, d->text + a->off, b->off + b->len - a->off);
  q->direct = direct;
  q->speaker_entity = -1;
  q->sent = a->sent;
  if (sp && sp->found && !(sp->medium && cue >= 0 && c->vrow[cue] >= 0 && c->q->verbs[c->vrow[cue]].kind == VK_REPORT)) {
    if (sp->ent >= 0) {
      q->speaker = d->ents[sp->ent].name;
      q->speaker_entity = sp->ent;
    } else if (sp->np1 > sp->np0) {
      const kr_token *x = &d->toks[sp->np0], *y = &d->toks[sp->np1 - 1];
      if (sp->lemma_first && x->lemma) {
        const char *rest = d->text + x->off + x->len;
        q->speaker = kr__arena_printf(d->arena, "%s%.*s", x->lemma, (int)(y->off + y->len - x->off - x->len), rest);
      } else {
        q->speaker = kr__arena_strndup(d->arena, d->text + x->off, y->off + y->len - x->off);
      }
      if (!q->speaker) return KR_ENOMEM;
    }
  }
  if (cue >= 0) {
    q->cue = kr__arena_strndup(d->arena, d->text + d->toks[cue].off, d->toks[cue].len);
    if (!q->cue) return KR_ENOMEM;
  }
  if (!q->text) return KR_ENOMEM;
  c->n_out++;
  return 0;
}

/* Span that is a name or a title rather than speech: a mention, or up to
** four words all capitalised (one word only when it is a noun or adjective:
** „Nie” is speech, „Rzeczpospolita” a title). */
static bool not_speech(const ctx *c, const span *sp) {
  uint32_t words = 0, caps = 0, last = sp->s;
  for (uint32_t k = sp->s; k < sp->e; k++)
    if (c->doc->toks[k].kind == KR_TOK_WORD) {
      words++;
      last = k;
      caps += (c->doc->toks[k].flags & KR_TOKF_CAP) != 0;
    }
  if (!words) return true;
  int32_t m = c->ment[sp->s];
  if (m >= 0 && c->doc->mentions[m].tok == sp->s && c->doc->mentions[m].tok + c->doc->mentions[m].n_toks >= sp->e)
    return true;
  if (words > 4 || caps != words) return false;
  if (words > 1) return true;
  uint8_t u = c->doc->toks[last].upos;
  return u == KR_UPOS_NOUN || u == KR_UPOS_PROPN || u == KR_UPOS_ADJ || u == KR_UPOS_X;
}

/* The span fills its sentence(s): nothing but punctuation around it. */
static bool fills_sentence(const ctx *c, const span *sp) {
  const kr_doc *d = c->doc;
  const kr_sentence *a = &d->sents[d->toks[sp->s].sent], *b = &d->sents[d->toks[sp->e - 1].sent];
  for (uint32_t k = a->tok; k < sp->s; k++)
    if (!is_punct(c, k)) return false;
  for (uint32_t k = sp->e; k < b->tok + b->n_toks; k++)
    if (!is_punct(c, k)) return false;
  return true;
}

static int cmp_span(const void *a, const void *b) {
  const span *x = a, *y = b;
  if (x->s != y->s) return x->s < y->s ? -1 : 1;
  return x->e < y->e ? -1 : x->e > y->e;
}

static int direct_quotes(ctx *c) {
  if (c->n_spans > 1) qsort(c->spans, c->n_spans, sizeof *c->spans, cmp_span);
  spk last = {-1, 0, 0, 0, 0, 0};
  uint32_t last_sent = UINT32_MAX;
  for (uint32_t i = 0; i < c->n_spans; i++) {
    span *sp = &c->spans[i];
    bool contained = false;
    for (uint32_t k = 0; k < c->n_spans && !contained; k++)
      contained = k != i && c->spans[k].s <= sp->s && c->spans[k].e >= sp->e &&
                  (c->spans[k].e - c->spans[k].s) > (sp->e - sp->s);
    if (contained) continue;
    bool weak;
    int32_t cue = span_cue(c, sp, &weak);
    if (cue >= 0 && weak && !sp->dialog) {
      /* a single quoted word near a speech verb is a term, not a quote */
      uint32_t words = 0;
      for (uint32_t k = sp->s; k < sp->e; k++) words += c->doc->toks[k].kind == KR_TOK_WORD;
      if (words < 2) continue;
    }
    spk s;
    if (cue >= 0) {
      s = cue_speaker(c, cue);
    } else {
      if (!sp->dialog && (not_speech(c, sp) || !fills_sentence(c, sp))) continue;
      uint32_t st = c->doc->toks[sp->s].sent;
      s = last_sent != UINT32_MAX && st <= last_sent + 2 ? last : (spk){-1, 0, 0, 0, 0, 0};
    }
    if (!sp->dialog && not_speech(c, sp)) continue;
    int rc = emit(c, sp->s, sp->e, 1, &s, cue);
    if (rc) return rc;
    if (s.found) {
      last = s;
      last_sent = c->doc->toks[sp->e - 1].sent;
    }
  }
  return 0;
}

/* ---- reported speech ---------------------------------------------------------- */

/* Last token (exclusive) of the reported clause starting at a, within the
** sentence: trailing punctuation dropped; a direct quote opened before a and
** closing inside the sentence ends it there. */
static uint32_t clause_end(const ctx *c, uint32_t a) {
  const kr_sentence *se = &c->doc->sents[c->doc->toks[a].sent];
  uint32_t e = se->tok + se->n_toks;
  for (uint32_t k = a + 1; k + 1 < e; k++)
    if ((is_dash(c, k) || form_is(c, k, ",")) && c->vrow[k + 1] >= 0 && !is_finite_verb(c, k - 1)) {
      e = k;
      break;
    }
  while (e > a && is_punct(c, e - 1) && !qmark(c, e - 1)) e--;
  return e;
}

static int indirect_quotes(ctx *c) {
  kr_doc *d = c->doc;
  for (uint32_t v = 0; v < d->n_toks; v++) {
    if (c->vrow[v] < 0 || c->inq[v]) continue;
    const verb_row *r = &c->q->verbs[c->vrow[v]];
    const kr_sentence *se = &d->sents[d->toks[v].sent];
    uint32_t s1 = se->tok + se->n_toks, a = 0;
    if (v > se->tok && form_ieq(c, v - 1, "jak")) continue;     /* "jak powiedział X" — source phrase */
    for (uint32_t j = v + 1; j < s1 && j <= v + 10; j++) {
      if (qmark(c, j) || form_is(c, j, ";") || form_is(c, j, ":")) break;
      if (j > v + 1 && (c->vrow[j] >= 0 || (is_finite_verb(c, j) && !(j > 0 && form_is(c, j - 1, ","))))) {
        /* another verb before the complementiser: a different clause */
        if (!(r->pat_kind && is_finite_verb(c, j) == false)) break;
      }
      if ((r->takes_ze && (form_ieq(c, j, "że") || form_ieq(c, j, "iż"))) ||
          (r->takes_by && ((form_ieq(c, j, "by") && space_before(c, j)) || form_ieq(c, j, "aby") || form_ieq(c, j, "żeby") || form_ieq(c, j, "ażeby"))) ||
          (r->kind == VK_ASK && form_ieq(c, j, "czy"))) {
        a = j + 1;
        break;
      }
    }
    if (!a && r->pat_kind == PAT_LEMMA && r->takes_ze) {
      /* "wyraził gotowość do …": the complement from the pattern noun on */
      for (uint32_t j = v + 1; j < s1 && j <= v + 5; j++)
        if (lemma_is(&d->toks[j], r->pat)) {
          if (j + 1 < s1 && (form_is(c, j + 1, ",") || form_ieq(c, j + 1, "że"))) break;
          a = j;
          break;
        }
    }
    if (!a || a >= s1) continue;
    uint32_t e = clause_end(c, a);
    if (e <= a) continue;
    uint32_t words = 0;
    for (uint32_t k = a; k < e; k++) words += d->toks[k].kind == KR_TOK_WORD;
    if (words < 2) continue;
    spk s = cue_speaker(c, (int32_t)v);
    int rc = emit(c, a, e, 0, &s, (int32_t)v);
    if (rc) return rc;
  }
  return 0;
}

/* Noun phrase for a slot at j in case `kase`: adjectives, then a mention or
** a noun (plus an apposed mention). Returns the end token or 0; *m_out the
** mention (or -1), *head the noun head (or -1). */
static uint32_t match_slot(const ctx *c, uint32_t j, uint32_t s1, const char *kase, int32_t *m_out, int32_t *head) {
  *m_out = *head = -1;
  uint32_t k = j;
  while (k < s1 && k < j + 3 && c->doc->toks[k].upos == KR_UPOS_ADJ && c->ment[k] < 0) k++;
  if (k >= s1) return 0;
  int32_t m = c->ment[k];
  if (m >= 0) {
    *m_out = m;
    const kr_mention *mm = &c->doc->mentions[m];
    return mm->tok + mm->n_toks;
  }
  const kr_token *t = &c->doc->toks[k];
  if (!(tag_is(t->tag, "subst") || tag_is(t->tag, "depr") || t->upos == KR_UPOS_PROPN || t->upos == KR_UPOS_NOUN))
    return 0;
  char kc[8];
  tag_case(t->tag, kc);
  if (kc[0] && strcmp(kc, kase) && !(!strcmp(kase, "nom") && media_noun(t))) return 0;
  *head = (int32_t)k;
  uint32_t e = k + 1;
  if (e < s1 && c->ment[e] >= 0 && c->doc->mentions[c->ment[e]].tok == e) {
    *m_out = c->ment[e];
    const kr_mention *mm = &c->doc->mentions[*m_out];
    return mm->tok + mm->n_toks;
  }
  while (e < s1 && e < k + 3 && !is_punct(c, e) && tok_case_is(c, e, "gen") && c->ment[e] < 0) e++;
  if (e < s1 && c->ment[e] >= 0 && c->doc->mentions[c->ment[e]].tok == e) {
    const kr_mention *mm = &c->doc->mentions[c->ment[e]];
    if (mm->type == KR_ENT_PER) *m_out = c->ment[e];
    e = mm->tok + mm->n_toks;
  }
  return e;
}

/* A slot filler that can speak: a mention of a person, body or place
** (a capital for its government), or a personal or media noun. */
static bool slot_is_agent(const ctx *c, int32_t m, int32_t head) {
  if (m >= 0) return c->doc->mentions[m].type <= KR_ENT_LOC;
  if (head < 0) return false;
  const kr_token *t = &c->doc->toks[head];
  char g[8];
  return media_noun(t) || (tag_field(t->tag, 3, g, sizeof g) && !strcmp(g, "m1"));
}

static bool phrase_word(const ctx *c, uint32_t j, const char *w) { return word_is(c, j, w) || lemma_is(&c->doc->toks[j], w); }

static int source_phrases(ctx *c) {
  kr_doc *d = c->doc;
  const kr_quote_lex *q = c->q;
  if (!q->phrase_ix.slots) return 0;
  for (uint32_t i = 0; i < d->n_toks; i++) {
    const kr_token *t = &d->toks[i];
    if (t->kind != KR_TOK_WORD || c->inq[i]) continue;
    /* the first item is a word: look up the lower-cased form, then the lemma */
    char low[64];
    const char *keys[2] = {NULL, t->lemma};
    if (t->len < sizeof low) {
      size_t o = 0;
      const char *p = tstr(c, i), *e = p + t->len;
      while (p < e && o + 4 < sizeof low) {
        int32_t cp;
        p += kr__utf8_decode(p, (size_t)(e - p), &cp);
        o += (size_t)kr__utf8_encode(utf8proc_tolower(cp), low + o);
      }
      low[o] = '\0';
      keys[0] = low;
    }
    const kr_sentence *se = &d->sents[t->sent];
    uint32_t s0 = se->tok, s1 = se->tok + se->n_toks;
    for (int kk = 0; kk < 2; kk++) {
      if (!keys[kk] || (kk == 1 && keys[0] && !strcmp(keys[0], keys[1]))) continue;
      int done = 0;
      for (int32_t ri = htab_get(&q->phrase_ix, keys[kk]); ri >= 0 && !done; ri = q->phrases[ri].next) {
        const phrase_row *r = &q->phrases[ri];
        uint32_t j = i + 1;
        int32_t xm = -1, xhead = -1, mm = -1, mhead = -1;
        uint32_t x0 = 0, x1 = 0;
        bool ok = true;
        for (int it = 1; it < r->n_items && ok; it++) {
          const phrase_item *pi = &r->items[it];
          if (j >= s1) { ok = false; break; }
          if (pi->type == IT_WORD) ok = phrase_word(c, j++, pi->word);
          else if (pi->type == IT_PUNCT) ok = form_is(c, j, pi->word) || (!strcmp(pi->word, "–") && is_dash(c, j)), j++;
          else if (pi->type == IT_SLOT) {
            int32_t m, h;
            uint32_t e = match_slot(c, j, s1, pi->kase, &m, &h);
            if (!e) { ok = false; break; }
            if (pi->slot == 'X') { xm = m; xhead = h; x0 = j; x1 = e; }
            else if (pi->slot == 'M') { mm = m; mhead = h; }
            j = e;
          }
        }
        if (!ok || r->speaker == 'S') continue;
        /* "za {M:inst}" and the like only right after a speech verb */
        if (r->n_items == 2 && r->speaker == '-' && !(i > s0 && c->vrow[i - 1] >= 0)) continue;
        /* "według modelu", "zdaniem danych": the slot must name a person, a body or a medium */
        if (r->speaker == 'X' && !slot_is_agent(c, xm, xhead)) continue;
        done = 1;
        (void)mm; (void)mhead;
        /* the reported clause: after the phrase, else before it */
        uint32_t a = j;
        while (a < s1 && (form_is(c, a, ",") || is_dash(c, a))) a++;
        uint32_t e = clause_end(c, a < s1 ? a : s1 - 1);
        uint32_t ra, re;
        if (a < s1 && e > a + 1 && !form_ieq(c, a, "że")) { ra = a; re = e; }
        else if (a < s1 && e > a + 1) { ra = a + 1; re = e; }
        else {
          ra = s0;
          re = i;
          while (re > ra && is_punct(c, re - 1)) re--;
        }
        if (re <= ra + 1) continue;
        spk s = {-1, 0, 0, 0, 0, 0};
        if (r->speaker == 'X' && x1 > x0) {
          s.found = 1;
          s.ent = ent_of_mention(c, xm);
          s.np0 = x0; s.np1 = x1;
          s.lemma_first = xhead == (int32_t)x0;
          s.medium = entity_is_medium(c, s.ent) || (xhead >= 0 && media_noun(&d->toks[xhead]));
          if (s.medium) s.found = 0;
        }
        /* the verb of a "jak"-phrase is the cue; else the first word */
        int32_t cue = (int32_t)i;
        if (form_ieq(c, i, "jak") && i + 1 < s1) cue = (int32_t)i + 1;
        int rc = emit(c, ra, re, 0, &s, -1);
        if (rc) return rc;
        kr_quote *qq = &c->out[c->n_out - 1];
        qq->cue = kr__arena_strndup(d->arena, d->text + d->toks[cue].off, d->toks[cue].len);
        if (!qq->cue) return KR_ENOMEM;
      }
      if (done) break;
    }
  }
  return 0;
}

static int cmp_quote(const void *a, const void *b) {
  const kr_quote *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->end != y->end) return x->end < y->end ? -1 : 1;
  return (int)y->direct - (int)x->direct;
}

int kr__quotes_run(const kr_resources *res, kr_doc *doc, kr_error *err) {
  if (!res || !res->quotes || !doc) return 0;
  ctx c;
  memset(&c, 0, sizeof c);
  c.res = res;
  c.q = res->quotes;
  c.doc = doc;
  doc->quotes = NULL;
  doc->n_quotes = 0;
  if (!doc->n_toks) return 0;
  int rc = KR_ENOMEM;
  size_t n = doc->n_toks;
  c.vrow = kr__arena_alloc(doc->arena, n * sizeof *c.vrow);
  c.vsp = kr__arena_alloc(doc->arena, n * sizeof *c.vsp);
  c.subj_at = kr__arena_alloc(doc->arena, n * sizeof *c.subj_at);
  c.inq = kr__arena_calloc(doc->arena, n, 1);
  if (!c.vrow || !c.vsp || !c.subj_at || !c.inq) goto fail;
  for (size_t i = 0; i < n; i++) c.vsp[i] = c.subj_at[i] = -1;
  if ((rc = prepare_mentions(&c))) goto fail;
  if ((rc = find_dialog(&c)) || (rc = find_marked(&c))) goto fail;
  for (uint32_t i = 0; i < doc->n_toks; i++) c.vrow[i] = c.inq[i] ? -1 : verb_row_of(&c, i);
  if ((rc = resolve_speakers(&c))) goto fail;
  if ((rc = direct_quotes(&c)) || (rc = indirect_quotes(&c)) || (rc = source_phrases(&c))) goto fail;
  if (c.n_out > 1) qsort(c.out, c.n_out, sizeof *c.out, cmp_quote);
  uint32_t w = 0;
  for (uint32_t i = 0; i < c.n_out; i++) {
    if (w && c.out[w - 1].start == c.out[i].start && c.out[w - 1].end == c.out[i].end &&
        c.out[w - 1].direct == c.out[i].direct)
      continue;
    c.out[w++] = c.out[i];
  }
  doc->quotes = c.out;
  doc->n_quotes = w;
  return 0;
fail:
  return kr__err_set(err, rc, 0, 0, "quotes: %s", kr_strerror(rc));
}
