/* thresholds_pooled.h — the pooled-decay estimator of thresholds.c: one θw shared by all of a
 * cell's drydowns, each with its own Δθ and τ, profiled exactly over θw (issue 16). */
#ifndef DRYTEX_THRESHOLDS_POOLED_H
#define DRYTEX_THRESHOLDS_POOLED_H

#include "thresholds.h"

/* Fits θw over [0, lowest + 0.03] to the gathered events (work->t, y, first) and fills theta_w and
 * its 90 % interval (theta_w_low NaN when the interval reaches θw = 0). */
void thresholds_pooled_fit(const thresholds_options *options, thresholds_work *work, size_t events, double lowest,
                           thresholds_result *result);

#endif
