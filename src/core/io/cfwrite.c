/* cfwrite.c — CF-1.8 netCDF-4 outputs on a drytex grid: coordinates, grid_mapping, variables.
 * Conventions: CF 1.8 §4 (coordinates), §5.6 and Appendix F (grid mappings: latitude_longitude,
 * lambert_cylindrical_equal_area for EASE-Grid 2.0, EPSG:6933). */
#include "cfwrite.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ncfile.h"

#define CHECK(call, what)                                                                        \
    do {                                                                                         \
        int nc_status_ = (call);                                                                 \
        if (nc_status_ != NC_NOERR)                                                              \
            return ncfile_error(err, DT_ERR_IO, nc_status_, out->path, NULL, what);              \
    } while (0)

static int define_text(cf_output *out, int varid, const char *name, const char *value, dt_error *err)
{
    CHECK(nc_put_att_text(out->ncid, varid, name, strlen(value), value), name);
    return DT_OK;
}

int cfwrite_text(cf_output *out, int varid, const char *name, const char *value, dt_error *err)
{
    return define_text(out, varid, name, value, err);
}

int cfwrite_number(cf_output *out, int varid, const char *name, double value, dt_error *err)
{
    CHECK(nc_put_att_double(out->ncid, varid, name, NC_DOUBLE, 1, &value), name);
    return DT_OK;
}

static int is_ease2(const cf_output *out)
{
    return grid_kind_of(out->grid) == GRID_EASE2;
}

static int define_crs(cf_output *out, dt_error *err)
{
    int crs;
    CHECK(nc_def_var(out->ncid, "crs", NC_INT, 0, NULL, &crs), "crs");
    double semi_major = 6378137.0, inverse_flattening = 298.257223563; /* WGS 84 */
    if (is_ease2(out)) {
        if (define_text(out, crs, "grid_mapping_name", "lambert_cylindrical_equal_area", err) ||
            cfwrite_number(out, crs, "standard_parallel", 30.0, err) ||
            cfwrite_number(out, crs, "longitude_of_central_meridian", 0.0, err) ||
            cfwrite_number(out, crs, "false_easting", 0.0, err) ||
            cfwrite_number(out, crs, "false_northing", 0.0, err))
            return err->code;
    } else if (define_text(out, crs, "grid_mapping_name", "latitude_longitude", err)) {
        return err->code;
    }
    if (cfwrite_number(out, crs, "semi_major_axis", semi_major, err) ||
        cfwrite_number(out, crs, "inverse_flattening", inverse_flattening, err) ||
        define_text(out, crs, "epsg_code", grid_crs_wkt_or_proj(out->grid), err))
        return err->code;
    return DT_OK;
}

static int define_axis(cf_output *out, const char *name, int dim, const char *units,
                       const char *standard_name, const char *axis, dt_error *err)
{
    int varid;
    CHECK(nc_def_var(out->ncid, name, NC_DOUBLE, 1, &dim, &varid), name);
    if (define_text(out, varid, "units", units, err) ||
        define_text(out, varid, "standard_name", standard_name, err) ||
        define_text(out, varid, "axis", axis, err))
        return err->code;
    const char *long_name = strcmp(axis, "Y") == 0 ? (is_ease2(out) ? "y coordinate of projection" : "latitude")
                                                   : (is_ease2(out) ? "x coordinate of projection" : "longitude");
    return define_text(out, varid, "long_name", long_name, err);
}

static int define_coordinates(cf_output *out, dt_error *err)
{
    size_t rows = grid_rows(out->grid), cols = grid_cols(out->grid);
    if (is_ease2(out)) {
        CHECK(nc_def_dim(out->ncid, "y", rows, &out->dim_y), "y");
        CHECK(nc_def_dim(out->ncid, "x", cols, &out->dim_x), "x");
        if (define_axis(out, "y", out->dim_y, "m", "projection_y_coordinate", "Y", err) ||
            define_axis(out, "x", out->dim_x, "m", "projection_x_coordinate", "X", err))
            return err->code;
        int dims[2] = {out->dim_y, out->dim_x}, lat, lon;
        CHECK(nc_def_var(out->ncid, "lat", NC_DOUBLE, 2, dims, &lat), "lat");
        CHECK(nc_def_var(out->ncid, "lon", NC_DOUBLE, 2, dims, &lon), "lon");
        if (define_text(out, lat, "units", "degrees_north", err) ||
            define_text(out, lat, "standard_name", "latitude", err) ||
            define_text(out, lon, "units", "degrees_east", err) ||
            define_text(out, lon, "standard_name", "longitude", err))
            return err->code;
    } else {
        CHECK(nc_def_dim(out->ncid, "lat", rows, &out->dim_y), "lat");
        CHECK(nc_def_dim(out->ncid, "lon", cols, &out->dim_x), "lon");
        if (define_axis(out, "lat", out->dim_y, "degrees_north", "latitude", "Y", err) ||
            define_axis(out, "lon", out->dim_x, "degrees_east", "longitude", "X", err))
            return err->code;
    }
    return define_crs(out, err);
}

static int create(cf_output *out, const char *path, const grid *g, const char *title,
                  const char *history, int netcdf4, dt_error *err)
{
    memset(out, 0, sizeof *out);
    out->ncid = -1;
    out->dim_time = -1;
    out->var_time = -1;
    out->grid = g;
    out->netcdf4 = netcdf4;
    out->path = dt_strdup(path);
    int status = nc_create(path, NC_CLOBBER | (netcdf4 ? NC_NETCDF4 : NC_64BIT_OFFSET), &out->ncid);
    if (status != NC_NOERR) {
        ncfile_error(err, DT_ERR_IO, status, path, NULL, "cannot be created");
        free(out->path);
        out->path = NULL;
        out->ncid = -1;
        return err->code;
    }
    if (define_text(out, NC_GLOBAL, "Conventions", "CF-1.8", err) ||
        define_text(out, NC_GLOBAL, "title", title, err) ||
        define_text(out, NC_GLOBAL, "source", "drytex " PACKAGE_VERSION, err) ||
        define_text(out, NC_GLOBAL, "history", history ? history : "", err) ||
        define_coordinates(out, err)) {
        dt_error ignored;
        cfwrite_close(out, &ignored);
        return err->code;
    }
    return DT_OK;
}

int cfwrite_create(cf_output *out, const char *path, const grid *g, const char *title,
                   const char *history, dt_error *err)
{
    return create(out, path, g, title, history, 1, err);
}

int cfwrite_create_classic(cf_output *out, const char *path, const grid *g, const char *title,
                           const char *history, dt_error *err)
{
    return create(out, path, g, title, history, 0, err);
}

int cfwrite_time_axis(cf_output *out, long first_day, size_t ndays, dt_error *err)
{
    CHECK(nc_def_dim(out->ncid, "time", ndays, &out->dim_time), "time");
    CHECK(nc_def_var(out->ncid, "time", NC_DOUBLE, 1, &out->dim_time, &out->var_time), "time");
    out->first_day = first_day;
    out->ndays = ndays;
    if (define_text(out, out->var_time, "units", "days since 1970-01-01 00:00:00", err) ||
        define_text(out, out->var_time, "calendar", "standard", err) ||
        define_text(out, out->var_time, "standard_name", "time", err) ||
        define_text(out, out->var_time, "axis", "T", err))
        return err->code;
    return DT_OK;
}

static size_t chunk_or(size_t asked, size_t fallback, size_t length)
{
    size_t chunk = asked ? asked : fallback;
    if (chunk > length) chunk = length;
    return chunk ? chunk : 1;
}

int cfwrite_define(cf_output *out, const cf_variable *spec, int *varid, dt_error *err)
{
    int dims[3], ndims = 0;
    size_t chunks[3];
    size_t rows = grid_rows(out->grid), cols = grid_cols(out->grid);
    if (spec->with_time) {
        if (out->dim_time < 0)
            return dt_error_set(err, DT_ERR_USAGE, "%s: %s: no time axis defined", out->path, spec->name);
        dims[ndims] = out->dim_time;
        chunks[ndims++] = chunk_or(spec->chunk_time, out->ndays, out->ndays);
    }
    dims[ndims] = out->dim_y;
    chunks[ndims++] = chunk_or(spec->chunk_y, spec->with_time ? 4 : 256, rows);
    dims[ndims] = out->dim_x;
    chunks[ndims++] = chunk_or(spec->chunk_x, spec->with_time ? 4 : 256, cols);
    CHECK(nc_def_var(out->ncid, spec->name, spec->type, ndims, dims, varid), spec->name);
    if (out->netcdf4) {
        CHECK(nc_def_var_chunking(out->ncid, *varid, NC_CHUNKED, chunks), spec->name);
        if (!spec->uncompressed) CHECK(nc_def_var_deflate(out->ncid, *varid, 1, 1, 1), spec->name);
    }
    double fill = spec->fill;
    CHECK(nc_put_att_double(out->ncid, *varid, "_FillValue", spec->type, 1, &fill), spec->name);
    if (spec->units && *spec->units && define_text(out, *varid, "units", spec->units, err)) return err->code;
    if (spec->long_name && define_text(out, *varid, "long_name", spec->long_name, err)) return err->code;
    if (spec->standard_name && define_text(out, *varid, "standard_name", spec->standard_name, err))
        return err->code;
    if (define_text(out, *varid, "grid_mapping", "crs", err)) return err->code;
    if (is_ease2(out) && define_text(out, *varid, "coordinates", "lat lon", err)) return err->code;
    return DT_OK;
}

static int write_axes(cf_output *out, dt_error *err)
{
    size_t rows = grid_rows(out->grid), cols = grid_cols(out->grid);
    double *ys = dt_malloc(rows * sizeof *ys), *xs = dt_malloc(cols * sizeof *xs);
    double lat, lon;
    for (size_t r = 0; r < rows; r++) {
        if (is_ease2(out)) grid_cell_xy(out->grid, r, 0, &xs[0], &ys[r]);
        else { grid_cell_center(out->grid, r, 0, &lat, &lon); ys[r] = lat; }
    }
    for (size_t c = 0; c < cols; c++) {
        if (is_ease2(out)) grid_cell_xy(out->grid, 0, c, &xs[c], &lat);
        else { grid_cell_center(out->grid, 0, c, &lat, &lon); xs[c] = lon; }
    }
    int yvar, xvar, status = NC_NOERR;
    const char *yname = is_ease2(out) ? "y" : "lat", *xname = is_ease2(out) ? "x" : "lon";
    if ((status = nc_inq_varid(out->ncid, yname, &yvar)) == NC_NOERR &&
        (status = nc_inq_varid(out->ncid, xname, &xvar)) == NC_NOERR &&
        (status = nc_put_var_double(out->ncid, yvar, ys)) == NC_NOERR)
        status = nc_put_var_double(out->ncid, xvar, xs);
    free(ys);
    free(xs);
    CHECK(status, "coordinates");
    return DT_OK;
}

static int write_ease2_latlon(cf_output *out, dt_error *err)
{
    size_t rows = grid_rows(out->grid), cols = grid_cols(out->grid);
    double *lats = dt_malloc(cols * sizeof *lats), *lons = dt_malloc(cols * sizeof *lons);
    int lat_var, lon_var, status = NC_NOERR;
    nc_inq_varid(out->ncid, "lat", &lat_var);
    nc_inq_varid(out->ncid, "lon", &lon_var);
    for (size_t r = 0; r < rows && status == NC_NOERR; r++) {
        for (size_t c = 0; c < cols; c++) grid_cell_center(out->grid, r, c, &lats[c], &lons[c]);
        size_t start[2] = {r, 0}, count[2] = {1, cols};
        status = nc_put_vara_double(out->ncid, lat_var, start, count, lats);
        if (status == NC_NOERR) status = nc_put_vara_double(out->ncid, lon_var, start, count, lons);
    }
    free(lats);
    free(lons);
    CHECK(status, "lat/lon");
    return DT_OK;
}

int cfwrite_end_define(cf_output *out, dt_error *err)
{
    CHECK(nc_enddef(out->ncid), "define mode");
    return cfwrite_put_coordinates(out, err);
}

int cfwrite_put_coordinates(cf_output *out, dt_error *err)
{
    if (write_axes(out, err) != DT_OK) return err->code;
    if (is_ease2(out) && write_ease2_latlon(out, err) != DT_OK) return err->code;
    if (out->var_time >= 0) {
        double *days = dt_malloc(out->ndays * sizeof *days);
        for (size_t i = 0; i < out->ndays; i++) days[i] = (double)(out->first_day + (long)i);
        int status = nc_put_var_double(out->ncid, out->var_time, days);
        free(days);
        CHECK(status, "time");
    }
    return DT_OK;
}

int cfwrite_put_float(cf_output *out, int varid, size_t t0, size_t nt, size_t row0, size_t nrows,
                      size_t col0, size_t ncols, const float *values, dt_error *err)
{
    int ndims;
    CHECK(nc_inq_varndims(out->ncid, varid, &ndims), "variable");
    size_t start[3], count[3], n = nrows * ncols;
    int d = 0;
    if (ndims == 3) {
        start[d] = t0;
        count[d++] = nt;
        n *= nt;
    }
    start[d] = row0;
    count[d++] = nrows;
    start[d] = col0;
    count[d++] = ncols;
    float fill = NAN;
    nc_get_att_float(out->ncid, varid, "_FillValue", &fill);
    const float *data = values;
    float *converted = NULL;
    if (!isnan(fill)) {
        converted = dt_malloc(n * sizeof *converted);
        for (size_t i = 0; i < n; i++) converted[i] = isnan(values[i]) ? fill : values[i];
        data = converted;
    }
    int status = nc_put_vara_float(out->ncid, varid, start, count, data);
    free(converted);
    CHECK(status, "write");
    return DT_OK;
}

int cfwrite_sync(cf_output *out, dt_error *err)
{
    CHECK(nc_sync(out->ncid), "sync");
    return DT_OK;
}

int cfwrite_close(cf_output *out, dt_error *err)
{
    int status = out->ncid >= 0 ? nc_close(out->ncid) : NC_NOERR;
    int result = DT_OK;
    if (status != NC_NOERR) result = ncfile_error(err, DT_ERR_IO, status, out->path, NULL, "close failed");
    out->ncid = -1;
    free(out->path);
    out->path = NULL;
    return result;
}
