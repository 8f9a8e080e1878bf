/* drydown_fit.h — the exponential fit of one drydown event, θ(t) = Δθ·e^(−t/τ) + θw, by exact
 * profile least squares over log τ (science.md §1; McColl et al. 2017, GRL 44:3682, eq. 1). */
#ifndef DRYTEX_DRYDOWN_FIT_H
#define DRYTEX_DRYDOWN_FIT_H

#include <stddef.h>

#include "drydown_scan.h"

enum {
    DRYDOWN_FIT_TAU_LIMIT = 100000 /* [d] the largest τ_max: the scan's normal equations stay regular */
};

typedef struct {
    double tau;                   /* [d] */
    double delta;                 /* [m3 m-3] */
    double theta_w;               /* [m3 m-3] */
    double sse;                   /* [(m3 m-3)²] sum of squared residuals */
    double sst;                   /* [(m3 m-3)²] sum of squares about the mean (0: flat event) */
    int evaluations;              /* profile evaluations after the scan (diagnostics) */
} drydown_fit_result;

/* The profile at one τ: SSE minimised over (Δθ, θw) exactly, and its first and second derivatives
 * with respect to u = log τ for the active set of bounds at that τ. */
typedef struct {
    double sse, delta, theta_w;   /* [(m3 m-3)²], [m3 m-3], [m3 m-3] */
    double slope, curvature;      /* dSSE/du, d²SSE/du² */
    double theta_w_slope;         /* [m3 m-3] dθw/du, 0 where θw is at a bound or Δθ = 0 */
    /* where θw is at a bound: the θw of the unbounded least squares (outside the bounds) and its
     * dθw/du, which say where the bound stops being active; both 0 elsewhere */
    double free_theta_w, free_theta_w_slope; /* [m3 m-3], [m3 m-3] */
} drydown_fit_point;

/* The profile SSE and its derivatives at τ (used by the fit; exposed for tests and references). */
void drydown_fit_profile(const drydown_fit_problem *problem, double tau, drydown_fit_point *point);

/* The constrained least-squares optimum over τ in [tau_min, tau_max]: the scan brackets every
 * basin, safeguarded Newton on r = e^(−1/τ) converges in each (to ~1e-10 in log τ); never worse
 * than the best scan point (beyond the rounding of the SSE). Three points an exponential passes through within the bounds are solved in
 * closed form (sse ≈ 0, evaluations 0). A flat event (sst = 0) gets NaN τ, Δθ and θw. */
void drydown_fit(const drydown_scan_table *table, const drydown_fit_problem *problem, drydown_fit_result *result);

#endif
