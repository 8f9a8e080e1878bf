/* column.h — the Noah-MP soil-water column (noahmp.md §1.3, §1.5 OPT_RUN 3, §1.6): Richards
 * equation with Clapp–Hornberger hydraulics, Schaake infiltration and free drainage, driven by
 * the column's boundary fluxes. Frozen soil is out of scope (no ice). */
#ifndef DRYTEX_COLUMN_H
#define DRYTEX_COLUMN_H

#include <stddef.h>

#include "ptf.h"
#include "status.h"

enum { COLUMN_MAX_LAYERS = 10 };

typedef struct {
    int layers;                               /* N (default 4) */
    double dz[COLUMN_MAX_LAYERS];             /* [m] thicknesses (0.1, 0.3, 0.6, 1.0) */
    ptf_hydraulics soil[COLUMN_MAX_LAYERS];   /* per-layer parameters */
    double kdt_ks;                            /* [m s-1] Ks for KDT: layer 1's own (soil option 4) or
                                                 the class table's (soil option 3); default layer 1's */
    double slope;                             /* [-] free-drainage factor SLOPE (0.1) */
    double refkdt;                            /* [-] REFKDT (3.0) */
    double refdk;                             /* [m s-1] REFDK (2e-6) */
} column_config;

/* 4 layers of 0.1/0.3/0.6/1.0 m, every layer `soil`, KDT from its Ks, SLOPE 0.1. */
void column_default_config(column_config *config, const ptf_hydraulics *soil);

typedef struct {
    column_config config;
    double theta[COLUMN_MAX_LAYERS];  /* [m3 m-3] liquid water content */
} column_state;

/* The boundary fluxes of one soil step, means over the step [m s-1]. */
typedef struct {
    double water_input;                        /* QINSUR: rain throughfall, drip, snowmelt, dew */
    double soil_evaporation;                   /* QSEVA, taken from layer 1 */
    double transpiration[COLUMN_MAX_LAYERS];   /* ETRANI per layer */
} column_forcing;

/* What a step did [m of water over the step]. */
typedef struct {
    double infiltration;     /* water that entered the soil */
    double surface_runoff;   /* infiltration excess + saturation excess */
    double saturation_excess; /* the part of surface_runoff that had been in the soil */
    double drainage;         /* free drainage at the bottom (subsurface runoff) */
    double evaporation;      /* soil evaporation removed */
    double transpiration;    /* transpiration removed */
    int substeps;            /* 3 or 6 */
} column_fluxes;

int column_init(column_state *state, const column_config *config, const double *theta, dt_error *err);

/* One soil step of length dt [s] (≤ 3600 s recommended). */
void column_step(column_state *state, double dt, const column_forcing *forcing, column_fluxes *out);

/* Column water [m]. */
double column_water(const column_state *state);

#endif
