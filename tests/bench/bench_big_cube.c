/* bench_big_cube.c — writes a global EASE-Grid 2.0 M36 cube (964 × 406 cells, 7000 days by
 * default: 11 GB of floats before compression) in the layout `drytex ingest` writes — CF time,
 * y, x; chunks of every day × 4 × 4 cells, deflate 1 + shuffle; fill −9999 — for
 * tests/bench/explorer_memory.sh. The values are the demo's analytic drydown process (rain
 * pulses to about θc, exponential decay to θw, retrieval noise and 30 % gaps) on a demo world of
 * the grid's shape, so the explorer finds real drydowns in every cell — made cheaper than
 * demo_cell_series (200 ns a value: 9 minutes for this cube): the seasonal decay factors are a
 * table per cell and day of year, the noise and the gap come from one 64-bit draw.
 *
 *     bench_big_cube OUT.nc [DAYS]
 *
 * Prints the time it took; asserts nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <netcdf.h>

#include "cfwrite.h"
#include "calendar.h"
#include "demo_world.h"
#include "grid.h"
#include "rng.h"

enum { EDGE = 4 }; /* ingest's default chunk edge: a band of EDGE rows is whole chunks */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* One cell's satellite series into out[d * stride]: demo_cell_series' process, cheaper. */
static void cell_series(const demo_world *w, size_t i, const float *season, size_t ndays, float *out, size_t stride)
{
    const demo_settings *s = &w->settings;
    double wet = w->wetness[i], theta_w = w->theta_w[i], theta_c = w->theta_c[i], theta = theta_c;
    double decay[366], chance[366];
    for (int doy = 0; doy < 366; doy++) {
        double sn = sin(2.0 * M_PI * (doy + 1 - 105) / 365.25);
        double pet = fmax(0.3, (2.2 + 2.0 * (1.0 - wet)) * (1.0 + 0.6 * sn));
        double tau = 2.0 + 16.0 / pet;
        tau = tau < 3.0 ? 3.0 : tau > 15.0 ? 15.0 : tau;
        decay[doy] = exp(-1.0 / tau);
        chance[doy] = (0.04 + 0.22 * wet) * (1.0 + 0.7 * sn) * (1.0 - 0.15); /* P ≥ 2 mm of the demo's rain days */
    }
    rng_state rng;
    rng_seed(&rng, s->seed, (uint64_t)i);
    for (size_t d = 0; d < ndays; d++) {
        int doy = (int)season[d];
        if (rng_uniform(&rng) < chance[doy]) theta = fmax(theta, theta_c + 0.012 * rng_normal(&rng));
        else theta = theta_w + (theta - theta_w) * decay[doy];
        uint64_t bits = rng_next(&rng); /* four 12-bit uniforms: a near-normal error; 16 bits: the gap */
        double error = ((double)(bits & 4095) + (double)(bits >> 12 & 4095) + (double)(bits >> 24 & 4095) +
                        (double)(bits >> 36 & 4095)) / 4096.0 - 2.0;
        error *= 1.7320508 * s->noise; /* the sum of 4 uniforms has variance 1/3 */
        double v = theta + error;
        out[d * stride] = (double)(bits >> 48) / 65536.0 < s->gap_fraction ? NAN : (float)(v < 0.01 ? 0.01 : v > 0.6 ? 0.6 : v);
    }
}

static int fail(const dt_error *err)
{
    fprintf(stderr, "bench_big_cube: %s\n", err->text);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_big_cube OUT.nc [DAYS]\n");
        return 2;
    }
    const char *path = argv[1];
    size_t ndays = argc == 3 ? (size_t)strtoul(argv[2], NULL, 10) : 7000;
    dt_error err;
    grid *g;
    if (grid_new_ease2(&g, EASE2_M36, &err) != DT_OK) return fail(&err);
    size_t rows = grid_rows(g), cols = grid_cols(g);

    demo_settings settings;
    demo_default_settings(&settings);
    settings.rows = rows;
    settings.cols = cols;
    settings.fine_factor = 1; /* the soil maps are not written */
    settings.first_day = calendar_days_from_civil(2003, 1, 1);
    settings.ndays = ndays;
    demo_world world;
    double t0 = now();
    if (demo_world_build(&world, &settings, &err) != DT_OK) return fail(&err);

    cf_output out;
    int varid;
    cf_variable spec = {
        .name = "sm", .type = NC_FLOAT, .with_time = 1, .units = "m3 m-3", .long_name = "volumetric soil moisture",
        .fill = -9999.0, .chunk_time = ndays, .chunk_y = EDGE, .chunk_x = EDGE,
    };
    if (cfwrite_create(&out, path, g, "daily sm cube for per-cell reads (drytex ingest)", "bench_big_cube", &err) != DT_OK ||
        cfwrite_time_axis(&out, settings.first_day, ndays, &err) != DT_OK || cfwrite_define(&out, &spec, &varid, &err) != DT_OK ||
        cfwrite_number(&out, NC_GLOBAL, "drytex_source_files", 1, &err) != DT_OK ||
        cfwrite_text(&out, NC_GLOBAL, "drytex_source_first", "bench_big_cube (demo analytic process)", &err) != DT_OK ||
        cfwrite_end_define(&out, &err) != DT_OK)
        return fail(&err);

    size_t band = EDGE * cols;
    float *buffer = dt_malloc(ndays * band * sizeof *buffer); /* [day][row][col] of one band */
    float *season = dt_malloc(ndays * sizeof *season); /* day of year − 1 of each day */
    for (size_t d = 0; d < ndays; d++) {
        int year, month, day;
        calendar_civil_from_days(settings.first_day + (long)d, &year, &month, &day);
        season[d] = (float)(settings.first_day + (long)d - calendar_days_from_civil(year, 1, 1));
    }
    for (size_t row0 = 0; row0 < rows; row0 += EDGE) {
        size_t nrows = row0 + EDGE <= rows ? EDGE : rows - row0;
        for (size_t r = 0; r < nrows; r++)
            for (size_t c = 0; c < cols; c++)
                cell_series(&world, (row0 + r) * cols + c, season, ndays, buffer + r * cols + c, nrows * cols);
        if (cfwrite_put_float(&out, varid, 0, ndays, row0, nrows, 0, cols, buffer, &err) != DT_OK) return fail(&err);
        if (row0 % 40 == 0) fprintf(stderr, "\rbench_big_cube: row %zu of %zu, %.0f s", row0, rows, now() - t0);
    }
    if (cfwrite_close(&out, &err) != DT_OK) return fail(&err);
    fprintf(stderr, "\n");
    printf("wrote %s: %zu × %zu cells × %zu days (%.1f GB of floats) in %.0f s\n", path, cols, rows, ndays,
           (double)(rows * cols * ndays * sizeof(float)) / 1e9, now() - t0);
    free(season);
    demo_world_free(&world);
    free(buffer);
    grid_free(g);
    return 0;
}
