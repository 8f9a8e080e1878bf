/* test_drydown.c — drydown detection and fits: recovery on synthetic series, exact fits, each
 * preset's start/end rules on hand-made series, and degenerate series. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drydown.h"
#include "rng.h"

/* θ = Δθ·e^(−t/τ) + θw restarted every `period` days, σ noise, a share of days missing. */
static void synthetic(float *theta, size_t n, double delta, double tau, double theta_w, size_t period,
                      double sigma, double missing, uint64_t seed)
{
    rng_state rng;
    rng_seed(&rng, seed, 0);
    for (size_t i = 0; i < n; i++) {
        double t = (double)(i % period);
        double v = delta * exp(-t / tau) + theta_w + sigma * rng_normal(&rng);
        theta[i] = (i % period != 0 && rng_uniform(&rng) < missing) ? NAN : (float)v;
    }
}

static void test_exact_exponential(void **state)
{
    (void)state;
    float theta[40];
    for (int i = 0; i < 40; i++) theta[i] = i < 5 ? 0.05f + 0.01f * (float)i : NAN;
    for (int t = 0; t < 30; t++) theta[5 + t] = (float)(0.25 * exp(-t / 6.0) + 0.05);
    drydown_options o;
    drydown_apply_preset(&o, DRYDOWN_SEED);
    drydown_result r;
    drydown_result_init(&r);
    assert_int_equal(drydown_analyse(&o, theta, NULL, 40, &r, NULL), DT_OK);
    assert_int_equal(r.count, 1);
    drydown_event *e = &r.events[0];
    assert_int_equal(e->start, 5);
    assert_int_equal(e->end, 34);
    assert_true(fabs(e->tau - 6.0) < 1e-4);
    assert_true(fabs(e->theta_w - 0.05) < 1e-6);
    assert_true(fabs(e->delta - 0.25) < 1e-5);
    assert_true(e->r2 > 0.999999);
    assert_true(fabs(drydown_event_value(e, 3.0) - (0.25 * exp(-0.5) + 0.05)) < 1e-5);
    drydown_result_free(&r);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The type-7 quantile from a full sort: the reference for drydown.c's selection. */
static double sorted_quantile(double *values, size_t n, double q)
{
    qsort(values, n, sizeof *values, compare_doubles);
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h), hi = lo + 1 < n ? lo + 1 : lo;
    return values[lo] + (h - (double)lo) * (values[hi] - values[lo]);
}

/* The cell's medians and quartiles equal those of a sort of its kept events' values. */
static void check_summary(const drydown_result *r)
{
    double *w = malloc(r->count * sizeof *w), *c = malloc(r->count * sizeof *c), *tau = malloc(r->count * sizeof *tau);
    size_t k = 0;
    for (size_t i = 0; i < r->count; i++)
        if (r->events[i].drop == DRYDOWN_KEPT) w[k] = r->events[i].theta_w, c[k] = r->events[i].theta_c, tau[k++] = r->events[i].tau;
    assert_int_equal(k, r->kept);
    assert_true(sorted_quantile(w, k, 0.5) == r->theta_w && sorted_quantile(w, k, 0.25) == r->theta_w_q25 &&
                sorted_quantile(w, k, 0.75) == r->theta_w_q75);
    assert_true(sorted_quantile(c, k, 0.5) == r->theta_c && sorted_quantile(c, k, 0.25) == r->theta_c_q25 &&
                sorted_quantile(c, k, 0.75) == r->theta_c_q75);
    assert_true(sorted_quantile(tau, k, 0.5) == r->tau);
    free(w);
    free(c);
    free(tau);
}

static void test_recovery_with_noise_and_gaps(void **state)
{
    (void)state;
    const double cases[][2] = {{3.0, 0.04}, {6.0, 0.05}, {10.0, 0.12}, {15.0, 0.20}};
    for (size_t k = 0; k < 4; k++) {
        size_t n = 7300;
        float *theta = malloc(n * sizeof *theta);
        synthetic(theta, n, 0.25, cases[k][0], cases[k][1], 25, 0.003, 0.3, 11 + k);
        drydown_options o;
        drydown_apply_preset(&o, DRYDOWN_SEED);
        drydown_result r;
        drydown_result_init(&r);
        assert_int_equal(drydown_analyse(&o, theta, NULL, n, &r, NULL), DT_OK);
        printf("# τ %.0f d, θw %.2f: %zu events, %zu kept, θw %.4f, τ %.2f d, θc %.3f\n", cases[k][0],
               cases[k][1], r.count, r.kept, r.theta_w, r.tau, r.theta_c);
        assert_int_equal(r.status, DRYDOWN_CELL_OK);
        assert_true(fabs(r.theta_w - cases[k][1]) <= 0.01);
        assert_true(fabs(r.tau - cases[k][0]) <= 0.1 * cases[k][0]);
        for (size_t i = 0; i < r.count; i++)
            if (r.events[i].drop == DRYDOWN_KEPT) assert_false(isnan(r.events[i].theta_w) || isnan(r.events[i].tau));
        check_summary(&r);
        drydown_result_free(&r);
        free(theta);
    }
}

/* science.md §1: θ = 0.25·e^(−t/6) + 0.05 after each rain, σ 0.003, 30 % missing, Araki's rules. */
static void test_araki_reference_behaviour(void **state)
{
    (void)state;
    size_t n = 3650;
    float *theta = malloc(n * sizeof *theta), *rain = malloc(n * sizeof *rain);
    synthetic(theta, n, 0.25, 6.0, 0.05, 20, 0.003, 0.3, 5);
    for (size_t i = 0; i < n; i++) rain[i] = (i + 1) % 20 == 0 ? 15.0f : 0.0f; /* rain the day before each restart */
    drydown_options o;
    assert_int_equal(drydown_preset_parse("araki", &o, NULL), DT_OK);
    drydown_result r;
    drydown_result_init(&r);
    assert_int_equal(drydown_analyse(&o, theta, rain, n, &r, NULL), DT_OK);
    printf("# araki: %zu events, %zu kept, τ %.2f d, θw %.4f\n", r.count, r.kept, r.tau, r.theta_w);
    assert_true(r.kept > 100);
    assert_true(r.tau > 5.4 && r.tau < 6.6);
    assert_true(fabs(r.theta_w - 0.05) < 0.006);
    double r2 = 0;
    for (size_t i = 0; i < r.count; i++)
        if (r.events[i].drop == DRYDOWN_KEPT) r2 += r.events[i].r2;
    assert_true(r2 / (double)r.kept >= 0.99);
    check_summary(&r);
    drydown_result_free(&r);
    free(theta);
    free(rain);
}

static void analyse(const char *preset, const float *theta, const float *rain, size_t n, drydown_result *r)
{
    drydown_options o;
    assert_int_equal(drydown_preset_parse(preset, &o, NULL), DT_OK);
    o.cap_fraction = 0; /* pin the start/end rules one at a time; the cap has its own test */
    drydown_result_init(r);
    assert_int_equal(drydown_analyse(&o, theta, rain, n, r, NULL), DT_OK);
}

/* The seed preset: any rise starts an event at the value reached and any rise ends it; gaps are
 * skipped (t in real days). */
static void test_seed_rules(void **state)
{
    (void)state;
    const float x = NAN;
    const float theta[] = {0.10f, 0.30f, 0.25f, x, 0.20f, 0.18f, 0.19f, 0.15f, 0.12f, 0.11f, 0.10f, 0.35f, 0.30f};
    drydown_result r;
    analyse("seed", theta, NULL, 13, &r);
    assert_int_equal(r.count, 3);
    assert_true(r.events[0].start == 1 && r.events[0].end == 5 && r.events[0].points == 4);
    assert_true(fabsf((float)r.events[0].theta_c - 0.30f) < 1e-6f);
    assert_true(r.events[1].start == 6 && r.events[1].end == 10); /* 0.19 rose: a new event */
    assert_true(r.events[2].start == 11 && r.events[2].end == 12 && r.events[2].drop == DRYDOWN_TOO_SHORT);
    assert_false(isnan(r.events[0].tau) || isnan(r.events[0].r2));
    if (r.kept > 0) check_summary(&r); /* the quartiles of one or two kept events */
    drydown_result_free(&r);
    /* events the point count drops are reported, with their reason, but not fitted */
    drydown_options o;
    drydown_apply_preset(&o, DRYDOWN_SEED);
    o.min_points = 5;
    drydown_result_init(&r);
    assert_int_equal(drydown_analyse(&o, theta, NULL, 13, &r, NULL), DT_OK);
    assert_int_equal(r.count, 3);
    assert_true(r.events[0].points == 4 && r.events[0].drop == DRYDOWN_TOO_SHORT);
    assert_true(isnan(r.events[0].tau) && isnan(r.events[0].theta_w) && isnan(r.events[0].delta) && isnan(r.events[0].r2));
    assert_true(r.events[1].points == 5 && !isnan(r.events[1].tau));
    drydown_result_free(&r);
}

/* McColl 2017: a start needs a rise ≥ 0.08; a rise < 5 % of the range does not end an event. */
static void test_mccoll_rules(void **state)
{
    (void)state;
    const float theta[] = {0.10f, 0.15f, 0.12f, 0.11f, 0.10f, 0.30f, 0.25f, 0.21f, 0.215f, 0.18f, 0.16f, 0.17f + 0.05f, 0.12f};
    drydown_result r;
    analyse("mccoll2017", theta, NULL, 13, &r);
    /* 0.10 → 0.15 is too small a rise; 0.30 starts; 0.215 (+0.005 < 5 % of 0.2 range) continues; 0.22 (+0.06) ends */
    assert_int_equal(r.count, 1);
    assert_true(r.events[0].start == 5 && r.events[0].end == 10 && r.events[0].points == 6);
    if (r.kept > 0) check_summary(&r);
    drydown_result_free(&r);
}

/* Araki: > 3 missing days, rain ≥ 2 mm the day before, or 30 days end an event. */
static void test_araki_rules(void **state)
{
    (void)state;
    float theta[80], rain[80];
    for (int i = 0; i < 80; i++) theta[i] = NAN, rain[i] = 0;
    theta[0] = 0.05f;
    for (int i = 1; i <= 8; i++) theta[i] = (float)(0.3 * exp(-(i - 1) / 5.0) + 0.05);
    for (int i = 13; i <= 16; i++) theta[i] = (float)(0.3 * exp(-(i - 1) / 5.0) + 0.05); /* after 4 missing days */
    drydown_result r;
    analyse("araki", theta, rain, 80, &r);
    assert_true(r.count >= 1 && r.events[0].start == 1 && r.events[0].end == 8);
    drydown_result_free(&r);
    for (int i = 9; i <= 12; i++) theta[i] = (float)(0.3 * exp(-(i - 1) / 5.0) + 0.05);
    rain[5] = 3.0f; /* rain on day 5 ends the event before day 6 */
    analyse("araki", theta, rain, 80, &r);
    assert_true(r.events[0].start == 1 && r.events[0].end == 5);
    drydown_result_free(&r);
    rain[5] = 0;
    for (int i = 1; i < 80; i++) theta[i] = (float)(0.3 * exp(-(i - 1) / 20.0) + 0.05);
    analyse("araki", theta, rain, 80, &r);
    assert_true(r.events[0].start == 1 && r.events[0].end == 31); /* cut after 30 days */
    drydown_result_free(&r);
}

/* Araki's code (RY4GIT/smap-drydown) bounds θw below by the pixel's minimum: a humid cell whose events
 * head for 0.02 but never get below 0.15 (and one low value, 0.12) fits no θw below 0.12. */
static void test_araki_pixel_minimum_bound(void **state)
{
    (void)state;
    size_t n = 400;
    float *theta = malloc(n * sizeof *theta);
    for (size_t i = 0; i < n; i++) theta[i] = (float)(0.25 * exp(-(double)(i % 10) / 30.0) + 0.02); /* 0.02 … 0.27, ends above 0.2 */
    theta[205] = 0.12f;
    drydown_result r;
    analyse("araki", theta, NULL, n, &r);
    assert_true(r.kept > 10);
    for (size_t i = 0; i < r.count; i++)
        if (r.events[i].drop == DRYDOWN_KEPT) assert_true(r.events[i].theta_w >= 0.12f - 1e-6);
    drydown_result_free(&r);
    drydown_options o;
    assert_int_equal(drydown_preset_parse("araki", &o, NULL), DT_OK);
    assert_int_equal(o.lower_bound_pixel_min, 1);
    assert_int_equal(drydown_preset_parse("mccoll2017", &o, NULL), DT_OK);
    assert_int_equal(o.lower_bound_pixel_min, 0);
    free(theta);
}

/* Araki's cap: values above 0.95 × the cell's maximum are masked, so an event starts below it. */
static void test_cap_above_field_capacity(void **state)
{
    (void)state;
    const float theta[] = {0.05f, 0.40f, 0.30f, 0.25f, 0.21f, 0.18f, 0.16f, 0.15f};
    drydown_options o;
    drydown_preset_parse("araki", &o, NULL);
    drydown_result r;
    drydown_result_init(&r);
    assert_int_equal(drydown_analyse(&o, theta, NULL, 8, &r, NULL), DT_OK);
    assert_true(r.count == 1 && r.events[0].start == 2);
    assert_true(fabs(r.events[0].theta_c - 0.30) < 1e-6);
    drydown_result_free(&r);
}

static void test_degenerate_series(void **state)
{
    (void)state;
    float series[50];
    drydown_result r;
    for (int i = 0; i < 50; i++) series[i] = NAN;
    analyse("seed", series, NULL, 50, &r);
    assert_int_equal(r.status, DRYDOWN_CELL_NO_DATA);
    assert_true(isnan(r.theta_w));
    drydown_result_free(&r);
    for (int i = 0; i < 50; i++) series[i] = 0.2f;
    analyse("seed", series, NULL, 50, &r);
    assert_int_equal(r.status, DRYDOWN_CELL_NO_EVENTS);
    drydown_result_free(&r);
    for (int i = 0; i < 50; i++) series[i] = 0.1f + 0.005f * (float)i;
    analyse("seed", series, NULL, 50, &r);
    assert_int_equal(r.kept, 0);
    drydown_result_free(&r);
    for (int i = 0; i < 50; i++) series[i] = 0.4f - 0.005f * (float)i;
    analyse("seed", series, NULL, 50, &r);
    assert_int_equal(r.status, DRYDOWN_CELL_NO_EVENTS); /* falling from the start: no rise, no event */
    drydown_result_free(&r);
    float short_one[4] = {0.1f, 0.3f, 0.2f, NAN};
    analyse("seed", short_one, NULL, 4, &r);
    assert_int_equal(r.status, DRYDOWN_CELL_NONE_KEPT);
    assert_int_equal(r.events[0].drop, DRYDOWN_TOO_SHORT);
    drydown_result_free(&r);
    for (int i = 0; i < 50; i++) series[i] = i % 2 ? NAN : (i % 10 == 0 ? 0.3f : 0.3f - 0.01f * (float)(i % 10));
    series[7] = INFINITY;
    analyse("seed", series, NULL, 50, &r);
    for (size_t i = 0; i < r.count; i++)
        if (r.events[i].drop == DRYDOWN_KEPT) assert_false(isnan(r.events[i].theta_w) || isinf(r.events[i].tau));
    drydown_result_free(&r);
}

static void test_options(void **state)
{
    (void)state;
    drydown_options o;
    dt_error err;
    assert_int_equal(drydown_preset_parse("smap", &o, &err), DT_ERR_USAGE);
    assert_non_null(strstr(err.text, "smap"));
    drydown_apply_preset(&o, DRYDOWN_SEED);
    o.min_points = 2;
    assert_int_equal(drydown_validate(&o, &err), DT_ERR_USAGE);
    drydown_apply_preset(&o, DRYDOWN_SEED);
    o.tau_max = 0.1;
    float one[1] = {0.2f};
    drydown_result r;
    drydown_result_init(&r);
    assert_int_equal(drydown_analyse(&o, one, NULL, 1, &r, &err), DT_ERR_USAGE);
    drydown_result_free(&r);
    assert_string_equal(drydown_preset_name(DRYDOWN_ARAKI), "araki");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_exponential),
        cmocka_unit_test(test_recovery_with_noise_and_gaps),
        cmocka_unit_test(test_araki_reference_behaviour),
        cmocka_unit_test(test_seed_rules),
        cmocka_unit_test(test_mccoll_rules),
        cmocka_unit_test(test_araki_rules),
        cmocka_unit_test(test_araki_pixel_minimum_bound),
        cmocka_unit_test(test_cap_above_field_capacity),
        cmocka_unit_test(test_degenerate_series),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
