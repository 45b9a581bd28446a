/*
** test_tokenize.c — the tokenizer and sentence splitter (src/tokenize.c).
** One test per behaviour; every sentence here is made up for these tests.
** Tokens are checked as the text they cover joined by "|", sentences as
** their texts joined by "||".
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static kr_doc *tok(const char *text) {
  kr_doc *doc = kr_doc_new();
  kr_error err;
  assert_non_null(doc);
  assert_int_equal(kr_doc_set_text(doc, text, strlen(text), &err), 0);
  assert_int_equal(kr__tokenize(doc, &err), 0);
  return doc;
}

/* "a|b|c" for the tokens of doc, in a static buffer. */
static const char *joined(const kr_doc *doc) {
  static char buf[4096];
  size_t o = 0;
  buf[0] = 0;
  for (uint32_t i = 0; i < doc->n_toks && o + doc->toks[i].len + 2 < sizeof buf; i++) {
    if (i) buf[o++] = '|';
    memcpy(buf + o, doc->text + doc->toks[i].off, doc->toks[i].len);
    o += doc->toks[i].len;
  }
  buf[o] = 0;
  return buf;
}

static const char *sents(const kr_doc *doc) {
  static char buf[4096];
  size_t o = 0;
  buf[0] = 0;
  for (uint32_t i = 0; i < doc->n_sents && o + doc->sents[i].len + 3 < sizeof buf; i++) {
    if (i) { buf[o++] = '|'; buf[o++] = '|'; }
    memcpy(buf + o, doc->text + doc->sents[i].off, doc->sents[i].len);
    o += doc->sents[i].len;
  }
  buf[o] = 0;
  return buf;
}

static void check_toks(const char *text, const char *want) {
  kr_doc *doc = tok(text);
  assert_string_equal(joined(doc), want);
  kr_doc_free(doc);
}

static void check_sents(const char *text, const char *want) {
  kr_doc *doc = tok(text);
  assert_string_equal(sents(doc), want);
  kr_doc_free(doc);
}

/* ---- tokens ----------------------------------------------------------------- */

static void words_and_punct(void **state) {
  (void)state;
  check_toks("Kot śpi, pies nie.", "Kot|śpi|,|pies|nie|.");
  check_toks("Co?! Nie...", "Co|?|!|Nie|.|.|.");
  check_toks("Czekał… długo", "Czekał|…|długo");
}

static void abbreviations_split_dot(void **state) {
  (void)state;
  check_toks("m.in. np. tzw. ul. prof. p.n.e.", "m.in|.|np|.|tzw|.|ul|.|prof|.|p.n.e|.");
  kr_doc *doc = tok("Przyszedł dr Nowak, np. wczoraj.");
  assert_int_equal(doc->toks[1].kind, KR_TOK_ABBREV);   /* dr */
  assert_int_equal(doc->toks[4].kind, KR_TOK_ABBREV);   /* np */
  assert_int_equal(doc->toks[5].kind, KR_TOK_PUNCT);    /* . */
  assert_int_equal(doc->toks[0].kind, KR_TOK_WORD);
  kr_doc_free(doc);
}

static void abbreviations_and_sentences(void **state) {
  (void)state;
  check_sents("Mieszka przy ul. Długiej. Lubi m.in. Kraków.",
              "Mieszka przy ul. Długiej.||Lubi m.in. Kraków.");
  check_sents("Przyszli goście, psy itd. Potem było cicho.",
              "Przyszli goście, psy itd.||Potem było cicho.");
  check_sents("Rozmawiał z prof. Zielińskim o tym.", "Rozmawiał z prof. Zielińskim o tym.");
  check_sents("Było ok. tysiąca osób.", "Było ok. tysiąca osób.");
}

static void compass_abbreviations(void **state) {
  (void)state;
  check_sents("Minister Ameryki Płd. Juan Pérez Soto przyjechał wczoraj.",
              "Minister Ameryki Płd. Juan Pérez Soto przyjechał wczoraj.");
  check_sents("Wrócił z Afryki Płn. Tam było gorąco.", "Wrócił z Afryki Płn.||Tam było gorąco.");
}

static void year_abbreviation(void **state) {
  (void)state;
  check_sents("W 1410 r. Jagiełło wygrał bitwę.", "W 1410 r. Jagiełło wygrał bitwę.");
  check_sents("Zamek zbudowano wiele lat temu, bodaj w 1410 r. Potem go zburzono.",
              "Zamek zbudowano wiele lat temu, bodaj w 1410 r.||Potem go zburzono.");
  check_sents("Umowę podpisano 7.03.2010 r. w Gdyni.", "Umowę podpisano 7.03.2010 r. w Gdyni.");
}

static void initials(void **state) {
  (void)state;
  check_toks("J. Nowak i A.B. Kowal", "J|.|Nowak|i|A|.|B|.|Kowal");
  check_sents("Wiersz napisał J. Nowak. Czytaliśmy go.", "Wiersz napisał J. Nowak.||Czytaliśmy go.");
}

static void ordinals(void **state) {
  (void)state;
  check_toks("w 80. rocznicę", "w|80|.|rocznicę");
  check_sents("Obchodzono 80. rocznicę bitwy i II wojny.", "Obchodzono 80. rocznicę bitwy i II wojny.");
  check_sents("Był to XX w. dla nas trudny.", "Był to XX w. dla nas trudny.");
  check_sents("Punkty: 1. Otwarcie sesji.", "Punkty: 1. Otwarcie sesji.");
}

static void numbers(void **state) {
  (void)state;
  check_toks("3,5 proc. i 12.5 oraz 1 200 zł", "3,5|proc|.|i|12.5|oraz|1|200|zł");
  kr_doc *doc = tok("Ma 3,5 kg.");
  assert_int_equal(doc->toks[1].kind, KR_TOK_NUMBER);
  assert_true(doc->toks[1].flags & KR_TOKF_DIGIT);
  kr_doc_free(doc);
  check_toks("wynik 2:1 w 10-11 minucie", "wynik|2|:|1|w|10|-|11|minucie");
}

static void dates_and_times(void **state) {
  (void)state;
  check_toks("12.10.2025 o 10.00 lub 6.40 albo 10:30.", "12.10.2025|o|10.00|lub|6.40|albo|10:30|.");
}

static void hyphens(void **state) {
  (void)state;
  check_toks("polsko-niemiecki Bielsko-Biała", "polsko|-|niemiecki|Bielsko|-|Biała");
  check_toks("e-mail 30-letni GUS-u B-29", "e-mail|30-letni|GUS-u|B-29");
  check_toks("Gra – to wszystko — mówi", "Gra|–|to|wszystko|—|mówi");
}

static void apostrophes(void **state) {
  (void)state;
  check_toks("O'Neill i Kennedy’ego", "O'Neill|i|Kennedy’ego");
}

static void urls_and_emails(void **state) {
  (void)state;
  kr_doc *doc = tok("Patrz (https://example.org/a_b?x=1), pisz: jan.kot@example.pl.");
  assert_string_equal(joined(doc), "Patrz|(|https://example.org/a_b?x=1|)|,|pisz|:|jan.kot@example.pl|.");
  assert_int_equal(doc->toks[2].kind, KR_TOK_URL);
  assert_int_equal(doc->toks[7].kind, KR_TOK_EMAIL);
  kr_doc_free(doc);
  doc = tok("Strona www.przyklad.pl.");
  assert_string_equal(joined(doc), "Strona|www.przyklad.pl|.");
  assert_int_equal(doc->toks[1].kind, KR_TOK_URL);
  kr_doc_free(doc);
}

static void quotes(void **state) {
  (void)state;
  check_toks("„Tak” i \"nie\" oraz «może» i 'raz'", "„|Tak|”|i|\"|nie|\"|oraz|«|może|»|i|'|raz|'");
  check_sents("Powiedział: „Idę”. „Dokąd?” – spytała.", "Powiedział: „Idę”.||„Dokąd?” – spytała.");
  check_sents("Napisał „Wracam.” Potem zniknął.", "Napisał „Wracam.”||Potem zniknął.");
}

static void dialogue_dashes(void **state) {
  (void)state;
  check_sents("– Gdzie byłeś? – spytała matka. – W szkole.",
              "– Gdzie byłeś? – spytała matka.||– W szkole.");
}

static void paragraphs_and_headings(void **state) {
  (void)state;
  kr_doc *doc = tok("Tytuł artykułu\nPierwsze zdanie treści\n\nnowy akapit bez kropki");
  assert_string_equal(sents(doc), "Tytuł artykułu||Pierwsze zdanie treści||nowy akapit bez kropki");
  assert_true(doc->toks[0].flags & KR_TOKF_PARA_START);
  assert_false(doc->toks[2].flags & KR_TOKF_PARA_START);
  assert_true(doc->toks[5].flags & KR_TOKF_PARA_START);
  kr_doc_free(doc);
}

static void flags(void **state) {
  (void)state;
  kr_doc *doc = tok("Ala NATO x1 ,");
  assert_true(doc->toks[0].flags & KR_TOKF_CAP);
  assert_false(doc->toks[0].flags & KR_TOKF_ALLCAPS);
  assert_true(doc->toks[1].flags & KR_TOKF_ALLCAPS);
  assert_true(doc->toks[2].flags & KR_TOKF_DIGIT);
  assert_true(doc->toks[0].flags & KR_TOKF_SPACE_AFTER);
  assert_false(doc->toks[3].flags & KR_TOKF_SPACE_AFTER);
  assert_null(doc->toks[0].lemma);
  assert_int_equal(doc->toks[0].upos, 0);
  kr_doc_free(doc);
}

static void codepoint_offsets(void **state) {
  (void)state;
  kr_doc *doc = tok("Żółć 😀 łąka.");
  assert_int_equal(doc->n_toks, 4);
  assert_int_equal(doc->toks[0].start, 0);
  assert_int_equal(doc->toks[0].end, 4);
  assert_int_equal(doc->toks[0].len, 8);
  assert_int_equal(doc->toks[1].start, 5);
  assert_int_equal(doc->toks[1].end, 6);
  assert_int_equal(doc->toks[1].kind, KR_TOK_SYMBOL);
  assert_int_equal(doc->toks[2].start, 7);
  assert_int_equal(doc->toks[2].end, 11);
  assert_int_equal(doc->toks[3].start, 11);
  assert_int_equal(doc->n_cp, 12);
  assert_int_equal(doc->sents[0].start, 0);
  assert_int_equal(doc->sents[0].end, 12);
  assert_int_equal(doc->sents[0].off, 0);
  assert_int_equal(doc->sents[0].len, strlen("Żółć 😀 łąka."));
  kr_doc_free(doc);
}

static void unicode_spaces(void **state) {
  (void)state;
  check_toks("10\xC2\xA0zł\xE2\x80\x89i\xE3\x80\x80ok", "10|zł|i|ok");
}

static void empty_and_blank(void **state) {
  (void)state;
  /* kr_doc_set_text refuses these, so the document is filled by hand */
  kr_doc *doc = kr_doc_new();
  kr_error err;
  doc->text = "";
  doc->text_len = 0;
  assert_int_equal(kr__tokenize(doc, &err), 0);
  assert_int_equal(doc->n_toks, 0);
  assert_int_equal(doc->n_sents, 0);
  doc->text = "  \n\t \xC2\xA0 ";
  doc->text_len = strlen(doc->text);
  assert_int_equal(kr__tokenize(doc, &err), 0);
  assert_int_equal(doc->n_toks, 0);
  assert_int_equal(doc->n_sents, 0);
  assert_int_equal(doc->n_cp, 7);
  kr_doc_free(doc);
}

static void very_long_token(void **state) {
  (void)state;
  size_t n = 200000;
  char *s = malloc(n + 3);
  assert_non_null(s);
  memset(s, 'a', n);
  memcpy(s + n, " .", 3);
  kr_doc *doc = kr_doc_new();
  kr_error err;
  assert_int_equal(kr_doc_set_text(doc, s, n + 2, &err), 0);
  assert_int_equal(kr__tokenize(doc, &err), 0);
  assert_int_equal(doc->n_toks, 2);
  assert_int_equal(doc->toks[0].len, n);
  assert_int_equal(doc->toks[0].end, n);
  kr_doc_free(doc);
  free(s);
}

static void many_tokens(void **state) {
  (void)state;
  size_t n = 100000;
  char *s = malloc(n * 2 + 1);
  assert_non_null(s);
  for (size_t i = 0; i < n; i++) { s[2 * i] = '.'; s[2 * i + 1] = '\n'; }
  s[2 * n] = 0;
  kr_doc *doc = tok(s);
  assert_int_equal(doc->n_toks, n);
  assert_int_equal(doc->toks[n - 1].sent, doc->n_sents - 1);
  kr_doc_free(doc);
  free(s);
}

static void invalid_arguments(void **state) {
  (void)state;
  kr_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(kr__tokenize(NULL, &err), KR_EINVAL);
  assert_int_equal(err.code, KR_EINVAL);
  kr_doc *doc = kr_doc_new();
  doc->text = NULL;
  doc->text_len = 5;
  assert_int_equal(kr__tokenize(doc, NULL), KR_EINVAL);
  kr_doc_free(doc);
}

static void reset_and_reuse(void **state) {
  (void)state;
  kr_doc *doc = tok("Pierwszy tekst.");
  kr_error err;
  kr_doc_reset(doc);
  assert_int_equal(kr_doc_set_text(doc, "Drugi, dłuższy tekst. Dwa zdania.", strlen("Drugi, dłuższy tekst. Dwa zdania."), &err), 0);
  assert_int_equal(kr__tokenize(doc, &err), 0);
  assert_int_equal(doc->n_sents, 2);
  assert_int_equal(doc->toks[doc->n_toks - 1].sent, 1);
  kr_doc_free(doc);
}

static void abbrev_table_sorted(void **state) {
  (void)state;
  /* the table in abbrev.h is binary-searched: a word from each end must be found */
  check_sents("To był zł. Potem", "To był zł.||Potem");
  check_sents("Patrz św. Jan", "Patrz św. Jan");
  check_sents("Dane wg. Urzędu", "Dane wg. Urzędu");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(words_and_punct),
    cmocka_unit_test(abbreviations_split_dot),
    cmocka_unit_test(abbreviations_and_sentences),
    cmocka_unit_test(compass_abbreviations),
    cmocka_unit_test(year_abbreviation),
    cmocka_unit_test(initials),
    cmocka_unit_test(ordinals),
    cmocka_unit_test(numbers),
    cmocka_unit_test(dates_and_times),
    cmocka_unit_test(hyphens),
    cmocka_unit_test(apostrophes),
    cmocka_unit_test(urls_and_emails),
    cmocka_unit_test(quotes),
    cmocka_unit_test(dialogue_dashes),
    cmocka_unit_test(paragraphs_and_headings),
    cmocka_unit_test(flags),
    cmocka_unit_test(codepoint_offsets),
    cmocka_unit_test(unicode_spaces),
    cmocka_unit_test(empty_and_blank),
    cmocka_unit_test(very_long_token),
    cmocka_unit_test(many_tokens),
    cmocka_unit_test(invalid_arguments),
    cmocka_unit_test(reset_and_reuse),
    cmocka_unit_test(abbrev_table_sorted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
