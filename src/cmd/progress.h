/* progress.h — progress of long work: a bar on a terminal, machine-readable lines on --progress=FD. */
#ifndef DRYTEX_PROGRESS_H
#define DRYTEX_PROGRESS_H

#include <stddef.h>

typedef struct {
    const char *label;
    size_t total, done;
    int fd;            /* −1, or the descriptor of --progress=FD */
    int terminal;      /* stderr is a terminal: draw a bar */
    double started;    /* [s] monotonic clock at start */
    double last_drawn; /* [s] */
} progress;

/* Parses the FD of --progress=FD; returns 0, or −1 when it is not a usable descriptor. */
int progress_parse_fd(const char *text, int *fd);

void progress_start(progress *p, const char *label, size_t total, int fd);
/* Records done units; draws at most ten times a second; writes a line
 * "progress LABEL DONE TOTAL ELAPSED_S" to fd. */
void progress_update(progress *p, size_t done);
/* A (done, total, context = progress *) callback for the core's progress hooks. */
void progress_report(size_t done, size_t total, void *context);
/* The same for the moment before the first unit (job_config.progress_begin): DONE units finished
 * before this run (a resumed job) of TOTAL; writes "start LABEL TOTAL DONE" to fd. */
void progress_begin_report(size_t done, size_t total, void *context);

/* Clears the bar; writes "done LABEL ok" or "done LABEL failed" to fd. */
void progress_finish(progress *p, int ok);

#endif
