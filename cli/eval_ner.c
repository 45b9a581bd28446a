/*
** eval_ner.c — mention P/R/F1 (exact span and type) on the held-out
** documents of an NKJP NER TSV: those kr__ner_is_heldout() picks with the
** holdout the loaded model was trained with. Each document is analysed with
** its gold tokens and sentences; the gold labels go through the same
** mapping as in training (kr__ner_gold: lone lower-case place adjectives are
** not mentions).
*/
#include "eval.h"
#include "cli.h"
#include "ner.h"

#include <stdlib.h>
#include <string.h>

int eval_ner_file(const kr_resources *res, const char *tsv_path, eval_ner_stats *st, kr_error *err) {
  memset(st, 0, sizeof *st);
  if (!res || !res->ner) return kr__err_set(err, KR_EMODEL, 0, 0, "no NER model loaded (models/ner.bin)");
  uint32_t holdout = kr__ner_holdout(res->ner);
  if (!holdout)
    return kr__err_set(err, KR_EINVAL, 0, 0, "the NER model was trained on every document: nothing held out");
  char *buf = NULL;
  size_t len = 0;
  int rc = cli_read_file(tsv_path, &buf, &len, err);
  if (rc) return rc;
  kr_nerdata d;
  rc = kr__nerdata_read(&d, tsv_path, buf, len, err);
  free(buf);
  if (rc) return rc;
  uint32_t maxd = 0;
  for (uint32_t s0 = 0, s1; s0 < d.n_sents; s0 = s1) {
    for (s1 = s0 + 1; s1 < d.n_sents && d.sent_doc[s1] == d.sent_doc[s0]; s1++) {}
    if (d.sent[s1] - d.sent[s0] > maxd) maxd = d.sent[s1] - d.sent[s0];
  }
  kr_doc *doc = kr_doc_new();
  uint8_t *gold = malloc(maxd ? maxd : 1);
  if (!doc || !gold) { rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); goto cleanup; }
  for (uint32_t s0 = 0, s1; s0 < d.n_sents; s0 = s1) {
    for (s1 = s0 + 1; s1 < d.n_sents && d.sent_doc[s1] == d.sent_doc[s0]; s1++) {}
    if (!kr__ner_is_heldout(d.sent_doc[s0], holdout)) continue;
    st->docs++;
    if ((rc = kr__nerdata_doc(&d, s0, &s1, doc, err))) goto cleanup;
    if ((rc = kr_analyze(res, doc, KR_LAYER_TAGGER, err))) goto cleanup;
    uint32_t n = doc->n_toks;
    kr__ner_gold(res, doc, d.raw + d.sent[s0], gold);
    if ((rc = kr__ner_run(res, doc, err))) goto cleanup;
    /* gold spans */
    for (uint32_t i = 0; i < n; i++) {
      int g = gold[i];
      if (!g) continue;
      int type = (g - 1) / 4, pos = (g - 1) % 4;
      if (pos != 0 && pos != 3) continue;
      uint32_t j = i;
      if (pos == 0)
        while (j + 1 < n && (gold[j] - 1) % 4 != 2) j++;
      st->all.fn++;
      st->by_type[type].fn++;
      for (uint32_t m = 0; m < doc->n_mentions; m++) {
        const kr_mention *mt = &doc->mentions[m];
        if (mt->tok == i && mt->n_toks == j - i + 1 && mt->type == type) {
          st->all.tp++, st->all.fn--;
          st->by_type[type].tp++, st->by_type[type].fn--;
          break;
        }
      }
    }
    /* predicted mentions: tp counted above, the rest are false positives */
    for (uint32_t m = 0; m < doc->n_mentions; m++) {
      const kr_mention *mt = &doc->mentions[m];
      int g0 = gold[mt->tok], hit = 0;
      if (g0 && (g0 - 1) / 4 == mt->type) {
        int pos = (g0 - 1) % 4;
        uint32_t e = mt->tok + mt->n_toks - 1;
        if (mt->n_toks == 1) hit = pos == 3;
        else if (pos == 0 && (gold[e] - 1) % 4 == 2 && gold[e] && (gold[e] - 1) / 4 == mt->type) {
          hit = 1;
          for (uint32_t k = mt->tok + 1; k < e; k++)
            if (gold[k] != gold[mt->tok] + 1) hit = 0;
        }
      }
      if (!hit) st->all.fp++, st->by_type[mt->type < KR_ENT__COUNT ? mt->type : 0].fp++;
    }
  }
cleanup:
  kr_doc_free(doc);
  free(gold);
  kr__nerdata_free(&d);
  return rc;
}
