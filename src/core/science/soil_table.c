/* soil_table.c — Noah-MP STAS soil parameters, all 19 classes, transcribed from NCAR/noahmp
 * parameters/NoahmpTable.TBL, namelist &noahmp_soil_stas_parameters (develop @ 02d3a7b, 2026-05-29;
 * the SOILPARM.TBL of Noah-MP 4.x has the same STAS rows). In rows 1–13 REFSMC, WLTSMC and SATDW
 * follow from BB, MAXSMC, SATPSI and SATDK by the Noah formulas (ptf_noah_thresholds; DWSAT =
 * BB·SATDK·SATPSI/MAXSMC), as test_ptf.c checks; rows 14–19 are set by hand (the hydraulic
 * columns of 16 repeat loamy sand, 19 repeats sand). */
#include "soil_table.h"

#include <stddef.h>

/* name, BB, DRYSMC, MAXSMC, REFSMC, SATPSI [m], SATDK [m/s], SATDW [m2/s], WLTSMC, QTZ */
static const soil_table_row rows[SOIL_TABLE_CLASSES] = {
    {"Sand", 2.79, 0.010, 0.339, 0.192, 0.069, 4.66e-5, 2.65e-5, 0.010, 0.92},
    {"Loamy sand", 4.26, 0.028, 0.421, 0.283, 0.036, 1.41e-5, 5.14e-6, 0.028, 0.82},
    {"Sandy loam", 4.74, 0.047, 0.434, 0.312, 0.141, 5.23e-6, 8.05e-6, 0.047, 0.60},
    {"Silt loam", 5.33, 0.084, 0.476, 0.360, 0.759, 2.81e-6, 2.39e-5, 0.084, 0.25},
    {"Silt", 3.86, 0.061, 0.484, 0.347, 0.955, 2.18e-6, 1.66e-5, 0.061, 0.10},
    {"Loam", 5.25, 0.066, 0.439, 0.329, 0.355, 3.38e-6, 1.43e-5, 0.066, 0.40},
    {"Sandy clay loam", 6.77, 0.069, 0.404, 0.315, 0.135, 4.45e-6, 1.01e-5, 0.069, 0.60},
    {"Silty clay loam", 8.72, 0.120, 0.464, 0.387, 0.617, 2.03e-6, 2.35e-5, 0.120, 0.10},
    {"Clay loam", 8.17, 0.103, 0.465, 0.382, 0.263, 2.45e-6, 1.13e-5, 0.103, 0.35},
    {"Sandy clay", 10.73, 0.100, 0.406, 0.338, 0.098, 7.22e-6, 1.87e-5, 0.100, 0.52},
    {"Silty clay", 10.39, 0.126, 0.468, 0.404, 0.324, 1.34e-6, 9.64e-6, 0.126, 0.10},
    {"Clay", 11.55, 0.138, 0.468, 0.412, 0.468, 9.74e-7, 1.12e-5, 0.138, 0.25},
    {"Organic material", 5.25, 0.066, 0.439, 0.329, 0.355, 3.38e-6, 1.43e-5, 0.066, 0.05},
    {"Water", 0.00, 0.000, 1.000, 0.000, 0.000, 0.0, 0.0, 0.000, 0.60},
    {"Bedrock", 2.79, 0.006, 0.200, 0.170, 0.069, 1.41e-4, 1.36e-4, 0.006, 0.07},
    {"Land ice", 4.26, 0.028, 0.421, 0.283, 0.036, 1.41e-5, 5.14e-6, 0.028, 0.25},
    {"Playa", 11.55, 0.030, 0.468, 0.454, 0.468, 9.74e-7, 1.12e-5, 0.030, 0.60},
    {"Lava", 2.79, 0.006, 0.200, 0.170, 0.069, 1.41e-4, 1.36e-4, 0.006, 0.52},
    {"White sand", 2.79, 0.010, 0.339, 0.192, 0.069, 4.66e-5, 2.65e-5, 0.010, 0.92},
};

const soil_table_row *soil_table_row_of(int stas_class)
{
    return stas_class >= 1 && stas_class <= SOIL_TABLE_CLASSES ? &rows[stas_class - 1] : NULL;
}

void soil_table_hydraulics(const soil_table_row *row, ptf_hydraulics *out)
{
    out->theta_s = row->maxsmc;
    out->theta_ref = row->refsmc;
    out->theta_wlt = row->wltsmc;
    out->theta_dry = row->drysmc;
    out->b = row->bb;
    out->psi_s = row->satpsi;
    out->k_s = row->satdk;
    out->d_sat = row->satdw;
    out->quartz = row->qtz;
}
