/* job_output.h — a domain job's output file: written as OUT.partial with a per-tile "done"
 * flag, resumable, and renamed to OUT only when every tile is finished. */
#ifndef DRYTEX_JOB_OUTPUT_H
#define DRYTEX_JOB_OUTPUT_H

#include <stddef.h>

#include "cfwrite.h"
#include "job.h"
#include "status.h"

typedef struct {
    cf_output out;          /* open on the partial file */
    char *final_path;       /* OUT */
    char *partial_path;     /* OUT.partial */
    int tile_done_varid;
    size_t tile_count;
    unsigned char *done;    /* [tile_count] 1 = finished (read back on resume) */
    int resumed;            /* 1 when an existing partial output was reopened */
} job_output;

/* Defines the job's variables into a freshly created output (called between create and the end of
 * define mode); returns DT_OK or an error. */
typedef int (*job_output_define)(cf_output *out, void *context, dt_error *err);
/* Finds the job's variables in a reopened output (fills variable ids in context). */
typedef int (*job_output_find)(int ncid, void *context, dt_error *err);

/* Starts the output for a job over grid g tiled as config says. signature describes every
 * setting that changes the results (inputs, PTF, seed, …); it is stored, and on resume a
 * partial file written with another signature, grid or tiling is refused, as is a file that is
 * not a readable netCDF file. Without resume an existing partial file is replaced. */
int job_output_open(job_output *o, const char *path, const grid *g, const job_config *config,
                    const char *title, const char *history, const char *signature, int resume,
                    job_output_define define, job_output_find find, void *context, dt_error *err);

/* Marks a tile finished in the file and syncs it to disk (under the job's I/O lock). */
int job_output_mark_done(job_output *o, const job_tile *tile, dt_error *err);

/* Closes the output; when complete (every tile done), renames OUT.partial to OUT. */
int job_output_close(job_output *o, int complete, dt_error *err);

#endif
