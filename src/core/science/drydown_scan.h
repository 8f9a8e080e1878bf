/* drydown_scan.h — the drydown fit's scan: the profile SSE of θ(t) = Δθ·e^(−t/τ) + θw at every
 * tabulated τ at once, and the table of those τ (drydown_fit.c builds on it; it knows nothing of the fit). */
#ifndef DRYTEX_DRYDOWN_SCAN_H
#define DRYTEX_DRYDOWN_SCAN_H

#include <stddef.h>

enum {
    DRYDOWN_SCAN_POINTS = 12,      /* log-spaced τ values that bracket the optimum */
    DRYDOWN_SCAN_TABLE_DAYS = 64   /* e^(−t/τ) is tabulated at the scan values for t < this */
};

/* The scan over log τ and its powers, built once per τ range (no per-event exp in the scan). */
typedef struct {
    double tau_min, tau_max;      /* [d] the searched range */
    double log_tau[DRYDOWN_SCAN_POINTS];  /* scan points u = log τ, evenly spaced from tau_min to tau_max */
    double rate[DRYDOWN_SCAN_POINTS];     /* [d-1] 1/τ of each scan point */
    double power[DRYDOWN_SCAN_TABLE_DAYS][DRYDOWN_SCAN_POINTS]; /* [t][s] e^(−t/τ_s), t in whole days */
} drydown_scan_table;

/* One event, the problem drydown_fit.h solves: t[k] whole days since its first observation (t[0] = 0, increasing; gaps allowed),
 * y[k] the values; θw is bounded to [lower, upper], Δθ ≥ 0. */
typedef struct {
    const double *t, *y;
    size_t n;                     /* ≥ 3 */
    double lower, upper;          /* [m3 m-3] bounds of θw (0 or the cell minimum; the event minimum) */
} drydown_fit_problem;

/* The event's values centred on their mean and its bounds of θw − ȳ (lower ≤ upper ≤ 0). */
typedef struct {
    double mean;                  /* [m3 m-3] ȳ */
    double sst;                   /* [(m3 m-3)²] Σ (y − ȳ)² */
    double lower, upper;          /* [m3 m-3] bounds of θw − ȳ */
} drydown_scan_event;

void drydown_scan_table_init(drydown_scan_table *table, double tau_min, double tau_max);

/* e^(−t/τ_s) for a whole number of days t ≥ 0 at scan point s: the table, or for t beyond it
 * products of its entries. */
double drydown_scan_power(const drydown_scan_table *table, int s, size_t t);

/* sse[s]: the least SSE over Δθ ≥ 0, lower ≤ θw ≤ upper at τ_s, for s < DRYDOWN_SCAN_POINTS; *event
 * gets the event's mean, SST and centred bounds, taken in the same pass (where the bounds cross,
 * θw = upper). */
void drydown_scan(const drydown_scan_table *table, const drydown_fit_problem *problem, drydown_scan_event *event,
                  double *sse);

#endif
