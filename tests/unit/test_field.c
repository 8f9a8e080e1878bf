/* test_field.c — the netCDF data layer: field (one gridded variable) and series (cube or daily
 * collection). Files are written here with the netCDF API in a temporary directory. */
#include <math.h>
#include <netcdf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "field.h"
#include "series.h"
#include "unit_tmpdir.h"


static const char *path_of(const char *name)
{
    static char path[4][256];
    static int next;
    next = (next + 1) % 4;
    unit_tmpdir_path(path[next], sizeof path[next], name);
    return path[next];
}

#define NC(call) assert_int_equal((call), NC_NOERR)

static void put_text(int ncid, int varid, const char *name, const char *value)
{
    NC(nc_put_att_text(ncid, varid, name, strlen(value), value));
}

/* A lat/lon file; dims_order "tyx" or "txy" (lon before lat); lat_step < 0 for north→south. */
static void write_latlon_file(const char *name, const char *order, size_t nt, const double *lat,
                              size_t nlat, const double *lon, size_t nlon, const float *values,
                              const char *time_units)
{
    int ncid, t, y, x, tv, yv, xv, v;
    NC(nc_create(path_of(name), NC_CLOBBER | NC_NETCDF4, &ncid));
    NC(nc_def_dim(ncid, "time", nt, &t));
    NC(nc_def_dim(ncid, "latitude", nlat, &y));
    NC(nc_def_dim(ncid, "longitude", nlon, &x));
    NC(nc_def_var(ncid, "time", NC_DOUBLE, 1, &t, &tv));
    put_text(ncid, tv, "units", time_units);
    NC(nc_def_var(ncid, "latitude", NC_DOUBLE, 1, &y, &yv));
    put_text(ncid, yv, "standard_name", "latitude");
    NC(nc_def_var(ncid, "longitude", NC_DOUBLE, 1, &x, &xv));
    put_text(ncid, xv, "units", "degrees_east");
    int dims[3] = {t, y, x};
    if (strcmp(order, "txy") == 0) dims[1] = x, dims[2] = y;
    NC(nc_def_var(ncid, "soil_moisture", NC_FLOAT, 3, dims, &v));
    float fill = -9999.0f;
    NC(nc_put_att_float(ncid, v, "_FillValue", NC_FLOAT, 1, &fill));
    put_text(ncid, v, "units", "m3 m-3");
    NC(nc_enddef(ncid));
    double times[16];
    for (size_t i = 0; i < nt; i++) times[i] = (double)i;
    NC(nc_put_var_double(ncid, tv, times));
    NC(nc_put_var_double(ncid, yv, lat));
    NC(nc_put_var_double(ncid, xv, lon));
    NC(nc_put_var_float(ncid, v, values));
    NC(nc_close(ncid));
}

static void test_descending_latitude_and_0_360_longitude(void **state)
{
    (void)state;
    double lat[3] = {10.5, 10.0, 9.5}, lon[2] = {359.75, 0.25}; /* wraps through 0 */
    float values[6] = {1, 2, 3, 4, 5, -9999};
    write_latlon_file("desc.nc", "tyx", 1, lat, 3, lon, 2, values, "days since 2000-01-01");
    field *f;
    dt_error err;
    assert_int_equal(field_open(&f, path_of("desc.nc"), NULL, &err), DT_OK);
    assert_string_equal(f->variable, "soil_moisture");
    assert_int_equal(grid_rows(f->grid), 3);
    assert_int_equal(grid_cols(f->grid), 2);
    assert_int_equal(f->ntime, 1);
    assert_non_null(f->epoch_days);
    assert_int_equal(f->epoch_days[0], 10957); /* 2000-01-01 */
    double la, lo;
    assert_int_equal(grid_cell_center(f->grid, 0, 0, &la, &lo), DT_OK);
    assert_true(fabs(la - 10.5) < 1e-9 && fabs(lo - -0.25) < 1e-9);
    float out[6];
    assert_int_equal(field_read(f, 0, 1, 0, 3, 0, 2, out, &err), DT_OK);
    assert_true(out[0] == 1 && out[4] == 5 && isnan(out[5]));
    size_t row, col;
    assert_int_equal(grid_locate(f->grid, 9.6, 0.2, &row, &col), DT_OK);
    assert_int_equal(row, 2);
    assert_int_equal(col, 1);
    field_close(f);
}

static void test_lon_before_lat_is_permuted(void **state)
{
    (void)state;
    double lat[2] = {1.0, 2.0}, lon[3] = {10.0, 11.0, 12.0};
    /* file order (time, lon, lat): value = 10·lon_index + lat_index */
    float values[2 * 6];
    for (int t = 0; t < 2; t++)
        for (int x = 0; x < 3; x++)
            for (int y = 0; y < 2; y++) values[t * 6 + x * 2 + y] = (float)(100 * t + 10 * x + y);
    write_latlon_file("txy.nc", "txy", 2, lat, 2, lon, 3, values, "days since 2000-01-01");
    field *f;
    dt_error err;
    assert_int_equal(field_open(&f, path_of("txy.nc"), NULL, &err), DT_OK);
    float out[12];
    assert_int_equal(field_read(f, 0, 2, 0, 2, 0, 3, out, &err), DT_OK);
    for (int t = 0; t < 2; t++)
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 3; x++) assert_true(out[t * 6 + y * 3 + x] == (float)(100 * t + 10 * x + y));
    float one[2];
    assert_int_equal(field_read(f, 0, 2, 1, 1, 2, 1, one, &err), DT_OK);
    assert_true(one[0] == 21 && one[1] == 121);
    field_close(f);
}

static void test_packing_and_valid_range(void **state)
{
    (void)state;
    int ncid, y, x, yv, xv, v;
    NC(nc_create(path_of("packed.nc"), NC_CLOBBER, &ncid));
    NC(nc_def_dim(ncid, "y", 1, &y));
    NC(nc_def_dim(ncid, "x", 4, &x));
    NC(nc_def_var(ncid, "y", NC_FLOAT, 1, &y, &yv));
    put_text(ncid, yv, "units", "degrees_north");
    NC(nc_def_var(ncid, "x", NC_FLOAT, 1, &x, &xv));
    put_text(ncid, xv, "units", "degrees_east");
    int dims[2] = {y, x};
    NC(nc_def_var(ncid, "sm", NC_SHORT, 2, dims, &v));
    double scale = 0.001, offset = 0.05;
    short range[2] = {0, 500}, missing = -1;
    NC(nc_put_att_double(ncid, v, "scale_factor", NC_DOUBLE, 1, &scale));
    NC(nc_put_att_double(ncid, v, "add_offset", NC_DOUBLE, 1, &offset));
    NC(nc_put_att_short(ncid, v, "valid_range", NC_SHORT, 2, range));
    NC(nc_put_att_short(ncid, v, "missing_value", NC_SHORT, 1, &missing));
    NC(nc_enddef(ncid));
    float ys[1] = {45}, xs[4] = {1, 2, 3, 4};
    short raw[4] = {100, -1, 600, 500};
    NC(nc_put_var_float(ncid, yv, ys));
    NC(nc_put_var_float(ncid, xv, xs));
    NC(nc_put_var_short(ncid, v, raw));
    NC(nc_close(ncid));
    field *f;
    dt_error err;
    assert_int_equal(field_open(&f, path_of("packed.nc"), NULL, &err), DT_OK);
    assert_int_equal(f->ntime, 1);
    float out[4];
    assert_int_equal(field_read(f, 0, 1, 0, 1, 0, 4, out, &err), DT_OK);
    assert_true(fabsf(out[0] - 0.15f) < 1e-6f);
    assert_true(isnan(out[1]) && isnan(out[2]));
    assert_true(fabsf(out[3] - 0.55f) < 1e-6f);
    field_close(f);
}

static void test_errors_name_file_and_variable(void **state)
{
    (void)state;
    field *f;
    dt_error err;
    field_options options;
    field_default_options(&options);
    assert_int_equal(field_open(&f, path_of("nothing-here.nc"), NULL, &err), DT_ERR_IO);
    assert_non_null(strstr(err.text, "nothing-here.nc: cannot open"));
    options.variable = "absent";
    assert_int_equal(field_open(&f, path_of("desc.nc"), &options, &err), DT_ERR_MISSING);
    assert_non_null(strstr(err.text, "desc.nc: absent: no such variable"));
    options.variable = NULL;
    options.layer = 3;
    assert_int_equal(field_open(&f, path_of("desc.nc"), &options, &err), DT_ERR_USAGE);
    assert_non_null(strstr(err.text, "layer 4 asked, the variable has 1"));
    FILE *text = fopen(path_of("text.nc"), "w");
    fputs("CDF? not really\n", text);
    fclose(text);
    assert_int_equal(field_open(&f, path_of("text.nc"), NULL, &err), DT_ERR_FORMAT);
    assert_non_null(strstr(err.text, "text.nc: "));
}

/* A variable with its time axis twice (the fuzzer's flag(time, lat, time), which leaked the first
 * time axis read): refused by name, before any coordinate is read twice. */
static void test_one_axis_twice_is_refused(void **state)
{
    (void)state;
    int ncid, t, y, tv, v;
    NC(nc_create(path_of("twice.nc"), NC_CLOBBER, &ncid));
    NC(nc_def_dim(ncid, "time", 1, &t));
    NC(nc_def_dim(ncid, "lat", 2, &y));
    NC(nc_def_var(ncid, "time", NC_DOUBLE, 1, &t, &tv));
    put_text(ncid, tv, "units", "days since 1970-01-01");
    int dims[3] = {t, y, t};
    NC(nc_def_var(ncid, "flag", NC_BYTE, 3, dims, &v));
    NC(nc_enddef(ncid));
    double day = 16436;
    NC(nc_put_var_double(ncid, tv, &day));
    NC(nc_close(ncid));
    field *f;
    dt_error err;
    assert_int_equal(field_open(&f, path_of("twice.nc"), NULL, &err), DT_ERR_FORMAT);
    assert_non_null(strstr(err.text, "twice.nc: flag: dimensions 'time' and 'time' are both its time axis"));
}

static void test_read_outside_is_refused(void **state)
{
    (void)state;
    field *f;
    dt_error err;
    assert_int_equal(field_open(&f, path_of("desc.nc"), NULL, &err), DT_OK);
    float out[8];
    assert_int_equal(field_read(f, 0, 1, 2, 2, 0, 1, out, &err), DT_ERR_USAGE);
    assert_int_equal(field_read(f, 1, 1, 0, 1, 0, 1, out, &err), DT_ERR_USAGE);
    field_close(f);
}

/* Daily files dated by name: a gap day reads as NaN; the collection and the single-day values line up. */
static void test_collection_by_file_name(void **state)
{
    (void)state;
    double lat[1] = {5.0}, lon[2] = {7.0, 8.0};
    const char *names[3] = {"x_20200301.nc", "x_20200228.nc", "x_20200229.nc"};
    long days[3] = {18322, 18320, 18321}; /* 2020-03-01, 02-28, 02-29 */
    char *paths[3];
    for (int i = 0; i < 3; i++) {
        float values[2] = {0.01f * (float)i, 0.10f + 0.01f * (float)i}; /* m3 m-3: 1 and more are impossible */
        char units[64];
        snprintf(units, sizeof units, "days since 1970-01-01");
        write_latlon_file(names[i], "tyx", 1, lat, 1, lon, 2, values, units);
        /* rewrite time so the variable agrees with the name */
        int ncid, tv;
        NC(nc_open(path_of(names[i]), NC_WRITE, &ncid));
        NC(nc_inq_varid(ncid, "time", &tv));
        double t = (double)days[i];
        NC(nc_put_var_double(ncid, tv, &t));
        NC(nc_close(ncid));
        paths[i] = strdup(path_of(names[i]));
    }
    series_source *s;
    dt_error err;
    assert_int_equal(series_open(&s, paths, 3, NULL, &err), DT_OK);
    assert_int_equal(s->nfiles, 3);
    assert_int_equal(s->first_day, 18320);
    assert_int_equal(s->ndays, 3);
    float series[3];
    assert_int_equal(series_read_cell(s, 0, 1, series, &err), DT_OK);
    assert_true(series[0] == 0.10f + 0.01f * 1 && series[1] == 0.10f + 0.01f * 2 && series[2] == 0.10f);
    series_close(s);
    for (int i = 0; i < 3; i++) free(paths[i]);
}

static void test_cube_with_irregular_steps(void **state)
{
    (void)state;
    double lat[1] = {5.0}, lon[2] = {7.0, 7.5};
    /* time 0, 1 (hours since …): the same day twice, averaged */
    float values[4] = {0.2f, 0.5f, 0.4f, 0.5f};
    write_latlon_file("hours.nc", "tyx", 2, lat, 1, lon, 2, values, "hours since 2001-06-01 00:00");
    char *paths[1] = {strdup(path_of("hours.nc"))};
    series_source *s;
    dt_error err;
    assert_int_equal(series_open(&s, paths, 1, NULL, &err), DT_OK);
    assert_non_null(s->cube);
    assert_int_equal(s->ndays, 1);
    float out[1];
    assert_int_equal(series_read_cell(s, 0, 0, out, &err), DT_OK);
    float one_cell[1];
    assert_int_equal(series_read_cell(s, 0, 1, one_cell, &err), DT_OK);
    assert_true(one_cell[0] == 0.5f);
    assert_true(fabsf(out[0] - 0.3f) < 1e-6f);
    series_close(s);
    free(paths[0]);
}

/* Impossible soil moisture is masked at the door and counted, before a sub-daily day's mean: an
 * hour of 1.56 beside one of 0.2 would make a plausible 0.88. */
static void test_impossible_values_masked_before_the_mean(void **state)
{
    (void)state;
    double lat[1] = {5.0}, lon[2] = {7.0, 7.5};
    float values[4] = {0.2f, 0.5f, 1.56f, -0.43f}; /* hour 0: both cells; hour 1: both impossible */
    write_latlon_file("impossible.nc", "tyx", 2, lat, 1, lon, 2, values, "hours since 2001-06-01 00:00");
    char *paths[1] = {strdup(path_of("impossible.nc"))};
    series_source *s;
    dt_error err;
    assert_int_equal(series_open(&s, paths, 1, NULL, &err), DT_OK);
    assert_true(s->range_max == 1.0);
    float out[2];
    assert_int_equal(series_read_block(s, 0, 1, 0, 2, out, &err), DT_OK);
    assert_true(out[0] == 0.2f && out[1] == 0.5f);
    assert_int_equal(s->masked_out_of_range, 2);
    assert_int_equal(series_read_cell(s, 0, 0, out, &err), DT_OK); /* every read adds its own */
    assert_int_equal(s->masked_out_of_range, 3);
    series_close(s);
    free(paths[0]);
}

/* The bounds: rounding above 1 is not impossible; −0 is 0; NaN is missing, not counted. */
/* Each kind of value an unpacked float variable holds — good, NaN, the fill, the missing value (both
 * inside the valid range, so that each test is seen on its own), out of range, -0 — over 37 values
 * (any block a faster reading might use, and a tail): masked or kept as the CF rules say. */
static void test_unpacked_values_masked(void **state)
{
    (void)state;
    enum { N = 37 };
    const float kinds[7] = {0.25f, NAN, 0.5f, 0.75f, 1.5f, -0.0f, 1.0f};
    float raw[N], out[N];
    for (int i = 0; i < N; i++) raw[i] = kinds[(i * 5 + i / 7) % 7];
    int ncid, y, x, yv, xv, v;
    NC(nc_create(path_of("blocks.nc"), NC_CLOBBER, &ncid));
    NC(nc_def_dim(ncid, "y", 1, &y));
    NC(nc_def_dim(ncid, "x", N, &x));
    NC(nc_def_var(ncid, "y", NC_FLOAT, 1, &y, &yv));
    put_text(ncid, yv, "units", "degrees_north");
    NC(nc_def_var(ncid, "x", NC_FLOAT, 1, &x, &xv));
    put_text(ncid, xv, "units", "degrees_east");
    int dims[2] = {y, x};
    NC(nc_def_var(ncid, "sm", NC_FLOAT, 2, dims, &v));
    float fill = 0.5f, missing = 0.75f, range[2] = {0.0f, 1.0f};
    NC(nc_put_att_float(ncid, v, "_FillValue", NC_FLOAT, 1, &fill));
    NC(nc_put_att_float(ncid, v, "missing_value", NC_FLOAT, 1, &missing));
    NC(nc_put_att_float(ncid, v, "valid_range", NC_FLOAT, 2, range));
    put_text(ncid, v, "units", "m3 m-3");
    NC(nc_enddef(ncid));
    float ys[1] = {45}, xs[N];
    for (int i = 0; i < N; i++) xs[i] = (float)i;
    NC(nc_put_var_float(ncid, yv, ys));
    NC(nc_put_var_float(ncid, xv, xs));
    NC(nc_put_var_float(ncid, v, raw));
    NC(nc_close(ncid));
    field *f;
    dt_error err;
    assert_int_equal(field_open(&f, path_of("blocks.nc"), NULL, &err), DT_OK);
    assert_int_equal(field_read(f, 0, 1, 0, 1, 0, N, out, &err), DT_OK);
    int good = 0;
    for (int i = 0; i < N; i++) {
        int missing_value = isnan(raw[i]) || raw[i] == 0.5f || raw[i] == 0.75f || raw[i] < 0.0f || raw[i] > 1.0f;
        if (missing_value) {
            assert_true(isnan(out[i]));
        } else {
            assert_true(out[i] == raw[i]);
            assert_false(signbit(out[i])); /* -0 comes out as +0, as raw × 1 + 0 gives it */
            good++;
        }
    }
    assert_true(good >= 10);
    field_close(f);
}

static void test_mask_outside_bounds(void **state)
{
    (void)state;
    float v[7] = {1.0f, 1.0000005f, 1.01f, -0.0f, -1e-6f, NAN, 0.5f};
    assert_int_equal(field_mask_outside(v, 7, 1.0), 2);
    assert_true(v[0] == 1.0f && v[1] == 1.0000005f && isnan(v[2]) && v[3] == 0.0f && isnan(v[4]) && isnan(v[5]) &&
                v[6] == 0.5f);
    float percent[3] = {100.0f, 100.5f, 37.0f};
    assert_int_equal(field_mask_outside(percent, 3, 100.0), 1);
    assert_true(isnan(percent[1]));
    /* the two floats either side of the bound 1 + 1e-6, and every kind of value at every place of a
     * 41-value array (in a block of four and in the tail) */
    const float kinds[8] = {1.0f, 1.0000009537f, 1.0000010729f, 1.01f, -0.0f, -1e-6f, NAN, 0.5f};
    const int outside[8] = {0, 0, 1, 1, 0, 1, 0, 0};
    assert_true((double)kinds[1] < 1.000001 && (double)kinds[2] > 1.000001);
    enum { N = 41 };
    float many[N];
    size_t expected = 0;
    for (int i = 0; i < N; i++) many[i] = kinds[(i * 3 + i / 8) % 8], expected += (size_t)outside[(i * 3 + i / 8) % 8];
    assert_int_equal(field_mask_outside(many, N, 1.0), expected);
    for (int i = 0; i < N; i++) {
        int k = (i * 3 + i / 8) % 8;
        if (outside[k] || isnan(kinds[k])) assert_true(isnan(many[i]));
        else assert_true(many[i] == kinds[k]);
    }
}


/* ESA CCI-like: t0 (a timestamp) is the first gridded variable, sm is short with a float
 * valid_range in physical units; time is 43 µs before midnight. series_open without options
 * (the explorer's call) takes sm, on the right day, with the range applied after unpacking. */
static void test_soil_moisture_defaults(void **state)
{
    (void)state;
    int ncid, t, y, x, tv, yv, xv, t0v, smv;
    NC(nc_create(path_of("cci.nc"), NC_CLOBBER | NC_NETCDF4, &ncid));
    NC(nc_def_dim(ncid, "time", 1, &t));
    NC(nc_def_dim(ncid, "lat", 2, &y));
    NC(nc_def_dim(ncid, "lon", 2, &x));
    NC(nc_def_var(ncid, "time", NC_DOUBLE, 1, &t, &tv));
    put_text(ncid, tv, "units", "days since 1970-01-01 00:00:00 UTC");
    NC(nc_def_var(ncid, "lat", NC_FLOAT, 1, &y, &yv));
    put_text(ncid, yv, "units", "degrees_north");
    NC(nc_def_var(ncid, "lon", NC_FLOAT, 1, &x, &xv));
    put_text(ncid, xv, "units", "degrees_east");
    int dims[3] = {t, y, x};
    NC(nc_def_var(ncid, "t0", NC_DOUBLE, 3, dims, &t0v));
    put_text(ncid, t0v, "units", "days since 1970-01-01 00:00:00 UTC");
    NC(nc_def_var(ncid, "sm", NC_SHORT, 3, dims, &smv));
    put_text(ncid, smv, "units", "m3 m-3");
    float scale = 0.0001f, range[2] = {0.0f, 1.0f};
    short fill = -9999;
    NC(nc_put_att_float(ncid, smv, "scale_factor", NC_FLOAT, 1, &scale));
    NC(nc_put_att_float(ncid, smv, "valid_range", NC_FLOAT, 2, range));
    NC(nc_put_att_short(ncid, smv, "_FillValue", NC_SHORT, 1, &fill));
    NC(nc_enddef(ncid));
    double time = 16070.9999999995, lat[2] = {40.125, 39.875}, lon[2] = {-100.125, -99.875};
    double stamps[4] = {16070.5, 16070.6, 16070.7, 16070.8};
    short sm[4] = {1000, 12000, -9999, 4650};
    NC(nc_put_var_double(ncid, tv, &time));
    NC(nc_put_var_double(ncid, yv, lat));
    NC(nc_put_var_double(ncid, xv, lon));
    NC(nc_put_var_double(ncid, t0v, stamps));
    NC(nc_put_var_short(ncid, smv, sm));
    NC(nc_close(ncid));
    series_source *s;
    dt_error err;
    char *paths[1] = {(char *)path_of("cci.nc")};
    assert_int_equal(series_open(&s, paths, 1, NULL, &err), DT_OK);
    assert_string_equal(s->variable, "sm");
    assert_int_equal(s->first_day, 16071); /* 2014-01-01 */
    float out[4];
    assert_int_equal(series_read_block(s, 0, 2, 0, 2, out, &err), DT_OK);
    assert_true(fabs(out[0] - 0.1) < 1e-6);
    assert_true(isnan(out[1]) && isnan(out[2])); /* 1.2 outside the physical range; fill */
    assert_true(fabs(out[3] - 0.465) < 1e-6);
    series_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_descending_latitude_and_0_360_longitude),
        cmocka_unit_test(test_soil_moisture_defaults),
        cmocka_unit_test(test_lon_before_lat_is_permuted),
        cmocka_unit_test(test_packing_and_valid_range),
        cmocka_unit_test(test_errors_name_file_and_variable),
        cmocka_unit_test(test_read_outside_is_refused),
        cmocka_unit_test(test_one_axis_twice_is_refused),
        cmocka_unit_test(test_collection_by_file_name),
        cmocka_unit_test(test_cube_with_irregular_steps),
        cmocka_unit_test(test_impossible_values_masked_before_the_mean),
        cmocka_unit_test(test_mask_outside_bounds),
        cmocka_unit_test(test_unpacked_values_masked),
    };
    return cmocka_run_group_tests(tests, unit_tmpdir_make, unit_tmpdir_remove);
}
