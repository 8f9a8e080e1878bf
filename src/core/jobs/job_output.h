/* job_output.h — a domain job's output file: written as OUT.partial (netCDF-3, so a SIGKILL can
 * never corrupt what was synced) with a per-tile "done" flag, resumable; when every tile is
 * finished it is converted to a compressed netCDF-4 OUT. With MPI ranks (config->group) only
 * rank 0 has the file; on the other ranks the output is a shell without one. */
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
    char *final_temporary;  /* OUT.tmp while job_output_finish has it open */
    int writer;             /* 1 where the file is (rank 0, or the only process), else 0 */
} job_output;

/* Defines the job's variables into a freshly created output (called between create and the end of
 * define mode); returns DT_OK or an error. */
typedef int (*job_output_define)(cf_output *out, void *context, dt_error *err);
/* Finds the job's variables in a reopened output (fills variable ids in context). */
typedef int (*job_output_find)(int ncid, void *context, dt_error *err);

/* Starts the output for a job over grid g tiled as config says. signature describes every
 * setting that changes the results (inputs, PTF, seed, …); it is stored, and on resume a
 * partial file written with another signature, grid or tiling is refused, as is a file that is
 * not a readable netCDF file. Without resume an existing partial file is replaced.
 * With a group (config->group) this is collective: a rank whose signature, grid or tiling is not
 * rank 0's is refused (on every rank, naming the first differing setting); rank 0 opens the file
 * and every rank returns its status and message; the other ranks' done flags stay 0 (job_run
 * uses rank 0's). */
int job_output_open(job_output *o, const char *path, const grid *g, const job_config *config,
                    const char *title, const char *history, const char *signature, int resume,
                    job_output_define define, job_output_find find, void *context, dt_error *err);

/* Marks a tile finished in the file and syncs it to disk (under the job's I/O lock). */
int job_output_mark_done(job_output *o, const job_tile *tile, dt_error *err);

/* When every tile is done: on the writer (elsewhere it does nothing), copies OUT.partial into a compressed, chunked netCDF-4 OUT.tmp (without
 * the tile bookkeeping) and leaves that open in o->out (in data mode) for summaries. */
int job_output_finish(job_output *o, dt_error *err);

/* Closes the output. After job_output_finish: renames OUT.tmp to OUT and removes OUT.partial.
 * Otherwise OUT.partial stays for --resume. */
int job_output_close(job_output *o, dt_error *err);

#endif
