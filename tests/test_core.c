/*
** test_core.c — arena, buffer, UTF-8, errors, the document object, JSON and
** pre-tokenised documents.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "internal.h"

#include <stdlib.h>

static void arena_alloc_aligned_and_reset(void **state) {
  kr_arena *a = kr__arena_new(4096);
  assert_non_null(a);
  for (int i = 0; i < 10000; i++) {
    char *p = kr__arena_alloc(a, (size_t)(i % 37) + 1);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % 8, 0);
    p[0] = 'x';
  }
  assert_true(kr__arena_used(a) > 10000);
  kr__arena_reset(a);
  assert_int_equal(kr__arena_used(a), 0);
  assert_non_null(kr__arena_alloc(a, 1 << 20)); /* bigger than any block so far */
  kr__arena_free(a);
}

static void arena_calloc_overflow(void **state) {
  kr_arena *a = kr__arena_new(0);
  assert_null(kr__arena_calloc(a, SIZE_MAX / 2, 4));
  uint32_t cap = 0;
  int *v = kr__arena_grow(a, NULL, &cap, 3, sizeof *v);
  assert_non_null(v);
  assert_true(cap >= 3);
  v[0] = 42;
  int *w = kr__arena_grow(a, v, &cap, 0, sizeof *w);
  assert_int_equal(w[0], 42);
  char *s = kr__arena_printf(a, "%s-%d", "ab", 7);
  assert_string_equal(s, "ab-7");
  kr__arena_free(a);
}

static void buf_json_escapes(void **state) {
  kr_buf b;
  kr__buf_init(&b);
  kr__buf_json_str(&b, "a\"b\\c\n\x01ż", strlen("a\"b\\c\n\x01ż"));
  assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001ż\"");
  kr__buf_free(&b);
}

static void utf8_validation_offsets(void **state) {
  size_t off = 0;
  assert_true(kr__utf8_valid("zażółć gęślą jaźń", strlen("zażółć gęślą jaźń"), &off));
  assert_false(kr__utf8_valid("abc\xC0\x80", 5, &off)); /* overlong */
  assert_int_equal(off, 3);
  assert_false(kr__utf8_valid("abcdefghij\xED\xA0\x80", 13, &off)); /* surrogate */
  assert_int_equal(off, 10);
  assert_false(kr__utf8_valid("ab\xF4\x90\x80\x80", 6, &off)); /* > U+10FFFF */
  assert_int_equal(off, 2);
  assert_false(kr__utf8_valid("abcdefgh\xE2\x82", 10, &off)); /* truncated */
  assert_int_equal(off, 8);
  assert_false(kr__utf8_valid("abcdefghijkl\0mn", 15, &off)); /* NUL */
  assert_int_equal(off, 12);
  assert_int_equal(kr__utf8_count("żółw🐢", strlen("żółw🐢")), 5);
}

static void utf8_case(void **state) {
  kr_arena *a = kr__arena_new(0);
  size_t n;
  assert_string_equal(kr__utf8_lower(a, "ŻÓŁW Łódź", strlen("ŻÓŁW Łódź"), &n), "żółw łódź");
  assert_string_equal(kr__utf8_upper_first(a, "łódź", strlen("łódź"), &n), "Łódź");
  assert_true(kr__cp_is_upper(0x141)); /* Ł */
  assert_true(kr__cp_is_space(0xA0));
  kr__arena_free(a);
}

static void errors_have_messages(void **state) {
  assert_string_equal(kr_strerror(KR_EUTF8), "invalid UTF-8");
  assert_string_equal(kr_err_name(KR_ENOMEM), "KR_ENOMEM");
  assert_string_equal(kr_strerror(12345), "unknown error");
  kr_error e;
  assert_int_equal(kr__err_set(&e, KR_EJSON, 7, 2, "bad %s", "thing"), KR_EJSON);
  assert_string_equal(e.message, "bad thing");
  assert_int_equal(e.position, 7);
}

static void doc_text_validation(void **state) {
  kr_doc *d = kr_doc_new();
  kr_error e = {0};
  assert_int_equal(kr_doc_set_text(d, "Ala\xFF", 4, &e), KR_EUTF8);
  assert_int_equal(e.position, 3);
  assert_int_equal(kr_doc_set_text(d, " \n\t ", 4, &e), KR_EEMPTY);
  assert_int_equal(kr_doc_set_text(d, "Łódź", strlen("Łódź"), &e), 0);
  assert_int_equal(d->n_cp, 4);
  assert_int_equal(kr_doc_set_meta(d, "date", "2026-01-01", 10), 0);
  assert_string_equal(d->date, "2026-01-01");
  assert_int_equal(kr_doc_set_meta(d, "nope", "x", 1), KR_EINVAL);
  kr_doc_reset(d);
  assert_null(d->text);
  assert_null(d->date);
  kr_doc_free(d);
}

static int collect(void *ctx, const char *data, size_t len) {
  return kr__buf_append(ctx, data, len);
}

static void pretokenized_doc_and_json(void **state) {
  kr_doc *d = kr_doc_new();
  kr_error e = {0};
  const char *forms[] = {"Żółw", "śpi", ".", "Pies", "nie", "."};
  uint8_t fl[] = {0, KR_PRETOK_NO_SPACE, 0, KR_PRETOK_SENT_START, KR_PRETOK_NO_SPACE, 0};
  assert_int_equal(kr_doc_set_tokens(d, 6, forms, fl, &e), 0);
  assert_string_equal(d->text, "Żółw śpi. Pies nie.");
  assert_int_equal(d->n_sents, 2);
  assert_int_equal(d->sents[1].tok, 3);
  assert_int_equal(d->toks[1].start, 5);
  assert_int_equal(d->toks[1].end, 8);
  assert_int_equal(d->toks[2].kind, KR_TOK_PUNCT);
  assert_true(d->toks[0].flags & KR_TOKF_CAP);
  kr_doc_set_meta(d, "id", "t\"1", 3);
  kr_buf b;
  kr__buf_init(&b);
  assert_int_equal(kr_write_json(d, collect, &b), 0);
  assert_non_null(strstr(b.data, "\"id\":\"t\\\"1\""));
  assert_non_null(strstr(b.data, "\"sentences\":[{\"start\":0,\"end\":9},{\"start\":10,\"end\":19}]"));
  assert_non_null(strstr(b.data, "\"entities\":[]"));
  assert_non_null(strstr(b.data, "\"events\":[]"));
  assert_int_equal(b.data[b.len - 1], '\n');
  kr__buf_free(&b);
  kr_doc_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(arena_alloc_aligned_and_reset),
      cmocka_unit_test(arena_calloc_overflow),
      cmocka_unit_test(buf_json_escapes),
      cmocka_unit_test(utf8_validation_offsets),
      cmocka_unit_test(utf8_case),
      cmocka_unit_test(errors_have_messages),
      cmocka_unit_test(doc_text_validation),
      cmocka_unit_test(pretokenized_doc_and_json),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
