/* test_job_output.c — a job output's done flags are grouped behind one sync of the tiles' values
 * (job_output_mark_done): the first tile's flag is written at once; a tile finished within the
 * sync interval of the last sync waits, and is written with the next tile past that interval;
 * closing an unfinished output writes the waiting flags, so that --resume does not redo tiles
 * whose values are in the file. Each check reads OUT.partial from a second handle, as --resume
 * (or a kill's survivor) would. The interval is set to an hour and then to 0 rather than waited
 * for, so that a slow machine (valgrind) cannot pass it unseen. */
#include <math.h>
#include <netcdf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grid.h"
#include "job.h"
#include "job_output.h"
#include "unit_tmpdir.h"

static int define_nothing(cf_output *out, void *context, dt_error *err)
{
    (void)out, (void)context, (void)err;
    return DT_OK;
}

static int find_nothing(int ncid, void *context, dt_error *err)
{
    (void)ncid, (void)context, (void)err;
    return DT_OK;
}

/* the flags in the file now, as another process reads them */
static void flags_on_file(const char *partial, signed char *flags, size_t count)
{
    int ncid, varid;
    assert_int_equal(nc_open(partial, NC_NOWRITE, &ncid), NC_NOERR);
    assert_int_equal(nc_inq_varid(ncid, "tile_done", &varid), NC_NOERR);
    assert_int_equal(nc_get_var_schar(ncid, varid, flags), NC_NOERR);
    nc_close(ncid);
    for (size_t i = 0; i < count; i++) flags[i] = flags[i] == 1; /* the fill: never written */
}

static void test_flags_wait_for_a_grouped_sync(void **state)
{
    (void)state;
    char path[600], partial[620];
    unit_tmpdir_path(path, sizeof path, "out.nc");
    snprintf(partial, sizeof partial, "%s.partial", path);
    grid *g;
    dt_error err;
    assert_int_equal(grid_new_latlon(&g, 4, 4, 50.0, -1.0, 10.0, 1.0, &err), DT_OK);
    job_config config;
    job_default_config(&config, 4, 4);
    config.tile_rows = config.tile_cols = 2; /* 4 tiles */
    job_output_spec spec = {.title = "test", .history = "test_job_output", .signature = "grouped syncs",
                            .define = define_nothing, .find = find_nothing};
    job_output o;
    assert_int_equal(job_output_open(&o, path, g, &config, &spec, &err), DT_OK);
    signed char flags[4];
    job_tile tile;

    job_tile_at(&config, 0, &tile);
    assert_int_equal(job_output_mark_done(&o, &tile, &err), DT_OK);
    flags_on_file(partial, flags, 4);
    assert_int_equal(flags[0], 1); /* the first sync is not deferred */
    assert_true(o.sync_interval == JOB_OUTPUT_SYNC_SECONDS);
    o.sync_interval = 3600;

    job_tile_at(&config, 1, &tile);
    assert_int_equal(job_output_mark_done(&o, &tile, &err), DT_OK);
    flags_on_file(partial, flags, 4);
    assert_int_equal(flags[1], 0); /* within the interval: waits */
    assert_int_equal(o.done[1], 0);

    o.sync_interval = 0; /* the interval has passed */
    job_tile_at(&config, 2, &tile);
    assert_int_equal(job_output_mark_done(&o, &tile, &err), DT_OK);
    flags_on_file(partial, flags, 4);
    assert_int_equal(flags[1], 1); /* one sync for the tile that waited and this one */
    assert_int_equal(flags[2], 1);
    assert_int_equal(o.done[1] + o.done[2], 2);

    o.sync_interval = 3600;
    job_tile_at(&config, 3, &tile);
    assert_int_equal(job_output_mark_done(&o, &tile, &err), DT_OK);
    flags_on_file(partial, flags, 4);
    assert_int_equal(flags[3], 0);

    /* the job stops here, unfinished: closing writes the waiting flag and keeps the partial file */
    assert_int_equal(job_output_close(&o, &err), DT_OK);
    flags_on_file(partial, flags, 4);
    assert_int_equal(flags[0] + flags[1] + flags[2] + flags[3], 4);
    grid_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flags_wait_for_a_grouped_sync),
    };
    return cmocka_run_group_tests(tests, unit_tmpdir_make, unit_tmpdir_remove);
}
