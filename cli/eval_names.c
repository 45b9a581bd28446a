/*
** eval_names.c — base-form accuracy of name phrases on KPWr (the `names`
** piece of `kronika eval`).
**
** Each line of the TSV (Polem's KPWr 1.2 export) is: gold base form, surface
** form (orth), lower-case lemmas, tags, flags, category. The surface is
** analysed on its own (tokens, morphology, tagger), one mention spans all its
** tokens with the type from the category (nam_liv → PER, nam_loc / nam_fac →
** LOC, nam_org → ORG, nam_eve → EVT, nam_pro / nam_oth → PRO; nam_adj and
** nam_num are skipped), and kr__entities_base_form's result is compared with
** the gold form exactly (case included; runs of spaces in the gold form count
** as one and spaces at its ends are dropped, the tokenised orth gets its
** usual spacing back, see detokenize; CSV quoting is undone). The phrases carry no
** sentence context, so the tagger sees them alone.
**
** Misses are listed to `misses` as "category<TAB>orth<TAB>gold<TAB>ours".
** Diagnostics (environment): KRONIKA_EVAL_NAMES_MISSES=FILE writes the misses
** of the files that are tuned on (name containing "train") to FILE — never
** those of the held-out file; KRONIKA_EVAL_NAMES_TRAIN_ONLY=1 skips the
** held-out file (its row is then empty), so that rules can be tuned without
** reading its score.
*/
#include "eval.h"

#include "entities/entities.h"

#include <stdlib.h>
#include <string.h>

/* The orth column is tokenised ("Dz . U .", "BK - 203", "O ’ Reilly"):
** rebuilds the usual spacing into out (at least strlen(s)+1). The original
** spacing is not in the data; the usual one is: no space
**   - before . , : ; ! ? ) and after (, around a hyphen, a slash or "@";
**   - around a dot, comma or colon between digits ("101,2", "01025:2004");
**   - between letters written with dots ("S . A ." → "S.A.", "o . o .");
**   - around a typographic apostrophe ("O’Reilly", "America’s");
**   - before a "+" that ends the phrase or doubles ("Linux+", "C++");
**   - after "#" before a number, before a domain ("radwańska.pl");
**   - inside quotes: after an opening „ “ « or straight quote, before a
**     closing ” » or straight quote (also „…"). */
#define MAX_DT 512

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

typedef struct dtok { const char *s; size_t n; } dtok;

static bool tok_is(const dtok *t, const char *w) { return t->n == strlen(w) && !memcmp(t->s, w, t->n); }

/* One letter: ASCII or a two-byte UTF-8 letter ("Ł"). */
static bool one_letter(const dtok *t) {
  unsigned char c = (unsigned char)t->s[0];
  if (t->n == 1) return (c | 32) >= 'a' && (c | 32) <= 'z';
  return t->n == 2 && c >= 0xC3 && c <= 0xC5;
}

static bool wordish(const dtok *t) {
  unsigned char c = (unsigned char)t->s[0];
  return ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0xC3 || is_digit((char)c);
}

static void detokenize(const char *s, char *out) {
  dtok t[MAX_DT];
  size_t nt = 0, o = 0;
  for (const char *p = s; *p;) {
    while (*p == ' ') p++;
    if (!*p) break;
    size_t n = strcspn(p, " ");
    if (nt == MAX_DT) {   /* too long to rebuild: keep it as it is */
      strcpy(out, s);
      return;
    }
    t[nt++] = (dtok){p, n};
    p += n;
  }
  bool open = false, low_open = false;   /* inside straight quotes; after „ */
  bool join_next = false;                /* the token before asked for no space after it */
  for (size_t k = 0; k < nt; k++) {
    const dtok *a = k ? &t[k - 1] : NULL, *b = &t[k], *c = k + 1 < nt ? &t[k + 1] : NULL;
    const dtok *z = k >= 2 ? &t[k - 2] : NULL;   /* the token before a */
    bool join = join_next;
    join_next = false;
    if (a) {
      char b0 = b->s[0], al = a->s[a->n - 1];
      if (strchr(".,:;!?)", b0)) join = true;
      if (al == '(' || al == '-' || tok_is(b, "-") || tok_is(a, "/") || tok_is(b, "/") ||
          tok_is(a, "@") || tok_is(b, "@"))
        join = true;
      if ((tok_is(a, ".") || tok_is(a, ",") || tok_is(a, ":")) && z && is_digit(z->s[z->n - 1]) && is_digit(b0))
        join = true;
      if (tok_is(a, "#") && is_digit(b0)) join = true;
      /* letters with dots: "S . A .", "J . C . R. Licklider", "N . M . P" */
      if (tok_is(a, ".") && z && one_letter(z) && one_letter(b) && (!c || tok_is(c, ".")))
        join = true;
      /* a domain */
      if (tok_is(a, ".") && z && wordish(z) && !c &&
          (tok_is(b, "pl") || tok_is(b, "net") || tok_is(b, "com") || tok_is(b, "org") || tok_is(b, "eu")))
        join = true;
      if (tok_is(b, "\xe2\x80\x99") && wordish(a) && c && wordish(c)) join = true, join_next = true;  /* ’ */
      if (tok_is(b, "+") && (!c || tok_is(c, "+"))) join = true;
      if (tok_is(a, "\xe2\x80\x9e") || tok_is(a, "\xe2\x80\x9c") || tok_is(a, "\xc2\xab")) join = true; /* „ “ « */
      if (tok_is(b, "\xe2\x80\x9d") || tok_is(b, "\xc2\xbb")) join = true;                              /* ” » */
    }
    if (tok_is(b, "\xe2\x80\x9e")) low_open = true;
    if (tok_is(b, "\"")) {
      if (low_open) low_open = false, join = a != NULL;   /* „…" closes */
      else if (!open) open = true, join_next = true;      /* opens */
      else open = false, join = a != NULL;                /* closes */
    }
    if (a && !join) out[o++] = ' ';
    memcpy(out + o, b->s, b->n);
    o += b->n;
  }
  out[o] = 0;
}

/* Undoes the CSV quoting of a field: "a ""b""" → a "b". */
static void unquote(char *s) {
  size_t n = strlen(s);
  if (n < 2 || s[0] != '"' || s[n - 1] != '"') return;
  char *o = s;
  for (size_t i = 1; i + 1 < n; i++) {
    *o++ = s[i];
    if (s[i] == '"' && s[i + 1] == '"') i++;
  }
  *o = 0;
}

/* Collapses runs of spaces in place and drops those at either end (gold
** forms sometimes carry several, or a stray one: " Konstantyn", "Bóg "). */
static void squeeze(char *s) {
  char *o = s;
  for (char *p = s; *p; p++)
    if (!(*p == ' ' && (o == s || o[-1] == ' '))) *o++ = *p;
  if (o > s && o[-1] == ' ') o--;
  *o = 0;
}

static int category_type(const char *cat) {
  if (!strncmp(cat, "nam_liv", 7)) return KR_ENT_PER;
  if (!strncmp(cat, "nam_loc", 7) || !strncmp(cat, "nam_fac", 7)) return KR_ENT_LOC;
  if (!strncmp(cat, "nam_org", 7)) return KR_ENT_ORG;
  if (!strncmp(cat, "nam_eve", 7)) return KR_ENT_EVT;
  if (!strncmp(cat, "nam_pro", 7) || !strncmp(cat, "nam_oth", 7)) return KR_ENT_PRO;
  return -1;
}

int eval_names_file(const kr_resources *res, const char *tsv_path, eval_names_stats *st,
                    FILE *misses, kr_error *err) {
  int rc = 0;
  char *line = NULL;
  size_t cap = 0;
  kr_doc *doc = NULL;
  const char *base = strrchr(tsv_path, '/');
  bool tuned_on = strstr(base ? base + 1 : tsv_path, "train") != NULL;
  const char *only_train = getenv("KRONIKA_EVAL_NAMES_TRAIN_ONLY");
  if (!tuned_on && only_train && *only_train && strcmp(only_train, "0")) return 0;
  FILE *own_misses = NULL;
  const char *mpath = getenv("KRONIKA_EVAL_NAMES_MISSES");
  if (!misses && tuned_on && mpath && *mpath) {
    own_misses = fopen(mpath, "w");
    if (!own_misses) return kr__err_set(err, KR_EIO, 0, 0, "cannot write %s", mpath);
    misses = own_misses;
  }
  FILE *f = fopen(tsv_path, "rb");
  if (!f) {
    if (own_misses) fclose(own_misses);
    return kr__err_set(err, KR_EIO, 0, 0, "cannot open %s", tsv_path);
  }
  doc = kr_doc_new();
  if (!doc) { rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); goto cleanup; }
  uint32_t lineno = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) >= 0) {
    lineno++;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
    char *col[6];
    int nc = 0;
    char *p = line;
    while (nc < 6) {
      col[nc++] = p;
      char *tab = strchr(p, '\t');
      if (!tab) break;
      *tab = 0;
      p = tab + 1;
    }
    if (nc < 6) continue;
    int type = category_type(col[5]);
    if (type < 0 || !*col[1]) continue;
    unquote(col[0]);
    unquote(col[1]);
    char *text = malloc(strlen(col[1]) + 1);
    if (!text) { rc = kr__err_set(err, KR_ENOMEM, 0, lineno, "out of memory"); goto cleanup; }
    detokenize(col[1], text);
    squeeze(col[0]);
    kr_doc_reset(doc);
    kr_error e2 = {0};
    int bad = kr_doc_set_text(doc, text, strlen(text), &e2);
    free(text);
    if (bad ||
        kr_analyze(res, doc, KR_LAYER_TAGGER, &e2)) {
      if (e2.code == KR_ENOMEM) { rc = kr__err_set(err, KR_ENOMEM, 0, lineno, "out of memory"); goto cleanup; }
      continue;
    }
    if (!doc->n_toks) continue;
    const char *ours = kr__entities_base_form(res, doc, 0, doc->n_toks, type);
    if (!ours) { rc = kr__err_set(err, KR_ENOMEM, 0, lineno, "out of memory"); goto cleanup; }
    st->n++;
    st->by_type_n[type]++;
    if (!strcmp(ours, col[0])) {
      st->exact++;
      st->by_type_exact[type]++;
    } else if (misses) {
      fprintf(misses, "%s\t%s\t%s\t%s\n", col[5], col[1], col[0], ours);
    }
  }
cleanup:
  kr_doc_free(doc);
  free(line);
  fclose(f);
  if (own_misses) fclose(own_misses);
  return rc;
}
