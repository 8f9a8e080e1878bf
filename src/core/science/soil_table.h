/* soil_table.h — the Noah-MP STAS soil parameter table (NoahmpTable.TBL, 19 classes). */
#ifndef DRYTEX_SOIL_TABLE_H
#define DRYTEX_SOIL_TABLE_H

#include "ptf.h"

enum {
    SOIL_TABLE_CLASSES = 19, /* STAS 1 sand … 12 clay, 13 organic material, 14 water, 15 bedrock,
                                16 land-ice, 17 playa, 18 lava, 19 white sand */
    SOIL_TABLE_TEXTURES = 12, /* classes 1–12 are the USDA texture classes */
    SOIL_TABLE_WATER = 14     /* the all-zero row: no soil */
};

/* One row of &noahmp_soil_stas_parameters (the columns drytex uses; the runoff-scheme columns
 * BVIC, AXAJ, … are left out). */
typedef struct {
    const char *name; /* "Sand", …, "White sand" */
    double bb;        /* [-] BB, Clapp–Hornberger exponent */
    double drysmc;    /* [m3 m-3] DRYSMC, air-dry water content */
    double maxsmc;    /* [m3 m-3] MAXSMC, porosity */
    double refsmc;    /* [m3 m-3] REFSMC, reference (field-capacity) water content */
    double satpsi;    /* [m] SATPSI, saturated (air-entry) suction, positive */
    double satdk;     /* [m s-1] SATDK, saturated hydraulic conductivity */
    double satdw;     /* [m2 s-1] SATDW, saturated hydraulic diffusivity */
    double wltsmc;    /* [m3 m-3] WLTSMC, wilting point */
    double qtz;       /* [-] QTZ, quartz fraction */
} soil_table_row;

/* Row of STAS class 1…19, or NULL for any other number. */
const soil_table_row *soil_table_row_of(int stas_class);

/* The row as Noah-MP soil option 1 uses it: every field straight from the table (SMCDRY = DRYSMC,
 * DWSAT = SATDW). */
void soil_table_hydraulics(const soil_table_row *row, ptf_hydraulics *out);

#endif
