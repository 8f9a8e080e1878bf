/* screen_text.h — text on the curses screen that never runs past its width (counted in columns). */
#ifndef DRYTEX_SCREEN_TEXT_H
#define DRYTEX_SCREEN_TEXT_H

/* The columns text takes on the terminal (UTF-8 under a UTF-8 locale; a byte a column otherwise). */
int screen_text_columns(const char *text);

/* Formats at (y, x) at most width columns of the text: a line longer than its area is cut, never
 * wrapped onto the next line (over the map, the plot or the status line). */
void screen_text(int y, int x, int width, const char *format, ...) __attribute__((format(printf, 4, 5)));

#endif
