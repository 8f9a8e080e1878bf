/* regrid.c — mean of the fine cells whose centres fall in each coarse cell. Fine lat/lon rows
 * share their latitude and fine columns their longitude, so for a lat/lon coarse grid the
 * target row and column are found once per fine row and column, not per cell. */
#include "regrid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void regrid_start(regrid_accumulator *acc, const grid *coarse)
{
    size_t n = grid_rows(coarse) * grid_cols(coarse);
    acc->coarse = coarse;
    acc->sum = dt_calloc(n, sizeof *acc->sum);
    acc->count = dt_calloc(n, sizeof *acc->count);
    acc->located = 0;
}

static void add(regrid_accumulator *acc, size_t target, float value)
{
    acc->located++;
    if (isnan(value)) return;
    acc->sum[target] += value;
    acc->count[target]++;
}

/* Both grids regular lat/lon: separable lookups. */
static void accumulate_separable(regrid_accumulator *acc, const grid *fine, size_t row0, size_t nrows,
                                 const float *values)
{
    size_t cols = grid_cols(fine), coarse_cols = grid_cols(acc->coarse);
    long *target_col = dt_malloc(cols * sizeof *target_col);
    double lat, lon;
    for (size_t c = 0; c < cols; c++) {
        size_t tr, tc;
        grid_cell_center(fine, row0, c, &lat, &lon);
        target_col[c] = -1;
        /* any latitude inside the coarse grid tells the column; use the coarse grid's first row */
        double probe_lat, probe_lon;
        grid_cell_center(acc->coarse, 0, 0, &probe_lat, &probe_lon);
        if (grid_locate(acc->coarse, probe_lat, lon, &tr, &tc) == DT_OK) target_col[c] = (long)tc;
    }
    for (size_t r = 0; r < nrows; r++) {
        size_t tr, tc;
        grid_cell_center(fine, row0 + r, 0, &lat, &lon);
        double probe_lat, probe_lon;
        grid_cell_center(acc->coarse, 0, 0, &probe_lat, &probe_lon);
        if (grid_locate(acc->coarse, lat, probe_lon, &tr, &tc) != DT_OK) continue;
        for (size_t c = 0; c < cols; c++)
            if (target_col[c] >= 0) add(acc, tr * coarse_cols + (size_t)target_col[c], values[r * cols + c]);
    }
    free(target_col);
}

void regrid_accumulate(regrid_accumulator *acc, const grid *fine, size_t row0, size_t nrows,
                       const float *values)
{
    if (grid_kind_of(fine) == GRID_LATLON && grid_kind_of(acc->coarse) == GRID_LATLON) {
        accumulate_separable(acc, fine, row0, nrows, values);
        return;
    }
    size_t cols = grid_cols(fine), coarse_cols = grid_cols(acc->coarse);
    for (size_t r = 0; r < nrows; r++)
        for (size_t c = 0; c < cols; c++) {
            double lat, lon;
            size_t tr, tc;
            if (grid_cell_center(fine, row0 + r, c, &lat, &lon) != DT_OK) continue;
            if (grid_locate(acc->coarse, lat, lon, &tr, &tc) != DT_OK) continue;
            add(acc, tr * coarse_cols + tc, values[r * cols + c]);
        }
}

int regrid_finish(regrid_accumulator *acc, float *coarse_mean, int *coarse_count, dt_error *err)
{
    size_t n = grid_rows(acc->coarse) * grid_cols(acc->coarse);
    for (size_t i = 0; i < n; i++) {
        coarse_mean[i] = acc->count[i] ? (float)(acc->sum[i] / acc->count[i]) : NAN;
        if (coarse_count) coarse_count[i] = acc->count[i];
    }
    free(acc->sum);
    free(acc->count);
    acc->sum = NULL;
    acc->count = NULL;
    if (acc->located == 0)
        return dt_error_set(err, DT_ERR_NODATA, "does not overlap the target grid (no cell centre falls inside it)");
    return DT_OK;
}

int regrid_mean(const grid *fine, const float *fine_values, const grid *coarse, float *coarse_mean,
                int *coarse_count, dt_error *err)
{
    regrid_accumulator acc;
    regrid_start(&acc, coarse);
    regrid_accumulate(&acc, fine, 0, grid_rows(fine), fine_values);
    return regrid_finish(&acc, coarse_mean, coarse_count, err);
}

/* Bilinear weights over the valid corners of the source cell box around (lat, lon). */
static float sample_bilinear(const grid *from, const float *values, double lat, double lon)
{
    double lat_first, dlat, lon_first, dlon;
    grid_latlon_parameters(from, &lat_first, &dlat, &lon_first, &dlon);
    long rows = (long)grid_rows(from), cols = (long)grid_cols(from);
    double fr = (lat - lat_first) / dlat, fc = NAN, offset = fmod(lon - lon_first, 360.0);
    for (int turn = -1; turn <= 1; turn++) { /* the longitude convention of either grid */
        double candidate = (offset + 360.0 * turn) / dlon;
        if (candidate >= -0.5 && candidate <= (double)cols - 0.5) fc = candidate;
    }
    if (isnan(fc) || fr < -0.5 || fr > (double)rows - 0.5) return NAN;
    fr = fmin(fmax(fr, 0.0), (double)(rows - 1));
    fc = fmin(fmax(fc, 0.0), (double)(cols - 1));
    long r0 = (long)floor(fr), c0 = (long)floor(fc);
    double wr = fr - (double)r0, wc = fc - (double)c0, sum = 0.0, weights = 0.0;
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            long r = r0 + i, c = c0 + j;
            double w = (i ? wr : 1.0 - wr) * (j ? wc : 1.0 - wc);
            if (r >= rows || c >= cols || w <= 0.0) continue;
            float v = values[r * cols + c];
            if (isnan(v)) continue;
            sum += w * v;
            weights += w;
        }
    }
    return weights > 0.0 ? (float)(sum / weights) : NAN;
}

void regrid_sample(const grid *from, const float *values, const grid *to, float *out)
{
    size_t rows = grid_rows(to), cols = grid_cols(to), from_cols = grid_cols(from);
    int bilinear = grid_kind_of(from) == GRID_LATLON;
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < cols; c++) {
            double lat, lon;
            size_t fr, fc;
            float *v = &out[r * cols + c];
            *v = NAN;
            if (grid_cell_center(to, r, c, &lat, &lon) != DT_OK) continue;
            if (bilinear) *v = sample_bilinear(from, values, lat, lon);
            else if (grid_locate(from, lat, lon, &fr, &fc) == DT_OK) *v = values[fr * from_cols + fc];
        }
    }
}
