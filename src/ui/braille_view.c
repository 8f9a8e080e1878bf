/* braille_view.c — puts a Braille canvas on the curses screen. */
#include "braille_view.h"

#include <curses.h>
#include <wchar.h>

#include "screen_text.h"

enum { VIEW_LINE_MAX = 512 }; /* a wider canvas goes to the screen in several pieces */

void braille_view_draw(const braille_canvas *canvas, int top, int left, short pair_base, int color)
{
    /* A line is composed as cells and handed to curses whole (mvadd_wchnstr): the same glyphs
     * and pairs as a mvadd_wch per cell, without wadd_wch's per-character work (printability,
     * width, wrapping), which the full redraw paid for every cell of the plot. A wide character
     * as it is: no UTF-8 to decode per cell. */
    cchar_t line[VIEW_LINE_MAX];
    for (int row = 0; row < canvas->height; row++)
        for (int col0 = 0; col0 < canvas->width; col0 += VIEW_LINE_MAX) {
            int n = canvas->width - col0 < VIEW_LINE_MAX ? canvas->width - col0 : VIEW_LINE_MAX;
            for (int i = 0; i < n; i++) {
                int col = col0 + i;
                unsigned codepoint = braille_codepoint(canvas, row, col);
                wchar_t glyph[2] = {(wchar_t)(screen_text_is_ascii() ? (unsigned)screen_text_braille_ascii(codepoint) : codepoint), L'\0'};
                int dot_color = canvas->color[row * canvas->width + col];
                setcchar(&line[i], glyph, A_NORMAL, (short)(color && dot_color ? pair_base + dot_color : 0), NULL);
            }
            mvadd_wchnstr(top + row, left + col0, line, n);
        }
}
