/* braille_view.h — puts a Braille canvas (render/braille.h) on the curses screen. */
#ifndef DRYTEX_BRAILLE_VIEW_H
#define DRYTEX_BRAILLE_VIEW_H

#include "braille.h"

/* Draws every cell at (top + row, left + col); a cell whose colour class is k > 0 uses colour pair
 * pair_base + k when color is set. */
void braille_view_draw(const braille_canvas *canvas, int top, int left, short pair_base, int color);

/* A dashed line (three dots on, three off, continued from *phase across calls), so that a second
 * series reads apart from a solid one without colour. */
void braille_view_dashed_line(braille_canvas *canvas, int x0, int y0, int x1, int y1, unsigned char color, int *phase);

/* The colour-blind-safe pair of every panel that sets a baseline against an optimised run:
 * orange and blue (never red against green), as 256-colour and as 8-colour numbers. */
enum { BRAILLE_VIEW_ORANGE_256 = 208, BRAILLE_VIEW_BLUE_256 = 33 };
short braille_view_orange(void);
short braille_view_blue(void);

#endif
