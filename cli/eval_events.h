/*
** eval_events.h — scores the event layer on a directory of short dated
** articles (NN-topic.txt, "date YYYY-MM-DD text…") and their expected events
** in expected.tsv (doc, source, target, plover, cameo; "-" for no PLOVER).
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

#endif
