/* progress.c — progress of long work: a bar on a terminal, machine-readable lines on --progress=FD. */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int progress_parse_fd(const char *text, int *fd)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || *end || value < 0 || value > 1 << 20) return -1;
    if (fcntl((int)value, F_GETFD) == -1) return -1;
    *fd = (int)value;
    return 0;
}

void progress_start(progress *p, const char *label, size_t total, int fd)
{
    p->label = label;
    p->total = total;
    p->done = 0;
    p->fd = fd;
    p->terminal = isatty(STDERR_FILENO);
    p->started = now();
    p->last_drawn = 0.0;
    if (p->fd >= 0) dprintf(p->fd, "start %s %zu\n", label, total);
}

static void draw_bar(const progress *p, double elapsed)
{
    const int width = 30;
    double fraction = p->total ? (double)p->done / (double)p->total : 1.0;
    int filled = (int)(fraction * width + 0.5);
    char bar[64];
    for (int i = 0; i < width; i++) bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    double eta = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
    fprintf(stderr, "\r%s [%s] %3.0f%% %zu/%zu  %.0fs, ETA %.0fs ", p->label, bar, 100.0 * fraction,
            p->done, p->total, elapsed, eta);
    fflush(stderr);
}

void progress_update(progress *p, size_t done)
{
    p->done = done;
    double t = now();
    if (t - p->last_drawn < 0.1 && done < p->total) return;
    p->last_drawn = t;
    if (p->terminal) draw_bar(p, t - p->started);
    if (p->fd >= 0) dprintf(p->fd, "progress %s %zu %zu %.3f\n", p->label, done, p->total, t - p->started);
}

void progress_report(size_t done, size_t total, void *context)
{
    progress *p = context;
    p->total = total;
    progress_update(p, done);
}

void progress_begin_report(size_t done, size_t total, void *context)
{
    progress *p = context;
    p->total = total;
    p->done = done;
    if (p->terminal) draw_bar(p, now() - p->started);
    if (p->fd >= 0) dprintf(p->fd, "start %s %zu %zu\n", p->label, total, done);
}

void progress_finish(progress *p, int ok)
{
    if (p->terminal) fprintf(stderr, "\r\033[K");
    if (p->fd >= 0) dprintf(p->fd, "done %s %s %.3f\n", p->label, ok ? "ok" : "failed", now() - p->started);
}
