/* station_plot.h — a second daily series on the series plot (an in-situ station's): its share of
 * the θ axis and its dashed line on the plot's Braille canvas (curses-free drawing). */
#ifndef DRYTEX_STATION_PLOT_H
#define DRYTEX_STATION_PLOT_H

#include <stddef.h>

#include "braille.h"

typedef struct {
    const float *values;  /* [ndays] m3 m-3 on the satellite series' days (day 0 = its first), NaN: none */
    size_t ndays;
    unsigned char color;  /* colour class on the plot's canvas (pair = plot's first pair + color) */
    const char *legend;   /* what the legend calls it, with its line style ("┄ in situ") */
} station_plot_series;

/* Widens [*low, *high] to the series' values (NaN-safe; nothing without values). */
void station_plot_range(const station_plot_series *series, double *low, double *high);

/* Draws the days offset … offset + span − 1 of the series (offset may be < 0: the plot's year
 * starts before the series) across the canvas's dots_x columns, θ from high (top) to low over
 * dots_y rows: a dashed line through consecutive days, a lone dot where a day's neighbours are
 * missing, so that it reads apart from the satellite's dots without colour. */
void station_plot_draw(braille_canvas *canvas, const station_plot_series *series, long offset, size_t span,
                       double low, double high, int dots_x, int dots_y);

#endif
