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

/* What is read back from the LDASOUT files of a run (every output time, in order). */
typedef struct {
    size_t rows, cols, ntimes;
    double *seconds;         /* [ntimes] seconds since 1970-01-01 00:00 UTC of each output */
    float *soil_m1;          /* [ntimes × cells] SOIL_M of layer 1 [m3 m-3] */
    float *edir, *etran;     /* [ntimes × cells] instantaneous rates [mm s-1] */
    float *sfcrnoff, *ugdrnoff; /* [ntimes × cells] accumulated since the start [mm] */
} hrldas_output;

/* Reads every *.LDASOUT_DOMAIN1[.loopNNNN] file of dir (sorted by name = by date) and keeps the
 * outputs of the last spin-up loop, i.e. of the simulation proper. Missing files, variables or a
 * grid other than rows × cols are errors naming the file and variable. */
int hrldas_read_output(const char *dir, size_t rows, size_t cols, hrldas_output *out, dt_error *err);
void hrldas_output_free(hrldas_output *out);

/* DT_ERR_IO quoting the log's end unless the output's last time is end_seconds (since 1970). */
int hrldas_check_complete(const hrldas_process *process, const hrldas_output *out, double end_seconds, dt_error *err);

#endif
