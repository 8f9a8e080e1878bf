/* field.h — one gridded netCDF variable: its grid, time axis, layers and CF unpacking. */
#ifndef DRYTEX_FIELD_H
#define DRYTEX_FIELD_H

#include <stddef.h>

#include "grid.h"
#include "ismn.h"
#include "status.h"

typedef struct {
    const char *variable; /* name or "Group/name"; NULL picks the first gridded data variable */
    size_t layer;         /* index along a layer/depth dimension (0 = top) */
    double extra_scale;   /* multiplies values after CF unpacking (e.g. 0.01 for OC stored ×100);
                             0 means "decide from the units attribute" (see field_open) */
    int checked;          /* the caller opened this file before (ncfile_open checked it): no
                             second child-process probe (ncprobe.h) for each re-open */
    int soil_moisture;    /* 1: variable NULL picks the soil-moisture variable (smvar_choose), not
                             the first gridded one, and the product's quality flag is honoured */
    int keep_flagged;     /* 1: keep values the product's quality flag marks (ESA CCI flag ≠ 0) */
    int volumetric_only;  /* series_open with soil_moisture: refuse a degree of saturation unless
                             porosity is given (the drydown thresholds and PTFs are volumetric) */
    double porosity;      /* [m3 m-3] turns a degree of saturation into m3 m-3; 0: not given */
    const char *porosity_file; /* a porosity map (porosity.h) doing the same cell by cell, or NULL */
    ismn_options station; /* how an ISMN station is read when the source is one (series_open) */
    size_t min_steps_per_day; /* series_open: a sub-daily product's day needs this many valid
                                 steps for its mean (0 or 1: one is enough) */
    double range_max;     /* > 0: a value read (CF-unpacked, × extra_scale) below 0 or above this is
                             physically impossible: NaN, counted in field.out_of_range (series_open
                             sets it for soil moisture, see series.h); 0: no such check */
} field_options;

void field_default_options(field_options *options);

enum { FIELD_MAX_DIMS = 8 };
/* The largest grid and time axis drytex takes (a file may declare any size at no cost to itself):
 * 2^31 cells is twice a global 1 km map, 2^24 steps are 46 000 years of days or 1 900 of hours. */
#define FIELD_MAX_CELLS ((size_t)1 << 31)
#define FIELD_MAX_STEPS ((size_t)1 << 24)

typedef enum { DIM_TIME, DIM_Y, DIM_X, DIM_LAYER, DIM_OTHER } field_dim_role;

typedef struct field {
    char *path;
    char *variable;        /* the variable's full name as found */
    int ncid, group, varid;
    int ndims;
    size_t dim_length[FIELD_MAX_DIMS];
    field_dim_role dim_role[FIELD_MAX_DIMS];
    char dim_name[FIELD_MAX_DIMS][64];
    grid *grid;
    size_t ntime;          /* 1 when the variable has no time dimension */
    long *epoch_days;      /* [ntime] day of each time step (days since 1970-01-01), or NULL */
    double *time_values;   /* [ntime] raw time coordinate, or NULL */
    char time_units[96];
    char calendar[32];
    size_t nlayer, layer;  /* layer count (1 without a layer dimension) and the one read */
    char layer_name[64];
    double scale, offset;  /* CF packing: value = raw × scale + offset */
    double extra_scale;    /* applied after unpacking */
    int has_fill, has_missing, has_valid_min, has_valid_max;
    double fill, missing;  /* in packed (raw) units */
    double valid_min, valid_max; /* packed units, or physical when valid_physical */
    int valid_physical;    /* 1: valid_range/min/max have the type of scale_factor, not the packed
                              type, and so are in physical units (what CDO and xarray do) */
    struct field *quality; /* the product's quality flag (ESA CCI `flag`, SMAP retrieval_qual_flag), or NULL */
    unsigned quality_bits; /* the flag's bits that mask a value; 0: every value ≠ 0 masks */
    size_t flagged;        /* values the flag masked in the last field_read */
    double range_max;      /* field_options.range_max: values outside [0, range_max] are masked */
    size_t out_of_range;   /* values outside [0, range_max] masked in the last field_read (a value
                              the fill, valid range or quality flag masked is not counted) */
    int type;              /* nc_type */
    char units[64], long_name[256], standard_name[128];
} field;

/* Opens path and finds the variable, its coordinates (CF units/standard_name/axis; lat/lon
 * 1-D, projected x/y on EASE-Grid 2.0, or a global EASE2 shape without coordinates), time
 * (CF units and calendar; else a date in the file name) and layer. Errors name file and
 * variable: missing variable, no usable coordinates, irregular coordinates, unknown time units. */
int field_open(field **out, const char *path, const field_options *options, dt_error *err);
void field_close(field *f);

/* Reads times [t0, t0+nt), rows [row0, row0+nrows), cols [col0, col0+ncols) into out, laid out
 * [time][row][col], CF-unpacked, fill/missing/out-of-valid-range → NaN, values the quality
 * flag marks → NaN (counted in f->flagged), then, with a range_max, values outside
 * [0, range_max] → NaN (counted in f->out_of_range). */
int field_read(field *f, size_t t0, size_t nt, size_t row0, size_t nrows, size_t col0,
               size_t ncols, float *out, dt_error *err);

/* Masks (NaN) the values of values[n] below 0 or above max — a relative 1e-6 above max is
 * rounding (a percent 100 × 0.01), not an impossible value — and returns how many it masked. */
size_t field_mask_outside(float *values, size_t n, double max);

/* Number of values in one map (rows × cols). */
size_t field_map_size(const field *f);

#endif
