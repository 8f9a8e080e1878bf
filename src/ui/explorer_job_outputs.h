/* explorer_job_outputs.h — the explorer's job outputs: their names and places, and reusing them. */
#ifndef DRYTEX_EXPLORER_JOB_OUTPUTS_H
#define DRYTEX_EXPLORER_JOB_OUTPUTS_H

#include <stddef.h>

#include "explorer_state.h"

/* The file each job of the current settings writes: beside the data when that directory is
 * writable, else in $XDG_CACHE_HOME/drytex/jobs; named after the rules and the estimator
 * (drydowns), the settings and the thresholds (calibrate), the calibration (simulate). */
void explorer_drydowns_output(const explorer *e, char *output, size_t size);
void explorer_calibrate_output(const explorer *e, const char *thresholds, char *output, size_t size);
void explorer_simulate_output(const explorer *e, const char *calibrated, char *output, size_t size);

/* The estimator a preset brings, as on the command line: drytex the default (pooled), a
 * literature preset its source's median. */
thresholds_estimator explorer_preset_estimator(const char *preset);

/* The PTF a calibration used (its drytex_ptf attribute), or the explorer's setting; into name. */
const char *explorer_calibration_ptf(const explorer *e, const char *calibrated, char *name, size_t size);

/* When the output a job of the current settings would write is there, complete and newer than
 * every input it is made from: loads it as the job's layers would be and returns 1; else 0. */
int explorer_load_current_drydowns(explorer *e);
int explorer_load_current_calibration(explorer *e);
int explorer_load_current_simulation(explorer *e);

/* At start: the current outputs of earlier jobs, loaded, and a message saying which. */
void explorer_load_current_outputs(explorer *e);

#endif
