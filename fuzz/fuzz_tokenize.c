/*
** fuzz_tokenize.c — libFuzzer target for the tokenizer: any bytes that pass
** kr_doc_set_text()'s UTF-8 check are tokenized, and the result's invariants
** are checked (spans inside the text and in order, code points consistent
** with bytes, every token in exactly the sentence that claims it). A broken
** invariant aborts, which the fuzzer and the replay test report.
*/
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const kr_doc *doc) {
  uint32_t prev_end = 0, prev_cp = 0;
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    const kr_token *t = &doc->toks[i];
    if (t->len == 0 || t->off < prev_end || (size_t)t->off + t->len > doc->text_len) abort();
    if (t->start < prev_cp || t->end <= t->start || t->end > doc->n_cp) abort();
    if (kr__utf8_count(doc->text + t->off, t->len) != t->end - t->start) abort();
    if (t->sent >= doc->n_sents) abort();
    const kr_sentence *s = &doc->sents[t->sent];
    if (i < s->tok || i >= s->tok + s->n_toks) abort();
    prev_end = t->off + t->len;
    prev_cp = t->end;
  }
  uint32_t next = 0;
  for (uint32_t i = 0; i < doc->n_sents; i++) {
    const kr_sentence *s = &doc->sents[i];
    if (s->tok != next || s->n_toks == 0) abort();
    next = s->tok + s->n_toks;
    if (s->off != doc->toks[s->tok].off || s->start != doc->toks[s->tok].start) abort();
  }
  if (next != doc->n_toks) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kr_doc *doc = kr_doc_new();
  kr_error err;
  if (!doc) return 0;
  if (kr_doc_set_text(doc, (const char *)data, size, &err) == 0) {
    if (kr__tokenize(doc, &err) != 0) abort();
    check(doc);
  }
  kr_doc_free(doc);
  return 0;
}
