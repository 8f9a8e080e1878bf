/* metrics.h — comparison of a simulated and a reference series over their common valid times
 * (science.md §5): bias, RMSE, ubRMSE, Pearson R. */
#ifndef DRYTEX_METRICS_H
#define DRYTEX_METRICS_H

#include <stddef.h>

typedef struct {
    size_t count;  /* pairs where both values are valid */
    double bias;   /* mean(s − r) */
    double rmse;   /* √mean((s − r)²) */
    double ubrmse; /* √(RMSE² − bias²) */
    double r;      /* Pearson correlation (NaN with fewer than 2 pairs or no variance) */
} metrics;

/* NaN marks a missing value in either series; every field is NaN when no pair is valid. */
void metrics_compare(const float *simulated, const float *reference, size_t n, metrics *out);

#endif
