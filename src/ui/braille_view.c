/* braille_view.c — puts a Braille canvas on the curses screen. */
#include "braille_view.h"

#include <curses.h>
#include <stdlib.h>
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

void braille_view_dashed_line(braille_canvas *canvas, int x0, int y0, int x1, int y1, unsigned char color, int *phase)
{
    int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
    for (int guard = 0; guard < 1 << 20; guard++) {
        if ((*phase)++ % 6 < 3) braille_set(canvas, x0, y0, color);
        if (x0 == x1 && y0 == y1) break;
        int twice = 2 * error;
        if (twice >= dy) error += dy, x0 += sx;
        if (twice <= dx) error += dx, y0 += sy;
    }
    (*phase)--; /* the end point is the next segment's start */
}

/* 8 and 16 colours have no orange: yellow against cyan keeps the blue–yellow contrast that
 * red–green-blind viewers see. */
short braille_view_orange(void)
{
    return COLORS >= 256 ? BRAILLE_VIEW_ORANGE_256 : COLOR_YELLOW;
}

short braille_view_blue(void)
{
    return COLORS >= 256 ? BRAILLE_VIEW_BLUE_256 : COLOR_CYAN;
}
