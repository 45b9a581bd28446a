/*
** test_events.c — the event layer on short sentences of our own: triggers
** and their complements, actors from entities and phrases, negation and
** modality, dates and places, and the loader's errors. Needs the dictionary,
** the models and the data files; exits 77 (skip) when they are missing.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "resources.h"

static kr_resources *res_;

static kr_doc *analyze(const char *text, const char *date) {
  kr_doc *doc = kr_doc_new();
  kr_error err = {0};
  assert_non_null(doc);
  assert_int_equal(kr_doc_set_text(doc, text, strlen(text), &err), 0);
  assert_int_equal(kr_doc_set_meta(doc, "date", date, strlen(date)), 0);
  assert_int_equal(kr_analyze(res_, doc, KR_LAYER_ALL, &err), 0);
  return doc;
}

/* The event with this PLOVER type (or CAMEO code when plover is NULL), or NULL. */
static const kr_event *find(const kr_doc *doc, const char *type) {
  for (uint32_t i = 0; i < doc->n_events; i++) {
    const kr_event *e = &doc->events[i];
    if ((e->plover && !strcmp(e->plover, type)) || !strcmp(e->cameo, type)) return e;
  }
  return NULL;
}

static void test_meeting(void **state) {
  (void)state;
  kr_doc *doc = analyze("Prezydent Ukrainy Wołodymyr Zełenski spotkał się w Warszawie z premierem "
                        "Polski Donaldem Tuskiem.", "2024-05-10");
  const kr_event *e = find(doc, "CONSULT");
  assert_non_null(e);
  assert_string_equal(e->cameo, "040");
  assert_string_equal(e->source_actor, "UKRGOV");
  assert_string_equal(e->target_actor, "POLGOV");
  assert_int_equal(e->quad_class, 1);
  assert_string_equal(e->location, "Warszawa");
  assert_int_equal(e->start, 0);
  assert_true(e->confidence > 0.5f && e->confidence <= 1.0f);
  kr_doc_free(doc);
}

static void test_pattern_row_beats_bare(void **state) {
  (void)state;
  kr_doc *doc = analyze("Unia Europejska nałożyła nowe sankcje na Rosję.", "2024-02-23");
  const kr_event *e = find(doc, "163");
  assert_non_null(e);
  assert_string_equal(e->target_actor, "RUS");
  assert_int_equal(e->quad_class, 4);
  assert_true(e->goldstein < 0);
  assert_int_equal(e->date_from_pub, 1);
  assert_string_equal(e->date, "2024-02-23");
  kr_doc_free(doc);
}

static void test_negation_blocks(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rosja nie zaatakowała Ukrainy.", "2024-08-01");
  assert_null(find(doc, "ASSAULT"));
  kr_doc_free(doc);
}

static void test_negated_trigger(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rosja nie zgodziła się na rozejm z Ukrainą.", "2024-05-05");
  const kr_event *e = find(doc, "REJECT");
  assert_non_null(e);
  assert_string_equal(e->target_actor, "UKR");
  assert_null(find(doc, "RETREAT"));   /* the complement is not coded again */
  kr_doc_free(doc);
}

static void test_hypothetical(void **state) {
  (void)state;
  kr_doc *doc = analyze("Chiny mogą zaatakować Tajwan. Jeśli Rosja zaatakuje Polskę, NATO odpowie.",
                        "2024-06-18");
  assert_int_equal(doc->n_events, 0);
  kr_doc_free(doc);
}

static void test_coordinated_subject(void **state) {
  (void)state;
  kr_doc *doc = analyze("Turcja i Szwecja zawarły porozumienie.", "2024-07-11");
  const kr_event *e = find(doc, "057");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "TUR");
  assert_string_equal(e->target_actor, "SWE");
  kr_doc_free(doc);
}

static void test_adjective_agent(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rosyjskie wojska ostrzelały Charków.", "2024-02-10");
  const kr_event *e = find(doc, "ASSAULT");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "RUSMIL");
  kr_doc_free(doc);
}

static void test_date_from_sentence(void **state) {
  (void)state;
  kr_doc *doc = analyze("Izrael zaatakował Liban w poniedziałek.", "2024-08-01");
  const kr_event *e = find(doc, "ASSAULT");
  assert_non_null(e);
  assert_int_equal(e->date_from_pub, 0);
  assert_string_equal(e->date, "2024-07-29");
  kr_doc_free(doc);
}

static void test_once_per_document(void **state) {
  (void)state;
  kr_doc *doc = analyze("Iran oskarżył Izrael o prowokację. Iran ponownie oskarżył Izrael o prowokację.",
                        "2024-10-03");
  assert_int_equal(doc->n_events, 1);
  kr_doc_free(doc);
}

static void test_coordinated_mutual(void **state) {
  (void)state;
  kr_doc *doc = analyze("Turcja i Szwecja zawarły porozumienie.", "2024-07-11");
  assert_int_equal(doc->n_events, 2);     /* a cooperative act of a pair: both ways */
  assert_string_equal(doc->events[1].source_actor, "SWE");
  assert_string_equal(doc->events[1].target_actor, "TUR");
  kr_doc_free(doc);
}

static void test_capital_is_government(void **state) {
  (void)state;
  kr_doc *doc = analyze("Waszyngton skrytykował Pekin.", "2024-05-01");
  const kr_event *e = find(doc, "ACCUSE");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "USAGOV");
  assert_string_equal(e->target_actor, "CHNGOV");
  kr_doc_free(doc);
  doc = analyze("Rosja zaatakowała Kijów.", "2024-05-01");   /* a city attacked: the country */
  assert_non_null(e = find(doc, "ASSAULT"));
  assert_string_equal(e->target_actor, "UKR");
  kr_doc_free(doc);
}

static void test_complement_clause_subject(void **state) {
  (void)state;
  kr_doc *doc = analyze("Waszyngton zapowiedział, że zaostrzy sankcje wobec Moskwy.", "2024-05-01");
  const kr_event *e = find(doc, "THREATEN");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "USAGOV");
  assert_string_equal(e->target_actor, "RUSGOV");
  kr_doc_free(doc);
}

static void test_pronoun_target(void **state) {
  (void)state;
  kr_doc *doc = analyze("Emmanuel Macron rozmawiał z Olafem Scholzem. Pogratulował mu zwycięstwa w wyborach.",
                        "2024-05-01");
  const kr_event *e = find(doc, "051");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "FRAGOV");
  assert_string_equal(e->target, "Olaf Scholz");
  kr_doc_free(doc);
}

static void test_reaction_target(void **state) {
  (void)state;
  kr_doc *doc = analyze("Kijów domaga się rozejmu. Moskwa odrzuciła ten warunek.", "2024-05-01");
  const kr_event *e = find(doc, "REJECT");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "RUSGOV");
  assert_string_equal(e->target_actor, "UKRGOV");
  kr_doc_free(doc);
  /* a second predicate keeps the first one's target */
  doc = analyze("Kreml potępił decyzję Unii Europejskiej i zagroził odwetem.", "2024-05-01");
  assert_non_null(e = find(doc, "THREATEN"));
  assert_string_equal(e->target_actor, "IGOEUREEC");
  kr_doc_free(doc);
}

static void test_role_apposition(void **state) {
  (void)state;
  kr_doc *doc = analyze("Szef węgierskiej dyplomacji Péter Szijjártó skrytykował Komisję Europejską.", "2024-05-01");
  const kr_event *e = find(doc, "ACCUSE");
  assert_non_null(e);
  assert_string_equal(e->source, "Péter Szijjártó");
  assert_string_equal(e->source_actor, "HUNGOV");
  kr_doc_free(doc);
}

static void test_past_act_not_future_date(void **state) {
  (void)state;
  kr_doc *doc = analyze("Donald Tusk spotka się w czwartek z Emmanuelem Macronem. Rosja zaatakowała Ukrainę.",
                        "2024-07-30");
  const kr_event *e = find(doc, "ASSAULT");
  assert_non_null(e);
  assert_string_equal(e->date, "2024-07-30");   /* not the coming Thursday */
  assert_int_equal(e->date_from_pub, 1);
  kr_doc_free(doc);
}

/* "być gościem (czegoś) w X": a visit, the host the place's country; not at home */
static void test_guest_visit(void **state) {
  (void)state;
  kr_doc *doc = analyze("Premier Indii Narendra Modi był w środę gościem defilady wojskowej w Tokio.", "2025-05-14");
  const kr_event *e = find(doc, "042");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "INDGOV");
  assert_string_equal(e->target_actor, "JPNGOV");
  kr_doc_free(doc);
  doc = analyze("Prezydent Karol Nawrocki był w czwartek gościem uroczystości w Krakowie.", "2025-05-14");
  assert_null(find(doc, "CONSULT"));
  kr_doc_free(doc);
}

/* congratulations "z okazji" a country's holiday: that country is the addressee;
** "gratulacje, które X przesłał": X sent them, not the main clause's subject */
static void test_occasion_target(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rząd Kanady przesłał gratulacje z okazji francuskiego święta narodowego.", "2025-07-16");
  const kr_event *e = find(doc, "051");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "CANGOV");
  assert_string_equal(e->target_actor, "FRA");
  kr_doc_free(doc);
  doc = analyze("Sergio Mattarella odpowiedział w liście na gratulacje, które niemiecki kanclerz przesłał "
                "z okazji włoskiego święta narodowego.", "2025-07-16");
  e = find(doc, "051");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "DEUGOV");
  assert_string_equal(e->target_actor, "ITA");
  kr_doc_free(doc);
}

/* a statement of cooperation by a visitor is aimed at the host told just before;
** a bare "zapowiedział" (its content a clause of its own) is not */
static void test_visit_counterpart(void **state) {
  (void)state;
  kr_doc *doc = analyze("Minister spraw zagranicznych Turcji Hakan Fidan przebywał w czwartek z wizytą w Kairze.\n\n"
                        "Fidan wyraził gotowość do rozwijania współpracy gospodarczej.", "2025-03-21");
  const kr_event *e = find(doc, "AGREE");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "TURGOV");
  assert_string_equal(e->target_actor, "EGYGOV");
  kr_doc_free(doc);
  doc = analyze("Minister spraw zagranicznych Turcji Hakan Fidan przebywał w czwartek z wizytą w Kairze. "
                "Fidan zapowiedział, że wkrótce wróci do Ankary.", "2025-03-21");
  assert_null(find(doc, "AGREE"));
  kr_doc_free(doc);
}

/* a one-word name that is also a common word ("Kim": kto) as the subject */
static void test_name_word_subject(void **state) {
  (void)state;
  kr_doc *doc = analyze("W poniedziałek Kim Dzong Un rozmawiał z Władimirem Putinem. Putin podziękował Korei "
                        "Północnej za pomoc. Kim zapewnił o poparciu dla Rosji.", "2025-05-20");
  const kr_event *e = NULL;
  for (uint32_t i = 0; i < doc->n_events; i++)
    if (!strcmp(doc->events[i].trigger, "zapewnił")) e = &doc->events[i];
  assert_non_null(e);
  assert_string_equal(e->source_actor, "PRKGOV");   /* not the last subject, Putin */
  kr_doc_free(doc);
}

/* "Obaj politycy", "Obie strony": the two sides of the event told before */
static void test_both_sides(void **state) {
  (void)state;
  kr_doc *doc = analyze("Prezydent Finlandii Alexander Stubb spotkał się we wtorek w Sztokholmie z premierem Szwecji "
                        "Ulfem Kristerssonem. Obaj politycy podpisali porozumienie o współpracy.", "2025-02-11");
  const kr_event *e = find(doc, "057");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "FINGOV");
  assert_string_equal(e->target_actor, "SWEGOV");
  kr_doc_free(doc);
  doc = analyze("Obaj zawodnicy podpisali nowe kontrakty z klubem.", "2025-02-11");
  assert_int_equal(doc->n_events, 0);
  kr_doc_free(doc);
}

/* "Do rozmowy doszło w X": the two sides of the event before; not "W dyskusji zgłoszono" */
static void test_meeting_took_place(void **state) {
  (void)state;
  kr_doc *doc = analyze("Kanclerz Niemiec Olaf Scholz zapewnił prezydent Mołdawii Maię Sandu o poparciu Berlina. "
                        "Do rozmowy doszło w poniedziałek w Kiszyniowie.", "2025-01-20");
  const kr_event *e = find(doc, "SUPPORT");      /* the role's name is accusative: the target */
  assert_non_null(e);
  assert_string_equal(e->source_actor, "DEUGOV");
  assert_string_equal(e->target_actor, "MDAGOV");
  e = find(doc, "CONSULT");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "DEUGOV");
  assert_string_equal(e->target_actor, "MDAGOV");
  kr_doc_free(doc);
  doc = analyze("Kanclerz Niemiec Olaf Scholz zapewnił prezydent Mołdawii Maię Sandu o poparciu Berlina. "
                "W dyskusji zgłoszono wniosek o odrzucenie informacji.", "2025-01-20");
  assert_null(find(doc, "CONSULT"));
  kr_doc_free(doc);
}

/* the partner of a relation noun: "poparcie dla zacieśnienia więzi z Pjongjangiem" */
static void test_relation_partner(void **state) {
  (void)state;
  kr_doc *doc = analyze("Prezydent Kazachstanu Kasym-Żomart Tokajew wyraził poparcie dla rozwijania stosunków "
                        "gospodarczych z Mongolią.", "2025-04-15");
  const kr_event *e = find(doc, "SUPPORT");
  assert_non_null(e);
  assert_string_equal(e->source_actor, "KAZGOV");
  assert_string_equal(e->target_actor, "MNG");
  kr_doc_free(doc);
}

/* a first-person verb's subject is the speaker, not the last actor named */
static void test_first_person(void **state) {
  (void)state;
  kr_doc *doc = analyze("Sejm przyjął ustawę. Proszę o zabranie głosu pana posła Andrzeja Aumillera.", "2025-04-15");
  assert_null(find(doc, "020"));
  kr_doc_free(doc);
}

/* a demonym is the country's people, a capital its government */
static void test_demonym(void **state) {
  (void)state;
  kr_doc *doc = analyze("Premier Włoch Giorgia Meloni podziękowała Duńczykom za wsparcie.", "2025-04-15");
  const kr_event *e = find(doc, "SUPPORT");
  assert_non_null(e);
  assert_string_equal(e->target_actor, "DNK");
  kr_doc_free(doc);
}

/* the event between these actor codes with this CAMEO code, or NULL */
static const kr_event *find_pair(const kr_doc *doc, const char *src, const char *tgt, const char *cameo) {
  for (uint32_t i = 0; i < doc->n_events; i++) {
    const kr_event *e = &doc->events[i];
    if (e->source_actor && e->target_actor && !strcmp(e->source_actor, src) && !strcmp(e->target_actor, tgt) &&
        !strcmp(e->cameo, cameo))
      return e;
  }
  return NULL;
}

/* a body without a country of its own ("policja", "demonstranci") belongs
** to the country of the place it is in; none without a place */
static void test_local_body(void **state) {
  (void)state;
  kr_doc *doc = analyze("Policja w Tbilisi zatrzymała demonstrantów.", "2025-02-14");
  const kr_event *e = find_pair(doc, "GEOCOP", "GEOOPP", "173");
  assert_non_null(e);
  assert_string_equal(e->source, "policja");
  kr_doc_free(doc);
  doc = analyze("Policja zatrzymała w Tbilisi kilku opozycjonistów.", "2025-02-14");
  assert_non_null(find_pair(doc, "GEOCOP", "GEOOPP", "173"));
  kr_doc_free(doc);
  doc = analyze("Policja zatrzymała demonstrantów.", "2025-02-14");
  assert_int_equal(doc->n_events, 0);
  kr_doc_free(doc);
  /* a body with an owner of its own is not placed by the sentence */
  doc = analyze("Mieszkańcy pobliskiego Elbląga protestowali w Niemczech przeciwko rządowi.", "2025-02-14");
  for (uint32_t i = 0; i < doc->n_events; i++) assert_false(doc->events[i].source_actor && !strcmp(doc->events[i].source_actor, "DEUCVL"));
  kr_doc_free(doc);
}

/* "spotkanie premierów Grecji i Turcji": the coordinated owners are both sides */
static void test_genitive_pair(void **state) {
  (void)state;
  kr_doc *doc = analyze("Spotkanie premierów Grecji i Turcji odbyło się we wtorek.", "2025-04-02");
  assert_non_null(find_pair(doc, "GRCGOV", "TURGOV", "040"));
  assert_non_null(find_pair(doc, "TURGOV", "GRCGOV", "040"));
  kr_doc_free(doc);
  doc = analyze("Wczoraj doszło do spotkania ministrów spraw zagranicznych Armenii i Azerbejdżanu.", "2025-04-02");
  assert_non_null(find_pair(doc, "ARMGOV", "AZEGOV", "040"));
  kr_doc_free(doc);
  doc = analyze("Spotkanie premiera Grecji odbyło się we wtorek.", "2025-04-02");
  assert_int_equal(doc->n_events, 0);
  kr_doc_free(doc);
}

/* "Francja i Niemcy wezwały Iran": one event per subject when the target is named */
static void test_coordinated_sources(void **state) {
  (void)state;
  kr_doc *doc = analyze("Francja i Niemcy wezwały Iran do wstrzymania wzbogacania uranu.", "2025-06-03");
  assert_non_null(find_pair(doc, "FRA", "IRN", "020"));
  assert_non_null(find_pair(doc, "DEU", "IRN", "020"));
  assert_int_equal(doc->n_events, 2);
  kr_doc_free(doc);
  doc = analyze("Unia Europejska nałożyła sankcje na Rosję i Białoruś.", "2025-06-03");
  assert_non_null(find_pair(doc, "IGOEUREEC", "RUS", "163"));
  assert_non_null(find_pair(doc, "IGOEUREEC", "BLR", "163"));
  kr_doc_free(doc);
  /* a second predicate's object is no second target */
  doc = analyze("Rosja zaatakowała Ukrainę i ostrzelała Charków.", "2025-06-03");
  assert_int_equal(doc->n_events, 2);
  kr_doc_free(doc);
  doc = analyze("Polska i Litwa podpisały umowę o współpracy obronnej.", "2025-06-03");
  assert_int_equal(doc->n_events, 2);             /* the pair both ways, nothing more */
  assert_non_null(find_pair(doc, "POL", "LTU", "057"));
  assert_non_null(find_pair(doc, "LTU", "POL", "057"));
  kr_doc_free(doc);
}

/* a gerund object of a verb is the act ("zdecydowała o nałożeniu"); a
** noun's gerund complement is not ("gotowość do rozwijania") */
static void test_gerund_object(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rada Unii Europejskiej zdecydowała w czwartek o nałożeniu nowych sankcji na Białoruś.", "2025-06-12");
  assert_non_null(find_pair(doc, "IGOEUREEC", "BLR", "163"));
  kr_doc_free(doc);
  doc = analyze("Rząd Czech zdecydował o wydaleniu dwóch rosyjskich dyplomatów.", "2025-06-12");
  assert_non_null(find_pair(doc, "CZEGOV", "RUSGOV", "161"));
  kr_doc_free(doc);
  doc = analyze("Minister wyraził gotowość do rozwijania współpracy z Egiptem.", "2025-06-12");
  for (uint32_t i = 0; i < doc->n_events; i++) assert_string_not_equal(doc->events[i].trigger, "rozwijania");
  kr_doc_free(doc);
  /* a verb that is a trigger itself codes the act: no second event from its gerund */
  doc = analyze("Xi i Kim zobowiązali się do zacieśnienia współpracy.", "2025-06-12");
  for (uint32_t i = 0; i < doc->n_events; i++) assert_string_not_equal(doc->events[i].trigger, "zacieśnienia");
  kr_doc_free(doc);
}

/* the tagger's noun is not a verb's form: "zawieszenie broni" has no "bronić" */
static void test_noun_not_verb(void **state) {
  (void)state;
  kr_doc *doc = analyze("Indie i Pakistan uzgodniły zawieszenie broni.", "2025-05-10");
  assert_null(find(doc, "052"));
  kr_doc_free(doc);
}

/* two bodies of one country are two actors; a country and its government are one */
static void test_two_bodies(void **state) {
  (void)state;
  kr_doc *doc = analyze("Były premier Gruzji został aresztowany przez gruzińską policję.", "2025-06-12");
  assert_non_null(find_pair(doc, "GEOCOP", "GEOGOV", "173"));
  kr_doc_free(doc);
  doc = analyze("Szef dyplomacji Polski zaapelował do Chin o wywarcie presji na Rosję.", "2025-06-12");
  assert_non_null(find_pair(doc, "POLGOV", "CHN", "020"));
  kr_doc_free(doc);
}

/* a longer complement beats a shorter one: "+dostawa broni" over "+dostawa" */
static void test_longer_pattern(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rząd Holandii wstrzymał w poniedziałek dostawy broni do Izraela.", "2025-05-20");
  assert_non_null(find_pair(doc, "NLDGOV", "ISR", "1622"));
  kr_doc_free(doc);
}

/* "w rozmowie z X" names the addressee of what is said in the clause */
static void test_talk_partner(void **state) {
  (void)state;
  kr_doc *doc = analyze("W rozmowie z prezydentem Ukrainy premier Polski zapewnił o dalszym wsparciu.", "2025-08-21");
  assert_non_null(find_pair(doc, "POLGOV", "UKRGOV", "051"));
  kr_doc_free(doc);
  /* a partner of something else than a talk is not the addressee */
  doc = analyze("W wojnie z Rosją premier Polski zapewnił o dalszym wsparciu.", "2025-08-21");
  assert_null(find(doc, "051"));
  kr_doc_free(doc);
}

/* a role before a name keeps the preposition ("z prezydentem Donaldem Trumpem");
** the owner of the governed noun is in the frame ("przeciwko przelotom
** chińskich bombowców"); the author of the complement ("przedstawioną przez Kijów") */
static void test_frame_through_noun(void **state) {
  (void)state;
  kr_doc *doc = analyze("Premier Izraela Benjamin Netanjahu spotkał się w Białym Domu z prezydentem Donaldem Trumpem.",
                        "2025-04-07");
  assert_non_null(find_pair(doc, "ISRGOV", "USAGOV", "040"));
  kr_doc_free(doc);
  doc = analyze("Ministerstwo obrony Tajwanu zaprotestowało przeciwko przelotom chińskich bombowców.", "2025-04-07");
  assert_non_null(find_pair(doc, "TWNGOV", "CHN", "114"));
  kr_doc_free(doc);
  doc = analyze("Kreml odrzucił propozycję rozejmu przedstawioną przez Kijów.", "2025-04-07");
  assert_non_null(find_pair(doc, "RUSGOV", "UKRGOV", "127"));
  kr_doc_free(doc);
  /* a preposition of another phrase does not govern the owner */
  doc = analyze("Japonia zaprotestowała w sprawie przelotów chińskich bombowców.", "2025-04-07");
  assert_null(find(doc, "114"));
  kr_doc_free(doc);
}

/* a mediator's parties follow "między", a show of force's place "wokół" or "u" */
static void test_mediation_and_force_place(void **state) {
  (void)state;
  kr_doc *doc = analyze("Turcja pośredniczy w rozmowach między Rosją a Ukrainą.", "2025-10-02");
  assert_non_null(find_pair(doc, "TUR", "RUS", "045"));
  kr_doc_free(doc);
  doc = analyze("Rosyjska flota przeprowadziła ćwiczenia u wybrzeży Norwegii.", "2025-10-02");
  assert_non_null(find_pair(doc, "RUSMIL", "NOR", "150"));
  kr_doc_free(doc);
  doc = analyze("Norwegia pośredniczy w rozmowach.", "2025-10-02");
  assert_null(find(doc, "045"));
  kr_doc_free(doc);
}

/* an event needs a coded target: "Zachód" names no actor */
static void test_coded_target(void **state) {
  (void)state;
  kr_doc *doc = analyze("Rosja oskarżyła Zachód o eskalację konfliktu.", "2025-04-07");
  assert_null(find(doc, "ACCUSE"));
  kr_doc_free(doc);
  doc = analyze("Rosja oskarżyła Ukrainę o eskalację konfliktu.", "2025-04-07");
  assert_non_null(find_pair(doc, "RUS", "UKR", "112"));
  kr_doc_free(doc);
}

static void test_bad_row(void **state) {
  (void)state;
  char dir[] = "/tmp/kr-events-XXXXXX", path[256], cmd[512];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/events", dir);
  assert_int_equal(mkdir(path, 0700), 0);
  snprintf(cmd, sizeof cmd, "cp %s/data/events/*.tsv %s/", KR_TEST_SRC, path);
  assert_int_equal(system(cmd), 0);
  snprintf(path, sizeof path, "%s/events/triggers.tsv", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("lemma\tpos\tpattern\ttarget_frame\tcameo\tnote\nzaatakować\tverb\t\tacc\t999\t\n", f);
  fclose(f);
  kr_event_lex *lex = NULL;
  kr_error err = {0};
  assert_int_equal(kr__events_load(&lex, dir, NULL, &err), KR_EDATA);
  assert_null(lex);
  assert_int_equal(err.line, 2);
  assert_non_null(strstr(err.message, "triggers.tsv:2"));
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  kr_options opt = {KR_TEST_DICT, KR_TEST_SRC "/models", KR_TEST_SRC "/data", 0};
  kr_error err = {0};
  struct stat st;
  if (stat(KR_TEST_SRC "/data/events/triggers.tsv", &st) || kr_resources_open(&res_, &opt, &err)) {
    fprintf(stderr, "skipped: %s\n", err.message[0] ? err.message : "no event lexicon");
    return 77;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_meeting),          cmocka_unit_test(test_pattern_row_beats_bare),
      cmocka_unit_test(test_negation_blocks),  cmocka_unit_test(test_negated_trigger),
      cmocka_unit_test(test_hypothetical),     cmocka_unit_test(test_coordinated_subject),
      cmocka_unit_test(test_adjective_agent),  cmocka_unit_test(test_date_from_sentence),
      cmocka_unit_test(test_once_per_document), cmocka_unit_test(test_coordinated_mutual),
      cmocka_unit_test(test_capital_is_government), cmocka_unit_test(test_complement_clause_subject),
      cmocka_unit_test(test_pronoun_target),   cmocka_unit_test(test_reaction_target),
      cmocka_unit_test(test_role_apposition),  cmocka_unit_test(test_past_act_not_future_date),
      cmocka_unit_test(test_guest_visit),      cmocka_unit_test(test_occasion_target),
      cmocka_unit_test(test_visit_counterpart), cmocka_unit_test(test_name_word_subject),
      cmocka_unit_test(test_both_sides),       cmocka_unit_test(test_meeting_took_place),
      cmocka_unit_test(test_relation_partner), cmocka_unit_test(test_first_person),
      cmocka_unit_test(test_demonym),          cmocka_unit_test(test_local_body),
      cmocka_unit_test(test_genitive_pair),    cmocka_unit_test(test_coordinated_sources),
      cmocka_unit_test(test_gerund_object),    cmocka_unit_test(test_noun_not_verb),
      cmocka_unit_test(test_two_bodies),       cmocka_unit_test(test_longer_pattern),
      cmocka_unit_test(test_talk_partner),     cmocka_unit_test(test_frame_through_noun),
      cmocka_unit_test(test_coded_target),     cmocka_unit_test(test_mediation_and_force_place),
      cmocka_unit_test(test_bad_row),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  kr_resources_close(res_);
  return rc;
}
