/*
** tokenize.c — tokens and sentences of Polish news text.
**
** Exports kr__tokenize(): doc->text → doc->toks and doc->sents, both in the
** document's arena. One left-to-right walk over the bytes: whitespace is
** skipped (NBSP and the other Unicode spaces included, newlines counted), the
** text between two spaces (a "chunk") is cut into tokens, and code-point
** offsets are counted by a cursor that only moves forward. A second, cheap
** walk over the tokens (not the text) places the sentence boundaries.
**
** Conventions follow the gold tokenization of UD Polish (PDB, LFG, PUD),
** measured with `kronika eval` (cli/eval_text.c):
**   - every punctuation mark is its own token: "..." is three, "?!" two;
**   - an abbreviation's dot is a separate token ("np" "."), also after inner
**     dots ("m.in" ".", "p.n.e" "."); initials too ("J" "." "Kowalski");
**   - numbers keep inner dots, commas and colons between digits: "3,5",
**     "12.5", "7.03.2010", "10.00", "10:30" are one token each, "1 200" is
**     two (no token holds a space) and an ordinal's dot is separate ("80" ".");
**   - a hyphen joins when a digit is on either side ("30-letni", "B-29"), the
**     first part is one letter ("e-mail") or an acronym ("GUS-u", "PiS-owski"),
**     or the first part is a listed foreign prefix ("al-", "non-"); otherwise
**     it is a token of its own ("polsko" "-" "niemiecki", "Bielsko" "-"
**     "Biała"), and always between two numbers ("10" "-" "11");
**   - an apostrophe between letters joins ("O'Neill", "Kennedy'ego");
**   - URLs and e-mail addresses are one token, trailing punctuation excluded;
**   - "Chciałem" stays one token: UD PDB and PUD make it a multiword token
**     (one surface token); UD LFG splits it ("Chciał" "em"), which a
**     tokenizer without a dictionary cannot do safely ("kościołem").
** Abbreviation kinds come from abbrev.h. The word part of an abbreviation is
** KR_TOK_ABBREV, its dot KR_TOK_PUNCT.
**
** Sentence boundaries: after . ! ? … (with the closing quotes and brackets
** that follow them) when the next token starts with an upper-case letter, a
** digit, an opening quote or bracket, or a dash; after "." also before a
** lower-case word unless the dot belongs to an abbreviation, an initial, a
** number or a Roman numeral ("80. rocznicy", "XX w. w"); after ? ! … a dash
** followed by a lower-case word continues the sentence ("– Dokąd? – spytał").
** A blank line always ends a sentence; a single line break ends one after a
** short line without final punctuation (a heading).
**
** No allocation per token: the token and sentence arrays grow in the arena.
** While tokens are made, their `sent` field carries scratch bits for the
** sentence pass (newlines before the token, abbreviation class, quote role);
** the pass then overwrites it with the sentence index.
*/
#include "internal.h"

#include "abbrev.h"

#include <utf8proc.h>

/* ---- character classes ------------------------------------------------- */

enum { C_SP, C_NL, C_UP, C_LO, C_LET, C_DIG, C_MARK, C_PUNCT, C_SYM, C_OTHER };

static const uint8_t ASCII_CLS[128] = {
  C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
  C_OTHER, C_SP, C_NL, C_SP, C_NL, C_NL, C_OTHER, C_OTHER,
  C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
  C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
  C_SP, C_PUNCT, C_PUNCT, C_SYM, C_SYM, C_SYM, C_SYM, C_PUNCT,
  C_PUNCT, C_PUNCT, C_SYM, C_SYM, C_PUNCT, C_PUNCT, C_PUNCT, C_SYM,
  C_DIG, C_DIG, C_DIG, C_DIG, C_DIG, C_DIG, C_DIG, C_DIG,
  C_DIG, C_DIG, C_PUNCT, C_PUNCT, C_SYM, C_SYM, C_SYM, C_PUNCT,
  C_SYM, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP,
  C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP,
  C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP, C_UP,
  C_UP, C_UP, C_UP, C_PUNCT, C_SYM, C_PUNCT, C_SYM, C_PUNCT,
  C_SYM, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO,
  C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO,
  C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO, C_LO,
  C_LO, C_LO, C_LO, C_PUNCT, C_SYM, C_PUNCT, C_SYM, C_OTHER,
};

/* Class of a code point above ASCII. Zero-width spaces and the BOM count as
** spaces; soft hyphen and ZWJ/ZWNJ as marks (they stay inside a word). */
static int ucls(int32_t cp) {
  if (cp >= 0xC0 && cp <= 0x17F) { /* Latin-1 letters and Latin Extended-A: Polish */
    if (cp == 0xD7 || cp == 0xF7) return C_SYM;
    if (cp < 0x100) return cp < 0xDF ? C_UP : C_LO;
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F) return C_LO;
    if (cp == 0x178) return C_UP;
    if ((cp > 0x138 && cp < 0x149) || cp > 0x178) return (cp & 1) ? C_UP : C_LO;
    return (cp & 1) ? C_LO : C_UP;
  }
  switch (cp) {
    case 0x85: case 0x2028: return C_NL;
    case 0x2029: return C_NL;
    case 0x200B: case 0xFEFF: case 0x180E: return C_SP;
    case 0xAD: case 0x200C: case 0x200D: return C_MARK;
    default: break;
  }
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return C_UP;
    case UTF8PROC_CATEGORY_LL: return C_LO;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: return C_LET;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: return C_MARK;
    case UTF8PROC_CATEGORY_ND: return C_DIG;
    case UTF8PROC_CATEGORY_NL: return C_LET;
    case UTF8PROC_CATEGORY_NO: return C_SYM;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: return C_PUNCT;
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO: return C_SYM;
    case UTF8PROC_CATEGORY_ZS: return C_SP;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP: return C_NL;
    default: return C_OTHER;
  }
}

/* Class and byte length of the character at s[i] (i < n). */
static inline int cls_at(const unsigned char *s, size_t i, size_t n, int *len, int32_t *cpo) {
  unsigned c = s[i];
  if (c < 0x80) {
    *len = 1;
    if (cpo) *cpo = (int32_t)c;
    return ASCII_CLS[c];
  }
  int32_t cp;
  *len = kr__utf8_decode((const char *)s + i, n - i, &cp);
  if (cpo) *cpo = cp;
  return ucls(cp);
}

static inline int is_alnum_cls(int c) { return c >= C_UP && c <= C_MARK; }
static inline int is_space_cls(int c) { return c == C_SP || c == C_NL; }

/* ---- tokenizer state --------------------------------------------------- */

/* Scratch bits kept in kr_token.sent until the sentence pass. */
enum {
  SB_NL_MASK = 3u,        /* newlines before the token: 0, 1, 2 (= blank line) */
  SB_AB_SHIFT = 2,        /* AB_* class of an abbreviation followed by "." */
  SB_AB_MASK = 3u << 2,
  SB_OPEN = 1u << 4,      /* opening quote or bracket */
  SB_CLOSE = 1u << 5,     /* closing quote or bracket */
  SB_DASH = 1u << 6,      /* - – — */
  SB_TERM = 1u << 7,      /* . ! ? … */
  SB_DOT = 1u << 8,       /* exactly "." */
  SB_LOWER = 1u << 9,     /* starts with a lower-case letter */
};

typedef struct tz {
  const unsigned char *s;
  size_t n;
  kr_arena *arena;
  kr_token *toks;
  uint32_t n_toks, cap;
  size_t cur_b;           /* code-point cursor: byte offset ... */
  uint32_t cur_cp;        /* ... and its code-point index */
  unsigned nl;            /* newlines seen since the last token */
} tz;

static inline uint32_t cp_at(tz *t, size_t b) {
  const unsigned char *s = t->s;
  size_t i = t->cur_b;
  uint32_t cp = t->cur_cp;
  while (i < b) cp += (s[i++] & 0xC0) != 0x80;
  t->cur_b = i;
  t->cur_cp = cp;
  return cp;
}

static inline int space_at(const tz *t, size_t b) {
  if (b >= t->n) return 1;
  int len;
  return is_space_cls(cls_at(t->s, b, t->n, &len, NULL));
}

/* Appends token [off, end). Returns 0 or KR_ENOMEM. */
static int emit(tz *t, size_t off, size_t end, int kind, unsigned flags, unsigned scratch) {
  if (t->n_toks == t->cap) {
    kr_token *p = kr__arena_grow(t->arena, t->toks, &t->cap, t->n_toks + 1, sizeof *p);
    if (!p) return KR_ENOMEM;
    t->toks = p;
  }
  kr_token *k = &t->toks[t->n_toks];
  if (t->n_toks == 0 || t->nl >= 2) flags |= KR_TOKF_PARA_START;
  if (end < t->n && space_at(t, end)) flags |= KR_TOKF_SPACE_AFTER;
  k->off = (uint32_t)off;
  k->len = (uint32_t)(end - off);
  k->start = cp_at(t, off);
  k->end = cp_at(t, end);
  k->kind = (uint8_t)kind;
  k->flags = (uint8_t)flags;
  k->upos = 0;
  k->n_readings = 0;
  k->sent = scratch | (t->nl > 2 ? 2u : t->nl);
  k->lemma = k->tag = k->feats = NULL;
  k->readings = NULL;
  t->nl = 0;
  t->n_toks++;
  return 0;
}

/* ---- abbreviations ------------------------------------------------------- */

/* The table entry for s[0..len) (any case of the first letters), or NULL. */
static const abbrev *abbrev_find(const unsigned char *s, size_t len) {
  char key[16];
  size_t k = 0;
  if (len == 0 || len > 10) return NULL;
  for (size_t i = 0; i < len;) {
    int32_t cp;
    int n = kr__utf8_decode((const char *)s + i, len - i, &cp);
    i += (size_t)n;
    cp = utf8proc_tolower(cp);
    char buf[4];
    int m = kr__utf8_encode(cp, buf);
    if (k + (size_t)m >= sizeof key) return NULL;
    memcpy(key + k, buf, (size_t)m);
    k += (size_t)m;
  }
  key[k] = 0;
  size_t lo = 0, hi = sizeof ABBREVS / sizeof ABBREVS[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(ABBREVS[mid].s, key);
    if (c == 0) return &ABBREVS[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* Abbreviations with inner dots, matched at the start of a word. */
static const char *const DOTTED[] = {"p.n.e", "n.p.m", "m.in", "n.e", "o.o", "p.o", "b.r", "j.w"};

static size_t dotted_match(const tz *t, size_t p, size_t lim) {
  const unsigned char *s = t->s;
  for (size_t d = 0; d < sizeof DOTTED / sizeof DOTTED[0]; d++) {
    size_t len = strlen(DOTTED[d]);
    if (p + len > lim) continue;
    size_t i = 0;
    while (i < len && (s[p + i] | (s[p + i] >= 'A' && s[p + i] <= 'Z' ? 0x20 : 0)) ==
                          (unsigned char)DOTTED[d][i])
      i++;
    if (i < len) continue;
    int l;
    if (p + len < lim && is_alnum_cls(cls_at(s, p + len, t->n, &l, NULL))) continue;
    return p + len;
  }
  return 0;
}

/* First parts that keep a hyphen inside one token (foreign compounds). */
static int hyphen_prefix(const unsigned char *s, size_t len) {
  static const char *const P[] = {"al", "el", "non", "post", "hot", "coca", "make", "science",
                                  "wi", "hi", "saint", "sainte", "haute", "ex", "de", "la"};
  char key[8];
  if (len >= sizeof key) return 0;
  for (size_t i = 0; i < len; i++) key[i] = (char)(s[i] | (s[i] >= 'A' && s[i] <= 'Z' ? 0x20 : 0));
  key[len] = 0;
  for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
    if (!strcmp(P[i], key)) return 1;
  return 0;
}

/* ---- words and numbers -------------------------------------------------- */

/* A run of letters, marks and digits. */
typedef struct seg {
  size_t off, end;
  uint32_t n_cp, n_up, n_lo, n_let, n_dig;
  int first;              /* class of the first character */
} seg;

static void scan_seg(const tz *t, size_t p, size_t lim, seg *g) {
  const unsigned char *s = t->s;
  memset(g, 0, sizeof *g);
  g->off = p;
  g->first = -1;
  while (p < lim) {
    unsigned c = s[p];
    int k, len = 1;
    if (c < 0x80) k = ASCII_CLS[c];
    else k = cls_at(s, p, t->n, &len, NULL);
    if (!is_alnum_cls(k)) break;
    if (g->first < 0) g->first = k;
    switch (k) {
      case C_UP: g->n_up++; g->n_let++; break;
      case C_LO: g->n_lo++; g->n_let++; break;
      case C_LET: g->n_let++; break;
      case C_DIG: g->n_dig++; break;
      default: break;
    }
    g->n_cp++;
    p += (size_t)len;
  }
  g->end = p;
}

static int is_joiner(const unsigned char *s, size_t q, size_t lim, int32_t *j, int *jl) {
  unsigned c = s[q];
  if (c == '.' || c == ',' || c == ':' || c == '/' || c == '-' || c == '\'') {
    *j = (int32_t)c;
    *jl = 1;
    return 1;
  }
  /* ’ U+2019, ‐ U+2010, ‑ U+2011: E2 80 99 / 90 / 91 */
  if (c == 0xE2 && q + 2 < lim && s[q + 1] == 0x80 &&
      (s[q + 2] == 0x99 || s[q + 2] == 0x90 || s[q + 2] == 0x91)) {
    *j = s[q + 2] == 0x99 ? '\'' : '-';
    *jl = 3;
    return 1;
  }
  return 0;
}

/* Whether joiner j between segments l (and all before it, `all`) and r keeps
** one token. */
static int join_ok(const tz *t, int32_t j, const seg *l, const seg *r, const seg *all,
                   size_t word_off) {
  int l_num = l->n_let == 0, r_num = r->n_let == 0;
  switch (j) {
    case '.':
      if (l_num && r_num) return all->n_let == 0;
      if (l->n_dig || r->n_dig) return 0;
      if (l->n_cp >= 2 && r->n_cp >= 2 && r->first == C_LO && l->off == word_off &&
          abbrev_find(t->s + l->off, l->end - l->off))
        return 0;
      if (l->n_cp >= 2 && r->n_cp >= 2 && r->first == C_LO) return 1;
      if (l->n_cp >= 2 && r->n_cp >= 2 && l->n_lo == 0 && r->n_lo == 0) return 1;
      return 0;
    case ',':
      return all->n_let == 0 && l_num && r_num;
    case ':': /* "10:30" but "2:0" (a score) is three tokens */
      return all->n_let == 0 && l_num && r_num && r->n_cp == 2 && l->n_cp <= 2;
    case '/':
      return l->n_dig || r->n_dig;
    case '-':
      if (l_num && r_num) return 0;
      if (l->n_dig || r->n_dig) return 1;
      if (l->n_cp == 1) return 1;
      if (l->n_up >= 2 && r->first == C_LO) return 1;
      if (l->n_up >= 2 && l->n_lo == 0 && r->n_lo == 0) return 1;
      return l->off == word_off && hyphen_prefix(t->s + l->off, l->end - l->off);
    case '\'':
      return l->n_let && r->n_let && !r->n_dig;
    default:
      return 0;
  }
}

static int emit_word(tz *t, size_t p, size_t lim, size_t *endp) {
  const unsigned char *s = t->s;
  seg l, r, all;
  size_t q;
  size_t d = 0;
  if ((s[p] | 0x20) >= 'a' && (s[p] | 0x20) <= 'z' && p + 2 < lim && (s[p + 1] == '.' || s[p + 2] == '.'))
    d = dotted_match(t, p, lim);
  if (d) {
    const abbrev *ab = abbrev_find(s + p, d - p);
    unsigned scratch = (ab && d < t->n && s[d] == '.') ? (unsigned)ab->cls << SB_AB_SHIFT : 0;
    int rc = emit(t, p, d, KR_TOK_ABBREV, s[p] < 'a' ? KR_TOKF_CAP : 0, scratch);
    *endp = d;
    return rc;
  }
  scan_seg(t, p, lim, &l);
  all = l;
  q = l.end;
  while (q < lim) {
    int32_t j;
    int jl;
    if (!is_joiner(s, q, lim, &j, &jl) || q + (size_t)jl >= lim) break;
    scan_seg(t, q + (size_t)jl, lim, &r);
    if (r.n_cp == 0 || !join_ok(t, j, &l, &r, &all, p)) break;
    all.n_cp += r.n_cp + 1;
    all.n_up += r.n_up;
    all.n_lo += r.n_lo;
    all.n_let += r.n_let;
    all.n_dig += r.n_dig;
    l = r;
    q = r.end;
  }
  unsigned flags = 0, scratch = 0;
  int kind = all.n_let ? KR_TOK_WORD : KR_TOK_NUMBER;
  if (all.first == C_UP) flags |= KR_TOKF_CAP;
  if (all.first == C_LO) scratch |= SB_LOWER;
  if (all.n_up >= 2 && all.n_lo == 0) flags |= KR_TOKF_ALLCAPS;
  if (all.n_dig) flags |= KR_TOKF_DIGIT;
  if (kind == KR_TOK_WORD && q - p <= 10) {
    int dot = q < t->n && s[q] == '.';
    /* without a dot only the dotless entries can match: 2–3 bytes, a b d m n w z */
    int maybe = dot || (q - p >= 2 && q - p <= 4 && strchr("abdmnwzABDMNWZ", s[p]) && s[p]);
    const abbrev *ab = maybe ? abbrev_find(s + p, q - p) : NULL;
    if (ab && (ab->dotless || dot)) {
      kind = KR_TOK_ABBREV;
      if (dot) scratch |= (unsigned)ab->cls << SB_AB_SHIFT;
    }
  }
  *endp = q;
  return emit(t, p, q, kind, flags, scratch);
}

/* ---- punctuation and symbols ---------------------------------------------- */

static int emit_punct(tz *t, size_t p, size_t lim, int k, int32_t cp, int len, size_t *endp) {
  const unsigned char *s = t->s;
  size_t q = p + (size_t)len;
  unsigned scratch = 0;
  int kind = k == C_PUNCT ? KR_TOK_PUNCT : k == C_SYM ? KR_TOK_SYMBOL : KR_TOK_OTHER;
  /* doubled marks used as quotes: ,, '' ’’ */
  if ((cp == ',' || cp == '\'' || cp == 0x2019) && q + (size_t)len <= lim &&
      !memcmp(s + p, s + q, (size_t)len) && (cp != ',' || p == 0 || space_at(t, p - 1))) {
    q += (size_t)len;
    *endp = q;
    return emit(t, p, q, KR_TOK_PUNCT, 0, cp == ',' ? SB_OPEN : SB_CLOSE);
  }
  switch (cp) {
    case '.': scratch = SB_TERM | SB_DOT; break;
    case '!': case '?': case 0x2026: scratch = SB_TERM; break;
    case '-': case 0x2013: case 0x2014: case 0x2012: case 0x2015: case 0x2212:
      scratch = SB_DASH; break;
    case '(': case '[': case '{': case 0x201E: case 0x201C: case 0xAB: case 0x201A: case 0x2018:
      scratch = SB_OPEN; break;
    case ')': case ']': case '}': case 0x201D: case 0xBB: case 0x2019:
      scratch = SB_CLOSE; break;
    case '"': case '\'': {
      /* opening when it starts a chunk (or follows an opening mark) and is
      ** followed by a non-space; closing otherwise */
      int before = p == 0 || space_at(t, p - 1) ||
                   (t->n_toks && (t->toks[t->n_toks - 1].sent & SB_OPEN) &&
                    t->toks[t->n_toks - 1].off + t->toks[t->n_toks - 1].len == p);
      if (p > 0 && !before) {
        /* the previous byte may be the last byte of a multi-byte space */
        size_t b = p - 1;
        while (b > 0 && (s[b] & 0xC0) == 0x80) b--;
        before = space_at(t, b);
      }
      scratch = (before && !space_at(t, q)) ? SB_OPEN : SB_CLOSE;
      break;
    }
    case 0xB0: /* °C, °F */
      if (q < lim && (s[q] == 'C' || s[q] == 'F')) {
        int l2;
        if (q + 1 >= lim || !is_alnum_cls(cls_at(s, q + 1, t->n, &l2, NULL))) q++;
      }
      kind = KR_TOK_SYMBOL;
      break;
    case '%':
      kind = KR_TOK_SYMBOL;
      break;
    default:
      break;
  }
  if (k == C_SYM && cp >= 0x80) {
    /* keep an emoji's modifiers, joiners and flag pairs with it */
    int32_t first = cp;
    while (q < lim) {
      int32_t c2;
      int l2 = kr__utf8_decode((const char *)s + q, lim - q, &c2);
      if (c2 == 0xFE0F || c2 == 0x20E3 || (c2 >= 0x1F3FB && c2 <= 0x1F3FF) ||
          (c2 >= 0xE0020 && c2 <= 0xE007F)) {
        q += (size_t)l2;
      } else if (c2 == 0x200D && q + (size_t)l2 < lim) {
        int32_t c3;
        int l3 = kr__utf8_decode((const char *)s + q + l2, lim - q - (size_t)l2, &c3);
        q += (size_t)l2 + (size_t)l3;
      } else if (first >= 0x1F1E6 && first <= 0x1F1FF && c2 >= 0x1F1E6 && c2 <= 0x1F1FF) {
        q += (size_t)l2;
        first = 0;
      } else {
        break;
      }
    }
  }
  *endp = q;
  return emit(t, p, q, kind, 0, scratch);
}

/* ---- URLs and e-mail addresses ------------------------------------------- */

static int url_char(unsigned c) {
  return c > 0x20 && c < 0x7F && c != '<' && c != '>' && c != '"' && c != '`';
}

/* Trims trailing punctuation from a URL or address [a, e). */
static size_t url_trim(const unsigned char *s, size_t a, size_t e) {
  int opens = 0, closes = 0;
  for (size_t i = a; i < e; i++) {
    opens += s[i] == '(';
    closes += s[i] == ')';
  }
  while (e > a) {
    unsigned c = s[e - 1];
    if (c == ')' && closes > opens) { closes--; e--; continue; }
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' ||
        c == '"' || c == ']' || c == '}' || c == '-')
    { e--; continue; }
    break;
  }
  return e;
}

/* Finds the first URL or e-mail address in [p, b); returns its kind and span
** or -1. */
static int find_special(const tz *t, size_t p, size_t b, size_t *us, size_t *ue) {
  const unsigned char *s = t->s;
  for (size_t i = p; i < b; i++) {
    unsigned c = s[i];
    if (c == ':' && i + 2 < b && s[i + 1] == '/' && s[i + 2] == '/') {
      size_t a = i;
      while (a > p && ((s[a - 1] | 0x20) >= 'a' && (s[a - 1] | 0x20) <= 'z')) a--;
      if (i - a < 2) continue;
      size_t e = i + 3;
      while (e < b && (url_char(s[e]) || s[e] >= 0x80)) e++;
      e = url_trim(s, a, e);
      if (e <= i + 3) continue;
      *us = a;
      *ue = e;
      return KR_TOK_URL;
    }
    if ((c == 'w' || c == 'W') && i + 4 < b && (s[i + 1] | 0x20) == 'w' && (s[i + 2] | 0x20) == 'w' &&
        s[i + 3] == '.' && (i == p || !is_alnum_cls(s[i - 1] < 0x80 ? ASCII_CLS[s[i - 1]] : C_LET))) {
      size_t e = i + 4;
      while (e < b && (url_char(s[e]) || s[e] >= 0x80)) e++;
      e = url_trim(s, i, e);
      if (e <= i + 5) continue;
      *us = i;
      *ue = e;
      return KR_TOK_URL;
    }
    if (c == '@' && i > p && i + 3 < b) {
      size_t a = i;
      while (a > p && s[a - 1] < 0x80 &&
             (ASCII_CLS[s[a - 1]] == C_UP || ASCII_CLS[s[a - 1]] == C_LO ||
              ASCII_CLS[s[a - 1]] == C_DIG || s[a - 1] == '.' || s[a - 1] == '_' ||
              s[a - 1] == '-' || s[a - 1] == '+' || s[a - 1] == '%'))
        a--;
      while (a < i && s[a] == '.') a++;
      if (a == i) continue;
      size_t e = i + 1;
      int dots = 0;
      while (e < b && s[e] < 0x80 &&
             (ASCII_CLS[s[e]] == C_UP || ASCII_CLS[s[e]] == C_LO || ASCII_CLS[s[e]] == C_DIG ||
              s[e] == '.' || s[e] == '-'))
        dots += s[e++] == '.';
      e = url_trim(s, i + 1, e);
      if (!dots || e <= i + 3 || s[e - 1] == '.') continue;
      /* the domain needs a dot before its end */
      size_t k = e;
      while (k > i && s[k - 1] != '.') k--;
      if (k <= i + 2) continue;
      *us = a;
      *ue = e;
      return KR_TOK_EMAIL;
    }
  }
  return -1;
}

/* ---- chunks ---------------------------------------------------------------- */

/* Cuts the text [p, b) between two spaces into tokens. `special` says whether
** the chunk has a character that may start a URL or address. */
static int do_chunk(tz *t, size_t p, size_t b, int special) {
  const unsigned char *s = t->s;
  size_t us = b, ue = b;
  int sk = -1;
  if (special) sk = find_special(t, p, b, &us, &ue);
  while (p < b) {
    int rc;
    if (sk >= 0 && p == us) {
      if ((rc = emit(t, us, ue, sk, 0, 0))) return rc;
      p = ue;
      sk = find_special(t, p, b, &us, &ue);
      if (sk < 0) us = ue = b;
      continue;
    }
    size_t lim = sk >= 0 ? us : b;
    int len;
    int32_t cp;
    int k = cls_at(s, p, t->n, &len, &cp);
    size_t q;
    if (is_alnum_cls(k)) rc = emit_word(t, p, lim, &q);
    else rc = emit_punct(t, p, lim, k, cp, len, &q);
    if (rc) return rc;
    p = q;
  }
  return 0;
}

/* ---- sentences ---------------------------------------------------------------- */

static int is_roman(const tz *t, const kr_token *k) {
  if (k->kind != KR_TOK_WORD || !(k->flags & KR_TOKF_CAP)) return 0;
  for (uint32_t i = 0; i < k->len; i++) {
    unsigned c = t->s[k->off + i];
    if (!strchr("IVXLCDM", (int)c) || !c) return 0;
  }
  return 1;
}

static inline unsigned nl_before(const kr_token *k) { return k->sent & SB_NL_MASK; }

static inline int starts_upper(const kr_token *k) { return (k->flags & KR_TOKF_CAP) != 0; }

static inline int starts_digit(const tz *t, const kr_token *k) {
  return t->s[k->off] >= '0' && t->s[k->off] <= '9';
}

/* Compass abbreviations inside place names ("Korei Płn.", "Ameryki Płd."):
** their dot ends a sentence before a capitalised word only when that word is
** not the start of a multi-word name ("premier Korei Płn. Kim Dzong Un"). */
static int is_compass_abbrev(const tz *t, const kr_token *k) {
  static const char *const geo[] = {"Płn", "płn", "Płd", "płd", "Wsch", "wsch", "Zach", "zach"};
  for (size_t i = 0; i < sizeof geo / sizeof *geo; i++)
    if (strlen(geo[i]) == k->len && !memcmp(t->s + k->off, geo[i], k->len)) return 1;
  return 0;
}

/* Whether the run of terminal marks toks[k..j) ends a sentence before toks[j]. */
static int ends_sentence(const tz *t, uint32_t first, uint32_t k, uint32_t j) {
  const kr_token *toks = t->toks;
  const kr_token *nx = &toks[j];
  if (nl_before(nx)) return 1;
  int only_dot = (toks[k].sent & SB_DOT) && !(k + 1 < j && (toks[k + 1].sent & SB_TERM));
  int up = starts_upper(nx), dig = starts_digit(t, nx);
  int open = (nx->sent & SB_OPEN) != 0;
  int quoted = (toks[j - 1].sent & SB_CLOSE) != 0;
  if (nx->sent & SB_DASH) { /* "…? – spytał", "…” — napisał" continue the sentence */
    if (only_dot && !quoted) return 1;
    return !(j + 1 < t->n_toks && (toks[j + 1].sent & SB_LOWER));
  }
  /* after ? ! … a lower-case word continues (splitting there helps UD LFG's
  ** transcripts but costs more on PDB and PUD, which are closer to news) */
  if (!only_dot) return up || dig || open;
  const kr_token *pv = (k > 0 && !(toks[k - 1].flags & KR_TOKF_SPACE_AFTER)) ? &toks[k - 1] : NULL;
  if (pv) {
    unsigned ab = (pv->sent & SB_AB_MASK) >> SB_AB_SHIFT;
    if (ab == AB_NOEND) return 0;
    if (ab == AB_END && up && is_compass_abbrev(t, pv) && j + 1 < t->n_toks &&
        starts_upper(&toks[j + 1]) && !nl_before(&toks[j + 1]))
      return 0;
    if (ab == AB_END) return up || open;
    if (ab == AB_DATE) return (up || open) && k - 1 - first > 5;
    if ((pv->kind == KR_TOK_WORD || pv->kind == KR_TOK_ABBREV) && pv->end - pv->start == 1)
      return 0; /* an initial */
    if (pv->kind == KR_TOK_NUMBER || is_roman(t, pv)) {
      /* "3. Udowodnić…", "Należy: 1. Ustawić…": a list item's number */
      if (k - 1 == first || (k >= 2 && t->s[toks[k - 2].off] == ':')) return 0;
      return up || open;
    }
    if (pv->kind == KR_TOK_ABBREV) return up || open;
  }
  if (up || dig || open) return 1;
  /* "słowo. mała litera": a sentence end after a plain word */
  return pv && pv->kind == KR_TOK_WORD && (nx->sent & SB_LOWER) && pv->end - pv->start >= 2;
}

/* Whether a single line break after toks[k] ends a heading-like line that
** started at toks[line]. */
static int heading_break(const tz *t, uint32_t line, uint32_t k) {
  const kr_token *pv = &t->toks[k], *nx = &t->toks[k + 1];
  if (k - line >= 20) return 0;
  if (pv->kind == KR_TOK_PUNCT && !(pv->sent & SB_CLOSE)) return 0;
  return starts_upper(nx) || starts_digit(t, nx) || (nx->sent & (SB_OPEN | SB_DASH));
}

static int add_sentence(tz *t, kr_doc *doc, uint32_t *cap, uint32_t first, uint32_t last) {
  if (doc->n_sents == *cap) {
    kr_sentence *p = kr__arena_grow(t->arena, doc->sents, cap, doc->n_sents + 1, sizeof *p);
    if (!p) return KR_ENOMEM;
    doc->sents = p;
  }
  kr_sentence *se = &doc->sents[doc->n_sents];
  const kr_token *a = &t->toks[first], *z = &t->toks[last];
  se->tok = first;
  se->n_toks = last - first + 1;
  se->start = a->start;
  se->end = z->end;
  se->off = a->off;
  se->len = z->off + z->len - a->off;
  doc->n_sents++;
  return 0;
}

static int split_sentences(tz *t, kr_doc *doc) {
  uint32_t n = t->n_toks, cap = 0;
  uint32_t first = 0, line = 0;
  kr_token *toks = t->toks;
  doc->sents = NULL;
  doc->n_sents = 0;
  if (n == 0) return 0;
  cap = n / 16 + 4;
  doc->sents = kr__arena_alloc(t->arena, (size_t)cap * sizeof *doc->sents);
  if (!doc->sents) return KR_ENOMEM;
  for (uint32_t k = 0; k < n; k++) {
    uint32_t last = k;
    int cut = 0;
    if (nl_before(&toks[k])) line = k;
    if (k + 1 == n) {
      cut = 1;
    } else if (toks[k].sent & SB_TERM) {
      uint32_t j = k + 1;
      while (j < n && !(toks[j - 1].flags & KR_TOKF_SPACE_AFTER) &&
             (toks[j].sent & (SB_TERM | SB_CLOSE)))
        j++;
      last = j - 1;
      cut = j == n || ends_sentence(t, first, k, j);
    } else if (nl_before(&toks[k + 1]) >= 2) {
      cut = 1;
    } else if (nl_before(&toks[k + 1]) == 1) {
      cut = heading_break(t, line, k);
    }
    if (cut) {
      int rc = add_sentence(t, doc, &cap, first, last);
      if (rc) return rc;
      first = last + 1;
    }
    k = last;
  }
  /* the scratch bits are done with: store each token's sentence */
  for (uint32_t si = 0; si < doc->n_sents; si++) {
    const kr_sentence *se = &doc->sents[si];
    for (uint32_t i = se->tok; i < se->tok + se->n_toks; i++) toks[i].sent = si;
  }
  return 0;
}

/* ---- entry point ----------------------------------------------------------- */

int kr__tokenize(kr_doc *doc, kr_error *err) {
  if (!doc || !doc->arena || (!doc->text && doc->text_len))
    return kr__err_set(err, KR_EINVAL, 0, 0, "no document or text to tokenize");
  if (doc->text_len >= UINT32_MAX)
    return kr__err_set(err, KR_ETOOBIG, doc->text_len, 0, "document of %zu bytes is too big",
                       doc->text_len);
  tz t;
  memset(&t, 0, sizeof t);
  t.s = (const unsigned char *)(doc->text ? doc->text : "");
  t.n = doc->text_len;
  t.arena = doc->arena;
  doc->toks = NULL;
  doc->n_toks = 0;
  doc->sents = NULL;
  doc->n_sents = 0;
  if (t.n) {
    t.cap = (uint32_t)(t.n / 5 + 16);
    t.toks = kr__arena_alloc(t.arena, (size_t)t.cap * sizeof *t.toks);
    if (!t.toks) goto nomem;
  }
  const unsigned char *s = t.s;
  size_t n = t.n, i = 0;
  while (i < n) {
    unsigned c = s[i];
    int k, len = 1;
    int32_t cp = (int32_t)c;
    if (c < 0x80) k = ASCII_CLS[c];
    else k = cls_at(s, i, n, &len, &cp);
    if (k == C_SP) { i += (size_t)len; continue; }
    if (k == C_NL) {
      if (c == '\n' || cp == 0x85 || cp == 0x2028 || (c == '\r' && (i + 1 >= n || s[i + 1] != '\n')))
        t.nl++;
      else if (c == '\f' || cp == 0x2029)
        t.nl += 2;
      i += (size_t)len;
      continue;
    }
    /* a chunk: up to the next space */
    size_t j = i;
    int special = 0;
    while (j < n) {
      unsigned d = s[j];
      if (d < 0x80) {
        int dk = ASCII_CLS[d];
        if (dk == C_SP || dk == C_NL) break;
        special |= d == '@' || d == ':' || ((d | 0x20) == 'w' && j + 3 < n && s[j + 3] == '.');
        j++;
      } else {
        int dl;
        int dk = cls_at(s, j, n, &dl, NULL);
        if (is_space_cls(dk)) break;
        j += (size_t)dl;
      }
    }
    int rc = do_chunk(&t, i, j, special);
    if (rc) goto nomem;
    i = j;
  }
  cp_at(&t, n);
  doc->toks = t.toks;
  doc->n_toks = t.n_toks;
  doc->n_cp = t.cur_cp;
  if (split_sentences(&t, doc)) goto nomem;
  return 0;
nomem:
  doc->toks = NULL;
  doc->n_toks = 0;
  doc->sents = NULL;
  doc->n_sents = 0;
  return kr__err_set(err, KR_ENOMEM, 0, 0, "out of memory while tokenizing");
}
