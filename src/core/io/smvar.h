/* smvar.h — which variable of a product is the soil moisture, and what its units mean. */
#ifndef DRYTEX_SMVAR_H
#define DRYTEX_SMVAR_H

#include <stddef.h>

#include "status.h"

/* Chooses the soil-moisture variable of an open file (every group), in this order:
 *   1. standard_name soil_moisture_content, volume_fraction_of_condensed_water_in_soil,
 *      moisture_content_of_soil_layer, mass_content_of_water_in_soil(_layer) (CF standard
 *      name table);
 *   2. a well-known name: sm, SM, soil_moisture, soil_moisture_am, soil_moisture_pm, ssm, …;
 *   3. units a soil moisture has (m3 m-3, cm3 cm-3, %, percent of saturation);
 *   4. a long_name saying "soil moisture" or "soil water";
 *   5. the one gridded variable left.
 * Never a timestamp (units "X since DATE", ESA CCI t0), a coordinate, an uncertainty or error, a
 * flag (flag_values/flag_masks/flag_meanings, CF §3.5), a count or a quality field. When two
 * variables tie at the first step that finds any, the choice is not certain: DT_ERR_VALUE with
 * one line listing the candidates ("--variable picks"). *name gets "Group/name" (malloc). */
int smvar_choose(int ncid, const char *path, char **name, dt_error *err);

typedef enum {
    SMVAR_VOLUMETRIC,         /* m3 m-3, cm3 cm-3, 1: read as they are */
    SMVAR_VOLUMETRIC_PERCENT, /* volumetric percent: ÷ 100 */
    SMVAR_SATURATION,         /* degree of saturation (ESA CCI ACTIVE: percent of saturation) */
    SMVAR_NO_UNITS,           /* no units attribute: taken as m3 m-3 */
    SMVAR_NOT_SOIL_MOISTURE   /* K, kg m-2, mm, …: not a volumetric water content */
} smvar_units;

/* What units (with the long_name and standard_name, which tell volumetric from saturation
 * percent) mean; *scale is the factor to m3 m-3 (volumetric) or to a fraction of saturation
 * 0…1 (SMVAR_SATURATION). */
smvar_units smvar_classify_units(const char *units, const char *long_name, const char *standard_name,
                                 double *scale);

/* A short description of the class, for info ("volumetric percent, read ÷ 100"). */
const char *smvar_units_description(smvar_units kind);

#endif
