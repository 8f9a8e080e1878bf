/* calendar.c — day numbers by the Julian Day Number algorithms of Richards (2013, Explanatory
 * Supplement to the Astronomical Almanac, §15.11) for the Julian and Gregorian calendars. */
#include "calendar.h"

static long floor_div(long a, long b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

long calendar_jdn_from_gregorian(long y, long m, long d)
{
    long a = floor_div(14 - m, 12), yy = y + 4800 - a, mm = m + 12 * a - 3;
    return d + floor_div(153 * mm + 2, 5) + 365 * yy + floor_div(yy, 4) - floor_div(yy, 100) + floor_div(yy, 400) - 32045;
}

long calendar_jdn_from_julian(long y, long m, long d)
{
    long a = floor_div(14 - m, 12), yy = y + 4800 - a, mm = m + 12 * a - 3;
    return d + floor_div(153 * mm + 2, 5) + 365 * yy + floor_div(yy, 4) - 32083;
}

void calendar_date_from_jdn(long jdn, int gregorian, int *year, int *month, int *day)
{
    long f = jdn + 1401;
    if (gregorian) f += floor_div(floor_div(4 * jdn + 274277, 146097) * 3, 4) - 38;
    long e = 4 * f + 3, g = ((e % 1461) + 1461) % 1461 / 4, h = 5 * g + 2;
    *day = (int)((h % 153) / 5 + 1);
    *month = (int)((h / 153 + 2) % 12 + 1);
    *year = (int)(floor_div(e, 1461) - 4716 + (12 + 2 - *month) / 12);
}

long calendar_days_from_civil(int year, int month, int day)
{
    return calendar_jdn_from_gregorian(year, month, day) - CALENDAR_JDN_UNIX_EPOCH;
}

void calendar_civil_from_days(long epoch_day, int *year, int *month, int *day)
{
    calendar_date_from_jdn(epoch_day + CALENDAR_JDN_UNIX_EPOCH, 1, year, month, day);
}
