/* thresholds_loss.c — the loss function of a cell's drydowns (Akbar et al. 2018, WRR 54:1476;
 * McColl et al. 2017, GRL 44:3682, fig. 1): the rate of loss L = −dθ/dt against θ is 0 below θw,
 * rises linearly from θw to θ*, and stays at its maximum Lmax above θ*:
 *
 *     L(θ) = Lmax · g(θ),   g = 0 (θ ≤ θw),  (θ − θw)/(θ* − θw) (θw < θ < θ*),  1 (θ ≥ θ*)
 *
 * Data: every pair of successive observations inside a kept drydown gives L = (θ_k − θ_k+1)/Δt
 * at the pair's mean θ. With independent retrieval errors of variance σ², L's error has variance
 * 2σ²/Δt² and is uncorrelated with the mean's (covariance (σ² − σ²)/(2Δt) = 0), so pairs are weighted
 * by Δt². For an exponential decay the secant's loss is proportional to θ_mid − θw, so L is 0 at θw
 * exactly whatever the gaps.
 *
 * For fixed (θw, θ*) the model is linear in Lmax: weighted least squares in closed form from prefix
 * sums over the pairs sorted by θ (O(log M) per evaluation). θw and θ* are found by profiling: each
 * is scanned and refined by golden section with the other minimised the same way. Intervals: the
 * profile-likelihood ones at 90 %, {SSE ≤ SSE_min (1 + χ²₁(0.90)/(M − 3))}. */
#include "thresholds_loss.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { SUMS = 6, MIN_INCREMENTS = 20, SCAN = 40, GOLDEN = 20, CROSSING = 14 };
static const double golden_ratio = 0.6180339887498949;

typedef struct {
    const double *x;   /* [m] sorted θ of each pair */
    const double *s;   /* [(m + 1) × SUMS] prefix sums Σw, Σwx, Σwx², ΣwL, ΣwLx, ΣwL² */
    size_t m;
    double top;        /* [m3 m-3] largest θ */
} loss_data;

static size_t first_at_least(const loss_data *d, double value)
{
    size_t low = 0, high = d->m;
    while (low < high) {
        size_t mid = (low + high) / 2;
        if (d->x[mid] < value) low = mid + 1;
        else high = mid;
    }
    return low;
}

/* The weighted SSE at (θw, θ*) with Lmax ≥ 0 solved in closed form; *lmax gets it. */
static double loss_sse(const loss_data *d, double theta_w, double theta_star, double *lmax)
{
    size_t i1 = first_at_least(d, theta_w), i2 = first_at_least(d, theta_star), m = d->m;
    const double *a = d->s + SUMS * i1, *b = d->s + SUMS * i2, *e = d->s + SUMS * m;
    double width = theta_star - theta_w;
    double sw = b[0] - a[0], swx = b[1] - a[1], swxx = b[2] - a[2], swl = b[3] - a[3], swlx = b[4] - a[4];
    double sgy = (swlx - theta_w * swl) / width + (e[3] - b[3]);
    double sgg = (swxx - 2.0 * theta_w * swx + theta_w * theta_w * sw) / (width * width) + (e[0] - b[0]);
    double total = e[5];
    if (!(sgg > 0) || !(sgy > 0)) {
        if (lmax) *lmax = 0.0;
        return total;
    }
    if (lmax) *lmax = sgy / sgg;
    return total - sgy * sgy / sgg;
}

/* The profile: the least SSE over the other parameter, θ* ∈ (θw, top] (star = 0) or θw ∈ [0, θ*) (star = 1). */
static double profile(const loss_data *d, double value, int star, double *other)
{
    double low = star ? 0.0 : value, high = star ? value : d->top, span = high - low;
    if (!(span > 0)) {
        *other = star ? 0.0 : d->top;
        return star ? loss_sse(d, 0.0, value + 1e-9, NULL) : loss_sse(d, value, value + 1e-9, NULL);
    }
    double grid[SCAN + 1], best_sse = INFINITY;
    int best = 0;
    for (int k = 0; k <= SCAN; k++) {
        grid[k] = star ? low + span * k / (SCAN + 1) : low + span * (k + 1) / (SCAN + 1); /* keeps θw < θ* */
        double f = star ? loss_sse(d, grid[k], value, NULL) : loss_sse(d, value, grid[k], NULL);
        if (f < best_sse) best_sse = f, best = k;
    }
    double a = grid[best > 0 ? best - 1 : 0], b = grid[best < SCAN ? best + 1 : SCAN];
    double c = b - golden_ratio * (b - a), e = a + golden_ratio * (b - a);
    double fc = star ? loss_sse(d, c, value, NULL) : loss_sse(d, value, c, NULL);
    double fe = star ? loss_sse(d, e, value, NULL) : loss_sse(d, value, e, NULL);
    for (int k = 0; k < GOLDEN; k++) {
        if (fc < fe) {
            b = e, e = c, fe = fc, c = b - golden_ratio * (b - a);
            fc = star ? loss_sse(d, c, value, NULL) : loss_sse(d, value, c, NULL);
        } else {
            a = c, c = e, fc = fe, e = a + golden_ratio * (b - a);
            fe = star ? loss_sse(d, e, value, NULL) : loss_sse(d, value, e, NULL);
        }
    }
    double f = fc < fe ? fc : fe;
    *other = fc < fe ? c : e;
    if (best_sse < f) f = best_sse, *other = grid[best];
    return f;
}

/* The minimum of the profile over [low, high] (scan and golden section); fills the scan. */
static double profile_minimum(const loss_data *d, int star, double low, double high, double *grid, double *sse,
                              double *at)
{
    int best = 0;
    double other;
    for (int k = 0; k <= SCAN; k++) {
        grid[k] = low + (high - low) * k / SCAN;
        sse[k] = profile(d, grid[k], star, &other);
        if (sse[k] < sse[best]) best = k;
    }
    double a = grid[best > 0 ? best - 1 : 0], b = grid[best < SCAN ? best + 1 : SCAN];
    double c = b - golden_ratio * (b - a), e = a + golden_ratio * (b - a);
    double fc = profile(d, c, star, &other), fe = profile(d, e, star, &other);
    for (int k = 0; k < GOLDEN; k++) {
        if (fc < fe) b = e, e = c, fe = fc, c = b - golden_ratio * (b - a), fc = profile(d, c, star, &other);
        else a = c, c = e, fc = fe, e = a + golden_ratio * (b - a), fe = profile(d, e, star, &other);
    }
    *at = fc < fe ? c : e;
    double f = fc < fe ? fc : fe;
    if (sse[best] < f) *at = grid[best], f = sse[best];
    return f;
}

static double crossing(const loss_data *d, int star, double inside, double outside, double level)
{
    double other;
    for (int k = 0; k < CROSSING; k++) {
        double m = 0.5 * (inside + outside);
        if (profile(d, m, star, &other) <= level) inside = m;
        else outside = m;
    }
    return 0.5 * (inside + outside);
}

/* The interval's ends around the estimate at; NaN where the profile stays within level to the edge. */
static void interval(const loss_data *d, int star, const double *grid, const double *sse, double at, double level,
                     double *low, double *high)
{
    *low = *high = NAN;
    for (int k = SCAN; k >= 0; k--)
        if (grid[k] < at && sse[k] > level) {
            *low = crossing(d, star, at, grid[k], level);
            break;
        }
    for (int k = 0; k <= SCAN; k++)
        if (grid[k] > at && sse[k] > level) {
            *high = crossing(d, star, at, grid[k], level);
            break;
        }
}

static int compare_first(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The pairs of successive observations, sorted by θ, and their prefix sums in work->sums. */
static size_t build(thresholds_work *w, size_t events, loss_data *d)
{
    size_t points = w->first[events], m = 0;
    if (points > w->increment_capacity) {
        w->increment_capacity = points + 256;
        w->x = dt_realloc(w->x, w->increment_capacity * sizeof *w->x);
        w->loss = dt_realloc(w->loss, w->increment_capacity * sizeof *w->loss);
        w->weight = dt_realloc(w->weight, w->increment_capacity * sizeof *w->weight);
    }
    if (points + 1 > w->sums_capacity) {
        w->sums_capacity = points + 257;
        w->sums = dt_realloc(w->sums, SUMS * w->sums_capacity * sizeof *w->sums);
    }
    double *triple = w->sums; /* (θ, L, weight) triples, sorted by θ, then spread out */
    for (size_t e = 0; e < events; e++)
        for (size_t k = w->first[e]; k + 1 < w->first[e + 1]; k++) {
            double dt = w->t[k + 1] - w->t[k];
            triple[3 * m] = 0.5 * (w->y[k] + w->y[k + 1]);
            triple[3 * m + 1] = (w->y[k] - w->y[k + 1]) / dt;
            triple[3 * m + 2] = dt * dt;
            m++;
        }
    qsort(triple, m, 3 * sizeof *triple, compare_first);
    for (size_t k = 0; k < m; k++) w->x[k] = triple[3 * k], w->loss[k] = triple[3 * k + 1], w->weight[k] = triple[3 * k + 2];
    double *s = w->sums;
    memset(s, 0, SUMS * sizeof *s);
    for (size_t k = 0; k < m; k++) {
        double x = w->x[k], l = w->loss[k], q = w->weight[k];
        const double *p = s + SUMS * k;
        double *n = s + SUMS * (k + 1);
        n[0] = p[0] + q, n[1] = p[1] + q * x, n[2] = p[2] + q * x * x;
        n[3] = p[3] + q * l, n[4] = p[4] + q * l * x, n[5] = p[5] + q * l * l;
    }
    *d = (loss_data){.x = w->x, .s = s, .m = m, .top = m ? w->x[m - 1] : 0.0};
    return m;
}

int thresholds_loss_fit(thresholds_work *w, size_t events, thresholds_result *r)
{
    loss_data d;
    size_t m = build(w, events, &d);
    if (m < MIN_INCREMENTS || !(d.top > 0)) return 0;
    r->points = m;
    double grid[SCAN + 1], sse[SCAN + 1], theta_w, theta_star;
    double sse_min = profile_minimum(&d, 0, 0.0, d.top, grid, sse, &theta_w);
    double level = sse_min * (1.0 + 2.7055 / (double)(m - 3)); /* χ²₁(0.90) = 2.7055 */
    profile(&d, theta_w, 0, &theta_star);
    loss_sse(&d, theta_w, theta_star, &r->loss_max);
    r->theta_w = theta_w;
    interval(&d, 0, grid, sse, theta_w, level, &r->theta_w_low, &r->theta_w_high);
    if (isnan(r->theta_w_high)) r->theta_w_high = d.top;
    /* θ*: its own profile over [θw's lower end or 0, top] */
    double star_grid[SCAN + 1], star_sse[SCAN + 1], star_at;
    profile_minimum(&d, 1, theta_w, d.top, star_grid, star_sse, &star_at);
    double star_low, star_high;
    interval(&d, 1, star_grid, star_sse, theta_star, level, &star_low, &star_high);
    r->theta_star_low = isnan(star_low) ? theta_w : star_low;
    if (isnan(star_high)) { /* no plateau seen: θ* is at least its interval's lower end */
        r->theta_star = r->theta_star_high = NAN;
    } else {
        r->theta_star = theta_star;
        r->theta_star_high = star_high;
    }
    return 1;
}
