/*
** kb.c — the knowledge base: the data/kb TSV files read once into hash indexes.
**
** Exports (resources.h): kr__kb_load/free, kr__kb_find and kr__kb_find_exact
** (name or variant → entry), kr__kb_name_start (may a word start a named
** event or product? for the entity layer's matcher), kr__kb_actor (entry + date → CAMEO actor code), kr__kb_role_holder
** ("premier" + "CHN" + date → person), kr__kb_country_of_word ("chiński",
** "Chińczyk", "Pekin" → country), kr__kb_agent ("rząd" → "GOV").
**
** Decisions:
** - Load speed (every `kronika analyze` pays it): the eight files are read
**   with one read() each into ONE anonymous mapping and tokenised in place
**   (tabs, line ends, '|' and '@' become NULs), so every string the KB hands
**   out points into that text. Byte counts of '\n', '|' and '@' bound every
**   array, which are carved from the same mapping (no per-row malloc);
**   indexes are open-addressing tables sized from the final key counts. The
**   mapping asks for 2 MB pages: first-touch page faults, not parsing, were
**   most of the time. Whole KB (~25k rows, 4.8 MB): 25–45 ms wall, ~14 MB
**   resident, on a busy 2-core VM.
** - Names: the name index holds every name_pl and variant (Polish and
**   English) with duplicates allowed (one slot per key × entry); a second
**   table keyed by the case-folded form answers only when the exact key
**   misses ("KOREA PÓŁNOCNA", "kcna"). Keys and queries are
**   whitespace-normalised (runs of spaces, tabs, NBSP → one space, trimmed).
** - Ranking when several entries share a name: the wanted type; then country
**   > place > organisation > named event > product > person > company;
**   then, among persons, the latest end of an office or actor period (an
**   open end counts as the file's current_asof, or "now" for hand-checked
**   rows); then hand-checked rows; then a match on the primary name.
** - Dates are compared as yyyymmdd integers. An open-ended office of a
**   source-only person (current_asof set, e.g. 2014-01-30) is treated as
**   ending one year after current_asof: older sources cannot vouch for later
**   office-holders. Hand-checked rows (empty current_asof) stay open.
** - Role words (roles.tsv): a country override row for (role, country)
**   replaces the generic words of that role for that country ("premier"
**   does not name Germany's chancellor, "przywódca" is not Iran's
**   president). When no role matches that way, the generic words are tried.
** - Country words: the adjective, the demonyms and the capital under each of
**   its names (capital_pl, capital_variants_pl — other Polish names and
**   seats of government such as "Haga" —, capital_en: "Tallinn", "Kyiv").
** - Country words shared by two countries
**   ("Koreańczyk": PRK and KOR) resolve to the UN member when exactly one
**   is, else to nothing.
**
** Thread-safety: read-only after kr__kb_load returns; any number of threads
** may query one kr_kb. Errors: KR_EDATA ("kb/persons.tsv:812: bad date
** '2021-13-01' in roles"), KR_EIO, KR_ENOMEM. A data directory without kb/
** gives *out = NULL and 0 (the entity layer then runs unlinked).
*/
#include "resources.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#define NONE UINT32_MAX
#define AMBIG (UINT32_MAX - 1)
#define OPEN_END UINT32_MAX
#define GRACE 10000u          /* one year in yyyymmdd arithmetic */
#define MAX_COLS 32
#define MAX_ROLES 64
#define MAX_KEY 512           /* longest query name, bytes */

/* Category, in find's order of prominence. */
enum { CAT_COUNTRY, CAT_PLACE, CAT_ORG, CAT_EVENT, CAT_PRODUCT, CAT_PERSON, CAT_COMPANY };

typedef struct ent {
  kr_kb_entry pub;       /* first member: kr_kb_entry * casts back to ent * */
  uint32_t r0, nr;       /* office records roles[r0 .. r0+nr) */
  uint32_t p0, np;       /* actor periods periods[p0 .. p0+np) */
  uint32_t latest;       /* latest end of an office/period (ranking); 0 = none */
  const char *eli;       /* persons with dated offices: code outside them ("POLELI") */
  uint8_t cat;           /* CAT_* */
  uint8_t manual;        /* hand-checked row (sources contain "manual") */
} ent;

typedef struct role {
  const char *ctry;      /* ISO3, or an IGO actor code */
  const char *code;      /* actor code while in force (interned) */
  uint32_t start, end;   /* yyyymmdd; start 0 = unknown; end = effective end */
  uint32_t person;       /* index into ents */
  uint32_t next;         /* next record of the same (role, ctry), or NONE */
  uint8_t id;            /* index into role_names */
  uint8_t open;          /* no end date in the data */
} role;

typedef struct period {
  const char *code;      /* "CHNGOV", "USAELI" */
  uint32_t start, end;   /* as in role */
  uint8_t open;
} period;

typedef struct rrow {    /* one row of roles.tsv */
  const char *ctry;      /* override country/IGO code, or NULL = generic */
  const char *agent;     /* "GOV", "PTY"… */
  uint32_t w0, nw;       /* words[w0 .. w0+nw) */
  uint8_t id;            /* role name index */
} rrow;

typedef struct slot {
  const char *key;       /* NULL = empty */
  uint32_t hash, val;
} slot;

typedef struct table {
  slot *s;
  uint32_t mask, n;      /* capacity - 1, used slots */
} table;

typedef struct keyrec { const char *key; uint32_t val; } keyrec;

/* An anonymous mapping carved by a bump pointer; fresh pages are zero. */
typedef struct region {
  void *map;             /* the mapping, for munmap */
  size_t map_len;
  char *base;            /* 2 MB-aligned start */
  size_t len, used, top; /* [0, used) and [top, len) are handed out */
} region;

struct kr_kb {
  region mem;                      /* file text (tokenised in place), then the rest */
  region extra;                    /* for the rest when mem's reserve is too small */
  region *r;                       /* &mem or &extra */
  char *buf;                       /* the text, at mem.base */
  ent *ents;          uint32_t n_ents;
  role *roles;        uint32_t n_roles, cap_roles;
  period *periods;    uint32_t n_periods, cap_periods;
  rrow *rrows;        uint32_t n_rrows;
  const char **words; uint32_t n_words;           /* role words of rrows */
  const char **agent_code;                        /* agents.tsv codes, by table val */
  const char *role_names[MAX_ROLES];
  uint32_t role_hash[MAX_ROLES];
  uint8_t role_prio[MAX_ROLES];                   /* lower = weightier office */
  uint8_t role_has_override[MAX_ROLES];           /* roles.tsv has country rows */
  const char *role_generic_agent[MAX_ROLES];      /* roles.tsv generic row's agent */
  uint32_t n_role_names;
  table names;       /* exact name/variant → ent (several slots per key) */
  table folded;      /* case-folded name/variant → ent */
  table cwords;      /* adjective/demonym/capital → country ent, or AMBIG */
  table agents;      /* agent lemma → index into agent_code */
  table holders;     /* (role id, ctry) → first role record */
  table codes;       /* interned actor codes (strings in arena) */
  table starts;      /* folded first word (and its stem) of EVT/PRO names → most words */
  table surnames;    /* last word of an office holder's name → first ent, chained by next_sur */
  uint32_t *next_sur;
  kr_arena *arena;
  uint8_t *un_member;                             /* per ent (countries) */
};

/* ---- strings ----------------------------------------------------------- */

static uint32_t mix(uint32_t h) {
  h ^= h >> 16; h *= 0x85ebca6bu; h ^= h >> 13; h *= 0xc2b2ae35u; h ^= h >> 16;
  return h;
}

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 16777619u;
  return mix(h);
}

/* Next code point of NUL-terminated text; a byte that does not start a
** valid sequence comes back as 0x110000 + byte and advances one byte. */
static int32_t next_cp(const unsigned char **pp) {
  const unsigned char *p = *pp;
  int32_t c = p[0];
  if (c < 0x80) { *pp = p + 1; return c; }
  int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (n == 0) { *pp = p + 1; return 0x110000 + c; }
  int32_t cp = c & (0x3F >> n);
  for (int i = 1; i <= n; i++) {
    if ((p[i] & 0xC0) != 0x80) { *pp = p + 1; return 0x110000 + c; }
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  *pp = p + n + 1;
  return cp;
}

static int32_t fold_cp(int32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  return cp < 0x110000 ? utf8proc_tolower(cp) : cp;
}

static uint32_t hash_fold(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  uint32_t h = 2166136261u;
  while (*p) h = (h ^ (uint32_t)fold_cp(next_cp(&p))) * 16777619u;
  return mix(h);
}

static bool fold_eq(const char *a, const char *b) {
  const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
  while (*p && *q)
    if (fold_cp(next_cp(&p)) != fold_cp(next_cp(&q))) return false;
  return !*p && !*q;
}

/* Byte length of the whitespace character at p (ASCII, NBSP, U+2000–200A,
** U+202F, U+205F, U+3000), or 0. */
static int ws_len(const unsigned char *p) {
  if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f') return 1;
  if (p[0] == 0xC2 && p[1] == 0xA0) return 2;
  if (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xAF)) return 3;
  if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F) return 3;
  if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return 3;
  return 0;
}

/* Copies src to dst (may be the same) trimmed, with each whitespace run made
** one space. Returns the length, or SIZE_MAX when it needs more than cap-1. */
static size_t norm_ws(char *dst, const char *src, size_t cap) {
  const unsigned char *p = (const unsigned char *)src;
  size_t n = 0;
  bool space = false;
  while (*p) {
    int w = ws_len(p);
    if (w) { space = n > 0; p += w; continue; }
    if (space) {
      if (n + 1 >= cap) return SIZE_MAX;
      dst[n++] = ' ';
      space = false;
    }
    if (n + 1 >= cap) return SIZE_MAX;
    dst[n++] = (char)*p++;
  }
  dst[n] = '\0';
  return n;
}

static void norm_in_place(char *s) { (void)norm_ws(s, s, SIZE_MAX); }

/* Splits the next '|'-separated value off *pp in place; NULL at the end. */
static char *next_value(char **pp) {
  char *s = *pp;
  if (!s) return NULL;
  char *bar = strchr(s, '|');
  if (bar) { *bar = '\0'; *pp = bar + 1; } else *pp = NULL;
  return s;
}

/* ---- dates --------------------------------------------------------------- */

static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" → yyyymmdd. A partial end date covers
** its whole year/month (…1299, …mm99) so that `date < end` includes it.
** Empty: start → 0, end → OPEN_END. Returns -1 when malformed. */
static int parse_date(const char *s, bool is_end, uint32_t *out) {
  size_t len = strlen(s);
  if (len == 0) { *out = is_end ? OPEN_END : 0; return 0; }
  if (len != 4 && len != 7 && len != 10) return -1;
  int y = digits(s, 4), m = 0, d = 0;
  if (y < 0) return -1;
  if (len >= 7) {
    if (s[4] != '-' || (m = digits(s + 5, 2)) < 1 || m > 12) return -1;
  }
  if (len == 10) {
    if (s[7] != '-' || (d = digits(s + 8, 2)) < 1 || d > 31) return -1;
  }
  if (len == 4) { m = is_end ? 12 : 1; d = is_end ? 99 : 1; }
  else if (len == 7) d = is_end ? 99 : 1;
  *out = (uint32_t)(y * 10000 + m * 100 + d);
  return 0;
}

/* A query date: "YYYY-MM-DD" (anything after it, e.g. a time, is ignored),
** "YYYY-MM" or "YYYY" (first day). NULL or unreadable → *latest = true. */
static uint32_t query_date(const char *s, bool *latest) {
  *latest = true;
  if (!s) return 0;
  int y = digits(s, 4), m = 1, d = 1;
  if (y < 0) return 0;
  if (s[4] == '-') {
    if ((m = digits(s + 5, 2)) < 1 || m > 12) return 0;
    if (s[7] == '-' && ((d = digits(s + 8, 2)) < 1 || d > 31)) return 0;
  }
  *latest = false;
  return (uint32_t)(y * 10000 + m * 100 + d);
}

/* ---- hash tables ----------------------------------------------------------- */

/* ---- memory ------------------------------------------------------------------ */

#define HUGE_PAGE ((size_t)2 << 20)

/* Reserves len bytes (untouched pages cost nothing). Large pages are asked
** for: on a VM a page fault costs ~15 µs, and the KB touches ~2,800 small
** pages — most of the load time — against a handful of 2 MB ones. */
static int region_map(region *r, size_t len) {
  len = (len + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
  r->map_len = len + HUGE_PAGE;
  r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                -1, 0);
  if (r->map == MAP_FAILED) { r->map = NULL; return KR_ENOMEM; }
  r->base = (char *)(((uintptr_t)r->map + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
  r->len = r->top = len;
  r->used = 0;
#ifdef MADV_HUGEPAGE
  (void)madvise(r->base, len, MADV_HUGEPAGE);   /* advice only: failure is harmless */
#endif
  return 0;
}

static void region_unmap(region *r) {
  if (r->map) munmap(r->map, r->map_len);
  r->map = NULL;
}

/* Zeroed, 16-byte aligned; NULL when the reservation is exhausted. */
static void *region_alloc(region *r, size_t n, size_t size) {
  if (size && n > (SIZE_MAX - 15) / size) return NULL;
  size_t bytes = (n * size + 15) & ~(size_t)15;
  if (bytes > r->top - r->used) return NULL;
  void *p = r->base + r->used;
  r->used += bytes;
  return p;
}

/* The same from the top end, for scratch arrays whose bound is loose. */
static void *region_alloc_top(region *r, size_t n, size_t size) {
  if (size && n > (SIZE_MAX - 15) / size) return NULL;
  size_t bytes = (n * size + 15) & ~(size_t)15;
  if (bytes > r->top - r->used) return NULL;
  r->top -= bytes;
  return r->base + r->top;
}

static uint32_t table_cap(size_t n) {
  uint32_t cap = 16;
  while (cap < n + n / 2 + 1) cap <<= 1;
  return cap;
}

/* A table for n keys, from region r (or the heap when r is NULL). */
static int table_init(table *t, uint32_t n, region *r) {
  uint32_t cap = table_cap(n);
  t->s = r ? region_alloc(r, cap, sizeof *t->s) : calloc(cap, sizeof *t->s);
  t->mask = cap - 1;
  t->n = 0;
  return t->s ? 0 : KR_ENOMEM;
}

/* Name tables: one slot per distinct (key, val). */
static void multi_insert(table *t, const char *key, uint32_t h, uint32_t val, bool fold) {
  for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
    slot *s = &t->s[i];
    if (!s->key) { s->key = key; s->hash = h; s->val = val; t->n++; return; }
    if (s->hash == h && s->val == val && (fold ? fold_eq(s->key, key) : !strcmp(s->key, key)))
      return;
  }
}

static slot *single_find(const table *t, const char *key, uint32_t h) {
  if (!t->s) return NULL;
  for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
    slot *s = &t->s[i];
    if (!s->key) return NULL;
    if (s->hash == h && !strcmp(s->key, key)) return s;
  }
}

/* Inserts key → val unless the key is present; returns its slot. */
static slot *single_insert(table *t, const char *key, uint32_t h, uint32_t val) {
  for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
    slot *s = &t->s[i];
    if (!s->key) { s->key = key; s->hash = h; s->val = val; t->n++; return s; }
    if (s->hash == h && !strcmp(s->key, key)) return s;
  }
}

/* ---- loading: files and rows ------------------------------------------------- */

enum { F_ROLES, F_AGENTS, F_COUNTRIES, F_PLACES, F_ORGS, F_EVENTS, F_PRODUCTS, F_PERSONS, F__N };
static const char *const FILES[F__N] = {"roles.tsv", "agents.tsv", "countries.tsv",
                                        "places.tsv", "organizations.tsv", "events_named.tsv",
                                        "products.tsv", "persons.tsv"};

typedef struct tsv {
  const char *name;           /* "persons.tsv", for messages */
  char *base, *p, *end;       /* the file's text in kb->buf; cursor; end (a NUL) */
  uint32_t line;              /* line number of the current row */
  int ncol;
  char *hdr[MAX_COLS];
  char *cell[MAX_COLS];
  kr_error *err;
} tsv;

static int tsv_fail(tsv *t, const char *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int tsv_fail(tsv *t, const char *at, const char *fmt, ...) {
  char what[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return kr__err_set(t->err, KR_EDATA, at ? (uint64_t)(at - t->base) : 0, t->line,
                     "kb/%s:%u: %s", t->name, (unsigned)t->line, what);
}

/* Cuts the next line; NULL at the end of the file. */
static char *tsv_line(tsv *t) {
  if (t->p >= t->end) return NULL;
  char *s = t->p, *nl = memchr(s, '\n', (size_t)(t->end - s));
  char *e = nl ? nl : t->end;
  *e = '\0';
  if (e > s && e[-1] == '\r') e[-1] = '\0';
  t->p = nl ? nl + 1 : t->end;
  t->line++;
  return s;
}

static int split_cells(char *s, char **cells) {
  int n = 0;
  for (;;) {
    char *tab = strchr(s, '\t');
    if (n < MAX_COLS) cells[n] = s;
    n++;
    if (!tab) break;
    *tab = '\0';
    s = tab + 1;
  }
  return n;
}

/* Reads the header (after '#' comment lines). */
static int tsv_open(tsv *t, const char *name, char *text, size_t len, kr_error *err) {
  memset(t, 0, sizeof *t);
  t->name = name;
  t->base = t->p = text;
  t->end = text + len;
  t->err = err;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) t->p += 3;
  char *s;
  while ((s = tsv_line(t)) && (*s == '#' || *s == '\0')) {}
  if (!s) return tsv_fail(t, NULL, "no header line");
  t->ncol = split_cells(s, t->hdr);
  if (t->ncol > MAX_COLS) return tsv_fail(t, s, "more than 32 columns");
  return 0;
}

static int tsv_col(tsv *t, const char *col) {
  for (int i = 0; i < t->ncol; i++)
    if (!strcmp(t->hdr[i], col)) return i;
  return -1;
}

/* Finds the named columns; idx[i] receives the index of cols[i]. */
static int tsv_cols(tsv *t, const char *const *cols, int *idx, int n) {
  for (int i = 0; i < n; i++)
    if ((idx[i] = tsv_col(t, cols[i])) < 0) {
      return tsv_fail(t, NULL, "missing column '%s'", cols[i]);
    }
  return 0;
}

/* Next data row into t->cell; 1 = row, 0 = end, <0 = error. */
static int tsv_next(tsv *t) {
  char *s;
  while ((s = tsv_line(t)) && (*s == '#' || *s == '\0')) {}
  if (!s) return 0;
  int n = split_cells(s, t->cell);
  if (n != t->ncol) {
    return tsv_fail(t, s, "expected %d tab-separated columns, found %d", t->ncol, n);
  }
  return 1;
}

static size_t count_lines(const char *s, const char *end) {
  size_t n = 1;
  while ((s = memchr(s, '\n', (size_t)(end - s)))) { n++; s++; }
  return n;
}

/* ---- loading: building ------------------------------------------------------ */

typedef struct loader {
  kr_kb *kb;
  keyrec *keys;   uint32_t n_keys, cap_keys;   /* names and variants */
  keyrec *cw;     uint32_t n_cw, cap_cw;       /* country words */
  kr_error *err;
} loader;

static int push_key(keyrec **arr, uint32_t *n, uint32_t *cap, const char *key, uint32_t val) {
  if (*n == *cap) return KR_ELIMIT;    /* the counted bound is exact-or-over */
  (*arr)[(*n)++] = (keyrec){key, val};
  return 0;
}

/* Adds every '|'-separated value of cell as a key of ent `val`. */
static int add_keys(keyrec **arr, uint32_t *n, uint32_t *cap, char *cell, uint32_t val) {
  char *v, *rest = cell;
  while ((v = next_value(&rest))) {
    norm_in_place(v);
    if (*v && push_key(arr, n, cap, v, val)) return KR_ELIMIT;
  }
  return 0;
}

static int role_id(kr_kb *kb, const char *name) {
  static const char *const PRIO[] = {
      "head_of_state", "head_of_government", "leader", "pope", "vice_president",
      "deputy_head_of_government", "foreign_minister", "defense_minister", "interior_minister",
      "finance_minister", "minister", "head_of_organization", "secretary_general",
      "central_bank_governor", "military_chief", "party_leader", "opposition_leader", "speaker",
      "governor", "mayor", "spokesperson", "official"};
  uint32_t h = hash_str(name);
  for (uint32_t i = 0; i < kb->n_role_names; i++)
    if (kb->role_hash[i] == h && !strcmp(kb->role_names[i], name)) return (int)i;
  if (kb->n_role_names == MAX_ROLES) return -1;
  uint32_t id = kb->n_role_names++;
  kb->role_names[id] = name;
  kb->role_hash[id] = h;
  kb->role_prio[id] = 200;
  for (size_t i = 0; i < sizeof PRIO / sizeof *PRIO; i++)
    if (!strcmp(PRIO[i], name)) kb->role_prio[id] = (uint8_t)i;
  return (int)id;
}

static const char *intern(kr_kb *kb, const char *s) {
  table *t = &kb->codes;
  uint32_t h = hash_str(s);
  slot *hit = single_find(t, s, h);
  if (hit) return hit->key;
  if ((t->n + 1) * 2 > t->mask + 1) {           /* grow */
    table nt;
    if (table_init(&nt, (t->mask + 1) * 2, NULL)) return NULL;
    for (uint32_t i = 0; i <= t->mask; i++)
      if (t->s[i].key) single_insert(&nt, t->s[i].key, t->s[i].hash, 0);
    free(t->s);
    *t = nt;
  }
  char *copy = kr__arena_strndup(kb->arena, s, strlen(s));
  if (!copy) return NULL;
  return single_insert(t, copy, h, 0)->key;
}

/* The agent of a role in a country: the override row's, else the generic's. */
static const char *role_agent(const kr_kb *kb, uint8_t id, const char *ctry) {
  const char *generic = kb->role_generic_agent[id];
  if (!kb->role_has_override[id]) return generic ? generic : "GOV";
  for (uint32_t i = 0; i < kb->n_rrows; i++) {
    const rrow *r = &kb->rrows[i];
    if (r->id != id) continue;
    if (r->ctry && ctry && !strcmp(r->ctry, ctry)) return r->agent;
    if (!r->ctry && !generic) generic = r->agent;
  }
  return generic ? generic : "GOV";
}

static int load_roles(loader *L, tsv *t) {
  static const char *const COLS[] = {"role", "country", "words_pl", "agent"};
  int c[4] = {0}, rc;
  kr_kb *kb = L->kb;
  if ((rc = tsv_cols(t, COLS, c, 4))) return rc;
  size_t lines = count_lines(t->p, t->end), bars = 0;
  for (const char *q = t->p; q < t->end; q++) bars += *q == '|';
  kb->rrows = region_alloc(kb->r, lines, sizeof *kb->rrows);
  kb->words = region_alloc(kb->r, lines + bars, sizeof *kb->words);
  if (!kb->rrows || !kb->words) return KR_ENOMEM;
  while ((rc = tsv_next(t)) == 1) {
    rrow *r = &kb->rrows[kb->n_rrows];
    if (!*t->cell[c[0]]) return tsv_fail(t, t->cell[c[0]], "empty role");
    int id = role_id(kb, t->cell[c[0]]);
    if (id < 0) return tsv_fail(t, t->cell[c[0]], "more than 64 role names");
    if (!*t->cell[c[3]]) return tsv_fail(t, t->cell[c[3]], "empty agent");
    r->id = (uint8_t)id;
    r->ctry = *t->cell[c[1]] ? t->cell[c[1]] : NULL;
    r->agent = t->cell[c[3]];
    r->w0 = kb->n_words;
    char *v, *rest = t->cell[c[2]];
    while ((v = next_value(&rest))) {
      norm_in_place(v);
      if (*v) kb->words[kb->n_words++] = v;
    }
    r->nw = kb->n_words - r->w0;
    if (r->ctry) kb->role_has_override[id] = 1;
    else if (!kb->role_generic_agent[id]) kb->role_generic_agent[id] = r->agent;
    kb->n_rrows++;
  }
  return rc;
}

static int load_agents(loader *L, tsv *t) {
  static const char *const COLS[] = {"lemma", "agent"};
  int c[2] = {0, 0}, rc;
  kr_kb *kb = L->kb;
  if ((rc = tsv_cols(t, COLS, c, 2))) return rc;
  size_t lines = count_lines(t->p, t->end);
  kb->agent_code = region_alloc(kb->r, lines, sizeof *kb->agent_code);
  if (!kb->agent_code || table_init(&kb->agents, (uint32_t)lines, kb->r)) return KR_ENOMEM;
  while ((rc = tsv_next(t)) == 1) {
    char *lemma = t->cell[c[0]], *agent = t->cell[c[1]];
    norm_in_place(lemma);
    if (!*lemma || !*agent) return tsv_fail(t, lemma, "empty lemma or agent");
    uint32_t n = kb->agents.n;
    (void)single_insert(&kb->agents, lemma, hash_str(lemma), n);
    if (kb->agents.n != n) kb->agent_code[n] = agent;  /* first row of a lemma wins */
  }
  return rc;
}

static ent *new_ent(kr_kb *kb, uint8_t cat, uint8_t type) {
  ent *e = &kb->ents[kb->n_ents++];
  memset(e, 0, sizeof *e);
  e->cat = cat;
  e->pub.type = type;
  return e;
}

static const char *opt_str(char *s) { return *s ? s : NULL; }

static int load_countries(loader *L, tsv *t) {
  static const char *const COLS[] = {"id", "cameo", "name_pl", "official_pl", "variants_pl",
                                     "names_en", "capital_pl", "adj_pl", "demonym_m_pl",
                                     "demonym_f_pl", "demonym_plural_pl", "un_member", "capital_en"};
  int c[14] = {0}, rc;
  kr_kb *kb = L->kb;
  if ((rc = tsv_cols(t, COLS, c, 13))) return rc;
  c[13] = tsv_col(t, "capital_variants_pl");      /* optional: older files lack it */
  while ((rc = tsv_next(t)) == 1) {
    char **cl = t->cell;
    if (!*cl[c[0]] || !*cl[c[2]] || strlen(cl[c[1]]) != 3)
      return tsv_fail(t, cl[c[0]], "empty id or name_pl, or cameo not 3 letters");
    uint32_t idx = kb->n_ents;
    ent *e = new_ent(kb, CAT_COUNTRY, KR_ENT_LOC);
    e->manual = 1;
    e->pub.id = cl[c[0]];
    norm_in_place(cl[c[2]]);
    e->pub.name = cl[c[2]];
    e->pub.country = e->pub.actor = cl[c[1]];
    kb->un_member[idx] = cl[c[11]][0] == '1';
    for (int k = 2; k <= 5; k++)
      if ((rc = add_keys(&L->keys, &L->n_keys, &L->cap_keys, cl[c[k]], idx))) return rc;
    for (int k = 6; k <= 13; k++)     /* capital (all its names), adjective, demonyms */
      if (k != 11 && c[k] >= 0 && (rc = add_keys(&L->cw, &L->n_cw, &L->cap_cw, cl[c[k]], idx))) return rc;
  }
  return rc;
}

/* places, organizations, events_named, products. */
static int load_named(loader *L, tsv *t, int file) {
  static const char *const COLS[] = {"id", "type", "name_pl", "variants_pl", "names_en", "actor"};
  static const char *const TYPE[] = {[F_PLACES] = "LOC", [F_ORGS] = "ORG", [F_EVENTS] = "EVT",
                                     [F_PRODUCTS] = "PRO"};
  int c[6] = {0}, rc, c_country = -1, c_kind = -1, c_sources = -1, c_dates[2] = {-1, -1};
  kr_kb *kb = L->kb;
  if ((rc = tsv_cols(t, COLS, c, 6))) return rc;
  if (file == F_PLACES || file == F_ORGS) {
    static const char *const MORE[] = {"country", "kind", "sources"};
    int m[3] = {0, 0, 0};
    if ((rc = tsv_cols(t, MORE, m, 3))) return rc;
    c_country = m[0], c_kind = m[1], c_sources = m[2];
  } else {
    static const char *const MORE[] = {"start", "end"};
    if ((rc = tsv_cols(t, MORE, c_dates, 2))) return rc;
  }
  uint8_t cat = file == F_PLACES ? CAT_PLACE : file == F_ORGS ? CAT_ORG
              : file == F_EVENTS ? CAT_EVENT : CAT_PRODUCT;
  uint8_t type = file == F_PLACES ? KR_ENT_LOC : file == F_ORGS ? KR_ENT_ORG
               : file == F_EVENTS ? KR_ENT_EVT : KR_ENT_PRO;
  while ((rc = tsv_next(t)) == 1) {
    char **cl = t->cell;
    if (!*cl[c[0]] || !*cl[c[2]]) return tsv_fail(t, cl[c[0]], "empty id or name_pl");
    if (strcmp(cl[c[1]], TYPE[file]))
      return tsv_fail(t, cl[c[1]], "type '%s', expected %s", cl[c[1]], TYPE[file]);
    uint32_t idx = kb->n_ents;
    ent *e = new_ent(kb, cat, type);
    e->pub.id = cl[c[0]];
    norm_in_place(cl[c[2]]);
    e->pub.name = cl[c[2]];
    e->pub.actor = opt_str(cl[c[5]]);
    if (c_country >= 0) {
      e->pub.country = opt_str(cl[c_country]);
      if (file == F_ORGS && !strcmp(cl[c_kind], "company")) e->cat = CAT_COMPANY;
      e->manual = strstr(cl[c_sources], "manual") != NULL;
    } else {
      uint32_t d;
      e->manual = 1;
      for (int k = 0; k < 2; k++)
        if (parse_date(cl[c_dates[k]], k == 1, &d))
          return tsv_fail(t, cl[c_dates[k]], "bad date '%s' in %s", cl[c_dates[k]],
                          k ? "end" : "start");
    }
    for (int k = 2; k <= 4; k++)
      if ((rc = add_keys(&L->keys, &L->n_keys, &L->cap_keys, cl[c[k]], idx))) return rc;
  }
  return rc;
}

/* Splits s on '@' into exactly n parts; false when the count differs. */
static bool split_at(char *s, char **parts, int n) {
  int k = 0;
  parts[k++] = s;
  for (char *p = s; *p; p++)
    if (*p == '@') {
      if (k == n) return false;
      *p = '\0';
      parts[k++] = p + 1;
    }
  return k == n;
}

/* REIGN's "leader" of some countries is the president or prime minister of
** the day; merged into a hand-checked row it could stay open after that
** office ended (Hasan Rowhani: head_of_state@IRN@2013-08-03@2021-08-03 but
** leader@IRN@2013-08-03@). tools/kbgen.py now closes such roles itself; this
** stays as a guard for hand-edited or older files: an open leader role that
** started with another, ended office of the same country ends with it. */
static void close_mirrored_leader(kr_kb *kb, ent *e) {
  for (uint32_t i = e->r0; i < e->r0 + e->nr; i++) {
    role *r = &kb->roles[i];
    if (!r->open || strcmp(kb->role_names[r->id], "leader")) continue;
    for (uint32_t j = e->r0; j < e->r0 + e->nr; j++) {
      const role *q = &kb->roles[j];
      if (j != i && !q->open && q->start == r->start && !strcmp(q->ctry, r->ctry)) {
        r->end = q->end;
        r->open = 0;
        break;
      }
    }
  }
}

static int load_persons(loader *L, tsv *t) {
  static const char *const COLS[] = {"id",    "type",          "name_pl",      "variants",
                                     "country", "actor",       "roles",        "actor_periods",
                                     "current_asof", "sources"};
  int c[10] = {0}, rc;
  kr_kb *kb = L->kb;
  if ((rc = tsv_cols(t, COLS, c, 10))) return rc;
  while ((rc = tsv_next(t)) == 1) {
    char **cl = t->cell, *v, *rest;
    if (!*cl[c[0]] || !*cl[c[2]]) return tsv_fail(t, cl[c[0]], "empty id or name_pl");
    if (strcmp(cl[c[1]], "PER"))
      return tsv_fail(t, cl[c[1]], "type '%s', expected %s", cl[c[1]], "PER");
    uint32_t asof, idx = kb->n_ents;
    if (parse_date(cl[c[8]], false, &asof))
      return tsv_fail(t, cl[c[8]], "bad date '%s' in %s", cl[c[8]], "current_asof");
    uint32_t open_end = asof ? asof + GRACE : OPEN_END, open_rank = asof ? asof : OPEN_END;
    ent *e = new_ent(kb, CAT_PERSON, KR_ENT_PER);
    e->pub.id = cl[c[0]];
    norm_in_place(cl[c[2]]);
    e->pub.name = cl[c[2]];
    e->pub.country = opt_str(cl[c[4]]);
    e->pub.actor = opt_str(cl[c[5]]);
    e->manual = strstr(cl[c[9]], "manual") != NULL;
    e->r0 = kb->n_roles;
    for (rest = *cl[c[6]] ? cl[c[6]] : NULL; (v = next_value(&rest));) {
      char *part[4], *at = v;
      if (!split_at(v, part, 4) || !*part[0] || !*part[1])
        return tsv_fail(t, at, "bad office '%s' in roles (want role@COUNTRY@start@end)", at);
      if (kb->n_roles == kb->cap_roles) return KR_ELIMIT;
      role *r = &kb->roles[kb->n_roles];
      int id = role_id(kb, part[0]);
      if (id < 0) return tsv_fail(t, at, "more than 64 role names");
      for (int k = 2; k < 4; k++)
        if (parse_date(part[k], k == 3, k == 2 ? &r->start : &r->end))
          return tsv_fail(t, part[k], "bad date '%s' in roles (office %s)", part[k], part[0]);
      r->id = (uint8_t)id;
      r->ctry = part[1];
      r->person = idx;
      r->next = NONE;
      r->open = r->end == OPEN_END;
      if (r->open) r->end = open_end;
      char code[64];
      size_t clen = strlen(r->ctry);
      if (clen >= 32) return tsv_fail(t, at, "office country code '%s' too long", r->ctry);
      memcpy(code, r->ctry, clen + 1);
      if (clen == 3) {   /* a country: country + agent ("CHN" + "GOV"); else an IGO code */
        const char *ag = role_agent(kb, r->id, r->ctry);
        size_t al = strlen(ag);
        if (al >= 32) return tsv_fail(t, at, "agent '%s' too long", ag);
        memcpy(code + 3, ag, al + 1);
      }
      if (!(r->code = intern(kb, code))) return KR_ENOMEM;
      kb->n_roles++;
    }
    e->nr = kb->n_roles - e->r0;
    e->p0 = kb->n_periods;
    for (rest = *cl[c[7]] ? cl[c[7]] : NULL; (v = next_value(&rest));) {
      char *part[3], *at = v;
      if (!split_at(v, part, 3) || !*part[0])
        return tsv_fail(t, at, "bad period '%s' in actor_periods (want CODE@start@end)", at);
      if (kb->n_periods == kb->cap_periods) return KR_ELIMIT;
      period *p = &kb->periods[kb->n_periods];
      for (int k = 1; k < 3; k++)
        if (parse_date(part[k], k == 2, k == 1 ? &p->start : &p->end))
          return tsv_fail(t, part[k], "bad date '%s' in actor_periods (%s)", part[k], part[0]);
      p->code = part[0];
      p->open = p->end == OPEN_END;
      if (p->open) p->end = open_end;
      kb->n_periods++;
    }
    e->np = kb->n_periods - e->p0;
    if ((e->nr || e->np) && e->pub.country && strlen(e->pub.country) == 3) {
      char code[8];
      memcpy(code, e->pub.country, 3);
      memcpy(code + 3, "ELI", 4);
      if (!(e->eli = intern(kb, code))) return KR_ENOMEM;
    }
    if (!asof) close_mirrored_leader(kb, e);
    for (uint32_t i = e->r0; i < e->r0 + e->nr; i++) {
      uint32_t rank = kb->roles[i].open ? open_rank : kb->roles[i].end;
      if (rank > e->latest) e->latest = rank;
    }
    for (uint32_t i = e->p0; i < e->p0 + e->np; i++) {
      uint32_t rank = kb->periods[i].open ? open_rank : kb->periods[i].end;
      if (rank > e->latest) e->latest = rank;
    }
    if ((rc = add_keys(&L->keys, &L->n_keys, &L->cap_keys, cl[c[2]], idx))) return rc;
    if ((rc = add_keys(&L->keys, &L->n_keys, &L->cap_keys, cl[c[3]], idx))) return rc;
  }
  return rc;
}

static int build_indexes(loader *L) {
  kr_kb *kb = L->kb;
  if (table_init(&kb->names, L->n_keys, kb->r) || table_init(&kb->folded, L->n_keys, kb->r) ||
      table_init(&kb->cwords, L->n_cw, kb->r) || table_init(&kb->holders, kb->n_roles, kb->r))
    return KR_ENOMEM;
  for (uint32_t i = 0; i < L->n_keys; i++) {
    const keyrec *k = &L->keys[i];
    multi_insert(&kb->names, k->key, hash_str(k->key), k->val, false);
    multi_insert(&kb->folded, k->key, hash_fold(k->key), k->val, true);
  }
  for (uint32_t i = 0; i < L->n_cw; i++) {
    const keyrec *k = &L->cw[i];
    slot *s = single_insert(&kb->cwords, k->key, hash_str(k->key), k->val);
    if (s->val == k->val || s->val == AMBIG) continue;
    /* shared by two countries: the UN member if exactly one is */
    uint8_t a = kb->un_member[s->val], b = kb->un_member[k->val];
    s->val = a == b ? AMBIG : a ? s->val : k->val;
  }
  for (uint32_t i = 0; i < kb->n_roles; i++) {   /* chains keep file order reversed */
    role *r = &kb->roles[i];
    uint32_t h = mix(hash_str(r->ctry) + r->id);
    table *t = &kb->holders;
    for (uint32_t j = h & t->mask;; j = (j + 1) & t->mask) {
      slot *s = &t->s[j];
      if (!s->key) { s->key = r->ctry; s->hash = h; s->val = i; t->n++; break; }
      const role *head = &kb->roles[s->val];
      if (s->hash == h && head->id == r->id && !strcmp(head->ctry, r->ctry)) {
        r->next = s->val;
        s->val = i;
        break;
      }
    }
  }
  return 0;
}

/* ---- surnames of office holders ------------------------------------------------- */

/* "Zełenski", "Macron": the last word of the name of every person with an
** office, chained per surname (kr__kb_holder_by_surname). */
static int build_surnames(kr_kb *kb) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < kb->n_ents; i++) n += kb->ents[i].cat == CAT_PERSON && kb->ents[i].nr;
  if (!n) return 0;
  if (table_init(&kb->surnames, n, NULL) || !(kb->next_sur = malloc(kb->n_ents * sizeof *kb->next_sur)))
    return KR_ENOMEM;
  for (uint32_t i = 0; i < kb->n_ents; i++) {
    const ent *e = &kb->ents[i];
    kb->next_sur[i] = NONE;
    const char *sp = e->cat == CAT_PERSON && e->nr ? strrchr(e->pub.name, ' ') : NULL;
    if (!sp || !sp[1]) continue;
    uint32_t h = hash_str(sp + 1);
    slot *s = single_insert(&kb->surnames, sp + 1, h, i);
    if (s->val != i) kb->next_sur[i] = s->val, s->val = i;
  }
  return 0;
}

/* ---- first words of named events and products ---------------------------------- */

#define MAX_WORD 64            /* longest first word indexed or looked up, bytes */

/* Case-folds s[0..len) into out (NUL-terminated); the byte length of the
** folded text without its last code point goes to *stem (0 when it has fewer
** than five code points: "II", "Euro", "atak" are only matched whole).
** Returns the folded length, or 0 when it does not fit. */
static size_t fold_word(const char *s, size_t len, char out[MAX_WORD], size_t *stem) {
  size_t n = 0, last = 0, cps = 0, i = 0;
  while (i < len) {
    int32_t cp;
    int k = kr__utf8_decode(s + i, len - i, &cp);
    if (k <= 0) return 0;
    i += (size_t)k;
    uint8_t buf[4];
    utf8proc_ssize_t w = utf8proc_encode_char(fold_cp(cp), buf);
    if (w <= 0 || n + (size_t)w >= MAX_WORD) return 0;
    last = n;
    memcpy(out + n, buf, (size_t)w);
    n += (size_t)w;
    cps++;
  }
  out[n] = '\0';
  *stem = cps >= 5 ? last : 0;
  return n;
}

static int start_insert(kr_kb *kb, const char *key, uint32_t words) {
  table *t = &kb->starts;
  uint32_t h = hash_str(key);
  slot *s = single_find(t, key, h);
  if (s) {
    if (words > s->val) s->val = words;
    return 0;
  }
  char *copy = kr__arena_strndup(kb->arena, key, strlen(key));
  if (!copy) return KR_ENOMEM;
  (void)single_insert(t, copy, h, words);
  return 0;
}

/* Indexes the first word of every name and variant of an event or product
** by its folded form and its stem, with the most words of a name it starts. */
static int build_starts(loader *L) {
  kr_kb *kb = L->kb;
  uint32_t n = 0;
  for (uint32_t i = 0; i < L->n_keys; i++) {
    uint8_t cat = kb->ents[L->keys[i].val].cat;
    n += cat == CAT_EVENT || cat == CAT_PRODUCT;
  }
  if (table_init(&kb->starts, 2 * n, NULL)) return KR_ENOMEM;
  for (uint32_t i = 0; i < L->n_keys; i++) {
    const keyrec *k = &L->keys[i];
    uint8_t cat = kb->ents[k->val].cat;
    if (cat != CAT_EVENT && cat != CAT_PRODUCT) continue;
    const char *sp = strchr(k->key, ' ');
    uint32_t words = 1;
    for (const char *p = sp; p; p = strchr(p + 1, ' ')) words++;
    char w[MAX_WORD];
    size_t stem, len = fold_word(k->key, sp ? (size_t)(sp - k->key) : strlen(k->key), w, &stem);
    if (!len) continue;
    int rc = start_insert(kb, w, words);
    if (!rc && stem) {
      w[stem] = '\0';
      rc = start_insert(kb, w, words);
    }
    if (rc) return rc;
  }
  return 0;
}

int kr__kb_name_start(const kr_kb *kb, const char *word, size_t len, bool stem) {
  char w[MAX_WORD];
  size_t st;
  if (!kb || !kb->starts.n || !len || !fold_word(word, len, w, &st)) return 0;
  const slot *s = single_find(&kb->starts, w, hash_str(w));
  if (s) return (int)s->val;
  if (!stem || !st) return 0;
  w[st] = '\0';
  s = single_find(&kb->starts, w, hash_str(w));
  return s ? (int)s->val : 0;
}

static const role *holders_head(const kr_kb *kb, uint8_t id, const char *ctry) {
  const table *t = &kb->holders;
  uint32_t h = mix(hash_str(ctry) + id);
  for (uint32_t j = h & t->mask;; j = (j + 1) & t->mask) {
    const slot *s = &t->s[j];
    if (!s->key) return NULL;
    const role *head = &kb->roles[s->val];
    if (s->hash == h && head->id == id && !strcmp(head->ctry, ctry)) return head;
  }
}

/* Byte counts of one file that bound the sizes of everything built from it. */
typedef struct fstats { size_t lines, bars, ats; } fstats;

/* Counts '\n', '|' and '@' eight bytes at a time: a byte lane of x is zero
** exactly where the byte matched; lanes are summed every 255 words. */
static void count_bytes(const char *s, size_t n, fstats *f) {
  const uint64_t ones = 0x0101010101010101u, low7 = 0x7F7F7F7F7F7F7F7Fu;
  const uint64_t pat[3] = {ones * '\n', ones * '|', ones * '@'};
  size_t total[3] = {0, 0, 0}, i = 0;
  while (i + 8 <= n) {
    uint64_t acc[3] = {0, 0, 0};
    for (int k = 0; k < 255 && i + 8 <= n; k++, i += 8) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      for (int c = 0; c < 3; c++) {
        uint64_t x = w ^ pat[c];
        acc[c] += (~(((x & low7) + low7) | x) >> 7) & ones;
      }
    }
    for (int c = 0; c < 3; c++) total[c] += (size_t)((acc[c] * ones) >> 56);
  }
  for (; i < n; i++) total[0] += s[i] == '\n', total[1] += s[i] == '|', total[2] += s[i] == '@';
  f->lines = total[0] + 1, f->bars = total[1], f->ats = total[2];
}

/* Reads data_dir/kb/<each file> into kb->text; offs[i]/lens[i] locate it. */
static int read_files(kr_kb *kb, const char *dir, size_t *offs, size_t *lens, kr_error *err) {
  int fds[F__N], rc = 0;
  size_t total = 0;
  char path[4200];
  for (int i = 0; i < F__N; i++) fds[i] = -1;
  for (int i = 0; i < F__N; i++) {
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, FILES[i]);
    if ((fds[i] = open(path, O_RDONLY)) < 0 || fstat(fds[i], &st) != 0) {
      rc = kr__err_set(err, KR_EDATA, 0, 0, "kb/%s: cannot open: %s", FILES[i], strerror(errno));
      goto cleanup;
    }
    if (st.st_size >= (off_t)1 << 31) {
      rc = kr__err_set(err, KR_EDATA, 0, 0, "kb/%s: larger than 2 GB", FILES[i]);
      goto cleanup;
    }
    lens[i] = (size_t)st.st_size;
    total += lens[i] + 1;
  }
  /* text plus a guess at the rest (reserve() maps more if it falls short) */
  if (region_map(&kb->mem, total * 3 + ((size_t)16 << 20)) ||
      !(kb->buf = region_alloc(&kb->mem, total, 1))) {
    rc = kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
    goto cleanup;
  }
  size_t off = 0;
  for (int i = 0; i < F__N; i++) {
    size_t got = 0;
    while (got < lens[i]) {
      ssize_t n = read(fds[i], kb->buf + off + got, lens[i] - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        rc = kr__err_set(err, KR_EIO, got, 0, "kb/%s: read failed: %s", FILES[i],
                         n < 0 ? strerror(errno) : "file shrank");
        goto cleanup;
      }
      got += (size_t)n;
    }
    offs[i] = off;
    kb->buf[off + lens[i]] = '\0';
    size_t bad;
    if (!kr__utf8_valid(kb->buf + off, lens[i], &bad)) {
      uint32_t line = (uint32_t)count_lines(kb->buf + off, kb->buf + off + bad);
      rc = kr__err_set(err, KR_EDATA, bad, line, "kb/%s:%u: invalid UTF-8 at byte %zu", FILES[i],
                       (unsigned)line, bad);
      goto cleanup;
    }
    off += lens[i] + 1;
  }
cleanup:
  for (int i = 0; i < F__N; i++)
    if (fds[i] >= 0) close(fds[i]);
  return rc;
}

/* Reserves kb->mem for the worst case the byte counts allow and carves the
** per-row arrays; the tables are carved later at their real sizes. */
static int reserve(loader *L, const fstats *fs) {
  kr_kb *kb = L->kb;
  size_t rows = 0, bars = 0;
  for (int i = F_COUNTRIES; i <= F_PERSONS; i++) rows += fs[i].lines, bars += fs[i].bars;
  size_t keys = bars + rows * 5, cw = fs[F_COUNTRIES].bars + fs[F_COUNTRIES].lines * 7;
  size_t roles = fs[F_PERSONS].ats / 3 + 1, periods = fs[F_PERSONS].ats / 2 + 1;
  size_t rl = fs[F_ROLES].lines, al = fs[F_AGENTS].lines;
  if (keys > UINT32_MAX / 4 || roles > UINT32_MAX / 4 || periods > UINT32_MAX / 4) return KR_ELIMIT;
  size_t total = rows * (sizeof(ent) + 1) + (keys + cw) * sizeof(keyrec) +
                 roles * sizeof(role) + periods * sizeof(period) +
                 rl * sizeof(rrow) + (rl + fs[F_ROLES].bars) * sizeof(char *) + al * sizeof(char *) +
                 (2 * (size_t)table_cap(keys) + table_cap(cw) + table_cap(roles) + table_cap(al)) *
                     sizeof(slot) +
                 16 * 16;
  kb->r = &kb->mem;
  if (total > kb->mem.top - kb->mem.used) {
    if (region_map(&kb->extra, total)) return KR_ENOMEM;
    kb->r = &kb->extra;
  }
  kb->ents = region_alloc(kb->r, rows, sizeof *kb->ents);
  kb->un_member = region_alloc(kb->r, rows, 1);
  kb->roles = region_alloc(kb->r, roles, sizeof *kb->roles);
  kb->periods = region_alloc(kb->r, periods, sizeof *kb->periods);
  L->keys = region_alloc_top(kb->r, keys, sizeof *L->keys);
  L->cw = region_alloc_top(kb->r, cw, sizeof *L->cw);
  kb->cap_roles = (uint32_t)roles, kb->cap_periods = (uint32_t)periods;
  L->cap_keys = (uint32_t)keys, L->cap_cw = (uint32_t)cw;
  if (!kb->ents || !kb->un_member || !kb->roles || !kb->periods || !L->keys || !L->cw)
    return KR_ENOMEM;
  return 0;
}

int kr__kb_load(kr_kb **out, const char *data_dir, kr_error *err) {
  int rc = 0;
  loader L = {0};
  char dir[4096];
  size_t offs[F__N] = {0}, lens[F__N] = {0};
  fstats fs[F__N];
  struct stat st;
  *out = NULL;
  if (!data_dir) return 0;
  if ((size_t)snprintf(dir, sizeof dir, "%s/kb", data_dir) >= sizeof dir)
    return kr__err_set(err, KR_EINVAL, 0, 0, "data directory path too long");
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return 0;   /* no KB: run unlinked */
  kr_kb *kb = calloc(1, sizeof *kb);
  if (!kb || !(kb->arena = kr__arena_new(4096))) {
    free(kb);
    return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory");
  }
  L.kb = kb;
  L.err = err;
  if ((rc = read_files(kb, dir, offs, lens, err))) goto cleanup;
  for (int i = 0; i < F__N; i++) count_bytes(kb->buf + offs[i], lens[i], &fs[i]);
  if ((rc = reserve(&L, fs)) || (rc = table_init(&kb->codes, 512, NULL))) goto cleanup;
  for (int i = 0; i < F__N; i++) {
    tsv t;
    if ((rc = tsv_open(&t, FILES[i], kb->buf + offs[i], lens[i], err))) goto cleanup;
    switch (i) {
      case F_ROLES: rc = load_roles(&L, &t); break;
      case F_AGENTS: rc = load_agents(&L, &t); break;
      case F_COUNTRIES: rc = load_countries(&L, &t); break;
      case F_PERSONS: rc = load_persons(&L, &t); break;
      default: rc = load_named(&L, &t, i); break;
    }
    if (rc) goto cleanup;
  }
  if (!(rc = build_indexes(&L)) && !(rc = build_starts(&L)) && !(rc = build_surnames(kb))) {   /* give back the scratch key arrays' pages */
    size_t from = (kb->r->top + 4095) & ~(size_t)4095;
    if (from < kb->r->len) (void)madvise(kb->r->base + from, kb->r->len - from, MADV_DONTNEED);
  }
cleanup:
  if (rc) {
    if (!err || err->code != rc)
      kr__err_set(err, rc, 0, 0, "loading the knowledge base: %s", kr_strerror(rc));
    kr__kb_free(kb);
    return rc;
  }
  *out = kb;
  return 0;
}

void kr__kb_free(kr_kb *kb) {
  if (!kb) return;
  free(kb->codes.s);
  free(kb->starts.s);
  free(kb->surnames.s);
  free(kb->next_sur);
  region_unmap(&kb->extra);
  region_unmap(&kb->mem);
  kr__arena_free(kb->arena);
  free(kb);
}

/* ---- lookups -------------------------------------------------------------------- */

/* True when a should be preferred to b for a find of `type`. */
static bool more_prominent(const ent *a, bool a_name, const ent *b, bool b_name, int type) {
  if (type >= 0) {
    bool wa = a->pub.type == type, wb = b->pub.type == type;
    if (wa != wb) return wa;
  }
  if (a->cat != b->cat) return a->cat < b->cat;
  if (a->latest != b->latest) return a->latest > b->latest;
  if (a->manual != b->manual) return a->manual;
  if (a_name != b_name) return a_name;
  return a < b;
}

static const ent *find_in(const kr_kb *kb, const table *t, const char *key, bool fold, int type) {
  uint32_t h = fold ? hash_fold(key) : hash_str(key);
  const ent *best = NULL;
  bool best_name = false;
  for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
    const slot *s = &t->s[i];
    if (!s->key) break;
    if (s->hash != h || !(fold ? fold_eq(s->key, key) : !strcmp(s->key, key))) continue;
    const ent *e = &kb->ents[s->val];
    bool is_name = s->key == e->pub.name;
    if (!best || more_prominent(e, is_name, best, best_name, type)) {
      best = e;
      best_name = is_name;
    }
  }
  return best;
}

const kr_kb_entry *kr__kb_find(const kr_kb *kb, const char *name, int type) {
  char key[MAX_KEY];
  if (!kb || !name || norm_ws(key, name, sizeof key) == SIZE_MAX || !*key) return NULL;
  const ent *e = find_in(kb, &kb->names, key, false, type);
  if (!e) e = find_in(kb, &kb->folded, key, true, type);
  return e ? &e->pub : NULL;
}

const kr_kb_entry *kr__kb_find_exact(const kr_kb *kb, const char *name, int type) {
  char key[MAX_KEY];
  if (!kb || !name || norm_ws(key, name, sizeof key) == SIZE_MAX || !*key) return NULL;
  const ent *e = find_in(kb, &kb->names, key, false, type);
  return e ? &e->pub : NULL;
}

static bool role_in_force(const role *r, uint32_t d, bool latest) {
  return latest ? r->open : (r->start <= d && d < r->end);
}

static bool period_in_force(const period *p, uint32_t d, bool latest) {
  return latest ? p->open : (p->start <= d && d < p->end);
}

static const ent *own_ent(const kr_kb *kb, const kr_kb_entry *e) {
  uintptr_t p = (uintptr_t)e, lo = (uintptr_t)kb->ents, hi = (uintptr_t)(kb->ents + kb->n_ents);
  return p >= lo && p < hi ? (const ent *)e : NULL;
}

const char *kr__kb_actor(const kr_kb *kb, const kr_kb_entry *entry, const char *date) {
  if (!entry) return NULL;
  const ent *e = kb ? own_ent(kb, entry) : NULL;
  if (!e || e->cat != CAT_PERSON) return entry->actor;
  bool latest;
  uint32_t d = query_date(date, &latest);
  const role *best = NULL;
  for (uint32_t i = e->r0; i < e->r0 + e->nr; i++) {
    const role *r = &kb->roles[i];
    if (!role_in_force(r, d, latest)) continue;
    if (!best || kb->role_prio[r->id] < kb->role_prio[best->id] ||
        (kb->role_prio[r->id] == kb->role_prio[best->id] && r->start > best->start))
      best = r;
  }
  const period *pbest = NULL;
  for (uint32_t i = e->p0; i < e->p0 + e->np; i++) {
    const period *p = &kb->periods[i];
    if (period_in_force(p, d, latest) && (!pbest || p->start >= pbest->start)) pbest = p;
  }
  if (best) {
    /* a period code refining the office's ("BGDGOV" → "BGDGOVHLH") wins,
    ** unless it began before the office (Mark Carney's central-bank years,
    ** CANGOVBUS since 2008, do not refine his premiership of 2025) */
    size_t n = strlen(best->code);
    for (uint32_t i = e->p0; i < e->p0 + e->np; i++) {
      const period *p = &kb->periods[i];
      if (period_in_force(p, d, latest) && strlen(p->code) > n && !strncmp(p->code, best->code, n) &&
          p->start >= best->start)
        return p->code;
    }
    return best->code;
  }
  if (pbest) return pbest->code;
  /* dated offices, none in force: a former (or future) office holder is
  ** coded as the country's elite, as PETRARCH's actor dictionaries do
  ** ("[AFGGOV 791227-861124] [AFGELI]") */
  if (e->eli) return e->eli;
  return entry->actor;
}

static int word_pos(const kr_kb *kb, const rrow *r, const char *w) {
  for (uint32_t i = 0; i < r->nw; i++)
    if (!strcmp(kb->words[r->w0 + i], w)) return (int)i;
  return -1;
}

static bool has_override(const kr_kb *kb, uint8_t id, const char *ctry) {
  for (uint32_t i = 0; i < kb->n_rrows; i++)
    if (kb->rrows[i].id == id && kb->rrows[i].ctry && !strcmp(kb->rrows[i].ctry, ctry)) return true;
  return false;
}

const kr_kb_entry *kr__kb_role_holder(const kr_kb *kb, const char *role_lemma, const char *country,
                                      const char *date) {
  char w[MAX_KEY];
  if (!kb || !role_lemma || !country || norm_ws(w, role_lemma, sizeof w) == SIZE_MAX) return NULL;
  bool latest;
  uint32_t d = query_date(date, &latest);
  const role *best = NULL;
  int best_pos = 0, best_generic = 0;
  for (int strict = 1; strict >= 0 && !best; strict--) {
    for (uint32_t i = 0; i < kb->n_rrows; i++) {
      const rrow *row = &kb->rrows[i];
      if (row->ctry && strcmp(row->ctry, country)) continue;
      if (strict && !row->ctry && has_override(kb, row->id, country)) continue;
      int pos = word_pos(kb, row, w), generic = row->ctry == NULL;
      if (pos < 0) continue;
      for (const role *r = holders_head(kb, row->id, country); r;
           r = r->next == NONE ? NULL : &kb->roles[r->next]) {
        if (!role_in_force(r, d, latest)) continue;
        bool better = !best;
        if (!better && pos != best_pos) better = pos < best_pos;
        else if (!better && generic != best_generic) better = generic < best_generic;
        else if (!better && kb->role_prio[r->id] != kb->role_prio[best->id])
          better = kb->role_prio[r->id] < kb->role_prio[best->id];
        else if (!better) better = r->start > best->start;
        if (better) { best = r; best_pos = pos; best_generic = generic; }
      }
    }
  }
  return best ? &kb->ents[best->person].pub : NULL;
}

const kr_kb_entry *kr__kb_country_of_word(const kr_kb *kb, const char *lemma) {
  char w[MAX_KEY];
  if (!kb || !lemma || norm_ws(w, lemma, sizeof w) == SIZE_MAX || !*w) return NULL;
  const slot *s = single_find(&kb->cwords, w, hash_str(w));
  if (s) return s->val == AMBIG ? NULL : &kb->ents[s->val].pub;
  const ent *e = find_in(kb, &kb->names, w, false, KR_ENT_LOC);
  return e && e->cat == CAT_COUNTRY ? &e->pub : NULL;
}

const kr_kb_entry *kr__kb_holder_by_surname(const kr_kb *kb, const char *surname, const char *date) {
  if (!kb || !surname || !kb->surnames.n) return NULL;
  const slot *s = single_find(&kb->surnames, surname, hash_str(surname));
  if (!s) return NULL;
  bool latest;
  uint32_t d = query_date(date, &latest);
  const ent *found = NULL;
  for (uint32_t i = s->val; i != NONE; i = kb->next_sur[i]) {
    const ent *e = &kb->ents[i];
    bool in_force = false;
    for (uint32_t r = e->r0; r < e->r0 + e->nr && !in_force; r++) in_force = role_in_force(&kb->roles[r], d, latest);
    if (!in_force) continue;
    if (found) return NULL;   /* two office holders of that name */
    found = e;
  }
  return found ? &found->pub : NULL;
}

const char *kr__kb_role_agent(const kr_kb *kb, const char *role_lemma, const char *country) {
  char w[MAX_KEY];
  if (!kb || !role_lemma || norm_ws(w, role_lemma, sizeof w) == SIZE_MAX || !*w) return NULL;
  const rrow *generic = NULL;
  for (uint32_t i = 0; i < kb->n_rrows; i++) {
    const rrow *r = &kb->rrows[i];
    if (word_pos(kb, r, w) < 0) continue;
    if (r->ctry && country && !strcmp(r->ctry, country)) return r->agent;
    if (!r->ctry && !generic) generic = r;
  }
  return generic ? role_agent(kb, generic->id, country) : NULL;
}

const char *kr__kb_agent(const kr_kb *kb, const char *lemma) {
  char w[MAX_KEY];
  if (!kb || !lemma || norm_ws(w, lemma, sizeof w) == SIZE_MAX || !*w) return NULL;
  const slot *s = single_find(&kb->agents, w, hash_str(w));
  if (s) return kb->agent_code[s->val];
  const char *any = NULL;
  for (uint32_t i = 0; i < kb->n_rrows; i++) {   /* role words: "szef MSZ" → GOV */
    const rrow *r = &kb->rrows[i];
    if (word_pos(kb, r, w) < 0) continue;
    if (!r->ctry) return r->agent;
    if (!any) any = r->agent;
  }
  return any;
}
