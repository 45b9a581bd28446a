/*
** tag.c — `kronika tag --conllu FILE`: keeps a CoNLL-U file's sentences,
** token IDs and FORM column, and fills LEMMA, UPOS, XPOS and FEATS with
** kronika's own analysis (multiword-token lines are kept and their parts
** tagged). HEAD, DEPREL and DEPS become "_"; MISC is kept.
*/
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void help(void) {
  printf("usage: kronika tag --conllu FILE [options]\n"
         "\n"
         "Re-analyses a gold-tokenised CoNLL-U file ('-' for standard input) and prints\n"
         "CoNLL-U with kronika's LEMMA, UPOS, XPOS and FEATS.\n"
         "\n"
         "options:\n"
         "  --dict PATH, --models DIR, --data DIR   as for analyze\n"
         "  -o FILE                                 write to FILE\n");
}

typedef struct line_ref {
  char *text;        /* comment line, or the ID column of a token line */
  int kind;          /* 0 comment, 1 word, 2 multiword range */
  int word;          /* index of the word among the sentence's words (kind 1) */
  char *form, *misc; /* FORM and MISC of a multiword range (kind 2) */
} line_ref;

typedef struct sentence {
  line_ref *lines; size_t n_lines, cap_lines;
  const char **forms; uint8_t *flags; size_t n_words, cap_words;
  uint32_t first_line;
} sentence;

static int push_line(sentence *s, char *text, int kind, int word) {
  if (s->n_lines == s->cap_lines) {
    size_t cap = s->cap_lines ? s->cap_lines * 2 : 64;
    line_ref *p = realloc(s->lines, cap * sizeof *p);
    if (!p) return -1;
    s->lines = p;
    s->cap_lines = cap;
  }
  s->lines[s->n_lines++] = (line_ref){text, kind, word, NULL, NULL};
  return 0;
}

static int push_word(sentence *s, const char *form, uint8_t fl) {
  if (s->n_words == s->cap_words) {
    size_t cap = s->cap_words ? s->cap_words * 2 : 64;
    const char **f = realloc(s->forms, cap * sizeof *f);
    if (!f) return -1;
    s->forms = f;
    uint8_t *g = realloc(s->flags, cap);
    if (!g) return -1;
    s->flags = g;
    s->cap_words = cap;
  }
  s->forms[s->n_words] = form;
  s->flags[s->n_words++] = fl;
  return 0;
}

/* Splits a token line into 10 columns in place; returns the count found. */
static int split_cols(char *line, char **cols) {
  int n = 0;
  cols[n++] = line;
  for (char *p = line; *p; p++) {
    if (*p == '\t') {
      *p = 0;
      if (n == 10) return 11;
      cols[n++] = p + 1;
    }
  }
  return n;
}

static void emit(FILE *out, const sentence *s, char **word_cols_misc, const kr_doc *doc) {
  for (size_t i = 0; i < s->n_lines; i++) {
    const line_ref *l = &s->lines[i];
    if (l->kind == 0) {
      fprintf(out, "%s\n", l->text);
    } else if (l->kind == 1) {
      const kr_token *t = &doc->toks[l->word];
      const char *misc = word_cols_misc[l->word];
      fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t_\t_\t_\t%s\n", l->text, s->forms[l->word],
              t->lemma ? t->lemma : "_", t->lemma ? kr_upos_name(t->upos) : "_",
              t->tag ? t->tag : "_", t->feats ? t->feats : "_", misc ? misc : "_");
    } else {
      fprintf(out, "%s\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", l->text, l->form, l->misc);
    }
  }
  fputc('\n', out);
}

int cmd_tag(int argc, char **argv) {
  const char *path = NULL, *dict = NULL, *models = NULL, *data = NULL, *out_path = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) { help(); return 0; }
    if (!v && a[0] == '-' && a[1]) { fprintf(stderr, "kronika tag: %s needs a value\n", a); return 2; }
    if (!strcmp(a, "--conllu")) path = argv[++i];
    else if (!strcmp(a, "--dict")) dict = argv[++i];
    else if (!strcmp(a, "--models")) models = argv[++i];
    else if (!strcmp(a, "--data")) data = argv[++i];
    else if (!strcmp(a, "-o")) out_path = argv[++i];
    else { fprintf(stderr, "kronika tag: unknown argument '%s' (see --help)\n", a); return 2; }
  }
  if (!path) { fprintf(stderr, "kronika tag: --conllu FILE is required\n"); return 2; }
  kr_error err = {0};
  char *buf;
  size_t len;
  if (cli_read_file(path, &buf, &len, &err)) { fprintf(stderr, "kronika: %s\n", err.message); return 2; }
  FILE *out = out_path ? fopen(out_path, "w") : stdout;
  if (!out) { fprintf(stderr, "kronika tag: cannot write %s\n", out_path); free(buf); return 2; }
  kr_resources *res = cli_open_resources(KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER,
                                         dict, models, data);
  kr_doc *doc = kr_doc_new();
  int status = 0;
  sentence s = {0};
  char **misc = NULL;
  size_t misc_cap = 0;
  if (!res || !doc) { status = 2; goto cleanup; }
  uint32_t lineno = 0;
  char *p = buf, *end = buf + len;
  int mwt_noSpace_until = 0, mwt_last = 0;
  while (p <= end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *line = p;
    char *stop = nl ? nl : end;
    if (stop > line && stop[-1] == '\r') stop[-1] = 0;
    *stop = 0;
    p = stop + 1;
    lineno++;
    int blank = line[0] == 0;
    if (!blank && line[0] != '#') {
      char *cols[11];
      int n = split_cols(line, cols);
      if (n != 10) {
        fprintf(stderr, "kronika: %s:%u: malformed CoNLL-U: %d columns, expected 10\n", path,
                lineno, n > 10 ? 11 : n);
        status = 1;
        goto cleanup;
      }
      const char *id = cols[0];
      if (strchr(id, '.')) {
        /* empty node (enhanced dependencies): not a word; dropped */
      } else if (strchr(id, '-')) {
        int a = atoi(id), b = atoi(strchr(id, '-') + 1);
        if (a <= 0 || b < a) {
          fprintf(stderr, "kronika: %s:%u: malformed CoNLL-U: bad range ID '%s'\n", path, lineno, id);
          status = 1;
          goto cleanup;
        }
        if (push_line(&s, cols[0], 2, 0)) { status = 2; goto cleanup; }
        s.lines[s.n_lines - 1].form = cols[1];
        s.lines[s.n_lines - 1].misc = cols[9];
        mwt_last = b;
        mwt_noSpace_until = strstr(cols[9], "SpaceAfter=No") ? b : 0;
      } else {
        int w = atoi(id);
        if (w <= 0 || (size_t)w != s.n_words + 1) {
          fprintf(stderr, "kronika: %s:%u: malformed CoNLL-U: word ID '%s' out of sequence\n", path,
                  lineno, id);
          status = 1;
          goto cleanup;
        }
        if (!cols[1][0]) {
          fprintf(stderr, "kronika: %s:%u: malformed CoNLL-U: empty FORM\n", path, lineno);
          status = 1;
          goto cleanup;
        }
        uint8_t fl = s.n_words == 0 ? KR_PRETOK_SENT_START : 0;
        int in_mwt = w <= mwt_last;
        if (in_mwt && w < mwt_last) fl |= KR_PRETOK_NO_SPACE;
        else if (in_mwt && w == mwt_last && mwt_noSpace_until == w) fl |= KR_PRETOK_NO_SPACE;
        else if (!in_mwt && strstr(cols[9], "SpaceAfter=No")) fl |= KR_PRETOK_NO_SPACE;
        if (push_line(&s, cols[0], 1, (int)s.n_words) || push_word(&s, cols[1], fl)) {
          status = 2;
          goto cleanup;
        }
        if (s.n_words > misc_cap) {
          misc_cap = misc_cap ? misc_cap * 2 : 256;
          char **m = realloc(misc, misc_cap * sizeof *m);
          if (!m) { status = 2; goto cleanup; }
          misc = m;
        }
        misc[s.n_words - 1] = cols[9];
      }
    } else if (!blank) {
      if (push_line(&s, line, 0, 0)) { status = 2; goto cleanup; }
    }
    if ((blank || p > end) && s.n_lines) {
      if (s.n_words) {
        kr_doc_reset(doc);
        if (kr_doc_set_tokens(doc, s.n_words, s.forms, s.flags, &err) ||
            kr_analyze(res, doc, KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER, &err)) {
          fprintf(stderr, "kronika: %s:%u: %s\n", path, lineno, err.message);
          status = 1;
          goto cleanup;
        }
        emit(out, &s, misc, doc);
      }
      s.n_lines = s.n_words = 0;
      mwt_last = mwt_noSpace_until = 0;
    }
    if (!nl) break;
  }
cleanup:
  free(s.lines);
  free(s.forms);
  free(s.flags);
  free(misc);
  kr_doc_free(doc);
  kr_resources_close(res);
  if (out && out != stdout) fclose(out);
  else fflush(stdout);
  free(buf);
  return status;
}
