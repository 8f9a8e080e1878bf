/* regrid.h — a fine map onto a coarse grid: the mean of the fine cells whose centres fall in
 * each coarse cell, fill (NaN) ignored, the count recorded (DESIGN.md §4 "Regridding"). */
#ifndef DRYTEX_REGRID_H
#define DRYTEX_REGRID_H

#include <stddef.h>

#include "grid.h"
#include "status.h"

/* Running sums over the coarse grid, so a large fine map can be fed a band of rows at a time. */
typedef struct {
    const grid *coarse;
    double *sum;   /* [coarse rows × cols] */
    int *count;    /* [coarse rows × cols] */
    size_t located; /* fine centres that fell inside the coarse grid */
} regrid_accumulator;

void regrid_start(regrid_accumulator *acc, const grid *coarse);
/* Adds fine rows [row0, row0 + nrows) (values row-major, nrows × fine cols, NaN = missing). */
void regrid_accumulate(regrid_accumulator *acc, const grid *fine, size_t row0, size_t nrows,
                       const float *values);
/* Writes the means (NaN where the count is 0) and counts; DT_ERR_NODATA "does not overlap" when
 * no fine centre fell inside the coarse grid. Frees the sums. */
int regrid_finish(regrid_accumulator *acc, float *coarse_mean, int *coarse_count, dt_error *err);

/* The whole fine map at once. */
int regrid_mean(const grid *fine, const float *fine_values, const grid *coarse, float *coarse_mean,
                int *coarse_count, dt_error *err);

/* A map on grid `from` sampled at each cell centre of grid `to` (DESIGN.md §4 "Simulation grid":
 * the calibration's increments onto the forcing grid). Regular lat/lon sources are interpolated
 * bilinearly between the four surrounding cell centres, weighting only the valid (non-NaN) ones and
 * holding the edge value outside the outermost centres; EASE-Grid 2.0 sources take the value of the
 * cell holding the centre. NaN where no valid source value applies or the centre lies outside. */
void regrid_sample(const grid *from, const float *values, const grid *to, float *out);

#endif
