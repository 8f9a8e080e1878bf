/* simulate_inputs.c — the inputs of `drytex simulate` (see simulate_inputs.h). The simulation
 * runs on the forcing grid (DESIGN.md §4): the baseline soil is regridded onto it, the optimised
 * texture is that baseline plus the calibration's increments sampled from the calibration's grid
 * (bilinear on lat/lon), and references are sampled at each cell's centre. */
#include "simulate_inputs.h"

#include <ctype.h>
#include <math.h>
#include <netcdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "ncfile.h"
#include "pet.h"
#include "regrid.h"

typedef struct {
    const char *units;
    double scale;        /* what a value in these units is multiplied by (1: as it is) */
} unit_scale;

/* The variable as a series scaled into the first listed units; units not in the list are
 * DT_ERR_FORMAT ("units 'X'" and what follows in refusal). */
static int open_in_units(series_source **out, const char *path, const char *variable, const unit_scale *units,
                         size_t count, const char *refusal, dt_error *err)
{
    field_options fo;
    field_default_options(&fo);
    fo.variable = variable;
    char *const paths[1] = {(char *)path};
    if (series_open(out, paths, 1, &fo, err) != DT_OK) return err->code;
    for (size_t i = 0; i < count; i++) {
        if (strcmp((*out)->units, units[i].units) != 0) continue;
        if (units[i].scale == 1.0) return DT_OK;
        series_close(*out);
        fo.extra_scale = units[i].scale;
        return series_open(out, paths, 1, &fo, err);
    }
    dt_error_set(err, DT_ERR_FORMAT, "%s: %s: units '%s'%s", path, variable, (*out)->units, refusal);
    series_close(*out);
    *out = NULL;
    return err->code;
}

int simulate_open_rate(series_source **out, const char *path, const char *variable, dt_error *err)
{
    static const unit_scale rates[] = {
        {"mm d-1", 1}, {"mm/d", 1}, {"mm/day", 1}, {"mm day-1", 1}, {"mm d^-1", 1}, {"kg m-2 d-1", 1}, {"kg m-2 day-1", 1},
        {"kg m-2 s-1", 86400}, {"mm s-1", 86400}, {"mm/s", 86400}, {"kg m^-2 s^-1", 86400}};
    return open_in_units(out, path, variable, rates, sizeof rates / sizeof *rates,
                         " are not a daily rate (mm d-1 or kg m-2 s-1)", err);
}

/* A meteorological variable in the units FAO-56 needs (pressure in hPa or kPa is scaled to Pa). */
static int open_met(series_source **out, const char *path, const char *variable, int which, dt_error *err)
{
    static const unit_scale units[MET_COUNT][3] = {
        {{"K", 1}, {"degK", 1}, {"kelvin", 1}},          {{"kg kg-1", 1}, {"1", 1}, {"kg/kg", 1}},
        {{"Pa", 1}, {"hPa", 100}, {"kPa", 1000}},        {{"m s-1", 1}, {"m/s", 1}, {"m s**-1", 1}},
        {{"W m-2", 1}, {"W/m2", 1}, {"W m**-2", 1}},     {{"W m-2", 1}, {"W/m2", 1}, {"W m**-2", 1}}};
    char refusal[64];
    snprintf(refusal, sizeof refusal, ", expected %s", units[which][0].units);
    return open_in_units(out, path, variable, units[which], 3, refusal, err);
}

static int same_axis(const series_source *a, const series_source *b)
{
    return grid_rows(a->grid) == grid_rows(b->grid) && grid_cols(a->grid) == grid_cols(b->grid) &&
           a->first_day == b->first_day && a->ndays == b->ndays;
}

/* Daily P with PET, or P with the meteorology PET is computed from. */
static int open_forcing(simulate_inputs *in, const simulate_job_options *o, const char *path, dt_error *err)
{
    if (simulate_open_rate(&in->precip, path, o->precip_variable, err) != DT_OK) return err->code;
    int status = simulate_open_rate(&in->pet, path, o->pet_variable, err);
    if (status == DT_ERR_MISSING) { /* no PET: FAO-56 from the meteorology, when it is all there */
        dt_error missing = *err;
        for (int k = 0; k < MET_COUNT; k++) {
            status = open_met(&in->met[k], path, o->met_variables[k], k, err);
            if (status == DT_ERR_MISSING)
                return dt_error_set(err, DT_ERR_MISSING, "%s; nor is there the meteorology for FAO-56 PET (%s)", missing.text,
                                    err->text);
            if (status != DT_OK) return status;
            if (!same_axis(in->met[k], in->precip))
                return dt_error_set(err, DT_ERR_FORMAT, "%s: %s and %s differ in grid or days", path, o->precip_variable,
                                    o->met_variables[k]);
        }
    } else if (status != DT_OK) {
        return status;
    } else if (!same_axis(in->pet, in->precip)) {
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s and %s differ in grid or days", path, o->precip_variable, o->pet_variable);
    }
    in->grid = in->precip->grid;
    in->rows = grid_rows(in->grid);
    in->cols = grid_cols(in->grid);
    long first = in->precip->first_day, last = first + (long)in->precip->ndays - 1;
    long start = o->start_day > first ? o->start_day : first, end = o->end_day < last ? o->end_day : last;
    if (end < start) return dt_error_set(err, DT_ERR_NODATA, "%s: the requested period has no forcing day", path);
    in->first = (size_t)(start - first);
    in->first_day = start;
    in->ndays = (size_t)(end - start + 1);
    return DT_OK;
}

/* One map variable of the calibration output on its own grid. */
static int read_map(const char *path, const char *name, grid **g, float **values, dt_error *err)
{
    field_options fo;
    field_default_options(&fo);
    fo.variable = name;
    field *f;
    if (field_open(&f, path, &fo, err) != DT_OK) return err->code;
    if (!*g) *g = grid_clone(f->grid);
    else if (grid_rows(*g) != grid_rows(f->grid) || grid_cols(*g) != grid_cols(f->grid)) {
        field_close(f);
        return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: grid differs from sand's", path, name);
    }
    *values = dt_malloc(field_map_size(f) * sizeof **values);
    int status = field_read(f, 0, 1, 0, grid_rows(f->grid), 0, grid_cols(f->grid), *values, err);
    field_close(f);
    return status;
}

/* The calibration's increments (optimised − baseline) sampled onto the forcing grid; the PTF the
 * calibration used becomes the simulation's unless --ptf said otherwise (then they must agree). */
static int load_increments(simulate_inputs *in, simulate_job_options *o, const char *path, dt_error *err)
{
    static const char *const names[SOIL_FIELDS] = {"sand", "clay", "soc"};
    grid *g = NULL;
    int status = DT_OK;
    for (int f = 0; f < SOIL_FIELDS && status == DT_OK; f++) {
        char baseline_name[32];
        snprintf(baseline_name, sizeof baseline_name, "%s_baseline", names[f]);
        float *optimised = NULL, *baseline = NULL;
        status = read_map(path, names[f], &g, &optimised, err);
        if (status == DT_OK) status = read_map(path, baseline_name, &g, &baseline, err);
        if (status == DT_OK) {
            size_t n = grid_rows(g) * grid_cols(g);
            for (size_t i = 0; i < n; i++) optimised[i] -= baseline[i];
            in->increment[f] = dt_malloc(in->rows * in->cols * sizeof(float));
            regrid_sample(g, optimised, in->grid, in->increment[f]);
        }
        free(optimised);
        free(baseline);
    }
    if (status != DT_OK) {
        grid_free(g);
        return status == DT_ERR_MISSING ? dt_error_prefix(err, "not a 'drytex calibrate' output") : status;
    }
    char calibrated[32] = "";
    int ncid;
    if (nc_open(path, NC_NOWRITE, &ncid) == NC_NOERR) {
        ncfile_text_attribute(ncid, NC_GLOBAL, "drytex_ptf", calibrated, sizeof calibrated);
        nc_close(ncid);
    }
    ptf_scheme scheme;
    dt_error ignored;
    if (calibrated[0] && ptf_parse_name(calibrated, &scheme, &ignored) == DT_OK) {
        if (o->ptf_given && scheme != o->ptf.scheme)
            status = dt_error_set(err, DT_ERR_VALUE, "%s: calibrated with --ptf %s, but the simulation uses %s (give --ptf %s)",
                                  path, calibrated, ptf_name(o->ptf.scheme), calibrated);
        o->ptf.scheme = scheme;
    }
    grid_free(g);
    return status;
}

static int same_cells(const grid *a, const grid *b)
{
    if (grid_rows(a) != grid_rows(b) || grid_cols(a) != grid_cols(b)) return 0;
    size_t corners[2][2] = {{0, 0}, {grid_rows(a) - 1, grid_cols(a) - 1}};
    for (int k = 0; k < 2; k++) {
        double lat_a, lon_a, lat_b, lon_b;
        grid_cell_center(a, corners[k][0], corners[k][1], &lat_a, &lon_a);
        grid_cell_center(b, corners[k][0], corners[k][1], &lat_b, &lon_b);
        if (fabs(lat_a - lat_b) > 1e-6 || fabs(remainder(lon_a - lon_b, 360.0)) > 1e-6) return 0;
    }
    return 1;
}

static int open_reference(simulate_inputs *in, simulate_reference_input *ref, dt_error *err)
{
    field_options fo;
    field_default_options(&fo);
    fo.variable = ref->spec.variable;
    fo.soil_moisture = 1; /* read at the door as the satellite's: units converted, impossible values masked */
    fo.volumetric_only = 1;
    char *const paths[1] = {(char *)ref->spec.path};
    if (series_open(&ref->source, paths, 1, &fo, err) != DT_OK) return err->code;
    ref->day_offset = in->first_day - ref->source->first_day;
    ref->same_grid = same_cells(ref->source->grid, in->grid);
    if (ref->same_grid) return DT_OK;
    size_t cells = in->rows * in->cols, inside = 0, ref_cols = grid_cols(ref->source->grid);
    ref->cell = dt_malloc(cells * sizeof *ref->cell);
    for (size_t r = 0; r < in->rows; r++) {
        for (size_t c = 0; c < in->cols; c++) {
            double lat, lon;
            size_t rr, rc;
            size_t *where = &ref->cell[r * in->cols + c];
            *where = SIZE_MAX;
            if (grid_cell_center(in->grid, r, c, &lat, &lon) == DT_OK &&
                grid_locate(ref->source->grid, lat, lon, &rr, &rc) == DT_OK)
                *where = rr * ref_cols + rc, inside++;
        }
    }
    if (inside == 0)
        return dt_error_set(err, DT_ERR_NODATA, "%s: %s: does not overlap the forcing grid", ref->spec.path,
                            ref->source->variable);
    return DT_OK;
}

size_t simulate_inputs_masked(const simulate_inputs *in)
{
    size_t masked = 0;
    for (size_t k = 0; k < in->nreferences; k++)
        if (in->reference[k].source) masked += in->reference[k].source->masked_out_of_range;
    return masked;
}

static int check_reference_name(const simulate_reference *refs, size_t k, dt_error *err)
{
    const char *name = refs[k].name;
    if (!name || !*name || strlen(name) > 40)
        return dt_error_set(err, DT_ERR_USAGE, "reference %zu: a name of 1–40 characters is needed", k + 1);
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return dt_error_set(err, DT_ERR_USAGE, "reference name '%s': only letters, digits and _", name);
    for (size_t i = 0; i < k; i++)
        if (strcmp(refs[i].name, name) == 0) return dt_error_set(err, DT_ERR_USAGE, "reference name '%s' given twice", name);
    return DT_OK;
}

/* ---- reading a tile (under the engine's I/O lock) -------------------------------------------- */

/* One forcing variable of the tile, rearranged to [cell][simulated day]. */
/* One forcing variable of the tile, rearranged to [cell][simulated day]. */
static int read_forcing(const simulate_inputs *in, series_source *source, const job_tile *t, float *scratch,
                        float *out, dt_error *err)
{
    size_t cells = t->nrows * t->ncols;
    if (series_read_block(source, t->row0, t->nrows, t->col0, t->ncols, scratch, err) != DT_OK) return err->code;
    for (size_t i = 0; i < cells; i++)
        for (size_t d = 0; d < in->ndays; d++) out[i * in->ndays + d] = scratch[(in->first + d) * cells + i];
    return DT_OK;
}

static void align_reference(const simulate_inputs *in, const simulate_reference_input *ref, const float *series, float *out)
{
    for (size_t d = 0; d < in->ndays; d++) {
        long index = ref->day_offset + (long)d;
        out[d] = index >= 0 && (size_t)index < ref->source->ndays ? series[index] : NAN;
    }
}

static int read_reference(const simulate_inputs *in, simulate_reference_input *ref, const job_tile *t,
                          float *out, dt_error *err)
{
    size_t cells = t->nrows * t->ncols, ndays = ref->source->ndays;
    float *series = dt_malloc(ndays * (ref->same_grid ? cells : 1) * sizeof *series);
    int status = DT_OK;
    if (ref->same_grid) {
        status = series_read_block(ref->source, t->row0, t->nrows, t->col0, t->ncols, series, err);
        for (size_t i = 0; i < cells && status == DT_OK; i++) {
            for (size_t d = 0; d < in->ndays; d++) {
                long index = ref->day_offset + (long)d;
                out[i * in->ndays + d] = index >= 0 && (size_t)index < ndays ? series[(size_t)index * cells + i] : NAN;
            }
        }
    } else {
        size_t ref_cols = grid_cols(ref->source->grid);
        for (size_t r = 0; r < t->nrows && status == DT_OK; r++) {
            for (size_t c = 0; c < t->ncols && status == DT_OK; c++) {
                size_t i = r * t->ncols + c, where = ref->cell[(t->row0 + r) * in->cols + t->col0 + c];
                float *cell_out = out + i * in->ndays;
                if (where == SIZE_MAX) {
                    for (size_t d = 0; d < in->ndays; d++) cell_out[d] = NAN;
                    continue;
                }
                status = series_read_cell(ref->source, where / ref_cols, where % ref_cols, series, err);
                if (status == DT_OK) align_reference(in, ref, series, cell_out);
            }
        }
    }
    free(series);
    return status;
}

/* Daily FAO-56 PET (pet.h, the daily form from daily means) of the tile → [cell][simulated day];
 * a day missing any meteorological value has no PET (NaN). */
static int read_pet_from_met(const simulate_inputs *in, const job_tile *t, float *scratch, float *pet, dt_error *err)
{
    size_t cells = t->nrows * t->ncols, days = in->precip->ndays, plane = days * cells;
    for (int k = 0; k < MET_COUNT; k++)
        if (series_read_block(in->met[k], t->row0, t->nrows, t->col0, t->ncols, scratch + k * plane, err) != DT_OK)
            return err->code;
    for (size_t i = 0; i < cells; i++) {
        for (size_t d = 0; d < in->ndays; d++) {
            size_t at = (in->first + d) * cells + i;
            pet_forcing f = {scratch[MET_TAS * plane + at], scratch[MET_HUSS * plane + at], scratch[MET_PS * plane + at],
                             scratch[MET_WIND * plane + at], 10.0, scratch[MET_RSDS * plane + at],
                             scratch[MET_RLDS * plane + at]};
            int complete = !isnan(f.t_air) && !isnan(f.q) && !isnan(f.pressure) && !isnan(f.wind) &&
                           !isnan(f.sw_down) && !isnan(f.lw_down);
            pet[i * in->ndays + d] = complete ? (float)pet_from_forcing(&f, 86400.0) : NAN;
        }
    }
    return DT_OK;
}

int simulate_inputs_read_tile(simulate_inputs *in, const job_tile *t, float *scratch, float *precip,
                              float *pet, float *reference, dt_error *err)
{
    size_t cells = t->nrows * t->ncols;
    if (read_forcing(in, in->precip, t, scratch, precip, err) != DT_OK) return err->code;
    if (in->pet && read_forcing(in, in->pet, t, scratch, pet, err) != DT_OK) return err->code;
    if (!in->pet && read_pet_from_met(in, t, scratch, pet, err) != DT_OK) return err->code;
    for (size_t k = 0; k < in->nreferences; k++)
        if (read_reference(in, &in->reference[k], t, reference + k * cells * in->ndays, err) != DT_OK)
            return err->code;
    return DT_OK;
}

void simulate_inputs_close(simulate_inputs *in)
{
    series_close(in->precip);
    series_close(in->pet);
    for (int k = 0; k < MET_COUNT; k++) series_close(in->met[k]);
    soil_free(&in->soil);
    for (int f = 0; f < SOIL_FIELDS; f++) free(in->increment[f]);
    for (size_t k = 0; k < in->nreferences; k++) {
        series_close(in->reference[k].source);
        free(in->reference[k].cell);
    }
}

int simulate_inputs_open(simulate_inputs *in, simulate_job_options *o, const char *forcing,
                         char *const *soil_paths, size_t nsoil, const char *optimised,
                         const simulate_reference *refs, size_t nrefs, dt_error *err)
{
    if (nrefs > SIMULATE_MAX_REFERENCES)
        return dt_error_set(err, DT_ERR_USAGE, "%zu references: at most %d", nrefs, SIMULATE_MAX_REFERENCES);
    if (simulate_validate(&o->simulation, err) != DT_OK || open_forcing(in, o, forcing, err) != DT_OK) return err->code;
    if (optimised && load_increments(in, o, optimised, err) != DT_OK) return err->code;
    if (soil_load(soil_paths, nsoil, &o->soil, in->grid, ptf_uses_soc(o->ptf.scheme), &in->soil, err) != DT_OK)
        return err->code;
    for (size_t k = 0; k < nrefs; k++) {
        if (check_reference_name(refs, k, err) != DT_OK) return err->code;
        in->reference[k].spec = refs[k];
        in->nreferences = k + 1;
        if (open_reference(in, &in->reference[k], err) != DT_OK) return err->code;
    }
    return DT_OK;
}
