/* ncheader.h — checks a netCDF file's own header against its length before netCDF-C reads it. */
#ifndef DRYTEX_NCHEADER_H
#define DRYTEX_NCHEADER_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* What ncheader_check found at the start of the file. */
typedef enum {
    NCHEADER_OTHER,   /* neither classic nor HDF5: netCDF-C decides (it refuses or reads HDF4, …) */
    NCHEADER_CLASSIC, /* CDF-1, CDF-2 or CDF-5, header and data extents checked */
    NCHEADER_HDF5     /* HDF5 (netCDF-4): superblock checked */
} ncheader_kind;

/* Limits on what a header may declare, whatever the file's length (netCDF-C's own: names of at
 * most NC_MAX_NAME bytes, at most NC_MAX_VAR_DIMS dimensions a variable). */
#define NCHEADER_MAX_NAME 256
#define NCHEADER_MAX_VAR_DIMS 1024
/* At most this many dimensions, attributes or variables a list (netCDF-C 3.x allowed 8192 variables;
 * no real product comes near): what the check allocates stays small whatever the file claims. */
#define NCHEADER_MAX_ITEMS (1u << 20)

/* Classic format: parses the header of the size bytes at data (the whole file) and checks that
 * every count, name and attribute fits in the file, that names are at most NCHEADER_MAX_NAME
 * bytes, that each dimension id exists and that every variable's data — numrecs records of the
 * record variables included — lies within the file, so a truncated file is refused rather than
 * read as zeros. DT_OK, or DT_ERR_FORMAT with a message "path: …". */
int ncheader_check_classic(const uint8_t *data, size_t size, const char *path, dt_error *err);

/* HDF5: checks the superblock at offset (version, sizes, checksum of versions 2 and 3, base and
 * end-of-file addresses within the file). */
int ncheader_check_hdf5(const uint8_t *superblock, size_t available, uint64_t offset, uint64_t file_size,
                        const char *path, dt_error *err);

/* Opens path, tells its kind and runs the check that applies. Not a regular file, unreadable or
 * failing a check: a negative dt_status naming the file. */
int ncheader_check(const char *path, ncheader_kind *kind, dt_error *err);

#endif
