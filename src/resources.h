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
typedef struct kr_ner kr_ner;             /* ner.c */
typedef struct kr_kb kr_kb;               /* kb.c */
typedef struct kr_quote_lex kr_quote_lex; /* quotes.c */
typedef struct kr_event_lex kr_event_lex; /* events.c */

struct kr_resources {
  kr_dict *dict;             /* PoliMorf; always present */
  kr_abbrev *abbrev;         /* abbreviation readings (data/morph/abbrev.tsv); may be NULL */
  kr_guesser *guesser;       /* unknown-word readings; NULL when no model */
  kr_tagger *tagger;         /* NULL when no model: heuristic choice */
  kr_timex_rules *timex;     /* NULL when the layer was not requested */
  kr_ner *ner;               /* mention recogniser; NULL when no model */
  kr_kb *kb;                 /* knowledge base; NULL when not loaded */
  kr_quote_lex *quotes;      /* speech verbs, source phrases (data/quotes) */
  kr_event_lex *events;      /* triggers, CAMEO table, negation (data/events) */
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

/* ner.c — statistical recognition of name mentions (PER, ORG, LOC, EVT, PRO).
** kr__ner_run appends to doc->mentions (tok, n_toks, start, end, type, score,
** text; lemma NULL; entity = UINT32_MAX) in text order. */
int kr__ner_load(kr_ner **out, const char *path, const kr_dict *dict, kr_error *err);
void kr__ner_free(kr_ner *n);
int kr__ner_run(const kr_resources *res, kr_doc *doc, kr_error *err);

/* kb.c — the knowledge base in the data/kb TSV files (countries, persons,
** organizations, places, agents, roles, events_named, products). */
typedef struct kr_kb_entry {
  const char *id;          /* "person:xi-jinping", "country:CHN" */
  const char *name;        /* Polish base form */
  uint8_t type;            /* enum kr_ent_type */
  const char *country;     /* ISO3 / CAMEO country code or NULL */
  const char *actor;       /* default actor code or NULL */
} kr_kb_entry;
int kr__kb_load(kr_kb **out, const char *data_dir, kr_error *err);
void kr__kb_free(kr_kb *kb);
/* Entry whose name or variant equals `name` (base form; case- and
** diacritic-sensitive, whitespace-normalised); NULL when none. When several
** match, the one of the wanted type (or any when type < 0) that is most
** prominent (a country over a person of the same name, a current office
** holder over a former one) is returned. */
const kr_kb_entry *kr__kb_find(const kr_kb *kb, const char *name, int type);
/* The same without the case-folded fallback: the name's case must match. */
const kr_kb_entry *kr__kb_find_exact(const kr_kb *kb, const char *name, int type);
/* The actor code of an entry on a date ("YYYY-MM-DD" or NULL = latest):
** for a person, from the role in force (CHNGOV), else the default. */
const char *kr__kb_actor(const kr_kb *kb, const kr_kb_entry *e, const char *date);
/* The person holding `role_lemma` ("premier", "przywódca", "prezydent", "szef
** MSZ") for `country` (ISO3) on `date`; NULL when unknown. */
const kr_kb_entry *kr__kb_role_holder(const kr_kb *kb, const char *role_lemma, const char *country,
                                      const char *date);
/* The one person whose name ends in `surname` ("Zełenski") and who holds an
** office on `date` (NULL = latest); NULL when none or several do. */
const kr_kb_entry *kr__kb_holder_by_surname(const kr_kb *kb, const char *surname, const char *date);
/* The agent ("GOV", "MIL", "PTY"…) of the office a role word names in a
** country ("premier", "POL" → "GOV"), from roles.tsv; NULL when the word
** names no office. */
const char *kr__kb_role_agent(const kr_kb *kb, const char *role_lemma, const char *country);
/* The country an adjective or demonym lemma belongs to ("chiński",
** "północnokoreański", "Chińczyk"), or a capital stands for ("Pekin"). */
const kr_kb_entry *kr__kb_country_of_word(const kr_kb *kb, const char *lemma);
/* How many words the longest named event or product (events_named.tsv,
** products.tsv: name or variant) starting with `word` has; 0 when none does.
** `word` (len bytes, not NUL-terminated) is compared case-folded with the
** first word of the names ("II", "wojna", "f-16"); with `stem`, also without
** the last letter of either when both have five letters or more ("wojny",
** "pierwszy" against "wojna", "pierwsza"), for lemmas of inflected words.
** Meant as a cheap filter before trying a phrase with kr__kb_find. */
int kr__kb_name_start(const kr_kb *kb, const char *word, size_t len, bool stem);
/* CAMEO agent code for a role/agent lemma ("rząd" → "GOV"), or NULL. */
const char *kr__kb_agent(const kr_kb *kb, const char *lemma);

/* entities.c — base forms of mentions, grouping per document, linking to
** the knowledge base, role phrases. Fills mention->lemma, doc->ents. */
int kr__entities_run(const kr_resources *res, kr_doc *doc, kr_error *err);

/* quotes.c — direct and reported speech with speakers. Loads
** the TSV files in data_dir/quotes (KR_EDATA naming file:line on a bad row). */
int kr__quotes_load(kr_quote_lex **out, const char *data_dir, const kr_dict *dict, kr_error *err);
void kr__quotes_free(kr_quote_lex *q);
int kr__quotes_run(const kr_resources *res, kr_doc *doc, kr_error *err);

/* events.c — who did what to whom: triggers coded in CAMEO and PLOVER, actors
** from entities, date from timexes, location. Loads the TSV files in data_dir/events. */
int kr__events_load(kr_event_lex **out, const char *data_dir, const kr_dict *dict, kr_error *err);
void kr__events_free(kr_event_lex *e);
int kr__events_run(const kr_resources *res, kr_doc *doc, kr_error *err);

#endif
