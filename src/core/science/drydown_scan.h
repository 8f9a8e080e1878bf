/* drydown_scan.h — the drydown fit's scan: the profile SSE of θ(t) = Δθ·e^(−t/τ) + θw at every
 * tabulated τ of a drydown_fit_table at once (used by drydown_fit.c). */
#ifndef DRYTEX_DRYDOWN_SCAN_H
#define DRYTEX_DRYDOWN_SCAN_H

#include "drydown_fit.h"

/* The event's values centred on their mean and its bounds of θw − ȳ (lower ≤ upper ≤ 0). */
typedef struct {
    double mean;                  /* [m3 m-3] ȳ */
    double sst;                   /* [(m3 m-3)²] Σ (y − ȳ)² */
    double lower, upper;          /* [m3 m-3] bounds of θw − ȳ */
} drydown_scan_event;

/* sse[s]: the least SSE over Δθ ≥ 0, lower ≤ θw ≤ upper at τ_s, for s < DRYDOWN_FIT_SCAN; *event
 * gets the event's mean, SST and centred bounds, taken in the same pass (where the bounds cross,
 * θw = upper). */
void drydown_scan(const drydown_fit_table *table, const drydown_fit_problem *problem, drydown_scan_event *event,
                  double *sse);

#endif
