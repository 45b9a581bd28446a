/* test_baseform.c — base forms of name phrases (kr__entities_base_form) for
** the rules that go beyond plain agreement: proper-noun readings first,
** guessed surnames and their declension, abbreviated heads ("woj.", "al."),
** title abbreviations before person names, lone adjectives, no vocatives,
** plurale tantum heads, leading ordinals, endings after an apostrophe or an
** acronym's hyphen, initials, short acronyms kept as written, the mobile e
** of first names, families named in the plural, stem vowel alternations,
** nations in the plural, a word that is its own lemma before more of the
** name, foreign words that look like genitives, generic heads in lower case,
** headings in capitals, titles of acts, hyphenated names, adjectives of a
** genitive complement, guessed declensions (locative alternations, products,
** instrumentals), complements in persons' names, groups of persons, places
** named after persons, superlatives and epithets in persons' names, streets
** named with a genitive plural.
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

static void test_stem_vowel_alternation(void **state) {
  (void)state;  /* "Bogowi" is a form of "bóg" although "Bo" is not "bó" */
  assert_string_equal(base("Bogowi", KR_ENT_PER), "Bóg");
}

static void test_nations_in_plural(void **state) {
  (void)state;  /* the plain plural of persons, not "Francuzowie" */
  assert_string_equal(base("Francuzów", KR_ENT_ORG), "Francuzi");
  assert_string_equal(base("Rosjan", KR_ENT_ORG), "Rosjanie");
}

static void test_own_lemma_before_more_name(void **state) {
  (void)state;  /* "Arka" itself, not the genitive of "Arek" */
  assert_string_equal(base("Arka Noego", KR_ENT_PRO), "Arka Noego");
}

static void test_foreign_word_no_zero_genitive(void **state) {
  (void)state;  /* "New" is no genitive plural of "Newa", "Big" none of "biga" */
  assert_string_equal(base("New Orleans", KR_ENT_LOC), "New Orleans");
  assert_string_equal(base("Big Ben", KR_ENT_LOC), "Big Ben");
}

static void test_generic_head_lower_case(void **state) {
  (void)state;
  assert_string_equal(base("Placu Trzech Krzyży", KR_ENT_LOC), "plac Trzech Krzyży");
  assert_string_equal(base("Rondzie Dmowskiego", KR_ENT_LOC), "rondo Dmowskiego");
  assert_string_equal(base("Bitwie pod Grunwaldem", KR_ENT_EVT), "bitwa pod Grunwaldem");
  assert_string_equal(base("Alejach Ujazdowskich", KR_ENT_LOC), "Aleje Ujazdowskie");
}

static void test_heading_in_capitals(void **state) {
  (void)state;
  assert_string_equal(base("SĄDU NAJWYŻSZEGO", KR_ENT_ORG), "Sąd Najwyższy");
  assert_string_equal(base("MINISTERSTWA SPRAW ZAGRANICZNYCH", KR_ENT_ORG), "Ministerstwo Spraw Zagranicznych");
  assert_string_equal(base("KOMITETU PROGNOZ PAN", KR_ENT_ORG), "Komitet Prognoz PAN");
  assert_string_equal(base("SZCZYTU NATO W WARSZAWIE", KR_ENT_EVT), "Szczyt NATO w Warszawie");
}

static void test_act_title(void **state) {
  (void)state;
  assert_string_equal(base("ustawy o ochronie zwierząt", KR_ENT_PRO), "Ustawa o ochronie zwierząt");
}

static void test_hyphenated_names(void **state) {
  (void)state;  /* both parts of a double place name; the first part of a compound adjective stays */
  assert_string_equal(base("Kędzierzyna-Koźla", KR_ENT_LOC), "Kędzierzyn-Koźle");
  assert_string_equal(base("Skarżyska-Kamiennej", KR_ENT_LOC), "Skarżysko-Kamienna");
  assert_string_equal(base("powstania polsko-ukraińskiego", KR_ENT_EVT), "powstanie polsko-ukraińskie");
}

static void test_second_adjective_of_a_complement(void **state) {
  (void)state;  /* "Wojewódzkiej" belongs to "Komendy", "Powiatowej" to "Komendy" the head */
  assert_string_equal(base("Wydziału Dochodzeniowo-Śledczego Wojewódzkiej Komendy Policji", KR_ENT_ORG),
                      "Wydział Dochodzeniowo-Śledczy Wojewódzkiej Komendy Policji");
  assert_string_equal(base("Komendy Powiatowej Policji", KR_ENT_ORG), "Komenda Powiatowa Policji");
}

static void test_mobile_e_decides_the_case(void **state) {
  (void)state;  /* "Wojtka" is an oblique form of Wojtek */
  assert_string_equal(base("Wojtka", KR_ENT_PER), "Wojtek");
}

static void test_guessed_locative_alternation(void **state) {
  (void)state;  /* t → cie, d → dzie in the locative of unknown names */
  assert_string_equal(base("Greifswaldzie", KR_ENT_LOC), "Greifswald");
}

static void test_short_guessed_stem(void **state) {
  (void)state;  /* a stem of two letters is a stem: "Una" of "Un" */
  assert_string_equal(base("Kim Dzong Una", KR_ENT_PER), "Kim Dzong Un");
}

static void test_guessed_product_declined(void **state) {
  (void)state;
  assert_string_equal(base("Instagrama", KR_ENT_PRO), "Instagram");
  assert_string_equal(base("Die Hard", KR_ENT_PRO), "Die Hard");  /* no stem "D" */
}

static void test_instrumental_of_unknown_name(void **state) {
  (void)state;  /* -em is no nominative ending; Albert, not Alberto */
  assert_string_equal(base("Dmitrijem", KR_ENT_PER), "Dmitrij");
  assert_string_equal(base("Albertem Nowakiem", KR_ENT_PER), "Albert Nowak");
}

static void test_person_with_a_complement(void **state) {
  (void)state;  /* a common noun in the plural or neuter after a title stays in the genitive */
  assert_string_equal(base("Apostoła Narodów", KR_ENT_PER), "Apostoł Narodów");
}

static void test_groups_of_persons_and_institutions(void **state) {
  (void)state;  /* dynasties in the plural; a bank, not the surname Banek */
  assert_string_equal(base("Jagiellonów", KR_ENT_ORG), "Jagiellonowie");
  assert_string_equal(base("Bankiem Światowym", KR_ENT_ORG), "Bank Światowy");
}

static void test_place_named_after_a_person(void **state) {
  (void)state;  /* a street named after a person goes to the person's nominative; a town stays a town */
  assert_string_equal(base("Marii Konopnickiej", KR_ENT_LOC), "Maria Konopnicka");
  assert_string_equal(base("Tomaszowa Mazowieckiego", KR_ENT_LOC), "Tomaszów Mazowiecki");
}

static void test_person_superlative_and_epithet(void **state) {
  (void)state;  /* a superlative's lemma is the positive; an epithet in lower case agrees */
  assert_string_equal(base("Najjaśniejszego Pana", KR_ENT_PER), "Najjaśniejszy Pan");
  assert_string_equal(base("Dobrawy czeskiej", KR_ENT_PER), "Dobrawa czeska");
}

static void test_street_named_in_the_plural(void **state) {
  (void)state;  /* "ulica Lotników": the genitive plural of a common noun stays; place names in the plural inflect */
  assert_string_equal(base("Lotników", KR_ENT_LOC), "Lotników");
  assert_string_equal(base("Katowicach", KR_ENT_LOC), "Katowice");
}

static void test_guessed_stem_alternations(void **state) {
  (void)state;  /* unknown place names: the mobile e, ó → o, neuters in -ie */
  assert_string_equal(base("Gniewoszku", KR_ENT_LOC), "Gniewoszek");
  assert_string_equal(base("Kamieniodołem", KR_ENT_LOC), "Kamieniodół");
  assert_string_equal(base("Przyborowiu", KR_ENT_LOC), "Przyborowie");
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
      cmocka_unit_test(test_stem_vowel_alternation),
      cmocka_unit_test(test_nations_in_plural),
      cmocka_unit_test(test_own_lemma_before_more_name),
      cmocka_unit_test(test_foreign_word_no_zero_genitive),
      cmocka_unit_test(test_generic_head_lower_case),
      cmocka_unit_test(test_heading_in_capitals),
      cmocka_unit_test(test_act_title),
      cmocka_unit_test(test_hyphenated_names),
      cmocka_unit_test(test_second_adjective_of_a_complement),
      cmocka_unit_test(test_mobile_e_decides_the_case),
      cmocka_unit_test(test_guessed_locative_alternation),
      cmocka_unit_test(test_short_guessed_stem),
      cmocka_unit_test(test_guessed_product_declined),
      cmocka_unit_test(test_instrumental_of_unknown_name),
      cmocka_unit_test(test_person_with_a_complement),
      cmocka_unit_test(test_groups_of_persons_and_institutions),
      cmocka_unit_test(test_place_named_after_a_person),
      cmocka_unit_test(test_person_superlative_and_epithet),
      cmocka_unit_test(test_street_named_in_the_plural),
      cmocka_unit_test(test_guessed_stem_alternations),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  kr_resources_close(res);
  return failed ? 1 : 0;
}
