/* series_plot.h — the selected cell's soil-moisture series in Braille, with each kept drydown's
 * fitted curve and the cell's θw and θc as dotted lines (curses drawing). */
#ifndef DRYTEX_SERIES_PLOT_H
#define DRYTEX_SERIES_PLOT_H

#include <stddef.h>

#include "cell.h"

enum { SERIES_PLOT_SPAN = 365, SERIES_PLOT_PAIR = 0 }; /* days shown; first colour pair used */
enum { PLOT_OBSERVED = 1, PLOT_FIT = 2, PLOT_WILT = 3, PLOT_CRITICAL = 4 };

/* Colour pairs SERIES_PLOT_PAIR + 1…4 (call after start_color). */
void series_plot_colors(void);

/* Draws one year starting at *plot_start (clamped into the series) in rows [top, top + height),
 * the last of them the time axis and legend. */
void series_plot_draw(const cell_report *report, size_t *plot_start, int top, int height, int width, int color);

#endif
