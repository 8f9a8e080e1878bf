/* ismn.c — in-situ soil moisture as the International Soil Moisture Network delivers it.
 * Formats (ISMN "Data formats" page; Dorigo et al. 2011, Hydrol. Earth Syst. Sci. 15:1675, and
 * 2021, 25:5749):
 *   "header + values": one header line "CSE NETWORK STATION LAT LON ELEVATION DEPTH_FROM DEPTH_TO
 *     SENSOR", then "YYYY/MM/DD HH:MM VALUE FLAGS ORIGIN_FLAG" a line (UTC, m3 m-3);
 *   "CEOP-separated": "YYYY/MM/DD HH:MM YYYY/MM/DD HH:MM CSE NETWORK STATION LAT LON ELEVATION
 *     DEPTH_FROM DEPTH_TO VALUE FLAGS ORIGIN_FLAG" every line (nominal and actual UTC time).
 * FLAGS: G good, U unchecked, C01–C03 outside the plausible range, D01–D10 dubious, joined with
 * commas. Files come with CR (older exports), LF or CRLF line ends. */
#include "ismn.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

void ismn_default_options(ismn_options *options)
{
    options->depth = -1.0;
    options->max_depth = 0.05;
    snprintf(options->kept_flags, sizeof options->kept_flags, "GU");
    options->min_hours = 12;
}

void ismn_free(ismn_station *station)
{
    free(station->daily);
    station->daily = NULL;
}

/* ---- files and lines -------------------------------------------------------------------- */

/* The next line of text (CR, LF or CRLF ended), NUL-terminated in place; NULL at the end. */
static char *next_line(char **cursor)
{
    char *line = *cursor;
    while (*line == '\r' || *line == '\n') line++;
    if (!*line) return NULL;
    char *end = line + strcspn(line, "\r\n");
    *cursor = *end ? end + 1 : end;
    *end = '\0';
    return line;
}

enum { ISMN_MAX_TOKENS = 32 };

static int split(char *line, char **tokens)
{
    int n = 0;
    for (char *save = NULL, *t = strtok_r(line, " \t", &save); t && n < ISMN_MAX_TOKENS; t = strtok_r(NULL, " \t", &save))
        tokens[n++] = t;
    return n;
}

static int parse_number(const char *text, double *value)
{
    char *end;
    *value = strtod(text, &end);
    return end != text && *end == '\0';
}

static int parse_date(const char *text, long *day)
{
    int y, m, d;
    char tail;
    if (sscanf(text, "%4d/%2d/%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31) return 0;
    *day = calendar_days_from_civil(y, m, d);
    return 1;
}

static int is_date(const char *text)
{
    long day;
    return parse_date(text, &day);
}

/* 1 when every flag of a comma-joined list ("D01,D03") has a kept letter. */
static int flags_kept(const char *flags, const char *kept)
{
    for (const char *p = flags; *p;) {
        if (!strchr(kept, toupper((unsigned char)*p))) return 0;
        p += strcspn(p, ",");
        if (*p == ',') p++;
    }
    return *flags != '\0';
}

/* ---- the station header ----------------------------------------------------------------- */

/* Station fields "CSE NETWORK STATION… LAT LON ELEVATION DEPTH_FROM DEPTH_TO" from tokens
 * [first, last]; the station name may hold spaces, so the numbers are found from the right. */
static int parse_station(char **tokens, int first, int numbers_end, ismn_station *s)
{
    double v[5];
    int lat_index = numbers_end - 5;
    if (lat_index < first + 3) return 0;
    for (int i = 0; i < 5; i++)
        if (!parse_number(tokens[lat_index + i], &v[i])) return 0;
    s->lat = v[0];
    s->lon = v[1];
    s->elevation = v[2];
    s->depth_from = v[3];
    s->depth_to = v[4];
    snprintf(s->network, sizeof s->network, "%s", tokens[first + 1]);
    s->station[0] = '\0';
    for (int i = first + 2; i < lat_index; i++) {
        size_t used = strlen(s->station);
        snprintf(s->station + used, sizeof s->station - used, "%s%s", used ? " " : "", tokens[i]);
    }
    return fabs(s->lat) <= 90 && fabs(s->lon) <= 360;
}

typedef struct {
    long day;
    float value; /* [m3 m-3] */
    int kept;
} ismn_value;

/* Parses the file into values; fills the station fields from the header or the first line. */
static int parse_file(const char *path, char *text, const ismn_options *o, ismn_station *s, ismn_value **values,
                      size_t *count, dt_error *err)
{
    char *cursor = text, *line, *tokens[ISMN_MAX_TOKENS];
    size_t number = 0, capacity = 0;
    int ceop = -1; /* format: 1 CEOP-separated, 0 header + values */
    *values = NULL;
    *count = 0;
    while ((line = next_line(&cursor))) {
        number++;
        int n = split(line, tokens);
        if (n == 0) continue;
        if (ceop < 0) {
            ceop = n > 2 && is_date(tokens[0]) && is_date(tokens[2]);
            if (!ceop) {
                if (!parse_station(tokens, 0, n - 1, s))
                    return dt_error_set(err, DT_ERR_FORMAT, "%s: line 1: not an ISMN header (network, station, "
                                        "latitude, longitude, elevation, depths, sensor)", path);
                snprintf(s->sensor, sizeof s->sensor, "%s", tokens[n - 1]);
                continue;
            }
        }
        int value_index = ceop ? n - 3 : 2, flag_index = value_index + 1;
        double value;
        long day;
        if (n < (ceop ? 15 : 4) || !parse_date(tokens[0], &day) || !parse_number(tokens[value_index], &value))
            return dt_error_set(err, DT_ERR_FORMAT, "%s: line %zu: not an ISMN %s line", path, number,
                                ceop ? "CEOP-separated" : "values");
        if (ceop && *count == 0) {
            if (!parse_station(tokens, 4, n - 3, s))
                return dt_error_set(err, DT_ERR_FORMAT, "%s: line %zu: no station fields", path, number);
            snprintf(s->sensor, sizeof s->sensor, "%s", "");
        }
        if (*count == capacity) *values = dt_realloc(*values, (capacity = capacity ? capacity * 2 : 4096) * sizeof **values);
        (*values)[(*count)++] = (ismn_value){day, (float)value, isfinite(value) && flags_kept(tokens[flag_index], o->kept_flags)};
    }
    if (*count == 0) return dt_error_set(err, DT_ERR_NODATA, "%s: no values", path);
    return DT_OK;
}

/* Daily means of the kept values on days with at least min_hours of them. */
static int daily_means(const char *path, const ismn_value *v, size_t n, const ismn_options *o, ismn_station *s,
                       dt_error *err)
{
    long first = v[0].day, last = v[0].day;
    for (size_t i = 1; i < n; i++) {
        if (v[i].day < first) first = v[i].day;
        if (v[i].day > last) last = v[i].day;
    }
    s->first_day = first;
    s->ndays = (size_t)(last - first + 1);
    double *sum = dt_calloc(s->ndays, sizeof *sum);
    size_t *kept = dt_calloc(s->ndays, sizeof *kept);
    s->values_read = n;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].kept) continue;
        sum[v[i].day - first] += v[i].value;
        kept[v[i].day - first]++;
        s->values_kept++;
    }
    s->daily = dt_malloc(s->ndays * sizeof *s->daily);
    for (size_t d = 0; d < s->ndays; d++) {
        s->daily[d] = kept[d] >= o->min_hours && kept[d] > 0 ? (float)(sum[d] / (double)kept[d]) : NAN;
        if (!isnan(s->daily[d])) s->valid_days++;
    }
    free(sum);
    free(kept);
    if (s->valid_days == 0)
        return dt_error_set(err, DT_ERR_NODATA, "%s: no day has %zu values flagged %s (of %zu values, %zu kept)", path,
                            o->min_hours, o->kept_flags, s->values_read, s->values_kept);
    return DT_OK;
}

/* ---- static variables: HWSD texture beside the station ----------------------------------- */

/* "quantity_name;unit;depth_from[m];depth_to[m];value;…" — the top layer's (depth_from 0). */
static void read_static_variables(char *text, ismn_station *s)
{
    char *cursor = text, *line;
    int found = 0;
    while ((line = next_line(&cursor))) {
        char *field[6] = {0};
        int n = 0;
        for (char *p = line; p && n < 6;) { /* strtok would merge the empty fields */
            field[n++] = p;
            p = strchr(p, ';');
            if (p) *p++ = '\0';
        }
        double from, value;
        if (n < 5 || !parse_number(field[2], &from) || from != 0.0 || !parse_number(field[4], &value)) continue;
        if (strcmp(field[0], "sand fraction") == 0) { s->sand = value; found |= 1; }
        else if (strcmp(field[0], "clay fraction") == 0) { s->clay = value; found |= 2; }
        else if (strcmp(field[0], "organic carbon") == 0) { s->organic_carbon = value; found |= 4; }
    }
    s->has_texture = (found & 3) == 3;
    if (!(found & 4)) s->organic_carbon = NAN;
}

int ismn_read(const char *path, const ismn_options *options, ismn_station *out, dt_error *err)
{
    ismn_options defaults;
    if (!options) {
        ismn_default_options(&defaults);
        options = &defaults;
    }
    memset(out, 0, sizeof *out);
    char file[1024];
    int status = ismn_choose_file(path, options, file, sizeof file, err);
    if (status != DT_OK) return status;
    snprintf(out->path, sizeof out->path, "%s", file);
    char *text;
    if ((status = ismn_read_text(file, &text, err)) != DT_OK) return status;
    ismn_value *values;
    size_t count;
    status = parse_file(file, text, options, out, &values, &count, err);
    free(text);
    if (status == DT_OK) status = daily_means(file, values, count, options, out, err);
    free(values);
    char *static_text = status == DT_OK ? ismn_static_variables_text(file) : NULL;
    if (static_text) read_static_variables(static_text, out);
    free(static_text);
    if (status != DT_OK) ismn_free(out);
    return status;
}
