/* screen_text.c — bounded text: formatted, spelt in ASCII when the locale is not UTF-8, converted
 * to wide characters and cut at the width in columns, so a panel's long line cannot wrap into its
 * neighbours on a narrow terminal. */
#include "screen_text.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

enum { TEXT_MAX = 1024 };

/* Set once at start-up from the locale (the screen's one setting; the text itself stays UTF-8). */
static int ascii_mode;

void screen_text_set_ascii(int ascii)
{
    ascii_mode = ascii;
}

int screen_text_is_ascii(void)
{
    return ascii_mode;
}

/* The ASCII spellings of the characters beyond ASCII that drytex writes (UTF-8 → ASCII). */
static const char *const spellings[][2] = {
    {"θ", "th"}, {"τ", "tau"}, {"σ", "sigma"}, {"λ", "lambda"}, {"→", "->"}, {"°", "deg"}, {"–", "-"}, {"—", "-"},
    {"−", "-"}, {"─", "-"}, {"…", "..."}, {"×", "x"}, {"≤", "<="}, {"≥", ">="}, {"²", "2"}, {"³", "3"},
    {"↑", "^"}, {"↓", "v"}, {"↙", "/"}, {"↘", "\\"}, {"←", "<-"}, {"●", "o"}, {"○", "o"}, {"◆", "*"},
    {"■", "#"}, {"▲", "^"}, {"✕", "x"}, {"·", "."}, {"⠂", "."}, {"┄", "-"}, {"╌", "-"}, {"│", "|"},
    {"▀", "^"}, {"▄", "_"}, {"┤", "|"}, {"╵", "|"}, {"±", "+/-"}, {"µ", "u"},
};

void screen_text_spell(const char *text, char *out, size_t size)
{
    if (!size) return;
    if (!ascii_mode) {
        snprintf(out, size, "%s", text);
        return;
    }
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && o + 1 < size;) {
        if (*p < 0x80) {
            out[o++] = (char)*p++;
            continue;
        }
        const char *spelling = "?";
        size_t length = 1;
        for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++) {
            size_t n = strlen(spellings[i][0]);
            if (strncmp((const char *)p, spellings[i][0], n) == 0) {
                spelling = spellings[i][1], length = n;
                break;
            }
        }
        if (length == 1) /* an unknown character: skip its continuation bytes */
            while ((p[length] & 0xC0) == 0x80) length++;
        for (const char *s = spelling; *s && o + 1 < size; s++) out[o++] = *s;
        p += length;
    }
    out[o] = '\0';
}

int screen_text_braille_ascii(unsigned codepoint)
{
    unsigned dots = codepoint - 0x2800;
    int upper = (dots & 0x1B) != 0, lower = (dots & 0xE4) != 0; /* dots 1 2 4 5; 3 6 7 8 */
    return upper && lower ? ':' : upper ? '\'' : lower ? '.' : ' ';
}

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

int screen_text_columns(const char *original)
{
    char text[TEXT_MAX];
    screen_text_spell(original, text, sizeof text);
    wchar_t wide[TEXT_MAX];
    size_t length = mbstowcs(wide, text, TEXT_MAX - 1);
    if (length == (size_t)-1) return (int)strlen(text);
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
    char formatted[TEXT_MAX], text[TEXT_MAX];
    va_list args;
    va_start(args, format);
    vsnprintf(formatted, sizeof formatted, format, args);
    va_end(args);
    screen_text_spell(formatted, text, sizeof text);
    wchar_t wide[TEXT_MAX];
    size_t length = mbstowcs(wide, text, TEXT_MAX - 1);
    if (length == (size_t)-1) { /* not in the locale's encoding: bytes */
        mvaddnstr(y, x, text, width);
        return;
    }
    mvaddnwstr(y, x, wide, (int)fitting(wide, length, width));
}
