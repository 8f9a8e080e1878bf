/* sceua.h — SCE-UA global minimisation in a box (Duan, Sorooshian & Gupta 1992; Duan et al. 1994). */
#ifndef DRYTEX_SCEUA_H
#define DRYTEX_SCEUA_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

/* The largest number of parameters sceua_run accepts (Duan's Fortran v2.1 allows 16). */
#define SCEUA_MAX_PARAMETERS 64

/* The function to minimise. A NaN or infinite return (of either sign) is treated as +inf:
 * the point is kept only while nothing better is known. */
typedef double (*sceua_cost)(const double *x, void *context);

/* How a random replacement point is drawn (when a reflection leaves the box, or when both
 * reflection and contraction fail). */
typedef enum {
    SCEUA_MUTATION_GAUSSIAN = 0, /* Duan's Fortran v2.1: normal around the sub-complex best,
                                    sigma_j = population std of parameter j, redrawn per
                                    coordinate until inside the box */
    SCEUA_MUTATION_UNIFORM = 1   /* Duan's 2004 MATLAB sceua and spotpy: uniform in the box */
} sceua_mutation;

typedef enum {
    SCEUA_STOP_MAX_EVALUATIONS = 0,    /* evaluations reached maxn */
    SCEUA_STOP_NO_IMPROVEMENT = 1,     /* best f changed by less than pcento over kstop loops */
    SCEUA_STOP_PARAMETER_CONVERGED = 2 /* normalised geometric range gnrng <= peps */
} sceua_stop;

typedef struct {
    int ngs;            /* complexes in the initial population (default 5); ngs·npg <= 10000 */
    int npg;            /* points per complex (default 2n+1) */
    int nps;            /* points per sub-complex (default n+1); 2 <= nps <= npg */
    int nspl;           /* evolution steps per complex per shuffling loop (default 2n+1) */
    int mings;          /* fewest complexes: one is dropped per loop while ngs > mings (default ngs) */
    long maxn;          /* evaluation budget (default 3000); never exceeded */
    int kstop;          /* shuffling loops over which best f must improve (default 5) */
    double pcento;      /* required relative improvement over kstop loops, a fraction (0.01);
                           0 disables this test */
    double peps;        /* stop when gnrng <= peps (default 1e-3); 0 disables this test */
    uint64_t seed;      /* run seed for rng_seed (default 0) */
    uint64_t stream;    /* stream for rng_seed, e.g. the cell index (default 0) */
    sceua_mutation mutation; /* default SCEUA_MUTATION_GAUSSIAN */
    const double *x0;   /* [n] a point put in the first population (Duan's iniflg), or NULL */
    bool record_trace;  /* fill result->trace (default false: no trace cost at all) */
} sceua_options;

/* One row per shuffling loop; row 0 is the initial population. Arrays of per-parameter values
 * are row-major: entry (row, j) at [row * n + j]. */
typedef struct {
    int count;          /* rows recorded */
    int capacity;       /* rows allocated */
    long *evaluations;  /* [count] evaluations so far */
    int *complexes;     /* [count] complexes in the population */
    double *best_f;     /* [count] best cost in the population */
    double *worst_f;    /* [count] worst cost in the population */
    double *gnrng;      /* [count] normalised geometric range of the population */
    double *best_x;     /* [count * n] best point */
    double *x_min;      /* [count * n] smallest value of each parameter in the population */
    double *x_max;      /* [count * n] largest value of each parameter in the population */
} sceua_trace;

typedef struct {
    int n;                                  /* parameters */
    double best_x[SCEUA_MAX_PARAMETERS];    /* [n] best point found */
    double best_f;                          /* its cost (+inf if the cost was never finite) */
    long evaluations;                       /* exact number of calls to the cost */
    int loops;                              /* shuffling loops run (a loop cut by maxn counts) */
    sceua_stop stop;
    sceua_trace trace;                      /* empty unless options.record_trace */
} sceua_result;

/* Reusable scratch memory; grows to the largest problem it has seen. One per thread. */
typedef struct sceua_workspace sceua_workspace;

/* Fills opt with Duan's defaults for n parameters (values above). */
void sceua_default_options(sceua_options *opt, int n);

sceua_workspace *sceua_workspace_create(void);
void sceua_workspace_free(sceua_workspace *workspace);

/* Minimises cost over lower <= x <= upper (n parameters). workspace may be NULL (then one is
 * allocated for this run); with a workspace and no trace the run allocates nothing once the
 * workspace has grown. Returns DT_OK or DT_ERR_USAGE for invalid arguments or options (err
 * names the value). result is always safe to pass to sceua_result_free afterwards. The same
 * arguments and (seed, stream) give bitwise the same result. */
int sceua_run(int n, const double *lower, const double *upper, sceua_cost cost, void *context,
              const sceua_options *opt, sceua_workspace *workspace, sceua_result *result,
              dt_error *err);

/* Frees the trace memory of a result filled by sceua_run. */
void sceua_result_free(sceua_result *result);

const char *sceua_stop_name(sceua_stop stop);         /* "maximum evaluations", … */
const char *sceua_mutation_name(sceua_mutation mutation); /* "gaussian", "uniform" */

#endif
