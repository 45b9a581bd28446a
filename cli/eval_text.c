/*
** eval_text.c — scores the tokenizer and sentence splitter against UD
** CoNLL-U (the `text` piece of `kronika eval`).
**
** The raw text is rebuilt from the "# text = " lines: sentences joined by one
** space, a blank line at "# newpar" / "# newdoc". Gold surface tokens (a
** multiword-token range "1-2" is one surface token, its parts are skipped;
** empty nodes "8.1" are skipped) are found in order in their sentence's
** text, giving byte spans; a gold sentence spans its first to its last
** token. kr__tokenize() runs over the rebuilt text, and exact span matches
** are counted as tp, ours-only as fp, gold-only as fn.
**
** eval_precision/recall/f1 are defined in eval.c (as percentages).
**
** With the environment variable KRONIKA_EVAL_TEXT_ERRORS set, every
** mismatch is listed on standard error (for tuning the tokenizer).
*/
#include "cli.h"
#include "eval.h"

#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct span {
  uint32_t off, end;   /* bytes into the rebuilt text */
} span;

typedef struct spans {
  span *v;
  size_t n, cap;
} spans;

static int spans_push(spans *s, uint32_t off, uint32_t end) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    span *p = realloc(s->v, cap * sizeof *p);
    if (!p) return KR_ENOMEM;
    s->v = p;
    s->cap = cap;
  }
  s->v[s->n].off = off;
  s->v[s->n].end = end;
  s->n++;
  return 0;
}

/* Counts exact matches of two sorted span lists into *prf. */
static void score(const spans *gold, const span *ours, size_t n_ours, eval_prf *prf,
                  const char *text, const char *what, int dump) {
  size_t i = 0, j = 0;
  uint64_t tp = 0;
  while (i < gold->n || j < n_ours) {
    if (i < gold->n && j < n_ours && gold->v[i].off == ours[j].off && gold->v[i].end == ours[j].end) {
      tp++; i++; j++;
      continue;
    }
    int take_gold = j >= n_ours || (i < gold->n && gold->v[i].off <= ours[j].off);
    if (take_gold) {
      if (dump)
        fprintf(stderr, "%s fn @%u [%.*s]\t…%.*s…\n", what, gold->v[i].off,
                (int)(gold->v[i].end - gold->v[i].off), text + gold->v[i].off,
                (int)(gold->v[i].end - gold->v[i].off + 40 > 120 ? 120 : gold->v[i].end - gold->v[i].off + 40),
                text + (gold->v[i].off >= 20 ? gold->v[i].off - 20 : 0));
      i++;
    } else {
      if (dump)
        fprintf(stderr, "%s fp @%u [%.*s]\n", what, ours[j].off, (int)(ours[j].end - ours[j].off),
                text + ours[j].off);
      j++;
    }
  }
  prf->tp += tp;
  prf->fp += n_ours - tp;
  prf->fn += gold->n - tp;
}


int eval_text_file(const char *conllu_path, eval_prf *tokens, eval_prf *sents, kr_error *err) {
  int rc = 0;
  size_t len = 0;
  char *src = NULL;
  kr_buf text;
  spans gtok = {0}, gsent = {0};
  span *ours = NULL;
  kr_doc *doc = NULL;
  int dump = getenv("KRONIKA_EVAL_TEXT_ERRORS") != NULL;
  kr__buf_init(&text);

  if (!conllu_path || !tokens || !sents) {
    rc = kr__err_set(err, KR_EINVAL, 0, 0, "eval_text_file: missing argument");
    goto cleanup;
  }
  if (cli_read_file(conllu_path, &src, &len, err)) src = NULL;
  if (!src) { rc = err ? err->code : KR_EIO; goto cleanup; }

  /* Pass over the lines: rebuild the text and collect gold spans. */
  uint32_t line_no = 0;
  size_t sent_off = 0, sent_len = 0;   /* this sentence's text in `text` */
  size_t pos = 0;                       /* search position inside it */
  int in_sent = 0, have_text = 0, newpar = 0;
  size_t first_tok = 0;
  unsigned long skip_to = 0;
  for (char *p = src; *p;) {
    char *nl = strchr(p, '\n');
    char *end = nl ? nl : p + strlen(p);
    char *next = nl ? nl + 1 : end;
    size_t ll = (size_t)(end - p);
    if (ll && p[ll - 1] == '\r') ll--;
    line_no++;
    if (ll == 0) {
      if (in_sent && gtok.n > first_tok) {
        rc = spans_push(&gsent, gtok.v[first_tok].off, gtok.v[gtok.n - 1].end);
        if (rc) goto nomem;
      }
      in_sent = have_text = 0;
      skip_to = 0;
    } else if (p[0] == '#') {
      if (ll >= 9 && !strncmp(p, "# newpar", 8)) newpar = 1;
      else if (ll >= 9 && !strncmp(p, "# newdoc", 8)) newpar = 1;
      else if (ll >= 9 && !strncmp(p, "# text = ", 9)) {
        if (text.len) {
          if (newpar) kr__buf_append(&text, "\n\n", 2);
          else kr__buf_putc(&text, ' ');
        }
        newpar = 0;
        sent_off = text.len;
        sent_len = ll - 9;
        kr__buf_append(&text, p + 9, sent_len);
        if (text.oom) goto nomem;
        pos = 0;
        have_text = 1;
        in_sent = 1;
        first_tok = gtok.n;
      }
    } else if (have_text) {
      /* ID <tab> FORM <tab> ... */
      char *tab = memchr(p, '\t', ll);
      if (!tab) {
        rc = kr__err_set(err, KR_ECONLLU, (uint64_t)(p - src), line_no, "%s:%u: no tab in token line",
                         conllu_path, line_no);
        goto cleanup;
      }
      char *form = tab + 1;
      char *ftab = memchr(form, '\t', ll - (size_t)(form - p));
      size_t flen = ftab ? (size_t)(ftab - form) : ll - (size_t)(form - p);
      char *dash = memchr(p, '-', (size_t)(tab - p));
      char *dot = memchr(p, '.', (size_t)(tab - p));
      unsigned long id = strtoul(p, NULL, 10);
      if (dot) goto next_line;
      if (dash) skip_to = strtoul(dash + 1, NULL, 10);
      else if (id <= skip_to) goto next_line;
      const char *st = text.data + sent_off;
      while (pos < sent_len && (st[pos] == ' ' || st[pos] == '\t')) pos++;
      size_t at;
      if (pos + flen <= sent_len && !memcmp(st + pos, form, flen)) {
        at = pos;
      } else {
        /* the form may differ from the text; look ahead a little */
        at = (size_t)-1;
        for (size_t k = pos; k + flen <= sent_len && k < pos + 64; k++)
          if (!memcmp(st + k, form, flen)) { at = k; break; }
        if (at == (size_t)-1) {
          if (dump) fprintf(stderr, "align: line %u: form '%.*s' not found\n", line_no, (int)flen, form);
          tokens->fn++;
          goto next_line;
        }
      }
      rc = spans_push(&gtok, (uint32_t)(sent_off + at), (uint32_t)(sent_off + at + flen));
      if (rc) goto nomem;
      pos = at + flen;
    }
  next_line:
    p = next;
  }
  if (in_sent && gtok.n > first_tok) {
    rc = spans_push(&gsent, gtok.v[first_tok].off, gtok.v[gtok.n - 1].end);
    if (rc) goto nomem;
  }
  if (text.len == 0) goto cleanup;

  doc = kr_doc_new();
  if (!doc) goto nomem;
  rc = kr_doc_set_text(doc, text.data, text.len, err);
  if (rc) goto cleanup;
  rc = kr__tokenize(doc, err);
  if (rc) goto cleanup;

  size_t n_ours = doc->n_toks > doc->n_sents ? doc->n_toks : doc->n_sents;
  ours = malloc((n_ours ? n_ours : 1) * sizeof *ours);
  if (!ours) goto nomem;
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    ours[i].off = doc->toks[i].off;
    ours[i].end = doc->toks[i].off + doc->toks[i].len;
  }
  score(&gtok, ours, doc->n_toks, tokens, doc->text, "tok", dump);
  for (uint32_t i = 0; i < doc->n_sents; i++) {
    ours[i].off = doc->sents[i].off;
    ours[i].end = doc->sents[i].off + doc->sents[i].len;
  }
  score(&gsent, ours, doc->n_sents, sents, doc->text, "sent", dump);
  goto cleanup;

nomem:
  rc = kr__err_set(err, KR_ENOMEM, 0, 0, "%s: out of memory", conllu_path);
cleanup:
  free(ours);
  free(gtok.v);
  free(gsent.v);
  free(src);
  kr__buf_free(&text);
  kr_doc_free(doc);
  return rc;
}
