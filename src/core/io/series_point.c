/* series_point.c — a point series as a series source: an ISMN station or a CSV of date,sm. */
#include "series_point.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "ismn.h"

static int has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    return n >= m && strcasecmp(path + n - m, suffix) == 0;
}

int series_point_is_path(const char *path)
{
    return has_suffix(path, ".csv") || ismn_is_station_path(path);
}

/* "YYYY-MM-DD" or "YYYY/MM/DD", optionally followed by a time: the epoch day. */
static int csv_date(const char *text, long *day)
{
    int y, m, d;
    char s1, s2;
    if (sscanf(text, "%4d%c%2d%c%2d", &y, &s1, &m, &s2, &d) != 5 || s1 != s2 || (s1 != '-' && s1 != '/') || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return 0;
    *day = calendar_days_from_civil(y, m, d);
    return 1;
}

typedef struct {
    long day;
    double value; /* [m3 m-3] */
} csv_row;

/* A CSV "date,sm" (a header line and # comments allowed; several values a day are averaged;
 * empty, NaN or negative values are missing). Units: m3 m-3. */
static int read_csv(series_source *s, const char *path, dt_error *err)
{
    FILE *file = fopen(path, "r");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be opened", path);
    char line[512];
    size_t number = 0, count = 0, capacity = 0;
    csv_row *rows = NULL;
    int status = DT_OK;
    while (status == DT_OK && fgets(line, sizeof line, file)) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        char *comma = strchr(line, ',');
        long day;
        if (line[0] == '#' || line[0] == '\0') continue;
        if (!comma || !csv_date(line, &day)) {
            if (count == 0 && number == 1) continue; /* a header */
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: line %zu: not 'date,sm' (YYYY-MM-DD,value)", path, number);
            break;
        }
        char *end;
        double value = strtod(comma + 1, &end);
        while (isspace((unsigned char)*end)) end++;
        if (end == comma + 1 || (*end && *end != ',')) {
            if (strspn(comma + 1, " ") == strlen(comma + 1)) continue; /* empty: missing */
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: line %zu: '%s' is not a number", path, number, comma + 1);
            break;
        }
        if (!isfinite(value) || value < 0) continue;
        if (count == capacity) rows = dt_realloc(rows, (capacity = capacity ? capacity * 2 : 1024) * sizeof *rows);
        rows[count++] = (csv_row){day, value};
    }
    fclose(file);
    if (status == DT_OK && count == 0) status = dt_error_set(err, DT_ERR_NODATA, "%s: no value", path);
    if (status == DT_OK) {
        long first = rows[0].day, last = rows[0].day;
        for (size_t i = 1; i < count; i++) {
            if (rows[i].day < first) first = rows[i].day;
            if (rows[i].day > last) last = rows[i].day;
        }
        s->first_day = first;
        s->ndays = (size_t)(last - first + 1);
        double *sum = dt_calloc(s->ndays, sizeof *sum);
        size_t *n = dt_calloc(s->ndays, sizeof *n);
        for (size_t i = 0; i < count; i++) {
            sum[rows[i].day - first] += rows[i].value;
            n[rows[i].day - first]++;
        }
        s->point = dt_malloc(s->ndays * sizeof *s->point);
        for (size_t d = 0; d < s->ndays; d++) s->point[d] = n[d] ? (float)(sum[d] / (double)n[d]) : NAN;
        free(sum);
        free(n);
        snprintf(s->point_description, sizeof s->point_description, "%s: %zu values, date,sm CSV", path, count);
        s->point_lat = 0.0; /* a CSV says nothing of where */
        s->point_lon = 0.0;
    }
    free(rows);
    return status;
}

static int read_station(series_source *s, const char *path, dt_error *err)
{
    ismn_station station;
    int status = ismn_read(path, &s->options.station, &station, err);
    if (status != DT_OK) return status;
    s->point = station.daily; /* taken over */
    s->first_day = station.first_day;
    s->ndays = station.ndays;
    s->point_lat = station.lat;
    s->point_lon = station.lon;
    s->has_station_texture = station.has_texture;
    s->station_sand = station.sand;
    s->station_clay = station.clay;
    s->station_soc = station.organic_carbon;
    snprintf(s->point_description, sizeof s->point_description,
             "ISMN %s %s, %.3f–%.3f m, %s: %zu of %zu hourly values kept (flags %s), %zu of %zu days with >= %zu",
             station.network, station.station, station.depth_from, station.depth_to,
             station.sensor[0] ? station.sensor : "sensor in the file name", station.values_kept, station.values_read,
             s->options.station.kept_flags, station.valid_days, station.ndays, s->options.station.min_hours);
    snprintf(s->point_path, sizeof s->point_path, "%s", station.path);
    return DT_OK;
}

int series_point_open(series_source *s, const char *path, dt_error *err)
{
    snprintf(s->point_path, sizeof s->point_path, "%s", path);
    int status = has_suffix(path, ".csv") ? read_csv(s, path, err) : read_station(s, path, err);
    if (status != DT_OK) return status;
    status = grid_new_latlon(&s->grid, 1, 1, s->point_lat, -GRID_POINT_CELL, s->point_lon, GRID_POINT_CELL, err);
    if (status != DT_OK) return dt_error_prefix(err, path);
    s->variable = dt_strdup("sm");
    snprintf(s->units, sizeof s->units, "m3 m-3");
    s->units_kind = SMVAR_VOLUMETRIC;
    return DT_OK;
}
