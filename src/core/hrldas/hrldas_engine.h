/* hrldas_engine.h — `drytex simulate --engine hrldas`: the real Noah-MP, through HRLDAS, for the
 * baseline and the optimised texture of every cell of the forcing grid. drytex writes the inputs
 * (hrldas_files.h) into a work directory, runs one hrldas.exe per texture concurrently in the
 * background (HRLDAS is itself a 2-D model: the whole domain is one run) and reads SOIL_M back as
 * daily layer-1 means on the simulation's day axis, for the same comparison as the column. */
#ifndef DRYTEX_HRLDAS_ENGINE_H
#define DRYTEX_HRLDAS_ENGINE_H

#include <stddef.h>

#include "ptf.h"
#include "status.h"

typedef struct {
    const char *exe;          /* hrldas.exe; NoahmpTable.TBL must be beside it */
    const char *workdir;      /* kept for inspection: forcing/, baseline/, optimised/ */
    int vegetation_type;      /* MODIS-IGBP class of every land cell (12: croplands) */
    double shdmax, shdmin;    /* [%] maximum and minimum vegetation fraction (from --veg-fraction; 1) */
    double lai;               /* [m2 m-2] initial LAI (2) */
    int spinup_loops;         /* HRLDAS SPINUP_LOOPS: runs of the whole period before the one kept (0) */
} hrldas_options;

void hrldas_default_options(hrldas_options *options);

/* What the engine needs of the forcing: the file (its own time step, ≤ 3 h) and the names of the
 * meteorological variables: tas (K), huss, ps (Pa, hPa, kPa), sfcWind (m s-1 at 10 m), rsds,
 * rlds (W m-2), and precipitation (kg m-2 s-1 or mm s-1). */
typedef struct {
    const char *path;
    const char *variables[7];  /* tas, huss, ps, sfcWind, rsds, rlds, pr */
} hrldas_forcing;

/* One texture's run: inputs per cell (NaN sand: the cell is not run) and results. */
typedef struct {
    const char *name;           /* "baseline", "optimised": the run directory's name */
    const double *texture;      /* [cells × 3] sand, clay, SOC [%w] */
    /* results, [cells] or [cells × ndays], NaN where not run */
    float *top;                 /* [cells × ndays] daily mean layer-1 SOIL_M [m3 m-3] */
    float *evaporation, *transpiration, *runoff, *drainage; /* [cells] means [mm d-1] */
    float *jja_top;             /* [cells] June–August mean of top [m3 m-3] */
} hrldas_texture_run;

typedef struct {
    size_t rows, cols;
    const float *lat, *lon;     /* [cells] */
    long first_day;             /* [days since 1970-01-01] simulation day 0 */
    size_t ndays;
} hrldas_domain_days;

/* Runs every run with texture != NULL; results are allocated here (free with
 * hrldas_texture_run_free). Errors name the file, variable or the log of the failed run. On
 * success *forcing_step is the forcing's step [s] and *seconds the wall time of the model runs. */
int hrldas_engine_run(const hrldas_options *options, const ptf_options *ptf, const hrldas_forcing *forcing,
                      const hrldas_domain_days *domain, hrldas_texture_run *runs, size_t nruns, int *forcing_step,
                      double *seconds, dt_error *err);
void hrldas_texture_run_free(hrldas_texture_run *run);

#endif
