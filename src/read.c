/*
** read.c — the reader: turns an input buffer into documents.
**
** Exports kr_reader_open/next/close/format (see kronika.h). The buffer is
** the caller's (typically a memory-mapped file) and is never copied as a
** whole: a document's text is copied once, into the kr_doc's arena, by
** kr_doc_set_text(); JSON Lines are parsed one line at a time, so memory
** use is per document whatever the size of the file.
**
** Three input forms (docs/output-contract.md), detected when the caller
** asks for KR_FMT_AUTO:
**
**   article  optional BOM and whitespace, `date YYYY-MM-DD`, then the lead
**            on the same line, then the body. The text is everything after
**            the date and the blanks that follow it, byte for byte.
**   JSONL    the first non-blank line starts with '{' and is a JSON object
**            (or, when that line is broken, one of the next few lines is:
**            a JSON Lines file whose first record is damaged is still JSON
**            Lines). One document per non-blank line.
**   plain    anything else: the whole buffer (minus a BOM) is one document.
**
** Decisions:
**   - Text is never normalised: CRLF, NBSP and typographic quotes stay as
**     they are, so that offsets computed later index the input faithfully.
**     Only a leading UTF-8 BOM is skipped.
**   - UTF-8 errors take precedence over every other error of a document and
**     carry the absolute byte offset of the bad sequence in the buffer (and
**     its line). For JSONL the check runs only when jansson (which checks
**     UTF-8 the same way) refuses the line: the fast path parses once. JSON `\u` escapes are decoded by jansson, which
**     rejects lone surrogates; we report those as KR_EUTF8 too, at the
**     offset of the escape.
**   - For a single-document form the size limit is checked before UTF-8
**     (no point scanning gigabytes that will be refused anyway); for JSONL
**     the limit applies to the decoded text, and lines longer than four
**     times the limit are refused unparsed to bound memory.
**   - Errors: KR_EUTF8, KR_EEMPTY (only whitespace), KR_ETOOBIG, KR_EJSON
**     (a line that is not valid JSON, or not a JSON object), KR_EFORMAT (a
**     record without a text field; an article header forced by the caller
**     but absent). After an error the next call moves on to the next
**     document.
**   - Dates are normalised to YYYY-MM-DD and validated (leap years
**     included). A date that is not valid is dropped silently; the
**     document then gets opt->default_date, like one that has none.
**   - Metadata field names accepted besides our own: news-please
**     (`maintext`, `date_publish`, `source_domain`) and trafilatura
**     (`raw_text`, `hostname`, `sitename`; its `source` holds a URL and is
**     taken as the url when it looks like one).
*/
#include "internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_MAX_DOC_BYTES ((size_t)16 << 20)
#define DETECT_LINES 4 /* lines tried when the first JSON line is broken */

struct kr_reader {
  const char *data;        /* the caller's buffer */
  size_t len;              /* its size in bytes */
  size_t pos;              /* JSONL: start of the next line; others: unused */
  uint32_t line;           /* JSONL: 1-based number of the line at pos */
  int format;              /* enum kr_input_format, never AUTO after open */
  int done;                /* single-document forms: the document was returned */
  size_t max_doc_bytes;    /* limit on a document's text */
  char default_date[11];   /* "YYYY-MM-DD" or "" */
  char *name;              /* for messages; owned */
  char *stem;              /* file name without directory and extension; owned */
};

/* ---- small helpers ------------------------------------------------------- */

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static char *str_dup(const char *s) {
  size_t n = strlen(s);
  char *p = malloc(n + 1);
  if (p) memcpy(p, s, n + 1);
  return p;
}

/* Skips a UTF-8 byte order mark at data[0]. */
static size_t skip_bom(const char *data, size_t len) {
  return (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
          (unsigned char)data[2] == 0xBF) ? 3 : 0;
}

/* 1-based line of byte `off` (counts newlines before it). */
static uint32_t line_of(const char *data, size_t off) {
  uint32_t line = 1;
  const char *p = data, *end = data + off;
  while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    line++;
    p++;
  }
  return line;
}

/* True when s[0..len) holds only whitespace (ASCII, NBSP, Unicode Zs...).
** s must be valid UTF-8. */
static int only_space(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    if ((unsigned char)s[i] < 0x80) {
      if (!is_blank(s[i])) return 0;
      i++;
      continue;
    }
    int32_t cp;
    int n = kr__utf8_decode(s + i, len - i, &cp);
    if (!kr__cp_is_space(cp)) return 0;
    i += (size_t)n;
  }
  return 1;
}

/* Longest JSON line parsed: the text limit plus room for escapes and other
** fields; longer lines are refused unparsed, to bound memory. */
static size_t line_limit(size_t max_doc_bytes) {
  return max_doc_bytes > SIZE_MAX / 4 ? SIZE_MAX : max_doc_bytes * 4;
}

/* ---- dates --------------------------------------------------------------- */

static int two(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

/* Reads a calendar date YYYY-MM-DD at the start of s[0..len) into out[11];
** what follows must be the end, 'T'/'t' or a space (a date-time: "2025-10-12
** 08:15:00", "2025-10-12T08:15:00+02:00"). The local date is kept as
** written: no time-zone arithmetic. Returns 1 when valid. */
static int parse_date(const char *s, size_t len, char out[11]) {
  while (len && is_blank(*s)) { s++; len--; }
  if (len < 10) return 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) { if (s[i] != '-') return 0; }
    else if (!is_digit(s[i])) return 0;
  }
  if (len > 10 && s[10] != 'T' && s[10] != 't' && !is_blank(s[10])) return 0;
  int y = two(s) * 100 + two(s + 2), m = two(s + 5), d = two(s + 8);
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return 0;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] + (m == 2 && leap)) return 0;
  memcpy(out, s, 10);
  out[10] = 0;
  return 1;
}

/* ---- detection ----------------------------------------------------------- */

/* When data[pos..] is an article header (`date YYYY-MM-DD` followed by a
** blank or the end), stores the offset of the text after it (past the
** blanks) in *text_off and the date (or "" when not a valid date) in
** date[11]. */
static int article_header(const char *data, size_t len, size_t pos, size_t *text_off, char date[11]) {
  while (pos < len && is_blank(data[pos])) pos++;
  if (len - pos < 4 || memcmp(data + pos, "date", 4) != 0) return 0;
  pos += 4;
  size_t sp = pos;
  while (pos < len && (data[pos] == ' ' || data[pos] == '\t')) pos++;
  if (pos == sp || len - pos < 10) return 0;
  const char *d = data + pos;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) { if (d[i] != '-') return 0; }
    else if (!is_digit(d[i])) return 0;
  }
  pos += 10;
  if (pos < len && !is_blank(data[pos])) return 0;
  if (!parse_date(d, 10, date)) date[0] = 0;
  while (pos < len && is_blank(data[pos])) pos++;
  *text_off = pos;
  return 1;
}

/* Finds the next line at or after *pos: its start and length without the
** line end ("\n" or "\r\n"). Advances *pos past the line end. Returns 0 at
** the end of the buffer. */
static int next_line(const char *data, size_t len, size_t *pos, size_t *start, size_t *n) {
  if (*pos >= len) return 0;
  const char *p = data + *pos;
  const char *nl = memchr(p, '\n', len - *pos);
  size_t l = nl ? (size_t)(nl - p) : len - *pos;
  *start = *pos;
  *pos += l + (nl ? 1 : 0);
  if (l && p[l - 1] == '\r') l--;
  *n = l;
  return 1;
}

static int line_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_blank(s[i])) return 0;
  return 1;
}

/* Whether s[0..n) parses as a JSON object. */
static int is_json_object(const char *s, size_t n) {
  json_error_t jerr;
  json_t *j = json_loadb(s, n, JSON_DECODE_ANY, &jerr);
  int ok = j && json_is_object(j);
  json_decref(j);
  return ok;
}

static int detect(const char *data, size_t len, size_t max_line) {
  size_t pos = skip_bom(data, len), start, n, off;
  char date[11];
  if (article_header(data, len, pos, &off, date)) return KR_FMT_ARTICLE;
  int tried = 0, first = 1;
  while (tried < DETECT_LINES && next_line(data, len, &pos, &start, &n)) {
    if (line_blank(data + start, n)) continue;
    size_t i = start;
    while (is_blank(data[i])) i++;
    if (data[i] != '{') {
      if (first) return KR_FMT_PLAIN;
      tried++;
      continue;
    }
    first = 0;
    tried++;
    if (n <= max_line && is_json_object(data + start, n)) return KR_FMT_JSONL;
  }
  return KR_FMT_PLAIN;
}

/* ---- open / close -------------------------------------------------------- */

static char *make_stem(const char *name) {
  if (!name || !*name || !strcmp(name, "-")) return str_dup("stdin");
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  if (!*base) base = name;
  size_t n = strlen(base);
  const char *dot = strrchr(base, '.');
  if (dot && dot != base) n = (size_t)(dot - base);
  char *p = malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, base, n);
  p[n] = 0;
  /* file names need not be UTF-8; ids must be */
  size_t bad, at = 0;
  while (!kr__utf8_valid(p + at, n - at, &bad)) {
    p[at + bad] = '?';
    at += bad + 1;
  }
  return p;
}

int kr_reader_open(kr_reader **out, const char *name, const char *data, size_t len,
                   const kr_read_options *opt) {
  if (!out) return KR_EINVAL;
  *out = NULL;
  if (!data && len) return KR_EINVAL;
  int format = opt ? opt->format : KR_FMT_AUTO;
  if (format < KR_FMT_AUTO || format > KR_FMT_PLAIN) return KR_EINVAL;
  kr_reader *r = calloc(1, sizeof *r);
  if (!r) return KR_ENOMEM;
  int rc = 0;
  r->data = data ? data : "";
  r->len = len;
  r->max_doc_bytes = opt && opt->max_doc_bytes ? opt->max_doc_bytes : DEFAULT_MAX_DOC_BYTES;
  if (opt && opt->default_date) {
    if (!parse_date(opt->default_date, strlen(opt->default_date), r->default_date) ||
        strlen(opt->default_date) != 10) {
      rc = KR_EINVAL;
      goto cleanup;
    }
  }
  r->name = str_dup(name && *name ? name : "stdin");
  r->stem = make_stem(name);
  if (!r->name || !r->stem) {
    rc = KR_ENOMEM;
    goto cleanup;
  }
  r->format = format != KR_FMT_AUTO ? format : detect(r->data, len, line_limit(r->max_doc_bytes));
  r->line = 1;
  r->pos = 0;
  *out = r;
  return 0;
cleanup:
  kr_reader_close(r);
  return rc;
}

void kr_reader_close(kr_reader *r) {
  if (!r) return;
  free(r->name);
  free(r->stem);
  free(r);
}

int kr_reader_format(const kr_reader *r) { return r ? r->format : KR_FMT_AUTO; }

/* ---- documents ----------------------------------------------------------- */

static int utf8_error(kr_reader *r, kr_error *err, size_t off, uint32_t line) {
  if (r->data[off] == 0)
    return kr__err_set(err, KR_EUTF8, off, line, "%.120s: NUL byte at byte %zu (line %u)",
                       r->name, off, (unsigned)line);
  return kr__err_set(err, KR_EUTF8, off, line, "%.120s: invalid UTF-8 at byte %zu (line %u)",
                     r->name, off, (unsigned)line);
}

static int too_big(kr_reader *r, kr_error *err, size_t off, uint32_t line, size_t size) {
  return kr__err_set(err, KR_ETOOBIG, off, line,
                     "%.120s: document of %zu bytes (line %u) is larger than the limit of %zu bytes",
                     r->name, size, (unsigned)line, r->max_doc_bytes);
}

static int set_meta_str(kr_doc *doc, const char *field, const char *s) {
  return kr_doc_set_meta(doc, field, s, strlen(s));
}

/* The date (when any) or the default date. */
static int set_date(kr_reader *r, kr_doc *doc, const char *date) {
  if (date && *date) return kr_doc_set_meta(doc, "date", date, 10);
  if (r->default_date[0]) return kr_doc_set_meta(doc, "date", r->default_date, 10);
  return 0;
}

/* Sets the text of a single-document form: data[off..len). */
static int whole_doc(kr_reader *r, kr_doc *doc, size_t off, const char *date, kr_error *err) {
  size_t n = r->len - off;
  if (n > r->max_doc_bytes) return too_big(r, err, off, line_of(r->data, off), n);
  size_t bad;
  if (!kr__utf8_valid(r->data + off, n, &bad))
    return utf8_error(r, err, off + bad, line_of(r->data, off + bad));
  if (only_space(r->data + off, n))
    return kr__err_set(err, KR_EEMPTY, off, line_of(r->data, off),
                       "%.120s: empty document (only whitespace)", r->name);
  int rc = kr_doc_set_text(doc, r->data + off, n, err);
  if (rc < 0) {
    if (err) err->position += off;
    return rc;
  }
  if ((rc = set_meta_str(doc, "id", r->stem)) < 0 || (rc = set_date(r, doc, date)) < 0)
    return kr__err_set(err, rc, off, 0, "%.120s: %s", r->name, kr_strerror(rc));
  return 1;
}

static int next_single(kr_reader *r, kr_doc *doc, kr_error *err) {
  if (r->done) return 0;
  r->done = 1;
  size_t off = skip_bom(r->data, r->len);
  if (r->format == KR_FMT_PLAIN) return whole_doc(r, doc, off, NULL, err);
  char date[11];
  size_t text_off;
  if (!article_header(r->data, r->len, off, &text_off, date))
    return kr__err_set(err, KR_EFORMAT, off, line_of(r->data, off),
                       "%.120s: no `date YYYY-MM-DD` header at the start of the article", r->name);
  return whole_doc(r, doc, text_off, date, err);
}

/* The first string among the fields `names` (NULL-terminated) that is a
** non-empty string; its length in *n. */
static const char *get_str(json_t *obj, const char *const *names, size_t *n) {
  for (; *names; names++) {
    json_t *v = json_object_get(obj, *names);
    if (json_is_string(v) && json_string_length(v) > 0) {
      if (n) *n = json_string_length(v);
      return json_string_value(v);
    }
  }
  return NULL;
}

static int is_url(const char *s) { return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8); }

/* Offset in line[0..n) of the first `\u` escape that is a lone UTF-16
** surrogate, or n when there is none. */
static size_t lone_surrogate(const char *s, size_t n) {
  for (size_t i = 0; i + 1 < n; i++) {
    if (s[i] != '\\') continue;
    if (s[i + 1] != 'u' || i + 6 > n) { i++; continue; }
    unsigned v = 0;
    for (size_t k = i + 2; k < i + 6; k++) {
      char c = s[k];
      v = v * 16 + (unsigned)(is_digit(c) ? c - '0' : ((c | 32) >= 'a' && (c | 32) <= 'f') ? (c | 32) - 'a' + 10 : 0);
    }
    if (v >= 0xDC00 && v <= 0xDFFF) return i;
    if (v >= 0xD800 && v <= 0xDBFF) {
      if (i + 12 > n || s[i + 6] != '\\' || s[i + 7] != 'u' || (s[i + 8] | 32) != 'd') return i;
      char c = (char)(s[i + 9] | 32);
      if (!(c >= 'c' && c <= 'f')) return i;
      i += 11;
      continue;
    }
    i += 5;
  }
  return n;
}

static const char *const TEXT_FIELDS[] = {"text", "maintext", "raw_text", NULL};
static const char *const ID_FIELDS[] = {"id", NULL};
static const char *const DATE_FIELDS[] = {"date", "date_publish", NULL};
static const char *const TITLE_FIELDS[] = {"title", NULL};
static const char *const URL_FIELDS[] = {"url", NULL};
static const char *const SOURCE_FIELDS[] = {"source", "source_domain", "sitename", "hostname", NULL};

/* Fills doc from one JSON object; off/line locate the record for errors. */
static int json_doc(kr_reader *r, kr_doc *doc, json_t *obj, size_t off, uint32_t line, kr_error *err) {
  size_t n = 0;
  const char *text = get_str(obj, TEXT_FIELDS, &n);
  if (!text)
    return kr__err_set(err, KR_EFORMAT, off, line,
                       "%.120s: line %u: no text field (text, maintext or raw_text)", r->name, (unsigned)line);
  if (n > r->max_doc_bytes) return too_big(r, err, off, line, n);
  if (only_space(text, n))
    return kr__err_set(err, KR_EEMPTY, off, line, "%.120s: line %u: empty document (only whitespace)",
                       r->name, (unsigned)line);
  int rc = kr_doc_set_text(doc, text, n, err);
  if (rc < 0) {
    if (err) { err->position = off; err->line = line; }
    return rc;
  }

  /* id: a string or an integer; default <stem>:<line> */
  json_t *idv = json_object_get(obj, "id");
  const char *s;
  char buf[64];
  if ((s = get_str(obj, ID_FIELDS, &n)) != NULL) {
    rc = kr_doc_set_meta(doc, "id", s, n);
  } else if (json_is_integer(idv)) {
    snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(idv));
    rc = set_meta_str(doc, "id", buf);
  } else {
    char *id = kr__arena_printf(doc->arena, "%s:%u", r->stem, (unsigned)line);
    if (!id) rc = KR_ENOMEM;
    else doc->id = id;
  }

  char date[11] = "";
  for (const char *const *f = DATE_FIELDS; *f && !date[0]; f++) {
    json_t *v = json_object_get(obj, *f);
    if (json_is_string(v) && !parse_date(json_string_value(v), json_string_length(v), date)) date[0] = 0;
  }
  if (rc >= 0) rc = set_date(r, doc, date);
  if (rc >= 0 && (s = get_str(obj, TITLE_FIELDS, &n)) != NULL) rc = kr_doc_set_meta(doc, "title", s, n);

  const char *url = get_str(obj, URL_FIELDS, &n);
  size_t url_len = n;
  const char *src = NULL;
  size_t src_len = 0;
  for (const char *const *f = SOURCE_FIELDS; *f; f++) {
    json_t *v = json_object_get(obj, *f);
    if (!json_is_string(v) || !json_string_length(v)) continue;
    const char *vs = json_string_value(v);
    if (is_url(vs)) { /* trafilatura's `source` is the page URL */
      if (!url) { url = vs; url_len = json_string_length(v); }
      continue;
    }
    src = vs;
    src_len = json_string_length(v);
    break;
  }
  if (rc >= 0 && url) rc = kr_doc_set_meta(doc, "url", url, url_len);
  if (rc >= 0 && src) rc = kr_doc_set_meta(doc, "source", src, src_len);
  if (rc < 0) return kr__err_set(err, rc, off, line, "%.120s: line %u: %s", r->name, (unsigned)line, kr_strerror(rc));
  return 1;
}

static int next_jsonl(kr_reader *r, kr_doc *doc, kr_error *err) {
  size_t start, n;
  for (;;) {
    uint32_t line = r->line;
    if (!next_line(r->data, r->len, &r->pos, &start, &n)) return 0;
    r->line++;
    if (start == 0) { /* a BOM before the first record */
      size_t b = skip_bom(r->data, n);
      start += b;
      n -= b;
    }
    const char *s = r->data + start;
    if (line_blank(s, n)) continue;

    if (n > line_limit(r->max_doc_bytes)) return too_big(r, err, start, line, n);
    /* jansson checks UTF-8 exactly as kr__utf8_valid does (overlongs,
    ** surrogates, > U+10FFFF; a raw NUL is a syntax error), so a line that
    ** parses is valid UTF-8; a line that does not is checked by us, so that
    ** the error is the same as with checking first, for a third of the cost. */
    json_error_t jerr;
    json_t *obj = json_loadb(s, n, JSON_DECODE_ANY, &jerr);
    if (!obj) {
      size_t bad;
      if (!kr__utf8_valid(s, n, &bad)) return utf8_error(r, err, start + bad, line);
      size_t at = lone_surrogate(s, n);
      if (at < n)
        return kr__err_set(err, KR_EUTF8, start + at, line,
                           "%.120s: invalid UTF-8: lone surrogate escape at byte %zu (line %u)",
                           r->name, start + at, (unsigned)line);
      size_t p = jerr.position > 0 ? (size_t)jerr.position - 1 : 0;
      if (p > n) p = n;
      return kr__err_set(err, KR_EJSON, start + p, line, "%.120s: line %u, column %d (byte %zu): %s",
                         r->name, (unsigned)line, jerr.column, start + p, jerr.text);
    }
    int rc;
    if (!json_is_object(obj))
      rc = kr__err_set(err, KR_EJSON, start, line, "%.120s: line %u: a JSON Lines record must be an object",
                       r->name, (unsigned)line);
    else
      rc = json_doc(r, doc, obj, start, line, err);
    json_decref(obj);
    return rc;
  }
}

int kr_reader_next(kr_reader *r, kr_doc *doc, kr_error *err) {
  if (!r || !doc) return kr__err_set(err, KR_EINVAL, 0, 0, "no reader or document");
  kr_doc_reset(doc);
  if (err) { err->code = 0; err->position = 0; err->line = 0; err->message[0] = 0; }
  int rc = r->format == KR_FMT_JSONL ? next_jsonl(r, doc, err) : next_single(r, doc, err);
  if (rc < 0) kr_doc_reset(doc);
  return rc;
}
