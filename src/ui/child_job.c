/* child_job.c — a domain job run as a child process of this binary, followed through its progress
 * file. Progress goes to a file rather than a pipe so that a job outlives the session that
 * started it (detach) and the next session follows it from the same lines. */
#define _GNU_SOURCE /* POSIX_SPAWN_SETSID */
#include "child_job.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { CHILD_PROGRESS_FD = 3 };

static void make_directories(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    mkdir(path, 0700);
}

static char *joined(const char *dir, const char *id, const char *suffix)
{
    size_t size = strlen(dir) + strlen(id) + strlen(suffix) + 2;
    char *path = dt_malloc(size);
    snprintf(path, size, "%s/%s%s", dir, id, suffix);
    return path;
}

/* A descriptor at 10 or above with close-on-exec, so that dup2 onto 1, 2, 3 in the child never
 * meets itself (dup2(fd, fd) would keep close-on-exec). */
static int high_fd(int fd)
{
    if (fd < 0) return fd;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    close(fd);
    return high;
}

static int write_record(const child_job *job, dt_error *err)
{
    char temporary[4200];
    snprintf(temporary, sizeof temporary, "%s.new", job->record);
    FILE *f = fopen(temporary, "w");
    if (!f) return dt_error_set(err, DT_ERR_IO, "%s: cannot be written: %s", temporary, strerror(errno));
    fprintf(f, "pid=%ld\nlabel=%s\nload=%d\nthen=%d\ndetached=%d\ndataset=%s\noutput=%s\nprogress=%s\nlog=%s\n"
            "cancelled=%d\nresumed=%d\n", (long)job->pid, job->label, job->load, job->then, job->detached, job->dataset,
            job->output, job->progress_path, job->log_path, job->state == CHILD_JOB_CANCELLING, job->resumed);
    int failed = ferror(f) | (fclose(f) != 0);
    if (failed || rename(temporary, job->record) != 0) {
        unlink(temporary);
        return dt_error_set(err, DT_ERR_IO, "%s: cannot be written", job->record);
    }
    return DT_OK;
}

static void init_job(child_job *job)
{
    memset(job, 0, sizeof *job);
    job->progress_fd = -1;
    job->pid = -1;
    progress_reader_init(&job->progress);
}

static int spawn(child_job *job, const child_job_spec *spec, int log_fd, int progress_fd, dt_error *err)
{
    char program[4096];
    ssize_t n = readlink("/proc/self/exe", program, sizeof program - 1);
    if (n <= 0) return dt_error_set(err, DT_ERR_IO, "cannot find this program (/proc/self/exe)");
    program[n] = '\0';
    size_t count = 0;
    while (spec->argv[count]) count++;
    char **argv = dt_calloc(count + 3, sizeof *argv);
    argv[0] = program;
    for (size_t i = 0; i < count; i++) argv[i + 1] = spec->argv[i];
    char progress_option[32];
    snprintf(progress_option, sizeof progress_option, "--progress=%d", CHILD_PROGRESS_FD);
    argv[count + 1] = progress_option;
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, log_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
    posix_spawn_file_actions_adddup2(&actions, progress_fd, CHILD_PROGRESS_FD);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    posix_spawn_file_actions_addclosefrom_np(&actions, CHILD_PROGRESS_FD + 1); /* the explorer's open files */
#endif
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    int reset[] = {SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP};
    for (size_t i = 0; i < sizeof reset / sizeof *reset; i++) sigaddset(&defaults, reset[i]);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
#ifdef POSIX_SPAWN_SETSID
    flags |= POSIX_SPAWN_SETSID; /* no controlling terminal: Ctrl-C and hang-ups are not the job's */
#else
    flags |= POSIX_SPAWN_SETPGROUP;
#endif
    posix_spawnattr_setflags(&attributes, flags);
    int failed = posix_spawn(&job->pid, program, &actions, &attributes, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    free(argv);
    if (failed) return dt_error_set(err, DT_ERR_IO, "%s: cannot be started: %s", program, strerror(failed));
    return DT_OK;
}

int child_job_start(child_job *job, const child_job_spec *spec, const char *state_dir, dt_error *err)
{
    init_job(job);
    make_directories(state_dir);
    static unsigned sequence;
    char id[64];
    snprintf(id, sizeof id, "%ld-%ld-%u", (long)time(NULL), (long)getpid(), ++sequence);
    job->label = dt_strdup(spec->label);
    job->output = dt_strdup(spec->output);
    job->dataset = dt_strdup(spec->dataset);
    job->load = spec->load, job->then = spec->then, job->detached = spec->detached;
    job->resumed = spec->resumed;
    job->own = 1;
    job->record = joined(state_dir, id, ".job");
    job->progress_path = joined(state_dir, id, ".progress");
    job->log_path = joined(state_dir, id, ".log");
    int log_fd = high_fd(open(job->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    int write_fd = high_fd(open(job->progress_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600));
    job->progress_fd = open(job->progress_path, O_RDONLY | O_CLOEXEC);
    int status;
    if (log_fd < 0 || write_fd < 0 || job->progress_fd < 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot write the job's files there: %s", state_dir, strerror(errno));
    else
        status = spawn(job, spec, log_fd, write_fd, err);
    if (log_fd >= 0) close(log_fd);
    if (write_fd >= 0) close(write_fd);
    if (status == DT_OK) status = write_record(job, err);
    if (status != DT_OK) {
        if (job->pid > 0) {
            kill(job->pid, SIGTERM);
            waitpid(job->pid, NULL, 0);
        }
        job->state = CHILD_JOB_CANCELLED; /* never started: nothing of it to keep */
        child_job_release(job);
        return status;
    }
    job->state = CHILD_JOB_RUNNING;
    job->started = child_job_clock();
    return DT_OK;
}

/* The value of "key=" in a record, or NULL. */
static char *record_value(char *text, const char *key)
{
    size_t length = strlen(key);
    for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, key, length) == 0 && line[length] == '=') {
            char *value = line + length + 1, *end = strchr(value, '\n');
            size_t size = end ? (size_t)(end - value) : strlen(value);
            char *copy = dt_malloc(size + 1);
            memcpy(copy, value, size);
            copy[size] = '\0';
            return copy;
        }
    return NULL;
}

/* The process state letter from /proc/PID/stat ('R', 'S', 'Z', …), or 0 without /proc. */
static char process_state(pid_t pid)
{
    char path[64], text[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *end = strrchr(text, ')'); /* after the command name, which may hold blanks */
    return end && end[1] == ' ' ? end[2] : 0;
}

/* The process is alive and is the job: not a zombie, and its command line names the output (not
 * a reused pid). An empty command line is a process inside execve, still starting. */
static int is_running(const child_job *job)
{
    if (job->pid <= 0 || (kill(job->pid, 0) != 0 && errno != EPERM)) return 0;
    char state = process_state(job->pid);
    if (state == 'Z' || state == 'X') return 0;
    char path[64], command[8192];
    snprintf(path, sizeof path, "/proc/%ld/cmdline", (long)job->pid);
    FILE *f = fopen(path, "r");
    if (!f) return 1; /* no /proc: trust the pid */
    size_t n = fread(command, 1, sizeof command - 1, f);
    fclose(f);
    for (size_t i = 0; i < n; i++)
        if (command[i] == '\0') command[i] = '\n';
    command[n] = '\0';
    return n == 0 || strstr(command, job->output) != NULL;
}

int child_job_adopt(child_job *job, const char *record, const char *dataset, dt_error *err)
{
    init_job(job);
    FILE *f = fopen(record, "r");
    if (!f) return dt_error_set(err, DT_ERR_IO, "%s: cannot be read", record);
    char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *pid = record_value(text, "pid"), *load = record_value(text, "load"), *then = record_value(text, "then"),
         *detached = record_value(text, "detached"), *cancelled = record_value(text, "cancelled"),
         *resumed = record_value(text, "resumed");
    job->dataset = record_value(text, "dataset");
    job->label = record_value(text, "label");
    job->output = record_value(text, "output");
    job->progress_path = record_value(text, "progress");
    job->log_path = record_value(text, "log");
    job->record = dt_strdup(record);
    int complete = pid && load && then && detached && job->dataset && job->label && job->output && job->progress_path &&
                   job->log_path;
    if (complete) {
        job->pid = (pid_t)atol(pid), job->load = atoi(load), job->then = atoi(then), job->detached = atoi(detached);
    }
    int was_cancelled = cancelled && atoi(cancelled);
    job->resumed = resumed && atoi(resumed); /* absent in an older record: 0 */
    free(pid), free(load), free(then), free(detached), free(cancelled), free(resumed);
    int status = DT_OK;
    if (!complete) status = dt_error_set(err, DT_ERR_FORMAT, "%s: not a drytex job record", record);
    else if (strcmp(job->dataset, dataset) != 0) status = DT_ERR_MISSING;
    else if ((job->progress_fd = open(job->progress_path, O_RDONLY | O_CLOEXEC)) < 0)
        status = dt_error_set(err, DT_ERR_IO, "%s: cannot be read", job->progress_path);
    if (status != DT_OK) {
        char *keep = job->record;
        job->record = NULL; /* another session's job, or broken: leave its files alone */
        job->state = CHILD_JOB_DONE;
        child_job_release(job);
        free(keep);
        return status;
    }
    job->state = was_cancelled ? CHILD_JOB_CANCELLING : CHILD_JOB_RUNNING; /* a quit-and-cancel it outlived */
    job->started = child_job_clock();
    if (was_cancelled) job->cancelled_at = job->started;
    return DT_OK;
}

double child_job_clock(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

static void read_progress(child_job *job)
{
    char buffer[4096];
    ssize_t n;
    size_t lines = job->progress.lines;
    while (job->progress_fd >= 0 && (n = read(job->progress_fd, buffer, sizeof buffer)) > 0)
        progress_reader_feed(&job->progress, buffer, (size_t)n);
    if (job->progress.lines != lines) job->progress_at = child_job_clock();
}

/* The job's own last words: the last "drytex: " line of its log. */
static void last_error(child_job *job, const char *otherwise)
{
    snprintf(job->message, sizeof job->message, "%s", otherwise);
    FILE *f = fopen(job->log_path, "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "drytex: ", 8) == 0) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(job->message, sizeof job->message, "%s", line + 8);
        }
    fclose(f);
}

static void stopped_message(child_job *job)
{
    char partial[4200];
    snprintf(partial, sizeof partial, "%s.partial", job->output);
    if (access(partial, F_OK) == 0)
        snprintf(job->message, sizeof job->message, "%.480s keeps the finished tiles (run it again to resume)", partial);
    else
        snprintf(job->message, sizeof job->message, "stopped before its first tile");
}

/* How an own child ended, from its wait status. */
static void ended_own(child_job *job, int wait_status)
{
    if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) {
        job->state = CHILD_JOB_DONE;
    } else if (job->state == CHILD_JOB_CANCELLING && (WIFEXITED(wait_status) || WTERMSIG(wait_status) == SIGTERM)) {
        job->state = CHILD_JOB_CANCELLED;
        stopped_message(job);
    } else if (WIFSIGNALED(wait_status)) {
        job->state = CHILD_JOB_FAILED;
        snprintf(job->message, sizeof job->message, "died (signal %d: %s)", WTERMSIG(wait_status), strsignal(WTERMSIG(wait_status)));
    } else {
        job->state = CHILD_JOB_FAILED;
        last_error(job, "failed");
    }
}

/* How a picked-up job ended: its done line, or its absence once the process is gone. */
static int ended_adopted(child_job *job)
{
    if (job->progress.finished) {
        if (job->progress.ok) job->state = CHILD_JOB_DONE;
        else if (job->state == CHILD_JOB_CANCELLING) job->state = CHILD_JOB_CANCELLED, stopped_message(job);
        else job->state = CHILD_JOB_FAILED, last_error(job, "failed");
        return 1;
    }
    if (is_running(job)) return 0;
    read_progress(job); /* the last lines may have come just before it ended */
    if (job->progress.finished) return ended_adopted(job);
    if (job->state == CHILD_JOB_CANCELLING) job->state = CHILD_JOB_CANCELLED, stopped_message(job);
    else job->state = CHILD_JOB_FAILED, last_error(job, "died without a word");
    return 1;
}

int child_job_update(child_job *job)
{
    if (!child_job_active(job)) return 0;
    read_progress(job);
    if (!job->own) return ended_adopted(job);
    int wait_status;
    pid_t ended = waitpid(job->pid, &wait_status, WNOHANG);
    if (ended == 0 || (ended < 0 && errno == EINTR)) return 0;
    read_progress(job);
    if (ended < 0) { /* not ours any more (reaped elsewhere): judge it by its done line */
        job->own = 0;
        return ended_adopted(job);
    }
    ended_own(job, wait_status);
    return 1;
}

void child_job_cancel(child_job *job)
{
    if (job->state != CHILD_JOB_RUNNING) return;
    if (job->pid > 0 && (job->own || is_running(job))) kill(job->pid, SIGTERM);
    job->state = CHILD_JOB_CANCELLING;
    job->cancelled_at = child_job_clock();
    dt_error ignored;
    if (job->record) write_record(job, &ignored); /* at worst a later session says "failed" */
}

int child_job_active(const child_job *job)
{
    return job->state == CHILD_JOB_RUNNING || job->state == CHILD_JOB_CANCELLING;
}

const char *child_job_state_name(child_job_state state)
{
    switch (state) {
    case CHILD_JOB_RUNNING: return "running";
    case CHILD_JOB_CANCELLING: return "cancelling";
    case CHILD_JOB_DONE: return "done";
    case CHILD_JOB_FAILED: return "failed";
    case CHILD_JOB_CANCELLED: return "cancelled";
    }
    return "?";
}

void child_job_close(child_job *job)
{
    if (child_job_active(job)) return;
    if (job->progress_fd >= 0) close(job->progress_fd);
    job->progress_fd = -1;
    if (job->record) {
        unlink(job->record);
        unlink(job->progress_path);
        if (job->state != CHILD_JOB_FAILED) unlink(job->log_path);
    }
    free(job->record);
    job->record = NULL;
}

void child_job_release(child_job *job)
{
    child_job_close(job);
    if (job->progress_fd >= 0) close(job->progress_fd);
    job->progress_fd = -1;
    free(job->label), free(job->output), free(job->dataset);
    free(job->record), free(job->progress_path), free(job->log_path);
    job->label = job->output = job->dataset = job->record = job->progress_path = job->log_path = NULL;
}

int child_job_resume_refused(const child_job *job)
{
    /* the job's own words (job_output.c, job_inputs.c): "cannot resume", "cannot be resumed",
     * "run without --resume" — all said before any tile is computed */
    return job->resumed && job->state == CHILD_JOB_FAILED &&
           (strstr(job->message, "cannot resume") || strstr(job->message, "cannot be resumed") ||
            strstr(job->message, "without --resume"));
}
