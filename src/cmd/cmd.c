/* cmd.c — the command table and the helpers every command shares. */
#include "cmd.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "job_mpi.h"
#include "job_output.h"
#include "progress.h"

#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <sys/stat.h>

static const cmd_entry table[] = {
    {"demo", "[DIR]", "write the demo data set and print how to open it", cmd_demo},
    {"info", "FILE...", "what drytex sees in a file: grid, CRS, variables, units, time, layers", cmd_info},
    {"ingest", "FILES... -o CUBE", "daily files → one cube chunked for fast per-cell reads", cmd_ingest},
    {"drydowns", "--sm CUBE -o THRESHOLDS.nc [--events EVENTS.csv] [--preset P]", "drydowns, θw and θc for every cell", cmd_drydowns},
    {"calibrate", "--thresholds T.nc --soil SOIL.nc --ptf P -o OPTIMISED.nc", "calibrate every cell's texture against its θw and θc", cmd_calibrate},
    {"simulate", "--forcing F.nc --soil SOIL.nc [--optimised OPT.nc] [--reference [NAME=]SM.nc] -o COMPARE.nc", "the Noah-MP soil column over every cell, baseline vs optimised texture, against references", cmd_simulate},
    {"cell", "--sm CUBE [--soil SOIL.nc] --lat Y --lon X | --cell ROW,COL", "one cell's drydowns, thresholds and calibration, as text or JSON", cmd_cell},
    {"column", "--fluxes F.csv (--ptf P --sand S --clay C | --param k=v,…)", "one Noah-MP soil column driven by its boundary fluxes → θ per layer as CSV", cmd_column},
    {"ptf", "--ptf P < sand,clay,soc CSV", "texture → hydraulic parameters through a pedotransfer function", cmd_ptf},
    {NULL, NULL, NULL, NULL},
};

const cmd_entry *cmd_table(void)
{
    return table;
}

const cmd_entry *cmd_find(const char *name)
{
    for (const cmd_entry *c = table; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

void cmd_note_subdaily(const char *path, const char *variable, size_t sharing, size_t most_a_day)
{
    if (sharing == 0) return;
    fprintf(stderr, "drytex: %s: %s: a sub-daily series (up to %zu steps a day, %zu sharing a day with another): "
            "each day is the mean of its steps\n", path, variable ? variable : "", most_a_day, sharing);
}

void cmd_report_masked(size_t masked, const char *when)
{
    fprintf(stderr, "  soil moisture: %zu value%s outside 0 … 1 m3 m-3 (or of saturation) masked as impossible, not used%s%s\n",
            masked, masked == 1 ? "" : "s", when ? " " : "", when ? when : "");
}

int cmd_fail(const dt_error *err)
{
    fprintf(stderr, "drytex: %s\n", err->text[0] ? err->text : dt_status_name(err->code));
    return err->code == DT_ERR_USAGE ? EXIT_USAGE : EXIT_RUNTIME;
}

int cmd_usage_error(const char *command, const char *format, ...)
{
    va_list args;
    fprintf(stderr, "drytex: %s: ", command);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fprintf(stderr, "\nTry 'drytex %s --help'.\n", command);
    return EXIT_USAGE;
}

void cmd_print_help(const char *command, const char *options_text)
{
    const cmd_entry *c = cmd_find(command);
    if (c) printf("Usage: drytex %s %s\n%s.\n", c->name, c->synopsis, c->summary);
    if (options_text && *options_text) printf("\n%s", options_text);
    printf("\n  -h, --help     show this help and exit\n      --version  show the version and exit\n");
}

void cmd_print_version(void)
{
    printf("drytex %s\n", PACKAGE_VERSION);
}

int cmd_parse_size(const char *text, size_t *value)
{
    char *end;
    errno = 0;
    if (!text || !*text || *text == '-') return DT_ERR_USAGE;
    unsigned long long parsed = strtoull(text, &end, 10);
    if (errno || *end) return DT_ERR_USAGE;
    *value = (size_t)parsed;
    return DT_OK;
}

int cmd_parse_double(const char *text, double *value)
{
    char *end;
    errno = 0;
    if (!text || !*text) return DT_ERR_USAGE;
    double parsed = strtod(text, &end);
    if (errno || *end || !isfinite(parsed)) return DT_ERR_USAGE; /* nan and inf pass every range check */
    *value = parsed;
    return DT_OK;
}

/* The resolved directory and base name of PATH, for a name that need not exist yet; NULL when
 * its directory cannot be resolved. free() it. */
static char *resolved_name(const char *path)
{
    char *dir_copy = dt_malloc(strlen(path) + 1), *base_copy = dt_malloc(strlen(path) + 1);
    strcpy(dir_copy, path);
    strcpy(base_copy, path);
    char *dir = realpath(dirname(dir_copy), NULL), *name = NULL;
    if (dir) {
        const char *base = basename(base_copy);
        name = dt_malloc(strlen(dir) + strlen(base) + 2);
        sprintf(name, "%s/%s", dir, base);
        free(dir);
    }
    free(dir_copy);
    free(base_copy);
    return name;
}

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea || eb) return 0;
    char *ra = resolved_name(a), *rb = resolved_name(b);
    int same = ra && rb ? strcmp(ra, rb) == 0 : strcmp(a, b) == 0;
    free(ra);
    free(rb);
    return same;
}

int cmd_output_distinct(const char *command, const char *output_option, const char *output,
                        const char *input_option, const char *input)
{
    if (!output || !input) return EXIT_OK;
    char *partial = dt_malloc(strlen(output) + sizeof ".partial");
    sprintf(partial, "%s.partial", output);
    int clash = same_file(output, input) || same_file(partial, input);
    free(partial);
    if (!clash) return EXIT_OK;
    return cmd_usage_error(command, "%s %s is the same file as %s %s", output_option, output, input_option, input);
}

int cmd_output_usable(const char *command, const char *option, const char *output)
{
    struct stat st;
    if (!output) return EXIT_OK;
    if (!*output) return cmd_usage_error(command, "%s: the file name is empty", option);
    if (stat(output, &st) == 0 && !S_ISREG(st.st_mode))
        return cmd_usage_error(command, "%s %s: %s", option, output,
                               S_ISDIR(st.st_mode) ? "is a directory" : "exists and is not a regular file");
    return EXIT_OK;
}

char *cmd_joined_command_line(int argc, char **argv)
{
    size_t length = sizeof "drytex";
    for (int i = 0; i < argc; i++) length += strlen(argv[i]) + 1;
    char *line = dt_malloc(length);
    strcpy(line, "drytex");
    for (int i = 0; i < argc; i++) {
        strcat(line, " ");
        strcat(line, argv[i]);
    }
    return line;
}

/* The flag a SIGINT or SIGTERM raises: the job engine finishes the tiles in hand and stops. */
static volatile sig_atomic_t stop_requested;

static void request_stop(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

volatile sig_atomic_t *cmd_stop_on_signals(void)
{
    stop_requested = 0;
    struct sigaction action = {.sa_handler = request_stop};
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    return &stop_requested;
}

int cmd_job_option(const char *command, int option, const char *value, job_config *job, int *resume,
                   int *progress_fd)
{
    size_t number;
    switch (option) {
    case CMD_OPTION_THREADS:
        if (cmd_parse_size(value, &number) || number == 0 || number > 1024)
            return cmd_usage_error(command, "--threads: '%s' is not a whole number 1…1024", value);
        job->threads = (int)number;
        return EXIT_OK;
    case CMD_OPTION_TILE:
        if (cmd_parse_size(value, &number) || number == 0 || number > 4096)
            return cmd_usage_error(command, "--tile: '%s' is not a whole number 1…4096", value);
        job->tile_rows = job->tile_cols = number;
        return EXIT_OK;
    case CMD_OPTION_RESUME:
        *resume = 1;
        return EXIT_OK;
    case CMD_OPTION_PROGRESS:
        if (progress_parse_fd(value, progress_fd) != 0)
            return cmd_usage_error(command, "--progress: '%s' is not an open file descriptor", value);
        return EXIT_OK;
    }
    return cmd_usage_error(command, "unknown option");
}

static int job_group_open_or_fail(job_group **group)
{
    dt_error err;
    if (job_group_open(group, &err) != DT_OK) return cmd_fail(&err);
    return EXIT_OK;
}

/* Every rank goes on only if every rank accepted its command line (parsed: EXIT_OK to go on). */
static int job_agree_parsed(job_group *group, const char *command, int parsed)
{
    dt_error err;
    dt_error_set(&err, DT_ERR_USAGE, "%s: the command line was refused there (its message is above)", command);
    int agreed = job_group_agree(group, parsed == EXIT_OK ? DT_OK : DT_ERR_USAGE, &err);
    if (parsed != EXIT_OK) return parsed; /* this rank printed why (or its help) */
    return agreed == DT_OK ? EXIT_OK : cmd_job_fail(group, &err);
}

int cmd_job_main(const cmd_job_command *command, int argc, char **argv, void *arguments, void *options)
{
    int parsed = command->parse(argc, argv, arguments, options);
    job_group *group;
    int code = job_group_open_or_fail(&group);
    if (code == EXIT_OK) {
        code = job_agree_parsed(group, command->name, parsed);
        if (code == EXIT_OK) code = command->run(argc, argv, arguments, options, group);
        job_group_close(group);
    }
    return code < 0 ? EXIT_OK : code; /* < 0: help or version shown */
}

int cmd_job_fail(const job_group *group, const dt_error *err)
{
    if (job_group_rank(group) == 0) return cmd_fail(err);
    return err->code == DT_ERR_USAGE ? EXIT_USAGE : EXIT_RUNTIME;
}

int cmd_station_option(const char *command, int option, const char *text, ismn_options *o)
{
    size_t whole;
    switch (option) {
    case CMD_OPTION_DEPTH:
        if (cmd_parse_double(text, &o->depth) || !(o->depth >= 0 && o->depth < 10))
            return cmd_usage_error(command, "--depth: '%s' is not a depth in metres (0…10)", text);
        return 1;
    case CMD_OPTION_FLAGS:
        if (!*text || strlen(text) >= sizeof o->kept_flags || strspn(text, "GUCDgucd") != strlen(text))
            return cmd_usage_error(command, "--flags: '%s' is not a set of ISMN flag letters (G, U, C, D)", text);
        for (size_t i = 0; i <= strlen(text); i++) o->kept_flags[i] = (char)toupper((unsigned char)text[i]);
        return 1;
    case CMD_OPTION_MIN_HOURS:
        if (cmd_parse_size(text, &whole) || whole < 1 || whole > 24)
            return cmd_usage_error(command, "--min-hours: '%s' is not a whole number 1…24", text);
        o->min_hours = whole;
        return 1;
    }
    return 0;
}

void cmd_warn_collection(const char *command, size_t nfiles)
{
    fprintf(stderr, "drytex: %s: warning: %zu daily files are opened and read again for every tile of cells, which is "
            "slow (a 40 × 60 × 6-year world: 130 s instead of 1 s from a cube); write the cube once with "
            "'drytex ingest FILES... -o CUBE.nc' and give --sm CUBE.nc\n", command, nfiles);
}

int cmd_steps_option(const char *command, int option, const char *text, size_t *steps)
{
    if (option != CMD_OPTION_MIN_STEPS) return 0;
    if (cmd_parse_size(text, steps) || *steps < 1 || *steps > 1440)
        return cmd_usage_error(command, "--min-steps: '%s' is not a whole number 1…1440", text);
    return 1;
}

int cmd_porosity_option(const char *command, const char *text, double *porosity, const char **file)
{
    if (cmd_parse_double(text, porosity) != 0) {
        *porosity = 0;
        *file = text; /* a map */
        return EXIT_OK;
    }
    if (!(*porosity > 0 && *porosity <= 1))
        return cmd_usage_error(command, "--porosity: '%s' is not a porosity 0…1 (m3 m-3)", text);
    return EXIT_OK;
}
