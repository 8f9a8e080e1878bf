/* thresholds.c — a cell's θw and θc from all of its kept drydowns at once (science.md §1, issue 16).
 *
 * The per-event fits of the seed (McColl et al. 2017, GRL 44:3682, eq. 1) each estimate θw from a
 * few noisy points, and half of them end on the θw = 0 bound; their median follows. Here the events
 * are pooled:
 *
 * - pooled decay: θ_ik = Δθ_i e^(−t_ik/τ_i) + θw, one θw for every event i, each its own Δθ_i ≥ 0
 *   and τ_i. For a fixed θw each event is the fit of drydown_fit.c with θw's bounds closed on it
 *   (exact: linear in Δθ, profiled over τ), so the cell's SSE is a profile over θw alone, minimised
 *   by a scan and golden-section search. The 90 % interval is the profile-likelihood interval
 *   {θw : SSE(θw) ≤ SSE_min (1 + χ²₁(0.90) / (N − 2E − 1))} (Venzon & Moolgavkar 1988; Seber & Wild
 *   1989 §5.9, σ² estimated by SSE_min / (N − 2E − 1)).
 * - loss function: thresholds_loss.c.
 *
 * Status. θw is *identified* when its interval is bounded (it does not reach θw = 0) and the soil
 * came near it: the 2nd percentile of the drydowns' values lies within `approach` × (θc − θw) of θw.
 * Otherwise it is *censored*: the soil never approached its asymptote, and only an upper bound is
 * known: the lowest value of the series plus 1.645 σ (σ the retrieval noise, from second
 * differences), since θw lies below the true series everywhere. Too few kept events (or increments)
 * give *too few data*. No value on a bound is reported as an estimate.
 *
 * The drydowns' points: each kept event from the highest of its first three values (a wetting can
 * hold θ up a day or two), and past the detection's end until the series is wetted again (see
 * gather): the detection's own ends are triggered by noise and select falling noise at the tails.
 *
 * θc is the seed's: the median first value of the kept drydowns, with the distribution-free 90 %
 * interval of a median from order statistics (ranks n/2 ∓ 0.8224 √n, the normal approximation of
 * the binomial; Conover 1999 §3.2). */
#include "thresholds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "drydown_fit.h"
#include "thresholds_loss.h"

static const char *const estimator_names[THRESHOLDS_ESTIMATOR_COUNT] = {"median", "pooled", "loss"};

void thresholds_default_options(thresholds_options *o)
{
    *o = (thresholds_options){.estimator = THRESHOLDS_DEFAULT, .min_events = 5, .approach = 0.05, .noise = NAN,
                              .tau_min = 0.5, .tau_max = 200.0};
}

void thresholds_work_init(thresholds_work *w)
{
    memset(w, 0, sizeof *w);
}

void thresholds_work_free(thresholds_work *w)
{
    free(w->t), free(w->y), free(w->first), free(w->onset), free(w->x), free(w->loss), free(w->weight), free(w->sums), free(w->order);
    memset(w, 0, sizeof *w);
}

int thresholds_estimator_parse(const char *name, thresholds_estimator *estimator, dt_error *err)
{
    for (int k = 0; k < THRESHOLDS_ESTIMATOR_COUNT; k++)
        if (strcmp(name, estimator_names[k]) == 0) {
            *estimator = (thresholds_estimator)k;
            return DT_OK;
        }
    return dt_error_set(err, DT_ERR_USAGE, "unknown estimator '%s' (median, pooled, loss)", name);
}

const char *thresholds_estimator_name(thresholds_estimator e)
{
    return e < THRESHOLDS_ESTIMATOR_COUNT ? estimator_names[e] : "unknown";
}

const char *thresholds_status_name(thresholds_status s)
{
    static const char *const names[THRESHOLDS_STATUS_COUNT] = {"identified", "censored", "too few data"};
    return s < THRESHOLDS_STATUS_COUNT ? names[s] : "unknown";
}

const char *thresholds_status_flag(thresholds_status s)
{
    static const char *const names[THRESHOLDS_STATUS_COUNT] = {"identified", "censored", "too_few_data"};
    return s < THRESHOLDS_STATUS_COUNT ? names[s] : "unknown";
}

/* ---- the kept events' points ---------------------------------------------------------------- */

static int compare_double(const void *a, const void *b);

/* The noise σ [m3 m-3] of the series: from the second differences y(d+1) − 2 y(d) + y(d−1) of three
 * successive days, whose noise variance is 6σ² and whose signal (a decay's curvature) is small;
 * robustly, by their median absolute value / 0.6745 (Hampel 1974). Wettings disturb some of them and
 * make σ larger, which only widens the censored bound. In an in-situ series σ is the day-to-day
 * roughness of the daily means (0.0037 at MAQU CST-01), not a retrieval error. */
static double series_noise(const float *theta, size_t n, double cap, double *scratch)
{
    size_t m = 0;
    for (size_t d = 1; d + 1 < n; d++) {
        double a = theta[d - 1], b = theta[d], c = theta[d + 1];
        if (!(a <= cap && b <= cap && c <= cap)) continue; /* NaN fails */
        scratch[m++] = fabs(c - 2 * b + a);
    }
    if (m < 10) return NAN;
    qsort(scratch, m, sizeof *scratch, compare_double);
    return scratch[m / 2] / 0.6745 / sqrt(6.0);
}

/* Each kept event's points, from its first value on, and past the detection's end while the series
 * has not been wetted again: the detection ends an event at a rise that noise alone can make, so its
 * events are selected for falling noise and bend below the true curve at their tails (the cell's θw
 * then comes out low). Here a segment ends only before a value more than 5σ above the segment's lowest
 * so far (a wetting), before the next kept event, or after a gap of more than 10 days. */
static void gather(const drydown_result *d, const float *theta, size_t n, thresholds_work *w, size_t *events,
                   size_t *points, double *noise)
{
    if (n > w->increment_capacity) {
        w->increment_capacity = n + 256;
        w->x = dt_realloc(w->x, w->increment_capacity * sizeof *w->x);
        w->loss = dt_realloc(w->loss, w->increment_capacity * sizeof *w->loss);
        w->weight = dt_realloc(w->weight, w->increment_capacity * sizeof *w->weight);
    }
    double sigma = series_noise(theta, n, d->cap, w->x);
    *noise = sigma;
    double wetting = isfinite(sigma) ? 5.0 * sigma : 0.0;
    size_t e = 0, p = 0;
    for (size_t i = 0; i < d->count; i++) {
        const drydown_event *ev = &d->events[i];
        if (ev->drop != DRYDOWN_KEPT || ev->end >= n) continue;
        size_t limit = n;
        for (size_t k = i + 1; k < d->count; k++)
            if (d->events[k].drop == DRYDOWN_KEPT) {
                limit = d->events[k].start;
                break;
            }
        size_t need = p + (limit - ev->start);
        if (need > w->point_capacity) {
            w->point_capacity = 2 * need + 256;
            w->t = dt_realloc(w->t, w->point_capacity * sizeof *w->t);
            w->y = dt_realloc(w->y, w->point_capacity * sizeof *w->y);
        }
        if (e + 2 > w->event_capacity) {
            w->event_capacity = 2 * e + 64;
            w->first = dt_realloc(w->first, w->event_capacity * sizeof *w->first);
            w->onset = dt_realloc(w->onset, w->event_capacity * sizeof *w->onset);
        }
        w->first[e] = p;
        w->onset[e] = ev->start > 0 && theta[ev->start - 1] <= d->cap ? ev->theta_c : NAN; /* NaN fails */
        double lowest = INFINITY;
        size_t last = ev->start, start = ev->start;
        double top = -INFINITY; /* start at the highest of the first three days: rain may hold θ up */
        for (size_t day = ev->start; day < limit && day <= ev->start + 2 && day <= ev->end; day++) {
            double v = theta[day];
            if (v >= -1e30 && v <= d->cap && v >= top) top = v, start = day;
        }
        for (size_t day = start; day < limit; day++) {
            double v = theta[day];
            if (!(v >= -1e30 && v <= d->cap)) continue; /* missing or masked, as drydown_analyse saw it */
            if (day > ev->end && (v > lowest + wetting || day - last > 10)) break;
            lowest = v < lowest ? v : lowest;
            last = day;
            w->t[p] = (double)(day - start);
            w->y[p++] = v;
        }
        if (p - w->first[e] >= 3) e++;
        else p = w->first[e];
    }
    if (w->first) w->first[e] = p;
    *events = e;
    *points = p;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The k-th smallest (0-based) of the gathered values, by sorting a copy into the loss's buffer. */
static double value_quantile(thresholds_work *w, size_t points, double q)
{
    if (points > w->increment_capacity) {
        w->increment_capacity = points + 256;
        w->x = dt_realloc(w->x, w->increment_capacity * sizeof *w->x);
        w->loss = dt_realloc(w->loss, w->increment_capacity * sizeof *w->loss);
        w->weight = dt_realloc(w->weight, w->increment_capacity * sizeof *w->weight);
    }
    memcpy(w->x, w->y, points * sizeof *w->x);
    qsort(w->x, points, sizeof *w->x, compare_double);
    size_t k = (size_t)floor(q * (double)(points - 1));
    return w->x[k];
}

/* θc: the median first value and its order-statistic 90 % interval. Only events whose day before was
 * observed count (when there are enough of them): after a missing day the first value may already be
 * a day's drying below the wetting's peak, which biases the median low. */
static void critical_point(const thresholds_work *w, size_t events, size_t min_events, double *scratch,
                           thresholds_result *r)
{
    size_t n = 0;
    for (size_t e = 0; e < events; e++)
        if (!isnan(w->onset[e])) scratch[n++] = w->onset[e];
    if (n < min_events) {
        n = 0;
        for (size_t e = 0; e < events; e++) scratch[n++] = isnan(w->onset[e]) ? w->y[w->first[e]] : w->onset[e];
    }
    qsort(scratch, n, sizeof *scratch, compare_double);
    r->theta_c = n % 2 ? scratch[n / 2] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
    double half = 0.8224 * sqrt((double)n); /* z(0.95) / 2 · √n */
    long low = (long)floor((double)n / 2.0 - half), high = (long)ceil((double)n / 2.0 + half) - 1;
    if (low < 0) low = 0;
    if (high > (long)n - 1) high = (long)n - 1;
    r->theta_c_low = scratch[low];
    r->theta_c_high = scratch[high];
}

/* ---- pooled decay --------------------------------------------------------------------------- */

/* The least SSE of event e at a fixed θw (NaN-free: a flat event fits any θw as well). */
static double event_sse(const drydown_scan_table *table, const thresholds_work *w, size_t e, double theta_w)
{
    size_t from = w->first[e];
    drydown_fit_problem p = {w->t + from, w->y + from, w->first[e + 1] - from, theta_w, theta_w};
    drydown_fit_result f;
    drydown_fit(table, &p, &f);
    return isfinite(f.sse) ? f.sse : 0.0;
}

static double pooled_sse(const drydown_scan_table *table, const thresholds_work *w, size_t events, double theta_w)
{
    double sse = 0;
    for (size_t e = 0; e < events; e++) sse += event_sse(table, w, e, theta_w);
    return sse;
}

/* The standard error of θw robust to misfit and to errors shared within an event: the sandwich
 * (cluster-robust) variance of an M-estimator, Σ ψ_e² / (Σ ψ_e')² · E/(E − 1), ψ_e = dSSE_e/dθw
 * (Huber 1967; Liang & Zeger 1986), by central differences of step h. */
static double pooled_robust_error(const drydown_scan_table *table, const thresholds_work *w, size_t events,
                                  double theta_w, double h)
{
    double score2 = 0, curvature = 0;
    for (size_t e = 0; e < events; e++) {
        double minus = event_sse(table, w, e, theta_w - h), at = event_sse(table, w, e, theta_w),
               plus = event_sse(table, w, e, theta_w + h);
        double score = (plus - minus) / (2 * h);
        score2 += score * score;
        curvature += (plus - 2 * at + minus) / (h * h);
    }
    if (!(curvature > 0) || events < 2) return INFINITY;
    return sqrt(score2 * (double)events / (double)(events - 1)) / curvature;
}

double thresholds_pooled_sse(const thresholds_work *w, size_t events, double theta_w, double tau_min, double tau_max)
{
    drydown_scan_table table;
    drydown_scan_table_init(&table, tau_min, tau_max);
    return pooled_sse(&table, w, events, theta_w);
}

enum { POOLED_SCAN = 16, GOLDEN_STEPS = 22, CROSSING_STEPS = 14 };

/* Where the profile crosses level between a (below it) and b (above it): bisection. */
static double pooled_crossing(const drydown_scan_table *table, const thresholds_work *w, size_t events, double a,
                              double b, double level)
{
    for (int k = 0; k < CROSSING_STEPS; k++) {
        double m = 0.5 * (a + b);
        if (pooled_sse(table, w, events, m) <= level) a = m;
        else b = m;
    }
    return 0.5 * (a + b);
}

static void pooled_fit(const thresholds_options *o, const thresholds_work *w, size_t events, size_t points,
                       double lowest, thresholds_result *r)
{
    drydown_scan_table table;
    drydown_scan_table_init(&table, o->tau_min, o->tau_max);
    /* θw from 0 to a little above the lowest value (noise lets θw sit above some observations) */
    double top = lowest + 0.03, grid[POOLED_SCAN], sse[POOLED_SCAN];
    size_t best = 0;
    for (int k = 0; k < POOLED_SCAN; k++) {
        grid[k] = top * k / (POOLED_SCAN - 1);
        sse[k] = pooled_sse(&table, w, events, grid[k]);
        if (sse[k] < sse[best]) best = (size_t)k;
    }
    /* golden section in the best scan point's bracket */
    double a = grid[best > 0 ? best - 1 : 0], b = grid[best + 1 < POOLED_SCAN ? best + 1 : best];
    const double g = 0.6180339887498949;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = pooled_sse(&table, w, events, c), fd = pooled_sse(&table, w, events, d);
    for (int k = 0; k < GOLDEN_STEPS; k++) {
        if (fc < fd) b = d, d = c, fd = fc, c = b - g * (b - a), fc = pooled_sse(&table, w, events, c);
        else a = c, c = d, fc = fd, d = a + g * (b - a), fd = pooled_sse(&table, w, events, d);
    }
    double estimate = fc < fd ? c : d, sse_min = fc < fd ? fc : fd;
    if (sse[best] < sse_min) estimate = grid[best], sse_min = sse[best]; /* the scan's end points */
    double dof = (double)points - 2.0 * (double)events - 1.0;
    double level = sse_min * (1.0 + 2.7055 / (dof > 1 ? dof : 1)); /* χ²₁(0.90) = 2.7055 */
    /* the interval's ends: bisection between the estimate and the nearest scan point above the level
     * on each side; none below it means the profile stays within the level down to θw = 0 */
    double low = NAN, high = top;
    for (int k = POOLED_SCAN - 1; k >= 0; k--)
        if (grid[k] < estimate && sse[k] > level) {
            low = pooled_crossing(&table, w, events, estimate, grid[k], level);
            break;
        }
    for (int k = 0; k < POOLED_SCAN; k++)
        if (grid[k] > estimate && sse[k] > level) {
            high = pooled_crossing(&table, w, events, estimate, grid[k], level);
            break;
        }
    /* the interval: the wider of the profile-likelihood one and the robust one, θw ± z(0.95) SE */
    double h = fmax(1e-4, 0.25 * (high - (isnan(low) ? estimate : low)));
    double robust = 1.6449 * pooled_robust_error(&table, w, events, estimate, estimate > h ? h : 0.5 * estimate + 1e-6);
    if (isfinite(robust)) {
        if (!isnan(low)) low = fmin(low, estimate - robust);
        high = fmax(high, estimate + robust);
        if (!(low > 0)) low = NAN; /* reaches θw = 0: not bounded below */
    }
    r->theta_w = estimate;
    r->theta_w_low = low;
    r->theta_w_high = high;
}

/* ---- the status ------------------------------------------------------------------------------- */

static void decide(const thresholds_options *o, double low_value, double bound, thresholds_result *r)
{
    int bounded = isfinite(r->theta_w_low) && isfinite(r->theta_w);
    int approached = bounded && low_value - r->theta_w <= o->approach * (r->theta_c - r->theta_w);
    if (bounded && approached) {
        r->status = THRESHOLDS_IDENTIFIED;
        return;
    }
    /* an estimate beyond the data is an extrapolation the model alone carries: only the bound the
     * series itself gives is reported */
    r->status = THRESHOLDS_CENSORED;
    r->theta_w = r->theta_w_low = NAN;
    r->theta_w_high = bound;
}

static void clear(thresholds_result *r, thresholds_status status)
{
    *r = (thresholds_result){.status = status, .theta_w = NAN, .theta_w_low = NAN, .theta_w_high = NAN,
                             .theta_c = NAN, .theta_c_low = NAN, .theta_c_high = NAN, .theta_star = NAN,
                             .theta_star_low = NAN, .theta_star_high = NAN, .loss_max = NAN, .noise = NAN};
}

int thresholds_estimate(const thresholds_options *o, const drydown_result *d, const float *theta, size_t n,
                        thresholds_work *w, thresholds_result *r, dt_error *err)
{
    if (o->estimator >= THRESHOLDS_ESTIMATOR_COUNT || o->min_events < 1 || !(o->approach > 0) ||
        !(o->tau_min > 0) || !(o->tau_max > o->tau_min) || o->noise < 0)
        return dt_error_set(err, DT_ERR_USAGE, "thresholds: invalid options (estimator %d, min events %zu, approach %g)",
                            (int)o->estimator, o->min_events, o->approach);
    clear(r, THRESHOLDS_TOO_FEW);
    if (o->estimator == THRESHOLDS_MEDIAN) { /* the seed's summary, as drydown_analyse made it */
        r->events = d->kept;
        if (d->status != DRYDOWN_CELL_OK) return DT_OK;
        r->status = THRESHOLDS_IDENTIFIED;
        r->theta_w = d->theta_w; /* no interval: the IQRs are the spread of the events, not of the median */
        r->theta_c = d->theta_c;
        return DT_OK;
    }
    size_t events, points;
    gather(d, theta, n, w, &events, &points, &r->noise);
    if (o->noise >= 0) r->noise = o->noise; /* NaN: the estimate stays */
    r->events = events;
    r->points = points;
    if (events < o->min_events) return DT_OK;
    double low_value = value_quantile(w, points, 0.02), lowest = w->x[0];
    critical_point(w, events, o->min_events, w->x, r); /* w->x is free again */
    if (o->estimator == THRESHOLDS_POOLED) {
        pooled_fit(o, w, events, points, lowest, r);
    } else if (!thresholds_loss_fit(w, events, r)) {
        r->status = THRESHOLDS_TOO_FEW;
        r->theta_w = r->theta_w_low = r->theta_w_high = NAN;
        return DT_OK;
    }
    /* the censored bound: θw ≤ the true series everywhere, and the observed minimum exceeds the true
     * value on its day by more than 1.645 σ in 5 % of cases only */
    decide(o, low_value, d->min_sm + 1.6449 * (isfinite(r->noise) ? r->noise : 0.0), r);
    return DT_OK;
}
