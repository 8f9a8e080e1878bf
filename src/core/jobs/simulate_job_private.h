/* simulate_job_private.h — what the simulate job's files share (simulate_job.c runs the tiles,
 * simulate_output.c defines the output's variables, simulate_results.c summarises the finished
 * output and checks the stations); not for use outside them. */
#ifndef DRYTEX_SIMULATE_JOB_PRIVATE_H
#define DRYTEX_SIMULATE_JOB_PRIVATE_H

#include "cfwrite.h"
#include "job_output.h"
#include "simulate_inputs.h"
#include "simulate_job.h"
#include "stations.h"

enum { RUN_BASELINE, RUN_OPTIMISED, RUNS };

/* Per-run map outputs, named QUANTITY_RUN. */
enum { MAP_SAND, MAP_CLAY, MAP_SOC, MAP_EVAPORATION, MAP_TRANSPIRATION, MAP_ET, MAP_RUNOFF, MAP_DRAINAGE,
       MAP_JJA_SM, MAP_COUNT };
/* Per-run, per-reference metric outputs, named METRIC_RUN_REFERENCE. */
enum { METRIC_BIAS, METRIC_RMSE, METRIC_UBRMSE, METRIC_R, METRIC_JJA_DIFFERENCE, METRIC_COUNT };


typedef enum {
    CELL_OK, CELL_BASELINE_ONLY, CELL_NO_SOIL, CELL_NO_FORCING, CELL_TEXTURE_INVALID, CELL_STATUS_COUNT
} cell_status;

extern const char *const simulate_run_names[RUNS]; /* "baseline", "optimised" */

typedef struct {
    const simulate_job_options *options;
    simulate_inputs in;
    job_output output;
    int var_daily[RUNS];
    int var_map[RUNS][MAP_COUNT];
    int var_metric[SIMULATE_MAX_REFERENCES][RUNS][METRIC_COUNT];
    int var_rmse_change[SIMULATE_MAX_REFERENCES];
    int var_status, var_spinup;
    station_set stations;
    hrldas_texture_run hrldas[RUNS];  /* --engine hrldas: every cell's results, run before the tiles */
    int hrldas_step;                  /* [s] the forcing step HRLDAS ran with */
} simulate_job;

/* simulate_output.c: the engine's description, and the output's variables defined (a new output)
 * or found (a resumed one) in one fixed order: the job_output callbacks. */
const char *simulate_engine_name(const simulate_job *j);
int simulate_define_outputs(cf_output *out, void *context, dt_error *err);
int simulate_find_outputs(int ncid, void *context, dt_error *err);

/* simulate_results.c: read back from the finished tiles. */
typedef struct {
    int row, col;                   /* −1 outside the grid */
    float rmse[RUNS];               /* [m3 m-3] */
    int half_months;
} station_result;

/* Counts, per reference, the cells where the optimised run's RMSE is below the baseline's. */
int simulate_summarise(const simulate_job *j, simulate_summary *s, dt_error *err);
int simulate_write_summary(const simulate_job *j, const simulate_summary *s, dt_error *err);
/* Half-monthly RMSE of both runs at each station's cell (the seed's evaluation). */
int simulate_evaluate_stations(const simulate_job *j, station_result *results, simulate_summary *summary, dt_error *err);
/* The station table as variables along a "station" dimension of the finished output. */
int simulate_write_stations(const simulate_job *j, const station_result *results, dt_error *err);

#endif
