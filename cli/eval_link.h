/*
** eval_link.h — scores entity linking (knowledge-base ids and actor codes)
** against tests/linking/gold.tsv; see eval_link.c for the measures.
*/
#ifndef KR_CLI_EVAL_LINK_H
#define KR_CLI_EVAL_LINK_H

#include "eval.h"

typedef struct eval_link_stats {
  uint64_t rows, found;            /* gold entities; recognised by kronika */
  uint64_t found_linkable;         /* recognised, with a KB id in the gold */
  eval_prf links;                  /* KB ids over the non-NIL rows */
  uint64_t nil_rows, nil_found, nil_right;
  uint64_t actor_right;            /* among the found */
} eval_link_stats;

/* Analyses each article named in gold_path (paths relative to src_dir) and
** adds to *st. With `misses`, writes a line per wrong id or actor. Errors:
** KR_EIO / KR_EFORMAT naming the file and line, KR_ENOMEM, or kr_analyze's. */
int eval_link_file(const kr_resources *res, const char *src_dir, const char *gold_path, eval_link_stats *st,
                   FILE *misses, kr_error *err);

#endif
