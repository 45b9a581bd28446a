/*
** resources.h — what kr_resources holds, and the load/run hooks of each stage.
**
** kr_resources is opened once (resources.c) and read-only afterwards; every
** stage's read-only data hangs off it. Each stage exposes:
**   kr__<stage>_load(...)  build its resource (may be absent: then NULL)
**   kr__<stage>_free(...)
**   kr__<stage>_run(res, doc, err)  add its layer to the document
** analyze.c calls the run hooks in pipeline order.
*/
#ifndef KR_RESOURCES_H
#define KR_RESOURCES_H

#include "internal.h"
#include "morph/morph.h"

typedef struct kr_tagger kr_tagger;       /* tagger.c */
typedef struct kr_guesser kr_guesser;     /* guesser.c */
typedef struct kr_timex_rules kr_timex_rules; /* timex.c */

struct kr_resources {
  kr_dict *dict;             /* PoliMorf; always present */
  kr_guesser *guesser;       /* unknown-word readings; NULL when no model */
  kr_tagger *tagger;         /* NULL when no model: heuristic choice */
  kr_timex_rules *timex;     /* NULL when the layer was not requested */
  unsigned layers;           /* layers whose resources were loaded */
  char *dict_path, *model_dir, *data_dir; /* resolved paths (malloc) */
};

/* morph/annotate.c: readings for every token (dictionary, then guesser),
** and a first choice by heuristic (replaced by the tagger when present). */
int kr__morph_run(const kr_resources *res, kr_doc *doc, kr_error *err);
/* Sets token fields (lemma, tag, upos, feats) from readings[idx], moving it first. */
void kr__morph_choose(const kr_resources *res, kr_token *t, int idx);

/* guesser.c */
int kr__guesser_load(kr_guesser **out, const char *path, const kr_dict *dict, kr_error *err);
void kr__guesser_free(kr_guesser *g);
/* Candidate readings for a form the dictionary lacks; lemmas in arena. */
int kr__guesser_guess(const kr_guesser *g, kr_arena *a, const char *form, size_t len,
                      kr_reading *out, int max);

/* tagger.c */
int kr__tagger_load(kr_tagger **out, const char *path, const kr_dict *dict, kr_error *err);
void kr__tagger_free(kr_tagger *t);
int kr__tagger_run(const kr_resources *res, kr_doc *doc, kr_error *err);

/* timex.c */
int kr__timex_load(kr_timex_rules **out, const char *data_dir, kr_error *err);
void kr__timex_free(kr_timex_rules *t);
int kr__timex_run(const kr_resources *res, kr_doc *doc, kr_error *err);

#endif
