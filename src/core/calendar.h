/* calendar.h — day numbers: drytex's days since 1970-01-01 in the proleptic Gregorian calendar,
 * and the Julian Day Numbers of the Julian and Gregorian calendars they are computed from. Pure
 * arithmetic, shared by every room (io/cftime.h builds the CF calendars on it). */
#ifndef DRYTEX_CALENDAR_H
#define DRYTEX_CALENDAR_H

enum { CALENDAR_JDN_UNIX_EPOCH = 2440588, CALENDAR_JDN_GREGORIAN_START = 2299161 /* 1582-10-15 */ };

long calendar_days_from_civil(int year, int month, int day); /* proleptic Gregorian → epoch day */
void calendar_civil_from_days(long epoch_day, int *year, int *month, int *day);

long calendar_jdn_from_gregorian(long year, long month, long day);
long calendar_jdn_from_julian(long year, long month, long day);
/* Julian Day Number → date in the Gregorian (gregorian != 0) or the Julian calendar. */
void calendar_date_from_jdn(long jdn, int gregorian, int *year, int *month, int *day);

#endif
