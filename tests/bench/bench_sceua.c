/* bench_sceua.c — the cost of one SCE-UA run as the calibration uses it: 3000 evaluations of a
 * cheap 3-parameter cost (the quadratic of sceua_functions.c), per run and per evaluation of
 * optimiser overhead. Stopping tests are disabled (pcento = peps = 0) so every run makes exactly
 * 3000 evaluations. Prints figures; asserts nothing about time. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sceua.h"
#include "sceua_functions.h"

enum { EVALUATIONS = 3000 };
static const double SECONDS_PER_CASE = 1.5;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Seconds per batch of EVALUATIONS direct calls of the cost, through a function pointer. */
static double direct_cost_seconds(const sceua_function *f)
{
    double (*volatile cost)(const double *, void *) = f->cost;
    double x[3] = {0.1, 0.2, 0.3}, sink = 0;
    long batches = 0;
    double start = now(), elapsed;
    do {
        for (int i = 0; i < EVALUATIONS; i++) {
            x[i % 3] += 1e-9;
            sink += cost(x, NULL);
        }
        batches++;
    } while ((elapsed = now() - start) < SECONDS_PER_CASE);
    if (sink == 42) puts("");
    return elapsed / (double)batches;
}

/* Seconds per run with the given mutation, workspace reuse and trace setting. */
static double run_seconds(const sceua_function *f, sceua_mutation mutation, int reuse, int trace,
                          double *best_sum)
{
    sceua_workspace *ws = reuse ? sceua_workspace_create() : NULL;
    sceua_options opt;
    sceua_default_options(&opt, f->n);
    opt.maxn = EVALUATIONS;
    opt.pcento = 0;
    opt.peps = 0;
    opt.mutation = mutation;
    opt.record_trace = trace;
    long runs = 0;
    double start = now(), elapsed;
    *best_sum = 0;
    do {
        sceua_result result;
        dt_error err;
        opt.stream = (uint64_t)runs;
        if (sceua_run(f->n, f->lower, f->upper, f->cost, NULL, &opt, ws, &result, &err) != DT_OK ||
            result.evaluations != EVALUATIONS) {
            fprintf(stderr, "bench_sceua: %s\n", err.text);
            exit(1);
        }
        *best_sum += result.best_f;
        sceua_result_free(&result);
        runs++;
    } while ((elapsed = now() - start) < SECONDS_PER_CASE);
    sceua_workspace_free(ws);
    return elapsed / (double)runs;
}

int main(void)
{
    const sceua_function *f = &sceua_quadratic3;
    double direct = direct_cost_seconds(f);
    printf("SCE-UA, %s (n = %d), %d evaluations per run, ngs 5, stopping tests off\n", f->name,
           f->n, EVALUATIONS);
    printf("  cost alone: %.1f us per %d calls (%.1f ns per call)\n", 1e6 * direct, EVALUATIONS,
           1e9 * direct / EVALUATIONS);
    printf("  %-9s %-10s %-6s %12s %18s %22s\n", "mutation", "workspace", "trace", "us/run",
           "overhead ns/eval", "overhead evals/s");
    for (int m = 0; m < 2; m++)
        for (int variant = 0; variant < 3; variant++) {
            int reuse = variant != 1, trace = variant == 2;
            double best_sum;
            double seconds = run_seconds(f, (sceua_mutation)m, reuse, trace, &best_sum);
            double overhead = (seconds - direct) / EVALUATIONS;
            printf("  %-9s %-10s %-6s %12.1f %18.1f %22.3g\n",
                   sceua_mutation_name((sceua_mutation)m), reuse ? "reused" : "per run",
                   trace ? "yes" : "no", 1e6 * seconds, 1e9 * overhead, 1 / overhead);
            if (best_sum < 0) puts("impossible");
        }
    return 0;
}
