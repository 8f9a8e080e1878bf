/* trace_panel.h — the SCE-UA convergence of the selected cell: best and worst cost per shuffling
 * loop on a log scale in Braille, and the last loops as a table (curses drawing). */
#ifndef DRYTEX_TRACE_PANEL_H
#define DRYTEX_TRACE_PANEL_H

#include "cell.h"

enum { TRACE_PAIR = 8 };
void trace_panel_colors(void);
void trace_panel_draw(const cell_report *report, int top, int left, int width, int height, int color);

#endif
