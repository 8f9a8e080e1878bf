/* ncfile.h — thin, error-reporting helpers over netCDF-C (open, find, attributes). */
#ifndef DRYTEX_NCFILE_H
#define DRYTEX_NCFILE_H

#include <stddef.h>

#include "status.h"

/* netCDF-C is not thread-safe: callers that read from several threads serialise all calls
 * through one lock (the job engine does). These helpers hold no state of their own. */

/* Turns HDF5's own printing of error stacks off in the calling thread (netCDF does it in the first
 * thread only; errors still come back as statuses). ncfile_open calls it; so does each job worker. */
void ncfile_quiet_thread(void);

/* Opens path read-only, after checking a classic header against the file's length (ncheader.h)
 * and opening a netCDF-4/HDF5 file once in a child process with a time limit (ncprobe.h). Errors
 * name the file: "no such file", "not a netCDF or HDF5 file", "truncated or corrupt …". */
int ncfile_open(const char *path, int *ncid, dt_error *err);
/* The same with flags: NCFILE_CHECKED skips the child-process probe of a netCDF-4 file the caller
 * has opened before (a collection's daily files are re-opened for every block read). */
enum { NCFILE_CHECKED = 1 };
int ncfile_open_flags(const char *path, int flags, int *ncid, dt_error *err);
void ncfile_close(int ncid);

/* A human name of the file's on-disk format: "netCDF-3 classic", "netCDF-4/HDF5", … */
const char *ncfile_format_name(int ncid);

/* Finds a variable by name, or by a group path "Group/Sub/name"; when the plain name is not in
 * the root group, searches every group depth-first. Fills the group id and variable id.
 * Returns DT_ERR_MISSING when absent. */
int ncfile_find_variable(int ncid, const char *name, int *group_id, int *varid);

/* Attributes are read into the heap; one of more values than this is not read at all (DT_ERR_VALUE):
 * no real attribute comes near, and what is allocated stays bounded whatever the file claims. */
#define NCFILE_MAX_ATTRIBUTE_VALUES ((size_t)1 << 24)

/* Text attribute into buffer (NUL-terminated, trimmed); 0 when present, DT_ERR_MISSING when absent,
 * DT_ERR_VALUE when longer than NCFILE_MAX_ATTRIBUTE_VALUES. */
int ncfile_text_attribute(int group_id, int varid, const char *name, char *buffer, size_t size);

/* Numeric attribute (first value) as double; 0 when present, DT_ERR_MISSING when absent or not a
 * number, DT_ERR_VALUE when it has more than NCFILE_MAX_ATTRIBUTE_VALUES values. */
int ncfile_number_attribute(int group_id, int varid, const char *name, double *value);

/* Formats a netCDF status as a message: "file: variable: netCDF says …". */
int ncfile_error(dt_error *err, dt_status code, int nc_status, const char *path,
                 const char *variable, const char *what);

/* Case-insensitive equality of ASCII strings. */
int ncfile_same_text(const char *a, const char *b);

#endif
