/* test_quotes.c — the quote layer: direct quotes in each quotation style,
** split quotes, dialogue dashes, reported speech, source phrases, speakers
** (inverted, dropped with gender, agency apart), robustness, and the
** lexicon loader's errors.
**
** Needs the dictionary at KR_TEST_DICT and the models; exits 77 (skipped)
** when the dictionary is absent. Sentences are made up; speakers are
** compared by the entity name the pipeline gives, so each test uses common
** Polish names the recogniser knows. */
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

static kr_resources *res;

static kr_doc *analyse(const char *text) {
  kr_doc *doc = kr_doc_new();
  kr_error err = {0};
  assert_non_null(doc);
  assert_int_equal(kr_doc_set_text(doc, text, strlen(text), &err), 0);
  assert_int_equal(kr_doc_set_meta(doc, "date", "2024-05-01", 10), 0);
  assert_int_equal(kr_analyze(res, doc, KR_LAYER_QUOTES, &err), 0);
  return doc;
}

/* The first quote of the wanted kind whose text holds `frag`, or NULL. */
static const kr_quote *find(const kr_doc *doc, const char *frag, int direct) {
  for (uint32_t i = 0; i < doc->n_quotes; i++)
    if (doc->quotes[i].direct == direct && doc->quotes[i].text && strstr(doc->quotes[i].text, frag))
      return &doc->quotes[i];
  return NULL;
}

/* Asserts a quote holding frag, of that kind and speaker (NULL: none), and
** that its offsets cover exactly its text. */
static void expect(const char *text, const char *frag, int direct, const char *speaker) {
  kr_doc *doc = analyse(text);
  const kr_quote *q = find(doc, frag, direct);
  if (!q) {
    for (uint32_t i = 0; i < doc->n_quotes; i++)
      fprintf(stderr, "  got %s \"%s\"\n", doc->quotes[i].direct ? "direct" : "indirect", doc->quotes[i].text);
    fail_msg("no %s quote with \"%s\"", direct ? "direct" : "indirect", frag);
  }
  if (speaker) {
    assert_non_null(q->speaker);
    assert_string_equal(q->speaker, speaker);
    assert_true(q->speaker_entity >= 0 && (uint32_t)q->speaker_entity < doc->n_ents);
    assert_string_equal(doc->ents[q->speaker_entity].name, speaker);
  } else {
    assert_null(q->speaker);
  }
  assert_true(q->end > q->start && q->end <= doc->n_cp);
  assert_int_equal(q->end - q->start, kr__utf8_count(q->text, strlen(q->text)));
  assert_true(q->sent < doc->n_sents);
  kr_doc_free(doc);
}

static void test_low_high_quotes(void **state) {
  (void)state;
  expect("„Budżet jest bezpieczny” – powiedział w piątek Jan Kowalski.", "Budżet jest bezpieczny", 1, "Jan Kowalski");
}

static void test_double_comma_quotes(void **state) {
  (void)state;
  expect("Jan Kowalski powiedział: ,,Budżet jest bezpieczny”.", "Budżet jest bezpieczny", 1, "Jan Kowalski");
}

static void test_guillemets(void **state) {
  (void)state;
  expect("«Nie zgodzimy się na to» – oświadczył Jan Kowalski.", "Nie zgodzimy się na to", 1, "Jan Kowalski");
}

static void test_reversed_guillemets(void **state) {
  (void)state;
  expect("»Nie zgodzimy się na to« – oświadczył Jan Kowalski.", "Nie zgodzimy się na to", 1, "Jan Kowalski");
}

static void test_single_quotes(void **state) {
  (void)state;
  expect("Jan Kowalski dodał: ‘to był dobry rok dla firmy’.", "to był dobry rok dla firmy", 1, "Jan Kowalski");
}

static void test_straight_quotes(void **state) {
  (void)state;
  expect("\"Most zostanie otwarty w maju\" - zapewnił Jan Kowalski.", "Most zostanie otwarty w maju", 1, "Jan Kowalski");
}

static void test_split_inside_marks(void **state) {
  (void)state;
  const char *t = "Jan Kowalski odrzucił wniosek. „Nie – powiedział – zgody na to nie będzie”.";
  expect(t, "zgody na to nie będzie", 1, "Jan Kowalski");
  kr_doc *doc = analyse(t);
  const kr_quote *q = find(doc, "zgody", 1);
  assert_non_null(q);
  assert_null(strstr(q->text, "powiedział"));     /* the attribution is not quoted */
  kr_doc_free(doc);
}

static void test_split_separate_marks(void **state) {
  (void)state;
  const char *t = "„To za mało” – oceniła Anna Nowak. – „Wyjdziemy na ulice w październiku”.";
  expect(t, "To za mało", 1, "Anna Nowak");
  expect(t, "Wyjdziemy na ulice", 1, "Anna Nowak");
}

static void test_dash_dialogue(void **state) {
  (void)state;
  const char *t = "Do szpitala dotarły szczepionki.\n\n"
                  "- Szczepionki przyleciały o 6.40 - powiedział w poniedziałek prezes szpitala Jan Kowalski. "
                  "- Pierwszych pacjentów zaszczepimy dziś.\n";
  expect(t, "Szczepionki przyleciały o 6.40", 1, "Jan Kowalski");
  expect(t, "Pierwszych pacjentów zaszczepimy", 1, "Jan Kowalski");
}

/* A dialogue line inside a paragraph, after a sentence of narration; the
** quote ends with its attribution's sentence, and the narration after it
** is no quote. */
static void test_dash_line_inside_paragraph(void **state) {
  (void)state;
  const char *t = "Minister Jan Kowalski spotkał się we wtorek z rolnikami. – Nie zgodzimy się na "
                  "obniżenie dopłat – powiedział Kowalski po spotkaniu. Rolnicy wrócili do domów.\n";
  expect(t, "Nie zgodzimy się na obniżenie dopłat", 1, "Jan Kowalski");
  kr_doc *doc = analyse(t);
  for (uint32_t i = 0; i < doc->n_quotes; i++)
    if (strstr(doc->quotes[i].text, "Rolnicy")) fail_msg("narration quoted: \"%s\"", doc->quotes[i].text);
  kr_doc_free(doc);
}

/* "– … – powiedział Macron": the name right after the verb is its subject
** even where the tagger took it for an object; the quote's own words are
** no speaker */
static void test_inverted_attribution_name(void **state) {
  (void)state;
  const char *t = "Prezydent Francji Emmanuel Macron spotkał się we wtorek z kanclerzem Niemiec. – Europa musi "
                  "wziąć odpowiedzialność za własne bezpieczeństwo – powiedział Macron na konferencji prasowej.\n";
  expect(t, "Europa musi wziąć odpowiedzialność", 1, "Emmanuel Macron");
}

static void test_reported_ze(void **state) {
  (void)state;
  kr_doc *doc = analyse("Jan Kowalski zapewnił we wtorek, że remont dworca zakończy się przed zimą.");
  const kr_quote *q = find(doc, "remont", 0);
  assert_non_null(q);
  assert_string_equal(q->text, "remont dworca zakończy się przed zimą");
  assert_string_equal(q->cue, "zapewnił");
  assert_string_equal(q->speaker, "Jan Kowalski");
  kr_doc_free(doc);
}

static void test_reported_pattern(void **state) {
  (void)state;
  expect("Jan Kowalski wyraził gotowość do dalszych rozmów z rządem.", "gotowość do dalszych rozmów", 0, "Jan Kowalski");
  expect("Jan Kowalski wyraził nadzieję, że rozmowy zakończą się w maju.", "rozmowy zakończą się w maju", 0, "Jan Kowalski");
}

static void test_reported_by(void **state) {
  (void)state;
  expect("Anna Nowak zaapelowała do mieszkańców, by oszczędzali wodę.", "oszczędzali wodę", 0, "Anna Nowak");
}

static void test_wedlug(void **state) {
  (void)state;
  expect("Według ministra Jana Kowalskiego epidemia wyraźnie słabnie.", "epidemia wyraźnie słabnie", 0, "Jan Kowalski");
}

static void test_zdaniem(void **state) {
  (void)state;
  expect("Zdaniem Jana Kowalskiego, inflacja spadnie w przyszłym roku.", "inflacja spadnie", 0, "Jan Kowalski");
}

static void test_agency_not_speaker(void **state) {
  (void)state;
  /* the agency relays the minister's words */
  expect("Minister Jan Kowalski oświadczył, że rząd jest gotowy do rozmów – przekazała agencja PAP.",
         "rząd jest gotowy do rozmów", 0, "Jan Kowalski");
  /* an agency alone is a medium, not a speaker */
  expect("Agencja PAP poinformowała, że w pożarze zginęły trzy osoby.", "w pożarze zginęły", 0, NULL);
  expect("Jak podała agencja PAP, rozmowy odbędą się w Genewie.", "rozmowy odbędą się w Genewie", 0, NULL);
}

static void test_dropped_subject_gender(void **state) {
  (void)state;
  /* the nearest subject is a man; "Powiedziała" wants a woman */
  expect("Jan Kowalski spotkał się w piątek z Anną Nowak. Powiedziała, że rozmowa była owocna.",
         "rozmowa była owocna", 0, "Anna Nowak");
  expect("Jan Kowalski spotkał się w piątek z Anną Nowak. Podkreślił, że rozmowa była owocna.",
         "rozmowa była owocna", 0, "Jan Kowalski");
}

static void test_quote_spanning_sentences(void **state) {
  (void)state;
  const char *t = "„Nie możemy czekać. Zima jest blisko. Musimy działać teraz” – mówił Jan Kowalski.";
  kr_doc *doc = analyse(t);
  const kr_quote *q = find(doc, "Zima jest blisko", 1);
  assert_non_null(q);
  assert_non_null(strstr(q->text, "Nie możemy czekać"));
  assert_non_null(strstr(q->text, "Musimy działać teraz"));
  assert_int_equal(q->sent, 0);
  assert_string_equal(q->speaker, "Jan Kowalski");
  kr_doc_free(doc);
}

static void test_unbalanced_quote(void **state) {
  (void)state;
  /* the opening mark never closes: it must not swallow the next paragraph */
  const char *t = "Jan Kowalski skrytykował projekt. „To jest niedopuszczalne – stwierdził.\n\n"
                  "Anna Nowak powiedziała, że rząd przeanalizuje uwagi. Dodała: „Decyzja zapadnie jutro”.\n";
  kr_doc *doc = analyse(t);
  for (uint32_t i = 0; i < doc->n_quotes; i++) assert_null(strstr(doc->quotes[i].text, "\n\n"));
  assert_non_null(find(doc, "rząd przeanalizuje uwagi", 0));
  const kr_quote *q = find(doc, "Decyzja zapadnie jutro", 1);
  assert_non_null(q);
  assert_string_equal(q->speaker, "Anna Nowak");
  kr_doc_free(doc);
  /* stray marks only */
  doc = analyse("” „ « ’ \" Tak. „");
  kr_doc_free(doc);
}

static void test_nested_quotes(void **state) {
  (void)state;
  const char *t = "„Prezydent powiedział mi wprost: «nie podpiszę tej ustawy»” – relacjonował Jan Kowalski.";
  kr_doc *doc = analyse(t);
  const kr_quote *q = find(doc, "Prezydent powiedział mi wprost", 1);
  assert_non_null(q);
  assert_non_null(strstr(q->text, "«nie podpiszę tej ustawy»"));
  assert_string_equal(q->speaker, "Jan Kowalski");
  /* the inner quote is part of the outer one, not a quote of its own */
  assert_null(find(doc, "nie podpiszę", 0));
  uint32_t n = 0;
  for (uint32_t i = 0; i < doc->n_quotes; i++) n += doc->quotes[i].direct;
  assert_int_equal(n, 1);
  kr_doc_free(doc);
}

static void test_titles_not_quotes(void **state) {
  (void)state;
  kr_doc *doc = analyse("Film „Pan Tadeusz” obejrzało milion widzów. Jan Kowalski był nazywany „mistrzem”.");
  assert_int_equal(doc->n_quotes, 0);
  kr_doc_free(doc);
}

static void test_no_quotes(void **state) {
  (void)state;
  kr_doc *doc = analyse("W Krakowie padał deszcz.");
  assert_int_equal(doc->n_quotes, 0);
  kr_doc_free(doc);
}

/* ---- loader --------------------------------------------------------------- */

static void write_file(const char *path, const char *s) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(s, f);
  fclose(f);
}

/* a bare role noun as speaker is the person introduced with that role */
static void test_role_antecedent(void **state) {
  (void)state;
  expect("Minister Anna Kowalczyk spotkała się w czwartek z rolnikami w Lublinie. "
         "„Dopłaty zostaną wypłacone w terminie” – zapewniła minister.",
         "Dopłaty zostaną wypłacone", 1, "Anna Kowalczyk");
}

static void test_load_bad_row(void **state) {
  (void)state;
  char dir[] = "/tmp/kr_quotes_XXXXXX", sub[512], path[600];
  assert_non_null(mkdtemp(dir));
  snprintf(sub, sizeof sub, "%s/quotes", dir);
  assert_int_equal(mkdir(sub, 0700), 0);
  snprintf(path, sizeof path, "%s/speech_verbs.tsv", sub);
  write_file(path, "# comment\nlemma\tkind\ttakes_ze\ttakes_by\tpattern\tnote\n"
                   "powiedzieć\tsay\t1\t0\t\t\n"
                   "mówić\tshout\t1\t0\t\t\n");
  kr_quote_lex *q = NULL;
  kr_error err = {0};
  assert_int_equal(kr__quotes_load(&q, dir, NULL, &err), KR_EDATA);
  assert_null(q);
  assert_non_null(strstr(err.message, "speech_verbs.tsv:4"));
  /* a good file loads */
  write_file(path, "lemma\tkind\ttakes_ze\ttakes_by\tpattern\tnote\npowiedzieć\tsay\t1\t0\t\t\n"
                   "wyrazić\tsay\t1\t0\t+nadzieja\t\n");
  assert_int_equal(kr__quotes_load(&q, dir, NULL, &err), 0);
  assert_non_null(q);
  kr__quotes_free(q);
  remove(path);
  rmdir(sub);
  rmdir(dir);
}

int main(void) {
  if (access(KR_TEST_DICT, R_OK) != 0) {
    fprintf(stderr, "test_quotes: %s is absent, skipping\n", KR_TEST_DICT);
    return 77;
  }
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", KR_TEST_SRC "/data", 0};
  kr_error err = {0};
  if (kr_resources_open(&res, &opt, &err) != 0) {
    fprintf(stderr, "test_quotes: %s\n", err.message);
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_low_high_quotes),
      cmocka_unit_test(test_double_comma_quotes),
      cmocka_unit_test(test_guillemets),
      cmocka_unit_test(test_reversed_guillemets),
      cmocka_unit_test(test_single_quotes),
      cmocka_unit_test(test_straight_quotes),
      cmocka_unit_test(test_split_inside_marks),
      cmocka_unit_test(test_split_separate_marks),
      cmocka_unit_test(test_dash_dialogue),
      cmocka_unit_test(test_dash_line_inside_paragraph),
      cmocka_unit_test(test_inverted_attribution_name),
      cmocka_unit_test(test_reported_ze),
      cmocka_unit_test(test_reported_pattern),
      cmocka_unit_test(test_reported_by),
      cmocka_unit_test(test_wedlug),
      cmocka_unit_test(test_zdaniem),
      cmocka_unit_test(test_agency_not_speaker),
      cmocka_unit_test(test_dropped_subject_gender),
      cmocka_unit_test(test_quote_spanning_sentences),
      cmocka_unit_test(test_unbalanced_quote),
      cmocka_unit_test(test_nested_quotes),
      cmocka_unit_test(test_titles_not_quotes),
      cmocka_unit_test(test_no_quotes),
      cmocka_unit_test(test_role_antecedent),
      cmocka_unit_test(test_load_bad_row),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  kr_resources_close(res);
  return failed ? 1 : 0;
}
