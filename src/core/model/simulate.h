/* simulate.h — one cell's Noah-MP soil-water column driven by daily precipitation and potential ET
 * through the PET-based ET closure ("Noah-MP soil hydrology with a PET-based ET closure",
 * noahmp.md §4.2): hourly disaggregation, spin-up, daily top-layer soil moisture and water budget.
 * The one implementation `drytex simulate`, `drytex cell` and the explorer use. */
#ifndef DRYTEX_SIMULATE_H
#define DRYTEX_SIMULATE_H

#include <stddef.h>

#include "closure.h"
#include "column.h"
#include "metrics.h"
#include "ptf.h"
#include "status.h"

typedef struct {
    closure_options closure;     /* f_veg, root layers, BTRAN option, soil-evaporation form */
    int rain_hours;              /* [h] a day's rain falls evenly over its first rain_hours hours (24) */
    int sunrise, sunset;         /* [h] PET is a half-sine over [sunrise, sunset) (6, 18) */
    size_t spinup_days;          /* [d] the period repeated for spin-up (365: the first year) */
    int spinup_max_loops;        /* at most this many spin-up loops (20) */
    double spinup_tolerance;     /* [m3 m-3] spun up when no layer changes by more over a loop (0.001) */
} simulate_options;

void simulate_default_options(simulate_options *options);
int simulate_validate(const simulate_options *options, dt_error *err);

/* What one run produced. Water amounts are totals over the simulated days [mm]. */
typedef struct {
    float *top;                  /* [ndays] daily mean layer-1 θ [m3 m-3] (caller-owned buffer) */
    double precipitation;        /* [mm] */
    double infiltration;         /* [mm] */
    double surface_runoff;       /* [mm] infiltration and saturation excess */
    double saturation_excess;    /* [mm] the part of surface_runoff that had been in the soil */
    double drainage;             /* [mm] free drainage at the column's bottom */
    double evaporation;          /* [mm] soil evaporation */
    double transpiration;        /* [mm] */
    double water_change;         /* [mm] column water at the end − at the start (after spin-up) */
    double jja_top;              /* [m3 m-3] mean layer-1 θ over June–August days (NaN without) */
    int spinup_loops;            /* loops run */
    int spun_up;                 /* 1 when the spin-up met its tolerance */
} simulate_run;

/* Runs the column with the same soil in every layer over ndays days (day 0 = epoch day
 * first_day) of daily precipitation and PET [mm d-1], after spinning up from θref on the first
 * spinup_days. top must hold ndays values. A missing (NaN) or negative forcing value is
 * DT_ERR_NODATA naming the day; nothing else fails. */
int simulate_column(const simulate_options *options, const ptf_hydraulics *soil, long first_day,
                    const float *precip, const float *pet, size_t ndays, simulate_run *run, dt_error *err);

/* The comparison of a simulated daily series with a reference over their common valid days
 * (science.md §5), and the mean of simulated − reference over June–August days (the seed's JJA
 * maps; NaN without a common JJA day). */
typedef struct {
    metrics all;
    double jja_difference;       /* [m3 m-3] */
    size_t jja_count;
} simulate_comparison;

void simulate_compare(const float *simulated, const float *reference, long first_day, size_t ndays,
                      simulate_comparison *out);

/* 1 when the epoch day falls in June, July or August. */
int simulate_is_jja(long epoch_day);

#endif
