/*
** internal.h — helpers shared by the library's stages, not part of the API.
**
** Naming: cross-file helpers are kr__<file>_<verb>; statics are plain.
**   arena.c   kr__arena_*   per-document bump allocator
**   buf.c     kr__buf_*     growable byte buffer (output, scratch)
**   utf8.c    kr__utf8_*    validation, decoding, case mapping (utf8proc)
**   error.c   kr__err_set   fill a kr_error
**   textfile.c kr__file_slurp, kr__data_line, kr__tab_fields  our data files
**   tokenize.c kr__tokenize sentences and tokens
**   morph/    see morph/morph.h
*/
#ifndef KR_INTERNAL_H
#define KR_INTERNAL_H

#include "kronika.h"
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

/* ---- arena (arena.c) ----------------------------------------------------
** A chain of blocks; allocations are 8-byte aligned and never freed one by
** one. reset keeps the first block; free releases all. */
typedef struct kr_arena kr_arena;
kr_arena *kr__arena_new(size_t first_block);
void kr__arena_reset(kr_arena *a);
void kr__arena_free(kr_arena *a);
void *kr__arena_alloc(kr_arena *a, size_t size);          /* NULL when out of memory */
void *kr__arena_calloc(kr_arena *a, size_t n, size_t size);/* zeroed; overflow-checked */
char *kr__arena_strndup(kr_arena *a, const char *s, size_t len); /* NUL-terminated copy */
char *kr__arena_printf(kr_arena *a, const char *fmt, ...);
/* Grows an array kept in the arena: *cap doubles (at least `min_cap`), old
** contents copied. Returns the new pointer or NULL. */
void *kr__arena_grow(kr_arena *a, void *ptr, uint32_t *cap, uint32_t min_cap, size_t elem);
size_t kr__arena_used(const kr_arena *a);

/* ---- buffer (buf.c) ---------------------------------------------------- */
typedef struct kr_buf {
  char *data;
  size_t len, cap;
  int oom;            /* set once an allocation failed; later appends are no-ops */
} kr_buf;
void kr__buf_init(kr_buf *b);
void kr__buf_free(kr_buf *b);
int kr__buf_reserve(kr_buf *b, size_t extra);
int kr__buf_append(kr_buf *b, const char *s, size_t len);
int kr__buf_puts(kr_buf *b, const char *s);
int kr__buf_putc(kr_buf *b, char c);
int kr__buf_printf(kr_buf *b, const char *fmt, ...);
/* Appends s as a JSON string literal with quotes and escapes. */
int kr__buf_json_str(kr_buf *b, const char *s, size_t len);

/* ---- UTF-8 (utf8.c) ------------------------------------------------------ */
/* Returns true when s[0..len) is valid UTF-8 (no overlongs, surrogates or
** code points above U+10FFFF); otherwise stores the offset of the first bad
** sequence in *bad_off. NUL bytes are rejected too (they are not text). */
bool kr__utf8_valid(const char *s, size_t len, size_t *bad_off);
/* Decodes one code point at s (valid UTF-8 assumed, len ≥ 1); returns its
** byte length and stores it in *cp. */
int kr__utf8_decode(const char *s, size_t len, int32_t *cp);
/* Encodes cp; returns bytes written (1..4) to out[4]. */
int kr__utf8_encode(int32_t cp, char *out);
/* Number of code points in valid UTF-8. */
size_t kr__utf8_count(const char *s, size_t len);
/* Lower-cases / title-cases valid UTF-8 into the arena. */
char *kr__utf8_lower(kr_arena *a, const char *s, size_t len, size_t *out_len);
char *kr__utf8_upper_first(kr_arena *a, const char *s, size_t len, size_t *out_len);
bool kr__cp_is_upper(int32_t cp);
bool kr__cp_is_lower(int32_t cp);
bool kr__cp_is_letter(int32_t cp);
bool kr__cp_is_space(int32_t cp);   /* includes NBSP and other Zs, tabs, line ends */

/* ---- errors (error.c) -------------------------------------------------- */
/* Fills err (when not NULL) and returns code. */
int kr__err_set(kr_error *err, int code, uint64_t position, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* ---- text data files (textfile.c) -------------------------------------- */

/* The whole file, NUL-terminated (free() it); NULL on failure, with *missing
** set when the file does not exist. */
char *kr__file_slurp(const char *path, int *missing);
/* The next data line of *cur (modified in place: NUL-terminated, CR
** removed); comment (#) and blank lines are skipped; *lineno counts every
** line, 1-based. NULL at the end. */
char *kr__data_line(char **cur, uint32_t *lineno);
/* Splits line on tabs into f[0..]; returns the number of fields, or max + 1
** when there are more than max. */
int kr__tab_fields(char *line, char **f, int max);

/* ---- stages ------------------------------------------------------------ */
/* doc.c: sets doc->text to `text`, which is valid UTF-8, NUL-terminated
** and already in doc's arena, with n_cp code points (no copy, no second
** validation; used by the reader). Errors: KR_EEMPTY, KR_ETOOBIG. */
int kr__doc_set_text_valid(kr_doc *doc, char *text, size_t len, size_t n_cp, kr_error *err);
/* tokenize.c: fills doc->toks and doc->sents from doc->text. */
int kr__tokenize(kr_doc *doc, kr_error *err);

#endif /* KR_INTERNAL_H */
