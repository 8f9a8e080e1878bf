/* cell.c — the per-cell pipeline: series → drydowns → θw, θc → texture calibration. */
#include "cell.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cell_report_init(cell_report *r)
{
    memset(r, 0, sizeof *r);
    drydown_result_init(&r->drydowns);
    thresholds_work_init(&r->thresholds_work);
}

static void simulation_free(cell_simulation *s)
{
    free(s->precip);
    free(s->pet);
    free(s->satellite);
    for (int k = 0; k < CELL_RUNS; k++) free(s->top[k]);
    memset(s, 0, sizeof *s);
}

void cell_report_free(cell_report *r)
{
    free(r->series);
    simulation_free(&r->simulation);
    drydown_result_free(&r->drydowns);
    thresholds_work_free(&r->thresholds_work);
    calib_result_free(&r->calibration);
    memset(r, 0, sizeof *r);
}

/* Reads the forcing at the cell's centre and lines the satellite series up with its days. */
static int read_forcing(const cell_inputs *in, cell_report *r, dt_error *err)
{
    cell_simulation *s = &r->simulation;
    if (s->ndays != in->precip->ndays) { /* (re)allocate first: it clears the whole record */
        simulation_free(s);
        s->ndays = in->precip->ndays;
        s->precip = dt_malloc(s->ndays * sizeof(float));
        s->pet = dt_malloc(s->ndays * sizeof(float));
        s->satellite = dt_malloc(s->ndays * sizeof(float));
        for (int k = 0; k < CELL_RUNS; k++) s->top[k] = dt_malloc(s->ndays * sizeof(float));
    }
    if (grid_locate(in->precip->grid, r->lat, r->lon, &s->forcing_row, &s->forcing_col) != DT_OK) {
        snprintf(s->why_not, sizeof s->why_not, "the forcing does not cover %.4f, %.4f", r->lat, r->lon);
        return DT_ERR_NODATA;
    }
    s->first_day = in->precip->first_day;
    if (series_read_cell(in->precip, s->forcing_row, s->forcing_col, s->precip, err) != DT_OK ||
        series_read_cell(in->pet, s->forcing_row, s->forcing_col, s->pet, err) != DT_OK)
        return err->code;
    for (size_t d = 0; d < s->ndays; d++) {
        long index = s->first_day - r->first_day + (long)d;
        s->satellite[d] = index >= 0 && (size_t)index < r->ndays ? r->series[index] : NAN;
    }
    return DT_OK;
}

static void simulate_texture(const cell_inputs *in, cell_report *r, int run, const double *texture)
{
    cell_simulation *s = &r->simulation;
    ptf_hydraulics soil;
    dt_error err;
    double soc = isnan(texture[CALIB_SOC]) ? 0.0 : texture[CALIB_SOC]; /* NaN only where the PTF has no SOC */
    int status = ptf_eval(&in->calib.ptf, texture[CALIB_SAND], texture[CALIB_CLAY], soc, &soil, &err);
    s->run[run] = (simulate_run){.top = s->top[run]};
    if (status == DT_OK)
        status = simulate_column(&in->simulation, &soil, s->first_day, s->precip, s->pet, s->ndays, &s->run[run], &err);
    if (status != DT_OK) {
        if (run == CELL_BASELINE) snprintf(s->why_not, sizeof s->why_not, "%s", err.text);
        return;
    }
    s->ran[run] = 1;
    simulate_compare(s->top[run], s->satellite, s->first_day, s->ndays, &s->vs_satellite[run]);
}

int cell_simulate(const cell_inputs *in, cell_report *r, dt_error *err)
{
    cell_simulation *s = &r->simulation;
    s->ran[CELL_BASELINE] = s->ran[CELL_OPTIMISED] = 0;
    s->why_not[0] = '\0';
    int soc_missing = ptf_uses_soc(in->calib.ptf.scheme) && isnan(r->target.baseline[CALIB_SOC]);
    if (!r->has_soil || isnan(r->target.baseline[CALIB_SAND]) || isnan(r->target.baseline[CALIB_CLAY]) || soc_missing) {
        snprintf(s->why_not, sizeof s->why_not, "no baseline texture");
        return DT_OK;
    }
    int status = read_forcing(in, r, err);
    if (status == DT_ERR_NODATA && s->why_not[0]) return DT_OK;
    if (status != DT_OK) return status;
    simulate_texture(in, r, CELL_BASELINE, r->target.baseline);
    if (s->ran[CELL_BASELINE] && r->calibration.status == CALIB_OK)
        simulate_texture(in, r, CELL_OPTIMISED, r->calibration.optimised);
    return DT_OK;
}

int cell_run(const cell_inputs *in, size_t row, size_t col, cell_report *r, dt_error *err)
{
    series_source *s = in->sm;
    size_t rows = grid_rows(s->grid), cols = grid_cols(s->grid);
    if (row >= rows || col >= cols)
        return dt_error_set(err, DT_ERR_USAGE, "cell (%zu, %zu) is outside the %zu × %zu grid", row, col, rows, cols);
    if (r->ndays != s->ndays) {
        free(r->series);
        r->series = dt_malloc(s->ndays * sizeof *r->series);
        r->ndays = s->ndays;
    }
    r->row = row;
    r->col = col;
    r->index = row * cols + col;
    r->first_day = s->first_day;
    grid_cell_center(s->grid, row, col, &r->lat, &r->lon);
    int status = series_read_cell(s, row, col, r->series, err);
    if (status == DT_OK) status = drydown_analyse(&in->drydown, r->series, NULL, r->ndays, &r->drydowns, err);
    thresholds_options estimator = in->thresholds; /* the pooled fit searches τ where the events' fits did */
    estimator.tau_min = in->drydown.tau_min;
    estimator.tau_max = in->drydown.tau_max;
    if (estimator.estimator == THRESHOLDS_MEDIAN) estimator.min_events = 1, estimator.approach = 1; /* zeroed inputs */
    if (status == DT_OK)
        status = thresholds_estimate(&estimator, &r->drydowns, r->series, r->ndays, &r->thresholds_work, &r->thresholds, err);
    if (status != DT_OK) return status;
    const thresholds_result *t = &r->thresholds;
    r->target.theta_w = t->theta_w; /* NaN where censored or too few data */
    r->target.theta_c = t->theta_c;
    /* the estimate's uncertainty, as calib_job takes it from the map (0: unused) */
    r->target.theta_w_upper = t->status == THRESHOLDS_CENSORED && t->theta_w_high > 0 ? t->theta_w_high : 0;
    r->target.sigma_w = t->theta_w_high > t->theta_w_low ? (t->theta_w_high - t->theta_w_low) / (2 * 1.6449) : 0;
    r->target.sigma_c = t->theta_c_high > t->theta_c_low ? (t->theta_c_high - t->theta_c_low) / (2 * 1.6449) : 0;
    r->target.too_few = t->status == THRESHOLDS_TOO_FEW;
    r->has_soil = in->soil != NULL;
    for (int k = 0; k < CALIB_PARAMETERS; k++)
        r->target.baseline[k] = in->soil && in->soil->values[k] ? in->soil->values[k][r->index] : NAN;
    calib_result_free(&r->calibration);
    status = calib_cell(&in->calib, &r->target, r->index, 1, NULL, &r->calibration, err);
    if (status != DT_OK) return status;
    r->class_before = texture_classify(r->target.baseline[CALIB_SAND], r->target.baseline[CALIB_CLAY]);
    r->class_after = r->calibration.status == CALIB_OK || r->calibration.status == CALIB_BASELINE_KEPT
                         ? texture_classify(r->calibration.optimised[CALIB_SAND], r->calibration.optimised[CALIB_CLAY])
                         : TEXTURE_NONE;
    if (in->precip && in->pet) return cell_simulate(in, r, err);
    return DT_OK;
}
