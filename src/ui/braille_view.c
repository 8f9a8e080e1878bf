/* braille_view.c — puts a Braille canvas on the curses screen. */
#include "braille_view.h"

#include <curses.h>

void braille_view_draw(const braille_canvas *canvas, int top, int left, short pair_base, int color)
{
    for (int row = 0; row < canvas->height; row++)
        for (int col = 0; col < canvas->width; col++) {
            char glyph[4];
            braille_utf8(canvas, row, col, glyph);
            int dot_color = canvas->color[row * canvas->width + col];
            attr_t pair = color && dot_color ? COLOR_PAIR(pair_base + dot_color) : 0;
            attron(pair);
            mvaddstr(top + row, left + col, glyph);
            attroff(pair);
        }
}
