/*
** timex/norm.c — calendar arithmetic and TIMEX3 values for the time stage.
**
** Exports the kr__tx_* functions of timex/timex.h. The calendar is the
** proleptic Gregorian one with days counted from 1970-01-01 (the "days from
** civil" algorithm of H. Hinnant), so differences and weekdays are plain
** integer arithmetic. Values follow TimeML/TIMEX3: "2025-10-12", "2025-10",
** "2025-W40", "2025-10-12TMO", "2025-10-12T14:30", "P5Y", "PT30M", "XXXX-10-01".
** Whatever needs an anchor and finds none is written with X's.
*/
#include "timex/timex.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- calendar -------------------------------------------------------------- */

int64_t kr__tx_days(int y, int m, int d) {
  int64_t yy = (int64_t)y - (m <= 2);
  int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  int64_t yoe = yy - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void kr__tx_civil(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
  int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (mm <= 2));
  *m = mm;
  *d = dd;
}

int kr__tx_weekday(int64_t days) {
  int64_t w = (days + 3) % 7;   /* 1970-01-01 was a Thursday */
  if (w < 0) w += 7;
  return (int)w + 1;
}

int kr__tx_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int kr__tx_month_days(int y, int m) {
  static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return len[m - 1] + (m == 2 && kr__tx_leap(y));
}

void kr__tx_iso_week(int64_t days, int *wy, int *wn) {
  int wd = kr__tx_weekday(days);
  int64_t thursday = days - wd + 4;   /* the week belongs to its Thursday's year */
  int y, m, d;
  kr__tx_civil(thursday, &y, &m, &d);
  *wy = y;
  *wn = (int)((thursday - kr__tx_days(y, 1, 1)) / 7) + 1;
}

void kr__tx_add_months(int *y, int *m, int delta) {
  int64_t idx = (int64_t)*y * 12 + (*m - 1) + delta;
  int64_t yy = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);
  *y = (int)yy;
  *m = (int)(idx - yy * 12) + 1;
}

int64_t kr__tx_resolve_weekday(int64_t anchor, int wd, int dir, int same_ok) {
  int cur = kr__tx_weekday(anchor);
  int back = (cur - wd + 7) % 7;     /* days back to the latest such day (0 = today) */
  int fwd = (wd - cur + 7) % 7;      /* days forward */
  if (dir < 0) return anchor - (back == 0 && !same_ok ? 7 : back);
  if (dir > 0) return anchor + (fwd == 0 && !same_ok ? 7 : fwd);
  if (back == 0) return anchor;
  return fwd <= back ? anchor + fwd : anchor - back;
}

int kr__tx_parse_date(const char *s, int64_t *days) {
  int v[3] = {0, 0, 0}, widths[3] = {4, 2, 2};
  if (!s) return 0;
  for (int k = 0; k < 3; k++) {
    for (int i = 0; i < widths[k]; i++, s++) {
      if (*s < '0' || *s > '9') return 0;
      v[k] = v[k] * 10 + (*s - '0');
    }
    if (k < 2 && *s++ != '-') return 0;
  }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > kr__tx_month_days(v[0], v[1])) return 0;
  *days = kr__tx_days(v[0], v[1], v[2]);
  return 1;
}

/* ---- values ---------------------------------------------------------------- */

/* A clock time alone takes the date of the last date-and-time expression
** ("wtorek 6 października, godz. 15.00 – 16.00", a schedule's next lines) if
** that was at most this many sentences before; else it stays "Thh:mm". */
#ifndef KR_TX_TIME_REACH
#define KR_TX_TIME_REACH 8
#endif

#define HAS(s, k) (((s)->has >> (k)) & 1u)

static int num_i(const kr_tx_slots *s, int k) { return (int)lround(s->num[k]); }

/* "5", "0.5", "1.5": the shortest decimal form of a count. */
static void fmt_count(char *out, size_t cap, double n) {
  if (fabs(n - floor(n)) < 1e-9) snprintf(out, cap, "%lld", (long long)llround(n));
  else snprintf(out, cap, "%g", n);
}

static int is_time_unit(const char *u) { return !strcmp(u, "H") || !strcmp(u, "MIN") || !strcmp(u, "S"); }

/* P<n><unit> / PT<n><unit>, halves of hours and minutes moved down a unit. */
static int fmt_duration(char *out, size_t cap, double n, const char *unit) {
  char c[32];
  if (!unit) return -1;
  if (fabs(n - floor(n)) > 1e-9 && (!strcmp(unit, "H") || !strcmp(unit, "MIN"))) {
    n *= 60;
    unit = !strcmp(unit, "H") ? "MIN" : "S";
  }
  fmt_count(c, sizeof c, n);
  if (is_time_unit(unit))
    snprintf(out, cap, "PT%s%s", c, !strcmp(unit, "MIN") ? "M" : unit);
  else if (!strcmp(unit, "DE"))
    fmt_count(c, sizeof c, n * 10), snprintf(out, cap, "P%sY", c);
  else if (!strcmp(unit, "CE"))
    fmt_count(c, sizeof c, n * 100), snprintf(out, cap, "P%sY", c);
  else if (!strcmp(unit, "Q"))
    fmt_count(c, sizeof c, n * 3), snprintf(out, cap, "P%sM", c);
  else if (!strcmp(unit, "WE"))
    snprintf(out, cap, "P%sWE", c);
  else
    snprintf(out, cap, "P%s%s", c, unit);
  return 0;
}

static void fmt_day(char *out, size_t cap, int64_t day) {
  int y, m, d;
  kr__tx_civil(day, &y, &m, &d);
  snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

static void note_date(kr_tx_ctx *ctx, int y, int m, int d) {
  ctx->have_ref = 1;
  ctx->ref_day = kr__tx_days(y, m, d);
  ctx->last_year = y;
}

/* Appends "T<part of day>" or "Thh:mm" when the slots carry one. */
static void add_clock(char *out, size_t cap, const kr_tx_slots *s) {
  size_t n = strlen(out);
  if (n >= cap) return;
  if (HAS(s, KR_TX_H))
    snprintf(out + n, cap - n, "T%02d:%02d", num_i(s, KR_TX_H), HAS(s, KR_TX_MIN) ? num_i(s, KR_TX_MIN) : 0);
  else if (s->str[KR_TX_PD])
    snprintf(out + n, cap - n, "T%s", s->str[KR_TX_PD]);
}

/* A value at the granularity of `unit`, `off` units away from day `base`. */
static int fmt_shifted(char *out, size_t cap, int64_t base, const char *unit, int off) {
  int y, m, d;
  kr__tx_civil(base, &y, &m, &d);
  if (!strcmp(unit, "Y")) snprintf(out, cap, "%04d", y + off);
  else if (!strcmp(unit, "M")) kr__tx_add_months(&y, &m, off), snprintf(out, cap, "%04d-%02d", y, m);
  else if (!strcmp(unit, "Q")) {
    int q = (m - 1) / 3 + off, yq = y + (q >= 0 ? q / 4 : -((-q + 3) / 4));
    q -= (yq - y) * 4;
    snprintf(out, cap, "%04d-Q%d", yq, q + 1);
  } else if (!strcmp(unit, "W") || !strcmp(unit, "WE")) {
    int wy, wn;
    kr__tx_iso_week(base + 7 * (int64_t)off, &wy, &wn);
    snprintf(out, cap, !strcmp(unit, "WE") ? "%04d-W%02d-WE" : "%04d-W%02d", wy, wn);
  } else if (!strcmp(unit, "D")) fmt_day(out, cap, base + off);
  else if (!strcmp(unit, "DE")) snprintf(out, cap, "%03d", y / 10 + off);
  else if (!strcmp(unit, "CE")) snprintf(out, cap, "%02d", y / 100 + off);
  else return -1;
  return 0;
}

static const char *unanchored(const char *unit) {
  if (!strcmp(unit, "Y")) return "XXXX";
  if (!strcmp(unit, "M")) return "XXXX-XX";
  if (!strcmp(unit, "W")) return "XXXX-WXX";
  if (!strcmp(unit, "Q")) return "XXXX-QX";
  return "XXXX-XX-XX";
}

/* Offset in units: REL slot, else ±N (sign from the rule's arg), else the arg. */
static int offset_of(const kr_tx_slots *s, double arg, int has_arg) {
  if (HAS(s, KR_TX_N)) return (int)lround(s->num[KR_TX_N] * (has_arg ? arg : 1));
  if (HAS(s, KR_TX_REL)) return num_i(s, KR_TX_REL);
  return has_arg ? (int)lround(arg) : 0;
}

static int year_of(kr_tx_ctx *ctx, const kr_tx_slots *s, int *y) {
  if (HAS(s, KR_TX_YY)) {   /* "1987-94": the century of the year before */
    int base = HAS(s, KR_TX_Y) ? num_i(s, KR_TX_Y) : ctx->last_year;
    if (!base && ctx->have_doc) { int m, d; kr__tx_civil(ctx->doc_day, &base, &m, &d); }
    if (!base) base = 2000;
    *y = base / 100 * 100 + num_i(s, KR_TX_YY);
    return 1;
  }
  if (HAS(s, KR_TX_Y)) { *y = num_i(s, KR_TX_Y); return 1; }
  if (HAS(s, KR_TX_REL) && ctx->have_doc) {   /* "maja przyszłego roku" */
    int m, d;
    kr__tx_civil(ctx->doc_day, y, &m, &d);
    *y += num_i(s, KR_TX_REL);
    return 1;
  }
  if (ctx->have_doc) {
    /* The document's year, moved by the clause's tense: a month still to come
    ** told in the past tense was last year's, one gone by in the future tense
    ** is next year's. */
    int dm, dd;
    kr__tx_civil(ctx->doc_day, y, &dm, &dd);
    if (HAS(s, KR_TX_M)) {
      int m = num_i(s, KR_TX_M);
      if (ctx->tense < 0 && m > dm) (*y)--;
      else if (ctx->tense > 0 && m < dm) (*y)++;
    }
    return 1;
  }
  return 0;
}

static int do_date(kr_tx_ctx *ctx, const kr_tx_slots *s, char *out, size_t cap, int dir_forced,
                   int dir) {
  int y = 0, have_y = year_of(ctx, s, &y);
  if (HAS(s, KR_TX_M)) {
    int m = num_i(s, KR_TX_M);
    if (m < 1 || m > 12) return -1;
    if (HAS(s, KR_TX_D)) {
      int d = num_i(s, KR_TX_D);
      if (d < 1 || d > (have_y ? kr__tx_month_days(y, m) : kr__tx_month_days(2000, m))) return -1;
      if (have_y) {
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
        note_date(ctx, y, m, d);
        if (HAS(s, KR_TX_H)) ctx->ctx_y = y, ctx->ctx_m = m, ctx->ctx_d = d, ctx->ctx_sent = ctx->cur_sent;
      } else {
        snprintf(out, cap, "XXXX-%02d-%02d", m, d);
      }
      add_clock(out, cap, s);
      return 0;
    }
    if (have_y) snprintf(out, cap, "%04d-%02d", y, m);
    else snprintf(out, cap, "XXXX-%02d", m);
    if (HAS(s, KR_TX_HALF)) {
      size_t n = strlen(out);
      snprintf(out + n, cap - n, "-H%d", num_i(s, KR_TX_HALF));
    }
    return 0;
  }
  if (HAS(s, KR_TX_WD)) {
    int wd = num_i(s, KR_TX_WD);
    if (wd < 1 || wd > 7) return -1;
    if (!ctx->have_doc) {
      snprintf(out, cap, "XXXX-WXX-%d", wd);
    } else {
      int64_t day = kr__tx_resolve_weekday(ctx->doc_day, wd, dir_forced ? dir : ctx->tense, 1);
      fmt_day(out, cap, day);
      int yy, mm, dd;
      kr__tx_civil(day, &yy, &mm, &dd);
      if (HAS(s, KR_TX_H)) ctx->ctx_y = yy, ctx->ctx_m = mm, ctx->ctx_d = dd, ctx->ctx_sent = ctx->cur_sent;
    }
    add_clock(out, cap, s);
    return 0;
  }
  if (HAS(s, KR_TX_Q)) {   /* "w I kwartale 2025 r." → 2025-Q1 */
    int q = num_i(s, KR_TX_Q);
    if (q < 1 || q > 4) return -1;
    if (have_y) snprintf(out, cap, "%04d-Q%d", y, q);
    else snprintf(out, cap, "XXXX-Q%d", q);
    return 0;
  }
  if (s->str[KR_TX_SEASON]) {
    if (HAS(s, KR_TX_Y) || HAS(s, KR_TX_REL) || ctx->have_doc)
      snprintf(out, cap, "%04d-%s", y, s->str[KR_TX_SEASON]);
    else
      snprintf(out, cap, "XXXX-%s", s->str[KR_TX_SEASON]);
    return 0;
  }
  if (HAS(s, KR_TX_Y) || HAS(s, KR_TX_YY)) {
    if (y < 1000 || y > 2999) return -1;
    ctx->last_year = y;
    snprintf(out, cap, "%04d", y);
    return 0;
  }
  if (HAS(s, KR_TX_REL)) {   /* "tym roku" without a unit handled by rel */
    if (!have_y) { snprintf(out, cap, "XXXX"); return 0; }
    snprintf(out, cap, "%04d", y);
    return 0;
  }
  return -1;
}

int kr__tx_normalise(kr_tx_ctx *ctx, int action, double arg, int has_arg, const char *lit,
                     const kr_tx_slots *s, char *out, size_t cap) {
  const char *unit = s->str[KR_TX_UNIT] ? s->str[KR_TX_UNIT] : lit;
  out[0] = '\0';
  switch (action) {
  case KR_TXA_LIT:
    if (s->str[KR_TX_VAL]) lit = s->str[KR_TX_VAL];
    if (!lit) return -1;
    snprintf(out, cap, "%s", lit);
    return 0;
  case KR_TXA_DATE:
    return do_date(ctx, s, out, cap, 0, 0);
  case KR_TXA_WEEKDAY:
    return do_date(ctx, s, out, cap, has_arg, (int)lround(arg));
  case KR_TXA_TODAY:
    if (!ctx->have_doc) snprintf(out, cap, "XXXX-XX-XX");
    else fmt_day(out, cap, ctx->doc_day + (has_arg ? (int64_t)lround(arg) : 0));
    add_clock(out, cap, s);
    return 0;
  case KR_TXA_REL:
    if (!unit) return -1;
    if (!ctx->have_doc) { snprintf(out, cap, "%s", unanchored(unit)); return 0; }
    return fmt_shifted(out, cap, ctx->doc_day, unit, offset_of(s, arg, has_arg));
  case KR_TXA_LAST:
    if (!unit) unit = "D";
    if (!ctx->have_ref) { snprintf(out, cap, "%s", unanchored(unit)); return 0; }
    return fmt_shifted(out, cap, ctx->ref_day, unit, offset_of(s, arg, has_arg));
  case KR_TXA_DUR:
    if (s->vague) { snprintf(out, cap, "VAGUE"); return 0; }
    return fmt_duration(out, cap, HAS(s, KR_TX_N) ? s->num[KR_TX_N] : 1, unit);
  case KR_TXA_SET:
    return fmt_duration(out, cap, HAS(s, KR_TX_N) ? s->num[KR_TX_N] : 1, unit);
  case KR_TXA_DECADE: {
    if (!HAS(s, KR_TX_DEC)) return -1;
    int dec = num_i(s, KR_TX_DEC);
    if (dec >= 1000) { snprintf(out, cap, "%03d", dec / 10); return 0; }
    if (dec % 10 || dec < 0 || dec > 90) return -1;
    int cent = HAS(s, KR_TX_CENT) ? num_i(s, KR_TX_CENT) : 20;
    snprintf(out, cap, "%02d%d", cent - 1, dec / 10);
    return 0;
  }
  case KR_TXA_CENTURY: {
    if (!HAS(s, KR_TX_CENT)) return -1;
    int cent = num_i(s, KR_TX_CENT);
    if (cent < 1 || cent > 30) return -1;
    if (HAS(s, KR_TX_HALF)) snprintf(out, cap, "%02d-H%d", cent - 1, num_i(s, KR_TX_HALF));
    else snprintf(out, cap, "%02d", cent - 1);
    return 0;
  }
  case KR_TXA_TIME: {
    if (!HAS(s, KR_TX_H)) return -1;
    int h = num_i(s, KR_TX_H), mi = HAS(s, KR_TX_MIN) ? num_i(s, KR_TX_MIN) : 0;
    if (h < 0 || h > 24 || mi < 0 || mi > 59) return -1;
    if (HAS(s, KR_TX_M) || HAS(s, KR_TX_WD)) return do_date(ctx, s, out, cap, 0, 0);
    if (ctx->ctx_d && ctx->cur_sent - ctx->ctx_sent <= KR_TX_TIME_REACH) snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d", ctx->ctx_y, ctx->ctx_m, ctx->ctx_d, h, mi);
    else snprintf(out, cap, "T%02d:%02d", h, mi);
    return 0;
  }
  default:
    return -1;
  }
}
