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

#endif /* KR_MORPH_H */
