/* thresholds_pooled.c — pooled decay: θ_ik = Δθ_i e^(−t_ik/τ_i) + θw, one θw for every drydown i of
 * a cell, each its own Δθ_i ≥ 0 and τ_i in [τ_min, τ_max] (issue 16; the per-event model is McColl
 * et al. 2017, GRL 44:3682, eq. 1).
 *
 * The profile. For fixed θw and τ_i the model is linear in Δθ_i: with z = y − θw and x = e^(−t/τ),
 * Δθ_i = max(0, Σxz) / Σx² and the event's SSE is g_i = Σz² − max(0, Σxz)² / Σx² (exact least
 * squares). Writing z = (y − ȳ) + d, d = ȳ − θw, every sum is a sum that does not depend on θw plus
 * d times another, so each event's sums are taken once per cell on a log-spaced grid of 24 τ, after
 * which g_i at any θw and grid τ costs a few operations. The grid's best basin is refined by
 * Newton's method on r = e^(−1/τ) (x = r^t: polynomials in r, derivatives in closed form),
 * safeguarded by bisection in the grid bracket and started from the vertex of the grid parabola or
 * from the τ the event had at the previous θw; it converges in one to three passes over the event
 * (a last step small enough is taken without one: PAPER_STEP).
 *
 * The outer problem. f(θw) = Σ_i min_τ g_i is a 1-D profile whose derivatives are exact: by the
 * envelope theorem f' = −2 Σ_i R_i, R_i the sum of event i's residuals, and by the implicit-function
 * theorem f'' = Σ_i (g_θθ − g_θr² / g_rr) (the second derivatives of g_i in θw and r at the event's
 * optimum). A 12-point scan of θw brackets the minimum; safeguarded Newton finds it, and the ends of
 * the profile-likelihood interval {θw : f ≤ f_min (1 + χ²₁(0.90) / (N − 2E − 1))} (Venzon &
 * Moolgavkar 1988; Seber & Wild 1989 §5.9) the same way, in about 20 profile evaluations in all.
 *
 * The interval is the wider of that one and θw ± t₀.₉₅(E − 1) SE with the cluster-robust (sandwich)
 * SE of an M-estimator, SE² = Σ_i ψ_i² / (f'')² · E/(E − 1) with ψ_i = −2 R_i the events' scores
 * (Huber 1967; Liang & Zeger 1986), which holds when errors are shared within an event; t with E − 1
 * degrees of freedom, as for any variance estimated from E clusters (Cameron & Miller 2015 §VI). */
#include "thresholds_pooled.h"
#include "student_t.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    GRID = 24,            /* log-spaced τ where each event's sums are tabulated */
    SLOT_N = 0, SLOT_MEAN, SLOT_SST, SLOT_R, SLOT_R_THETA_W, SLOT_R_SLOPE, SLOT_SCORE, SLOT_BASIN, /* per event, then the sums */
    SLOT_SX = 8,                  /* [GRID] Σx at each grid τ (each row aligned for vector loops) */
    SLOT_INV_SXX = SLOT_SX + GRID, /* [GRID] 1/Σx² */
    SLOT_SXY = SLOT_INV_SXX + GRID, /* [GRID] Σx(y − ȳ) */
    STRIDE = SLOT_SXY + GRID,
    BLOCK = 6,            /* grid τ whose sums are built together (three pairs) */
    THETA_SCAN = 12,      /* θw points that bracket the minimum */
    GAP_POWERS = 8,
    GAP_TABLE = 32        /* the longest gap an event's table of gaps holds (else gap_power) */
};

/* [m3 m-3] Newton's last step on θw: below it the estimate is taken. θw is written as a float
 * (7.5e-9 apart near 0.1) and its 90 % interval is about 0.01 wide; a tolerance of 1e-9 changed
 * the float written in a quarter of the cells with the starting point (the inner fits' own
 * convergence limits it), so the extra Newton step it took bought no accuracy. */
static const double THETA_W_TOLERANCE = 1e-7;

/* A Newton step on r that would lower the event's SSE by at most this fraction of it is taken
 * without another pass over the event: r moves by the step, the SSE falls by what the quadratic
 * predicts, and the residual sum R by its derivative (−g_θr / 2) times the step. Newton converges
 * quadratically, so what the pass would still have found is about the square of that, below the
 * 1e-12 of the convergence test; the second derivatives kept are those at the step's start, off by
 * the step's order. A fifth of the passes go (4.81 → 3.86 million on the demo's 2400 cells, 20
 * years each); θw and its interval's ends move by at most 1.5e-8 (a float's spacing there), in 37,
 * 65 and 41 of the cells. */
static const double PAPER_STEP = 1e-7;

/* two doubles as one vector (GCC's and Clang's vector extension: SSE2 on x86-64, NEON on arm64) */
typedef double pair __attribute__((vector_size(2 * sizeof(double))));
typedef long long pair_flags __attribute__((vector_size(2 * sizeof(long long)))); /* a comparison of pairs */

typedef struct {
    const thresholds_work *w;
    double *cache;        /* [events][STRIDE] */
    size_t events;
    double r[GRID];       /* e^(−1/τ) of the grid */
    double last_theta_w, last_curvature; /* the last profile evaluation (its scores are in the slots) */
    const unsigned char *gap; /* [points] days since each point's previous one (in the work space after
                                 the cache), or NULL: a gap beyond GAP_TABLE */
    int longest;          /* the longest of them */
} pooled_problem;

/* r^gap for a whole number of days, from of[g] = r^g (g ≤ GAP_POWERS) */
static double gap_power(const double *of, double r, double gap)
{
    if (gap <= GAP_POWERS) return of[(int)gap];
    double value = of[GAP_POWERS];
    for (double g = GAP_POWERS; g < gap; g += 1.0) value *= r;
    return value;
}

static void powers_of(double r, double *of)
{
    of[0] = 1.0;
    for (int g = 1; g <= GAP_POWERS; g++) of[g] = of[g - 1] * r;
}

/* of[g] = r^g up to g = longest, by the same products as gap_power */
static void powers_up_to(double r, int longest, double *of)
{
    powers_of(r, of);
    for (int g = GAP_POWERS + 1; g <= longest; g++) of[g] = of[g - 1] * r;
}

/* Each point's gap as a small whole number (so a pass indexes r^gap without converting it), after
 * the cache in the work space; none when a gap is longer than GAP_TABLE (no gap rule). */
static void prepare_gaps(pooled_problem *p, const thresholds_work *w, size_t events)
{
    unsigned char *gap = (unsigned char *)(p->cache + events * STRIDE);
    p->gap = gap, p->longest = 0;
    for (size_t e = 0; e < events; e++) {
        gap[w->first[e]] = 0;
        for (size_t k = w->first[e] + 1; k < w->first[e + 1]; k++) {
            double days = w->t[k] - w->t[k - 1];
            if (!(days >= 0 && days <= GAP_TABLE)) {
                p->gap = NULL;
                return;
            }
            gap[k] = (unsigned char)days;
            if (gap[k] > p->longest) p->longest = gap[k];
        }
    }
}

/* Σx, 1/Σx², Σx(y − ȳ) of one event at the grid τ j0 … j0 + BLOCK − 1, into its slots: x = r^t
 * multiplied on by r^gap from the table power[gap][j] (past it, as gap_power makes it). The block's
 * sums are pairs held in registers (the same products and sums as one τ at a time). */
static void grid_block_sums(const pooled_problem *p, const double (*power)[GRID], const double *t, const double *y,
                            size_t n, double mean, int j0, double *c)
{
    enum { PAIRS = BLOCK / 2 };
    pair x[PAIRS], sx[PAIRS], sxx[PAIRS], sxy[PAIRS];
#pragma GCC unroll 4
    for (int i = 0; i < PAIRS; i++) x[i] = (pair){1, 1}, sx[i] = x[i], sxx[i] = x[i], sxy[i] = (pair){y[0] - mean, y[0] - mean};
    for (size_t k = 1; k < n; k++) {
        double gap = t[k] - t[k - 1], yc = y[k] - mean, step[BLOCK];
        const double *by = power[gap <= GAP_POWERS ? (int)gap : 0] + j0;
        if (gap > GAP_POWERS) { /* a long gap (no gap rule) */
            for (int j = 0; j < BLOCK; j++) {
                step[j] = power[GAP_POWERS][j0 + j];
                for (double g = GAP_POWERS; g < gap; g += 1.0) step[j] *= p->r[j0 + j];
            }
            by = step;
        }
#pragma GCC unroll 4
        for (int i = 0; i < PAIRS; i++) {
            pair factor;
            memcpy(&factor, by + 2 * i, sizeof factor);
            x[i] *= factor;
            sx[i] += x[i], sxx[i] += x[i] * x[i], sxy[i] += x[i] * yc;
        }
    }
#pragma GCC unroll 4
    for (int i = 0; i < PAIRS; i++)
        for (int l = 0; l < 2; l++) {
            int j = j0 + 2 * i + l;
            c[SLOT_SX + j] = sx[i][l], c[SLOT_INV_SXX + j] = 1.0 / sxx[i][l], c[SLOT_SXY + j] = sxy[i][l];
        }
}

/* Each event's size, mean and SST, and Σx, 1/Σx², Σx(y − ȳ) at every grid τ: one pass over the
 * event's points, all grid τ at once (x = r^t multiplied on by r^gap from a table). */
static void prepare(pooled_problem *p, thresholds_work *w, size_t events, double tau_min, double tau_max)
{
    size_t points = events ? w->first[events] : 0;
    size_t need = events * STRIDE + (points + sizeof(double) - 1) / sizeof(double); /* and the gaps */
    if (need > w->pooled_capacity) {
        w->pooled_capacity = need + 64 * STRIDE;
        w->pooled = dt_realloc(w->pooled, w->pooled_capacity * sizeof *w->pooled);
    }
    p->w = w, p->cache = w->pooled, p->events = events, p->last_theta_w = NAN, p->last_curvature = NAN;
    prepare_gaps(p, w, events);
    double power[GAP_POWERS + 1][GRID]; /* power[g][j] = r_j^g */
    for (int j = 0; j < GRID; j++) {
        double of[GAP_POWERS + 1];
        p->r[j] = exp(-1.0 / (tau_min * pow(tau_max / tau_min, (double)j / (GRID - 1))));
        powers_of(p->r[j], of);
        for (int g = 0; g <= GAP_POWERS; g++) power[g][j] = of[g];
    }
    for (size_t e = 0; e < events; e++) {
        double *c = p->cache + e * STRIDE;
        const double *t = w->t + w->first[e], *y = w->y + w->first[e];
        size_t n = w->first[e + 1] - w->first[e];
        double mean = 0, sst = 0;
        for (size_t k = 0; k < n; k++) mean += y[k];
        mean /= (double)n;
        for (size_t k = 0; k < n; k++) sst += (y[k] - mean) * (y[k] - mean);
        c[SLOT_N] = (double)n, c[SLOT_MEAN] = mean, c[SLOT_SST] = sst, c[SLOT_R] = NAN, c[SLOT_R_THETA_W] = NAN, c[SLOT_R_SLOPE] = 0, c[SLOT_SCORE] = 0, c[SLOT_BASIN] = -1;
        for (int j0 = 0; j0 < GRID; j0 += BLOCK) /* a block of grid τ at a time: its sums stay in registers */
            grid_block_sums(p, power, t, y, n, mean, j0, c);
    }
}

/* One event at θw (d = ȳ − θw) and r: g and its derivatives in r, and what the outer problem needs. */
typedef struct {
    double g, g1, g2;     /* SSE, dSSE/dr, d²SSE/dr² */
    double residual;      /* Σ (z − Δθ x) */
    double sum_z2;        /* Σ z² */
    double g_ww, g_wr;    /* ∂²SSE/∂θw², ∂²SSE/∂θw∂r */
    int flat;             /* Σxz ≤ 0: Δθ = 0 and the SSE does not depend on r */
} event_point;

static void event_point_at(const pooled_problem *p, size_t e, double d, double r, event_point *o)
{
    const double *c = p->cache + e * STRIDE;
    const double *t = p->w->t + p->w->first[e], *y = p->w->y + p->w->first[e];
    size_t n = (size_t)c[SLOT_N];
    const unsigned char *gap = p->gap ? p->gap + p->w->first[e] : NULL;
    double mean = c[SLOT_MEAN], of[GAP_TABLE + 1], x = 1;
    powers_up_to(r, gap ? p->longest : GAP_POWERS, of);
    /* the sums in pairs, one vector operation for two (the same products and sums as one at a time):
     * (Σx, Σx²), (Σxt, Σx²t), (Σxt², Σx²t²), (Σxt·yc, Σxt²·yc), with yc = y − ȳ; Σx·yc alone */
    pair by_x = {1, 1}, by_t = {0, 0}, by_tt = {0, 0}, by_y = {0, 0};
    double b0 = y[0] - mean;
    for (size_t k = 1; k < n; k++) {
        x *= gap ? of[gap[k]] : gap_power(of, r, t[k] - t[k - 1]);
        double tk = t[k], yc = y[k] - mean;
        pair v = {x, x * x}, vt = v * tk, vtt = vt * tk, ty = {vt[0], vtt[0]};
        by_x += v, by_t += vt, by_tt += vtt, by_y += ty * yc;
        b0 += x * yc;
    }
    double a0 = by_x[0], a1 = by_t[0], a2 = by_tt[0], b1 = by_y[0], b2 = by_y[1], q0 = by_x[1], q1 = by_t[1], q2 = by_tt[1];
    double nn = (double)n, big_c = c[SLOT_SST] + nn * d * d;
    double pp = b0 + d * a0;
    o->flat = !(pp > 0);
    o->sum_z2 = big_c;
    if (o->flat) {
        o->g = big_c, o->g1 = 0, o->g2 = 0, o->residual = nn * d, o->g_ww = 2 * nn, o->g_wr = 0;
        return;
    }
    double inv_r = 1.0 / r, p1 = (b1 + d * a1) * inv_r, p2 = ((b2 - b1) + d * (a2 - a1)) * inv_r * inv_r;
    double q = q0, dq = 2 * q1 * inv_r, d2q = 2 * (2 * q2 - q1) * inv_r * inv_r, a0r = a1 * inv_r;
    double delta = pp / q;
    o->g = big_c - pp * delta;
    if (o->g < 0) o->g = 0;
    o->g1 = -2 * delta * p1 + delta * delta * dq;
    o->g2 = -2 * (p1 * p1 + pp * p2) / q + 4 * delta * p1 * dq / q + delta * delta * d2q - 2 * delta * delta * dq * dq / q;
    o->residual = nn * d - delta * a0;
    o->g_ww = 2 * (nn - a0 * a0 / q);
    o->g_wr = 2 * (p1 * a0 / q + delta * a0r - delta * a0 * dq / q);
}

/* The event's least SSE over τ at θw: refined from the grid's best basin; *out at the optimum,
 * *curvature its share of f''. */
typedef struct {
    double sse, residual, curvature;
} event_fit;

static void refine_basin(pooled_problem *p, size_t e, double d, const double *h, int j, event_point *best, double *best_r,
                         int *at_edge)
{
    double lo = p->r[j > 0 ? j - 1 : 0], hi = p->r[j < GRID - 1 ? j + 1 : GRID - 1], r = p->r[j];
    if (h && j > 0 && j < GRID - 1) { /* the vertex of the grid parabola in r */
        double x0 = lo - r, x2 = hi - r, f0 = h[j - 1] - h[j], f2 = h[j + 1] - h[j];
        double den = x0 * f2 - x2 * f0;
        if (den != 0) {
            double v = r + 0.5 * (x0 * x0 * f2 - x2 * x2 * f0) / den;
            if (v > lo && v < hi) r = v;
        }
    }
    /* the event's τ at a nearby θw, moved along dr/dθw = −g_θr / g_rr (the implicit-function
     * theorem), is the better start: Newton then usually converges at once */
    const double *c = p->cache + e * STRIDE;
    double step = (c[SLOT_MEAN] - d) - c[SLOT_R_THETA_W], warm = c[SLOT_R] + step * c[SLOT_R_SLOPE];
    if (warm > lo && warm < hi && fabs(step) < 0.003) r = warm;
    event_point o;
    int edge = 0;
    const double r_min = p->r[0], r_max = p->r[GRID - 1];
    for (int iteration = 0; iteration < 60; iteration++) {
        event_point_at(p, e, d, r, &o);
        if (o.flat) { /* this r gives Δθ = 0: the grid point's side has the basin */
            if (r < p->r[j]) lo = r;
            else hi = r;
            r = 0.5 * (lo + hi);
            continue;
        }
        /* at an end of the τ range with the slope pointing out of it: the minimum is there */
        if ((r == r_min && o.g1 >= 0) || (r == r_max && o.g1 <= 0)) {
            edge = 1;
            break;
        }
        /* converged: the Newton step would lower the SSE by less than 1e-12 of it (or than the
         * rounding of its formula, which cancels Σz² against Σ(xz)²/Σx²) */
        if (o.g2 > 0 && 0.5 * o.g1 * o.g1 <= (1e-12 * o.g + 1e-15 * o.sum_z2) * o.g2) break;
        if (o.g1 > 0) hi = r;
        else lo = r;
        double newton = o.g2 > 0 ? r - o.g1 / o.g2 : NAN, next = newton;
        if (lo == r_min && !(next > lo)) next = r_min; /* try the end itself */
        else if (hi == r_max && !(next < hi)) next = r_max;
        else if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (hi - lo < 1e-14 || next == r) break;
        if (next == newton && 0.5 * o.g1 * o.g1 <= (PAPER_STEP * o.g + 1e-15 * o.sum_z2) * o.g2) {
            /* the last step, taken on paper (PAPER_STEP) */
            double step = next - r;
            o.g = fmax(0.0, o.g - 0.5 * o.g1 * o.g1 / o.g2);
            o.residual -= 0.5 * o.g_wr * step;
            o.g1 = 0;
            r = next;
            break;
        }
        r = next;
    }
    if (o.flat || !(o.g <= best->g)) return;
    *best = o, *best_r = r, *at_edge = edge;
}

/* h[j] = g − Σz² at each grid τ: −max(0, Σxz)² / Σx² (the cached sums, d = ȳ − θw) */
static void grid_gains(const double *restrict c, double d, double *restrict h)
{
    for (int j = 0; j < GRID; j++) {
        double pp = c[SLOT_SXY + j] + d * c[SLOT_SX + j], kept = 0.5 * (pp + fabs(pp)); /* pp if > 0, else 0: no branch */
        h[j] = -kept * kept * c[SLOT_INV_SXX + j];
    }
}

/* Records the event's optimum at θw for the next evaluation's start and returns its part of f. */
static void keep_fit(double *c, double theta_w, const event_point *best, double best_r, int edge, int basin,
                     event_fit *out)
{
    c[SLOT_R] = best_r, c[SLOT_R_THETA_W] = theta_w;
    c[SLOT_R_SLOPE] = !edge && best->g2 > 0 ? -best->g_wr / best->g2 : 0.0;
    c[SLOT_BASIN] = edge ? -1 : basin;
    double curvature = best->g_ww;
    if (!edge && best->g2 > 0) curvature -= best->g_wr * best->g_wr / best->g2;
    *out = (event_fit){best->g, best->residual, curvature > 0 ? curvature : 0.0};
}

/* Within WARM_STEP of the event's last θw, inside the basin of the same grid τ and not at an end
 * of the τ range, the event's optimum is refined in that basin alone (no grid pass): Newton's
 * later steps on θw, and the interval's crossing searches, move θw by less than that, too little
 * for another basin of the grid to overtake it. The refined point must have converged strictly
 * inside the basin's bracket; otherwise the full search runs. */
static const double WARM_STEP = 1e-4;

static int refit_in_basin(pooled_problem *p, size_t e, double theta_w, event_fit *out)
{
    double *c = p->cache + e * STRIDE;
    int basin = (int)c[SLOT_BASIN];
    if (basin <= 0 || basin >= GRID - 1 || !(fabs(theta_w - c[SLOT_R_THETA_W]) < WARM_STEP)) return 0;
    double d = c[SLOT_MEAN] - theta_w, best_r = p->r[basin];
    event_point best = {.g = INFINITY};
    int edge = 0;
    refine_basin(p, e, d, NULL, basin, &best, &best_r, &edge);
    double lo = p->r[basin - 1], hi = p->r[basin + 1], margin = 1e-3 * (hi - lo);
    int converged = !edge && best.g2 > 0 && 0.5 * best.g1 * best.g1 <= (1e-12 * best.g + 1e-15 * best.sum_z2) * best.g2;
    if (!(best.g < INFINITY) || !converged || !(best_r > lo + margin && best_r < hi - margin)) return 0;
    keep_fit(c, theta_w, &best, best_r, edge, basin, out);
    return 1;
}

static void event_fit_at(pooled_problem *p, size_t e, double theta_w, event_fit *out)
{
    if (refit_in_basin(p, e, theta_w, out)) return;
    double *c = p->cache + e * STRIDE;
    double d = c[SLOT_MEAN] - theta_w, h[GRID];
    int minima[2] = {-1, -1};
    grid_gains(c, d, h);
    /* the two lowest local minima of the grid below zero (below the previous point, not above the
     * next), in the order of j: the candidates as bits first, without branches */
    unsigned candidates = (unsigned)(h[0] < 0 && h[0] <= h[1]) | (unsigned)(h[GRID - 1] < 0 && h[GRID - 1] < h[GRID - 2]) << (GRID - 1);
    for (int j = 1; j < GRID - 1; j += 2) { /* two grid points at once */
        pair here = {h[j], h[j + 1]}, before = {h[j - 1], h[j]}, after = {h[j + 1], h[j + 2]};
        pair_flags is = (here < 0) & (here < before) & (here <= after); /* −1 where true */
        candidates |= (unsigned)(is[0] & 1) << j | (unsigned)(is[1] & 1) << (j + 1);
    }
    for (; candidates; candidates &= candidates - 1) {
        int j = __builtin_ctz(candidates);
        if (minima[0] < 0 || h[j] < h[minima[0]]) minima[1] = minima[0], minima[0] = j;
        else if (minima[1] < 0 || h[j] < h[minima[1]]) minima[1] = j;
    }
    double nn = c[SLOT_N];
    if (minima[0] < 0) { /* Δθ = 0 at every τ: the event is flat above θw */
        c[SLOT_BASIN] = -1;
        *out = (event_fit){c[SLOT_SST] + nn * d * d, nn * d, 2 * nn};
        return;
    }
    /* never worse than the grid's best (beyond rounding): the refinements must beat it */
    double grid_sse = c[SLOT_SST] + nn * d * d + h[minima[0]];
    event_point best = {.g = INFINITY};
    double best_r = p->r[minima[0]];
    int edge = 0, basin = -1;
    for (int m = 0; m < 2 && minima[m] >= 0; m++) {
        double before = best.g;
        refine_basin(p, e, d, h, minima[m], &best, &best_r, &edge);
        if (best.g < before) basin = minima[m];
    }
    if (!(best.g <= grid_sse * (1 + 1e-12) + 1e-300)) { /* no refinement beat the grid */
        best_r = p->r[minima[0]];
        event_point_at(p, e, d, best_r, &best);
        edge = minima[0] == 0 || minima[0] == GRID - 1;
        basin = -1;
    }
    keep_fit(c, theta_w, &best, best_r, edge, basin, out);
}

/* f(θw), f'(θw), f''(θw); each event's score ψ_i = −2 R_i into its slot */
static double profile(pooled_problem *p, double theta_w, double *slope, double *curvature)
{
    double f = 0, s = 0, h = 0;
    for (size_t e = 0; e < p->events; e++) {
        event_fit fit;
        event_fit_at(p, e, theta_w, &fit);
        f += fit.sse, s += -2 * fit.residual, h += fit.curvature;
        p->cache[e * STRIDE + SLOT_SCORE] = -2 * fit.residual;
    }
    if (slope) *slope = s;
    if (curvature) *curvature = h;
    p->last_theta_w = theta_w, p->last_curvature = h;
    return f;
}

/* f(θw) on the τ grid alone (no pass over the points) at each θw of theta_w[count], into f: an upper
 * bound of f within the grid's resolution, enough to bracket the minimum and the interval's ends.
 * Event by event (each event's sums read once for every θw), each f summed in the events' order. */
static void profile_on_grid(const pooled_problem *p, const double *theta_w, int count, double *f)
{
    for (int k = 0; k < count; k++) f[k] = 0;
    for (size_t e = 0; e < p->events; e++) {
        const double *c = p->cache + e * STRIDE;
        for (int k = 0; k < count; k++) {
            double d = c[SLOT_MEAN] - theta_w[k], h[GRID];
            grid_gains(c, d, h);
            double part[4] = {0, 0, 0, 0}; /* four running minima: no chain of dependent comparisons */
            for (int j = 0; j < GRID; j += 4)
                for (int i = 0; i < 4; i++) part[i] = h[j + i] < part[i] ? h[j + i] : part[i];
            double low01 = part[0] < part[1] ? part[0] : part[1], low23 = part[2] < part[3] ? part[2] : part[3];
            double least = low01 < low23 ? low01 : low23;
            f[k] += c[SLOT_SST] + c[SLOT_N] * d * d + least;
        }
    }
}

double thresholds_pooled_sse(thresholds_work *w, size_t events, double theta_w, double tau_min, double tau_max)
{
    pooled_problem p;
    prepare(&p, w, events, tau_min, tau_max);
    return profile(&p, theta_w, NULL, NULL);
}

/* The minimum of f in [a, b] from x (f, slope, curvature there): Newton, safeguarded by bisection
 * on the slope's sign. */
static double minimise(pooled_problem *p, double a, double b, double x, double fx, double gx, double hx, double *f_min)
{
    for (int iteration = 0; iteration < 40; iteration++) {
        if (gx > 0) b = x;
        else a = x;
        double next = hx > 0 ? x - gx / hx : NAN;
        if (!(next > a && next < b)) next = 0.5 * (a + b);
        if (fabs(next - x) < THETA_W_TOLERANCE || b - a < THETA_W_TOLERANCE) break;
        double fn = profile(p, next, &gx, &hx);
        x = next, fx = fn;
    }
    *f_min = fx;
    return x;
}

/* Where f crosses level between inside (below it) and outside (above it): Newton on f − level from
 * the quadratic guess, safeguarded by bisection. */
static double crossing(pooled_problem *p, double inside, double outside, double guess, double level)
{
    double x = guess > fmin(inside, outside) && guess < fmax(inside, outside) ? guess : 0.5 * (inside + outside);
    for (int iteration = 0; iteration < 40; iteration++) {
        double g, f = profile(p, x, &g, NULL) - level;
        if (f > 0) outside = x;
        else inside = x;
        double next = g != 0 ? x - f / g : NAN;
        if (!(next > fmin(inside, outside) && next < fmax(inside, outside))) next = 0.5 * (inside + outside);
        if (fabs(next - x) < 1e-8 || fabs(outside - inside) < 1e-8) return next;
        x = next;
    }
    return x;
}

/* The crossing between the estimate and a scan point whose grid profile is above the level: the
 * exact profile is below the grid's, so when the crossing closes on the scan point itself the exact
 * value there decides whether the profile crosses at all before it (else the next scan point out). */
static int crossed(pooled_problem *p, double inside, double outside, double guess, double level, double *end)
{
    double x = crossing(p, inside, outside, guess, level);
    if (fabs(x - outside) < 1e-7 && !(profile(p, outside, NULL, NULL) > level)) return 0;
    *end = x;
    return 1;
}

/* The profile interval's end on one side of the estimate (side −1: below, +1: above): from the
 * first scan point beyond the level on that side (the grid profile is above the exact one, so the
 * exact one is checked there); NaN when there is none: the profile stays within the level down to
 * θw = 0 or up to the top of the scan. */
static double profile_end(pooled_problem *p, const double *grid, const double *f, double estimate, double half,
                          double level, int side)
{
    double end;
    if (side < 0) {
        for (int k = THETA_SCAN - 1; k >= 0; k--)
            if (grid[k] < estimate && f[k] > level && crossed(p, estimate, grid[k], estimate - half, level, &end)) return end;
        return NAN;
    }
    for (int k = 0; k < THETA_SCAN; k++)
        if (grid[k] > estimate && f[k] > level && crossed(p, estimate, grid[k], estimate + half, level, &end)) return end;
    return NAN;
}

/* Does the sandwich's end at x make the interval's end there, without searching the profile's? Yes
 * when the exact profile at x is above the level, falling towards the estimate, and far enough
 * above it that the profile's crossing is not within the crossing search's tolerance of x (at
 * least 1e-6 away, had the profile the slope it has at x all the way): the profile, unimodal
 * between its minimum and x, then crosses the level strictly between them, inside the sandwich. */
static int sandwich_decides(pooled_problem *p, double x, double estimate, double level)
{
    double slope, f = profile(p, x, &slope, NULL);
    if (!((x - estimate) * slope > 0)) return 0;
    return f - level > 1e-6 * fabs(slope);
}

void thresholds_pooled_fit(const thresholds_options *o, thresholds_work *w, size_t events, double lowest,
                           thresholds_result *r)
{
    pooled_problem p;
    prepare(&p, w, events, o->tau_min, o->tau_max);
    size_t points = w->first[events];
    /* θw from 0 to a little above the lowest value (noise lets θw sit above some observations):
     * the scan on the τ grid brackets the minimum, Newton on the exact profile finds it. "A little"
     * is 0.03, or 5 σ in a noisier series: the lowest of a few thousand noisy values lies about
     * σ √(2 ln N) ≈ 4 σ below the curve it scatters about, so a narrower scan would cut off a true
     * θw that the series' noise alone put above its lowest value. */
    double reach = isfinite(r->noise) ? fmax(0.03, 5.0 * r->noise) : 0.03;
    double top = lowest + reach, grid[THETA_SCAN], f[THETA_SCAN];
    int best = 0;
    for (int k = 0; k < THETA_SCAN; k++) grid[k] = top * k / (THETA_SCAN - 1);
    profile_on_grid(&p, grid, THETA_SCAN, f);
    for (int k = 0; k < THETA_SCAN; k++)
        if (f[k] < f[best]) best = k;
    /* the first exact evaluation: at an end of the scan its own point (the slope there says whether
     * the minimum is at the end), inside it the vertex of the parabola through the scan's three
     * lowest points, which saves Newton about one step from the scan point */
    double start = grid[best];
    if (best > 0 && best < THETA_SCAN - 1) {
        double spacing = grid[1] - grid[0], bend = f[best - 1] - 2 * f[best] + f[best + 1];
        if (bend > 0) start = grid[best] + 0.5 * spacing * (f[best - 1] - f[best + 1]) / bend;
    }
    double slope, curvature, f_min = profile(&p, start, &slope, &curvature), estimate = start;
    if (!(best == 0 && slope >= 0) && !(best == THETA_SCAN - 1 && slope <= 0)) {
        double a = grid[best > 0 ? best - 1 : 0], b = grid[best < THETA_SCAN - 1 ? best + 1 : best], found;
        double x = minimise(&p, a, b, start, f_min, slope, curvature, &found);
        if (found < f_min) estimate = x, f_min = found;
    }
    double dof = (double)points - 2.0 * (double)events - 1.0;
    double level = f_min * (1.0 + 2.7055 / (dof > 1 ? dof : 1)); /* χ²₁(0.90) = 2.7055 */
    /* the robust standard error at the estimate (its scores and curvature: those of the last
     * evaluation when it was there) */
    double h_at = p.last_curvature;
    if (p.last_theta_w != estimate) profile(&p, estimate, NULL, &h_at);
    double scores2 = 0;
    for (size_t e = 0; e < events; e++) scores2 += p.cache[e * STRIDE + SLOT_SCORE] * p.cache[e * STRIDE + SLOT_SCORE];
    /* its 90 % half-width takes t with E − 1 degrees of freedom, not the normal 1.645: the sandwich
     * estimates the variance from E drydowns, and with 5–15 of them it is itself uncertain (the demo
     * twins' first 365 days: coverage 84.9 → 87.3 % on SR06, 83.7 → 87.0 % on CH78; on 10 years,
     * 76 drydowns a cell, t is 1.665 and coverage 89.5 → 89.9 %) */
    double robust = h_at > 0 && events > 1
                        ? student_t_quantile(0.95, events - 1) * sqrt(scores2 * (double)events / (double)(events - 1)) / h_at
                        : INFINITY;
    /* the interval is the wider of the profile one and the sandwich: where the exact profile is
     * already above the level at the sandwich's end, the profile's end lies inside it and the wider
     * is the sandwich's (sandwich_decides); else the profile's end is searched (profile_end) */
    double half = h_at > 0 ? sqrt(2 * (level - f_min) / h_at) : 0; /* the quadratic guess of the ends */
    double low, high;
    if (isfinite(robust)) {
        /* below ≤ 0: the interval reaches θw = 0, unbounded below either way; above ≥ top: the
         * profile's end, at most the top of the scan, is inside the sandwich's */
        double below = estimate - robust, above = estimate + robust;
        if (!(below > 0)) low = NAN;
        else if (sandwich_decides(&p, below, estimate, level)) low = below;
        else {
            low = profile_end(&p, grid, f, estimate, half, level, -1);
            if (!isnan(low)) low = fmin(low, below); /* no crossing: unbounded below */
        }
        if (above >= top || sandwich_decides(&p, above, estimate, level)) high = above;
        else {
            high = profile_end(&p, grid, f, estimate, half, level, +1);
            high = fmax(isnan(high) ? top : high, above);
        }
    } else {
        low = profile_end(&p, grid, f, estimate, half, level, -1);
        high = profile_end(&p, grid, f, estimate, half, level, +1);
        if (isnan(high)) high = top;
    }
    r->theta_w = estimate;
    r->theta_w_low = low;
    r->theta_w_high = high;
    /* the profile still falling at the top of the scan: its minimum lies above the lowest value by
     * more than noise explains, and the estimate would sit on the scan's arbitrary edge — no θw is
     * identified (the status reports the series' bound instead) */
    r->above_data = !(estimate < top);
    if (r->above_data) r->theta_w = r->theta_w_low = r->theta_w_high = NAN;
}
