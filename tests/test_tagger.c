/* test_tagger.c — the tagger model: loading, a corrupted file, tagging. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tagger.h"

static kr_dict *dict;
static const char *model = KR_TEST_SRC "/models/tagger.bin";

static void test_corrupt_model_is_emodel(void **state) {
  (void)state;
  FILE *f = fopen(model, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)len);
  assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
  fclose(f);
  char path[] = "/tmp/kr_tagger_corruptXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  buf[len / 2] ^= 0x55; /* flip bits inside the weights */
  assert_int_equal(write(fd, buf, (size_t)len), len);
  assert_int_equal(ftruncate(fd, len), 0);
  kr_tagger *t = NULL;
  kr_error err = {0};
  assert_int_equal(kr__tagger_load(&t, path, dict, &err), KR_EMODEL);
  assert_null(t);
  assert_true(strlen(err.message) > 0);
  assert_int_equal(ftruncate(fd, 40), 0); /* truncated */
  assert_int_equal(kr__tagger_load(&t, path, dict, &err), KR_EMODEL);
  close(fd);
  unlink(path);
  free(buf);
}

static void test_load_and_tag(void **state) {
  (void)state;
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", NULL, KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER};
  kr_resources *res = NULL;
  kr_error err = {0};
  assert_int_equal(kr_resources_open(&res, &opt, &err), 0);
  kr_doc *doc = kr_doc_new();
  const char *forms[] = {"Wczoraj", "kot", "zjadł", "."};
  kr_cword w[4];
  memset(w, 0, sizeof w);
  for (int i = 0; i < 4; i++) w[i].form = forms[i];
  assert_int_equal(kr__doc_from_words(doc, w, 4, &err), 0);
  assert_int_equal(kr__morph_run(res, doc, &err), 0);
  assert_int_equal(kr__tagger_run(res, doc, &err), 0);
  assert_string_equal(doc->toks[1].lemma, "kot");
  assert_string_equal(doc->toks[2].lemma, "zjeść");
  assert_int_equal(doc->toks[3].upos, KR_UPOS_PUNCT);
  kr_doc_free(doc);
  kr_resources_close(res);
}

/* The per-class FEATS cache agrees with kr__tag_feats on every token (closed-
** class lemmas, punctuation, ordinary words); acronyms and Roman numerals keep
** their form as lemma. */
static void test_feats_cache_and_form_lemmas(void **state) {
  (void)state;
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", NULL, KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER};
  kr_resources *res = NULL;
  kr_error err = {0};
  assert_int_equal(kr_resources_open(&res, &opt, &err), 0);
  kr_doc *doc = kr_doc_new();
  const char *forms[] = {"W", "XXI", "wieku", "MON", "nie", "ma", "takiego", "samego", "zdania", ",",
                         "jak", "się", "wydaje", "wszystkim", "„", "ekspertom", "”", "."};
  enum { N = sizeof forms / sizeof *forms };
  kr_cword w[N];
  memset(w, 0, sizeof w);
  for (int i = 0; i < N; i++) w[i].form = forms[i];
  assert_int_equal(kr__doc_from_words(doc, w, N, &err), 0);
  assert_int_equal(kr__morph_run(res, doc, &err), 0);
  assert_int_equal(kr__tagger_run(res, doc, &err), 0);
  for (int i = 0; i < N; i++) {
    char fb[256];
    const kr_token *t = &doc->toks[i];
    int fr = kr__tag_feats(t->tag, t->lemma, fb, sizeof fb);
    assert_true(fr >= 0);
    assert_string_equal(t->feats, fb[0] ? fb : "_");
  }
  assert_string_equal(doc->toks[1].lemma, "XXI");
  assert_string_equal(doc->toks[3].lemma, "MON");
  kr_doc_free(doc);
  kr_resources_close(res);
}

int main(void) {
  if (access(KR_TEST_DICT, R_OK) != 0 || access(model, R_OK) != 0) return 77;
  kr_error err = {0};
  if (kr__dict_open(&dict, KR_TEST_DICT, &err)) return 77;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_corrupt_model_is_emodel),
      cmocka_unit_test(test_load_and_tag),
      cmocka_unit_test(test_feats_cache_and_form_lemmas),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  kr__dict_close(dict);
  return rc;
}
