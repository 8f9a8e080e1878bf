/* explorer.c — the terminal explorer (DESIGN.md §5), first slice: the domain as a half-block
 * map (▀: foreground = upper cell, background = lower), a cursor to move over it, the selected
 * cell's drydowns, thresholds and calibration from the per-cell pipeline (core/cell.c), a
 * status line, a ':' command line (command_line.c), a help screen and a "terminal too small"
 * screen. */
#include "explorer.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "command_line.h"
#include "field.h"
#include "series.h"
#include "series_plot.h"
#include "trace_panel.h"
#include "triangle_panel.h"
#include "soil.h"

enum { MIN_COLS = 40, MIN_LINES = 12, PANEL_WIDTH = 46, LEVELS = 9, MISSING_LEVEL = LEVELS };
enum {
    LAYER_MEAN_SM, LAYER_SAND, LAYER_CLAY, LAYER_SOC, LAYER_THETA_W, LAYER_THETA_C, LAYER_EVENTS,
    LAYER_OPT_SAND, LAYER_OPT_CLAY, LAYER_OPT_SOC, LAYER_COST, LAYER_COUNT
};
enum { PLOT_SPAN = SERIES_PLOT_SPAN };

typedef struct {
    series_source *sm;
    soil_maps soil;
    int have_soil;
    cell_inputs inputs;
    cell_report report;
    int report_ok;
    char report_error[DT_ERROR_TEXT];
    float *layers[LAYER_COUNT];   /* [rows × cols] */
    int layer;
    double low, high;             /* the shown layer's range */
    size_t rows, cols;
    size_t row, col;              /* the selected cell */
    size_t top, left;             /* first data row and column in view */
    int color, utf8, help, quit;
    size_t plot_start;            /* first day of the series plot */
    int panel;                    /* 0 text, 1 texture triangle, 2 SCE-UA trace (Tab cycles) */
    char message[DT_ERROR_TEXT + 16];
} explorer;

static const char *const layer_names[LAYER_COUNT] = {"mean", "sand", "clay", "soc", "theta_w", "theta_c", "events",
                                                     "optimised_sand", "optimised_clay", "optimised_soc", "cost"};
static const char *const layer_units[LAYER_COUNT] = {"m3 m-3", "%", "%", "%", "m3 m-3", "m3 m-3", "kept", "%", "%", "%", "m6 m-6"};
/* Where a job output's layers come from: (layer, variable). */
static const struct { int layer; const char *variable; } threshold_layers[] = {
    {LAYER_THETA_W, "theta_w"}, {LAYER_THETA_C, "theta_c"}, {LAYER_EVENTS, "events_kept"}};
static const struct { int layer; const char *variable; } calibrated_layers[] = {
    {LAYER_OPT_SAND, "sand"}, {LAYER_OPT_CLAY, "clay"}, {LAYER_OPT_SOC, "soc"}, {LAYER_COST, "cost"}};

/* ---- data ------------------------------------------------------------------------------------ */

/* Mean soil moisture of every cell, read in bands of rows (the cube is never loaded whole). */
static int compute_mean(explorer *e, dt_error *err)
{
    size_t band = 4, days = e->sm->ndays; /* one chunk row of a drytex cube */
    float *block = dt_malloc(days * band * e->cols * sizeof *block);
    e->layers[LAYER_MEAN_SM] = dt_malloc(e->rows * e->cols * sizeof(float));
    int status = DT_OK;
    for (size_t row0 = 0; row0 < e->rows && status == DT_OK; row0 += band) {
        size_t nrows = row0 + band <= e->rows ? band : e->rows - row0, map = nrows * e->cols;
        status = series_read_block(e->sm, row0, nrows, 0, e->cols, block, err);
        for (size_t i = 0; i < map && status == DT_OK; i++) {
            double sum = 0;
            size_t n = 0;
            for (size_t d = 0; d < days; d++)
                if (!isnan(block[d * map + i])) sum += block[d * map + i], n++;
            e->layers[LAYER_MEAN_SM][row0 * e->cols + i] = n ? (float)(sum / n) : NAN;
        }
    }
    free(block);
    return status;
}

static void set_layer(explorer *e, int layer)
{
    if (!e->layers[layer]) {
        snprintf(e->message, sizeof e->message, "layer %s needs %s", layer_names[layer],
                 layer <= LAYER_SOC ? "baseline soil (--soil)" : layer <= LAYER_EVENTS ? "drydown thresholds (--thresholds)"
                                                                               : "a calibration (--calibrated)");
        return;
    }
    e->layer = layer;
    e->low = INFINITY;
    e->high = -INFINITY;
    for (size_t i = 0; i < e->rows * e->cols; i++) {
        float v = e->layers[layer][i];
        if (!isnan(v)) e->low = fmin(e->low, v), e->high = fmax(e->high, v);
    }
}

static void run_cell(explorer *e)
{
    dt_error err;
    e->report_ok = cell_run(&e->inputs, e->row, e->col, &e->report, &err) == DT_OK;
    if (!e->report_ok) snprintf(e->report_error, sizeof e->report_error, "%s", err.text);
}

/* One map of a job output onto a layer; the grid must be the series'. */
static int read_layer(explorer *e, const char *path, const char *variable, int layer, dt_error *err)
{
    field_options fo;
    field_default_options(&fo);
    fo.variable = variable;
    field *f;
    int status = field_open(&f, path, &fo, err);
    if (status != DT_OK) return status;
    if (grid_rows(f->grid) != e->rows || grid_cols(f->grid) != e->cols) {
        field_close(f);
        return dt_error_set(err, DT_ERR_VALUE, "%s: %s: %zu × %zu cells, the soil moisture has %zu × %zu", path, variable,
                            grid_rows(f->grid), grid_cols(f->grid), e->rows, e->cols);
    }
    e->layers[layer] = dt_malloc(e->rows * e->cols * sizeof(float));
    status = field_read(f, 0, 1, 0, e->rows, 0, e->cols, e->layers[layer], err);
    field_close(f);
    return status;
}

/* ---- drawing ----------------------------------------------------------------------------------- */

/* A perceptual ramp from viridis sampled at 9 points and matched to the xterm 256-colour cube
 * (viridis: van der Walt & Smith, matplotlib, CC0). */
static const short viridis256[LEVELS] = {54, 61, 25, 31, 37, 36, 71, 149, 190};
static const short basic8[LEVELS] = {COLOR_MAGENTA, COLOR_BLUE, COLOR_BLUE, COLOR_CYAN, COLOR_CYAN, COLOR_GREEN, COLOR_GREEN, COLOR_YELLOW, COLOR_YELLOW};

static void setup_colors(explorer *e)
{
    if (!e->color) return;
    start_color();
    use_default_colors();
    for (int fg = 0; fg <= LEVELS; fg++)
        for (int bg = 0; bg <= LEVELS; bg++) {
            short f = fg == MISSING_LEVEL ? (COLORS >= 256 ? 237 : COLOR_BLACK) : (COLORS >= 256 ? viridis256[fg] : basic8[fg]);
            short b = bg == MISSING_LEVEL ? (COLORS >= 256 ? 237 : COLOR_BLACK) : (COLORS >= 256 ? viridis256[bg] : basic8[bg]);
            init_pair((short)(1 + fg * (LEVELS + 1) + bg), f, b);
        }
    series_plot_colors();
    triangle_panel_colors();
    trace_panel_colors();
}

static int level_of(const explorer *e, size_t row, size_t col)
{
    if (row >= e->rows) return MISSING_LEVEL;
    float v = e->layers[e->layer][row * e->cols + col];
    if (isnan(v) || !(e->high > e->low)) return isnan(v) ? MISSING_LEVEL : LEVELS / 2;
    int level = (int)((v - e->low) / (e->high - e->low) * LEVELS);
    return level < 0 ? 0 : level >= LEVELS ? LEVELS - 1 : level;
}

static void map_size(const explorer *e, int *width, int *height)
{
    int available = COLS - PANEL_WIDTH - 1;
    if (available < 20) available = COLS;
    *width = (int)e->cols < available ? (int)e->cols : available;
    *height = LINES - 3; /* title, legend, status */
}

static int rows_per_line(const explorer *e)
{
    return e->color && e->utf8 ? 2 : 1;
}

static void keep_cursor_visible(explorer *e)
{
    int width, height;
    map_size(e, &width, &height);
    size_t visible_rows = (size_t)height * (size_t)rows_per_line(e);
    if (e->row < e->top) e->top = e->row;
    if (e->row >= e->top + visible_rows) e->top = e->row - visible_rows + 1;
    if (e->col < e->left) e->left = e->col;
    if (e->col >= e->left + (size_t)width) e->left = e->col - (size_t)width + 1;
}

static void draw_map(explorer *e)
{
    int width, height, per_line = rows_per_line(e);
    map_size(e, &width, &height);
    static const char ramp[] = " .:-=+*#%@";
    for (int y = 0; y < height; y++) {
        size_t upper = e->top + (size_t)(y * per_line);
        if (upper >= e->rows) break;
        for (int x = 0; x < width; x++) {
            size_t col = e->left + (size_t)x;
            if (col >= e->cols) break;
            int selected = (upper == e->row || (per_line == 2 && upper + 1 == e->row)) && col == e->col;
            if (per_line == 2) {
                int fg = level_of(e, upper, col), bg = level_of(e, upper + 1, col);
                attr_t a = COLOR_PAIR(1 + fg * (LEVELS + 1) + bg) | (selected ? A_REVERSE : 0);
                attron(a);
                mvaddstr(1 + y, x, selected ? "◆" : "▀");
                attroff(a);
            } else {
                int level = level_of(e, upper, col);
                mvaddch(1 + y, x, selected ? '@' | A_REVERSE : (chtype)(level == MISSING_LEVEL ? ' ' : ramp[level * 9 / (LEVELS - 1)]));
            }
        }
    }
}

static int map_lines(const explorer *e);
static void panel_line(int *y, int x, const char *format, ...) __attribute__((format(printf, 3, 4)));
static void panel_line(int *y, int x, const char *format, ...)
{
    if (*y >= LINES - 1) return;
    char line[256];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    mvaddnstr((*y)++, x, line, COLS - x);
}

static void draw_panel(explorer *e)
{
    int width, height;
    map_size(e, &width, &height);
    int x = width + 1, y = 1;
    if (x + 20 > COLS) return; /* no room beside the map */
    if (e->panel == 1 && e->report_ok) {
        triangle_panel_draw(&e->report, e->inputs.calib.box, y, x, COLS - x, map_lines(e), e->color);
        return;
    }
    if (e->panel == 2 && e->report_ok) {
        trace_panel_draw(&e->report, y, x, COLS - x, map_lines(e), e->color);
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
static int map_lines(const explorer *e)
{
    int width, height, per_line = rows_per_line(e);
    map_size(e, &width, &height);
    int needed = (int)((e->rows - e->top + (size_t)per_line - 1) / (size_t)per_line);
    return needed < height ? needed : height;
}

/* The series plot below the map when there is room (UTF-8 only: Braille). */
static void draw_plot(explorer *e)
{
    int top = 1 + map_lines(e) + 1, height = LINES - 3 - top;
    if (e->report_ok && e->utf8) series_plot_draw(&e->report, &e->plot_start, top, height, COLS, e->color);
}

static void draw_status(explorer *e)
{
    float v = e->layers[e->layer][e->row * e->cols + e->col];
    double lat, lon;
    grid_cell_center(e->sm->grid, e->row, e->col, &lat, &lon);
    char value[32];
    if (isnan(v)) snprintf(value, sizeof value, "no value");
    else snprintf(value, sizeof value, "%.3f %s", v, layer_units[e->layer]);
    move(LINES - 2, 0);
    clrtoeol();
    mvprintw(LINES - 2, 0, "%s: %.3f … %.3f %s", layer_names[e->layer], e->low, e->high, layer_units[e->layer]);
    move(LINES - 1, 0);
    clrtoeol();
    if (command_line_active()) return; /* readline draws there */
    attron(A_REVERSE);
    mvprintw(LINES - 1, 0, " row %zu col %zu  %.3f°%c %.3f°%c  %s %s ", e->row, e->col, fabs(lat), lat < 0 ? 'S' : 'N',
             fabs(lon), lon < 0 ? 'W' : 'E', layer_names[e->layer], value);
    attroff(A_REVERSE);
    printw(" %s", e->message[0] ? e->message : "? help  : command  q quit");
}

static void draw_help(void)
{
    static const char *const lines[] = {
        "drytex explorer — keys",
        "",
        "  arrows, h j k l   move one cell        H J K L   move ten cells",
        "  :                 command line         ?         this help (any key closes)",
        "  [ ]               series a year back / on   Tab  panels: text, texture triangle, SCE-UA",
        "  Ctrl-L            redraw               q         quit",
        "",
        "commands",
        "  :goto LAT,LON  or  :goto ROW,COL   (two whole numbers are row, col)",
        "  :layer mean|sand|clay|soc           the map's layer; with --thresholds also theta_w, theta_c,",
        "         events; with --calibrated optimised_sand|_clay|_soc, cost",
        "  :set ptf sr06|sr06-noahmp|ch78      re-run the cell with another PTF",
        "  :set preset seed|mccoll2017|araki   drydown rules",
        "  :set evaluations N                  SCE-UA budget",
        "  :set cost seed|regularised",
        "  :quit",
    };
    erase();
    for (size_t i = 0; i < sizeof lines / sizeof *lines && (int)i < LINES; i++) mvaddnstr((int)i + 1, 2, lines[i], COLS - 3);
}

static void draw(explorer *e)
{
    erase();
    if (COLS < MIN_COLS || LINES < MIN_LINES) {
        mvaddnstr(LINES / 2, 0, "terminal too small", COLS);
        mvprintw(LINES / 2 + 1, 0, "need %dx%d", MIN_COLS, MIN_LINES);
        refresh();
        return;
    }
    if (e->help) {
        draw_help();
        refresh();
        return;
    }
    keep_cursor_visible(e);
    attron(A_BOLD);
    mvaddnstr(0, 0, "drytex — satellite drydowns → soil texture", COLS);
    attroff(A_BOLD);
    draw_map(e);
    draw_panel(e);
    draw_plot(e);
    draw_status(e);
    if (command_line_active()) {
        command_line_redraw();
        return;
    }
    int per_line = rows_per_line(e);
    move(1 + (int)((e->row - e->top) / (size_t)per_line), (int)(e->col - e->left)); /* the real cursor on the cell */
    refresh();
}

/* ---- commands ---------------------------------------------------------------------------------- */

static void go_to(explorer *e, const char *argument)
{
    double a, b;
    char extra;
    if (!argument || sscanf(argument, " %lf , %lf %c", &a, &b, &extra) != 2) {
        snprintf(e->message, sizeof e->message, "goto: give LAT,LON or ROW,COL");
        return;
    }
    size_t row, col;
    int whole = a == floor(a) && b == floor(b) && a >= 0 && b >= 0 && !strchr(argument, '.');
    if (whole) {
        if (a >= (double)e->rows || b >= (double)e->cols) {
            snprintf(e->message, sizeof e->message, "goto: cell %g,%g is outside %zu × %zu", a, b, e->rows, e->cols);
            return;
        }
        row = (size_t)a, col = (size_t)b;
    } else if (grid_locate(e->sm->grid, a, b, &row, &col) != DT_OK) {
        snprintf(e->message, sizeof e->message, "goto: %g, %g is outside the grid", a, b);
        return;
    }
    e->row = row;
    e->col = col;
    run_cell(e);
}

static void set_option(explorer *e, const char *name, const char *value)
{
    dt_error err;
    int status = DT_OK;
    size_t number;
    if (!name || !value) {
        snprintf(e->message, sizeof e->message, "set: give a setting and a value (:set ptf ch78)");
        return;
    }
    if (strcmp(name, "ptf") == 0) {
        ptf_scheme scheme;
        status = ptf_parse_name(value, &scheme, &err);
        if (status == DT_OK && scheme == PTF_NOAH_TABLE) status = dt_error_set(&err, DT_ERR_USAGE, "noah-table cannot be calibrated");
        if (status == DT_OK) e->inputs.calib.ptf.scheme = scheme;
    } else if (strcmp(name, "preset") == 0) {
        status = drydown_preset_parse(value, &e->inputs.drydown, &err);
    } else if (strcmp(name, "cost") == 0) {
        status = calib_cost_parse(value, &e->inputs.calib.cost, &err);
    } else if (strcmp(name, "evaluations") == 0) {
        char *end;
        number = strtoul(value, &end, 10);
        if (*end || number < 10) status = dt_error_set(&err, DT_ERR_USAGE, "evaluations: '%s' is not a number ≥ 10", value);
        else e->inputs.calib.sceua.maxn = (long)number;
    } else {
        status = dt_error_set(&err, DT_ERR_USAGE, "unknown setting '%s' (ptf, preset, cost, evaluations)", name);
    }
    if (status != DT_OK) {
        snprintf(e->message, sizeof e->message, "set: %s", err.text);
        return;
    }
    if (strcmp(name, "ptf") == 0 && ptf_uses_soc(e->inputs.calib.ptf.scheme) && e->have_soil && !e->soil.values[SOIL_SOC])
        snprintf(e->message, sizeof e->message, "set: no SOC in the soil files; %s will report no soil", value);
    run_cell(e);
}

static void execute(explorer *e, char *line)
{
    e->message[0] = '\0';
    char *command = strtok(line, " \t");
    if (!command) return;
    char *first = strtok(NULL, " \t"), *second = strtok(NULL, " \t");
    if (strcmp(command, "quit") == 0 || strcmp(command, "q") == 0) e->quit = 1;
    else if (strcmp(command, "goto") == 0) go_to(e, first);
    else if (strcmp(command, "help") == 0) e->help = 1;
    else if (strcmp(command, "set") == 0) set_option(e, first, second);
    else if (strcmp(command, "layer") == 0) {
        int found = 0;
        for (int k = 0; k < LAYER_COUNT && first; k++)
            if (strcmp(first, layer_names[k]) == 0) set_layer(e, k), found = 1;
        if (!found)
            snprintf(e->message, sizeof e->message, "layer: one of mean, sand, clay, soc, theta_w, theta_c, events, "
                     "optimised_sand, optimised_clay, optimised_soc, cost");
    } else snprintf(e->message, sizeof e->message, "unknown command '%s' (:help)", command);
}

/* ---- the ':' line ------------------------------------------------------------------------------ */

static const char *const command_words[] = {"goto", "layer", "set", "help", "quit", "ptf", "preset", "cost",
                                            "evaluations", "mean", "sand", "clay", "soc", "theta_w", "theta_c",
                                            "events", "optimised_sand", "optimised_clay", "optimised_soc", NULL};

static void on_command(char *line, void *context)
{
    execute(context, line);
}

static void setup_command_line(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[400];
    if (state && *state) snprintf(dir, sizeof dir, "%s/drytex", state);
    else if (home && *home) snprintf(dir, sizeof dir, "%s/.local/state/drytex", home);
    else dir[0] = '\0';
    command_line_setup(dir[0] ? dir : NULL, command_words);
}

/* ---- keys -------------------------------------------------------------------------------------- */

static void move_cursor(explorer *e, long drow, long dcol)
{
    long row = (long)e->row + drow, col = (long)e->col + dcol;
    row = row < 0 ? 0 : row >= (long)e->rows ? (long)e->rows - 1 : row;
    col = col < 0 ? 0 : col >= (long)e->cols ? (long)e->cols - 1 : col;
    if ((size_t)row == e->row && (size_t)col == e->col) return;
    e->row = (size_t)row;
    e->col = (size_t)col;
    e->message[0] = '\0';
    run_cell(e);
}

static void handle_key(explorer *e, int key)
{
    if (command_line_active()) {
        command_line_key(key);
        return;
    }
    if (e->help) {
        e->help = 0;
        return;
    }
    switch (key) {
    case 'q': e->quit = 1; break;
    case '?': e->help = 1; break;
    case '\t': e->panel = (e->panel + 1) % 3; break;
    case ':': command_line_open(":", on_command, e); break;
    case KEY_LEFT: case 'h': move_cursor(e, 0, -1); break;
    case KEY_RIGHT: case 'l': move_cursor(e, 0, 1); break;
    case KEY_UP: case 'k': move_cursor(e, -1, 0); break;
    case KEY_DOWN: case 'j': move_cursor(e, 1, 0); break;
    case 'H': move_cursor(e, 0, -10); break;
    case 'L': move_cursor(e, 0, 10); break;
    case 'K': move_cursor(e, -10, 0); break;
    case 'J': move_cursor(e, 10, 0); break;
    case 12: clearok(curscr, TRUE); break; /* Ctrl-L */
    case '[': e->plot_start = e->plot_start > PLOT_SPAN ? e->plot_start - PLOT_SPAN : 0; break;
    case ']': e->plot_start += PLOT_SPAN; break; /* clamped when drawn */
    default: break;
    }
}

/* ---- start and stop ---------------------------------------------------------------------------- */

static int open_data(explorer *e, const explorer_options *o, dt_error *err)
{
    int status = series_open(&e->sm, o->sm, o->nsm, NULL, err);
    if (status != DT_OK) return status;
    e->rows = grid_rows(e->sm->grid);
    e->cols = grid_cols(e->sm->grid);
    drydown_default_options(&e->inputs.drydown);
    calib_default_options(&e->inputs.calib);
    e->inputs.sm = e->sm;
    if (o->nsoil) {
        status = soil_load(o->soil, o->nsoil, NULL, e->sm->grid, 0, &e->soil, err);
        if (status != DT_OK) return status;
        e->have_soil = 1;
        e->inputs.soil = &e->soil;
        for (int k = 0; k < SOIL_FIELDS; k++)
            if (e->soil.values[k]) {
                e->layers[LAYER_SAND + k] = dt_malloc(e->rows * e->cols * sizeof(float));
                memcpy(e->layers[LAYER_SAND + k], e->soil.values[k], e->rows * e->cols * sizeof(float));
            }
    }
    for (size_t k = 0; o->thresholds && k < sizeof threshold_layers / sizeof *threshold_layers && status == DT_OK; k++)
        status = read_layer(e, o->thresholds, threshold_layers[k].variable, threshold_layers[k].layer, err);
    for (size_t k = 0; o->calibrated && k < sizeof calibrated_layers / sizeof *calibrated_layers && status == DT_OK; k++)
        status = read_layer(e, o->calibrated, calibrated_layers[k].variable, calibrated_layers[k].layer, err);
    if (status != DT_OK) return status;
    status = compute_mean(e, err);
    if (status != DT_OK) return status;
    set_layer(e, LAYER_MEAN_SM);
    e->row = e->rows / 2;
    e->col = e->cols / 2;
    cell_report_init(&e->report);
    run_cell(e);
    e->plot_start = e->sm->ndays > PLOT_SPAN ? e->sm->ndays - PLOT_SPAN : 0;
    return DT_OK;
}

static void close_data(explorer *e)
{
    cell_report_free(&e->report);
    for (int k = 0; k < LAYER_COUNT; k++) free(e->layers[k]);
    soil_free(&e->soil);
    series_close(e->sm);
}

int explorer_run(const explorer_options *o)
{
    explorer e;
    memset(&e, 0, sizeof e);
    dt_error err;
    if (open_data(&e, o, &err) != DT_OK) {
        close_data(&e);
        fprintf(stderr, "drytex: %s\n", err.text);
        return 1;
    }
    const char *codeset = setlocale(LC_CTYPE, NULL);
    const char *term = getenv("TERM");
    e.utf8 = codeset && (strstr(codeset, "UTF-8") || strstr(codeset, "utf8")) && !(term && strcmp(term, "linux") == 0);
    setenv("ESCDELAY", "25", 0);
    if (!initscr()) {
        close_data(&e);
        fprintf(stderr, "drytex: cannot open the terminal\n");
        return 1;
    }
    e.color = has_colors() && !o->no_color;
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    setup_colors(&e);
    setup_command_line();
    while (!e.quit) {
        draw(&e);
        int key = getch();
        if (key == KEY_RESIZE || key == ERR) continue;
        handle_key(&e, key);
    }
    endwin();
    command_line_shutdown();
    close_data(&e);
    return 0;
}
