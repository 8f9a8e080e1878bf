/* bench_ingest_global.c — ingest at global scale against a plain netCDF read of the same files.
 *
 *   bench_ingest_global [--days N] [--source FILE] [--dir DIR] [--threads LIST] [--memory MB] [--ranks LIST]
 *                       [--rounds N]
 *
 * Makes N daily files in the real layout from a real ESA CCI v05.2 file (a copy per day with the
 * name, the time value and the t0 timestamps moved to that day: drytex checks name against time),
 * then times, in N rounds (default 5) interleaved so that the machine's drift touches every figure
 * alike, with the median and range of each: a plain read of `sm` (nc_open + nc_get_var_float +
 * nc_close per file, in this process), the issue's own baseline — a plain CF read of `sm` with
 * netCDF-python, when python3 (or $PYTHON) has netCDF4 — and `drytex ingest` on each number of
 * workers in LIST (default 1,2), each run alone. Then once more each ingest — and, when MPIRUN
 * is set and drytex has MPI, on each number of ranks — with each run's peak memory: the largest
 * process (ru_maxrss) and all of drytex's processes together (their proportional set sizes, sampled
 * every 10 ms). Every cube's `sm` is compared bitwise with the first one's.
 *
 * bench_ingest_global --measure COMMAND... runs COMMAND and prints its time and peak memory alone.
 *
 * The source is FILE, else $DRYTEX_BENCH_ESACCI, else the 40 × 40 piece in tests/data (a small
 * layout check, not a global figure); --tiled first makes a global day in the real layout whose
 * values tile that piece (what tests/cli/ingest_scale.sh uses). DIR keeps the made files for the
 * next run (they are made once); --make-only stops there.
 * DRYTEX names the program (default ./src/drytex). Prints figures; asserts nothing about time. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int check(int status, const char *path, const char *what)
{
    if (status == NC_NOERR) return 0;
    fprintf(stderr, "bench_ingest_global: %s: %s: %s\n", path, what, nc_strerror(status));
    return 1;
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buffer[1 << 16];
    size_t n;
    int status = in && out ? 0 : 1;
    while (!status && (n = fread(buffer, 1, sizeof buffer, in)) > 0)
        if (fwrite(buffer, 1, n, out) != n) status = 1;
    if (in) fclose(in);
    if (out && fclose(out) != 0) status = 1;
    if (status) fprintf(stderr, "bench_ingest_global: cannot copy %s to %s\n", from, to);
    return status;
}

/* The source moved by shift days: its time value, its t0 timestamps and their valid_range. */
static int shift_day(const char *path, double shift)
{
    int ncid, time_var, t0_var, dims[3], status;
    if (check(nc_open(path, NC_WRITE, &ncid), path, "open")) return 1;
    double time = 0, range[2];
    status = check(nc_inq_varid(ncid, "time", &time_var), path, "time") ||
             check(nc_get_var_double(ncid, time_var, &time), path, "time");
    time += shift;
    status = status || check(nc_put_var_double(ncid, time_var, &time), path, "time");
    if (!status && nc_inq_varid(ncid, "t0", &t0_var) == NC_NOERR) {
        size_t rows, cols;
        nc_inq_vardimid(ncid, t0_var, dims);
        nc_inq_dimlen(ncid, dims[1], &rows);
        nc_inq_dimlen(ncid, dims[2], &cols);
        double *t0 = malloc(rows * cols * sizeof *t0), fill = -9999.0;
        nc_get_att_double(ncid, t0_var, "_FillValue", &fill);
        status = check(nc_get_var_double(ncid, t0_var, t0), path, "t0");
        for (size_t i = 0; i < rows * cols; i++)
            if (t0[i] != fill) t0[i] += shift;
        status = status || check(nc_put_var_double(ncid, t0_var, t0), path, "t0");
        if (!status && nc_get_att_double(ncid, t0_var, "valid_range", range) == NC_NOERR) {
            range[0] += shift;
            range[1] += shift;
            status = check(nc_redef(ncid), path, "redef") ||
                     check(nc_put_att_double(ncid, t0_var, "valid_range", NC_DOUBLE, 2, range), path, "valid_range") ||
                     check(nc_enddef(ncid), path, "enddef");
        }
        free(t0);
    }
    return check(nc_close(ncid), path, "close") || status;
}

/* The source's day (from its time variable) in *day. */
static int source_day(const char *path, long *day)
{
    int ncid, varid;
    double time;
    if (check(nc_open(path, NC_NOWRITE, &ncid), path, "open")) return 1;
    int status = check(nc_inq_varid(ncid, "time", &varid), path, "time") ||
                 check(nc_get_var_double(ncid, varid, &time), path, "time");
    nc_close(ncid);
    *day = (long)time;
    return status;
}

/* A global 0.25° day in the real v05.2 layout (sm float and flag byte, each one 1 × 720 × 1440 chunk,
 * shuffle + deflate 9; sm fill −9999, valid_range 0…1) whose values tile a real 40 × 40 piece:
 * what the tests use, as the global file itself is not in tests/data. */
static int make_tiled_global(const char *piece, const char *path)
{
    int in, out, sm_in, flag_in, time_in, status;
    size_t rows = 720, cols = 1440, n = rows * cols;
    if (check(nc_open(piece, NC_NOWRITE, &in), piece, "open")) return 1;
    float sm[40 * 40];
    signed char flag[40 * 40];
    double time;
    status = check(nc_inq_varid(in, "sm", &sm_in), piece, "sm") || check(nc_get_var_float(in, sm_in, sm), piece, "sm") ||
             check(nc_inq_varid(in, "flag", &flag_in), piece, "flag") ||
             check(nc_get_var_schar(in, flag_in, flag), piece, "flag") ||
             check(nc_inq_varid(in, "time", &time_in), piece, "time") ||
             check(nc_get_var_double(in, time_in, &time), piece, "time");
    nc_close(in);
    if (status) return 1;
    int dims[3], lat_var, lon_var, time_var, sm_var, flag_var;
    status = check(nc_create(path, NC_NETCDF4 | NC_CLASSIC_MODEL | NC_CLOBBER, &out), path, "create") ||
             check(nc_def_dim(out, "lat", rows, &dims[1]), path, "lat") ||
             check(nc_def_dim(out, "lon", cols, &dims[2]), path, "lon") ||
             check(nc_def_dim(out, "time", 1, &dims[0]), path, "time") ||
             check(nc_def_var(out, "lat", NC_FLOAT, 1, &dims[1], &lat_var), path, "lat") ||
             check(nc_def_var(out, "lon", NC_FLOAT, 1, &dims[2], &lon_var), path, "lon") ||
             check(nc_def_var(out, "time", NC_DOUBLE, 1, &dims[0], &time_var), path, "time") ||
             check(nc_def_var(out, "sm", NC_FLOAT, 3, dims, &sm_var), path, "sm") ||
             check(nc_def_var(out, "flag", NC_BYTE, 3, dims, &flag_var), path, "flag");
    size_t chunks[3] = {1, rows, cols};
    float sm_fill = -9999.0f, range[2] = {0.0f, 1.0f};
    signed char flag_fill = 127, flag_values[6] = {0, 1, 2, 4, 8, 16};
    status = status || nc_def_var_chunking(out, sm_var, NC_CHUNKED, chunks) || nc_def_var_deflate(out, sm_var, 1, 1, 9) ||
             nc_def_var_chunking(out, flag_var, NC_CHUNKED, chunks) || nc_def_var_deflate(out, flag_var, 1, 1, 9) ||
             nc_put_att_float(out, sm_var, "_FillValue", NC_FLOAT, 1, &sm_fill) ||
             nc_put_att_text(out, sm_var, "long_name", 24, "Volumetric Soil Moisture") ||
             nc_put_att_text(out, sm_var, "units", 6, "m3 m-3") ||
             nc_put_att_float(out, sm_var, "valid_range", NC_FLOAT, 2, range) ||
             nc_put_att_schar(out, flag_var, "_FillValue", NC_BYTE, 1, &flag_fill) ||
             nc_put_att_text(out, flag_var, "long_name", 4, "Flag") ||
             nc_put_att_schar(out, flag_var, "flag_values", NC_BYTE, 6, flag_values) ||
             nc_put_att_text(out, lat_var, "units", 13, "degrees_north") ||
             nc_put_att_text(out, lon_var, "units", 12, "degrees_east") ||
             nc_put_att_text(out, time_var, "units", 34, "days since 1970-01-01 00:00:00 UTC") ||
             nc_put_att_text(out, time_var, "calendar", 8, "standard") || nc_enddef(out);
    float *lat = malloc(rows * sizeof *lat), *lon = malloc(cols * sizeof *lon), *map = malloc(n * sizeof *map);
    signed char *flags = malloc(n);
    for (size_t r = 0; r < rows; r++) lat[r] = 89.875f - 0.25f * (float)r;
    for (size_t c = 0; c < cols; c++) lon[c] = -179.875f + 0.25f * (float)c;
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            map[r * cols + c] = sm[(r % 40) * 40 + c % 40];
            flags[r * cols + c] = flag[(r % 40) * 40 + c % 40];
        }
    status = status || nc_put_var_float(out, lat_var, lat) || nc_put_var_float(out, lon_var, lon) ||
             nc_put_var_double(out, time_var, &time) || nc_put_var_float(out, sm_var, map) ||
             nc_put_var_schar(out, flag_var, flags);
    free(lat);
    free(lon);
    free(map);
    free(flags);
    return check(nc_close(out), path, "close") || status;
}

static char **make_files(const char *source, const char *dir, int days, double *seconds)
{
    long first;
    if (source_day(source, &first)) return NULL;
    char **paths = calloc((size_t)days, sizeof *paths);
    double t0 = now();
    int made = 0;
    for (int i = 0; i < days; i++) {
        int y, m, d;
        calendar_civil_from_days(first + i, &y, &m, &d);
        paths[i] = malloc(strlen(dir) + 80);
        sprintf(paths[i], "%s/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-%04d%02d%02d000000-fv05.2.nc", dir, y, m, d);
        struct stat st;
        if (stat(paths[i], &st) == 0) continue; /* made by an earlier run */
        if (copy_file(source, paths[i]) || (i > 0 && shift_day(paths[i], i))) {
            for (int j = 0; j <= i; j++) free(paths[j]);
            free(paths);
            return NULL;
        }
        made++;
    }
    *seconds = made ? now() - t0 : 0;
    return paths;
}

static double plain_read(char **paths, int days, double *valid)
{
    double t0 = now();
    float *values = NULL;
    size_t capacity = 0;
    *valid = 0;
    for (int i = 0; i < days; i++) {
        int ncid, varid, ndims, dims[NC_MAX_VAR_DIMS];
        if (check(nc_open(paths[i], NC_NOWRITE, &ncid), paths[i], "open") ||
            check(nc_inq_varid(ncid, "sm", &varid), paths[i], "sm"))
            exit(1);
        nc_inq_varndims(ncid, varid, &ndims);
        nc_inq_vardimid(ncid, varid, dims);
        size_t n = 1;
        for (int d = 0; d < ndims; d++) {
            size_t length;
            nc_inq_dimlen(ncid, dims[d], &length);
            n *= length;
        }
        if (n > capacity) values = realloc(values, (capacity = n) * sizeof *values);
        if (check(nc_get_var_float(ncid, varid, values), paths[i], "read sm")) exit(1);
        nc_close(ncid);
        for (size_t k = 0; k < n; k++) *valid += values[k] != -9999.0f;
    }
    free(values);
    return now() - t0;
}

/* Sum of the proportional set sizes [kB] of pid and its descendants (Linux /proc). */
static long tree_pss(pid_t pid)
{
    char path[64], line[256];
    long total = 0;
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
    FILE *f = fopen(path, "r");
    if (f) {
        long kb;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "Pss: %ld kB", &kb) == 1) total += kb;
        fclose(f);
    }
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    f = fopen(path, "r");
    if (f) {
        int child;
        while (fscanf(f, "%d", &child) == 1) total += tree_pss(child);
        fclose(f);
    }
    return total;
}

typedef struct {
    double seconds;
    long max_rss_kb, max_pss_kb;
    int status;
} run_result;

/* sample: the peak memory of all the command's processes, read every 10 ms; costs a share of a core,
 * which on two cores slows a run on both, so the timing rounds run without it */
static run_result run_command_sampled(char *const argv[], int sample)
{
    run_result r = {0, 0, 0, -1};
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, 1);
        execvp(argv[0], argv);
        _exit(127);
    }
    int wait_status;
    struct rusage usage;
    for (;;) {
        pid_t got = wait4(pid, &wait_status, sample ? WNOHANG : 0, &usage);
        if (got == pid) break;
        if (got < 0) {
            perror("wait4");
            break;
        }
        long pss = tree_pss(pid);
        if (pss > r.max_pss_kb) r.max_pss_kb = pss;
        struct timespec pause = {0, 10000000};
        nanosleep(&pause, NULL);
    }
    r.seconds = now() - t0;
    r.max_rss_kb = usage.ru_maxrss;
    r.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
    return r;
}

static run_result run_command(char *const argv[])
{
    return run_command_sampled(argv, 1);
}

/* The issue's own baseline: a plain CF read of sm with netCDF-python (masked, unpacked), when python3
 * has netCDF4; NaN when it has not. */
static const char python_read[] =
    "import sys, netCDF4\n"
    "n = 0\n"
    "for p in sys.argv[1:]:\n"
    "    with netCDF4.Dataset(p) as d:\n"
    "        n += d['sm'][:].count()\n";

static int python_has_netcdf4(const char *python)
{
    char *check_args[] = {(char *)python, "-c", "import netCDF4", NULL};
    return run_command_sampled(check_args, 0).status == 0;
}

static double python_plain_read(const char *python, char **paths, int days)
{
    char **args = calloc((size_t)days + 4, sizeof *args);
    args[0] = (char *)python;
    args[1] = "-c";
    args[2] = (char *)python_read;
    for (int i = 0; i < days; i++) args[3 + i] = paths[i];
    run_result r = run_command_sampled(args, 0);
    free(args);
    return r.status == 0 ? r.seconds : NAN;
}

static int compare_seconds(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* the median of n times (sorted in place) */
static double median_of(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, compare_seconds);
    return n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
}

/* 0 when the two cubes' sm are bitwise identical. */
static int same_cube(const char *a, const char *b)
{
    int ids[2], vars[2], status = 0;
    size_t n = 0;
    float *values[2] = {NULL, NULL};
    const char *paths[2] = {a, b};
    for (int k = 0; k < 2 && !status; k++) {
        int ndims, dims[3];
        status = check(nc_open(paths[k], NC_NOWRITE, &ids[k]), paths[k], "open") ||
                 check(nc_inq_varid(ids[k], "sm", &vars[k]), paths[k], "sm");
        if (status) break;
        nc_inq_varndims(ids[k], vars[k], &ndims);
        nc_inq_vardimid(ids[k], vars[k], dims);
        size_t count = 1;
        for (int d = 0; d < ndims; d++) {
            size_t length;
            nc_inq_dimlen(ids[k], dims[d], &length);
            count *= length;
        }
        if (k == 1 && count != n) status = 1;
        n = count;
        values[k] = malloc(n * sizeof(float));
        status = status || check(nc_get_var_float(ids[k], vars[k], values[k]), paths[k], "read sm");
        nc_close(ids[k]);
    }
    if (!status) status = memcmp(values[0], values[1], n * sizeof(float)) != 0;
    free(values[0]);
    free(values[1]);
    return status;
}

static int parse_list(const char *text, int *values, int most)
{
    int n = 0;
    for (const char *p = text; *p && n < most;) {
        values[n++] = atoi(p);
        p = strchr(p, ',');
        if (!p) break;
        p++;
    }
    return n;
}

static void report(const char *what, const run_result *r, double plain, double base)
{
    printf("%-28s %7.2f s  %5.2f× the plain read  %s%5.2f× faster than 1 worker  largest process %5ld MB  "
           "all processes %5ld MB%s\n",
           what, r->seconds, r->seconds / plain, base > 0 ? "" : "", base > 0 ? base / r->seconds : 1.0,
           r->max_rss_kb >> 10, r->max_pss_kb >> 10, r->status ? "  FAILED" : "");
}

/* args: drytex ingest -j THREADS --memory MB -o CUBE FILES..., NULL-terminated */
static void ingest_args(char **args, const char *drytex, const char *threads, const char *memory, char *cube,
                        char **paths, int days)
{
    int a = 0;
    args[a++] = (char *)drytex;
    args[a++] = "ingest";
    args[a++] = "-j";
    args[a++] = (char *)threads;
    args[a++] = "--memory";
    args[a++] = (char *)memory;
    args[a++] = "-o";
    args[a++] = cube;
    for (int i = 0; i < days; i++) args[a++] = paths[i];
    args[a] = NULL;
}

int main(int argc, char **argv)
{
    int days = 60, make_only = 0, tiled = 0, threads[8] = {1, 2}, nthreads = 2, ranks[8] = {1, 2, 3}, nranks = 3;
    int rounds = 5;
    const char *source = getenv("DRYTEX_BENCH_ESACCI"), *dir = NULL, *memory = "512";
    const char *drytex = getenv("DRYTEX") ? getenv("DRYTEX") : "./src/drytex", *mpirun = getenv("MPIRUN");
    if (argc > 2 && !strcmp(argv[1], "--measure")) { /* --measure COMMAND...: its time and peak memory */
        run_result r = run_command(argv + 2);
        printf("seconds %.3f largest_process_kb %ld all_processes_kb %ld status %d\n", r.seconds, r.max_rss_kb,
               r.max_pss_kb, r.status);
        return r.status;
    }
    for (int i = 1; i < argc; i += 2) {
        if (!strcmp(argv[i], "--make-only")) make_only = 1, i--;
        else if (!strcmp(argv[i], "--tiled")) tiled = 1, i--;
        else if (i + 1 >= argc) i = argc - 2; /* a value missing: the usage below */
        else if (!strcmp(argv[i], "--days")) days = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--source")) source = argv[i + 1];
        else if (!strcmp(argv[i], "--dir")) dir = argv[i + 1];
        else if (!strcmp(argv[i], "--memory")) memory = argv[i + 1];
        else if (!strcmp(argv[i], "--threads")) nthreads = parse_list(argv[i + 1], threads, 8);
        else if (!strcmp(argv[i], "--ranks")) nranks = parse_list(argv[i + 1], ranks, 8);
        else if (!strcmp(argv[i], "--rounds") && atoi(argv[i + 1]) >= 1 && atoi(argv[i + 1]) <= 50)
            rounds = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_ingest_global [--days N] [--source FILE] [--tiled] [--dir DIR] [--make-only] "
                    "[--threads LIST] [--memory MB] [--ranks LIST] [--rounds N]\n");
            return 2;
        }
    }
    if (!source) source = TOP_SRCDIR "/tests/data/ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20160607000000-fv05.2.nc";
    char made_dir[] = "/tmp/drytex-bench-global-XXXXXX";
    int keep = dir != NULL;
    if (!dir && !(dir = mkdtemp(made_dir))) return 1;
    mkdir(dir, 0755);
    double made_seconds = 0;
    char tiled_source[1100];
    if (tiled) {
        snprintf(tiled_source, sizeof tiled_source, "%s/tiled-global.nc", dir);
        if (make_tiled_global(source, tiled_source)) return 1;
        source = tiled_source;
    }
    char **paths = make_files(source, dir, days, &made_seconds);
    if (!paths) return 1;
    if (tiled) remove(tiled_source);
    if (make_only) {
        for (int i = 0; i < days; i++) free(paths[i]);
        free(paths);
        return 0;
    }
    char load[128] = "?";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f && fgets(load, sizeof load, f)) load[strcspn(load, "\n")] = '\0';
    if (f) fclose(f);
    printf("%d daily files from %s in %s (made in %.1f s); load average %s; %ld cores\n", days, source, dir,
           made_seconds, load, sysconf(_SC_NPROCESSORS_ONLN));
    double valid;
    plain_read(paths, days < 3 ? days : 3, &valid); /* warm the page cache */
    double plain = plain_read(paths, days, &valid);
    printf("%-28s %7.2f s  (%.0f valid values, %.1f ms a file)\n", "plain read of sm", plain, valid, 1e3 * plain / days);

    int nargs = 8 + days;
    char **args = calloc((size_t)nargs + 8, sizeof *args), cube[1024], first_cube[1024] = "", threads_text[16];
    double base = 0;

    /* Timing rounds, interleaved so that a drift of the machine touches every figure alike: the plain
     * read, netCDF-python's, and ingest on each number of workers, timed alone (no memory sampling). */
    const char *python = getenv("PYTHON") ? getenv("PYTHON") : "python3";
    int with_python = python_has_netcdf4(python);
    double *times = calloc((size_t)rounds * (size_t)(nthreads + 2), sizeof *times);
    for (int round = 0; round < rounds; round++) {
        times[round] = plain_read(paths, days, &valid);
        times[rounds + round] = with_python ? python_plain_read(python, paths, days) : NAN;
        for (int t = 0; t < nthreads; t++) {
            snprintf(cube, sizeof cube, "%s/cube-j%d.nc", dir, threads[t]);
            snprintf(threads_text, sizeof threads_text, "%d", threads[t]);
            ingest_args(args, drytex, threads_text, memory, cube, paths, days);
            run_result r = run_command_sampled(args, 0);
            times[(size_t)(2 + t) * (size_t)rounds + (size_t)round] = r.status == 0 ? r.seconds : NAN;
        }
    }
    printf("timing: %d rounds, each the plain read, %s and ingest on each number of workers; median (min–max):\n",
           rounds, with_python ? "netCDF-python's CF read" : "(no python3 with netCDF4)");
    double medians[10], lows[10], highs[10];
    for (int k = 0; k < nthreads + 2; k++) {
        medians[k] = median_of(times + (size_t)k * (size_t)rounds, rounds);
        lows[k] = times[(size_t)k * (size_t)rounds];
        highs[k] = times[(size_t)k * (size_t)rounds + (size_t)rounds - 1];
    }
    printf("  %-34s %6.2f s (%.2f–%.2f)\n", "plain read (nc_get_var_float)", medians[0], lows[0], highs[0]);
    if (with_python)
        printf("  %-34s %6.2f s (%.2f–%.2f)\n", "netCDF-python CF read of sm", medians[1], lows[1], highs[1]);
    for (int t = 0; t < nthreads; t++) {
        char what[64];
        snprintf(what, sizeof what, "ingest -j %d", threads[t]);
        printf("  %-34s %6.2f s (%.2f–%.2f)  %.2f× the plain read", what, medians[2 + t], lows[2 + t], highs[2 + t],
               medians[2 + t] / medians[0]);
        if (with_python) printf(", %.2f× netCDF-python's", medians[2 + t] / medians[1]);
        printf(", %.2f× faster than -j %d\n", medians[2] / medians[2 + t], threads[0]);
    }
    free(times);
    printf("memory: one run each, sampled every 10 ms (the sampling takes a share of a core):\n");
    for (int t = 0; t < nthreads; t++) {
        snprintf(cube, sizeof cube, "%s/cube-j%d.nc", dir, threads[t]);
        snprintf(threads_text, sizeof threads_text, "%d", threads[t]);
        int a = 0;
        ingest_args(args + a, drytex, threads_text, memory, cube, paths, days);
        run_result r = run_command(args);
        if (t == 0) base = r.seconds;
        char what[64];
        snprintf(what, sizeof what, "ingest -j %d --memory %s", threads[t], memory);
        report(what, &r, plain, base);
        if (!first_cube[0]) snprintf(first_cube, sizeof first_cube, "%s", cube);
        else printf("  sm bitwise identical to %s: %s\n", first_cube, same_cube(first_cube, cube) ? "NO" : "yes");
    }
    if (mpirun && *mpirun && strcmp(mpirun, "no") != 0) {
        setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 0); /* as tests/cli/mpi.sh: a container, as root, few cores */
        setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 0);
        setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 0);
        setenv("OMPI_MCA_hwloc_base_binding_policy", "none", 0);
        for (int k = 0; k < nranks; k++) {
            snprintf(cube, sizeof cube, "%s/cube-n%d.nc", dir, ranks[k]);
            snprintf(threads_text, sizeof threads_text, "%d", ranks[k]);
            int a = 0;
            args[a++] = (char *)mpirun;
            args[a++] = "-n";
            args[a++] = threads_text;
            ingest_args(args + a, drytex, "1", memory, cube, paths, days);
            run_result r = run_command(args);
            char what[64];
            snprintf(what, sizeof what, "mpirun -n %d ingest -j 1", ranks[k]);
            report(what, &r, plain, base);
            printf("  sm bitwise identical to %s: %s\n", first_cube, same_cube(first_cube, cube) ? "NO" : "yes");
        }
    }
    free(args);
    for (int i = 0; i < days; i++) {
        if (!keep) remove(paths[i]);
        free(paths[i]);
    }
    free(paths);
    if (!keep) {
        char command[600];
        snprintf(command, sizeof command, "rm -rf '%s'", dir);
        if (system(command) != 0) return 1;
    }
    return 0;
}
