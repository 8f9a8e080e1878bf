/* braille.h — a Braille dot canvas for terminal plots: each cell holds 2 × 4 dots (Unicode
 * U+2800 block) and one colour; pure drawing, no terminal needed. */
#ifndef DRYTEX_BRAILLE_H
#define DRYTEX_BRAILLE_H

#include <stddef.h>

typedef struct {
    int width, height;       /* in terminal cells; dots are 2·width × 4·height */
    unsigned char *bits;     /* [height × width] Unicode dot bits */
    unsigned char *color;    /* [height × width] colour class of the last dot set (0 = none) */
} braille_canvas;

void braille_init(braille_canvas *canvas, int width, int height);
void braille_free(braille_canvas *canvas);
void braille_clear(braille_canvas *canvas);

/* Sets dot (x, y), x in [0, 2·width), y in [0, 4·height) from the top; outside is ignored. */
void braille_set(braille_canvas *canvas, int x, int y, unsigned char color);
/* A straight line of dots (Bresenham), clipped to the canvas. */
void braille_line(braille_canvas *canvas, int x0, int y0, int x1, int y1, unsigned char color);

/* The code point of cell (row, col): U+2800 + its dot bits. */
unsigned braille_codepoint(const braille_canvas *canvas, int row, int col);
/* The cell as UTF-8 (3 bytes and a NUL) into out[4]; a blank cell is U+2800 too. */
void braille_utf8(const braille_canvas *canvas, int row, int col, char out[4]);

#endif
