/* test_ingest_chunks.c — the cube's chunks as ingest makes them (ingest_chunks.h): bitwise the bytes
 * HDF5's own shuffle + deflate pipeline stores for the same values (netCDF-C writing them), edge
 * chunks padded with the fill; all-missing chunks found (NaN or fill only), and the one-pass
 * occupancy agreeing with the encoder; written chunks read back by netCDF-C; a variable not
 * defined as the cube is refused, naming it; a block's stored chunks checksummed and copied. */
#include <hdf5.h>
#include <math.h>
#include <netcdf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ingest_chunks.h"
#include "unit_tmpdir.h"

enum { DAYS = 7, ROWS = 10, COLS = 13, EDGE = 4 }; /* 10 × 13: the last chunks of a row and column are cut */
static const float FILL = -9999.0f;

/* Soil-moisture-like values [DAYS][ROWS][COLS]: NaN over "ocean" (rows 4–7, every column: two whole
 * chunk rows missing), a few NaN days elsewhere, one cell holding the fill itself, a -0.0. */
static void make_values(float *values)
{
    for (size_t d = 0; d < DAYS; d++)
        for (size_t r = 0; r < ROWS; r++)
            for (size_t c = 0; c < COLS; c++) {
                float v = 0.05f + 0.01f * (float)((d * 7 + r * 3 + c * 5) % 40);
                if (r >= 4 && r < 8) v = NAN;
                if ((d + c) % 5 == 0) v = NAN;
                values[(d * ROWS + r) * COLS + c] = v;
            }
    values[(2 * ROWS + 9) * COLS + 12] = FILL;
    values[(3 * ROWS + 0) * COLS + 1] = -0.0f;
}

/* A netCDF-4 cube as cfwrite defines drytex's: float sm(time, y, x), chunks DAYS × EDGE × EDGE, shuffle
 * then deflate 1, _FillValue; with values (NaN written as the fill, as the cube stores it) or none. */
static void define_cube(const char *path, const float *values, int filtered)
{
    int ncid, dims[3], varid;
    assert_int_equal(nc_create(path, NC_NETCDF4 | NC_CLOBBER, &ncid), NC_NOERR);
    assert_int_equal(nc_def_dim(ncid, "time", DAYS, &dims[0]), NC_NOERR);
    assert_int_equal(nc_def_dim(ncid, "y", ROWS, &dims[1]), NC_NOERR);
    assert_int_equal(nc_def_dim(ncid, "x", COLS, &dims[2]), NC_NOERR);
    assert_int_equal(nc_def_var(ncid, "sm", NC_FLOAT, 3, dims, &varid), NC_NOERR);
    size_t chunks[3] = {DAYS, EDGE, EDGE};
    assert_int_equal(nc_def_var_chunking(ncid, varid, NC_CHUNKED, chunks), NC_NOERR);
    if (filtered) assert_int_equal(nc_def_var_deflate(ncid, varid, 1, 1, 1), NC_NOERR);
    assert_int_equal(nc_def_var_fill(ncid, varid, 0, &FILL), NC_NOERR);
    assert_int_equal(nc_enddef(ncid), NC_NOERR);
    if (values) {
        float *stored = malloc(DAYS * ROWS * COLS * sizeof *stored);
        for (size_t i = 0; i < DAYS * ROWS * COLS; i++) stored[i] = isnan(values[i]) ? FILL : values[i];
        assert_int_equal(nc_put_var_float(ncid, varid, stored), NC_NOERR);
        free(stored);
    }
    assert_int_equal(nc_close(ncid), NC_NOERR);
}

static const ingest_chunk_format format = {DAYS, EDGE, EDGE, 1, -9999.0f};

/* Every chunk ingest encodes is, byte for byte, the chunk HDF5 stored through its own filters; the
 * chunks it calls empty are those whose every value is missing. */
static void test_encoded_bytes_are_hdf5s(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/through_hdf5.nc", unit_tmpdir);
    float *values = malloc(DAYS * ROWS * COLS * sizeof *values);
    make_values(values);
    define_cube(path, values, 1);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), dataset = H5Dopen2(file, "sm", H5P_DEFAULT);
    assert_true(file >= 0 && dataset >= 0);
    ingest_chunk_scratch scratch;
    ingest_chunk_scratch_init(&scratch, &format);
    unsigned char *stored = malloc(DAYS * EDGE * EDGE * sizeof(float) * 2);
    size_t encoded = 0, empty = 0;
    for (size_t r = 0; r < ROWS; r += EDGE)
        for (size_t c = 0; c < COLS; c += EDGE) {
            ingest_chunk_head head;
            const unsigned char *bytes;
            int written = ingest_chunk_encode(&format, values, 0, ROWS, 0, COLS, r, c, &scratch, &head, &bytes);
            size_t present = 0;
            for (size_t d = 0; d < DAYS; d++)
                for (size_t i = r; i < r + EDGE && i < ROWS; i++)
                    for (size_t j = c; j < c + EDGE && j < COLS; j++) {
                        float v = values[(d * ROWS + i) * COLS + j];
                        present += !isnan(v) && v != FILL;
                    }
            assert_int_equal(written, present > 0);
            if (!written) {
                empty++;
                continue;
            }
            encoded++;
            assert_int_equal(head.row, r);
            assert_int_equal(head.col, c);
            assert_int_equal(head.valid, present);
            assert_int_equal(head.filter_mask, 0);
            hsize_t offset[3] = {0, r, c}, size = 0;
            uint32_t mask = 99;
            assert_true(H5Dget_chunk_storage_size(dataset, offset, &size) >= 0);
            assert_int_equal(size, head.size);
            assert_true(H5Dread_chunk(dataset, H5P_DEFAULT, offset, &mask, stored) >= 0);
            assert_int_equal(mask, 0);
            assert_memory_equal(stored, bytes, head.size);
        }
    assert_int_equal(encoded + empty, 3 * 4);
    assert_int_equal(empty, 4); /* rows 4–7: one whole chunk row of four */
    free(stored);
    ingest_chunk_scratch_free(&scratch);
    H5Dclose(dataset);
    H5Fclose(file);
    free(values);
}

/* The one-pass occupancy of a block marks exactly the chunks the encoder writes, whatever block of
 * the grid it is given (inner, at the edges, narrower than a chunk). */
static void test_occupied_agrees_with_encode(void **state)
{
    (void)state;
    float *values = malloc(DAYS * ROWS * COLS * sizeof *values), *block = malloc(DAYS * ROWS * COLS * sizeof *block);
    make_values(values);
    values[(6 * ROWS + 5) * COLS + 6] = 0.3f;      /* a single value in the "ocean" */
    values[(5 * ROWS + 4) * COLS + 0] = INFINITY;  /* and an infinity alone in another chunk: not NaN, a value */
    ingest_chunk_scratch scratch;
    ingest_chunk_scratch_init(&scratch, &format);
    const size_t blocks[][4] = {{0, ROWS, 0, COLS}, {4, 4, 0, COLS}, {8, 2, 4, 9}, {0, 10, 12, 1}, {4, 6, 4, 8}};
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
        size_t row0 = blocks[b][0], nrows = blocks[b][1], col0 = blocks[b][2], ncols = blocks[b][3];
        for (size_t d = 0; d < DAYS; d++)
            for (size_t r = 0; r < nrows; r++)
                for (size_t c = 0; c < ncols; c++)
                    block[(d * nrows + r) * ncols + c] = values[(d * ROWS + row0 + r) * COLS + col0 + c];
        size_t across = (ncols + EDGE - 1) / EDGE, down = (nrows + EDGE - 1) / EDGE;
        unsigned char occupied[16];
        size_t count = ingest_chunks_occupied(&format, block, nrows, ncols, occupied), written = 0;
        for (size_t i = 0; i < down; i++)
            for (size_t j = 0; j < across; j++) {
                ingest_chunk_head head;
                const unsigned char *bytes;
                int w = ingest_chunk_encode(&format, block, row0, nrows, col0, ncols, row0 + i * EDGE, col0 + j * EDGE,
                                            &scratch, &head, &bytes);
                assert_int_equal(occupied[i * across + j], w);
                written += (size_t)w;
            }
        assert_int_equal(count, written);
    }
    /* a block of only NaN and fill: nothing occupied, nothing written */
    for (size_t i = 0; i < DAYS * EDGE * EDGE; i++) block[i] = i % 3 ? NAN : FILL;
    unsigned char occupied[1] = {7};
    assert_int_equal(ingest_chunks_occupied(&format, block, EDGE, EDGE, occupied), 0);
    assert_int_equal(occupied[0], 0);
    ingest_chunk_head head;
    const unsigned char *bytes;
    assert_int_equal(ingest_chunk_encode(&format, block, 0, EDGE, 0, EDGE, 0, 0, &scratch, &head, &bytes), 0);
    ingest_chunk_scratch_free(&scratch);
    free(values);
    free(block);
}

/* Chunks put with the writer read back through netCDF-C as the values (NaN as the fill), and chunks
 * not put read as the fill; a block's chunks are checksummed and copied unchanged. */
static void test_written_chunks_read_back(void **state)
{
    (void)state;
    char path[128], copy[128];
    snprintf(path, sizeof path, "%s/written.nc", unit_tmpdir);
    snprintf(copy, sizeof copy, "%s/copy.nc", unit_tmpdir);
    define_cube(path, NULL, 1);
    define_cube(copy, NULL, 1);
    float *values = malloc(DAYS * ROWS * COLS * sizeof *values), *back = malloc(DAYS * ROWS * COLS * sizeof *back);
    make_values(values);
    ingest_chunk_writer *writer, *to, *from;
    ingest_chunk_format opened;
    dt_error err;
    assert_int_equal(ingest_chunks_open(&writer, path, "sm", &opened, &err), DT_OK);
    assert_int_equal(opened.ndays, DAYS);
    assert_int_equal(opened.chunk_rows, EDGE);
    assert_int_equal(opened.chunk_cols, EDGE);
    assert_int_equal(opened.deflate_level, 1);
    assert_true(opened.fill == FILL);
    ingest_chunk_scratch scratch;
    ingest_chunk_scratch_init(&scratch, &opened);
    uint32_t checksum = 0;
    size_t puts = 0;
    for (size_t r = 0; r < ROWS; r += EDGE)
        for (size_t c = 0; c < COLS; c += EDGE) {
            ingest_chunk_head head;
            const unsigned char *bytes;
            if (!ingest_chunk_encode(&opened, values, 0, ROWS, 0, COLS, r, c, &scratch, &head, &bytes)) continue;
            assert_int_equal(ingest_chunks_put(writer, &head, bytes, &err), DT_OK);
            checksum = ingest_chunk_checksum(checksum, &head, bytes);
            puts++;
        }
    ingest_chunk_head outside = {ROWS, 0, 0, 4, 1};
    assert_int_equal(ingest_chunks_put(writer, &outside, "abcd", &err), DT_ERR_USAGE); /* no chunk starts there */
    assert_int_equal(ingest_chunks_sync(writer, &err), DT_OK);
    assert_int_equal(ingest_chunks_close(writer, &err), DT_OK);

    int ncid, varid;
    assert_int_equal(nc_open(path, NC_NOWRITE, &ncid), NC_NOERR);
    assert_int_equal(nc_inq_varid(ncid, "sm", &varid), NC_NOERR);
    assert_int_equal(nc_get_var_float(ncid, varid, back), NC_NOERR);
    nc_close(ncid);
    for (size_t i = 0; i < DAYS * ROWS * COLS; i++) {
        float expected = isnan(values[i]) ? FILL : values[i];
        assert_memory_equal(&back[i], &expected, sizeof expected); /* bitwise: -0.0 stays -0.0 */
    }

    assert_int_equal(ingest_chunks_open_read(&from, path, "sm", &opened, &err), DT_OK);
    assert_int_equal(ingest_chunks_open(&to, copy, "sm", &opened, &err), DT_OK);
    uint32_t stored = 0;
    size_t found = 0;
    assert_int_equal(ingest_chunks_block(from, 0, ROWS, 0, COLS, to, &stored, &found, &err), DT_OK);
    assert_int_equal(found, puts);
    assert_int_equal(stored, checksum); /* the same chunks, in the same order, as written */
    assert_int_equal(ingest_chunks_close(from, &err), DT_OK);
    assert_int_equal(ingest_chunks_close(to, &err), DT_OK);
    assert_int_equal(nc_open(copy, NC_NOWRITE, &ncid), NC_NOERR);
    assert_int_equal(nc_inq_varid(ncid, "sm", &varid), NC_NOERR);
    float *copied = malloc(DAYS * ROWS * COLS * sizeof *copied);
    assert_int_equal(nc_get_var_float(ncid, varid, copied), NC_NOERR);
    nc_close(ncid);
    assert_memory_equal(copied, back, DAYS * ROWS * COLS * sizeof *copied);
    free(copied);
    ingest_chunk_scratch_free(&scratch);
    free(values);
    free(back);
}

/* A variable stored otherwise than drytex's cube (here without shuffle and deflate) is refused, the
 * file and the variable named; a variable that is not there too. */
static void test_other_layouts_refused(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/unfiltered.nc", unit_tmpdir);
    define_cube(path, NULL, 0);
    ingest_chunk_writer *writer = NULL;
    ingest_chunk_format opened;
    dt_error err;
    assert_int_equal(ingest_chunks_open(&writer, path, "sm", &opened, &err), DT_ERR_FORMAT);
    assert_non_null(strstr(err.text, path));
    assert_non_null(strstr(err.text, "sm"));
    assert_non_null(strstr(err.text, "shuffle then deflate"));
    assert_int_equal(ingest_chunks_open(&writer, path, "swvl1", &opened, &err), DT_ERR_MISSING);
    assert_non_null(strstr(err.text, "swvl1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoded_bytes_are_hdf5s),
        cmocka_unit_test(test_occupied_agrees_with_encode),
        cmocka_unit_test(test_written_chunks_read_back),
        cmocka_unit_test(test_other_layouts_refused),
    };
    return cmocka_run_group_tests(tests, unit_tmpdir_make, unit_tmpdir_remove);
}
