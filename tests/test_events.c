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
      cmocka_unit_test(test_bad_row),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  kr_resources_close(res_);
  return rc;
}
