/* grid.c — regular lat/lon grids and EASE-Grid 2.0 (Brodzik et al. 2012, ISPRS IJGI 1:32;
 * NSIDC: EPSG:6933 = Lambert cylindrical equal-area on WGS 84 with true scale at ±30°, map origin
 * at the grid centre, row 0 at the top). The projection goes through PROJ ("+proj=cea
 * +lat_ts=30 +ellps=WGS84"), which needs no database. */
#include "grid.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct grid {
    grid_kind kind;
    size_t rows, cols;
    double lat0, dlat, lon0, dlon;       /* lat/lon: centre of cell (0, 0) and steps [degrees] */
    ease2_resolution resolution;         /* EASE2 */
    size_t row0, col0;                   /* EASE2: offset of the subset in the global grid */
    PJ_CONTEXT *context;
    PJ *projection;
};

/* NSIDC EASE-Grid 2.0 global grids: cell size [m] and dimensions. */
static const struct { double cell; size_t cols, rows; const char *name; } ease2[] = {
    {36032.220840584, 964, 406, "M36"},
    {9008.055210146, 3856, 1624, "M09"},
    {3002.6850700487, 11568, 4872, "M03"},
    {1000.89502334956, 34704, 14616, "M01"},
};

static double wrap180(double lon)
{
    lon = fmod(lon + 180.0, 360.0);
    if (lon < 0) lon += 360.0;
    return lon - 180.0;
}

int grid_new_latlon(grid **out, size_t nrows, size_t ncols, double lat_first, double dlat,
                    double lon_first, double dlon, dt_error *err)
{
    if (nrows == 0 || ncols == 0 || !(fabs(dlat) > 0) || !(fabs(dlon) > 0) || !isfinite(lat_first) || !isfinite(lon_first))
        return dt_error_set(err, DT_ERR_FORMAT, "grid: %zu × %zu cells with steps %g, %g is not a grid",
                            nrows, ncols, dlat, dlon);
    double last_lat = lat_first + dlat * (double)(nrows - 1);
    if (fabs(lat_first) > 90.0 + 1e-9 || fabs(last_lat) > 90.0 + 1e-9)
        return dt_error_set(err, DT_ERR_FORMAT, "grid: latitudes %g…%g outside −90…90", lat_first, last_lat);
    if (fabs(dlon) * (double)ncols > 360.0 + 1e-6)
        return dt_error_set(err, DT_ERR_FORMAT, "grid: %zu longitudes of %g° span more than 360°", ncols, dlon);
    grid *g = dt_calloc(1, sizeof *g);
    g->kind = GRID_LATLON;
    g->rows = nrows;
    g->cols = ncols;
    g->lat0 = lat_first;
    g->dlat = dlat;
    g->lon0 = lon_first;
    g->dlon = dlon;
    *out = g;
    return DT_OK;
}

/* The step of a regular axis; for longitudes, a jump through 360/0 is unwrapped. */
static int regular_step(const double *v, size_t n, int is_longitude, double *step)
{
    if (n < 2) return 0;
    double first = v[1] - v[0];
    if (is_longitude && first < -180) first += 360;
    if (is_longitude && first > 180) first -= 360;
    for (size_t i = 1; i < n; i++) {
        double d = v[i] - v[i - 1];
        if (is_longitude && d < -180) d += 360;
        if (is_longitude && d > 180) d -= 360;
        if (!isfinite(d) || fabs(d - first) > 1e-4 * fabs(first) + 1e-9) return -1;
    }
    *step = first;
    return 1;
}

int grid_new_latlon_from_coords(grid **out, const double *lat, size_t nlat, const double *lon,
                                size_t nlon, dt_error *err)
{
    double dlat = 0, dlon = 0;
    int lat_ok = regular_step(lat, nlat, 0, &dlat), lon_ok = regular_step(lon, nlon, 1, &dlon);
    if (lat_ok < 0) return dt_error_set(err, DT_ERR_FORMAT, "latitude: not regularly spaced (irregular grids are not supported)");
    if (lon_ok < 0) return dt_error_set(err, DT_ERR_FORMAT, "longitude: not regularly spaced (irregular grids are not supported)");
    if (nlat == 0 || nlon == 0) return dt_error_set(err, DT_ERR_FORMAT, "empty latitude or longitude axis");
    if (lat_ok == 0 && lon_ok == 0) { /* a point series (a station): a nominal cell around it */
        dlat = -GRID_POINT_CELL;
        dlon = GRID_POINT_CELL;
    }
    if (lat_ok == 0) dlat = -fabs(dlon); /* one row: assume square cells */
    if (lon_ok == 0) dlon = fabs(dlat);
    return grid_new_latlon(out, nlat, nlon, lat[0], dlat, lon[0], dlon, err);
}

static int make_projection(grid *g, dt_error *err)
{
    g->context = proj_context_create();
    if (!g->context) return dt_error_set(err, DT_ERR_NOMEM, "PROJ: cannot create a context");
    proj_log_level(g->context, PJ_LOG_NONE);
    g->projection = proj_create(g->context, "+proj=cea +lon_0=0 +lat_ts=30 +x_0=0 +y_0=0 +ellps=WGS84 +units=m");
    if (!g->projection) {
        proj_context_destroy(g->context);
        g->context = NULL;
        return dt_error_set(err, DT_ERR_FORMAT, "PROJ: cannot set up EASE-Grid 2.0 (EPSG:6933)");
    }
    return DT_OK;
}

int grid_new_ease2_subset(grid **out, ease2_resolution r, size_t row0, size_t col0, size_t nrows,
                          size_t ncols, dt_error *err)
{
    if ((int)r < 0 || r > EASE2_M01) return dt_error_set(err, DT_ERR_USAGE, "grid: unknown EASE2 resolution");
    if (nrows == 0 || ncols == 0 || row0 + nrows > ease2[r].rows || col0 + ncols > ease2[r].cols)
        return dt_error_set(err, DT_ERR_FORMAT, "grid: EASE2 %s subset rows %zu+%zu, cols %zu+%zu outside %zu × %zu",
                            ease2[r].name, row0, nrows, col0, ncols, ease2[r].rows, ease2[r].cols);
    grid *g = dt_calloc(1, sizeof *g);
    g->kind = GRID_EASE2;
    g->resolution = r;
    g->row0 = row0;
    g->col0 = col0;
    g->rows = nrows;
    g->cols = ncols;
    int status = make_projection(g, err);
    if (status != DT_OK) {
        free(g);
        return status;
    }
    *out = g;
    return DT_OK;
}

int grid_new_ease2(grid **out, ease2_resolution r, dt_error *err)
{
    if ((int)r < 0 || r > EASE2_M01) return dt_error_set(err, DT_ERR_USAGE, "grid: unknown EASE2 resolution");
    return grid_new_ease2_subset(out, r, 0, 0, ease2[r].rows, ease2[r].cols, err);
}

int grid_detect_ease2(size_t nrows, size_t ncols, ease2_resolution *r)
{
    for (int k = EASE2_M36; k <= EASE2_M01; k++)
        if (ease2[k].rows == nrows && ease2[k].cols == ncols) {
            *r = (ease2_resolution)k;
            return 1;
        }
    return 0;
}

/* Offset (row or col) of a projected centre coordinate in the global grid, or −1. */
static long global_index(double value, double cell, size_t count, int descending)
{
    double position = descending ? (double)count / 2.0 - value / cell - 0.5 : value / cell + (double)count / 2.0 - 0.5;
    double rounded = floor(position + 0.5);
    if (fabs(position - rounded) > 1e-3 || rounded < 0 || rounded >= (double)count) return -1;
    return (long)rounded;
}

int grid_ease2_from_xy(grid **out, const double *x, size_t nx, const double *y, size_t ny, dt_error *err)
{
    if (nx < 2 || ny < 2) return dt_error_set(err, DT_ERR_FORMAT, "EASE2: need at least 2 × 2 cells to recognise the grid");
    double step = fabs(x[1] - x[0]);
    for (double scale = 1.0; scale <= 1000.0; scale *= 1000.0) { /* metres, then kilometres */
        for (int k = EASE2_M36; k <= EASE2_M01; k++) {
            double cell = ease2[k].cell / scale;
            if (fabs(step - cell) > 1e-6 * cell) continue;
            double sy, sx;
            if (regular_step(x, nx, 0, &sx) != 1 || regular_step(y, ny, 0, &sy) != 1 || sx <= 0)
                return dt_error_set(err, DT_ERR_FORMAT, "EASE2: x must increase and be regular");
            if (sy >= 0) return dt_error_set(err, DT_ERR_FORMAT, "EASE2: y must decrease (row 0 in the north)");
            long col0 = global_index(x[0] * scale, ease2[k].cell, ease2[k].cols, 0);
            long row0 = global_index(y[0] * scale, ease2[k].cell, ease2[k].rows, 1);
            if (col0 < 0 || row0 < 0)
                return dt_error_set(err, DT_ERR_FORMAT, "EASE2 %s: x/y are not cell centres of the global grid", ease2[k].name);
            return grid_new_ease2_subset(out, (ease2_resolution)k, (size_t)row0, (size_t)col0, ny, nx, err);
        }
    }
    return dt_error_set(err, DT_ERR_FORMAT, "projected x/y with a %g step match no EASE-Grid 2.0 resolution", step);
}

grid *grid_clone(const grid *g)
{
    if (!g) return NULL;
    grid *copy = dt_malloc(sizeof *copy);
    *copy = *g;
    copy->context = NULL;
    copy->projection = NULL;
    if (g->kind == GRID_EASE2 && make_projection(copy, NULL) != DT_OK) {
        fprintf(stderr, "drytex: PROJ cannot set up EASE-Grid 2.0\n");
        exit(1); /* it worked for the original: only resources can fail here */
    }
    return copy;
}

void grid_free(grid *g)
{
    if (!g) return;
    if (g->projection) proj_destroy(g->projection);
    if (g->context) proj_context_destroy(g->context);
    free(g);
}

grid_kind grid_kind_of(const grid *g) { return g->kind; }
size_t grid_rows(const grid *g) { return g->rows; }
size_t grid_cols(const grid *g) { return g->cols; }

int grid_latlon_parameters(const grid *g, double *lat_first, double *dlat, double *lon_first, double *dlon)
{
    if (g->kind != GRID_LATLON) return 0;
    *lat_first = g->lat0;
    *dlat = g->dlat;
    *lon_first = g->lon0;
    *dlon = g->dlon;
    return 1;
}

int grid_cell_xy(const grid *g, size_t row, size_t col, double *x, double *y)
{
    if (row >= g->rows || col >= g->cols) return DT_ERR_USAGE;
    if (g->kind == GRID_LATLON) return grid_cell_center(g, row, col, y, x);
    double cell = ease2[g->resolution].cell;
    *x = ((double)(g->col0 + col) + 0.5 - (double)ease2[g->resolution].cols / 2.0) * cell;
    *y = ((double)ease2[g->resolution].rows / 2.0 - (double)(g->row0 + row) - 0.5) * cell;
    return DT_OK;
}

static int inverse(const grid *g, double x, double y, double *lat, double *lon)
{
    PJ_COORD c = proj_coord(x, y, 0, 0);
    PJ_COORD geo = proj_trans(g->projection, PJ_INV, c);
    if (!isfinite(geo.lp.lam) || !isfinite(geo.lp.phi)) return DT_ERR_VALUE;
    *lon = wrap180(proj_todeg(geo.lp.lam));
    *lat = proj_todeg(geo.lp.phi);
    return DT_OK;
}

int grid_cell_center(const grid *g, size_t row, size_t col, double *lat, double *lon)
{
    if (row >= g->rows || col >= g->cols) return DT_ERR_USAGE;
    if (g->kind == GRID_LATLON) {
        *lat = g->lat0 + g->dlat * (double)row;
        *lon = wrap180(g->lon0 + g->dlon * (double)col);
        return DT_OK;
    }
    double x, y;
    grid_cell_xy(g, row, col, &x, &y);
    return inverse(g, x, y, lat, lon);
}

int grid_cell_bounds(const grid *g, size_t row, size_t col, double *lat_min, double *lat_max,
                     double *lon_min, double *lon_max)
{
    double lat, lon;
    int status = grid_cell_center(g, row, col, &lat, &lon);
    if (status != DT_OK) return status;
    if (g->kind == GRID_LATLON) {
        *lat_min = lat - fabs(g->dlat) / 2;
        *lat_max = lat + fabs(g->dlat) / 2;
        *lon_min = lon - fabs(g->dlon) / 2;
        *lon_max = lon + fabs(g->dlon) / 2;
        return DT_OK;
    }
    double x, y, half = ease2[g->resolution].cell / 2, la, lo;
    grid_cell_xy(g, row, col, &x, &y);
    inverse(g, x - half, y + half, lat_max, lon_min);
    inverse(g, x + half, y - half, lat_min, &lo);
    *lon_max = lo < *lon_min ? lo + 360.0 : lo;
    (void)la;
    return DT_OK;
}

int grid_locate(const grid *g, double lat, double lon, size_t *row, size_t *col)
{
    if (!isfinite(lat) || !isfinite(lon) || fabs(lat) > 90.0) return DT_ERR_NODATA;
    double r, c;
    if (g->kind == GRID_LATLON) {
        r = floor((lat - (g->lat0 - g->dlat / 2)) / g->dlat);
        double offset = fmod(lon - (g->lon0 - g->dlon / 2), 360.0);
        if (g->dlon > 0 && offset < 0) offset += 360.0;
        if (g->dlon < 0 && offset > 0) offset -= 360.0;
        c = floor(offset / g->dlon);
    } else {
        PJ_COORD projected = proj_trans(g->projection, PJ_FWD, proj_coord(proj_torad(wrap180(lon)), proj_torad(lat), 0, 0));
        double cell = ease2[g->resolution].cell;
        c = floor(projected.xy.x / cell + (double)ease2[g->resolution].cols / 2.0) - (double)g->col0;
        r = floor((double)ease2[g->resolution].rows / 2.0 - projected.xy.y / cell) - (double)g->row0;
        if (!isfinite(r) || !isfinite(c)) return DT_ERR_NODATA;
    }
    if (r < 0 || c < 0 || r >= (double)g->rows || c >= (double)g->cols) return DT_ERR_NODATA;
    *row = (size_t)r;
    *col = (size_t)c;
    return DT_OK;
}

static const char *degrees(double value, char *buffer, size_t size)
{
    snprintf(buffer, size, "%.6g", value);
    return buffer;
}

const char *grid_describe(const grid *g, char *buffer, size_t size)
{
    if (g->kind == GRID_EASE2) {
        snprintf(buffer, size, "EASE-Grid 2.0 %s (EPSG:6933), %zu × %zu, cell %.9g m, rows %zu…%zu, cols %zu…%zu of the global grid",
                 ease2[g->resolution].name, g->rows, g->cols, ease2[g->resolution].cell, g->row0,
                 g->row0 + g->rows - 1, g->col0, g->col0 + g->cols - 1);
        return buffer;
    }
    char a[32], b[32], c[32], d[32], e[32], f[32];
    double lat_last = g->lat0 + g->dlat * (double)(g->rows - 1);
    snprintf(buffer, size, "regular lat/lon %s° × %s°, %zu × %zu, lat %s…%s (%s), lon %s…%s",
             degrees(fabs(g->dlat), a, sizeof a), degrees(fabs(g->dlon), b, sizeof b), g->rows, g->cols,
             degrees(g->lat0, c, sizeof c), degrees(lat_last, d, sizeof d),
             g->rows < 2 ? "one row" : g->dlat < 0 ? "north→south" : "south→north",
             degrees(wrap180(g->lon0), e, sizeof e), degrees(wrap180(g->lon0 + g->dlon * (double)(g->cols - 1)), f, sizeof f));
    return buffer;
}

const char *grid_crs_wkt_or_proj(const grid *g)
{
    return g->kind == GRID_EASE2 ? "EPSG:6933" : "EPSG:4326";
}
