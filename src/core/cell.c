/* cell.c — the per-cell pipeline: series → drydowns → θw, θc → texture calibration. */
#include "cell.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void cell_report_init(cell_report *r)
{
    memset(r, 0, sizeof *r);
    drydown_result_init(&r->drydowns);
}

void cell_report_free(cell_report *r)
{
    free(r->series);
    drydown_result_free(&r->drydowns);
    calib_result_free(&r->calibration);
    memset(r, 0, sizeof *r);
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
    if (status != DT_OK) return status;
    r->target.theta_w = r->drydowns.theta_w;
    r->target.theta_c = r->drydowns.theta_c;
    r->has_soil = in->soil != NULL;
    for (int k = 0; k < CALIB_PARAMETERS; k++)
        r->target.baseline[k] = in->soil && in->soil->values[k] ? in->soil->values[k][r->index] : NAN;
    calib_result_free(&r->calibration);
    status = calib_cell(&in->calib, &r->target, r->index, 1, NULL, &r->calibration, err);
    if (status != DT_OK) return status;
    r->class_before = texture_classify(r->target.baseline[CALIB_SAND], r->target.baseline[CALIB_CLAY]);
    r->class_after = r->calibration.status == CALIB_OK
                         ? texture_classify(r->calibration.optimised[CALIB_SAND], r->calibration.optimised[CALIB_CLAY])
                         : TEXTURE_NONE;
    return DT_OK;
}
