/* cmd.h — the command table: one file per command, shared by the CLI (and later the explorer). */
#ifndef DRYTEX_CMD_H
#define DRYTEX_CMD_H

#include <signal.h>

#include "ismn.h"
#include "job.h"
#include "status.h"

/* Exit codes of every command (DESIGN.md §3). */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Long-only options of the commands that read soil moisture (ingest, drydowns, cell). */
enum { CMD_OPTION_KEEP_FLAGGED = 0x200, CMD_OPTION_POROSITY, CMD_OPTION_SAND, CMD_OPTION_CLAY, CMD_OPTION_SOC,
       CMD_OPTION_DEPTH, CMD_OPTION_FLAGS, CMD_OPTION_MIN_HOURS, CMD_OPTION_MIN_STEPS };

/* Says on stderr that a collection of daily files is read file by file for every tile (or cell),
 * which is slow, and how to ingest it first. cell warns beyond CMD_SLOW_COLLECTION_FILES files. */
void cmd_warn_collection(const char *command, size_t nfiles);
#define CMD_SLOW_COLLECTION_FILES 366

/* The station options (--depth M, --flags LETTERS, --min-hours N) into o: 1 when option was one
 * of them, 0 when not, EXIT_USAGE after printing the error for a bad value. */
int cmd_station_option(const char *command, int option, const char *text, ismn_options *o);
/* --min-steps N into *steps: 1 when option was it, 0 when not, EXIT_USAGE after the error. */
int cmd_steps_option(const char *command, int option, const char *text, size_t *steps);
/* --porosity VALUE|FILE: a number 0…1 [m3 m-3] into *porosity, else a porosity map's path into
 * *file (and *porosity 0). Returns EXIT_OK, or EXIT_USAGE after printing why. */
int cmd_porosity_option(const char *command, const char *text, double *porosity, const char **file);
#define CMD_STATION_LONG_OPTIONS                                                                  \
    {"depth", required_argument, NULL, CMD_OPTION_DEPTH}, {"flags", required_argument, NULL, CMD_OPTION_FLAGS}, \
    {"min-hours", required_argument, NULL, CMD_OPTION_MIN_HOURS}
#define CMD_STEPS_LONG_OPTION {"min-steps", required_argument, NULL, CMD_OPTION_MIN_STEPS}
#define CMD_STATION_HELP                                                                          \
    "      --depth M           ISMN station: the layer whose top is at M metres (default: the\n" \
    "                          shallowest within 0–0.05 m)\n"                                   \
    "      --flags LETTERS     ISMN quality flags kept (default GU: good, unchecked; C and D dropped)\n" \
    "      --min-hours N       ISMN station: a day's mean needs N kept hourly values (default 12)\n"
#define CMD_STEPS_HELP "      --min-steps N       a sub-daily product: a day's mean needs N valid steps (default 1)\n"

typedef struct {
    const char *name;
    const char *synopsis;    /* one line: the arguments */
    const char *summary;     /* one line: what it does */
    int (*run)(int argc, char **argv); /* argv[0] is the command name; returns an exit code */
} cmd_entry;

const cmd_entry *cmd_table(void);               /* terminated by an entry with name NULL */
const cmd_entry *cmd_find(const char *name);

/* Prints "drytex: MESSAGE" to stderr and returns the exit code matching the error. */
int cmd_fail(const dt_error *err);
/* A sub-daily cube is averaged to days by series_read_*: says so on stderr (one line naming the
 * file), so an hourly series is never collapsed in silence. Prints nothing for a daily series. */
void cmd_note_subdaily(const char *path, const char *variable, size_t sharing, size_t most_a_day);
/* A job's summary line: the soil-moisture values masked at the door as physically impossible
 * (series.h; the output's SERIES_MASKED_ATTRIBUTE), and when, if not by this job (or NULL). */
void cmd_report_masked(size_t masked, const char *when);
/* Prints "drytex: NAME: MESSAGE" and a hint to run --help; returns EXIT_USAGE. */
int cmd_usage_error(const char *command, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Prints the command's help: synopsis, summary and the options text. */
void cmd_print_help(const char *command, const char *options_text);
void cmd_print_version(void);

/* Parses a whole non-negative integer or a finite number (not nan or inf); returns 0 or
 * DT_ERR_USAGE. */
int cmd_parse_size(const char *text, size_t *value);
int cmd_parse_double(const char *text, double *value);

/* Refuses an output that would overwrite an input: returns EXIT_OK when OUTPUT (or OUTPUT.partial,
 * which a job writes first) is not the same file as INPUT (NULL: nothing to check), else prints
 * "drytex: COMMAND: OUTPUT_OPTION OUTPUT is the same file as INPUT_OPTION INPUT" and returns
 * EXIT_USAGE. Two names are the same file when they have one device and inode, or, for names not
 * yet created, one resolved directory and base name. */
int cmd_output_distinct(const char *command, const char *output_option, const char *output,
                        const char *input_option, const char *input);

/* Refuses an output name that cannot become a regular file: returns EXIT_OK, or EXIT_USAGE after
 * "drytex: COMMAND: OPTION: ..." when OUTPUT is empty or names an existing directory, device or
 * other non-regular file (which the rename into place would fail on, or replace). NULL passes. */
int cmd_output_usable(const char *command, const char *option, const char *output);

/* "drytex ARG…" — the command line for a history attribute; free() it. */
char *cmd_joined_command_line(int argc, char **argv);

/* The options every domain job takes: -j/--threads, --tile, --resume, --progress=FD, applied to
 * job. Returns EXIT_OK when option was one of them, else EXIT_USAGE after printing the error (an
 * unknown option included). */
int cmd_job_option(const char *command, int option, const char *value, job_config *job, int *resume,
                   int *progress_fd);
enum { CMD_OPTION_THREADS = 'j', CMD_OPTION_TILE = 'T', CMD_OPTION_RESUME = 'R', CMD_OPTION_PROGRESS = 'P' };

/* A domain job command (drydowns, calibrate, simulate): its name, its parser and its run, over
 * the command's own arguments and options structs. parse returns EXIT_OK to run, EXIT_USAGE after
 * printing why, or < 0 after printing the help or the version; run returns an exit code. */
typedef struct {
    const char *name;
    int (*parse)(int argc, char **argv, void *arguments, void *options);
    int (*run)(int argc, char **argv, void *arguments, void *options, job_group *group);
} cmd_job_command;

/* The shell every domain job command shares, on MPI ranks or as one process (job_mpi.h): parses
 * first (before MPI opens descriptors of its own, so --progress=FD is the caller's), joins the
 * ranks, runs only when every rank accepted its command line, and leaves the group. Returns the
 * exit code (EXIT_OK after the help or the version). */
int cmd_job_main(const cmd_job_command *command, int argc, char **argv, void *arguments, void *options);

/* Prints an error every rank shares on rank 0 only, and returns the exit code. */
int cmd_job_fail(const job_group *group, const dt_error *err);

/* Installs SIGINT/SIGTERM handlers that raise the returned flag (for job_config.stop). */
volatile sig_atomic_t *cmd_stop_on_signals(void);

int cmd_calibrate(int argc, char **argv);
int cmd_cell(int argc, char **argv);
int cmd_column(int argc, char **argv);
int cmd_drydowns(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_ptf(int argc, char **argv);
int cmd_simulate(int argc, char **argv);

#endif
