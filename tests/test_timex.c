/*
** test_timex.c — time expressions (src/timex.c, src/timex/norm.c).
** One test per behaviour; every sentence here is made up for these tests.
** The calendar arithmetic is tested on its own; the stage is run over
** tokenized text with the rule files of data/timex and no dictionary (tense
** then comes from verb endings), so these tests need neither the tagger nor
** PoliMorf.
*/
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
#include "timex/timex.h"

static kr_resources res_;   /* only ->timex is used by the stage */

static int setup(void **state) {
  kr_error err = {0};
  (void)state;
  if (kr__timex_load(&res_.timex, KR_TEST_SRC "/data", &err)) {
    fprintf(stderr, "timex rules: %s\n", err.message);
    return -1;
  }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  kr__timex_free(res_.timex);
  res_.timex = NULL;
  return 0;
}

static kr_doc *run(const char *text, const char *date) {
  kr_doc *doc = kr_doc_new();
  kr_error err = {0};
  assert_non_null(doc);
  assert_int_equal(kr_doc_set_text(doc, text, strlen(text), &err), 0);
  if (date) assert_int_equal(kr_doc_set_meta(doc, "date", date, strlen(date)), 0);
  assert_int_equal(kr__tokenize(doc, &err), 0);
  assert_int_equal(kr__timex_run(&res_, doc, &err), 0);
  return doc;
}

/* Asserts that `text` (dated `date`) holds exactly one time expression. */
static void one(const char *text, const char *date, const char *span, const char *type,
                const char *value) {
  kr_doc *doc = run(text, date);
  if (doc->n_timexes != 1) {
    for (uint32_t i = 0; i < doc->n_timexes; i++)
      fprintf(stderr, "  got '%s' %s %s\n", doc->timexes[i].text, doc->timexes[i].type, doc->timexes[i].value);
  }
  assert_int_equal(doc->n_timexes, 1);
  assert_string_equal(doc->timexes[0].text, span);
  assert_string_equal(doc->timexes[0].type, type);
  assert_string_equal(doc->timexes[0].value, value);
  kr_doc_free(doc);
}

#define SUNDAY "2025-10-12"

/* ---- calendar arithmetic ---------------------------------------------------- */

static void days_round_trip(void **state) {
  (void)state;
  assert_int_equal(kr__tx_days(1970, 1, 1), 0);
  assert_int_equal(kr__tx_days(2000, 3, 1) - kr__tx_days(2000, 2, 28), 2);
  for (int64_t d = -800000; d < 800000; d += 997) {
    int y, m, dd;
    kr__tx_civil(d, &y, &m, &dd);
    assert_int_equal(kr__tx_days(y, m, dd), d);
  }
}

static void weekdays(void **state) {
  (void)state;
  assert_int_equal(kr__tx_weekday(kr__tx_days(2025, 10, 12)), 7);   /* Sunday */
  assert_int_equal(kr__tx_weekday(kr__tx_days(2024, 2, 29)), 4);    /* Thursday */
  assert_int_equal(kr__tx_weekday(kr__tx_days(1900, 1, 1)), 1);     /* Monday */
}

static void leap_years_and_month_ends(void **state) {
  (void)state;
  assert_int_equal(kr__tx_month_days(2024, 2), 29);
  assert_int_equal(kr__tx_month_days(2023, 2), 28);
  assert_int_equal(kr__tx_month_days(2000, 2), 29);
  assert_int_equal(kr__tx_month_days(2100, 2), 28);
  assert_int_equal(kr__tx_month_days(2025, 4), 30);
  assert_int_equal(kr__tx_month_days(2025, 12), 31);
  assert_int_equal(kr__tx_month_days(2025, 13), 0);
}

static void iso_weeks(void **state) {
  int wy, wn;
  (void)state;
  kr__tx_iso_week(kr__tx_days(2025, 10, 6), &wy, &wn);
  assert_int_equal(wy, 2025); assert_int_equal(wn, 41);
  kr__tx_iso_week(kr__tx_days(2025, 10, 5), &wy, &wn);
  assert_int_equal(wy, 2025); assert_int_equal(wn, 40);
  kr__tx_iso_week(kr__tx_days(2021, 1, 1), &wy, &wn);     /* Friday: last week of 2020 */
  assert_int_equal(wy, 2020); assert_int_equal(wn, 53);
  kr__tx_iso_week(kr__tx_days(2024, 12, 30), &wy, &wn);   /* Monday: first week of 2025 */
  assert_int_equal(wy, 2025); assert_int_equal(wn, 1);
}

static void month_shifts(void **state) {
  int y = 2025, m = 1;
  (void)state;
  kr__tx_add_months(&y, &m, -1);
  assert_int_equal(y, 2024); assert_int_equal(m, 12);
  kr__tx_add_months(&y, &m, 13);
  assert_int_equal(y, 2026); assert_int_equal(m, 1);
  kr__tx_add_months(&y, &m, -25);
  assert_int_equal(y, 2023); assert_int_equal(m, 12);
}

static void weekday_resolution(void **state) {
  (void)state;
  int64_t sun = kr__tx_days(2025, 10, 12);
  assert_int_equal(kr__tx_resolve_weekday(sun, 5, -1, 1), kr__tx_days(2025, 10, 10));
  assert_int_equal(kr__tx_resolve_weekday(sun, 5, 1, 1), kr__tx_days(2025, 10, 17));
  assert_int_equal(kr__tx_resolve_weekday(sun, 1, 0, 1), kr__tx_days(2025, 10, 13));
  assert_int_equal(kr__tx_resolve_weekday(sun, 5, 0, 1), kr__tx_days(2025, 10, 10));
  assert_int_equal(kr__tx_resolve_weekday(sun, 7, -1, 1), sun);
  assert_int_equal(kr__tx_resolve_weekday(sun, 7, -1, 0), kr__tx_days(2025, 10, 5));
  assert_int_equal(kr__tx_resolve_weekday(sun, 7, 1, 0), kr__tx_days(2025, 10, 19));
}

static void date_parsing(void **state) {
  int64_t d;
  (void)state;
  assert_true(kr__tx_parse_date("2024-02-29", &d));
  assert_int_equal(d, kr__tx_days(2024, 2, 29));
  assert_true(kr__tx_parse_date("2025-10-12T08:00:00Z", &d));
  assert_false(kr__tx_parse_date("2023-02-29", &d));
  assert_false(kr__tx_parse_date("12.10.2025", &d));
  assert_false(kr__tx_parse_date(NULL, &d));
}

/* ---- recognition and values ----------------------------------------------------- */

static void weekday_past_tense_goes_back(void **state) {
  (void)state;
  one("W piątek prezydent spotkał się z premierem.", SUNDAY, "piątek", "DATE", "2025-10-10");
}

static void weekday_future_tense_goes_forward(void **state) {
  (void)state;
  one("Rada zbierze się ponownie w piątek, jak będzie mogła.", SUNDAY, "piątek", "DATE", "2025-10-17");
}

static void weekday_same_day(void **state) {
  (void)state;
  one("W niedzielę odbyły się wybory samorządowe.", SUNDAY, "niedzielę", "DATE", "2025-10-12");
}

static void absolute_date_shapes(void **state) {
  (void)state;
  one("Umowę podpisano 12 października 2025 r. w stolicy.", NULL, "12 października 2025 r.", "DATE", "2025-10-12");
  one("Umowę podpisano 12.10.2025 w stolicy.", NULL, "12.10.2025", "DATE", "2025-10-12");
  one("Umowę podpisano 2025-10-12 w stolicy.", NULL, "2025-10-12", "DATE", "2025-10-12");
  one("Umowę podpisano 12 X 2025 w stolicy.", NULL, "12 X 2025", "DATE", "2025-10-12");
}

static void partial_dates_take_the_document_year(void **state) {
  (void)state;
  one("Sklep otwarto 1 października po remoncie.", SUNDAY, "1 października", "DATE", "2025-10-01");
  one("Sklep otwarto we wrześniu po remoncie.", SUNDAY, "wrześniu", "DATE", "2025-09");
  one("Sklep otwarto w 2024 roku po remoncie.", SUNDAY, "2024 roku", "DATE", "2024");
}

static void number_words_count(void **state) {
  (void)state;
  one("Spotkanie zaplanowano na dwudziestego października.", SUNDAY, "dwudziestego października", "DATE",
      "2025-10-20");
  one("Spotkanie zaplanowano na dwudziestego pierwszego października.", SUNDAY,
      "dwudziestego pierwszego października", "DATE", "2025-10-21");
  one("Wrócił do kraju po pięciu latach.", SUNDAY, "pięciu latach", "DURATION", "P5Y");
  one("Strajk trwa od trzech dni.", SUNDAY, "trzech dni", "DURATION", "P3D");
}

static void relative_days(void **state) {
  (void)state;
  one("Wczoraj padał deszcz.", SUNDAY, "Wczoraj", "DATE", "2025-10-11");
  one("Przedwczoraj padał deszcz.", SUNDAY, "Przedwczoraj", "DATE", "2025-10-10");
  one("Jutro będzie padać.", SUNDAY, "Jutro", "DATE", "2025-10-13");
}

static void relative_weeks_months_years(void **state) {
  (void)state;
  one("W ubiegłym tygodniu ceny wzrosły.", SUNDAY, "ubiegłym tygodniu", "DATE", "2025-W40");
  one("W przyszłym miesiącu ceny wzrosną.", SUNDAY, "przyszłym miesiącu", "DATE", "2025-11");
  one("W zeszłym roku ceny wzrosły.", SUNDAY, "zeszłym roku", "DATE", "2024");
}

static void ago_is_a_duration_as_in_kpwr(void **state) {
  (void)state;
  one("Fabrykę zamknięto dwa lata temu.", SUNDAY, "dwa lata", "DURATION", "P2Y");
  one("Fabrykę zamknięto przed tygodniem.", SUNDAY, "tygodniem", "DURATION", "P1W");
}

static void durations(void **state) {
  (void)state;
  one("Przerwa potrwa pół godziny.", SUNDAY, "pół godziny", "DURATION", "PT30M");
  one("Ćwiczyli przez dwa tygodnie.", SUNDAY, "dwa tygodnie", "DURATION", "P2W");
  one("Ćwiczyli przez kilka miesięcy.", SUNDAY, "kilka miesięcy", "DURATION", "VAGUE");
  one("Mecz trwał 95 minut.", SUNDAY, "95 minut", "DURATION", "PT95M");
}

static void sets(void **state) {
  (void)state;
  one("Gazeta ukazuje się co tydzień.", SUNDAY, "co tydzień", "SET", "P1W");
  one("Codziennie biega po parku.", SUNDAY, "Codziennie", "SET", "P1D");
}

static void clock_times(void **state) {
  (void)state;
  one("Sesja zacznie się o godz. 10.00 w ratuszu.", SUNDAY, "godz. 10.00", "TIME", "T10:00");
  one("Pociąg odjechał o 6.40 z peronu.", SUNDAY, "6.40", "TIME", "T06:40");
  one("Koncert zacznie się 14 listopada 2025 r. o godz. 19.30 w hali.", SUNDAY,
      "14 listopada 2025 r. o godz. 19.30", "TIME", "2025-11-14T19:30");
}

static void parts_of_day(void **state) {
  (void)state;
  one("Rano spadł śnieg.", SUNDAY, "Rano", "TIME", "2025-10-12TMO");
  one("Wczoraj wieczorem spadł śnieg.", SUNDAY, "Wczoraj wieczorem", "TIME", "2025-10-11TEV");
}

static void decades_and_centuries(void **state) {
  (void)state;
  one("Zespół grał w latach 80. w klubach.", SUNDAY, "latach 80.", "DATE", "198");
  one("Budynek powstał w XIX wieku nad rzeką.", SUNDAY, "XIX wieku", "DATE", "18");
  one("W latach 2020. zespół grał w klubach.", SUNDAY, "latach 2020.", "DATE", "202");
}

/* "w latach 2020–2022" names two years (KPWr marks each), not a decade */
static void year_ranges(void **state) {
  (void)state;
  kr_doc *doc = run("W latach 2020–2022 inflacja była wysoka.", SUNDAY);
  assert_int_equal(doc->n_timexes, 2);
  assert_string_equal(doc->timexes[0].text, "2020");
  assert_string_equal(doc->timexes[0].value, "2020");
  assert_string_equal(doc->timexes[1].value, "2022");
  kr_doc_free(doc);
}

/* "na 15.11": a day and month after a date preposition; "o 15.11" is a time */
static void day_month_numbers(void **state) {
  (void)state;
  one("Spotkanie przełożono na 15.11 z powodu choroby.", SUNDAY, "15.11", "DATE", "2025-11-15");
  one("Pociąg odjeżdża o 15.11 z Krakowa.", SUNDAY, "15.11", "TIME", "T15:11");
  one("Sklep jest czynny do 16.00 dla klientów.", SUNDAY, "16.00", "TIME", "T16:00");
}

static void night_from_one_day_to_the_next(void **state) {
  (void)state;
  one("W nocy z soboty na niedzielę padał śnieg.", SUNDAY, "nocy z soboty na niedzielę", "TIME", "2025-10-11TNI");
}

static void quarters(void **state) {
  (void)state;
  one("W I kwartale 2025 r. PKB wzrósł o 3 proc.", SUNDAY, "I kwartale 2025 r.", "DATE", "2025-Q1");
  one("W trzecim kwartale sprzedaż spadła.", SUNDAY, "trzecim kwartale", "DATE", "2025-Q3");
  one("W IV kwartale przyszłego roku ruszy budowa.", SUNDAY, "IV kwartale przyszłego roku", "DATE", "2026-Q4");
}

static void vague_references(void **state) {
  (void)state;
  one("W ostatnim czasie ceny spadły.", SUNDAY, "ostatnim czasie", "DATE", "PAST_REF");
  one("Obecnie ceny spadają.", SUNDAY, "Obecnie", "DATE", "PRESENT_REF");
  one("Wkrótce ceny spadną.", SUNDAY, "Wkrótce", "DATE", "FUTURE_REF");
}

static void later_counts_from_the_last_date(void **state) {
  (void)state;
  kr_doc *doc = run("Protest zaczął się 3 marca 2024 r. Rząd ustąpił dwa dni później.", SUNDAY);
  assert_int_equal(doc->n_timexes, 2);
  assert_string_equal(doc->timexes[1].text, "dwa dni później");
  assert_string_equal(doc->timexes[1].value, "2024-03-05");
  kr_doc_free(doc);
}

static void undated_document(void **state) {
  (void)state;
  one("Sklep otwarto 1 października po remoncie.", NULL, "1 października", "DATE", "XXXX-10-01");
  one("W piątek prezydent spotkał się z premierem.", NULL, "piątek", "DATE", "XXXX-WXX-5");
  one("Wrócił do kraju po pięciu latach.", NULL, "pięciu latach", "DURATION", "P5Y");
  one("Wczoraj padał deszcz.", NULL, "Wczoraj", "DATE", "XXXX-XX-XX");
}

static void invalid_dates_are_dropped(void **state) {
  (void)state;
  kr_doc *doc = run("Termin minął 29 lutego 2023 r. i 31.04.2024.", SUNDAY);
  assert_int_equal(doc->n_timexes, 0);
  kr_doc_free(doc);
  one("Termin minął 29 lutego 2024 r. bez echa.", SUNDAY, "29 lutego 2024 r.", "DATE", "2024-02-29");
}

static void counts_are_not_years(void **state) {
  (void)state;
  kr_doc *doc = run("Na wiec przyszło 2000 osób.", SUNDAY);
  assert_int_equal(doc->n_timexes, 0);
  kr_doc_free(doc);
}

static void offsets_are_code_points(void **state) {
  (void)state;
  kr_doc *doc = run("Źródło: łódzka gazeta, środę 8 października.", SUNDAY);
  assert_int_equal(doc->n_timexes, 1);
  assert_string_equal(doc->timexes[0].text, "środę 8 października");
  assert_int_equal(doc->timexes[0].start, 23);
  assert_int_equal(doc->timexes[0].end, 43);
  assert_string_equal(doc->timexes[0].value, "2025-10-08");
  kr_doc_free(doc);
}

/* ---- loading ----------------------------------------------------------------------- */

static void bad_rule_names_file_and_line(void **state) {
  char dir[] = "/tmp/kr_timex_XXXXXX", sub[64], file[96];
  kr_timex_rules *t = NULL;
  kr_error err = {0};
  (void)state;
  assert_non_null(mkdtemp(dir));
  snprintf(sub, sizeof sub, "%s/timex", dir);
  assert_int_equal(mkdir(sub, 0700), 0);
  snprintf(file, sizeof file, "%s/rules.txt", sub);
  FILE *f = fopen(file, "w");
  assert_non_null(f);
  fputs("# a comment\n[ dziś ] => DATE today\n[ #dzien ] => DATE date\n", f);
  fclose(f);
  assert_int_equal(kr__timex_load(&t, dir, &err), KR_EDATA);
  assert_null(t);
  assert_non_null(strstr(err.message, "rules.txt:3"));
  unlink(file);
  rmdir(sub);
  rmdir(dir);
}

static void missing_folder_is_an_error(void **state) {
  kr_timex_rules *t = NULL;
  kr_error err = {0};
  (void)state;
  assert_int_equal(kr__timex_load(&t, "/nonexistent/kronika", &err), KR_EDATA);
  assert_null(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(days_round_trip),
    cmocka_unit_test(weekdays),
    cmocka_unit_test(leap_years_and_month_ends),
    cmocka_unit_test(iso_weeks),
    cmocka_unit_test(month_shifts),
    cmocka_unit_test(weekday_resolution),
    cmocka_unit_test(date_parsing),
    cmocka_unit_test(weekday_past_tense_goes_back),
    cmocka_unit_test(weekday_future_tense_goes_forward),
    cmocka_unit_test(weekday_same_day),
    cmocka_unit_test(absolute_date_shapes),
    cmocka_unit_test(partial_dates_take_the_document_year),
    cmocka_unit_test(number_words_count),
    cmocka_unit_test(relative_days),
    cmocka_unit_test(relative_weeks_months_years),
    cmocka_unit_test(ago_is_a_duration_as_in_kpwr),
    cmocka_unit_test(durations),
    cmocka_unit_test(sets),
    cmocka_unit_test(clock_times),
    cmocka_unit_test(parts_of_day),
    cmocka_unit_test(decades_and_centuries),
    cmocka_unit_test(year_ranges),
    cmocka_unit_test(quarters),
    cmocka_unit_test(night_from_one_day_to_the_next),
    cmocka_unit_test(day_month_numbers),
    cmocka_unit_test(vague_references),
    cmocka_unit_test(later_counts_from_the_last_date),
    cmocka_unit_test(undated_document),
    cmocka_unit_test(invalid_dates_are_dropped),
    cmocka_unit_test(counts_are_not_years),
    cmocka_unit_test(offsets_are_code_points),
    cmocka_unit_test(bad_rule_names_file_and_line),
    cmocka_unit_test(missing_folder_is_an_error),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
