/*
** analyze.c — the pipeline: runs each stage's hook in order over a document.
**
**   tokenize → morphology (dictionary + guesser) → tagger → time → entities
**   (recognise, base forms, group, link) → quotes → events
**
** A stage runs when its layer (or a later one that needs it) is requested and
** it has not run yet on this document; stages whose resources were not loaded
** are skipped, and their layers stay empty.
*/
#include "resources.h"

int kr_analyze(const kr_resources *res, kr_doc *doc, unsigned layers, kr_error *err) {
  int rc;
  if (!doc || !doc->text) return kr__err_set(err, KR_EINVAL, 0, 0, "document has no text");
  if (!(doc->layers & KR_LAYER_TOKENS)) {
    if ((rc = kr__tokenize(doc, err))) return rc;
    doc->layers |= KR_LAYER_TOKENS;
  }
  unsigned need_morph = KR_LAYER_ALL & ~(unsigned)KR_LAYER_TOKENS;
  if (!(layers & need_morph)) return 0;
  if (!res || !res->dict)
    return kr__err_set(err, KR_EDICT, 0, 0, "morphology needs the dictionary, which is not loaded");
  if (!(doc->layers & KR_LAYER_MORPH)) {
    if ((rc = kr__morph_run(res, doc, err))) return rc;
    doc->layers |= KR_LAYER_MORPH;
  }
  if ((layers & ~(unsigned)(KR_LAYER_TOKENS | KR_LAYER_MORPH)) && res->tagger &&
      !(doc->layers & KR_LAYER_TAGGER)) {
    if ((rc = kr__tagger_run(res, doc, err))) return rc;
    doc->layers |= KR_LAYER_TAGGER;
  }
  if ((layers & (KR_LAYER_TIMEX | KR_LAYER_EVENTS)) && res->timex &&
      !(doc->layers & KR_LAYER_TIMEX)) {
    if ((rc = kr__timex_run(res, doc, err))) return rc;
    doc->layers |= KR_LAYER_TIMEX;
  }
  if ((layers & (KR_LAYER_ENTITIES | KR_LAYER_QUOTES | KR_LAYER_EVENTS)) &&
      !(doc->layers & KR_LAYER_ENTITIES)) {
    if (res->ner && (rc = kr__ner_run(res, doc, err))) return rc;
    if ((rc = kr__entities_run(res, doc, err))) return rc;
    doc->layers |= KR_LAYER_ENTITIES;
  }
  if ((layers & (KR_LAYER_QUOTES | KR_LAYER_EVENTS)) && res->quotes &&
      !(doc->layers & KR_LAYER_QUOTES)) {
    if ((rc = kr__quotes_run(res, doc, err))) return rc;
    doc->layers |= KR_LAYER_QUOTES;
  }
  if ((layers & KR_LAYER_EVENTS) && res->events && !(doc->layers & KR_LAYER_EVENTS)) {
    if ((rc = kr__events_run(res, doc, err))) return rc;
    doc->layers |= KR_LAYER_EVENTS;
  }
  return 0;
}
