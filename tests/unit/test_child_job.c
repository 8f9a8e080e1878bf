/* test_child_job.c — jobs as child processes: progress through the file, endings (done, failed,
 * cancelled, killed), records picked up by another follower, detach keeping the files. The child
 * is this test program itself (child_job spawns /proc/self/exe) in the role of a domain job. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "child_job.h"

static char state_dir[256];

/* ---- the child: a stand-in for `drytex drydowns … --progress=3` ---------------------------- */

static volatile sig_atomic_t stop;

static void on_term(int signal_number)
{
    (void)signal_number;
    stop = 1;
}

static void pause_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* MODE: ok (4 tiles), fail (an error on stderr), slow (tiles until SIGTERM, then "done failed"
 * and exit 1 like an interrupted job), hang (never reports). */
static int fake_job(const char *mode)
{
    struct sigaction action = {.sa_handler = on_term};
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    dprintf(3, "start fake 0\n");
    if (strcmp(mode, "ok") == 0) {
        for (int i = 1; i <= 4; i++) dprintf(3, "progress fake %d 4 %.3f\n", i, 0.01 * i);
        dprintf(3, "done fake ok 0.050\n");
        return 0;
    }
    if (strcmp(mode, "fail") == 0) {
        fprintf(stderr, "drytex: fake.nc.partial: cannot be created\n");
        dprintf(3, "done fake failed 0.010\n");
        return 1;
    }
    if (strcmp(mode, "slow") == 0) {
        for (int i = 1; i <= 500 && !stop; i++) {
            dprintf(3, "progress fake %d 500 %.3f\n", i, 0.02 * i);
            pause_ms(20);
        }
        dprintf(3, "done fake %s 1.000\n", stop ? "failed" : "ok");
        return stop ? 1 : 0;
    }
    pause_ms(20000);
    return 0;
}

/* ---- the follower -------------------------------------------------------------------------- */

static void start_fake(child_job *job, const char *mode, const char *dataset)
{
    char *argv[] = {"fake-job", (char *)mode, "-o", "/nowhere/fake.nc", NULL};
    child_job_spec spec = {.label = "fake", .argv = argv, .output = "/nowhere/fake.nc", .load = 7, .then = 3,
                           .dataset = dataset};
    dt_error err;
    assert_int_equal(child_job_start(job, &spec, state_dir, &err), DT_OK);
    assert_true(job->own && job->pid > 0);
    assert_int_equal(job->state, CHILD_JOB_RUNNING);
}

/* Updates until the job ends (10 s at most); returns 1 when it ended. */
static int follow(child_job *job)
{
    for (int i = 0; i < 1000; i++) {
        if (child_job_update(job)) return 1;
        pause_ms(10);
    }
    return 0;
}

static int exists(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0;
}

static void done_job(void **state)
{
    (void)state;
    child_job job;
    start_fake(&job, "ok", "/data/a.nc");
    assert_true(exists(job.record));
    assert_true(follow(&job));
    assert_int_equal(job.state, CHILD_JOB_DONE);
    assert_int_equal(job.progress.done, 4);
    assert_int_equal(job.progress.total, 4);
    assert_true(job.progress.finished && job.progress.ok);
    char record[512], log[512];
    snprintf(record, sizeof record, "%s", job.record);
    snprintf(log, sizeof log, "%s", job.log_path);
    child_job_close(&job);
    assert_false(exists(record));
    assert_false(exists(log));
    assert_int_equal(job.load, 7); /* still listed */
    child_job_release(&job);
}

static void failed_job(void **state)
{
    (void)state;
    child_job job;
    start_fake(&job, "fail", "/data/a.nc");
    assert_true(follow(&job));
    assert_int_equal(job.state, CHILD_JOB_FAILED);
    assert_string_equal(job.message, "fake.nc.partial: cannot be created");
    char log[512];
    snprintf(log, sizeof log, "%s", job.log_path);
    child_job_release(&job);
    assert_true(exists(log)); /* where to read why */
    unlink(log);
}

static void cancelled_job(void **state)
{
    (void)state;
    child_job job;
    start_fake(&job, "slow", "/data/a.nc");
    for (int i = 0; i < 500 && job.progress.done < 2; i++) child_job_update(&job), pause_ms(10);
    assert_true(job.progress.done >= 2);
    child_job_cancel(&job);
    assert_int_equal(job.state, CHILD_JOB_CANCELLING);
    assert_true(child_job_active(&job));
    assert_true(follow(&job));
    assert_int_equal(job.state, CHILD_JOB_CANCELLED);
    assert_true(job.progress.done < 500);
    assert_non_null(strstr(job.message, "stopped before its first tile")); /* no /nowhere/fake.nc.partial */
    assert_int_equal(waitpid(job.pid, NULL, WNOHANG), -1); /* reaped: no zombie */
    child_job_release(&job);
}

static void killed_job(void **state)
{
    (void)state;
    child_job job;
    start_fake(&job, "hang", "/data/a.nc");
    kill(job.pid, SIGKILL);
    assert_true(follow(&job));
    assert_int_equal(job.state, CHILD_JOB_FAILED);
    assert_non_null(strstr(job.message, "died (signal 9"));
    char log[512];
    snprintf(log, sizeof log, "%s", job.log_path);
    child_job_release(&job);
    unlink(log);
}

/* Another follower (a later session) reads the record: the job's progress from the start, its
 * done line; a record of another data set is left alone. */
static void picked_up_job(void **state)
{
    (void)state;
    child_job job, other;
    start_fake(&job, "ok", "/data/b.nc");
    dt_error err;
    assert_int_equal(child_job_adopt(&other, job.record, "/data/other.nc", &err), DT_ERR_MISSING);
    assert_true(exists(job.record));
    assert_int_equal(child_job_adopt(&other, job.record, "/data/b.nc", &err), DT_OK);
    assert_false(other.own);
    assert_int_equal(other.pid, job.pid);
    assert_int_equal(other.load, 7);
    assert_int_equal(other.then, 3);
    assert_string_equal(other.output, "/nowhere/fake.nc");
    assert_true(follow(&other));
    assert_int_equal(other.state, CHILD_JOB_DONE);
    assert_int_equal(other.progress.done, 4);
    assert_true(follow(&job)); /* the parent still reaps its child */
    child_job_release(&other);
    child_job_release(&job);
}

/* A follower that finds the process gone without a done line reports it died. */
static void picked_up_dead_job(void **state)
{
    (void)state;
    child_job job, other;
    start_fake(&job, "hang", "/data/c.nc");
    kill(job.pid, SIGKILL);
    waitpid(job.pid, NULL, 0); /* gone, not reaped through job */
    dt_error err;
    assert_int_equal(child_job_adopt(&other, job.record, "/data/c.nc", &err), DT_OK);
    assert_true(follow(&other));
    assert_int_equal(other.state, CHILD_JOB_FAILED);
    assert_string_equal(other.message, "died without a word");
    char log[512];
    snprintf(log, sizeof log, "%s", other.log_path);
    child_job_release(&other);
    job.state = CHILD_JOB_CANCELLED;
    child_job_release(&job);
    unlink(log);
}

/* Releasing a running job (detach) keeps its record, progress and log for the next session. */
static void detached_job_keeps_files(void **state)
{
    (void)state;
    child_job job;
    start_fake(&job, "slow", "/data/d.nc");
    char record[512], progress[512], log[512];
    snprintf(record, sizeof record, "%s", job.record);
    snprintf(progress, sizeof progress, "%s", job.progress_path);
    snprintf(log, sizeof log, "%s", job.log_path);
    pid_t pid = job.pid;
    child_job_release(&job);
    assert_true(exists(record) && exists(progress) && exists(log));
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    unlink(record), unlink(progress), unlink(log);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "fake-job") == 0) return fake_job(argv[2]);
    snprintf(state_dir, sizeof state_dir, "%s/test_child_job.%ld/jobs", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (long)getpid());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(done_job),          cmocka_unit_test(failed_job),
        cmocka_unit_test(cancelled_job),     cmocka_unit_test(killed_job),
        cmocka_unit_test(picked_up_job),     cmocka_unit_test(picked_up_dead_job),
        cmocka_unit_test(detached_job_keeps_files),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(state_dir);
    char parent[300];
    snprintf(parent, sizeof parent, "%.*s", (int)(strrchr(state_dir, '/') - state_dir), state_dir);
    rmdir(parent);
    return failed;
}
