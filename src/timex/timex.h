/*
** timex/timex.h — the pieces of the time-expression stage shared between
** timex.c (rule loading and matching) and timex/norm.c (calendar arithmetic
** and TIMEX3 values). Not part of the API; the tests include it to check the
** arithmetic on its own.
**
** Days are counted from 1970-01-01 (proleptic Gregorian), weekdays are ISO
** (1 = Monday … 7 = Sunday).
*/
#ifndef KR_TIMEX_TIMEX_H
#define KR_TIMEX_TIMEX_H

#include <stddef.h>
#include <stdint.h>

/* ---- calendar (norm.c) ---------------------------------------------------- */
int64_t kr__tx_days(int y, int m, int d);                 /* civil date → day number */
void kr__tx_civil(int64_t days, int *y, int *m, int *d);  /* day number → civil date */
int kr__tx_weekday(int64_t days);                         /* 1..7, Monday first */
int kr__tx_leap(int y);
int kr__tx_month_days(int y, int m);                      /* 28..31; 0 for a bad month */
/* ISO 8601 week of a day: *wy gets the week-numbering year, *wn 1..53. */
void kr__tx_iso_week(int64_t days, int *wy, int *wn);
/* Shifts (y, m) by `delta` months. */
void kr__tx_add_months(int *y, int *m, int delta);
/* The day with ISO weekday `wd` relative to `anchor`: dir < 0 the latest one
** on or before the anchor's eve (strictly before unless same_ok), dir > 0 the
** next one after the anchor, dir == 0 the nearest (the anchor itself when it
** is that weekday; ties go forward). */
int64_t kr__tx_resolve_weekday(int64_t anchor, int wd, int dir, int same_ok);
/* Parses "YYYY-MM-DD" (anything after the date, such as a time, is ignored).
** Returns 1 and fills *days on success, 0 otherwise. */
int kr__tx_parse_date(const char *s, int64_t *days);

/* ---- values (norm.c) ------------------------------------------------------ */

/* What the matcher found: numeric slots, set bit by bit in `has`. */
enum kr_tx_slot {
  KR_TX_D = 0,    /* day of month */
  KR_TX_M,        /* month 1..12 */
  KR_TX_Y,        /* four-digit year */
  KR_TX_YY,       /* two-digit year, century from context */
  KR_TX_H,        /* hour */
  KR_TX_MIN,      /* minute */
  KR_TX_N,        /* a count (durations, sets, relative offsets) */
  KR_TX_WD,       /* weekday 1..7 */
  KR_TX_REL,      /* relative offset: -1 last, 0 this, +1 next */
  KR_TX_DEC,      /* decade: 60 for "lata 60." */
  KR_TX_CENT,     /* century: 20 for "XX w." */
  KR_TX_HALF,     /* half: 1 or 2 */
  KR_TX_Q,        /* quarter of a year: 1..4 */
  KR_TX__NUM
};
/* String slots: unit ("Y","M","W","D","H","MIN","S","Q","WE"), part of day
** ("MO","AF","EV","NI"), season ("SP","SU","FA","WI"), a whole value ("P2D"). */
enum kr_tx_sslot { KR_TX_UNIT = 0, KR_TX_PD, KR_TX_SEASON, KR_TX_VAL, KR_TX__STR };

typedef struct kr_tx_slots {
  double num[KR_TX__NUM];
  const char *str[KR_TX__STR];
  unsigned has;          /* bit (1 << slot) for numeric slots */
  unsigned vague;        /* a vague quantity ("kilka") was seen */
} kr_tx_slots;

/* The normalisation actions a rule may name. */
enum kr_tx_action {
  KR_TXA_LIT = 0,   /* the literal value given in the rule, or the VAL slot */
  KR_TXA_DATE,      /* from Y/YY/M/D (+ H/MIN, PD, SEASON, HALF), or Y + Q */
  KR_TXA_TODAY,     /* document date + arg days */
  KR_TXA_REL,       /* document date shifted by REL or ±N units, at the unit's granularity */
  KR_TXA_LAST,      /* last fully specified date (+ arg or ±N units) */
  KR_TXA_WEEKDAY,   /* WD resolved by the clause's tense (arg: -1/0/+1 forces a direction) */
  KR_TXA_DUR,       /* P<N><UNIT> or VAGUE */
  KR_TXA_SET,       /* P<N><UNIT> of a set */
  KR_TXA_DECADE,    /* DEC (+ CENT) → "197" */
  KR_TXA_CENTURY,   /* CENT → "19" (+ HALF → "19-H2") */
  KR_TXA_TIME,      /* H/MIN on the date in context */
  KR_TXA__COUNT
};

/* Normalisation context carried through one document, in text order. */
typedef struct kr_tx_ctx {
  int have_doc;          /* the document has a date */
  int64_t doc_day;       /* its day number */
  int have_ref;          /* a fully specified date was seen (or the doc date) */
  int64_t ref_day;       /* the last one */
  int last_year;         /* last four-digit year mentioned, 0 if none */
  int tense;             /* of the current clause: -1 past, 0 unknown/present, +1 future */
  int ctx_y, ctx_m, ctx_d; /* last explicit full date of the text (0 = none) … */
  uint32_t ctx_sent;       /* … the sentence it was in */
  uint32_t cur_sent;       /* sentence of the expression being normalised */
} kr_tx_ctx;

/* Writes the TIMEX3 value into out[cap] for `action`, updating the context.
** `sign` is the direction of ±N offsets (-1 "temu", +1 "później"). `arg` is the
** rule's numeric argument, `lit` its literal. Returns 0, or -1 when the slots
** do not make a valid value (the match is then dropped). */
int kr__tx_normalise(kr_tx_ctx *ctx, int action, double arg, int has_arg, const char *lit,
                     const kr_tx_slots *s, char *out, size_t cap);

#endif
