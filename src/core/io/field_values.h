/* field_values.h — within io/: the value rules field_read applies to what netCDF returns
 * (field_values.c); field_mask_outside, their public part, is in field.h. */
#ifndef DRYTEX_FIELD_VALUES_H
#define DRYTEX_FIELD_VALUES_H

#include "field.h"

/* out[total] read raw from f's variable becomes physical in place: raw × scale + offset (× the
 * units' extra scale), NaN where the value is NaN, the fill or missing value, or outside the valid
 * range (checked on the raw value, or on the unpacked one when the range is physical). */
void field_unpack(const field *f, float *out, size_t total);

#endif
