/*
** eval_events.c — `kronika eval` piece for the event layer: tests/events/.
** Each document named in expected.tsv is read from dir/DOC.txt with the
** article reader, analysed, and its events matched to the expected rows of
** that document (source actor, target actor, PLOVER type; CAMEO root when
** the expected PLOVER is "-"). Unmatched predictions are false positives.
** An optional sixth column gives the event's date (TIMEX3 value, "-" = not
** scored); matched events with a date are counted and checked.
** The directory may be any set laid out this way (tests/events,
** tests/events/dev2): only its own *.txt files are read, subdirectories are
** skipped, and files are scored in name order.
*/
#include "eval_events.h"
#include "cli.h"
#include "internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct exp_row { char doc[64], src[32], tgt[32], plover[16], cameo[8], date[16]; bool used; } exp_row;

static bool same(const char *a, const char *b) { return a && b && !strcmp(a, b); }

static int score_doc(const kr_resources *res, const char *dir, const char *name, exp_row *rows, size_t n,
                     eval_prf *m, eval_dates *dt, kr_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.txt", dir, name);
  kr_doc *doc = NULL;
  int rc = cli_analyze_file(res, path, &doc, err);
  if (rc) return rc;
  for (uint32_t i = 0; i < doc->n_events; i++) {
    const kr_event *e = &doc->events[i];
    bool hit = false;
    for (size_t k = 0; k < n; k++) {
      exp_row *x = &rows[k];
      if (strcmp(x->doc, name) || x->used || !same(e->source_actor, x->src) || !same(e->target_actor, x->tgt)) continue;
      bool type = !strcmp(x->plover, "-") ? !e->plover && e->cameo && !strncmp(e->cameo, x->cameo, 2)
                                          : same(e->plover, x->plover);
      if (type) {
        x->used = hit = true;
        if (dt && x->date[0] && strcmp(x->date, "-")) {
          dt->scored++;
          dt->right += e->date && !strcmp(e->date, x->date);
        }
        break;
      }
    }
    if (hit) m->tp++; else m->fp++;
  }
  for (size_t k = 0; k < n; k++)
    if (!strcmp(rows[k].doc, name) && !rows[k].used) m->fn++;
  kr_doc_free(doc);
  return 0;
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int eval_events_dir(const kr_resources *res, const char *dir, eval_prf *match, kr_error *err) {
  return eval_events_dir_dated(res, dir, match, NULL, err);
}

int eval_events_dir_dated(const kr_resources *res, const char *dir, eval_prf *match, eval_dates *dates,
                          kr_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/expected.tsv", dir);
  char *data = NULL;
  size_t len = 0;
  int rc = cli_read_file(path, &data, &len, err);
  if (rc) return rc;
  exp_row *rows = NULL;
  size_t n = 0, cap = 0;
  uint32_t line = 0;
  char *cur = data, *s;
  while ((s = kr__data_line(&cur, &line))) {
    if (!strncmp(s, "doc\t", 4)) continue;   /* the header */
    if (n == cap) {
      exp_row *r = realloc(rows, (cap = cap ? cap * 2 : 64) * sizeof *r);
      if (!r) { rc = KR_ENOMEM; goto done; }
      rows = r;
    }
    exp_row *r = &rows[n];
    memset(r, 0, sizeof *r);
    if (sscanf(s, "%63[^\t]\t%31[^\t]\t%31[^\t]\t%15[^\t]\t%7[^\t]\t%15s", r->doc, r->src, r->tgt, r->plover,
               r->cameo, r->date) < 5) {
      rc = kr__err_set(err, KR_EFORMAT, 0, line, "%s:%u: expected 5 columns", path, line);
      goto done;
    }
    n++;
  }
  /* every article, also those where no event is expected, in name order */
  DIR *dp = opendir(dir);
  if (!dp) { rc = kr__err_set(err, KR_EIO, 0, 0, "%s: cannot open directory", dir); goto done; }
  char **names = NULL;
  size_t n_names = 0, cap_names = 0;
  struct dirent *de;
  while ((de = readdir(dp))) {
    size_t l = strlen(de->d_name);
    if (l < 5 || l > 68 || strcmp(de->d_name + l - 4, ".txt")) continue;
    if (n_names == cap_names) {
      char **nn = realloc(names, (cap_names = cap_names ? cap_names * 2 : 32) * sizeof *nn);
      if (!nn) { rc = KR_ENOMEM; break; }
      names = nn;
    }
    if (!(names[n_names] = malloc(l - 3))) { rc = KR_ENOMEM; break; }
    snprintf(names[n_names++], l - 3, "%.*s", (int)(l - 4), de->d_name);
  }
  closedir(dp);
  if (!rc) qsort(names, n_names, sizeof *names, cmp_name);
  for (size_t k = 0; k < n_names && !rc; k++) rc = score_doc(res, dir, names[k], rows, n, match, dates, err);
  for (size_t k = 0; k < n_names; k++) free(names[k]);
  free(names);
  if (rc == KR_ENOMEM && !err->message[0]) kr__err_set(err, rc, 0, 0, "events: out of memory");
  for (size_t k = 0; k < n && !rc; k++) {    /* expected rows naming a missing article */
    bool seen = false;
    snprintf(path, sizeof path, "%s/%s.txt", dir, rows[k].doc);
    FILE *f = fopen(path, "rb");
    if (f) { seen = true; fclose(f); }
    if (!seen) rc = kr__err_set(err, KR_EIO, 0, 0, "%s: missing article", path);
  }
done:
  free(rows);
  free(data);
  return rc;
}
