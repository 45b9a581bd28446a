/*
** resources.c — opening and closing the read-only resources of a run.
**
** Paths come from kr_options, else the environment ($KRONIKA_DICT,
** $KRONIKA_MODELS, $KRONIKA_DATA), else the paths compiled in by CMake
** (the build tree's dictionary, the source tree's models/ and data/).
** The dictionary is required for any layer past tokens; models are optional
** (without a tagger model the morphology stage falls back to a heuristic).
*/
#include "resources.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef KR_DEFAULT_DICT
#define KR_DEFAULT_DICT "build/dict/polish.dict"
#endif
#ifndef KR_DEFAULT_MODELS
#define KR_DEFAULT_MODELS "models"
#endif
#ifndef KR_DEFAULT_DATA
#define KR_DEFAULT_DATA "data"
#endif

static char *pick(const char *given, const char *env, const char *builtin) {
  const char *p = given;
  if (!p || !*p) p = getenv(env);
  if (!p || !*p) p = builtin;
  return strdup(p);
}

static char *join(const char *dir, const char *file) {
  size_t n = strlen(dir) + strlen(file) + 2;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/%s", dir, file);
  return p;
}

/* A model file is optional: when models/<file> is absent the stage it feeds
** is skipped (or falls back), and that is not an error. Returns the path
** (malloc) when the file exists, NULL otherwise; *rc is set on no memory. */
static char *model_path(const kr_resources *res, const char *file, int *rc, kr_error *err) {
  char *path = join(res->model_dir, file);
  if (!path) *rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  else if (access(path, F_OK) != 0) { free(path); path = NULL; }
  return path;
}

int kr_resources_open(kr_resources **out, const kr_options *opt, kr_error *err) {
  int rc = 0;
  char *path = NULL;
  *out = NULL;
  kr_resources *res = calloc(1, sizeof *res);
  if (!res) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  unsigned layers = (opt && opt->layers) ? opt->layers : KR_LAYER_ALL;
  res->dict_path = pick(opt ? opt->dict_path : NULL, "KRONIKA_DICT", KR_DEFAULT_DICT);
  res->model_dir = pick(opt ? opt->model_dir : NULL, "KRONIKA_MODELS", KR_DEFAULT_MODELS);
  res->data_dir = pick(opt ? opt->data_dir : NULL, "KRONIKA_DATA", KR_DEFAULT_DATA);
  if (!res->dict_path || !res->model_dir || !res->data_dir) {
    rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    goto cleanup;
  }
  if (layers & ~(unsigned)KR_LAYER_TOKENS) {
    if ((rc = kr__dict_open(&res->dict, res->dict_path, err))) goto cleanup;
    if (!(path = join(res->data_dir, "morph/abbrev.tsv"))) {
      rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
      goto cleanup;
    }
    if ((rc = kr__abbrev_load(&res->abbrev, path, res->dict, err))) goto cleanup;
    free(path);
    path = NULL;
    if ((path = model_path(res, "guesser.bin", &rc, err)))
      rc = kr__guesser_load(&res->guesser, path, res->dict, err);
    if (rc) goto cleanup;
    free(path);
    path = NULL;
  }
  if ((layers & KR_LAYER_TAGGER) && (path = model_path(res, "tagger.bin", &rc, err)))
    rc = kr__tagger_load(&res->tagger, path, res->dict, err);
  if (rc) goto cleanup;
  free(path);
  path = NULL;
  if ((layers & KR_LAYER_TIMEX) && (rc = kr__timex_load(&res->timex, res->data_dir, err)))
    goto cleanup;
  if (layers & (KR_LAYER_ENTITIES | KR_LAYER_QUOTES | KR_LAYER_EVENTS)) {
    if ((path = model_path(res, "ner.bin", &rc, err)))
      rc = kr__ner_load(&res->ner, path, res->dict, err);
    if (rc) goto cleanup;
    free(path);
    path = NULL;
    if ((rc = kr__kb_load(&res->kb, res->data_dir, err))) goto cleanup;
  }
  if ((layers & (KR_LAYER_QUOTES | KR_LAYER_EVENTS)) &&
      (rc = kr__quotes_load(&res->quotes, res->data_dir, res->dict, err)))
    goto cleanup;
  if ((layers & KR_LAYER_EVENTS) &&
      (rc = kr__events_load(&res->events, res->data_dir, res->dict, err)))
    goto cleanup;
  res->layers = layers;
  *out = res;
  return 0;
cleanup:
  free(path);
  kr_resources_close(res);
  return rc;
}

void kr_resources_close(kr_resources *res) {
  if (!res) return;
  kr__events_free(res->events);
  kr__quotes_free(res->quotes);
  kr__kb_free(res->kb);
  kr__ner_free(res->ner);
  kr__timex_free(res->timex);
  kr__tagger_free(res->tagger);
  kr__guesser_free(res->guesser);
  kr__abbrev_free(res->abbrev);
  if (res->dict) kr__dict_close(res->dict);
  free(res->dict_path);
  free(res->model_dir);
  free(res->data_dir);
  free(res);
}

const char *kr_tag_string(const kr_resources *res, unsigned tag) {
  return (res && res->dict) ? kr__dict_tag(res->dict, tag) : NULL;
}

int kr_morph_lookup(const kr_resources *res, kr_doc *doc, const char *form, size_t len,
                    kr_reading *out, int max) {
  if (!res || !res->dict || !doc || !form) return 0;
  return kr__morph_lookup(res->dict, doc->arena, form, len, out, max);
}
