/* thresholds.h — a cell's θw and θc from all of its kept drydowns at once, with 90 % intervals and
 * an honest status (science.md §1; issue 16): the pooled decay and the loss function. */
#ifndef DRYTEX_THRESHOLDS_H
#define DRYTEX_THRESHOLDS_H

#include <stddef.h>

#include "drydown.h"
#include "status.h"

typedef enum {
    THRESHOLDS_MEDIAN = 0, /* the seed's: medians of the per-event fits (drydown_result as it is) */
    THRESHOLDS_POOLED,     /* one θw shared by every event, each event its own Δθ and τ */
    THRESHOLDS_LOSS,       /* the piecewise-linear loss −dθ/dt against θ (Akbar et al. 2018) */
    THRESHOLDS_ESTIMATOR_COUNT
} thresholds_estimator;

/* The estimator `drytex drydowns` and `drytex cell` use unless told (BENCHMARKS.md compares them);
 * a literature preset (seed, mccoll2017, araki) brings its own, the median. */
#define THRESHOLDS_DEFAULT THRESHOLDS_POOLED

typedef enum {
    THRESHOLDS_IDENTIFIED = 0, /* θw and its interval are estimates */
    THRESHOLDS_CENSORED,       /* the soil never approached its asymptote: only an upper bound of θw */
    THRESHOLDS_TOO_FEW,        /* too few drydowns (or increments) for any statement */
    THRESHOLDS_STATUS_COUNT
} thresholds_status;

typedef struct {
    thresholds_estimator estimator;
    size_t min_events;        /* kept events an identified θw needs (default 5; a censored one needs 2) */
    double approach;          /* θw is identified only when the lowest 2 % of the drydowns' values come
                                 within this fraction of (θc − θw) of it (default 0.05): an estimate
                                 is an interpolation, never an extrapolation */
    double noise;             /* [m3 m-3] the series' retrieval noise σ for the censored bound (the minimum
                                 + 1.645 σ); NaN (default): estimated from the series. In-situ series
                                 have none to speak of: 0 there */
    double tau_min, tau_max;  /* [d] the τ range of the pooled fit (from the drydown options) */
} thresholds_options;

/* Where θc came from (critical_point in thresholds.c). */
typedef enum {
    THRESHOLDS_C_NONE = 0,     /* no θc */
    THRESHOLDS_C_WETTINGS,     /* the median level of every wetting, corrected for what the detection misses */
    THRESHOLDS_C_FIRST_VALUES  /* the seed's median first value of the kept drydowns */
} thresholds_c_source;

typedef struct {
    thresholds_status status;
    /* identified: θw and its 90 % interval; censored: theta_w NaN, theta_w_high the upper bound
     * (the series minimum + 1.645 σ: θw is below it, one-sided 95 %), theta_w_low NaN; too few: no
     * estimate, theta_w_high the same bound when the series has values (the median estimator: NaN) */
    double theta_w, theta_w_low, theta_w_high;  /* [m3 m-3] */
    /* the median level the series' wettings bring the soil to (the seed's θc, a drydown's start, from
     * every wetting: see critical_point in thresholds.c) and its 90 % interval; NaN when too few */
    double theta_c, theta_c_low, theta_c_high;  /* [m3 m-3] */
    thresholds_c_source theta_c_source;
    /* loss function only (NaN otherwise): θ* where the loss reaches its plateau, its 90 % interval
     * (theta_star NaN and theta_star_low the top of the data when no plateau is seen), and the
     * plateau's loss */
    double theta_star, theta_star_low, theta_star_high; /* [m3 m-3] */
    double loss_max;                            /* [m3 m-3 d-1] */
    double noise;             /* [m3 m-3] the σ of the censored bound: options->noise, or estimated from
                                 the series' second differences (NaN if unknown) */
    size_t events;            /* kept drydowns used */
    size_t points;            /* observations (pooled) or increments (loss) used */
    size_t wettings;          /* wettings θc was taken from (those above the cap included) */
    int above_data;           /* pooled: the drydowns' shared asymptote would lie above values the series
                                 reached (their profile still falls at the top of the θw scan, 0.03 or 5 σ
                                 above the lowest value): no one θw fits them, and the cell is censored */
} thresholds_result;

/* Reusable work space (one per thread). */
typedef struct {
    double *t, *y;            /* [points] each event's days since its start and values, in turn */
    size_t *first;            /* [events + 1] where each event starts in t, y */
    double *onset;            /* [events] the event's first value when the day before it was observed, else NaN */
    double *x, *loss, *weight;/* [increments] the loss function's data (and θc's wettings before it) */
    double *sums;             /* prefix sums of the loss function */
    size_t *order;
    double *pooled;           /* the pooled fit's per-event sums (thresholds_pooled.c) */
    size_t point_capacity, event_capacity, increment_capacity, sums_capacity, pooled_capacity;
} thresholds_work;

void thresholds_default_options(thresholds_options *options);
void thresholds_work_init(thresholds_work *work);
void thresholds_work_free(thresholds_work *work);

int thresholds_estimator_parse(const char *name, thresholds_estimator *estimator, dt_error *err);
const char *thresholds_estimator_name(thresholds_estimator estimator);      /* median, pooled, loss */
const char *thresholds_status_name(thresholds_status status);               /* identified, censored, too few data */
const char *thresholds_status_flag(thresholds_status status);               /* identified, censored, too_few_data */

/* The cell's thresholds from the kept events of drydowns (as drydown_analyse left it) over the
 * same series theta[n] (NaN = missing; values above drydowns->cap are skipped, as the analysis did). */
int thresholds_estimate(const thresholds_options *options, const drydown_result *drydowns, const float *theta, size_t n,
                        thresholds_work *work, thresholds_result *result, dt_error *err);

/* The status in words a student follows (for `drytex cell` and the explorer), e.g. "censored: never
 * dried below 0.209: θw is below that; its 4 drydowns stop before levelling off"; min_sm
 * [m3 m-3] is the series' lowest value. Writes at most size bytes (NUL included); returns what
 * snprintf returns. */
int thresholds_explain(const thresholds_result *result, size_t min_events, double min_sm, char *text, size_t size);

/* θc in words, e.g. "θc 0.305 m3 m-3 (90 % interval 0.302–0.307), the median level 212 wettings
 * brought the soil to", or briefly (a narrow panel) "θc 0.305 (90 % 0.302–0.307), median of 212
 * wettings"; same contract as thresholds_explain. */
int thresholds_explain_critical(const thresholds_result *result, int brief, char *text, size_t size);

/* Internals, exposed for tests. The profile SSE of the pooled fit at a shared θw: Σ over the events
 * of the least SSE over Δθ ≥ 0 and τ in [tau_min, tau_max]. */
double thresholds_pooled_sse(thresholds_work *work, size_t events, double theta_w, double tau_min, double tau_max);

#endif
