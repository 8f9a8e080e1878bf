/* estimator_panel.h — the selected cell's θw estimator in a picture (issue 16 item 4): the pooled
 * decay's events against days with the asymptote they share, or the loss function's scatter with
 * its fitted broken line; the interval, and the status in words (curses drawing). */
#ifndef DRYTEX_ESTIMATOR_PANEL_H
#define DRYTEX_ESTIMATOR_PANEL_H

#include "cell.h"

/* Draws into the rectangle; min_events is what the estimator needed (for the "too few" words).
 * Uses the trace panel's colour pairs (blue: the data, orange: the fit). */
void estimator_panel_draw(const cell_report *report, thresholds_estimator estimator, size_t min_events, int top,
                          int left, int width, int height, int color);

#endif
