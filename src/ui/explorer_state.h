/* explorer_state.h — the explorer's state, shared by its modules: data, commands, jobs, screen. */
#ifndef DRYTEX_EXPLORER_STATE_H
#define DRYTEX_EXPLORER_STATE_H

#include <stddef.h>

#include "cell.h"
#include "child_job.h"
#include "explorer.h"
#include "message_log.h"
#include "series.h"
#include "soil.h"

enum {
    LAYER_MEAN_SM, LAYER_SAND, LAYER_CLAY, LAYER_SOC, LAYER_CLASS, LAYER_THETA_W, LAYER_THETA_C, LAYER_EVENTS,
    LAYER_OPT_SAND, LAYER_OPT_CLAY, LAYER_OPT_SOC, LAYER_COST, LAYER_SAND_CHANGE, LAYER_CLAY_CHANGE,
    LAYER_SOC_CHANGE, LAYER_RMSE_CHANGE, LAYER_BIAS_BASELINE, LAYER_BIAS_OPTIMISED,
    LAYER_DAY, /* one day of the cube (explorer_days.c) */
    LAYER_COUNT
};

/* What a finished job's output becomes (child_job.load) and what follows it (child_job.then). */
enum { EXPLORER_LOAD_THRESHOLDS = 1, EXPLORER_LOAD_CALIBRATED = 2, EXPLORER_LOAD_SIMULATED = 3 };
enum { EXPLORER_THEN_NOTHING = 0, EXPLORER_THEN_CALIBRATE = 1 };

typedef struct {
    const explorer_options *options;
    series_source *sm;
    soil_maps soil;
    int have_soil;
    cell_inputs inputs;
    cell_report report;
    int report_ok;
    char report_error[DT_ERROR_TEXT];
    float *layers[LAYER_COUNT];   /* [rows × cols] */
    size_t mean_row, mean_col;    /* the mean layer's next piece to read (mean_row = rows: complete) */
    float *mean_block;            /* one piece of the cube while the mean is being computed */
    int layer;
    double low, high;             /* the shown layer's range */
    int range_layer;              /* 1 + the layer whose range :range fixed, 0: every range from the data */
    double range_low, range_high; /* that fixed range */
    unsigned layer_version;       /* bumped by explorer_set_layer: the shown layer, its values or range changed */
    /* The map's colour level of every display cell, kept between frames (explorer_draw.c) so a
     * frame copies levels instead of re-averaging and re-classifying every cell: valid while
     * map_levels_for = 1 + layer_version and the zoom is map_levels_zoom. */
    unsigned char *map_levels;    /* [display rows × display cols] */
    unsigned map_levels_for;
    size_t map_levels_zoom;
    size_t rows, cols;
    size_t row, col;              /* the selected cell */
    size_t top, left;             /* first map row and column in view, in pixels (half-blocks; display cells unless magnified) */
    size_t zoom;                  /* data cells per display cell along each axis (1, 2, 4, …; - and +) */
    size_t magnify;               /* at zoom 1: half-blocks per data cell along each axis (2, 4, 8; 0 or 1: none) */
    int color, utf8, help, quit;
    int light;                    /* the light theme: black on white (projectors; :set theme light) */
    struct explorer_days *days;   /* the cube's days as maps (explorer_days.c), or NULL */
    int tour_step;                /* :tour's step shown (1 …), 0: no tour (explorer_tour.c) */
    int help_top, help_bottom;    /* the help's first line shown; help_bottom: 1 while more lines follow */
    int plot_years_back;          /* the plot's calendar year: 0 the record's last, 1 the one before … ([ ]) */
    int mouse;                    /* clicks select cells (m toggles; off leaves the terminal's selection) */
    int diverging_palette;        /* the map's colour pairs hold BrBG (1) or viridis (0) */
    int panel;                    /* 0 text, 1 texture triangle, 2 SCE-UA trace, 3 comparison, 4 θw estimator (Tab) */
    series_source *precip, *pet;  /* the forcing's P and PET for the comparison panel, or NULL */
    size_t simulated_for;         /* 1 + the cell index report.simulation is of; 0: none */
    char simulation_message[DT_ERROR_TEXT]; /* why the comparison panel is empty, or "" */
    char message[DT_ERROR_TEXT + 256];
    message_log log;              /* every message, with its time (:messages) */
    size_t messages_unread;       /* messages since the last key: more than one, the status line says so */
    int messages_screen;          /* :messages shown (scrolls like the help; any other key closes) */
    int messages_top, messages_bottom;
    char preset[32];              /* the drydown preset's name (:set preset) */
    int job_threads;              /* worker threads of the jobs started here; 0 = all cores */
    char *thresholds_path;        /* the file the θw, θc, events layers came from, or NULL */
    char *calibrated_path;        /* the file the optimised layers came from, or NULL */
    char *simulated_path;         /* the file the comparison layers came from, or NULL */
    /* background jobs (explorer_jobs.c) */
    child_job *jobs;              /* every job of this session, numbered from 1 */
    size_t job_count;
    char *dataset;                /* the data set's key: the real path of its first SM file */
    char *job_state_dir;          /* $XDG_STATE_HOME/drytex/jobs */
    int jobs_screen;              /* :jobs shown (any key closes) */
    int asking_quit;              /* "jobs running: quit and cancel (y), detach (d), stay (n)?" */
    int simulate_after_calibration; /* :simulate all asked while a calibration was on its way */
} explorer;

/* e->top and e->left both set to this: the next frame centres the view on the selected cell. */
#define EXPLORER_VIEW_CENTRE ((size_t)-1)

extern const char *const explorer_layer_names[LAYER_COUNT];
extern const char *const explorer_layer_units[LAYER_COUNT];
/* 1 for differences (optimised − baseline, simulated − reference): a diverging colormap around 0. */
int explorer_layer_diverging(int layer);

/* explorer_data.c: the data set, its layers, the selected cell. */
int explorer_open_data(explorer *e, const explorer_options *o, dt_error *err);
void explorer_close_data(explorer *e);
void explorer_set_layer(explorer *e, int layer);
void explorer_run_cell(explorer *e);
/* The mean-SM layer is read a piece (4 rows × about 1 MiB of whole chunks of a drytex cube) at a
 * time, so a large cube never delays the first frame, the keys or fills the memory: pending while
 * pieces remain; explorer_mean_read reads pieces for about budget seconds (at least one), fewer
 * when stop (may be NULL) says a key is waiting. */
int explorer_mean_pending(const explorer *e);
void explorer_mean_read(explorer *e, double budget, int (*stop)(void));
/* The comparison panel's column runs for the selected cell, once per cell (they take a while). */
void explorer_simulate_cell(explorer *e);
/* The θw, θc, events layers from a drydowns output; all or none replace the current ones. */
int explorer_load_thresholds(explorer *e, const char *path, dt_error *err);
/* The optimised sand, clay, SOC and cost layers from a calibrate output; all or none. */
int explorer_load_calibrated(explorer *e, const char *path, dt_error *err);
/* The comparison layers of a simulate output (against its reference "satellite", else "ref1"):
 * RMSE change, bias of both runs; all or none. */
int explorer_load_simulated(explorer *e, const char *path, dt_error *err);
void explorer_message(explorer *e, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* explorer_draw.c: the screen. explorer_draw composes a whole frame and refreshes (curses sends
 * only the changed cells); the colour pairs are explorer_palette.c's. */
void explorer_draw(explorer *e);
size_t explorer_display_rows(const explorer *e);                 /* map rows at the current zoom */
void explorer_map_size(const explorer *e, int *width, int *height); /* the map's area in characters */
int explorer_rows_per_line(const explorer *e);                   /* 2 with half-blocks, else 1 */
int explorer_map_lines(const explorer *e);                       /* lines the map uses */

/* explorer.c: one key as the main loop handles it (moves run the new cell at once). */
void explorer_key(explorer *e, int key);

/* explorer_commands.c: the command table. Keys, the ':' line (and a config file) run commands
 * by name through it. */
typedef struct {
    const char *name, *arguments, *summary;
    void (*run)(explorer *e, int argc, char **argv); /* argv[0] is the name */
} explorer_command_entry;

const explorer_command_entry *explorer_commands(void); /* terminated by an entry with name NULL */
void explorer_execute(explorer *e, char *line);       /* one command line, split at blanks */
void explorer_command(explorer *e, const char *line); /* the same for a constant ("quit" from q) */
/* The words that may complete the word at start of line (a setting's values after "set NAME ",
 * the loaded layers after "layer "); context is the explorer. */
const char *const *explorer_completion_words_at(const char *line, int start, void *context);

#endif
