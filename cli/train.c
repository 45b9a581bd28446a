/*
** train.c — `kronika train tagger|guesser`: trains the morphological models
** (src/tagger.c, src/guesser.c) and writes them under models/. Progress goes
** to stderr, one line per step or epoch.
*/
#include "cli.h"
#include "tagger.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: kronika train tagger --out FILE [--epochs N] [--seed N] [--bits N]\n"
          "                            [--dict PATH] [--models DIR] FILE.conllu...\n"
          "       kronika train guesser --out FILE [--names DIR] [--dict PATH]\n"
          "       kronika train ner --help      (named-entity recogniser)\n"
          "\n"
          "tagger   averaged perceptron over the dictionary's (and guesser's) candidate\n"
          "         readings, trained on gold CoNLL-U (UD Polish); deterministic for a seed.\n"
          "         The guesser in --models (default models/) supplies unknown words.\n"
          "guesser  suffix rules learned from the PoliMorf dictionary and, with --names,\n"
          "         from DIR/sgjp-20160310-geograficzne.tab, the Polem inflection rules\n"
          "         DIR/inflection_nam_{liv_person_last,loc}.txt and the first names in\n"
          "         DIR/nelexicon2_nam_liv_person_first.txt.\n");
}

static void progress(void *ctx, const char *line) {
  (void)ctx;
  fprintf(stderr, "%s: %s\n", cli_prog, line);
}

int cmd_train(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "ner")) return cmd_train_ner(argc - 1, argv + 1);
  const char *what = argv[1], *out = NULL, *dict = NULL, *models = NULL, *names = NULL;
  kr_tagger_train_opts to = {0};
  to.progress = progress;
  const char **files = calloc((size_t)argc, sizeof *files);
  int n_files = 0;
  if (!files) return 1;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); free(files); return 0; }
    else if (!strcmp(a, "--out") && v) out = v, i++;
    else if (!strcmp(a, "--dict") && v) dict = v, i++;
    else if (!strcmp(a, "--models") && v) models = v, i++;
    else if (!strcmp(a, "--names") && v) names = v, i++;
    else if (!strcmp(a, "--epochs") && v) to.epochs = (uint32_t)atoi(v), i++;
    else if (!strcmp(a, "--seed") && v) to.seed = strtoull(v, NULL, 10), i++;
    else if (!strcmp(a, "--bits") && v) to.hash_bits = (uint32_t)atoi(v), i++;
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "%s: train: unknown option '%s'\n", cli_prog, a);
      free(files);
      return 2;
    } else files[n_files++] = a;
  }
  if (!out) {
    fprintf(stderr, "%s: train: --out FILE is required\n", cli_prog);
    free(files);
    return 2;
  }
  int status = 1;
  clock_t t0 = clock();
  char meta[4096];
  int mo = snprintf(meta, sizeof meta, "kronika train %s", what);
  for (int i = 2; i < argc && mo < (int)sizeof meta - 1; i++)
    mo += snprintf(meta + mo, sizeof meta - (size_t)mo, " %s", argv[i]);
  if (!strcmp(what, "guesser")) {
    kr_resources *res = cli_open_resources(KR_LAYER_MORPH, dict, models, NULL);
    if (!res) { free(files); return 1; }
    struct kr_resources *r = (struct kr_resources *)res;
    kr_guesser_train_opts go = {names, meta, progress, NULL};
    kr_error err = {0};
    if (kr__guesser_train(r->dict, &go, out, &err)) cli_error("train guesser", &err);
    else status = 0;
    kr_resources_close(res);
  } else if (!strcmp(what, "tagger")) {
    if (!n_files) {
      fprintf(stderr, "%s: train tagger: no CoNLL-U files given\n", cli_prog);
      free(files);
      return 2;
    }
    kr_cwords *data = calloc((size_t)n_files, sizeof *data);
    int n_ok = 0;
    for (int i = 0; data && i < n_files; i++) {
      char *buf;
      size_t len;
      kr_error err = {0};
      if (cli_read_file(files[i], &buf, &len, &err)) { cli_error(files[i], &err); goto tag_done; }
      int rc = kr__cwords_read(&data[i], files[i], buf, len, &err);
      free(buf);
      if (rc) { cli_error("train tagger", &err); goto tag_done; }
      n_ok++;
    }
    {
      kr_resources *res = cli_open_resources(KR_LAYER_TOKENS | KR_LAYER_MORPH, dict, models, NULL);
      if (!res) goto tag_done;
      to.meta = meta;
      kr_error err = {0};
      if (kr__tagger_train(res, data, (uint32_t)n_files, &to, out, &err)) cli_error("train tagger", &err);
      else status = 0;
      kr_resources_close(res);
    }
  tag_done:
    for (int i = 0; i < n_ok; i++) kr__cwords_free(&data[i]);
    free(data);
  } else {
    fprintf(stderr, "%s: train: unknown model '%s' (tagger or guesser)\n", cli_prog, what);
    free(files);
    return 2;
  }
  if (!status) fprintf(stderr, "%s: train %s: %.1f s\n", cli_prog, what, (double)(clock() - t0) / CLOCKS_PER_SEC);
  free(files);
  return status;
}
