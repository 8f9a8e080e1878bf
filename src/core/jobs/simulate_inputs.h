/* simulate_inputs.h — what `drytex simulate` reads: daily P and PET on the forcing grid (the
 * simulation grid), the baseline soil regridded onto it, the calibration's texture increments
 * sampled onto it, and reference soil-moisture series aligned to its cells and days. */
#ifndef DRYTEX_SIMULATE_INPUTS_H
#define DRYTEX_SIMULATE_INPUTS_H

#include <stddef.h>

#include "job.h"
#include "series.h"
#include "simulate_job.h"
#include "soil.h"
#include "status.h"

/* A reference opened for reading, with where each simulation cell finds its values. */
typedef struct {
    simulate_reference spec;
    series_source *source;
    long day_offset;          /* reference day index of simulation day 0 */
    int same_grid;            /* the reference's cells are the simulation's */
    size_t *cell;             /* [cells] reference cell index (row × cols + col), SIZE_MAX outside */
} simulate_reference_input;

/* Meteorological forcing (CMIP/CMFD-like names by default), from which PET is computed with
 * FAO-56 Penman–Monteith when the forcing file has no PET variable. */
enum { MET_TAS, MET_HUSS, MET_PS, MET_WIND, MET_RSDS, MET_RLDS, MET_COUNT };

typedef struct {
    series_source *precip, *pet;      /* [mm d-1]; pet is NULL when it comes from met */
    series_source *met[MET_COUNT];    /* K, kg kg-1, Pa, m s-1 (at 10 m), W m-2, W m-2; or all NULL */
    const grid *grid;                 /* the forcing grid: precip's */
    size_t rows, cols;
    size_t first;                     /* forcing day index of simulation day 0 */
    size_t ndays;                     /* simulated days */
    long first_day;                   /* [days since 1970-01-01] of simulation day 0 */
    soil_maps soil;                   /* baseline on the forcing grid */
    float *increment[SOIL_FIELDS];    /* [cells] optimised − baseline [%w], NaN where not calibrated;
                                         all NULL without an optimised file */
    simulate_reference_input reference[SIMULATE_MAX_REFERENCES];
    size_t nreferences;
} simulate_inputs;

/* A daily rate variable (precipitation, PET) as a series in mm d-1: "mm d-1" and its spellings as
 * they are, kg m-2 s-1 (or mm s-1) scaled by 86400; other units are DT_ERR_FORMAT naming them. */
int simulate_open_rate(series_source **out, const char *path, const char *variable, dt_error *err);

/* Opens everything and checks it; options->ptf.scheme becomes the calibration's PTF unless
 * options->ptf_given (then the two must agree). Errors name the file and variable. On failure
 * simulate_inputs_close still releases what was opened. */
int simulate_inputs_open(simulate_inputs *in, simulate_job_options *options, const char *forcing,
                         char *const *soil_paths, size_t nsoil, const char *optimised,
                         const simulate_reference *references, size_t nreferences, dt_error *err);
void simulate_inputs_close(simulate_inputs *in);

/* The reference soil-moisture values the reads so far masked as physically impossible (series.h:
 * each reference is read as soil moisture, units converted and checked at the door). */
size_t simulate_inputs_masked(const simulate_inputs *in);

/* Reads one tile (netCDF calls: under the job's I/O lock). scratch holds forcing days × tile
 * cells floats (met forcing: MET_COUNT times that); precip and pet receive [cell][simulated day], reference [reference][cell][day]
 * (NaN where a reference has no value). */
int simulate_inputs_read_tile(simulate_inputs *in, const job_tile *tile, float *scratch, float *precip,
                              float *pet, float *reference, dt_error *err);

#endif
