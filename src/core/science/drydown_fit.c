/* drydown_fit.c — exact profile least squares for θ(t) = Δθ·e^(−t/τ) + θw (McColl et al. 2017,
 * GRL 44:3682, eq. 1; science.md §1).
 *
 * For a fixed τ the model is linear in (Δθ, θw): with x_k = e^(−t_k/τ) the bounded least squares
 * (Δθ ≥ 0, lower ≤ θw ≤ upper) has a closed form (the interior normal equations, else the best
 * of the three edges of the feasible half-strip). That leaves a 1-D profile SSE(τ). Because the
 * t_k are whole days, x_k = r^(t_k) with r = e^(−1/τ): powers by multiplication, no exp at all
 * (the scan points' powers are tabulated once per τ range, drydown_scan.c).
 *
 * The search: every local minimum of the 12-point scan over log τ is refined (noisy events often
 * have two nearly equal basins) by Newton's method on dSSE/dr = 0 — on r the profile is closer
 * to a parabola than on log τ, and a step needs no exp or log — with the profile's derivatives
 * from the envelope theorem (for the minimised inner problem dSSE/dr = ∂SSE/∂r at the optimal
 * (Δθ, θw), as the bounds do not depend on r) and the implicit derivatives of the normal
 * equations for the curvature. The curvature jumps where the set of active bounds changes, so a
 * Newton step stops where θw reaches or leaves a bound, and a step leaving the bracket or not
 * shrinking is replaced by false position (Illinois rule) or bisection, the safeguard of rtsafe
 * (Press et al., Numerical Recipes, 2nd ed., §9.4). The last Newton step, below 1e-5 in log τ
 * (or once the measured contraction puts the SSE within 1e-18 of it), is taken with the profile
 * value only, so the fit ends within ~1e-10 in log τ of the optimum; the result is never worse
 * than the best scan point. */
#include "drydown_fit.h"

#include "drydown_scan.h"

#include <math.h>

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
    double inv_det;               /* 1 / (n Σx² − (Σx)²), the normal equations' determinant (0: singular) */
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

/* The edges of the feasible half-strip, when the interior optimum is not feasible (a convex
 * problem: its optimum is then on the boundary): the best of Δθ = 0, θw = lower, θw = upper. */
static void solve_on_edges(const linear_sums *m, linear_solution *s)
{
    double w = clamp(0.0, m->lower, m->upper);
    s->sse = sse_of(m, 0.0, w), s->delta = 0.0, s->theta_w = w, s->active = ACTIVE_DELTA;
    for (int edge = 0; edge < 2; edge++) {
        w = edge ? m->upper : m->lower;
        double a = m->sxx > 0 ? (m->sxy - w * m->sx) / m->sxx : 0.0;
        if (!(a > 0)) continue; /* Δθ = 0 on this edge: the Δθ = 0 edge covers it */
        double sse = sse_of(m, a, w);
        if (sse < s->sse) s->sse = sse, s->delta = a, s->theta_w = w, s->active = ACTIVE_THETA_W;
    }
}

/* Exact least squares in (Δθ, θw) under Δθ ≥ 0, lower ≤ θw ≤ upper: the interior solution of the
 * normal equations when feasible (one division, whose reciprocal of the determinant the
 * derivatives reuse), else the best edge. */
static inline void solve_linear(const linear_sums *m, linear_solution *s)
{
    double det = m->n * m->sxx - m->sx * m->sx; /* n · (Σx² − (Σx)²/n) */
    s->inv_det = det > 1e-15 * m->n * m->sxx ? 1.0 / det : 0.0;
    double a = m->n * m->sxy * s->inv_det, w = -m->sx * m->sxy * s->inv_det;
    if (s->inv_det != 0 && a >= 0 && w >= m->lower && w <= m->upper) {
        double sse = m->syy - a * m->sxy;
        s->sse = sse > 0 ? sse : 0.0, s->delta = a, s->theta_w = w, s->active = ACTIVE_NONE;
        return;
    }
    solve_on_edges(m, s);
}

/* ---- the profile and its derivatives ----------------------------------------------------------- */

enum { GAP_POWERS = 8 };           /* r^g is tabulated per evaluation for gaps g ≤ this */

/* two doubles as one vector (GCC's and Clang's vector extension: SSE2 on x86-64, NEON on arm64) */
typedef double pair __attribute__((vector_size(2 * sizeof(double))));

typedef struct {
    const drydown_fit_problem *p;
    double mean, sst;             /* ȳ, Σ (y − ȳ)² */
    double lower, upper;          /* bounds of θw − ȳ */
} event_data;

/* One pass over the event: the mean, and the SST from the values' offsets from the first value,
 * Σ d² − (Σ d)²/n with d = y − y0 (the offsets are of the event's range, so little cancels). */
static void event_prepare(const drydown_fit_problem *p, event_data *e)
{
    double y0 = p->y[0], sum = 0, squares = 0, n = (double)p->n;
    for (size_t k = 1; k < p->n; k++) {
        double d = p->y[k] - y0;
        sum += d;
        squares += d * d;
    }
    double sst = squares - sum * sum / n;
    e->p = p;
    e->mean = y0 + sum / n;
    e->sst = sst > 0 ? sst : 0.0;
    e->upper = p->upper - e->mean;
    e->lower = p->lower <= p->upper ? p->lower - e->mean : e->upper; /* crossed bounds: θw = upper */
}

/* The powers x_k = r^(t_k) come from x_(k−1) times r^(t_k − t_(k−1)) (x_0 = 1: t_0 = 0): of[g] =
 * r^g for g ≤ GAP_POWERS, a fixed number of multiplications per evaluation, so that neither the
 * table nor the loop over the points has a loop over days (whose varying length the branch
 * predictor cannot follow). */
static void gap_powers(double r, double *of)
{
    of[0] = 1.0;
#pragma GCC unroll 8
    for (int g = 1; g <= GAP_POWERS; g++) of[g] = of[g - 1] * r;
}

/* r^gap for a gap of whole days, from the table or, past it (rare), by repeated multiplication.
 * (The gap comes as a double and is converted to int: converting a double to size_t costs a
 * branch.) */
static double gap_power(const double *of, double r, double gap)
{
    if (gap <= GAP_POWERS) return of[(int)gap];
    double value = of[GAP_POWERS];
    for (double g = GAP_POWERS; g < gap; g += 1.0) value *= r;
    return value;
}

/* The sums the linear problem needs at r: Σ x, Σ x², Σ x y (y not centred). */
static void profile_sums(const event_data *e, double r, linear_sums *m)
{
    const double *t = e->p->t, *y = e->p->y;
    double of[GAP_POWERS + 1], x = 1.0, sx = 1, sxx = 1, sxy = y[0];
    gap_powers(r, of);
    for (size_t k = 1; k < e->p->n; k++) {
        x *= gap_power(of, r, t[k] - t[k - 1]);
        sx += x, sxx += x * x, sxy += x * y[k];
    }
    *m = (linear_sums){(double)e->p->n, e->sst, sx, sxx, sxy - e->mean * sx, e->lower, e->upper};
}

/* The profile at r = e^(−1/τ) without derivatives: the fit's last, checking step. */
static double profile_value(const event_data *e, double r, drydown_fit_point *out)
{
    linear_sums m;
    profile_sums(e, r, &m);
    linear_solution s;
    solve_linear(&m, &s);
    *out = (drydown_fit_point){s.sse, s.delta, s.theta_w + e->mean, 0.0, 0.0, 0.0, 0.0, 0.0};
    return s.sse;
}

/* The profile at r = e^(−1/τ) with its derivatives with respect to a variable v of which each x_k
 * is a function: dx/dv = x q_k with q_k = t_k · scale, and d²x/dv² = x (q_k² + bend · q_k).
 * For v = u = log τ: scale = 1/τ, bend = −1; for v = r itself: scale = 1/r, bend = −1/r. */
static void profile_at(const event_data *e, double r, double scale, double bend, drydown_fit_point *out)
{
    const double *t = e->p->t, *y = e->p->y;
    double of[GAP_POWERS + 1], x = 1.0;
    gap_powers(r, of);
    /* the first point: t = 0, x = 1. The sums with t and t² in pairs, one vector operation for two
     * (the same products and sums as one at a time): (Σxt, Σxt²), (Σx²t, Σx²t²), (Σyxt, Σyxt²) */
    double sx = 1, sxx = 1, sxy = y[0];
    pair by_1 = {0, 0}, by_x = {0, 0}, by_y = {0, 0};
    for (size_t k = 1; k < e->p->n; k++) {
        x *= gap_power(of, r, t[k] - t[k - 1]);
        double xt = x * t[k];
        pair w = {xt, xt * t[k]};
        sx += x, sxx += x * x, sxy += x * y[k];
        by_1 += w, by_x += x * w, by_y += y[k] * w;
    }
    double sxt = by_1[0], sxtt = by_1[1], sxxt = by_x[0], sxxtt = by_x[1], sxyt = by_y[0], sxytt = by_y[1];
    double ybar = e->mean;
    linear_sums m = {(double)e->p->n, e->sst, sx, sxx, sxy - ybar * sx, e->lower, e->upper};
    linear_solution s;
    solve_linear(&m, &s);
    out->sse = s.sse;
    out->delta = s.delta;
    out->theta_w = s.theta_w + ybar;
    out->slope = out->curvature = out->theta_w_slope = out->free_theta_w = out->free_theta_w_slope = 0.0;
    if (s.active == ACTIVE_DELTA) return; /* Δθ = 0: the model and the SSE do not depend on τ */
    double a = s.delta, w = s.theta_w, s2 = scale * scale;
    double sxq = scale * sxt, sxxq = scale * sxxt, sxyq = scale * (sxyt - ybar * sxt);
    double sxqq = s2 * sxtt, sxxqq = s2 * sxxtt, sxyqq = s2 * (sxytt - ybar * sxtt);
    double rq = sxyq - a * sxxq - w * sxq;      /* Σ residual · dx/dv */
    double rqq = sxyqq - a * sxxqq - w * sxqq;  /* Σ residual · x q² */
    double da, dw = 0.0;                        /* d(Δθ)/dv, d(θw)/dv from the normal equations */
    double b1 = rq - a * sxxq, b2 = -a * sxq;
    if (s.active == ACTIVE_NONE) {
        da = (m.n * b1 - sx * b2) * s.inv_det;
        dw = (sxx * b2 - sx * b1) * s.inv_det;
    } else {
        da = b1 / sxx;
        /* the unbounded optimum and its slope (the same implicit derivatives at its own Δθ, θw) */
        if (s.inv_det > 0) {
            double free_a = m.n * m.sxy * s.inv_det, free_w = -sx * m.sxy * s.inv_det;
            double free_rq = sxyq - free_a * sxxq - free_w * sxq;
            double free_b1 = free_rq - free_a * sxxq, free_b2 = -free_a * sxq;
            out->free_theta_w = free_w + ybar;
            out->free_theta_w_slope = (sxx * free_b2 - sx * free_b1) * s.inv_det;
        }
    }
    out->slope = -2.0 * a * rq;
    out->theta_w_slope = dw;
    /* d²SSE/dv² = −2 (Δθ' Σ res x' + Δθ Σ res' x' + Δθ Σ res x''), res' = −Δθ' x − Δθ x' − θw' */
    out->curvature = -2.0 * (da * rq + a * (-da * sxxq - dw * sxq - a * sxxqq) + a * (rqq + bend * rq));
}

void drydown_fit_profile(const drydown_fit_problem *problem, double tau, drydown_fit_point *point)
{
    event_data e;
    event_prepare(problem, &e);
    profile_at(&e, exp(-1.0 / tau), 1.0 / tau, -1.0, point);
}

/* A bracket end on r = e^(−1/τ) (which grows with τ): its slope dSSE/dr once it is an evaluated
 * point. */
typedef struct {
    double r, slope;
    int evaluated, edge;          /* edge: the end of [τ_min, τ_max] */
} bracket_end;

/* The search runs on r, where x_k = r^(t_k) are polynomials: no exp or log per step, and the
 * profile is closer to a parabola than on log τ (Newton converges in fewer steps). Its tolerances
 * are steps in u = log τ, converted with |Δu| = |Δr| / (r/τ) ≤ |Δr| / (r (1 − r)), since
 * 1/τ = −log r ≥ 1 − r: a step below tol · u_scale(r) in r is below tol in u. */
static double u_scale(double r)
{
    return r * (1.0 - r);
}

/* The last Newton step, from r (evaluated into *point) to next, with the profile value only:
 * in the quadratic regime it lands within ~step² of the optimum. It is taken without comparing
 * the SSE: a step this small (< 1e-5 in log τ) changes the SSE by less than the rounding of its
 * formula (SST + n θw² − … cancels), so the comparison would be noise, while the Newton point is
 * the better estimate of the optimum. */
static double final_step(const event_data *e, double next, drydown_fit_point *point, int *evaluations)
{
    ++*evaluations;
    profile_value(e, next, point);
    return next;
}

/* Newton's method on dSSE/dr = 0 in [low.r, high.r] from r, safeguarded as in rtsafe (Press et
 * al., Numerical Recipes, 2nd ed., §9.4): when the Newton step leaves the bracket, the curvature
 * is not positive, or the step is not below half the one before last, the next point is the
 * false-position root of the slope between the bracket ends (dSSE/dr is continuous, the curvature
 * jumps where the active set of bounds changes, and plain Newton can cycle across such a kink),
 * or the midpoint while an end has no slope yet. A Newton step below 1e-4 in u is the last: it is
 * taken with the profile value only (final_step), which puts the result within ~1e-8 of the
 * optimum in u. Returns the r of *point. */
static double refine(const event_data *e, bracket_end low, bracket_end high, double r,
                     drydown_fit_point *point, int *evaluations, int *start_concave)
{
    const double accept = 1e-5; /* [-] a step in u */
    const double lower = e->lower + e->mean, upper = e->upper + e->mean;
    int kept_side = 0;
    double step_before = high.r - low.r, step_last = step_before, last_newton = 0.0;
    for (int iteration = 0; iteration < 60; iteration++) {
        double inv_r = 1.0 / r;
        profile_at(e, r, inv_r, -inv_r, point);
        ++*evaluations;
        double g = point->slope, h = point->curvature;
        if (iteration == 0) *start_concave = !(h > 0);
        if (g == 0.0) return r;
        if (g > 0) {
            if (low.edge && r <= low.r) return r;   /* the minimum is at τ_min */
            high = (bracket_end){r, g, 1, 0};
        } else {
            if (high.edge && r >= high.r) return r; /* the minimum is at τ_max */
            low = (bracket_end){r, g, 1, 0};
        }
        double step = h > 0 ? -g / h : INFINITY;
        /* a step that would carry θw past a bound goes just past the point where it reaches it
         * (to first order): beyond it the active set, and so the curvature, change */
        double dw = point->theta_w_slope, w_next = point->theta_w + dw * step;
        int newton = 1;
        if (dw != 0 && isfinite(step) && (w_next < lower || w_next > upper)) {
            double to_bound = ((w_next < lower ? lower : upper) - point->theta_w) / dw; /* same sign as step */
            step = 1.001 * to_bound + copysign(1e-9 * u_scale(r), step);
            newton = 0;
        }
        /* … and one that would bring the unbounded θw back within the bounds (θw leaving its
         * bound) stops just past that point, for the same reason */
        double free = point->free_theta_w, free_dw = point->free_theta_w_slope, free_next = free + free_dw * step;
        if (free_dw != 0 && isfinite(step) && ((free < lower && free_next >= lower) || (free > upper && free_next <= upper))) {
            double to_kink = ((free < lower ? lower : upper) - free) / free_dw; /* same sign as step */
            step = 1.001 * to_kink + copysign(1e-9 * u_scale(r), step);
            newton = 0;
        }
        double next = r + step;
        if (next > low.r && next < high.r && fabs(step) <= 0.5 * fabs(step_before)) {
            if (newton && fabs(step) < accept * u_scale(r)) return final_step(e, next, point, evaluations);
            /* after two Newton steps the contraction is measured: the step after this one will be
             * ~κ step² with κ = |step| / previous², and the final point's SSE within ½ h (κ step²)²
             * of the optimum's; when that is below 1e-18 of the SSE this step is the last */
            if (newton && last_newton != 0) {
                double kappa = fabs(step) / (last_newton * last_newton), error = kappa * step * step;
                if (0.5 * h * error * error <= 1e-18 * point->sse) return final_step(e, next, point, evaluations);
            }
            last_newton = newton ? step : 0.0;
            step_before = step_last;
            step_last = step;
            kept_side = 0;
        } else {
            if (high.r - low.r < 1e-9 * u_scale(r) || iteration == 59) return r; /* the bracket has closed */
            next = 0.5 * (low.r + high.r);
            if (low.evaluated && high.evaluated) {
                /* the Illinois rule (Dowell & Jarratt 1971): an end kept twice has its slope
                 * halved, so false position cannot creep from one side */
                int side = g > 0 ? 1 : -1;
                if (side == kept_side) {
                    if (side > 0) low.slope *= 0.5;
                    else high.slope *= 0.5;
                }
                kept_side = side;
                double secant = low.r - low.slope * (high.r - low.r) / (high.slope - low.slope);
                double margin = 0.01 * (high.r - low.r);
                if (secant > low.r + margin && secant < high.r - margin) next = secant;
            }
            step_before = step_last = high.r - low.r; /* Newton gets a fresh start from here */
            last_newton = 0.0;
        }
        r = next;
    }
    return r;
}

/* The scan's local minima (the first of a run of equal values), lowest first, at most `most`:
 * marked in a bit mask without a branch (which of the 12 points is a minimum is data no
 * predictor follows), then only the marked ones visited. */
static int scan_minima(const double *sse, int *minima, int most)
{
    const int last = DRYDOWN_SCAN_POINTS - 1;
    unsigned marked = (unsigned)!(sse[0] > sse[1]) | (unsigned)(sse[last] < sse[last - 1]) << last;
#pragma GCC unroll 10
    for (int s = 1; s < last; s++) marked |= (unsigned)((sse[s] < sse[s - 1]) & !(sse[s] > sse[s + 1])) << s;
    int count = 0;
    for (; marked; marked &= marked - 1) {
        int s = __builtin_ctz(marked);
        if (count == most && !(sse[s] < sse[minima[most - 1]])) continue;
        int at = count < most ? count++ : most - 1;
        for (; at > 0 && sse[minima[at - 1]] > sse[s]; at--) minima[at] = minima[at - 1];
        minima[at] = s;
    }
    return count;
}

/* r = e^(−1/τ) of scan point s */
static double scan_r(const drydown_scan_table *table, int s)
{
    return table->power[1][s];
}

/* Newton from one scan minimum: the bracket is its neighbours; the start is the vertex of the
 * parabola through the three scan values as a function of r (closer to the optimum than the
 * parabola in log τ on these profiles, which rise steeply towards small τ). */
static double refine_from(const drydown_scan_table *table, const event_data *e, const double *sse, int best,
                          drydown_fit_point *point, int *evaluations)
{
    const int last = DRYDOWN_SCAN_POINTS - 1;
    int below = best > 0 ? best - 1 : 0, above = best < last ? best + 1 : last, concave = 0;
    bracket_end low = {scan_r(table, below), 0, 0, below == 0}, high = {scan_r(table, above), 0, 0, above == last};
    if (best > 0 && best < last) {
        double r = scan_r(table, best), x0 = low.r - r, x2 = high.r - r;
        double f0 = sse[below] - sse[best], f2 = sse[above] - sse[best];
        double numerator = x0 * x0 * f2 - x2 * x2 * f0, denominator = x0 * f2 - x2 * f0;
        double vertex = denominator != 0 ? r + 0.5 * numerator / denominator : 0;
        if (vertex > low.r && vertex < high.r) {
            double found = refine(e, low, high, vertex, point, evaluations, &concave);
            /* a concave start lies between two basins, and Newton went to the one it faced; the
             * scan point's own slope can face a deeper one */
            if (!concave) return found;
            drydown_fit_point other;
            double again = refine(e, low, high, r, &other, evaluations, &concave);
            if (other.sse < point->sse) *point = other, found = again;
            return found;
        }
    }
    return refine(e, low, high, scan_r(table, best), point, evaluations, &concave);
}

/* Three points, three parameters: when an exponential passes through all of them within the
 * bounds, its SSE of 0 is the optimum and no search is needed. With ρ = (y0 − y1)/(y0 − y2) and
 * r = e^(−1/τ) it solves (1 − r^t1)/(1 − r^t2) = ρ; that ratio of partial geometric sums falls
 * strictly from 1 (r → 0) to t1/t2 (r → 1), so there is one root in the τ range or none. It is
 * found by Newton's method on g(r) = 1 − r^t1 − ρ (1 − r^t2), which has the sign of ratio − ρ,
 * safeguarded by bisection. Returns 0 when no such exponential exists. */
static int fit_three_points(const drydown_scan_table *table, const event_data *e, drydown_fit_result *result)
{
    const double *t = e->p->t, *y = e->p->y;
    size_t t1 = (size_t)t[1], t2 = (size_t)t[2];
    if (!(y[0] > y[1] && y[1] > y[2]) || t2 > 4 * DRYDOWN_SCAN_TABLE_DAYS) return 0;
    double rho = (y[0] - y[1]) / (y[0] - y[2]);
    double low = table->power[1][0], high = table->power[1][DRYDOWN_SCAN_POINTS - 1]; /* r at τ_min, τ_max */
    double g_low = 0, g_high = 0;
    for (int end = 0; end < 2; end++) {
        double r = end ? high : low, p1 = 1, p2 = 1;
        for (size_t k = 0; k < t2; k++) p2 *= r, p1 = k < t1 ? p2 : p1;
        *(end ? &g_high : &g_low) = 1 - p1 - rho * (1 - p2);
    }
    if (!(g_low > 0 && g_high < 0)) return 0; /* the root, if any, is outside [τ_min, τ_max] */
    double r = 0.5 * (low + high), p1 = 1, p2 = 1;
    for (int iteration = 0; iteration < 100 && high - low > 1e-15; iteration++) {
        p1 = p2 = 1;
        double d1 = 0, d2 = 0; /* d(r^t)/dr */
        for (size_t k = 0; k < t2; k++) {
            if (k + 1 == t1) d1 = (double)t1 * p2;
            if (k + 1 == t2) d2 = (double)t2 * p2;
            p2 *= r;
            if (k + 1 == t1) p1 = p2;
        }
        double g = 1 - p1 - rho * (1 - p2), slope = -d1 + rho * d2;
        if (g == 0) break;
        if (g > 0) low = r; else high = r;
        double next = slope != 0 ? r - g / slope : low;
        if (!(next > low && next < high)) next = 0.5 * (low + high);
        if (fabs(next - r) < 1e-15) {
            r = next;
            break;
        }
        r = next;
    }
    p1 = p2 = 1;
    for (size_t k = 0; k < t2; k++) p2 *= r, p1 = k < t1 ? p2 : p1;
    double delta = (y[0] - y[1]) / (1 - p1), theta_w = y[0] - delta;
    if (!(delta > 0) || !(theta_w >= e->lower + e->mean) || !(theta_w <= e->upper + e->mean)) return 0;
    double sse = 0, x[3] = {1, p1, p2};
    for (int k = 0; k < 3; k++) sse += (y[k] - delta * x[k] - theta_w) * (y[k] - delta * x[k] - theta_w);
    *result = (drydown_fit_result){-1.0 / log(r), delta, theta_w, sse, e->sst, 0};
    return 1;
}

void drydown_fit(const drydown_scan_table *table, const drydown_fit_problem *problem, drydown_fit_result *result)
{
    event_data e = {.p = problem};
    double sse[DRYDOWN_SCAN_POINTS];
    result->evaluations = 0;
    if (problem->n == 3) { /* the closed form first: it needs no scan */
        event_prepare(problem, &e);
        if (e.sst > 0 && fit_three_points(table, &e, result)) return;
    }
    /* the scan, which also takes the event's mean and SST */
    drydown_scan_event moments;
    drydown_scan(table, problem, &moments, sse);
    e.mean = moments.mean, e.sst = moments.sst, e.lower = moments.lower, e.upper = moments.upper;
    result->sst = e.sst;
    if (!(e.sst > 0)) { /* a flat event: every τ fits it equally, none is meaningful */
        *result = (drydown_fit_result){NAN, NAN, NAN, 0.0, e.sst, 0};
        return;
    }
    /* every basin the scan sees is refined: two nearly equal minima are common in noisy events */
    enum { MOST = 4 };
    int minima[MOST] = {0}, count = scan_minima(sse, minima, MOST);
    drydown_fit_point best = {INFINITY, 0, 0, 0, 0, 0, 0, 0}, point;
    double best_r = scan_r(table, minima[0]);
    for (int m = 0; m < count; m++) {
        double r = refine_from(table, &e, sse, minima[m], &point, &result->evaluations);
        if (point.sse < best.sse) best = point, best_r = r;
    }
    /* never worse than the scan, beyond the rounding of the SSE formula (on a flat profile the
     * two agree to it, and the refined point is then the better estimate) */
    double w = best.theta_w - e.mean, rounding = 1e-15 * (e.sst + (double)problem->n * w * w);
    if (!(best.sse <= sse[minima[0]] + rounding)) {
        best_r = scan_r(table, minima[0]);
        profile_value(&e, best_r, &best);
        result->evaluations++;
    }
    result->tau = -1.0 / log(best_r);
    result->delta = best.delta;
    result->theta_w = best.theta_w;
    result->sse = best.sse;
}
