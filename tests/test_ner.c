/* test_ner.c — the mention recogniser: model file checks, decoding of made-up
** sentences, the gold-label mapping, the TSV reader and the split rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ner.h"

static const char *model = KR_TEST_SRC "/models/ner.bin";
static kr_resources *res;

/* Analyses space-separated words as one gold-tokenised sentence and runs NER. */
static kr_doc *run(const char *sentence) {
  static char buf[1024];
  const char *forms[64];
  kr_cword w[64];
  size_t n = 0;
  snprintf(buf, sizeof buf, "%s", sentence);
  for (char *t = strtok(buf, " "); t && n < 64; t = strtok(NULL, " ")) forms[n++] = t;
  memset(w, 0, sizeof w);
  for (size_t i = 0; i < n; i++) w[i].form = forms[i];
  kr_doc *doc = kr_doc_new();
  kr_error err = {0};
  assert_non_null(doc);
  assert_int_equal(kr__doc_from_words(doc, w, (uint32_t)n, &err), 0);
  assert_int_equal(kr_analyze(res, doc, KR_LAYER_TAGGER, &err), 0);
  assert_int_equal(kr__ner_run(res, doc, &err), 0);
  return doc;
}

static const kr_mention *find(const kr_doc *doc, const char *text) {
  for (uint32_t i = 0; i < doc->n_mentions; i++)
    if (!strcmp(doc->mentions[i].text, text)) return &doc->mentions[i];
  return NULL;
}

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
  char path[] = "/tmp/kr_ner_corruptXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  buf[len / 2] ^= 0x55; /* inside the weights */
  assert_int_equal(write(fd, buf, (size_t)len), len);
  kr_ner *n = NULL;
  kr_error err = {0};
  assert_int_equal(kr__ner_load(&n, path, res->dict, &err), KR_EMODEL);
  assert_null(n);
  assert_non_null(strstr(err.message, "checksum"));
  assert_int_equal(ftruncate(fd, 40), 0); /* truncated */
  memset(&err, 0, sizeof err);
  assert_int_equal(kr__ner_load(&n, path, res->dict, &err), KR_EMODEL);
  assert_true(strlen(err.message) > 0);
  close(fd);
  unlink(path);
  assert_int_equal(kr__ner_load(&n, "/nonexistent/ner.bin", res->dict, &err), KR_ENOTFOUND);
  free(buf);
}

static void test_person_and_place(void **state) {
  (void)state;
  kr_doc *doc = run("Wczoraj minister Tomasz Zawadzki spotkał się w Krakowie z burmistrzem Gniezna .");
  const kr_mention *m = find(doc, "Tomasz Zawadzki");
  assert_non_null(m);
  assert_int_equal(m->type, KR_ENT_PER);
  assert_int_equal(m->tok, 2);
  assert_int_equal(m->n_toks, 2);
  assert_int_equal(m->start, 17);
  assert_int_equal(m->end, 32);
  assert_null(m->lemma);
  assert_int_equal(m->entity, UINT32_MAX);
  assert_true(m->score > 0.0f && m->score <= 1.0f);
  m = find(doc, "Krakowie");
  assert_non_null(m);
  assert_int_equal(m->type, KR_ENT_LOC);
  for (uint32_t i = 1; i < doc->n_mentions; i++) /* text order */
    assert_true(doc->mentions[i].tok > doc->mentions[i - 1].tok);
  kr_doc_free(doc);
}

/* Sentences whose only capital is a common first word are not decoded; a
** sentence-initial proper noun still is. */
static void test_sentence_initial_names(void **state) {
  (void)state;
  kr_doc *doc = run("Kowalski przyjechał do domu .");
  const kr_mention *m = find(doc, "Kowalski");
  assert_non_null(m);
  assert_int_equal(m->type, KR_ENT_PER);
  kr_doc_free(doc);
  doc = run("Wczoraj padał deszcz nad morzem .");
  assert_int_equal(doc->n_mentions, 0);
  kr_doc_free(doc);
}

static void test_organisation(void **state) {
  (void)state;
  kr_doc *doc = run("Rzecznik Ministerstwa Spraw Zagranicznych odmówił komentarza .");
  const kr_mention *m = find(doc, "Ministerstwa Spraw Zagranicznych");
  assert_non_null(m);
  assert_int_equal(m->type, KR_ENT_ORG);
  kr_doc_free(doc);
}

/* Names the knowledge base knows (data/kb, hashed into the model): an
** acronym and an inflected two-word name. */
static void test_knowledge_base_names(void **state) {
  (void)state;
  kr_doc *doc = run("Przedstawiciele NATO i Unii Europejskiej rozmawiali wczoraj w Wilnie .");
  const kr_mention *m = find(doc, "NATO");
  assert_non_null(m);
  assert_int_equal(m->type, KR_ENT_ORG);
  m = find(doc, "Unii Europejskiej");
  assert_non_null(m);
  assert_int_equal(m->type, KR_ENT_ORG);
  m = find(doc, "Wilnie");
  assert_non_null(m);
  assert_int_equal(m->type, KR_ENT_LOC);
  kr_doc_free(doc);
}

static void test_adjective_is_not_a_mention(void **state) {
  (void)state;
  kr_doc *doc = run("Delegacja spotkała się z chińskim ministrem w stolicy Francji .");
  assert_null(find(doc, "chińskim"));
  const kr_mention *m = find(doc, "Francji");
  assert_non_null(m);
  assert_int_equal(m->type, KR_ENT_LOC);
  kr_doc_free(doc);
}

static void test_no_sentence_no_mention(void **state) {
  (void)state;
  kr_doc *doc = run("ala ma kota .");
  assert_int_equal(doc->n_mentions, 0);
  kr_doc_free(doc);
}

static void test_gold_mapping(void **state) {
  (void)state;
  const char *forms[] = {"polskie", "władze", "Korei", "Północnej", "i", "Jan", "Nowak"};
  kr_cword w[7];
  memset(w, 0, sizeof w);
  for (int i = 0; i < 7; i++) w[i].form = forms[i];
  kr_doc *doc = kr_doc_new();
  kr_error err = {0};
  assert_int_equal(kr__doc_from_words(doc, w, 7, &err), 0);
  assert_int_equal(kr_analyze(res, doc, KR_LAYER_MORPH, &err), 0);
  enum { B = KR_NER_RAW_BEGIN, P = 1 + KR_ENT_PER, L = 1 + KR_ENT_LOC };
  const uint8_t raw[7] = {B | L, 0, B | L, L, 0, B | P, B | P};
  uint8_t out[7];
  assert_int_equal(kr__ner_gold(res, doc, raw, out), 1); /* "polskie" dropped */
  const uint8_t want[7] = {KR_NER_O, KR_NER_O, 1 + 4 * KR_ENT_LOC + 0, 1 + 4 * KR_ENT_LOC + 2, KR_NER_O,
                           1 + 4 * KR_ENT_PER + 3, 1 + 4 * KR_ENT_PER + 3};
  assert_memory_equal(out, want, 7);
  kr_doc_free(doc);
}

static void test_tsv_reader(void **state) {
  (void)state;
  const char *ok = "-DOCSTART FILE a\nJan\tB-persName#B-persName-forename\nidzie\tO\n\n"
                   "-DOCSTART FILE b\nw\tO\nmaju\tB-date\nna\tO\nWisłę\tB-geogName\n";
  kr_nerdata d;
  kr_error err = {0};
  assert_int_equal(kr__nerdata_read(&d, "ok.tsv", ok, strlen(ok), &err), 0);
  assert_int_equal(d.n_docs, 2);
  assert_int_equal(d.n_sents, 2);
  assert_int_equal(d.n_toks, 6);
  assert_int_equal(d.sent_doc[1], 1);
  assert_int_equal(d.raw[0], KR_NER_RAW_BEGIN | (1 + KR_ENT_PER));
  assert_int_equal(d.raw[3], 0); /* dates are not names */
  assert_int_equal(d.raw[5], KR_NER_RAW_BEGIN | (1 + KR_ENT_LOC));
  assert_string_equal(d.form[5], "Wisłę");
  kr__nerdata_free(&d);
  const char *bad = "Jan\tB-persName\nidzie O\n";
  assert_int_equal(kr__nerdata_read(&d, "bad.tsv", bad, strlen(bad), &err), KR_EFORMAT);
  assert_int_equal(err.line, 2);
  assert_non_null(strstr(err.message, "bad.tsv:2"));
  const char *badlab = "Jan\tB-person\n";
  assert_int_equal(kr__nerdata_read(&d, "bad.tsv", badlab, strlen(badlab), &err), KR_EFORMAT);
  assert_non_null(strstr(err.message, "B-person"));
}

static void test_split_rule(void **state) {
  (void)state;
  assert_false(kr__ner_is_heldout(0, 10));
  assert_true(kr__ner_is_heldout(9, 10));
  assert_true(kr__ner_is_heldout(19, 10));
  assert_false(kr__ner_is_heldout(9, 0));
  assert_int_equal(kr__ner_holdout(res->ner), 10);
}

int main(void) {
  if (access(KR_TEST_DICT, R_OK) != 0 || access(model, R_OK) != 0) return 77;
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", NULL,
                    KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER};
  kr_error err = {0};
  if (kr_resources_open(&res, &opt, &err)) return 77;
  if (kr__ner_load(&res->ner, model, res->dict, &err)) {
    fprintf(stderr, "%s\n", err.message);
    kr_resources_close(res);
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_corrupt_model_is_emodel),
      cmocka_unit_test(test_person_and_place),
      cmocka_unit_test(test_sentence_initial_names),
      cmocka_unit_test(test_organisation),
      cmocka_unit_test(test_knowledge_base_names),
      cmocka_unit_test(test_adjective_is_not_a_mention),
      cmocka_unit_test(test_no_sentence_no_mention),
      cmocka_unit_test(test_gold_mapping),
      cmocka_unit_test(test_tsv_reader),
      cmocka_unit_test(test_split_rule),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  kr_resources_close(res);
  return rc;
}
