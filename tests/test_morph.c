/*
** tests/test_morph.c — PoliMorf dictionary, tag normalisation, UPOS/FEATS.
**
** Needs the dictionary at KR_TEST_DICT (build/dict/polish.dict); exits 77
** (skipped) when it is absent. The side files made by kronika-dictprep are
** used when present; the reverse-index test accepts their absence.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "morph/morph.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static kr_dict *dict;
static kr_arena *arena;

/* True when `form` has a reading (lemma, tag). */
static int has_reading(const char *form, const char *lemma, const char *tag) {
  kr_reading r[256];
  kr__arena_reset(arena);
  int n = kr__morph_lookup(dict, arena, form, strlen(form), r, 256);
  for (int i = 0; i < n; i++)
    if (strcmp(r[i].lemma, lemma) == 0 && (!tag || strcmp(kr__dict_tag(dict, r[i].tag), tag) == 0))
      return 1;
  return 0;
}

static void test_lookup_common_noun(void **state) {
  (void)state;
  assert_true(has_reading("kot", "kot", "subst:sg:nom:m2"));
  assert_true(has_reading("psa", "pies", "subst:sg:gen:m2"));
}

static void test_lookup_proper_noun(void **state) {
  (void)state;
  assert_true(has_reading("Korei", "Korea", "subst:sg:gen:f"));
  assert_true(has_reading("Pekinu", "Pekin", "subst:sg:gen:m3"));
}

static void test_lookup_unknown(void **state) {
  (void)state;
  kr_reading r[8];
  assert_int_equal(kr__morph_lookup(dict, arena, "qzxwv", 5, r, 8), 0);
  assert_int_equal(kr__morph_lookup(dict, arena, "a;b", 3, r, 8), 0);
}

static void test_case_lowered(void **state) {
  (void)state;
  assert_true(has_reading("Kot", "kot", "subst:sg:nom:m2"));
  assert_true(has_reading("PSA", "pies", "subst:sg:gen:m2"));
}

static void test_case_keeps_proper_readings(void **state) {
  (void)state;
  assert_true(has_reading("Polska", "Polska", "subst:sg:nom:f"));
  assert_true(has_reading("Polska", "polski", "adj:sg:nom:f:pos"));
  assert_true(has_reading("POLSKA", "Polska", "subst:sg:nom:f"));
}

static void test_lookup_no_duplicates(void **state) {
  (void)state;
  kr_reading r[256];
  int n = kr__morph_lookup(dict, arena, "Psa", 3, r, 256);
  assert_true(n > 0);
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      assert_false(r[i].tag == r[j].tag && strcmp(r[i].lemma, r[j].lemma) == 0);
}

static void test_lookup_respects_max(void **state) {
  (void)state;
  kr_reading r[2];
  assert_int_equal(kr__morph_lookup(dict, arena, "ten", 3, r, 2), 2);
}

static void test_builtin_readings(void **state) {
  (void)state;
  assert_true(has_reading(",", ",", "interp"));
  assert_true(has_reading("śmy", "być", "aglt:pl:pri:imperf:nwok"));
}

static void test_tags_are_atomic_and_normalised(void **state) {
  (void)state;
  unsigned n = kr__dict_n_tags(dict);
  assert_true(n > 1000 && n < 65535);
  for (unsigned i = 0; i < n; i++) {
    const char *t = kr__dict_tag(dict, i);
    assert_null(strpbrk(t, ".+"));
    assert_null(strstr(t, "verb:"));
    assert_null(strstr(t, "refl"));
    assert_int_equal(kr__dict_tag_id(dict, t, strlen(t)), (int)i);
  }
  assert_null(kr__dict_tag(dict, n));
  assert_int_equal(kr__dict_tag_id(dict, "nonsense:tag", 12), -1);
}

static void test_tag_normalize(void **state) {
  (void)state;
  static const char *const cases[][2] = {
    {"verb:praet:sg:m1:ter:perf:refl", "praet:sg:m1:perf"},
    {"verb:fin:sg:ter:imperf:nonrefl", "fin:sg:ter:imperf"},
    {"subst:sg:gen:n2", "subst:sg:gen:n:ncol"},
    {"subst:pl:nom:p1", "subst:pl:nom:m1:pt"},
    {"adj:pl:nom:p2:pos", "adj:pl:nom:n:pos"},
    {"siebie:dat:nakc", "siebie:dat"},
    {"qub", "part"},
    {"prep:loc:nwok", "prep:loc:nwok"},
  };
  char out[128];
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    assert_true(kr__tag_normalize(cases[i][0], strlen(cases[i][0]), out, sizeof out) > 0);
    assert_string_equal(out, cases[i][1]);
  }
  assert_int_equal(kr__tag_normalize("subst:sg:nom:m1", 15, out, 4), KR_ELIMIT);
}

static void test_tag_upos(void **state) {
  (void)state;
  assert_int_equal(kr__tag_upos("subst:sg:nom:m3", "kot"), KR_UPOS_NOUN);
  assert_int_equal(kr__tag_upos("subst:sg:nom:f", "Polska"), KR_UPOS_PROPN);
  assert_int_equal(kr__tag_upos("fin:sg:ter:imperf", "być"), KR_UPOS_AUX);
  assert_int_equal(kr__tag_upos("fin:sg:ter:imperf", "mieć"), KR_UPOS_VERB);
  assert_int_equal(kr__tag_upos("adj:sg:nom:m3:pos", "który"), KR_UPOS_DET);
  assert_int_equal(kr__tag_upos("ppron3:sg:gen:m1:ter:akc:npraep", NULL), KR_UPOS_PRON);
  assert_int_equal(kr__tag_upos("conj", NULL), KR_UPOS_CCONJ);
  assert_int_equal(kr__tag_upos("comp", NULL), KR_UPOS_SCONJ);
  assert_int_equal(kr__tag_upos("qub", "już"), KR_UPOS_PART);
  assert_int_equal(kr__tag_upos("part", "się"), KR_UPOS_PRON);
  assert_int_equal(kr__tag_upos("interp", ","), KR_UPOS_PUNCT);
  assert_int_equal(kr__tag_upos("num:pl:nom:m3:congr", "pięć"), KR_UPOS_NUM);
  assert_int_equal(kr__tag_upos("no-such-class", NULL), KR_UPOS_X);
}

static void test_tag_feats(void **state) {
  (void)state;
  char out[256];
  kr__tag_feats("subst:sg:gen:m3", "kot", out, sizeof out);
  assert_string_equal(out, "Animacy=Inan|Case=Gen|Gender=Masc|Number=Sing");
  kr__tag_feats("fin:sg:ter:perf", "zrobić", out, sizeof out);
  assert_string_equal(out, "Aspect=Perf|Mood=Ind|Number=Sing|Person=3|Tense=Fut|VerbForm=Fin|Voice=Act");
  kr__tag_feats("prep:loc:nwok", "w", out, sizeof out);
  assert_string_equal(out, "AdpType=Prep|Variant=Short");
  kr__tag_feats("subst:pl:gen:n:pt", "drzwi", out, sizeof out);
  assert_string_equal(out, "Case=Gen|Gender=Neut|Number=Ptan");
  kr__tag_feats("adj:sg:nom:m1:pos", "ten", out, sizeof out);
  assert_string_equal(out, "Animacy=Hum|Case=Nom|Gender=Masc|Number=Sing|PronType=Dem");
  kr__tag_feats("conj", "i", out, sizeof out);
  assert_string_equal(out, "_");
  assert_int_equal(kr__tag_feats("subst:sg:gen:m3", NULL, out, 8), KR_ELIMIT);
}

static void test_tag_match(void **state) {
  (void)state;
  assert_true(kr__tag_match("subst:sg:gen:m3", "subst:sg:gen"));
  assert_true(kr__tag_match("subst:sg:gen:m3", "subst:*:gen.dat:m3"));
  assert_true(kr__tag_match("subst:sg:gen:m3", "subst::gen:"));
  assert_true(kr__tag_match("subst:sg:gen:m3", ""));
  assert_false(kr__tag_match("subst:sg:gen:m3", "subst:pl"));
  assert_false(kr__tag_match("subst:sg:gen:m3", "subst:sg:gen:m3:ncol"));
  assert_true(kr__tag_match("subst:sg:gen:m3", "subst:sg:gen:m3:*"));
}

typedef struct forms {
  char buf[256];
} forms;

static int collect_form(void *ctx, const char *form, size_t len, unsigned tag) {
  forms *f = ctx;
  (void)tag;
  size_t o = strlen(f->buf);
  if (o + len + 2 < sizeof f->buf) {
    memcpy(f->buf + o, form, len);
    f->buf[o + len] = ' ';
    f->buf[o + len + 1] = '\0';
  }
  return 0;
}

static void test_generate(void **state) {
  (void)state;
  forms f = {""};
  int n = kr__dict_generate(dict, "pies", 4, "subst:sg:gen:m2", collect_form, &f);
  if (n == KR_ENOTFOUND) skip(); /* no reverse index beside the dictionary */
  assert_int_equal(n, 1);
  assert_string_equal(f.buf, "psa ");
  f.buf[0] = '\0';
  n = kr__dict_generate(dict, "dobry", 5, "adj:sg:nom:f:sup", collect_form, &f);
  assert_int_equal(n, 1);
  assert_string_equal(f.buf, "najlepsza ");
  f.buf[0] = '\0';
  n = kr__dict_generate(dict, "Korea", 5, "subst:sg:loc", collect_form, &f);
  assert_int_equal(n, 1);
  assert_string_equal(f.buf, "Korei ");
  assert_int_equal(kr__dict_generate(dict, "qzxwv", 5, NULL, collect_form, &f), 0);
}

/* ---- bad dictionary files ---- */

static char *read_prefix(size_t *len) {
  FILE *f = fopen(KR_TEST_DICT, "rb");
  assert_non_null(f);
  char *buf = malloc(1 << 20);
  assert_non_null(buf);
  *len = fread(buf, 1, 1 << 20, f);
  fclose(f);
  return buf;
}

static void expect_bad(const void *data, size_t len) {
  char path[] = "/tmp/kr_test_dict_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, data, len), (ssize_t)len);
  close(fd);
  kr_dict *d = NULL;
  kr_error err = {0};
  assert_int_equal(kr__dict_open(&d, path, &err), KR_EDICT);
  assert_null(d);
  assert_int_equal(err.code, KR_EDICT);
  assert_true(strlen(err.message) > 0);
  unlink(path);
}

static void test_bad_missing_file(void **state) {
  (void)state;
  kr_dict *d = NULL;
  kr_error err = {0};
  assert_int_equal(kr__dict_open(&d, "/nonexistent/polish.dict", &err), KR_EDICT);
  assert_null(d);
  assert_non_null(strstr(err.message, "/nonexistent/polish.dict"));
}

static void test_bad_magic(void **state) {
  (void)state;
  expect_bad("\\fsb\xc6\x00\x07\x00xxxxxxxx", 16);
  expect_bad("", 0);
  expect_bad("\\fsa", 4);
}

static void test_bad_version(void **state) {
  (void)state;
  expect_bad("\\fsa\x05\x00\x07\x00xxxxxxxx", 16);
}

static void test_bad_truncated(void **state) {
  (void)state;
  size_t len;
  char *buf = read_prefix(&len);
  expect_bad(buf, 40);       /* header and label table only */
  expect_bad(buf, 41);
  expect_bad(buf, len / 2);  /* arcs cut in the middle */
  expect_bad(buf, len - 1);
  free(buf);
}

static void test_bad_random_bytes(void **state) {
  (void)state;
  size_t len;
  char *buf = read_prefix(&len);
  uint32_t x = 12345;
  for (int round = 0; round < 20; round++) {
    size_t n = 4096 + (size_t)round * 997;
    for (size_t i = 8 + 32; i < n; i++) {
      x = x * 1103515245u + 12345u;
      buf[i] = (char)(x >> 16);
    }
    expect_bad(buf, n);      /* valid header, random arcs */
  }
  for (size_t i = 0; i < 4096; i++) {
    x = x * 1103515245u + 12345u;
    buf[i] = (char)(x >> 16);
  }
  expect_bad(buf, 4096);     /* random everything */
  free(buf);
}

/* ---- abbreviation lexicon (data/morph/abbrev.tsv) ---------------------- */

static void test_abbrev_shipped(void **state) {
  (void)state;
  kr_abbrev *ab = NULL;
  kr_error err = {0};
  assert_int_equal(kr__abbrev_load(&ab, KR_TEST_SRC "/data/morph/abbrev.tsv", dict, &err), 0);
  assert_non_null(ab);
  const kr_abbrev_entry *e;
  int n = kr__abbrev_find(ab, "m.in", 4, &e);
  assert_int_equal(n, 1);
  assert_string_equal(e->lemma, "między_innymi");
  assert_int_equal(e->upos, KR_UPOS_ADV);
  assert_string_equal(kr__dict_tag(dict, e->tag), "brev:pun");
  n = kr__abbrev_find(ab, "zł", strlen("zł"), &e);
  assert_int_equal(n, 1);
  assert_string_equal(e->lemma, "złoty");
  assert_string_equal(kr__dict_tag(dict, e->tag), "brev:npun");
  /* "min" is minuta (both tags) and minister; the prefix "mi" is nothing */
  assert_int_equal(kr__abbrev_find(ab, "min", 3, &e), 3);
  assert_int_equal(kr__abbrev_find(ab, "mi", 2, &e), 0);
  assert_int_equal(kr__abbrev_find(ab, "minu", 4, &e), 0);
  unsigned pun = (unsigned)kr__dict_tag_id(dict, "brev:pun", 8);
  assert_int_equal(kr__abbrev_upos(ab, "ds", 2, "do_spraw", pun), KR_UPOS_ADP);
  assert_int_equal(kr__abbrev_upos(ab, "ds", 2, "dom", 0), -1);
  kr__abbrev_free(ab);
}

static void expect_bad_abbrev(const char *text, const char *line_prefix) {
  char path[] = "/tmp/kr_test_abbrev_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  close(fd);
  kr_abbrev *ab = NULL;
  kr_error err = {0};
  assert_int_equal(kr__abbrev_load(&ab, path, dict, &err), KR_EDATA);
  assert_null(ab);
  char want[128];
  snprintf(want, sizeof want, "%s:%s", path, line_prefix);
  assert_non_null(strstr(err.message, want));
  unlink(path);
}

static void test_abbrev_bad_rows(void **state) {
  (void)state;
  expect_bad_abbrev("# c\nr\trok\tNOUN\n", "2:");                      /* 3 fields */
  expect_bad_abbrev("r\trok\tNUON\tbrev:pun\n", "1: unknown UPOS");
  expect_bad_abbrev("r\trok\tNOUN\tbrev:pun\nx\ty\tNOUN\tbrev:xx\n", "2: tag");
  expect_bad_abbrev("r\tna przykład\tADV\tbrev:pun\n", "1:");            /* space */
  expect_bad_abbrev("r\trok\tNOUN\tbrev:pun\t\n", "1: empty FEATS");
}

static void test_abbrev_missing_file(void **state) {
  (void)state;
  kr_abbrev *ab = (kr_abbrev *)1;
  kr_error err = {0};
  assert_int_equal(kr__abbrev_load(&ab, "/nonexistent/abbrev.tsv", dict, &err), 0);
  assert_null(ab);
  const kr_abbrev_entry *e;
  assert_int_equal(kr__abbrev_find(NULL, "r", 1, &e), 0);
}

int main(void) {
  if (access(KR_TEST_DICT, R_OK) != 0) {
    fprintf(stderr, "test_morph: %s is absent, skipping\n", KR_TEST_DICT);
    return 77;
  }
  kr_error err = {0};
  if (kr__dict_open(&dict, KR_TEST_DICT, &err) != 0) {
    fprintf(stderr, "test_morph: %s\n", err.message);
    return 1;
  }
  arena = kr__arena_new(0);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lookup_common_noun),
    cmocka_unit_test(test_lookup_proper_noun),
    cmocka_unit_test(test_lookup_unknown),
    cmocka_unit_test(test_case_lowered),
    cmocka_unit_test(test_case_keeps_proper_readings),
    cmocka_unit_test(test_lookup_no_duplicates),
    cmocka_unit_test(test_lookup_respects_max),
    cmocka_unit_test(test_builtin_readings),
    cmocka_unit_test(test_tags_are_atomic_and_normalised),
    cmocka_unit_test(test_tag_normalize),
    cmocka_unit_test(test_tag_upos),
    cmocka_unit_test(test_tag_feats),
    cmocka_unit_test(test_tag_match),
    cmocka_unit_test(test_generate),
    cmocka_unit_test(test_bad_missing_file),
    cmocka_unit_test(test_bad_magic),
    cmocka_unit_test(test_bad_version),
    cmocka_unit_test(test_bad_truncated),
    cmocka_unit_test(test_bad_random_bytes),
    cmocka_unit_test(test_abbrev_shipped),
    cmocka_unit_test(test_abbrev_bad_rows),
    cmocka_unit_test(test_abbrev_missing_file),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  kr__arena_free(arena);
  kr__dict_close(dict);
  return failed ? 1 : 0;
}
