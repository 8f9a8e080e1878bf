/* test_ncheader.c — the classic header and HDF5 superblock checks: whole files pass, every kind of
 * damage is refused with a message, and nothing the header claims is allocated before it is checked. */
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

#include "ncheader.h"

static char path[64];

/* A file with a record variable sm(time, lat, lon), a fixed lat, and attributes, as netCDF-C
 * writes it in the given format; returns its bytes and size. */
static uint8_t *sample(int format, size_t records, size_t *size)
{
    snprintf(path, sizeof path, "/tmp/drytex-ncheader-%d.nc", (int)getpid());
    int ncid, dims[3], sm, lat;
    assert_int_equal(nc_create(path, NC_CLOBBER | format, &ncid), NC_NOERR);
    nc_def_dim(ncid, "time", NC_UNLIMITED, &dims[0]);
    nc_def_dim(ncid, "lat", 3, &dims[1]);
    nc_def_dim(ncid, "lon", 5, &dims[2]);
    nc_def_var(ncid, "lat", NC_DOUBLE, 1, &dims[1], &lat);
    nc_put_att_text(ncid, lat, "units", 13, "degrees_north");
    nc_def_var(ncid, "sm", NC_FLOAT, 3, dims, &sm);
    nc_put_att_text(ncid, NC_GLOBAL, "title", 4, "test");
    nc_enddef(ncid);
    float values[15] = {0};
    for (size_t t = 0; t < records; t++) {
        size_t start[3] = {t, 0, 0}, count[3] = {1, 3, 5};
        nc_put_vara_float(ncid, sm, start, count, values);
    }
    assert_int_equal(nc_close(ncid), NC_NOERR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    rewind(f);
    uint8_t *bytes = malloc(*size + 64);
    assert_int_equal(fread(bytes, 1, *size, f), *size);
    fclose(f);
    unlink(path);
    return bytes;
}

static void expect_refused(const uint8_t *bytes, size_t size, const char *message)
{
    dt_error err;
    assert_int_equal(ncheader_check_classic(bytes, size, "x.nc", &err), DT_ERR_FORMAT);
    if (!strstr(err.text, message)) fail_msg("'%s' lacks '%s'", err.text, message);
    assert_non_null(strstr(err.text, "x.nc: "));
}

static void test_whole_files_pass(void **state)
{
    (void)state;
    const int formats[] = {0, NC_64BIT_OFFSET, NC_64BIT_DATA};
    for (int i = 0; i < 3; i++)
        for (size_t records = 0; records < 4; records += 3) {
            size_t size;
            uint8_t *bytes = sample(formats[i], records, &size);
            dt_error err;
            assert_int_equal(ncheader_check_classic(bytes, size, "x.nc", &err), DT_OK);
            free(bytes);
        }
}

static void test_truncated(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = sample(0, 4, &size);
    expect_refused(bytes, size - 1, "sm's 4 records");
    expect_refused(bytes, size / 2, "the file has");
    expect_refused(bytes, 20, "cannot fit");
    for (size_t cut = 0; cut < size; cut++) expect_refused(bytes, cut, "x.nc: ");
    expect_refused(bytes, 3, "no CDF signature");
    free(bytes);
}

static void test_claims_beyond_the_file(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = sample(0, 1, &size);
    uint8_t *copy = malloc(size);
    /* numrecs 2^31 - 1 */
    memcpy(copy, bytes, size);
    copy[4] = 0x7f, copy[5] = copy[6] = copy[7] = 0xff;
    expect_refused(copy, size, "2147483647 records");
    /* all ones: streaming, the count comes from the file's length */
    copy[4] = 0xff;
    dt_error err;
    assert_int_equal(ncheader_check_classic(copy, size, "x.nc", &err), DT_OK);
    /* millions of dimensions */
    memcpy(copy, bytes, size);
    copy[12] = 0x00, copy[13] = 0x23, copy[14] = 0x00, copy[15] = 0xfe;
    expect_refused(copy, size, "dimensions cannot fit");
    /* the first dimension's name 300 bytes long (netCDF-C's stack buffer holds 256) */
    memcpy(copy, bytes, size);
    copy[18] = 0x01, copy[19] = 0x2c;
    expect_refused(copy, size, "name of 300 bytes");
    /* a dimension id that does not exist */
    memcpy(copy, bytes, size);
    size_t at = 0;
    for (size_t i = 0; i + 4 < size; i++)
        if (memcmp(copy + i, "sm\0\0", 4) == 0) at = i + 4;
    assert_true(at > 0);
    copy[at + 7] = 9; /* ndims (4 bytes) then the first dimid */
    expect_refused(copy, size, "uses dimension 9");
    /* an unknown type */
    memcpy(copy, bytes, size);
    for (size_t i = 0; i + 4 < size; i++)
        if (memcmp(copy + i, "title", 5) == 0) at = i + 8;
    copy[at + 3] = 42;
    expect_refused(copy, size, "type 42");
    free(copy);
    free(bytes);
}

static void test_hdf5_superblock(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/drytex-ncheader-%d.nc", (int)getpid());
    int ncid;
    assert_int_equal(nc_create(path, NC_CLOBBER | NC_NETCDF4, &ncid), NC_NOERR);
    assert_int_equal(nc_close(ncid), NC_NOERR);
    ncheader_kind kind;
    dt_error err;
    assert_int_equal(ncheader_check(path, &kind, &err), DT_OK);
    assert_int_equal(kind, NCHEADER_HDF5);
    FILE *f = fopen(path, "rb");
    uint8_t sb[64];
    size_t got = fread(sb, 1, sizeof sb, f);
    fseek(f, 0, SEEK_END);
    uint64_t size = (uint64_t)ftell(f);
    fclose(f);
    unlink(path);
    assert_int_equal(ncheader_check_hdf5(sb, got, 0, size, "x.nc", &err), DT_OK);
    assert_int_equal(ncheader_check_hdf5(sb, got, 0, size - 1, "x.nc", &err), DT_ERR_FORMAT);
    assert_non_null(strstr(err.text, "x.nc: "));
    if (sb[8] >= 2) {
        sb[20] ^= 1;
        assert_int_equal(ncheader_check_hdf5(sb, got, 0, size, "x.nc", &err), DT_ERR_FORMAT);
        assert_non_null(strstr(err.text, "checksum"));
    }
    assert_int_equal(ncheader_check_hdf5(sb, 20, 0, size, "x.nc", &err), DT_ERR_FORMAT);
}

static void test_not_a_regular_file(void **state)
{
    (void)state;
    ncheader_kind kind;
    dt_error err;
    assert_int_equal(ncheader_check("/dev/null", &kind, &err), DT_ERR_IO);
    assert_non_null(strstr(err.text, "/dev/null: is not a regular file"));
    assert_int_equal(ncheader_check("/tmp", &kind, &err), DT_ERR_IO);
    assert_int_equal(ncheader_check("/nonexistent.nc", &kind, &err), DT_ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_files_pass),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_claims_beyond_the_file),
        cmocka_unit_test(test_hdf5_superblock),
        cmocka_unit_test(test_not_a_regular_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
