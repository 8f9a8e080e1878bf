/* test_column.c — the Noah-MP soil-water column against the real model (Bondville 1998, sand 85 /
 * clay 5, soil option 4, runoff option 3; tests/data/bondville1998_sand85clay5_optsoil4.csv),
 * its mass balance, and its configuration checks. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "column.h"
#include "ptf.h"
#include "rng.h"

/* The parameters in the reference file's header (sr06-noahmp of 85/5, OM 0). */
static ptf_hydraulics reference_soil(void)
{
    ptf_hydraulics h = {.theta_s = 0.4035191, .theta_ref = 0.17, .theta_wlt = 0.0231376, .theta_dry = 0.0231376,
                        .b = 3.298323, .psi_s = 0.03, .k_s = 1e-5, .d_sat = 2.246518e-06, .quartz = 0.85};
    return h;
}

static void test_oracle_real_noahmp(void **state)
{
    (void)state;
    const char *dir = getenv("TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/bondville1998_sand85clay5_optsoil4.csv", dir ? dir : "tests/data");
    FILE *file = fopen(path, "r");
    assert_non_null(file);
    char line[1024];
    column_state column;
    column_config config;
    ptf_hydraulics soil = reference_soil();
    column_default_config(&config, &soil);
    int started = 0;
    long steps = 0;
    double worst[4] = {0}, mean[4] = {0};
    while (fgets(line, sizeof line, file)) {
        if (line[0] == '#' || strncmp(line, "time", 4) == 0) continue;
        double v[14];
        char *p = strchr(line, ',');
        assert_non_null(p);
        for (int k = 0; k < 14; k++) {
            v[k] = strtod(p + 1, &p);
        }
        if (!started) {
            double theta[4] = {v[10], v[11], v[12], v[13]};
            assert_int_equal(column_init(&column, &config, theta, NULL), DT_OK);
            started = 1;
            continue;
        }
        column_forcing f = {.water_input = v[0], .soil_evaporation = v[1], .transpiration = {v[2], v[3], v[4], v[5]}};
        column_fluxes out;
        column_step(&column, 1800.0, &f, &out);
        for (int k = 0; k < 4; k++) {
            double e = fabs(column.theta[k] - v[6 + k]);
            worst[k] = fmax(worst[k], e);
            mean[k] += e;
        }
        steps++;
    }
    fclose(file);
    printf("# oracle: %ld steps; max |Δθ| per layer %.2e %.2e %.2e %.2e; mean %.1e %.1e %.1e %.1e\n", steps, worst[0],
           worst[1], worst[2], worst[3], mean[0] / steps, mean[1] / steps, mean[2] / steps, mean[3] / steps);
    assert_true(steps > 7000);
    for (int k = 0; k < 4; k++) assert_true(worst[k] <= 1e-3);
}

/* Δ(column water) = infiltration − evaporation − transpiration − drainage − saturation excess. */
static void test_mass_balance(void **state)
{
    (void)state;
    ptf_options o;
    ptf_default_options(&o);
    o.scheme = PTF_SR06_NOAHMP;
    const double textures[3][2] = {{85, 5}, {40, 20}, {20, 45}};
    for (int t = 0; t < 3; t++) {
        ptf_hydraulics soil;
        assert_int_equal(ptf_eval(&o, textures[t][0], textures[t][1], 0, &soil, NULL), DT_OK);
        column_config config;
        column_default_config(&config, &soil);
        column_state column;
        double theta[4] = {0.2, 0.2, 0.2, 0.2};
        assert_int_equal(column_init(&column, &config, theta, NULL), DT_OK);
        rng_state rng;
        rng_seed(&rng, 9, (uint64_t)t);
        double worst = 0;
        for (int step = 0; step < 20000; step++) {
            double before = column_water(&column);
            column_forcing f = {0};
            if (rng_uniform(&rng) < 0.05) f.water_input = rng_uniform(&rng) * 3e-5; /* up to 108 mm/h */
            f.soil_evaporation = rng_uniform(&rng) * 5e-8;
            for (int k = 0; k < 3; k++) f.transpiration[k] = rng_uniform(&rng) * 3e-8;
            column_fluxes out;
            column_step(&column, 3600.0, &f, &out);
            double change = column_water(&column) - before;
            double budget = out.infiltration - out.evaporation - out.transpiration - out.drainage - out.saturation_excess;
            worst = fmax(worst, fabs(change - budget));
            for (int k = 0; k < 4; k++) assert_true(column.theta[k] <= soil.theta_s + 1e-12);
        }
        printf("# mass balance %s: worst residual %.1e m per step\n", t == 0 ? "85/5" : t == 1 ? "40/20" : "20/45", worst);
        assert_true(worst <= 1e-9);
    }
}

static void test_bad_configuration(void **state)
{
    (void)state;
    ptf_hydraulics soil = reference_soil();
    column_config config;
    column_default_config(&config, &soil);
    column_state column;
    dt_error err;
    double theta[4] = {0.2, 0.2, 0.5, 0.2};
    assert_int_equal(column_init(&column, &config, theta, &err), DT_ERR_VALUE);
    assert_non_null(strstr(err.text, "layer 3"));
    config.layers = 11;
    double ok[4] = {0.2, 0.2, 0.2, 0.2};
    assert_int_equal(column_init(&column, &config, ok, &err), DT_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_real_noahmp),
        cmocka_unit_test(test_mass_balance),
        cmocka_unit_test(test_bad_configuration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
