/* test_thresholds.c — the cell-level estimators: pooled decay and loss function recover a known θw
 * with an interval that covers it, report a censored θw (with a true upper bound) when the soil never
 * approaches its asymptote, refuse too few events, and the median estimator is the seed's summary. */
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
#include "drydown_fit.h"
#include "thresholds.h"

enum { DAYS = 3650 };

/* A demo-like cell: rain with probability `rain` a day wets the soil to about θc; between rains θ
 * decays to θw with τ from tau_low to tau_high (seasonal); σ retrieval noise, 30 % of days missing. */
static void cell_series(float *theta, double theta_w, double theta_c, double rain, double tau_low, double tau_high,
                        double sigma, uint64_t seed)
{
    rng_state rng;
    rng_seed(&rng, seed, 1);
    double value = theta_c;
    for (size_t d = 0; d < DAYS; d++) {
        double season = sin(2.0 * M_PI * (double)d / 365.25);
        if (rng_uniform(&rng) < rain) value = fmax(value, theta_c + 0.01 * rng_normal(&rng));
        else value = theta_w + (value - theta_w) * exp(-1.0 / (tau_low + (tau_high - tau_low) * 0.5 * (1 + season)));
        double seen = value + sigma * rng_normal(&rng);
        theta[d] = rng_uniform(&rng) < 0.3 ? NAN : (float)seen;
    }
}

static void estimate(thresholds_estimator estimator, const float *theta, size_t n, thresholds_result *r)
{
    drydown_options o;
    drydown_apply_preset(&o, DRYDOWN_MCCOLL2017);
    drydown_result d;
    drydown_result_init(&d);
    assert_int_equal(drydown_analyse(&o, theta, NULL, n, &d, NULL), DT_OK);
    thresholds_options t;
    thresholds_default_options(&t);
    t.estimator = estimator;
    thresholds_work w;
    thresholds_work_init(&w);
    assert_int_equal(thresholds_estimate(&t, &d, theta, n, &w, r, NULL), DT_OK);
    thresholds_work_free(&w);
    drydown_result_free(&d);
}

static void check_identified(thresholds_estimator estimator, double theta_w, double theta_c, double rain,
                             double tau_low, double tau_high, double tolerance, uint64_t seed)
{
    float theta[DAYS];
    cell_series(theta, theta_w, theta_c, rain, tau_low, tau_high, 0.004, seed);
    thresholds_result r;
    estimate(estimator, theta, DAYS, &r);
    printf("  %s θw %.4f [%.4f, %.4f] (truth %.3f) θc %.4f [%.4f, %.4f] θ* %.4f events %zu points %zu %s\n",
           thresholds_estimator_name(estimator), r.theta_w, r.theta_w_low, r.theta_w_high, theta_w, r.theta_c,
           r.theta_c_low, r.theta_c_high, r.theta_star, r.events, r.points, thresholds_status_name(r.status));
    assert_int_equal(r.status, THRESHOLDS_IDENTIFIED);
    assert_true(fabs(r.theta_w - theta_w) < tolerance);
    assert_true(r.theta_w_low < r.theta_w && r.theta_w < r.theta_w_high);
    assert_true(r.theta_w_high - r.theta_w_low < 4 * tolerance);
    assert_true(fabs(r.theta_c - theta_c) < 0.01);
    assert_true(r.theta_c_low <= r.theta_c && r.theta_c <= r.theta_c_high);
    assert_true(r.events >= 20);
}

static void test_pooled_recovers_theta_w(void **state)
{
    (void)state;
    check_identified(THRESHOLDS_POOLED, 0.08, 0.28, 0.08, 3.0, 12.0, 0.003, 1);
    check_identified(THRESHOLDS_POOLED, 0.21, 0.36, 0.10, 3.0, 12.0, 0.003, 2);
}

/* The loss function assumes one loss curve for the cell: one τ (with τ changing with the season,
 * the driest values come from the fastest events and the pooled curve bends; its bias is in
 * BENCHMARKS.md). */
static void test_loss_recovers_theta_w(void **state)
{
    (void)state;
    check_identified(THRESHOLDS_LOSS, 0.08, 0.28, 0.08, 8.0, 8.0, 0.003, 1);
    check_identified(THRESHOLDS_LOSS, 0.21, 0.36, 0.10, 8.0, 8.0, 0.005, 2);
}

/* Rain every few days and slow decays: the soil never comes near θw = 0.05; the lowest value is far
 * above it. Both estimators must say so, with a bound the truth is below and the data allow. */
static void test_censored(void **state)
{
    (void)state;
    float theta[DAYS];
    cell_series(theta, 0.05, 0.35, 0.30, 25.0, 40.0, 0.004, 3);
    double lowest = INFINITY;
    for (size_t d = 0; d < DAYS; d++)
        if (!isnan(theta[d]) && theta[d] < lowest) lowest = theta[d];
    for (int e = THRESHOLDS_POOLED; e <= THRESHOLDS_LOSS; e++) {
        thresholds_result r;
        estimate((thresholds_estimator)e, theta, DAYS, &r);
        printf("  %s censored: bound %.4f (lowest value %.4f) θc %.4f %s\n", thresholds_estimator_name(e),
               r.theta_w_high, lowest, r.theta_c, thresholds_status_name(r.status));
        assert_int_equal(r.status, THRESHOLDS_CENSORED);
        assert_true(isnan(r.theta_w) && isnan(r.theta_w_low));
        /* the minimum + 1.645 σ̂; rain on 30 % of days inflates σ̂ (0.004) somewhat */
        assert_true(r.theta_w_high > 0.05 && r.theta_w_high <= lowest + 0.015);
        assert_true(isfinite(r.theta_c));
    }
}

/* One drydown, or three that level off at θw = 0.1 (a fit would pin θw down, but three are too few
 * to trust its interval): too few data, with the bound the series gives. */
static void test_too_few(void **state)
{
    (void)state;
    float theta[120];
    for (int d = 0; d < 120; d++) theta[d] = (float)(0.3 * exp(-(d % 30) / 6.0) + 0.1);
    const size_t lengths[] = {60, 120};
    for (int k = 0; k < 2; k++)
        for (int e = THRESHOLDS_POOLED; e <= THRESHOLDS_LOSS; e++) {
            thresholds_result r;
            estimate((thresholds_estimator)e, theta, lengths[k], &r);
            assert_int_equal(r.events, k == 0 ? 1 : 3);
            assert_int_equal(r.status, THRESHOLDS_TOO_FEW);
            assert_true(isnan(r.theta_w) && isnan(r.theta_w_low) && isnan(r.theta_c));
            /* no estimate, but the series still bounds θw: its minimum plus the noise allowance */
            double lowest = 0.3 * exp(-29 / 6.0) + 0.1;
            assert_true(r.theta_w_high >= lowest - 1e-6 && r.theta_w_high < lowest + 0.01);
            char text[256];
            thresholds_explain(&r, 5, lowest, text, sizeof text);
            printf("  %s\n", text);
            assert_non_null(strstr(text, "5 needed for an estimate; never dried below"));
        }
}

/* Three slow drydowns (τ 60 d) from 0.30 towards θw = 0.05, each cut after 30 days near 0.20: fewer
 * than the 5 an estimate needs, but they show the soil far from its asymptote, which is what a
 * censored statement needs: θw is below the series' bound, and the truth is. (With fewer than two
 * drydowns, or ones that level off, nothing is said: test_too_few.) */
static void test_censored_few(void **state)
{
    (void)state;
    enum { FEW_DAYS = 90 };
    float theta[FEW_DAYS];
    rng_state rng;
    rng_seed(&rng, 7, 0);
    double lowest = INFINITY;
    for (int d = 0; d < FEW_DAYS; d++) {
        theta[d] = (float)(0.25 * exp(-(d % 30) / 60.0) + 0.05 + 0.001 * rng_normal(&rng));
        lowest = fmin(lowest, theta[d]);
    }
    for (int e = THRESHOLDS_POOLED; e <= THRESHOLDS_LOSS; e++) {
        thresholds_result r;
        estimate((thresholds_estimator)e, theta, FEW_DAYS, &r);
        char text[256];
        thresholds_explain(&r, 5, lowest, text, sizeof text);
        printf("  %s, %zu drydowns: %s\n", thresholds_estimator_name(e), r.events, text);
        assert_true(r.events >= 2 && r.events < 5);
        assert_int_equal(r.status, THRESHOLDS_CENSORED);
        assert_true(isnan(r.theta_w) && r.theta_w_high >= lowest && r.theta_w_high < lowest + 0.01);
        assert_non_null(strstr(text, "censored: never dried below"));
    }
}

/* Noise-free events sharing θw = 0.1 with their own Δθ and τ: the profile is 0 there and positive
 * on either side. */
static void test_pooled_profile(void **state)
{
    (void)state;
    thresholds_work w;
    thresholds_work_init(&w);
    double taus[3] = {3.0, 7.0, 15.0}, deltas[3] = {0.2, 0.15, 0.25};
    w.t = malloc(30 * sizeof *w.t), w.y = malloc(30 * sizeof *w.y), w.first = malloc(4 * sizeof *w.first);
    for (int e = 0; e < 3; e++) {
        w.first[e] = (size_t)(10 * e);
        for (int k = 0; k < 10; k++) {
            w.t[10 * e + k] = 2.0 * k;
            w.y[10 * e + k] = deltas[e] * exp(-2.0 * k / taus[e]) + 0.1;
        }
    }
    w.first[3] = 30;
    double at = thresholds_pooled_sse(&w, 3, 0.1, 0.5, 200), below = thresholds_pooled_sse(&w, 3, 0.09, 0.5, 200),
           above = thresholds_pooled_sse(&w, 3, 0.11, 0.5, 200);
    assert_true(at < 1e-12);
    assert_true(below > 1e-7 && above > 1e-7);
    thresholds_work_free(&w);
}

/* The pooled profile (per-event sums on a τ grid, then Newton on r) equals, at any θw, the sum of
 * the exact per-event fits of drydown_fit with θw fixed (its scan and every basin refined): noisy
 * events with gaps, of 4 to 30 points, and τ from 1 to 150 d (one against the τ range's end). */
static void test_pooled_profile_exact(void **state)
{
    (void)state;
    enum { EVENTS = 40 };
    thresholds_work w;
    thresholds_work_init(&w);
    w.t = malloc(EVENTS * 40 * sizeof *w.t), w.y = malloc(EVENTS * 40 * sizeof *w.y);
    w.first = malloc((EVENTS + 1) * sizeof *w.first);
    rng_state rng;
    rng_seed(&rng, 11, 0);
    size_t p = 0;
    for (int e = 0; e < EVENTS; e++) {
        double tau = e == 0 ? 150.0 : 1.0 + 30.0 * rng_uniform(&rng), delta = 0.05 + 0.25 * rng_uniform(&rng);
        size_t n = 4 + (size_t)(26 * rng_uniform(&rng)), day = 0;
        w.first[e] = p;
        for (size_t k = 0; k < n; k++) {
            w.t[p] = (double)day;
            w.y[p++] = 0.08 + delta * exp(-(double)day / tau) + 0.004 * rng_normal(&rng);
            day += 1 + (rng_uniform(&rng) < 0.3) + (rng_uniform(&rng) < 0.1) * 9; /* gaps, some long */
        }
    }
    w.first[EVENTS] = p;
    drydown_scan_table table;
    drydown_scan_table_init(&table, 0.5, 200);
    const double levels[] = {0.0, 0.04, 0.07, 0.08, 0.085, 0.1, 0.2};
    for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
        double exact = 0;
        for (int e = 0; e < EVENTS; e++) {
            drydown_fit_problem problem = {w.t + w.first[e], w.y + w.first[e], w.first[e + 1] - w.first[e], levels[l], levels[l]};
            drydown_fit_result f;
            drydown_fit(&table, &problem, &f);
            exact += isfinite(f.sse) ? f.sse : 0.0;
        }
        double fast = thresholds_pooled_sse(&w, EVENTS, levels[l], 0.5, 200);
        assert_true(fabs(fast - exact) <= 1e-9 * exact + 1e-15);
    }
    thresholds_work_free(&w);
}

/* Wettings to exactly θc = 0.30 every 15 days, 60 % of days missing: an event whose wetting day was
 * not observed starts a day's drying lower; θc counts the events observed the day before they start. */
static void test_critical_point_onset(void **state)
{
    (void)state;
    float theta[DAYS];
    rng_state rng;
    rng_seed(&rng, 5, 0);
    for (size_t d = 0; d < DAYS; d++) {
        double v = 0.05 + 0.25 * exp(-(double)(d % 15) / 5.0) + 0.001 * rng_normal(&rng);
        theta[d] = rng_uniform(&rng) < 0.6 ? NAN : (float)v;
    }
    thresholds_result r;
    estimate(THRESHOLDS_POOLED, theta, DAYS, &r);
    printf("  onset θc %.4f [%.4f, %.4f] (truth 0.300)\n", r.theta_c, r.theta_c_low, r.theta_c_high);
    assert_true(fabs(r.theta_c - 0.30) < 0.002);
    assert_true(r.theta_c_low <= 0.30 + 0.002 && r.theta_c_high >= 0.30 - 0.002);
}

/* Frequent rain on a soil that dries slowly: a wetting of a soil still wet from the last one raises
 * it only when its level is high, so the drydowns' first values are selected high (and the rise
 * McColl's rules ask, 0.08, selects them more). θc from every wetting, corrected for that truncation
 * (and for the levels above the cap), recovers θc; the kept drydowns' median first value does not. */
static void test_critical_point_truncation(void **state)
{
    (void)state;
    float theta[DAYS];
    double error = 0, first_error = 0;
    int covered = 0;
    enum { CELLS = 8 };
    for (uint64_t seed = 1; seed <= CELLS; seed++) {
        cell_series(theta, 0.16, 0.30, 0.25, 6.0, 12.0, 0.004, 100 + seed);
        thresholds_result r;
        estimate(THRESHOLDS_POOLED, theta, DAYS, &r);
        drydown_options o;
        drydown_apply_preset(&o, DRYDOWN_MCCOLL2017);
        drydown_result d;
        drydown_result_init(&d);
        assert_int_equal(drydown_analyse(&o, theta, NULL, DAYS, &d, NULL), DT_OK);
        assert_int_equal(r.theta_c_source, THRESHOLDS_C_WETTINGS);
        assert_true(r.wettings > r.events);
        error += r.theta_c - 0.30, first_error += d.theta_c - 0.30;
        covered += r.theta_c_low <= 0.30 && 0.30 <= r.theta_c_high;
        drydown_result_free(&d);
    }
    printf("  θc − truth: wettings %+.4f, kept drydowns' first values %+.4f; 90 %% interval covers %d of %d\n",
           error / CELLS, first_error / CELLS, covered, CELLS);
    assert_true(fabs(error / CELLS) < 0.001);
    assert_true(first_error / CELLS > 0.003);
    assert_true(covered >= CELLS - 2);
}

/* One year in which every wetting brings the soil to 0.30 (± 0.001), so that the series' maximum,
 * and the cap Araki's rules put at 0.95 of it, lie just above and below that level: every wetting
 * rises above the cap, the product-limit estimate cannot place the median below it, and the kept
 * drydowns (which start below the cap, a day's drying after the wetting) read θc low. The wettings'
 * observed levels give it. */
static void test_critical_point_above_the_cap(void **state)
{
    (void)state;
    enum { YEAR = 365 };
    float theta[YEAR];
    rng_state rng;
    rng_seed(&rng, 11, 0);
    double value = 0.30;
    for (size_t d = 0; d < YEAR; d++) {
        if (d % 12 == 0) value = 0.30 + 0.001 * rng_normal(&rng);
        else value = 0.10 + (value - 0.10) * exp(-1.0 / 8.0);
        theta[d] = rng_uniform(&rng) < 0.3 ? NAN : (float)(value + 0.002 * rng_normal(&rng));
    }
    drydown_options o; /* the default (drytex) rules: Araki's, with his cap */
    drydown_default_options(&o);
    drydown_result d;
    drydown_result_init(&d);
    assert_int_equal(drydown_analyse(&o, theta, NULL, YEAR, &d, NULL), DT_OK);
    thresholds_options t;
    thresholds_default_options(&t);
    thresholds_work w;
    thresholds_work_init(&w);
    thresholds_result r;
    assert_int_equal(thresholds_estimate(&t, &d, theta, YEAR, &w, &r, NULL), DT_OK);
    thresholds_work_free(&w);
    printf("  cap %.4f: θc %.4f [%.4f, %.4f] from %zu wettings (truth 0.300); kept drydowns' first values %.4f\n",
           d.cap, r.theta_c, r.theta_c_low, r.theta_c_high, r.wettings, d.theta_c);
    assert_true(d.cap < 0.30 - 0.005);
    assert_int_equal(r.theta_c_source, THRESHOLDS_C_WETTINGS);
    assert_true(fabs(r.theta_c - 0.30) < 0.003);
    assert_true(r.theta_c_low <= 0.303 && r.theta_c_high >= 0.297);
    assert_true(d.theta_c < 0.30 - 0.01); /* what θc was before: the first values below the cap */
    drydown_result_free(&d);
}

static void test_median_is_the_seed_summary(void **state)
{
    (void)state;
    float theta[DAYS];
    cell_series(theta, 0.08, 0.28, 0.08, 3.0, 12.0, 0.004, 4);
    drydown_options o;
    drydown_apply_preset(&o, DRYDOWN_SEED);
    drydown_result d;
    drydown_result_init(&d);
    assert_int_equal(drydown_analyse(&o, theta, NULL, DAYS, &d, NULL), DT_OK);
    thresholds_options t;
    thresholds_default_options(&t);
    t.estimator = THRESHOLDS_MEDIAN;
    thresholds_work w;
    thresholds_work_init(&w);
    thresholds_result r;
    assert_int_equal(thresholds_estimate(&t, &d, theta, DAYS, &w, &r, NULL), DT_OK);
    assert_true(r.theta_w == d.theta_w && r.theta_c == d.theta_c && r.events == d.kept);
    thresholds_work_free(&w);
    drydown_result_free(&d);
}

static void test_names(void **state)
{
    (void)state;
    thresholds_estimator e;
    assert_int_equal(thresholds_estimator_parse("loss", &e, NULL), DT_OK);
    assert_int_equal(e, THRESHOLDS_LOSS);
    assert_int_equal(thresholds_estimator_parse("mode", &e, NULL), DT_ERR_USAGE);
    assert_string_equal(thresholds_status_flag(THRESHOLDS_TOO_FEW), "too_few_data");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pooled_profile),
        cmocka_unit_test(test_pooled_profile_exact),
        cmocka_unit_test(test_pooled_recovers_theta_w),
        cmocka_unit_test(test_loss_recovers_theta_w),
        cmocka_unit_test(test_censored),
        cmocka_unit_test(test_too_few),
        cmocka_unit_test(test_censored_few),
        cmocka_unit_test(test_critical_point_onset),
        cmocka_unit_test(test_critical_point_truncation),
        cmocka_unit_test(test_critical_point_above_the_cap),
        cmocka_unit_test(test_median_is_the_seed_summary),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
