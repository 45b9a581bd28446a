/*
** cli.h — subcommands of the `kronika` program, one file each (CRFsuite's
** frontend/ layout). main.c dispatches; each cmd_* returns the exit status.
** Shared helpers (cli_common.c): loading resources with a message, reading
** whole files, writing to stdout.
*/
#ifndef KR_CLI_H
#define KR_CLI_H

#include "kronika.h"
#include <stdio.h>

int cmd_analyze(int argc, char **argv);   /* analyze.c */
int cmd_tag(int argc, char **argv);       /* tag.c */
int cmd_eval(int argc, char **argv);      /* eval.c */
int cmd_train(int argc, char **argv);     /* train.c */
int cmd_train_ner(int argc, char **argv); /* train_ner.c: `kronika train ner ...` */

/* cli_common.c */
extern const char *cli_prog;              /* "kronika" */
/* Opens resources for `layers`; prints the error and returns NULL on failure. */
kr_resources *cli_open_resources(unsigned layers, const char *dict, const char *models,
                                 const char *data);
/* Reads a whole file ("-" = stdin) into malloc'd memory (NUL-terminated).
** Returns 0 or a KR_E* code with a message in err. */
int cli_read_file(const char *path, char **data, size_t *len, kr_error *err);
/* Reads the first document of the file at path (any input format) and
** analyses every layer; *out is the document (kr_doc_free it), NULL on error. */
int cli_analyze_file(const kr_resources *res, const char *path, kr_doc **out, kr_error *err);
/* kr_write_fn writing to a FILE*. */
int cli_write_file(void *ctx, const char *data, size_t len);
/* Prints "kronika: <what>: <message>" to stderr. */
void cli_error(const char *what, const kr_error *err);

#endif
