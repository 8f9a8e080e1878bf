/* cmd-drydowns.c — `drytex drydowns --sm CUBE -o THRESHOLDS.nc`: θw and θc for every cell. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "drydown_job.h"
#include "job_mpi.h"
#include "progress.h"

static const char help_text[] =
    "Finds the drydowns of every cell's daily series, fits θ(t) = Δθ·e^(−t/τ) + θw to each, and\n"
    "writes per cell θw and θc (by default the asymptote all of the cell's drydowns share, with\n"
    "90 % intervals and a status: identified, censored or too few data), the medians of the\n"
    "per-event fits and their inter-quartile ranges, τ, the event counts, the mean SM and a\n"
    "status. --sm takes a cube (drytex ingest) or the daily files themselves.\n\n"
    "Options:\n"
    "      --sm FILE           soil-moisture cube or daily file (repeat, or list after the options),\n"
    "                          a 1 × 1 grid, an ISMN station (.stm or its directory), a date,sm CSV\n"
    "  -v, --variable NAME     the soil-moisture variable (default: chosen by standard_name, name,\n"
    "                          units; never a timestamp, flag, uncertainty or count)\n"
    "      --keep-flagged      keep values the product's quality flag marks (ESA CCI flag ≠ 0)\n"
    "      --porosity VALUE|FILE   [m3 m-3] converts a degree of saturation (ESA CCI ACTIVE) to m3 m-3;\n"
    "                          FILE: a porosity map (porosity, saturation, smcmax, … on any grid)\n"
    CMD_STATION_HELP CMD_STEPS_HELP
    "  -o, --output FILE       the thresholds (required; written through FILE.partial)\n"
    "      --events FILE       also write every event as CSV\n"
    "      --preset P          drytex (default: Araki's rules, events of >= 8 points), or the\n"
    "                          literature's seed, mccoll2017, araki (science.md §1), which bring\n"
    "                          their own estimator, the median\n"
    "      --estimator E       the cell's θw and θc from its kept events: pooled (one θw all events\n"
    "                          share; default), median (the seed's medians) or loss (the loss function);\n"
    "                          pooled and loss add 90 % intervals and threshold_status: identified,\n"
    "                          censored (never dried near θw: theta_w_high is an upper bound) or\n"
    "                          too_few_data\n"
    "      --min-events N      kept events an identified θw needs (5; censored needs 2)\n"
    "      --noise SIGMA       retrieval noise of the series [m3 m-3] for the censored bound, the\n"
    "                          series minimum + 1.645 SIGMA (default: estimated; 0 for a station's\n"
    "                          series, an ISMN file or a date,sm CSV)\n"
    "      --min-points N, --r2-min R, --start-rise D, --rise-fraction F, --max-gap DAYS,\n"
    "      --max-length DAYS, --min-range-fraction F, --cap-fraction F, --pixel-min-bound\n"
    "                          override one rule of the preset\n"
    "  -j, --threads N         worker threads (default: all cores)\n"
    "      --tile N            tile edge in cells (8)\n"
    "      --resume            continue an interrupted run from FILE.partial\n"
    "      --progress=FD       machine-readable progress lines on file descriptor FD\n";

typedef struct {
    char **sm;
    size_t nsm;
    const char *variable, *output, *events;
    int progress_fd;
    int keep_flagged;
    double porosity; /* [m3 m-3] converts a degree of saturation; 0: not given */
    const char *porosity_file; /* a porosity map doing the same, or NULL */
    ismn_options station;
    size_t min_steps; /* a sub-daily product's valid steps a day needs (0: one) */
} drydowns_arguments;

static int parse_rule(int option, const char *text, drydown_options *o)
{
    double value;
    size_t whole;
    switch (option) {
    case 'n': if (cmd_parse_size(text, &whole) || whole < 3) return -1; o->min_points = whole; return 0;
    case 'r': if (cmd_parse_double(text, &value) || value > 1) return -1; o->r2_min = value; return 0;
    case 's': if (cmd_parse_double(text, &value) || value < 0) return -1; o->start_rise = value; return 0;
    case 'f': if (cmd_parse_double(text, &value) || value < 0) return -1; o->rise_fraction = value; return 0;
    case 'g': if (cmd_parse_size(text, &whole)) return -1; o->max_gap = whole; return 0;
    case 'L': if (cmd_parse_size(text, &whole)) return -1; o->max_length = whole; return 0;
    case 'm': if (cmd_parse_double(text, &value) || value < 0) return -1; o->min_range_fraction = value; return 0;
    case 'c': if (cmd_parse_double(text, &value) || value < 0) return -1; o->cap_fraction = value; return 0;
    }
    return -1;
}

static int parse(int argc, char **argv, void *arguments, void *options)
{
    drydowns_arguments *a = arguments;
    drydown_job_options *o = options;
    int literature_preset = 0, estimator_given = 0;
    static const struct option long_options[] = {
        {"sm", required_argument, NULL, 'S'}, {"variable", required_argument, NULL, 'v'},
        {"output", required_argument, NULL, 'o'}, {"events", required_argument, NULL, 'E'},
        {"preset", required_argument, NULL, 'p'}, {"min-points", required_argument, NULL, 'n'},
        {"r2-min", required_argument, NULL, 'r'}, {"start-rise", required_argument, NULL, 's'},
        {"rise-fraction", required_argument, NULL, 'f'}, {"max-gap", required_argument, NULL, 'g'},
        {"max-length", required_argument, NULL, 'L'}, {"min-range-fraction", required_argument, NULL, 'm'},
        {"cap-fraction", required_argument, NULL, 'c'}, {"pixel-min-bound", no_argument, NULL, 'B'},
        {"threads", required_argument, NULL, 'j'}, {"tile", required_argument, NULL, 'T'},
        {"resume", no_argument, NULL, 'R'}, {"progress", required_argument, NULL, 'P'},
        {"keep-flagged", no_argument, NULL, CMD_OPTION_KEEP_FLAGGED}, {"porosity", required_argument, NULL, CMD_OPTION_POROSITY},
        CMD_STATION_LONG_OPTIONS, CMD_STEPS_LONG_OPTION,
        {"estimator", required_argument, NULL, 'e'}, {"min-events", required_argument, NULL, 'M'},
        {"noise", required_argument, NULL, 'N'},
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0}};
    int option;
    dt_error err;
    optind = 1;
    while ((option = getopt_long(argc, argv, "v:o:j:h", long_options, NULL)) != -1) {
        switch (option) {
        case 'S':
            a->sm = dt_realloc(a->sm, (a->nsm + 1) * sizeof *a->sm);
            a->sm[a->nsm++] = optarg;
            break;
        case 'v': a->variable = optarg; break;
        case CMD_OPTION_KEEP_FLAGGED: a->keep_flagged = 1; break;
        case CMD_OPTION_DEPTH: case CMD_OPTION_FLAGS: case CMD_OPTION_MIN_HOURS:
            if (cmd_station_option("drydowns", option, optarg, &a->station) != 1) return EXIT_USAGE;
            break;
        case CMD_OPTION_MIN_STEPS:
            if (cmd_steps_option("drydowns", option, optarg, &a->min_steps) != 1) return EXIT_USAGE;
            break;
        case CMD_OPTION_POROSITY:
            if (cmd_porosity_option("drydowns", optarg, &a->porosity, &a->porosity_file) != EXIT_OK) return EXIT_USAGE;
            break;
        case 'o': a->output = optarg; break;
        case 'E': a->events = optarg; break;
        case 'p':
            if (drydown_preset_parse(optarg, &o->drydown, &err)) return cmd_usage_error("drydowns", "--preset: %s", err.text);
            literature_preset = strcmp(optarg, "drytex") != 0;
            break;
        case 'n': case 'r': case 's': case 'f': case 'g': case 'L': case 'm': case 'c':
            if (parse_rule(option, optarg, &o->drydown)) {
                const char *name = "";
                for (const struct option *l = long_options; l->name; l++)
                    if (l->val == option) name = l->name;
                return cmd_usage_error("drydowns", "--%s: '%s' is not a valid value for that rule", name, optarg);
            }
            break;
        case 'B': o->drydown.lower_bound_pixel_min = 1; break;
        case 'e':
            if (thresholds_estimator_parse(optarg, &o->thresholds.estimator, &err))
                return cmd_usage_error("drydowns", "--estimator: %s", err.text);
            estimator_given = 1;
            break;
        case 'N':
            if (cmd_parse_double(optarg, &o->thresholds.noise) || !(o->thresholds.noise >= 0))
                return cmd_usage_error("drydowns", "--noise: '%s' is not a number >= 0", optarg);
            break;
        case 'M': {
            size_t events;
            if (cmd_parse_size(optarg, &events) || events < 1)
                return cmd_usage_error("drydowns", "--min-events: '%s' is not a positive count", optarg);
            o->thresholds.min_events = events;
            break;
        }
        case 'h': cmd_print_help("drydowns", help_text); return -1;
        case 'V': cmd_print_version(); return -1;
        default:
            if (cmd_job_option("drydowns", option, optarg, &o->job, &o->resume, &a->progress_fd) != EXIT_OK)
                return EXIT_USAGE;
            break;
        }
    }
    /* a literature preset is its source's whole method: per-event fits and their medians */
    if (literature_preset && !estimator_given) o->thresholds.estimator = THRESHOLDS_MEDIAN;
    for (int i = optind; i < argc; i++) {
        a->sm = dt_realloc(a->sm, (a->nsm + 1) * sizeof *a->sm);
        a->sm[a->nsm++] = argv[i];
    }
    if (!a->nsm) return cmd_usage_error("drydowns", "no soil moisture given (--sm CUBE)");
    if (!a->output) return cmd_usage_error("drydowns", "no output given (-o THRESHOLDS.nc)");
    if (cmd_output_usable("drydowns", "--output", a->output) != EXIT_OK) return EXIT_USAGE;
    for (size_t i = 0; i < a->nsm; i++)
        if (cmd_output_distinct("drydowns", "--output", a->output, "--sm", a->sm[i]) != EXIT_OK ||
            cmd_output_distinct("drydowns", "--events", a->events, "--sm", a->sm[i]) != EXIT_OK)
            return EXIT_USAGE;
    if (a->events && cmd_output_distinct("drydowns", "--output", a->output, "--events", a->events) != EXIT_OK)
        return EXIT_USAGE;
    return EXIT_OK;
}

static void report(const drydowns_arguments *a, int rank, int status, size_t masked)
{
    if (rank > 0) return;
    if (status == DT_ERR_INTERRUPTED) {
        fprintf(stderr, "drytex: drydowns: interrupted; %s.partial keeps the finished tiles: add --resume to continue\n", a->output);
    } else if (status == DT_OK) {
        fprintf(stderr, "drytex: wrote %s\n", a->output);
        cmd_report_masked(masked, NULL);
    }
}

static int run_drydowns(int argc, char **argv, void *arguments, void *options_given, job_group *group)
{
    const drydowns_arguments *args = arguments;
    const drydown_job_options *options = options_given;
    drydowns_arguments a = *args;
    drydown_job_options o = *options;
    int rank = job_group_rank(group);
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
    int status = series_open(&source, a.sm, a.nsm, &fo, &err);
    if (status == DT_OK && source->cube && rank == 0)
        cmd_note_subdaily(source->cube->path, source->variable, source->steps_sharing_day, source->most_steps_a_day);
    if (status == DT_OK && rank == 0 && source->nfiles > 1)
        cmd_warn_collection("drydowns", source->nfiles);
    o.events = a.events;
    /* a station's series (ISMN, date,sm CSV) has no retrieval noise: its day-to-day roughness is the
     * soil's own, and the censored bound is its minimum (unless --noise says otherwise) */
    if (status == DT_OK && source->point && isnan(o.thresholds.noise)) o.thresholds.noise = 0.0;
    status = job_group_agree(group, status, &err);
    if (status != DT_OK) {
        if (source) series_close(source);
        return cmd_job_fail(group, &err);
    }
    char *history = cmd_joined_command_line(argc, argv);
    o.history = history;
    o.job.stop = cmd_stop_on_signals();
    o.job.group = group;
    progress bar;
    if (rank == 0) {
        progress_start(&bar, "drydowns", 0, a.progress_fd);
        o.job.progress = progress_report;
        o.job.progress_begin = progress_begin_report;
        o.job.progress_context = &bar;
    }
    size_t masked = 0;
    status = drydown_job_run(source, a.output, &o, &masked, &err);
    if (rank == 0) progress_finish(&bar, status == DT_OK);
    series_close(source);
    free(history);
    report(&a, rank, status, masked);
    if (status == DT_ERR_INTERRUPTED) return EXIT_RUNTIME;
    if (status != DT_OK) return cmd_job_fail(group, &err);
    return EXIT_OK;
}

int cmd_drydowns(int argc, char **argv)
{
    static const cmd_job_command command = {"drydowns", parse, run_drydowns};
    drydowns_arguments a = {.progress_fd = -1};
    ismn_default_options(&a.station);
    drydown_job_options o;
    drydown_job_default_options(&o);
    int code = cmd_job_main(&command, argc, argv, &a, &o);
    free(a.sm);
    return code;
}
