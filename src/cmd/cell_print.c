/* cell_print.c — one cell's report as text, JSON or an events CSV (see cell_print.h). */
#include "cell_print.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cftime.h"

static void date_text(long day, char *buffer, size_t size)
{
    int y, m, d;
    calendar_civil_from_days(day, &y, &m, &d);
    snprintf(buffer, size, "%04d-%02d-%02d", y, m, d);
}

/* JSON numbers: NaN and infinities become null. */
static void json_number(FILE *out, const char *name, double value, int comma)
{
    if (isfinite(value)) fprintf(out, "\"%s\": %.6g%s", name, value, comma ? ", " : "");
    else fprintf(out, "\"%s\": null%s", name, comma ? ", " : "");
}

static const char *const run_label[CELL_RUNS] = {"baseline", "optimised"};

static void print_json_simulation(FILE *out, const cell_report *r)
{
    const cell_simulation *s = &r->simulation;
    char start[16];
    date_text(s->first_day, start, sizeof start);
    fprintf(out, ",\n \"simulation\": {\"engine\": \"Noah-MP soil hydrology with a PET-based ET closure\", \"first\": \"%s\", \"days\": %zu, ",
           start, s->ndays);
    fprintf(out, "\"why_not\": \"%s\"", s->why_not);
    for (int k = 0; k < CELL_RUNS; k++) {
        if (!s->ran[k]) continue;
        const simulate_run *run = &s->run[k];
        const simulate_comparison *c = &s->vs_satellite[k];
        fprintf(out, ",\n  \"%s\": {", run_label[k]);
        json_number(out, "jja_sm", run->jja_top, 1), json_number(out, "evaporation_mm", run->evaporation, 1);
        json_number(out, "transpiration_mm", run->transpiration, 1), json_number(out, "runoff_mm", run->surface_runoff, 1);
        json_number(out, "drainage_mm", run->drainage, 1);
        fprintf(out, "\"spinup_loops\": %d, \"vs_satellite\": {\"count\": %zu, ", run->spinup_loops, c->all.count);
        json_number(out, "bias", c->all.bias, 1), json_number(out, "rmse", c->all.rmse, 1), json_number(out, "ubrmse", c->all.ubrmse, 1);
        json_number(out, "r", c->all.r, 1), json_number(out, "jja_difference", c->jja_difference, 0);
        fprintf(out, "},\n   \"sm\": [");
        for (size_t d = 0; d < s->ndays; d++) fprintf(out, isfinite(s->top[k][d]) ? "%s%.4f" : "%snull", d ? "," : "", s->top[k][d]);
        fprintf(out, "]}");
    }
    fprintf(out, "}");
}

void cell_print_json(FILE *out, const cell_report *r, const cell_inputs *in)
{
    char start[16], end[16], day[16];
    date_text(r->first_day, start, sizeof start);
    date_text(r->first_day + (long)r->ndays - 1, end, sizeof end);
    fprintf(out, "{\"cell\": {\"row\": %zu, \"col\": %zu, \"lat\": %.6f, \"lon\": %.6f},\n", r->row, r->col, r->lat, r->lon);
    fprintf(out, " \"series\": {\"first\": \"%s\", \"last\": \"%s\", \"days\": %zu, \"valid\": %zu, ", start, end, r->ndays, r->drydowns.valid);
    json_number(out, "mean", r->drydowns.mean_sm, 0);
    const drydown_result *d = &r->drydowns;
    fprintf(out, "},\n \"drydowns\": {\"found\": %zu, \"kept\": %zu, \"status\": \"%s\", ", d->count, d->kept, drydown_cell_status_name(d->status));
    json_number(out, "theta_w", d->theta_w, 1), json_number(out, "theta_w_q25", d->theta_w_q25, 1), json_number(out, "theta_w_q75", d->theta_w_q75, 1);
    json_number(out, "theta_c", d->theta_c, 1), json_number(out, "theta_c_q25", d->theta_c_q25, 1), json_number(out, "theta_c_q75", d->theta_c_q75, 1);
    json_number(out, "tau", d->tau, 0);
    fprintf(out, ",\n  \"events\": [");
    for (size_t i = 0; i < d->count; i++) {
        const drydown_event *e = &d->events[i];
        date_text(r->first_day + (long)e->start, day, sizeof day);
        fprintf(out, "%s\n   {\"start\": \"%s\", \"days\": %zu, \"points\": %zu, ", i ? "," : "", day, e->end - e->start + 1, e->points);
        json_number(out, "theta_c", e->theta_c, 1), json_number(out, "delta", e->delta, 1), json_number(out, "tau", e->tau, 1);
        json_number(out, "theta_w", e->theta_w, 1), json_number(out, "r2", e->r2, 1);
        fprintf(out, "\"kept\": %s, \"reason\": \"%s\"}", e->drop == DRYDOWN_KEPT ? "true" : "false", drydown_drop_name(e->drop));
    }
    const thresholds_result *th = &r->thresholds;
    fprintf(out, "]},\n \"thresholds\": {\"estimator\": \"%s\", \"status\": \"%s\", \"events\": %zu, ",
            thresholds_estimator_name(in->thresholds.estimator), thresholds_status_flag(th->status), th->events);
    json_number(out, "theta_w", th->theta_w, 1), json_number(out, "theta_w_low", th->theta_w_low, 1);
    json_number(out, "theta_w_high", th->theta_w_high, 1), json_number(out, "theta_c", th->theta_c, 1);
    json_number(out, "theta_c_low", th->theta_c_low, 1), json_number(out, "theta_c_high", th->theta_c_high, 1);
    json_number(out, "theta_star", th->theta_star, 1), json_number(out, "theta_star_low", th->theta_star_low, 1);
    json_number(out, "theta_star_high", th->theta_star_high, 1), json_number(out, "loss_max", th->loss_max, 1);
    json_number(out, "noise", th->noise, 1), json_number(out, "series_min", d->min_sm, 0);
    const calib_result *c = &r->calibration;
    fprintf(out, "},\n \"calibration\": {\"ptf\": \"%s\", \"cost_function\": \"%s\", \"status\": \"%s\", ", ptf_name(in->calib.ptf.scheme),
           calib_cost_name(in->calib.cost), calib_status_name(c->status));
    fprintf(out, "\"baseline\": {");
    json_number(out, "sand", r->target.baseline[0], 1), json_number(out, "clay", r->target.baseline[1], 1), json_number(out, "soc", r->target.baseline[2], 0);
    fprintf(out, ", \"class\": \"%s\"}, \"optimised\": {", texture_class_name(r->class_before));
    json_number(out, "sand", c->optimised[0], 1), json_number(out, "clay", c->optimised[1], 1), json_number(out, "soc", c->optimised[2], 0);
    fprintf(out, ", \"class\": \"%s\"}, ", texture_class_name(r->class_after));
    json_number(out, "theta_wlt_before", c->wlt_before, 1), json_number(out, "theta_ref_before", c->ref_before, 1);
    json_number(out, "theta_wlt_after", c->wlt_after, 1), json_number(out, "theta_ref_after", c->ref_after, 1);
    json_number(out, "cost", c->cost, 1);
    fprintf(out, "\"evaluations\": %ld, \"loops\": %d, \"stop\": \"%s\",\n  \"trace\": [", c->sceua.evaluations, c->sceua.loops,
           c->sceua.evaluations ? sceua_stop_name(c->sceua.stop) : "not run");
    const sceua_trace *t = &c->sceua.trace;
    int n = c->sceua.n;
    for (int i = 0; i < t->count; i++) {
        fprintf(out, "%s\n   {\"evaluations\": %ld, ", i ? "," : "", t->evaluations[i]);
        json_number(out, "best", t->best_f[i], 1), json_number(out, "worst", t->worst_f[i], 1), json_number(out, "gnrng", t->gnrng[i], 0);
        fprintf(out, ", \"best_x\": [");
        for (int k = 0; k < n; k++) fprintf(out, "%s%.6g", k ? ", " : "", t->best_x[i * n + k]);
        fprintf(out, "]}");
    }
    fprintf(out, "]}");
    if (in->precip) print_json_simulation(out, r);
    fprintf(out, "}\n");
}

static void print_events(FILE *out, const cell_report *r, size_t limit)
{
    const drydown_result *d = &r->drydowns;
    fprintf(out, "\nevents (%zu found, %zu kept):\n  start       days pts  θc     Δθ     τ [d]   θw     R²     \n", d->count, d->kept);
    for (size_t i = 0; i < d->count && i < limit; i++) {
        const drydown_event *e = &d->events[i];
        char day[16];
        date_text(r->first_day + (long)e->start, day, sizeof day);
        fprintf(out, "  %s %4zu %3zu  %.3f  %.3f  %6.2f  %.3f  %6.3f  %s\n", day, e->end - e->start + 1, e->points, e->theta_c,
               e->delta, e->tau, e->theta_w, e->r2, drydown_drop_name(e->drop));
    }
    if (d->count > limit) fprintf(out, "  … %zu more (--events N, or --json for all)\n", d->count - limit);
}

static void print_calibration(FILE *out, const cell_report *r, const cell_inputs *in)
{
    const calib_result *c = &r->calibration;
    fprintf(out, "\ntexture (PTF %s, cost %s): %s\n", ptf_name(in->calib.ptf.scheme), calib_cost_name(in->calib.cost),
           calib_status_name(c->status));
    if (!r->has_soil) {
        fprintf(out, "  no baseline soil given (--soil)\n");
        return;
    }
    fprintf(out, "             sand   clay   SOC    class              θwlt    θref\n");
    fprintf(out, "  baseline   %5.1f  %5.1f  %5.2f  %-17s  %.3f   %.3f\n", r->target.baseline[0], r->target.baseline[1],
           r->target.baseline[2], texture_class_name(r->class_before), c->wlt_before, c->ref_before);
    if (c->sceua.evaluations)
        fprintf(out, "  optimised  %5.1f  %5.1f  %5.2f  %-17s  %.3f   %.3f\n", c->optimised[0], c->optimised[1], c->optimised[2],
               texture_class_name(r->class_after), c->wlt_after, c->ref_after);
    fprintf(out, "  satellite                                      %.3f   %.3f\n", r->target.theta_w, r->target.theta_c);
    if (!c->sceua.evaluations) return;
    fprintf(out, "\nSCE-UA: %ld evaluations, %d loops, stopped: %s; cost %.3g\n  loop  evals  best        worst       gnrng     best x\n",
           c->sceua.evaluations, c->sceua.loops, sceua_stop_name(c->sceua.stop), c->cost);
    const sceua_trace *t = &c->sceua.trace;
    for (int i = 0; i < t->count; i++) {
        fprintf(out, "  %4d  %5ld  %.4e  %.4e  %.2e ", i, t->evaluations[i], t->best_f[i], t->worst_f[i], t->gnrng[i]);
        for (int k = 0; k < c->sceua.n; k++) fprintf(out, " %.2f", t->best_x[i * c->sceua.n + k]);
        fprintf(out, "\n");
    }
}

static void print_simulation(FILE *out, const cell_report *r)
{
    const cell_simulation *s = &r->simulation;
    char start[16], end[16];
    date_text(s->first_day, start, sizeof start);
    date_text(s->first_day + (long)s->ndays - 1, end, sizeof end);
    fprintf(out, "\nNoah-MP soil hydrology with a PET-based ET closure, %s … %s (forcing cell %zu, %zu):\n", start, end,
           s->forcing_row, s->forcing_col);
    if (!s->ran[CELL_BASELINE]) {
        fprintf(out, "  not simulated: %s\n", s->why_not);
        return;
    }
    fprintf(out, "             JJA θ   ET mm  runoff  drainage  spin-up   vs satellite: bias    RMSE    ubRMSE  R      (days)\n");
    for (int k = 0; k < CELL_RUNS; k++) {
        if (!s->ran[k]) {
            fprintf(out, "  %-10s not simulated (no optimised texture)\n", run_label[k]);
            continue;
        }
        const simulate_run *run = &s->run[k];
        const simulate_comparison *c = &s->vs_satellite[k];
        fprintf(out, "  %-10s %.3f  %6.0f  %6.0f  %8.0f  %4d       %+.4f  %.4f  %.4f  %5.3f  (%zu)\n", run_label[k], run->jja_top,
               run->evaporation + run->transpiration, run->surface_runoff, run->drainage, run->spinup_loops, c->all.bias,
               c->all.rmse, c->all.ubrmse, c->all.r, c->all.count);
    }
}

/* The cell-level estimate in words a student follows. */
static void print_estimate(FILE *out, const cell_report *r, const cell_inputs *in)
{
    const thresholds_result *t = &r->thresholds;
    thresholds_estimator e = in->thresholds.estimator;
    if (e == THRESHOLDS_MEDIAN) return; /* the line above is the estimate */
    const char *name = e == THRESHOLDS_POOLED ? "pooled decay" : "loss function";
    char words[256];
    thresholds_explain(t, in->thresholds.min_events, r->drydowns.min_sm, words, sizeof words);
    fprintf(out, "%s: %s\n", name, words);
    if (t->status == THRESHOLDS_TOO_FEW) return;
    if (isfinite(t->theta_c)) {
        thresholds_explain_critical(t, 0, words, sizeof words);
        fprintf(out, "%s: %s\n", name, words);
    }
    if (e == THRESHOLDS_LOSS && t->status == THRESHOLDS_IDENTIFIED) {
        if (isfinite(t->theta_star))
            fprintf(out, "loss function: θ* %.3f (90 %% interval %.3f–%.3f), maximum loss %.4f m3 m-3 d-1\n", t->theta_star,
                    t->theta_star_low, t->theta_star_high, t->loss_max);
        else
            fprintf(out, "loss function: no plateau seen: θ* above %.3f\n", t->theta_star_low);
    }
}

void cell_print_text(FILE *out, const cell_report *r, const cell_inputs *in, size_t max_events)
{
    char start[16], end[16];
    date_text(r->first_day, start, sizeof start);
    date_text(r->first_day + (long)r->ndays - 1, end, sizeof end);
    const drydown_result *d = &r->drydowns;
    fprintf(out, "cell row %zu, col %zu at %.4f°%c, %.4f°%c\n", r->row, r->col, fabs(r->lat), r->lat < 0 ? 'S' : 'N',
           fabs(r->lon), r->lon < 0 ? 'W' : 'E');
    fprintf(out, "series: %zu days %s … %s, %zu valid (%.0f %%), mean %.3f m3 m-3\n", r->ndays, start, end, d->valid,
           100.0 * (double)d->valid / (double)r->ndays, d->mean_sm);
    fprintf(out, "thresholds: θw %.3f m3 m-3 (IQR %.3f–%.3f), θc %.3f (IQR %.3f–%.3f), τ %.1f d — %s\n", d->theta_w, d->theta_w_q25,
           d->theta_w_q75, d->theta_c, d->theta_c_q25, d->theta_c_q75, d->tau, drydown_cell_status_name(d->status));
    print_estimate(out, r, in);
    print_events(out, r, max_events);
    print_calibration(out, r, in);
    if (in->precip) print_simulation(out, r);
}


void cell_print_events_csv(FILE *out, const cell_report *r)
{
    const drydown_result *d = &r->drydowns;
    fprintf(out, "start,days,points,theta_c,delta,tau,theta_w,r2,kept,reason\n");
    for (size_t i = 0; i < d->count; i++) {
        const drydown_event *e = &d->events[i];
        char day[16];
        date_text(r->first_day + (long)e->start, day, sizeof day);
        fprintf(out, "%s,%zu,%zu,%.6g,%.6g,%.6g,%.6g,%.6g,%d,%s\n", day, e->end - e->start + 1, e->points, e->theta_c,
                e->delta, e->tau, e->theta_w, e->r2, e->drop == DRYDOWN_KEPT, drydown_drop_name(e->drop));
    }
}

static int by_value(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* A point series' origin and its daily means: count, minimum, 2nd percentile (linear between
 * order statistics, as numpy's default). */
void cell_print_point(FILE *out, const series_source *s)
{
    float *sorted = dt_malloc(s->ndays * sizeof *sorted);
    size_t n = 0;
    for (size_t d = 0; d < s->ndays; d++)
        if (!isnan(s->point[d])) sorted[n++] = s->point[d];
    fprintf(out, "point series: %s\n", s->point_description);
    if (n > 0) {
        qsort(sorted, n, sizeof *sorted, by_value);
        double rank = 0.02 * (double)(n - 1);
        size_t low = (size_t)rank;
        double p2 = sorted[low] + (rank - (double)low) * (low + 1 < n ? sorted[low + 1] - sorted[low] : 0.0);
        fprintf(out, "daily means: %zu valid days of %zu, minimum %.3f, 2nd percentile %.3f m3 m-3\n", n, s->ndays, sorted[0], p2);
    }
    free(sorted);
}
