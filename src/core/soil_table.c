/* soil_table.c — Noah-MP STAS soil parameters, classes 1–13 (NCAR/noahmp
 * parameters/NoahmpTable.TBL, &noahmp_soil_stas_parameters; the SOILPARM.TBL of Noah-MP 4.x). */
#include "soil_table.h"

#include <stddef.h>

static const soil_table_row rows[SOIL_TABLE_CLASSES] = {
    {"Sand", 2.79, 0.339, 0.192, 0.069, 4.66e-5, 0.010, 0.92},
    {"Loamy sand", 4.26, 0.421, 0.283, 0.036, 1.41e-5, 0.028, 0.82},
    {"Sandy loam", 4.74, 0.434, 0.312, 0.141, 5.23e-6, 0.047, 0.60},
    {"Silt loam", 5.33, 0.476, 0.360, 0.759, 2.81e-6, 0.084, 0.25},
    {"Silt", 3.86, 0.484, 0.347, 0.955, 2.18e-6, 0.061, 0.10},
    {"Loam", 5.25, 0.439, 0.329, 0.355, 3.38e-6, 0.066, 0.40},
    {"Sandy clay loam", 6.77, 0.404, 0.315, 0.135, 4.45e-6, 0.069, 0.60},
    {"Silty clay loam", 8.72, 0.464, 0.387, 0.617, 2.03e-6, 0.120, 0.10},
    {"Clay loam", 8.17, 0.465, 0.382, 0.263, 2.45e-6, 0.103, 0.35},
    {"Sandy clay", 10.73, 0.406, 0.338, 0.098, 7.22e-6, 0.100, 0.52},
    {"Silty clay", 10.39, 0.468, 0.404, 0.324, 1.34e-6, 0.126, 0.10},
    {"Clay", 11.55, 0.468, 0.412, 0.468, 9.74e-7, 0.138, 0.25},
    {"Organic material", 5.25, 0.439, 0.329, 0.355, 3.38e-6, 0.066, 0.05},
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
    out->theta_dry = row->wltsmc;
    out->b = row->bb;
    out->psi_s = row->satpsi;
    out->k_s = row->satdk;
    out->d_sat = row->bb * row->satdk * row->satpsi / row->maxsmc;
    out->quartz = row->qtz;
}
