/* drydown.c — drydown detection, exponential fits and cell thresholds (science.md §1).
 *
 * Detection walks the valid observations in time order (compacted first: no missing day is
 * visited, and an event's points are a slice of them). An event starts at a value reached by a
 * rise (any rise for the seed preset; ≥ start_rise above the trough since the last event for
 * McColl et al. 2017 and Araki) and goes on while the series falls; a rise larger than the
 * tolerance, a gap longer than max_gap days, rain the day before, or max_length days end it.
 * Each event is fitted with θ(t) = Δθ·e^(−t/τ) + θw (McColl et al. 2017 eq. 1) by profile least
 * squares: for a given τ the model is linear in (Δθ, θw) and solved exactly under Δθ ≥ 0 and
 * lower ≤ θw ≤ event minimum; τ is found by a log-spaced scan refined by Newton's method
 * (drydown_fit.c). Events the point count drops are not fitted. */
#include "drydown.h"

#include "drydown_fit.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- options ------------------------------------------------------------------------------ */

static const char *const preset_names[DRYDOWN_PRESET_COUNT] = {"seed", "mccoll2017", "araki", "drytex"};

void drydown_apply_preset(drydown_options *o, drydown_preset preset)
{
    *o = (drydown_options){.min_points = 3, .r2_min = 0.7, .tau_min = 0.5, .tau_max = 200.0};
    if (preset == DRYDOWN_MCCOLL2017) {
        o->min_points = 4;
        o->r2_min = 0.0;
        o->start_rise = 0.08;     /* 2 × 0.04 */
        o->rise_fraction = 0.05;  /* a rise < 5 % of the cell's range does not end it */
    } else if (preset == DRYDOWN_ARAKI || preset == DRYDOWN_DRYTEX) {
        o->min_points = 5;
        o->r2_min = 0.8;
        o->start_rise = 0.04;
        o->rise_fraction = 0.05;
        o->rise_absolute = 0.04;  /* a rise ≥ min(5 % of range, 0.04) ends it */
        o->max_gap = 3;
        o->rain_threshold = 2.0;
        o->max_length = 30;
        o->min_range_fraction = 0.2;
        o->cap_fraction = 0.95;
        o->lower_bound_pixel_min = 1; /* θw ≥ the pixel's minimum, as Araki's code bounds it */
        if (preset == DRYDOWN_DRYTEX) o->min_points = 8; /* fewer noisy points fit noise, not decay */
    }
}

void drydown_default_options(drydown_options *o)
{
    drydown_apply_preset(o, DRYDOWN_DRYTEX);
}

int drydown_preset_parse(const char *name, drydown_options *o, dt_error *err)
{
    for (int p = 0; p < DRYDOWN_PRESET_COUNT; p++)
        if (strcmp(name, preset_names[p]) == 0) {
            drydown_apply_preset(o, (drydown_preset)p);
            return DT_OK;
        }
    return dt_error_set(err, DT_ERR_USAGE, "unknown drydown preset '%s' (seed, mccoll2017, araki, drytex)", name);
}

const char *drydown_preset_name(drydown_preset preset)
{
    return preset < DRYDOWN_PRESET_COUNT ? preset_names[preset] : "unknown";
}

int drydown_validate(const drydown_options *o, dt_error *err)
{
    if (o->min_points < 3) return dt_error_set(err, DT_ERR_USAGE, "drydown min_points %zu: at least 3 are needed for 3 parameters", o->min_points);
    if (!(o->r2_min <= 1.0)) return dt_error_set(err, DT_ERR_USAGE, "drydown r2_min %g must be ≤ 1", o->r2_min);
    if (!(o->tau_min > 0) || !(o->tau_max > o->tau_min) || !(o->tau_max <= DRYDOWN_FIT_TAU_LIMIT))
        return dt_error_set(err, DT_ERR_USAGE, "drydown τ range %g…%g days must be positive, increasing and end by %d",
                            o->tau_min, o->tau_max, DRYDOWN_FIT_TAU_LIMIT);
    if (!(o->start_rise >= 0) || !(o->rise_fraction >= 0) || !(o->rise_absolute >= 0) || !(o->rain_threshold >= 0) ||
        !(o->min_range_fraction >= 0) || !(o->cap_fraction >= 0))
        return dt_error_set(err, DT_ERR_USAGE, "drydown thresholds must be ≥ 0");
    return DT_OK;
}

const char *drydown_drop_name(drydown_drop drop)
{
    static const char *const names[DRYDOWN_DROP_COUNT] = {"kept", "too short", "poor fit", "small range", "flat"};
    return drop < DRYDOWN_DROP_COUNT ? names[drop] : "unknown";
}

const char *drydown_cell_status_name(drydown_cell_status status)
{
    static const char *const names[DRYDOWN_CELL_STATUS_COUNT] = {"ok", "no valid data", "no drydown events", "no event kept"};
    return status < DRYDOWN_CELL_STATUS_COUNT ? names[status] : "unknown";
}

void drydown_result_init(drydown_result *r)
{
    memset(r, 0, sizeof *r);
}

void drydown_result_free(drydown_result *r)
{
    free(r->events);
    free(r->scratch);
    memset(r, 0, sizeof *r);
}

double drydown_event_value(const drydown_event *e, double t)
{
    return e->delta * exp(-t / e->tau) + e->theta_w;
}

/* ---- detection ------------------------------------------------------------------------------ */

/* The valid observations in time order, compacted: detection and fits visit no missing day. */
typedef struct {
    const drydown_options *o;
    const double *day, *value; /* [valid] day index (whole days, as doubles) and value of each */
    size_t valid;
    const float *precip;       /* [n] by day, or NULL */
    double cell_min, cell_range, tolerance;
    int other_rules;           /* a gap, rain or length rule is set (else only rises end events) */
    double *t;                 /* scratch for one event's days since its start */
    const drydown_scan_table *table;
} detector;

static void grow_events(drydown_result *r)
{
    if (r->count < r->capacity) return;
    r->capacity = r->capacity ? 2 * r->capacity : 64;
    r->events = dt_realloc(r->events, r->capacity * sizeof *r->events);
}

/* Records and fits the event of the valid observations first..last (compact indices). */
static void close_event(detector *d, size_t first, size_t last, drydown_result *r)
{
    size_t points = last - first + 1;
    if (points < 2) return; /* a lone wetting value is not a drydown */
    const double *y = d->value + first, *day = d->day + first;
    double event_min = y[0];
    for (size_t k = 0; k < points; k++) {
        d->t[k] = day[k] - day[0];
        event_min = y[k] < event_min ? y[k] : event_min;
    }
    grow_events(r);
    drydown_event *e = &r->events[r->count++];
    *e = (drydown_event){.start = (size_t)d->day[first], .end = (size_t)d->day[last], .points = points,
                         .theta_c = y[0], .delta = NAN, .tau = NAN, .theta_w = NAN, .r2 = NAN};
    if (points >= d->o->min_points) { /* events the point count drops are not fitted */
        drydown_fit_problem p = {d->t, y, points, d->o->lower_bound_pixel_min ? d->cell_min : 0.0, event_min};
        if (p.lower > p.upper) p.lower = p.upper;
        drydown_fit_result f;
        drydown_fit(d->table, &p, &f);
        if (f.sst > 0) {
            e->tau = f.tau;
            e->delta = f.delta;
            e->theta_w = f.theta_w;
            e->r2 = 1.0 - f.sse / f.sst;
        }
    }
    if (points < d->o->min_points) e->drop = DRYDOWN_TOO_SHORT;
    else if (isnan(e->r2)) e->drop = DRYDOWN_FLAT;
    else if (e->r2 < d->o->r2_min) e->drop = DRYDOWN_POOR_FIT;
    else if (d->o->min_range_fraction > 0 && !(y[0] - event_min > d->o->min_range_fraction * d->cell_range))
        e->drop = DRYDOWN_SMALL_RANGE;
    else e->drop = DRYDOWN_KEPT;
}

/* Does valid observation j (after the event's last one, j − 1) end the running event that began
 * at start? (compact indices) A rise beyond the tolerance, the usual end, is tested first; the
 * other rules only when the preset has any. */
static int ends_event(const detector *d, size_t start, size_t j)
{
    if (d->value[j] - d->value[j - 1] > d->tolerance) return 1;
    if (!d->other_rules) return 0;
    const drydown_options *o = d->o;
    double i = d->day[j];
    if (o->max_gap && i - d->day[j - 1] - 1 > (double)o->max_gap) return 1;
    if (o->rain_threshold > 0 && d->precip && i >= 1) {
        float rain = d->precip[(size_t)i - 1];
        if (!isnan(rain) && rain >= o->rain_threshold) return 1;
    }
    return o->max_length && i - d->day[start] > (double)o->max_length;
}

static void detect(detector *d, drydown_result *r)
{
    int in_event = 0;
    size_t start = 0;
    double trough = d->value[0];
    for (size_t j = 1; j < d->valid; j++) {
        if (in_event) {
            if (!ends_event(d, start, j)) continue; /* j extends the event */
            close_event(d, start, j - 1, r);
            in_event = 0;
            trough = d->value[j - 1];
        }
        double v = d->value[j], before = d->value[j - 1];
        if (v > before && v - (trough < before ? trough : before) >= d->o->start_rise) {
            in_event = 1;
            start = j;
        } else if (v < trough) {
            trough = v;
        }
    }
    if (in_event) close_event(d, start, d->valid - 1, r);
}

/* ---- the cell summary ------------------------------------------------------------------------ */

/* Rearranges a[0..n) so that a[k] is its k-th smallest value, no larger value before it and no
 * smaller one after (Hoare's FIND, as written by Wirth, Algorithms + Data Structures = Programs,
 * 1976, §2.3.4): O(n) on average, and deterministic. */
static double select_smallest(double *a, long n, long k)
{
    long left = 0, right = n - 1;
    while (left < right) {
        double pivot = a[k];
        long i = left, j = right;
        do {
            while (a[i] < pivot) i++;
            while (pivot < a[j]) j--;
            if (i <= j) {
                double swap = a[i];
                a[i++] = a[j];
                a[j--] = swap;
            }
        } while (i <= j);
        if (j < k) left = i;
        if (k < i) right = j;
    }
    return a[k];
}

/* The values of ranks lo and lo + 1 of a, where a[from..to) holds exactly the ranks from … to − 1
 * (from ≤ lo < to): rank lo by selection, rank lo + 1 the smallest value after it — or, past the
 * last value, rank lo again. Reorders a[from..to). */
static void rank_pair(double *a, size_t from, size_t to, size_t lo, double *low, double *high)
{
    *low = select_smallest(a + from, (long)(to - from), (long)(lo - from));
    *high = lo + 1 < to ? a[lo + 1] : *low;
    for (size_t i = lo + 2; i < to; i++)
        if (a[i] < *high) *high = a[i];
}

/* Quantiles of n values, linear interpolation between order statistics (Hyndman & Fan 1996,
 * type 7): h = (n − 1) q, value = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]). The median by selection
 * over all values, then each quartile among the values on its side of it. Reorders a. */
static void quartiles(double *a, size_t n, double *q25, double *q50, double *q75) /* q25, q75 may be NULL */
{
    double h[3] = {(double)(n - 1) * 0.25, (double)(n - 1) * 0.5, (double)(n - 1) * 0.75}, low[3], high[3];
    double *out[3] = {q25, q50, q75};
    size_t rank[3];
    for (int k = 0; k < 3; k++) rank[k] = (size_t)floor(h[k]);
    rank_pair(a, 0, n, rank[1], &low[1], &high[1]);
    for (int k = 0; k < 3; k += 2) {
        if (!out[k]) continue;
        if (rank[k] == rank[1]) low[k] = low[1], high[k] = high[1];
        else if (k == 0) rank_pair(a, 0, rank[1] + 1, rank[0], &low[0], &high[0]); /* rank[0] + 1 ≤ rank[1] */
        else rank_pair(a, rank[1] + 1, n, rank[2], &low[2], &high[2]);
    }
    for (int k = 0; k < 3; k++)
        if (out[k]) *out[k] = low[k] + (h[k] - (double)rank[k]) * (high[k] - low[k]);
}

static void summarise(drydown_result *r, double *work)
{
    double *w = work, *c = work + r->count, *tau = work + 2 * r->count;
    size_t k = 0;
    for (size_t i = 0; i < r->count; i++)
        if (r->events[i].drop == DRYDOWN_KEPT) {
            w[k] = r->events[i].theta_w;
            c[k] = r->events[i].theta_c;
            tau[k++] = r->events[i].tau;
        }
    r->kept = k;
    r->theta_w = r->theta_c = r->tau = NAN;
    r->theta_w_q25 = r->theta_w_q75 = r->theta_c_q25 = r->theta_c_q75 = NAN;
    if (k == 0) return;
    quartiles(w, k, &r->theta_w_q25, &r->theta_w, &r->theta_w_q75);
    quartiles(c, k, &r->theta_c_q25, &r->theta_c, &r->theta_c_q75);
    quartiles(tau, k, NULL, &r->tau, NULL);
}

/* The valid values (finite, not above cap × max) and their day indices, compacted in time order;
 * returns their count. *mean and *finite over every finite value, capped or not (the cap masks
 * values for the events only: the mean SM and valid days stay the series'). No branch depends on a
 * value's validity (30 % of days missing is a pattern no predictor follows): the finite values are
 * compacted first, every value written at the next free place, which only a finite one then takes;
 * the cap then compacts them again in place. */
static size_t prepare_series(const drydown_options *o, const float *theta, size_t n, double *day, double *value,
                             double *mean, size_t *finite, double *low, double *high, double *cap_used)
{
    size_t all = 0;
    for (size_t i = 0; i < n; i++) {
        double v = theta[i];
        day[all] = (double)i;
        value[all] = v;
        all += (size_t)((v >= -DBL_MAX) & (v <= DBL_MAX)); /* NaN fails both */
    }
    double max = -INFINITY, sum = 0;
    for (size_t k = 0; k < all; k++) {
        max = value[k] > max ? value[k] : max;
        sum += value[k];
    }
    double cap = o->cap_fraction > 0 ? o->cap_fraction * max : DBL_MAX;
    *cap_used = cap;
    size_t valid = 0;
    for (size_t k = 0; k < all; k++) {
        double v = value[k], i = day[k];
        day[valid] = i;
        value[valid] = v;
        valid += (size_t)(v <= cap);
    }
    double lowest = INFINITY, highest = -INFINITY;
    for (size_t k = 0; k < valid; k++) {
        lowest = value[k] < lowest ? value[k] : lowest;
        highest = value[k] > highest ? value[k] : highest;
    }
    *low = lowest;
    *high = highest;
    *mean = all ? sum / (double)all : NAN;
    *finite = all;
    return valid;
}

int drydown_analyse(const drydown_options *o, const float *theta, const float *precip, size_t n,
                    drydown_result *r, dt_error *err)
{
    int status = drydown_validate(o, err);
    if (status != DT_OK) return status;
    size_t need = 3 * n + 8;
    if (r->scratch_size < need) {
        free(r->scratch);
        r->scratch = dt_malloc(need * sizeof *r->scratch);
        r->scratch_size = need;
    }
    r->count = 0;
    double low, high;
    drydown_scan_table table;
    drydown_scan_table_init(&table, o->tau_min, o->tau_max);
    detector d = {.o = o, .day = r->scratch, .value = r->scratch + n, .precip = precip, .t = r->scratch + 2 * n,
                  .table = &table};
    d.valid = prepare_series(o, theta, n, r->scratch, r->scratch + n, &r->mean_sm, &r->valid, &low, &high, &r->cap);
    r->min_sm = d.valid ? low : NAN;
    d.cell_min = low;
    d.cell_range = high - low;
    d.tolerance = o->rise_fraction * d.cell_range;
    if (o->rise_absolute > 0) d.tolerance = fmin(d.tolerance, o->rise_absolute);
    d.other_rules = o->max_gap || (o->rain_threshold > 0 && precip) || o->max_length;
    if (d.valid > 0) detect(&d, r);
    double *work = r->scratch; /* the series is free again: 3 × count ≤ 1.5 n values (≥ 2 points an event) */
    summarise(r, work);
    r->status = r->valid == 0 ? DRYDOWN_CELL_NO_DATA : r->count == 0 ? DRYDOWN_CELL_NO_EVENTS
              : r->kept == 0 ? DRYDOWN_CELL_NONE_KEPT : DRYDOWN_CELL_OK;
    return DT_OK;
}
