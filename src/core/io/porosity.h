/* porosity.h — a porosity map onto a soil-moisture grid: turns a degree of saturation into m3 m-3. */
#ifndef DRYTEX_POROSITY_H
#define DRYTEX_POROSITY_H

#include "grid.h"
#include "status.h"

/* [m3 m-3] Reads the file's porosity (a variable with standard_name soil_porosity or named porosity,
 * saturation, smcmax, theta_s, thetas, else its first gridded variable) and regrids it onto target
 * (regrid.h: the mean of the fine cells whose centres fall in each target cell; a map on the
 * target grid itself is taken as it is). Units % are read ÷ 100. *map gets rows × cols values
 * [m3 m-3], NaN where the file has none. Errors name the file: no overlap, values outside 0…1. */
int porosity_load(const char *path, const grid *target, float **map, dt_error *err);

#endif
