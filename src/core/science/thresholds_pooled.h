/* thresholds_pooled.h — the pooled-decay estimator of thresholds.c: one θw shared by all of a
 * cell's drydowns, each with its own Δθ and τ, profiled exactly over θw (issue 16). */
#ifndef DRYTEX_THRESHOLDS_POOLED_H
#define DRYTEX_THRESHOLDS_POOLED_H

#include "thresholds.h"

/* Fits θw over [0, lowest + max(0.03, 5 σ)] (σ = result->noise, when finite) to the gathered events
 * (work->t, y, first) and fills theta_w and its 90 % interval (theta_w_low NaN when the interval
 * reaches θw = 0), or sets above_data and leaves them NaN when the profile still falls at the top. */
void thresholds_pooled_fit(const thresholds_options *options, thresholds_work *work, size_t events, double lowest,
                           thresholds_result *result);

#endif
