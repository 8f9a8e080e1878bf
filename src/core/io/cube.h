/* cube.h — `ingest`: a daily series source → one netCDF-4 cube chunked for per-cell reads. */
#ifndef DRYTEX_CUBE_H
#define DRYTEX_CUBE_H

#include <stddef.h>

#include "series.h"
#include "status.h"

typedef struct {
    size_t memory_budget; /* [bytes] for one band of rows held in memory; default 512 MiB */
    size_t chunk_cells;   /* chunk edge in cells (chunks are ndays × edge × edge); default 4 */
    const char *history;  /* the command line, for the global history attribute */
} cube_options;

void cube_default_options(cube_options *options);

/* Progress: units are (band, file) reads for a collection, bands for a cube. */
typedef void (*cube_progress)(size_t done, size_t total, void *context);

/* Writes the whole source to path as a CF-1.8 cube (time, y, x) on a contiguous daily axis,
 * through "path.partial" renamed at the end, so an interrupted ingest never leaves a file that
 * looks complete. Fails with DT_ERR_NODATA, naming file and variable, when every value is missing. */
int cube_ingest(series_source *source, const char *path, const cube_options *options,
                cube_progress progress, void *context, dt_error *err);

#endif
