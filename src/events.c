/*
** events.c — who did what to whom: Polish triggers coded in CAMEO and PLOVER,
** actors from the entity layer, date from the time expressions, location.
** Exports kr__events_load / kr__events_free / kr__events_run (resources.h).
**
** Resources (data_dir/events, see data/events/README.md):
**   cameo.tsv       code → PLOVER type, QuadClass, Goldstein
**   triggers.tsv    lemma + pos + required complement + target frame → code
**   negation.tsv    cues that block, make hypothetical, recode (intent) or
**                   lower the confidence of an event
**   intent_map.tsv  code of an intended / announced event (longest prefix)
**   agents_pl.tsv   agent words the knowledge base lacks ("rzeczniczka")
** Every word of a trigger or pattern is lemmatised with the dictionary when
** loading; a text word matches when their lemma sets intersect (so the row
** "spotkanie" matches the gerund "spotkaniu", lemma "spotkać"). Triggers are
** indexed by every lemma of their first word; a bad row is KR_EDATA with
** file:line.
**
** Per sentence (no malloc per token; output in the document's arena):
**   1. clauses: a new clause at ';' and at a comma before a conjunction,
**      "że", or a relative pronoun ("który", which ends at the next comma
**      and returns to the clause it interrupted);
**   2. actor units: entity mentions (PER/ORG/LOC by the entity's type; a
**      capital stands for its country's government, another name of the
**      country for the country, a demonym without a place of its own
**      "Duńczykom" for the country), and phrases the recogniser leaves out: a
**      country adjective + agent noun ("chińska delegacja" → CHNGOV), an
**      agent noun + country ("rząd Chin", "wojska rosyjskie", "szef
**      indyjskiego rządu", "rzecznik Kremla"; "przedstawiciele USA i Chin"
**      gives the agent to both), weakly a country adjective + any noun
**      ("amerykańskie uderzenia" → USA); a role phrase and the name after it
**      are one actor ("szef węgierskiej dyplomacji Péter Szijjártó"), and a
**      name the linker left without actor keeps the role's actor for the rest
**      of the document; third-person pronouns outside the nominative ("mu",
**      "go") are units resolved to the latest person who is not the source;
**      a capitalised word right before a finite verb that is the first or
**      last word of exactly one person of the document is that person, where
**      the recogniser took it for a common word ("Kim był", "Li wyraził"),
**      and so is a one-word person without actor ("Sandu" beside "Maia
**      Sandu"). A masculine title before a woman's name takes the name's
**      case too ("zapewnił prezydent Mołdawii Maię Sandu": accusative); a role
**      noun the tagger read as an adjective or participle, or as another
**      noun ("premiera"), keeps its agent reading ("z przewodniczącym ChRL Xi
**      Jinpingiem"); "szef dyplomacji Polski" is one unit, and the agent of
**      "ministrowie spraw zagranicznych Armenii i Azerbejdżanu" goes to both;
**      a body without a country ("policja", "demonstranci", "władze") takes
**      the country of the place after it or in its clause ("Policja w
**      Tbilisi", named "policja": GEOCOP).
**      Each unit knows its case readings and the preposition governing it
**      (directly, over a role in its case "z prezydentem Donaldem Trumpem",
**      or through a genitive chain of a genitive unit, "dla polityki
**      Pekinu", never through a date, "W czwartek Macron", nor another
**      unit, "w Tbilisi kilku opozycjonistów");
**   3. triggers: verbs first (also the gerund object of a verb that is no
**      trigger, "zdecydowała o nałożeniu sankcji", with a verb row's pattern;
**      a word the tagger took for a noun is not a verb: "zawieszenie
**      broni"), then nouns not consumed by a verb's pattern (released when
**      the verb codes nothing and the complement is its subject: "Spotkanie
**      premierów X i Y odbyło się"); of the rows matching a word, a
**      satisfied pattern beats an empty one, a closer complement a farther
**      one, a longer entry or complement a shorter one;
**   4. qualification by negation.tsv: block and hypothetical drop the event,
**      intent recodes it (intent_map.tsv), uncertain lowers confidence;
**   5. actors: target in the row's frame after the trigger (or in the frame
**      of the complement noun: "zapewnił o poparciu dla Pekinu"; the owner
**      of the noun the frame's preposition governs, "przeciwko przelotom
**      chińskich bombowców"; the author of the complement, "propozycję
**      przedstawioną przez Kijów"; or the owner of the complement when the
**      row names no frame: "odrzuciła zarzuty Węgier"; force, roots 18-20,
**      also "na"/"w" + acc; a capital attacked is the country, not its
**      government; for roots 01-05 the partner of a talk in the clause, "W
**      rozmowie z prezydentem Ukrainy premier Polski zapewnił"; a mediator's
**      "między X a Y", a show of force's "wokół X" / "u wybrzeży X"; a
**      coordinated second target is an event of its own, "sankcje na Rosję
**      i Białoruś"). Source: a passive
**      participle's "przez" agent; else the nearest nominative unit before
**      the verb in its clause (a name right before a finite verb counts,
**      "Sandu podziękowała"), a coordinated pair giving source and target
**      ("Xi i Kim zobowiązali się"; for roots 03-06 also the reverse
**      event; with a target of its own, one event per subject: "Francja i
**      Niemcy wezwały Iran"), the antecedent of a relative clause, a nominative after the
**      verb, the governing clause's subject for a complement clause
**      ("Waszyngton zapowiedział, że zaostrzy sankcje"), the speaker of a
**      quote in the sentence, the subject of the previous sentence (not for
**      a verb in the first or second person: "Proszę o zabranie głosu"). Nouns
**      take a genitive unit right after them as source, a coordinated pair
**      as both sides ("spotkanie premierów Grecji i Turcji", also "doszło do
**      spotkania premierów ..."); after "o" the verb's
**      subject unless it is a medium ("KCNA poinformowała o spotkaniu").
**      Without a target, a second predicate of the same subject, after a
**      conjunction or comma, takes the first one's ("potępił decyzję Unii i
**      zagroził odwetem"), and a reaction (roots 11-13) in a main clause
**      is aimed at the previous sentence's subject when that is another
**      country's;
**      discourse: "obaj politycy", "obie strony", "oba kraje" as subject,
**      and a meeting noun with no actor in its clause ("Do rozmowy doszło w
**      Kiszyniowie"), stand for the two sides of the latest two-country
**      event of the three sentences before; a verbal act of cooperation
**      (roots 03, 05; a verb with its complement, the subject named) with no
**      target is aimed at the host of its source's visit or meeting told in
**      the four sentences before ("Li przebywał w Pjongjangu z wizytą. ... Li
**      wyraził gotowość do wzajemnego wsparcia"); praise (root 05) without
**      target is aimed at the occasion's owner ("gratulacje z okazji
**      chińskiego święta narodowego"); roots 03-06 take as target the partner
**      of a relation noun ("poparcie dla zacieśnienia więzi z Pjongjangiem");
**      a noun's relative clause names its own agent ("gratulacje, które
**      przywódca wysłał"); a visit (root 04) to a place at home or without
**      actor is no event ("gościem uroczystości w Krakowie");
**   6. one event per clause: a verb event wins over noun events of its
**      clause, except a bare statement (root 01) which yields to them;
**      events without a coded source and target, and self-events, are dropped (two
**      bodies of one country are two actors: GEOCOP arresting GEOGOV); an event
**      repeating one with the same actors, code and date is dropped when it
**      has the same trigger lemma or the same paragraph (the lead retold).
** After the document: a verbal act of cooperation (roots 03, 05) toward a
** country is aimed at that country's person when the same source addresses
** that person elsewhere in the document (a letter to Kim), then merged.
** Date: a DATE timex of the sentence (the nearest to the trigger), else the
** last before it in the paragraph (not a later one than the publication for
** a past-tense trigger), else the publication date (date_from_pub = 1).
** Location: a LOC unit after "w"/"we" in the locative in the clause, else the
** sentence.
*/
#include "resources.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- lexicon --------------------------------------------------------------- */

#define MAX_WORDS 6       /* words of one entry */
#define MAX_LEM 8         /* lemmas of one entry word */

typedef struct eword {
  const char *lem[MAX_LEM];  /* the word itself, then its dictionary lemmas */
  uint8_t n_lem;
} eword;

typedef struct cameo_row {
  char code[8];
  const char *plover;        /* NULL for roots 01, 02 */
  int quad;
  float goldstein;
} cameo_row;

enum { POS_VERB = 0, POS_NOUN = 1 };
enum { PAT_NONE = 0, PAT_LEMMA, PAT_PREP };

typedef struct trig {
  eword w[MAX_WORDS]; uint8_t n_w;   /* trigger words (without "nie", "się") */
  eword pw[MAX_WORDS]; uint8_t n_pw; /* pattern words (PAT_LEMMA) */
  uint8_t pos, pat;
  bool sie, neg;                     /* needs "się"; negated trigger ("nie ...") */
  char pprep[16], pcase[8];          /* PAT_PREP: preposition ("" = bare case) and case */
  char tprep[16], tcase[8];          /* target frame; tcase "" = none */
  uint16_t cameo;                    /* index into cameo */
} trig;

enum { SC_VERB = 0, SC_CLAUSE, SC_NOUN, SC_GOVERNS };
enum { AC_BLOCK = 0, AC_HYPO, AC_UNCERTAIN, AC_INTENT, AC_IGNORE };
enum { CM_FORM = 0, CM_LEMMA, CM_TAG };

typedef struct cue {
  const char *w[MAX_WORDS]; uint8_t n_w; /* forms (CM_FORM), lemma, or tag fields */
  uint8_t match, scope, action;
} cue;

typedef struct intent_row { char from[8]; uint16_t to; } intent_row;

typedef struct post { uint32_t trig, next; } post;
typedef struct hslot { const char *key; uint32_t head; } hslot;  /* head = post index + 1 */

typedef struct agent_row { const char *lemma, *agent; } agent_row;

struct kr_event_lex {
  kr_arena *a;
  cameo_row *cameo; uint32_t n_cameo;
  trig *trigs; uint32_t n_trigs;
  post *posts; uint32_t n_posts;
  hslot *tab; uint32_t tab_mask;
  cue *cues; uint32_t n_cues;
  intent_row *intents; uint32_t n_intents;
  agent_row *agents; uint32_t n_agents;
};

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
  return h;
}

/* ---- case-insensitive comparison for Polish ------------------------------- */

static int32_t fold(int32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  switch (c) {
    case 0x104: return 0x105; case 0x106: return 0x107; case 0x118: return 0x119;
    case 0x141: return 0x142; case 0x143: return 0x144; case 0xD3: return 0xF3;
    case 0x15A: return 0x15B; case 0x179: return 0x17A; case 0x17B: return 0x17C;
    default: return c;
  }
}

/* s[0..len) equals the lower-case NUL-terminated w, ignoring case. */
static bool form_eq(const char *s, size_t len, const char *w) {
  size_t i = 0, j = 0, wl = strlen(w);
  while (i < len && j < wl) {
    int32_t a, b;
    i += (size_t)kr__utf8_decode(s + i, len - i, &a);
    j += (size_t)kr__utf8_decode(w + j, wl - j, &b);
    if (fold(a) != fold(b)) return false;
  }
  return i == len && j == wl;
}

/* ---- loading --------------------------------------------------------------- */

typedef struct tsvf {
  char *buf; size_t len, pos;
  uint32_t line;
  const char *name;
  char *cells[16]; int n;
  int col[16];               /* wanted columns' indices */
} tsvf;

static int tsv_read(tsvf *t, const char *dir, const char *name, kr_error *err) {
  char path[4096];
  memset(t, 0, sizeof *t);
  t->name = name;
  snprintf(path, sizeof path, "%s/events/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) return kr__err_set(err, KR_EDATA, 0, 0, "%s: %s", path, strerror(errno));
  int rc = 0;
  if (fseek(f, 0, SEEK_END) || ftell(f) < 0) { rc = KR_EIO; goto done; }
  long n = ftell(f);
  rewind(f);
  t->buf = malloc((size_t)n + 1);
  if (!t->buf) { rc = KR_ENOMEM; goto done; }
  if (fread(t->buf, 1, (size_t)n, f) != (size_t)n) { rc = KR_EIO; goto done; }
  t->buf[n] = 0;
  t->len = (size_t)n;
done:
  fclose(f);
  if (rc) return kr__err_set(err, rc == KR_EIO ? KR_EDATA : rc, 0, 0, "%s: cannot read", path);
  return 0;
}

/* Next data line split into cells; 1, 0 at the end. Comment lines skipped. */
static int tsv_next(tsvf *t) {
  while (t->pos < t->len) {
    char *s = t->buf + t->pos, *e = memchr(s, '\n', t->len - t->pos);
    if (!e) e = t->buf + t->len;
    t->pos = (size_t)(e - t->buf) + 1;
    *e = 0;
    t->line++;
    if (e > s && e[-1] == '\r') e[-1] = 0;
    if (*s == '#' || !*s) continue;
    t->n = 0;
    for (;;) {
      if (t->n < 16) t->cells[t->n++] = s;
      char *tab = strchr(s, '\t');
      if (!tab) break;
      *tab = 0;
      s = tab + 1;
    }
    return 1;
  }
  return 0;
}

/* Reads the header and finds the named columns (NULL-terminated list). */
static int tsv_header(tsvf *t, const char *const *cols, kr_error *err) {
  if (!tsv_next(t)) return kr__err_set(err, KR_EDATA, 0, t->line, "%s: no header", t->name);
  for (int k = 0; cols[k]; k++) {
    t->col[k] = -1;
    for (int i = 0; i < t->n; i++)
      if (!strcmp(t->cells[i], cols[k])) t->col[k] = i;
    if (t->col[k] < 0)
      return kr__err_set(err, KR_EDATA, 0, t->line, "%s:%u: no column '%s'", t->name, t->line, cols[k]);
  }
  return 0;
}

static const char *cell(const tsvf *t, int k) {
  int i = t->col[k];
  return i < t->n ? t->cells[i] : "";
}

static int bad_row(const tsvf *t, kr_error *err, const char *what) {
  return kr__err_set(err, KR_EDATA, 0, t->line, "%s:%u: %s", t->name, t->line, what);
}

typedef struct lemcb { kr_arena *a; eword *w; int oom; } lemcb;

static int add_lemma_cb(void *ctx, const char *lemma, size_t len, unsigned tag) {
  (void)tag;
  lemcb *c = ctx;
  for (uint8_t i = 0; i < c->w->n_lem; i++)
    if (strlen(c->w->lem[i]) == len && !memcmp(c->w->lem[i], lemma, len)) return 0;
  if (c->w->n_lem >= MAX_LEM) return 0;
  const char *s = kr__arena_strndup(c->a, lemma, len);
  if (!s) { c->oom = 1; return -1; }
  c->w->lem[c->w->n_lem++] = s;
  return 0;
}

/* Splits `s` at spaces into entry words, each with its lemma set. */
static int make_words(kr_event_lex *L, const kr_dict *dict, const char *s, eword *out, uint8_t *n) {
  *n = 0;
  while (*s) {
    while (*s == ' ') s++;
    const char *e = s;
    while (*e && *e != ' ') e++;
    if (e == s) break;
    if (*n >= MAX_WORDS) return KR_ELIMIT;
    eword *w = &out[(*n)++];
    memset(w, 0, sizeof *w);
    const char *self = kr__arena_strndup(L->a, s, (size_t)(e - s));
    if (!self) return KR_ENOMEM;
    w->lem[w->n_lem++] = self;
    if (dict) {
      lemcb c = {L->a, w, 0};
      kr__dict_lookup_exact(dict, s, (size_t)(e - s), add_lemma_cb, &c);
      if (c.oom) return KR_ENOMEM;
    }
    s = e;
  }
  return 0;
}

static int cameo_find(const kr_event_lex *L, const char *code) {
  for (uint32_t i = 0; i < L->n_cameo; i++)
    if (!strcmp(L->cameo[i].code, code)) return (int)i;
  return -1;
}

static int load_cameo(kr_event_lex *L, const char *dir, kr_error *err) {
  static const char *const cols[] = {"code", "plover", "quad", "goldstein", NULL};
  tsvf t;
  int rc = tsv_read(&t, dir, "cameo.tsv", err);
  if (rc) return rc;
  if ((rc = tsv_header(&t, cols, err))) goto done;
  uint32_t cap = 0;
  while (tsv_next(&t)) {
    const char *code = cell(&t, 0), *pl = cell(&t, 1);
    char *end;
    long q = strtol(cell(&t, 2), &end, 10);
    if (*end || q < 1 || q > 4 || strlen(code) < 2 || strlen(code) > 4) { rc = bad_row(&t, err, "bad code or quad"); goto done; }
    double g = strtod(cell(&t, 3), &end);
    if (*end || g < -10 || g > 10) { rc = bad_row(&t, err, "bad goldstein"); goto done; }
    if (L->n_cameo == cap) {
      cameo_row *r = kr__arena_grow(L->a, L->cameo, &cap, 512, sizeof *r);
      if (!r) { rc = KR_ENOMEM; goto done; }
      L->cameo = r;
    }
    cameo_row *r = &L->cameo[L->n_cameo++];
    snprintf(r->code, sizeof r->code, "%s", code);
    r->plover = *pl ? kr__arena_strndup(L->a, pl, strlen(pl)) : NULL;
    if (*pl && !r->plover) { rc = KR_ENOMEM; goto done; }
    r->quad = (int)q;
    r->goldstein = (float)g;
  }
done:
  free(t.buf);
  return rc;
}

/* "dla:gen" → prep "dla", case "gen"; "acc" → "", "acc"; "none" → "", "". */
static bool parse_frame(const char *s, char *prep, char *cas) {
  prep[0] = cas[0] = 0;
  if (!strcmp(s, "none") || !*s) return true;
  const char *colon = strchr(s, ':');
  if (colon) {
    size_t n = (size_t)(colon - s);
    if (n == 0 || n >= 16 || strlen(colon + 1) >= 8) return false;
    memcpy(prep, s, n); prep[n] = 0;
    if (!strcmp(prep, "przeciwko")) strcpy(prep, "przeciw");
    strcpy(cas, colon + 1);
  } else {
    if (strlen(s) >= 8) return false;
    strcpy(cas, s);
  }
  static const char *const cases[] = {"nom", "gen", "dat", "acc", "inst", "loc", "voc"};
  for (int i = 0; i < 7; i++)
    if (!strcmp(cas, cases[i])) return true;
  return false;
}

static int index_key(kr_event_lex *L, const char *key, uint32_t trig_i, uint32_t *cap_posts) {
  uint32_t h = hash_str(key) & L->tab_mask;
  while (L->tab[h].key && strcmp(L->tab[h].key, key)) h = (h + 1) & L->tab_mask;
  for (uint32_t p = L->tab[h].head; p; p = L->posts[p - 1].next)
    if (L->posts[p - 1].trig == trig_i) return 0;
  if (L->n_posts == *cap_posts) {
    post *np = kr__arena_grow(L->a, L->posts, cap_posts, 4096, sizeof *np);
    if (!np) return KR_ENOMEM;
    L->posts = np;
  }
  L->posts[L->n_posts] = (post){trig_i, L->tab[h].head};
  L->tab[h].key = key;
  L->tab[h].head = ++L->n_posts;
  return 0;
}

static int load_triggers(kr_event_lex *L, const char *dir, const kr_dict *dict, kr_error *err) {
  static const char *const cols[] = {"lemma", "pos", "pattern", "target_frame", "cameo", NULL};
  tsvf t;
  int rc = tsv_read(&t, dir, "triggers.tsv", err);
  if (rc) return rc;
  if ((rc = tsv_header(&t, cols, err))) goto done;
  uint32_t cap = 0;
  while (tsv_next(&t)) {
    if (L->n_trigs == cap) {
      trig *nt = kr__arena_grow(L->a, L->trigs, &cap, 2048, sizeof *nt);
      if (!nt) { rc = KR_ENOMEM; goto done; }
      L->trigs = nt;
    }
    trig *r = &L->trigs[L->n_trigs];
    memset(r, 0, sizeof *r);
    const char *lemma = cell(&t, 0), *pos = cell(&t, 1), *pat = cell(&t, 2);
    if (!strcmp(pos, "verb")) r->pos = POS_VERB;
    else if (!strcmp(pos, "noun")) r->pos = POS_NOUN;
    else { rc = bad_row(&t, err, "pos must be verb or noun"); goto done; }
    if (!strncmp(lemma, "nie ", 4)) { r->neg = true; lemma += 4; }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", lemma);
    size_t bl = strlen(buf);
    if (bl > 5 && !strcmp(buf + bl - 5, " się")) { r->sie = true; buf[bl - 5] = 0; }
    if ((rc = make_words(L, dict, buf, r->w, &r->n_w)) || !r->n_w) {
      if (rc == KR_ENOMEM) goto done;
      rc = bad_row(&t, err, "bad lemma"); goto done;
    }
    if (*pat) {
      if (pat[0] != '+' || !pat[1]) { rc = bad_row(&t, err, "pattern must start with '+'"); goto done; }
      const char *p = pat + 1;
      const char *colon = strchr(p, ':');
      static const char *const cases[] = {"nom", "gen", "dat", "acc", "inst", "loc", NULL};
      bool bare_case = false;
      for (int i = 0; cases[i]; i++) bare_case |= !strcmp(p, cases[i]);
      if (colon || bare_case) {
        r->pat = PAT_PREP;
        if (!parse_frame(p, r->pprep, r->pcase)) { rc = bad_row(&t, err, "bad pattern"); goto done; }
      } else {
        r->pat = PAT_LEMMA;
        if ((rc = make_words(L, dict, p, r->pw, &r->n_pw)) || !r->n_pw) {
          if (rc == KR_ENOMEM) goto done;
          rc = bad_row(&t, err, "bad pattern"); goto done;
        }
      }
    }
    if (!parse_frame(cell(&t, 3), r->tprep, r->tcase)) { rc = bad_row(&t, err, "bad target_frame"); goto done; }
    int ci = cameo_find(L, cell(&t, 4));
    if (ci < 0) { rc = bad_row(&t, err, "cameo code not in cameo.tsv"); goto done; }
    r->cameo = (uint16_t)ci;
    L->n_trigs++;
  }
  /* index by every lemma of the first word */
  uint32_t n_keys = 0;
  for (uint32_t i = 0; i < L->n_trigs; i++) n_keys += L->trigs[i].w[0].n_lem;
  uint32_t size = 64;
  while (size < n_keys * 2) size <<= 1;
  L->tab = kr__arena_calloc(L->a, size, sizeof *L->tab);
  if (!L->tab) { rc = KR_ENOMEM; goto done; }
  L->tab_mask = size - 1;
  uint32_t cap_posts = 0;
  for (uint32_t i = 0; i < L->n_trigs; i++)
    for (uint8_t k = 0; k < L->trigs[i].w[0].n_lem; k++)
      if ((rc = index_key(L, L->trigs[i].w[0].lem[k], i, &cap_posts))) goto done;
done:
  free(t.buf);
  return rc;
}

static int load_negation(kr_event_lex *L, const char *dir, kr_error *err) {
  static const char *const cols[] = {"cue", "match", "scope", "action", NULL};
  static const char *const matches[] = {"form", "lemma", "tag", NULL};
  static const char *const scopes[] = {"verb", "clause", "noun", "governs", NULL};
  static const char *const actions[] = {"block", "hypothetical", "uncertain", "intent", "ignore", NULL};
  tsvf t;
  int rc = tsv_read(&t, dir, "negation.tsv", err);
  if (rc) return rc;
  if ((rc = tsv_header(&t, cols, err))) goto done;
  uint32_t cap = 0;
  while (tsv_next(&t)) {
    if (L->n_cues == cap) {
      cue *nc = kr__arena_grow(L->a, L->cues, &cap, 128, sizeof *nc);
      if (!nc) { rc = KR_ENOMEM; goto done; }
      L->cues = nc;
    }
    cue *c = &L->cues[L->n_cues];
    memset(c, 0, sizeof *c);
    int m = -1, s = -1, a = -1;
    for (int i = 0; matches[i]; i++) if (!strcmp(cell(&t, 1), matches[i])) m = i;
    for (int i = 0; scopes[i]; i++) if (!strcmp(cell(&t, 2), scopes[i])) s = i;
    for (int i = 0; actions[i]; i++) if (!strcmp(cell(&t, 3), actions[i])) a = i;
    if (m < 0 || s < 0 || a < 0 || !*cell(&t, 0)) { rc = bad_row(&t, err, "bad match, scope or action"); goto done; }
    c->match = (uint8_t)m; c->scope = (uint8_t)s; c->action = (uint8_t)a;
    /* words: split at spaces (forms, multiword lemma) or ':' (tag fields) */
    const char *p = cell(&t, 0);
    char sep = m == CM_TAG ? ':' : ' ';
    while (*p) {
      const char *e = strchr(p, sep);
      if (!e) e = p + strlen(p);
      if (e > p) {
        if (c->n_w >= MAX_WORDS) { rc = bad_row(&t, err, "cue too long"); goto done; }
        if (!(c->w[c->n_w++] = kr__arena_strndup(L->a, p, (size_t)(e - p)))) { rc = KR_ENOMEM; goto done; }
      }
      p = *e ? e + 1 : e;
    }
    L->n_cues++;
  }
done:
  free(t.buf);
  return rc;
}

static int load_intents(kr_event_lex *L, const char *dir, kr_error *err) {
  static const char *const cols[] = {"cameo", "intent_cameo", NULL};
  tsvf t;
  int rc = tsv_read(&t, dir, "intent_map.tsv", err);
  if (rc) return rc;
  if ((rc = tsv_header(&t, cols, err))) goto done;
  uint32_t cap = 0;
  while (tsv_next(&t)) {
    if (L->n_intents == cap) {
      intent_row *ni = kr__arena_grow(L->a, L->intents, &cap, 64, sizeof *ni);
      if (!ni) { rc = KR_ENOMEM; goto done; }
      L->intents = ni;
    }
    intent_row *r = &L->intents[L->n_intents];
    int to = cameo_find(L, cell(&t, 1));
    if (to < 0 || strlen(cell(&t, 0)) >= sizeof r->from || !*cell(&t, 0)) { rc = bad_row(&t, err, "unknown code"); goto done; }
    snprintf(r->from, sizeof r->from, "%s", cell(&t, 0));
    r->to = (uint16_t)to;
    L->n_intents++;
  }
done:
  free(t.buf);
  return rc;
}

static int load_agents(kr_event_lex *L, const char *dir, kr_error *err) {
  static const char *const cols[] = {"lemma", "agent", NULL};
  tsvf t;
  int rc = tsv_read(&t, dir, "agents_pl.tsv", err);
  if (rc) return rc;
  if ((rc = tsv_header(&t, cols, err))) goto done;
  uint32_t cap = 0;
  while (tsv_next(&t)) {
    if (!*cell(&t, 0) || !*cell(&t, 1)) { rc = bad_row(&t, err, "empty lemma or agent"); goto done; }
    if (L->n_agents == cap) {
      agent_row *na = kr__arena_grow(L->a, L->agents, &cap, 128, sizeof *na);
      if (!na) { rc = KR_ENOMEM; goto done; }
      L->agents = na;
    }
    agent_row *r = &L->agents[L->n_agents++];
    r->lemma = kr__arena_strndup(L->a, cell(&t, 0), strlen(cell(&t, 0)));
    r->agent = kr__arena_strndup(L->a, cell(&t, 1), strlen(cell(&t, 1)));
    if (!r->lemma || !r->agent) { rc = KR_ENOMEM; goto done; }
  }
done:
  free(t.buf);
  return rc;
}

int kr__events_load(kr_event_lex **out, const char *data_dir, const kr_dict *dict, kr_error *err) {
  *out = NULL;
  if (!data_dir) return kr__err_set(err, KR_EINVAL, 0, 0, "events: no data directory");
  kr_event_lex *L = calloc(1, sizeof *L);
  if (!L || !(L->a = kr__arena_new(1u << 20))) {
    free(L);
    return kr__err_set(err, KR_ENOMEM, 0, 0, "events: out of memory");
  }
  int rc;
  if ((rc = load_cameo(L, data_dir, err)) || (rc = load_triggers(L, data_dir, dict, err)) ||
      (rc = load_negation(L, data_dir, err)) || (rc = load_intents(L, data_dir, err)) ||
      (rc = load_agents(L, data_dir, err))) {
    if (rc == KR_ENOMEM) kr__err_set(err, rc, 0, 0, "events: out of memory");
    kr__events_free(L);
    return rc;
  }
  *out = L;
  return 0;
}

void kr__events_free(kr_event_lex *e) {
  if (!e) return;
  kr__arena_free(e->a);
  free(e);
}

/* ---- token helpers ------------------------------------------------------------ */

enum { C_NOM = 1, C_GEN = 2, C_DAT = 4, C_ACC = 8, C_INST = 16, C_LOC = 32, C_VOC = 64, C_ANY = 127 };

static unsigned case_bit(const char *c) {
  static const char *const cases[] = {"nom", "gen", "dat", "acc", "inst", "loc", "voc"};
  for (int i = 0; i < 7; i++)
    if (!strcmp(c, cases[i])) return 1u << i;
  return 0;
}

/* Case bits found among the fields of an NKJP tag. */
static unsigned tag_cases(const char *tag) {
  unsigned m = 0;
  while (tag && *tag) {
    const char *e = strchr(tag, ':');
    size_t n = e ? (size_t)(e - tag) : strlen(tag);
    char f[8];
    if (n < sizeof f) {
      memcpy(f, tag, n); f[n] = 0;
      m |= case_bit(f);
    }
    tag = e ? e + 1 : NULL;
  }
  return m;
}

static bool tag_is(const char *tag, const char *cls) {
  size_t n = strlen(cls);
  return tag && !strncmp(tag, cls, n) && (tag[n] == ':' || !tag[n]);
}

static bool verb_tag(const char *tag) {
  static const char *const v[] = {"fin", "praet", "inf", "impt", "imps", "pcon", "pant", "bedzie",
                                  "winien", "ppas", NULL};   /* not pact: attributive */
  for (int i = 0; v[i]; i++) if (tag_is(tag, v[i])) return true;
  return false;
}

static bool noun_tag(const char *tag) { return tag_is(tag, "subst") || tag_is(tag, "ger"); }

typedef struct actor { int32_t ent; const char *name, *actor; } actor;

typedef struct run {
  const kr_resources *res;
  const kr_event_lex *L;
  kr_doc *doc;
  uint32_t s0, s1;            /* token range of the sentence */
  uint16_t *clause;           /* clause id per token of the sentence (index - s0) */
  uint8_t *used;              /* token consumed by a trigger or pattern */
  actor *alias;               /* per entity: the actor an apposition gave it (name NULL: none) */
  uint32_t *ev_para;          /* per event emitted: its paragraph (first sentence index) */
  const char **ev_lemma;      /* per event emitted: its trigger's lemma */
  actor recent[8];            /* persons with an actor in earlier sentences, latest last */
  uint32_t n_recent;
} run;

static bool same_actor(actor a, actor b) {
  if (!a.name || !b.name) return false;
  return (a.ent >= 0 && a.ent == b.ent) || !strcmp(a.name, b.name);
}

static unsigned tok_cases(const run *r, uint32_t i) {
  const kr_token *t = &r->doc->toks[i];
  unsigned m = tag_cases(t->tag);
  for (uint8_t k = 0; k < t->n_readings; k++) m |= tag_cases(kr_tag_string(r->res, t->readings[k].tag));
  return m ? m : C_ANY;   /* unknown words (foreign names): any case */
}

static const char *tok_text(const kr_doc *d, const kr_token *t, size_t *len) {
  *len = t->len;
  return d->text + t->off;
}

static bool tok_form(const kr_doc *d, uint32_t i, const char *w) {
  size_t n;
  const char *s = tok_text(d, &d->toks[i], &n);
  return form_eq(s, n, w);
}

/* The token's readings' lemma (any reading) equals one of the word's lemmas. */
static bool word_match(const kr_token *t, const eword *w) {
  for (uint8_t j = 0; j < w->n_lem; j++) {
    if (t->lemma && !strcmp(t->lemma, w->lem[j])) return true;
    for (uint8_t k = 0; k < t->n_readings; k++)
      if (t->readings[k].lemma && !strcmp(t->readings[k].lemma, w->lem[j])) return true;
  }
  return false;
}

static bool has_lemma(const kr_token *t, const char *lemma) {
  if (t->lemma && !strcmp(t->lemma, lemma)) return true;
  for (uint8_t k = 0; k < t->n_readings; k++)
    if (t->readings[k].lemma && !strcmp(t->readings[k].lemma, lemma)) return true;
  return false;
}

static bool is_punct(const kr_doc *d, uint32_t i) { return d->toks[i].kind == KR_TOK_PUNCT; }

static bool is_prep(const kr_doc *d, uint32_t i) {
  return tag_is(d->toks[i].tag, "prep") ||
         tok_form(d, i, "dla") || tok_form(d, i, "wobec") || tok_form(d, i, "przeciw") ||
         tok_form(d, i, "przeciwko");
}

/* Preposition form normalised ("ze" → "z", "we" → "w", "przeciwko" → "przeciw"). */
static void prep_norm(const kr_doc *d, uint32_t i, char *out, size_t cap) {
  size_t n;
  const char *s = tok_text(d, &d->toks[i], &n);
  if (n >= cap) { out[0] = 0; return; }
  size_t o = 0;
  for (size_t k = 0; k < n;) {
    int32_t c;
    k += (size_t)kr__utf8_decode(s + k, n - k, &c);
    o += (size_t)kr__utf8_encode(fold(c), out + o);
    if (o + 4 >= cap) break;
  }
  out[o] = 0;
  if (!strcmp(out, "ze")) strcpy(out, "z");
  else if (!strcmp(out, "we")) strcpy(out, "w");
  else if (!strcmp(out, "przeciwko")) strcpy(out, "przeciw");
  else if (!strcmp(out, "ku")) strcpy(out, "ku");
}

/* ---- actor units ------------------------------------------------------------ */

typedef struct unit {
  uint32_t tok, end;          /* tokens [tok, end) */
  int32_t ent;                /* index into doc->ents or -1 */
  const char *name, *actor;   /* what the event names: a capital gives its country */
  const char *place;          /* LOC mentions: the place's own name, else NULL */
  unsigned cases;             /* case bits of the first word */
  char prep[16];              /* governing preposition, "" when none */
  uint8_t chain;              /* words between the preposition and the unit */
  uint8_t type;               /* enum kr_ent_type of the entity (of the mention when unlinked) */
  bool weak;                  /* country adjective + a non-agent noun ("rosyjskie drony") */
  bool pron;                  /* a third-person pronoun standing for an earlier actor */
  bool capital;               /* a capital standing for its country's government */
  int8_t dist;                /* 1: coordinated after an agent phrase, shares its case
                                 ("przedstawiciele USA i Chin"); -1 otherwise */
} unit;

#define MAX_UNITS 256
#define MAX_CANDS 32

static int32_t ent_by_name(const kr_doc *d, const char *name) {
  for (uint32_t i = 0; i < d->n_ents; i++)
    if (d->ents[i].name && !strcmp(d->ents[i].name, name)) return (int32_t)i;
  return -1;
}

/* country code + agent ("CHN" + "GOV"), in the document's arena */
static const char *actor_join(kr_doc *d, const char *ctry, const char *agent) {
  if (!ctry) return NULL;
  if (!agent) return ctry;
  return kr__arena_printf(d->arena, "%s%s", ctry, agent);
}

static const char *country_code(const kr_kb_entry *ce) {
  return ce->actor ? ce->actor : ce->country;
}

static const char *agent_lemma(const run *r, const char *lemma) {
  for (uint32_t i = 0; i < r->L->n_agents; i++)
    if (!strcmp(r->L->agents[i].lemma, lemma)) return r->L->agents[i].agent;
  return kr__kb_agent(r->res->kb, lemma);
}

static const char *agent_of(const run *r, const kr_token *t) {
  if (noun_tag(t->tag) && t->lemma) {
    const char *a = agent_lemma(r, t->lemma);
    if (a || !tag_is(t->tag, "subst")) return a;
    for (uint8_t k = 0; k < t->n_readings; k++) {  /* "premiera": premier, not premiera */
      const char *tag = kr_tag_string(r->res, t->readings[k].tag);
      if (tag_is(tag, "subst") && t->readings[k].lemma && strcmp(t->readings[k].lemma, t->lemma) &&
          (a = agent_lemma(r, t->readings[k].lemma)))
        return a;
    }
    return NULL;
  }
  /* a noun the tagger read as an adjective or participle ("przewodniczącym"):
  ** its noun reading */
  if (!tag_is(t->tag, "adj") && !tag_is(t->tag, "pact")) return NULL;
  for (uint8_t k = 0; k < t->n_readings; k++) {
    const char *tag = kr_tag_string(r->res, t->readings[k].tag);
    if (tag_is(tag, "subst") && t->readings[k].lemma) {
      const char *a = agent_lemma(r, t->readings[k].lemma);
      if (a) return a;
    }
  }
  return NULL;
}

static const kr_kb_entry *country_adj(const run *r, const kr_token *t) {
  if (!tag_is(t->tag, "adj") || !t->lemma) return NULL;
  return kr__kb_country_of_word(r->res->kb, t->lemma);
}

static actor unit_actor(const unit *u) { return (actor){u->ent, u->name, u->actor}; }

static void unit_from_mention(const run *r, const kr_mention *m, unit *u) {
  const kr_doc *d = r->doc;
  memset(u, 0, sizeof *u);
  u->tok = m->tok;
  u->end = m->tok + m->n_toks;
  u->ent = m->entity < d->n_ents ? (int32_t)m->entity : -1;
  const kr_entity *e = u->ent >= 0 ? &d->ents[u->ent] : NULL;
  u->name = e ? e->name : m->lemma ? m->lemma : m->text;
  u->actor = e ? e->actor : NULL;
  u->type = e ? e->type : m->type;
  u->dist = -1;
  if (u->type == KR_ENT_LOC) u->place = u->name;
  if (u->ent >= 0 && r->alias && r->alias[u->ent].name) {   /* learned from an apposition */
    u->name = r->alias[u->ent].name;
    u->actor = r->alias[u->ent].actor;
    u->ent = r->alias[u->ent].ent;
    u->place = NULL;
  }
}

/* A LOC unit stands for its country: a capital ("Pekin") for the country's
** government, a country name for the country itself. */
static void place_actor(const run *r, unit *u) {
  if (!u->place || !r->res->kb) return;
  const kr_kb_entry *ce = kr__kb_country_of_word(r->res->kb, u->place);
  if (!ce || !ce->name) return;
  const char *kb = u->ent >= 0 ? r->doc->ents[u->ent].kb : NULL;
  if (kb && !strncmp(kb, "country:", 8)) {        /* another name of the country ("ChRL") */
    u->name = ce->name;
    if (!u->actor) u->actor = country_code(ce);
  } else if (strcmp(ce->name, u->place)) {
    const kr_kb_entry *pe = kb ? NULL : kr__kb_find(r->res->kb, u->place, KR_ENT_LOC);
    if (!kb && (!pe || !pe->id || strncmp(pe->id, "place:", 6))) {
      /* not a place but a demonym ("Duńczykom"): the country's people */
      u->name = ce->name;
      u->actor = country_code(ce);
      u->ent = ent_by_name(r->doc, ce->name);
      return;
    }
    u->name = ce->name;
    u->actor = actor_join(r->doc, country_code(ce), "GOV");
    u->ent = ent_by_name(r->doc, ce->name);
    u->capital = true;
  } else if (!u->actor) {
    u->actor = country_code(ce);
  }
}

/* The country a token names: a country or capital noun ("Japonii") or a
** country adjective ("polski"). */
static const kr_kb_entry *country_tok(const run *r, const kr_token *t) {
  if (!t->lemma || !r->res->kb || t->kind != KR_TOK_WORD) return NULL;
  if (tag_is(t->tag, "adj")) return kr__kb_country_of_word(r->res->kb, t->lemma);
  if (!noun_tag(t->tag) && !tag_is(t->tag, "ign") && !tag_is(t->tag, "brev")) return NULL;
  if (!(t->flags & (KR_TOKF_CAP | KR_TOKF_ALLCAPS))) return NULL;
  return kr__kb_country_of_word(r->res->kb, t->lemma);
}

static bool in_timex(const kr_doc *d, uint32_t tok) {
  for (uint32_t i = 0; i < d->n_timexes; i++)
    if (tok >= d->timexes[i].tok && tok < d->timexes[i].tok + d->timexes[i].n_toks) return true;
  return false;
}

static unit *insert_unit(unit *us, uint32_t *n, uint32_t k) {
  if (*n >= MAX_UNITS) return NULL;
  memmove(&us[k + 1], &us[k], (*n - k) * sizeof *us);
  (*n)++;
  memset(&us[k], 0, sizeof us[k]);
  us[k].ent = -1;
  us[k].dist = -1;
  us[k].type = KR_ENT_ORG;
  return &us[k];
}

static bool is_coord(const kr_doc *d, uint32_t i);
static bool is_subord(const kr_doc *d, uint32_t i);
static actor ent_actor(const run *r, int32_t ent);

/* Case bits of the feminine noun readings of token i (a woman's name:
** "Maię" is a noun in the accusative whatever verb reading the tagger
** chose); 0 when none. */
static unsigned fem_name_cases(const run *r, uint32_t i) {
  const kr_token *t = &r->doc->toks[i];
  unsigned m = 0;
  for (int k = -1; k < (int)t->n_readings; k++) {
    const char *tag = k < 0 ? t->tag : kr_tag_string(r->res, t->readings[k].tag);
    if (tag_is(tag, "subst") && strstr(tag, ":f")) m |= tag_cases(tag);
  }
  return m;
}

/* The one person of the document with an actor whose name's first or last
** word is s[0..len) ("Kim" for Kim Dzong Un, "Li" for Li Qiang); -1 when
** none, or several with different actors. */
static int32_t person_by_word(const kr_doc *d, const char *s, size_t len) {
  int32_t found = -1;
  for (uint32_t i = 0; i < d->n_ents; i++) {
    const kr_entity *e = &d->ents[i];
    if (e->type != KR_ENT_PER || !e->actor || !e->name) continue;
    const char *nm = e->name, *sp = strchr(nm, ' '), *last = strrchr(nm, ' ');
    if (!sp) continue;                              /* a one-word name is a mention already */
    size_t fl = (size_t)(sp - nm);
    bool hit = (fl == len && !memcmp(nm, s, len)) || (strlen(last + 1) == len && !memcmp(last + 1, s, len));
    if (!hit) continue;
    if (found >= 0) {
      /* one person grouped twice ("Kim Dzong Un", "Kim Dzong Una"): the same
      ** actor, the linked group preferred; two people: none */
      if (strcmp(d->ents[found].actor, e->actor)) return -1;
      if (!d->ents[found].kb && e->kb) found = (int32_t)i;
      continue;
    }
    found = (int32_t)i;
  }
  return found;
}

/* An agent noun for a body or group of a country's people ("policja",
** "prokuratura", "demonstranci", "żołnierze", "władze"), not one office
** holder ("premier", "minister"), who is named with his country. */
static bool collective_agent(const char *agent, const char *lemma) {
  static const char *const codes[] = {"COP", "JUD", "MIL", "OPP", "REB", "SPY", "LAB", "CVL", NULL};
  static const char *const gov[] = {"władze", "rząd", NULL};
  if (!agent || !lemma) return false;
  for (int k = 0; codes[k]; k++)
    if (!strcmp(agent, codes[k])) return strcmp(lemma, "ofiara") != 0;
  for (int k = 0; gov[k]; k++)
    if (!strcmp(lemma, gov[k])) return true;
  return false;
}

static uint16_t clause_of(const run *r, uint32_t i);

/* The country of the place where the sentence happens, for an agent noun at
** token i without a country of its own: the place right after it ("Policja
** w Tbilisi"), else the one country of the places after "w" in the sentence
** ("W Belgradzie demonstranci protestowali"); NULL when none or several. */
static const kr_kb_entry *local_country(const run *r, const unit *us, uint32_t n, uint32_t i) {
  const kr_doc *d = r->doc;
  const kr_kb_entry *found = NULL;
  for (uint32_t k = 0; k < n; k++)                 /* an owner of its own: "mieszkańcy pobliskiego Elbląga" */
    if (us[k].tok > i && us[k].tok <= i + 2 && !is_prep(d, us[k].tok - 1) && (tok_cases(r, us[k].tok) & C_GEN))
      return NULL;
  for (uint32_t k = 0; k < n; k++) {
    const unit *u = &us[k];
    if (!u->place || u->tok < r->s0 + 1 || !(tok_form(d, u->tok - 1, "w") || tok_form(d, u->tok - 1, "we")) ||
        !(tok_cases(r, u->tok) & C_LOC))
      continue;
    const kr_kb_entry *ce = kr__kb_country_of_word(r->res->kb, u->place);
    if (!ce || !ce->name) continue;
    if (u->tok == i + 2) return ce;
    if (clause_of(r, u->tok) != clause_of(r, i)) continue;
    if (found && found != ce && strcmp(found->name, ce->name)) return NULL;
    found = ce;
  }
  return found;
}

/* Builds the units of the sentence; returns their count. */
static uint32_t build_units(run *r, uint32_t *m_cur, unit *us) {
  kr_doc *d = r->doc;
  uint32_t n = 0;
  while (*m_cur < d->n_mentions && d->mentions[*m_cur].tok < r->s0) (*m_cur)++;
  for (uint32_t mi = *m_cur; mi < d->n_mentions && d->mentions[mi].tok < r->s1; mi++) {
    const kr_mention *m = &d->mentions[mi];
    if (m->type != KR_ENT_PER && m->type != KR_ENT_ORG && m->type != KR_ENT_LOC) continue;
    unit u;
    unit_from_mention(r, m, &u);
    if (u.end > r->s1) u.end = r->s1;
    if (n) {
      unit *p = &us[n - 1];
      bool same = p->ent >= 0 && p->ent == u.ent;
      if (u.tok < p->end) {               /* nested or overlapping: the outer one wins */
        if (u.end > p->end && same) p->end = u.end;
        continue;
      }
      /* "Premier Korei Północnej - Pak Thae Song": one actor */
      uint32_t gap = u.tok - p->end;
      if (same && (gap == 0 || (gap == 1 && is_punct(d, p->end) && !tok_form(d, p->end, ",")))) {
        p->end = u.end;
        continue;
      }
    }
    if (n < MAX_UNITS) us[n++] = u;
  }
  /* a capital stands for its country's government; a country mention for the country */
  for (uint32_t k = 0; k < n; k++) place_actor(r, &us[k]);
  /* a person's one-word name the recogniser left out where the word is also a
  ** common one ("Kim był", "Li wyraził": a pronoun, a particle), in subject
  ** position: capitalised, right before a finite verb, naming the first or
  ** last word of exactly one person of the document */
  for (uint32_t i = r->s0, k = 0; i + 1 < r->s1 && n < MAX_UNITS; i++) {
    while (k < n && us[k].end <= i) k++;
    if (k < n && us[k].tok <= i) continue;
    const kr_token *t = &d->toks[i];
    if (t->kind != KR_TOK_WORD || !(t->flags & KR_TOKF_CAP) || (t->flags & KR_TOKF_ALLCAPS)) continue;
    if (!tag_is(d->toks[i + 1].tag, "praet") && !tag_is(d->toks[i + 1].tag, "fin")) continue;
    int32_t e = person_by_word(d, d->text + t->off, t->len);
    if (e < 0) continue;
    unit *u = insert_unit(us, &n, k);
    if (!u) break;
    u->tok = i; u->end = i + 1;
    u->type = KR_ENT_PER;
    actor a = ent_actor(r, e);
    u->ent = a.ent; u->name = a.name; u->actor = a.actor;
    u->cases = C_NOM;
  }
  /* a surname the entity layer grouped apart, without actor ("Sandu" beside
  ** "Maia Sandu"): that person */
  for (uint32_t k = 0; k < n; k++) {
    unit *u = &us[k];
    if (u->type != KR_ENT_PER || u->actor || u->pron || u->end != u->tok + 1) continue;
    const kr_token *t = &d->toks[u->tok];
    int32_t e = person_by_word(d, d->text + t->off, t->len);
    if (e < 0) continue;
    actor a = ent_actor(r, e);
    u->ent = a.ent; u->name = a.name; u->actor = a.actor;
  }
  /* phrases without a mention: "chińska delegacja", "rząd Chin", "wojska rosyjskie",
  ** "szef indyjskiego rządu", "rzecznik Kremla", "przedstawiciele USA i Chin",
  ** and, weaker, a country adjective with any noun ("amerykańskie uderzenia") */
  if (r->res->kb) {
    uint32_t k = 0;
    for (uint32_t i = r->s0; i + 1 < r->s1; i++) {
      while (k < n && us[k].end <= i) k++;
      if (k < n && us[k].tok <= i) continue;      /* inside a unit */
      const kr_token *t = &d->toks[i];
      const kr_kb_entry *ce = NULL;
      const char *agent = NULL;
      uint32_t end = 0;
      bool weak = false;
      if ((ce = country_adj(r, t))) {               /* adjective + agent noun */
        if ((agent = agent_of(r, &d->toks[i + 1]))) end = i + 2;
        else if (noun_tag(d->toks[i + 1].tag) && !(k < n && us[k].tok == i + 1)) { end = i + 2; weak = true; }
        if (k < n && us[k].tok == end && end && !weak) {  /* "północnokoreańska agencja KCNA" */
          us[k].tok = i;
          continue;
        }
      } else if ((agent = agent_of(r, t))) {
        if (k < n && us[k].tok == i + 1 && us[k].actor && (tok_cases(r, i + 1) & C_GEN)) {
          unit *g = &us[k];
          if (strlen(g->actor) == 3 && g->place) {  /* "rząd Chin" */
            g->tok = i;
            if (i > r->s0 && !(k > 0 && us[k - 1].end > i - 1) && agent_of(r, &d->toks[i - 1]) &&
                (tok_cases(r, i) & C_GEN))
              g->tok = i - 1;                       /* "Szef dyplomacji Polski" */
            g->actor = actor_join(d, g->actor, agent);
            /* "przedstawiciele Stanów Zjednoczonych i Chin": the agent for both */
            if (k + 1 < n && g->end + 1 < r->s1 && is_coord(d, g->end) && us[k + 1].tok == g->end + 1 &&
                us[k + 1].place && us[k + 1].actor && strlen(us[k + 1].actor) == 3) {
              us[k + 1].actor = actor_join(d, us[k + 1].actor, agent);
              us[k + 1].dist = 1;
            }
            continue;
          }
          if (!g->place && g->type == KR_ENT_ORG && strlen(g->actor) > 3) {  /* "rzecznik Kremla" */
            g->tok = i;
            continue;
          }
        }
        const kr_kb_entry *inner;
        const char *ia;
        if (i + 2 < r->s1 && (inner = country_adj(r, &d->toks[i + 1])) && (ia = agent_of(r, &d->toks[i + 2])) &&
            !(k < n && us[k].tok <= i + 2)) {       /* "szef indyjskiego rządu" */
          ce = inner; agent = ia; end = i + 3;
        } else if ((ce = country_adj(r, &d->toks[i + 1]))) {
          end = i + 2;                              /* "wojska rosyjskie" */
        } else if (collective_agent(agent, t->lemma) && !(k < n && us[k].tok == i + 1) &&
                   (ce = local_country(r, us, n, i))) {
          end = i + 1;                              /* "Policja w Tbilisi", "demonstranci" there */
        }
      }
      if (!end || !ce || !ce->name || n >= MAX_UNITS) continue;
      if (k < n && us[k].tok < end) continue;
      unit *u = insert_unit(us, &n, k);
      if (!u) break;
      u->tok = i; u->end = end;
      u->name = ce->name;
      if (end == i + 1) {                           /* a body placed by the sentence: named by its word */
        u->name = t->lemma;
        u->actor = actor_join(d, country_code(ce), agent);
        u->ent = -1;
        i = end - 1;
        continue;
      }
      u->actor = weak ? country_code(ce) : actor_join(d, country_code(ce), agent);
      u->ent = ent_by_name(d, ce->name);
      u->weak = weak;
      i = end - 1;
    }
  }
  /* "Armia Izraela" (a name without actor), "minister spraw zagranicznych Indii",
  ** "premierem Japonii Shigeru Ishibą" (a name the linker left without actor) */
  if (r->res->kb) {
    for (uint32_t k = 0; k < n; k++) {
      unit *u = &us[k];
      if (!u->actor && !u->weak) {
        uint32_t lo = k ? us[k - 1].end : r->s0;
        const char *agent = agent_of(r, &d->toks[u->tok]);
        if (!agent && u->tok > lo && (agent = agent_of(r, &d->toks[u->tok - 1]))) u->tok--;
        if (!agent) continue;
        for (uint32_t j = u->tok + 1; j < u->end; j++) {
          const kr_kb_entry *ce = country_tok(r, &d->toks[j]);
          if (ce) { u->actor = actor_join(d, country_code(ce), agent); break; }
        }
        continue;
      }
      if (!u->place || !u->actor || strlen(u->actor) != 3 || u->weak) continue;
      uint32_t lo = k ? us[k - 1].end : r->s0;
      for (uint32_t j = u->tok; j-- > lo && u->tok - j <= 4;) {
        const char *agent = agent_of(r, &d->toks[j]);
        if (agent) {
          u->tok = j; u->actor = actor_join(d, u->actor, agent);
          if (j > lo && agent_of(r, &d->toks[j - 1]) && (tok_cases(r, j) & C_GEN))
            u->tok = j - 1;                         /* "Szef dyplomacji Polski" */
          /* "ministrowie spraw zagranicznych Armenii i Azerbejdżanu": the agent for both */
          unit *w = k + 1 < n ? &us[k + 1] : NULL;
          if (w && u->end + 1 < r->s1 && is_coord(d, u->end) && w->tok == u->end + 1 && w->place && w->actor &&
              strlen(w->actor) == 3 && !w->weak && w->dist < 0 && (tok_cases(r, w->tok) & C_GEN)) {
            w->actor = actor_join(d, w->actor, agent);
            w->dist = 1;
          }
          break;
        }
        if (is_punct(d, j) || !(tok_cases(r, j) & C_GEN) || verb_tag(d->toks[j].tag)) break;
      }
    }
  }
  /* apposition: a role phrase and the name after it are one actor ("szef
  ** węgierskiej dyplomacji Péter Szijjártó", "prezydent Mołdawii Maię Sandu",
  ** "przewodniczącym ChRL Xi Jinpingiem"); a name the linker left without
  ** actor keeps the role's actor for the rest of the document */
  for (uint32_t k = 0; k + 1 < n; k++) {
    unit *u = &us[k], *v = &us[k + 1];
    if (v->tok != u->end || u->weak || v->weak || u->dist >= 0 || v->dist >= 0) continue;
    bool role = agent_of(r, &d->toks[u->tok]) != NULL && u->actor;
    bool unlinked = !v->actor && !v->place && (v->ent < 0 || !d->ents[v->ent].kb);  /* "Péter Szijjártó" tagged ORG */
    if (!(role || (u->type == KR_ENT_PER && u->actor)) || (v->type != KR_ENT_PER && !unlinked)) continue;
    if (v->actor && strncmp(v->actor, u->actor, 3)) continue;   /* two countries: not one person */
    if (!v->actor) {
      if (v->ent >= 0 && r->alias && !r->alias[v->ent].name)
        r->alias[v->ent] = u->type == KR_ENT_PER ? unit_actor(u) : (actor){v->ent, v->name, u->actor};
      if (u->type == KR_ENT_PER) { u->end = v->end; }
      else { u->end = v->end; u->name = v->name; u->ent = v->ent; u->type = KR_ENT_PER; u->place = NULL; }
    } else {
      v->tok = u->tok;
      *u = *v;
    }
    memmove(&us[k + 1], &us[k + 2], (n - k - 2) * sizeof *us);
    n--;
    k--;                                   /* unsigned wrap: the loop comes back to k */
  }
  /* third-person pronouns outside the nominative ("mu", "go", "jej"): an
  ** earlier actor, resolved when an event needs a target */
  for (uint32_t i = r->s0, k = 0; i < r->s1 && n < MAX_UNITS; i++) {
    while (k < n && us[k].end <= i) k++;
    if (k < n && us[k].tok <= i) continue;
    if (!tag_is(d->toks[i].tag, "ppron3") || (tag_cases(d->toks[i].tag) & C_NOM)) continue;
    if ((tok_form(d, i, "jej") || tok_form(d, i, "jego")) && i + 1 < r->s1 &&
        (noun_tag(d->toks[i + 1].tag) || tag_is(d->toks[i + 1].tag, "adj")))
      continue;                                   /* possessive: "jej drony" */
    if (tok_form(d, i, "ich") || tok_form(d, i, "im") || tok_form(d, i, "nich") || tok_form(d, i, "nimi")) continue;
    unit *u = insert_unit(us, &n, k);
    if (!u) break;
    u->tok = i; u->end = i + 1;
    u->pron = true;
    u->type = KR_ENT_PER;
  }
  /* case of the first word; governing preposition, directly or via a genitive chain */
  for (uint32_t k = 0; k < n; k++) {
    unit *u = &us[k];
    u->cases = u->dist >= 0 && k ? us[k - 1].cases : tok_cases(r, u->tok);
    if (u->type == KR_ENT_PER && u->end > u->tok + 1 && agent_of(r, &d->toks[u->tok])) {
      /* a role with the name after it agrees in case, but a masculine title
      ** does not decline before a woman's name ("prezydent Mołdawii Maię
      ** Sandu" is accusative): then the name's case counts too */
      for (uint32_t mi = *m_cur; mi < d->n_mentions && d->mentions[mi].tok < u->end; mi++) {
        const kr_mention *m = &d->mentions[mi];
        if (m->tok <= u->tok || m->type != KR_ENT_PER) continue;
        if (!strstr(d->toks[u->tok].tag, ":m")) break;
        unsigned nc = fem_name_cases(r, m->tok);
        if (nc && !(nc & u->cases)) u->cases |= nc;     /* they disagree: the title does not decline */
      }
    }
    if (u->dist >= 0) continue;
    uint8_t chain = 0, role = 0;
    for (uint32_t j = u->tok; j > r->s0 && chain <= 4;) {
      j--;
      if (is_prep(d, j)) { prep_norm(d, j, u->prep, sizeof u->prep); u->chain = chain; break; }
      /* a role in the name's case before it ("z prezydentem Donaldem Trumpem") */
      if (!chain && role < 3 && u->type == KR_ENT_PER && !(k > 0 && us[k - 1].end > j) &&
          (agent_of(r, &d->toks[j]) || tag_is(d->toks[j].tag, "adj")) && (tok_cases(r, j) & u->cases & ~(unsigned)C_NOM)) {
        role++;
        continue;
      }
      /* a genitive chain ("dla polityki Pekinu") needs a genitive unit and
      ** does not run through a date ("W czwartek Macron rozmawiał") */
      if (is_punct(d, j) || !(tok_cases(r, j) & C_GEN) || verb_tag(d->toks[j].tag) || !(u->cases & C_GEN) ||
          in_timex(d, j))
        break;
      /* nor through another actor ("w Tbilisi kilku opozycjonistów") */
      if (k > 0 && us[k - 1].end > j && us[k - 1].tok <= j) break;
      chain++;
    }
  }
  return n;
}

/* ---- clauses ----------------------------------------------------------------- */

static bool is_subord(const kr_doc *d, uint32_t i) {
  static const char *const w[] = {"że", "aby", "żeby", "bo", "ponieważ", "gdyż", "gdy", "kiedy",
                                  "jeśli", "jeżeli", "choć", "chociaż", "czy", "a", "ale", "lecz",
                                  "jednak", "natomiast", "zaś", "podczas", "dlatego", "jakoby", "by",
                                  NULL};
  for (int k = 0; w[k]; k++) if (tok_form(d, i, w[k])) return true;
  return false;
}

static bool is_relative(const kr_doc *d, uint32_t i) {
  return has_lemma(&d->toks[i], "który") || tok_form(d, i, "gdzie");
}

/* Clause ids for the sentence's tokens; rel[c] = 1 + token of the comma
** opening a relative clause c, else 0; comp[c] = clause c is a complement
** ("że", "aby", "czy"). Returns the number of clauses. */
static uint16_t build_clauses(run *r, uint32_t *rel, uint8_t *comp, uint16_t max) {
  kr_doc *d = r->doc;
  uint16_t cur = 0, next = 1;
  int32_t parent = -1;
  unsigned dashes = 0;
  rel[0] = 0; comp[0] = 0;
  for (uint32_t i = r->s0; i < r->s1; i++) {
    bool comma = tok_form(d, i, ","), semi = tok_form(d, i, ";");
    bool dash = tok_form(d, i, "-") || tok_form(d, i, "–") || tok_form(d, i, "—");
    if (dash) dashes++;   /* the second of a pair closes an apposition: no new clause */
    uint32_t nx = i + 1;
    bool has_next = nx < r->s1 && next < max;
    if (has_next && semi) {
      cur = next++; rel[cur] = 0; comp[cur] = 0; parent = -1;
    } else if (has_next && comma && (is_relative(d, nx) || tag_is(d->toks[nx].tag, "pcon"))) {
      int32_t p = parent >= 0 ? parent : cur;
      cur = next++;
      rel[cur] = is_relative(d, nx) ? i + 1 : 0;
      comp[cur] = 0;
      parent = p;
    } else if (has_next && comma && is_subord(d, nx)) {
      cur = next++; rel[cur] = 0; parent = -1;
      comp[cur] = tok_form(d, nx, "że") || tok_form(d, nx, "aby") || tok_form(d, nx, "żeby") ||
                  tok_form(d, nx, "czy") || tok_form(d, nx, "jakoby") || tok_form(d, nx, "by");
    } else if (comma && parent >= 0) {
      cur = (uint16_t)parent; parent = -1;
    } else if (has_next && dash && (dashes & 1) && verb_tag(d->toks[nx].tag)) {
      cur = next++; rel[cur] = 0; comp[cur] = 0; parent = -1;
    } else if (has_next && tok_form(d, i, "że") && i > r->s0 && !tok_form(d, i - 1, ",")) {
      cur = next++; rel[cur] = 0; comp[cur] = 1; parent = -1;
    }
    r->clause[i - r->s0] = cur;
  }
  return next;
}

/* ---- triggers ------------------------------------------------------------------ */

static uint16_t clause_of(const run *r, uint32_t i) { return r->clause[i - r->s0]; }

/* Words w[0..n) match the tokens from i on; returns the end or 0. */
static uint32_t seq_match(const run *r, uint32_t i, const eword *w, uint8_t n) {
  for (uint8_t k = 0; k < n; k++, i++)
    if (i >= r->s1 || !word_match(&r->doc->toks[i], &w[k])) return 0;
  return i;
}

typedef struct hit {
  uint32_t trig;
  uint32_t tok, end;          /* trigger words */
  uint32_t ptok, pend;        /* pattern complement, pend = 0 when none */
  uint32_t sie;               /* token of "się" + 1, or 0 */
  int score;
} hit;

/* Rows whose first word has one of the token's lemmas with the row's part of speech. */
static uint32_t candidates(const run *r, uint32_t i, int pos, uint32_t *out) {
  const kr_token *t = &r->doc->toks[i];
  const kr_event_lex *L = r->L;
  uint32_t n = 0;
  for (int k = -1; k < (int)t->n_readings; k++) {
    const char *lemma = k < 0 ? t->lemma : t->readings[k].lemma;
    const char *tag = k < 0 ? t->tag : kr_tag_string(r->res, t->readings[k].tag);
    /* a gerund outside the nominative is its verb with a complement ("zdecydowała
    ** o nałożeniu sankcji na Białoruś"); best_row wants the row's pattern then */
    bool ger = pos == POS_VERB && tag_is(tag, "ger") && !(tag_cases(tag) & C_NOM);
    if (!lemma || !(pos == POS_VERB ? verb_tag(tag) || ger : noun_tag(tag))) continue;
    /* the tagger's noun is trusted: "zawieszenie broni" is not "broni" of bronić */
    if (pos == POS_VERB && k >= 0 && tag_is(t->tag, "subst") && t->lemma && strcmp(lemma, t->lemma)) continue;
    uint32_t h = hash_str(lemma) & L->tab_mask;
    while (L->tab[h].key && strcmp(L->tab[h].key, lemma)) h = (h + 1) & L->tab_mask;
    for (uint32_t p = L->tab[h].head; p; p = L->posts[p - 1].next) {
      uint32_t ti = L->posts[p - 1].trig;
      if (L->trigs[ti].pos != pos) continue;
      bool dup = false;
      for (uint32_t j = 0; j < n; j++) dup |= out[j] == ti;
      if (!dup && n < MAX_CANDS * 2) out[n++] = ti;
    }
  }
  return n;
}

static bool same_clause(const run *r, uint32_t a, uint32_t b) {
  return a >= r->s0 && b >= r->s0 && a < r->s1 && b < r->s1 && clause_of(r, a) == clause_of(r, b);
}

/* The gerund at i is the prepositional object of a verb that is no trigger
** of its own ("zdecydowała o nałożeniu"; not "zobowiązali się do
** zacieśnienia", coded by its verb), nor a noun's ("gotowość do rozwijania"). */
static bool verb_object(const run *r, uint32_t i) {
  const kr_doc *d = r->doc;
  if (i < r->s0 + 2 || !is_prep(d, i - 1)) return false;
  for (uint32_t j = i - 1; j-- > r->s0 && j + 6 > i;) {   /* over a date, an adverb, "się" */
    const char *tag = d->toks[j].tag;
    if (verb_tag(tag)) return !tag_is(tag, "ppas") && !r->used[j - r->s0];
    if (!in_timex(d, j) && !(is_prep(d, j) && in_timex(d, j + 1)) && !tag_is(tag, "adv") && !tok_form(d, j, "się"))
      return false;
  }
  return false;
}

/* The best row for the trigger word at i; false when none applies. */
static bool best_row(const run *r, uint32_t i, int pos, bool check_used, hit *best) {
  uint32_t cand[MAX_CANDS * 2];
  uint32_t n = candidates(r, i, pos, cand);
  const kr_doc *d = r->doc;
  bool found = false;
  for (uint32_t c = 0; c < n; c++) {
    const trig *t = &r->L->trigs[cand[c]];
    hit h = {cand[c], i, 0, 0, 0, 0, 0};
    if (pos == POS_VERB && tag_is(d->toks[i].tag, "ger") && (t->pat == PAT_NONE || !verb_object(r, i))) continue;
    h.end = t->n_w > 1 ? seq_match(r, i + 1, t->w + 1, t->n_w - 1) : i + 1;
    if (!h.end) continue;
    for (uint32_t j = 0; check_used && j < h.end - i; j++)
      if (r->used[i + j - r->s0]) goto next;
    if (t->sie) {
      for (uint32_t j = i > r->s0 + 3 ? i - 3 : r->s0; j < i + 4 && j < r->s1; j++)
        if (same_clause(r, i, j) && tok_form(d, j, "się")) { h.sie = j + 1; break; }
      if (!h.sie) continue;
    }
    if (t->neg) {
      bool nie = false;
      for (uint32_t j = i > r->s0 + 2 ? i - 2 : r->s0; j < i; j++) nie |= tok_form(d, j, "nie");
      if (!nie) continue;
      h.score += 2000;
    }
    if (t->pat == PAT_LEMMA) {
      int bestd = 99;
      uint32_t lo = i > r->s0 + 5 ? i - 5 : r->s0, hi = h.end + 6 < r->s1 ? h.end + 6 : r->s1;
      for (uint32_t j = lo; j < hi; j++) {
        if (j >= i && j < h.end) continue;
        if (!same_clause(r, i, j) || r->used[j - r->s0]) continue;
        uint32_t e = seq_match(r, j, t->pw, t->n_pw);
        if (!e) continue;
        int dist = j > i ? (int)(j - i) : (int)(i - j);
        if (dist < bestd) { bestd = dist; h.ptok = j; h.pend = e; }
      }
      if (!h.pend) continue;
      h.score += 1000 - bestd * 10 + (h.pend - h.ptok) * 5;   /* "+dostawa broni" beats "+dostawa" */
    } else if (t->pat == PAT_PREP) {
      unsigned cb = case_bit(t->pcase);
      for (uint32_t j = h.end; j < h.end + 6 && j < r->s1 && same_clause(r, i, j); j++) {
        char p[16];
        if (t->pprep[0]) {
          if (!is_prep(d, j)) continue;
          prep_norm(d, j, p, sizeof p);
          if (strcmp(p, t->pprep) || j + 1 >= r->s1 || !(tok_cases(r, j + 1) & cb)) continue;
        } else if (!noun_tag(d->toks[j].tag) || !(tok_cases(r, j) & cb)) {
          continue;
        }
        h.ptok = t->pprep[0] ? j + 1 : j;
        h.pend = h.ptok + 1;
        h.score += 1000 - (int)(j - i) * 10;
        break;
      }
      if (!h.pend) continue;
    }
    h.score += t->n_w * 100;
    if (!found || h.score > best->score) { *best = h; found = true; }
  next:;
  }
  return found;
}

/* ---- negation and modality --------------------------------------------------- */

static bool cue_at(const run *r, const cue *c, uint32_t p, uint32_t trig_tok) {
  const kr_doc *d = r->doc;
  switch (c->match) {
    case CM_FORM:
      for (uint8_t k = 0; k < c->n_w; k++)
        if (p + k >= r->s1 || !tok_form(d, p + k, c->w[k])) return false;
      return true;
    case CM_LEMMA:
      return has_lemma(&d->toks[p], c->w[0]);
    default: {                                   /* tag fields of the trigger itself */
      const char *tag = d->toks[trig_tok].tag;
      if (p != trig_tok || !tag_is(tag, c->w[0])) return false;
      for (uint8_t k = 1; k < c->n_w; k++) {
        char f[16];
        snprintf(f, sizeof f, ":%s", c->w[k]);
        if (!strstr(tag, f)) return false;
      }
      return true;
    }
  }
}

static bool ignored_at(const run *r, uint32_t p) {
  for (uint32_t k = 0; k < r->L->n_cues; k++) {
    const cue *c = &r->L->cues[k];
    if (c->action == AC_IGNORE && cue_at(r, c, p, UINT32_MAX)) return true;
  }
  return false;
}

/* Worst qualification of the event at hit h: AC_BLOCK, AC_HYPO, AC_INTENT,
** AC_UNCERTAIN, or -1 when it is a plain fact. */
static int qualify(const run *r, const hit *h, int pos, const uint8_t *comp) {
  const kr_doc *d = r->doc;
  const trig *t = &r->L->trigs[h->trig];
  uint32_t i = h->tok;
  uint16_t cl = clause_of(r, i);
  int worst = -1;
  static const int rank[] = {4, 3, 1, 2, 0};    /* block > hypothetical > intent > uncertain */
  for (uint32_t k = 0; k < r->L->n_cues; k++) {
    const cue *c = &r->L->cues[k];
    if (c->action == AC_IGNORE) continue;
    if (worst >= 0 && rank[c->action] <= rank[worst]) continue;
    uint32_t lo, hi;
    switch (c->scope) {
      case SC_VERB:
        if (pos != POS_VERB) continue;
        if (c->match == CM_TAG) { lo = i; hi = i + 1; break; }
        lo = i > r->s0 + 3 ? i - 3 : r->s0; hi = i;
        break;
      case SC_NOUN:
        if (pos != POS_NOUN) continue;
        lo = i > r->s0 + 2 ? i - 2 : r->s0; hi = i;
        break;
      case SC_CLAUSE:
        lo = r->s0; hi = r->s1;
        break;
      default:
        lo = i > r->s0 + 8 ? i - 8 : r->s0; hi = i;
        break;
    }
    for (uint32_t p = hi; p-- > lo;) {
      if (c->scope == SC_VERB && c->match != CM_TAG && is_punct(d, p)) break;
      if (c->scope != SC_GOVERNS && c->match != CM_TAG && clause_of(r, p) != cl) continue;
      if (c->scope == SC_GOVERNS) {
        uint16_t pc = clause_of(r, p);
        if (pc != cl && !(pc + 1 == cl && comp[cl])) continue;
        if (p >= h->tok && p < h->end) continue;
        if (h->pend && p >= h->ptok && p < h->pend) continue;
      }
      if (t->neg && c->match == CM_FORM && !strcmp(c->w[0], "nie")) continue;
      if (!cue_at(r, c, p, i) || ignored_at(r, p)) continue;
      worst = c->action;
      break;
    }
  }
  /* a conditional glued to the trigger ("spotkałby") */
  if (pos == POS_VERB && worst != AC_BLOCK && worst != AC_HYPO && tag_is(d->toks[i].tag, "praet")) {
    size_t n;
    const char *s = tok_text(d, &d->toks[i], &n);
    if (n > 3 && !memcmp(s + n - 2, "by", 2)) worst = AC_HYPO;
  }
  return worst;
}

static int intent_code(const kr_event_lex *L, int code) {
  const char *c = L->cameo[code].code;
  size_t best = 0;
  int to = code;
  for (uint32_t i = 0; i < L->n_intents; i++) {
    size_t n = strlen(L->intents[i].from);
    if (n > best && !strncmp(c, L->intents[i].from, n)) { best = n; to = L->intents[i].to; }
  }
  return to;
}

/* ---- actors ------------------------------------------------------------------- */

typedef struct sent_ctx {
  unit us[MAX_UNITS];
  uint32_t n_us;
  uint32_t rel[64];           /* per clause: 1 + comma token of a relative clause */
  uint8_t comp[64];
  actor last_subj;            /* subject of the previous sentence (ent -1, name NULL: none) */
  bool have_last;
  actor prev_src, prev_tgt;   /* the last verb event of this sentence (for "potępił X i zagroził") */
  uint32_t prev_tok;          /* its trigger token */
} sent_ctx;


static bool is_coord(const kr_doc *d, uint32_t i) {
  return tok_form(d, i, "i") || tok_form(d, i, "oraz") || tok_form(d, i, "a");
}

/* A name the tagger gave no nominative ("Sandu podziękowała") in subject
** position: right before a finite verb. */
static bool subject_slot(const run *r, const unit *u) {
  const kr_doc *d = r->doc;
  if (u->type != KR_ENT_PER || u->end >= r->s1) return false;
  if (!tag_is(d->toks[u->end].tag, "praet") && !tag_is(d->toks[u->end].tag, "fin")) return false;
  (void)is_subord;
  return true;
}

/* Nearest nominative unit without preposition ending at or before `before`
** in clause cl; *co gets the second of a coordinated pair ("Xi i Kim"). */
static int subject_left(const run *r, const sent_ctx *S, uint32_t before, uint16_t cl, int *co) {
  *co = -1;
  for (uint32_t k = S->n_us; k-- > 0;) {
    const unit *u = &S->us[k];
    if (u->end > before || clause_of(r, u->tok) != cl || u->prep[0] || u->pron) continue;
    if (!(u->cases & C_NOM) && !subject_slot(r, u)) continue;
    if (k > 0 && u->tok >= 1 && is_coord(r->doc, u->tok - 1)) {
      const unit *v = &S->us[k - 1];
      if (v->end == u->tok - 1 && !v->prep[0] && (v->cases & C_NOM) && clause_of(r, v->tok) == cl) {
        *co = (int)k;
        return (int)k - 1;
      }
    }
    return (int)k;
  }
  return -1;
}

static int subject_right(const run *r, const sent_ctx *S, uint32_t after, uint16_t cl, int skip) {
  for (uint32_t k = 0; k < S->n_us; k++) {
    const unit *u = &S->us[k];
    if (u->tok < after || (int)k == skip || clause_of(r, u->tok) != cl) continue;
    if (!u->prep[0] && (u->cases & C_NOM) && !(u->cases & ~(C_NOM | C_ACC | C_VOC) & (C_DAT | C_INST | C_LOC)))
      return (int)k;
  }
  return -1;
}

/* The genitive unit at tok owns the noun the preposition governs, whatever
** that noun's case ("przeciwko przelotowi chińskich bombowców", "wobec
** polityki Pekinu"): prep, then a noun in the frame's case (or an
** adjective and that noun), then tok. */
static bool owner_after_prep(const run *r, uint32_t tok, const char *prep, unsigned cb, uint32_t after) {
  const kr_doc *d = r->doc;
  if (tok < r->s0 + 2 || !noun_tag(d->toks[tok - 1].tag) || !(tok_cases(r, tok - 1) & cb)) return false;
  for (uint32_t p = tok - 1; p-- > r->s0 && p + 3 >= tok && p >= after;) {
    if (is_prep(d, p)) {
      char pn[16];
      prep_norm(d, p, pn, sizeof pn);
      return !strcmp(pn, prep);
    }
    if (!tag_is(d->toks[p].tag, "adj")) return false;
  }
  return false;
}

/* Unit in frame (prep, case) after token `after` within clause cl. */
static int find_frame(const run *r, const sent_ctx *S, uint32_t after, uint16_t cl, const char *prep,
                      const char *cas, uint32_t max_dist, int skip) {
  if (!cas[0]) return -1;
  unsigned cb = case_bit(cas);
  for (uint32_t k = 0; k < S->n_us; k++) {
    const unit *u = &S->us[k];
    if (u->tok < after || (int)k == skip) continue;
    if (u->tok - after > max_dist) break;
    if (clause_of(r, u->tok) != cl) continue;
    if (prep[0]) {
      if (!strcmp(u->prep, prep) && u->chain <= 3) return (int)k;
      if (!u->prep[0] && (u->cases & C_GEN) && !u->pron && owner_after_prep(r, u->tok, prep, cb, after)) return (int)k;
    } else if (!u->prep[0] && (u->cases & cb)) {
      return (int)k;
    } else if (!u->prep[0] && (u->cases & C_GEN) && u->tok > after && noun_tag(r->doc->toks[u->tok - 1].tag) &&
               (tok_cases(r, u->tok - 1) & cb) && u->tok - 1 >= after) {
      return (int)k;                              /* the owner of the object: "propozycję Francji" */
    }
  }
  return -1;
}

/* ---- events -------------------------------------------------------------------- */

typedef struct cand {
  uint32_t tok;               /* trigger token */
  uint16_t clause;
  uint8_t pos;
  bool own_source;            /* noun with its own genitive/adjective source */
  bool drop;
  int code;                   /* index into cameo */
  actor src, tgt;
  bool mutual;                /* coordinated subjects of a cooperative act: also tgt → src */
  actor also;                 /* the second of coordinated subjects when the target is named:
                                 "Francja i Niemcy wezwały Iran" (name NULL: none) */
  actor also_tgt;             /* the second of coordinated targets: "sankcje na Rosję i Białoruś" */
  float conf;
} cand;

static const char *tok_str(kr_doc *d, uint32_t i, uint32_t j) {
  const kr_token *a = &d->toks[i], *b = &d->toks[j - 1];
  return kr__arena_strndup(d->arena, d->text + a->off, b->off + b->len - a->off);
}

static bool date_value(const char *v) {
  return v && strlen(v) >= 4 && v[0] >= '0' && v[0] <= '9' && v[3] >= '0' && v[3] <= '9';
}

/* First sentence of the paragraph holding sentence si. */
static uint32_t para_of(const kr_doc *d, uint32_t si) {
  while (si > 0 && !(d->toks[d->sents[si].tok].flags & KR_TOKF_PARA_START)) si--;
  return si;
}

/* Date of an event in sentence si at token tok. */
/* a later than b, for full or partial calendar values ("2025-10-12", "2025-10"); false when unknown */
static bool date_after(const char *a, const char *b) {
  if (!a || !b) return false;
  size_t n = 0;
  while (n < 10 && a[n] && b[n] && (a[n] == '-' || (a[n] >= '0' && a[n] <= '9')) && (b[n] == '-' || (b[n] >= '0' && b[n] <= '9'))) n++;
  return n >= 4 && strncmp(a, b, n) > 0;
}

static const char *event_date(const kr_doc *d, uint32_t si, uint32_t tok, uint8_t *from_pub) {
  const kr_sentence *s = &d->sents[si];
  uint32_t para = si;
  while (para > 0 && !(d->toks[d->sents[para].tok].flags & KR_TOKF_PARA_START)) para--;
  uint32_t pstart = d->sents[para].start;
  const kr_timex *best = NULL, *before = NULL;
  uint32_t tstart = d->toks[tok].start, bd = UINT32_MAX;
  for (uint32_t i = 0; i < d->n_timexes; i++) {
    const kr_timex *t = &d->timexes[i];
    if (!t->type || strcmp(t->type, "DATE") || !date_value(t->value)) continue;
    if (t->start >= s->start && t->end <= s->end) {
      uint32_t dist = t->start > tstart ? t->start - tstart : tstart - t->start;
      if (dist < bd) { bd = dist; best = t; }
    } else if (t->end <= s->start && t->start >= pstart) {
      /* a past act does not take a later date from the context ("spotka się w czwartek. ... wyraził") */
      if (!(tag_is(d->toks[tok].tag, "praet") && date_after(t->value, d->date))) before = t;
    }
  }
  *from_pub = 0;
  if (best) return best->value;
  if (before) return before->value;
  *from_pub = d->date != NULL;
  return d->date;
}

static const char *event_location(const run *r, const sent_ctx *S, uint16_t cl) {
  const char *any = NULL;
  for (uint32_t k = 0; k < S->n_us; k++) {
    const unit *u = &S->us[k];
    if (!u->place || strcmp(u->prep, "w") || u->chain || !(u->cases & C_LOC)) continue;
    if (clause_of(r, u->tok) == cl) return u->place;
    if (!any) any = u->place;
  }
  return any;
}

static int root_of(const char *code) { return (code[0] - '0') * 10 + (code[1] - '0'); }

/* A nominative noun before token `before` in clause cl: the clause has a
** subject of its own, though perhaps not an actor ("Papież zaapelował"). */
static bool nom_before(const run *r, uint16_t cl, uint32_t before) {
  for (uint32_t j = r->s0; j < before; j++)
    if (clause_of(r, j) == cl && tag_is(r->doc->toks[j].tag, "subst") && (tag_cases(r->doc->toks[j].tag) & C_NOM))
      return true;
  return false;
}

/* The actor an entity stands for: an apposition's actor, a capital's government. */
static actor ent_actor(const run *r, int32_t ent) {
  const kr_entity *e = &r->doc->ents[ent];
  if (r->alias && r->alias[ent].name) return r->alias[ent];
  unit u = {0};
  u.ent = ent; u.name = e->name; u.actor = e->actor;
  if (e->type == KR_ENT_LOC) { u.place = e->name; place_actor(r, &u); }
  return unit_actor(&u);
}

/* After "z okazji" in the trigger's clause, or in a relative clause right
** after a noun trigger: the first unit of the occasion's phrase (a country
** adjective, a country, a person). -1 when none. */
static int occasion_unit(const run *r, const sent_ctx *S, const hit *h) {
  const kr_doc *d = r->doc;
  uint16_t cl = clause_of(r, h->tok), rc = UINT16_MAX;
  if (h->end + 1 < r->s1 && tok_form(d, h->end, ",") && S->rel[clause_of(r, h->end + 1)])
    rc = clause_of(r, h->end + 1);
  for (uint32_t i = h->end; i + 2 < r->s1; i++) {
    uint16_t ci = clause_of(r, i);
    if (ci != cl && ci != rc) continue;
    if (!(tok_form(d, i, "z") || tok_form(d, i, "ze")) || !tok_form(d, i + 1, "okazji")) continue;
    for (uint32_t k = 0; k < S->n_us; k++) {
      const unit *u = &S->us[k];
      if (u->tok < i + 2) continue;
      if (u->tok > i + 5 || clause_of(r, u->tok) != ci || !u->actor || u->pron) break;
      return (int)k;
    }
    break;
  }
  return -1;
}

/* The other side of the latest visit or meeting (root 04) of `src` told in
** the four sentences before si, in this paragraph or the one before, when
** that side is another country's actor. */
static actor visit_counterpart(const run *r, uint32_t si, actor src) {
  const kr_doc *d = r->doc;
  actor none = {-1, NULL, NULL};
  if (!src.actor || strlen(src.actor) < 3) return none;
  uint32_t para = para_of(d, si), prev = para ? para_of(d, para - 1) : 0;
  uint32_t lo = d->sents[si >= 4 ? si - 4 : 0].start;
  for (uint32_t i = d->n_events; i-- > 0;) {
    const kr_event *e = &d->events[i];
    if (r->ev_para[i] < prev || e->start < lo) break;
    if (e->start >= d->sents[si].start || strncmp(e->cameo, "04", 2) || !e->target || !e->target_actor) continue;
    actor es = {e->source_entity, e->source, e->source_actor}, et = {e->target_entity, e->target, e->target_actor};
    if (!same_actor(es, src)) continue;
    return strncmp(e->target_actor, src.actor, 3) ? et : none;
  }
  return none;
}

/* "obaj politycy", "obie strony", "oba kraje" in the nominative before the
** verb at tok in clause cl: a subject standing for two actors told before. */
static bool both_subject(const run *r, uint16_t cl, uint32_t tok) {
  static const char *const nouns[] = {"polityk", "przywódca", "lider", "strona", "kraj", "państwo", "rząd",
                                      "premier", "prezydent", "minister", "szef", "delegacja", "rozmówca", NULL};
  const kr_doc *d = r->doc;
  for (uint32_t j = r->s0; j + 1 < tok; j++) {
    if (clause_of(r, j) != cl || !(has_lemma(&d->toks[j], "oba") || has_lemma(&d->toks[j], "obydwa") ||
                                   has_lemma(&d->toks[j], "obaj") || has_lemma(&d->toks[j], "obie")))
      continue;
    const kr_token *n = &d->toks[j + 1];
    if (!noun_tag(n->tag) || !(tag_cases(n->tag) & C_NOM) || !n->lemma) continue;
    for (int k = 0; nouns[k]; k++)
      if (!strcmp(n->lemma, nouns[k])) return true;
  }
  return false;
}

/* The latest event between two actors of different countries told in the
** three sentences before si, within this paragraph or the one before. */
static const kr_event *latest_pair(const run *r, uint32_t si) {
  const kr_doc *d = r->doc;
  uint32_t para = para_of(d, si), prev = para ? para_of(d, para - 1) : 0;
  uint32_t lo = d->sents[si >= 3 ? si - 3 : 0].start;
  for (uint32_t i = d->n_events; i-- > 0;) {
    const kr_event *e = &d->events[i];
    if (r->ev_para[i] < prev || e->start < lo) break;
    if (e->start >= d->sents[si].start || !e->target || !e->source_actor || !e->target_actor ||
        strlen(e->source_actor) < 3 || !strncmp(e->source_actor, e->target_actor, 3))
      continue;
    return e;
  }
  return NULL;
}

/* A conjunction or comma between the tokens a and b: two predicates in a
** row ("potępił decyzję i zagroził"), not a word of the first one's
** complement the tagger took for a verb ("poparcie dla zacieśnienia więzi"). */
static bool coordinated(const run *r, uint32_t a, uint32_t b) {
  for (uint32_t j = a + 1; j < b; j++)
    if (is_coord(r->doc, j) || tok_form(r->doc, j, ",") || tok_form(r->doc, j, "oraz")) return true;
  return false;
}

/* The meeting noun at tok is the subject ("Rozmowy trwały", "Spotkanie
** odbyło się") or what took place ("Do rozmowy doszło"), not a place or
** circumstance of something else ("W dyskusji zgłoszono wniosek"). */
static bool meeting_took_place(const run *r, uint32_t tok) {
  const kr_doc *d = r->doc;
  if (tok > r->s0 && tok_form(d, tok - 1, "do")) {
    for (uint32_t j = r->s0; j < r->s1; j++)
      if (clause_of(r, j) == clause_of(r, tok) && has_lemma(&d->toks[j], "dojść")) return true;
    return false;
  }
  if (!(tag_cases(d->toks[tok].tag) & C_NOM)) return false;
  for (uint32_t j = tok; j-- > r->s0 && j + 3 >= tok;) {
    if (is_prep(d, j)) return false;
    if (is_punct(d, j)) break;
  }
  return true;
}

/* The verb at tok is in the first or second person ("Proszę o zabranie
** głosu", "zdążył em"): its dropped subject is the speaker, not the last actor. */
static bool speaker_person(const run *r, uint32_t tok) {
  const char *tag = r->doc->toks[tok].tag;
  if (tag && (strstr(tag, ":pri") || strstr(tag, ":sec"))) return true;
  return tok + 1 < r->s1 && tag_is(r->doc->toks[tok + 1].tag, "aglt");
}

/* A unit in clause cl that names an actor, places after "w" (where) aside. */
static bool actor_in_clause(const run *r, const sent_ctx *S, uint16_t cl) {
  for (uint32_t k = 0; k < S->n_us; k++) {
    const unit *u = &S->us[k];
    if (clause_of(r, u->tok) != cl || (u->place && !strcmp(u->prep, "w"))) continue;
    if (u->actor || u->pron) return true;
  }
  return false;
}

/* The partner of a relation named after the trigger: a unit after "z" whose
** preposition follows a relation noun within three words ("zacieśnienia
** więzi z Pjongjangiem", "rozwoju stosunków gospodarczych z Chinami"). */
static int relation_partner(const run *r, const sent_ctx *S, uint32_t after, uint16_t cl) {
  static const char *const rel[] = {"współpraca", "więź", "stosunek", "relacja", "kontakt", "dialog",
                                    "partnerstwo", "przyjaźń", "wymiana", "handel", NULL};
  const kr_doc *d = r->doc;
  for (uint32_t k = 0; k < S->n_us; k++) {
    const unit *u = &S->us[k];
    if (u->tok < after) continue;
    if (u->tok > after + 10 || clause_of(r, u->tok) != cl) break;
    if (strcmp(u->prep, "z") || u->chain || !(u->cases & C_INST) || u->tok < 2 || !u->actor) continue;
    uint32_t z = u->tok - 1;
    for (uint32_t j = z > after + 3 ? z - 3 : after; j < z; j++)
      for (int i = 0; rel[i]; i++)
        if (has_lemma(&d->toks[j], rel[i])) return (int)k;
  }
  return -1;
}

/* A unit after "z" + instrumental right after a talk noun in clause cl
** ("w rozmowie (telefonicznej) z X", "po spotkaniu z X"), not the source;
** -1 when none. */
static int talk_partner(const run *r, const sent_ctx *S, uint16_t cl, int src) {
  static const char *const talk[] = {"rozmowa", "spotkanie", "spotkać", "konsultacja", "negocjacja",
                                     "narada", "rozmawiać", NULL};
  const kr_doc *d = r->doc;
  for (uint32_t k = 0; k < S->n_us; k++) {
    const unit *u = &S->us[k];
    if ((int)k == src || clause_of(r, u->tok) != cl || strcmp(u->prep, "z") || !(u->cases & C_INST) || !u->actor)
      continue;
    uint32_t z = u->tok;                          /* find the "z" (a role may stand between) */
    while (z > r->s0 && !is_prep(d, z - 1)) z--;
    if (z < r->s0 + 2) continue;
    uint32_t n = z - 2;
    if (tag_is(d->toks[n].tag, "adj") && n > r->s0) n--;   /* "rozmowie telefonicznej" */
    for (int i = 0; talk[i]; i++)
      if (noun_tag(d->toks[n].tag) && has_lemma(&d->toks[n], talk[i])) return (int)k;
  }
  return -1;
}

/* Codes the trigger at hit h; fills c. Returns false when no event. */
static bool code_hit(run *r, sent_ctx *S, const hit *h, int pos, uint32_t si, cand *c) {
  const kr_event_lex *L = r->L;
  const trig *t = &L->trigs[h->trig];
  kr_doc *d = r->doc;
  int q = qualify(r, h, pos, S->comp);
  if (q == AC_BLOCK || q == AC_HYPO) return false;
  memset(c, 0, sizeof *c);
  c->tok = h->tok;
  c->pos = (uint8_t)pos;
  c->clause = clause_of(r, h->tok);
  c->code = q == AC_INTENT ? intent_code(L, t->cameo) : t->cameo;
  c->src.ent = c->tgt.ent = c->also.ent = c->also_tgt.ent = -1;
  uint16_t cl = c->clause;
  float conf = 0.5f;
  /* target */
  uint32_t after = h->pend > h->end ? h->pend : h->end;
  /* a gerund's object is in the genitive ("o wydaleniu dyplomatów") */
  const char *tcase = pos == POS_VERB && !t->tprep[0] && !strcmp(t->tcase, "acc") && tag_is(d->toks[h->tok].tag, "ger")
                          ? "gen" : t->tcase;
  int tg = find_frame(r, S, h->end, cl, t->tprep, tcase, pos == POS_NOUN && !t->tprep[0] ? 3 : 14, -1);
  if (tg < 0 && h->pend) {
    /* the complement's own frame: "zapewnił o poparciu dla polityki Pekinu" */
    hit ph = {0};
    if (best_row(r, h->ptok, POS_NOUN, false, &ph)) {
      const trig *pt = &L->trigs[ph.trig];
      tg = find_frame(r, S, ph.end, cl, pt->tprep, pt->tcase, 14, -1);
    }
  }
  (void)after;
  if (tg < 0 && root_of(L->cameo[c->code].code) >= 18) {
    /* force aims "na" or "w" whichever the row names: "uderzenia na obiekty", "atak w Kijów" */
    tg = find_frame(r, S, h->end, cl, strcmp(t->tprep, "na") ? "na" : "w", "acc", pos == POS_NOUN ? 6 : 14, -1);
  }
  if (tg < 0 && pos == POS_VERB && h->pend) {
    /* the author of the complement: "odrzucił propozycję rozejmu przedstawioną przez Kijów" */
    for (uint32_t j = h->pend; j < h->pend + 3 && j < r->s1 && same_clause(r, h->tok, j); j++)
      if (tag_is(d->toks[j].tag, "ppas")) { tg = find_frame(r, S, j + 1, cl, "przez", "acc", 2, -1); break; }
  }
  if (tg < 0 && !t->tcase[0]) {
    /* frames the lexicon cannot name: a mediator works "między X a Y", a
    ** show of force happens "wokół X" or "u wybrzeży X" */
    const char *cc = L->cameo[c->code].code;
    if (!strncmp(cc, "045", 3) || !strncmp(cc, "046", 3))
      tg = find_frame(r, S, h->end, cl, "między", "inst", 14, -1);
    else if (root_of(cc) == 15) {
      tg = find_frame(r, S, h->end, cl, "wokół", "gen", 14, -1);
      if (tg < 0) tg = find_frame(r, S, h->end, cl, "u", "gen", 14, -1);
    }
  }
  if (tg < 0 && h->pend && !t->tcase[0]) {
    /* the owner of the complement: "odrzuciła zarzuty Węgier" */
    for (uint32_t k = 0; k < S->n_us; k++)
      if (S->us[k].tok == h->pend && !S->us[k].prep[0] && (S->us[k].cases & C_GEN) && !S->us[k].pron) tg = (int)k;
  }
  if (tg < 0 && root_of(L->cameo[c->code].code) >= 3 && root_of(L->cameo[c->code].code) <= 6)
    tg = relation_partner(r, S, h->end, cl);       /* "poparcie dla zacieśnienia więzi z Pjongjangiem" */
  if (tg >= 0) conf += 0.2f;
  /* source */
  int src = -1, co = -1;
  if (pos == POS_NOUN) {
    for (uint32_t k = 0; k < S->n_us; k++) {     /* "atak Rosji", "spotkanie premiera X" */
      const unit *u = &S->us[k];
      if (u->tok < h->end || u->tok > h->end + 1) continue;
      /* right after the noun: its genitive owner, even when a preposition
      ** governs the noun ("doszło do spotkania premierów") */
      if ((int)k != tg && (!u->prep[0] || u->chain > 0) && (u->cases & C_GEN)) {
        src = (int)k; c->own_source = true;
        /* "spotkanie premierów Grecji i Turcji": the two sides */
        const unit *v = k + 1 < S->n_us ? &S->us[k + 1] : NULL;
        if (tg < 0 && v && v->tok == u->end + 1 && is_coord(d, u->end) && (!v->prep[0] || v->chain > 0) && !v->pron &&
            (v->cases & C_GEN) && v->actor && clause_of(r, v->tok) == cl)
          co = (int)k + 1;
      }
      break;
    }
    if (src < 0 && h->tok > r->s0) {             /* "chińska wizyta" */
      const kr_kb_entry *ce = country_adj(r, &d->toks[h->tok - 1]);
      if (ce && ce->name) {
        c->src = (actor){ent_by_name(d, ce->name), ce->name, actor_join(d, country_code(ce), "GOV")};
        c->own_source = true;
        conf += 0.15f;
      }
    }
  }
  if (pos == POS_VERB && tag_is(d->toks[h->tok].tag, "ppas")) {
    /* a passive participle: the agent is "przez X" ("ceł nałożonych przez Waszyngton") */
    int ag = find_frame(r, S, h->end, cl, "przez", "acc", 6, tg);
    if (ag < 0) return false;
    src = ag;
    bool pred = false;                            /* "została zaatakowana": predicative, not attributive */
    for (uint32_t j = h->tok > r->s0 + 2 ? h->tok - 2 : r->s0; j < h->tok; j++)
      pred |= has_lemma(&d->toks[j], "zostać") || has_lemma(&d->toks[j], "być");
    if (tg < 0 && pred) {                         /* the patient is the subject: "Rosja została zaatakowana przez X" */
      int co2;
      tg = subject_left(r, S, h->tok, cl, &co2);
      if (tg == ag) tg = -1;
    }
    c->own_source = true;
  }
  if (src < 0 && !c->own_source) {
    bool in_o = pos == POS_NOUN && h->tok > r->s0 && tok_form(d, h->tok - 1, "o");
    if (in_o) {                                  /* "zdecydowało o zamknięciu", not "KCNA poinformowała o spotkaniu" */
      src = subject_left(r, S, h->tok, cl, &co);
      if (src >= 0 && (!S->us[src].actor || strstr(S->us[src].actor, "MED"))) src = -1;
      co = -1;
    } else {
      src = subject_left(r, S, h->tok, cl, &co);
      if (src >= 0 && src == tg) src = -1;
      if (src < 0 && S->rel[cl]) {               /* relative clause: its antecedent */
        uint32_t comma = S->rel[cl] - 1;
        for (uint32_t k = S->n_us; k-- > 0;)
          if (S->us[k].end <= comma) { src = (int)k; break; }
        if (src >= 0 && S->us[src].end + 2 < comma) src = -1;
      }
      if (src < 0) src = subject_right(r, S, h->end, cl, tg);
      if (src < 0 && S->comp[cl] && !nom_before(r, cl, h->tok)) {
        /* a complement clause without its own subject: the governing clause's
        ** ("Waszyngton zapowiedział, że zaostrzy sankcje") */
        uint32_t first = h->tok;
        while (first > r->s0 && clause_of(r, first - 1) == cl) first--;
        if (first > r->s0) {
          uint16_t pc = clause_of(r, first - 1);
          int co2;
          src = subject_left(r, S, first, pc, &co2);
          if (src < 0) {
            uint32_t ps = first - 1;
            while (ps > r->s0 && clause_of(r, ps - 1) == pc) ps--;
            src = subject_right(r, S, ps, pc, tg);
          }
          if (src >= 0 && src == tg) src = -1;
        }
      }
    }
    if (src >= 0) conf += 0.2f;
  } else if (src >= 0) {
    conf += 0.2f;
  }
  if (!c->src.name && pos == POS_NOUN && h->end + 1 < r->s1 && tok_form(d, h->end, ",") &&
      S->rel[clause_of(r, h->end + 1)]) {
    /* "gratulacje, które przywódca wysłał", "zarzuty, które sformułował
    ** Kijów": the relative clause's subject made the act, whoever the main
    ** clause's subject is */
    uint16_t rc = clause_of(r, h->end + 1);
    for (uint32_t k = 0; k < S->n_us; k++)
      if (clause_of(r, S->us[k].tok) == rc && !S->us[k].prep[0] && !S->us[k].pron &&
          ((S->us[k].cases & C_NOM) || subject_slot(r, &S->us[k]))) {
        if ((int)k != tg) { src = (int)k; c->own_source = true; conf += 0.15f; }
        break;
      }
  }
  if (src >= 0) c->src = unit_actor(&S->us[src]);
  bool pair = false;
  if (src < 0 && tg < 0 && !c->src.name && pos == POS_NOUN && root_of(L->cameo[c->code].code) == 4 &&
      !actor_in_clause(r, S, cl) && meeting_took_place(r, h->tok)) {
    /* "Do rozmowy doszło w poniedziałek w Kiszyniowie", "Spotkanie odbyło
    ** się w Genewie": the meeting of the two sides told just before; none
    ** when that was a meeting already */
    const kr_event *e = latest_pair(r, si);
    if (e && !strncmp(e->cameo, "04", 2)) return false;   /* that meeting retold: "Wizyta potrwa dwa dni" */
    if (e) {
      c->src = (actor){e->source_entity, e->source, e->source_actor};
      c->tgt = (actor){e->target_entity, e->target, e->target_actor};
      pair = true;
      conf -= 0.1f;
    }
  }
  if (!c->src.name && pos == POS_NOUN && S->have_last && (tok_cases(r, h->tok) & C_NOM)) {
    /* the trigger noun is the subject and names no actor: "Deklaracja padła w liście do X" */
    bool any = false;
    for (uint32_t k = 0; k < S->n_us; k++) any |= clause_of(r, S->us[k].tok) == cl && S->us[k].tok < h->tok;
    if (!any) { c->src = S->last_subj; conf += 0.05f; }
  }
  if (!c->src.name && pos == POS_VERB) {
    for (uint32_t k = 0; k < d->n_quotes; k++) {  /* the speaker of a quote in the sentence */
      const kr_quote *qt = &d->quotes[k];
      if (qt->sent == si && qt->speaker_entity >= 0 && (uint32_t)qt->speaker_entity < d->n_ents) {
        c->src = ent_actor(r, qt->speaker_entity);
        conf += 0.1f;
        break;
      }
    }
    bool nom_noun = nom_before(r, cl, h->tok);   /* "Papież zaapelował": a subject, though no actor */
    if (!c->src.name && !nom_noun && S->have_last && !tag_is(d->toks[h->tok].tag, "inf") &&
        !speaker_person(r, h->tok)) {
      c->src = S->last_subj;                      /* dropped subject */
      conf += 0.05f;
    }
  }
  if ((!c->src.name || (src >= 0 && S->us[src].tok > h->tok)) && pos == POS_VERB && both_subject(r, cl, h->tok)) {
    /* "Obaj politycy podpisali porozumienie", "Obie strony wyraziły
    ** gotowość": the two sides of the latest two-party event */
    const kr_event *e = latest_pair(r, si);
    if (e) {
      c->src = (actor){e->source_entity, e->source, e->source_actor};
      if (tg < 0) { c->tgt = (actor){e->target_entity, e->target, e->target_actor}; pair = true; }
      conf -= 0.1f;
    }
  }
  const char *code = L->cameo[c->code].code;
  if (tg < 0 && co < 0 && !pair && !t->tcase[0] && strncmp(code, "06", 2) < 0) {
    /* a statement's addressee: "zadeklarował w liście do X", "apel do X" */
    tg = find_frame(r, S, h->end, cl, "do", "gen", 14, src);
    if (tg >= 0) conf += 0.05f;
  }
  if (tg >= 0 && S->us[tg].pron) {
    /* "pogratulował mu": the latest person before it who is not the source */
    c->tgt = (actor){-1, NULL, NULL};
    for (uint32_t k = (uint32_t)tg; k-- > 0;) {
      const unit *u = &S->us[k];
      if (u->type == KR_ENT_PER && u->actor && !u->pron && !same_actor(unit_actor(u), c->src)) { c->tgt = unit_actor(u); break; }
    }
    for (uint32_t k = r->n_recent; !c->tgt.name && k-- > 0;)
      if (!same_actor(r->recent[k], c->src)) c->tgt = r->recent[k];
    if (!c->tgt.name) return false;
    tg = -1;
    conf -= 0.1f;
  }
  if (tg >= 0) {
    const unit *tu = &S->us[tg];
    c->tgt = unit_actor(tu);
    if (co >= 0 && co != tg && S->us[co].actor && !S->us[co].pron) c->also = unit_actor(&S->us[co]);
    const unit *v = (uint32_t)tg + 1 < S->n_us ? &S->us[tg + 1] : NULL;
    if (v && v->tok == tu->end + 1 && is_coord(d, tu->end) && v->actor && !v->pron && !v->weak &&
        clause_of(r, v->tok) == cl && (v->prep[0] ? !strcmp(v->prep, tu->prep) : (v->cases & tu->cases) != 0))
      c->also_tgt = unit_actor(v);                /* "na Rosję i Białoruś", "z prezydentem X i premierem Y" */
    if (tu->capital && root_of(code) >= 18 && strlen(tu->actor) > 3)
      c->tgt.actor = kr__arena_strndup(d->arena, tu->actor, 3);  /* a city attacked is the country's */
  }
  else if (co >= 0 && !c->tgt.name) {
    c->tgt = unit_actor(&S->us[co]);
    conf += 0.1f;
    int cr = root_of(code);
    c->mutual = cr >= 3 && cr <= 6;                /* "Xi i Kim zobowiązali się": both ways */
  }
  if (!c->src.name || !c->src.actor) return false;
  if (!c->tgt.name && (!strncmp(code, "042", 3) || !strncmp(code, "043", 3))) {
    /* a visit without its frame: the host is the place named in the sentence */
    for (uint32_t k = 0; k < S->n_us; k++) {
      const unit *u = &S->us[k];
      if (!u->place || !u->actor || !strncmp(u->actor, c->src.actor, 3)) continue;
      c->tgt = unit_actor(u);
      break;
    }
  }
  if (!c->tgt.name && pos == POS_VERB && S->prev_tgt.name && same_actor(S->prev_src, c->src) &&
      coordinated(r, S->prev_tok, h->tok)) {
    /* a second predicate of the same subject: "Kreml potępił decyzję Unii i zagroził odwetem" */
    c->tgt = S->prev_tgt;
    conf -= 0.05f;
  }
  int rt = root_of(code);
  if (!c->tgt.name && pos == POS_VERB && rt >= 11 && rt <= 13 && !S->comp[cl] && !S->rel[cl] &&
      S->have_last && S->last_subj.actor && strncmp(S->last_subj.actor, c->src.actor, 3)) {
    /* a reaction is aimed at whoever acted in the sentence before: "Kijów domaga
    ** się rozejmu. Moskwa odrzuciła ten warunek" */
    c->tgt = S->last_subj;
    conf -= 0.15f;
  }
  if (!c->tgt.name && rt == 5) {
    /* the occasion names the addressee: "gratulacje z okazji chińskiego
    ** święta narodowego", also in the relative clause that tells who sent
    ** them ("gratulacje, które X wysłał z okazji ...") */
    int oc = occasion_unit(r, S, h);
    if (oc >= 0) { c->tgt = unit_actor(&S->us[oc]); conf -= 0.1f; }
  }
  if (!c->tgt.name && (rt == 3 || rt == 5) && h->pend && pos == POS_VERB && src >= 0) {
    /* a visit or meeting told just before sets the counterpart: "Li przebywał
    ** w Pjongjangu z wizytą. Li wyraził gotowość do wzajemnego wsparcia";
    ** the subject named in the clause, the act in the verb's complement, not
    ** a bare "zapowiedział" whose content is a clause of its own) */
    actor v = visit_counterpart(r, si, c->src);
    if (v.name) { c->tgt = v; conf -= 0.15f; }
  }
  if (!c->tgt.name && rt >= 1 && rt <= 5) {
    /* said to the partner of a talk in the same clause: "W rozmowie z
    ** prezydentem Ukrainy premier Polski zapewnił o wsparciu" */
    int mp = talk_partner(r, S, cl, src);
    if (mp >= 0) { c->tgt = unit_actor(&S->us[mp]); conf -= 0.1f; }
  }
  if (!c->tgt.name || !c->tgt.actor) return false;   /* as PETRARCH: an event needs both actors, coded */
  if (rt == 4 && tg >= 0 && S->us[tg].place &&
      (!c->tgt.actor || !strncmp(c->tgt.actor, c->src.actor, 3)))
    return false;                   /* a visit needs a host abroad: not "gościem w Krakowie" */
  if (c->tgt.name && (!strcmp(c->tgt.name, c->src.name) ||
                      (c->tgt.ent >= 0 && c->tgt.ent == c->src.ent)) &&
      (!c->tgt.actor || !c->src.actor || strlen(c->tgt.actor) <= 3 || strlen(c->src.actor) <= 3 ||
       !strcmp(c->tgt.actor, c->src.actor)))
    return false;                   /* itself; two bodies of one country are two actors ("policja", "premier") */
  /* a government protesting lodges a complaint */
  size_t al = strlen(c->src.actor);
  if (!strncmp(code, "14", 2) && al >= 3 && !strcmp(c->src.actor + al - 3, "GOV")) {
    int k = cameo_find(L, "114");
    if (k >= 0) c->code = k;
  }
  if (q == AC_UNCERTAIN) conf *= 0.7f;
  if (pos == POS_NOUN) conf -= 0.05f;
  c->conf = conf > 0.95f ? 0.95f : conf;
  return true;
}

static int emit(run *r, const cand *c, uint32_t si, const sent_ctx *S, uint32_t *cap) {
  kr_doc *d = r->doc;
  const kr_event_lex *L = r->L;
  const cameo_row *cr = &L->cameo[c->code];
  uint8_t from_pub;
  const char *date = event_date(d, si, c->tok, &from_pub);
  uint32_t para = para_of(d, si);
  const char *lemma = d->toks[c->tok].lemma;
  for (uint32_t i = 0; i < d->n_events; i++) {
    /* the same act told twice: same actors, code and date, and the same
    ** word or the same paragraph (the lead retold in the body keeps its verb) */
    const kr_event *e = &d->events[i];
    if (strcmp(e->cameo, cr->code) || strcmp(e->source, c->src.name) ||
        !((!e->target && !c->tgt.name) || (e->target && c->tgt.name && !strcmp(e->target, c->tgt.name))))
      continue;
    if ((e->date == date || (e->date && date && !strcmp(e->date, date))) &&
        (r->ev_para[i] == para || (lemma && r->ev_lemma[i] && !strcmp(lemma, r->ev_lemma[i]))))
      return 0;
  }
  if (d->n_events == *cap) {
    kr_event *ne = kr__arena_grow(d->arena, d->events, cap, 8, sizeof *ne);
    uint32_t *np = ne ? kr__arena_alloc(d->arena, *cap * sizeof *np) : NULL;
    const char **nl = np ? kr__arena_alloc(d->arena, *cap * sizeof *nl) : NULL;
    if (!nl) return KR_ENOMEM;
    if (d->n_events) {
      memcpy(np, r->ev_para, d->n_events * sizeof *np);
      memcpy(nl, r->ev_lemma, d->n_events * sizeof *nl);
    }
    d->events = ne; r->ev_para = np; r->ev_lemma = nl;
  }
  r->ev_para[d->n_events] = para;
  r->ev_lemma[d->n_events] = lemma;
  kr_event *e = &d->events[d->n_events];
  memset(e, 0, sizeof *e);
  e->source = c->src.name; e->source_actor = c->src.actor; e->source_entity = c->src.ent;
  e->target = c->tgt.name; e->target_actor = c->tgt.actor; e->target_entity = c->tgt.ent;
  e->plover = cr->plover;
  e->cameo = cr->code;
  e->quad_class = cr->quad;
  e->goldstein = cr->goldstein;
  e->date = date;
  e->date_from_pub = from_pub;
  e->location = event_location(r, S, c->clause);
  if (!(e->trigger = tok_str(d, c->tok, c->tok + 1))) return KR_ENOMEM;
  e->start = d->sents[si].start;
  e->end = d->sents[si].end;
  e->confidence = c->conf;
  d->n_events++;
  return 0;
}

/* A verbal act of cooperation toward a country by someone who in the same
** document addresses that country's person (a letter, congratulations, a
** declaration to Kim) is aimed at that person: "Xi zadeklarował chęć
** współpracy z Koreą Północną. Deklaracja padła w liście do Kima". The
** retargeted event is dropped when it then repeats one already there. */
static void retarget_addressee(kr_doc *d) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < d->n_events; i++) {
    kr_event *e = &d->events[i];
    int rt = root_of(e->cameo);
    bool keep = true;
    if ((rt == 3 || rt == 5) && e->target_actor && strlen(e->target_actor) == 3 && e->source) {
      const kr_event *f = NULL;
      for (uint32_t j = 0; j < d->n_events && !f; j++) {
        const kr_event *g = &d->events[j];
        int gr = root_of(g->cameo);
        if (j == i || gr < 1 || gr > 5 || !g->source || strcmp(g->source, e->source) || !g->target_actor ||
            g->target_entity < 0 || d->ents[g->target_entity].type != KR_ENT_PER ||
            strncmp(g->target_actor, e->target_actor, 3))
          continue;
        f = g;
      }
      if (f) {
        e->target = f->target; e->target_actor = f->target_actor; e->target_entity = f->target_entity;
        for (uint32_t j = 0; j < d->n_events && keep; j++) {
          const kr_event *g = j < n ? &d->events[j] : j > i ? &d->events[j] : NULL;
          if (!g || !g->plover || !e->plover || !g->target_actor || (j > i && strlen(g->target_actor) <= 3)) continue;
          keep = !(!strcmp(g->plover, e->plover) && !strcmp(g->source, e->source) && g->target &&
                   !strcmp(g->target, e->target) && g->date && e->date && !strcmp(g->date, e->date));
        }
      }
    }
    if (keep) d->events[n++] = *e;
  }
  d->n_events = n;
}

int kr__events_run(const kr_resources *res, kr_doc *doc, kr_error *err) {
  if (!res->events || !doc->n_sents) return 0;
  uint32_t max_len = 0;
  for (uint32_t s = 0; s < doc->n_sents; s++)
    if (doc->sents[s].n_toks > max_len) max_len = doc->sents[s].n_toks;
  run r = {.res = res, .L = res->events, .doc = doc};
  r.alias = doc->n_ents ? kr__arena_calloc(doc->arena, doc->n_ents, sizeof *r.alias) : NULL;
  if (doc->n_ents && !r.alias) return kr__err_set(err, KR_ENOMEM, 0, 0, "events: out of memory");
  sent_ctx *S = kr__arena_alloc(doc->arena, sizeof *S);
  r.clause = kr__arena_calloc(doc->arena, max_len + 1, sizeof *r.clause);
  r.used = kr__arena_calloc(doc->arena, max_len + 1, 1);
  cand *cs = kr__arena_calloc(doc->arena, max_len + 1, sizeof *cs);
  if (!S || !r.clause || !r.used || !cs) return kr__err_set(err, KR_ENOMEM, 0, 0, "events: out of memory");
  S->have_last = false;
  uint32_t m_cur = 0, cap = 0;
  doc->events = NULL;
  doc->n_events = 0;
  for (uint32_t si = 0; si < doc->n_sents; si++) {
    const kr_sentence *s = &doc->sents[si];
    r.s0 = s->tok; r.s1 = s->tok + s->n_toks;
    if (!s->n_toks) continue;
    memset(r.used, 0, s->n_toks);
    build_clauses(&r, S->rel, S->comp, 64);
    S->n_us = build_units(&r, &m_cur, S->us);
    uint32_t n_c = 0;
    actor explicit_subj = {-1, NULL, NULL};
    S->prev_src = S->prev_tgt = explicit_subj;
    S->prev_tok = 0;
    for (int pos = POS_VERB; pos <= POS_NOUN; pos++) {
      for (uint32_t i = r.s0; i < r.s1; i++) {
        if (r.used[i - r.s0]) continue;
        hit h = {0};
        if (!best_row(&r, i, pos, true, &h)) continue;
        if (pos == POS_VERB && tag_is(doc->toks[i].tag, "ger")) {
          hit hn = {0};                             /* a noun row of its own with its complement wins */
          if (best_row(&r, i, POS_NOUN, true, &hn) && res->events->trigs[hn.trig].pat != PAT_NONE) continue;
        }
        for (uint32_t j = h.tok; j < h.end; j++) r.used[j - r.s0] = 1;
        if (h.pend) for (uint32_t j = h.ptok; j < h.pend; j++) r.used[j - r.s0] = 1;
        if (h.sie) r.used[h.sie - 1 - r.s0] = 1;
        if (code_hit(&r, S, &h, pos, si, &cs[n_c])) {
          if (pos == POS_VERB && !explicit_subj.name && cs[n_c].src.name) explicit_subj = cs[n_c].src;
          if (pos == POS_VERB) { S->prev_src = cs[n_c].src; S->prev_tgt = cs[n_c].tgt; S->prev_tok = cs[n_c].tok; }
          n_c++;
        } else if (pos == POS_VERB && h.pend && h.ptok < h.tok && (tag_cases(doc->toks[h.ptok].tag) & C_NOM)) {
          /* the complement is the subject and names the act ("Spotkanie
          ** premierów X i Y odbyło się"): the noun is coded on its own */
          for (uint32_t j = h.ptok; j < h.pend; j++) r.used[j - r.s0] = 0;
        }
      }
    }
    /* one event per clause: a verb's, unless it is a bare statement */
    for (uint32_t a = 0; a < n_c; a++) {
      if (cs[a].pos != POS_VERB) continue;
      bool statement = !strncmp(res->events->cameo[cs[a].code].code, "01", 2);
      for (uint32_t b = 0; b < n_c; b++) {
        if (cs[b].pos != POS_NOUN || cs[b].clause != cs[a].clause) continue;
        if (statement) cs[a].drop = true;
        else if (!cs[b].own_source) cs[b].drop = true;
      }
    }
    for (uint32_t a = 0; a < n_c; a++) {
      if (cs[a].drop) continue;
      int rc = emit(&r, &cs[a], si, S, &cap);
      if (!rc && cs[a].mutual) {
        cand rev = cs[a];
        rev.src = cs[a].tgt; rev.tgt = cs[a].src;
        rc = emit(&r, &rev, si, S, &cap);
      }
      if (!rc && cs[a].also_tgt.name && !same_actor(cs[a].also_tgt, cs[a].src)) {
        cand second = cs[a];
        second.tgt = cs[a].also_tgt;
        rc = emit(&r, &second, si, S, &cap);
      }
      if (!rc && cs[a].also.name && !same_actor(cs[a].also, cs[a].tgt)) {
        cand second = cs[a];
        second.src = cs[a].also;
        rc = emit(&r, &second, si, S, &cap);
      }
      if (rc) return kr__err_set(err, rc, 0, 0, "events: out of memory");
    }
    for (uint32_t k = 0; k < S->n_us; k++) {      /* persons a later pronoun may stand for */
      const unit *u = &S->us[k];
      if (u->type != KR_ENT_PER || !u->actor || u->pron || !u->name) continue;
      if (r.n_recent == 8) memmove(r.recent, r.recent + 1, 7 * sizeof *r.recent), r.n_recent--;
      r.recent[r.n_recent++] = unit_actor(u);
    }
    /* subject for the next sentence's dropped subjects */
    if (explicit_subj.name) {
      S->last_subj = explicit_subj; S->have_last = true;   /* media report rather than act */
      if (explicit_subj.actor && strstr(explicit_subj.actor, "MED")) S->have_last = false;
    } else {
      for (uint32_t k = 0; k < S->n_us; k++) {
        const unit *u = &S->us[k];
        if (!u->prep[0] && ((u->cases & C_NOM) || subject_slot(&r, u)) && u->actor && !u->pron) {
          bool verb_before = false;
          for (uint32_t j = r.s0; j < u->tok; j++) verb_before |= verb_tag(doc->toks[j].tag) && !tag_is(doc->toks[j].tag, "ppas");
          if (!verb_before) { S->last_subj = unit_actor(u); S->have_last = true; }
          break;
        }
      }
    }
  }
  retarget_addressee(doc);
  return 0;
}
