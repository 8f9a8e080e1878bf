/* cmd-cell.c — `drytex cell`: one cell's whole story as text or JSON. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "cftime.h"
#include "cmd.h"
#include "simulate_inputs.h"

static const char help_text[] =
    "Runs the per-cell pipeline for one cell and prints it: the series, every drydown event with\n"
    "its fit (kept or why not), θw and θc with their spread, the baseline and optimised texture\n"
    "with their USDA classes, the PTF thresholds before and after against the satellite's, and\n"
    "the SCE-UA trace with the reason it stopped.\n\n"
    "Options:\n"
    "      --sm FILE           soil-moisture cube or daily file(s) (required; repeatable)\n"
    "  -v, --variable NAME     the soil-moisture variable\n"
    "      --soil FILE         baseline soil file(s) (repeatable); without them only drydowns are shown\n"
    "      --lat Y --lon X     the cell by coordinates, or\n"
    "      --cell ROW,COL      by index (0-based)\n"
    "  -p, --ptf P             sr06 (default), sr06-noahmp, ch78\n"
    "      --experiment E      opti_exp1, opti_exp2, opti_exp3\n"
    "      --cost C            seed (default) or regularised\n"
    "  -e, --evaluations N     SCE-UA budget (3000)\n"
    "      --seed N            run seed (1)\n"
    "      --preset P          drydown rules: seed (default), mccoll2017, araki\n"
    "      --events N          show at most N events in text mode (default 25; all in JSON)\n"
    "      --json              print JSON instead of text\n"
    "      --forcing FILE      daily precipitation (pr) and PET (pet): also run the Noah-MP soil column\n"
    "                          (PET-based ET closure) with the baseline and the optimised texture and\n"
    "                          compare both with the cell's satellite series\n"
    "      --veg-fraction F, --root-layers N   the column's vegetation (0.5, 3)\n";

typedef struct {
    char **sm, **soil;
    size_t nsm, nsoil;
    const char *variable;
    double lat, lon;
    long row, col;
    int json;
    size_t max_events;
    const char *forcing;
} cell_arguments;

static void add_path(char ***list, size_t *count, char *path)
{
    *list = dt_realloc(*list, (*count + 1) * sizeof **list);
    (*list)[(*count)++] = path;
}

static void date_text(long day, char *buffer, size_t size)
{
    int y, m, d;
    cftime_civil_from_days(day, &y, &m, &d);
    snprintf(buffer, size, "%04d-%02d-%02d", y, m, d);
}

/* JSON numbers: NaN and infinities become null. */
static void json_number(const char *name, double value, int comma)
{
    if (isfinite(value)) printf("\"%s\": %.6g%s", name, value, comma ? ", " : "");
    else printf("\"%s\": null%s", name, comma ? ", " : "");
}

static const char *const run_label[CELL_RUNS] = {"baseline", "optimised"};

static void print_json_simulation(const cell_report *r)
{
    const cell_simulation *s = &r->simulation;
    char start[16];
    date_text(s->first_day, start, sizeof start);
    printf(",\n \"simulation\": {\"engine\": \"Noah-MP soil hydrology with a PET-based ET closure\", \"first\": \"%s\", \"days\": %zu, ",
           start, s->ndays);
    printf("\"why_not\": \"%s\"", s->why_not);
    for (int k = 0; k < CELL_RUNS; k++) {
        if (!s->ran[k]) continue;
        const simulate_run *run = &s->run[k];
        const simulate_comparison *c = &s->vs_satellite[k];
        printf(",\n  \"%s\": {", run_label[k]);
        json_number("jja_sm", run->jja_top, 1), json_number("evaporation_mm", run->evaporation, 1);
        json_number("transpiration_mm", run->transpiration, 1), json_number("runoff_mm", run->surface_runoff, 1);
        json_number("drainage_mm", run->drainage, 1);
        printf("\"spinup_loops\": %d, \"vs_satellite\": {\"count\": %zu, ", run->spinup_loops, c->all.count);
        json_number("bias", c->all.bias, 1), json_number("rmse", c->all.rmse, 1), json_number("ubrmse", c->all.ubrmse, 1);
        json_number("r", c->all.r, 1), json_number("jja_difference", c->jja_difference, 0);
        printf("},\n   \"sm\": [");
        for (size_t d = 0; d < s->ndays; d++) printf(isfinite(s->top[k][d]) ? "%s%.4f" : "%snull", d ? "," : "", s->top[k][d]);
        printf("]}");
    }
    printf("}");
}

static void print_json(const cell_report *r, const cell_inputs *in)
{
    char start[16], end[16], day[16];
    date_text(r->first_day, start, sizeof start);
    date_text(r->first_day + (long)r->ndays - 1, end, sizeof end);
    printf("{\"cell\": {\"row\": %zu, \"col\": %zu, \"lat\": %.6f, \"lon\": %.6f},\n", r->row, r->col, r->lat, r->lon);
    printf(" \"series\": {\"first\": \"%s\", \"last\": \"%s\", \"days\": %zu, \"valid\": %zu, ", start, end, r->ndays, r->drydowns.valid);
    json_number("mean", r->drydowns.mean_sm, 0);
    const drydown_result *d = &r->drydowns;
    printf("},\n \"drydowns\": {\"found\": %zu, \"kept\": %zu, \"status\": \"%s\", ", d->count, d->kept, drydown_cell_status_name(d->status));
    json_number("theta_w", d->theta_w, 1), json_number("theta_w_q25", d->theta_w_q25, 1), json_number("theta_w_q75", d->theta_w_q75, 1);
    json_number("theta_c", d->theta_c, 1), json_number("theta_c_q25", d->theta_c_q25, 1), json_number("theta_c_q75", d->theta_c_q75, 1);
    json_number("tau", d->tau, 0);
    printf(",\n  \"events\": [");
    for (size_t i = 0; i < d->count; i++) {
        const drydown_event *e = &d->events[i];
        date_text(r->first_day + (long)e->start, day, sizeof day);
        printf("%s\n   {\"start\": \"%s\", \"days\": %zu, \"points\": %zu, ", i ? "," : "", day, e->end - e->start + 1, e->points);
        json_number("theta_c", e->theta_c, 1), json_number("delta", e->delta, 1), json_number("tau", e->tau, 1);
        json_number("theta_w", e->theta_w, 1), json_number("r2", e->r2, 1);
        printf("\"kept\": %s, \"reason\": \"%s\"}", e->drop == DRYDOWN_KEPT ? "true" : "false", drydown_drop_name(e->drop));
    }
    const calib_result *c = &r->calibration;
    printf("]},\n \"calibration\": {\"ptf\": \"%s\", \"cost_function\": \"%s\", \"status\": \"%s\", ", ptf_name(in->calib.ptf.scheme),
           calib_cost_name(in->calib.cost), calib_status_name(c->status));
    printf("\"baseline\": {");
    json_number("sand", r->target.baseline[0], 1), json_number("clay", r->target.baseline[1], 1), json_number("soc", r->target.baseline[2], 0);
    printf(", \"class\": \"%s\"}, \"optimised\": {", texture_class_name(r->class_before));
    json_number("sand", c->optimised[0], 1), json_number("clay", c->optimised[1], 1), json_number("soc", c->optimised[2], 0);
    printf(", \"class\": \"%s\"}, ", texture_class_name(r->class_after));
    json_number("theta_wlt_before", c->wlt_before, 1), json_number("theta_ref_before", c->ref_before, 1);
    json_number("theta_wlt_after", c->wlt_after, 1), json_number("theta_ref_after", c->ref_after, 1);
    json_number("cost", c->cost, 1);
    printf("\"evaluations\": %ld, \"loops\": %d, \"stop\": \"%s\",\n  \"trace\": [", c->sceua.evaluations, c->sceua.loops,
           c->sceua.evaluations ? sceua_stop_name(c->sceua.stop) : "not run");
    const sceua_trace *t = &c->sceua.trace;
    int n = c->sceua.n;
    for (int i = 0; i < t->count; i++) {
        printf("%s\n   {\"evaluations\": %ld, ", i ? "," : "", t->evaluations[i]);
        json_number("best", t->best_f[i], 1), json_number("worst", t->worst_f[i], 1), json_number("gnrng", t->gnrng[i], 0);
        printf(", \"best_x\": [");
        for (int k = 0; k < n; k++) printf("%s%.6g", k ? ", " : "", t->best_x[i * n + k]);
        printf("]}");
    }
    printf("]}");
    if (in->precip) print_json_simulation(r);
    printf("}\n");
}

static void print_events(const cell_report *r, size_t limit)
{
    const drydown_result *d = &r->drydowns;
    printf("\nevents (%zu found, %zu kept):\n  start       days pts  θc     Δθ     τ [d]   θw     R²     \n", d->count, d->kept);
    for (size_t i = 0; i < d->count && i < limit; i++) {
        const drydown_event *e = &d->events[i];
        char day[16];
        date_text(r->first_day + (long)e->start, day, sizeof day);
        printf("  %s %4zu %3zu  %.3f  %.3f  %6.2f  %.3f  %6.3f  %s\n", day, e->end - e->start + 1, e->points, e->theta_c,
               e->delta, e->tau, e->theta_w, e->r2, drydown_drop_name(e->drop));
    }
    if (d->count > limit) printf("  … %zu more (--events N, or --json for all)\n", d->count - limit);
}

static void print_calibration(const cell_report *r, const cell_inputs *in)
{
    const calib_result *c = &r->calibration;
    printf("\ntexture (PTF %s, cost %s): %s\n", ptf_name(in->calib.ptf.scheme), calib_cost_name(in->calib.cost),
           calib_status_name(c->status));
    if (!r->has_soil) {
        printf("  no baseline soil given (--soil)\n");
        return;
    }
    printf("             sand   clay   SOC    class              θwlt    θref\n");
    printf("  baseline   %5.1f  %5.1f  %5.2f  %-17s  %.3f   %.3f\n", r->target.baseline[0], r->target.baseline[1],
           r->target.baseline[2], texture_class_name(r->class_before), c->wlt_before, c->ref_before);
    if (c->sceua.evaluations)
        printf("  optimised  %5.1f  %5.1f  %5.2f  %-17s  %.3f   %.3f\n", c->optimised[0], c->optimised[1], c->optimised[2],
               texture_class_name(r->class_after), c->wlt_after, c->ref_after);
    printf("  satellite                                      %.3f   %.3f\n", r->target.theta_w, r->target.theta_c);
    if (!c->sceua.evaluations) return;
    printf("\nSCE-UA: %ld evaluations, %d loops, stopped: %s; cost %.3g\n  loop  evals  best        worst       gnrng     best x\n",
           c->sceua.evaluations, c->sceua.loops, sceua_stop_name(c->sceua.stop), c->cost);
    const sceua_trace *t = &c->sceua.trace;
    for (int i = 0; i < t->count; i++) {
        printf("  %4d  %5ld  %.4e  %.4e  %.2e ", i, t->evaluations[i], t->best_f[i], t->worst_f[i], t->gnrng[i]);
        for (int k = 0; k < c->sceua.n; k++) printf(" %.2f", t->best_x[i * c->sceua.n + k]);
        printf("\n");
    }
}

static void print_simulation(const cell_report *r)
{
    const cell_simulation *s = &r->simulation;
    char start[16], end[16];
    date_text(s->first_day, start, sizeof start);
    date_text(s->first_day + (long)s->ndays - 1, end, sizeof end);
    printf("\nNoah-MP soil hydrology with a PET-based ET closure, %s … %s (forcing cell %zu, %zu):\n", start, end,
           s->forcing_row, s->forcing_col);
    if (!s->ran[CELL_BASELINE]) {
        printf("  not simulated: %s\n", s->why_not);
        return;
    }
    printf("             JJA θ   ET mm  runoff  drainage  spin-up   vs satellite: bias    RMSE    ubRMSE  R      (days)\n");
    for (int k = 0; k < CELL_RUNS; k++) {
        if (!s->ran[k]) {
            printf("  %-10s not simulated (no optimised texture)\n", run_label[k]);
            continue;
        }
        const simulate_run *run = &s->run[k];
        const simulate_comparison *c = &s->vs_satellite[k];
        printf("  %-10s %.3f  %6.0f  %6.0f  %8.0f  %4d       %+.4f  %.4f  %.4f  %5.3f  (%zu)\n", run_label[k], run->jja_top,
               run->evaporation + run->transpiration, run->surface_runoff, run->drainage, run->spinup_loops, c->all.bias,
               c->all.rmse, c->all.ubrmse, c->all.r, c->all.count);
    }
}

static void print_text(const cell_report *r, const cell_inputs *in, size_t max_events)
{
    char start[16], end[16];
    date_text(r->first_day, start, sizeof start);
    date_text(r->first_day + (long)r->ndays - 1, end, sizeof end);
    const drydown_result *d = &r->drydowns;
    printf("cell row %zu, col %zu at %.4f°%c, %.4f°%c\n", r->row, r->col, fabs(r->lat), r->lat < 0 ? 'S' : 'N',
           fabs(r->lon), r->lon < 0 ? 'W' : 'E');
    printf("series: %zu days %s … %s, %zu valid (%.0f %%), mean %.3f m3 m-3\n", r->ndays, start, end, d->valid,
           100.0 * (double)d->valid / (double)r->ndays, d->mean_sm);
    printf("thresholds: θw %.3f m3 m-3 (IQR %.3f–%.3f), θc %.3f (IQR %.3f–%.3f), τ %.1f d — %s\n", d->theta_w, d->theta_w_q25,
           d->theta_w_q75, d->theta_c, d->theta_c_q25, d->theta_c_q75, d->tau, drydown_cell_status_name(d->status));
    print_events(r, max_events);
    print_calibration(r, in);
    if (in->precip) print_simulation(r);
}

static int parse_cell(const char *text, long *row, long *col)
{
    char *end;
    *row = strtol(text, &end, 10);
    if (end == text || *end != ',') return -1;
    const char *second = end + 1;
    *col = strtol(second, &end, 10);
    return (end == second || *end || *row < 0 || *col < 0) ? -1 : 0;
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
        {"root-layers", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0}};
    int option;
    size_t number;
    dt_error err;
    calib_experiment experiment;
    optind = 1;
    while ((option = getopt_long(argc, argv, "v:p:e:h", long_options, NULL)) != -1) {
        switch (option) {
        case 'S': add_path(&a->sm, &a->nsm, optarg); break;
        case 's': add_path(&a->soil, &a->nsoil, optarg); break;
        case 'v': a->variable = optarg; break;
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
        case 'P': if (drydown_preset_parse(optarg, &in->drydown, &err)) return cmd_usage_error("cell", "--preset: %s", err.text); break;
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
    if (optind < argc) return cmd_usage_error("cell", "unexpected argument '%s'", argv[optind]);
    if (!a->nsm) return cmd_usage_error("cell", "no soil moisture given (--sm CUBE)");
    if (a->forcing && !a->nsoil) return cmd_usage_error("cell", "--forcing needs the baseline soil (--soil)");
    if (a->row < 0 && (isnan(a->lat) || isnan(a->lon))) return cmd_usage_error("cell", "give --lat and --lon, or --cell ROW,COL");
    if (in->calib.ptf.scheme == PTF_NOAH_TABLE) return cmd_usage_error("cell", "--ptf noah-table cannot be calibrated");
    return EXIT_OK;
}

static int locate(cell_arguments *a, const series_source *s, dt_error *err)
{
    if (a->row >= 0) return DT_OK;
    size_t row, col;
    if (grid_locate(s->grid, a->lat, a->lon, &row, &col) != DT_OK)
        return dt_error_set(err, DT_ERR_VALUE, "%g, %g is outside the grid of %s", a->lat, a->lon,
                            s->cube ? s->cube->path : s->paths[0]);
    a->row = (long)row;
    a->col = (long)col;
    return DT_OK;
}

int cmd_cell(int argc, char **argv)
{
    cell_arguments a = {.lat = NAN, .lon = NAN, .row = -1, .col = -1, .max_events = 25};
    cell_inputs in = {0};
    drydown_default_options(&in.drydown);
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
    fo.variable = a.variable;
    dt_error err;
    series_source *source = NULL;
    soil_maps soil = {0};
    cell_report report;
    cell_report_init(&report);
    int status = series_open(&source, a.sm, a.nsm, &fo, &err);
    if (status == DT_OK) status = locate(&a, source, &err);
    if (status == DT_OK && a.nsoil) {
        status = soil_load(a.soil, a.nsoil, NULL, source->grid, ptf_uses_soc(in.calib.ptf.scheme), &soil, &err);
        in.soil = &soil;
    }
    in.sm = source;
    if (status == DT_OK && a.forcing) {
        status = simulate_open_rate(&in.precip, a.forcing, "pr", &err);
        if (status == DT_OK) status = simulate_open_rate(&in.pet, a.forcing, "pet", &err);
    }
    if (status == DT_OK) status = cell_run(&in, (size_t)a.row, (size_t)a.col, &report, &err);
    if (status == DT_OK) {
        if (a.json) print_json(&report, &in);
        else print_text(&report, &in, a.max_events);
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
