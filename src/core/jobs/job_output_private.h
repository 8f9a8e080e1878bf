/* job_output_private.h — what job_output.c and job_output_final.c share. */
#ifndef DRYTEX_JOB_OUTPUT_PRIVATE_H
#define DRYTEX_JOB_OUTPUT_PRIVATE_H

#include "job_output.h"

/* path + suffix (free() it). */
char *job_output_suffixed(const char *path, const char *suffix);

/* Flushes a file (or, with directory, the directory that holds it) to stable storage. */
int job_output_fsync(const char *path, int directory, dt_error *err);

/* DT_OK when every coordinate variable of the open file (lat, lon, y, x, time) holds values —
 * none missing, none a fill value, 1-D axes strictly monotonic — else DT_ERR_FORMAT naming it. */
int job_output_coordinates_complete(int ncid, const char *path, dt_error *err);

/* An error from netCDF, with the system's reason when HDF5 hides it (a full disk says so). */
int job_output_nc_error(dt_error *err, int status, int saved_errno, const char *path, const char *what);

#endif
