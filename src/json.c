/*
** json.c — the document as the contract's JSON object (one line, JSON Lines).
**
** Written by hand rather than through a DOM: one pass over the layers into a
** growing buffer, flushed to the sink at the end. Field order follows
** shared/docs/output-contract.md; `tokens` is an addition of ours.
*/
#include "internal.h"

static void key(kr_buf *b, const char *k) {
  kr__buf_json_str(b, k, strlen(k));
  kr__buf_putc(b, ':');
}

static void str_or_null(kr_buf *b, const char *s) {
  if (s) kr__buf_json_str(b, s, strlen(s));
  else kr__buf_puts(b, "null");
}

static void kv_str(kr_buf *b, const char *k, const char *v, int comma) {
  if (comma) kr__buf_putc(b, ',');
  key(b, k);
  str_or_null(b, v);
}

static void kv_u(kr_buf *b, const char *k, uint64_t v, int comma) {
  if (comma) kr__buf_putc(b, ',');
  key(b, k);
  kr__buf_printf(b, "%llu", (unsigned long long)v);
}

static void write_entities(kr_buf *b, const kr_doc *doc) {
  key(b, "entities");
  kr__buf_putc(b, '[');
  for (uint32_t i = 0; i < doc->n_ents; i++) {
    const kr_entity *e = &doc->ents[i];
    if (i) kr__buf_putc(b, ',');
    kr__buf_putc(b, '{');
    kv_str(b, "id", e->id, 0);
    kv_str(b, "name", e->name, 1);
    kv_str(b, "type", kr_ent_type_name(e->type), 1);
    kv_str(b, "actor", e->actor, 1);
    kv_str(b, "kb", e->kb, 1);
    kr__buf_putc(b, ',');
    key(b, "mentions");
    kr__buf_putc(b, '[');
    for (uint32_t k = 0; k < e->n_mentions; k++) {
      const kr_mention *m = &doc->mentions[e->mentions[k]];
      if (k) kr__buf_putc(b, ',');
      kr__buf_putc(b, '{');
      kv_u(b, "start", m->start, 0);
      kv_u(b, "end", m->end, 1);
      kv_str(b, "text", m->text, 1);
      kv_str(b, "lemma", m->lemma, 1);
      kr__buf_putc(b, '}');
    }
    kr__buf_puts(b, "]}");
  }
  kr__buf_putc(b, ']');
}

static void write_timexes(kr_buf *b, const kr_doc *doc) {
  key(b, "timexes");
  kr__buf_putc(b, '[');
  for (uint32_t i = 0; i < doc->n_timexes; i++) {
    const kr_timex *t = &doc->timexes[i];
    if (i) kr__buf_putc(b, ',');
    kr__buf_putc(b, '{');
    kv_u(b, "start", t->start, 0);
    kv_u(b, "end", t->end, 1);
    kv_str(b, "text", t->text, 1);
    kv_str(b, "type", t->type, 1);
    kv_str(b, "value", t->value, 1);
    kr__buf_putc(b, '}');
  }
  kr__buf_putc(b, ']');
}

static void write_quotes(kr_buf *b, const kr_doc *doc) {
  key(b, "quotes");
  kr__buf_putc(b, '[');
  for (uint32_t i = 0; i < doc->n_quotes; i++) {
    const kr_quote *q = &doc->quotes[i];
    if (i) kr__buf_putc(b, ',');
    kr__buf_putc(b, '{');
    kv_u(b, "start", q->start, 0);
    kv_u(b, "end", q->end, 1);
    kv_str(b, "text", q->text, 1);
    kv_str(b, "kind", q->direct ? "direct" : "indirect", 1);
    kr__buf_putc(b, ',');
    key(b, "speaker");
    if (q->speaker) {
      kr__buf_putc(b, '{');
      kv_str(b, "name", q->speaker, 0);
      kv_str(b, "entity",
             (q->speaker_entity >= 0 && (uint32_t)q->speaker_entity < doc->n_ents)
                 ? doc->ents[q->speaker_entity].id : NULL, 1);
      kr__buf_putc(b, '}');
    } else {
      kr__buf_puts(b, "null");
    }
    kv_str(b, "cue", q->cue, 1);
    kr__buf_putc(b, '}');
  }
  kr__buf_putc(b, ']');
}

static void write_events(kr_buf *b, const kr_doc *doc) {
  key(b, "events");
  kr__buf_putc(b, '[');
  for (uint32_t i = 0; i < doc->n_events; i++) {
    const kr_event *e = &doc->events[i];
    if (i) kr__buf_putc(b, ',');
    kr__buf_putc(b, '{');
    kv_str(b, "source", e->source, 0);
    kv_str(b, "source_actor", e->source_actor, 1);
    kv_str(b, "target", e->target, 1);
    kv_str(b, "target_actor", e->target_actor, 1);
    kv_str(b, "plover", e->plover, 1);
    kv_str(b, "cameo", e->cameo, 1);
    kv_u(b, "quad_class", (uint64_t)e->quad_class, 1);
    kr__buf_printf(b, ",\"goldstein\":%.1f", (double)e->goldstein);
    kv_str(b, "date", e->date, 1);
    kr__buf_printf(b, ",\"date_from_publication\":%s", e->date_from_pub ? "true" : "false");
    kv_str(b, "location", e->location, 1);
    kv_str(b, "trigger", e->trigger, 1);
    kv_u(b, "start", e->start, 1);
    kv_u(b, "end", e->end, 1);
    kr__buf_printf(b, ",\"confidence\":%.2f", (double)e->confidence);
    kr__buf_putc(b, '}');
  }
  kr__buf_putc(b, ']');
}

int kr_write_json(const kr_doc *doc, kr_write_fn write, void *ctx) {
  kr_buf b;
  kr__buf_init(&b);
  kr__buf_putc(&b, '{');
  kv_str(&b, "id", doc->id, 0);
  kv_str(&b, "date", doc->date, 1);
  if (doc->title) kv_str(&b, "title", doc->title, 1);
  if (doc->url) kv_str(&b, "url", doc->url, 1);
  if (doc->source) kv_str(&b, "source", doc->source, 1);
  kr__buf_putc(&b, ',');
  key(&b, "text");
  kr__buf_json_str(&b, doc->text ? doc->text : "", doc->text_len);
  kr__buf_putc(&b, ',');
  key(&b, "sentences");
  kr__buf_putc(&b, '[');
  for (uint32_t i = 0; i < doc->n_sents; i++) {
    if (i) kr__buf_putc(&b, ',');
    kr__buf_printf(&b, "{\"start\":%u,\"end\":%u}", doc->sents[i].start, doc->sents[i].end);
  }
  kr__buf_puts(&b, "],");
  key(&b, "tokens");
  kr__buf_putc(&b, '[');
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    const kr_token *t = &doc->toks[i];
    if (i) kr__buf_putc(&b, ',');
    kr__buf_printf(&b, "{\"start\":%u,\"end\":%u", t->start, t->end);
    if (t->lemma) {
      kv_str(&b, "lemma", t->lemma, 1);
      kv_str(&b, "upos", kr_upos_name(t->upos), 1);
      kv_str(&b, "xpos", t->tag, 1);
    }
    kr__buf_putc(&b, '}');
  }
  kr__buf_puts(&b, "],");
  write_entities(&b, doc);
  kr__buf_putc(&b, ',');
  write_timexes(&b, doc);
  kr__buf_putc(&b, ',');
  write_quotes(&b, doc);
  kr__buf_putc(&b, ',');
  write_events(&b, doc);
  kr__buf_puts(&b, "}\n");
  int rc = b.oom ? KR_ENOMEM : 0;
  if (!rc && write(ctx, b.data, b.len)) rc = KR_EIO;
  kr__buf_free(&b);
  return rc;
}
