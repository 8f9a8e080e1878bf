/* bench_drydown_cell.c — one 20-year daily cell's drydown analysis (the cell of bench_science),
 * timed as the least time per cell over many batches: on a shared machine the least is the one
 * the other load disturbed least. Prints figures; asserts nothing.
 *     bench_drydown_cell [BATCHES [RUNS]]   (default 40 batches of 50 analyses) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_cell.h"
#include "drydown.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int batches = argc > 1 ? atoi(argv[1]) : 40, runs = argc > 2 ? atoi(argv[2]) : 50;
    if (batches < 1 || runs < 1) {
        fprintf(stderr, "usage: bench_drydown_cell [BATCHES [RUNS]]\n");
        return 2;
    }
    /* the same cell as bench_science (bench_cell.c) */
    size_t n = BENCH_CELL_DAYS;
    float *theta = bench_cell_series();
    if (!theta) return 1;
    drydown_options o;
    drydown_apply_preset(&o, DRYDOWN_SEED);
    drydown_result r;
    drydown_result_init(&r);
    drydown_analyse(&o, theta, NULL, n, &r, NULL); /* the memory, allocated once */
    double *per_cell = malloc((size_t)batches * sizeof *per_cell);
    for (int b = 0; b < batches; b++) {
        double t0 = now();
        for (int i = 0; i < runs; i++) drydown_analyse(&o, theta, NULL, n, &r, NULL);
        per_cell[b] = (now() - t0) / runs;
    }
    qsort(per_cell, (size_t)batches, sizeof *per_cell, compare_doubles);
    size_t fitted = 0;
    for (size_t i = 0; i < r.count; i++) fitted += !isnan(r.events[i].tau);
    printf("drydowns, one 20-year daily cell (%zu events, %zu fitted, %zu kept, θw %.4f): least %.3f ms, median %.3f ms "
           "(%d batches of %d)\n", r.count, fitted, r.kept, r.theta_w, 1e3 * per_cell[0], 1e3 * per_cell[batches / 2],
           batches, runs);
    free(per_cell);
    drydown_result_free(&r);
    free(theta);
    return 0;
}
