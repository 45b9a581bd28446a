/* kb.c — placeholder until the knowledge-base loader lands. */
#include "resources.h"

struct kr_kb { int unused; };

int kr__kb_load(kr_kb **out, const char *data_dir, kr_error *err) {
  *out = NULL;
  return 0;
}
void kr__kb_free(kr_kb *kb) { (void)kb; }
const kr_kb_entry *kr__kb_find(const kr_kb *kb, const char *name, int type) { return NULL; }
const char *kr__kb_actor(const kr_kb *kb, const kr_kb_entry *e, const char *date) { return NULL; }
const kr_kb_entry *kr__kb_role_holder(const kr_kb *kb, const char *role_lemma, const char *country,
                                      const char *date) { return NULL; }
const kr_kb_entry *kr__kb_country_of_word(const kr_kb *kb, const char *lemma) { return NULL; }
const char *kr__kb_agent(const kr_kb *kb, const char *lemma) { return NULL; }
