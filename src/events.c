/* events.c — placeholder until the events stage lands. */
#include "resources.h"

struct kr_event_lex { int unused; };

int kr__events_load(kr_event_lex **out, const char *data_dir, const kr_dict *dict, kr_error *err) {
  *out = NULL;
  return 0;
}
void kr__events_free(kr_event_lex *e) { (void)e; }
int kr__events_run(const kr_resources *res, kr_doc *doc, kr_error *err) { return 0; }
