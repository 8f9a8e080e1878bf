/* explorer_commands.c — the explorer's command table: every command a name, arguments and one
 * function, run from the ':' line or from a key. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <curses.h>
#include <netcdf.h>

#include "cell_print.h"
#include "cfwrite.h"

#include "explorer_job_outputs.h"
#include "explorer_jobs.h"
#include "explorer_output.h"
#include "explorer_place.h"
#include "explorer_palette.h"
#include "explorer_state.h"
#include "calendar.h"
#include "explorer_days.h"
#include "explorer_tour.h"
#include "explorer_view_commands.h"
#include "station_layer.h"

enum { MAX_ARGUMENTS = 8 };

/* The grid's extent from its border cells' bounds [degrees] (for an EASE grid too). */
static void grid_extent(const explorer *e, double *lat_min, double *lat_max, double *lon_min, double *lon_max)
{
    *lat_min = *lon_min = INFINITY, *lat_max = *lon_max = -INFINITY;
    for (size_t row = 0; row < e->rows; row++)
        for (size_t col = 0; col < e->cols; col += row == 0 || row + 1 == e->rows || col + 1 == e->cols ? 1 : e->cols - 1) {
            double a, b, c, d;
            if (grid_cell_bounds(e->sm->grid, row, col, &a, &b, &c, &d) != DT_OK) continue;
            *lat_min = fmin(*lat_min, a), *lat_max = fmax(*lat_max, b), *lon_min = fmin(*lon_min, c), *lon_max = fmax(*lon_max, d);
        }
}

/* :goto LAT,LON (35,101 is 35°N 101°E; 35.5N 101.2E, 35.5S 101.2W …) or :goto cell ROW,COL. */
static void command_goto(explorer *e, int argc, char **argv)
{
    char text[256] = "", why[200];
    for (int i = 1; i < argc; i++) /* the words again: "35.5 101.2" arrives as two */
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", i > 1 ? " " : "", argv[i]);
    explorer_place place;
    if (!explorer_place_parse(text, &place, why, sizeof why)) {
        explorer_message(e, "goto: %s", why);
        return;
    }
    size_t row, col;
    if (place.is_cell) {
        if (place.row >= e->rows || place.col >= e->cols) {
            explorer_message(e, "goto: cell %zu,%zu is outside %zu × %zu (rows 0…%zu, columns 0…%zu)", place.row, place.col,
                             e->rows, e->cols, e->rows - 1, e->cols - 1);
            return;
        }
        row = place.row, col = place.col;
    } else if (grid_locate(e->sm->grid, place.lat, place.lon, &row, &col) != DT_OK) {
        double lat_min, lat_max, lon_min, lon_max;
        grid_extent(e, &lat_min, &lat_max, &lon_min, &lon_max);
        explorer_message(e, "goto: %.3f°%c %.3f°%c is outside the grid: %.2f…%.2f°N, %.2f…%.2f°E", fabs(place.lat),
                         place.lat < 0 ? 'S' : 'N', fabs(place.lon > 180 ? place.lon - 360 : place.lon),
                         (place.lon > 180 ? place.lon - 360 : place.lon) < 0 ? 'W' : 'E', lat_min, lat_max, lon_min, lon_max);
        return;
    }
    e->row = row;
    e->col = col;
    explorer_run_cell(e);
}

/* One "key path" line with the path made absolute where it exists, so the project opens from anywhere. */
static void project_path(FILE *file, const char *key, const char *path)
{
    char real[PATH_MAX];
    if (path) fprintf(file, "%s %s\n", key, realpath(path, real) ? real : path);
}

/* :write-config FILE [--force] — the data sets and settings as a project file (drytex FILE opens
 * it). An existing file is replaced only with --force, an input of the data set never. */
static void command_write_config(explorer *e, int argc, char **argv)
{
    int force = explorer_output_force(&argc, argv);
    if (argc != 2) {
        explorer_message(e, "write-config: give the project file to write (open it with: drytex FILE)");
        return;
    }
    const char *path = argv[1];
    if (!explorer_output_allowed(e, "write-config", path, force)) return;
    FILE *file = fopen(path, "w");
    if (!file) {
        explorer_message(e, "write-config: %s: cannot be written: %s", path, strerror(errno));
        return;
    }
    const explorer_options *o = e->options;
    fprintf(file, "# drytex project: drytex %s opens it (data lines, then explorer commands)\n", path);
    for (size_t i = 0; i < o->nsm; i++) project_path(file, "sm", o->sm[i]);
    for (size_t i = 0; i < o->nsoil; i++) project_path(file, "soil", o->soil[i]);
    project_path(file, "forcing", o->forcing);
    project_path(file, "thresholds", e->thresholds_path);
    project_path(file, "calibrated", e->calibrated_path);
    project_path(file, "simulated", e->simulated_path);
    project_path(file, "stations", station_layer_path(o->stations));
    const calib_options *c = &e->inputs.calib;
    /* the preset first: it resets the rules, min-points then overrides one of them */
    fprintf(file, "set ptf %s\nset preset %s\nset min-points %zu\nset cost %s\nset sigma %.15g\nset lambda %.15g\n"
                  "set evaluations %ld\n",
            ptf_name(c->ptf.scheme), e->preset, e->inputs.drydown.min_points, calib_cost_name(c->cost), c->sigma,
            c->lambda, c->sceua.maxn);
    if (e->job_threads > 0) fprintf(file, "set threads %d\n", e->job_threads);
    fprintf(file, "set theme %s\n", !e->color ? "mono" : e->light ? "light" : "color");
    if (e->color) fprintf(file, "colours %s\ncolours %s\n", explorer_palette_map_name(0), explorer_palette_map_name(1));
    if (e->layer == LAYER_DAY) {
        char date[16];
        explorer_days_date(e, explorer_days_current(e), date, sizeof date);
        fprintf(file, "zoom %zu\nday %s\ngoto cell %zu,%zu\n", e->zoom, date, e->row, e->col);
    } else {
        fprintf(file, "zoom %zu\nlayer %s\ngoto cell %zu,%zu\n", e->zoom, explorer_layer_names[e->layer], e->row, e->col);
    }
    if (e->magnify > 1 && e->zoom == 1) fprintf(file, "magnify %zu\n", e->magnify);
    if (fclose(file) != 0) explorer_message(e, "write-config: %s: write failed", path);
    else explorer_message(e, "wrote the project %s (open it with: drytex %s)", path, path);
}

/* RFC 4648 base64 of n bytes into out (4 ⌈n/3⌉ + 1 bytes). */
static void base64(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16 | (i + 1 < n ? (unsigned long)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[o++] = digits[v >> 18 & 63];
        out[o++] = digits[v >> 12 & 63];
        out[o++] = i + 1 < n ? digits[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? digits[v & 63] : '=';
    }
    out[o] = '\0';
}

/* The selected cell's place and every loaded layer's value, as one line "name=value …", to the
 * terminal's clipboard with OSC 52 (tmux with set-clipboard on keeps it as a paste buffer too). */
static void command_copy(explorer *e, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        explorer_message(e, "copy: takes no arguments");
        return;
    }
    char text[2048];
    double lat, lon;
    grid_cell_center(e->sm->grid, e->row, e->col, &lat, &lon);
    int used = snprintf(text, sizeof text, "row=%zu col=%zu lat=%.4f lon=%.4f", e->row, e->col, lat, lon);
    for (int k = 0; k < LAYER_COUNT && used > 0 && (size_t)used < sizeof text; k++) {
        if (!e->layers[k]) continue;
        float v = e->layers[k][e->row * e->cols + e->col];
        used += isnan(v) ? snprintf(text + used, sizeof text - (size_t)used, " %s=NA", explorer_layer_names[k])
                         : snprintf(text + used, sizeof text - (size_t)used, " %s=%.4g", explorer_layer_names[k], v);
    }
    if (used < 0 || (size_t)used >= sizeof text) used = (int)strlen(text);
    char encoded[4 * (sizeof text / 3 + 1) + 1];
    base64((const unsigned char *)text, (size_t)used, encoded);
    printf("\033]52;c;%s\a", encoded);
    fflush(stdout);
    explorer_message(e, "copied (OSC 52): %.200s", text);
}

static int has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    return n > m && strcmp(path + n - m, suffix) == 0;
}

/* The shown layer as a CF netCDF map on the data set's grid. */
static int export_map(explorer *e, const char *path, dt_error *err)
{
    cf_output out;
    char history[256];
    snprintf(history, sizeof history, "drytex explorer :export map (layer %s)", explorer_layer_names[e->layer]);
    if (cfwrite_create(&out, path, e->sm->grid, "drytex explorer layer", history, err) != DT_OK) return err->code;
    cf_variable spec = {.name = explorer_layer_names[e->layer], .type = NC_FLOAT, .units = explorer_layer_units[e->layer],
                        .long_name = explorer_layer_names[e->layer], .fill = -9999};
    int varid, status = cfwrite_define(&out, &spec, &varid, err);
    if (status == DT_OK) status = cfwrite_end_define(&out, err);
    if (status == DT_OK) status = cfwrite_put_float(&out, varid, 0, 1, 0, e->rows, 0, e->cols, e->layers[e->layer], err);
    dt_error close_error;
    if (cfwrite_close(&out, &close_error) != DT_OK && status == DT_OK) *err = close_error, status = err->code;
    if (status != DT_OK) remove(path);
    return status;
}

/* :export cell FILE.json|FILE.csv (the report, or its events) or :export map FILE.nc (the layer);
 * an existing file only with --force, an input of the data set never. */
static void command_export(explorer *e, int argc, char **argv)
{
    int force = explorer_output_force(&argc, argv);
    if (argc != 3 || (strcmp(argv[1], "cell") != 0 && strcmp(argv[1], "map") != 0)) {
        explorer_message(e, "export: give 'cell FILE.json|FILE.csv' or 'map FILE.nc'");
        return;
    }
    const char *what = argv[1], *path = argv[2];
    dt_error err;
    if (strcmp(what, "map") == 0) {
        if (!has_suffix(path, ".nc")) explorer_message(e, "export: a map is written as netCDF: FILE.nc");
        else if (!explorer_output_allowed(e, "export", path, force)) return;
        else if (export_map(e, path, &err) != DT_OK) explorer_message(e, "export: %s", err.text);
        else explorer_message(e, "exported the %s layer to %s", explorer_layer_names[e->layer], path);
        return;
    }
    int json = has_suffix(path, ".json");
    if (!json && !has_suffix(path, ".csv")) {
        explorer_message(e, "export: a cell is written as FILE.json (the whole report) or FILE.csv (its events)");
        return;
    }
    if (!e->report_ok) {
        explorer_message(e, "export: the cell has no report: %s", e->report_error);
        return;
    }
    if (!explorer_output_allowed(e, "export", path, force)) return;
    FILE *file = fopen(path, "w");
    if (!file) {
        explorer_message(e, "export: %s: cannot be written: %s", path, strerror(errno));
        return;
    }
    cell_inputs inputs = e->inputs; /* the simulation too, when the comparison panel ran it for this cell */
    int simulated = e->precip && e->simulated_for == e->row * e->cols + e->col + 1;
    inputs.precip = simulated ? e->precip : NULL;
    inputs.pet = simulated ? e->pet : NULL;
    if (json) cell_print_json(file, &e->report, &inputs);
    else cell_print_events_csv(file, &e->report);
    if (fclose(file) != 0) explorer_message(e, "export: %s: write failed", path);
    else explorer_message(e, "exported cell %zu,%zu (%s) to %s", e->row, e->col, json ? "report" : "events", path);
}

static int set_number(const char *name, const char *value, long low, long high, long *number, dt_error *err)
{
    char *end;
    long parsed = strtol(value, &end, 10);
    if (*end || end == value || parsed < low || parsed > high)
        return dt_error_set(err, DT_ERR_USAGE, "%s: '%s' is not a whole number %ld…%ld", name, value, low, high);
    *number = parsed;
    return DT_OK;
}

/* :set theme color|light|mono — the map in colours (two cells a character) on the terminal's
 * background or black on white (projectors), or as a density ramp. */
static void set_theme(explorer *e, const char *value)
{
    if (strcmp(value, "mono") == 0) {
        e->color = 0;
    } else if (strcmp(value, "color") == 0 || strcmp(value, "light") == 0) {
        if (!has_colors()) {
            explorer_message(e, "set: theme %s: this terminal has no colours", value);
            return;
        }
        e->color = 1;
        e->light = strcmp(value, "light") == 0;
        explorer_palette_setup(e); /* the colour pairs (none were made under mono), on the theme's background */
        if (!e->color) {
            explorer_message(e, "set: theme %s: this terminal has fewer than 8 colours or 63 colour pairs", value);
            return;
        }
        clearok(curscr, TRUE); /* every cell anew: the background changed */
    } else {
        explorer_message(e, "set: theme: '%s' is not color, light or mono", value);
        return;
    }
    e->top = e->left = 0; /* a line holds one map row in mono, two in colour: the view follows the cursor anew */
    explorer_message(e, "theme %s", value);
}

static int set_real(const char *name, const char *value, double low, int low_open, double *number, dt_error *err)
{
    char *end;
    double parsed = strtod(value, &end);
    if (*end || end == value || !isfinite(parsed) || parsed < low || (low_open && parsed == low))
        return dt_error_set(err, DT_ERR_USAGE, "%s: '%s' is not a number %s %g", name, value, low_open ? ">" : ">=", low);
    *number = parsed;
    return DT_OK;
}

static void command_set(explorer *e, int argc, char **argv)
{
    dt_error err;
    int status = DT_OK;
    long number;
    if (argc != 3) {
        explorer_message(e, "set: give a setting and a value (:set ptf ch78)");
        return;
    }
    const char *name = argv[1], *value = argv[2];
    if (strcmp(name, "ptf") == 0) {
        ptf_scheme scheme;
        status = ptf_parse_name(value, &scheme, &err);
        if (status == DT_OK && scheme == PTF_NOAH_TABLE) status = dt_error_set(&err, DT_ERR_USAGE, "noah-table cannot be calibrated");
        if (status == DT_OK) e->inputs.calib.ptf.scheme = scheme;
    } else if (strcmp(name, "preset") == 0) {
        status = drydown_preset_parse(value, &e->inputs.drydown, &err);
        if (status == DT_OK) snprintf(e->preset, sizeof e->preset, "%s", value);
        /* a literature preset brings its source's estimator, the median, as on the command line */
        if (status == DT_OK) e->inputs.thresholds.estimator = explorer_preset_estimator(value);
    } else if (strcmp(name, "estimator") == 0) { /* the θw estimator panel's picture (Tab), and :drydowns all's */
        status = thresholds_estimator_parse(value, &e->inputs.thresholds.estimator, &err);
    } else if (strcmp(name, "cost") == 0) {
        status = calib_cost_parse(value, &e->inputs.calib.cost, &err);
    } else if (strcmp(name, "evaluations") == 0) {
        status = set_number("evaluations", value, 10, 10000000, &number, &err);
        if (status == DT_OK) e->inputs.calib.sceua.maxn = number;
    } else if (strcmp(name, "min-points") == 0) {
        status = set_number("min-points", value, 3, 1000, &number, &err);
        if (status == DT_OK) e->inputs.drydown.min_points = (size_t)number;
    } else if (strcmp(name, "sigma") == 0) {
        status = set_real("sigma", value, 0.0, 1, &e->inputs.calib.sigma, &err);
    } else if (strcmp(name, "lambda") == 0) {
        status = set_real("lambda", value, 0.0, 0, &e->inputs.calib.lambda, &err);
    } else if (strcmp(name, "theme") == 0) {
        set_theme(e, value);
        return;
    } else if (strcmp(name, "threads") == 0) {
        status = set_number("threads", value, 0, 1024, &number, &err);
        if (status == DT_OK) {
            e->job_threads = (int)number;
            explorer_message(e, "set: jobs started from now use %s", number ? value : "all cores");
            return;
        }
    } else {
        status = dt_error_set(&err, DT_ERR_USAGE, "unknown setting '%s' (ptf, preset, estimator, min-points, cost, sigma, lambda, evaluations, threads, theme)", name);
    }
    if (status != DT_OK) {
        explorer_message(e, "set: %s", err.text);
        return;
    }
    if ((strcmp(name, "sigma") == 0 || strcmp(name, "lambda") == 0) && e->inputs.calib.cost != CALIB_COST_REGULARISED)
        explorer_message(e, "set: %s weighs only the regularised cost (:set cost regularised)", name);
    if (strcmp(name, "ptf") == 0 && ptf_uses_soc(e->inputs.calib.ptf.scheme) && e->have_soil && !e->soil.values[SOIL_SOC])
        explorer_message(e, "set: no SOC in the soil files; %s will report no soil", value);
    explorer_run_cell(e);
}

static void command_layer(explorer *e, int argc, char **argv)
{
    for (int k = 0; k < LAYER_COUNT && argc == 2; k++)
        if (strcmp(argv[1], explorer_layer_names[k]) == 0) {
            explorer_set_layer(e, k);
            return;
        }
    char names[400] = "";
    for (int k = 0; k < LAYER_COUNT; k++) /* every layer, the ones from job outputs included */
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "", explorer_layer_names[k]);
    explorer_message(e, "layer: one of %s", names);
}

static void command_help(explorer *e, int argc, char **argv)
{
    (void)argc, (void)argv;
    e->help = 1;
}

/* :messages — the recent messages, the newest at the bottom (scrolls like the help). */
static void command_messages(explorer *e, int argc, char **argv)
{
    (void)argc, (void)argv;
    e->messages_screen = 1;
    e->messages_top = 1 << 30; /* the end: clamped when drawn */
}

static void command_quit(explorer *e, int argc, char **argv)
{
    (void)argc, (void)argv;
    if (explorer_jobs_attached(e)) e->asking_quit = 1;
    else e->quit = 1;
}

static const explorer_command_entry table[] = {
    {"goto", "LAT,LON | cell ROW,COL", "go to a place (35,101 is 35°N 101°E; also 35.5 101.2, 35.5N 101.2E, 35.5S 101.2W) or to a cell by row and column", command_goto},
    {"station", "[NAME]", "go to the in-situ station whose name holds NAME's words (Tab completes them); alone: list the stations", station_layer_command},
    {"layer", "NAME", "the map's layer: mean, sand, clay, soc, class, theta_w, theta_c, events, optimised_…, cost, …_change, bias_…", command_layer},
    {"set", "SETTING VALUE", "ptf, preset, min-points, cost, sigma, lambda, evaluations, threads, theme (below)", command_set},
    {"drydowns", "all [--detach] [--again] [--restart]", "θw, θc, events of every cell as a background job → layers", explorer_command_drydowns},
    {"calibrate", "all [--detach] [--again] [--restart]", "every cell's texture (drydowns first if needed) → optimised layers", explorer_command_calibrate},
    {"simulate", "all [--detach] [--again] [--restart]", "the Noah-MP column with both textures (after a calibration) → rmse_change, bias_… layers", explorer_command_simulate},
    {"jobs", "", "the jobs of this session: progress, rate, ETA, outputs (any key closes)", explorer_command_jobs},
    {"cancel", "[N]", "stop job N (default: the latest running); OUT.partial is kept", explorer_command_cancel},
    {"export", "cell F.json|F.csv | map F.nc [--force]", "the cell's report or events, or the shown layer as netCDF (an existing file: --force; an input of the data set: never)", command_export},
    {"colours", "NAME", "the colour map: viridis, grey (sequential layers), brbg, puor (differences)", explorer_command_colours},
    {"colors", NULL, NULL, explorer_command_colours},
    {"day", "DATE | first | last | mean", "the cube's day (YYYY-MM-DD) as the map, or back to the mean; keys , . a day, < > a month", explorer_command_day},
    {"range", "MIN MAX | auto", "the colours' range of the shown layer (outside it: the end colours), or from the data again", explorer_command_range},
    {"zoom", "in|out|N", "data cells per map cell: 1, 2, 4, … 64 (keys + and -; + past 1:1 magnifies)", explorer_command_zoom},
    {"magnify", "1|2|4|8", "each cell drawn as N × N half-blocks, for projectors (1: as it is)", explorer_command_magnify},
    {"write-config", "FILE [--force]", "the data sets and settings as a project file (drytex FILE opens it; an existing file: --force)", command_write_config},
    {"copy", "", "the cell's place and layer values to the clipboard (OSC 52; key y)", command_copy},
    {"messages", "", "the recent messages, whole and with their time (↓ j space, ↑ k scroll; any other key closes)", command_messages},
    {"tour", "", "the selected cell's way from the satellite's series to its texture, step by step (→ next, ← back, q end)", explorer_command_tour},
    {"help", "", "what the screen shows, keys and commands", command_help},
    {"quit", "", "leave (asks while jobs run: cancel, detach or stay)", command_quit},
    {"q", NULL, NULL, command_quit},
    {NULL, NULL, NULL, NULL},
};

const explorer_command_entry *explorer_commands(void)
{
    return table;
}

void explorer_execute(explorer *e, char *line)
{
    e->message[0] = '\0';
    char *argv[MAX_ARGUMENTS + 1];
    int argc = 0;
    for (char *word = strtok(line, " \t"); word; word = strtok(NULL, " \t")) {
        if (argc == MAX_ARGUMENTS) {
            explorer_message(e, "%s: too many arguments", argv[0]);
            return;
        }
        argv[argc++] = word;
    }
    argv[argc] = NULL;
    if (!argc) return;
    for (const explorer_command_entry *c = table; c->name; c++)
        if (strcmp(c->name, argv[0]) == 0) {
            c->run(e, argc, argv);
            return;
        }
    explorer_message(e, "unknown command '%s' (:help)", argv[0]);
}

void explorer_command(explorer *e, const char *line)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", line);
    explorer_execute(e, copy);
}

/* The layers that hold values (a job's layers only once its output is loaded), for completion. */
static const char *const *loaded_layer_names(const explorer *e)
{
    static const char *names[LAYER_COUNT + 1];
    size_t n = 0;
    for (int k = 0; k < LAYER_COUNT; k++)
        if (e->layers[k]) names[n++] = explorer_layer_names[k];
    names[n] = NULL;
    return names;
}

/* The settings of :set, for completion. */
static const char *const setting_names[] = {"ptf",     "preset",      "estimator", "min-points", "cost",  "sigma",
                                            "lambda",  "evaluations", "threads",   "theme",      NULL};

/* Every word: commands, settings and the loaded layers. */
static const char *const *completion_words(const explorer *e)
{
    static const char *words[64];
    size_t n = 0;
    for (const explorer_command_entry *c = table; c->name; c++)
        if (c->arguments) words[n++] = c->name;
    words[n++] = "all";
    words[n++] = "cell";
    words[n++] = "--detach";
    words[n++] = "--force";
    for (size_t i = 0; setting_names[i]; i++) words[n++] = setting_names[i];
    for (const char *const *layer = loaded_layer_names(e); *layer; layer++) words[n++] = *layer;
    words[n] = NULL;
    return words;
}

/* The words that may stand where the cursor is: a setting's values after "set NAME ", the
 * settings after "set ", the layers after "layer ", else every word. */
const char *const *explorer_completion_words_at(const char *line, int start, void *context)
{
    const explorer *e = context;
    static const struct {
        const char *setting;
        const char *const values[5];
    } values[] = {
        {"theme", {"color", "light", "mono", NULL}},
        {"ptf", {"sr06", "sr06-noahmp", "ch78", NULL}},
        {"preset", {"drytex", "seed", "mccoll2017", "araki", NULL}},
        {"estimator", {"pooled", "loss", "median", NULL}},
        {"cost", {"seed", "regularised", NULL}},
    };
    char before[256], *words[3];
    snprintf(before, sizeof before, "%.*s", start < 0 ? 0 : start, line);
    int count = 0;
    for (char *save = NULL, *word = strtok_r(before, " \t", &save); word && count < 3; word = strtok_r(NULL, " \t", &save))
        words[count++] = word;
    if (count == 1 && strcmp(words[0], "set") == 0) return setting_names;
    if (count == 2 && strcmp(words[0], "set") == 0) {
        for (size_t i = 0; i < sizeof values / sizeof *values; i++)
            if (strcmp(words[1], values[i].setting) == 0) return values[i].values;
        return NULL; /* a number: nothing to complete */
    }
    if (count == 1 && strcmp(words[0], "layer") == 0) return loaded_layer_names(e);
    static const char *const colour_maps[] = {"viridis", "grey", "brbg", "puor", NULL};
    if (count == 1 && (strcmp(words[0], "colours") == 0 || strcmp(words[0], "colors") == 0)) return colour_maps;
    static const char *const ranges[] = {"auto", NULL};
    static const char *const day_words[] = {"first", "last", "mean", NULL};
    if (count == 1 && strcmp(words[0], "day") == 0) return day_words;
    if (count == 1 && strcmp(words[0], "range") == 0) return ranges;
    if (count >= 1 && strcmp(words[0], "station") == 0) return station_layer_words(e);
    return completion_words(e);
}
