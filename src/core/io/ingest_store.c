/* ingest_store.c — a collection's days between reading and writing the cube, block-major: block k's
 * days are one contiguous run, so a writer takes a block in one read (or none, from memory). */
#include "ingest_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fdio.h"

static size_t blocks_of(size_t length, size_t block)
{
    return (length + block - 1) / block;
}

void ingest_store_layout(ingest_store *s, size_t ndays, size_t rows, size_t cols, size_t block_rows, size_t block_cols)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->ndays = ndays;
    s->rows = rows;
    s->cols = cols;
    s->block_rows = block_rows < rows ? block_rows : rows;
    s->block_cols = block_cols < cols ? block_cols : cols;
    s->blocks_down = blocks_of(rows, s->block_rows);
    s->blocks_across = blocks_of(cols, s->block_cols);
    s->nblocks = s->blocks_down * s->blocks_across;
    s->bytes = ndays * rows * cols * sizeof(float);
}

int ingest_store_open(ingest_store *s, size_t ndays, size_t rows, size_t cols, size_t block_rows, size_t block_cols,
                      const char *spill_path, dt_error *err)
{
    ingest_store_layout(s, ndays, rows, cols, block_rows, block_cols);
    if (!spill_path) {
        void *memory = mmap(NULL, s->bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED)
            return dt_error_set(err, DT_ERR_NOMEM, "cannot map %.0f MB of shared memory for %zu days of %zu × %zu "
                                "cells: %s (give a smaller --memory to spill to disk)", (double)s->bytes / 1048576.0,
                                ndays, rows, cols, strerror(errno));
        s->memory = memory;
        return DT_OK;
    }
    s->spill_path = dt_strdup(spill_path);
    s->fd = open(spill_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (s->fd < 0) return dt_error_set(err, DT_ERR_IO, "%s: cannot be created: %s", spill_path, strerror(errno));
    if (ftruncate(s->fd, (off_t)s->bytes) != 0)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be made %.0f MB long: %s", spill_path,
                            (double)s->bytes / 1048576.0, strerror(errno));
    return DT_OK;
}

int ingest_store_attach(ingest_store *s, size_t ndays, size_t rows, size_t cols, size_t block_rows, size_t block_cols,
                        const char *spill_path, dt_error *err)
{
    ingest_store_layout(s, ndays, rows, cols, block_rows, block_cols);
    s->spill_path = dt_strdup(spill_path);
    s->fd = open(spill_path, O_RDWR | O_CLOEXEC);
    if (s->fd < 0)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be opened (on MPI ranks the spill file must be on a file system "
                            "every rank sees): %s", spill_path, strerror(errno));
    return DT_OK;
}

int ingest_store_sync(ingest_store *s, dt_error *err)
{
    if (s->fd >= 0 && fsync(s->fd) != 0)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be synced to disk: %s", s->spill_path, strerror(errno));
    return DT_OK;
}

void ingest_store_block(const ingest_store *s, size_t k, ingest_block *b)
{
    size_t i = k / s->blocks_across, j = k % s->blocks_across;
    b->row0 = i * s->block_rows;
    b->col0 = j * s->block_cols;
    b->nrows = b->row0 + s->block_rows <= s->rows ? s->block_rows : s->rows - b->row0;
    b->ncols = b->col0 + s->block_cols <= s->cols ? s->block_cols : s->cols - b->col0;
    /* the blocks before it cover rows [0, row0) whole, and nrows × col0 cells of its own rows */
    b->offset = s->ndays * (b->row0 * s->cols + b->nrows * b->col0);
}

void ingest_store_release_block(ingest_store *s, size_t k)
{
    if (!s->memory) return;
    ingest_block b;
    ingest_store_block(s, k, &b);
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = (uintptr_t)(s->memory + b.offset), end = (uintptr_t)(s->memory + b.offset + s->ndays * b.nrows * b.ncols);
    start = (start + page - 1) / page * page; /* a page shared with a neighbouring block stays */
    end = end / page * page;
    if (end > start) madvise((void *)start, end - start, MADV_REMOVE); /* advice: a failure only keeps the pages */
}

static int write_all(const ingest_store *s, const float *values, size_t count, size_t offset, dt_error *err)
{
    int error = fdio_pwrite_all(s->fd, values, count * sizeof *values, offset * sizeof *values);
    return error ? dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", s->spill_path, strerror(error)) : DT_OK;
}

int ingest_store_put_day(ingest_store *s, size_t day, const float *map, float *scratch, dt_error *err)
{
    for (size_t k = 0; k < s->nblocks; k++) {
        ingest_block b;
        ingest_store_block(s, k, &b);
        size_t at = b.offset + day * b.nrows * b.ncols, cells = b.nrows * b.ncols;
        const float *from = map + b.row0 * s->cols + b.col0;
        if (b.ncols == s->cols) { /* whole rows: contiguous in the map */
            if (s->memory) memcpy(s->memory + at, from, cells * sizeof *from);
            else if (write_all(s, from, cells, at, err) != DT_OK) return err->code;
            continue;
        }
        float *to = s->memory ? s->memory + at : scratch;
        for (size_t r = 0; r < b.nrows; r++) memcpy(to + r * b.ncols, from + r * s->cols, b.ncols * sizeof *from);
        if (!s->memory && write_all(s, scratch, cells, at, err) != DT_OK) return err->code;
    }
    return DT_OK;
}

int ingest_store_put_block_days(ingest_store *s, size_t k, size_t day0, size_t ndays, const float *values, dt_error *err)
{
    ingest_block b;
    ingest_store_block(s, k, &b);
    size_t at = b.offset + day0 * b.nrows * b.ncols, count = ndays * b.nrows * b.ncols;
    if (s->memory) {
        memcpy(s->memory + at, values, count * sizeof *values);
        return DT_OK;
    }
    return write_all(s, values, count, at, err);
}

int ingest_store_get_block(const ingest_store *s, size_t k, float *buffer, const float **values, dt_error *err)
{
    ingest_block b;
    ingest_store_block(s, k, &b);
    if (s->memory) {
        *values = s->memory + b.offset;
        return DT_OK;
    }
    int error = fdio_pread_all(s->fd, buffer, s->ndays * b.nrows * b.ncols * sizeof *buffer, b.offset * sizeof *buffer);
    if (error)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be read back: %s", s->spill_path,
                            error > 0 ? strerror(error) : "shorter than written");
    *values = buffer;
    return DT_OK;
}

void ingest_store_close(ingest_store *s, int remove_spill)
{
    if (s->memory) munmap(s->memory, s->bytes);
    s->memory = NULL;
    if (s->fd >= 0) close(s->fd);
    s->fd = -1;
    if (remove_spill && s->spill_path) remove(s->spill_path);
    free(s->spill_path);
    s->spill_path = NULL;
}
