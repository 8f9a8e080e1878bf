/* explorer_jobs_draw.c — the explorer's jobs on screen: the jobs line above the status line
 * (tiles, rate, ETA of the latest running job) and the :jobs screen. */
#include "explorer_jobs.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "screen_text.h"

/* A duration for people: "45 s", "12 min 5 s", "2 h 05 min". */
static void duration_text(double seconds, char *text, size_t size)
{
    long s = seconds < 0 ? 0 : (long)(seconds + 0.5);
    if (s < 60) snprintf(text, size, "%ld s", s);
    else if (s < 3600) snprintf(text, size, "%ld min %ld s", s / 60, s % 60);
    else snprintf(text, size, "%ld h %02ld min", s / 3600, s % 3600 / 60);
}

/* Tiles per second, or per minute or hour when slower than one every ten seconds (0.0/s said
 * nothing about a calibration whose tiles take minutes). */
static void rate_text(double per_second, char *text, size_t size)
{
    if (per_second >= 0.1 || per_second <= 0) snprintf(text, size, "%.1f/s", per_second);
    else if (per_second * 60 >= 0.1) snprintf(text, size, "%.1f/min", per_second * 60);
    else snprintf(text, size, "%.2f/h", per_second * 3600);
}

static void describe(const child_job *job, size_t number, char *text, size_t size)
{
    const progress_reader *p = &job->progress;
    double now = child_job_clock();
    char waited[32];
    if (job->state == CHILD_JOB_CANCELLING) {
        duration_text(now - job->cancelled_at, waited, sizeof waited);
        snprintf(text, size, "job %zu %s cancelling: finishing the tiles in hand (%s)…", number, job->label, waited);
    } else if (!p->total) {
        duration_text(now - job->started, waited, sizeof waited);
        snprintf(text, size, "job %zu %s starting: reading its inputs (%s)…", number, job->label, waited);
    } else if (p->done <= p->earlier) {
        duration_text(now - (job->progress_at > 0 ? job->progress_at : job->started), waited, sizeof waited);
        snprintf(text, size, "job %zu %s %zu/%zu tiles, the first of this run in work (%s)…", number, job->label,
                 p->done, p->total, waited);
    } else {
        /* the job's estimate at its last line, counted down since that line came */
        double eta = progress_reader_eta(p);
        char eta_text[32], rate[32];
        if (eta < 0) snprintf(eta_text, sizeof eta_text, "?");
        else duration_text(eta - (job->progress_at > 0 ? now - job->progress_at : 0), eta_text, sizeof eta_text);
        rate_text(progress_reader_rate(p), rate, sizeof rate);
        snprintf(text, size, "job %zu %s %zu/%zu tiles %s ETA %s", number, job->label, p->done, p->total, rate, eta_text);
    }
}

void explorer_jobs_draw_line(const explorer *e, int y, int x, int width)
{
    size_t shown = 0, active = 0;
    char text[160];
    for (size_t i = e->job_count; i > 0; i--)
        if (child_job_active(&e->jobs[i - 1]) && !active++) shown = i;
    if (!active || width < 10) return;
    describe(&e->jobs[shown - 1], shown, text, sizeof text);
    if (active > 1) snprintf(text + strlen(text), sizeof text - strlen(text), " (+%zu)", active - 1);
    attron(A_BOLD);
    screen_text(y, x, width, "%s", text);
    attroff(A_BOLD);
}

void explorer_jobs_draw_screen(const explorer *e)
{
    erase();
    int y = 1;
    attron(A_BOLD);
    screen_text(y++, 2, COLS - 3, "%s", "jobs (any key closes; :cancel N stops one)");
    attroff(A_BOLD);
    y++;
    if (!e->job_count) screen_text(y++, 2, COLS - 3, "%s", "no jobs yet: :drydowns all, :calibrate all, :simulate all");
    char line[PATH_MAX + 200], state[160];
    for (size_t i = 0; i < e->job_count && y < LINES - 1; i++) {
        const child_job *job = &e->jobs[i];
        const progress_reader *p = &job->progress;
        if (child_job_active(job)) describe(job, i + 1, state, sizeof state);
        else snprintf(state, sizeof state, "job %zu %s %s  %zu/%zu tiles in %.1f s", i + 1, job->label,
                      child_job_state_name(job->state), p->done, p->total, p->elapsed);
        snprintf(line, sizeof line, "%s%s%s  pid %ld", state, job->detached ? " (detached)" : "", job->own ? "" : " (picked up)",
                 (long)job->pid);
        screen_text(y++, 2, COLS - 3, "%s", line);
        snprintf(line, sizeof line, "    → %s", job->output);
        if (y < LINES - 1) screen_text(y++, 2, COLS - 3, "%s", line);
        if (job->message[0] && y < LINES - 1) {
            snprintf(line, sizeof line, "    %s", job->message);
            screen_text(y++, 2, COLS - 3, "%s", line);
        }
        if (job->state == CHILD_JOB_FAILED && y < LINES - 1) {
            snprintf(line, sizeof line, "    log: %s", job->log_path);
            screen_text(y++, 2, COLS - 3, "%s", line);
        }
    }
}
