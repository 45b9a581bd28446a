/* test_baseform.c — base forms of name phrases (kr__entities_base_form) for
** the rules that go beyond plain agreement: proper-noun readings first,
** guessed surnames and their declension, abbreviated heads ("woj.", "al."),
** title abbreviations before person names, lone adjectives.
**
** Needs the dictionary at KR_TEST_DICT; exits 77 (skipped) when it is absent.
** The phrases are made up; each is analysed on its own, as in `eval names`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "entities/entities.h"

static kr_resources *res;

/* The base form of the whole of `text` read as a name of `type`. */
static const char *base(const char *text, int type) {
  static char out[256];
  kr_doc *doc = kr_doc_new();
  kr_error err = {0};
  assert_non_null(doc);
  assert_int_equal(kr_doc_set_text(doc, text, strlen(text), &err), 0);
  assert_int_equal(kr_analyze(res, doc, KR_LAYER_TAGGER, &err), 0);
  const char *s = kr__entities_base_form(res, doc, 0, doc->n_toks, type);
  assert_non_null(s);
  snprintf(out, sizeof out, "%s", s);
  kr_doc_free(doc);
  return out;
}

static void test_proper_noun_reading_first(void **state) {
  (void)state;
  assert_string_equal(base("Szczecinie", KR_ENT_LOC), "Szczecin");
}

static void test_masculine_person_name_as_place(void **state) {
  (void)state;  /* streets named after persons: only m1 readings */
  assert_string_equal(base("Kowalskiego", KR_ENT_LOC), "Kowalski");
}

static void test_guessed_declension(void **state) {
  (void)state;
  assert_string_equal(base("Władysława Winawera", KR_ENT_PER), "Władysław Winawer");
  assert_string_equal(base("Bartłomiejowi Skarszowskiemu", KR_ENT_PER), "Bartłomiej Skarszowski");
  assert_string_equal(base("Wikipedii", KR_ENT_PRO), "Wikipedia");
  assert_string_equal(base("Ostrawie", KR_ENT_LOC), "Ostrawa");
}

static void test_abbreviated_heads(void **state) {
  (void)state;
  assert_string_equal(base("woj. łódzkim", KR_ENT_LOC), "woj. łódzkie");
  assert_string_equal(base("al. Piłsudskiego", KR_ENT_LOC), "al. Piłsudskiego");
}

static void test_person_title_and_common_nouns(void **state) {
  (void)state;
  assert_string_equal(base("św. Mikołaja", KR_ENT_PER), "św. Mikołaj");
  assert_string_equal(base("Matki Bożej Zielnej", KR_ENT_PER), "Matka Boża Zielna");
}

static void test_lone_lowercase_adjective(void **state) {
  (void)state;
  assert_string_equal(base("mazowieckim", KR_ENT_LOC), "mazowiecki");
}

int main(void) {
  if (access(KR_TEST_DICT, R_OK) != 0) {
    fprintf(stderr, "test_baseform: %s is absent, skipping\n", KR_TEST_DICT);
    return 77;
  }
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", KR_TEST_SRC "/data",
                    KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER};
  kr_error err = {0};
  if (kr_resources_open(&res, &opt, &err) != 0) {
    fprintf(stderr, "test_baseform: %s\n", err.message);
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_proper_noun_reading_first),
      cmocka_unit_test(test_masculine_person_name_as_place),
      cmocka_unit_test(test_guessed_declension),
      cmocka_unit_test(test_abbreviated_heads),
      cmocka_unit_test(test_person_title_and_common_nouns),
      cmocka_unit_test(test_lone_lowercase_adjective),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  kr_resources_close(res);
  return failed ? 1 : 0;
}
