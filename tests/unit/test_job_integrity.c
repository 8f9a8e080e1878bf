/* test_job_integrity.c — the pieces that keep a job's output whole: the output lock, the inputs'
 * fingerprints and the per-tile text beside the output (issue 14). */
#include <fcntl.h>
#include <netcdf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "job_inputs.h"
#include "job_lock.h"
#include "job_text.h"
#include "unit_tmpdir.h"

static void write_file(const char *path, const char *text, size_t length)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, length, f), length);
    fclose(f);
}

static void test_lock_refuses_a_second_holder(void **state)
{
    (void)state;
    char path[128];
    unit_tmpdir_path(path, sizeof path, "out.nc.partial.lock");
    job_lock first, second;
    dt_error err;
    assert_int_equal(job_lock_take(&first, path, "drytex calibrate --ptf sr06", &err), DT_OK);
    /* an open-file-description lock: refused even to another take in this process */
    assert_int_equal(job_lock_take(&second, path, "drytex calibrate --ptf ch78", &err), DT_ERR_IO);
    char expected[128];
    snprintf(expected, sizeof expected, "out.nc.partial: another job is writing this output: pid %ld on host ", (long)getpid());
    assert_non_null(strstr(err.text, expected));
    assert_non_null(strstr(err.text, "drytex calibrate --ptf sr06"));
    assert_null(strchr(err.text, '\n'));
    job_lock_release(&first);
    assert_int_equal(access(path, F_OK), -1); /* released: the note goes too */
    assert_int_equal(job_lock_take(&second, path, NULL, &err), DT_OK);
    job_lock_release(&second);
    unit_tmpdir_path(path, sizeof path, "no/such/dir/out.nc.partial.lock");
    assert_int_equal(job_lock_take(&second, path, NULL, &err), DT_ERR_IO);
    assert_non_null(strstr(err.text, "no/such/dir/out.nc.partial: cannot be created"));
}

static void test_hash_sees_every_byte(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 7, 31, 32, 33, 1u << 20, (1u << 20) + 5};
    char path[128];
    unit_tmpdir_path(path, sizeof path, "input.bin");
    char *data = calloc((1u << 20) + 5, 1);
    for (size_t i = 0; i < (1u << 20) + 5; i++) data[i] = (char)(i * 7 + 3);
    uint64_t previous = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        write_file(path, data, sizes[k]);
        uint64_t hash, size, again, size_again;
        dt_error err;
        assert_int_equal(job_inputs_hash_file(path, &hash, &size, &err), DT_OK);
        assert_int_equal(size, sizes[k]);
        assert_true(k == 0 || hash != previous);
        assert_int_equal(job_inputs_hash_file(path, &again, &size_again, &err), DT_OK);
        assert_true(again == hash); /* stable */
        if (sizes[k] > 0) { /* the last byte, in the tail or in a full stripe, counts */
            data[sizes[k] - 1] ^= 1;
            write_file(path, data, sizes[k]);
            assert_int_equal(job_inputs_hash_file(path, &again, &size_again, &err), DT_OK);
            assert_true(again != hash);
            data[sizes[k] - 1] ^= 1;
        }
        previous = hash;
    }
    free(data);
}

static void test_inputs_check_contents_not_times(void **state)
{
    (void)state;
    char a[128], b[128];
    unit_tmpdir_path(a, sizeof a, "thresholds.nc");
    unit_tmpdir_path(b, sizeof b, "soil.nc");
    write_file(a, "theta_w theta_c", 15);
    write_file(b, "sand clay", 9);
    char *paths[] = {a, b}, *recorded = NULL;
    dt_error err;
    assert_int_equal(job_inputs_describe(paths, 2, &recorded, &err), DT_OK);
    assert_non_null(strstr(recorded, "size=15 mtime="));
    assert_int_equal(job_inputs_check(recorded, paths, 2, &err), DT_OK);
    sleep(1);
    write_file(b, "sand clay", 9); /* the same contents, a new modification time */
    assert_int_equal(job_inputs_check(recorded, paths, 2, &err), DT_OK);
    write_file(b, "sand CLAY", 9); /* the same size, other contents */
    assert_int_equal(job_inputs_check(recorded, paths, 2, &err), DT_ERR_VALUE);
    assert_non_null(strstr(err.text, "soil.nc: changed since the job began"));
    write_file(b, "sand", 4);
    assert_int_equal(job_inputs_check(recorded, paths, 2, &err), DT_ERR_VALUE);
    assert_non_null(strstr(err.text, "9 bytes modified"));
    unlink(b);
    assert_int_equal(job_inputs_check(recorded, paths, 2, &err), DT_ERR_IO);
    assert_non_null(strstr(err.text, "soil.nc"));
    free(recorded);
}

static int text_partial(const char *path, job_text *text)
{
    int ncid, dim;
    assert_int_equal(nc_create(path, NC_CLOBBER | NC_64BIT_OFFSET, &ncid), NC_NOERR);
    assert_int_equal(nc_def_dim(ncid, "tile", 4, &dim), NC_NOERR);
    dt_error err;
    assert_int_equal(job_text_define(text, ncid, path, &err), DT_OK);
    assert_int_equal(nc_enddef(ncid), NC_NOERR);
    return ncid;
}

static void test_text_in_tile_order_and_cut_on_resume(void **state)
{
    (void)state;
    char partial[128], events[128];
    unit_tmpdir_path(partial, sizeof partial, "thr.nc.partial");
    unit_tmpdir_path(events, sizeof events, "events.csv");
    job_text text = {.fd = -1};
    dt_error err;
    unsigned char done[4] = {0, 0, 0, 0};
    int ncid = text_partial(partial, &text);
    assert_int_equal(job_text_open(&text, events, "h", ncid, 0, done, 4, partial, &err), DT_OK);
    assert_int_equal(job_text_put(&text, 2, "two\n", 4, &err), DT_OK);
    done[2] = 1;
    assert_int_equal(job_text_put(&text, 0, "zero\n", 5, &err), DT_OK); /* written, then killed before its flag */
    job_text_close(&text);
    nc_close(ncid);

    assert_int_equal(nc_open(partial, NC_WRITE, &ncid), NC_NOERR);
    assert_int_equal(job_text_open(&text, events, "h", ncid, 1, done, 4, partial, &err), DT_OK);
    struct stat st;
    char side[160];
    snprintf(side, sizeof side, "%s.partial", events);
    assert_int_equal(stat(side, &st), 0);
    assert_int_equal(st.st_size, 4); /* the killed tile's row is gone */
    assert_int_equal(job_text_put(&text, 0, "zero\n", 5, &err), DT_OK);
    assert_int_equal(job_text_put(&text, 3, "", 0, &err), DT_OK);
    assert_int_equal(job_text_put(&text, 1, "one\n", 4, &err), DT_OK);
    assert_int_equal(job_text_assemble(&text, 4, &err), DT_OK);
    assert_int_equal(job_text_commit(&text, &err), DT_OK);
    job_text_close(&text);
    nc_close(ncid);
    char contents[64] = "";
    FILE *f = fopen(events, "rb");
    assert_non_null(f);
    size_t got = fread(contents, 1, sizeof contents - 1, f);
    fclose(f);
    contents[got] = '\0';
    assert_string_equal(contents, "h\nzero\none\ntwo\n");

    /* a done tile whose rows never reached the side file runs again */
    unsigned char again[4] = {1, 1, 1, 1};
    assert_int_equal(truncate(side, 9), 0); /* "two\nzero\n" stays, "one\n" is lost */
    assert_int_equal(nc_open(partial, NC_WRITE, &ncid), NC_NOERR);
    assert_int_equal(job_text_open(&text, events, "h", ncid, 1, again, 4, partial, &err), DT_OK);
    assert_true(again[0] && !again[1] && again[2] && again[3]);
    job_text_close(&text);
    nc_close(ncid);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lock_refuses_a_second_holder),
        cmocka_unit_test(test_hash_sees_every_byte),
        cmocka_unit_test(test_inputs_check_contents_not_times),
        cmocka_unit_test(test_text_in_tile_order_and_cut_on_resume),
    };
    return cmocka_run_group_tests(tests, unit_tmpdir_make, unit_tmpdir_remove);
}
