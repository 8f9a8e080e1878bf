/* cmd-ingest.c — `drytex ingest FILES... -o CUBE`: daily files → one per-cell-chunked cube. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cube.h"
#include "ingest_mpi.h"
#include "job_inputs.h"
#include "job_lock.h"
#include "job_output.h"
#include "progress.h"
#include "series.h"

static const char help_text[] =
    "Reads a daily soil-moisture collection (one file per day, dated by the time variable or the\n"
    "file name: ESA CCI SM, SMAP L3, NNSM, …) or one multi-day file, and writes a CF-1.8 netCDF-4\n"
    "cube on a contiguous daily axis, chunked so one cell's whole series is a single read. An ISMN\n"
    "station (a .stm file, its directory, a download's zip) or a date,sm CSV becomes a 1 × 1 cube.\n\n"
    "Options:\n"
    "  -o, --output CUBE      the cube to write (required; written as CUBE.partial, then renamed)\n"
    "  -v, --variable NAME    the soil-moisture variable (default: chosen by standard_name, name,\n"
    "                         units — never a timestamp, flag, uncertainty or count; SMAP L3 with\n"
    "                         both: Soil_Moisture_Retrieval_Data_AM/soil_moisture)\n"
    "      --keep-flagged     keep values the product's quality flag marks (ESA CCI flag ≠ 0)\n"
    CMD_STATION_HELP CMD_STEPS_HELP
    "  -l, --layer N          layer N of a variable with a layer dimension (1 = top)\n"
    "  -m, --memory MB        memory ingest may hold at once, in all its processes (default 512):\n"
    "                         every day in memory when it fits, else spilled beside CUBE\n"
    "  -j, --threads N        worker processes reading files and compressing chunks (default: one\n"
    "                         per core)\n"
    "      --append           add the files' days after the last day of the existing cube CUBE (-o),\n"
    "                         missing days between; refused for another grid, variable or units,\n"
    "                         or dates that overlap; CUBE is rewritten through CUBE.partial\n"
    "      --resume           continue an ingest of daily files that was interrupted (killed), also\n"
    "                         on MPI ranks or with --append: the blocks of cells it wrote are\n"
    "                         verified in CUBE.partial and kept\n"
    "      --progress=FD      machine-readable progress lines on file descriptor FD\n";

typedef struct {
    char *const *paths;
    size_t count;
} ingest_inputs;

/* Share `share` of `shares` of the inputs: [first, end) of them, the same split for describing and checking. */
static void inputs_share(const ingest_inputs *inputs, int share, int shares, size_t *first, size_t *end)
{
    *first = inputs->count * (size_t)share / (size_t)shares;
    *end = inputs->count * (size_t)(share + 1) / (size_t)shares;
}

static int inputs_unchanged(const char *recorded, int share, int shares, void *context, dt_error *err)
{
    const ingest_inputs *inputs = context;
    size_t first, end;
    inputs_share(inputs, share, shares, &first, &end);
    return job_inputs_check(recorded, inputs->paths + first, end - first, err);
}

static int describe_inputs(void *context, int share, int shares, char **text, dt_error *err)
{
    const ingest_inputs *inputs = context;
    size_t first, end;
    inputs_share(inputs, share, shares, &first, &end);
    if (first == end) {
        *text = dt_strdup("");
        return DT_OK;
    }
    return job_inputs_describe(inputs->paths + first, end - first, text, err);
}

int cmd_ingest(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"output", required_argument, NULL, 'o'}, {"variable", required_argument, NULL, 'v'},
        {"layer", required_argument, NULL, 'l'},  {"memory", required_argument, NULL, 'm'},
        {"progress", required_argument, NULL, 'P'}, {"help", no_argument, NULL, 'h'},
        {"threads", required_argument, NULL, 'j'}, {"resume", no_argument, NULL, 'R'},
        {"append", no_argument, NULL, 'A'},
        {"keep-flagged", no_argument, NULL, CMD_OPTION_KEEP_FLAGGED}, CMD_STATION_LONG_OPTIONS, CMD_STEPS_LONG_OPTION,
        {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0}};
    const char *output = NULL;
    field_options fopts;
    field_default_options(&fopts);
    fopts.soil_moisture = 1;
    cube_options copts;
    cube_default_options(&copts);
    int progress_fd = -1, option, append = 0;
    size_t number;
    optind = 1;
    while ((option = getopt_long(argc, argv, "o:v:l:m:j:h", long_options, NULL)) != -1) {
        switch (option) {
        case 'o': output = optarg; break;
        case 'v': fopts.variable = optarg; break;
        case CMD_OPTION_KEEP_FLAGGED: fopts.keep_flagged = 1; break;
        case CMD_OPTION_DEPTH: case CMD_OPTION_FLAGS: case CMD_OPTION_MIN_HOURS:
            if (cmd_station_option("ingest", option, optarg, &fopts.station) != 1) return EXIT_USAGE;
            break;
        case CMD_OPTION_MIN_STEPS:
            if (cmd_steps_option("ingest", option, optarg, &fopts.min_steps_per_day) != 1) return EXIT_USAGE;
            break;
        case 'l':
            if (cmd_parse_size(optarg, &number) != DT_OK || number == 0)
                return cmd_usage_error("ingest", "--layer: '%s' is not a layer number (1, 2, …)", optarg);
            fopts.layer = number - 1;
            break;
        case 'm': {
            double megabytes;
            if (cmd_parse_double(optarg, &megabytes) != DT_OK || !(megabytes >= 0.001 && megabytes <= 1048576.0))
                return cmd_usage_error("ingest", "--memory: '%s' is not a size in MB (0.001…1048576)", optarg);
            copts.memory_budget = (size_t)(megabytes * 1048576.0);
            break;
        }
        case 'j':
            if (cmd_parse_size(optarg, &number) != DT_OK || number == 0 || number > 1024)
                return cmd_usage_error("ingest", "--threads: '%s' is not a whole number 1…1024", optarg);
            copts.workers = (int)number;
            break;
        case 'R': copts.resume = 1; break;
        case 'A': append = 1; break;
        case 'P':
            if (progress_parse_fd(optarg, &progress_fd) != 0)
                return cmd_usage_error("ingest", "--progress: '%s' is not an open file descriptor", optarg);
            break;
        case 'h': cmd_print_help("ingest", help_text); return EXIT_OK;
        case 'V': cmd_print_version(); return EXIT_OK;
        default: return cmd_usage_error("ingest", "unknown option");
        }
    }
    if (!output) return cmd_usage_error("ingest", "no output given (-o CUBE)");
    if (cmd_output_usable("ingest", "--output", output) != EXIT_OK) return EXIT_USAGE;
    if (optind >= argc) return cmd_usage_error("ingest", "no input files given");
    for (int i = optind; i < argc; i++)
        if (cmd_output_distinct("ingest", "--output", output, "the input", argv[i]) != EXIT_OK) return EXIT_USAGE;
    dt_error err;
    job_output_process_start(); /* before anything opens a netCDF-4 file */
    job_group *group; /* MPI ranks (under mpirun), or NULL */
    if (job_group_open(&group, &err) != DT_OK) return cmd_fail(&err);
    int rank = job_group_rank(group), ranks = job_group_size(group);
    cube_ranks cube_group;
    ingest_mpi_ranks(group, &cube_group);
    copts.ranks = &cube_group;
    series_source *source = NULL;
    int status = series_open(&source, argv + optind, (size_t)(argc - optind), &fopts, &err);
    status = job_group_agree(group, status, &err);
    if (status != DT_OK) {
        if (source) series_close(source);
        int code = cmd_job_fail(group, &err);
        job_group_close(group);
        return code;
    }
    if (source->cube && rank == 0)
        cmd_note_subdaily(source->cube->path, source->variable, source->steps_sharing_day, source->most_steps_a_day);
    char *history = cmd_joined_command_line(argc, argv);
    copts.history = history;
    /* an ingest of a collection is resumable, on one process or on ranks, and so is an append (whose
     * existing cube is one more input, fingerprinted): one ingest at a time on the output (its lock,
     * which rank 0 holds: only rank 0 writes) */
    int resumable = !source->cube && !source->point;
    size_t ninputs = (size_t)(argc - optind);
    char **input_paths = dt_calloc(ninputs + 1, sizeof *input_paths);
    for (size_t i = 0; i < ninputs; i++) input_paths[i] = argv[optind + (int)i];
    if (append) input_paths[ninputs++] = (char *)output;
    ingest_inputs inputs = {input_paths, ninputs};
    char *lock_path = dt_malloc(strlen(output) + sizeof ".partial.lock");
    sprintf(lock_path, "%s.partial.lock", output);
    job_lock lock = {-1, NULL};
    if (resumable && rank == 0) status = job_lock_take(&lock, lock_path, history, &err);
    status = job_group_agree(group, status, &err);
    copts.describe_inputs = resumable ? describe_inputs : NULL; /* while the files are read (cube.h) */
    copts.inputs_unchanged = inputs_unchanged;
    copts.inputs_context = &inputs;
    cube_report report = {0};
    progress bar;
    progress_start(&bar, "ingest", 0, rank == 0 ? progress_fd : -1);
    series_source *cube = NULL;
    size_t old_days = 0;
    if (status == DT_OK && append) { /* the cube as a source: its variable chosen as the files' was */
        field_options cube_options;
        field_default_options(&cube_options);
        cube_options.soil_moisture = 1;
        char *cube_path[] = {(char *)output};
        status = series_open(&cube, cube_path, 1, &cube_options, &err);
        if (status == DT_OK) old_days = cube->ndays;
        if (status == DT_OK) status = cube_append(cube, source, output, &copts, progress_report, &bar, &report, &err);
    } else if (status == DT_OK) {
        status = cube_ingest(source, output, &copts, rank == 0 ? progress_report : NULL, &bar, &report, &err);
    }
    status = job_group_agree(group, status, &err);
    if (rank == 0) progress_finish(&bar, status == DT_OK);
    job_lock_release(&lock);
    free(lock_path);
    free(input_paths);
    if (status == DT_OK && report.blocks_resumed > 0)
        fprintf(stderr, "drytex: resumed: %zu blocks of cells verified in %s.partial and kept\n", report.blocks_resumed,
                output);
    if (status == DT_OK && append)
        fprintf(stderr, "drytex: appended %zu days to %s (%zu files): now %zu days\n", source->ndays - old_days, output,
                source->nfiles, source->ndays);
    if (cube) series_close(cube);
    if (status == DT_OK && rank == 0 && report.workers > 0)
        fprintf(stderr, "drytex: wrote %s: %zu days, %zu × %zu cells (%s%d worker%s, days %s; %zu chunks written, %zu "
                "all missing; files read in %.2f s, chunks written in %.2f s)\n", output, source->ndays,
                grid_rows(source->grid), grid_cols(source->grid), ranks > 1 ? "MPI ranks, rank 0: " : "",
                report.workers, report.workers == 1 ? "" : "s", report.spilled ? "spilled to disk" : "held in memory",
                report.chunks_written, report.chunks_empty, report.seconds_read, report.seconds_write);
    else if (status == DT_OK && rank == 0)
        fprintf(stderr, "drytex: wrote %s: %zu days, %zu × %zu cells\n", output, source->ndays,
                grid_rows(source->grid), grid_cols(source->grid));
    if (status == DT_OK && rank == 0) cmd_report_masked(source->masked_out_of_range, append ? "in the new files" : NULL);
    series_close(source);
    free(history);
    int code = status == DT_OK ? EXIT_OK : cmd_job_fail(group, &err);
    job_group_close(group);
    return code;
}
