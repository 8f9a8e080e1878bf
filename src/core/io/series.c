/* series.c — a daily soil-moisture series source: one cube file, or a collection of daily files. */
#include "series.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cftime.h"
#include "porosity.h"
#include "series_point.h"

typedef struct {
    char *path;
    long day;
} dated_path;

static int by_day(const void *a, const void *b)
{
    long da = ((const dated_path *)a)->day, db = ((const dated_path *)b)->day;
    return (da > db) - (da < db);
}

/* The longest daily axis a source may span: a thousand years. A longer span is a bad time value
 * (e.g. one step at 9e9 days), not a series: it would only fail later as an allocation of
 * terabytes, or a cube chunk netCDF refuses. */
#define SERIES_MAX_DAYS 365250L

static int check_span(const char *path, const char *what, long first, long last, dt_error *err)
{
    if (last - first < SERIES_MAX_DAYS) return DT_OK;
    int y0, m0, d0, y1, m1, d1;
    calendar_civil_from_days(first, &y0, &m0, &d0);
    calendar_civil_from_days(last, &y1, &m1, &d1);
    return dt_error_set(err, DT_ERR_VALUE, "%s: %s span %04d-%02d-%02d … %04d-%02d-%02d, %ld days: more than the %ld "
                        "days (1000 years) of a daily series", path, what, y0, m0, d0, y1, m1, d1, last - first + 1,
                        SERIES_MAX_DAYS);
}

static int open_cube(series_source *s, field *f, dt_error *err)
{
    s->cube = f;
    if (!f->epoch_days)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: the time axis has no CF units", f->path,
                            f->variable);
    long first = f->epoch_days[0], last = f->epoch_days[0];
    size_t on_this_day = 1;
    s->most_steps_a_day = 1;
    for (size_t i = 1; i < f->ntime; i++) {
        if (f->epoch_days[i] < f->epoch_days[i - 1])
            return dt_error_set(err, DT_ERR_FORMAT, "%s: time: not increasing at step %zu", f->path, i);
        if (f->time_values && f->time_values[i] == f->time_values[i - 1])
            return dt_error_set(err, DT_ERR_FORMAT, "%s: time: step %zu repeats step %zu (%g %s)", f->path, i, i - 1,
                                f->time_values[i], f->time_units);
        on_this_day = f->epoch_days[i] == f->epoch_days[i - 1] ? on_this_day + 1 : 1;
        if (on_this_day > 1) s->steps_sharing_day++;
        if (on_this_day > s->most_steps_a_day) s->most_steps_a_day = on_this_day;
        last = f->epoch_days[i];
    }
    int status = check_span(f->path, "time: the steps", first, last, err);
    if (status != DT_OK) return status;
    s->first_day = first;
    s->ndays = (size_t)(last - first + 1);
    s->day_of_step = dt_malloc(f->ntime * sizeof *s->day_of_step);
    for (size_t i = 0; i < f->ntime; i++) s->day_of_step[i] = (size_t)(f->epoch_days[i] - first);
    return DT_OK;
}

/* Dates every file: by name when all names carry a date, else by opening each file. */
static int date_files(dated_path *files, size_t n, const field_options *options, dt_error *err)
{
    int all_named = 1;
    for (size_t i = 0; i < n && all_named; i++)
        if (cftime_date_from_filename(files[i].path, &files[i].day) != DT_OK) all_named = 0;
    if (all_named) return DT_OK;
    for (size_t i = 0; i < n; i++) {
        field *f;
        int status = field_open(&f, files[i].path, options, err);
        if (status != DT_OK) return status;
        int dated = f->epoch_days != NULL && f->ntime == 1;
        if (dated) files[i].day = f->epoch_days[0];
        field_close(f);
        if (!dated)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: no date: neither a time variable with CF "
                                "units nor a date (YYYYMMDD) in the file name", files[i].path);
    }
    return DT_OK;
}

static int open_collection(series_source *s, char *const *paths, size_t n, dt_error *err)
{
    dated_path *files = dt_calloc(n, sizeof *files);
    for (size_t i = 0; i < n; i++) files[i].path = paths[i];
    int status = date_files(files, n, &s->options, err);
    if (status == DT_OK) {
        qsort(files, n, sizeof *files, by_day);
        for (size_t i = 1; i < n && status == DT_OK; i++)
            if (files[i].day == files[i - 1].day)
                status = dt_error_set(err, DT_ERR_VALUE, "%s: same day as %s", files[i].path,
                                      files[i - 1].path);
    }
    if (status == DT_OK) status = check_span(files[n - 1].path, "the files' dates", files[0].day, files[n - 1].day, err);
    if (status == DT_OK) {
        s->nfiles = n;
        s->paths = dt_malloc(n * sizeof *s->paths);
        s->file_day = dt_malloc(n * sizeof *s->file_day);
        s->file_checked = dt_calloc(n, sizeof *s->file_checked);
        for (size_t i = 0; i < n; i++) {
            s->paths[i] = dt_strdup(files[i].path);
            s->file_day[i] = files[i].day;
        }
        s->first_day = files[0].day;
        s->ndays = (size_t)(files[n - 1].day - files[0].day + 1);
    }
    free(files);
    return status;
}

/* The physical range at the door (series.h), in the units the field's reads return. */
static void set_range(series_source *s, field *first, double range_max)
{
    s->range_max = range_max;
    s->options.range_max = range_max;
    first->range_max = range_max;
}

/* Soil-moisture units → the factor that makes m3 m-3 (smvar.h), or a refusal naming them. */
static int check_units(series_source *s, field *first, dt_error *err)
{
    double scale = 1.0;
    s->units_kind = smvar_classify_units(first->units, first->long_name, first->standard_name, &scale);
    if (s->units_kind == SMVAR_SATURATION) /* S in the file's units (1 or %), or θ = S × porosity */
        set_range(s, first, s->options.porosity > 0 && !s->options.porosity_file ? s->options.porosity : 1.0 / scale);
    else
        set_range(s, first, 1.0); /* m3 m-3, percent read × 0.01 */
    switch (s->units_kind) {
    case SMVAR_NOT_SOIL_MOISTURE:
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: units '%s' are not a soil-moisture content (drytex reads "
                            "volumetric m3 m-3, cm3 cm-3, 1 or %%, or a degree of saturation with --porosity)",
                            first->path, first->variable, first->units);
    case SMVAR_SATURATION:
        if (s->options.porosity_file) { /* applied cell by cell as blocks are read */
            s->saturation_scale = scale;
            snprintf(s->units, sizeof s->units, "m3 m-3");
            return porosity_load(s->options.porosity_file, s->grid, &s->porosity_map, err);
        }
        if (s->options.porosity > 0) {
            scale *= s->options.porosity;
            break;
        }
        if (s->options.volumetric_only)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: units '%s' are a degree of saturation, not a volumetric "
                                "water content, and the drydown thresholds and PTFs are in m3 m-3: give --porosity "
                                "VALUE (m3 m-3) to convert", first->path, first->variable, first->units);
        return DT_OK; /* read and shown as it is (info, ingest) */
    case SMVAR_VOLUMETRIC_PERCENT: break;
    case SMVAR_VOLUMETRIC:
    case SMVAR_NO_UNITS: return DT_OK;
    }
    s->options.extra_scale = scale;
    first->extra_scale = scale;
    snprintf(s->units, sizeof s->units, "m3 m-3");
    return DT_OK;
}

int series_open(series_source **out, char *const *paths, size_t npaths, const field_options *options,
                dt_error *err)
{
    if (npaths == 0) return dt_error_set(err, DT_ERR_USAGE, "no soil-moisture files given");
    series_source *s = dt_calloc(1, sizeof *s);
    if (options) {
        s->options = *options;
    } else { /* the soil-moisture defaults: the variable chosen, its quality flag and units honoured */
        field_default_options(&s->options);
        s->options.soil_moisture = 1;
    }
    if (npaths == 1 && series_point_is_path(paths[0])) {
        int point_status = series_point_open(s, paths[0], err);
        s->range_max = 1.0; /* a station's or a CSV's m3 m-3 */
        if (point_status != DT_OK) {
            series_close(s);
            return point_status;
        }
        *out = s;
        return DT_OK;
    }
    field *first;
    int status = field_open(&first, paths[0], &s->options, err);
    if (status != DT_OK) {
        free(s);
        return status;
    }
    s->variable = dt_strdup(first->variable);
    s->options.variable = s->variable;
    snprintf(s->units, sizeof s->units, "%s", first->units);
    s->grid = grid_clone(first->grid);
    if (s->options.soil_moisture && (status = check_units(s, first, err)) != DT_OK) {
        field_close(first);
        series_close(s);
        return status;
    }
    if (npaths == 1 && first->ntime > 1) {
        status = open_cube(s, first, err);
    } else {
        field_close(first);
        status = open_collection(s, paths, npaths, err);
    }
    if (status != DT_OK) {
        series_close(s);
        return status;
    }
    *out = s;
    return DT_OK;
}

void series_close(series_source *s)
{
    if (!s) return;
    field_close(s->cube);
    for (size_t i = 0; i < s->nfiles; i++) free(s->paths[i]);
    free(s->paths);
    free(s->file_day);
    free(s->file_checked);
    free(s->day_of_step);
    free(s->point);
    free(s->porosity_map);
    free(s->variable);
    grid_free(s->grid);
    free(s);
}

const char *series_path(const series_source *s)
{
    if (s->point) return s->point_path;
    return s->cube ? s->cube->path : s->paths[0];
}

static void fill_nan(float *values, size_t n)
{
    for (size_t i = 0; i < n; i++) values[i] = NAN;
}

/* A cube: one read; steps sharing a day are averaged. */
static int read_cube_block(series_source *s, size_t row0, size_t nrows, size_t col0, size_t ncols,
                           float *out, dt_error *err)
{
    field *f = s->cube;
    size_t map = nrows * ncols;
    int contiguous = f->ntime == s->ndays;
    if (contiguous) {
        int status = field_read(f, 0, f->ntime, row0, nrows, col0, ncols, out, err);
        s->masked_out_of_range += f->out_of_range;
        return status;
    }
    float *steps = dt_malloc(f->ntime * map * sizeof *steps);
    int status = field_read(f, 0, f->ntime, row0, nrows, col0, ncols, steps, err);
    s->masked_out_of_range += f->out_of_range; /* steps, before any day's mean */
    if (status == DT_OK) {
        float *counts = dt_calloc(s->ndays * map, sizeof *counts);
        memset(out, 0, s->ndays * map * sizeof *out);
        for (size_t t = 0; t < f->ntime; t++) {
            size_t day = s->day_of_step[t];
            for (size_t i = 0; i < map; i++) {
                float v = steps[t * map + i];
                if (isnan(v)) continue;
                out[day * map + i] += v;
                counts[day * map + i] += 1.0f;
            }
        }
        float needed = s->options.min_steps_per_day > 1 ? (float)s->options.min_steps_per_day : 1.0f;
        for (size_t i = 0; i < s->ndays * map; i++) out[i] = counts[i] >= needed ? out[i] / counts[i] : NAN;
        free(counts);
    }
    free(steps);
    return status;
}

static int same_grid(const grid *a, const grid *b)
{
    if (grid_rows(a) != grid_rows(b) || grid_cols(a) != grid_cols(b)) return 0;
    double lat_a, lon_a, lat_b, lon_b;
    size_t r = grid_rows(a) - 1, c = grid_cols(a) - 1;
    grid_cell_center(a, 0, 0, &lat_a, &lon_a);
    grid_cell_center(b, 0, 0, &lat_b, &lon_b);
    if (fabs(lat_a - lat_b) > 1e-6 || fabs(lon_a - lon_b) > 1e-6) return 0;
    grid_cell_center(a, r, c, &lat_a, &lon_a);
    grid_cell_center(b, r, c, &lat_b, &lon_b);
    return fabs(lat_a - lat_b) <= 1e-6 && fabs(lon_a - lon_b) <= 1e-6;
}

/* A collection: every file is opened once per block read. */
static int read_collection_block(series_source *s, size_t row0, size_t nrows, size_t col0,
                                 size_t ncols, float *out, dt_error *err)
{
    size_t map = nrows * ncols;
    fill_nan(out, s->ndays * map);
    for (size_t i = 0; i < s->nfiles; i++) {
        field *f;
        field_options options = s->options;
        options.checked = s->file_checked[i];
        int status = field_open(&f, s->paths[i], &options, err);
        if (status != DT_OK) return status;
        s->file_checked[i] = 1;
        if (!same_grid(f->grid, s->grid)) {
            field_close(f);
            return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: grid differs from %s", s->paths[i],
                                s->variable, s->paths[0]);
        }
        if (f->epoch_days && f->ntime == 1 && f->epoch_days[0] != s->file_day[i]) {
            int y1, m1, d1, y2, m2, d2;
            calendar_civil_from_days(s->file_day[i], &y1, &m1, &d1);
            calendar_civil_from_days(f->epoch_days[0], &y2, &m2, &d2);
            field_close(f);
            return dt_error_set(err, DT_ERR_VALUE, "%s: the file name says %04d-%02d-%02d, the time "
                                "variable %04d-%02d-%02d", s->paths[i], y1, m1, d1, y2, m2, d2);
        }
        size_t day = (size_t)(s->file_day[i] - s->first_day);
        status = field_read(f, 0, 1, row0, nrows, col0, ncols, out + day * map, err);
        s->masked_out_of_range += f->out_of_range;
        field_close(f);
        if (status != DT_OK) return status;
        if (s->on_file) s->on_file(s->on_file_context);
    }
    return DT_OK;
}

/* θ = S × porosity, cell by cell (NaN where the porosity map has none). */
static void apply_porosity(const series_source *s, size_t row0, size_t nrows, size_t col0, size_t ncols, float *out)
{
    size_t cols = grid_cols(s->grid), map = nrows * ncols;
    for (size_t r = 0; r < nrows; r++)
        for (size_t c = 0; c < ncols; c++) {
            double factor = s->saturation_scale * s->porosity_map[(row0 + r) * cols + col0 + c];
            for (size_t d = 0; d < s->ndays; d++) {
                float *v = &out[d * map + r * ncols + c];
                *v = (float)(*v * factor);
            }
        }
}

static int read_block(series_source *s, size_t row0, size_t nrows, size_t col0, size_t ncols, float *out,
                      dt_error *err);

int series_read_block(series_source *s, size_t row0, size_t nrows, size_t col0, size_t ncols,
                      float *out, dt_error *err)
{
    int status = read_block(s, row0, nrows, col0, ncols, out, err);
    if (status == DT_OK && s->porosity_map) apply_porosity(s, row0, nrows, col0, ncols, out);
    return status;
}

static int read_block(series_source *s, size_t row0, size_t nrows, size_t col0, size_t ncols, float *out,
                      dt_error *err)
{
    if (row0 + nrows > grid_rows(s->grid) || col0 + ncols > grid_cols(s->grid))
        return dt_error_set(err, DT_ERR_USAGE, "cell block rows %zu+%zu, cols %zu+%zu outside the "
                            "%zu × %zu grid", row0, nrows, col0, ncols, grid_rows(s->grid),
                            grid_cols(s->grid));
    if (s->point) {
        memcpy(out, s->point, s->ndays * sizeof *out); /* a 1 × 1 grid: the block is the cell */
        if (s->range_max > 0) s->masked_out_of_range += field_mask_outside(out, s->ndays, s->range_max);
        return DT_OK;
    }
    if (s->cube) return read_cube_block(s, row0, nrows, col0, ncols, out, err);
    return read_collection_block(s, row0, nrows, col0, ncols, out, err);
}

int series_read_cell(series_source *s, size_t row, size_t col, float *out, dt_error *err)
{
    return series_read_block(s, row, 1, col, 1, out, err);
}
