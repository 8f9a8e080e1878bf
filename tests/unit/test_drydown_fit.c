/* test_drydown_fit.c — the event fit against references: the tabulated powers against exp, the
 * profile's derivatives against finite differences, and the fitted optimum against a brute-force
 * fine grid over log τ on random events. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "drydown_fit.h"
#include "drydown_scan.h"
#include "rng.h"

static void test_power_table(void **state)
{
    (void)state;
    drydown_scan_table table;
    drydown_scan_table_init(&table, 0.5, 200.0);
    assert_true(fabs(exp(table.log_tau[0]) - 0.5) < 1e-12);
    assert_true(fabs(exp(table.log_tau[DRYDOWN_SCAN_POINTS - 1]) - 200.0) < 1e-9);
    double worst = 0;
    for (int s = 0; s < DRYDOWN_SCAN_POINTS; s++)
        for (size_t t = 0; t < 400; t++) {
            double exact = exp(-(double)t * table.rate[s]), power = drydown_scan_power(&table, s, t);
            if (exact > 1e-300) worst = fmax(worst, fabs(power - exact) / exact);
            else assert_true(power < 1e-290);
        }
    printf("# largest relative error of the power table: %.2g\n", worst);
    assert_true(worst < 1e-12);
}

/* A random event: n points over whole days with 30 % of days missing, Δθ e^(−t/τ) + θw + noise. */
static size_t random_event(rng_state *rng, double *t, double *y, double *lower, double *upper)
{
    size_t n = 3 + (size_t)(rng_uniform(rng) * 18);
    double tau = exp(log(0.7) + rng_uniform(rng) * (log(150.0) - log(0.7)));
    double delta = 0.02 + 0.3 * rng_uniform(rng), theta_w = 0.02 + 0.2 * rng_uniform(rng);
    double sigma = rng_uniform(rng) < 0.2 ? 0.0 : 0.03 * pow(rng_uniform(rng), 2);
    double day = 0;
    for (size_t k = 0; k < n; k++) {
        if (k > 0) {
            day += 1;
            while (rng_uniform(rng) < 0.3) day += 1;
        }
        t[k] = day;
        y[k] = delta * exp(-day / tau) + theta_w + sigma * rng_normal(rng);
    }
    *upper = INFINITY;
    for (size_t k = 0; k < n; k++) *upper = fmin(*upper, y[k]);
    *lower = rng_uniform(rng) < 0.5 ? 0.0 : theta_w - 0.05 * rng_uniform(rng);
    if (*lower > *upper) *lower = *upper; /* as drydown.c does when noise dips below 0 */
    return n;
}

static void test_profile_derivatives(void **state)
{
    (void)state;
    rng_state rng;
    rng_seed(&rng, 17, 0);
    double t[24], y[24];
    int checked = 0;
    for (int trial = 0; trial < 300; trial++) {
        drydown_fit_problem p = {t, y, 0, 0, 0};
        p.n = random_event(&rng, t, y, &p.lower, &p.upper);
        double u = log(0.5) + rng_uniform(&rng) * (log(200.0) - log(0.5)), h = 1e-4;
        drydown_fit_point at, plus, minus;
        drydown_fit_profile(&p, exp(u), &at);
        drydown_fit_profile(&p, exp(u + h), &plus);
        drydown_fit_profile(&p, exp(u - h), &minus);
        double slope = (plus.sse - minus.sse) / (2 * h), curvature = (plus.sse - 2 * at.sse + minus.sse) / (h * h);
        double syy = 0; /* the rounding of the SSE is ~1e-16 Σ y²; the differences divide it by h, h² */
        for (size_t k = 0; k < p.n; k++) syy += y[k] * y[k];
        double scale = fmax(fabs(at.slope), 1e-3 * at.sse) + 1e-12 / h * syy;
        if (fabs(slope - at.slope) > 1e-3 * scale) {
            /* a change of active set between u − h and u + h: the profile is only piecewise smooth */
            drydown_fit_point near;
            drydown_fit_profile(&p, exp(u + 0.5 * h), &near);
            if (fabs(near.slope - at.slope) > 1e-2 * scale) continue;
        }
        assert_true(fabs(slope - at.slope) <= 1e-3 * scale);
        assert_true(fabs(curvature - at.curvature) <= 1e-2 * (fabs(at.curvature) + scale) + 1e-12 / (h * h) * syy);
        checked++;
    }
    printf("# derivatives checked at %d random points\n", checked);
    assert_true(checked > 250);
}

/* The scan's SSE at every scan point equals the profile's there (its edge shortcut — the violated
 * bound's edge only — against the profile's best of all edges), also for events longer than the
 * power table; the mean and SST it takes in the same pass are the event's. */
static void test_scan_matches_profile(void **state)
{
    (void)state;
    drydown_scan_table table;
    drydown_scan_table_init(&table, 0.5, 200.0);
    rng_state rng;
    rng_seed(&rng, 41, 0);
    double t[24], y[24];
    int long_events = 0;
    for (int trial = 0; trial < 3000; trial++) {
        drydown_fit_problem p = {t, y, 0, 0, 0};
        p.n = random_event(&rng, t, y, &p.lower, &p.upper);
        if (trial % 4 == 0) { /* stretched past the table (and its products) */
            for (size_t k = 1; k < p.n; k++) t[k] *= 9;
            long_events += t[p.n - 1] >= DRYDOWN_SCAN_TABLE_DAYS;
        }
        double sum = 0, sst = 0, sse[DRYDOWN_SCAN_POINTS];
        for (size_t k = 0; k < p.n; k++) sum += y[k];
        double mean = sum / (double)p.n;
        for (size_t k = 0; k < p.n; k++) sst += (y[k] - mean) * (y[k] - mean);
        if (!(sst > 0)) continue;
        drydown_scan_event moments;
        drydown_scan(&table, &p, &moments, sse);
        assert_true(fabs(moments.mean - mean) <= 1e-15 && fabs(moments.sst - sst) <= 1e-12 * sst);
        assert_true(moments.lower == p.lower - moments.mean && moments.upper == p.upper - moments.mean);
        for (int s = 0; s < DRYDOWN_SCAN_POINTS; s++) {
            drydown_fit_point point;
            drydown_fit_profile(&p, exp(table.log_tau[s]), &point);
            assert_true(fabs(sse[s] - point.sse) <= 1e-10 * sst);
        }
    }
    printf("# scan against the profile on 3000 random events (%d past the power table)\n", long_events);
    assert_true(long_events > 300);
}

/* The reference optimum: the profile on a 4000-point grid over log τ, then golden-section search
 * (Kiefer 1953) in the best grid interval down to 1e-9 in log τ. */
static double brute_force(const drydown_fit_problem *p, double tau_min, double tau_max, double *tau)
{
    enum { GRID = 4000 };
    double low = log(tau_min), step = (log(tau_max) - low) / (GRID - 1), best_u = low, best = INFINITY;
    drydown_fit_point point;
    for (int i = 0; i < GRID; i++) {
        drydown_fit_profile(p, exp(low + step * i), &point);
        if (point.sse < best) best = point.sse, best_u = low + step * i;
    }
    const double golden = 0.3819660112501051;
    double a = fmax(low, best_u - step), b = fmin(log(tau_max), best_u + step);
    while (b - a > 1e-9) {
        double c = a + golden * (b - a), d = b - golden * (b - a), fc, fd;
        drydown_fit_profile(p, exp(c), &point), fc = point.sse;
        drydown_fit_profile(p, exp(d), &point), fd = point.sse;
        if (fc < fd) b = d; else a = c;
    }
    drydown_fit_profile(p, exp(0.5 * (a + b)), &point);
    if (point.sse < best) best = point.sse, best_u = 0.5 * (a + b);
    *tau = exp(best_u);
    return best;
}

static void test_fit_matches_brute_force(void **state)
{
    (void)state;
    drydown_scan_table table;
    drydown_scan_table_init(&table, 0.5, 200.0);
    rng_state rng;
    rng_seed(&rng, 29, 0);
    double t[24], y[24];
    /* under DRYTEX_TEST_QUICK (valgrind, the sanitizers) 500 events: the reference's 4000-point grid
     * made this one test 2.5 minutes of CI's valgrind run, and the code paths are the same */
    int trials = getenv("DRYTEX_TEST_QUICK") ? 500 : 5000, evaluations = 0, worse = 0;
    double worst_excess = 0;
    for (int trial = 0; trial < trials; trial++) {
        drydown_fit_problem p = {t, y, 0, 0, 0};
        p.n = random_event(&rng, t, y, &p.lower, &p.upper);
        drydown_fit_result f;
        drydown_fit(&table, &p, &f);
        double tau, best = brute_force(&p, 0.5, 200.0, &tau);
        double excess = (f.sse - best) / (f.sst > 0 ? f.sst : 1.0);
        evaluations += f.evaluations;
        if (excess > worst_excess) worst_excess = excess;
        if (excess > 1e-9) {
            worse++;
            printf("# trial %d: n %zu, fit τ %.4g SSE %.6g, reference τ %.4g SSE %.6g, SST %.3g\n", trial, p.n,
                   f.tau, f.sse, tau, best, f.sst);
        }
        assert_true(f.tau >= 0.5 * (1 - 1e-12) && f.tau <= 200.0 * (1 + 1e-12));
        assert_true(f.delta >= 0 && f.theta_w >= p.lower - 1e-12 && f.theta_w <= p.upper + 1e-12);
    }
    printf("# %d random events: %.2f profile evaluations after the scan, %d above the reference SSE, "
           "largest excess %.2g of SST\n", trials, (double)evaluations / trials, worse, worst_excess);
    assert_int_equal(worse, 0);
}

/* Noise-free events are fitted exactly: τ, Δθ and θw recovered, SSE ≈ 0. */
static void test_exact_events(void **state)
{
    (void)state;
    drydown_scan_table table;
    drydown_scan_table_init(&table, 0.5, 200.0);
    const double taus[] = {0.8, 2.0, 6.0, 17.0, 45.0, 120.0};
    double t[12], y[12];
    for (size_t i = 0; i < sizeof taus / sizeof *taus; i++) {
        double day = 0;
        for (size_t k = 0; k < 12; k++) {
            t[k] = day;
            y[k] = 0.25 * exp(-day / taus[i]) + 0.07;
            day += 1 + (k % 3 == 1); /* a gap every third step */
        }
        drydown_fit_problem p = {t, y, 12, 0.0, y[11]};
        drydown_fit_result f;
        drydown_fit(&table, &p, &f);
        printf("# τ %.1f: fitted %.8f, θw %.8f, Δθ %.8f after %d evaluations\n", taus[i], f.tau, f.theta_w, f.delta,
               f.evaluations);
        assert_true(fabs(f.tau - taus[i]) < 1e-5 * taus[i]);
        assert_true(fabs(f.theta_w - 0.07) < 1e-6 && fabs(f.delta - 0.25) < 1e-6);
    }
    /* three points: the exponential through them, in closed form (no profile evaluation) */
    const double spans[][2] = {{1, 2}, {2, 3}, {1, 5}, {3, 7}};
    for (size_t i = 0; i < sizeof spans / sizeof *spans; i++)
        for (size_t k = 0; k < sizeof taus / sizeof *taus; k++) {
            double days3[3] = {0, spans[i][0], spans[i][1]}, values[3];
            for (int j = 0; j < 3; j++) values[j] = 0.2 * exp(-days3[j] / taus[k]) + 0.05;
            drydown_fit_problem p3 = {days3, values, 3, 0.0, values[2]};
            drydown_fit_result f3;
            drydown_fit(&table, &p3, &f3);
            assert_true(fabs(f3.tau - taus[k]) < 1e-9 * taus[k] && fabs(f3.theta_w - 0.05) < 1e-12);
            assert_true(fabs(f3.delta - 0.2) < 1e-12 && f3.sse < 1e-24 && f3.evaluations == 0);
        }
    /* … and when none passes through them (a convex rise), the search */
    double days3[3] = {0, 1, 2}, bent[3] = {0.30, 0.20, 0.18};
    drydown_fit_problem p3 = {days3, bent, 3, 0.19, 0.2}; /* θw ≥ 0.19 > the interpolant's 0.175 */
    drydown_fit_result f3;
    drydown_fit(&table, &p3, &f3);
    double reference_tau, reference = brute_force(&p3, 0.5, 200.0, &reference_tau);
    assert_true(f3.evaluations > 0 && f3.sse > 0 && f3.sse <= reference * (1 + 1e-9));
    double flat[4] = {0.2, 0.2, 0.2, 0.2}, days[4] = {0, 1, 2, 3};
    drydown_fit_problem p = {days, flat, 4, 0.0, 0.2};
    drydown_fit_result f;
    drydown_fit(&table, &p, &f);
    assert_true(f.sst == 0 && isnan(f.tau) && isnan(f.theta_w));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_power_table),
        cmocka_unit_test(test_profile_derivatives),
        cmocka_unit_test(test_scan_matches_profile),
        cmocka_unit_test(test_fit_matches_brute_force),
        cmocka_unit_test(test_exact_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
