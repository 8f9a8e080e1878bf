/* closure.c — the PET-based ET closure (noahmp.md §4.2; Noah-MP SoilWaterTranspirationMod for
 * BTRAN, ResistanceGroundEvaporationMod for the Sakaguchi & Zeng 2009 surface resistance). */
#include "closure.h"

#include <math.h>
#include <string.h>

void closure_default_options(closure_options *o)
{
    o->veg_fraction = 0.5;
    o->root_layers = 3;
    o->btran_option = 1;
    o->evaporation = EVAPORATION_NOAH;
    o->aerodynamic_resistance = 88.0; /* ≈ 2 m/s wind over z0 = 1 cm (noahmp.md §4.2) */
}

static double clip01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Water-stress factor of one layer for BTRAN options 1–3. */
static double layer_stress(int option, const ptf_hydraulics *h, double theta)
{
    if (option == 1) return clip01((theta - h->theta_wlt) / (h->theta_ref - h->theta_wlt));
    const double psi_wilt = -150.0; /* [m] PSIWLT */
    double psi = -h->psi_s * pow(fmax(0.01, theta) / h->theta_s, -h->b);
    psi = fmax(psi_wilt, psi);
    if (option == 2) return clip01((1.0 - psi / psi_wilt) / (1.0 + h->psi_s / psi_wilt));
    return clip01(1.0 - exp(-5.8 * log(psi_wilt / psi)));
}

double closure_btran(const closure_options *o, const column_state *s, double *weights)
{
    const column_config *c = &s->config;
    int roots = o->root_layers < c->layers ? o->root_layers : c->layers;
    double depth = 0;
    for (int k = 0; k < roots; k++) depth += c->dz[k];
    double btran = 0;
    for (int k = 0; k < c->layers; k++) {
        weights[k] = 0;
        if (k >= roots) continue;
        weights[k] = fmax(1e-6, c->dz[k] / depth * layer_stress(o->btran_option, &c->soil[k], s->theta[k]));
        btran += weights[k];
    }
    return fmax(1e-6, btran);
}

/* Sakaguchi & Zeng (2009) soil surface resistance, Noah-MP OPT_RSF 1 (noahmp.md §1.7). */
static double surface_resistance(const column_state *s)
{
    const ptf_hydraulics *h = &s->config.soil[0];
    if (s->theta[0] < 0.01) return 1e6;
    double dry = s->config.dz[0] * (exp(pow(1.0 - fmin(1.0, s->theta[0] / h->theta_s), 5.0)) - 1.0) / (2.71828 - 1.0);
    double diffusivity = 2.2e-5 * h->theta_s * h->theta_s * pow(1.0 - h->theta_wlt / h->theta_s, 2.0 + 3.0 / h->b);
    return dry / diffusivity;
}

void closure_fluxes(const closure_options *o, const column_state *s, double precipitation, double pet, column_forcing *out)
{
    memset(out, 0, sizeof *out);
    out->water_input = fmax(0.0, precipitation);
    pet = fmax(0.0, pet);
    double weights[COLUMN_MAX_LAYERS];
    closure_btran(o, s, weights);
    for (int k = 0; k < s->config.layers; k++) out->transpiration[k] = o->veg_fraction * pet * weights[k];
    const ptf_hydraulics *h = &s->config.soil[0];
    double factor;
    if (o->evaporation == EVAPORATION_NOAH) { /* Noah DEVAP, FXEXP = 2 */
        double relative = (s->theta[0] - h->theta_dry) / (h->theta_s - h->theta_dry);
        factor = clip01(relative) * clip01(relative);
    } else {
        factor = o->aerodynamic_resistance / (o->aerodynamic_resistance + surface_resistance(s));
    }
    out->soil_evaporation = (1.0 - o->veg_fraction) * pet * factor;
}

void closure_disaggregate_day(double precipitation_mm, double pet_mm, int rain_hours, int sunrise, int sunset,
                              double *precipitation_hourly, double *pet_hourly)
{
    if (rain_hours < 1) rain_hours = 1;
    if (rain_hours > 24) rain_hours = 24;
    if (sunrise < 0 || sunset > 24 || sunset <= sunrise) sunrise = 6, sunset = 18;
    double weights[24], total = 0;
    for (int h = 0; h < 24; h++) {
        /* the half-sine's mean over hour h of the daylight span */
        double a = (double)(h - sunrise) / (sunset - sunrise), b = (double)(h + 1 - sunrise) / (sunset - sunrise);
        weights[h] = h >= sunrise && h < sunset ? cos(M_PI * a) - cos(M_PI * b) : 0.0;
        total += weights[h];
    }
    for (int h = 0; h < 24; h++) {
        precipitation_hourly[h] = h < rain_hours ? precipitation_mm / rain_hours : 0.0;
        pet_hourly[h] = pet_mm * weights[h] / total;
    }
}
