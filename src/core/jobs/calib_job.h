/* calib_job.h — the full-domain texture calibration (`drytex calibrate`) on the job engine. */
#ifndef DRYTEX_CALIB_JOB_H
#define DRYTEX_CALIB_JOB_H

#include <stddef.h>

#include "calibrate.h"
#include "job.h"
#include "soil.h"
#include "status.h"
#include "summary.h"

typedef struct {
    calib_options calib;
    soil_options soil;
    job_config job;          /* threads, tile size, stop flag, progress; rows/cols are set here */
    int resume;
    const char *history;     /* the command line */
} calib_job_options;

void calib_job_default_options(calib_job_options *options);

/* Reads θw, θc (and mean SM) from the thresholds file, the baseline soil from the soil files
 * regridded onto the thresholds' grid, calibrates every cell and writes OUTPUT (CF-1.8) through
 * OUTPUT.partial. On DT_ERR_INTERRUPTED the partial file is left for --resume. summary receives
 * the before/after distributions and the arid/humid changes. With MPI ranks (options->job.group)
 * it is collective: every rank reads the inputs and calibrates its tiles, rank 0 writes OUTPUT
 * and alone fills summary (zeroed elsewhere). */
int calib_job_run(const char *thresholds_path, char *const *soil_paths, size_t nsoil, const char *output,
                  const calib_job_options *options, domain_summary *summary, dt_error *err);

#endif
