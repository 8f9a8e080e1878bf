/* calib_job.c — the full-domain texture calibration on the job engine (issue "domain jobs"). */
#include "calib_job.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "job_mpi.h"
#include "job_output.h"
#include "ncfile.h"
#include "series.h"
#include "summary_write.h"
#include "thresholds.h"

/* The output variables, in the order of a worker's result planes. */
enum {
    OUT_SAND, OUT_CLAY, OUT_SOC, OUT_SAND_BASE, OUT_CLAY_BASE, OUT_SOC_BASE, OUT_SOIL_COUNT,
    OUT_THETA_W, OUT_THETA_C, OUT_WLT_BEFORE, OUT_REF_BEFORE, OUT_WLT_AFTER, OUT_REF_AFTER,
    OUT_COST, OUT_EVALUATIONS, OUT_STOP, OUT_STATUS, OUT_COUNT
};

typedef struct {
    const char *name, *units, *long_name;
    int type;
    double fill;
} output_spec;

static const output_spec outputs[OUT_COUNT] = {
    {"sand", "%", "optimised sand content (the baseline where too few drydowns; masked where no texture)", NC_FLOAT, -9999},
    {"clay", "%", "optimised clay content (the baseline where too few drydowns; masked where no texture)", NC_FLOAT, -9999},
    {"soc", "%", "optimised soil organic carbon (the baseline's where the PTF has no SOC)", NC_FLOAT, -9999},
    {"sand_baseline", "%", "baseline sand content regridded onto this grid", NC_FLOAT, -9999},
    {"clay_baseline", "%", "baseline clay content regridded onto this grid", NC_FLOAT, -9999},
    {"soc_baseline", "%", "baseline soil organic carbon regridded onto this grid", NC_FLOAT, -9999},
    {"soil_count", "1", "number of baseline soil cells averaged into this cell", NC_INT, -1},
    {"theta_w", "m3 m-3", "satellite wilting point (drydown median)", NC_FLOAT, -9999},
    {"theta_c", "m3 m-3", "satellite critical point (drydown median)", NC_FLOAT, -9999},
    {"theta_wlt_before", "m3 m-3", "PTF wilting point of the baseline texture", NC_FLOAT, -9999},
    {"theta_ref_before", "m3 m-3", "PTF critical point of the baseline texture", NC_FLOAT, -9999},
    {"theta_wlt_after", "m3 m-3", "PTF wilting point of the optimised texture", NC_FLOAT, -9999},
    {"theta_ref_after", "m3 m-3", "PTF critical point of the optimised texture", NC_FLOAT, -9999},
    {"cost", "m6 m-6", "seed cost (θwlt − θw)² + (θref − θc)² at the optimum", NC_FLOAT, -9999},
    {"evaluations", "1", "SCE-UA cost evaluations", NC_INT, -1},
    {"stop_reason", "1", "why SCE-UA stopped", NC_BYTE, -1},
    {"status", "1", "calibration status of the cell", NC_BYTE, -1},
};

void calib_job_default_options(calib_job_options *o)
{
    calib_default_options(&o->calib);
    soil_default_options(&o->soil);
    job_default_config(&o->job, 0, 0);
    o->resume = 0;
    o->history = "";
}

typedef struct {
    const calib_job_options *options;
    size_t rows, cols;
    float *theta_w, *theta_c, *mean_sm; /* [rows × cols] */
    double sm_masked;                   /* the thresholds file's SERIES_MASKED_ATTRIBUTE, or −1 */
    /* [rows × cols] from a cell-level estimator's output (drydowns --estimator pooled|loss), or NULL */
    float *theta_w_low, *theta_w_high, *theta_c_low, *theta_c_high, *threshold_status;
    soil_maps soil;
    job_output output;
    int varid[OUT_COUNT];
} calib_job;

typedef struct {
    float *plane[OUT_COUNT]; /* [tile cells] */
    sceua_workspace *workspace;
} calib_worker;

static void *worker_create(void *job)
{
    const calib_job *j = job;
    calib_worker *w = dt_calloc(1, sizeof *w);
    size_t cells = j->options->job.tile_rows * j->options->job.tile_cols;
    for (int k = 0; k < OUT_COUNT; k++) w->plane[k] = dt_malloc(cells * sizeof(float));
    w->workspace = sceua_workspace_create();
    return w;
}

static void worker_free(void *worker)
{
    calib_worker *w = worker;
    for (int k = 0; k < OUT_COUNT; k++) free(w->plane[k]);
    sceua_workspace_free(w->workspace);
    free(w);
}

static float soil_value(const calib_job *j, int field, size_t i)
{
    return j->soil.values[field] ? j->soil.values[field][i] : NAN;
}

/* A cell-level estimate's uncertainty (thresholds.h): a censored θw enters as a one-sided constraint
 * below its bound, an identified one with the standard error of its 90 % interval (half-width /
 * 1.645), as θc does. The seed's medians carry neither, and the cost stays as it was. */
static void threshold_uncertainty(const calib_job *j, size_t i, calib_input *in)
{
    if (!j->threshold_status) return;
    in->too_few = j->threshold_status[i] == THRESHOLDS_TOO_FEW;
    if (j->threshold_status[i] == THRESHOLDS_CENSORED && j->theta_w_high && j->theta_w_high[i] > 0)
        in->theta_w_upper = j->theta_w_high[i];
    if (j->theta_w_low && j->theta_w_high && j->theta_w_high[i] > j->theta_w_low[i]) /* NaN fails */
        in->sigma_w = (j->theta_w_high[i] - j->theta_w_low[i]) / (2 * 1.6449);
    if (j->theta_c_low && j->theta_c_high && j->theta_c_high[i] > j->theta_c_low[i])
        in->sigma_c = (j->theta_c_high[i] - j->theta_c_low[i]) / (2 * 1.6449);
}

static int calibrate_one(const calib_job *j, calib_worker *w, size_t i, size_t t, dt_error *err)
{
    calib_input in = {.baseline = {soil_value(j, SOIL_SAND, i), soil_value(j, SOIL_CLAY, i), soil_value(j, SOIL_SOC, i)},
                      .theta_w = j->theta_w[i], .theta_c = j->theta_c[i]};
    threshold_uncertainty(j, i, &in);
    calib_result r;
    if (calib_cell(&j->options->calib, &in, (uint64_t)i, 0, w->workspace, &r, err) != DT_OK) {
        calib_result_free(&r); /* the job stops, naming the cell: no result is written as 'ok' */
        char where[96];
        snprintf(where, sizeof where, "cell row %zu, col %zu", i / j->cols, i % j->cols);
        return dt_error_prefix(err, where);
    }
    int ok = r.status == CALIB_OK || r.status == CALIB_BASELINE_KEPT; /* the texture to use */
    int ran = r.sceua.evaluations > 0;
    float values[OUT_COUNT] = {
        ok ? (float)r.optimised[0] : NAN, ok ? (float)r.optimised[1] : NAN, ok ? (float)r.optimised[2] : NAN,
        (float)in.baseline[0], (float)in.baseline[1], (float)in.baseline[2],
        (float)(j->soil.count[SOIL_SAND] ? j->soil.count[SOIL_SAND][i] : 0),
        (float)in.theta_w, (float)in.theta_c, (float)r.wlt_before, (float)r.ref_before,
        ok ? (float)r.wlt_after : NAN, ok ? (float)r.ref_after : NAN, ran ? (float)r.cost : NAN,
        (float)r.sceua.evaluations, ran ? (float)r.sceua.stop : NAN, (float)r.status,
    };
    for (int k = 0; k < OUT_COUNT; k++) w->plane[k][t] = values[k];
    calib_result_free(&r);
    return DT_OK;
}

static int compute(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    const calib_job *j = job;
    for (size_t r = 0; r < tile->nrows; r++)
        for (size_t c = 0; c < tile->ncols; c++) {
            if (job_tile_stopping(tile)) return dt_error_set(err, DT_ERR_INTERRUPTED, "stopped within a tile");
            if (calibrate_one(j, worker, (tile->row0 + r) * j->cols + tile->col0 + c, r * tile->ncols + c, err) != DT_OK)
                return err->code;
        }
    return DT_OK;
}

static int write_tile(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    calib_job *j = job;
    calib_worker *w = worker;
    for (int k = 0; k < OUT_COUNT; k++)
        if (cfwrite_put_float(&j->output.out, j->varid[k], 0, 1, tile->row0, tile->nrows, tile->col0,
                              tile->ncols, w->plane[k], err) != DT_OK)
            return err->code;
    return DT_OK;
}

/* For MPI: the tile's planes, OUT_COUNT × cells floats. */
static int pack_tile(void *job, void *worker, const job_tile *tile, void **data, size_t *size, dt_error *err)
{
    (void)job, (void)err;
    calib_worker *w = worker;
    size_t plane = tile->nrows * tile->ncols * sizeof(float);
    unsigned char *buffer = dt_malloc(OUT_COUNT * plane);
    for (int k = 0; k < OUT_COUNT; k++) memcpy(buffer + (size_t)k * plane, w->plane[k], plane);
    *data = buffer;
    *size = OUT_COUNT * plane;
    return DT_OK;
}

static int unpack_tile(void *job, void *worker, const job_tile *tile, const void *data, size_t size, dt_error *err)
{
    (void)job;
    calib_worker *w = worker;
    size_t plane = tile->nrows * tile->ncols * sizeof(float);
    if (size != OUT_COUNT * plane)
        return dt_error_set(err, DT_ERR_FORMAT, "calibrate: tile %zu: %zu bytes of results, %zu expected",
                            tile->index, size, OUT_COUNT * plane);
    for (int k = 0; k < OUT_COUNT; k++) memcpy(w->plane[k], (const unsigned char *)data + (size_t)k * plane, plane);
    return DT_OK;
}

static int mark_done(void *job, const job_tile *tile, dt_error *err)
{
    return job_output_mark_done(&((calib_job *)job)->output, tile, err);
}

static int define_outputs(cf_output *out, void *context, dt_error *err)
{
    calib_job *j = context;
    for (int k = 0; k < OUT_COUNT; k++) {
        cf_variable spec = {.name = outputs[k].name, .type = outputs[k].type, .units = outputs[k].units,
                            .long_name = outputs[k].long_name, .fill = outputs[k].fill};
        if (cfwrite_define(out, &spec, &j->varid[k], err) != DT_OK) return err->code;
    }
    signed char status_values[CALIB_STATUS_COUNT], stop_values[3] = {0, 1, 2};
    for (int s = 0; s < CALIB_STATUS_COUNT; s++) status_values[s] = (signed char)s;
    int nc = out->ncid, status;
    if ((status = nc_put_att_schar(nc, j->varid[OUT_STATUS], "flag_values", NC_BYTE, CALIB_STATUS_COUNT, status_values)) ||
        (status = nc_put_att_schar(nc, j->varid[OUT_STOP], "flag_values", NC_BYTE, 3, stop_values)))
        return ncfile_error(err, DT_ERR_IO, status, out->path, "status", "cannot be defined");
    if (cfwrite_text(out, j->varid[OUT_STATUS], "flag_meanings",
                     "ok optimum_outside_validity_range no_thresholds no_soil_data baseline_not_a_texture too_few_drydowns_baseline_kept", err) ||
        cfwrite_text(out, j->varid[OUT_STOP], "flag_meanings",
                     "maximum_evaluations no_improvement parameters_converged", err))
        return err->code;
    const calib_options *o = &j->options->calib;
    if (cfwrite_text(out, NC_GLOBAL, "drytex_ptf", ptf_name(o->ptf.scheme), err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_cost", calib_cost_name(o->cost), err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_evaluations", (double)o->sceua.maxn, err) ||
        cfwrite_number(out, NC_GLOBAL, "drytex_seed", (double)o->seed, err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_soil_sand", j->soil.source[SOIL_SAND], err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_soil_clay", j->soil.source[SOIL_CLAY], err) ||
        cfwrite_text(out, NC_GLOBAL, "drytex_soil_soc", j->soil.source[SOIL_SOC][0] ? j->soil.source[SOIL_SOC] : "none", err))
        return err->code;
    return DT_OK;
}

static int find_outputs(int ncid, void *context, dt_error *err)
{
    calib_job *j = context;
    for (int k = 0; k < OUT_COUNT; k++)
        if (nc_inq_varid(ncid, outputs[k].name, &j->varid[k]) != NC_NOERR)
            return dt_error_set(err, DT_ERR_FORMAT, "%s: missing, cannot resume", outputs[k].name);
    return DT_OK;
}

/* θw, θc and (optionally) mean SM from the drydowns output; the grid is theta_w's. */
static int read_thresholds(calib_job *j, const char *path, grid **g, dt_error *err)
{
    const char *names[] = {"theta_w", "theta_c", "mean_sm", "theta_w_low", "theta_w_high", "theta_c_low",
                           "theta_c_high", "threshold_status"};
    float **maps[] = {&j->theta_w, &j->theta_c, &j->mean_sm, &j->theta_w_low, &j->theta_w_high, &j->theta_c_low,
                      &j->theta_c_high, &j->threshold_status};
    for (int k = 0; k < (int)(sizeof names / sizeof *names); k++) {
        field_options fo;
        field_default_options(&fo);
        fo.variable = names[k];
        field *f;
        int status = field_open(&f, path, &fo, err);
        if (status != DT_OK) {
            /* mean SM only splits arid/humid; the intervals and status come with a cell-level estimator */
            if (k >= 2 && status == DT_ERR_MISSING) {
                dt_error_clear(err);
                continue;
            }
            return status;
        }
        if (k == 0) {
            *g = grid_clone(f->grid);
            j->rows = grid_rows(f->grid);
            j->cols = grid_cols(f->grid);
        } else if (grid_rows(f->grid) != j->rows || grid_cols(f->grid) != j->cols) {
            field_close(f);
            return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: grid differs from theta_w", path, names[k]);
        }
        if (k == 0 && nc_get_att_double(f->ncid, NC_GLOBAL, SERIES_MASKED_ATTRIBUTE, &j->sm_masked) != NC_NOERR)
            j->sm_masked = -1; /* written before drytex counted them */
        *maps[k] = dt_malloc(j->rows * j->cols * sizeof(float));
        status = field_read(f, 0, 1, 0, j->rows, 0, j->cols, *maps[k], err);
        field_close(f);
        if (status != DT_OK) return status;
    }
    /* Refused before any work, naming the file and the first such cell (issue 14: θw 1.56 gave 'ok'). */
    for (size_t i = 0; i < j->rows * j->cols; i++)
        if (calib_check_thresholds(j->theta_w[i], j->theta_c[i], err) != DT_OK) {
            char where[DT_ERROR_TEXT];
            snprintf(where, sizeof where, "%s: cell row %zu, col %zu", path, i / j->cols, i % j->cols);
            return dt_error_prefix(err, where);
        }
    return DT_OK;
}

static void signature(char *buffer, size_t size, const char *thresholds, char *const *soil, size_t nsoil,
                      const calib_job_options *o)
{
    const calib_options *c = &o->calib;
    int used = snprintf(buffer, size, "calibrate thresholds=%s ptf=%s om_factor=%g cost=%s sigma=%g lambda=%g "
                        "box=%g,%g,%g scale=%g,%g,%g evaluations=%ld ngs=%d kstop=%d pcento=%g peps=%g mutation=%s seed=%llu layer=%zu soil=",
                        thresholds, ptf_name(c->ptf.scheme), c->ptf.om_factor, calib_cost_name(c->cost), c->sigma,
                        c->lambda, c->box[0], c->box[1], c->box[2], c->scale[0], c->scale[1], c->scale[2], c->sceua.maxn, c->sceua.ngs, c->sceua.kstop,
                        c->sceua.pcento, c->sceua.peps, sceua_mutation_name(c->sceua.mutation),
                        (unsigned long long)c->seed, o->soil.layer);
    for (size_t i = 0; i < nsoil && used > 0 && (size_t)used < size; i++)
        used += snprintf(buffer + used, size - (size_t)used, "%s%s", i ? "," : "", soil[i]);
}

/* Reads the finished maps back and computes the before/after summaries. */
static int summarise(calib_job *j, domain_summary *summary, dt_error *err)
{
    size_t n = j->rows * j->cols;
    int pairs[][2] = {{OUT_SAND_BASE, OUT_SAND}, {OUT_CLAY_BASE, OUT_CLAY}, {OUT_SOC_BASE, OUT_SOC},
                      {OUT_THETA_W, OUT_WLT_BEFORE}, {OUT_THETA_W, OUT_WLT_AFTER},
                      {OUT_THETA_C, OUT_REF_BEFORE}, {OUT_THETA_C, OUT_REF_AFTER}};
    const char *names[] = {"sand", "clay", "soc", "theta_w_vs_wlt_before", "theta_w_vs_wlt_after",
                           "theta_c_vs_ref_before", "theta_c_vs_ref_after"};
    const char *units[] = {"%", "%", "%", "m3 m-3", "m3 m-3", "m3 m-3", "m3 m-3"};
    double highs[] = {100, 60, 10, 0.5, 0.5, 0.5, 0.5};
    float *a = dt_malloc(n * sizeof *a), *b = dt_malloc(n * sizeof *b);
    unsigned char *ok = dt_malloc(n);
    float *status = dt_malloc(n * sizeof *status);
    int rc = nc_get_var_float(j->output.out.ncid, j->varid[OUT_STATUS], status);
    for (size_t i = 0; i < n; i++) ok[i] = rc == NC_NOERR && status[i] == CALIB_OK;
    summary_init(summary, j->mean_sm, n);
    for (size_t q = 0; q < sizeof pairs / sizeof *pairs && rc == NC_NOERR; q++) {
        rc = nc_get_var_float(j->output.out.ncid, j->varid[pairs[q][0]], a);
        if (rc == NC_NOERR) rc = nc_get_var_float(j->output.out.ncid, j->varid[pairs[q][1]], b);
        for (size_t i = 0; i < n && rc == NC_NOERR; i++) {
            if (a[i] == -9999.0f) a[i] = NAN;
            if (b[i] == -9999.0f) b[i] = NAN;
        }
        if (rc == NC_NOERR) summary_add(summary, names[q], units[q], 0.0, highs[q], a, b, j->mean_sm, ok, n);
    }
    free(a);
    free(b);
    free(ok);
    free(status);
    if (rc != NC_NOERR) return ncfile_error(err, DT_ERR_IO, rc, j->output.partial_path, NULL, "cannot be read back");
    return DT_OK;
}

static const job_callbacks callbacks = {worker_create, worker_free, NULL, compute, write_tile, mark_done};
static const job_transfer transfer = {pack_tile, unpack_tile};

int calib_job_run(const char *thresholds_path, char *const *soil_paths, size_t nsoil, const char *output,
                  const calib_job_options *options, domain_summary *summary, dt_error *err)
{
    calib_job j = {.options = options, .sm_masked = -1};
    grid *g = NULL;
    memset(summary, 0, sizeof *summary);
    int status = read_thresholds(&j, thresholds_path, &g, err);
    if (status == DT_OK)
        status = soil_load(soil_paths, nsoil, &options->soil, g, ptf_uses_soc(options->calib.ptf.scheme), &j.soil, err);
    status = job_group_agree(options->job.group, status, err); /* every rank has its inputs, or none goes on */
    job_config config = options->job;
    config.rows = j.rows;
    config.cols = j.cols;
    char sig[8192];
    signature(sig, sizeof sig, thresholds_path, soil_paths, nsoil, options);
    if (status == DT_OK) {
        char **inputs = dt_malloc((nsoil + 1) * sizeof *inputs); /* what the results are computed from */
        inputs[0] = (char *)thresholds_path;
        for (size_t i = 0; i < nsoil; i++) inputs[i + 1] = soil_paths[i];
        job_output_spec spec = {.title = "drytex texture calibration", .history = options->history, .signature = sig,
                                .resume = options->resume, .inputs = inputs, .ninputs = nsoil + 1,
                                .define = define_outputs, .find = find_outputs, .context = &j};
        status = job_output_open(&j.output, output, g, &config, &spec, err);
        free(inputs);
    }
    int opened = status == DT_OK;
    if (status == DT_OK) {
        config.done = j.output.done;
        config.transfer = &transfer;
        config.name = "calibrate";
        status = job_run(&config, &callbacks, &j, NULL, err);
    }
    int writer = opened && j.output.writer; /* with MPI ranks, rank 0 alone has the file */
    if (status == DT_OK && writer) status = summarise(&j, summary, err);
    if (status == DT_OK) status = job_output_finish(&j.output, err);
    if (status == DT_OK && writer) status = summary_write(j.output.out.ncid, j.output.out.path, summary, err);
    summary->sm_masked = j.sm_masked; /* the drydowns' count, carried into this output */
    if (status == DT_OK && writer && j.sm_masked >= 0) status = summary_write_masked(&j.output.out, j.sm_masked, err);
    if (opened) {
        dt_error close_error;
        if (job_output_close(&j.output, &close_error) != DT_OK && status == DT_OK) {
            *err = close_error;
            status = err->code;
        }
    }
    soil_free(&j.soil);
    free(j.theta_w);
    free(j.theta_c);
    free(j.mean_sm);
    free(j.theta_w_low), free(j.theta_w_high), free(j.theta_c_low), free(j.theta_c_high), free(j.threshold_status);
    grid_free(g);
    return status;
}
