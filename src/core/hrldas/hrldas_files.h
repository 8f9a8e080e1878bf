/* hrldas_files.h — the input files of a real Noah-MP run through HRLDAS (noahmp.md §2): the
 * setup file (grid, land cover, initial state), one LDASIN forcing file per forcing step, the
 * SOIL_DATA_OPTION = 4 spatial soil file (drytex's own PTF parameters per layer and cell) and
 * namelist.hrldas. Names, dimensions and attributes are the ones HRLDAS 5.2 reads. */
#ifndef DRYTEX_HRLDAS_FILES_H
#define DRYTEX_HRLDAS_FILES_H

#include <stddef.h>

#include "ptf.h"
#include "status.h"

enum { HRLDAS_LAYERS = 4 };                /* Δz 0.10, 0.30, 0.60, 1.00 m (noahmp.md §1.1) */
extern const double hrldas_layer_thickness[HRLDAS_LAYERS]; /* [m] */

/* MODIS-IGBP ("MODIFIED_IGBP_MODIS_NOAH") classes HRLDAS needs to know. */
enum { HRLDAS_MODIS_URBAN = 13, HRLDAS_MODIS_ICE = 15, HRLDAS_MODIS_WATER = 17 };

/* One domain of rows × cols cells, laid out [row][col] in the caller's row order (HRLDAS's
 * columns are independent, so south_north need not run south to north; XLAT says where). */
typedef struct {
    size_t rows, cols;
    const float *lat, *lon;      /* [cells] cell centres [degrees_north, degrees_east] */
    const int *vegetation;       /* [cells] MODIS-IGBP class; HRLDAS_MODIS_WATER: not simulated */
    const int *soil_class;       /* [cells] STAS class (ISLTYP) */
    const float *theta;          /* [cells × HRLDAS_LAYERS] initial total soil moisture [m3 m-3] */
    float shdmax, shdmin;        /* [%] maximum and minimum vegetation fraction */
    float lai;                   /* [m2 m-2] initial leaf area index */
    const float *deep_temperature; /* [cells] [K] TMN, also the initial soil temperature (every layer) */
    const float *skin_temperature; /* [cells] [K] TSK */
} hrldas_domain;

/* The setup file (HRLDAS_SETUP_FILE): XLAT, XLONG, HGT (0), TMN, SEAICE, XLAND, IVGTYP, ISLTYP,
 * SHDMAX, SHDMIN, LAI, SNOW, SNODEP, CANWAT, TSK (Time, south_north, west_east), DZS, ZS
 * (Time, soil_layers_stag), TSLB, SMOIS (Time, soil_layers_stag, south_north, west_east) and the
 * global attributes HRLDAS requires (MMINLU, ISWATER, ISURBAN, ISICE, GRID_ID, DX, DY, MAP_PROJ…). */
int hrldas_write_setup(const char *path, const hrldas_domain *domain, dt_error *err);

/* The SOIL_DATA_OPTION = 4 file (SPATIAL_FILENAME): bexp, smcdry, smcwlt, smcref, smcmax, dksat,
 * dwsat, psisat, quartz (soil_layers_stag, south_north, west_east), the same parameters in every
 * layer from soil[cell]; refdk (2e-6) and refkdt (3) as Noah-MP's table; and the 2-D irrigation,
 * tile-drainage and VIC/Xinanjiang fields the reader requires, at neutral values (the options that
 * use them are off). */
int hrldas_write_soil(const char *path, size_t rows, size_t cols, const ptf_hydraulics *soil, dt_error *err);

/* The forcing of one step: [cells] each, HRLDAS units. */
typedef struct {
    const float *t2d;      /* [K] air temperature */
    const float *q2d;      /* [kg kg-1] specific humidity */
    const float *psfc;     /* [Pa] surface pressure */
    const float *u2d, *v2d;/* [m s-1] wind components (drytex writes the speed as U2D, V2D = 0) */
    const float *swdown, *lwdown; /* [W m-2] */
    const float *rainrate; /* [mm s-1] total precipitation */
} hrldas_forcing_step;

/* The LDASIN file name of a step: YYYYMMDDHH.LDASIN_DOMAIN1, or YYYYMMDDHHMM.… when the forcing
 * step is not a whole number of hours (HRLDAS's own rule). */
void hrldas_forcing_name(char *buffer, size_t size, int year, int month, int day, int hour, int minute,
                         int with_minutes);
int hrldas_write_forcing(const char *path, size_t rows, size_t cols, const hrldas_forcing_step *step, dt_error *err);

typedef struct {
    const char *setup_file, *soil_file, *forcing_dir, *output_dir;
    int year, month, day, hour, minute;   /* start (UTC) */
    long hours;                           /* run length (KHOUR) */
    int forcing_step, model_step, output_step; /* [s] */
    int spinup_loops;
} hrldas_namelist;

/* namelist.hrldas (&NOAHLSM_OFFLINE): the Bondville example's physics (noahmp.md §2: runoff 3,
 * BTRAN 1, surface resistance 4, dynamic vegetation 4) with SOIL_DATA_OPTION = 4, one output file
 * for the whole run, no restart files. Returns the length written (snprintf's convention). */
int hrldas_namelist_text(char *buffer, size_t size, const hrldas_namelist *namelist);
int hrldas_write_namelist(const char *path, const hrldas_namelist *namelist, dt_error *err);

#endif
