/* test_entities.c — base forms of name phrases, grouping of mentions into
** entities (without a knowledge base: nothing is linked), and named events
** and products found with the knowledge base (data/kb, lent to res->kb).
**
** Needs the dictionary at KR_TEST_DICT; exits 77 (skipped) when it is absent.
** Mentions are made by hand over made-up sentences, as ner.c would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "entities/entities.h"

static kr_resources *res;

/* Analyses `text` up to the tagger. */
static kr_doc *analyse(const char *text) {
  kr_doc *doc = kr_doc_new();
  kr_error err = {0};
  assert_non_null(doc);
  assert_int_equal(kr_doc_set_text(doc, text, strlen(text), &err), 0);
  assert_int_equal(kr_doc_set_meta(doc, "date", "2024-05-01", 10), 0);
  assert_int_equal(kr_analyze(res, doc, KR_LAYER_TAGGER, &err), 0);
  return doc;
}

/* Token range of the first occurrence of `phrase` (whole tokens). */
static void span(const kr_doc *doc, const char *phrase, uint32_t *tok, uint32_t *n) {
  const char *p = strstr(doc->text, phrase);
  assert_non_null(p);
  uint32_t b = (uint32_t)(p - doc->text), e = b + (uint32_t)strlen(phrase);
  *tok = UINT32_MAX;
  *n = 0;
  for (uint32_t i = 0; i < doc->n_toks; i++) {
    const kr_token *t = &doc->toks[i];
    if (t->off >= b && t->off + t->len <= e) {
      if (*tok == UINT32_MAX) *tok = i;
      (*n)++;
    }
  }
  assert_true(*n > 0);
}

static const char *base(const char *text, const char *phrase, int type) {
  static char out[256];
  kr_doc *doc = analyse(text);
  uint32_t tok, n;
  span(doc, phrase, &tok, &n);
  const char *s = kr__entities_base_form(res, doc, tok, n, type);
  assert_non_null(s);
  snprintf(out, sizeof out, "%s", s);
  kr_doc_free(doc);
  return out;
}

static void test_base_form_adjective_agrees(void **state) {
  (void)state;
  assert_string_equal(base("Ambasador Republiki Czeskiej przyjechał wczoraj.", "Republiki Czeskiej",
                           KR_ENT_LOC), "Republika Czeska");
  assert_string_equal(base("Rozmawiano o przyszłości Unii Europejskiej.", "Unii Europejskiej",
                           KR_ENT_ORG), "Unia Europejska");
  assert_string_equal(base("Spotkanie odbyło się w Stanach Zjednoczonych.", "Stanach Zjednoczonych",
                           KR_ENT_LOC), "Stany Zjednoczone");
}

/* a one-word place with a proper-noun reading is that place, even where the
** tagger read the subject of a feminine verb ("berlina", a carriage) */
static void test_base_form_place_prefers_proper_noun(void **state) {
  (void)state;
  assert_string_equal(base("Delegacja Berlina przyjechała wczoraj.", "Berlina", KR_ENT_LOC), "Berlin");
  assert_string_equal(base("Plany Paryża i Berlina prowadzą do eskalacji.", "Berlina", KR_ENT_LOC), "Berlin");
}

static void test_base_form_genitive_complement_stays(void **state) {
  (void)state;
  assert_string_equal(base("Rzecznik Ministerstwa Spraw Zagranicznych zabrał głos.",
                           "Ministerstwa Spraw Zagranicznych", KR_ENT_ORG),
                      "Ministerstwo Spraw Zagranicznych");
}

static void test_base_form_abbreviation_kept(void **state) {
  (void)state;
  assert_string_equal(base("Delegacja Korei Płn. przyjechała wczoraj.", "Korei Płn.", KR_ENT_LOC),
                      "Korea Płn.");
}

static void test_base_form_person_parts_inflect(void **state) {
  (void)state;
  assert_string_equal(base("Wczoraj rozmawiałem z Janem Kowalskim o pogodzie.", "Janem Kowalskim",
                           KR_ENT_PER), "Jan Kowalski");
  assert_string_equal(base("List wysłano do Anny Nowak w piątek.", "Anny Nowak", KR_ENT_PER),
                      "Anna Nowak");
}

static void test_base_form_nominative_unchanged(void **state) {
  (void)state;
  assert_string_equal(base("Warszawa jest stolicą kraju.", "Warszawa", KR_ENT_LOC), "Warszawa");
}

/* Adds a mention over `phrase` as ner.c would. */
static void add_mention(kr_doc *doc, const char *phrase, int type) {
  uint32_t tok, n;
  span(doc, phrase, &tok, &n);
  kr_mention *ms = kr__arena_calloc(doc->arena, doc->n_mentions + 1, sizeof *ms);
  assert_non_null(ms);
  if (doc->n_mentions) memcpy(ms, doc->mentions, doc->n_mentions * sizeof *ms);
  kr_mention *m = &ms[doc->n_mentions];
  m->tok = tok;
  m->n_toks = n;
  m->start = doc->toks[tok].start;
  m->end = doc->toks[tok + n - 1].end;
  m->type = (uint8_t)type;
  m->entity = UINT32_MAX;
  m->text = kr__arena_strndup(doc->arena, phrase, strlen(phrase));
  doc->mentions = ms;
  doc->n_mentions++;
}

static void test_grouping(void **state) {
  (void)state;
  kr_doc *doc = analyse("Marek Zielonka przyjechał do Gdańska. Zielonka spotkał się z Piotrem. "
                        "Potem Markowi wręczono nagrodę w Gdańsku.");
  add_mention(doc, "Marek Zielonka", KR_ENT_PER);
  add_mention(doc, "Gdańska", KR_ENT_LOC);
  add_mention(doc, "Zielonka spotkał", KR_ENT_PER);
  doc->mentions[2].n_toks = 1; /* just "Zielonka" */
  add_mention(doc, "Piotrem", KR_ENT_PER);
  add_mention(doc, "Markowi", KR_ENT_PER);
  add_mention(doc, "Gdańsku", KR_ENT_LOC);
  kr_error err = {0};
  assert_int_equal(kr__entities_run(res, doc, &err), 0);
  assert_int_equal(doc->n_ents, 3);
  assert_string_equal(doc->ents[0].id, "e1");
  assert_string_equal(doc->ents[0].name, "Marek Zielonka");
  assert_int_equal(doc->ents[0].n_mentions, 3);
  assert_int_equal(doc->ents[0].type, KR_ENT_PER);
  assert_string_equal(doc->ents[1].name, "Gdańsk");
  assert_int_equal(doc->ents[1].n_mentions, 2);
  assert_int_equal(doc->ents[1].type, KR_ENT_LOC);
  assert_string_equal(doc->ents[2].name, "Piotr");
  assert_null(doc->ents[0].actor);
  assert_string_equal(doc->mentions[doc->ents[0].mentions[2]].lemma, "Marek");
  for (uint32_t m = 0; m < doc->n_mentions; m++) {
    assert_true(doc->mentions[m].entity < doc->n_ents);
    if (m) assert_true(doc->mentions[m - 1].start <= doc->mentions[m].start);
  }
  kr_doc_free(doc);
}

static void test_no_mentions(void **state) {
  (void)state;
  kr_doc *doc = analyse("Nic się nie stało.");
  kr_error err = {0};
  assert_int_equal(kr__entities_run(res, doc, &err), 0);
  assert_int_equal(doc->n_ents, 0);
  kr_doc_free(doc);
}

/* ---- named events and products from the knowledge base ----------------- */

static kr_kb *kb;   /* data/kb, lent to res->kb by the tests below */

/* Runs the entity layer with the knowledge base over `text` plus hand-made
** mentions (phrase, type pairs, NULL-terminated). */
static kr_doc *run_kb(const char *text, ...) {
  kr_doc *doc = analyse(text);
  va_list ap;
  va_start(ap, text);
  for (const char *p; (p = va_arg(ap, const char *));) add_mention(doc, p, va_arg(ap, int));
  va_end(ap);
  kr_error err = {0};
  res->kb = kb;
  int rc = kr__entities_run(res, doc, &err);
  res->kb = NULL;
  assert_int_equal(rc, 0);
  return doc;
}

/* The entity whose mention covers `phrase` exactly, or NULL. */
static const kr_entity *ent_at(const kr_doc *doc, const char *phrase) {
  const char *p = strstr(doc->text, phrase);
  assert_non_null(p);
  for (uint32_t m = 0; m < doc->n_mentions; m++) {
    const kr_mention *mm = &doc->mentions[m];
    if (mm->text && !strcmp(mm->text, phrase) && doc->toks[mm->tok].off == (uint32_t)(p - doc->text))
      return &doc->ents[mm->entity];
  }
  return NULL;
}

static void test_kb_event_inflected(void **state) {
  (void)state;
  if (!kb) skip();
  kr_doc *doc = run_kb("Dziadek opowiadał o czasach II wojny światowej i o tym, co było potem.", NULL);
  assert_int_equal(doc->n_mentions, 1);
  const kr_mention *m = &doc->mentions[0];
  assert_int_equal(m->type, KR_ENT_EVT);
  assert_string_equal(m->text, "II wojny światowej");
  assert_string_equal(m->lemma, "II wojna światowa");
  assert_string_equal(doc->ents[0].kb, "event:ii-wojna-swiatowa");
  assert_int_equal(doc->ents[0].type, KR_ENT_EVT);
  kr_doc_free(doc);
  /* a variant, inflected, and a product next to a recognised place */
  doc = run_kb("Po pierwszej wojnie światowej granice się zmieniły. Do Rzeszowa dotarły baterie Patriot.",
               "Rzeszowa", KR_ENT_LOC, NULL);
  const kr_entity *e = ent_at(doc, "pierwszej wojnie światowej");
  assert_non_null(e);
  assert_string_equal(e->kb, "event:i-wojna-swiatowa");
  assert_string_equal(e->name, "I wojna światowa");        /* the KB's name */
  e = ent_at(doc, "Patriot");
  assert_non_null(e);
  assert_int_equal(e->type, KR_ENT_PRO);
  assert_non_null(ent_at(doc, "Rzeszowa"));
  kr_doc_free(doc);
}

static void test_kb_overlap(void **state) {
  (void)state;
  if (!kb) skip();
  /* a longer KB name replaces the shorter recognised mention it covers */
  kr_doc *doc = run_kb("Delegacje rozmawiały na szczycie NATO o obronie.", "NATO", KR_ENT_ORG, NULL);
  assert_int_equal(doc->n_mentions, 1);
  assert_string_equal(doc->mentions[0].text, "szczycie NATO");
  assert_string_equal(doc->ents[0].kb, "event:szczyt-nato");
  kr_doc_free(doc);
  /* a recognised mention at least as long stays */
  doc = run_kb("Wczoraj Adam Krab Nowicki przemawiał długo.", "Adam Krab Nowicki", KR_ENT_PER, NULL);
  assert_int_equal(doc->n_mentions, 1);
  assert_int_equal(doc->mentions[0].type, KR_ENT_PER);
  kr_doc_free(doc);
}

static void test_kb_precision(void **state) {
  (void)state;
  if (!kb) skip();
  /* a common noun in lower case, a bare date, a short variant, a sentence-initial noun */
  kr_doc *doc = run_kb("Rybak złowił kraba. Spotkali się 7 października w porcie. Wpisał IO w formularz. "
                       "Zagłada lasów postępuje.", NULL);
  assert_int_equal(doc->n_mentions, 0);
  assert_int_equal(doc->n_ents, 0);
  kr_doc_free(doc);
}

/* ---- words around the mentions -------------------------------------------- */

/* Number of mentions of the entity with that name. */
static uint32_t n_of(const kr_doc *doc, const char *name) {
  for (uint32_t e = 0; e < doc->n_ents; e++)
    if (!strcmp(doc->ents[e].name, name)) return doc->ents[e].n_mentions;
  return 0;
}

static void test_propagate_person_words(void **state) {
  (void)state;
  /* the recogniser found the full names once; the lone words elsewhere join */
  kr_doc *doc = analyse("Minister Tran Van Quang przyjął w środę Olafa Brekkego. Rozmowa trwała godzinę, "
                        "a Quangowi wręczono list. Brekke podziękował. Kim jest Quang? Tego nie wiadomo.");
  add_mention(doc, "Tran Van Quang", KR_ENT_PER);
  add_mention(doc, "Olafa Brekkego", KR_ENT_PER);
  kr_error err = {0};
  assert_int_equal(kr__entities_run(res, doc, &err), 0);
  assert_int_equal(n_of(doc, "Tran Van Quang"), 3);   /* + "Quangowi" (case ending), "Quang" */
  const kr_entity *e = ent_at(doc, "Quangowi");
  assert_non_null(e);
  assert_string_equal(e->name, "Tran Van Quang");
  for (uint32_t m = 0; m < doc->n_mentions; m++) {
    if (!strcmp(doc->mentions[m].text, "Quangowi")) assert_string_equal(doc->mentions[m].lemma, "Quang");
    assert_string_not_equal(doc->mentions[m].text, "Kim");  /* a sentence-initial common word */
  }
  kr_doc_free(doc);
}

static void test_propagate_guards(void **state) {
  (void)state;
  /* two persons share the surname: a lone "Nowak" is left alone */
  kr_doc *doc = analyse("Jan Nowak i Anna Nowak przyszli razem. Potem Nowak wyszedł.");
  add_mention(doc, "Jan Nowak", KR_ENT_PER);
  add_mention(doc, "Anna Nowak", KR_ENT_PER);
  kr_error err = {0};
  assert_int_equal(kr__entities_run(res, doc, &err), 0);
  assert_int_equal(doc->n_mentions, 2);
  kr_doc_free(doc);
  /* at a sentence start, a word that is also a common noun is left alone */
  doc = analyse("Przemawiał Michał Kot. Kot spał na kanapie.");
  add_mention(doc, "Michał Kot", KR_ENT_PER);
  assert_int_equal(kr__entities_run(res, doc, &err), 0);
  assert_int_equal(doc->n_mentions, 1);
  kr_doc_free(doc);
  /* a place found once is found again, as a word of its own only */
  doc = analyse("Delegacja poleciała do Windhuku. Rozmowy w Windhuku trwały dwa dni.");
  add_mention(doc, "Windhuku", KR_ENT_LOC);
  assert_int_equal(kr__entities_run(res, doc, &err), 0);
  assert_int_equal(doc->n_ents, 1);
  assert_int_equal(doc->ents[0].n_mentions, 2);
  kr_doc_free(doc);
}

static void test_extend_person(void **state) {
  (void)state;
  /* the recogniser took only part of a foreign name: unknown capitalised neighbours join */
  kr_doc *doc = analyse("Wczoraj premier spotkał się z Ngo Dinh Diemem w stolicy.");
  add_mention(doc, "Dinh Diemem", KR_ENT_PER);
  kr_error err = {0};
  assert_int_equal(kr__entities_run(res, doc, &err), 0);
  assert_int_equal(doc->n_mentions, 1);
  assert_string_equal(doc->mentions[0].text, "Ngo Dinh Diemem");
  kr_doc_free(doc);
}

static void test_split_person_from_place(void **state) {
  (void)state;
  if (!kb) skip();
  /* "Korei Płn. Pak Thae Songa" read as one ORG: the person's name is cut off */
  kr_doc *doc = run_kb("Agencja pisała o wizycie premiera Korei Płn. Pak Thae Songa w Moskwie.",
                       "Korei Płn. Pak Thae Songa", KR_ENT_ORG, NULL);
  const kr_entity *e = ent_at(doc, "Pak Thae Songa");
  assert_non_null(e);
  assert_int_equal(e->type, KR_ENT_PER);
  assert_string_equal(e->name, "Pak Thae Song");
  e = ent_at(doc, "Korei Płn.");
  assert_non_null(e);
  assert_string_equal(e->kb, "country:PRK");
  kr_doc_free(doc);
}

static void test_abbreviation_dot_and_common_prefix(void **state) {
  (void)state;
  if (!kb) skip();
  /* the recogniser stops before the abbreviation's dot; the name keeps it */
  kr_doc *doc = run_kb("Delegacja Ameryki Płd. przyjechała wczoraj do Korei Płn. na rozmowy.",
                       "Korei Płn", KR_ENT_LOC, NULL);
  const kr_entity *e = ent_at(doc, "Korei Płn.");
  assert_non_null(e);
  assert_string_equal(e->kb, "country:PRK");
  kr_doc_free(doc);
  /* a hyphenated name the tokenizer split is one mention again */
  doc = run_kb("Kanclerz odwiedził Szlezwik-Holsztyn i Bielsko-Białą.", "Szlezwik", KR_ENT_LOC, "Holsztyn",
               KR_ENT_LOC, "Bielsko", KR_ENT_LOC, "Białą", KR_ENT_LOC, NULL);
  assert_non_null(ent_at(doc, "Szlezwik-Holsztyn"));
  assert_non_null(ent_at(doc, "Bielsko-Białą"));
  assert_null(ent_at(doc, "Holsztyn"));
  kr_doc_free(doc);
  /* typed apart, a place and a "person": one place */
  doc = run_kb("Pancernik Schleswig-Holstein ostrzelał półwysep.", "Schleswig", KR_ENT_LOC, "Holstein", KR_ENT_PER,
               NULL);
  e = ent_at(doc, "Schleswig-Holstein");
  assert_non_null(e);
  assert_int_equal(e->type, KR_ENT_LOC);
  kr_doc_free(doc);
  /* a common noun before a knowledge-base name is not part of the name */
  doc = run_kb("Jak podała agencja Reuters, rozmowy trwały do rana.", "agencja Reuters", KR_ENT_ORG, NULL);
  e = ent_at(doc, "Reuters");
  assert_non_null(e);
  assert_string_equal(e->name, "Reuters");
  assert_null(ent_at(doc, "agencja Reuters"));
  kr_doc_free(doc);
}

static void test_plural_country_names(void **state) {
  (void)state;
  if (!kb) skip();
  /* the genitive of a plurale tantum, even typed PER, is the country */
  kr_doc *doc = run_kb("Ambasador Węgier rozmawiał z delegacją Filipin, a potem z przedstawicielem Włoch.",
                       "Węgier", KR_ENT_PER, "Filipin", KR_ENT_LOC, "Włoch", KR_ENT_LOC, NULL);
  const kr_entity *e = ent_at(doc, "Węgier");
  assert_non_null(e);
  assert_string_equal(e->name, "Węgry");
  assert_int_equal(e->type, KR_ENT_LOC);
  assert_string_equal(ent_at(doc, "Filipin")->name, "Filipiny");
  assert_string_equal(ent_at(doc, "Włoch")->name, "Włochy");
  kr_doc_free(doc);
  /* a first name that is also a plural form of a country's name stays a person */
  doc = run_kb("Wczoraj Dominik przyszedł do pracy.", "Dominik", KR_ENT_PER, NULL);
  assert_int_equal(ent_at(doc, "Dominik")->type, KR_ENT_PER);
  kr_doc_free(doc);
}

/* A role phrase in apposition names the person after it, not the KB's holder
** on that date, and its office gives the actor code when the KB has none. */
static void test_role_apposition_actor(void **state) {
  (void)state;
  if (!kb) skip();
  /* a person the KB does not know: the office of the text (2024-05-01) */
  kr_doc *doc = run_kb("Wczoraj premier Litwy Jonas Testauskas ogłosił plan.", "Litwy", KR_ENT_LOC,
                       "Jonas Testauskas", KR_ENT_PER, NULL);
  const kr_entity *e = ent_at(doc, "Jonas Testauskas");
  assert_non_null(e);
  assert_string_equal(e->actor, "LTUGOV");
  assert_true(ent_at(doc, "premier Litwy") == e);
  kr_doc_free(doc);
  /* the KB says Merz took office in 2025; the text calls him chancellor: his
  ** office, and the role phrase is his, not Olaf Scholz's */
  doc = run_kb("Wczoraj kanclerz Niemiec Friedrich Merz ogłosił plan.", "Niemiec", KR_ENT_LOC,
               "Friedrich Merz", KR_ENT_PER, NULL);
  e = ent_at(doc, "Friedrich Merz");
  assert_string_equal(e->actor, "DEUGOV");
  assert_true(ent_at(doc, "kanclerz Niemiec") == e);
  kr_doc_free(doc);
  /* "były premier": a former office is the country's elite, and names no holder */
  doc = run_kb("Wczoraj były premier Polski Leszek Miller skrytykował rząd.", "Polski", KR_ENT_LOC,
               "Leszek Miller", KR_ENT_PER, NULL);
  assert_string_equal(ent_at(doc, "Leszek Miller")->actor, "POLELI");
  kr_doc_free(doc);
  doc = run_kb("Wczoraj były premier Polski skrytykował rząd.", "Polski", KR_ENT_LOC, NULL);
  assert_null(ent_at(doc, "premier Polski"));
  kr_doc_free(doc);
}

/* Linking beyond the base form: a lone surname is the office holder of that
** name on the date; a bent foreign name is found by its surface; an
** organisation named with a country gets that country's code. */
static void test_linking_fallbacks(void **state) {
  (void)state;
  if (!kb) skip();
  kr_doc *doc = run_kb("Wczoraj Zełenski rozmawiał z dziennikarzami.", "Zełenski", KR_ENT_PER, NULL);
  const kr_entity *e = ent_at(doc, "Zełenski");
  assert_non_null(e->kb);
  assert_string_equal(e->kb, "person:wolodymyr-zelenski");
  assert_string_equal(e->name, "Wołodymyr Zełenski");
  kr_doc_free(doc);
  doc = run_kb("Według agencji Xinhua rozmowy trwały długo.", "Xinhua", KR_ENT_PER, NULL);
  assert_string_equal(ent_at(doc, "Xinhua")->kb, "org:xinhua");
  kr_doc_free(doc);
  doc = run_kb("Wczoraj Ministerstwo Spraw Zagranicznych Węgier wydało oświadczenie.",
               "Ministerstwo Spraw Zagranicznych Węgier", KR_ENT_ORG, NULL);
  assert_string_equal(ent_at(doc, "Ministerstwo Spraw Zagranicznych Węgier")->actor, "HUNGOV");
  kr_doc_free(doc);
  doc = run_kb("Wczoraj rzecznik rosyjskiego MSZ wydał oświadczenie.", "MSZ", KR_ENT_ORG, NULL);
  e = ent_at(doc, "MSZ");
  assert_null(e->kb);   /* not Poland's ministry */
  assert_string_equal(e->actor, "RUSGOV");
  kr_doc_free(doc);
}

/* Foreign names the recogniser or the tagger bent: "Li" reads only as a
** woman's name, yet "Qiangiem" is a man's instrumental; "Pak" (also a
** common noun) before "Thae Songa" completes a knowledge-base person. */
static void test_foreign_person_names(void **state) {
  (void)state;
  assert_string_equal(base("Spotkał się z premierem Chin Li Qiangiem, który przebywał w Pjongjangu.", "Li Qiangiem",
                           KR_ENT_PER), "Li Qiang");
  if (!kb) skip();
  kr_doc *doc = run_kb("Wczoraj doszło do spotkania premiera Pak Thae Songa z delegacją.", "Thae Songa", KR_ENT_PER,
                       NULL);
  const kr_entity *e = ent_at(doc, "Pak Thae Songa");
  assert_non_null(e);
  assert_string_equal(e->kb, "person:pak-thae-song");
  kr_doc_free(doc);
  doc = run_kb("Wczoraj Pak rozmawiał z Thae Songiem.", "Pak", KR_ENT_ORG, "Thae Songiem", KR_ENT_PER, NULL);
  assert_non_null(ent_at(doc, "Pak"));   /* not side by side: stays apart */
  assert_non_null(ent_at(doc, "Thae Songiem"));
  kr_doc_free(doc);
  doc = run_kb("Wczoraj premier Pak Thae Song przyjechał.", "Pak", KR_ENT_ORG, "Thae Song", KR_ENT_PER, NULL);
  assert_string_equal(ent_at(doc, "Pak Thae Song")->kb, "person:pak-thae-song");
  kr_doc_free(doc);
}

/* A country's name the recogniser missed ("Chiny", read as porcelain at the
** start of a sentence) is still a mention of that country. */
static void test_missed_country_word(void **state) {
  (void)state;
  if (!kb) skip();
  kr_doc *doc = run_kb("Chiny i Rosja przeprowadziły wspólne manewry.", "Rosja", KR_ENT_LOC, NULL);
  const kr_entity *e = ent_at(doc, "Chiny");
  assert_non_null(e);
  assert_string_equal(e->kb, "country:CHN");
  assert_non_null(ent_at(doc, "Rosja"));
  kr_doc_free(doc);
}

/* A mention the recogniser typed otherwise whose span is a knowledge-base
** person's name is that person; a person's first name swallowed by the
** mention before it moves to the person. */
static void test_kb_person_repairs_types_and_spans(void **state) {
  (void)state;
  if (!kb) skip();
  kr_doc *doc = run_kb("Wczoraj Olaf Scholz odwiedził Paryż.", "Olaf Scholz", KR_ENT_ORG, NULL);
  const kr_entity *e = ent_at(doc, "Olaf Scholz");
  assert_non_null(e);
  assert_int_equal(e->type, KR_ENT_PER);
  assert_string_equal(e->kb, "person:olaf-scholz");
  kr_doc_free(doc);
  doc = run_kb("Rozmawiał z przywódcą Francji Emmanuelem Macronem o handlu.", "Francji Emmanuelem", KR_ENT_LOC,
               "Macronem", KR_ENT_PER, NULL);
  e = ent_at(doc, "Emmanuelem Macronem");
  assert_non_null(e);
  assert_int_equal(e->type, KR_ENT_PER);
  assert_string_equal(e->kb, "person:emmanuel-macron");
  e = ent_at(doc, "Francji");
  assert_non_null(e);
  assert_int_equal(e->type, KR_ENT_LOC);
  kr_doc_free(doc);
}

int main(void) {
  if (access(KR_TEST_DICT, R_OK) != 0) {
    fprintf(stderr, "test_entities: %s is absent, skipping\n", KR_TEST_DICT);
    return 77;
  }
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", KR_TEST_SRC "/data",
                    KR_LAYER_TOKENS | KR_LAYER_MORPH | KR_LAYER_TAGGER};
  kr_error err = {0};
  if (kr_resources_open(&res, &opt, &err) != 0) {
    fprintf(stderr, "test_entities: %s\n", err.message);
    return 1;
  }
  if (kr__kb_load(&kb, KR_TEST_SRC "/data", &err) != 0) {
    fprintf(stderr, "test_entities: %s\n", err.message);
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_base_form_adjective_agrees),
      cmocka_unit_test(test_base_form_place_prefers_proper_noun),
      cmocka_unit_test(test_base_form_genitive_complement_stays),
      cmocka_unit_test(test_base_form_abbreviation_kept),
      cmocka_unit_test(test_base_form_person_parts_inflect),
      cmocka_unit_test(test_base_form_nominative_unchanged),
      cmocka_unit_test(test_grouping),
      cmocka_unit_test(test_no_mentions),
      cmocka_unit_test(test_kb_event_inflected),
      cmocka_unit_test(test_kb_overlap),
      cmocka_unit_test(test_kb_precision),
      cmocka_unit_test(test_propagate_person_words),
      cmocka_unit_test(test_propagate_guards),
      cmocka_unit_test(test_extend_person),
      cmocka_unit_test(test_split_person_from_place),
      cmocka_unit_test(test_abbreviation_dot_and_common_prefix),
      cmocka_unit_test(test_plural_country_names),
      cmocka_unit_test(test_role_apposition_actor),
      cmocka_unit_test(test_linking_fallbacks),
      cmocka_unit_test(test_foreign_person_names),
      cmocka_unit_test(test_missed_country_word),
      cmocka_unit_test(test_kb_person_repairs_types_and_spans),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  kr__kb_free(kb);
  kr_resources_close(res);
  return failed ? 1 : 0;
}
