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

void series_plot_draw(const cell_report *r, size_t *plot_start, int top, int height, int width, int color)
{
    if (height < 4 || r->ndays == 0) return;
    size_t span = r->ndays < SERIES_PLOT_SPAN ? r->ndays : SERIES_PLOT_SPAN;
    if (*plot_start + span > r->ndays) *plot_start = r->ndays - span;
    size_t first = *plot_start, last = first + span - 1;
    double low = INFINITY, high = -INFINITY;
    for (size_t d = first; d <= last; d++)
        if (!isnan(r->series[d])) low = fmin(low, r->series[d]), high = fmax(high, r->series[d]);
    const drydown_result *dd = &r->drydowns;
    if (!isnan(dd->theta_w)) low = fmin(low, dd->theta_w);
    if (!(high > low)) return;
    low = fmax(0.0, low - 0.01), high += 0.01;
    braille_canvas canvas;
    braille_init(&canvas, width, height - 1);
    int dots_x = 2 * width, dots_y = 4 * (height - 1);
    for (int x = 0; x < dots_x; x += 3) { /* the thresholds, dotted */
        if (!isnan(dd->theta_w)) braille_set(&canvas, x, plot_y(dd->theta_w, low, high, dots_y), PLOT_WILT);
        if (!isnan(dd->theta_c)) braille_set(&canvas, x, plot_y(dd->theta_c, low, high, dots_y), PLOT_CRITICAL);
    }
    for (size_t i = 0; i < dd->count; i++) {
        const drydown_event *ev = &dd->events[i];
        if (ev->drop != DRYDOWN_KEPT || ev->end < first || ev->start > last) continue;
        int px = -1, py = -1;
        for (size_t d = ev->start; d <= ev->end; d++) {
            if (d < first || d > last) continue;
            int x = (int)((double)(d - first) / (double)(span - 1) * (dots_x - 1));
            int y = plot_y(drydown_event_value(ev, (double)(d - ev->start)), low, high, dots_y);
            if (px >= 0) braille_line(&canvas, px, py, x, y, PLOT_FIT);
            px = x, py = y;
        }
    }
    for (size_t d = first; d <= last; d++)
        if (!isnan(r->series[d]))
            braille_set(&canvas, (int)((double)(d - first) / (double)(span - 1) * (dots_x - 1)),
                        plot_y(r->series[d], low, high, dots_y), PLOT_OBSERVED);
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
    int y1, m1, d1, y2, m2, d2;
    cftime_civil_from_days(r->first_day + (long)first, &y1, &m1, &d1);
    cftime_civil_from_days(r->first_day + (long)last, &y2, &m2, &d2);
    screen_text(top + height - 1, 0, width, "%04d-%02d-%02d … %04d-%02d-%02d   θ %.2f–%.2f m3 m-3   ⠂ satellite  ─ fitted drydowns  θw · θc   [ ] year",
             y1, m1, d1, y2, m2, d2, low, high);
}

