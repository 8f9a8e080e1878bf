/* trace_panel.c — SCE-UA convergence: log10 of the best (green) and worst (red) cost against
 * the shuffling loop, then the last loops' evaluations, best cost, gnrng and best point. */
#include "trace_panel.h"

#include <curses.h>
#include <math.h>

#include "braille.h"
#include "braille_view.h"
#include "screen_text.h"

enum { BEST = 1, WORST = 2 };

void trace_panel_colors(void)
{
    init_pair(TRACE_PAIR + BEST, braille_view_blue(), -1);
    init_pair(TRACE_PAIR + WORST, braille_view_orange(), -1);
}

static double log_cost(double f)
{
    return log10(fmax(f, 1e-20));
}

void trace_panel_draw(const cell_report *r, int top, int left, int width, int height, int color)
{
    const calib_result *c = &r->calibration;
    const sceua_trace *t = &c->sceua.trace;
    attron(A_BOLD);
    screen_text(top, left, width, "%s", "SCE-UA convergence (Tab: next panel)");
    attroff(A_BOLD);
    if (t->count < 2) {
        screen_text(top + 1, left, width, "%s", c->sceua.evaluations ? "too few loops to plot" : "not calibrated (no soil or no thresholds)");
        return;
    }
    int plot_rows = height / 2 - 1, table_rows = height - plot_rows - 3;
    if (plot_rows < 3 || width < 20) return;
    double low = INFINITY, high = -INFINITY;
    for (int i = 0; i < t->count; i++) {
        low = fmin(low, log_cost(t->best_f[i]));
        high = fmax(high, log_cost(t->worst_f[i]));
    }
    if (!(high > low)) high = low + 1;
    braille_canvas canvas;
    braille_init(&canvas, width, plot_rows);
    int dots_x = 2 * width, dots_y = 4 * plot_rows;
    for (int series = BEST; series <= WORST; series++) {
        int px = -1, py = -1, phase = 0;
        for (int i = 0; i < t->count; i++) {
            double f = series == BEST ? t->best_f[i] : t->worst_f[i];
            int x = (int)((double)i / (t->count - 1) * (dots_x - 1));
            int y = (int)((high - log_cost(f)) / (high - low) * (dots_y - 1));
            if (px >= 0 && series == BEST) braille_line(&canvas, px, py, x, y, BEST); /* solid; the worst dashed */
            else if (px >= 0) braille_view_dashed_line(&canvas, px, py, x, y, WORST, &phase);
            px = x, py = y;
        }
    }
    braille_view_draw(&canvas, top + 1, left, TRACE_PAIR, color);
    braille_free(&canvas);
    int y = top + 1 + plot_rows;
    screen_text(y++, left, width, "log10 cost %.1f…%.1f (─ best, ┄ worst) over %d loops: %s", low, high, t->count - 1,
                sceua_stop_name(c->sceua.stop));
    screen_text(y++, left, width, "%s", "loop evals  best      gnrng    best x");
    int first = t->count > table_rows ? t->count - table_rows : 0, n = c->sceua.n;
    for (int i = first; i < t->count && y < top + height; i++) {
        char point[64] = "";
        int used = 0;
        for (int k = 0; k < n && used < (int)sizeof point - 8; k++)
            used += snprintf(point + used, sizeof point - (size_t)used, " %.1f", t->best_x[i * n + k]);
        screen_text(y++, left, width, "%4d %5ld  %.2e  %.1e%s", i, t->evaluations[i], t->best_f[i], t->gnrng[i], point);
    }
}
