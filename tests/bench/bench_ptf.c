/* bench_ptf.c — evaluations per second of ptf_thresholds (the calibration's hot path) and
 * ptf_eval (the full validated set) for each scheme, over random textures covering the whole
 * triangle. Prints a table; asserts nothing. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ptf.h"
#include "rng.h"

enum { TEXTURES = 4000000, REPEATS = 3 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
    double *sand, *clay, *soc; /* [%w] */
} textures;

/* Uniform over the triangle sand + clay ≤ 100 (fold the unit square), SOC uniform in 0…5 %w. */
static textures make_textures(void)
{
    textures t = {malloc(TEXTURES * sizeof(double)), malloc(TEXTURES * sizeof(double)),
                  malloc(TEXTURES * sizeof(double))};
    if (!t.sand || !t.clay || !t.soc) {
        fprintf(stderr, "bench_ptf: out of memory\n");
        exit(1);
    }
    rng_state rng;
    rng_seed(&rng, 2024, 0);
    for (int i = 0; i < TEXTURES; i++) {
        double u = rng_uniform(&rng), v = rng_uniform(&rng);
        if (u + v > 1) u = 1 - u, v = 1 - v;
        t.sand[i] = 100 * u;
        t.clay[i] = 100 * v;
        t.soc[i] = rng_uniform_range(&rng, 0, 5);
    }
    return t;
}

/* Best of REPEATS passes, in million evaluations per second; *sink defeats dead-code removal. */
static double rate_thresholds(const ptf_options *o, const textures *t, double *sink)
{
    double best = 0;
    for (int r = 0; r < REPEATS; r++) {
        double start = now();
        for (int i = 0; i < TEXTURES; i++) {
            double wlt, ref;
            ptf_thresholds(o, t->sand[i], t->clay[i], t->soc[i], &wlt, &ref);
            *sink += wlt + ref;
        }
        double rate = TEXTURES / (now() - start) / 1e6;
        if (rate > best) best = rate;
    }
    return best;
}

static double rate_eval(const ptf_options *o, const textures *t, double *sink, long *refused)
{
    double best = 0;
    for (int r = 0; r < REPEATS; r++) {
        long failures = 0;
        double start = now();
        for (int i = 0; i < TEXTURES; i++) {
            ptf_hydraulics h;
            dt_error err;
            if (ptf_eval(o, t->sand[i], t->clay[i], t->soc[i], &h, &err) == DT_OK)
                *sink += h.k_s + h.d_sat;
            else
                failures++;
        }
        double rate = TEXTURES / (now() - start) / 1e6;
        if (rate > best) best = rate;
        *refused = failures;
    }
    return best;
}

int main(void)
{
    textures t = make_textures();
    double sink = 0;
    printf("%d random textures over the triangle, SOC 0-5 %%w; best of %d passes, one thread\n", TEXTURES, REPEATS);
    printf("%-12s %18s %18s %12s\n", "scheme", "ptf_thresholds", "ptf_eval", "refused");
    printf("%-12s %18s %18s %12s\n", "", "[M eval/s]", "[M eval/s]", "[%]");
    for (int s = 0; s < PTF_SCHEME_COUNT; s++) {
        ptf_options o;
        ptf_default_options(&o);
        o.scheme = (ptf_scheme)s;
        long refused = 0;
        double thresholds = rate_thresholds(&o, &t, &sink);
        double full = rate_eval(&o, &t, &sink, &refused);
        printf("%-12s %18.1f %18.1f %12.2f\n", ptf_name(o.scheme), thresholds, full, 100.0 * refused / TEXTURES);
    }
    printf("(checksum %.6g)\n", sink);
    free(t.sand);
    free(t.clay);
    free(t.soc);
    return 0;
}
