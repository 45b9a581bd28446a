/*
** buf.c — a growable byte buffer for output and scratch text.
**
** Once an allocation fails the buffer remembers it (`oom`) and later appends
** do nothing, so a writer can append freely and check once at the end.
*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

void kr__buf_init(kr_buf *b) { memset(b, 0, sizeof *b); }

void kr__buf_free(kr_buf *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

int kr__buf_reserve(kr_buf *b, size_t extra) {
  if (b->oom) return KR_ENOMEM;
  if (b->cap - b->len > extra) return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->len <= extra) {
    if (cap > SIZE_MAX / 2) { b->oom = 1; return KR_ENOMEM; }
    cap *= 2;
  }
  char *p = realloc(b->data, cap);
  if (!p) { b->oom = 1; return KR_ENOMEM; }
  b->data = p;
  b->cap = cap;
  return 0;
}

int kr__buf_append(kr_buf *b, const char *s, size_t len) {
  if (kr__buf_reserve(b, len + 1)) return KR_ENOMEM;
  memcpy(b->data + b->len, s, len);
  b->len += len;
  b->data[b->len] = 0;
  return 0;
}

int kr__buf_puts(kr_buf *b, const char *s) { return kr__buf_append(b, s, strlen(s)); }

int kr__buf_putc(kr_buf *b, char c) { return kr__buf_append(b, &c, 1); }

int kr__buf_printf(kr_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return KR_EINVAL;
  if (kr__buf_reserve(b, (size_t)n + 1)) return KR_ENOMEM;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

int kr__buf_json_str(kr_buf *b, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  if (kr__buf_reserve(b, len + 2)) return KR_ENOMEM;
  kr__buf_putc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    kr__buf_append(b, s + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': kr__buf_append(b, "\\\"", 2); break;
      case '\\': kr__buf_append(b, "\\\\", 2); break;
      case '\n': kr__buf_append(b, "\\n", 2); break;
      case '\r': kr__buf_append(b, "\\r", 2); break;
      case '\t': kr__buf_append(b, "\\t", 2); break;
      default: {
        char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        kr__buf_append(b, u, 6);
      }
    }
  }
  kr__buf_append(b, s + run, len - run);
  kr__buf_putc(b, '"');
  return b->oom ? KR_ENOMEM : 0;
}
