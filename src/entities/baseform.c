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
**      or a locative alternation ("Stuttgart" → "Stuttgarcie"), or the stem
**      loses a mobile e or turns ó into o ("Nydek" → "Nydku", "Suchodół" →
**      "Suchodołem"), or a neuter in -ie ends in -iu, -ia; on a stem of
**      two letters or more (so "Thae" is not read as a form of "Tha", nor
**      "Die" of "D"). An unknown word that another reading declines with
**      -em, -iem or -owi is no nominative of its own ("Siarhiejem").
**      Joining hyphens are left out of the word list and stay, with the
**      invariable first part of a compound adjective before them
**      ("kujawsko-", "polsko-"); a capitalised word after such a hyphen
**      is a second name in the same case ("Bielska-Białej" → both inflect).
**   2. Names of persons: every capitalised part up to the first lower-case
**      word ("van", "der") may inflect; the phrase's case is the one most
**      parts can have (the tagger's choices break ties; a dropped mobile e
**      marks an oblique case: "Jarka" → Jarek). Each part with a reading in
**      that case is put in the nominative, the others are kept; after the
**      first part a common noun in the neuter or plural is a complement and
**      stays ("Prymasa Tysiąclecia"), an epithet in lower case that ends the
**      name agrees ("Dobrawy czeskiej"), and a superlative's lemma is the
**      positive ("Najjaśniejszego" of "jasny"). Places named after persons ("Jana
**      Kilińskiego", streets) are read the same way.
**   3. Other names: the head is the first noun (leading adjectives that
**      agree with the next word skipped); its reading is chosen by the
**      tagger's choice, the agreement of the adjectives around it (a second
**      adjective after it that agrees with the noun after it belongs to that
**      noun), a noun after "i" or a joining hyphen in the same case, and a
**      slight preference for the singular. The head and the adjectives
**      agreeing with it go to the nominative in the same number and gender;
**      the first word that does not agree ends the inflected part (genitive
**      complements "Pracy Korei", abbreviations "Płn.", numbers stay).
**      Capitalised words prefer readings with a capitalised dictionary lemma
**      ("Szczecinie" → Szczecin; not a person's for an institution:
**      "Bankiem" → bank); the plural of a proper noun that is not a plurale
**      tantum is unlikely for a place ("Tychów" → Tychy) but likely for a
**      group of persons ("Polaków" → Polacy, the plain plural before the
**      -owie one); a word followed by more of the name prefers being its
**      own nominative ("Mamba Monster", not "mambo"); a first word that would
**      be a genitive plural with no ending is a foreign word ("New York",
**      "Big Brother") and the rest is read on its own; guessed oblique
**      readings of products are preferred ("Firefoxa" → Firefox); a lone
**      genitive plural of a common noun names a street and stays
**      ("Partyzantów").
**      After an abbreviated head the gender is the
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
**      ("Marka" → Marek), a lemma that is the surface minus an ending wins
**      over one with another final vowel ("Robertem" → Robert, not Roberto),
**      a lemma may differ from the surface by a stem vowel ("Boga" → Bóg),
**      and a lone surname in the plural of a family goes to the singular
**      ("Platerów" → Plater).
**   4. Forms come from the dictionary's reverse index (lemma + tag with the
**      case set to nom); when the lemma is not in it (guessed words), a
**      singular noun's lemma is its nominative.
**   5. Each word keeps the capitalisation of its surface form, except: a
**      heading in capitals gets the usual spelling ("SĄDU NAJWYŻSZEGO" →
**      "Sąd Najwyższy"), generic heads that Polish spelling writes in lower
**      case lose the capital of the sentence start ("Placu Wilsona" →
**      "plac Wilsona", "Bitwa pod Lublinem" → "bitwa pod Lublinem"), and the
**      title of an act gets one ("ustawy o …" → "Ustawa o …"); see casing().
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
  bool hyph;              /* joined by a hyphen to the word before ("Bielska-Białej") */
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
** where Polish has no such nominative: -ą, -ę, -ii, -ki, -gi, -cy, -wie,
** -nie, -mie. */
static bool oblique_a(const char *stem_end, const char *e) {
  char c = *stem_end;
  if (!strcmp(e, "ą") || !strcmp(e, "ę")) return true;
  if (!strcmp(e, "i")) return c == 'i' || c == 'k' || c == 'g';
  if (!strcmp(e, "y")) return c == 'c';
  if (!strcmp(e, "ie")) return c == 'w' || c == 'n' || c == 'm';  /* "Ostrawie", "Kirunie" */
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
  /* the consonant alternations of the locative (and the feminine dative):
  ** "Klagenfurt" → "Klagenfurcie", "Kickstarter" → "Kickstarterze" */
  static const char *const alt[][2] = {{"t", "cie"}, {"d", "dzie"}, {"r", "rze"},
                                       {"st", "ście"}, {"zd", "ździe"}, {"sł", "śle"}, {"sn", "śnie"},
                                       /* and of feminines in -a: "Bundesliga" → "Bundeslidze" */
                                       {"ga", "dze"}, {"ra", "rze"}, {"ta", "cie"}, {"da", "dzie"},
                                       {"cha", "sze"}, {"sta", "ście"}};
  for (size_t i = 0; i < sizeof alt / sizeof *alt; i++) {
    size_t a = strlen(alt[i][0]), b = strlen(alt[i][1]);
    if (ln > a + fb && w->len == ln - a + b && !memcmp(lemma + ln - a, alt[i][0], a) &&
        !memcmp(w->form + w->len - b, alt[i][1], b) && !memcmp(w->form + fb, lemma + fb, ln - a - fb))
      return true;
  }
  /* a stem that loses its mobile e ("Nydek" → "Nydku") or whose ó becomes o
  ** ("Suchodół" → "Suchodołem") before an ending other than -a; a neuter in
  ** -e ("Zaszumie" → "Zaszumiu", "Zaszumia") */
  static const char *const stem_end[] = {"u", "owi", "em", "iem", "i", "ie", "ów", "om", "ach", "ami", "y"};
  for (size_t i = 0; ln >= 4 && i < sizeof stem_end / sizeof *stem_end; i++) {
    size_t en = strlen(stem_end[i]);
    if (w->len <= en || memcmp(w->form + w->len - en, stem_end[i], en)) continue;
    size_t sl = w->len - en;   /* the surface's stem */
    /* mobile e: lemma = X "e" C, stem = X C */
    if (sl + 1 == ln && lemma[ln - 2] == 'e' && !strchr("aeiouy", lemma[ln - 1]) && sl > fb &&
        w->form[sl - 1] == lemma[ln - 1] && !memcmp(w->form + fb, lemma + fb, sl - 1 - fb))
      return true;
    /* ó → o: lemma = X "ó" C, stem = X "o" C (C of one or two bytes: "Suchodół") */
    size_t cl = (lemma[ln - 1] & 0x80) ? 2 : 1;
    if (sl + 1 == ln && ln >= fb + cl + 2 && !memcmp(lemma + ln - cl - 2, "\xc3\xb3", 2) && sl > fb + cl &&
        w->form[sl - cl - 1] == 'o' && !memcmp(w->form + sl - cl, lemma + ln - cl, cl) &&
        !memcmp(w->form + fb, lemma + fb, sl - cl - 1 - fb))
      return true;
  }
  if (ln >= 4 && lemma[ln - 1] == 'e' && lemma[ln - 2] == 'i' && w->len == ln && w->form[ln - 1] == 'u' &&
      !memcmp(w->form + fb, lemma + fb, ln - 1 - fb))
    return true;  /* "Zaszumie" → "Zaszumiu" */
  if (ln >= 4 && lemma[ln - 1] == 'e' && lemma[ln - 2] == 'i' && w->len == ln && w->form[ln - 1] == 'a' &&
      !memcmp(w->form + fb, lemma + fb, ln - 1 - fb))
    return true;  /* "Zaszumie" → "Zaszumia" */
  if (ln > w->len || (ln < 2 && ln < w->len)) return false;  /* no stem of one letter: "Die" is no "D" ("Una" is "Un") */
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

/* A code point folded for comparing stems: lower case, and the vowels that
** alternate inside a stem ("Bóg" / "Boga", "dąb" / "dębu") made one. */
static int32_t stem_fold(int32_t cp) {
  cp = utf8proc_tolower(cp);
  if (cp == 0xF3) return 'o';    /* ó */
  if (cp == 0x105) return 0x119; /* ą → ę */
  return cp;
}

/* The lemma starts as the surface does: the same first two letters, up to
** case and a stem's vowel alternation ("Boga" / "bóg", not "Kim" / "kto"). */
static bool same_start(const char *lemma, const char *form, size_t flen) {
  size_t ln = strlen(lemma), i = 0, j = 0;
  for (int k = 0; k < 2; k++) {
    int32_t a, b;
    if (i >= ln || j >= flen) return false;
    int na = kr__utf8_decode(lemma + i, ln - i, &a), nb = kr__utf8_decode(form + j, flen - j, &b);
    if (na <= 0 || nb <= 0 || stem_fold(a) != stem_fold(b)) return false;
    i += (size_t)na, j += (size_t)nb;
  }
  return true;
}

/* The lemma is the surface itself, up to the case of its first letter. */
static bool is_own_lemma(const char *lemma, const word *w) {
  size_t ln = strlen(lemma);
  if (ln != w->len || !ln) return false;
  int32_t a, b;
  int na = kr__utf8_decode(lemma, ln, &a), nb = kr__utf8_decode(w->form, w->len, &b);
  return na > 0 && na == nb && utf8proc_tolower(a) == utf8proc_tolower(b) &&
         memcmp(lemma + na, w->form + nb, ln - (size_t)na) == 0;
}

/* s (len) is an ending of the instrumental or dative singular of a masculine noun. */
static bool is_inst_dat_ending(const char *s, size_t len) {
  return (len == 2 && !memcmp(s, "em", 2)) || (len == 3 && (!memcmp(s, "iem", 3) || !memcmp(s, "owi", 3)));
}

static void load_word(const kr_resources *res, word *w, const kr_doc *doc, const kr_token *t,
                      bool person, bool place, bool alone) {
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
  w->hyph = false;
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
  /* "Siarhiejem", "Soetaertem", "Gyurcsányowi": when a reading strips an
  ** instrumental or dative ending (-em, -iem, -owi), which no nominative of
  ** an unknown name has, the unknown word is no nominative of its own */
  bool declined = false;
  for (int i = 0; i < w->n && !declined; i++) {
    size_t ln = strlen(w->r[i].lemma);
    if (w->r[i].cls == RC_NOUN && ln >= 3 && ln < w->len && !strncmp(w->r[i].lemma + 1, w->form + 1, ln - 1) &&
        is_inst_dat_ending(w->form + ln, w->len - ln))
      declined = true;
  }
  if (declined) {
    int k = 0;
    for (int i = 0; i < w->n; i++)
      if (w->r[i].src == KR_SRC_DICT || !fld_is(&w->r[i], F_CASE, "nom") || !is_own_lemma(w->r[i].lemma, w))
        w->r[k++] = w->r[i];
    w->n = k;
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
           (same_start(w->r[i].lemma, w->form, w->len) ||
            /* a superlative's lemma is the positive: "Najświętszej" → święty */
            (w->r[i].cls == RC_ADJ && w->len > 3 && !strncasecmp(w->form, "naj", 3) &&
             same_start(w->r[i].lemma, w->form + 3, w->len - 3)))))
        w->r[k++] = w->r[i];
    w->n = k;
  }
  if ((person || (place && alone && !w->allcaps)) && w->cap && proper_noun) {
    /* a one-word place name with a proper-noun reading is that name,
    ** whatever the tagger chose: "Berlina" is Berlin's genitive, not the
    ** carriage "berlina" (in longer names a capitalised common noun often
    ** heads: "Bramy Górnej", "Złotych Tarasów") */
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
  /* of two plurals of persons, the plain one: "Polacy", "Kozacy" before the
  ** marked "Polakowie", "Kozakowie" (where -owie is the only one it stays) */
  if (len > 4 && !memcmp(form + len - 4, "owie", 4)) score -= 3;
  /* of two nominatives ("dni", "dnie"), the one written in the text */
  if (len == g->w->len && len > 1 && !memcmp(form + 1, g->w->form + 1, len - 1)) score += 2;
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

/* The lemma ends in a consonant and is the surface minus an ending
** ("Robert" of "Robertem", rather than "Roberto"). */
static bool stem_of(const char *lemma, const word *w) {
  size_t ln = strlen(lemma);
  return ln >= 2 && ln < w->len && !strchr("aeiouy", lemma[ln - 1]) && (lemma[ln - 1] & 0x80) == 0 &&
         !memcmp(lemma + 1, w->form + 1, ln - 1);
}

/* A surname in a man's instrumental or dative ("Li Qiangiem", where "Li"
** reads only as a woman's name, gender first_g) overrules the first part w0:
** no woman's surname takes -em or -owi; unless the two parts share a case
** ("Elżbietę Kruk" shares the accusative). */
static bool man_surname(const word *w0, const word *wl, const bool first_g[2]) {
  if (first_g[0] || wl->len <= 3 ||
      (memcmp(wl->form + wl->len - 2, "em", 2) && memcmp(wl->form + wl->len - 3, "owi", 3)))
    return false;
  bool last_g[2] = {false, false};
  for (int k = 0; k < wl->n; k++)
    if (fld_is(&wl->r[k], F_NUM, "sg") && gclass(&wl->r[k]) < 2) last_g[gclass(&wl->r[k])] = true;
  if (!last_g[0] || last_g[1]) return false;
  unsigned fc = 0, lc = 0;   /* the cases either part can have, as bits */
  for (int c = 0; c < 7; c++) {
    for (int k = 0; k < w0->n; k++)
      if (fld_is(&w0->r[k], F_CASE, CASES[c]) && gclass(&w0->r[k]) < 2 && first_g[gclass(&w0->r[k])]) fc |= 1u << c;
    for (int k = 0; k < wl->n; k++)
      if (fld_is(&wl->r[k], F_CASE, CASES[c]) && gclass(&wl->r[k]) == 0) lc |= 1u << c;
  }
  return !(fc & lc);
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
  if (lim > 1 && man_surname(w0, &w[part[lim - 1]], first_g)) first_g[0] = true, first_g[1] = false;
  int best_c = -1, best_g = 0, best_s = -1;
  for (int c = 0; c < 7; c++)
    for (int g = 0; g < 2; g++) {
      if (!first_g[g]) continue;
      int s = 0;
      for (int j = 0; j < lim; j++) {
        const word *wi = &w[part[j]];
        bool has = false, ch = false, fe = false;
        for (int k = 0; k < wi->n; k++) {
          const rd *r = &wi->r[k];
          if (fld_is(r, F_CASE, CASES[c]) && fld_is(r, F_NUM, "sg") && gclass(r) == g) {
            has = true;
            if (r->chosen) ch = true;
            if (fleeting_e(wi, r->lemma)) fe = true;
          }
        }
        /* a form with the mobile e dropped is an oblique one: "Jarka" → Jarek */
        s += has * 8 + ch * 2 * ctx + (has && j == lim - 1) * 4 + fe * 2;
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
      /* after the first part, a common noun in the neuter or the plural is a
      ** complement, no name: "Prymasa Tysiąclecia", "Królowej Rodzin" */
      if (j > 0 && r->cls == RC_NOUN && r->src == KR_SRC_DICT && !first_upper(r->lemma, strlen(r->lemma)) &&
          (gclass(r) == 2 || fld_is(r, F_NUM, "pl")))
        continue;
      int s = (r->cls == RC_NOUN) * 4 + r->chosen * 2 + fld_is(r, F_NUM, "sg") * 4 +
              (gclass(r) == best_g) * 4 + first_upper(r->lemma, strlen(r->lemma)) +
              (r->src != KR_SRC_RULE) * 3 +  /* a rule's lemma is the surface: "Łucenki" → Łucenko */
              fleeting_e(wi, r->lemma) * 4 +
              stem_of(r->lemma, wi) * 3;  /* "Robertem": Robert, not Roberto */
      if (s > ps) ps = s, p = k;
    }
    wi->pick = p;
  }
  /* an epithet in lower case ending the name agrees with it: "Wierzchosławy
  ** nowogrodzkiej" → "Wierzchosława nowogrodzka" */
  int last = part[lim - 1];
  if (last + 2 == n && w[last + 1].lower && w[last].pick >= 0) {
    int a = agreeing_adj(&w[last + 1], &w[last].r[w[last].pick]);
    if (a >= 0) w[last + 1].pick = a;
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

/* w[i] has an adjective reading agreeing with a noun reading of w[i+1]
** ("Nowego Sącza"; not "Tomaszowa Mazowieckiego", where no reading of
** "tomaszowy" agrees with "Mazowiecki"). */
static bool modifies_next(const word *w, int i) {
  if (w[i + 1].hyph) return false;
  for (int k = 0; k < w[i + 1].n; k++)
    if (w[i + 1].r[k].cls == RC_NOUN && agreeing_adj(&w[i], &w[i + 1].r[k]) >= 0) return true;
  return false;
}

/* A place named after a person ("Jana Kilińskiego", "Władysława Jagiełły":
** streets): the first two words are capitalised names of a person (proper
** nouns or surnames in -ski, masculine personal or feminine, singular) in the
** same oblique case and gender, and the first has no reading of a place
** (masculine inanimate or neuter proper noun: "Tomaszowa Mazowieckiego")
** nor of a common noun ("Doliny Wapienicy"). */
static bool person_named(const word *w, int n) {
  if (n < 2 || !w[0].cap || !w[1].cap || w[0].allcaps || w[1].allcaps) return false;
  for (int i = 0; i < w[0].n; i++) {
    const rd *a = &w[0].r[i];
    if (a->cls == RC_NOUN && (!first_upper(a->lemma, strlen(a->lemma)) || gclass(a) == 2 ||
                              fld_is(a, F_GEN, "m3") || fld_is(a, F_GEN, "m2")))
      return false;
  }
  for (int i = 0; i < w[0].n; i++) {
    const rd *a = &w[0].r[i];
    if (a->cls != RC_NOUN || !first_upper(a->lemma, strlen(a->lemma)) || !fld_is(a, F_NUM, "sg") ||
        fld_is(a, F_CASE, "nom") || !(fld_is(a, F_GEN, "m1") || fld_is(a, F_GEN, "f")))
      continue;
    for (int k = 0; k < w[1].n; k++) {
      const rd *b = &w[1].r[k];
      if (first_upper(b->lemma, strlen(b->lemma)) && fld_eq(a, F_CASE, b, F_CASE) && fld_eq(a, F_NUM, b, F_NUM) &&
          fld_eq(a, F_GEN, b, F_GEN))
        return true;
    }
  }
  return false;
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
  /* a second name joined by a hyphen, in the same case: "Bielska-Białej" → "Bielsko-Biała" */
  if (after < n && w[after].hyph && same_case_noun(&w[after], h) >= 0) return after;
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

/* w[j], a second adjective agreeing with the head reading h, may as well
** belong to the noun after it, in the same case, number and gender:
** "Wydziału Dochodzeniowo-Śledczego Wojewódzkiego Urzędu" ("Wojewódzkiego
** Urzędu" is a genitive complement). The first adjective after the head is
** the head's ("Komendy Powiatowej Policji"). */
static bool premodifier(const word *w, int n, int j, const rd *h) {
  if (j + 1 >= n || w[j + 1].hyph) return false;
  for (int k = 0; k < w[j + 1].n; k++) {
    const rd *r = &w[j + 1].r[k];
    if (r->cls == RC_NOUN && fld_eq(r, F_CASE, h, F_CASE) && fld_eq(r, F_NUM, h, F_NUM) &&
        agreeing_adj(&w[j], r) >= 0)
      return true;
  }
  return false;
}

/* h is a genitive plural with no ending, the lemma's final vowel dropped
** ("New" of "Newa", "Big" of "biga"), of a noun that has a singular. */
static bool zero_genitive(const word *w, const rd *h) {
  if (!fld_is(h, F_CASE, "gen") || !fld_is(h, F_NUM, "pl") || fld_is(h, 4, "pt")) return false;
  size_t ln = strlen(h->lemma);
  if (ln != w->len + 1 || !strchr("aoe", h->lemma[ln - 1])) return false;
  int32_t a, b;
  int na = kr__utf8_decode(h->lemma, ln, &a), nb = kr__utf8_decode(w->form, w->len, &b);
  return na > 0 && na == nb && utf8proc_tolower(a) == utf8proc_tolower(b) &&
         memcmp(h->lemma + na, w->form + nb, w->len - (size_t)nb) == 0;
}

/* Generic words that Polish spelling writes in lower case before the proper
** part of a name (Wielki słownik ortograficzny PWN, rules 18.10-18.11 and
** 18.23: "plac Zbawiciela", "aleja Róż", "rondo ONZ", "skwer Kościuszki",
** "osiedle Tysiąclecia", "cerkiew św. Mikołaja", "bitwa pod Grunwaldem",
** "wojna trzydziestoletnia"). Singular only: "Aleje Jerozolimskie" is a name. */
static const char *const GENERIC_HEADS[] = {"plac", "aleja", "rondo", "skwer", "osiedle", "cerkiew", "bitwa", "wojna"};

static bool generic_head(const char *lemma) {
  for (size_t k = 0; k < sizeof GENERIC_HEADS / sizeof *GENERIC_HEADS; k++)
    if (!strcasecmp(lemma, GENERIC_HEADS[k])) return true;
  return false;
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
    if (chosen_adj && i + 1 < n && modifies_next(w, i)) continue;
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
    bool proper = first_upper(h->lemma, strlen(h->lemma)), pl = fld_is(h, F_NUM, "pl");
    int s = h->chosen * 4 * ctx + fld_is(h, F_NUM, "sg") * 1;
    if (fld_is(h, F_GEN, "m1") && type == KR_ENT_ORG && proper && pl)
      s += 2; /* a group of persons: nations, dynasties ("Polaków" → Polacy, "Piastów" → Piastowie) */
    else if (fld_is(h, F_GEN, "m1"))
      s -= type == KR_ENT_LOC ? 6 : type == KR_ENT_PER ? 0 : 1;
    if (proper && pl && !fld_is(h, 4, "pt") && !fld_is(h, F_GEN, "m1") && type != KR_ENT_PER)
      s -= type == KR_ENT_LOC ? 5 : 2; /* a place is singular or a plurale tantum: "Tychów" → Tychy, not the
                                          plural of Tychowo; "Siły powietrzne Ukrainy poinformowały": not
                                          two Ukraines, whatever the tagger chose */
    if (!ctx && !fld_is(h, F_CASE, "nom")) s += 1; /* alone, a form is more often oblique */
    if (fld_is(h, 4, "pt") && is_own_lemma(h->lemma, hw))
      s += 2; /* the surface is a plurale tantum's own form ("Mistrzostwa"), not a singular's oblique one */
    else if (n > head + 1 && !is_conj(&w[head + 1]) && fld_is(h, F_CASE, "nom") && is_own_lemma(h->lemma, hw))
      s += 2; /* a word followed by more of the name is its own lemma ("Mamba Monster", "Banda Czworga")
                 rather than another noun's oblique form ("mambo", "bando") */
    if (hw->cap && h->src == KR_SRC_DICT && first_upper(h->lemma, strlen(h->lemma)) &&
        !(type == KR_ENT_ORG && fld_is(h, F_GEN, "m1") && fld_is(h, F_NUM, "sg")))
      s += 3; /* "Szczecinie": Szczecin, not szczecina; but a person's name heads no institution ("Bankiem": bank, not Banek) */
    if (head == 0 && n > 1 && hw->cap && generic_head(h->lemma))
      s += 4; /* "Rondzie Dmowskiego": rondo, not the rare "rond" the tagger may pick alone */
    if (h->src == KR_SRC_RULE && !fld_is(h, F_CASE, "nom")) s -= 3; /* a rule's oblique reading keeps the surface ("Daszynie") */
    if (type == KR_ENT_PRO && h->src == KR_SRC_GUESS && !fld_is(h, F_CASE, "nom") && strlen(h->lemma) < hw->len)
      s += 1; /* products are mostly foreign names declined as masculine nouns: "Firefoxa" → Firefox */
    for (int j = head - 1; j >= 0; j--) {
      if (agreeing_adj(&w[j], h) < 0) break;
      s += 3;
    }
    int j = head + 1;
    for (; j < n; j++) {
      if (agreeing_adj(&w[j], h) < 0 || (j > head + 1 && premodifier(w, n, j, h))) break;
      s += 3;
    }
    if (conjunct(w, n, j, h) >= 0) s += 3;
    if (s > hs) hs = s, hp = k;
  }
  if (hp < 0) return;
  const rd *h = &hw->r[hp];
  if (type == KR_ENT_LOC && n == 1 && fld_is(h, F_NUM, "pl") && !fld_is(h, F_CASE, "nom") && !fld_is(h, 4, "pt") &&
      !first_upper(h->lemma, strlen(h->lemma)))
    return; /* the plural of a common noun alone names a street in the genitive ("ulica Partyzantów"): kept */
  if (head == 0 && n > 1 && zero_genitive(hw, h) && (w[1].cap || w[1].allcaps) &&
      agreeing_adj(&w[1], h) < 0) {
    /* "New York", "Big Brother", "West End": a foreign word, not the genitive
    ** of "Newa" or "biga"; what follows is read on its own */
    pick_phrase(w + 1, n - 1, type, ctx);
    return;
  }
  w[head].pick = hp;
  for (int j = 0; j < head; j++) w[j].pick = agreeing_adj(&w[j], h);
  int j = head + 1;
  for (; j < n; j++) {
    int a = agreeing_adj(&w[j], h);
    if (a < 0 || (j > head + 1 && premodifier(w, n, j, h))) break;
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

/* ---- capitalisation of the base form ------------------------------------- */

enum { CASE_KEEP, CASE_LOWER_FIRST, CASE_UPPER_FIRST, CASE_TITLE, CASE_LOWER };

/* The lemma of w's reading to inflect, else of its first noun reading. */
static const rd *main_reading(const word *w) {
  if (w->pick >= 0) return &w->r[w->pick];
  for (int i = 0; i < w->n; i++)
    if (w->r[i].cls == RC_NOUN) return &w->r[i];
  return NULL;
}

/* w has a dictionary reading, and all its dictionary readings are of a
** preposition, conjunction or particle ("I", "W", "ORAZ" in a heading in
** capitals; "I" is also a Roman numeral). Sets *known to whether it has
** any dictionary reading. */
static bool function_word(const kr_resources *res, const word *w, bool *known) {
  bool fn = false, other = false;
  *known = false;
  for (int i = 0; w->t->kind == KR_TOK_WORD && i < w->t->n_readings; i++) {
    const kr_reading *r = &w->t->readings[i];
    const char *tag = kr__dict_tag(res->dict, r->tag);
    if (r->source != KR_SRC_DICT || !tag) continue;
    *known = true;
    size_t n = strcspn(tag, ":");
    if ((n == 4 && (!memcmp(tag, "prep", 4) || !memcmp(tag, "conj", 4) || !memcmp(tag, "comp", 4))) ||
        (n == 3 && !memcmp(tag, "qub", 3)) || (n == 4 && !memcmp(tag, "part", 4)) ||
        (n == 6 && !memcmp(tag, "interj", 6)))
      fn = true;
    else
      other = true;
  }
  return fn && (!other || kr__utf8_count(w->form, w->len) == 1);  /* "W" is also an abbreviation */
}


/* w has a dictionary reading whose lemma is written in capitals ("NATO"). */
static bool acronym_lemma(const word *w) {
  for (int i = 0; i < w->t->n_readings; i++) {
    const kr_reading *r = &w->t->readings[i];
    if (r->source != KR_SRC_DICT || !r->lemma || strlen(r->lemma) < 2) continue;
    bool lower = false;
    for (const char *p = r->lemma; *p && !lower;) {
      int32_t cp;
      int b = kr__utf8_decode(p, strlen(p), &cp);
      if (b <= 0) break;
      if (utf8proc_tolower(cp) == cp && utf8proc_toupper(cp) != cp) lower = true;
      p += b;
    }
    if (!lower) return true;
  }
  return false;
}

/* The phrase is a heading in capitals: two words or more, all of them in
** capitals and in the dictionary, at least two of four letters or more
** ("SĄDU NAJWYŻSZEGO", "MINISTRA ROLNICTWA I GOSPODARKI"), and no person's
** name. Its words of four letters or more are no acronyms unless the
** dictionary writes them in capitals ("NATO"). */
static bool caps_heading(const kr_resources *res, const word *w, int n, int type) {
  int words = 0, caps = 0, longer = 0;
  if (type == KR_ENT_PER) return false;
  for (int i = 0; i < n; i++) {
    if (w[i].t->kind != KR_TOK_WORD) continue;
    words++;
    bool known, upper = w[i].allcaps || (w[i].cap && kr__utf8_count(w[i].form, w[i].len) == 1); /* "I" */
    function_word(res, &w[i], &known);
    if (upper && known) {
      caps++;
      if (kr__utf8_count(w[i].form, w[i].len) >= 4) longer++;
    }
  }
  return words >= 2 && caps == words && longer >= 2;
}

/* How each word's case is to change (cm[0..n)):
**   - a heading in capitals (caps_heading: "TRYBUNAŁU KONSTYTUCYJNEGO")
**     gets the usual spelling: "Trybunał Konstytucyjny" (function words in
**     lower case, words of up to three letters kept: "PAN");
**   - a capitalised generic head (GENERIC_HEADS) followed by the name goes
**     to lower case: "Placu Wilsona" → "plac Wilsona" (at the start of a
**     sentence it is capitalised only by position);
**   - the title of an act starts with a capital: "ustawy o służbie cywilnej"
**     → "Ustawa o służbie cywilnej". */
static void casing(const kr_resources *res, const word *w, int n, int type, bool heading, uint8_t *cm) {
  memset(cm, CASE_KEEP, (size_t)n);
  if (heading) {
    for (int i = 0; i < n; i++) {
      if (w[i].t->kind != KR_TOK_WORD) continue;
      bool known;
      if (function_word(res, &w[i], &known)) cm[i] = CASE_LOWER;
      else if (kr__utf8_count(w[i].form, w[i].len) > 3 && !acronym_lemma(&w[i])) cm[i] = CASE_TITLE;
    }
    return;
  }
  if (n < 2 || type == KR_ENT_PER || w[0].t->kind != KR_TOK_WORD) return;
  const rd *h = main_reading(&w[0]);
  if (!h || h->cls != RC_NOUN || !fld_is(h, F_NUM, "sg")) return;
  if (w[0].cap && !w[0].allcaps) {
    if (generic_head(h->lemma)) cm[0] = CASE_LOWER_FIRST;
  } else if (w[0].lower && type == KR_ENT_PRO && !strcmp(h->lemma, "ustawa")) {
    cm[0] = CASE_UPPER_FIRST;
  }
}

/* Re-cases the bytes out[from..*o) by mode; false when out of room. */
static bool recase(char *out, size_t from, size_t *o, int mode) {
  char tmp[MAX_OUT];
  size_t len = *o - from, i = 0;
  if (mode == CASE_KEEP || len >= sizeof tmp) return mode == CASE_KEEP;
  memcpy(tmp, out + from, len);
  *o = from;
  for (bool first = true; i < len; first = false) {
    int32_t cp;
    int b = kr__utf8_decode(tmp + i, len - i, &cp);
    if (b <= 0) return false;
    i += (size_t)b;
    if (mode == CASE_LOWER || (first && mode == CASE_LOWER_FIRST) || (!first && mode == CASE_TITLE))
      cp = utf8proc_tolower(cp);
    else if (first && (mode == CASE_UPPER_FIRST || mode == CASE_TITLE))
      cp = utf8proc_toupper(cp);
    if (*o + 4 >= MAX_OUT) return false;
    *o += (size_t)kr__utf8_encode(cp, out + *o);
  }
  return true;
}

/* Token tok+i of the phrase is a hyphen joining two words with no space
** around it ("Bielsko-Biała", "kujawsko-pomorski"). */
static bool joining_hyphen(const kr_doc *doc, uint32_t tok, uint32_t n_toks, uint32_t i) {
  if (i == 0 || i + 1 >= n_toks) return false;
  const kr_token *p = &doc->toks[tok + i - 1], *t = &doc->toks[tok + i], *x = &doc->toks[tok + i + 1];
  return t->len == 1 && doc->text[t->off] == '-' && !(p->flags & KR_TOKF_SPACE_AFTER) &&
         !(t->flags & KR_TOKF_SPACE_AFTER) && p->kind == KR_TOK_WORD && x->kind == KR_TOK_WORD;
}

/* t is the invariable first part of a compound adjective ("polsko", "kujawsko"). */
static bool compound_prefix(const kr_resources *res, const kr_token *t) {
  for (int i = 0; i < t->n_readings; i++) {
    const char *tag = kr__dict_tag(res->dict, t->readings[i].tag);
    if (tag && !strcmp(tag, "adja")) return true;
  }
  return false;
}

const char *kr__entities_base_form(const kr_resources *res, kr_doc *doc, uint32_t tok,
                                   uint32_t n_toks, int type) {
  if (!n_toks || tok >= doc->n_toks) return kr__arena_strndup(doc->arena, "", 0);
  if (tok + n_toks > doc->n_toks) n_toks = doc->n_toks - tok;
  /* the words read (w[k] is token tok + map[k]): joining hyphens and the
  ** invariable first parts of compound adjectives before them
  ** ("kujawsko-", "polsko-") are left out; they stay as written */
  word w[MAX_WORDS];
  int map[MAX_WORDS], n = 0;
  bool hyph[MAX_WORDS], joined = false;   /* joined: the token before is a joining hyphen */
  for (uint32_t i = 0; i < n_toks && n < MAX_WORDS; i++) {
    if (joining_hyphen(doc, tok, n_toks, i)) {
      joined = true;
      continue;
    }
    if (joining_hyphen(doc, tok, n_toks, i + 1) && compound_prefix(res, &doc->toks[tok + i])) continue;
    hyph[n] = joined;
    map[n++] = (int)i;
    joined = false;
  }
  for (int k = 0; k < n; k++) {
    load_word(res, &w[k], doc, &doc->toks[tok + (uint32_t)map[k]], type == KR_ENT_PER, type == KR_ENT_LOC,
              n == 1);
    w[k].hyph = hyph[k];
  }
  bool heading = caps_heading(res, w, n, type);
  if (heading)
    for (int i = 0; i < n; i++)
      if (kr__utf8_count(w[i].form, w[i].len) >= 4 && !acronym_lemma(&w[i])) w[i].acronym = false;
  /* Does the sentence hold words outside the phrase? */
  const kr_sentence *se = &doc->sents[doc->toks[tok].sent];
  int ctx = se->n_toks > n_toks;
  if (type == KR_ENT_PER) {
    /* a title abbreviation before the name stays ("św. Mikołaja" → "św. Mikołaj") */
    int s0 = n > 2 && w[0].lower && w[0].len <= 4 && w[1].t->len == 1 && w[1].form[0] == '.' ? 2 : 0;
    pick_person(w + s0, n - s0, ctx);
  }
  else if (type == KR_ENT_LOC && person_named(w, n)) pick_person(w, n, ctx);
  else pick_phrase(w, n, type, ctx);

  uint8_t cm[MAX_WORDS];
  casing(res, w, n, type, heading, cm);

  char out[MAX_OUT];
  size_t o = 0;
  bool ok = true;
  for (uint32_t i = 0, k = 0; i < n_toks && ok; i++) {
    const kr_token *t = &doc->toks[tok + i];
    size_t start = o;
    while ((int)k < n && map[k] < (int)i) k++;
    const word *wk = (int)k < n && map[k] == (int)i ? &w[k] : NULL;  /* the token's word, if read */
    int mode = wk ? cm[k] : CASE_KEEP;
    const char *s = doc->text + t->off;
    size_t len = t->len;
    char form[128];
    int fl = -1;
    size_t stem = wk ? marked_stem(wk, type == KR_ENT_PER) : 0;
    bool split = wk && split_ending(w, n, (int)k, type == KR_ENT_PER);
    if (stem || split) {
      if (stem) len = stem;
      if (split) t = &doc->toks[tok + (i += 2)];  /* the ending's spacing follows */
    } else if (wk && wk->pick >= 0 && !wk->acronym) {
      const rd *r = &wk->r[wk->pick];
      if (!fld_is(r, F_CASE, "nom") || wk->sg) {
        fl = nominative(res, wk, r, form, sizeof form);
        /* not generated: another reading with the same grammar may be */
        for (int q = 0; fl < 0 && q < wk->n; q++) {
          const rd *rq = &wk->r[q];
          if (q != wk->pick && rq->cls == r->cls && fld_eq(rq, F_NUM, r, F_NUM) &&
              fld_eq(rq, F_CASE, r, F_CASE) && fld_eq(rq, F_GEN, r, F_GEN))
            fl = nominative(res, wk, rq, form, sizeof form);
        }
      }
    }
    if (fl >= 0) ok = put_cased(out, &o, form, (size_t)fl, wk);
    else if (o + len < MAX_OUT) memcpy(out + o, s, len), o += len;
    else ok = false;
    if (ok && mode != CASE_KEEP) ok = recase(out, start, &o, mode);
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
