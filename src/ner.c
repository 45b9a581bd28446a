/* ner.c — placeholder until the mention recogniser lands: no model. */
#include "resources.h"

struct kr_ner { int unused; };

int kr__ner_load(kr_ner **out, const char *path, const kr_dict *dict, kr_error *err) {
  *out = NULL;
  return KR_ENOTFOUND;
}
void kr__ner_free(kr_ner *n) { (void)n; }
int kr__ner_run(const kr_resources *res, kr_doc *doc, kr_error *err) { return 0; }
