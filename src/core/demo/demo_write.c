/* demo_write.c — writes the demo world to disk in real-product layouts (see demo_write.h). */
#include "demo_write.h"

#include <errno.h>
#include <stdint.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfwrite.h"
#include "calendar.h"
#include "demo_bands.h"
#include "grid.h"
#include "ncfile.h"
#include "rng.h"

#define NC_TRY(call, path, what)                                                                 \
    do {                                                                                         \
        int nc_status_ = (call);                                                                 \
        if (nc_status_ != NC_NOERR) return ncfile_error(err, DT_ERR_IO, nc_status_, path, NULL, what); \
    } while (0)

typedef struct {
    const demo_world *world;
    const char *dir;
    demo_contents contents;
    size_t cells;
    int atomic;              /* each file written as NAME.partial-PID and renamed when whole (the rest
                                of a demo written beside an explorer that has it open) */
    float *satellite;        /* [day][cell] for the daily files (DEMO_PART_DAILY), else NULL */
    demo_progress progress;
    void *progress_context;
    size_t steps_done, steps_total;
} demo_data;

/* One more step (a file, or a band of the series files) done. */
static void step_done(demo_data *d)
{
    d->steps_done++;
    if (d->progress) d->progress(d->steps_done, d->steps_total, d->progress_context);
}

/* Where a file is written: DIR/NAME, or DIR/NAME.partial-PID until file_done renames it (two
 * writers of one demo never share a file: the last whole one stays). */
static void file_path(const demo_data *d, const char *name, char *out, size_t size)
{
    if (d->atomic) snprintf(out, size, "%s/%s.partial-%ld", d->dir, name, (long)getpid());
    else snprintf(out, size, "%s/%s", d->dir, name);
}

/* The file is whole: renamed into place (atomic) and counted. */
static int file_done(demo_data *d, const char *name, dt_error *err)
{
    if (d->atomic) {
        char from[4200], to[4200];
        file_path(d, name, from, sizeof from);
        snprintf(to, sizeof to, "%s/%s", d->dir, name);
        if (rename(from, to) != 0) return dt_error_set(err, DT_ERR_IO, "%s: cannot be renamed to %s: %s", from, to, strerror(errno));
    }
    step_done(d);
    return DT_OK;
}

static int make_directory(const char *path, dt_error *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST) {
        struct stat info;
        if (stat(path, &info) == 0 && S_ISDIR(info.st_mode)) return DT_OK;
        return dt_error_set(err, DT_ERR_IO, "%s: exists and is not a directory", path);
    }
    return dt_error_set(err, DT_ERR_IO, "%s: cannot create directory: %s", path, strerror(errno));
}

static void path_join(char *out, size_t size, const char *dir, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

static int put_text(int ncid, int varid, const char *name, const char *value)
{
    return nc_put_att_text(ncid, varid, name, strlen(value), value);
}

/* Latitude/longitude axes: centres, north→south or south→north. */
static void axes(const demo_settings *s, size_t factor, int north_first, double *lat, double *lon)
{
    double step = s->cell / (double)factor;
    size_t rows = s->rows * factor, cols = s->cols * factor;
    for (size_t r = 0; r < rows; r++) {
        double from_north = s->lat_north - (r + 0.5) * step;
        lat[r] = north_first ? from_north : s->lat_north - (rows - r - 0.5) * step;
    }
    for (size_t c = 0; c < cols; c++) lon[c] = s->lon_west + (c + 0.5) * step;
}

static int define_latlon(int ncid, size_t rows, size_t cols, int *dims)
{
    int status, lat, lon;
    if ((status = nc_def_dim(ncid, "lat", rows, &dims[0])) ||
        (status = nc_def_dim(ncid, "lon", cols, &dims[1])) ||
        (status = nc_def_var(ncid, "lat", NC_DOUBLE, 1, &dims[0], &lat)) ||
        (status = nc_def_var(ncid, "lon", NC_DOUBLE, 1, &dims[1], &lon)) ||
        (status = put_text(ncid, lat, "units", "degrees_north")) ||
        (status = put_text(ncid, lat, "standard_name", "latitude")) ||
        (status = put_text(ncid, lon, "units", "degrees_east")) ||
        (status = put_text(ncid, lon, "standard_name", "longitude")))
        return status;
    return NC_NOERR;
}

static int write_latlon(int ncid, const double *lat, const double *lon)
{
    int lat_var, lon_var, status;
    if ((status = nc_inq_varid(ncid, "lat", &lat_var)) || (status = nc_inq_varid(ncid, "lon", &lon_var)) ||
        (status = nc_put_var_double(ncid, lat_var, lat)))
        return status;
    return nc_put_var_double(ncid, lon_var, lon);
}

/* One ESA CCI SM v08-like daily file. */
static int write_daily_file(const demo_data *d, size_t day, const double *lat, const double *lon,
                            dt_error *err)
{
    const demo_settings *s = &d->world->settings;
    int year, month, mday;
    calendar_civil_from_days(s->first_day + (long)day, &year, &month, &mday);
    char name[128], path[4096];
    snprintf(name, sizeof name, "sm/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-%04d%02d%02d000000-fv08.1.nc",
             year, month, mday);
    path_join(path, sizeof path, d->dir, name);
    int ncid, dims[3], time_var, sm, flag;
    NC_TRY(nc_create(path, NC_CLOBBER | NC_NETCDF4 | NC_CLASSIC_MODEL, &ncid), path, "cannot be created");
    int status;
    float fill = -9999.0f;
    signed char flag_fill = 127;
    if ((status = nc_def_dim(ncid, "time", 1, &dims[0])) ||
        (status = define_latlon(ncid, s->rows, s->cols, &dims[1])) ||
        (status = nc_def_var(ncid, "time", NC_DOUBLE, 1, dims, &time_var)) ||
        (status = put_text(ncid, time_var, "units", "days since 1970-01-01 00:00:00 UTC")) ||
        (status = put_text(ncid, time_var, "calendar", "standard")) ||
        (status = nc_def_var(ncid, "sm", NC_FLOAT, 3, dims, &sm)) ||
        (status = nc_put_att_float(ncid, sm, "_FillValue", NC_FLOAT, 1, &fill)) ||
        (status = put_text(ncid, sm, "units", "m3 m-3")) ||
        (status = put_text(ncid, sm, "long_name", "Volumetric Soil Moisture")) ||
        (status = nc_def_var(ncid, "flag", NC_BYTE, 3, dims, &flag)) ||
        (status = nc_put_att_schar(ncid, flag, "_FillValue", NC_BYTE, 1, &flag_fill)) ||
        (status = put_text(ncid, flag, "long_name", "Flag (0 = no inconsistencies detected, 8 = no retrieval)")) ||
        (status = put_text(ncid, NC_GLOBAL, "title", "drytex demo: ESA CCI SM v08.1-like daily file (synthetic)")) ||
        (status = nc_enddef(ncid))) {
        nc_close(ncid);
        return ncfile_error(err, DT_ERR_IO, status, path, NULL, "cannot be defined");
    }
    float *values = dt_malloc(d->cells * sizeof *values);
    signed char *flags = dt_malloc(d->cells * sizeof *flags);
    for (size_t i = 0; i < d->cells; i++) {
        float v = d->satellite[day * d->cells + i];
        values[i] = isnan(v) ? fill : v;
        flags[i] = isnan(v) ? 8 : 0;
    }
    double time_value = (double)(s->first_day + (long)day);
    status = write_latlon(ncid, lat, lon);
    if (!status) status = nc_put_var_double(ncid, time_var, &time_value);
    if (!status) status = nc_put_var_float(ncid, sm, values);
    if (!status) status = nc_put_var_schar(ncid, flag, flags);
    int close_status = nc_close(ncid);
    free(values);
    free(flags);
    if (status || close_status) return ncfile_error(err, DT_ERR_IO, status ? status : close_status, path, "sm", "write failed");
    return DT_OK;
}

static int write_daily_files(demo_data *d, dt_error *err)
{
    const demo_settings *s = &d->world->settings;
    char sm_dir[4096];
    path_join(sm_dir, sizeof sm_dir, d->dir, "sm");
    if (make_directory(sm_dir, err) != DT_OK) return err->code;
    double *lat = dt_malloc(s->rows * sizeof *lat), *lon = dt_malloc(s->cols * sizeof *lon);
    axes(s, 1, 1, lat, lon);
    int status = DT_OK;
    for (size_t day = 0; day < s->ndays && status == DT_OK; day++) {
        status = write_daily_file(d, day, lat, lon, err);
        if (status == DT_OK) step_done(d);
    }
    free(lat);
    free(lon);
    return status;
}

/* How a baseline soil product lays out its map. */
typedef struct {
    const char *title;
    int layers;        /* GSDE: a depth dimension of 4 layers, each the same field; 0: (lat, lon) only */
    int north_first;   /* latitude north→south (GSDE) or ascending (HWSD) */
    nc_type type;      /* NC_SHORT: the field ÷ scale rounded (GSDE); NC_DOUBLE: as it is (HWSD) */
    double fill;
} soil_layout;

static const soil_layout gsde_layout = {"drytex demo: GSDE-like soil layer file (synthetic, biased)", 4, 1, NC_SHORT, -100};
static const soil_layout hwsd_layout = {"drytex demo: HWSD v1.2-like topsoil map (synthetic, biased)", 0, 0, NC_DOUBLE, -1};

/* One baseline soil map: GSDE-like (depth, lat, lon) shorts with OC possibly in 0.01 %, or
 * HWSD v1.2-like (lat, lon) doubles, fill −1, latitude ascending. */
static int write_soil_map(const demo_data *d, const soil_layout *layout, const char *name, const char *variable,
                          const float *field, double scale, const char *units, const char *long_name, dt_error *err)
{
    const demo_settings *s = &d->world->settings;
    size_t f = s->fine_factor, rows = s->rows * f, cols = s->cols * f, n = rows * cols, layers = layout->layers ? (size_t)layout->layers : 1;
    char path[4200];
    file_path(d, name, path, sizeof path);
    int ncid, dims[3], depth_var = -1, var, status = NC_NOERR, depth = layout->layers ? 1 : 0;
    short short_fill = (short)layout->fill;
    NC_TRY(nc_create(path, NC_CLOBBER | NC_NETCDF4, &ncid), path, "cannot be created");
    double depths[4] = {0.045, 0.091, 0.166, 0.289}; /* [m] GSDE layer centres (Shangguan et al. 2014) */
    if ((depth && (status = nc_def_dim(ncid, "depth", (size_t)layout->layers, &dims[0]))) ||
        (status = define_latlon(ncid, rows, cols, &dims[depth])) ||
        (depth && (status = nc_def_var(ncid, "depth", NC_DOUBLE, 1, dims, &depth_var))) ||
        (depth && (status = put_text(ncid, depth_var, "units", "m"))) ||
        (depth && (status = put_text(ncid, depth_var, "positive", "down"))) ||
        (status = nc_def_var(ncid, variable, layout->type, 2 + depth, dims, &var)) ||
        (status = nc_def_var_deflate(ncid, var, 1, 1, 1)) ||
        (status = layout->type == NC_SHORT ? nc_put_att_short(ncid, var, "_FillValue", NC_SHORT, 1, &short_fill)
                                           : nc_put_att_double(ncid, var, "_FillValue", NC_DOUBLE, 1, &layout->fill)) ||
        (status = put_text(ncid, var, "units", units)) ||
        (status = put_text(ncid, var, "long_name", long_name)) ||
        (status = put_text(ncid, NC_GLOBAL, "title", layout->title)) ||
        (status = nc_enddef(ncid))) {
        nc_close(ncid);
        return ncfile_error(err, DT_ERR_IO, status, path, variable, "cannot be defined");
    }
    double *lat = dt_malloc(rows * sizeof *lat), *lon = dt_malloc(cols * sizeof *lon);
    axes(s, f, layout->north_first, lat, lon);
    void *values = dt_malloc(layers * n * (layout->type == NC_SHORT ? sizeof(short) : sizeof(double)));
    for (size_t layer = 0; layer < layers; layer++)
        for (size_t r = 0; r < rows; r++) /* the field's row 0 is the northern edge */
            for (size_t c = 0; c < cols; c++) {
                float v = field[(layout->north_first ? r : rows - 1 - r) * cols + c];
                if (layout->type == NC_SHORT) ((short *)values)[layer * n + r * cols + c] = (short)lround(v / scale);
                else ((double *)values)[layer * n + r * cols + c] = v;
            }
    status = write_latlon(ncid, lat, lon);
    if (!status && depth) status = nc_put_var_double(ncid, depth_var, depths);
    if (!status) status = layout->type == NC_SHORT ? nc_put_var_short(ncid, var, values) : nc_put_var_double(ncid, var, values);
    int close_status = nc_close(ncid);
    free(lat);
    free(lon);
    free(values);
    if (status || close_status) return ncfile_error(err, DT_ERR_IO, status ? status : close_status, path, variable, "write failed");
    return DT_OK;
}

/* The GSDE-like baseline (hwsd 0) or the HWSD-like one (hwsd 1): three maps in soil/. */
static int write_soils(demo_data *d, int hwsd, dt_error *err)
{
    const demo_world *w = d->world;
    char soil_dir[4096];
    path_join(soil_dir, sizeof soil_dir, d->dir, "soil");
    if (make_directory(soil_dir, err) != DT_OK) return err->code;
    const struct soil_map_spec {
        const char *name, *variable, *units, *long_name;
        const float *field;
        double scale;              /* GSDE: stored per unit (OC in 0.01 %); 0: an HWSD map */
    } maps[2][3] = {
        {{"soil/SAND1.nc", "SAND", "% of weight", "sand content", w->gsde_sand, 1.0},
         {"soil/CLAY1.nc", "CLAY", "% of weight", "clay content", w->gsde_clay, 1.0},
         {"soil/OC1.nc", "OC", "0.01 % of weight", "soil organic carbon", w->gsde_soc, 0.01}},
        {{"soil/T_SAND.nc4", "T_SAND", "% wt", "Topsoil Sand Fraction", w->hwsd_sand, 0},
         {"soil/T_CLAY.nc4", "T_CLAY", "% wt", "Topsoil Clay Fraction", w->hwsd_clay, 0},
         {"soil/T_OC.nc4", "T_OC", "% weight", "Topsoil Organic Carbon", w->hwsd_soc, 0}},
    };
    for (size_t k = 0; k < 3; k++) {
        const struct soil_map_spec *m = &maps[hwsd][k];
        int status = write_soil_map(d, hwsd ? &hwsd_layout : &gsde_layout, m->name, m->variable, m->field, m->scale, m->units,
                                    m->long_name, err);
        if (status == DT_OK) status = file_done(d, m->name, err);
        if (status != DT_OK) return status;
    }
    return DT_OK;
}

static grid *satellite_grid(const demo_settings *s, dt_error *err)
{
    grid *g = NULL;
    double half = s->cell / 2.0;
    grid_new_latlon(&g, s->rows, s->cols, s->lat_north - half, -s->cell, s->lon_west + half, s->cell, err);
    return g;
}

typedef struct {
    const char *name, *units, *long_name;
    const float *values;
} demo_map;

/* A file of maps on the satellite grid, without time (truth.nc). */
static int write_maps(demo_data *d, const char *name, const char *title, const demo_map *maps, size_t count, dt_error *err)
{
    const demo_settings *s = &d->world->settings;
    char path[4200];
    file_path(d, name, path, sizeof path);
    grid *g = satellite_grid(s, err);
    if (!g) return err->code;
    cf_output out;
    int status = cfwrite_create(&out, path, g, title, "drytex demo", err);
    int varids[16];
    for (size_t k = 0; k < count && status == DT_OK; k++) {
        cf_variable spec = {.name = maps[k].name, .type = NC_FLOAT, .units = maps[k].units, .long_name = maps[k].long_name,
                            .fill = -9999.0};
        status = cfwrite_define(&out, &spec, &varids[k], err);
    }
    if (status == DT_OK) status = cfwrite_number(&out, NC_GLOBAL, "drytex_demo_seed", (double)s->seed, err);
    if (status == DT_OK) status = cfwrite_end_define(&out, err);
    for (size_t k = 0; k < count && status == DT_OK; k++)
        status = cfwrite_put_float(&out, varids[k], 0, 1, 0, s->rows, 0, s->cols, maps[k].values, err);
    dt_error close_error;
    if (out.ncid >= 0 && cfwrite_close(&out, &close_error) != DT_OK && status == DT_OK) {
        *err = close_error;
        status = err->code;
    }
    grid_free(g);
    return status == DT_OK ? file_done(d, name, err) : status;
}

static int write_truth(demo_data *d, dt_error *err)
{
    const demo_world *w = d->world;
    const demo_map truth[] = {
        {"sand", "%", "true sand content", w->sand},
        {"clay", "%", "true clay content", w->clay},
        {"soc", "%", "true soil organic carbon", w->soc},
        {"theta_w", "m3 m-3", "true wilting point (truth PTF θwlt)", w->theta_w},
        {"theta_c", "m3 m-3", "true critical point (truth PTF θref)", w->theta_c},
        {"wetness", "1", "climate wetness index (0 arid … 1 humid)", w->wetness},
    };
    return write_maps(d, "truth.nc", "drytex demo: the true texture and thresholds", truth, 6, err);
}

/* A file of daily series on the satellite grid (the cube, the forcing, the reference), filled a
 * band of rows at a time. */
typedef struct {
    const char *name, *title;
    size_t count;               /* variables */
    demo_map specs[2];
    int kinds[2];               /* the band's series of each (DEMO_SATELLITE, …) */
    cf_output out;
    int varids[2];
    int open;
    int uncompressed;           /* written fast, rewritten compressed later (the first run's cube) */
} series_file;

static int series_file_open(demo_data *d, series_file *f, dt_error *err)
{
    const demo_settings *s = &d->world->settings;
    char path[4200];
    file_path(d, f->name, path, sizeof path);
    grid *g = satellite_grid(s, err);
    if (!g) return err->code;
    int status = cfwrite_create(&f->out, path, g, f->title, "drytex demo", err);
    f->open = status == DT_OK;
    if (status == DT_OK) status = cfwrite_time_axis(&f->out, s->first_day, s->ndays, err);
    for (size_t k = 0; k < f->count && status == DT_OK; k++) {
        cf_variable spec = {.name = f->specs[k].name, .type = NC_FLOAT, .with_time = 1, .units = f->specs[k].units,
                            .long_name = f->specs[k].long_name, .fill = -9999.0, .uncompressed = f->uncompressed};
        status = cfwrite_define(&f->out, &spec, &f->varids[k], err);
    }
    if (status == DT_OK) status = cfwrite_number(&f->out, NC_GLOBAL, "drytex_demo_seed", (double)s->seed, err);
    if (status == DT_OK) status = cfwrite_end_define(&f->out, err);
    grid_free(g);
    return status;
}

static int series_file_put(series_file *f, const demo_band *band, dt_error *err)
{
    int status = DT_OK;
    for (size_t k = 0; k < f->count && status == DT_OK; k++)
        status = cfwrite_put_float(&f->out, f->varids[k], 0, band->ndays, band->row0, band->nrows, 0, band->cols,
                                   band->values[f->kinds[k]], err);
    return status;
}

/* Closes the file (status: how its writing went); whole, it is renamed into place and counted. */
static int series_file_close(demo_data *d, series_file *f, int status, dt_error *err)
{
    if (!f->open) return status;
    f->open = 0;
    dt_error close_error;
    if (cfwrite_close(&f->out, &close_error) != DT_OK && status == DT_OK) {
        *err = close_error;
        status = err->code;
    }
    return status == DT_OK ? file_done(d, f->name, err) : status;
}

/* The series files of the contents, a band at a time: sm_cube.nc (DEMO_PART_FIRST), forcing.nc
 * (DEMO_PART_REST), reference_sm.nc (DEMO_PART_DAILY, which also keeps the satellite series of
 * every day for the daily files). The first part alone writes the cube uncompressed, a third of its
 * time (deflate was half of the first run's work); the rest alone writes it again compressed, into
 * place when whole (an explorer that has the first one open keeps reading it). */
static int write_series(demo_data *d, dt_error *err)
{
    const demo_settings *s = &d->world->settings;
    series_file files[3] = {
        {"sm_cube.nc", "daily sm cube for per-cell reads (drytex demo)", 1,
         {{"sm", "m3 m-3", "volumetric soil moisture", NULL}}, {DEMO_SATELLITE}, .open = 0},
        {"forcing.nc", "drytex demo: daily forcing", 2,
         {{"pr", "mm d-1", "precipitation", NULL}, {"pet", "mm d-1", "potential evapotranspiration", NULL}},
         {DEMO_PRECIP, DEMO_PET}, .open = 0},
        {"reference_sm.nc", "drytex demo: independent reference soil moisture", 1,
         {{"sm", "m3 m-3", "independent reference surface soil moisture", NULL}}, {DEMO_TRUTH}, .open = 0},
    };
    const unsigned part[3] = {DEMO_PART_FIRST | DEMO_PART_REST, DEMO_PART_REST, DEMO_PART_DAILY};
    files[0].uncompressed = (d->contents & (DEMO_PART_FIRST | DEMO_PART_REST)) == DEMO_PART_FIRST;
    int wanted[DEMO_SERIES_KINDS] = {0}, status = DT_OK;
    for (int i = 0; i < 3 && status == DT_OK; i++) {
        if (!(d->contents & part[i])) continue;
        for (size_t k = 0; k < files[i].count; k++) wanted[files[i].kinds[k]] = 1;
        status = series_file_open(d, &files[i], err);
    }
    if (d->contents & DEMO_PART_DAILY) wanted[DEMO_SATELLITE] = 1;
    /* two bands: the next is made by the worker threads while this one is compressed and written */
    demo_band bands[2] = {{0}};
    size_t count = demo_band_count(s);
    demo_band_job *next = status == DT_OK && count ? demo_band_start(d->world, 0, wanted, &bands[0]) : NULL;
    for (size_t b = 0; b < count && next; b++) {
        demo_band_wait(next);
        demo_band *band = &bands[b % 2];
        next = b + 1 < count ? demo_band_start(d->world, b + 1, wanted, &bands[(b + 1) % 2]) : NULL;
        for (int i = 0; i < 3 && status == DT_OK; i++)
            if (files[i].open) status = series_file_put(&files[i], band, err);
        if (d->satellite && status == DT_OK) /* the daily files' days: the band's rows of each */
            for (size_t day = 0; day < s->ndays; day++)
                memcpy(&d->satellite[day * d->cells + band->row0 * s->cols], &band->values[DEMO_SATELLITE][day * band->nrows * s->cols],
                       band->nrows * s->cols * sizeof(float));
        if (status == DT_OK) step_done(d);
        if (status != DT_OK && next) demo_band_wait(next), next = NULL;
    }
    demo_band_free(&bands[0]);
    demo_band_free(&bands[1]);
    for (int i = 0; i < 3; i++) status = series_file_close(d, &files[i], status, err);
    return status;
}

static int write_readme(demo_data *d, dt_error *err)
{
    const demo_settings *s = &d->world->settings;
    static const char analytic_series[] =
        "SERIES: rain pulses (forcing.nc pr; more and heavier in the humid south-east, summer peak)\n"
        "wet the surface to about θc; between pulses θ decays exponentially to θw with a time scale\n"
        "of 3–15 days set by potential ET (forcing.nc pet). reference_sm.nc is that true series.\n";
    static const char column_series[] =
        "SERIES (a Noah-MP twin): the true surface soil moisture is the layer-1 (0–10 cm) daily mean of\n"
        "drytex's Noah-MP soil column with the true texture in every layer, driven by the rain\n"
        "pulses (forcing.nc pr; more and heavier in the humid south-east, summer peak) and potential\n"
        "ET (forcing.nc pet) through the PET-based ET closure, exactly as 'drytex simulate' runs it.\n"
        "reference_sm.nc is that true series.\n";
    int year, month, day;
    calendar_civil_from_days(s->first_day, &year, &month, &day);
    char path[4200];
    file_path(d, "README.txt", path, sizeof path);
    FILE *file = fopen(path, "w");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", path, strerror(errno));
    fprintf(file,
            "drytex demo world (seed %llu) — a synthetic twin experiment\n\n"
            "Grid: %zu × %zu cells of %.2f°, %.2f…%.2f°N, %.2f…%.2f°E; %zu days from %04d-%02d-%02d.\n\n"
            "TRUE (truth.nc): sand, clay, SOC with an arid (north-west: sandy, little carbon) to humid\n"
            "(south-east: clayey, more carbon) gradient; θw and θc are the %s PTF's θwlt and θref of it.\n\n"
            "BIASED baselines (soil/): GSDE-like SAND1/CLAY1/OC1.nc (0.05°, 4 layers, OC in 0.01 %%) are\n"
            "the truth shrunk halfway to the domain mean (too uniform) plus fine-scale noise;\n"
            "HWSD-like T_SAND/T_CLAY/T_OC.nc4 (0.05°, double, fill -1, latitude ascending) are 1° blocks\n"
            "of the truth shrunk to 60 %% and 4 %%w too sandy.\n\n"
            "%s"
            "The satellite (sm/, one ESA CCI SM v08-like file per day, and sm_cube.nc, the same\n"
            "ingested) sees it with Gaussian noise σ = %.3f m3 m-3 and %.0f %% of days missing.\n\n"
            "STATIONS (stations.csv: station,lat,lon,date,sm): up to 12 in-situ probes at cells spread over\n"
            "the domain see the true series with a sensor offset (σ 0.02), noise (σ 0.01) and 10 %% of days\n"
            "missing: 'drytex simulate --stations stations.csv' compares both runs with them.\n",
            (unsigned long long)s->seed, s->rows, s->cols, s->cell, s->lat_north - s->rows * s->cell,
            s->lat_north, s->lon_west, s->lon_west + s->cols * s->cell, s->ndays, year, month, day, ptf_name(s->truth_ptf),
            s->series_model == DEMO_SERIES_COLUMN ? column_series : analytic_series, s->noise, 100.0 * s->gap_fraction);
    if (!(d->contents & DEMO_PART_DAILY))
        fputs("\nTHIS COPY is the explorer's bundled demo: to stay small it leaves out the daily files (sm/)\n"
              "and reference_sm.nc; 'drytex demo DIR' writes the whole world, those included.\n", file);
    if (fclose(file) != 0) return dt_error_set(err, DT_ERR_IO, "%s: write failed", path);
    return file_done(d, "README.txt", err);
}

/* stations.csv: in-situ probes at a few cells, seeing the true series with a sensor offset,
 * measurement noise and their own gaps — the station evaluation of `drytex simulate`. */
static int write_stations(demo_data *d, dt_error *err)
{
    const demo_settings *s = &d->world->settings;
    char path[4200];
    file_path(d, "stations.csv", path, sizeof path);
    FILE *file = fopen(path, "w");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", path, strerror(errno));
    rng_state rng;
    rng_seed(&rng, s->seed, UINT64_MAX - 1);
    demo_series one;
    demo_series_alloc(&one, s->ndays);
    fprintf(file, "station,lat,lon,date,sm\n");
    size_t across = s->cols >= 4 ? 4 : s->cols, down = s->rows >= 3 ? 3 : s->rows;
    for (size_t k = 0; k < across * down; k++) {
        size_t row = (k / across * 2 + 1) * s->rows / (2 * down), col = (k % across * 2 + 1) * s->cols / (2 * across);
        double lat = s->lat_north - ((double)row + rng_uniform(&rng)) * s->cell;
        double lon = s->lon_west + ((double)col + rng_uniform(&rng)) * s->cell;
        double offset = 0.02 * rng_normal(&rng);
        demo_cell_series(d->world, row, col, &one); /* the cell's own stream: the same truth as the cube's */
        for (size_t day = 0; day < s->ndays; day++) {
            float truth = one.truth[day];
            double sm = truth + offset + 0.01 * rng_normal(&rng);
            if (rng_uniform(&rng) < 0.1 || isnan(truth)) continue;
            int y, m, dd;
            calendar_civil_from_days(s->first_day + (long)day, &y, &m, &dd);
            fprintf(file, "S%02zu,%.4f,%.4f,%04d-%02d-%02d,%.4f\n", k + 1, lat, lon, y, m, dd, sm < 0.01 ? 0.01 : sm);
        }
    }
    demo_series_free(&one);
    if (fclose(file) != 0) return dt_error_set(err, DT_ERR_IO, "%s: write failed", path);
    return file_done(d, "stations.csv", err);
}

size_t demo_write_step_count(const demo_settings *settings, demo_contents contents)
{
    size_t steps = 0;
    if (contents & DEMO_PART_FIRST) steps += 3 + 1 + 2;       /* the GSDE soils; the cube; stations, README */
    if (contents & DEMO_PART_REST) steps += 3 + 1 + 1;        /* the HWSD soils; truth; the forcing */
    if ((contents & (DEMO_PART_FIRST | DEMO_PART_REST)) == DEMO_PART_REST) steps++; /* the cube compressed */
    if (contents & DEMO_PART_DAILY) steps += 1 + settings->ndays; /* the reference; the daily files */
    if (contents) steps += demo_band_count(settings);          /* the bands of the series files */
    return steps;
}

int demo_write(const demo_world *world, const char *dir, demo_progress progress, void *context, dt_error *err)
{
    return demo_write_contents(world, dir, DEMO_CONTENTS_ALL, progress, context, err);
}

int demo_write_contents(const demo_world *world, const char *dir, demo_contents contents, demo_progress progress,
                        void *context, dt_error *err)
{
    const demo_settings *s = &world->settings;
    demo_data d = {.world = world, .dir = dir, .contents = contents, .cells = s->rows * s->cols,
                   .atomic = !(contents & DEMO_PART_FIRST), .progress = progress, .progress_context = context,
                   .steps_total = demo_write_step_count(s, contents)};
    if (make_directory(dir, err) != DT_OK) return err->code;
    if (contents & DEMO_PART_DAILY) d.satellite = dt_malloc(d.cells * s->ndays * sizeof(float));
    /* the first frame's files first: the GSDE soils, then the cube (with the other series files) */
    int status = contents & DEMO_PART_FIRST ? write_soils(&d, 0, err) : DT_OK;
    if (status == DT_OK) status = write_series(&d, err);
    if (status == DT_OK && (contents & DEMO_PART_FIRST)) status = write_stations(&d, err);
    if (status == DT_OK && (contents & DEMO_PART_FIRST)) status = write_readme(&d, err);
    if (status == DT_OK && (contents & DEMO_PART_REST)) status = write_truth(&d, err);
    if (status == DT_OK && (contents & DEMO_PART_REST)) status = write_soils(&d, 1, err);
    if (status == DT_OK && (contents & DEMO_PART_DAILY)) status = write_daily_files(&d, err);
    free(d.satellite);
    return status;
}
