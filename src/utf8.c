/*
** utf8.c — UTF-8 validation, decoding and case mapping.
**
** Validation is our own (it must report the byte offset of the first bad
** sequence, and it is on the read path of every document, with an ASCII
** fast path); character classes and case mapping come from utf8proc.
*/
#include "internal.h"

#include <utf8proc.h>

bool kr__utf8_valid(const char *str, size_t len, size_t *bad_off) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    /* ASCII fast path, 8 bytes at a time */
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull) break;
      /* reject NUL inside the word */
      if (((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    if (i >= len) break;
    unsigned c = s[i];
    if (c < 0x80) {
      if (c == 0) goto bad;
      i++;
      continue;
    }
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else goto bad;
    if (i + n > len) goto bad;
    for (size_t k = 1; k < n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) goto bad;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      goto bad;
    i += n;
  }
  return true;
bad:
  if (bad_off) *bad_off = i;
  return false;
}

int kr__utf8_decode(const char *str, size_t len, int32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned c = s[0];
  if (c < 0x80 || len < 2) { *cp = (int32_t)c; return 1; }
  if (c < 0xE0) { *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F)); return 2; }
  if (c < 0xF0 || len < 4) {
    if (len < 3) { *cp = 0xFFFD; return (int)len; }
    *cp = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F));
    return 3;
  }
  *cp = (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F));
  return 4;
}

int kr__utf8_encode(int32_t cp, char *out) {
  return (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

size_t kr__utf8_count(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

static char *map_case(kr_arena *a, const char *s, size_t len, size_t *out_len, int mode) {
  char *out = kr__arena_alloc(a, len * 2 + 4); /* case maps never more than double */
  if (!out) return NULL;
  size_t o = 0;
  int first = 1;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int n = kr__utf8_decode(s + i, len - i, &cp);
    i += (size_t)n;
    int32_t m = cp;
    if (mode == 0) m = utf8proc_tolower(cp);
    else if (first) m = utf8proc_toupper(cp);
    first = 0;
    o += (size_t)kr__utf8_encode(m, out + o);
  }
  out[o] = 0;
  if (out_len) *out_len = o;
  return out;
}

char *kr__utf8_lower(kr_arena *a, const char *s, size_t len, size_t *out_len) {
  return map_case(a, s, len, out_len, 0);
}

char *kr__utf8_upper_first(kr_arena *a, const char *s, size_t len, size_t *out_len) {
  return map_case(a, s, len, out_len, 1);
}

bool kr__cp_is_upper(int32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

bool kr__cp_is_lower(int32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

bool kr__cp_is_letter(int32_t cp) {
  if (cp < 0x80) return (cp | 32) >= 'a' && (cp | 32) <= 'z';
  utf8proc_category_t c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME;
}

bool kr__cp_is_space(int32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 9 && cp <= 13);
  if (cp == 0x85 || cp == 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) return true;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}
