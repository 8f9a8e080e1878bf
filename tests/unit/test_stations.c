/* test_stations.c — station CSV parsing (and its errors) and the half-monthly RMSE. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "calendar.h"
#include "stations.h"

static char path[64];

static void write_file(const char *text)
{
    snprintf(path, sizeof path, "/tmp/drytex-stations-%d.csv", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_read(void **state)
{
    (void)state;
    write_file("station,lat,lon,date,sm\n"
               "A,35.1,101.2,2015-06-01,0.21\n"
               "B,36.0,-100.5,2015-06-01,\n"
               "A,35.1,101.2,2015-06-03,0.19\r\n"
               "\n"
               "B,36.0,-100.5,2015-06-02,0.30\n"
               "A,35.1,101.2,2015-06-03,0.21\n");
    station_set set;
    dt_error err;
    assert_int_equal(stations_read_csv(path, &set, &err), DT_OK);
    assert_int_equal(set.count, 2);
    assert_string_equal(set.items[0].name, "A");
    assert_int_equal(set.items[0].count, 3);
    assert_int_equal(set.items[1].count, 1); /* the empty value is no observation */
    assert_true(fabs(set.items[1].lon + 100.5) < 1e-12);
    float daily[4];
    long first = calendar_days_from_civil(2015, 6, 1);
    station_daily(&set.items[0], first, 4, daily);
    assert_true(fabs(daily[0] - 0.21f) < 1e-6 && isnan(daily[1]) && fabs(daily[2] - 0.20f) < 1e-6 && isnan(daily[3]));
    stations_free(&set);
    unlink(path);
}

static void test_errors(void **state)
{
    (void)state;
    station_set set;
    dt_error err;
    const char *bad[][2] = {
        {"name,lat\nA,1\n", "line 1"},
        {"station,lat,lon,date,sm\nA,95.0,10,2015-01-01,0.2\n", "line 2"},
        {"station,lat,lon,date,sm\nA,35,10,2015-13-01,0.2\n", "line 2"},
        {"station,lat,lon,date,sm\nA,35,10,2015-02-30,0.2\n", "line 2"},
        {"station,lat,lon,date,sm\nA,nan,10,2015-01-01,0.2\n", "line 2"},
        {"station,lat,lon,date,sm\nA,35,inf,2015-01-01,0.2\n", "line 2"},
        {"station,lat,lon,date,sm\nA,35,10,2015-01-01,0.2\nA,35,10,2015-01-02,1.7\n", "line 3: sm '1.7'"},
        {"station,lat,lon,date,sm\nA,35,10,2015-01-01,0.2\nA,36,10,2015-01-02,0.2\n", "moved"},
        {"station,lat,lon,date,sm\nA;35;10\n", "line 2"},
        {"station,lat,lon,date,sm\n", "no station"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        write_file(bad[i][0]);
        assert_int_not_equal(stations_read_csv(path, &set, &err), DT_OK);
        assert_non_null(strstr(err.text, path));
        if (!strstr(err.text, bad[i][1])) fail_msg("case %zu: '%s' lacks '%s'", i, err.text, bad[i][1]);
    }
    unlink(path);
    assert_int_equal(stations_read_csv("/nonexistent/stations.csv", &set, &err), DT_ERR_IO);
}

static void test_half_monthly_rmse(void **state)
{
    (void)state;
    long first = calendar_days_from_civil(2015, 6, 1);
    enum { N = 45 }; /* June 1 … July 15: three half-months */
    float sim[N], obs[N];
    for (int d = 0; d < N; d++) {
        sim[d] = 0.20f;
        obs[d] = d < 15 ? 0.18f : d < 30 ? 0.20f : 0.26f; /* differences 0.02, 0, −0.06 */
    }
    obs[3] = NAN;    /* gaps only thin a half-month out */
    sim[20] = NAN;
    size_t halves;
    double rmse = stations_half_monthly_rmse(sim, obs, first, N, &halves);
    assert_int_equal(halves, 3);
    assert_true(fabs(rmse - sqrt((0.02 * 0.02 + 0.0 + 0.06 * 0.06) / 3.0)) < 1e-6);
    for (int d = 0; d < 15; d++) obs[d] = NAN; /* a half-month without observations is not counted */
    rmse = stations_half_monthly_rmse(sim, obs, first, N, &halves);
    assert_int_equal(halves, 2);
    for (int d = 0; d < N; d++) obs[d] = NAN;
    assert_true(isnan(stations_half_monthly_rmse(sim, obs, first, N, &halves)) && halves == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_half_monthly_rmse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
