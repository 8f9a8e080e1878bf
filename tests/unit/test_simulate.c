/* test_simulate.c — one cell's column run from daily P and PET: the water budget closes, spin-up
 * converges, texture orders summer wetness as Noah-MP does, bad forcing is refused; the JJA
 * comparison; sampling a map from one grid onto another. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "calendar.h"
#include "demo_world.h"
#include "grid.h"
#include "ptf.h"
#include "regrid.h"
#include "rng.h"
#include "simulate.h"

enum { DAYS = 3 * 365 };

/* A seasonal climate: rain pulses every few days (heavier in summer), PET a sine over the year. */
static void synthetic_forcing(float *precip, float *pet, size_t n, long first_day)
{
    rng_state rng;
    rng_seed(&rng, 7, 0);
    for (size_t i = 0; i < n; i++) {
        int year, month, day;
        calendar_civil_from_days(first_day + (long)i, &year, &month, &day);
        double season = sin(2.0 * M_PI * ((double)month - 4.0) / 12.0);
        pet[i] = (float)(3.0 + 2.5 * season);
        precip[i] = rng_uniform(&rng) < 0.25 ? (float)(8.0 + 6.0 * season + 10.0 * rng_uniform(&rng)) : 0.0f;
    }
}

static ptf_hydraulics soil_of(double sand, double clay)
{
    ptf_options o;
    ptf_default_options(&o);
    o.scheme = PTF_SR06_NOAHMP;
    ptf_hydraulics h;
    dt_error err;
    assert_int_equal(ptf_eval(&o, sand, clay, 0.0, &h, &err), DT_OK);
    return h;
}

static void run(double sand, double clay, const float *precip, const float *pet, long first_day, simulate_run *r,
                float *top)
{
    simulate_options o;
    simulate_default_options(&o);
    ptf_hydraulics soil = soil_of(sand, clay);
    memset(r, 0, sizeof *r);
    r->top = top;
    dt_error err;
    assert_int_equal(simulate_column(&o, &soil, first_day, precip, pet, DAYS, r, &err), DT_OK);
}

static void test_water_budget_closes(void **state)
{
    (void)state;
    static float precip[DAYS], pet[DAYS], top[DAYS];
    long first = calendar_days_from_civil(2015, 1, 1);
    synthetic_forcing(precip, pet, DAYS, first);
    const double textures[3][2] = {{85, 5}, {40, 20}, {20, 45}};
    for (int t = 0; t < 3; t++) {
        simulate_run r;
        run(textures[t][0], textures[t][1], precip, pet, first, &r, top);
        /* Δ storage = infiltration − evaporation − transpiration − drainage − saturation excess [mm];
         * 1e-6 mm is the 1e-9 m */
        double residual = r.water_change - (r.infiltration - r.evaporation - r.transpiration - r.drainage - r.saturation_excess);
        assert_true(fabs(residual) < 1e-6);
        assert_true(r.precipitation > 1000.0);
        assert_true(fabs(r.precipitation - (r.infiltration + r.surface_runoff - r.saturation_excess)) < 1e-6);
        assert_true(r.spun_up && r.spinup_loops >= 1);
        for (size_t i = 0; i < DAYS; i++) assert_true(top[i] > 0.0f && top[i] < 0.6f);
    }
}

static void test_sandier_is_drier_in_summer(void **state)
{
    (void)state;
    static float precip[DAYS], pet[DAYS], top[DAYS];
    long first = calendar_days_from_civil(2015, 1, 1);
    synthetic_forcing(precip, pet, DAYS, first);
    simulate_run sandy, clayey;
    run(85, 5, precip, pet, first, &sandy, top);
    run(30, 35, precip, pet, first, &clayey, top);
    /* Noah-MP over Bondville 1998: 0.178 (85/5) vs 0.317 (30/35) JJA layer-1 θ */
    print_message("JJA layer-1 θ: sand 85/clay 5 %.3f, sand 30/clay 35 %.3f m3 m-3 (spin-up %d, %d loops)\n",
                  sandy.jja_top, clayey.jja_top, sandy.spinup_loops, clayey.spinup_loops);
    assert_true(sandy.jja_top < clayey.jja_top - 0.05);
    assert_true(sandy.drainage > clayey.drainage);
}

static void test_spinup_repeats_the_first_year(void **state)
{
    (void)state;
    static float precip[DAYS], pet[DAYS], top[DAYS], again[DAYS];
    long first = calendar_days_from_civil(2015, 1, 1);
    synthetic_forcing(precip, pet, DAYS, first);
    simulate_options o;
    simulate_default_options(&o);
    ptf_hydraulics soil = soil_of(40, 20);
    simulate_run r = {.top = top}, none = {.top = again};
    dt_error err;
    assert_int_equal(simulate_column(&o, &soil, first, precip, pet, DAYS, &r, &err), DT_OK);
    o.spinup_max_loops = 0;
    assert_int_equal(simulate_column(&o, &soil, first, precip, pet, DAYS, &none, &err), DT_OK);
    assert_int_equal(none.spinup_loops, 0);
    /* the first days differ (θref start vs spun-up state), the last year hardly */
    assert_true(fabs(top[0] - again[0]) > 1e-4 || r.spinup_loops == 1);
    assert_true(fabs(top[DAYS - 1] - again[DAYS - 1]) < 0.01);
}

static void test_bad_forcing_is_refused(void **state)
{
    (void)state;
    static float precip[DAYS], pet[DAYS], top[DAYS];
    long first = calendar_days_from_civil(2015, 1, 1);
    synthetic_forcing(precip, pet, DAYS, first);
    precip[31] = NAN; /* 2015-02-01 */
    simulate_options o;
    simulate_default_options(&o);
    ptf_hydraulics soil = soil_of(40, 20);
    simulate_run r = {.top = top};
    dt_error err;
    assert_int_equal(simulate_column(&o, &soil, first, precip, pet, DAYS, &r, &err), DT_ERR_NODATA);
    assert_non_null(strstr(err.text, "2015-02-01"));
    precip[31] = 0.0f;
    pet[40] = -1.0f;
    assert_int_equal(simulate_column(&o, &soil, first, precip, pet, DAYS, &r, &err), DT_ERR_NODATA);
    o.rain_hours = 0;
    assert_int_equal(simulate_validate(&o, &err), DT_ERR_USAGE);
}

static void test_jja_comparison(void **state)
{
    (void)state;
    long first = calendar_days_from_civil(2015, 5, 30); /* May 30, 31, June 1, 2, … */
    float s[6] = {0.30f, 0.30f, 0.25f, 0.20f, NAN, 0.22f}, r[6] = {0.10f, 0.10f, 0.20f, 0.20f, 0.2f, NAN};
    simulate_comparison c;
    simulate_compare(s, r, first, 6, &c);
    assert_int_equal(c.all.count, 4);
    assert_int_equal(c.jja_count, 2);
    assert_true(fabs(c.jja_difference - 0.025) < 1e-6);
    assert_true(simulate_is_jja(calendar_days_from_civil(2020, 8, 31)) && !simulate_is_jja(calendar_days_from_civil(2020, 9, 1)));
}

static void test_sample_between_grids(void **state)
{
    (void)state;
    grid *coarse, *fine, *shifted;
    dt_error err;
    /* coarse 1° cells centred 30.5…33.5°N (north→south in the file), 100.5…104.5°E */
    assert_int_equal(grid_new_latlon(&coarse, 4, 5, 33.5, -1.0, 100.5, 1.0, &err), DT_OK);
    float values[20];
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 5; c++) values[r * 5 + c] = (float)(2.0 * (33.5 - r) + 0.5 * (100.5 + c)); /* linear */
    /* the same grid: exact */
    float same[20];
    regrid_sample(coarse, values, coarse, same);
    for (int i = 0; i < 20; i++) assert_true(fabs(same[i] - values[i]) < 1e-4);
    /* a 0.5° grid inside: a linear field is reproduced between centres, held at the edges */
    assert_int_equal(grid_new_latlon(&fine, 6, 8, 33.25, -0.5, 100.75, 0.5, &err), DT_OK);
    float out[48];
    regrid_sample(coarse, values, fine, out);
    for (int r = 0; r < 6; r++)
        for (int c = 0; c < 8; c++) {
            double lat = 33.25 - 0.5 * r, lon = 100.75 + 0.5 * c;
            assert_true(fabs(out[r * 8 + c] - (2.0 * lat + 0.5 * lon)) < 1e-3);
        }
    /* a grid given in 0…360 (here −360…0) longitudes finds the same places */
    assert_int_equal(grid_new_latlon(&shifted, 2, 2, 33.0, -1.0, 101.0 - 360.0, 1.0, &err), DT_OK);
    float far[4];
    regrid_sample(coarse, values, shifted, far);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++) assert_true(fabs(far[r * 2 + c] - (2.0 * (33.0 - r) + 0.5 * (101.0 + c))) < 1e-3);
    /* a missing neighbour is left out of the weights: the rest still give a value */
    values[1 * 5 + 1] = NAN;
    regrid_sample(coarse, values, fine, out);
    for (int i = 0; i < 48; i++) assert_false(isnan(out[i]));
    grid_free(coarse);
    grid_free(fine);
    grid_free(shifted);
}

/* The demo's column twin: the truth is the column's layer-1 θ with the true texture, the satellite
 * sees it through the same gaps and retrieval errors as the analytic world. */
static void test_demo_column_twin(void **state)
{
    (void)state;
    demo_settings settings;
    demo_default_settings(&settings);
    settings.rows = 2;
    settings.cols = 3;
    settings.ndays = 2 * 365;
    demo_world analytic, twin;
    dt_error err;
    assert_int_equal(demo_world_build(&analytic, &settings, &err), DT_OK);
    settings.series_model = DEMO_SERIES_COLUMN;
    assert_int_equal(demo_world_build(&twin, &settings, &err), DT_OK);
    demo_series a, t;
    demo_series_alloc(&a, settings.ndays);
    demo_series_alloc(&t, settings.ndays);
    demo_cell_series(&analytic, 1, 2, &a);
    demo_cell_series(&twin, 1, 2, &t);
    size_t valid = 0;
    double spread = 0.0;
    for (size_t d = 0; d < settings.ndays; d++) {
        assert_true(a.precip[d] == t.precip[d] && a.pet[d] == t.pet[d]);
        assert_int_equal(isnan(a.satellite[d]), isnan(t.satellite[d]));
        assert_true(t.truth[d] > 0.0f && t.truth[d] < 0.6f);
        if (isnan(t.satellite[d])) continue;
        valid++;
        spread += (double)(t.satellite[d] - t.truth[d]) * (t.satellite[d] - t.truth[d]);
    }
    double sigma = sqrt(spread / (double)valid);
    assert_true(fabs((double)valid / settings.ndays - 0.7) < 0.06);
    assert_true(fabs(sigma - settings.noise) < 0.0008);
    demo_series_free(&a);
    demo_series_free(&t);
    demo_world_free(&analytic);
    demo_world_free(&twin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_water_budget_closes),
        cmocka_unit_test(test_sandier_is_drier_in_summer),
        cmocka_unit_test(test_spinup_repeats_the_first_year),
        cmocka_unit_test(test_bad_forcing_is_refused),
        cmocka_unit_test(test_jja_comparison),
        cmocka_unit_test(test_sample_between_grids),
        cmocka_unit_test(test_demo_column_twin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
