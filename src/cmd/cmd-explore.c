/* cmd-explore.c — `drytex [DIR|FILE…]`: the explorer on the bundled demo or on real data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "demo_cache.h"
#include "explorer.h"
#include "station_layer.h"

static const char help_text[] =
    "Opens the explorer: the domain as a map, the selected cell's drydowns, thresholds and\n"
    "calibration. Without arguments it opens the bundled demo (written on first use into\n"
    "$XDG_CACHE_HOME/drytex/demo). DIR is a directory laid out like the demo (sm_cube.nc and\n"
    "soil/); FILE… are soil-moisture cubes or daily files.\n\n"
    "Options:\n"
    "      --sm FILE        soil-moisture cube or daily file (repeatable)\n"
    "      --soil FILE      baseline soil file (repeatable)\n"
    "      --thresholds FILE   drytex drydowns output: θw, θc and event layers\n"
    "      --calibrated FILE   drytex calibrate output: optimised texture and cost layers\n"
    "      --forcing FILE      daily forcing for :simulate all (DIR/forcing.nc of a data directory)\n"
    "      --simulated FILE    drytex simulate output: RMSE change and bias layers\n"
    "      --stations FILE     in-situ stations, as 'drytex simulate --stations' reads them: a CSV\n"
    "                          station,lat,lon,date,sm, or ISMN data (a .stm file, a station's directory,\n"
    "                          a NETWORK/STATION tree, the zip of a download), shown as markers on the\n"
    "                          map, their series on the plot and their agreement with the satellite in\n"
    "                          the panel (the bundled demo shows its stations.csv unless this is given)\n"
    CMD_STATION_HELP
    "      --theme NAME     color (default: 256 colours, two cells a character), light (black on white,\n"
    "                       for projectors) or mono (no colours: a density ramp .:-=+*#%@ with its\n"
    "                       legend, the selection in reverse video)\n"
    "      --no-color       --theme mono (also when NO_COLOR is set, unless --theme color)\n"
    "  -c 'CMD; CMD'        explorer commands run at start (the ':' line's: goto, layer, set, …)\n"
    "PROJECT is a file written by the explorer's :write-config: its data sets and settings.\n"
    "      --no-config      do not run $XDG_CONFIG_HOME/drytex/config (one command a line, # comments)\n";

static int is_directory(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

static int exists(const char *path)
{
    return access(path, R_OK) == 0;
}

static void add(char ***list, size_t *count, const char *path)
{
    *list = dt_realloc(*list, (*count + 1) * sizeof **list);
    (*list)[(*count)++] = dt_strdup(path);
}

/* The demo's layout: the cube and the GSDE-like soils, and the forcing when there; its stations.csv
 * too when stations is not NULL (the bundled demo shows its stations; a data directory's are
 * shown with --stations DIR/stations.csv). */
static void add_directory(const char *dir, explorer_options *o, char **stations)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/sm_cube.nc", dir);
    add(&o->sm, &o->nsm, path);
    snprintf(path, sizeof path, "%s/forcing.nc", dir);
    if (!o->forcing && exists(path)) o->forcing = dt_strdup(path);
    snprintf(path, sizeof path, "%s/stations.csv", dir);
    if (stations && !*stations && exists(path)) *stations = dt_strdup(path);
    const char *soils[] = {"SAND1.nc", "CLAY1.nc", "OC1.nc"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/soil/%s", dir, soils[i]);
        if (exists(path)) add(&o->soil, &o->nsoil, path);
    }
}

/* A project file (written by the explorer's :write-config) starts with this line. */
static const char project_magic[] = "# drytex project";

static int is_project(const char *path)
{
    char line[64] = "";
    FILE *file = fopen(path, "r");
    if (!file) return 0;
    int yes = fgets(line, sizeof line, file) && strncmp(line, project_magic, strlen(project_magic)) == 0;
    fclose(file);
    return yes;
}

/* Its data lines ("sm PATH", "soil PATH", "forcing PATH", "thresholds PATH", "calibrated PATH",
 * "simulated PATH", "stations PATH") open the data; every other line is an explorer command run at
 * start. */
static int read_project(const char *path, explorer_options *o, char **stations, char **owned, size_t *nowned, dt_error *err)
{
    FILE *file = fopen(path, "r");
    if (!file) return dt_error_set(err, DT_ERR_IO, "%s: cannot be opened", path);
    char line[4200];
    size_t used = 0, capacity = 1024, number = 0;
    char *commands = dt_malloc(capacity);
    commands[0] = '\0';
    while (fgets(line, sizeof line, file)) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        char *value = strchr(line, ' ');
        const char *key = line;
        if (value) *value++ = '\0';
        const char **slot = strcmp(key, "thresholds") == 0 ? &o->thresholds
                            : strcmp(key, "calibrated") == 0 ? &o->calibrated
                            : strcmp(key, "simulated") == 0 ? &o->simulated : NULL;
        if (value && strcmp(key, "sm") == 0) add(&o->sm, &o->nsm, value);
        else if (value && strcmp(key, "soil") == 0) add(&o->soil, &o->nsoil, value);
        else if (value && strcmp(key, "forcing") == 0) free(o->forcing), o->forcing = dt_strdup(value);
        else if (value && strcmp(key, "stations") == 0) free(*stations), *stations = dt_strdup(value);
        else if (value && slot) *slot = owned[(*nowned)++] = dt_strdup(value);
        else {
            if (value) value[-1] = ' ';
            /* projects written before ':goto 35,101' meant a place hold the selected cell as
             * "goto ROW,COL": their explorer wrote only cells, so read it as "goto cell ROW,COL" */
            unsigned long row, col;
            char rest;
            if (sscanf(line, "goto %lu,%lu%c", &row, &col, &rest) == 2 && strspn(line + 5, "0123456789,") == strlen(line + 5))
                snprintf(line, sizeof line, "goto cell %lu,%lu", row, col);
            size_t length = strlen(line);
            if (used + length + 2 > capacity) capacity = 2 * (used + length + 2), commands = dt_realloc(commands, capacity);
            memcpy(commands + used, line, length);
            used += length;
            commands[used++] = '\n';
            commands[used] = '\0';
        }
    }
    fclose(file);
    if (o->nsm == 0) {
        free(commands);
        return dt_error_set(err, DT_ERR_FORMAT, "%s: a project without a soil-moisture line (sm PATH)", path);
    }
    o->project_commands = commands;
    o->project = path;
    (void)number;
    return DT_OK;
}

/* $XDG_CACHE_HOME/drytex/demo, written on first use (demo_cache.h): what the first frame needs at
 * once, the rest (the forcing) in the background. */
static int demo_directory(char *dir, size_t size, dt_error *err)
{
    char base[4000];
    if (demo_cache_base(base, sizeof base, err) != DT_OK) return err->code;
    demo_settings settings;
    demo_default_settings(&settings);
    return demo_cache_open_first(base, &settings, dir, size, err);
}

int cmd_explore(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"sm", required_argument, NULL, 'S'}, {"soil", required_argument, NULL, 's'},
        {"no-color", no_argument, NULL, 'n'}, {"help", no_argument, NULL, 'h'},
        {"theme", required_argument, NULL, 'T'},
        {"no-config", no_argument, NULL, 'C'},
        {"thresholds", required_argument, NULL, 't'}, {"calibrated", required_argument, NULL, 'K'},
        {"forcing", required_argument, NULL, 'f'},    {"simulated", required_argument, NULL, 'm'},
        {"stations", required_argument, NULL, 'W'},   CMD_STATION_LONG_OPTIONS,
        {"version", no_argument, NULL, 'V'},  {NULL, 0, NULL, 0}};
    explorer_options o = {0};
    char *stations = NULL, *stations_found = NULL; /* --stations; a project's or data directory's */
    ismn_options station_options;
    ismn_default_options(&station_options);
    const char *no_color = getenv("NO_COLOR");
    o.mono = no_color && *no_color;
    int option, status = EXIT_OK;
    optind = 1;
    while ((option = getopt_long(argc, argv, "hc:", long_options, NULL)) != -1) {
        switch (option) {
        case 'S': add(&o.sm, &o.nsm, optarg); break;
        case 's': add(&o.soil, &o.nsoil, optarg); break;
        case 'n': o.mono = 1; break;
        case 'T':
            if (strcmp(optarg, "mono") != 0 && strcmp(optarg, "color") != 0 && strcmp(optarg, "light") != 0) {
                fprintf(stderr, "drytex: --theme: '%s' is not color, light or mono\nTry 'drytex --help'.\n", optarg);
                return EXIT_USAGE;
            }
            o.mono = strcmp(optarg, "mono") == 0;
            o.light = strcmp(optarg, "light") == 0;
            break;
        case 'c': o.commands = optarg; break;
        case 'C': o.no_config = 1; break;
        case 't': o.thresholds = optarg; break;
        case 'K': o.calibrated = optarg; break;
        case 'f': free(o.forcing), o.forcing = dt_strdup(optarg); break;
        case 'm': o.simulated = optarg; break;
        case 'W': free(stations), stations = dt_strdup(optarg); break;
        case 'h': printf("Usage: drytex [DIR | PROJECT | FILE… | --sm FILE --soil FILE…]\n\n%s", help_text); return EXIT_OK;
        case 'V': cmd_print_version(); return EXIT_OK;
        default: {
            int station = cmd_station_option("explore", option, optarg, &station_options);
            if (station == 1) break;
            free(stations);
            for (size_t i = 0; i < o.nsm; i++) free(o.sm[i]);
            for (size_t i = 0; i < o.nsoil; i++) free(o.soil[i]);
            free(o.sm), free(o.soil), free(o.forcing);
            if (station == EXIT_USAGE) return EXIT_USAGE;
            fprintf(stderr, "Try 'drytex --help'.\n");
            return EXIT_USAGE;
        }
        }
    }
    char *owned[8];
    size_t nowned = 0;
    dt_error err;
    for (int i = optind; i < argc && status == EXIT_OK; i++) {
        if (is_directory(argv[i])) add_directory(argv[i], &o, NULL);
        else if (!o.project && nowned + 3 <= 8 && is_project(argv[i])) {
            if (read_project(argv[i], &o, &stations_found, owned, &nowned, &err) != DT_OK)
                status = cmd_fail(&err);
        } else {
            add(&o.sm, &o.nsm, argv[i]);
        }
    }
    if (status == EXIT_OK && o.nsm == 0) {
        char dir[4096];
        if (demo_directory(dir, sizeof dir, &err) != DT_OK) {
            status = cmd_fail(&err);
        } else {
            add_directory(dir, &o, &stations_found);
            char forcing[4200];
            snprintf(forcing, sizeof forcing, "%s/forcing.nc", dir);
            if (!o.forcing && demo_cache_pending(dir, NULL)) { /* on its way: the Noah-MP panel opens it once there */
                o.forcing = dt_strdup(forcing);
                o.forcing_pending = "the demo's forcing is being written in the background (first run, a few seconds): "
                                    "this panel opens it when it is there";
            }
        }
    }
    if (!stations) stations = stations_found, stations_found = NULL; /* --stations wins */
    size_t skipped = 0;
    if (status == EXIT_OK && stations && station_layer_open(&o.stations, stations, &station_options, &skipped, &err) != DT_OK)
        status = cmd_fail(&err);
    if (status == EXIT_OK && skipped)
        fprintf(stderr, "drytex: %s: %zu ISMN station%s without a layer within the depth or a day of enough kept hours "
                        "left out\n", stations, skipped, skipped == 1 ? "" : "s");
    if (status == EXIT_OK) {
        if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
            fprintf(stderr, "drytex: the explorer needs a terminal (for scripts: drytex cell, drytex info)\n");
            status = EXIT_USAGE;
        } else {
            status = explorer_run(&o);
        }
    }
    for (size_t i = 0; i < o.nsm; i++) free(o.sm[i]);
    for (size_t i = 0; i < o.nsoil; i++) free(o.soil[i]);
    free(o.sm);
    free(o.soil);
    free(o.forcing);
    free(o.project_commands);
    station_layer_free(o.stations);
    free(stations);
    free(stations_found);
    for (size_t i = 0; i < nowned; i++) free(owned[i]);
    return status;
}
