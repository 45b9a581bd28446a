/*
** entities/entities.h — helpers of the entity layer shared by entities.c and
** the evaluation CLI (not part of the public API).
**
**   baseform.c  kr__entities_base_form: the nominative base form of a phrase
*/
#ifndef KR_ENTITIES_H
#define KR_ENTITIES_H

#include "../resources.h"

/* The base form of the phrase over doc->toks[tok .. tok+n_toks) read as a name
** of `type` (enum kr_ent_type; any other value: a common noun phrase such as
** "przywódcy Chin"): the head noun and the words agreeing with it are put in
** the nominative (same number and gender) with the dictionary's reverse index,
** genitive complements and unknown words are kept, person-name parts all
** inflect. Each word keeps its capitalisation, except in headings written in
** capitals, generic heads such as "plac" and titles of acts (baseform.c).
** Needs the morphology layer.
** Returns a NUL-terminated string in the document's arena, or NULL when out
** of memory. */
const char *kr__entities_base_form(const kr_resources *res, kr_doc *doc, uint32_t tok,
                                   uint32_t n_toks, int type);

#endif
