/* stations.h — in-situ soil-moisture stations from CSV and their half-monthly comparison with a
 * simulated daily series (the seed's station evaluation, science.md §5). */
#ifndef DRYTEX_STATIONS_H
#define DRYTEX_STATIONS_H

#include <stddef.h>

#include "ismn.h"
#include "status.h"

typedef struct {
    char name[64];
    double lat, lon;      /* [degrees] */
    double depth_from, depth_to; /* [m] the sensor's layer (ISMN); NaN when not known (CSV) */
    size_t count;         /* observations */
    long *day;            /* [count] days since 1970-01-01 */
    float *sm;            /* [count] m3 m-3 */
} station;

typedef struct {
    station *items;
    size_t count;
} station_set;

/* Reads CSV lines "station,lat,lon,date,sm" (a header line naming those columns first; date
 * YYYY-MM-DD; sm in m3 m-3, empty or NaN for none; rows of one station may come in any order
 * but its coordinates must not change). Errors name the file and line. */
int stations_read_csv(const char *path, station_set *out, dt_error *err);
void stations_free(station_set *set);

/* path: a station CSV as above (a file ending in .csv), or ISMN data: a .stm file, a station's
 * directory or a whole NETWORK/STATION tree, every station read with options (ismn.h; NULL: the
 * defaults) as its daily means. Stations with no layer within the depth or no day with enough
 * kept hours are left out (*skipped counts them, may be NULL); none left is an error. */
int stations_read(const char *path, const ismn_options *options, station_set *out, size_t *skipped, dt_error *err);

/* The station's observations on the days of a daily series (day 0 = first_day) → out[ndays]
 * (NaN where it has none; several on one day are averaged). */
void station_daily(const station *s, long first_day, size_t ndays, float *out);

/* RMSE of half-monthly means (days 1–15 and 16–end of each month) of simulated vs observed
 * over their common valid days; *half_months counts the half-months compared (NaN when none). */
double stations_half_monthly_rmse(const float *simulated, const float *observed, long first_day, size_t ndays,
                                  size_t *half_months);

#endif
