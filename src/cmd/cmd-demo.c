/* cmd-demo.c — `drytex demo [DIR]`: write the synthetic twin world and say how to open it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cftime.h"
#include "cmd.h"
#include "demo_world.h"
#include "demo_write.h"
#include "progress.h"

static const char help_text[] =
    "Writes a small, realistic world in the formats of the real products: daily ESA CCI-like\n"
    "soil-moisture files and their cube, GSDE-like and HWSD-like baseline soil maps (biased on\n"
    "purpose), the true texture and thresholds, a daily forcing and an independent reference SM.\n"
    "DIR defaults to ./drytex-demo. See DIR/README.txt for what is true and what is biased.\n\n"
    "Options:\n"
    "  -s, --seed N           the world's random seed (default 20170601)\n"
    "      --truth-ptf P      PTF that turns the true texture into θw, θc: sr06 (default), ch78, …\n"
    "      --rows N, --cols N the satellite grid's size in 0.25° cells (40 × 60); a smaller world\n"
    "                         keeps the whole arid-to-humid gradient\n"
    "      --years N          years of daily series (10)\n"
    "      --first-year Y     the series start on 1 January of Y (2011), e.g. to overlap in-situ data\n"
    "      --series M         analytic (default: wet to θc, decay to θw) or column (a strict twin:\n"
    "                         the Noah-MP column with the true texture; about 0.1 s per cell)\n"
    "      --progress=FD      machine-readable progress lines on file descriptor FD\n";

int cmd_demo(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"seed", required_argument, NULL, 's'}, {"truth-ptf", required_argument, NULL, 'p'},
        {"progress", required_argument, NULL, 'P'}, {"help", no_argument, NULL, 'h'},
        {"rows", required_argument, NULL, 'r'},   {"cols", required_argument, NULL, 'c'},
        {"years", required_argument, NULL, 'y'},  {"series", required_argument, NULL, 'm'},
        {"first-year", required_argument, NULL, 'Y'},
        {"version", no_argument, NULL, 'V'},    {NULL, 0, NULL, 0}};
    demo_settings settings;
    demo_default_settings(&settings);
    int progress_fd = -1, option;
    size_t seed, number, years = 10, first_year = 2011;
    dt_error err;
    optind = 1;
    while ((option = getopt_long(argc, argv, "s:h", long_options, NULL)) != -1) {
        switch (option) {
        case 's':
            if (cmd_parse_size(optarg, &seed) != DT_OK)
                return cmd_usage_error("demo", "--seed: '%s' is not a whole number", optarg);
            settings.seed = seed;
            break;
        case 'p':
            if (ptf_parse_name(optarg, &settings.truth_ptf, &err) != DT_OK)
                return cmd_usage_error("demo", "--truth-ptf: %s", err.text);
            break;
        case 'r':
        case 'c':
            if (cmd_parse_size(optarg, &number) != DT_OK || number < 2 || number > 400)
                return cmd_usage_error("demo", "--%s: '%s' is not a whole number 2…400", option == 'r' ? "rows" : "cols", optarg);
            *(option == 'r' ? &settings.rows : &settings.cols) = number;
            break;
        case 'y':
            if (cmd_parse_size(optarg, &number) != DT_OK || number < 1 || number > 40)
                return cmd_usage_error("demo", "--years: '%s' is not a whole number 1…40", optarg);
            years = number;
            break;
        case 'Y':
            if (cmd_parse_size(optarg, &number) != DT_OK || number < 1900 || number > 2100)
                return cmd_usage_error("demo", "--first-year: '%s' is not a year 1900…2100", optarg);
            first_year = number;
            break;
        case 'm':
            if (strcmp(optarg, "analytic") == 0) settings.series_model = DEMO_SERIES_ANALYTIC;
            else if (strcmp(optarg, "column") == 0) settings.series_model = DEMO_SERIES_COLUMN;
            else return cmd_usage_error("demo", "--series: '%s' is not analytic or column", optarg);
            break;
        case 'P':
            if (progress_parse_fd(optarg, &progress_fd) != 0)
                return cmd_usage_error("demo", "--progress: '%s' is not an open file descriptor", optarg);
            break;
        case 'h': cmd_print_help("demo", help_text); return EXIT_OK;
        case 'V': cmd_print_version(); return EXIT_OK;
        default: return cmd_usage_error("demo", "unknown option");
        }
    }
    if (argc - optind > 1) return cmd_usage_error("demo", "one directory at most");
    settings.first_day = calendar_days_from_civil((int)first_year, 1, 1);
    settings.ndays = (size_t)(calendar_days_from_civil((int)(first_year + years), 1, 1) - settings.first_day);
    const char *dir = optind < argc ? argv[optind] : "drytex-demo";
    demo_world world;
    if (demo_world_build(&world, &settings, &err) != DT_OK) return cmd_fail(&err);
    progress bar;
    progress_start(&bar, "demo", demo_write_step_count(&settings, DEMO_CONTENTS_ALL), progress_fd);
    int status = demo_write(&world, dir, progress_report, &bar, &err);
    progress_finish(&bar, status == DT_OK);
    demo_world_free(&world);
    if (status != DT_OK) return cmd_fail(&err);
    printf("drytex: wrote the demo world to %s (see %s/README.txt)\n"
           "  explore it:   drytex %s\n"
           "  look at it:   drytex info %s/sm_cube.nc %s/soil/SAND1.nc\n",
           dir, dir, dir, dir, dir);
    return EXIT_OK;
}
