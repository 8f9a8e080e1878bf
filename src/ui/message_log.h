/* message_log.h — the explorer's recent messages, oldest first, so that a long message or one a
 * later message replaced can still be read (:messages). */
#ifndef DRYTEX_MESSAGE_LOG_H
#define DRYTEX_MESSAGE_LOG_H

#include <stddef.h>

enum { MESSAGE_LOG_MAX = 200 }; /* the oldest go first beyond this */

typedef struct {
    char *text[MESSAGE_LOG_MAX]; /* a ring: entry i is text[(first + i) % MESSAGE_LOG_MAX] */
    size_t first, count;
} message_log;

/* Adds a copy of text; the same text as the last entry is not repeated. */
void message_log_add(message_log *log, const char *text);
/* Removes the newest entry (when it is replaced by a fuller one). */
void message_log_drop_last(message_log *log);
size_t message_log_count(const message_log *log);
const char *message_log_get(const message_log *log, size_t i); /* 0: the oldest kept */
void message_log_free(message_log *log);

#endif
