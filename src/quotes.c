/* quotes.c — placeholder until the quotes stage lands. */
#include "resources.h"

struct kr_quote_lex { int unused; };

int kr__quotes_load(kr_quote_lex **out, const char *data_dir, const kr_dict *dict, kr_error *err) {
  *out = NULL;
  return 0;
}
void kr__quotes_free(kr_quote_lex *q) { (void)q; }
int kr__quotes_run(const kr_resources *res, kr_doc *doc, kr_error *err) { return 0; }
