/* compare_panel.h — the cell's Noah-MP comparison: satellite vs the column with the baseline and the
 * optimised texture over one year in Braille, and their bias, RMSE, ubRMSE, R (curses drawing). */
#ifndef DRYTEX_COMPARE_PANEL_H
#define DRYTEX_COMPARE_PANEL_H

#include <stddef.h>

#include "cell.h"

enum { COMPARE_PAIR = 10 };

void compare_panel_colors(void); /* colour pairs COMPARE_PAIR + 1…3 (after start_color) */

/* Draws the panel at (top, left) in width × height; report->simulation must be filled
 * (cell_simulate). The plot shows the series plot's calendar year (first_day [epoch days], days
 * long) on a θ axis that spans the whole simulation; message (or NULL) says why there is nothing. */
void compare_panel_draw(const cell_report *report, const char *message, long first_day, size_t days, int top, int left,
                        int width, int height, int color);

#endif
