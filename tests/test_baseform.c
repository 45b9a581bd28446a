/* test_baseform.c — base forms of name phrases (kr__entities_base_form) for
** the rules that go beyond plain agreement: proper-noun readings first,
** guessed surnames and their declension, abbreviated heads ("woj.", "al."),
** title abbreviations before person names, lone adjectives, no vocatives,
** plurale tantum heads, leading ordinals, endings after an apostrophe or an
** acronym's hyphen, initials, short acronyms kept as written, the mobile e
** of first names, families named in the plural.
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

static void test_no_vocative(void **state) {
  (void)state;  /* "Mirko" is not the vocative of "Mirka" */
  assert_string_equal(base("Mirko", KR_ENT_PER), "Mirko");
}

static void test_plurale_tantum_head(void **state) {
  (void)state;
  assert_string_equal(base("Mistrzostwa Europy w Szachach", KR_ENT_EVT), "Mistrzostwa Europy w Szachach");
}

static void test_leading_ordinal(void **state) {
  (void)state;
  assert_string_equal(base("II wojny bałkańskiej", KR_ENT_EVT), "II wojna bałkańska");
  assert_string_equal(base("XII Zjeździe", KR_ENT_EVT), "XII Zjazd");
}

static void test_marked_endings(void **state) {
  (void)state;
  assert_string_equal(base("Tony'ego Blaira", KR_ENT_PER), "Tony Blair");
  assert_string_equal(base("Gary'ego", KR_ENT_PER), "Gary");
  assert_string_equal(base("NIK-u", KR_ENT_ORG), "NIK");
}

static void test_initials(void **state) {
  (void)state;
  assert_string_equal(base("T. Mazowieckiego", KR_ENT_PER), "T. Mazowiecki");
  assert_string_equal(base("Lucasa W. Ambera", KR_ENT_PER), "Lucas W. Amber");
}

static void test_foreign_surname_declined(void **state) {
  (void)state;
  assert_string_equal(base("Schreinera", KR_ENT_PER), "Schreiner");
}

static void test_short_acronym_kept(void **state) {
  (void)state;
  assert_string_equal(base("Ryszarda II", KR_ENT_PER), "Ryszard II");
  assert_string_equal(base("FUS Bytom", KR_ENT_ORG), "FUS Bytom");
}

static void test_mobile_e(void **state) {
  (void)state;  /* Jacek, not Jack */
  assert_string_equal(base("Jacka Nowaka", KR_ENT_PER), "Jacek Nowak");
}

static void test_family_in_plural(void **state) {
  (void)state;
  assert_string_equal(base("Wolskich", KR_ENT_PER), "Wolski");
  assert_string_equal(base("Kubiaków", KR_ENT_PER), "Kubiak");
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
      cmocka_unit_test(test_no_vocative),
      cmocka_unit_test(test_plurale_tantum_head),
      cmocka_unit_test(test_leading_ordinal),
      cmocka_unit_test(test_marked_endings),
      cmocka_unit_test(test_initials),
      cmocka_unit_test(test_foreign_surname_declined),
      cmocka_unit_test(test_short_acronym_kept),
      cmocka_unit_test(test_mobile_e),
      cmocka_unit_test(test_family_in_plural),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  kr_resources_close(res);
  return failed ? 1 : 0;
}
