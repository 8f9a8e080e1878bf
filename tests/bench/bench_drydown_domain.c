/* bench_drydown_domain.c — domain drydowns against the time to read their input once: a
 * 200 × 200-cell, 20-year daily cube (the demo world's series: rain-driven drydowns, noise, 30 %
 * gaps), written as `drytex ingest` writes it (netCDF-4, chunks of all days × 4 × 4 cells,
 * deflate 1 + shuffle) in a temporary directory; one nc_get_vara of the whole cube; then the
 * drydown job over it with 1 and 2 threads. Prints figures and the ratio; asserts nothing. With
 * ROUNDS > 1 the read and the two jobs are repeated in turn (the read's time moves by a quarter from
 * one run to the next on a shared machine, and the ratio with it) and their medians are printed.
 * Usage: bench_drydown_domain [ROWS COLS [DAYS [ESTIMATOR [ROUNDS]]]] (default 200 200 7305 pooled 1). */
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "cfwrite.h"
#include "calendar.h"
#include "demo_world.h"
#include "drydown_job.h"
#include "order.h"
#include "series.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU seconds of the process, every thread: on a shared machine the steadier figure. */
static double cpu_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec + (double)u.ru_stime.tv_sec +
           1e-6 * (double)u.ru_stime.tv_usec;
}

/* The median of a[n], which it sorts. */
static double median(double *a, int n)
{
    order_sort(a, (size_t)n);
    return n % 2 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
}

static int fail(const dt_error *err)
{
    fprintf(stderr, "bench_drydown_domain: %s\n", err->text);
    return 1;
}

/* The cube, written in bands of 4 rows (one chunk row) so that every chunk is written whole once. */
static int write_cube(const demo_world *world, const char *path, double *t_generate, dt_error *err)
{
    const demo_settings *s = &world->settings;
    grid *g;
    if (grid_new_latlon(&g, s->rows, s->cols, s->lat_north - 0.5 * s->cell, -s->cell, s->lon_west + 0.5 * s->cell,
                        s->cell, err) != DT_OK)
        return err->code;
    cf_output out;
    int varid, status = cfwrite_create(&out, path, g, "daily sm cube for per-cell reads (bench_drydown_domain)", "", err);
    cf_variable spec = {.name = "sm", .type = NC_FLOAT, .with_time = 1, .units = "m3 m-3",
                        .long_name = "volumetric soil moisture", .fill = -9999.0,
                        .chunk_time = s->ndays, .chunk_y = 4, .chunk_x = 4};
    if (status == DT_OK) status = cfwrite_time_axis(&out, s->first_day, s->ndays, err);
    if (status == DT_OK) status = cfwrite_define(&out, &spec, &varid, err);
    if (status == DT_OK) status = cfwrite_end_define(&out, err);
    enum { BAND = 4 };
    float *band = dt_malloc(s->ndays * BAND * s->cols * sizeof *band);
    demo_series series;
    demo_series_alloc(&series, s->ndays);
    *t_generate = 0;
    for (size_t row0 = 0; row0 < s->rows && status == DT_OK; row0 += BAND) {
        size_t nrows = s->rows - row0 < BAND ? s->rows - row0 : BAND;
        double t0 = now();
        for (size_t r = 0; r < nrows; r++)
            for (size_t c = 0; c < s->cols; c++) {
                demo_cell_series(world, row0 + r, c, &series);
                for (size_t d = 0; d < s->ndays; d++) band[(d * nrows + r) * s->cols + c] = series.satellite[d];
            }
        *t_generate += now() - t0;
        status = cfwrite_put_float(&out, varid, 0, s->ndays, row0, nrows, 0, s->cols, band, err);
    }
    demo_series_free(&series);
    free(band);
    dt_error close_error;
    if (out.ncid >= 0 && cfwrite_close(&out, &close_error) != DT_OK && status == DT_OK) {
        *err = close_error;
        status = err->code;
    }
    grid_free(g);
    return status;
}

/* One nc_get_vara of the whole variable: what "reading the cube once" costs. */
static int read_whole(const char *path, size_t rows, size_t cols, size_t ndays, double *seconds, double *cpu,
                      double *valid_share)
{
    int ncid, varid;
    if (nc_open(path, NC_NOWRITE, &ncid) != NC_NOERR) return 1;
    float *values = malloc(ndays * rows * cols * sizeof *values);
    if (!values || nc_inq_varid(ncid, "sm", &varid) != NC_NOERR) {
        free(values);
        nc_close(ncid);
        return 1;
    }
    size_t start[3] = {0, 0, 0}, count[3] = {ndays, rows, cols};
    double t0 = now(), c0 = cpu_seconds();
    int status = nc_get_vara_float(ncid, varid, start, count, values);
    *seconds = now() - t0;
    *cpu = cpu_seconds() - c0;
    size_t valid = 0; /* the raw values: fill (−9999) where the satellite has no retrieval */
    for (size_t i = 0; i < ndays * rows * cols; i++) valid += values[i] > -9000.0f;
    *valid_share = (double)valid / ((double)ndays * rows * cols);
    free(values);
    nc_close(ncid);
    return status != NC_NOERR;
}

static int run_job(const char *cube_path, const char *output, int threads, thresholds_estimator estimator,
                   double *seconds, double *cpu, dt_error *err)
{
    series_source *source;
    char *paths[] = {(char *)cube_path};
    if (series_open(&source, paths, 1, NULL, err) != DT_OK) return err->code;
    drydown_job_options o;
    drydown_job_default_options(&o);
    o.thresholds.estimator = estimator;
    o.job.threads = threads;
    remove(output);
    double t0 = now(), c0 = cpu_seconds();
    int status = drydown_job_run(source, output, &o, NULL, err);
    *seconds = now() - t0;
    *cpu = cpu_seconds() - c0;
    series_close(source);
    return status;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* each figure as soon as it is known, also into a file */
    demo_settings settings;
    demo_default_settings(&settings);
    settings.rows = argc > 2 ? (size_t)atol(argv[1]) : 200;
    settings.cols = argc > 2 ? (size_t)atol(argv[2]) : 200;
    settings.first_day = calendar_days_from_civil(2001, 1, 1);
    settings.ndays = argc > 3 ? (size_t)atol(argv[3]) : (size_t)(calendar_days_from_civil(2021, 1, 1) - settings.first_day);
    thresholds_estimator estimator = THRESHOLDS_DEFAULT;
    int rounds = argc > 5 ? atoi(argv[5]) : 1;
    if (settings.rows == 0 || settings.cols == 0 || settings.ndays == 0 ||
        (argc > 4 && thresholds_estimator_parse(argv[4], &estimator, NULL) != DT_OK) || rounds < 1 || rounds > 25) {
        fprintf(stderr, "usage: bench_drydown_domain [ROWS COLS [DAYS [ESTIMATOR [ROUNDS (1–25)]]]]\n");
        return 1;
    }
    double raw_bytes = 4.0 * (double)settings.rows * (double)settings.cols * (double)settings.ndays;
    char dir[] = "/tmp/drytex-bench-domain-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    struct statvfs disk;
    if (statvfs(dir, &disk) == 0 && (double)disk.f_bavail * (double)disk.f_frsize < 1.5 * raw_bytes + 1e8) {
        printf("bench_drydown_domain: skipped, %s has less than %.1f GB free\n", dir, (1.5 * raw_bytes + 1e8) / 1e9);
        rmdir(dir);
        return 0;
    }
    char cube_path[512], output[512];
    snprintf(cube_path, sizeof cube_path, "%s/sm_cube.nc", dir);
    snprintf(output, sizeof output, "%s/thresholds.nc", dir);
    dt_error err;
    demo_world world;
    double t0 = now(), t_generate = 0;
    if (demo_world_build(&world, &settings, &err) != DT_OK) return fail(&err);
    int status = write_cube(&world, cube_path, &t_generate, &err);
    double t_write = now() - t0;
    demo_world_free(&world);
    if (status != DT_OK) return fail(&err);
    struct stat file;
    double file_bytes = stat(cube_path, &file) == 0 ? (double)file.st_size : 0;
    size_t cells = settings.rows * settings.cols;
    printf("cube %zu × %zu cells × %zu days: %.2f GB as floats, %.2f GB on disk (deflate 1 + shuffle, chunks "
           "%zu × 4 × 4); generated in %.1f s, written in %.1f s more\n",
           settings.rows, settings.cols, settings.ndays, raw_bytes / 1e9, file_bytes / 1e9, settings.ndays,
           t_generate, t_write - t_generate);

    enum { MAX_ROUNDS = 25 };
    double reads[MAX_ROUNDS], jobs[2][MAX_ROUNDS], cpus[2][MAX_ROUNDS], ratios[MAX_ROUNDS];
    for (int round = 0; round < rounds; round++) {
        double t_read = 0, cpu_read = 0, valid_share = 0;
        if (read_whole(cube_path, settings.rows, settings.cols, settings.ndays, &t_read, &cpu_read, &valid_share)) {
            fprintf(stderr, "bench_drydown_domain: %s: the whole-cube read failed\n", cube_path);
            return 1;
        }
        printf("one nc_get_vara of the whole cube (page cache warm: decompression-bound): %.2f s wall, %.2f s CPU, "
               "%.0f MB/s of floats (%.0f %% of the values valid)\n", t_read, cpu_read, raw_bytes / t_read / 1e6,
               100 * valid_share);
        reads[round] = t_read;
        for (int threads = 1; threads <= 2; threads++) {
            double t_job = 0, cpu_job = 0;
            if (run_job(cube_path, output, threads, estimator, &t_job, &cpu_job, &err) != DT_OK) return fail(&err);
            printf("drydown job (--estimator %s), %d thread%s: %.2f s wall (%.3f ms per cell), %.2f s CPU; %.2f× the read's wall time, "
                   "%.2f× its CPU time\n", thresholds_estimator_name(estimator), threads, threads > 1 ? "s" : "", t_job, 1e3 * t_job / (double)cells, cpu_job,
                   t_job / t_read, cpu_job / cpu_read);
            jobs[threads - 1][round] = t_job, cpus[threads - 1][round] = cpu_job;
        }
        ratios[round] = jobs[1][round] / t_read;
    }
    if (rounds > 1) {
        double low = ratios[0], high = ratios[0];
        for (int round = 1; round < rounds; round++) low = ratios[round] < low ? ratios[round] : low, high = ratios[round] > high ? ratios[round] : high;
        double read = median(reads, rounds), two = median(jobs[1], rounds);
        printf("medians of %d rounds: read %.2f s; job 1 thread %.2f s wall, %.2f s CPU; 2 threads %.2f s wall; "
               "2 threads ÷ the read: %.2f× (medians), %.2f× (the rounds' median, range %.2f–%.2f×)\n",
               rounds, read, median(jobs[0], rounds), median(cpus[0], rounds), two, two / read, median(ratios, rounds), low, high);
    }
    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    return system(command) == 0 ? 0 : 1;
}
