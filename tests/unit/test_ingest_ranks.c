/* test_ingest_ranks.c — how an ingest is split (ingest_run.h): the files and days among MPI ranks
 * (ingest_share: each file read by one rank, each day, with or without a file, put by one, in order,
 * whatever the ranks, files and gaps), and the blocks of cells the budget allows (ingest_plan: in
 * memory when every day fits, else spilled in blocks each writer can hold; refused, saying how much
 * to give, when one reader or one chunk cannot fit). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ingest_run.h"

/* Ten files on days 0–14 of the collection (days 3, 6, 7, 8 and 12 have none). */
static long file_days[] = {100, 101, 102, 104, 105, 109, 110, 111, 113, 114};

static void collection(series_source *s, size_t nfiles, size_t ndays)
{
    memset(s, 0, sizeof *s);
    s->nfiles = nfiles;
    s->file_day = file_days;
    s->first_day = 100;
    s->ndays = ndays;
}

/* The shares of n ranks: files [first, end) one after the other from f0 to f1, days [day0, day1) one
 * after the other from d0 to d1, and each share's files on its own days. */
static void check_shares(const series_source *s, size_t f0, size_t f1, size_t d0, size_t d1, int n)
{
    size_t next_file = f0, next_day = d0;
    for (int w = 0; w < n; w++) {
        size_t first, end, day0, day1;
        ingest_share(s, f0, f1, d0, d1, w, n, &first, &end, &day0, &day1);
        assert_int_equal(first, next_file);
        assert_true(end >= first && end <= f1);
        assert_int_equal(day0, next_day);
        assert_true(day1 >= day0 && day1 <= d1);
        for (size_t f = first; f < end; f++) {
            size_t day = (size_t)(s->file_day[f] - s->first_day);
            assert_true(day >= day0 && day < day1);
        }
        next_file = end;
        next_day = day1;
    }
    assert_int_equal(next_file, f1);
    assert_int_equal(next_day, d1);
}

static void test_every_file_and_day_once(void **state)
{
    (void)state;
    series_source s;
    collection(&s, 10, 15);
    for (int n = 1; n <= 13; n++) check_shares(&s, 0, 10, 0, 15, n); /* up to more ranks than files */
    collection(&s, 10, 20);                                           /* missing days after the last file */
    for (int n = 1; n <= 4; n++) check_shares(&s, 0, 10, 0, 20, n);
    collection(&s, 10, 15);
    for (int n = 1; n <= 4; n++) check_shares(&s, 2, 7, 2, 11, n); /* a rank's share (to file 7's day) split again */
}

/* A rank with no file still puts the days no other rank does: with 3 ranks and 1 file, the first rank's
 * share holds the missing days before the file and the last's those after it. */
static void test_ranks_without_files(void **state)
{
    (void)state;
    static long one[] = {105};
    series_source s;
    collection(&s, 1, 9);
    s.file_day = one;
    check_shares(&s, 0, 1, 0, 9, 3);
    size_t first, end, day0, day1;
    ingest_share(&s, 0, 1, 0, 9, 0, 3, &first, &end, &day0, &day1);
    assert_int_equal(end - first, 0);
    assert_int_equal(day0, 0);
    assert_int_equal(day1, 5);
    ingest_share(&s, 0, 1, 0, 9, 2, 3, &first, &end, &day0, &day1);
    assert_int_equal(end - first, 1);
    assert_int_equal(day1, 9);
}

/* ingest_plan on a global 0.25° grid (720 × 1440) of 60 days, 2 workers. */
static int plan(double memory_mb, int workers, int *readers, int *writers, const char **spill, size_t *block_rows,
                size_t *block_cols, dt_error *err)
{
    static grid *g;
    dt_error ignored;
    if (!g) assert_int_equal(grid_new_latlon(&g, 720, 1440, 89.875, -0.25, -179.875, 0.25, &ignored), DT_OK);
    static long days[60];
    for (size_t i = 0; i < 60; i++) days[i] = 17000 + (long)i;
    series_source s;
    memset(&s, 0, sizeof s);
    s.grid = g;
    s.nfiles = 60;
    s.file_day = days;
    s.first_day = 17000;
    s.ndays = 60;
    cube_options options;
    cube_default_options(&options);
    options.memory_budget = (size_t)(memory_mb * 1048576.0);
    options.workers = workers;
    ingest_run run;
    memset(&run, 0, sizeof run);
    run.source = &s;
    run.options = &options;
    run.map_cells = 720 * 1440;
    run.format.ndays = 60;
    run.format.chunk_rows = run.format.chunk_cols = 4;
    return ingest_plan(&run, "/spill", readers, writers, spill, block_rows, block_cols, err);
}

static void test_plan_within_the_budget(void **state)
{
    (void)state;
    int readers, writers;
    const char *spill;
    size_t block_rows, block_cols;
    dt_error err;
    /* 60 days × 720 × 1440 × 4 B = 237 MiB: held in memory under 512 MB, in bands of one chunk */
    assert_int_equal(plan(512, 2, &readers, &writers, &spill, &block_rows, &block_cols, &err), DT_OK);
    assert_null(spill);
    assert_int_equal(readers, 2);
    assert_int_equal(block_rows, 4);
    assert_int_equal(block_cols, 1440);
    /* under 96 MB: spilled; each writer's block (and its scratch) within the budget */
    assert_int_equal(plan(96, 2, &readers, &writers, &spill, &block_rows, &block_cols, &err), DT_OK);
    assert_string_equal(spill, "/spill");
    size_t block = 60 * block_rows * block_cols * sizeof(float);
    assert_true((size_t)writers * block <= (size_t)96 << 20);
    assert_int_equal(block_rows % 4, 0);
    assert_true(block_cols == 1440 || block_cols % 4 == 0);
    /* a budget below one reader's maps (5 × 4 MB) is refused, saying what to give */
    assert_int_equal(plan(8, 2, &readers, &writers, &spill, &block_rows, &block_cols, &err), DT_ERR_USAGE);
    assert_non_null(strstr(err.text, "cannot hold one reader"));
    /* readers fewer than workers when the budget holds fewer maps */
    assert_int_equal(plan(24, 4, &readers, &writers, &spill, &block_rows, &block_cols, &err), DT_OK);
    assert_int_equal(readers, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_file_and_day_once),
        cmocka_unit_test(test_ranks_without_files),
        cmocka_unit_test(test_plan_within_the_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
