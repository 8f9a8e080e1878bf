/* metrics.c — bias, RMSE, ubRMSE and Pearson R over common valid times (science.md §5). Two
 * passes (means first) keep the sums well conditioned for soil-moisture values near 0.3. */
#include "metrics.h"

#include <math.h>

void metrics_compare(const float *s, const float *r, size_t n, metrics *out)
{
    double ms = 0, mr = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(s[i]) && !isnan(r[i])) ms += s[i], mr += r[i], count++;
    out->count = count;
    if (count == 0) {
        out->bias = out->rmse = out->ubrmse = out->r = NAN;
        return;
    }
    ms /= (double)count;
    mr /= (double)count;
    double sq = 0, css = 0, crr = 0, csr = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(s[i]) || isnan(r[i])) continue;
        double d = s[i] - r[i], ds = s[i] - ms, dr = r[i] - mr;
        sq += d * d;
        css += ds * ds;
        crr += dr * dr;
        csr += ds * dr;
    }
    out->bias = ms - mr;
    out->rmse = sqrt(sq / (double)count);
    out->ubrmse = sqrt(fmax(0.0, out->rmse * out->rmse - out->bias * out->bias));
    out->r = count >= 2 && css > 0 && crr > 0 ? csr / sqrt(css * crr) : NAN;
}
