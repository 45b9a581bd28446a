/*
** morph/morph.h — Polish morphology from PoliMorf (morfologik CFSA2 automaton).
**
** Files:
**   cfsa2.c   memory-mapped reader of morfologik's CFSA2 automaton format
**   dict.c    form → (lemma, tag) lookup (PREFIX lemma encoding), case-aware
**             lookup, the atomic tag set, the reverse index (lemma+tag → form)
**   tags.c    NKJP tag → UPOS and UD FEATS
**
** The dictionary image is read-only and shared by threads. Tags in the
** automaton may pack alternatives ("subst:pl:nom.acc.voc:m3+subst:sg:gen:m3");
** lookup expands them into atomic tags, each with its own id in the tag set.
*/
#ifndef KR_MORPH_H
#define KR_MORPH_H

#include "../internal.h"

typedef struct kr_dict kr_dict;

/* Opens the dictionary at `path` (polish.dict; its side files — the tag set
** and the reverse index made by `kronika-dictprep` — are looked for beside
** it). Errors: KR_EDICT (err names the file and what is wrong), KR_ENOMEM. */
int kr__dict_open(kr_dict **out, const char *path, kr_error *err);
void kr__dict_close(kr_dict *d);

/* Tag set: atomic NKJP tags with stable ids 0..n-1 for this dictionary. */
unsigned kr__dict_n_tags(const kr_dict *d);
const char *kr__dict_tag(const kr_dict *d, unsigned id);          /* NULL if out of range */
int kr__dict_tag_id(const kr_dict *d, const char *tag, size_t len);/* -1 if unknown */
uint8_t kr__dict_tag_upos(const kr_dict *d, unsigned id);          /* enum kr_upos */
const char *kr__dict_tag_feats(const kr_dict *d, unsigned id);     /* "_" when none */

/* Exact lookup (no case folding). Calls cb once per (lemma, atomic tag);
** `lemma` is only valid during the call. Returns the number of calls, or the
** first non-zero value cb returned (negative to stop). */
typedef int (*kr_dict_cb)(void *ctx, const char *lemma, size_t lemma_len, unsigned tag);
int kr__dict_lookup_exact(const kr_dict *d, const char *form, size_t len, kr_dict_cb cb, void *ctx);

/* Case-aware lookup: the form as is, then lower-cased when it has capitals
** (proper-noun readings found for the capitalised form are kept). Lemmas are
** copied to `a`. Duplicates removed. Returns the number of readings stored
** (≤ max), 0 when unknown. */
int kr__morph_lookup(const kr_dict *d, kr_arena *a, const char *form, size_t len,
                     kr_reading *out, int max);

/* Reverse direction: forms of `lemma` whose atomic tag matches `tag_pattern`
** (colon-separated fields; "*" or an empty field matches anything; a field
** may list alternatives with '.'). cb gets (form, len, tag id). Returns the
** number of matches or KR_ENOTFOUND when the reverse index is missing. */
typedef int (*kr_dict_form_cb)(void *ctx, const char *form, size_t len, unsigned tag);
int kr__dict_generate(const kr_dict *d, const char *lemma, size_t len, const char *tag_pattern,
                      kr_dict_form_cb cb, void *ctx);

/* NKJP tag string → UPOS (enum kr_upos) and FEATS ("Case=Nom|Gender=Fem|Number=Sing").
** `lemma` may be NULL; it refines a few cases (e.g. "być" → AUX). The FEATS
** string is written to out (cap bytes) sorted as UD requires. */
uint8_t kr__tag_upos(const char *tag, const char *lemma);
int kr__tag_feats(const char *tag, const char *lemma, char *out, size_t cap);
/* The closed-class lemmas whose UPOS or FEATS depend on the lemma, not only
** on the tag ("ten", "być", "się"…): up to `max` distinct ones into out;
** returns the count. Lets a caller cache FEATS per tag for other lemmas. */
size_t kr__tag_lexical_lemmas(const char **out, size_t max);

/* ---- additions for kronika-dictprep and the tag tables ------------------- */

struct kr_cfsa2;

/* Like kr__dict_open; with KR_DICT_NO_SIDE_FILES the side files are ignored
** and the tag set is computed from the automaton (about 1.5 s). */
enum { KR_DICT_NO_SIDE_FILES = 1u << 0 };
int kr__dict_open_ex(kr_dict **out, const char *path, unsigned flags, kr_error *err);
const struct kr_cfsa2 *kr__dict_fsa(const kr_dict *d);
/* Packed tag strings as found in the automaton, and their atomic tag ids. */
unsigned kr__dict_n_ptags(const kr_dict *d);
const char *kr__dict_ptag(const kr_dict *d, unsigned id);
int kr__dict_ptag_id(const kr_dict *d, const char *s, size_t len);   /* -1 if unknown */
unsigned kr__dict_ptag_atoms(const kr_dict *d, unsigned id, const uint16_t **ids);
/* Decodes a PREFIX-encoded lemma against `form` into out (cap bytes);
** returns its length or -1 when it does not fit. */
int kr__dict_decode_lemma(const uint8_t *form, size_t form_len, const uint8_t *enc,
                          size_t enc_len, uint8_t *out, size_t cap);
/* True when the atomic `tag` matches `pattern` (see kr__dict_generate). */
bool kr__tag_match(const char *tag, const char *pattern);

/* PoliMorf atomic tag → NKJP as in UD Polish PDB (see tags.c). Returns the
** length written to out (NUL-terminated) or KR_ELIMIT. */
int kr__tag_normalize(const char *tag, size_t len, char *out, size_t cap);

/* Side files written by kronika-dictprep beside DICT (DICT minus ".dict"). */
#define KR_DICT_TAGS_EXT  ".tags"   /* atomic tags, one per line, id = line - header */
#define KR_DICT_PTAGS_EXT ".ptags"  /* packed tags of the automaton, one per line */
#define KR_DICT_REV_EXT   ".rev"    /* reverse index, see dict.c */
#define KR_REV_MAGIC "KRREV1\n"    /* 8 bytes with the NUL */

/* ---- abbreviation lexicon (abbrev.c; data/morph/abbrev.tsv) -------------- */

typedef struct kr_abbrev kr_abbrev;
typedef struct kr_abbrev_entry {
  const char *form;     /* as tokenised: no final dot ("m.in", "r", "zł") */
  const char *lemma;    /* UD lemma ("między_innymi", "rok", "złoty") */
  const char *feats;    /* UD FEATS ("Abbr=Yes") */
  uint16_t tag;         /* id in the dictionary's tag set (brev:pun…) */
  uint8_t upos;         /* enum kr_upos of the expansion */
  uint32_t line;        /* line in the file */
} kr_abbrev_entry;
/* Loads the TSV file at `path` (form, lemma, UPOS, XPOS[, FEATS]; '#'
** comments). A missing file gives *out = NULL and 0; a bad row KR_EDATA
** with "path:line: reason". */
int kr__abbrev_load(kr_abbrev **out, const char *path, const kr_dict *dict, kr_error *err);
void kr__abbrev_free(kr_abbrev *ab);
/* Entries whose form is exactly form[0..len): their count, the first in
** *first (they are consecutive, in file order). */
int kr__abbrev_find(const kr_abbrev *ab, const char *form, size_t len, const kr_abbrev_entry **first);
/* UPOS (enum kr_upos) the lexicon gives (form, lemma, tag), -1 when none. */
int kr__abbrev_upos(const kr_abbrev *ab, const char *form, size_t len, const char *lemma, unsigned tag);

#endif /* KR_MORPH_H */
