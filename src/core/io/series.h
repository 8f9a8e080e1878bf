/* series.h — a daily soil-moisture series source: one cube file, or a collection of daily files. */
#ifndef DRYTEX_SERIES_H
#define DRYTEX_SERIES_H

#include <stddef.h>

#include "field.h"
#include "grid.h"
#include "status.h"

/* Every source is presented on a contiguous daily axis: day index i is epoch day first_day + i.
 * Days with no file or no time step read as NaN; several steps on one day are averaged. */
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
    char units[64];
    size_t *day_of_step;    /* cube: [ntime] day index of each time step */
    size_t steps_sharing_day; /* cube: steps on a day an earlier step already has (a sub-daily series,
                                 averaged to days: callers say so); 0 for a daily series */
    size_t most_steps_a_day;  /* cube: the most steps on one day (24 for an hourly series) */
    void (*on_file)(void *context); /* called after each collection file is read (progress) */
    void *on_file_context;
} series_source;

/* One path with a time dimension of length > 1 is a cube; otherwise every path is one day,
 * dated by its time variable or (faster, when every name carries one) its file name.
 * Files that repeat a day, lack a date or differ in grid are errors naming the file; so is a
 * cube whose time value repeats (the later step used to win silently). */
int series_open(series_source **out, char *const *paths, size_t npaths, const field_options *options,
                dt_error *err);
void series_close(series_source *source);

/* Reads rows [row0, row0+nrows) × cols [col0, col0+ncols) over every day into out, laid out
 * [day][row][col] (ndays × nrows × ncols floats). */
int series_read_block(series_source *source, size_t row0, size_t nrows, size_t col0, size_t ncols,
                      float *out, dt_error *err);

/* One cell's whole series, out[ndays]. */
int series_read_cell(series_source *source, size_t row, size_t col, float *out, dt_error *err);

#endif
