/* simulate_job.c — the baseline vs optimised Noah-MP comparison over the domain (issue "Noah-MP
 * comparison"). The simulation runs on the forcing grid (DESIGN.md §4): the baseline soil is
 * regridded onto it and the optimised texture is that baseline plus the calibration's increments
 * sampled from the calibration's grid, so the baseline's detail survives. Every cell's two runs
 * are compared with each reference series sampled at the cell's centre. */
#include "simulate_job_private.h"

#include <limits.h>
#include <math.h>
#include <netcdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cftime.h"
#include "field.h"
#include "job_mpi.h"
#include "job_output.h"
#include "summary_write.h"
#include "ncfile.h"
#include "simulate_inputs.h"
#include "stations.h"

static const char *const experiment_names[] = {"none", "gsde-sr06", "gsde-ch78", "hwsd-ch78"};

int simulate_experiment_parse(const char *name, simulate_experiment *experiment, dt_error *err)
{
    static const struct { const char *name; simulate_experiment experiment; } aliases[] = {
        {"exp1", SIMULATE_GSDE_SR06}, {"exp2", SIMULATE_GSDE_SR06}, {"exp3", SIMULATE_GSDE_CH78},
        {"exp4", SIMULATE_GSDE_CH78}, {"exp5", SIMULATE_HWSD_CH78}, {"exp6", SIMULATE_HWSD_CH78}};
    for (int e = SIMULATE_GSDE_SR06; e <= SIMULATE_HWSD_CH78; e++)
        if (strcmp(name, experiment_names[e]) == 0) return *experiment = (simulate_experiment)e, DT_OK;
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcmp(name, aliases[i].name) == 0) return *experiment = aliases[i].experiment, DT_OK;
    return dt_error_set(err, DT_ERR_USAGE,
                        "unknown experiment '%s' (exp1…exp6, or gsde-sr06, gsde-ch78, hwsd-ch78)", name);
}

const char *simulate_experiment_name(simulate_experiment e)
{
    return e <= SIMULATE_HWSD_CH78 ? experiment_names[e] : "unknown";
}

void simulate_job_default_options(simulate_job_options *o)
{
    o->engine = SIMULATE_ENGINE_COLUMN;
    hrldas_default_options(&o->hrldas);
    simulate_default_options(&o->simulation);
    ptf_default_options(&o->ptf);
    o->ptf_given = 0;
    o->experiment = SIMULATE_EXPERIMENT_NONE;
    soil_default_options(&o->soil);
    o->precip_variable = "pr";
    o->pet_variable = "pet";
    static const char *const met[6] = {"tas", "huss", "ps", "sfcWind", "rsds", "rlds"};
    for (int k = 0; k < 6; k++) o->met_variables[k] = met[k];
    o->stations = NULL;
    o->start_day = LONG_MIN;
    o->end_day = LONG_MAX;
    job_default_config(&o->job, 0, 0);
    o->resume = 0;
    o->history = "";
}

typedef struct {
    float *forcing_block;             /* [forcing days × tile cells] */
    float *precip, *pet;              /* [tile cells × simulated days] */
    float *reference;                 /* [references × tile cells × simulated days] */
    float *daily[RUNS];               /* [simulated days × tile cells] */
    float *top;                       /* [simulated days] */
    float *map[RUNS][MAP_COUNT];      /* [tile cells] */
    float *metric[SIMULATE_MAX_REFERENCES][RUNS][METRIC_COUNT];
    float *rmse_change[SIMULATE_MAX_REFERENCES];
    float *status, *spinup;
    double masked;                    /* reference values the tile's read masked as impossible */
} simulate_worker;

static float *plane(size_t n)
{
    return dt_malloc((n ? n : 1) * sizeof(float));
}

static void *worker_create(void *job)
{
    const simulate_job *j = job;
    simulate_worker *w = dt_calloc(1, sizeof *w);
    size_t cells = j->options->job.tile_rows * j->options->job.tile_cols, days = j->in.ndays;
    w->forcing_block = plane((j->in.met[0] ? MET_COUNT : 1) * j->in.precip->ndays * cells);
    w->precip = plane(cells * days);
    w->pet = plane(cells * days);
    w->reference = plane(j->in.nreferences * cells * days);
    w->top = plane(days);
    for (int run = 0; run < RUNS; run++) {
        w->daily[run] = plane(days * cells);
        for (int m = 0; m < MAP_COUNT; m++) w->map[run][m] = plane(cells);
        for (size_t k = 0; k < j->in.nreferences; k++)
            for (int m = 0; m < METRIC_COUNT; m++) w->metric[k][run][m] = plane(cells);
    }
    for (size_t k = 0; k < j->in.nreferences; k++) w->rmse_change[k] = plane(cells);
    w->status = plane(cells);
    w->spinup = plane(cells);
    return w;
}

static void worker_free(void *worker)
{
    simulate_worker *w = worker;
    free(w->forcing_block);
    free(w->precip);
    free(w->pet);
    free(w->reference);
    free(w->top);
    for (int run = 0; run < RUNS; run++) {
        free(w->daily[run]);
        for (int m = 0; m < MAP_COUNT; m++) free(w->map[run][m]);
        for (int k = 0; k < SIMULATE_MAX_REFERENCES; k++)
            for (int m = 0; m < METRIC_COUNT; m++) free(w->metric[k][run][m]);
    }
    for (int k = 0; k < SIMULATE_MAX_REFERENCES; k++) free(w->rmse_change[k]);
    free(w->status);
    free(w->spinup);
    free(w);
}

/* ---- one cell --------------------------------------------------------------------------------- */

static void set_run_missing(simulate_worker *w, size_t nrefs, int run, size_t i, size_t cells, size_t ndays)
{
    for (int m = 0; m < MAP_COUNT; m++) w->map[run][m][i] = NAN;
    for (size_t k = 0; k < nrefs; k++)
        for (int m = 0; m < METRIC_COUNT; m++) w->metric[k][run][m][i] = NAN;
    for (size_t d = 0; d < ndays; d++) w->daily[run][d * cells + i] = NAN;
}

/* The HRLDAS run's results for one cell (hrldas_engine_run ran every cell before the tiles). */
static int take_hrldas(const simulate_job *j, int run, size_t cell, simulate_run *result)
{
    const hrldas_texture_run *h = &j->hrldas[run];
    if (!h->top) return 0;
    memcpy(result->top, h->top + cell * j->in.ndays, j->in.ndays * sizeof *result->top);
    double days = (double)j->in.ndays;
    result->evaporation = h->evaporation[cell] * days;
    result->transpiration = h->transpiration[cell] * days;
    result->surface_runoff = h->runoff[cell] * days;
    result->drainage = h->drainage[cell] * days;
    result->jja_top = h->jja_top[cell];
    result->spinup_loops = j->options->hrldas.spinup_loops;
    return !isnan(result->evaporation);
}

/* Runs one texture; 0 when the PTF or the forcing refused it (the run's values stay missing). */
static int run_texture(const simulate_job *j, simulate_worker *w, int run, size_t cell, size_t i, size_t cells,
                       const double texture[3], cell_status *why)
{
    ptf_hydraulics soil;
    dt_error err;
    if (ptf_eval(&j->options->ptf, texture[0], texture[1], texture[2], &soil, &err) != DT_OK) {
        *why = CELL_TEXTURE_INVALID;
        return 0;
    }
    simulate_run result = {.top = w->top};
    if (j->options->engine == SIMULATE_ENGINE_HRLDAS) {
        if (!take_hrldas(j, run, cell, &result)) {
            *why = CELL_NO_FORCING;
            return 0;
        }
    } else if (simulate_column(&j->options->simulation, &soil, j->in.first_day, w->precip + i * j->in.ndays,
                               w->pet + i * j->in.ndays, j->in.ndays, &result, &err) != DT_OK) {
        *why = CELL_NO_FORCING;
        return 0;
    }
    double days = (double)j->in.ndays;
    float values[MAP_COUNT] = {(float)texture[0], (float)texture[1], (float)texture[2],
                               (float)(result.evaporation / days), (float)(result.transpiration / days),
                               (float)((result.evaporation + result.transpiration) / days),
                               (float)(result.surface_runoff / days), (float)(result.drainage / days),
                               (float)result.jja_top};
    for (int m = 0; m < MAP_COUNT; m++) w->map[run][m][i] = values[m];
    for (size_t d = 0; d < j->in.ndays; d++) w->daily[run][d * cells + i] = w->top[d];
    for (size_t k = 0; k < j->in.nreferences; k++) {
        simulate_comparison cmp;
        simulate_compare(w->top, w->reference + (k * cells + i) * j->in.ndays, j->in.first_day, j->in.ndays, &cmp);
        float metric[METRIC_COUNT] = {(float)cmp.all.bias, (float)cmp.all.rmse, (float)cmp.all.ubrmse,
                                      (float)cmp.all.r, (float)cmp.jja_difference};
        for (int m = 0; m < METRIC_COUNT; m++) w->metric[k][run][m][i] = metric[m];
    }
    if (run == RUN_BASELINE) w->spinup[i] = (float)result.spinup_loops;
    return 1;
}

/* The optimised texture: the baseline plus the increments, kept inside the texture triangle. */
static int optimised_texture(const simulate_job *j, size_t cell, const double baseline[3], double out[3])
{
    if (!j->in.increment[SOIL_SAND]) return 0;
    int uses_soc = ptf_uses_soc(j->options->ptf.scheme);
    for (int f = 0; f < SOIL_FIELDS; f++) {
        int used = f != SOIL_SOC || uses_soc; /* without SOC in the PTF its increment is moot */
        double increment = used && j->in.increment[f] ? j->in.increment[f][cell] : 0.0;
        if (isnan(increment)) return 0;
        out[f] = fmax(0.0, baseline[f] + increment);
    }
    out[SOIL_SAND] = fmin(out[SOIL_SAND], 100.0);
    out[SOIL_CLAY] = fmin(out[SOIL_CLAY], 100.0 - out[SOIL_SAND]);
    return 1;
}

/* The baseline texture of a cell (SOC 0 where the PTF ignores it and the map has none). */
static void baseline_texture(const simulate_job *j, size_t cell, double baseline[3])
{
    for (int f = 0; f < SOIL_FIELDS; f++) baseline[f] = j->in.soil.values[f] ? j->in.soil.values[f][cell] : NAN;
    if (!ptf_uses_soc(j->options->ptf.scheme) && isnan(baseline[SOIL_SOC])) baseline[SOIL_SOC] = 0.0;
}

static void simulate_one(const simulate_job *j, simulate_worker *w, size_t cell, size_t i, size_t cells)
{
    double baseline[3];
    baseline_texture(j, cell, baseline);
    for (int run = 0; run < RUNS; run++) set_run_missing(w, j->in.nreferences, run, i, cells, j->in.ndays);
    for (size_t k = 0; k < j->in.nreferences; k++) w->rmse_change[k][i] = NAN;
    w->spinup[i] = NAN;
    cell_status status = CELL_OK;
    if (isnan(baseline[0]) || isnan(baseline[1]) || isnan(baseline[2])) {
        w->status[i] = CELL_NO_SOIL;
        return;
    }
    if (!run_texture(j, w, RUN_BASELINE, cell, i, cells, baseline, &status)) {
        w->status[i] = (float)status;
        return;
    }
    double optimised[3];
    if (!optimised_texture(j, cell, baseline, optimised) ||
        !run_texture(j, w, RUN_OPTIMISED, cell, i, cells, optimised, &status)) {
        w->status[i] = CELL_BASELINE_ONLY;
        return;
    }
    for (size_t k = 0; k < j->in.nreferences; k++)
        w->rmse_change[k][i] = w->metric[k][RUN_OPTIMISED][METRIC_RMSE][i] - w->metric[k][RUN_BASELINE][METRIC_RMSE][i];
    w->status[i] = CELL_OK;
}

static int read_tile(void *job, void *worker, const job_tile *t, dt_error *err)
{
    simulate_job *j = job;
    simulate_worker *w = worker;
    size_t before = simulate_inputs_masked(&j->in); /* reads are serialised: the difference is this tile's */
    int status = simulate_inputs_read_tile(&j->in, t, w->forcing_block, w->precip, w->pet, w->reference, err);
    w->masked = (double)(simulate_inputs_masked(&j->in) - before);
    return status;
}

static int compute(void *job, void *worker, const job_tile *t, dt_error *err)
{
    const simulate_job *j = job;
    size_t cells = t->nrows * t->ncols;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            if (job_tile_stopping(t)) return dt_error_set(err, DT_ERR_INTERRUPTED, "stopped within a tile");
            simulate_one(j, worker, (t->row0 + r) * j->in.cols + t->col0 + c, r * t->ncols + c, cells);
        }
    return DT_OK;
}

static int write_tile(void *job, void *worker, const job_tile *t, dt_error *err)
{
    simulate_job *j = job;
    simulate_worker *w = worker;
    cf_output *out = &j->output.out;
#define PUT(varid, nt, values) \
    if (cfwrite_put_float(out, varid, 0, nt, t->row0, t->nrows, t->col0, t->ncols, values, err) != DT_OK) return err->code
    for (int run = 0; run < RUNS; run++) {
        PUT(j->var_daily[run], j->in.ndays, w->daily[run]);
        for (int m = 0; m < MAP_COUNT; m++) PUT(j->var_map[run][m], 1, w->map[run][m]);
        for (size_t k = 0; k < j->in.nreferences; k++)
            for (int m = 0; m < METRIC_COUNT; m++) PUT(j->var_metric[k][run][m], 1, w->metric[k][run][m]);
    }
    for (size_t k = 0; k < j->in.nreferences; k++) PUT(j->var_rmse_change[k], 1, w->rmse_change[k]);
    PUT(j->var_status, 1, w->status);
    PUT(j->var_spinup, 1, w->spinup);
#undef PUT
    return job_output_put_masked(&j->output, t, w->masked, err);
}

/* For MPI ranks: a tile's results as one buffer, the planes in the order write_tile writes them. */
static size_t tile_planes(const simulate_job *j, simulate_worker *w, float **planes, size_t *lengths, size_t cells)
{
    size_t count = 0;
    for (int run = 0; run < RUNS; run++) {
        planes[count] = w->daily[run], lengths[count++] = j->in.ndays * cells;
        for (int m = 0; m < MAP_COUNT; m++) planes[count] = w->map[run][m], lengths[count++] = cells;
        for (size_t k = 0; k < j->in.nreferences; k++)
            for (int m = 0; m < METRIC_COUNT; m++) planes[count] = w->metric[k][run][m], lengths[count++] = cells;
    }
    for (size_t k = 0; k < j->in.nreferences; k++) planes[count] = w->rmse_change[k], lengths[count++] = cells;
    planes[count] = w->status, lengths[count++] = cells;
    planes[count] = w->spinup, lengths[count++] = cells;
    return count;
}

enum { MAX_PLANES = RUNS * (1 + MAP_COUNT + SIMULATE_MAX_REFERENCES * METRIC_COUNT) + SIMULATE_MAX_REFERENCES + 2 };

static int pack_tile(void *job, void *worker, const job_tile *t, void **data, size_t *size, dt_error *err)
{
    (void)err;
    float *planes[MAX_PLANES];
    size_t lengths[MAX_PLANES], total = 0;
    size_t count = tile_planes(job, worker, planes, lengths, t->nrows * t->ncols);
    for (size_t p = 0; p < count; p++) total += lengths[p];
    simulate_worker *w = worker;
    float *buffer = dt_malloc(total * sizeof *buffer + sizeof w->masked), *at = buffer;
    for (size_t p = 0; p < count; p++, at += lengths[p - 1]) memcpy(at, planes[p], lengths[p] * sizeof *at);
    memcpy(at, &w->masked, sizeof w->masked); /* after the planes */
    *data = buffer;
    *size = total * sizeof *buffer + sizeof w->masked;
    return DT_OK;
}

static int unpack_tile(void *job, void *worker, const job_tile *t, const void *data, size_t size, dt_error *err)
{
    float *planes[MAX_PLANES];
    size_t lengths[MAX_PLANES], total = 0;
    size_t count = tile_planes(job, worker, planes, lengths, t->nrows * t->ncols);
    for (size_t p = 0; p < count; p++) total += lengths[p];
    simulate_worker *w = worker;
    if (size != total * sizeof(float) + sizeof w->masked)
        return dt_error_set(err, DT_ERR_FORMAT, "simulate: tile %zu: %zu bytes of results, %zu expected", t->index, size,
                            total * sizeof(float) + sizeof w->masked);
    const float *at = data;
    for (size_t p = 0; p < count; p++, at += lengths[p - 1]) memcpy(planes[p], at, lengths[p] * sizeof *at);
    memcpy(&w->masked, at, sizeof w->masked);
    return DT_OK;
}

static int mark_done(void *job, const job_tile *tile, dt_error *err)
{
    return job_output_mark_done(&((simulate_job *)job)->output, tile, err);
}

/* ---- the run ------------------------------------------------------------------------------ */

static void signature(char *buffer, size_t size, const simulate_job *j, const char *forcing, char *const *soil,
                      size_t nsoil, const char *optimised)
{
    const simulate_job_options *o = j->options;
    const simulate_options *s = &o->simulation;
    int used = snprintf(buffer, size,
                        "simulate forcing=%s pr=%s pet=%s days=%ld+%zu ptf=%s om_factor=%g layer=%zu optimised=%s "
                        "veg=%g roots=%d btran=%d evaporation=%d ra=%g rain_hours=%d daylight=%d-%d spinup=%zu,%d,%g soil=",
                        forcing, o->precip_variable, o->pet_variable, j->in.first_day, j->in.ndays, ptf_name(o->ptf.scheme),
                        o->ptf.om_factor, o->soil.layer, optimised ? optimised : "none", s->closure.veg_fraction,
                        s->closure.root_layers, s->closure.btran_option, (int)s->closure.evaporation,
                        s->closure.aerodynamic_resistance, s->rain_hours, s->sunrise, s->sunset, s->spinup_days,
                        s->spinup_max_loops, s->spinup_tolerance);
    for (size_t i = 0; i < nsoil && used > 0 && (size_t)used < size; i++)
        used += snprintf(buffer + used, size - (size_t)used, "%s%s", i ? "," : "", soil[i]);
    if (o->engine == SIMULATE_ENGINE_HRLDAS && used > 0 && (size_t)used < size)
        used += snprintf(buffer + used, size - (size_t)used, " engine=hrldas exe=%s vegetation=%d shd=%g,%g lai=%g loops=%d",
                         o->hrldas.exe, o->hrldas.vegetation_type, o->hrldas.shdmax, o->hrldas.shdmin, o->hrldas.lai,
                         o->hrldas.spinup_loops);
    for (int k = 0; k < MET_COUNT && j->in.met[k] && used > 0 && (size_t)used < size; k++)
        used += snprintf(buffer + used, size - (size_t)used, "%s%s", k ? "," : " met=", o->met_variables[k]);
    for (size_t k = 0; k < j->in.nreferences && used > 0 && (size_t)used < size; k++)
        used += snprintf(buffer + used, size - (size_t)used, " reference=%s=%s:%s", j->in.reference[k].spec.name,
                         j->in.reference[k].spec.path, j->in.reference[k].source->variable);
}

/* --engine hrldas: the whole domain through hrldas.exe, once per texture, before the tiles (which
 * then only take each cell's results and compare them). One process: HRLDAS is its own 2-D model. */
static int run_hrldas(simulate_job *j, const char *forcing, simulate_summary *summary, dt_error *err)
{
    const simulate_job_options *o = j->options;
    if (job_group_size(o->job.group) > 1)
        return dt_error_set(err, DT_ERR_USAGE, "--engine hrldas runs the domain as one HRLDAS run per texture: start it "
                            "without mpirun (%d ranks)", job_group_size(o->job.group));
    size_t cells = j->in.rows * j->in.cols;
    double *texture[RUNS];
    float *lat = dt_malloc(cells * sizeof *lat), *lon = dt_malloc(cells * sizeof *lon);
    int any_optimised = 0;
    for (int run = 0; run < RUNS; run++) texture[run] = dt_malloc(3 * cells * sizeof(double));
    for (size_t cell = 0; cell < cells; cell++) {
        double lat_c, lon_c, *base = texture[RUN_BASELINE] + 3 * cell, *opt = texture[RUN_OPTIMISED] + 3 * cell;
        grid_cell_center(j->in.grid, cell / j->in.cols, cell % j->in.cols, &lat_c, &lon_c);
        lat[cell] = (float)lat_c;
        lon[cell] = (float)lon_c;
        baseline_texture(j, cell, base);
        int has_optimised = !isnan(base[0]) && !isnan(base[1]) && !isnan(base[2]) && optimised_texture(j, cell, base, opt);
        if (!has_optimised) opt[0] = opt[1] = opt[2] = NAN;
        any_optimised |= has_optimised;
    }
    hrldas_forcing spec = {forcing, {o->met_variables[MET_TAS], o->met_variables[MET_HUSS], o->met_variables[MET_PS],
                                     o->met_variables[MET_WIND], o->met_variables[MET_RSDS], o->met_variables[MET_RLDS],
                                     o->precip_variable}};
    hrldas_domain_days domain = {j->in.rows, j->in.cols, lat, lon, j->in.first_day, j->in.ndays};
    for (int run = 0; run < RUNS; run++) j->hrldas[run] = (hrldas_texture_run){.name = simulate_run_names[run], .texture = texture[run]};
    if (!any_optimised) j->hrldas[RUN_OPTIMISED].texture = NULL;
    int status = hrldas_engine_run(&o->hrldas, &o->ptf, &spec, &domain, j->hrldas, RUNS, &j->hrldas_step,
                                   &summary->hrldas_seconds, err);
    for (int run = 0; run < RUNS; run++) {
        free(texture[run]);
        j->hrldas[run].texture = NULL;
    }
    free(lat);
    free(lon);
    return status;
}

static const job_callbacks callbacks = {worker_create, worker_free, read_tile, compute, write_tile, mark_done};
static const job_transfer transfer = {pack_tile, unpack_tile};

int simulate_job_run(const char *forcing, char *const *soil_paths, size_t nsoil, const char *optimised,
                     const simulate_reference *references, size_t nreferences, const char *output,
                     const simulate_job_options *options, simulate_summary *summary, dt_error *err)
{
    simulate_job_options o = *options;
    simulate_job j = {.options = &o};
    memset(summary, 0, sizeof *summary);
    int status = simulate_inputs_open(&j.in, &o, forcing, soil_paths, nsoil, optimised, references, nreferences, err);
    if (status == DT_OK && o.stations) status = stations_read(o.stations, NULL, &j.stations, NULL, err); /* CSV or ISMN */
    status = job_group_agree(o.job.group, status, err); /* every rank has its inputs, or none goes on */
    job_config config = o.job;
    config.rows = j.in.rows;
    config.cols = j.in.cols;
    /* HRLDAS writes under the output's name (OUT.hrldas) long before the output opens: lock first */
    job_lock held = {.fd = -1};
    if (status == DT_OK && o.engine == SIMULATE_ENGINE_HRLDAS && job_group_size(o.job.group) < 2)
        status = job_output_lock(&held, output, o.history, err);
    if (status == DT_OK && o.engine == SIMULATE_ENGINE_HRLDAS) status = run_hrldas(&j, forcing, summary, err);
    char *sig = dt_malloc(16384), title[320];
    snprintf(title, sizeof title, "drytex: %s, baseline vs optimised texture", simulate_engine_name(&j));
    if (status == DT_OK) {
        signature(sig, 16384, &j, forcing, soil_paths, nsoil, optimised);
        size_t ninputs = 0; /* what the results are computed from */
        char **inputs = dt_malloc((nsoil + nreferences + 3) * sizeof *inputs);
        inputs[ninputs++] = (char *)forcing;
        for (size_t i = 0; i < nsoil; i++) inputs[ninputs++] = soil_paths[i];
        if (optimised) inputs[ninputs++] = (char *)optimised;
        for (size_t i = 0; i < nreferences; i++) inputs[ninputs++] = (char *)references[i].path;
        if (o.stations) inputs[ninputs++] = (char *)o.stations;
        job_output_spec spec = {.title = title, .history = o.history, .signature = sig, .resume = o.resume,
                                .inputs = inputs, .ninputs = ninputs, .define = simulate_define_outputs,
                                .find = simulate_find_outputs, .context = &j, .held = &held};
        status = job_output_open(&j.output, output, j.in.grid, &config, &spec, err);
        free(inputs);
    }
    free(sig);
    int opened = status == DT_OK;
    if (status == DT_OK) {
        config.done = j.output.done;
        config.transfer = &transfer;
        config.name = "simulate";
        status = job_run(&config, &callbacks, &j, NULL, err);
    }
    /* read back from the partial file, whose variable ids are the job's; write into the final one;
     * with MPI ranks rank 0 alone has the file */
    int writer = opened && j.output.writer;
    station_result *stations = dt_calloc(j.stations.count + 1, sizeof *stations);
    if (status == DT_OK && writer) status = simulate_summarise(&j, summary, err);
    if (status == DT_OK && writer) status = simulate_evaluate_stations(&j, stations, summary, err);
    if (status == DT_OK) status = job_output_masked_total(&j.output, &summary->sm_masked, err);
    if (status == DT_OK) status = job_output_finish(&j.output, err);
    if (status == DT_OK && writer) status = summary_write_masked(&j.output.out, summary->sm_masked, err);
    if (status == DT_OK && writer && j.stations.count) status = simulate_write_stations(&j, stations, err);
    if (status == DT_OK && writer) status = simulate_write_summary(&j, summary, err);
    free(stations);
    if (opened) {
        dt_error close_error;
        if (job_output_close(&j.output, &close_error) != DT_OK && status == DT_OK) {
            *err = close_error;
            status = err->code;
        }
    }
    job_lock_release(&held); /* when the output never took it over */
    simulate_inputs_close(&j.in);
    stations_free(&j.stations);
    for (int run = 0; run < RUNS; run++) hrldas_texture_run_free(&j.hrldas[run]);
    return status;
}
