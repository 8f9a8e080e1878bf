/* message_log.c — a ring of the recent messages (message_log.h). */
#include "message_log.h"

#include <stdlib.h>
#include <string.h>

#include "status.h"

static char **slot(message_log *log, size_t i)
{
    return &log->text[(log->first + i) % MESSAGE_LOG_MAX];
}

void message_log_add(message_log *log, const char *text)
{
    if (log->count && strcmp(*slot(log, log->count - 1), text) == 0) return;
    if (log->count == MESSAGE_LOG_MAX) { /* full: the oldest goes */
        free(*slot(log, 0));
        log->first = (log->first + 1) % MESSAGE_LOG_MAX;
        log->count--;
    }
    *slot(log, log->count++) = dt_strdup(text);
}

void message_log_drop_last(message_log *log)
{
    if (!log->count) return;
    char **last = slot(log, --log->count);
    free(*last);
    *last = NULL;
}

size_t message_log_count(const message_log *log)
{
    return log->count;
}

const char *message_log_get(const message_log *log, size_t i)
{
    return i < log->count ? log->text[(log->first + i) % MESSAGE_LOG_MAX] : "";
}

void message_log_free(message_log *log)
{
    while (log->count) message_log_drop_last(log);
    log->first = 0;
}
