/* explorer_draw.c — the explorer's screen: the half-block map (▀: foreground = upper cell,
 * background = lower) in the theme's colours, the cell panel beside it, the series plot below,
 * the status line, the help and "terminal too small" screens. Every frame is composed whole into
 * curses' screen; curses sends the terminal only the cells that changed. */
#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "command_line.h"
#include "explorer_jobs.h"
#include "explorer_palette.h"
#include "explorer_state.h"
#include "screen_text.h"
#include "series_plot.h"
#include "station_layer.h"
#include "compare_panel.h"
#include "trace_panel.h"
#include "triangle_panel.h"

enum { MIN_COLS = 40, MIN_LINES = 12, PANEL_WIDTH = 46, LEVELS = EXPLORER_LEVELS, MISSING_LEVEL = EXPLORER_MISSING_LEVEL };

/* The mono theme's density ramp, one character a level from the lowest to the highest (a blank
 * is a cell without a value). */
static const char mono_ramp[LEVELS + 1] = ".:-=+*#%@";

/* The map in display cells: zoom × zoom data cells each. */
size_t explorer_display_rows(const explorer *e)
{
    return (e->rows + e->zoom - 1) / e->zoom;
}

static size_t display_cols(const explorer *e)
{
    return (e->cols + e->zoom - 1) / e->zoom;
}

/* A display cell's value: the mean of its valid data cells (the layer itself at zoom 1). */
static float display_value(const explorer *e, size_t drow, size_t dcol)
{
    const float *layer = e->layers[e->layer];
    if (e->zoom == 1) return layer[drow * e->cols + dcol];
    double sum = 0.0;
    size_t count = 0;
    for (size_t r = drow * e->zoom; r < (drow + 1) * e->zoom && r < e->rows; r++)
        for (size_t c = dcol * e->zoom; c < (dcol + 1) * e->zoom && c < e->cols; c++)
            if (!isnan(layer[r * e->cols + c])) sum += layer[r * e->cols + c], count++;
    return count ? (float)(sum / (double)count) : NAN;
}

static int level_of(const explorer *e, size_t row, size_t col)
{
    float v = display_value(e, row, col);
    if (isnan(v) || !(e->high > e->low)) return isnan(v) ? MISSING_LEVEL : LEVELS / 2;
    int level = (int)((v - e->low) / (e->high - e->low) * LEVELS);
    return level < 0 ? 0 : level >= LEVELS ? LEVELS - 1 : level;
}

enum { LEVEL_UNKNOWN = 255 }; /* a display cell whose level is not cached yet */

/* Display cells' levels are cached between frames and forgotten when the layer, its values, its
 * range (explorer_set_layer bumps layer_version) or the zoom change: a frame — a cursor move, a
 * Ctrl-L — then reads one byte a cell instead of averaging zoom × zoom values and classifying
 * them, which for a map that fills a 200-column screen was most of the explorer's own time.
 * Levels are filled as cells come into view, so a frame never costs more than the visible cells
 * (a large grid whose mean layer grows piece by piece is not reclassified whole every frame). */
static void map_levels_check(explorer *e)
{
    if (e->map_levels && e->map_levels_for == 1 + e->layer_version && e->map_levels_zoom == e->zoom) return;
    size_t cells = explorer_display_rows(e) * display_cols(e);
    if (!e->map_levels || e->map_levels_zoom != e->zoom) {
        free(e->map_levels);
        e->map_levels = dt_malloc(cells);
    }
    memset(e->map_levels, LEVEL_UNKNOWN, cells);
    e->map_levels_for = 1 + e->layer_version;
    e->map_levels_zoom = e->zoom;
}

/* A display cell's level (map_levels_check first) on a map of rows × cols display cells (passed
 * in: two divisions per cell add up over a screen); below the last row: no value. */
static int map_level(explorer *e, size_t rows, size_t cols, size_t row, size_t col)
{
    if (row >= rows) return MISSING_LEVEL;
    unsigned char *level = &e->map_levels[row * cols + col];
    if (*level == LEVEL_UNKNOWN) *level = (unsigned char)level_of(e, row, col);
    return *level;
}

void explorer_map_size(const explorer *e, int *width, int *height)
{
    int available = COLS - PANEL_WIDTH - 1;
    if (available < 20) available = COLS;
    *width = (int)display_cols(e) < available ? (int)display_cols(e) : available;
    *height = LINES - 3; /* title, legend, status */
}

int explorer_rows_per_line(const explorer *e)
{
    return e->color && e->utf8 ? 2 : 1;
}

static void keep_cursor_visible(explorer *e)
{
    int width, height;
    explorer_map_size(e, &width, &height);
    size_t visible_rows = (size_t)height * (size_t)explorer_rows_per_line(e), row = e->row / e->zoom, col = e->col / e->zoom;
    if (row < e->top) e->top = row;
    if (row >= e->top + visible_rows) e->top = row - visible_rows + 1;
    if (col < e->left) e->left = col;
    if (col >= e->left + (size_t)width) e->left = col - (size_t)width + 1;
    /* after the terminal grew, no blank beyond the map's end while part of it is scrolled away */
    size_t rows = explorer_display_rows(e), cols = display_cols(e);
    if (e->top + visible_rows > rows) e->top = rows > visible_rows ? rows - visible_rows : 0;
    if (e->left + (size_t)width > cols) e->left = cols > (size_t)width ? cols - (size_t)width : 0;
}

/* The half-block of every (upper, lower) level pair, made once: a map line is then composed by
 * copying these (no setcchar per cell) and handed to curses whole with mvadd_wchnstr, which
 * stores the cells without wadd_wch's per-character work (printability, wrapping, control
 * characters) — the content is the same ▀ in the same colour pair. Built from constants only. */
static const cchar_t *half_block(int fg, int bg)
{
    static cchar_t blocks[LEVELS + 1][LEVELS + 1];
    static int made;
    if (!made) {
        for (int f = 0; f <= LEVELS; f++)
            for (int b = 0; b <= LEVELS; b++) setcchar(&blocks[f][b], L"▀", A_NORMAL, explorer_palette_pair(f, b), NULL);
        made = 1;
    }
    return &blocks[fg][bg];
}

enum { MAP_LINE_MAX = 1024 }; /* wider terminals draw a line in several pieces */

/* One map line of half-blocks: display rows upper and upper + 1, columns left … left + width − 1,
 * at screen line y. */
static void draw_half_block_line(explorer *e, size_t upper, int y, int width)
{
    size_t rows = explorer_display_rows(e), cols = display_cols(e);
    cchar_t line[MAP_LINE_MAX];
    for (int x0 = 0; x0 < width; x0 += MAP_LINE_MAX) {
        int n = width - x0 < MAP_LINE_MAX ? width - x0 : MAP_LINE_MAX;
        for (int i = 0; i < n; i++) {
            size_t col = e->left + (size_t)(x0 + i);
            line[i] = *half_block(map_level(e, rows, cols, upper, col), map_level(e, rows, cols, upper + 1, col));
        }
        mvadd_wchnstr(y, x0, line, n);
    }
}

static void draw_map(explorer *e)
{
    if (e->color && explorer_layer_diverging(e->layer) != e->diverging_palette)
        explorer_palette_map(e, explorer_layer_diverging(e->layer));
    int width, height, per_line = explorer_rows_per_line(e);
    explorer_map_size(e, &width, &height);
    map_levels_check(e);
    size_t rows = explorer_display_rows(e), cols = display_cols(e), row = e->row / e->zoom, col = e->col / e->zoom;
    if (e->left >= cols) return;
    if ((size_t)width > cols - e->left) width = (int)(cols - e->left);
    for (int y = 0; y < height; y++) {
        size_t upper = e->top + (size_t)(y * per_line);
        if (upper >= rows) break;
        if (per_line == 2) {
            draw_half_block_line(e, upper, 1 + y, width);
            if ((upper == row || upper + 1 == row) && col >= e->left && col < e->left + (size_t)width) {
                cchar_t cell; /* the selected cell over its half-block, white on black whatever the ramp's colour */
                setcchar(&cell, L"◆", A_BOLD, explorer_palette_marker(), NULL);
                mvadd_wch(1 + y, (int)(col - e->left), &cell);
            }
        } else { /* the mono theme or no UTF-8: a cell a character from the density ramp, the selection in reverse video */
            for (int x = 0; x < width; x++) {
                size_t c = e->left + (size_t)x;
                int level = map_level(e, rows, cols, upper, c);
                chtype color = e->color ? COLOR_PAIR(explorer_palette_pair(level, MISSING_LEVEL)) : 0; /* colour without UTF-8 (TERM=linux) */
                mvaddch(1 + y, x, (chtype)(level == MISSING_LEVEL ? ' ' : mono_ramp[level]) | color | (upper == row && c == col ? A_REVERSE | A_BOLD : A_NORMAL));
            }
        }
    }
    station_layer_draw_map(e); /* the stations' markers over the map (station_layer.c) */
}

static int panel_lines(const explorer *e);
static void panel_line(int *y, int x, const char *format, ...) __attribute__((format(printf, 3, 4)));
static void panel_line(int *y, int x, const char *format, ...)
{
    if (*y >= LINES - 1) return;
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
    int x = width + 1, y = 1;
    if (x + 20 > COLS) return; /* no room beside the map */
    if (e->panel == 1 && e->report_ok) {
        triangle_panel_draw(&e->report, e->inputs.calib.box, y, x, COLS - x, panel_lines(e), e->color);
        return;
    }
    if (e->panel == 2 && e->report_ok) {
        trace_panel_draw(&e->report, y, x, COLS - x, panel_lines(e), e->color);
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
    y++;
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

/* Map lines actually used (the map may be shorter than the screen). */
int explorer_map_lines(const explorer *e)
{
    int width, height, per_line = explorer_rows_per_line(e);
    explorer_map_size(e, &width, &height);
    int needed = (int)((explorer_display_rows(e) - e->top + (size_t)per_line - 1) / (size_t)per_line);
    return needed < height ? needed : height;
}

/* Lines of the top area, the map and the panel beside it: the map's, but at least what the
 * panels need (a small domain's map is only a few lines tall). */
static int panel_lines(const explorer *e)
{
    enum { PANEL_LINES = 18 };
    int width, height, lines = explorer_map_lines(e);
    explorer_map_size(e, &width, &height);
    if (lines < PANEL_LINES) lines = PANEL_LINES < height ? PANEL_LINES : height;
    return lines;
}

/* The series plot below the map and panel when there is room (UTF-8 only: Braille). */
static void draw_plot(explorer *e)
{
    int top = 1 + panel_lines(e) + 1, height = LINES - 3 - top;
    if (e->report_ok && e->utf8) series_plot_draw(&e->report, station_layer_plot(e), &e->plot_years_back, top, height, COLS, e->color);
}

/* The ramp's characters with the lowest value of each, so the map reads without colour. */
static void draw_mono_legend(const explorer *e)
{
    printw("   ");
    for (int level = 0; level < LEVELS; level++) {
        double from = e->low + (e->high - e->low) * level / LEVELS;
        if (getcurx(stdscr) + 12 >= COLS) break;
        printw(fabs(e->high) < 10 ? " %c %.3f" : " %c %.3g", mono_ramp[level], from);
    }
    if (getcurx(stdscr) + 20 < COLS) printw("   blank: no value");
}

/* The colour key (issue 15 item 3, in part): a swatch of each level's colour with the lowest value
 * it stands for, then the colour of a cell without a value, so that the map reads as values. It
 * leaves room for a running job's progress, which comes after it on the line. */
static void draw_color_legend(const explorer *e)
{
    int jobs = 0;
    for (size_t i = 0; i < e->job_count; i++) jobs += child_job_active(&e->jobs[i]);
    int room = COLS - (jobs ? 48 : 0);
    printw("  ");
    for (int level = 0; level < LEVELS; level++) {
        double from = e->low + (e->high - e->low) * level / LEVELS;
        if (getcurx(stdscr) + 10 >= room) return;
        printw(" ");
        attron(COLOR_PAIR(explorer_palette_pair(level, level)));
        printw("  ");
        attroff(COLOR_PAIR(explorer_palette_pair(level, level)));
        printw(fabs(e->high) < 10 ? "%.3f" : "%.3g", from);
    }
    if (getcurx(stdscr) + 12 >= room) return;
    printw("  ");
    attron(COLOR_PAIR(explorer_palette_pair(MISSING_LEVEL, MISSING_LEVEL)));
    printw("  ");
    attroff(COLOR_PAIR(explorer_palette_pair(MISSING_LEVEL, MISSING_LEVEL)));
    printw("no value");
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
    move(LINES - 2, 0);
    clrtoeol();
    if (e->layer == LAYER_CLASS)
        screen_text(LINES - 2, 0, COLS, "class: USDA texture class of the baseline, %s … %s", texture_class_name((texture_class)e->low),
                    texture_class_name((texture_class)e->high));
    else
        screen_text(LINES - 2, 0, COLS, "%s: %.3f … %.3f %s", explorer_layer_names[e->layer], e->low, e->high, explorer_layer_units[e->layer]);
    int range_end = getcury(stdscr) == LINES - 2 ? getcurx(stdscr) : COLS; /* COLS: it ran over the edge */
    if (explorer_rows_per_line(e) == 1) draw_mono_legend(e); /* the ramp, not colours */
    else if (e->layer != LAYER_CLASS) draw_color_legend(e);
    if (e->layer == LAYER_MEAN_SM && explorer_mean_pending(e))
        printw("  (reading the cube: %.0f %%)", 100.0 * (double)e->mean_row / (double)e->rows);
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

/* One help entry at screen line *y (once past the first `skip` lines, below line `last`): the
 * label in a column of `indent` characters, the text wrapped at blanks to the screen's width with
 * its continuation lines under its start. Returns the lines the entry takes. */
static int help_entry(int *y, int *skip, int last, const char *label, int indent, const char *text)
{
    int width = COLS - 3 - indent, lines = 0;
    if (width < 10) width = 10;
    const char *rest = text;
    do {
        int n = (int)strlen(rest), columns = screen_text_columns(rest);
        if (columns > width) { /* cut at the last blank that leaves at most width columns */
            char piece[512];
            n = 0;
            for (int i = 0; rest[i] && i < (int)sizeof piece - 1; i++) {
                if (rest[i] == ' ') {
                    snprintf(piece, sizeof piece, "%.*s", i, rest);
                    if (screen_text_columns(piece) > width) break;
                    n = i;
                }
            }
            if (n == 0) n = (int)strlen(rest); /* no blank: cut at the edge */
        }
        if (*skip > 0) {
            (*skip)--;
        } else if (*y <= last) {
            screen_text(*y, 2, COLS - 3, "%-*s%.*s", indent, lines ? "" : label, n, rest);
            (*y)++;
        }
        lines++;
        rest += n;
        while (*rest == ' ') rest++;
    } while (*rest);
    return lines;
}

/* The keys and commands, one a line, wrapped to the screen's width; longer than the screen, it
 * scrolls (↓ j space, ↑ k; explorer.c) from e->help_top, and the last line says so. */
static void draw_help(explorer *e)
{
    static const char *const keys[][2] = {
        {"arrows, h j k l", "move one cell (H J K L: ten cells)"},
        {":", "command line (Esc leaves it)"},
        {"/", "go to LAT,LON (35,101 is 35°N 101°E; 35.5N 101.2E) or cell ROW,COL"},
        {"[ ]", "the series plot a calendar year back / on (the θ axis is the whole record's)"},
        {"Tab", "panels: text, texture triangle, SCE-UA, Noah-MP"},
        {"y", "copy the cell's values (OSC 52)"},
        {"mouse click", "select the cell"},
        {"m", "mouse on/off (off: the terminal selects text)"},
        {"- +", "zoom out / in (means of 2×2, 4×4, … cells)"},
        {"?", "this help: ↓ j space scroll, ↑ k back, any other key closes"},
        {"Ctrl-L", "redraw"},
        {"q", "quit (asks while jobs run)"},
    };
    erase();
    for (int pass = 0; pass < 2; pass++) { /* the first pass counts the lines, the second draws */
        int y = 1, skip = pass ? e->help_top : 1 << 30, last = LINES - 2, total = 0;
        attron(A_BOLD);
        total += help_entry(&y, &skip, last, "", 0, "drytex explorer — keys");
        attroff(A_BOLD);
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) total += help_entry(&y, &skip, last, keys[i][0], 18, keys[i][1]);
        total += help_entry(&y, &skip, last, "", 0, " ");
        attron(A_BOLD);
        total += help_entry(&y, &skip, last, "", 0, "commands");
        attroff(A_BOLD);
        char label[64];
        int narrow = COLS < 70, indent = narrow ? 4 : 28; /* narrow: each summary under its command */
        for (const explorer_command_entry *c = explorer_commands(); c->name; c++) {
            if (!c->arguments) continue; /* an alias */
            snprintf(label, sizeof label, ":%s %s", c->name, c->arguments);
            if (narrow || screen_text_columns(label) > 26) { /* a long synopsis on a line of its own */
                total += help_entry(&y, &skip, last, "", 0, label);
                total += help_entry(&y, &skip, last, "", indent, c->summary);
            } else {
                total += help_entry(&y, &skip, last, label, indent, c->summary);
            }
        }
        if (narrow) total += help_entry(&y, &skip, last, "", 0, ":set values");
        total += help_entry(&y, &skip, last, narrow ? "" : ":set values", indent, "ptf sr06|sr06-noahmp|ch78, preset seed|mccoll2017|araki, cost seed|regularised, "
                            "evaluations N (the cell re-runs at once); threads N (jobs started later; 0 = all cores); "
                            "theme color|mono (mono: no colours, a density ramp .:-=+*#%@ with its legend)");
        if (!pass) {
            int shown = LINES - 2; /* lines 1 … LINES - 2 */
            if (e->help_top > total - shown) e->help_top = total - shown > 0 ? total - shown : 0;
            e->help_bottom = e->help_top + shown < total;
        }
    }
    if (e->help_bottom || e->help_top) {
        attron(A_REVERSE);
        screen_text(LINES - 1, 0, COLS, " %s ", e->help_bottom ? "more: ↓ j space (↑ k back), any other key closes"
                                                                  : "end: ↑ k back, any other key closes");
        attroff(A_REVERSE);
    }
}

/* The title, or — when the map is larger than its area — which part of it is shown, so a cropped
 * map is never taken for the whole domain. */
static void draw_title(const explorer *e)
{
    int width, height;
    explorer_map_size(e, &width, &height);
    size_t rows = explorer_display_rows(e), cols = display_cols(e), shown_rows = (size_t)height * (size_t)explorer_rows_per_line(e);
    size_t last_row = e->top + shown_rows < rows ? e->top + shown_rows : rows, last_col = e->left + (size_t)width < cols ? e->left + (size_t)width : cols;
    attron(A_BOLD);
    if (e->top > 0 || e->left > 0 || last_row < rows || last_col < cols)
        screen_text(0, 0, COLS, "drytex — cropped map: cols %zu–%zu/%zu, rows %zu–%zu/%zu (- zooms out)", e->left * e->zoom,
                    (last_col * e->zoom < e->cols ? last_col * e->zoom : e->cols) - 1, e->cols, e->top * e->zoom,
                    (last_row * e->zoom < e->rows ? last_row * e->zoom : e->rows) - 1, e->rows);
    else
        screen_text(0, 0, COLS, "%s", "drytex — satellite drydowns → soil texture");
    attroff(A_BOLD);
}

/* :messages — the log, oldest first, each message wrapped whole; it opens at its end. */
static void draw_messages(explorer *e)
{
    erase();
    for (int pass = 0; pass < 2; pass++) { /* the first pass counts the lines, the second draws */
        int y = 1, skip = pass ? e->messages_top : 1 << 30, last = LINES - 2, total = 0;
        attron(A_BOLD);
        total += help_entry(&y, &skip, last, "", 0, "messages (oldest first)");
        attroff(A_BOLD);
        size_t count = message_log_count(&e->log);
        if (!count) total += help_entry(&y, &skip, last, "", 0, "no messages yet");
        for (size_t i = 0; i < count; i++) total += help_entry(&y, &skip, last, "", 9, message_log_get(&e->log, i));
        if (!pass) {
            int shown = LINES - 2;
            if (e->messages_top > total - shown) e->messages_top = total - shown > 0 ? total - shown : 0;
            e->messages_bottom = e->messages_top + shown < total;
        }
    }
    attron(A_REVERSE);
    screen_text(LINES - 1, 0, COLS, " %s ", e->messages_bottom || e->messages_top ? "↓ j space, ↑ k scroll; any other key closes" : "any key closes");
    attroff(A_REVERSE);
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
    if (e->help || e->jobs_screen || e->messages_screen) {
        if (e->help) draw_help(e);
        else if (e->messages_screen) draw_messages(e);
        else explorer_jobs_draw_screen(e);
        refresh();
        return;
    }
    keep_cursor_visible(e);
    draw_title(e);
    station_layer_draw_key(e);
    draw_map(e);
    draw_panel(e);
    draw_plot(e);
    draw_status(e);
    if (command_line_active()) {
        command_line_redraw();
        return;
    }
    int per_line = explorer_rows_per_line(e);
    move(1 + (int)((e->row / e->zoom - e->top) / (size_t)per_line), (int)(e->col / e->zoom - e->left)); /* the real cursor on the cell */
    refresh();
}
