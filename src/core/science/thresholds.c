/* thresholds.c — a cell's θw and θc from all of its kept drydowns at once (science.md §1, issue 16).
 *
 * The per-event fits of the seed (McColl et al. 2017, GRL 44:3682, eq. 1) each estimate θw from a
 * few noisy points, and half of them end on the θw = 0 bound; their median follows. Here the events
 * are pooled:
 *
 * - pooled decay: θ_ik = Δθ_i e^(−t_ik/τ_i) + θw, one θw for every event i, each its own Δθ_i ≥ 0
 *   and τ_i, profiled exactly over θw, with a profile-likelihood and cluster-robust 90 % interval:
 *   thresholds_pooled.c.
 * - loss function: thresholds_loss.c.
 *
 * Status. θw is *identified* when its interval is bounded (it does not reach θw = 0) and the soil
 * came near it: the 2nd percentile of the drydowns' values lies within `approach` × (θc − θw) of θw.
 * Otherwise it is *censored*: the soil never approached its asymptote, and only an upper bound is
 * known: the lowest value of the series plus 1.645 σ (σ the retrieval noise, from second
 * differences), since θw lies below the true series everywhere. A censored statement needs only two
 * kept drydowns, an identified θw min_events (see thresholds_estimate); fewer, or a loss function
 * without enough increments, give *too few data*. No value on a bound is reported as an estimate.
 *
 * The drydowns' points: each kept event from where its decay begins — the highest of its first
 * three values, then the last of its first five days still within 3σ of that top (a rain day that
 * does not raise θ holds it there, and a flat top is not part of an exponential decay; dropping the
 * first points of a true exponential biases nothing, as each event has its own Δθ) — and past the
 * detection's end until the series is wetted again (see gather): the detection's own ends are
 * triggered by noise and select falling noise at the tails. Without the plateau rule the pooled
 * θw came out 0.0007–0.0011 low on the demo twins (rain days inside events read as slower decays)
 * and its 90 % intervals covered 79–80 %; with it, 89–90 % (BENCHMARKS.md).
 *
 * θc is the seed's drydown start, the level a wetting brings the soil to, as a median over every
 * wetting of the series corrected for the ones the detection cannot see (critical_point below): the
 * kept drydowns' first values are a selected sample, biased high by +0.0015 on the SR06 twin. */
#include "thresholds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order.h"
#include "thresholds_loss.h"
#include "thresholds_pooled.h"

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
    free(w->t), free(w->y), free(w->first), free(w->onset), free(w->x), free(w->loss), free(w->weight), free(w->sums), free(w->order), free(w->pooled);
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

/* "never dried below 0.209: θw is below that", with the noise allowance when there is one */
static int bound_words(const thresholds_result *r, double min_sm, char *text, size_t size)
{
    if (r->theta_w_high > min_sm + 5e-4)
        return snprintf(text, size, "never dried below %.3f: θw is below %.3f (the minimum plus 1.645 × its noise %.3f)",
                        min_sm, r->theta_w_high, r->noise);
    return snprintf(text, size, "never dried below %.3f: θw is below that", r->theta_w_high);
}

int thresholds_explain(const thresholds_result *r, size_t min_events, double min_sm, char *text, size_t size)
{
    char bound[160];
    switch (r->status) {
    case THRESHOLDS_IDENTIFIED:
        if (isfinite(r->theta_w_low))
            return snprintf(text, size, "identified: the soil dried down to θw %.3f (90 %% interval %.3f–%.3f)", r->theta_w,
                            r->theta_w_low, r->theta_w_high);
        return snprintf(text, size, "θw %.3f: the median of the drydowns' own fits (no interval)", r->theta_w);
    case THRESHOLDS_CENSORED:
        bound_words(r, min_sm, bound, sizeof bound);
        if (r->above_data)
            return snprintf(text, size, "censored: %s; its %zu drydowns would level off above values the series "
                            "reached, so no one θw fits them all", bound, r->events);
        return snprintf(text, size, "censored: %s; its %zu drydown%s stop%s before levelling off", bound, r->events,
                        r->events == 1 ? "" : "s", r->events == 1 ? "s" : "");
    default:
        if (!isfinite(r->theta_w_high))
            return snprintf(text, size, "too few data: %zu drydowns kept, %zu needed, so no θw", r->events, min_events);
        bound_words(r, min_sm, bound, sizeof bound);
        return snprintf(text, size, "too few data: %zu drydown%s kept, %zu needed for an estimate; %s", r->events,
                        r->events == 1 ? "" : "s", min_events, bound);
    }
}

int thresholds_explain_critical(const thresholds_result *r, int brief, char *text, size_t size)
{
    int wettings = r->theta_c_source == THRESHOLDS_C_WETTINGS;
    size_t count = wettings ? r->wettings : r->events;
    if (brief)
        return snprintf(text, size, "θc %.3f (90 %% %.3f–%.3f), median %s %zu %s", r->theta_c, r->theta_c_low,
                        r->theta_c_high, wettings ? "of" : "start of", count, wettings ? "wettings" : "drydowns");
    if (wettings)
        return snprintf(text, size, "θc %.3f m3 m-3 (90 %% interval %.3f–%.3f), the median level %zu wettings brought the soil to",
                        r->theta_c, r->theta_c_low, r->theta_c_high, count);
    return snprintf(text, size, "θc %.3f m3 m-3 (90 %% interval %.3f–%.3f), the median start of %zu drydowns", r->theta_c,
                    r->theta_c_low, r->theta_c_high, count);
}

/* ---- the kept events' points ---------------------------------------------------------------- */

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
        scratch[m] = fabs(c - 2 * b + a); /* kept only when valid: no branch a predictor cannot follow */
        m += (size_t)((a <= cap) & (b <= cap) & (c <= cap)); /* NaN fails */
    }
    if (m < 10) return NAN;
    return order_select(scratch, m, m / 2) / 0.6745 / sqrt(6.0);
}

/* Each kept event's points, from its first value on, and past the detection's end while the series
 * has not been wetted again: the detection ends an event at a rise that noise alone can make, so its
 * events are selected for falling noise and bend below the true curve at their tails (the cell's θw
 * then comes out low). Here a segment ends only before a value more than 5σ above the segment's lowest
 * so far (a wetting), before the next kept event, or after a gap of more than 10 days. */
enum { START_WINDOW = 4 }; /* [d] a drydown's top is looked for in its first five days */

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
        /* the decay starts where the series leaves its top: the last of the event's first days
         * whose value is within 3σ of the highest (not yet distinguishable from it) */
        if (isfinite(sigma))
            for (size_t day = start + 1; day < limit && day <= ev->start + START_WINDOW && day <= ev->end; day++) {
                double v = theta[day];
                if (v >= -1e30 && v <= d->cap && v >= top - 3.0 * sigma) start = day;
            }
        /* every day is written at the next free place and kept by counting it (the missing days, a
         * third at random in a satellite series, made a branch on them unpredictable) */
        for (size_t day = start; day < limit; day++) {
            double v = theta[day];
            int valid = (v >= -1e30) & (v <= d->cap); /* missing or masked, as drydown_analyse saw it: NaN fails */
            if (valid & (day > ev->end) & ((v > lowest + wetting) | (day - last > 10))) break;
            lowest = valid & (v < lowest) ? v : lowest;
            last = valid ? day : last;
            w->t[p] = (double)(day - start);
            w->y[p] = v;
            p += (size_t)valid;
        }
        if (p - w->first[e] >= 3) e++;
        else p = w->first[e];
    }
    if (w->first) w->first[e] = p;
    *events = e;
    *points = p;
}

/* The q-quantile (the k-th smallest, k = ⌊q (points − 1)⌋) of the gathered values and their least,
 * from a copy in the loss's buffer. */
static double value_quantile(thresholds_work *w, size_t points, double q, double *lowest)
{
    if (points > w->increment_capacity) {
        w->increment_capacity = points + 256;
        w->x = dt_realloc(w->x, w->increment_capacity * sizeof *w->x);
        w->loss = dt_realloc(w->loss, w->increment_capacity * sizeof *w->loss);
        w->weight = dt_realloc(w->weight, w->increment_capacity * sizeof *w->weight);
    }
    memcpy(w->x, w->y, points * sizeof *w->x);
    double least = w->x[0];
    for (size_t i = 1; i < points; i++) least = w->x[i] < least ? w->x[i] : least;
    *lowest = least;
    return order_select(w->x, points, (size_t)floor(q * (double)(points - 1)));
}

/* ---- θc: the level a wetting brings the soil to ----------------------------------------------- */

/* The seed's θc and its distribution-free 90 % interval: the median first value of the kept drydowns,
 * ranks n/2 ∓ 0.8224 √n (the normal approximation of the binomial; Conover 1999 §3.2). Only events
 * whose day before was observed count (when there are enough of them): after a missing day the first
 * value may already be a day's drying below the wetting's peak. */
static void first_value_median(const thresholds_work *w, size_t events, size_t min_events, double *scratch,
                               thresholds_result *r)
{
    size_t n = 0;
    for (size_t e = 0; e < events; e++)
        if (!isnan(w->onset[e])) scratch[n++] = w->onset[e];
    if (n < min_events) {
        n = 0;
        for (size_t e = 0; e < events; e++) scratch[n++] = isnan(w->onset[e]) ? w->y[w->first[e]] : w->onset[e];
    }
    if (n == 0) return;
    order_sort(scratch, n);
    r->theta_c = n % 2 ? scratch[n / 2] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
    double half = 0.8224 * sqrt((double)n); /* z(0.95) / 2 · √n */
    long low = (long)floor((double)n / 2.0 - half), high = (long)ceil((double)n / 2.0 + half) - 1;
    if (low < 0) low = 0;
    if (high > (long)n - 1) high = (long)n - 1;
    r->theta_c_low = scratch[low];
    r->theta_c_high = scratch[high];
    r->theta_c_source = THRESHOLDS_C_FIRST_VALUES;
}

/* The product-limit estimate of the wetting levels' distribution under left truncation and right
 * censoring (Tsai, Jewell & Wang 1987; for truncation alone Lynden-Bell 1971, Woodroofe 1985):
 * x[n_x] the levels seen (sorted), entry[n_entry] the truncation points of every wetting, those
 * above the cap included (sorted). The median is the first level where S ≤ 0.5; the 90 % interval the
 * levels where S is within 1.645 Greenwood standard errors of 0.5 (Brookmeyer & Crowley 1982). Jumps
 * whose risk set is below √n are skipped (Lai & Ying 1991): at the lowest levels few wettings could
 * have been seen, and one of them would otherwise carry the whole lower tail. Returns 0 when S never
 * reaches 0.5 below the cap. */
static int wetting_median(const double *x, size_t n_x, const double *entry, size_t n_entry, double *median,
                          double *low, double *high)
{
    double survival = 1, greenwood = 0, least_risk = sqrt((double)n_entry);
    size_t entered = 0;
    *median = *low = *high = NAN;
    for (size_t k = 0; k < n_x;) {
        size_t ties = 1;
        while (k + ties < n_x && x[k + ties] == x[k]) ties++;
        while (entered < n_entry && entry[entered] <= x[k]) entered++;
        double risk = (double)entered - (double)k; /* entered by x[k], not yet seen below it */
        if (risk >= least_risk && risk > (double)ties) {
            survival *= 1.0 - (double)ties / risk;
            greenwood += (double)ties / (risk * (risk - (double)ties));
        }
        double se = survival * sqrt(greenwood);
        if (isnan(*low) && survival <= 0.5 + 1.6449 * se) *low = x[k];
        if (isnan(*median) && survival <= 0.5) *median = x[k];
        if (survival < 0.5 - 1.6449 * se) {
            *high = x[k];
            return 1;
        }
        k += ties;
    }
    if (isnan(*median)) return 0;
    *high = x[n_x - 1]; /* the interval reaches the highest level seen */
    return 1;
}

/* θc: the median level the series' wettings bring the soil to, the seed's drydown start (McColl et
 * al. 2017) taken from every wetting rather than from the kept drydowns' first values, whose
 * selection biases them (+0.0015 on the SR06 twin, +0.0019 in its wettest third: a drydown starts
 * only 0.04 above the lowest value since the last one, so a wetting of a soil still wet from the
 * previous one shows only when its level is high). A wetting is a rise of at least wetting_rise (and
 * 5σ) in a day from an observed day; its level is seen only because it rose that much —
 * left-truncated at the day before plus the rise — and a level above the cap is known only to
 * exceed it. The product-limit estimate undoes both; it assumes that a wetting's level does not depend
 * on where it started (quasi-independence: true of a soil that drains to its field capacity; small
 * rains on a dry soil, which wet it less, break it). Where half the wettings or more rise above the
 * cap, their observed levels are taken instead of only the knowledge that they exceed it.
 * With fewer than WETTING_MIN wettings, the seed's median first value of the kept drydowns. */
enum { WETTING_NOISE = 5, WETTING_MIN = 5 }; /* [σ] a wetting's least rise; wettings a θc needs */
static const double wetting_rise = 0.04; /* [m3 m-3] Araki's (and drytex's) start rise */

/* Every wetting's level and truncation into level[] and entry[] (n each), the count returned and
 * those below the cap in *seen. A level above the cap is INFINITY when censor_above (known only to
 * exceed the cap), else its observed value. Every day is written at the next free place and kept by
 * counting it: no branch on the data (the missing days, 30 % at random, made the branches
 * unpredictable). */
static size_t collect_wettings(const float *theta, size_t n, double cap, double rise, int censor_above, double *level,
                               double *entry, size_t *seen)
{
    size_t count = 0;
    *seen = 0;
    for (size_t d = 1; d < n; d++) {
        double before = theta[d - 1], truncation = before + rise, v = theta[d];
        int known = before <= cap; /* missing or masked (NaN fails): the rise is not known */
        int above = known & (v > cap) & (cap >= truncation);
        int below = known & (v <= cap) & (v >= truncation);
        level[count] = above && censor_above ? INFINITY : v;
        entry[count] = truncation;
        count += (size_t)(above | below);
        *seen += (size_t)below;
    }
    return count;
}

static void critical_point(const float *theta, size_t n, double cap, double noise, size_t events, size_t min_events,
                           thresholds_work *w, thresholds_result *r)
{
    double rise = fmax(wetting_rise, WETTING_NOISE * (isfinite(noise) ? noise : 0.0));
    double *level = w->x, *entry = w->loss; /* n each (gather sized them) */
    size_t seen, count = collect_wettings(theta, n, cap, rise, 1, level, entry, &seen);
    r->wettings = count;
    double median, low, high;
    int found = 0;
    if (seen >= WETTING_MIN) {
        order_sort(level, count); /* those above the cap last */
        order_sort(entry, count);
        found = wetting_median(level, seen, entry, count, &median, &low, &high);
    }
    if (!found && count >= WETTING_MIN) {
        /* the median is not below the cap (half the wettings or more rose above it), or too few
         * wettings are: the cap cuts into the levels the soil is wetted to, not off a few spikes
         * above them, and their observed levels are the better knowledge (the drydowns' first
         * values, all below the cap, read θc low: by 0.024 in the 14 % of the CH78 twin's 365-day
         * cells that came to them) */
        collect_wettings(theta, n, cap, rise, 0, level, entry, &seen);
        order_sort(level, count);
        order_sort(entry, count);
        found = wetting_median(level, count, entry, count, &median, &low, &high);
    }
    if (found) {
        r->theta_c = median, r->theta_c_low = low, r->theta_c_high = high;
        r->theta_c_source = THRESHOLDS_C_WETTINGS;
        return;
    }
    first_value_median(w, events, min_events, w->x, r);
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

/* Too few data: no estimate, but the series still bounds θw (the counts and σ stay). */
static void too_few(thresholds_result *r, double bound)
{
    thresholds_result counts = *r;
    clear(r, THRESHOLDS_TOO_FEW);
    r->noise = counts.noise, r->events = counts.events, r->points = counts.points, r->wettings = counts.wettings;
    r->theta_w_high = bound;
}

/* A censored statement needs less than an identified one. "Censored: θw is below the series' bound"
 * takes its bound from the series, not from the fit, so it holds whatever the drydowns; the fit only
 * decides whether they pin θw down, and a flat profile (θw = 0 not excluded) or an asymptote far
 * below where the drydowns ended says they do not, from two drydowns on (a shared asymptote, and a
 * cluster-robust interval, need two). An identified θw needs its interval to be trusted, which needs
 * min_events drydowns (the sandwich has E − 1 degrees of freedom): below that, a fit that does pin θw
 * down leaves the cell with too few data. One drydown, or none: too few data. */
enum { CENSORED_EVENTS = 2 };

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
    /* the censored bound: θw ≤ the true series everywhere, and the observed minimum exceeds the true
     * value on its day by more than 1.645 σ in 5 % of cases only */
    double bound = d->min_sm + 1.6449 * (isfinite(r->noise) ? r->noise : 0.0);
    if (events < (o->min_events < CENSORED_EVENTS ? o->min_events : CENSORED_EVENTS)) {
        too_few(r, bound);
        return DT_OK;
    }
    double lowest, low_value = value_quantile(w, points, 0.02, &lowest);
    critical_point(theta, n, d->cap, r->noise, events, o->min_events, w, r); /* w->x, w->loss are free again */
    if (o->estimator == THRESHOLDS_POOLED) {
        thresholds_pooled_fit(o, w, events, lowest, r);
    } else if (!thresholds_loss_fit(w, events, r)) {
        too_few(r, bound);
        return DT_OK;
    }
    decide(o, low_value, bound, r);
    if (r->status == THRESHOLDS_IDENTIFIED && events < o->min_events) too_few(r, bound);
    return DT_OK;
}
