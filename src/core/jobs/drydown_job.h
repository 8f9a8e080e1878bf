/* drydown_job.h — drydowns over every cell of a soil-moisture source (`drytex drydowns`). */
#ifndef DRYTEX_DRYDOWN_JOB_H
#define DRYTEX_DRYDOWN_JOB_H

#include "drydown.h"
#include "job.h"
#include "series.h"
#include "status.h"
#include "thresholds.h"

typedef struct {
    drydown_options drydown;
    thresholds_options thresholds; /* the cell-level estimator (default: the pooled decay) */
    job_config job;       /* threads, tiles, stop flag, progress; rows/cols set from the source */
    int resume;
    const char *history;
    const char *events;   /* when not NULL, the CSV file of one line per event (row,col,lat,lon,
                             start,…), in tile order, written through EVENTS.partial (job_text.h);
                             the same on every MPI rank: the others collect their tiles' events
                             and send them to rank 0 along with the tiles */
} drydown_job_options;

void drydown_job_default_options(drydown_job_options *options);

/* Writes θw and θc (options->thresholds: by default the pooled decay with intervals and a status), the
 * per-event medians' inter-quartile ranges, τ, the event counts, the mean SM and
 * a status per cell to OUTPUT (CF-1.8) through OUTPUT.partial. With MPI ranks (options->job.group)
 * it is collective: every rank reads its own tiles' series, rank 0 writes OUTPUT and the events.
 * The events file is complete, in tile order, exactly when OUTPUT is. The soil-moisture values
 * the source masked as physically impossible (series.h) are counted per tile and their total over
 * the whole domain (resumed tiles included) goes into OUTPUT's global attribute
 * SERIES_MASKED_ATTRIBUTE and, on rank 0, into *masked (when not NULL). */
int drydown_job_run(series_source *source, const char *output, const drydown_job_options *options,
                    size_t *masked, dt_error *err);

/* The CSV header of the events file. */
const char *drydown_job_events_header(void);

#endif
