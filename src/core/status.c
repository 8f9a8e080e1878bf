/* status.c — error codes and messages shared by every core module. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dt_error_set(dt_error *err, dt_status code, const char *format, ...)
{
    if (err) {
        va_list args;
        va_start(args, format);
        vsnprintf(err->text, sizeof err->text, format, args);
        va_end(args);
        err->code = code;
    }
    return code;
}

int dt_error_prefix(dt_error *err, const char *prefix)
{
    if (!err) return DT_ERR_USAGE;
    char joined[2 * DT_ERROR_TEXT + 8];
    snprintf(joined, sizeof joined, "%s: %s", prefix, err->text);
    snprintf(err->text, sizeof err->text, "%.*s", DT_ERROR_TEXT - 1, joined);
    return err->code;
}

void dt_error_clear(dt_error *err)
{
    if (!err) return;
    err->code = DT_OK;
    err->text[0] = '\0';
}

const char *dt_status_name(dt_status code)
{
    switch (code) {
    case DT_OK: return "ok";
    case DT_ERR_IO: return "I/O error";
    case DT_ERR_FORMAT: return "bad format";
    case DT_ERR_MISSING: return "missing";
    case DT_ERR_VALUE: return "bad value";
    case DT_ERR_USAGE: return "usage error";
    case DT_ERR_NOMEM: return "out of memory";
    case DT_ERR_NODATA: return "no data";
    case DT_ERR_INTERRUPTED: return "interrupted";
    }
    return "unknown error";
}

static void *out_of_memory(size_t size)
{
    fprintf(stderr, "drytex: out of memory (asked for %zu bytes)\n", size);
    exit(1);
}

void *dt_malloc(size_t size)
{
    void *pointer = malloc(size ? size : 1);
    return pointer ? pointer : out_of_memory(size);
}

void *dt_calloc(size_t count, size_t size)
{
    void *pointer = calloc(count ? count : 1, size ? size : 1);
    return pointer ? pointer : out_of_memory(count * size);
}

void *dt_realloc(void *pointer, size_t size)
{
    void *grown = realloc(pointer, size ? size : 1);
    return grown ? grown : out_of_memory(size);
}

char *dt_strdup(const char *text)
{
    size_t length = strlen(text) + 1;
    char *copy = dt_malloc(length);
    memcpy(copy, text, length);
    return copy;
}
