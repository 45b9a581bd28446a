/*
** tagger.h — training side of the tagger and the guesser, and the helpers
** they share with `kronika train` / `kronika eval` (internal, not public).
**
**   kr__mfile_*      the sectioned little-endian model file (magic, version,
**                    one table of sections with sizes and checksums); both
**                    models/tagger.bin and models/guesser.bin use it
**   kr__cwords_*     a CoNLL-U reader keeping the syntactic words (FORM,
**                    LEMMA, UPOS, XPOS, FEATS) with their line numbers
**   kr__doc_from_words  a kr_doc whose tokens are given words (gold tokenisation)
**   kr__tagger_train / kr__guesser_train  write a model file
**
** Training prints nothing: progress goes through a callback (the CLI prints).
*/
#ifndef KR_TAGGER_H
#define KR_TAGGER_H

#include "resources.h"

/* ---- sectioned model file ------------------------------------------------ */

typedef struct kr_msection {
  char id[4];          /* "CLAS", "WGHT"... */
  const void *data;    /* inside the mapping */
  uint64_t size;       /* bytes */
} kr_msection;

typedef struct kr_mfile {
  void *map;           /* mmap of the whole file */
  size_t map_len;
  uint32_t n_sections;
  kr_msection sec[16];
} kr_mfile;

/* Maps `path`, checks magic (8 bytes), version, the section table and every
** section's checksum. Errors: KR_ENOTFOUND (no file), KR_EMODEL (message says
** what is wrong). */
int kr__mfile_open(kr_mfile *m, const char *path, const char magic[8], uint32_t version,
                   kr_error *err);
void kr__mfile_close(kr_mfile *m);
/* The section `id`, or NULL. */
const kr_msection *kr__mfile_section(const kr_mfile *m, const char id[4]);
/* Writes a model file from n sections (data, size). Errors: KR_EIO. */
int kr__mfile_write(const char *path, const char magic[8], uint32_t version,
                    const kr_msection *sec, uint32_t n, kr_error *err);

/* 64-bit hash of bytes (FNV-1a, then a final mix). */
uint64_t kr__hash_bytes(const void *p, size_t len, uint64_t seed);

/* ---- CoNLL-U words ----------------------------------------------------------- */

typedef struct kr_cword {
  const char *form, *lemma, *upos, *xpos, *feats; /* NUL-terminated, in buf */
  uint32_t line;                                 /* 1-based line in the file */
} kr_cword;

typedef struct kr_cwords {
  char *buf;                 /* malloc'd copy of the file, fields cut by NULs */
  kr_cword *w; uint32_t n;   /* syntactic words (no multiword ranges, no empty nodes) */
  uint32_t *sent;            /* sent[i] = first word of sentence i; sent[n_sents] = n */
  uint32_t n_sents;
  char **pools; uint32_t n_pools;  /* strings of kr__cwords_harmonize (malloc) */
} kr_cwords;

/* Parses CoNLL-U `data[0..len)`; `name` is used in messages. Errors:
** KR_ECONLLU with "name:line: what" (also for a file without any word),
** KR_ENOMEM. Free with kr__cwords_free(). */
int kr__cwords_read(kr_cwords *c, const char *name, const char *data, size_t len, kr_error *err);
void kr__cwords_free(kr_cwords *c);

/* Rewrites, in place, the gold UPOS/XPOS of the files in UD Polish LFG's
** tag convention (a file with "qub" or four-field neuter nouns) into PDB's,
** as training does (collectivity, vocalicity and degree fields from the PDB
** files among `data`, or the dictionary; "qub" → "part"; lemma-level class
** conventions such as "gdy" comp). Used to score every file in one
** convention. KR_ENOMEM only. */
int kr__cwords_harmonize(const kr_resources *res, kr_cwords *data, uint32_t n_data, kr_error *err);

/* Resets `doc` and fills it with one sentence whose tokens are the `n` words
** (text = words joined by spaces; kind and flags computed from each word). */
int kr__doc_from_words(kr_doc *doc, const kr_cword *w, uint32_t n, kr_error *err);

/* ---- training ------------------------------------------------------------------ */

typedef void (*kr_progress_fn)(void *ctx, const char *line);
/* Formats one progress line for a trainer and hands it to fn (no-op when
** fn is NULL). Shared by the tagger, guesser and NER trainers. */
void kr__progressf(kr_progress_fn fn, void *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

typedef struct kr_tagger_train_opts {
  uint32_t epochs;        /* 0: default 12 */
  uint64_t seed;          /* shuffling */
  uint32_t hash_bits;     /* weight table 2^bits floats; 0: default 20 */
  int two_pass;           /* a second decoding pass (TG_F_TWOPASS in the model) */
  const char *meta;       /* free text stored in the model (command, data sources) */
  kr_progress_fn progress; void *progress_ctx;
} kr_tagger_train_opts;

/* Trains the tagger on the sentences of `data` (n_data files), with the
** candidates kr__morph_run gives under `res` (dictionary and, when loaded,
** guesser), and writes the model to `out_path`. */
int kr__tagger_train(const kr_resources *res, const kr_cwords *data, uint32_t n_data,
                     const kr_tagger_train_opts *opt, const char *out_path, kr_error *err);

typedef struct kr_guesser_train_opts {
  const char *names_dir;  /* names/ data, or NULL */
  const char *meta;
  kr_progress_fn progress; void *progress_ctx;
} kr_guesser_train_opts;

int kr__guesser_train(const kr_dict *dict, const kr_guesser_train_opts *opt, const char *out_path,
                      kr_error *err);

#endif /* KR_TAGGER_H */
