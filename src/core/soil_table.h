/* soil_table.h — the Noah-MP soil parameter table (SOILPARM.TBL / NoahmpTable.TBL, STAS). */
#ifndef DRYTEX_SOIL_TABLE_H
#define DRYTEX_SOIL_TABLE_H

#include "ptf.h"

enum { SOIL_TABLE_CLASSES = 13 }; /* 1 sand … 12 clay, 13 organic material */

typedef struct {
    const char *name;
    double bb;      /* [-] BB */
    double maxsmc;  /* [m3 m-3] porosity */
    double refsmc;  /* [m3 m-3] reference (field capacity) */
    double satpsi;  /* [m] saturated suction */
    double satdk;   /* [m s-1] saturated conductivity */
    double wltsmc;  /* [m3 m-3] wilting point (= DRYSMC for classes 1–13) */
    double qtz;     /* [-] quartz */
} soil_table_row;

/* Row of STAS class 1…13, or NULL. */
const soil_table_row *soil_table_row_of(int stas_class);

/* The row as a hydraulic set: SMCDRY = WLTSMC, DWSAT = BB·SATDK·SATPSI/MAXSMC (which matches the
 * table's SATDW to its printed digits: sand 2.65e-5, loam 1.43e-5, silty clay loam 2.35e-5,
 * clay 1.12e-5 m2 s-1). */
void soil_table_hydraulics(const soil_table_row *row, ptf_hydraulics *out);

#endif
