/*
** eval_timex.c — scores time expressions against KPWr TIMEX3 JSON Lines (the
** `timex` piece of `kronika eval`).
**
** Each line is {"id","date","text","timexes":[{"start","end","text","type",
** "value"}]} with offsets in code points. The document is analysed up to the
** time layer and its timexes compared with the gold ones:
**   strict   identical start and end;
**   relaxed  overlapping spans, paired one to one in text order;
**   type / value accuracy over the relaxed pairs. Values compare without
**   regard to case (KPWr writes "xxxx-08-31", TIMEX3 "XXXX-08-31"); a gold
**   value of null (KPWr leaves SET values empty) counts as right when the
**   types agree.
** The vague references PAST_REF, PRESENT_REF and FUTURE_REF are not annotated
** in KPWr (its guidelines leave "ostatnio", "obecnie", "wkrótce" out), so a
** predicted one that overlaps no gold span is not counted as a false positive;
** their number is listed with the misses.
**
** Environment: KRONIKA_EVAL_TIMEX_HALF=even|odd scores only the documents of
** even / odd line numbers (0-based), so rules can be written on one half and
** checked on the other.
*/
#include "eval.h"

#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <strings.h>

typedef struct gold_tx {
  uint32_t start, end;
  const char *text, *type, *value;   /* borrowed from the JSON tree; value may be NULL */
} gold_tx;

static int overlap(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1) { return a0 < b1 && b0 < a1; }

static int is_vague_ref(const char *v) {
  return v && (!strcmp(v, "PAST_REF") || !strcmp(v, "PRESENT_REF") || !strcmp(v, "FUTURE_REF"));
}

static int value_ok(const gold_tx *g, const kr_timex *x) {
  if (!g->value) return g->type && x->type && !strcmp(g->type, x->type);
  return x->value && !strcasecmp(g->value, x->value);
}

/* Compares one document; adds to st; lists problems to misses. */
static void score_doc(const kr_doc *doc, const char *id, const gold_tx *gold, size_t n_gold,
                      eval_timex_stats *st, uint64_t *vague_refs, FILE *misses) {
  uint8_t *used = calloc(doc->n_timexes + 1, 1);
  if (!used) return;
  for (size_t g = 0; g < n_gold; g++) {
    const gold_tx *gt = &gold[g];
    int strict = 0;
    for (uint32_t k = 0; k < doc->n_timexes; k++) {
      const kr_timex *x = &doc->timexes[k];
      if (x->start == gt->start && x->end == gt->end) strict = 1;
    }
    if (strict) st->strict.tp++;
    else st->strict.fn++;
    int found = -1;
    for (uint32_t k = 0; k < doc->n_timexes && found < 0; k++)
      if (!used[k] && overlap(gt->start, gt->end, doc->timexes[k].start, doc->timexes[k].end))
        found = (int)k;
    if (found < 0) {
      st->relaxed.fn++;
      if (misses)
        fprintf(misses, "%s\tMISSED\t%u-%u\t%s\t%s\t%s\n", id, gt->start, gt->end, gt->text,
                gt->type ? gt->type : "?", gt->value ? gt->value : "null");
      continue;
    }
    used[found] = 1;
    const kr_timex *x = &doc->timexes[found];
    st->relaxed.tp++;
    int tok = gt->type && !strcmp(gt->type, x->type);
    int vok = value_ok(gt, x);
    st->type_ok += tok;
    st->value_ok += vok;
    if (misses && (!tok || !vok || !strict))
      fprintf(misses, "%s\t%s\t%u-%u\t%s\t%s\t%s\t| ours %u-%u\t%s\t%s\t%s\n", id,
              !vok ? "VALUE" : !tok ? "TYPE" : "SPAN", gt->start, gt->end, gt->text,
              gt->type ? gt->type : "?", gt->value ? gt->value : "null", x->start, x->end, x->text,
              x->type, x->value);
  }
  for (uint32_t k = 0; k < doc->n_timexes; k++) {
    if (used[k]) continue;
    const kr_timex *x = &doc->timexes[k];
    int hits_gold = 0;
    for (size_t g = 0; g < n_gold; g++) hits_gold |= overlap(gold[g].start, gold[g].end, x->start, x->end);
    if (!hits_gold && is_vague_ref(x->value)) {
      (*vague_refs)++;
      if (misses) fprintf(misses, "%s\tVAGUE_REF\t%u-%u\t%s\t%s\t%s\n", id, x->start, x->end, x->text, x->type, x->value);
      continue;
    }
    st->strict.fp++;
    st->relaxed.fp++;
    if (misses)
      fprintf(misses, "%s\tSPURIOUS\t%u-%u\t%s\t%s\t%s\n", id, x->start, x->end, x->text, x->type, x->value);
  }
  free(used);
}

int eval_timex_file(const kr_resources *res, const char *jsonl_path, eval_timex_stats *st,
                    FILE *misses, kr_error *err) {
  int rc = 0;
  FILE *f = fopen(jsonl_path, "r");
  if (!f) return kr__err_set(err, KR_EIO, 0, 0, "cannot open %s", jsonl_path);
  const char *half = getenv("KRONIKA_EVAL_TIMEX_HALF");
  int want = half && !strcmp(half, "even") ? 0 : half && !strcmp(half, "odd") ? 1 : -1;
  kr_doc *doc = kr_doc_new();
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  uint32_t lineno = 0;
  uint64_t vague_refs = 0;
  gold_tx *gold = NULL;
  size_t gold_cap = 0;
  if (!doc) { fclose(f); return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); }
  while ((len = getline(&line, &cap, f)) > 0) {
    lineno++;
    if (len <= 1) continue;
    if (want >= 0 && (int)((lineno - 1) % 2) != want) continue;
    json_error_t jerr;
    json_t *o = json_loadb(line, (size_t)len, 0, &jerr);
    if (!o || !json_is_object(o)) {
      json_decref(o);
      rc = kr__err_set(err, KR_EJSON, 0, lineno, "%s:%u: %s", jsonl_path, lineno, o ? "not an object" : jerr.text);
      break;
    }
    const char *text = json_string_value(json_object_get(o, "text"));
    const char *date = json_string_value(json_object_get(o, "date"));
    const char *id = json_string_value(json_object_get(o, "id"));
    json_t *tx = json_object_get(o, "timexes");
    char idbuf[32];
    if (!id) snprintf(idbuf, sizeof idbuf, "line%u", lineno), id = idbuf;
    if (!text) { json_decref(o); continue; }
    size_t n_gold = json_is_array(tx) ? json_array_size(tx) : 0;
    if (n_gold > gold_cap) {
      gold_tx *ng = realloc(gold, n_gold * sizeof *gold);
      if (!ng) { json_decref(o); rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); break; }
      gold = ng;
      gold_cap = n_gold;
    }
    for (size_t g = 0; g < n_gold; g++) {
      json_t *e = json_array_get(tx, g);
      gold[g].start = (uint32_t)json_integer_value(json_object_get(e, "start"));
      gold[g].end = (uint32_t)json_integer_value(json_object_get(e, "end"));
      gold[g].text = json_string_value(json_object_get(e, "text"));
      gold[g].type = json_string_value(json_object_get(e, "type"));
      gold[g].value = json_string_value(json_object_get(e, "value"));
      if (!gold[g].text) gold[g].text = "";
    }
    kr_doc_reset(doc);
    kr_error derr = {0};
    if (kr_doc_set_text(doc, text, strlen(text), &derr) == 0) {
      if (date) kr_doc_set_meta(doc, "date", date, strlen(date));
      if (id) kr_doc_set_meta(doc, "id", id, strlen(id));
      if ((rc = kr_analyze(res, doc, KR_LAYER_TIMEX, &derr))) {
        kr__err_set(err, rc, 0, lineno, "%s:%u: %s", jsonl_path, lineno, derr.message);
        json_decref(o);
        break;
      }
      score_doc(doc, id, gold, n_gold, st, &vague_refs, misses);
    } else {
      st->strict.fn += n_gold;
      st->relaxed.fn += n_gold;
    }
    json_decref(o);
  }
  st->vague_uncounted += vague_refs;
  if (misses && !rc)
    fprintf(misses, "# %llu vague references (PAST_REF/PRESENT_REF/FUTURE_REF) outside gold spans, not "
                    "counted: KPWr does not annotate them\n", (unsigned long long)vague_refs);
  free(gold);
  free(line);
  kr_doc_free(doc);
  fclose(f);
  return rc;
}
