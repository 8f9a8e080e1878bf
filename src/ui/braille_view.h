/* braille_view.h — puts a Braille canvas (render/braille.h) on the curses screen. */
#ifndef DRYTEX_BRAILLE_VIEW_H
#define DRYTEX_BRAILLE_VIEW_H

#include "braille.h"

/* Draws every cell at (top + row, left + col); a cell whose colour class is k > 0 uses colour pair
 * pair_base + k when color is set. */
void braille_view_draw(const braille_canvas *canvas, int top, int left, short pair_base, int color);

#endif
