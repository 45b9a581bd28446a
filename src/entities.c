/* entities.c — placeholder until base forms, grouping and linking land. */
#include "resources.h"

int kr__entities_run(const kr_resources *res, kr_doc *doc, kr_error *err) { return 0; }
