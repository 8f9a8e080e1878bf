/* grid.h — a grid of cells and its cell ↔ lat/lon mapping: regular lat/lon, or EASE-Grid 2.0
 * (global, EPSG:6933) through PROJ. */
#ifndef DRYTEX_GRID_H
#define DRYTEX_GRID_H

#include <stddef.h>

#include "status.h"

typedef enum { GRID_LATLON, GRID_EASE2 } grid_kind;
typedef enum { EASE2_M36, EASE2_M09, EASE2_M03, EASE2_M01 } ease2_resolution;

/* Opaque; an EASE2 grid owns its PROJ context and transformation, so one grid must not be used
 * by two threads at once: give each thread its own grid_clone. */
typedef struct grid grid;

/* Row 0 is the first latitude in the file (dlat < 0 for north→south files); longitudes may be
 * given 0..360 or −180..180. lat_first/lon_first are cell centres [degrees]. */
int grid_new_latlon(grid **out, size_t nrows, size_t ncols, double lat_first, double dlat,
                    double lon_first, double dlon, dt_error *err);
/* [degrees] the cell taken around a point series (one latitude, one longitude: a station or a
 * 1 × 1 grid): a satellite product's cell, so a soil map is averaged over it and a --lat/--lon
 * near the point finds it. */
#define GRID_POINT_CELL 0.25

/* From 1-D coordinate values: checks regular spacing (to 1e-4 of the step); one latitude and one
 * longitude make a GRID_POINT_CELL cell centred on them. */
int grid_new_latlon_from_coords(grid **out, const double *lat, size_t nlat, const double *lon,
                                size_t nlon, dt_error *err);
int grid_new_ease2(grid **out, ease2_resolution resolution, dt_error *err);
int grid_new_ease2_subset(grid **out, ease2_resolution resolution, size_t row0, size_t col0,
                          size_t nrows, size_t ncols, dt_error *err);
/* 1 when (nrows, ncols) is a global EASE2 grid: 406 × 964 M36, 1624 × 3856 M09,
 * 4872 × 11568 M03, 14616 × 34704 M01. */
int grid_detect_ease2(size_t nrows, size_t ncols, ease2_resolution *resolution);
/* Projected cell-centre coordinates (EPSG:6933, metres or kilometres) → the matching EASE2
 * resolution and subset; y must decrease (row 0 in the north). */
int grid_ease2_from_xy(grid **out, const double *x, size_t nx, const double *y, size_t ny, dt_error *err);

grid *grid_clone(const grid *g);
void grid_free(grid *g);

grid_kind grid_kind_of(const grid *g);
size_t grid_rows(const grid *g);
size_t grid_cols(const grid *g);

/* Cell centre [degrees], lon in −180..180. */
int grid_cell_center(const grid *g, size_t row, size_t col, double *lat, double *lon);
/* Cell extent [degrees] (for EASE2 from the projected corners). */
int grid_cell_bounds(const grid *g, size_t row, size_t col, double *lat_min, double *lat_max,
                     double *lon_min, double *lon_max);
/* Projected cell centre [m] (EASE2); for lat/lon grids the centre's lon, lat. */
int grid_cell_xy(const grid *g, size_t row, size_t col, double *x, double *y);
/* The cell holding (lat, lon); DT_ERR_NODATA when outside. lon in either convention. */
int grid_locate(const grid *g, double lat, double lon, size_t *row, size_t *col);

/* One line: "regular lat/lon 0.25° × 0.25°, 720 × 1440, lat 89.875…−89.875 (north→south), …" */
const char *grid_describe(const grid *g, char *buffer, size_t size);
const char *grid_crs_wkt_or_proj(const grid *g); /* "EPSG:4326" or "EPSG:6933" */

/* Regular lat/lon parameters (0 when g is not lat/lon): first cell centre and steps [degrees]. */
int grid_latlon_parameters(const grid *g, double *lat_first, double *dlat, double *lon_first, double *dlon);

#endif
