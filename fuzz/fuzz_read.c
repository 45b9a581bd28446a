/*
** fuzz_read.c — libFuzzer target for the reader (src/read.c): opens a reader
** on the input with format detection and reads every document into one
** kr_doc, then does it again with a tiny size limit so that the too-big
** paths run too. Checks what the reader promises: each call returns 1, 0 or
** a KR_E* code, ends in a bounded number of calls, and a document it
** returns holds non-empty, valid, NUL-terminated UTF-8.
** Replayed over fuzz/corpus/read/ by fuzz/replay.c under plain CTest.
*/
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_all(const uint8_t *data, size_t size, size_t max_doc_bytes, const char *default_date) {
  kr_read_options opt = {KR_FMT_AUTO, max_doc_bytes, default_date};
  kr_reader *r = NULL;
  if (kr_reader_open(&r, "fuzz/input.jsonl", (const char *)data, size, &opt) != 0) abort();
  int fmt = kr_reader_format(r);
  if (fmt != KR_FMT_ARTICLE && fmt != KR_FMT_JSONL && fmt != KR_FMT_PLAIN) abort();
  kr_doc *doc = kr_doc_new();
  if (!doc) abort();
  kr_error err;
  size_t calls = 0;
  for (;;) {
    int rc = kr_reader_next(r, doc, &err);
    if (rc == 0) break;
    if (++calls > size + 2) abort(); /* every call must make progress */
    if (rc < 0) {
      if (rc <= KR__ERRFIRST || rc >= KR__ERRLAST || err.code != rc || err.position > size) abort();
      continue;
    }
    if (rc != 1 || !doc->text || !doc->id || doc->text[doc->text_len] != 0) abort();
    if (!kr__utf8_valid(doc->text, doc->text_len, NULL)) abort();
    if (doc->date && strlen(doc->date) != 10) abort();
  }
  kr_doc_free(doc);
  kr_reader_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  read_all(data, size, 0, NULL);
  read_all(data, size, 24, "2024-02-29");
  return 0;
}
