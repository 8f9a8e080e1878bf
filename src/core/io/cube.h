/* cube.h — `ingest`: a daily series source → one netCDF-4 cube chunked for per-cell reads. */
#ifndef DRYTEX_CUBE_H
#define DRYTEX_CUBE_H

#include <stddef.h>

#include "series.h"
#include "status.h"

/* The MPI ranks sharing an ingest (jobs/ingest_mpi.h makes them; io/ knows no MPI). */
typedef struct {
    int rank, size;
    void *context;
    /* collective: every rank's status; each returns the first failure's, with its message */
    int (*agree)(void *context, int status, dt_error *err);
    /* collective: each rank's size bytes to rank 0, where *all holds them in rank order (free() it)
     * and sizes[rank] their lengths; elsewhere *all is NULL */
    int (*gather)(void *context, const void *data, size_t size, void **all, size_t *sizes, dt_error *err);
} cube_ranks;

typedef struct {
    size_t memory_budget; /* [bytes] for everything ingest holds at once, in every process; default 512 MiB */
    size_t chunk_cells;   /* chunk edge in cells (chunks are ndays × edge × edge); default 4 */
    int workers;          /* processes reading the files and compressing the chunks; 0 = one per core */
    const char *history;  /* the command line, for the global history attribute */
    int resume;           /* 1: continue an interrupted ingest of a collection (its journal) */
    const char *inputs;   /* the inputs' fingerprints (a collection), recorded in the journal, or NULL */
    /* or, when inputs is NULL, made while the files are read: share `share` of `shares` of the inputs
     * (in their order) into *text, free()d by ingest; the shares' texts one after the other are the
     * text of all (on MPI ranks each rank fingerprints its share, and rank 0 journals them all) */
    int (*describe_inputs)(void *context, int share, int shares, char **text, dt_error *err);
    /* --resume: DT_OK when the inputs are still what recorded says (else why not, naming the file) */
    int (*inputs_unchanged)(const char *recorded, int share, int shares, void *context, dt_error *err);
    /* (share `share` of `shares` of the inputs, split as describe_inputs splits them, against recorded:
     * that share's lines of the journal; on MPI ranks each rank checks its own share) */
    void *inputs_context;
    const cube_ranks *ranks; /* more than one: the ranks split the files, rank 0 writes; NULL: one process */
} cube_options;

void cube_default_options(cube_options *options);

/* Progress: units are files read then blocks of cells written (a collection), or bands (a cube). */
typedef void (*cube_progress)(size_t done, size_t total, void *context);

/* What an ingest did, for the command's summary and the benchmarks. */
typedef struct {
    int workers;          /* processes used */
    int spilled;          /* 1: the days went through a spill file (they did not fit the budget) */
    size_t blocks;        /* blocks of cells written */
    size_t chunks_written, chunks_empty; /* chunks written; chunks all missing, left unwritten (they read as fill) */
    size_t blocks_resumed; /* blocks verified in the interrupted cube and kept */
    double seconds_read, seconds_write; /* [s] reading the files; compressing and writing the chunks */
} cube_report;

/* Writes the whole source to path as a CF-1.8 cube (time, y, x) on a contiguous daily axis,
 * through "path.partial" renamed at the end, so an interrupted ingest never leaves a file that
 * looks complete. A collection is read by options->workers processes, each reading whole files once
 * (into shared memory when every day fits the budget, else into "path.partial.spill", removed at
 * the end); then the same number of processes compress the chunks while this one writes them.
 * Fails with DT_ERR_NODATA, naming file and variable, when every value is missing; with
 * DT_ERR_USAGE when the budget cannot hold one chunk per worker. report may be NULL.
 *
 * A collection's ingest journals each block of cells once written and synced (path.partial.journal),
 * so that with options->resume an ingest interrupted by a kill continues: the settings and inputs
 * must be the same (else DT_ERR_VALUE naming the journal), each journaled block is verified against
 * its checksum in the partial cube (which a kill may have left unreadable) and copied into a fresh
 * one, and only the other blocks are written — the files are read again unless every block is done.
 * The cube is the one an uninterrupted ingest writes, bitwise.
 *
 * On MPI ranks (options->ranks, collective) each rank reads its share of the files (with its own
 * workers) into one spill file beside the cube, which every rank must see (a shared file system);
 * then in rounds each rank compresses one block and rank 0 gathers and writes them. The cube is
 * bitwise the one process's. Resumable too: rank 0 journals each round's blocks, verifies and keeps
 * them on --resume (on any number of ranks: the blocks do not depend on it), and the other ranks
 * read the journal it rewrote so that none encodes a block kept. */
int cube_ingest(series_source *source, const char *path, const cube_options *options,
                cube_progress progress, void *context, cube_report *report, dt_error *err);

/* Adds a collection's days after the last day of the cube at path (cube: that file opened with
 * series_open) and rewrites it through path.partial, renamed over it only when complete, so that a
 * failure loses nothing; days between the two are missing, and the chunks stay every day × 4 × 4.
 * Refuses (DT_ERR_VALUE, naming the file) a grid, variable or units that differ from the cube's,
 * and a first day that is not after its last. source's first_day and ndays become the new cube's.
 * Not on MPI ranks. Resumable as cube_ingest is (path.partial.journal; the settings record the days
 * appended to, and options->inputs_unchanged should cover the cube at path too): a failed or killed
 * append leaves the cube at path as it was, and --resume keeps the blocks written. */
int cube_append(series_source *cube, series_source *source, const char *path, const cube_options *options,
                cube_progress progress, void *context, cube_report *report, dt_error *err);

#endif
