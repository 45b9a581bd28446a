/*
** eval_events.h — scores the event layer on a directory of short dated
** articles (NN-topic.txt, "date YYYY-MM-DD text…") and their expected events
** in expected.tsv (doc, source, target, plover, cameo; "-" for no PLOVER;
** an optional sixth column, the date).
*/
#ifndef KR_CLI_EVAL_EVENTS_H
#define KR_CLI_EVAL_EVENTS_H

#include "eval.h"

/* Analyses every document named in dir/expected.tsv and counts matches by
** source actor, target actor and PLOVER type (by CAMEO root when the
** expected PLOVER is "-"), each expected event matched once per document.
** Adds to *match. Errors: KR_EIO / KR_EFORMAT naming the file, KR_ENOMEM,
** or what kr_analyze returned. */
int eval_events_dir(const kr_resources *res, const char *dir, eval_prf *match, kr_error *err);

typedef struct eval_dates {
  uint64_t scored, right;      /* matched events whose expected row gives a date; with that date */
} eval_dates;

/* As eval_events_dir; when `dates` is not NULL, also counts matched events
** against the optional sixth column (date) of expected.tsv. Works on any
** directory of that layout, e.g. tests/events/dev2 (held out). */
int eval_events_dir_dated(const kr_resources *res, const char *dir, eval_prf *match, eval_dates *dates,
                          kr_error *err);

#endif
