/* bench_science.c — the per-cell science: the Noah-MP column, one 3000-evaluation calibration,
 * one 20-year daily cell's drydown analysis (PTF rates: bench_ptf). Prints figures; asserts nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "calibrate.h"
#include "column.h"
#include "bench_cell.h"
#include "drydown.h"
#include "ptf.h"
#include "rng.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void bench_calibration(void)
{
    calib_options o;
    calib_default_options(&o);
    o.sceua.kstop = 10000; /* no early stop: always the whole 3000-evaluation budget */
    o.sceua.peps = 0;
    o.sceua.pcento = 0;
    calib_input in = {.baseline = {50, 20, 1.5}, .theta_w = 0.11, .theta_c = 0.25};
    sceua_workspace *w = sceua_workspace_create();
    int runs = 200;
    double t0 = now();
    long evaluations = 0;
    for (int i = 0; i < runs; i++) {
        calib_result r;
        calib_cell(&o, &in, (uint64_t)i, 0, w, &r, NULL);
        evaluations += r.sceua.evaluations;
        calib_result_free(&r);
    }
    double t = (now() - t0) / runs;
    printf("calibration sr06, 3 parameters, %ld evaluations: %.3f ms per cell\n", evaluations / runs, 1e3 * t);
    calib_default_options(&o);
    t0 = now();
    for (int i = 0; i < runs; i++) {
        calib_result r;
        calib_cell(&o, &in, (uint64_t)i, 0, w, &r, NULL);
        evaluations += r.sceua.evaluations;
        calib_result_free(&r);
    }
    printf("calibration sr06 with the default stopping rules: %.3f ms per cell\n", 1e3 * (now() - t0) / runs);
    sceua_workspace_free(w);
}

/* A 20-year daily cell shaped like the demo's (bench_cell.c). */
static void bench_drydowns(void)
{
    size_t n = BENCH_CELL_DAYS;
    float *theta = bench_cell_series();
    if (!theta) return;
    drydown_options o;
    drydown_apply_preset(&o, DRYDOWN_SEED);
    drydown_result r;
    drydown_result_init(&r);
    int runs = 200;
    double t0 = now();
    for (int i = 0; i < runs; i++) drydown_analyse(&o, theta, NULL, n, &r, NULL);
    double t = (now() - t0) / runs;
    size_t fitted = 0;
    for (size_t i = 0; i < r.count; i++) fitted += !isnan(r.events[i].tau);
    printf("drydowns, one 20-year daily cell (%zu events, %zu fitted, %zu kept): %.3f ms\n", r.count, fitted, r.kept,
           1e3 * t);
    drydown_result_free(&r);
    free(theta);
}

/* The Noah-MP column: hour steps with rain now and then, ET every step. */
static void bench_column(void)
{
    ptf_options o;
    ptf_default_options(&o);
    o.scheme = PTF_SR06_NOAHMP;
    ptf_hydraulics soil;
    ptf_eval(&o, 40, 20, 0, &soil, NULL);
    column_config config;
    column_default_config(&config, &soil);
    column_state column;
    double theta[4] = {0.25, 0.25, 0.25, 0.25};
    column_init(&column, &config, theta, NULL);
    rng_state rng;
    rng_seed(&rng, 4, 0);
    long steps = 3L * 365 * 24;
    double t0 = now();
    for (long i = 0; i < steps; i++) {
        column_forcing f = {.soil_evaporation = 2e-8, .transpiration = {1e-8, 1e-8, 1e-8}};
        if (rng_uniform(&rng) < 0.03) f.water_input = 5e-6;
        column_fluxes out;
        column_step(&column, 3600.0, &f, &out);
    }
    double t = now() - t0;
    printf("Noah-MP column: %.2f µs per hour step (%.0f k steps/s); a 3-year hourly run of one cell %.1f ms\n",
           1e6 * t / steps, steps / t / 1e3, 1e3 * t);
}

int main(void)
{
    bench_column();
    bench_calibration();
    bench_drydowns();
    return 0;
}
