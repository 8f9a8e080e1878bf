/* zipread.h — the members of a zip archive (an ISMN download as delivered), read into memory. */
#ifndef DRYTEX_ZIPREAD_H
#define DRYTEX_ZIPREAD_H

#include <stddef.h>

#include "status.h"

typedef struct {
    char *name;          /* the member's path inside the archive */
    size_t offset;       /* of its local header */
    size_t packed, size; /* [bytes] compressed and uncompressed */
    int method;          /* 0 stored, 8 deflate */
} zipread_member;

typedef struct {
    char *path;
    zipread_member *members;
    size_t count;
} zipread_archive;

/* Reads the archive's central directory (PKWARE APPNOTE.TXT 6.3 §4.3.12, §4.3.16; no zip64, no
 * encryption). Errors name the file: not a zip, truncated, zip64 or spanned archives. */
int zipread_open(const char *path, zipread_archive *out, dt_error *err);
void zipread_close(zipread_archive *archive);

/* The member's bytes, NUL-terminated (malloc'd): stored or deflated members; others are errors
 * naming the member. */
int zipread_extract(const zipread_archive *archive, size_t index, char **text, size_t *size, dt_error *err);

/* 1 when path ends in .zip (any case). */
int zipread_is_zip(const char *path);

#endif
