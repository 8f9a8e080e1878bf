/* bench_drydown_truth.c — the cell-level estimators against the demo world's truth, in memory (no
 * files): for every cell of a demo world the series, the drydowns and thresholds_estimate, then the
 * share of each status, the θw and θc MAE over identified cells (and the wettest third), the 90 %
 * intervals' coverage, the censored cells whose truth lies below the bound, and the CPU time of the
 * estimator alone per cell. Prints figures; asserts nothing.
 *     bench_drydown_truth [ESTIMATOR [PRESET [MIN_POINTS [TRUTH_PTF [SEED [ROWS COLS]]]]]]
 *     (default: pooled araki 8 sr06 20170601 40 60). Without rain, as `drytex drydowns` reads only SM;
 *     BENCH_TRUTH_RAIN=1 gives the rules the demo's rain, BENCH_TRUTH_CELLS=1 prints every cell,
 *     BENCH_TRUTH_DAYS=N uses the first N days of each series only (cells with few drydowns). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo_world.h"
#include "drydown.h"
#include "thresholds.h"

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
    size_t cells, status[THRESHOLDS_STATUS_COUNT];
    size_t w_count, w_covered, c_count, c_covered, c_wettings, censored_below;
    double w_error, c_error, w_bias, w_width;
} tally;

static void count(tally *t, const thresholds_result *r, double true_w, double true_c)
{
    t->cells++;
    t->status[r->status]++;
    if (r->status == THRESHOLDS_IDENTIFIED) {
        t->w_count++;
        t->w_error += fabs(r->theta_w - true_w);
        t->w_bias += r->theta_w - true_w;
        if (isfinite(r->theta_w_low)) {
            t->w_covered += r->theta_w_low <= true_w && true_w <= r->theta_w_high;
            t->w_width += r->theta_w_high - r->theta_w_low;
        }
    }
    if (r->status == THRESHOLDS_CENSORED) t->censored_below += true_w < r->theta_w_high;
    if (isfinite(r->theta_c)) {
        t->c_count++;
        t->c_wettings += r->theta_c_source == THRESHOLDS_C_WETTINGS;
        t->c_error += fabs(r->theta_c - true_c);
        if (isfinite(r->theta_c_low)) t->c_covered += r->theta_c_low <= true_c && true_c <= r->theta_c_high;
    }
}

static void print(const char *what, const tally *t)
{
    double n = t->cells ? (double)t->cells : 1, w = t->w_count ? (double)t->w_count : 1;
    double censored = t->status[THRESHOLDS_CENSORED] ? (double)t->status[THRESHOLDS_CENSORED] : 1;
    printf("%-8s %5zu cells: identified %.1f %%, censored %.1f %%, too few %.1f %%; θw MAE %.4f (bias %+.4f, "
           "mean 90 %% width %.4f, coverage %.1f %%); θc MAE %.4f (coverage %.1f %%, from the wettings in %.1f %%); "
           "censored truth < bound %.1f %%\n",
           what, t->cells, 100 * t->status[0] / n, 100 * t->status[1] / n, 100 * t->status[2] / n, t->w_error / w,
           t->w_bias / w, t->w_width / w, 100 * t->w_covered / w, t->c_count ? t->c_error / (double)t->c_count : NAN,
           t->c_count ? 100.0 * t->c_covered / (double)t->c_count : NAN,
           t->c_count ? 100.0 * t->c_wettings / (double)t->c_count : NAN, 100 * t->censored_below / censored);
}

int main(int argc, char **argv)
{
    const char *estimator_name = argc > 1 ? argv[1] : "pooled", *preset = argc > 2 ? argv[2] : "araki";
    size_t min_points = argc > 3 ? (size_t)atol(argv[3]) : 8;
    const char *truth = argc > 4 ? argv[4] : "sr06";
    demo_settings settings;
    demo_default_settings(&settings);
    if (argc > 5) settings.seed = strtoull(argv[5], NULL, 10);
    if (argc > 7) settings.rows = (size_t)atol(argv[6]), settings.cols = (size_t)atol(argv[7]);
    dt_error err;
    drydown_options d;
    thresholds_options o;
    thresholds_default_options(&o);
    if (drydown_preset_parse(preset, &d, &err) != DT_OK ||
        thresholds_estimator_parse(estimator_name, &o.estimator, &err) != DT_OK ||
        ptf_parse_name(truth, &settings.truth_ptf, &err) != DT_OK) {
        fprintf(stderr, "bench_drydown_truth: %s\n", err.text);
        return 2;
    }
    if (min_points) d.min_points = min_points;
    o.tau_min = d.tau_min, o.tau_max = d.tau_max;
    demo_world world;
    if (demo_world_build(&world, &settings, &err) != DT_OK) {
        fprintf(stderr, "bench_drydown_truth: %s\n", err.text);
        return 1;
    }
    demo_series series;
    demo_series_alloc(&series, settings.ndays);
    drydown_result dr;
    drydown_result_init(&dr);
    thresholds_work work;
    thresholds_work_init(&work);
    size_t cells = settings.rows * settings.cols, days = settings.ndays;
    if (getenv("BENCH_TRUTH_DAYS") && (size_t)atol(getenv("BENCH_TRUTH_DAYS")) < days) days = (size_t)atol(getenv("BENCH_TRUTH_DAYS"));
    /* the wettest third: wetness above its 2/3 quantile */
    float *sorted = malloc(cells * sizeof *sorted);
    memcpy(sorted, world.wetness, cells * sizeof *sorted);
    for (size_t i = 1; i < cells; i++) /* insertion sort: a few thousand cells */
        for (size_t k = i; k > 0 && sorted[k - 1] > sorted[k]; k--) {
            float s = sorted[k];
            sorted[k] = sorted[k - 1], sorted[k - 1] = s;
        }
    float wet_limit = sorted[2 * cells / 3];
    free(sorted);
    tally all = {0}, wet = {0};
    double seconds = 0;
    for (size_t i = 0; i < cells; i++) {
        demo_cell_series(&world, i / settings.cols, i % settings.cols, &series);
        if (drydown_analyse(&d, series.satellite, getenv("BENCH_TRUTH_RAIN") ? series.precip : NULL, days, &dr, &err) != DT_OK) {
            fprintf(stderr, "bench_drydown_truth: cell %zu: %s\n", i, err.text);
            return 1;
        }
        thresholds_result r;
        double t0 = cpu_now();
        if (thresholds_estimate(&o, &dr, series.satellite, days, &work, &r, &err) != DT_OK) {
            fprintf(stderr, "bench_drydown_truth: cell %zu: %s\n", i, err.text);
            return 1;
        }
        seconds += cpu_now() - t0;
        count(&all, &r, world.theta_w[i], world.theta_c[i]);
        if (world.wetness[i] >= wet_limit) count(&wet, &r, world.theta_w[i], world.theta_c[i]);
        if (getenv("BENCH_TRUTH_CELLS"))
            printf("cell %zu wet %.3f status %d w %.4f [%.4f %.4f] truth %.4f c %.4f [%.4f %.4f] truth %.4f events %zu points %zu\n",
                   i, world.wetness[i], r.status, r.theta_w, r.theta_w_low, r.theta_w_high, world.theta_w[i], r.theta_c,
                   r.theta_c_low, r.theta_c_high, world.theta_c[i], r.events, r.points);
    }
    printf("%s truth, --preset %s --min-points %zu --estimator %s, %zu × %zu cells, %zu days, seed %llu\n", truth, preset,
           d.min_points, estimator_name, settings.rows, settings.cols, days, (unsigned long long)settings.seed);
    print("all", &all);
    print("wettest", &wet);
    printf("estimator CPU: %.3f ms per cell\n", 1e3 * seconds / (double)cells);
    thresholds_work_free(&work);
    drydown_result_free(&dr);
    demo_series_free(&series);
    demo_world_free(&world);
    return 0;
}
