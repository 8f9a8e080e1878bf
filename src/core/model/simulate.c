/* simulate.c — one cell's column run from daily P and PET (noahmp.md §4.2): daily totals are
 * disaggregated to hourly rates (P evenly over rain_hours, PET as a daytime half-sine), the column
 * steps at Δt = 3600 s with Noah-MP's 3/6 sub-steps, and the first year is repeated from θref
 * until no layer changes by more than the tolerance between loops (HRLDAS SPINUP_LOOPS). */
#include "simulate.h"

#include <math.h>
#include <string.h>

#include "calendar.h"

enum { HOURS = 24 };
static const double step_seconds = 3600.0;

void simulate_default_options(simulate_options *o)
{
    closure_default_options(&o->closure);
    o->rain_hours = 24;
    o->sunrise = 6;
    o->sunset = 18;
    o->spinup_days = 365;
    o->spinup_max_loops = 20;
    o->spinup_tolerance = 0.001;
}

int simulate_validate(const simulate_options *o, dt_error *err)
{
    if (o->rain_hours < 1 || o->rain_hours > HOURS)
        return dt_error_set(err, DT_ERR_USAGE, "rain hours %d: must be 1…24", o->rain_hours);
    if (o->sunrise < 0 || o->sunset > HOURS || o->sunset <= o->sunrise)
        return dt_error_set(err, DT_ERR_USAGE, "daylight %d…%d h: need 0 ≤ sunrise < sunset ≤ 24", o->sunrise, o->sunset);
    if (!(o->closure.veg_fraction >= 0 && o->closure.veg_fraction <= 1))
        return dt_error_set(err, DT_ERR_USAGE, "vegetation fraction %g: must be 0…1", o->closure.veg_fraction);
    if (o->closure.root_layers < 1 || o->closure.root_layers > COLUMN_MAX_LAYERS)
        return dt_error_set(err, DT_ERR_USAGE, "root layers %d: must be 1…%d", o->closure.root_layers, COLUMN_MAX_LAYERS);
    if (o->closure.btran_option < 1 || o->closure.btran_option > 3)
        return dt_error_set(err, DT_ERR_USAGE, "BTRAN option %d: must be 1, 2 or 3", o->closure.btran_option);
    if (o->spinup_max_loops < 0 || !(o->spinup_tolerance > 0))
        return dt_error_set(err, DT_ERR_USAGE, "spin-up: %d loops, tolerance %g: need loops ≥ 0 and tolerance > 0",
                            o->spinup_max_loops, o->spinup_tolerance);
    return DT_OK;
}

int simulate_is_jja(long epoch_day)
{
    int year, month, day;
    calendar_civil_from_days(epoch_day, &year, &month, &day);
    return month >= 6 && month <= 8;
}

/* Water amounts of a run so far [m]. */
typedef struct {
    double precipitation, infiltration, runoff, saturation_excess, drainage, evaporation, transpiration;
} budget;

/* One day of 24 hourly steps; returns the day's mean layer-1 θ. */
static double run_day(const simulate_options *o, column_state *state, double precip_mm, double pet_mm,
                      budget *b)
{
    double precip_hourly[HOURS], pet_hourly[HOURS], top = 0.0;
    closure_disaggregate_day(precip_mm, pet_mm, o->rain_hours, o->sunrise, o->sunset, precip_hourly, pet_hourly);
    for (int h = 0; h < HOURS; h++) {
        column_forcing forcing;
        closure_fluxes(&o->closure, state, precip_hourly[h] / 1000.0 / step_seconds,
                       pet_hourly[h] / 1000.0 / step_seconds, &forcing);
        column_fluxes out;
        column_step(state, step_seconds, &forcing, &out);
        top += state->theta[0];
        if (b) {
            b->precipitation += precip_hourly[h] / 1000.0;
            b->infiltration += out.infiltration;
            b->runoff += out.surface_runoff;
            b->saturation_excess += out.saturation_excess;
            b->drainage += out.drainage;
            b->evaporation += out.evaporation;
            b->transpiration += out.transpiration;
        }
    }
    return top / HOURS;
}

static int check_forcing(const float *precip, const float *pet, size_t ndays, long first_day, dt_error *err)
{
    for (size_t i = 0; i < ndays; i++) {
        if (isnan(precip[i]) || isnan(pet[i]) || precip[i] < 0 || pet[i] < 0) {
            int year, month, day;
            calendar_civil_from_days(first_day + (long)i, &year, &month, &day);
            return dt_error_set(err, DT_ERR_NODATA, "forcing on %04d-%02d-%02d: precipitation %g, PET %g mm/d (missing or negative)",
                                year, month, day, precip[i], pet[i]);
        }
    }
    return DT_OK;
}

/* Repeats the first spinup_days days until the state changes by less than the tolerance. */
static void spin_up(const simulate_options *o, column_state *state, const float *precip, const float *pet,
                    size_t ndays, simulate_run *run)
{
    size_t days = o->spinup_days < ndays ? o->spinup_days : ndays;
    run->spinup_loops = 0;
    run->spun_up = o->spinup_max_loops == 0 || days == 0;
    while (!run->spun_up && run->spinup_loops < o->spinup_max_loops) {
        double before[COLUMN_MAX_LAYERS];
        memcpy(before, state->theta, sizeof before);
        for (size_t i = 0; i < days; i++) run_day(o, state, precip[i], pet[i], NULL);
        run->spinup_loops++;
        double change = 0.0;
        for (int k = 0; k < state->config.layers; k++) change = fmax(change, fabs(state->theta[k] - before[k]));
        run->spun_up = change <= o->spinup_tolerance;
    }
}

int simulate_column(const simulate_options *o, const ptf_hydraulics *soil, long first_day, const float *precip,
                    const float *pet, size_t ndays, simulate_run *run, dt_error *err)
{
    if (check_forcing(precip, pet, ndays, first_day, err) != DT_OK) return err->code;
    column_config config;
    column_default_config(&config, soil);
    double initial[COLUMN_MAX_LAYERS];
    for (int k = 0; k < config.layers; k++) initial[k] = config.soil[k].theta_ref;
    column_state state;
    if (column_init(&state, &config, initial, err) != DT_OK) return err->code;
    spin_up(o, &state, precip, pet, ndays, run);
    double water_start = column_water(&state), jja_sum = 0.0;
    size_t jja_days = 0;
    budget b = {0};
    for (size_t i = 0; i < ndays; i++) {
        double top = run_day(o, &state, precip[i], pet[i], &b);
        run->top[i] = (float)top;
        if (simulate_is_jja(first_day + (long)i)) jja_sum += top, jja_days++;
    }
    run->precipitation = 1e3 * b.precipitation;
    run->infiltration = 1e3 * b.infiltration;
    run->surface_runoff = 1e3 * b.runoff;
    run->saturation_excess = 1e3 * b.saturation_excess;
    run->drainage = 1e3 * b.drainage;
    run->evaporation = 1e3 * b.evaporation;
    run->transpiration = 1e3 * b.transpiration;
    run->water_change = 1e3 * (column_water(&state) - water_start);
    run->jja_top = jja_days ? jja_sum / (double)jja_days : NAN;
    return DT_OK;
}

void simulate_compare(const float *s, const float *r, long first_day, size_t ndays, simulate_comparison *out)
{
    metrics_compare(s, r, ndays, &out->all);
    double sum = 0.0;
    out->jja_count = 0;
    for (size_t i = 0; i < ndays; i++) {
        if (isnan(s[i]) || isnan(r[i]) || !simulate_is_jja(first_day + (long)i)) continue;
        sum += (double)s[i] - r[i];
        out->jja_count++;
    }
    out->jja_difference = out->jja_count ? sum / (double)out->jja_count : NAN;
}
