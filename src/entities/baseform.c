/*
** entities/baseform.c — the base form (nominative) of a name phrase:
** "Korei Północnej" → "Korea Północna", "Władimira Putina" → "Władimir Putin",
** "Partii Pracy Korei" → "Partia Pracy Korei", "Stanach Zjednoczonych" →
** "Stany Zjednoczone". Exports kr__entities_base_form (entities.h).
**
** The phrase is not lemmatised word by word (that would give "Korea Północny"):
**   1. Each word's noun-like (subst, depr, ger) and adjective-like (adj, ppas,
**      pact) readings are parsed; a capitalised word with proper-noun
**      readings drops its common-noun ones, and a guessed reading counts only
**      when the surface is its lemma plus a usual masculine/feminine ending
**      (so "Thae" is not read as a form of "Tha").
**   2. Names of persons: every capitalised part up to the first lower-case
**      word ("van", "der") may inflect; the phrase's case is the one most
**      parts can have (the tagger's choices break ties). Each part with a
**      reading in that case is put in the nominative, the others are kept.
**   3. Other names: the head is the first noun (leading adjectives skipped);
**      its reading is chosen by the tagger's choice, the agreement of the
**      adjectives around it and a slight preference for the singular. The
**      head and the adjectives agreeing with it (before it, and right after
**      it) go to the nominative in the same number and gender; the first
**      word that does not agree ends the inflected part (genitive
**      complements "Pracy Korei", abbreviations "Płn.", numbers stay).
**      Capitalised words prefer readings with a capitalised lemma
**      ("Szczecinie" → Szczecin); after an abbreviated head the gender is the
**      expanded noun's ("woj. małopolskim" → "woj. małopolskie"; "ul.", "al.",
**      "pl.", "os." keep what follows); a title abbreviation before a person
**      ("św. Mikołaja") stays and the name after it inflects.
**      Vocative readings are dropped (names in the news are not addressed:
**      "Nagano", "Detko"); a surface that is a plurale tantum's own form
**      keeps the plural ("Mistrzostwa Świata"); leading ordinals ("I", "XXV",
**      "16.") stay and the name after them inflects; short acronyms in
**      capitals ("MAM", "XIV") may head a phrase but keep their surface; an
**      ending after an apostrophe or an acronym's hyphen is dropped
**      ("Moore'a", "Harry ’ ego", "ZUS-u"). In person names initials ("J.")
**      stay, a reading whose lemma is only the surface (a rule's) yields to a
**      declined one ("Benklera" → Benkler), a lemma with the mobile e wins
**      ("Marka" → Marek), and a lone surname in the plural of a family goes
**      to the singular ("Platerów" → Plater).
**   4. Forms come from the dictionary's reverse index (lemma + tag with the
**      case set to nom); when the lemma is not in it (guessed words), a
**      singular noun's lemma is its nominative.
**   5. Each word keeps the capitalisation of its surface form.
** Bounded work per phrase: at most MAX_WORDS words and MAX_RD readings per
** word are considered (longer phrases keep their tail); no allocation except
** the result string.
*/
#include "entities.h"

#include <limits.h>
#include <strings.h>
#include <utf8proc.h>

#define MAX_WORDS 16
#define MAX_RD 24
#define MAX_OUT 1024

enum { RC_NOUN = 1, RC_ADJ = 2 };

/* One parsed reading: pointers into the resource's tag string. */
typedef struct rd {
  const char *lemma;
  const char *tag;
  uint8_t cls;            /* RC_NOUN or RC_ADJ */
  uint8_t src;            /* KR_SRC_* */
  uint8_t chosen;         /* the tagger's reading */
  uint8_t nf;             /* fields */
  uint8_t fo[8], fl[8];   /* field offsets and lengths */
} rd;

/* ctx: the tagger saw words around the phrase, so its choice counts. */
typedef struct word {
  const kr_token *t;
  const char *form;       /* surface, not NUL-terminated */
  uint32_t len;
  bool cap, allcaps, lower;
  bool acronym;           /* short, in capitals: never inflected */
  bool sg;                /* a family's name: the nominative singular */
  rd r[MAX_RD];
  int n;
  int pick;               /* reading to inflect, -1: keep the surface */
} word;

static bool fld_is(const rd *r, int k, const char *s) {
  size_t n = strlen(s);
  return k < r->nf && r->fl[k] == n && memcmp(r->tag + r->fo[k], s, n) == 0;
}
static bool fld_eq(const rd *a, int ka, const rd *b, int kb) {
  return ka < a->nf && kb < b->nf && a->fl[ka] == b->fl[kb] &&
         memcmp(a->tag + a->fo[ka], b->tag + b->fo[kb], a->fl[ka]) == 0;
}
/* Fields: 0 pos, 1 number, 2 case, 3 gender. */
#define F_NUM 1
#define F_CASE 2
#define F_GEN 3

static bool parse_tag(rd *r, const char *tag) {
  r->tag = tag;
  r->nf = 0;
  size_t off = 0;
  for (;;) {
    size_t n = strcspn(tag + off, ":");
    if (r->nf >= 8 || off > 255 || n > 255) return false;
    r->fo[r->nf] = (uint8_t)off;
    r->fl[r->nf] = (uint8_t)n;
    r->nf++;
    off += n;
    if (!tag[off]) break;
    off++;
  }
  if (r->nf < 4) return false;
  if (fld_is(r, 0, "subst") || fld_is(r, 0, "depr") || fld_is(r, 0, "ger")) r->cls = RC_NOUN;
  else if (fld_is(r, 0, "adj") || fld_is(r, 0, "ppas") || fld_is(r, 0, "pact")) r->cls = RC_ADJ;
  else return false;
  return true;
}

static bool first_upper(const char *s, size_t len) {
  if (!len) return false;
  int32_t cp;
  kr__utf8_decode(s, len, &cp);
  return kr__cp_is_upper(cp);
}

/* Outside person names the endings of the -a declension that are also
** nominatives of other names ("Brøndby", "Quanty", "Wojnowiczki") count only
** where Polish has no such nominative: -ą, -ę, -ii, -ki, -gi, -cy, -wie. */
static bool oblique_a(const char *stem_end, const char *e) {
  char c = *stem_end;
  if (!strcmp(e, "ą") || !strcmp(e, "ę")) return true;
  if (!strcmp(e, "i")) return c == 'i' || c == 'k' || c == 'g';
  if (!strcmp(e, "y")) return c == 'c';
  if (!strcmp(e, "ie")) return c == 'w';
  return false;
}

/* A guessed reading is trusted when the surface is the lemma itself or the
** lemma plus a common inflectional ending ("Una" = "Un"+"a", "Qiangiem"), or
** when the lemma ends in a vowel of the nominative that the surface replaces
** by an ending of the same declension (person names only): feminine and masculine -a ("Pitera" →
** "Piterą", "Wikipedia" → "Wikipedii"), -o ("Łucenko" → "Łucenki") and the
** adjectival -i/-y ("Skarszowski" → "Skarszowskiego", "-skim", "-skich"). */
static bool guess_plausible(const word *w, const char *lemma, bool person) {
  static const char *const endings[] = {"a", "owi", "em", "iem", "u", "ą", "ę", "y", "i", "ie", "e", "om", "ach", "ami", "ów"};
  static const char *const a_end[] = {"y", "i", "ie", "ii", "ę", "ą"};
  static const char *const o_end[] = {"a", "i", "y", "ę", "ą", "ie", "u", "owi", "em", "iem"};
  static const char *const i_end[] = {"ego", "emu", "m", "ch", "mi", "e"};
  size_t ln = strlen(lemma);
  /* the first letter may differ in case only; "Ł" and "ł" take as many bytes */
  int32_t cp;
  size_t fb = ln ? (size_t)kr__utf8_decode(lemma, ln, &cp) : 1;
  if (fb < 1 || fb > w->len) fb = 1;
  if (ln >= 3 && ln <= w->len + 1) {
    const char *const *set = NULL;
    size_t n_set = 0, keep = ln - 1;
    char last = lemma[ln - 1];
    if (last == 'a') set = a_end, n_set = sizeof a_end / sizeof *a_end;
    else if (last == 'o' && person) set = o_end, n_set = sizeof o_end / sizeof *o_end;
    else if (last == 'i' || last == 'y') set = i_end, n_set = sizeof i_end / sizeof *i_end, keep = ln;
    if (last == 'y' && w->len > ln && w->form[ln - 1] == 'e') keep = ln - 1;  /* -y → -ego */
    if (set && keep <= w->len && keep > fb && memcmp(w->form + fb, lemma + fb, keep - fb) == 0) {
      const char *end = w->form + keep;
      size_t en = w->len - keep;
      for (size_t i = 0; i < n_set; i++)
        if (strlen(set[i]) == en && memcmp(end, set[i], en) == 0 &&
            (person || last != 'a' || oblique_a(w->form + keep - 1, set[i])))
          return true;
    }
  }
  if (ln > w->len) return false;
  if (strncasecmp(w->form, lemma, ln) != 0) {
    /* the lemma may differ in its capitalisation only in the first byte */
    if (ln < fb || memcmp(w->form + fb, lemma + fb, ln - fb) != 0) return false;
  }
  if (ln == w->len) return true;
  const char *end = w->form + ln;
  size_t en = w->len - ln;
  for (size_t i = 0; i < sizeof endings / sizeof *endings; i++)
    if (strlen(endings[i]) == en && memcmp(end, endings[i], en) == 0) return true;
  return false;
}

static void load_word(const kr_resources *res, word *w, const kr_doc *doc, const kr_token *t,
                      bool person, bool alone) {
  w->t = t;
  w->form = doc->text + t->off;
  w->len = t->len;
  w->cap = (t->flags & KR_TOKF_CAP) != 0;
  w->allcaps = (t->flags & KR_TOKF_ALLCAPS) != 0;
  w->lower = !w->cap && !w->allcaps;
  w->n = 0;
  w->pick = -1;
  w->acronym = false;
  w->sg = false;
  if (t->kind != KR_TOK_WORD) return;
  /* a short word in capitals is an acronym ("MAM", "AG", "XIV"): it may head
  ** the phrase but is no form of "mama" and keeps its surface */
  w->acronym = w->allcaps && kr__utf8_count(w->form, w->len) <= 4;
  bool proper_noun = false;
  for (int i = 0; i < t->n_readings && w->n < MAX_RD; i++) {
    const kr_reading *kr = &t->readings[i];
    const char *tag = kr__dict_tag(res->dict, kr->tag);
    if (!tag || !kr->lemma) continue;
    rd *r = &w->r[w->n];
    if (!parse_tag(r, tag)) continue;
    r->lemma = kr->lemma;
    r->src = kr->source;
    r->chosen = i == 0;
    if (r->src == KR_SRC_GUESS && !guess_plausible(w, r->lemma, person)) continue;
    if (fld_is(r, F_CASE, "voc")) continue; /* names in the news are not addressed: "Nagano", "Detko" are no vocatives */
    if (r->cls == RC_NOUN && first_upper(r->lemma, strlen(r->lemma))) proper_noun = true;
    w->n++;
  }
  if (person && w->cap)  /* a guessed lemma's capitals are the guesser's whim ("winawer") */
    for (int i = 0; i < w->n; i++)
      if (w->r[i].src == KR_SRC_GUESS && w->r[i].cls == RC_NOUN) proper_noun = true;
  if (person && w->cap && !proper_noun) {
    /* "Kim" read as "kto", "Li" as "li": a common noun is no part of a
    ** longer name, a common adjective no whole name ("ki"), and a lemma
    ** starting otherwise than the form ("kto") neither */
    int k = 0;
    for (int i = 0; i < w->n; i++)
      if (first_upper(w->r[i].lemma, strlen(w->r[i].lemma)) ||
          (((w->r[i].cls == RC_NOUN && (alone || w->len >= 5)) || (w->r[i].cls == RC_ADJ && !alone)) &&
           w->len >= 2 && strncasecmp(w->r[i].lemma, w->form, 2) == 0))
        w->r[k++] = w->r[i];
    w->n = k;
  }
  if (person && w->cap && proper_noun) {
    int k = 0;
    for (int i = 0; i < w->n; i++)
      if (w->r[i].cls != RC_NOUN || w->r[i].src == KR_SRC_GUESS ||
          first_upper(w->r[i].lemma, strlen(w->r[i].lemma)))
        w->r[k++] = w->r[i];
    w->n = k;
  }
}

static bool has_cls(const word *w, int cls) {
  for (int i = 0; i < w->n; i++)
    if (w->r[i].cls == cls) return true;
  return false;
}

/* Adjective reading of w agreeing with noun reading h (number, case, gender). */
static int agreeing_adj(const word *w, const rd *h) {
  int best = -1;
  for (int i = 0; i < w->n; i++) {
    const rd *a = &w->r[i];
    if (a->cls != RC_ADJ) continue;
    if (!fld_eq(a, F_NUM, h, F_NUM) || !fld_eq(a, F_CASE, h, F_CASE) || !fld_eq(a, F_GEN, h, F_GEN))
      continue;
    if (best < 0 || (a->chosen && !w->r[best].chosen)) best = i;
  }
  return best;
}

/* ---- generation ------------------------------------------------------------ */

typedef struct gen_ctx {
  const char *lemma;
  const word *w;
  char best[128];
  size_t best_len;
  int best_score;
  int n;
} gen_ctx;

static int gen_cb(void *ctx, const char *form, size_t len, unsigned tag) {
  (void)tag;
  gen_ctx *g = ctx;
  if (len >= sizeof g->best) return 0;
  int score = 0;
  if (strlen(g->lemma) == len && memcmp(g->lemma, form, len) == 0) score += 1000;
  size_t k = 0;
  while (k < len && k < g->w->len && form[k] == g->w->form[k]) k++;
  score += (int)k;
  if (g->n == 0 || score > g->best_score) {
    memcpy(g->best, form, len);
    g->best_len = len;
    g->best_score = score;
  }
  g->n++;
  return 0;
}

/* The nominative of reading r into out (cap bytes); returns its length or -1. */
static int nominative(const kr_resources *res, const word *w, const rd *r, char *out, size_t cap) {
  char pat[96];
  size_t o = 0;
  for (int k = 0; k < r->nf; k++) {
    const char *s = k == F_CASE ? "nom" : k == F_NUM && w->sg ? "sg" : r->tag + r->fo[k];
    size_t n = k == F_CASE ? 3 : k == F_NUM && w->sg ? 2 : r->fl[k];
    if (o + n + 2 >= sizeof pat) return -1;
    if (k) pat[o++] = ':';
    memcpy(pat + o, s, n);
    o += n;
  }
  pat[o] = 0;
  gen_ctx g = {r->lemma, w, {0}, 0, 0, 0};
  size_t ln = strlen(r->lemma);
  if (r->src != KR_SRC_GUESS) {
    kr__dict_generate(res->dict, r->lemma, ln, pat, gen_cb, &g);
    if (!g.n && first_upper(r->lemma, ln) && ln < 120) {
      /* case-aware lookup may have capitalised a common lemma */
      char low[128];
      int32_t cp;
      int b = kr__utf8_decode(r->lemma, ln, &cp);
      int e = kr__utf8_encode(utf8proc_tolower(cp), low);
      memcpy(low + e, r->lemma + b, ln - (size_t)b);
      kr__dict_generate(res->dict, low, (size_t)e + ln - (size_t)b, pat, gen_cb, &g);
    }
  }
  if (g.n) {
    if (g.best_len >= cap) return -1;
    memcpy(out, g.best, g.best_len);
    return (int)g.best_len;
  }
  if (r->cls == RC_NOUN && (fld_is(r, F_NUM, "sg") || w->sg) && ln && ln < cap) {
    memcpy(out, r->lemma, ln);
    return (int)ln;
  }
  return -1;
}

/* Appends s (len) to out at *o with the capitalisation of w's surface. */
static bool put_cased(char *out, size_t *o, const char *s, size_t len, const word *w) {
  size_t i = 0, si = 0;
  bool first = true, same = true;
  while (i < len) {
    int32_t cp, sc = 0;
    int b = kr__utf8_decode(s + i, len - i, &cp);
    if (b <= 0) return false;
    if (same && si < w->len) {   /* inner capitals of the surface ("LiD", "MiG") */
      si += (size_t)kr__utf8_decode(w->form + si, w->len - si, &sc);
      if (utf8proc_tolower(sc) == utf8proc_tolower(cp)) cp = sc;
      else same = false;
    } else same = false;
    if (same) {
    } else if (w->allcaps) cp = utf8proc_toupper(cp);
    else if (first && w->cap) cp = utf8proc_toupper(cp);
    else if (first && w->lower) cp = utf8proc_tolower(cp);
    first = false;
    if (*o + 4 >= MAX_OUT) return false;
    *o += (size_t)kr__utf8_encode(cp, out + *o);
    i += (size_t)b;
  }
  return true;
}

/* ---- choosing what inflects ------------------------------------------------ */

static const char *const CASES[] = {"nom", "gen", "dat", "acc", "inst", "loc", "voc"};

/* Gender class of a reading: 0 masculine, 1 feminine, 2 neuter. */
static int gclass(const rd *r) {
  if (r->nf <= F_GEN) return 2;
  char g = r->tag[r->fo[F_GEN]];
  return g == 'm' ? 0 : g == 'f' ? 1 : 2;
}

/* Endings written after an apostrophe (foreign names: "Moore'a", "Harry'ego")
** or a hyphen (acronyms: "ZUS-u", "NUK-owi"). */
static bool is_ending(const char *s, size_t len, bool person) {
  static const char *const E[] = {"a", "u", "owi", "em", "ie", "cie", "ego", "emu", "m", "mu", "go",
                                  "y", "i", "e", "ów", "om", "ach", "ami", "iem"};
  if (person && len == 1 && s[0] == 's') return true;  /* "Victoria's" */
  for (size_t i = 0; i < sizeof E / sizeof *E; i++)
    if (strlen(E[i]) == len && !memcmp(E[i], s, len)) return true;
  return false;
}

/* The length of the name before an inflectional ending marked off inside the
** token: apostrophe + ending after a capitalised word, hyphen + ending after
** an acronym; 0 when there is none. */
static size_t marked_stem(const word *w, bool person) {
  if (w->t->kind != KR_TOK_WORD || (!w->cap && !w->allcaps)) return 0;
  for (size_t i = w->len; i-- > 1;) {
    size_t sep = 0;
    if (w->form[i] == '\'' || (w->form[i] == '-' && w->allcaps)) sep = 1;
    else if (i >= 3 && !memcmp(w->form + i - 2, "\xe2\x80\x99", 3)) sep = 3, i -= 2; /* ’ */
    if (!sep) continue;
    if (i && is_ending(w->form + i + sep, w->len - i - sep, person)) {
      /* acronym: all of the stem in capitals ("BASH-u", not "Nowak-Jeleński") */
      if (w->form[i] == '-')
        for (size_t k = 0; k < i; k++)
          if (w->form[k] >= 'a' && w->form[k] <= 'z') return 0;
      return i;
    }
    return 0;
  }
  return 0;
}

/* The same split over tokens ("Harry ’ ego"): w[i] a capitalised word, then an
** apostrophe, then an ending. */
static bool split_ending(const word *w, int n, int i, bool person) {
  if (i + 2 >= n || w[i].t->kind != KR_TOK_WORD || (!w[i].cap && !w[i].allcaps)) return false;
  const word *a = &w[i + 1], *e = &w[i + 2];
  bool apo = (a->len == 1 && a->form[0] == '\'') || (a->len == 3 && !memcmp(a->form, "\xe2\x80\x99", 3));
  return apo && e->t->kind == KR_TOK_WORD && e->lower && is_ending(e->form, e->len, person);
}

/* The lemma has the mobile e the surface drops ("Marka", "Jacka" → Marek,
** Jacek, rather than Mark, Jack): lemma = stem + "e" + consonant, surface =
** stem + consonant + ending. */
static bool fleeting_e(const word *w, const char *lemma) {
  size_t ln = strlen(lemma);
  if (ln < 4 || lemma[ln - 2] != 'e' || !strchr("kcłn", lemma[ln - 1]) || w->len < ln) return false;
  return memcmp(w->form, lemma, ln - 2) == 0 && w->form[ln - 2] == lemma[ln - 1];
}

/* Persons: every capitalised part before the first lower-case word. The case
** and gender (masculine / feminine) most parts can share in the singular
** decide; the tagger's choices and the last part (the surname) break ties. */
static void pick_person(word *w, int n, int ctx) {
  int part[MAX_WORDS], lim = 0;
  for (int i = 0; i < n && (w[i].cap || w[i].allcaps);) {
    if (i + 1 < n && w[i + 1].t->len == 1 && w[i + 1].form[0] == '.' &&
        kr__utf8_decode(w[i].form, w[i].len, &(int32_t){0}) == (int)w[i].len) {
      i += 2;  /* an initial ("J. Ruprechta") stays */
      continue;
    }
    if (w[i].t->kind != KR_TOK_WORD) break;
    if (!w[i].acronym) part[lim++] = i;  /* "Henryka XIV" */
    i += split_ending(w, n, i, true) ? 3 : 1;  /* "Harry ’ ego Pottera" */
  }
  if (!lim) return;
  /* the first part (the first name) fixes the gender when it can */
  const word *w0 = &w[part[0]];
  bool first_g[2] = {false, false};
  for (int k = 0; k < w0->n; k++)
    if (fld_is(&w0->r[k], F_NUM, "sg") && gclass(&w0->r[k]) < 2) first_g[gclass(&w0->r[k])] = true;
  if (!first_g[0] && !first_g[1]) first_g[0] = first_g[1] = true;
  int best_c = -1, best_g = 0, best_s = -1;
  for (int c = 0; c < 7; c++)
    for (int g = 0; g < 2; g++) {
      if (!first_g[g]) continue;
      int s = 0;
      for (int j = 0; j < lim; j++) {
        const word *wi = &w[part[j]];
        bool has = false, ch = false;
        for (int k = 0; k < wi->n; k++) {
          const rd *r = &wi->r[k];
          if (fld_is(r, F_CASE, CASES[c]) && fld_is(r, F_NUM, "sg") && gclass(r) == g) {
            has = true;
            if (r->chosen) ch = true;
          }
        }
        s += has * 8 + ch * 2 * ctx + (has && j == lim - 1) * 4;
      }
      if (c == 0) s += 1;  /* nominative when nothing else decides */
      if (g == 0) s += 3;  /* "Jana": Jan (gen) rather than the rare feminine Jana */
      if (s > best_s) best_s = s, best_c = c, best_g = g;
    }
  for (int j = 0; j < lim; j++) {
    word *wi = &w[part[j]];
    int p = -1, ps = -1;
    for (int k = 0; k < wi->n; k++) {
      const rd *r = &wi->r[k];
      if (!fld_is(r, F_CASE, CASES[best_c])) continue;
      int s = (r->cls == RC_NOUN) * 4 + r->chosen * 2 + fld_is(r, F_NUM, "sg") * 4 +
              (gclass(r) == best_g) * 4 + first_upper(r->lemma, strlen(r->lemma)) +
              (r->src != KR_SRC_RULE) * 3 +  /* a rule's lemma is the surface: "Łucenki" → Łucenko */
              fleeting_e(wi, r->lemma);
      if (s > ps) ps = s, p = k;
    }
    wi->pick = p;
  }
  /* a family ("Platerów", "Radziejowskich"): a lone part with no singular
  ** reading of a person (m1, f) but a plural m1 one goes to the singular */
  word *wf = &w[part[0]];
  if (lim == 1 && n == 1) {
    int p = -1;
    for (int k = 0; k < wf->n; k++) {
      const rd *r = &wf->r[k];
      if (fld_is(r, F_NUM, "sg") && (fld_is(r, F_GEN, "m1") || fld_is(r, F_GEN, "f"))) return;
      if (p < 0 && fld_is(r, F_NUM, "pl") && fld_is(r, F_GEN, "m1") &&
          (fld_is(r, F_CASE, "gen") || fld_is(r, F_CASE, "acc") || fld_is(r, F_CASE, "loc")) &&
          (r->cls == RC_ADJ || first_upper(r->lemma, strlen(r->lemma))))
        p = k;
    }
    if (p >= 0) wf->pick = p, wf->sg = true;
  }
}

/* Noun reading of w in the case of h, the same number preferred; -1 if none. */
static int same_case_noun(const word *w, const rd *h) {
  int best = -1, bs = -1;
  for (int i = 0; i < w->n; i++) {
    const rd *r = &w->r[i];
    if (r->cls != RC_NOUN || !fld_eq(r, F_CASE, h, F_CASE)) continue;
    int s = fld_eq(r, F_NUM, h, F_NUM) * 2 + r->chosen;
    if (s > bs) bs = s, best = i;
  }
  return best;
}

static bool is_conj(const word *w) {
  return w->t->kind == KR_TOK_WORD &&
         ((w->len == 1 && w->form[0] == 'i') || (w->len == 4 && !memcmp(w->form, "oraz", 4)));
}

/* After the agreeing adjectives that follow the head, "i"/"oraz" and a noun in
** the head's case ("Prawa i Sprawiedliwości"): index of that noun, or -1. */
static int conjunct(const word *w, int n, int after, const rd *h) {
  if (after + 1 < n && is_conj(&w[after]) && same_case_noun(&w[after + 1], h) >= 0) return after + 1;
  return -1;
}

/* A phrase of adjectives only ("łódzkim" → "łódzkie", "Gwiaździstej"): the
** first one's reading (singular, the tagger's, for places the neuter of
** "województwo" before the feminine of "ulica") and those agreeing with it. */
static void pick_adjectives(word *w, int n, int type, int ctx) {
  if (!n || !has_cls(&w[0], RC_ADJ)) return;
  int p = -1, ps = -1000;
  for (int k = 0; k < w[0].n; k++) {
    const rd *r = &w[0].r[k];
    if (r->cls != RC_ADJ) continue;
    int s = r->chosen * 4 * ctx + fld_is(r, F_NUM, "sg") * 4 + !fld_is(r, F_CASE, "nom") * !ctx;
    if (w[0].lower) s += (fld_is(r, F_GEN, "m3") || fld_is(r, F_GEN, "m1")) * 3; /* the lemma ("mazowieckim" → "mazowiecki") */
    else if (type == KR_ENT_LOC) s += fld_is(r, F_GEN, "n") * 2 + fld_is(r, F_GEN, "f");
    if (s > ps) ps = s, p = k;
  }
  if (p < 0) return;
  w[0].pick = p;
  for (int j = 1; j < n; j++) {
    int a = agreeing_adj(&w[j], &w[0].r[p]);
    if (a < 0) break;
    w[j].pick = a;
  }
}

/* Abbreviated common-noun heads: the gender of the noun they stand for
** ("woj. małopolskim" → "woj. małopolskie"); streets, avenues, squares and
** estates keep what follows ("al. Piłsudskiego", "ul. Długa"). */
static const struct abbr { const char *s; const char *gen; } ABBRS[] = {
    {"woj", "n"}, {"pow", "m3"}, {"gm", "f"}, {"ul", NULL}, {"al", NULL}, {"pl", NULL}, {"os", NULL},
};

/* w[0] "." is an abbreviation of ABBRS: its entry, else NULL. */
static const struct abbr *abbr_head(const word *w, int n) {
  if (n < 2 || w[1].t->len != 1 || w[1].form[0] != '.' || !w[0].lower) return NULL;
  for (size_t i = 0; i < sizeof ABBRS / sizeof *ABBRS; i++)
    if (strlen(ABBRS[i].s) == w[0].len && !memcmp(ABBRS[i].s, w[0].form, w[0].len)) return &ABBRS[i];
  return NULL;
}

/* The adjectives after "woj." agree with the abbreviated noun: the reading of
** its gender (singular, the tagger's) of each, up to the first that has none. */
static void pick_after_abbr(word *w, int n, const char *gen, int ctx) {
  const rd *first = NULL;
  for (int j = 2; j < n; j++) {
    int p = -1, ps = -1;
    for (int k = 0; k < w[j].n; k++) {
      const rd *r = &w[j].r[k];
      if (r->cls != RC_ADJ || !fld_is(r, F_GEN, gen)) continue;
      if (first && !(fld_eq(r, F_NUM, first, F_NUM) && fld_eq(r, F_CASE, first, F_CASE))) continue;
      int s = fld_is(r, F_NUM, "sg") * 4 + r->chosen * 2 * ctx;
      if (s > ps) ps = s, p = k;
    }
    if (p < 0) return;
    w[j].pick = p;
    if (!first) first = &w[j].r[p];
  }
}

/* A Roman numeral ("XXV", "I"): upper-case I V X L C D M only. */
static bool is_roman(const word *w) {
  if (w->t->kind != KR_TOK_WORD || !w->len || w->len > 8) return false;
  for (uint32_t i = 0; i < w->len; i++)
    if (!strchr("IVXLCDM", w->form[i])) return false;
  return true;
}

/* Leading ordinals stay as they are and the name after them inflects
** ("I wojny światowej" → "I wojna światowa", "16. Zjazdu" → "16. Zjazd"):
** how many tokens of w (n) they take, 0 when none or nothing follows. */
static int ordinal_prefix(const word *w, int n) {
  int i = 0;
  while (i < n && (is_roman(&w[i]) || w[i].t->kind == KR_TOK_NUMBER)) {
    i++;
    if (i < n && w[i].t->len == 1 && w[i].form[0] == '.') i++;
  }
  return i < n && w[i].t->kind == KR_TOK_WORD ? i : 0;
}

static void pick_phrase(word *w, int n, int type, int ctx) {
  int skip = ordinal_prefix(w, n);
  w += skip, n -= skip;
  const struct abbr *ab = abbr_head(w, n);
  if (ab) {
    if (ab->gen) pick_after_abbr(w, n, ab->gen, ctx);
    return;
  }
  int head = -1;
  for (int i = 0; i < n && head < 0; i++) {
    if (!has_cls(&w[i], RC_NOUN)) continue;
    bool chosen_adj = w[i].n && w[i].r[0].chosen && w[i].r[0].cls == RC_ADJ;
    if (chosen_adj && i + 1 < n && has_cls(&w[i + 1], RC_NOUN)) continue;
    head = i;
  }
  if (head < 0) {
    pick_adjectives(w, n, type, ctx);
    return;
  }
  for (int i = 0; i < head; i++)
    if (!has_cls(&w[i], RC_ADJ) && w[i].t->kind == KR_TOK_WORD && !(w[i].t->flags & KR_TOKF_ALLCAPS))
      return; /* something else than adjectives before the head: leave it */
  int hp = -1, hs = INT_MIN;
  const word *hw = &w[head];
  for (int k = 0; k < hw->n; k++) {
    const rd *h = &hw->r[k];
    if (h->cls != RC_NOUN) continue;
    int s = h->chosen * 4 * ctx + fld_is(h, F_NUM, "sg") * 1 -
            fld_is(h, F_GEN, "m1") * (type == KR_ENT_LOC ? 6 : type == KR_ENT_PER ? 0 : 1);
    if (!ctx && !fld_is(h, F_CASE, "nom")) s += 1; /* alone, a form is more often oblique */
    if (fld_is(h, 4, "pt") && strlen(h->lemma) == hw->len && !strncasecmp(h->lemma, hw->form, hw->len))
      s += 2; /* the surface is a plurale tantum's own form ("Mistrzostwa"), not a singular's oblique one */
    if (hw->cap && h->src != KR_SRC_GUESS && first_upper(h->lemma, strlen(h->lemma))) s += 3; /* "Szczecinie": Szczecin, not szczecina */
    if (h->src == KR_SRC_RULE && !fld_is(h, F_CASE, "nom")) s -= 3; /* a rule's oblique reading keeps the surface ("Daszynie") */
    for (int j = head - 1; j >= 0; j--) {
      if (agreeing_adj(&w[j], h) < 0) break;
      s += 3;
    }
    int j = head + 1;
    for (; j < n; j++) {
      if (agreeing_adj(&w[j], h) < 0) break;
      s += 3;
    }
    if (conjunct(w, n, j, h) >= 0) s += 3;
    if (s > hs) hs = s, hp = k;
  }
  if (hp < 0) return;
  const rd *h = &hw->r[hp];
  w[head].pick = hp;
  for (int j = 0; j < head; j++) w[j].pick = agreeing_adj(&w[j], h);
  int j = head + 1;
  for (; j < n; j++) {
    int a = agreeing_adj(&w[j], h);
    if (a < 0) break;
    w[j].pick = a;
  }
  int c = conjunct(w, n, j, h);
  if (c >= 0) {
    w[c].pick = same_case_noun(&w[c], h);
    const rd *h2 = &w[c].r[w[c].pick];
    for (j = c + 1; j < n; j++) {
      int a = agreeing_adj(&w[j], h2);
      if (a < 0) break;
      w[j].pick = a;
    }
  }
}

const char *kr__entities_base_form(const kr_resources *res, kr_doc *doc, uint32_t tok,
                                   uint32_t n_toks, int type) {
  if (!n_toks || tok >= doc->n_toks) return kr__arena_strndup(doc->arena, "", 0);
  if (tok + n_toks > doc->n_toks) n_toks = doc->n_toks - tok;
  word w[MAX_WORDS];
  int n = n_toks < MAX_WORDS ? (int)n_toks : MAX_WORDS;
  for (int i = 0; i < n; i++) load_word(res, &w[i], doc, &doc->toks[tok + i], type == KR_ENT_PER, n == 1);
  /* Does the sentence hold words outside the phrase? */
  const kr_sentence *se = &doc->sents[doc->toks[tok].sent];
  int ctx = se->n_toks > n_toks;
  if (type == KR_ENT_PER) {
    /* a title abbreviation before the name stays ("św. Mikołaja" → "św. Mikołaj") */
    int s0 = n > 2 && w[0].lower && w[0].len <= 4 && w[1].t->len == 1 && w[1].form[0] == '.' ? 2 : 0;
    pick_person(w + s0, n - s0, ctx);
  }
  else pick_phrase(w, n, type, ctx);

  char out[MAX_OUT];
  size_t o = 0;
  bool ok = true;
  for (uint32_t i = 0; i < n_toks && ok; i++) {
    const kr_token *t = &doc->toks[tok + i];
    const char *s = doc->text + t->off;
    size_t len = t->len;
    char form[128];
    int fl = -1;
    size_t stem = (int)i < n ? marked_stem(&w[i], type == KR_ENT_PER) : 0;
    bool split = (int)i < n && split_ending(w, n, (int)i, type == KR_ENT_PER);
    if (stem || split) {
      if (stem) len = stem;
      if (split) t = &doc->toks[tok + (i += 2)];  /* the ending's spacing follows */
    } else if ((int)i < n && w[i].pick >= 0 && !w[i].acronym) {
      const rd *r = &w[i].r[w[i].pick];
      if (!fld_is(r, F_CASE, "nom") || w[i].sg) {
        fl = nominative(res, &w[i], r, form, sizeof form);
        /* not generated: another reading with the same grammar may be */
        for (int k = 0; fl < 0 && k < w[i].n; k++) {
          const rd *q = &w[i].r[k];
          if (k != w[i].pick && q->cls == r->cls && fld_eq(q, F_NUM, r, F_NUM) &&
              fld_eq(q, F_CASE, r, F_CASE) && fld_eq(q, F_GEN, r, F_GEN))
            fl = nominative(res, &w[i], q, form, sizeof form);
        }
      }
    }
    if (fl >= 0) ok = put_cased(out, &o, form, (size_t)fl, &w[i]);
    else if (o + len < MAX_OUT) memcpy(out + o, s, len), o += len;
    else ok = false;
    if (ok && i + 1 < n_toks && (t->flags & KR_TOKF_SPACE_AFTER)) {
      if (o + 1 < MAX_OUT) out[o++] = ' ';
      else ok = false;
    }
  }
  if (!ok) {
    const kr_token *a = &doc->toks[tok], *b = &doc->toks[tok + n_toks - 1];
    return kr__arena_strndup(doc->arena, doc->text + a->off, b->off + b->len - a->off);
  }
  return kr__arena_strndup(doc->arena, out, o);
}
