/*
** eval_quotes.h — the `quotes` piece of `kronika eval`: quotes and their
** speakers against a directory of short articles with expected rows.
*/
#ifndef KR_CLI_EVAL_QUOTES_H
#define KR_CLI_EVAL_QUOTES_H

#include "eval.h"

/* Scores the quote layer on `dir` (tests/quotes): every *.txt there is read
** as an article (the reader's detected format), analysed with `res`, and its
** quotes matched one to one against the rows of dir/expected.tsv
** (file, kind direct|indirect, speaker, fragment; the speaker is the
** entity name, "-" for none, "*" when not checked). A quote matches a row
** when the kinds agree and its text holds the fragment (case-folded,
** whitespace and hyphens normalised). Adds to *found (span and kind) and
** *with_speaker (the speaker right too); unmatched quotes are false
** positives in both. With KRONIKA_EVAL_VERBOSE set, misses go to stderr.
** Errors: KR_EIO (directory or file unreadable), KR_EDATA (bad row,
** err names file:line), KR_ENOMEM, or the analysis' own. */
int eval_quotes_dir(const kr_resources *res, const char *dir, eval_prf *found, eval_prf *with_speaker,
                    kr_error *err);

#endif
