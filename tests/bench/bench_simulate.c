/* bench_simulate.c — one cell's `drytex simulate` run (the column with the PET closure, hourly
 * disaggregation and spin-up) on demo-world cells, and the projected wall time of the seed's domain
 * (China at 0.1°, ≈ 96 000 land cells, 3 years, baseline and optimised texture) on 2 cores. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "demo_world.h"
#include "ptf.h"
#include "simulate.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(void)
{
    demo_settings settings;
    demo_default_settings(&settings);
    settings.rows = 4;
    settings.cols = 6;
    settings.ndays = 3 * 365 + 1; /* 2011–2013 */
    demo_world world;
    dt_error err;
    if (demo_world_build(&world, &settings, &err) != DT_OK) {
        fprintf(stderr, "bench_simulate: %s\n", err.text);
        return 1;
    }
    demo_series series;
    demo_series_alloc(&series, settings.ndays);
    float *top = malloc(settings.ndays * sizeof *top);
    simulate_options options;
    simulate_default_options(&options);
    ptf_options ptf;
    ptf_default_options(&ptf);
    double with_spinup = 0, without = 0, loops = 0;
    size_t cells = settings.rows * settings.cols;
    for (size_t i = 0; i < cells; i++) {
        demo_cell_series(&world, i / settings.cols, i % settings.cols, &series);
        ptf_hydraulics soil;
        if (ptf_eval(&ptf, world.sand[i], world.clay[i], world.soc[i], &soil, &err) != DT_OK) continue;
        simulate_run run = {.top = top};
        double t0 = now();
        simulate_column(&options, &soil, settings.first_day, series.precip, series.pet, settings.ndays, &run, &err);
        double t1 = now();
        loops += run.spinup_loops;
        simulate_options bare = options;
        bare.spinup_max_loops = 0;
        simulate_column(&bare, &soil, settings.first_day, series.precip, series.pet, settings.ndays, &run, &err);
        double t2 = now();
        with_spinup += t1 - t0;
        without += t2 - t1;
    }
    with_spinup /= (double)cells;
    without /= (double)cells;
    double steps = (double)settings.ndays * 24.0;
    printf("simulate one cell, 3 years hourly (%.0f steps) without spin-up: %.1f ms (%.2f µs per hour step with the closure)\n",
           steps, 1e3 * without, 1e6 * without / steps);
    printf("simulate one cell, 3 years with spin-up (mean %.1f loops of the first year): %.1f ms\n", loops / (double)cells, 1e3 * with_spinup);
    double domain = 96000.0 * 2.0 * with_spinup / 2.0;
    printf("projected: the seed's domain (96 000 cells, 3 years, baseline + optimised) on 2 cores: %.0f s (%.1f min)\n",
           domain, domain / 60.0);
    free(top);
    demo_series_free(&series);
    demo_world_free(&world);
    return 0;
}
