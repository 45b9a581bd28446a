/*
** timex.c — time expressions: find them and normalise them to TIMEX3.
**
** Exports kr__timex_load / kr__timex_free / kr__timex_run (resources.h).
**
** The knowledge lives in readable rule files, the .txt files of data/timex/ (their header
** comments give the format): lexicon lines put word forms into classes with a
** value ("MONTH 10 października"), rule lines give a token pattern and a
** normalisation action ("[ #day MONTH #year? ] => DATE date"). Loading
** interns every word into one hash table and indexes each rule under the
** words (or number shapes) its first element can match, so that running over
** a document costs one hash look-up per token (form, then lemma) and tries
** only the few rules keyed there — no regex engine, no per-token allocation
** outside the document's arena.
**
** Every rule is tried at every token it is keyed under; all matches are
** collected, then chosen longest span first (ties: longer match, then the
** earlier rule), and finally normalised in text order (timex/norm.c) so that
** "tego samego dnia" can refer back to the last full date. The document date
** is the anchor; a weekday standing alone is resolved by the tense of the
** nearest verb (tag "praet" → the previous such day; "bedzie" or perfective
** "fin" → the next; else the nearest; surface endings when untagged).
*/
#include "resources.h"
#include "timex/timex.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

/* ---- compiled rules ------------------------------------------------------ */

enum { EL_LIT = 0, EL_CLASS, EL_SHAPE, EL_OPEN, EL_CLOSE };

enum {   /* number shapes: matched on the text of glued tokens */
  SH_INT = 0, SH_DAY, SH_MONTH, SH_YEAR, SH_YY, SH_DMY, SH_YMD, SH_HM, SH_H, SH_ROMAN_M,
  SH_ROMAN_C, SH_DEC, SH_DM, SH__COUNT
};
static const char *const shape_names[SH__COUNT] = {
  "int", "day", "month", "year", "yy", "dmy", "ymd", "hm", "h", "roman", "romanc", "dec", "dm"};

/* Slots addressable from rule files: numeric first, then string ones. */
static const char *const slot_names[] = {"D", "M", "Y", "YY", "H", "MIN", "N", "WD", "REL",
                                          "DEC", "CENT", "HALF", "Q", "UNIT", "PD", "SEASON", "VAL", "VAGUE"};
#define SLOT_STR0 KR_TX__NUM
#define SLOT_VAGUE (KR_TX__NUM + KR_TX__STR)
#define SLOT_NONE (-1)

static const char *const action_names[KR_TXA__COUNT] = {
  "lit", "date", "today", "rel", "last", "weekday", "dur", "set", "decade", "century", "time"};

/* One alternative of an element: a literal form, a class or a number shape. */
typedef struct atom {
  uint8_t kind;        /* EL_LIT, EL_CLASS, EL_SHAPE */
  uint8_t need_dot;    /* EL_LIT: the form must be followed by a glued "." */
  uint8_t by_lemma;    /* EL_LIT written "~lemma": the token's lemma may match too */
  int8_t slot;         /* capture slot or SLOT_NONE */
  int32_t id;          /* EL_LIT: entry; EL_CLASS: class; EL_SHAPE: SH_* */
} atom;

typedef struct element {
  uint8_t kind;        /* EL_OPEN, EL_CLOSE, or EL_LIT for a word element */
  uint8_t optional;    /* '?' */
  uint8_t negative;    /* '!': zero-width, succeeds when the token does not match */
  atom *atoms;         /* alternatives, tried in order */
  uint32_t n_atoms;
} element;

typedef struct rule {
  element *els;
  uint32_t n_els;
  const char *type;    /* "DATE", "TIME", "DURATION", "SET" (static strings) */
  int action;          /* KR_TXA_* */
  double arg;
  int has_arg;
  char *lit;           /* literal value or unit, malloc'd; may be NULL */
  char *where;         /* "file:line" for messages */
} rule;

typedef struct member { int32_t cls; double num; const char *str; } member;

typedef struct entry {     /* one interned lowercase word */
  char *key;
  member *mem; uint32_t n_mem, cap_mem;
  uint32_t *rules; uint32_t n_rules, cap_rules;
} entry;

typedef struct tclass {
  char *name;
  int slot;                /* default capture slot */
  int32_t *forms; uint32_t n_forms, cap_forms;   /* entry ids */
  char **values; uint32_t n_values, cap_values;  /* owned value strings */
} tclass;

struct kr_timex_rules {
  entry *ents; uint32_t n_ents, cap_ents;
  uint32_t *table; uint32_t table_cap;   /* open addressing: entry index + 1, 0 empty */
  tclass *cls; uint32_t n_cls, cap_cls;
  rule *rules; uint32_t n_rules, cap_rules;
  uint32_t *digit_rules; uint32_t n_digit, cap_digit;   /* first element is a number shape */
  uint32_t *roman_rules; uint32_t n_roman, cap_roman;   /* first element is a roman numeral */
  int32_t future_cls;      /* class FUTURE (future auxiliaries), or -1 */
};

/* ---- small helpers --------------------------------------------------------- */

static int grow(void **p, uint32_t *cap, uint32_t need, size_t elem) {
  if (need <= *cap) return 0;
  uint32_t nc = *cap ? *cap * 2 : 8;
  while (nc < need) nc *= 2;
  void *np = realloc(*p, (size_t)nc * elem);
  if (!np) return -1;
  *p = np;
  *cap = nc;
  return 0;
}

static uint32_t hash_str(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}

/* Index of the entry for s[0..n), or -1. */
static int32_t lookup(const kr_timex_rules *t, const char *s, size_t n) {
  if (!t->table_cap) return -1;
  uint32_t mask = t->table_cap - 1, i = hash_str(s, n) & mask;
  for (;;) {
    uint32_t v = t->table[i];
    if (!v) return -1;
    const entry *e = &t->ents[v - 1];
    if (strlen(e->key) == n && !memcmp(e->key, s, n)) return (int32_t)(v - 1);
    i = (i + 1) & mask;
  }
}

static int rehash(kr_timex_rules *t, uint32_t cap) {
  uint32_t *nt = calloc(cap, sizeof *nt);
  if (!nt) return -1;
  for (uint32_t k = 0; k < t->n_ents; k++) {
    const char *key = t->ents[k].key;
    uint32_t i = hash_str(key, strlen(key)) & (cap - 1);
    while (nt[i]) i = (i + 1) & (cap - 1);
    nt[i] = k + 1;
  }
  free(t->table);
  t->table = nt;
  t->table_cap = cap;
  return 0;
}

/* Entry for s[0..n), created when missing; -1 when out of memory. */
static int32_t intern(kr_timex_rules *t, const char *s, size_t n) {
  int32_t id = lookup(t, s, n);
  if (id >= 0) return id;
  if ((t->n_ents + 1) * 2 > t->table_cap && rehash(t, t->table_cap ? t->table_cap * 2 : 1024)) return -1;
  if (grow((void **)&t->ents, &t->cap_ents, t->n_ents + 1, sizeof *t->ents)) return -1;
  entry *e = &t->ents[t->n_ents];
  memset(e, 0, sizeof *e);
  if (!(e->key = malloc(n + 1))) return -1;
  memcpy(e->key, s, n);
  e->key[n] = '\0';
  uint32_t mask = t->table_cap - 1, i = hash_str(s, n) & mask;
  while (t->table[i]) i = (i + 1) & mask;
  t->table[i] = t->n_ents + 1;
  return (int32_t)t->n_ents++;
}

/* Lower-cases UTF-8 s[0..n) into out[cap]; returns the length, or 0 when it
** does not fit (such long words are never time words). */
static size_t lower_into(const char *s, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int k = kr__utf8_decode(s + i, n - i, &cp);
    if (k <= 0) return 0;
    i += (size_t)k;
    cp = (int32_t)utf8proc_tolower(cp);
    if (o + 4 > cap) return 0;
    o += (size_t)kr__utf8_encode(cp, out + o);
  }
  return o;
}

static int find_class(const kr_timex_rules *t, const char *name, size_t n) {
  for (uint32_t i = 0; i < t->n_cls; i++)
    if (strlen(t->cls[i].name) == n && !memcmp(t->cls[i].name, name, n)) return (int)i;
  return -1;
}

static int find_slot(const char *name, size_t n) {
  for (size_t i = 0; i < sizeof slot_names / sizeof *slot_names; i++)
    if (strlen(slot_names[i]) == n && !memcmp(slot_names[i], name, n)) return (int)i;
  if (n == 1 && name[0] == '-') return SLOT_NONE;
  return -2;
}

/* ---- loading ----------------------------------------------------------------- */

typedef struct loader {
  kr_timex_rules *t;
  const char *file;
  uint32_t line;
  kr_error *err;
} loader;

static int bad(loader *L, const char *fmt, const char *what, size_t n) {
  char msg[160];
  snprintf(msg, sizeof msg, fmt, (int)n, what);
  return kr__err_set(L->err, KR_EDATA, 0, L->line, "%s:%u: %s", L->file, L->line, msg);
}

static int oom(loader *L) {
  return kr__err_set(L->err, KR_ENOMEM, 0, L->line, "%s:%u: out of memory", L->file, L->line);
}

/* Splits the next whitespace-separated word off *p; returns its length (0 at the end). */
static size_t next_word(const char **p, const char **w) {
  const char *s = *p;
  while (*s == ' ' || *s == '\t') s++;
  *w = s;
  while (*s && *s != ' ' && *s != '\t') s++;
  *p = s;
  return (size_t)(s - *w);
}

static int is_upper_name(const char *w, size_t n) {
  if (!n) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((w[i] >= 'A' && w[i] <= 'Z') || w[i] == '_' || (i && w[i] >= '0' && w[i] <= '9'))) return 0;
  return 1;
}

/* "@class NAME SLOT" */
static int load_class_decl(loader *L, const char *p) {
  const char *w;
  size_t n = next_word(&p, &w);
  if (!is_upper_name(w, n)) return bad(L, "bad class name '%.*s'", w, n);
  if (find_class(L->t, w, n) >= 0) return bad(L, "class '%.*s' declared twice", w, n);
  const char *sw;
  size_t sn = next_word(&p, &sw);
  int slot = find_slot(sw, sn);
  if (slot == -2) return bad(L, "unknown slot '%.*s'", sw, sn);
  kr_timex_rules *t = L->t;
  if (grow((void **)&t->cls, &t->cap_cls, t->n_cls + 1, sizeof *t->cls)) return oom(L);
  tclass *c = &t->cls[t->n_cls];
  memset(c, 0, sizeof *c);
  if (!(c->name = strndup(w, n))) return oom(L);
  c->slot = slot;
  if (!strcmp(c->name, "FUTURE")) t->future_cls = (int32_t)t->n_cls;
  t->n_cls++;
  return 0;
}

/* "CLASS value form form …" */
static int load_lexeme(loader *L, const char *p, int cls) {
  kr_timex_rules *t = L->t;
  tclass *c = &t->cls[cls];
  const char *w;
  size_t n = next_word(&p, &w);
  if (!n) return bad(L, "class '%.*s' needs a value and forms", c->name, strlen(c->name));
  if (grow((void **)&c->values, &c->cap_values, c->n_values + 1, sizeof *c->values)) return oom(L);
  char *val = strndup(w, n);
  if (!val) return oom(L);
  c->values[c->n_values++] = val;
  char *end;
  double num = strtod(val, &end);
  int is_num = end != val && *end == '\0';
  if (c->slot >= 0 && c->slot < KR_TX__NUM && !is_num)
    return bad(L, "class value '%.*s' must be a number", w, n);
  int forms = 0;
  while ((n = next_word(&p, &w)) > 0) {
    char low[128];
    size_t ln = lower_into(w, n, low, sizeof low);
    if (!ln) return bad(L, "bad form '%.*s'", w, n);
    int32_t id = intern(t, low, ln);
    if (id < 0) return oom(L);
    entry *e = &t->ents[id];
    if (grow((void **)&e->mem, &e->cap_mem, e->n_mem + 1, sizeof *e->mem)) return oom(L);
    e->mem[e->n_mem++] = (member){(int32_t)cls, is_num ? num : 0, val};
    if (grow((void **)&c->forms, &c->cap_forms, c->n_forms + 1, sizeof *c->forms)) return oom(L);
    c->forms[c->n_forms++] = id;
    forms++;
  }
  if (!forms) return bad(L, "lexicon line for '%.*s' has no forms", c->name, strlen(c->name));
  return 0;
}

static int add_atom(loader *L, element *el, atom a) {
  atom *na = realloc(el->atoms, (el->n_atoms + 1) * sizeof *na);
  if (!na) return oom(L);
  el->atoms = na;
  el->atoms[el->n_atoms++] = a;
  return 0;
}

/* One alternative: "#shape[:SLOT]", "CLASS[:SLOT]" or a literal form. */
static int parse_atom(loader *L, element *el, const char *w, size_t n) {
  kr_timex_rules *t = L->t;
  const char *colon = n > 1 ? memchr(w + 1, ':', n - 1) : NULL;
  size_t base = colon ? (size_t)(colon - w) : n;
  atom a = {EL_LIT, 0, 0, SLOT_NONE, -1};
  if (w[0] == '#' && base > 1) {
    a.kind = EL_SHAPE;
    for (int s = 0; s < SH__COUNT; s++)
      if (strlen(shape_names[s]) == base - 1 && !memcmp(shape_names[s], w + 1, base - 1)) a.id = s;
    if (a.id < 0) return bad(L, "unknown number shape '%.*s'", w, base);
    if (colon) {
      int s = find_slot(colon + 1, n - base - 1);
      if (s < 0 || s >= KR_TX__NUM) return bad(L, "bad numeric slot in '%.*s'", w, n);
      a.slot = (int8_t)s;
    }
    return add_atom(L, el, a);
  }
  if (is_upper_name(w, base)) {
    int c = find_class(t, w, base);
    if (c < 0) return bad(L, "unknown class '%.*s' (declare it with @class first)", w, base);
    a.kind = EL_CLASS;
    a.id = c;
    a.slot = (int8_t)t->cls[c].slot;
    if (colon) {
      int s = find_slot(colon + 1, n - base - 1);
      if (s == -2) return bad(L, "unknown slot in '%.*s'", w, n);
      a.slot = (int8_t)s;
    }
    return add_atom(L, el, a);
  }
  if (n > 1 && w[0] == '~') a.by_lemma = 1, w++, n--;
  char low[128];
  size_t ln = lower_into(w, n, low, sizeof low);
  if (!ln) return bad(L, "bad literal '%.*s'", w, n);
  if ((a.id = intern(t, low, ln)) < 0) return oom(L);
  int rc = add_atom(L, el, a);
  if (rc || ln < 2 || low[ln - 1] != '.') return rc;
  a.need_dot = 1;   /* "r." also matches "r" + "." */
  if ((a.id = intern(t, low, ln - 1)) < 0) return oom(L);
  return add_atom(L, el, a);
}

static int parse_element(loader *L, const char *w, size_t n, element *el) {
  memset(el, 0, sizeof *el);
  if (n == 1 && w[0] == '[') { el->kind = EL_OPEN; return 0; }
  if (n == 1 && w[0] == ']') { el->kind = EL_CLOSE; return 0; }
  el->kind = EL_LIT;
  if (n > 1 && w[0] == '!') { el->negative = 1; w++; n--; }
  if (n > 1 && w[n - 1] == '?') { el->optional = 1; n--; }
  if (el->negative && el->optional) return bad(L, "element '%.*s' cannot be both ! and ?", w, n);
  const char *s = w, *end = w + n;
  while (s < end) {
    const char *bar = memchr(s, '|', (size_t)(end - s));
    const char *e = bar ? bar : end;
    if (e == s) return bad(L, "empty alternative in '%.*s'", w, n);
    int rc = parse_atom(L, el, s, (size_t)(e - s));
    if (rc) return rc;
    s = bar ? bar + 1 : end;
  }
  return 0;
}

static int add_rule_id(uint32_t **list, uint32_t *n, uint32_t *cap, uint32_t r) {
  for (uint32_t i = 0; i < *n; i++)
    if ((*list)[i] == r) return 0;
  if (grow((void **)list, cap, *n + 1, sizeof **list)) return -1;
  (*list)[(*n)++] = r;
  return 0;
}

/* Indexes rule r under every key its element k (and, past optional or
** zero-width elements, the next ones) can start with. */
static int index_rule(kr_timex_rules *t, uint32_t r, uint32_t k) {
  const rule *ru = &t->rules[r];
  for (; k < ru->n_els; k++) {
    const element *el = &ru->els[k];
    if (el->kind == EL_OPEN || el->kind == EL_CLOSE || el->negative) continue;
    for (uint32_t i = 0; i < el->n_atoms; i++) {
      const atom *a = &el->atoms[i];
      if (a->kind == EL_LIT) {
        entry *e = &t->ents[a->id];
        if (add_rule_id(&e->rules, &e->n_rules, &e->cap_rules, r)) return -1;
      } else if (a->kind == EL_CLASS) {
        const tclass *c = &t->cls[a->id];
        for (uint32_t f = 0; f < c->n_forms; f++) {
          entry *e = &t->ents[c->forms[f]];
          if (add_rule_id(&e->rules, &e->n_rules, &e->cap_rules, r)) return -1;
        }
      } else if (a->id == SH_ROMAN_M || a->id == SH_ROMAN_C) {
        if (add_rule_id(&t->roman_rules, &t->n_roman, &t->cap_roman, r)) return -1;
      } else {
        if (add_rule_id(&t->digit_rules, &t->n_digit, &t->cap_digit, r)) return -1;
      }
    }
    if (!el->optional) return 0;
  }
  return 0;
}

/* "pattern => TYPE action [number] [literal]" */
static int load_rule(loader *L, const char *line, const char *arrow) {
  kr_timex_rules *t = L->t;
  static const char *const types[] = {"DATE", "TIME", "DURATION", "SET"};
  if (grow((void **)&t->rules, &t->cap_rules, t->n_rules + 1, sizeof *t->rules)) return oom(L);
  rule *r = &t->rules[t->n_rules];
  memset(r, 0, sizeof *r);
  t->n_rules++;   /* counted at once so that kr__timex_free releases a half-built rule */
  char where[300];
  snprintf(where, sizeof where, "%s:%u", L->file, L->line);
  if (!(r->where = strdup(where))) return oom(L);
  char pat[1024];
  size_t plen = (size_t)(arrow - line);
  if (plen >= sizeof pat) return bad(L, "%.*spattern too long", "", 0);
  memcpy(pat, line, plen);
  pat[plen] = '\0';
  const char *p = pat, *w;
  size_t n;
  int opens = 0, closes = 0, real = 0;
  while ((n = next_word(&p, &w)) > 0) {
    r->els = realloc(r->els, (r->n_els + 1) * sizeof *r->els);
    if (!r->els) return oom(L);
    element *el = &r->els[r->n_els];
    memset(el, 0, sizeof *el);
    r->n_els++;
    int rc = parse_element(L, w, n, el);
    if (rc) return rc;
    opens += el->kind == EL_OPEN;
    closes += el->kind == EL_CLOSE;
    real += el->kind != EL_OPEN && el->kind != EL_CLOSE && !el->negative;
  }
  if (!real) return bad(L, "%.*srule has an empty pattern", "", 0);
  if (opens > 1 || closes > 1 || opens != closes) return bad(L, "%.*sunbalanced [ ]", "", 0);
  p = arrow + 2;
  n = next_word(&p, &w);
  r->type = NULL;
  for (size_t i = 0; i < 4; i++)
    if (strlen(types[i]) == n && !memcmp(types[i], w, n)) r->type = types[i];
  if (!r->type) return bad(L, "unknown type '%.*s' (DATE, TIME, DURATION or SET)", w, n);
  n = next_word(&p, &w);
  r->action = -1;
  for (int i = 0; i < KR_TXA__COUNT; i++)
    if (strlen(action_names[i]) == n && !memcmp(action_names[i], w, n)) r->action = i;
  if (r->action < 0) return bad(L, "unknown action '%.*s'", w, n);
  while ((n = next_word(&p, &w)) > 0) {
    char buf[64], *end;
    if (n >= sizeof buf) return bad(L, "argument '%.*s' too long", w, n);
    memcpy(buf, w, n);
    buf[n] = '\0';
    double v = strtod(buf, &end);
    if (end != buf && *end == '\0' && !r->has_arg) {
      r->arg = v;
      r->has_arg = 1;
    } else if (!r->lit) {
      if (!(r->lit = strdup(buf))) return oom(L);
    } else {
      return bad(L, "too many arguments at '%.*s'", w, n);
    }
  }
  return 0;
}

static int load_file(kr_timex_rules *t, const char *path, const char *name, kr_error *err) {
  FILE *f = fopen(path, "r");
  if (!f) return kr__err_set(err, KR_EDATA, 0, 0, "%s: %s", path, strerror(errno));
  loader L = {t, name, 0, err};
  char line[2048];
  int rc = 0;
  while (fgets(line, sizeof line, f)) {
    L.line++;
    size_t n = strlen(line);
    if (n == sizeof line - 1 && line[n - 1] != '\n') { rc = bad(&L, "%.*sline too long", "", 0); break; }
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
      line[--n] = '\0';
    const char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (!*p || (*p == '#' && (p[1] == ' ' || p[1] == '#' || p[1] == '\0'))) continue;
    const char *arrow = strstr(p, "=>");
    if (arrow) {
      rc = load_rule(&L, p, arrow);
    } else if (!strncmp(p, "@class", 6)) {
      rc = load_class_decl(&L, p + 6);
    } else {
      const char *w;
      size_t wn = next_word(&p, &w);
      int c = is_upper_name(w, wn) ? find_class(t, w, wn) : -1;
      rc = c >= 0 ? load_lexeme(&L, p, c)
                  : bad(&L, "neither a rule (no '=>') nor a lexicon line of a declared class: '%.*s'", w, wn);
    }
    if (rc) break;
  }
  fclose(f);
  return rc;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int kr__timex_load(kr_timex_rules **out, const char *data_dir, kr_error *err) {
  int rc = 0;
  char **names = NULL;
  size_t n_names = 0, cap_names = 0;
  char path[4096];
  *out = NULL;
  kr_timex_rules *t = calloc(1, sizeof *t);
  if (!t) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  t->future_cls = -1;
  snprintf(path, sizeof path, "%s/timex", data_dir ? data_dir : ".");
  DIR *d = opendir(path);
  if (!d) {
    rc = kr__err_set(err, KR_EDATA, 0, 0, "%s: %s", path, strerror(errno));
    goto cleanup;
  }
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t n = strlen(de->d_name);
    if (n < 5 || strcmp(de->d_name + n - 4, ".txt") || de->d_name[0] == '.') continue;
    if (n_names == cap_names) {
      cap_names = cap_names ? cap_names * 2 : 16;
      char **nn = realloc(names, cap_names * sizeof *names);
      if (!nn) { closedir(d); rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); goto cleanup; }
      names = nn;
    }
    if (!(names[n_names] = strdup(de->d_name))) {
      closedir(d);
      rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
      goto cleanup;
    }
    n_names++;
  }
  closedir(d);
  if (!n_names) {
    rc = kr__err_set(err, KR_EDATA, 0, 0, "%s: no rule files (*.txt)", path);
    goto cleanup;
  }
  /* Lexicons first (files named lex-*.txt sort before rules-*.txt), then rules,
  ** in name order, so rule priority follows file and line order. */
  qsort(names, n_names, sizeof *names, cmp_str);
  for (size_t i = 0; i < n_names; i++) {
    char full[4096 + 256];
    snprintf(full, sizeof full, "%s/%s", path, names[i]);
    if ((rc = load_file(t, full, names[i], err))) goto cleanup;
  }
  if (!t->n_rules) {
    rc = kr__err_set(err, KR_EDATA, 0, 0, "%s: no rules", path);
    goto cleanup;
  }
  for (uint32_t r = 0; r < t->n_rules; r++)
    if (index_rule(t, r, 0)) { rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory"); goto cleanup; }
  *out = t;
  t = NULL;
cleanup:
  for (size_t i = 0; i < n_names; i++) free(names[i]);
  free(names);
  kr__timex_free(t);
  return rc;
}

void kr__timex_free(kr_timex_rules *t) {
  if (!t) return;
  for (uint32_t i = 0; i < t->n_ents; i++) {
    free(t->ents[i].key);
    free(t->ents[i].mem);
    free(t->ents[i].rules);
  }
  for (uint32_t i = 0; i < t->n_cls; i++) {
    free(t->cls[i].name);
    free(t->cls[i].forms);
    for (uint32_t v = 0; v < t->cls[i].n_values; v++) free(t->cls[i].values[v]);
    free(t->cls[i].values);
  }
  for (uint32_t i = 0; i < t->n_rules; i++) {
    for (uint32_t k = 0; k < t->rules[i].n_els; k++) free(t->rules[i].els[k].atoms);
    free(t->rules[i].els);
    free(t->rules[i].lit);
    free(t->rules[i].where);
  }
  free(t->ents);
  free(t->table);
  free(t->cls);
  free(t->rules);
  free(t->digit_rules);
  free(t->roman_rules);
  free(t);
}

/* ---- matching ------------------------------------------------------------------ */

typedef struct tokinfo { int32_t form, lemma; } tokinfo;

typedef struct matcher {
  const kr_timex_rules *t;
  const kr_doc *doc;
  const tokinfo *ti;
  uint32_t n;              /* tokens */
} matcher;

typedef struct cand {
  uint32_t rule;
  uint32_t m0, m1;         /* matched tokens [m0, m1) */
  uint32_t s0, s1;         /* span tokens [s0, s1) */
  kr_tx_slots slots;
} cand;

static int glued(const kr_doc *doc, uint32_t j) {
  return j + 1 < doc->n_toks && doc->toks[j].off + doc->toks[j].len == doc->toks[j + 1].off &&
         !(doc->toks[j + 1].flags & KR_TOKF_PARA_START);
}

static const member *member_of(const kr_timex_rules *t, int32_t id, int32_t cls) {
  if (id < 0) return NULL;
  const entry *e = &t->ents[id];
  for (uint32_t i = 0; i < e->n_mem; i++)
    if (e->mem[i].cls == cls) return &e->mem[i];
  return NULL;
}

static void set_num(kr_tx_slots *s, int slot, double v) {
  s->num[slot] = v;
  s->has |= 1u << slot;
}

static void capture(kr_tx_slots *s, int slot, const member *m) {
  if (slot == SLOT_NONE) return;
  if (slot == SLOT_VAGUE) { s->vague = 1; return; }
  if (slot >= SLOT_STR0) s->str[slot - SLOT_STR0] = m->str;
  else if ((s->has >> slot) & 1u) s->num[slot] += m->num;   /* "dwudziestego pierwszego" */
  else set_num(s, slot, m->num);
}

/* ---- number shapes over the text of glued tokens ---- */

static int digits(const char *s, size_t n, size_t *i, int min, int max, int *v) {
  int k = 0;
  *v = 0;
  while (*i < n && k < max && s[*i] >= '0' && s[*i] <= '9') *v = *v * 10 + (s[(*i)++] - '0'), k++;
  return k >= min && !(*i < n && s[*i] >= '0' && s[*i] <= '9');
}

/* Optional "r" / "r." glued to a year ("2009r."). */
static void skip_r(const char *s, size_t n, size_t *i) {
  if (*i < n && s[*i] == 'r') {
    (*i)++;
    if (*i < n && s[*i] == '.') (*i)++;
  }
}

static int roman(const char *s, size_t n) {
  static const char *const r[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                  "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX",
                                  "XX", "XXI"};
  for (int i = 0; i < 21; i++)
    if (strlen(r[i]) == n && !memcmp(r[i], s, n)) return i + 1;
  return 0;
}

/* Does text s[0..n) have the shape sh? Fills the slots it carries. */
static int shape_text(int sh, const char *s, size_t n, kr_tx_slots *sl, int slot) {
  size_t i = 0;
  int a, b, c;
  switch (sh) {
  case SH_INT: {
    double v = 0;
    int nd = 0;
    for (; i < n; i++) {
      if (s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i] - '0'), nd++;
      else if (s[i] == ' ' || (uint8_t)s[i] == 0xC2 || (uint8_t)s[i] == 0xA0) continue;   /* "20 000", NBSP */
      else return 0;
    }
    if (!nd || s[0] < '0' || s[0] > '9') return 0;
    set_num(sl, slot != SLOT_NONE ? slot : KR_TX_N, v);
    return 1;
  }
  case SH_DAY:
    if (!digits(s, n, &i, 1, 2, &a) || i != n || a < 1 || a > 31) return 0;
    set_num(sl, slot != SLOT_NONE ? slot : KR_TX_D, a);
    return 1;
  case SH_MONTH:
    if (!digits(s, n, &i, 1, 2, &a) || i != n || a < 1 || a > 12) return 0;
    set_num(sl, slot != SLOT_NONE ? slot : KR_TX_M, a);
    return 1;
  case SH_YEAR:
    if (!digits(s, n, &i, 4, 4, &a) || a < 1000 || a > 2999) return 0;
    skip_r(s, n, &i);
    if (i != n) return 0;
    set_num(sl, slot != SLOT_NONE ? slot : KR_TX_Y, a);
    return 1;
  case SH_YY:
    if (!digits(s, n, &i, 2, 2, &a) || i != n) return 0;
    set_num(sl, slot != SLOT_NONE ? slot : KR_TX_YY, a);
    return 1;
  case SH_DMY: {
    if (!digits(s, n, &i, 1, 2, &a) || i >= n) return 0;
    char sep = s[i++];
    if (sep != '.' && sep != '-' && sep != '/') return 0;
    if (!digits(s, n, &i, 1, 2, &b) || i >= n || s[i++] != sep) return 0;
    size_t y0 = i;
    if (!digits(s, n, &i, 2, 4, &c) || (i - y0) == 3) return 0;
    int two = (i - y0) == 2;
    skip_r(s, n, &i);
    if (i != n || a < 1 || a > 31 || b < 1 || b > 12) return 0;
    set_num(sl, KR_TX_D, a);
    set_num(sl, KR_TX_M, b);
    set_num(sl, two ? KR_TX_YY : KR_TX_Y, c);
    return 1;
  }
  case SH_YMD:
    if (!digits(s, n, &i, 4, 4, &a) || i >= n || s[i++] != '-') return 0;
    if (!digits(s, n, &i, 2, 2, &b) || i >= n || s[i++] != '-') return 0;
    if (!digits(s, n, &i, 2, 2, &c) || i != n || b < 1 || b > 12 || c < 1 || c > 31) return 0;
    set_num(sl, KR_TX_Y, a);
    set_num(sl, KR_TX_M, b);
    set_num(sl, KR_TX_D, c);
    return 1;
  case SH_HM:
    if (!digits(s, n, &i, 1, 2, &a) || i >= n || (s[i] != '.' && s[i] != ':')) return 0;
    i++;
    if (!digits(s, n, &i, 2, 2, &b) || i != n || a > 24 || b > 59) return 0;
    set_num(sl, KR_TX_H, a);
    set_num(sl, KR_TX_MIN, b);
    return 1;
  case SH_DM:   /* "15.11", "03.05": day and two-digit month, no year */
    if (!digits(s, n, &i, 1, 2, &a) || i >= n || s[i++] != '.') return 0;
    if (!digits(s, n, &i, 2, 2, &b) || i != n || a < 1 || a > 31 || b < 1 || b > 12) return 0;
    set_num(sl, KR_TX_D, a);
    set_num(sl, KR_TX_M, b);
    return 1;
  case SH_H:
    if (!digits(s, n, &i, 1, 2, &a) || i != n || a > 24) return 0;
    set_num(sl, slot != SLOT_NONE ? slot : KR_TX_H, a);
    return 1;
  case SH_ROMAN_M:
    if (!(a = roman(s, n)) || a > 12) return 0;
    set_num(sl, slot != SLOT_NONE ? slot : KR_TX_M, a);
    return 1;
  case SH_ROMAN_C:
    if (!(a = roman(s, n))) return 0;
    set_num(sl, slot != SLOT_NONE ? slot : KR_TX_CENT, a);
    return 1;
  case SH_DEC: {
    if (!digits(s, n, &i, 2, 4, &a) || (i != 2 && i != 4) || a % 10) return 0;
    if (i < n) {   /* "70.", "90-tych", "90-te", "80'" */
      const char *rest = s + i;
      size_t rn = n - i;
      static const char *const suf[] = {".", "-tych", "-ych", "-te", "-e", "-ch", "'"};
      int ok = 0;
      for (size_t k = 0; k < sizeof suf / sizeof *suf; k++)
        if (strlen(suf[k]) == rn && !memcmp(suf[k], rest, rn)) ok = 1;
      if (!ok) return 0;
    }
    set_num(sl, slot != SLOT_NONE ? slot : KR_TX_DEC, a);
    return 1;
  }
  default:
    return 0;
  }
}

/* "20 000": groups of three digits after one space continue a count.
** Returns the tokens taken from e on, updating the count's slot. */
static uint32_t thousands(const matcher *M, uint32_t e, kr_tx_slots *sl, int slot) {
  const kr_doc *doc = M->doc;
  int k = slot != SLOT_NONE ? slot : KR_TX_N;
  uint32_t taken = 0;
  while (e + taken < M->n) {
    const kr_token *prev = &doc->toks[e + taken - 1], *nx = &doc->toks[e + taken];
    const char *p = doc->text + nx->off;
    if (nx->len != 3 || nx->off != prev->off + prev->len + 1 || doc->text[prev->off + prev->len] != ' ' ||
        p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9')
      break;
    sl->num[k] = sl->num[k] * 1000 + (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
    taken++;
  }
  return taken;
}

/* Matches a shape at token j over 1..6 glued tokens, longest first; the match
** must not stop inside a longer number ("12.10" of "12.10.2025").
** Returns the tokens consumed, 0 when none. */
static uint32_t match_shape(const matcher *M, uint32_t j, int sh, int slot, kr_tx_slots *sl) {
  const kr_doc *doc = M->doc;
  uint32_t last = j;
  while (last + 1 < M->n && last - j < 5 && glued(doc, last)) last++;
  for (uint32_t e = last + 1; e > j; e--) {
    const kr_token *a = &doc->toks[j], *b = &doc->toks[e - 1];
    size_t len = b->off + b->len - a->off;
    if (len > 48) continue;
    if (e < M->n && glued(doc, e - 1)) {   /* what follows must not continue the number */
      const kr_token *nx = &doc->toks[e];
      const char *t0 = doc->text + nx->off;
      if (*t0 >= '0' && *t0 <= '9') continue;
      if ((*t0 == '.' || *t0 == ':' || *t0 == ',') && nx->len == 1 && glued(doc, e) &&
          doc->text[doc->toks[e + 1].off] >= '0' && doc->text[doc->toks[e + 1].off] <= '9')
        continue;
    }
    kr_tx_slots tmp = *sl;
    if (shape_text(sh, doc->text + a->off, len, &tmp, slot)) {
      uint32_t used = e - j;
      if (sh == SH_INT && used == 1) used += thousands(M, e, &tmp, slot);
      *sl = tmp;
      return used;
    }
  }
  return 0;
}

/* Matches one alternative at token j; returns tokens consumed (0 = no match). */
static uint32_t match_atom(const matcher *M, const atom *a, uint32_t j, kr_tx_slots *sl) {
  const tokinfo *ti = &M->ti[j];
  switch (a->kind) {
  case EL_LIT:
    if (ti->form != a->id && !(a->by_lemma && ti->lemma == a->id)) return 0;
    if (!a->need_dot) return 1;
    if (glued(M->doc, j) && M->doc->toks[j + 1].len == 1 && M->doc->text[M->doc->toks[j + 1].off] == '.')
      return 2;
    return 0;
  case EL_CLASS: {
    const member *m = member_of(M->t, ti->form, a->id);   /* class lists hold every form */
    if (!m) return 0;
    capture(sl, a->slot, m);
    return 1;
  }
  case EL_SHAPE:
    return match_shape(M, j, a->id, a->slot, sl);
  default:
    return 0;
  }
}

/* Matches element el at token j: its first alternative that matches. */
static uint32_t match_el(const matcher *M, const element *el, uint32_t j, kr_tx_slots *sl) {
  if (j >= M->n) return 0;
  for (uint32_t i = 0; i < el->n_atoms; i++) {
    kr_tx_slots tmp = *sl;
    uint32_t used = match_atom(M, &el->atoms[i], j, &tmp);
    if (used) { *sl = tmp; return used; }
  }
  return 0;
}

typedef struct mstate { uint32_t m0, s0, s1; int open, closed; } mstate;

/* Backtracking match of elements k.. at token j. On success fills *end, the
** span and the slots. Optional elements are tried taken first. */
static int match_from(const matcher *M, const rule *r, uint32_t k, uint32_t j, kr_tx_slots *sl,
                      mstate *st, uint32_t *end) {
  if (k == r->n_els) { *end = j; return 1; }
  const element *el = &r->els[k];
  if (el->kind == EL_OPEN) {
    mstate save = *st;
    st->s0 = j;
    st->open = 1;
    if (match_from(M, r, k + 1, j, sl, st, end)) return 1;
    *st = save;
    return 0;
  }
  if (el->kind == EL_CLOSE) {
    mstate save = *st;
    st->s1 = j;
    st->closed = 1;
    if (match_from(M, r, k + 1, j, sl, st, end)) return 1;
    *st = save;
    return 0;
  }
  if (el->negative) {
    kr_tx_slots scratch = *sl;
    if (j < M->n && match_el(M, el, j, &scratch)) return 0;
    return match_from(M, r, k + 1, j, sl, st, end);
  }
  if (j < M->n && !(j > st->m0 && (M->doc->toks[j].flags & KR_TOKF_PARA_START))) {
    kr_tx_slots tmp = *sl;
    uint32_t used = match_el(M, el, j, &tmp);
    if (used) {
      if (match_from(M, r, k + 1, j + used, &tmp, st, end)) { *sl = tmp; return 1; }
    }
  }
  if (el->optional) return match_from(M, r, k + 1, j, sl, st, end);
  return 0;
}

static int try_rule(const matcher *M, uint32_t ri, uint32_t j, cand *c) {
  const rule *r = &M->t->rules[ri];
  mstate st = {j, 0, 0, 0, 0};
  uint32_t end;
  memset(&c->slots, 0, sizeof c->slots);
  if (!match_from(M, r, 0, j, &c->slots, &st, &end) || end == j) return 0;
  c->rule = ri;
  c->m0 = j;
  c->m1 = end;
  c->s0 = st.open ? st.s0 : j;
  c->s1 = st.closed ? st.s1 : end;
  const kr_doc *doc = M->doc;
  while (c->s1 > c->s0 && doc->toks[c->s0].kind == KR_TOK_PUNCT) c->s0++;
  while (c->s1 > c->s0 && doc->toks[c->s1 - 1].kind == KR_TOK_PUNCT &&
         strchr(",(-–—:;", doc->text[doc->toks[c->s1 - 1].off]))
    c->s1--;
  return c->s1 > c->s0;
}

/* ---- tense of the clause around a token ---- */

static int form_tense(const kr_timex_rules *t, const kr_doc *doc, const tokinfo *ti, uint32_t j) {
  const kr_token *tk = &doc->toks[j];
  if (tk->tag && strcmp(tk->tag, "ign")) {
    if (!strncmp(tk->tag, "praet", 5)) return -1;
    if (!strncmp(tk->tag, "bedzie", 6)) return 1;
    if (!strncmp(tk->tag, "fin", 3)) return strstr(tk->tag, ":perf") ? 1 : 2;   /* 2: present */
    return 0;
  }
  if (t->future_cls >= 0 && member_of(t, ti[j].form, t->future_cls)) return 1;
  if (tk->kind != KR_TOK_WORD || tk->len < 3) return 0;
  const char *s = doc->text + tk->off;
  size_t n = tk->len;
  static const char *const past[] = {"ł", "ła", "ło", "li", "ły", "łem", "łam", "łeś", "łaś",
                                     "liśmy", "łyśmy", "liście", "łyście", "łom"};
  for (size_t k = 0; k < sizeof past / sizeof *past; k++) {
    size_t pn = strlen(past[k]);
    if (n > pn + 1 && !memcmp(s + n - pn, past[k], pn)) {
      if (pn == 2 && s[n - 2] == 'l' && (s[n - 1] == 'i')) {   /* "-li": only after a vowel */
        char v = s[n - 3];
        if (!strchr("aeiouy", v)) return 0;
      }
      return -1;
    }
  }
  return 0;
}

static int clause_break(const kr_doc *doc, uint32_t j) {
  const kr_token *tk = &doc->toks[j];
  if (tk->kind != KR_TOK_PUNCT) return 0;
  char c = doc->text[tk->off];
  return c == '.' || c == ';' || c == '!' || c == '?' || c == '(' || c == ')' || c == ':';
}

/* -1 past, +1 future, 0 present or unknown: the nearest verb of the clause
** (up to 12 tokens either side, not past . ; : ! ? or brackets). */
static int clause_tense(const matcher *M, uint32_t s0, uint32_t s1) {
  const kr_doc *doc = M->doc;
  uint32_t sent = doc->toks[s0].sent;
  int left_open = 1, right_open = 1;
  for (uint32_t d = 1; d <= 12 && (left_open || right_open); d++) {
    if (left_open && s0 >= d && doc->toks[s0 - d].sent == sent && !clause_break(doc, s0 - d)) {
      int v = form_tense(M->t, doc, M->ti, s0 - d);
      if (v) return v == 2 ? 0 : v;
    } else {
      left_open = 0;
    }
    uint32_t r = s1 - 1 + d;
    if (right_open && r < M->n && doc->toks[r].sent == sent && !clause_break(doc, r)) {
      int v = form_tense(M->t, doc, M->ti, r);
      if (v) return v == 2 ? 0 : v;
    } else {
      right_open = 0;
    }
  }
  return 0;
}

/* ---- the stage ------------------------------------------------------------------- */

static int cmp_cand(const void *a, const void *b) {
  const cand *x = a, *y = b;
  uint32_t lx = x->s1 - x->s0, ly = y->s1 - y->s0;
  if (lx != ly) return lx > ly ? -1 : 1;
  uint32_t mx = x->m1 - x->m0, my = y->m1 - y->m0;
  if (mx != my) return mx > my ? -1 : 1;
  if (x->rule != y->rule) return x->rule < y->rule ? -1 : 1;
  return x->s0 < y->s0 ? -1 : x->s0 > y->s0;
}

static int cmp_start(const void *a, const void *b) {
  const cand *x = a, *y = b;
  return x->s0 < y->s0 ? -1 : x->s0 > y->s0;
}

static int is_roman_token(const kr_doc *doc, const kr_token *tk) {
  if (tk->len > 5) return 0;
  for (uint32_t i = 0; i < tk->len; i++)
    if (!strchr("IVX", doc->text[tk->off + i])) return 0;
  return tk->len > 0;
}

static int32_t lookup_lower(const kr_timex_rules *t, const char *s, size_t n) {
  char low[96];
  size_t ln = lower_into(s, n, low, sizeof low);
  return ln ? lookup(t, low, ln) : -1;
}

int kr__timex_run(const kr_resources *res, kr_doc *doc, kr_error *err) {
  const kr_timex_rules *t = res ? res->timex : NULL;
  doc->timexes = NULL;
  doc->n_timexes = 0;
  if (!t || !doc->n_toks) return 0;
  kr_arena *A = doc->arena;
  uint32_t n = doc->n_toks;
  tokinfo *ti = kr__arena_alloc(A, (size_t)n * sizeof *ti);
  if (!ti) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  for (uint32_t i = 0; i < n; i++) {
    const kr_token *tk = &doc->toks[i];
    ti[i].form = tk->len < 64 ? lookup_lower(t, doc->text + tk->off, tk->len) : -1;
    ti[i].lemma = -1;
    if (tk->lemma && tk->lemma[0]) {
      size_t ln = strlen(tk->lemma);
      if (ln < 64 && (ln != tk->len || memcmp(tk->lemma, doc->text + tk->off, ln)))
        ti[i].lemma = lookup_lower(t, tk->lemma, ln);
      if (ti[i].lemma == ti[i].form) ti[i].lemma = -1;
    }
  }
  matcher M = {t, doc, ti, n};
  cand *cands = NULL;
  uint32_t n_c = 0, cap_c = 0;
  for (uint32_t i = 0; i < n; i++) {
    const kr_token *tk = &doc->toks[i];
    const uint32_t *lists[4];
    uint32_t lens[4], nl = 0;
    if (ti[i].form >= 0 && t->ents[ti[i].form].n_rules)
      lists[nl] = t->ents[ti[i].form].rules, lens[nl++] = t->ents[ti[i].form].n_rules;
    if (ti[i].lemma >= 0 && t->ents[ti[i].lemma].n_rules)
      lists[nl] = t->ents[ti[i].lemma].rules, lens[nl++] = t->ents[ti[i].lemma].n_rules;
    if ((tk->flags & KR_TOKF_DIGIT) && t->n_digit) lists[nl] = t->digit_rules, lens[nl++] = t->n_digit;
    if (t->n_roman && is_roman_token(doc, tk)) lists[nl] = t->roman_rules, lens[nl++] = t->n_roman;
    for (uint32_t l = 0; l < nl; l++) {
      for (uint32_t k = 0; k < lens[l]; k++) {
        if (n_c == cap_c) {
          cand *nc = kr__arena_grow(A, cands, &cap_c, 64, sizeof *cands);
          if (!nc) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
          cands = nc;
        }
        if (try_rule(&M, lists[l][k], i, &cands[n_c])) n_c++;
      }
    }
  }
  if (!n_c) return 0;
  /* Choose: longest spans first, no overlaps. */
  qsort(cands, n_c, sizeof *cands, cmp_cand);
  uint8_t *used = kr__arena_calloc(A, n, 1);
  if (!used) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  uint32_t n_keep = 0;
  for (uint32_t c = 0; c < n_c; c++) {
    int clash = 0;
    for (uint32_t j = cands[c].s0; j < cands[c].s1 && !clash; j++) clash = used[j];
    if (clash) continue;
    for (uint32_t j = cands[c].s0; j < cands[c].s1; j++) used[j] = 1;
    cands[n_keep++] = cands[c];
  }
  qsort(cands, n_keep, sizeof *cands, cmp_start);
  kr_timex *out = kr__arena_calloc(A, n_keep, sizeof *out);
  if (!out) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  kr_tx_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  if (doc->date && kr__tx_parse_date(doc->date, &ctx.doc_day)) {
    ctx.have_doc = 1;
    ctx.have_ref = 1;
    ctx.ref_day = ctx.doc_day;
  }
  uint32_t n_out = 0;
  for (uint32_t c = 0; c < n_keep; c++) {
    const cand *cd = &cands[c];
    const rule *r = &t->rules[cd->rule];
    char value[64];
    ctx.tense = 0;
    ctx.cur_sent = doc->toks[cd->s0].sent;
    unsigned h = cd->slots.has;
    if (r->action == KR_TXA_WEEKDAY || ((h >> KR_TX_WD) & 1u) ||
        (((h >> KR_TX_M) & 1u) && !(h & ((1u << KR_TX_Y) | (1u << KR_TX_YY) | (1u << KR_TX_REL)))))
      ctx.tense = clause_tense(&M, cd->s0, cd->s1);
    if (kr__tx_normalise(&ctx, r->action, r->arg, r->has_arg, r->lit, &cd->slots, value, sizeof value))
      continue;
    const kr_token *a = &doc->toks[cd->s0], *b = &doc->toks[cd->s1 - 1];
    kr_timex *x = &out[n_out];
    x->tok = cd->s0;
    x->n_toks = cd->s1 - cd->s0;
    x->start = a->start;
    x->end = b->end;
    x->text = kr__arena_strndup(A, doc->text + a->off, b->off + b->len - a->off);
    x->type = r->type;
    x->value = kr__arena_strndup(A, value, strlen(value));
    if (!x->text || !x->value) return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    n_out++;
  }
  doc->timexes = out;
  doc->n_timexes = n_out;
  return 0;
}
