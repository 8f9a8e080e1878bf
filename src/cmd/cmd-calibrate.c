/* cmd-calibrate.c — `drytex calibrate`: every cell's texture calibrated against its θw and θc. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib_job.h"
#include "cmd.h"
#include "job_mpi.h"
#include "progress.h"

static const char help_text[] =
    "Calibrates each cell's sand and clay (and SOC when the PTF uses it) with SCE-UA so that the\n"
    "PTF's wilting and critical points match the satellite θw and θc of THRESHOLDS (the output of\n"
    "'drytex drydowns'). The baseline soil is read from the --soil files (GSDE SAND/CLAY/OC, HWSD\n"
    "T_SAND/T_CLAY/T_OC, or sand/clay/soc) and regridded onto the thresholds' grid. Writes OUTPUT\n"
    "through OUTPUT.partial; Ctrl-C finishes the tiles in hand and leaves it for --resume.\n\n"
    "Options:\n"
    "  -t, --thresholds FILE   θw and θc maps (required)\n"
    "  -s, --soil FILE         a baseline soil file; repeat for separate sand/clay/SOC files (required)\n"
    "  -o, --output FILE       the calibrated maps (required)\n"
    "  -p, --ptf P             sr06 (default), sr06-noahmp, ch78\n"
    "      --experiment E      the seed's opti_exp1 (GSDE, sr06), opti_exp2 (GSDE, ch78), opti_exp3 (HWSD, ch78)\n"
    "      --cost C            regularised (default: the ridge point nearest the baseline, each\n"
    "                          threshold weighed by its own 90 % interval where the map has them; a\n"
    "                          censored θw costs only above its bound; a cell with too few drydowns\n"
    "                          keeps its baseline) or seed (the seed paper's J, exactly)\n"
    "      --lambda L          weight of the baseline distance in the regularised cost (1)\n"
    "      --sigma S           θ tolerance of the regularised cost where a threshold has no\n"
    "                          interval, in m3 m-3 (0.005)\n"
    "  -e, --evaluations N     SCE-UA budget per cell (3000)\n"
    "      --complexes N       SCE-UA complexes (5)\n"
    "      --mutation M        gaussian (Duan's Fortran, default) or uniform (Duan 2004, spotpy)\n"
    "      --seed N            run seed; each cell's stream is its index (1)\n"
    "      --sand-variable V, --clay-variable V, --soc-variable V   soil variable names\n"
    "      --layer N           soil layer for files with a layer dimension (1 = top)\n"
    "  -j, --threads N         worker threads (default: all cores)\n"
    "      --tile N            tile edge in cells (16)\n"
    "      --resume            continue an interrupted run from OUTPUT.partial\n"
    "      --progress=FD       machine-readable progress lines on file descriptor FD\n";

typedef struct {
    const char *thresholds, *output;
    char **soil;
    size_t nsoil;
    int progress_fd;
} calibrate_arguments;

static void print_summary(const domain_summary *s)
{
    fprintf(stderr, "drytex: arid/humid split at mean SM %.3f m3 m-3\n", s->split_sm);
    for (int i = 0; i < s->count; i++) {
        const summary_quantity *q = &s->quantity[i];
        fprintf(stderr, "  %-22s %6zu cells  mean %.3f → %.3f %s   change arid %+.3f, humid %+.3f\n", q->name,
                q->count, q->mean_before, q->mean_after, q->units, q->arid_change, q->humid_change);
    }
    if (s->sm_masked >= 0)
        cmd_report_masked((size_t)s->sm_masked, "when the thresholds were found");
    else
        fprintf(stderr, "  soil moisture: the thresholds file records no count of masked impossible values (written "
                "before drytex counted them)\n");
}

static int parse(int argc, char **argv, void *arguments, void *options)
{
    calibrate_arguments *a = arguments;
    calib_job_options *o = options;
    static const struct option long_options[] = {
        {"thresholds", required_argument, NULL, 't'}, {"soil", required_argument, NULL, 's'},
        {"output", required_argument, NULL, 'o'},     {"ptf", required_argument, NULL, 'p'},
        {"experiment", required_argument, NULL, 'E'}, {"cost", required_argument, NULL, 'C'},
        {"lambda", required_argument, NULL, 'L'},     {"sigma", required_argument, NULL, 'S'},
        {"evaluations", required_argument, NULL, 'e'}, {"complexes", required_argument, NULL, 'G'},
        {"mutation", required_argument, NULL, 'M'},   {"seed", required_argument, NULL, 'Z'},
        {"sand-variable", required_argument, NULL, '1'}, {"clay-variable", required_argument, NULL, '2'},
        {"soc-variable", required_argument, NULL, '3'}, {"layer", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 'j'},    {"tile", required_argument, NULL, 'T'},
        {"resume", no_argument, NULL, 'R'},           {"progress", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},             {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int option;
    size_t number;
    dt_error err;
    calib_experiment experiment;
    optind = 1;
    while ((option = getopt_long(argc, argv, "t:s:o:p:e:j:l:h", long_options, NULL)) != -1) {
        switch (option) {
        case 't': a->thresholds = optarg; break;
        case 's':
            a->soil = dt_realloc(a->soil, (a->nsoil + 1) * sizeof *a->soil);
            a->soil[a->nsoil++] = optarg;
            break;
        case 'o': a->output = optarg; break;
        case 'p':
            if (ptf_parse_name(optarg, &o->calib.ptf.scheme, &err)) return cmd_usage_error("calibrate", "--ptf: %s", err.text);
            break;
        case 'E':
            if (calib_experiment_parse(optarg, &experiment, &err)) return cmd_usage_error("calibrate", "--experiment: %s", err.text);
            calib_apply_experiment(&o->calib, experiment);
            break;
        case 'C':
            if (calib_cost_parse(optarg, &o->calib.cost, &err)) return cmd_usage_error("calibrate", "--cost: %s", err.text);
            break;
        case 'L':
            if (cmd_parse_double(optarg, &o->calib.lambda) || o->calib.lambda < 0)
                return cmd_usage_error("calibrate", "--lambda: '%s' is not a number >= 0", optarg);
            break;
        case 'S':
            if (cmd_parse_double(optarg, &o->calib.sigma) || !(o->calib.sigma > 0))
                return cmd_usage_error("calibrate", "--sigma: '%s' is not a number > 0", optarg);
            break;
        case 'e':
            if (cmd_parse_size(optarg, &number) || number < 10)
                return cmd_usage_error("calibrate", "--evaluations: '%s' is not a whole number >= 10", optarg);
            o->calib.sceua.maxn = (long)number;
            break;
        case 'G':
            if (cmd_parse_size(optarg, &number) || number < 1 || number > 100)
                return cmd_usage_error("calibrate", "--complexes: '%s' is not a whole number 1…100", optarg);
            o->calib.sceua.ngs = o->calib.sceua.mings = (int)number;
            break;
        case 'M':
            if (strcmp(optarg, "gaussian") == 0) o->calib.sceua.mutation = SCEUA_MUTATION_GAUSSIAN;
            else if (strcmp(optarg, "uniform") == 0) o->calib.sceua.mutation = SCEUA_MUTATION_UNIFORM;
            else return cmd_usage_error("calibrate", "--mutation: '%s' is not gaussian or uniform", optarg);
            break;
        case 'Z':
            if (cmd_parse_size(optarg, &number)) return cmd_usage_error("calibrate", "--seed: '%s' is not a whole number", optarg);
            o->calib.seed = number;
            break;
        case '1': o->soil.variable[SOIL_SAND] = optarg; break;
        case '2': o->soil.variable[SOIL_CLAY] = optarg; break;
        case '3': o->soil.variable[SOIL_SOC] = optarg; break;
        case 'l':
            if (cmd_parse_size(optarg, &number) || number == 0)
                return cmd_usage_error("calibrate", "--layer: '%s' is not a layer number (1, 2, …)", optarg);
            o->soil.layer = number - 1;
            break;
        case 'h': cmd_print_help("calibrate", help_text); return -1; /* done: help or version shown */
        case 'V': cmd_print_version(); return -1; /* done: help or version shown */
        default:
            if (cmd_job_option("calibrate", option, optarg, &o->job, &o->resume, &a->progress_fd) != EXIT_OK)
                return EXIT_USAGE;
            break;
        }
    }
    if (optind < argc) return cmd_usage_error("calibrate", "unexpected argument '%s'", argv[optind]);
    if (!a->thresholds) return cmd_usage_error("calibrate", "no thresholds given (--thresholds FILE)");
    if (!a->nsoil) return cmd_usage_error("calibrate", "no soil given (--soil FILE)");
    if (!a->output) return cmd_usage_error("calibrate", "no output given (--output FILE)");
    if (cmd_output_usable("calibrate", "--output", a->output) != EXIT_OK) return EXIT_USAGE;
    if (cmd_output_distinct("calibrate", "--output", a->output, "--thresholds", a->thresholds) != EXIT_OK) return EXIT_USAGE;
    for (size_t i = 0; i < a->nsoil; i++)
        if (cmd_output_distinct("calibrate", "--output", a->output, "--soil", a->soil[i]) != EXIT_OK) return EXIT_USAGE;
    if (o->calib.ptf.scheme == PTF_NOAH_TABLE)
        return cmd_usage_error("calibrate", "--ptf noah-table is piecewise constant and cannot be calibrated");
    return EXIT_OK;
}

static int run_calibrate(int argc, char **argv, void *arguments, void *options_given, job_group *group)
{
    const calibrate_arguments *args = arguments;
    const calib_job_options *options = options_given;
    const calibrate_arguments a = *args;
    calib_job_options o = *options;
    int rank = job_group_rank(group);
    char *history = cmd_joined_command_line(argc, argv);
    o.history = history;
    o.job.stop = cmd_stop_on_signals();
    o.job.group = group;
    progress bar;
    if (rank == 0) {
        progress_start(&bar, "calibrate", 0, a.progress_fd);
        o.job.progress = progress_report;
        o.job.progress_begin = progress_begin_report;
        o.job.progress_context = &bar;
    }
    domain_summary summary;
    dt_error err;
    int status = calib_job_run(a.thresholds, a.soil, a.nsoil, a.output, &o, &summary, &err);
    if (rank == 0) progress_finish(&bar, status == DT_OK);
    free(history);
    if (status == DT_ERR_INTERRUPTED) {
        if (rank == 0)
            fprintf(stderr, "drytex: calibrate: interrupted; %s.partial keeps the finished tiles: add --resume to continue\n",
                    a.output);
        return EXIT_RUNTIME;
    }
    if (status != DT_OK) return cmd_job_fail(group, &err);
    if (rank == 0) {
        fprintf(stderr, "drytex: wrote %s\n", a.output);
        print_summary(&summary);
    }
    return EXIT_OK;
}

int cmd_calibrate(int argc, char **argv)
{
    static const cmd_job_command command = {"calibrate", parse, run_calibrate};
    calibrate_arguments a = {.progress_fd = -1};
    calib_job_options o;
    calib_job_default_options(&o);
    int code = cmd_job_main(&command, argc, argv, &a, &o);
    free(a.soil);
    return code;
}
