/* ingest_chunks.c — the cube's chunks compressed anywhere and written whole (H5Dwrite_chunk).
 * The bytes are those HDF5's own pipeline makes for the variable cfwrite defines: its shuffle filter
 * (byte k of every element, for k = 0…3, one after the other: H5Zshuffle.c) then its deflate filter
 * (zlib compress2 at the variable's level: H5Zdeflate.c), so a reader cannot tell the difference and
 * the values are bitwise those nc_put_vara_float would have stored. Compressing is what costs; it now
 * runs in every worker, and the one process holding the file only writes bytes. */
#include "ingest_chunks.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

void ingest_chunk_scratch_init(ingest_chunk_scratch *s, const ingest_chunk_format *f)
{
    size_t n = f->ndays * f->chunk_rows * f->chunk_cols;
    s->values = dt_malloc(n * sizeof *s->values);
    s->shuffled = dt_malloc(n * sizeof *s->values);
    s->compressed_capacity = compressBound((uLong)(n * sizeof *s->values));
    s->compressed = dt_malloc(s->compressed_capacity);
}

void ingest_chunk_scratch_free(ingest_chunk_scratch *s)
{
    free(s->values);
    free(s->shuffled);
    free(s->compressed);
    memset(s, 0, sizeof *s);
}

/* A chunk wholly inside the block (all but the grid's edge): each day's rows are runs of ccols
 * values, copied without bounds checks and without branches (this loop ran over every chunk, ocean
 * included, and was 60 % of a compressor's time: perf, 2026-12-07). Returns the values not missing. */
static size_t gather_inside(const ingest_chunk_format *f, const float *block, size_t nrows, size_t ncols, size_t r0,
                            size_t c0, float *values)
{
    size_t crows = f->chunk_rows, ccols = f->chunk_cols, valid = 0;
    const float fill = f->fill;
    for (size_t d = 0; d < f->ndays; d++)
        for (size_t r = 0; r < crows; r++) {
            const float *from = block + (d * nrows + r0 + r) * ncols + c0;
            float *to = values + (d * crows + r) * ccols;
            for (size_t c = 0; c < ccols; c++) {
                float x = from[c];
                int missing = isnan(x);
                valid += (size_t)(!missing & (x != fill));
                to[c] = missing ? fill : x;
            }
        }
    return valid;
}

/* The same at the grid's edge: cells beyond the block are fill. */
static size_t gather_edge(const ingest_chunk_format *f, const float *block, size_t nrows, size_t ncols, size_t r0,
                          size_t c0, float *values)
{
    size_t crows = f->chunk_rows, ccols = f->chunk_cols, cells = crows * ccols, valid = 0;
    for (size_t d = 0; d < f->ndays; d++)
        for (size_t r = 0; r < crows; r++)
            for (size_t c = 0; c < ccols; c++) {
                float v = f->fill;
                if (r0 + r < nrows && c0 + c < ncols) {
                    float x = block[(d * nrows + r0 + r) * ncols + c0 + c];
                    if (!isnan(x)) {
                        v = x;
                        valid += x != f->fill;
                    }
                }
                values[d * cells + r * ccols + c] = v;
            }
    return valid;
}

/* HDF5's shuffle (H5Zshuffle.c): byte k of every element, for k = 0…3, one stream after the other. */
static void shuffle_bytes(const unsigned char *raw, size_t n, unsigned char *shuffled)
{
    unsigned char *b0 = shuffled, *b1 = shuffled + n, *b2 = shuffled + 2 * n, *b3 = shuffled + 3 * n;
    for (size_t i = 0; i < n; i++) {
        b0[i] = raw[4 * i];
        b1[i] = raw[4 * i + 1];
        b2[i] = raw[4 * i + 2];
        b3[i] = raw[4 * i + 3];
    }
}

/* any[i] |= 1 where bits[i] is a value: not NaN (exponent all ones, mantissa not zero) and not the fill
 * (one pattern: -9999 has no other). Branch-free, in memory order; four lanes at once where the
 * compiler has vector types (GCC and Clang: -O2 alone does not vectorize this loop). */
static void mark_present(const uint32_t *restrict bits, size_t n, uint32_t fill_bits, uint32_t *restrict any)
{
    size_t i = 0;
#if defined(__GNUC__)
    typedef int32_t lanes __attribute__((vector_size(16)));
    const lanes magnitude_mask = {0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff};
    const lanes infinity = {0x7f800000, 0x7f800000, 0x7f800000, 0x7f800000};
    const lanes fill = {(int32_t)fill_bits, (int32_t)fill_bits, (int32_t)fill_bits, (int32_t)fill_bits};
    const lanes one = {1, 1, 1, 1};
    for (; i + 4 <= n; i += 4) {
        lanes b, a;
        memcpy(&b, bits + i, sizeof b);
        memcpy(&a, any + i, sizeof a);
        a |= ((b & magnitude_mask) <= infinity) & (b != fill) & one; /* comparisons give -1 or 0 per lane */
        memcpy(any + i, &a, sizeof a);
    }
#endif
    for (; i < n; i++) {
        int32_t magnitude = (int32_t)(bits[i] & 0x7fffffffu);
        any[i] |= (uint32_t)(magnitude <= 0x7f800000) & (uint32_t)(bits[i] != fill_bits);
    }
}

size_t ingest_chunks_occupied(const ingest_chunk_format *f, const float *block, size_t nrows, size_t ncols,
                              unsigned char *occupied)
{
    size_t across = (ncols + f->chunk_cols - 1) / f->chunk_cols, down = (nrows + f->chunk_rows - 1) / f->chunk_rows;
    size_t cells = nrows * ncols, count = 0;
    const float fill = f->fill;
    /* first per cell, over the days, on the values' bits */
    uint32_t fill_bits;
    memcpy(&fill_bits, &fill, sizeof fill_bits);
    uint32_t *any = dt_calloc(cells ? cells : 1, sizeof *any);
    for (size_t d = 0; d < f->ndays; d++)
        mark_present((const uint32_t *)(const void *)(block + d * cells), cells, fill_bits, any);
    memset(occupied, 0, across * down);
    for (size_t r = 0; r < nrows; r++)
        for (size_t c = 0; c < ncols; c++) occupied[r / f->chunk_rows * across + c / f->chunk_cols] |= (unsigned char)any[r * ncols + c];
    free(any);
    for (size_t i = 0; i < across * down; i++) count += occupied[i];
    return count;
}

int ingest_chunk_encode(const ingest_chunk_format *f, const float *block, size_t row0, size_t nrows, size_t col0,
                        size_t ncols, size_t row, size_t col, ingest_chunk_scratch *s, ingest_chunk_head *head,
                        const unsigned char **bytes)
{
    size_t n = f->ndays * f->chunk_rows * f->chunk_cols;
    size_t r0 = row - row0, c0 = col - col0;
    size_t valid = r0 + f->chunk_rows <= nrows && c0 + f->chunk_cols <= ncols
                       ? gather_inside(f, block, nrows, ncols, r0, c0, s->values)
                       : gather_edge(f, block, nrows, ncols, r0, c0, s->values);
    if (valid == 0) return 0;
    _Static_assert(sizeof(float) == 4, "the shuffle is of 4-byte elements");
    shuffle_bytes((const unsigned char *)s->values, n, s->shuffled);
    uLongf size = (uLongf)s->compressed_capacity;
    head->row = (uint32_t)row;
    head->col = (uint32_t)col;
    head->valid = valid;
    if (compress2(s->compressed, &size, s->shuffled, (uLong)(n * sizeof(float)), f->deflate_level) == Z_OK) {
        head->filter_mask = 0;
        head->size = (uint32_t)size;
        *bytes = s->compressed;
    } else { /* deflate failed: HDF5 skips an optional filter and says so in the mask (filter 1) */
        head->filter_mask = 1u << 1;
        head->size = (uint32_t)(n * sizeof(float));
        *bytes = s->shuffled;
    }
    return 1;
}

struct ingest_chunk_writer {
    hid_t file, dataset;
    char *path;
    size_t rows, cols;
    ingest_chunk_format format;
};

static int refuse(ingest_chunk_writer *w, const char *variable, const char *what, dt_error *err)
{
    return dt_error_set(err, DT_ERR_FORMAT, "%s: %s: %s (drytex writes its cube's chunks itself)", w->path, variable,
                        what);
}

/* The variable's type, chunking and filters as cfwrite defines them. */
static int check_layout(ingest_chunk_writer *w, const char *variable, dt_error *err)
{
    hid_t type = H5Dget_type(w->dataset), space = H5Dget_space(w->dataset), plist = H5Dget_create_plist(w->dataset);
    int status = DT_OK;
    hsize_t dims[3], chunk[3];
    if (type < 0 || H5Tequal(type, H5T_NATIVE_FLOAT) <= 0) status = refuse(w, variable, "not a native float", err);
    else if (H5Sget_simple_extent_ndims(space) != 3) status = refuse(w, variable, "not (time, y, x)", err);
    else if (H5Sget_simple_extent_dims(space, dims, NULL) < 0 || H5Pget_layout(plist) != H5D_CHUNKED ||
             H5Pget_chunk(plist, 3, chunk) != 3 || chunk[0] != dims[0])
        status = refuse(w, variable, "not chunked as every day × rows × cols", err);
    else if (H5Pget_nfilters(plist) != 2)
        status = refuse(w, variable, "not filtered by shuffle then deflate", err);
    if (status == DT_OK) {
        unsigned flags, values[8];
        size_t nvalues = 8;
        H5Z_filter_t first = H5Pget_filter2(plist, 0, &flags, &nvalues, values, 0, NULL, NULL);
        nvalues = 8;
        H5Z_filter_t second = H5Pget_filter2(plist, 1, &flags, &nvalues, values, 0, NULL, NULL);
        if (first != H5Z_FILTER_SHUFFLE || second != H5Z_FILTER_DEFLATE || nvalues < 1)
            status = refuse(w, variable, "not filtered by shuffle then deflate", err);
        else
            w->format.deflate_level = (int)values[0];
    }
    if (status == DT_OK) {
        w->format.ndays = (size_t)dims[0];
        w->rows = (size_t)dims[1];
        w->cols = (size_t)dims[2];
        w->format.chunk_rows = (size_t)chunk[1];
        w->format.chunk_cols = (size_t)chunk[2];
        w->format.fill = -9999.0f;
        if (H5Pget_fill_value(plist, H5T_NATIVE_FLOAT, &w->format.fill) < 0)
            status = refuse(w, variable, "no fill value", err);
    }
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
    if (plist >= 0) H5Pclose(plist);
    return status;
}

static int open_chunks(ingest_chunk_writer **out, const char *path, const char *variable, ingest_chunk_format *format,
                       int writable, dt_error *err)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    ingest_chunk_writer *w = dt_calloc(1, sizeof *w);
    w->path = dt_strdup(path);
    w->dataset = -1;
    w->file = H5Fopen(path, writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT);
    int status = DT_OK;
    if (w->file < 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot be opened %s", path,
                              writable ? "to write its chunks" : "(an interrupted write can leave it unreadable)");
    else if ((w->dataset = H5Dopen2(w->file, variable, H5P_DEFAULT)) < 0)
        status = dt_error_set(err, DT_ERR_MISSING, "%s: %s: no such variable to write", path, variable);
    else
        status = check_layout(w, variable, err);
    if (status != DT_OK) {
        dt_error ignored;
        ingest_chunks_close(w, &ignored);
        return status;
    }
    *format = w->format;
    *out = w;
    return DT_OK;
}

int ingest_chunks_open(ingest_chunk_writer **out, const char *path, const char *variable, ingest_chunk_format *format,
                       dt_error *err)
{
    return open_chunks(out, path, variable, format, 1, err);
}

int ingest_chunks_open_read(ingest_chunk_writer **out, const char *path, const char *variable,
                            ingest_chunk_format *format, dt_error *err)
{
    return open_chunks(out, path, variable, format, 0, err);
}

uint32_t ingest_chunk_checksum(uint32_t crc, const ingest_chunk_head *head, const void *bytes)
{
    uint32_t fields[4] = {head->row, head->col, head->filter_mask, head->size};
    crc = (uint32_t)crc32(crc, (const Bytef *)fields, sizeof fields);
    return (uint32_t)crc32(crc, bytes, head->size);
}

int ingest_chunks_block(ingest_chunk_writer *from, size_t row0, size_t nrows, size_t col0, size_t ncols,
                        ingest_chunk_writer *to, uint32_t *checksum, size_t *written, dt_error *err)
{
    size_t crows = from->format.chunk_rows, ccols = from->format.chunk_cols, capacity = 0;
    unsigned char *bytes = NULL;
    int status = DT_OK;
    *checksum = 0;
    *written = 0;
    for (size_t r = row0; r < row0 + nrows && status == DT_OK; r += crows)
        for (size_t c = col0; c < col0 + ncols && status == DT_OK; c += ccols) {
            hsize_t offset[3] = {0, r, c}, size = 0;
            if (H5Dget_chunk_storage_size(from->dataset, offset, &size) < 0 || size == 0) continue; /* not written */
            if (size > capacity) bytes = dt_realloc(bytes, capacity = (size_t)size);
            uint32_t mask = 0;
            if (H5Dread_chunk(from->dataset, H5P_DEFAULT, offset, &mask, bytes) < 0) {
                status = dt_error_set(err, DT_ERR_FORMAT, "%s: the chunk at cell (%zu, %zu) cannot be read", from->path,
                                      r, c);
                break;
            }
            ingest_chunk_head head = {(uint32_t)r, (uint32_t)c, mask, (uint32_t)size, 0};
            *checksum = ingest_chunk_checksum(*checksum, &head, bytes);
            (*written)++;
            if (to) status = ingest_chunks_put(to, &head, bytes, err);
        }
    free(bytes);
    return status;
}

int ingest_chunks_sync(ingest_chunk_writer *w, dt_error *err)
{
    if (H5Fflush(w->file, H5F_SCOPE_LOCAL) < 0)
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be flushed (disk full?)", w->path);
    int fd = open(w->path, O_RDONLY | O_CLOEXEC);
    int failed = fd < 0 || fsync(fd) != 0;
    int error = errno;
    if (fd >= 0) close(fd);
    if (failed) return dt_error_set(err, DT_ERR_IO, "%s: cannot be synced to disk: %s", w->path, strerror(error));
    return DT_OK;
}

int ingest_chunks_put(ingest_chunk_writer *w, const ingest_chunk_head *head, const void *bytes, dt_error *err)
{
    if (head->row >= w->rows || head->col >= w->cols || head->row % w->format.chunk_rows ||
        head->col % w->format.chunk_cols)
        return dt_error_set(err, DT_ERR_USAGE, "%s: no chunk starts at cell (%u, %u)", w->path, head->row, head->col);
    hsize_t offset[3] = {0, head->row, head->col};
    if (H5Dwrite_chunk(w->dataset, H5P_DEFAULT, head->filter_mask, offset, head->size, bytes) < 0)
        return dt_error_set(err, DT_ERR_IO, "%s: the chunk at cell (%u, %u) cannot be written (disk full?)", w->path,
                            head->row, head->col);
    return DT_OK;
}

int ingest_chunks_close(ingest_chunk_writer *w, dt_error *err)
{
    int status = DT_OK;
    if (w->dataset >= 0 && H5Dclose(w->dataset) < 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot be closed", w->path);
    if (w->file >= 0 && H5Fclose(w->file) < 0 && status == DT_OK)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot be written to the end (disk full?)", w->path);
    free(w->path);
    free(w);
    return status;
}
