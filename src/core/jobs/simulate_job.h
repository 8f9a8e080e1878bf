/* simulate_job.h — `drytex simulate` on the job engine: every cell of the forcing grid run with
 * the baseline and with the optimised texture, compared with reference soil-moisture series. */
#ifndef DRYTEX_SIMULATE_JOB_H
#define DRYTEX_SIMULATE_JOB_H

#include <stddef.h>

#include "hrldas_engine.h"
#include "job.h"
#include "ptf.h"
#include "simulate.h"
#include "soil.h"
#include "status.h"

enum { SIMULATE_MAX_REFERENCES = 8 };

/* A reference soil-moisture series (a cube or one file with a daily time axis), sampled at each
 * simulation cell's centre. name becomes the suffix of its metric variables. */
typedef struct {
    const char *name;       /* [A-Za-z0-9_]+ */
    const char *path;
    const char *variable;   /* NULL: the file's first gridded variable */
} simulate_reference;

/* The seed's experiments: Exp1/Exp2 GSDE with SR06, Exp3/Exp4 GSDE with CH78, Exp5/Exp6 HWSD
 * with CH78 — each pair the baseline and the optimised run of one `simulate`. */
typedef enum { SIMULATE_EXPERIMENT_NONE, SIMULATE_GSDE_SR06, SIMULATE_GSDE_CH78, SIMULATE_HWSD_CH78 } simulate_experiment;

int simulate_experiment_parse(const char *name, simulate_experiment *experiment, dt_error *err);
const char *simulate_experiment_name(simulate_experiment experiment);

/* Which model simulates the soil water: drytex's column with the PET-based ET closure, or the
 * real Noah-MP through an external hrldas.exe (hrldas_engine.h). */
typedef enum { SIMULATE_ENGINE_COLUMN, SIMULATE_ENGINE_HRLDAS } simulate_engine;

typedef struct {
    simulate_engine engine;
    hrldas_options hrldas;   /* --engine hrldas: exe, work directory, vegetation */
    simulate_options simulation;
    ptf_options ptf;
    int ptf_given;           /* 0: take the PTF the optimised file was calibrated with */
    simulate_experiment experiment;
    soil_options soil;
    const char *precip_variable, *pet_variable; /* "pr", "pet" */
    const char *met_variables[6]; /* without a PET variable: tas, huss, ps, sfcWind, rsds, rlds →
                                     daily FAO-56 PET (simulate_inputs.h) */
    const char *stations;    /* in-situ stations: CSV station,lat,lon,date,sm or ISMN data (stations_read), or NULL */
    long start_day, end_day; /* [days since 1970-01-01] inclusive; LONG_MIN, LONG_MAX: the forcing's */
    job_config job;          /* threads, tile size, stop flag, progress; rows/cols are set here */
    int resume;
    const char *history;     /* the command line */
} simulate_job_options;

void simulate_job_default_options(simulate_job_options *options);

/* How the optimised run compared with the baseline run against one reference. */
typedef struct {
    char name[64];
    size_t compared;                  /* cells with both runs and reference values */
    size_t improved;                  /* … where RMSE(optimised) < RMSE(baseline) */
    double rmse_baseline, rmse_optimised; /* [m3 m-3] means over the compared cells */
} simulate_reference_summary;


typedef struct {
    size_t cells, simulated, calibrated;  /* grid cells, with a baseline run, with both runs */
    size_t references;
    simulate_reference_summary reference[SIMULATE_MAX_REFERENCES];
    size_t stations, stations_compared, stations_improved; /* half-monthly RMSE, optimised < baseline */
    double hrldas_seconds;                /* --engine hrldas: wall time of the model runs [s] */
    double sm_masked;                     /* reference soil-moisture values masked as physically
                                             impossible (series.h), over every tile; also OUTPUT's
                                             SERIES_MASKED_ATTRIBUTE */
} simulate_summary;

/* Runs every cell of the forcing grid (daily precip_variable and pet_variable in mm d-1) with the
 * baseline soil (regridded onto the forcing grid) and, where optimised is given, with the
 * baseline plus the calibration's increments (optimised − baseline, interpolated bilinearly from
 * the calibration's grid), and writes OUTPUT (CF-1.8) through OUTPUT.partial. */
int simulate_job_run(const char *forcing, char *const *soil_paths, size_t nsoil, const char *optimised,
                     const simulate_reference *references, size_t nreferences, const char *output,
                     const simulate_job_options *options, simulate_summary *summary, dt_error *err);

#endif
