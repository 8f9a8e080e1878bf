/* soil.h — baseline soil maps (sand, clay, SOC) found in GSDE-, HWSD- or CF-style files and
 * regridded onto the satellite grid. */
#ifndef DRYTEX_SOIL_H
#define DRYTEX_SOIL_H

#include <stddef.h>

#include "grid.h"
#include "status.h"

enum { SOIL_SAND = 0, SOIL_CLAY = 1, SOIL_SOC = 2, SOIL_FIELDS = 3 };

typedef struct {
    const char *variable[SOIL_FIELDS]; /* names to use; NULL: look for the usual names
                                          (SAND/T_SAND/sand, CLAY/T_CLAY/clay, OC/T_OC/SOC/soc) */
    size_t layer;                      /* layer index for files with a layer dimension (0 = top) */
    double soc_scale;                  /* multiplies SOC after reading; 0 = from the units attribute */
} soil_options;

void soil_default_options(soil_options *options);

typedef struct {
    size_t rows, cols;                  /* the target grid */
    float *values[SOIL_FIELDS];         /* [rows × cols] %w, NaN where no fine cell had data;
                                           values[SOIL_SOC] is NULL when no SOC was found */
    int *count[SOIL_FIELDS];            /* fine cells averaged into each target cell */
    char source[SOIL_FIELDS][512];      /* "file: variable" of each field */
} soil_maps;

/* Finds sand, clay and (if present) SOC among the files and regrids each onto target (mean of
 * the fine cells whose centres fall in a target cell, fill ignored). Errors name the file and
 * variable: sand or clay not found, a map that does not overlap the target grid, or a map with
 * no valid value. need_soc makes a missing SOC an error. */
int soil_load(char *const *paths, size_t npaths, const soil_options *options, const grid *target,
              int need_soc, soil_maps *maps, dt_error *err);
void soil_free(soil_maps *maps);

#endif
