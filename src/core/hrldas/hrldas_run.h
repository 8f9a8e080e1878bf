/* hrldas_run.h — running hrldas.exe in the background (one process per run directory, its
 * stdout and stderr in a log there) and reading its LDASOUT output back. */
#ifndef DRYTEX_HRLDAS_RUN_H
#define DRYTEX_HRLDAS_RUN_H

#include <stddef.h>
#include <sys/types.h>

#include "status.h"

/* A started model run. */
typedef struct {
    pid_t pid;
    char log[1024];        /* RUN_DIR/hrldas.log */
    char run_dir[1024];
} hrldas_process;

/* Checks that exe is an executable file; DT_ERR_USAGE naming it otherwise. */
int hrldas_check_exe(const char *exe, dt_error *err);

/* Starts exe (absolute or relative to the caller's directory) in run_dir, which holds
 * namelist.hrldas and the tables; returns at once. */
int hrldas_start(hrldas_process *process, const char *exe, const char *run_dir, dt_error *err);

/* Waits for the run. A non-zero exit or a signal is DT_ERR_IO quoting the end of the log. HRLDAS
 * ends many of its errors with a plain Fortran STOP (exit status 0), so the caller must also check
 * that the output reaches the end of the run (hrldas_check_complete). */
int hrldas_wait(hrldas_process *process, dt_error *err);

/* The last lines of a log file, joined by " | ", at most size − 1 characters. */
void hrldas_log_tail(const char *log, char *buffer, size_t size);

/* One output time of a run, [cells] each. */
typedef struct {
    double seconds;             /* since 1970-01-01 00:00 UTC */
    const float *soil_m1;       /* SOIL_M of layer 1 [m3 m-3] */
    const float *edir, *etran;  /* instantaneous rates [mm s-1] */
    const float *sfcrnoff, *ugdrnoff; /* accumulated since the start [mm] */
} hrldas_output_step;

typedef void (*hrldas_output_visitor)(void *context, const hrldas_output_step *step);

typedef struct {
    size_t ntimes;              /* outputs visited */
    double first, last;         /* [s since 1970] the first and the last of them */
} hrldas_output_span;

/* Visits, in order, every output time of dir's *.LDASOUT_DOMAIN1[.loopNNNN] files (sorted by
 * name = by date), one time at a time (a long run's output never sits in memory at once), keeping
 * only the last spin-up loop, i.e. the simulation proper. Missing files or variables, or a grid
 * other than rows × cols, are errors naming the file and variable; no files is DT_ERR_MISSING. */
int hrldas_scan_output(const char *dir, size_t rows, size_t cols, hrldas_output_visitor visit, void *context,
                       hrldas_output_span *span, dt_error *err);

/* DT_ERR_IO quoting the log's end unless the outputs reach end_seconds (since 1970). */
int hrldas_check_complete(const hrldas_process *process, const hrldas_output_span *span, double end_seconds, dt_error *err);

#endif
