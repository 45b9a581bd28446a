/*
** eval_quotes.c — scores direct and reported speech with speakers on the
** hand-made articles of tests/quotes (see eval_quotes.h for the format and
** the matching rule). Quotes and rows pair one to one, in row order, the
** first unused quote that fits.
*/
#include "eval_quotes.h"
#include "cli.h"

#include "internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

typedef struct gold_q {
  char *file, *kind, *speaker, *fragment;   /* into the expected.tsv buffer */
  int line;
} gold_q;

/* Case-folded, hyphens as spaces, runs of white space as one space. */
static char *norm(const char *s) {
  size_t len = strlen(s), o = 0;
  char *out = malloc(len * 4 + 1);
  if (!out) return NULL;
  int space = 1;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0) { k = 1; cp = '?'; }
    i += (size_t)k;
    if (cp == '-' || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
      if (!space) out[o++] = ' ';
      space = 1;
      continue;
    }
    space = 0;
    o += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)out + o);
  }
  while (o && out[o - 1] == ' ') o--;
  out[o] = '\0';
  return out;
}

static int holds(const char *text, const char *frag) {
  if (!text) return 0;
  char *a = norm(text), *b = norm(frag);
  int r = a && b && strstr(a, b) != NULL;
  free(a);
  free(b);
  return r;
}

static int speaker_ok(const char *want, const kr_quote *q) {
  if (!strcmp(want, "*")) return 1;
  if (!strcmp(want, "-")) return q->speaker == NULL;
  if (!q->speaker) return 0;
  char *a = norm(want), *b = norm(q->speaker);
  int r = a && b && !strcmp(a, b);
  free(a);
  free(b);
  return r;
}

static int load_gold(const char *path, char *buf, gold_q **out, size_t *n_out, kr_error *err) {
  size_t n = 0, cap = 0;
  gold_q *g = NULL;
  int line = 0, header = 1;
  for (char *p = buf; p && *p;) {
    char *l = p, *e = strchr(p, '\n');
    if (e) { *e = '\0'; p = e + 1; } else p = NULL;
    line++;
    size_t ll = strlen(l);
    if (ll && l[ll - 1] == '\r') l[--ll] = '\0';
    if (!ll || l[0] == '#') continue;
    char *f[4];
    int k = 0;
    f[k++] = l;
    for (char *q = l; *q && k < 4; q++)
      if (*q == '\t') { *q = '\0'; f[k++] = q + 1; }
    if (header) {
      header = 0;
      if (k == 4 && !strcmp(f[0], "file")) continue;
    }
    if (k != 4 || strchr(f[3], '\t') || (strcmp(f[1], "direct") && strcmp(f[1], "indirect")) || !f[3][0]) {
      free(g);
      return kr__err_set(err, KR_EDATA, 0, (uint32_t)line, "%s:%d: expected file, kind, speaker, fragment", path, line);
    }
    if (n == cap) {
      gold_q *ng = realloc(g, (cap = cap ? cap * 2 : 64) * sizeof *g);
      if (!ng) { free(g); return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); }
      g = ng;
    }
    g[n++] = (gold_q){f[0], f[1], f[2], f[3], line};
  }
  *out = g;
  *n_out = n;
  return 0;
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int score_file(const kr_resources *res, const char *dir, const char *name, const gold_q *gold,
                      size_t n_gold, eval_prf *found, eval_prf *with_speaker, kr_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  size_t len = 0;
  char *data = NULL;
  int rc0 = cli_read_file(path, &data, &len, err);
  if (rc0) return rc0;
  kr_doc *doc = kr_doc_new();
  kr_reader *rd = NULL;
  uint8_t *used = NULL;
  int rc = 0;
  if (!doc || (rc = kr_reader_open(&rd, path, data, len, NULL))) { rc = rc ? rc : KR_ENOMEM; goto done; }
  if ((rc = kr_reader_next(rd, doc, err)) != 1) { rc = rc < 0 ? rc : kr__err_set(err, KR_EEMPTY, 0, 0, "%s: no article", path); goto done; }
  if ((rc = kr_analyze(res, doc, KR_LAYER_ALL, err))) goto done;
  used = calloc(doc->n_quotes + 1, 1);
  if (!used) { rc = KR_ENOMEM; goto done; }
  uint64_t tp_any = 0, tp_spk = 0;
  for (size_t i = 0; i < n_gold; i++) {
    if (strcmp(gold[i].file, name)) continue;
    int direct = !strcmp(gold[i].kind, "direct");
    int hit = -1, hit_spk = -1;
    for (uint32_t k = 0; k < doc->n_quotes; k++) {
      const kr_quote *q = &doc->quotes[k];
      if (used[k] || q->direct != direct || !holds(q->text, gold[i].fragment)) continue;
      if (hit < 0) hit = (int)k;
      if (speaker_ok(gold[i].speaker, q)) { hit_spk = (int)k; break; }
    }
    if (hit_spk >= 0) hit = hit_spk;
    if (hit >= 0) {
      used[hit] = 1;
      tp_any++;
      tp_spk += hit_spk >= 0;
    }
    if (getenv("KRONIKA_EVAL_VERBOSE") && hit_spk < 0)
      fprintf(stderr, "%s:%d: %s %s \"%s\"%s%s\n", name, gold[i].line, hit >= 0 ? "wrong speaker" : "missed",
              gold[i].kind, gold[i].fragment, hit >= 0 ? " got " : "",
              hit >= 0 ? (doc->quotes[hit].speaker ? doc->quotes[hit].speaker : "null") : "");
    if (hit < 0) found->fn++;
    if (hit_spk < 0) with_speaker->fn++;
  }
  found->tp += tp_any;
  with_speaker->tp += tp_spk;
  found->fp += doc->n_quotes - tp_any;
  with_speaker->fp += doc->n_quotes - tp_spk;
  if (getenv("KRONIKA_EVAL_VERBOSE"))
    for (uint32_t k = 0; k < doc->n_quotes; k++)
      if (!used[k])
        fprintf(stderr, "%s: extra %s \"%s\" (%s)\n", name, doc->quotes[k].direct ? "direct" : "indirect",
                doc->quotes[k].text, doc->quotes[k].speaker ? doc->quotes[k].speaker : "null");
  rc = 0;
done:
  free(used);
  kr_reader_close(rd);
  kr_doc_free(doc);
  free(data);
  return rc;
}

int eval_quotes_dir(const kr_resources *res, const char *dir, eval_prf *found, eval_prf *with_speaker,
                    kr_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/expected.tsv", dir);
  size_t len = 0, n_gold = 0, n_names = 0, cap = 0;
  char *buf = NULL, **names = NULL;
  gold_q *gold = NULL;
  DIR *d = NULL;
  int rc = 0;
  if ((rc = cli_read_file(path, &buf, &len, err))) return rc;
  if ((rc = load_gold(path, buf, &gold, &n_gold, err))) goto done;
  if (!(d = opendir(dir))) { rc = kr__err_set(err, KR_EIO, 0, 0, "%s: cannot open directory", dir); goto done; }
  for (struct dirent *de; (de = readdir(d));) {
    size_t l = strlen(de->d_name);
    if (l < 5 || strcmp(de->d_name + l - 4, ".txt")) continue;
    if (n_names == cap) {
      char **nn = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *names);
      if (!nn) { rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); goto done; }
      names = nn;
    }
    if (!(names[n_names] = strdup(de->d_name))) { rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); goto done; }
    n_names++;
  }
  if (n_names) qsort(names, n_names, sizeof *names, cmp_name);
  for (size_t i = 0; i < n_names && !rc; i++)
    rc = score_file(res, dir, names[i], gold, n_gold, found, with_speaker, err);
done:
  if (d) closedir(d);
  for (size_t i = 0; i < n_names; i++) free(names[i]);
  free(names);
  free(gold);
  free(buf);
  return rc;
}
