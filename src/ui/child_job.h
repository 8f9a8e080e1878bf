/* child_job.h — a domain job run as a child process of this binary, followed through its progress file. */
#ifndef DRYTEX_CHILD_JOB_H
#define DRYTEX_CHILD_JOB_H

#include <sys/types.h>

#include "progress_reader.h"
#include "status.h"

typedef enum {
    CHILD_JOB_RUNNING, CHILD_JOB_CANCELLING, CHILD_JOB_DONE, CHILD_JOB_FAILED, CHILD_JOB_CANCELLED
} child_job_state;

/* What to run. The job is "drytex ARGV… --progress=3" with fd 3 on a progress file, so it keeps
 * reporting whether or not anyone follows it, and a later session can pick it up. */
typedef struct {
    const char *label;          /* shown in the jobs line: "drydowns", "calibrate", … */
    char *const *argv;          /* {"drydowns", "--sm", CUBE, "-o", OUT, …, NULL} */
    const char *output;         /* the file the job writes (OUT; OUT.partial while it runs) */
    int load;                   /* what the caller does with the output when done (opaque here) */
    int then;                   /* the caller's next step after success (opaque here) */
    const char *dataset;        /* key of the data set: sessions on the same data pick it up */
    int detached;               /* left running at quit without asking */
    int resumed;                /* ARGV has --resume: a refusal to resume is told as such */
} child_job_spec;

typedef struct {
    char *label, *output, *dataset;
    int load, then, detached;
    int resumed;                /* started with --resume (kept in the record) */
    pid_t pid;
    int own;                    /* our child (waitpid); else picked up from a record (kill 0) */
    child_job_state state;
    progress_reader progress;
    int progress_fd;            /* read end of the progress file, −1 once closed */
    char *record, *progress_path, *log_path; /* STATE_DIR/ID.job, ID.progress, ID.log */
    char message[DT_ERROR_TEXT + 96];          /* why it failed or stopped; empty when done */
    double started;             /* [s, CLOCK_MONOTONIC] when this session started or picked it up */
    double cancelled_at;        /* [s, CLOCK_MONOTONIC] when it was asked to stop, 0 before */
    double progress_at;         /* [s, CLOCK_MONOTONIC] when its last progress line came, 0 before */
} child_job;

/* Starts the job; its record, progress and log go to STATE_DIR (created). */
int child_job_start(child_job *job, const child_job_spec *spec, const char *state_dir, dt_error *err);

/* Picks up the job recorded in RECORD (a STATE_DIR/ID.job file) when it belongs to DATASET;
 * returns DT_OK, DT_ERR_MISSING when it belongs to another data set, or another error. */
int child_job_adopt(child_job *job, const char *record, const char *dataset, dt_error *err);

/* Reads new progress and notices the end of the job (no zombies: own children are reaped here).
 * Returns 1 when the job just ended (state DONE, FAILED or CANCELLED), else 0. */
int child_job_update(child_job *job);

/* Asks the job to stop: SIGTERM, it finishes the tiles in hand and keeps OUT.partial. The record
 * says so, so a session that picks the job up later reports it cancelled, not failed. */
void child_job_cancel(child_job *job);

int child_job_active(const child_job *job);   /* RUNNING or CANCELLING */
double child_job_clock(void);                 /* [s] CLOCK_MONOTONIC, the clock of the times above */
const char *child_job_state_name(child_job_state state);

/* 1 when a job started with --resume failed because the interrupted run cannot be continued (its
 * inputs changed, other settings, a partial file it cannot use): starting without --resume is
 * the way on, and the caller can offer it. */
int child_job_resume_refused(const child_job *job);

/* Once the job has ended: closes its progress file and removes its record and progress file, and
 * its log unless it failed (the log is where to read why). The job stays listed. */
void child_job_close(child_job *job);

/* Closes and frees the job. An ended job's files go as in child_job_close; a job still running
 * keeps them and runs on: the next session on the same data set picks it up (detach). */
void child_job_release(child_job *job);

#endif
