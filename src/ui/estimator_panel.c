/* estimator_panel.c — what the cell-level estimator saw and concluded (issue 16 item 4).
 *
 * Pooled decay: every drydown's values against the days since it began (blue dots), all falling
 * towards the one asymptote they share (orange line), with its 90 % interval dashed; a censored
 * cell shows its upper bound dashed instead. Loss function: the loss −Δθ/Δt of every increment
 * against θ (blue) and the fitted broken line (orange): zero below θw, rising to the plateau at θ*.
 * Above the picture the status in words (thresholds_explain, as `drytex cell` prints it), below it
 * what the axes span and θc. */
#include "estimator_panel.h"

#include <curses.h>
#include <math.h>
#include <string.h>

#include "braille.h"
#include "braille_view.h"
#include "screen_text.h"
#include "trace_panel.h"

enum { DATA = 1, FIT = 2 };

typedef struct {
    double x0, x1, y0, y1;        /* the axes' ranges */
    int dots_x, dots_y;
} axes;

static int dot_x(const axes *a, double x)
{
    return (int)lround((x - a->x0) / (a->x1 - a->x0) * (a->dots_x - 1));
}

static int dot_y(const axes *a, double y)
{
    return (int)lround((a->y1 - y) / (a->y1 - a->y0) * (a->dots_y - 1));
}

static void level_line(braille_canvas *c, const axes *a, double y, int dashed)
{
    if (!isfinite(y) || y < a->y0 || y > a->y1) return;
    int phase = 0, row = dot_y(a, y);
    if (dashed) braille_view_dashed_line(c, 0, row, a->dots_x - 1, row, FIT, &phase);
    else braille_line(c, 0, row, a->dots_x - 1, row, FIT);
}

/* The words over at most two lines, broken at a space. */
static int words(int y, int left, int width, const char *text)
{
    size_t length = strlen(text);
    if ((int)length <= width || width < 20) {
        screen_text(y, left, width, "%s", text);
        return 1;
    }
    size_t cut = (size_t)width;
    while (cut > 0 && text[cut] != ' ') cut--;
    if (cut == 0) cut = (size_t)width;
    screen_text(y, left, width, "%.*s", (int)cut, text);
    screen_text(y + 1, left, width, "%s", text + cut + (text[cut] == ' '));
    return 2;
}

static void draw_pooled(const cell_report *r, braille_canvas *c, axes *a, char *caption, size_t size)
{
    const thresholds_result *t = &r->thresholds;
    const thresholds_work *w = &r->thresholds_work;
    size_t points = w->first ? w->first[t->events] : 0;
    double low = INFINITY, high = -INFINITY, days = 1;
    for (size_t k = 0; k < points; k++) {
        low = fmin(low, w->y[k]), high = fmax(high, w->y[k]);
        days = fmax(days, w->t[k]);
    }
    double floor_value = t->status == THRESHOLDS_IDENTIFIED ? t->theta_w_low : t->theta_w_high;
    if (isfinite(floor_value)) low = fmin(low, floor_value);
    if (!(high > low)) high = low + 0.01;
    *a = (axes){0, fmin(days, 40), low - 0.02 * (high - low), high, a->dots_x, a->dots_y};
    for (size_t k = 0; k < points; k++)
        if (w->t[k] <= a->x1) braille_set(c, dot_x(a, w->t[k]), dot_y(a, w->y[k]), DATA);
    if (t->status == THRESHOLDS_IDENTIFIED) {
        level_line(c, a, t->theta_w, 0);
        level_line(c, a, t->theta_w_low, 1);
        level_line(c, a, t->theta_w_high, 1);
        snprintf(caption, size, "θ (%.3f…%.3f) against days since each drydown began (0…%.0f): %zu drydowns; "
                 "─ θw they share, ┄ its 90 %% interval", a->y0, a->y1, a->x1, t->events);
    } else {
        level_line(c, a, t->theta_w_high, 1);
        snprintf(caption, size, "θ (%.3f…%.3f) against days since each drydown began (0…%.0f): %zu drydowns; "
                 "┄ the bound θw lies below", a->y0, a->y1, a->x1, t->events);
    }
}

static void draw_loss(const cell_report *r, braille_canvas *c, axes *a, char *caption, size_t size)
{
    const thresholds_result *t = &r->thresholds;
    const thresholds_work *w = &r->thresholds_work;
    size_t m = t->points;
    double low = INFINITY, high = -INFINITY, top = isfinite(t->loss_max) && t->loss_max > 0 ? 2 * t->loss_max : 0;
    for (size_t k = 0; k < m; k++) {
        low = fmin(low, w->x[k]), high = fmax(high, w->x[k]);
        if (!(t->loss_max > 0)) top = fmax(top, w->loss[k]);
    }
    double bound = t->status == THRESHOLDS_IDENTIFIED ? t->theta_w : t->theta_w_high;
    if (isfinite(bound)) low = fmin(low, bound);
    if (!(high > low)) high = low + 0.01;
    if (!(top > 0)) top = 0.01;
    double bottom = -0.25 * top; /* losses scatter below zero with the noise */
    *a = (axes){low, high, bottom, top, a->dots_x, a->dots_y};
    for (size_t k = 0; k < m; k++)
        if (w->loss[k] >= bottom && w->loss[k] <= top) braille_set(c, dot_x(a, w->x[k]), dot_y(a, w->loss[k]), DATA);
    int phase = 0;
    braille_view_dashed_line(c, 0, dot_y(a, 0), a->dots_x - 1, dot_y(a, 0), FIT, &phase); /* zero loss */
    if (t->status == THRESHOLDS_IDENTIFIED && isfinite(t->loss_max)) {
        double knee = isfinite(t->theta_star) ? t->theta_star : high;
        braille_line(c, 0, dot_y(a, 0), dot_x(a, t->theta_w), dot_y(a, 0), FIT);
        braille_line(c, dot_x(a, t->theta_w), dot_y(a, 0), dot_x(a, knee), dot_y(a, t->loss_max), FIT);
        if (knee < high) braille_line(c, dot_x(a, knee), dot_y(a, t->loss_max), a->dots_x - 1, dot_y(a, t->loss_max), FIT);
        snprintf(caption, size, "loss −Δθ/Δt (%.3f…%.3f m3 m-3 d-1) against θ (%.3f…%.3f): %zu increments; ─ the fit: "
                 "0 below θw, rising to %.4f at θ* %.3f", a->y0, a->y1, a->x0, a->x1, m, t->loss_max, knee);
    } else {
        int x = dot_x(a, bound);
        phase = 0;
        if (isfinite(bound)) braille_view_dashed_line(c, x, 0, x, a->dots_y - 1, FIT, &phase);
        snprintf(caption, size, "loss −Δθ/Δt against θ (%.3f…%.3f): %zu increments; ┄ the bound θw lies below", a->x0,
                 a->x1, m);
    }
}

void estimator_panel_draw(const cell_report *r, thresholds_estimator estimator, size_t min_events, int top, int left,
                          int width, int height, int color)
{
    const thresholds_result *t = &r->thresholds;
    static const char *const names[THRESHOLDS_ESTIMATOR_COUNT] = {"median of the drydowns' fits", "pooled decay",
                                                                  "loss function"};
    attron(A_BOLD);
    screen_text(top, left, width, "θw estimator: %s (Tab: next panel)",
                estimator < THRESHOLDS_ESTIMATOR_COUNT ? names[estimator] : "unknown");
    attroff(A_BOLD);
    char text[320];
    thresholds_explain(t, min_events, r->drydowns.min_sm, text, sizeof text);
    int y = top + 1;
    y += words(y, left, width, text);
    if (estimator == THRESHOLDS_MEDIAN) {
        screen_text(y, left, width, "%s", "no picture for the medians: --estimator pooled or loss");
        return;
    }
    if (t->status == THRESHOLDS_TOO_FEW) return;
    int rows = height - (y - top) - 3;
    if (rows < 3 || width < 20) return;
    braille_canvas canvas;
    braille_init(&canvas, width, rows);
    axes a = {.dots_x = 2 * width, .dots_y = 4 * rows};
    char caption[320];
    if (estimator == THRESHOLDS_POOLED) draw_pooled(r, &canvas, &a, caption, sizeof caption);
    else draw_loss(r, &canvas, &a, caption, sizeof caption);
    braille_view_draw(&canvas, y, left, TRACE_PAIR, color);
    braille_free(&canvas);
    y += rows;
    y += words(y, left, width, caption);
    if (y < top + height && isfinite(t->theta_c)) {
        thresholds_explain_critical(t, 1, text, sizeof text);
        words(y, left, width, text);
    }
}
