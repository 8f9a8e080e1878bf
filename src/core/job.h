/* job.h — the domain-job engine: tiles of cells, a pool of worker threads, serialised I/O. */
#ifndef DRYTEX_JOB_H
#define DRYTEX_JOB_H

#include <signal.h>
#include <stddef.h>

#include "status.h"

/* A rectangle of cells. Tiles are numbered row-major over the domain. */
typedef struct {
    size_t index;
    size_t row0, col0, nrows, ncols;
} job_tile;

/* What a job does with each tile. netCDF-C is not thread-safe, so read and write run under the
 * engine's single I/O lock; compute runs in parallel. Any callback may be NULL. A failing
 * callback stops the job: tiles in hand are finished, none is marked done wrongly. */
typedef struct {
    void *(*worker_create)(void *job);   /* per-thread scratch (buffers, PTF options, …) */
    void (*worker_free)(void *worker);
    int (*read)(void *job, void *worker, const job_tile *tile, dt_error *err);
    int (*compute)(void *job, void *worker, const job_tile *tile, dt_error *err);
    int (*write)(void *job, void *worker, const job_tile *tile, dt_error *err);
    /* Records that a tile is finished (e.g. sets its flag in the output and syncs); under the
     * I/O lock, after write. */
    int (*mark_done)(void *job, const job_tile *tile, dt_error *err);
} job_callbacks;

typedef struct {
    size_t rows, cols;           /* the domain */
    size_t tile_rows, tile_cols; /* tile size in cells (default 16 × 16) */
    int threads;                 /* worker threads; 0 = all online cores */
    const unsigned char *done;   /* [tile count] tiles already finished (resume), or NULL */
    size_t first_tile, tile_step; /* this process takes tiles first_tile, +tile_step, … (MPI ranks);
                                     0 and 1 for a single process */
    volatile sig_atomic_t *stop; /* set (by a signal handler) to stop after the tiles in hand */
    void (*progress)(size_t done, size_t total, void *context); /* under the I/O lock */
    void *progress_context;
} job_config;

void job_default_config(job_config *config, size_t rows, size_t cols);

size_t job_tile_count(const job_config *config);
void job_tile_at(const job_config *config, size_t index, job_tile *tile);

/* Runs every tile not yet done. Returns DT_OK when all of this process's tiles are finished,
 * DT_ERR_INTERRUPTED when *stop was raised first (the finished tiles are marked), or the first
 * callback error. *tiles_run counts the tiles processed now. */
int job_run(const job_config *config, const job_callbacks *callbacks, void *job, size_t *tiles_run,
            dt_error *err);

/* The number of worker threads job_run uses for config->threads == 0. */
int job_default_threads(void);

#endif
