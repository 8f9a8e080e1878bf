/* triangle_panel.h — the USDA texture triangle in Braille with the cell's baseline texture, its
 * search box and the optimised texture (curses drawing). */
#ifndef DRYTEX_TRIANGLE_PANEL_H
#define DRYTEX_TRIANGLE_PANEL_H

#include "cell.h"

/* Colour pairs TRIANGLE_PAIR + 1…4 (call after start_color). */
enum { TRIANGLE_PAIR = 4 /* pairs 1 … 13 are the panels', the map's follow (explorer_palette.c) */ };
void triangle_panel_colors(void);

/* Draws the triangle and a legend into the rectangle (top, left, width, height); box is the
 * search half-widths in %w (sand, clay). */
void triangle_panel_draw(const cell_report *report, const double box[2], int top, int left, int width, int height,
                         int color);

#endif
