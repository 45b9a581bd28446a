/*
** conllu.c — the document as CoNLL-U: "# sent_id", "# text", ten columns,
** TokenRange=start:end (code points) and SpaceAfter=No in MISC. No parser
** yet: HEAD, DEPREL and DEPS are "_".
*/
#include "internal.h"

static void sent_text(kr_buf *b, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    kr__buf_putc(b, (c == '\n' || c == '\r' || c == '\t') ? ' ' : c);
  }
}

static void field_n(kr_buf *b, const char *s, size_t len) {
  if (!s || !len) { kr__buf_putc(b, '_'); return; }
  for (size_t i = 0; i < len; i++)
    kr__buf_putc(b, (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i]);
}

static void field(kr_buf *b, const char *s) { field_n(b, s, s ? strlen(s) : 0); }

int kr_write_conllu(const kr_doc *doc, kr_write_fn write, void *ctx) {
  kr_buf b;
  int rc = 0;
  kr__buf_init(&b);
  for (uint32_t s = 0; s < doc->n_sents; s++) {
    const kr_sentence *st = &doc->sents[s];
    kr__buf_printf(&b, "# sent_id = %s-%u\n# text = ", doc->id ? doc->id : "doc", s + 1);
    sent_text(&b, doc->text + st->off, st->len);
    kr__buf_putc(&b, '\n');
    for (uint32_t k = 0; k < st->n_toks; k++) {
      const kr_token *t = &doc->toks[st->tok + k];
      kr__buf_printf(&b, "%u\t", k + 1);
      field_n(&b, doc->text + t->off, t->len);
      kr__buf_putc(&b, '\t');
      field(&b, t->lemma);
      kr__buf_printf(&b, "\t%s\t", t->lemma ? kr_upos_name(t->upos) : "_");
      field(&b, t->tag);
      kr__buf_putc(&b, '\t');
      field(&b, t->feats);
      kr__buf_printf(&b, "\t_\t_\t_\t%sTokenRange=%u:%u\n",
                     (t->flags & KR_TOKF_SPACE_AFTER) || k + 1 == st->n_toks ? "" : "SpaceAfter=No|",
                     t->start, t->end);
    }
    kr__buf_putc(&b, '\n');
    if (b.len > (1u << 20)) {
      if (b.oom) break;
      if (write(ctx, b.data, b.len)) { rc = KR_EIO; break; }
      b.len = 0;
    }
  }
  if (!rc && b.oom) rc = KR_ENOMEM;
  if (!rc && b.len && write(ctx, b.data, b.len)) rc = KR_EIO;
  kr__buf_free(&b);
  return rc;
}
