/*
** ner.h — training and evaluation side of the mention recogniser (ner.c),
** shared by `kronika train ner` and `kronika eval` (internal, not public).
**
**   kr__nerdata_*        reader of the NKJP NER TSV (token<TAB>label, IOB
**                        with nested classes joined by '#', -DOCSTART lines)
**   kr__ner_is_heldout   THE train/test split rule (by document order)
**   kr__ner_gold         gold BILOU labels of one analysed sentence, with
**                        the output contract applied (lower-case adjectives
**                        derived from place names are not mentions)
**   kr__ner_train        trains and writes models/ner.bin
**
** Training prints nothing: progress goes through a callback.
*/
#ifndef KR_NER_H
#define KR_NER_H

#include "tagger.h"

/* Labels: O, then B, I, L, U for PER, ORG, LOC (type t: 1 + 4t + {0,1,2,3}). */
enum { KR_NER_O = 0, KR_NER_NLABELS = 13 };

/* Raw gold label of a token: its outermost NKJP class mapped to a type. */
enum {
  KR_NER_RAW_TYPE = 0x0f,   /* 0 = none, 1 + enum kr_ent_type (PER, ORG, LOC) */
  KR_NER_RAW_BEGIN = 0x10   /* the label was B- */
};

typedef struct kr_nerdata {
  char *buf;                 /* malloc'd copy of the file, forms cut by NULs */
  const char **form;         /* n_toks forms (into buf) */
  uint8_t *raw;              /* n_toks raw labels (KR_NER_RAW_*) */
  uint32_t *line;            /* n_toks 1-based line numbers */
  uint32_t n_toks;
  uint32_t *sent;            /* sent[i] = first token of sentence i; sent[n_sents] = n_toks */
  uint32_t *sent_doc;        /* document index (0-based, file order) of each sentence */
  uint32_t n_sents, n_docs;
} kr_nerdata;

/* Parses the TSV `data[0..len)`; `name` is used in messages. Errors:
** KR_EFORMAT "name:line: what" (no tab, unknown label, no token at all),
** KR_ENOMEM. Free with kr__nerdata_free(). */
int kr__nerdata_read(kr_nerdata *d, const char *name, const char *data, size_t len, kr_error *err);
void kr__nerdata_free(kr_nerdata *d);

/* True when document `doc_index` (0-based, file order) is held out: every
** `holdout`-th document (indices holdout-1, 2*holdout-1, ...); never when
** holdout is 0. The model stores the `holdout` it was trained with. */
bool kr__ner_is_heldout(uint32_t doc_index, uint32_t holdout);
/* The holdout the loaded model was trained with (0: trained on all). */
uint32_t kr__ner_holdout(const kr_ner *n);

/* Fills `doc` (reset first) with the gold tokens of the document whose first
** sentence is s0 (sentences s0..*s1-1), sentence starts kept. Errors:
** KR_EFORMAT (tokens not kept as given), KR_EUTF8, KR_ENOMEM. */
int kr__nerdata_doc(const kr_nerdata *d, uint32_t s0, uint32_t *s1, kr_doc *doc, kr_error *err);

/* Gold BILOU labels (out[0..doc->n_toks)) for a gold-tokenised document
** analysed at least to KR_LAYER_MORPH, whose tokens have raw labels
** raw[0..n_toks). Single-token LOC spans that start lower-case and have an
** adjective reading ("polski", "warszawskiej") become O. Returns
** the number of such spans dropped. */
uint32_t kr__ner_gold(const kr_resources *res, const kr_doc *doc, const uint8_t *raw, uint8_t *out);

typedef struct kr_ner_train_opts {
  uint32_t epochs;        /* 0: default 10 */
  uint64_t seed;          /* shuffling */
  uint32_t holdout;       /* every holdout-th document is not trained on; 0 = none */
  uint32_t hash_bits;     /* weight table 2^bits 16-bit cells; 0: default 23 (16 MB) */
  const char *names_dir;  /* name lists (NELexicon2, SGJP geographical, KPWr) or NULL */
  const char *kb_dir;     /* knowledge base TSVs (data/kb) for phrase features, or NULL */
  uint32_t dev;           /* every dev-th training document is a dev document: not
                          ** trained on, scored after each epoch (held-out then not
                          ** scored); 0 = none */
  uint32_t min_count;     /* features seen in fewer training tokens keep weight 0 */
  const char *meta;       /* free text stored in the model */
  kr_progress_fn progress; void *progress_ctx;
} kr_ner_train_opts;

/* Trains on the documents of `data` that are not held out, analysing each
** sentence with `res` (dictionary, guesser, tagger), and writes the model to
** `out_path`. Each epoch reports the mention F1 on the dev documents (when
** opt->dev) or else the held-out ones through progress.
** Errors: KR_ENOMEM, KR_EIO (a name list or KB file missing), KR_EINVAL (no
** training sentence). */
int kr__ner_train(const kr_resources *res, const kr_nerdata *data, const kr_ner_train_opts *opt,
                  const char *out_path, kr_error *err);

#endif /* KR_NER_H */
