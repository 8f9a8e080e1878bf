/* test_grid.c — grids, CF time and regridding: EASE-Grid 2.0 centres and round trips, lat/lon
 * orientations and longitude conventions, calendars, file-name dates, mean regridding. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cftime.h"
#include "grid.h"
#include "regrid.h"

static void test_ease2_m36_corner_cell(void **state)
{
    (void)state;
    grid *g;
    dt_error err;
    assert_int_equal(grid_new_ease2(&g, EASE2_M36, &err), DT_OK);
    assert_int_equal(grid_rows(g), 406);
    assert_int_equal(grid_cols(g), 964);
    double lat, lon;
    assert_int_equal(grid_cell_center(g, 0, 0, &lat, &lon), DT_OK);
    assert_true(fabs(lat - 83.632) < 1e-3); /* NSIDC: 83.63197°N, 179.81326°W */
    assert_true(fabs(lon - -179.813) < 1e-3);
    assert_int_equal(grid_cell_center(g, 405, 963, &lat, &lon), DT_OK);
    assert_true(fabs(lat + 83.632) < 1e-3 && fabs(lon - 179.813) < 1e-3);
    grid_free(g);
}

/* cell → lat/lon → cell, and lat/lon → cell → centre, on every EASE2 resolution. */
static void test_ease2_round_trips(void **state)
{
    (void)state;
    for (int r = EASE2_M36; r <= EASE2_M01; r++) {
        grid *g;
        dt_error err;
        assert_int_equal(grid_new_ease2(&g, (ease2_resolution)r, &err), DT_OK);
        size_t rows = grid_rows(g), cols = grid_cols(g);
        double worst = 0;
        for (size_t k = 0; k < 2000; k++) {
            size_t row = (k * 7919) % rows, col = (k * 104729) % cols;
            if (k < 4) row = k % 2 ? rows - 1 : 0, col = k / 2 ? cols - 1 : 0;
            double lat, lon, lat2, lon2;
            size_t r2, c2;
            assert_int_equal(grid_cell_center(g, row, col, &lat, &lon), DT_OK);
            assert_int_equal(grid_locate(g, lat, lon, &r2, &c2), DT_OK);
            assert_int_equal(r2, row);
            assert_int_equal(c2, col);
            assert_int_equal(grid_cell_center(g, r2, c2, &lat2, &lon2), DT_OK);
            worst = fmax(worst, fmax(fabs(lat2 - lat), fabs(lon2 - lon)));
        }
        assert_true(worst < 1e-6);
        grid_free(g);
    }
}

static void test_ease2_subset_from_xy_and_clone(void **state)
{
    (void)state;
    double cell = 36032.220840584, x[4], y[3];
    for (int c = 0; c < 4; c++) x[c] = (800 + c - 482 + 0.5) * cell;
    for (int r = 0; r < 3; r++) y[r] = (203 - (100 + r) - 0.5) * cell;
    grid *sub, *global;
    dt_error err;
    assert_int_equal(grid_ease2_from_xy(&sub, x, 4, y, 3, &err), DT_OK);
    assert_int_equal(grid_new_ease2(&global, EASE2_M36, &err), DT_OK);
    double a, b, c, d;
    grid_cell_center(sub, 2, 3, &a, &b);
    grid_cell_center(global, 102, 803, &c, &d);
    assert_true(fabs(a - c) < 1e-9 && fabs(b - d) < 1e-9);
    double xs, ys;
    grid_cell_xy(sub, 0, 0, &xs, &ys);
    assert_true(fabs(xs - x[0]) < 1e-6 && fabs(ys - y[0]) < 1e-6);
    grid *copy = grid_clone(sub);
    grid_free(sub);
    grid_cell_center(copy, 2, 3, &a, &b);
    assert_true(fabs(a - c) < 1e-9);
    grid_free(copy);
    for (int k = 0; k < 3; k++) y[k] = -y[k];
    assert_int_equal(grid_ease2_from_xy(&sub, x, 4, y, 3, &err), DT_ERR_FORMAT);
    ease2_resolution res;
    assert_true(grid_detect_ease2(406, 964, &res) && res == EASE2_M36);
    assert_true(grid_detect_ease2(1624, 3856, &res) && res == EASE2_M09);
    assert_false(grid_detect_ease2(400, 964, &res));
    grid_free(global);
}

static void test_latlon_orientations(void **state)
{
    (void)state;
    grid *north_first, *south_first, *wrapped;
    dt_error err;
    double lat_desc[4] = {40.875, 40.625, 40.375, 40.125}, lat_asc[4] = {40.125, 40.375, 40.625, 40.875};
    double lon[3] = {100.125, 100.375, 100.625}, lon360[4] = {359.5, 0.5, 1.5, 2.5};
    assert_int_equal(grid_new_latlon_from_coords(&north_first, lat_desc, 4, lon, 3, &err), DT_OK);
    assert_int_equal(grid_new_latlon_from_coords(&south_first, lat_asc, 4, lon, 3, &err), DT_OK);
    size_t r, c;
    assert_int_equal(grid_locate(north_first, 40.8, 100.3, &r, &c), DT_OK);
    assert_true(r == 0 && c == 1);
    assert_int_equal(grid_locate(south_first, 40.8, 100.3, &r, &c), DT_OK);
    assert_true(r == 3 && c == 1);
    assert_int_equal(grid_locate(north_first, 41.1, 100.3, &r, &c), DT_ERR_NODATA);
    assert_int_equal(grid_locate(north_first, 40.8, 100.3 - 360.0, &r, &c), DT_OK);
    double la, lo;
    assert_int_equal(grid_new_latlon_from_coords(&wrapped, lat_asc, 1, lon360, 4, &err), DT_OK);
    grid_cell_center(wrapped, 0, 0, &la, &lo);
    assert_true(fabs(lo - -0.5) < 1e-12);
    assert_int_equal(grid_locate(wrapped, 40.2, -0.2, &r, &c), DT_OK);
    assert_int_equal(c, 0);
    assert_int_equal(grid_locate(wrapped, 40.2, 0.7, &r, &c), DT_OK);
    assert_int_equal(c, 1);
    char text[256];
    assert_non_null(strstr(grid_describe(north_first, text, sizeof text), "north→south"));
    assert_non_null(strstr(grid_describe(south_first, text, sizeof text), "south→north"));
    double irregular[3] = {1.0, 2.0, 4.0};
    grid *bad;
    assert_int_equal(grid_new_latlon_from_coords(&bad, irregular, 3, lon, 3, &err), DT_ERR_FORMAT);
    assert_non_null(strstr(err.text, "latitude: not regularly spaced"));
    /* one latitude and one longitude: a point series, a GRID_POINT_CELL cell centred on it */
    grid *point;
    assert_int_equal(grid_new_latlon_from_coords(&point, lat_asc, 1, lon, 1, &err), DT_OK);
    assert_int_equal(grid_rows(point), 1);
    assert_int_equal(grid_cols(point), 1);
    double lat_min, lat_max, lon_min, lon_max;
    assert_int_equal(grid_cell_bounds(point, 0, 0, &lat_min, &lat_max, &lon_min, &lon_max), DT_OK);
    assert_true(fabs(lat_max - lat_min - GRID_POINT_CELL) < 1e-9);
    assert_true(fabs(lon_max - lon_min - GRID_POINT_CELL) < 1e-9);
    assert_int_equal(grid_locate(point, lat_asc[0] + 0.1, lon[0] - 0.1, &r, &c), DT_OK);
    grid_free(point);
    grid_free(north_first);
    grid_free(south_first);
    grid_free(wrapped);
}

static void test_cftime_conversions(void **state)
{
    (void)state;
    assert_int_equal(calendar_days_from_civil(2015, 1, 1), 16436);
    int y, m, d;
    calendar_civil_from_days(-1, &y, &m, &d);
    assert_true(y == 1969 && m == 12 && d == 31);
    cf_time_units u;
    dt_error err;
    long day;
    double s;
    assert_int_equal(cftime_parse_units("days since 1582-10-04", "gregorian", &u, &err), DT_OK);
    cftime_to_date(&u, 1, &y, &m, &d, &s);
    assert_true(y == 1582 && m == 10 && d == 15); /* the Gregorian reform */
    assert_int_equal(cftime_parse_units("hours since 1900-1-1 00:00:00", NULL, &u, &err), DT_OK);
    cftime_to_epoch_day(&u, 1006632.0, &day); /* 1900-01-01 (epoch day −25567) + 41943 days */
    assert_int_equal(day, calendar_days_from_civil(2014, 11, 2));
    assert_int_equal(cftime_parse_units("seconds since 2015-01-01T00:00:00Z", NULL, &u, &err), DT_OK);
    cftime_to_epoch_day(&u, 1.5 * 86400, &day);
    assert_int_equal(day, 16437);
    assert_int_equal(cftime_parse_units("days since 1970-01-01 00:00:00 UTC", "proleptic_gregorian", &u, &err), DT_OK);
    cftime_to_epoch_day(&u, -0.25, &day);
    assert_int_equal(day, -1);
    assert_int_equal(cftime_parse_units("days since 2000-01-01", "360_day", &u, &err), DT_OK);
    cftime_to_date(&u, 59, &y, &m, &d, &s);
    assert_true(m == 2 && d == 30);
    cftime_to_epoch_day(&u, 59, &day);
    assert_int_equal(day, calendar_days_from_civil(2000, 3, 1));
    assert_int_equal(cftime_parse_units("d since 2001-01-01", "noleap", &u, &err), DT_OK);
    cftime_to_date(&u, 365 + 59, &y, &m, &d, &s);
    assert_true(y == 2002 && m == 3 && d == 1);
    const char *bad[] = {"days after 1970-01-01", "fortnights since 2000-01-01", "days since 1970-13-01", "days since",
                         "days since 99999999999-01-01", "days since 2000-01-01 99999999999:00"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(cftime_parse_units(bad[i], NULL, &u, &err), DT_ERR_FORMAT);
        assert_non_null(strstr(err.text, bad[i]));
    }
    assert_int_equal(cftime_parse_units("days since 2000-01-01", "lunar", &u, &err), DT_ERR_FORMAT);
    assert_non_null(strstr(err.text, "lunar"));
}

static void test_dates_in_file_names(void **state)
{
    (void)state;
    long day;
    assert_int_equal(cftime_date_from_filename("/d/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20150101000000-fv08.1.nc", &day), DT_OK);
    assert_int_equal(day, 16436);
    assert_int_equal(cftime_date_from_filename("SMAP_L3_SM_P_20150401_R18290_001.h5", &day), DT_OK);
    assert_int_equal(day, calendar_days_from_civil(2015, 4, 1));
    assert_int_equal(cftime_date_from_filename("nnsm_2016-02-29.nc", &day), DT_OK);
    assert_int_equal(day, calendar_days_from_civil(2016, 2, 29));
    assert_int_equal(cftime_date_from_filename("MOD.A2015032.h25v05.nc", &day), DT_OK);
    assert_int_equal(day, calendar_days_from_civil(2015, 2, 1));
    assert_int_equal(cftime_date_from_filename("sm_20150401_20150402.nc", &day), DT_ERR_FORMAT);
    assert_int_equal(cftime_date_from_filename("sm.nc", &day), DT_ERR_FORMAT);
}

static void test_regrid_means_and_counts(void **state)
{
    (void)state;
    grid *fine_north, *fine_south, *coarse, *elsewhere;
    dt_error err;
    /* fine 0.5°, 4 × 4, north→south; coarse 1°, 2 × 2 */
    assert_int_equal(grid_new_latlon(&fine_north, 4, 4, 1.75, -0.5, 0.25, 0.5, &err), DT_OK);
    assert_int_equal(grid_new_latlon(&fine_south, 4, 4, 0.25, 0.5, 0.25, 0.5, &err), DT_OK);
    assert_int_equal(grid_new_latlon(&coarse, 2, 2, 1.5, -1.0, 0.5, 1.0, &err), DT_OK);
    float north[16], south[16];
    for (int i = 0; i < 16; i++) north[i] = (float)i;
    north[5] = NAN;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) south[(3 - r) * 4 + c] = north[r * 4 + c];
    float mean[4], mean2[4];
    int count[4], count2[4];
    assert_int_equal(regrid_mean(fine_north, north, coarse, mean, count, &err), DT_OK);
    assert_int_equal(regrid_mean(fine_south, south, coarse, mean2, count2, &err), DT_OK);
    assert_true(mean[0] == (0 + 1 + 4) / 3.0f && count[0] == 3);
    assert_true(mean[1] == (2 + 3 + 6 + 7) / 4.0f && count[1] == 4);
    assert_true(mean[3] == (10 + 11 + 14 + 15) / 4.0f);
    assert_memory_equal(mean, mean2, sizeof mean);
    assert_memory_equal(count, count2, sizeof count);
    assert_int_equal(grid_new_latlon(&elsewhere, 2, 2, -40.0, 1.0, 60.0, 1.0, &err), DT_OK);
    assert_int_equal(regrid_mean(fine_north, north, elsewhere, mean, count, &err), DT_ERR_NODATA);
    assert_non_null(strstr(err.text, "does not overlap"));
    grid_free(fine_north);
    grid_free(fine_south);
    grid_free(coarse);
    grid_free(elsewhere);
}

static void test_regrid_latlon_onto_ease2(void **state)
{
    (void)state;
    grid *fine, *target;
    dt_error err;
    double cell = 36032.220840584, x[2], y[2];
    for (int k = 0; k < 2; k++) x[k] = (800 + k - 482 + 0.5) * cell, y[k] = (203 - (100 + k) - 0.5) * cell;
    assert_int_equal(grid_ease2_from_xy(&target, x, 2, y, 2, &err), DT_OK);
    double la0, lo0, la1, lo1;
    grid_cell_center(target, 0, 0, &la0, &lo0);
    grid_cell_center(target, 1, 1, &la1, &lo1);
    /* a 0.05° map covering both cells */
    size_t rows = 20, cols = 20;
    assert_int_equal(grid_new_latlon(&fine, rows, cols, la0 + 0.2, -0.05, lo0 - 0.2, 0.05, &err), DT_OK);
    float values[400];
    for (int i = 0; i < 400; i++) values[i] = 1.0f;
    float mean[4];
    int count[4];
    assert_int_equal(regrid_mean(fine, values, target, mean, count, &err), DT_OK);
    assert_true(count[0] > 0 && mean[0] == 1.0f);
    grid_free(fine);
    grid_free(target);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ease2_m36_corner_cell),
        cmocka_unit_test(test_ease2_round_trips),
        cmocka_unit_test(test_ease2_subset_from_xy_and_clone),
        cmocka_unit_test(test_latlon_orientations),
        cmocka_unit_test(test_cftime_conversions),
        cmocka_unit_test(test_dates_in_file_names),
        cmocka_unit_test(test_regrid_means_and_counts),
        cmocka_unit_test(test_regrid_latlon_onto_ease2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
