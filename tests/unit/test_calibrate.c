/* test_calibrate.c — texture calibration: the twin test of the per-cell science issue, the
 * search box and validity mask, determinism, and the seed-to-seed spread on the SOC ridge. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "calibrate.h"
#include "rng.h"

/* A random valid texture and a baseline perturbed inside the search box. */
static void twin_cell(rng_state *rng, const calib_options *o, int perturb_soc, double truth[3],
                      calib_input *in)
{
    do {
        truth[CALIB_SAND] = rng_uniform_range(rng, 15.0, 80.0);
        truth[CALIB_CLAY] = rng_uniform_range(rng, 5.0, 45.0);
    } while (truth[CALIB_SAND] + truth[CALIB_CLAY] > 90.0);
    truth[CALIB_SOC] = rng_uniform_range(rng, 0.5, 4.0);
    ptf_thresholds(&o->ptf, truth[0], truth[1], truth[2], &in->theta_w, &in->theta_c);
    in->baseline[CALIB_SAND] = truth[CALIB_SAND] + rng_uniform_range(rng, -15.0, 15.0);
    in->baseline[CALIB_CLAY] = truth[CALIB_CLAY] + rng_uniform_range(rng, -7.0, 7.0);
    in->baseline[CALIB_SOC] = truth[CALIB_SOC] + (perturb_soc ? rng_uniform_range(rng, -1.0, 1.0) : 0.0);
    if (in->baseline[CALIB_SOC] < 0) in->baseline[CALIB_SOC] = 0.1;
    if (in->baseline[CALIB_CLAY] < 1) in->baseline[CALIB_CLAY] = 1;
}

/* Share of 200 twin cells whose sand and clay come back within 2 %w. */
static double twin_recovery(const calib_options *o, int perturb_soc, double *mean_evaluations)
{
    rng_state rng;
    rng_seed(&rng, 2024, 0);
    sceua_workspace *workspace = sceua_workspace_create();
    int good = 0, cells = 200;
    double evaluations = 0;
    for (int i = 0; i < cells; i++) {
        double truth[3];
        calib_input in = {.theta_w_upper = 0};
        twin_cell(&rng, o, perturb_soc, truth, &in);
        calib_result r;
        dt_error err;
        assert_int_equal(calib_cell(o, &in, (uint64_t)i, 0, workspace, &r, &err), DT_OK);
        if (fabs(r.optimised[CALIB_SAND] - truth[CALIB_SAND]) <= 2.0 &&
            fabs(r.optimised[CALIB_CLAY] - truth[CALIB_CLAY]) <= 2.0)
            good++;
        evaluations += (double)r.sceua.evaluations;
        calib_result_free(&r);
    }
    sceua_workspace_free(workspace);
    *mean_evaluations = evaluations / cells;
    return (double)good / cells;
}

static void test_twin_ch78(void **state)
{
    (void)state;
    calib_options o;
    calib_default_options(&o);
    o.ptf.scheme = PTF_CH78;
    o.cost = CALIB_COST_SEED; /* exact thresholds: the seed's cost finds the texture */
    double evaluations, share = twin_recovery(&o, 0, &evaluations);
    printf("# twin ch78 (seed cost): %.1f %% of 200 cells within 2 %%w, %.0f evaluations/cell\n",
           100 * share, evaluations);
    assert_true(share >= 0.95);
}

static void test_twin_sr06_regularised(void **state)
{
    (void)state;
    calib_options o;
    calib_default_options(&o);
    o.ptf.scheme = PTF_SR06;
    o.cost = CALIB_COST_REGULARISED;
    o.sigma = 0.01, o.lambda = 0.01; /* exact thresholds: a light pull to the baseline only picks the ridge point */
    double evaluations, share = twin_recovery(&o, 0, &evaluations);
    printf("# twin sr06 (regularised, SOC baseline true): %.1f %% within 2 %%w, %.0f evaluations/cell\n",
           100 * share, evaluations);
    assert_true(share >= 0.95);
    double share_soc = twin_recovery(&o, 1, &evaluations);
    printf("# twin sr06 (regularised, SOC baseline ±1 %%w): %.1f %% within 2 %%w\n", 100 * share_soc);
    o.cost = CALIB_COST_SEED;
    double share_seed = twin_recovery(&o, 0, &evaluations);
    printf("# twin sr06 (seed cost, SOC baseline true): %.1f %% within 2 %%w\n", 100 * share_seed);
}

/* On the SOC ridge the seed cost lands anywhere along it; the regularised cost does not. */
static void test_seed_to_seed_spread(void **state)
{
    (void)state;
    calib_options o;
    calib_default_options(&o);
    o.sigma = 0.01, o.lambda = 0.01; /* exact thresholds: the ridge is matched, the pull only picks a point of it */
    calib_input in = {.baseline = {45.0, 18.0, 2.0}, .theta_w = 0, .theta_c = 0};
    ptf_thresholds(&o.ptf, 40.0, 20.0, 2.5 / 1.724, &in.theta_w, &in.theta_c);
    double spread[2];
    for (int regularised = 0; regularised < 2; regularised++) {
        o.cost = regularised ? CALIB_COST_REGULARISED : CALIB_COST_SEED;
        double low = INFINITY, high = -INFINITY;
        for (int seed = 1; seed <= 20; seed++) {
            o.seed = (uint64_t)seed;
            calib_result r;
            dt_error err;
            assert_int_equal(calib_cell(&o, &in, 0, 0, NULL, &r, &err), DT_OK);
            assert_true(r.cost < 1e-6);
            low = fmin(low, r.optimised[CALIB_SAND]);
            high = fmax(high, r.optimised[CALIB_SAND]);
            calib_result_free(&r);
        }
        spread[regularised] = high - low;
    }
    printf("# sand spread over 20 seeds on the SOC ridge: seed cost %.2f %%w, regularised %.2f %%w\n",
           spread[0], spread[1]);
    assert_true(spread[1] < 1.0);
    assert_true(spread[1] < spread[0]);
}

static void test_deterministic_and_traced(void **state)
{
    (void)state;
    calib_options o;
    calib_default_options(&o);
    calib_input in = {.baseline = {50.0, 20.0, 1.0}, .theta_w = 0.10, .theta_c = 0.24};
    calib_result a, b;
    dt_error err;
    assert_int_equal(calib_cell(&o, &in, 42, 1, NULL, &a, &err), DT_OK);
    assert_int_equal(calib_cell(&o, &in, 42, 0, NULL, &b, &err), DT_OK);
    assert_memory_equal(a.optimised, b.optimised, sizeof a.optimised);
    assert_true(a.sceua.evaluations <= 3000 && a.sceua.evaluations > 0);
    assert_true(a.sceua.trace.count >= 2);
    assert_int_equal(b.sceua.trace.count, 0);
    assert_true(fabs(a.wlt_after - 0.10) < 0.01 && fabs(a.ref_after - 0.24) < 0.01);
    for (int k = 0; k < 3; k++) assert_true(a.optimised[k] >= a.lower[k] && a.optimised[k] <= a.upper[k]);
    calib_result_free(&a);
    calib_result_free(&b);
}

static void test_statuses(void **state)
{
    (void)state;
    calib_options o;
    calib_default_options(&o);
    calib_result r;
    dt_error err;
    calib_input no_target = {.baseline = {50, 20, 1}, .theta_w = NAN, .theta_c = 0.2};
    assert_int_equal(calib_cell(&o, &no_target, 0, 0, NULL, &r, &err), DT_OK);
    assert_int_equal(r.status, CALIB_NO_THRESHOLDS);
    assert_true(!isnan(r.wlt_before));
    calib_input no_soil = {.baseline = {NAN, 20, 1}, .theta_w = 0.1, .theta_c = 0.2};
    assert_int_equal(calib_cell(&o, &no_soil, 0, 0, NULL, &r, &err), DT_OK);
    assert_int_equal(r.status, CALIB_NO_SOIL);
    calib_input bad = {.baseline = {80, 30, 1}, .theta_w = 0.1, .theta_c = 0.2};
    assert_int_equal(calib_cell(&o, &bad, 0, 0, NULL, &r, &err), DT_OK);
    assert_int_equal(r.status, CALIB_BAD_BASELINE);
    /* A very sandy target from a sandy baseline: the optimum leaves sand ≤ 98 → masked. */
    calib_input sandy = {.baseline = {93, 4, 0.2}, .theta_w = 0.0, .theta_c = 0.02};
    assert_int_equal(calib_cell(&o, &sandy, 0, 0, NULL, &r, &err), DT_OK);
    assert_int_equal(r.status, CALIB_OUTSIDE_RANGE);
    calib_result_free(&r);
    o.ptf.scheme = PTF_NOAH_TABLE;
    calib_input fine = {.baseline = {50, 20, 1}, .theta_w = 0.1, .theta_c = 0.2};
    assert_int_equal(calib_cell(&o, &fine, 0, 0, NULL, &r, &err), DT_ERR_USAGE);
}

/* Thresholds or a texture outside physics are an error naming the values, and never an 'ok'. */
static void test_outside_physics(void **state)
{
    (void)state;
    calib_options o;
    calib_default_options(&o);
    calib_result r;
    dt_error err;
#define CASE(sand, clay, soc, w, c) {.baseline = {sand, clay, soc}, .theta_w = w, .theta_c = c}
    const calib_input bad[] = {
        CASE(50, 20, 1, 1.56, 1.8), CASE(50, 20, 1, -0.43, 0.2), CASE(50, 20, 1, 0.3, 0.2), CASE(50, 20, 1, 0.1, INFINITY),
        CASE(50, 20, 1, 0.2, 0.2),  CASE(150, 20, 1, 0.1, 0.2),  CASE(50, -3, 1, 0.1, 0.2), CASE(50, 20, INFINITY, 0.1, 0.2)};
#undef CASE
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(calib_cell(&o, &bad[i], 0, 0, NULL, &r, &err), DT_ERR_VALUE);
        assert_int_not_equal(r.status, CALIB_OK);
        assert_non_null(strstr(err.text, "outside physics"));
        calib_result_free(&r);
    }
    assert_int_equal(calib_check_thresholds(NAN, 0.3, &err), DT_OK);
    assert_int_equal(calib_check_thresholds(0.0, 1.0, &err), DT_OK);
    const double texture[3] = {NAN, 100, 0};
    assert_int_equal(calib_check_texture(texture, &err), DT_OK);
}

/* A censored θw (only an upper bound) is a one-sided constraint, and a cell's own σ weighs each
 * threshold (issue 16). */
static void test_censored_and_cell_sigma(void **state)
{
    (void)state;
    calib_options o;
    calib_default_options(&o);
    o.cost = CALIB_COST_REGULARISED;
    o.sigma = 0.005;
    o.lambda = 1;
    double w0, r0;
    ptf_thresholds(&o.ptf, 50, 20, 1, &w0, &r0);
    calib_result r;
    dt_error err;
    /* the bound above the baseline's θwlt: nothing pulls θw, the baseline stays */
    calib_input above = {{50, 20, 1}, NAN, r0, .theta_w_upper = w0 + 0.02};
    assert_int_equal(calib_cell(&o, &above, 1, 0, NULL, &r, &err), DT_OK);
    assert_int_equal(r.status, CALIB_OK);
    assert_true(fabs(r.optimised[0] - 50) < 1.0 && fabs(r.optimised[1] - 20) < 1.0);
    calib_result_free(&r);
    /* the bound below it: θwlt is pushed down to it, not beyond */
    calib_input below = {{50, 20, 1}, NAN, r0, .theta_w_upper = w0 - 0.03};
    o.cost = CALIB_COST_SEED;
    assert_int_equal(calib_cell(&o, &below, 1, 0, NULL, &r, &err), DT_OK);
    assert_int_equal(r.status, CALIB_OK);
    printf("# censored below: θwlt %.4f → %.4f (bound %.4f)\n", w0, r.wlt_after, w0 - 0.03);
    assert_true(r.wlt_after <= w0 - 0.03 + 0.002 && r.wlt_after > w0 - 0.05);
    calib_result_free(&r);
    /* the cell's σ: the precise threshold is matched, the vague one gives way to the baseline */
    o.cost = CALIB_COST_REGULARISED;
    calib_input sharp_w = {{50, 20, 1}, w0 - 0.02, r0 + 0.02, .sigma_w = 0.0005, .sigma_c = 0.05};
    calib_input sharp_c = {{50, 20, 1}, w0 - 0.02, r0 + 0.02, .sigma_w = 0.05, .sigma_c = 0.0005};
    calib_result a, b;
    assert_int_equal(calib_cell(&o, &sharp_w, 1, 0, NULL, &a, &err), DT_OK);
    assert_int_equal(calib_cell(&o, &sharp_c, 1, 0, NULL, &b, &err), DT_OK);
    printf("# cell σ: θwlt %.4f / θref %.4f (σw small) and %.4f / %.4f (σc small); targets %.4f / %.4f\n",
           a.wlt_after, a.ref_after, b.wlt_after, b.ref_after, w0 - 0.02, r0 + 0.02);
    assert_true(fabs(a.wlt_after - (w0 - 0.02)) < 0.002 && fabs(b.ref_after - (r0 + 0.02)) < 0.002);
    assert_true(fabs(a.wlt_after - (w0 - 0.02)) < fabs(b.wlt_after - (w0 - 0.02)));
    calib_result_free(&a);
    calib_result_free(&b);
}

/* Too few drydowns: with the regularised cost the cell keeps its baseline and says so; the seed
 * cost masks it, as the seed does (issue 16). */
static void test_too_few_keeps_baseline(void **state)
{
    (void)state;
    calib_options o;
    calib_default_options(&o);
    o.cost = CALIB_COST_REGULARISED;
    calib_input in = {{50, 20, 1}, NAN, NAN, .too_few = 1};
    calib_result r;
    dt_error err;
    assert_int_equal(calib_cell(&o, &in, 1, 0, NULL, &r, &err), DT_OK);
    assert_int_equal(r.status, CALIB_BASELINE_KEPT);
    assert_true(r.optimised[0] == 50 && r.optimised[1] == 20 && r.optimised[2] == 1);
    assert_true(r.wlt_after == r.wlt_before && r.ref_after == r.ref_before && r.sceua.evaluations == 0);
    assert_string_equal(calib_status_name(r.status), "too few drydowns: baseline kept");
    calib_result_free(&r);
    o.cost = CALIB_COST_SEED;
    assert_int_equal(calib_cell(&o, &in, 1, 0, NULL, &r, &err), DT_OK);
    assert_int_equal(r.status, CALIB_NO_THRESHOLDS);
    calib_result_free(&r);
    in.too_few = 0; /* thresholds missing for another reason: no texture to claim */
    o.cost = CALIB_COST_REGULARISED;
    assert_int_equal(calib_cell(&o, &in, 1, 0, NULL, &r, &err), DT_OK);
    assert_int_equal(r.status, CALIB_NO_THRESHOLDS);
    calib_result_free(&r);
}

static void test_experiments(void **state)
{
    (void)state;
    calib_options o;
    calib_default_options(&o);
    calib_experiment e;
    dt_error err;
    assert_int_equal(calib_experiment_parse("opti_exp2", &e, &err), DT_OK);
    calib_apply_experiment(&o, e);
    assert_int_equal(o.ptf.scheme, PTF_CH78);
    assert_int_equal(calib_parameter_count(&o), 2);
    assert_int_equal(calib_experiment_parse("opti_exp1", &e, &err), DT_OK);
    calib_apply_experiment(&o, e);
    assert_int_equal(calib_parameter_count(&o), 3);
    assert_int_equal(calib_experiment_parse("exp9", &e, &err), DT_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_twin_ch78),
        cmocka_unit_test(test_twin_sr06_regularised),
        cmocka_unit_test(test_seed_to_seed_spread),
        cmocka_unit_test(test_deterministic_and_traced),
        cmocka_unit_test(test_statuses),
        cmocka_unit_test(test_outside_physics),
        cmocka_unit_test(test_censored_and_cell_sigma),
        cmocka_unit_test(test_too_few_keeps_baseline),
        cmocka_unit_test(test_experiments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
