/*
** abbrev.h — Polish abbreviations known to the tokenizer (included only by
** tokenize.c).
**
** One entry per abbreviation, lower-case, without its final dot. `cls` says
** what a following "." means for sentence splitting:
**   AB_NOEND  the dot never ends a sentence ("np.", "ul.", "prof.", "m.in.")
**   AB_END    the dot may end one: it does when the next word is capitalised
**             ("w 2010 r. Potem", "itd. Następnie"); it does not before a
**             lower-case word or a number ("7.03.2010 r. w", "tys. osób")
**   AB_DATE   like AB_END, but not within the first words of a sentence,
**             where a date opens it ("W 1492 r. Kolumb", "W V w. p.n.e. Ateny")
** `dotless` marks abbreviations written without a dot (contractions such as
** "dr", "mgr", "nr", "mln", "zł", "wg"): they are KR_TOK_ABBREV even with no
** dot after them; a dot that does follow is read by `cls` as above.
**
** UD Polish (PDB, LFG, PUD) keeps an abbreviation's dot as a separate token
** ("np" + "."), and so does the tokenizer; entries with inner dots ("m.in",
** "p.n.e", "o.o") are one token up to, not including, their final dot.
** Keep the table sorted by `s` (binary search, strcmp order on UTF-8 bytes).
*/
#ifndef KR_ABBREV_H
#define KR_ABBREV_H

enum { AB_NONE = 0, AB_NOEND = 1, AB_END = 2, AB_DATE = 3 };

typedef struct abbrev {
  const char *s;
  unsigned char cls;
  unsigned char dotless;
} abbrev;

static const abbrev ABBREVS[] = {
  {"abp", AB_NOEND, 1},    {"adm", AB_NOEND, 0},    {"al", AB_NOEND, 0},
  {"ang", AB_NOEND, 0},    {"art", AB_NOEND, 0},    {"asp", AB_NOEND, 0},
  {"b.r", AB_DATE, 0},     {"bm", AB_NOEND, 0},     {"bp", AB_NOEND, 1},
  {"br", AB_DATE, 0},      {"bryg", AB_NOEND, 0},   {"bł", AB_NOEND, 0},
  {"ca", AB_NOEND, 0},     {"cd", AB_END, 0},       {"cdn", AB_END, 0},
  {"chor", AB_NOEND, 0},   {"cyt", AB_NOEND, 0},    {"cz", AB_NOEND, 0},
  {"dh", AB_NOEND, 1},     {"dn", AB_NOEND, 0},     {"doc", AB_NOEND, 0},
  {"dol", AB_END, 0},      {"dot", AB_NOEND, 0},    {"dr", AB_NOEND, 1},
  {"ds", AB_NOEND, 0},     {"dyr", AB_NOEND, 0},    {"dz", AB_NOEND, 0},
  {"etc", AB_END, 0},      {"ew", AB_NOEND, 0},     {"fot", AB_NOEND, 0},
  {"fr", AB_NOEND, 0},     {"franc", AB_NOEND, 0},  {"gen", AB_NOEND, 0},
  {"gm", AB_NOEND, 0},     {"godz", AB_END, 0},     {"gr", AB_END, 0},
  {"hab", AB_NOEND, 0},    {"hiszp", AB_NOEND, 0},  {"il", AB_NOEND, 0},
  {"im", AB_NOEND, 0},     {"insp", AB_NOEND, 0},   {"inż", AB_NOEND, 0},
  {"itd", AB_END, 0},      {"itp", AB_END, 0},      {"j.w", AB_END, 0},
  {"jun", AB_NOEND, 0},    {"jw", AB_END, 0},       {"kard", AB_NOEND, 0},
  {"kl", AB_NOEND, 0},     {"kmdr", AB_NOEND, 0},   {"kol", AB_NOEND, 0},
  {"kom", AB_NOEND, 0},    {"kpr", AB_NOEND, 0},    {"kpt", AB_NOEND, 0},
  {"ks", AB_NOEND, 0},     {"lit", AB_NOEND, 0},    {"m.in", AB_NOEND, 0},
  {"marsz", AB_NOEND, 0},  {"mec", AB_NOEND, 0},    {"mgr", AB_NOEND, 1},
  {"mies", AB_END, 0},     {"min", AB_END, 0},      {"mjr", AB_NOEND, 1},
  {"mkw", AB_END, 0},      {"mld", AB_END, 1},      {"mln", AB_END, 1},
  {"mł", AB_NOEND, 0},     {"n.e", AB_DATE, 0},     {"n.p.m", AB_END, 0},
  {"nacz", AB_NOEND, 0},   {"nadkom", AB_NOEND, 0}, {"niem", AB_NOEND, 0},
  {"np", AB_NOEND, 0},     {"nr", AB_NOEND, 1},     {"nt", AB_NOEND, 0},
  {"o.o", AB_END, 0},      {"ob", AB_NOEND, 0},     {"odc", AB_NOEND, 0},
  {"ok", AB_NOEND, 0},     {"oprac", AB_NOEND, 0},  {"os", AB_NOEND, 0},
  {"p.n.e", AB_DATE, 0},   {"p.o", AB_NOEND, 0},    {"paraf", AB_NOEND, 0},
  {"pkt", AB_END, 0},      {"pl", AB_NOEND, 0},     {"plut", AB_NOEND, 0},
  {"pn", AB_NOEND, 0},     {"podinsp", AB_NOEND, 0}, {"por", AB_NOEND, 0},
  {"pow", AB_NOEND, 0},    {"poz", AB_NOEND, 0},    {"ppor", AB_NOEND, 0},
  {"ppłk", AB_NOEND, 0},   {"prez", AB_NOEND, 0},   {"proc", AB_END, 0},
  {"prof", AB_NOEND, 0},   {"proj", AB_NOEND, 0},   {"prok", AB_NOEND, 0},
  {"przew", AB_NOEND, 0},  {"przyp", AB_NOEND, 0},  {"pt", AB_NOEND, 0},
  {"płd", AB_END, 0},      {"płk", AB_NOEND, 0},    {"płn", AB_END, 0},
  {"r", AB_DATE, 0},       {"red", AB_NOEND, 0},    {"ros", AB_NOEND, 0},
  {"rozdz", AB_NOEND, 0},  {"ryc", AB_NOEND, 0},    {"rys", AB_NOEND, 0},
  {"s", AB_NOEND, 0},      {"sek", AB_END, 0},      {"sen", AB_NOEND, 0},
  {"sierż", AB_NOEND, 0},  {"sp", AB_NOEND, 0},     {"st", AB_NOEND, 0},
  {"str", AB_NOEND, 0},    {"sygn", AB_NOEND, 0},   {"sz", AB_NOEND, 0},
  {"szer", AB_NOEND, 0},   {"tab", AB_NOEND, 0},    {"tel", AB_NOEND, 0},
  {"tj", AB_NOEND, 0},     {"tow", AB_NOEND, 0},    {"tyg", AB_END, 0},
  {"tys", AB_END, 0},      {"tzn", AB_NOEND, 0},    {"tzw", AB_NOEND, 0},
  {"tłum", AB_NOEND, 0},   {"ub", AB_NOEND, 0},     {"ul", AB_NOEND, 0},
  {"ur", AB_NOEND, 0},     {"ust", AB_NOEND, 0},    {"w", AB_DATE, 0},
  {"wew", AB_NOEND, 0},    {"wg", AB_NOEND, 1},     {"woj", AB_NOEND, 0},
  {"ws", AB_NOEND, 0},     {"wsch", AB_END, 0},     {"wyd", AB_NOEND, 0},
  {"wł", AB_NOEND, 0},     {"zach", AB_END, 0},     {"zał", AB_NOEND, 0},
  {"zm", AB_NOEND, 0},     {"zob", AB_NOEND, 0},    {"zw", AB_NOEND, 0},
  {"zwł", AB_NOEND, 0},    {"zł", AB_END, 1},       {"łac", AB_NOEND, 0},
  {"śp", AB_NOEND, 0},     {"św", AB_NOEND, 0},
};

#endif
