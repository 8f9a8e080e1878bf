/* ingest_chunks.h — the cube's chunks (every day × 4 × 4 cells) compressed in any process and
 * written whole by the one that holds the file (HDF5 direct chunk writes). */
#ifndef DRYTEX_INGEST_CHUNKS_H
#define DRYTEX_INGEST_CHUNKS_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* How the cube's variable stores a chunk, read from the file (ingest_chunks_open). */
typedef struct {
    size_t ndays, chunk_rows, chunk_cols; /* a chunk is ndays × chunk_rows × chunk_cols floats (4 × 4, less
                                            on a grid smaller than that) */
    int deflate_level;     /* the variable's deflate level (after its byte shuffle) */
    float fill;            /* _FillValue: NaN is written as this */
} ingest_chunk_format;

/* One chunk made ready to write: where it goes and its bytes. */
typedef struct {
    uint32_t row, col;     /* the chunk's first cell */
    uint32_t filter_mask;  /* HDF5's: 0 = every filter applied */
    uint32_t size;         /* bytes that follow */
    uint64_t valid;        /* values not missing in it */
} ingest_chunk_head;

/* Scratch for encoding, allocated once per process. */
typedef struct {
    float *values;         /* ndays × chunk_rows × chunk_cols */
    unsigned char *shuffled, *compressed;
    size_t compressed_capacity;
} ingest_chunk_scratch;

void ingest_chunk_scratch_init(ingest_chunk_scratch *scratch, const ingest_chunk_format *format);
void ingest_chunk_scratch_free(ingest_chunk_scratch *scratch);

/* Encodes the chunk whose first cell is (row, col) of a block of values laid out [day][nrows][ncols]
 * starting at cell (row0, col0): NaN → fill, cells beyond the block (the grid's edge) padded with
 * fill, then shuffled and deflated exactly as HDF5's filters do. Returns 0 when every value is
 * missing (the chunk need not be written: an unwritten chunk reads as the fill value), else 1 with
 * head filled and *bytes pointing into scratch. */
int ingest_chunk_encode(const ingest_chunk_format *format, const float *block, size_t row0, size_t nrows, size_t col0,
                        size_t ncols, size_t row, size_t col, ingest_chunk_scratch *scratch, ingest_chunk_head *head,
                        const unsigned char **bytes);

/* Which chunks of a block [ndays][nrows][ncols] hold a value that is not missing (neither NaN nor the
 * fill): occupied[i] is 1 or 0 for its chunks in row-major order (ceil(nrows / chunk_rows) ×
 * ceil(ncols / chunk_cols) of them); returns how many are. One pass in memory order: gathering each
 * chunk's values across the days is a strided walk that misses the cache on every day, and most
 * chunks of a global grid (the ocean) need not be gathered at all. A chunk it calls empty is one
 * ingest_chunk_encode would call empty. */
size_t ingest_chunks_occupied(const ingest_chunk_format *format, const float *block, size_t nrows, size_t ncols,
                              unsigned char *occupied);

/* The writer of a cube file's variable. */
typedef struct ingest_chunk_writer ingest_chunk_writer;

/* Opens path (a netCDF-4 file defined and closed) with HDF5 for writing the variable's chunks, after
 * checking that it is float, chunked ndays × rows × cols with shuffle then deflate (what cfwrite
 * defines), and fills format. */
int ingest_chunks_open(ingest_chunk_writer **writer, const char *path, const char *variable, ingest_chunk_format *format,
                       dt_error *err);
/* The same, read-only: a partial cube an interrupted ingest left, to verify and copy from. */
int ingest_chunks_open_read(ingest_chunk_writer **writer, const char *path, const char *variable,
                            ingest_chunk_format *format, dt_error *err);
int ingest_chunks_put(ingest_chunk_writer *writer, const ingest_chunk_head *head, const void *bytes, dt_error *err);

/* The checksum that identifies a written chunk: CRC-32 over its position, mask, size and bytes,
 * chained from crc (start with 0) — chunks of a block in row-major order. */
uint32_t ingest_chunk_checksum(uint32_t crc, const ingest_chunk_head *head, const void *bytes);

/* The checksum of the chunks stored for cells [row0, row0+nrows) × [col0, col0+ncols) (unwritten
 * chunks skipped), as ingest_chunk_checksum chains them; and, when to is not NULL, copies them
 * there unchanged. *written counts the chunks found. Fails on a chunk that cannot be read. */
int ingest_chunks_block(ingest_chunk_writer *from, size_t row0, size_t nrows, size_t col0, size_t ncols,
                        ingest_chunk_writer *to, uint32_t *checksum, size_t *written, dt_error *err);

/* Everything written so far flushed by HDF5 and synced to disk (before a block is journaled). */
int ingest_chunks_sync(ingest_chunk_writer *writer, dt_error *err);
/* Flushes and closes; returns the first error. */
int ingest_chunks_close(ingest_chunk_writer *writer, dt_error *err);

#endif
