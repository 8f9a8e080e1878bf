/* stations.c — station CSV and the half-monthly RMSE of the seed's station evaluation. */
#include "stations.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

void stations_free(station_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->items[i].day);
        free(set->items[i].sm);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}

static station *find_or_add(station_set *set, const char *name, double lat, double lon, size_t *capacity)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i].name, name) == 0) return &set->items[i];
    if (set->count == *capacity) {
        *capacity = *capacity ? 2 * *capacity : 16;
        set->items = dt_realloc(set->items, *capacity * sizeof *set->items);
    }
    station *s = &set->items[set->count++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->lat = lat;
    s->lon = lon;
    s->depth_from = s->depth_to = NAN;
    return s;
}

static void append(station *s, long day, float sm)
{
    if ((s->count & (s->count - 1)) == 0) { /* capacity doubles at powers of two */
        size_t capacity = s->count ? 2 * s->count : 1;
        s->day = dt_realloc(s->day, capacity * sizeof *s->day);
        s->sm = dt_realloc(s->sm, capacity * sizeof *s->sm);
    }
    s->day[s->count] = day;
    s->sm[s->count++] = sm;
}

/* One data line: station,lat,lon,date,sm. */
static int parse_line(char *line, station_set *set, size_t *capacity, const char *path, size_t number, dt_error *err)
{
    char *fields[5], *cursor = line;
    for (int k = 0; k < 5; k++) {
        fields[k] = cursor;
        char *comma = strchr(cursor, ',');
        if (!comma && k < 4)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: line %zu: expected station,lat,lon,date,sm", path, number);
        if (comma) *comma = '\0', cursor = comma + 1;
    }
    fields[4][strcspn(fields[4], "\r\n")] = '\0';
    char *end;
    double lat = strtod(fields[1], &end);
    int bad = *fields[0] == '\0' || end == fields[1] || *end;
    double lon = strtod(fields[2], &end);
    bad |= end == fields[2] || *end || !(fabs(lat) <= 90.0) || !isfinite(lon); /* nan passed "> 90" */
    int year, month, day, y, m, d;
    char tail;
    bad = bad || sscanf(fields[3], "%6d-%2d-%2d%c", &year, &month, &day, &tail) != 3 || month < 1 || month > 12 || day < 1 || day > 31;
    if (!bad) { /* the round trip refuses 2015-02-30, which the day count took as 2015-03-02 */
        calendar_civil_from_days(calendar_days_from_civil(year, month, day), &y, &m, &d);
        bad = y != year || m != month || d != day;
    }
    if (bad)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: line %zu: bad station, coordinates or date (YYYY-MM-DD)", path, number);
    double sm = NAN;
    if (*fields[4]) {
        sm = strtod(fields[4], &end);
        if (end == fields[4] || *end || (!isnan(sm) && (sm < 0.0 || sm > 1.0)))
            return dt_error_set(err, DT_ERR_VALUE, "%s: line %zu: sm '%s' is not 0…1 m3 m-3", path, number, fields[4]);
    }
    station *s = find_or_add(set, fields[0], lat, lon, capacity);
    if (fabs(s->lat - lat) > 1e-6 || fabs(s->lon - lon) > 1e-6)
        return dt_error_set(err, DT_ERR_VALUE, "%s: line %zu: station %s moved (was at %g, %g)", path, number, s->name, s->lat, s->lon);
    if (!isnan(sm)) append(s, calendar_days_from_civil(year, month, day), (float)sm);
    return DT_OK;
}

int stations_read_csv(const char *path, station_set *out, dt_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *file = fopen(path, "r");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be opened: %s", path, strerror(errno));
    char line[1024];
    size_t number = 0, capacity = 0;
    int status = DT_OK;
    while (status == DT_OK && fgets(line, sizeof line, file)) {
        number++;
        if (number == 1) {
            if (strncmp(line, "station,lat,lon,date,sm", 23) != 0)
                status = dt_error_set(err, DT_ERR_FORMAT, "%s: line 1: the header must be station,lat,lon,date,sm", path);
            continue;
        }
        if (line[strspn(line, " \t\r\n")] == '\0') continue;
        status = parse_line(line, out, &capacity, path, number, err);
    }
    fclose(file);
    if (status == DT_OK && out->count == 0) status = dt_error_set(err, DT_ERR_NODATA, "%s: no station", path);
    if (status != DT_OK) stations_free(out);
    return status;
}

void station_daily(const station *s, long first_day, size_t ndays, float *out)
{
    int *count = dt_calloc(ndays ? ndays : 1, sizeof *count);
    for (size_t d = 0; d < ndays; d++) out[d] = 0.0f;
    for (size_t i = 0; i < s->count; i++) {
        long d = s->day[i] - first_day;
        if (d < 0 || (size_t)d >= ndays) continue;
        out[d] += s->sm[i];
        count[d]++;
    }
    for (size_t d = 0; d < ndays; d++) out[d] = count[d] ? out[d] / (float)count[d] : NAN;
    free(count);
}

double stations_half_monthly_rmse(const float *simulated, const float *observed, long first_day, size_t ndays,
                                  size_t *half_months)
{
    double sum_sq = 0.0, sim = 0.0, obs = 0.0;
    long current = -1;
    size_t days = 0;
    *half_months = 0;
    for (size_t d = 0; d <= ndays; d++) {
        long half = -2;
        if (d < ndays) {
            int year, month, day;
            calendar_civil_from_days(first_day + (long)d, &year, &month, &day);
            half = ((long)year * 12 + month - 1) * 2 + (day > 15);
        }
        if (half != current) { /* close the half-month that ended */
            if (days) {
                double diff = sim / (double)days - obs / (double)days;
                sum_sq += diff * diff;
                (*half_months)++;
            }
            current = half;
            sim = obs = 0.0;
            days = 0;
        }
        if (d < ndays && !isnan(simulated[d]) && !isnan(observed[d])) sim += simulated[d], obs += observed[d], days++;
    }
    return *half_months ? sqrt(sum_sq / (double)*half_months) : NAN;
}

/* One ISMN station's daily means as a station of the set. */
static void add_ismn_station(station_set *set, size_t *capacity, const ismn_station *in)
{
    char name[64];
    snprintf(name, sizeof name, "%.31s %.31s", in->network, in->station);
    station *s = find_or_add(set, name, in->lat, in->lon, capacity);
    s->depth_from = in->depth_from;
    s->depth_to = in->depth_to;
    for (size_t d = 0; d < in->ndays; d++)
        if (!isnan(in->daily[d])) append(s, in->first_day + (long)d, in->daily[d]);
}

int stations_read(const char *path, const ismn_options *options, station_set *out, size_t *skipped, dt_error *err)
{
    size_t length = strlen(path), left_out = 0;
    if (skipped) *skipped = 0;
    if (length >= 4 && strcmp(path + length - 4, ".csv") == 0) return stations_read_csv(path, out, err);
    char **directories = NULL;
    size_t count = 0, capacity = 0;
    int status = ismn_station_paths(path, &directories, &count, err);
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < count && status == DT_OK; i++) {
        ismn_station station;
        dt_error ignored;
        if (ismn_read(directories[i], options, &station, &ignored) != DT_OK) {
            left_out++; /* no shallow layer, or no day with enough kept hours */
            continue;
        }
        add_ismn_station(out, &capacity, &station);
        ismn_free(&station);
    }
    for (size_t i = 0; i < count; i++) free(directories[i]);
    free(directories);
    if (skipped) *skipped = left_out;
    if (status == DT_OK && out->count == 0)
        status = dt_error_set(err, DT_ERR_NODATA, "%s: no ISMN station with a soil-moisture layer within 0–%.2f m and a "
                              "day of enough kept hours (%zu left out)", path, options ? options->max_depth : 0.05, left_out);
    if (status != DT_OK) stations_free(out);
    return status;
}
