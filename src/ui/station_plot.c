/* station_plot.c — an in-situ series on the series plot (station_plot.h). */
#include "station_plot.h"

#include <math.h>

#include "braille_view.h"

void station_plot_range(const station_plot_series *series, double *low, double *high)
{
    if (!series) return;
    for (size_t d = 0; d < series->ndays; d++)
        if (!isnan(series->values[d])) *low = fmin(*low, series->values[d]), *high = fmax(*high, series->values[d]);
}

static int dot_y(double theta, double low, double high, int dots)
{
    return (int)((high - theta) / (high - low) * (dots - 1) + 0.5);
}

void station_plot_draw(braille_canvas *canvas, const station_plot_series *series, long offset, size_t span,
                       double low, double high, int dots_x, int dots_y)
{
    if (!series || span < 2 || !(high > low)) return;
    int px = -1, py = -1, phase = 0;
    for (size_t k = 0; k < span; k++) {
        long d = offset + (long)k;
        float v = d >= 0 && (size_t)d < series->ndays ? series->values[d] : NAN;
        if (isnan(v)) { /* a gap breaks the line */
            px = -1;
            continue;
        }
        int x = (int)((double)k / (double)(span - 1) * (dots_x - 1)), y = dot_y(v, low, high, dots_y);
        if (px >= 0) braille_view_dashed_line(canvas, px, py, x, y, series->color, &phase);
        else braille_set(canvas, x, y, series->color), phase = 1; /* a line's first day (alone: a dot) */
        px = x, py = y;
    }
}
