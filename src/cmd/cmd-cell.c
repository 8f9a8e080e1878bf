/* cmd-cell.c — `drytex cell`: one cell's whole story as text or JSON. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "cell_print.h"
#include "cftime.h"
#include "cmd.h"
#include "simulate_inputs.h"

static const char help_text[] =
    "Usage also: drytex cell DIR [options] — DIR a data-set directory as the explorer takes it\n"
    "(sm_cube.nc, soil/SAND1.nc, CLAY1.nc, OC1.nc, forcing.nc), an ISMN station, or a SM file.\n\n"
    "Runs the per-cell pipeline for one cell and prints it: the series, every drydown event with\n"
    "its fit (kept or why not), θw and θc with their spread, the baseline and optimised texture\n"
    "with their USDA classes, the PTF thresholds before and after against the satellite's, and\n"
    "the SCE-UA trace with the reason it stopped.\n\n"
    "Options:\n"
    "      --sm FILE           soil-moisture cube, daily file(s) (repeatable), a 1 × 1 grid, an ISMN\n"
    "                          station (.stm file or its directory) or a CSV of date,sm (required)\n"
    "  -v, --variable NAME     the soil-moisture variable (default: chosen by standard_name, name, units)\n"
    "      --keep-flagged      keep values the product's quality flag marks (ESA CCI flag ≠ 0)\n"
    "      --porosity VALUE|FILE   [m3 m-3] converts a degree of saturation (ESA CCI ACTIVE) to m3 m-3;\n"
    "                          FILE: a porosity map (porosity, saturation, smcmax, … on any grid)\n"
    "      --soil FILE         baseline soil file(s) (repeatable); without them, --sand/--clay or an\n"
    "                          ISMN station's static variables, only drydowns are shown\n"
    "      --sand S --clay C [--soc O]   [%% weight] the baseline texture of the cell\n"
    "      --lat Y --lon X     the cell by coordinates, or\n"
    "      --cell ROW,COL      by index (0-based)\n"
    "  -p, --ptf P             sr06 (default), sr06-noahmp, ch78\n"
    "      --experiment E      opti_exp1, opti_exp2, opti_exp3\n"
    "      --cost C            regularised (default: the ridge point nearest the baseline, each\n"
    "                          threshold weighed by its interval) or seed (the seed paper's)\n"
    "      --sigma S, --lambda L   the regularised cost's θ tolerance where a threshold has no\n"
    "                          interval (0.005 m3 m-3) and baseline weight (1)\n"
    "  -e, --evaluations N     SCE-UA budget (3000)\n"
    "      --seed N            run seed (1)\n"
    "      --preset P          drydown rules: drytex (default: Araki's, events of >= 8 points), or\n"
    "                          seed, mccoll2017, araki, which bring the median estimator\n"
    "      --min-points N      valid observations an event needs (the preset's: 8, 3, 4, 5)\n"
    "      --estimator E       θw and θc from the kept events: pooled (default), median (the\n"
    "                          seed's), loss\n"
    "      --min-events N      kept events an identified θw needs (5; censored needs 2)\n"
    "      --noise SIGMA       retrieval noise [m3 m-3] for the censored bound (default: estimated;\n"
    "                          0 for a station's series)\n"
    "      --events N          show at most N events in text mode (default 25; all in JSON)\n"
    "      --json              print JSON instead of text\n"
    "      --forcing FILE      daily precipitation (pr) and PET (pet): also run the Noah-MP soil column\n"
    "                          (PET-based ET closure) with the baseline and the optimised texture and\n"
    "                          compare both with the cell's satellite series\n"
    "      --veg-fraction F, --root-layers N   the column's vegetation (0.5, 3)\n"
    CMD_STATION_HELP CMD_STEPS_HELP;

typedef struct {
    char **sm, **soil;
    size_t nsm, nsoil;
    const char *variable;
    double lat, lon;
    long row, col;
    int json;
    size_t max_events;
    const char *forcing;
    int keep_flagged;
    double porosity; /* [m3 m-3] converts a degree of saturation; 0: not given */
    const char *porosity_file; /* a porosity map doing the same, or NULL */
    double texture[SOIL_FIELDS]; /* [% weight] --sand, --clay, --soc; NaN: not given */
    ismn_options station;
    size_t min_steps; /* a sub-daily product's valid steps a day needs (0: one) */
} cell_arguments;

static void add_path(char ***list, size_t *count, char *path)
{
    *list = dt_realloc(*list, (*count + 1) * sizeof **list);
    (*list)[(*count)++] = path;
}

static int parse_cell(const char *text, long *row, long *col)
{
    char *end;
    errno = 0;
    *row = strtol(text, &end, 10);
    if (end == text || *end != ',') return -1;
    const char *second = end + 1;
    *col = strtol(second, &end, 10);
    return (errno || end == second || *end || *row < 0 || *col < 0) ? -1 : 0; /* errno: out of range */
}

static int is_readable(const char *path)
{
    FILE *file = fopen(path, "r");
    if (file) fclose(file);
    return file != NULL;
}

/* `drytex cell DIR` as `drytex DIR` opens it in the explorer: a data-set directory laid out like the
 * demo (sm_cube.nc, soil/SAND1.nc, CLAY1.nc, OC1.nc, forcing.nc), an ISMN station's directory,
 * or one soil-moisture file. Options given override what the directory holds. */
static int data_set_directory(const char *dir, cell_arguments *a)
{
    static char paths[5][4200];
    snprintf(paths[0], sizeof paths[0], "%s/sm_cube.nc", dir);
    if (!is_readable(paths[0])) { /* not a data set: the argument is the soil moisture itself */
        add_path(&a->sm, &a->nsm, (char *)dir);
        return EXIT_OK;
    }
    add_path(&a->sm, &a->nsm, paths[0]);
    const char *soils[] = {"SAND1.nc", "CLAY1.nc", "OC1.nc"};
    if (!a->nsoil && isnan(a->texture[SOIL_SAND]))
        for (int i = 0; i < 3; i++) {
            snprintf(paths[1 + i], sizeof paths[1 + i], "%s/soil/%s", dir, soils[i]);
            if (is_readable(paths[1 + i])) add_path(&a->soil, &a->nsoil, paths[1 + i]);
        }
    snprintf(paths[4], sizeof paths[4], "%s/forcing.nc", dir);
    if (!a->forcing && a->nsoil && is_readable(paths[4])) a->forcing = paths[4];
    return EXIT_OK;
}

static int parse(int argc, char **argv, cell_arguments *a, cell_inputs *in)
{
    static const struct option long_options[] = {
        {"sm", required_argument, NULL, 'S'}, {"variable", required_argument, NULL, 'v'},
        {"soil", required_argument, NULL, 's'}, {"lat", required_argument, NULL, 'y'},
        {"lon", required_argument, NULL, 'x'}, {"cell", required_argument, NULL, 'c'},
        {"ptf", required_argument, NULL, 'p'}, {"experiment", required_argument, NULL, 'E'},
        {"cost", required_argument, NULL, 'C'}, {"evaluations", required_argument, NULL, 'e'},
        {"seed", required_argument, NULL, 'R'}, {"preset", required_argument, NULL, 'P'},
        {"events", required_argument, NULL, 'n'}, {"json", no_argument, NULL, 'J'},
        {"forcing", required_argument, NULL, 'F'}, {"veg-fraction", required_argument, NULL, 'g'},
        {"root-layers", required_argument, NULL, 'r'}, {"min-points", required_argument, NULL, 'M'},
        {"estimator", required_argument, NULL, 'T'}, {"min-events", required_argument, NULL, 'N'},
        {"noise", required_argument, NULL, 'O'},
        {"sigma", required_argument, NULL, 'G'}, {"lambda", required_argument, NULL, 'L'},
        {"keep-flagged", no_argument, NULL, CMD_OPTION_KEEP_FLAGGED}, {"porosity", required_argument, NULL, CMD_OPTION_POROSITY},
        {"sand", required_argument, NULL, CMD_OPTION_SAND}, {"clay", required_argument, NULL, CMD_OPTION_CLAY},
        {"soc", required_argument, NULL, CMD_OPTION_SOC}, CMD_STATION_LONG_OPTIONS, CMD_STEPS_LONG_OPTION,
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0}};
    int option;
    size_t number, min_points = 0; /* 0: the preset's; applied after all options, whatever their order */
    int literature_preset = 0, estimator_given = 0;
    dt_error err;
    calib_experiment experiment;
    optind = 1;
    while ((option = getopt_long(argc, argv, "v:p:e:h", long_options, NULL)) != -1) {
        switch (option) {
        case 'S': add_path(&a->sm, &a->nsm, optarg); break;
        case 's': add_path(&a->soil, &a->nsoil, optarg); break;
        case 'v': a->variable = optarg; break;
        case CMD_OPTION_KEEP_FLAGGED: a->keep_flagged = 1; break;
        case CMD_OPTION_SAND: case CMD_OPTION_CLAY: case CMD_OPTION_SOC: {
            int k = option == CMD_OPTION_SAND ? SOIL_SAND : option == CMD_OPTION_CLAY ? SOIL_CLAY : SOIL_SOC;
            if (cmd_parse_double(optarg, &a->texture[k]) || !(a->texture[k] >= 0 && a->texture[k] <= 100))
                return cmd_usage_error("cell", "--%s: '%s' is not a percentage 0…100", k == SOIL_SAND ? "sand" : k == SOIL_CLAY ? "clay" : "soc", optarg);
            break;
        }
        case CMD_OPTION_DEPTH: case CMD_OPTION_FLAGS: case CMD_OPTION_MIN_HOURS:
            if (cmd_station_option("cell", option, optarg, &a->station) != 1) return EXIT_USAGE;
            break;
        case CMD_OPTION_MIN_STEPS:
            if (cmd_steps_option("cell", option, optarg, &a->min_steps) != 1) return EXIT_USAGE;
            break;
        case CMD_OPTION_POROSITY:
            if (cmd_porosity_option("cell", optarg, &a->porosity, &a->porosity_file) != EXIT_OK) return EXIT_USAGE;
            break;
        case 'y': if (cmd_parse_double(optarg, &a->lat)) return cmd_usage_error("cell", "--lat: '%s' is not a number", optarg); break;
        case 'x': if (cmd_parse_double(optarg, &a->lon)) return cmd_usage_error("cell", "--lon: '%s' is not a number", optarg); break;
        case 'c': if (parse_cell(optarg, &a->row, &a->col)) return cmd_usage_error("cell", "--cell: '%s' is not ROW,COL", optarg); break;
        case 'p': if (ptf_parse_name(optarg, &in->calib.ptf.scheme, &err)) return cmd_usage_error("cell", "--ptf: %s", err.text); break;
        case 'E':
            if (calib_experiment_parse(optarg, &experiment, &err)) return cmd_usage_error("cell", "--experiment: %s", err.text);
            calib_apply_experiment(&in->calib, experiment);
            break;
        case 'C': if (calib_cost_parse(optarg, &in->calib.cost, &err)) return cmd_usage_error("cell", "--cost: %s", err.text); break;
        case 'e':
            if (cmd_parse_size(optarg, &number) || number < 10) return cmd_usage_error("cell", "--evaluations: '%s' is not a whole number >= 10", optarg);
            in->calib.sceua.maxn = (long)number;
            break;
        case 'R': if (cmd_parse_size(optarg, &number)) return cmd_usage_error("cell", "--seed: '%s' is not a whole number", optarg); in->calib.seed = number; break;
        case 'P':
            if (drydown_preset_parse(optarg, &in->drydown, &err)) return cmd_usage_error("cell", "--preset: %s", err.text);
            literature_preset = strcmp(optarg, "drytex") != 0;
            break;
        case 'M':
            if (cmd_parse_size(optarg, &min_points) || min_points < 3) return cmd_usage_error("cell", "--min-points: '%s' is not a whole number >= 3", optarg);
            break;
        case 'T':
            if (thresholds_estimator_parse(optarg, &in->thresholds.estimator, &err))
                return cmd_usage_error("cell", "--estimator: %s", err.text);
            estimator_given = 1;
            break;
        case 'N':
            if (cmd_parse_size(optarg, &number) || number < 1) return cmd_usage_error("cell", "--min-events: '%s' is not a positive count", optarg);
            in->thresholds.min_events = number;
            break;
        case 'O':
            if (cmd_parse_double(optarg, &in->thresholds.noise) || !(in->thresholds.noise >= 0))
                return cmd_usage_error("cell", "--noise: '%s' is not a number >= 0", optarg);
            break;
        case 'G':
            if (cmd_parse_double(optarg, &in->calib.sigma) || !(in->calib.sigma > 0)) return cmd_usage_error("cell", "--sigma: '%s' is not a number > 0", optarg);
            break;
        case 'L':
            if (cmd_parse_double(optarg, &in->calib.lambda) || !(in->calib.lambda >= 0)) return cmd_usage_error("cell", "--lambda: '%s' is not a number >= 0", optarg);
            break;
        case 'n': if (cmd_parse_size(optarg, &a->max_events)) return cmd_usage_error("cell", "--events: '%s' is not a whole number", optarg); break;
        case 'J': a->json = 1; break;
        case 'F': a->forcing = optarg; break;
        case 'g':
            if (cmd_parse_double(optarg, &in->simulation.closure.veg_fraction) || in->simulation.closure.veg_fraction < 0 ||
                in->simulation.closure.veg_fraction > 1)
                return cmd_usage_error("cell", "--veg-fraction: '%s' is not 0…1", optarg);
            break;
        case 'r':
            if (cmd_parse_size(optarg, &number) || number < 1 || number > 4) return cmd_usage_error("cell", "--root-layers: '%s' is not 1…4", optarg);
            in->simulation.closure.root_layers = (int)number;
            break;
        case 'h': cmd_print_help("cell", help_text); return -1;
        case 'V': cmd_print_version(); return -1;
        default: return cmd_usage_error("cell", "unknown option");
        }
    }
    if (min_points) in->drydown.min_points = min_points;
    /* a literature preset is its source's whole method: per-event fits and their medians */
    if (literature_preset && !estimator_given) in->thresholds.estimator = THRESHOLDS_MEDIAN;
    if (optind < argc && optind + 1 == argc && !a->nsm) {
        if (data_set_directory(argv[optind], a) != EXIT_OK) return EXIT_USAGE;
    } else if (optind < argc) {
        return cmd_usage_error("cell", "unexpected argument '%s'", argv[optind]);
    }
    if (!a->nsm) return cmd_usage_error("cell", "no soil moisture given (--sm CUBE)");
    int given_texture = !isnan(a->texture[SOIL_SAND]) || !isnan(a->texture[SOIL_CLAY]);
    if (given_texture && (isnan(a->texture[SOIL_SAND]) || isnan(a->texture[SOIL_CLAY])))
        return cmd_usage_error("cell", "--sand and --clay go together");
    if (given_texture && a->nsoil) return cmd_usage_error("cell", "give the baseline texture by --soil or by --sand/--clay, not both");
    if (!isnan(a->texture[SOIL_SOC]) && !given_texture) return cmd_usage_error("cell", "--soc needs --sand and --clay");
    if (a->forcing && !a->nsoil && !given_texture)
        return cmd_usage_error("cell", "--forcing needs the baseline soil (--soil, or --sand and --clay)");
    if (a->row < 0 && (isnan(a->lat) || isnan(a->lon)) && (!isnan(a->lat) || !isnan(a->lon)))
        return cmd_usage_error("cell", "give --lat and --lon, or --cell ROW,COL");
    if (in->calib.ptf.scheme == PTF_NOAH_TABLE) return cmd_usage_error("cell", "--ptf noah-table cannot be calibrated");
    return EXIT_OK;
}

static int locate(cell_arguments *a, const series_source *s, dt_error *err)
{
    if (a->row >= 0) return DT_OK;
    if (isnan(a->lat) && isnan(a->lon)) { /* no cell given: a point series has one */
        if (grid_rows(s->grid) != 1 || grid_cols(s->grid) != 1)
            return dt_error_set(err, DT_ERR_USAGE, "%s has %zu × %zu cells: give --lat and --lon, or --cell ROW,COL",
                                series_path(s), grid_rows(s->grid), grid_cols(s->grid));
        a->row = a->col = 0;
        return DT_OK;
    }
    size_t row, col;
    if (grid_locate(s->grid, a->lat, a->lon, &row, &col) != DT_OK)
        return dt_error_set(err, DT_ERR_VALUE, "%g, %g is outside the grid of %s", a->lat, a->lon,
                            series_path(s));
    a->row = (long)row;
    a->col = (long)col;
    return DT_OK;
}

/* A baseline texture for every cell of the grid from --sand/--clay/--soc or, for an ISMN
 * station, its static variables (HWSD, top layer); 0 when neither is there. */
static int constant_texture(const cell_arguments *a, const series_source *s, soil_maps *soil)
{
    double value[SOIL_FIELDS] = {a->texture[SOIL_SAND], a->texture[SOIL_CLAY], a->texture[SOIL_SOC]};
    const char *source = "--sand/--clay/--soc";
    if (isnan(value[SOIL_SAND]) && s->has_station_texture) {
        value[SOIL_SAND] = s->station_sand;
        value[SOIL_CLAY] = s->station_clay;
        value[SOIL_SOC] = s->station_soc;
        source = "the station's static variables (HWSD, 0–0.30 m)";
    }
    if (isnan(value[SOIL_SAND])) return 0;
    soil->rows = grid_rows(s->grid);
    soil->cols = grid_cols(s->grid);
    size_t n = soil->rows * soil->cols;
    for (int k = 0; k < SOIL_FIELDS; k++) {
        if (k == SOIL_SOC && isnan(value[k])) continue;
        soil->values[k] = dt_malloc(n * sizeof(float));
        soil->count[k] = dt_calloc(n, sizeof(int));
        for (size_t i = 0; i < n; i++) {
            soil->values[k][i] = (float)value[k];
            soil->count[k][i] = 1;
        }
        snprintf(soil->source[k], sizeof soil->source[k], "%s", source);
    }
    return 1;
}

int cmd_cell(int argc, char **argv)
{
    cell_arguments a = {.lat = NAN, .lon = NAN, .row = -1, .col = -1, .max_events = 25, .texture = {NAN, NAN, NAN}};
    ismn_default_options(&a.station);
    cell_inputs in = {0};
    drydown_default_options(&in.drydown);
    thresholds_default_options(&in.thresholds);
    calib_default_options(&in.calib);
    simulate_default_options(&in.simulation);
    int parsed = parse(argc, argv, &a, &in);
    if (parsed != EXIT_OK) {
        free(a.sm);
        free(a.soil);
        return parsed < 0 ? EXIT_OK : parsed;
    }
    field_options fo;
    field_default_options(&fo);
    fo.soil_moisture = 1;
    fo.volumetric_only = 1;
    fo.keep_flagged = a.keep_flagged;
    fo.porosity = a.porosity;
    fo.porosity_file = a.porosity_file;
    fo.station = a.station;
    fo.min_steps_per_day = a.min_steps;
    fo.variable = a.variable;
    dt_error err;
    series_source *source = NULL;
    soil_maps soil = {0};
    cell_report report;
    cell_report_init(&report);
    int status = series_open(&source, a.sm, a.nsm, &fo, &err);
    if (status == DT_OK && source->cube)
        cmd_note_subdaily(source->cube->path, source->variable, source->steps_sharing_day, source->most_steps_a_day);
    if (status == DT_OK && source->nfiles > CMD_SLOW_COLLECTION_FILES) cmd_warn_collection("cell", source->nfiles);
    if (status == DT_OK) status = locate(&a, source, &err);
    if (status == DT_OK && a.nsoil) {
        status = soil_load(a.soil, a.nsoil, NULL, source->grid, ptf_uses_soc(in.calib.ptf.scheme), &soil, &err);
        in.soil = &soil;
    } else if (status == DT_OK && constant_texture(&a, source, &soil)) {
        in.soil = &soil;
    }
    in.sm = source;
    if (status == DT_OK && source->point && isnan(in.thresholds.noise)) in.thresholds.noise = 0.0; /* a station: no retrieval noise */
    if (status == DT_OK && a.forcing) {
        status = simulate_open_rate(&in.precip, a.forcing, "pr", &err);
        if (status == DT_OK) status = simulate_open_rate(&in.pet, a.forcing, "pet", &err);
    }
    if (status == DT_OK) status = cell_run(&in, (size_t)a.row, (size_t)a.col, &report, &err);
    if (status == DT_OK) {
        if (a.json) cell_print_json(stdout, &report, &in);
        else {
            if (source->point) cell_print_point(stdout, source);
            cell_print_text(stdout, &report, &in, a.max_events);
        }
    }
    cell_report_free(&report);
    series_close(in.precip);
    series_close(in.pet);
    soil_free(&soil);
    series_close(source);
    free(a.sm);
    free(a.soil);
    return status == DT_OK ? EXIT_OK : cmd_fail(&err);
}
