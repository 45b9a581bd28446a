/*
** analyze.c — `kronika analyze`: articles in, JSON Lines (or CoNLL-U) out.
**
** Each input (file or standard input) is memory-mapped when it is a regular
** file, read whole otherwise, and handed to a kr_reader, which detects the
** format. A bad document is reported on stderr with file, byte and reason,
** and skipped; the exit status is 1 when any document failed.
*/
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void help(void) {
  printf("usage: kronika analyze [options] [FILE...]\n"
         "\n"
         "Reads articles and prints one JSON object per document (JSON Lines) on\n"
         "standard output. With no FILE, or FILE '-', reads standard input.\n"
         "Inputs are detected: the dated article format ('date YYYY-MM-DD' then the\n"
         "text), JSON Lines (text/maintext/raw_text, id, date/date_publish, title, url,\n"
         "source), or plain UTF-8 text (one article).\n"
         "\n"
         "options:\n"
         "  --format json|conllu   output format (default json)\n"
         "  --input FORMAT         auto|article|jsonl|plain (default auto)\n"
         "  --date YYYY-MM-DD      publication date for documents that carry none\n"
         "  --max-bytes N          reject documents larger than N bytes (default 16777216)\n"
         "  --layers LIST          comma list of tokens,morph,tagger,timex (default: all)\n"
         "  --progress             progress on standard error (default when it is a terminal\n"
         "                         and the input is over 1 MB)\n"
         "  --quiet                no progress\n"
         "  --dict PATH            polish.dict (default: the build's, or $KRONIKA_DICT)\n"
         "  --models DIR           trained models (default: models/, or $KRONIKA_MODELS)\n"
         "  --data DIR             rules and lexicons (default: data/, or $KRONIKA_DATA)\n"
         "  -o FILE                write to FILE instead of standard output\n"
         "\n"
         "Exit status: 0 when every document was analysed, 1 when any was rejected,\n"
         "2 on a usage error or when resources cannot be loaded.\n");
}

typedef struct input {
  const char *name;
  char *data;        /* malloc'd, or mapped */
  size_t len;
  int mapped;
} input;

static int input_open(input *in, const char *path, kr_error *err) {
  memset(in, 0, sizeof *in);
  in->name = strcmp(path, "-") ? path : "<stdin>";
  if (strcmp(path, "-")) {
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0) {
      snprintf(err->message, sizeof err->message, "cannot open %s: %s", path, strerror(errno));
      return err->code = KR_EIO;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      close(fd);
      snprintf(err->message, sizeof err->message, "%s is a directory", path);
      return err->code = KR_EIO;
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
      close(fd);
      if (p == MAP_FAILED) {
        snprintf(err->message, sizeof err->message, "cannot map %s: %s", path, strerror(errno));
        return err->code = KR_EIO;
      }
      in->data = p;
      in->len = (size_t)st.st_size;
      in->mapped = 1;
      return 0;
    }
    close(fd);
  }
  return cli_read_file(path, &in->data, &in->len, err);
}

static void input_close(input *in) {
  if (in->mapped) munmap(in->data, in->len);
  else free(in->data);
  in->data = NULL;
}

static unsigned parse_layers(const char *s) {
  unsigned l = 0;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", s);
  for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
    if (!strcmp(tok, "tokens")) l |= KR_LAYER_TOKENS;
    else if (!strcmp(tok, "morph")) l |= KR_LAYER_TOKENS | KR_LAYER_MORPH;
    else if (!strcmp(tok, "tagger")) l |= KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER;
    else if (!strcmp(tok, "timex")) l |= KR_LAYER_TIMEX;
    else if (!strcmp(tok, "all")) l |= KR_LAYER_ALL;
    else return 0;
  }
  return l;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cmd_analyze(int argc, char **argv) {
  const char *format = "json", *input_fmt = "auto", *date = NULL, *out_path = NULL;
  const char *dict = NULL, *models = NULL, *data = NULL;
  size_t max_bytes = 0;
  unsigned layers = KR_LAYER_ALL;
  int progress = -1;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  int n_files = 0, status = 0;
  if (!files) return 2;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV()                                                              \
  do {                                                                       \
    if (!v) { fprintf(stderr, "kronika analyze: %s needs a value\n", a); free(files); return 2; } \
    i++;                                                                     \
  } while (0)
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) { help(); free(files); return 0; }
    else if (!strcmp(a, "--format")) { NEEDV(); format = v; }
    else if (!strcmp(a, "--input")) { NEEDV(); input_fmt = v; }
    else if (!strcmp(a, "--date")) { NEEDV(); date = v; }
    else if (!strcmp(a, "--max-bytes")) { NEEDV(); max_bytes = strtoull(v, NULL, 10); }
    else if (!strcmp(a, "--layers")) {
      NEEDV();
      if (!(layers = parse_layers(v))) {
        fprintf(stderr, "kronika analyze: unknown layer in '%s'\n", v);
        free(files);
        return 2;
      }
    }
    else if (!strcmp(a, "--progress")) progress = 1;
    else if (!strcmp(a, "--quiet")) progress = 0;
    else if (!strcmp(a, "--dict")) { NEEDV(); dict = v; }
    else if (!strcmp(a, "--models")) { NEEDV(); models = v; }
    else if (!strcmp(a, "--data")) { NEEDV(); data = v; }
    else if (!strcmp(a, "-o")) { NEEDV(); out_path = v; }
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "kronika analyze: unknown option '%s' (see --help)\n", a);
      free(files);
      return 2;
    } else files[n_files++] = a;
#undef NEEDV
  }
  int conllu = !strcmp(format, "conllu");
  if (!conllu && strcmp(format, "json")) {
    fprintf(stderr, "kronika analyze: --format must be json or conllu, not '%s'\n", format);
    free(files);
    return 2;
  }
  kr_read_options ropt = {KR_FMT_AUTO, max_bytes, date};
  if (!strcmp(input_fmt, "article")) ropt.format = KR_FMT_ARTICLE;
  else if (!strcmp(input_fmt, "jsonl")) ropt.format = KR_FMT_JSONL;
  else if (!strcmp(input_fmt, "plain")) ropt.format = KR_FMT_PLAIN;
  else if (strcmp(input_fmt, "auto")) {
    fprintf(stderr, "kronika analyze: --input must be auto, article, jsonl or plain\n");
    free(files);
    return 2;
  }
  if (date && (strlen(date) != 10 || date[4] != '-' || date[7] != '-')) {
    fprintf(stderr, "kronika analyze: --date must be YYYY-MM-DD, not '%s'\n", date);
    free(files);
    return 2;
  }
  if (n_files == 0) files[n_files++] = "-";

  FILE *out = stdout;
  if (out_path && !(out = fopen(out_path, "w"))) {
    fprintf(stderr, "kronika analyze: cannot write %s: %s\n", out_path, strerror(errno));
    free(files);
    return 2;
  }
  kr_resources *res = cli_open_resources(layers, dict, models, data);
  kr_doc *doc = kr_doc_new();
  if (!res || !doc) {
    kr_resources_close(res);
    kr_doc_free(doc);
    if (out != stdout) fclose(out);
    free(files);
    return 2;
  }
  int tty = isatty(2);
  uint64_t n_docs = 0, n_bad = 0;
  double t0 = now(), last = t0;
  for (int f = 0; f < n_files; f++) {
    input in;
    kr_error err = {0};
    if (input_open(&in, files[f], &err)) {
      fprintf(stderr, "kronika: %s\n", err.message);
      status = 1;
      continue;
    }
    kr_reader *r = NULL;
    int rc = kr_reader_open(&r, in.name, in.data, in.len, &ropt);
    if (rc) {
      fprintf(stderr, "kronika: %s: %s\n", in.name, kr_strerror(rc));
      input_close(&in);
      status = 1;
      continue;
    }
    int show = progress == 1 || (progress == -1 && tty && in.len > (1u << 20));
    for (;;) {
      memset(&err, 0, sizeof err);
      rc = kr_reader_next(r, doc, &err);
      if (rc == 0) break;
      if (rc < 0) {
        n_bad++;
        status = 1;
        /* the reader's messages start with the input's name */
        fprintf(stderr, "kronika: %s\n", err.message[0] ? err.message : kr_strerror(rc));
        continue;
      }
      rc = kr_analyze(res, doc, layers, &err);
      if (rc) {
        n_bad++;
        status = 1;
        fprintf(stderr, "kronika: %s: document %s: %s\n", in.name, doc->id ? doc->id : "?",
                err.message[0] ? err.message : kr_strerror(rc));
        continue;
      }
      rc = conllu ? kr_write_conllu(doc, cli_write_file, out) : kr_write_json(doc, cli_write_file, out);
      if (rc) {
        fprintf(stderr, "kronika: cannot write output: %s\n", kr_strerror(rc));
        status = 1;
        break;
      }
      n_docs++;
      if (show && (n_docs & 63) == 0) {
        double t = now();
        if (t - last > 0.25) {
          last = t;
          fprintf(stderr, "\ranalyze: %s: %llu documents, %.1f s", in.name,
                  (unsigned long long)n_docs, t - t0);
        }
      }
    }
    if (show) fprintf(stderr, "\ranalyze: %s: %llu documents, %llu rejected, %.1f s\n", in.name,
                      (unsigned long long)n_docs, (unsigned long long)n_bad, now() - t0);
    kr_reader_close(r);
    input_close(&in);
  }
  if (fflush(out) != 0) status = 1;
  if (out != stdout) fclose(out);
  kr_doc_free(doc);
  kr_resources_close(res);
  free(files);
  return status;
}
