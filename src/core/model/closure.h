/* closure.h — the PET-based ET closure that drives the Noah-MP soil column from precipitation and
 * potential ET (noahmp.md §4.2, after the Noah LSM's DEVAP/TRANSP, Ek et al. 2003). The built-in
 * engine is "Noah-MP soil hydrology with a PET-based ET closure", not full Noah-MP. */
#ifndef DRYTEX_CLOSURE_H
#define DRYTEX_CLOSURE_H

#include "column.h"

typedef enum { EVAPORATION_NOAH, EVAPORATION_RESISTANCE } closure_evaporation;

typedef struct {
    double veg_fraction;             /* [-] f_veg (Noah-MP with dynamic vegetation option 4: SHDMAX) */
    int root_layers;                 /* N_root (MODIS-IGBP: forests 4, crops/grass/shrubs 3, …) */
    int btran_option;                /* 1 Noah, 2 CLM, 3 SSiB (noahmp.md §1.7) */
    closure_evaporation evaporation; /* (a) Noah's (θ-θdry)/(θs-θdry) squared, or (b) r_a/(r_a + r_surf) */
    double aerodynamic_resistance;   /* [s m-1] r_a for (b) */
} closure_options;

void closure_default_options(closure_options *options); /* f_veg 0.5, 3 root layers, BTRAN 1, Noah form */

/* The column's boundary fluxes [m s-1] for a step with precipitation and PET rates [m s-1]: all
 * precipitation reaches the soil (no interception, no snow), transpiration f_veg·PET·BTRAN split
 * over the root layers by their weights, soil evaporation from layer 1. */
void closure_fluxes(const closure_options *options, const column_state *state, double precipitation,
                    double pet, column_forcing *out);

/* Daily totals → hourly rates (noahmp.md §4.2): precipitation spread evenly over the first
 * rain_hours hours of the day, PET as a half-sine over the daylight hours [sunrise, sunset)
 * (6–18 by default); both conserve the daily totals exactly. Outputs [24] in mm per hour. */
void closure_disaggregate_day(double precipitation_mm, double pet_mm, int rain_hours, int sunrise, int sunset,
                              double *precipitation_hourly, double *pet_hourly);

/* BTRAN and the per-layer weights w[k] of the root layers (noahmp.md §1.7). */
double closure_btran(const closure_options *options, const column_state *state, double *weights);

#endif
