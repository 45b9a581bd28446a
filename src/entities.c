/*
** entities.c — the entity layer after recognition: base forms of mentions,
** grouping per document, linking to the knowledge base, role phrases.
** Exports kr__entities_run (resources.h); the base form itself is in
** entities/baseform.c.
**
** Steps, over the mentions ner.c appended to doc->mentions:
**   0. a mention of adjectives only ("chiński", "Południowokoreańska") is
**      dropped: the contract does not count such adjectives as names;
**   0c. a person mention next to capitalised words the dictionary does not
**      know takes them in ("Pak Thae Songa", extend_persons);
**   1. base form of each mention (mention->lemma), see entities/baseform.c;
**      a one-word mention that is the genitive of a plurale tantum the
**      knowledge base names ("Węgier", "Filipin") becomes that place
**      (plural_places); an ORG/LOC mention ending in a known person's name
**      is cut in two ("Korei Płn. Pak Thae Songa", split_persons);
**      then named events and products of the knowledge base are found in the
**      text ("II wojny światowej" → EVT "II wojna światowa"): a token whose
**      form or lemma starts such a name (an index of first words, so most
**      tokens cost a few hash probes) is tried with the longest token run
**      first, by surface and by base form, confirmed with kr__kb_find; a
**      match replaces the recognised mentions it overlaps only when it is
**      longer than each (find_kb_names);
**   2. groups: mentions with the same base form share one; a one-word person
**      mention ("Xi", "Kimowi" → "Kim") joins the multi-word person group
**      whose name starts or ends with that word (the nearest one before it,
**      else the first after); the type is the mentions' majority;
**   3. linking: each group's name (the longest base form, one without an
**      abbreviation dot preferred), then its other base forms, are looked up
**      with kr__kb_find (an unlinked multi-word group is retried as a person
**      name, for persons the recogniser typed LOC); groups linked to the same
**      entry merge ("Korea Północna" and "Korea Płn."); actor = kr__kb_actor
**      on the document date; a linked entity takes the entry's type;
**   4. role phrases: a role noun followed by a mention linked to a country
**      ("przywódca Chin", "premier Korei Płn.") or preceded by a country
**      adjective ("chiński przywódca", kr__kb_country_of_word) becomes a PER
**      mention of the person kr__kb_role_holder names for that date; it joins
**      that person's group or starts one named after the KB entry; then a
**      one-word person group naming part of a linked person ("Jinping")
**      joins it. Without a
**      knowledge base there are no role mentions and nothing is linked;
**   4b. one sense per discourse: capitalised tokens outside the mentions that
**      stand for a person's whole name or its first/last word ("Xi",
**      "Kimowi"), or an organisation's or place's one-word base form, become
**      mentions of that entity (propagate; guards: ambiguous words, runs of
**      capitals, sentence-initial common words);
**   5. mentions are put back in text order and doc->ents is built, ids "e1",
**      "e2"… in order of first mention; an entity linked to a named event or
**      product is named as in the knowledge base ("II wojna światowa" for
**      "drugiej wojny światowej").
** All memory is the document's arena; the work is linear in the mentions
** except the group search (mentions × groups, small in news).
*/
#include "entities/entities.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct group {
  const char *name;               /* longest base form so far */
  const kr_kb_entry *kb;
  uint32_t n;                     /* mentions */
  uint32_t tcount[KR_ENT__COUNT];
  int32_t merged;                 /* -1, or the group this one merged into */
  const char *text_actor;         /* from a role phrase in apposition ("premier Polski X"): POLGOV */
  uint8_t text_former;            /* … with "były", "dawny": the country's elite */
} group;

typedef struct ctx {
  const kr_resources *res;
  kr_doc *doc;
  kr_mention *ms;                 /* mentions (NER ones, then role ones) */
  uint32_t n_ms, cap_ms;
  uint32_t *gof;                  /* group of each mention */
  group *gs;
  uint32_t n_gs, cap_gs;
} ctx;

static int add_group(ctx *c, const char *name, uint32_t *out) {
  if (c->n_gs == c->cap_gs) {
    group *g = kr__arena_grow(c->doc->arena, c->gs, &c->cap_gs, 16, sizeof *g);
    if (!g) return KR_ENOMEM;
    c->gs = g;
  }
  group *g = &c->gs[c->n_gs];
  memset(g, 0, sizeof *g);
  g->name = name;
  g->merged = -1;
  *out = c->n_gs++;
  return 0;
}

static uint32_t root(const ctx *c, uint32_t g) {
  while (c->gs[g].merged >= 0) g = (uint32_t)c->gs[g].merged;
  return g;
}

static bool has_dot(const char *s) { return strchr(s, '.') != NULL; }

/* Better canonical name: no abbreviation dot, then longer. */
static bool better_name(const char *a, const char *b) {
  if (has_dot(a) != has_dot(b)) return !has_dot(a);
  return strlen(a) > strlen(b);
}

static void join(ctx *c, uint32_t m, uint32_t g) {  /* mention m into group g */
  c->gof[m] = g;
  group *gr = &c->gs[g];
  gr->n++;
  if (c->ms[m].type < KR_ENT__COUNT) gr->tcount[c->ms[m].type]++;
  if (better_name(c->ms[m].lemma, gr->name)) gr->name = c->ms[m].lemma;
}

static int major_type(const group *g) {
  int best = 0;
  for (int t = 1; t < KR_ENT__COUNT; t++)
    if (g->tcount[t] > g->tcount[best]) best = t;
  return best;
}

/* Does the one-word `w` equal the first or the last word of `name`? */
static bool name_part(const char *w, const char *name) {
  size_t wl = strlen(w), nl = strlen(name);
  const char *sp = strchr(name, ' ');
  if (!sp || wl == 0) return false;
  if ((size_t)(sp - name) == wl && !memcmp(name, w, wl)) return true;
  const char *last = strrchr(name, ' ') + 1;
  return (size_t)(name + nl - last) == wl && !memcmp(last, w, wl);
}

static int find_by_name(const ctx *c, const char *name) {
  for (uint32_t g = 0; g < c->n_gs; g++)
    if (c->gs[g].merged < 0 && !strcmp(c->gs[g].name, name)) return (int)g;
  return -1;
}

/* Step 2. */
/* One-word mention m is the first or last word of a multi-word person
** mention grouped before it. */
static bool names_earlier_person(const ctx *c, uint32_t m) {
  for (uint32_t k = 0; k < m; k++)
    if (c->gof[k] != UINT32_MAX && c->ms[k].type == KR_ENT_PER && strchr(c->ms[k].lemma, ' ') &&
        name_part(c->ms[m].lemma, c->gs[c->gof[k]].name))
      return true;
  return false;
}

static int group_mentions(ctx *c) {
  int rc;
  for (uint32_t m = 0; m < c->n_ms; m++) {
    const kr_mention *mm = &c->ms[m];
    c->gof[m] = UINT32_MAX;
    if (mm->type == KR_ENT_PER && !strchr(mm->lemma, ' ')) continue; /* pass 2 */
    if (mm->n_toks == 1 && !strchr(mm->lemma, ' ') && names_earlier_person(c, m)) {
      c->ms[m].type = KR_ENT_PER;  /* "Macron" typed LOC after "Emmanuel Macron" */
      continue;                    /* pass 2 */
    }
    int g = -1;
    for (uint32_t k = 0; k < m && g < 0; k++)
      if (c->gof[k] != UINT32_MAX && !strcmp(c->ms[k].lemma, mm->lemma)) g = (int)c->gof[k];
    uint32_t ng;
    if (g < 0) {
      if ((rc = add_group(c, mm->lemma, &ng))) return rc;
      g = (int)ng;
    }
    join(c, m, (uint32_t)g);
  }
  for (uint32_t m = 0; m < c->n_ms; m++) {
    if (c->gof[m] != UINT32_MAX) continue;
    const char *w = c->ms[m].lemma;
    int g = -1;
    /* nearest multi-word person mention before, else the first after */
    for (uint32_t k = m; k-- > 0 && g < 0;)
      if (c->gof[k] != UINT32_MAX && c->ms[k].type == KR_ENT_PER && name_part(w, c->gs[c->gof[k]].name))
        g = (int)c->gof[k];
    for (uint32_t k = m + 1; k < c->n_ms && g < 0; k++)
      if (c->gof[k] != UINT32_MAX && c->ms[k].type == KR_ENT_PER && strchr(c->ms[k].lemma, ' ') &&
          name_part(w, c->gs[c->gof[k]].name))
        g = (int)c->gof[k];
    if (g < 0) { /* "Markowi": Mark or Marek — the reading naming a known person */
      const kr_mention *mm = &c->ms[m];
      const kr_token *t = &c->doc->toks[mm->tok];
      for (int r = 0; mm->n_toks == 1 && r < t->n_readings && g < 0; r++) {
        const char *l = t->readings[r].lemma;
        if (!l || !strcmp(l, w)) continue;
        for (uint32_t k = 0; k < c->n_ms && g < 0; k++)
          if (k != m && c->gof[k] != UINT32_MAX && c->ms[k].type == KR_ENT_PER &&
              name_part(l, c->gs[c->gof[k]].name)) {
            g = (int)c->gof[k];
            c->ms[m].lemma = w = l;
          }
      }
    }
    if (g < 0) g = find_by_name(c, w);
    uint32_t ng;
    if (g < 0) {
      if ((rc = add_group(c, w, &ng))) return rc;
      g = (int)ng;
    }
    join(c, m, (uint32_t)g);
  }
  return 0;
}

/* Recomputes a mention's offsets and surface text after its token range changed. */
static int respan(kr_doc *doc, kr_mention *m) {
  const kr_token *a = &doc->toks[m->tok], *b = &doc->toks[m->tok + m->n_toks - 1];
  m->start = a->start;
  m->end = b->end;
  m->text = kr__arena_strndup(doc->arena, doc->text + a->off, b->off + b->len - a->off);
  return m->text ? 0 : KR_ENOMEM;
}

/* "Korei Płn." — an abbreviation closing a name keeps its dot, as in the
** dictionary and the knowledge base ("Korea Płn."). */
static int abbrev_dots(ctx *c) {
  kr_doc *doc = c->doc;
  for (uint32_t m = 0; m < c->n_ms; m++) {
    kr_mention *mm = &c->ms[m];
    uint32_t last = mm->tok + mm->n_toks - 1, nx = last + 1;
    if (!mm->n_toks || nx >= doc->n_toks) continue;
    const kr_token *t = &doc->toks[last], *d = &doc->toks[nx];
    if (t->kind != KR_TOK_ABBREV || (t->flags & KR_TOKF_SPACE_AFTER) || d->sent != t->sent ||
        d->len != 1 || doc->text[d->off] != '.')
      continue;
    mm->n_toks++;
    if (respan(doc, mm)) return KR_ENOMEM;
  }
  return 0;
}

/* "Schleswig-Holstein", "Bielsko-Biała": UD tokenization splits hyphenated
** names, and the recogniser may then see two names; mentions of one type
** joined by an unspaced hyphen become one. Keeps c->ms in text order. */
static int join_hyphenated(ctx *c) {
  kr_doc *doc = c->doc;
  uint32_t out = 0;
  for (uint32_t m = 0; m < c->n_ms; m++) {
    kr_mention *mm = &c->ms[m];
    if (out > 0) {
      kr_mention *pv = &c->ms[out - 1];
      uint32_t h = pv->tok + pv->n_toks;
      if (mm->tok == h + 1 && h < doc->n_toks) {
        const kr_token *a = &doc->toks[h - 1], *d = &doc->toks[h];
        if (d->len == 1 && doc->text[d->off] == '-' && !(a->flags & KR_TOKF_SPACE_AFTER) &&
            !(d->flags & KR_TOKF_SPACE_AFTER) && d->sent == doc->toks[mm->tok].sent) {
          /* typed apart ("Schleswig" LOC, "Holstein" PER): a tight hyphen
          ** makes one name, of the type that is not a person's */
          if (pv->type != mm->type && pv->type == KR_ENT_PER) pv->type = mm->type;
          pv->n_toks = mm->tok + mm->n_toks - pv->tok;
          if (respan(doc, pv)) return KR_ENOMEM;
          continue;
        }
      }
    }
    c->ms[out++] = *mm;
  }
  c->n_ms = out;
  return 0;
}

/* "agencja Yonhap", "firma Orlen": when a group's mentions open with
** lower-case common words and the capitalised rest is a knowledge-base name
** (the same entry, when the whole phrase linked too), the mentions are
** trimmed to the name itself. */
/* Number of lower-case words opening a mention (at least one word is left). */
static uint32_t lower_prefix(const kr_doc *doc, const kr_mention *mm) {
  uint32_t skip = 0;
  while (skip + 1 < mm->n_toks && !(doc->toks[mm->tok + skip].flags & KR_TOKF_CAP) &&
         doc->toks[mm->tok + skip].kind == KR_TOK_WORD)
    skip++;
  return skip;
}

static void trim_to_linked_name(ctx *c, uint32_t g, int type) {
  kr_doc *doc = c->doc;
  group *gr = &c->gs[g];
  for (uint32_t m = 0; m < c->n_ms; m++) {
    if (c->gof[m] != g) continue;
    kr_mention *mm = &c->ms[m];
    uint32_t skip = lower_prefix(doc, mm);
    if (!skip || !(doc->toks[mm->tok + skip].flags & KR_TOKF_CAP)) return;
    const char *rest = kr__entities_base_form(c->res, doc, mm->tok + skip, mm->n_toks - skip, type);
    const kr_kb_entry *e = rest ? kr__kb_find(c->res->kb, rest, type) : NULL;
    if (!e || (gr->kb && e != gr->kb)) return;
    gr->kb = e;
    gr->name = rest;
    break;
  }
  for (uint32_t m = 0; m < c->n_ms; m++) {
    if (c->gof[m] != g) continue;
    kr_mention *mm = &c->ms[m];
    uint32_t skip = lower_prefix(doc, mm);
    if (!skip) continue;
    mm->tok += skip;
    mm->n_toks -= skip;
    const char *lemma = kr__entities_base_form(c->res, doc, mm->tok, mm->n_toks, type);
    if (respan(doc, mm) || !lemma) return; /* out of memory: keep what we have */
    mm->lemma = lemma;
  }
}

/* Step 3. */
static void link_groups(ctx *c) {
  const kr_kb *kb = c->res->kb;
  if (!kb) return;
  for (uint32_t g = 0; g < c->n_gs; g++) {
    group *gr = &c->gs[g];
    int type = major_type(gr);
    gr->kb = kr__kb_find(kb, gr->name, type);
    for (uint32_t m = 0; m < c->n_ms && !gr->kb; m++)
      if (c->gof[m] == g && strcmp(c->ms[m].lemma, gr->name))
        gr->kb = kr__kb_find(kb, c->ms[m].lemma, type);
    if (!gr->kb) gr->kb = kr__kb_find(kb, gr->name, -1);
    if (!gr->kb && type != KR_ENT_PER && strchr(gr->name, ' ')) {
      /* a person the recogniser typed otherwise ("Kim Dzong Una" as LOC) */
      for (uint32_t m = 0; m < c->n_ms; m++) {
        if (c->gof[m] != g) continue;
        const char *p = kr__entities_base_form(c->res, c->doc, c->ms[m].tok, c->ms[m].n_toks, KR_ENT_PER);
        const kr_kb_entry *e = p ? kr__kb_find(kb, p, KR_ENT_PER) : NULL;
        if (e) {
          gr->kb = e;
          gr->name = c->ms[m].lemma = p;
        }
        break;
      }
    }
    for (uint32_t m = 0; m < c->n_ms && !gr->kb; m++) {
      /* an indeclinable foreign name that the base form bent ("Xinhua" →
      ** "Xinhu"): the surface itself is a knowledge-base name */
      kr_mention *mm = &c->ms[m];
      if (c->gof[m] != g || !mm->text || !strcmp(mm->text, mm->lemma)) continue;
      const kr_kb_entry *e = kr__kb_find_exact(kb, mm->text, -1);
      if (e) gr->kb = e, gr->name = e->name, mm->lemma = mm->text;
    }
    if (!gr->kb && type == KR_ENT_PER && !strchr(gr->name, ' ') && c->doc->date) {
      /* a surname alone ("Zełenski") is the one office holder of that name
      ** on the article's date */
      const kr_kb_entry *e = kr__kb_holder_by_surname(kb, gr->name, c->doc->date);
      if (e) gr->kb = e, gr->name = e->name;
    }
    trim_to_linked_name(c, g, type);
    if (!gr->kb) continue;
    for (uint32_t h = 0; h < g; h++) {
      group *o = &c->gs[h];
      if (o->merged >= 0 || o->kb != gr->kb) continue;
      gr->merged = (int32_t)h;
      o->n += gr->n;
      for (int t = 0; t < KR_ENT__COUNT; t++) o->tcount[t] += gr->tcount[t];
      if (better_name(gr->name, o->name)) o->name = gr->name;
      break;
    }
  }
}

/* ---- role phrases (step 4) ------------------------------------------------ */

static const char *lower_lemma(ctx *c, const char *s) {
  size_t n;
  return kr__utf8_lower(c->doc->arena, s, strlen(s), &n);
}

/* Index of the first mention starting at token t, or -1 (mentions sorted). */
static int mention_at(const ctx *c, uint32_t n_ner, uint32_t t) {
  for (uint32_t m = 0; m < n_ner; m++) {
    if (c->ms[m].tok == t) return (int)m;
    if (c->ms[m].tok > t) break;
  }
  return -1;
}

static bool in_person_mention(const ctx *c, uint32_t n_ner, uint32_t t) {
  for (uint32_t m = 0; m < n_ner; m++)
    if (c->ms[m].type == KR_ENT_PER && c->ms[m].tok <= t && t < c->ms[m].tok + c->ms[m].n_toks)
      return true;
  return false;
}

static bool noun_token(const kr_token *t) {
  return t->kind == KR_TOK_WORD && t->tag && (!strncmp(t->tag, "subst:", 6));
}

/* Appends a mention over tokens [tok, tok+n_toks) to c->ms (and a slot in
** c->gof, UINT32_MAX); returns its index through *out. */
static int push_mention(ctx *c, uint32_t tok, uint32_t n_toks, int type, const char *lemma, uint32_t *out) {
  kr_doc *doc = c->doc;
  if (c->n_ms == c->cap_ms) {
    uint32_t cap = c->cap_ms;   /* both arrays grow from the same capacity */
    kr_mention *m = kr__arena_grow(doc->arena, c->ms, &c->cap_ms, 16, sizeof *m);
    uint32_t *g = kr__arena_grow(doc->arena, c->gof, &cap, 16, sizeof *g);
    if (!m || !g) return KR_ENOMEM;
    c->ms = m;
    c->gof = g;
  }
  const kr_token *a = &doc->toks[tok], *b = &doc->toks[tok + n_toks - 1];
  kr_mention *m = &c->ms[c->n_ms];
  memset(m, 0, sizeof *m);
  m->tok = tok;
  m->n_toks = n_toks;
  m->start = a->start;
  m->end = b->end;
  m->type = (uint8_t)type;
  m->score = 1.0f;
  m->entity = UINT32_MAX;
  m->text = kr__arena_strndup(doc->arena, doc->text + a->off, b->off + b->len - a->off);
  m->lemma = lemma ? lemma : kr__entities_base_form(c->res, doc, tok, n_toks, -1);
  if (!m->text || !m->lemma) return KR_ENOMEM;
  c->gof[c->n_ms] = UINT32_MAX;
  *out = c->n_ms++;
  return 0;
}

static int add_role_mention(ctx *c, uint32_t tok, uint32_t n_toks, const kr_kb_entry *holder) {
  uint32_t mi;
  int rc = push_mention(c, tok, n_toks, KR_ENT_PER, NULL, &mi);
  if (rc) return rc;
  int g = -1;
  for (uint32_t k = 0; k < c->n_gs && g < 0; k++)
    if (c->gs[k].merged < 0 && c->gs[k].kb == holder) g = (int)k;
  if (g < 0) {
    uint32_t ng;
    if ((rc = add_group(c, holder->name, &ng))) return rc;
    c->gs[ng].kb = holder;
    g = (int)ng;
  }
  c->gof[mi] = (uint32_t)g;
  c->gs[g].n++;
  c->gs[g].tcount[KR_ENT_PER]++;
  return 0;
}

/* A mention of a person right after token `k` in sentence `sent`, past one
** dash or comma: the role phrase before it is in apposition ("premier Polski
** Donald Tusk", "Premier Korei Północnej - Pak Thae Song -"). -1 if none. */
static int apposed_person(const ctx *c, uint32_t n_ner, uint32_t k, uint32_t sent) {
  const kr_doc *doc = c->doc;
  if (k < doc->n_toks && doc->toks[k].sent == sent && doc->toks[k].kind == KR_TOK_PUNCT &&
      doc->toks[k].len <= 3 && (doc->text[doc->toks[k].off] == ',' || doc->text[doc->toks[k].off] == '-' ||
                                !memcmp(doc->text + doc->toks[k].off, "\xE2\x80\x93", 3)))
    k++;
  if (k >= doc->n_toks || doc->toks[k].sent != sent) return -1;
  int m = mention_at(c, n_ner, k);
  return m >= 0 && c->ms[m].type == KR_ENT_PER ? m : -1;
}

/* "były premier", "dawny prezydent", "ówczesny minister": the phrase from
** token `first` names a past office. */
static bool former_office(ctx *c, uint32_t first) {
  const kr_doc *doc = c->doc;
  if (!first || doc->toks[first - 1].sent != doc->toks[first].sent || !doc->toks[first - 1].lemma) return false;
  const char *l = lower_lemma(c, doc->toks[first - 1].lemma);
  return l && (!strcmp(l, "były") || !strcmp(l, "dawny") || !strcmp(l, "ówczesny"));
}

/* The role phrase [tok, tok+n_toks) in apposition to person mention p joins
** p's entity, and its office (country + agent: "POLGOV", or "POLELI" for a
** former office) is the text's word on that person's actor code. */
static int add_apposed_role(ctx *c, uint32_t tok, uint32_t n_toks, int p, const char *country,
                            const char *agent, bool former) {
  uint32_t mi;
  int rc = push_mention(c, tok, n_toks, KR_ENT_PER, NULL, &mi);
  if (rc) return rc;
  uint32_t g = root(c, c->gof[p]);
  c->gof[mi] = g;
  c->gs[g].n++;
  c->gs[g].tcount[KR_ENT_PER]++;
  if (strlen(country) == 3) {
    const char *code = kr__arena_printf(c->doc->arena, "%s%s", country, former ? "ELI" : agent);
    if (!code) return KR_ENOMEM;
    if (!c->gs[g].text_actor || former) c->gs[g].text_actor = code, c->gs[g].text_former = former;
  }
  return 0;
}

/* A role phrase [first, first+n) naming an office in `country`: the person
** in apposition after it, else (unless the office is a former one) the
** knowledge base's holder on the date, gets it as a mention. 1 when the
** phrase was taken, 0 when not, or a negative KR_E* code. */
static int role_phrase(ctx *c, uint32_t n_ner, uint32_t first, uint32_t n, const char *role, const char *country) {
  const kr_kb *kb = c->res->kb;
  const kr_doc *doc = c->doc;
  const char *agent = kr__kb_role_agent(kb, role, country);
  int p = agent ? apposed_person(c, n_ner, first + n, doc->toks[first].sent) : -1;
  bool former = agent && former_office(c, first);
  if (p >= 0) {
    int rc = add_apposed_role(c, first, n, p, country, agent, former);
    return rc ? rc : 1;
  }
  if (former) return 1;   /* not today's holder */
  const kr_kb_entry *h = kr__kb_role_holder(kb, role, country, doc->date);
  if (!h) return 0;
  int rc = add_role_mention(c, first, n, h);
  return rc ? rc : 1;
}

static int find_roles(ctx *c) {
  const kr_kb *kb = c->res->kb;
  kr_doc *doc = c->doc;
  if (!kb || !doc->date) return 0;
  uint32_t n_ner = c->n_ms;
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    const kr_token *t = &doc->toks[i];
    if (!noun_token(t) || !t->lemma || in_person_mention(c, n_ner, i)) continue;
    const char *role = lower_lemma(c, t->lemma);
    if (!role) return KR_ENOMEM;
    /* "przywódca Chin", "premier Korei Płn." */
    if (i + 1 < doc->n_toks && t->sent == doc->toks[i + 1].sent) {
      int m = mention_at(c, n_ner, i + 1);
      if (m >= 0) {
        const group *g = &c->gs[root(c, c->gof[m])];
        if (g->kb && g->kb->country && (major_type(g) == KR_ENT_LOC || g->kb->type == KR_ENT_LOC)) {
          int rc = role_phrase(c, n_ner, i, 1 + c->ms[m].n_toks, role, g->kb->country);
          if (rc < 0) return rc;
          if (rc) continue;
        }
      }
    }
    /* "chiński przywódca" */
    if (i > 0 && doc->toks[i - 1].sent == t->sent && doc->toks[i - 1].tag &&
        !strncmp(doc->toks[i - 1].tag, "adj:", 4) && doc->toks[i - 1].lemma) {
      const char *adj = lower_lemma(c, doc->toks[i - 1].lemma);
      if (!adj) return KR_ENOMEM;
      const kr_kb_entry *ce = kr__kb_country_of_word(kb, adj);
      if (ce && ce->country) {
        int rc = role_phrase(c, n_ner, i - 1, 2, role, ce->country);
        if (rc < 0) return rc;
      }
    }
  }
  return 0;
}

/* ---- named events and products from the knowledge base (step 0b) ---------- */

#define KB_MAX_TOKS 24           /* longest token run tried for one name */
#define KB_MAX_TEXT 256          /* longest surface tried, bytes */

static bool space_before(const kr_doc *doc, uint32_t k) {
  const kr_token *p = &doc->toks[k - 1];
  return doc->toks[k].off > p->off + p->len;
}

static bool cap_initial(const char *s, size_t len) {
  int32_t cp;
  return len && kr__utf8_decode(s, len, &cp) > 0 && kr__cp_is_upper(cp);
}

/* The most words of an event/product name token t may start: its form or
** any reading's lemma is the first word of such a name (kr__kb_name_start). */
static int kb_start_words(const kr_kb *kb, const kr_doc *doc, const kr_token *t) {
  if (t->kind != KR_TOK_WORD && t->kind != KR_TOK_NUMBER && t->kind != KR_TOK_ABBREV) return 0;
  int best = kr__kb_name_start(kb, doc->text + t->off, t->len, true);
  const char *prev = NULL;
  for (int r = 0; r < t->n_readings; r++) {
    const char *l = t->readings[r].lemma;
    /* readings of one lemma share (or repeat) its string: look it up once */
    if (!l || l == prev || (prev && !strcmp(l, prev))) continue;
    prev = l;
    int w = kr__kb_name_start(kb, l, strlen(l), true);
    if (w > best) best = w;
  }
  return best;
}

/* The event or product named `name` (either type), or NULL; `exact`: the
** case must match too. */
static const kr_kb_entry *find_evt_pro(const kr_kb *kb, const char *name, bool exact) {
  const kr_kb_entry *(*find)(const kr_kb *, const char *, int) = exact ? kr__kb_find_exact : kr__kb_find;
  const kr_kb_entry *e = find(kb, name, KR_ENT_EVT);
  if (e && e->type != KR_ENT_EVT) e = find(kb, name, KR_ENT_PRO);
  return e && (e->type == KR_ENT_EVT || e->type == KR_ENT_PRO) ? e : NULL;
}

/* A one-word match stands when it is not a short variant ("IO", "COP", "K2":
** other things too) and, at the start of a sentence, the word has no
** lower-case reading ("Zagłada" there is mostly the common noun). */
static bool one_word_ok(const kr_doc *doc, uint32_t tok, const kr_kb_entry *e, const char *matched) {
  const kr_token *t = &doc->toks[tok];
  if (t->len <= 3 && strcmp(matched, e->name)) return false;
  if (tok > 0 && doc->toks[tok - 1].sent == t->sent) return true;
  for (int r = 0; r < t->n_readings; r++) {
    const char *l = t->readings[r].lemma;
    if (l && t->readings[r].source == KR_SRC_DICT && !cap_initial(l, strlen(l))) return false;
  }
  return true;
}

/* Tokens [tok, tok+n) name an event or product: its surface, else its base
** form, is a name or variant of one, with the same case except at the start
** of a sentence ("krab" is no howitzer, "Krab" is), a bare day and month ("7
** października", "11 września") is a date, not the event named after it,
** and one word must pass one_word_ok.
** *lemma receives the form that matched. */
static const kr_kb_entry *kb_phrase(ctx *c, uint32_t tok, uint32_t n, const char **lemma) {
  kr_doc *doc = c->doc;
  const kr_kb *kb = c->res->kb;
  const kr_token *a = &doc->toks[tok], *b = &doc->toks[tok + n - 1];
  size_t len = b->off + b->len - a->off;
  char buf[KB_MAX_TEXT];
  if (len >= sizeof buf) return NULL;
  if (a->kind == KR_TOK_NUMBER && n == 2) return NULL;
  memcpy(buf, doc->text + a->off, len);
  buf[len] = '\0';
  /* the case must match, but for a capital at the start of a sentence */
  bool exact = !(tok == 0 || doc->toks[tok - 1].sent != a->sent);
  const kr_kb_entry *e = find_evt_pro(kb, buf, exact);
  *lemma = NULL;
  if (!e) {
    const char *base = kr__entities_base_form(c->res, doc, tok, n, KR_ENT_EVT);
    if (!base) return NULL;                    /* out of memory: no match */
    if ((e = find_evt_pro(kb, base, exact))) *lemma = base;
  }
  if (!e) return NULL;
  if (n == 1 && !one_word_ok(doc, tok, e, *lemma ? *lemma : buf)) return NULL;
  if (!*lemma) *lemma = kr__arena_strndup(doc->arena, buf, len);
  return *lemma ? e : NULL;
}

static bool is_country(const kr_kb_entry *e) { return e && e->id && !strncmp(e->id, "country:", 8); }

/* The agent part of an entry's actor code ("GOV" of a Polish entry coded
** "POLGOV"); NULL when the code is no country code plus an agent. */
static const char *entry_agent(const kr_kb_entry *e) {
  return e->country && strlen(e->country) == 3 && e->actor && !strncmp(e->actor, e->country, 3) && e->actor[3]
             ? e->actor + 3
             : NULL;
}

/* A capitalised word outside every mention, read as a noun, with a reading
** whose lemma is a country's name in the knowledge base ("Chiny" read as
** "china", porcelain, at the start of a sentence; "Węgry") is a mention of
** that country: the recogniser missed it. */
static int find_country_words(ctx *c) {
  const kr_kb *kb = c->res->kb;
  kr_doc *doc = c->doc;
  if (!kb) return 0;
  uint32_t m = 0;
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    while (m < c->n_ms && c->ms[m].tok + c->ms[m].n_toks <= i) m++;
    if (m < c->n_ms && c->ms[m].tok <= i) continue;   /* inside a mention */
    const kr_token *t = &doc->toks[i];
    if (t->kind != KR_TOK_WORD || !(t->flags & KR_TOKF_CAP) || (t->flags & KR_TOKF_ALLCAPS) || !t->tag ||
        strncmp(t->tag, "subst", 5))
      continue;
    const char *name = NULL;
    for (int r = 0; r < t->n_readings && !name; r++) {
      const char *l = t->readings[r].lemma;
      if (!l || !cap_initial(l, strlen(l))) continue;
      const kr_kb_entry *e = kr__kb_find_exact(kb, l, KR_ENT_LOC);
      if (is_country(e) && !strcmp(e->name, l)) name = l;
    }
    if (!name) continue;
    uint32_t mi;
    int rc = push_mention(c, i, 1, KR_ENT_LOC, name, &mi);
    if (rc) return rc;
    kr_mention nm = c->ms[mi];                /* move it to its place in text order */
    memmove(&c->ms[m + 1], &c->ms[m], (mi - m) * sizeof *c->ms);
    c->ms[m] = nm;
    m++;
  }
  return 0;
}

/* Step 0b: mentions of the knowledge base's named events and products. Only
** a token that may start such a name (form or lemma, see kb_start_words) is
** tried, with the longest run of tokens first, up to the most words of the
** names it starts, within its sentence. A match overlapping a recognised
** mention replaces it when it is strictly longer than each one it overlaps,
** else it is dropped. Keeps c->ms in text order. */
static int find_kb_names(ctx *c) {
  const kr_kb *kb = c->res->kb;
  kr_doc *doc = c->doc;
  if (!kb) return 0;
  kr_mention *add = NULL;
  uint32_t n_add = 0, cap_add = 0;
  bool *drop = kr__arena_calloc(doc->arena, c->n_ms ? c->n_ms : 1, sizeof *drop);
  if (!drop) return KR_ENOMEM;
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    const kr_token *t = &doc->toks[i];
    int maxw = kb_start_words(kb, doc, t);
    if (maxw <= 0) continue;
    uint32_t last = i, words = 1;
    while (last + 1 < doc->n_toks && last + 1 - i < KB_MAX_TOKS && doc->toks[last + 1].sent == t->sent) {
      if (space_before(doc, last + 1) && ++words > (uint32_t)maxw) break;
      last++;
    }
    for (uint32_t e = last + 1; e-- > i;) {
      if (doc->toks[e].kind == KR_TOK_PUNCT) continue;
      const char *lemma;
      uint32_t n = e - i + 1;
      const kr_kb_entry *hit = kb_phrase(c, i, n, &lemma);
      if (!hit) continue;
      bool ok = true;                          /* overlapping recognised mentions */
      for (uint32_t m = 0; m < c->n_ms && ok; m++) {
        const kr_mention *mm = &c->ms[m];
        if (mm->tok < i + n && i < mm->tok + mm->n_toks) ok = n > mm->n_toks;
      }
      if (!ok) break;
      for (uint32_t m = 0; m < c->n_ms; m++)
        if (c->ms[m].tok < i + n && i < c->ms[m].tok + c->ms[m].n_toks) drop[m] = true;
      if (n_add == cap_add) {
        kr_mention *g = kr__arena_grow(doc->arena, add, &cap_add, 8, sizeof *g);
        if (!g) return KR_ENOMEM;
        add = g;
      }
      const kr_token *b = &doc->toks[e];
      kr_mention *m = &add[n_add++];
      memset(m, 0, sizeof *m);
      m->tok = i;
      m->n_toks = n;
      m->start = t->start;
      m->end = b->end;
      m->type = hit->type;
      m->score = 1.0f;
      m->entity = UINT32_MAX;
      m->text = kr__arena_strndup(doc->arena, doc->text + t->off, b->off + b->len - t->off);
      m->lemma = lemma;
      if (!m->text) return KR_ENOMEM;
      i = e;
      break;
    }
  }
  if (!n_add) return 0;
  uint32_t cap = c->n_ms + n_add, n = 0, k = 0;
  kr_mention *ms = kr__arena_calloc(doc->arena, cap, sizeof *ms);
  uint32_t *gof = kr__arena_calloc(doc->arena, cap, sizeof *gof);
  if (!ms || !gof) return KR_ENOMEM;
  for (uint32_t m = 0; m < c->n_ms; m++) {     /* merge two runs in token order */
    if (drop[m]) continue;
    while (k < n_add && add[k].tok < c->ms[m].tok) ms[n++] = add[k++];
    ms[n++] = c->ms[m];
  }
  while (k < n_add) ms[n++] = add[k++];
  c->ms = ms;
  c->gof = gof;
  c->n_ms = n;
  c->cap_ms = cap;
  return 0;
}

/* ---- output (step 5) ---------------------------------------------------------- */

static bool elite_code(const char *code) {
  size_t n = strlen(code);
  return n >= 3 && !strcmp(code + n - 3, "ELI");
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static int build(ctx *c) {
  kr_doc *doc = c->doc;
  kr_arena *a = doc->arena;
  uint32_t n = c->n_ms;
  /* sort by (start, longer first, index) */
  uint64_t *key = kr__arena_calloc(a, n ? n : 1, sizeof *key);
  kr_mention *ms = kr__arena_calloc(a, n ? n : 1, sizeof *ms);
  uint32_t *gof = kr__arena_calloc(a, n ? n : 1, sizeof *gof);
  uint32_t *eid = kr__arena_calloc(a, c->n_gs ? c->n_gs : 1, sizeof *eid);
  if (!key || !ms || !gof || !eid) return KR_ENOMEM;
  for (uint32_t m = 0; m < n; m++)
    key[m] = ((uint64_t)c->ms[m].start << 32) | ((uint64_t)(0xffffu - (c->ms[m].n_toks & 0xffffu)) << 16) | m;
  if (n > 0xffff) { /* index does not fit the key: keep the order as it is */
    for (uint32_t m = 0; m < n; m++) key[m] = m;
  } else {
    qsort(key, n, sizeof *key, cmp_u64);
  }
  for (uint32_t m = 0; m < n; m++) {
    uint32_t from = n > 0xffff ? (uint32_t)key[m] : (uint32_t)(key[m] & 0xffffu);
    ms[m] = c->ms[from];
    gof[m] = root(c, c->gof[from]);
  }
  /* entities in order of first mention */
  uint32_t n_ents = 0;
  for (uint32_t g = 0; g < c->n_gs; g++) eid[g] = UINT32_MAX;
  for (uint32_t m = 0; m < n; m++)
    if (eid[gof[m]] == UINT32_MAX) eid[gof[m]] = n_ents++;
  kr_entity *ents = kr__arena_calloc(a, n_ents ? n_ents : 1, sizeof *ents);
  uint32_t *slots = kr__arena_calloc(a, n ? n : 1, sizeof *slots);
  if (!ents || !slots) return KR_ENOMEM;
  uint32_t used = 0;
  for (uint32_t g = 0; g < c->n_gs; g++) {
    if (eid[g] == UINT32_MAX) continue;
    const group *gr = &c->gs[g];
    kr_entity *e = &ents[eid[g]];
    e->id = kr__arena_printf(a, "e%u", eid[g] + 1);
    if (!e->id) return KR_ENOMEM;
    e->name = gr->name;
    if (gr->kb && (gr->kb->type == KR_ENT_EVT || gr->kb->type == KR_ENT_PRO))
      e->name = gr->kb->name;   /* "druga wojna światowa" is "II wojna światowa" */
    e->type = (uint8_t)(gr->kb && gr->kb->type < KR_ENT__COUNT ? gr->kb->type : major_type(gr));
    e->kb = gr->kb ? gr->kb->id : NULL;
    e->actor = gr->kb ? kr__kb_actor(c->res->kb, gr->kb, doc->date) : NULL;
    /* the text's own role phrase speaks for a person the knowledge base has
    ** no office for on that date, or calls the office a former one */
    if (gr->text_actor && (!e->actor || gr->text_former || elite_code(e->actor)))
      e->actor = gr->text_actor;
    e->mentions = slots + used;
    used += gr->n;
  }
  for (uint32_t m = 0; m < n; m++) {
    kr_entity *e = &ents[eid[gof[m]]];
    ms[m].entity = eid[gof[m]];
    e->mentions[e->n_mentions++] = m;
  }
  doc->mentions = ms;
  doc->n_mentions = n;
  doc->ents = ents;
  doc->n_ents = n_ents;
  return 0;
}

/* "chiński", "Południowokoreańska": an adjective standing alone is no name
** mention (NKJP labels them as place names; the contract drops them). */
static bool adjective_only(const kr_doc *doc, const kr_mention *m) {
  if (!m->n_toks || m->n_toks > 2 || m->tok + m->n_toks > doc->n_toks) return false;
  for (uint32_t i = m->tok; i < m->tok + m->n_toks; i++)
    if (!doc->toks[i].tag || strncmp(doc->toks[i].tag, "adj:", 4)) return false;
  return true;
}

/* An organisation named with a country ("Ministerstwo Spraw Zagranicznych
** Chin", "rosyjskie MSZ", "MSZ Polski"): the country (an adjective, or a
** country's name, before any preposition) and the agent of its head word
** ("ministerstwo" → GOV), or of the linked entry's code, make its actor; an
** entry of another country ("MSZ" is Poland's) is not it. */
static int org_countries(ctx *c) {
  const kr_kb *kb = c->res->kb;
  kr_doc *doc = c->doc;
  if (!kb) return 0;
  for (uint32_t m = 0; m < c->n_ms; m++) {
    group *gr = &c->gs[root(c, c->gof[m])];
    kr_mention *mm = &c->ms[m];
    if (major_type(gr) != KR_ENT_ORG || gr->text_actor) continue;
    const kr_kb_entry *ce = NULL;
    if (mm->tok > 0) {   /* "rosyjskiego MSZ": the adjective just before the name */
      const kr_token *p = &doc->toks[mm->tok - 1];
      if (p->sent == doc->toks[mm->tok].sent && p->tag && !strncmp(p->tag, "adj", 3) && p->lemma &&
          !(p->flags & KR_TOKF_CAP)) {
        const char *l = lower_lemma(c, p->lemma);
        if (!l) return KR_ENOMEM;
        ce = kr__kb_country_of_word(kb, l);
        if (ce && !ce->country) ce = NULL;
      }
    }
    for (uint32_t i = mm->tok; i < mm->tok + mm->n_toks && !ce && mm->n_toks > 1; i++) {
      const kr_token *t = &doc->toks[i];
      if (t->tag && !strncmp(t->tag, "prep", 4)) break;
      if (!t->lemma || t->kind != KR_TOK_WORD) continue;
      /* a country's adjective ("rosyjskie") or name ("Chin"), not a capital */
      if (t->tag && !strncmp(t->tag, "adj", 3)) {
        const char *l = lower_lemma(c, t->lemma);
        if (!l) return KR_ENOMEM;
        ce = kr__kb_country_of_word(kb, l);
      } else if (t->flags & KR_TOKF_CAP) {
        const kr_kb_entry *w = kr__kb_find(kb, t->lemma, KR_ENT_LOC);
        if (is_country(w)) ce = w;
      }
      if (ce && !ce->country) ce = NULL;
    }
    if (!ce || strlen(ce->country) != 3) continue;
    const char *agent = NULL;
    if (gr->kb) {
      if (gr->kb->country && !strcmp(gr->kb->country, ce->country)) continue;   /* its own country */
      agent = entry_agent(gr->kb);   /* NULL for an entry coded otherwise (an IGO) */
    } else {
      const kr_token *h = &doc->toks[mm->tok];
      for (uint32_t i = mm->tok; i < mm->tok + mm->n_toks; i++)
        if (doc->toks[i].tag && !strncmp(doc->toks[i].tag, "subst", 5)) { h = &doc->toks[i]; break; }
      const char *l = h->lemma ? lower_lemma(c, h->lemma) : NULL;
      agent = l ? kr__kb_agent(kb, l) : NULL;
      if (!agent) {   /* "MSZ Polski": the head is itself an organisation's name */
        char *hs = kr__arena_strndup(doc->arena, doc->text + h->off, h->len);
        const kr_kb_entry *o = hs ? kr__kb_find(kb, hs, KR_ENT_ORG) : NULL;
        if (o && o->type == KR_ENT_ORG) agent = entry_agent(o);
      }
    }
    if (!agent) continue;
    const char *code = kr__arena_printf(doc->arena, "%s%s", ce->country, agent);
    if (!code) return KR_ENOMEM;
    gr->kb = NULL;
    gr->text_actor = code;
  }
  return 0;
}

/* After the role phrases: an unlinked one-word person group whose word
** starts or ends a linked person's name ("Jinping", "Xi") joins it. */
static void merge_name_parts(ctx *c) {
  for (uint32_t g = 0; g < c->n_gs; g++) {
    group *gr = &c->gs[g];
    if (gr->merged >= 0 || gr->kb || strchr(gr->name, ' ') || major_type(gr) != KR_ENT_PER) continue;
    for (uint32_t h = 0; h < c->n_gs; h++) {
      group *o = &c->gs[h];
      if (h == g || o->merged >= 0 || !o->kb || o->kb->type != KR_ENT_PER ||
          !name_part(gr->name, o->kb->name))
        continue;
      gr->merged = (int32_t)h;
      o->n += gr->n;
      for (int t = 0; t < KR_ENT__COUNT; t++) o->tcount[t] += gr->tcount[t];
      if (gr->text_actor && (!o->text_actor || gr->text_former))
        o->text_actor = gr->text_actor, o->text_former = gr->text_former;
      break;
    }
  }
}

/* ---- words around the mentions (steps 0c, 1b, 4b) -------------------------- */

static bool is_cap(const kr_token *t) {
  return t->kind == KR_TOK_WORD && (t->flags & (KR_TOKF_CAP | KR_TOKF_ALLCAPS));
}

/* The first word of its sentence (leading quotes and dashes skipped). */
static bool sent_initial(const kr_doc *doc, uint32_t i) {
  uint32_t s = doc->toks[i].sent;
  while (i-- > 0 && doc->toks[i].sent == s)
    if (doc->toks[i].kind != KR_TOK_PUNCT) return false;
  return true;
}

/* The dictionary knows the word, as a common word ("Kim": kto, "Pak": pak)
** or as a name; `common`: only a lower-case lemma counts. */
static bool dict_known(const kr_token *t, bool common) {
  for (int r = 0; r < t->n_readings; r++) {
    const char *l = t->readings[r].lemma;
    if (t->readings[r].source == KR_SRC_DICT && l && (!common || !cap_initial(l, strlen(l)))) return true;
  }
  return false;
}

/* Step 0c: a person mention next to capitalised words the dictionary does not
** know ("Pak Thae Songa" of which the recogniser took "Thae Songa"), in the
** same sentence, not at its start and in no other mention, takes them in (at
** most two on each side): foreign names are mostly unknown words. */
static void extend_persons(ctx *c) {
  kr_doc *doc = c->doc;
  for (uint32_t m = 0; m < c->n_ms; m++) {
    kr_mention *mm = &c->ms[m];
    if (mm->type != KR_ENT_PER || !mm->n_toks || mm->tok + mm->n_toks > doc->n_toks) continue;
    uint32_t a = mm->tok, b = mm->tok + mm->n_toks, s = doc->toks[a].sent;
    uint32_t lo = m ? c->ms[m - 1].tok + c->ms[m - 1].n_toks : 0;
    uint32_t hi = m + 1 < c->n_ms ? c->ms[m + 1].tok : doc->n_toks;
    for (int k = 0; k < 2 && a > lo; k++) {
      const kr_token *t = &doc->toks[a - 1];
      if (t->sent != s || !is_cap(t) || !space_before(doc, a) || dict_known(t, false) ||
          sent_initial(doc, a - 1))
        break;
      a--;
    }
    for (int k = 0; k < 2 && b < hi; k++) {
      const kr_token *t = &doc->toks[b];
      if (t->sent != s || !is_cap(t) || !space_before(doc, b) || dict_known(t, false)) break;
      b++;
    }
    if (a == mm->tok && b == mm->tok + mm->n_toks) continue;
    const kr_token *ta = &doc->toks[a], *tb = &doc->toks[b - 1];
    char *text = kr__arena_strndup(doc->arena, doc->text + ta->off, tb->off + tb->len - ta->off);
    if (!text) continue;                         /* out of memory: keep the mention as it was */
    mm->tok = a;
    mm->n_toks = b - a;
    mm->start = ta->start;
    mm->end = tb->end;
    mm->text = text;
  }
}

static int count_form(void *n, const char *form, size_t len, unsigned tag) {
  (void)form, (void)len, (void)tag;
  ++*(int *)n;
  return 0;
}

/* Step 1b: a one-word mention read as the genitive of a plural place name
** ("Węgier", "Filipin", "Włoch": Węgry, Filipiny, Włochy — the recogniser may
** type them PER, and "Węgier" is also a nominative) gets the plural's
** nominative, when the knowledge base names a place so, and becomes LOC. */
static void plural_places(ctx *c) {
  const kr_kb *kb = c->res->kb;
  if (!kb) return;
  for (uint32_t m = 0; m < c->n_ms; m++) {
    kr_mention *mm = &c->ms[m];
    if (mm->n_toks != 1 || mm->type == KR_ENT_EVT || mm->type == KR_ENT_PRO) continue;
    const kr_kb_entry *own = kr__kb_find_exact(kb, mm->lemma, -1);
    if (own && own->type == KR_ENT_LOC) continue;
    const kr_token *t = &c->doc->toks[mm->tok];
    for (int r = 0; r < t->n_readings; r++) {
      const kr_reading *rd = &t->readings[r];
      const char *tag = kr__dict_tag(c->res->dict, rd->tag);
      if (rd->source != KR_SRC_DICT || !rd->lemma || !tag || strncmp(tag, "subst:pl:", 9) ||
          !cap_initial(rd->lemma, strlen(rd->lemma)) || !strcmp(rd->lemma, mm->lemma))
        continue;
      const kr_kb_entry *e = kr__kb_find_exact(kb, rd->lemma, KR_ENT_LOC);
      int n_sg = 0;   /* a plurale tantum ("Kurski" is no Kursk, "Dominik" no Dominika) */
      if (e && kr__dict_generate(c->res->dict, rd->lemma, strlen(rd->lemma), "subst:sg:*:*", count_form, &n_sg) < 0)
        continue;
      if (n_sg) continue;
      if (!e || e->type != KR_ENT_LOC || strcmp(e->name, rd->lemma)) continue;
      mm->lemma = rd->lemma;
      mm->type = KR_ENT_LOC;
      break;
    }
  }
}

/* Step 1c: an organisation or place mention ending in a person's name
** ("Korei Płn. Pak Thae Songa" read as one ORG) is cut in two when the last
** two or more words, read as a person's name, are a person of the knowledge
** base or the base form of a person mention of the document: the head keeps
** its words (typed as the knowledge base has its base form), the tail becomes
** a PER mention right after it. */
/* Two mentions side by side whose words together are a knowledge-base
** person ("Pak" + "Thae Song" → "Pak Thae Song") are one person mention:
** the recogniser split a foreign name. */
/* The knowledge-base person named by base form *p of tokens [t0, t0+n):
** exactly, or, when every word is capitalised, with case folded (the
** tagger may have read "Pak" as the common noun "pak"); *p becomes the
** KB's name then. NULL when none. */
static const kr_kb_entry *kb_person(const ctx *c, const char **p, uint32_t t0, uint32_t n) {
  const kr_kb_entry *e = kr__kb_find_exact(c->res->kb, *p, KR_ENT_PER);
  if (e && e->type == KR_ENT_PER) return e;
  for (uint32_t i = t0; i < t0 + n; i++)
    if (c->doc->toks[i].kind == KR_TOK_WORD && !(c->doc->toks[i].flags & KR_TOKF_CAP)) return NULL;
  e = kr__kb_find(c->res->kb, *p, KR_ENT_PER);
  if (!e || e->type != KR_ENT_PER) return NULL;
  *p = e->name;
  return e;
}

static int join_kb_persons(ctx *c) {
  kr_doc *doc = c->doc;
  const kr_kb *kb = c->res->kb;
  if (!kb) return 0;
  /* a mention typed otherwise whose whole span is a knowledge-base person's
  ** name is that person ("Pak Thae Song" read as an organisation) */
  for (uint32_t m = 0; m < c->n_ms; m++) {
    kr_mention *a = &c->ms[m];
    if (a->type == KR_ENT_PER || a->n_toks < 2 || a->tok + a->n_toks > doc->n_toks) continue;
    const char *p = kr__entities_base_form(c->res, doc, a->tok, a->n_toks, KR_ENT_PER);
    if (!p) return KR_ENOMEM;
    if (!kb_person(c, &p, a->tok, a->n_toks)) continue;
    a->type = KR_ENT_PER;
    a->lemma = p;
  }
  for (uint32_t m = 0; m + 1 < c->n_ms; m++) {
    kr_mention *a = &c->ms[m], *b = &c->ms[m + 1];
    if (b->tok != a->tok + a->n_toks || b->tok >= doc->n_toks || doc->toks[a->tok].sent != doc->toks[b->tok].sent ||
        a->n_toks + b->n_toks > 6 || (a->type != KR_ENT_PER && b->type != KR_ENT_PER))
      continue;
    const char *p = kr__entities_base_form(c->res, doc, a->tok, a->n_toks + b->n_toks, KR_ENT_PER);
    if (!p) return KR_ENOMEM;
    if (!kb_person(c, &p, a->tok, a->n_toks + b->n_toks)) continue;
    a->n_toks += b->n_toks;
    a->type = KR_ENT_PER;
    a->lemma = p;
    if (respan(doc, a)) return KR_ENOMEM;
    memmove(&c->ms[m + 1], &c->ms[m + 2], (c->n_ms - m - 2) * sizeof *c->ms);
    c->n_ms--;
  }
  /* … and a person mention with one or two capitalised words before it that
  ** complete a knowledge-base name ("Pak" before "Thae Songa", where "pak"
  ** is also a common noun) takes them */
  for (uint32_t m = 0; m < c->n_ms; m++) {
    kr_mention *a = &c->ms[m];
    if (a->type != KR_ENT_PER || a->tok >= doc->n_toks) continue;
    if (m && (int)c->ms[m - 1].type != KR_ENT_PER && c->ms[m - 1].tok + c->ms[m - 1].n_toks == a->tok) {
      /* … also when those words end the mention before it ("Korei Płn. Pak"
      ** read as one place before "Thae Songa"): that mention gives them up */
      kr_mention *b = &c->ms[m - 1];
      for (uint32_t k = 1; k <= 2 && k < b->n_toks; k++) {
        bool caps = true;
        for (uint32_t i = a->tok - k; i < a->tok && caps; i++)
          caps = doc->toks[i].kind == KR_TOK_WORD && (doc->toks[i].flags & KR_TOKF_CAP);
        if (!caps) break;
        const char *p = kr__entities_base_form(c->res, doc, a->tok - k, a->n_toks + k, KR_ENT_PER);
        if (!p) return KR_ENOMEM;
        if (!kb_person(c, &p, a->tok - k, a->n_toks + k)) continue;
        uint32_t bn = b->n_toks - k;
        const char *bl = kr__entities_base_form(c->res, doc, b->tok, bn, b->type);
        if (!bl) return KR_ENOMEM;
        b->n_toks = bn;
        b->lemma = bl;
        a->tok -= k;
        a->n_toks += k;
        a->lemma = p;
        if (respan(doc, a) || respan(doc, b)) return KR_ENOMEM;
        break;
      }
    }
    uint32_t prev_end = m ? c->ms[m - 1].tok + c->ms[m - 1].n_toks : 0;
    for (uint32_t k = 1; k <= 2 && a->tok >= prev_end + k; k++) {
      const kr_token *t = &doc->toks[a->tok - k];
      if (t->kind != KR_TOK_WORD || !(t->flags & KR_TOKF_CAP) || t->sent != doc->toks[a->tok].sent) break;
      const char *p = kr__entities_base_form(c->res, doc, a->tok - k, a->n_toks + k, KR_ENT_PER);
      if (!p) return KR_ENOMEM;
      if (!kb_person(c, &p, a->tok - k, a->n_toks + k)) continue;
      a->tok -= k;
      a->n_toks += k;
      a->lemma = p;
      if (respan(doc, a)) return KR_ENOMEM;
      break;
    }
  }
  return 0;
}

static int split_persons(ctx *c) {
  kr_doc *doc = c->doc;
  for (uint32_t m = 0; m < c->n_ms; m++) {
    kr_mention *mm = &c->ms[m];
    if ((mm->type != KR_ENT_ORG && mm->type != KR_ENT_LOC) || mm->n_toks < 3 ||
        mm->tok + mm->n_toks > doc->n_toks)
      continue;
    for (uint32_t k = mm->n_toks - 1; k >= 2; k--) {
      uint32_t t0 = mm->tok + mm->n_toks - k;
      bool caps = true;
      for (uint32_t i = t0; i < t0 + k && caps; i++) caps = (doc->toks[i].flags & KR_TOKF_CAP) != 0;
      if (!caps) continue;
      const char *p = kr__entities_base_form(c->res, doc, t0, k, KR_ENT_PER);
      if (!p) return KR_ENOMEM;
      bool known = c->res->kb && kr__kb_find_exact(c->res->kb, p, KR_ENT_PER) &&
                   kr__kb_find_exact(c->res->kb, p, KR_ENT_PER)->type == KR_ENT_PER;
      for (uint32_t o = 0; o < c->n_ms && !known; o++)
        known = o != m && c->ms[o].type == KR_ENT_PER && !strcmp(c->ms[o].lemma, p);
      if (!known) continue;
      uint32_t head_n = mm->n_toks - k, mi;
      int rc = push_mention(c, t0, k, KR_ENT_PER, p, &mi);
      if (rc) return rc;
      mm = &c->ms[m];                            /* the array may have moved */
      kr_mention tail = c->ms[mi];
      memmove(&c->ms[m + 2], &c->ms[m + 1], (mi - m - 1) * sizeof *c->ms);
      c->ms[m + 1] = tail;
      const kr_token *a = &doc->toks[mm->tok], *b = &doc->toks[mm->tok + head_n - 1];
      mm->n_toks = head_n;
      mm->end = b->end;
      mm->text = kr__arena_strndup(doc->arena, doc->text + a->off, b->off + b->len - a->off);
      mm->lemma = kr__entities_base_form(c->res, doc, mm->tok, head_n, KR_ENT_LOC);
      if (!mm->text || !mm->lemma) return KR_ENOMEM;
      const kr_kb_entry *e = c->res->kb ? kr__kb_find(c->res->kb, mm->lemma, -1) : NULL;
      if (e && e->type < KR_ENT__COUNT) mm->type = e->type;
      m++;
      break;
    }
  }
  return 0;
}

/* Step 4b: one sense per discourse. */
#define DS_MAX_WORDS 6          /* longest person name matched word by word */

typedef struct dword {          /* a word (or a whole person name) naming one entity */
  const char *w;
  uint32_t len;
  uint32_t g;                   /* root group */
  uint32_t next;                /* next in its bucket, UINT32_MAX: none */
  uint8_t type;                 /* the group's type */
  bool full;                    /* a whole multi-word person name */
  bool ambig;                   /* another group has it too */
} dword;

#define DS_BUCKETS 256          /* candidates bucketed by their first two bytes */

static unsigned bucket_of(const char *s, size_t len) {
  return len < 2 ? 0 : ((unsigned char)s[0] * 31u + (unsigned char)s[1]) % DS_BUCKETS;
}

/* Does token t stand for the name word w (len bytes)? Its form, a reading's
** lemma, or (`strip`) its form without a Polish case ending ("Kimowi",
** "Songa", "Qiangiem") is w. */
static bool word_is(const kr_doc *doc, const kr_token *t, const char *w, uint32_t len, bool strip) {
  static const char *const ENDINGS[] = {"a", "owi", "em", "iem", "u", "ie", "e", "y", "i", "ą", "ę", "om", "ego", "emu"};
  const char *f = doc->text + t->off;
  if (t->len == len && !memcmp(f, w, len)) return true;
  for (int r = 0; r < t->n_readings; r++) {
    const char *l = t->readings[r].lemma;
    if (l && strlen(l) == len && !memcmp(l, w, len)) return true;
  }
  if (!strip || t->len <= len || memcmp(f, w, len)) return false;
  for (size_t e = 0; e < sizeof ENDINGS / sizeof *ENDINGS; e++)
    if (strlen(ENDINGS[e]) == t->len - len && !memcmp(f + len, ENDINGS[e], t->len - len)) return true;
  return false;
}

static int add_dword(ctx *c, dword **ws, uint32_t *n, uint32_t *cap, const char *w, size_t len, uint32_t g,
                     int type) {
  bool full = memchr(w, ' ', len) != NULL;
  if (len < 2 || (!full && len > 64) || (!full && memchr(w, '.', len)) || !cap_initial(w, len)) return 0;
  for (uint32_t k = 0; k < *n; k++)
    if ((*ws)[k].len == len && !memcmp((*ws)[k].w, w, len)) {
      if ((*ws)[k].g != g) (*ws)[k].ambig = true;
      return 0;
    }
  if (*n == *cap) {
    dword *p = kr__arena_grow(c->doc->arena, *ws, cap, 32, sizeof *p);
    if (!p) return KR_ENOMEM;
    *ws = p;
  }
  (*ws)[(*n)++] = (dword){w, (uint32_t)len, g, UINT32_MAX, (uint8_t)type, full, false};
  return 0;
}

static int group_type(const ctx *c, uint32_t g) {
  const group *gr = &c->gs[g];
  return gr->kb && gr->kb->type < KR_ENT__COUNT ? gr->kb->type : major_type(gr);
}

/* Token i, not in a mention, is a capitalised word of its own: its
** neighbours in the sentence are no capitalised words outside mentions (it
** is not part of a longer name the recogniser missed, "Kim Jo Jong"). */
static bool lone_cap(const kr_doc *doc, const bool *inm, uint32_t i) {
  const kr_token *t = &doc->toks[i];
  if (!is_cap(t) || inm[i]) return false;
  if (i > 0 && doc->toks[i - 1].sent == t->sent && !inm[i - 1] && is_cap(&doc->toks[i - 1]) &&
      space_before(doc, i))
    return false;
  if (i + 1 < doc->n_toks && doc->toks[i + 1].sent == t->sent && !inm[i + 1] && is_cap(&doc->toks[i + 1]) &&
      space_before(doc, i + 1))
    return false;
  return true;
}

/* Step 4b: names the recogniser missed in some sentences but found in others
** ("one sense per discourse"). Each person entity with a multi-word name
** lends its whole name (matched word by word, see word_is) and its first and
** last words; an organisation or place its one-word base forms ("KCNA",
** "Pekin"). A capitalised token outside the mentions standing for such a word
** becomes a mention of that entity (lemma: the word), unless another entity
** claims the same word, it sits in a run of capitalised words, or it starts a
** sentence while being a common word too ("Kim", "Pak"). Candidates are
** bucketed by their first two bytes, so a token costs a few comparisons
** (a lemma differing from its form there is not matched). */
static int propagate(ctx *c) {
  kr_doc *doc = c->doc;
  if (!doc->n_toks || !c->n_gs) return 0;
  bool *inm = kr__arena_calloc(doc->arena, doc->n_toks, sizeof *inm);
  if (!inm) return KR_ENOMEM;
  for (uint32_t m = 0; m < c->n_ms; m++)
    for (uint32_t i = c->ms[m].tok; i < c->ms[m].tok + c->ms[m].n_toks && i < doc->n_toks; i++) inm[i] = true;
  dword *ws = NULL;
  uint32_t n_ws = 0, cap_ws = 0;
  int rc;
  for (uint32_t m = 0; m < c->n_ms; m++) {       /* candidate words, in mention order */
    if (c->gof[m] == UINT32_MAX) continue;
    uint32_t g = root(c, c->gof[m]);
    int type = group_type(c, g);
    const char *nm = c->gs[g].name;
    if (type == KR_ENT_PER) {
      const char *names[2] = {nm, c->gs[g].kb ? c->gs[g].kb->name : NULL};
      for (int k = 0; k < 2; k++) {
        const char *sp = names[k] ? strchr(names[k], ' ') : NULL;
        if (!sp) continue;
        const char *last = strrchr(names[k], ' ') + 1;
        if ((rc = add_dword(c, &ws, &n_ws, &cap_ws, names[k], strlen(names[k]), g, type)) ||
            (rc = add_dword(c, &ws, &n_ws, &cap_ws, names[k], (size_t)(sp - names[k]), g, type)) ||
            (rc = add_dword(c, &ws, &n_ws, &cap_ws, last, strlen(last), g, type)))
          return rc;
      }
    } else if (type == KR_ENT_ORG || type == KR_ENT_LOC) {
      const char *l = c->ms[m].lemma;
      if (!strchr(l, ' ') && (rc = add_dword(c, &ws, &n_ws, &cap_ws, l, strlen(l), g, type))) return rc;
    }
  }
  uint32_t head[DS_BUCKETS];
  for (unsigned b = 0; b < DS_BUCKETS; b++) head[b] = UINT32_MAX;
  for (uint32_t k = n_ws; k-- > 0;) {             /* buckets keep the candidates' order */
    unsigned b = bucket_of(ws[k].w, ws[k].len);
    ws[k].next = head[b];
    head[b] = k;
  }
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    const kr_token *t = &doc->toks[i];
    if (inm[i] || !is_cap(t)) continue;
    uint32_t hit_g = UINT32_MAX, hit_n = 0;
    const char *hit_l = NULL;
    uint32_t b0 = head[bucket_of(doc->text + t->off, t->len)];
    /* a whole person name, word by word ("Pak Thae Song") */
    for (uint32_t k = b0; k != UINT32_MAX && hit_g == UINT32_MAX; k = ws[k].next) {
      if (!ws[k].full) continue;
      uint32_t n = 0;
      const char *p = ws[k].w;
      while (n < DS_MAX_WORDS && i + n < doc->n_toks) {
        const kr_token *u = &doc->toks[i + n];
        size_t wl = strcspn(p, " ");
        if (u->sent != t->sent || inm[i + n] || !is_cap(u) || (n && !space_before(doc, i + n)) ||
            !word_is(doc, u, p, (uint32_t)wl, true))
          break;
        n++;
        p += wl;
        if (!*p) break;
        p++;
      }
      if (n >= 2 && !*p) hit_g = ws[k].g, hit_n = n, hit_l = ws[k].w;
    }
    /* one word of a name */
    if (hit_g == UINT32_MAX && lone_cap(doc, inm, i) && !(sent_initial(doc, i) && dict_known(t, true))) {
      for (uint32_t k = b0; k != UINT32_MAX && hit_g == UINT32_MAX; k = ws[k].next) {
        const dword *d = &ws[k];
        if (d->full || d->ambig || !word_is(doc, t, d->w, d->len, d->type == KR_ENT_PER)) continue;
        hit_g = d->g, hit_n = 1;
        if (!(hit_l = kr__arena_strndup(doc->arena, d->w, d->len))) return KR_ENOMEM;
      }
    }
    if (hit_g == UINT32_MAX) continue;
    uint32_t mi;
    if ((rc = push_mention(c, i, hit_n, group_type(c, hit_g), hit_l, &mi))) return rc;
    join(c, mi, hit_g);
    for (uint32_t k = 0; k < hit_n; k++) inm[i + k] = true;
    i += hit_n - 1;
  }
  return 0;
}

int kr__entities_run(const kr_resources *res, kr_doc *doc, kr_error *err) {
  int rc = 0;
  if (!doc->n_mentions && !res->kb) return 0;
  ctx c = {res, doc, NULL, 0, 0, NULL, NULL, 0, 0};
  c.cap_ms = doc->n_mentions ? doc->n_mentions : 1;
  c.ms = kr__arena_calloc(doc->arena, c.cap_ms, sizeof *c.ms);
  c.gof = kr__arena_calloc(doc->arena, c.cap_ms, sizeof *c.gof);
  if (!c.ms || !c.gof) goto oom;
  if (doc->n_mentions) memcpy(c.ms, doc->mentions, doc->n_mentions * sizeof *c.ms);
  c.n_ms = doc->n_mentions;
  if ((rc = join_hyphenated(&c))) goto fail;
  uint32_t kept = 0;
  for (uint32_t m = 0; m < c.n_ms; m++)
    if (!adjective_only(doc, &c.ms[m])) c.ms[kept++] = c.ms[m];
  c.n_ms = kept;
  if ((rc = abbrev_dots(&c))) goto fail;
  extend_persons(&c);
  for (uint32_t m = 0; m < c.n_ms; m++) {
    kr_mention *mm = &c.ms[m];
    if (!mm->n_toks || mm->tok + mm->n_toks > doc->n_toks) {
      mm->lemma = mm->text ? mm->text : "";
      continue;
    }
    mm->lemma = kr__entities_base_form(res, doc, mm->tok, mm->n_toks, mm->type);
    if (!mm->lemma) goto oom;
  }
  plural_places(&c);
  if ((rc = join_kb_persons(&c))) goto fail;
  if ((rc = find_country_words(&c))) goto fail;
  if ((rc = split_persons(&c))) goto fail;
  if ((rc = find_kb_names(&c))) goto fail;
  if ((rc = group_mentions(&c))) goto fail;
  link_groups(&c);
  if ((rc = find_roles(&c))) goto fail;
  merge_name_parts(&c);
  if ((rc = org_countries(&c))) goto fail;
  if ((rc = propagate(&c))) goto fail;
  if ((rc = build(&c))) goto fail;
  return 0;
oom:
  rc = KR_ENOMEM;
fail:
  return kr__err_set(err, rc, 0, 0, "entities: %s", kr_strerror(rc));
}
