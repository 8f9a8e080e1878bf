/* hrldas_engine.c — the real Noah-MP through HRLDAS for `drytex simulate` (see hrldas_engine.h).
 * Layout of the work directory: forcing/ holds one LDASIN file per forcing step (shared by the
 * runs), and each run's directory (baseline/, optimised/) its setup file, SOIL_DATA_OPTION = 4
 * parameter file, namelist.hrldas, NoahmpTable.TBL, hrldas.log and out/ (the LDASOUT file). */
#include "hrldas_engine.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cftime.h"
#include "field.h"
#include "hrldas_files.h"
#include "hrldas_run.h"
#include "simulate.h"
#include "texture_class.h"

enum { FORCING_T, FORCING_Q, FORCING_P, FORCING_WIND, FORCING_SW, FORCING_LW, FORCING_PR, FORCING_COUNT };

static const char *const forcing_roles[FORCING_COUNT] = {
    "air temperature (K)", "specific humidity (kg kg-1)", "surface pressure (Pa)", "10-m wind speed (m s-1)",
    "downward shortwave radiation (W m-2)", "downward longwave radiation (W m-2)", "precipitation (kg m-2 s-1)"};

void hrldas_default_options(hrldas_options *o)
{
    o->exe = NULL;
    o->workdir = NULL;
    o->vegetation_type = 12;
    o->shdmax = 50.0;
    o->shdmin = 1.0;
    o->lai = 2.0;
    o->spinup_loops = 0;
}

void hrldas_texture_run_free(hrldas_texture_run *r)
{
    free(r->top);
    free(r->evaporation);
    free(r->transpiration);
    free(r->runoff);
    free(r->drainage);
    free(r->jja_top);
    r->top = r->evaporation = r->transpiration = r->runoff = r->drainage = r->jja_top = NULL;
}

/* ---- the forcing at its own time step ------------------------------------------------------------ */

typedef struct {
    field *field[FORCING_COUNT];
    double scale[FORCING_COUNT];   /* into HRLDAS units */
    double *seconds;               /* [ntime] since 1970-01-01 */
    size_t ntime;
    int step;                      /* [s] */
} forcing_source;

static void forcing_close(forcing_source *f)
{
    for (int k = 0; k < FORCING_COUNT; k++) field_close(f->field[k]);
    free(f->seconds);
}

static int units_scale(const char *units, int role, double *scale)
{
    static const struct { int role; const char *units; double scale; } known[] = {
        {FORCING_T, "K", 1}, {FORCING_T, "degK", 1}, {FORCING_T, "kelvin", 1},
        {FORCING_Q, "kg kg-1", 1}, {FORCING_Q, "kg/kg", 1}, {FORCING_Q, "1", 1},
        {FORCING_P, "Pa", 1}, {FORCING_P, "hPa", 100}, {FORCING_P, "kPa", 1000},
        {FORCING_WIND, "m s-1", 1}, {FORCING_WIND, "m/s", 1}, {FORCING_WIND, "m s**-1", 1},
        {FORCING_SW, "W m-2", 1}, {FORCING_SW, "W/m2", 1}, {FORCING_SW, "W m**-2", 1},
        {FORCING_LW, "W m-2", 1}, {FORCING_LW, "W/m2", 1}, {FORCING_LW, "W m**-2", 1},
        {FORCING_PR, "kg m-2 s-1", 1}, {FORCING_PR, "mm s-1", 1}, {FORCING_PR, "mm/s", 1}, {FORCING_PR, "kg m^-2 s^-1", 1},
        {FORCING_PR, "mm h-1", 1.0 / 3600}, {FORCING_PR, "mm/h", 1.0 / 3600},
        {FORCING_PR, "mm d-1", 1.0 / 86400}, {FORCING_PR, "mm/d", 1.0 / 86400}, {FORCING_PR, "mm day-1", 1.0 / 86400}};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (known[i].role == role && strcmp(known[i].units, units) == 0) return *scale = known[i].scale, 1;
    return 0;
}

/* The time of every step [s since 1970] and the (uniform) step. */
static int forcing_times(forcing_source *f, const char *path, dt_error *err)
{
    const field *t = f->field[FORCING_T];
    cf_time_units units;
    if (!t->time_values || t->ntime < 2)
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: the hrldas engine needs a sub-daily time axis (%zu steps)", path,
                            t->variable, t->ntime);
    if (cftime_parse_units(t->time_units, t->calendar[0] ? t->calendar : NULL, &units, err) != DT_OK)
        return dt_error_prefix(err, path);
    f->ntime = t->ntime;
    f->seconds = dt_malloc(f->ntime * sizeof *f->seconds);
    for (size_t i = 0; i < f->ntime; i++) {
        int year, month, day;
        double of_day;
        if (cftime_to_date(&units, t->time_values[i], &year, &month, &day, &of_day) != DT_OK)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: time: value %g (%s) is not a date", path, t->time_values[i],
                                t->time_units);
        f->seconds[i] = 86400.0 * (double)calendar_days_from_civil(year, month, day) + of_day;
    }
    double step = f->seconds[1] - f->seconds[0];
    for (size_t i = 2; i < f->ntime; i++)
        if (fabs(f->seconds[i] - f->seconds[i - 1] - step) > 1.0)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: time: steps of %g s and %g s (HRLDAS needs one forcing step)", path,
                                step, f->seconds[i] - f->seconds[i - 1]);
    f->step = (int)lround(step);
    if (f->step > 10800 || f->step < 60 || (f->step <= 3600 ? 3600 % f->step : 10800 % f->step) != 0)
        return dt_error_set(err, DT_ERR_FORMAT,
                            "%s: time: a forcing step of %d s; the hrldas engine needs sub-daily forcing with a step that "
                            "divides 1 h, or 2 h or 3 h (HRLDAS interpolates linearly between steps)", path, f->step);
    return DT_OK;
}

static int forcing_open(forcing_source *f, const hrldas_forcing *spec, size_t rows, size_t cols, dt_error *err)
{
    memset(f, 0, sizeof *f);
    for (int k = 0; k < FORCING_COUNT; k++) {
        field_options fo;
        field_default_options(&fo);
        fo.variable = spec->variables[k];
        fo.extra_scale = 1.0;
        int status = field_open(&f->field[k], spec->path, &fo, err);
        if (status == DT_ERR_MISSING)
            return dt_error_set(err, DT_ERR_MISSING,
                                "%s: %s: missing; the hrldas engine needs the full meteorology (%s as %s): precipitation "
                                "and PET alone cannot drive Noah-MP's energy balance", spec->path, spec->variables[k],
                                forcing_roles[k], spec->variables[k]);
        if (status != DT_OK) return status;
        field *v = f->field[k];
        if (!units_scale(v->units, k, &f->scale[k]))
            return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: units '%s' are not those of %s", spec->path, v->variable, v->units,
                                forcing_roles[k]);
        if (grid_rows(v->grid) != rows || grid_cols(v->grid) != cols || (k && v->ntime != f->field[0]->ntime))
            return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: grid or time axis differs from %s's", spec->path, v->variable,
                                f->field[0]->variable);
    }
    return forcing_times(f, spec->path, err);
}

/* ---- the work directory --------------------------------------------------------------------------- */

static int make_dir(const char *path, dt_error *err)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST) {
        struct stat info;
        if (stat(path, &info) == 0 && S_ISDIR(info.st_mode)) return DT_OK;
    }
    return dt_error_set(err, DT_ERR_IO, "%s: cannot be created as a directory (%s)", path, errno ? strerror(errno) : "a file");
}

/* Removes dir's files whose names contain part (stale inputs or outputs of an earlier run). */
static void remove_matching(const char *dir, const char *part)
{
    char path[PATH_MAX + 64];
    DIR *d = opendir(dir);
    if (!d) return;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strstr(e->d_name, part)) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        remove(path);
    }
    closedir(d);
}

static int copy_file(const char *from, const char *to, dt_error *err)
{
    FILE *in = fopen(from, "rb");
    if (!in) return dt_error_set(err, DT_ERR_MISSING, "%s: cannot be read (%s); hrldas.exe reads it from its run directory", from,
                                 strerror(errno));
    FILE *out = fopen(to, "wb");
    int ok = out != NULL;
    char buffer[65536];
    size_t n;
    while (ok && (n = fread(buffer, 1, sizeof buffer, in)) > 0) ok = fwrite(buffer, 1, n, out) == n;
    ok = ok && !ferror(in);
    fclose(in);
    if (out && fclose(out) != 0) ok = 0;
    if (!ok) return dt_error_set(err, DT_ERR_IO, "%s: cannot be written", to);
    return DT_OK;
}

/* NoahmpTable.TBL beside the (resolved) executable. */
static int find_table(const char *exe, char *table, size_t size, dt_error *err)
{
    char resolved[PATH_MAX];
    if (!realpath(exe, resolved)) return dt_error_set(err, DT_ERR_USAGE, "%s: %s", exe, strerror(errno));
    char *slash = strrchr(resolved, '/');
    if (slash) *slash = '\0';
    snprintf(table, size, "%s/NoahmpTable.TBL", resolved);
    if (access(table, R_OK) != 0)
        return dt_error_set(err, DT_ERR_MISSING, "%s: not found; Noah-MP's parameter table must be beside hrldas.exe (%s)", table,
                            exe);
    return DT_OK;
}

/* ---- forcing files ---------------------------------------------------------------------------------- */

/* The steps [first, last] of the simulated days, from day 0 00:00 to the end of the last day. */
static int select_steps(const forcing_source *f, const hrldas_domain_days *d, const char *path, size_t *first, size_t *last,
                        dt_error *err)
{
    double start = 86400.0 * (double)d->first_day, end = 86400.0 * (double)(d->first_day + (long)d->ndays);
    size_t i = 0;
    while (i < f->ntime && f->seconds[i] < start) i++;
    size_t j = i;
    while (j + 1 < f->ntime && f->seconds[j + 1] <= end) j++;
    if (i >= f->ntime || f->seconds[j] - f->seconds[i] < 3600.0)
        return dt_error_set(err, DT_ERR_NODATA, "%s: less than an hour of forcing in the simulated days", path);
    *first = i;
    *last = j;
    return DT_OK;
}

static void date_of(double seconds, int *year, int *month, int *day, int *hour, int *minute)
{
    long epoch_day = (long)floor(seconds / 86400.0);
    double of_day = seconds - 86400.0 * (double)epoch_day;
    calendar_civil_from_days(epoch_day, year, month, day);
    long minutes = lround(of_day / 60.0);
    *hour = (int)(minutes / 60);
    *minute = (int)(minutes % 60);
}

/* Writes forcing/ for steps [first, last]; mean air temperature and the first step's per cell. */
static int write_forcing(forcing_source *f, const char *dir, size_t rows, size_t cols, size_t first, size_t last,
                         float *mean_t, float *first_t, const char *path, dt_error *err)
{
    size_t cells = rows * cols;
    float *values = dt_malloc(FORCING_COUNT * cells * sizeof *values), *zero = dt_calloc(cells, sizeof *zero);
    double *sum = dt_calloc(cells, sizeof *sum);
    int status = DT_OK, with_minutes = f->step % 3600 != 0;
    for (size_t t = first; t <= last && status == DT_OK; t++) {
        int year, month, day, hour, minute;
        date_of(f->seconds[t], &year, &month, &day, &hour, &minute);
        for (int k = 0; k < FORCING_COUNT && status == DT_OK; k++) {
            float *v = values + k * cells;
            status = field_read(f->field[k], t, 1, 0, rows, 0, cols, v, err);
            for (size_t i = 0; i < cells && status == DT_OK; i++) {
                if (isnan(v[i]))
                    status = dt_error_set(err, DT_ERR_NODATA, "%s: %s: missing at %04d-%02d-%02d %02d:%02d, cell %zu: HRLDAS "
                                          "needs every forcing step", path, f->field[k]->variable, year, month, day, hour,
                                          minute, i);
                v[i] = (float)(v[i] * f->scale[k]);
                if (k == FORCING_PR && v[i] < 0) v[i] = 0.0f;
            }
        }
        if (status != DT_OK) break;
        for (size_t i = 0; i < cells; i++) sum[i] += values[FORCING_T * cells + i];
        if (t == first) memcpy(first_t, values + FORCING_T * cells, cells * sizeof *first_t);
        hrldas_forcing_step step = {values + FORCING_T * cells, values + FORCING_Q * cells, values + FORCING_P * cells,
                                    values + FORCING_WIND * cells, zero, values + FORCING_SW * cells,
                                    values + FORCING_LW * cells, values + FORCING_PR * cells};
        char name[64], file[PATH_MAX + 64];
        hrldas_forcing_name(name, sizeof name, year, month, day, hour, minute, with_minutes);
        snprintf(file, sizeof file, "%s/%s", dir, name);
        status = hrldas_write_forcing(file, rows, cols, &step, err);
    }
    for (size_t i = 0; i < cells; i++) mean_t[i] = (float)(sum[i] / (double)(last - first + 1));
    free(values);
    free(zero);
    free(sum);
    return status;
}

/* ---- one run's inputs ----------------------------------------------------------------------------------- */

/* The PTF of every cell; cells without a valid texture become water (not simulated) with the
 * parameters of a valid cell. Returns the number of land cells. */
static size_t run_soil(const ptf_options *ptf, const double *texture, size_t cells, ptf_hydraulics *soil, int *vegetation,
                       int *soil_class, int vegetation_type)
{
    size_t land = 0, valid = cells;
    for (size_t i = 0; i < cells; i++) {
        const double *t = texture + 3 * i;
        dt_error ignored;
        vegetation[i] = HRLDAS_MODIS_WATER;
        soil_class[i] = 14; /* STAS water */
        if (isnan(t[0]) || isnan(t[1]) || isnan(t[2]) || ptf_eval(ptf, t[0], t[1], t[2], &soil[i], &ignored) != DT_OK) continue;
        vegetation[i] = vegetation_type;
        int stas = texture_stas_class(texture_classify(t[0], t[1]));
        soil_class[i] = stas > 0 ? stas : 6;
        valid = valid == cells ? i : valid;
        land++;
    }
    for (size_t i = 0; i < cells && land; i++)
        if (vegetation[i] == HRLDAS_MODIS_WATER) soil[i] = soil[valid];
    return land;
}

typedef struct {
    const hrldas_options *options;
    const hrldas_domain_days *domain;
    const char *table, *forcing_dir;
    const float *mean_t, *first_t;
    double start, end;              /* [s since 1970] */
    int step, model_step, output_step;
} run_context;

static int prepare_run(const run_context *c, const ptf_options *ptf, const hrldas_texture_run *run, const char *dir,
                       dt_error *err)
{
    const hrldas_domain_days *d = c->domain;
    size_t cells = d->rows * d->cols;
    ptf_hydraulics *soil = dt_malloc(cells * sizeof *soil);
    int *vegetation = dt_malloc(cells * sizeof *vegetation), *soil_class = dt_malloc(cells * sizeof *soil_class);
    float *theta = dt_malloc(cells * HRLDAS_LAYERS * sizeof *theta);
    size_t land = run_soil(ptf, run->texture, cells, soil, vegetation, soil_class, c->options->vegetation_type);
    for (size_t i = 0; i < cells; i++)
        for (int k = 0; k < HRLDAS_LAYERS; k++) theta[i * HRLDAS_LAYERS + k] = (float)soil[i].theta_ref;
    char setup[PATH_MAX], soil_file[PATH_MAX], out_dir[PATH_MAX], namelist_file[PATH_MAX], table[PATH_MAX];
    snprintf(setup, sizeof setup, "%s/setup.nc", dir);
    snprintf(soil_file, sizeof soil_file, "%s/soil_parameters.nc", dir);
    snprintf(out_dir, sizeof out_dir, "%s/out", dir);
    snprintf(namelist_file, sizeof namelist_file, "%s/namelist.hrldas", dir);
    snprintf(table, sizeof table, "%s/NoahmpTable.TBL", dir);
    int status = land ? DT_OK : dt_error_set(err, DT_ERR_NODATA, "%s: no cell has a valid %s texture", dir, run->name);
    hrldas_domain domain = {d->rows, d->cols, d->lat, d->lon, vegetation, soil_class, theta, (float)c->options->shdmax,
                            (float)c->options->shdmin, (float)c->options->lai, c->mean_t, c->first_t};
    if (status == DT_OK) status = make_dir(out_dir, err);
    if (status == DT_OK) remove_matching(out_dir, ".LDASOUT_DOMAIN1");
    if (status == DT_OK) status = hrldas_write_setup(setup, &domain, err);
    if (status == DT_OK) status = hrldas_write_soil(soil_file, d->rows, d->cols, soil, err);
    if (status == DT_OK) status = copy_file(c->table, table, err);
    int year, month, day, hour, minute;
    date_of(c->start, &year, &month, &day, &hour, &minute);
    hrldas_namelist n = {setup, soil_file, c->forcing_dir, out_dir, year, month, day, hour, minute,
                         lround((c->end - c->start) / 3600.0), c->step, c->model_step, c->output_step,
                         c->options->spinup_loops};
    if (status == DT_OK) status = hrldas_write_namelist(namelist_file, &n, err);
    free(soil);
    free(vegetation);
    free(soil_class);
    free(theta);
    return status;
}

/* ---- results ---------------------------------------------------------------------------------------------- */

/* Accumulates one run's outputs, time by time, into daily means and period means. */
typedef struct {
    const hrldas_domain_days *domain;
    double *day_sum;            /* [cells × ndays] Σ SOIL_M layer 1 */
    size_t *day_count;          /* [ndays] outputs on each day */
    double *edir, *etran;       /* [cells] Σ rates over the outputs after the first */
    float *runoff0, *drainage0, *runoff1, *drainage1; /* [cells] accumulations at the first and last output */
    size_t seen;
} accumulator;

static void accumulate(void *context, const hrldas_output_step *step)
{
    accumulator *a = context;
    const hrldas_domain_days *d = a->domain;
    size_t cells = d->rows * d->cols;
    long day = (long)floor(step->seconds / 86400.0) - d->first_day;
    if (day >= 0 && (size_t)day < d->ndays) {
        for (size_t i = 0; i < cells; i++) a->day_sum[i * d->ndays + (size_t)day] += step->soil_m1[i];
        a->day_count[day]++;
    }
    if (a->seen++ == 0) {
        memcpy(a->runoff0, step->sfcrnoff, cells * sizeof *a->runoff0);
        memcpy(a->drainage0, step->ugdrnoff, cells * sizeof *a->drainage0);
    } else {
        for (size_t i = 0; i < cells; i++) a->edir[i] += step->edir[i], a->etran[i] += step->etran[i];
    }
    memcpy(a->runoff1, step->sfcrnoff, cells * sizeof *a->runoff1);
    memcpy(a->drainage1, step->ugdrnoff, cells * sizeof *a->drainage1);
}

static void accumulator_init(accumulator *a, const hrldas_domain_days *d)
{
    size_t cells = d->rows * d->cols;
    *a = (accumulator){.domain = d};
    a->day_sum = dt_calloc(cells * d->ndays + 1, sizeof *a->day_sum);
    a->day_count = dt_calloc(d->ndays + 1, sizeof *a->day_count);
    a->edir = dt_calloc(cells, sizeof *a->edir);
    a->etran = dt_calloc(cells, sizeof *a->etran);
    float **maps[4] = {&a->runoff0, &a->drainage0, &a->runoff1, &a->drainage1};
    for (int k = 0; k < 4; k++) *maps[k] = dt_calloc(cells, sizeof(float));
}

static void accumulator_free(accumulator *a)
{
    free(a->day_sum);
    free(a->day_count);
    free(a->edir);
    free(a->etran);
    free(a->runoff0);
    free(a->drainage0);
    free(a->runoff1);
    free(a->drainage1);
}

/* The run's results per cell; cells not run (no valid texture) stay NaN. */
static void collect(const accumulator *a, const hrldas_output_span *span, const double *texture, hrldas_texture_run *run)
{
    const hrldas_domain_days *d = a->domain;
    size_t cells = d->rows * d->cols, days = d->ndays, steps = span->ntimes - 1;
    double elapsed_days = (span->last - span->first) / 86400.0;
    run->top = dt_malloc(cells * days * sizeof *run->top);
    float **maps[5] = {&run->evaporation, &run->transpiration, &run->runoff, &run->drainage, &run->jja_top};
    for (int k = 0; k < 5; k++) *maps[k] = dt_malloc(cells * sizeof(float));
    for (size_t i = 0; i < cells; i++) {
        int land = !isnan(texture[3 * i]);
        double jja = 0;
        size_t jja_days = 0;
        for (size_t day = 0; day < days; day++) {
            float value = land && a->day_count[day] ? (float)(a->day_sum[i * days + day] / (double)a->day_count[day]) : NAN;
            run->top[i * days + day] = value;
            if (!isnan(value) && simulate_is_jja(d->first_day + (long)day)) jja += value, jja_days++;
        }
        run->evaporation[i] = land && steps ? (float)(86400.0 * a->edir[i] / (double)steps) : NAN;
        run->transpiration[i] = land && steps ? (float)(86400.0 * a->etran[i] / (double)steps) : NAN;
        run->runoff[i] = land && elapsed_days > 0 ? (float)((a->runoff1[i] - a->runoff0[i]) / elapsed_days) : NAN;
        run->drainage[i] = land && elapsed_days > 0 ? (float)((a->drainage1[i] - a->drainage0[i]) / elapsed_days) : NAN;
        run->jja_top[i] = land && jja_days ? (float)(jja / (double)jja_days) : NAN;
    }
}

/* ---- the engine ---------------------------------------------------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Starts every prepared run, waits for all, and reads the outputs of those that succeeded. */
static int run_all(const run_context *c, const char *const *dirs, const hrldas_domain_days *d, hrldas_texture_run *runs,
                   size_t nruns, dt_error *err)
{
    hrldas_process *process = dt_calloc(nruns, sizeof *process);
    int status = DT_OK;
    for (size_t r = 0; r < nruns && status == DT_OK; r++)
        if (runs[r].texture) status = hrldas_start(&process[r], c->options->exe, dirs[r], err);
    for (size_t r = 0; r < nruns; r++) {
        if (!process[r].pid) continue;
        dt_error run_error;
        int rc = hrldas_wait(&process[r], &run_error);
        char out_dir[PATH_MAX];
        snprintf(out_dir, sizeof out_dir, "%s/out", dirs[r]);
        accumulator a;
        accumulator_init(&a, d);
        hrldas_output_span span = {0};
        if (rc == DT_OK) rc = hrldas_scan_output(out_dir, d->rows, d->cols, accumulate, &a, &span, &run_error);
        if (rc == DT_ERR_MISSING && !span.ntimes && strstr(run_error.text, "wrote no")) { /* the log says why */
            char tail[300];
            hrldas_log_tail(process[r].log, tail, sizeof tail);
            rc = dt_error_set(&run_error, DT_ERR_IO, "%s: hrldas.exe wrote no output; the log ends: %s", process[r].log,
                              tail[0] ? tail : "(empty)");
        }
        if (rc == DT_OK) rc = hrldas_check_complete(&process[r], &span, c->end, &run_error);
        if (rc == DT_OK) collect(&a, &span, runs[r].texture, &runs[r]);
        accumulator_free(&a);
        if (rc != DT_OK && status == DT_OK) *err = run_error, status = rc;
    }
    free(process);
    return status;
}

int hrldas_engine_run(const hrldas_options *o, const ptf_options *ptf, const hrldas_forcing *spec,
                      const hrldas_domain_days *d, hrldas_texture_run *runs, size_t nruns, int *forcing_step,
                      double *seconds, dt_error *err)
{
    char table[PATH_MAX + 32], forcing_dir[PATH_MAX];
    if (hrldas_check_exe(o->exe, err) != DT_OK || find_table(o->exe, table, sizeof table, err) != DT_OK) return err->code;
    if (!o->workdir || !*o->workdir) return dt_error_set(err, DT_ERR_USAGE, "the hrldas engine needs a work directory");
    forcing_source f;
    int status = forcing_open(&f, spec, d->rows, d->cols, err);
    size_t first = 0, last = 0, cells = d->rows * d->cols;
    if (status == DT_OK) status = select_steps(&f, d, spec->path, &first, &last, err);
    if (status == DT_OK) status = make_dir(o->workdir, err);
    /* absolute: hrldas.exe runs in its run directory */
    char workdir[PATH_MAX] = "";
    if (status == DT_OK && !realpath(o->workdir, workdir))
        status = dt_error_set(err, DT_ERR_IO, "%s: %s", o->workdir, strerror(errno));
    snprintf(forcing_dir, sizeof forcing_dir, "%s/forcing", workdir);
    if (status == DT_OK) status = make_dir(forcing_dir, err);
    if (status == DT_OK) remove_matching(forcing_dir, ".LDASIN_DOMAIN1");
    float *mean_t = dt_malloc(cells * sizeof *mean_t), *first_t = dt_malloc(cells * sizeof *first_t);
    if (status == DT_OK) status = write_forcing(&f, forcing_dir, d->rows, d->cols, first, last, mean_t, first_t, spec->path, err);
    run_context c = {o, d, table, forcing_dir, mean_t, first_t, 0, 0, f.step, 0, 0};
    if (status == DT_OK) {
        c.model_step = f.step <= 3600 ? f.step : 3600;
        c.output_step = f.step < 3600 ? 3600 : f.step;
        c.start = f.seconds[first];
        /* whole hours (KHOUR), ending on an output time */
        double length = floor((f.seconds[last] - c.start) / c.output_step) * c.output_step;
        c.end = c.start + floor(length / 3600.0) * 3600.0;
    }
    char (*dirs)[PATH_MAX] = dt_calloc(nruns, sizeof *dirs);
    const char **dir_names = dt_calloc(nruns, sizeof *dir_names);
    for (size_t r = 0; r < nruns && status == DT_OK; r++) {
        snprintf(dirs[r], sizeof dirs[r], "%s/%s", workdir, runs[r].name);
        dir_names[r] = dirs[r];
        if (!runs[r].texture) continue;
        status = make_dir(dirs[r], err);
        if (status == DT_OK) status = prepare_run(&c, ptf, &runs[r], dirs[r], err);
    }
    double started = now_seconds();
    if (status == DT_OK) status = run_all(&c, dir_names, d, runs, nruns, err);
    *seconds = now_seconds() - started;
    *forcing_step = f.step;
    free(dirs);
    free(dir_names);
    free(mean_t);
    free(first_t);
    forcing_close(&f);
    return status;
}
