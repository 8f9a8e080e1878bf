/* demo_world.h — the synthetic twin world of the demo: true and biased soils, climate, series. */
#ifndef DRYTEX_DEMO_WORLD_H
#define DRYTEX_DEMO_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include "ptf.h"
#include "status.h"

/* The true series: the analytic drydown process (wet to θc, exponential decay to θw; fast), or
 * the layer-1 θ of the Noah-MP column with the true texture driven by the demo's P and PET (a
 * strict twin of `drytex simulate`; about 0.1 s per cell). */
typedef enum { DEMO_SERIES_ANALYTIC, DEMO_SERIES_COLUMN } demo_series_model;

/* The demo world's version: bump it whenever what a given seed produces changes, so a demo cached
 * by an older drytex is not shown as this one (2: wetting peaks scatter about θc, not above it). */
#define DEMO_WORLD_VERSION 2

/* The world lives on a regular lat/lon grid, row 0 in the north. Soils also exist on a grid
 * `fine_factor` times finer, as the baseline products (GSDE-like, HWSD-like) come. */
typedef struct {
    uint64_t seed;
    size_t rows, cols;       /* satellite grid: 40 × 60 */
    double lat_north;        /* [degrees_north] northern edge */
    double lon_west;         /* [degrees_east] western edge */
    double cell;             /* [degrees] satellite cell size (0.25) */
    size_t fine_factor;      /* soil-map cells per satellite cell along each axis (5: 0.05°) */
    long first_day;          /* [days since 1970-01-01] 2011-01-01 */
    size_t ndays;            /* 3653: 2011…2020 */
    ptf_scheme truth_ptf;    /* the PTF that turns the true texture into the true thresholds */
    double noise;            /* [m3 m-3] satellite retrieval noise (σ) */
    double gap_fraction;     /* [-] share of days without a retrieval */
    demo_series_model series_model; /* how the true surface soil moisture is made */
} demo_settings;

void demo_default_settings(demo_settings *settings);

typedef struct {
    demo_settings settings;
    /* satellite grid, [rows × cols] */
    float *sand, *clay, *soc;        /* [%w] the truth */
    float *theta_w, *theta_c;        /* [m3 m-3] true thresholds: truth_ptf(θwlt, θref) */
    float *wetness;                  /* [-] 0 arid … 1 humid */
    /* fine grid, [rows·f × cols·f] */
    float *gsde_sand, *gsde_clay, *gsde_soc; /* [%w] biased: too uniform (shrunk to the mean) */
    float *hwsd_sand, *hwsd_clay, *hwsd_soc; /* [%w] biased: blocky mapping units, shrunk */
    /* every day, [ndays] */
    double *season;                  /* [-] −1 … 1, the seasonal cycle every cell's rain and PET follow */
} demo_world;

/* Builds the static fields (textures, thresholds, climate). */
int demo_world_build(demo_world *world, const demo_settings *settings, dt_error *err);
void demo_world_free(demo_world *world);

/* One cell's daily series over the whole period: precipitation [mm d-1], potential ET
 * [mm d-1], the true surface soil moisture [m3 m-3], and the satellite's (noise, gaps → NaN). */
typedef struct {
    float *precip, *pet, *truth, *satellite; /* each [ndays] */
} demo_series;

void demo_series_alloc(demo_series *series, size_t ndays);
void demo_series_free(demo_series *series);
void demo_cell_series(const demo_world *world, size_t row, size_t col, demo_series *series);

#endif
