/*
** train.c — `kronika train tagger|guesser`: trains the morphological models
** (src/tagger.c, src/guesser.c) and writes them under models/. Progress goes
** to stderr, one line per step or epoch.
*/
#include "cli.h"
#include "eval.h"
#include "tagger.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: kronika train tagger --out FILE [--epochs N] [--seed N] [--bits N] [--passes 1|2]\n"
          "                            [--dict PATH] [--models DIR] FILE.conllu...\n"
          "       kronika train tagger --cv K [options as above, no --out] FILE.conllu...\n"
          "       kronika train guesser --out FILE [--names DIR] [--dict PATH]\n"
          "       kronika train ner --help      (named-entity recogniser)\n"
          "\n"
          "tagger   averaged perceptron over the dictionary's (and guesser's) candidate\n"
          "         readings, trained on gold CoNLL-U (UD Polish); deterministic for a seed.\n"
          "         The guesser in --models (default models/) supplies unknown words.\n"
          "         --cv K: K-fold cross-validation instead (sentence i of all the files,\n"
          "         counted in order, is in fold i mod K; each fold is tagged by a model\n"
          "         trained on the others, written to a temporary file); prints the\n"
          "         figures per fold and overall, writes no model.\n"
          "         --passes 2 (default): decode each sentence twice, the second pass\n"
          "         seeing the first pass's decisions on both sides.\n"
          "guesser  suffix rules learned from the PoliMorf dictionary and, with --names,\n"
          "         from DIR/sgjp-20160310-geograficzne.tab, the Polem inflection rules\n"
          "         DIR/inflection_nam_{liv_person_last,loc}.txt and the first names in\n"
          "         DIR/nelexicon2_nam_liv_person_first.txt.\n");
}

static void progress(void *ctx, const char *line) {
  (void)ctx;
  fprintf(stderr, "%s: %s\n", cli_prog, line);
}

static double pct(uint64_t a, uint64_t n) { return n ? 100.0 * (double)a / (double)n : 0.0; }

static void print_row(const char *name, const eval_morph_stats *st) {
  printf("| %s | %llu | %.2f | %.2f | %.2f | %.2f | %llu | %.2f | %.2f | %.2f |\n", name,
         (unsigned long long)st->n, pct(st->upos, st->n), pct(st->xpos, st->n), pct(st->feats, st->n),
         pct(st->lemma, st->n), (unsigned long long)st->n_unknown, pct(st->unk_upos, st->n_unknown),
         pct(st->unk_lemma, st->n_unknown), pct(st->unk_xpos, st->n_unknown));
}

/* The training sentences of fold `fold` of file d: those not in it. The
** words point into data[d]'s buffer (out->buf stays NULL). */
static int fold_view(const kr_cwords *c, uint32_t k, uint32_t fold, uint32_t *sidx, kr_cwords *out) {
  memset(out, 0, sizeof *out);
  out->w = malloc((c->n ? c->n : 1) * sizeof *out->w);
  out->sent = malloc((c->n_sents + 1) * sizeof *out->sent);
  if (!out->w || !out->sent) return -1;
  for (uint32_t s = 0; s < c->n_sents; s++) {
    if ((*sidx)++ % k == fold) continue;
    out->sent[out->n_sents++] = out->n;
    for (uint32_t i = c->sent[s]; i < c->sent[s + 1]; i++) out->w[out->n++] = c->w[i];
  }
  out->sent[out->n_sents] = out->n;
  return 0;
}

/* `train tagger --cv K`: trains K models in turn (temporary file) and scores
** each on its held-out fold with the resources' dictionary and guesser. */
static int cross_validate(kr_resources *res, kr_cwords *data, uint32_t n_data, uint32_t k,
                          kr_tagger_train_opts *to) {
  struct kr_resources *r = (struct kr_resources *)res;
  uint32_t n_sents = 0;
  for (uint32_t d = 0; d < n_data; d++) n_sents += data[d].n_sents;
  if (n_sents < k) {
    fprintf(stderr, "%s: train --cv %u: only %u sentences\n", cli_prog, k, n_sents);
    return 1;
  }
  const char *tmpdir = getenv("TMPDIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/kronika-cv-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) {
    fprintf(stderr, "%s: train --cv: cannot create a temporary file in %s\n", cli_prog,
            tmpdir && *tmpdir ? tmpdir : "/tmp");
    return 1;
  }
  close(fd);
  /* one convention for training and scoring: the LFG files' gold in PDB's */
  kr_error herr = {0};
  if (kr__cwords_harmonize(res, data, n_data, &herr)) {
    cli_error("train --cv", &herr);
    remove(path);
    return 1;
  }
  printf("Gold UPOS/XPOS of the files in UD Polish LFG's tag convention are compared in PDB's\n"
         "(the harmonisation training applies: collectivity, vocalicity, degree, qub → part).\n\n");
  kr_tagger *installed = r->tagger;
  kr_cwords *view = calloc(n_data, sizeof *view);
  eval_morph_stats all;
  memset(&all, 0, sizeof all);
  int status = view ? 0 : 1;
  printf("| fold | words | UPOS | XPOS | FEATS | LEMMA | unknown words | unknown UPOS | unknown LEMMA | unknown XPOS |\n");
  printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (uint32_t f = 0; f < k && !status; f++) {
    uint32_t sidx = 0;
    for (uint32_t d = 0; d < n_data && !status; d++)
      if (fold_view(&data[d], k, f, &sidx, &view[d])) status = 1;
    kr_error err = {0};
    kr_tagger *tg = NULL;
    if (!status && kr__tagger_train(res, view, n_data, to, path, &err)) cli_error("train --cv", &err), status = 1;
    if (!status && kr__tagger_load(&tg, path, r->dict, &err)) cli_error("train --cv", &err), status = 1;
    eval_morph_stats st;
    memset(&st, 0, sizeof st);
    r->tagger = tg;
    sidx = 0;
    for (uint32_t d = 0; d < n_data && !status; d++)
      if (eval_morph_cwords(res, &data[d], k, f, &sidx, &st, &err)) cli_error("train --cv", &err), status = 1;
    r->tagger = installed;
    kr__tagger_free(tg);
    for (uint32_t d = 0; d < n_data; d++) {
      free(view[d].w);
      free(view[d].sent);
      memset(&view[d], 0, sizeof view[d]);
    }
    if (status) break;
    char name[32];
    snprintf(name, sizeof name, "%u", f + 1);
    print_row(name, &st);
    fflush(stdout);
    uint64_t *a = (uint64_t *)&all;
    const uint64_t *b = (const uint64_t *)&st;
    for (size_t i = 0; i < sizeof all / sizeof(uint64_t); i++) a[i] += b[i];
  }
  if (!status) print_row("**all**", &all);
  fflush(stdout);
  free(view);
  remove(path);
  return status;
}

int cmd_train(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "ner")) return cmd_train_ner(argc - 1, argv + 1);
  const char *what = argv[1], *out = NULL, *dict = NULL, *models = NULL, *names = NULL;
  kr_tagger_train_opts to = {0};
  int cv = 0;
  to.progress = progress;
  to.two_pass = 1;
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
    else if (!strcmp(a, "--passes") && v) {
      int p = atoi(v);
      if (p != 1 && p != 2) {
        fprintf(stderr, "%s: train: --passes must be 1 or 2, not '%s'\n", cli_prog, v);
        free(files);
        return 2;
      }
      to.two_pass = p == 2, i++;
    }
    else if (!strcmp(a, "--cv") && v) cv = atoi(v), i++;
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "%s: train: unknown option '%s'\n", cli_prog, a);
      free(files);
      return 2;
    } else files[n_files++] = a;
  }
  if (cv && (strcmp(what, "tagger") || cv < 2 || cv > 100)) {
    fprintf(stderr, "%s: train: --cv K needs the tagger and 2 <= K <= 100\n", cli_prog);
    free(files);
    return 2;
  }
  if (!out && !cv) {
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
      if (cv) status = cross_validate(res, data, (uint32_t)n_files, (uint32_t)cv, &to);
      else if (kr__tagger_train(res, data, (uint32_t)n_files, &to, out, &err)) cli_error("train tagger", &err);
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
