/* status.h — error codes and messages shared by every core module. */
#ifndef DRYTEX_STATUS_H
#define DRYTEX_STATUS_H

#include <stddef.h>

/* Library functions return 0 (DT_OK) or one of these negative codes, and fill a dt_error with
 * a one-line message that names the file, variable or value at fault. They never print, exit
 * or abort on bad input. */
typedef enum {
    DT_OK = 0,
    DT_ERR_IO = -1,        /* a file cannot be opened, read or written */
    DT_ERR_FORMAT = -2,    /* a file is not what it claims (not netCDF, truncated, no coordinates) */
    DT_ERR_MISSING = -3,   /* a variable, dimension or attribute is absent */
    DT_ERR_VALUE = -4,     /* a value is out of range or inconsistent */
    DT_ERR_USAGE = -5,     /* a caller passed an invalid argument or option */
    DT_ERR_NOMEM = -6,     /* allocation failed */
    DT_ERR_NODATA = -7,    /* valid input, but nothing usable in it (all fill, no overlap) */
    DT_ERR_INTERRUPTED = -8 /* stopped on request (a signal); the output is resumable */
} dt_status;

#define DT_ERROR_TEXT 512

typedef struct {
    dt_status code;
    char text[DT_ERROR_TEXT]; /* e.g. "sm.nc: sm: no latitude coordinate" */
} dt_error;

/* Records code and a printf-style message in err (which may be NULL); returns code. */
int dt_error_set(dt_error *err, dt_status code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in err with "prefix: " (e.g. a file name); returns err->code. */
int dt_error_prefix(dt_error *err, const char *prefix);

/* Clears err to DT_OK and an empty message. */
void dt_error_clear(dt_error *err);

/* A short name for a status code ("I/O error", "bad format", …). */
const char *dt_status_name(dt_status code);

/* malloc/calloc/realloc that end the program with a message when memory runs out — the one
 * fatal case the design allows. */
void *dt_malloc(size_t size);
void *dt_calloc(size_t count, size_t size);
void *dt_realloc(void *pointer, size_t size);
char *dt_strdup(const char *text);

#endif
