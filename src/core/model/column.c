/* column.c — the Noah-MP soil-water column (noahmp.md §1; Noah-MP v5 SoilWaterMainMod,
 * SoilWaterDiffusionRichardsMod, SoilMoistureSolverMod, RunoffSurfaceFreeDrainMod,
 * MatrixSolverTriDiagonalMod). Written from the equations in noahmp.md, no code copied. */
#include "column.h"

#include <math.h>
#include <string.h>

void column_default_config(column_config *c, const ptf_hydraulics *soil)
{
    memset(c, 0, sizeof *c);
    c->layers = 4;
    const double dz[4] = {0.1, 0.3, 0.6, 1.0};
    for (int k = 0; k < 4; k++) {
        c->dz[k] = dz[k];
        c->soil[k] = *soil;
    }
    c->kdt_ks = soil->k_s;
    c->slope = 0.1;
    c->refkdt = 3.0;
    c->refdk = 2.0e-6;
}

int column_init(column_state *s, const column_config *c, const double *theta, dt_error *err)
{
    if (c->layers < 1 || c->layers > COLUMN_MAX_LAYERS)
        return dt_error_set(err, DT_ERR_USAGE, "column: %d layers (1…%d)", c->layers, COLUMN_MAX_LAYERS);
    for (int k = 0; k < c->layers; k++) {
        const ptf_hydraulics *h = &c->soil[k];
        if (!(c->dz[k] > 0) || !(h->theta_s > 0) || !(h->k_s > 0) || !(h->b > 0) || !(h->d_sat > 0))
            return dt_error_set(err, DT_ERR_VALUE, "column: layer %d has a thickness %g m, θs %g, Ks %g, b %g, Dsat %g",
                                k + 1, c->dz[k], h->theta_s, h->k_s, h->b, h->d_sat);
        if (!(theta[k] >= 0) || theta[k] > h->theta_s + 1e-9)
            return dt_error_set(err, DT_ERR_VALUE, "column: layer %d θ %g outside 0…θs %g", k + 1, theta[k], h->theta_s);
    }
    s->config = *c;
    memcpy(s->theta, theta, (size_t)c->layers * sizeof *theta);
    return DT_OK;
}

double column_water(const column_state *s)
{
    double water = 0;
    for (int k = 0; k < s->config.layers; k++) water += s->theta[k] * s->config.dz[k];
    return water;
}

/* Clapp–Hornberger conductivity and diffusivity (noahmp.md §1.2), s = max(0.01, θ/θs). */
static void hydraulics(const ptf_hydraulics *h, double theta, double *k, double *d)
{
    double log_s = log(fmax(0.01, theta / h->theta_s)); /* one log for both powers */
    *k = h->k_s * exp((2.0 * h->b + 3.0) * log_s);
    *d = h->d_sat * exp((h->b + 2.0) * log_s);
}

/* Schaake et al. (1996) infiltration capacity for a step dt (noahmp.md §1.5, OPT_RUN 3); returns
 * the infiltration rate [m s-1] of a water input qin. */
static double schaake_infiltration(const column_state *s, double qin, double dt)
{
    if (qin <= 0) return 0.0;
    const column_config *c = &s->config;
    const ptf_hydraulics *top = &c->soil[0];
    double deficit = 0;
    for (int k = 0; k < c->layers; k++)
        deficit += c->dz[k] * ((top->theta_s - top->theta_wlt) - (s->theta[k] - c->soil[k].theta_wlt));
    double kdt = c->refkdt * c->kdt_ks / c->refdk;
    double dx = deficit * (1.0 - exp(-kdt * dt / 86400.0));
    double px = qin * dt;
    double capacity = px + dx > 0 ? px * dx / (px + dx) / dt : 0.0;
    double k_top, d_top; /* OPT_INF = 2 conductivity of layer 1, liquid water; equal without ice */
    hydraulics(top, s->theta[0], &k_top, &d_top);
    capacity = fmin(fmax(capacity, k_top), px / dt);
    return fmin(qin, capacity);
}

/* Thomas algorithm for −a Δθ(k−1) + b Δθ(k) − c Δθ(k+1) = r (noahmp.md §1.3). */
static void solve_tridiagonal(int n, const double *a, const double *b, const double *c, double *r)
{
    double cp[COLUMN_MAX_LAYERS], rp[COLUMN_MAX_LAYERS];
    cp[0] = -c[0] / b[0];
    rp[0] = r[0] / b[0];
    for (int k = 1; k < n; k++) {
        double m = b[k] + a[k] * cp[k - 1];
        cp[k] = -c[k] / m;
        rp[k] = (r[k] + a[k] * rp[k - 1]) / m;
    }
    r[n - 1] = rp[n - 1];
    for (int k = n - 2; k >= 0; k--) r[k] = rp[k] - cp[k] * r[k + 1];
}

/* Excess above saturation moved up from the bottom, then layer 1's moved down; what is left at
 * the bottom leaves as runoff [m]. */
static double redistribute_saturation(column_state *s)
{
    const column_config *c = &s->config;
    int n = c->layers;
    for (int k = n - 1; k >= 1; k--) {
        double excess = fmax(0.0, s->theta[k] - c->soil[k].theta_s) * c->dz[k];
        s->theta[k] -= excess / c->dz[k];
        s->theta[k - 1] += excess / c->dz[k - 1];
    }
    double excess = 0;
    for (int k = 0; k < n; k++) {
        s->theta[k] += excess / c->dz[k];
        excess = fmax(0.0, s->theta[k] - c->soil[k].theta_s) * c->dz[k];
        s->theta[k] -= excess / c->dz[k];
    }
    return excess;
}

/* One sub-step: fluxes from the old state, implicit diffusion, explicit gravity and drainage. */
static void substep(column_state *s, double dt, double infiltration, const column_forcing *f, double *drainage)
{
    const column_config *c = &s->config;
    int n = c->layers;
    double k_layer[COLUMN_MAX_LAYERS] = {0}, d_layer[COLUMN_MAX_LAYERS] = {0}, q[COLUMN_MAX_LAYERS + 1] = {0};
    double a[COLUMN_MAX_LAYERS], b[COLUMN_MAX_LAYERS], cc[COLUMN_MAX_LAYERS], r[COLUMN_MAX_LAYERS];
    for (int k = 0; k < n; k++) hydraulics(&c->soil[k], s->theta[k], &k_layer[k], &d_layer[k]);
    q[0] = infiltration - f->soil_evaporation;
    for (int k = 0; k < n - 1; k++) {
        double spacing = 0.5 * (c->dz[k] + c->dz[k + 1]);
        q[k + 1] = d_layer[k] * (s->theta[k] - s->theta[k + 1]) / spacing + k_layer[k];
    }
    q[n] = c->slope * k_layer[n - 1];
    for (int k = 0; k < n; k++) {
        double above = k > 0 ? d_layer[k - 1] / (0.5 * (c->dz[k - 1] + c->dz[k]) * c->dz[k]) : 0.0;
        double below = k < n - 1 ? d_layer[k] / (0.5 * (c->dz[k] + c->dz[k + 1]) * c->dz[k]) : 0.0;
        a[k] = dt * above;
        cc[k] = dt * below;
        b[k] = 1.0 + dt * (above + below);
        r[k] = dt * (q[k] - q[k + 1] - f->transpiration[k]) / c->dz[k];
    }
    solve_tridiagonal(n, a, b, cc, r);
    for (int k = 0; k < n; k++) s->theta[k] += r[k];
    *drainage += q[n] * dt;
}

/* Layers with negative water borrow from the layer below (to 0.01 mm); the bottom layer's
 * deficit is taken from the drainage (noahmp.md §1.3). */
static void fill_negative_water(column_state *s, double *drainage)
{
    const column_config *c = &s->config;
    const double floor_water = 1e-5; /* [m] 0.01 mm */
    for (int k = 0; k < c->layers; k++) {
        double water = s->theta[k] * c->dz[k];
        if (water >= 0 || (k == c->layers - 1 && water >= floor_water)) continue;
        double deficit = floor_water - water;
        s->theta[k] = floor_water / c->dz[k];
        if (k < c->layers - 1) s->theta[k + 1] -= deficit / c->dz[k + 1];
        else *drainage -= deficit;
    }
}

void column_step(column_state *s, double dt, const column_forcing *f, column_fluxes *out)
{
    const column_config *c = &s->config;
    memset(out, 0, sizeof *out);
    for (int k = 0; k < c->layers; k++) { /* liquid already above saturation leaves as runoff */
        double excess = fmax(0.0, s->theta[k] - c->soil[k].theta_s) * c->dz[k];
        s->theta[k] -= excess / c->dz[k];
        out->saturation_excess += excess;
    }
    double full_step = schaake_infiltration(s, f->water_input, dt);
    int n = full_step * dt > c->dz[0] * c->soil[0].theta_s ? 6 : 3;
    double sub_dt = dt / n;
    for (int i = 0; i < n; i++) {
        double infiltration = schaake_infiltration(s, f->water_input, sub_dt);
        out->infiltration += infiltration * sub_dt;
        out->surface_runoff += (f->water_input - infiltration) * sub_dt;
        substep(s, sub_dt, infiltration, f, &out->drainage);
        out->saturation_excess += redistribute_saturation(s);
    }
    out->surface_runoff += out->saturation_excess;
    fill_negative_water(s, &out->drainage);
    out->evaporation = f->soil_evaporation * dt;
    for (int k = 0; k < c->layers; k++) out->transpiration += f->transpiration[k] * dt;
    out->substeps = n;
}
