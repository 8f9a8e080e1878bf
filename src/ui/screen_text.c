/* screen_text.c — bounded text: formatted, converted to wide characters and cut at the width in
 * columns, so a panel's long line cannot wrap into its neighbours on a narrow terminal. */
#include "screen_text.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

enum { TEXT_MAX = 1024 };

/* The characters of wide that fit in width columns (a character without a width counts as one). */
static size_t fitting(const wchar_t *wide, size_t length, int width)
{
    int used = 0;
    size_t n = 0;
    for (; n < length; n++) {
        int w = wcwidth(wide[n]);
        if (w < 0) w = 1;
        if (used + w > width) break;
        used += w;
    }
    return n;
}

int screen_text_columns(const char *text)
{
    wchar_t wide[TEXT_MAX];
    size_t length = mbstowcs(wide, text, TEXT_MAX - 1);
    if (length == (size_t)-1) {
        size_t bytes = 0;
        while (text[bytes]) bytes++;
        return (int)bytes;
    }
    int columns = 0;
    for (size_t i = 0; i < length; i++) {
        int w = wcwidth(wide[i]);
        columns += w < 0 ? 1 : w;
    }
    return columns;
}

void screen_text(int y, int x, int width, const char *format, ...)
{
    if (width <= 0) return;
    char text[TEXT_MAX];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    wchar_t wide[TEXT_MAX];
    size_t length = mbstowcs(wide, text, TEXT_MAX - 1);
    if (length == (size_t)-1) { /* not in the locale's encoding: bytes */
        mvaddnstr(y, x, text, width);
        return;
    }
    mvaddnwstr(y, x, wide, (int)fitting(wide, length, width));
}
