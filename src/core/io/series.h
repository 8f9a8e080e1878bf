/* series.h — a daily soil-moisture series source: one cube file, or a collection of daily files. */
#ifndef DRYTEX_SERIES_H
#define DRYTEX_SERIES_H

#include <stddef.h>

#include "field.h"
#include "grid.h"
#include "smvar.h"
#include "status.h"

/* The global attribute an output made from a soil-moisture source carries: the number of values
 * masked at the door as physically impossible (outside 0 … 1 m3 m-3, or 0 … 1 of saturation). */
#define SERIES_MASKED_ATTRIBUTE "drytex_sm_masked_outside_0_1"

/* Every source is presented on a contiguous daily axis: day index i is epoch day first_day + i.
 * Days with no file or no time step read as NaN; several steps on one day (a sub-daily product)
 * are averaged, and a day with fewer valid steps than options.min_steps_per_day is NaN. */
typedef struct {
    field *cube;            /* the single open file (a cube or one daily file), or NULL */
    size_t nfiles;          /* a collection: one file per day, sorted by date */
    char **paths;
    long *file_day;         /* [nfiles] epoch day of each file */
    unsigned char *file_checked; /* [nfiles] opened once already: re-opens skip the netCDF-4 probe */
    field_options options;  /* how each collection file is opened */
    char *variable;         /* the variable's name as found in the first file */
    grid *grid;             /* the shared grid (the first file's) */
    long first_day;         /* [days since 1970-01-01] */
    size_t ndays;
    char units[64];         /* of the values read: "m3 m-3" once percent or saturation is converted */
    smvar_units units_kind; /* what the file's units say (options.soil_moisture only) */
    float *porosity_map;    /* [rows × cols] m3 m-3 from options.porosity_file, or NULL */
    double saturation_scale; /* a degree of saturation's units → fraction 0…1 (with porosity_map) */
    size_t *day_of_step;    /* cube: [ntime] day index of each time step */
    size_t steps_sharing_day; /* cube: steps on a day an earlier step already has (a sub-daily series,
                                 averaged to days: callers say so); 0 for a daily series */
    size_t most_steps_a_day;  /* cube: the most steps on one day (24 for an hourly series) */
    float *point;           /* a point series held in memory: [ndays] m3 m-3 (series_point.h), or NULL */
    double point_lat, point_lon; /* [degrees] where it was measured */
    char point_path[1024];  /* the file read */
    char point_description[512];
    int has_station_texture; /* an ISMN station's static variables (HWSD, top layer) */
    double station_sand, station_clay, station_soc; /* [% weight] */
    double range_max;       /* values read above this (or below 0) are impossible and masked: 1 m3 m-3
                               for a volumetric content; for a degree of saturation, saturation (1 or
                               100 %), or the porosity once converted; 0: not soil moisture, no check */
    size_t masked_out_of_range; /* values masked as outside [0, range_max] by the reads so far (every
                                   read adds its own; a whole-domain read counts the source's) */
    void (*on_file)(void *context); /* called after each collection file is read (progress) */
    void *on_file_context;
} series_source;

/* One path that is an ISMN station (a .stm file or a station's directory) or a CSV of date,sm is a
 * point series on a 1 × 1 grid (series_point.h). One path with a time dimension of length > 1
 * is a cube; otherwise every path is one day,
 * dated by its time variable or (faster, when every name carries one) its file name.
 * Files that repeat a day, lack a date or differ in grid are errors naming the file; so is a
 * cube whose time value repeats (the later step used to win silently).
 * With options->soil_moisture the units are checked (smvar_classify_units): volumetric percent
 * is read ÷ 100; a degree of saturation is kept as it is, converted with options->porosity, or
 * refused when options->volumetric_only; other units are refused, naming them. options NULL
 * means the defaults with soil_moisture set (the explorer opens its series so).
 * Soil moisture is also checked at the door, value by value: a volumetric content outside
 * [0, 1] m3 m-3 (after ÷ 100 for percent) or a degree of saturation outside [0, 1] (0 … 100 %;
 * θ = S × porosity then lies in [0, porosity]) is masked as NaN and counted in
 * masked_out_of_range — before sub-daily steps are averaged, so an impossible step cannot hide
 * in a plausible mean. */
int series_open(series_source **out, char *const *paths, size_t npaths, const field_options *options,
                dt_error *err);
void series_close(series_source *source);

/* The source's (first) file, for messages. */
const char *series_path(const series_source *source);

/* Reads rows [row0, row0+nrows) × cols [col0, col0+ncols) over every day into out, laid out
 * [day][row][col] (ndays × nrows × ncols floats). */
int series_read_block(series_source *source, size_t row0, size_t nrows, size_t col0, size_t ncols,
                      float *out, dt_error *err);

/* One cell's whole series, out[ndays]. */
int series_read_cell(series_source *source, size_t row, size_t col, float *out, dt_error *err);

#endif
