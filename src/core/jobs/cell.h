/* cell.h — the per-cell pipeline: series → drydowns → θw, θc → texture calibration (with trace).
 * The one implementation `drytex cell` and the explorer use (DESIGN.md §1). */
#ifndef DRYTEX_CELL_H
#define DRYTEX_CELL_H

#include <stddef.h>

#include "calibrate.h"
#include "drydown.h"
#include "series.h"
#include "simulate.h"
#include "soil.h"
#include "texture_class.h"
#include "thresholds.h"

typedef struct {
    series_source *sm;            /* required */
    const soil_maps *soil;        /* baseline soil on the series' grid, or NULL */
    drydown_options drydown;
    thresholds_options thresholds; /* the cell-level estimator; zeroed = the seed's medians */
    calib_options calib;
    series_source *precip, *pet;  /* daily forcing [mm d-1] (any grid), or NULL: no simulation */
    simulate_options simulation;  /* used with the forcing */
} cell_inputs;

enum { CELL_BASELINE, CELL_OPTIMISED, CELL_RUNS };

/* The cell's two column runs (with the calibration's PTF) compared with its satellite series. */
typedef struct {
    int ran[CELL_RUNS];               /* 1 when that texture was simulated */
    char why_not[DT_ERROR_TEXT];      /* when the baseline did not run */
    size_t forcing_row, forcing_col;  /* where the cell's centre falls in the forcing grid */
    long first_day;                   /* [days since 1970-01-01] the forcing's first day */
    size_t ndays;
    float *precip, *pet;              /* [ndays] mm d-1 */
    float *top[CELL_RUNS];            /* [ndays] daily mean layer-1 θ [m3 m-3] */
    float *satellite;                 /* [ndays] the cell's series on the forcing's days (NaN outside) */
    simulate_run run[CELL_RUNS];
    simulate_comparison vs_satellite[CELL_RUNS];
} cell_simulation;

typedef struct {
    size_t row, col, index;       /* index = row × cols + col, the calibration's stream */
    double lat, lon;              /* [degrees] cell centre */
    long first_day;               /* [days since 1970-01-01] of series[0] */
    size_t ndays;
    float *series;                /* [ndays] m3 m-3, NaN missing */
    drydown_result drydowns;
    thresholds_result thresholds; /* θw, θc with intervals and status, of inputs->thresholds' estimator */
    thresholds_work thresholds_work;
    int has_soil;
    calib_input target;           /* baseline texture and the satellite θw, θc */
    calib_result calibration;     /* with the SCE-UA trace */
    texture_class class_before, class_after;
    cell_simulation simulation;   /* filled when inputs->precip and ->pet are given */
} cell_report;

void cell_report_init(cell_report *report);
void cell_report_free(cell_report *report);

/* Runs the whole pipeline for (row, col); the report's memory is reused between calls. With a
 * forcing it also runs the Noah-MP column (simulate.h) with the baseline and the optimised
 * texture; a cell the forcing does not cover, or without a texture, only says why not. */
int cell_run(const cell_inputs *inputs, size_t row, size_t col, cell_report *report, dt_error *err);

/* The simulation step alone, for a report cell_run filled without it (the explorer runs it only
 * when its comparison panel is shown): the column with the baseline and, when calibrated, the
 * optimised texture. I/O errors fail; a cell that cannot be simulated only says why. */
int cell_simulate(const cell_inputs *inputs, cell_report *report, dt_error *err);

#endif
