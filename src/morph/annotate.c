/*
** morph/annotate.c — the morphology stage: candidate readings for every
** token, and a first choice among them.
**
** Words are looked up in PoliMorf (case-aware); words it lacks go to the
** guesser when a guesser model is loaded (KR_TOKF_GUESSED). Punctuation,
** digits, symbols, URLs and e-mails get one rule reading (interp, dig, sym,
** ign). Until the tagger runs, the reading is chosen by a documented
** heuristic (choose_heuristic). Readings live in the document's arena.
*/
#include "../resources.h"

#define MAX_READINGS 255

static int rule_reading(const kr_resources *res, kr_doc *doc, kr_token *t, const char *tag) {
  int id = kr__dict_tag_id(res->dict, tag, strlen(tag));
  kr_reading *r = kr__arena_alloc(doc->arena, sizeof *r);
  if (!r) return KR_ENOMEM;
  r->lemma = kr__arena_strndup(doc->arena, doc->text + t->off, t->len);
  if (!r->lemma) return KR_ENOMEM;
  r->tag = (uint16_t)(id < 0 ? 0 : id);
  r->source = KR_SRC_RULE;
  r->pad_ = 0;
  r->score = 0;
  t->readings = r;
  t->n_readings = id < 0 ? 0 : 1;
  return 0;
}

static int is_brev(const kr_resources *res, unsigned tag) {
  const char *s = kr__dict_tag(res->dict, tag);
  return s && !strncmp(s, "brev", 4) && (s[4] == 0 || s[4] == ':');
}

/* Abbreviation readings, after the n dictionary readings in buf:
**   - the lexicon's (data/morph/abbrev.tsv) for the form, or for the form
**     with its first letter lower-cased ("Prof" → "prof"); they replace the
**     dictionary's own brev readings of the form; a brev:pun reading (an
**     abbreviation written with a dot) only when a "." token follows (or
**     ends the token: "ul." kept whole, as UD Polish LFG does);
**   - a single capital letter followed by "." is an initial ("J." → J
**     brev:pun);
**   - a multi-word lemma of a dictionary brev reading is joined with "_" as
**     in UD ("tak zwany" → "tak_zwany").
** *n_dict gets the number of dictionary readings (0: the dictionary
** lacks the form). Returns the new count or a negative error. */
static int abbrev_readings(const kr_resources *res, kr_arena *a, const char *form, size_t len,
                           int dot_next, kr_reading *buf, int n, int *n_dict) {
  const kr_abbrev_entry *e = NULL;
  int ne = kr__abbrev_find(res->abbrev, form, len, &e);
  if (ne == 0 && len > 1 && form[len - 1] == '.') { /* "ul." as one token (UD Polish LFG) */
    ne = kr__abbrev_find(res->abbrev, form, len - 1, &e);
    if (ne) dot_next = 1;
  }
  if (ne == 0 && res->abbrev && len > 1 && len <= 12) { /* abbreviations are short */
    int32_t cp;
    int cl = kr__utf8_decode(form, len, &cp);
    if (cl > 0 && kr__cp_is_upper(cp)) {
      size_t ll;
      char *low = kr__utf8_lower(a, form, (size_t)cl, &ll);
      char *f2 = low ? kr__arena_alloc(a, ll + len - (size_t)cl + 1) : NULL;
      if (!f2) return KR_ENOMEM;
      memcpy(f2, low, ll);
      memcpy(f2 + ll, form + cl, len - (size_t)cl);
      f2[ll + len - (size_t)cl] = 0;
      size_t l2 = ll + len - (size_t)cl;
      ne = kr__abbrev_find(res->abbrev, f2, l2, &e);
      if (ne == 0 && l2 > 1 && f2[l2 - 1] == '.') { /* "Prof." as one token */
        ne = kr__abbrev_find(res->abbrev, f2, l2 - 1, &e);
        if (ne) dot_next = 1;
      }
    }
  }
  int pun = kr__dict_tag_id(res->dict, "brev:pun", 8);
  /* an abbreviation the lexicon expands without a dot ("km" kilometr):
  ** PoliMorf's own noun reading of it with itself as lemma goes, as in UD
  ** Polish PDB (units are brev:npun with the full word as lemma) */
  int npun = 0;
  for (int i = 0; i < ne; i++) npun |= e[i].tag != pun;
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (npun && strlen(buf[i].lemma) == len && !memcmp(buf[i].lemma, form, len)) continue;
    if (is_brev(res, buf[i].tag)) {
      if (ne) continue; /* the lexicon's readings replace them */
      if (strchr(buf[i].lemma, ' ')) {
        char *l = kr__arena_strndup(a, buf[i].lemma, strlen(buf[i].lemma));
        if (!l) return KR_ENOMEM;
        for (char *p = l; *p; p++)
          if (*p == ' ') *p = '_';
        buf[i].lemma = l;
      }
    }
    buf[m++] = buf[i];
  }
  *n_dict = n;
  for (int i = 0; i < ne && m < MAX_READINGS; i++)
    if (dot_next || e[i].tag != pun) buf[m++] = (kr_reading){e[i].lemma, e[i].tag, KR_SRC_RULE, 0, 0};
  int32_t cp;
  if (res->abbrev && dot_next && m < MAX_READINGS && kr__utf8_decode(form, len, &cp) == (int)len &&
      kr__cp_is_upper(cp)) {
    char *l = pun < 0 ? NULL : kr__arena_strndup(a, form, len);
    if (pun >= 0 && !l) return KR_ENOMEM;
    if (l) buf[m++] = (kr_reading){l, (uint16_t)pun, KR_SRC_RULE, 0, 0};
  }
  return m;
}

void kr__morph_choose(const kr_resources *res, kr_token *t, int idx) {
  if (t->n_readings == 0 || idx < 0 || idx >= t->n_readings) return;
  if (idx > 0) {
    kr_reading chosen = t->readings[idx];
    memmove(t->readings + 1, t->readings, (size_t)idx * sizeof *t->readings);
    t->readings[0] = chosen;
  }
  const kr_reading *r = &t->readings[0];
  const char *tag = kr__dict_tag(res->dict, r->tag);
  t->lemma = r->lemma;
  t->tag = tag ? tag : "ign";
  t->upos = kr__tag_upos(t->tag, r->lemma);
  t->feats = kr__dict_tag_feats(res->dict, r->tag);
}

/* Heuristic used when no tagger model is loaded: for a capitalised word that
** does not open a sentence prefer a proper-noun reading (capitalised lemma);
** otherwise prefer a reading whose lemma is the lower-cased form itself (the
** base form), else the dictionary's first reading. */
static int choose_heuristic(const kr_doc *doc, const kr_token *t, uint32_t sent_first) {
  int cap_mid = (t->flags & KR_TOKF_CAP) && (uint32_t)(t - doc->toks) != sent_first;
  if (cap_mid) {
    for (int i = 0; i < t->n_readings; i++) {
      unsigned char c = (unsigned char)t->readings[i].lemma[0];
      if ((c >= 'A' && c <= 'Z') || c == 0xC3 || c == 0xC4 || c == 0xC5) return i;
    }
  }
  for (int i = 0; i < t->n_readings; i++) {
    const char *l = t->readings[i].lemma;
    if (strlen(l) == t->len && !strncmp(l, doc->text + t->off, t->len)) return i;
  }
  return 0;
}

int kr__morph_run(const kr_resources *res, kr_doc *doc, kr_error *err) {
  kr_reading buf[MAX_READINGS];
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    kr_token *t = &doc->toks[i];
    const char *form = doc->text + t->off;
    int n = 0, n_dict = 0, rc = 0;
    t->n_readings = 0;
    t->readings = NULL;
    switch (t->kind) {
      case KR_TOK_WORD:
      case KR_TOK_ABBREV:
      case KR_TOK_OTHER:
        n = kr__morph_lookup(res->dict, doc->arena, form, t->len, buf, MAX_READINGS);
        if (n >= 0) {
          const kr_token *nx = i + 1 < doc->n_toks ? t + 1 : NULL;
          int dot = nx && nx->len == 1 && doc->text[nx->off] == '.';
          n = abbrev_readings(res, doc->arena, form, t->len, dot, buf, n, &n_dict);
        }
        if (n_dict == 0 && n >= 0 && res->guesser) {
          int g = kr__guesser_guess(res->guesser, doc->arena, form, t->len, buf + n, MAX_READINGS - n);
          if (g > 0) t->flags |= KR_TOKF_GUESSED;
          n = g < 0 ? g : n + g;
        }
        if (n < 0) return kr__err_set(err, n, t->off, 0, "morphology failed at byte %u", t->off);
        if (n > 0) {
          t->readings = kr__arena_alloc(doc->arena, (size_t)n * sizeof *buf);
          if (!t->readings) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
          memcpy(t->readings, buf, (size_t)n * sizeof *buf);
          t->n_readings = (uint8_t)n;
        }
        break;
      case KR_TOK_NUMBER: rc = rule_reading(res, doc, t, "dig"); break;
      case KR_TOK_PUNCT: rc = rule_reading(res, doc, t, "interp"); break;
      case KR_TOK_SYMBOL: rc = rule_reading(res, doc, t, "sym"); break;
      default: rc = rule_reading(res, doc, t, "ign"); break;
    }
    if (rc) return kr__err_set(err, rc, 0, 0, "out of memory");
    if (t->n_readings) {
      kr__morph_choose(res, t, choose_heuristic(doc, t, doc->sents ? doc->sents[t->sent].tok : 0));
    } else {
      t->lemma = kr__arena_strndup(doc->arena, form, t->len);
      if (!t->lemma) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
      t->tag = "ign";
      t->upos = t->kind == KR_TOK_PUNCT ? KR_UPOS_PUNCT : KR_UPOS_X;
      t->feats = "_";
    }
  }
  return 0;
}
