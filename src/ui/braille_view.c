/* braille_view.c — puts a Braille canvas on the curses screen. */
#include "braille_view.h"

#include <curses.h>
#include <wchar.h>

void braille_view_draw(const braille_canvas *canvas, int top, int left, short pair_base, int color)
{
    for (int row = 0; row < canvas->height; row++)
        for (int col = 0; col < canvas->width; col++) {
            /* a wide character as it is: no UTF-8 to decode per cell (a quarter of a frame's time) */
            wchar_t glyph[2] = {(wchar_t)braille_codepoint(canvas, row, col), L'\0'};
            int dot_color = canvas->color[row * canvas->width + col];
            cchar_t cell;
            setcchar(&cell, glyph, A_NORMAL, (short)(color && dot_color ? pair_base + dot_color : 0), NULL);
            mvadd_wch(top + row, left + col, &cell);
        }
}
