/* cftime.c — CF time (CF conventions 1.8 §4.4.1 calendars), on the Julian Day Numbers of
 * calendar.h; the standard calendar is Julian before 1582-10-15 and Gregorian from it on. */
#include "cftime.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static long floor_div(long a, long b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/* A day count in the calendar's own numbering (any fixed origin) ↔ date. */
static long calendar_day(cf_calendar c, int y, int m, int d)
{
    long before = 0;
    switch (c) {
    case CAL_360_DAY: return 360L * y + 30L * (m - 1) + (d - 1);
    case CAL_NOLEAP:
    case CAL_ALL_LEAP:
        for (int k = 0; k < m - 1; k++) before += month_days[k] + (c == CAL_ALL_LEAP && k == 1);
        return (c == CAL_NOLEAP ? 365L : 366L) * y + before + (d - 1);
    case CAL_JULIAN: return calendar_jdn_from_julian(y, m, d);
    case CAL_PROLEPTIC_GREGORIAN: return calendar_jdn_from_gregorian(y, m, d);
    case CAL_STANDARD: {
        long g = calendar_jdn_from_gregorian(y, m, d);
        return g >= CALENDAR_JDN_GREGORIAN_START ? g : calendar_jdn_from_julian(y, m, d);
    }
    }
    return 0;
}

static void calendar_date(cf_calendar c, long n, int *y, int *m, int *d)
{
    if (c == CAL_360_DAY) {
        *y = (int)floor_div(n, 360);
        long r = n - 360L * *y;
        *m = (int)(r / 30) + 1;
        *d = (int)(r % 30) + 1;
    } else if (c == CAL_NOLEAP || c == CAL_ALL_LEAP) {
        long length = c == CAL_NOLEAP ? 365 : 366;
        *y = (int)floor_div(n, length);
        long r = n - length * *y;
        int k = 0;
        for (; k < 11; k++) {
            long days = month_days[k] + (c == CAL_ALL_LEAP && k == 1);
            if (r < days) break;
            r -= days;
        }
        *m = k + 1;
        *d = (int)r + 1;
    } else {
        int gregorian = c == CAL_PROLEPTIC_GREGORIAN || (c == CAL_STANDARD && n >= CALENDAR_JDN_GREGORIAN_START);
        calendar_date_from_jdn(n, gregorian, y, m, d);
    }
}

const char *cftime_calendar_name(cf_calendar c)
{
    static const char *const names[] = {"standard", "proleptic_gregorian", "noleap", "all_leap", "360_day", "julian"};
    return c <= CAL_JULIAN ? names[c] : "unknown";
}

static int parse_calendar(const char *text, cf_calendar *c)
{
    static const struct { const char *name; cf_calendar calendar; } known[] = {
        {"standard", CAL_STANDARD}, {"gregorian", CAL_STANDARD}, {"proleptic_gregorian", CAL_PROLEPTIC_GREGORIAN},
        {"noleap", CAL_NOLEAP}, {"365_day", CAL_NOLEAP}, {"all_leap", CAL_ALL_LEAP}, {"366_day", CAL_ALL_LEAP},
        {"360_day", CAL_360_DAY}, {"julian", CAL_JULIAN}};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strcasecmp(text, known[i].name) == 0) {
            *c = known[i].calendar;
            return 1;
        }
    return 0;
}

static double unit_seconds(const char *word)
{
    static const struct { const char *name; double seconds; } units[] = {
        {"days", 86400}, {"day", 86400}, {"d", 86400}, {"hours", 3600}, {"hour", 3600}, {"hr", 3600},
        {"hrs", 3600}, {"h", 3600}, {"minutes", 60}, {"minute", 60}, {"min", 60}, {"mins", 60},
        {"seconds", 1}, {"second", 1}, {"sec", 1}, {"secs", 1}, {"s", 1}};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (strcasecmp(word, units[i].name) == 0) return units[i].seconds;
    return 0;
}

static int valid_date(cf_calendar c, int y, int m, int d)
{
    if (m < 1 || m > 12 || d < 1) return 0;
    if (c == CAL_360_DAY) return d <= 30;
    int leap;
    switch (c) {
    case CAL_NOLEAP: leap = 0; break;
    case CAL_ALL_LEAP: leap = 1; break;
    case CAL_JULIAN: leap = y % 4 == 0; break;
    case CAL_STANDARD:
        if (y == 1582 && m == 10 && d > 4 && d < 15) return 0; /* the days the reform dropped */
        leap = y < 1583 ? y % 4 == 0 : (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        break;
    default: leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); break;
    }
    return d <= month_days[m - 1] + (m == 2 && leap);
}

/* "YYYY-M-D[ T]h:m:s[.f][Z| UTC| +00:00]" */
static int parse_reference(const char *text, cf_time_units *u)
{
    int consumed = 0, h = 0, mi = 0;
    double s = 0;
    /* Field widths: a longer year ("99999999999-01-01") overflowed %d into another year. */
    if (sscanf(text, "%6d-%2d-%2d%n", &u->year, &u->month, &u->day, &consumed) != 3) return 0;
    const char *rest = text + consumed;
    if (*rest == 'T' || *rest == ' ') {
        int more = 0;
        if (sscanf(rest + 1, "%2d:%2d%n", &h, &mi, &more) == 2) {
            rest += 1 + more;
            if (*rest == ':') {
                char *end;
                s = strtod(rest + 1, &end);
                if (end == rest + 1) return 0;
                rest = end;
            }
        } else if (sscanf(rest + 1, "%2d%n", &h, &more) == 1) {
            rest += 1 + more;
        }
    }
    while (*rest == ' ') rest++;
    if (*rest && strcmp(rest, "Z") != 0 && strcasecmp(rest, "UTC") != 0 && strcasecmp(rest, "GMT") != 0 &&
        strcmp(rest, "+00:00") != 0 && strcmp(rest, "+0000") != 0 && strcmp(rest, "00:00") != 0 &&
        strcmp(rest, "+0:00") != 0)
        return 0;
    if (h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s >= 61) return 0;
    u->seconds_of_day = h * 3600.0 + mi * 60.0 + s;
    return 1;
}

int cftime_parse_units(const char *units, const char *calendar, cf_time_units *out, dt_error *err)
{
    memset(out, 0, sizeof *out);
    out->calendar = CAL_STANDARD;
    if (calendar && *calendar && !parse_calendar(calendar, &out->calendar))
        return dt_error_set(err, DT_ERR_FORMAT, "time: unknown calendar '%s'", calendar);
    char word[32];
    int consumed = 0;
    const char *since = units ? strstr(units, " since ") : NULL;
    if (!units || !since || sscanf(units, "%31s%n", word, &consumed) != 1 || units + consumed != since)
        return dt_error_set(err, DT_ERR_FORMAT, "time: units '%s' are not 'UNITS since DATE'", units ? units : "");
    out->seconds_per_unit = unit_seconds(word);
    if (out->seconds_per_unit == 0)
        return dt_error_set(err, DT_ERR_FORMAT, "time: unknown time unit '%s' in '%s'", word, units);
    const char *date = since + strlen(" since ");
    while (*date == ' ') date++;
    if (!parse_reference(date, out) || !valid_date(out->calendar, out->year, out->month, out->day))
        return dt_error_set(err, DT_ERR_FORMAT, "time: bad reference date in '%s'", units);
    return DT_OK;
}

int cftime_to_date(const cf_time_units *u, double value, int *year, int *month, int *day,
                   double *seconds_of_day)
{
    double seconds = u->seconds_of_day + value * u->seconds_per_unit;
    if (!isfinite(seconds) || fabs(seconds) > 1e15) return DT_ERR_VALUE;
    double days = floor(seconds / 86400.0);
    long n = calendar_day(u->calendar, u->year, u->month, u->day) + (long)days;
    calendar_date(u->calendar, n, year, month, day);
    if (seconds_of_day) *seconds_of_day = seconds - days * 86400.0;
    return DT_OK;
}

int cftime_to_epoch_day(const cf_time_units *u, double value, long *epoch_day)
{
    int y, m, d;
    double s;
    if (cftime_to_date(u, value, &y, &m, &d, &s) != DT_OK) return DT_ERR_VALUE;
    /* A time within a minute before midnight is the next day: ESA CCI v02.2 stores 2014-01-01 as
     * 16070.9999999995 days since 1970-01-01, 43 µs before it (a float rounding of the producer). */
    if (s >= 86400.0 - CFTIME_MIDNIGHT_SLACK &&
        cftime_to_date(u, value + CFTIME_MIDNIGHT_SLACK / u->seconds_per_unit, &y, &m, &d, &s) != DT_OK)
        return DT_ERR_VALUE;
    if (u->calendar == CAL_STANDARD || u->calendar == CAL_JULIAN) {
        *epoch_day = calendar_day(u->calendar, y, m, d) - CALENDAR_JDN_UNIX_EPOCH;
        return DT_OK;
    }
    if (!valid_date(CAL_PROLEPTIC_GREGORIAN, y, m, d)) { /* 02-29, 02-30 of a common year */
        m = 3;
        d = 1;
    }
    *epoch_day = calendar_days_from_civil(y, m, d);
    return DT_OK;
}

static int plausible(int y, int m, int d)
{
    return y >= 1900 && y <= 2200 && valid_date(CAL_PROLEPTIC_GREGORIAN, y, m, d);
}

/* Collects the dates a base name carries; returns how many distinct ones were found. */
static int find_dates(const char *name, long *found)
{
    int count = 0;
    for (const char *p = name; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > name && isdigit((unsigned char)p[-1]))) continue;
        size_t run = strspn(p, "0123456789");
        int y, m, d, doy;
        long day = 0;
        int ok = 0;
        if ((run == 8 || run == 10 || run == 12 || run == 14) && sscanf(p, "%4d%2d%2d", &y, &m, &d) == 3 && plausible(y, m, d)) {
            day = calendar_days_from_civil(y, m, d), ok = 1;
        } else if (run == 4 && sscanf(p, "%4d-%2d-%2d", &y, &m, &d) == 3 && p[4] == '-' && plausible(y, m, d)) {
            day = calendar_days_from_civil(y, m, d), ok = 1;
        } else if (run == 7 && p > name && p[-1] == 'A' && sscanf(p, "%4d%3d", &y, &doy) == 2 && y >= 1900 &&
                   doy >= 1 && doy <= 366) {
            day = calendar_days_from_civil(y, 1, 1) + doy - 1, ok = 1;
        }
        if (ok && (count == 0 || found[0] != day)) {
            if (count < 2) found[count] = day;
            count++;
        }
        p += run - 1;
    }
    return count;
}

int cftime_date_from_filename(const char *path, long *epoch_day)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    long found[2];
    int count = find_dates(base, found);
    if (count != 1) return DT_ERR_FORMAT;
    *epoch_day = found[0];
    return DT_OK;
}
