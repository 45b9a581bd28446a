/*
** bench_throughput.c — throughput and memory of the pipeline, single-threaded.
**
** usage: bench_throughput FILE.jsonl [PHASE...]
** PHASE is one of: read, tokenize, morph, tagger, timex, entities, all (default: all of
** them in turn). Each phase reads every document of FILE (JSON Lines or any
** input `kronika analyze` accepts) and runs the pipeline up to that layer;
** it prints MB/s of text, tokens/s, and the process's peak resident memory.
** For a clean per-phase peak, run one phase per process (`make bench` does).
** Resource loading time and the dictionary's resident pages are printed too.
*/
#include "kronika.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* Resident kB of mappings whose path ends with `suffix` (from smaps). */
static long mapping_rss_kb(const char *suffix) {
  FILE *f = fopen("/proc/self/smaps", "r");
  if (!f) return -1;
  char line[4096];
  long total = 0;
  int in = 0;
  size_t sl = strlen(suffix);
  while (fgets(line, sizeof line, f)) {
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n') line[--n] = 0;
    if (strchr(line, '-') && strchr(line, ' ') && line[0] != ' ' &&
        ((line[0] >= '0' && line[0] <= '9') || (line[0] >= 'a' && line[0] <= 'f'))) {
      in = n >= sl && !strcmp(line + n - sl, suffix);
    } else if (in && !strncmp(line, "Rss:", 4)) {
      total += atol(line + 4);
    }
  }
  fclose(f);
  return total;
}

static const struct { const char *name; unsigned layers; } PHASES[] = {
    {"read", 0},
    {"tokenize", KR_LAYER_TOKENS},
    {"morph", KR_LAYER_TOKENS | KR_LAYER_MORPH},
    {"tagger", KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER},
    {"timex", KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER | KR_LAYER_TIMEX},
    {"entities", KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER | KR_LAYER_TIMEX | KR_LAYER_ENTITIES},
    {"all", KR_LAYER_ALL},
};

static int run_phase(const char *name, unsigned layers, const char *data, size_t len,
                     const kr_resources *res) {
  kr_reader *r = NULL;
  if (kr_reader_open(&r, "bench", data, len, NULL)) return 1;
  kr_doc *doc = kr_doc_new();
  uint64_t bytes = 0, toks = 0, docs = 0, bad = 0;
  double t0 = now();
  kr_error err;
  int rc;
  while ((rc = kr_reader_next(r, doc, &err)) != 0) {
    if (rc < 0) { bad++; continue; }
    if (layers && kr_analyze(res, doc, layers, &err)) { bad++; continue; }
    bytes += doc->text_len;
    toks += doc->n_toks;
    docs++;
  }
  double dt = now() - t0;
  printf("%-9s %7llu docs %8.2f MB %8.3f s %9.2f MB/s %11.0f tokens/s  peak RSS %6.1f MB%s\n", name,
         (unsigned long long)docs, bytes / 1e6, dt, bytes / 1e6 / dt, layers ? toks / dt : 0.0,
         peak_rss_kb() / 1024.0, bad ? "  (some documents rejected)" : "");
  kr_doc_free(doc);
  kr_reader_close(r);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_throughput FILE [read|tokenize|morph|tagger|timex|entities|all...]\n");
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
    fprintf(stderr, "bench: cannot read %s\n", argv[1]);
    return 2;
  }
  char *data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (data == MAP_FAILED) return 2;
  /* fault the input in so the first phase is not charged for disk reads */
  volatile unsigned sum = 0;
  for (off_t i = 0; i < st.st_size; i += 4096) sum += (unsigned char)data[i];
  (void)sum;

  long rss0 = peak_rss_kb();
  double t0 = now();
  kr_resources *res = NULL;
  kr_error err = {0};
  if (kr_resources_open(&res, NULL, &err)) {
    fprintf(stderr, "bench: cannot load resources: %s\n", err.message);
    return 2;
  }
  double load = now() - t0;
  printf("input %s: %.2f MB\n", argv[1], st.st_size / 1e6);
  printf("load resources: %.1f ms (peak RSS before %.1f MB, after %.1f MB)\n", load * 1e3,
         rss0 / 1024.0, peak_rss_kb() / 1024.0);
  {
    /* what tagging alone needs (dictionary, abbreviations, guesser, tagger): the
    ** issue's "model load" figure; the first open above paid the page faults
    ** of the dictionary, so this is the warm-cache load */
    kr_options o = {0};
    o.layers = KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER;
    kr_resources *r2 = NULL;
    double t1 = now();
    if (kr_resources_open(&r2, &o, &err) == 0) {
      printf("load for tagging (dictionary, guesser, tagger): %.1f ms\n", (now() - t1) * 1e3);
      kr_resources_close(r2);
    }
  }
  int n_phases = (int)(sizeof PHASES / sizeof *PHASES);
  for (int a = 2; a < argc || a == 2; a++) {
    for (int p = 0; p < n_phases; p++) {
      if (argc > 2 && strcmp(argv[a], PHASES[p].name)) continue;
      run_phase(PHASES[p].name, PHASES[p].layers, data, (size_t)st.st_size, res);
    }
    if (argc <= 2) break;
  }
  printf("dictionary resident after the run: %.1f MB (mapped polish.dict pages)\n",
         mapping_rss_kb("polish.dict") / 1024.0);
  kr_resources_close(res);
  munmap(data, (size_t)st.st_size);
  return 0;
}
