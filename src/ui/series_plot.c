/* series_plot.c — the selected cell's series in Braille (render/braille.c) with its drydown fits. */
#include "series_plot.h"

#include <curses.h>
#include <math.h>
#include <stdlib.h>

#include "braille.h"
#include "braille_view.h"
#include "screen_text.h"
#include "cftime.h"

void series_plot_colors(void)
{
    init_pair(SERIES_PLOT_PAIR + PLOT_OBSERVED, -1, -1);
    init_pair(SERIES_PLOT_PAIR + PLOT_FIT, COLORS >= 256 ? 214 : COLOR_YELLOW, -1);
    init_pair(SERIES_PLOT_PAIR + PLOT_WILT, COLORS >= 256 ? 170 : COLOR_MAGENTA, -1);
    init_pair(SERIES_PLOT_PAIR + PLOT_CRITICAL, COLORS >= 256 ? 44 : COLOR_CYAN, -1);
}

static int plot_y(double theta, double low, double high, int dots)
{
    return (int)((high - theta) / (high - low) * (dots - 1) + 0.5);
}

static void label(int y, int x, const char *text, int series, int color)
{
    attron(A_BOLD | (color ? COLOR_PAIR(SERIES_PLOT_PAIR + series) : 0));
    screen_text(y, x, 3, "%s", text);
    attroff(A_BOLD | (color ? COLOR_PAIR(SERIES_PLOT_PAIR + series) : 0));
}

void series_plot_year(const cell_report *r, int *years_back, long *first_day, size_t *days)
{
    int first_year, last_year, month, day;
    calendar_civil_from_days(r->first_day, &first_year, &month, &day);
    calendar_civil_from_days(r->first_day + (long)(r->ndays ? r->ndays - 1 : 0), &last_year, &month, &day);
    if (*years_back > last_year - first_year) *years_back = last_year - first_year;
    if (*years_back < 0) *years_back = 0;
    int year = last_year - *years_back;
    *first_day = calendar_days_from_civil(year, 1, 1);
    *days = (size_t)(calendar_days_from_civil(year + 1, 1, 1) - *first_day);
}

/* θ ticks in the left gutter: values on a round step (0.01, 0.02, 0.05, 0.1, 0.2) with at least
 * one character row between labels, each "0.25┤" on the row of its dots. */
static void theta_ticks(double low, double high, int top, int rows, int dots_y)
{
    static const double steps[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5};
    double step = steps[5];
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if ((high - low) / steps[i] <= rows / 2.0 + 0.5) {
            step = steps[i];
            break;
        }
    int last_row = -100;
    for (double t = ceil(low / step - 1e-9) * step; t <= high + 1e-9; t += step) {
        int row = plot_y(t, low, high, dots_y) / 4;
        if (row < 0 || row >= rows || abs(row - last_row) < 2) continue;
        screen_text(top + row, 0, SERIES_PLOT_GUTTER, "%.2f┤", t);
        last_row = row;
    }
}

/* Month ticks under the plot: each month's name (or initial, when narrow) where its first day is. */
static void month_ticks(long jan1, size_t span, int y, int left, int width)
{
    static const char *const names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int year, month, day, full = width / 12 >= 4, next_free = 0;
    calendar_civil_from_days(jan1, &year, &month, &day);
    for (int m = 0; m < 12; m++) {
        long first = calendar_days_from_civil(year, m + 1, 1) - jan1;
        int x = left + (int)((double)first / (double)span * width);
        if (x < next_free) continue;
        screen_text(y, x, left + width - x, "%s%.*s", "╵", full ? 3 : 1, names[m]);
        next_free = x + (full ? 5 : 3);
    }
}

/* The plot's legend: its items, each whole or not at all, in order of importance. */
static void plot_legend(int y, int width, int year, double low, double high, const char *station)
{
    char items[7][80];
    int n = 0;
    snprintf(items[n++], sizeof items[0], "%04d-01-01 … %04d-12-31", year, year);
    snprintf(items[n++], sizeof items[0], "θ %.2f–%.2f all years", low, high);
    snprintf(items[n++], sizeof items[0], "⠂ satellite");
    if (station) snprintf(items[n++], sizeof items[0], "%s", station); /* the in-situ series (station_plot.h) */
    snprintf(items[n++], sizeof items[0], "─ fitted drydowns");
    snprintf(items[n++], sizeof items[0], "θw · θc");
    snprintf(items[n++], sizeof items[0], "[ ] year");
    int x = 0;
    for (int i = 0; i < n; i++) {
        int columns = screen_text_columns(items[i]);
        if (x + columns > width) continue;
        screen_text(y, x, width - x, "%s", items[i]);
        x += columns + 2;
    }
}

void series_plot_draw(const cell_report *r, const station_plot_series *station, int *years_back, int top, int height,
                      int width, int color)
{
    int rows = height - 2, plot_width = width - SERIES_PLOT_GUTTER; /* the canvas; the months and the legend below it */
    if (rows < 2 || plot_width < 20 || r->ndays == 0) return;
    long jan1;
    size_t span;
    series_plot_year(r, years_back, &jan1, &span);
    long offset = jan1 - r->first_day; /* the year's first day as an index of the series (may be < 0) */
    double low = INFINITY, high = -INFINITY; /* over the whole record: every year on the same axis */
    for (size_t d = 0; d < r->ndays; d++)
        if (!isnan(r->series[d])) low = fmin(low, r->series[d]), high = fmax(high, r->series[d]);
    const drydown_result *dd = &r->drydowns;
    if (!isnan(dd->theta_w)) low = fmin(low, dd->theta_w);
    station_plot_range(station, &low, &high);
    if (!(high > low)) return;
    low = fmax(0.0, low - 0.01), high += 0.01;
    braille_canvas canvas;
    braille_init(&canvas, plot_width, rows);
    int dots_x = 2 * plot_width, dots_y = 4 * rows;
    for (int x = 0; x < dots_x; x += 3) { /* the thresholds, dotted */
        if (!isnan(dd->theta_w)) braille_set(&canvas, x, plot_y(dd->theta_w, low, high, dots_y), PLOT_WILT);
        if (!isnan(dd->theta_c)) braille_set(&canvas, x, plot_y(dd->theta_c, low, high, dots_y), PLOT_CRITICAL);
    }
    /* a day of the series → its dot column, or −1 outside the year */
#define DAY_X(d) ((long)(d) - offset < 0 || (long)(d) - offset >= (long)span ? -1 \
                  : (int)((double)((long)(d) - offset) / (double)(span - 1) * (dots_x - 1)))
    for (size_t i = 0; i < dd->count; i++) {
        const drydown_event *ev = &dd->events[i];
        if (ev->drop != DRYDOWN_KEPT) continue;
        int px = -1, py = -1;
        for (size_t d = ev->start; d <= ev->end; d++) {
            int x = DAY_X(d);
            if (x < 0) continue;
            int y = plot_y(drydown_event_value(ev, (double)(d - ev->start)), low, high, dots_y);
            if (px >= 0) braille_line(&canvas, px, py, x, y, PLOT_FIT);
            px = x, py = y;
        }
    }
    for (size_t d = 0; d < r->ndays; d++)
        if (!isnan(r->series[d]) && DAY_X(d) >= 0) braille_set(&canvas, DAY_X(d), plot_y(r->series[d], low, high, dots_y), PLOT_OBSERVED);
#undef DAY_X
    station_plot_draw(&canvas, station, offset, span, low, high, dots_x, dots_y);
    braille_view_draw(&canvas, top, SERIES_PLOT_GUTTER, SERIES_PLOT_PAIR, color);
    braille_free(&canvas);
    theta_ticks(low, high, top, rows, dots_y);
    /* the threshold lines named at their right end (θc above θw: it is the wetter) */
    int label_x = width - 3, wilt_row = -1;
    if (!isnan(dd->theta_w)) label(top + (wilt_row = plot_y(dd->theta_w, low, high, dots_y) / 4), label_x, "θw", PLOT_WILT, color);
    if (!isnan(dd->theta_c)) {
        int row = plot_y(dd->theta_c, low, high, dots_y) / 4;
        if (row == wilt_row) row = row > 0 ? row - 1 : row + 1; /* both in one character row: θc one above */
        label(top + row, label_x, "θc", PLOT_CRITICAL, color);
    }
    month_ticks(jan1, span, top + rows, SERIES_PLOT_GUTTER, plot_width);
    int year, month, day;
    calendar_civil_from_days(jan1, &year, &month, &day);
    plot_legend(top + rows + 1, width, year, low, high, station ? station->legend : NULL);
}
