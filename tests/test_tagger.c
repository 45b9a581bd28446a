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

/* A model of another version (older features) is refused, not misused. */
static void test_old_version_is_emodel(void **state) {
  (void)state;
  FILE *f = fopen(model, "rb");
  assert_non_null(f);
  unsigned char hdr[64];
  assert_int_equal(fread(hdr, 1, sizeof hdr, f), sizeof hdr);
  fclose(f);
  uint32_t v;
  memcpy(&v, hdr + 8, 4);
  v -= 1;
  memcpy(hdr + 8, &v, 4);
  char path[] = "/tmp/kr_tagger_versionXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, hdr, sizeof hdr), (ssize_t)sizeof hdr);
  close(fd);
  kr_tagger *t = NULL;
  kr_error err = {0};
  assert_int_equal(kr__tagger_load(&t, path, dict, &err), KR_EMODEL);
  assert_non_null(strstr(err.message, "version"));
  unlink(path);
}

/* Training is deterministic for a seed, the model it writes loads, and on
** its own training sentences it reproduces the gold analysis. */
static const char TINY[] =
    "1\tKot\tkot\tNOUN\tsubst:sg:nom:m2\tCase=Nom|Gender=Masc|Number=Sing\t0\t_\t_\t_\n"
    "2\tzjadł\tzjeść\tVERB\tpraet:sg:m2:perf\t_\t0\t_\t_\t_\n"
    "3\tmysz\tmysz\tNOUN\tsubst:sg:acc:f\t_\t0\t_\t_\t_\n"
    "4\t.\t.\tPUNCT\tinterp\t_\t0\t_\t_\t_\n"
    "\n"
    "1\tMysz\tmysz\tNOUN\tsubst:sg:nom:f\t_\t0\t_\t_\t_\n"
    "2\tzjadła\tzjeść\tVERB\tpraet:sg:f:perf\t_\t0\t_\t_\t_\n"
    "3\tser\tser\tNOUN\tsubst:sg:acc:m3\t_\t0\t_\t_\t_\n"
    "4\t.\t.\tPUNCT\tinterp\t_\t0\t_\t_\t_\n"
    "\n";

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long l = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)l);
  if (b && fread(b, 1, (size_t)l, f) != (size_t)l) { free(b); b = NULL; }
  fclose(f);
  *len = (size_t)l;
  return b;
}

static void train_tiny(int two_pass) {
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", NULL, KR_LAYER_TOKENS | KR_LAYER_MORPH};
  kr_resources *res = NULL;
  kr_error err = {0};
  assert_int_equal(kr_resources_open(&res, &opt, &err), 0);
  kr_cwords c;
  assert_int_equal(kr__cwords_read(&c, "tiny", TINY, sizeof TINY - 1, &err), 0);
  assert_int_equal(c.n_sents, 2);
  char p1[] = "/tmp/kr_tagger_tinyXXXXXX", p2[] = "/tmp/kr_tagger_tinyXXXXXX";
  int f1 = mkstemp(p1), f2 = mkstemp(p2);
  assert_true(f1 >= 0 && f2 >= 0);
  close(f1);
  close(f2);
  kr_tagger_train_opts to = {0};
  to.epochs = 4;
  to.seed = 7;
  to.hash_bits = 16;
  to.two_pass = two_pass;
  assert_int_equal(kr__tagger_train(res, &c, 1, &to, p1, &err), 0);
  assert_int_equal(kr__tagger_train(res, &c, 1, &to, p2, &err), 0);
  size_t l1, l2;
  char *b1 = slurp(p1, &l1), *b2 = slurp(p2, &l2);
  assert_non_null(b1);
  assert_non_null(b2);
  assert_int_equal(l1, l2);
  assert_memory_equal(b1, b2, l1);
  free(b1);
  free(b2);
  kr_tagger *t = NULL;
  assert_int_equal(kr__tagger_load(&t, p1, dict, &err), 0);
  struct kr_resources *r = (struct kr_resources *)res;
  r->tagger = t;
  kr_doc *doc = kr_doc_new();
  for (uint32_t s = 0; s < c.n_sents; s++) {
    uint32_t w0 = c.sent[s], nw = c.sent[s + 1] - w0;
    assert_int_equal(kr__doc_from_words(doc, c.w + w0, nw, &err), 0);
    assert_int_equal(kr__morph_run(res, doc, &err), 0);
    assert_int_equal(kr__tagger_run(res, doc, &err), 0);
    for (uint32_t i = 0; i < nw; i++) {
      assert_string_equal(doc->toks[i].tag, c.w[w0 + i].xpos);
      assert_string_equal(doc->toks[i].lemma, c.w[w0 + i].lemma);
    }
  }
  kr_doc_free(doc);
  kr__cwords_free(&c);
  kr_resources_close(res); /* frees the tiny tagger too */
  unlink(p1);
  unlink(p2);
}

static void test_train_tiny(void **state) {
  (void)state;
  train_tiny(0);
}

/* The same with the second decoding pass (its first-pass context comes from
** jackknifed models during training). */
static void test_train_tiny_two_pass(void **state) {
  (void)state;
  train_tiny(1);
}

/* LFG's tag convention is rewritten into PDB's, from the PDB file beside it
** (numeral collectivity, preposition vocalicity), the dictionary (a
** plurale tantum) and fixed rules (qub → part, other neuters :ncol). */
static const char PDB_SIDE[] =
    "1\tW\tw\tADP\tprep:loc:nwok\t_\t0\t_\t_\t_\n"
    "2\ttrzech\ttrzy\tNUM\tnum:pl:loc:m3:congr:ncol\t_\t0\t_\t_\t_\n"
    "3\tmiastach\tmiasto\tNOUN\tsubst:pl:loc:n:ncol\t_\t0\t_\t_\t_\n"
    "\n";
static const char LFG_SIDE[] =
    "1\tSię\tsię\tPART\tqub\t_\t0\t_\t_\t_\n"
    "2\ttrzy\ttrzy\tNUM\tnum:pl:acc:f:congr\t_\t0\t_\t_\t_\n"
    "3\tw\tw\tADP\tprep:loc\t_\t0\t_\t_\t_\n"
    "4\twyborach\twybory\tNOUN\tsubst:pl:loc:n\t_\t0\t_\t_\t_\n"
    "5\tokno\tokno\tNOUN\tsubst:sg:nom:n\t_\t0\t_\t_\t_\n"
    "\n";

static void test_harmonize_lfg(void **state) {
  (void)state;
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", NULL, KR_LAYER_TOKENS | KR_LAYER_MORPH};
  kr_resources *res = NULL;
  kr_error err = {0};
  assert_int_equal(kr_resources_open(&res, &opt, &err), 0);
  kr_cwords c[2];
  assert_int_equal(kr__cwords_read(&c[0], "pdb", PDB_SIDE, sizeof PDB_SIDE - 1, &err), 0);
  assert_int_equal(kr__cwords_read(&c[1], "lfg", LFG_SIDE, sizeof LFG_SIDE - 1, &err), 0);
  assert_int_equal(kr__cwords_harmonize(res, c, 2, &err), 0);
  assert_string_equal(c[0].w[1].xpos, "num:pl:loc:m3:congr:ncol");  /* PDB file untouched */
  assert_string_equal(c[1].w[0].xpos, "part");
  assert_string_equal(c[1].w[1].xpos, "num:pl:acc:f:congr:ncol");
  assert_string_equal(c[1].w[2].xpos, "prep:loc:nwok");
  assert_string_equal(c[1].w[3].xpos, "subst:pl:loc:n:pt");
  assert_string_equal(c[1].w[4].xpos, "subst:sg:nom:n:ncol");
  kr__cwords_free(&c[0]);
  kr__cwords_free(&c[1]);
  kr_resources_close(res);
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

/* Abbreviation readings (data/morph/abbrev.tsv and initials) are added by
** the morphology stage for the tagger to choose among: "r" before "." is
** rok brev:pun, "m.in" między_innymi, "J" before "." an initial; a brev:pun
** reading needs the dot ("r" without one gets no "rok"). */
static int has_reading(const kr_resources *res, const kr_token *t, const char *lemma, const char *tag) {
  for (int i = 0; i < t->n_readings; i++)
    if (!strcmp(t->readings[i].lemma, lemma) && !strcmp(kr_tag_string(res, t->readings[i].tag), tag))
      return 1;
  return 0;
}

static void test_abbrev_readings(void **state) {
  (void)state;
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", KR_TEST_SRC "/data", KR_LAYER_TOKENS | KR_LAYER_MORPH};
  kr_resources *res = NULL;
  kr_error err = {0};
  assert_int_equal(kr_resources_open(&res, &opt, &err), 0);
  kr_doc *doc = kr_doc_new();
  const char *forms[] = {"W", "1999", "r", ".", "m.in", ".", "J", ".", "Kowalski", "r", "zł", "Prof", "."};
  enum { N = sizeof forms / sizeof *forms };
  kr_cword w[N];
  memset(w, 0, sizeof w);
  for (int i = 0; i < N; i++) w[i].form = forms[i];
  assert_int_equal(kr__doc_from_words(doc, w, N, &err), 0);
  assert_int_equal(kr__morph_run(res, doc, &err), 0);
  assert_true(has_reading(res, &doc->toks[2], "rok", "brev:pun"));
  assert_true(has_reading(res, &doc->toks[4], "między_innymi", "brev:pun"));
  assert_true(has_reading(res, &doc->toks[6], "J", "brev:pun"));
  assert_false(has_reading(res, &doc->toks[0], "W", "brev:pun"));  /* no dot after it */
  assert_false(has_reading(res, &doc->toks[9], "rok", "brev:pun"));
  assert_true(has_reading(res, &doc->toks[10], "złoty", "brev:npun"));
  assert_true(has_reading(res, &doc->toks[11], "profesor", "brev:pun"));
  kr_doc_free(doc);
  kr_resources_close(res);
}

int main(void) {
  if (access(KR_TEST_DICT, R_OK) != 0 || access(model, R_OK) != 0) return 77;
  kr_error err = {0};
  if (kr__dict_open(&dict, KR_TEST_DICT, &err)) return 77;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_corrupt_model_is_emodel),
      cmocka_unit_test(test_old_version_is_emodel),
      cmocka_unit_test(test_train_tiny),
      cmocka_unit_test(test_train_tiny_two_pass),
      cmocka_unit_test(test_harmonize_lfg),
      cmocka_unit_test(test_load_and_tag),
      cmocka_unit_test(test_feats_cache_and_form_lemmas),
      cmocka_unit_test(test_abbrev_readings),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  kr__dict_close(dict);
  return rc;
}
