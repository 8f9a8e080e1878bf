/* drydown_scan.c — the profile SSE at every scan point of the drydown fit (drydown_fit.c).
 *
 * At a fixed τ the model is linear in (Δθ, θw); with x = e^(−t/τ), y centred on ȳ and w = θw − ȳ,
 * the least squares need Σ x, Σ x², Σ x y only. The powers at the scan points are tabulated (t
 * are whole days), so the scan is sums over the points for all scan points at once and a
 * closed-form solve per scan point, written as loops over the scan points that the compiler
 * unrolls and vectorises: no branch depends on the data. The same pass takes the event's mean
 * and SST, so the fit needs no pass of its own for them. */
#include "drydown_scan.h"

#include <math.h>

void drydown_scan_table_init(drydown_scan_table *table, double tau_min, double tau_max)
{
    table->tau_min = tau_min;
    table->tau_max = tau_max;
    double low = log(tau_min), step = (log(tau_max) - low) / (DRYDOWN_SCAN_POINTS - 1);
    for (int s = 0; s < DRYDOWN_SCAN_POINTS; s++) {
        table->log_tau[s] = low + step * s;
        table->rate[s] = exp(-table->log_tau[s]);
        double ratio = exp(-table->rate[s]), power = 1.0;
        for (size_t t = 0; t < DRYDOWN_SCAN_TABLE_DAYS; t++) {
            table->power[t][s] = power;
            power *= ratio;
        }
    }
}

double drydown_scan_power(const drydown_scan_table *table, int s, size_t t)
{
    const size_t last = DRYDOWN_SCAN_TABLE_DAYS - 1;
    if (t <= last) return table->power[t][s];
    double value = table->power[t % last][s];
    for (size_t q = t / last; q > 0 && value > 0; q--) value *= table->power[last][s];
    return value;
}

enum { HALF = DRYDOWN_SCAN_POINTS / 2 }; /* scan points summed together: their sums fit in registers */

typedef struct {
    double sx[DRYDOWN_SCAN_POINTS], sxx[DRYDOWN_SCAN_POINTS], sxy[DRYDOWN_SCAN_POINTS]; /* Σ x, Σ x², Σ x (y − ȳ) */
} scan_sums;

/* The powers of a point t days after the first at every scan point: the table's row, or past it
 * (rare) products of its entries in *row. (t as a double compared and converted to int: a size_t
 * conversion of a double costs a branch.) */
static const double *powers_of(const drydown_scan_table *table, double t, double *row)
{
    if (t < DRYDOWN_SCAN_TABLE_DAYS) return table->power[(int)t];
    for (int s = 0; s < DRYDOWN_SCAN_POINTS; s++) row[s] = drydown_scan_power(table, s, (size_t)t);
    return row;
}

/* The sums of scan points from .. from + HALF − 1 (the first point, t = 0, has x = 1 everywhere),
 * with y as offsets d = y − y0 from the first value (their mean is not known before this pass);
 * the first half's pass also takes Σ d and Σ d² for the event's mean and SST. */
static void add_half(const drydown_scan_table *table, const drydown_fit_problem *p, int from, scan_sums *restrict m,
                     double *sum_d, double *sum_dd)
{
    double sx[HALF], sxx[HALF], sxd[HALF], y0 = p->y[0], row[DRYDOWN_SCAN_POINTS], sd = 0, sdd = 0;
#pragma GCC unroll 6
    for (int j = 0; j < HALF; j++) sx[j] = 1.0, sxx[j] = 1.0, sxd[j] = 0.0;
    for (size_t k = 1; k < p->n; k++) {
        const double *x = powers_of(table, p->t[k], row) + from;
        double d = p->y[k] - y0;
        sd += d, sdd += d * d;
#pragma GCC unroll 6
        for (int j = 0; j < HALF; j++) sx[j] += x[j], sxx[j] += x[j] * x[j], sxd[j] += x[j] * d;
    }
#pragma GCC unroll 6
    for (int j = 0; j < HALF; j++) m->sx[from + j] = sx[j], m->sxx[from + j] = sxx[j], m->sxy[from + j] = sxd[j];
    if (sum_d) *sum_d = sd, *sum_dd = sdd;
}

/* The bounded least squares at every scan point. Interior: Δθ = Σxy/cxx, w = −Δθ Σx/n, SSE =
 * SST − Δθ Σxy, where cxx = Σx² − (Σx)²/n. When the interior w is infeasible the optimum lies on
 * the violated bound's edge (a convex problem: from the constrained optimum towards the free one
 * the SSE falls, so the segment between them must leave through that bound): w = c fixed, Δθ =
 * max(b, 0)/Σx² with b = Σxy − c Σx, SSE = SST + n c² − max(b, 0)²/Σx². Above upper (≤ 0) also
 * covers Δθ < 0 (then w > 0), whose optimum Δθ = 0, w = upper is that edge's end. One division
 * gives 1/cxx and 1/Σx² (from 1/(cxx Σx²)); cxx is never 0: x = 1 at t = 0 and
 * x ≤ e^(−1/τ_max) at every later (whole, distinct) day, so cxx ≥ (1 − e^(−1/τ_max))² (n − 1)/n²
 * > 1e-11 for τ_max ≤ DRYDOWN_FIT_TAU_LIMIT. */
static void solve(const scan_sums *restrict m, const drydown_scan_event *e, double n, double *restrict sse)
{
    const double inv_n = 1.0 / n, lower = e->lower, upper = e->upper;
    const double base_low = e->sst + n * lower * lower, base_high = e->sst + n * upper * upper;
    /* small loops, each of which GCC vectorises (not their union) */
    double w[DRYDOWN_SCAN_POINTS], interior[DRYDOWN_SCAN_POINTS], inv_sxx[DRYDOWN_SCAN_POINTS], edge[DRYDOWN_SCAN_POINTS];
    for (int s = 0; s < DRYDOWN_SCAN_POINTS; s++) {
        double sx = m->sx[s], sxx = m->sxx[s], sxy = m->sxy[s], cxx = sxx - sx * sx * inv_n;
        double inv = 1.0 / (cxx * sxx), delta = sxy * sxx * inv;
        w[s] = -delta * sx * inv_n;
        interior[s] = e->sst - delta * sxy;
        inv_sxx[s] = cxx * inv;
    }
    for (int s = 0; s < DRYDOWN_SCAN_POINTS; s++) {
        double c = w[s] > upper ? upper : lower, base = w[s] > upper ? base_high : base_low;
        double b = m->sxy[s] - c * m->sx[s];
        b = 0.5 * (b + fabs(b)); /* max(b, 0), exact, without a branch */
        edge[s] = base - b * b * inv_sxx[s];
    }
    for (int s = 0; s < DRYDOWN_SCAN_POINTS; s++) {
        /* w within the bounds (then Δθ ≥ 0 too): the least of its two margins is ≥ 0 */
        double margin = w[s] - lower < upper - w[s] ? w[s] - lower : upper - w[s];
        double value = margin >= 0 ? interior[s] : edge[s];
        sse[s] = value > 0 ? value : 0.0;
    }
}

void drydown_scan(const drydown_scan_table *table, const drydown_fit_problem *problem, drydown_scan_event *event,
                  double *sse)
{
    scan_sums m;
    double sum_d, sum_dd, n = (double)problem->n;
    add_half(table, problem, 0, &m, &sum_d, &sum_dd);
    add_half(table, problem, HALF, &m, NULL, NULL);
    /* the event's moments, Σ d² − (Σ d)²/n from the offsets (of the event's range: little cancels) */
    double shift = sum_d / n, sst = sum_dd - sum_d * shift;
    event->mean = problem->y[0] + shift;
    event->sst = sst > 0 ? sst : 0.0;
    event->upper = problem->upper - event->mean;
    event->lower = problem->lower <= problem->upper ? problem->lower - event->mean : event->upper; /* crossed: θw = upper */
    /* Σ x (y − ȳ) = Σ x d − (ȳ − y0) Σ x */
#pragma GCC unroll 12
    for (int s = 0; s < DRYDOWN_SCAN_POINTS; s++) m.sxy[s] -= shift * m.sx[s];
    solve(&m, event, n, sse);
}
