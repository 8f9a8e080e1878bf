/* drydown_fit.c — exact profile least squares for θ(t) = Δθ·e^(−t/τ) + θw (McColl et al. 2017,
 * GRL 44:3682, eq. 1; science.md §1).
 *
 * For a fixed τ the model is linear in (Δθ, θw): with x_k = e^(−t_k/τ) the bounded least squares
 * (Δθ ≥ 0, lower ≤ θw ≤ upper) has a closed form (the interior normal equations, else the best
 * of the three edges of the feasible half-strip). That leaves the 1-D profile SSE(u), u = log τ.
 * Because the t_k are whole days, x_k = r^(t_k) with r = e^(−1/τ): one exp per τ, and none at
 * the scan points, whose powers are tabulated once per τ range.
 *
 * The search: the scan points bracket the best basin; Newton's method on dSSE/du = 0 refines it,
 * with the derivatives of the profile from the envelope theorem (for the minimised inner problem
 * dSSE/du = ∂SSE/∂u at the optimal (Δθ, θw), the bounds not depending on u) and the implicit
 * derivatives of the normal equations for the curvature; a step leaving the bracket, or a
 * non-positive curvature, is replaced by bisection (the safeguard of Press et al., Numerical
 * Recipes, 2nd ed., §9.4 "rtsafe"). */
#include "drydown_fit.h"

#include <math.h>

void drydown_fit_table_init(drydown_fit_table *table, double tau_min, double tau_max)
{
    table->tau_min = tau_min;
    table->tau_max = tau_max;
    double low = log(tau_min), step = (log(tau_max) - low) / (DRYDOWN_FIT_SCAN - 1);
    for (int s = 0; s < DRYDOWN_FIT_SCAN; s++) {
        table->log_tau[s] = low + step * s;
        table->rate[s] = exp(-table->log_tau[s]);
        double ratio = exp(-table->rate[s]), power = 1.0;
        for (size_t t = 0; t < DRYDOWN_FIT_TABLE_DAYS; t++) {
            table->power[t][s] = power;
            power *= ratio;
        }
    }
}

double drydown_fit_scan_power(const drydown_fit_table *table, int s, size_t t)
{
    const size_t last = DRYDOWN_FIT_TABLE_DAYS - 1;
    if (t <= last) return table->power[t][s];
    double value = table->power[t % last][s];
    for (size_t q = t / last; q > 0 && value > 0; q--) value *= table->power[last][s];
    return value;
}

/* ---- the linear problem at one τ ------------------------------------------------------------ */

/* Sums over the event at one τ, y centred on the event mean (so Σ y = 0 and Σ y² = SST). */
typedef struct {
    double n, syy;                /* points, Σ (y − ȳ)² */
    double sx, sxx, sxy;          /* Σ x, Σ x², Σ x (y − ȳ) */
    double lower, upper;          /* bounds of θw − ȳ */
} linear_sums;

typedef enum { ACTIVE_NONE, ACTIVE_THETA_W, ACTIVE_DELTA } active_set;

typedef struct {
    double sse, delta, theta_w;   /* θw centred */
    active_set active;
} linear_solution;

static double sse_of(const linear_sums *m, double a, double w)
{
    double sse = m->syy - 2 * a * m->sxy + a * a * m->sxx + 2 * a * w * m->sx + m->n * w * w;
    return sse > 0 ? sse : 0.0;
}

static double clamp(double v, double low, double high)
{
    return v < low ? low : v > high ? high : v;
}

/* Exact least squares in (Δθ, θw) under Δθ ≥ 0, lower ≤ θw ≤ upper: the interior solution when
 * feasible, else the best of the edges Δθ = 0, θw = lower, θw = upper (a convex problem: its
 * optimum is on the boundary when the unconstrained one is infeasible). */
static linear_solution solve_linear(const linear_sums *m)
{
    double cxx = m->sxx - m->sx * m->sx / m->n;
    if (cxx > 1e-15 * m->sxx) {
        double a = m->sxy / cxx, w = -a * m->sx / m->n;
        if (a >= 0 && w >= m->lower && w <= m->upper) {
            double sse = m->syy - a * m->sxy;
            return (linear_solution){sse > 0 ? sse : 0.0, a, w, ACTIVE_NONE};
        }
    }
    double w = clamp(0.0, m->lower, m->upper);
    linear_solution best = {sse_of(m, 0.0, w), 0.0, w, ACTIVE_DELTA};
    for (int edge = 0; edge < 2; edge++) {
        w = edge ? m->upper : m->lower;
        double a = m->sxx > 0 ? (m->sxy - w * m->sx) / m->sxx : 0.0;
        if (!(a > 0)) continue; /* Δθ = 0 on this edge: the Δθ = 0 edge covers it */
        double sse = sse_of(m, a, w);
        if (sse < best.sse) best = (linear_solution){sse, a, w, ACTIVE_THETA_W};
    }
    return best;
}

/* ---- the profile and its derivatives ----------------------------------------------------------- */

typedef struct {
    const drydown_fit_problem *p;
    double mean, sst;             /* ȳ, Σ (y − ȳ)² */
    double lower, upper;          /* bounds of θw − ȳ */
} event_data;

static void event_prepare(const drydown_fit_problem *p, event_data *e)
{
    double sum = 0, sst = 0;
    for (size_t k = 0; k < p->n; k++) sum += p->y[k];
    e->p = p;
    e->mean = sum / (double)p->n;
    for (size_t k = 0; k < p->n; k++) sst += (p->y[k] - e->mean) * (p->y[k] - e->mean);
    e->sst = sst;
    e->upper = p->upper - e->mean;
    e->lower = p->lower <= p->upper ? p->lower - e->mean : e->upper; /* crossed bounds: θw = upper */
}

/* The profile at rate p = 1/τ with its u-derivatives. x_k = r^(t_k), r = e^(−p), by repeated
 * multiplication over the whole days; q_k = t_k p, dx/du = x q, d²x/du² = x q (q − 1). */
static void profile_at_rate(const event_data *e, double rate, drydown_fit_point *out)
{
    const double *t = e->p->t, *y = e->p->y;
    double r = exp(-rate), x = 1.0, day = 0.0;
    double sx = 0, sxx = 0, sxy = 0, sxt = 0, sxxt = 0, sxyt = 0, sxtt = 0, sxxtt = 0, sxytt = 0;
    for (size_t k = 0; k < e->p->n; k++) {
        while (day < t[k]) x *= r, day += 1.0;
        double xx = x * x, xy = x * y[k], tk = t[k];
        sx += x, sxx += xx, sxy += xy;
        sxt += x * tk, sxxt += xx * tk, sxyt += xy * tk;
        sxtt += x * tk * tk, sxxtt += xx * tk * tk, sxytt += xy * tk * tk;
    }
    double ybar = e->mean;
    linear_sums m = {(double)e->p->n, e->sst, sx, sxx, sxy - ybar * sx, e->lower, e->upper};
    linear_solution s = solve_linear(&m);
    out->sse = s.sse;
    out->delta = s.delta;
    out->theta_w = s.theta_w + ybar;
    out->slope = out->curvature = 0.0;
    if (s.active == ACTIVE_DELTA) return; /* Δθ = 0: the model and the SSE do not depend on τ */
    double a = s.delta, w = s.theta_w, r2 = rate * rate;
    double sxq = rate * sxt, sxxq = rate * sxxt, sxyq = rate * (sxyt - ybar * sxt);
    double sxqq = r2 * sxtt, sxxqq = r2 * sxxtt, sxyqq = r2 * (sxytt - ybar * sxtt);
    double rq = sxyq - a * sxxq - w * sxq;      /* Σ residual · dx/du */
    double rqq = sxyqq - a * sxxqq - w * sxqq;  /* Σ residual · x q² */
    double da, dw = 0.0;                        /* d(Δθ)/du, d(θw)/du from the normal equations */
    double b1 = rq - a * sxxq, b2 = -a * sxq;
    if (s.active == ACTIVE_NONE) {
        double det = m.n * sxx - sx * sx;
        da = (m.n * b1 - sx * b2) / det;
        dw = (sxx * b2 - sx * b1) / det;
    } else {
        da = b1 / sxx;
    }
    out->slope = -2.0 * a * rq;
    out->curvature = -2.0 * (da * rq + a * (-da * sxxq - dw * sxq - a * sxxqq) + a * (rqq - rq));
}

void drydown_fit_profile(const drydown_fit_problem *problem, double tau, drydown_fit_point *point)
{
    event_data e;
    event_prepare(problem, &e);
    profile_at_rate(&e, 1.0 / tau, point);
}

/* ---- the scan ------------------------------------------------------------------------------ */

/* SSE at every scan point; the powers come from the table (products of its entries past it). */
static void scan(const drydown_fit_table *table, const event_data *e, double *sse)
{
    const drydown_fit_problem *p = e->p;
    double sx[DRYDOWN_FIT_SCAN] = {0}, sxx[DRYDOWN_FIT_SCAN] = {0}, sxy[DRYDOWN_FIT_SCAN] = {0};
    if (p->t[p->n - 1] < DRYDOWN_FIT_TABLE_DAYS) {
        for (size_t k = 0; k < p->n; k++) {
            const double *row = table->power[(size_t)p->t[k]];
            double y = p->y[k] - e->mean;
            for (int s = 0; s < DRYDOWN_FIT_SCAN; s++) {
                double x = row[s];
                sx[s] += x, sxx[s] += x * x, sxy[s] += x * y;
            }
        }
    } else {
        for (int s = 0; s < DRYDOWN_FIT_SCAN; s++)
            for (size_t k = 0; k < p->n; k++) {
                double x = drydown_fit_scan_power(table, s, (size_t)p->t[k]);
                sx[s] += x, sxx[s] += x * x, sxy[s] += x * (p->y[k] - e->mean);
            }
    }
    for (int s = 0; s < DRYDOWN_FIT_SCAN; s++) {
        linear_sums m = {(double)p->n, e->sst, sx[s], sxx[s], sxy[s], e->lower, e->upper};
        sse[s] = solve_linear(&m).sse;
    }
}

/* e^(−d): a (2,2) Padé approximant for the small steps near convergence (relative error below
 * d⁵/14400, < 1e-9 for |d| ≤ 0.1), exp otherwise. Only the iterate moves by it; the fit is
 * evaluated at whatever rate it reaches, so this changes no result, only the path. */
static double exp_minus(double d)
{
    if (fabs(d) > 0.1) return exp(-d);
    double d2 = d * d / 12.0;
    return (1.0 - 0.5 * d + d2) / (1.0 + 0.5 * d + d2);
}

/* Newton's method on dSSE/du = 0 over the rate p = e^(−u) in [rate_low, rate_high], from start,
 * safeguarded as rtsafe (Press et al., Numerical Recipes, 2nd ed., §9.4): bisection in u (the
 * geometric mean in p) when the Newton step leaves the bracket, the curvature is not positive, or
 * the step is not below half the one before last — the profile's curvature jumps where the active
 * set of bounds changes, and plain Newton can cycle across such a kink. Near the optimum
 * (|Δu| < 1e-3) the step is taken and the new point accepted when its own step is below 1e-5 —
 * in the quadratic regime it is far below. Returns the rate of the last evaluated point (*point). */
static double refine(const event_data *e, double rate_low, double rate_high, int low_is_edge, int high_is_edge,
                     double rate, drydown_fit_point *point, int *evaluations)
{
    const double near = 1e-3, accept = 1e-5; /* [-] steps in u = log τ */
    int final = 0;
    double step_before = log(rate_high / rate_low), step_last = step_before;
    for (int iteration = 0; iteration < 60; iteration++) {
        profile_at_rate(e, rate, point);
        ++*evaluations;
        double g = point->slope, h = point->curvature;
        if (g == 0.0) return rate;
        /* u = −log p: a positive slope in u wants a smaller u, i.e. a larger rate */
        if (g > 0) {
            if (high_is_edge && rate >= rate_high) return rate; /* the minimum is at τ_min */
            rate_low = rate;
        } else {
            if (low_is_edge && rate <= rate_low) return rate;   /* the minimum is at τ_max */
            rate_high = rate;
        }
        double step = h > 0 ? -g / h : INFINITY;
        if (final && fabs(step) < accept) return rate;
        double next = fabs(step) < 1.0 ? rate * exp_minus(step) : 0.0;
        step_before = step_last;
        if (!(next > rate_low && next < rate_high) || !(fabs(step) <= 0.5 * fabs(step_before))) {
            if (rate_high / rate_low < 1.0 + 1e-9) return rate; /* the bracket has closed */
            next = sqrt(rate_low * rate_high);
            step_last = log(rate / next);
            final = 0;
        } else {
            step_last = step;
            final = fabs(step) < near;
        }
        if (iteration == 59) break;
        rate = next;
    }
    return rate;
}

/* The scan's local minima (the first of a run of equal values), lowest first, at most `most`. */
static int scan_minima(const double *sse, int *minima, int most)
{
    int all[DRYDOWN_FIT_SCAN], count = 0;
    for (int s = 0; s < DRYDOWN_FIT_SCAN; s++) {
        if ((s > 0 && !(sse[s] < sse[s - 1])) || (s < DRYDOWN_FIT_SCAN - 1 && sse[s] > sse[s + 1])) continue;
        int at = count++;
        for (; at > 0 && sse[all[at - 1]] > sse[s]; at--) all[at] = all[at - 1];
        all[at] = s;
    }
    if (count > most) count = most;
    for (int m = 0; m < count; m++) minima[m] = all[m];
    return count;
}

/* Newton from one scan minimum: the bracket is its neighbours, the start the parabola's vertex. */
static double refine_from(const drydown_fit_table *table, const event_data *e, const double *sse, int best,
                          drydown_fit_point *point, int *evaluations)
{
    const int last = DRYDOWN_FIT_SCAN - 1;
    int below = best > 0 ? best - 1 : 0, above = best < last ? best + 1 : last;
    double rate = table->rate[best];
    if (best > 0 && best < last) {
        double curvature = sse[below] - 2 * sse[best] + sse[above];
        if (curvature > 0) {
            double shift = 0.5 * (table->log_tau[above] - table->log_tau[best]) * (sse[below] - sse[above]) / curvature;
            rate = exp(-(table->log_tau[best] + shift));
        }
    }
    return refine(e, table->rate[above], table->rate[below], above == last, below == 0, rate, point, evaluations);
}

void drydown_fit(const drydown_fit_table *table, const drydown_fit_problem *problem, drydown_fit_result *result)
{
    event_data e;
    event_prepare(problem, &e);
    result->sst = e.sst;
    result->evaluations = 0;
    if (!(e.sst > 0)) { /* a flat event: every τ fits it equally, none is meaningful */
        *result = (drydown_fit_result){NAN, NAN, NAN, 0.0, e.sst, 0};
        return;
    }
    double sse[DRYDOWN_FIT_SCAN];
    scan(table, &e, sse);
    /* every basin the scan sees is refined: two nearly equal minima are common in noisy events */
    enum { MOST = 4 };
    int minima[MOST] = {0}, count = scan_minima(sse, minima, MOST);
    drydown_fit_point best = {INFINITY, 0, 0, 0, 0}, point;
    double best_rate = table->rate[minima[0]];
    for (int m = 0; m < count; m++) {
        double rate = refine_from(table, &e, sse, minima[m], &point, &result->evaluations);
        if (point.sse < best.sse) best = point, best_rate = rate;
    }
    if (best.sse > sse[minima[0]]) { /* never worse than the scan */
        best_rate = table->rate[minima[0]];
        profile_at_rate(&e, best_rate, &best);
        result->evaluations++;
    }
    result->tau = 1.0 / best_rate;
    result->delta = best.delta;
    result->theta_w = best.theta_w;
    result->sse = best.sse;
}
