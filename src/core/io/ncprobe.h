/* ncprobe.h — opens an HDF5 (netCDF-4) file once in a child process first, so that a file on
 * which HDF5 crashes or loops is refused instead of taking the program with it. */
#ifndef DRYTEX_NCPROBE_H
#define DRYTEX_NCPROBE_H

#include "status.h"

/* Seconds the probe may take before the file is refused, unless DRYTEX_OPEN_TIMEOUT says otherwise
 * (a whole number of seconds; 0 turns the probe off). */
#define NCPROBE_DEFAULT_SECONDS 5

/* Opens path with netCDF-C in a forked child, walks every group's dimensions, variables and
 * attributes (reading each attribute) and closes it. DT_OK
 * when that worked; otherwise DT_ERR_FORMAT naming the file and what happened: netCDF's error, a
 * crash (the signal) or no end within the time limit (the child is killed). The child's stderr
 * goes to /dev/null, so the library's own complaints are not shown.
 * The child is forked, not exec'd: in a threaded program no other thread may be inside netCDF-C
 * or HDF5 when this is called (the jobs' workers make every such call under their I/O lock), or
 * the child can inherit HDF5's global lock held and wait on it until the time limit. */
int ncprobe_file(const char *path, dt_error *err);

/* The time limit in seconds in force (DRYTEX_OPEN_TIMEOUT or the default). */
int ncprobe_seconds(void);

#endif
