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
    /* the job's stop flag (job_config.stop), or NULL: a compute whose cells take long checks it
     * between cells (job_tile_stopping) and abandons the tile with DT_ERR_INTERRUPTED — the tile
     * is then neither written nor marked done, so --resume computes it whole */
    const volatile sig_atomic_t *stop;
} job_tile;

static inline int job_tile_stopping(const job_tile *tile)
{
    return tile->stop && *tile->stop;
}

/* The MPI ranks sharing a job (job_mpi.h); NULL is one process. */
typedef struct job_group job_group;

/* What a job does with each tile. netCDF-C is not thread-safe, so read and write run under the
 * engine's single I/O lock; compute runs in parallel. Any callback may be NULL. A failing
 * callback stops the job: tiles in hand are finished, none is marked done wrongly.
 *
 * On more than one MPI rank, rank 0 is the only writer: it writes and marks its own tiles as
 * above, and every other rank reads and computes its tiles, packs each finished one and sends
 * it to rank 0, which unpacks it into a worker of its own and writes and marks it there. So
 * write and mark_done only ever run on rank 0, and a job shares its tiles only when it gives a
 * job_transfer (below) in its job_config (job_run refuses more than one rank otherwise). */
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

/* How a job moves a finished tile's results from a rank to rank 0 (MPI). Separate from
 * job_callbacks so that jobs written before MPI compile unchanged. */
typedef struct {
    /* After compute on a rank other than 0: copies everything write needs for this tile from
     * worker into one new buffer (*data, *size bytes; dt_malloc'ed, the engine frees it). Runs
     * in parallel, without the I/O lock. */
    int (*pack)(void *job, void *worker, const job_tile *tile, void **data, size_t *size, dt_error *err);
    /* On rank 0: fills worker's write buffers from a buffer pack made for tile (on another rank
     * of the same build), so that write can follow; refuses a size that does not fit the tile.
     * Touches only worker; called without the I/O lock. */
    int (*unpack)(void *job, void *worker, const job_tile *tile, const void *data, size_t size, dt_error *err);
} job_transfer;

typedef struct {
    size_t rows, cols;           /* the domain */
    size_t tile_rows, tile_cols; /* tile size in cells (default 16 × 16) */
    int threads;                 /* worker threads; 0 = all online cores */
    const unsigned char *done;   /* [tile count] tiles already finished (resume), or NULL */
    size_t first_tile, tile_step; /* this process takes tiles first_tile, +tile_step, …; 0 and 1 for
                                     all (a group deals these out again: rank r of n takes
                                     first_tile + r·tile_step, then every n·tile_step-th) */
    job_group *group;            /* MPI ranks sharing the job, or NULL (one process) */
    const job_transfer *transfer; /* the job's pack/unpack for more than one rank, or NULL */
    const char *name;            /* the job in messages, e.g. "calibrate", or NULL */
    volatile sig_atomic_t *stop; /* set (by a signal handler) to stop after the tiles in hand */
    void (*progress)(size_t done, size_t total, void *context); /* under the I/O lock; on rank 0
                                                                   only, counting every rank's tiles */
    /* once on rank 0 before the first tile: the tiles already done (a resumed run) and the total,
     * so a follower shows them at once, not after the first tile (a job of one big tile showed
     * "starting…" to its end); NULL: not told */
    void (*progress_begin)(size_t done, size_t total, void *context);
    void *progress_context;
} job_config;

void job_default_config(job_config *config, size_t rows, size_t cols);

size_t job_tile_count(const job_config *config);
void job_tile_at(const job_config *config, size_t index, job_tile *tile);

/* Runs every tile not yet done. Returns DT_OK when all of this process's tiles are finished,
 * DT_ERR_INTERRUPTED when *stop was raised first (the finished tiles are marked), or the first
 * callback error. *tiles_run counts the tiles processed now (computed by this process).
 *
 * With a group of more than one rank, job_run is collective and must be called from the thread
 * that opened the group: rank 0's done flags are the ones used (broadcast to all), the ranks
 * deal the tiles out, and every rank returns the same status — DT_OK when every tile of the
 * domain is finished; a failure or an interruption on any rank stops all ranks after their
 * tiles in hand, and the first failure's message (naming its rank) is every rank's. */
int job_run(const job_config *config, const job_callbacks *callbacks, void *job, size_t *tiles_run,
            dt_error *err);

/* The number of worker threads job_run uses for config->threads == 0 — with a group, divided by
 * the number of its ranks on this node. */
int job_default_threads(void);

#endif
