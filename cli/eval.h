/*
** eval.h — the pieces of `kronika eval`, one file per layer:
**   eval.c        the subcommand: finds the shared data, runs each piece, prints the table
**   eval_text.c   tokenization and sentence splitting against UD CoNLL-U
**   eval_morph.c  lemma / UPOS / XPOS / FEATS against UD CoNLL-U (gold tokenization)
**   eval_timex.c  time expressions against KPWr TIMEX3 JSON Lines
** Each piece returns 0, or a negative KR_E* code with a message in err.
*/
#ifndef KR_CLI_EVAL_H
#define KR_CLI_EVAL_H

#include "kronika.h"
#include <stdint.h>
#include <stdio.h>

typedef struct eval_prf {
  uint64_t tp, fp, fn;
} eval_prf;

/* In percent (0..100). */
double eval_precision(const eval_prf *p);
double eval_recall(const eval_prf *p);
double eval_f1(const eval_prf *p);

/* Rebuilds raw text from the "# text" lines of a CoNLL-U file (sentences
** joined by one space, paragraphs at "# newpar" by a blank line), runs the
** tokenizer, and counts exact-span matches of surface tokens (multiword-token
** ranges count as one token) and of sentences. Adds to *tokens and *sents. */
int eval_text_file(const char *conllu_path, eval_prf *tokens, eval_prf *sents, kr_error *err);

typedef struct eval_morph_stats {
  uint64_t n;                  /* tokens scored (syntactic words) */
  uint64_t upos, xpos, feats, lemma;   /* correct counts */
  uint64_t lemma_in_cands;     /* gold lemma among the candidates */
  uint64_t n_known, known_upos, known_xpos, known_lemma;     /* dictionary knows the form */
  uint64_t n_unknown, unk_upos, unk_xpos, unk_lemma;         /* guessed */
} eval_morph_stats;

/* Tags a gold-tokenised CoNLL-U file with the resources and compares. */
int eval_morph_file(const kr_resources *res, const char *conllu_path, eval_morph_stats *st,
                    kr_error *err);

/* Scores the sentences of `c` (read by kr__cwords_read) whose running index
** (*sidx, advanced over every sentence of c) satisfies index % k == fold;
** all of them when k is 0. Used by eval_morph_file and `train tagger --cv`. */
struct kr_cwords;
int eval_morph_cwords(const kr_resources *res, const struct kr_cwords *c, uint32_t k, uint32_t fold,
                      uint32_t *sidx, eval_morph_stats *st, kr_error *err);

typedef struct eval_timex_stats {
  eval_prf strict, relaxed;    /* span matches: exact / overlapping */
  uint64_t type_ok, value_ok;  /* among relaxed matches */
  uint64_t vague_uncounted;    /* PAST_REF/PRESENT_REF/FUTURE_REF outside gold spans, not in fp */
} eval_timex_stats;

/* Scores time expressions on a KPWr-style JSON Lines file; misses and wrong
** values are listed to `misses` when it is not NULL. */
int eval_timex_file(const kr_resources *res, const char *jsonl_path, eval_timex_stats *st,
                    FILE *misses, kr_error *err);

typedef struct eval_ner_stats {
  eval_prf all;                /* exact span and type */
  eval_prf by_type[KR_ENT__COUNT];
  uint64_t docs;
} eval_ner_stats;

/* eval_ner.c: mention P/R/F1 on the held-out documents of an NKJP NER TSV
** (those the committed model was not trained on; see models/README.md). */
int eval_ner_file(const kr_resources *res, const char *tsv_path, eval_ner_stats *st,
                  kr_error *err);

typedef struct eval_names_stats {
  uint64_t n, exact;           /* phrases, base form exactly right */
  uint64_t by_type_n[KR_ENT__COUNT], by_type_exact[KR_ENT__COUNT];
} eval_names_stats;

/* eval_names.c: base-form accuracy on KPWr phrases (orth → gold base form). */
int eval_names_file(const kr_resources *res, const char *tsv_path, eval_names_stats *st,
                    FILE *misses, kr_error *err);

#endif
