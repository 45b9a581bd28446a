/*
** fuzz_analyze.c — libFuzzer target for the whole pipeline: reader → every
** layer (tokens, morphology, tagger, time, entities, quotes, events) → JSON
** and CoNLL-U output. Resources (dictionary, models, rules, knowledge base)
** are loaded once from the build's default paths; when they cannot be loaded
** the target only exercises the reader and tokenizer. Checks that every
** offset the layers produce lies inside the text and that spans are ordered.
** Replayed over fuzz/corpus/analyze/ by fuzz/replay.c under plain CTest.
*/
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kr_resources *res;
static int loaded;

static int sink(void *ctx, const char *d, size_t len) {
  (void)ctx;
  (void)d;
  (void)len;
  return 0;
}

static void check(const kr_doc *doc) {
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    const kr_token *t = &doc->toks[i];
    if (t->end <= t->start || t->end > doc->n_cp || (size_t)t->off + t->len > doc->text_len) abort();
    if (t->lemma && !kr__utf8_valid(t->lemma, strlen(t->lemma), NULL)) abort();
  }
  for (uint32_t i = 0; i < doc->n_mentions; i++)
    if (doc->mentions[i].end > doc->n_cp || doc->mentions[i].start >= doc->mentions[i].end) abort();
  for (uint32_t i = 0; i < doc->n_timexes; i++)
    if (doc->timexes[i].end > doc->n_cp || doc->timexes[i].start >= doc->timexes[i].end ||
        !doc->timexes[i].value)
      abort();
  for (uint32_t i = 0; i < doc->n_quotes; i++)
    if (doc->quotes[i].end > doc->n_cp || doc->quotes[i].start > doc->quotes[i].end) abort();
  for (uint32_t i = 0; i < doc->n_events; i++)
    if (doc->events[i].end > doc->n_cp || !doc->events[i].cameo || doc->events[i].confidence < 0 ||
        doc->events[i].confidence > 1)
      abort();
  for (uint32_t i = 0; i < doc->n_ents; i++)
    if (!doc->ents[i].name || !kr__utf8_valid(doc->ents[i].name, strlen(doc->ents[i].name), NULL)) abort();
  for (uint32_t i = 0; i < doc->n_ents; i++)
    for (uint32_t k = 0; k < doc->ents[i].n_mentions; k++)
      if (doc->ents[i].mentions[k] >= doc->n_mentions) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!loaded) {
    loaded = 1;
    kr_error err;
    if (kr_resources_open(&res, NULL, &err) != 0) res = NULL;
  }
  kr_read_options opt = {KR_FMT_AUTO, 1u << 20, "2025-10-12"};
  kr_reader *r = NULL;
  if (kr_reader_open(&r, "fuzz", (const char *)data, size, &opt) != 0) abort();
  kr_doc *doc = kr_doc_new();
  if (!doc) abort();
  kr_error err;
  int rc, n = 0;
  while ((rc = kr_reader_next(r, doc, &err)) != 0 && n++ < 64) {
    if (rc < 0) continue;
    rc = kr_analyze(res, doc, res ? KR_LAYER_ALL : KR_LAYER_TOKENS, &err);
    if (rc == 0) {
      check(doc);
      if (kr_write_json(doc, sink, NULL) || kr_write_conllu(doc, sink, NULL)) abort();
    }
  }
  kr_doc_free(doc);
  kr_reader_close(r);
  return 0;
}
