/* explorer.h — the terminal explorer: a map of the domain and the selected cell's story. */
#ifndef DRYTEX_EXPLORER_H
#define DRYTEX_EXPLORER_H

#include <stddef.h>

typedef struct {
    char **sm;            /* soil-moisture cube or daily files */
    size_t nsm;
    char **soil;          /* baseline soil files (optional) */
    size_t nsoil;
    const char *thresholds; /* output of drytex drydowns (optional): θw, θc, events layers */
    const char *calibrated; /* output of drytex calibrate (optional): optimised texture layers */
    char *forcing;          /* daily forcing for :simulate (optional; DIR/forcing.nc of a data directory) */
    const char *forcing_pending; /* why forcing is not there yet (the first run's demo writes it in the
                                    background), or NULL; it is opened once there */
    const char *simulated;  /* output of drytex simulate (optional): comparison layers */
    struct station_layer *stations; /* in-situ stations (--stations; station_layer.h), or NULL */
    int mono;             /* the mono theme: --theme mono, --no-color or NO_COLOR (--theme color overrides it) */
    int light;            /* --theme light: black on white (projectors) */
    const char *commands; /* -c 'cmd; cmd': explorer commands run at start, after the config file */
    char *project_commands; /* the settings of a project file (drytex PROJECT), run before -c */
    const char *project;    /* that file, or NULL */
    int no_config;        /* --no-config: do not read $XDG_CONFIG_HOME/drytex/config */
} explorer_options;

/* Opens the data and runs the explorer until the user quits; returns an exit code. */
int explorer_run(const explorer_options *options);

#endif
