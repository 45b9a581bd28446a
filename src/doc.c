/*
** doc.c — the document object: creation, reset, text and metadata.
**
** A kr_doc owns one arena (arena.c); every layer and string lives there.
** kr_doc_reset() keeps the arena's first block so that a loop over an
** archive reuses memory instead of allocating per article.
*/
#include "internal.h"

#include <stdlib.h>

#define DOC_FIRST_BLOCK (256u * 1024u)

kr_doc *kr_doc_new(void) {
  kr_doc *doc = calloc(1, sizeof *doc);
  if (!doc) return NULL;
  doc->arena = kr__arena_new(DOC_FIRST_BLOCK);
  if (!doc->arena) {
    free(doc);
    return NULL;
  }
  return doc;
}

void kr_doc_reset(kr_doc *doc) {
  if (!doc) return;
  kr_arena *a = doc->arena;
  kr__arena_reset(a);
  memset(doc, 0, sizeof *doc);
  doc->arena = a;
}

void kr_doc_free(kr_doc *doc) {
  if (!doc) return;
  kr__arena_free(doc->arena);
  free(doc);
}

int kr_doc_set_text(kr_doc *doc, const char *text, size_t len, kr_error *err) {
  if (!doc || (!text && len)) return kr__err_set(err, KR_EINVAL, 0, 0, "no document or text");
  size_t bad = 0;
  if (!kr__utf8_valid(text, len, &bad))
    return kr__err_set(err, KR_EUTF8, bad, 0, "invalid UTF-8 at byte %zu", bad);
  size_t i = 0;
  while (i < len && (text[i] == ' ' || (text[i] >= 9 && text[i] <= 13))) i++;
  if (i == len) return kr__err_set(err, KR_EEMPTY, 0, 0, "empty document (no text)");
  if (len > UINT32_MAX - 1)
    return kr__err_set(err, KR_ETOOBIG, len, 0, "document of %zu bytes is over 4 GiB", len);
  char *copy = kr__arena_strndup(doc->arena, text, len);
  if (!copy) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory copying %zu bytes", len);
  doc->text = copy;
  doc->text_len = len;
  doc->n_cp = kr__utf8_count(copy, len);
  doc->layers = 0;
  doc->toks = NULL; doc->n_toks = 0;
  doc->sents = NULL; doc->n_sents = 0;
  return 0;
}

/* Like kr_doc_set_text() for a text the caller has already validated as
** UTF-8 and placed, NUL-terminated, in the document's own arena (the reader
** decodes JSON strings straight there); n_cp is its code-point count. No
** copy, no second validation. Errors: KR_EEMPTY, KR_ETOOBIG. */
int kr__doc_set_text_valid(kr_doc *doc, char *text, size_t len, size_t n_cp, kr_error *err) {
  size_t i = 0;
  while (i < len && (text[i] == ' ' || (text[i] >= 9 && text[i] <= 13))) i++;
  if (i == len) return kr__err_set(err, KR_EEMPTY, 0, 0, "empty document (no text)");
  if (len > UINT32_MAX - 1)
    return kr__err_set(err, KR_ETOOBIG, len, 0, "document of %zu bytes is over 4 GiB", len);
  doc->text = text;
  doc->text_len = len;
  doc->n_cp = n_cp;
  doc->layers = 0;
  doc->toks = NULL; doc->n_toks = 0;
  doc->sents = NULL; doc->n_sents = 0;
  return 0;
}

int kr_doc_set_meta(kr_doc *doc, const char *field, const char *value, size_t len) {
  if (!doc || !field) return KR_EINVAL;
  if (!kr__utf8_valid(value, len, NULL)) return KR_EUTF8;
  char *v = value ? kr__arena_strndup(doc->arena, value, len) : NULL;
  if (value && !v) return KR_ENOMEM;
  if (!strcmp(field, "id")) doc->id = v;
  else if (!strcmp(field, "date")) doc->date = v;
  else if (!strcmp(field, "title")) doc->title = v;
  else if (!strcmp(field, "url")) doc->url = v;
  else if (!strcmp(field, "source")) doc->source = v;
  else return KR_EINVAL;
  return 0;
}

const char *kr_upos_name(int upos) {
  static const char *const names[KR_UPOS__COUNT] = {
      "X",    "ADJ",  "ADP",  "ADV",  "AUX",  "CCONJ", "DET",   "INTJ", "NOUN",
      "NUM",  "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB"};
  return (upos >= 0 && upos < KR_UPOS__COUNT) ? names[upos] : "X";
}

const char *kr_ent_type_name(int type) {
  static const char *const names[KR_ENT__COUNT] = {"PER", "ORG", "LOC", "EVT", "PRO"};
  return (type >= 0 && type < KR_ENT__COUNT) ? names[type] : "PER";
}

/* Token kind of a gold token form, for pre-tokenised input. */
static uint8_t classify(const char *s, size_t len, uint8_t *flags) {
  int letters = 0, digits = 0, upper = 0, other = 0;
  int first_upper = 0;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int n = kr__utf8_decode(s + i, len - i, &cp);
    if (kr__cp_is_letter(cp)) {
      letters++;
      if (kr__cp_is_upper(cp)) { upper++; if (i == 0) first_upper = 1; }
    } else if (cp >= '0' && cp <= '9') digits++;
    else other++;
    i += (size_t)n;
  }
  if (first_upper) *flags |= KR_TOKF_CAP;
  if (upper >= 2 && upper == letters) *flags |= KR_TOKF_ALLCAPS;
  if (digits) *flags |= KR_TOKF_DIGIT;
  if (letters) return KR_TOK_WORD;
  if (digits) return KR_TOK_NUMBER;
  if (other == 1 && len <= 3) {
    unsigned char c = (unsigned char)s[0];
    if (strchr("%$+=/<>&*#@^~|", c) && c) return KR_TOK_SYMBOL;
  }
  return KR_TOK_PUNCT;
}

int kr_doc_set_tokens(kr_doc *doc, size_t n, const char *const *forms, const uint8_t *flags,
                      kr_error *err) {
  kr_buf b;
  int rc = 0;
  kr__buf_init(&b);
  if (!doc || (n && !forms)) return kr__err_set(err, KR_EINVAL, 0, 0, "no document or tokens");
  if (n == 0) return kr__err_set(err, KR_EEMPTY, 0, 0, "no tokens");
  if (n > UINT32_MAX / 2) return kr__err_set(err, KR_ETOOBIG, 0, 0, "too many tokens");
  kr_token *toks = kr__arena_calloc(doc->arena, n, sizeof *toks);
  uint32_t n_sents = 0;
  for (size_t i = 0; i < n; i++)
    if (i == 0 || (flags && (flags[i] & KR_PRETOK_SENT_START))) n_sents++;
  kr_sentence *sents = kr__arena_calloc(doc->arena, n_sents, sizeof *sents);
  if (!toks || !sents) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  uint32_t cp = 0, s = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(forms[i]);
    if (!kr__utf8_valid(forms[i], len, NULL)) {
      rc = kr__err_set(err, KR_EUTF8, b.len, 0, "token %zu is not valid UTF-8", i + 1);
      goto cleanup;
    }
    if (i > 0 && flags && (flags[i] & KR_PRETOK_SENT_START)) {
      kr_sentence *prev = &sents[s];
      prev->n_toks = (uint32_t)i - prev->tok;
      prev->end = toks[i - 1].end;
      prev->len = toks[i - 1].off + toks[i - 1].len - prev->off;
      s++;
      sents[s].tok = (uint32_t)i;
      sents[s].start = cp;
      sents[s].off = (uint32_t)b.len;
    }
    kr_token *t = &toks[i];
    t->off = (uint32_t)b.len;
    t->len = (uint32_t)len;
    t->start = cp;
    cp += (uint32_t)kr__utf8_count(forms[i], len);
    t->end = cp;
    t->sent = s;
    t->kind = classify(forms[i], len, &t->flags);
    kr__buf_append(&b, forms[i], len);
    if (i + 1 < n && !(flags && (flags[i] & KR_PRETOK_NO_SPACE))) {
      t->flags |= KR_TOKF_SPACE_AFTER;
      kr__buf_putc(&b, ' ');
      cp++;
    }
    if (b.oom || b.len > UINT32_MAX / 2) {
      rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
      goto cleanup;
    }
  }
  sents[s].n_toks = (uint32_t)n - sents[s].tok;
  sents[s].end = toks[n - 1].end;
  sents[s].len = toks[n - 1].off + toks[n - 1].len - sents[s].off;
  doc->text = kr__arena_strndup(doc->arena, b.data ? b.data : "", b.len);
  if (!doc->text) { rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); goto cleanup; }
  doc->text_len = b.len;
  doc->n_cp = cp;
  doc->toks = toks;
  doc->n_toks = (uint32_t)n;
  doc->sents = sents;
  doc->n_sents = n_sents;
  doc->layers = KR_LAYER_TOKENS;
cleanup:
  kr__buf_free(&b);
  return rc;
}
