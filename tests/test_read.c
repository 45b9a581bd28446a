/*
** test_read.c — the reader (src/read.c): format detection, the three input
** forms, metadata field names, dates, and every error path. One test per
** behaviour; the texts are made up for these tests.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kronika.h"

/* One reader over a string, with one document to read into. */
typedef struct fixture {
  kr_reader *r;
  kr_doc *doc;
  kr_error err;
} fixture;

static void open_with(fixture *f, const char *name, const char *data, size_t len, const kr_read_options *opt) {
  memset(f, 0, sizeof *f);
  assert_int_equal(kr_reader_open(&f->r, name, data, len, opt), 0);
  f->doc = kr_doc_new();
  assert_non_null(f->doc);
}

static void open_str(fixture *f, const char *name, const char *data) {
  open_with(f, name, data, strlen(data), NULL);
}

static int next(fixture *f) {
  memset(&f->err, 0, sizeof f->err);
  return kr_reader_next(f->r, f->doc, &f->err);
}

static void close_fx(fixture *f) {
  kr_doc_free(f->doc);
  kr_reader_close(f->r);
}

#define assert_str(a, b) assert_string_equal((a) ? (a) : "(null)", (b))

/* ---- detection and the three forms --------------------------------------- */

static void article_detected(void **state) {
  (void)state;
  const char *in = "  date 2025-03-14 Rada gminy uchwaliła budżet.\n\nRadni głosowali w piątek.\n";
  fixture f;
  open_str(&f, "/tmp/archiwum/gmina-2025-03-14.txt", in);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_ARTICLE);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "gmina-2025-03-14");
  assert_str(f.doc->date, "2025-03-14");
  /* the text starts with the lead and runs to the end, byte for byte */
  const char *lead = strstr(in, "Rada");
  assert_int_equal(f.doc->text_len, strlen(lead));
  assert_memory_equal(f.doc->text, lead, f.doc->text_len);
  assert_int_equal(next(&f), 0);
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void article_invalid_date_keeps_no_date(void **state) {
  (void)state;
  fixture f;
  open_str(&f, "a.txt", "date 2025-02-30 Sołtys otworzył nową świetlicę.");
  assert_int_equal(kr_reader_format(f.r), KR_FMT_ARTICLE);
  assert_int_equal(next(&f), 1);
  assert_null(f.doc->date);
  assert_str(f.doc->text, "Sołtys otworzył nową świetlicę.");
  close_fx(&f);
}

static void jsonl_detected(void **state) {
  (void)state;
  const char *in =
      "{\"id\": \"k1\", \"text\": \"Pociąg do Gdyni odjechał z opóźnieniem.\", \"date\": \"2025-05-02\","
      " \"title\": \"Opóźnienie\", \"url\": \"https://example.pl/a/1\", \"source\": \"example.pl\"}\n"
      "{\"text\": \"Druga wiadomość o pogodzie.\"}\n";
  fixture f;
  open_str(&f, "dane/wiadomosci.jsonl", in);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_JSONL);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "k1");
  assert_str(f.doc->text, "Pociąg do Gdyni odjechał z opóźnieniem.");
  assert_str(f.doc->date, "2025-05-02");
  assert_str(f.doc->title, "Opóźnienie");
  assert_str(f.doc->url, "https://example.pl/a/1");
  assert_str(f.doc->source, "example.pl");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "wiadomosci:2"); /* <name>:<line> */
  assert_null(f.doc->date);
  assert_null(f.doc->title);
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void plain_detected(void **state) {
  (void)state;
  const char *in = "\n  Burmistrz zapowiedział remont mostu.\n\n„Prace potrwają rok” – dodał.\n";
  fixture f;
  open_str(&f, "notatka.md", in);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_PLAIN);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "notatka");
  assert_int_equal(f.doc->text_len, strlen(in));
  assert_memory_equal(f.doc->text, in, strlen(in));
  assert_null(f.doc->date);
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void plain_when_brace_is_not_json(void **state) {
  (void)state;
  fixture f;
  open_str(&f, "x.txt", "{nawias na początku} i zwykły tekst\n");
  assert_int_equal(kr_reader_format(f.r), KR_FMT_PLAIN);
  assert_int_equal(next(&f), 1);
  close_fx(&f);
}

static void jsonl_detected_after_broken_first_line(void **state) {
  (void)state;
  fixture f;
  open_str(&f, "x.jsonl", "{\"text\": \"urwane\n{\"text\": \"Cała linia.\"}\n");
  assert_int_equal(kr_reader_format(f.r), KR_FMT_JSONL);
  assert_int_equal(next(&f), KR_EJSON);
  assert_int_equal(f.err.line, 1);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Cała linia.");
  close_fx(&f);
}

static void forced_format(void **state) {
  (void)state;
  const char *in = "{\"text\": \"Tekst w JSON-ie.\"}\n";
  kr_read_options opt = {KR_FMT_PLAIN, 0, NULL};
  fixture f;
  open_with(&f, "x.jsonl", in, strlen(in), &opt);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_PLAIN);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, in);
  close_fx(&f);

  opt.format = KR_FMT_ARTICLE;
  open_with(&f, "x.txt", "Brak nagłówka z datą.", strlen("Brak nagłówka z datą."), &opt);
  assert_int_equal(next(&f), KR_EFORMAT);
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void name_variants(void **state) {
  (void)state;
  fixture f;
  open_str(&f, NULL, "Tekst bez nazwy pliku.");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "stdin");
  close_fx(&f);
  open_str(&f, "katalog/bez_rozszerzenia", "Tekst.");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "bez_rozszerzenia");
  close_fx(&f);
  open_str(&f, "dir.d/plik\xFF\xC3.txt", "Nazwa pliku nie w UTF-8.");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "plik??");
  close_fx(&f);
  open_str(&f, "/dane/.ukryty", "Plik z kropką na początku.");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, ".ukryty");
  close_fx(&f);
}

/* ---- field names ----------------------------------------------------------- */

static void news_please_fields(void **state) {
  (void)state;
  const char *in =
      "{\"title\": \"Nowa linia tramwajowa\", \"maintext\": \"Miasto ogłosiło przetarg na budowę torów.\","
      " \"date_publish\": \"2025-10-12 08:15:00\", \"source_domain\": \"wiadomosci.example.pl\","
      " \"url\": \"https://wiadomosci.example.pl/tramwaj\", \"language\": \"pl\"}\n";
  fixture f;
  open_str(&f, "np.jsonl", in);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Miasto ogłosiło przetarg na budowę torów."); /* title not prepended */
  assert_str(f.doc->title, "Nowa linia tramwajowa");
  assert_str(f.doc->date, "2025-10-12");
  assert_str(f.doc->source, "wiadomosci.example.pl");
  assert_str(f.doc->url, "https://wiadomosci.example.pl/tramwaj");
  close_fx(&f);
}

static void trafilatura_fields(void **state) {
  (void)state;
  const char *in =
      "{\"title\": \"Susza\", \"raw_text\": \"Rolnicy skarżą się na suszę.\", \"date\": \"2025-07-01\","
      " \"hostname\": \"rolnik.example.pl\", \"source\": \"https://rolnik.example.pl/susza\"}\n"
      "{\"text\": \"Wiadomość z witryny.\", \"sitename\": \"Gazeta Przykładowa\", \"hostname\": \"gp.example.pl\"}\n";
  fixture f;
  open_str(&f, "tr.jsonl", in);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Rolnicy skarżą się na suszę.");
  assert_str(f.doc->date, "2025-07-01");
  assert_str(f.doc->source, "rolnik.example.pl");
  assert_str(f.doc->url, "https://rolnik.example.pl/susza"); /* trafilatura's source is a URL */
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->source, "Gazeta Przykładowa");
  close_fx(&f);
}

static void text_field_preferred_over_raw_text(void **state) {
  (void)state;
  fixture f;
  open_str(&f, "x.jsonl", "{\"raw_text\": \"surowy\", \"text\": \"właściwy\", \"maintext\": null}\n");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "właściwy");
  close_fx(&f);
}

static void integer_id(void **state) {
  (void)state;
  fixture f;
  open_str(&f, "x.jsonl", "{\"id\": 4711, \"text\": \"Tekst z numerem.\"}\n");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "4711");
  close_fx(&f);
}

static void json_escapes_decoded(void **state) {
  (void)state;
  fixture f;
  open_str(&f, "x.jsonl", "{\"text\": \"Z\\u0142oty \\u201ecytat\\u201d\\n\\ud83d\\ude00\"}\n");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Złoty „cytat”\n\xF0\x9F\x98\x80");
  close_fx(&f);
}

/* ---- dates ------------------------------------------------------------------- */

static const char *date_of(const char *date_json) {
  static char out[32];
  char in[256];
  snprintf(in, sizeof in, "{\"text\": \"Krótka wiadomość.\", \"date\": %s}\n", date_json);
  fixture f;
  open_str(&f, "d.jsonl", in);
  assert_int_equal(next(&f), 1);
  snprintf(out, sizeof out, "%s", f.doc->date ? f.doc->date : "(null)");
  close_fx(&f);
  return out;
}

static void date_validation(void **state) {
  (void)state;
  assert_string_equal(date_of("\"2025-10-12\""), "2025-10-12");
  assert_string_equal(date_of("\"2024-02-29\""), "2024-02-29");
  assert_string_equal(date_of("\"2000-02-29\""), "2000-02-29");
  assert_string_equal(date_of("\"2025-02-30\""), "(null)");
  assert_string_equal(date_of("\"2023-02-29\""), "(null)");
  assert_string_equal(date_of("\"1900-02-29\""), "(null)");
  assert_string_equal(date_of("\"2025-13-01\""), "(null)");
  assert_string_equal(date_of("\"2025-04-31\""), "(null)");
  assert_string_equal(date_of("\"2025-00-10\""), "(null)");
  assert_string_equal(date_of("\"12.10.2025\""), "(null)");
  assert_string_equal(date_of("\"2025-10-1\""), "(null)");
  assert_string_equal(date_of("\"2025-10-123\""), "(null)");
  assert_string_equal(date_of("\"\""), "(null)");
  assert_string_equal(date_of("20251012"), "(null)");
  assert_string_equal(date_of("null"), "(null)");
}

static void date_time_normalised(void **state) {
  (void)state;
  assert_string_equal(date_of("\"2025-10-12T08:15:00\""), "2025-10-12");
  assert_string_equal(date_of("\"2025-10-12T23:59:59+02:00\""), "2025-10-12");
  assert_string_equal(date_of("\"2025-10-12T06:00:00Z\""), "2025-10-12");
  assert_string_equal(date_of("\"2025-10-12 08:15:00\""), "2025-10-12");
  assert_string_equal(date_of("\"2025-10-12T08:15:00.123456\""), "2025-10-12");
}

static void default_date(void **state) {
  (void)state;
  const char *in =
      "{\"text\": \"Bez daty.\"}\n"
      "{\"text\": \"Z datą.\", \"date\": \"2025-01-02\"}\n"
      "{\"text\": \"Z błędną datą.\", \"date\": \"2025-02-31\"}\n";
  kr_read_options opt = {KR_FMT_AUTO, 0, "2025-06-30"};
  fixture f;
  open_with(&f, "x.jsonl", in, strlen(in), &opt);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->date, "2025-06-30");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->date, "2025-01-02");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->date, "2025-06-30");
  close_fx(&f);

  open_with(&f, "p.txt", "Zwykły tekst.", strlen("Zwykły tekst."), &opt);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->date, "2025-06-30");
  close_fx(&f);
}

static void invalid_default_date_rejected(void **state) {
  (void)state;
  kr_reader *r = NULL;
  kr_read_options opt = {KR_FMT_AUTO, 0, "2025-02-30"};
  assert_int_equal(kr_reader_open(&r, "x", "a", 1, &opt), KR_EINVAL);
  assert_null(r);
  opt.default_date = "2025-02-03T10:00";
  assert_int_equal(kr_reader_open(&r, "x", "a", 1, &opt), KR_EINVAL);
  opt.default_date = NULL;
  opt.format = 42;
  assert_int_equal(kr_reader_open(&r, "x", "a", 1, &opt), KR_EINVAL);
}

/* ---- BOM and line ends ----------------------------------------------------- */

static void bom_skipped(void **state) {
  (void)state;
  fixture f;
  open_str(&f, "p.txt", "\xEF\xBB\xBFTekst z BOM-em.");
  assert_int_equal(kr_reader_format(f.r), KR_FMT_PLAIN);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Tekst z BOM-em.");
  close_fx(&f);

  open_str(&f, "a.txt", "\xEF\xBB\xBF date 2025-03-01 Lead artykułu.");
  assert_int_equal(kr_reader_format(f.r), KR_FMT_ARTICLE);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Lead artykułu.");
  close_fx(&f);

  open_str(&f, "j.jsonl", "\xEF\xBB\xBF{\"text\": \"Rekord po BOM-ie.\"}\n");
  assert_int_equal(kr_reader_format(f.r), KR_FMT_JSONL);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Rekord po BOM-ie.");
  close_fx(&f);
}

static void crlf_kept(void **state) {
  (void)state;
  const char *in = "date 2025-03-01 Lead.\r\n\r\nAkapit drugi.\r\n";
  fixture f;
  open_str(&f, "a.txt", in);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_ARTICLE);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Lead.\r\n\r\nAkapit drugi.\r\n");
  close_fx(&f);

  const char *jl = "{\"text\": \"Pierwszy.\"}\r\n{\"text\": \"Drugi\\r\\nwiersz.\"}\r\n";
  open_str(&f, "j.jsonl", jl);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_JSONL);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Pierwszy.");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Drugi\r\nwiersz.");
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void blank_lines_between_records(void **state) {
  (void)state;
  const char *in = "\n{\"text\": \"Jeden.\"}\n\n   \n\t\r\n{\"text\": \"Dwa.\"}\n\n";
  fixture f;
  open_str(&f, "b.jsonl", in);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_JSONL);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "b:2");
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->id, "b:6");
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void last_line_without_newline(void **state) {
  (void)state;
  fixture f;
  open_str(&f, "b.jsonl", "{\"text\": \"Jeden.\"}\n{\"text\": \"Dwa.\"}");
  assert_int_equal(next(&f), 1);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Dwa.");
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

/* ---- errors ---------------------------------------------------------------- */

static void invalid_utf8_plain_offset(void **state) {
  (void)state;
  const char *in = "Pierwsza linia.\nDruga z błędem: \xC3\x28 tutaj.\n";
  size_t bad = (size_t)(strchr(in, '\xC3') - in);
  fixture f;
  open_str(&f, "p.txt", in);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_PLAIN);
  assert_int_equal(next(&f), KR_EUTF8);
  assert_int_equal(f.err.code, KR_EUTF8);
  assert_int_equal(f.err.position, bad);
  assert_int_equal(f.err.line, 2);
  char want[64];
  snprintf(want, sizeof want, "invalid UTF-8 at byte %zu (line 2)", bad);
  assert_non_null(strstr(f.err.message, want));
  assert_non_null(strstr(f.err.message, "p.txt"));
  assert_null(f.doc->text);
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void invalid_utf8_article_offset(void **state) {
  (void)state;
  const char *in = "\xEF\xBB\xBF date 2025-03-01 Lead.\n\nTreść \xED\xA0\x80 z surogatem.";
  size_t bad = (size_t)(strstr(in, "\xED\xA0") - in);
  fixture f;
  open_str(&f, "a.txt", in);
  assert_int_equal(next(&f), KR_EUTF8);
  assert_int_equal(f.err.position, bad);
  assert_int_equal(f.err.line, 3);
  close_fx(&f);
}

static void invalid_utf8_jsonl_offset(void **state) {
  (void)state;
  const char *in =
      "{\"text\": \"Dobry rekord.\"}\n"
      "\n"
      "{\"text\": \"Zły bajt \xFF w środku.\"}\n"
      "{\"text\": \"Następny dobry.\"}\n";
  size_t bad = (size_t)(strchr(in, '\xFF') - in);
  fixture f;
  open_str(&f, "j.jsonl", in);
  assert_int_equal(next(&f), 1);
  assert_int_equal(next(&f), KR_EUTF8);
  assert_int_equal(f.err.position, bad);
  assert_int_equal(f.err.line, 3);
  char want[64];
  snprintf(want, sizeof want, "invalid UTF-8 at byte %zu (line 3)", bad);
  assert_non_null(strstr(f.err.message, want));
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Następny dobry.");
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void nul_byte_rejected(void **state) {
  (void)state;
  const char in[] = "Tekst\0z zerem.";
  fixture f;
  open_with(&f, "p.txt", in, sizeof in - 1, NULL);
  assert_int_equal(next(&f), KR_EUTF8);
  assert_int_equal(f.err.position, 5);
  close_fx(&f);

  open_str(&f, "j.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"zero \\u0000 tutaj\"}\n");
  assert_int_equal(next(&f), 1);
  assert_int_equal(next(&f), KR_EJSON);
  close_fx(&f);
}

static void lone_surrogate_escape_rejected(void **state) {
  (void)state;
  const char *in = "{\"text\": \"ok\"}\n{\"text\": \"a\\ud800b\"}\n{\"text\": \"x\\udc01\"}\n{\"text\": \"dalej\"}\n";
  size_t at = (size_t)(strstr(in, "\\ud800") - in);
  fixture f;
  open_str(&f, "j.jsonl", in);
  assert_int_equal(next(&f), 1);
  assert_int_equal(next(&f), KR_EUTF8);
  assert_int_equal(f.err.position, at);
  assert_int_equal(f.err.line, 2);
  assert_int_equal(next(&f), KR_EUTF8);
  assert_int_equal(f.err.line, 3);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "dalej");
  close_fx(&f);
}

static void empty_documents(void **state) {
  (void)state;
  fixture f;
  open_with(&f, "e.txt", "", 0, NULL);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_PLAIN);
  assert_int_equal(next(&f), KR_EEMPTY);
  assert_int_equal(next(&f), 0);
  close_fx(&f);

  open_str(&f, "e.txt", " \n\t\r\n \xC2\xA0 \n"); /* NBSP counts as whitespace */
  assert_int_equal(next(&f), KR_EEMPTY);
  assert_int_equal(next(&f), 0);
  close_fx(&f);

  open_str(&f, "a.txt", "date 2025-03-01   \n\n");
  assert_int_equal(kr_reader_format(f.r), KR_FMT_ARTICLE);
  assert_int_equal(next(&f), KR_EEMPTY);
  close_fx(&f);

  open_str(&f, "j.jsonl", "{\"text\": \" \\n \"}\n{\"text\": \"Pełny.\"}\n");
  assert_int_equal(next(&f), KR_EEMPTY);
  assert_int_equal(f.err.line, 1);
  assert_int_equal(next(&f), 1);
  close_fx(&f);
}

static void too_big(void **state) {
  (void)state;
  kr_read_options opt = {KR_FMT_AUTO, 16, NULL};
  const char *in = "Ten tekst ma więcej niż szesnaście bajtów.";
  fixture f;
  open_with(&f, "p.txt", in, strlen(in), &opt);
  assert_int_equal(next(&f), KR_ETOOBIG);
  char want[64];
  snprintf(want, sizeof want, "%zu bytes", strlen(in));
  assert_non_null(strstr(f.err.message, want));
  assert_non_null(strstr(f.err.message, "16"));
  assert_int_equal(next(&f), 0);
  close_fx(&f);

  const char *jl = "{\"text\": \"Ten rekord jest za długi.\"}\n{\"text\": \"Krótki.\"}\n";
  open_with(&f, "j.jsonl", jl, strlen(jl), &opt);
  assert_int_equal(next(&f), KR_ETOOBIG);
  assert_int_equal(f.err.line, 1);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Krótki.");
  close_fx(&f);

  /* a line over four times the limit is refused without being parsed */
  const char *lg = "{\"text\": \"Krótki.\"}\n{\"text\": \"A.\", \"html\": \"<p>bardzo długi dodatek, którego nikt nie czyta, a zajmuje miejsce</p>\"}\n";
  open_with(&f, "j.jsonl", lg, strlen(lg), &opt);
  assert_int_equal(next(&f), 1);
  assert_int_equal(next(&f), KR_ETOOBIG);
  assert_int_equal(f.err.line, 2);
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void malformed_json_then_good_line(void **state) {
  (void)state;
  const char *in =
      "{\"text\": \"Pierwszy.\"}\n"
      "{\"text\": \"Brak klamry\", \n"
      "{\"text\": \"Po błędzie.\"}\n";
  fixture f;
  open_str(&f, "m.jsonl", in);
  assert_int_equal(next(&f), 1);
  assert_int_equal(next(&f), KR_EJSON);
  assert_int_equal(f.err.code, KR_EJSON);
  assert_int_equal(f.err.line, 2);
  assert_non_null(strstr(f.err.message, "line 2"));
  assert_non_null(strstr(f.err.message, "column"));
  assert_true(f.err.position >= strlen("{\"text\": \"Pierwszy.\"}\n"));
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Po błędzie.");
  assert_str(f.doc->id, "m:3");
  assert_int_equal(next(&f), 0);
  close_fx(&f);
}

static void missing_text_field(void **state) {
  (void)state;
  const char *in =
      "{\"text\": \"Jest tekst.\"}\n"
      "{\"title\": \"Sam tytuł\", \"text\": 12}\n"
      "{\"text\": \"Znowu jest.\"}\n";
  fixture f;
  open_str(&f, "t.jsonl", in);
  assert_int_equal(next(&f), 1);
  assert_int_equal(next(&f), KR_EFORMAT);
  assert_int_equal(f.err.line, 2);
  assert_non_null(strstr(f.err.message, "no text field"));
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Znowu jest.");
  close_fx(&f);
}

static void non_object_line(void **state) {
  (void)state;
  const char *in = "{\"text\": \"Obiekt.\"}\n[\"tablica\"]\n\"napis\"\n42\n{\"text\": \"Koniec.\"}\n";
  fixture f;
  open_str(&f, "n.jsonl", in);
  assert_int_equal(next(&f), 1);
  assert_int_equal(next(&f), KR_EJSON);
  assert_int_equal(f.err.line, 2);
  assert_int_equal(next(&f), KR_EJSON);
  assert_int_equal(f.err.line, 3);
  assert_int_equal(next(&f), KR_EJSON);
  assert_int_equal(f.err.line, 4);
  assert_int_equal(next(&f), 1);
  assert_str(f.doc->text, "Koniec.");
  close_fx(&f);
}

static void trailing_garbage_is_malformed(void **state) {
  (void)state;
  fixture f;
  open_str(&f, "g.jsonl", "{\"text\": \"A.\"}\n{\"text\": \"B.\"} śmieci\n");
  assert_int_equal(next(&f), 1);
  assert_int_equal(next(&f), KR_EJSON);
  close_fx(&f);
}

/* ---- the JSON Lines scanner ------------------------------------------------ */

/* Reads the one-line record `json` and returns the reader's result; the
** fixture stays open for the caller to inspect (close_fx after). */
static int read_one(fixture *f, const char *json) {
  kr_read_options opt = {KR_FMT_JSONL, 0, NULL};
  open_with(f, "s.jsonl", json, strlen(json), &opt);
  return next(f);
}

/* Expects `json` to be refused with `code` at byte `at` (line 1). */
static void expect_error(const char *json, int code, size_t at) {
  fixture f;
  assert_int_equal(read_one(&f, json), code);
  assert_int_equal(f.err.line, 1);
  if (at != (size_t)-1) assert_int_equal(f.err.position, at);
  assert_null(f.doc->text);
  close_fx(&f);
}

/* Expects `json` to be read, with text `text`. */
static void expect_text(const char *json, const char *text) {
  fixture f;
  assert_int_equal(read_one(&f, json), 1);
  assert_str(f.doc->text, text);
  assert_int_equal(f.doc->text_len, strlen(text));
  close_fx(&f);
}

static size_t count_cp(const char *s) {
  size_t n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static void scanner_simple_escapes(void **state) {
  (void)state;
  expect_text("{\"text\": \"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"}", "a\"b\\c/d\be\ff\ng\rh\ti");
  expect_text("{\"text\": \"\\u0041\\u00f3\\u00D3\\u20AC\\u007f\"}", "A\xC3\xB3\xC3\x93\xE2\x82\xAC\x7F");
  expect_text("{\"text\": \"\\\\u0041 to nie escape\"}", "\\u0041 to nie escape");
  expect_error("{\"text\": \"zły \\x escape\"}", KR_EJSON, (size_t)-1);
  expect_error("{\"text\": \"krótki \\u12\"}", KR_EJSON, (size_t)-1);
  expect_error("{\"text\": \"nie hex \\u12G4\"}", KR_EJSON, (size_t)-1);
  expect_error("{\"text\": \"wielka \\U0041\"}", KR_EJSON, (size_t)-1);
}

static void scanner_surrogate_pairs(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(read_one(&f, "{\"text\": \"\\ud83d\\ude00 i \\uD834\\uDD1E i \\uDBFF\\uDFFF\"}"), 1);
  assert_str(f.doc->text, "\xF0\x9F\x98\x80 i \xF0\x9D\x84\x9E i \xF4\x8F\xBF\xBF");
  assert_int_equal(f.doc->n_cp, 9);
  close_fx(&f);
}

static void scanner_lone_surrogates(void **state) {
  (void)state;
  static const char *const bad[] = {
      "{\"text\": \"na końcu \\ud800\"}",
      "{\"text\": \"wysoki i zwykły \\ud800\\u0041\"}",
      "{\"text\": \"dwa wysokie \\ud800\\ud800\"}",
      "{\"text\": \"sam niski \\udc00\"}",
      "{\"text\": \"wysoki i tekst \\ud83dx\"}",
      "{\"text\": \"ok\", \"inne\": \"w pominiętym polu \\udfff\"}",
      "{\"klucz \\ud800\": 1, \"text\": \"ok\"}",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    const char *esc = strstr(bad[i], "\\ud") ? strstr(bad[i], "\\ud") : strstr(bad[i], "\\udc");
    /* the error is at the first lone escape: the high one when a pair is broken */
    size_t at = (size_t)(esc - bad[i]);
    if (strstr(bad[i], "\\ud800\\ud800")) at = (size_t)(strstr(bad[i], "\\ud800") - bad[i]);
    expect_error(bad[i], KR_EUTF8, at);
  }
  /* a lone surrogate wins over a syntax error earlier in the line */
  expect_error("{\"text\" \"brak dwukropka\", \"x\": \"\\udc00\"}", KR_EUTF8, 32);
}

static void scanner_deep_nesting(void **state) {
  (void)state;
  /* jansson's limit, kept: 2048 nested values; the record itself is one */
  enum { LIMIT = 2048 };
  static char buf[2 * LIMIT + 64];
  for (int k = LIMIT - 1; k <= LIMIT; k++) {
    int n = snprintf(buf, sizeof buf, "{\"text\": \"głęboko\", \"x\": ");
    for (int i = 0; i < k; i++) buf[n++] = '[';
    for (int i = 0; i < k; i++) buf[n++] = ']';
    buf[n++] = '}';
    buf[n] = 0;
    fixture f;
    int rc = read_one(&f, buf);
    if (k < LIMIT) {
      assert_int_equal(rc, 1);
    } else {
      assert_int_equal(rc, KR_EJSON);
      assert_non_null(strstr(f.err.message, "depth"));
    }
    close_fx(&f);
  }
  /* objects nest the same way, and a scalar counts as one level */
  int n = snprintf(buf, sizeof buf, "{\"text\": \"x\", \"a\": ");
  for (int i = 0; i < LIMIT - 1; i++) buf[n++] = '[';
  buf[n++] = '1';
  for (int i = 0; i < LIMIT - 1; i++) buf[n++] = ']';
  buf[n++] = '}';
  buf[n] = 0;
  expect_error(buf, KR_EJSON, (size_t)-1);
  expect_text("{\"text\": \"x\", \"a\": {\"b\": {\"c\": [{\"d\": [[], {}]}]}}}", "x");
}

static void scanner_numbers(void **state) {
  (void)state;
  static const char *const good[] = {"0", "-0", "7", "-12", "1.5", "-0.25", "1e5", "1E+5", "2e-3",
                                     "0.0e0", "1e308", "1.7976931348623157e308", "-1.7976931348623157e308",
                                     "1e-400", "0e99999999999", "123456789012345678901234567890.5",
                                     "9223372036854775807", "-9223372036854775808"};
  static const char *const bad[] = {"01", "-01", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "1.e5", "0x10",
                                    "9223372036854775808", "-9223372036854775809",
                                    "99999999999999999999999", "1e309", "1.8e308", "-1e400", "1 2", "1.5.5",
                                    "Infinity", "NaN"};
  char buf[256];
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    snprintf(buf, sizeof buf, "{\"n\": %s, \"text\": \"liczba\"}", good[i]);
    expect_text(buf, "liczba");
  }
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    snprintf(buf, sizeof buf, "{\"n\": %s, \"text\": \"liczba\"}", bad[i]);
    expect_error(buf, KR_EJSON, (size_t)-1);
  }
  fixture f;
  assert_int_equal(read_one(&f, "{\"id\": -9223372036854775808, \"text\": \"t\"}"), 1);
  assert_str(f.doc->id, "-9223372036854775808");
  close_fx(&f);
  assert_int_equal(read_one(&f, "{\"id\": -0, \"text\": \"t\"}"), 1);
  assert_str(f.doc->id, "0");
  close_fx(&f);
  assert_int_equal(read_one(&f, "{\"id\": 12.0, \"text\": \"t\"}"), 1);
  assert_str(f.doc->id, "s:1"); /* a real is not an id */
  close_fx(&f);
}

static void scanner_literals(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(read_one(&f, "{\"a\": true, \"b\": false, \"c\": null, \"id\": null, \"title\": true, "
                                "\"text\": \"t\", \"url\": [null]}"),
                   1);
  assert_str(f.doc->id, "s:1");
  assert_null(f.doc->title);
  assert_null(f.doc->url);
  close_fx(&f);
  expect_error("{\"text\": null}", KR_EFORMAT, 0);
  expect_error("{\"text\": [\"w tablicy\"]}", KR_EFORMAT, 0);
  expect_error("{\"text\": {\"text\": \"zagnieżdżony\"}}", KR_EFORMAT, 0);
  static const char *const bad[] = {"tru", "nul", "truex", "True", "NULL", "fals", "nulll"};
  char buf[128];
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    snprintf(buf, sizeof buf, "{\"a\": %s, \"text\": \"t\"}", bad[i]);
    expect_error(buf, KR_EJSON, (size_t)-1);
  }
}

static void scanner_unicode_and_escaped_keys(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(read_one(&f, "{\"tytuł\": \"pominięty\", \"te\\u0078t\": \"klucz z escape\","
                                " \"\\u0074itle\": \"T\", \"źródło\": \"x\"}"),
                   1);
  assert_str(f.doc->text, "klucz z escape");
  assert_str(f.doc->title, "T");
  assert_null(f.doc->source);
  close_fx(&f);
  /* only top-level keys count */
  expect_text("{\"meta\": {\"text\": \"wewnętrzny\", \"id\": \"zły\"}, \"text\": \"zewnętrzny\"}", "zewnętrzny");
  expect_error("{\"meta\": {\"text\": \"wewnętrzny\"}}", KR_EFORMAT, 0);
  expect_error("[{\"text\": \"w tablicy\"}]", KR_EJSON, 0);
}

static void scanner_duplicate_keys(void **state) {
  (void)state;
  fixture f;
  assert_int_equal(read_one(&f, "{\"text\": \"pierwszy\", \"id\": \"a\", \"text\": \"drugi\", \"id\": 7}"), 1);
  assert_str(f.doc->text, "drugi");
  assert_str(f.doc->id, "7");
  close_fx(&f);
  /* the last value wins even when it is not a string */
  expect_text("{\"text\": \"tekst\", \"maintext\": \"główny\", \"text\": null}", "główny");
  expect_error("{\"text\": \"tekst\", \"text\": 5}", KR_EFORMAT, 0);
  assert_int_equal(read_one(&f, "{\"date\": \"2025-01-02\", \"text\": \"t\", \"date\": \"zła\"}"), 1);
  assert_null(f.doc->date);
  close_fx(&f);
}

static void scanner_whitespace(void **state) {
  (void)state;
  expect_text("  {  \"text\"  :  \"a\"  ,  \"id\"  :  1  }  ", "a");
  expect_text("{\t\"text\"\t:\t\"b\"\t}\t", "b");
  expect_text("{\"text\":\"c\",\"x\":[ 1 , 2 ,{ } ,[ ] ]}", "c");
  expect_text("\r{\"text\":\r\"d\"}\r\r", "d"); /* CR is JSON whitespace; the line's last one is dropped */
  expect_error("{\"text\": \"e\"}\f", KR_EJSON, 13);
  expect_error("{\"text\": \"e\"\v}", KR_EJSON, 12);
  expect_error("{\"text\":\xC2\xA0\"nbsp\"}", KR_EJSON, 8);
  expect_error("{\"text\": \"raw\ttab\"}", KR_EJSON, 13);
  expect_error("{\"text\": \"raw \x01 control\"}", KR_EJSON, 14);
  expect_text("{\"text\": \"DEL \x7F jest dozwolony\"}", "DEL \x7F jest dozwolony");
}

static void scanner_syntax_errors(void **state) {
  (void)state;
  static const char *const bad[] = {
      "{\"text\": \"abc",  "{\"text\": \"abc\"", "{\"text\": ", "{\"text\"", "{\"text", "{", "{\"text\": \"a\\",
      "{\"text\": \"a\",}", "{\"text\": \"a\" \"id\": 1}", "{\"text\" \"a\"}", "{text: \"a\"}", "{'text': 'a'}",
      "{\"text\": \"a\"}}", "{\"text\": \"a\"} {}", "{\"x\": [1, 2,], \"text\": \"a\"}", "{\"x\": [1 2]}",
      "{\"x\": ]}", "{,}", "{\"text\": \"a\"]", "{\"x\": [}", "{\"text\": \"a\"}\xEF\xBB\xBF",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    fixture f;
    assert_int_equal(read_one(&f, bad[i]), KR_EJSON);
    assert_int_equal(f.err.line, 1);
    assert_true(f.err.position < strlen(bad[i]));
    assert_non_null(strstr(f.err.message, "column"));
    close_fx(&f);
  }
  /* the byte and column of the error are those of the offending token */
  fixture f;
  assert_int_equal(read_one(&f, "{\"text\": \"żółw\" x}"), KR_EJSON);
  assert_int_equal(f.err.position, 19);
  assert_non_null(strstr(f.err.message, "column 17 (byte 19)"));
  close_fx(&f);
}

static void scanner_utf8_in_skipped_parts(void **state) {
  (void)state;
  const char *in = "{\"text\": \"ok\", \"x\": \"z\xC3\x28\"}";
  expect_error(in, KR_EUTF8, (size_t)(strchr(in, '\xC3') - in));
  in = "{\"text\xE0\x80\x80\": 1, \"text\": \"ok\"}"; /* overlong, in a key */
  expect_error(in, KR_EUTF8, 6);
  in = "{\"text\": \"ok\", \xFF}"; /* outside strings */
  expect_error(in, KR_EUTF8, 15);
  in = "{\"text\": \"a\", \"x\": \"\xF4\x90\x80\x80\"}"; /* above U+10FFFF */
  expect_error(in, KR_EUTF8, 20);
  /* a NUL byte is never text, even where a JSON parser might stop early */
  static const char nul[] = "{\"text\": \"a\", \"n\": [1\0]}";
  kr_read_options opt = {KR_FMT_JSONL, 0, NULL};
  fixture f;
  open_with(&f, "s.jsonl", nul, sizeof nul - 1, &opt);
  assert_int_equal(next(&f), KR_EUTF8);
  assert_int_equal(f.err.position, 21);
  assert_non_null(strstr(f.err.message, "NUL byte"));
  close_fx(&f);
}

static void scanner_code_points_counted(void **state) {
  (void)state;
  fixture f;
  const char *want = "Zażółć gęślą jaźń — „cytat” \xF0\x9F\x98\x80 \xE2\x82\xAC";
  assert_int_equal(read_one(&f, "{\"text\": \"Zażółć gęślą jaźń \\u2014 \\u201ecytat\\u201d \\ud83d\\ude00 €\"}"), 1);
  assert_str(f.doc->text, want);
  assert_int_equal(f.doc->n_cp, count_cp(want));
  close_fx(&f);
}

static void scanner_huge_strings(void **state) {
  (void)state;
  /* a 3 MB record: runs of ASCII and Polish letters, escapes now and then,
  ** a long skipped field before the text */
  enum { REPS = 60000 };
  static const char piece[] = "Ala ma kota, a kot ma Alę. Żółw\\n\\u0105\\\"";
  static const char decoded[] = "Ala ma kota, a kot ma Alę. Żółw\n\xC4\x85\"";
  size_t plen = sizeof piece - 1, dlen = sizeof decoded - 1;
  char *in = malloc(REPS * plen * 2 + 64), *want = malloc(REPS * dlen + 1);
  assert_non_null(in);
  assert_non_null(want);
  size_t n = 0, w = 0;
  n += (size_t)sprintf(in + n, "{\"html\": \"");
  for (int i = 0; i < REPS; i++) { memcpy(in + n, piece, plen); n += plen; }
  n += (size_t)sprintf(in + n, "\", \"text\": \"");
  for (int i = 0; i < REPS; i++) {
    memcpy(in + n, piece, plen);
    n += plen;
    memcpy(want + w, decoded, dlen);
    w += dlen;
  }
  n += (size_t)sprintf(in + n, "\"}\n");
  want[w] = 0;
  kr_read_options opt = {KR_FMT_AUTO, 0, NULL};
  fixture f;
  open_with(&f, "big.jsonl", in, n, &opt);
  assert_int_equal(kr_reader_format(f.r), KR_FMT_JSONL);
  assert_int_equal(next(&f), 1);
  assert_int_equal(f.doc->text_len, w);
  assert_memory_equal(f.doc->text, want, w);
  assert_int_equal(f.doc->text[w], 0);
  assert_int_equal(f.doc->n_cp, count_cp(want));
  close_fx(&f);
  /* the limit applies to the decoded text */
  opt.max_doc_bytes = w - 1;
  open_with(&f, "big.jsonl", in, n, &opt);
  assert_int_equal(next(&f), KR_ETOOBIG);
  close_fx(&f);
  opt.max_doc_bytes = w;
  open_with(&f, "big.jsonl", in, n, &opt);
  assert_int_equal(next(&f), 1);
  close_fx(&f);
  free(in);
  free(want);
}

static void bad_arguments(void **state) {
  (void)state;
  kr_reader *r = NULL;
  assert_int_equal(kr_reader_open(NULL, "x", "a", 1, NULL), KR_EINVAL);
  assert_int_equal(kr_reader_open(&r, "x", NULL, 5, NULL), KR_EINVAL);
  assert_int_equal(kr_reader_open(&r, "x", "abc", 3, NULL), 0);
  kr_error err;
  assert_int_equal(kr_reader_next(r, NULL, &err), KR_EINVAL);
  kr_reader_close(r);
  kr_reader_close(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(article_detected),
      cmocka_unit_test(article_invalid_date_keeps_no_date),
      cmocka_unit_test(jsonl_detected),
      cmocka_unit_test(plain_detected),
      cmocka_unit_test(plain_when_brace_is_not_json),
      cmocka_unit_test(jsonl_detected_after_broken_first_line),
      cmocka_unit_test(forced_format),
      cmocka_unit_test(name_variants),
      cmocka_unit_test(news_please_fields),
      cmocka_unit_test(trafilatura_fields),
      cmocka_unit_test(text_field_preferred_over_raw_text),
      cmocka_unit_test(integer_id),
      cmocka_unit_test(json_escapes_decoded),
      cmocka_unit_test(date_validation),
      cmocka_unit_test(date_time_normalised),
      cmocka_unit_test(default_date),
      cmocka_unit_test(invalid_default_date_rejected),
      cmocka_unit_test(bom_skipped),
      cmocka_unit_test(crlf_kept),
      cmocka_unit_test(blank_lines_between_records),
      cmocka_unit_test(last_line_without_newline),
      cmocka_unit_test(invalid_utf8_plain_offset),
      cmocka_unit_test(invalid_utf8_article_offset),
      cmocka_unit_test(invalid_utf8_jsonl_offset),
      cmocka_unit_test(nul_byte_rejected),
      cmocka_unit_test(lone_surrogate_escape_rejected),
      cmocka_unit_test(empty_documents),
      cmocka_unit_test(too_big),
      cmocka_unit_test(malformed_json_then_good_line),
      cmocka_unit_test(missing_text_field),
      cmocka_unit_test(non_object_line),
      cmocka_unit_test(trailing_garbage_is_malformed),
      cmocka_unit_test(scanner_simple_escapes),
      cmocka_unit_test(scanner_surrogate_pairs),
      cmocka_unit_test(scanner_lone_surrogates),
      cmocka_unit_test(scanner_deep_nesting),
      cmocka_unit_test(scanner_numbers),
      cmocka_unit_test(scanner_literals),
      cmocka_unit_test(scanner_unicode_and_escaped_keys),
      cmocka_unit_test(scanner_duplicate_keys),
      cmocka_unit_test(scanner_whitespace),
      cmocka_unit_test(scanner_syntax_errors),
      cmocka_unit_test(scanner_utf8_in_skipped_parts),
      cmocka_unit_test(scanner_code_points_counted),
      cmocka_unit_test(scanner_huge_strings),
      cmocka_unit_test(bad_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
