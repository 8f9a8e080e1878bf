/* sceua.c — SCE-UA global minimisation in a box.
 *
 * The algorithm is Duan's Fortran "sceua" v2.1 (Duan, Sorooshian & Gupta 1992, WRR 28:1015;
 * Duan, Gupta & Sorooshian 1993, JOTA 76:501; Duan, Sorooshian & Gupta 1994, J. Hydrol.
 * 158:265), written anew from the published description and the Fortran's structure:
 *   population of ngs·npg uniform points, sorted;           (sceua: initial population)
 *   complexes dealt by rank, k, k+ngs, k+2·ngs, …;           (sceua: "ASSIGN POINTS")
 *   nspl competitive complex evolution (CCE) steps each;      (sceua inner loop, subroutine cce)
 *   shuffle = merge the sorted complexes;                     (sceua: "RE-SORT THE POINTS")
 *   stop on maxn, on pcento over kstop loops, on gnrng <= peps (in that order, as the Fortran).
 * The uniform mutation is that of Duan's 2004 MATLAB sceua (cceua.m) and spotpy's sceua. */
#include "sceua.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

/* Limits on the population (Duan's Fortran allows 1320 points) and on kstop: they keep the
 * insertion sort of the first population and the shuffle's p-way merge cheap. */
enum { SCEUA_MAX_POINTS = 10000, SCEUA_MAX_KSTOP = 10000 };

/* Floors used by Duan's Fortran subroutine parstt: delta = 1e-20 is added to each normalised
 * range before its logarithm (so a collapsed parameter gives ln(1e-20), not -inf), and the
 * variance is floored at 1e-20; here the standard deviation is floored at 1e-10 of the box
 * width instead, the same floor for a unit box but independent of the parameter's scale. */
static const double GNRNG_DELTA = 1e-20;
static const double SIGMA_FLOOR = 1e-10;

struct sceua_workspace {
    double *reals;
    size_t real_capacity;
    int *ints;
    size_t int_capacity;
};

/* One run's state; every array is carved from the workspace. Points live in fixed rows of x
 * and f; the population and the complexes are index arrays into those rows. */
typedef struct {
    int n, npg, nps;
    const double *lower, *upper;
    sceua_cost cost;
    void *context;
    const sceua_options *opt;
    rng_state rng;
    long evaluations;
    int complexes;      /* complexes in the current population */
    int points;         /* points in the current population */
    double *x;          /* [ngs·npg·n] point coordinates, row-major */
    double *f;          /* [ngs·npg] their costs */
    int *order;         /* [ngs·npg] population rows, ascending cost */
    int *scratch;       /* [ngs·npg] merge output */
    int *complex;       /* [npg] rows of the complex being evolved, ascending cost */
    int *picked;        /* [nps] positions in the complex of the sub-complex points */
    int *heads;         /* [ngs] merge cursors */
    double *centroid;   /* [n] */
    double *trial;      /* [n] the candidate point */
    double *sigma;      /* [n] population standard deviation of each parameter */
    double *range_min;  /* [n] population minimum of each parameter */
    double *range_max;  /* [n] population maximum of each parameter */
    double *history;    /* [kstop+1] best cost after recent loops, a ring */
    double gnrng;
} run_state;

/* ---- options and validation ------------------------------------------------------------ */

void sceua_default_options(sceua_options *opt, int n)
{
    /* Duan et al. 1994 (J. Hydrol. 158:265) recommended values: m = 2n+1, q = n+1,
     * beta = 2n+1, pmin = p; kstop 5, pcento 0.01, peps 1e-3 (the constant of Duan's parstt)
     * as in science.md §3. */
    memset(opt, 0, sizeof *opt);
    opt->ngs = 5;
    opt->npg = 2 * n + 1;
    opt->nps = n + 1;
    opt->nspl = 2 * n + 1;
    opt->mings = opt->ngs;
    opt->maxn = 3000;
    opt->kstop = 5;
    opt->pcento = 0.01;
    opt->peps = 1e-3;
    opt->mutation = SCEUA_MUTATION_GAUSSIAN;
}

static int check_bounds(int n, const double *lower, const double *upper, const double *x0,
                        dt_error *err)
{
    for (int j = 0; j < n; j++) {
        if (!isfinite(lower[j]) || !isfinite(upper[j]) || !(lower[j] < upper[j]))
            return dt_error_set(err, DT_ERR_USAGE,
                                "sceua: bounds of parameter %d: [%g, %g]: need finite lower < upper",
                                j, lower[j], upper[j]);
        if (isinf(upper[j] - lower[j]))
            return dt_error_set(err, DT_ERR_USAGE,
                                "sceua: bounds of parameter %d: width of [%g, %g] overflows",
                                j, lower[j], upper[j]);
    }
    for (int j = 0; x0 && j < n; j++)
        if (!(x0[j] >= lower[j] && x0[j] <= upper[j]))
            return dt_error_set(err, DT_ERR_USAGE,
                                "sceua: x0[%d] = %g: outside its bounds [%g, %g]", j, x0[j],
                                lower[j], upper[j]);
    return DT_OK;
}

static int check_sizes(const sceua_options *opt, dt_error *err)
{
    if (opt->ngs < 1)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: ngs = %d: need at least 1 complex", opt->ngs);
    if (opt->npg < 2)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: npg = %d: need at least 2 points per complex",
                            opt->npg);
    if (opt->npg > SCEUA_MAX_POINTS / opt->ngs)
        return dt_error_set(err, DT_ERR_USAGE,
                            "sceua: ngs × npg = %d × %d: more than %d points", opt->ngs, opt->npg,
                            SCEUA_MAX_POINTS);
    if (opt->nps < 2 || opt->nps > opt->npg)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: nps = %d: need 2 <= nps <= npg = %d",
                            opt->nps, opt->npg);
    if (opt->nspl < 1)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: nspl = %d: need at least 1 evolution step",
                            opt->nspl);
    if (opt->mings < 1 || opt->mings > opt->ngs)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: mings = %d: need 1 <= mings <= ngs = %d",
                            opt->mings, opt->ngs);
    return DT_OK;
}

static int check_stopping(const sceua_options *opt, dt_error *err)
{
    if (opt->maxn < 1)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: maxn = %ld: need at least 1 evaluation",
                            opt->maxn);
    if (opt->kstop < 1 || opt->kstop > SCEUA_MAX_KSTOP)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: kstop = %d: need 1 <= kstop <= %d",
                            opt->kstop, SCEUA_MAX_KSTOP);
    if (!isfinite(opt->pcento) || opt->pcento < 0)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: pcento = %g: need a finite fraction >= 0",
                            opt->pcento);
    if (!isfinite(opt->peps) || opt->peps < 0)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: peps = %g: need a finite value >= 0",
                            opt->peps);
    if (opt->mutation != SCEUA_MUTATION_GAUSSIAN && opt->mutation != SCEUA_MUTATION_UNIFORM)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: mutation = %d: not a sceua_mutation",
                            (int)opt->mutation);
    return DT_OK;
}

static int check_arguments(int n, const double *lower, const double *upper, sceua_cost cost,
                           const sceua_options *opt, dt_error *err)
{
    if (n < 1 || n > SCEUA_MAX_PARAMETERS)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: n = %d: need 1 to %d parameters", n,
                            SCEUA_MAX_PARAMETERS);
    if (!lower || !upper || !cost || !opt)
        return dt_error_set(err, DT_ERR_USAGE, "sceua: %s is NULL",
                            !lower ? "lower" : !upper ? "upper" : !cost ? "cost" : "options");
    int status = check_sizes(opt, err);
    if (status == DT_OK) status = check_stopping(opt, err);
    if (status == DT_OK) status = check_bounds(n, lower, upper, opt->x0, err);
    return status;
}

/* ---- workspace ----------------------------------------------------------------------------- */

sceua_workspace *sceua_workspace_create(void)
{
    return dt_calloc(1, sizeof(sceua_workspace));
}

void sceua_workspace_free(sceua_workspace *workspace)
{
    if (!workspace) return;
    free(workspace->reals);
    free(workspace->ints);
    free(workspace);
}

/* Grows the workspace if needed and carves the run's arrays from it. */
static void workspace_carve(sceua_workspace *ws, run_state *st)
{
    const sceua_options *opt = st->opt;
    size_t points = (size_t)opt->ngs * (size_t)opt->npg, n = (size_t)st->n;
    size_t reals = points * (n + 1) + 5 * n + (size_t)opt->kstop + 1;
    size_t ints = 2 * points + (size_t)opt->npg + (size_t)opt->nps + (size_t)opt->ngs;
    if (reals > ws->real_capacity) {
        free(ws->reals);
        ws->reals = dt_malloc(reals * sizeof *ws->reals);
        ws->real_capacity = reals;
    }
    if (ints > ws->int_capacity) {
        free(ws->ints);
        ws->ints = dt_malloc(ints * sizeof *ws->ints);
        ws->int_capacity = ints;
    }
    double *r = ws->reals;
    st->x = r, r += points * n;
    st->f = r, r += points;
    st->centroid = r, r += n;
    st->trial = r, r += n;
    st->sigma = r, r += n;
    st->range_min = r, r += n;
    st->range_max = r, r += n;
    st->history = r;
    int *i = ws->ints;
    st->order = i, i += points;
    st->scratch = i, i += points;
    st->complex = i, i += opt->npg;
    st->picked = i, i += opt->nps;
    st->heads = i;
}

/* ---- evaluation, sampling, statistics ------------------------------------------------------- */

/* Calls the cost once; NaN and ±inf become +inf so that comparisons stay total. */
static double evaluate(run_state *st, const double *x)
{
    double f = st->cost(x, st->context);
    st->evaluations++;
    return isfinite(f) ? f : INFINITY;
}

static double *row(const run_state *st, int r)
{
    return st->x + (size_t)r * (size_t)st->n;
}

/* Uniform in the box: Duan's getpnt with idist = 1, x_j = bl_j + u (bu_j − bl_j). */
static void draw_uniform(run_state *st, double *x)
{
    for (int j = 0; j < st->n; j++)
        x[j] = st->lower[j] + rng_uniform(&st->rng) * (st->upper[j] - st->lower[j]);
}

/* Duan's getpnt with idist = 2: x_j = sb_j + sigma_j·N(0,1), each coordinate redrawn until it
 * lies in [bl_j, bu_j]. Since sb is inside the box and sigma_j <= half the box width, each draw
 * lands inside with probability above 0.47, so the loop ends after about two draws. */
static void draw_gaussian(run_state *st, const double *centre, double *x)
{
    for (int j = 0; j < st->n; j++) {
        double z;
        do z = centre[j] + st->sigma[j] * rng_normal(&st->rng);
        while (z < st->lower[j] || z > st->upper[j]);
        x[j] = z;
    }
}

static void draw_mutation(run_state *st, const double *subcomplex_best, double *x)
{
    if (st->opt->mutation == SCEUA_MUTATION_GAUSSIAN)
        draw_gaussian(st, subcomplex_best, x);
    else
        draw_uniform(st, x);
}

static bool inside_box(const run_state *st, const double *x)
{
    for (int j = 0; j < st->n; j++)
        if (x[j] < st->lower[j] || x[j] > st->upper[j]) return false;
    return true;
}

/* Duan's parstt: per-parameter min, max and (population) standard deviation, and
 * gnrng = exp(mean_j ln(delta + (max_j − min_j)/(bu_j − bl_j))). Two-pass variance. */
static void population_statistics(run_state *st)
{
    double log_sum = 0;
    for (int j = 0; j < st->n; j++) {
        double low = INFINITY, high = -INFINITY, sum = 0, squares = 0;
        for (int i = 0; i < st->points; i++) {
            double v = row(st, st->order[i])[j];
            low = v < low ? v : low;
            high = v > high ? v : high;
            sum += v;
        }
        double mean = sum / st->points, width = st->upper[j] - st->lower[j];
        for (int i = 0; i < st->points; i++) {
            double d = row(st, st->order[i])[j] - mean;
            squares += d * d;
        }
        double sigma = sqrt(squares / st->points);
        st->sigma[j] = fmax(sigma, SIGMA_FLOOR * width);
        st->range_min[j] = low;
        st->range_max[j] = high;
        log_sum += log(GNRNG_DELTA + (high - low) / width);
    }
    st->gnrng = exp(log_sum / st->n);
}

/* ---- sorting ------------------------------------------------------------------------------------ */

/* Insertion sort of row indices by cost: the arrays are small (tens of points). */
static void sort_rows(const double *f, int *rows, int count)
{
    for (int i = 1; i < count; i++) {
        int r = rows[i], k = i;
        for (; k > 0 && f[rows[k - 1]] > f[r]; k--) rows[k] = rows[k - 1];
        rows[k] = r;
    }
}

/* Insertion sort of small integer arrays (sub-complex positions), ascending. */
static void sort_positions(int *positions, int count)
{
    for (int i = 1; i < count; i++) {
        int v = positions[i], k = i;
        for (; k > 0 && positions[k - 1] > v; k--) positions[k] = positions[k - 1];
        positions[k] = v;
    }
}

/* After the row at position `at` of a sorted list changed its cost, moves it to its place. */
static void resettle(const double *f, int *rows, int count, int at)
{
    int r = rows[at];
    for (; at > 0 && f[rows[at - 1]] > f[r]; at--) rows[at] = rows[at - 1];
    for (; at + 1 < count && f[rows[at + 1]] < f[r]; at++) rows[at] = rows[at + 1];
    rows[at] = r;
}

/* The shuffle: complex k holds positions k, k+p, k+2p, … of order, each complex sorted;
 * a p-way merge gives the whole population sorted (Duan sorts the merged array afresh). */
static void merge_complexes(run_state *st)
{
    int p = st->complexes;
    for (int k = 0; k < p; k++) st->heads[k] = 0;
    for (int out = 0; out < st->points; out++) {
        int chosen = -1;
        double chosen_f = 0;
        for (int k = 0; k < p; k++) {
            if (st->heads[k] >= st->npg) continue;
            double fk = st->f[st->order[st->heads[k] * p + k]];
            if (chosen < 0 || fk < chosen_f) chosen = k, chosen_f = fk;
        }
        st->scratch[out] = st->order[st->heads[chosen]++ * p + chosen];
    }
    int *swap = st->order;
    st->order = st->scratch;
    st->scratch = swap;
}

/* Duan's comp: with p complexes becoming p−1, the ranks p, 2p, … (1-based; those the last
 * complex would receive) leave the population, which stays sorted. */
static void drop_complex(run_state *st)
{
    int p = st->complexes, kept = 0;
    for (int r = 0; r < st->points; r++)
        if (r % p != p - 1) st->order[kept++] = st->order[r];
    st->complexes = p - 1;
    st->points = kept;
}

/* ---- competitive complex evolution ------------------------------------------------------------ */

/* q distinct positions of the m-point complex, drawn with the trapezoidal probability
 * rho_i = 2(m+1−i)/(m(m+1)), i = 1..m, by its inverse CDF
 * i = 1 + floor(m + 0.5 − sqrt((m+0.5)² − m(m+1)u)) (Duan et al. 1994 eq. for rho; the
 * Fortran's lcs selection), repeated until distinct, then sorted. */
static void pick_subcomplex(run_state *st)
{
    int m = st->npg, q = st->nps;
    if (q == m) {
        for (int k = 0; k < q; k++) st->picked[k] = k;
        return;
    }
    double half = m + 0.5, span = (double)m * (m + 1);
    for (int k = 0; k < q; k++) {
        int position;
        bool repeated;
        do {
            double u = rng_uniform(&st->rng);
            position = (int)floor(half - sqrt(half * half - span * u));
            if (position > m - 1) position = m - 1; /* only by rounding, u → 1 */
            repeated = false;
            for (int i = 0; i < k; i++) repeated |= st->picked[i] == position;
        } while (repeated);
        st->picked[k] = position;
    }
    sort_positions(st->picked, q);
}

/* Centroid of the sub-complex without its worst point (Duan's cce: ce). */
static void subcomplex_centroid(run_state *st)
{
    int q = st->nps;
    for (int j = 0; j < st->n; j++) st->centroid[j] = 0;
    for (int k = 0; k < q - 1; k++) {
        const double *p = row(st, st->complex[st->picked[k]]);
        for (int j = 0; j < st->n; j++) st->centroid[j] += p[j];
    }
    for (int j = 0; j < st->n; j++) st->centroid[j] /= q - 1;
}

/* One CCE step (Duan's cce, Duan et al. 1994 Fig. 2): reflect the sub-complex's worst point
 * through the centroid of the others (alpha = 1); outside the box, a mutation point instead.
 * If no better than the worst, contract halfway (beta = 0.5); if still no better, a mutation
 * point replaces the worst unconditionally. Ties are accepted (f_new <= f_w). When the budget
 * runs out after a failed trial, the worst point stays, as in the Fortran. */
static void cce_step(run_state *st)
{
    pick_subcomplex(st);
    int worst_at = st->picked[st->nps - 1];
    int worst = st->complex[worst_at];
    const double *best = row(st, st->complex[st->picked[0]]);
    double *w = row(st, worst), *trial = st->trial, fw = st->f[worst];
    long maxn = st->opt->maxn;
    subcomplex_centroid(st);
    for (int j = 0; j < st->n; j++) trial[j] = 2 * st->centroid[j] - w[j];
    if (!inside_box(st, trial)) draw_mutation(st, best, trial);
    double fnew = evaluate(st, trial);
    if (fnew > fw) {
        if (st->evaluations >= maxn) return;
        for (int j = 0; j < st->n; j++) trial[j] = 0.5 * (st->centroid[j] + w[j]);
        fnew = evaluate(st, trial);
        if (fnew > fw) {
            if (st->evaluations >= maxn) return;
            draw_mutation(st, best, trial);
            fnew = evaluate(st, trial);
        }
    }
    memcpy(w, trial, (size_t)st->n * sizeof *w);
    st->f[worst] = fnew;
    resettle(st->f, st->complex, st->npg, worst_at);
}

/* Deals complex k (ranks k, k+p, …), runs nspl CCE steps on it, puts it back. */
static void evolve_complex(run_state *st, int k)
{
    int p = st->complexes;
    for (int i = 0; i < st->npg; i++) st->complex[i] = st->order[i * p + k];
    for (int step = 0; step < st->opt->nspl && st->evaluations < st->opt->maxn; step++)
        cce_step(st);
    for (int i = 0; i < st->npg; i++) st->order[i * p + k] = st->complex[i];
}

/* ---- the run -------------------------------------------------------------------------------- */

/* ngs·npg points uniform in the box (Duan's getpnt, idist = 1), the first one x0 when given
 * (iniflg = 1), fewer when maxn is smaller; then sorted by cost. */
static void initial_population(run_state *st)
{
    int total = st->opt->ngs * st->npg;
    st->points = 0;
    for (int i = 0; i < total && st->evaluations < st->opt->maxn; i++) {
        double *x = row(st, i);
        if (i == 0 && st->opt->x0)
            memcpy(x, st->opt->x0, (size_t)st->n * sizeof *x);
        else
            draw_uniform(st, x);
        st->f[i] = evaluate(st, x);
        st->order[i] = i;
        st->points++;
    }
    sort_rows(st->f, st->order, st->points);
}

/* Duan's sceua: after loop L > kstop, stop when
 *   |f_{L−kstop} − f_L| / (|f_{L−kstop} + f_L| / 2) < pcento.
 * Guard for f → 0 (and for f = +inf): when the two values are equal the relative change is
 * taken as 0 (Duan's ratio would be 0/0 or inf/inf = NaN and never stop); otherwise the
 * denominator is (|a| + |b|)/2, which is positive whenever a ≠ b, so a best cost still
 * falling towards 0 (1e-8 → 1e-10) counts as improving. Halves are taken before adding so the
 * sum cannot overflow. */
static bool no_improvement(run_state *st, int loop, double best)
{
    int ring = st->opt->kstop + 1;
    st->history[loop % ring] = best;
    if (loop < ring) return false;
    double old = st->history[(loop - st->opt->kstop) % ring];
    if (old == best) return st->opt->pcento > 0;
    return fabs(old - best) < st->opt->pcento * (0.5 * fabs(old) + 0.5 * fabs(best));
}

/* The Fortran's order of tests after each loop: maxn, then pcento over kstop loops (not
 * after the initial population), then gnrng <= peps. */
static bool finished(run_state *st, int loop, sceua_stop *stop)
{
    if (st->evaluations >= st->opt->maxn) {
        *stop = SCEUA_STOP_MAX_EVALUATIONS;
        return true;
    }
    if (loop > 0 && no_improvement(st, loop, st->f[st->order[0]])) {
        *stop = SCEUA_STOP_NO_IMPROVEMENT;
        return true;
    }
    if (st->gnrng <= st->opt->peps) {
        *stop = SCEUA_STOP_PARAMETER_CONVERGED;
        return true;
    }
    return false;
}

static void trace_grow(sceua_trace *t, int n)
{
    int capacity = t->capacity ? 2 * t->capacity : 16;
    size_t rows = (size_t)capacity, cells = rows * (size_t)n;
    t->evaluations = dt_realloc(t->evaluations, rows * sizeof *t->evaluations);
    t->complexes = dt_realloc(t->complexes, rows * sizeof *t->complexes);
    t->best_f = dt_realloc(t->best_f, rows * sizeof *t->best_f);
    t->worst_f = dt_realloc(t->worst_f, rows * sizeof *t->worst_f);
    t->gnrng = dt_realloc(t->gnrng, rows * sizeof *t->gnrng);
    t->best_x = dt_realloc(t->best_x, cells * sizeof *t->best_x);
    t->x_min = dt_realloc(t->x_min, cells * sizeof *t->x_min);
    t->x_max = dt_realloc(t->x_max, cells * sizeof *t->x_max);
    t->capacity = capacity;
}

/* One trace row: what Duan's sceua prints per loop (trials, best f, worst f, par rng, best x)
 * plus the complex count and each parameter's population range. */
static void trace_record(const run_state *st, sceua_trace *t)
{
    if (t->count == t->capacity) trace_grow(t, st->n);
    int i = t->count++;
    size_t at = (size_t)i * (size_t)st->n, bytes = (size_t)st->n * sizeof(double);
    t->evaluations[i] = st->evaluations;
    t->complexes[i] = st->complexes;
    t->best_f[i] = st->f[st->order[0]];
    t->worst_f[i] = st->f[st->order[st->points - 1]];
    t->gnrng[i] = st->gnrng;
    memcpy(t->best_x + at, row(st, st->order[0]), bytes);
    memcpy(t->x_min + at, st->range_min, bytes);
    memcpy(t->x_max + at, st->range_max, bytes);
}

/* Shuffling loops until a stopping rule holds; returns the number of loops run. */
static int run_loops(run_state *st, sceua_result *result)
{
    const sceua_options *opt = st->opt;
    for (int loop = 0;; loop++) {
        if (loop > 0) {
            for (int k = 0; k < st->complexes && st->evaluations < opt->maxn; k++)
                evolve_complex(st, k);
            merge_complexes(st);
        }
        population_statistics(st);
        if (opt->record_trace) trace_record(st, &result->trace);
        if (finished(st, loop, &result->stop)) return loop;
        if (loop > 0 && st->complexes > opt->mings) drop_complex(st);
    }
}

int sceua_run(int n, const double *lower, const double *upper, sceua_cost cost, void *context,
              const sceua_options *opt, sceua_workspace *workspace, sceua_result *result,
              dt_error *err)
{
    if (!result) return dt_error_set(err, DT_ERR_USAGE, "sceua: result is NULL");
    memset(result, 0, sizeof *result);
    result->best_f = INFINITY;
    int status = check_arguments(n, lower, upper, cost, opt, err);
    if (status != DT_OK) return status;

    run_state st = {.n = n, .npg = opt->npg, .nps = opt->nps, .lower = lower, .upper = upper,
                    .cost = cost, .context = context, .opt = opt, .complexes = opt->ngs};
    sceua_workspace *ws = workspace ? workspace : sceua_workspace_create();
    workspace_carve(ws, &st);
    rng_seed(&st.rng, opt->seed, opt->stream);
    initial_population(&st);
    result->n = n;
    result->loops = run_loops(&st, result);
    result->evaluations = st.evaluations;
    result->best_f = st.f[st.order[0]];
    memcpy(result->best_x, row(&st, st.order[0]), (size_t)n * sizeof *result->best_x);
    if (!workspace) sceua_workspace_free(ws);
    return DT_OK;
}

void sceua_result_free(sceua_result *result)
{
    if (!result) return;
    sceua_trace *t = &result->trace;
    void *arrays[] = {t->evaluations, t->complexes, t->best_f, t->worst_f,
                      t->gnrng, t->best_x, t->x_min, t->x_max};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) free(arrays[i]);
    memset(t, 0, sizeof *t);
}

const char *sceua_stop_name(sceua_stop stop)
{
    switch (stop) {
    case SCEUA_STOP_MAX_EVALUATIONS: return "maximum evaluations";
    case SCEUA_STOP_NO_IMPROVEMENT: return "no improvement";
    case SCEUA_STOP_PARAMETER_CONVERGED: return "parameters converged";
    }
    return "unknown stop";
}

const char *sceua_mutation_name(sceua_mutation mutation)
{
    switch (mutation) {
    case SCEUA_MUTATION_GAUSSIAN: return "gaussian";
    case SCEUA_MUTATION_UNIFORM: return "uniform";
    }
    return "unknown mutation";
}
