/* hrldas_run.c — hrldas.exe as a child process (fork/exec in its run directory, output to a log)
 * and its LDASOUT files read back (see hrldas_run.h). */
#include "hrldas_run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calendar.h"
#include "ncfile.h"

int hrldas_check_exe(const char *exe, dt_error *err)
{
    struct stat info;
    if (!exe || !*exe) return dt_error_set(err, DT_ERR_USAGE, "--engine hrldas needs --hrldas-exe PATH (a built hrldas.exe)");
    if (stat(exe, &info) != 0)
        return dt_error_set(err, DT_ERR_USAGE, "%s: hrldas.exe not found (%s)", exe, strerror(errno));
    if (!S_ISREG(info.st_mode) || access(exe, X_OK) != 0)
        return dt_error_set(err, DT_ERR_USAGE, "%s: not an executable file", exe);
    return DT_OK;
}

int hrldas_start(hrldas_process *p, const char *exe, const char *run_dir, dt_error *err)
{
    char exe_path[PATH_MAX];
    if (!realpath(exe, exe_path)) return dt_error_set(err, DT_ERR_USAGE, "%s: %s", exe, strerror(errno));
    snprintf(p->run_dir, sizeof p->run_dir, "%s", run_dir);
    snprintf(p->log, sizeof p->log, "%s/hrldas.log", run_dir);
    int log = open(p->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log < 0) return dt_error_set(err, DT_ERR_IO, "%s: cannot be created (%s)", p->log, strerror(errno));
    fflush(NULL);
    p->pid = fork();
    if (p->pid < 0) {
        close(log);
        return dt_error_set(err, DT_ERR_IO, "%s: cannot start (fork: %s)", exe, strerror(errno));
    }
    if (p->pid == 0) { /* the child: only async-signal-safe calls until exec */
        int in = open("/dev/null", O_RDONLY);
        if (in >= 0) dup2(in, STDIN_FILENO);
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
        if (chdir(run_dir) != 0) _exit(126);
        execl(exe_path, exe_path, (char *)NULL);
        static const char message[] = "drytex: exec of hrldas.exe failed\n";
        if (write(STDERR_FILENO, message, sizeof message - 1) < 0) _exit(127);
        _exit(127);
    }
    close(log);
    return DT_OK;
}

void hrldas_log_tail(const char *log, char *buffer, size_t size)
{
    enum { LINES = 4, KEEP = 4096 };
    buffer[0] = '\0';
    FILE *f = fopen(log, "r");
    if (!f) return;
    char tail[KEEP + 1];
    size_t n = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long length = ftell(f);
        if (length > KEEP) fseek(f, length - KEEP, SEEK_SET);
        else fseek(f, 0, SEEK_SET);
        n = fread(tail, 1, KEEP, f);
    }
    fclose(f);
    tail[n] = '\0';
    /* the last LINES non-empty lines, whitespace squeezed */
    char *lines[LINES] = {0};
    int count = 0;
    for (char *line = strtok(tail, "\n"); line; line = strtok(NULL, "\n")) {
        while (*line == ' ' || *line == '\t' || *line == '\r') line++;
        if (!*line) continue;
        for (char *end = line + strlen(line); end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r');) *--end = '\0';
        if (count == LINES) memmove(lines, lines + 1, (LINES - 1) * sizeof *lines), count--;
        lines[count++] = line;
    }
    size_t used = 0;
    for (int k = 0; k < count && used + 1 < size; k++) {
        int written = snprintf(buffer + used, size - used, "%s%s", k ? " | " : "", lines[k]);
        if (written < 0) break;
        used += (size_t)written < size - used ? (size_t)written : size - used - 1;
    }
    char *to = buffer; /* tabs to spaces, runs of spaces to one */
    for (const char *from = buffer; *from; from++) {
        char c = *from == '\t' || *from == '\r' ? ' ' : *from;
        if (c != ' ' || to == buffer || to[-1] != ' ') *to++ = c;
    }
    *to = '\0';
}

int hrldas_wait(hrldas_process *p, dt_error *err)
{
    int status;
    pid_t done;
    do done = waitpid(p->pid, &status, 0);
    while (done < 0 && errno == EINTR);
    p->pid = 0;
    if (done < 0) return dt_error_set(err, DT_ERR_IO, "%s: hrldas.exe lost (waitpid: %s)", p->log, strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return DT_OK;
    char tail[300];
    hrldas_log_tail(p->log, tail, sizeof tail);
    if (WIFSIGNALED(status))
        return dt_error_set(err, DT_ERR_IO, "%s: hrldas.exe killed by signal %d; the log ends: %s", p->log, WTERMSIG(status),
                            tail[0] ? tail : "(empty)");
    return dt_error_set(err, DT_ERR_IO, "%s: hrldas.exe failed (exit %d); the log ends: %s", p->log, WEXITSTATUS(status),
                        tail[0] ? tail : "(empty)");
}

/* ---- LDASOUT ------------------------------------------------------------------------------------ */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of dir's *.LDASOUT_DOMAIN1 files (and *.LDASOUT_DOMAIN1.loopNNNN, which HRLDAS
 * writes with SPINUP_LOOPS). */
static int list_outputs(const char *dir, char ***names, size_t *count, dt_error *err)
{
    DIR *d = opendir(dir);
    if (!d) return dt_error_set(err, DT_ERR_IO, "%s: cannot be read (%s)", dir, strerror(errno));
    static const char suffix[] = ".LDASOUT_DOMAIN1";
    size_t n = 0, capacity = 0;
    char **list = NULL;
    for (struct dirent *e; (e = readdir(d));) {
        const char *at = strstr(e->d_name, suffix);
        if (!at || at == e->d_name || (at[sizeof suffix - 1] && strncmp(at + sizeof suffix - 1, ".loop", 5) != 0)) continue;
        if (n == capacity) list = dt_realloc(list, (capacity = capacity ? 2 * capacity : 16) * sizeof *list);
        list[n++] = dt_strdup(e->d_name);
    }
    closedir(d);
    if (n == 0) {
        free(list);
        return dt_error_set(err, DT_ERR_MISSING, "%s: hrldas.exe wrote no *.LDASOUT_DOMAIN1 file", dir);
    }
    qsort(list, n, sizeof *list, compare_names);
    *names = list;
    *count = n;
    return DT_OK;
}

/* "YYYY-MM-DD_hh:mm:ss" → seconds since 1970-01-01. */
static int parse_time(const char *text, double *seconds)
{
    int year, month, day, hour, minute, second;
    if (sscanf(text, "%4d-%2d-%2d_%2d:%2d:%2d", &year, &month, &day, &hour, &minute, &second) != 6) return 1;
    *seconds = 86400.0 * (double)calendar_days_from_civil(year, month, day) + 3600.0 * hour + 60.0 * minute + second;
    return 0;
}

static int dim_length(int ncid, const char *name, size_t *length)
{
    int dim;
    return nc_inq_dimid(ncid, name, &dim) == NC_NOERR && nc_inq_dimlen(ncid, dim, length) == NC_NOERR ? 0 : 1;
}

/* One LDASOUT file, checked against the run's grid. */
static int open_output(const char *path, size_t rows, size_t cols, int *ncid, size_t *steps, dt_error *err)
{
    if (ncfile_open(path, ncid, err) != DT_OK) return err->code;
    size_t file_rows, file_cols, chars;
    if (dim_length(*ncid, "Time", steps) || dim_length(*ncid, "south_north", &file_rows) ||
        dim_length(*ncid, "west_east", &file_cols) || dim_length(*ncid, "DateStrLen", &chars) || chars != 19) {
        ncfile_close(*ncid);
        return dt_error_set(err, DT_ERR_FORMAT, "%s: not an HRLDAS output (Time, south_north, west_east, DateStrLen)", path);
    }
    if (file_rows != rows || file_cols != cols) {
        ncfile_close(*ncid);
        return dt_error_set(err, DT_ERR_FORMAT, "%s: a %zu × %zu grid, the run has %zu × %zu", path, file_rows, file_cols,
                            rows, cols);
    }
    return DT_OK;
}

/* Appends one file's output times to *seconds (*count of them so far). */
static int read_times(const char *path, size_t rows, size_t cols, double **seconds, size_t *count, size_t *steps,
                      dt_error *err)
{
    int ncid, varid;
    if (open_output(path, rows, cols, &ncid, steps, err) != DT_OK) return err->code;
    char *times = dt_malloc(*steps * 19 + 1);
    int status = DT_OK, rc = nc_inq_varid(ncid, "Times", &varid);
    if (rc == NC_NOERR) rc = nc_get_var_text(ncid, varid, times);
    if (rc != NC_NOERR) status = ncfile_error(err, DT_ERR_MISSING, rc, path, "Times", "cannot be read");
    *seconds = dt_realloc(*seconds, (*count + *steps + 1) * sizeof **seconds);
    for (size_t t = 0; t < *steps && status == DT_OK; t++) {
        char one[20];
        memcpy(one, times + 19 * t, 19);
        one[19] = '\0';
        if (parse_time(one, &(*seconds)[*count + t]))
            status = dt_error_set(err, DT_ERR_FORMAT, "%s: Times: '%s' is not YYYY-MM-DD_hh:mm:ss", path, one);
    }
    if (status == DT_OK) *count += *steps;
    free(times);
    ncfile_close(ncid);
    return status;
}

/* Visits the outputs of one file from its step `from` on. */
static int visit_file(const char *path, size_t rows, size_t cols, size_t from, const double *seconds,
                      hrldas_output_visitor visit, void *context, dt_error *err)
{
    static const char *const names[5] = {"SOIL_M", "EDIR", "ETRAN", "SFCRNOFF", "UGDRNOFF"};
    int ncid, varid[5];
    size_t steps, cells = rows * cols;
    if (open_output(path, rows, cols, &ncid, &steps, err) != DT_OK) return err->code;
    int status = DT_OK;
    for (int k = 0; k < 5 && status == DT_OK; k++) {
        int rc = nc_inq_varid(ncid, names[k], &varid[k]);
        if (rc != NC_NOERR) status = ncfile_error(err, DT_ERR_MISSING, rc, path, names[k], "missing");
    }
    float *values = dt_malloc(5 * cells * sizeof *values);
    for (size_t t = from; t < steps && status == DT_OK; t++) {
        for (int k = 0; k < 5 && status == DT_OK; k++) {
            int rc;
            if (k == 0) { /* SOIL_M(Time, south_north, soil_layers_stag, west_east): layer 1 */
                size_t start[4] = {t, 0, 0, 0}, count[4] = {1, rows, 1, cols};
                rc = nc_get_vara_float(ncid, varid[k], start, count, values);
            } else {
                size_t start[3] = {t, 0, 0}, count[3] = {1, rows, cols};
                rc = nc_get_vara_float(ncid, varid[k], start, count, values + k * cells);
            }
            if (rc != NC_NOERR) status = ncfile_error(err, DT_ERR_IO, rc, path, names[k], "cannot be read");
        }
        if (status != DT_OK) break;
        hrldas_output_step step = {seconds[t - from], values, values + cells, values + 2 * cells, values + 3 * cells,
                                   values + 4 * cells};
        visit(context, &step);
    }
    free(values);
    ncfile_close(ncid);
    return status;
}

int hrldas_scan_output(const char *dir, size_t rows, size_t cols, hrldas_output_visitor visit, void *context,
                       hrldas_output_span *span, dt_error *err)
{
    *span = (hrldas_output_span){0};
    char **names = NULL;
    size_t count = 0;
    if (list_outputs(dir, &names, &count, err) != DT_OK) return err->code;
    double *seconds = NULL;
    size_t total = 0, *steps = dt_calloc(count, sizeof *steps);
    int status = DT_OK;
    char path[2048];
    for (size_t i = 0; i < count && status == DT_OK; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        status = read_times(path, rows, cols, &seconds, &total, &steps[i], err);
    }
    /* With SPINUP_LOOPS HRLDAS appends every loop's outputs: keep those after the last time the
     * clock went back (the final loop, the simulation proper). */
    size_t first = 0;
    for (size_t t = 1; t < total && status == DT_OK; t++)
        if (!(seconds[t] > seconds[t - 1])) first = t;
    size_t at = 0;
    for (size_t i = 0; i < count && status == DT_OK; at += steps[i], i++) {
        if (at + steps[i] <= first) continue;
        size_t from = first > at ? first - at : 0;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        status = visit_file(path, rows, cols, from, seconds + at + from, visit, context, err);
    }
    if (status == DT_OK && total > first) *span = (hrldas_output_span){total - first, seconds[first], seconds[total - 1]};
    for (size_t i = 0; i < count; i++) free(names[i]);
    free(names);
    free(steps);
    free(seconds);
    return status;
}

int hrldas_check_complete(const hrldas_process *p, const hrldas_output_span *span, double end_seconds, dt_error *err)
{
    if (span->ntimes && span->last >= end_seconds - 0.5) return DT_OK;
    char tail[300];
    hrldas_log_tail(p->log, tail, sizeof tail);
    int year = 0, month = 0, date = 0;
    if (span->ntimes) calendar_civil_from_days((long)floor(span->last / 86400.0), &year, &month, &date);
    return dt_error_set(err, DT_ERR_IO, "%s: hrldas.exe stopped before the end of the run (%s %04d-%02d-%02d); the log ends: %s",
                        p->log, span->ntimes ? "last output" : "no output", year, month, date, tail[0] ? tail : "(empty)");
}
