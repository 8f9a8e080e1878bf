/* cube.c — `ingest`: a daily series source → one netCDF-4 cube chunked for per-cell reads.
 * Rows are processed in bands sized by a memory budget; each band is read once from the source
 * and written as whole chunks (ndays × edge × edge), so a cell's series is a single chunk read. */
#include "cube.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfwrite.h"

void cube_default_options(cube_options *options)
{
    options->memory_budget = (size_t)512 << 20;
    options->chunk_cells = 4;
    options->history = "";
}

typedef struct {
    cube_progress progress;
    void *context;
    size_t done, total;
} ingest_progress;

static void file_read(void *context)
{
    ingest_progress *p = context;
    p->done++;
    if (p->progress) p->progress(p->done, p->total, p->context);
}

static size_t band_rows(const series_source *s, const cube_options *o)
{
    size_t edge = o->chunk_cells ? o->chunk_cells : 4;
    size_t row_bytes = s->ndays * grid_cols(s->grid) * sizeof(float);
    size_t rows = row_bytes ? o->memory_budget / row_bytes : grid_rows(s->grid);
    rows = rows / edge * edge;
    if (rows < edge) rows = edge;
    return rows;
}

static const char *base_name(const char *variable)
{
    const char *slash = strrchr(variable, '/');
    return slash ? slash + 1 : variable;
}

static int define_cube(cf_output *out, series_source *s, const cube_options *o, int *varid, dt_error *err)
{
    char title[256];
    snprintf(title, sizeof title, "daily %s cube for per-cell reads (drytex ingest)", base_name(s->variable));
    if (cfwrite_create(out, out->path, s->grid, title, o->history, err) != DT_OK) return err->code;
    cf_variable spec = {
        .name = base_name(s->variable), .type = NC_FLOAT, .with_time = 1,
        .units = s->units[0] ? s->units : "m3 m-3",
        .long_name = s->units_kind == SMVAR_SATURATION ? "degree of saturation of the soil (not volumetric)" : "volumetric soil moisture",
        .standard_name = NULL, .fill = -9999.0,
        .chunk_time = s->ndays, .chunk_y = o->chunk_cells, .chunk_x = o->chunk_cells,
    };
    if (cfwrite_time_axis(out, s->first_day, s->ndays, err) != DT_OK ||
        cfwrite_define(out, &spec, varid, err) != DT_OK ||
        cfwrite_number(out, NC_GLOBAL, "drytex_source_files", (double)(s->cube || s->point ? 1 : s->nfiles), err) != DT_OK ||
        cfwrite_text(out, NC_GLOBAL, "drytex_source_first", series_path(s), err) != DT_OK ||
        cfwrite_end_define(out, err) != DT_OK)
        return err->code;
    return DT_OK;
}

static size_t count_valid(const float *values, size_t n)
{
    size_t valid = 0;
    for (size_t i = 0; i < n; i++) valid += !isnan(values[i]);
    return valid;
}

static int write_bands(cf_output *out, int varid, series_source *s, const cube_options *o,
                       ingest_progress *p, size_t *valid, dt_error *err)
{
    size_t rows = grid_rows(s->grid), cols = grid_cols(s->grid), band = band_rows(s, o);
    if (band > rows) band = rows;
    float *buffer = dt_malloc(s->ndays * band * cols * sizeof *buffer);
    int status = DT_OK;
    for (size_t row0 = 0; row0 < rows && status == DT_OK; row0 += band) {
        size_t nrows = row0 + band <= rows ? band : rows - row0;
        status = series_read_block(s, row0, nrows, 0, cols, buffer, err);
        if (status == DT_OK) {
            *valid += count_valid(buffer, s->ndays * nrows * cols);
            status = cfwrite_put_float(out, varid, 0, s->ndays, row0, nrows, 0, cols, buffer, err);
        }
        if (s->cube || s->point) file_read(p);
    }
    free(buffer);
    return status;
}

int cube_ingest(series_source *s, const char *path, const cube_options *options,
                cube_progress progress, void *context, dt_error *err)
{
    cube_options defaults;
    if (!options) {
        cube_default_options(&defaults);
        options = &defaults;
    }
    size_t rows = grid_rows(s->grid), band = band_rows(s, options);
    size_t bands = (rows + band - 1) / band;
    ingest_progress p = {progress, context, 0, bands * (s->cube || s->point ? 1 : s->nfiles)};
    s->on_file = file_read;
    s->on_file_context = &p;
    size_t partial_length = strlen(path) + sizeof ".partial";
    char *partial = dt_malloc(partial_length);
    snprintf(partial, partial_length, "%s.partial", path);
    cf_output out = {.path = partial};
    int varid;
    size_t valid = 0;
    int status = define_cube(&out, s, options, &varid, err);
    free(partial); /* cfwrite_create keeps its own copy of the path */
    size_t masked_before = s->masked_out_of_range;
    if (status == DT_OK) status = write_bands(&out, varid, s, options, &p, &valid, err);
    if (status == DT_OK) /* what the reads masked as impossible (series.h), for whoever reads the cube */
        status = cfwrite_number(&out, NC_GLOBAL, SERIES_MASKED_ATTRIBUTE, (double)(s->masked_out_of_range - masked_before), err);
    if (status == DT_OK && valid == 0)
        status = dt_error_set(err, DT_ERR_NODATA, "%s: %s: every value is missing (fill)",
                              series_path(s), s->variable);
    char *written = out.path ? dt_strdup(out.path) : NULL;
    dt_error close_error;
    if (out.ncid >= 0 && cfwrite_close(&out, &close_error) != DT_OK && status == DT_OK) {
        *err = close_error;
        status = err->code;
    }
    if (written && status == DT_OK && rename(written, path) != 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot rename %s into place", path, written);
    if (written && status != DT_OK) remove(written);
    free(written);
    s->on_file = NULL;
    return status;
}
