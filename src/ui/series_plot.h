/* series_plot.h — the selected cell's soil-moisture series in Braille, with each kept drydown's
 * fitted curve and the cell's θw and θc as dotted lines (curses drawing). */
#ifndef DRYTEX_SERIES_PLOT_H
#define DRYTEX_SERIES_PLOT_H

#include <stddef.h>

#include "cell.h"
#include "station_plot.h"

enum { SERIES_PLOT_PAIR = 0 }; /* first colour pair used */
enum { SERIES_PLOT_GUTTER = 5 }; /* columns of θ ticks left of the plot ("0.25┤") */
enum { PLOT_OBSERVED = 1, PLOT_FIT = 2, PLOT_WILT = 3, PLOT_CRITICAL = 4 };

/* Colour pairs SERIES_PLOT_PAIR + 1…4 (call after start_color). */
void series_plot_colors(void);

/* The calendar year (1 January … 31 December) *years_back years before the record's last, its
 * first day [epoch days] and its length [days]; *years_back is clamped to the record's first year. */
void series_plot_year(const cell_report *report, int *years_back, long *first_day, size_t *days);

/* Draws that year in rows [top, top + height): θ ticks in a gutter on the left, the month ticks
 * and the legend on the last two rows; the θ axis spans the whole record, so that years compare.
 * station: an in-situ series drawn with it (station_plot.h), or NULL. */
void series_plot_draw(const cell_report *report, const station_plot_series *station, int *years_back, int top, int height,
                      int width, int color);

#endif
