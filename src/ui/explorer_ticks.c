/* explorer_ticks.c — latitude and longitude ticks on the map's edges (explorer_ticks.h). A tick
 * stands where the cells' centres cross a round value (0.25°, 0.5°, 1°, 2°, 5°, … a step that
 * leaves room between labels), so it works on any grid the map shows, an EASE grid included. */
#include "explorer_ticks.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>

#include "explorer_map.h"
#include "screen_text.h"

enum { PANEL_ROOM = 60 }; /* the panel keeps this many columns (the estimator's captions need them) */

int explorer_ticks_gutter(const explorer *e, int width)
{
    (void)e;
    return COLS - width - 1 - EXPLORER_TICKS_GUTTER >= PANEL_ROOM ? EXPLORER_TICKS_GUTTER : 0;
}

/* The smallest round step [degrees] that puts at most `ticks` ticks over span degrees. */
static double tick_step(double span, int ticks)
{
    static const double steps[] = {0.25, 0.5, 1, 2, 5, 10, 15, 30, 45, 90};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (span / steps[i] <= ticks) return steps[i];
    return 90;
}

/* The centre of the data cell a screen position of the map shows. */
static int centre_at(const explorer *e, size_t pixel_row, size_t pixel_col, double *lat, double *lon)
{
    size_t row = explorer_pixel_to_data(e, pixel_row, e->rows), col = explorer_pixel_to_data(e, pixel_col, e->cols);
    return grid_cell_center(e->sm->grid, row, col, lat, lon) == DT_OK;
}

static void label(char *out, size_t size, double value, double step, char positive, char negative)
{
    snprintf(out, size, step >= 1 ? "%.0f°%c" : step >= 0.5 ? "%.1f°%c" : "%.2f°%c", fabs(value), value < 0 ? negative : positive);
}

void explorer_ticks_draw(const explorer *e, int width, int lines, int below_free)
{
    if (lines < 1 || width < 1) return;
    size_t per_line = (size_t)explorer_rows_per_line(e), mid_col = e->left + (size_t)width / 2, mid_row = e->top + (size_t)lines * per_line / 2;
    double lat0, lon0, lat1, lon1;
    char text[24];
    attron(A_DIM);
    int gutter = explorer_ticks_gutter(e, width);
    if (gutter && centre_at(e, e->top, mid_col, &lat0, &lon0) && centre_at(e, e->top + (size_t)(lines - 1) * per_line, mid_col, &lat1, &lon1)) {
        double step = tick_step(fabs(lat1 - lat0), lines / 3 > 1 ? lines / 3 : 1);
        double previous = NAN;
        int last_y = -10;
        for (int y = 0; y < lines; y++) {
            double lat, lon;
            if (!centre_at(e, e->top + (size_t)y * per_line + per_line - 1, mid_col, &lat, &lon)) continue;
            double k = floor(lat / step);
            if (!isnan(previous) && k != previous && y - last_y >= 2) {
                label(text, sizeof text, fmax(k, previous) * step, step, 'N', 'S');
                screen_text(1 + y, width + 1, gutter - 1, "┤%s", text);
                last_y = y;
            }
            previous = k;
        }
    }
    if (below_free && centre_at(e, mid_row, e->left, &lat0, &lon0) && centre_at(e, mid_row, e->left + (size_t)width - 1, &lat1, &lon1)) {
        double step = tick_step(fabs(lon1 - lon0), width / 8 > 1 ? width / 8 : 1);
        double previous = NAN;
        int next_free = 0;
        for (int x = 0; x < width; x++) {
            double lat, lon;
            if (!centre_at(e, mid_row, e->left + (size_t)x, &lat, &lon)) continue;
            double k = floor(lon / step);
            if (!isnan(previous) && k != previous && x >= next_free) {
                label(text, sizeof text, fmax(k, previous) * step, step, 'E', 'W');
                int columns = 1 + screen_text_columns(text);
                if (x + columns <= width + gutter) {
                    screen_text(1 + lines, x, columns, "╵%s", text);
                    next_free = x + columns + 1;
                }
            }
            previous = k;
        }
    }
    attroff(A_DIM);
}
