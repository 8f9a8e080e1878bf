/* cfwrite.h — CF-1.8 netCDF-4 outputs on a drytex grid: coordinates, grid_mapping, variables. */
#ifndef DRYTEX_CFWRITE_H
#define DRYTEX_CFWRITE_H

#include <stddef.h>

#include "grid.h"
#include "status.h"

typedef struct {
    int ncid;
    char *path;
    const grid *grid;
    int dim_y, dim_x, dim_time; /* dim_time is −1 until cfwrite_time_axis */
    int var_time;
    long first_day;             /* [days since 1970-01-01] of time index 0 */
    size_t ndays;
    int netcdf4;                /* 1: netCDF-4, compressed and chunked; 0: netCDF-3 64-bit offset */
} cf_output;

/* Creates path (netCDF-4, clobbering) in define mode with the grid's dimensions, coordinate
 * variables (lat/lon for regular grids; y/x in metres plus 2-D lat/lon for EASE-Grid 2.0) and a
 * "crs" grid-mapping variable, and the global attributes Conventions, title, source, history. */
int cfwrite_create(cf_output *out, const char *path, const grid *g, const char *title,
                   const char *history, dt_error *err);
/* The same in netCDF-3 64-bit-offset format: its layout is fixed once defined, so writes after
 * that only change data in place — what a file that must survive a SIGKILL needs (job outputs
 * while they run). */
int cfwrite_create_classic(cf_output *out, const char *path, const grid *g, const char *title,
                           const char *history, dt_error *err);

/* Adds a daily time dimension and variable ("days since 1970-01-01", standard calendar). */
int cfwrite_time_axis(cf_output *out, long first_day, size_t ndays, dt_error *err);

typedef struct {
    const char *name;
    int type;                  /* nc_type: NC_FLOAT, NC_INT, NC_BYTE, NC_SHORT, … */
    int with_time;             /* 1: (time, y, x); 0: (y, x) */
    const char *units;         /* NULL or "" for dimensionless values without units */
    const char *long_name;
    const char *standard_name; /* may be NULL */
    double fill;               /* _FillValue in the variable's type */
    size_t chunk_time, chunk_y, chunk_x; /* 0 = a sensible default */
    int uncompressed;          /* 1: chunked but not deflated (written and read faster, larger) */
} cf_variable;

/* Defines a (netCDF-4: compressed with deflate 1 + shuffle unless uncompressed, and chunked) variable on the grid with units,
 * long_name, _FillValue, grid_mapping and (EASE2) coordinates; fills *varid. */
int cfwrite_define(cf_output *out, const cf_variable *spec, int *varid, dt_error *err);

/* Text and number attributes on a variable (NC_GLOBAL for the file). */
int cfwrite_text(cf_output *out, int varid, const char *name, const char *value, dt_error *err);
int cfwrite_number(cf_output *out, int varid, const char *name, double value, dt_error *err);

/* Leaves define mode and writes the coordinate values (and time). */
int cfwrite_end_define(cf_output *out, dt_error *err);
/* Writes the coordinate values (and time, when var_time is set) again, in data mode: what a
 * resumed job output does when they are missing. */
int cfwrite_put_coordinates(cf_output *out, dt_error *err);

/* Writes a float block [time][y][x] (time ignored for 2-D variables) with NaN → fill. */
int cfwrite_put_float(cf_output *out, int varid, size_t t0, size_t nt, size_t row0, size_t nrows,
                      size_t col0, size_t ncols, const float *values, dt_error *err);

/* Syncs to disk. */
int cfwrite_sync(cf_output *out, dt_error *err);
/* Closes; returns the first error of the close. */
int cfwrite_close(cf_output *out, dt_error *err);

#endif
