/*
** read.c — the reader: turns an input buffer into documents.
**
** Exports kr_reader_open/next/close/format (see kronika.h). The buffer is
** the caller's (typically a memory-mapped file) and is never copied as a
** whole: a document's text is copied once, into the kr_doc's arena (for
** JSON Lines it is decoded straight there by the scanner below); JSON Lines
** are parsed one line at a time, so memory use is per document whatever the
** size of the file.
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
**     its line). Every byte is validated once: a single-document text before
**     it is copied, a JSON line by the scanner while it skips or measures
**     strings; the whole line is checked again only when it is refused, to
**     find the first bad byte. A lone surrogate `\u` escape is reported as
**     KR_EUTF8 too, at the offset of the escape.
**   - JSON Lines are read by a hand-written scanner (see "JSON Lines
**     scanner" below), not through a JSON tree: it accepts exactly what
**     jansson (JSON_DECODE_ANY) accepted, which this reader used before and
**     the rest of the project still uses, and decodes only the strings the
**     document keeps: reading the NKJP bench file went from ~70 to ~570 MB/s.
**     Two deliberate differences: a raw NUL byte is always KR_EUTF8 (jansson
**     dropped one that followed a number and could accept the line), and a
**     syntax error's byte and column are those of the offending token's
**     first byte (jansson gave the last byte it had read).
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

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
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
static int is_json_object(const char *s, size_t n);

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
  char *text = kr__arena_strndup(doc->arena, r->data + off, n); /* validated above */
  if (!text) return kr__err_set(err, KR_ENOMEM, off, 0, "%.120s: %s", r->name, kr_strerror(KR_ENOMEM));
  int rc = kr__doc_set_text_valid(doc, text, n, kr__utf8_count(text, n), err);
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

/* ---- JSON Lines scanner ---------------------------------------------------
** One line is one JSON text (RFC 8259), checked strictly but never built
** into a tree: the scanner records where the values of the top-level fields
** the reader wants are (F_* below; the last occurrence of a duplicate key
** wins, as with a JSON object library) and skips everything else without
** allocating. Only the strings the document keeps are decoded, straight
** into its arena (json_decode). The grammar and limits are jansson's with
** JSON_DECODE_ANY, which this reader used before, so that the same lines
** are accepted:
**   - any value at the top (the caller refuses a non-object with its own
**     message); whitespace is space, tab, CR (LF ends the line);
**   - strings: raw bytes below 0x20 refused, raw UTF-8 validated as in
**     kr__utf8_valid (so an accepted line is valid UTF-8: outside strings
**     only ASCII is accepted), escapes \" \\ \/ \b \f \n \r \t \uXXXX,
**     \u0000 refused, surrogate pairs combined, lone surrogates refused;
**   - numbers -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; an integer
**     must fit in long long, a real must not overflow a double;
**   - literals true, false, null; at most JSON_MAX_DEPTH nested values.
** The nesting stack is an array of JSON_MAX_DEPTH bytes on the C stack: no
** recursion. A syntax error records its offset and a short message; the
** caller turns it into KR_EJSON (or KR_EUTF8, see next_jsonl). */

#define JSON_MAX_DEPTH 2048 /* jansson's JSON_PARSER_MAX_DEPTH: values, not containers */

enum { J_ABSENT = 0, J_STR, J_INT, J_OTHER };

enum {
  F_TEXT, F_MAINTEXT, F_RAW_TEXT, F_ID, F_DATE, F_DATE_PUBLISH, F_TITLE, F_URL,
  F_SOURCE, F_SOURCE_DOMAIN, F_SITENAME, F_HOSTNAME, F__COUNT
};

typedef struct jval {
  int type;          /* J_*; J_ABSENT when the field is not in the object */
  int escaped;       /* J_STR: the raw contents hold escapes */
  size_t off, len;   /* J_STR: raw contents (between the quotes), offset in the line */
  size_t dec_len;    /* J_STR: decoded length in bytes */
  size_t n_cp;       /* J_STR: decoded length in code points */
  long long num;     /* J_INT: the value */
} jval;

typedef struct jscan {
  const char *s;     /* the line */
  size_t n;          /* its length in bytes */
  size_t err_off;    /* on a syntax error: its offset in the line (n: the end) */
  const char *err;   /* on a syntax error: what was wrong; else NULL */
  int is_object;     /* the top-level value is an object */
  jval f[F__COUNT];  /* the wanted fields of the top-level object */
} jscan;

/* Field names: the reader's own and those of news-please and trafilatura. */
static const int TEXT_FIELDS[] = {F_TEXT, F_MAINTEXT, F_RAW_TEXT, -1};
static const int DATE_FIELDS[] = {F_DATE, F_DATE_PUBLISH, -1};
static const int SOURCE_FIELDS[] = {F_SOURCE, F_SOURCE_DOMAIN, F_SITENAME, F_HOSTNAME, -1};

/* F_* of a (decoded) top-level key, or -1 when the reader does not use it. */
static int field_of(const char *k, size_t n) {
#define KEY(name, f) if (n == sizeof name - 1 && !memcmp(k, name, n)) return f
  switch (n) {
  case 2: KEY("id", F_ID); break;
  case 3: KEY("url", F_URL); break;
  case 4: KEY("text", F_TEXT); KEY("date", F_DATE); break;
  case 5: KEY("title", F_TITLE); break;
  case 6: KEY("source", F_SOURCE); break;
  case 8: KEY("maintext", F_MAINTEXT); KEY("raw_text", F_RAW_TEXT); KEY("sitename", F_SITENAME);
          KEY("hostname", F_HOSTNAME); break;
  case 12: KEY("date_publish", F_DATE_PUBLISH); break;
  case 13: KEY("source_domain", F_SOURCE_DOMAIN); break;
  default: break;
  }
#undef KEY
  return -1;
}

static int jerr(jscan *js, size_t off, const char *msg) {
  js->err_off = off;
  js->err = msg;
  return -1;
}

static size_t skip_ws(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
  return i;
}

static int hex_val(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 32;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The four hex digits at s[0..4) (n bytes available) in *u; 0 when they are not. */
static int hex4(const unsigned char *s, size_t n, uint32_t *u) {
  if (n < 4) return 0;
  int a = hex_val(s[0]), b = hex_val(s[1]), c = hex_val(s[2]), d = hex_val(s[3]);
  if ((a | b | c | d) < 0) return 0;
  *u = (uint32_t)(a << 12 | b << 8 | c << 4 | d);
  return 1;
}

/* Length of the valid UTF-8 sequence (2..4 bytes) that starts with the
** non-ASCII byte s[0], n bytes available; 0 when it is not valid (the rules
** of kr__utf8_valid: no overlongs, surrogates or code points over U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
    if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)) return 0;
    return 4;
  }
  return 0;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Non-zero when one of the 8 bytes in w is '"', '\\', below 0x20 or
** non-ASCII: the bytes a string scan must look at. Exact (no false
** positives): bytes below the first such byte produce no borrow. */
static uint64_t str_special(uint64_t w) {
  uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
  return (w | (w - ONES * 0x20) | (q - ONES) | (b - ONES)) & HIGHS;
}

/* Scans the string whose opening quote is at s[*pos] and leaves *pos after
** its closing quote; with v, records it there. Runs of plain ASCII are
** skipped 8 bytes at a time. Returns 0, or -1 with js->err set. */
static int scan_string(jscan *js, size_t *pos, jval *v) {
  const unsigned char *s = (const unsigned char *)js->s;
  size_t n = js->n, i = *pos + 1, start = i;
  size_t saved = 0;  /* bytes escapes save: decoded length = raw length - saved */
  size_t cont = 0;   /* UTF-8 continuation bytes of the decoded string */
  int escaped = 0;
  for (;;) {
    uint64_t w;
    while (i + 8 <= n) {
      memcpy(&w, s + i, 8);
      if (str_special(w)) break;
      i += 8;
    }
    if (i >= n) return jerr(js, n, "premature end of input in a string");
    unsigned c = s[i];
    if (c == '"') break;
    if (c >= 0x80) {
      size_t k = utf8_seq(s + i, n - i);
      if (!k) return jerr(js, i, "invalid UTF-8");
      cont += k - 1;
      i += k;
    } else if (c == '\\') {
      escaped = 1;
      if (i + 1 >= n) return jerr(js, n, "premature end of input in a string");
      c = s[i + 1];
      if (c == 'u') {
        uint32_t u, lo;
        size_t raw = 6, out;
        if (!hex4(s + i + 2, n - i - 2, &u)) return jerr(js, i, "invalid \\uXXXX escape");
        if (u == 0) return jerr(js, i, "\\u0000 is not allowed in a string");
        if (u >= 0xDC00 && u <= 0xDFFF) return jerr(js, i, "invalid Unicode escape: lone surrogate");
        if (u >= 0xD800 && u <= 0xDBFF) {
          if (i + 8 > n || s[i + 6] != '\\' || s[i + 7] != 'u')
            return jerr(js, i, "invalid Unicode escape: lone surrogate");
          if (!hex4(s + i + 8, n - i - 8, &lo)) return jerr(js, i + 6, "invalid \\uXXXX escape");
          if (lo < 0xDC00 || lo > 0xDFFF) return jerr(js, i, "invalid Unicode escape: lone surrogate");
          raw = 12;
          out = 4;
        } else {
          out = u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
        }
        saved += raw - out;
        cont += out - 1;
        i += raw;
      } else if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
                 c == 't') {
        saved++;
        i += 2;
      } else {
        return jerr(js, i, "invalid escape");
      }
    } else if (c < 0x20) {
      return jerr(js, i, "control character in a string");
    } else {
      i++;
    }
  }
  *pos = i + 1;
  if (v) {
    v->type = J_STR;
    v->escaped = escaped;
    v->off = start;
    v->len = i - start;
    v->dec_len = v->len - saved;
    v->n_cp = v->dec_len - cont;
  }
  return 0;
}

/* Whether the real number s[0..n) (valid JSON syntax) overflows a double,
** as strtod() decides it (the C library's rounding): only asked for values
** in [1e308, 1e309), the others are decided by their decimal exponent. */
static int real_overflows(const char *s, size_t n) {
  char stack_buf[128], *buf = n < sizeof stack_buf ? stack_buf : malloc(n + 1);
  if (!buf) return 1; /* out of memory: refuse the line rather than guess */
  char point = localeconv()->decimal_point[0];
  for (size_t i = 0; i < n; i++) buf[i] = s[i] == '.' ? point : s[i];
  buf[n] = 0;
  errno = 0;
  double d = strtod(buf, NULL);
  int over = (d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE;
  if (buf != stack_buf) free(buf);
  return over;
}

/* Scans the number at s[*pos] and leaves *pos after it; with v, records an
** integer as J_INT, a real as J_OTHER. Returns 0, or -1 with js->err set. */
static int scan_number(jscan *js, size_t *pos, jval *v) {
  const char *s = js->s;
  size_t n = js->n, i = *pos, start = i;
  int neg = 0, real = 0;
  if (s[i] == '-') { neg = 1; i++; }
  if (i >= n || !is_digit(s[i])) return jerr(js, start, "invalid token");
  size_t int_start = i;
  if (s[i] == '0') {
    i++;
    if (i < n && is_digit(s[i])) return jerr(js, start, "invalid token (leading zero)");
  } else {
    while (i < n && is_digit(s[i])) i++;
  }
  size_t int_end = i, frac_start = i, frac_end = i;
  long long ex = 0;
  if (i < n && s[i] == '.') {
    real = 1;
    frac_start = ++i;
    if (i >= n || !is_digit(s[i])) return jerr(js, start, "invalid token");
    while (i < n && is_digit(s[i])) i++;
    frac_end = i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    int eneg = 0;
    real = 1;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i >= n || !is_digit(s[i])) return jerr(js, start, "invalid token");
    for (; i < n && is_digit(s[i]); i++)
      if (ex < 1000000000) ex = ex * 10 + (s[i] - '0'); /* saturates: only > 309 matters */
    if (eneg) ex = -ex;
  }
  *pos = i;
  if (!real) {
    size_t nd = int_end - int_start;
    unsigned long long val = 0, lim = neg ? 9223372036854775808ull : 9223372036854775807ull;
    for (size_t k = int_start; k < int_end && nd <= 19; k++) val = val * 10 + (unsigned)(s[k] - '0');
    if (nd > 19 || val > lim) return jerr(js, start, neg ? "too big negative integer" : "too big integer");
    if (v) {
      v->type = J_INT;
      v->num = !neg ? (long long)val : val == lim ? -9223372036854775807ll - 1 : -(long long)val;
    }
    return 0;
  }
  /* the decimal exponent of the first significant digit: value in [10^k, 10^(k+1)) */
  long long k;
  size_t j = frac_start;
  if (s[int_start] != '0') {
    k = (long long)(int_end - int_start) - 1 + ex;
  } else {
    while (j < frac_end && s[j] == '0') j++;
    k = j < frac_end ? -(long long)(j - frac_start) - 1 + ex : LLONG_MIN; /* zero never overflows */
  }
  if (k >= 309 || (k == 308 && real_overflows(s + start, i - start)))
    return jerr(js, start, "real number overflow");
  if (v) v->type = J_OTHER;
  return 0;
}

static int scan_literal(jscan *js, size_t *pos) {
  const char *s = js->s + *pos;
  size_t left = js->n - *pos;
  const char *word = s[0] == 't' ? "true" : s[0] == 'f' ? "false" : "null";
  size_t l = strlen(word);
  if (left < l || memcmp(s, word, l) != 0 || (left > l && (((s[l] | 32) >= 'a' && (s[l] | 32) <= 'z'))))
    return jerr(js, *pos, "invalid token");
  *pos += l;
  return 0;
}

static void put_utf8(char **out, uint32_t u) {
  unsigned char *o = (unsigned char *)*out;
  if (u < 0x80) { o[0] = (unsigned char)u; *out += 1; }
  else if (u < 0x800) { o[0] = (unsigned char)(0xC0 | u >> 6); o[1] = (unsigned char)(0x80 | (u & 0x3F)); *out += 2; }
  else if (u < 0x10000) {
    o[0] = (unsigned char)(0xE0 | u >> 12); o[1] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (u & 0x3F)); *out += 3;
  } else {
    o[0] = (unsigned char)(0xF0 | u >> 18); o[1] = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((u >> 6) & 0x3F)); o[3] = (unsigned char)(0x80 | (u & 0x3F)); *out += 4;
  }
}

/* Decodes the raw contents s[0..n) of a string scan_string accepted into
** out (room for its decoded length); runs without escapes are copied whole. */
static void json_decode(const char *s, size_t n, char *out) {
  const char *end = s + n;
  while (s < end) {
    const char *bs = memchr(s, '\\', (size_t)(end - s));
    size_t run = (size_t)((bs ? bs : end) - s);
    memcpy(out, s, run);
    out += run;
    if (!bs) break;
    s = bs;
    uint32_t u, lo;
    switch (s[1]) {
    case 'b': *out++ = '\b'; break;
    case 'f': *out++ = '\f'; break;
    case 'n': *out++ = '\n'; break;
    case 'r': *out++ = '\r'; break;
    case 't': *out++ = '\t'; break;
    case 'u':
      hex4((const unsigned char *)s + 2, 4, &u);
      if (u >= 0xD800 && u <= 0xDBFF) {
        hex4((const unsigned char *)s + 8, 4, &lo);
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        s += 6;
      }
      put_utf8(&out, u);
      s += 6;
      continue;
    default: *out++ = s[1]; break; /* " \ / */
    }
    s += 2;
  }
}

/* Scans the line s[0..n) into js. Returns 0 when it is one JSON value, or
** -1 with js->err and js->err_off set. */
static int json_scan(jscan *js, const char *s, size_t n) {
  unsigned char stack[JSON_MAX_DEPTH]; /* '{' or '[' per open container */
  size_t depth = 0, i = skip_ws(s, n, 0);
  int field = -1; /* F_* of the value that comes next, -1 when not wanted */
  jval key;
  js->s = s;
  js->n = n;
  js->err = NULL;
  js->err_off = 0;
  memset(js->f, 0, sizeof js->f);
  js->is_object = i < n && s[i] == '{';
value:
  if (depth >= JSON_MAX_DEPTH) return jerr(js, i, "maximum parsing depth reached");
  if (i >= n) return jerr(js, n, "unexpected end of input, a value expected");
  {
    jval *v = field >= 0 ? &js->f[field] : NULL;
    if (v) memset(v, 0, sizeof *v);
    field = -1;
    switch (s[i]) {
    case '{':
      if (v) v->type = J_OTHER;
      stack[depth++] = '{';
      i = skip_ws(s, n, i + 1);
      if (i < n && s[i] == '}') { depth--; i++; goto after; }
      goto key;
    case '[':
      if (v) v->type = J_OTHER;
      stack[depth++] = '[';
      i = skip_ws(s, n, i + 1);
      if (i < n && s[i] == ']') { depth--; i++; goto after; }
      goto value;
    case '"':
      if (scan_string(js, &i, v)) return -1;
      break;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (scan_number(js, &i, v)) return -1;
      break;
    case 't': case 'f': case 'n':
      if (scan_literal(js, &i)) return -1;
      if (v) v->type = J_OTHER;
      break;
    default:
      return jerr(js, i, "unexpected token");
    }
  }
after:
  i = skip_ws(s, n, i);
  if (depth == 0) return i < n ? jerr(js, i, "end of line expected after the value") : 0;
  if (i < n && s[i] == ',') {
    i = skip_ws(s, n, i + 1);
    if (stack[depth - 1] == '[') goto value;
    goto key;
  }
  if (i < n && s[i] == (stack[depth - 1] == '{' ? '}' : ']')) {
    depth--;
    i++;
    goto after;
  }
  return jerr(js, i, stack[depth - 1] == '{' ? "',' or '}' expected" : "',' or ']' expected");
key:
  if (i >= n || s[i] != '"') return jerr(js, i, "string or '}' expected");
  if (scan_string(js, &i, &key)) return -1;
  if (depth == 1) {
    if (!key.escaped) {
      field = field_of(s + key.off, key.len);
    } else if (key.dec_len <= 16) {
      char buf[16];
      json_decode(s + key.off, key.len, buf);
      field = field_of(buf, key.dec_len);
    }
  }
  i = skip_ws(s, n, i);
  if (i >= n || s[i] != ':') return jerr(js, i, "':' expected");
  i = skip_ws(s, n, i + 1);
  goto value;
}

static int is_json_object(const char *s, size_t n) {
  jscan js;
  return json_scan(&js, s, n) == 0 && js.is_object;
}

/* The first of the fields `ids` (-1-terminated) that is a non-empty string
** (a string's decoded length is 0 only when its raw length is). */
static const jval *first_str(const jscan *js, const int *ids) {
  for (; *ids >= 0; ids++)
    if (js->f[*ids].type == J_STR && js->f[*ids].len) return &js->f[*ids];
  return NULL;
}

/* The decoded value of string v, NUL-terminated, in doc's arena; NULL when
** out of memory. */
static char *jstr_dup(kr_doc *doc, const jscan *js, const jval *v) {
  if (!v->escaped) return kr__arena_strndup(doc->arena, js->s + v->off, v->len);
  char *p = kr__arena_alloc(doc->arena, v->dec_len + 1);
  if (!p) return NULL;
  json_decode(js->s + v->off, v->len, p);
  p[v->dec_len] = 0;
  return p;
}

/* Fills doc from the scanned line js; off/line locate the record for errors. */
static int json_doc(kr_reader *r, kr_doc *doc, const jscan *js, size_t off, uint32_t line, kr_error *err) {
  const jval *v = first_str(js, TEXT_FIELDS);
  if (!v)
    return kr__err_set(err, KR_EFORMAT, off, line,
                       "%.120s: line %u: no text field (text, maintext or raw_text)", r->name, (unsigned)line);
  if (v->dec_len > r->max_doc_bytes) return too_big(r, err, off, line, v->dec_len);
  char *text = jstr_dup(doc, js, v);
  if (!text) return kr__err_set(err, KR_ENOMEM, off, line, "%.120s: line %u: %s", r->name, (unsigned)line,
                                kr_strerror(KR_ENOMEM));
  if (only_space(text, v->dec_len))
    return kr__err_set(err, KR_EEMPTY, off, line, "%.120s: line %u: empty document (only whitespace)",
                       r->name, (unsigned)line);
  int rc = kr__doc_set_text_valid(doc, text, v->dec_len, v->n_cp, err);
  if (rc < 0) {
    if (err) { err->position = off; err->line = line; }
    return rc;
  }

  /* id: a string or an integer; default <stem>:<line> */
  const jval *idv = &js->f[F_ID];
  if (idv->type == J_STR && idv->len) {
    if (!(doc->id = jstr_dup(doc, js, idv))) rc = KR_ENOMEM;
  } else if (idv->type == J_INT) {
    if (!(doc->id = kr__arena_printf(doc->arena, "%lld", idv->num))) rc = KR_ENOMEM;
  } else {
    if (!(doc->id = kr__arena_printf(doc->arena, "%s:%u", r->stem, (unsigned)line))) rc = KR_ENOMEM;
  }

  char date[11] = "";
  for (const int *f = DATE_FIELDS; *f >= 0 && !date[0] && rc >= 0; f++) {
    const jval *d = &js->f[*f];
    if (d->type != J_STR) continue;
    const char *ds = d->escaped ? jstr_dup(doc, js, d) : js->s + d->off;
    if (!ds) rc = KR_ENOMEM;
    else if (!parse_date(ds, d->dec_len, date)) date[0] = 0;
  }
  if (rc >= 0) rc = set_date(r, doc, date);
  if (rc >= 0 && (v = first_str(js, (const int[]){F_TITLE, -1})) != NULL && !(doc->title = jstr_dup(doc, js, v)))
    rc = KR_ENOMEM;

  char *url = NULL, *src = NULL;
  if (rc >= 0 && (v = first_str(js, (const int[]){F_URL, -1})) != NULL && !(url = jstr_dup(doc, js, v)))
    rc = KR_ENOMEM;
  for (const int *f = SOURCE_FIELDS; *f >= 0 && rc >= 0; f++) {
    v = &js->f[*f];
    if (v->type != J_STR || !v->len) continue;
    char *vs = jstr_dup(doc, js, v);
    if (!vs) { rc = KR_ENOMEM; break; }
    if (is_url(vs)) { /* trafilatura's `source` is the page URL */
      if (!url) url = vs;
      continue;
    }
    src = vs;
    break;
  }
  doc->url = url;
  doc->source = src;
  if (rc < 0) return kr__err_set(err, rc, off, line, "%.120s: line %u: %s", r->name, (unsigned)line, kr_strerror(rc));
  return 1;
}

/* 1-based column (in code points, counting the byte at off) of byte off of
** the valid UTF-8 line s. */
static int column_of(const char *s, size_t off) {
  int col = 0;
  for (size_t i = 0; i <= off; i++) col += ((unsigned char)s[i] & 0xC0) != 0x80;
  return col;
}

static int next_jsonl(kr_reader *r, kr_doc *doc, kr_error *err) {
  size_t start, n;
  jscan js;
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
    /* An accepted line is valid UTF-8 (the scanner checks strings, and
    ** accepts only ASCII outside them). A refused line is checked as a
    ** whole, so that a UTF-8 error anywhere in it (or a lone surrogate
    ** escape) takes precedence over the syntax error, as documented. */
    if (json_scan(&js, s, n) < 0) {
      size_t bad;
      if (!kr__utf8_valid(s, n, &bad)) return utf8_error(r, err, start + bad, line);
      size_t at = lone_surrogate(s, n);
      if (at < n)
        return kr__err_set(err, KR_EUTF8, start + at, line,
                           "%.120s: invalid UTF-8: lone surrogate escape at byte %zu (line %u)",
                           r->name, start + at, (unsigned)line);
      size_t p = js.err_off < n ? js.err_off : n - 1; /* the end of the line: its last byte */
      int near = 0; /* bytes quoted: up to 16, not cutting a character */
      while (js.err_off + (size_t)near < n && near < 16) near++;
      while (near && js.err_off + (size_t)near < n && ((unsigned char)s[js.err_off + (size_t)near] & 0xC0) == 0x80)
        near--;
      if (near == 0)
        return kr__err_set(err, KR_EJSON, start + p, line, "%.120s: line %u, column %d (byte %zu): %s near end of line",
                           r->name, (unsigned)line, column_of(s, p), start + p, js.err);
      return kr__err_set(err, KR_EJSON, start + p, line, "%.120s: line %u, column %d (byte %zu): %s near '%.*s'",
                         r->name, (unsigned)line, column_of(s, p), start + p, js.err, near, s + js.err_off);
    }
    if (!js.is_object)
      return kr__err_set(err, KR_EJSON, start, line, "%.120s: line %u: a JSON Lines record must be an object",
                         r->name, (unsigned)line);
    return json_doc(r, doc, &js, start, line, err);
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
