/*
** test_events.c — the event layer on short sentences of our own: triggers
** and their complements, actors from entities and phrases, negation and
** modality, dates and places, and the loader's errors. Needs the dictionary,
** the models and the data files; exits 77 (skip) when they are missing.
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

static kr_resources *res_;

static kr_doc *analyze(const char *text, const char *date) {
  kr_doc *doc = kr_doc_new();
  kr_error err = {0};
  assert_non_null(doc);
  assert_int_equal(kr_doc_set_text(doc, text, strlen(text), &err), 0);
  assert_int_equal(kr_doc_set_meta(doc, "date", date, strlen(date)), 0);
  assert_int_equal(kr_analyze(res_, doc, KR_LAYER_ALL, &err), 0);
  return doc;
}

/* The event with this PLOVER type (or CAMEO code when plover is NULL), or NULL. */
static const kr_event *find(const kr_doc *doc, const char *type) {
  for (uint32_t i = 0; i < doc->n_events; i++) {
    const kr_event *e = &doc->events[i];
    if ((e->plover && !strcmp(e->plover, type)) || !strcmp(e->cameo, type)) return e;
  }
  return NULL;
}

static void test_meeting(void **state) {
  (void)state;
  kr_doc *doc = analyze("Prezydent Ukrainy Wołodymyr Zełenski spotkał się w Warszawie z premierem "
                        "Polski Donaldem Tuskiem.", "2024-05-10");
  const kr_event *e = find(doc, "CONSULT");
  assert_non_null(e);
  assert_string_equal(e->cameo, "040");
  assert_string_equal(e->source_actor, "UKRGOV");
  assert_string_equal(e->target_actor, "POLGOV");
  assert_int_equal(e->quad_class, 1);
  assert_string_equal(e->location, "Warszawa");
  assert_int_equal(e->start, 0);
  assert_true(e->confidence > 0.5f && e->confidence <= 1.0f);
  kr_doc_free(doc);
}

static void test_pattern_row_beats_bare(void **state) {
  (void)state;
  kr_doc *doc = analyze("Unia Europejska nałożyła nowe sankcje na Rosję.", "2024-02-23");
  const kr_event *e = find(doc, "163");
  assert_non_null(e);
  assert_string_equal(e->target_actor, "RUS");
  assert_int_equal(e->quad_class, 4);
  assert_true(e->goldstein < 0);
  assert_int_equal(e->date_from_pub, 1);
  assert_string_equal(e->date, "2024-02-23");
  kr_doc_free(doc);
}

static void test_negation_blocks(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rosja nie zaatakowała Ukrainy.", "2024-08-01");
  assert_null(find(doc, "ASSAULT"));
  kr_doc_free(doc);
}

static void test_negated_trigger(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rosja nie zgodziła się na rozejm z Ukrainą.", "2024-05-05");
  const kr_event *e = find(doc, "REJECT");
  assert_non_null(e);
  assert_string_equal(e->target_actor, "UKR");
  assert_null(find(doc, "RETREAT"));   /* the complement is not coded again */
  kr_doc_free(doc);
}

static void test_hypothetical(void **state) {
  (void)state;
  kr_doc *doc = analyze("Chiny mogą zaatakować Tajwan. Jeśli Rosja zaatakuje Polskę, NATO odpowie.",
                        "2024-06-18");
  assert_int_equal(doc->n_events, 0);
  kr_doc_free(doc);
}

static void test_coordinated_subject(void **state) {
  (void)state;
  kr_doc *doc = analyze("Turcja i Szwecja zawarły porozumienie.", "2024-07-11");
  const kr_event *e = find(doc, "057");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "TUR");
  assert_string_equal(e->target_actor, "SWE");
  kr_doc_free(doc);
}

static void test_adjective_agent(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rosyjskie wojska ostrzelały Charków.", "2024-02-10");
  const kr_event *e = find(doc, "ASSAULT");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "RUSMIL");
  kr_doc_free(doc);
}

static void test_date_from_sentence(void **state) {
  (void)state;
  kr_doc *doc = analyze("Izrael zaatakował Liban w poniedziałek.", "2024-08-01");
  const kr_event *e = find(doc, "ASSAULT");
  assert_non_null(e);
  assert_int_equal(e->date_from_pub, 0);
  assert_string_equal(e->date, "2024-07-29");
  kr_doc_free(doc);
}

static void test_once_per_document(void **state) {
  (void)state;
  kr_doc *doc = analyze("Iran oskarżył Izrael o prowokację. Iran ponownie oskarżył Izrael o prowokację.",
                        "2024-10-03");
  assert_int_equal(doc->n_events, 1);
  kr_doc_free(doc);
}

static void test_coordinated_mutual(void **state) {
  (void)state;
  kr_doc *doc = analyze("Turcja i Szwecja zawarły porozumienie.", "2024-07-11");
  assert_int_equal(doc->n_events, 2);     /* a cooperative act of a pair: both ways */
  assert_string_equal(doc->events[1].source_actor, "SWE");
  assert_string_equal(doc->events[1].target_actor, "TUR");
  kr_doc_free(doc);
}

static void test_capital_is_government(void **state) {
  (void)state;
  kr_doc *doc = analyze("Waszyngton skrytykował Pekin.", "2024-05-01");
  const kr_event *e = find(doc, "ACCUSE");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "USAGOV");
  assert_string_equal(e->target_actor, "CHNGOV");
  kr_doc_free(doc);
  doc = analyze("Rosja zaatakowała Kijów.", "2024-05-01");   /* a city attacked: the country */
  assert_non_null(e = find(doc, "ASSAULT"));
  assert_string_equal(e->target_actor, "UKR");
  kr_doc_free(doc);
}

static void test_complement_clause_subject(void **state) {
  (void)state;
  kr_doc *doc = analyze("Waszyngton zapowiedział, że zaostrzy sankcje wobec Moskwy.", "2024-05-01");
  const kr_event *e = find(doc, "THREATEN");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "USAGOV");
  assert_string_equal(e->target_actor, "RUSGOV");
  kr_doc_free(doc);
}

static void test_pronoun_target(void **state) {
  (void)state;
  kr_doc *doc = analyze("Emmanuel Macron rozmawiał z Olafem Scholzem. Pogratulował mu zwycięstwa w wyborach.",
                        "2024-05-01");
  const kr_event *e = find(doc, "051");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "FRAGOV");
  assert_string_equal(e->target, "Olaf Scholz");
  kr_doc_free(doc);
}

static void test_reaction_target(void **state) {
  (void)state;
  kr_doc *doc = analyze("Kijów domaga się rozejmu. Moskwa odrzuciła ten warunek.", "2024-05-01");
  const kr_event *e = find(doc, "REJECT");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "RUSGOV");
  assert_string_equal(e->target_actor, "UKRGOV");
  kr_doc_free(doc);
  /* a second predicate keeps the first one's target */
  doc = analyze("Kreml potępił decyzję Unii Europejskiej i zagroził odwetem.", "2024-05-01");
  assert_non_null(e = find(doc, "THREATEN"));
  assert_string_equal(e->target_actor, "IGOEUREEC");
  kr_doc_free(doc);
}

static void test_role_apposition(void **state) {
  (void)state;
  kr_doc *doc = analyze("Szef węgierskiej dyplomacji Péter Szijjártó skrytykował Komisję Europejską.", "2024-05-01");
  const kr_event *e = find(doc, "ACCUSE");
  assert_non_null(e);
  assert_string_equal(e->source, "Péter Szijjártó");
  assert_string_equal(e->source_actor, "HUNGOV");
  kr_doc_free(doc);
}

static void test_past_act_not_future_date(void **state) {
  (void)state;
  kr_doc *doc = analyze("Donald Tusk spotka się w czwartek z Emmanuelem Macronem. Rosja zaatakowała Ukrainę.",
                        "2024-07-30");
  const kr_event *e = find(doc, "ASSAULT");
  assert_non_null(e);
  assert_string_equal(e->date, "2024-07-30");   /* not the coming Thursday */
  assert_int_equal(e->date_from_pub, 1);
  kr_doc_free(doc);
}

/* "być gościem (czegoś) w X": a visit, the host the place's country; not at home */
static void test_guest_visit(void **state) {
  (void)state;
  kr_doc *doc = analyze("Premier Indii Narendra Modi był w środę gościem defilady wojskowej w Tokio.", "2025-05-14");
  const kr_event *e = find(doc, "042");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "INDGOV");
  assert_string_equal(e->target_actor, "JPNGOV");
  kr_doc_free(doc);
  doc = analyze("Prezydent Karol Nawrocki był w czwartek gościem uroczystości w Krakowie.", "2025-05-14");
  assert_null(find(doc, "CONSULT"));
  kr_doc_free(doc);
}

/* congratulations "z okazji" a country's holiday: that country is the addressee;
** "gratulacje, które X przesłał": X sent them, not the main clause's subject */
static void test_occasion_target(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rząd Kanady przesłał gratulacje z okazji francuskiego święta narodowego.", "2025-07-16");
  const kr_event *e = find(doc, "051");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "CANGOV");
  assert_string_equal(e->target_actor, "FRA");
  kr_doc_free(doc);
  doc = analyze("Sergio Mattarella odpowiedział w liście na gratulacje, które niemiecki kanclerz przesłał "
                "z okazji włoskiego święta narodowego.", "2025-07-16");
  e = find(doc, "051");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "DEUGOV");
  assert_string_equal(e->target_actor, "ITA");
  kr_doc_free(doc);
}

/* a statement of cooperation by a visitor is aimed at the host told just before;
** a bare "zapowiedział" (its content a clause of its own) is not */
static void test_visit_counterpart(void **state) {
  (void)state;
  kr_doc *doc = analyze("Minister spraw zagranicznych Turcji Hakan Fidan przebywał w czwartek z wizytą w Kairze.\n\n"
                        "Fidan wyraził gotowość do rozwijania współpracy gospodarczej.", "2025-03-21");
  const kr_event *e = find(doc, "AGREE");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "TURGOV");
  assert_string_equal(e->target_actor, "EGYGOV");
  kr_doc_free(doc);
  doc = analyze("Minister spraw zagranicznych Turcji Hakan Fidan przebywał w czwartek z wizytą w Kairze. "
                "Fidan zapowiedział, że wkrótce wróci do Ankary.", "2025-03-21");
  assert_null(find(doc, "AGREE"));
  kr_doc_free(doc);
}

/* a one-word name that is also a common word ("Kim": kto) as the subject */
static void test_name_word_subject(void **state) {
  (void)state;
  kr_doc *doc = analyze("W poniedziałek Kim Dzong Un rozmawiał z Władimirem Putinem. Putin podziękował Korei "
                        "Północnej za pomoc. Kim zapewnił o poparciu dla Rosji.", "2025-05-20");
  const kr_event *e = NULL;
  for (uint32_t i = 0; i < doc->n_events; i++)
    if (!strcmp(doc->events[i].trigger, "zapewnił")) e = &doc->events[i];
  assert_non_null(e);
  assert_string_equal(e->source_actor, "PRKGOV");   /* not the last subject, Putin */
  kr_doc_free(doc);
}

/* "Obaj politycy", "Obie strony": the two sides of the event told before */
static void test_both_sides(void **state) {
  (void)state;
  kr_doc *doc = analyze("Prezydent Finlandii Alexander Stubb spotkał się we wtorek w Sztokholmie z premierem Szwecji "
                        "Ulfem Kristerssonem. Obaj politycy podpisali porozumienie o współpracy.", "2025-02-11");
  const kr_event *e = find(doc, "057");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "FINGOV");
  assert_string_equal(e->target_actor, "SWEGOV");
  kr_doc_free(doc);
  doc = analyze("Obaj zawodnicy podpisali nowe kontrakty z klubem.", "2025-02-11");
  assert_int_equal(doc->n_events, 0);
  kr_doc_free(doc);
}

/* "Do rozmowy doszło w X": the two sides of the event before; not "W dyskusji zgłoszono" */
static void test_meeting_took_place(void **state) {
  (void)state;
  kr_doc *doc = analyze("Kanclerz Niemiec Olaf Scholz zapewnił prezydent Mołdawii Maię Sandu o poparciu Berlina. "
                        "Do rozmowy doszło w poniedziałek w Kiszyniowie.", "2025-01-20");
  const kr_event *e = find(doc, "SUPPORT");      /* the role's name is accusative: the target */
  assert_non_null(e);
  assert_string_equal(e->source_actor, "DEUGOV");
  assert_string_equal(e->target_actor, "MDAGOV");
  e = find(doc, "CONSULT");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "DEUGOV");
  assert_string_equal(e->target_actor, "MDAGOV");
  kr_doc_free(doc);
  doc = analyze("Kanclerz Niemiec Olaf Scholz zapewnił prezydent Mołdawii Maię Sandu o poparciu Berlina. "
                "W dyskusji zgłoszono wniosek o odrzucenie informacji.", "2025-01-20");
  assert_null(find(doc, "CONSULT"));
  kr_doc_free(doc);
}

/* the partner of a relation noun: "poparcie dla zacieśnienia więzi z Pjongjangiem" */
static void test_relation_partner(void **state) {
  (void)state;
  kr_doc *doc = analyze("Prezydent Kazachstanu Kasym-Żomart Tokajew wyraził poparcie dla rozwijania stosunków "
                        "gospodarczych z Mongolią.", "2025-04-15");
  const kr_event *e = find(doc, "SUPPORT");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "KAZGOV");
  assert_string_equal(e->target_actor, "MNG");
  kr_doc_free(doc);
}

/* a first-person verb's subject is the speaker, not the last actor named */
static void test_first_person(void **state) {
  (void)state;
  kr_doc *doc = analyze("Sejm przyjął ustawę. Proszę o zabranie głosu pana posła Andrzeja Aumillera.", "2025-04-15");
  assert_null(find(doc, "020"));
  kr_doc_free(doc);
}

/* a demonym is the country's people, a capital its government */
static void test_demonym(void **state) {
  (void)state;
  kr_doc *doc = analyze("Premier Włoch Giorgia Meloni podziękowała Duńczykom za wsparcie.", "2025-04-15");
  const kr_event *e = find(doc, "SUPPORT");
  assert_non_null(e);
  assert_string_equal(e->target_actor, "DNK");
  kr_doc_free(doc);
}

static void test_bad_row(void **state) {
  (void)state;
  char dir[] = "/tmp/kr-events-XXXXXX", path[256], cmd[512];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/events", dir);
  assert_int_equal(mkdir(path, 0700), 0);
  snprintf(cmd, sizeof cmd, "cp %s/data/events/*.tsv %s/", KR_TEST_SRC, path);
  assert_int_equal(system(cmd), 0);
  snprintf(path, sizeof path, "%s/events/triggers.tsv", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("lemma\tpos\tpattern\ttarget_frame\tcameo\tnote\nzaatakować\tverb\t\tacc\t999\t\n", f);
  fclose(f);
  kr_event_lex *lex = NULL;
  kr_error err = {0};
  assert_int_equal(kr__events_load(&lex, dir, NULL, &err), KR_EDATA);
  assert_null(lex);
  assert_int_equal(err.line, 2);
  assert_non_null(strstr(err.message, "triggers.tsv:2"));
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", KR_TEST_SRC "/data", 0};
  kr_error err = {0};
  struct stat st;
  if (stat(KR_TEST_SRC "/data/events/triggers.tsv", &st) || kr_resources_open(&res_, &opt, &err)) {
    fprintf(stderr, "skipped: %s\n", err.message[0] ? err.message : "no event lexicon");
    return 77;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_meeting),          cmocka_unit_test(test_pattern_row_beats_bare),
      cmocka_unit_test(test_negation_blocks),  cmocka_unit_test(test_negated_trigger),
      cmocka_unit_test(test_hypothetical),     cmocka_unit_test(test_coordinated_subject),
      cmocka_unit_test(test_adjective_agent),  cmocka_unit_test(test_date_from_sentence),
      cmocka_unit_test(test_once_per_document), cmocka_unit_test(test_coordinated_mutual),
      cmocka_unit_test(test_capital_is_government), cmocka_unit_test(test_complement_clause_subject),
      cmocka_unit_test(test_pronoun_target),   cmocka_unit_test(test_reaction_target),
      cmocka_unit_test(test_role_apposition),  cmocka_unit_test(test_past_act_not_future_date),
      cmocka_unit_test(test_guest_visit),      cmocka_unit_test(test_occasion_target),
      cmocka_unit_test(test_visit_counterpart), cmocka_unit_test(test_name_word_subject),
      cmocka_unit_test(test_both_sides),       cmocka_unit_test(test_meeting_took_place),
      cmocka_unit_test(test_relation_partner), cmocka_unit_test(test_first_person),
      cmocka_unit_test(test_demonym),
      cmocka_unit_test(test_bad_row),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  kr_resources_close(res_);
  return rc;
}
