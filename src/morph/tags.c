/*
** morph/tags.c — NKJP tags: PoliMorf normalisation, UPOS and UD FEATS.
**
** Exports kr__tag_normalize, kr__tag_upos, kr__tag_feats.
**
** Normalisation (PoliMorf/morfologik → the NKJP tagset of UD Polish PDB, i.e.
** Morfeusz 2's; only 1:1 renamings and dropped fields):
**   verb:fin|praet|impt|imps|inf|bedzie|winien|pred|pot:…  → fin|praet|… (the
**       "verb:" prefix goes); praet and winien lose the person field (NKJP
**       marks person on the agglutinate); "refl"/"nonrefl" fields are dropped
**       everywhere; "pot" (fused conditional, "zrobiłbym") has no NKJP
**       counterpart and stays "pot:num:gend:pers:asp".
**   gender n1 n2 p1 p2 p3 → subst: n:col n:ncol m1:pt n:pt n:pt (the extra
**       field last); num: n:col n:ncol m1 n n; elsewhere n n m1 n n.
**   siebie:case:akc|nakc → siebie:case;  qub → part.
** kr__tag_upos and kr__tag_feats accept both the normalised and the classic
** NKJP names (qub, n without col/ncol) as found in UD Polish LFG.
**
** UPOS and FEATS follow UD Polish PDB: a table per grammatical class gives
** the default UPOS, the fixed features and the kind of each field; a table
** of closed-class lemmas refines UPOS and adds PronType, Poss, Reflex, …
** ("ten" → DET PronType=Dem, "być" → AUX, "się" → PRON). Subst and depr
** with a capitalised lemma are PROPN.
*/
#include "morph.h"

#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

/* ---- normalisation ------------------------------------------------------ */

static int field_is(const char *f, size_t n, const char *s) {
  return strlen(s) == n && memcmp(f, s, n) == 0;
}

int kr__tag_normalize(const char *tag, size_t len, char *out, size_t cap) {
  const char *fields[16];
  size_t flen[16];
  unsigned nf = 0;
  for (size_t i = 0, start = 0; i <= len; i++) {
    if (i == len || tag[i] == ':') {
      if (nf == 16) return KR_ELIMIT;
      fields[nf] = tag + start;
      flen[nf++] = i - start;
      start = i + 1;
    }
  }
  unsigned first = 0;
  if (nf > 1 && field_is(fields[0], flen[0], "verb")) first = 1;
  const char *cls = fields[first];
  size_t cls_len = flen[first];
  int is_subst = field_is(cls, cls_len, "subst"), is_num = field_is(cls, cls_len, "num");
  int drop_person = field_is(cls, cls_len, "praet") || field_is(cls, cls_len, "winien");
  int is_siebie = field_is(cls, cls_len, "siebie");
  const char *extra = NULL;
  size_t o = 0;
  for (unsigned i = first; i < nf; i++) {
    const char *f = fields[i];
    size_t n = flen[i];
    if (field_is(f, n, "refl") || field_is(f, n, "nonrefl")) continue;
    if (drop_person && (field_is(f, n, "pri") || field_is(f, n, "sec") || field_is(f, n, "ter")))
      continue;
    if (is_siebie && i > first + 1) continue;
    if (i == first && field_is(f, n, "qub")) f = "part", n = 4;
    if (n == 2 && (f[0] == 'n' || f[0] == 'p') && f[1] >= '1' && f[1] <= '3') {
      int neuter = f[0] == 'n';
      char d = f[1];
      f = (!neuter && d == '1') ? "m1" : "n";
      n = strlen(f);
      if (is_subst) extra = neuter ? (d == '1' ? "col" : "ncol") : "pt";
      else if (is_num && neuter) extra = d == '1' ? "col" : "ncol";
    }
    if (o + n + 1 >= cap) return KR_ELIMIT;
    if (o) out[o++] = ':';
    memcpy(out + o, f, n);
    o += n;
  }
  if (extra) {
    size_t n = strlen(extra);
    if (o + n + 1 >= cap) return KR_ELIMIT;
    out[o++] = ':';
    memcpy(out + o, extra, n);
    o += n;
  }
  out[o] = '\0';
  return (int)o;
}

/* ---- UPOS and FEATS ------------------------------------------------------- */

/* Field kinds, one letter each in tag_class.fields: n number, c case,
** g gender, p person, d degree, a aspect, e negation, r accommodability
** (no UD feature), k accentability, s post-prepositionality, w vocalicity,
** l agglutination, o col/ncol/pt, - a field that gives no feature. A kind
** that does not know a field's value is skipped when the next kind does
** (optional fields: "prep:gen" vs "prep:gen:nwok"). */
typedef struct tag_class {
  const char *name;
  uint8_t upos;
  const char *fields;  /* field kinds after the class name */
  const char *feats;   /* fixed features, '|'-joined */
} tag_class;

static const tag_class CLASSES[] = {
  {"subst", KR_UPOS_NOUN, "ncgo", NULL},
  {"depr", KR_UPOS_NOUN, "ncg", "Polite=Depr"},
  {"adj", KR_UPOS_ADJ, "ncgd", NULL},
  {"adja", KR_UPOS_ADJ, "", "Hyph=Yes"},
  {"adjp", KR_UPOS_ADJ, "c", "PrepCase=Pre"},
  {"adjc", KR_UPOS_ADJ, "", "Variant=Short"},
  {"adv", KR_UPOS_ADV, "d", NULL},
  {"num", KR_UPOS_NUM, "ncgro", "NumForm=Word"},
  {"numcol", KR_UPOS_NUM, "ncgr", "NumForm=Word|NumType=Sets"},
  {"ppron12", KR_UPOS_PRON, "ncgpk", "PronType=Prs"},
  {"ppron3", KR_UPOS_PRON, "ncgpk" "s", "PronType=Prs"},
  {"siebie", KR_UPOS_PRON, "c", "PronType=Prs|Reflex=Yes"},
  {"fin", KR_UPOS_VERB, "npa", "Mood=Ind|VerbForm=Fin|Voice=Act"},
  {"bedzie", KR_UPOS_AUX, "npa", "Mood=Ind|Tense=Fut|VerbForm=Fin"},
  {"aglt", KR_UPOS_AUX, "npaw", NULL},
  {"praet", KR_UPOS_VERB, "ngal", "Mood=Ind|Tense=Past|VerbForm=Fin|Voice=Act"},
  {"pot", KR_UPOS_VERB, "ngpa", "Mood=Cnd|VerbForm=Fin|Voice=Act"},
  {"impt", KR_UPOS_VERB, "npa", "Mood=Imp|VerbForm=Fin|Voice=Act"},
  {"imps", KR_UPOS_VERB, "a", "Mood=Ind|Person=0|Tense=Past|VerbForm=Fin|Voice=Act"},
  {"inf", KR_UPOS_VERB, "a", "VerbForm=Inf|Voice=Act"},
  {"pcon", KR_UPOS_VERB, "a", "Tense=Pres|VerbForm=Conv|Voice=Act"},
  {"pant", KR_UPOS_VERB, "a", "Tense=Past|VerbForm=Conv|Voice=Act"},
  {"ger", KR_UPOS_NOUN, "ncgae", "VerbForm=Vnoun"},
  {"pact", KR_UPOS_ADJ, "ncgae", "VerbForm=Part|Voice=Act"},
  {"ppas", KR_UPOS_ADJ, "ncgae", "VerbForm=Part|Voice=Pass"},
  {"winien", KR_UPOS_VERB, "nga", "Mood=Ind|Tense=Pres|VerbForm=Fin|VerbType=Mod|Voice=Act"},
  {"pred", KR_UPOS_VERB, "", "Mood=Ind|Tense=Pres|VerbForm=Fin|VerbType=Quasi"},
  {"prep", KR_UPOS_ADP, "-w", "AdpType=Prep"},
  {"conj", KR_UPOS_CCONJ, "", NULL},
  {"comp", KR_UPOS_SCONJ, "", NULL},
  {"part", KR_UPOS_PART, "", NULL},
  {"qub", KR_UPOS_PART, "", NULL},
  {"interj", KR_UPOS_INTJ, "", NULL},
  {"interp", KR_UPOS_PUNCT, "", NULL},
  {"brev", KR_UPOS_NOUN, "-", "Abbr=Yes"},
  {"burk", KR_UPOS_ADV, "", NULL},
  {"dig", KR_UPOS_X, "", "NumForm=Digit"},
  {"romandig", KR_UPOS_X, "", "NumForm=Roman"},
  {"ign", KR_UPOS_X, "", NULL},
  {"frag", KR_UPOS_X, "", NULL},
  {"xxx", KR_UPOS_X, "", "Foreign=Yes"},
  {"sym", KR_UPOS_SYM, "", NULL},
};

/* Closed-class lemmas that change UPOS or add lexical features. `cls` is
** the class the entry applies to ("adj", "subst", "part"…; NULL: any);
** upos 0 (X) keeps the class default. */
typedef struct lemma_rule {
  const char *lemma, *cls;
  uint8_t upos;
  const char *feats;
} lemma_rule;

static const lemma_rule LEMMAS[] = {
  /* pronominal adjectives → DET */
  {"ten", "adj", KR_UPOS_DET, "PronType=Dem"}, {"taki", "adj", KR_UPOS_DET, "PronType=Dem"},
  {"tamten", "adj", KR_UPOS_DET, "PronType=Dem"}, {"ów", "adj", KR_UPOS_DET, "PronType=Dem"},
  {"tenże", "adj", KR_UPOS_DET, "PronType=Dem"}, {"który", "adj", KR_UPOS_DET, "PronType=Rel"},
  {"jaki", "adj", KR_UPOS_DET, "PronType=Int"}, {"czyj", "adj", KR_UPOS_DET, "Poss=Yes|PronType=Int"},
  {"każdy", "adj", KR_UPOS_DET, "PronType=Tot"}, {"wszystek", "adj", KR_UPOS_DET, "PronType=Tot"},
  {"wszelki", "adj", KR_UPOS_DET, "PronType=Tot"}, {"żaden", "adj", KR_UPOS_DET, "PronType=Neg"},
  {"jakiś", "adj", KR_UPOS_DET, "PronType=Ind"}, {"pewien", "adj", KR_UPOS_DET, "PronType=Ind"},
  {"niektóry", "adj", KR_UPOS_DET, "PronType=Ind"}, {"jakikolwiek", "adj", KR_UPOS_DET, "PronType=Ind"},
  {"niejeden", "adj", KR_UPOS_DET, "PronType=Ind"}, {"niejaki", "adj", KR_UPOS_DET, "PronType=Ind"},
  {"któryś", "adj", KR_UPOS_DET, "PronType=Ind"}, {"którykolwiek", "adj", KR_UPOS_DET, "PronType=Ind"},
  {"czyjś", "adj", KR_UPOS_DET, "Poss=Yes|PronType=Ind"},
  {"mój", "adj", KR_UPOS_DET, "Poss=Yes|PronType=Prs"}, {"twój", "adj", KR_UPOS_DET, "Poss=Yes|PronType=Prs"},
  {"nasz", "adj", KR_UPOS_DET, "Poss=Yes|PronType=Prs"}, {"wasz", "adj", KR_UPOS_DET, "Poss=Yes|PronType=Prs"},
  {"swój", "adj", KR_UPOS_DET, "Poss=Yes|PronType=Prs|Reflex=Yes"},
  /* pronominal nouns → PRON */
  {"to", "subst", KR_UPOS_PRON, "PronType=Dem"}, {"co", "subst", KR_UPOS_PRON, "PronType=Int"},
  {"kto", "subst", KR_UPOS_PRON, "PronType=Int"}, {"cóż", "subst", KR_UPOS_PRON, "PronType=Int"},
  {"któż", "subst", KR_UPOS_PRON, "PronType=Int"}, {"wszystko", "subst", KR_UPOS_PRON, "PronType=Tot"},
  {"wszyscy", "subst", KR_UPOS_PRON, "PronType=Tot"}, {"coś", "subst", KR_UPOS_PRON, "PronType=Ind"},
  {"ktoś", "subst", KR_UPOS_PRON, "PronType=Ind"}, {"cokolwiek", "subst", KR_UPOS_PRON, "PronType=Ind"},
  {"ktokolwiek", "subst", KR_UPOS_PRON, "PronType=Ind"}, {"nic", "subst", KR_UPOS_PRON, "PronType=Neg"},
  {"nikt", "subst", KR_UPOS_PRON, "PronType=Neg"},
  /* quantifying numerals → DET */
  {"wiele", "num", KR_UPOS_DET, NULL}, {"kilka", "num", KR_UPOS_DET, NULL},
  {"więcej", "num", KR_UPOS_DET, NULL}, {"oba", "num", KR_UPOS_DET, NULL},
  {"obydwa", "num", KR_UPOS_DET, NULL}, {"dużo", "num", KR_UPOS_DET, NULL},
  {"niewiele", "num", KR_UPOS_DET, NULL}, {"ile", "num", KR_UPOS_DET, NULL},
  {"parę", "num", KR_UPOS_DET, NULL}, {"sporo", "num", KR_UPOS_DET, NULL},
  {"kilkanaście", "num", KR_UPOS_DET, NULL}, {"kilkadziesiąt", "num", KR_UPOS_DET, NULL},
  {"kilkaset", "num", KR_UPOS_DET, NULL}, {"trochę", "num", KR_UPOS_DET, NULL},
  {"mniej", "num", KR_UPOS_DET, NULL}, {"mało", "num", KR_UPOS_DET, NULL},
  {"tyle", "num", KR_UPOS_DET, NULL}, {"najwięcej", "num", KR_UPOS_DET, NULL},
  {"najmniej", "num", KR_UPOS_DET, NULL}, {"niemało", "num", KR_UPOS_DET, NULL},
  {"ileż", "num", KR_UPOS_DET, NULL},
  /* auxiliaries */
  {"być", NULL, KR_UPOS_AUX, NULL}, {"to", "pred", KR_UPOS_AUX, NULL},
  {"by", NULL, KR_UPOS_AUX, "Mood=Cnd"}, {"niech", NULL, KR_UPOS_AUX, "Mood=Imp"},
  {"niechaj", NULL, KR_UPOS_AUX, "Mood=Imp"},
  /* particles */
  {"się", NULL, KR_UPOS_PRON, "PronType=Prs|Reflex=Yes"}, {"nie", "part", 0, "Polarity=Neg"},
  {"nie", "qub", 0, "Polarity=Neg"}, {"czy", "part", 0, "PartType=Int"},
  {"czy", "qub", 0, "PartType=Int"}, {"czyżby", NULL, 0, "PartType=Int"},
  {"czyż", NULL, 0, "PartType=Int"}, {"może", "part", 0, "PartType=Mod"},
  {"może", "qub", 0, "PartType=Mod"},
  /* pronominal adverbs */
  {"tak", "adv", 0, "PronType=Dem"}, {"tam", "adv", 0, "PronType=Dem"},
  {"tu", "adv", 0, "PronType=Dem"}, {"tutaj", "adv", 0, "PronType=Dem"},
  {"wtedy", "adv", 0, "PronType=Dem"}, {"wówczas", "adv", 0, "PronType=Dem"},
  {"dlatego", "adv", 0, "PronType=Dem"}, {"stąd", "adv", 0, "PronType=Dem"},
  {"dotąd", "adv", 0, "PronType=Dem"}, {"stamtąd", "adv", 0, "PronType=Dem"},
  {"jak", "adv", 0, "PronType=Int"}, {"kiedy", "adv", 0, "PronType=Int"},
  {"dlaczego", "adv", 0, "PronType=Int"}, {"skąd", "adv", 0, "PronType=Int"},
  {"czemu", "adv", 0, "PronType=Int"}, {"gdzie", "adv", 0, "PronType=Rel"},
  {"zawsze", "adv", 0, "PronType=Tot"}, {"nigdy", "adv", 0, "PronType=Neg"},
  {"nigdzie", "adv", 0, "PronType=Neg"}, {"kiedyś", "adv", 0, "PronType=Ind"},
  {"gdzieś", "adv", 0, "PronType=Ind"}, {"jakoś", "adv", 0, "PronType=Ind"},
  {"niekiedy", "adv", 0, "PronType=Ind"}, {"kiedykolwiek", "adv", 0, "PronType=Ind"},
};

size_t kr__tag_lexical_lemmas(const char **out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < sizeof LEMMAS / sizeof *LEMMAS; i++) {
    int seen = 0;
    for (size_t k = 0; k < n && !seen; k++) seen = !strcmp(out[k], LEMMAS[i].lemma);
    if (seen) continue;
    if (n == max) break;
    out[n++] = LEMMAS[i].lemma;
  }
  return n;
}

static const tag_class *find_class(const char *tag, size_t *cls_len) {
  size_t n = strcspn(tag, ":");
  *cls_len = n;
  for (size_t i = 0; i < sizeof CLASSES / sizeof *CLASSES; i++)
    if (field_is(tag, n, CLASSES[i].name)) return &CLASSES[i];
  return NULL;
}

/* LEMMAS bucketed by first byte, built once (find_lemma runs for every
** token: a linear scan with strcmp was a tenth of the whole analysis). */
#define N_LEMMAS (sizeof LEMMAS / sizeof *LEMMAS)
static uint8_t lemma_first[256][2]; /* [byte] = {first index, count} in lemma_order */
static uint8_t lemma_order[N_LEMMAS];
_Static_assert(N_LEMMAS < 256, "lemma_order holds uint8_t indices");
static pthread_once_t lemma_once = PTHREAD_ONCE_INIT;

static void lemma_index(void) {
  size_t n = 0;
  for (unsigned b = 0; b < 256; b++) {
    lemma_first[b][0] = (uint8_t)n;
    for (size_t i = 0; i < N_LEMMAS; i++)
      if ((unsigned char)LEMMAS[i].lemma[0] == b) lemma_order[n++] = (uint8_t)i;
    lemma_first[b][1] = (uint8_t)(n - lemma_first[b][0]);
  }
}

static const lemma_rule *find_lemma(const char *lemma, const char *cls, size_t cls_len) {
  if (!lemma) return NULL;
  pthread_once(&lemma_once, lemma_index);
  const uint8_t *b = lemma_first[(unsigned char)lemma[0]];
  for (unsigned k = 0; k < b[1]; k++) {
    const lemma_rule *r = &LEMMAS[lemma_order[b[0] + k]];
    if (strcmp(r->lemma, lemma) == 0 && (!r->cls || field_is(cls, cls_len, r->cls))) return r;
  }
  return NULL;
}

static int lemma_capitalised(const char *lemma) {
  if (!lemma || !*lemma) return 0;
  int32_t cp;
  kr__utf8_decode(lemma, strlen(lemma), &cp);
  return kr__cp_is_upper(cp);
}

uint8_t kr__tag_upos(const char *tag, const char *lemma) {
  size_t cls_len;
  const tag_class *c = find_class(tag, &cls_len);
  if (!c) return KR_UPOS_X;
  const lemma_rule *r = find_lemma(lemma, tag, cls_len);
  if (r && r->upos) return r->upos;
  if (c->upos == KR_UPOS_NOUN && !field_is(tag, cls_len, "ger") &&
      !field_is(tag, cls_len, "brev") && lemma_capitalised(lemma))
    return KR_UPOS_PROPN;
  return c->upos;
}

/* Features of one field value; NULL when it maps to none. */
static const char *field_feats(int kind, const char *v, size_t n, const char **number) {
  static const char *const map[][3] = {
    {"n", "sg", "Number=Sing"}, {"n", "pl", "Number=Plur"},
    {"c", "nom", "Case=Nom"}, {"c", "gen", "Case=Gen"}, {"c", "dat", "Case=Dat"},
    {"c", "acc", "Case=Acc"}, {"c", "inst", "Case=Ins"}, {"c", "loc", "Case=Loc"},
    {"c", "voc", "Case=Voc"},
    {"g", "m1", "Animacy=Hum|Gender=Masc"}, {"g", "m2", "Animacy=Nhum|Gender=Masc"},
    {"g", "m3", "Animacy=Inan|Gender=Masc"}, {"g", "f", "Gender=Fem"}, {"g", "n", "Gender=Neut"},
    {"p", "pri", "Person=1"}, {"p", "sec", "Person=2"}, {"p", "ter", "Person=3"},
    {"d", "pos", "Degree=Pos"}, {"d", "com", "Degree=Cmp"}, {"d", "sup", "Degree=Sup"},
    {"a", "imperf", "Aspect=Imp"}, {"a", "perf", "Aspect=Perf"},
    {"e", "aff", "Polarity=Pos"}, {"e", "neg", "Polarity=Neg"},
    {"k", "akc", "Variant=Long"}, {"k", "nakc", "Variant=Short"},
    {"s", "praep", "PrepCase=Pre"}, {"s", "npraep", "PrepCase=Npr"},
    {"w", "wok", "Variant=Long"}, {"w", "nwok", "Variant=Short"},
    {"l", "agl", "Agglutination=Agl"}, {"l", "nagl", "Agglutination=Nagl"},
    {"o", "col", "NumType=Sets"},
  };
  if (kind == 'o' && field_is(v, n, "pt")) {
    *number = "Number=Ptan";
    return NULL;
  }
  /* A field may hold a value of a later optional kind (e.g. "prep:gen:nwok"
  ** vs "prep:gen"); matching is by value within the kind only. */
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (map[i][0][0] == kind && field_is(v, n, map[i][1])) return map[i][2];
  return NULL;
}

/* PunctType (and PunctSide) of a punctuation lemma, as in UD Polish. */
static const char *punct_feats(const char *p) {
  static const char *const map[][2] = {
    {".", "PunctType=Peri"}, {"…", "PunctType=Peri"}, {"...", "PunctType=Peri"},
    {",", "PunctType=Comm"}, {"-", "PunctType=Dash"}, {"–", "PunctType=Dash"},
    {"—", "PunctType=Dash"}, {"?", "PunctType=Qest"}, {"!", "PunctType=Excl"},
    {":", "PunctType=Colo"}, {";", "PunctType=Semi"}, {"\"", "PunctType=Quot"},
    {"„", "PunctSide=Ini|PunctType=Quot"}, {"”", "PunctSide=Fin|PunctType=Quot"},
    {"«", "PunctSide=Ini|PunctType=Quot"}, {"»", "PunctSide=Fin|PunctType=Quot"},
    {"(", "PunctSide=Ini|PunctType=Brck"}, {")", "PunctSide=Fin|PunctType=Brck"},
    {"[", "PunctSide=Ini|PunctType=Brck"}, {"]", "PunctSide=Fin|PunctType=Brck"},
  };
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (strcmp(map[i][0], p) == 0) return map[i][1];
  return NULL;
}

typedef struct feat_list {
  const char *item[32];
  size_t len[32];
  unsigned n;
} feat_list;

/* Splits "A=x|B=y" into the list. */
static void add_feats(feat_list *l, const char *s) {
  while (s && *s && l->n < 32) {
    size_t n = strcspn(s, "|");
    l->item[l->n] = s;
    l->len[l->n++] = n;
    s += n;
    if (*s == '|') s++;
  }
}

static int feat_cmp(const void *a, const void *b) {
  const char *const *x = a, *const *y = b;
  size_t nx = strcspn(*x, "=|"), ny = strcspn(*y, "=|");
  int c = strncasecmp(*x, *y, nx < ny ? nx : ny);
  if (c) return c;
  return (nx > ny) - (nx < ny);
}

int kr__tag_feats(const char *tag, const char *lemma, char *out, size_t cap) {
  size_t cls_len;
  const tag_class *c = find_class(tag, &cls_len);
  feat_list l;
  l.n = 0;
  if (c) {
    const char *number = NULL, *p = tag + cls_len;
    const char *kinds = c->fields;
    char tense[16] = "";
    while (*p == ':' && *kinds) {
      p++;
      size_t n = strcspn(p, ":");
      const char *f = NULL;
      /* skip optional kinds the value does not belong to */
      while (*kinds && !(f = field_feats(*kinds, p, n, &number)) && !number &&
             kinds[1] && field_feats(kinds[1], p, n, &number))
        kinds++;
      if (!f) f = field_feats(*kinds, p, n, &number);
      if (f) add_feats(&l, f);
      if (*kinds == 'a' && field_is(c->name, strlen(c->name), "fin"))
        snprintf(tense, sizeof tense, "%s", field_is(p, n, "perf") ? "Tense=Fut" : "Tense=Pres");
      p += n;
      kinds++;
    }
    if (number) {
      for (unsigned i = 0; i < l.n; i++)
        if (strncmp(l.item[i], "Number=", 7) == 0) l.item[i] = number, l.len[i] = strlen(number);
    }
    if (tense[0]) {
      static const char *const tenses[] = {"Tense=Fut", "Tense=Pres"};
      add_feats(&l, tense[6] == 'F' ? tenses[0] : tenses[1]);
    }
    add_feats(&l, c->feats);
    const lemma_rule *r = find_lemma(lemma, tag, cls_len);
    if (r) add_feats(&l, r->feats);
    if (r && r->upos == KR_UPOS_DET) /* determiners carry no degree */
      for (unsigned i = 0; i < l.n; i++)
        if (strncmp(l.item[i], "Degree=", 7) == 0) l.item[i] = l.item[--l.n];
    if (lemma && field_is(tag, cls_len, "interp")) add_feats(&l, punct_feats(lemma));
  }
  /* sort by name (UD order), drop exact duplicates */
  const char *items[32];
  for (unsigned i = 0; i < l.n; i++) items[i] = l.item[i];
  qsort(items, l.n, sizeof *items, feat_cmp);
  size_t o = 0;
  for (unsigned i = 0; i < l.n; i++) {
    size_t n = strcspn(items[i], "|");
    if (i && n == strcspn(items[i - 1], "|") && memcmp(items[i], items[i - 1], n) == 0) continue;
    if (o + n + 2 > cap) return KR_ELIMIT;
    if (o) out[o++] = '|';
    memcpy(out + o, items[i], n);
    o += n;
  }
  if (o == 0) {
    if (cap < 2) return KR_ELIMIT;
    out[o++] = '_';
  }
  out[o] = '\0';
  return (int)o;
}
