/*
** morph/abbrev.c — the abbreviation lexicon (data/morph/abbrev.tsv).
**
** Readings for abbreviations as UD Polish writes them ("r" → rok brev:pun,
** "m.in" → między_innymi, "zł" → złoty brev:npun): the dictionary lacks most
** of them or gives lemmas in another convention ("tak zwany" for UD's
** "tak_zwany"). annotate.c adds them to a token's readings and the tagger
** chooses among them and the dictionary's. The file is read once at load;
** a bad row is KR_EDATA naming the file and the line. A missing file is not
** an error (no lexicon).
*/
#include "morph.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

struct kr_abbrev {
  kr_abbrev_entry *e;   /* sorted by form (strcmp), then file order */
  uint32_t n;
  char *strings;        /* the file's text, fields NUL-terminated in place */
};

static int upos_of(const char *s) {
  for (int u = 0; u < KR_UPOS__COUNT; u++)
    if (!strcmp(kr_upos_name(u), s)) return u;
  return -1;
}

static int entry_cmp(const void *a, const void *b) {
  const kr_abbrev_entry *x = a, *y = b;
  int c = strcmp(x->form, y->form);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

int kr__abbrev_load(kr_abbrev **out, const char *path, const kr_dict *dict, kr_error *err) {
  *out = NULL;
  int missing;
  char *buf = kr__file_slurp(path, &missing);
  if (!buf) {
    if (missing) return 0;
    return kr__err_set(err, KR_EDATA, 0, 0, "%s: cannot read", path);
  }
  kr_abbrev *ab = calloc(1, sizeof *ab);
  uint32_t cap = 0, lineno = 0;
  if (!ab) { free(buf); return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); }
  ab->strings = buf;
  int rc = 0;
  char *cur = buf, *line;
  while (!rc && (line = kr__data_line(&cur, &lineno))) {
    char *f[5];
    int nf = kr__tab_fields(line, f, 5);
    if (nf < 4 || nf > 5) {
      rc = kr__err_set(err, KR_EDATA, 0, lineno,
                       "%s:%u: expected 4 or 5 tab-separated fields (form, lemma, UPOS, XPOS, FEATS)",
                       path, lineno);
      break;
    }
    int upos = upos_of(f[2]);
    int tag = kr__dict_tag_id(dict, f[3], strlen(f[3]));
    if (!*f[0] || !*f[1] || strchr(f[0], ' ') || strchr(f[1], ' ')) {
      rc = kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: empty form or lemma, or a space in one", path, lineno);
    } else if (upos < 0 || !strcmp(f[2], "X")) {
      rc = kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: unknown UPOS '%s'", path, lineno, f[2]);
    } else if (tag < 0) {
      rc = kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: tag '%s' is not in the dictionary's tag set",
                       path, lineno, f[3]);
    } else if (nf == 5 && !*f[4]) {
      rc = kr__err_set(err, KR_EDATA, 0, lineno, "%s:%u: empty FEATS (leave the column out)", path, lineno);
    }
    if (rc) break;
    if (ab->n == cap) {
      cap = cap ? cap * 2 : 256;
      kr_abbrev_entry *x = realloc(ab->e, cap * sizeof *x);
      if (!x) { rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); break; }
      ab->e = x;
    }
    ab->e[ab->n++] = (kr_abbrev_entry){f[0], f[1], nf == 5 ? f[4] : "Abbr=Yes", (uint16_t)tag,
                                       (uint8_t)upos, lineno};
  }
  if (rc) {
    kr__abbrev_free(ab);
    return rc;
  }
  if (ab->n) qsort(ab->e, ab->n, sizeof *ab->e, entry_cmp);
  *out = ab;
  return 0;
}

void kr__abbrev_free(kr_abbrev *ab) {
  if (!ab) return;
  free(ab->e);
  free(ab->strings);
  free(ab);
}

int kr__abbrev_find(const kr_abbrev *ab, const char *form, size_t len, const kr_abbrev_entry **first) {
  *first = NULL;
  if (!ab || !ab->n || !len) return 0;
  uint32_t lo = 0, hi = ab->n;
  while (lo < hi) {
    uint32_t m = (lo + hi) / 2;
    int c = strncmp(ab->e[m].form, form, len);
    if (c == 0 && ab->e[m].form[len]) c = 1;
    if (c < 0) lo = m + 1;
    else hi = m;
  }
  uint32_t k = lo;
  while (k < ab->n && !strncmp(ab->e[k].form, form, len) && !ab->e[k].form[len]) k++;
  if (k == lo) return 0;
  *first = &ab->e[lo];
  return (int)(k - lo);
}

int kr__abbrev_upos(const kr_abbrev *ab, const char *form, size_t len, const char *lemma, unsigned tag) {
  const kr_abbrev_entry *e;
  int n = kr__abbrev_find(ab, form, len, &e);
  for (int i = 0; i < n; i++)
    if (e[i].tag == tag && !strcmp(e[i].lemma, lemma)) return e[i].upos;
  return -1;
}
