/* test_job.c — the domain-job engine: tiling, threads, resume, stop, errors. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "job.h"
#include "rng.h"

enum { ROWS = 37, COLS = 29 };

typedef struct {
    double output[ROWS * COLS];
    unsigned char done[64];
    int reads, writes;
    size_t fail_at_tile;           /* SIZE_MAX: never */
    volatile sig_atomic_t stop;
    size_t stop_after;             /* raise stop after this many tiles */
    size_t tiles_written;
    size_t stop_within_tile;       /* a signal comes while this tile is computed (SIZE_MAX: never) */
    size_t begin_calls, begin_done, begin_total; /* what progress_begin was told */
} toy_job;

typedef struct {
    double values[ROWS * COLS]; /* a whole tile, up to the whole domain */
} toy_worker;

static void *toy_worker_create(void *job)
{
    (void)job;
    return calloc(1, sizeof(toy_worker));
}

static int toy_read(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    (void)worker, (void)tile, (void)err;
    ((toy_job *)job)->reads++;
    return DT_OK;
}

/* Each cell's value comes from its own seeded stream: independent of thread and tile order. */
static int toy_compute(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    toy_job *j = job;
    toy_worker *w = worker;
    if (tile->index == j->fail_at_tile)
        return dt_error_set(err, DT_ERR_VALUE, "tile %zu: made-up failure", tile->index);
    for (size_t r = 0; r < tile->nrows; r++)
        for (size_t c = 0; c < tile->ncols; c++) {
            if (tile->index == j->stop_within_tile && r == 1) j->stop = 1;
            if (job_tile_stopping(tile)) return dt_error_set(err, DT_ERR_INTERRUPTED, "stopped within a tile");
            rng_state rng;
            rng_seed(&rng, 7, (tile->row0 + r) * COLS + tile->col0 + c);
            double x = 0;
            for (int k = 0; k < 100; k++) x += rng_normal(&rng);
            w->values[r * tile->ncols + c] = x;
        }
    return DT_OK;
}

static int toy_write(void *job, void *worker, const job_tile *tile, dt_error *err)
{
    (void)err;
    toy_job *j = job;
    toy_worker *w = worker;
    for (size_t r = 0; r < tile->nrows; r++)
        for (size_t c = 0; c < tile->ncols; c++)
            j->output[(tile->row0 + r) * COLS + tile->col0 + c] = w->values[r * tile->ncols + c];
    j->writes++;
    return DT_OK;
}

static int toy_mark_done(void *job, const job_tile *tile, dt_error *err)
{
    (void)err;
    toy_job *j = job;
    j->done[tile->index] = 1;
    if (++j->tiles_written >= j->stop_after) j->stop = 1;
    return DT_OK;
}

static const job_callbacks toy = {toy_worker_create, free, toy_read, toy_compute, toy_write, toy_mark_done};

static toy_job *new_job(void)
{
    toy_job *j = calloc(1, sizeof *j);
    j->fail_at_tile = SIZE_MAX;
    j->stop_after = SIZE_MAX;
    j->stop_within_tile = SIZE_MAX;
    return j;
}

static void toy_begin(size_t done, size_t total, void *context)
{
    toy_job *j = context;
    j->begin_calls++, j->begin_done = done, j->begin_total = total;
}

static void run_job(toy_job *j, int threads, int resume, size_t tile, int expected)
{
    job_config config;
    job_default_config(&config, ROWS, COLS);
    config.tile_rows = config.tile_cols = tile;
    config.threads = threads;
    config.stop = &j->stop;
    config.done = resume ? j->done : NULL;
    config.progress_begin = toy_begin;
    config.progress_context = j;
    dt_error err;
    size_t run;
    assert_int_equal(job_run(&config, &toy, j, &run, &err), expected);
}

static void test_tiles_cover_the_domain_once(void **state)
{
    (void)state;
    job_config config;
    job_default_config(&config, ROWS, COLS);
    config.tile_rows = 8;
    config.tile_cols = 5;
    int covered[ROWS * COLS] = {0};
    assert_int_equal(job_tile_count(&config), 5 * 6);
    for (size_t i = 0; i < job_tile_count(&config); i++) {
        job_tile t;
        job_tile_at(&config, i, &t);
        for (size_t r = 0; r < t.nrows; r++)
            for (size_t c = 0; c < t.ncols; c++) covered[(t.row0 + r) * COLS + t.col0 + c]++;
    }
    for (int i = 0; i < ROWS * COLS; i++) assert_int_equal(covered[i], 1);
}

static void test_threads_give_identical_results(void **state)
{
    (void)state;
    toy_job *one = new_job(), *two = new_job();
    run_job(one, 1, 0, 8, DT_OK);
    run_job(two, 2, 0, 8, DT_OK);
    assert_memory_equal(one->output, two->output, sizeof one->output);
    assert_int_equal(one->writes, 5 * 4);
    assert_int_equal(two->reads, 5 * 4);
    free(one);
    free(two);
}

static void test_stop_then_resume_equals_uninterrupted(void **state)
{
    (void)state;
    toy_job *whole = new_job(), *parts = new_job();
    run_job(whole, 2, 0, 8, DT_OK);
    parts->stop_after = 7;
    run_job(parts, 2, 0, 8, DT_ERR_INTERRUPTED);
    int finished = 0;
    for (int i = 0; i < 20; i++) finished += parts->done[i];
    assert_true(finished >= 7 && finished < 20);
    parts->stop = 0;
    parts->stop_after = SIZE_MAX;
    int writes_before = parts->writes;
    run_job(parts, 1, 1, 8, DT_OK);
    assert_int_equal(parts->writes - writes_before, 20 - finished); /* only unfinished tiles */
    assert_memory_equal(whole->output, parts->output, sizeof whole->output);
    free(whole);
    free(parts);
}

/* A stop that comes while a long tile is computed abandons it: nothing of it is written or marked
 * done, the job says interrupted (not failed), and --resume computes it whole. A job of one tile
 * could not be cancelled at all before. progress_begin is told the tiles before the first. */
static void test_stop_within_a_tile(void **state)
{
    (void)state;
    toy_job *whole = new_job(), *parts = new_job();
    run_job(whole, 1, 0, 64, DT_OK);
    assert_int_equal(whole->begin_calls, 1);
    assert_int_equal(whole->begin_done, 0);
    assert_int_equal(whole->begin_total, 1);
    parts->stop_within_tile = 0;
    run_job(parts, 1, 0, 64, DT_ERR_INTERRUPTED);
    assert_int_equal(parts->writes, 0);
    assert_int_equal(parts->done[0], 0);
    parts->stop = 0;
    parts->stop_within_tile = SIZE_MAX;
    run_job(parts, 2, 1, 64, DT_OK);
    assert_int_equal(parts->writes, 1);
    assert_memory_equal(whole->output, parts->output, sizeof whole->output);
    /* resumed with tiles done: progress_begin says how many */
    toy_job *resumed = new_job();
    resumed->stop_within_tile = 9;
    run_job(resumed, 1, 0, 8, DT_ERR_INTERRUPTED);
    assert_int_equal(resumed->done[9], 0);
    resumed->stop = 0;
    resumed->stop_within_tile = SIZE_MAX;
    run_job(resumed, 1, 1, 8, DT_OK);
    assert_int_equal(resumed->begin_done, 9);
    assert_int_equal(resumed->begin_total, 20);
    assert_memory_equal(whole->output, resumed->output, sizeof whole->output);
    free(whole);
    free(parts);
    free(resumed);
}

static void test_error_stops_and_is_reported(void **state)
{
    (void)state;
    toy_job *j = new_job();
    j->fail_at_tile = 3;
    job_config config;
    job_default_config(&config, ROWS, COLS);
    config.tile_rows = config.tile_cols = 8;
    config.threads = 2;
    dt_error err;
    assert_int_equal(job_run(&config, &toy, j, NULL, &err), DT_ERR_VALUE);
    assert_string_equal(err.text, "tile 3: made-up failure");
    assert_int_equal(j->done[3], 0);
    free(j);
}

static void test_ranks_share_tiles(void **state)
{
    (void)state;
    toy_job *whole = new_job(), *split = new_job();
    run_job(whole, 1, 0, 8, DT_OK);
    for (size_t rank = 0; rank < 3; rank++) {
        job_config config;
        job_default_config(&config, ROWS, COLS);
        config.tile_rows = config.tile_cols = 8;
        config.first_tile = rank;
        config.tile_step = 3;
        dt_error err;
        assert_int_equal(job_run(&config, &toy, split, NULL, &err), DT_OK);
    }
    assert_memory_equal(whole->output, split->output, sizeof whole->output);
    free(whole);
    free(split);
}

static void test_bad_config(void **state)
{
    (void)state;
    job_config config;
    job_default_config(&config, ROWS, COLS);
    config.tile_rows = 0;
    dt_error err;
    assert_int_equal(job_run(&config, &toy, NULL, NULL, &err), DT_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiles_cover_the_domain_once),
        cmocka_unit_test(test_threads_give_identical_results),
        cmocka_unit_test(test_stop_then_resume_equals_uninterrupted),
        cmocka_unit_test(test_stop_within_a_tile),
        cmocka_unit_test(test_error_stops_and_is_reported),
        cmocka_unit_test(test_ranks_share_tiles),
        cmocka_unit_test(test_bad_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
