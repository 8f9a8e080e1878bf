/* compare_panel.c — the cell's Noah-MP comparison panel (render/braille.c for the plot). */
#include "compare_panel.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "braille.h"
#include "braille_view.h"
#include "screen_text.h"
#include "cftime.h"

enum { SATELLITE = 1, BASELINE = 2, OPTIMISED = 3 };

void compare_panel_colors(void)
{
    init_pair(COMPARE_PAIR + SATELLITE, -1, -1);
    init_pair(COMPARE_PAIR + BASELINE, braille_view_orange(), -1);
    init_pair(COMPARE_PAIR + OPTIMISED, braille_view_blue(), -1);
}

static int dot_y(double theta, double low, double high, int dots)
{
    return (int)((high - theta) / (high - low) * (dots - 1) + 0.5);
}

static void plot(const cell_simulation *s, long jan1, size_t span, int top, int left, int width, int rows, int color)
{
    double low = INFINITY, high = -INFINITY; /* over the whole simulation: every year on the same axis */
    for (size_t d = 0; d < s->ndays; d++) {
        const float values[3] = {s->satellite[d], s->top[CELL_BASELINE][d], s->ran[CELL_OPTIMISED] ? s->top[CELL_OPTIMISED][d] : NAN};
        for (int k = 0; k < 3; k++)
            if (!isnan(values[k])) low = fmin(low, values[k]), high = fmax(high, values[k]);
    }
    if (!(high > low)) return;
    low = fmax(0.0, low - 0.01), high += 0.01;
    braille_canvas canvas;
    braille_init(&canvas, width, rows);
    int dots_x = 2 * width, dots_y = 4 * rows;
    long offset = jan1 - s->first_day; /* the year's first day as an index of the simulation (may be < 0) */
    for (int run = CELL_BASELINE; run < CELL_RUNS; run++) {
        if (!s->ran[run]) continue;
        int px = -1, py = -1, phase = 0;
        for (size_t k = 0; k < span; k++) {
            long d = offset + (long)k;
            if (d < 0 || d >= (long)s->ndays) continue;
            int x = (int)((double)k / (double)(span - 1) * (dots_x - 1));
            int y = dot_y(s->top[run][d], low, high, dots_y);
            if (px >= 0 && run == CELL_BASELINE) braille_line(&canvas, px, py, x, y, BASELINE); /* solid */
            else if (px >= 0) braille_view_dashed_line(&canvas, px, py, x, y, OPTIMISED, &phase);
            px = x, py = y;
        }
    }
    for (size_t k = 0; k < span; k++) {
        long d = offset + (long)k;
        if (d >= 0 && d < (long)s->ndays && !isnan(s->satellite[d]))
            braille_set(&canvas, (int)((double)k / (double)(span - 1) * (dots_x - 1)), dot_y(s->satellite[d], low, high, dots_y), SATELLITE);
    }
    braille_view_draw(&canvas, top, left, COMPARE_PAIR, color);
    braille_free(&canvas);
    int year, month, day;
    calendar_civil_from_days(jan1, &year, &month, &day);
    screen_text(top + rows, left, width, "%04d-01-01…%04d-12-31 θ %.2f–%.2f (all years)", year, year, low, high);
}

void compare_panel_draw(const cell_report *r, const char *message, long first_day, size_t days, int top, int left, int width,
                        int height, int color)
{
    attron(A_BOLD);
    screen_text(top, left, width, "%s", "Noah-MP comparison vs satellite (Tab: next panel)");
    attroff(A_BOLD);
    const cell_simulation *s = &r->simulation;
    if (message || !s->ran[CELL_BASELINE]) {
        /* wrapped at blanks over the panel's lines: a cut message loses what matters at its end */
        const char *rest = message ? message : s->why_not;
        for (int y = top + 1; *rest && y < top + height; y++) {
            int n = (int)strlen(rest);
            if (screen_text_columns(rest) > width) {
                char piece[512];
                int cut = 0;
                for (int i = 0; rest[i] && i < (int)sizeof piece - 1; i++)
                    if (rest[i] == ' ') {
                        snprintf(piece, sizeof piece, "%.*s", i, rest);
                        if (screen_text_columns(piece) > width) break;
                        cut = i;
                    }
                if (cut > 0) n = cut;
            }
            screen_text(y, left, width, "%.*s", n, rest);
            rest += n;
            while (*rest == ' ') rest++;
        }
        return;
    }
    int y = top + 1;
    /* the metrics are over every simulated year, beside a plot of one: the header says so; four
     * decimals where they fit, else three, else the columns that fit whole (never a number cut) */
    int wide = width >= 50;
    const char *header = wide ? "all years  bias     RMSE    ubRMSE  R      JJA θ" : "all years bias   RMSE  ubRMSE R     JJA θ";
    screen_text(y++, left, width, "%s%s", header, screen_text_columns(header) + 15 <= width ? "   vs satellite" : "");
    static const char *const names[CELL_RUNS] = {"baseline", "optimised"};
    for (int run = 0; run < CELL_RUNS && y < top + height; run++) {
        if (!s->ran[run]) {
            screen_text(y++, left, width, "%-10s not simulated (no optimised texture)", names[run]);
            continue;
        }
        const simulate_comparison *c = &s->vs_satellite[run];
        char line[160];
        if (wide)
            snprintf(line, sizeof line, "%-10s %+.4f  %.4f  %.4f  %5.3f  %.3f", names[run], c->all.bias, c->all.rmse, c->all.ubrmse,
                     c->all.r, s->run[run].jja_top);
        else
            snprintf(line, sizeof line, "%-9s %+.3f %.3f %.3f  %5.3f %.3f", names[run], c->all.bias, c->all.rmse, c->all.ubrmse,
                     c->all.r, s->run[run].jja_top);
        int n = (int)strlen(line);
        while (n > width) { /* drop the last whole column */
            while (n > 0 && line[n - 1] != ' ') n--;
            while (n > 0 && line[n - 1] == ' ') n--;
        }
        screen_text(y++, left, width, "%.*s", n, line);
    }
    if (y < top + height) screen_text(y++, left, width, "%s", "⠂ satellite  ─ baseline  ┄ optimised");
    int rows = top + height - y - 1; /* the plot below the table, its axis line last */
    if (rows >= 3 && width >= 20) {
        plot(s, first_day, days, y, left, width, rows, color);
    }
}
