/* explorer_draw.c — the explorer's frame: the title, the map (explorer_map.c), the cell panel
 * beside it, the series plot below, the key (explorer_legend.c) and the status line; the help and
 * message screens (explorer_help.c) and "terminal too small". Every frame is composed whole into
 * curses' screen; curses sends the terminal only the cells that changed. */
#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "command_line.h"
#include "explorer_days.h"
#include "explorer_help.h"
#include "explorer_jobs.h"
#include "explorer_legend.h"
#include "explorer_map.h"
#include "explorer_ticks.h"
#include "explorer_tour.h"
#include "explorer_palette.h"
#include "explorer_state.h"
#include "screen_text.h"
#include "series_plot.h"
#include "station_layer.h"
#include "compare_panel.h"
#include "trace_panel.h"
#include "estimator_panel.h"
#include "triangle_panel.h"

enum { MIN_COLS = 40, MIN_LINES = 12 };

static int panel_lines(const explorer *e);
static int panel_last; /* the panel's last line this frame */
static void panel_line(int *y, int x, const char *format, ...) __attribute__((format(printf, 3, 4)));
static void panel_line(int *y, int x, const char *format, ...)
{
    if (*y > panel_last) return;
    char line[256];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    screen_text((*y)++, x, COLS - x, "%s", line);
}

static void draw_panel(explorer *e)
{
    int width, height;
    explorer_map_size(e, &width, &height);
    int x = width + 1 + explorer_ticks_gutter(e, width), y = 1; /* after the latitudes' gutter when there is room */
    if (x + 20 > COLS) return; /* no room beside the map */
    panel_last = panel_lines(e);
    if (e->panel == 1 && e->report_ok) {
        triangle_panel_draw(&e->report, e->inputs.calib.box, y, x, COLS - x, panel_lines(e), e->color);
        return;
    }
    if (e->panel == 2 && e->report_ok) {
        trace_panel_draw(&e->report, y, x, COLS - x, panel_lines(e), e->color);
        return;
    }
    if (e->panel == 4 && e->report_ok) {
        estimator_panel_draw(&e->report, e->inputs.thresholds.estimator, e->inputs.thresholds.min_events, y, x, COLS - x,
                             panel_lines(e), e->color);
        return;
    }
    if (e->panel == 3 && e->report_ok) {
        explorer_simulate_cell(e);
        long jan1;
        size_t days;
        series_plot_year(&e->report, &e->plot_years_back, &jan1, &days);
        compare_panel_draw(&e->report, e->simulation_message[0] ? e->simulation_message : NULL, jan1, days, y, x,
                           COLS - x, panel_lines(e), e->color);
        return;
    }
    const cell_report *r = &e->report;
    if (!e->report_ok) {
        panel_line(&y, x, "cell: %s", e->report_error);
        return;
    }
    const drydown_result *d = &r->drydowns;
    attron(A_BOLD);
    panel_line(&y, x, "Cell %zu, %zu  %.3f°%c %.3f°%c", r->row, r->col, fabs(r->lat), r->lat < 0 ? 'S' : 'N', fabs(r->lon), r->lon < 0 ? 'W' : 'E');
    attroff(A_BOLD);
    panel_line(&y, x, "series %zu days, %zu valid, mean %.3f", r->ndays, d->valid, d->mean_sm);
    panel_line(&y, x, "drydowns %zu found, %zu kept (%s)", d->count, d->kept, drydown_cell_status_name(d->status));
    panel_line(&y, x, "θw %.3f  IQR %.3f–%.3f", d->theta_w, d->theta_w_q25, d->theta_w_q75);
    panel_line(&y, x, "θc %.3f  IQR %.3f–%.3f", d->theta_c, d->theta_c_q25, d->theta_c_q75);
    panel_line(&y, x, "τ  %.1f d", d->tau);
    station_layer_draw_panel(e, &y, x, COLS - x);
    if (panel_last >= 15) y++; /* a blank line between the parts while there is room (80 × 24: none) */
    const calib_result *c = &r->calibration;
    attron(A_BOLD);
    panel_line(&y, x, "Texture (%s, %s cost)", ptf_name(e->inputs.calib.ptf.scheme), calib_cost_name(e->inputs.calib.cost));
    attroff(A_BOLD);
    if (!r->has_soil) {
        panel_line(&y, x, "no baseline soil (--soil)");
        return;
    }
    panel_line(&y, x, "          sand  clay  SOC   θwlt  θref");
    panel_line(&y, x, "baseline  %4.1f  %4.1f  %4.2f  %.3f %.3f", r->target.baseline[0], r->target.baseline[1],
               r->target.baseline[2], c->wlt_before, c->ref_before);
    if (c->sceua.evaluations)
        panel_line(&y, x, "optimised %4.1f  %4.1f  %4.2f  %.3f %.3f", c->optimised[0], c->optimised[1], c->optimised[2],
                   c->wlt_after, c->ref_after);
    panel_line(&y, x, "class %s → %s", texture_class_name(r->class_before), texture_class_name(r->class_after));
    panel_line(&y, x, "status: %s", calib_status_name(c->status));
    if (c->sceua.evaluations)
        panel_line(&y, x, "SCE-UA %ld evals, %d loops: %s", c->sceua.evaluations, c->sceua.loops, sceua_stop_name(c->sceua.stop));
}

/* Lines of the top area, the map and the panel beside it (explorer_layout_get). */
static int panel_lines(const explorer *e)
{
    explorer_layout l;
    explorer_layout_get(e, &l);
    return l.top_lines;
}

/* The series plot below the map and panel when there is room (UTF-8 only: Braille). */
static void draw_plot(explorer *e)
{
    explorer_layout l;
    explorer_layout_get(e, &l);
    if (e->report_ok && l.plot_lines) series_plot_draw(&e->report, station_layer_plot(e), &e->plot_years_back, l.plot_top, l.plot_lines, COLS, e->color);
}

static void draw_status(explorer *e)
{
    float v = e->layers[e->layer][e->row * e->cols + e->col];
    double lat, lon;
    grid_cell_center(e->sm->grid, e->row, e->col, &lat, &lon);
    char value[32];
    if (isnan(v)) snprintf(value, sizeof value, "no value");
    else if (e->layer == LAYER_CLASS) snprintf(value, sizeof value, "%s", texture_class_name((texture_class)v));
    else snprintf(value, sizeof value, "%.3f %s", v, explorer_layer_units[e->layer]);
    int jobs = 0;
    for (size_t i = 0; i < e->job_count; i++) jobs += child_job_active(&e->jobs[i]);
    int range_end = explorer_legend_draw(e, LINES - 2, COLS - (jobs ? 48 : 0)); /* room for a running job's progress */
    if (e->layer == LAYER_MEAN_SM && explorer_mean_pending(e))
        printw("  (reading the cube: %.0f %%)", 100.0 * (double)e->mean_row / (double)e->rows);
    char reading[96];
    if (explorer_days_reading(e, reading, sizeof reading) && getcury(stdscr) == LINES - 2 && getcurx(stdscr) + 2 + screen_text_columns(reading) < COLS) {
        int x = getcurx(stdscr) + 2;
        screen_text(LINES - 2, x, COLS - x, "%s", reading);
    }
    int x = getcurx(stdscr) + 3;
    if (x < COLS) explorer_jobs_draw_line(e, LINES - 2, x, COLS - x);
    int line_end = getcury(stdscr) == LINES - 2 ? getcurx(stdscr) : COLS, jobs_shown = line_end != x - 3;
    move(LINES - 1, 0);
    clrtoeol();
    if (command_line_active()) return; /* readline draws there */
    char place[200];
    snprintf(place, sizeof place, " row %zu col %zu  %.3f°%c %.3f°%c  %s %s ", e->row, e->col, fabs(lat), lat < 0 ? 'S' : 'N',
             fabs(lon), lon < 0 ? 'W' : 'E', explorer_layer_names[e->layer], value);
    if (screen_text_columns(place) > COLS) /* narrow (40 × 12): the value first, the place after it as far as it goes */
        snprintf(place, sizeof place, " %s %s  r%zu c%zu  %.2f°%c %.2f°%c ", explorer_layer_names[e->layer], value, e->row, e->col,
                 fabs(lat), lat < 0 ? 'S' : 'N', fabs(lon), lon < 0 ? 'W' : 'E');
    attron(A_REVERSE);
    screen_text(LINES - 1, 0, COLS, "%s", place);
    attroff(A_REVERSE);
    char with_count[sizeof e->message + 40];
    if (e->message[0] && e->messages_unread > 1) /* earlier ones (a config error under a later command) are in the log; */
        snprintf(with_count, sizeof with_count, "%s [+%zu :messages]", e->message, e->messages_unread - 1); /* after: a cut loses the note, not the message */
    else
        snprintf(with_count, sizeof with_count, "%s", e->message);
    const char *say = e->asking_quit ? "jobs running: quit and cancel (y), detach (d), stay (n)?"
                      : e->message[0] ? with_count : "? help  : command  q quit";
    int at = screen_text_columns(place) + 1;
    if (e->asking_quit) attron(A_BOLD);
    int columns = screen_text_columns(say);
    if (at + columns <= COLS || !(e->asking_quit || e->message[0])) {
        screen_text(LINES - 1, at, COLS - at, "%s", say);
    } else if (line_end + 3 + columns <= COLS) { /* too long for the rest of the status line: on the legend line, */
        screen_text(LINES - 2, line_end + 3, COLS - line_end - 3, "%s", say);
    } else if (jobs_shown) { /* the running job's progress stays: the message is cut */
        screen_text(LINES - 1, at, COLS - at, "%s", say);
    } else if (range_end + 3 + columns <= COLS) { /* after the layer's range (the mono ramp gives way), */
        move(LINES - 2, range_end);
        clrtoeol();
        screen_text(LINES - 2, range_end + 3, COLS - range_end - 3, "%s", say);
    } else { /* or over the whole legend line (80 columns, 40 × 12) until the next key */
        move(LINES - 2, 0);
        clrtoeol();
        screen_text(LINES - 2, 0, COLS, "%s", say);
    }
    if (e->asking_quit) attroff(A_BOLD);
}

/* The title, or — when the map is larger than its area — which part of it is shown, so a cropped
 * map is never taken for the whole domain. */
static void draw_title(const explorer *e)
{
    int width, height;
    explorer_map_size(e, &width, &height);
    size_t rows = explorer_display_rows(e), cols = explorer_display_cols(e), shown_rows = (size_t)height * (size_t)explorer_rows_per_line(e);
    size_t last_row = e->top + shown_rows < rows ? e->top + shown_rows : rows, last_col = e->left + (size_t)width < cols ? e->left + (size_t)width : cols;
    size_t m = explorer_magnify(e), z = e->zoom; /* pixels → data cells */
    size_t data_last_row = (last_row + m - 1) / m * z, data_last_col = (last_col + m - 1) / m * z;
    attron(A_BOLD);
    if (e->top > 0 || e->left > 0 || last_row < rows || last_col < cols)
        screen_text(0, 0, COLS, "drytex — cropped map: cols %zu–%zu/%zu, rows %zu–%zu/%zu (- zooms out)", e->left / m * z,
                    (data_last_col < e->cols ? data_last_col : e->cols) - 1, e->cols, e->top / m * z,
                    (data_last_row < e->rows ? data_last_row : e->rows) - 1, e->rows);
    else
        screen_text(0, 0, COLS, "%s", "drytex — satellite drydowns → soil texture");
    attroff(A_BOLD);
}

void explorer_draw(explorer *e)
{
    erase();
    if (COLS < MIN_COLS || LINES < MIN_LINES) {
        screen_text(LINES / 2, 0, COLS, "%s", "terminal too small:");
        screen_text(LINES / 2 + 1, 0, COLS, "%d × %d, needs %d × %d", COLS, LINES, MIN_COLS, MIN_LINES);
        refresh();
        return;
    }
    if (e->help || e->jobs_screen || e->messages_screen || e->tour_step) {
        if (e->tour_step) explorer_tour_draw(e);
        else if (e->help) explorer_help_draw(e);
        else if (e->messages_screen) explorer_messages_draw(e);
        else explorer_jobs_draw_screen(e);
        refresh();
        return;
    }
    explorer_keep_cursor_visible(e);
    draw_title(e);
    station_layer_draw_key(e);
    explorer_draw_map(e);
    station_layer_draw_map(e); /* the stations' markers over the map (station_layer.c) */
    draw_panel(e);
    draw_plot(e);
    draw_status(e);
    if (command_line_active()) {
        command_line_redraw();
        return;
    }
    size_t per_line = (size_t)explorer_rows_per_line(e), row, col;
    explorer_cursor_pixel(e, &row, &col);
    move(1 + (int)((row - e->top) / per_line), (int)(col - e->left)); /* the real cursor on the cell */
    refresh();
}
