/* series_plot.c — the selected cell's series in Braille (render/braille.c) with its drydown fits. */
#include "series_plot.h"

#include <curses.h>
#include <math.h>

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

void series_plot_draw(const cell_report *r, const station_plot_series *station, int *years_back, int top, int height,
                      int width, int color)
{
    if (height < 4 || r->ndays == 0) return;
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
    braille_init(&canvas, width, height - 1);
    int dots_x = 2 * width, dots_y = 4 * (height - 1);
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
    braille_view_draw(&canvas, top, 0, SERIES_PLOT_PAIR, color);
    braille_free(&canvas);
    /* the threshold lines named at their right end (θc above θw: it is the wetter) */
    int label_x = width - 3, wilt_row = -1;
    if (!isnan(dd->theta_w)) label(top + (wilt_row = plot_y(dd->theta_w, low, high, dots_y) / 4), label_x, "θw", PLOT_WILT, color);
    if (!isnan(dd->theta_c)) {
        int row = plot_y(dd->theta_c, low, high, dots_y) / 4;
        if (row == wilt_row) row = row > 0 ? row - 1 : row + 1; /* both in one character row: θc one above */
        label(top + row, label_x, "θc", PLOT_CRITICAL, color);
    }
    int year, month, day;
    calendar_civil_from_days(jan1, &year, &month, &day);
    screen_text(top + height - 1, 0, width, "%04d-01-01 … %04d-12-31  θ %.2f–%.2f all years  ⠂ satellite%s%s  ─ fitted drydowns  θw · θc  [ ] year",
                year, year, low, high, station ? "  " : "", station ? station->legend : "");
}
