/* ingest_store.h — a collection's days between reading and writing the cube: blocks of cells, each
 * holding every day contiguously ([day][row][col]), in shared memory or in a spill file, so that
 * reader processes put whole days and writer processes take whole blocks. */
#ifndef DRYTEX_INGEST_STORE_H
#define DRYTEX_INGEST_STORE_H

#include <stddef.h>
#include <sys/types.h>

#include "status.h"

typedef struct {
    size_t ndays, rows, cols;
    size_t block_rows, block_cols;  /* the blocks' shape (those at the grid's edges may be smaller) */
    size_t blocks_down, blocks_across, nblocks; /* numbered row-major */
    float *memory;                  /* a MAP_SHARED anonymous mapping of every block (inherited by
                                       forked processes), or NULL with a spill file */
    size_t bytes;                   /* ndays × rows × cols × 4 */
    int fd;                         /* the spill file, or −1 */
    char *spill_path;
} ingest_store;

/* Opens the spill file another process created with ingest_store_open (MPI ranks). */
int ingest_store_attach(ingest_store *store, size_t ndays, size_t rows, size_t cols, size_t block_rows,
                        size_t block_cols, const char *spill_path, dt_error *err);

/* Syncs what this process wrote into the spill file to disk (before another process reads it). */
int ingest_store_sync(ingest_store *store, dt_error *err);

/* One block: its cells and where its days start in the store (in floats). */
typedef struct {
    size_t row0, nrows, col0, ncols;
    size_t offset;                  /* [floats] block k's day 0, row 0, col 0 */
} ingest_block;

/* The layout alone (no memory, no file): what ingest_store_open sets before it allocates. */
void ingest_store_layout(ingest_store *store, size_t ndays, size_t rows, size_t cols, size_t block_rows,
                         size_t block_cols);

/* A store for ndays maps of rows × cols in blocks of block_rows × block_cols: in shared memory when
 * spill_path is NULL, else in that file (created, truncated to its size; sparse until written).
 * Values start as 0 (untouched pages): every day must be put, a day without a file as a map of NaN. */
int ingest_store_open(ingest_store *store, size_t ndays, size_t rows, size_t cols, size_t block_rows,
                      size_t block_cols, const char *spill_path, dt_error *err);

void ingest_store_block(const ingest_store *store, size_t k, ingest_block *block);

/* Puts day's whole map (rows × cols) into every block. scratch holds block_rows × block_cols
 * floats (a spilled block narrower than the grid is gathered there first). */
int ingest_store_put_day(ingest_store *store, size_t day, const float *map, float *scratch, dt_error *err);

/* Puts days [day0, day0 + ndays) of block k at once (values [ndays][nrows][ncols], as a cube is read). */
int ingest_store_put_block_days(ingest_store *store, size_t k, size_t day0, size_t ndays, const float *values,
                                dt_error *err);

/* Block k's ndays × nrows × ncols values: a pointer into the shared memory, or read from the spill
 * file into buffer (which then holds ndays × block_rows × block_cols floats). */
int ingest_store_get_block(const ingest_store *store, size_t k, float *buffer, const float **values,
                           dt_error *err);

/* Block k will not be read again (compressed): the memory pages wholly inside it are given back now,
 * in the process that compressed it, rather than all at once when the store is closed (a serial
 * 70 ms for 250 MB, measured). Nothing with a spill file (other ranks may still read it). */
void ingest_store_release_block(ingest_store *store, size_t k);

/* Unmaps the memory or closes the spill file (and removes it when remove_spill). */
void ingest_store_close(ingest_store *store, int remove_spill);

#endif
