/* bench_cell.c — the 20-year daily cell the drydown benchmarks time. */
#include "bench_cell.h"

#include <math.h>
#include <stdlib.h>

#include "rng.h"

float *bench_cell_series(void)
{
    float *theta = malloc(BENCH_CELL_DAYS * sizeof *theta);
    if (!theta) return NULL;
    rng_state rng;
    rng_seed(&rng, 3, 0);
    double v = 0.3;
    for (size_t i = 0; i < BENCH_CELL_DAYS; i++) {
        if (rng_uniform(&rng) < 0.12) v = 0.3 + 0.01 * rng_normal(&rng);
        else v = 0.1 + (v - 0.1) * exp(-1 / 6.0);
        theta[i] = rng_uniform(&rng) < 0.3 ? NAN : (float)(v + 0.004 * rng_normal(&rng));
    }
    return theta;
}
