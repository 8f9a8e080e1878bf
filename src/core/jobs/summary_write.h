/* summary_write.h — a domain summary (science/summary.h) written into a job's netCDF output. */
#ifndef DRYTEX_SUMMARY_WRITE_H
#define DRYTEX_SUMMARY_WRITE_H

#include "cfwrite.h"
#include "status.h"
#include "summary.h"

/* Writes the histograms as variables (dimension "bin") and the means and arid/humid changes as
 * attributes into an open netCDF file in define or data mode. */
int summary_write(int ncid, const char *path, const domain_summary *s, dt_error *err);

/* The soil-moisture values masked at the door as physically impossible (series.h), as the global
 * attribute SERIES_MASKED_ATTRIBUTE of an open output (define or data mode). */
int summary_write_masked(cf_output *out, double count, dt_error *err);

#endif
