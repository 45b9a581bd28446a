/*
** cli_common.c — what every subcommand needs: resources with a readable
** error, whole-file reading, output to a FILE*.
*/
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *cli_prog = "kronika";

void cli_error(const char *what, const kr_error *err) {
  if (err && err->message[0])
    fprintf(stderr, "%s: %s: %s\n", cli_prog, what, err->message);
  else
    fprintf(stderr, "%s: %s: %s\n", cli_prog, what, kr_strerror(err ? err->code : 0));
}

kr_resources *cli_open_resources(unsigned layers, const char *dict, const char *models,
                                 const char *data) {
  kr_options opt = {dict, models, data, layers};
  kr_resources *res = NULL;
  kr_error err = {0};
  int rc = kr_resources_open(&res, &opt, &err);
  if (rc) {
    cli_error("cannot load resources", &err);
    if (rc == KR_EDICT)
      fprintf(stderr, "%s: hint: run `make build` (it fetches the PoliMorf dictionary into "
                      "build/dict/) or set KRONIKA_DICT\n", cli_prog);
    return NULL;
  }
  return res;
}

int cli_read_file(const char *path, char **data, size_t *len, kr_error *err) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  *data = NULL;
  *len = 0;
  if (!f) {
    if (err) {
      err->code = KR_EIO;
      snprintf(err->message, sizeof err->message, "cannot open %s: %s", path, strerror(errno));
    }
    return KR_EIO;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap) break;
    char *p = cap > ((size_t)1 << 40) ? NULL : realloc(buf, cap * 2 + 1);
    if (!p) { free(buf); buf = NULL; break; }
    buf = p;
    cap *= 2;
  }
  int failed = ferror(f);
  if (f != stdin) fclose(f);
  if (!buf || failed) {
    free(buf);
    if (err) {
      err->code = buf ? KR_EIO : KR_ENOMEM;
      snprintf(err->message, sizeof err->message, "cannot read %s: %s", path,
               failed ? "read error" : "out of memory");
    }
    return failed ? KR_EIO : KR_ENOMEM;
  }
  buf[n] = 0;
  *data = buf;
  *len = n;
  return 0;
}

int cli_write_file(void *ctx, const char *data, size_t len) {
  return fwrite(data, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

int cli_analyze_file(const kr_resources *res, const char *path, kr_doc **out, kr_error *err) {
  char *data = NULL;
  size_t len = 0;
  *out = NULL;
  int rc = cli_read_file(path, &data, &len, err);
  if (rc) return rc;
  kr_reader *rd = NULL;
  kr_doc *doc = kr_doc_new();
  if (!doc || (rc = kr_reader_open(&rd, path, data, len, NULL))) {
    rc = rc ? rc : KR_ENOMEM;
  } else if ((rc = kr_reader_next(rd, doc, err)) != 1) {
    if (rc >= 0) {
      rc = KR_EFORMAT;
      if (err) {
        err->code = rc;
        snprintf(err->message, sizeof err->message, "%s: no document", path);
      }
    }
  } else {
    rc = kr_analyze(res, doc, KR_LAYER_ALL, err);
  }
  kr_reader_close(rd);
  if (rc) kr_doc_free(doc);
  else *out = doc;
  free(data);
  return rc;
}
