/* thresholds_loss.h — the loss-function estimator of thresholds.c (Akbar et al. 2018). */
#ifndef DRYTEX_THRESHOLDS_LOSS_H
#define DRYTEX_THRESHOLDS_LOSS_H

#include "thresholds.h"

/* Fits the piecewise-linear loss to the increments of the gathered events (work->t, y, first) and
 * fills θw with its 90 % interval (theta_w_low NaN when the interval reaches θw = 0), θ*, its
 * interval and the plateau's loss. Returns 0 (and fills nothing) when there are too few increments. */
int thresholds_loss_fit(thresholds_work *work, size_t events, thresholds_result *result);

#endif
