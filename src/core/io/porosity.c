/* porosity.c — a porosity map onto a soil-moisture grid (θ = S × porosity: a degree of
 * saturation S, as ESA CCI ACTIVE publishes it, made volumetric; Dorigo et al. 2017 §2). */
#include "porosity.h"

#include <math.h>
#include <netcdf.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "ncfile.h"
#include "regrid.h"

static const char *porosity_variable(const char *path)
{
    static const char *const names[] = {"porosity", "saturation", "smcmax", "SMCMAX", "theta_s", "thetas",
                                        "soil_porosity", NULL};
    int ncid, group, varid;
    dt_error ignored;
    if (ncfile_open(path, &ncid, &ignored) != DT_OK) return NULL;
    const char *found = NULL;
    for (const char *const *n = names; *n && !found; n++)
        if (ncfile_find_variable(ncid, *n, &group, &varid) == DT_OK) found = *n;
    ncfile_close(ncid);
    return found; /* NULL: the first gridded variable */
}

int porosity_load(const char *path, const grid *target, float **map, dt_error *err)
{
    field_options options;
    field_default_options(&options);
    options.variable = porosity_variable(path);
    field *f;
    int status = field_open(&f, path, &options, err);
    if (status != DT_OK) return status;
    double unit = strchr(f->units, '%') || strstr(f->units, "percent") ? 0.01 : 1.0;
    size_t rows = grid_rows(f->grid), cols = grid_cols(f->grid), band = 512;
    size_t n = grid_rows(target) * grid_cols(target);
    float *fine = dt_malloc(band * cols * sizeof *fine);
    *map = dt_malloc(n * sizeof **map);
    regrid_accumulator acc;
    regrid_start(&acc, target);
    for (size_t row0 = 0; row0 < rows && status == DT_OK; row0 += band) {
        size_t nrows = row0 + band <= rows ? band : rows - row0;
        status = field_read(f, 0, 1, row0, nrows, 0, cols, fine, err);
        if (status == DT_OK) regrid_accumulate(&acc, f->grid, row0, nrows, fine);
    }
    if (status == DT_OK) status = regrid_finish(&acc, *map, NULL, err);
    else regrid_finish(&acc, *map, NULL, NULL);
    for (size_t i = 0; i < n && status == DT_OK; i++) {
        if (isnan((*map)[i])) continue;
        (*map)[i] = (float)((*map)[i] * unit);
        if ((*map)[i] <= 0 || (*map)[i] > 1)
            status = dt_error_set(err, DT_ERR_VALUE, "%s: %s: porosity %g is not 0…1 m3 m-3", path, f->variable,
                                  (double)(*map)[i]);
    }
    if (status != DT_OK && err->text[0] && strncmp(err->text, path, strlen(path)) != 0) dt_error_prefix(err, path);
    free(fine);
    field_close(f);
    if (status != DT_OK) {
        free(*map);
        *map = NULL;
    }
    return status;
}
