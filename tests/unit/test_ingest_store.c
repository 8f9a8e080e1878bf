/* test_ingest_store.c — ingest's store of days (ingest_store.h): blocks that tile the grid once, the
 * same values whether held in shared memory or spilled to a file (whole bands or narrower blocks),
 * days put whole or a block's days at once, and a released block that gives back only its own pages. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ingest_store.h"
#include "unit_tmpdir.h"

enum { DAYS = 5, ROWS = 13, COLS = 37 };

/* A value that names its day and cell, so that a misplaced one is seen. */
static float value_at(size_t day, size_t row, size_t col)
{
    return (float)(day * 10000 + row * 100 + col);
}

static void make_map(size_t day, float *map)
{
    for (size_t r = 0; r < ROWS; r++)
        for (size_t c = 0; c < COLS; c++) map[r * COLS + c] = day == 3 && r == 2 ? NAN : value_at(day, r, c);
}

/* Every cell of the grid falls in exactly one block, and each block's offset follows the blocks
 * before it (the store is the blocks one after the other, each every day). */
static void test_blocks_tile_the_grid(void **state)
{
    (void)state;
    const size_t shapes[][2] = {{4, COLS}, {4, 8}, {5, 5}, {ROWS, COLS}, {1, 1}, {100, 100}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        ingest_store store;
        ingest_store_layout(&store, DAYS, ROWS, COLS, shapes[s][0], shapes[s][1]);
        unsigned char seen[ROWS][COLS] = {{0}};
        size_t offset = 0;
        for (size_t k = 0; k < store.nblocks; k++) {
            ingest_block b;
            ingest_store_block(&store, k, &b);
            assert_true(b.nrows >= 1 && b.ncols >= 1);
            assert_true(b.row0 + b.nrows <= ROWS && b.col0 + b.ncols <= COLS);
            assert_int_equal(b.offset, offset);
            offset += DAYS * b.nrows * b.ncols;
            for (size_t r = b.row0; r < b.row0 + b.nrows; r++)
                for (size_t c = b.col0; c < b.col0 + b.ncols; c++) seen[r][c]++;
        }
        assert_int_equal(offset * sizeof(float), store.bytes);
        for (size_t r = 0; r < ROWS; r++)
            for (size_t c = 0; c < COLS; c++) assert_int_equal(seen[r][c], 1);
    }
}

/* Puts every day into a store, reads every block back and checks each value is its cell's. */
static void check_store(const char *spill, size_t block_rows, size_t block_cols)
{
    ingest_store store;
    dt_error err;
    assert_int_equal(ingest_store_open(&store, DAYS, ROWS, COLS, block_rows, block_cols, spill, &err), DT_OK);
    assert_true(spill ? store.memory == NULL && store.fd >= 0 : store.memory != NULL);
    float map[ROWS * COLS], *scratch = malloc(store.block_rows * store.block_cols * sizeof *scratch);
    float *buffer = malloc(DAYS * store.block_rows * store.block_cols * sizeof *buffer);
    for (size_t day = 0; day < DAYS; day++) {
        make_map(day, map);
        assert_int_equal(ingest_store_put_day(&store, day, map, scratch, &err), DT_OK);
    }
    for (size_t k = 0; k < store.nblocks; k++) {
        ingest_block b;
        const float *values;
        ingest_store_block(&store, k, &b);
        assert_int_equal(ingest_store_get_block(&store, k, buffer, &values, &err), DT_OK);
        for (size_t d = 0; d < DAYS; d++)
            for (size_t r = 0; r < b.nrows; r++)
                for (size_t c = 0; c < b.ncols; c++) {
                    float v = values[(d * b.nrows + r) * b.ncols + c];
                    if (d == 3 && b.row0 + r == 2) assert_true(isnan(v));
                    else assert_true(v == value_at(d, b.row0 + r, b.col0 + c));
                }
    }
    free(scratch);
    free(buffer);
    ingest_store_close(&store, 1);
    if (spill) assert_int_not_equal(access(spill, F_OK), 0); /* removed */
}

static void test_memory_and_spill_hold_the_same_values(void **state)
{
    (void)state;
    char spill[128];
    snprintf(spill, sizeof spill, "%s/store.spill", unit_tmpdir);
    check_store(NULL, 4, COLS);  /* whole bands, in memory */
    check_store(spill, 4, COLS); /* whole bands, spilled */
    check_store(spill, 4, 8);    /* narrower blocks: a day is gathered per block */
    check_store(spill, 5, 5);
    check_store(NULL, 5, 5);
}

/* A block's days put at once (as an append reads its cube) land where put_day would put them. */
static void test_block_days_at_once(void **state)
{
    (void)state;
    char spill[128];
    snprintf(spill, sizeof spill, "%s/days.spill", unit_tmpdir);
    const char *spills[] = {NULL, spill};
    for (int s = 0; s < 2; s++) {
        ingest_store store;
        dt_error err;
        assert_int_equal(ingest_store_open(&store, DAYS, ROWS, COLS, 4, 8, spills[s], &err), DT_OK);
        float *values = malloc(DAYS * store.block_rows * store.block_cols * sizeof *values);
        for (size_t k = 0; k < store.nblocks; k++) {
            ingest_block b;
            ingest_store_block(&store, k, &b);
            for (size_t d = 0; d < 2; d++) /* days 1 and 2 */
                for (size_t r = 0; r < b.nrows; r++)
                    for (size_t c = 0; c < b.ncols; c++)
                        values[(d * b.nrows + r) * b.ncols + c] = value_at(1 + d, b.row0 + r, b.col0 + c);
            assert_int_equal(ingest_store_put_block_days(&store, k, 1, 2, values, &err), DT_OK);
        }
        for (size_t k = 0; k < store.nblocks; k++) {
            ingest_block b;
            const float *got;
            ingest_store_block(&store, k, &b);
            assert_int_equal(ingest_store_get_block(&store, k, values, &got, &err), DT_OK);
            for (size_t d = 1; d < 3; d++)
                for (size_t r = 0; r < b.nrows; r++)
                    for (size_t c = 0; c < b.ncols; c++)
                        assert_true(got[(d * b.nrows + r) * b.ncols + c] == value_at(d, b.row0 + r, b.col0 + c));
        }
        free(values);
        ingest_store_close(&store, 1);
    }
}

/* Releasing block k (compressed, not read again) leaves every other block's values as they were:
 * only the pages wholly inside k are given back, even where blocks share a page. */
static void test_release_keeps_the_neighbours(void **state)
{
    (void)state;
    enum { BIG_DAYS = 3, BIG_ROWS = 40, BIG_COLS = 1001 }; /* a block of 4 rows is 48 048 bytes: pages shared */
    ingest_store store;
    dt_error err;
    assert_int_equal(ingest_store_open(&store, BIG_DAYS, BIG_ROWS, BIG_COLS, 4, BIG_COLS, NULL, &err), DT_OK);
    float *map = malloc(BIG_ROWS * BIG_COLS * sizeof *map);
    for (size_t day = 0; day < BIG_DAYS; day++) {
        for (size_t i = 0; i < (size_t)BIG_ROWS * BIG_COLS; i++) map[i] = (float)(day * 1000000 + i);
        assert_int_equal(ingest_store_put_day(&store, day, map, NULL, &err), DT_OK);
    }
    for (size_t k = 1; k < store.nblocks; k += 2) ingest_store_release_block(&store, k);
    size_t released_zeros = 0;
    for (size_t k = 0; k < store.nblocks; k++) {
        ingest_block b;
        const float *values;
        ingest_store_block(&store, k, &b);
        assert_int_equal(ingest_store_get_block(&store, k, NULL, &values, &err), DT_OK);
        for (size_t d = 0; d < BIG_DAYS; d++)
            for (size_t r = 0; r < b.nrows; r++)
                for (size_t c = 0; c < b.ncols; c++) {
                    float v = values[(d * b.nrows + r) * b.ncols + c];
                    if (k % 2 == 0) assert_true(v == (float)(d * 1000000 + (b.row0 + r) * BIG_COLS + c));
                    else released_zeros += v == 0.0f && d * 1000000 + (b.row0 + r) * BIG_COLS + c != 0;
                }
    }
    assert_true(released_zeros > 0); /* the released blocks' own pages were given back */
    free(map);
    ingest_store_close(&store, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_tile_the_grid),
        cmocka_unit_test(test_memory_and_spill_hold_the_same_values),
        cmocka_unit_test(test_block_days_at_once),
        cmocka_unit_test(test_release_keeps_the_neighbours),
    };
    return cmocka_run_group_tests(tests, unit_tmpdir_make, unit_tmpdir_remove);
}
