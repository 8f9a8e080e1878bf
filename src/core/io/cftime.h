/* cftime.h — CF time: "UNITS since DATE" with the CF calendars (CF conventions 1.8 §4.4). */
#ifndef DRYTEX_CFTIME_H
#define DRYTEX_CFTIME_H

#include "calendar.h"
#include "status.h"

typedef enum {
    CAL_STANDARD,            /* mixed Julian/Gregorian, switching after 1582-10-04 (alias gregorian) */
    CAL_PROLEPTIC_GREGORIAN,
    CAL_NOLEAP,              /* alias 365_day */
    CAL_ALL_LEAP,            /* alias 366_day */
    CAL_360_DAY,
    CAL_JULIAN
} cf_calendar;

typedef struct {
    double seconds_per_unit;
    int year, month, day;    /* the reference date, in the calendar */
    double seconds_of_day;   /* the reference time of day [s] */
    cf_calendar calendar;
} cf_time_units;

/* Parses "days since 1970-01-01", "hours since 1900-1-1 00:00:00", "seconds since
 * 2015-01-01T00:00:00Z", "days since 1970-01-01 00:00:00 UTC"; calendar NULL = standard.
 * Unknown units or calendar → DT_ERR_FORMAT naming the string. */
int cftime_parse_units(const char *units, const char *calendar, cf_time_units *out, dt_error *err);

/* value (in the units) → calendar date and time of day. */
int cftime_to_date(const cf_time_units *u, double value, int *year, int *month, int *day,
                   double *seconds_of_day);

/* [s] a time this close before midnight belongs to the next day (cftime_to_epoch_day) */
#define CFTIME_MIDNIGHT_SLACK 60.0

/* value → drytex's day number: days since 1970-01-01 in the proleptic Gregorian calendar; a time
 * within CFTIME_MIDNIGHT_SLACK before midnight is the next day. Dates
 * of the non-real calendars are taken as the same calendar date (360_day: day 30 of a 31-day
 * month stays day 30; 02-29/02-30 of a year without them become 03-01). */
int cftime_to_epoch_day(const cf_time_units *u, double value, long *epoch_day);


/* A YYYYMMDD (or YYYY-MM-DD, or YYYYDOY after an 'A' as in MODIS-like names) date in the base
 * name of path; DT_ERR_FORMAT when there is none or more than one. */
int cftime_date_from_filename(const char *path, long *epoch_day);

const char *cftime_calendar_name(cf_calendar calendar);

#endif
