/* screen_text.h — text on the curses screen that never runs past its width (counted in columns),
 * in ASCII when the locale is not UTF-8. */
#ifndef DRYTEX_SCREEN_TEXT_H
#define DRYTEX_SCREEN_TEXT_H

#include <stddef.h>

/* Under a non-UTF-8 locale (LANG=C) every text is written in ASCII: θw → thw, τ → tau, → → ->,
 * ° → deg, – — − → -, … → ..., × → x; other characters beyond ASCII become '?'. */
void screen_text_set_ascii(int ascii);
int screen_text_is_ascii(void);

/* text as it is shown: itself, or its ASCII spelling in ASCII mode (at most size − 1 bytes). */
void screen_text_spell(const char *text, char *out, size_t size);

/* The columns text takes on the terminal (UTF-8 under a UTF-8 locale; a byte a column otherwise). */
int screen_text_columns(const char *text);

/* Formats at (y, x) at most width columns of the text: a line longer than its area is cut, never
 * wrapped onto the next line (over the map, the plot or the status line). */
void screen_text(int y, int x, int width, const char *format, ...) __attribute__((format(printf, 4, 5)));

/* A Braille cell's character in ASCII mode: ' ', '\'' (upper dots), '.' (lower), ':' (both). */
int screen_text_braille_ascii(unsigned codepoint);

#endif
