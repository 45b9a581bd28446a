/* test_guesser.c — unknown words and foreign names get sensible lemmas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tagger.h"

static kr_dict *dict;
static kr_guesser *g;

static int has_lemma(const char *form, const char *lemma) {
  kr_arena *a = kr__arena_new(4096);
  kr_reading r[64];
  int n = kr__guesser_guess(g, a, form, strlen(form), r, 64), found = 0;
  for (int i = 0; i < n; i++) found |= !strcmp(r[i].lemma, lemma);
  kr__arena_free(a);
  return found;
}

static int has_reading(const char *form, const char *lemma, const char *tag) {
  kr_arena *a = kr__arena_new(4096);
  kr_reading r[64];
  int n = kr__guesser_guess(g, a, form, strlen(form), r, 64), found = 0;
  for (int i = 0; i < n; i++)
    found |= !strcmp(r[i].lemma, lemma) && !strcmp(kr__dict_tag(dict, r[i].tag), tag);
  kr__arena_free(a);
  return found;
}

static void test_names(void **state) {
  (void)state;
  assert_true(has_lemma("Kimowi", "Kim"));
  assert_true(has_lemma("Songa", "Song"));
  assert_true(has_lemma("Pjongjangu", "Pjongjang"));
  assert_true(has_lemma("Jinpinga", "Jinping"));
  assert_true(has_lemma("Qiangiem", "Qiang"));
  assert_true(has_lemma("Trumpa", "Trump"));
  assert_true(has_lemma("Una", "Un"));
  assert_true(has_lemma("Obamy", "Obama")); /* a masculine name in -a */
  assert_true(has_lemma("Belli", "Bella"));
}

/* The name table's suffix keys are its own: before model v2 they shared
** hashes with common-word suffixes one letter apart ("yono" and "iono"),
** so the name readings, which come first, were verbs ("Kigać", "Obać"). */
static int first_is_noun(const char *form) {
  kr_arena *a = kr__arena_new(4096);
  kr_reading r[64];
  int n = kr__guesser_guess(g, a, form, strlen(form), r, 64);
  const char *t = n > 0 ? kr__dict_tag(dict, r[0].tag) : "";
  int ok = !strncmp(t, "subst:", 6) || !strncmp(t, "depr:", 5);
  kr__arena_free(a);
  return ok;
}

static void test_name_table_keys(void **state) {
  (void)state;
  assert_true(first_is_noun("Kigali"));
  assert_true(first_is_noun("Yudhoyono"));
  assert_true(first_is_noun("Obamy"));
}

/* Indeclinable foreign names and words get a noun reading with the form
** as lemma; initials and codes do not. */
static void test_indeclinable(void **state) {
  (void)state;
  assert_true(has_reading("Kigali", "Kigali", "subst:sg:nom:n:ncol"));
  assert_true(has_lemma("Brisbane", "Brisbane"));
  assert_true(has_lemma("Yudhoyono", "Yudhoyono"));
  assert_true(has_lemma("Sukhothai", "Sukhothai"));
  assert_true(has_lemma("expose", "expose"));
  assert_false(has_lemma("J", "J"));
  assert_false(has_lemma("F1", "F1"));
}

/* A capitalised word also gets the common-word readings with the lemma
** capitalised ("Cintry" → Cintra), besides the lower-cased ones. */
static void test_capitalised_common(void **state) {
  (void)state;
  assert_true(has_lemma("Cintry", "Cintra"));
  assert_true(has_lemma("Cintry", "cintra"));
}

/* A lower-case word that is a dictionary form with one diacritic added,
** dropped or changed gets that form's readings first; a word whose part
** after a hyphen is a dictionary form is not "corrected". */
static void test_diacritics(void **state) {
  (void)state;
  kr_arena *a = kr__arena_new(4096);
  kr_reading r[64];
  int n = kr__guesser_guess(g, a, "mogł", strlen("mogł"), r, 64);
  assert_true(n > 0);
  assert_string_equal(r[0].lemma, "móc");
  kr__arena_free(a);
  assert_true(has_lemma("ciężarowek", "ciężarówka"));
  assert_true(has_lemma("pomysleć", "pomyśleć"));
  assert_false(has_lemma("zolwie", "żółw")); /* two letters to change: left to the suffix rules */
  assert_false(has_lemma("14-latka", "14-łatek"));
  assert_true(has_lemma("14-latka", "14-latek"));
}

/* Rules learned on other words must never cut a multi-byte character in
** half: every guessed lemma is valid UTF-8 (regression: "szałwi"). */
static void test_lemmas_valid_utf8(void **state) {
  (void)state;
  static const char *const forms[] = {"szałwi", "Łódzią", "żółwiów", "Gdańszczanom", "źdźbłem",
                                      "Ćwikłą", "Śląskiem", "Zürichu", "Kraśniku", "ąęółśżźćń",
                                      "Müllerowi", "Jiřím", "Øresundu", "naïvnością"};
  kr_arena *a = kr__arena_new(4096);
  for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
    kr_reading r[64];
    int n = kr__guesser_guess(g, a, forms[f], strlen(forms[f]), r, 64);
    for (int i = 0; i < n; i++) assert_true(kr__utf8_valid(r[i].lemma, strlen(r[i].lemma), NULL));
  }
  kr__arena_free(a);
}

/* Only the part after the last hyphen inflects: the part before it is kept
** as written ("UPR-owską" → UPR-owski, "al-Qaidy" → al-Qaida). */
static void test_hyphenated(void **state) {
  (void)state;
  assert_true(has_lemma("UPR-owską", "UPR-owski"));
  assert_true(has_lemma("XIV-wiecznego", "XIV-wieczny"));
  assert_true(has_lemma("SS-owskiej", "SS-owski"));
  assert_false(has_lemma("UPR-owską", "upr-owski"));
}

/* An acronym gets no common-word readings (lower-cased lemmas such as
** "nć" for "NFZ"). */
static void test_acronyms(void **state) {
  (void)state;
  static const char *const forms[] = {"NFZ", "OHIM", "WPS", "PPKS", "GE"};
  kr_arena *a = kr__arena_new(4096);
  for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
    kr_reading r[64];
    int n = kr__guesser_guess(g, a, forms[f], strlen(forms[f]), r, 64);
    for (int i = 0; i < n; i++) {
      int32_t cp;
      kr__utf8_decode(r[i].lemma, strlen(r[i].lemma), &cp);
      assert_true(kr__cp_is_upper(cp));
    }
  }
  kr__arena_free(a);
}

/* A foreign name with an apostrophe before its ending keeps the part
** before it ("Partridge'a" → Partridge, "Joyce’owi" → Joyce), and only
** that reading's case; an unknown ending or a one-letter stem is left to
** the other rules. */

static void test_apostrophe(void **state) {
  (void)state;
  assert_true(has_reading("Partridge'a", "Partridge", "subst:sg:gen:m1"));
  assert_true(has_reading("Joyce\xE2\x80\x99owi", "Joyce", "subst:sg:dat:m1"));
  assert_true(has_reading("Sarkozy'ego", "Sarkozy", "subst:sg:gen:m1"));
  assert_true(has_reading("Kennedy'm", "Kennedy", "subst:sg:inst:m1"));
  assert_false(has_lemma("Partridge'xyz", "Partridge"));
  assert_false(has_lemma("d'a", "d"));
}

static void test_corrupt(void **state) {
  (void)state;
  kr_guesser *x = NULL;
  kr_error err = {0};
  assert_int_equal(kr__guesser_load(&x, KR_TEST_SRC "/models/README.md", dict, &err), KR_EMODEL);
  assert_null(x);
}

int main(void) {
  const char *path = KR_TEST_SRC "/models/guesser.bin";
  kr_error err = {0};
  if (access(KR_TEST_DICT, R_OK) != 0 || access(path, R_OK) != 0) return 77;
  if (kr__dict_open(&dict, KR_TEST_DICT, &err)) return 77;
  if (kr__guesser_load(&g, path, dict, &err)) return 1;
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_names), cmocka_unit_test(test_lemmas_valid_utf8),
                                     cmocka_unit_test(test_hyphenated), cmocka_unit_test(test_acronyms),
                                     cmocka_unit_test(test_apostrophe),
                                     cmocka_unit_test(test_name_table_keys), cmocka_unit_test(test_indeclinable),
                                     cmocka_unit_test(test_capitalised_common), cmocka_unit_test(test_diacritics),
                                     cmocka_unit_test(test_corrupt)};
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  kr__guesser_free(g);
  kr__dict_close(dict);
  return rc;
}
