/*
** eval_link.c — `kronika eval` piece for entity linking: tests/linking/.
** gold.tsv has one row per entity of an article: doc (path from the source
** tree), the text of its first mention, the knowledge-base id (or NIL) and
** the actor code on the article's date (or "-"). Each article is analysed;
** the gold mention is looked up among kronika's mentions (same text at the
** same place, else a mention overlapping that place without holding it:
** a name inside a longer one counts as not recognised), and the entity it
** belongs to is compared with the row:
**   found      the mention was recognised at all (NER or knowledge base);
**   links      precision / recall of KB ids over the non-NIL rows, TAC-KBP
**              style: a wrong id, or an id given to a NIL entity, is a false
**              positive; an unrecognised or unlinked entity a false negative;
**   NIL        NIL rows left unlinked, among those found;
**   actor      actor codes equal (NULL = "-"), among the entities found.
*/
#include "eval_link.h"
#include "cli.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gold_row {
  char *doc, *mention, *kb, *actor;   /* into the gold file's buffer */
  uint32_t line;
} gold_row;

static bool eq_or_null(const char *pred, const char *gold, const char *null_word) {
  if (!strcmp(gold, null_word)) return pred == NULL;
  return pred && !strcmp(pred, gold);
}

/* The entity of the mention at gold text `m` (first occurrence), or -1 when
** nothing kronika found covers that place. */
static int64_t entity_of(const kr_doc *doc, const char *m) {
  /* the first occurrence as whole words: "Polski" is not the start of "Polskie" */
  const char *p = doc->text;
  size_t ml = strlen(m);
  for (; (p = strstr(p, m)); p++) {
    int32_t before = 0, after = 0;
    if (p > doc->text) {
      const char *q = p - 1;
      while (q > doc->text && ((unsigned char)*q & 0xC0) == 0x80) q--;
      kr__utf8_decode(q, (size_t)(p - q), &before);
    }
    kr__utf8_decode(p + ml, strlen(p + ml), &after);
    if (!kr__cp_is_letter(before) && !kr__cp_is_letter(after)) break;
  }
  if (!p) return -2;   /* the gold text is not in the article */
  uint32_t s = (uint32_t)kr__utf8_count(doc->text, (size_t)(p - doc->text));
  uint32_t e = s + (uint32_t)kr__utf8_count(m, strlen(m));
  int64_t overlap = -1;
  for (uint32_t i = 0; i < doc->n_mentions; i++) {
    const kr_mention *x = &doc->mentions[i];
    if (x->start == s && x->end == e) return x->entity;
    /* a longer name holding this one ("Chin" in "Ministerstwo Spraw
    ** Zagranicznych Chin") is not it: kronika gives outermost names only */
    bool holds = x->start <= s && e <= x->end;
    if (overlap < 0 && x->start < e && s < x->end && !holds) overlap = x->entity;
  }
  return overlap;
}

static int score_doc(const kr_resources *res, const char *path, gold_row *rows, size_t n, eval_link_stats *st,
                     FILE *misses, kr_error *err) {
  kr_doc *doc = NULL;
  int rc = cli_analyze_file(res, path, &doc, err);
  if (rc) return rc;
  for (size_t k = 0; k < n; k++) {
    gold_row *g = &rows[k];
    bool nil = !strcmp(g->kb, "NIL");
    int64_t ei = entity_of(doc, g->mention);
    if (ei == -2) {
      rc = kr__err_set(err, KR_EFORMAT, 0, g->line, "tests/linking/gold.tsv:%u: \"%s\" is not in %s", g->line,
                       g->mention, g->doc);
      goto done;
    }
    const kr_entity *e = ei >= 0 && (uint64_t)ei < doc->n_ents ? &doc->ents[ei] : NULL;
    st->rows++;
    st->nil_rows += nil;
    if (e) st->found++;
    bool right = e && eq_or_null(e->kb, g->kb, "NIL");
    if (e && !nil) st->found_linkable++;
    if (!nil) {
      if (right) st->links.tp++;
      else st->links.fn++;
    }
    if (e && e->kb && !right) st->links.fp++;
    if (e && nil) st->nil_found++, st->nil_right += e->kb == NULL;
    bool actor = e && eq_or_null(e->actor, g->actor, "-");
    if (e) st->actor_right += actor;
    if (misses && (!right || !actor))
      fprintf(misses, "%s\t%s\tgold %s %s\tgot %s %s\n", g->doc, g->mention, g->kb, g->actor,
              e ? (e->kb ? e->kb : "NIL") : "(not found)", e ? (e->actor ? e->actor : "-") : "");
  }
  rc = 0;
done:
  kr_doc_free(doc);
  return rc;
}

int eval_link_file(const kr_resources *res, const char *src_dir, const char *gold_path, eval_link_stats *st,
                   FILE *misses, kr_error *err) {
  char *data = NULL;
  size_t len = 0;
  int rc = cli_read_file(gold_path, &data, &len, err);
  if (rc) return rc;
  gold_row *rows = NULL;
  size_t n = 0, cap = 0;
  uint32_t line = 0;
  char *cur = data, *s;
  while ((s = kr__data_line(&cur, &line))) {
    if (!strncmp(s, "doc\t", 4)) continue;   /* the header */
    char *col[4];
    if (kr__tab_fields(s, col, 4) != 4 || !*col[0] || !*col[1] || !*col[2] || !*col[3]) {
      rc = kr__err_set(err, KR_EFORMAT, 0, line, "%s:%u: expected 4 columns: doc, mention, kb|NIL, actor|-",
                       gold_path, line);
      break;
    }
    if (n == cap) {
      gold_row *r = realloc(rows, (cap = cap ? cap * 2 : 128) * sizeof *r);
      if (!r) { rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); break; }
      rows = r;
    }
    rows[n++] = (gold_row){col[0], col[1], col[2], col[3], line};
  }
  /* rows of one article are consecutive runs; each run is one analysis */
  for (size_t i = 0; i < n && !rc;) {
    size_t j = i + 1;
    while (j < n && !strcmp(rows[j].doc, rows[i].doc)) j++;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", src_dir, rows[i].doc);
    rc = score_doc(res, path, rows + i, j - i, st, misses, err);
    i = j;
  }
  free(rows);
  free(data);
  return rc;
}
