/* test_sceua.c — the SCE-UA optimiser: success rates against Duan's Fortran, determinism,
 * stopping rules, exact evaluation counts, the trace, non-finite costs, bad options.
 *
 * SCEUA_TEST_SEEDS=N runs the success-rate tables on N seeds instead of 100 (for valgrind);
 * the rate floors are asserted only on the full 100. The 1000-seed comparison with Duan's
 * Fortran is skipped under DRYTEX_TEST_QUICK. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sceua.h"
#include "sceua_functions.h"

/* ---- a cost wrapper that counts calls and checks the box ------------------------------------ */

typedef struct {
    const sceua_function *function;
    long calls;
    long outside;   /* calls with a point outside the box */
} counted;

static double counted_cost(const double *x, void *context)
{
    counted *c = context;
    c->calls++;
    for (int j = 0; j < c->function->n; j++)
        if (!(x[j] >= c->function->lower[j] && x[j] <= c->function->upper[j])) c->outside++;
    return c->function->cost(x, NULL);
}

static int run_counted(const sceua_function *f, const sceua_options *opt, sceua_workspace *ws,
                       sceua_result *result, counted *c)
{
    c->function = f;
    c->calls = c->outside = 0;
    dt_error err;
    return sceua_run(f->n, f->lower, f->upper, counted_cost, c, opt, ws, result, &err);
}

/* science.md §3's settings: ngs 5, kstop 5, pcento 0.01, peps 1e-3; maxn 10000. */
static void benchmark_options(sceua_options *opt, int n, uint64_t seed, sceua_mutation mutation)
{
    sceua_default_options(opt, n);
    opt->maxn = 10000;
    opt->seed = seed;
    opt->stream = 0;
    opt->mutation = mutation;
}

static int seed_count(void)
{
    const char *text = getenv("SCEUA_TEST_SEEDS");
    int count = text ? atoi(text) : 100;
    return count >= 1 && count <= 100 ? count : 100;
}

static int succeeded(const sceua_function *f, double best)
{
    return fabs(best - f->f_star) <= 1e-3 * (1 + fabs(f->f_star));
}

/* ---- the functions themselves ------------------------------------------------------------------ */

static void test_functions_at_their_minimum(void **state)
{
    (void)state;
    for (int k = 0; k < SCEUA_REFERENCES; k++) {
        const sceua_function *f = sceua_references[k].function;
        double value = f->cost(f->x_star, NULL);
        if (fabs(value - f->f_star) > 1e-4 * (1 + fabs(f->f_star)))
            fail_msg("%s: f(x*) = %.7f, expected %.7f", f->name, value, f->f_star);
    }
    assert_true(fabs(sceua_quadratic3.cost(sceua_quadratic3.x_star, NULL)) < 1e-15);
}

/* ---- success rates ------------------------------------------------------------------------------ */

/* The lowest success count out of 100 seeds compatible with rate p: 2.5 binomial standard
 * deviations below the mean (a correct implementation falls below it about once in 160). */
static int floor_of(double p)
{
    double lowest = floor(100 * p - 2.5 * sqrt(100 * p * (1 - p)));
    return lowest > 0 ? (int)lowest : 0;
}

/* Runs f on seeds 1..seeds (checking exact evaluation counts and the box on each run): the
 * successes, and the sum and sum of squares of the evaluations. */
typedef struct {
    int successes;
    double total, squares;
} seed_tally;

static seed_tally run_seeds(const sceua_function *f, sceua_mutation mutation, int seeds, sceua_workspace *ws)
{
    seed_tally tally = {0, 0, 0};
    for (int s = 1; s <= seeds; s++) {
        sceua_options opt;
        sceua_result result;
        counted c;
        benchmark_options(&opt, f->n, (uint64_t)s, mutation);
        assert_int_equal(run_counted(f, &opt, ws, &result, &c), DT_OK);
        assert_int_equal(c.calls, result.evaluations);
        assert_int_equal(c.outside, 0);
        tally.successes += succeeded(f, result.best_f);
        tally.total += (double)result.evaluations;
        tally.squares += (double)result.evaluations * (double)result.evaluations;
    }
    return tally;
}

static void rate_table(sceua_mutation mutation)
{
    int seeds = seed_count();
    sceua_workspace *ws = sceua_workspace_create();
    print_message("%s mutation, %d seeds, ngs 5 kstop 5 pcento 0.01 peps 1e-3 maxn 10000\n",
                  sceua_mutation_name(mutation), seeds);
    print_message("  %-17s %8s %8s %9s %10s %8s\n", "function", "success", "floor", "mean evals",
                  "reference", "sci.md");
    for (int k = 0; k < SCEUA_REFERENCES; k++) {
        const sceua_reference *r = &sceua_references[k];
        const sceua_function *f = r->function;
        bool gaussian = mutation == SCEUA_MUTATION_GAUSSIAN;
        double rate = gaussian ? r->fortran_rate : r->uniform_rate;
        double evaluations = gaussian ? r->fortran_evaluations : r->uniform_evaluations;
        seed_tally tally = run_seeds(f, mutation, seeds, ws);
        int successes = tally.successes;
        double percent = 100.0 * successes / seeds, mean = tally.total / seeds;
        int minimum = floor_of(rate);
        print_message("  %-17s %7.0f%% %7d%% %10.0f %4.0f%%/%5.0f %7s\n", f->name, percent,
                      minimum, mean, 100 * rate, evaluations,
                      r->science_rate < 0 ? "-" : percent >= r->science_rate ? "met" : "not met");
        if (seeds < 100) continue;
        if (successes < minimum)
            fail_msg("%s (%s): %d%% successes, below %d%%", f->name,
                     sceua_mutation_name(mutation), successes, minimum);
        if (fabs(mean / evaluations - 1) > 0.10)
            fail_msg("%s (%s): mean evaluations %.0f, reference %.0f", f->name,
                     sceua_mutation_name(mutation), mean, evaluations);
    }
    sceua_workspace_free(ws);
}

static void test_rates_gaussian(void **state)
{
    (void)state;
    rate_table(SCEUA_MUTATION_GAUSSIAN);
}

static void test_rates_uniform(void **state)
{
    (void)state;
    rate_table(SCEUA_MUTATION_UNIFORM);
}

/* The same algorithm as Duan's: on 1000 seeds (the number the Fortran reference was run on) the
 * success rate and the mean evaluations of every reference function agree with the Fortran's
 * within 4 standard errors of their difference (the two runs draw from different random
 * generators, so they are two independent samples). Skipped under DRYTEX_TEST_QUICK (valgrind):
 * it only repeats the 100-seed table's code 10 times over. */
static void test_rates_equal_fortran(void **state)
{
    (void)state;
    if (getenv("DRYTEX_TEST_QUICK")) skip();
    enum { SEEDS = 1000 };
    sceua_workspace *ws = sceua_workspace_create();
    print_message("gaussian mutation, %d seeds: drytex against Duan's Fortran v2.1\n", SEEDS);
    print_message("  %-17s %8s %8s %10s %10s\n", "function", "drytex", "Fortran", "evals", "Fortran");
    for (int k = 0; k < SCEUA_REFERENCES; k++) {
        const sceua_reference *r = &sceua_references[k];
        const sceua_function *f = r->function;
        seed_tally tally = run_seeds(f, SCEUA_MUTATION_GAUSSIAN, SEEDS, ws);
        double rate = (double)tally.successes / SEEDS, mean = tally.total / SEEDS;
        double sd = sqrt(fmax(tally.squares / SEEDS - mean * mean, 0.0));
        double pooled = 0.5 * (rate + r->fortran_rate);
        double rate_error = sqrt(2 * pooled * (1 - pooled) / SEEDS), mean_error = sqrt(2.0 / SEEDS) * sd;
        print_message("  %-17s %7.1f%% %7.1f%% %10.1f %10.1f\n", f->name, 100 * rate, 100 * r->fortran_rate, mean,
                      r->fortran_evaluations);
        if (fabs(rate - r->fortran_rate) > 4 * rate_error + 1e-12)
            fail_msg("%s: %.1f%% successes, the Fortran %.1f%% (±%.1f%%)", f->name, 100 * rate,
                     100 * r->fortran_rate, 400 * rate_error);
        if (fabs(mean - r->fortran_evaluations) > 4 * mean_error)
            fail_msg("%s: mean evaluations %.1f, the Fortran %.1f (±%.1f)", f->name, mean, r->fortran_evaluations,
                     4 * mean_error);
    }
    sceua_workspace_free(ws);
}

/* ---- determinism and workspaces ----------------------------------------------------------------- */

static void assert_same_result(const sceua_result *a, const sceua_result *b)
{
    assert_int_equal(a->n, b->n);
    assert_memory_equal(a->best_x, b->best_x, (size_t)a->n * sizeof(double));
    assert_memory_equal(&a->best_f, &b->best_f, sizeof(double));
    assert_int_equal(a->evaluations, b->evaluations);
    assert_int_equal(a->loops, b->loops);
    assert_int_equal(a->stop, b->stop);
    assert_int_equal(a->trace.count, b->trace.count);
    size_t rows = (size_t)a->trace.count, cells = rows * (size_t)a->n;
    if (rows == 0) return;
    assert_memory_equal(a->trace.evaluations, b->trace.evaluations, rows * sizeof(long));
    assert_memory_equal(a->trace.best_f, b->trace.best_f, rows * sizeof(double));
    assert_memory_equal(a->trace.worst_f, b->trace.worst_f, rows * sizeof(double));
    assert_memory_equal(a->trace.gnrng, b->trace.gnrng, rows * sizeof(double));
    assert_memory_equal(a->trace.best_x, b->trace.best_x, cells * sizeof(double));
    assert_memory_equal(a->trace.x_min, b->trace.x_min, cells * sizeof(double));
    assert_memory_equal(a->trace.x_max, b->trace.x_max, cells * sizeof(double));
}

static void test_determinism(void **state)
{
    (void)state;
    const sceua_function *f = &sceua_shekel10;
    for (int m = 0; m < 2; m++) {
        sceua_options opt;
        sceua_result first, again, reused, other;
        counted c;
        benchmark_options(&opt, f->n, 12345, (sceua_mutation)m);
        opt.stream = 678;
        opt.record_trace = true;
        assert_int_equal(run_counted(f, &opt, NULL, &first, &c), DT_OK);
        assert_int_equal(run_counted(f, &opt, NULL, &again, &c), DT_OK);
        assert_same_result(&first, &again);

        /* A workspace grown by a bigger problem and reused gives the same bits. */
        sceua_workspace *ws = sceua_workspace_create();
        sceua_options big;
        benchmark_options(&big, sceua_griewank10.n, 1, (sceua_mutation)m);
        big.maxn = 500;
        assert_int_equal(run_counted(&sceua_griewank10, &big, ws, &other, &c), DT_OK);
        sceua_result_free(&other);
        assert_int_equal(run_counted(f, &opt, ws, &reused, &c), DT_OK);
        assert_same_result(&first, &reused);
        sceua_workspace_free(ws);

        /* Another stream is another run. */
        opt.stream = 679;
        assert_int_equal(run_counted(f, &opt, NULL, &other, &c), DT_OK);
        assert_true(other.evaluations != first.evaluations ||
                    memcmp(other.best_x, first.best_x, sizeof(double) * 4) != 0);
        sceua_result_free(&first);
        sceua_result_free(&again);
        sceua_result_free(&reused);
        sceua_result_free(&other);
    }
}

/* ---- stopping rules -------------------------------------------------------------------------------- */

static double constant_cost(const double *x, void *context)
{
    (void)x;
    return *(const double *)context;
}

static void test_stop_max_evaluations(void **state)
{
    (void)state;
    const long budgets[] = {1, 7, 100};
    for (int i = 0; i < 3; i++) {
        sceua_options opt;
        sceua_result result;
        counted c;
        benchmark_options(&opt, 2, 3, SCEUA_MUTATION_GAUSSIAN);
        opt.maxn = budgets[i];
        assert_int_equal(run_counted(&sceua_rosenbrock, &opt, NULL, &result, &c), DT_OK);
        assert_int_equal(result.stop, SCEUA_STOP_MAX_EVALUATIONS);
        assert_int_equal(result.evaluations, budgets[i]);
        assert_int_equal(c.calls, budgets[i]);
        /* 1 and 7 are less than the 25-point population: no shuffling loop at all. */
        assert_int_equal(result.loops == 0, budgets[i] < 25);
        assert_true(isfinite(result.best_f));
    }
}

static void test_stop_parameter_converged(void **state)
{
    (void)state;
    sceua_options opt;
    sceua_result result;
    counted c;
    benchmark_options(&opt, 3, 4, SCEUA_MUTATION_GAUSSIAN);
    opt.pcento = 0; /* only gnrng can stop it */
    opt.record_trace = true;
    assert_int_equal(run_counted(&sceua_quadratic3, &opt, NULL, &result, &c), DT_OK);
    assert_int_equal(result.stop, SCEUA_STOP_PARAMETER_CONVERGED);
    assert_true(result.trace.gnrng[result.trace.count - 1] <= opt.peps);
    assert_true(result.trace.gnrng[result.trace.count - 2] > opt.peps);
    assert_true(result.best_f < 1e-4);
    sceua_result_free(&result);
}

/* A cost that never changes stops after kstop+1 loops (the first loop the test can run). A
 * cost of exactly 0 is the f → 0 case: Duan's ratio |a − b| / (|a + b| / 2) is 0/0 = NaN and
 * never stops; the guarded test treats equal values as no change. */
static void test_stop_no_improvement(void **state)
{
    (void)state;
    const double levels[] = {1.0, 0.0, -2.5};
    const double lower[2] = {0, 0}, upper[2] = {1, 1};
    for (int i = 0; i < 3; i++) {
        sceua_options opt;
        sceua_result result;
        dt_error err;
        sceua_default_options(&opt, 2);
        opt.maxn = 100000;
        assert_int_equal(sceua_run(2, lower, upper, constant_cost, (void *)&levels[i], &opt,
                                   NULL, &result, &err),
                         DT_OK);
        assert_int_equal(result.stop, SCEUA_STOP_NO_IMPROVEMENT);
        assert_int_equal(result.loops, opt.kstop + 1);
        assert_true(result.best_f == levels[i]);
        /* Ties are accepted (f_new <= f_w), so every CCE step takes its first trial: one
         * evaluation per step on a flat cost. */
        assert_int_equal(result.evaluations,
                         opt.ngs * opt.npg + (long)result.loops * opt.ngs * opt.nspl);
    }
}

/* A best cost still falling towards 0 is improving, whatever its size: the quadratic's best
 * cost keeps shrinking far below pcento's scale before the run stops. */
static void test_relative_test_near_zero(void **state)
{
    (void)state;
    sceua_options opt;
    sceua_result result;
    counted c;
    benchmark_options(&opt, 3, 5, SCEUA_MUTATION_GAUSSIAN);
    opt.peps = 0;
    opt.maxn = 200000;
    assert_int_equal(run_counted(&sceua_quadratic3, &opt, NULL, &result, &c), DT_OK);
    assert_int_equal(result.stop, SCEUA_STOP_NO_IMPROVEMENT);
    assert_true(result.best_f < 1e-20);
    assert_int_equal(c.calls, result.evaluations);
}

/* ---- non-finite costs -------------------------------------------------------------------------------- */

/* The quadratic, but NaN, +inf or −inf over parts of the box away from its minimum. */
static double holey_cost(const double *x, void *context)
{
    (void)context;
    if (x[0] > 0.5) return NAN;
    if (x[1] < -0.5) return INFINITY;
    if (x[2] < -0.6) return -INFINITY;
    return sceua_quadratic3.cost(x, NULL);
}

static double nan_cost(const double *x, void *context)
{
    (void)x, (void)context;
    return NAN;
}

static void test_nonfinite_cost(void **state)
{
    (void)state;
    const sceua_function *q = &sceua_quadratic3;
    for (int m = 0; m < 2; m++) {
        sceua_options opt;
        sceua_result result;
        dt_error err;
        sceua_default_options(&opt, 3);
        opt.mutation = (sceua_mutation)m;
        opt.seed = 9;
        assert_int_equal(sceua_run(3, q->lower, q->upper, holey_cost, NULL, &opt, NULL, &result,
                                   &err),
                         DT_OK);
        assert_true(result.best_f < 1e-3);
        assert_true(fabs(result.best_x[1] - 0.3) < 0.05);

        opt.record_trace = true;
        assert_int_equal(sceua_run(3, q->lower, q->upper, nan_cost, NULL, &opt, NULL, &result,
                                   &err),
                         DT_OK);
        assert_true(isinf(result.best_f) && result.best_f > 0);
        assert_int_equal(result.stop, SCEUA_STOP_NO_IMPROVEMENT);
        for (int i = 0; i < result.trace.count; i++)
            assert_true(isinf(result.trace.best_f[i]) && isinf(result.trace.worst_f[i]));
        for (int j = 0; j < 3; j++)
            assert_true(result.best_x[j] >= q->lower[j] && result.best_x[j] <= q->upper[j]);
        sceua_result_free(&result);
    }
}

/* ---- evaluation counts, the box, x0, complex reduction --------------------------------------- */

static void test_exact_evaluation_count(void **state)
{
    (void)state;
    const long budgets[] = {2, 13, 26, 57, 101, 999, 3000, 10000};
    const sceua_function *functions[] = {&sceua_goldstein_price, &sceua_hartman6,
                                         &sceua_shekel5};
    sceua_workspace *ws = sceua_workspace_create();
    for (int m = 0; m < 2; m++)
        for (int k = 0; k < 3; k++)
            for (int b = 0; b < 8; b++) {
                sceua_options opt;
                sceua_result result;
                counted c;
                benchmark_options(&opt, functions[k]->n, (uint64_t)(b + 1), (sceua_mutation)m);
                opt.maxn = budgets[b];
                opt.pcento = 0; /* run to the budget or to convergence */
                assert_int_equal(run_counted(functions[k], &opt, ws, &result, &c), DT_OK);
                assert_int_equal(c.calls, result.evaluations);
                assert_int_equal(c.outside, 0);
                assert_true(result.evaluations <= budgets[b]);
                if (result.stop == SCEUA_STOP_MAX_EVALUATIONS)
                    assert_int_equal(result.evaluations, budgets[b]);
                else
                    assert_int_equal(result.stop, SCEUA_STOP_PARAMETER_CONVERGED);
            }
    sceua_workspace_free(ws);
}

static void test_initial_point(void **state)
{
    (void)state;
    const sceua_function *f = &sceua_goldstein_price;
    const double x0[2] = {0.0, -1.0}, corner[2] = {2.0, -2.0};
    sceua_options opt;
    sceua_result result;
    counted c;
    benchmark_options(&opt, 2, 1, SCEUA_MUTATION_GAUSSIAN);
    opt.x0 = corner; /* on the boundary: allowed */
    opt.maxn = 1;
    assert_int_equal(run_counted(f, &opt, NULL, &result, &c), DT_OK);
    assert_memory_equal(result.best_x, corner, sizeof corner);
    assert_true(result.best_f == f->cost(corner, NULL));

    /* Starting from the minimiser, no run can end worse than it. */
    opt.x0 = x0;
    opt.maxn = 10000;
    for (int s = 1; s <= 20; s++) {
        opt.seed = (uint64_t)s;
        assert_int_equal(run_counted(f, &opt, NULL, &result, &c), DT_OK);
        assert_true(result.best_f <= f->cost(x0, NULL));
    }
}

static void test_complex_reduction(void **state)
{
    (void)state;
    sceua_options opt;
    sceua_result result;
    counted c;
    benchmark_options(&opt, 2, 8, SCEUA_MUTATION_GAUSSIAN);
    opt.ngs = 8;
    opt.mings = 2;
    opt.record_trace = true;
    assert_int_equal(run_counted(&sceua_goldstein_price, &opt, NULL, &result, &c), DT_OK);
    assert_true(succeeded(&sceua_goldstein_price, result.best_f));
    assert_int_equal(c.calls, result.evaluations);
    const sceua_trace *t = &result.trace;
    assert_true(t->count >= 9);
    /* Duan's sceua: ngs complexes in loops 0 and 1, then one fewer per loop down to mings. */
    for (int i = 0; i < t->count; i++) {
        int expected = i <= 1 ? 8 : 8 - (i - 1);
        assert_int_equal(t->complexes[i], expected < 2 ? 2 : expected);
    }
    sceua_result_free(&result);
}

/* ---- the trace ------------------------------------------------------------------------------------ */

static void check_trace(const sceua_function *f, const sceua_result *result)
{
    const sceua_trace *t = &result->trace;
    int n = f->n;
    assert_int_equal(t->count, result->loops + 1);
    assert_int_equal(t->evaluations[t->count - 1], result->evaluations);
    assert_true(t->best_f[t->count - 1] == result->best_f);
    assert_memory_equal(t->best_x + (size_t)(t->count - 1) * (size_t)n, result->best_x,
                        (size_t)n * sizeof(double));
    for (int i = 0; i < t->count; i++) {
        if (i > 0) {
            assert_true(t->best_f[i] <= t->best_f[i - 1]); /* the best never gets worse */
            assert_true(t->evaluations[i] > t->evaluations[i - 1]);
        }
        assert_true(t->best_f[i] <= t->worst_f[i]);
        double log_sum = 0;
        for (int j = 0; j < n; j++) {
            double lo = t->x_min[i * n + j], hi = t->x_max[i * n + j], b = t->best_x[i * n + j];
            assert_true(f->lower[j] <= lo && lo <= b && b <= hi && hi <= f->upper[j]);
            log_sum += log(1e-20 + (hi - lo) / (f->upper[j] - f->lower[j]));
        }
        assert_true(fabs(exp(log_sum / n) / t->gnrng[i] - 1) < 1e-12);
        assert_true(fabs(f->cost(t->best_x + (size_t)i * (size_t)n, NULL) - t->best_f[i]) == 0);
    }
}

static void test_trace(void **state)
{
    (void)state;
    const sceua_function *functions[] = {&sceua_shekel10, &sceua_rosenbrock, &sceua_hartman6};
    for (int k = 0; k < 3; k++)
        for (int m = 0; m < 2; m++) {
            sceua_options opt;
            sceua_result with, without;
            counted c;
            benchmark_options(&opt, functions[k]->n, 21, (sceua_mutation)m);
            assert_int_equal(run_counted(functions[k], &opt, NULL, &without, &c), DT_OK);
            assert_int_equal(without.trace.count, 0);
            assert_null(without.trace.best_f);
            opt.record_trace = true;
            assert_int_equal(run_counted(functions[k], &opt, NULL, &with, &c), DT_OK);
            check_trace(functions[k], &with);
            /* Recording changes nothing else. */
            assert_memory_equal(with.best_x, without.best_x, sizeof with.best_x);
            assert_int_equal(with.evaluations, without.evaluations);
            sceua_result_free(&with);
            assert_int_equal(with.trace.count, 0);
            sceua_result_free(&with); /* twice is harmless */
        }
}

/* ---- bad arguments --------------------------------------------------------------------------------- */

typedef struct {
    const char *expect;   /* a word the message must contain */
    int field;
    double value;
} bad_case;

enum { F_N, F_NGS, F_NPG, F_NPS, F_NSPL, F_MINGS, F_MAXN, F_KSTOP, F_PCENTO, F_PEPS, F_MUTATION,
       F_LOWER, F_UPPER, F_X0, F_COST };

static const bad_case BAD[] = {
    {"n = 0", F_N, 0},           {"n = 65", F_N, 65},            {"ngs = 0", F_NGS, 0},
    {"npg = 1", F_NPG, 1},       {"nps = 1", F_NPS, 1},          {"nps = 6", F_NPS, 6},
    {"nspl = 0", F_NSPL, 0},     {"mings = 0", F_MINGS, 0},      {"mings = 6", F_MINGS, 6},
    {"maxn = 0", F_MAXN, 0},     {"kstop = 0", F_KSTOP, 0},      {"pcento = -0.1", F_PCENTO, -0.1},
    {"pcento = nan", F_PCENTO, NAN}, {"peps = -1", F_PEPS, -1},  {"peps = inf", F_PEPS, INFINITY},
    {"mutation = 7", F_MUTATION, 7}, {"parameter 1", F_LOWER, 5}, {"parameter 1", F_UPPER, NAN},
    {"parameter 1", F_LOWER, -INFINITY}, {"parameter 1", F_LOWER, 1}, {"x0[1] = 2", F_X0, 2},
    {"x0[1] = nan", F_X0, NAN},  {"cost is NULL", F_COST, 0},    {"ngs", F_NGS, 300000},
};

static int bad_run(const bad_case *b, dt_error *err, long *calls)
{
    double lower[2] = {0, 0}, upper[2] = {1, 1}, x0[2] = {0.5, 0.5};
    int n = 2;
    sceua_options opt;
    sceua_default_options(&opt, 2);
    opt.x0 = x0;
    switch (b->field) {
    case F_N: n = (int)b->value; break;
    case F_NGS: opt.ngs = opt.mings = (int)b->value; break;
    case F_NPG: opt.npg = (int)b->value; break;
    case F_NPS: opt.nps = (int)b->value; break;
    case F_NSPL: opt.nspl = (int)b->value; break;
    case F_MINGS: opt.mings = (int)b->value; break;
    case F_MAXN: opt.maxn = (long)b->value; break;
    case F_KSTOP: opt.kstop = (int)b->value; break;
    case F_PCENTO: opt.pcento = b->value; break;
    case F_PEPS: opt.peps = b->value; break;
    case F_MUTATION: opt.mutation = (sceua_mutation)(int)b->value; break;
    case F_LOWER: lower[1] = b->value; break;
    case F_UPPER: upper[1] = b->value; break;
    case F_X0: x0[1] = b->value; break;
    default: break;
    }
    counted c = {&sceua_goldstein_price, 0, 0};
    sceua_result result;
    int status = sceua_run(n, lower, upper, b->field == F_COST ? NULL : counted_cost, &c, &opt,
                           NULL, &result, err);
    *calls = c.calls;
    assert_int_equal(result.trace.count, 0);
    sceua_result_free(&result);
    return status;
}

static void test_bad_arguments(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        dt_error err = {DT_OK, ""};
        long calls = -1;
        int status = bad_run(&BAD[i], &err, &calls);
        if (status != DT_ERR_USAGE || !strstr(err.text, BAD[i].expect) || calls != 0)
            fail_msg("case %zu: status %d, %ld calls, message \"%s\" (want \"%s\")", i, status,
                     calls, err.text, BAD[i].expect);
    }
    /* NULL result and NULL err are handled. */
    sceua_options opt;
    sceua_default_options(&opt, 1);
    double lower = 0, upper = 1;
    assert_int_equal(sceua_run(1, &lower, &upper, nan_cost, NULL, &opt, NULL, NULL, NULL),
                     DT_ERR_USAGE);
    sceua_result result;
    opt.ngs = 0;
    assert_int_equal(sceua_run(1, &lower, &upper, nan_cost, NULL, &opt, NULL, &result, NULL),
                     DT_ERR_USAGE);
}

static void test_defaults_and_names(void **state)
{
    (void)state;
    sceua_options opt;
    sceua_default_options(&opt, 3);
    assert_int_equal(opt.ngs, 5);
    assert_int_equal(opt.npg, 7);
    assert_int_equal(opt.nps, 4);
    assert_int_equal(opt.nspl, 7);
    assert_int_equal(opt.mings, 5);
    assert_int_equal(opt.maxn, 3000);
    assert_int_equal(opt.kstop, 5);
    assert_true(opt.pcento == 0.01 && opt.peps == 1e-3);
    assert_int_equal(opt.mutation, SCEUA_MUTATION_GAUSSIAN);
    assert_null(opt.x0);
    assert_false(opt.record_trace);
    assert_string_equal(sceua_stop_name(SCEUA_STOP_MAX_EVALUATIONS), "maximum evaluations");
    assert_string_equal(sceua_stop_name(SCEUA_STOP_NO_IMPROVEMENT), "no improvement");
    assert_string_equal(sceua_stop_name(SCEUA_STOP_PARAMETER_CONVERGED), "parameters converged");
    assert_string_equal(sceua_mutation_name(SCEUA_MUTATION_UNIFORM), "uniform");
    assert_string_equal(sceua_mutation_name(SCEUA_MUTATION_GAUSSIAN), "gaussian");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_functions_at_their_minimum),
        cmocka_unit_test(test_rates_gaussian),
        cmocka_unit_test(test_rates_uniform),
        cmocka_unit_test(test_rates_equal_fortran),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_stop_max_evaluations),
        cmocka_unit_test(test_stop_parameter_converged),
        cmocka_unit_test(test_stop_no_improvement),
        cmocka_unit_test(test_relative_test_near_zero),
        cmocka_unit_test(test_nonfinite_cost),
        cmocka_unit_test(test_exact_evaluation_count),
        cmocka_unit_test(test_initial_point),
        cmocka_unit_test(test_complex_reduction),
        cmocka_unit_test(test_trace),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_defaults_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
