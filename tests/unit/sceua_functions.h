/* sceua_functions.h — global-optimisation test functions for the SCE-UA tests and benchmark. */
#ifndef DRYTEX_SCEUA_FUNCTIONS_H
#define DRYTEX_SCEUA_FUNCTIONS_H

enum { SCEUA_FUNCTION_MAX_N = 10 };

/* A test problem: cost(x, context) ignores context unless it counts calls (see below). */
typedef struct {
    const char *name;
    int n;
    double lower[SCEUA_FUNCTION_MAX_N], upper[SCEUA_FUNCTION_MAX_N];
    double f_star;                         /* global minimum */
    double x_star[SCEUA_FUNCTION_MAX_N];   /* a global minimiser */
    double (*cost)(const double *x, void *context);
} sceua_function;

/* Goldstein–Price, Rosenbrock, six-hump camel, Rastrigin (Duan's form), Griewank-10,
 * Shekel-5/7/10, Hartman-3/6: science.md §3's table. */
extern const sceua_function sceua_goldstein_price, sceua_rosenbrock, sceua_six_hump_camel,
    sceua_rastrigin_duan, sceua_griewank10, sceua_shekel5, sceua_shekel7, sceua_shekel10,
    sceua_hartman3, sceua_hartman6;

/* Success rates (|f − f*| <= 1e-3 (1 + |f*|)) and mean evaluations over 1000 seeds with
 * ngs 5, kstop 5, pcento 0.01, peps 1e-3, maxn 10000, for the ten functions above:
 *   fortran_*: Duan's Fortran sceua v2.1 logic with its own ran1/gasdev, seeds 1..1000;
 *   uniform_*: this project's uniform-mutation variant, seeds 1001..2000 (no published figure);
 *   science_rate: science.md §3's figure in percent, −1 where it gives none. */
typedef struct {
    const sceua_function *function;
    double fortran_rate, fortran_evaluations;
    double uniform_rate, uniform_evaluations;
    int science_rate;
} sceua_reference;

enum { SCEUA_REFERENCES = 10 };
extern const sceua_reference sceua_references[SCEUA_REFERENCES];

/* The 3-parameter quadratic sum_j (x_j − 0.3 j)² on [−1, 1]³ (the benchmark's cheap cost). */
extern const sceua_function sceua_quadratic3;

#endif
