/* explorer_jobs.h — the explorer's background domain jobs: start, follow, cancel, load, detach, pick up. */
#ifndef DRYTEX_EXPLORER_JOBS_H
#define DRYTEX_EXPLORER_JOBS_H

#include <stdio.h>

#include "explorer_state.h"

/* Where jobs are recorded ($XDG_STATE_HOME/drytex/jobs), a wake-up on SIGCHLD (and on Ctrl-C,
 * which then quits as q does), the layers of earlier jobs of the current settings whose outputs
 * beside the data are newer than their inputs, and the jobs of this data set that an earlier
 * session left running. */
void explorer_jobs_init(explorer *e);
int explorer_jobs_wake_fd(void);              /* readable when a child ended; −1 when none */
int explorer_jobs_timeout(const explorer *e); /* [ms] for poll: short while jobs run, else −1 */
void explorer_jobs_update(explorer *e);       /* progress, endings, outputs → layers, next steps */
int explorer_jobs_attached(const explorer *e); /* running jobs that quitting asks about */
/* At quit: cancel the attached jobs (waiting a little for them to keep their tiles), or leave
 * them running for the next session (detach). */
void explorer_jobs_leave(explorer *e, int cancel);
/* After the screen is closed: which jobs were left running and how they go on. */
void explorer_jobs_report_left(const explorer *e, FILE *to);
void explorer_jobs_free(explorer *e);

/* The running jobs in one line (label, tiles, rate, ETA); nothing when none runs. */
void explorer_jobs_draw_line(const explorer *e, int y, int x, int width);
void explorer_jobs_draw_screen(const explorer *e); /* :jobs */

void explorer_command_drydowns(explorer *e, int argc, char **argv);
void explorer_command_calibrate(explorer *e, int argc, char **argv);
void explorer_command_simulate(explorer *e, int argc, char **argv);
void explorer_command_jobs(explorer *e, int argc, char **argv);
void explorer_command_cancel(explorer *e, int argc, char **argv);

#endif
