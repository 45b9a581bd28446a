/* test_kb.c — the knowledge base: loading data/kb, names, actor codes by
** date, office holders by date, country words, agents, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "resources.h"

static kr_kb *kb;

static const char *find_id(const char *name, int type) {
  const kr_kb_entry *e = kr__kb_find(kb, name, type);
  return e ? e->id : "(none)";
}

static const char *holder(const char *role, const char *ctry, const char *date) {
  const kr_kb_entry *e = kr__kb_role_holder(kb, role, ctry, date);
  return e ? e->name : "(none)";
}

static const char *word_country(const char *w) {
  const kr_kb_entry *e = kr__kb_country_of_word(kb, w);
  return e ? e->country : "(none)";
}

static const char *actor_of(const char *name, const char *date) {
  const kr_kb_entry *e = kr__kb_find(kb, name, -1);
  return e ? kr__kb_actor(kb, e, date) : "(none)";
}

static void test_find_name_and_variant(void **state) {
  (void)state;
  assert_string_equal(find_id("Korea Północna", -1), "country:PRK");
  assert_string_equal(find_id("KRLD", -1), "country:PRK");
  assert_string_equal(find_id("Korea Płn.", -1), "country:PRK");
  assert_string_equal(find_id("Kim Jong Un", -1), "person:kim-dzong-un");
  assert_string_equal(find_id("Kim Dzong Un", KR_ENT_PER), "person:kim-dzong-un");
  assert_string_equal(find_id("ChRL", -1), "country:CHN");
  assert_string_equal(find_id("KCNA", -1), "org:kcna");
  assert_string_equal(find_id("ONZ", -1), "org:onz");
  assert_string_equal(find_id("Pekin", -1), "place:pekin");
  assert_string_equal(find_id("Władimir Putin", -1), "person:wladimir-putin");
  const kr_kb_entry *e = kr__kb_find(kb, "Kim Jong Un", -1);
  assert_string_equal(e->name, "Kim Dzong Un");
  assert_int_equal(e->type, KR_ENT_PER);
  assert_string_equal(e->country, "PRK");
  assert_null(kr__kb_find(kb, "Nieistniejąca Nazwa Xyz", -1));
  assert_null(kr__kb_find(kb, "", -1));
}

static void test_find_whitespace_and_case(void **state) {
  (void)state;
  assert_string_equal(find_id("  Korea \t Północna ", -1), "country:PRK");
  assert_string_equal(find_id("Korea\xC2\xA0Północna", -1), "country:PRK");  /* NBSP */
  assert_string_equal(find_id("KOREA PÓŁNOCNA", -1), "country:PRK");          /* folded */
  assert_string_equal(find_id("kcna", -1), "org:kcna");
  assert_null(kr__kb_find(kb, "Korea Polnocna", -1));   /* diacritics matter */
}

static void test_find_ranking(void **state) {
  (void)state;
  /* a country before a city of the same name; the wanted type first */
  assert_string_equal(find_id("Meksyk", -1), "country:MEX");
  assert_string_equal(find_id("Meksyk", KR_ENT_LOC), "country:MEX");
  /* no entry of the wanted type: the best of the others */
  assert_string_equal(find_id("Korea Północna", KR_ENT_ORG), "country:PRK");
  assert_string_equal(kr_ent_type_name(kr__kb_find(kb, "Abrams", KR_ENT_PRO)->type), "PRO");
}

static void test_actor_codes(void **state) {
  (void)state;
  assert_string_equal(actor_of("Chiny", NULL), "CHN");
  assert_string_equal(actor_of("KCNA", NULL), "PRKMED");
  assert_string_equal(actor_of("ONZ", NULL), "IGOUNO");
  assert_string_equal(actor_of("Pekin", NULL), "CHN");
  assert_string_equal(actor_of("Xi Jinping", "2025-10-12"), "CHNGOV");
  assert_string_equal(actor_of("Kim Jong Un", NULL), "PRKGOV");
  assert_string_equal(actor_of("Donald Trump", "2025-10-12"), "USAGOV");
  assert_string_equal(actor_of("Mark Rutte", "2025-10-12"), "IGOWSTNAT");   /* NATO head */
  assert_string_equal(actor_of("Mark Rutte", "2020-01-01"), "NLDGOV");      /* Dutch PM */
  assert_string_equal(actor_of("António Guterres", "2020-01-01"), "IGOUNO");
  /* dated offices, none in force: the country's elite, as in PETRARCH */
  assert_string_equal(actor_of("Mariusz Błaszczak", "2020-01-01"), "POLGOV");  /* defence minister */
  assert_string_equal(actor_of("Mariusz Błaszczak", "2025-06-03"), "POLELI");
  assert_string_equal(actor_of("Mark Rutte", "2008-06-01"), "NLDELI");      /* between offices */
  /* an older actor period (central bank, 2008-) does not refine a later office */
  assert_string_equal(actor_of("Mark Carney", "2025-06-01"), "CANGOV");
  assert_null(kr__kb_actor(kb, NULL, NULL));
}

static void test_role_holders_by_date(void **state) {
  (void)state;
  assert_string_equal(holder("premier", "CHN", "2025-10-12"), "Li Qiang");
  assert_string_equal(holder("premier", "CHN", "2020-01-01"), "Li Keqiang");
  assert_string_equal(holder("przywódca", "PRK", "2025-10-12"), "Kim Dzong Un");
  assert_string_equal(holder("przywódca", "CHN", "2025-10-12"), "Xi Jinping");
  assert_string_equal(holder("prezydent", "USA", "2025-10-12"), "Donald Trump");
  assert_string_equal(holder("prezydent", "USA", "2022-05-01"), "Joe Biden");
  assert_string_equal(holder("prezydent", "USA", "2019-05-01"), "Donald Trump");
  /* the day of a change of office belongs to the new holder */
  assert_string_equal(holder("prezydent", "USA", "2021-01-20"), "Joe Biden");
  assert_string_equal(holder("prezydent", "USA", "2021-01-19"), "Donald Trump");
  assert_string_equal(holder("kanclerz", "DEU", "2025-10-12"), "Friedrich Merz");
  assert_string_equal(holder("kanclerz", "DEU", "2023-01-01"), "Olaf Scholz");
  assert_string_equal(holder("prezydent", "POL", "2025-10-12"), "Karol Nawrocki");
  assert_string_equal(holder("prezydent", "POL", "2025-06-01"), "Andrzej Duda");
  assert_string_equal(holder("szef MSZ", "CHN", "2025-10-12"), "Wang Yi");
  assert_string_equal(holder("minister spraw zagranicznych", "RUS", "2025-10-12"),
                      "Siergiej Ławrow");
  assert_string_equal(holder("sekretarz stanu", "USA", "2025-10-12"), "Marco Rubio");
  assert_string_equal(holder("sekretarz generalny", "IGOUNO", "2025-10-12"), "António Guterres");
  /* country overrides: Iran's "przywódca" is the supreme leader */
  assert_string_equal(holder("przywódca", "IRN", "2025-10-12"), "Ali Chamenei");
  assert_string_equal(holder("prezydent", "IRN", "2025-10-12"), "Masud Pezeszkian");
  /* NULL date = the latest holder */
  assert_string_equal(holder("prezydent", "USA", NULL), "Donald Trump");
  assert_string_equal(holder("nieznana rola", "USA", "2025-10-12"), "(none)");
}

static void test_country_words(void **state) {
  (void)state;
  assert_string_equal(word_country("chiński"), "CHN");
  assert_string_equal(word_country("północnokoreański"), "PRK");
  assert_string_equal(word_country("amerykański"), "USA");
  assert_string_equal(word_country("Chińczyk"), "CHN");
  assert_string_equal(word_country("Chinka"), "CHN");
  assert_string_equal(word_country("Niemcy"), "DEU");      /* a country's own name */
  /* capitals */
  assert_string_equal(word_country("Pekin"), "CHN");
  assert_string_equal(word_country("Pjongjang"), "PRK");
  assert_string_equal(word_country("Waszyngton"), "USA");
  assert_string_equal(word_country("Kijów"), "UKR");
  assert_string_equal(word_country("Moskwa"), "RUS");
  assert_string_equal(word_country("Bruksela"), "BEL");
  assert_string_equal(word_country("Tokio"), "JPN");
  assert_string_equal(word_country("Wientian"), "LAO");     /* Polish exonym (KSNG) */
  assert_string_equal(word_country("Tallinn"), "EST");      /* another name of the capital */
  assert_string_equal(word_country("Delhi"), "IND");
  assert_string_equal(word_country("Kyiv"), "UKR");         /* the English name */
  assert_string_equal(word_country("Haga"), "NLD");         /* seats of government */
  assert_string_equal(word_country("Tel Awiw"), "ISR");
  assert_string_equal(word_country("La Paz"), "BOL");
  /* shared by North and South Korea: no answer rather than a guess */
  assert_string_equal(word_country("Koreańczyk"), "(none)");
  assert_string_equal(word_country("stół"), "(none)");
}

static void test_agents(void **state) {
  (void)state;
  assert_string_equal(kr__kb_agent(kb, "rząd"), "GOV");
  assert_string_equal(kr__kb_agent(kb, "agencja"), "MED");
  assert_string_equal(kr__kb_agent(kb, "wojsko"), "MIL");
  assert_string_equal(kr__kb_agent(kb, "szef MSZ"), "GOV");   /* from roles.tsv */
  assert_null(kr__kb_agent(kb, "stół"));
}

static int start_words(const kr_kb *k, const char *w, bool stem) {
  return kr__kb_name_start(k, w, strlen(w), stem);
}

/* First words of named events and products: form, stem, longest name. */
static void test_name_starts(void **state) {
  (void)state;
  assert_int_equal(start_words(kb, "II", true), 3);      /* II wojna światowa */
  assert_int_equal(start_words(kb, "ii", false), 3);
  assert_int_equal(start_words(kb, "wojna", false) >= 3, 1);
  assert_int_equal(start_words(kb, "wojny", false), 0);  /* needs the stem */
  assert_int_equal(start_words(kb, "wojny", true) >= 3, 1);
  assert_int_equal(start_words(kb, "drugi", true), 3);   /* druga wojna światowa */
  assert_int_equal(start_words(kb, "F-16", true) >= 1, 1);
  assert_int_equal(kr__kb_name_start(kb, "HIMARSxyz", 6, false), 1);      /* length, not NUL */
  assert_int_equal(start_words(kb, "stół", true), 0);
  assert_int_equal(kr__kb_name_start(kb, "", 0, true), 0);
  assert_int_equal(kr__kb_name_start(NULL, "II", 2, true), 0);
}

/* Regressions of the generated data (tools/kbgen.py merge rules). */
static void test_merged_offices(void **state) {
  (void)state;
  /* REIGN's open "leader" ends with the hand-checked office it mirrors */
  assert_string_not_equal(holder("przywódca", "EST", "2025-03-01"), "Kaja Kallas");
  assert_string_equal(holder("premier", "EST", "2022-03-01"), "Kaja Kallas");
  assert_string_not_equal(holder("prezydent", "IRN", "2023-01-01"), "Hasan Rowhani");
  /* no offices before a person's birth (CountryInfo's Mark Rutte, 1963) */
  assert_string_not_equal(holder("premier", "NLD", "1964-01-01"), "Mark Rutte");
  assert_string_equal(holder("premier", "NLD", "2020-01-01"), "Mark Rutte");
  assert_string_equal(actor_of("Mark Rutte", "2025-06-01"), "IGOWSTNAT");
  /* a section header of one country's list does not make others' presidents premiers */
  assert_string_not_equal(holder("premier", "IRN", "1985-01-01"), "Ali Chamenei");
  assert_string_equal(holder("prezydent", "IRN", "1985-01-01"), "Ali Chamenei");
}

/* ---- bad and missing data ------------------------------------------------- */

static const char *const HEADERS[][2] = {
    {"roles.tsv", "role\tcountry\twords_pl\tagent\tdescription\n"
                  "head_of_state\t\tprezydent\tGOV\thead of state\n"},
    {"agents.tsv", "lemma\tagent\tpos\tkind\tenglish\tnote\nrząd\tGOV\tsubst\tbody\tgovernment\t\n"},
    {"countries.tsv", "id\tiso3\tiso2\tcameo\tname_pl\tofficial_pl\tvariants_pl\tnames_en\tcapital_pl\t"
                      "capital_en\tadj_pl\tdemonym_m_pl\tdemonym_f_pl\tdemonym_plural_pl\t"
                      "nationality_en\tregion\tsubregion\tun_member\n"
                      "country:ISL\tISL\tIS\tISL\tIslandia\tIslandia\t\tIceland\tReykjavík\tReykjavik\t"
                      "islandzki\tIslandczyk\tIslandka\tIslandczycy\tIcelandic\tEurope\tNorthern Europe\t1\n"},
    {"places.tsv", "id\ttype\tname_pl\tvariants_pl\tnames_en\tcountry\tactor\tkind\tsources\n"},
    {"organizations.tsv",
     "id\ttype\tname_pl\tvariants_pl\tnames_en\tactor\tcountry\tkind\tsources\tsource_note\n"},
    {"events_named.tsv",
     "id\ttype\tname_pl\tvariants_pl\tnames_en\tactor\tstart\tend\tkind\tsource\n"},
    {"products.tsv", "id\ttype\tname_pl\tvariants_pl\tnames_en\tactor\tstart\tend\tkind\tsource\n"},
    {"persons.tsv", "# generated\nid\ttype\tname_pl\tvariants\tcountry\tactor\troles\trole_words_pl\t"
                    "actor_periods\tgender\tborn\ttitles_en\tsources\tcurrent_asof\tsource_note\n"
                    "person:a\tPER\tAnna A\t\tISL\tISLGOV\thead_of_state@ISL@2020-01-01@\t\t\t\t\t\t"
                    "manual\t\t\n"}};

/* Writes a small KB into a fresh temp dir; `file` gets `extra` appended. */
static char *write_kb(const char *file, const char *extra) {
  char tmpl[] = "/tmp/kr_test_kb_XXXXXX";
  char *dir = mkdtemp(tmpl), path[512];
  assert_non_null(dir);
  snprintf(path, sizeof path, "%s/kb", dir);
  assert_int_equal(mkdir(path, 0700), 0);
  for (size_t i = 0; i < sizeof HEADERS / sizeof *HEADERS; i++) {
    snprintf(path, sizeof path, "%s/kb/%s", dir, HEADERS[i][0]);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(HEADERS[i][1], f);
    if (file && !strcmp(file, HEADERS[i][0])) fputs(extra, f);
    fclose(f);
  }
  return strdup(dir);
}

static void remove_kb(char *dir) {
  char path[512];
  for (size_t i = 0; i < sizeof HEADERS / sizeof *HEADERS; i++) {
    snprintf(path, sizeof path, "%s/kb/%s", dir, HEADERS[i][0]);
    unlink(path);
  }
  snprintf(path, sizeof path, "%s/kb", dir);
  rmdir(path);
  rmdir(dir);
  free(dir);
}

/* A small KB's event index: every name and variant, the longest wins. */
static void test_small_kb_name_starts(void **state) {
  (void)state;
  char *dir = write_kb("events_named.tsv",
                       "event:p\tEVT\tWielka Parada Testowa\tparada|Wielka Parada Testowa Nocą\t"
                       "Great Test Parade\t\t2020\t\tother\tmanual\n");
  kr_kb *k = NULL;
  kr_error err = {0};
  assert_int_equal(kr__kb_load(&k, dir, &err), 0);
  assert_int_equal(start_words(k, "Wielka", false), 4);
  assert_int_equal(start_words(k, "wielki", true), 4);   /* lemma of "Wielkiej" */
  assert_int_equal(start_words(k, "parady", true), 1);
  assert_int_equal(start_words(k, "Great", false), 3);
  assert_int_equal(start_words(k, "Anna", true), 0);     /* persons are not indexed */
  assert_string_equal(kr__kb_find(k, "Wielka Parada Testowa", KR_ENT_EVT)->id, "event:p");
  kr__kb_free(k);
  remove_kb(dir);
}

static void test_small_kb_loads(void **state) {
  (void)state;
  char *dir = write_kb(NULL, NULL);
  kr_kb *k = NULL;
  kr_error err = {0};
  assert_int_equal(kr__kb_load(&k, dir, &err), 0);
  assert_non_null(k);
  const kr_kb_entry *e = kr__kb_role_holder(k, "prezydent", "ISL", "2024-01-01");
  assert_non_null(e);
  assert_string_equal(e->name, "Anna A");
  assert_string_equal(kr__kb_actor(k, e, "2024-01-01"), "ISLGOV");
  assert_string_equal(kr__kb_country_of_word(k, "Reykjavík")->id, "country:ISL");
  assert_string_equal(kr__kb_country_of_word(k, "Reykjavik")->id, "country:ISL"); /* capital_en */
  kr__kb_free(k);
  remove_kb(dir);
}

static void expect_bad(const char *file, const char *extra, const char *where, const char *what) {
  char *dir = write_kb(file, extra);
  kr_kb *k = (kr_kb *)1;
  kr_error err = {0};
  assert_int_equal(kr__kb_load(&k, dir, &err), KR_EDATA);
  assert_null(k);
  assert_int_equal(err.code, KR_EDATA);
  if (!strstr(err.message, where) || !strstr(err.message, what))
    fail_msg("message '%s' lacks '%s' / '%s'", err.message, where, what);
  remove_kb(dir);
}

static void test_bad_date(void **state) {
  (void)state;
  expect_bad("persons.tsv",
             "person:b\tPER\tBob B\t\tISL\tISLGOV\thead_of_state@ISL@2021-13-01@\t\t\t\t\t\t\t\t\n",
             "kb/persons.tsv:4:", "bad date '2021-13-01'");
  expect_bad("persons.tsv",
             "person:b\tPER\tBob B\t\tISL\tISLGOV\t\t\tISLGOV@2021-01-01@soon\t\t\t\t\t\t\n",
             "kb/persons.tsv:4:", "bad date 'soon'");
}

static void test_missing_column(void **state) {
  (void)state;
  /* a row with a cell too few */
  expect_bad("places.tsv", "place:x\tLOC\tIksowo\t\t\tISL\tISL\tcity\n", "kb/places.tsv:2:",
             "expected 9 tab-separated columns, found 8");
  /* a malformed office */
  expect_bad("persons.tsv", "person:b\tPER\tBob B\t\tISL\tISLGOV\tmayor@ISL\t\t\t\t\t\t\t\t\n",
             "kb/persons.tsv:4:", "bad office");
}

static void test_missing_header_column(void **state) {
  (void)state;
  char *dir = write_kb(NULL, NULL);
  char path[512];
  snprintf(path, sizeof path, "%s/kb/agents.tsv", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("lemma\tcode\nrząd\tGOV\n", f);
  fclose(f);
  kr_kb *k = NULL;
  kr_error err = {0};
  assert_int_equal(kr__kb_load(&k, dir, &err), KR_EDATA);
  assert_non_null(strstr(err.message, "kb/agents.tsv:1: missing column 'agent'"));
  assert_int_equal(err.line, 1);
  remove_kb(dir);
}

static void test_missing_dir(void **state) {
  (void)state;
  kr_kb *k = (kr_kb *)1;
  kr_error err = {0};
  assert_int_equal(kr__kb_load(&k, "/nonexistent/kronika-data", &err), 0);
  assert_null(k);
  kr__kb_free(NULL);
}

int main(void) {
  kr_error err = {0};
  if (access(KR_TEST_SRC "/data/kb/persons.tsv", R_OK) != 0) return 77;
  if (kr__kb_load(&kb, KR_TEST_SRC "/data", &err) || !kb) {
    fprintf(stderr, "kb load failed: %s\n", err.message);
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_find_name_and_variant),
      cmocka_unit_test(test_find_whitespace_and_case),
      cmocka_unit_test(test_find_ranking),
      cmocka_unit_test(test_actor_codes),
      cmocka_unit_test(test_role_holders_by_date),
      cmocka_unit_test(test_country_words),
      cmocka_unit_test(test_agents),
      cmocka_unit_test(test_name_starts),
      cmocka_unit_test(test_merged_offices),
      cmocka_unit_test(test_small_kb_loads),
      cmocka_unit_test(test_small_kb_name_starts),
      cmocka_unit_test(test_bad_date),
      cmocka_unit_test(test_missing_column),
      cmocka_unit_test(test_missing_header_column),
      cmocka_unit_test(test_missing_dir),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  kr__kb_free(kb);
  return rc;
}
