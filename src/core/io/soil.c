/* soil.c — baseline soil maps found in GSDE-, HWSD- or CF-style files, regridded onto the
 * satellite grid (DESIGN.md §4 "Regridding"). */
#include "soil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "ncfile.h"
#include "regrid.h"

static const char *const field_label[SOIL_FIELDS] = {"sand", "clay", "SOC"};

/* The usual names: GSDE (SAND, CLAY, OC), HWSD v1.2 (T_SAND, T_CLAY, T_OC), CF-style lower case. */
static const char *const usual_names[SOIL_FIELDS][6] = {
    {"SAND", "T_SAND", "sand", "sand_content", NULL},
    {"CLAY", "T_CLAY", "clay", "clay_content", NULL},
    {"OC", "T_OC", "SOC", "soc", "ORGC", NULL},
};

void soil_default_options(soil_options *options)
{
    for (int k = 0; k < SOIL_FIELDS; k++) options->variable[k] = NULL;
    options->layer = 0;
    options->soc_scale = 0.0;
}

/* The first file holding the field's variable, by the given name or the usual ones. */
static int find_field(char *const *paths, size_t npaths, const soil_options *o, int k,
                      const char **path, const char **variable)
{
    for (size_t i = 0; i < npaths; i++) {
        int ncid;
        if (ncfile_open(paths[i], &ncid, NULL) != DT_OK) continue;
        for (int n = 0; o->variable[k] ? n < 1 : usual_names[k][n] != NULL; n++) {
            const char *name = o->variable[k] ? o->variable[k] : usual_names[k][n];
            int group, varid;
            if (ncfile_find_variable(ncid, name, &group, &varid) == DT_OK) {
                ncfile_close(ncid);
                *path = paths[i];
                *variable = name;
                return DT_OK;
            }
        }
        ncfile_close(ncid);
    }
    return DT_ERR_MISSING;
}

static int missing_field_error(char *const *paths, size_t npaths, const soil_options *o, int k, dt_error *err)
{
    for (size_t i = 0; i < npaths; i++) { /* an unreadable file is the likelier story: say so */
        int ncid;
        if (ncfile_open(paths[i], &ncid, err) != DT_OK) return err->code;
        ncfile_close(ncid);
    }
    if (o->variable[k])
        return dt_error_set(err, DT_ERR_MISSING, "%s: %s: no such variable in the soil files", paths[0], o->variable[k]);
    return dt_error_set(err, DT_ERR_MISSING, "%s: no %s variable (looked for %s, %s, %s) in the %zu soil file%s",
                        paths[0], field_label[k], usual_names[k][0], usual_names[k][1], usual_names[k][2],
                        npaths, npaths == 1 ? "" : "s");
}

static int load_field(const char *path, const char *variable, const soil_options *o, int k,
                      const grid *target, soil_maps *maps, dt_error *err)
{
    field_options fo;
    field_default_options(&fo);
    fo.variable = variable;
    fo.layer = o->layer;
    if (k == SOIL_SOC) fo.extra_scale = o->soc_scale;
    field *f;
    int status = field_open(&f, path, &fo, err);
    if (status != DT_OK) return status;
    /* a band of fine rows at a time: a global 30" GSDE map would not fit in memory whole */
    size_t rows = grid_rows(f->grid), cols = grid_cols(f->grid), band = 512;
    float *fine = dt_malloc(band * cols * sizeof *fine);
    size_t n = maps->rows * maps->cols;
    maps->values[k] = dt_malloc(n * sizeof(float));
    maps->count[k] = dt_calloc(n, sizeof(int));
    regrid_accumulator acc;
    regrid_start(&acc, target);
    for (size_t row0 = 0; row0 < rows && status == DT_OK; row0 += band) {
        size_t nrows = row0 + band <= rows ? band : rows - row0;
        status = field_read(f, 0, 1, row0, nrows, 0, cols, fine, err);
        if (status == DT_OK) regrid_accumulate(&acc, f->grid, row0, nrows, fine);
    }
    if (status == DT_OK) {
        status = regrid_finish(&acc, maps->values[k], maps->count[k], err);
        if (status != DT_OK) {
            dt_error_prefix(err, f->variable);
            dt_error_prefix(err, path);
        }
    } else {
        dt_error ignored;
        regrid_finish(&acc, maps->values[k], maps->count[k], &ignored);
    }
    if (status == DT_OK) {
        size_t valid = 0;
        for (size_t i = 0; i < n; i++) valid += !isnan(maps->values[k][i]);
        if (valid == 0)
            status = dt_error_set(err, DT_ERR_NODATA, "%s: %s: no valid value over the satellite grid", path, f->variable);
    }
    snprintf(maps->source[k], sizeof maps->source[k], "%s: %s", path, f->variable);
    free(fine);
    field_close(f);
    return status;
}

int soil_load(char *const *paths, size_t npaths, const soil_options *options, const grid *target,
              int need_soc, soil_maps *maps, dt_error *err)
{
    soil_options defaults;
    if (!options) {
        soil_default_options(&defaults);
        options = &defaults;
    }
    memset(maps, 0, sizeof *maps);
    maps->rows = grid_rows(target);
    maps->cols = grid_cols(target);
    if (npaths == 0) return dt_error_set(err, DT_ERR_USAGE, "no soil file given (--soil FILE)");
    for (int k = 0; k < SOIL_FIELDS; k++) {
        const char *path, *variable;
        if (find_field(paths, npaths, options, k, &path, &variable) != DT_OK) {
            if (k == SOIL_SOC && !need_soc) continue;
            soil_free(maps);
            return missing_field_error(paths, npaths, options, k, err);
        }
        int status = load_field(path, variable, options, k, target, maps, err);
        if (status != DT_OK) {
            soil_free(maps);
            return status;
        }
    }
    return DT_OK;
}

void soil_free(soil_maps *maps)
{
    for (int k = 0; k < SOIL_FIELDS; k++) {
        free(maps->values[k]);
        free(maps->count[k]);
        maps->values[k] = NULL;
        maps->count[k] = NULL;
    }
}
