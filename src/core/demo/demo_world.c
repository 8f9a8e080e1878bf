/* demo_world.c — the synthetic twin world of the demo (DESIGN.md §6).
 *
 * What is true: a texture field (sand, clay, SOC) on the satellite grid with an arid (north-west,
 * sandy, little carbon) to humid (south-east, clayey, more carbon) gradient plus smooth random
 * structure; its thresholds θw, θc come from the true texture through a chosen PTF.
 * What is biased: the GSDE-like baseline is the truth shrunk halfway to the domain mean (too
 * uniform, as the seed paper found global maps to be) with fine-scale noise; the HWSD-like baseline
 * is blocky (1° mapping units), shrunk further and a little too sandy.
 * How the series are made (the analytic drydown process of the foundation issue): daily rain
 * pulses (seasonal, more and heavier in the humid south-east) wet the surface to about θc; between
 * pulses θ decays exponentially towards θw with a time scale set by potential ET; the satellite
 * sees it with Gaussian retrieval noise and random missing days. */
#include "demo_world.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "rng.h"
#include "simulate.h"

void demo_default_settings(demo_settings *s)
{
    s->seed = 20170601;
    s->rows = 40;
    s->cols = 60;
    s->lat_north = 40.0;
    s->lon_west = 95.0;
    s->cell = 0.25;
    s->fine_factor = 5;
    s->first_day = calendar_days_from_civil(2011, 1, 1);
    s->ndays = (size_t)(calendar_days_from_civil(2021, 1, 1) - s->first_day);
    s->truth_ptf = PTF_SR06;
    s->noise = 0.004;
    s->gap_fraction = 0.3;
    s->series_model = DEMO_SERIES_ANALYTIC;
}

/* A smooth random field on [0,1]²: a few low-frequency cosine modes, amplitude ~1. */
typedef struct {
    double kx[6], ky[6], phase[6], amplitude[6];
} smooth_field;

static void smooth_field_init(smooth_field *f, rng_state *rng)
{
    for (int k = 0; k < 6; k++) {
        f->kx[k] = rng_uniform_range(rng, 0.3, 2.5);
        f->ky[k] = rng_uniform_range(rng, 0.3, 2.5);
        f->phase[k] = rng_uniform_range(rng, 0.0, 2.0 * M_PI);
        f->amplitude[k] = rng_uniform_range(rng, 0.2, 0.5);
    }
}

static double smooth_field_at(const smooth_field *f, double x, double y)
{
    double value = 0.0;
    for (int k = 0; k < 6; k++)
        value += f->amplitude[k] * cos(2.0 * M_PI * (f->kx[k] * x + f->ky[k] * y) + f->phase[k]);
    return value / 1.5;
}

static double clamp(double x, double low, double high)
{
    return x < low ? low : x > high ? high : x;
}

static void build_truth(demo_world *w, rng_state *rng)
{
    const demo_settings *s = &w->settings;
    smooth_field wet, fs, fc, fo;
    smooth_field_init(&wet, rng);
    smooth_field_init(&fs, rng);
    smooth_field_init(&fc, rng);
    smooth_field_init(&fo, rng);
    ptf_options ptf;
    ptf_default_options(&ptf);
    ptf.scheme = s->truth_ptf;
    for (size_t r = 0; r < s->rows; r++) {
        for (size_t c = 0; c < s->cols; c++) {
            size_t i = r * s->cols + c;
            double x = (c + 0.5) / s->cols, y = (r + 0.5) / s->rows; /* y grows southwards */
            double wetness = clamp(0.1 + 0.8 * (0.5 * x + 0.5 * y) + 0.12 * smooth_field_at(&wet, x, y), 0, 1);
            double sand = clamp(72.0 - 50.0 * wetness + 8.0 * smooth_field_at(&fs, x, y), 12.0, 90.0);
            double clay = clamp(7.0 + 30.0 * wetness + 5.0 * smooth_field_at(&fc, x, y), 4.0, 50.0);
            if (sand + clay > 95.0) sand = 95.0 - clay;
            double soc = clamp(0.4 + 2.6 * wetness + 0.4 * smooth_field_at(&fo, x, y), 0.2, 6.0);
            double theta_w, theta_c;
            ptf_thresholds(&ptf, sand, clay, soc, &theta_w, &theta_c);
            w->wetness[i] = (float)wetness;
            w->sand[i] = (float)sand;
            w->clay[i] = (float)clay;
            w->soc[i] = (float)soc;
            w->theta_w[i] = (float)theta_w;
            w->theta_c[i] = (float)theta_c;
        }
    }
}

static double mean_of(const float *v, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) sum += v[i];
    return sum / (double)n;
}

/* GSDE-like: the truth shrunk halfway to its mean, with fine-scale noise. */
static void build_gsde(demo_world *w, rng_state *rng)
{
    const demo_settings *s = &w->settings;
    size_t f = s->fine_factor, fine_cols = s->cols * f, n = s->rows * s->cols;
    double ms = mean_of(w->sand, n), mc = mean_of(w->clay, n), mo = mean_of(w->soc, n);
    for (size_t r = 0; r < s->rows * f; r++) {
        for (size_t c = 0; c < fine_cols; c++) {
            size_t coarse = (r / f) * s->cols + c / f, i = r * fine_cols + c;
            double sand = ms + 0.5 * (w->sand[coarse] - ms) + 3.0 * rng_normal(rng);
            double clay = mc + 0.5 * (w->clay[coarse] - mc) + 1.5 * rng_normal(rng);
            double soc = mo + 0.5 * (w->soc[coarse] - mo) + 0.2 * rng_normal(rng);
            w->gsde_sand[i] = (float)clamp(sand, 5.0, 92.0);
            w->gsde_clay[i] = (float)clamp(clay, 2.0, 55.0);
            w->gsde_soc[i] = (float)clamp(soc, 0.05, 8.0);
        }
    }
}

/* HWSD-like: 1° mapping units (4 × 4 satellite cells) of the shrunk truth, a little too sandy. */
static void build_hwsd(demo_world *w, rng_state *rng)
{
    const demo_settings *s = &w->settings;
    size_t f = s->fine_factor, fine_cols = s->cols * f, unit = 4, n = s->rows * s->cols;
    double ms = mean_of(w->sand, n), mc = mean_of(w->clay, n), mo = mean_of(w->soc, n);
    for (size_t r = 0; r < s->rows * f; r++) {
        for (size_t c = 0; c < fine_cols; c++) {
            size_t ur = (r / f) / unit * unit, uc = (c / f) / unit * unit;
            double sand = 0, clay = 0, soc = 0;
            int count = 0;
            for (size_t rr = ur; rr < ur + unit && rr < s->rows; rr++)
                for (size_t cc = uc; cc < uc + unit && cc < s->cols; cc++, count++) {
                    sand += w->sand[rr * s->cols + cc];
                    clay += w->clay[rr * s->cols + cc];
                    soc += w->soc[rr * s->cols + cc];
                }
            sand /= count, clay /= count, soc /= count;
            size_t i = r * fine_cols + c;
            w->hwsd_sand[i] = (float)clamp(ms + 0.6 * (sand - ms) + 4.0 + 1.0 * rng_normal(rng), 5.0, 92.0);
            w->hwsd_clay[i] = (float)clamp(mc + 0.6 * (clay - mc) + 0.5 * rng_normal(rng), 2.0, 55.0);
            w->hwsd_soc[i] = (float)clamp(mo + 0.6 * (soc - mo) + 0.1 * rng_normal(rng), 0.05, 8.0);
        }
    }
}

/* Day of year 1…366 of an epoch day. */
static int day_of_year(long epoch_day)
{
    int year, month, day;
    calendar_civil_from_days(epoch_day, &year, &month, &day);
    return (int)(epoch_day - calendar_days_from_civil(year, 1, 1)) + 1;
}

int demo_world_build(demo_world *w, const demo_settings *settings, dt_error *err)
{
    memset(w, 0, sizeof *w);
    w->settings = *settings;
    const demo_settings *s = &w->settings;
    if (s->rows == 0 || s->cols == 0 || s->fine_factor == 0 || s->ndays == 0)
        return dt_error_set(err, DT_ERR_USAGE, "demo: empty world (%zu × %zu cells, %zu days)",
                            s->rows, s->cols, s->ndays);
    size_t n = s->rows * s->cols, fine = n * s->fine_factor * s->fine_factor;
    float **coarse[] = {&w->sand, &w->clay, &w->soc, &w->theta_w, &w->theta_c, &w->wetness};
    for (size_t k = 0; k < sizeof coarse / sizeof *coarse; k++) *coarse[k] = dt_malloc(n * sizeof(float));
    float **fine_fields[] = {&w->gsde_sand, &w->gsde_clay, &w->gsde_soc, &w->hwsd_sand, &w->hwsd_clay, &w->hwsd_soc};
    for (size_t k = 0; k < sizeof fine_fields / sizeof *fine_fields; k++)
        *fine_fields[k] = dt_malloc(fine * sizeof(float));
    w->season = dt_malloc(s->ndays * sizeof *w->season); /* once, not for every cell (it was a tenth of the demo's time) */
    for (size_t d = 0; d < s->ndays; d++) w->season[d] = sin(2.0 * M_PI * (day_of_year(s->first_day + (long)d) - 105) / 365.25);
    rng_state rng;
    rng_seed(&rng, s->seed, UINT64_MAX);
    build_truth(w, &rng);
    build_gsde(w, &rng);
    build_hwsd(w, &rng);
    return DT_OK;
}

void demo_world_free(demo_world *w)
{
    float *fields[] = {w->sand, w->clay, w->soc, w->theta_w, w->theta_c, w->wetness, w->gsde_sand,
                       w->gsde_clay, w->gsde_soc, w->hwsd_sand, w->hwsd_clay, w->hwsd_soc};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) free(fields[k]);
    free(w->season);
    memset(w, 0, sizeof *w);
}

void demo_series_alloc(demo_series *series, size_t ndays)
{
    series->precip = dt_malloc(ndays * sizeof(float));
    series->pet = dt_malloc(ndays * sizeof(float));
    series->truth = dt_malloc(ndays * sizeof(float));
    series->satellite = dt_malloc(ndays * sizeof(float));
}

void demo_series_free(demo_series *series)
{
    free(series->precip);
    free(series->pet);
    free(series->truth);
    free(series->satellite);
    memset(series, 0, sizeof *series);
}

/* The truth of a column twin: the Noah-MP column with the true texture (truth_ptf) in every layer,
 * driven by the cell's P and PET exactly as `drytex simulate` runs it. */
static void column_truth(const demo_world *w, size_t i, demo_series *out)
{
    const demo_settings *s = &w->settings;
    ptf_options ptf;
    ptf_default_options(&ptf);
    ptf.scheme = s->truth_ptf;
    ptf_hydraulics soil;
    simulate_options options;
    simulate_default_options(&options);
    simulate_run run = {.top = out->truth};
    dt_error err;
    if (ptf_eval(&ptf, w->sand[i], w->clay[i], w->soc[i], &soil, &err) != DT_OK ||
        simulate_column(&options, &soil, s->first_day, out->precip, out->pet, s->ndays, &run, &err) != DT_OK)
        for (size_t d = 0; d < s->ndays; d++) out->truth[d] = NAN; /* the truth texture is valid by construction */
}

void demo_cell_series(const demo_world *w, size_t row, size_t col, demo_series *out)
{
    const demo_settings *s = &w->settings;
    size_t i = row * s->cols + col;
    double wet = w->wetness[i], theta_w = w->theta_w[i], theta_c = w->theta_c[i];
    rng_state rng;
    rng_seed(&rng, s->seed, (uint64_t)i);
    double theta = theta_c;
    for (size_t d = 0; d < s->ndays; d++) {
        double season = w->season[d];
        double rain_chance = (0.04 + 0.22 * wet) * (1.0 + 0.7 * season);
        double precip = rng_uniform(&rng) < rain_chance ? -(3.0 + 9.0 * wet) * log(1.0 - rng_uniform(&rng)) : 0.0;
        double pet = fmax(0.3, (2.2 + 2.0 * (1.0 - wet)) * (1.0 + 0.6 * season));
        if (precip >= 2.0) {
            double peak = theta_c + 0.012 * rng_normal(&rng); /* "about θc": unbiased, so the median start is θc */
            theta = fmax(theta, peak);
        } else {
            double tau = clamp(2.0 + 16.0 / pet, 3.0, 15.0); /* [d] faster under higher demand */
            theta = theta_w + (theta - theta_w) * exp(-1.0 / tau);
        }
        out->precip[d] = (float)precip;
        out->pet[d] = (float)pet;
        out->truth[d] = (float)theta;
        /* the retrieval error and the gap are drawn here for both models, so they share them */
        double error = s->noise * rng_normal(&rng);
        out->satellite[d] = rng_uniform(&rng) < s->gap_fraction ? NAN : (float)error;
    }
    if (s->series_model == DEMO_SERIES_COLUMN) column_truth(w, i, out);
    for (size_t d = 0; d < s->ndays; d++)
        if (!isnan(out->satellite[d])) out->satellite[d] = (float)clamp(out->truth[d] + out->satellite[d], 0.01, 0.6);
}
