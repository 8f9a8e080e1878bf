/* explorer_jobs.c — the explorer's background domain jobs (DESIGN.md §4, §5): `:drydowns all`
 * and `:calibrate all` run the same binary as a child (child_job.c) on the explorer's data and
 * settings; a jobs line shows tiles, rate and ETA; a finished output becomes layers; `:cancel`
 * stops a job; at quit jobs are cancelled or left running, and the next session on the same data
 * picks them up from their records. */
#include "explorer_jobs.h"

#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "explorer_job_outputs.h"
#include "screen_text.h"

enum { POLL_WHILE_RUNNING_MS = 100, CANCEL_WAIT_MS = 3000 };

static int wake_pipe[2] = {-1, -1};
static volatile sig_atomic_t interrupted; /* Ctrl-C came: ask as q does */

static void on_child(int signal_number)
{
    int saved = errno;
    if (signal_number == SIGINT) interrupted = 1;
    if (wake_pipe[1] >= 0) (void)!write(wake_pipe[1], "c", 1);
    errno = saved;
}

static void setup_wake(void)
{
    if (wake_pipe[0] >= 0 || pipe(wake_pipe) != 0) return;
    for (int i = 0; i < 2; i++) {
        fcntl(wake_pipe[i], F_SETFL, O_NONBLOCK);
        fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    struct sigaction action = {.sa_handler = on_child, .sa_flags = SA_RESTART | SA_NOCLDSTOP};
    sigemptyset(&action.sa_mask);
    sigaction(SIGCHLD, &action, NULL);
    /* Ctrl-C is q: it quits, and asks first while jobs run (the jobs are in sessions of their own,
     * so the terminal's SIGINT never reaches them; dying by it left them running unsaid) */
    sigaction(SIGINT, &action, NULL);
}

int explorer_jobs_wake_fd(void)
{
    return wake_pipe[0];
}

/* $XDG_STATE_HOME/drytex/jobs (or ~/.local/state/drytex/jobs). */
static char *state_directory(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[PATH_MAX];
    if (state && *state) snprintf(dir, sizeof dir, "%s/drytex/jobs", state);
    else if (home && *home) snprintf(dir, sizeof dir, "%s/.local/state/drytex/jobs", home);
    else snprintf(dir, sizeof dir, "/tmp/drytex-%ld/jobs", (long)getuid());
    return dt_strdup(dir);
}

static child_job *add_job(explorer *e)
{
    e->jobs = dt_realloc(e->jobs, (e->job_count + 1) * sizeof *e->jobs);
    return &e->jobs[e->job_count++];
}

enum { FAILED_LOG_DAYS = 7 };

/* A failed job's log (kept for reading why) once it is a week old and its record is gone. */
static void prune_log(const char *dir, const char *name)
{
    char path[PATH_MAX], record[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(record, sizeof record, "%.*s.job", (int)(strlen(path) - 4), path);
    struct stat info;
    if (stat(record, &info) != 0 && stat(path, &info) == 0 && time(NULL) - info.st_mtime > FAILED_LOG_DAYS * 86400)
        unlink(path);
}

/* The jobs an earlier session left running on this data set (or that ended since). */
static void pick_up(explorer *e)
{
    DIR *dir = opendir(e->job_state_dir);
    if (!dir) return;
    size_t found = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        size_t length = strlen(entry->d_name);
        if (length > 4 && strcmp(entry->d_name + length - 4, ".log") == 0) prune_log(e->job_state_dir, entry->d_name);
        if (length < 5 || strcmp(entry->d_name + length - 4, ".job") != 0) continue;
        char record[PATH_MAX];
        snprintf(record, sizeof record, "%s/%s", e->job_state_dir, entry->d_name);
        child_job job;
        dt_error err;
        int status = child_job_adopt(&job, record, e->dataset, &err);
        if (status == DT_OK) *add_job(e) = job, found++;
        else if (status != DT_ERR_MISSING) explorer_message(e, "jobs: %s", err.text);
    }
    closedir(dir);
    if (found) explorer_message(e, "following %zu job%s left running by an earlier session (:jobs)", found, found == 1 ? "" : "s");
}

void explorer_jobs_init(explorer *e)
{
    setup_wake();
    e->job_state_dir = state_directory();
    char real[PATH_MAX];
    e->dataset = dt_strdup(realpath(e->options->sm[0], real) ? real : e->options->sm[0]);
    explorer_load_current_outputs(e);
    pick_up(e); /* its message, if any, is the one to read first */
}

static int any_active(const explorer *e)
{
    for (size_t i = 0; i < e->job_count; i++)
        if (child_job_active(&e->jobs[i])) return 1;
    return 0;
}

int explorer_jobs_timeout(const explorer *e)
{
    return any_active(e) ? POLL_WHILE_RUNNING_MS : -1;
}

int explorer_jobs_attached(const explorer *e)
{
    int count = 0;
    for (size_t i = 0; i < e->job_count; i++) count += child_job_active(&e->jobs[i]) && !e->jobs[i].detached;
    return count;
}

/* ---- starting ---------------------------------------------------------------------------------- */

typedef struct {
    char **items;
    size_t count;
} argument_list;

static void argument(argument_list *a, const char *text)
{
    a->items = dt_realloc(a->items, (a->count + 2) * sizeof *a->items);
    a->items[a->count++] = dt_strdup(text);
    a->items[a->count] = NULL;
}

static void argument_number(argument_list *a, long number)
{
    char text[32];
    snprintf(text, sizeof text, "%ld", number);
    argument(a, text);
}

/* A real number that reads back exactly. */
static void argument_real(argument_list *a, double number)
{
    char text[40];
    snprintf(text, sizeof text, "%.15g", number); /* a typed decimal reads back as the same double */
    argument(a, text);
}

static void arguments_free(argument_list *a)
{
    for (size_t i = 0; i < a->count; i++) free(a->items[i]);
    free(a->items);
}

enum { FRESH, RESUMING, STARTING_AGAIN };

/* --threads, and --resume when an interrupted run of the same output is there to finish — unless
 * restart: then the job starts again and replaces it. FRESH, RESUMING or STARTING_AGAIN. */
static int common_arguments(const explorer *e, argument_list *a, const char *output, int restart)
{
    if (e->job_threads > 0) argument(a, "--threads"), argument_number(a, e->job_threads);
    char partial[PATH_MAX + 16];
    snprintf(partial, sizeof partial, "%s.partial", output);
    struct stat info;
    int interrupted_run = stat(partial, &info) == 0 && S_ISREG(info.st_mode);
    if (interrupted_run && !restart) argument(a, "--resume");
    return !interrupted_run ? FRESH : restart ? STARTING_AGAIN : RESUMING;
}

static child_job *running(explorer *e, const char *label)
{
    for (size_t i = 0; i < e->job_count; i++)
        if (child_job_active(&e->jobs[i]) && strcmp(e->jobs[i].label, label) == 0) return &e->jobs[i];
    return NULL;
}

static size_t number_of(const explorer *e, const child_job *job)
{
    return (size_t)(job - e->jobs) + 1;
}

static int start(explorer *e, const char *label, argument_list *a, const char *output, int load, int then,
                 int detached, int resume)
{
    child_job_spec spec = {.label = label, .argv = a->items, .output = output, .load = load, .then = then,
                           .dataset = e->dataset, .detached = detached, .resumed = resume == RESUMING};
    child_job job;
    dt_error err;
    int status = child_job_start(&job, &spec, e->job_state_dir, &err);
    arguments_free(a);
    if (status != DT_OK) {
        explorer_message(e, "%s: %s", label, err.text);
        return status;
    }
    *add_job(e) = job;
    explorer_message(e, "job %zu: %s%s → %s", e->job_count, label,
                     resume == RESUMING ? " (resuming)" : resume == STARTING_AGAIN ? " (starting again)" : "", output);
    return DT_OK;
}

static int start_drydowns(explorer *e, int then, int detached, int restart)
{
    char output[PATH_MAX];
    explorer_drydowns_output(e, output, sizeof output);
    argument_list a = {0};
    argument(&a, "drydowns");
    for (size_t i = 0; i < e->options->nsm; i++) argument(&a, "--sm"), argument(&a, e->options->sm[i]);
    argument(&a, "-o"), argument(&a, output);
    argument(&a, "--preset"), argument(&a, e->preset);
    argument(&a, "--min-points"), argument_number(&a, (long)e->inputs.drydown.min_points);
    /* the thresholds as the explorer's panel computes them, so the job's layers are what it shows */
    const thresholds_options *t = &e->inputs.thresholds;
    argument(&a, "--estimator"), argument(&a, thresholds_estimator_name(t->estimator));
    argument(&a, "--min-events"), argument_number(&a, (long)t->min_events);
    if (t->noise >= 0) argument(&a, "--noise"), argument_real(&a, t->noise); /* NaN: estimated, as the panel does */
    int resume = common_arguments(e, &a, output, restart);
    return start(e, "drydowns", &a, output, EXPLORER_LOAD_THRESHOLDS, then, detached, resume);
}

static int start_calibrate(explorer *e, const char *thresholds, int detached, int restart)
{
    const calib_options *c = &e->inputs.calib;
    char output[PATH_MAX];
    explorer_calibrate_output(e, thresholds, output, sizeof output);
    argument_list a = {0};
    argument(&a, "calibrate");
    argument(&a, "--thresholds"), argument(&a, thresholds);
    for (size_t i = 0; i < e->options->nsoil; i++) argument(&a, "--soil"), argument(&a, e->options->soil[i]);
    argument(&a, "-o"), argument(&a, output);
    argument(&a, "--ptf"), argument(&a, ptf_name(c->ptf.scheme));
    argument(&a, "--cost"), argument(&a, calib_cost_name(c->cost));
    if (c->cost == CALIB_COST_REGULARISED) {
        argument(&a, "--sigma"), argument_real(&a, c->sigma);
        argument(&a, "--lambda"), argument_real(&a, c->lambda);
    }
    argument(&a, "--evaluations"), argument_number(&a, c->sceua.maxn);
    int resume = common_arguments(e, &a, output, restart);
    return start(e, "calibrate", &a, output, EXPLORER_LOAD_CALIBRATED, EXPLORER_THEN_NOTHING, detached, resume);
}

static int start_simulate(explorer *e, int detached, int restart)
{
    const char *calibrated = e->calibrated_path;
    char output[PATH_MAX], ptf[64];
    explorer_simulate_output(e, calibrated, output, sizeof output);
    argument_list a = {0};
    argument(&a, "simulate");
    argument(&a, "--forcing"), argument(&a, e->options->forcing);
    for (size_t i = 0; i < e->options->nsoil; i++) argument(&a, "--soil"), argument(&a, e->options->soil[i]);
    argument(&a, "--optimised"), argument(&a, calibrated);
    argument(&a, "--ptf"), argument(&a, explorer_calibration_ptf(e, calibrated, ptf, sizeof ptf));
    if (e->options->nsm == 1) {
        char reference[PATH_MAX + 16];
        snprintf(reference, sizeof reference, "satellite=%s", e->options->sm[0]);
        argument(&a, "--reference"), argument(&a, reference);
    }
    argument(&a, "-o"), argument(&a, output);
    int resume = common_arguments(e, &a, output, restart);
    return start(e, "simulate", &a, output, EXPLORER_LOAD_SIMULATED, EXPLORER_THEN_NOTHING, detached, resume);
}

/* "all" and optional "--detach", "--again" and "--restart" (start again rather than resume an
 * interrupted run: it also runs again); 0 when the arguments are wrong (and says so). */
static int domain_arguments(explorer *e, int argc, char **argv, int *detached, int *again, int *restart)
{
    int all = 0;
    *detached = *again = *restart = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "all") == 0) all = 1;
        else if (strcmp(argv[i], "--detach") == 0) *detached = 1;
        else if (strcmp(argv[i], "--again") == 0) *again = 1;
        else if (strcmp(argv[i], "--restart") == 0) *restart = *again = 1;
        else all = -1;
    }
    if (all != 1)
        explorer_message(e, "%s: give 'all' (the whole domain as a background job) [--detach] [--again] [--restart]", argv[0]);
    return all == 1;
}

static void said_loaded(explorer *e, const char *label, const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    explorer_message(e, "%s: %s is newer than its inputs: loaded, not run again (--again runs it)", label, base);
}

void explorer_command_drydowns(explorer *e, int argc, char **argv)
{
    int detached, again, restart;
    if (!domain_arguments(e, argc, argv, &detached, &again, &restart)) return;
    child_job *busy = running(e, "drydowns");
    if (busy) explorer_message(e, "drydowns: already running as job %zu", number_of(e, busy));
    else if (!again && explorer_load_current_drydowns(e)) said_loaded(e, "drydowns", e->thresholds_path);
    else start_drydowns(e, EXPLORER_THEN_NOTHING, detached, restart);
}

void explorer_command_calibrate(explorer *e, int argc, char **argv)
{
    int detached, again, restart;
    if (!domain_arguments(e, argc, argv, &detached, &again, &restart)) return;
    child_job *busy = running(e, "calibrate"), *drydowns = running(e, "drydowns");
    if (!e->options->nsoil) explorer_message(e, "calibrate: no baseline soil (open the explorer with --soil)");
    else if (busy) explorer_message(e, "calibrate: already running as job %zu", number_of(e, busy));
    else if (drydowns) {
        drydowns->then = EXPLORER_THEN_CALIBRATE;
        explorer_message(e, "calibrate: starts when drydowns (job %zu) has finished", number_of(e, drydowns));
    } else if (e->thresholds_path || explorer_load_current_drydowns(e)) {
        if (!again && explorer_load_current_calibration(e)) said_loaded(e, "calibrate", e->calibrated_path);
        else start_calibrate(e, e->thresholds_path, detached, restart);
    } else if (start_drydowns(e, EXPLORER_THEN_CALIBRATE, detached, restart) == DT_OK)
        explorer_message(e, "job %zu: drydowns first (no thresholds yet), then calibrate", e->job_count);
}

void explorer_command_simulate(explorer *e, int argc, char **argv)
{
    int detached, again, restart;
    if (!domain_arguments(e, argc, argv, &detached, &again, &restart)) return;
    child_job *busy = running(e, "simulate"), *calibrate = running(e, "calibrate"), *drydowns = running(e, "drydowns");
    int on_its_way = calibrate || (drydowns && drydowns->then == EXPLORER_THEN_CALIBRATE);
    if (!e->options->forcing) explorer_message(e, "simulate: no forcing (open the explorer with --forcing, or a data directory with forcing.nc)");
    else if (!e->options->nsoil) explorer_message(e, "simulate: no baseline soil (open the explorer with --soil)");
    else if (busy) explorer_message(e, "simulate: already running as job %zu", number_of(e, busy));
    else if (on_its_way) {
        e->simulate_after_calibration = 1 + detached; /* 2: detached */
        explorer_message(e, "simulate: starts when calibrate has finished");
    } else if (e->calibrated_path) {
        if (!again && explorer_load_current_simulation(e)) said_loaded(e, "simulate", e->simulated_path);
        else start_simulate(e, detached, restart);
    } else explorer_message(e, "simulate: no calibration yet (:calibrate all first, or open with --calibrated)");
}

/* ---- following --------------------------------------------------------------------------------- */

static void finished(explorer *e, size_t index)
{
    child_job *job = &e->jobs[index];
    dt_error err;
    if (job->state != CHILD_JOB_DONE) {
        if (job->load != EXPLORER_LOAD_SIMULATED) e->simulate_after_calibration = 0; /* its calibration will not come */
        if (child_job_resume_refused(job)) /* the interrupted run cannot go on: offer to start again */
            explorer_message(e, "job %zu %s cannot resume; :%s all --restart starts it again (dropping the interrupted "
                             "run's tiles): %s", index + 1, job->label, job->label, job->message);
        else
            explorer_message(e, "job %zu %s %s: %s", index + 1, job->label, child_job_state_name(job->state), job->message);
        child_job_close(job);
        return;
    }
    int status = DT_OK;
    if (job->load == EXPLORER_LOAD_THRESHOLDS) status = explorer_load_thresholds(e, job->output, &err);
    else if (job->load == EXPLORER_LOAD_CALIBRATED) status = explorer_load_calibrated(e, job->output, &err);
    else if (job->load == EXPLORER_LOAD_SIMULATED) status = explorer_load_simulated(e, job->output, &err);
    if (status != DT_OK) {
        job->state = CHILD_JOB_FAILED;
        snprintf(job->message, sizeof job->message, "its output cannot be loaded: %s", err.text);
        explorer_message(e, "job %zu %s: %s", index + 1, job->label, job->message);
        child_job_close(job);
        return;
    }
    explorer_message(e, "job %zu %s done in %.1f s: layers %s", index + 1, job->label, job->progress.elapsed,
                     job->load == EXPLORER_LOAD_THRESHOLDS   ? "theta_w, theta_c, events"
                     : job->load == EXPLORER_LOAD_CALIBRATED ? "optimised_sand, _clay, _soc, cost"
                                                             : "rmse_change, bias_baseline, bias_optimised");
    int then = job->then, detached = job->detached, load = job->load;
    child_job_close(job);
    if (then == EXPLORER_THEN_CALIBRATE && !running(e, "calibrate")) {
        char saved[sizeof e->message];
        snprintf(saved, sizeof saved, "%s", e->message);
        if (start_calibrate(e, e->thresholds_path, detached, 0) == DT_OK)
            explorer_message(e, "%.200s; job %zu: calibrate", saved, e->job_count);
    } else if (load == EXPLORER_LOAD_CALIBRATED && e->simulate_after_calibration && !running(e, "simulate")) {
        char saved[sizeof e->message];
        snprintf(saved, sizeof saved, "%s", e->message);
        int simulate_detached = e->simulate_after_calibration == 2;
        e->simulate_after_calibration = 0;
        if (start_simulate(e, simulate_detached, 0) == DT_OK) explorer_message(e, "%.200s; job %zu: simulate", saved, e->job_count);
    }
}

void explorer_jobs_update(explorer *e)
{
    char drained[64];
    if (wake_pipe[0] >= 0)
        while (read(wake_pipe[0], drained, sizeof drained) > 0) continue;
    for (size_t i = 0; i < e->job_count; i++) /* e->jobs may move: a finished job can start the next */
        if (child_job_update(&e->jobs[i])) finished(e, i);
    if (interrupted) {
        interrupted = 0;
        if (!e->asking_quit) explorer_command(e, "quit");
    }
}

void explorer_command_jobs(explorer *e, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) explorer_message(e, "jobs: takes no arguments");
    else e->jobs_screen = 1;
}

void explorer_command_cancel(explorer *e, int argc, char **argv)
{
    size_t number = 0;
    if (argc > 2 || (argc == 2 && (sscanf(argv[1], "%zu", &number) != 1 || number == 0 || number > e->job_count))) {
        if (!e->job_count) explorer_message(e, "cancel: no jobs yet (:drydowns all, :calibrate all, :simulate all)");
        else explorer_message(e, "cancel: give a job number 1…%zu (:jobs lists them)", e->job_count);
        return;
    }
    for (size_t i = e->job_count; i > 0 && !number; i--)
        if (e->jobs[i - 1].state == CHILD_JOB_RUNNING) number = i;
    if (!number || e->jobs[number - 1].state != CHILD_JOB_RUNNING) {
        explorer_message(e, "cancel: %s", number ? "that job is not running" : "no job is running");
        return;
    }
    child_job *job = &e->jobs[number - 1];
    job->then = EXPLORER_THEN_NOTHING;
    child_job_cancel(job);
    explorer_message(e, "job %zu %s: cancelling (it finishes the tiles in hand)", number, job->label);
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

void explorer_jobs_leave(explorer *e, int cancel)
{
    if (!cancel) return; /* records, progress and logs stay: the next session picks the jobs up */
    for (size_t i = 0; i < e->job_count; i++)
        if (!e->jobs[i].detached) child_job_cancel(&e->jobs[i]);
    for (long waited = 0; waited < CANCEL_WAIT_MS; waited += 20) {
        int left = 0;
        for (size_t i = 0; i < e->job_count; i++)
            if (!e->jobs[i].detached) {
                child_job_update(&e->jobs[i]);
                left += child_job_active(&e->jobs[i]);
            }
        if (!left) break;
        sleep_ms(20);
    }
}

void explorer_jobs_report_left(const explorer *e, FILE *to)
{
    for (size_t i = 0; i < e->job_count; i++) {
        const child_job *job = &e->jobs[i];
        if (job->state == CHILD_JOB_CANCELLING)
            fprintf(to, "drytex: job %zu %s stops after the tiles in hand (pid %ld); %s.partial keeps them\n", i + 1,
                    job->label, (long)job->pid, job->output);
        if (job->state != CHILD_JOB_RUNNING) continue;
        fprintf(to, "drytex: job %zu %s left running (pid %ld, %zu/%zu tiles) -> %s\n", i + 1, job->label,
                (long)job->pid, job->progress.done, job->progress.total, job->output);
    }
    for (size_t i = 0; i < e->job_count; i++)
        if (e->jobs[i].state == CHILD_JOB_RUNNING) {
            fprintf(to, "drytex: the next 'drytex' on this data follows it and loads its output; kill %ld stops it "
                        "(the finished tiles stay for --resume)\n", (long)e->jobs[i].pid);
            break;
        }
}

void explorer_jobs_free(explorer *e)
{
    for (size_t i = 0; i < e->job_count; i++) child_job_release(&e->jobs[i]);
    free(e->jobs);
    free(e->dataset);
    free(e->job_state_dir);
}
