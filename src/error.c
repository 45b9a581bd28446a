/*
** error.c — error codes, their messages, and kr_error filling.
*/
#include "internal.h"

#include <stdio.h>

const char *kr_strerror(int code) {
  switch (code) {
    case KR_OK: return "success";
#define KR__ERRMSG(name, msg) case KR_E##name: return msg;
    KR_ERRNO_MAP(KR__ERRMSG)
#undef KR__ERRMSG
    default: return "unknown error";
  }
}

const char *kr_err_name(int code) {
  switch (code) {
    case KR_OK: return "KR_OK";
#define KR__ERRNAME(name, msg) case KR_E##name: return "KR_E" #name;
    KR_ERRNO_MAP(KR__ERRNAME)
#undef KR__ERRNAME
    default: return "KR_EUNKNOWN";
  }
}

int kr__err_set(kr_error *err, int code, uint64_t position, uint32_t line, const char *fmt, ...) {
  if (!err) return code;
  err->code = code;
  err->position = position;
  err->line = line;
  if (fmt) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
  } else {
    snprintf(err->message, sizeof err->message, "%s", kr_strerror(code));
  }
  return code;
}
