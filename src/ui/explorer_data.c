/* explorer_data.c — the explorer's data: the soil-moisture series, the baseline soil, the map
 * layers (mean SM, soil, job outputs) and the selected cell's run of the per-cell pipeline. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "explorer_state.h"
#include "field.h"
#include "series_plot.h"
#include "simulate_inputs.h"

const char *const explorer_layer_names[LAYER_COUNT] = {"mean", "sand", "clay", "soc", "class", "theta_w", "theta_c", "events",
                                                       "optimised_sand", "optimised_clay", "optimised_soc", "cost",
                                                       "sand_change", "clay_change", "soc_change",
                                                       "rmse_change", "bias_baseline", "bias_optimised", "day"};
const char *const explorer_layer_units[LAYER_COUNT] = {"m3 m-3", "%", "%", "%", "USDA", "m3 m-3", "m3 m-3", "kept",
                                                       "%", "%", "%", "m6 m-6", "%", "%", "%", "m3 m-3", "m3 m-3", "m3 m-3", "m3 m-3"};

int explorer_layer_diverging(int layer)
{
    return layer >= LAYER_SAND_CHANGE && layer != LAYER_DAY;
}

typedef struct {
    int layer;
    const char *variable;
} layer_source;

/* Where a job output's layers come from: (layer, variable). */
static const layer_source threshold_layers[] = {
    {LAYER_THETA_W, "theta_w"}, {LAYER_THETA_C, "theta_c"}, {LAYER_EVENTS, "events_kept"}};
static const layer_source calibrated_layers[] = {
    {LAYER_OPT_SAND, "sand"}, {LAYER_OPT_CLAY, "clay"}, {LAYER_OPT_SOC, "soc"}, {LAYER_COST, "cost"}};

void explorer_message(explorer *e, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(e->message, sizeof e->message, format, args);
    va_end(args);
    char entry[sizeof e->message + 16];
    time_t now = time(NULL);
    struct tm local;
    localtime_r(&now, &local);
    snprintf(entry, sizeof entry, "%02d:%02d:%02d %s", local.tm_hour, local.tm_min, local.tm_sec, e->message);
    size_t before = message_log_count(&e->log);
    message_log_add(&e->log, entry);
    if (message_log_count(&e->log) != before || before == MESSAGE_LOG_MAX) e->messages_unread++;
}

/* Mean soil moisture of every cell, read a piece at a time (the cube is never loaded whole): 4 rows
 * (a drytex cube's chunk edge) × as many whole chunks as make about 1 MiB of floats (2 chunks of
 * a 7000-day cube, 16 of the 10-year demo's), so one piece never holds a key up for long. */
enum { MEAN_ROWS = 4, MEAN_PIECE_BYTES = 1 << 20 };

static size_t mean_piece_cols(const explorer *e)
{
    size_t cols = MEAN_PIECE_BYTES / (e->sm->ndays * MEAN_ROWS * sizeof(float)) / 4 * 4;
    return cols < 4 ? 4 : cols > 64 ? 64 : cols;
}

int explorer_mean_pending(const explorer *e)
{
    return e->mean_row < e->rows;
}

/* The next piece into the layer (its range is updated by explorer_mean_read). */
static void mean_step(explorer *e)
{
    size_t row0 = e->mean_row, col0 = e->mean_col, days = e->sm->ndays, piece_cols = mean_piece_cols(e);
    size_t nrows = row0 + MEAN_ROWS <= e->rows ? MEAN_ROWS : e->rows - row0;
    size_t ncols = col0 + piece_cols <= e->cols ? piece_cols : e->cols - col0, piece = nrows * ncols;
    dt_error err;
    if (series_read_block(e->sm, row0, nrows, col0, ncols, e->mean_block, &err) != DT_OK) {
        explorer_message(e, "mean: %s (the layer stays incomplete)", err.text);
        e->mean_row = e->rows;
    } else {
        for (size_t i = 0; i < piece; i++) {
            double sum = 0;
            size_t n = 0;
            for (size_t d = 0; d < days; d++)
                if (!isnan(e->mean_block[d * piece + i])) sum += e->mean_block[d * piece + i], n++;
            e->layers[LAYER_MEAN_SM][(row0 + i / ncols) * e->cols + col0 + i % ncols] = n ? (float)(sum / n) : NAN;
        }
        e->mean_col += ncols;
        if (e->mean_col >= e->cols) e->mean_col = 0, e->mean_row += nrows;
    }
    if (!explorer_mean_pending(e)) {
        free(e->mean_block);
        e->mean_block = NULL;
    }
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void explorer_mean_read(explorer *e, double budget, int (*stop)(void))
{
    if (!explorer_mean_pending(e)) return;
    double until = seconds_now() + budget;
    do mean_step(e);
    while (explorer_mean_pending(e) && seconds_now() < until && !(stop && stop()));
    if (e->layer == LAYER_MEAN_SM) explorer_set_layer(e, LAYER_MEAN_SM); /* its range grows */
}

/* The mean layer starts empty; pieces are read for at most budget seconds now, the rest between
 * keys while the explorer runs. */
static void start_mean(explorer *e, double budget)
{
    size_t cells = e->rows * e->cols;
    e->layers[LAYER_MEAN_SM] = dt_malloc(cells * sizeof(float));
    for (size_t i = 0; i < cells; i++) e->layers[LAYER_MEAN_SM][i] = NAN;
    e->mean_block = dt_malloc(e->sm->ndays * MEAN_ROWS * mean_piece_cols(e) * sizeof(float));
    e->mean_row = e->mean_col = 0;
    explorer_mean_read(e, budget, NULL);
}

void explorer_set_layer(explorer *e, int layer)
{
    if (!e->layers[layer]) {
        explorer_message(e, "layer %s needs %s", explorer_layer_names[layer],
                         layer == LAYER_DAY     ? "a day: :day DATE, or the keys , . (a day) < > (a month)"
                         : layer <= LAYER_CLASS ? "baseline soil (--soil)"
                         : layer <= LAYER_EVENTS ? "drydown thresholds (--thresholds or :drydowns all)"
                         : layer <= LAYER_SOC_CHANGE ? "a calibration (--calibrated or :calibrate all)"
                                                 : "a simulation (--simulated or :simulate all)");
        return;
    }
    e->layer = layer;
    e->layer_version++; /* the map's cached levels are stale (explorer_draw.c) */
    e->low = INFINITY;
    e->high = -INFINITY;
    for (size_t i = 0; i < e->rows * e->cols; i++) {
        float v = e->layers[layer][i];
        if (!isnan(v)) e->low = fmin(e->low, v), e->high = fmax(e->high, v);
    }
    if (explorer_layer_diverging(layer) && e->high >= e->low) { /* symmetric around no change */
        double reach = fmax(fabs(e->low), fabs(e->high));
        e->low = -reach, e->high = reach;
    }
    if (e->range_layer == layer + 1) e->low = e->range_low, e->high = e->range_high; /* :range */
}

void explorer_run_cell(explorer *e)
{
    dt_error err;
    e->simulated_for = 0;
    e->report_ok = cell_run(&e->inputs, e->row, e->col, &e->report, &err) == DT_OK;
    if (!e->report_ok) snprintf(e->report_error, sizeof e->report_error, "%s", err.text);
}

static void open_forcing(explorer *e, const char *path);

void explorer_simulate_cell(explorer *e)
{
    if (!e->precip && e->options->forcing_pending) { /* the first run's forcing may have arrived */
        open_forcing(e, e->options->forcing);
        if (e->precip) e->simulated_for = 0;
    }
    size_t cell = e->row * e->cols + e->col + 1;
    if (e->simulated_for == cell || !e->report_ok) return;
    e->simulated_for = cell;
    if (!e->precip) return; /* simulation_message says why */
    cell_inputs inputs = e->inputs;
    inputs.precip = e->precip;
    inputs.pet = e->pet;
    dt_error err;
    e->simulation_message[0] = '\0';
    if (cell_simulate(&inputs, &e->report, &err) != DT_OK) snprintf(e->simulation_message, sizeof e->simulation_message, "%s", err.text);
}

/* P and PET of the forcing for the comparison panel; without them the panel says why. */
static void open_forcing(explorer *e, const char *path)
{
    dt_error err;
    snprintf(e->simulation_message, sizeof e->simulation_message, "no forcing: open with --forcing F (daily pr, pet)");
    if (!path) return;
    if (e->options->forcing_pending && access(path, F_OK) != 0) {
        snprintf(e->simulation_message, sizeof e->simulation_message, "%s", e->options->forcing_pending);
        return;
    }
    if (simulate_open_rate(&e->precip, path, "pr", &err) != DT_OK || simulate_open_rate(&e->pet, path, "pet", &err) != DT_OK) {
        snprintf(e->simulation_message, sizeof e->simulation_message, "%s", err.text);
        series_close(e->precip);
        series_close(e->pet);
        e->precip = e->pet = NULL;
        return;
    }
    e->simulation_message[0] = '\0';
}

/* One map of a job output; the grid must be the series'. */
static int read_layer(explorer *e, const char *path, const char *variable, float **values, dt_error *err)
{
    field_options fo;
    field_default_options(&fo);
    fo.variable = variable;
    field *f;
    int status = field_open(&f, path, &fo, err);
    if (status != DT_OK) return status;
    if (grid_rows(f->grid) != e->rows || grid_cols(f->grid) != e->cols) {
        field_close(f);
        return dt_error_set(err, DT_ERR_VALUE, "%s: %s: %zu × %zu cells, the soil moisture has %zu × %zu", path, variable,
                            grid_rows(f->grid), grid_cols(f->grid), e->rows, e->cols);
    }
    *values = dt_malloc(e->rows * e->cols * sizeof(float));
    status = field_read(f, 0, 1, 0, e->rows, 0, e->cols, *values, err);
    field_close(f);
    return status;
}

/* Every layer of one output, or none (the current ones stay on any error). */
static int load_layers(explorer *e, const char *path, const layer_source *sources, size_t count, char **kept_path,
                       dt_error *err)
{
    float *values[LAYER_COUNT] = {0};
    int status = DT_OK;
    for (size_t k = 0; k < count && status == DT_OK; k++) status = read_layer(e, path, sources[k].variable, &values[k], err);
    for (size_t k = 0; k < count; k++) {
        if (status != DT_OK) {
            free(values[k]);
            continue;
        }
        free(e->layers[sources[k].layer]);
        e->layers[sources[k].layer] = values[k];
        if (e->layer == sources[k].layer) explorer_set_layer(e, e->layer); /* its range changed */
    }
    if (status == DT_OK) {
        free(*kept_path);
        *kept_path = dt_strdup(path);
    }
    return status;
}

int explorer_load_thresholds(explorer *e, const char *path, dt_error *err)
{
    return load_layers(e, path, threshold_layers, sizeof threshold_layers / sizeof *threshold_layers,
                       &e->thresholds_path, err);
}

/* The calibration's changes: optimised − its baseline (the file's own regridded baseline). */
static int load_changes(explorer *e, const char *path, dt_error *err)
{
    static const char *const baselines[3] = {"sand_baseline", "clay_baseline", "soc_baseline"};
    int status = DT_OK;
    float *base[3] = {0};
    for (int k = 0; k < 3 && status == DT_OK; k++) status = read_layer(e, path, baselines[k], &base[k], err);
    for (int k = 0; k < 3; k++) {
        if (status == DT_OK) {
            size_t n = e->rows * e->cols;
            const float *optimised = e->layers[LAYER_OPT_SAND + k];
            for (size_t i = 0; i < n; i++) base[k][i] = optimised[i] - base[k][i];
            free(e->layers[LAYER_SAND_CHANGE + k]);
            e->layers[LAYER_SAND_CHANGE + k] = base[k];
            if (e->layer == LAYER_SAND_CHANGE + k) explorer_set_layer(e, e->layer);
        } else {
            free(base[k]);
        }
    }
    return status;
}

int explorer_load_calibrated(explorer *e, const char *path, dt_error *err)
{
    int status = load_layers(e, path, calibrated_layers, sizeof calibrated_layers / sizeof *calibrated_layers,
                             &e->calibrated_path, err);
    return status == DT_OK ? load_changes(e, path, err) : status;
}

int explorer_load_simulated(explorer *e, const char *path, dt_error *err)
{
    static const char *const references[] = {"satellite", "ref1"};
    int status = DT_ERR_MISSING;
    for (size_t k = 0; k < 2 && status == DT_ERR_MISSING; k++) {
        char names[3][80];
        snprintf(names[0], sizeof names[0], "rmse_change_%s", references[k]);
        snprintf(names[1], sizeof names[1], "bias_baseline_%s", references[k]);
        snprintf(names[2], sizeof names[2], "bias_optimised_%s", references[k]);
        const layer_source sources[3] = {
            {LAYER_RMSE_CHANGE, names[0]}, {LAYER_BIAS_BASELINE, names[1]}, {LAYER_BIAS_OPTIMISED, names[2]}};
        status = load_layers(e, path, sources, 3, &e->simulated_path, err);
    }
    return status;
}

int explorer_open_data(explorer *e, const explorer_options *o, dt_error *err)
{
    e->options = o;
    snprintf(e->preset, sizeof e->preset, "drytex");
    int status = series_open(&e->sm, o->sm, o->nsm, NULL, err);
    if (status != DT_OK) return status;
    e->rows = grid_rows(e->sm->grid);
    e->cols = grid_cols(e->sm->grid);
    drydown_default_options(&e->inputs.drydown);
    calib_default_options(&e->inputs.calib);
    thresholds_default_options(&e->inputs.thresholds);
    simulate_default_options(&e->inputs.simulation);
    e->inputs.sm = e->sm;
    open_forcing(e, o->forcing);
    if (o->nsoil) {
        status = soil_load(o->soil, o->nsoil, NULL, e->sm->grid, 0, &e->soil, err);
        if (status != DT_OK) return status;
        e->have_soil = 1;
        e->inputs.soil = &e->soil;
        for (int k = 0; k < SOIL_FIELDS; k++)
            if (e->soil.values[k]) {
                e->layers[LAYER_SAND + k] = dt_malloc(e->rows * e->cols * sizeof(float));
                memcpy(e->layers[LAYER_SAND + k], e->soil.values[k], e->rows * e->cols * sizeof(float));
            }
        if (e->soil.values[SOIL_SAND] && e->soil.values[SOIL_CLAY]) { /* the baseline's USDA class, 0 … 11 */
            size_t n = e->rows * e->cols;
            e->layers[LAYER_CLASS] = dt_malloc(n * sizeof(float));
            for (size_t i = 0; i < n; i++) {
                texture_class c = texture_classify(e->soil.values[SOIL_SAND][i], e->soil.values[SOIL_CLAY][i]);
                e->layers[LAYER_CLASS][i] = c == TEXTURE_NONE ? NAN : (float)c;
            }
        }
    }
    if (o->thresholds && (status = explorer_load_thresholds(e, o->thresholds, err)) != DT_OK) return status;
    if (o->calibrated && (status = explorer_load_calibrated(e, o->calibrated, err)) != DT_OK) return status;
    if (o->simulated && (status = explorer_load_simulated(e, o->simulated, err)) != DT_OK) return status;
    start_mean(e, 0.15);
    explorer_set_layer(e, LAYER_MEAN_SM);
    e->row = e->rows / 2;
    e->col = e->cols / 2;
    cell_report_init(&e->report);
    explorer_run_cell(e);
    e->plot_years_back = 0; /* the record's last calendar year */
    return DT_OK;
}

void explorer_close_data(explorer *e)
{
    cell_report_free(&e->report);
    for (int k = 0; k < LAYER_COUNT; k++) free(e->layers[k]);
    free(e->map_levels);
    e->map_levels = NULL;
    e->map_levels_for = 0;
    free(e->mean_block);
    free(e->thresholds_path);
    free(e->calibrated_path);
    free(e->simulated_path);
    soil_free(&e->soil);
    series_close(e->precip);
    series_close(e->pet);
    series_close(e->sm);
}
