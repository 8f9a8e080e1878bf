/* drydown.h — drydown events in a daily soil-moisture series, their exponential fits, and the
 * cell's thresholds θw and θc (science.md §1; McColl et al. 2017, GRL 44:3682). */
#ifndef DRYTEX_DRYDOWN_H
#define DRYTEX_DRYDOWN_H

#include <stddef.h>

#include "status.h"

/* The literature's rule sets (science.md §1), and drytex's default: Araki's rules and filters with
 * at least 8 valid observations an event, the events the pooled estimator recovers the truth best
 * from (BENCHMARKS.md, "Cell-level thresholds"). */
typedef enum { DRYDOWN_SEED, DRYDOWN_MCCOLL2017, DRYDOWN_ARAKI, DRYDOWN_DRYTEX, DRYDOWN_PRESET_COUNT } drydown_preset;

/* Every rule of science.md §1 as a setting; a preset fills them. */
typedef struct {
    size_t min_points;            /* valid observations an event needs (seed 3, McColl 4, Araki 5) */
    double r2_min;                /* keep an event when R² ≥ this (seed 0.7, McColl 0 = no filter, Araki 0.8) */
    double start_rise;            /* [m3 m-3] rise before the first value (seed: any rise > 0; McColl 0.08; Araki 0.04) */
    double rise_fraction;         /* a rise below this × cell range does not end an event (McColl, Araki 0.05) */
    double rise_absolute;         /* [m3 m-3] … nor one below this (Araki 0.04: min(5 % range, 0.04)); 0 = no limit */
    size_t max_gap;               /* more missing days in a row than this end an event (Araki 3); 0 = none */
    double rain_threshold;        /* [mm d-1] rain the day before an observation ends the event (Araki 2); 0 = off */
    size_t max_length;            /* [d] an event is cut after this many days (Araki 30); 0 = none */
    double min_range_fraction;    /* keep an event only when its range > this × cell range (Araki 0.2) */
    double cap_fraction;          /* values above this × cell max are masked (Araki 0.95); 0 = off */
    int lower_bound_pixel_min;    /* θw ≥ the cell's minimum instead of ≥ 0 (Araki: 1) */
    double tau_min, tau_max;      /* [d] the searched range of τ (0.5 … 200) */
} drydown_options;

void drydown_default_options(drydown_options *options); /* the drytex preset */
int drydown_preset_parse(const char *name, drydown_options *options, dt_error *err); /* seed, mccoll2017, araki, drytex */
void drydown_apply_preset(drydown_options *options, drydown_preset preset);
const char *drydown_preset_name(drydown_preset preset);
int drydown_validate(const drydown_options *options, dt_error *err);

typedef enum {
    DRYDOWN_KEPT = 0,
    DRYDOWN_TOO_SHORT,     /* fewer valid observations than min_points */
    DRYDOWN_POOR_FIT,      /* R² below r2_min */
    DRYDOWN_SMALL_RANGE,   /* range below min_range_fraction × cell range */
    DRYDOWN_FLAT,          /* no variance: R² undefined */
    DRYDOWN_DROP_COUNT
} drydown_drop;

typedef struct {
    size_t start, end;     /* day indices of the first and last observation */
    size_t points;         /* valid observations used */
    double theta_c;        /* [m3 m-3] the first observed value */
    /* delta, tau, theta_w and r2 are NaN where the event is not fitted: fewer than min_points
     * observations (DRYDOWN_TOO_SHORT) or no variance (DRYDOWN_FLAT). */
    double delta;          /* [m3 m-3] fitted Δθ */
    double tau;            /* [d] fitted e-folding time */
    double theta_w;        /* [m3 m-3] fitted asymptote */
    double r2;             /* [-] coefficient of determination (NaN when undefined) */
    drydown_drop drop;     /* DRYDOWN_KEPT or why not */
} drydown_event;

typedef enum {
    DRYDOWN_CELL_OK = 0, DRYDOWN_CELL_NO_DATA, DRYDOWN_CELL_NO_EVENTS, DRYDOWN_CELL_NONE_KEPT, DRYDOWN_CELL_STATUS_COUNT
} drydown_cell_status;

typedef struct {
    drydown_event *events; /* [count] every event found, kept or not */
    size_t count, capacity;
    size_t kept;
    double theta_w, theta_c;            /* [m3 m-3] medians over kept events (NaN without) */
    double theta_w_q25, theta_w_q75;    /* [m3 m-3] inter-quartile range */
    double theta_c_q25, theta_c_q75;
    double tau;                         /* [d] median τ */
    double mean_sm;                     /* [m3 m-3] mean of the valid values */
    double min_sm;                      /* [m3 m-3] lowest valid value (NaN without) */
    double cap;                         /* [m3 m-3] values above it were masked (DBL_MAX: no cap) */
    size_t valid;                       /* valid values in the series */
    drydown_cell_status status;
    double *scratch;                    /* reusable work space */
    size_t scratch_size;
} drydown_result;

void drydown_result_init(drydown_result *result);
void drydown_result_free(drydown_result *result);

/* Finds, fits and filters the drydowns of one cell's daily series theta[n] (NaN = missing; day i
 * is i days after day 0), with precip[n] in mm/day or NULL. Fills result (reusing its memory).
 * Series without events are not errors: result->status says why there is no value. */
int drydown_analyse(const drydown_options *options, const float *theta, const float *precip, size_t n,
                    drydown_result *result, dt_error *err);

/* θ(t) of a fitted event, t in days since its first observation. */
double drydown_event_value(const drydown_event *event, double t);

const char *drydown_drop_name(drydown_drop drop);
const char *drydown_cell_status_name(drydown_cell_status status);

#endif
