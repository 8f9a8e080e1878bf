/* ingest_workers.c — forked ingest workers and the parent's loop over their pipes. A message is a
 * header {kind, size} and size bytes; one writer per pipe, so messages never interleave. */
#include "ingest_workers.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/types.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fdio.h"

typedef struct {
    uint32_t kind;
    uint32_t size;
} message_header;

/* 1: read all, 0: end of file before any byte, −1: error or a message cut short */
static int read_full(int fd, void *data, size_t size)
{
    char *bytes = data;
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, bytes + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) return got == 0 ? 0 : -1;
        got += (size_t)n;
    }
    return 1;
}

int ingest_worker_send(int fd, unsigned kind, const void *head, size_t head_size, const void *data, size_t size,
                       dt_error *err)
{
    if (head_size + size > UINT32_MAX)
        return dt_error_set(err, DT_ERR_USAGE, "ingest: a worker's message of %zu bytes is too long", head_size + size);
    message_header h = {kind, (uint32_t)(head_size + size)};
    if (fdio_write_all(fd, &h, sizeof h) || (head_size && fdio_write_all(fd, head, head_size)) ||
        (size && fdio_write_all(fd, data, size)))
        return dt_error_set(err, DT_ERR_IO, "ingest: a worker cannot report to drytex: %s", strerror(errno));
    return DT_OK;
}

int ingest_worker_on_file(int fd, const char *path, dt_error *err)
{
    return ingest_worker_send(fd, INGEST_MESSAGE_ON_FILE, path, strlen(path) + 1, NULL, 0, err);
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void run_worker(int fd, ingest_work work, void *context, int worker, int nworkers)
{
    signal(SIGPIPE, SIG_DFL);
    dt_error err;
    dt_error_clear(&err);
    int status = work(context, worker, nworkers, fd, &err);
    if (status == DT_OK) ingest_worker_send(fd, INGEST_MESSAGE_DONE, NULL, 0, NULL, 0, &err);
    else ingest_worker_send(fd, INGEST_MESSAGE_ERROR, &err, sizeof err, NULL, 0, &err);
    close(fd);
    _exit(status == DT_OK ? 0 : 1); /* no exit handler of the parent's (HDF5's) runs in a worker */
}

typedef struct {
    pid_t pid;
    int fd;      /* the reading end, −1 once at its end */
    int ended;   /* DONE or ERROR received */
    char on_file[1024]; /* the file it said it is reading (ingest_worker_on_file), or "" */
    double since;       /* [s] when it said so */
} worker_slot;

/* One message from worker w; DT_OK, or the first failure recorded in *first. */
static int take_message(worker_slot *slot, int w, ingest_receive receive, void *context, char **buffer,
                        size_t *capacity, dt_error *err)
{
    message_header h;
    int got = read_full(slot->fd, &h, sizeof h);
    if (got == 0) {
        close(slot->fd);
        slot->fd = -1;
        return DT_OK;
    }
    if (got < 0) return dt_error_set(err, DT_ERR_IO, "ingest: worker %d: its report was cut short", w + 1);
    if (h.size > *capacity) {
        *buffer = dt_realloc(*buffer, h.size);
        *capacity = h.size;
    }
    if (h.size && read_full(slot->fd, *buffer, h.size) != 1)
        return dt_error_set(err, DT_ERR_IO, "ingest: worker %d: its report was cut short", w + 1);
    if (h.kind == INGEST_MESSAGE_ON_FILE) {
        size_t n = h.size < sizeof slot->on_file ? h.size : sizeof slot->on_file;
        memcpy(slot->on_file, *buffer, n);
        slot->on_file[n ? n - 1 : 0] = '\0';
        slot->since = seconds_now();
        return DT_OK;
    }
    slot->on_file[0] = '\0'; /* any other message: past its file */
    switch (h.kind) {
    case INGEST_MESSAGE_DONE: slot->ended = 1; return DT_OK;
    case INGEST_MESSAGE_ERROR:
        slot->ended = 1;
        if (h.size != sizeof *err) return dt_error_set(err, DT_ERR_IO, "ingest: worker %d failed", w + 1);
        memcpy(err, *buffer, sizeof *err);
        err->text[DT_ERROR_TEXT - 1] = '\0';
        return err->code != DT_OK ? err->code : DT_ERR_IO;
    default: return receive(context, w, h.kind, *buffer, h.size, err);
    }
}

static int start_workers(worker_slot *slots, int nworkers, ingest_work work, void *context, dt_error *err)
{
    fflush(NULL); /* nothing buffered is written twice by a worker */
    pid_t parent = getpid();
    for (int w = 0; w < nworkers; w++) {
        int pipe_fds[2];
        if (pipe(pipe_fds) != 0) return dt_error_set(err, DT_ERR_IO, "ingest: cannot make a pipe: %s", strerror(errno));
        pid_t pid = fork();
        if (pid < 0) {
            close(pipe_fds[0]);
            close(pipe_fds[1]);
            return dt_error_set(err, DT_ERR_IO, "ingest: cannot start worker %d: %s", w + 1, strerror(errno));
        }
        if (pid == 0) {
#ifdef __linux__
            /* a worker ends with its parent: a killed ingest leaves no reader running on, holding the
             * output's lock (an OFD lock is shared with the forked workers) */
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) _exit(1);
#else
            (void)parent;
#endif
            close(pipe_fds[0]);
            for (int other = 0; other < w; other++) close(slots[other].fd);
            run_worker(pipe_fds[1], work, context, w, nworkers);
        }
        close(pipe_fds[1]);
        slots[w].pid = pid;
        slots[w].fd = pipe_fds[0];
    }
    return DT_OK;
}

/* Waits for every started worker; a worker that died without its report is the failure then. */
static int wait_workers(worker_slot *slots, int nworkers, int status, dt_error *err)
{
    for (int w = 0; w < nworkers; w++) {
        if (slots[w].pid <= 0) continue;
        if (slots[w].fd >= 0) close(slots[w].fd);
        int wait_status = 0;
        while (waitpid(slots[w].pid, &wait_status, 0) < 0 && errno == EINTR) continue;
        if (status == DT_OK && !slots[w].ended) {
            if (WIFSIGNALED(wait_status) && slots[w].on_file[0])
                status = dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt netCDF-4/HDF5 file: reading it crashes the "
                                      "netCDF/HDF5 libraries (signal %d, in ingest's reader %d); refused",
                                      slots[w].on_file, WTERMSIG(wait_status), w + 1);
            else if (WIFSIGNALED(wait_status))
                status = dt_error_set(err, DT_ERR_IO, "ingest: worker %d ended by signal %d (%s)", w + 1,
                                      WTERMSIG(wait_status), strsignal(WTERMSIG(wait_status)));
            else
                status = dt_error_set(err, DT_ERR_IO, "ingest: worker %d ended without a report (exit %d)", w + 1,
                                      WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1);
        }
    }
    return status;
}

/* A worker past the time limit on its file: ended, and the file named. */
static int check_stalls(worker_slot *slots, int nworkers, int file_seconds, dt_error *err)
{
    double now = seconds_now();
    for (int w = 0; w < nworkers; w++)
        if (slots[w].fd >= 0 && slots[w].on_file[0] && now - slots[w].since > file_seconds) {
            kill(slots[w].pid, SIGKILL);
            slots[w].ended = 1; /* reported here, not as a death */
            return dt_error_set(err, DT_ERR_FORMAT, "%s: corrupt netCDF-4/HDF5 file: not read within %d s (HDF5 loops "
                                "on some corrupt files; DRYTEX_OPEN_TIMEOUT sets the limit); refused",
                                slots[w].on_file, file_seconds);
        }
    return DT_OK;
}

int ingest_workers_run(int nworkers, ingest_work work, ingest_receive receive, void *context, dt_error *err)
{
    return ingest_workers_run_meanwhile(nworkers, work, receive, context, 0, NULL, err);
}

int ingest_workers_run_files(int nworkers, ingest_work work, ingest_receive receive, void *context, int file_seconds,
                             dt_error *err)
{
    return ingest_workers_run_meanwhile(nworkers, work, receive, context, file_seconds, NULL, err);
}

int ingest_workers_run_meanwhile(int nworkers, ingest_work work, ingest_receive receive, void *context,
                                 int file_seconds, ingest_meanwhile meanwhile, dt_error *err)
{
    worker_slot *slots = dt_calloc((size_t)nworkers, sizeof *slots);
    struct pollfd *polls = dt_calloc((size_t)nworkers, sizeof *polls);
    for (int w = 0; w < nworkers; w++) slots[w].fd = -1;
    int status = start_workers(slots, nworkers, work, context, err), more = meanwhile != NULL;
    char *buffer = NULL;
    size_t capacity = 0;
    for (int open_pipes = nworkers; status == DT_OK && open_pipes > 0;) {
        open_pipes = 0;
        for (int w = 0; w < nworkers; w++) {
            polls[w].fd = slots[w].fd;
            polls[w].events = POLLIN;
            polls[w].revents = 0;
            open_pipes += slots[w].fd >= 0;
        }
        if (open_pipes == 0) break;
        if (more && (status = meanwhile(context, &more, err)) != DT_OK) break; /* a step, then the messages */
        int ready = poll(polls, (nfds_t)nworkers, more ? 0 : file_seconds > 0 ? 200 : -1);
        if (file_seconds > 0 && (status = check_stalls(slots, nworkers, file_seconds, err)) != DT_OK) break;
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) status = dt_error_set(err, DT_ERR_IO, "ingest: cannot wait for the workers: %s", strerror(errno));
        for (int w = 0; w < nworkers && status == DT_OK; w++)
            if (slots[w].fd >= 0 && (polls[w].revents & (POLLIN | POLLHUP | POLLERR)))
                status = take_message(&slots[w], w, receive, context, &buffer, &capacity, err);
    }
    while (status == DT_OK && more) status = meanwhile(context, &more, err); /* the workers ended first */
    if (status != DT_OK)
        for (int w = 0; w < nworkers; w++)
            if (slots[w].pid > 0 && !slots[w].ended) kill(slots[w].pid, SIGTERM);
    status = wait_workers(slots, nworkers, status, err);
    free(buffer);
    free(polls);
    free(slots);
    return status;
}
