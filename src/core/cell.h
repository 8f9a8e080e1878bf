/* cell.h — the per-cell pipeline: series → drydowns → θw, θc → texture calibration (with trace).
 * The one implementation `drytex cell` and the explorer use (DESIGN.md §1). */
#ifndef DRYTEX_CELL_H
#define DRYTEX_CELL_H

#include <stddef.h>

#include "calibrate.h"
#include "drydown.h"
#include "series.h"
#include "soil.h"
#include "texture_class.h"

typedef struct {
    series_source *sm;            /* required */
    const soil_maps *soil;        /* baseline soil on the series' grid, or NULL */
    drydown_options drydown;
    calib_options calib;
} cell_inputs;

typedef struct {
    size_t row, col, index;       /* index = row × cols + col, the calibration's stream */
    double lat, lon;              /* [degrees] cell centre */
    long first_day;               /* [days since 1970-01-01] of series[0] */
    size_t ndays;
    float *series;                /* [ndays] m3 m-3, NaN missing */
    drydown_result drydowns;
    int has_soil;
    calib_input target;           /* baseline texture and the satellite θw, θc */
    calib_result calibration;     /* with the SCE-UA trace */
    texture_class class_before, class_after;
} cell_report;

void cell_report_init(cell_report *report);
void cell_report_free(cell_report *report);

/* Runs the whole pipeline for (row, col); the report's memory is reused between calls. */
int cell_run(const cell_inputs *inputs, size_t row, size_t col, cell_report *report, dt_error *err);

#endif
