/* braille.c — a Braille dot canvas. Dot numbering of the Unicode Braille Patterns block
 * (U+2800–U+28FF): bit 0 dot 1 (left, row 0), bit 1 dot 2 (left, row 1), bit 2 dot 3 (left,
 * row 2), bit 3 dot 4 (right, row 0), bit 4 dot 5 (right, row 1), bit 5 dot 6 (right, row 2),
 * bit 6 dot 7 (left, row 3), bit 7 dot 8 (right, row 3). */
#include "braille.h"

#include <stdlib.h>
#include <string.h>

#include "status.h"

void braille_init(braille_canvas *c, int width, int height)
{
    c->width = width > 0 ? width : 0;
    c->height = height > 0 ? height : 0;
    size_t cells = (size_t)c->width * (size_t)c->height;
    c->bits = dt_calloc(cells ? cells : 1, 1);
    c->color = dt_calloc(cells ? cells : 1, 1);
}

void braille_free(braille_canvas *c)
{
    free(c->bits);
    free(c->color);
    memset(c, 0, sizeof *c);
}

void braille_clear(braille_canvas *c)
{
    size_t cells = (size_t)c->width * (size_t)c->height;
    memset(c->bits, 0, cells);
    memset(c->color, 0, cells);
}

void braille_set(braille_canvas *c, int x, int y, unsigned char color)
{
    if (x < 0 || y < 0 || x >= 2 * c->width || y >= 4 * c->height) return;
    static const unsigned char bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
    size_t cell = (size_t)(y / 4) * (size_t)c->width + (size_t)(x / 2);
    c->bits[cell] |= bit[x % 2][y % 4];
    c->color[cell] = color;
}

void braille_line(braille_canvas *c, int x0, int y0, int x1, int y1, unsigned char color)
{
    int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
    for (int guard = 0; guard < 1 << 20; guard++) {
        braille_set(c, x0, y0, color);
        if (x0 == x1 && y0 == y1) break;
        int twice = 2 * error;
        if (twice >= dy) error += dy, x0 += sx;
        if (twice <= dx) error += dx, y0 += sy;
    }
}

unsigned braille_codepoint(const braille_canvas *c, int row, int col)
{
    return 0x2800u + c->bits[(size_t)row * (size_t)c->width + (size_t)col];
}

void braille_utf8(const braille_canvas *c, int row, int col, char out[4])
{
    unsigned cp = braille_codepoint(c, row, col); /* always 3 bytes in UTF-8: U+2800…U+28FF */
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    out[3] = '\0';
}
