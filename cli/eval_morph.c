/*
** eval_morph.c — lemma / UPOS / XPOS / FEATS accuracy against UD CoNLL-U
** with gold tokenisation: each sentence's syntactic words become the tokens
** of a document (kr__doc_from_words), then the morphology stage and the
** tagger run, and the chosen analysis is compared with the gold one (exact
** strings). "Unknown" words are those the dictionary lacks (guessed, or
** without readings); punctuation and numbers count as known.
*/
#include "eval.h"
#include "tagger.h"

#include <stdlib.h>
#include <string.h>

/* Scores the sentences of `c` whose running index (*sidx, advanced over
** every sentence of c) satisfies index % k == fold; all of them when k is 0.
** Used by eval_morph_file and by `kronika train tagger --cv K`. */
int eval_morph_cwords(const kr_resources *res, const kr_cwords *c, uint32_t k, uint32_t fold,
                      uint32_t *sidx, eval_morph_stats *st, kr_error *err) {
  kr_doc *doc = kr_doc_new();
  if (!doc) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  int rc = 0;
  for (uint32_t s = 0; s < c->n_sents && !rc; s++) {
    uint32_t gs = (*sidx)++;
    if (k && gs % k != fold) continue;
    uint32_t w0 = c->sent[s], nw = c->sent[s + 1] - w0;
    rc = kr__doc_from_words(doc, c->w + w0, nw, err);
    if (!rc) rc = kr__morph_run(res, doc, err);
    if (!rc) rc = kr__tagger_run(res, doc, err);
    for (uint32_t i = 0; !rc && i < nw; i++) {
      const kr_cword *g = &c->w[w0 + i];
      const kr_token *t = &doc->toks[i];
      int unknown = (t->flags & KR_TOKF_GUESSED) ||
                    (t->n_readings == 0 && t->kind != KR_TOK_PUNCT && t->kind != KR_TOK_NUMBER);
      int in_cands = 0;
      for (int r = 0; r < t->n_readings; r++) {
        if (t->readings[r].lemma && !strcmp(t->readings[r].lemma, g->lemma)) { in_cands = 1; break; }
      }
      st->lemma_in_cands += (uint64_t)in_cands;
      int up = !strcmp(kr_upos_name(t->upos), g->upos);
      int xp = t->tag && !strcmp(t->tag, g->xpos);
      int fe = t->feats && !strcmp(t->feats, g->feats);
      int le = t->lemma && !strcmp(t->lemma, g->lemma);
      st->n++;
      st->upos += up;
      st->xpos += xp;
      st->feats += fe;
      st->lemma += le;
      if (unknown) {
        st->n_unknown++;
        st->unk_upos += up;
        st->unk_xpos += xp;
        st->unk_lemma += le;
      } else {
        st->n_known++;
        st->known_upos += up;
        st->known_xpos += xp;
        st->known_lemma += le;
      }
      if (getenv("KRONIKA_EVAL_ERRORS") && !(up && xp && le))
        fprintf(stderr, "ERR\t%s\t%s/%s/%s\t%s/%s/%s%s%s\n", g->form, g->lemma, g->upos, g->xpos,
                t->lemma, kr_upos_name(t->upos), t->tag, unknown ? "\tUNK" : "",
                le ? "" : in_cands ? "\tLEMMA-IN-READINGS" : "\tLEMMA-NOT-IN-READINGS");
    }
  }
  kr_doc_free(doc);
  return rc;
}

int eval_morph_file(const kr_resources *res, const char *conllu_path, eval_morph_stats *st,
                    kr_error *err) {
  FILE *f = fopen(conllu_path, "rb");
  if (!f) return kr__err_set(err, KR_EIO, 0, 0, "%s: cannot open", conllu_path);
  char *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len + 65536 > cap) {
      cap = cap ? cap * 2 : 1 << 20;
      char *x = realloc(buf, cap);
      if (!x) { free(buf); fclose(f); return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); }
      buf = x;
    }
    size_t r = fread(buf + len, 1, cap - len, f);
    len += r;
    if (r == 0) break;
  }
  fclose(f);
  kr_cwords c;
  int rc = kr__cwords_read(&c, conllu_path, buf, len, err);
  free(buf);
  if (rc) return rc;
  uint32_t sidx = 0;
  rc = eval_morph_cwords(res, &c, 0, 0, &sidx, st, err);
  kr__cwords_free(&c);
  return rc;
}
