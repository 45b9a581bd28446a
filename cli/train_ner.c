/*
** train_ner.c — `kronika train ner`: trains the mention recogniser
** (src/ner.c) on the NKJP NER TSV and writes models/ner.bin. Every
** --holdout-th document is held out (kr__ner_is_heldout) and scored after
** each epoch; `kronika eval` scores the same documents. Progress on stderr.
*/
#include "cli.h"
#include "ner.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: kronika train ner --out FILE [--epochs N] [--seed N] [--holdout K] [--dev K]\n"
          "                         [--min-count N] [--bits N] [--names DIR] [--data DIR] [--no-kb]\n"
          "                         [--dict PATH] [--models DIR] FILE.tsv\n"
          "\n"
          "Trains the named-entity mention recogniser (PER, ORG, LOC): a structured averaged\n"
          "perceptron with Viterbi decoding over BILOU labels, on NKJP NER TSV (token<TAB>label,\n"
          "IOB with nested classes joined by '#', -DOCSTART lines). Sentences are analysed\n"
          "with the dictionary, guesser and tagger in --models (default models/).\n"
          "\n"
          "  --epochs N   passes over the data (default 10)\n"
          "  --seed N     shuffling seed (default 0); training is deterministic for a seed\n"
          "  --holdout K  every K-th document (by file order) is held out, never trained on,\n"
          "               and scored after each epoch (default 10; 0 = train on all)\n"
          "  --dev K      every K-th of the other documents is a dev document: not trained\n"
          "               on and scored after each epoch instead of the held-out ones\n"
          "               (for choosing settings; default 0 = none)\n"
          "  --min-count N  features seen in fewer than N training tokens keep weight 0\n"
          "  --bits N     weight table of 2^N 16-bit weights (default 23 = 16 MB)\n"
          "  --names DIR  name lists stored in the model as gazetteer features: NELexicon2\n"
          "               first names, SGJP geographical names, KPWr name phrases\n"
          "               (../shared/data/names)\n"
          "  --data DIR   data directory whose kb/ names (organisations, countries, places,\n"
          "               persons) become phrase features, stored in the model as hashes\n"
          "               (default data/, or $KRONIKA_DATA)\n"
          "  --no-kb      no knowledge-base features\n");
}

static void progress(void *ctx, const char *line) {
  (void)ctx;
  fprintf(stderr, "%s: %s\n", cli_prog, line);
}

static int parse_u32(const char *opt, const char *v, uint32_t *out) {
  char *end;
  unsigned long x = strtoul(v, &end, 10);
  if (!*v || *end || x > 0xffffffffUL) {
    fprintf(stderr, "%s: train ner: %s needs a non-negative number, not '%s'\n", cli_prog, opt, v);
    return -1;
  }
  *out = (uint32_t)x;
  return 0;
}

int cmd_train_ner(int argc, char **argv) {
  const char *out = NULL, *dict = NULL, *models = NULL, *file = NULL, *names = NULL, *data_dir = NULL;
  int no_kb = 0;
  kr_ner_train_opts to = {0};
  to.holdout = 10;
  to.progress = progress;
  uint32_t seed = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
    int takes = !strcmp(a, "--out") || !strcmp(a, "--dict") || !strcmp(a, "--models") ||
                !strcmp(a, "--epochs") || !strcmp(a, "--seed") || !strcmp(a, "--holdout") ||
                !strcmp(a, "--bits") || !strcmp(a, "--names") || !strcmp(a, "--dev") ||
                !strcmp(a, "--min-count") || !strcmp(a, "--data");
    if (takes && !v) {
      fprintf(stderr, "%s: train ner: %s needs a value\n", cli_prog, a);
      return 2;
    }
    if (!strcmp(a, "--out")) out = v, i++;
    else if (!strcmp(a, "--dict")) dict = v, i++;
    else if (!strcmp(a, "--names")) names = v, i++;
    else if (!strcmp(a, "--models")) models = v, i++;
    else if (!strcmp(a, "--data")) data_dir = v, i++;
    else if (!strcmp(a, "--no-kb")) no_kb = 1;
    else if (!strcmp(a, "--dev")) { if (parse_u32(a, v, &to.dev)) return 2; i++; }
    else if (!strcmp(a, "--min-count")) { if (parse_u32(a, v, &to.min_count)) return 2; i++; }
    else if (!strcmp(a, "--epochs")) { if (parse_u32(a, v, &to.epochs)) return 2; i++; }
    else if (!strcmp(a, "--seed")) { if (parse_u32(a, v, &seed)) return 2; i++; }
    else if (!strcmp(a, "--holdout")) { if (parse_u32(a, v, &to.holdout)) return 2; i++; }
    else if (!strcmp(a, "--bits")) { if (parse_u32(a, v, &to.hash_bits)) return 2; i++; }
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "%s: train ner: unknown option '%s'\n", cli_prog, a);
      return 2;
    } else if (file) {
      fprintf(stderr, "%s: train ner: one TSV file only\n", cli_prog);
      return 2;
    } else file = a;
  }
  if (!out || !file) {
    fprintf(stderr, "%s: train ner: %s is required (see --help)\n", cli_prog, !out ? "--out FILE" : "a TSV file");
    return 2;
  }
  if (to.hash_bits && (to.hash_bits < 10 || to.hash_bits > 28)) {
    fprintf(stderr, "%s: train ner: --bits must be 10..28\n", cli_prog);
    return 2;
  }
  to.seed = seed;
  to.names_dir = names;
  char meta[2048];
  int mo = snprintf(meta, sizeof meta, "kronika train ner");
  for (int i = 1; i < argc && mo < (int)sizeof meta - 1; i++)
    mo += snprintf(meta + mo, sizeof meta - (size_t)mo, " %s", argv[i]);
  to.meta = meta;
  clock_t t0 = clock();
  char *buf = NULL;
  size_t len = 0;
  kr_error err = {0};
  if (cli_read_file(file, &buf, &len, &err)) { cli_error(file, &err); return 1; }
  kr_nerdata data;
  int rc = kr__nerdata_read(&data, file, buf, len, &err);
  free(buf);
  if (rc) { cli_error("train ner", &err); return 1; }
  int status = 1;
  kr_resources *res =
      cli_open_resources(KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER, dict, models, data_dir);
  char kb_dir[4096];
  if (res && !no_kb) {
    snprintf(kb_dir, sizeof kb_dir, "%s/kb", res->data_dir);
    to.kb_dir = kb_dir;
  }
  if (res) {
    if (kr__ner_train(res, &data, &to, out, &err)) cli_error("train ner", &err);
    else status = 0;
    kr_resources_close(res);
  }
  kr__nerdata_free(&data);
  if (!status)
    fprintf(stderr, "%s: train ner: wrote %s (%.1f s)\n", cli_prog, out, (double)(clock() - t0) / CLOCKS_PER_SEC);
  return status;
}
