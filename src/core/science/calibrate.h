/* calibrate.h — per-cell texture calibration: SCE-UA finds the texture whose PTF thresholds
 * match the satellite θw and θc (science.md §4, the seed's "Opti_exp"). */
#ifndef DRYTEX_CALIBRATE_H
#define DRYTEX_CALIBRATE_H

#include <stdint.h>

#include "ptf.h"
#include "sceua.h"
#include "status.h"

enum { CALIB_SAND = 0, CALIB_CLAY = 1, CALIB_SOC = 2, CALIB_PARAMETERS = 3 };

typedef enum {
    CALIB_COST_SEED,        /* J = (θwlt − θw)² + (θref − θc)² */
    CALIB_COST_REGULARISED  /* J/σ² + λ Σ ((x − x_baseline)/scale)²: the ridge point nearest the baseline */
} calib_cost_kind;

typedef enum {
    CALIB_OK = 0,           /* optimised and inside the validity range */
    CALIB_OUTSIDE_RANGE,    /* the optimum left the absolute validity range: masked, as the seed does */
    CALIB_NO_THRESHOLDS,    /* θw or θc missing (no drydowns kept) */
    CALIB_NO_SOIL,          /* the baseline texture is missing */
    CALIB_BAD_BASELINE,     /* the baseline texture is not a texture (sand + clay > 100, negative) */
    CALIB_BASELINE_KEPT,    /* too few drydowns for thresholds (input.too_few): the baseline is kept */
    CALIB_STATUS_COUNT
} calib_status;

/* The seed's experiments (science.md §4). */
typedef enum { CALIB_EXPERIMENT_NONE, OPTI_EXP1, OPTI_EXP2, OPTI_EXP3 } calib_experiment;

typedef struct {
    ptf_options ptf;
    calib_cost_kind cost;
    double sigma;                        /* [m3 m-3] threshold tolerance of the regularised cost */
    double lambda;                       /* [-] weight of the distance to the baseline */
    double box[CALIB_PARAMETERS];        /* [%w] search half-widths around the baseline (20, 10, 5) */
    double scale[CALIB_PARAMETERS];      /* [%w] how far the regularised cost lets each parameter stray
                                            from the baseline (10, 5, 0.5) */
    double valid_min[CALIB_PARAMETERS];  /* [%w] absolute validity (6, 3, 0) */
    double valid_max[CALIB_PARAMETERS];  /* [%w] (98, 58, 15) */
    sceua_options sceua;                 /* maxn 3000 by default; seed and stream set per cell */
    uint64_t seed;                       /* run seed; the stream is the cell index */
} calib_options;

void calib_default_options(calib_options *options);

/* "opti_exp1" (GSDE sand/clay/SOC, sr06), "opti_exp2" (GSDE sand/clay, ch78), "opti_exp3"
 * (HWSD sand/clay, ch78): sets the PTF; returns DT_ERR_USAGE for another name. */
int calib_experiment_parse(const char *name, calib_experiment *experiment, dt_error *err);
const char *calib_experiment_name(calib_experiment experiment);
void calib_apply_experiment(calib_options *options, calib_experiment experiment);
int calib_cost_parse(const char *name, calib_cost_kind *cost, dt_error *err); /* "seed", "regularised" */
const char *calib_cost_name(calib_cost_kind cost);

/* Number of calibrated parameters: 3 when the PTF uses SOC, else 2 (SOC stays at the baseline). */
int calib_parameter_count(const calib_options *options);

typedef struct {
    double baseline[CALIB_PARAMETERS]; /* [%w] sand, clay, SOC (NaN when missing) */
    double theta_w, theta_c;           /* [m3 m-3] satellite thresholds (NaN when missing) */
    /* From a cell-level estimator (thresholds.h); 0 where not given, and then unused: */
    double theta_w_upper;              /* [m3 m-3] θw censored (theta_w NaN): only θwlt above it costs */
    double sigma_w, sigma_c;           /* [m3 m-3] the thresholds' own standard errors: the regularised
                                          cost's σ for this cell instead of options->sigma */
    int too_few;                       /* the estimator found too few drydowns: with the regularised
                                          cost the cell keeps its baseline (CALIB_BASELINE_KEPT), as the
                                          optimum of J_λ without data is the baseline; the seed cost
                                          masks it (CALIB_NO_THRESHOLDS), as the seed does */
} calib_input;

typedef struct {
    calib_status status;
    double optimised[CALIB_PARAMETERS];   /* [%w] sand, clay, SOC (the baseline's SOC when not calibrated) */
    double lower[CALIB_PARAMETERS], upper[CALIB_PARAMETERS]; /* [%w] the search box used */
    double wlt_before, ref_before;        /* [m3 m-3] PTF θwlt, θref of the baseline */
    double wlt_after, ref_after;          /* [m3 m-3] of the optimum */
    double cost;                          /* the seed cost J at the optimum [m6 m-6] */
    sceua_result sceua;                   /* evaluations, loops, stop reason, trace if asked */
} calib_result;

/* Thresholds within physics: each present value (NaN is absent) finite in 0…1 m3 m-3, θw below θc.
 * DT_OK or DT_ERR_VALUE with the values in the message. */
int calib_check_thresholds(double theta_w, double theta_c, dt_error *err);
/* Each present baseline component finite in 0…100 %w (sand + clay > 100 is CALIB_BAD_BASELINE). */
int calib_check_texture(const double baseline[CALIB_PARAMETERS], dt_error *err);

/* Calibrates one cell. cell_index seeds the optimiser's stream, so the result never depends on
 * threads, tiles or ranks. workspace may be NULL. A cell that cannot be calibrated is not an
 * error: result->status says why. Returns DT_ERR_USAGE for invalid options, DT_ERR_VALUE for
 * thresholds or a texture outside physics (calib_check_*) or a cost that is not finite; the
 * status is then never CALIB_OK. */
int calib_cell(const calib_options *options, const calib_input *input, uint64_t cell_index,
               int record_trace, sceua_workspace *workspace, calib_result *result, dt_error *err);

void calib_result_free(calib_result *result);
const char *calib_status_name(calib_status status);

#endif
