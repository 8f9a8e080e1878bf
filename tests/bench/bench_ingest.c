/* bench_ingest.c — ingest throughput, and one cell's whole series read from the cube versus
 * from the daily files. Uses the demo world (40 × 60 cells, 3653 daily files) in a temporary
 * directory. Prints figures; asserts nothing about time. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cube.h"
#include "demo_world.h"
#include "demo_write.h"
#include "series.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_files(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    char **paths = NULL;
    *count = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        paths = dt_realloc(paths, (*count + 1) * sizeof *paths);
        size_t length = strlen(dir) + strlen(e->d_name) + 2;
        paths[*count] = dt_malloc(length);
        snprintf(paths[(*count)++], length, "%s/%s", dir, e->d_name);
    }
    if (d) closedir(d);
    qsort(paths, *count, sizeof *paths, by_name);
    return paths;
}

static int fail(const dt_error *err)
{
    fprintf(stderr, "bench_ingest: %s\n", err->text);
    return 1;
}

int main(void)
{
    char dir[] = "/tmp/drytex-bench-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    dt_error err;
    demo_settings settings;
    demo_default_settings(&settings);
    demo_world world;
    double t0 = now();
    if (demo_world_build(&world, &settings, &err) || demo_write(&world, dir, NULL, NULL, &err)) return fail(&err);
    double t_demo = now() - t0;
    demo_world_free(&world);

    char sm_dir[512], cube_path[512];
    snprintf(sm_dir, sizeof sm_dir, "%s/sm", dir);
    snprintf(cube_path, sizeof cube_path, "%s/bench_cube.nc", dir);
    size_t nfiles;
    char **paths = list_files(sm_dir, &nfiles);
    series_source *daily;
    t0 = now();
    if (series_open(&daily, paths, nfiles, NULL, &err)) return fail(&err);
    if (cube_ingest(daily, cube_path, NULL, NULL, NULL, NULL, &err)) return fail(&err);
    double t_ingest = now() - t0;
    double values = (double)daily->ndays * settings.rows * settings.cols;

    float *series = dt_malloc(daily->ndays * sizeof *series);
    t0 = now();
    if (series_read_cell(daily, 17, 23, series, &err)) return fail(&err);
    double t_cell_daily = now() - t0;

    series_source *cube;
    char *cube_paths[] = {cube_path};
    if (series_open(&cube, cube_paths, 1, NULL, &err)) return fail(&err);
    int reads = 200;
    t0 = now();
    for (int i = 0; i < reads; i++)
        if (series_read_cell(cube, (size_t)(i * 7) % settings.rows, (size_t)(i * 13) % settings.cols, series, &err))
            return fail(&err);
    double t_cell_cube = (now() - t0) / reads;

    printf("demo world written (%zu daily files + cube + soils): %.2f s\n", nfiles, t_demo);
    printf("ingest %zu daily files (%zu × %zu cells): %.2f s, %.0f files/s, %.1f M values/s\n", nfiles,
           settings.rows, settings.cols, t_ingest, nfiles / t_ingest, values / t_ingest / 1e6);
    printf("one cell's %zu-day series from the daily files: %.1f ms\n", daily->ndays, 1e3 * t_cell_daily);
    printf("one cell's %zu-day series from the cube: %.3f ms (mean of %d cells)\n", cube->ndays,
           1e3 * t_cell_cube, reads);
    printf("speed-up cube vs daily files: %.0f×\n", t_cell_daily / t_cell_cube);

    series_close(daily);
    series_close(cube);
    free(series);
    for (size_t i = 0; i < nfiles; i++) free(paths[i]);
    free(paths);
    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    return system(command) == 0 ? 0 : 1;
}
