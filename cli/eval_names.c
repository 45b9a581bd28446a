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
** as one, and the tokenised orth gets its usual spacing back, see detokenize; CSV quoting is undone). The phrases carry no
** sentence context, so the tagger sees them alone.
**
** Misses are listed to `misses` as "category<TAB>orth<TAB>gold<TAB>ours".
*/
#include "eval.h"

#include "entities/entities.h"

#include <stdlib.h>
#include <string.h>

/* The orth column is tokenised ("Dz . U .", "BK - 203"): rebuilds the usual
** spacing — none before . , : ; ! ? ) and after (, none around a hyphen or
** between a digit, a dot and a digit — into out (at least strlen(s)+1). */
static void detokenize(const char *s, char *out) {
  size_t o = 0, n = strlen(s);
  bool open = false;   /* inside straight quotes */
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"') open = !open;
    if (s[i] == ' ') {
      if (o && out[o - 1] == '"' && open) continue;           /* after an opening quote */
      if (s[i + 1] == '"' && open) continue;                   /* before a closing quote */
      char prev = o ? out[o - 1] : 0, next = s[i + 1];
      bool drop = strchr(".,:;!?)", next) != NULL || prev == '(' || prev == '-' ||
                  (next == '-' && i + 2 < n && s[i + 2] == ' ');
      if (prev == '.' && o >= 2 && out[o - 2] >= '0' && out[o - 2] <= '9' && next >= '0' && next <= '9')
        drop = true;
      if (drop) continue;
    }
    out[o++] = s[i];
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

/* Collapses runs of spaces in place (gold forms sometimes carry several). */
static void squeeze(char *s) {
  char *o = s;
  for (char *p = s; *p; p++)
    if (!(*p == ' ' && o > s && o[-1] == ' ')) *o++ = *p;
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
  FILE *f = fopen(tsv_path, "rb");
  if (!f) return kr__err_set(err, KR_EIO, 0, 0, "cannot open %s", tsv_path);
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
  return rc;
}
