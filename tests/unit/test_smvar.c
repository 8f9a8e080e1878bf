/* test_smvar.c — soil-moisture units (volumetric, percent, saturation, not soil moisture) and the
 * ISMN reader's line ends, flags, daily means and header fields on small written files. */
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
#include "ismn.h"
#include "smvar.h"

static void test_units(void **state)
{
    (void)state;
    double scale;
    const char *volumetric[] = {"m3 m-3", "m3/m3", "m^3/m^3", "m^3*m^-3", "cm**3/cm**3", "cm3 cm-3", "1", "M3 M-3"};
    for (size_t i = 0; i < sizeof volumetric / sizeof *volumetric; i++) {
        assert_int_equal(smvar_classify_units(volumetric[i], "Volumetric Soil Moisture", "", &scale), SMVAR_VOLUMETRIC);
        assert_true(scale == 1.0);
    }
    assert_int_equal(smvar_classify_units("%", "volumetric water content", "", &scale), SMVAR_VOLUMETRIC_PERCENT);
    assert_true(fabs(scale - 0.01) < 1e-12);
    assert_int_equal(smvar_classify_units("vol%", "", "", &scale), SMVAR_VOLUMETRIC_PERCENT);
    /* ESA CCI ACTIVE: "percent of saturation", or % with a long_name saying so */
    assert_int_equal(smvar_classify_units("percent of saturation", "Percent of Saturation Soil Moisture", "", &scale),
                     SMVAR_SATURATION);
    assert_true(fabs(scale - 0.01) < 1e-12);
    assert_int_equal(smvar_classify_units("%", "Percent of Saturation Soil Moisture", "", &scale), SMVAR_SATURATION);
    assert_int_equal(smvar_classify_units("1", "degree of saturation", "", &scale), SMVAR_SATURATION);
    assert_true(scale == 1.0);
    assert_int_equal(smvar_classify_units("", "", "", &scale), SMVAR_NO_UNITS);
    const char *others[] = {"K", "kg m-2", "mm", "days since 1970-01-01", "degrees_north"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        assert_int_equal(smvar_classify_units(others[i], "", "", &scale), SMVAR_NOT_SOIL_MOISTURE);
}

static char path[96];

static void write_file(const char *name, const char *text)
{
    snprintf(path, sizeof path, "/tmp/drytex-ismn-%d-%s", (int)getpid(), name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The same day twice: 12 kept hours (one D-flagged hour dropped) and a day of 11 kept hours. */
static void station_text(char *text, size_t size, const char *end)
{
    size_t used = (size_t)snprintf(text, size, "XNET       XNET       Some Station  45.50000  -93.25000  300.00  0.05  0.05  Probe-1%s",
                                   end);
    for (int h = 0; h < 13; h++)
        used += (size_t)snprintf(text + used, size - used, "2010/06/01 %02d:00   %.4f %s M%s", h, h == 12 ? 0.9 : 0.2 + 0.01 * h,
                                 h == 12 ? "D02" : (h % 2 ? "G" : "U"), end);
    for (int h = 0; h < 11; h++)
        used += (size_t)snprintf(text + used, size - used, "2010/06/03 %02d:00   0.3000 G M%s", h, end);
}

static void test_ismn_line_ends(void **state)
{
    (void)state;
    const char *ends[] = {"\r", "\n", "\r\n"};
    for (int e = 0; e < 3; e++) {
        char text[4096];
        station_text(text, sizeof text, ends[e]);
        write_file("XNET_XNET_Some_sm_0.050000_0.050000_Probe-1_20100101_20101231.stm", text);
        ismn_station s;
        dt_error err;
        assert_int_equal(ismn_read(path, NULL, &s, &err), DT_OK);
        assert_string_equal(s.network, "XNET");
        assert_string_equal(s.station, "Some Station");
        assert_string_equal(s.sensor, "Probe-1");
        assert_true(fabs(s.lat - 45.5) < 1e-9 && fabs(s.lon + 93.25) < 1e-9);
        assert_true(fabs(s.depth_from - 0.05) < 1e-9 && fabs(s.depth_to - 0.05) < 1e-9);
        assert_int_equal(s.first_day, calendar_days_from_civil(2010, 6, 1));
        assert_int_equal(s.ndays, 3);
        assert_int_equal(s.values_read, 24);
        assert_int_equal(s.values_kept, 23);
        assert_int_equal(s.valid_days, 1);
        assert_true(fabs(s.daily[0] - (0.2 + 0.01 * 5.5)) < 1e-6); /* mean of 0.20 … 0.31 */
        assert_true(isnan(s.daily[1]) && isnan(s.daily[2]));   /* no values; 11 kept hours */
        ismn_free(&s);
        unlink(path);
    }
}

static void test_ismn_options_and_errors(void **state)
{
    (void)state;
    char text[4096];
    station_text(text, sizeof text, "\n");
    write_file("XNET_XNET_Some_sm_0.050000_0.050000_Probe-1_20100101_20101231.stm", text);
    ismn_options o;
    ismn_default_options(&o);
    o.min_hours = 11;
    snprintf(o.kept_flags, sizeof o.kept_flags, "GUD");
    ismn_station s;
    dt_error err;
    assert_int_equal(ismn_read(path, &o, &s, &err), DT_OK);
    assert_int_equal(s.values_kept, 24);
    assert_int_equal(s.valid_days, 2);
    ismn_free(&s);
    unlink(path);
    write_file("bad.stm", "XNET XNET S 45.5 -93.25 300 0.05 0.05 P\n2010/06/01 00:00 0.2 G M\nnot a line\n");
    assert_int_equal(ismn_read(path, NULL, &s, &err), DT_ERR_FORMAT);
    assert_non_null(strstr(err.text, "line 3"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_ismn_line_ends),
        cmocka_unit_test(test_ismn_options_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
