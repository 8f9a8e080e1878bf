/* cmd-simulate.c — `drytex simulate`: the Noah-MP soil-water column over every cell with the
 * baseline and the optimised texture, compared with reference soil moisture. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cftime.h"
#include "cmd.h"
#include "hrldas_files.h"
#include "hrldas_run.h"
#include "job_mpi.h"
#include "progress.h"
#include "simulate_job.h"

static const char help_text[] =
    "Runs Noah-MP soil hydrology with a PET-based ET closure (not full Noah-MP: see the manual) in\n"
    "every cell of the forcing grid, once with the baseline soil texture (the --soil files regridded\n"
    "onto the forcing grid) and once with the optimised texture (the baseline plus the increments of\n"
    "'drytex calibrate' output OPTIMISED, interpolated from its grid), from daily precipitation and\n"
    "potential ET disaggregated to hours, after spinning up on the first year. Writes daily layer-1\n"
    "soil moisture of both runs, mean ET components, runoff and drainage, and per reference bias,\n"
    "RMSE, ubRMSE, R and the June-August difference for both runs.\n\n"
    "Options:\n"
    "  -f, --forcing FILE      daily precipitation and PET on the simulation grid (required)\n"
    "      --precip-variable V precipitation variable, mm d-1 or kg m-2 s-1 (pr)\n"
    "      --pet-variable V    potential ET variable, mm d-1 or kg m-2 s-1 (pet); a forcing without it\n"
    "                          gives PET by daily FAO-56 Penman-Monteith from its meteorology:\n"
    "      --met-variables T,Q,P,W,SW,LW   2-m temperature (K), specific humidity, surface pressure (Pa,\n"
    "                          hPa or kPa), 10-m wind (m s-1), downward shortwave and longwave (W m-2)\n"
    "                          (tas,huss,ps,sfcWind,rsds,rlds)\n"
    "  -s, --soil FILE         a baseline soil file; repeat for separate sand/clay/SOC files (required)\n"
    "  -O, --optimised FILE    the output of 'drytex calibrate'; without it only the baseline runs\n"
    "  -r, --reference [NAME=]FILE[:VARIABLE]  a reference soil-moisture cube; repeat (up to 8);\n"
    "                          NAME names its metric variables (ref1, ref2, … by default)\n"
    "      --stations FILE     in-situ stations, CSV station,lat,lon,date,sm, or ISMN data (a .stm file,\n"
    "                          a station's directory, a NETWORK/STATION tree): half-monthly RMSE of\n"
    "                          both runs at each station's cell\n"
    "  -o, --output FILE       the comparison (required)\n"
    "  -p, --ptf P             sr06, sr06-noahmp, ch78, noah-table (default: the calibration's, else sr06)\n"
    "      --experiment E      the seed's exp1…exp6: exp1/exp2 GSDE with sr06, exp3/exp4 GSDE with ch78,\n"
    "                          exp5/exp6 HWSD with ch78 (each pair is one baseline-vs-optimised run)\n"
    "      --start DATE, --end DATE   simulate only YYYY-MM-DD … YYYY-MM-DD (default: the whole forcing)\n"
    "      --veg-fraction F    vegetation fraction f_veg (0.5)\n"
    "      --root-layers N     layers with roots, 1…4 (3)\n"
    "      --btran N           BTRAN option 1 (Noah), 2 (CLM), 3 (SSiB) (1)\n"
    "      --soil-evaporation noah|resistance   Noah's DEVAP form or r_a/(r_a + r_surf) (noah)\n"
    "      --rain-hours N      a day's rain falls over its first N hours (24)\n"
    "      --spinup-loops N    at most N repetitions of the first year (20; 0: no spin-up)\n"
    "      --sand-variable V, --clay-variable V, --soc-variable V   soil variable names\n"
    "      --layer N           soil layer for files with a layer dimension (1 = top)\n"
    "      --engine column|hrldas   column: the built-in column above (default); hrldas: the real\n"
    "                          Noah-MP through an external hrldas.exe, from sub-daily meteorology\n"
    "                          (the forcing's own step, at most 3 h; --met-variables and\n"
    "                          --precip-variable name it), soil parameters of the --ptf per cell\n"
    "                          (SOIL_DATA_OPTION 4); --spinup-loops N repeats the whole period N times\n"
    "                          before the one kept (HRLDAS SPINUP_LOOPS; default 0)\n"
    "      --hrldas-exe PATH   hrldas.exe, with NoahmpTable.TBL beside it (tests/tools/build-hrldas.sh)\n"
    "      --hrldas-workdir DIR   where the HRLDAS inputs, logs and outputs are kept (OUTPUT.hrldas)\n"
    "      --hrldas-vegetation-type N   MODIS-IGBP class of every land cell (12, croplands); with\n"
    "                          --engine hrldas, --veg-fraction is the maximum vegetation fraction\n"
    "  -j, --threads N         worker threads (default: all cores)\n"
    "      --tile N            tile edge in cells (16)\n"
    "      --resume            continue an interrupted run from OUTPUT.partial\n"
    "      --progress=FD       machine-readable progress lines on file descriptor FD\n";

typedef struct {
    const char *forcing, *optimised, *output;
    char **soil;
    size_t nsoil;
    simulate_reference reference[SIMULATE_MAX_REFERENCES];
    char *reference_text[SIMULATE_MAX_REFERENCES]; /* owned copies the specs point into */
    char default_name[SIMULATE_MAX_REFERENCES][16];
    char *met_text;                                /* owned copy --met-variables points into */
    char *workdir_text;                            /* owned default --hrldas-workdir */
    int hrldas_option_given;                       /* an --hrldas-* option (needs --engine hrldas) */
    const char *column_option;                     /* a column-only option given (refused with hrldas) */
    int spinup_given;                              /* --spinup-loops given */
    size_t nreferences;
    int progress_fd;
} simulate_arguments;

static int file_exists(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0;
}

/* [NAME=]FILE[:VARIABLE]; a FILE that exists as given keeps any colon in its name. */
static int parse_reference(simulate_arguments *a, const char *text)
{
    if (a->nreferences == SIMULATE_MAX_REFERENCES)
        return cmd_usage_error("simulate", "--reference: at most %d references", SIMULATE_MAX_REFERENCES);
    size_t k = a->nreferences++;
    char *copy = a->reference_text[k] = dt_strdup(text);
    simulate_reference *r = &a->reference[k];
    char *equals = strchr(copy, '=');
    snprintf(a->default_name[k], sizeof a->default_name[k], "ref%zu", k + 1);
    r->name = a->default_name[k];
    r->path = copy;
    if (equals) {
        *equals = '\0';
        r->name = copy;
        r->path = equals + 1;
    }
    char *colon = strrchr(r->path, ':');
    if (colon && !file_exists(r->path) && !strchr(colon, '/')) {
        *colon = '\0';
        r->variable = colon + 1;
    }
    if (!*r->path) return cmd_usage_error("simulate", "--reference '%s': no file", text);
    return EXIT_OK;
}

/* Six comma-separated names for tas, huss, ps, sfcWind, rsds, rlds. */
static int parse_met_variables(simulate_arguments *a, simulate_job_options *o, const char *text)
{
    free(a->met_text);
    char *copy = a->met_text = dt_strdup(text), *cursor = copy;
    for (int k = 0; k < 6; k++) {
        char *comma = strchr(cursor, ',');
        if ((k < 5) != (comma != NULL) || (comma ? comma == cursor : *cursor == '\0'))
            return cmd_usage_error("simulate", "--met-variables: '%s' is not six names T,Q,P,W,SW,LW", text);
        if (comma) *comma = '\0';
        o->met_variables[k] = cursor;
        cursor = comma ? comma + 1 : cursor;
    }
    return EXIT_OK;
}

static int parse_date(const char *text, long *day)
{
    int year, month, date;
    char tail;
    if (sscanf(text, "%6d-%2d-%2d%c", &year, &month, &date, &tail) != 3 || month < 1 || month > 12 || date < 1 || date > 31)
        return 1;
    *day = calendar_days_from_civil(year, month, date);
    int y, m, d; /* the round trip refuses 2011-02-30, which the day count took as 2011-03-02 */
    calendar_civil_from_days(*day, &y, &m, &d);
    return y != year || m != month || d != date;
}

static int parse_number_option(int option, const char *value, simulate_job_options *o)
{
    size_t number;
    double real;
    simulate_options *s = &o->simulation;
    switch (option) {
    case 'g':
        if (cmd_parse_double(value, &real) || real < 0 || real > 1) return cmd_usage_error("simulate", "--veg-fraction: '%s' is not 0…1", value);
        s->closure.veg_fraction = real;
        return EXIT_OK;
    case 'N':
        if (cmd_parse_size(value, &number) || number < 1 || number > 4) return cmd_usage_error("simulate", "--root-layers: '%s' is not 1…4", value);
        s->closure.root_layers = (int)number;
        return EXIT_OK;
    case 'B':
        if (cmd_parse_size(value, &number) || number < 1 || number > 3) return cmd_usage_error("simulate", "--btran: '%s' is not 1, 2 or 3", value);
        s->closure.btran_option = (int)number;
        return EXIT_OK;
    case 'H':
        if (cmd_parse_size(value, &number) || number < 1 || number > 24) return cmd_usage_error("simulate", "--rain-hours: '%s' is not 1…24", value);
        s->rain_hours = (int)number;
        return EXIT_OK;
    case 'U':
        if (cmd_parse_size(value, &number) || number > 1000) return cmd_usage_error("simulate", "--spinup-loops: '%s' is not 0…1000", value);
        s->spinup_max_loops = (int)number;
        return EXIT_OK;
    case 'l':
        if (cmd_parse_size(value, &number) || number == 0) return cmd_usage_error("simulate", "--layer: '%s' is not a layer number (1, 2, …)", value);
        o->soil.layer = number - 1;
        return EXIT_OK;
    }
    return EXIT_USAGE;
}

/* --engine hrldas needs --hrldas-exe; the --hrldas-* options mean nothing to the column. */
static int check_engine(simulate_arguments *a, simulate_job_options *o)
{
    if (o->engine == SIMULATE_ENGINE_COLUMN) {
        if (a->hrldas_option_given) return cmd_usage_error("simulate", "--hrldas-* options need --engine hrldas");
        return EXIT_OK;
    }
    if (a->column_option)
        return cmd_usage_error("simulate", "%s is an option of the column engine; Noah-MP in HRLDAS computes ET from its "
                               "own energy balance", a->column_option);
    dt_error err;
    if (hrldas_check_exe(o->hrldas.exe, &err) != DT_OK) return cmd_usage_error("simulate", "%s", err.text);
    o->hrldas.spinup_loops = a->spinup_given ? o->simulation.spinup_max_loops : 0;
    if (!o->hrldas.workdir) {
        size_t size = strlen(a->output) + 8;
        a->workdir_text = dt_malloc(size);
        snprintf(a->workdir_text, size, "%s.hrldas", a->output);
        o->hrldas.workdir = a->workdir_text;
    }
    o->hrldas.shdmax = 100.0 * o->simulation.closure.veg_fraction;
    return EXIT_OK;
}

static int parse(int argc, char **argv, void *arguments, void *options)
{
    simulate_arguments *a = arguments;
    simulate_job_options *o = options;
    static const struct option long_options[] = {
        {"forcing", required_argument, NULL, 'f'},     {"precip-variable", required_argument, NULL, '4'},
        {"pet-variable", required_argument, NULL, '5'}, {"soil", required_argument, NULL, 's'},
        {"optimised", required_argument, NULL, 'O'},   {"optimized", required_argument, NULL, 'O'},
        {"reference", required_argument, NULL, 'r'},   {"output", required_argument, NULL, 'o'},
        {"stations", required_argument, NULL, 'W'},    {"met-variables", required_argument, NULL, 'M'},
        {"ptf", required_argument, NULL, 'p'},         {"experiment", required_argument, NULL, 'E'},
        {"start", required_argument, NULL, 'a'},       {"end", required_argument, NULL, 'b'},
        {"veg-fraction", required_argument, NULL, 'g'}, {"root-layers", required_argument, NULL, 'N'},
        {"btran", required_argument, NULL, 'B'},       {"soil-evaporation", required_argument, NULL, 'X'},
        {"rain-hours", required_argument, NULL, 'H'},  {"spinup-loops", required_argument, NULL, 'U'},
        {"sand-variable", required_argument, NULL, '1'}, {"clay-variable", required_argument, NULL, '2'},
        {"soc-variable", required_argument, NULL, '3'}, {"layer", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 'j'},     {"tile", required_argument, NULL, 'T'},
        {"resume", no_argument, NULL, 'R'},            {"progress", required_argument, NULL, 'P'},
        {"engine", required_argument, NULL, 'e'},      {"hrldas-exe", required_argument, NULL, 'x'},
        {"hrldas-workdir", required_argument, NULL, 'w'}, {"hrldas-vegetation-type", required_argument, NULL, 'y'},
        {"help", no_argument, NULL, 'h'},              {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int option;
    dt_error err;
    optind = 1;
    while ((option = getopt_long(argc, argv, "f:s:O:r:o:p:j:l:h", long_options, NULL)) != -1) {
        switch (option) {
        case 'f': a->forcing = optarg; break;
        case '4': o->precip_variable = optarg; break;
        case '5': o->pet_variable = optarg; break;
        case 's':
            a->soil = dt_realloc(a->soil, (a->nsoil + 1) * sizeof *a->soil);
            a->soil[a->nsoil++] = optarg;
            break;
        case 'O': a->optimised = optarg; break;
        case 'r': if (parse_reference(a, optarg) != EXIT_OK) return EXIT_USAGE; break;
        case 'o': a->output = optarg; break;
        case 'W': o->stations = optarg; break;
        case 'M': if (parse_met_variables(a, o, optarg) != EXIT_OK) return EXIT_USAGE; break;
        case 'p':
            if (ptf_parse_name(optarg, &o->ptf.scheme, &err)) return cmd_usage_error("simulate", "--ptf: %s", err.text);
            o->ptf_given = 1;
            break;
        case 'E':
            if (simulate_experiment_parse(optarg, &o->experiment, &err)) return cmd_usage_error("simulate", "--experiment: %s", err.text);
            o->ptf.scheme = o->experiment == SIMULATE_GSDE_SR06 ? PTF_SR06 : PTF_CH78;
            o->ptf_given = 1;
            break;
        case 'a': if (parse_date(optarg, &o->start_day)) return cmd_usage_error("simulate", "--start: '%s' is not YYYY-MM-DD", optarg); break;
        case 'b': if (parse_date(optarg, &o->end_day)) return cmd_usage_error("simulate", "--end: '%s' is not YYYY-MM-DD", optarg); break;
        case 'X':
            if (strcmp(optarg, "noah") == 0) o->simulation.closure.evaporation = EVAPORATION_NOAH;
            else if (strcmp(optarg, "resistance") == 0) o->simulation.closure.evaporation = EVAPORATION_RESISTANCE;
            else return cmd_usage_error("simulate", "--soil-evaporation: '%s' is not noah or resistance", optarg);
            a->column_option = "--soil-evaporation";
            break;
        case 'g': case 'N': case 'B': case 'H': case 'U': case 'l':
            if (parse_number_option(option, optarg, o) != EXIT_OK) return EXIT_USAGE;
            if (option == 'N') a->column_option = "--root-layers";
            if (option == 'B') a->column_option = "--btran";
            if (option == 'H') a->column_option = "--rain-hours";
            a->spinup_given |= option == 'U';
            break;
        case 'e':
            if (strcmp(optarg, "column") == 0) o->engine = SIMULATE_ENGINE_COLUMN;
            else if (strcmp(optarg, "hrldas") == 0) o->engine = SIMULATE_ENGINE_HRLDAS;
            else return cmd_usage_error("simulate", "--engine: '%s' is not column or hrldas", optarg);
            break;
        case 'x': o->hrldas.exe = optarg, a->hrldas_option_given = 1; break;
        case 'w': o->hrldas.workdir = optarg, a->hrldas_option_given = 1; break;
        case 'y': {
            size_t number;
            if (cmd_parse_size(optarg, &number) || number < 1 || number > 20 || number == HRLDAS_MODIS_WATER)
                return cmd_usage_error("simulate", "--hrldas-vegetation-type: '%s' is not a MODIS-IGBP land class 1…20", optarg);
            o->hrldas.vegetation_type = (int)number;
            a->hrldas_option_given = 1;
            break;
        }
        case '1': o->soil.variable[SOIL_SAND] = optarg; break;
        case '2': o->soil.variable[SOIL_CLAY] = optarg; break;
        case '3': o->soil.variable[SOIL_SOC] = optarg; break;
        case 'h': cmd_print_help("simulate", help_text); return -1; /* done: help or version shown */
        case 'V': cmd_print_version(); return -1;
        default:
            if (cmd_job_option("simulate", option, optarg, &o->job, &o->resume, &a->progress_fd) != EXIT_OK)
                return EXIT_USAGE;
            break;
        }
    }
    if (optind < argc) return cmd_usage_error("simulate", "unexpected argument '%s'", argv[optind]);
    if (!a->forcing) return cmd_usage_error("simulate", "no forcing given (--forcing FILE)");
    if (!a->nsoil) return cmd_usage_error("simulate", "no soil given (--soil FILE)");
    if (!a->output) return cmd_usage_error("simulate", "no output given (--output FILE)");
    if (cmd_output_usable("simulate", "--output", a->output) != EXIT_OK) return EXIT_USAGE;
    if (cmd_output_distinct("simulate", "--output", a->output, "--forcing", a->forcing) != EXIT_OK ||
        cmd_output_distinct("simulate", "--output", a->output, "--optimised", a->optimised) != EXIT_OK ||
        cmd_output_distinct("simulate", "--output", a->output, "--stations", o->stations) != EXIT_OK)
        return EXIT_USAGE;
    for (size_t i = 0; i < a->nsoil; i++)
        if (cmd_output_distinct("simulate", "--output", a->output, "--soil", a->soil[i]) != EXIT_OK) return EXIT_USAGE;
    for (size_t i = 0; i < a->nreferences; i++)
        if (cmd_output_distinct("simulate", "--output", a->output, "--reference", a->reference[i].path) != EXIT_OK)
            return EXIT_USAGE;
    if (o->end_day < o->start_day) return cmd_usage_error("simulate", "--end is before --start");
    return check_engine(a, o);
}

static void print_summary(const simulate_summary *s)
{
    fprintf(stderr, "drytex: %zu cells: %zu simulated, %zu with both textures\n", s->cells, s->simulated, s->calibrated);
    for (size_t k = 0; k < s->references; k++) {
        const simulate_reference_summary *r = &s->reference[k];
        fprintf(stderr, "  against %-12s RMSE improved in %zu of %zu cells (%.1f %%); mean RMSE %.4f → %.4f m3 m-3\n",
                r->name, r->improved, r->compared, r->compared ? 100.0 * (double)r->improved / (double)r->compared : 0.0,
                r->rmse_baseline, r->rmse_optimised);
    }
    if (s->hrldas_seconds > 0)
        fprintf(stderr, "  hrldas.exe: %.1f s wall for the runs (the textures at once)\n", s->hrldas_seconds);
    if (s->stations)
        fprintf(stderr, "  stations: half-monthly RMSE improved at %zu of %zu (%zu outside the grid or without data)\n",
                s->stations_improved, s->stations_compared, s->stations - s->stations_compared);
    if (s->references) cmd_report_masked((size_t)s->sm_masked, "in the references");
}

static void free_arguments(simulate_arguments *a)
{
    free(a->soil);
    for (size_t k = 0; k < a->nreferences; k++) free(a->reference_text[k]);
    free(a->met_text);
    free(a->workdir_text);
}

static int run_simulate(int argc, char **argv, void *arguments, void *options_given, job_group *group)
{
    const simulate_arguments *a = arguments;
    const simulate_job_options *options = options_given;
    simulate_job_options o = *options;
    int rank = job_group_rank(group);
    char *history = cmd_joined_command_line(argc, argv);
    o.history = history;
    o.job.stop = cmd_stop_on_signals();
    o.job.group = group;
    progress bar;
    if (rank == 0) {
        progress_start(&bar, "simulate", 0, a->progress_fd);
        o.job.progress = progress_report;
        o.job.progress_begin = progress_begin_report;
        o.job.progress_context = &bar;
    }
    simulate_summary summary;
    dt_error err;
    int status = simulate_job_run(a->forcing, a->soil, a->nsoil, a->optimised, a->reference, a->nreferences, a->output,
                                  &o, &summary, &err);
    if (rank == 0) progress_finish(&bar, status == DT_OK);
    free(history);
    if (status == DT_ERR_INTERRUPTED) {
        if (rank == 0)
            fprintf(stderr, "drytex: simulate: interrupted; %s.partial keeps the finished tiles: add --resume to continue\n",
                    a->output);
        return EXIT_RUNTIME;
    }
    if (status != DT_OK) return cmd_job_fail(group, &err);
    if (rank == 0) {
        fprintf(stderr, "drytex: wrote %s\n", a->output);
        print_summary(&summary);
    }
    return EXIT_OK;
}

int cmd_simulate(int argc, char **argv)
{
    static const cmd_job_command command = {"simulate", parse, run_simulate};
    simulate_arguments a = {.progress_fd = -1};
    simulate_job_options o;
    simulate_job_default_options(&o);
    int code = cmd_job_main(&command, argc, argv, &a, &o);
    free_arguments(&a);
    return code;
}
